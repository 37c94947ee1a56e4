//! `model-as-fact`: a model or framework stated as established fact.

use super::{Hit, SentenceCtx};
use crate::claims::ClaimKind;

crate::declare_rule! {
    /// A claim of kind `model` is one way of understanding findings, not a finding. A
    /// sentence citing it needs model framing: "one model describes", "one way to understand",
    /// "can be understood as", "scientists think", "a theory".
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
    if ctx.lex.model_framing.any_in(&ctx.tokens) {
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
