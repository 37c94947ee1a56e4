//! `negation-mismatch`: the sentence drops or adds a negation the claim depends on.

use super::analysis::{content_stems, in_vocabulary};
use super::{Hit, SentenceCtx};
use crate::lexicon::Lexicon;
use crate::text::Token;
use std::collections::HashSet;
use std::ops::Range;

crate::declare_rule! {
    /// A claim that says studies *cannot show* something does not support a sentence that
    /// says it. The rule finds what each negation in the claim governs (the words after it,
    /// up to the end of the clause). When the sentence has no negation of its own and most of
    /// its content comes from a negated part of the claim, the negation was dropped. The
    /// reverse also fires: a sentence that negates what the claim affirms.
    ///
    /// Bad: `Brain differences cause BPD.{{ claim(id="cross-sectional-limit") }}`
    ///
    /// Good: `Brain studies cannot yet show whether brain differences cause BPD.{{ claim(id="cross-sectional-limit") }}`
    NEGATION_MISMATCH, id: "negation-mismatch", category: Misattributed, severity: Error
}

crate::sentence_rule!(
    Rule,
    NEGATION_MISMATCH,
    [(Body, Claims), (Glossary, Claims), (Evidence, Claims)]
);

/// Share of the sentence's content that must come from the negated part to count as dropped.
const DROPPED_SHARE: f64 = 0.6;

/// Which text a negation is in. "Does not show whether X" in a sentence only hedges: it
/// never says more than a claim about X. In a claim ("studies cannot show whether X"), it
/// is what keeps X from being stated, so a sentence that drops it overclaims.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Sentence,
    Claim,
}

/// Negations that only hedge ("not yet known", "not everyone") and do not flip a claim.
fn is_hedging_negation(tokens: &[Token], at: usize, lex: &Lexicon, side: Side) -> bool {
    super::analysis::scoped_by_quantifier(tokens, at, lex)
        || lex.uncertain.find_all(tokens).iter().any(|(p, r)| {
            let open_question = p.source.ends_with("whether");
            r.start <= at && at < r.end && (side == Side::Sentence || !open_question)
        })
        || matches!(
            tokens.get(at + 1).map(|t| t.lower.as_str()),
            Some("everyone" | "all" | "always" | "every" | "only" | "just" | "necessarily")
        )
}

/// The content stems ([`content_stems`]) of the clauses that hold no explicit uncertainty
/// ("not been proven", "we don't know"): what a sentence states outright.
fn content_stems_outside_uncertain_clauses(tokens: &[Token], lex: &Lexicon) -> Vec<String> {
    let mut clause = Vec::with_capacity(tokens.len());
    let mut current = 0;
    for (i, t) in tokens.iter().enumerate() {
        let contrast = super::analysis::CONTRAST_WORDS.contains(&t.lower.as_str());
        if i > 0 && (t.clause_start || contrast) {
            current += 1;
        }
        clause.push(current);
    }
    let uncertain: HashSet<usize> = lex
        .uncertain
        .find_all(tokens)
        .iter()
        .map(|(_, r)| clause[r.start])
        .collect();
    tokens
        .iter()
        .zip(&clause)
        .filter(|(t, c)| !uncertain.contains(c) && super::analysis::is_content_word(&t.lower))
        .map(|(t, _)| super::analysis::canonical_stem(&t.lower))
        .collect()
}

/// Token ranges governed by negations: from each negator to the end of its clause.
fn negated_scopes(tokens: &[Token], lex: &Lexicon, side: Side) -> Vec<Range<usize>> {
    lex.negators
        .find_all(tokens)
        .into_iter()
        .filter(|(_, r)| !is_hedging_negation(tokens, r.start, lex, side))
        .map(|(_, r)| {
            let end = (r.end..tokens.len())
                .find(|&i| {
                    tokens[i].clause_start
                        || matches!(tokens[i].lower.as_str(), "while" | "but" | "whereas")
                })
                .unwrap_or(tokens.len());
            r.end..end
        })
        .collect()
}

pub fn check(ctx: &SentenceCtx) -> Vec<Hit> {
    let sentence_negated = !negated_scopes(&ctx.tokens, ctx.lex, Side::Sentence).is_empty();
    let words = content_stems(&ctx.tokens);
    if words.len() < 2 {
        return Vec::new();
    }
    let mut hits = Vec::new();
    // "We cannot yet say whether X" keeps a claim's "cannot show whether X": it leaves the
    // question open, so it neither drops the claim's negation nor adds one.
    let open_question = ctx
        .lex
        .uncertain
        .find_all(&ctx.tokens)
        .iter()
        .any(|(p, _)| p.source.ends_with("whether"));
    if open_question {
        return hits;
    }
    if !sentence_negated {
        // "It has not been proven that X" keeps the claim's negation of X too, but only for
        // the words in its own clause: "views are mixed, but X" still drops it.
        let words = content_stems_outside_uncertain_clauses(&ctx.tokens, ctx.lex);
        // On a page, the share is of the sentence's words that come from its claims at
        // all: words the claim lacks ("scans show the differences come first") are
        // claim-mismatch's to judge, and must not dilute a dropped negation into passing.
        // A claim's statement against its quote keeps the share of all its words: a quote
        // retells a whole passage, negated clauses among others, and covers most words.
        let claim_words: HashSet<String> = ctx
            .cited
            .iter()
            .flat_map(|c| content_stems(&c.tokens))
            .collect();
        let from_claims = if ctx.role == super::Role::Evidence {
            words.len()
        } else {
            words
                .iter()
                .filter(|w| in_vocabulary(w, &claim_words))
                .count()
        };
        for c in &ctx.cited {
            for scope in negated_scopes(&c.tokens, ctx.lex, Side::Claim) {
                let scope_words: HashSet<String> =
                    content_stems(&c.tokens[scope]).into_iter().collect();
                let inside = words
                    .iter()
                    .filter(|w| in_vocabulary(w, &scope_words))
                    .count();
                if inside >= 2 && inside as f64 / from_claims.max(1) as f64 >= DROPPED_SHARE {
                    hits.push(
                        Hit::new(
                            &NEGATION_MISMATCH,
                            ctx.whole(),
                            format!("`{}` says this is not so, or not shown; the sentence drops that negation", c.claim.id),
                        )
                        .suggest("keep the claim's negation, e.g. \"studies cannot yet show whether…\""),
                    );
                }
            }
        }
        return hits;
    }
    let claims_negate = ctx
        .cited
        .iter()
        .any(|c| !negated_scopes(&c.tokens, ctx.lex, Side::Claim).is_empty());
    if claims_negate {
        return hits;
    }
    let vocab = ctx.claim_vocabulary();
    let negated_by_prefix = prefix_negated_stems(ctx);
    for scope in negated_scopes(&ctx.tokens, ctx.lex, Side::Sentence) {
        let scoped = content_stems(&ctx.tokens[scope.clone()]);
        // "not suppressed" says what the claim's "non-suppression" says: only when the word
        // the negation governs (the scope's first content word) is the one the claim
        // negates, not when it merely appears later in the scope.
        if scoped
            .first()
            .is_some_and(|w| in_vocabulary(w, &negated_by_prefix))
        {
            continue;
        }
        let covered = scoped.iter().filter(|w| in_vocabulary(w, &vocab)).count();
        if covered >= 1 && covered * 2 > scoped.len() {
            let start = scope.start.saturating_sub(1);
            hits.push(
                Hit::new(
                    &NEGATION_MISMATCH,
                    ctx.span(&(start..scope.end.max(start + 1))),
                    "the sentence negates what the cited claim affirms",
                )
                .suggest("remove the negation, or cite a claim that says this"),
            );
        }
    }
    hits
}

/// Words the cited claims negate with a "non-" prefix ("non-suppression", "non-response"):
/// the tokenizer splits the hyphen, so they are the words right after a "non".
fn prefix_negated_stems(ctx: &SentenceCtx) -> HashSet<String> {
    let hyphenated = ctx
        .cited
        .iter()
        .flat_map(|c| c.tokens.windows(2))
        .filter(|pair| pair[0].lower == "non")
        .map(|pair| super::analysis::canonical_stem(&pair[1].lower));
    // "out of balance" says what "without balance" says.
    let out_of = ctx
        .cited
        .iter()
        .flat_map(|c| c.tokens.windows(3))
        .filter(|w| w[0].lower == "out" && w[1].lower == "of")
        .map(|w| super::analysis::canonical_stem(&w[2].lower));
    hyphenated.chain(out_of).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::{Certainty, ClaimKind};
    use crate::rules::test_support::*;

    fn limit() -> crate::claims::Claim {
        claim(
            "x",
            "Most brain studies look at one point in time, so they cannot show whether brain differences cause BPD or result from living with it.",
            Certainty::High,
            ClaimKind::Fact,
        )
    }

    #[test]
    fn without_agrees_with_out_of_in_the_claim() {
        let statement = "One model describes BPD as three brain networks out of balance.";
        let c = claim("n", statement, Certainty::Low, ClaimKind::Model);
        let s = "One model describes BPD as three brain networks without balance.";
        assert!(fired(s, &[&c], check).is_empty(), "{statement}");
    }

    #[test]
    fn not_agrees_with_a_non_prefix_in_the_claim() {
        let c = claim(
            "cortisol",
            "A common pattern is raised cortisol, shown by non-suppression on the dexamethasone suppression test.",
            Certainty::Moderate,
            ClaimKind::Association,
        );
        assert!(fired(
            "Often cortisol is not suppressed on the dexamethasone suppression test.",
            &[&c],
            check
        )
        .is_empty());
        // A negation of something else the claim affirms still fires.
        assert_eq!(
            fired("Cortisol is not raised in this test.", &[&c], check),
            ["negation-mismatch"]
        );
        let dbt = claim(
            "dbt",
            "In people with non-suicidal self-injury, DBT reduces self-harm.",
            Certainty::High,
            ClaimKind::Effect,
        );
        assert_eq!(
            fired(
                "DBT does not reduce self-harm in suicidal people.",
                &[&dbt],
                check
            ),
            ["negation-mismatch"]
        );
    }

    #[test]
    fn dropped_negation_fires() {
        assert_eq!(
            fired("Brain differences cause BPD.", &[&limit()], check),
            ["negation-mismatch"]
        );
        assert_eq!(
            fired("Brain studies show that the differences seen in BPD are a result of living with it.", &[&limit()], check),
            ["negation-mismatch"]
        );
        // Words the claim lacks ("MRI", "appear early") do not dilute the dropped negation.
        assert_eq!(
            fired(
                "MRI research shows the brain differences appear early on and cause BPD.",
                &[&limit()],
                check
            ),
            ["negation-mismatch"]
        );
        // Uncertainty in the same clause keeps the claim's open question; in another
        // clause it does not.
        let other_clause = "Views on scans are mixed, but brain differences cause BPD.";
        assert_eq!(
            fired(other_clause, &[&limit()], check),
            ["negation-mismatch"]
        );
        for s in [
            "Nobody knows yet if brain differences cause BPD, since most studies look at people at one point in time.",
            "It has not been proven that brain differences cause BPD.",
        ] {
            assert!(fired(s, &[&limit()], check).is_empty(), "{s}");
        }
    }

    #[test]
    fn an_open_question_is_no_negation_flip() {
        let disagree = claim(
            "levels",
            "Studies disagree about cortisol levels in BPD.",
            Certainty::VeryLow,
            ClaimKind::Fact,
        );
        for s in [
            "Research does not show whether cortisol levels are higher or lower in BPD.",
            "Studies cannot tell us whether cortisol levels are higher or lower in BPD.",
        ] {
            assert!(fired(s, &[&disagree], check).is_empty(), "{s}");
            let certainty = fired(s, &[&disagree], crate::rules::overstated_certainty::check);
            assert!(certainty.is_empty(), "{s}: {certainty:?}");
        }
        // The open question keeps the claim's own "cannot show whether".
        assert!(fired(
            "We can't yet say whether brain differences cause BPD.",
            &[&limit()],
            check
        )
        .is_empty());
    }

    #[test]
    fn kept_negation_is_fine() {
        assert!(fired(
            "Brain studies cannot show whether brain differences cause BPD.",
            &[&limit()],
            check
        )
        .is_empty());
        assert!(fired(
            "Most brain studies look at people at one point in time.",
            &[&limit()],
            check
        )
        .is_empty());
    }

    #[test]
    fn added_negation_fires() {
        let c = claim(
            "t",
            "In one study, oxytocin lowered trust and cooperation.",
            Certainty::Low,
            ClaimKind::Effect,
        );
        assert_eq!(
            fired(
                "In one study, oxytocin did not lower trust and cooperation.",
                &[&c],
                check
            ),
            ["negation-mismatch"]
        );
    }

    #[test]
    fn negation_about_part_of_the_group_is_not_a_flip() {
        let c = claim(
            "t",
            "Trauma is linked to BPD, but only some people who go through it develop BPD.",
            Certainty::Moderate,
            ClaimKind::Association,
        );
        assert!(fired(
            "Many people who live through trauma never develop BPD.",
            &[&c],
            check
        )
        .is_empty());
    }

    #[test]
    fn negated_link_fires() {
        let c = claim(
            "s",
            "Differences in serotonin are linked to impulsivity.",
            Certainty::Moderate,
            ClaimKind::Association,
        );
        assert_eq!(
            fired(
                "Differences in serotonin are not linked to impulsivity.",
                &[&c],
                check
            ),
            ["negation-mismatch"]
        );
    }

    #[test]
    fn dropped_negation_in_a_bracketed_name_fires() {
        let c = claim("m", "No medicine is approved by the Food and Drug Administration (FDA) to treat BPD itself.", Certainty::High, ClaimKind::Fact);
        assert_eq!(
            fired(
                "The FDA has approved a medicine to treat BPD itself.",
                &[&c],
                check
            ),
            ["negation-mismatch"]
        );
    }

    #[test]
    fn hedging_negation_is_not_a_flip() {
        let c = claim(
            "t",
            "Oxytocin may lower trust.",
            Certainty::Low,
            ClaimKind::Effect,
        );
        assert!(fired(
            "It is not yet known whether oxytocin lowers trust.",
            &[&c],
            check
        )
        .is_empty());
    }
}
