//! The rules. Each lives in its own module with its metadata (stable id, category, default
//! severity) and its documentation, written as doc comments on [`declare_rule!`]. The
//! user-facing rule reference (`claim-lint rules`, `docs/rules.md`) is generated from those
//! comments, so code and docs cannot drift apart.

use crate::claims::{Certainty, Claim, ClaimKind, Status};
use crate::lexicon::Lexicon;
use crate::report::Severity;
use crate::text::{char_span, tokenize, PhraseList, Token};
use std::collections::HashSet;
use std::ops::Range;

pub mod analysis;
pub mod basis_unshown;
pub mod booster;
pub mod causal;
pub mod certainty_above_basis;
pub mod claim_mismatch;
#[cfg(test)]
mod claim_rule_tests;
pub mod crisis_help;
pub mod cure;
pub mod degree;
pub mod evidence_missing;
pub mod figures;
pub mod front_matter;
pub mod kind_basis_mismatch;
pub mod locator_not_found;
pub mod model_as_fact;
pub mod negation;
pub mod overstated_certainty;
pub mod quote_not_found;
pub mod quote_unverifiable;
pub mod raw_html;
pub mod reading_grade;
pub mod reversed_direction;
pub mod review_dates;
pub mod shortcode_syntax;
pub mod sign_off;
pub mod stale_claim;
pub mod statement_vs_evidence;
pub mod stigmatizing;
pub mod suppression;
pub mod swapped_entity;
pub mod treatment_advice;
pub mod uncited_claim;
pub mod universal;
pub mod unknown_claim;

/// The problem families. Every error blocks publication (see [`crate::gate`]); the gate
/// categories ([`Category::is_gate`]) are also the ones a clinic cannot turn down or
/// suppress without listing the rule in `allow_suppress`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    Unsupported,
    Overstated,
    Misattributed,
    Stigmatizing,
    Metadata,
    Readability,
    Safety,
    Suppression,
    Syntax,
    /// A claim against its source passage: the trust chain from claim to source.
    Evidence,
    /// Clinical sign-off of claims and pages.
    Review,
}

impl Category {
    /// The single definition of the gate: findings about what a page claims (unsupported,
    /// overstated, misattributed) and stigmatizing words. Config cannot lower these rules,
    /// nor may a suppression silence them, unless `allow_suppress` lists the rule.
    pub fn is_gate(self) -> bool {
        matches!(
            self,
            Category::Unsupported
                | Category::Overstated
                | Category::Misattributed
                | Category::Stigmatizing
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Unsupported => "unsupported",
            Category::Overstated => "overstated",
            Category::Misattributed => "misattributed",
            Category::Stigmatizing => "stigmatizing",
            Category::Metadata => "metadata",
            Category::Readability => "readability",
            Category::Safety => "safety",
            Category::Suppression => "suppression",
            Category::Syntax => "syntax",
            Category::Evidence => "evidence",
            Category::Review => "review",
        }
    }
}

/// What every rule declares about itself.
#[derive(Debug, Clone, Copy)]
pub struct RuleMeta {
    pub id: &'static str,
    pub category: Category,
    pub severity: Severity,
    /// Markdown: what it catches, then `Bad:` and `Good:` examples.
    pub doc: &'static str,
    /// Page-level rules may be suppressed by default, as may stigmatizing rules.
    pub page_level: bool,
    /// An error of this rule withholds just its page instead of blocking the build (a page
    /// past its review date must not hold back an urgent fix elsewhere).
    pub withholds: bool,
}

impl RuleMeta {
    /// True when a suppression comment may silence this rule without extra config: rules
    /// outside the gate that judge a whole page, and stigmatizing terms, because a page may
    /// name a myth in order to reject it. Other gate rules need `allow_suppress`.
    pub fn suppressible_by_default(&self) -> bool {
        (self.page_level && !self.category.is_gate()) || self.category == Category::Stigmatizing
    }
}

/// Declares a rule's metadata; the doc comments become its user documentation.
#[macro_export]
macro_rules! declare_rule {
    ($(#[doc = $doc:literal])* $name:ident, id: $id:literal, category: $cat:ident, severity: $sev:ident $(, page_level: $pl:literal)? $(, withholds: $wh:literal)? $(,)?) => {
        $(#[doc = $doc])*
        pub const $name: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
            id: $id,
            category: $crate::rules::Category::$cat,
            severity: $crate::report::Severity::$sev,
            doc: concat!($($doc, "\n"),*),
            page_level: false $(|| $pl)?,
            withholds: false $(|| $wh)?,
        };
    };
}

/// Every rule, in the order the docs list them.
pub fn all_rules() -> &'static [&'static RuleMeta] {
    &[
        &unknown_claim::UNKNOWN_CLAIM,
        &uncited_claim::UNCITED_CLAIM,
        &overstated_certainty::OVERSTATED_CERTAINTY,
        &booster::BOOSTER,
        &causal::CAUSAL_LANGUAGE,
        &model_as_fact::MODEL_AS_FACT,
        &universal::UNIVERSAL_QUANTIFIER,
        &degree::OVERSTATED_DEGREE,
        &figures::CHANGED_FIGURE,
        &cure::CURE_LANGUAGE,
        &treatment_advice::TREATMENT_ADVICE,
        &claim_mismatch::CLAIM_MISMATCH,
        &swapped_entity::SWAPPED_ENTITY,
        &reversed_direction::REVERSED_DIRECTION,
        &negation::NEGATION_MISMATCH,
        &stigmatizing::STIGMATIZING_TERM,
        &front_matter::FRONT_MATTER,
        &shortcode_syntax::SHORTCODE_SYNTAX,
        &raw_html::RAW_HTML,
        &review_dates::REVIEW_METADATA,
        &review_dates::REVIEW_OVERDUE,
        &review_dates::REVIEW_DUE_SOON,
        &stale_claim::STALE_CLAIM,
        &reading_grade::READING_GRADE,
        &crisis_help::CRISIS_HELP_MISSING,
        &suppression::SUPPRESSION_INVALID,
        &evidence_missing::EVIDENCE_MISSING,
        &quote_not_found::QUOTE_NOT_FOUND,
        &locator_not_found::LOCATOR_NOT_FOUND,
        &quote_unverifiable::QUOTE_UNVERIFIABLE,
        &basis_unshown::BASIS_UNSHOWN,
        &certainty_above_basis::CERTAINTY_ABOVE_BASIS,
        &kind_basis_mismatch::KIND_BASIS_MISMATCH,
        &sign_off::SIGNATURE_STALE,
        &sign_off::REVIEW_REQUIRED,
    ]
}

pub fn find_rule(id: &str) -> Option<&'static RuleMeta> {
    all_rules().iter().copied().find(|r| r.id == id)
}

/// Where a sentence comes from; decides which rules apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Page body text.
    /// `heading` is set for headings and table cells: short blocks that are often labels
    /// ("Scans", "What helps?") rather than statements.
    Body { heading: bool },
    /// Front matter `title` or `description`: no markers possible.
    FrontMatter,
    /// A claim's own approved statement, checked against itself.
    Statement,
    /// A glossary definition, checked against the claims it lists.
    Glossary,
    /// A claim's statement, checked against its quoted passages (the claim it "cites" is
    /// the passages, with the claim's kind and terms).
    Evidence,
}

/// One rule hit inside a sentence.
#[derive(Debug, Clone)]
pub struct Hit {
    pub rule: &'static RuleMeta,
    /// Character range in the sentence to underline.
    pub chars: Range<usize>,
    pub message: String,
    pub suggestion: Option<String>,
}

impl Hit {
    pub fn new(rule: &'static RuleMeta, chars: Range<usize>, message: impl Into<String>) -> Hit {
        Hit {
            rule,
            chars,
            message: message.into(),
            suggestion: None,
        }
    }

    pub fn suggest(mut self, s: impl Into<String>) -> Hit {
        self.suggestion = Some(s.into());
        self
    }
}

/// A cited claim's words, prepared once per sentence.
#[derive(Debug)]
pub struct CitedClaim<'a> {
    pub claim: &'a Claim,
    /// The statement's tokens: borrowed from the run's [`analysis::Domain`] when there is
    /// one, so a claim is tokenized once per run, not once per citing sentence.
    pub tokens: std::borrow::Cow<'a, [Token]>,
}

/// Everything a sentence rule looks at.
pub struct SentenceCtx<'a> {
    pub text: &'a str,
    pub tokens: Vec<Token>,
    pub role: Role,
    /// Ids written in markers, in order (some may be unknown).
    pub marker_ids: Vec<String>,
    /// Cited claims that exist and are approved.
    pub cited: Vec<CitedClaim<'a>>,
    /// Cited ids that are not in the claims file (`None`) or not approved.
    pub unresolved: Vec<(String, Option<Status>)>,
    /// Stemmed content words of every claim in the claims file: the site's subject matter.
    /// Words outside it are ordinary English and weigh less when judging coverage.
    pub domain: Option<&'a analysis::Domain>,
    pub lex: &'a Lexicon,
}

/// The first token after a short label and a colon ("Tip: …", "DR OKAFOR: …", "Question for
/// the group: …"): a label of one to four words. None when the sentence has none.
pub(crate) fn label_end(tokens: &[Token], text: &str) -> Option<usize> {
    const MAX_LABEL_WORDS: usize = 4;
    let colon_before = |t: &Token| {
        text.chars()
            .take(t.chars.start)
            .filter(|c| !c.is_whitespace())
            .last()
            == Some(':')
    };
    (1..=MAX_LABEL_WORDS.min(tokens.len().saturating_sub(1)))
        .find(|&i| tokens[i].clause_start && colon_before(&tokens[i]))
}

/// Where the content starts after a speaker's name or role and a colon ("DR OKAFOR:",
/// "Jess:", "Q:", "A:"), which a transcript or an interview puts before what is said: not
/// content, so no claim need cover it. Only capitalised words outside the site's subject
/// matter and the word lists count as a speaker, so "DBT: …" or "Borderlines: …" keep
/// their first word. 0 when there is none.
fn after_speaker(
    tokens: &[Token],
    text: &str,
    lex: &Lexicon,
    domain: Option<&analysis::Domain>,
) -> usize {
    let Some(start) = label_end(tokens, text) else {
        return 0;
    };
    let label = &tokens[..start];
    // A social-media handle ("@neuro_nat:") is a speaker however it is written.
    let handle = text.trim_start_matches(['-', '*', ' ']).starts_with('@');
    let capitalised = handle
        || label
            .iter()
            .all(|t| t.text.chars().next().is_some_and(char::is_uppercase));
    let subject_matter = label.iter().any(|t| {
        analysis::is_content_word(&t.lower)
            && domain.is_some_and(|d| d.all.matches(&analysis::canonical_stem(&t.lower)))
    });
    // A label that says something ("Uncertain: one small study", "Vasopressin: …",
    // "Myth: …", "Ward 7: …") is content.
    let says_something = !crate::lexicon::named_things(label).is_empty()
        || label
            .iter()
            .any(|t| t.is_number() || crate::lexicon::in_internal_list("verdict_words", &t.lower))
        || lex.up.any_in(label)
        || lex.down.any_in(label);
    let listed = says_something
        || lex
            .judged_lists()
            .into_iter()
            .chain([&lex.stigmatizing, &lex.treatments, &lex.causal])
            .any(|list| list.any_in(label));
    if capitalised && !subject_matter && !listed {
        start
    } else {
        0
    }
}

impl<'a> SentenceCtx<'a> {
    /// Builds the context. `lookup` finds a claim by id in the claims file, whatever its status.
    pub fn new(
        text: &'a str,
        role: Role,
        marker_ids: Vec<String>,
        lookup: impl Fn(&str) -> Option<&'a Claim>,
        lex: &'a Lexicon,
    ) -> SentenceCtx<'a> {
        SentenceCtx::new_in(text, role, marker_ids, lookup, lex, None)
    }

    /// [`SentenceCtx::new`] within a run's subject matter: the claims' words and tokens
    /// are taken from `domain`, where they were computed once.
    pub fn new_in(
        text: &'a str,
        role: Role,
        marker_ids: Vec<String>,
        lookup: impl Fn(&str) -> Option<&'a Claim>,
        lex: &'a Lexicon,
        domain: Option<&'a analysis::Domain>,
    ) -> SentenceCtx<'a> {
        let mut cited = Vec::new();
        let mut unresolved = Vec::new();
        for id in &marker_ids {
            match lookup(id) {
                Some(claim) if claim.status == Status::Approved => cited.push(CitedClaim {
                    claim,
                    tokens: match domain.and_then(|d| d.tokens_of(&claim.id)) {
                        Some(tokens) => std::borrow::Cow::Borrowed(tokens),
                        None => std::borrow::Cow::Owned(tokenize(&claim.statement)),
                    },
                }),
                Some(claim) => unresolved.push((id.clone(), Some(claim.status))),
                None => unresolved.push((id.clone(), None)),
            }
        }
        let mut tokens = tokenize(text);
        if matches!(role, Role::Body { .. }) {
            let content = after_speaker(&tokens, text, lex, domain);
            tokens.drain(..content);
        }
        SentenceCtx {
            text,
            tokens,
            role,
            marker_ids,
            cited,
            unresolved,
            domain,
            lex,
        }
    }

    /// Sets the subject-matter vocabulary (see [`SentenceCtx::domain`]).
    pub fn with_domain(mut self, domain: &'a analysis::Domain) -> Self {
        self.domain = Some(domain);
        self
    }

    /// The whole sentence as a character range, without trailing punctuation.
    pub fn whole(&self) -> Range<usize> {
        match (self.tokens.first(), self.tokens.last()) {
            (Some(a), Some(b)) => a.chars.start..b.chars.end,
            _ => 0..self.text.chars().count().max(1),
        }
    }

    /// The words of a token range as written, for messages.
    pub fn words(&self, tokens: &Range<usize>) -> String {
        self.tokens[tokens.clone()]
            .iter()
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    pub fn span(&self, tokens: &Range<usize>) -> Range<usize> {
        char_span(&self.tokens, tokens)
    }

    /// Lowest certainty among the cited claims.
    pub fn required_certainty(&self) -> Option<Certainty> {
        self.cited.iter().map(|c| c.claim.certainty).min()
    }

    pub fn cites_kind(&self, kind: ClaimKind) -> bool {
        self.cited.iter().any(|c| c.claim.kind == kind)
    }

    /// True when some cited statement contains this exact phrase (in lowercased words).
    pub fn statements_contain(&self, words: &[Token]) -> bool {
        let phrase: Vec<&str> = words.iter().map(|t| t.lower.as_str()).collect();
        self.cited.iter().any(|c| {
            c.tokens.windows(phrase.len()).any(|w| {
                w.iter()
                    .map(|t| t.lower.as_str())
                    .eq(phrase.iter().copied())
            })
        })
    }

    /// True when a cited statement matches the same lexicon entry (any form of it).
    pub fn statements_match(&self, list: &PhraseList, entry_source: &str) -> bool {
        list.phrases
            .iter()
            .filter(|p| p.source == entry_source)
            .any(|p| self.cited.iter().any(|c| p.occurs_in(&c.tokens)))
    }

    /// True when a negator comes shortly before token `i` in the same clause.
    pub fn is_negated(&self, i: usize) -> bool {
        analysis::negated_at(&self.tokens, i, self.lex)
    }

    /// Lexicon hits that are not negated and not licensed by the cited statements.
    pub fn unlicensed_hits(&self, list: &PhraseList) -> Vec<Range<usize>> {
        list.find_all(&self.tokens)
            .into_iter()
            .filter(|(p, r)| {
                !self.is_negated(r.start)
                    && !self.statements_match(list, &p.source)
                    && !self.statements_contain(&self.tokens[r.clone()])
            })
            .map(|(_, r)| r)
            .collect()
    }

    pub fn has_claims(&self) -> bool {
        !self.cited.is_empty()
    }

    /// Stemmed content words of the cited statements and terms.
    pub fn claim_vocabulary(&self) -> HashSet<String> {
        let mut vocab = HashSet::new();
        for c in &self.cited {
            match self.domain.and_then(|d| d.words_of(&c.claim.id)) {
                Some(words) => vocab.extend(words.iter().cloned()),
                None => vocab.extend(analysis::claim_words(c.claim)),
            }
        }
        vocab
    }
}

/// The kind of text a sentence rule may run on (see [`Role`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleKind {
    Body,
    FrontMatter,
    Statement,
    Glossary,
    Evidence,
}

impl Role {
    pub fn kind(self) -> RoleKind {
        match self {
            Role::Body { .. } => RoleKind::Body,
            Role::FrontMatter => RoleKind::FrontMatter,
            Role::Statement => RoleKind::Statement,
            Role::Glossary => RoleKind::Glossary,
            Role::Evidence => RoleKind::Evidence,
        }
    }
}

/// What a sentence must have for a rule to judge it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// Every sentence of the role.
    Nothing,
    /// Sentences that cite a claim or state a fact.
    ClaimsOrFact,
    /// Sentences that cite at least one approved claim.
    Claims,
}

/// A rule on one sentence. Each lives in its own module; [`SENTENCE_RULES`] lists them.
pub trait SentenceRule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    /// The roles the rule runs on, each with what the sentence must have.
    fn scope(&self) -> &'static [(RoleKind, Needs)];
    fn check(&self, ctx: &SentenceCtx) -> Vec<Hit>;
}

/// Implements [`SentenceRule`] for a module's rule: its metadata, scope and `check` function.
#[macro_export]
macro_rules! sentence_rule {
    ($rule:ident, $meta:path, [$(($role:ident, $needs:ident)),* $(,)?]) => {
        pub struct $rule;
        impl $crate::rules::SentenceRule for $rule {
            fn meta(&self) -> &'static $crate::rules::RuleMeta {
                &$meta
            }
            fn scope(&self) -> &'static [($crate::rules::RoleKind, $crate::rules::Needs)] {
                &[$(($crate::rules::RoleKind::$role, $crate::rules::Needs::$needs)),*]
            }
            fn check(&self, ctx: &$crate::rules::SentenceCtx) -> Vec<$crate::rules::Hit> {
                check(ctx)
            }
        }
    };
}

/// Every sentence rule, in the order they run. Adding a rule is one module and one line.
pub static SENTENCE_RULES: &[&dyn SentenceRule] = &[
    &stigmatizing::Rule,
    &booster::Rule,
    &cure::Rule,
    &universal::Rule,
    &degree::Rule,
    &overstated_certainty::Rule,
    &model_as_fact::Rule,
    &unknown_claim::Rule,
    &uncited_claim::Rule,
    &treatment_advice::Rule,
    &causal::Rule,
    &figures::Rule,
    &claim_mismatch::Rule,
    &swapped_entity::Rule,
    &reversed_direction::Rule,
    &negation::Rule,
];

/// Runs every sentence rule whose scope fits this sentence.
pub fn check_sentence(ctx: &SentenceCtx) -> Vec<Hit> {
    check_sentence_with(ctx, &|_| true)
}

/// Runs the enabled sentence rules whose scope fits this sentence. A rule that config
/// turned off does not run at all.
pub fn check_sentence_with(ctx: &SentenceCtx, enabled: &dyn Fn(&RuleMeta) -> bool) -> Vec<Hit> {
    let role = ctx.role.kind();
    let mut factual: Option<bool> = None;
    let mut hits = Vec::new();
    for rule in SENTENCE_RULES {
        let Some((_, needs)) = rule.scope().iter().find(|(r, _)| *r == role) else {
            continue;
        };
        if !enabled(rule.meta()) {
            continue;
        }
        let applies = match needs {
            Needs::Nothing => true,
            Needs::Claims => ctx.has_claims(),
            Needs::ClaimsOrFact => {
                ctx.has_claims() || *factual.get_or_insert_with(|| uncited_claim::is_factual(ctx))
            }
        };
        if applies {
            hits.extend(rule.check(ctx));
        }
    }
    hits
}

/// The front matter as the page rules see it.
#[derive(Debug, Clone, Copy)]
pub enum Front<'a> {
    /// No front matter at all.
    Absent,
    /// Front matter that could not be read (the `front-matter` rule reports why).
    Unreadable,
    /// The typed front matter, and where it starts in the file.
    Parsed(&'a crate::front_matter::ParsedFrontMatter),
}

/// Everything a page rule looks at, built once per page.
pub struct PageCtx<'a> {
    pub source: &'a crate::page::PageSource<'a>,
    pub sentences: &'a [crate::page::Sentence],
    /// Code in the body (byte ranges relative to the body), found once for every rule:
    /// what is written there is shown, never run.
    pub code: &'a [Range<usize>],
    pub front: Front<'a>,
    /// Where the title is written, for page-level findings about the whole page.
    pub title_offset: Option<usize>,
    /// The page's title, description or sentences mention suicide or self-harm.
    pub mentions_safety: bool,
    /// Flesch–Kincaid grade of the page's prose, computed once.
    pub reading_grade: Option<f64>,
    pub claims: &'a crate::claims::ClaimsFile,
    pub config: &'a crate::config::LintConfig,
    pub today: crate::claims::Date,
}

impl PageCtx<'_> {
    /// The project's `[extra]` keys, when the front matter could be read.
    pub fn extra(&self) -> Option<&crate::front_matter::PageExtra> {
        match self.front {
            Front::Parsed(parsed) => Some(&parsed.fields.extra),
            _ => None,
        }
    }

    /// Where findings about the front matter point.
    pub fn front_offset(&self) -> usize {
        match self.front {
            Front::Parsed(parsed) => parsed.offset,
            _ => 0,
        }
    }

    /// The first character of the body, where findings about the whole text point.
    pub fn first_text_offset(&self) -> usize {
        let body = &self.source.text[self.source.body_offset..];
        let skipped = body.len() - body.trim_start().len();
        (self.source.body_offset + skipped).min(self.source.text.len().saturating_sub(1))
    }
}

/// One finding of a page rule: a byte range in the file and what to do.
#[derive(Debug, Clone)]
pub struct PageHit {
    pub rule: &'static RuleMeta,
    pub range: Range<usize>,
    pub message: String,
    pub suggestion: String,
    /// Set when config decides this finding's severity (review-overdue).
    pub severity: Option<crate::report::Severity>,
    pub sentence: String,
    pub claims: Vec<String>,
    /// The block a suppression comment must stand before, for rules about one block.
    pub block_offset: Option<usize>,
}

impl PageHit {
    pub fn at(
        rule: &'static RuleMeta,
        offset: usize,
        message: impl Into<String>,
        suggestion: impl Into<String>,
    ) -> PageHit {
        PageHit {
            rule,
            range: offset..offset + 1,
            message: message.into(),
            suggestion: suggestion.into(),
            severity: None,
            sentence: String::new(),
            claims: Vec::new(),
            block_offset: None,
        }
    }
}

/// A rule on a whole page. Each lives in its own module; [`PAGE_RULES`] lists them.
pub trait PageRule: Sync {
    /// The rules whose findings this check produces (one module may hold related ids).
    fn metas(&self) -> &'static [&'static RuleMeta];
    fn check(&self, page: &PageCtx) -> Vec<PageHit>;
}

/// Every page rule. `front-matter` and `suppression-invalid` are not here: the first is
/// reported while the page is read (the others need its front matter), the second judges
/// the suppression comments after every other rule has run.
pub static PAGE_RULES: &[&dyn PageRule] = &[
    &unknown_claim::OrphanMarkers,
    &review_dates::Rule,
    &stale_claim::Rule,
    &reading_grade::Rule,
    &crisis_help::Rule,
    &shortcode_syntax::Rule,
    &raw_html::Rule,
    &sign_off::PageRule,
];

/// Runs the page rules that have at least one enabled rule id.
pub fn check_page_rules(page: &PageCtx, enabled: &dyn Fn(&RuleMeta) -> bool) -> Vec<PageHit> {
    PAGE_RULES
        .iter()
        .filter(|r| r.metas().iter().any(|m| enabled(m)))
        .flat_map(|r| r.check(page))
        .collect()
}

/// Everything a claim rule looks at: one claim, with its file, sources and their texts.
pub struct ClaimCtx<'a> {
    pub claim: &'a Claim,
    pub claims: &'a crate::claims::ClaimsFile,
    pub texts: &'a crate::evidence::SourceTexts,
    pub config: &'a crate::config::LintConfig,
    pub lex: &'a Lexicon,
}

impl ClaimCtx<'_> {
    /// The quotes and notes, each with its source entry.
    pub fn evidence(&self) -> impl Iterator<Item = (&crate::claims::SourceRef, &str)> {
        self.claim
            .sources
            .iter()
            .filter_map(|s| s.evidence().map(|e| (s, e)))
    }
}

/// Where in the claims file a claim finding points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClaimPlace {
    /// The claim's `id:` line.
    Claim,
    /// A line of the claims file (a `quote:` or `note:`).
    Line(usize),
    /// Characters of the claim's statement.
    Statement(Range<usize>),
}

/// One finding of a claim rule.
#[derive(Debug, Clone)]
pub struct ClaimHit {
    pub rule: &'static RuleMeta,
    pub place: ClaimPlace,
    pub message: String,
    pub suggestion: String,
    /// Set when config decides the severity (evidence-missing before `require_quotes`).
    pub severity: Option<Severity>,
}

impl ClaimHit {
    pub fn new(
        rule: &'static RuleMeta,
        place: ClaimPlace,
        message: impl Into<String>,
        suggestion: impl Into<String>,
    ) -> ClaimHit {
        ClaimHit {
            rule,
            place,
            message: message.into(),
            suggestion: suggestion.into(),
            severity: None,
        }
    }
}

/// A rule on one claim against its sources. Each lives in its own module;
/// [`CLAIM_RULES`] lists them. Their findings are reported in the claims file, never on
/// the pages that cite the claim.
pub trait ClaimRule: Sync {
    fn metas(&self) -> &'static [&'static RuleMeta];
    fn check(&self, ctx: &ClaimCtx) -> Vec<ClaimHit>;
}

/// Every claim rule.
pub static CLAIM_RULES: &[&dyn ClaimRule] = &[
    &evidence_missing::Rule,
    &quote_not_found::Rule,
    &locator_not_found::Rule,
    &quote_unverifiable::Rule,
    &basis_unshown::Rule,
    &certainty_above_basis::Rule,
    &kind_basis_mismatch::Rule,
    &statement_vs_evidence::Rule,
    &sign_off::ClaimRule,
];

/// Runs the claim rules with at least one enabled rule id; drops hits of disabled ids.
pub fn check_claim_rules(ctx: &ClaimCtx, enabled: &dyn Fn(&RuleMeta) -> bool) -> Vec<ClaimHit> {
    CLAIM_RULES
        .iter()
        .filter(|r| r.metas().iter().any(|m| enabled(m)))
        .flat_map(|r| r.check(ctx))
        .filter(|h| enabled(h.rule))
        .collect()
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Builds sentences and claims for rule tests.
    use super::*;
    use crate::claims::{Date, SourceRef};
    use std::sync::OnceLock;

    pub fn claim(id: &str, statement: &str, certainty: Certainty, kind: ClaimKind) -> Claim {
        Claim {
            id: id.into(),
            statement: statement.into(),
            certainty,
            kind,
            sources: vec![SourceRef {
                source: "s".into(),
                locator: "Results".into(),
                quote: None,
                note: None,
                evidence_line: 0,
            }],
            basis: None,
            terms: Vec::new(),
            reviewed: Date::parse("2026-11-01").unwrap(),
            reviewed_by: None,
            next_review: None,
            status: Status::Approved,
            certainty_rationale: None,
            rationale_by: None,
            signed: None,
            id_line: 0,
            statement_line: 0,
            statement_column: 0,
            statement_offset: 0,
        }
    }

    pub fn lex() -> &'static Lexicon {
        static LEX: OnceLock<Lexicon> = OnceLock::new();
        LEX.get_or_init(Lexicon::default)
    }

    /// Rule ids that fire on `text` citing `claims`.
    pub fn fired(
        text: &str,
        claims: &[&Claim],
        check: fn(&SentenceCtx) -> Vec<Hit>,
    ) -> Vec<&'static str> {
        let ids = claims.iter().map(|c| c.id.clone()).collect();
        let ctx = SentenceCtx::new(
            text,
            Role::Body { heading: false },
            ids,
            |id| claims.iter().copied().find(|c| c.id == id),
            lex(),
        );
        check(&ctx).into_iter().map(|h| h.rule.id).collect()
    }
}

#[cfg(test)]
mod registry_tests {
    use super::test_support::*;
    use super::*;

    fn first_content_word(text: &str) -> String {
        let ctx = SentenceCtx::new(text, Role::Body { heading: false }, vec![], |_| None, lex());
        ctx.tokens[0].lower.clone()
    }

    #[test]
    fn a_speaker_before_a_colon_is_not_content() {
        for (text, first) in [
            ("DR LEE: About 1 in 100 people have BPD.", "about"),
            ("Q: What is DBT?", "what"),
            ("Sam Okoro: It helped me.", "it"),
            ("@neuro_nat: most studies look at one moment.", "most"),
            // Words that say something, or the subject matter, stay.
            ("DBT: a therapy that teaches skills.", "dbt"),
            ("Uncertain: one small study.", "uncertain"),
            ("Borderlines: a word to avoid.", "borderlines"),
            ("Vasopressin: lower in some small studies.", "vasopressin"),
            ("Myth: BPD cannot be treated.", "myth"),
            ("Note that BPD: is rare.", "note"),
        ] {
            assert_eq!(first_content_word(text), first, "{text}");
        }
    }

    #[test]
    fn every_sentence_rule_is_registered_once() {
        let registered: Vec<&str> = SENTENCE_RULES.iter().map(|r| r.meta().id).collect();
        let mut unique = registered.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), registered.len(), "a rule is listed twice");
        for id in &registered {
            assert!(find_rule(id).is_some(), "{id} is not in all_rules()");
        }
    }

    #[test]
    fn every_rule_runs_from_a_registry() {
        let mut covered: Vec<&str> = SENTENCE_RULES.iter().map(|r| r.meta().id).collect();
        for rule in PAGE_RULES {
            covered.extend(rule.metas().iter().map(|m| m.id));
        }
        for rule in CLAIM_RULES {
            covered.extend(rule.metas().iter().map(|m| m.id));
        }
        // Reported while the page is read, and after every other rule, as PAGE_RULES says.
        covered.extend(["front-matter", "suppression-invalid"]);
        for rule in all_rules() {
            assert!(
                covered.contains(&rule.id),
                "{} runs from no registry",
                rule.id
            );
        }
    }

    #[test]
    fn a_rule_turned_off_does_not_run() {
        let c = claim(
            "c",
            "Brain scans show that the amygdala tends to react more strongly.",
            Certainty::High,
            ClaimKind::Association,
        );
        let ctx = SentenceCtx::new(
            "Brain scans prove that the amygdala overreacts.",
            Role::Body { heading: false },
            vec!["c".into()],
            |_| Some(&c),
            lex(),
        );
        let all: Vec<&str> = check_sentence(&ctx).iter().map(|h| h.rule.id).collect();
        assert!(all.contains(&"booster-word"), "{all:?}");
        let without: Vec<&str> = check_sentence_with(&ctx, &|r| r.id != "booster-word")
            .iter()
            .map(|h| h.rule.id)
            .collect();
        assert!(!without.contains(&"booster-word"), "{without:?}");
    }
}
