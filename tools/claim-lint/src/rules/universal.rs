//! `universal-quantifier`: "all", "always", "never", "no one" where the source says "some".

use super::analysis::scoped_by_quantifier;
use super::{Hit, SentenceCtx};

crate::declare_rule! {
    /// A claim about the whole group ("all people with BPD", "it always", "no one with BPD")
    /// that the cited claim does not make. Scoped uses are fine: "many people … never develop
    /// it" is about many, and "not everyone" weakens a sentence. Quantifiers that the claim's
    /// own statement uses are allowed.
    ///
    /// Bad: `All people with BPD were abused as children.{{ claim(id="trauma-risk") }}`
    ///
    /// Good: `Childhood trauma may be linked to BPD, but only some people who go through trauma develop it.{{ claim(id="trauma-risk") }}`
    UNIVERSAL_QUANTIFIER, id: "universal-quantifier", category: Overstated, severity: Error
}

crate::sentence_rule!(
    Rule,
    UNIVERSAL_QUANTIFIER,
    [
        (FrontMatter, Nothing),
        (Body, Claims),
        (Glossary, Claims),
        (Evidence, Claims)
    ]
);

pub fn check(ctx: &SentenceCtx) -> Vec<Hit> {
    // "Maria reminded everyone that…": between the verb and "that" is the audience of a
    // report, not a group. Not before the verb: "Every study has noted that…".
    let audience = super::analysis::report_frame(&ctx.tokens, ctx.lex);
    let uncertain: Vec<_> = ctx
        .lex
        .uncertain
        .find_all(&ctx.tokens)
        .into_iter()
        .map(|(_, r)| r)
        .collect();
    ctx.unlicensed_hits(&ctx.lex.universal)
        .into_iter()
        .filter(|r| {
            !uncertain
                .iter()
                .any(|u| u.start <= r.start && r.start < u.end)
        })
        .filter(|r| !scoped_by_quantifier(&ctx.tokens, r.start, ctx.lex) && !is_idiom(ctx, r))
        .filter(|r| {
            !audience
                .as_ref()
                .is_some_and(|a| a.start < r.start && r.start < a.end)
        })
        .map(|r| {
            let word = ctx.words(&r);
            Hit::new(
                &UNIVERSAL_QUANTIFIER,
                ctx.span(&r),
                format!("`{word}` claims something of everyone, but the cited claim does not"),
            )
            .suggest("say how many, as the claim does, e.g. \"some\", \"many\" or \"on average\"")
        })
        .collect()
}

/// "at all", "after all", "above all", "in every 100" are not claims about a group.
fn is_idiom(ctx: &SentenceCtx, r: &std::ops::Range<usize>) -> bool {
    let word = ctx.tokens[r.start].lower.as_str();
    let prev = r.start.checked_sub(1).map(|p| ctx.tokens[p].lower.as_str());
    let next = ctx.tokens.get(r.end);
    match word {
        "all" => matches!(prev, Some("at" | "after" | "above" | "of")),
        "every" => next.is_some_and(|t| t.is_number()),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::{Certainty, ClaimKind};
    use crate::rules::test_support::*;

    fn some() -> crate::claims::Claim {
        claim(
            "s",
            "Trauma is linked to BPD, but only some people who go through it develop it.",
            Certainty::Moderate,
            ClaimKind::Association,
        )
    }

    #[test]
    fn universals_fire() {
        let c = some();
        assert_eq!(
            fired("All people with BPD were abused.", &[&c], check),
            ["universal-quantifier"]
        );
        assert_eq!(
            fired("In everyone with BPD, trauma came first.", &[&c], check),
            ["universal-quantifier"]
        );
        assert_eq!(
            fired("No one with BPD escaped trauma.", &[&c], check),
            ["universal-quantifier"]
        );
    }

    #[test]
    fn the_audience_of_a_report_is_no_group_but_its_subject_is() {
        let c = some();
        let audience = "Our nurse reminded everyone that trauma can raise the chance of BPD.";
        assert!(fired(audience, &[&c], check).is_empty(), "{audience}");
        let subject = "Every expert has noted that trauma can raise the chance of BPD.";
        assert_eq!(
            fired(subject, &[&c], check),
            ["universal-quantifier"],
            "{subject}"
        );
    }

    #[test]
    fn scoped_and_negated_are_fine() {
        let c = some();
        assert!(fired(
            "Many people who go through trauma never develop BPD.",
            &[&c],
            check
        )
        .is_empty());
        assert!(fired(
            "Not everyone who goes through trauma develops BPD.",
            &[&c],
            check
        )
        .is_empty());
        assert!(fired("About 1 in every 100 people.", &[&c], check).is_empty());
        assert!(fired(
            "No one knows yet whether trauma is the whole story.",
            &[&c],
            check
        )
        .is_empty());
    }
}
