//! `quote-unverifiable`: evidence that no machine checked.

use super::{ClaimCtx, ClaimHit, ClaimPlace};

crate::declare_rule! {
    /// A `note`, or a quote from a source without a local text, cannot be checked against
    /// the source's words. That can be right (a licence may forbid copying), but the
    /// reviewer must know that a person, not the tool, checked it. The review report marks
    /// it "not verified: no local copy".
    ///
    /// Bad: `note: "10 years on, 93 in 100 had had a remission lasting two years."` (a second reader must check it)
    ///
    /// Good: a `quote:` of a source whose `text:` is a local copy
    QUOTE_UNVERIFIABLE, id: "quote-unverifiable", category: Evidence, severity: Warning
}

pub struct Rule;

impl super::ClaimRule for Rule {
    fn metas(&self) -> &'static [&'static super::RuleMeta] {
        &[&QUOTE_UNVERIFIABLE]
    }

    fn check(&self, ctx: &ClaimCtx) -> Vec<ClaimHit> {
        let mut hits = Vec::new();
        for s in &ctx.claim.sources {
            let why = if s.note.is_some() {
                "is a note in our own words"
            } else if s.quote.is_some() && ctx.texts.get(&s.source).is_none() {
                "quotes a source with no local text"
            } else {
                continue;
            };
            hits.push(ClaimHit::new(
                &QUOTE_UNVERIFIABLE,
                ClaimPlace::Line(s.evidence_line),
                format!(
                    "the evidence from `{}` {why}, so no machine checked it against the source",
                    s.source
                ),
                "have a second reader check it against the source at the locator",
            ));
        }
        hits
    }
}
