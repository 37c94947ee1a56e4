//! `reading-grade`: the page reads above the target school grade.
//!
//! The Flesch–Kincaid grade is `0.39 × words/sentences + 11.8 × syllables/words − 15.59`.
//!
//! This is the standard count, over the words readers see:
//! - every paragraph, heading, list item and table cell is read, and each heading, list
//!   item and table cell counts as a sentence; markers, shortcodes, code, HTML comments and
//!   front matter are left out;
//! - syllables come from the CMU Pronouncing Dictionary (`lexicon/syllables.txt`, made by
//!   `lexicon/cmudict/make-syllables.py`); a word it does not have is counted by rule: groups
//!   of vowels (a, e, i, o, u, y), less one for a silent final "e" ("make") and for "es" and
//!   "ed" endings that add no sound ("makes", "named"), plus one for a final consonant + "le"
//!   ("table"); every word has at least one syllable;
//! - a hyphenated word is one word whose syllables are its parts' ("self-harm": 2);
//! - a number is one word of one syllable;
//! - "BPD" and "borderline personality disorder" count as one short word each: the name of
//!   the condition the whole site is about. Glossary terms are counted like any other word.

use crate::text::{tokenize, PhraseList};

crate::declare_rule! {
    /// The Flesch–Kincaid grade of the page's body text is above the target (grade 8 unless
    /// `reading_grade_max` in `[extra.claim_lint]` says otherwise). Short sentences and
    /// everyday words bring it down. Headings, code and markers are not counted.
    ///
    /// Bad: `Dysregulation of hypothalamic-pituitary-adrenal functioning is frequently documented.`
    ///
    /// Good: `The body's stress system may stay switched on for longer.`
    READING_GRADE, id: "reading-grade", category: Readability, severity: Warning, page_level: true
}

/// The CMU Pronouncing Dictionary's syllable counts, parsed once.
fn dictionary() -> &'static rustc_hash::FxHashMap<&'static str, u8> {
    static DICT: std::sync::OnceLock<rustc_hash::FxHashMap<&'static str, u8>> =
        std::sync::OnceLock::new();
    DICT.get_or_init(|| {
        include_str!("../../lexicon/syllables.txt")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let (word, n) = l.split_once(' ')?;
                Some((word, n.parse().ok()?))
            })
            .collect()
    })
}

/// Syllables in one word: the dictionary's count, or else the spelling rules.
pub fn syllables(word: &str) -> usize {
    // Tokens come lowercased, so most words need no copy here: this runs for every word
    // of every page.
    let needs_copy = word.chars().any(|c| c.is_uppercase() || c == '\u{2019}');
    let lower: std::borrow::Cow<str> = if needs_copy {
        word.to_lowercase().replace('\u{2019}', "'").into()
    } else {
        word.into()
    };
    let key = lower.trim_matches(|c: char| !c.is_alphanumeric());
    match dictionary().get(key) {
        Some(&n) => usize::from(n),
        None => syllables_by_rule(key),
    }
}

/// Syllables in one word, by the spelling rules in the module docs.
pub fn syllables_by_rule(word: &str) -> usize {
    let w: Vec<char> = word
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphabetic())
        .collect();
    if w.is_empty() {
        return 1;
    }
    let vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let mut groups = 0;
    let mut prev = false;
    for &c in &w {
        let v = vowel(c);
        if v && !prev {
            groups += 1;
        }
        prev = v;
    }
    let n = w.len();
    let letters: String = w.iter().collect();
    let ends = |s: &str| letters.ends_with(s);
    let silent_e = n > 2 && ends("e") && !ends("le") && !ends("ee") && !vowel(w[n - 2]);
    let silent_ending = n > 3
        && (ends("es") || ends("ed"))
        && !["ted", "ded", "ses", "ces", "ges", "zes", "xes"]
            .iter()
            .any(|e| ends(e))
        && !vowel(w[n - 3]);
    if silent_e || silent_ending {
        groups -= 1;
    }
    groups.max(1)
}

/// Counts for a passage.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Counts {
    pub words: usize,
    pub sentences: usize,
    pub syllables: usize,
}

impl Counts {
    pub fn grade(&self) -> Option<f64> {
        if self.words == 0 || self.sentences == 0 {
            return None;
        }
        let g = 0.39 * self.words as f64 / self.sentences as f64
            + 11.8 * self.syllables as f64 / self.words as f64
            - 15.59;
        Some((g * 10.0).round() / 10.0)
    }
}

/// Counts words and syllables of sentences; `short_words` are phrases counted as one
/// one-syllable word each.
pub fn count(sentences: &[&str], short_words: &PhraseList) -> Counts {
    let mut c = Counts {
        words: 0,
        sentences: 0,
        syllables: 0,
    };
    for s in sentences {
        let tokens = tokenize(s);
        if tokens.is_empty() {
            continue;
        }
        c.sentences += 1;
        let spans: Vec<_> = short_words
            .find_all(&tokens)
            .into_iter()
            .map(|(_, r)| r)
            .collect();
        let mut i = 0;
        while i < tokens.len() {
            if let Some(r) = spans.iter().find(|r| r.start == i) {
                c.words += 1;
                c.syllables += 1;
                i = r.end;
                continue;
            }
            // Hyphen-joined parts are one word: "self-harm", with the parts' syllables.
            let mut word_syllables = if tokens[i].is_number() {
                1
            } else {
                syllables(&tokens[i].lower)
            };
            while i + 1 < tokens.len() && tokens[i + 1].joined_to_prev && !tokens[i + 1].is_number()
            {
                i += 1;
                word_syllables += syllables(&tokens[i].lower);
            }
            c.words += 1;
            c.syllables += word_syllables;
            i += 1;
        }
    }
    c
}

/// The phrases always counted as one short word.
pub struct Rule;

impl super::PageRule for Rule {
    fn metas(&self) -> &'static [&'static super::RuleMeta] {
        &[&READING_GRADE]
    }

    fn check(&self, page: &super::PageCtx) -> Vec<super::PageHit> {
        let max = page.config.reading_grade_max;
        match page.reading_grade {
            Some(grade) if grade > max => vec![super::PageHit::at(
                &READING_GRADE,
                page.first_text_offset(),
                format!("the page reads at grade {grade:.1}, above the target of {max:.1}"),
                "use shorter sentences and everyday words; explain technical terms or add them to glossary.yaml",
            )],
            _ => Vec::new(),
        }
    }
}

/// The grade of a page's prose: paragraphs and list items.
pub fn page_grade(sentences: &[crate::page::Sentence], short_words: &PhraseList) -> Option<f64> {
    use crate::page::BlockKind;
    let prose: Vec<&str> = sentences
        .iter()
        .filter(|s| {
            matches!(
                s.block,
                BlockKind::Paragraph
                    | BlockKind::ListItem
                    | BlockKind::Heading
                    | BlockKind::TableCell
            )
        })
        .map(|s| s.text.as_str())
        .collect();
    count(&prose, short_words).grade()
}

pub const CONDITION_NAMES: &[&str] = &[
    "borderline personality disorder",
    "bpd",
    "borderline personality disorder (bpd)",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The spelling rules against the CMU Pronouncing Dictionary, over every dictionary
    /// word of letters only: how often the fallback for unknown words is right.
    #[test]
    fn the_spelling_rules_agree_with_the_pronouncing_dictionary_on_most_words() {
        let (mut same, mut total) = (0usize, 0usize);
        for (word, &n) in dictionary() {
            if word.chars().all(|c| c.is_ascii_lowercase()) {
                total += 1;
                same += usize::from(syllables_by_rule(word) == usize::from(n));
            }
        }
        let share = same as f64 / total as f64;
        println!("spelling rules agree with CMU on {same} of {total} words ({share:.3})");
        assert!(total > 100_000, "the dictionary has {total} words");
        assert!(share > 0.80, "agreement {share:.3}");
    }

    #[test]
    fn dictionary_words_take_the_dictionarys_count() {
        // The rules get these wrong; the dictionary does not.
        assert_eq!(syllables("area"), 3);
        assert_eq!(syllables("being"), 2);
        assert_eq!(syllables("Oxytocin"), 4);
        assert_eq!(syllables("people's"), 2);
        // Not in the dictionary: the rules.
        assert_eq!(syllables("mentalizing"), syllables_by_rule("mentalizing"));
    }

    #[test]
    fn syllable_counter_on_everyday_words() {
        for (w, n) in [
            ("cat", 1),
            ("make", 1),
            ("makes", 1),
            ("table", 2),
            ("water", 2),
            ("feeling", 2),
            ("emotions", 3),
            ("named", 1),
            ("wanted", 2),
            ("brain", 1),
            ("the", 1),
            ("people", 2),
            ("therapy", 3),
            ("amygdala", 4),
            ("happy", 2),
            ("stressed", 1),
            ("faces", 2),
        ] {
            assert_eq!(syllables(w), n, "{w}");
        }
    }

    /// Worked by hand:
    /// "The cat sat on the mat. It was a warm day. We went home."
    /// 3 sentences, 14 words, 14 syllables (every word has one).
    /// grade = 0.39 × 14/3 + 11.8 × 14/14 − 15.59 = 1.82 + 11.8 − 15.59 = −1.97, so −2.0
    /// "People with BPD often feel emotions very strongly. Therapy can help."
    /// 2 sentences; words: People(2) with(1) BPD(1) often(2) feel(1) emotions(3) very(2)
    /// strongly(2) Therapy(3) can(1) help(1) = 11 words, 19 syllables.
    /// grade = 0.39 × 11/2 + 11.8 × 19/11 − 15.59 = 2.145 + 20.382 − 15.59 = 6.9
    #[test]
    fn grade_matches_hand_worked_passages() {
        let names = PhraseList::new(CONDITION_NAMES);
        let simple = count(
            &[
                "The cat sat on the mat.",
                "It was a warm day.",
                "We went home.",
            ],
            &names,
        );
        assert_eq!(
            simple,
            Counts {
                words: 14,
                sentences: 3,
                syllables: 14
            }
        );
        assert_eq!(simple.grade(), Some(-2.0));
        let bpd = count(
            &[
                "People with BPD often feel emotions very strongly.",
                "Therapy can help.",
            ],
            &names,
        );
        assert_eq!(
            bpd,
            Counts {
                words: 11,
                sentences: 2,
                syllables: 19
            }
        );
        assert_eq!(bpd.grade(), Some(6.9));
    }

    #[test]
    fn condition_name_counts_as_one_short_word() {
        let names = PhraseList::new(CONDITION_NAMES);
        let c = count(&["Borderline personality disorder is common."], &names);
        assert_eq!(c.words, 3);
        assert_eq!(c.syllables, 1 + 1 + 2);
    }
}
