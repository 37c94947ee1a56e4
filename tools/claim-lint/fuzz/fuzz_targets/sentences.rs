//! Arbitrary text through the page splitting and sentence/marker parsing of `page.rs`,
//! with light consistency checks on the offsets they return.
#![no_main]

use claim_lint::page;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let source = page::split_front_matter(text);
    assert!(source.body_offset <= text.len(), "body offset past the end");
    if let Some(fm) = &source.front_matter {
        assert!(fm.offset <= text.len(), "front matter offset past the end");
    }

    for (kind, block) in page::text_blocks(&source) {
        assert_eq!(
            block.text.len(),
            block.offsets.len(),
            "one offset per byte of block text"
        );
        for s in page::split_sentences(kind, &block) {
            let n = s.text.chars().count();
            let _ = s.is_orphan_markers();
            let _ = s.source_range(&(0..n));
            if n > 0 {
                let _ = s.source_range(&(n / 2..n));
            }
        }
    }

    for s in page::sentences(&source) {
        let _ = s.is_orphan_markers();
        for m in &s.markers {
            let _ = page::position(text, m.offset);
        }
    }
    let _ = page::shortcode_names(&source);

    let hidden = page::hide_component_brackets(text);
    assert_eq!(
        hidden.len(),
        text.len(),
        "hide_component_brackets keeps the length"
    );
    for sc in page::find_shortcodes(&hidden) {
        let _ = &hidden[sc.range.clone()];
    }
    for sc in page::find_shortcodes(text) {
        let _ = &text[sc.range.clone()];
    }

    let _ = page::position(text, text.len());
    let _ = page::position(text, text.len() / 2);
});
