//! Links the first use of each glossary term on a page to its entry on the glossary page.
//!
//! Zola cannot do this (templates see the page's HTML as one string), so a Zola build of the
//! same tree simply has no such links; the text is otherwise identical. The renderer calls
//! this on Markdown text outside headings, links, images and code, so a link is never nested
//! and headings keep their ids.

use claim_lint::glossary::Glossary;
use pulldown_cmark_escape::{escape_href, escape_html_body_text};

/// The id of a term's entry on the glossary page; `templates/glossary.html` makes the same
/// with `"term-" ~ (term | slugify)`.
pub fn term_anchor(term: &str) -> String {
    format!("term-{}", claim_lint::index::heading_anchor(term))
}

#[derive(Debug, Clone)]
pub struct GlossaryLinker {
    /// (spelling, index of its term), longest spelling first so "salience network" wins over
    /// "network".
    spellings: Vec<(String, usize)>,
    /// Link target for each term.
    hrefs: Vec<String>,
}

impl GlossaryLinker {
    /// `glossary_url` is the permalink of the glossary page.
    pub fn new(glossary: &Glossary, glossary_url: &str) -> GlossaryLinker {
        let mut spellings = Vec::new();
        let mut hrefs = Vec::new();
        for (i, term) in glossary.terms.iter().enumerate() {
            hrefs.push(format!("{glossary_url}#{}", term_anchor(&term.term)));
            for s in std::iter::once(&term.term).chain(&term.aliases) {
                if !s.trim().is_empty() {
                    spellings.push((s.trim().to_string(), i));
                }
            }
        }
        spellings.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        GlossaryLinker { spellings, hrefs }
    }

    /// A fresh "already linked" record for one page.
    pub fn page(&self) -> PageLinks<'_> {
        PageLinks {
            linker: self,
            linked: vec![false; self.hrefs.len()],
        }
    }
}

/// Tracks which terms one page has linked already.
pub struct PageLinks<'a> {
    linker: &'a GlossaryLinker,
    linked: Vec<bool>,
}

impl PageLinks<'_> {
    /// HTML for `text` with first uses linked, or `None` when nothing in it is linked.
    pub fn link_text(&mut self, text: &str) -> Option<String> {
        let mut out = String::new();
        let mut done = 0;
        let mut i = 0;
        while i < text.len() {
            if !text.is_char_boundary(i) || !starts_word(text, i) {
                i += 1;
                continue;
            }
            match self.term_at(text, i) {
                Some((len, term)) => {
                    self.linked[term] = true;
                    escape_html_body_text(&mut out, &text[done..i]).ok()?;
                    out.push_str("<a class=\"glossary-term\" href=\"");
                    escape_href(&mut out, &self.linker.hrefs[term]).ok()?;
                    out.push_str("\">");
                    escape_html_body_text(&mut out, &text[i..i + len]).ok()?;
                    out.push_str("</a>");
                    i += len;
                    done = i;
                }
                None => i += 1,
            }
        }
        if done == 0 {
            return None;
        }
        escape_html_body_text(&mut out, &text[done..]).ok()?;
        Some(out)
    }

    /// The longest not-yet-linked spelling that starts at `i` and ends at a word boundary.
    fn term_at(&self, text: &str, i: usize) -> Option<(usize, usize)> {
        let bytes = text.as_bytes();
        self.linker.spellings.iter().find_map(|(spelling, term)| {
            let end = i + spelling.len();
            let matches = !self.linked[*term]
                && end <= bytes.len()
                && bytes[i..end].eq_ignore_ascii_case(spelling.as_bytes())
                && text.is_char_boundary(end)
                && !text[end..].starts_with(|c: char| c.is_alphanumeric());
            matches.then_some((spelling.len(), *term))
        })
    }
}

fn starts_word(text: &str, i: usize) -> bool {
    !text[..i]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn linker() -> GlossaryLinker {
        let glossary = Glossary::parse(
            std::path::Path::new("glossary.yaml"),
            "terms:\n  - term: network\n    aliases: [networks]\n    definition: d\n  - term: salience network\n    definition: d\n  - term: amygdala\n    definition: d\n",
        )
        .unwrap();
        GlossaryLinker::new(&glossary, "/glossary/")
    }

    #[test]
    fn first_use_only_longest_match_whole_words() {
        let l = linker();
        let mut page = l.page();
        let html = page
            .link_text("The Salience network & other networks; amygdalae, amygdala.")
            .unwrap();
        assert_eq!(
            html,
            "The <a class=\"glossary-term\" href=\"/glossary/#term-salience-network\">Salience network</a> &amp; other <a class=\"glossary-term\" href=\"/glossary/#term-network\">networks</a>; amygdalae, <a class=\"glossary-term\" href=\"/glossary/#term-amygdala\">amygdala</a>."
        );
        assert_eq!(page.link_text("amygdala again"), None);
    }

    #[test]
    fn unrelated_text_is_left_alone() {
        let l = linker();
        assert_eq!(l.page().link_text("Café networking"), None);
    }
}
