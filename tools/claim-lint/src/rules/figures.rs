//! `changed-figure`: a number, share or range that differs from the claim's.

use super::{Hit, SentenceCtx};
use crate::lexicon::number_words;
use crate::text::Token;
use std::ops::Range;

crate::declare_rule! {
    /// Every figure in a sentence must match a figure in the cited claim. Figures are
    /// normalised before comparing: digits and number words up to twenty, `%` and "percent",
    /// "in every 100" and "out of 100", proportions ("1 in 5" is 20%), and ranges written with
    /// a hyphen, an en dash, "to" or "between … and". A range may be restated but not
    /// narrowed, widened or moved. Tokens that mix letters and digits (5-HTTLPR, rs53576),
    /// phone numbers and years are names, not figures.
    ///
    /// Bad: `About 10 in every 100 people have BPD.{{ claim(id="bpd-prevalence") }}`
    ///
    /// Good: `About 1–3% of people have BPD at some point.{{ claim(id="bpd-prevalence") }}`
    CHANGED_FIGURE, id: "changed-figure", category: Overstated, severity: Error
}

crate::sentence_rule!(
    Rule,
    CHANGED_FIGURE,
    [(Body, Claims), (Glossary, Claims), (Evidence, Claims)]
);

/// A normalised figure: a value or a range, with the tokens it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub low: f64,
    pub high: f64,
    pub tokens: Range<usize>,
}

impl Figure {
    fn same_as(&self, other: &Figure) -> bool {
        (self.low - other.low).abs() < 1e-6 && (self.high - other.high).abs() < 1e-6
    }

    /// A fraction word is a rounded share ("about half" for 48.8%): it matches a figure
    /// within this many points of it.
    fn within(&self, other: &Figure, points: f64) -> bool {
        (self.low - other.low).abs() <= points && (self.high - other.high).abs() <= points
    }

    fn describe(&self) -> String {
        let fmt = |v: f64| {
            if v.fract() == 0.0 {
                format!("{v:.0}")
            } else {
                format!("{v}")
            }
        };
        if self.low == self.high {
            fmt(self.low)
        } else {
            format!("{}–{}", fmt(self.low), fmt(self.high))
        }
    }
}

const PHONE_CUES: &[&str] = &[
    "call",
    "text",
    "dial",
    "phone",
    "ring",
    "number",
    "line",
    "helpline",
    "hotline",
    "txt",
    "sms",
    "telephone",
    "freephone",
    "emergency",
    "emergencies",
];

fn word_value(word: &str) -> Option<f64> {
    number_words()
        .iter()
        .position(|w| w == word)
        .map(|v| v as f64)
}

/// Numeric value of token `i`, if it is a figure rather than a name, phone number or year.
fn value_at(tokens: &[Token], i: usize, text: &str) -> Option<f64> {
    let t = &tokens[i];
    let value = if t.is_number() {
        t.lower.replace(',', "").parse::<f64>().ok()?
    } else {
        let v = word_value(&t.lower)?;
        // "one" is usually a pronoun ("one study", "no one"); it is a figure only in
        // "one in N" and in ranges ("one to three").
        if t.lower == "one"
            && proportion_base(tokens, i + 1, text).is_none()
            && !starts_range(tokens, i + 1)
        {
            return None;
        }
        v
    };
    if part_of_name(tokens, i)
        || is_phone(tokens, i)
        || is_age_or_time(tokens, i)
        || is_place_number(tokens, i)
    {
        return None;
    }
    if t.is_number()
        && t.lower.len() == 4
        && (1900.0..2100.0).contains(&value)
        && !followed_by_percent(t, text)
    {
        return None;
    }
    Some(value)
}

/// An age ("aged 17", "at age 17", "diagnosed at seventeen.") or a clock time ("3 a.m.",
/// "at 9 pm"): a name for a moment in someone's story, not a statistic. "at 10 years" (a
/// follow-up point) stays a figure.
fn is_age_or_time(tokens: &[Token], i: usize) -> bool {
    let prev = i.checked_sub(1).map(|p| tokens[p].lower.as_str());
    let next = tokens.get(i + 1).map(|t| t.lower.as_str());
    if matches!(next, Some("a.m" | "p.m" | "am" | "pm" | "a" | "o'clock")) && prev != Some("in") {
        // "3 a.m." tokenizes as "3", "a", …: only a small number before it is a time.
        let value = tokens[i]
            .lower
            .parse::<f64>()
            .ok()
            .or_else(|| word_value(&tokens[i].lower));
        if value.is_some_and(|v| (1.0..=12.0).contains(&v))
            && (next != Some("a") || tokens.get(i + 2).is_some_and(|t| t.lower == "m"))
        {
            return true;
        }
    }
    let ends_here = next.is_none() || tokens.get(i + 1).is_some_and(|t| t.clause_start);
    matches!(prev, Some("aged" | "age"))
        || (prev == Some("at")
            && ends_here
            && i >= 2
            && matches!(
                tokens[i - 2].lower.as_str(),
                "diagnosed"
                    | "started"
                    | "began"
                    | "was"
                    | "were"
                    | "skills"
                    | "treatment"
                    | "therapy"
            ))
}

/// "Room 12", "Ward 7", "page 3": a number that names a place or a part, not a statistic.
fn is_place_number(tokens: &[Token], i: usize) -> bool {
    i > 0
        && tokens[i].is_number()
        && crate::lexicon::in_internal_list("place_words", &tokens[i - 1].lower)
}

/// 5-HTTLPR and similar: a hyphen-joined group that mixes digits and letters.
fn part_of_name(tokens: &[Token], i: usize) -> bool {
    let mut start = i;
    while start > 0 && tokens[start].joined_to_prev {
        start -= 1;
    }
    let mut end = i + 1;
    while end < tokens.len() && tokens[end].joined_to_prev {
        end += 1;
    }
    let group = &tokens[start..end];
    group
        .iter()
        .any(|t| t.lower.chars().any(|c| c.is_alphabetic()))
        && group
            .iter()
            .any(|t| t.lower.chars().any(|c| c.is_ascii_digit()))
}

/// True when the sentence gives a phone number: a helpline line ("Samaritans: 116 123"),
/// which says where to get help, not a fact about health.
pub fn has_phone(tokens: &[Token]) -> bool {
    (0..tokens.len()).any(|i| tokens[i].is_number() && is_phone(tokens, i))
}

fn is_phone(tokens: &[Token], i: usize) -> bool {
    let cue = tokens[i.saturating_sub(3)..i]
        .iter()
        .any(|t| PHONE_CUES.contains(&t.lower.as_str()));
    let long_digits = |t: &Token| t.is_number() && t.lower.len() >= 3;
    let neighbour = (i > 0 && long_digits(&tokens[i - 1]) && long_digits(&tokens[i]))
        || (i + 1 < tokens.len() && long_digits(&tokens[i + 1]) && long_digits(&tokens[i]));
    (cue && tokens[i].is_number()) || neighbour
}

fn followed_by_percent(t: &Token, text: &str) -> bool {
    text.chars().skip(t.chars.end).take(2).any(|c| c == '%')
}

fn starts_range(tokens: &[Token], i: usize) -> bool {
    let joiner = tokens.get(i).map(|t| t.lower.as_str());
    let next = tokens.get(i + 1).map(|t| t.lower.as_str());
    matches!(
        joiner,
        Some("to" | "or" | "and" | "until" | "till" | "through")
    ) && next
        .is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit()) || word_value(n).is_some())
}

/// How far a share written as a fraction word ("half", "a third") may be from the claim's
/// figure: fractions are how people round, and "about half" for 48.8% is not a change.
const ROUNDING_POINTS: f64 = 2.5;

/// The denominator a fraction word names: "half" 2, "third" 3, "quarter" 4, "fifth" 5,
/// "tenth" 10 (singular or plural).
fn denominator(word: &str) -> Option<f64> {
    match word.trim_end_matches('s') {
        "half" | "halve" => Some(2.0),
        "third" => Some(3.0),
        "quarter" => Some(4.0),
        "fifth" => Some(5.0),
        "tenth" => Some(10.0),
        _ => None,
    }
}

/// A fraction at token `i` as a share of 100, and where it ends: "a quarter", "one
/// third", "two-fifths", "half". Only a fraction "of" something is a share ("a third of
/// people"), so the caller checks what follows.
fn fraction_at(tokens: &[Token], i: usize) -> Option<(f64, usize)> {
    let t = &tokens[i];
    if t.lower == "half" {
        return Some((50.0, i + 1));
    }
    let numerator = match t.lower.as_str() {
        "a" | "an" | "one" => 1.0,
        w => word_value(w).filter(|v| (2.0..=9.0).contains(v))?,
    };
    let d = denominator(&tokens.get(i + 1)?.lower)?;
    (numerator < d).then_some((numerator / d * 100.0, i + 2))
}

/// A fraction, or a range of two ("two-fifths to a half"), followed by "of".
fn fraction_figure(tokens: &[Token], i: usize) -> Option<Figure> {
    let (low, end) = fraction_at(tokens, i)?;
    let between = i > 0 && tokens[i - 1].lower == "between";
    let joiner = tokens.get(end).map(|t| t.lower.as_str());
    let ranged = match joiner {
        Some("to" | "or") => fraction_at(tokens, end + 1),
        Some("and") if between => fraction_at(tokens, end + 1),
        _ => None,
    };
    let (high, end) = ranged.unwrap_or((low, end));
    (tokens.get(end).map(|t| t.lower.as_str()) == Some("of")).then(|| Figure {
        low: low.min(high),
        high: low.max(high),
        tokens: i..end,
    })
}

/// Reads every figure in a sentence, normalised to a share of 100 when a base is given.
pub fn extract(tokens: &[Token], text: &str) -> Vec<Figure> {
    let mut figures = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if let Some(f) = fraction_figure(tokens, i) {
            i = f.tokens.end;
            figures.push(f);
            continue;
        }
        let Some(first) = value_at(tokens, i, text) else {
            i += 1;
            continue;
        };
        let start = i;
        let mut low = first;
        let mut high = first;
        let mut end = i + 1;
        // Range: "1 to 3", "1-3", "1–3", "between 1 and 3".
        let between = start > 0 && tokens[start - 1].lower == "between";
        let joiner = tokens.get(end).map(|t| t.lower.as_str());
        if tokens.get(end).is_some_and(|t| t.joined_to_prev) {
            if let Some(second) = value_at(tokens, end, text) {
                high = second;
                end += 1;
            }
        } else if matches!(joiner, Some("to" | "until" | "till" | "through"))
            || (between && matches!(joiner, Some("and")))
        {
            if let Some(second) = tokens
                .get(end + 1)
                .and_then(|_| value_at(tokens, end + 1, text))
            {
                high = second;
                end += 2;
            }
        }
        // Base: "in every 100", "out of 100", "people in every 100", "in 5".
        if let Some((base, after)) = proportion_base(tokens, end, text) {
            if base > 0.0 {
                low = low / base * 100.0;
                high = high / base * 100.0;
            }
            end = after;
            // A range of two proportions: "between three in twenty and one in five".
            let joiner = tokens.get(end).map(|t| t.lower.as_str());
            let joins = matches!(joiner, Some("to" | "until" | "till"))
                || (between && joiner == Some("and"));
            let second = tokens
                .get(end + 1)
                .and_then(|_| value_at(tokens, end + 1, text));
            if let (true, Some(second)) = (joins, second) {
                if let Some((base, after)) = proportion_base(tokens, end + 2, text) {
                    if base > 0.0 {
                        high = second / base * 100.0;
                        end = after;
                    }
                }
            }
        }
        figures.push(Figure {
            low: low.min(high),
            high: low.max(high),
            tokens: start..end,
        });
        i = end;
    }
    figures
}

/// Finds "in (every) N" or "out of N" up to two words after a figure.
fn proportion_base(tokens: &[Token], from: usize, text: &str) -> Option<(f64, usize)> {
    for skip in 0..=2 {
        let at = from + skip;
        let words: Vec<&str> = tokens[at.min(tokens.len())..]
            .iter()
            .take(3)
            .map(|t| t.lower.as_str())
            .collect();
        let (offset, ok) = match words.as_slice() {
            ["out", "of", "every" | "each", ..] => (3, true),
            ["in" | "of" | "from" | "for" | "per", "every" | "each", ..] | ["out", "of", ..] => {
                (2, true)
            }
            ["in", ..] | ["per", ..] => (1, true),
            _ => (0, false),
        };
        if ok {
            let n = at + offset;
            if n < tokens.len() {
                if let Some(base) = value_at(tokens, n, text) {
                    return Some((base, n + 1));
                }
            }
        }
        // Only plain words may sit between a figure and its base ("people", "adults").
        if tokens.get(at).is_none_or(|t| t.is_number()) {
            break;
        }
    }
    None
}

pub fn check(ctx: &SentenceCtx) -> Vec<Hit> {
    let claim_figures: Vec<Figure> = ctx
        .cited
        .iter()
        .flat_map(|c| extract(&c.tokens, &c.claim.statement))
        .collect();
    extract(&ctx.tokens, ctx.text)
        .into_iter()
        .filter(|f| {
            let rounded = ctx.tokens[f.tokens.clone()]
                .iter()
                .any(|t| denominator(&t.lower).is_some());
            !claim_figures
                .iter()
                .any(|c| c.same_as(f) || (rounded && c.within(f, ROUNDING_POINTS)))
        })
        .filter(|f| !counts_what_the_claim_names(ctx, f))

        .map(|f| {
            let expected: Vec<String> = claim_figures.iter().map(Figure::describe).collect();
            let message = if expected.is_empty() {
                format!("the figure {} is not in the cited claim", f.describe())
            } else {
                format!(
                    "the figure {} differs from the cited claim's {}",
                    f.describe(),
                    expected.join(", ")
                )
            };
            Hit::new(&CHANGED_FIGURE, ctx.span(&f.tokens), message)
                .suggest("use the claim's figures exactly; a range may be restated, not narrowed, widened or moved")
        })
        .collect()
}

/// "two parts of the brain", "three kinds of therapy": a whole number of two or more, in
/// words, that counts kinds of thing, never units or multipliers ("two years", "two
/// times"). It says how many items a list or a claim holds.
pub(crate) fn counts_kinds(tokens: &[Token], f: &Figure) -> bool {
    let words = &tokens[f.tokens.clone()];
    let one_word_count = words.len() == 1 && !words[0].is_number() && f.low == f.high;
    let counted = tokens[f.tokens.end..]
        .iter()
        .take(2)
        .any(|t| crate::lexicon::in_internal_list("counted_kinds", &t.lower));
    one_word_count && counted && f.low.fract() == 0.0 && f.low >= 2.0
}

/// "two parts of the brain" for a claim about the amygdala and the hippocampus: a small
/// whole number, written as a word, that counts no more things than the cited claims name
/// of one kind (`entities.yaml`). It counts what the claim lists; it is not a statistic.
fn counts_what_the_claim_names(ctx: &SentenceCtx, f: &Figure) -> bool {
    if !counts_kinds(&ctx.tokens, f) {
        return false;
    }
    let mut named: Vec<(usize, usize)> = ctx
        .cited
        .iter()
        .flat_map(|c| crate::lexicon::named_things(&c.tokens))
        .collect();
    named.sort_unstable();
    named.dedup();
    let most_of_one_kind = named
        .chunk_by(|a, b| a.0 == b.0)
        .map(<[_]>::len)
        .max()
        .unwrap_or(0);
    f.low <= most_of_one_kind as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::{Certainty, ClaimKind};
    use crate::rules::test_support::*;
    use crate::text::tokenize;

    #[test]
    fn a_count_of_the_things_the_claim_names_is_no_figure() {
        let volume = claim(
            "v",
            "On average, the amygdala and hippocampus are slightly smaller in people with BPD.",
            Certainty::Moderate,
            ClaimKind::Association,
        );
        let two = "On average, two brain areas are slightly smaller in people with BPD.";
        assert!(fired(two, &[&volume], check).is_empty(), "{two}");
        // More than the claim names, or a figure in digits, is still a changed figure.
        for s in [
            "On average, three brain areas are slightly smaller in people with BPD.",
            "On average, 2 brain areas are slightly smaller in people with BPD.",
            // A count of years or times is a figure, whatever the claim names.
            "On average, the amygdala and hippocampus are two times smaller in BPD.",
        ] {
            assert_eq!(fired(s, &[&volume], check), ["changed-figure"], "{s}");
        }
    }

    fn figures(s: &str) -> Vec<(f64, f64)> {
        extract(&tokenize(s), s)
            .into_iter()
            .map(|f| (f.low, f.high))
            .collect()
    }

    #[test]
    fn ages_times_and_unidiomatic_ranges() {
        assert!(
            figures("when our daughter was diagnosed at seventeen, the doctor explained")
                .is_empty()
        );
        assert!(figures("I learned DBT skills at 16.").is_empty());
        assert!(figures("if you're reading this at 3 a.m., hello").is_empty());
        assert_eq!(figures("at 10 years, most had improved"), [(10.0, 10.0)]);
        assert_eq!(
            figures("about 10 until 30 from every 1000 persons"),
            [(1.0, 3.0)]
        );
        assert_eq!(
            figures("about 15 until 20 of every 100 admissions"),
            [(15.0, 20.0)]
        );
    }

    #[test]
    fn fractions_and_other_bases_are_shares() {
        assert_eq!(
            figures("genes account for two-fifths to a half of the differences"),
            [(40.0, 50.0)]
        );
        assert_eq!(
            figures("between two-fifths and half of the differences"),
            [(40.0, 50.0)]
        );
        assert_eq!(figures("about a quarter of admissions"), [(25.0, 25.0)]);
        assert_eq!(
            figures("about 10 to 30 of every 1,000 people"),
            [(1.0, 3.0)]
        );
        assert_eq!(figures("10 to 30 per 1000 people"), [(1.0, 3.0)]);
        // Not shares: an ordinal, a pronoun "one", a quarter of an hour with no "of".
        assert!(figures("a third study found it").is_empty());
        assert!(figures("drop-in sessions in Room 12 on Tuesdays").is_empty());
        assert!(figures("including one in the serotonin transporter gene").is_empty());
    }

    #[test]
    fn normalises_shares_and_ranges() {
        assert_eq!(figures("about 1 to 3 in every 100 people"), [(1.0, 3.0)]);
        assert_eq!(figures("1–3%"), [(1.0, 3.0)]);
        assert_eq!(figures("between 1 and 3 out of 100"), [(1.0, 3.0)]);
        assert_eq!(figures("about 1 to 3 people in every 100"), [(1.0, 3.0)]);
        assert_eq!(figures("1 in 5 people"), [(20.0, 20.0)]);
        assert_eq!(figures("one in five"), [(20.0, 20.0)]);
        assert_eq!(figures("40 to 50 percent"), [(40.0, 50.0)]);
        assert_eq!(figures("three networks"), [(3.0, 3.0)]);
        assert_eq!(figures("between 1 and 3 out of every 100"), [(1.0, 3.0)]);
        assert_eq!(figures("one to three people in every 100"), [(1.0, 3.0)]);
        // "each" as "every", and a range whose ends each carry a base.
        assert_eq!(
            figures("from 15 until 20 of each 100 stays"),
            [(15.0, 20.0)]
        );
        assert_eq!(figures("2 in each 10 people"), [(20.0, 20.0)]);
        assert_eq!(
            figures("between three in twenty and one in five admissions"),
            [(15.0, 20.0)]
        );
        assert_eq!(figures("1 in 50 to 1 in 25 people"), [(2.0, 4.0)]);
    }

    #[test]
    fn names_phones_and_years_are_not_figures() {
        assert!(figures("the 5-HTTLPR variant and rs53576").is_empty());
        assert!(figures("call or text 988, or Samaritans on 116 123").is_empty());
        assert!(figures("a review from 2024 and one study").is_empty());
    }

    #[test]
    fn changed_narrowed_or_moved_figures_fire() {
        let c = claim(
            "p",
            "About 1 to 3 in every 100 people have BPD.",
            Certainty::High,
            ClaimKind::Fact,
        );
        assert_eq!(
            fired("About 10 in every 100 people have BPD.", &[&c], check),
            ["changed-figure"]
        );
        assert_eq!(
            fired("About 2 in every 100 people have BPD.", &[&c], check),
            ["changed-figure"]
        );
        assert_eq!(
            fired("About 1–5% of people have BPD.", &[&c], check),
            ["changed-figure"]
        );
        assert!(fired("About 1–3% of people have BPD.", &[&c], check).is_empty());
    }
}
