//! `stigmatizing-term`: words that label or blame people.

use super::{Hit, SentenceCtx};
use crate::text::Token;

crate::declare_rule! {
    /// Terms that label or blame people: "borderlines" or "a borderline" for a person,
    /// "manipulative", "attention-seeking", "drama queen", "difficult patient", "crazy",
    /// "psycho", "committed suicide", "failed" or "successful suicide", "suffers from". They
    /// are flagged wherever they describe people, including reported attitudes ("staff may see
    /// them as manipulative"). The message names the person-first replacement. A page that
    /// names a myth in order to reject it uses a suppression comment with a reason.
    ///
    /// Bad: `Borderlines often push away the people who care about them.`
    ///
    /// Good: `People with BPD often have an intense fear of abandonment.{{ claim(id="bpd-core-features") }}`
    STIGMATIZING_TERM, id: "stigmatizing-term", category: Stigmatizing, severity: Error
}

crate::sentence_rule!(
    Rule,
    STIGMATIZING_TERM,
    [
        (Body, Nothing),
        (FrontMatter, Nothing),
        (Statement, Nothing),
        (Glossary, Nothing)
    ]
);

/// Words after "a/the borderline" that show it names the condition, not a person.
const CONDITION_NOUNS: &[&str] = &[
    "personality",
    "pd",
    "disorder",
    "traits",
    "trait",
    "features",
    "symptoms",
    "diagnosis",
    "range",
    "level",
    "case",
    "cases",
];

fn labels_a_person(tokens: &[Token], i: usize) -> bool {
    // "a borderline", "she is borderline": the word used as a label for someone.
    let prev_is_article = i > 0
        && matches!(
            tokens[i - 1].lower.as_str(),
            "a" | "the" | "this" | "that" | "is" | "are" | "was" | "were" | "being"
        );
    let next = tokens.get(i + 1).map(|t| t.lower.as_str());
    tokens[i].lower == "borderline"
        && prev_is_article
        && !next.is_some_and(|n| CONDITION_NOUNS.contains(&n))
}

pub fn check(ctx: &SentenceCtx) -> Vec<Hit> {
    let lex = ctx.lex;
    let mut hits: Vec<Hit> = lex
        .stigmatizing
        .find_all(&ctx.tokens)
        .into_iter()
        .map(|(phrase, r)| {
            let entry = lex
                .stigmatizing_terms
                .iter()
                .find(|t| t.term == phrase.source);
            let suggestion = entry.map_or_else(
                || "use person-first, neutral wording".to_string(),
                |e| e.suggestion(),
            );
            hit(ctx, &r, suggestion)
        })
        .collect();
    for i in 0..ctx.tokens.len() {
        if labels_a_person(&ctx.tokens, i) {
            hits.push(hit(ctx, &(i..i + 1), "use \"a person with BPD\"".into()));
        }
    }
    hits
}

fn hit(ctx: &SentenceCtx, r: &std::ops::Range<usize>, suggestion: String) -> Hit {
    let words = ctx.words(r);
    Hit::new(
        &STIGMATIZING_TERM,
        ctx.span(r),
        format!("`{words}` labels or blames people"),
    )
    .suggest(suggestion)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::*;

    #[test]
    fn labels_fire() {
        for s in [
            "Borderlines often push people away.",
            "People with BPD are manipulative and attention-seeking.",
            "Her brother committed suicide.",
            "Self-harm is just attention seeking behavior.",
            "He suffers from BPD.",
            "Staff may see them as manipulative.",
            "She is a borderline.",
            "She is borderline, her nurse said.",
            "He is suffering with BPD.",
            "It was just a cry for help.",
        ] {
            assert!(fired(s, &[], check).contains(&"stigmatizing-term"), "{s}");
        }
    }

    #[test]
    fn neutral_wording_is_fine() {
        for s in [
            "People with borderline personality disorder may fear being left.",
            "These behaviors are not deliberate manipulation.",
            "A borderline personality disorder diagnosis can be a relief.",
            "Her brother died by suicide.",
            "This is borderline personality disorder.",
        ] {
            assert!(fired(s, &[], check).is_empty(), "{s}");
        }
    }
}
