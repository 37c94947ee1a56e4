//! `uncited-claim`: a factual sentence with no claim marker.

use super::{Hit, Role, SentenceCtx};
use crate::lexicon::{in_internal_list, internal_list};
use crate::text::{PhraseList, Token};
use std::sync::OnceLock;

crate::declare_rule! {
    /// A declarative sentence that states a fact about health, the mind, the brain or body,
    /// BPD, treatments, research findings or figures must cite a claim. A heading can be such
    /// a sentence. Not claims: questions; advice or instructions to the reader that name no
    /// specific treatment ("Talk to your doctor…"); sentences about the page or site ("This
    /// page explains…"); and supportive sentences with no factual content ("You are not alone.").
    ///
    /// Bad: `People with BPD have low levels of the bonding hormone oxytocin.`
    ///
    /// Good: `Studies disagree about oxytocin levels in BPD.{{ claim(id="oxytocin-levels-conflicting") }}`
    UNCITED_CLAIM, id: "uncited-claim", category: Unsupported, severity: Error
}

crate::sentence_rule!(Rule, UNCITED_CLAIM, [(Body, Nothing), (Glossary, Nothing)]);

/// The site's subject matter: a sentence about it, with no marker, is a fact to cite.
fn topic() -> &'static PhraseList {
    static LIST: OnceLock<PhraseList> = OnceLock::new();
    LIST.get_or_init(|| PhraseList::new(internal_list("fact_topics")))
}

fn openings() -> &'static PhraseList {
    static LIST: OnceLock<PhraseList> = OnceLock::new();
    LIST.get_or_init(|| PhraseList::new(internal_list("not_claim_openings")))
}

fn is_question(ctx: &SentenceCtx) -> bool {
    ctx.text.trim_end().ends_with('?')
}

/// "Some patients ask about genetic testing.", "You may have read about cortisol.": a short
/// sentence that names what people ask or read about, leading in to the answer, which
/// carries the claim. Not one that reports what was read ("I read that…"), gives a figure,
/// or says more after the topic ("heard about lithium curing BPD").
fn names_what_people_ask_about(ctx: &SentenceCtx) -> bool {
    const MAX_WORDS: usize = 10;
    const MAX_TOPIC_WORDS: usize = 4;
    let tokens = &ctx.tokens;
    let Some(about) = tokens
        .windows(2)
        .position(|w| in_internal_list("asking_verbs", &w[0].lower) && w[1].lower == "about")
    else {
        return false;
    };
    tokens.len() <= MAX_WORDS
        && tokens.len() - (about + 2) <= MAX_TOPIC_WORDS
        && !tokens.iter().any(|t| t.lower == "that")
        && !says_more_than_a_topic(ctx)
}

/// A figure, or wording that states how sure, how strong or how lasting something is, or
/// which way it goes: what a lead-in or a named topic does not have.
fn says_more_than_a_topic(ctx: &SentenceCtx) -> bool {
    let lex = ctx.lex;
    // Any figure, in digits or words ("within ten years"), but for a count of the kinds a
    // list holds ("Two kinds of therapy:").
    super::figures::extract(&ctx.tokens, ctx.text)
        .iter()
        .any(|f| !super::figures::counts_kinds(&ctx.tokens, f))
        || [
            &lex.causal,
            &lex.boosters,
            &lex.cure,
            &lex.universal,
            &lex.up,
            &lex.down,
        ]
        .iter()
        .any(|list| list.any_in(&ctx.tokens))
}

fn is_reader_instruction(tokens: &[Token]) -> bool {
    let Some(first) = tokens.first() else {
        return false;
    };
    // "Please talk…", "Do not stop…", "Don't wait…"
    in_internal_list("reader_verbs", &first.lower)
        && !matches!(
            tokens.get(1).map(|t| t.lower.as_str()),
            Some("is" | "are" | "was" | "were" | "has" | "have" | "can" | "may" | "s")
        )
}

/// "We" sentences describe the site's own work ("We wrote…", "We give every claim…"),
/// except statements of knowledge ("We do not know whether…", "We now know…").
fn is_we_about_our_work(tokens: &[Token]) -> bool {
    tokens.first().is_some_and(|t| t.lower == "we")
        && !tokens.get(1).is_some_and(|t| {
            matches!(
                t.lower.as_str(),
                "know" | "now" | "still" | "do" | "don't" | "cannot" | "can't" | "are" | "all"
            )
        })
}

fn is_about_page_or_reader(tokens: &[Token]) -> bool {
    static SITE: OnceLock<PhraseList> = OnceLock::new();
    openings()
        .phrases
        .iter()
        .any(|p| p.find_all(tokens).iter().any(|r| r.start == 0))
        || is_we_about_our_work(tokens)
        || SITE
            .get_or_init(|| PhraseList::new(internal_list("about_site")))
            .any_in(tokens)
}

/// Skips a short label before a colon ("Tip: you can ask…", "Question for the group: …"),
/// so the words after it decide what the sentence is.
fn after_label<'t>(tokens: &'t [Token], text: &str) -> &'t [Token] {
    &tokens[super::label_end(tokens, text).unwrap_or(0)..]
}

/// A first-person account ("i was diagnosed at 19", "mine was eight months") reports what
/// someone lived through, not a claim about BPD. One that reports what was read or said
/// ("I read that…", "my doctor said…") carries a fact, and so does one with a share of
/// people ("75%", "1 in 10").
fn is_personal_account(tokens: &[Token], ctx: &SentenceCtx) -> bool {
    static REPORTING: OnceLock<PhraseList> = OnceLock::new();
    // Opened in the first person ("my DBT waitlist…", "our daughter…"), or told in the
    // first person singular anywhere ("the gene stuff blew my mind", "did dbt for a year
    // and it was hard work for me").
    let opens_first_person = tokens
        .first()
        .is_some_and(|t| in_internal_list("first_person", &t.lower));
    let speaks_as_i = tokens.iter().any(|t| {
        matches!(
            t.lower.as_str(),
            "i" | "i'm" | "im" | "i've" | "ive" | "i'd" | "me" | "my" | "mine" | "myself"
        )
    });
    if !opens_first_person && !speaks_as_i {
        return false;
    }
    let reports = REPORTING
        .get_or_init(|| PhraseList::new(internal_list("reporting_verbs")))
        .any_in(&ctx.tokens);
    let is_count = |t: &Token| t.is_number() || crate::lexicon::number_words().contains(&t.lower);
    let has_share = ctx.text.contains('%')
        || ctx.tokens.windows(2).any(|w| {
            matches!(
                (w[0].lower.as_str(), w[1].lower.as_str()),
                ("in", "every") | ("out", "of") | ("per", _)
            )
        })
        // "1 in 10 of us", "one in five people".
        || ctx
            .tokens
            .windows(3)
            .any(|w| is_count(&w[0]) && w[1].lower == "in" && is_count(&w[2]));
    !reports && !has_share
}

/// Skips a leading condition ("If you are in danger, …", "When you feel ready, …") so the
/// main clause decides whether the sentence is an instruction.
fn main_clause(tokens: &[Token]) -> &[Token] {
    let opens_condition = tokens.first().is_some_and(|t| {
        matches!(
            t.lower.as_str(),
            "if" | "when" | "whenever" | "while" | "until"
        )
    });
    if !opens_condition {
        return tokens;
    }
    match tokens.iter().skip(1).position(|t| t.clause_start) {
        Some(p) => &tokens[p + 1..],
        None => tokens,
    }
}

/// Headings are statements only when they have a verb and are not phrased as questions.
fn heading_is_label(tokens: &[Token]) -> bool {
    // "Why BPD is more common in women" presupposes a fact; "Why is BPD…" asks.
    let presupposes = tokens.first().is_some_and(|t| t.lower == "why")
        && tokens
            .get(1)
            .is_some_and(|t| !in_internal_list("question_words", &t.lower));
    let starts_like_question = !presupposes
        && tokens.first().is_some_and(|t| {
            in_internal_list("question_words", &t.lower) || t.lower.ends_with("ing")
        });
    // Verbs inside an embedded question ("Medicines: what they can do") or an opening
    // imperative ("Get help now") do not make the heading a statement.
    let has_verb = tokens
        .iter()
        .skip(1)
        .take_while(|t| !in_internal_list("wh_words", &t.lower))
        .any(|t| {
            in_internal_list("heading_verbs", &t.lower)
                || t.lower.ends_with("'s") && t.lower != "bpd's"
        });
    starts_like_question || !has_verb
}

/// True when a sentence states something that needs a source.
pub fn is_factual(ctx: &SentenceCtx) -> bool {
    if !matches!(ctx.role, Role::Body { .. } | Role::Glossary) || ctx.tokens.is_empty() {
        return false;
    }
    if ctx.role == Role::Glossary {
        return true;
    }
    // The whole sentence, and the words after a label ("Tip: you can ask…"); either may
    // show that it is advice, about the site, or someone's own story.
    let not_a_claim = |tokens: &[Token]| {
        let main = main_clause(tokens);
        is_reader_instruction(main)
            || is_about_page_or_reader(main)
            || is_personal_account(main, ctx)
    };
    if is_question(ctx)
        || names_what_people_ask_about(ctx)
        || super::figures::has_phone(&ctx.tokens)
        || not_a_claim(&ctx.tokens)
        || not_a_claim(after_label(&ctx.tokens, ctx.text))
    {
        return false;
    }
    if matches!(ctx.role, Role::Body { heading: true }) && heading_is_label(&ctx.tokens) {
        return false;
    }
    // A figure written in digits is a statistic (see below), wherever it stands.
    let has_figure = super::figures::extract(&ctx.tokens, ctx.text)
        .iter()
        .any(|f| ctx.tokens[f.tokens.clone()].iter().any(|t| t.is_number()));
    // A short lead-in that ends with a colon ("Two kinds of therapy:", "what the research
    // says, in my own words:") introduces the list, table or quote after it, which carries
    // the claims and their markers. One that gives a figure or says how sure, strong or
    // lasting something is ("Brain scans prove that BPD is caused by trauma:") is a claim.
    const MAX_LEAD_IN_WORDS: usize = 10;
    let lead_in = ctx.text.trim_end().ends_with(':')
        && ctx.tokens.len() <= MAX_LEAD_IN_WORDS
        && !says_more_than_a_topic(ctx);
    if lead_in {
        return false;
    }
    // A figure written in digits is a statistic; number words alone ("when she was
    // nineteen") are usually story, and count only with a health topic.
    has_figure || topic().any_in(&ctx.tokens)
}

pub fn check(ctx: &SentenceCtx) -> Vec<Hit> {
    if !ctx.marker_ids.is_empty() || !is_factual(ctx) {
        return Vec::new();
    }
    let what = if ctx.role == Role::Glossary {
        "glossary definition cites no claim"
    } else if matches!(ctx.role, Role::Body { heading: true }) {
        "heading or table cell states a fact but cites no claim"
    } else {
        "sentence states a fact but cites no claim"
    };
    vec![Hit::new(&UNCITED_CLAIM, ctx.whole(), what).suggest(
        "add a marker such as {{ claim(id=\"…\") }} after the full stop, with the id of the approved claim that supports it; or rephrase as a question or cut it",
    )]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::*;
    use crate::rules::SentenceCtx;

    fn heading(text: &str) -> Vec<&'static str> {
        let ctx = SentenceCtx::new(text, Role::Body { heading: true }, vec![], |_| None, lex());
        check(&ctx).into_iter().map(|h| h.rule.id).collect()
    }

    #[test]
    fn uncited_facts_fire() {
        for s in [
            "About 1 to 3 in every 100 people have BPD at some point in their lives.",
            "BPD affects how you feel about yourself and how you relate to other people.",
            "Lithium is the best medicine for mood swings in BPD.",
            "Symptoms usually fade with age.",
            "This is why people with BPD find it hard to control their anger.",
            "If you have BPD, your amygdala may react more strongly.",
            "We do not know whether oxytocin helps people with BPD.",
            // A share of people inside someone's own words is still a statistic.
            "Around one in ten of us with BPD will self-harm at some point, which scares me.",
            // A colon with a figure, or a cause, before it still states one.
            "BPD affects 1 to 3 in every 100 people:",
            "Nine in ten people with BPD improve:",
            "Brain scans prove that BPD is caused by trauma:",
            "Most people with BPD recover within ten years:",
            "Most people have heard about lithium curing BPD.",
            "In one survey, 80% of patients asked about DBT.",
        ] {
            assert_eq!(fired(s, &[], check), ["uncited-claim"], "{s}");
        }
    }

    #[test]
    fn own_stories_and_labelled_advice_are_not_claims_but_reported_facts_are() {
        for s in [
            "i was diagnosed at 19, after my second admission.",
            "My DBT waiting list was eight months long.",
            "Tip: you can ask your care team which therapies they offer.",
            "This piece was checked by a psychiatrist and by two people with BPD.",
            "Samaritans: 116 123 (free, 24 hours)",
            "In an emergency in Europe: 112",
        ] {
            assert!(fired(s, &[], check).is_empty(), "{s}");
        }
        for s in [
            "I read that 75% of people with BPD get better.",
            "My doctor said BPD is caused by trauma.",
            "Update: studies show that BPD is caused by trauma.",
        ] {
            assert_eq!(fired(s, &[], check), ["uncited-claim"], "{s}");
        }
    }

    #[test]
    fn non_claims_pass() {
        for s in [
            "You are not alone.",
            "Therapies that can help:",
            "Two kinds of talking therapy:",
            "Many parents ask about genetic tests for BPD.",
            "You may have read about oxytocin in the news.",
            "What the research says about the brain, in short:",
            "If you are in danger right now, call your local emergency number.",
            "Talk to your doctor or therapist about which kind of support might suit you.",
            "When you feel ready, you can ask your care team about therapy.",
            "This page explains what scientists have learned about the brain in BPD.",
            "What does the amygdala do?",
            "Here is what the research says.",
            "Help is available, and you deserve support.",
            "In the US, you can call or text 988 at any time.",
            "It is okay to ask for help more than once.",
            "We wrote this page with people who have lived experience.",
            "If a fact is not in these two reviews, it is not on this site.",
            "We give every claim one of four labels.",
            "Your own health matters too.",
            "Your care team may offer other therapies.",
            "This leaflet was written by our team with patients who have lived experience of BPD.",
            "Amira's brother took his own life when she was nineteen.",
            "In the next section, we look at what brain scans can and can't tell us.",
            "Feeling like this is rubbish, but you don't have to deal with it on your own.",
        ] {
            assert!(fired(s, &[], check).is_empty(), "{s}");
        }
    }

    #[test]
    fn headings_that_state_facts_fire() {
        assert_eq!(heading("Oxytocin cures BPD"), ["uncited-claim"]);
        assert!(heading("What helps").is_empty());
        assert!(heading("Stress hormones, serotonin and oxytocin").is_empty());
        assert!(heading("Why is BPD not a character flaw?").is_empty());
        assert_eq!(heading("Genes play a part"), ["uncited-claim"]);
        assert_eq!(heading("The amygdala overreacts in BPD"), ["uncited-claim"]);
        assert_eq!(
            heading("Why BPD is more common in women"),
            ["uncited-claim"]
        );
        assert_eq!(
            heading("Most people recover within ten years"),
            ["uncited-claim"]
        );
        assert!(heading("Getting help for BPD").is_empty());
        assert!(heading("Medicines: what they can and cannot do").is_empty());
    }

    #[test]
    fn a_cited_sentence_is_not_uncited() {
        let c = claim(
            "c",
            "A fact about BPD.",
            crate::claims::Certainty::High,
            crate::claims::ClaimKind::Fact,
        );
        assert!(fired("A fact about BPD.", &[&c], check).is_empty());
    }
}
