//! `stigmatizing-term`: words that label or blame people.

use super::{Hit, SentenceCtx};
use crate::text::{Phrase, Token};

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
    /// Good: `People with BPD often fear that the people they love will leave.`
    STIGMATIZING_TERM, id: "stigmatizing-term", category: Stigmatizing, severity: Error
}

/// (term, replacement). Terms are phrases; `*` matches any ending.
const TERMS: &[(&str, &str)] = &[
    ("borderlines", "people with BPD"),
    ("borderline patient*", "people with BPD"),
    ("borderline person", "person with BPD"),
    ("manipulative", "describe the behavior and the need behind it, e.g. \"finds it hard to ask for help directly\""),
    ("manipulator*", "describe the behavior and the need behind it"),
    ("attention seeking", "\"reaching out for help\" or \"trying to get needs met\""),
    ("attention seeker*", "\"a person reaching out for help\""),
    ("seeking attention", "\"reaching out for help\""),
    ("just wants attention", "\"is reaching out for help\""),
    ("drama queen*", "describe the feeling, e.g. \"feels emotions very strongly\""),
    ("difficult patient*", "\"people who are having a hard time\""),
    ("difficult client*", "\"people who are having a hard time\""),
    ("crazy", "describe the experience, e.g. \"very distressed\""),
    ("psycho", "describe the experience without labels"),
    ("psychos", "describe the experience without labels"),
    ("insane", "describe the experience without labels"),
    ("lunatic*", "describe the experience without labels"),
    ("nutcase*", "describe the experience without labels"),
    ("hysterical", "\"very distressed\""),
    ("committed suicide", "\"died by suicide\""),
    ("commit suicide", "\"die by suicide\""),
    ("commits suicide", "\"dies by suicide\""),
    ("committing suicide", "\"dying by suicide\""),
    ("failed suicide", "\"suicide attempt\""),
    ("failed suicide attempt*", "\"suicide attempt\""),
    ("unsuccessful suicide", "\"suicide attempt\""),
    ("successful suicide", "\"died by suicide\""),
    ("completed suicide", "\"died by suicide\""),
    ("suffers from", "\"lives with\" or \"has\""),
    ("suffer from", "\"live with\" or \"have\""),
    ("suffering from", "\"living with\" or \"having\""),
    ("sufferer*", "\"people with BPD\" or \"people who have\""),
    ("afflicted with", "\"has\""),
    ("victim of bpd", "\"person with BPD\""),
    ("suffering with", "\"living with\" or \"having\""),
    ("afflicted by", "\"has\""),
    ("mentally ill", "\"people with a mental health condition\""),
    ("the mentally ill", "\"people with mental health conditions\""),
    ("untreatable", "say what helps, with a claim; BPD is not described as untreatable by the reviews"),
    ("treatment resistant", "describe what has been tried and what may help"),
    ("overreacting", "\"feels emotions very intensely\""),
    ("nutter*", "describe the experience without labels"),
    ("suicidal gesture*", "\"suicide attempt\" or \"self-harm\""),
    ("cry for help", "\"a sign of serious distress\"; always take it seriously"),
    ("suicide bid*", "\"suicide attempt\""),
    ("self mutilation", "\"self-harm\""),
    ("deliberate self harm", "\"self-harm\""),
    ("suicide epidemic", "\"higher rates of suicide\""),
];

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
    let mut hits = Vec::new();
    let extra = &ctx.lex.stigmatizing_extra;
    let entries = TERMS
        .iter()
        .map(|(t, r)| (Phrase::new(t), (*r).to_string()))
        .chain(
            extra
                .iter()
                .map(|t| (Phrase::new(t), "person-first, neutral wording".to_string())),
        );
    let mut taken: Vec<std::ops::Range<usize>> = Vec::new();
    for (phrase, replacement) in entries {
        for r in phrase.find_all(&ctx.tokens) {
            if taken.iter().any(|t| t.start < r.end && r.start < t.end) {
                continue;
            }
            taken.push(r.clone());
            hits.push(hit(ctx, &r, &replacement));
        }
    }
    for i in 0..ctx.tokens.len() {
        if labels_a_person(&ctx.tokens, i) {
            hits.push(hit(ctx, &(i..i + 1), "\"a person with BPD\""));
        }
    }
    hits
}

fn hit(ctx: &SentenceCtx, r: &std::ops::Range<usize>, replacement: &str) -> Hit {
    let words = ctx.words(r);
    Hit::new(
        &STIGMATIZING_TERM,
        ctx.span(r),
        format!("`{words}` labels or blames people"),
    )
    .suggest(format!("use {replacement}"))
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
