//! The claim gate: the same checks as `claim-lint check` over `content/`.
//!
//! Every error refuses the build, with one exception the README promises: a page past its
//! review date, where a clinic raised `review-overdue` to an error, is withheld on its own.
//! It must never block an urgent fix elsewhere, such as a crisis number.

use crate::error::{BuildError, InputError};
use claim_lint::claims::Date;
use claim_lint::{CheckOptions, Report, Severity};
use std::path::{Path, PathBuf};

/// The rule whose errors withhold a page instead of refusing the build.
pub const WITHHOLDING_RULE: &str = "review-overdue";

/// The crisis page is never withheld: readers in crisis need it more than they need it
/// fresh, and the numbers on it come from config.toml, not from the page. It is published
/// with its "due for review" notice, and the build warns.
pub const NEVER_WITHHELD: &[&str] = &["get-help-now.md"];

#[derive(Debug)]
pub struct GateOutcome {
    pub report: Report,
    /// Pages (relative to `content/`) that are withheld for an overdue review.
    pub withheld: Vec<String>,
    /// Overdue pages published anyway because they are in [`NEVER_WITHHELD`].
    pub overdue_kept: Vec<String>,
}

impl GateOutcome {
    /// Errors that refuse the whole build.
    pub fn blocking_errors(&self) -> usize {
        self.report
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error && f.rule != WITHHOLDING_RULE)
            .count()
    }
}

/// Checks the pages as read by [`crate::content::read_sources`]: the same texts the
/// renderer gets.
pub fn run(
    root: &Path,
    today: Date,
    sources: &[(PathBuf, String)],
) -> Result<GateOutcome, BuildError> {
    let content = root.join("content");
    let opts = CheckOptions {
        claims: root.join("claims.yaml"),
        config: root.join("config.toml"),
        glossary: Some(root.join("glossary.yaml")),
        paths: vec![content.clone()],
        today,
    };
    let report = claim_lint::check_sources(&opts, sources).map_err(|errors| {
        BuildError::Input(
            errors
                .into_iter()
                .map(|e| InputError::new(&e.path, Some(e.line), e.message))
                .collect(),
        )
    })?;
    let mut withheld = Vec::new();
    let overdue = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error && f.rule == WITHHOLDING_RULE);
    for f in overdue {
        // A page that cannot be matched could not be withheld, so it must not be published.
        match relative_to(&content, Path::new(&f.path)) {
            Some(page) => withheld.push(page),
            None => return Err(BuildError::Gate(report.to_human(false))),
        }
    }
    withheld.sort();
    withheld.dedup();
    let (overdue_kept, withheld) = withheld
        .into_iter()
        .partition(|page| NEVER_WITHHELD.contains(&page.as_str()));
    Ok(GateOutcome {
        report,
        withheld,
        overdue_kept,
    })
}

/// A finding's path (as claim-lint prints it: relative to the current folder when it can)
/// relative to `content/`.
fn relative_to(content: &Path, finding_path: &Path) -> Option<String> {
    let absolute = |p: &Path| -> Option<PathBuf> {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().ok()?.join(p)
        };
        p.canonicalize().ok()
    };
    let file = absolute(finding_path)?;
    let dir = absolute(content)?;
    Some(
        file.strip_prefix(dir)
            .ok()?
            .to_string_lossy()
            .replace('\\', "/"),
    )
}
