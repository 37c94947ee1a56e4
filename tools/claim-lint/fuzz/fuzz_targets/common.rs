//! Fixtures and helpers shared by the fuzz targets. Only `pub` items of claim-lint are used.

#![allow(dead_code)]

use claim_lint::check::Linter;
use claim_lint::claims::{ClaimsFile, Date};
use claim_lint::config::LintConfig;
use claim_lint::Report;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A tiny claims file (a copy of the test site's): three claims, one withdrawn, one overdue.
pub const CLAIMS_YAML: &str = include_str!("../fixtures/claims.yaml");

/// A small page that cites the fixture claims, used by the targets that fuzz the other inputs.
pub const PAGE_MD: &str = include_str!("../fixtures/page.md");

/// Glossary words passed to the linter as short words.
pub const GLOSSARY_TERMS: &[&str] = &["amygdala", "prefrontal cortex", "cortisol"];

pub fn today() -> Date {
    Date::parse("2026-11-22").expect("fixed date parses")
}

pub fn glossary_terms() -> Vec<String> {
    GLOSSARY_TERMS.iter().map(|s| s.to_string()).collect()
}

pub fn fixture_claims() -> &'static ClaimsFile {
    static CLAIMS: OnceLock<ClaimsFile> = OnceLock::new();
    CLAIMS.get_or_init(|| {
        ClaimsFile::parse(Path::new("claims.yaml"), CLAIMS_YAML).expect("fixture claims parse")
    })
}

pub fn default_config() -> &'static LintConfig {
    static CONFIG: OnceLock<LintConfig> = OnceLock::new();
    CONFIG.get_or_init(LintConfig::default)
}

/// The linter the page target uses: fixture claims, default config, fixed date and glossary
/// words. Built once, since building it (word lists, claim domain) costs more than a check.
pub fn fixture_linter() -> &'static Linter<'static> {
    static LINTER: OnceLock<Linter<'static>> = OnceLock::new();
    static TERMS: OnceLock<Vec<String>> = OnceLock::new();
    LINTER.get_or_init(|| {
        let terms = TERMS.get_or_init(glossary_terms);
        Linter::new(default_config(), fixture_claims(), today(), terms)
    })
}

/// A per-process scratch file, for the checks that read their input back from disk
/// (`Linter::check_statements`, `Linter::check_glossary`).
pub fn scratch_file(name: &str, text: &str) -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    let dir = DIR.get_or_init(|| {
        let d = std::env::temp_dir().join(format!("claim-lint-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&d).expect("create scratch dir");
        d
    });
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write scratch file");
    path
}

/// Runs the full page check on one page and renders the report every way it can be shown.
pub fn lint_page(linter: &Linter, path: &Path, text: &str) -> Report {
    let mut report = Report::new();
    linter.check_page(path, text, &mut report);
    finish_and_render(&mut report);
    report
}

/// `finish`, then the human (plain and coloured) and JSON renderings, which compute positions.
pub fn finish_and_render(report: &mut Report) {
    report.finish();
    let _ = report.has_errors();
    let _ = report.to_human(false);
    let _ = report.to_human(true);
    let _ = report.to_json();
}
