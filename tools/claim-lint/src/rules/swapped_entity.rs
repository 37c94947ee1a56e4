//! `swapped-entity`: the sentence names a different thing of the same kind than its claim.

use super::{Hit, SentenceCtx};
use crate::lexicon::entities;
use crate::text::tokenize;

crate::declare_rule! {
    /// The claims talk about things of a few kinds: chemical messengers, brain areas and
    /// networks, treatments, conditions, care settings, groups of people, symptom areas and
    /// causes (`lexicon/entities.yaml`). A sentence that names one of them where its claim
    /// names a different one of the same kind ("dopamine" for "serotonin", "general medical
    /// wards" for "psychiatric wards", "the environment" for "genes") says something the claim
    /// does not, even when nearly all its other words match. Names in the claim's `terms`
    /// count as the claim's, and a negated name ("not dopamine") is left alone.
    ///
    /// Bad: `Differences in the dopamine system may be linked to impulsivity in BPD.{{ claim(id="serotonin-impulsivity") }}`
    ///
    /// Good: `Differences in the serotonin system may be linked to impulsivity and aggression in BPD.{{ claim(id="serotonin-impulsivity") }}`
    SWAPPED_ENTITY, id: "swapped-entity", category: Misattributed, severity: Error
}

crate::sentence_rule!(Rule, SWAPPED_ENTITY, [(Body, Claims), (Glossary, Claims)]);

pub fn check(ctx: &SentenceCtx) -> Vec<Hit> {
    let claim_tokens: Vec<Vec<crate::text::Token>> = ctx
        .cited
        .iter()
        .flat_map(|c| {
            std::iter::once(c.tokens.to_vec()).chain(c.claim.terms.iter().map(|t| tokenize(t)))
        })
        .collect();
    let in_claims = |names: &crate::text::PhraseList| claim_tokens.iter().any(|t| names.any_in(t));
    let mut hits = Vec::new();
    for kind in entities() {
        let claimed: Vec<&str> = kind
            .things
            .iter()
            .filter(|(_, names)| in_claims(names))
            .map(|(label, _)| label.as_str())
            .collect();
        if claimed.is_empty() {
            continue;
        }
        for (label, names) in &kind.things {
            if claimed.contains(&label.as_str()) {
                continue;
            }
            let Some((_, at)) = names
                .find_all(&ctx.tokens)
                .into_iter()
                .find(|(_, r)| !ctx.is_negated(r.start))
            else {
                continue;
            };
            hits.push(
                Hit::new(
                    &SWAPPED_ENTITY,
                    ctx.span(&at),
                    format!(
                        "the sentence names {label} ({}), but the cited claim is about {}",
                        kind.name,
                        claimed.join(" and ")
                    ),
                )
                .suggest("cite the claim about what the sentence names, or name what the cited claim is about"),
            );
        }
    }
    hits
}
