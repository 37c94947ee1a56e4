//! `shortcode-syntax`: a marker or shortcode that is not closed or not well formed.

use crate::page::{find_shortcodes, hide_component_brackets, PageSource};
use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

crate::declare_rule! {
    /// A marker or shortcode must be written whole: `{{ name(key="value") }}`, or the
    /// component form `{{<name key="value"/>}}`. One that is never closed, or whose arguments
    /// cannot be read, would otherwise be published as stray text and support nothing. To show
    /// a call itself, write `{{/* name() */}}`.
    ///
    /// Bad: `On average, the amygdala is slightly smaller in people with BPD.{{ claim(id="amygdala-volume"`
    ///
    /// Good: `On average, the amygdala is slightly smaller in people with BPD.{{ claim(id="amygdala-volume") }}`
    SHORTCODE_SYNTAX, id: "shortcode-syntax", category: Syntax, severity: Error
}

pub struct Rule;

impl super::PageRule for Rule {
    fn metas(&self) -> &'static [&'static super::RuleMeta] {
        &[&SHORTCODE_SYNTAX]
    }

    fn check(&self, page: &super::PageCtx) -> Vec<super::PageHit> {
        check(page.source, page.code)
            .into_iter()
            .map(|range| super::PageHit {
                range,
                ..super::PageHit::at(
                    &SHORTCODE_SYNTAX,
                    0,
                    "this marker or shortcode is not closed or cannot be read",
                    "write it whole, like {{ claim(id=\"amygdala-volume\") }}; to show a call itself, write {{/* name() */}}",
                )
            })
            .collect()
    }
}

/// Where a call seems to start: `{{`, maybe `<`, a name, then `(`, space or `/`.
fn start_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"\{\{\s*<?\s*[A-Za-z_][A-Za-z0-9_]*\s*[(/ ]").expect("valid start regex")
    })
}

/// Byte ranges (in the page) of calls that start but do not parse.
/// `code` holds the body's code ranges ([`crate::page::code_ranges`]).
pub fn check(page: &PageSource, code: &[Range<usize>]) -> Vec<Range<usize>> {
    let raw = &page.text[page.body_offset..];
    let body = hide_component_brackets(raw);
    let whole: Vec<usize> = find_shortcodes(&body)
        .iter()
        .map(|s| s.range.start)
        .collect();
    start_regex()
        .find_iter(raw)
        .map(|m| m.start())
        .filter(|start| !whole.contains(start))
        .filter(|start| !code.iter().any(|c| c.start <= *start && *start < c.end))
        .map(|start| {
            let end = raw[start..]
                .find('\n')
                .map_or(raw.len(), |i| start + i)
                .max(start + 2);
            page.body_offset + start..page.body_offset + end
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::{code_ranges, split_front_matter};

    fn broken(body: &str) -> usize {
        let page = split_front_matter(body);
        check(&page, &code_ranges(&page.text[page.body_offset..])).len()
    }

    #[test]
    fn unclosed_and_malformed_calls_are_found() {
        assert_eq!(broken("Fact.{{ claim(id=\"a\"\n\nMore.\n"), 1);
        assert_eq!(broken("Fact.{{ claim(id=\"a\") }\n"), 1);
        assert_eq!(broken("Fact.{{<claim id=\"a\"\n"), 1);
    }

    #[test]
    fn whole_calls_escapes_and_code_are_fine() {
        assert_eq!(
            broken("Fact.{{ claim(id=\"a\") }} More.{{<claim id=\"b\"/>}}\n"),
            0
        );
        assert_eq!(broken("{{ crisis_help() }}\n"), 0);
        assert_eq!(broken("Show {{/* claim(id=\"a\") */}} like this.\n"), 0);
        assert_eq!(broken("```\n{{ claim(id=\"a\"\n```\n"), 0);
    }
}
