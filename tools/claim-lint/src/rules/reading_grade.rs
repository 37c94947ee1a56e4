//! `reading-grade`: the page reads above the target school grade.
//!
//! The Flesch–Kincaid grade is `0.39 × words/sentences + 11.8 × syllables/words − 15.59`.
//!
//! Syllables are counted by rule, as readability tools do: count groups of vowels
//! (a, e, i, o, u, y), then subtract one for a silent final "e" ("make") and for the
//! endings "es" and "ed" where they add no sound ("makes", "named"), but add one back for
//! a final consonant + "le" ("table"). Every word has at least one syllable. Numbers count
//! as one word of one syllable per digit group. The counter is right for most everyday
//! words and a little off on some (e.g. "being", "area"), which is the accepted trade-off
//! of every formula-based readability check.
//!
//! "borderline personality disorder", "BPD" and every glossary term count as one short word
//! of one syllable: readers learn these names once, and counting "personality disorder" as
//! eight syllables would push every page on this site over the target.

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

/// Syllables in one word, by the rules in the module docs.
pub fn syllables(word: &str) -> usize {
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
    let ends = |s: &str| w.iter().collect::<String>().ends_with(s);
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
            // Hyphen-joined parts are one word: "self-harm".
            let mut word = tokens[i].lower.clone();
            while i + 1 < tokens.len() && tokens[i + 1].joined_to_prev && !tokens[i + 1].is_number()
            {
                i += 1;
                word.push_str(&tokens[i].lower);
            }
            c.words += 1;
            c.syllables += if tokens[i].is_number() {
                1
            } else {
                syllables(&word)
            };
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
        .filter(|s| matches!(s.block, BlockKind::Paragraph | BlockKind::ListItem))
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
