//! `evidence-missing`: a claim without its `basis`, or a source entry with neither a
//! `quote` nor a `note`.

use super::{ClaimCtx, ClaimHit, ClaimPlace};
use crate::report::Severity;

crate::declare_rule! {
    /// Every claim says what evidence its passage cites (`basis`), and every source entry
    /// carries the passage it rests on: a `quote` of the source's exact words, or, where the
    /// source may not be copied, a `note` of its facts and figures. Without them nobody can
    /// check the claim against its source. A warning until the site sets
    /// `require_quotes = true` in `[extra.claim_lint]`; then an error.
    ///
    /// Bad: a claim with `sources: [{ source: eftekhari-2026, locator: "Results" }]` and no `basis`
    ///
    /// Good: the same claim with `basis: several-studies` and a `quote:` under its source entry
    EVIDENCE_MISSING, id: "evidence-missing", category: Evidence, severity: Error
}

pub struct Rule;

impl super::ClaimRule for Rule {
    fn metas(&self) -> &'static [&'static super::RuleMeta] {
        &[&EVIDENCE_MISSING]
    }

    fn check(&self, ctx: &ClaimCtx) -> Vec<ClaimHit> {
        let severity = if ctx.config.require_quotes {
            Severity::Error
        } else {
            Severity::Warning
        };
        let mut hits = Vec::new();
        if ctx.claim.basis.is_none() {
            hits.push(ClaimHit::new(
                &EVIDENCE_MISSING,
                ClaimPlace::Claim,
                format!("claim `{}` has no `basis`", ctx.claim.id),
                "add `basis:` with what the quoted passage cites: meta-analysis, systematic-review, guideline, several-studies, one-study, uncited-statement, model or definition",
            ));
        }
        for s in &ctx.claim.sources {
            if s.evidence().is_none() {
                hits.push(ClaimHit::new(
                    &EVIDENCE_MISSING,
                    ClaimPlace::Claim,
                    format!(
                        "claim `{}` cites `{}` at \"{}\" without the passage it rests on",
                        ctx.claim.id, s.source, s.locator
                    ),
                    "add `quote:` with the source's exact words at the locator, or `note:` with the passage's facts where the source may not be copied",
                ));
            }
        }
        for h in &mut hits {
            h.severity = Some(severity);
        }
        hits
    }
}
