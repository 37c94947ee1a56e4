//! The statement against its quotes: the page-sentence rules, run on a claim.
//!
//! A page sentence may say no more than the claim it cites; in the same way, a claim may
//! say no more than the passages it rests on. This module reuses the sentence rules that
//! compare a sentence with a claim (causal wording, figures, universal and degree words,
//! direction, negation, and content the claim does not cover) and runs them on the
//! statement, with the quoted passages (and the claim's `terms`) in the claim's place.
//! Hedging is not re-checked here: the certainty is judged against the basis by
//! `certainty-above-basis`.

use super::{causal, claim_mismatch, degree, figures, negation, reversed_direction, universal};
use super::{check_sentence, ClaimCtx, ClaimHit, ClaimPlace, Role, RuleMeta, SentenceCtx};
use crate::claims::{Claim, ClaimKind};
use crate::text::tokenize;
use std::collections::HashSet;

pub struct Rule;

/// The sentence rules that judge a statement against its quotes.
static METAS: &[&RuleMeta] = &[
    &causal::CAUSAL_LANGUAGE,
    &figures::CHANGED_FIGURE,
    &universal::UNIVERSAL_QUANTIFIER,
    &degree::OVERSTATED_DEGREE,
    &reversed_direction::REVERSED_DIRECTION,
    &negation::NEGATION_MISMATCH,
    &claim_mismatch::CLAIM_MISMATCH,
];

impl super::ClaimRule for Rule {
    fn metas(&self) -> &'static [&'static RuleMeta] {
        METAS
    }

    fn check(&self, ctx: &ClaimCtx) -> Vec<ClaimHit> {
        let Some(passages) = passages_as_claim(ctx) else {
            return Vec::new();
        };
        let claim = ctx.claim;
        let sentence = SentenceCtx::new(
            &claim.statement,
            Role::Evidence,
            vec![claim.id.clone()],
            |_| Some(&passages),
            ctx.lex,
        );
        let mut hits = check_sentence(&sentence);
        if !claim.kind.is_finding() {
            // A definition explains a word, and a fact about the research describes a
            // study; their passages use the words in findings. Only figures and universal
            // words can overstate such a passage.
            hits.retain(|h| {
                h.rule.id == figures::CHANGED_FIGURE.id
                    || h.rule.id == universal::UNIVERSAL_QUANTIFIER.id
            });
            return hits.into_iter().map(to_claim_hit).collect();
        }
        if !hits
            .iter()
            .any(|h| h.rule.id == claim_mismatch::CLAIM_MISMATCH.id)
        {
            let off = off_passage(&sentence, &passages)
                .or_else(|| elsewhere_in_source(&sentence, &passages, ctx));
            hits.extend(off);
        }
        hits.into_iter().map(to_claim_hit).collect()
    }
}

fn to_claim_hit(hit: super::Hit) -> ClaimHit {
    ClaimHit {
        rule: hit.rule,
        place: ClaimPlace::Statement(hit.chars),
        message: format!("against its quoted passage: {}", hit.message),
        suggestion: hit
            .suggestion
            .unwrap_or_else(|| "make the statement say no more than the passage".into()),
        severity: None,
    }
}

/// Below this share of the statement's content words found in the passages themselves
/// (not in `terms`), the passage is about something else.
const MIN_PASSAGE_OVERLAP: f64 = 0.34;

/// The statement shares too few words with its passages: the quote is real but from the
/// wrong passage. `terms` are the reader's words for the claim, so they can hide this; here
/// only the passages count. A plain-words statement of a technical passage still shares its
/// names (amygdala, oxytocin, DBT) and its figures, which is what keeps it above the line.
fn off_passage(sentence: &SentenceCtx, passages: &Claim) -> Option<super::Hit> {
    let words = super::analysis::content_stems_without_lexicon(&sentence.tokens, sentence.lex);
    if words.len() < 3 {
        return None;
    }
    let vocab = super::analysis::claim_words(passages);
    let (found, missing): (Vec<&String>, Vec<&String>) = words
        .iter()
        .partition(|w| super::analysis::in_vocabulary(w, &vocab));
    let share = found.len() as f64 / words.len() as f64;
    (share < MIN_PASSAGE_OVERLAP).then(|| {
        let missing: Vec<&str> = missing.iter().map(|w| w.as_str()).collect();
        super::Hit::new(
            &claim_mismatch::CLAIM_MISMATCH,
            sentence.whole(),
            format!(
                "only {:.0}% of the statement's words are in the quoted passages; not in them: {}",
                share * 100.0,
                missing.join(", ")
            ),
        )
        .suggest("quote the passage that supports the statement")
    })
}

/// Below this share of the statement's words (weighed by how rare each is in the source)
/// in its quoted passages, the quote may be from the wrong passage.
const MAX_QUOTED_SHARE: f64 = 0.25;

/// …and it is, when two neighbouring sentences elsewhere in the same source hold at least
/// this much more of the statement (by the same weights).
const MIN_ELSEWHERE_GAIN: f64 = 0.35;

/// …and hold most of the statement.
const MIN_ELSEWHERE_SHARE: f64 = 0.5;

/// A word in at most this many sentences of a source is that source's own: a name, a
/// measure or a detail that only one passage gives.
const RARE_IN_SOURCE: usize = 2;

/// Longer stretches without a sentence break are tables or reference lists, not passages.
const MAX_WINDOW_CHARS: usize = 600;

/// The quote exists but the statement comes from another passage of the same source: the
/// statement's words, weighed by how rare they are in the source, are mostly not in the
/// quote, while two neighbouring sentences elsewhere hold clearly more of them, including
/// a word that only a passage or two of the source use ("uncinate fasciculus" quoted with
/// a passage on prefrontal activation). `terms` do not count: they are the reader's words,
/// not the passage's. Words the source never uses (plain words of a plain-language
/// statement) weigh nothing, so a paraphrase is not judged by its plain words.
fn elsewhere_in_source(
    sentence: &SentenceCtx,
    passages: &Claim,
    ctx: &ClaimCtx,
) -> Option<super::Hit> {
    use super::analysis::{claim_words, content_stems_without_lexicon, in_vocabulary};
    let words = content_stems_without_lexicon(&sentence.tokens, sentence.lex);
    if words.len() < 3 {
        return None;
    }
    let quoted = Claim {
        terms: Vec::new(),
        ..passages.clone()
    };
    let vocab = with_prefixes_dropped(claim_words(&quoted));
    let mut sources: Vec<&str> = ctx.evidence().map(|(s, _)| s.source.as_str()).collect();
    sources.sort_unstable();
    sources.dedup();
    for source in sources {
        let Some(text) = ctx.texts.get(source) else {
            continue;
        };
        let sentences = text.sentences();
        // The quoted passages, each with the sentence before and after it: a statement may
        // rest on the words right around its quote, which are the same passage.
        let spans: Vec<std::ops::Range<usize>> = ctx
            .evidence()
            .filter(|(s, _)| s.source == source)
            .filter_map(|(_, e)| text.span_of(e))
            .map(|span| {
                let first = sentences
                    .iter()
                    .position(|s| s.chars.end > span.start)
                    .unwrap_or(0);
                let last = sentences
                    .iter()
                    .rposition(|s| s.chars.start < span.end)
                    .unwrap_or(sentences.len().saturating_sub(1));
                let before = first.saturating_sub(1);
                let after = (last + 1).min(sentences.len().saturating_sub(1));
                match (sentences.get(before), sentences.get(after)) {
                    (Some(b), Some(a)) => b.chars.start..a.chars.end,
                    _ => span,
                }
            })
            .collect();
        if spans.is_empty() {
            continue;
        }
        // Which of the statement's words each sentence has.
        let has: Vec<Vec<bool>> = sentences
            .iter()
            .map(|s| words.iter().map(|w| in_vocabulary(w, &s.words)).collect())
            .collect();
        let df: Vec<usize> = (0..words.len())
            .map(|k| has.iter().filter(|h| h[k]).count())
            .collect();
        let n = sentences.len() as f64;
        let weight: Vec<f64> = df
            .iter()
            .map(|&d| if d == 0 { 0.0 } else { (n / d as f64).ln() })
            .collect();
        let total: f64 = weight.iter().sum();
        if total <= 0.0 {
            continue;
        }
        let in_quote: Vec<bool> = words.iter().map(|w| in_vocabulary(w, &vocab)).collect();
        let share = |covered: &dyn Fn(usize) -> bool| {
            (0..words.len())
                .filter(|&k| covered(k))
                .map(|k| weight[k])
                .sum::<f64>()
                / total
        };
        let quoted_share = share(&|k| in_quote[k]);
        if quoted_share >= MAX_QUOTED_SHARE {
            continue;
        }
        let mut best: Option<(f64, std::ops::Range<usize>, Vec<bool>)> = None;
        for i in 0..sentences.len() {
            let last = (i + 1).min(sentences.len() - 1);
            let range = sentences[i].chars.start..sentences[last].chars.end;
            if range.len() > MAX_WINDOW_CHARS
                || spans
                    .iter()
                    .any(|s| s.start < range.end && range.start < s.end)
            {
                continue;
            }
            let covered: Vec<bool> = (0..words.len())
                .map(|k| has[i][k] || has[last][k])
                .collect();
            let window_share = share(&|k| covered[k]);
            if best.as_ref().is_none_or(|(b, _, _)| window_share > *b) {
                best = Some((window_share, range, covered));
            }
        }
        let Some((window_share, range, covered)) = best else {
            continue;
        };
        if window_share < MIN_ELSEWHERE_SHARE || window_share - quoted_share < MIN_ELSEWHERE_GAIN {
            continue;
        }
        let mut rare: Vec<&str> = Vec::new();
        for k in 0..words.len() {
            if covered[k]
                && !in_quote[k]
                && df[k] <= RARE_IN_SOURCE
                && !rare.contains(&words[k].as_str())
            {
                rare.push(&words[k]);
            }
        }
        if rare.is_empty() {
            continue;
        }
        let excerpt: String = text.excerpt(range).chars().take(120).collect();
        return Some(
            super::Hit::new(
                &claim_mismatch::CLAIM_MISMATCH,
                sentence.whole(),
                format!(
                    "the quote is from another passage than the statement: `{source}` says what the statement says elsewhere (\"{excerpt}…\"), with words the quote lacks: {}",
                    rare.join(", ")
                ),
            )
            .suggest("quote the passage that supports the statement"),
        );
    }
    None
}

/// The passage's words, and those with a negative or reversing prefix dropped as well, so
/// that "destigmatizing" also counts for "stigma" and "unchanged" for "change" (whether
/// the statement keeps the polarity is judged by `negation-mismatch`).
fn with_prefixes_dropped(words: HashSet<String>) -> HashSet<String> {
    let mut out = words.clone();
    for w in &words {
        for prefix in ["de", "dis", "non", "un"] {
            if let Some(rest) = w.strip_prefix(prefix) {
                if rest.chars().count() >= 5 {
                    out.insert(rest.to_string());
                }
            }
        }
    }
    out
}

/// The claim with its passages as the statement, or `None` when it has none. Reference
/// numbers ("[12,13]") are dropped, so that they cannot pass for figures.
fn passages_as_claim(ctx: &ClaimCtx) -> Option<Claim> {
    let passages: Vec<String> = ctx
        .evidence()
        .map(|(source, e)| {
            let mut passage = without_references(e).replace('…', " ");
            // A statement may count what its passage lists: "three networks" for "the
            // salience, executive control, and default mode networks"; and "two genes" for
            // "the SLC6A4 gene and the TPH2 gene", but a pair only where the statement
            // counts two of something and the passage gives no count of its own ("one
            // copy", "four SNPs"), so that "and" cannot license every 2.
            let pair = counts_two_things(&ctx.claim.statement)
                && has_pair(&passage)
                && !has_count(&passage);
            for count in list_counts(&passage) {
                passage.push_str(&format!(" ({count} listed)"));
            }
            if pair {
                passage.push_str(" (2 listed)");
            }
            // …and the studies it cites: "two studies" for "(47) … (48)", but only where the
            // statement counts studies, so the count cannot pass for any other figure.
            let studies = crate::evidence::cited_studies(e, &ctx.lex.named_study);
            if studies > 0 && counts_studies(&ctx.claim.statement, studies) {
                passage.push_str(&format!(" ({studies} studies cited)"));
            }
            // The source's own abbreviations, spelt out: "OXT" is oxytocin.
            if let Some(text) = ctx.texts.get(&source.source) {
                for long in text.expansions_in(e) {
                    passage.push_str(&format!(" ({long})"));
                }
            }
            passage
        })
        .collect();
    if passages.is_empty() {
        return None;
    }
    let mut joined = passages.join(" ");
    // "our two reviews": the claim may count the sources it cites.
    let mut sources: Vec<&str> = ctx
        .claim
        .sources
        .iter()
        .map(|s| s.source.as_str())
        .collect();
    sources.sort_unstable();
    sources.dedup();
    if counts(&ctx.claim.statement, sources.len(), &["reviews", "sources"]) {
        joined.push_str(&format!(" ({} reviews cited)", sources.len()));
    }
    let mut as_claim = ctx.claim.clone();
    as_claim.kind = evidence_kind(ctx, &joined);
    as_claim.statement = joined;
    Some(as_claim)
}

/// What the passages show: a causal or effect claim keeps its kind only when a passage
/// has causal or intervention wording; otherwise the passages report a link.
fn evidence_kind(ctx: &ClaimCtx, passages: &str) -> ClaimKind {
    let tokens = tokenize(passages);
    let shows_effect = !ctx.lex.causal.find_all(&tokens).is_empty()
        || !ctx.lex.intervention.find_all(&tokens).is_empty();
    match ctx.claim.kind {
        ClaimKind::Causal | ClaimKind::Effect | ClaimKind::Fact if shows_effect => ctx.claim.kind,
        ClaimKind::Causal | ClaimKind::Effect | ClaimKind::Fact | ClaimKind::Association => {
            ClaimKind::Association
        }
        // A model is a causal story by nature ("a failure of control leads to…"). Whether
        // the statement frames it as a model is judged on the statement itself
        // (`model-as-fact`), and whether it rests on a model by `kind-basis-mismatch`.
        ClaimKind::Model => ClaimKind::Causal,
        other => other,
    }
}

/// True when the statement says "N studies" (or trials, reports) with this N.
fn counts_studies(statement: &str, n: usize) -> bool {
    counts(statement, n, &["studies", "trials", "reports", "papers"])
}

/// True when the statement says "N <noun>" with this N, for one of the nouns.
fn counts(statement: &str, n: usize, nouns: &[&str]) -> bool {
    let tokens = tokenize(statement);
    tokens.windows(2).any(|w| {
        let value = w[0].lower.parse::<usize>().ok().or_else(|| {
            crate::lexicon::number_words()
                .iter()
                .position(|x| *x == w[0].lower)
        });
        value == Some(n) && nouns.contains(&w[1].lower.as_str())
    })
}

/// True when the statement counts two things ("two pathways", "2 genes"), not two units
/// of time or measure ("two years", "2 times").
fn counts_two_things(statement: &str) -> bool {
    const UNITS: &[&str] = &[
        "year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours",
        "minute", "minutes", "times", "fold", "percent", "per", "doses", "mg", "ml",
    ];
    // "two of the studies" counts nothing the passage lists, and studies are counted from
    // the passage's references instead (below).
    const NOT_THINGS: &[&str] = &[
        "of", "in", "the", "and", "or", "to", "for", "with", "at", "by", "from", "on", "out",
        "study", "studies", "trial", "trials", "review", "reviews", "paper", "papers",
    ];
    tokenize(statement).windows(2).any(|w| {
        matches!(w[0].lower.as_str(), "two" | "2")
            && w[1].lower.chars().all(char::is_alphabetic)
            && !UNITS.contains(&w[1].lower.as_str())
            && !NOT_THINGS.contains(&w[1].lower.as_str())
    })
}

/// True when the text gives a count: a number or number word that is not part of a name
/// ("hydroxylase-2", "5-HTTLPR").
fn has_count(text: &str) -> bool {
    let tokens = tokenize(text);
    tokens.iter().enumerate().any(|(i, t)| {
        let in_name = t.joined_to_prev || tokens.get(i + 1).is_some_and(|n| n.joined_to_prev);
        !in_name && (t.is_number() || crate::lexicon::number_words().contains(&t.lower))
    })
}

/// True when the text joins two items with "and" or "or".
fn has_pair(text: &str) -> bool {
    text.contains(" and ") || text.contains(" or ")
}

/// The number of items in each list written "A, B(,) and C" (or "or") in the text.
fn list_counts(text: &str) -> Vec<usize> {
    let mut counts = Vec::new();
    for sentence in text.split(['.', ';', ':']) {
        for (i, _) in sentence
            .match_indices(" and ")
            .chain(sentence.match_indices(" or "))
        {
            let before = &sentence[..i];
            // Items before the last one are separated by commas; stop at a clause that
            // reads as another list's end.
            let commas = before
                .rsplit(" and ")
                .next()
                .unwrap_or(before)
                .matches(',')
                .count();
            if commas >= 1 {
                // "A, B and C" has one comma fewer than "A, B, and C" (the serial comma).
                let serial = before.trim_end().ends_with(',');
                counts.push(if serial { commas + 1 } else { commas + 2 });
            }
        }
    }
    counts.sort_unstable();
    counts.dedup();
    counts
}

/// Drops reference lists: "[12,13]", "[5–7]" and "(47, 48)".
fn without_references(text: &str) -> String {
    let mut text = text.to_string();
    for (open, close) in [('[', ']'), ('(', ')')] {
        text = drop_number_groups(&text, open, close);
    }
    text
}

fn drop_number_groups(text: &str, open_char: char, close_char: char) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find(open_char) {
        out.push_str(&rest[..open]);
        let after = &rest[open + open_char.len_utf8()..];
        match after.find(close_char) {
            Some(close)
                if !after[..close].trim().is_empty()
                    && after[..close]
                        .chars()
                        .all(|c| c.is_ascii_digit() || ", -\u{2013}".contains(c)) =>
            {
                rest = &after[close + close_char.len_utf8()..];
            }
            _ => {
                out.push(open_char);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_counted() {
        assert!(
            list_counts("the salience, executive control, and default mode networks").contains(&3)
        );
        assert!(list_counts("PubMed, Scopus and PsycINFO").contains(&3));
        assert!(list_counts("one and the other").is_empty());
    }

    #[test]
    fn a_negative_prefix_is_dropped_from_passage_words() {
        let words: HashSet<String> = ["destigmat", "unchang", "dose"]
            .iter()
            .map(|w| w.to_string())
            .collect();
        let out = with_prefixes_dropped(words);
        assert!(out.contains("stigmat") && out.contains("chang") && out.contains("destigmat"));
        assert!(!out.contains("se"), "a short rest is not a word: {out:?}");
    }

    #[test]
    fn two_things_are_counted_but_not_two_years() {
        assert!(counts_two_things("two white-matter pathways score lower"));
        assert!(counts_two_things("2 genes are linked"));
        assert!(!counts_two_things("over two years"));
        assert!(!counts_two_things("one gene"));
        assert!(!counts_two_things("in two of the studies"));
        assert!(!counts_two_things("two studies found"));
        assert!(has_count("at least one copy of the A allele"));
        assert!(has_count("four SNPs and anger"));
        assert!(!has_count(
            "the SLC6A4 gene and the tryptophan hydroxylase-2 gene"
        ));
    }

    #[test]
    fn reference_lists_are_dropped() {
        assert_eq!(
            without_references("lower [12,13] and (47, 48) but (n = 4)"),
            "lower  and  but (n = 4)"
        );
    }
}
