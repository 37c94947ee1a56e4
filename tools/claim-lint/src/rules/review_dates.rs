//! `review-metadata`, `review-overdue`, `review-due-soon`: every page says who reviewed it
//! and when it is next due.

use crate::claims::Date;

crate::declare_rule! {
    /// A page needs `reviewed`, `next_review` and `reviewed_by` under `[extra]` in its front
    /// matter, so readers can see how current it is and who signed it off. Dates are TOML
    /// dates (`2026-11-22`) or strings in that form.
    ///
    /// Bad: a page with `[extra]` but no `reviewed_by`
    ///
    /// Good: `[extra]` / `reviewed = 2026-11-22` / `next_review = 2027-11-22` / `reviewed_by = "pending clinical review"`
    REVIEW_METADATA, id: "review-metadata", category: Metadata, severity: Error, page_level: true
}

crate::declare_rule! {
    /// The page is past its `next_review` date. The site shows readers a "due for review"
    /// notice. A warning by default; a clinic may raise it to an error with
    /// `overdue_severity = "error"`. Either way it concerns only this page: one overdue page
    /// never blocks an urgent fix elsewhere.
    ///
    /// Bad: `next_review = 2025-01-01` checked on 2026-11-22
    ///
    /// Good: `next_review = 2027-11-22`
    REVIEW_OVERDUE, id: "review-overdue", category: Metadata, severity: Warning, page_level: true, withholds: true
}

crate::declare_rule! {
    /// The page's `next_review` is within 30 days: time to book the clinical review.
    ///
    /// Bad: `next_review = 2026-12-01` checked on 2026-11-22 (info)
    ///
    /// Good: `next_review = 2027-11-22`
    REVIEW_DUE_SOON, id: "review-due-soon", category: Metadata, severity: Info, page_level: true
}

pub struct Rule;

impl super::PageRule for Rule {
    fn metas(&self) -> &'static [&'static super::RuleMeta] {
        &[&REVIEW_METADATA, &REVIEW_OVERDUE, &REVIEW_DUE_SOON]
    }

    fn check(&self, page: &super::PageCtx) -> Vec<super::PageHit> {
        if matches!(page.front, super::Front::Unreadable) {
            return Vec::new();
        }
        let mut hits = Vec::new();
        let at = page.front_offset();
        // A review date that is not a date, or a `reviewed_by` that is not text, makes the
        // front matter unreadable: the front-matter rule reports it at its line.
        let default = crate::front_matter::PageExtra::default();
        let extra = page.extra().unwrap_or(&default);
        let mut missing = Vec::new();
        if extra.reviewed.is_none() {
            missing.push("reviewed");
        }
        if extra.next_review.is_none() {
            missing.push("next_review");
        }
        if extra
            .reviewed_by
            .as_deref()
            .is_none_or(|s| s.trim().is_empty())
        {
            missing.push("reviewed_by");
        }
        if !missing.is_empty() {
            hits.push(super::PageHit::at(
                &REVIEW_METADATA,
                at,
                format!("the page has no {} under [extra]", missing.join(", ")),
                "add reviewed = 2026-11-22, next_review = 2027-11-22 and reviewed_by = \"pending clinical review\" (or the signing clinician's role) under [extra]",
            ));
        }
        let Some(next) = extra.next_review else {
            return hits;
        };
        match review_state(next, page.today) {
            ReviewState::Overdue(days) => {
                let mut hit = super::PageHit::at(
                    &REVIEW_OVERDUE,
                    at,
                    format!("the page was due for review on {next}, {days} days ago"),
                    "have a clinician review the page, then update reviewed, next_review and reviewed_by",
                );
                hit.severity = page.config.overdue_severity.to_severity();
                if hit.severity.is_some() {
                    hits.push(hit);
                }
            }
            ReviewState::DueSoon(days) => hits.push(super::PageHit::at(
                &REVIEW_DUE_SOON,
                at,
                format!("the page is due for review on {next}, in {days} days"),
                "book the clinical review before that date",
            )),
            ReviewState::Current => {}
        }
        hits
    }
}

/// How many days ahead a review counts as due soon.
pub const DUE_SOON_DAYS: i64 = 30;

/// Where a page stands against its review date.
#[derive(Debug, PartialEq, Eq)]
pub enum ReviewState {
    Current,
    DueSoon(i64),
    Overdue(i64),
}

pub fn review_state(next_review: Date, today: Date) -> ReviewState {
    let days = (next_review.0 - today.0).num_days();
    if days < 0 {
        ReviewState::Overdue(-days)
    } else if days <= DUE_SOON_DAYS {
        ReviewState::DueSoon(days)
    } else {
        ReviewState::Current
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn states() {
        assert_eq!(
            review_state(d("2027-01-01"), d("2026-11-22")),
            ReviewState::Current
        );
        assert_eq!(
            review_state(d("2026-12-01"), d("2026-11-22")),
            ReviewState::DueSoon(9)
        );
        assert_eq!(
            review_state(d("2026-11-22"), d("2026-11-22")),
            ReviewState::DueSoon(0)
        );
        assert_eq!(
            review_state(d("2026-11-01"), d("2026-11-22")),
            ReviewState::Overdue(21)
        );
    }
}
