//! The source-claims file (`claims.yaml`): approved plain-language statements with their
//! sources, certainty and review dates.
//!
//! YAML is read with [`serde_norway`], a maintained fork of the deprecated `serde_yaml`
//! that keeps its serde API and reports the line and column of syntax and type errors.
//! (`serde_yaml_ng` was the other candidate; `serde_norway` has the more active release
//! history.) The YAML crate does not keep positions for values it parsed correctly, so the
//! checks that run after parsing (duplicate ids, unknown sources, statement wording) find
//! their line by looking for the claim's `id:` line in the text; see [`ClaimPositions`].

use crate::diagnostic::FileError;
use chrono::NaiveDate;
use serde::{Deserialize, Deserializer};
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

/// GRADE certainty levels, weakest first so that `Ord` compares strength.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Certainty {
    VeryLow,
    Low,
    Moderate,
    High,
}

impl Certainty {
    pub fn as_str(self) -> &'static str {
        match self {
            Certainty::High => "high",
            Certainty::Moderate => "moderate",
            Certainty::Low => "low",
            Certainty::VeryLow => "very-low",
        }
    }

    /// The words readers see for this level, fixed for the whole site.
    pub fn reader_words(self) -> &'static str {
        match self {
            Certainty::High => "strong evidence",
            Certainty::Moderate => "moderate evidence",
            Certainty::Low => "early evidence",
            Certainty::VeryLow => "uncertain",
        }
    }
}

impl fmt::Display for Certainty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What sort of statement a claim is; decides which wording rules apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClaimKind {
    Fact,
    Definition,
    Association,
    Causal,
    Effect,
    Model,
    Advice,
    /// A fact about the research itself: how a study or review was done, whom it included,
    /// what kind of study it was. Like a definition, it is not a finding, so GRADE does not
    /// rate it and readers see "about the research" instead of an evidence label.
    Research,
}

impl ClaimKind {
    /// True for findings: what GRADE rates and what readers see an evidence label for.
    pub fn is_finding(self) -> bool {
        !matches!(self, ClaimKind::Definition | ClaimKind::Research)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ClaimKind::Fact => "fact",
            ClaimKind::Definition => "definition",
            ClaimKind::Association => "association",
            ClaimKind::Causal => "causal",
            ClaimKind::Effect => "effect",
            ClaimKind::Model => "model",
            ClaimKind::Advice => "advice",
            ClaimKind::Research => "research",
        }
    }
}

/// The evidence that a claim's quoted passage itself cites: not the type of document it
/// sits in. A sentence of a systematic review that cites one study is `one-study`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Basis {
    MetaAnalysis,
    SystematicReview,
    Guideline,
    SeveralStudies,
    OneStudy,
    UncitedStatement,
    Model,
    Definition,
}

impl Basis {
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::MetaAnalysis => "meta-analysis",
            Basis::SystematicReview => "systematic-review",
            Basis::Guideline => "guideline",
            Basis::SeveralStudies => "several-studies",
            Basis::OneStudy => "one-study",
            Basis::UncitedStatement => "uncited-statement",
            Basis::Model => "model",
            Basis::Definition => "definition",
        }
    }

    /// The highest certainty this basis can carry (issue #6's table). A definition is not
    /// a finding, so GRADE does not rate it; it may carry any level, and readers never see
    /// an evidence badge on it.
    pub fn highest_certainty(self) -> Certainty {
        match self {
            Basis::MetaAnalysis | Basis::SystematicReview | Basis::Guideline => Certainty::High,
            Basis::SeveralStudies => Certainty::Moderate,
            Basis::OneStudy | Basis::UncitedStatement | Basis::Model => Certainty::Low,
            Basis::Definition => Certainty::High,
        }
    }

    /// Strongest first, so that several passages take the strongest single one.
    pub fn strength(self) -> u8 {
        match self {
            Basis::MetaAnalysis => 7,
            Basis::SystematicReview => 6,
            Basis::Guideline => 5,
            Basis::SeveralStudies => 4,
            Basis::OneStudy => 3,
            Basis::UncitedStatement => 2,
            Basis::Model => 1,
            Basis::Definition => 0,
        }
    }
}

impl fmt::Display for Basis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    #[default]
    Approved,
    Draft,
    Withdrawn,
}

/// A calendar date written `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date(pub NaiveDate);

impl Date {
    /// Parses exactly `YYYY-MM-DD`: no spaces, no one-digit months or days.
    pub fn parse(s: &str) -> Option<Date> {
        let shape_ok = s.len() == 10
            && s.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            });
        if !shape_ok {
            return None;
        }
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().map(Date)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "invalid date `{s}`, expected a real calendar date written YYYY-MM-DD"
            ))
        })
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub citation: String,
    #[serde(default)]
    pub doi: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(rename = "type")]
    pub source_type: String,
    /// The licence under which the source may be read or copied ("CC BY 4.0").
    #[serde(default)]
    pub license: Option<String>,
    /// A local plain-text copy, relative to the folder that holds the claims file. Quotes
    /// are verified against it. Ship one only where the licence allows.
    #[serde(default)]
    pub text: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceRef {
    pub source: String,
    pub locator: String,
    /// The exact passage at the locator that supports the claim; fragments of one passage
    /// may be joined with `…`.
    #[serde(default)]
    pub quote: Option<String>,
    /// For a source that may not be copied: the passage's facts and figures in one's own
    /// words. Checked like a quote, except against a local text.
    #[serde(default)]
    pub note: Option<String>,
    /// 1-based line of this entry's `quote:` or `note:` (or of the claim, when neither).
    #[serde(skip)]
    pub evidence_line: usize,
}

impl Claim {
    /// What readers see beside the claim: "definition", "about the research", or for a
    /// finding the words for its certainty ("strong evidence" … "uncertain").
    pub fn reader_label(&self) -> &'static str {
        match self.kind {
            ClaimKind::Definition => "definition",
            ClaimKind::Research => "about the research",
            _ => self.certainty.reader_words(),
        }
    }
}

impl SourceRef {
    /// The quote, or else the note: the words the statement is checked against.
    pub fn evidence(&self) -> Option<&str> {
        self.quote.as_deref().or(self.note.as_deref())
    }
}

/// A recorded sign-off: who, when, and a digest of what they read.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    pub by: String,
    pub date: Date,
    pub digest: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    pub id: String,
    pub statement: String,
    pub certainty: Certainty,
    pub kind: ClaimKind,
    /// What the quoted passage itself cites; see [`Basis`]. Optional until
    /// `require_quotes = true`.
    #[serde(default)]
    pub basis: Option<Basis>,
    pub sources: Vec<SourceRef>,
    #[serde(default)]
    pub terms: Vec<String>,
    pub reviewed: Date,
    #[serde(default)]
    pub reviewed_by: Option<String>,
    #[serde(default)]
    pub next_review: Option<Date>,
    #[serde(default)]
    pub status: Status,
    /// A clinician's reason for a certainty above what the basis allows.
    #[serde(default)]
    pub certainty_rationale: Option<String>,
    /// Who gave the rationale: "NAME, ROLE".
    #[serde(default)]
    pub rationale_by: Option<String>,
    /// The clinician's sign-off, written by `claim-lint sign`.
    #[serde(default)]
    pub signed: Option<Signature>,
    /// 1-based line of the claim's `id:`.
    #[serde(skip)]
    pub id_line: usize,
    /// 1-based line of the claim's `statement:` in the claims file (0 when unknown).
    #[serde(skip)]
    pub statement_line: usize,
    #[serde(skip)]
    pub statement_column: usize,
    /// Byte offset of the statement's first character in the claims file.
    #[serde(skip)]
    pub statement_offset: usize,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    sources: BTreeMap<String, Source>,
    claims: Vec<Claim>,
}

/// A parsed and validated claims file.
#[derive(Debug, Clone)]
pub struct ClaimsFile {
    pub path: PathBuf,
    pub sources: BTreeMap<String, Source>,
    pub claims: Vec<Claim>,
    by_id: HashMap<String, usize>,
}

impl ClaimsFile {
    pub fn get(&self, id: &str) -> Option<&Claim> {
        self.by_id.get(id).map(|&i| &self.claims[i])
    }

    pub fn load(path: &Path) -> Result<ClaimsFile, Vec<FileError>> {
        let text = std::fs::read_to_string(path).map_err(|e| vec![FileError::io(path, &e)])?;
        Self::parse(path, &text)
    }

    /// Parses and validates; returns every problem found, not just the first.
    pub fn parse(path: &Path, text: &str) -> Result<ClaimsFile, Vec<FileError>> {
        let raw: RawFile = serde_norway::from_str(text).map_err(|e| {
            let (line, column) = e
                .location()
                .map(|l| (l.line(), l.column()))
                .unwrap_or((1, 1));
            vec![FileError::new(
                path,
                line,
                column,
                format!(
                    "{}; expected a claims file with `sources:` and `claims:` as in the README",
                    clean_yaml_message(&e.to_string())
                ),
            )]
        })?;
        let positions = ClaimPositions::new(text);
        let mut claims = raw.claims;
        let mut errors = Vec::new();
        let mut by_id = HashMap::new();
        let mut seen_count: HashMap<String, usize> = HashMap::new();
        for (index, claim) in claims.iter_mut().enumerate() {
            let nth = seen_count.entry(claim.id.clone()).or_default();
            let id_pos = positions.id_line(&claim.id, *nth);
            *nth += 1;
            let offset = positions.statement_after(id_pos.0);
            let (sl, sc) = positions.line_col(text, offset);
            claim.statement_offset = offset;
            claim.statement_line = sl;
            claim.statement_column = sc;
            claim.id_line = id_pos.0;
            let mut evidence_lines = positions.evidence_lines(id_pos.0).iter();
            for s in claim.sources.iter_mut() {
                s.evidence_line = if s.quote.is_some() || s.note.is_some() {
                    evidence_lines.next().copied().unwrap_or(id_pos.0)
                } else {
                    id_pos.0
                };
            }
            let at = |msg: String| FileError::new(path, id_pos.0, id_pos.1, msg);
            if !is_kebab_case(&claim.id) {
                errors.push(at(format!(
                    "claim id `{}` is not kebab-case; expected lowercase words joined by hyphens, like `amygdala-volume`",
                    claim.id
                )));
            }
            if by_id.insert(claim.id.clone(), index).is_some() {
                errors.push(at(format!(
                    "duplicate claim id `{}`; expected every id to be unique",
                    claim.id
                )));
            }
            if claim.statement.trim().is_empty() {
                errors.push(at(format!(
                    "claim `{}` has an empty statement; expected the approved plain-language wording",
                    claim.id
                )));
            }
            if claim.sources.is_empty() {
                errors.push(at(format!(
                    "claim `{}` has no sources; expected at least one `{{source, locator}}`",
                    claim.id
                )));
            }
            for s in &claim.sources {
                if !raw.sources.contains_key(&s.source) {
                    let known: Vec<&str> = raw.sources.keys().map(String::as_str).collect();
                    errors.push(at(format!(
                        "claim `{}` cites unknown source `{}`; expected one of: {}",
                        claim.id,
                        s.source,
                        known.join(", ")
                    )));
                }
                if s.quote.is_some() && s.note.is_some() {
                    errors.push(FileError::new(path, s.evidence_line, 1, format!(
                        "claim `{}` gives both a quote and a note for `{}`; expected a `quote` where the source may be copied, otherwise a `note`",
                        claim.id, s.source
                    )));
                }
                if s.evidence().is_some_and(|e| e.trim().is_empty()) {
                    errors.push(FileError::new(path, s.evidence_line, 1, format!(
                        "claim `{}` has an empty quote or note for `{}`; expected the passage that supports the claim",
                        claim.id, s.source
                    )));
                }
                if s.locator.trim().is_empty() {
                    errors.push(at(format!(
                        "claim `{}` has an empty locator for `{}`; expected the section of the source",
                        claim.id, s.source
                    )));
                }
            }
            if let Some(next) = claim.next_review {
                if next < claim.reviewed {
                    errors.push(at(format!(
                        "claim `{}` has next_review {} before reviewed {}; expected a later date",
                        claim.id, next, claim.reviewed
                    )));
                }
            }
        }
        for (id, source) in &raw.sources {
            if let Some(text) = &source.text {
                if let Err(message) = check_text_path(path, text) {
                    errors.push(FileError::new(
                        path,
                        positions.text_line(text),
                        1,
                        format!("source `{id}`: {message}"),
                    ));
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(ClaimsFile {
            path: path.to_path_buf(),
            sources: raw.sources,
            claims,
            by_id,
        })
    }
}

/// A source's local text must exist and stay inside the repository that holds the claims
/// file (the nearest folder above it with `.git`, or else the claims file's own folder), so
/// that a claims file cannot make the tool read files elsewhere on the machine.
fn check_text_path(claims_path: &Path, text: &str) -> Result<PathBuf, String> {
    let folder = claims_folder(claims_path);
    let candidate = folder.join(text);
    let real = std::fs::canonicalize(&candidate).map_err(|_| {
        format!(
            "the local text `{text}` does not exist (looked for {}); expected a path relative to the folder that holds the claims file",
            candidate.display()
        )
    })?;
    let root = repository_root(&folder);
    if !real.starts_with(&root) {
        return Err(format!(
            "the local text `{text}` is outside the repository ({}); copy the text into the repository, for example under sources/",
            root.display()
        ));
    }
    if !real.is_file() {
        return Err(format!(
            "the local text `{text}` is not a file; expected a plain-text copy of the source"
        ));
    }
    Ok(real)
}

/// The folder that holds the claims file, as an absolute path.
pub fn claims_folder(claims_path: &Path) -> PathBuf {
    let parent = claims_path.parent().unwrap_or(Path::new("."));
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    std::fs::canonicalize(parent).unwrap_or_else(|_| parent.to_path_buf())
}

fn repository_root(folder: &Path) -> PathBuf {
    folder
        .ancestors()
        .find(|a| a.join(".git").exists())
        .unwrap_or(folder)
        .to_path_buf()
}

impl ClaimsFile {
    /// The checked, absolute path of a source's local text, when it has one.
    pub fn text_path(&self, source: &Source) -> Option<PathBuf> {
        source
            .text
            .as_deref()
            .and_then(|t| check_text_path(&self.path, t).ok())
    }
}

/// serde's messages end with " at line X column Y"; the position is printed separately.
fn clean_yaml_message(msg: &str) -> String {
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

fn is_kebab_case(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Finds where claims and their statements are written, by scanning lines.
///
/// Claims are written one `id:` line each (`- id: x` or `id: x`); the n-th claim with a
/// given id is the n-th such line. This is enough for files written by people, and when
/// it fails the error still names the file and the claim id.
pub struct ClaimPositions {
    /// Byte offset where each line starts, for line/column lookups by binary search.
    line_starts: Vec<usize>,
    /// Each id's `id:` lines, (line, column), in file order.
    id_lines: HashMap<String, Vec<(usize, usize)>>,
    /// (line, byte offset of the value) of every `statement:` line, in file order.
    statements: Vec<(usize, usize)>,
    /// Lines of every `quote:` and `note:` key, in file order.
    evidence: Vec<usize>,
    /// Lines of every `id:` key, in file order: where each claim ends.
    all_ids: Vec<usize>,
    /// Lines of every `text:` key in the sources map, with the value written there.
    texts: Vec<(usize, String)>,
}

impl ClaimPositions {
    /// One pass over the file; every lookup after that is a hash or a binary search, so
    /// a file of thousands of claims loads in linear time.
    pub fn new(text: &str) -> ClaimPositions {
        let mut line_starts = Vec::new();
        let mut id_lines: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        let mut statements = Vec::new();
        let mut evidence = Vec::new();
        let mut all_ids = Vec::new();
        let mut texts = Vec::new();
        let mut offset = 0;
        for (i, line) in text.split('\n').enumerate() {
            line_starts.push(offset);
            let trimmed = line.trim_start();
            let after_dash = trimmed.strip_prefix("- ").unwrap_or(trimmed).trim_start();
            let after_brace = after_dash
                .strip_prefix('{')
                .unwrap_or(after_dash)
                .trim_start();
            if let Some(rest) = after_brace.strip_prefix("id:") {
                let value = rest.split(',').next().unwrap_or("").trim();
                let value = value
                    .trim_matches(|c| c == '"' || c == '\'' || c == '}')
                    .trim();
                let at = line.find("id:").unwrap_or(0);
                let column = line[..at].chars().count() + 1;
                id_lines
                    .entry(value.to_string())
                    .or_default()
                    .push((i + 1, column));
                all_ids.push(i + 1);
            }
            for key in ["quote:", "note:"] {
                if after_brace.starts_with(key) || after_dash.contains(&format!(" {key}")) {
                    evidence.push(i + 1);
                    break;
                }
            }
            if let Some(rest) = trimmed.strip_prefix("text:") {
                let value = rest.trim().trim_matches(|c| c == '"' || c == '\'');
                texts.push((i + 1, value.to_string()));
            }
            if let Some(k) = line.find("statement:") {
                let rest = &line[k + "statement:".len()..];
                let pad = rest.len() - rest.trim_start().len();
                let start = offset + k + "statement:".len() + pad;
                // Point inside the quotes, where the words start.
                let quoted = rest.trim_start().starts_with(['"', '\'']);
                statements.push((i + 1, start + usize::from(quoted)));
            }
            offset += line.len() + 1;
        }
        ClaimPositions {
            line_starts,
            id_lines,
            statements,
            evidence,
            all_ids,
            texts,
        }
    }

    /// Lines of the `quote:`/`note:` keys that belong to the claim whose `id:` is at `line`.
    pub fn evidence_lines(&self, line: usize) -> &[usize] {
        let next = self
            .all_ids
            .iter()
            .find(|l| **l > line)
            .copied()
            .unwrap_or(usize::MAX);
        let from = self.evidence.partition_point(|l| *l <= line);
        let to = self.evidence.partition_point(|l| *l < next);
        &self.evidence[from..to.max(from)]
    }

    /// The line where a source's `text:` path is written, or 1.
    pub fn text_line(&self, value: &str) -> usize {
        self.texts
            .iter()
            .find(|(_, v)| v == value)
            .map_or(1, |(l, _)| *l)
    }

    /// Line and column of the n-th `id:` line with this id, or (1, 1).
    pub fn id_line(&self, id: &str, nth: usize) -> (usize, usize) {
        self.id_lines
            .get(id)
            .and_then(|lines| lines.get(nth))
            .copied()
            .unwrap_or((1, 1))
    }

    /// Byte offset of the first `statement:` value at or after `line`.
    pub fn statement_after(&self, line: usize) -> usize {
        let i = self.statements.partition_point(|(l, _)| *l < line);
        self.statements.get(i).map_or(0, |(_, offset)| *offset)
    }

    /// 1-based line and character column of a byte offset, as [`line_col`] gives them.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.line_starts.partition_point(|s| *s <= offset).max(1);
        let start = self.line_starts[line - 1];
        let column = text.get(start..offset).map_or(1, |s| s.chars().count() + 1);
        (line, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::line_col;

    const GOOD: &str = r#"sources:
  rev:
    citation: "A review."
    type: review
claims:
  - id: one
    statement: "Some studies suggest that x may be linked to y."
    certainty: low
    kind: association
    sources:
      - { source: rev, locator: "Results" }
    reviewed: 2026-11-01
"#;

    fn errors(text: &str) -> Vec<FileError> {
        ClaimsFile::parse(Path::new("claims.yaml"), text).unwrap_err()
    }

    #[test]
    fn positions_agree_with_a_scan() {
        let text = "claims:\n  - id: a\n    statement: \"Né x.\"\n  - { id: b, statement: 'y' }\n  - id: a\n    statement: z\n";
        let p = ClaimPositions::new(text);
        assert_eq!(p.id_line("a", 0), (2, 5));
        assert_eq!(p.id_line("b", 0), (4, 7));
        assert_eq!(p.id_line("a", 1), (5, 5));
        assert_eq!(p.id_line("a", 2), (1, 1));
        for line in 1..=7 {
            let offset = p.statement_after(line);
            assert_eq!(
                p.line_col(text, offset),
                line_col(text, offset),
                "line {line}"
            );
        }
        assert_eq!(&text[p.statement_after(2)..p.statement_after(2) + 3], "Né");
        assert_eq!(&text[p.statement_after(5)..p.statement_after(5) + 1], "z");
    }

    #[test]
    fn parses_the_example_schema() {
        let f = ClaimsFile::parse(Path::new("claims.yaml"), GOOD).unwrap();
        let c = f.get("one").unwrap();
        assert_eq!(c.certainty, Certainty::Low);
        assert_eq!(c.status, Status::Approved);
        assert_eq!((c.statement_line, c.statement_column), (7, 17));
    }

    #[test]
    fn unknown_key_names_line() {
        let e = errors(&GOOD.replace("kind: association", "kind: association\n    colour: red"));
        assert_eq!(e[0].line, Some(10));
        assert!(
            e[0].message.contains("unknown field `colour`"),
            "{}",
            e[0].message
        );
    }

    #[test]
    fn bad_enum_value_lists_expected() {
        let e = errors(&GOOD.replace("certainty: low", "certainty: medium"));
        assert_eq!(e[0].line, Some(8));
        assert!(e[0].message.contains("very-low"), "{}", e[0].message);
    }

    #[test]
    fn missing_field_is_reported() {
        let e = errors(&GOOD.replace("    certainty: low\n", ""));
        assert!(
            e[0].message.contains("missing field `certainty`"),
            "{}",
            e[0].message
        );
    }

    #[test]
    fn bad_date_is_reported_at_its_claim() {
        let e = errors(&GOOD.replace("2026-11-01", "2026-02-30"));
        assert!(e[0].message.contains("2026-02-30"), "{}", e[0].message);
        assert!(e[0].line >= Some(6), "{:?}", e[0]);
    }

    #[test]
    fn duplicate_ids_and_unknown_sources_are_all_reported() {
        let twice = format!(
            "{GOOD}{}",
            &GOOD[GOOD.find("  - id").unwrap()..].replace("source: rev", "source: nope")
        );
        let e = errors(&twice);
        assert_eq!(e.len(), 2, "{e:?}");
        assert!(e[0].message.contains("duplicate claim id `one`"));
        assert_eq!(e[0].line, Some(13));
        assert!(e[1].message.contains("unknown source `nope`"));
    }

    #[test]
    fn dates_are_exactly_yyyy_mm_dd() {
        assert!(Date::parse("2026-06-01").is_some());
        for bad in [
            "2026-6-1",
            " 2026-06-01",
            "2026-02-30",
            "01-06-2026",
            "2026/06/01",
        ] {
            assert!(Date::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn yaml_syntax_error_has_position() {
        let e = errors("sources: {\nclaims: [");
        assert!(e[0].line >= Some(1));
        assert!(!e[0].message.is_empty());
    }
}
