//! Tests of the claim rules on small claims files and a short source text.

use super::{check_claim_rules, ClaimCtx};
use crate::claims::ClaimsFile;
use crate::config::LintConfig;
use crate::evidence::{SourceText, SourceTexts};
use std::path::Path;

/// A few sentences in the style of the reviews, with references.
const SOURCE: &str = "Results\n\nStructural findings\n\nThe most replicated findings are bilateral volume reductions in the amygdala and hippocampus, with small-to-medium effect sizes.[12,13] These reductions are positively correlated with the severity of childhood trauma, particularly emotional abuse.[14] The anterior cingulate cortex also shows significant volume loss.[16]\n\nOne pilot study found that intranasal oxytocin reduced anger in 12 patients.[30] Dysfunction of this system may contribute to affective instability.\n\nA meta-analysis of 20 trials found that the therapy reduced self-harm.[40]\n\nBPD is defined as a pattern of unstable relationships, self-image and emotions.\n\nAfter the therapy, scans show increased activation in the ACC during emotion tasks, alongside reduced amygdala reactivity.[49,50]\n";

/// What the claim rules find on the first claim of a claims file, with `source` as the
/// local text of the source `rev` (none: no local text at all).
fn findings(yaml: &str, source: Option<&str>, config: &LintConfig) -> Vec<super::ClaimHit> {
    let claims = ClaimsFile::parse(Path::new("claims.yaml"), yaml)
        .unwrap_or_else(|e| panic!("{e:?}\n{yaml}"));
    let mut texts = SourceTexts::default();
    if let Some(source) = source {
        texts.insert("rev", SourceText::new(source));
    }
    let ctx = ClaimCtx {
        claim: &claims.claims[0],
        claims: &claims,
        texts: &texts,
        config,
        lex: &config.words,
    };
    check_claim_rules(&ctx, &|_| true)
}

/// A claims file with the sources `rev` and `other` and one claim (YAML of its fields,
/// indented by four spaces).
fn claims_yaml(claim: &str) -> String {
    format!(
        "sources:\n  rev:\n    citation: \"A review.\"\n    type: review\n  other:\n    citation: \"Another review.\"\n    type: review\nclaims:\n  - id: c\n{claim}    reviewed: 2026-11-01\n"
    )
}

/// The rule ids hit for one claim, against a source text, once each.
fn hits_against(claim: &str, source: &str, config: &LintConfig) -> Vec<&'static str> {
    let mut ids: Vec<&str> = findings(&claims_yaml(claim), Some(source), config)
        .into_iter()
        .map(|h| h.rule.id)
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

/// The rule ids hit for one claim, against [`SOURCE`].
fn hits_with(claim: &str, config: &LintConfig) -> Vec<&'static str> {
    hits_against(claim, SOURCE, config)
}

fn hits(claim: &str) -> Vec<&'static str> {
    hits_with(claim, &LintConfig::default())
}

fn claim(statement: &str, certainty: &str, kind: &str, basis: &str, quote: &str) -> String {
    format!(
        "    statement: \"{statement}\"\n    certainty: {certainty}\n    kind: {kind}\n    basis: {basis}\n    sources:\n      - source: rev\n        locator: \"Results\"\n        quote: \"{quote}\"\n"
    )
}

const VOLUME: &str = "The most replicated findings are bilateral volume reductions in the amygdala and hippocampus, with small-to-medium effect sizes.[12,13]";

#[test]
fn a_sound_claim_has_no_findings() {
    let c = claim(
        "Research suggests that the amygdala and hippocampus are slightly smaller in people with BPD.",
        "moderate",
        "association",
        "several-studies",
        VOLUME,
    );
    assert_eq!(hits(&c), Vec::<&str>::new());
}

#[test]
fn a_quote_that_is_not_in_the_source_is_an_error() {
    let c = claim(
        "Research suggests that the amygdala is smaller in people with BPD.",
        "moderate",
        "association",
        "several-studies",
        "The most replicated findings are large volume reductions in the amygdala.[12,13]",
    );
    assert!(hits(&c).contains(&"quote-not-found"));
}

#[test]
fn an_unknown_locator_is_a_warning() {
    let c = claim("Research suggests that the amygdala and hippocampus are slightly smaller in people with BPD.", "moderate", "association", "several-studies", VOLUME)
        .replace("\"Results\"", "\"Brain structure\"");
    assert_eq!(hits(&c), ["locator-not-found"]);
}

#[test]
fn a_note_or_a_source_without_text_is_unverifiable() {
    let c = claim("Research suggests that the amygdala and hippocampus are slightly smaller in people with BPD.", "moderate", "association", "several-studies", VOLUME)
        .replace("source: rev", "source: other");
    assert_eq!(hits(&c), ["quote-unverifiable"]);
    let note = "    statement: \"Research suggests x.\"\n    certainty: moderate\n    kind: fact\n    basis: several-studies\n    sources:\n      - source: other\n        locator: \"Results\"\n        note: \"Two cohorts [1, 2] found x.\"\n";
    assert!(hits(note).contains(&"quote-unverifiable"));
}

#[test]
fn missing_evidence_warns_until_quotes_are_required() {
    let bare = "    statement: \"BPD is a condition.\"\n    certainty: high\n    kind: definition\n    sources:\n      - { source: rev, locator: \"Results\" }\n";
    assert_eq!(hits(bare), ["evidence-missing"]);
    let lenient = LintConfig::default();
    let ctx_hits = hits_with(bare, &lenient);
    assert_eq!(ctx_hits, ["evidence-missing"]);
    let strict = LintConfig {
        require_quotes: true,
        ..LintConfig::default()
    };
    assert_eq!(hits_with(bare, &strict), ["evidence-missing"]);
}

#[test]
fn certainty_above_the_basis_is_an_error() {
    let one = claim(
        "Research suggests that the anterior cingulate cortex is smaller in people with BPD.",
        "moderate",
        "association",
        "one-study",
        "The anterior cingulate cortex also shows significant volume loss.[16]",
    );
    assert_eq!(hits(&one), ["certainty-above-basis"]);
    let low = one
        .replace("moderate", "low")
        .replace("Research suggests that the", "The")
        .replace("is smaller", "may be smaller");
    assert_eq!(hits(&low), Vec::<&str>::new());
}

#[test]
fn a_pilot_study_allows_only_very_low_and_a_hedged_quote_only_low() {
    let pilot = claim(
        "In one small early study, oxytocin may have reduced anger.",
        "low",
        "effect",
        "one-study",
        "One pilot study found that intranasal oxytocin reduced anger in 12 patients.[30]",
    );
    assert!(hits(&pilot).contains(&"certainty-above-basis"));
    let hedged = claim(
        "Research suggests that problems in this system contribute to mood swings.",
        "moderate",
        "association",
        "several-studies",
        "The most replicated findings are bilateral volume reductions … Dysfunction of this system may contribute to affective instability.",
    );
    assert!(hits(&hedged).contains(&"certainty-above-basis"));
}

#[test]
fn a_guidelines_may_be_offered_is_a_recommendation_not_a_hedge() {
    let yaml = "sources:\n  g:\n    citation: \"A guideline.\"\n    type: guideline\nclaims:\n  - id: c\n    statement: \"A guideline recommends that women with BPD who often self-harm be offered DBT.\"\n    certainty: high\n    kind: advice\n    basis: guideline\n    sources:\n      - source: g\n        locator: \"1.3\"\n        note: \"Women with BPD who often self-harm may be offered DBT.\"\n    reviewed: 2026-11-01\n";
    let ids: Vec<&str> = findings(yaml, None, &LintConfig::default())
        .iter()
        .map(|h| h.rule.id)
        .collect();
    assert!(!ids.contains(&"certainty-above-basis"), "{ids:?}");
}

#[test]
fn a_clinicians_rationale_turns_the_error_into_a_listed_override() {
    let c = claim(
        "Research suggests that the anterior cingulate cortex is smaller in people with BPD.",
        "moderate",
        "association",
        "one-study",
        "The anterior cingulate cortex also shows significant volume loss.[16]",
    ) + "    certainty_rationale: \"Replicated in later studies we have read.\"\n    rationale_by: \"Dr A. Example, psychiatrist\"\n";
    let found = findings(&claims_yaml(&c), Some(SOURCE), &LintConfig::default());
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity, Some(crate::report::Severity::Info));
}

#[test]
fn the_basis_must_show_in_the_quote() {
    let c = claim(
        "Research suggests that the anterior cingulate cortex is smaller in people with BPD.",
        "moderate",
        "association",
        "several-studies",
        "The anterior cingulate cortex also shows significant volume loss.[16]",
    );
    assert!(hits(&c).contains(&"basis-unshown"));
    let meta = claim(
        "The amygdala and hippocampus are slightly smaller in people with BPD.",
        "high",
        "association",
        "meta-analysis",
        VOLUME,
    );
    assert!(hits(&meta).contains(&"basis-unshown"));
    let named = claim(
        "A meta-analysis found that the therapy reduced self-harm.",
        "high",
        "effect",
        "meta-analysis",
        "A meta-analysis of 20 trials found that the therapy reduced self-harm.[40]",
    );
    assert_eq!(hits(&named), Vec::<&str>::new());
}

#[test]
fn kind_must_match_basis_and_quote() {
    let model = claim(
        "Problems in this system may contribute to mood swings.",
        "low",
        "association",
        "model",
        "Dysfunction of this system may contribute to affective instability.",
    );
    assert!(hits(&model).contains(&"kind-basis-mismatch"));
    let causal = claim(
        "Research suggests that smaller brain areas are linked to childhood trauma.",
        "low",
        "causal",
        "one-study",
        "These reductions are positively correlated with the severity of childhood trauma, particularly emotional abuse.[14]",
    );
    assert!(hits(&causal).contains(&"kind-basis-mismatch"));
}

#[test]
fn the_statement_may_say_no_more_than_its_quote() {
    let caused = claim(
        "Some studies suggest that childhood trauma may cause smaller brain areas.",
        "low",
        "association",
        "one-study",
        "These reductions are positively correlated with the severity of childhood trauma, particularly emotional abuse.[14]",
    );
    assert!(
        hits(&caused).contains(&"causal-language"),
        "{:?}",
        hits(&caused)
    );
    let figure = claim(
        "A meta-analysis of 30 trials found that the therapy reduced self-harm.",
        "high",
        "effect",
        "meta-analysis",
        "A meta-analysis of 20 trials found that the therapy reduced self-harm.[40]",
    );
    assert!(
        hits(&figure).contains(&"changed-figure"),
        "{:?}",
        hits(&figure)
    );
    let reversed = claim(
        "Research suggests that the amygdala and hippocampus are slightly larger in people with BPD.",
        "moderate",
        "association",
        "several-studies",
        VOLUME,
    );
    assert!(
        hits(&reversed).contains(&"reversed-direction"),
        "{:?}",
        hits(&reversed)
    );
}

/// A claim with everyday words for it in `terms`.
fn with_terms(claim: String, terms: &str) -> String {
    format!("{claim}    terms: [{terms}]\n")
}

#[test]
fn a_quote_from_another_passage_is_found_even_when_terms_cover_the_statement() {
    // The statement is the pilot study's finding; the quote is real but about brain volume.
    // The terms cover every word of the statement, so only the passage itself can show it.
    let wrong = with_terms(
        claim(
            "In one pilot study, intranasal oxytocin reduced anger in people with BPD.",
            "very-low",
            "association",
            "one-study",
            VOLUME,
        ),
        "oxytocin, nasal spray, intranasal, anger, pilot study, reduced",
    );
    assert!(
        hits(&wrong).contains(&"claim-mismatch"),
        "{:?}",
        hits(&wrong)
    );
    let right = with_terms(
        claim(
            "In one pilot study, intranasal oxytocin reduced anger in people with BPD.",
            "very-low",
            "effect",
            "one-study",
            "One pilot study found that intranasal oxytocin reduced anger in 12 patients.[30]",
        ),
        "oxytocin, nasal spray, anger",
    );
    assert_eq!(hits(&right), Vec::<&str>::new());
}

#[test]
fn the_sentences_around_a_quote_are_the_same_passage() {
    // The statement's words are in the sentence right after the quote: the quote is cut
    // short, not from another passage.
    let c = with_terms(
        claim(
            "Research suggests that smaller amygdala and hippocampus volumes go along with more severe childhood trauma.",
            "moderate",
            "association",
            "several-studies",
            VOLUME,
        ),
        "childhood trauma, severity, severe, trauma",
    );
    assert!(!hits(&c).contains(&"claim-mismatch"), "{:?}", hits(&c));
}

#[test]
fn a_direction_is_compared_with_the_passages_direction_about_the_same_thing() {
    // The passage gives two directions ("increased activation in the ACC", "reduced amygdala
    // reactivity"); the statement reverses the first and keeps the second.
    let quote = "After the therapy, scans show increased activation in the ACC during emotion tasks, alongside reduced amygdala reactivity.[49,50]";
    let reversed = claim(
        "Studies suggest that after the therapy, activation in the ACC during emotion tasks is lower, alongside reduced amygdala reactivity.",
        "moderate",
        "effect",
        "several-studies",
        quote,
    );
    let found = hits(&reversed);
    assert!(found.contains(&"reversed-direction"), "{found:?}");
    let kept = claim(
        "Studies suggest that after the therapy, activation in the ACC during emotion tasks is higher, alongside reduced amygdala reactivity.",
        "moderate",
        "effect",
        "several-studies",
        quote,
    );
    assert!(
        !hits(&kept).contains(&"reversed-direction"),
        "{:?}",
        hits(&kept)
    );
}

#[test]
fn a_finding_whose_quote_presents_a_model_is_a_model() {
    let model = "According to the theoretical implications of this model, low oxytocin is linked to less reward in parenting.";
    let source = format!("{SOURCE}\n{model}\nThis theory is further supported by a negative correlation between anger and oxytocin (32).\n");
    let ids = |statement: &str, kind: &str, basis: &str, quote: &str| {
        let c = claim(statement, "low", kind, basis, quote);
        hits_against(&c, &source, &LintConfig::default())
    };
    let as_finding = ids(
        "Some studies suggest that low oxytocin is linked to less reward in parenting.",
        "association",
        "several-studies",
        model,
    );
    assert!(
        as_finding.contains(&"kind-basis-mismatch"),
        "{as_finding:?}"
    );
    let as_model = ids(
        "One model describes low oxytocin as linked to less reward in parenting.",
        "model",
        "model",
        model,
    );
    assert!(!as_model.contains(&"kind-basis-mismatch"), "{as_model:?}");
    // Evidence for a theory is a finding.
    let support = ids(
        "One study found that more anger goes with lower oxytocin.",
        "association",
        "one-study",
        "This theory is further supported by a negative correlation between anger and oxytocin (32).",
    );
    assert!(!support.contains(&"kind-basis-mismatch"), "{support:?}");
}

#[test]
fn a_statement_may_count_a_pair_its_passage_names_but_not_change_a_count() {
    let pair = "The serotonin transporter gene and the tryptophan hydroxylase-2 gene interact with childhood trauma.";
    let source =
        format!("{SOURCE}\n{pair}\nWomen who carry one copy of the A allele show more anger.\n");
    let check = |statement: &str, quote: &str| {
        let c = claim(statement, "low", "association", "one-study", quote);
        hits_against(&c, &source, &LintConfig::default())
    };
    let two = check(
        "Two serotonin genes may interact with childhood trauma.",
        pair,
    );
    assert!(!two.contains(&"changed-figure"), "{two:?}");
    let changed = check(
        "Women who carry two copies of the A allele may show more anger.",
        "Women who carry one copy of the A allele show more anger.",
    );
    assert!(changed.contains(&"changed-figure"), "{changed:?}");
}
