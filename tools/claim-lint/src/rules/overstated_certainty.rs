//! `overstated-certainty`: the sentence is surer than the weakest claim it cites.

use super::analysis::expressed_certainty;
use super::{Hit, SentenceCtx};
use crate::claims::Certainty;

crate::declare_rule! {
    /// The certainty ladder, after the GRADE plain-language statements. A sentence must be
    /// hedged at least as much as the lowest-certainty claim it cites:
    /// `high` may be stated plainly; `moderate` needs a hedge ("probably", "often", "tend to",
    /// "many"), an attribution ("research shows") or link wording ("linked to"); `low` needs
    /// a weaker hedge ("may", "might", "some studies", "early research suggests"); `very-low`
    /// needs explicit uncertainty ("it is not yet known", "studies disagree"). A weaker
    /// hedge also satisfies a stronger level.
    ///
    /// Bad: `Oxytocin probably helps people with BPD.{{ claim(id="oxytocin-treatment-uncertain") }}`
    /// (a very-low claim stated with a moderate hedge)
    ///
    /// Good: `It is not yet known whether oxytocin helps people with BPD.{{ claim(id="oxytocin-treatment-uncertain") }}`
    OVERSTATED_CERTAINTY, id: "overstated-certainty", category: Overstated, severity: Error
}

crate::sentence_rule!(
    Rule,
    OVERSTATED_CERTAINTY,
    [(Statement, Nothing), (Body, Claims), (Glossary, Claims)]
);

/// What to add for each level, in the words readers see.
pub fn hedge_suggestion(level: Certainty) -> &'static str {
    match level {
        Certainty::High => "no hedge is needed",
        Certainty::Moderate => "add a hedge such as \"often\", \"tend to\" or \"research shows\"",
        Certainty::Low => "add a weaker hedge such as \"may\" or \"early research suggests\"",
        Certainty::VeryLow => {
            "say plainly that it is uncertain, e.g. \"it is not yet known whether…\" or \"studies disagree\""
        }
    }
}

pub fn check(ctx: &SentenceCtx) -> Vec<Hit> {
    let Some(required) = ctx.required_certainty() else {
        return Vec::new();
    };
    let mut expressed = expressed_certainty(&ctx.tokens, ctx.lex);
    // Presenting a model as someone's proposal is the hedge a low-certainty model needs.
    let only_models = ctx
        .cited
        .iter()
        .all(|c| c.claim.kind == crate::claims::ClaimKind::Model);
    if only_models && super::model_as_fact::opens_with_attribution(ctx) {
        expressed = expressed.min(Certainty::Low);
    }
    if expressed <= required {
        return Vec::new();
    }
    let weakest = ctx
        .cited
        .iter()
        .min_by_key(|c| c.claim.certainty)
        .expect("has claims");
    let message = if expressed == Certainty::High {
        format!(
            "stated as certain, but `{}` has {} certainty ({})",
            weakest.claim.id,
            required,
            required.reader_words()
        )
    } else {
        format!(
            "hedged as {expressed} certainty, but `{}` has only {} certainty ({})",
            weakest.claim.id,
            required,
            required.reader_words()
        )
    };
    vec![Hit::new(&OVERSTATED_CERTAINTY, ctx.whole(), message).suggest(hedge_suggestion(required))]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::ClaimKind;
    use crate::rules::test_support::*;

    #[test]
    fn a_negated_universal_subject_says_some_not_all() {
        let c = claim(
            "risk",
            "Childhood trauma is linked to a higher chance of developing BPD, but only some people who go through trauma develop it.",
            Certainty::Moderate,
            ClaimKind::Association,
        );
        for s in [
            "Not everyone who goes through trauma develops BPD.",
            "Not all people who go through trauma develop BPD.",
        ] {
            assert!(fired(s, &[&c], check).is_empty(), "{s}");
        }
    }

    #[test]
    fn plain_statement_of_low_claim_fires() {
        let c = claim(
            "c",
            "Many people with BPD may have higher cortisol.",
            Certainty::Low,
            ClaimKind::Association,
        );
        assert_eq!(
            fired("People with BPD have high cortisol levels.", &[&c], check),
            ["overstated-certainty"]
        );
        assert!(fired("People with BPD may have higher cortisol.", &[&c], check).is_empty());
    }

    #[test]
    fn moderate_hedge_is_not_enough_for_very_low() {
        let c = claim(
            "c",
            "It is uncertain whether oxytocin helps.",
            Certainty::VeryLow,
            ClaimKind::Effect,
        );
        assert_eq!(
            fired("Oxytocin probably helps.", &[&c], check),
            ["overstated-certainty"]
        );
        assert_eq!(
            fired("Oxytocin may help.", &[&c], check),
            ["overstated-certainty"]
        );
        assert!(fired("It is not yet known whether oxytocin helps.", &[&c], check).is_empty());
    }

    #[test]
    fn lowest_of_several_claims_counts() {
        let a = claim(
            "a",
            "DBT teaches skills.",
            Certainty::High,
            ClaimKind::Definition,
        );
        let b = claim(
            "b",
            "In some studies DBT was followed by brain changes.",
            Certainty::Low,
            ClaimKind::Effect,
        );
        assert_eq!(
            fired(
                "DBT teaches skills and changes the brain.",
                &[&a, &b],
                check
            ),
            ["overstated-certainty"]
        );
        assert!(fired(
            "DBT teaches skills and may change the brain.",
            &[&a, &b],
            check
        )
        .is_empty());
    }

    #[test]
    fn high_claim_needs_no_hedge() {
        let c = claim(
            "c",
            "DBT teaches skills.",
            Certainty::High,
            ClaimKind::Definition,
        );
        assert!(fired("DBT teaches skills.", &[&c], check).is_empty());
    }
}
