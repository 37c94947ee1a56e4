//! Arbitrary text through `LintConfig::parse`. A config that parses is then used for a real
//! run over a fixed page and the fixture claims, with the report rendered.
#![no_main]

mod common;

use claim_lint::check::Linter;
use claim_lint::config::LintConfig;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(config) = LintConfig::parse(Path::new("config.toml"), text) else {
        return;
    };
    for s in config.severity.values() {
        let _ = s.to_severity();
    }
    let terms = common::glossary_terms();
    let linter = Linter::new(&config, common::fixture_claims(), common::today(), &terms);
    common::lint_page(&linter, Path::new("content/page.md"), common::PAGE_MD);
});
