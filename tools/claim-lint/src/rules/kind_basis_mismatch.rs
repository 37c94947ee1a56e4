//! `kind-basis-mismatch`: a claim's kind that its basis or quote does not bear out.

use super::{ClaimCtx, ClaimHit, ClaimPlace};
use crate::claims::{Basis, ClaimKind};
use crate::text::tokenize;

crate::declare_rule! {
    /// The kind decides how pages may word a claim, so it must match the evidence: a
    /// `model` basis needs kind `model` (a framework is not a finding), a `definition` basis
    /// needs kind `definition`, and kind `causal` or `effect` needs a quote with causal or
    /// intervention wording ("reduced", "improved", "led to", "after treatment"). A quote
    /// that only reports a link supports kind `association`. And where every quote opens
    /// by presenting a model ("this model posits", "the theoretical implications of this
    /// model", "an explanatory framework"), the claim is a model, whatever its basis says;
    /// a passage that reports evidence for a theory ("this theory is supported by…") is a
    /// finding.
    ///
    /// Bad: `kind: causal` with `quote: "These reductions are positively correlated with the severity of childhood trauma"`
    ///
    /// Good: `kind: association` with the same quote
    KIND_BASIS_MISMATCH, id: "kind-basis-mismatch", category: Evidence, severity: Error
}

pub struct Rule;

impl super::ClaimRule for Rule {
    fn metas(&self) -> &'static [&'static super::RuleMeta] {
        &[&KIND_BASIS_MISMATCH]
    }

    fn check(&self, ctx: &ClaimCtx) -> Vec<ClaimHit> {
        let claim = ctx.claim;
        let hit = |message: String, suggestion: &str| {
            vec![ClaimHit::new(
                &KIND_BASIS_MISMATCH,
                ClaimPlace::Claim,
                message,
                suggestion,
            )]
        };
        match (claim.basis, claim.kind) {
            (Some(Basis::Model), kind) if kind != ClaimKind::Model => return hit(
                format!(
                    "claim `{}` rests on a model but has kind `{}`: a framework is not a finding",
                    claim.id,
                    kind.as_str()
                ),
                "set `kind: model` and frame the statement as a model (\"One model describes…\")",
            ),
            (Some(Basis::Definition), kind) if kind != ClaimKind::Definition => {
                return hit(
                    format!(
                        "claim `{}` rests on a definition but has kind `{}`",
                        claim.id,
                        kind.as_str()
                    ),
                    "set `kind: definition`, or quote the finding and give its basis",
                )
            }
            _ => {}
        }
        let finding = matches!(
            claim.kind,
            ClaimKind::Fact | ClaimKind::Association | ClaimKind::Causal | ClaimKind::Effect
        );
        let quotes: Vec<&str> = ctx
            .claim
            .sources
            .iter()
            .filter_map(|s| s.quote.as_deref())
            .collect();
        if finding && !quotes.is_empty() {
            let framings: Vec<String> = quotes
                .iter()
                .filter_map(|q| model_framing(q, ctx.lex))
                .collect();
            if framings.len() == quotes.len() {
                return hit(
                    format!(
                        "claim `{}` has kind `{}`, but its quote presents a model (\"{}\"): a framework is not a finding",
                        claim.id,
                        claim.kind.as_str(),
                        framings[0]
                    ),
                    "set `kind: model` and `basis: model`, and frame the statement as a model (\"One model describes…\")",
                );
            }
        }
        if matches!(claim.kind, ClaimKind::Causal | ClaimKind::Effect) {
            let passages: Vec<&str> = ctx.evidence().map(|(_, e)| e).collect();
            let shows_effect = passages.iter().any(|p| {
                let tokens = tokenize(p);
                !ctx.lex.causal.find_all(&tokens).is_empty()
                    || !ctx.lex.intervention.find_all(&tokens).is_empty()
            });
            if !passages.is_empty() && !shows_effect {
                return hit(
                    format!(
                        "claim `{}` has kind `{}`, but no quote has causal or intervention wording",
                        claim.id,
                        claim.kind.as_str()
                    ),
                    "set `kind: association` when the passage reports a link, or quote the passage that reports the effect",
                );
            }
        }
        Vec::new()
    }
}

/// The model framing that opens a quote: the words of its first sentence that present a
/// model or theory, unless that sentence reports support for it ("this theory is further
/// supported by…", "consistent with this model").
fn model_framing(quote: &str, lex: &crate::lexicon::Lexicon) -> Option<String> {
    let first = quote
        .split('…')
        .next()
        .unwrap_or(quote)
        .split(". ")
        .next()
        .unwrap_or(quote);
    let tokens = tokenize(first);
    let reports_support = tokens.iter().any(|t| {
        ["support", "confirm", "consistent", "evidence"]
            .iter()
            .any(|w| t.lower.starts_with(w))
    });
    if reports_support {
        return None;
    }
    lex.model_framing.find_all(&tokens).first().map(|(_, r)| {
        tokens[r.clone()]
            .iter()
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    })
}
