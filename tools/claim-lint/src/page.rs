//! A content page: TOML front matter, then Markdown split into checkable sentences.
//!
//! Text is taken from paragraphs, headings, list items, blockquotes and table cells.
//! Code spans, code blocks, HTML (comments included), images and link destinations are
//! skipped. Every character of every sentence keeps the byte offset it came from in the
//! original file, so findings point at the right line and column even after markers,
//! emphasis and escapes have been removed.

use crate::diagnostic::line_col;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use regex::Regex;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

/// Where a piece of text sits in the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    Heading,
    ListItem,
    TableCell,
}

/// Text of one block with, for each byte of `text`, its byte offset in the file.
#[derive(Debug, Clone, Default)]
pub struct BlockText {
    pub text: String,
    pub offsets: Vec<usize>,
    /// A heading's explicit id (`## Title {#id}`), if it has one.
    pub anchor: Option<String>,
}

impl BlockText {
    fn push_str(&mut self, s: &str, source: Range<usize>) {
        // Text events map one-to-one onto their source unless an escape or entity was decoded.
        let exact = source.len() == s.len();
        for (i, _) in s.char_indices() {
            let at = if exact {
                source.start + i
            } else {
                source.start
            };
            let len = s[i..].chars().next().map_or(1, char::len_utf8);
            for _ in 0..len {
                self.offsets.push(at);
            }
        }
        self.text.push_str(s);
    }

    fn push_space(&mut self, at: usize) {
        self.text.push(' ');
        self.offsets.push(at);
    }
}

/// A claim marker: `{{ claim(id="x") }}` or `{{<claim id="x"/>}}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub id: String,
    /// Byte offset of the marker in the file.
    pub offset: usize,
    /// Length of the marker in the file, in bytes.
    pub len: usize,
}

/// One sentence, markers removed.
#[derive(Debug, Clone)]
pub struct Sentence {
    pub text: String,
    /// For each character of `text`, its byte offset in the file.
    pub char_offsets: Vec<usize>,
    pub markers: Vec<Marker>,
    pub block: BlockKind,
    /// Byte offset in the file where the block that holds this sentence starts.
    pub block_offset: usize,
    /// The explicit id of a heading (`## Title {#id}`), if it has one.
    pub heading_id: Option<String>,
}

impl Sentence {
    /// True for the stand-in that carries markers with no sentence to attach to.
    pub fn is_orphan_markers(&self) -> bool {
        self.text.is_empty() && !self.markers.is_empty()
    }

    /// File byte range covered by a character range of the sentence.
    pub fn source_range(&self, chars: &Range<usize>) -> Range<usize> {
        let last = self.char_offsets.len().saturating_sub(1);
        let start = self
            .char_offsets
            .get(chars.start.min(last))
            .copied()
            .unwrap_or(0);
        let end_char = chars.end.saturating_sub(1).min(last);
        let end = self.char_offsets.get(end_char).copied().unwrap_or(start);
        start..end.max(start) + 1
    }
}

/// The front matter's raw TOML and where it starts.
#[derive(Debug, Clone)]
pub struct FrontMatter {
    pub toml: String,
    /// Byte offset of the TOML text in the file.
    pub offset: usize,
}

/// A page split into front matter and body.
#[derive(Debug, Clone)]
pub struct PageSource<'a> {
    pub text: &'a str,
    pub front_matter: Option<FrontMatter>,
    /// Byte offset where the Markdown body starts.
    pub body_offset: usize,
    /// Set when the file opens front matter but never closes it.
    pub unclosed_front_matter: bool,
}

/// Splits `+++` front matter from the body.
pub fn split_front_matter(text: &str) -> PageSource<'_> {
    let start = usize::from(text.starts_with('\u{feff}')) * '\u{feff}'.len_utf8();
    let rest = &text[start..];
    let opener = ["+++\r\n", "+++\n"].iter().find(|o| rest.starts_with(**o));
    let Some(opener) = opener else {
        return PageSource {
            text,
            front_matter: None,
            body_offset: start,
            unclosed_front_matter: false,
        };
    };
    let toml_start = start + opener.len();
    let mut offset = toml_start;
    for line in text[toml_start..].split_inclusive('\n') {
        if line.trim_end() == "+++" {
            return PageSource {
                text,
                front_matter: Some(FrontMatter {
                    toml: text[toml_start..offset].to_string(),
                    offset: toml_start,
                }),
                body_offset: offset + line.len(),
                unclosed_front_matter: false,
            };
        }
        offset += line.len();
    }
    PageSource {
        text,
        front_matter: None,
        body_offset: text.len(),
        unclosed_front_matter: true,
    }
}

/// A shortcode found in text: its name, its `id` argument if any, and its byte range.
#[derive(Debug, Clone)]
pub struct Shortcode {
    pub name: String,
    pub id: Option<String>,
    pub range: Range<usize>,
}

/// Finds shortcodes and components in a string, with the site builder's parser
/// ([`crate::shortcode::scan`]). The text may have its component brackets hidden
/// ([`hide_component_brackets`]); they are put back first, at the same length.
pub fn find_shortcodes(text: &str) -> Vec<Shortcode> {
    crate::shortcode::scan(&show_component_brackets(text))
        .into_iter()
        .map(|call| Shortcode {
            id: match call.args.get("id") {
                Some(serde_json::Value::String(s)) => Some(s.clone()),
                Some(other) => Some(other.to_string()),
                None => None,
            },
            name: call.name,
            range: call.range,
        })
        .collect()
}

/// Undoes [`hide_component_brackets`]: `{{(claim id="x"/)}}` becomes `{{<claim id="x"/>}}`.
fn show_component_brackets(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("{{(") {
        return std::borrow::Cow::Borrowed(text);
    }
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"\{\{\(([^{}<>]*)\)\}\}").expect("valid regex"));
    re.replace_all(text, |c: &regex::Captures| format!("{{{{<{}>}}}}", &c[1]))
}

/// Turns `{{<claim id="x"/>}}` into `{{(claim id="x"/)}}`, same length, so that Markdown
/// reads it as text rather than inline HTML and all offsets stay valid.
pub fn hide_component_brackets(body: &str) -> String {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"\{\{<([^{}<>]*)>\}\}").expect("valid component regex"));
    re.replace_all(body, |c: &regex::Captures| format!("{{{{({})}}}}", &c[1]))
        .into_owned()
}

/// Text blocks of the Markdown body, with file offsets.
pub fn text_blocks(page: &PageSource) -> Vec<(BlockKind, BlockText)> {
    let body = hide_component_brackets(&page.text[page.body_offset..]);
    let base = page.body_offset;
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_HEADING_ATTRIBUTES);
    let mut blocks = Vec::new();
    let mut stack: Vec<(BlockKind, BlockText)> = Vec::new();
    let mut skip_depth = 0usize;
    let mut html_block: Option<BlockText> = None;
    for (event, range) in Parser::new_ext(&body, options).into_offset_iter() {
        let range = base + range.start..base + range.end;
        match event {
            Event::Start(tag) => match tag {
                Tag::CodeBlock(_) | Tag::MetadataBlock(_) => skip_depth += 1,
                // Raw HTML is published too, so its text is checked like a paragraph.
                Tag::HtmlBlock => html_block = Some(BlockText::default()),
                Tag::Heading { id: Some(id), .. } => {
                    flush_top(&mut stack, &mut blocks);
                    let buf = BlockText {
                        anchor: Some(id.to_string()),
                        ..BlockText::default()
                    };
                    stack.push((BlockKind::Heading, buf));
                }
                Tag::Paragraph | Tag::Heading { .. } | Tag::TableCell | Tag::Item => {
                    let kind = match tag {
                        Tag::Heading { .. } => BlockKind::Heading,
                        Tag::TableCell => BlockKind::TableCell,
                        Tag::Item => BlockKind::ListItem,
                        _ => stack
                            .last()
                            .filter(|(k, _)| *k == BlockKind::ListItem)
                            .map_or(BlockKind::Paragraph, |_| BlockKind::ListItem),
                    };
                    flush_top(&mut stack, &mut blocks);
                    stack.push((kind, BlockText::default()));
                }
                Tag::List(_) => flush_top(&mut stack, &mut blocks),
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::CodeBlock | TagEnd::MetadataBlock(_) => {
                    skip_depth = skip_depth.saturating_sub(1)
                }
                TagEnd::HtmlBlock => {
                    if let Some(mut html) = html_block.take() {
                        html.text = mask_html_markup(&html.text);
                        push_block((BlockKind::Paragraph, html), &mut blocks);
                    }
                }
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableCell | TagEnd::Item => {
                    if let Some(done) = stack.pop() {
                        push_block(done, &mut blocks);
                    }
                }
                _ => {}
            },
            Event::Html(h) if html_block.is_some() => {
                if let Some(html) = html_block.as_mut() {
                    html.push_str(&h, range);
                }
            }
            // Heading ids are slugs of the whole heading, code included, as Zola makes them.
            Event::Code(c)
                if skip_depth == 0
                    && stack.last().is_some_and(|(k, _)| *k == BlockKind::Heading) =>
            {
                if let Some((_, buf)) = stack.last_mut() {
                    buf.push_str(&c, range);
                }
            }
            Event::Text(t) if skip_depth == 0 => {
                if let Some((_, buf)) = stack.last_mut() {
                    buf.push_str(&t, range);
                }
            }
            Event::SoftBreak | Event::HardBreak if skip_depth == 0 => {
                if let Some((_, buf)) = stack.last_mut() {
                    buf.push_space(range.start);
                }
            }
            // Code spans and inline HTML stand for something that is not prose; a space
            // keeps the words on either side apart.
            Event::Code(_) | Event::InlineHtml(_) | Event::Html(_) if skip_depth == 0 => {
                if let Some((_, buf)) = stack.last_mut() {
                    buf.push_space(range.start);
                }
            }
            _ => {}
        }
    }
    while let Some(done) = stack.pop() {
        push_block(done, &mut blocks);
    }
    blocks.sort_by_key(|(_, b)| b.offsets.first().copied().unwrap_or(0));
    blocks
}

/// Blanks out tags and comments, byte for byte, so only the text an HTML block shows is left
/// and every offset still points at the same place in the file.
fn mask_html_markup(html: &str) -> String {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"(?s)<!--.*?-->|<[^>]*>").expect("valid markup regex"));
    let mut out = String::with_capacity(html.len());
    let mut last = 0;
    for m in re.find_iter(html) {
        out.push_str(&html[last..m.start()]);
        out.extend(std::iter::repeat_n(' ', m.len()));
        last = m.end();
    }
    out.push_str(&html[last..]);
    out
}

fn flush_top(stack: &mut [(BlockKind, BlockText)], blocks: &mut Vec<(BlockKind, BlockText)>) {
    if let Some((kind, buf)) = stack.last_mut() {
        if !buf.text.trim().is_empty() {
            blocks.push((*kind, std::mem::take(buf)));
        }
    }
}

fn push_block(block: (BlockKind, BlockText), blocks: &mut Vec<(BlockKind, BlockText)>) {
    if !block.1.text.trim().is_empty() {
        blocks.push(block);
    }
}

/// Abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "dr", "mr", "mrs", "ms", "prof", "u.s", "u.k", "etc", "vs", "approx", "fig",
    "al", "st", "jr", "sr", "cf", "no", "vol", "ca", "eg", "ie", "inc", "ltd", "dept", "ph.d",
    "m.d", "n.b",
];

/// Splits a block into sentences. A marker right after a sentence's final punctuation
/// (with or without a space) belongs to that sentence.
pub fn split_sentences(kind: BlockKind, block: &BlockText) -> Vec<Sentence> {
    let text = &block.text;
    let shortcodes = find_shortcodes(text);
    let starting_at: HashMap<usize, &Shortcode> =
        shortcodes.iter().map(|s| (s.range.start, s)).collect();
    let mut sentences = Vec::new();
    let mut start = 0;
    let mut i = 0;
    let bytes_len = text.len();
    while i < bytes_len {
        if let Some(sc) = starting_at.get(&i) {
            i = sc.range.end;
            continue;
        }
        let c = text[i..].chars().next().expect("char boundary");
        let clen = c.len_utf8();
        if matches!(c, '.' | '!' | '?' | '…') && ends_sentence(text, i, c) {
            let mut end = i + clen;
            // Closing punctuation and quotes stay with the sentence.
            while let Some(n) = text[end..].chars().next() {
                if matches!(
                    n,
                    '.' | '!' | '?' | '"' | '\'' | ')' | ']' | '”' | '’' | '*' | '_'
                ) {
                    end += n.len_utf8();
                } else {
                    break;
                }
            }
            // Markers that follow, with or without spaces, belong to this sentence.
            loop {
                let ws = text[end..].len() - text[end..].trim_start().len();
                match starting_at.get(&(end + ws)) {
                    Some(sc) => end = sc.range.end,
                    None => break,
                }
            }
            if next_starts_sentence(text, end) {
                push_sentence(kind, block, &starting_at, start..end, &mut sentences);
                start = end;
                i = end;
                continue;
            }
        }
        i += clen;
    }
    push_sentence(kind, block, &starting_at, start..bytes_len, &mut sentences);
    sentences
}

fn ends_sentence(text: &str, i: usize, c: char) -> bool {
    if c != '.' {
        return true;
    }
    let before = &text[..i];
    let after = &text[i + 1..];
    // Decimals: 2.5
    if before.ends_with(|p: char| p.is_ascii_digit())
        && after.starts_with(|n: char| n.is_ascii_digit())
    {
        return false;
    }
    let word_start = before
        .rfind(|p: char| !(p.is_alphanumeric() || p == '.'))
        .map_or(0, |k| {
            k + before[k..].chars().next().map_or(1, char::len_utf8)
        });
    let word = before[word_start..].to_lowercase();
    if ABBREVIATIONS.contains(&word.as_str()) {
        return false;
    }
    // A single capital letter is an initial: "J. Smith".
    let mut chars = before[word_start..].chars();
    if let (Some(first), None) = (chars.next(), chars.next()) {
        if first.is_uppercase() {
            return false;
        }
    }
    true
}

fn next_starts_sentence(text: &str, end: usize) -> bool {
    let rest = text[end..].trim_start();
    if rest.is_empty() {
        return true;
    }
    if rest.len() == text[end..].len() {
        // No space after the punctuation and no marker: "e.g.this" or "1.5".
        let prev = text[..end].chars().last();
        if prev != Some('}') {
            return false;
        }
    }
    // A capital starts a sentence. So does a lowercase word in writing that never uses
    // capitals ("i was diagnosed at 19. it took me years"), when what ended is a word, not
    // an abbreviation or an initial (`ends_sentence` has ruled those out).
    let first = rest.chars().next().expect("non-empty");
    !first.is_lowercase() || writes_in_lowercase(text)
}

/// True when the block's sentences start in lowercase: the writer does not use capitals.
fn writes_in_lowercase(text: &str) -> bool {
    let starts = text
        .trim_start()
        .chars()
        .next()
        .is_some_and(|c| c.is_lowercase());
    starts && !text.chars().any(|c| c.is_uppercase() && c != 'I')
        || text
            .split(". ")
            .filter(|s| s.starts_with(char::is_lowercase))
            .count()
            >= 2
}

fn push_sentence(
    kind: BlockKind,
    block: &BlockText,
    shortcodes: &HashMap<usize, &Shortcode>,
    range: Range<usize>,
    out: &mut Vec<Sentence>,
) {
    let mut text = String::new();
    let mut char_offsets = Vec::new();
    let mut markers = Vec::new();
    let mut i = range.start;
    while i < range.end {
        if let Some(sc) = shortcodes.get(&i) {
            if sc.name == "claim" {
                let offset = block.offsets[i];
                let end = block.offsets[sc.range.end - 1] + 1;
                markers.push(Marker {
                    id: sc.id.clone().unwrap_or_default(),
                    offset,
                    len: end.saturating_sub(offset),
                });
            }
            // Keep words apart where a marker sat between them.
            text.push(' ');
            char_offsets.push(block.offsets[i]);
            i = sc.range.end;
            continue;
        }
        let c = block.text[i..].chars().next().expect("char boundary");
        text.push(c);
        char_offsets.push(block.offsets[i]);
        i += c.len_utf8();
    }
    // Trim, keeping offsets aligned.
    let chars: Vec<char> = text.chars().collect();
    let first = chars.iter().position(|c| !c.is_whitespace());
    let Some(first) = first else {
        if !markers.is_empty() {
            // Markers with no sentence of their own belong to the previous sentence. With
            // none before them in the block they support nothing, and must still be seen.
            match out.last_mut() {
                Some(prev) => prev.markers.extend(markers),
                None => out.push(Sentence {
                    text: String::new(),
                    char_offsets: Vec::new(),
                    markers,
                    block: kind,
                    block_offset: block.offsets.first().copied().unwrap_or(0),
                    heading_id: block.anchor.clone(),
                }),
            }
        }
        return;
    };
    let last = chars
        .iter()
        .rposition(|c| !c.is_whitespace())
        .expect("non-empty");
    let trimmed: String = chars[first..=last].iter().collect();
    let offsets = char_offsets[first..=last].to_vec();
    // Collapse the runs of spaces that removed markers leave behind.
    let (text, char_offsets) = collapse_spaces(&trimmed, &offsets);
    out.push(Sentence {
        text,
        char_offsets,
        markers,
        block: kind,
        block_offset: block.offsets.first().copied().unwrap_or(0),
        heading_id: block.anchor.clone(),
    });
}

fn collapse_spaces(text: &str, offsets: &[usize]) -> (String, Vec<usize>) {
    let mut out = String::new();
    let mut out_offsets = Vec::new();
    let mut prev_space = false;
    for (c, &o) in text.chars().zip(offsets) {
        let space = c.is_whitespace();
        if space && prev_space {
            continue;
        }
        // "word ." after a removed marker: drop the space before punctuation.
        if matches!(c, '.' | ',' | ';' | ':' | '!' | '?') && prev_space {
            out.pop();
            out_offsets.pop();
        }
        out.push(if space { ' ' } else { c });
        out_offsets.push(o);
        prev_space = space;
    }
    (out, out_offsets)
}

/// All sentences of a page body, in order.
pub fn sentences(page: &PageSource) -> Vec<Sentence> {
    text_blocks(page)
        .iter()
        .flat_map(|(kind, block)| split_sentences(*kind, block))
        .collect()
}

/// Names of every shortcode used in the body, outside code.
pub fn shortcode_names(page: &PageSource) -> Vec<String> {
    shortcode_names_outside(page, &code_ranges(&page.text[page.body_offset..]))
}

/// [`shortcode_names`] with the body's code ranges ([`code_ranges`]) already found.
pub fn shortcode_names_outside(page: &PageSource, code: &[Range<usize>]) -> Vec<String> {
    let body = hide_component_brackets(&page.text[page.body_offset..]);
    find_shortcodes(&body)
        .into_iter()
        .filter(|s| {
            !code
                .iter()
                .any(|c| c.start <= s.range.start && s.range.end <= c.end)
        })
        .map(|s| s.name)
        .collect()
}

/// The offset where lists and block quotes first nest deeper than `max`, if they do.
pub fn too_deep(text: &str, max: usize) -> Option<usize> {
    // A parse-only pass costs about 30 µs a page; cheaper guesses missed `- - - - x`.
    let mut depth = 0usize;
    for (event, range) in Parser::new_ext(text, Options::empty()).into_offset_iter() {
        match event {
            Event::Start(Tag::List(_) | Tag::BlockQuote(_)) => {
                depth += 1;
                if depth > max {
                    return Some(range.start);
                }
            }
            Event::End(TagEnd::List(_) | TagEnd::BlockQuote(_)) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Byte ranges of code (fenced and indented blocks, and inline code spans) in a Markdown
/// body. A shortcode written there is not a call on the page: the site builder refuses it,
/// and no rule may count it (a `crisis_help` inside a code block shows no crisis block).
pub fn code_ranges(body: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut block_start = None;
    for (event, range) in Parser::new_ext(body, Options::all()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => block_start = Some(range.start),
            Event::End(TagEnd::CodeBlock) => {
                if let Some(start) = block_start.take() {
                    ranges.push(start..range.end);
                }
            }
            Event::Code(_) => ranges.push(range),
            _ => {}
        }
    }
    ranges
}

/// 1-based line and character column of a file offset.
pub fn position(text: &str, offset: usize) -> (usize, usize) {
    line_col(text, offset)
}

#[cfg(test)]
mod tests {
    #[test]
    fn writing_without_capitals_still_splits_into_sentences() {
        let page =
            split_front_matter("i was diagnosed at 19. it took me years. mine was eight months.\n");
        let texts: Vec<String> = sentences(&page).into_iter().map(|s| s.text).collect();
        assert_eq!(texts.len(), 3, "{texts:?}");
        // Ordinary writing keeps "e.g. the" and a lowercase word after a decimal together.
        let page = split_front_matter("Some studies, e.g. the first one, found 2.5 times more.\n");
        assert_eq!(sentences(&page).len(), 1);
    }

    use super::*;

    fn page_sentences(text: &str) -> Vec<Sentence> {
        sentences(&split_front_matter(text))
    }

    #[test]
    fn shortcodes_in_code_are_not_calls() {
        let text = "Intro.\n\n```\n{{ crisis_help() }}\n```\n\nSee `{{ crisis_help() }}` too.\n";
        assert!(shortcode_names(&split_front_matter(text)).is_empty());
        let text = "Intro.\n\n{{ crisis_help() }}\n";
        assert_eq!(shortcode_names(&split_front_matter(text)), ["crisis_help"]);
    }

    #[test]
    fn front_matter_is_split_and_body_offset_kept() {
        let text = "+++\ntitle = \"x\"\n+++\n\nHello there.\n";
        let p = split_front_matter(text);
        assert_eq!(p.front_matter.unwrap().toml, "title = \"x\"\n");
        let s = page_sentences(text);
        assert_eq!(s[0].text, "Hello there.");
        assert_eq!(position(text, s[0].char_offsets[0]), (5, 1));
    }

    #[test]
    fn page_without_front_matter_is_read() {
        let s = page_sentences("Just text.");
        assert_eq!(s.len(), 1);
    }

    #[test]
    fn marker_after_full_stop_belongs_to_sentence_before() {
        let s = page_sentences(
            "One fact.{{ claim(id=\"a\") }} Two facts. {{ claim(id=\"b\") }}{{ claim(id=\"c\") }} Three.",
        );
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].markers[0].id, "a");
        assert_eq!(s[0].text, "One fact.");
        let ids: Vec<_> = s[1].markers.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["b", "c"]);
        assert!(s[2].markers.is_empty());
    }

    #[test]
    fn component_form_is_a_marker() {
        let s = page_sentences("A fact.{{<claim id=\"x\"/>}}");
        assert_eq!(s[0].markers[0].id, "x");
        assert_eq!(s[0].text, "A fact.");
    }

    #[test]
    fn abbreviations_decimals_and_ranges_do_not_split() {
        let s = page_sentences(
            "Some drugs, e.g. SSRIs, are used in the U.S. by Dr. Smith. About 1.5 to 3% or 1–3% of people. Next one.",
        );
        assert_eq!(
            s.len(),
            3,
            "{:?}",
            s.iter().map(|s| &s.text).collect::<Vec<_>>()
        );
    }

    #[test]
    fn skips_code_comments_and_link_destinations() {
        let text = "See [the page](http://example.com/cures.html) `cures` here.\n\n<!-- proven -->\n\n```\ncures\n```\n";
        let s = page_sentences(text);
        assert_eq!(s.len(), 1);
        assert!(!s[0].text.contains("cures"));
        assert!(s[0].text.contains("the page"));
    }

    #[test]
    fn headings_lists_quotes_and_tables_are_blocks() {
        let text = "## A heading\n\n- item one\n- item two\n\n> quoted text\n\n| a | b |\n|---|---|\n| c | d |\n";
        let s = page_sentences(text);
        let texts: Vec<_> = s.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "A heading",
                "item one",
                "item two",
                "quoted text",
                "a",
                "b",
                "c",
                "d"
            ]
        );
        assert_eq!(s[0].block, BlockKind::Heading);
        assert_eq!(s[1].block, BlockKind::ListItem);
    }

    #[test]
    fn offsets_survive_emphasis_and_multibyte() {
        let text = "Café *is* open.\n";
        let s = page_sentences(text);
        assert_eq!(s[0].text, "Café is open.");
        let o = s[0].char_offsets[5];
        assert_eq!(&text[o..o + 2], "is");
    }

    #[test]
    fn raw_html_text_and_image_alt_text_are_checked() {
        let s = page_sentences("<div class=\"x\">\nOxytocin cures BPD.\n<!-- note -->\n</div>\n\n![Brain scans prove it](a.png)\n");
        let texts: Vec<_> = s.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["Oxytocin cures BPD.", "Brain scans prove it"]);
    }

    #[test]
    fn a_marker_alone_in_its_block_is_kept() {
        let s = page_sentences("Text.\n\n{{ claim(id=\"x\") }}\n");
        assert!(s[1].is_orphan_markers());
        assert_eq!(s[1].markers[0].id, "x");
    }

    #[test]
    fn heading_ids_and_code_are_kept_for_anchors() {
        let s = page_sentences("## How common `BPD` is {#common}\n");
        assert_eq!(s[0].heading_id.as_deref(), Some("common"));
        assert!(s[0].text.contains("BPD"));
    }

    #[test]
    fn unclosed_front_matter_is_flagged() {
        let p = split_front_matter("+++\ntitle = \"x\"\n\nBody.");
        assert!(p.unclosed_front_matter);
    }
}
