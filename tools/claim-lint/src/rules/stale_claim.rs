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
