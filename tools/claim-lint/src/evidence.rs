//! The sources' local texts, and finding a claim's quote and locator in them.
//!
//! A quote must be the source's own words, but the same words can be written in several
//! ways once a PDF becomes plain text. Before matching, both sides are normalised:
//! - runs of whitespace and line breaks become one space;
//! - a hyphen at the end of a line may or may not belong to the word ("anxious-\navoidant"
//!   and "neuro-\nbiology" both occur), so there it matches a written hyphen or nothing;
//! - curly quotes become straight ones, every dash becomes `-`, and ligatures (ﬁ, ﬂ…)
//!   become their letters;
//! - Markdown emphasis (`*`) is dropped: it is formatting in the copy, not the source's words.
//!
//! Case and every other character must match. `…` in a quote is a gap within one passage:
//! each fragment must follow the one before it within [`MAX_GAP`] characters.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

/// The largest gap, in normalised characters, that `…` may stand for. A passage is a
/// paragraph or two; a quote that joins words from pages apart is not one passage.
pub const MAX_GAP: usize = 1500;

/// Stands for a hyphen at a line end in a normalised source: it matches `-` or nothing.
const SOFT_HYPHEN: char = '\u{AD}';

/// A source's local text, normalised once for every quote that cites it.
#[derive(Debug, Clone)]
pub struct SourceText {
    chars: Vec<char>,
    /// For each normalised character, the 1-based line of the original text it came from.
    lines: Vec<usize>,
    /// The text's lines, normalised and lowercased, for finding locators.
    headings: Vec<String>,
    /// Abbreviations the text defines ("oxytocin (OXT)"), short form to long form.
    abbreviations: HashMap<String, String>,
    /// The text's sentences, each as its range in `chars` and its content words (canonical
    /// stems), for finding the passage a statement's words come from.
    sentences: Vec<SourceSentence>,
}

/// One sentence of a source: where it is in the normalised text, and its content words.
#[derive(Debug, Clone)]
pub struct SourceSentence {
    pub chars: Range<usize>,
    pub words: HashSet<String>,
}

/// Where a quote was found, or how far it got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuoteMatch {
    /// Found: the 1-based line of the source where the quote starts.
    Found { line: usize },
    /// A fragment was not found: which one, and the longest start of it that does occur.
    Missing {
        fragment: String,
        matched: String,
        gap_too_long: bool,
    },
}

impl SourceText {
    pub fn load(path: &Path) -> std::io::Result<SourceText> {
        Ok(SourceText::new(&std::fs::read_to_string(path)?))
    }

    pub fn new(text: &str) -> SourceText {
        let mut chars = Vec::with_capacity(text.len());
        let mut lines = Vec::with_capacity(text.len());
        let mut line = 1;
        let mut pending_space = false;
        let mut iter = text.chars().peekable();
        while let Some(c) = iter.next() {
            if c == '\n' {
                line += 1;
            }
            if c.is_whitespace() {
                pending_space = !chars.is_empty();
                continue;
            }
            let Some(c) = fold_char(c) else { continue };
            if c == '-' && ends_line(&mut iter.clone()) {
                // Skip the line break: the next word continues this one.
                push_folded(
                    &mut chars,
                    &mut lines,
                    &mut pending_space,
                    SOFT_HYPHEN,
                    line,
                );
                while iter.peek().is_some_and(|n| n.is_whitespace()) {
                    if iter.next() == Some('\n') {
                        line += 1;
                    }
                }
                continue;
            }
            for folded in fold(c) {
                push_folded(&mut chars, &mut lines, &mut pending_space, folded, line);
            }
        }
        // A heading may wrap onto a second line in a text made from a PDF, so each line is
        // also kept joined with the next.
        let text_lines: Vec<String> = text
            .lines()
            .map(heading_form)
            .filter(|l| !l.is_empty())
            .collect();
        let mut headings = text_lines.clone();
        headings.extend(text_lines.windows(2).map(|w| format!("{} {}", w[0], w[1])));
        let sentences = sentences_of(&chars);
        SourceText {
            chars,
            lines,
            headings,
            abbreviations: abbreviations(text),
            sentences,
        }
    }

    /// The text's sentences, in order.
    pub fn sentences(&self) -> &[SourceSentence] {
        &self.sentences
    }

    /// Characters of the normalised text, as a string (for messages).
    pub fn excerpt(&self, range: Range<usize>) -> String {
        self.chars[range.start.min(self.chars.len())..range.end.min(self.chars.len())]
            .iter()
            .filter(|c| **c != SOFT_HYPHEN)
            .collect()
    }

    /// Where a quote is in the normalised text, from the start of its first fragment to the
    /// end of its last; `None` when it is not there.
    pub fn span_of(&self, quote: &str) -> Option<Range<usize>> {
        let fragments: Vec<Vec<char>> = quote
            .split('…')
            .map(normalise)
            .filter(|f| !f.is_empty())
            .collect();
        let first = fragments.first()?;
        'start: for start in 0..self.chars.len() {
            let Some(mut end) = self.match_at(start, first) else {
                continue;
            };
            for fragment in &fragments[1..] {
                match self.find_after(end, fragment) {
                    Some((_, e, true)) => end = e,
                    _ => continue 'start,
                }
            }
            return Some(start..end);
        }
        None
    }

    /// The long forms of the abbreviations a quote uses, as the source defines them, so
    /// that a plain-words statement ("oxytocin") is compared with "OXT" in its quote.
    pub fn expansions_in(&self, quote: &str) -> Vec<String> {
        let words: std::collections::HashSet<&str> = quote
            .split(|c: char| !(c.is_alphanumeric() || c == '-'))
            .filter(|w| !w.is_empty())
            .collect();
        let mut found: Vec<String> = self
            .abbreviations
            .iter()
            .filter(|(short, _)| words.contains(short.as_str()))
            .map(|(_, long)| long.clone())
            .collect();
        found.sort();
        found
    }

    /// Finds a quote, fragment by fragment.
    pub fn find(&self, quote: &str) -> QuoteMatch {
        let fragments: Vec<Vec<char>> = quote
            .split('…')
            .map(normalise)
            .filter(|f| !f.is_empty())
            .collect();
        let Some(first) = fragments.first() else {
            return QuoteMatch::Missing {
                fragment: String::new(),
                matched: String::new(),
                gap_too_long: false,
            };
        };
        let mut best_miss: Option<(usize, usize, bool)> = None; // (fragment, matched, gap)
        for start in 0..self.chars.len() {
            let Some(mut end) = self.match_at(start, first) else {
                continue;
            };
            let mut ok = true;
            for (k, fragment) in fragments.iter().enumerate().skip(1) {
                match self.find_after(end, fragment) {
                    Some((_, e, within)) if within => end = e,
                    Some((_, _, _)) => {
                        best_miss = worse_of(best_miss, (k, fragment.len(), true));
                        ok = false;
                        break;
                    }
                    None => {
                        best_miss = worse_of(best_miss, (k, 0, false));
                        ok = false;
                        break;
                    }
                }
            }
            if ok {
                return QuoteMatch::Found {
                    line: self.lines[start],
                };
            }
        }
        let (k, _, gap) = best_miss.unwrap_or((0, 0, false));
        let fragment = &fragments[k];
        let matched = self.longest_prefix(fragment);
        QuoteMatch::Missing {
            fragment: fragment.iter().collect(),
            matched: fragment[..matched].iter().collect(),
            gap_too_long: gap,
        }
    }

    /// True when some line of the text is the locator's heading: the line reads as the
    /// locator, or starts with it (numbered headings such as "3.3.2 Stress reactivity").
    /// A locator may be a path of headings ("Results: Structural Brain Abnormalities",
    /// "Results > Structure"): then every part must be a heading.
    pub fn has_heading(&self, locator: &str) -> bool {
        if self.has_one_heading(locator) {
            return true;
        }
        let parts: Vec<&str> = locator
            .split([':', '>', '\u{203A}', '/'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        parts.len() > 1 && parts.iter().all(|p| self.has_one_heading(p))
    }

    fn has_one_heading(&self, locator: &str) -> bool {
        let wanted = heading_form(locator);
        if wanted.is_empty() {
            return false;
        }
        // A run-in heading starts its paragraph: "Pharmacology: While no drugs…".
        let run_in = format!("{wanted}:");
        self.headings.iter().any(|line| {
            line == &wanted
                || line.starts_with(&run_in)
                || (line.len() <= wanted.len() + 40
                    && (line.starts_with(&wanted) || line.ends_with(&wanted)))
        })
    }

    /// Matches `fragment` at `start`; returns the end on success.
    fn match_at(&self, start: usize, fragment: &[char]) -> Option<usize> {
        let (mut i, mut j) = (start, 0);
        while j < fragment.len() {
            let c = *self.chars.get(i)?;
            if c == SOFT_HYPHEN {
                // A line-end hyphen: the quote may keep it ("anxious-avoidant"), keep it
                // with the line break as a space ("anxious- avoidant"), or drop it.
                i += 1;
                if fragment[j] == '-' {
                    j += 1;
                    if fragment.get(j) == Some(&' ') {
                        j += 1;
                    }
                }
                continue;
            }
            if c != fragment[j] {
                return None;
            }
            i += 1;
            j += 1;
        }
        Some(i)
    }

    /// The next match of `fragment` at or after `from`: (start, end, within the gap limit).
    fn find_after(&self, from: usize, fragment: &[char]) -> Option<(usize, usize, bool)> {
        (from..self.chars.len()).find_map(|s| {
            self.match_at(s, fragment)
                .map(|e| (s, e, s - from <= MAX_GAP))
        })
    }

    /// How many characters of `fragment`, from its start, occur somewhere in the text.
    fn longest_prefix(&self, fragment: &[char]) -> usize {
        let (mut lo, mut hi) = (0, fragment.len());
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            if (0..self.chars.len()).any(|s| self.match_at(s, &fragment[..mid]).is_some()) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        lo
    }
}

/// Splits a normalised text into sentences: after `.`, `?` or `!` (and any reference list
/// or closing quote or bracket right after it: ".[21,22]", ".(12)") and a space, before a
/// capital; but not after an initial ("M. Eftekhari") or "al." ("Smith et al. found").
fn sentences_of(chars: &[char]) -> Vec<SourceSentence> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let mut end = i;
        let mut ends = false;
        if matches!(chars[i], '.' | '?' | '!')
            && !(i >= 2 && chars[i - 2] == ' ' && chars[i - 1].is_alphabetic())
            && !(i >= 6 && chars[i - 6..i] == [' ', 'e', 't', ' ', 'a', 'l'])
        {
            // What closes the sentence after its stop: quotes, brackets, references.
            let mut j = i + 1;
            loop {
                match chars.get(j) {
                    Some('"' | '\'' | ')' | ']') => j += 1,
                    Some(open @ ('[' | '(')) => {
                        let close = if *open == '[' { ']' } else { ')' };
                        match chars[j..].iter().take(40).position(|c| *c == close) {
                            Some(k)
                                if chars[j + 1..j + k].iter().all(|c| {
                                    c.is_ascii_digit() || matches!(c, ',' | ' ' | '-' | ';')
                                }) =>
                            {
                                j += k + 1
                            }
                            _ => break,
                        }
                    }
                    _ => break,
                }
            }
            ends = chars.get(j) == Some(&' ')
                && chars
                    .get(j + 1)
                    .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
            end = j - 1;
        }
        let last = end + 1 >= chars.len();
        if ends || last {
            let end = end.min(chars.len() - 1);
            if start <= end {
                let text: String = chars[start..=end].iter().collect();
                let words = crate::rules::analysis::content_stems(&crate::text::tokenize(&text))
                    .into_iter()
                    .collect();
                out.push(SourceSentence {
                    chars: start..end + 1,
                    words,
                });
            }
            start = end + 2;
            i = end + 1;
        }
        i += 1;
    }
    out
}

/// "anterior cingulate cortex (ACC)", "oxytocin (OXT)", "serotonin (5-HT)": the words
/// before a parenthesised short form. When the short form's letters are the initials of
/// the words before it, those words are the long form; otherwise the one word before it.
fn abbreviations(text: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let mut rest = text;
    while let Some(open) = rest.find('(') {
        let before = &rest[..open];
        let after = &rest[open + 1..];
        let Some(close) = after.find(')') else { break };
        let short = after[..close].trim();
        let looks_short = (2..=8).contains(&short.len())
            && short.chars().any(|c| c.is_ascii_uppercase())
            && short.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if looks_short {
            let words: Vec<&str> = before
                .split_whitespace()
                .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-'))
                .collect();
            let letters: Vec<char> = short
                .chars()
                .filter(|c| c.is_ascii_uppercase())
                .map(|c| c.to_ascii_lowercase())
                .collect();
            let n = letters.len();
            let initials_match = n >= 2
                && words.len() >= n
                && words[words.len() - n..]
                    .iter()
                    .zip(&letters)
                    .all(|(w, l)| w.to_lowercase().starts_with(*l));
            let long = if initials_match {
                words[words.len() - n..].join(" ")
            } else {
                words.last().map(|w| w.to_string()).unwrap_or_default()
            };
            if long.chars().count() > short.chars().count() {
                out.entry(short.to_string()).or_insert(long);
            }
        }
        rest = &after[close.min(after.len())..];
    }
    out
}

fn worse_of(
    a: Option<(usize, usize, bool)>,
    b: (usize, usize, bool),
) -> Option<(usize, usize, bool)> {
    match a {
        Some(a) if a.0 >= b.0 => Some(a),
        _ => Some(b),
    }
}

fn push_folded(
    chars: &mut Vec<char>,
    lines: &mut Vec<usize>,
    pending_space: &mut bool,
    c: char,
    line: usize,
) {
    if *pending_space {
        chars.push(' ');
        lines.push(line);
        *pending_space = false;
    }
    chars.push(c);
    lines.push(line);
}

/// True when only spaces or tabs stand between here and a line break.
fn ends_line(rest: &mut std::iter::Peekable<std::str::Chars>) -> bool {
    for c in rest.by_ref() {
        match c {
            '\n' => return true,
            ' ' | '\t' | '\r' => continue,
            _ => return false,
        }
    }
    false
}

/// One character in its matching form; `None` for characters that are only formatting.
fn fold_char(c: char) -> Option<char> {
    match c {
        '*' => None,
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' => Some('\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => Some('"'),
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => Some('-'),
        '\u{00AD}' => None,
        other => Some(other),
    }
}

/// Ligatures become their letters; every other character stays itself.
fn fold(c: char) -> Vec<char> {
    match c {
        '\u{FB00}' => vec!['f', 'f'],
        '\u{FB01}' => vec!['f', 'i'],
        '\u{FB02}' => vec!['f', 'l'],
        '\u{FB03}' => vec!['f', 'f', 'i'],
        '\u{FB04}' => vec!['f', 'f', 'l'],
        '\u{FB05}' | '\u{FB06}' => vec!['s', 't'],
        other => vec![other],
    }
}

/// A quote fragment in matching form: whitespace collapsed, characters folded.
pub fn normalise(text: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        let Some(c) = fold_char(c) else { continue };
        for f in fold(c) {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(f);
        }
    }
    out
}

/// A line as a heading to compare: Markdown marks and trailing punctuation dropped,
/// whitespace collapsed, lowercased.
fn heading_form(line: &str) -> String {
    let folded: String = normalise(line).into_iter().collect();
    folded
        .trim_start_matches(['#', '-', '>', ' '])
        .trim_end_matches([':', '.', ' '])
        .to_lowercase()
}

/// The local texts of a claims file's sources, each read and normalised once.
#[derive(Debug, Default)]
pub struct SourceTexts {
    texts: HashMap<String, SourceText>,
}

impl SourceTexts {
    /// Reads every source that names a local text. The claims file checked at load time
    /// that each path exists and stays in the repository; a read that fails now is reported.
    pub fn load(
        claims: &crate::claims::ClaimsFile,
    ) -> Result<SourceTexts, crate::diagnostic::FileError> {
        let mut texts = HashMap::new();
        for (id, source) in &claims.sources {
            if let Some(path) = claims.text_path(source) {
                let text = SourceText::load(&path)
                    .map_err(|e| crate::diagnostic::FileError::io(&path, &e))?;
                texts.insert(id.clone(), text);
            }
        }
        Ok(SourceTexts { texts })
    }

    pub fn get(&self, source: &str) -> Option<&SourceText> {
        self.texts.get(source)
    }

    pub fn insert(&mut self, source: &str, text: SourceText) {
        self.texts.insert(source.to_string(), text);
    }
}

/// How many studies a quote cites: numbered references ("[12]", "[3, 4]", "[5-7]",
/// "(12)"; ranges count every number) or named studies ("Smith et al.", "Kohlhoff and
/// colleagues"), whichever is more. A named study usually carries its number too ("Back
/// et al. (47)"), so the two are not added.
pub fn cited_studies(quote: &str, named: &crate::text::PhraseList) -> usize {
    let numbered = numbered_references(quote);
    let named_count = named.find_all(&crate::text::tokenize(quote)).len();
    numbered.len().max(named_count)
}

/// The distinct reference numbers in brackets or parentheses.
fn numbered_references(quote: &str) -> std::collections::BTreeSet<u32> {
    let mut refs = std::collections::BTreeSet::new();
    let bytes: Vec<char> = quote.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let close = match bytes[i] {
            '[' => ']',
            '(' => ')',
            _ => {
                i += 1;
                continue;
            }
        };
        let Some(len) = bytes[i + 1..].iter().position(|c| *c == close) else {
            break;
        };
        let inside: String = bytes[i + 1..i + 1 + len].iter().collect();
        if let Some(numbers) = reference_list(&inside, close == ']') {
            refs.extend(numbers);
        }
        i += len + 2;
    }
    refs
}

/// "12", "3, 4", "5-7" or "5–7, 9" as reference numbers. In parentheses only small
/// plain lists count, so "(2019)" or "(n = 40)" are not references.
fn reference_list(inside: &str, square: bool) -> Option<Vec<u32>> {
    let mut out = Vec::new();
    for part in inside.split([',', ';']) {
        let part = part.trim();
        let folded: String = part.chars().map(|c| fold_char(c).unwrap_or(c)).collect();
        let mut ends = folded.splitn(2, '-');
        let a: u32 = ends.next()?.trim().parse().ok()?;
        let b: u32 = match ends.next() {
            Some(b) => b.trim().parse().ok()?,
            None => a,
        };
        if b < a || b - a > 50 || (!square && a > 300) {
            return None;
        }
        out.extend(a..=b);
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_end_after_words_ending_in_al_but_not_after_et_al() {
        let count = |t: &str| sentences_of(&t.chars().collect::<Vec<_>>()).len();
        assert_eq!(count("Responses were normal. Cortisol was high in BPD."), 2);
        assert_eq!(
            count("Smith et al. found higher cortisol. Others did not."),
            2
        );
    }

    #[test]
    fn whitespace_quotes_dashes_and_ligatures_are_normalised() {
        let text = SourceText::new(
            "The \u{201C}amygdala\u{201D} is\nhyper\u{2013}reactive in e\u{FB03}cient *BPD*.",
        );
        assert!(matches!(
            text.find("The \"amygdala\" is hyper-reactive"),
            QuoteMatch::Found { line: 1 }
        ));
        assert!(matches!(
            text.find("in efficient BPD."),
            QuoteMatch::Found { .. }
        ));
    }

    #[test]
    fn a_hyphen_at_a_line_end_matches_with_or_without_it() {
        let text = SourceText::new("in the anxious-\navoidant style and neuro-\nbiology");
        assert!(matches!(
            text.find("anxious-avoidant style"),
            QuoteMatch::Found { .. }
        ));
        assert!(matches!(
            text.find("anxious- avoidant style"),
            QuoteMatch::Found { .. }
        ));
        assert!(matches!(
            text.find("and neurobiology"),
            QuoteMatch::Found { .. }
        ));
    }

    #[test]
    fn an_ellipsis_is_a_gap_within_one_passage() {
        let near = format!("Alpha beta. {} Gamma delta.", "x ".repeat(100));
        let text = SourceText::new(&near);
        assert!(matches!(
            text.find("Alpha beta. … Gamma delta."),
            QuoteMatch::Found { .. }
        ));
        let far = format!("Alpha beta. {} Gamma delta.", "x ".repeat(2000));
        let text = SourceText::new(&far);
        assert!(matches!(
            text.find("Alpha beta … Gamma delta"),
            QuoteMatch::Missing {
                gap_too_long: true,
                ..
            }
        ));
        // Out of order is not the same passage either.
        assert!(matches!(
            text.find("Gamma … Alpha"),
            QuoteMatch::Missing { .. }
        ));
    }

    #[test]
    fn a_changed_word_is_missing_and_says_how_far_it_matched() {
        let text = SourceText::new("Reduced plasma oxytocin levels in women.");
        let QuoteMatch::Missing { matched, .. } = text.find("Reduced plasma cortisol levels")
        else {
            panic!("a changed word must not match");
        };
        assert_eq!(matched, "Reduced plasma ");
        // Case matters: a quote is the source's own words.
        assert!(matches!(
            text.find("reduced plasma"),
            QuoteMatch::Missing { .. }
        ));
    }

    #[test]
    fn headings_are_found_with_or_without_numbers() {
        let text = SourceText::new("Intro\n\n3.3.2 Stress reactivity\n\nText.\n## Results\n");
        assert!(text.has_heading("3.3.2 Stress reactivity"));
        assert!(text.has_heading("Stress reactivity"));
        assert!(text.has_heading("Results"));
        assert!(!text.has_heading("Discussion"));
        assert!(text.has_heading("Results: Stress reactivity"));
        let run_in =
            SourceText::new("- **Pharmacology:** While no drugs are approved for it, some help.\n");
        assert!(run_in.has_heading("Pharmacology"));
        assert!(!text.has_heading("Results: Discussion"));
        let wrapped = SourceText::new(
            "3.2.4 The threat hypersensitivity as the core\nof BPD symptoms\n\nText.",
        );
        assert!(
            wrapped.has_heading("3.2.4 The threat hypersensitivity as the core of BPD symptoms")
        );
    }

    #[test]
    fn sentences_end_after_their_references_but_not_after_initials_or_et_al() {
        let text = SourceText::new(
            "Volumes are smaller.[12,13] Smith et al. found more. M. Jones agreed (4). Then it ends",
        );
        let sentences: Vec<String> = text
            .sentences()
            .iter()
            .map(|s| text.excerpt(s.chars.clone()))
            .collect();
        assert_eq!(
            sentences,
            [
                "Volumes are smaller.[12,13]",
                "Smith et al. found more.",
                "M. Jones agreed (4).",
                "Then it ends"
            ]
        );
        assert!(text.sentences()[0].words.contains("volum"));
    }

    #[test]
    fn a_quote_is_located_across_its_gaps() {
        let text = SourceText::new("Alpha beta gamma. Delta epsilon zeta.");
        assert_eq!(text.span_of("beta … epsilon"), Some(6..31));
        assert_eq!(text.span_of("omega"), None);
    }

    #[test]
    fn abbreviations_are_read_from_the_text() {
        let text = SourceText::new(
            "the anterior cingulate cortex (ACC) and oxytocin (OXT), and serotonin (5-HT).",
        );
        assert_eq!(
            text.expansions_in("the ACC is small"),
            ["anterior cingulate cortex"]
        );
        assert_eq!(text.expansions_in("OXT levels"), ["oxytocin"]);
        assert_eq!(text.expansions_in("5-HT dysfunction"), ["serotonin"]);
        assert!(text.expansions_in("nothing here").is_empty());
    }

    #[test]
    fn references_are_counted_by_number_and_by_name() {
        let named =
            crate::text::PhraseList::new(&["et al".to_string(), "and colleagues".to_string()]);
        assert_eq!(cited_studies("is smaller [12].", &named), 1);
        assert_eq!(cited_studies("is smaller [12, 13].", &named), 2);
        assert_eq!(cited_studies("is smaller [5\u{2013}7].", &named), 3);
        assert_eq!(cited_studies("as reported (12).", &named), 1);
        assert_eq!(cited_studies("in 2019 (n = 40) (2019).", &named), 0);
        assert_eq!(cited_studies("Kohlhoff and colleagues found", &named), 1);
        assert_eq!(cited_studies("no study named here", &named), 0);
        assert_eq!(
            cited_studies(
                "Back et al. (47) found x; Schmitz et al. (48) found y.",
                &named
            ),
            2
        );
    }
}
