//! `certainty-above-basis`: a certainty higher than the evidence behind it allows.

use super::{ClaimCtx, ClaimHit, ClaimPlace};
use crate::claims::{Basis, Certainty};
use crate::report::Severity;
use crate::text::tokenize;

crate::declare_rule! {
    /// GRADE rates a body of evidence, so a claim can be no more certain than its passage's
    /// basis allows: `meta-analysis`, `systematic-review` and `guideline` up to high;
    /// `several-studies` up to moderate; `one-study`, `uncited-statement` and `model` up to
    /// low. A one-study quote that calls the study a pilot, preliminary, small or a case
    /// allows at most very-low, and a quote hedged with "may", "might", "could" or
    /// "possibly" at most low, except that in a guideline "may be offered" or "may be
    /// considered" words a recommendation, not doubt. With several passages the strongest one
    /// decides. Claims of
    /// kind `definition` or `research` (a fact about how the research was done) are not
    /// findings; they are not rated, and readers see "definition" or "about the research".
    ///
    /// A clinician may keep a higher level by adding `certainty_rationale: "…"` and
    /// `rationale_by: "NAME, ROLE"` to the claim; the override is then listed as info, and
    /// the claim counts as unsigned until it is signed.
    ///
    /// Bad: `certainty: moderate` with `basis: uncited-statement`
    ///
    /// Good: `certainty: low` with `basis: uncited-statement`
    CERTAINTY_ABOVE_BASIS, id: "certainty-above-basis", category: Evidence, severity: Error
}

pub struct Rule;

impl super::ClaimRule for Rule {
    fn metas(&self) -> &'static [&'static super::RuleMeta] {
        &[&CERTAINTY_ABOVE_BASIS]
    }

    fn check(&self, ctx: &ClaimCtx) -> Vec<ClaimHit> {
        let Some(basis) = ctx.claim.basis else {
            return Vec::new();
        };
        // GRADE rates findings. A definition or a fact about the research is not one, and
        // readers see "definition" or "about the research" for it, never an evidence label.
        if !ctx.claim.kind.is_finding() {
            return Vec::new();
        }
        let (cap, why) = highest_allowed(ctx, basis);
        if ctx.claim.certainty <= cap {
            return Vec::new();
        }
        let message = format!(
            "claim `{}` is `{}`, but {why} allows at most `{cap}`",
            ctx.claim.id, ctx.claim.certainty
        );
        let mut hit = ClaimHit::new(
            &CERTAINTY_ABOVE_BASIS,
            ClaimPlace::Claim,
            message,
            format!("lower the certainty to `{cap}` and reword the statement to match, or have a clinician add `certainty_rationale` and `rationale_by`"),
        );
        if let (Some(reason), Some(by)) = (&ctx.claim.certainty_rationale, &ctx.claim.rationale_by)
        {
            hit.message = format!("{} (kept by {by}: {reason})", hit.message);
            hit.severity = Some(Severity::Info);
        }
        vec![hit]
    }
}

/// The highest certainty the claim's passages allow, and why, in words for the message.
pub fn highest_allowed(ctx: &ClaimCtx, basis: Basis) -> (Certainty, String) {
    let cap = basis.highest_certainty();
    let passages: Vec<&str> = ctx.evidence().map(|(_, e)| e).collect();
    if passages.is_empty() || basis == Basis::Definition {
        return (cap, format!("basis `{basis}`"));
    }
    // The strongest passage decides: each is capped by its own words.
    let mut best: Option<(Certainty, String)> = None;
    for p in passages {
        let tokens = tokenize(p);
        let small = basis == Basis::OneStudy && !ctx.lex.small_study.find_all(&tokens).is_empty();
        let hedged = ctx
            .lex
            .quote_hedges
            .find_all(&tokens)
            .into_iter()
            .any(|(_, r)| {
                let permission = basis == Basis::Guideline && grants_permission(&tokens, r.end);
                !permission && !super::analysis::negated_at(&tokens, r.start, ctx.lex)
            });
        let passage_cap = if small {
            (
                Certainty::VeryLow,
                format!("basis `{basis}` from a pilot, small or case study"),
            )
        } else if hedged && cap > Certainty::Low {
            (
                Certainty::Low,
                format!("basis `{basis}` with a passage that says only \"may\" or \"might\""),
            )
        } else {
            (cap, format!("basis `{basis}`"))
        };
        if best.as_ref().is_none_or(|b| passage_cap.0 > b.0) {
            best = Some(passage_cap);
        }
    }
    best.unwrap_or((cap, format!("basis `{basis}`")))
}

/// In a guideline, "may be offered" or "may be considered" is how a recommendation is
/// worded (its strength), not doubt about a finding.
fn grants_permission(tokens: &[crate::text::Token], after_hedge: usize) -> bool {
    tokens.get(after_hedge).is_some_and(|t| t.lower == "be")
        && tokens.get(after_hedge + 1).is_some_and(|t| {
            matches!(
                t.lower.as_str(),
                "offered"
                    | "considered"
                    | "given"
                    | "provided"
                    | "recommended"
                    | "prescribed"
                    | "referred"
                    | "used"
            )
        })
}
