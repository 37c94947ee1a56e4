//! `raw-html`: raw HTML in a page outside the allowed elements.

use crate::page::PageSource;
use pulldown_cmark::{Event, Options, Parser};
use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

crate::declare_rule! {
    /// Raw HTML in a page may use only the elements in `tools/claim-lint/lexicon/html_tags.yaml`
    /// (`details`, `summary`, tables, inline SVG and the like). `<script>`, `<style>`,
    /// `<iframe>`, `<object>`, forms and any other element are errors, as are event
    /// attributes (`onclick=`) and `javascript:` addresses: a health page runs no code and
    /// loads nothing from elsewhere. HTML comments (suppressions) are fine.
    ///
    /// Bad: `<iframe src="https://video.example.com/bpd"></iframe>`
    ///
    /// Good: `<details><summary>More detail</summary>…</details>`
    RAW_HTML, id: "raw-html", category: Safety, severity: Error
}

pub struct Rule;

impl super::PageRule for Rule {
    fn metas(&self) -> &'static [&'static super::RuleMeta] {
        &[&RAW_HTML]
    }

    fn check(&self, page: &super::PageCtx) -> Vec<super::PageHit> {
        check(page.source, page.code)
            .into_iter()
            .map(|(range, message)| super::PageHit {
                range,
                ..super::PageHit::at(
                    &RAW_HTML,
                    0,
                    message,
                    "use Markdown, or only the elements listed in tools/claim-lint/lexicon/html_tags.yaml (details, summary, tables, inline SVG)",
                )
            })
            .collect()
    }
}

fn tag_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // Opening tags only: a closing tag repeats what its opening tag already reported.
    RE.get_or_init(|| Regex::new(r"<\s*([A-Za-z][A-Za-z0-9-]*)").expect("valid tag regex"))
}

fn attribute_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r#"(?i)\son[a-z]+\s*=|javascript\s*:|\sstyle\s*=\s*["'][^"']*url\("#)
            .expect("valid attribute regex")
    })
}

/// (byte range in the page, message) for each problem in the body's raw HTML.
/// `code` holds the body's code ranges ([`crate::page::code_ranges`]).
pub fn check(page: &PageSource, code: &[Range<usize>]) -> Vec<(Range<usize>, String)> {
    let body = &page.text[page.body_offset..];
    let allowed = crate::lexicon::html_tags();
    let mut problems = Vec::new();
    for (event, range) in Parser::new_ext(body, Options::all()).into_offset_iter() {
        let html = match event {
            Event::Html(h) | Event::InlineHtml(h) => h,
            _ => continue,
        };
        if code
            .iter()
            .any(|c| c.start <= range.start && range.end <= c.end)
        {
            continue;
        }
        let html = strip_comments(&html);
        let at = |offset: usize| {
            let start = page.body_offset + range.start + offset;
            start..start + 1
        };
        for tag in tag_regex().captures_iter(&html) {
            let name = tag[1].to_ascii_lowercase();
            if !allowed.contains(&name) {
                let offset = tag.get(0).map_or(0, |m| m.start());
                problems.push((
                    at(offset.min(range.len().saturating_sub(1))),
                    format!("raw HTML element `<{name}>` is not allowed on a page"),
                ));
            }
        }
        if let Some(m) = attribute_regex().find(&html) {
            problems.push((
                at(m.start().min(range.len().saturating_sub(1))),
                format!(
                    "raw HTML with `{}` runs code or loads from elsewhere",
                    m.as_str().trim()
                ),
            ));
        }
    }
    problems.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
    problems
}

/// HTML with its comments blanked out (same length, so offsets stay valid).
fn strip_comments(html: &str) -> String {
    let mut out = html.to_string();
    let mut from = 0;
    while let Some(start) = out[from..].find("<!--").map(|i| from + i) {
        let end = out[start..]
            .find("-->")
            .map_or(out.len(), |i| start + i + 3);
        let blank: String = out[start..end]
            .chars()
            .map(|c| if c == '\n' { '\n' } else { ' ' })
            .collect();
        out.replace_range(start..end, &blank);
        from = start + blank.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::{code_ranges, split_front_matter};

    fn problems(body: &str) -> Vec<String> {
        let page = split_front_matter(body);
        check(&page, &code_ranges(&page.text[page.body_offset..]))
            .into_iter()
            .map(|(_, m)| m)
            .collect()
    }

    #[test]
    fn scripts_frames_styles_and_handlers_are_errors() {
        assert_eq!(problems("Text.\n\n<script>alert(1)</script>\n").len(), 1);
        assert!(problems("<iframe src=\"x\"></iframe>\n")[0].contains("<iframe>"));
        assert!(problems("<style>p{}</style>\n")[0].contains("<style>"));
        assert!(problems("<p onclick=\"x()\">Hi</p>\n")[0].contains("onclick"));
        assert!(problems("<a href=\"javascript:x()\">Hi</a>\n")[0].contains("javascript"));
        assert!(!problems("Text with <span onmouseover=\"x\">hi</span> inline.\n").is_empty());
    }

    #[test]
    fn allowed_elements_comments_and_code_are_fine() {
        assert!(problems("<details><summary>More</summary>\n\nText.\n\n</details>\n").is_empty());
        assert!(problems("<!-- claim-lint: allow x reason=\"y\" -->\n\nText.\n").is_empty());
        assert!(problems("```html\n<script>x</script>\n```\n").is_empty());
        assert!(problems("Use `<script>` never.\n").is_empty());
        assert!(
            problems("<svg role=\"img\"><title>Chart</title><rect width=\"1\"/></svg>\n")
                .is_empty()
        );
    }
}
