//! `stigmatizing-term`: words that label or blame people.

use super::{Hit, SentenceCtx};
use crate::text::Token;

crate::declare_rule! {
    /// Terms that label or blame people: "borderlines" or "a borderline" for a person,
    /// "manipulative", "attention-seeking", "drama queen", "difficult patient", "crazy",
    /// "psycho", "committed suicide", "failed" or "successful suicide", "suffers from". They
    /// are flagged wherever they describe people, including reported attitudes ("staff may see
    /// them as manipulative"). Words with other senses ("mad", "mental", "toxic") count when
    /// they are said of a person ("my family thinks I'm mental"), not of a thing ("mental
    /// health") or when denied ("they are not mad"). The message names the person-first replacement. A page that
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

/// "a self-confessed borderline", "her little borderline", "a total BPD": the diagnosis as
/// the head of a noun phrase about someone, after a few describing words (`label_describers`:
/// "total", "self-confessed"). "BPD" counts only
/// after "a" or "an", since "my BPD" or "the BPD" is the condition.
fn names_a_person_by_the_diagnosis(tokens: &[Token], i: usize) -> bool {
    const MAX_DESCRIBING_WORDS: usize = 2;
    let word = tokens[i].lower.as_str();
    let starters: &[&str] = match word {
        "borderline" => &[
            "a", "an", "the", "this", "that", "her", "his", "my", "your", "their", "our",
        ],
        "bpd" => &["a", "an"],
        _ => return false,
    };
    let stop = crate::lexicon::stop_words();
    // "a BPD and ADHD diagnosis": a condition noun a few words on makes it the condition.
    let condition_follows = tokens[i + 1..]
        .iter()
        .take(3)
        .any(|t| CONDITION_NOUNS.contains(&t.lower.as_str()));
    let is_head = !condition_follows && tokens.get(i + 1).is_none_or(|t| stop.contains(&t.lower));
    is_head
        && (1..=MAX_DESCRIBING_WORDS + 1)
            .take_while(|&back| back <= i)
            .any(|back| {
                let describing = &tokens[i + 1 - back..i];
                starters.contains(&tokens[i - back].lower.as_str())
                    && describing
                        .iter()
                        .all(|t| crate::lexicon::in_internal_list("label_describers", &t.lower))
            })
}

fn labels_a_person(tokens: &[Token], i: usize) -> bool {
    if names_a_person_by_the_diagnosis(tokens, i) {
        return true;
    }
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
        } else if calls_a_person(&ctx.tokens, i, ctx.lex) {
            let advice = "describe the behavior or the feeling, not the person";
            hits.push(hit(ctx, &(i..i + 1), advice.into()));
        }
    }
    hits
}

const LINK_WINDOW: usize = 8;

/// A word of `person_labels` said of a person: "people with BPD are mad", "my family
/// thinks I'm mental for needing therapy". Not when it describes a thing ("mental health",
/// "toxic stress"), means angry ("mad at me"), or is denied ("they are not mad").
fn calls_a_person(tokens: &[Token], i: usize, lex: &crate::lexicon::Lexicon) -> bool {
    use crate::lexicon::in_internal_list;
    let word = tokens[i].lower.as_str();
    if !in_internal_list("person_labels", word) {
        return false;
    }
    let next = tokens.get(i + 1).map(|t| t.lower.as_str());
    // "toxic people", "mad persons", "difficult BPD patients": the label on the people it
    // comes before.
    let person_after = tokens[i + 1..]
        .iter()
        .take(3)
        .find(|t| !matches!(t.lower.as_str(), "bpd" | "borderline"))
        .is_some_and(|t| in_internal_list("person_words", &t.lower));
    if person_after {
        return true;
    }
    // "difficult to manage" says what is hard, not who someone is.
    let describes_a_thing =
        next.is_some_and(|n| n == "to" || !crate::lexicon::stop_words().contains(n));
    let angry = word == "mad" && next.is_some_and(|n| matches!(n, "at" | "about" | "with"));
    if describes_a_thing || angry {
        return false;
    }
    // Back from the label over degree words and other labels ("not lazy or selfish"): a
    // denial there takes the label back, unless a contrast came after it ("not bad, only a
    // little bit mad"). The walk must end at the linking verb, so "finding the wait
    // difficult" is no label.
    let skippable = |j: usize| {
        let w = tokens[j].lower.as_str();
        in_internal_list("label_fillers", w) || in_internal_list("person_labels", w)
    };
    let mut v = i;
    let mut contrast = false;
    while v > 0 && i - v < LINK_WINDOW {
        let w = tokens[v - 1].lower.as_str();
        if skippable(v - 1) {
            contrast |= matches!(w, "only" | "but" | "just");
        } else if lex.negators.any_in(&tokens[v - 1..v]) {
            if !contrast {
                return false;
            }
        } else {
            break;
        }
        v -= 1;
    }
    let Some(verb) = v.checked_sub(1) else {
        return false;
    };
    let verb_word = tokens[verb].lower.as_str();
    if !in_internal_list("linking_verbs", verb_word) {
        return false;
    }
    // "I was so mad" is anger; "I'm mental" and "they are mad" label.
    let first_person = |w: &str| matches!(w, "i" | "i'm" | "im" | "we" | "we're");
    if in_internal_list("person_words", verb_word) {
        return !(word == "mad" && first_person(verb_word));
    }
    // The subject: the nearest word before the verb, past "with BPD" and the like.
    let subject = (0..verb).rev().find(|&j| {
        !matches!(
            tokens[j].lower.as_str(),
            "bpd"
                | "with"
                | "borderline"
                | "personality"
                | "disorder"
                | "this"
                | "the"
                | "diagnosis"
                | "often"
                | "sometimes"
                | "just"
                | "really"
                | "so"
                | "all"
        )
    });
    subject.is_some_and(|j| {
        let w = tokens[j].lower.as_str();
        in_internal_list("person_words", w) && !(word == "mad" && first_person(w))
    })
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
            "Some say people with BPD are not bad, only a little bit mad.",
            "My family thinks I'm mental for needing therapy.",
            "A forum said that teens with this diagnosis are toxic.",
            "Some kids say people with BPD just want attention.",
            "BPDs are hard to live with.",
            "He called himself a self-confessed borderline on the show.",
            "She calls her daughter a total BPD.",
            "Toxic people with this diagnosis should be avoided.",
            "Doctors find difficult BPD patients hard to help.",
            "They are difficult people.",
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
            "People with BPD are not mad, and they are not bad.",
            "Community mental health teams can help.",
            "My daughter was mad at me for a week.",
            "Long-term stress is toxic to the body.",
            "Toxic stress in childhood is one risk.",
            "My BPD is easier to live with now.",
            "People with BPD are not lazy or selfish.",
            "I'm finding the wait difficult.",
            "For many people, life with BPD is difficult at times.",
            "She was given a BPD and ADHD diagnosis.",
            "I was so mad.",
            "These feelings are strong. They are difficult to manage.",
            "People with BPD may find relationships difficult.",
            "She got a BPD diagnosis at 19.",
            "Her borderline personality disorder was diagnosed late.",
        ] {
            assert!(fired(s, &[], check).is_empty(), "{s}");
        }
    }
}
