//! Arbitrary text as claims.yaml: parsing must return Ok or Err, never panic. A file that
//! parses is then used for a real run: its statements are checked against themselves and a
//! fixed page is checked against it, with the report rendered.
#![no_main]

mod common;

use claim_lint::check::Linter;
use claim_lint::claims::{ClaimPositions, ClaimsFile};
use claim_lint::Report;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // The position scanner is public and runs on every file, parsed or not.
    let positions = ClaimPositions::new(text);
    let (line, _) = positions.id_line("prevalence", 0);
    let _ = positions.statement_after(line);

    let Ok(mut claims) = ClaimsFile::parse(Path::new("claims.yaml"), text) else {
        return;
    };
    // check_statements reads the claims file back from `claims.path`.
    claims.path = common::scratch_file("claims.yaml", text);
    let terms = common::glossary_terms();
    let linter = Linter::new(common::default_config(), &claims, common::today(), &terms);
    let mut report = Report::new();
    linter.check_statements(&mut report);
    common::finish_and_render(&mut report);
    common::lint_page(&linter, Path::new("content/page.md"), common::PAGE_MD);
});
