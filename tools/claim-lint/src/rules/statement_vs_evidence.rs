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
        if !hits
            .iter()
            .any(|h| h.rule.id == claim_mismatch::CLAIM_MISMATCH.id)
        {
            hits.extend(off_passage(&sentence, &passages.statement));
        }
        hits.into_iter()
            .map(|hit| ClaimHit {
                rule: hit.rule,
                place: ClaimPlace::Statement(hit.chars),
                message: format!("against its quoted passage: {}", hit.message),
                suggestion: hit
                    .suggestion
                    .unwrap_or_else(|| "make the statement say no more than the passage".into()),
                severity: None,
            })
            .collect()
    }
}

/// Below this share of the statement's content words found in the passages themselves
/// (not in `terms`), the passage is about something else.
const MIN_PASSAGE_OVERLAP: f64 = 0.34;

/// The statement shares too few words with its passages: the quote is real but from the
/// wrong passage. `terms` are the reader's words for the claim, so they can hide this; here
/// only the passages count. A plain-words statement of a technical passage still shares its
/// names (amygdala, oxytocin, DBT) and its figures, which is what keeps it above the line.
fn off_passage(sentence: &SentenceCtx, passages: &str) -> Option<super::Hit> {
    let words = super::analysis::content_stems_without_lexicon(&sentence.tokens, sentence.lex);
    if words.len() < 3 {
        return None;
    }
    let vocab: std::collections::HashSet<String> =
        super::analysis::content_stems(&tokenize(passages))
            .into_iter()
            .collect();
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

/// The claim with its passages as the statement, or `None` when it has none. Reference
/// numbers ("[12,13]") are dropped, so that they cannot pass for figures.
fn passages_as_claim(ctx: &ClaimCtx) -> Option<Claim> {
    let passages: Vec<String> = ctx
        .evidence()
        .map(|(_, e)| without_references(e).replace('…', " "))
        .collect();
    if passages.is_empty() {
        return None;
    }
    let joined = passages.join(" ");
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

fn without_references(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find(']') {
            Some(close)
                if after[..close]
                    .chars()
                    .all(|c| c.is_ascii_digit() || ", -\u{2013}".contains(c)) =>
            {
                rest = &after[close + 1..];
            }
            _ => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}
