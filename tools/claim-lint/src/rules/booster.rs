//! `booster-word`: words that claim more certainty than research gives.

use super::{Hit, SentenceCtx};

crate::declare_rule! {
    /// Boosters ("proven", "definitely", "clearly", "we now know", "overwhelming evidence"…)
    /// overstate every finding on this site; no review gives that certainty. They are allowed
    /// only when the cited claim's own statement uses them. Negated boosters ("has not been
    /// proven") weaken a sentence and are fine.
    ///
    /// Bad: `Brain scans prove that the amygdala overreacts.{{ claim(id="amygdala-hyperreactivity") }}`
    ///
    /// Good: `Brain scans show that the amygdala tends to react more strongly.{{ claim(id="amygdala-hyperreactivity") }}`
    BOOSTER, id: "booster-word", category: Overstated, severity: Error
}

crate::sentence_rule!(
    Rule,
    BOOSTER,
    [
        (FrontMatter, Nothing),
        (Body, ClaimsOrFact),
        (Glossary, ClaimsOrFact)
    ]
);

pub fn check(ctx: &SentenceCtx) -> Vec<Hit> {
    ctx.unlicensed_hits(&ctx.lex.boosters)
        .into_iter()
        .map(|r| {
            let word = ctx.words(&r);
            Hit::new(&BOOSTER, ctx.span(&r), format!("`{word}` claims more certainty than the evidence gives"))
                .suggest("remove the booster and say what the research found, e.g. \"research shows\" or \"studies suggest\"")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::{Certainty, ClaimKind};
    use crate::rules::test_support::*;

    #[test]
    fn booster_fires() {
        let c = claim(
            "c",
            "About 1 in 100 people have it.",
            Certainty::High,
            ClaimKind::Fact,
        );
        assert_eq!(
            fired(
                "It is a proven fact that 1 in 100 people have it.",
                &[&c],
                check
            ),
            ["booster-word"]
        );
        assert_eq!(
            fired("We now know that 1 in 100 people have it.", &[&c], check),
            ["booster-word"]
        );
    }

    #[test]
    fn negated_booster_is_fine() {
        let c = claim(
            "c",
            "It is uncertain whether oxytocin helps.",
            Certainty::VeryLow,
            ClaimKind::Effect,
        );
        assert!(fired("It has not been proven that oxytocin helps.", &[&c], check).is_empty());
    }

    #[test]
    fn booster_in_statement_is_licensed() {
        let c = claim(
            "c",
            "Smoking clearly harms the lungs.",
            Certainty::High,
            ClaimKind::Causal,
        );
        assert!(fired("Smoking clearly harms the lungs.", &[&c], check).is_empty());
    }
}
