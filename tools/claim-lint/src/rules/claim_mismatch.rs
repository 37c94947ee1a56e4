//! `claim-mismatch`: the cited claim does not cover what the sentence says.

use super::analysis::{content_stems_without_lexicon, in_vocabulary};
use super::{Hit, SentenceCtx};

crate::declare_rule! {
    /// Too little of the sentence's content is found in the cited claims. Content words are
    /// the sentence's words without stop words, hedges, figures and the names every claim
    /// shares ("BPD", "people"); they are stemmed and everyday synonyms are folded together
    /// ("feelings" and "emotions"). A word counts as covered when it appears in a cited
    /// claim's statement or its `terms`. Words that no claim in the file uses are ordinary
    /// English ("somewhere", "lifetime") and count half. The rule fires when some uncovered
    /// word is the site's subject matter and less than half the sentence is covered: the
    /// marker points at the wrong claim, or the sentence says something the claim does not.
    ///
    /// Bad: `MBT teaches skills for tolerating distress.{{ claim(id="mbt-focus") }}`
    ///
    /// Good: `MBT helps people make sense of their own and other people's feelings.{{ claim(id="mbt-focus") }}`
    CLAIM_MISMATCH, id: "claim-mismatch", category: Misattributed, severity: Error
}

/// Share of content words that must be covered by the cited claims.
pub const MIN_COVERAGE: f64 = 0.5;

/// How much a word outside the site's subject matter counts against coverage.
const GENERIC_WEIGHT: f64 = 0.5;

pub fn check(ctx: &SentenceCtx) -> Vec<Hit> {
    let words = content_stems_without_lexicon(&ctx.tokens, ctx.lex);
    if words.len() < 2 {
        return Vec::new();
    }
    let vocab = ctx.claim_vocabulary();
    let (covered, missing): (Vec<&String>, Vec<&String>) =
        words.iter().partition(|w| in_vocabulary(w, &vocab));
    let in_domain = |w: &String| ctx.domain.is_none_or(|d| in_vocabulary(w, d));
    let missing_domain = missing.iter().filter(|w| in_domain(w)).count();
    let missing_generic = missing.len() - missing_domain;
    let weight =
        covered.len() as f64 + missing_domain as f64 + GENERIC_WEIGHT * missing_generic as f64;
    let coverage = covered.len() as f64 / weight;
    // Words the claims file never uses cannot show that a different claim was meant.
    if missing_domain == 0 || coverage >= MIN_COVERAGE {
        return Vec::new();
    }
    let ids: Vec<&str> = ctx.cited.iter().map(|c| c.claim.id.as_str()).collect();
    vec![Hit::new(
        &CLAIM_MISMATCH,
        ctx.whole(),
        format!(
            "the cited claim{} ({}) do{} not cover most of this sentence; not covered: {}",
            if ids.len() > 1 { "s" } else { "" },
            ids.join(", "),
            if ids.len() > 1 { "" } else { "es" },
            missing.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
        ),
    )
    .suggest("cite the claim that supports this sentence, or reword it to say what the cited claim says; add everyday synonyms to the claim's `terms` if they are missing")]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::{Certainty, ClaimKind};
    use crate::rules::test_support::*;

    #[test]
    fn wrong_claim_fires() {
        let mbt = claim(
            "mbt",
            "MBT helps people understand their own and other people's thoughts and feelings.",
            Certainty::High,
            ClaimKind::Definition,
        );
        assert_eq!(
            fired(
                "MBT teaches skills for tolerating distress.",
                &[&mbt],
                check
            ),
            ["claim-mismatch"]
        );
    }

    #[test]
    fn paraphrase_with_synonyms_passes() {
        let mbt = claim(
            "mbt",
            "MBT helps people understand their own and other people's thoughts and feelings.",
            Certainty::High,
            ClaimKind::Definition,
        );
        assert!(fired(
            "MBT helps people make sense of their own and others' thoughts and emotions.",
            &[&mbt],
            check
        )
        .is_empty());
    }

    #[test]
    fn terms_count_as_coverage() {
        let mut c = claim(
            "w",
            "Some studies suggest the links between emotion and control areas are less organized.",
            Certainty::Low,
            ClaimKind::Association,
        );
        c.terms = vec!["wiring".into()];
        assert!(fired(
            "Some studies suggest the wiring between emotion and control areas is less organized.",
            &[&c],
            check
        )
        .is_empty());
    }
}
