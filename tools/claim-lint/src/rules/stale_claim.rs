//! `stale-claim`: a page cites a claim whose own review is overdue.

crate::declare_rule! {
    /// Citing a claim whose `next_review` date has passed. The claim may still be right, but
    /// nobody has checked it against the sources on schedule.
    ///
    /// Bad: citing a claim with `next_review: 2025-06-01`, checked on 2026-11-22
    ///
    /// Good: citing a claim whose review is current
    STALE_CLAIM, id: "stale-claim", category: Metadata, severity: Warning
}

pub struct Rule;

impl super::PageRule for Rule {
    fn metas(&self) -> &'static [&'static super::RuleMeta] {
        &[&STALE_CLAIM]
    }

    fn check(&self, page: &super::PageCtx) -> Vec<super::PageHit> {
        let mut hits = Vec::new();
        for s in page.sentences.iter().filter(|s| !s.is_orphan_markers()) {
            for m in &s.markers {
                let Some(claim) = page.claims.get(&m.id) else {
                    continue;
                };
                let Some(next) = claim.next_review.filter(|next| *next < page.today) else {
                    continue;
                };
                hits.push(super::PageHit {
                    rule: &STALE_CLAIM,
                    range: m.offset..m.offset + m.len.max(1),
                    message: format!("cites `{}`, whose review was due on {next}", claim.id),
                    suggestion: "re-check the claim against its source and update its review dates in claims.yaml".into(),
                    severity: None,
                    sentence: s.text.clone(),
                    claims: vec![m.id.clone()],
                    block_offset: Some(s.block_offset),
                });
            }
        }
        hits
    }
}
