//! Safe fixes: `claim-lint check --fix [--dry-run]`.
//!
//! Only changes with one mechanical answer are made:
//!
//! - a stigmatizing term written exactly as its entry in the word list (built in, or added
//!   under `[extra.claim_lint.lexicon]`) when that entry gives exactly one replacement:
//!   "committed suicide" becomes "died by suicide", keeping the first letter's case;
//! - a claim marker written before its sentence's full stop, `text{{ claim(id="x") }}.`,
//!   becomes `text.{{ claim(id="x") }}` (also `!` and `?`, and several markers in a row).
//!
//! Everything else the gate reports is left for a person, and so is a term whose entry
//! gives several replacements or none, or uses a wildcard (`bpd girl*` matches "BPD
//! girls", which its one replacement "young woman with BPD" does not fit). Never changed:
//! front matter, code (spans and blocks), a block under a suppression comment, the claims
//! file, and a marker's own text. A second run changes nothing.

use crate::diagnostic::line_col;
use crate::lexicon::{Lexicon, StigmaEntry};
use crate::page::{self, Sentence};
use crate::rules::{stigmatizing, suppression, Role, SentenceCtx};
use crate::text::{char_span, tokenize, Phrase};
use std::collections::HashSet;
use std::ops::Range;

/// One change to a page, in the text as it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Byte range replaced.
    pub range: Range<usize>,
    pub replacement: String,
    /// 1-based line and column (in characters) where the change starts.
    pub line: usize,
    pub column: usize,
    /// What was done, for the report: "`committed suicide` → `died by suicide`".
    pub description: String,
}

/// Something the fixer saw but did not change, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Left {
    pub line: usize,
    pub column: usize,
    pub description: String,
}

/// A page's fixes.
#[derive(Debug, Clone, Default)]
pub struct PageFix {
    /// The page with every change made.
    pub text: String,
    pub changes: Vec<Change>,
    pub left: Vec<Left>,
}

/// Finds and makes the safe fixes in one page's text.
pub fn fix_page(text: &str, lex: &Lexicon) -> PageFix {
    let source = page::split_front_matter(text);
    let body = &text[source.body_offset..];
    // Code, and the blocks under suppression comments, are never changed.
    let code: Vec<Range<usize>> = page::code_ranges(body)
        .into_iter()
        .map(|r| source.body_offset + r.start..source.body_offset + r.end)
        .collect();
    let suppressed_lines: HashSet<usize> = suppression::find_allows(text, source.body_offset)
        .iter()
        .map(|a| a.line + 1)
        .collect();
    let mut changes = Vec::new();
    let mut left = Vec::new();
    for s in page::sentences(&source) {
        if s.is_orphan_markers() || suppressed_lines.contains(&line_col(text, s.block_offset).0) {
            continue;
        }
        let markers: Vec<Range<usize>> = s
            .markers
            .iter()
            .map(|m| m.offset..m.offset + m.len)
            .collect();
        let untouchable = |r: &Range<usize>| {
            r.start < source.body_offset
                || code
                    .iter()
                    .chain(&markers)
                    .any(|c| c.start < r.end && r.start < c.end)
        };
        for (change, problem) in term_fixes(text, &s, lex) {
            match (change, problem) {
                (Some(c), _) if !untouchable(&c.range) => changes.push(c),
                (Some(c), _) => left.push(Left {
                    line: c.line,
                    column: c.column,
                    description: format!(
                        "{}: not changed, it touches code or a marker",
                        c.description
                    ),
                }),
                (None, Some(l)) => left.push(l),
                (None, None) => {}
            }
        }
        marker_fixes(text, &s, &mut changes, &mut left);
    }
    changes.sort_by_key(|c| (c.range.start, c.range.end));
    // Keep the first of any two changes that overlap; there is no mechanical way to do both.
    let mut kept: Vec<Change> = Vec::new();
    for c in changes {
        match kept.last() {
            Some(prev) if c.range.start < prev.range.end => left.push(Left {
                line: c.line,
                column: c.column,
                description: format!("{}: overlaps another change", c.description),
            }),
            _ => kept.push(c),
        }
    }
    let mut fixed = text.to_string();
    for c in kept.iter().rev() {
        fixed.replace_range(c.range.clone(), &c.replacement);
    }
    left.sort_by_key(|l| (l.line, l.column));
    PageFix {
        text: fixed,
        changes: kept,
        left,
    }
}

/// The stigmatizing terms of one sentence, each as a change or as a reason it is left.
fn term_fixes(text: &str, s: &Sentence, lex: &Lexicon) -> Vec<(Option<Change>, Option<Left>)> {
    let ctx = SentenceCtx::new(
        &s.text,
        Role::Body { heading: false },
        Vec::new(),
        |_| None,
        lex,
    );
    let tokens = &ctx.tokens;
    // Only where the stigmatizing-term rule itself reports, matched as it matches.
    let reported: Vec<Range<usize>> = stigmatizing::check(&ctx)
        .into_iter()
        .map(|h| h.chars)
        .collect();
    let chars: Vec<char> = s.text.chars().collect();
    let mut out = Vec::new();
    for (phrase, r) in lex.stigmatizing.find_all(tokens) {
        let span = char_span(tokens, &r);
        if !reported.contains(&span) {
            continue;
        }
        let Some(entry) = lex
            .stigmatizing_terms
            .iter()
            .find(|t| t.term == phrase.source)
        else {
            continue;
        };
        let written: String = chars[span.clone()].iter().collect();
        let start = s.char_offsets[span.start];
        let end = s.char_offsets[span.end - 1] + chars[span.end - 1].len_utf8();
        let (line, column) = line_col(text, start);
        let leave = |why: String| {
            (
                None,
                Some(Left {
                    line,
                    column,
                    description: format!("`{written}`: {why}"),
                }),
            )
        };
        let replacement = match entry.replace.as_slice() {
            [one] => one,
            [] => {
                out.push(leave(format!(
                    "no single replacement; {}",
                    entry.suggestion()
                )));
                continue;
            }
            many => {
                out.push(leave(format!(
                    "the word list gives {} replacements ({}); choose one",
                    many.len(),
                    quoted(many)
                )));
                continue;
            }
        };
        // Two entries that cross (a clinic's "bad borderline" and the built-in "borderline
        // person" in "a bad borderline person") have no one answer. One inside the other is
        // fine: the longer one is meant.
        let overlapping: Vec<&str> = lex
            .stigmatizing
            .phrases
            .iter()
            .filter(|p| p.source != phrase.source)
            .filter(|p| {
                p.find_all(tokens).iter().any(|o| {
                    o.start < r.end && r.start < o.end && !(r.start <= o.start && o.end <= r.end)
                })
            })
            .map(|p| p.source.as_str())
            .collect();
        if !overlapping.is_empty() {
            out.push(leave(format!(
                "the word list's entries `{}` and `{}` cross here; {}",
                entry.term,
                overlapping.join("`, `"),
                entry.suggestion()
            )));
            continue;
        }
        if !is_exactly(&written, entry) {
            out.push(leave(format!(
                "a form of `{}`, whose one replacement \"{replacement}\" may not fit it; {}",
                entry.term,
                entry.suggestion()
            )));
            continue;
        }
        if text.get(start..end) != Some(written.as_str()) {
            out.push(leave(format!(
                "split by markup or a line break in the file; {}",
                entry.suggestion()
            )));
            continue;
        }
        if lex.stigmatizing.any_in(&tokenize(replacement)) {
            out.push(leave(format!(
                "its replacement \"{replacement}\" is itself in the stigmatizing list; fix the list"
            )));
            continue;
        }
        let replacement = same_case(&written, replacement);
        out.push((
            Some(Change {
                range: start..end,
                description: format!("`{written}` → `{replacement}`"),
                replacement,
                line,
                column,
            }),
            None,
        ));
    }
    out
}

/// True when the words are the entry's own, not a form its wildcard covers.
fn is_exactly(written: &str, entry: &StigmaEntry) -> bool {
    let phrase = Phrase::new(&entry.term);
    let words: Vec<String> = tokenize(written).into_iter().map(|t| t.lower).collect();
    phrase.words().len() == words.len()
        && phrase
            .words()
            .iter()
            .zip(&words)
            .all(|((w, wildcard), t)| !wildcard && w == t)
}

/// The replacement with the first letter's case of the words it replaces. An acronym at the
/// start ("BPD …") keeps its capitals.
fn same_case(original: &str, replacement: &str) -> String {
    let upper = original.chars().next().is_some_and(char::is_uppercase);
    let mut rest = replacement.chars();
    let Some(first) = rest.next() else {
        return String::new();
    };
    let acronym = rest.clone().next().is_some_and(char::is_uppercase);
    if upper {
        first.to_uppercase().chain(rest).collect()
    } else if !acronym {
        first.to_lowercase().chain(rest).collect()
    } else {
        replacement.to_string()
    }
}

fn quoted(list: &[String]) -> String {
    list.iter()
        .map(|r| format!("\"{r}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A run of markers followed by the sentence's full stop (or `!`, `?`) moves the stop
/// before the first marker.
fn marker_fixes(text: &str, s: &Sentence, changes: &mut Vec<Change>, left: &mut Vec<Left>) {
    let mut markers: Vec<Range<usize>> = s
        .markers
        .iter()
        .map(|m| m.offset..m.offset + m.len)
        .filter(|r| {
            text.get(r.clone())
                .is_some_and(|m| m.starts_with("{{") && m.ends_with("}}"))
        })
        .collect();
    markers.sort_by_key(|r| r.start);
    // Runs of markers with only spaces between them.
    let mut runs: Vec<Range<usize>> = Vec::new();
    for m in markers {
        match runs.last_mut() {
            Some(run) if text[run.end..m.start].trim().is_empty() && run.end <= m.start => {
                run.end = m.end
            }
            _ => runs.push(m),
        }
    }
    for run in runs {
        let after = &text[run.end..];
        let Some(stop) = after
            .chars()
            .next()
            .filter(|c| matches!(c, '.' | '!' | '?'))
        else {
            continue;
        };
        let rest = &after[1..];
        let next = rest.trim_start().chars().next();
        let ends_sentence = rest.is_empty()
            || (rest.starts_with(char::is_whitespace) && !next.is_some_and(char::is_lowercase));
        if !ends_sentence {
            continue;
        }
        let before = text[..run.start].trim_end();
        let Some(last) = before.chars().last() else {
            continue;
        };
        let (line, column) = line_col(text, run.start);
        if matches!(last, '.' | '!' | '?' | '…' | ':' | ';' | ',') {
            left.push(Left {
                line,
                column,
                description: format!(
                    "punctuation on both sides of {}; keep the one before it",
                    &text[run.clone()]
                ),
            });
            continue;
        }
        let at = before.len();
        let markers_text = &text[at..run.end];
        changes.push(Change {
            range: at..run.end + stop.len_utf8(),
            replacement: format!("{stop}{markers_text}"),
            line,
            column,
            description: format!("`{stop}` moved before {}", text[run.clone()].trim()),
        });
    }
}

/// A unified diff of one page, with `a/` and `b/` paths as `git diff` writes them.
pub fn unified_diff(path: &str, before: &str, after: &str) -> String {
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ExtraEntry;
    use std::collections::BTreeMap;

    const FRONT: &str = "+++\ntitle = \"T\"\n+++\n\n";

    fn fix(body: &str) -> PageFix {
        fix_page(&format!("{FRONT}{body}"), Lexicon::built_in())
    }

    fn fixed_body(body: &str) -> String {
        fix(body).text[FRONT.len()..].to_string()
    }

    #[test]
    fn a_term_with_one_replacement_is_replaced_keeping_the_first_letters_case() {
        assert_eq!(
            fixed_body("Her brother committed suicide last year.\n"),
            "Her brother died by suicide last year.\n"
        );
        assert_eq!(
            fixed_body("Committed suicide is an old phrase.\n"),
            "Died by suicide is an old phrase.\n"
        );
        assert_eq!(
            fixed_body("Borderlines often feel alone.\n"),
            "People with BPD often feel alone.\n"
        );
        let f = fix("He committed suicide.\n");
        assert_eq!(f.changes.len(), 1);
        assert_eq!(f.changes[0].line, 5);
        assert_eq!(f.changes[0].column, 4);
        assert_eq!(
            f.changes[0].description,
            "`committed suicide` → `died by suicide`"
        );
    }

    #[test]
    fn terms_with_several_replacements_none_or_a_wildcard_are_left() {
        for body in [
            "He is attention seeking.\n",           // two replacements
            "They called her manipulative.\n",      // advice only
            "BPD girls are often misunderstood.\n", // `bpd girl*`
        ] {
            let f = fix(body);
            assert!(f.changes.is_empty(), "{body}: {:?}", f.changes);
            assert_eq!(f.left.len(), 1, "{body}: {:?}", f.left);
        }
        assert!(fix("He is attention seeking.\n").left[0]
            .description
            .contains("2 replacements (\"reaching out for help\", \"trying to get needs met\")"));
    }

    #[test]
    fn a_marker_before_the_full_stop_moves_after_it() {
        assert_eq!(
            fixed_body("Some text{{ claim(id=\"x\") }}. More text.\n"),
            "Some text.{{ claim(id=\"x\") }} More text.\n"
        );
        assert_eq!(
            fixed_body("Two claims {{ claim(id=\"a\") }}{{ claim(id=\"b\") }}!\n"),
            "Two claims! {{ claim(id=\"a\") }}{{ claim(id=\"b\") }}\n"
        );
        assert_eq!(
            fixed_body("A component{{<claim id=\"x\"/>}}.\n"),
            "A component.{{<claim id=\"x\"/>}}\n"
        );
        // Already right, a stop on both sides, or a stop that ends nothing: unchanged.
        for body in [
            "Right.{{ claim(id=\"x\") }}\n",
            "Both.{{ claim(id=\"x\") }}.\n",
            "Version{{ claim(id=\"x\") }}.5 is out.\n",
        ] {
            assert_eq!(fixed_body(body), body);
        }
        assert_eq!(fix("Both.{{ claim(id=\"x\") }}.\n").left.len(), 1);
    }

    #[test]
    fn never_touches_front_matter_code_suppressed_blocks_or_marker_ids() {
        let page = "+++\ntitle = \"He committed suicide{{ claim(id=\\\"x\\\") }}.\"\n+++\n\n\
                    Inline `committed suicide` and `x{{ claim(id=\"x\") }}.` stay.\n\n\
                    ```\nHe committed suicide{{ claim(id=\"x\") }}.\n```\n\n    \
                    indented committed suicide{{ claim(id=\"x\") }}.\n\n\
                    <!-- claim-lint: allow stigmatizing-term reason=\"names the myth\" -->\n\
                    People say borderlines committed suicide{{ claim(id=\"x\") }}.\n\n\
                    Ids stay: see{{ claim(id=\"committed suicide\") }}.\n";
        let f = fix_page(page, Lexicon::built_in());
        assert_eq!(f.changes.len(), 1, "{:?}", f.changes);
        assert_eq!(
            f.text,
            page.replace(
                "see{{ claim(id=\"committed suicide\") }}.",
                "see.{{ claim(id=\"committed suicide\") }}"
            )
        );
    }

    #[test]
    fn a_second_run_changes_nothing() {
        let body = "Her brother committed suicide{{ claim(id=\"x\") }}. Borderlines and a \
                    borderline person often feel alone{{ claim(id=\"y\") }}{{ claim(id=\"z\") }}.\n\
                    He is attention seeking. She is a borderline.\n";
        let once = fix(body);
        assert_eq!(once.changes.len(), 5, "{:?}\n{}", once.changes, once.text);
        assert!(once
            .text
            .contains("People with BPD and a person with BPD often"));
        assert_eq!(once.left.len(), 1, "{:?}", once.left);
        let twice = fix_page(&once.text, Lexicon::built_in());
        assert!(twice.changes.is_empty(), "{:?}", twice.changes);
        assert_eq!(twice.text, once.text);
    }

    #[test]
    fn every_built_in_single_replacement_is_stable() {
        // Each entry's own words, fixed once, are fixed for good.
        for e in &Lexicon::built_in().stigmatizing_terms {
            if e.replace.len() != 1 || e.term.contains('*') {
                continue;
            }
            let once = fix(&format!("They said {} today.\n", e.term));
            assert_eq!(once.changes.len(), 1, "{}: {:?}", e.term, once.left);
            let twice = fix_page(&once.text, Lexicon::built_in());
            assert!(twice.changes.is_empty(), "{}: {:?}", e.term, twice.changes);
        }
    }

    #[test]
    fn a_clinics_own_terms_are_fixed_too() {
        let mut extra = BTreeMap::new();
        extra.insert(
            "stigmatizing".to_string(),
            vec![ExtraEntry::Term {
                term: "nutjob".into(),
                replace: vec!["person in distress".into()],
            }],
        );
        let lex = Lexicon::new(&extra).unwrap();
        let f = fix_page(&format!("{FRONT}A nutjob, they said.\n"), &lex);
        assert_eq!(&f.text[FRONT.len()..], "A person in distress, they said.\n");
    }

    #[test]
    fn two_entries_that_cross_are_left() {
        // "bad borderline" and the built-in "borderline person" cross in "a bad borderline
        // person": neither replacement is the one answer.
        let mut extra = BTreeMap::new();
        extra.insert(
            "stigmatizing".to_string(),
            vec![ExtraEntry::Term {
                term: "bad borderline".into(),
                replace: vec!["person with BPD".into()],
            }],
        );
        let lex = Lexicon::new(&extra).unwrap();
        let f = fix_page(&format!("{FRONT}She is a bad borderline person.\n"), &lex);
        assert!(f.changes.is_empty(), "{:?}", f.changes);
        assert_eq!(f.left.len(), 1, "{:?}", f.left);
        assert!(f.left[0].description.contains("cross"), "{:?}", f.left);
    }

    #[test]
    fn the_diff_is_unified_with_git_paths() {
        let d = unified_diff("content/a.md", "one\ntwo\n", "one\nthree\n");
        assert!(
            d.starts_with("--- a/content/a.md\n+++ b/content/a.md\n@@"),
            "{d}"
        );
        assert!(d.contains("-two\n+three\n"), "{d}");
    }
}
