//! `basis-unshown`: a quote that does not show the basis the claim gives it.

use super::{ClaimCtx, ClaimHit, ClaimPlace};
use crate::claims::Basis;
use crate::evidence::cited_studies;
use crate::text::tokenize;

crate::declare_rule! {
    /// The basis says what the quoted passage itself cites, and the quote must show it, so a
    /// reviewer can see it at a glance:
    /// - `one-study` needs a reference number ("[12]" or "(12)") or a named study
    ///   ("Kohlhoff and colleagues", "et al.", "in one study"); `several-studies` needs two
    ///   or more in one passage (several passages are never added up);
    /// - `meta-analysis` and `systematic-review` need a quote that names the pooled or
    ///   systematic result.
    ///
    /// Bad: `basis: several-studies` with `quote: "The ACC also shows significant volume loss.[16]"`
    ///
    /// Good: `basis: several-studies` with `quote: "…show reduced fractional anisotropy (FA), a measure of white matter integrity.[21,22]"`
    BASIS_UNSHOWN, id: "basis-unshown", category: Evidence, severity: Warning
}

pub struct Rule;

impl super::ClaimRule for Rule {
    fn metas(&self) -> &'static [&'static super::RuleMeta] {
        &[&BASIS_UNSHOWN]
    }

    fn check(&self, ctx: &ClaimCtx) -> Vec<ClaimHit> {
        let Some(basis) = ctx.claim.basis else {
            return Vec::new();
        };
        let passages: Vec<&str> = ctx.evidence().map(|(_, e)| e).collect();
        if passages.is_empty() {
            return Vec::new();
        }
        let most_studies = passages
            .iter()
            .map(|p| cited_studies(p, &ctx.lex.named_study))
            .max()
            .unwrap_or(0);
        let names_pooled = passages
            .iter()
            .any(|p| !ctx.lex.pooled_result.find_all(&tokenize(p)).is_empty());
        let problem = match basis {
            Basis::OneStudy if most_studies == 0 => Some(
                "basis `one-study`, but no quote cites a study: no reference number and no named study",
            ),
            Basis::SeveralStudies if most_studies < 2 => Some(
                "basis `several-studies`, but no single quote cites two or more studies",
            ),
            Basis::MetaAnalysis | Basis::SystematicReview if !names_pooled => Some(
                "a pooled or systematic basis, but no quote names a meta-analysis, pooled result or systematic review",
            ),
            _ => None,
        };
        problem
            .map(|p| {
                ClaimHit::new(
                    &BASIS_UNSHOWN,
                    ClaimPlace::Claim,
                    format!("claim `{}` has {p}", ctx.claim.id),
                    "quote the part of the passage that shows its references, or set the basis to what the passage shows",
                )
            })
            .into_iter()
            .collect()
    }
}
