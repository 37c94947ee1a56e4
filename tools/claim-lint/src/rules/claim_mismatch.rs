//! `claim-mismatch`: the cited claim does not cover what the sentence says.

use super::analysis::{content_stems_without_lexicon, in_vocabulary};
use super::{Hit, SentenceCtx};
use std::collections::HashSet;

crate::declare_rule! {
    /// Too little of the sentence's content is found in the cited claims. Content words are
    /// the sentence's words without stop words, hedges, figures and the names every claim
    /// shares ("BPD", "people"); they are stemmed and everyday synonyms are folded together
    /// ("feelings" and "emotions"). A word counts as covered when it appears in a cited
    /// claim's statement or its `terms`. Words that no claim in the file uses are ordinary
    /// English ("somewhere", "lifetime") and count half. The rule fires when some uncovered
    /// word is the site's subject matter and less than half the sentence is covered: the
    /// marker points at the wrong claim, or the sentence says something the claim does not.
    /// It also fires when another claim in the file covers the sentence clearly better
    /// (by a quarter of the sentence or more) and the cited one leaves a quarter uncovered.
    /// A claim's statement is checked the same way against its quoted passages, where
    /// `terms` cannot hide a quote from the wrong passage: the statement is flagged when its
    /// words, weighed by how rare they are in the source, are mostly not in the quote while
    /// two sentences elsewhere in that source (not beside the quote) hold most of them,
    /// including a word that only one or two of its sentences use.
    ///
    /// Bad: `MBT teaches skills for tolerating distress.{{ claim(id="mbt-focus") }}`
    ///
    /// Good: `MBT helps people make sense of their own and other people's feelings.{{ claim(id="mbt-focus") }}`
    CLAIM_MISMATCH, id: "claim-mismatch", category: Misattributed, severity: Error
}

crate::sentence_rule!(
    Rule,
    CLAIM_MISMATCH,
    [(Body, Claims), (Glossary, Claims), (Evidence, Claims)]
);

/// Share of content words that must be covered by the cited claims.
pub const MIN_COVERAGE: f64 = 0.5;

/// How much a word outside the site's subject matter counts against coverage.
const GENERIC_WEIGHT: f64 = 0.5;

/// A claim that covers the sentence this much better than the cited one was probably meant.
const BETTER_MATCH_MARGIN: f64 = 0.25;

/// Coverage of sentence words by a vocabulary, weighing words outside the domain lightly.
fn coverage(
    words: &[String],
    vocab: &HashSet<String>,
    ctx: &SentenceCtx,
) -> (f64, Vec<String>, usize) {
    let (covered, missing): (Vec<&String>, Vec<&String>) =
        words.iter().partition(|w| in_vocabulary(w, vocab));
    let in_domain = |w: &String| ctx.domain.is_none_or(|d| d.all.matches(w));
    let missing_domain = missing.iter().filter(|w| in_domain(w)).count();
    let missing_generic = missing.len() - missing_domain;
    let weight =
        covered.len() as f64 + missing_domain as f64 + GENERIC_WEIGHT * missing_generic as f64;
    let share = if weight == 0.0 {
        1.0
    } else {
        covered.len() as f64 / weight
    };
    (
        share,
        missing.into_iter().cloned().collect(),
        missing_domain,
    )
}

/// The uncited claim that covers the sentence best, if it is clearly better.
fn better_claim(words: &[String], cited_share: f64, ctx: &SentenceCtx) -> Option<(String, f64)> {
    let domain = ctx.domain?;
    let cited: Vec<&str> = ctx.cited.iter().map(|c| c.claim.id.as_str()).collect();
    domain
        .per_claim
        .iter()
        .filter(|(id, _)| !cited.contains(&id.as_str()))
        .map(|(id, vocab)| (id.clone(), coverage(words, vocab, ctx).0))
        .filter(|(_, share)| {
            *share >= 1.0 - BETTER_MATCH_MARGIN && *share >= cited_share + BETTER_MATCH_MARGIN
        })
        .max_by(|a, b| a.1.total_cmp(&b.1))
}

pub fn check(ctx: &SentenceCtx) -> Vec<Hit> {
    // "Maria shared an article explaining that…": the claim need not cover the frame.
    let reported = &ctx.tokens[super::analysis::after_report_frame(&ctx.tokens, ctx.lex)..];
    let words = content_stems_without_lexicon(reported, ctx.lex);
    if words.len() < 2 {
        return Vec::new();
    }
    let (share, missing, missing_domain) = coverage(&words, &ctx.claim_vocabulary(), ctx);
    // Words the claims file never uses cannot show that a different claim was meant.
    if missing_domain == 0 {
        return Vec::new();
    }
    let better = if share < 1.0 - BETTER_MATCH_MARGIN {
        better_claim(&words, share, ctx)
    } else {
        None
    };
    if share >= MIN_COVERAGE && better.is_none() {
        return Vec::new();
    }
    let ids: Vec<&str> = ctx.cited.iter().map(|c| c.claim.id.as_str()).collect();
    let mut message = format!(
        "the cited claim{} ({}) do{} not cover most of this sentence; not covered: {}",
        if ids.len() > 1 { "s" } else { "" },
        ids.join(", "),
        if ids.len() > 1 { "" } else { "es" },
        missing.join(", ")
    );
    if let Some((id, _)) = &better {
        message.push_str(&format!("; claim `{id}` covers it better"));
    }
    vec![Hit::new(&CLAIM_MISMATCH, ctx.whole(), message)
        .suggest("cite the claim that supports this sentence, or reword it to say what the cited claim says; add everyday synonyms to the claim's `terms` if they are missing")]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::{Certainty, ClaimKind};
    use crate::rules::test_support::*;

    #[test]
    fn wrong_claim_fires() {
        let mbt = claim(
            "mbt",
            "MBT helps people understand their own and other people's thoughts and feelings.",
            Certainty::High,
            ClaimKind::Definition,
        );
        assert_eq!(
            fired(
                "MBT teaches skills for tolerating distress.",
                &[&mbt],
                check
            ),
            ["claim-mismatch"]
        );
    }

    #[test]
    fn paraphrase_with_synonyms_passes() {
        let mbt = claim(
            "mbt",
            "MBT helps people understand their own and other people's thoughts and feelings.",
            Certainty::High,
            ClaimKind::Definition,
        );
        assert!(fired(
            "MBT helps people make sense of their own and others' thoughts and emotions.",
            &[&mbt],
            check
        )
        .is_empty());
    }

    #[test]
    fn terms_count_as_coverage() {
        let mut c = claim(
            "w",
            "Some studies suggest the links between emotion and control areas are less organized.",
            Certainty::Low,
            ClaimKind::Association,
        );
        c.terms = vec!["wiring".into()];
        assert!(fired(
            "Some studies suggest the wiring between emotion and control areas is less organized.",
            &[&c],
            check
        )
        .is_empty());
    }
}
