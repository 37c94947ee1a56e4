//! `uncited-claim`: a factual sentence with no claim marker.

use super::{Hit, Role, SentenceCtx};
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

/// Words that make a sentence about health, the mind, the body, BPD, treatment or research.
const TOPIC: &[&str] = &[
    "bpd",
    "borderline",
    "personality",
    "disorder*",
    "condition",
    "conditions",
    "diagnos*",
    "symptom*",
    "illness*",
    "mental health",
    "brain*",
    "amygdala*",
    "hippocamp*",
    "insula",
    "cortex",
    "prefrontal",
    "network*",
    "neuro*",
    "hormone*",
    "cortisol",
    "oxytocin",
    "serotonin",
    "dopamine",
    "opioid*",
    "chemical*",
    "gene",
    "genes",
    "genetic*",
    "dna",
    "epigenetic*",
    "inherit*",
    "heritab*",
    "twin*",
    "trauma*",
    "abuse*",
    "neglect*",
    "maltreat*",
    "childhood",
    "emotion*",
    "feelings",
    "mood*",
    "anger",
    "angry",
    "impuls*",
    "self harm",
    "self injury",
    "suicid*",
    "dissociat*",
    "therap*",
    "treatment*",
    "treat",
    "treats",
    "treated",
    "dbt",
    "mbt",
    "psychotherap*",
    "medicine*",
    "medication*",
    "drug*",
    "antidepressant*",
    "antipsychotic*",
    "ssri*",
    "lithium",
    "dose*",
    "supplement*",
    "study",
    "studies",
    "research*",
    "scientist*",
    "evidence",
    "scan*",
    "mri",
    "fmri",
    "percent",
    "risk*",
    "recover*",
    "relapse*",
    "abandon*",
    "rejection",
    "stress*",
    "body",
    "bodies",
    "heart",
    "sleep",
    "nervous system",
    "patients",
    "psychiatr*",
    "hospital*",
    "stigma",
    "behavior*",
    "behaviour*",
    "fear of",
    "self image",
    "identity",
    "relationships",
    "develop",
    "develops",
    "developing",
    "cause*",
    "caused",
    "cure*",
    "heal",
    "heals",
    "healed",
    "healing",
    "women",
    "men",
    "girls",
    "boys",
    "adults",
    "teenagers",
    "young people",
    "age",
    "aging",
    "ageing",
    "rtms",
    "stimulation",
    "placebo",
    "trial*",
    "receptor*",
    "alarm system",
    "programme*",
    "program",
    "programs",
    "session*",
    "clinic*",
    "side effect*",
    "wellbeing",
    "well being",
    "improve*",
    "get better",
    "gets better",
    "fade*",
    "outcome*",
];

/// Verbs that open an instruction or invitation to the reader.
const READER_VERBS: &[&str] = &[
    "talk",
    "call",
    "text",
    "ask",
    "tell",
    "read",
    "remember",
    "try",
    "get",
    "reach",
    "contact",
    "seek",
    "find",
    "look",
    "keep",
    "let",
    "see",
    "speak",
    "go",
    "use",
    "write",
    "share",
    "bring",
    "give",
    "visit",
    "check",
    "print",
    "follow",
    "learn",
    "choose",
    "stay",
    "breathe",
    "be",
    "do",
    "don't",
    "please",
    "consider",
    "join",
    "book",
    "phone",
    "dial",
    "make",
    "take",
    "note",
    "click",
    "tap",
    "save",
    "come",
    "say",
    "listen",
    "notice",
    "plan",
    "think",
    "start",
    "put",
    "allow",
    "offer",
    "encourage",
    "help",
    "support",
    "stay",
    "know",
];

/// Openings that talk about the page, the site or the reader's options.
const NOT_CLAIM_OPENINGS: &[&str] = &[
    "this page",
    "these pages",
    "this section",
    "this site",
    "this website",
    "this guide",
    "in this section",
    "on this page",
    "on these pages",
    "here is",
    "here's",
    "here are",
    "below",
    "the next section",
    "the sections below",
    "read on",
    "see also",
    "you can",
    "you could",
    "you may want",
    "you might want",
    "you might like",
    "you may like",
    "you are welcome",
    "you are not alone",
    "you're not alone",
    "you deserve",
    "you are not to blame",
    "it is okay",
    "it's okay",
    "it is ok",
    "it's ok",
    "it is fine",
    "it's fine",
    "it is alright",
    "it's alright",
    "family members can",
    "friends can",
    "carers can",
    "we wrote",
    "we write",
    "we checked",
    "we check",
    "we update",
    "each claim",
    "every claim",
    "each page",
    "every page",
    "the site",
    "our team",
    "our editors",
    "our pages",
    "our site",
    "our process",
    "our sources",
    "right now",
    "in an emergency",
    "thank you",
    "welcome",
    "your care team",
    "your doctor",
    "your gp",
    "your nurse",
    "your therapist",
    "your clinic",
    "your psychiatrist",
    "your local",
    "the clinic",
    "care teams can",
    "services can",
];

/// Words after "we" that make the sentence about the site's own work.
fn topic() -> &'static PhraseList {
    static LIST: OnceLock<PhraseList> = OnceLock::new();
    LIST.get_or_init(|| PhraseList::new(TOPIC))
}

fn openings() -> &'static PhraseList {
    static LIST: OnceLock<PhraseList> = OnceLock::new();
    LIST.get_or_init(|| PhraseList::new(NOT_CLAIM_OPENINGS))
}

/// Verbs that make a heading a statement rather than a label or a question.
const HEADING_VERBS: &[&str] = &[
    "is",
    "are",
    "was",
    "were",
    "has",
    "have",
    "had",
    "can",
    "cannot",
    "will",
    "does",
    "do",
    "may",
    "might",
    "must",
    "cause",
    "causes",
    "cure",
    "cures",
    "lead",
    "leads",
    "make",
    "makes",
    "helps",
    "work",
    "works",
    "change",
    "changes",
    "show",
    "shows",
    "prove",
    "proves",
    "mean",
    "means",
    "affect",
    "affects",
    "run",
    "runs",
    "come",
    "comes",
    "heal",
    "heals",
    "fix",
    "fixes",
    "treat",
    "treats",
    "reduce",
    "reduces",
    "increase",
    "increases",
    "damage",
    "damages",
    "lower",
    "lowers",
    "raise",
    "raises",
    "explain",
    "explains",
    "trigger",
    "triggers",
    "play",
    "plays",
    "differ",
    "differs",
    "happen",
    "happens",
    "develop",
    "develops",
    "start",
    "starts",
    "begin",
    "begins",
    "grow",
    "grows",
    "get",
    "gets",
    "become",
    "becomes",
    "feel",
    "feels",
    "need",
    "needs",
    "take",
    "takes",
    "go",
    "goes",
    "seem",
    "seems",
    "appear",
    "appears",
    "stay",
    "stays",
    "last",
    "lasts",
    "fade",
    "fades",
    "improve",
    "improves",
    "fall",
    "falls",
    "rise",
    "rises",
    "drop",
    "drops",
    "react",
    "reacts",
    "respond",
    "responds",
    "shape",
    "shapes",
    "link",
    "links",
    "tend",
    "tends",
    "vary",
    "varies",
    "depend",
    "depends",
    "involve",
    "involves",
    "include",
    "includes",
    "keep",
    "keeps",
    "stop",
    "stops",
    "end",
    "ends",
    "protect",
    "protects",
    "harm",
    "harms",
    "hurt",
    "hurts",
    "calm",
    "calms",
    "boost",
    "boosts",
    "blocks",
    "block",
    "shrink",
    "shrinks",
    "rewire",
    "rewires",
    "recover",
    "recovers",
    "persist",
    "persists",
    "worsen",
    "worsens",
    "ease",
    "eases",
    "settle",
    "settles",
    "occur",
    "occurs",
    "exist",
    "exists",
    "predict",
    "predicts",
    "run",
    "runs",
    "overreacts",
    "overreact",
    "underreacts",
    "fires",
    "differs",
    "lights",
    "drives",
    "fuels",
    "sparks",
    "underlies",
    "shows",
    "predicts",
    "reduces",
    "worsens",
    "weakens",
    "strengthens",
    "controls",
];

const QUESTION_WORDS: &[&str] = &[
    "what", "why", "how", "when", "where", "who", "which", "whose", "can", "could", "does", "do",
    "is", "are", "should", "will", "would",
];

fn is_question(ctx: &SentenceCtx) -> bool {
    ctx.text.trim_end().ends_with('?')
}

fn is_reader_instruction(tokens: &[Token]) -> bool {
    let Some(first) = tokens.first() else {
        return false;
    };
    // "Please talk…", "Do not stop…", "Don't wait…"
    READER_VERBS.contains(&first.lower.as_str())
        && !matches!(
            tokens.get(1).map(|t| t.lower.as_str()),
            Some("is" | "are" | "was" | "were" | "has" | "have" | "can" | "may" | "s")
        )
}

/// Phrases that make a sentence about the site wherever they stand ("…, it is not on this site").
const ABOUT_SITE: &[&str] = &[
    "this page",
    "these pages",
    "this site",
    "this website",
    "this section",
    "the page",
    "each page",
    "every page",
    "our site",
    "our pages",
    "this guide",
    "next section",
    "the sections below",
    "later on this page",
    "further down",
    "this leaflet",
    "this booklet",
    "this article",
    "this handout",
    "this factsheet",
    "this fact sheet",
    "this resource",
    "this blog",
    "this post",
    "this website",
];

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
            .get_or_init(|| PhraseList::new(ABOUT_SITE))
            .any_in(tokens)
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
            .is_some_and(|t| !QUESTION_WORDS.contains(&t.lower.as_str()));
    let starts_like_question = !presupposes
        && tokens.first().is_some_and(|t| {
            QUESTION_WORDS.contains(&t.lower.as_str()) || t.lower.ends_with("ing")
        });
    // Verbs inside an embedded question ("Medicines: what they can do") or an opening
    // imperative ("Get help now") do not make the heading a statement.
    let has_verb = tokens
        .iter()
        .skip(1)
        .take_while(|t| !QUESTION_WORDS[..7].contains(&t.lower.as_str()))
        .any(|t| {
            HEADING_VERBS.contains(&t.lower.as_str())
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
    let main = main_clause(&ctx.tokens);
    if is_question(ctx) || is_reader_instruction(main) || is_about_page_or_reader(main) {
        return false;
    }
    if matches!(ctx.role, Role::Body { heading: true }) && heading_is_label(&ctx.tokens) {
        return false;
    }
    // A figure written in digits is a statistic; number words alone ("when she was
    // nineteen") are usually story, and count only with a health topic.
    let has_figure = super::figures::extract(&ctx.tokens, ctx.text)
        .iter()
        .any(|f| ctx.tokens[f.tokens.clone()].iter().any(|t| t.is_number()));
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
        ] {
            assert_eq!(fired(s, &[], check), ["uncited-claim"], "{s}");
        }
    }

    #[test]
    fn non_claims_pass() {
        for s in [
            "You are not alone.",
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
