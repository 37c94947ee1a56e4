//! Findings and the output formats: human (rustc-style), JSON (version 1), GitHub Actions
//! workflow commands ([`Report::to_github`]) and SARIF 2.1.0 ([`crate::sarif`]).

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    /// Reads `error`, `warning` or `info`.
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }
}

/// One problem at one place. Serialises to the JSON v1 finding object.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub rule: String,
    pub category: String,
    pub severity: Severity,
    pub message: String,
    pub claim: Option<String>,
    pub claims: Vec<String>,
    pub sentence: String,
    pub suggestion: Option<String>,
    /// Byte range in the file, for underlining; not part of the JSON.
    #[serde(skip)]
    pub byte_range: std::ops::Range<usize>,
    /// The cited claims' statements and certainty, for the human output.
    #[serde(skip)]
    pub claim_notes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Suppression {
    pub path: String,
    pub line: usize,
    pub rule: String,
    pub reason: String,
    /// The finding the comment silenced, where it was: SARIF lists it as a suppressed
    /// result. Not part of the JSON (version 1 lists the comment only).
    #[serde(skip)]
    pub finding: Option<Box<Finding>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageSummary {
    pub path: String,
    /// The page's file as it was read, for mapping findings back to `content/`.
    #[serde(skip)]
    pub file: std::path::PathBuf,
    pub sentences: usize,
    pub claims_cited: usize,
    /// Flesch–Kincaid grade of the body text; null for a page with no prose.
    pub reading_grade: Option<f64>,
    /// The same grade with glossary terms counted as short words, for editors; the
    /// `reading-grade` rule uses the standard `reading_grade`.
    pub reading_grade_glossary_adjusted: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub files: usize,
    pub sentences: usize,
    pub claims_cited: usize,
    pub errors: usize,
    pub warnings: usize,
    pub suppressed: usize,
    pub pages: Vec<PageSummary>,
}

/// The result of a run.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub version: u32,
    pub findings: Vec<Finding>,
    pub suppressions: Vec<Suppression>,
    pub summary: Summary,
    /// File texts by path, for rendering snippets; not part of the JSON.
    #[serde(skip)]
    pub sources: BTreeMap<String, String>,
    /// Findings left out by [`Report::retain_min_severity`]; the summary still counts them.
    #[serde(skip)]
    pub hidden: usize,
}

impl Report {
    pub fn new() -> Report {
        Report {
            version: 1,
            findings: Vec::new(),
            suppressions: Vec::new(),
            summary: Summary {
                files: 0,
                sentences: 0,
                claims_cited: 0,
                errors: 0,
                warnings: 0,
                suppressed: 0,
                pages: Vec::new(),
            },
            sources: BTreeMap::new(),
            hidden: 0,
        }
    }

    /// Adds another report's findings, suppressions, page summaries and sources. Call
    /// [`Report::finish`] after the last merge.
    pub fn merge(&mut self, other: Report) {
        self.findings.extend(other.findings);
        self.suppressions.extend(other.suppressions);
        self.summary.files += other.summary.files;
        self.summary.sentences += other.summary.sentences;
        self.summary.claims_cited += other.summary.claims_cited;
        self.summary.pages.extend(other.summary.pages);
        self.sources.extend(other.sources);
    }

    pub fn has_errors(&self) -> bool {
        self.summary.errors > 0
    }

    /// Sorts findings and fills in the counts.
    pub fn finish(&mut self) {
        self.findings.sort_by(|a, b| {
            (&a.path, a.line, a.column, &a.rule).cmp(&(&b.path, b.line, b.column, &b.rule))
        });
        self.summary.errors = self.count(Severity::Error);
        self.summary.warnings = self.count(Severity::Warning);
        self.summary.suppressed = self.suppressions.len();
    }

    /// Drops findings (and suppressed findings) below `min`, for output. The summary's
    /// counts, and so [`Report::has_errors`] and the exit code, still cover every finding.
    pub fn retain_min_severity(&mut self, min: Severity) {
        let before = self.findings.len();
        self.findings.retain(|f| f.severity >= min);
        self.hidden += before - self.findings.len();
        self.suppressions
            .retain(|s| s.finding.as_ref().is_none_or(|f| f.severity >= min));
    }

    fn count(&self, s: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == s).count()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("report serialises")
    }

    /// rustc-style diagnostics, then a summary. `color` turns on ANSI styles.
    pub fn to_human(&self, color: bool) -> String {
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let mut out = String::new();
        for f in &self.findings {
            out.push_str(&render_finding(f, self.sources.get(&f.path), &renderer));
            out.push_str("\n\n");
        }
        for s in &self.suppressions {
            out.push_str(&format!(
                "suppressed: {}:{}: {} (reason: {})\n",
                s.path, s.line, s.rule, s.reason
            ));
        }
        let grades: Vec<String> = self
            .summary
            .pages
            .iter()
            .filter_map(|p| {
                p.reading_grade
                    .map(|g| match p.reading_grade_glossary_adjusted {
                        Some(a) if (a - g).abs() >= 0.05 => {
                            format!(
                                "  {g:>5.1}  {} ({a:.1} with glossary terms as short words)",
                                p.path
                            )
                        }
                        _ => format!("  {g:>5.1}  {}", p.path),
                    })
            })
            .collect();
        if !grades.is_empty() {
            out.push_str("reading grade (Flesch–Kincaid):\n");
            out.push_str(&grades.join("\n"));
            out.push('\n');
        }
        if self.hidden > 0 {
            out.push_str(&format!(
                "{} finding{} below --min-severity not shown\n",
                self.hidden,
                plural(self.hidden)
            ));
        }
        let s = &self.summary;
        out.push_str(&format!(
            "claim-lint: {} file{}, {} sentences, {} claim citations: {} error{}, {} warning{}, {} suppressed\n",
            s.files,
            plural(s.files),
            s.sentences,
            s.claims_cited,
            s.errors,
            plural(s.errors),
            s.warnings,
            plural(s.warnings),
            s.suppressed
        ));
        out
    }
}

impl Report {
    /// One GitHub Actions workflow command per finding, which the runner turns into an
    /// annotation on the file and line: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=RULE-ID::message`.
    /// Warnings are `::warning` and info findings `::notice`. Suppressed findings are not
    /// problems and are left out.
    pub fn to_github(&self) -> String {
        let mut out = String::new();
        for f in &self.findings {
            let command = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let mut message = f.message.clone();
            if let Some(s) = &f.suggestion {
                message.push_str("\nhelp: ");
                message.push_str(s);
            }
            out.push_str(&format!(
                "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
                escape_property(&f.path.replace('\\', "/")),
                f.line,
                f.column,
                f.end_line,
                f.end_column,
                escape_property(&f.rule),
                escape_data(&message)
            ));
        }
        out
    }
}

/// A workflow command's message, escaped as the runner reads it: `%`, CR and LF.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: as [`escape_data`], and also `:` and `,`, which
/// would otherwise end the value.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

impl Default for Report {
    fn default() -> Self {
        Report::new()
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn render_finding(f: &Finding, source: Option<&String>, renderer: &Renderer) -> String {
    let level = match f.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    };
    let title = format!("{} [{}]", f.message, f.rule);
    let mut group = Group::with_title(level.primary_title(&title));
    let usable = |t: &&String| {
        let r = &f.byte_range;
        r.end <= t.len()
            && !r.is_empty()
            && t.is_char_boundary(r.start)
            && t.is_char_boundary(r.end)
    };
    if let Some(text) = source.filter(usable) {
        group = group.element(
            Snippet::source(text.as_str())
                .line_start(1)
                .path(f.path.as_str())
                .annotation(
                    AnnotationKind::Primary
                        .span(f.byte_range.clone())
                        .label(&f.category),
                ),
        );
    } else {
        group =
            group.element(Level::NOTE.message(format!("at {}:{}:{}", f.path, f.line, f.column)));
    }
    for note in &f.claim_notes {
        group = group.element(Level::NOTE.message(note.as_str()));
    }
    if let Some(s) = &f.suggestion {
        group = group.element(Level::HELP.message(s.as_str()));
    }
    renderer.render(&[group])
}

/// A path as written in findings: relative to the current directory when possible.
pub fn display_path(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    path.strip_prefix(&cwd)
        .unwrap_or(path)
        .display()
        .to_string()
}
