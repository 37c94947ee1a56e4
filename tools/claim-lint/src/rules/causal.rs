//! `causal-language`: cause-and-effect wording for a finding that is only a link or a model.

use super::{Hit, SentenceCtx};
use crate::claims::ClaimKind;

crate::declare_rule! {
    /// When the cited claim is an `association` or a `model`, causal wording exaggerates it,
    /// hedged or not ("causes", "may cause", "leads to", "makes", "is due to", "because of",
    /// "is why", "comes from"). This follows Sumner et al. (BMJ 2014) and Yu et al. (EMNLP
    /// 2019). Causal words that the claim's statement itself uses are allowed, and "because"
    /// that introduces the evidence ("unclear, because studies disagree") is not causal.
    ///
    /// Bad: `Childhood trauma can lead to BPD.{{ claim(id="trauma-risk") }}`
    ///
    /// Good: `Childhood trauma may be linked to a higher chance of developing BPD.{{ claim(id="trauma-risk") }}`
    CAUSAL_LANGUAGE, id: "causal-language", category: Overstated, severity: Error
}

crate::sentence_rule!(
    Rule,
    CAUSAL_LANGUAGE,
    [(Body, Claims), (Glossary, Claims), (Evidence, Claims)]
);

/// Words that, right after "because", show it introduces evidence rather than a cause.
const EVIDENCE_WORDS: &[&str] = &[
    "studies",
    "study",
    "research",
    "evidence",
    "data",
    "findings",
    "results",
    "scientists",
    "researchers",
    "trials",
    "samples",
    "few",
    "most",
    "we",
    "there",
    "only",
    "they",
    "it",
];

pub fn check(ctx: &SentenceCtx) -> Vec<Hit> {
    let correlational = ctx
        .cited
        .iter()
        .find(|c| matches!(c.claim.kind, ClaimKind::Association | ClaimKind::Model));
    let Some(correlational) = correlational else {
        return Vec::new();
    };
    if ctx.cites_kind(ClaimKind::Causal) || ctx.cites_kind(ClaimKind::Effect) {
        return Vec::new();
    }
    let excused: Vec<_> = ctx
        .lex
        .not_causal
        .find_all(&ctx.tokens)
        .into_iter()
        .map(|(_, r)| r)
        .collect();
    ctx.unlicensed_hits(&ctx.lex.causal)
        .into_iter()
        .filter(|r| {
            !excused
                .iter()
                .any(|e| e.start <= r.start && r.start < e.end)
        })
        .filter(|r| !introduces_evidence(ctx, r) && !inside_question(ctx, r.start))
        .map(|r| {
            let words = ctx.words(&r);
            Hit::new(
                &CAUSAL_LANGUAGE,
                ctx.span(&r),
                format!(
                    "`{words}` states cause and effect, but `{}` only found {}",
                    correlational.claim.id,
                    if correlational.claim.kind == ClaimKind::Model {
                        "a model"
                    } else {
                        "a link"
                    }
                ),
            )
            .suggest("use link wording, e.g. \"is linked to\" or \"is associated with\"")
        })
        .collect()
}

/// "… cannot show whether X causes Y", "unsure if X leads to Y": the cause is asked, not stated.
fn inside_question(ctx: &SentenceCtx, i: usize) -> bool {
    for t in ctx.tokens[..i].iter().rev() {
        if matches!(t.lower.as_str(), "whether" | "if") {
            return true;
        }
        if t.clause_start || crate::rules::analysis::CONTRAST_WORDS.contains(&t.lower.as_str()) {
            break;
        }
    }
    false
}

fn introduces_evidence(ctx: &SentenceCtx, r: &std::ops::Range<usize>) -> bool {
    let first = &ctx.tokens[r.start].lower;
    if first != "because" && first != "due" {
        return false;
    }
    ctx.tokens[r.end..]
        .iter()
        .take(3)
        .any(|t| EVIDENCE_WORDS.contains(&t.lower.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::Certainty;
    use crate::rules::test_support::*;

    fn link() -> crate::claims::Claim {
        claim(
            "l",
            "Trauma is linked to a higher chance of BPD.",
            Certainty::Moderate,
            ClaimKind::Association,
        )
    }

    #[test]
    fn causal_words_fire_on_links() {
        let c = link();
        for s in [
            "Childhood trauma causes BPD.",
            "Childhood trauma can lead to BPD.",
            "BPD is caused by trauma.",
            "Trauma is the reason people develop BPD.",
            "Low serotonin makes people aggressive.",
            "Serotonin differences may drive impulsive behaviour.",
        ] {
            assert_eq!(fired(s, &[&c], check), ["causal-language"], "{s}");
        }
    }

    #[test]
    fn link_wording_and_evidence_because_are_fine() {
        let c = link();
        assert!(fired("Trauma is linked to a higher chance of BPD.", &[&c], check).is_empty());
        assert!(fired("It is unclear, because studies disagree.", &[&c], check).is_empty());
        assert!(fired("This helps us make sense of BPD.", &[&c], check).is_empty());
        assert!(fired(
            "Scientists are unsure whether trauma causes BPD.",
            &[&c],
            check
        )
        .is_empty());
    }

    #[test]
    fn causal_claims_allow_causal_words() {
        let c = claim(
            "c",
            "Early trauma may leave marks on genes.",
            Certainty::Low,
            ClaimKind::Causal,
        );
        assert!(fired("Trauma may cause marks on genes.", &[&c], check).is_empty());
    }
}
