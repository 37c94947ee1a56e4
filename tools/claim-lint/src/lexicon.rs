//! The word lists the rules are built from.
//!
//! The lists are data, not code: one YAML file per list in `tools/claim-lint/lexicon/`,
//! embedded at build time so the binary stays self-contained. Each file says what its
//! list is for (`about`) and holds its `entries`. Entries are phrases; `*` at the end of a
//! word matches any ending ("suggest*" matches "suggests" and "suggested").
//!
//! A clinic adds entries in `config.toml`, keyed by list name:
//!
//! ```toml
//! [extra.claim_lint.lexicon]
//! boosters = ["game-changer"]
//! stigmatizing = ["nutjob", { term = "victim of BPD", replace = ["person with BPD"] }]
//! ```
//!
//! Loading validates every list: no empty entries, no duplicates, and no entry that could
//! never be reported because an earlier entry of the same length always matches first.

use crate::config::{ExtraEntry, LexiconExtras};
use crate::text::{Phrase, PhraseList, Token};
use serde::Deserialize;
use std::collections::HashSet;
use std::sync::OnceLock;

/// The phrase lists: name, and the embedded file. The name is the key a clinic uses in
/// `[extra.claim_lint.lexicon]`.
const PHRASE_LISTS: &[(&str, &str)] = &[
    ("uncertain", include_str!("../lexicon/uncertain.yaml")),
    ("low_hedges", include_str!("../lexicon/low_hedges.yaml")),
    (
        "moderate_hedges",
        include_str!("../lexicon/moderate_hedges.yaml"),
    ),
    (
        "model_framing",
        include_str!("../lexicon/model_framing.yaml"),
    ),
    (
        "model_attribution",
        include_str!("../lexicon/model_attribution.yaml"),
    ),
    ("boosters", include_str!("../lexicon/boosters.yaml")),
    ("cure", include_str!("../lexicon/cure.yaml")),
    ("causal", include_str!("../lexicon/causal.yaml")),
    ("not_causal", include_str!("../lexicon/not_causal.yaml")),
    ("universal", include_str!("../lexicon/universal.yaml")),
    ("scoping", include_str!("../lexicon/scoping.yaml")),
    ("negators", include_str!("../lexicon/negators.yaml")),
    ("advice", include_str!("../lexicon/advice.yaml")),
    ("treatments", include_str!("../lexicon/treatments.yaml")),
    ("up", include_str!("../lexicon/up.yaml")),
    ("down", include_str!("../lexicon/down.yaml")),
    (
        "not_direction",
        include_str!("../lexicon/not_direction.yaml"),
    ),
    ("intensifiers", include_str!("../lexicon/intensifiers.yaml")),
    ("size_words", include_str!("../lexicon/size_words.yaml")),
    ("chance_words", include_str!("../lexicon/chance_words.yaml")),
    ("named_study", include_str!("../lexicon/named_study.yaml")),
    ("small_study", include_str!("../lexicon/small_study.yaml")),
    ("quote_hedges", include_str!("../lexicon/quote_hedges.yaml")),
    (
        "pooled_result",
        include_str!("../lexicon/pooled_result.yaml"),
    ),
    ("intervention", include_str!("../lexicon/intervention.yaml")),
];

const QUANTIFIERS: &str = include_str!("../lexicon/quantifiers.yaml");
const ANTONYMS: &str = include_str!("../lexicon/antonyms.yaml");

/// One step of the quantity scale in `quantifiers.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuantLevel {
    level: u8,
    phrases: Vec<String>,
}

const STIGMATIZING: &str = include_str!("../lexicon/stigmatizing.yaml");
const STOP_WORDS: &str = include_str!("../lexicon/stop_words.yaml");
const NUMBER_WORDS: &str = include_str!("../lexicon/number_words.yaml");
const SYNONYMS: &str = include_str!("../lexicon/synonyms.yaml");
const HTML_TAGS: &str = include_str!("../lexicon/html_tags.yaml");

/// Lists the rules read but a clinic does not extend: what makes a sentence a fact, an
/// instruction to the reader or a heading label. They are data for the same reason as the
/// others: a maintainer can read them and propose an entry without reading Rust.
const INTERNAL_LISTS: &[(&str, &str)] = &[
    ("fact_topics", include_str!("../lexicon/fact_topics.yaml")),
    ("reader_verbs", include_str!("../lexicon/reader_verbs.yaml")),
    (
        "not_claim_openings",
        include_str!("../lexicon/not_claim_openings.yaml"),
    ),
    (
        "heading_verbs",
        include_str!("../lexicon/heading_verbs.yaml"),
    ),
    (
        "question_words",
        include_str!("../lexicon/question_words.yaml"),
    ),
    ("wh_words", include_str!("../lexicon/wh_words.yaml")),
    ("about_site", include_str!("../lexicon/about_site.yaml")),
    ("first_person", include_str!("../lexicon/first_person.yaml")),
    (
        "reporting_verbs",
        include_str!("../lexicon/reporting_verbs.yaml"),
    ),
    ("attributes", include_str!("../lexicon/attributes.yaml")),
    (
        "person_labels",
        include_str!("../lexicon/person_labels.yaml"),
    ),
    (
        "linking_verbs",
        include_str!("../lexicon/linking_verbs.yaml"),
    ),
    ("person_words", include_str!("../lexicon/person_words.yaml")),
    (
        "label_describers",
        include_str!("../lexicon/label_describers.yaml"),
    ),
    ("frame_verbs", include_str!("../lexicon/frame_verbs.yaml")),
    (
        "label_fillers",
        include_str!("../lexicon/label_fillers.yaml"),
    ),
    ("place_words", include_str!("../lexicon/place_words.yaml")),
    (
        "counted_kinds",
        include_str!("../lexicon/counted_kinds.yaml"),
    ),
    ("asking_verbs", include_str!("../lexicon/asking_verbs.yaml")),
    (
        "verdict_words",
        include_str!("../lexicon/verdict_words.yaml"),
    ),
];

/// One of the internal word lists by name (see [`INTERNAL_LISTS`]), parsed once.
pub fn internal_list(name: &str) -> &'static [String] {
    static LISTS: OnceLock<std::collections::HashMap<&'static str, Vec<String>>> = OnceLock::new();
    LISTS
        .get_or_init(|| {
            INTERNAL_LISTS
                .iter()
                .map(|(n, text)| (*n, parse_file::<String>(n, text)))
                .collect()
        })
        .get(name)
        .map(Vec::as_slice)
        .unwrap_or_else(|| panic!("no internal word list `{name}`"))
}

/// One type of thing the claims talk about (`entities.yaml`), with its things' names.
#[derive(Debug)]
pub struct EntityType {
    pub name: String,

    /// Each thing: the name messages use, and all its names compiled for matching.
    pub things: Vec<(String, PhraseList)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntityTypeFile {
    #[serde(rename = "type")]
    name: String,
    things: Vec<Vec<String>>,
}

/// The typed things of `entities.yaml`, compiled once.
pub fn entities() -> &'static [EntityType] {
    static TYPES: OnceLock<Vec<EntityType>> = OnceLock::new();
    TYPES.get_or_init(|| {
        parse_file::<EntityTypeFile>("entities", include_str!("../lexicon/entities.yaml"))
            .into_iter()
            .map(|t| EntityType {
                name: t.name,

                things: t
                    .things
                    .into_iter()
                    .map(|names| (names[0].clone(), PhraseList::new(&names)))
                    .collect(),
            })
            .collect()
    })
}

/// Every name of every thing in `entities.yaml` in one list, with the (kind, thing) each
/// entry names: one pass over a sentence tells which things it names, where a list per
/// thing would take a pass per thing (some hundred per sentence).
struct EntityIndex {
    names: PhraseList,
    owners: Vec<(usize, usize)>,
}

fn entity_index() -> &'static EntityIndex {
    static INDEX: OnceLock<EntityIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut names = PhraseList::default();
        let mut owners = Vec::new();
        for (k, kind) in entities().iter().enumerate() {
            for (t, (_, list)) in kind.things.iter().enumerate() {
                let entries: Vec<&str> = list.phrases.iter().map(|p| p.source.as_str()).collect();
                names.extend(&entries);
                owners.extend(std::iter::repeat_n((k, t), entries.len()));
            }
        }
        EntityIndex { names, owners }
    })
}

/// The things that `tokens` name, as (index into [`entities`], index into its `things`),
/// sorted and without repeats. A thing is here exactly when its own list matches
/// somewhere in `tokens` (`things[t].1.any_in(tokens)`), so callers may skip every other.
pub fn named_things(tokens: &[Token]) -> Vec<(usize, usize)> {
    let index = entity_index();
    let mut named: Vec<(usize, usize)> = index
        .names
        .entries_in(tokens)
        .map(|i| index.owners[i])
        .collect();
    named.sort_unstable();
    named.dedup();
    named
}

/// True when `word` is an entry of the internal list `name`.
pub fn in_internal_list(name: &str, word: &str) -> bool {
    internal_list(name).iter().any(|w| w == word)
}

/// The names a clinic may extend, for error messages.
pub fn list_names() -> Vec<&'static str> {
    let mut names: Vec<&str> = PHRASE_LISTS.iter().map(|(n, _)| *n).collect();
    names.push("stigmatizing");
    names
}

/// One list file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ListFile<T> {
    #[allow(dead_code)] // read by people, and checked to be present
    about: String,
    entries: Vec<T>,
}

/// A stigmatizing term and what to say instead.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StigmaEntry {
    pub term: String,
    /// Person-first words to use instead. Exactly one makes the fix mechanical.
    #[serde(default)]
    pub replace: Vec<String>,
    /// What to do when no replacement word will do.
    #[serde(default)]
    pub advice: Option<String>,
}

impl StigmaEntry {
    /// The suggestion shown with a finding: `use "X" or "Y"`, or the advice.
    pub fn suggestion(&self) -> String {
        if !self.replace.is_empty() {
            let quoted: Vec<String> = self.replace.iter().map(|r| format!("\"{r}\"")).collect();
            format!("use {}", quoted.join(" or "))
        } else {
            match &self.advice {
                Some(a) => format!("use {a}"),
                None => "use person-first, neutral wording".to_string(),
            }
        }
    }
}

/// The compiled lexicons, with a clinic's extra entries added.
#[derive(Debug, Clone)]
pub struct Lexicon {
    pub uncertain: PhraseList,
    pub low_hedges: PhraseList,
    pub moderate_hedges: PhraseList,
    pub model_framing: PhraseList,
    /// Framing that counts only for `model` claims ("one review suggests", "a … model").
    pub model_attribution: PhraseList,
    pub boosters: PhraseList,
    pub cure: PhraseList,
    pub causal: PhraseList,
    pub not_causal: PhraseList,
    pub universal: PhraseList,
    pub scoping: PhraseList,
    pub negators: PhraseList,
    pub advice: PhraseList,
    pub treatments: PhraseList,
    pub up: PhraseList,
    pub down: PhraseList,
    pub not_direction: PhraseList,
    pub intensifiers: PhraseList,
    pub size_words: PhraseList,
    pub chance_words: PhraseList,
    /// Evidence words read in a claim's quoted passage (the trust-chain rules).
    pub named_study: PhraseList,
    pub small_study: PhraseList,
    pub quote_hedges: PhraseList,
    pub pooled_result: PhraseList,
    pub intervention: PhraseList,
    /// Quantity and frequency words, with their level (1 few … 5 all) by entry.
    pub quantifiers: PhraseList,
    pub quantifier_levels: std::collections::HashMap<String, u8>,
    /// Stigmatizing terms, in the same order as `stigmatizing_terms`.
    pub stigmatizing: PhraseList,
    pub stigmatizing_terms: Vec<StigmaEntry>,
}

/// A problem in a word list: which list, which entry, what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconError {
    pub list: String,
    pub entry: String,
    pub message: String,
}

impl std::fmt::Display for LexiconError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "word list `{}`: {}", self.list, self.message)
    }
}

fn parse_file<T: for<'de> Deserialize<'de>>(name: &str, text: &str) -> Vec<T> {
    // The files are compiled in and checked by this module's tests, so a parse failure here
    // is a bug in the shipped data, not bad user input.
    serde_norway::from_str::<ListFile<T>>(text)
        .unwrap_or_else(|e| panic!("built-in word list {name}.yaml is invalid: {e}"))
        .entries
}

impl Lexicon {
    /// The lists whose words other rules judge (how sure, how much, how lasting): words of
    /// these are left out of content comparisons, and a label made of them says something.
    pub fn judged_lists(&self) -> [&PhraseList; 7] {
        [
            &self.uncertain,
            &self.low_hedges,
            &self.moderate_hedges,
            &self.model_framing,
            &self.boosters,
            &self.cure,
            &self.universal,
        ]
    }

    /// Compiles the built-in lists with a clinic's extras, validating every list.
    pub fn new(extra: &LexiconExtras) -> Result<Lexicon, LexiconError> {
        let names = list_names();
        if let Some(unknown) = extra.keys().find(|k| !names.contains(&k.as_str())) {
            return Err(LexiconError {
                list: unknown.clone(),
                entry: unknown.clone(),
                message: format!(
                    "there is no word list called `{unknown}`; the lists are {}",
                    names.join(", ")
                ),
            });
        }
        let phrase_list = |name: &str| -> Result<PhraseList, LexiconError> {
            let file = PHRASE_LISTS
                .iter()
                .find(|(n, _)| *n == name)
                .map_or("", |(_, f)| *f);
            let mut entries: Vec<String> = parse_file(name, file);
            for e in extra.get(name).into_iter().flatten() {
                match e {
                    ExtraEntry::Plain(s) => entries.push(s.clone()),
                    ExtraEntry::Term { term, .. } => {
                        return Err(LexiconError {
                            list: name.into(),
                            entry: term.clone(),
                            message: format!(
                                "`{{ term = \"{term}\", replace = … }}` is only for the stigmatizing list; write a plain string here"
                            ),
                        })
                    }
                }
            }
            validate(name, &entries)?;
            Ok(PhraseList::new(&entries))
        };
        let mut stigmatizing_terms: Vec<StigmaEntry> = parse_file("stigmatizing", STIGMATIZING);
        for e in extra.get("stigmatizing").into_iter().flatten() {
            stigmatizing_terms.push(match e {
                ExtraEntry::Plain(term) => StigmaEntry {
                    term: term.clone(),
                    replace: Vec::new(),
                    advice: None,
                },
                ExtraEntry::Term { term, replace } => StigmaEntry {
                    term: term.clone(),
                    replace: replace.clone(),
                    advice: None,
                },
            });
        }
        let terms: Vec<String> = stigmatizing_terms.iter().map(|t| t.term.clone()).collect();
        validate("stigmatizing", &terms)?;
        Ok(Lexicon {
            uncertain: phrase_list("uncertain")?,
            low_hedges: phrase_list("low_hedges")?,
            moderate_hedges: phrase_list("moderate_hedges")?,
            model_framing: phrase_list("model_framing")?,
            model_attribution: phrase_list("model_attribution")?,
            boosters: phrase_list("boosters")?,
            cure: phrase_list("cure")?,
            causal: phrase_list("causal")?,
            not_causal: phrase_list("not_causal")?,
            universal: phrase_list("universal")?,
            scoping: phrase_list("scoping")?,
            negators: phrase_list("negators")?,
            advice: phrase_list("advice")?,
            treatments: phrase_list("treatments")?,
            up: phrase_list("up")?,
            down: phrase_list("down")?,
            not_direction: phrase_list("not_direction")?,
            intensifiers: phrase_list("intensifiers")?,
            size_words: phrase_list("size_words")?,
            chance_words: phrase_list("chance_words")?,
            named_study: phrase_list("named_study")?,
            small_study: phrase_list("small_study")?,
            quote_hedges: phrase_list("quote_hedges")?,
            pooled_result: phrase_list("pooled_result")?,
            intervention: phrase_list("intervention")?,
            quantifiers: {
                let levels: Vec<QuantLevel> = parse_file("quantifiers", QUANTIFIERS);
                let all: Vec<String> = levels.iter().flat_map(|l| l.phrases.clone()).collect();
                validate("quantifiers", &all)?;
                PhraseList::new(&all)
            },
            quantifier_levels: parse_file::<QuantLevel>("quantifiers", QUANTIFIERS)
                .into_iter()
                .flat_map(|l| l.phrases.into_iter().map(move |p| (p, l.level)))
                .collect(),
            stigmatizing: PhraseList::new(&terms),
            stigmatizing_terms,
        })
    }

    /// The built-in lists alone. They are validated by this module's tests.
    pub fn built_in() -> &'static Lexicon {
        static LEX: OnceLock<Lexicon> = OnceLock::new();
        LEX.get_or_init(|| {
            Lexicon::new(&LexiconExtras::default())
                .unwrap_or_else(|e| panic!("built-in word lists are invalid: {e}"))
        })
    }
}

impl Default for Lexicon {
    fn default() -> Self {
        Lexicon::built_in().clone()
    }
}

/// No empty entries, no duplicates, and no entry hidden behind an earlier one: matching
/// keeps the longest match at each position and, between equals, the earlier entry.
fn validate(list: &str, entries: &[String]) -> Result<(), LexiconError> {
    let error = |entry: &str, message: String| LexiconError {
        list: list.into(),
        entry: entry.into(),
        message,
    };
    let phrases: Vec<Phrase> = entries.iter().map(|e| Phrase::new(e)).collect();
    for (i, p) in phrases.iter().enumerate() {
        if p.words().is_empty() || p.words().iter().any(|(w, _)| w.is_empty()) {
            return Err(error(
                &entries[i],
                format!("entry `{}` is empty or has an empty word", entries[i]),
            ));
        }
        if let Some(earlier) = phrases[..i].iter().find(|e| e.subsumes(p)) {
            let message = if earlier.words() == p.words() {
                format!("`{}` is listed twice", entries[i])
            } else {
                format!(
                    "`{}` can never be reported: the earlier entry `{}` always matches the same words first",
                    entries[i], earlier.source
                )
            };
            return Err(error(&entries[i], message));
        }
    }
    Ok(())
}

/// Words that say nothing about a claim's content: articles, pronouns, auxiliaries and
/// the names every claim shares.
pub fn stop_words() -> &'static HashSet<String> {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(|| {
        parse_file::<String>("stop_words", STOP_WORDS)
            .into_iter()
            .collect()
    })
}

/// Number words that count as figures ("three networks").
pub fn number_words() -> &'static [String] {
    static LIST: OnceLock<Vec<String>> = OnceLock::new();
    LIST.get_or_init(|| parse_file("number_words", NUMBER_WORDS))
}

/// The HTML elements a page may write as raw HTML.
pub fn html_tags() -> &'static HashSet<String> {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(|| {
        parse_file::<String>("html_tags", HTML_TAGS)
            .into_iter()
            .collect()
    })
}

/// Opposite direction and degree words from WordNet (`antonyms.yaml`), as a map from each
/// written form to (pair number, side). Regular comparatives are found by [`lemmas`].
pub fn antonyms() -> &'static std::collections::HashMap<String, Vec<(usize, bool)>> {
    static MAP: OnceLock<std::collections::HashMap<String, Vec<(usize, bool)>>> = OnceLock::new();
    MAP.get_or_init(|| {
        let pairs: Vec<[Vec<String>; 2]> = parse_file("antonyms", ANTONYMS);
        let mut map = std::collections::HashMap::new();
        for (i, [left, right]) in pairs.into_iter().enumerate() {
            for (side, forms) in [(false, left), (true, right)] {
                for form in forms {
                    // A word may oppose several others (soft: hard, loud).
                    map.entry(form).or_insert_with(Vec::new).push((i, side));
                }
            }
        }
        map
    })
}

/// The lemmas a word form may have, by WordNet's suffix rules for adjectives (morphy):
/// the word itself, and without -er or -est ("louder" -> "loud", "wider" -> "wide",
/// "happier" -> "happy").
pub fn lemmas(word: &str) -> Vec<String> {
    let mut out = vec![word.to_string()];
    for (suffix, replace) in [
        ("er", ""),
        ("est", ""),
        ("er", "e"),
        ("est", "e"),
        ("ier", "y"),
        ("iest", "y"),
    ] {
        if let Some(stem) = word.strip_suffix(suffix) {
            if stem.len() >= 2 {
                out.push(format!("{stem}{replace}"));
            }
        }
    }
    out
}

/// Rows of everyday words that mean the same; each row's first word is its head.
pub fn synonyms() -> &'static [Vec<String>] {
    static ROWS: OnceLock<Vec<Vec<String>>> = OnceLock::new();
    ROWS.get_or_init(|| parse_file("synonyms", SYNONYMS))
}

#[cfg(test)]
mod internal_list_tests {
    use super::*;

    /// What `named_things` must equal: every thing whose own list matches.
    fn named_one_list_at_a_time(tokens: &[Token]) -> Vec<(usize, usize)> {
        let mut named = Vec::new();
        for (k, kind) in entities().iter().enumerate() {
            for (t, (_, names)) in kind.things.iter().enumerate() {
                if names.any_in(tokens) {
                    named.push((k, t));
                }
            }
        }
        named
    }

    #[test]
    fn the_merged_entity_list_finds_what_each_list_finds() {
        // Every claim statement and quote of the project, and every entity name on its own
        // and inside a sentence (so that overlapping names, such as a short name inside a
        // longer one, are covered).
        let claims =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../claims.yaml"))
                .unwrap();
        let mut texts: Vec<String> = claims.lines().map(str::to_string).collect();
        for kind in entities() {
            for (_, names) in &kind.things {
                for p in &names.phrases {
                    texts.push(p.source.clone());
                    texts.push(format!(
                        "Some say the {} may differ, not only in BPD.",
                        p.source
                    ));
                }
            }
        }
        let mut named_somewhere = 0;
        for text in &texts {
            let tokens = crate::text::tokenize(text);
            let expected = named_one_list_at_a_time(&tokens);
            assert_eq!(named_things(&tokens), expected, "in {text:?}");
            named_somewhere += usize::from(!expected.is_empty());
        }
        assert!(
            named_somewhere > 300,
            "only {named_somewhere} texts name a thing"
        );
    }

    #[test]
    fn every_entity_name_is_used_once() {
        let mut seen = HashSet::new();
        for t in entities() {
            assert!(!t.things.is_empty(), "{} has no things", t.name);
            for (_, names) in &t.things {
                for p in &names.phrases {
                    assert!(
                        seen.insert(p.source.clone()),
                        "`{}` is listed twice",
                        p.source
                    );
                }
            }
        }
    }

    #[test]
    fn internal_lists_load_with_no_empty_or_repeated_entries() {
        for (name, _) in INTERNAL_LISTS {
            let list = internal_list(name);
            assert!(!list.is_empty(), "{name} is empty");
            let mut seen = HashSet::new();
            for entry in list {
                assert!(!entry.trim().is_empty(), "{name} has an empty entry");
                assert!(seen.insert(entry), "{name} lists `{entry}` twice");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn built_in_lists_are_valid() {
        Lexicon::new(&BTreeMap::new()).unwrap();
        assert!(stop_words().contains("the"));
        assert!(number_words().iter().any(|w| w == "three"));
        assert!(!synonyms().is_empty());
        let mut seen = HashSet::new();
        for w in synonyms().iter().flatten() {
            assert!(seen.insert(w.clone()), "`{w}` is in two synonym rows");
        }
    }

    #[test]
    fn duplicates_and_hidden_entries_are_refused() {
        let e = validate("boosters", &["clearly".into(), "clearly".into()]).unwrap_err();
        assert!(e.message.contains("twice"), "{}", e.message);
        let e = validate("boosters", &["clear*".into(), "clearly".into()]).unwrap_err();
        assert!(e.message.contains("never be reported"), "{}", e.message);
        // A longer entry after a shorter one is fine: the longer match wins.
        validate("boosters", &["clear".into(), "clear proof".into()]).unwrap();
        let e = validate("boosters", &["  ".into()]).unwrap_err();
        assert!(e.message.contains("empty"), "{}", e.message);
    }

    #[test]
    fn extras_are_keyed_by_list_name() {
        let mut extra = BTreeMap::new();
        extra.insert(
            "boosters".to_string(),
            vec![ExtraEntry::Plain("game-changer".into())],
        );
        let lex = Lexicon::new(&extra).unwrap();
        assert!(lex
            .boosters
            .any_in(&crate::text::tokenize("a real game-changer")));
        extra.insert("boosterz".to_string(), vec![]);
        let e = Lexicon::new(&extra).unwrap_err();
        assert!(
            e.message.contains("no word list called `boosterz`"),
            "{}",
            e.message
        );
    }

    #[test]
    fn stigmatizing_extras_carry_replacements() {
        let mut extra = BTreeMap::new();
        extra.insert(
            "stigmatizing".to_string(),
            vec![ExtraEntry::Term {
                term: "nutjob".into(),
                replace: vec!["person in distress".into()],
            }],
        );
        let lex = Lexicon::new(&extra).unwrap();
        let last = lex.stigmatizing_terms.last().unwrap();
        assert_eq!(last.suggestion(), "use \"person in distress\"");
    }
}
