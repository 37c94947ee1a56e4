//! `model-as-fact`: a model or framework stated as established fact.

use super::{Hit, SentenceCtx};
use crate::claims::ClaimKind;

crate::declare_rule! {
    /// A claim of kind `model` is one way of understanding findings, not a finding. A
    /// sentence citing it needs model framing: "one model describes", "one way to understand",
    /// "can be understood as", "scientists think", "a theory", or words that present it as
    /// someone's proposal ("one review suggests", "puts forward the idea", "according to").
    ///
    /// Bad: `BPD is three brain networks out of balance.{{ claim(id="triple-network-model") }}`
    ///
    /// Good: `One model describes BPD as three brain networks out of balance.{{ claim(id="triple-network-model") }}`
    MODEL_AS_FACT, id: "model-as-fact", category: Overstated, severity: Error
}

crate::sentence_rule!(
    Rule,
    MODEL_AS_FACT,
    [(Statement, Nothing), (Body, Claims), (Glossary, Claims)]
);

pub fn check(ctx: &SentenceCtx) -> Vec<Hit> {
    let Some(model) = ctx.cited.iter().find(|c| c.claim.kind == ClaimKind::Model) else {
        return Vec::new();
    };
    if is_framed_as_model(ctx) {
        return Vec::new();
    }
    vec![Hit::new(
        &MODEL_AS_FACT,
        ctx.whole(),
        format!(
            "`{}` is a model, but the sentence states it as fact",
            model.claim.id
        ),
    )
    .suggest(
        "frame it as a model, e.g. \"one model describes…\" or \"this can be understood as…\"",
    )]
}

/// How far into a sentence an attribution may start and still govern it: "One review
/// suggests that…", "Researchers have put forward the idea that…", "According to one
/// review,…". Later ("…, as the model suggests") it frames nothing.
const ATTRIBUTION_OPENS_WITHIN: usize = 6;

/// The sentence frames what it says as a model or as someone's proposal. The attribution
/// words count only here (and in overstated-certainty for model claims), and only when they
/// open the sentence: "research suggests" about a finding is a hedge the hedge lists judge.
pub fn is_framed_as_model(ctx: &SentenceCtx) -> bool {
    ctx.lex.model_framing.any_in(&ctx.tokens) || opens_with_attribution(ctx)
}

/// An attribution verb among the sentence's first words, not negated ("no one suggests").
pub fn opens_with_attribution(ctx: &SentenceCtx) -> bool {
    // Negated by a word of the shared negator list before it ("no one suggests"), or
    // dismissed ("no longer").
    let negated = |at: usize| {
        ctx.lex.negators.any_in(&ctx.tokens[..at])
            || ctx.tokens[..at].iter().any(|t| t.lower == "longer")
    };
    ctx.lex
        .model_attribution
        .find_all(&ctx.tokens)
        .iter()
        .any(|(_, r)| r.start < ATTRIBUTION_OPENS_WITHIN && !negated(r.start))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::Certainty;
    use crate::rules::test_support::*;

    #[test]
    fn model_needs_framing() {
        let c = claim(
            "m",
            "One model describes BPD as networks out of balance.",
            Certainty::Low,
            ClaimKind::Model,
        );
        assert_eq!(
            fired("BPD is networks out of balance.", &[&c], check),
            ["model-as-fact"]
        );
        assert!(fired(
            "Scientists think the networks may be out of balance.",
            &[&c],
            check
        )
        .is_empty());
        assert!(fired(
            "Anger can be understood as a sign of an alarm system.",
            &[&c],
            check
        )
        .is_empty());
        for framed in [
            "One review suggests that the networks may be out of balance.",
            "One review puts forward the idea that the networks may be out of balance.",
            "According to one review, the networks may be out of balance.",
            "One review describes a 'network' model in which the networks may be out of balance.",
        ] {
            assert!(fired(framed, &[&c], check).is_empty(), "{framed}");
        }
        // An attribution at the end, or a denied one, frames nothing.
        for stated in [
            "Scans show the networks are out of balance in BPD, as the review suggests.",
            "No one suggests any more that the networks are in balance; they are out of balance.",
        ] {
            assert_eq!(fired(stated, &[&c], check), ["model-as-fact"], "{stated}");
        }
    }

    #[test]
    fn non_model_claims_are_ignored() {
        let c = claim(
            "f",
            "DBT teaches skills.",
            Certainty::High,
            ClaimKind::Definition,
        );
        assert!(fired("DBT teaches skills.", &[&c], check).is_empty());
    }
}
