//! `reversed-direction`: the sentence says "more" where the claim says "less", or the reverse.

use super::analysis::{canonical_stem, is_content_word, stems_match, CONTRAST_WORDS};
use super::{Hit, SentenceCtx};
use crate::lexicon::Lexicon;
use crate::text::Token;
use std::ops::Range;

crate::declare_rule! {
    /// The sentence reverses a direction that the claim states: lower vs higher, less vs
    /// more, reduced vs increased, smaller vs larger, weaker vs stronger, calmer vs reacts
    /// more strongly, rise vs drop. Each direction word is paired with the content words
    /// near it ("lowered trust"), and a pair is reversed when the claim pairs the same word
    /// with the opposite direction. When the words differ, a sentence whose only direction
    /// is the opposite of a claim's only direction is reversed too. Where a direction is
    /// about one of the named things in `entities.yaml`, it is read as a (thing, direction)
    /// pair, so roles swapped between two things ("an under-active salience network and an
    /// over-active control network" against the reverse) are caught and the thing is named.
    ///
    /// Bad: `In one study, oxytocin increased trust.{{ claim(id="oxytocin-trust-harm") }}`
    ///
    /// Good: `In one study, oxytocin lowered trust.{{ claim(id="oxytocin-trust-harm") }}`
    REVERSED_DIRECTION, id: "reversed-direction", category: Misattributed, severity: Error
}

crate::sentence_rule!(
    Rule,
    REVERSED_DIRECTION,
    [(Body, Claims), (Glossary, Claims), (Evidence, Claims)]
);

/// How many content words on each side a direction word governs.
const WINDOW: usize = 3;

#[derive(Debug)]
struct Direction {
    up: bool,
    tokens: Range<usize>,
    objects: Vec<String>,
}

fn directions(tokens: &[Token], lex: &Lexicon) -> Vec<Direction> {
    let excused: Vec<Range<usize>> = lex
        .not_direction
        .find_all(tokens)
        .into_iter()
        .map(|(_, r)| r)
        .collect();
    let mut found = Vec::new();
    let all_directions: Vec<Range<usize>> = lex
        .up
        .find_all(tokens)
        .into_iter()
        .chain(lex.down.find_all(tokens))
        .map(|(_, r)| r)
        .collect();
    let starts_direction = |i: usize| all_directions.iter().any(|d| d.start == i);
    for (list, up) in [(&lex.up, true), (&lex.down, false)] {
        for (_, r) in list.find_all(tokens) {
            // "more small", "less high": a comparative before a direction word is not a
            // direction of its own; the word after it carries the direction, turned
            // round by "less".
            if r.len() == 1 && comparative_of(tokens, r.start).is_some() && starts_direction(r.end)
            {
                continue;
            }
            let compared = r
                .start
                .checked_sub(1)
                .and_then(|i| comparative_of(tokens, i));
            // "lowered the rise in cortisol": a direction that another direction acts on
            // is its object, not a second claim.
            if compared.is_none() && governed_by_direction(tokens, &r, &all_directions) {
                continue;
            }
            let up = up != (compared == Some(false));
            if excused
                .iter()
                .any(|e| e.start <= r.start && r.start < e.end)
            {
                continue;
            }
            // "not higher" is not "lower": negated directions are left alone.
            if super::analysis::negated_at(tokens, r.start, lex) {
                continue;
            }
            let objects = nearby_content(tokens, &r, lex);
            // "increase distrust" is "lower trust": a negative prefix on the thing that
            // follows, which the stemmer folds into the plain word, turns the direction.
            let up = up != negative_prefix_object(tokens, &r);
            found.push(Direction {
                up,
                tokens: r,
                objects,
            });
        }
    }
    found
}

/// True when the word right after a direction has a negative prefix (dis-, un-, mis-,
/// non-) on a word the stemmer folds to the plain one ("distrust" → "trust").
fn negative_prefix_object(tokens: &[Token], r: &Range<usize>) -> bool {
    let Some(next) = tokens.get(r.end) else {
        return false;
    };
    ["dis", "un", "mis", "non"].iter().any(|prefix| {
        next.lower.strip_prefix(prefix).is_some_and(|rest| {
            rest.len() >= 3 && canonical_stem(&next.lower) == canonical_stem(rest)
        })
    })
}

/// "more" or "most" (Some(true)), "less" or "least" (Some(false)) before an adjective: the
/// words that make a comparative of it ("more small", "less active"). Not before a verb or
/// a participle ("less increases", "more improved"), where they count or compare actions.
fn comparative_of(tokens: &[Token], i: usize) -> Option<bool> {
    let next = tokens.get(i + 1)?;
    let verb_form = ["s", "ed", "ing"].iter().any(|e| next.lower.ends_with(e));
    if verb_form || next.clause_start {
        return None;
    }
    match tokens[i].lower.as_str() {
        "more" | "most" => Some(true),
        "less" | "least" => Some(false),
        _ => None,
    }
}

/// True when a direction word comes at most a determiner after another ("reduced the
/// increase", "lowered its rise").
fn governed_by_direction(tokens: &[Token], r: &Range<usize>, all: &[Range<usize>]) -> bool {
    all.iter().any(|other| {
        other.end <= r.start
            && r.start - other.end <= 1
            && tokens[other.end..r.start].iter().all(|t| {
                matches!(
                    t.lower.as_str(),
                    "the" | "a" | "an" | "its" | "their" | "this"
                )
            })
            && !tokens[r.start].clause_start
    })
}

/// The words a direction word is about: the content words right after it ("lower
/// trust"), or, when it ends its clause, those before it ("activity … may drop").
fn nearby_content(tokens: &[Token], r: &Range<usize>, lex: &Lexicon) -> Vec<String> {
    let is_direction = |i: usize| lex.up.any_in(&tokens[i..=i]) || lex.down.any_in(&tokens[i..=i]);
    let usable = |i: usize| is_content_word(&tokens[i].lower) && !is_direction(i);
    let ends_clause =
        |i: usize| tokens[i].clause_start || CONTRAST_WORDS.contains(&tokens[i].lower.as_str());
    // A copula ends the phrase: in "reductions are correlated with severity" the
    // reductions are not of severity.
    let copula = |i: usize| {
        matches!(
            tokens[i].lower.as_str(),
            "is" | "are" | "was" | "were" | "be" | "been" | "being"
        )
    };
    let after: Vec<usize> = (r.end..tokens.len())
        .take_while(|&i| !ends_clause(i) && !is_direction(i) && !copula(i))
        .filter(|&i| usable(i))
        .take(WINDOW)
        .collect();
    let chosen = if after.is_empty() {
        let mut before = Vec::new();
        for i in (0..r.start).rev() {
            if usable(i) {
                before.push(i);
            }
            if ends_clause(i) || before.len() == WINDOW {
                break;
            }
        }
        before
    } else {
        after
    };
    chosen
        .into_iter()
        .map(|i| canonical_stem(&tokens[i].lower))
        .collect()
}

/// A word from a WordNet antonym pair, with the content words it is about.
struct Opposite {
    pair: usize,
    side: bool,
    tokens: Range<usize>,
    objects: Vec<String>,
}

fn opposites(tokens: &[Token], lex: &Lexicon) -> Vec<Opposite> {
    let map = crate::lexicon::antonyms();
    let mut found = Vec::new();
    // Words in the up and down lists are judged by the first pass, which knows which way
    // each points; WordNet's pairs add the words those lists do not hold.
    let listed = |i: usize| lex.up.any_in(&tokens[i..=i]) || lex.down.any_in(&tokens[i..=i]);
    for i in 0..tokens.len() {
        // The dictionary lookup first: it is cheap, and few words have an opposite.
        let Some(pairs) = crate::lexicon::lemmas(&tokens[i].lower)
            .iter()
            .find_map(|l| map.get(l))
        else {
            continue;
        };
        if listed(i) || super::analysis::negated_at(tokens, i, lex) {
            continue;
        }
        let r = i..i + 1;
        let objects = nearby_content(tokens, &r, lex);
        for &(pair, side) in pairs {
            found.push(Opposite {
                pair,
                side,
                tokens: r.clone(),
                objects: objects.clone(),
            });
        }
    }
    found
}

/// "thinner" where the claim has "thicker", about the same thing: WordNet's opposites of
/// direction and degree words, beyond the built-in up and down lists. Only when both are
/// about a shared content word, and the sentence does not also use the claim's word.
fn reversed_opposites(ctx: &SentenceCtx) -> Vec<Hit> {
    let claim: Vec<Opposite> = ctx
        .cited
        .iter()
        .flat_map(|c| opposites(&c.tokens, ctx.lex))
        .collect();
    if claim.is_empty() {
        return Vec::new();
    }
    let sentence = opposites(&ctx.tokens, ctx.lex);
    let shares = |a: &Opposite, b: &Opposite| {
        a.objects
            .iter()
            .any(|o| b.objects.iter().any(|s| stems_match(o, s)))
    };
    let mut hits: Vec<Hit> = Vec::new();
    for s in &sentence {
        if hits.iter().any(|h| h.chars == ctx.span(&s.tokens)) {
            continue;
        }
        let against = claim
            .iter()
            .any(|c| c.pair == s.pair && c.side != s.side && shares(c, s));
        let also_kept = sentence
            .iter()
            .any(|o| o.pair == s.pair && o.side != s.side && shares(o, s));
        let claim_agrees = claim
            .iter()
            .any(|c| c.pair == s.pair && c.side == s.side && shares(c, s));
        if against && !also_kept && !claim_agrees {
            let word = ctx.words(&s.tokens);
            hits.push(
                Hit::new(
                    &REVERSED_DIRECTION,
                    ctx.span(&s.tokens),
                    format!("`{word}` is the opposite of what the cited claim states"),
                )
                .suggest("state the direction the claim reports"),
            );
        }
    }
    hits
}

/// The directions of the sentence and of each cited claim, found once for all three
/// passes below (each used to find them again).
struct Sides<'t> {
    /// Each cited claim's tokens with its directions.
    claims: Vec<(&'t [Token], Vec<Direction>)>,
    sentence: Vec<Direction>,
}

impl<'t> Sides<'t> {
    fn new(ctx: &'t SentenceCtx) -> Sides<'t> {
        Sides {
            claims: ctx
                .cited
                .iter()
                .map(|c| (&c.tokens[..], directions(&c.tokens, ctx.lex)))
                .collect(),
            sentence: directions(&ctx.tokens, ctx.lex),
        }
    }

    fn claim_directions(&self) -> impl Iterator<Item = &Direction> {
        self.claims.iter().flat_map(|(_, dirs)| dirs)
    }
}

pub fn check(ctx: &SentenceCtx) -> Vec<Hit> {
    let sides = Sides::new(ctx);
    // The (thing, direction) pairs first, because they can name what was reversed; then
    // the plain up/down pairs and the antonyms, each only where nothing was found yet.
    let mut hits = swapped_roles(ctx, &sides);
    for more in [check_up_down(ctx, &sides), reversed_opposites(ctx)] {
        let seen: Vec<Range<usize>> = hits.iter().map(|h| h.chars.clone()).collect();
        hits.extend(more.into_iter().filter(|h| {
            !seen
                .iter()
                .any(|s| s.start < h.chars.end && h.chars.start < s.end)
        }));
    }
    hits
}

/// The thing a direction is about, when it is one of the named things in
/// `entities.yaml`: the nearest one after the direction word in its clause ("an over-active
/// salience network"), or else before it ("the salience network is over-active").
/// The named things in a passage that can go up or down, with where they stand. Only
/// things with a level or an activity count; a condition ("BPD") or a group of people is
/// who a finding is about, not what changes. Found once per passage, not per direction.
fn changeable_things(tokens: &[Token]) -> Vec<(&'static str, Range<usize>)> {
    let named = crate::lexicon::named_things(tokens);
    crate::lexicon::entities()
        .iter()
        .enumerate()
        .filter(|(_, kind)| {
            matches!(
                kind.name.as_str(),
                "chemical messenger" | "brain area" | "brain network"
            )
        })
        .flat_map(|(k, kind)| {
            let named = &named;
            kind.things
                .iter()
                .enumerate()
                .filter(move |(t, _)| named.binary_search(&(k, *t)).is_ok())
                .flat_map(|(_, (label, names))| {
                    names
                        .find_all(tokens)
                        .into_iter()
                        .map(move |(_, r)| (label.as_str(), r))
                })
        })
        .collect()
}

/// The thing a direction is about (see [`changeable_things`]).
fn anchor(
    tokens: &[Token],
    things: &[(&'static str, Range<usize>)],
    d: &Direction,
) -> Option<&'static str> {
    let ends_clause =
        |i: usize| tokens[i].clause_start || CONTRAST_WORDS.contains(&tokens[i].lower.as_str());
    // After it only within its noun phrase: "an over-active salience network", not "over-
    // active and an executive control network".
    let joins = |i: usize| {
        matches!(
            tokens[i].lower.as_str(),
            "and"
                | "or"
                | "but"
                | "that"
                | "which"
                | "who"
                | "while"
                | "whereas"
                | "than"
                | "to"
                | "of"
                | "in"
                | "with"
                | "is"
                | "are"
                | "was"
                | "were"
        )
    };
    // An attribute may stand between: "lower activation in the ACC", "less binding of
    // serotonin"; then "in"/"of" joins the attribute to its thing.
    let attribute = |i: usize| crate::lexicon::in_internal_list("attributes", &tokens[i].lower);
    // A direction that is a noun reaches its thing through "of": "hypoactivation of the
    // amygdala", "a reduction of serotonin".
    let last = tokens[d.tokens.end - 1].lower.as_str();
    let nominal = ["tion", "tions", "ity", "ities", "ment", "ments"]
        .iter()
        .any(|end| last.ends_with(end))
        || matches!(
            last,
            "increase" | "increases" | "decrease" | "decreases" | "rise" | "drop" | "loss"
        );
    let reaches = |gap: std::ops::Range<usize>| {
        let mut seen_attribute = nominal;
        gap.into_iter().all(|i| {
            if ends_clause(i) {
                return false;
            }
            if attribute(i) {
                seen_attribute = true;
                return true;
            }
            let through = seen_attribute
                && matches!(tokens[i].lower.as_str(), "in" | "of" | "within" | "the");
            through || !joins(i)
        })
    };
    let after = things
        .iter()
        .filter(|(_, r)| r.start >= d.tokens.end && r.start <= d.tokens.end + 4)
        .filter(|(_, r)| reaches(d.tokens.end..r.start))
        .min_by_key(|(_, r)| r.start);
    // Before it only as the subject of a predicate ("the amygdala is more active", "the
    // insula may be over-active"), not across other words ("oxytocin levels to a greater
    // fear": the fear is greater, not the oxytocin).
    let predicate = |i: usize| {
        matches!(
            tokens[i].lower.as_str(),
            "is" | "are"
                | "was"
                | "were"
                | "be"
                | "been"
                | "being"
                | "may"
                | "might"
                | "can"
                | "could"
                | "tend"
                | "tends"
                | "to"
                | "seem"
                | "seems"
                | "appear"
                | "appears"
                | "also"
                | "often"
                | "slightly"
                | "much"
                | "more"
                | "less"
                | "becomes"
                | "become"
        )
    };
    // …and only when the direction ends its phrase: in "the control network to calm its
    // alarm network" the calming is done to what follows.
    let ends_phrase = d.tokens.end >= tokens.len()
        || ends_clause(d.tokens.end)
        || matches!(
            tokens[d.tokens.end].lower.as_str(),
            "in" | "than"
                | "during"
                | "when"
                | "while"
                | "after"
                | "before"
                | "at"
                | "for"
                | "with"
                | "and"
                | "or"
                | "on"
                | "to"
                | "among"
                | "across"
        );
    let before = || {
        if !ends_phrase {
            return None;
        }
        things
            .iter()
            .filter(|(_, r)| r.end <= d.tokens.start && d.tokens.start - r.end <= 5)
            .filter(|(_, r)| {
                !(r.end..d.tokens.start).any(|i| ends_clause(i) || !(predicate(i) || attribute(i)))
            })
            .max_by_key(|(_, r)| r.end)
    };
    after.or_else(before).map(|(label, _)| *label)
}

/// Roles swapped between two named things: the claim says A is up and B is down; the
/// sentence says A is down (or B is up). Each direction is read as a (thing, direction)
/// pair, and a pair whose thing the claim gives only the other direction is reversed.
/// Unlike plain up/down pairs, this also judges a statement that contrasts two things
/// against a passage that does: the pairs say which thing goes which way.
fn swapped_roles(ctx: &SentenceCtx, sides: &Sides) -> Vec<Hit> {
    if sides.sentence.is_empty() {
        return Vec::new();
    }
    let claim_pairs: Vec<(&str, bool)> = sides
        .claims
        .iter()
        .filter(|(_, dirs)| !dirs.is_empty())
        .flat_map(|(tokens, dirs)| {
            let things_in_claim = changeable_things(tokens);
            dirs.iter()
                .filter_map(|d| anchor(tokens, &things_in_claim, d).map(|a| (a, d.up)))
                .collect::<Vec<_>>()
        })
        .collect();
    if claim_pairs.is_empty() {
        return Vec::new();
    }
    let things_in_sentence = changeable_things(&ctx.tokens);
    sides
        .sentence
        .iter()
        .filter_map(|d| {
            let thing = anchor(&ctx.tokens, &things_in_sentence, d)?;
            let claimed: Vec<bool> = claim_pairs
                .iter()
                .filter(|(t, _)| *t == thing)
                .map(|(_, up)| *up)
                .collect();
            (!claimed.is_empty() && claimed.iter().all(|up| *up != d.up)).then(|| {
                let word = ctx.words(&d.tokens);
                Hit::new(
                    &REVERSED_DIRECTION,
                    ctx.span(&d.tokens),
                    format!(
                        "`{word}` reverses the claim for the {thing}: the cited claim says it is {}",
                        if d.up { "lower or less active" } else { "higher or more active" }
                    ),
                )
                .suggest("give each thing the direction the claim gives it")
            })
        })
        .collect()
}

/// A statement that contrasts two groups or two results ("dropped in one group and rose in
/// the other", "one review reports more, the other less") against a passage that does the
/// same. Which goes which way needs (thing, direction) pairs for groups and studies, which
/// this rule does not read, so such a statement is left alone rather than guessed.
fn contrasts_both_ways(sides: &Sides) -> bool {
    let both = |dirs: &[&Direction]| dirs.iter().any(|d| d.up) && dirs.iter().any(|d| !d.up);
    let claim_dirs: Vec<&Direction> = sides.claim_directions().collect();
    let sentence_dirs: Vec<&Direction> = sides.sentence.iter().collect();
    both(&claim_dirs) && both(&sentence_dirs)
}

fn check_up_down(ctx: &SentenceCtx, sides: &Sides) -> Vec<Hit> {
    let claim_dirs: Vec<&Direction> = sides.claim_directions().collect();
    if claim_dirs.is_empty() {
        return Vec::new();
    }
    let sentence_dirs = &sides.sentence;
    if ctx.role == super::Role::Evidence && contrasts_both_ways(sides) {
        return Vec::new();
    }
    let claim_only = |up: bool| claim_dirs.iter().all(|d| d.up == up);
    let sentence_has = |up: bool| sentence_dirs.iter().any(|d| d.up == up);
    let mut hits = Vec::new();
    for d in sentence_dirs {
        let shares = |c: &Direction| {
            c.objects
                .iter()
                .any(|o| d.objects.iter().any(|s| stems_match(o, s)))
        };
        let same_object: Vec<&Direction> =
            claim_dirs.iter().copied().filter(|c| shares(c)).collect();
        // A quoted passage often gives several directions about overlapping words
        // ("increased activation in the ACC, alongside reduced amygdala reactivity"); a
        // statement's direction is about the one that shares the most of its words. (A
        // claim's statement is shorter; a page sentence keeps every overlapping direction,
        // as "some found lower levels, others higher" must.)
        let overlap = |c: &Direction| {
            c.objects
                .iter()
                .filter(|o| d.objects.iter().any(|s| stems_match(o, s)))
                .count()
        };
        let closest = same_object.iter().map(|c| overlap(c)).max().unwrap_or(0);
        let same_object: Vec<&Direction> = same_object
            .into_iter()
            .filter(|c| ctx.role != super::Role::Evidence || overlap(c) == closest)
            .collect();
        // A claim's statement retells long passages that state many directions about
        // other things, so there only a direction about the same thing can be reversed.
        let reversed = if same_object.is_empty() {
            ctx.role != super::Role::Evidence && claim_only(!d.up) && !sentence_has(!d.up)
        } else {
            same_object.iter().all(|c| c.up != d.up)
        };
        if reversed {
            let word = ctx.words(&d.tokens);
            hits.push(
                Hit::new(
                    &REVERSED_DIRECTION,
                    ctx.span(&d.tokens),
                    format!("`{word}` reverses the direction that the cited claim states"),
                )
                .suggest("state the direction the claim reports"),
            );
        }
    }
    hits
}

#[cfg(test)]
mod role_tests {
    use super::*;
    use crate::claims::{Certainty, ClaimKind};
    use crate::rules::test_support::*;

    fn networks() -> crate::claims::Claim {
        claim(
            "n",
            "One model describes BPD as an over-active salience network and an under-active executive control network.",
            Certainty::Low,
            ClaimKind::Model,
        )
    }

    #[test]
    fn roles_swapped_between_two_things_fire_and_name_the_thing() {
        let hits = check_hits(
            "One model describes BPD as an under-active salience network and an over-active executive control network.",
            &[&networks()],
        );
        let named = |thing: &str| hits.iter().any(|h| h.message.contains(thing));
        assert!(named("for the salience network"), "{hits:?}");
        assert!(named("for the executive control network"), "{hits:?}");
    }

    #[test]
    fn a_direction_written_as_a_noun_reaches_its_thing_through_of() {
        let dissociation = claim(
            "d",
            "During dissociation there is hypoactivation of the amygdala and hyperactivation of medial prefrontal regions.",
            Certainty::Low,
            ClaimKind::Association,
        );
        let hits = check_hits(
            "During dissociation, the amygdala may become over-active while prefrontal areas go quiet.",
            &[&dissociation],
        );
        let named = |thing: &str| hits.iter().any(|h| h.message.contains(thing));
        assert!(named("for the amygdala"), "{hits:?}");
        assert!(named("for the prefrontal cortex"), "{hits:?}");
        assert!(check_hits(
            "During dissociation, the amygdala may become less active while prefrontal areas become more active.",
            &[&dissociation],
        )
        .is_empty());
    }

    #[test]
    fn a_comparative_takes_the_direction_of_its_word() {
        let smaller = claim(
            "v",
            "On average, the amygdala is slightly smaller in people with BPD.",
            Certainty::Moderate,
            ClaimKind::Association,
        );
        // "more small" is "smaller"; "less small" turns it round.
        let same = "On average, the amygdala is a bit more small in people with BPD.";
        assert!(fired(same, &[&smaller], check).is_empty(), "{same}");
        let turned = "On average, the amygdala is less small in people with BPD.";
        assert_eq!(
            fired(turned, &[&smaller], check),
            ["reversed-direction"],
            "{turned}"
        );
    }

    #[test]
    fn the_same_roles_in_other_words_pass() {
        for s in [
            "One model describes BPD as a salience network that is over-active and an executive control network that is under-active.",
            "In this model, the executive control network is under-active and the salience network is over-active.",
        ] {
            assert!(check_hits(s, &[&networks()]).is_empty(), "{s}");
        }
    }

    #[test]
    fn a_direction_about_something_else_is_not_pinned_on_a_named_thing() {
        let fear = claim(
            "f",
            "One small study linked lower oxytocin levels to a greater fear of compassion.",
            Certainty::Low,
            ClaimKind::Association,
        );
        assert!(check_hits(
            "One small study linked lower oxytocin levels to a greater fear of compassion in people with BPD.",
            &[&fear]
        )
        .is_empty());
    }

    fn check_hits(text: &str, claims: &[&crate::claims::Claim]) -> Vec<Hit> {
        let ids: Vec<String> = claims.iter().map(|c| c.id.clone()).collect();
        let ctx = SentenceCtx::new(
            text,
            crate::rules::Role::Body { heading: false },
            ids,
            |id| claims.iter().copied().find(|c| c.id == id),
            lex(),
        );
        check(&ctx)
    }
}

#[cfg(test)]
mod antonym_tests {
    use super::*;
    use crate::claims::{Certainty, ClaimKind};
    use crate::rules::test_support::*;

    #[test]
    fn opposites_beyond_the_built_in_pairs_fire() {
        let thick = claim(
            "t",
            "Some studies suggest that the cortex is thicker in people with BPD.",
            Certainty::Low,
            ClaimKind::Association,
        );
        assert_eq!(
            fired(
                "Some studies suggest that the cortex is thinner in people with BPD.",
                &[&thick],
                check
            ),
            ["reversed-direction"]
        );
        assert!(fired(
            "Some studies suggest that the cortex is thicker in people with BPD.",
            &[&thick],
            check
        )
        .is_empty());
        let loud = claim(
            "l",
            "In one study, people with BPD rated loud voices as more upsetting.",
            Certainty::Low,
            ClaimKind::Fact,
        );
        assert_eq!(
            fired(
                "In one study, people with BPD rated soft voices as more upsetting.",
                &[&loud],
                check
            ),
            ["reversed-direction"]
        );
    }

    #[test]
    fn an_opposite_about_something_else_is_fine() {
        let thick = claim(
            "t",
            "Some studies suggest that the cortex is thicker in people with BPD.",
            Certainty::Low,
            ClaimKind::Association,
        );
        assert!(fired(
            "Some studies suggest that the cortex is thicker in people with BPD, though thin evidence limits this.",
            &[&thick],
            check
        )
        .is_empty());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::{Certainty, ClaimKind};
    use crate::rules::test_support::*;

    #[test]
    fn reversal_fires() {
        let c = claim(
            "t",
            "In one study, oxytocin lowered trust and cooperation.",
            Certainty::Low,
            ClaimKind::Effect,
        );
        assert_eq!(
            fired("In one study, oxytocin increased trust.", &[&c], check),
            ["reversed-direction"]
        );
        assert_eq!(
            fired("In one study, oxytocin boosted cooperation.", &[&c], check),
            ["reversed-direction"]
        );
        assert!(fired("In one study, oxytocin reduced trust.", &[&c], check).is_empty());
    }

    #[test]
    fn calmer_against_stronger_fires() {
        let c = claim(
            "a",
            "In brain scans, the amygdala tends to react more strongly to faces.",
            Certainty::Moderate,
            ClaimKind::Association,
        );
        assert_eq!(
            fired("Brain scans show a calmer amygdala.", &[&c], check),
            ["reversed-direction"]
        );
    }

    #[test]
    fn each_direction_is_compared_with_its_own_object() {
        let c = claim(
            "f",
            "In one study, lower oxytocin levels were linked to greater fear of compassion.",
            Certainty::Low,
            ClaimKind::Association,
        );
        assert_eq!(
            fired(
                "In one study, higher oxytocin levels went with greater fear of compassion.",
                &[&c],
                check
            ),
            ["reversed-direction"]
        );
        assert!(fired(
            "In one study, lower oxytocin went with more fear of compassion.",
            &[&c],
            check
        )
        .is_empty());
    }

    #[test]
    fn two_directions_in_one_sentence_are_kept_apart() {
        let c = claim(
            "h",
            "Many people may have higher cortisol levels and weaker feedback.",
            Certainty::Low,
            ClaimKind::Association,
        );
        assert_eq!(
            fired(
                "Many may have lower cortisol levels and stronger feedback.",
                &[&c],
                check
            )
            .len(),
            2
        );
        assert!(fired(
            "Many may have higher cortisol and weaker feedback.",
            &[&c],
            check
        )
        .is_empty());
    }

    #[test]
    fn mixed_claims_compare_by_object() {
        let c = claim(
            "m",
            "Studies disagree: some found lower levels, others found higher levels.",
            Certainty::VeryLow,
            ClaimKind::Association,
        );
        assert!(fired(
            "Some studies found higher levels, and others lower levels.",
            &[&c],
            check
        )
        .is_empty());
    }

    #[test]
    fn more_research_is_not_a_direction() {
        let c = claim(
            "d",
            "Areas that calm emotions tend to be less active.",
            Certainty::Moderate,
            ClaimKind::Association,
        );
        assert!(fired(
            "These areas tend to be less active, but more research is needed.",
            &[&c],
            check
        )
        .is_empty());
    }
}
