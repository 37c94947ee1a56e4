//! `claim-lint review`: a self-contained HTML report for the clinician who signs claims off.
//!
//! The clinician never opens a terminal, so everything they need is on one page that works
//! offline, without JavaScript, prints cleanly and passes axe-core: for every claim, the
//! statement, its kind, certainty and basis, each source passage and whether a machine
//! verified it against a local copy, the findings, every sentence that cites it with that
//! sentence's own findings, and where it stands with its sign-off. Claims come in order of
//! risk: errors first, then higher certainty, then the most cited.
//!
//! The page is rendered from `templates/review.html` (embedded at build time) with
//! minijinja, which escapes every value, so a claim's text can never become markup.

use crate::check::{check, collect_pages, read_pages, CheckOptions};
use crate::claims::{Claim, ClaimsFile, Date};
use crate::config::LintConfig;
use crate::diagnostic::{line_col, FileError};
use crate::evidence::{QuoteMatch, SourceTexts};
use crate::report::{display_path, Finding, Report, Severity};
use crate::rules::{certainty_above_basis, ClaimCtx};
use crate::signoff::{self, Status};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const TEMPLATE: &str = include_str!("../templates/review.html");

/// One source passage as the clinician sees it.
#[derive(Debug, Serialize)]
pub struct ReviewSource {
    pub citation: String,
    pub doi: Option<String>,
    pub locator: String,
    pub quote: Option<String>,
    pub note: Option<String>,
    /// "verified in the local copy (line N)", "not verified: no local copy", …
    pub verification: String,
    pub verified: bool,
    /// The quote is not in the local copy: an error.
    pub missing: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReviewFinding {
    pub severity: String,
    pub rule: String,
    pub message: String,
    pub suggestion: Option<String>,
}

/// A page sentence that cites the claim.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewCitation {
    pub page: String,
    pub url: String,
    pub line: usize,
    pub sentence: String,
    pub findings: Vec<ReviewFinding>,
}

#[derive(Debug, Serialize)]
pub struct ReviewSigned {
    pub by: String,
    pub date: String,
}

#[derive(Debug, Serialize)]
pub struct ReviewClaim {
    pub id: String,
    pub statement: String,
    pub kind: String,
    pub label: String,
    pub certainty: String,
    pub basis: String,
    pub basis_cap: String,
    pub rationale: Option<String>,
    pub rationale_by: Option<String>,
    pub next_review: String,
    pub status: String,
    pub signed: Option<ReviewSigned>,
    pub sources: Vec<ReviewSource>,
    pub findings: Vec<ReviewFinding>,
    pub errors: usize,
    pub citations: Vec<ReviewCitation>,
    #[serde(skip)]
    certainty_rank: u8,
}

#[derive(Debug, Default, Serialize)]
pub struct ReviewCounts {
    pub total: usize,
    pub needs_first_review: usize,
    pub changed: usize,
    pub overdue: usize,
    pub signed: usize,
    pub overrides: usize,
    pub unverified: usize,
}

#[derive(Debug, Serialize)]
pub struct ReviewErrors {
    pub id: String,
    pub errors: usize,
}

/// Everything the review page shows.
#[derive(Debug, Serialize)]
pub struct Review {
    pub site_name: String,
    pub today: String,
    pub counts: ReviewCounts,
    pub with_errors: Vec<ReviewErrors>,
    pub claims: Vec<ReviewClaim>,
}

/// Builds the review from the same check `claim-lint check` runs. `content` is the folder
/// the pages' addresses are relative to; `base_url` is the site's address.
pub fn build(
    opts: &CheckOptions,
    content: &Path,
    base_url: &str,
    site_name: &str,
) -> Result<Review, Vec<FileError>> {
    let report = check(opts)?;
    let claims = ClaimsFile::load(&opts.claims)?;
    let config = LintConfig::load(&opts.config).map_err(|e| vec![e])?;
    let texts = SourceTexts::load(&claims).map_err(|e| vec![e])?;
    let files = collect_pages(&opts.paths)?;
    let pages = read_pages(&files)?;
    let citations = citing_sentences(&pages, content, base_url, &report);
    let claims_path = display_path(&claims.path);
    let mut review_claims: Vec<ReviewClaim> = claims
        .claims
        .iter()
        .filter(|c| c.status != crate::claims::Status::Withdrawn)
        .map(|claim| {
            let ctx = ClaimCtx {
                claim,
                claims: &claims,
                texts: &texts,
                config: &config,
                lex: &config.words,
            };
            let findings = claim_findings(&report, &claims_path, claim);
            review_claim(&ctx, opts.today, findings, citations.get(&claim.id))
        })
        .collect();
    review_claims.sort_by(|a, b| {
        (b.errors > 0)
            .cmp(&(a.errors > 0))
            .then(b.certainty_rank.cmp(&a.certainty_rank))
            .then(b.citations.len().cmp(&a.citations.len()))
            .then(a.id.cmp(&b.id))
    });
    let mut counts = ReviewCounts {
        total: review_claims.len(),
        ..ReviewCounts::default()
    };
    for c in &review_claims {
        match c.status.as_str() {
            s if s == Status::NeedsFirstReview.as_str() => counts.needs_first_review += 1,
            s if s == Status::ChangedSinceSignOff.as_str() => counts.changed += 1,
            s if s == Status::Overdue.as_str() => counts.overdue += 1,
            _ => counts.signed += 1,
        }
        counts.overrides += usize::from(c.rationale.is_some());
        counts.unverified += c.sources.iter().filter(|s| !s.verified).count();
    }
    let with_errors = review_claims
        .iter()
        .filter(|c| c.errors > 0)
        .map(|c| ReviewErrors {
            id: c.id.clone(),
            errors: c.errors,
        })
        .collect();
    Ok(Review {
        site_name: site_name.to_string(),
        today: opts.today.to_string(),
        counts,
        with_errors,
        claims: review_claims,
    })
}

fn review_claim(
    ctx: &ClaimCtx,
    today: Date,
    findings: Vec<ReviewFinding>,
    citations: Option<&Vec<ReviewCitation>>,
) -> ReviewClaim {
    let claim = ctx.claim;
    let status = signoff::claim_status(claim, today);
    let basis_cap = match claim.basis {
        _ if !claim.kind.is_finding() => "not rated: not a finding".to_string(),
        Some(basis) => certainty_above_basis::highest_allowed(ctx, basis)
            .0
            .to_string(),
        None => "unknown: no basis given".to_string(),
    };
    let errors = findings.iter().filter(|f| f.severity == "error").count();
    ReviewClaim {
        id: claim.id.clone(),
        statement: claim.statement.clone(),
        kind: claim.kind.as_str().to_string(),
        label: claim.reader_label().to_string(),
        certainty: claim.certainty.to_string(),
        basis: claim
            .basis
            .map_or("not given".to_string(), |b| b.to_string()),
        basis_cap,
        rationale: claim.certainty_rationale.clone(),
        rationale_by: claim.rationale_by.clone(),
        next_review: claim
            .next_review
            .map_or("not set".to_string(), |d| d.to_string()),
        status: status.as_str().to_string(),
        signed: claim.signed.as_ref().map(|s| ReviewSigned {
            by: s.by.clone(),
            date: s.date.to_string(),
        }),
        sources: sources(ctx),
        findings,
        errors,
        citations: citations.cloned().unwrap_or_default(),
        certainty_rank: claim.certainty as u8,
    }
}

fn sources(ctx: &ClaimCtx) -> Vec<ReviewSource> {
    ctx.claim
        .sources
        .iter()
        .map(|s| {
            let source = ctx.claims.sources.get(&s.source);
            let (verification, verified, missing) = match (&s.quote, ctx.texts.get(&s.source)) {
                (Some(quote), Some(text)) => match text.find(quote) {
                    QuoteMatch::Found { line } => (
                        format!("verified in the local copy (line {line})"),
                        true,
                        false,
                    ),
                    QuoteMatch::Missing { .. } => (
                        "NOT FOUND in the local copy: the quote is not the source's words".into(),
                        false,
                        true,
                    ),
                },
                (Some(_), None) => ("not verified: no local copy".into(), false, false),
                (None, _) if s.note.is_some() => (
                    "not verified: a note in our own words; a second reader must check it".into(),
                    false,
                    false,
                ),
                (None, _) => ("no passage recorded".into(), false, true),
            };
            ReviewSource {
                citation: source.map_or(s.source.clone(), |x| x.citation.clone()),
                doi: source.and_then(|x| x.doi.clone()),
                locator: s.locator.clone(),
                quote: s.quote.clone(),
                note: s.note.clone(),
                verification,
                verified,
                missing,
            }
        })
        .collect()
}

fn to_review_finding(f: &Finding) -> ReviewFinding {
    ReviewFinding {
        severity: match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
        .to_string(),
        rule: f.rule.clone(),
        message: f.message.clone(),
        suggestion: f.suggestion.clone(),
    }
}

/// Findings reported in the claims file on this claim, errors first.
fn claim_findings(report: &Report, claims_path: &str, claim: &Claim) -> Vec<ReviewFinding> {
    let mut found: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.path == claims_path && f.claim.as_deref() == Some(claim.id.as_str()))
        .collect();
    found.sort_by_key(|f| std::cmp::Reverse(f.severity));
    found.into_iter().map(to_review_finding).collect()
}

/// Every sentence that cites each claim, with the findings on that sentence (none when
/// `report` has none, as for `claim-lint impact`).
pub fn citing_sentences(
    pages: &[(PathBuf, String)],
    content: &Path,
    base_url: &str,
    report: &Report,
) -> BTreeMap<String, Vec<ReviewCitation>> {
    let mut by_claim: BTreeMap<String, Vec<ReviewCitation>> = BTreeMap::new();
    for (path, text) in pages {
        let display = display_path(path);
        let relative = path
            .strip_prefix(content)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        let url = page_url(base_url, &relative);
        let source = crate::page::split_front_matter(text);
        for sentence in crate::page::sentences(&source) {
            if sentence.markers.is_empty() || sentence.text.is_empty() {
                continue;
            }
            let first = sentence.char_offsets.first().copied().unwrap_or(0);
            let last = sentence.char_offsets.last().copied().unwrap_or(first);
            let (line, _) = line_col(text, first);
            let (end_line, _) = line_col(text, last);
            for marker in &sentence.markers {
                let findings = report
                    .findings
                    .iter()
                    .filter(|f| {
                        f.path == display
                            && f.line >= line
                            && f.line <= end_line
                            && f.claims.contains(&marker.id)
                    })
                    .map(to_review_finding)
                    .collect();
                by_claim
                    .entry(marker.id.clone())
                    .or_default()
                    .push(ReviewCitation {
                        page: relative.clone(),
                        url: url.clone(),
                        line,
                        sentence: sentence.text.clone(),
                        findings,
                    });
            }
        }
    }
    by_claim
}

/// The address Zola gives a page: `a/b.md` → `a/b/`, `a/_index.md` and `a/index.md` → `a/`.
pub fn page_url(base_url: &str, relative: &str) -> String {
    let base = base_url.trim_end_matches('/');
    let without = relative.strip_suffix(".md").unwrap_or(relative);
    let path = match without.rsplit_once('/') {
        Some((dir, "_index" | "index")) => format!("{dir}/"),
        None if without == "_index" || without == "index" => String::new(),
        _ => format!("{without}/"),
    };
    format!("{base}/{path}")
}

/// The review as one HTML page.
pub fn render(review: &Review) -> Result<String, String> {
    let mut env = minijinja::Environment::new();
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
    env.add_template("review.html", TEMPLATE)
        .map_err(|e| format!("the review template is invalid: {e}"))?;
    env.get_template("review.html")
        .and_then(|t| t.render(review))
        .map_err(|e| format!("cannot render the review: {e}"))
}

/// Writes `index.html` into `dir` (beside, then renamed, so it is never half-written).
pub fn write(dir: &Path, html: &str) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let target = dir.join("index.html");
    let temporary = dir.join("index.html.tmp");
    std::fs::write(&temporary, html)?;
    std::fs::rename(&temporary, &target)?;
    Ok(target)
}

/// The site's name and address from `config.toml` (`[extra.clinic] name`, else `title`;
/// `base_url`), with plain defaults when the file is missing.
pub fn site_identity(config: &Path) -> (String, String) {
    let table: toml::Table = std::fs::read_to_string(config)
        .ok()
        .and_then(|t| toml::from_str(&t).ok())
        .unwrap_or_default();
    let name = table
        .get("extra")
        .and_then(|e| e.get("clinic"))
        .and_then(|c| c.get("name"))
        .and_then(|n| n.as_str())
        .or_else(|| table.get("title").and_then(|t| t.as_str()))
        .unwrap_or("this site")
        .to_string();
    let base = table
        .get("base_url")
        .and_then(|b| b.as_str())
        .unwrap_or("")
        .to_string();
    (name, base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_addresses_follow_zola() {
        assert_eq!(
            page_url("https://x.org/", "oxytocin.md"),
            "https://x.org/oxytocin/"
        );
        assert_eq!(page_url("https://x.org", "_index.md"), "https://x.org/");
        assert_eq!(
            page_url("https://x.org", "treatments/_index.md"),
            "https://x.org/treatments/"
        );
        assert_eq!(
            page_url("https://x.org", "treatments/dbt/index.md"),
            "https://x.org/treatments/dbt/"
        );
        assert_eq!(
            page_url("https://x.org", "treatments/dbt.md"),
            "https://x.org/treatments/dbt/"
        );
    }
}
