//! `quote-not-found`: a quote that is not in its source's local text.

use super::{ClaimCtx, ClaimHit, ClaimPlace};
use crate::evidence::QuoteMatch;

crate::declare_rule! {
    /// A quote must be the source's own words. It is looked up in the source's local text
    /// (`text:` in the sources map) after normalising whitespace, line breaks, hyphens at
    /// line ends, curly quotes, dashes, ligatures and Markdown `*`; `…` joins fragments of
    /// one passage. A paraphrase, a changed word or a changed figure is not found.
    ///
    /// Bad: `quote: "The amygdala is much smaller in BPD."` where the text never says so
    ///
    /// Good: `quote: "The most replicated findings are bilateral volume reductions in the amygdala and hippocampus, with small-to-medium effect sizes.[12,13]"`
    QUOTE_NOT_FOUND, id: "quote-not-found", category: Evidence, severity: Error
}

pub struct Rule;

impl super::ClaimRule for Rule {
    fn metas(&self) -> &'static [&'static super::RuleMeta] {
        &[&QUOTE_NOT_FOUND]
    }

    fn check(&self, ctx: &ClaimCtx) -> Vec<ClaimHit> {
        let mut hits = Vec::new();
        for s in &ctx.claim.sources {
            let (Some(quote), Some(text)) = (&s.quote, ctx.texts.get(&s.source)) else {
                continue;
            };
            if let QuoteMatch::Missing {
                fragment,
                matched,
                gap_too_long,
            } = text.find(quote)
            {
                let message = if gap_too_long {
                    format!(
                        "the quote's fragments are all in `{}`, but \"{}\" is too far from the fragment before it to be the same passage",
                        s.source,
                        shorten(&fragment)
                    )
                } else if matched.trim().is_empty() {
                    format!(
                        "the quote is not in the local text of `{}`: \"{}\" occurs nowhere in it",
                        s.source,
                        shorten(&fragment)
                    )
                } else {
                    let rest: String = fragment.chars().skip(matched.chars().count()).collect();
                    format!(
                        "the quote is not in the local text of `{}`: it matches up to \"…{}\", then the source has other words than \"{}\"",
                        s.source,
                        tail(&matched),
                        shorten(&rest)
                    )
                };
                hits.push(ClaimHit::new(
                    &QUOTE_NOT_FOUND,
                    ClaimPlace::Line(s.evidence_line),
                    message,
                    format!(
                        "copy the exact words from the source at \"{}\"; join parts of one passage with …",
                        s.locator
                    ),
                ));
            }
        }
        hits
    }
}

fn shorten(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() <= 60 {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(60).collect::<String>())
    }
}

fn tail(s: &str) -> String {
    let n = s.chars().count();
    s.chars().skip(n.saturating_sub(30)).collect()
}
