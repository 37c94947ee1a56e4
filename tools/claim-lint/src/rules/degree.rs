//! `overstated-degree`: more of the group, more often, or a bigger effect than the claim.

use super::{Hit, SentenceCtx};
use crate::text::Token;
use std::ops::Range;

crate::declare_rule! {
    /// A sentence may not put a quantity higher than its claim does, on the scale in
    /// `lexicon/quantifiers.yaml` (few < some < many < most < all): "most studies" where
    /// the claim says "some studies", "the majority" where it says "many". A claim about a
    /// raised chance ("linked to a higher chance") may not be retold as what usually or
    /// mostly happens. And an effect may be made bigger ("vastly", "far more",
    /// `lexicon/intensifiers.yaml`) only when the claim itself sizes it.
    ///
    /// Bad: `Most people who go through childhood trauma develop BPD.{{ claim(id="trauma-risk") }}`
    ///
    /// Good: `Childhood trauma may be linked to BPD, but only some people who go through it develop BPD.{{ claim(id="trauma-risk") }}`
    OVERSTATED_DEGREE, id: "overstated-degree", category: Overstated, severity: Error
}

crate::sentence_rule!(
    Rule,
    OVERSTATED_DEGREE,
    [(Body, Claims), (Glossary, Claims), (Evidence, Claims)]
);

/// From this level up ("most", "usually"), a quantity says what is typical.
const TYPICAL: u8 = 4;

/// (level, token range) of each quantity word that is not negated ("not most") and whose
/// clause is not negated after it: "many people never develop it" is about the people who
/// do not, the complement of the claim's "only some develop it".
fn quantities(tokens: &[Token], ctx: &SentenceCtx) -> Vec<(u8, Range<usize>)> {
    ctx.lex
        .quantifiers
        .find_all(tokens)
        .into_iter()
        .filter(|(_, r)| !crate::rules::analysis::negated_at(tokens, r.start, ctx.lex))
        .filter(|(_, r)| !predicate_negated(tokens, r.end, ctx))
        .filter_map(|(p, r)| Some((*ctx.lex.quantifier_levels.get(&p.source)?, r)))
        .collect()
}

/// True when a negator follows `from` in the same clause.
fn predicate_negated(tokens: &[Token], from: usize, ctx: &SentenceCtx) -> bool {
    let end = (from..tokens.len())
        .find(|&i| i > from && tokens[i].clause_start)
        .unwrap_or(tokens.len());
    ctx.lex.negators.any_in(&tokens[from..end])
}

pub fn check(ctx: &SentenceCtx) -> Vec<Hit> {
    let mut hits = Vec::new();
    let claim_level = ctx
        .cited
        .iter()
        .flat_map(|c| quantities(&c.tokens, ctx))
        .map(|(level, _)| level)
        .max();
    let about_chance = ctx
        .cited
        .iter()
        .any(|c| ctx.lex.chance_words.any_in(&c.tokens));
    for (level, range) in quantities(&ctx.tokens, ctx) {
        // The universal-quantifier rule speaks for "all" and "always".
        if level >= 5 {
            continue;
        }
        let over = match claim_level {
            Some(claim) => level > claim,
            None => about_chance && level >= TYPICAL,
        };
        if over {
            let words = ctx.words(&range);
            let message = match claim_level {
                Some(_) => format!(
                    "`{words}` claims more of the group, or more often, than the cited claim"
                ),
                None => format!("`{words}` retells a raised chance as what usually happens"),
            };
            hits.push(
                Hit::new(&OVERSTATED_DEGREE, ctx.span(&range), message).suggest(
                    "use the claim's own quantity, such as \"some\" or \"a higher chance\"",
                ),
            );
        }
    }
    let sized = ctx
        .cited
        .iter()
        .any(|c| ctx.lex.size_words.any_in(&c.tokens) || ctx.lex.intensifiers.any_in(&c.tokens));
    if !sized {
        for range in ctx.unlicensed_hits(&ctx.lex.intensifiers) {
            let words = ctx.words(&range);
            hits.push(
                Hit::new(
                    &OVERSTATED_DEGREE,
                    ctx.span(&range),
                    format!("`{words}` makes the effect bigger than the cited claim says"),
                )
                .suggest("describe the effect as the claim does, without sizing it"),
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

    fn risk() -> crate::claims::Claim {
        claim(
            "risk",
            "Childhood trauma is linked to a higher chance of developing BPD, but only some people who go through trauma develop it.",
            Certainty::Moderate,
            ClaimKind::Association,
        )
    }

    fn some_studies() -> crate::claims::Claim {
        claim(
            "calm",
            "In some studies, a breathing exercise lowered heart rate in people with BPD.",
            Certainty::Low,
            ClaimKind::Effect,
        )
    }

    #[test]
    fn a_stronger_quantity_fires() {
        for s in [
            "Most people who go through childhood trauma develop BPD.",
            "The majority of people who go through trauma go on to develop BPD.",
            "People who go through childhood trauma usually develop BPD.",
        ] {
            assert_eq!(fired(s, &[&risk()], check), ["overstated-degree"], "{s}");
        }
        assert_eq!(
            fired(
                "In most studies, a breathing exercise lowered heart rate.",
                &[&some_studies()],
                check
            ),
            ["overstated-degree"]
        );
    }

    #[test]
    fn the_same_or_a_weaker_quantity_is_fine() {
        for s in [
            "Only some people who go through childhood trauma develop BPD.",
            "A few people who go through trauma develop BPD.",
            "Not most, but some, people who go through trauma develop BPD.",
            "Many people who go through trauma never develop BPD.",
        ] {
            assert!(fired(s, &[&risk()], check).is_empty(), "{s}");
        }
    }

    #[test]
    fn intensifiers_need_a_sized_claim() {
        assert_eq!(
            fired(
                "In some studies, a breathing exercise vastly lowered heart rate.",
                &[&some_studies()],
                check
            ),
            ["overstated-degree"]
        );
        let sized = claim(
            "big",
            "In one study, a breathing exercise lowered heart rate by a large amount.",
            Certainty::Low,
            ClaimKind::Effect,
        );
        assert!(fired(
            "In one study, a breathing exercise lowered heart rate far more than rest did.",
            &[&sized],
            check
        )
        .is_empty());
    }
}
