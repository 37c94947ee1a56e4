//! `locator-not-found`: a locator whose heading is not in the source's local text.

use super::{ClaimCtx, ClaimHit, ClaimPlace};

crate::declare_rule! {
    /// A locator names where the passage is, so that a reviewer can find it: the heading it
    /// sits under, written as the source writes it ("3.3.2 Stress reactivity"). When the
    /// source has a local text and no line of it reads as that heading, the locator is
    /// probably misspelt or points elsewhere.
    ///
    /// Bad: `locator: "Brain structure findings"` where the source's heading is "Results"
    ///
    /// Good: `locator: "Results"`
    LOCATOR_NOT_FOUND, id: "locator-not-found", category: Evidence, severity: Warning
}

pub struct Rule;

impl super::ClaimRule for Rule {
    fn metas(&self) -> &'static [&'static super::RuleMeta] {
        &[&LOCATOR_NOT_FOUND]
    }

    fn check(&self, ctx: &ClaimCtx) -> Vec<ClaimHit> {
        ctx.claim
            .sources
            .iter()
            .filter_map(|s| {
                let text = ctx.texts.get(&s.source)?;
                (!text.has_heading(&s.locator)).then(|| {
                    ClaimHit::new(
                        &LOCATOR_NOT_FOUND,
                        ClaimPlace::Line(s.evidence_line),
                        format!(
                            "no heading \"{}\" in the local text of `{}`",
                            s.locator, s.source
                        ),
                        "write the heading the passage sits under, as the source writes it",
                    )
                })
            })
            .collect()
    }
}
