//! Arbitrary text through `Glossary::parse`. A glossary that parses is then checked like the
//! real one (`Linter::check_glossary`, which reads the file back for positions) against the
//! fixture claims, and its words are used as the linter's short words on a fixed page.
#![no_main]

mod common;

use claim_lint::check::Linter;
use claim_lint::glossary::Glossary;
use claim_lint::Report;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(glossary) = Glossary::parse(Path::new("glossary.yaml"), text) else {
        return;
    };
    let words = glossary.words();
    let linter = Linter::new(
        common::default_config(),
        common::fixture_claims(),
        common::today(),
        &words,
    );
    let path = common::scratch_file("glossary.yaml", text);
    let mut report = Report::new();
    linter.check_glossary(&path, &glossary, &mut report);
    common::finish_and_render(&mut report);
    common::lint_page(&linter, Path::new("content/page.md"), common::PAGE_MD);
});
