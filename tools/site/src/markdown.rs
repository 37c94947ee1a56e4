//! Markdown to HTML as Zola 0.22 renders it: the same pulldown-cmark options, heading ids from
//! Zola's slugs with its `-1`, `-2` de-duplication, `@/page.md#anchor` links resolved to
//! permalinks, and shortcodes put back in place of their placeholders after parsing.

use crate::glossary_links::PageLinks;
use crate::shortcodes::{ShortcodeCall, PLACEHOLDER};
use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};
use std::collections::HashMap;

/// What the renderer needs to know about the rest of the site.
pub struct MarkdownContext<'a> {
    /// Page path relative to `content/` (as in `@/` links) → permalink.
    pub permalinks: &'a HashMap<String, String>,
    /// This page's permalink, for `#anchor` and co-located asset links.
    pub page_permalink: &'a str,
    /// Zola's `[markdown] external_links_no_referrer`.
    pub external_links_no_referrer: bool,
}

/// A `@/` link found in the page, to check its anchor once every page is rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    /// Target page relative to `content/`.
    pub page: String,
    pub anchor: Option<String>,
    /// 1-based line in the body.
    pub line: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    /// Ids of the headings, in order.
    pub heading_ids: Vec<String>,
    pub internal_links: Vec<InternalLink>,
}

/// A problem in the Markdown, at a 1-based body line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkdownError {
    pub line: usize,
    pub message: String,
}

fn options() -> Options {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_FOOTNOTES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_TASKLISTS);
    opts.insert(Options::ENABLE_HEADING_ATTRIBUTES);
    opts
}

/// Zola 0.22 runs a shortcode written inside code, while a reader sees code as text; the
/// two would disagree, and the gate would count a crisis block that no reader sees.
fn shortcode_in_code(line: usize) -> MarkdownError {
    MarkdownError {
        line,
        message: "a shortcode inside code: Zola would run it, but readers would see code; move it out of the code, or write {{/* name() */}} to show the call itself".into(),
    }
}

/// Renders a body whose shortcodes were replaced by placeholders (see
/// [`crate::shortcodes::extract`]). `render_shortcode` gives the HTML of one call.
pub fn render(
    text: &str,
    calls: &[ShortcodeCall],
    ctx: &MarkdownContext,
    mut render_shortcode: impl FnMut(&ShortcodeCall) -> Result<String, MarkdownError>,
    glossary: Option<&mut PageLinks>,
) -> Result<Rendered, MarkdownError> {
    let lines = LineMap::new(text, calls);
    let mut events: Vec<Event> = Vec::new();
    let mut internal_links = Vec::new();
    let mut next_call = 0;
    let mut drop_paragraph_end = false;
    let mut in_code_block = false;
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Text(t) if t.contains(PLACEHOLDER) && in_code_block => {
                return Err(shortcode_in_code(lines.line(range.start)));
            }
            Event::Code(t) if t.contains(PLACEHOLDER) => {
                return Err(shortcode_in_code(lines.line(range.start)));
            }
            Event::Text(t) if t.contains(PLACEHOLDER) => {
                let parts = split_placeholders(
                    &t,
                    range.start,
                    calls,
                    &mut next_call,
                    &mut render_shortcode,
                )?;
                for (is_html, part) in parts {
                    events.push(if is_html {
                        Event::Html(part.into())
                    } else {
                        Event::Text(part.into())
                    });
                }
            }
            Event::Html(t) | Event::InlineHtml(t) if t.contains(PLACEHOLDER) => {
                let parts = split_placeholders(
                    &t,
                    range.start,
                    calls,
                    &mut next_call,
                    &mut render_shortcode,
                )?;
                for (_, part) in parts {
                    events.push(Event::Html(part.into()));
                }
            }
            Event::Start(Tag::Paragraph) => {
                // A paragraph that is only a shortcode gets no <p>, as in Zola, so a block
                // shortcode such as crisis_help is not wrapped in one.
                let only_shortcode = calls.get(next_call).is_some_and(|c| {
                    c.span.start == range.start && c.span.len() == text[range.clone()].trim().len()
                });
                if only_shortcode {
                    drop_paragraph_end = true;
                } else {
                    events.push(Event::Start(Tag::Paragraph));
                }
            }
            Event::End(TagEnd::Paragraph) => {
                if drop_paragraph_end {
                    drop_paragraph_end = false;
                } else {
                    events.push(event);
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                in_code_block = true;
                events.push(Event::Start(Tag::CodeBlock(kind)));
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code_block = false;
                events.push(event);
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let line = lines.line(range.start);
                let link = fix_link(link_type, &dest_url, &title, ctx, line, &mut internal_links)?;
                events.push(match link {
                    FixedLink::Url(url) => Event::Start(Tag::Link {
                        link_type,
                        dest_url: url.into(),
                        title,
                        id,
                    }),
                    FixedLink::Html(html) => Event::Html(html.into()),
                });
            }
            other => events.push(other),
        }
    }
    let heading_ids = assign_heading_ids(&mut events);
    if let Some(glossary) = glossary {
        link_glossary_terms(&mut events, glossary);
    }
    let mut html = String::with_capacity(text.len() * 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    Ok(Rendered {
        html,
        heading_ids,
        internal_links,
    })
}

/// Splits a text at its placeholders: (is rendered shortcode HTML, text).
fn split_placeholders(
    text: &str,
    start: usize,
    calls: &[ShortcodeCall],
    next_call: &mut usize,
    render_shortcode: &mut impl FnMut(&ShortcodeCall) -> Result<String, MarkdownError>,
) -> Result<Vec<(bool, String)>, MarkdownError> {
    let mut parts = Vec::new();
    let mut rest = text;
    let mut offset = start;
    while let Some(at) = rest.find(PLACEHOLDER) {
        if at > 0 {
            parts.push((false, rest[..at].to_string()));
        }
        // Placeholders come in document order; find the call for this one by position.
        let position = offset + at;
        let index = calls[*next_call..]
            .iter()
            .position(|c| c.span.start == position)
            .map_or(*next_call, |i| *next_call + i);
        let call = calls.get(index).ok_or_else(|| MarkdownError {
            line: 1,
            message: "internal error: a shortcode placeholder has no call".into(),
        })?;
        parts.push((true, render_shortcode(call)?));
        *next_call = index + 1;
        rest = &rest[at + PLACEHOLDER.len()..];
        offset = position + PLACEHOLDER.len();
    }
    if !rest.is_empty() {
        parts.push((false, rest.to_string()));
    }
    Ok(parts)
}

enum FixedLink {
    Url(String),
    Html(String),
}

/// Zola's `fix_link`: resolves `@/`, prefixes `#anchor` and co-located assets with the page's
/// permalink, and marks external links `rel="noreferrer"` when configured.
fn fix_link(
    link_type: LinkType,
    link: &str,
    title: &str,
    ctx: &MarkdownContext,
    line: usize,
    internal_links: &mut Vec<InternalLink>,
) -> Result<FixedLink, MarkdownError> {
    if link_type == LinkType::Email {
        return Ok(FixedLink::Url(link.to_string()));
    }
    if link.is_empty() {
        return Err(MarkdownError {
            line,
            message: "there is a link that is missing a URL; expected [text](@/page.md) or [text](https://…)".into(),
        });
    }
    if let Some(target) = link.strip_prefix("@/") {
        let (page, anchor) = match target.split_once('#') {
            Some((p, a)) => (p, Some(a.to_string())),
            None => (target, None),
        };
        let Some(permalink) = ctx.permalinks.get(page) else {
            return Err(MarkdownError {
                line,
                message: format!(
                    "broken relative link `{link}`: there is no content/{page}; expected the path of a page under content/, like @/brain.md"
                ),
            });
        };
        internal_links.push(InternalLink {
            page: page.to_string(),
            anchor: anchor.clone(),
            line,
        });
        return Ok(FixedLink::Url(match anchor {
            Some(a) => format!("{permalink}#{a}"),
            None => permalink.clone(),
        }));
    }
    if is_external(link) {
        if !ctx.external_links_no_referrer {
            return Ok(FixedLink::Url(link.to_string()));
        }
        let mut html = String::from("<a rel=\"noreferrer\" ");
        if !title.is_empty() {
            html.push_str("title=\"");
            escape_html(&mut html, title).ok();
            html.push_str("\" ");
        }
        html.push_str("href=\"");
        escape_href(&mut html, link).ok();
        html.push_str("\">");
        return Ok(FixedLink::Html(html));
    }
    if link.starts_with('#') && link.len() > 1 {
        return Ok(FixedLink::Url(format!("{}{link}", ctx.page_permalink)));
    }
    if is_colocated_asset(link) {
        return Ok(FixedLink::Url(format!("{}{link}", ctx.page_permalink)));
    }
    Ok(FixedLink::Url(link.to_string()))
}

fn is_external(link: &str) -> bool {
    link.starts_with("http://") || link.starts_with("https://")
}

fn has_scheme(link: &str) -> bool {
    let scheme_len = link
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .unwrap_or(0);
    scheme_len > 0 && link[scheme_len..].starts_with(':')
}

fn is_colocated_asset(link: &str) -> bool {
    !link.starts_with('/') && !link.starts_with("..") && !link.starts_with('#') && !has_scheme(link)
}

/// Zola's `find_anchor`: the slug, or the slug with `-1`, `-2`, … when already taken.
pub fn unique_anchor(taken: &[String], base: &str) -> String {
    if !taken.iter().any(|t| t == base) {
        return base.to_string();
    }
    (1..)
        .map(|n| format!("{base}-{n}"))
        .find(|candidate| !taken.contains(candidate))
        .expect("an unused suffix exists")
}

/// Gives every heading an id (explicit `{#id}` ones first, as Zola does) and writes its tag.
fn assign_heading_ids(events: &mut [Event]) -> Vec<String> {
    let mut headings: Vec<(usize, usize)> = Vec::new();
    let mut open = None;
    for (i, e) in events.iter().enumerate() {
        match e {
            Event::Start(Tag::Heading { .. }) => open = Some(i),
            Event::End(TagEnd::Heading(_)) => {
                if let Some(start) = open.take() {
                    headings.push((start, i));
                }
            }
            _ => {}
        }
    }
    let mut taken: Vec<String> = headings
        .iter()
        .filter_map(|(s, _)| match &events[*s] {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
            _ => None,
        })
        .collect();
    let mut ids = Vec::new();
    for (start, end) in headings {
        let Event::Start(Tag::Heading {
            level, id, classes, ..
        }) = &events[start]
        else {
            continue;
        };
        let id = match id {
            Some(id) => id.to_string(),
            None => {
                let title = heading_text(&events[start + 1..end]);
                let id = unique_anchor(&taken, &claim_lint::index::heading_anchor(&title));
                taken.push(id.clone());
                id
            }
        };
        let mut tag = format!("<{level} id=\"");
        escape_html(&mut tag, &id).ok();
        tag.push('"');
        if !classes.is_empty() {
            tag.push_str(" class=\"");
            let joined: Vec<&str> = classes.iter().map(|c| c.as_ref()).collect();
            escape_html(&mut tag, &joined.join(" ")).ok();
            tag.push('"');
        }
        tag.push('>');
        events[start] = Event::Html(CowStr::from(tag));
        ids.push(id);
    }
    ids
}

/// Zola's `get_text`: the plain text and code of a heading.
fn heading_text(events: &[Event]) -> String {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect()
}

fn link_glossary_terms(events: &mut [Event], glossary: &mut PageLinks) {
    // Heading starts are already Html events, so track headings by their end tags' partners.
    let mut skip_depth = 0usize;
    let mut in_heading = false;
    for e in events.iter_mut() {
        match e {
            Event::Html(h) if is_heading_open(h) => in_heading = true,
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_)) => {
                skip_depth += 1
            }
            Event::End(TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock) => {
                skip_depth = skip_depth.saturating_sub(1)
            }
            // An external link opened as raw `<a rel=…>` by fix_link still ends with an
            // End(Link) event. (A shortcode's whole `<a>…</a>` is one event and opens nothing.)
            Event::Html(h) if h.starts_with("<a ") && !h.contains("</a>") => skip_depth += 1,
            Event::Text(t) if skip_depth == 0 && !in_heading => {
                if let Some(html) = glossary.link_text(t) {
                    *e = Event::Html(html.into());
                }
            }
            _ => {}
        }
    }
}

fn is_heading_open(html: &str) -> bool {
    let b = html.as_bytes();
    b.len() > 3 && b[0] == b'<' && b[1] == b'h' && (b'1'..=b'6').contains(&b[2]) && b[3] == b' '
}

/// Maps offsets in the placeholder text back to lines of the body as written.
struct LineMap {
    /// (placeholder end offset, line breaks the call had) in order.
    removed: Vec<(usize, usize)>,
    newline_offsets: Vec<usize>,
}

impl LineMap {
    fn new(text: &str, calls: &[ShortcodeCall]) -> LineMap {
        LineMap {
            removed: calls.iter().map(|c| (c.span.end, c.newlines)).collect(),
            newline_offsets: text.match_indices('\n').map(|(i, _)| i).collect(),
        }
    }

    fn line(&self, offset: usize) -> usize {
        let before = self.newline_offsets.partition_point(|&i| i < offset);
        let hidden: usize = self
            .removed
            .iter()
            .take_while(|(end, _)| *end <= offset)
            .map(|(_, n)| n)
            .sum();
        before + hidden + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shortcodes::extract;

    fn render_body(body: &str) -> Result<Rendered, MarkdownError> {
        let mut permalinks = HashMap::new();
        permalinks.insert("brain.md".to_string(), "https://x.org/brain/".to_string());
        let ctx = MarkdownContext {
            permalinks: &permalinks,
            page_permalink: "https://x.org/here/",
            external_links_no_referrer: true,
        };
        let (text, calls) = extract(body).unwrap();
        render(
            &text,
            &calls,
            &ctx,
            |c| Ok(format!("<sc {} {}>", c.name, c.nth)),
            None,
        )
    }

    #[test]
    fn headings_get_zola_ids_with_suffixes() {
        let r = render_body("## What is BPD?\n\n## What is BPD?\n\n## Own {#mine}\n").unwrap();
        assert_eq!(r.heading_ids, ["what-is-bpd", "what-is-bpd-1", "mine"]);
        assert!(
            r.html
                .contains("<h2 id=\"what-is-bpd-1\">What is BPD?</h2>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn at_links_resolve_to_permalinks_with_anchors() {
        let r = render_body("See [brain](@/brain.md#which-areas).").unwrap();
        assert!(
            r.html.contains("href=\"https://x.org/brain/#which-areas\""),
            "{}",
            r.html
        );
        assert_eq!(r.internal_links[0].anchor.as_deref(), Some("which-areas"));
    }

    #[test]
    fn broken_at_link_is_an_error_with_its_line() {
        let e = render_body("Intro.\n\nSee [x](@/nope.md).").unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("@/nope.md"), "{}", e.message);
    }

    #[test]
    fn shortcode_inside_code_is_an_error_with_its_line() {
        let e = render_body("Intro.\n\n```\n{{ crisis_help() }}\n```\n").unwrap_err();
        assert_eq!(e.line, 4, "{}", e.message);
        assert!(e.message.contains("inside code"), "{}", e.message);
        let e = render_body("Intro.\n\nSee `{{ crisis_help() }}`.\n").unwrap_err();
        assert_eq!(e.line, 3, "{}", e.message);
        // Written out with {{/* */}}, the call is shown as code, as Zola shows it.
        let r = render_body("```\n{{/* crisis_help() */}}\n```\n").unwrap();
        assert!(r.html.contains("{{ crisis_help() }}"), "{}", r.html);
    }

    #[test]
    fn line_numbers_count_lines_inside_shortcodes() {
        let e = render_body("A.{{ claim(\nid=\"a\") }}\n\n[x](@/nope.md)").unwrap_err();
        assert_eq!(e.line, 4);
    }

    #[test]
    fn inline_shortcode_stays_in_paragraph_and_lone_one_loses_p() {
        let r = render_body("{{ crisis_help() }}\n\nA fact.{{ claim(id=\"a\") }}\n").unwrap();
        assert_eq!(r.html, "<sc crisis_help 1>\n<p>A fact.<sc claim 1></p>\n");
    }

    #[test]
    fn external_links_get_no_referrer() {
        let r = render_body("[988](https://988lifeline.org)").unwrap();
        assert_eq!(
            r.html,
            "<p><a rel=\"noreferrer\" href=\"https://988lifeline.org\">988</a></p>\n"
        );
    }

    #[test]
    fn glossary_terms_link_after_shortcodes_and_outside_links() {
        let glossary = claim_lint::glossary::Glossary::parse(
            std::path::Path::new("glossary.yaml"),
            "terms:\n  - term: amygdala\n    definition: d\n  - term: insula\n    definition: d\n  - term: DBT\n    definition: d\n",
        )
        .unwrap();
        let linker = crate::glossary_links::GlossaryLinker::new(&glossary, "/g/");
        let mut links = linker.page();
        let (text, calls) = extract(
            "## The amygdala\n\n[DBT](https://x.org) and [DBT](@/brain.md).{{ claim(id=\"a\") }} The amygdala and insula.\n",
        )
        .unwrap();
        let mut permalinks = HashMap::new();
        permalinks.insert("brain.md".to_string(), "/brain/".to_string());
        let ctx = MarkdownContext {
            permalinks: &permalinks,
            page_permalink: "/here/",
            external_links_no_referrer: true,
        };
        let r = render(
            &text,
            &calls,
            &ctx,
            |_| Ok("<a href=\"/s/\">[1]</a>".into()),
            Some(&mut links),
        )
        .unwrap();
        assert!(
            r.html.contains("<h2 id=\"the-amygdala\">The amygdala</h2>"),
            "{}",
            r.html
        );
        assert!(!r.html.contains("#term-dbt"), "{}", r.html);
        assert!(
            r.html
                .contains("The <a class=\"glossary-term\" href=\"/g/#term-amygdala\">amygdala</a>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("#term-insula"), "{}", r.html);
    }

    #[test]
    fn unique_anchor_counts_up() {
        let taken = vec!["a".to_string(), "a-1".to_string()];
        assert_eq!(unique_anchor(&taken, "a"), "a-2");
        assert_eq!(unique_anchor(&taken, "b"), "b");
    }
}
