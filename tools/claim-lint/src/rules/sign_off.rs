//! `signature-stale` and `review-required`: clinical sign-off of claims and pages.

use super::{ClaimCtx, ClaimHit, ClaimPlace, PageCtx, PageHit};
use crate::signoff::{self, Status};

crate::declare_rule! {
    /// A claim or page was signed off by a clinician and has changed since: its digest no
    /// longer matches what they read. The claim, and every page that cites it, counts as
    /// "changed since sign-off" until it is signed again with `claim-lint sign`.
    ///
    /// On a claim this is a warning. On a signed page it is an error: the site shows readers
    /// "Reviewed by NAME on DATE" for a signed page, which must never stand above text, or
    /// claims, that the clinician did not read. Sign the page again, or remove its
    /// `review_digest` to publish it as not yet reviewed.
    ///
    /// Bad: a signed page edited after the sign-off, or citing a claim that changed since
    ///
    /// Good: the same page signed again after the edit
    SIGNATURE_STALE, id: "signature-stale", category: Review, severity: Warning, page_level: true
}

crate::declare_rule! {
    /// With `require_sign_off = true`, a page is published only when a clinician has signed
    /// it and every claim it cites, and nothing changed since. A clinic turns this on before
    /// going live.
    ///
    /// Bad: a page that cites a claim nobody has signed, with `require_sign_off = true`
    ///
    /// Good: `claim-lint sign --by "NAME, ROLE"` for the claim and the page, after reading them
    REVIEW_REQUIRED, id: "review-required", category: Review, severity: Error, page_level: true
}

/// On claims: a signed claim that changed.
pub struct ClaimRule;

impl super::ClaimRule for ClaimRule {
    fn metas(&self) -> &'static [&'static super::RuleMeta] {
        &[&SIGNATURE_STALE]
    }

    fn check(&self, ctx: &ClaimCtx) -> Vec<ClaimHit> {
        let Some(signed) = &ctx.claim.signed else {
            return Vec::new();
        };
        if signed.digest == signoff::claim_digest(ctx.claim) {
            return Vec::new();
        }
        vec![ClaimHit::new(
            &SIGNATURE_STALE,
            ClaimPlace::Claim,
            format!(
                "claim `{}` changed after {} signed it on {}",
                ctx.claim.id, signed.by, signed.date
            ),
            "have a clinician read the claim again and sign it with `claim-lint sign`",
        )]
    }
}

/// On pages: a signed page that changed, and, when sign-off is required, anything unsigned.
pub struct PageRule;

impl super::PageRule for PageRule {
    fn metas(&self) -> &'static [&'static super::RuleMeta] {
        &[&SIGNATURE_STALE, &REVIEW_REQUIRED]
    }

    fn check(&self, page: &PageCtx) -> Vec<PageHit> {
        let at = page.title_offset.unwrap_or_else(|| page.front_offset());
        let sign_off = signoff::page_sign_off(page.extra());
        let status = signoff::page_status(page.source.text, sign_off.as_ref());
        let mut hits = Vec::new();
        let unsigned = unsigned_claims(page);
        if let Some(s) = &sign_off {
            let mut problems = Vec::new();
            if status == Status::ChangedSinceSignOff {
                problems.push("the page changed since".to_string());
            }
            if !unsigned.is_empty() {
                problems.push(format!(
                    "it cites claims that are not signed off: {}",
                    unsigned.join(", ")
                ));
            }
            if !problems.is_empty() {
                let mut hit = PageHit::at(
                    &SIGNATURE_STALE,
                    at,
                    format!(
                        "{} signed this page on {}, but {}; readers would see \"Reviewed by\" above text that was not reviewed",
                        s.by,
                        s.date,
                        problems.join(", and ")
                    ),
                    "have a clinician review the page and its claims and sign them again, or remove `review_digest` to publish the page as not yet reviewed",
                );
                hit.severity = Some(crate::report::Severity::Error);
                hits.push(hit);
            }
        }
        if !page.config.require_sign_off {
            return hits;
        }
        if !status.is_signed() {
            hits.push(PageHit::at(
                &REVIEW_REQUIRED,
                at,
                format!("the page is not signed off ({status})"),
                "have a clinician review it and run `claim-lint sign --by \"NAME, ROLE\" PAGE`",
            ));
        }
        if !unsigned.is_empty() {
            hits.push(PageHit::at(
                &REVIEW_REQUIRED,
                at,
                format!(
                    "the page cites claims that are not signed off: {}",
                    unsigned.join(", ")
                ),
                "have a clinician review the claims (`claim-lint review`) and sign them",
            ));
        }
        hits
    }
}

/// The claims a page cites that are not signed and current, as "id (status)", in order.
fn unsigned_claims(page: &PageCtx) -> Vec<String> {
    let mut seen: Vec<&str> = Vec::new();
    let mut unsigned = Vec::new();
    for s in page.sentences {
        for m in &s.markers {
            if seen.contains(&m.id.as_str()) {
                continue;
            }
            seen.push(&m.id);
            let Some(claim) = page.claims.get(&m.id) else {
                continue;
            };
            let status = signoff::claim_status(claim, page.today);
            if !status.is_signed() {
                unsigned.push(format!("{} ({status})", m.id));
            }
        }
    }
    unsigned
}
