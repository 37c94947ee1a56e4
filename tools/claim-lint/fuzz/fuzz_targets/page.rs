//! Arbitrary bytes as a page: the full page check with a fixed claims file and the default
//! config, then the report rendered as human text and JSON.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    common::lint_page(common::fixture_linter(), Path::new("content/fuzz.md"), text);
});
