//! What a report means for publication: one policy, used by `claim-lint check` and by
//! `site build`, so the two cannot disagree.
//!
//! - An error on a page blocks the build, unless every error on that page comes from a
//!   withholding rule ([`crate::rules::RuleMeta::withholds`], today `review-overdue` when a
//!   clinic raises it to an error): then only that page is withheld, unless config lists it
//!   in `never_withhold`, when it is published with a warning.
//! - An error outside the pages (the claims file, the glossary) blocks the build.
//! - Warnings never block.

use crate::report::{Report, Severity};
use crate::rules::find_rule;
use std::collections::BTreeMap;
use std::path::Path;

/// What happens to one page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Disposition {
    /// Published: no findings above info.
    Publish,
    /// Published, with warnings to read.
    Warn,
    /// Left out of the site (its URL explains why); the rest is published.
    Withhold,
    /// The whole build is refused.
    Block,
}

/// The verdict for a whole run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// Each checked page, by its path relative to `content/` (as `@/` links name it).
    pub pages: BTreeMap<String, Disposition>,
    /// Files outside `content/` with errors (claims file, glossary): they block the build.
    pub blocking_files: Vec<String>,
}

impl Verdict {
    /// True when nothing may be published.
    pub fn blocks(&self) -> bool {
        !self.blocking_files.is_empty() || self.pages.values().any(|d| *d == Disposition::Block)
    }

    /// Pages to leave out, relative to `content/`.
    pub fn withheld(&self) -> Vec<String> {
        self.with(Disposition::Withhold)
    }

    fn with(&self, wanted: Disposition) -> Vec<String> {
        self.pages
            .iter()
            .filter(|(_, d)| **d == wanted)
            .map(|(p, _)| p.clone())
            .collect()
    }
}

/// Applies the policy to a report. `content` is the folder the pages were read from;
/// `never_withhold` lists pages relative to it.
pub fn verdict(report: &Report, content: &Path, never_withhold: &[String]) -> Verdict {
    let mut relative_of: BTreeMap<&str, String> = BTreeMap::new();
    for page in &report.summary.pages {
        let relative = page
            .file
            .strip_prefix(content)
            .unwrap_or(&page.file)
            .to_string_lossy()
            .replace('\\', "/");
        relative_of.insert(page.path.as_str(), relative);
    }
    let mut pages: BTreeMap<String, Disposition> = relative_of
        .values()
        .map(|r| (r.clone(), Disposition::Publish))
        .collect();
    let mut blocking_files = Vec::new();
    for f in &report.findings {
        let Some(relative) = relative_of.get(f.path.as_str()) else {
            if f.severity == Severity::Error && !blocking_files.contains(&f.path) {
                blocking_files.push(f.path.clone());
            }
            continue;
        };
        let withholds = find_rule(&f.rule).is_some_and(|r| r.withholds);
        let this = match f.severity {
            Severity::Error if withholds && never_withhold.contains(relative) => Disposition::Warn,
            Severity::Error if withholds => Disposition::Withhold,
            Severity::Error => Disposition::Block,
            Severity::Warning => Disposition::Warn,
            Severity::Info => Disposition::Publish,
        };
        let entry = pages
            .entry(relative.clone())
            .or_insert(Disposition::Publish);
        *entry = (*entry).max_with(this);
    }
    Verdict {
        pages,
        blocking_files,
    }
}

impl Disposition {
    /// The stronger of two: Block > Withhold > Warn > Publish.
    fn max_with(self, other: Disposition) -> Disposition {
        let rank = |d: Disposition| match d {
            Disposition::Publish => 0,
            Disposition::Warn => 1,
            Disposition::Withhold => 2,
            Disposition::Block => 3,
        };
        if rank(other) > rank(self) {
            other
        } else {
            self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Finding, PageSummary};
    use std::path::PathBuf;

    fn report(findings: &[(&str, &str, Severity)]) -> Report {
        let mut r = Report::new();
        for name in ["a.md", "crisis.md", "b.md"] {
            r.summary.pages.push(PageSummary {
                path: format!("content/{name}"),
                file: PathBuf::from("content").join(name),
                sentences: 1,
                claims_cited: 0,
                reading_grade: None,
                reading_grade_glossary_adjusted: None,
            });
        }
        for (path, rule, severity) in findings {
            r.findings.push(Finding {
                path: path.to_string(),
                line: 1,
                column: 1,
                end_line: 1,
                end_column: 2,
                rule: rule.to_string(),
                category: String::new(),
                severity: *severity,
                message: String::new(),
                claim: None,
                claims: Vec::new(),
                sentence: String::new(),
                suggestion: None,
                byte_range: 0..1,
                claim_notes: Vec::new(),
            });
        }
        r
    }

    #[test]
    fn one_policy_for_every_disposition() {
        let r = report(&[
            ("content/a.md", "review-overdue", Severity::Error),
            ("content/crisis.md", "review-overdue", Severity::Error),
            ("content/b.md", "reading-grade", Severity::Warning),
        ]);
        let v = verdict(&r, Path::new("content"), &["crisis.md".into()]);
        assert_eq!(v.pages["a.md"], Disposition::Withhold);
        assert_eq!(v.pages["crisis.md"], Disposition::Warn);
        assert_eq!(v.pages["b.md"], Disposition::Warn);
        assert!(!v.blocks());
        assert_eq!(v.withheld(), ["a.md"]);
    }

    #[test]
    fn any_other_error_blocks_even_beside_a_withholding_one() {
        let r = report(&[
            ("content/a.md", "review-overdue", Severity::Error),
            ("content/a.md", "booster-word", Severity::Error),
        ]);
        let v = verdict(&r, Path::new("content"), &[]);
        assert_eq!(v.pages["a.md"], Disposition::Block);
        assert!(v.blocks());
        let r = report(&[("claims.yaml", "overstated-certainty", Severity::Error)]);
        let v = verdict(&r, Path::new("content"), &[]);
        assert!(v.blocks());
        assert_eq!(v.blocking_files, ["claims.yaml"]);
    }
}
