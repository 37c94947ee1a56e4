//! `cure-language`: cure, miracle and permanence wording.

use super::{Hit, SentenceCtx};

crate::declare_rule! {
    /// Cure and miracle wording ("cures", "heals", "fixes", "permanently", "for good",
    /// "breakthrough", "miracle", "safe and effective", "the answer to") promises more than
    /// any finding in the reviews. It is allowed only when the cited claim's statement says so.
    /// "There is no cure" is honest and is not flagged.
    ///
    /// Bad: `DBT rewires the brain and cures BPD.{{ claim(id="therapy-brain-change") }}`
    ///
    /// Good: `In some studies, DBT was followed by a calmer amygdala.{{ claim(id="therapy-brain-change") }}`
    CURE_LANGUAGE, id: "cure-language", category: Overstated, severity: Error
}

crate::sentence_rule!(
    Rule,
    CURE_LANGUAGE,
    [
        (FrontMatter, Nothing),
        (Body, ClaimsOrFact),
        (Glossary, ClaimsOrFact)
    ]
);

pub fn check(ctx: &SentenceCtx) -> Vec<Hit> {
    ctx.unlicensed_hits(&ctx.lex.cure)
        .into_iter()
        .map(|r| {
            let word = ctx.words(&r);
            Hit::new(
                &CURE_LANGUAGE,
                ctx.span(&r),
                format!("`{word}` is cure or miracle wording"),
            )
            .suggest(
                "describe what the research found, e.g. \"helped some people manage symptoms\"",
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::{Certainty, ClaimKind};
    use crate::rules::test_support::*;

    #[test]
    fn cure_fires() {
        let c = claim(
            "c",
            "In some studies, DBT was followed by changes.",
            Certainty::Low,
            ClaimKind::Effect,
        );
        assert_eq!(fired("DBT cures BPD.", &[&c], check), ["cure-language"]);
        assert_eq!(
            fired("After DBT, symptoms may go away for good.", &[&c], check),
            ["cure-language"]
        );
        assert_eq!(
            fired("Trauma may permanently change genes.", &[&c], check),
            ["cure-language"]
        );
    }

    #[test]
    fn no_cure_is_honest() {
        let c = claim(
            "c",
            "No medicine is approved to treat BPD.",
            Certainty::High,
            ClaimKind::Fact,
        );
        assert!(fired(
            "There is no cure in a pill, and no medicine is approved to treat BPD.",
            &[&c],
            check
        )
        .is_empty());
    }
}
