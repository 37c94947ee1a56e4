//! `reversed-direction`: the sentence says "more" where the claim says "less", or the reverse.

use super::analysis::{canonical_stem, is_content_word, stems_match};
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
    /// is the opposite of a claim's only direction is reversed too.
    ///
    /// Bad: `In one study, oxytocin increased trust.{{ claim(id="oxytocin-trust-harm") }}`
    ///
    /// Good: `In one study, oxytocin lowered trust.{{ claim(id="oxytocin-trust-harm") }}`
    REVERSED_DIRECTION, id: "reversed-direction", category: Misattributed, severity: Error
}

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
    for (list, up) in [(&lex.up, true), (&lex.down, false)] {
        for (_, r) in list.find_all(tokens) {
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
            let objects = nearby_content(tokens, &r);
            found.push(Direction {
                up,
                tokens: r,
                objects,
            });
        }
    }
    found
}

fn nearby_content(tokens: &[Token], r: &Range<usize>) -> Vec<String> {
    let content = |t: &Token| is_content_word(&t.lower);
    let after = tokens[r.end..].iter().filter(|t| content(t)).take(WINDOW);
    let before = tokens[..r.start]
        .iter()
        .rev()
        .filter(|t| content(t))
        .take(WINDOW);
    after
        .chain(before)
        .map(|t| canonical_stem(&t.lower))
        .collect()
}

pub fn check(ctx: &SentenceCtx) -> Vec<Hit> {
    let claim_dirs: Vec<Direction> = ctx
        .cited
        .iter()
        .flat_map(|c| directions(&c.tokens, ctx.lex))
        .collect();
    if claim_dirs.is_empty() {
        return Vec::new();
    }
    let sentence_dirs = directions(&ctx.tokens, ctx.lex);
    let claim_only = |up: bool| claim_dirs.iter().all(|d| d.up == up);
    let sentence_has = |up: bool| sentence_dirs.iter().any(|d| d.up == up);
    let mut hits = Vec::new();
    for d in &sentence_dirs {
        let shares = |c: &Direction| {
            c.objects
                .iter()
                .any(|o| d.objects.iter().any(|s| stems_match(o, s)))
        };
        let same_object: Vec<&Direction> = claim_dirs.iter().filter(|c| shares(c)).collect();
        let reversed = if same_object.is_empty() {
            claim_only(!d.up) && !sentence_has(!d.up)
        } else {
            same_object.iter().all(|c| c.up != d.up)
        };
        if reversed {
            let word = ctx.tokens[d.tokens.clone()]
                .iter()
                .map(|t| t.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
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
