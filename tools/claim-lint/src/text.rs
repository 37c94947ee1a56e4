//! Words, phrases and stems: the small amount of language processing the rules share.
//!
//! Sentences are split into [`Token`]s that remember where they came from (character
//! offsets in the sentence), so every finding can underline the words it is about.
//! Phrases from the lexicons are matched on lowercased tokens; a trailing `*` in a
//! lexicon word matches any ending ("suggest*" matches "suggests" and "suggested").

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;
use std::ops::Range;
use std::sync::OnceLock;

/// One word or number of a sentence.
#[derive(Debug, Clone)]
pub struct Token {
    /// The word as written.
    pub text: String,
    /// Lowercased, with curly apostrophes made straight.
    pub lower: String,
    /// Character range in the sentence.
    pub chars: Range<usize>,
    /// True when a hyphen or dash joins this token to the one before ("over-active", "40–50").
    pub joined_to_prev: bool,
    /// True when a clause boundary (, ; : or a dash) comes right before this token.
    pub clause_start: bool,
}

impl Token {
    pub fn is_number(&self) -> bool {
        self.lower
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit())
            && self
                .lower
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    }
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '‐' | '‑')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’')
}

/// Splits a sentence into tokens. Hyphenated words become several tokens joined by
/// `joined_to_prev`, so "attention-seeking" and "attention seeking" match the same entry.
/// Decimals ("2.5") and thousands ("1,000") stay one token.
pub fn tokenize(sentence: &str) -> Vec<Token> {
    let chars: Vec<char> = sentence.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    let mut pending_join = false;
    let mut pending_clause = true;
    while i < chars.len() {
        let c = chars[i];
        if c.is_alphanumeric() {
            let start = i;
            while i < chars.len() {
                let c = chars[i];
                let next = chars.get(i + 1).copied();
                let prev = if i > 0 { Some(chars[i - 1]) } else { None };
                let joins_word = c.is_alphanumeric()
                    || (is_apostrophe(c) && next.is_some_and(char::is_alphabetic))
                    || ((c == '.' || c == ',')
                        && prev.is_some_and(|p| p.is_ascii_digit())
                        && next.is_some_and(|n| n.is_ascii_digit()));
                if joins_word {
                    i += 1;
                } else {
                    break;
                }
            }
            let text: String = chars[start..i].iter().collect();
            let lower = text.to_lowercase().replace('’', "'");
            tokens.push(Token {
                text,
                lower,
                chars: start..i,
                joined_to_prev: pending_join,
                clause_start: pending_clause,
            });
            pending_join = false;
            pending_clause = false;
        } else {
            let joins = is_dash(c)
                && i > 0
                && chars[i - 1].is_alphanumeric()
                && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
            pending_join = joins;
            if !joins && matches!(c, ',' | ';' | ':' | '—' | '–') {
                pending_clause = true;
            }
            i += 1;
        }
    }
    tokens
}

/// A lexicon entry: a sequence of words, each exact or a prefix (`word*`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    pub source: String,
    words: Vec<(String, bool)>,
}

impl Phrase {
    pub fn new(entry: &str) -> Phrase {
        let words = entry
            .split(|c: char| c.is_whitespace() || is_dash(c))
            .filter(|w| !w.is_empty())
            .map(|w| {
                let w = w.to_lowercase().replace('’', "'");
                match w.strip_suffix('*') {
                    Some(prefix) => (prefix.to_string(), true),
                    None => (w, false),
                }
            })
            .collect();
        Phrase {
            source: entry.to_string(),
            words,
        }
    }

    fn word_matches(pattern: &(String, bool), token: &str) -> bool {
        if pattern.1 {
            token.starts_with(pattern.0.as_str())
        } else {
            token == pattern.0
        }
    }

    /// True when this phrase occurs at token `start`.
    pub fn matches_at(&self, tokens: &[Token], start: usize) -> bool {
        let n = self.words.len();
        n > 0
            && start + n <= tokens.len()
            && self
                .words
                .iter()
                .zip(&tokens[start..start + n])
                .all(|(p, t)| Self::word_matches(p, &t.lower))
    }

    /// Every token range in `tokens` where this phrase occurs.
    pub fn find_all(&self, tokens: &[Token]) -> Vec<Range<usize>> {
        let n = self.words.len();
        (0..tokens.len())
            .filter(|&start| self.matches_at(tokens, start))
            .map(|start| start..start + n)
            .collect()
    }

    /// The words, each with whether it is a prefix (`word*`).
    pub fn words(&self) -> &[(String, bool)] {
        &self.words
    }

    /// True when this entry matches every token sequence that `other` matches: same length,
    /// and each word equal or a prefix that covers the other's word.
    pub fn subsumes(&self, other: &Phrase) -> bool {
        self.words.len() == other.words.len()
            && self
                .words
                .iter()
                .zip(&other.words)
                .all(|(a, b)| match (a.1, b.1) {
                    (false, false) => a.0 == b.0,
                    (true, _) => b.0.starts_with(a.0.as_str()),
                    (false, true) => false,
                })
    }

    pub fn occurs_in(&self, tokens: &[Token]) -> bool {
        (0..tokens.len()).any(|start| self.matches_at(tokens, start))
    }
}

/// A list of phrases, indexed by first word so that matching a sentence costs a few hash
/// lookups per token rather than a scan of every entry.
#[derive(Debug, Clone, Default)]
pub struct PhraseList {
    pub phrases: Vec<Phrase>,
    /// Entries whose first word is exact, keyed by that word.
    by_first_word: FxHashMap<String, Vec<usize>>,
    /// Entries whose first word is a prefix (`word*`), keyed by the prefix.
    by_first_prefix: FxHashMap<String, Vec<usize>>,
    /// The byte lengths of those prefixes, so a token is cut only where a key could match.
    prefix_lengths: Vec<usize>,
}

impl PhraseList {
    pub fn new<S: AsRef<str>>(entries: &[S]) -> PhraseList {
        let mut list = PhraseList::default();
        list.extend(entries);
        list
    }

    pub fn extend<S: AsRef<str>>(&mut self, entries: &[S]) {
        for e in entries {
            let phrase = Phrase::new(e.as_ref());
            let index = self.phrases.len();
            if let Some((word, is_prefix)) = phrase.words.first() {
                let map = if *is_prefix {
                    &mut self.by_first_prefix
                } else {
                    &mut self.by_first_word
                };
                map.entry(word.clone()).or_default().push(index);
                if *is_prefix && !self.prefix_lengths.contains(&word.len()) {
                    self.prefix_lengths.push(word.len());
                    self.prefix_lengths.sort_unstable();
                }
            }
            self.phrases.push(phrase);
        }
    }

    /// Entries that may start at this token: exact first word, or a prefix of it.
    fn candidates<'s>(&'s self, token: &'s str) -> impl Iterator<Item = usize> + 's {
        let exact = self.by_first_word.get(token).into_iter().flatten();
        let prefixes = self
            .prefix_lengths
            .iter()
            .take_while(move |&&n| n <= token.len())
            .filter_map(move |&n| token.get(..n))
            .filter_map(|prefix| self.by_first_prefix.get(prefix))
            .flatten();
        exact.chain(prefixes).copied()
    }

    /// Every (phrase, token range) match, in list order at each start position.
    fn matches<'a>(&'a self, tokens: &[Token]) -> Vec<(&'a Phrase, Range<usize>)> {
        // (entry, start) pairs; most lists match nothing in most sentences, so this is
        // usually never allocated. (It runs for every list on every sentence.)
        let mut found: Vec<(usize, usize)> = Vec::new();
        for (start, token) in tokens.iter().enumerate() {
            let here = found.len();
            found.extend(
                self.candidates(&token.lower)
                    .filter(|&i| self.phrases[i].matches_at(tokens, start))
                    .map(|i| (i, start)),
            );
            // List order decides between equal matches, as a scan of the list would.
            found[here..].sort_unstable();
        }
        found
            .into_iter()
            .map(|(i, start)| (&self.phrases[i], start..start + self.phrases[i].words.len()))
            .collect()
    }

    /// All matches, as (phrase, token range), longest first at each position, without overlaps.
    /// Between equally long matches at one position, the earlier entry wins.
    pub fn find_all<'a>(&'a self, tokens: &[Token]) -> Vec<(&'a Phrase, Range<usize>)> {
        let mut hits = self.matches(tokens);
        hits.sort_by(|a, b| a.1.start.cmp(&b.1.start).then(b.1.len().cmp(&a.1.len())));
        let mut taken_until = 0;
        let mut kept = Vec::new();
        for (p, r) in hits {
            if r.start >= taken_until {
                taken_until = r.end;
                kept.push((p, r));
            }
        }
        kept
    }

    /// The index in [`PhraseList::phrases`] of every entry that matches anywhere in
    /// `tokens`, overlaps included, in no particular order and possibly repeated: which
    /// entries occur, for a list that merges many small lists.
    pub fn entries_in<'s>(&'s self, tokens: &'s [Token]) -> impl Iterator<Item = usize> + 's {
        (0..tokens.len()).flat_map(move |start| {
            self.candidates(&tokens[start].lower)
                .filter(move |&i| self.phrases[i].matches_at(tokens, start))
        })
    }

    pub fn any_in(&self, tokens: &[Token]) -> bool {
        (0..tokens.len()).any(|start| {
            self.candidates(&tokens[start].lower)
                .any(|i| self.phrases[i].matches_at(tokens, start))
        })
    }
}

/// Stems a lowercased word with the Snowball English stemmer.
pub fn stem(word: &str) -> String {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER
        .get_or_init(|| Stemmer::create(Algorithm::English))
        .stem(word)
        .into_owned()
}

/// Character range in the sentence covered by a token range.
pub fn char_span(tokens: &[Token], range: &Range<usize>) -> Range<usize> {
    let start = tokens[range.start].chars.start;
    let end = tokens[range.end - 1].chars.end;
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lowers(s: &str) -> Vec<String> {
        tokenize(s).into_iter().map(|t| t.lower).collect()
    }

    #[test]
    fn splits_hyphens_but_keeps_decimals_and_apostrophes() {
        assert_eq!(
            lowers("Over-active, 2.5 people’s 1,000 don't"),
            ["over", "active", "2.5", "people's", "1,000", "don't"]
        );
        let t = tokenize("40–50%");
        assert!(t[1].joined_to_prev);
    }

    #[test]
    fn phrase_with_prefix_wildcard() {
        let p = Phrase::new("suggest* that");
        assert!(p.occurs_in(&tokenize("Research suggests that it may")));
        assert!(!p.occurs_in(&tokenize("Research shows that")));
    }

    #[test]
    fn hyphenated_entry_matches_spaced_text() {
        let p = Phrase::new("attention-seeking");
        assert!(p.occurs_in(&tokenize("just attention seeking behavior")));
        assert!(p.occurs_in(&tokenize("just attention-seeking behavior")));
    }

    #[test]
    fn longest_match_wins() {
        let list = PhraseList::new(&["some", "some studies"]);
        let hits = list.find_all(&tokenize("Some studies found"));
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].0.source, "some studies");
    }
}
