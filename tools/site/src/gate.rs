//! The claim gate: the same checks as `claim-lint check` over `content/`, and
//! claim-lint's one publication policy ([`claim_lint::gate::verdict`]): every error refuses
//! the build, except a page whose only errors withhold it (an overdue review the clinic
//! made an error), which is left out on its own, unless `never_withhold` lists it.

use crate::error::BuildError;
use claim_lint::claims::Date;
use claim_lint::config::LintConfig;
use claim_lint::gate::{verdict, Disposition, Verdict};
use claim_lint::{CheckOptions, Report};
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub struct GateOutcome {
    pub report: Report,
    pub verdict: Verdict,
    /// Pages (relative to `content/`) that are withheld for an overdue review.
    pub withheld: Vec<String>,
    /// Overdue pages published anyway because config lists them in `never_withhold`.
    pub overdue_kept: Vec<String>,
}

impl GateOutcome {
    /// True when nothing may be published.
    pub fn blocks(&self) -> bool {
        self.verdict.blocks()
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
    let opts = check_options(root, today);
    let report = claim_lint::check_sources(&opts, sources).map_err(BuildError::Input)?;
    let config = LintConfig::load(&opts.config)?;
    let verdict = verdict(&report, &content, &config.never_withhold);
    let withheld = verdict.withheld();
    let overdue_kept = overdue_kept(&report, &verdict, &content);
    Ok(GateOutcome {
        report,
        verdict,
        withheld,
        overdue_kept,
    })
}

/// What the gate checks for a site at `root`: its claims, config, glossary and pages.
pub fn check_options(root: &Path, today: Date) -> CheckOptions {
    CheckOptions {
        claims: root.join("claims.yaml"),
        config: root.join("config.toml"),
        glossary: Some(root.join("glossary.yaml")),
        paths: vec![root.join("content")],
        today,
    }
}

/// Pages with a withholding error that config keeps published (`never_withhold`).
pub(crate) fn overdue_kept(report: &Report, verdict: &Verdict, content: &Path) -> Vec<String> {
    let mut kept: Vec<String> = report
        .summary
        .pages
        .iter()
        .filter(|p| {
            report.findings.iter().any(|f| {
                f.path == p.path
                    && f.severity == claim_lint::Severity::Error
                    && claim_lint::rules::find_rule(&f.rule).is_some_and(|r| r.withholds)
            })
        })
        .filter_map(|p| p.file.strip_prefix(content).ok())
        .map(|r| r.to_string_lossy().replace('\\', "/"))
        .filter(|r| verdict.pages.get(r) == Some(&Disposition::Warn))
        .collect();
    kept.sort();
    kept
}
