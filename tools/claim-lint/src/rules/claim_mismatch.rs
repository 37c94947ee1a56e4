//! `claim-mismatch`: the cited claim does not cover what the sentence says.

use super::analysis::{content_stems, in_vocabulary};
use super::{Hit, SentenceCtx};

crate::declare_rule! {
    /// Too little of the sentence's content is found in the cited claims. Content words are
    /// the sentence's words without stop words, hedges, figures and the names every claim
    /// shares ("BPD", "people"); they are stemmed and everyday synonyms are folded together
    /// ("feelings" and "emotions"). A word counts as covered when it appears in a cited
    /// claim's statement or its `terms`. Below half covered, the marker points at the wrong
    /// claim, or the sentence says something the claim does not.
    ///
    /// Bad: `MBT teaches skills for tolerating distress.{{ claim(id="mbt-focus") }}`
    ///
    /// Good: `MBT helps people make sense of their own and other people's feelings.{{ claim(id="mbt-focus") }}`
    CLAIM_MISMATCH, id: "claim-mismatch", category: Misattributed, severity: Error
}

/// Share of content words that must be covered by the cited claims.
pub const MIN_COVERAGE: f64 = 0.5;

pub fn check(ctx: &SentenceCtx) -> Vec<Hit> {
    let words = content_stems(&ctx.tokens);
    if words.len() < 2 {
        return Vec::new();
    }
    let vocab = ctx.claim_vocabulary();
    let missing: Vec<&String> = words.iter().filter(|w| !in_vocabulary(w, &vocab)).collect();
    let coverage = 1.0 - missing.len() as f64 / words.len() as f64;
    if coverage >= MIN_COVERAGE {
        return Vec::new();
    }
    let ids: Vec<&str> = ctx.cited.iter().map(|c| c.claim.id.as_str()).collect();
    vec![Hit::new(
        &CLAIM_MISMATCH,
        ctx.whole(),
        format!(
            "only {:.0}% of the sentence's content is in the cited claim{} ({}); not covered: {}",
            coverage * 100.0,
            if ids.len() > 1 { "s" } else { "" },
            ids.join(", "),
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
