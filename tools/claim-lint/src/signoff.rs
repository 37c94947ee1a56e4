//! Clinical sign-off: digests of what a clinician read, the status of each claim and page,
//! and writing a sign-off into `claims.yaml` or a page's front matter.
//!
//! A sign-off records who signed, when, and a short digest of what they read: for a claim,
//! its statement, certainty, kind, basis and sources with their quotes and notes; for a
//! page, its text below the front matter. When any of that changes, the digest no longer
//! matches and the sign-off is stale: the claim (and every page that cites it) counts as
//! "changed since sign-off" until it is signed again.
//!
//! Signing edits only the lines it must, so comments and layout survive and the diff a
//! reviewer sees in version control is one line per signed item.

use crate::claims::{Claim, ClaimsFile, Date};
use crate::front_matter::PageExtra;
use sha2::{Digest, Sha256};
use std::fmt;

/// How many hex digits of SHA-256 a digest keeps: enough that an accidental match is out of
/// the question, short enough to read in a diff.
const DIGEST_HEX: usize = 16;

/// The digest of everything about a claim that a clinician vouches for. Dates and the
/// sign-off itself are left out, so re-dating a review does not invalidate it.
pub fn claim_digest(claim: &Claim) -> String {
    let mut text = String::new();
    let mut field = |name: &str, value: &str| {
        text.push_str(name);
        text.push('\u{1f}');
        text.push_str(value);
        text.push('\u{1e}');
    };
    field("statement", &claim.statement);
    field("certainty", claim.certainty.as_str());
    field("kind", claim.kind.as_str());
    field("basis", claim.basis.map_or("", |b| b.as_str()));
    field(
        "rationale",
        claim.certainty_rationale.as_deref().unwrap_or(""),
    );
    for s in &claim.sources {
        field("source", &s.source);
        field("locator", &s.locator);
        field("quote", s.quote.as_deref().unwrap_or(""));
        field("note", s.note.as_deref().unwrap_or(""));
    }
    short_hash(&text)
}

/// The digest of a page's text below its front matter, with line endings normalised.
pub fn page_digest(page_text: &str) -> String {
    let source = crate::page::split_front_matter(page_text);
    let body = source.text[source.body_offset..].replace("\r\n", "\n");
    short_hash(body.trim())
}

fn short_hash(text: &str) -> String {
    let hash = Sha256::digest(text.as_bytes());
    hash.iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>()
        .chars()
        .take(DIGEST_HEX)
        .collect()
}

/// Where a claim or page stands with its clinical review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// Never signed.
    NeedsFirstReview,
    /// Signed, but it changed since.
    ChangedSinceSignOff,
    /// Signed and unchanged, but past its `next_review` date.
    Overdue,
    /// Signed, unchanged and in date.
    Signed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::NeedsFirstReview => "needs first review",
            Status::ChangedSinceSignOff => "changed since sign-off",
            Status::Overdue => "overdue",
            Status::Signed => "signed",
        }
    }

    /// Signed, and unchanged since. An overdue sign-off still covers what was read; being
    /// past the review date has its own rule (`review-overdue`).
    pub fn is_signed(self) -> bool {
        matches!(self, Status::Signed | Status::Overdue)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The status of a claim on a given day.
pub fn claim_status(claim: &Claim, today: Date) -> Status {
    let Some(signed) = &claim.signed else {
        return Status::NeedsFirstReview;
    };
    if signed.digest != claim_digest(claim) {
        return Status::ChangedSinceSignOff;
    }
    match claim.next_review {
        Some(next) if next < today => Status::Overdue,
        _ => Status::Signed,
    }
}

/// A page's sign-off as its front matter records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageSignOff {
    pub by: String,
    pub date: String,
    pub digest: String,
}

/// Reads `reviewed_by`, `reviewed` and `review_digest` from a page's `[extra]`. A page
/// whose `reviewed_by` is typed in without a digest is not signed: only `claim-lint sign`
/// writes the digest, and only a sign-off may tell readers who reviewed a page.
pub fn page_sign_off(extra: Option<&PageExtra>) -> Option<PageSignOff> {
    let extra = extra?;
    Some(PageSignOff {
        by: extra.reviewed_by.clone()?,
        date: extra.reviewed?.to_string(),
        digest: extra.review_digest.clone()?,
    })
}

/// A page's sign-off, read from its text.
pub fn page_sign_off_in(text: &str) -> Option<PageSignOff> {
    let parsed = crate::front_matter::parse(&crate::page::split_front_matter(text)).ok()??;
    page_sign_off(Some(&parsed.fields.extra))
}

/// The status of a page: its own sign-off, and the claims it cites.
pub fn page_status(page_text: &str, sign_off: Option<&PageSignOff>) -> Status {
    match sign_off {
        None => Status::NeedsFirstReview,
        Some(s) if s.digest != page_digest(page_text) => Status::ChangedSinceSignOff,
        Some(_) => Status::Signed,
    }
}

/// Why a sign-off could not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignError(pub String);

impl fmt::Display for SignError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Writes `signed: { by, date, digest }` into one claim of a claims file's text, replacing
/// an earlier sign-off of that claim. Every other line stays as it was.
pub fn sign_claim_text(
    text: &str,
    claims: &ClaimsFile,
    id: &str,
    by: &str,
    date: Date,
) -> Result<String, SignError> {
    let claim = claims.get(id).ok_or_else(|| {
        SignError(format!(
            "there is no claim `{id}` in {}; check the id",
            claims.path.display()
        ))
    })?;
    let lines: Vec<&str> = text.split('\n').collect();
    let start = claim.id_line.saturating_sub(1);
    if !lines.get(start).is_some_and(|l| l.contains("id:")) {
        return Err(SignError(format!(
            "cannot find the `id: {id}` line in {}; write each claim as `- id: {id}` on its own line",
            claims.path.display()
        )));
    }
    let end = (start + 1..lines.len())
        .find(|&i| {
            let t = lines[i].trim_start();
            t.starts_with("- id:")
                || (!lines[i].starts_with(' ') && !t.is_empty() && !t.starts_with('#'))
        })
        .unwrap_or(lines.len());
    let indent = lines[start + 1..end]
        .iter()
        .find(|l| l.trim_start().starts_with("statement:"))
        .map(|l| &l[..l.len() - l.trim_start().len()])
        .unwrap_or("    ")
        .to_string();
    let signed_line = format!(
        "{indent}signed: {{ by: {}, date: {date}, digest: \"{}\" }}",
        yaml_quote(by),
        claim_digest(claim)
    );
    let mut out: Vec<String> = Vec::with_capacity(lines.len() + 1);
    let mut replaced = false;
    for (i, line) in lines.iter().enumerate() {
        let inside = i > start && i < end;
        if inside && line.trim_start().starts_with("signed:") {
            if !replaced {
                out.push(signed_line.clone());
                replaced = true;
            }
            continue;
        }
        out.push((*line).to_string());
    }
    if !replaced {
        // After the claim's last non-blank line.
        let last = (start..end)
            .rev()
            .find(|&i| !lines[i].trim().is_empty() && !lines[i].trim_start().starts_with('#'))
            .unwrap_or(start);
        out.insert(last + 1, signed_line);
    }
    Ok(out.join("\n"))
}

/// Writes `reviewed_by`, `reviewed` and `review_digest` into a page's `[extra]` table,
/// replacing the old values and leaving every other line alone.
pub fn sign_page_text(text: &str, by: &str, date: Date) -> Result<String, SignError> {
    let source = crate::page::split_front_matter(text);
    if source.front_matter.is_none() {
        return Err(SignError(
            "the page has no TOML front matter (+++ … +++); add one with an [extra] table first"
                .into(),
        ));
    }
    let digest = page_digest(text);
    let lines: Vec<&str> = text.split('\n').collect();
    let close = lines
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, l)| l.trim_end() == "+++")
        .map(|(i, _)| i)
        .ok_or_else(|| SignError("the front matter never closes with +++".into()))?;
    let extra = lines[..close]
        .iter()
        .position(|l| l.trim() == "[extra]")
        .ok_or_else(|| {
            SignError(
                "the front matter has no [extra] table; add `[extra]` with the review dates".into(),
            )
        })?;
    let table_end = (extra + 1..close)
        .find(|&i| lines[i].trim_start().starts_with('['))
        .unwrap_or(close);
    let values = [
        ("reviewed_by", toml_quote(by)),
        ("reviewed", date.to_string()),
        ("review_digest", format!("\"{digest}\"")),
    ];
    let mut out: Vec<String> = Vec::with_capacity(lines.len() + 3);
    let mut written = [false; 3];
    for (i, line) in lines.iter().enumerate() {
        if i > extra && i < table_end {
            let key = line.split('=').next().unwrap_or("").trim();
            if let Some(k) = values.iter().position(|(name, _)| *name == key) {
                out.push(format!("{} = {}", values[k].0, values[k].1));
                written[k] = true;
                continue;
            }
        }
        if i == table_end {
            for (k, (name, value)) in values.iter().enumerate() {
                if !written[k] {
                    out.push(format!("{name} = {value}"));
                }
            }
        }
        out.push((*line).to_string());
    }
    Ok(out.join("\n"))
}

fn yaml_quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn toml_quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    const FILE: &str = "# Claims.\nsources:\n  r: { citation: \"A review.\", type: review }\nclaims:\n  # First.\n  - id: one\n    statement: \"Some studies suggest that x may be linked to y.\"\n    certainty: low\n    kind: association\n    sources:\n      - source: r\n        locator: \"Results\"\n        quote: \"x is linked to y [1]\"\n    reviewed: 2026-11-01\n    next_review: 2027-11-01\n\n  - id: two\n    statement: \"BPD is a condition.\"\n    certainty: high\n    kind: definition\n    sources: [{ source: r, locator: \"Intro\" }]\n    reviewed: 2026-11-01\n";

    fn parse(text: &str) -> ClaimsFile {
        ClaimsFile::parse(Path::new("claims.yaml"), text).unwrap()
    }

    #[test]
    fn signing_adds_one_line_and_keeps_the_rest() {
        let claims = parse(FILE);
        let date = Date::parse("2026-12-01").unwrap();
        let signed =
            sign_claim_text(FILE, &claims, "one", "Dr A. Example, psychiatrist", date).unwrap();
        let added: Vec<&str> = signed
            .lines()
            .filter(|l| !FILE.lines().any(|o| o == *l))
            .collect();
        assert_eq!(added.len(), 1, "{signed}");
        assert!(added[0].starts_with(
            "    signed: { by: \"Dr A. Example, psychiatrist\", date: 2026-12-01, digest: \""
        ));
        assert_eq!(signed.lines().count(), FILE.lines().count() + 1);
        // It lands inside claim one, before the blank line that ends it.
        let at = signed.lines().position(|l| l.contains("signed:")).unwrap();
        assert!(signed.lines().nth(at - 1).unwrap().contains("next_review"));
        let reparsed = parse(&signed);
        assert_eq!(
            claim_status(reparsed.get("one").unwrap(), date),
            Status::Signed
        );
        assert_eq!(
            claim_status(reparsed.get("two").unwrap(), date),
            Status::NeedsFirstReview
        );
        // Signing again replaces the line instead of adding another.
        let again = sign_claim_text(&signed, &reparsed, "one", "Dr B", date).unwrap();
        assert_eq!(again.matches("signed:").count(), 1);
        assert!(again.contains("by: \"Dr B\""));
    }

    #[test]
    fn a_change_after_sign_off_makes_it_stale_and_overdue_counts_too() {
        let claims = parse(FILE);
        let date = Date::parse("2026-12-01").unwrap();
        let signed = sign_claim_text(FILE, &claims, "one", "Dr A", date).unwrap();
        let changed = signed.replace("x is linked to y [1]", "x is linked to y [1, 2]");
        let claim = parse(&changed).get("one").unwrap().clone();
        assert_eq!(claim_status(&claim, date), Status::ChangedSinceSignOff);
        let claim = parse(&signed).get("one").unwrap().clone();
        let later = Date::parse("2028-01-01").unwrap();
        assert_eq!(claim_status(&claim, later), Status::Overdue);
    }

    #[test]
    fn an_unknown_claim_is_refused() {
        let claims = parse(FILE);
        let e = sign_claim_text(
            FILE,
            &claims,
            "nope",
            "Dr A",
            Date::parse("2026-12-01").unwrap(),
        );
        assert!(e.unwrap_err().0.contains("no claim `nope`"));
    }

    const PAGE: &str = "+++\ntitle = \"T\"\n\n[extra]\nreviewed = 2026-11-22\nnext_review = 2027-11-22\nreviewed_by = \"pending clinical review\"\n+++\n\nBody text.\n";

    #[test]
    fn signing_a_page_writes_its_review_fields() {
        let date = Date::parse("2026-12-01").unwrap();
        let signed = sign_page_text(PAGE, "Dr A, psychiatrist", date).unwrap();
        assert!(signed.contains("reviewed_by = \"Dr A, psychiatrist\"\n"));
        assert!(signed.contains("reviewed = 2026-12-01\n"));
        assert!(signed.contains("next_review = 2027-11-22\n"));
        assert!(signed.contains("review_digest = \""));
        assert!(signed.ends_with("Body text.\n"));
        let sign_off = page_sign_off_in(&signed).unwrap();
        assert_eq!(page_status(&signed, Some(&sign_off)), Status::Signed);
        let edited = signed.replace("Body text.", "Body text, edited.");
        assert_eq!(
            page_status(&edited, Some(&sign_off)),
            Status::ChangedSinceSignOff
        );
        // A name typed in by hand, with no digest, is not a sign-off.
        assert_eq!(page_sign_off_in(PAGE), None);
    }
}
