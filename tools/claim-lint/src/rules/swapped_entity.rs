//! `swapped-entity`: the sentence names a different thing of the same kind than its claim.

use super::{Hit, SentenceCtx};
use crate::lexicon::{entities, named_things};
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
    // Most sentences name none of the things: one pass over the sentence settles that.
    let named = named_things(&ctx.tokens);
    if named.is_empty() {
        return Vec::new();
    }
    let mut in_claims: Vec<(usize, usize)> = Vec::new();
    for cited in &ctx.cited {
        in_claims.extend(named_things(&cited.tokens));
        for term in &cited.claim.terms {
            in_claims.extend(named_things(&tokenize(term)));
        }
    }
    in_claims.sort_unstable();
    let mut hits = Vec::new();
    for (k, kind) in entities().iter().enumerate() {
        let claimed: Vec<&str> = (0..kind.things.len())
            .filter(|&t| in_claims.binary_search(&(k, t)).is_ok())
            .map(|t| kind.things[t].0.as_str())
            .collect();
        if claimed.is_empty() {
            continue;
        }
        for (t, (label, names)) in kind.things.iter().enumerate() {
            if claimed.contains(&label.as_str()) || named.binary_search(&(k, t)).is_err() {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::{Certainty, ClaimKind};
    use crate::rules::test_support::*;

    #[test]
    fn another_group_of_people_fires() {
        let women = claim(
            "w",
            "In small studies, oxytocin reduced sensitivity to threat in women with BPD.",
            Certainty::Low,
            ClaimKind::Effect,
        );
        for s in [
            "In small studies, oxytocin reduced sensitivity to threat in men with BPD.",
            "In small studies, oxytocin made guys with BPD less sensitive to threat.",
            "In small studies, oxytocin reduced sensitivity to threat in the parents of people with BPD.",
        ] {
            assert_eq!(fired(s, &[&women], check), ["swapped-entity"], "{s}");
        }
        let same = "In small studies, oxytocin reduced sensitivity to threat in women with BPD.";
        assert!(fired(same, &[&women], check).is_empty());
    }
}
