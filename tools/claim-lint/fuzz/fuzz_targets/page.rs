//! Arbitrary bytes as a page: the full page check with a fixed claims file and the default
//! config, then the report rendered as human text and JSON.
#![no_main]

mod common;

use claim_lint::check::Linter;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let terms = common::glossary_terms();
    let linter = Linter::new(
        common::default_config(),
        common::fixture_claims(),
        common::today(),
        &terms,
    );
    common::lint_page(&linter, Path::new("content/fuzz.md"), text);
});
