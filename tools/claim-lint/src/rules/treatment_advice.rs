//! `treatment-advice`: telling the reader to start, stop or ask for a specific treatment.

use super::{Hit, SentenceCtx};
use crate::claims::ClaimKind;

crate::declare_rule! {
    /// Advice that names a specific medicine, treatment, dose or supplement ("ask your doctor
    /// to prescribe X", "stop taking Y", "you should try Z") is a clinical decision; a page
    /// may give it only when it cites a claim of kind `advice`. This applies with or without
    /// a marker. Advice that names nothing specific ("ask your care team which therapies are
    /// offered") is fine.
    ///
    /// Bad: `If you have BPD, ask your doctor to prescribe oxytocin nasal spray.`
    ///
    /// Good: `You can ask your doctor about the benefits and risks of any medicine you are offered.`
    TREATMENT_ADVICE, id: "treatment-advice", category: Overstated, severity: Error
}

crate::sentence_rule!(
    Rule,
    TREATMENT_ADVICE,
    [(Body, Nothing), (Glossary, Nothing)]
);

/// Verbs that open an instruction to the reader.
const IMPERATIVES: &[&str] = &[
    "ask", "take", "try", "use", "start", "stop", "avoid", "request", "demand", "buy", "order",
    "switch", "consider", "insist", "keep", "get", "choose",
];

fn gives_advice(ctx: &SentenceCtx) -> bool {
    if ctx.lex.advice.any_in(&ctx.tokens) {
        return true;
    }
    // An imperative at the start of a clause: "Try X." / "If you have BPD, take X."
    ctx.tokens.iter().enumerate().any(|(i, t)| {
        let at_clause_start = i == 0 || t.clause_start;
        let after_if_clause =
            i > 0 && ctx.tokens[..i].first().is_some_and(|f| f.lower == "if") && t.clause_start;
        (at_clause_start || after_if_clause)
            && IMPERATIVES.contains(&t.lower.as_str())
            && !matches!(
                ctx.tokens.get(i + 1).map(|n| n.lower.as_str()),
                Some("to" | "in")
            )
    })
}

pub fn check(ctx: &SentenceCtx) -> Vec<Hit> {
    if ctx.cites_kind(ClaimKind::Advice) || !gives_advice(ctx) {
        return Vec::new();
    }
    ctx.lex
        .treatments
        .find_all(&ctx.tokens)
        .into_iter()
        .take(1)
        .map(|(_, r)| {
            let name = ctx.words(&r);
            Hit::new(
                &TREATMENT_ADVICE,
                ctx.span(&r),
                format!("advice to the reader names a specific treatment (`{name}`) without an approved advice claim"),
            )
            .suggest("suggest talking it over instead, e.g. \"ask your care team which treatments might suit you\", or cite a claim of kind `advice`")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::*;

    #[test]
    fn specific_advice_fires() {
        for s in [
            "If you have BPD, ask your doctor to prescribe oxytocin nasal spray.",
            "You should try omega-3 supplements.",
            "Stop taking your antidepressants if you feel better.",
            "Try DBT first.",
        ] {
            assert_eq!(fired(s, &[], check), ["treatment-advice"], "{s}");
        }
    }

    #[test]
    fn general_advice_and_descriptions_are_fine() {
        for s in [
            "You can ask your doctor about the benefits and risks of any medicine you are offered.",
            "Ask your care team which therapies are offered near you.",
            "Doctors sometimes prescribe SSRI antidepressants off-label.",
            "Talk to your doctor before you stop any medicine.",
        ] {
            assert!(fired(s, &[], check).is_empty(), "{s}");
        }
    }
}
