//! Shared readings of a sentence: negation, the strength of its hedges, its content words.

use crate::claims::Certainty;
use crate::lexicon::{self, Lexicon};
use crate::text::{stem, Token};
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// How many tokens back a negator may stand and still govern a word
/// ("cannot show whether this is a cause or a result").
const NEGATION_WINDOW: usize = 8;

/// Words that start a new clause even without punctuation.
pub const CONTRAST_WORDS: &[&str] = &["but", "while", "whereas", "although", "though", "however"];

/// True when a negator stands within a few tokens before `i`, in the same clause.
pub fn negated_at(tokens: &[Token], i: usize, lex: &Lexicon) -> bool {
    let from = i.saturating_sub(NEGATION_WINDOW);
    for j in (from..i).rev() {
        if CONTRAST_WORDS.contains(&tokens[j].lower.as_str()) {
            break;
        }
        if lex
            .negators
            .phrases
            .iter()
            .any(|p| p.find_all(&tokens[j..i]).iter().any(|r| r.start == 0))
        {
            return true;
        }
        if tokens[j].clause_start {
            break;
        }
    }
    // "not" inside the phrase itself: "not everyone", handled by callers that match from i.
    false
}

/// Hedges that a negation in front of them cancels ("not likely" is a confident "no").
const VOIDED_BY_NEGATION: &[&str] = &[
    "likely",
    "probably",
    "usually",
    "often",
    "generally",
    "typically",
    "commonly",
    "frequently",
    "tend*",
    "many",
    "most",
];

/// The weakest certainty the sentence's own hedges express, or `High` when it has none.
/// A hedge counts only when it is not negated ("not likely" hedges nothing).
pub fn expressed_certainty(tokens: &[Token], lex: &Lexicon) -> Certainty {
    let levels = [
        (&lex.uncertain, Certainty::VeryLow),
        (&lex.low_hedges, Certainty::Low),
        // Model framing ("one way to see…") is the hedge a low-certainty model claim needs.
        (&lex.model_framing, Certainty::Low),
        (&lex.moderate_hedges, Certainty::Moderate),
    ];
    for (list, level) in levels {
        let found = list.find_all(tokens).into_iter().any(|(p, r)| {
            // Uncertainty phrases often contain their own negation ("not yet known"), and
            // "did not seem to" is still hedged; only "not likely", "not usually" and the
            // like stop hedging.
            level == Certainty::VeryLow
                || p.source.starts_with("not")
                || !VOIDED_BY_NEGATION.contains(&p.source.as_str())
                || !negated_at(tokens, r.start, lex)
        });
        if found {
            return level;
        }
    }
    Certainty::High
}

fn synonym_heads() -> &'static HashMap<&'static str, &'static str> {
    static MAP: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    MAP.get_or_init(|| {
        lexicon::synonyms()
            .iter()
            .flat_map(|row| row.iter().map(move |w| (w.as_str(), row[0].as_str())))
            .collect()
    })
}

/// True for words that carry content: not stop words, hedges, numbers or single letters.
pub fn is_content_word(word: &str) -> bool {
    let base = word.trim_end_matches("'s");
    base.chars().count() > 1
        && !lexicon::stop_words().contains(base)
        && !lexicon::number_words().iter().any(|w| w == base)
        && !base.starts_with(|c: char| c.is_ascii_digit())
}

/// Where the reported content starts after a frame such as "Maria reminded everyone that"
/// or "Gwen explained that": the token after "that", when a verb of `frame_verbs` stands in
/// the first few words and "that" follows it closely. 0 when there is no frame, or when the
/// frame hedges or boosts ("research shows that", "studies suggest that"): those words are
/// what the certainty rules read.
pub fn after_report_frame(tokens: &[Token], lex: &Lexicon) -> usize {
    report_frame(tokens, lex).map_or(0, |frame| frame.end + 1)
}

/// The frame of a report, from its verb to just before "that" ("reminded everyone"), as
/// [`after_report_frame`] finds it.
pub fn report_frame(tokens: &[Token], lex: &Lexicon) -> Option<std::ops::Range<usize>> {
    const VERB_WITHIN: usize = 6;
    const THAT_WITHIN: usize = 5;
    let verb = tokens
        .iter()
        .take(VERB_WITHIN)
        .position(|t| lexicon::in_internal_list("frame_verbs", &t.lower))?;
    let that = (verb + 1..tokens.len().min(verb + 1 + THAT_WITHIN))
        .find(|&i| tokens[i].lower == "that")?;
    let frame = &tokens[..that];
    let says_how_sure = [
        &lex.low_hedges,
        &lex.moderate_hedges,
        &lex.boosters,
        &lex.uncertain,
        &lex.model_framing,
    ]
    .iter()
    .any(|list| list.any_in(frame));
    (!says_how_sure).then_some(verb..that)
}

/// Canonical stem of a word, after mapping everyday synonyms onto one head word.
pub fn canonical_stem(word: &str) -> String {
    let word = word.trim_end_matches("'s");
    let head = synonym_heads().get(word).copied().unwrap_or(word);
    stem(head)
}

/// Stemmed content words, leaving out words that belong to hedges, boosters, uncertainty,
/// cure, quantifier and model-framing phrases: those are judged by their own rules.
pub fn content_stems_without_lexicon(tokens: &[Token], lex: &Lexicon) -> Vec<String> {
    let lists = lex.judged_lists();
    let mut skip = vec![false; tokens.len()];
    for list in lists {
        for (_, r) in list.find_all(tokens) {
            skip[r].iter_mut().for_each(|s| *s = true);
        }
    }
    tokens
        .iter()
        .zip(skip)
        .filter(|(t, skip)| !skip && is_content_word(&t.lower))
        .map(|(t, _)| canonical_stem(&t.lower))
        .collect()
}

/// True when an earlier word in the same clause limits `i` to part of the group
/// ("many … never", "some … always").
pub fn scoped_by_quantifier(tokens: &[Token], i: usize, lex: &Lexicon) -> bool {
    for j in (0..i).rev() {
        if lex.scoping.any_in(&tokens[j..=j]) {
            return true;
        }
        if tokens[j].clause_start {
            break;
        }
    }
    false
}

/// Stemmed content words.
pub fn content_stems(tokens: &[Token]) -> Vec<String> {
    tokens
        .iter()
        .filter(|t| is_content_word(&t.lower))
        .map(|t| canonical_stem(&t.lower))
        .collect()
}

/// The claims file's subject matter: every claim's content words, together and per claim.
/// Built once per run, so no sentence recomputes a claim's words.
#[derive(Debug, Default)]
pub struct Domain {
    pub all: Vocabulary,
    pub per_claim: Vec<(String, HashSet<String>)>,
    /// Each claim's statement, tokenized.
    tokens: Vec<Vec<Token>>,
    by_id: HashMap<String, usize>,
}

impl Domain {
    pub fn new(claims: &[crate::claims::Claim]) -> Domain {
        let per_claim: Vec<(String, HashSet<String>)> = claims
            .iter()
            .map(|c| (c.id.clone(), claim_words(c)))
            .collect();
        let all = Vocabulary::new(per_claim.iter().flat_map(|(_, w)| w.iter().cloned()));
        let by_id = per_claim
            .iter()
            .enumerate()
            .map(|(i, (id, _))| (id.clone(), i))
            .collect();
        let tokens = claims
            .iter()
            .map(|c| crate::text::tokenize(&c.statement))
            .collect();
        Domain {
            all,
            per_claim,
            tokens,
            by_id,
        }
    }

    /// A claim's statement tokens, as computed when the run started.
    pub fn tokens_of(&self, id: &str) -> Option<&[Token]> {
        self.by_id.get(id).map(|&i| self.tokens[i].as_slice())
    }

    /// A claim's content words, as computed when the run started.
    pub fn words_of(&self, id: &str) -> Option<&HashSet<String>> {
        self.by_id.get(id).map(|&i| &self.per_claim[i].1)
    }
}

/// A large set of stems, indexed so that [`stems_match`] against any of them costs a few
/// lookups instead of a scan: exact, by prefix (sorted) and by suffix (sorted reversed).
#[derive(Debug, Default)]
pub struct Vocabulary {
    exact: HashSet<String>,
    sorted: Vec<String>,
    reversed: Vec<String>,
}

impl Vocabulary {
    pub fn new(words: impl IntoIterator<Item = String>) -> Vocabulary {
        let exact: HashSet<String> = words.into_iter().collect();
        let mut sorted: Vec<String> = exact.iter().cloned().collect();
        sorted.sort();
        let mut reversed: Vec<String> = exact.iter().map(|w| w.chars().rev().collect()).collect();
        reversed.sort();
        Vocabulary {
            exact,
            sorted,
            reversed,
        }
    }

    /// True when `stem` matches some word of the vocabulary, as [`stems_match`] decides.
    pub fn matches(&self, stem: &str) -> bool {
        if self.exact.contains(stem) {
            return true;
        }
        let cuts: Vec<usize> = stem
            .char_indices()
            .map(|(i, _)| i)
            .chain([stem.len()])
            .collect();
        // A vocabulary word that is a prefix (4+) or a suffix (5+) of the stem.
        let shorter_prefix = cuts
            .iter()
            .any(|&k| k >= 4 && self.exact.contains(&stem[..k]));
        let shorter_suffix = cuts
            .iter()
            .any(|&k| stem.len() - k >= 5 && self.exact.contains(&stem[k..]));
        // A longer vocabulary word that starts (stem 4+) or ends (stem 5+) with the stem.
        let longer_prefix = stem.len() >= 4 && starts_some(&self.sorted, stem);
        let reversed_stem: String = stem.chars().rev().collect();
        let longer_suffix = stem.len() >= 5 && starts_some(&self.reversed, &reversed_stem);
        shorter_prefix || shorter_suffix || longer_prefix || longer_suffix
    }
}

/// True when some word of the sorted list starts with `prefix`.
fn starts_some(sorted: &[String], prefix: &str) -> bool {
    let at = sorted.partition_point(|w| w.as_str() < prefix);
    sorted.get(at).is_some_and(|w| w.starts_with(prefix))
}

/// Stemmed content words of a claim's statement and terms.
pub fn claim_words(c: &crate::claims::Claim) -> HashSet<String> {
    let text = format!("{} {}", c.statement, c.terms.join(" "));
    content_stems(&crate::text::tokenize(&text))
        .into_iter()
        .collect()
}

/// True when `a` and `b` are the same word up to stemming or a compound ("therapy" in
/// "psychotherapy", "calm" in "calmer").
pub fn stems_match(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short.len() >= 4 && (long.starts_with(short) || (short.len() >= 5 && long.ends_with(short)))
}

/// True when `stem` matches any word of the vocabulary.
pub fn in_vocabulary(stem: &str, vocab: &HashSet<String>) -> bool {
    vocab.contains(stem) || vocab.iter().any(|v| stems_match(stem, v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    fn level(s: &str) -> Certainty {
        expressed_certainty(&tokenize(s), &Lexicon::default())
    }

    #[test]
    fn a_report_frame_ends_at_that() {
        let content = |s: &str| {
            let tokens = tokenize(s);
            let at = after_report_frame(&tokens, &Lexicon::default());
            tokens.get(at).map(|t| t.lower.clone()).unwrap_or_default()
        };
        assert_eq!(
            content("Maria reminded everyone that BPD is common."),
            "bpd"
        );
        assert_eq!(content("Our nurse explained to us that DBT helps."), "dbt");
        // No frame, or a frame that says how sure it is: the sentence starts at its start.
        assert_eq!(content("BPD is common, and that matters."), "bpd");
        assert_eq!(content("Research shows that DBT helps."), "research");
        assert_eq!(content("Early studies suggest that it may help."), "early");
    }

    #[test]
    fn indexed_vocabulary_agrees_with_stems_match() {
        let words = [
            "therapi",
            "amygdala",
            "calm",
            "activ",
            "psychotherapi",
            "regul",
        ];
        let vocab = Vocabulary::new(words.iter().map(|w| w.to_string()));
        let plain: HashSet<String> = words.iter().map(|w| w.to_string()).collect();
        for probe in [
            "therapi",
            "psychotherapi",
            "calmer",
            "cal",
            "amygdalae",
            "dysregul",
            "regulation",
            "activ",
            "act",
            "herapi",
            "otherapi",
            "x",
            "",
        ] {
            assert_eq!(
                vocab.matches(probe),
                in_vocabulary(probe, &plain),
                "{probe}"
            );
        }
    }

    #[test]
    fn hedges_set_the_level() {
        assert_eq!(level("Genes explain it."), Certainty::High);
        assert_eq!(level("Genes often explain it."), Certainty::Moderate);
        assert_eq!(
            level("Research shows genes explain it."),
            Certainty::Moderate
        );
        assert_eq!(level("Genes may explain it."), Certainty::Low);
        assert_eq!(
            level("It is not yet known whether genes explain it."),
            Certainty::VeryLow
        );
    }

    #[test]
    fn the_weakest_hedge_wins() {
        assert_eq!(
            level("Many people may, but it is unclear."),
            Certainty::VeryLow
        );
    }

    #[test]
    fn negated_hedge_does_not_count() {
        assert_eq!(level("This is not likely."), Certainty::High);
        assert_eq!(level("Oxytocin did not seem to help."), Certainty::Low);
    }

    #[test]
    fn negation_is_found_before_a_word() {
        let lex = Lexicon::default();
        let t = tokenize("It has not yet been proven, but it is proven.");
        let proven: Vec<usize> = t
            .iter()
            .enumerate()
            .filter(|(_, t)| t.lower == "proven")
            .map(|(i, _)| i)
            .collect();
        assert!(negated_at(&t, proven[0], &lex));
        assert!(!negated_at(&t, proven[1], &lex));
    }

    #[test]
    fn synonyms_share_a_stem() {
        assert_eq!(canonical_stem("feelings"), canonical_stem("emotions"));
        assert!(stems_match(
            &canonical_stem("psychotherapy"),
            &canonical_stem("therapies")
        ));
    }
}
