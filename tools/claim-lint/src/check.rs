//! Runs every rule over the claims file and the pages, and collects a [`Report`].

use crate::claims::{Claim, ClaimsFile, Date};
use crate::config::LintConfig;
use crate::diagnostic::{line_col, FileError};
use crate::glossary::Glossary;
use crate::lexicon::Lexicon;
use crate::page::{self, BlockKind, PageSource, Sentence};
use crate::report::{display_path, Finding, PageSummary, Report, Severity, Suppression};
use crate::rules::{self, crisis_help, reading_grade, review_dates, stale_claim, suppression};
use crate::rules::{check_sentence_with, Hit, Role, RuleMeta, SentenceCtx};
use crate::text::{tokenize, PhraseList};
use rayon::prelude::*;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// What to check.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub claims: PathBuf,
    /// The site's `config.toml`; missing means defaults.
    pub config: PathBuf,
    /// `glossary.yaml`; its terms count as short words for readability. Missing is fine.
    pub glossary: Option<PathBuf>,
    /// Files or folders of pages.
    pub paths: Vec<PathBuf>,
    pub today: Date,
}

/// Checks everything; `Err` means the inputs could not be read (exit code 2).
pub fn check(opts: &CheckOptions) -> Result<Report, Vec<FileError>> {
    let files = collect_pages(&opts.paths)?;
    let pages = read_pages(&files)?;
    check_sources(opts, &pages)
}

/// Checks pages that the caller has already read (`opts.paths` is not used). `site` reads
/// each page once and passes the same texts here and to its renderer, so what is checked
/// is byte for byte what is published.
pub fn check_sources(
    opts: &CheckOptions,
    pages: &[(PathBuf, String)],
) -> Result<Report, Vec<FileError>> {
    let config = LintConfig::load(&opts.config).map_err(|e| vec![e])?;
    let claims = ClaimsFile::load(&opts.claims)?;
    let glossary = match &opts.glossary {
        Some(p) if p.exists() => Some((p.clone(), Glossary::load(p).map_err(|e| vec![e])?)),
        _ => None,
    };
    let glossary_terms = glossary
        .as_ref()
        .map(|(_, g)| g.words())
        .unwrap_or_default();
    let linter = Linter::new(&config, &claims, opts.today, &glossary_terms);
    let mut report = Report::new();
    linter.check_statements(&mut report);
    if let Some((path, g)) = &glossary {
        linter.check_glossary(path, g, &mut report);
    }
    linter.check_pages(pages, &mut report);
    report.finish();
    Ok(report)
}

/// Reads each page once. The texts are what the gate checks and, in `site`, what is
/// rendered, so the two can never differ.
pub fn read_pages(files: &[PathBuf]) -> Result<Vec<(PathBuf, String)>, Vec<FileError>> {
    files
        .par_iter()
        .map(|path| {
            read_page(path)
                .map(|text| (path.clone(), text))
                .map_err(|e| vec![e])
        })
        .collect()
}

/// Markdown files under the given paths, sorted so output is stable.
pub fn collect_pages(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Vec<FileError>> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_file() {
            files.push(p.clone());
        } else if p.is_dir() {
            walk(p, &mut files).map_err(|e| vec![e])?;
        } else {
            return Err(vec![FileError::new(
                p,
                1,
                1,
                "no such file or folder; expected a page (.md) or a folder of pages such as content/",
            )]);
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), FileError> {
    let mut visiting = Vec::new();
    walk_inner(dir, out, &mut visiting)
}

/// Follows symbolic links, as Zola does, but refuses a link back into a folder that is
/// already being walked: that would list the same pages without end.
fn walk_inner(
    dir: &Path,
    out: &mut Vec<PathBuf>,
    visiting: &mut Vec<PathBuf>,
) -> Result<(), FileError> {
    let real = std::fs::canonicalize(dir).map_err(|e| FileError::io(dir, &e))?;
    if visiting.contains(&real) {
        return Err(FileError::new(
            dir,
            1,
            1,
            format!(
                "this folder is a symbolic link back to {}, which contains it; remove the link",
                real.display()
            ),
        ));
    }
    visiting.push(real);
    let entries = std::fs::read_dir(dir).map_err(|e| FileError::io(dir, &e))?;
    let mut paths = Vec::new();
    for entry in entries {
        paths.push(entry.map_err(|e| FileError::io(dir, &e))?.path());
    }
    for path in paths {
        if path.is_dir() {
            walk_inner(&path, out, visiting)?;
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
    visiting.pop();
    Ok(())
}

/// The largest page read. A patient page is a few thousand words; a page of megabytes is a
/// mistake (a pasted export, a binary file), and parsing it would hold the build for long.
pub const MAX_PAGE_BYTES: u64 = 5 * 1024 * 1024;

/// The deepest nesting of lists and block quotes read. Readers cannot follow more than a
/// few levels, and each level costs the parsers stack and time.
pub const MAX_NESTING: usize = 64;

/// Reads one page: refused when too large, not UTF-8, or nested too deep, each with the
/// position and the limit.
pub fn read_page(path: &Path) -> Result<String, FileError> {
    let size = std::fs::metadata(path)
        .map_err(|e| FileError::io(path, &e))?
        .len();
    if size > MAX_PAGE_BYTES {
        return Err(FileError::new(
            path,
            1,
            1,
            format!(
                "this page is {:.1} MB; the limit is {} MB a page. Split it into several pages",
                size as f64 / 1e6,
                MAX_PAGE_BYTES / (1024 * 1024)
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| FileError::io(path, &e))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let before = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        let (line, column) = line_col(&before, valid);
        FileError::new(
            path,
            line,
            column,
            format!("this is not UTF-8 text (byte {valid} cannot be read); save the page as UTF-8"),
        )
    })?;
    if let Some(offset) = crate::page::too_deep(&text, MAX_NESTING) {
        let (line, column) = line_col(&text, offset);
        return Err(FileError::new(
            path,
            line,
            column,
            format!(
                "lists or block quotes are nested more than {MAX_NESTING} levels deep here; flatten them"
            ),
        ));
    }
    Ok(text)
}

/// The rules, configured for one run.
pub struct Linter<'a> {
    config: &'a LintConfig,
    claims: &'a ClaimsFile,
    lex: &'a Lexicon,
    today: Date,
    short_words: PhraseList,
    domain: rules::analysis::Domain,
}

/// A finding before its position is resolved: a rule, a byte range in the file, words.
struct Raw {
    rule: &'static RuleMeta,
    severity: Option<Severity>,
    range: Range<usize>,
    message: String,
    suggestion: Option<String>,
    sentence: String,
    claims: Vec<String>,
    /// Byte offset of the block, for matching suppression comments.
    block_offset: Option<usize>,
}

impl<'a> Linter<'a> {
    pub fn new(
        config: &'a LintConfig,
        claims: &'a ClaimsFile,
        today: Date,
        glossary_terms: &[String],
    ) -> Linter<'a> {
        let mut short_words = PhraseList::new(reading_grade::CONDITION_NAMES);
        short_words.extend(glossary_terms);
        let domain = rules::analysis::Domain::new(&claims.claims);
        Linter {
            config,
            claims,
            lex: &config.words,
            today,
            short_words,
            domain,
        }
    }

    /// False for a rule that config turned off: it does not run at all.
    fn enabled(&self, rule: &RuleMeta) -> bool {
        self.config.severity.get(rule.id) != Some(&crate::config::SeveritySetting::Off)
    }

    fn lookup(&self) -> impl Fn(&str) -> Option<&'a Claim> + '_ {
        |id| self.claims.get(id)
    }

    /// Each approved statement must pass the wording rules against itself.
    pub fn check_statements(&self, report: &mut Report) {
        let path = &self.claims.path;
        let Ok(text) = std::fs::read_to_string(path) else {
            return;
        };
        let mut raws = Vec::new();
        for claim in &self.claims.claims {
            let ctx = SentenceCtx::new(
                &claim.statement,
                Role::Statement,
                vec![claim.id.clone()],
                |_| Some(claim),
                self.lex,
            );
            for hit in check_sentence_with(&ctx, &|r| self.enabled(r)) {
                let range = statement_range(&text, claim, &hit.chars);
                raws.push(self.raw_from_hit(
                    hit,
                    range,
                    &claim.statement,
                    vec![claim.id.clone()],
                    None,
                ));
            }
        }
        let display = display_path(path);
        for raw in raws {
            self.push(report, &display, &text, raw);
        }
        report.sources.insert(display, text);
    }

    /// Each glossary definition is checked like a sentence against the claims it lists.
    pub fn check_glossary(&self, path: &Path, glossary: &Glossary, report: &mut Report) {
        let Ok(text) = std::fs::read_to_string(path) else {
            return;
        };
        let mut raws = Vec::new();
        for term in &glossary.terms {
            let def = term.definition.trim();
            let ctx = SentenceCtx::new(
                def,
                Role::Glossary,
                term.claims.clone(),
                self.lookup(),
                self.lex,
            )
            .with_domain(&self.domain);
            let start = definition_offset(&text, &term.term, def);
            for hit in check_sentence_with(&ctx, &|r| self.enabled(r)) {
                let range = start + char_to_byte(def, hit.chars.start)
                    ..start + char_to_byte(def, hit.chars.end);
                raws.push(self.raw_from_hit(hit, range, def, term.claims.clone(), None));
            }
        }
        let display = display_path(path);
        for raw in raws {
            self.push(report, &display, &text, raw);
        }
        report.sources.insert(display, text);
    }

    /// Checks pages in parallel (they are independent) and adds them to the report in the
    /// order given, so output does not depend on scheduling.
    pub fn check_pages(&self, pages: &[(PathBuf, String)], report: &mut Report) {
        let parts: Vec<Report> = pages
            .par_iter()
            .map(|(path, text)| {
                let mut part = Report::new();
                self.check_page(path, text, &mut part);
                part
            })
            .collect();
        for part in parts {
            report.merge(part);
        }
    }

    /// Checks one page and adds its findings and summary to the report.
    pub fn check_page(&self, path: &Path, text: &str, report: &mut Report) {
        let display = display_path(path);
        let findings_before = report.findings.len();
        let source = page::split_front_matter(text);
        let mut raws = Vec::new();
        let meta = self.front_matter(&source, &mut raws);
        let sentences = page::sentences(&source);
        let mut cited = 0;
        let mut mentions_safety = meta.mentions_safety;
        for s in &sentences {
            cited += s.markers.len();
            if s.is_orphan_markers() {
                for m in &s.markers {
                    raws.push(Raw {
                        rule: &rules::unknown_claim::UNKNOWN_CLAIM,
                        severity: None,
                        range: m.offset..m.offset + m.len.max(1),
                        message: format!(
                            "the marker for `{}` follows no sentence, so it supports nothing",
                            m.id
                        ),
                        suggestion: Some(
                            "put the marker right after the full stop of the sentence it supports"
                                .into(),
                        ),
                        sentence: String::new(),
                        claims: vec![m.id.clone()],
                        block_offset: Some(s.block_offset),
                    });
                }
                continue;
            }
            let ids = s.markers.iter().map(|m| m.id.clone()).collect();
            let role = Role::Body {
                heading: s.block == BlockKind::Heading,
            };
            let ctx = SentenceCtx::new_in(
                &s.text,
                role,
                ids,
                self.lookup(),
                self.lex,
                Some(&self.domain),
            );
            mentions_safety |= crisis_help::mentions_safety_topic(&ctx.tokens);
            for hit in check_sentence_with(&ctx, &|r| self.enabled(r)) {
                let range = s.source_range(&hit.chars);
                let ids = s.markers.iter().map(|m| m.id.clone()).collect();
                raws.push(self.raw_from_hit(hit, range, &s.text, ids, Some(s.block_offset)));
            }
            self.stale_claims(s, &mut raws);
        }
        for range in rules::shortcode_syntax::check(&source) {
            raws.push(Raw {
                rule: &rules::shortcode_syntax::SHORTCODE_SYNTAX,
                severity: None,
                range,
                message: "this marker or shortcode is not closed or cannot be read".into(),
                suggestion: Some(
                    "write it whole, like {{ claim(id=\"amygdala-volume\") }}; to show a call itself, write {{/* name() */}}"
                        .into(),
                ),
                sentence: String::new(),
                claims: Vec::new(),
                block_offset: None,
            });
        }
        for (range, message) in rules::raw_html::check(&source) {
            raws.push(Raw {
                rule: &rules::raw_html::RAW_HTML,
                severity: None,
                range,
                message,
                suggestion: Some(
                    "use Markdown, or only the elements listed in tools/claim-lint/lexicon/html_tags.yaml (details, summary, tables, inline SVG)"
                        .into(),
                ),
                sentence: String::new(),
                claims: Vec::new(),
                block_offset: None,
            });
        }
        let grade = self.reading_grade(&sentences, &source, &mut raws);
        let has_crisis_block = meta.crisis_flag
            || page::shortcode_names(&source)
                .iter()
                .any(|n| n == "crisis_help");
        if mentions_safety && !has_crisis_block {
            raws.push(self.page_raw(
                &crisis_help::CRISIS_HELP_MISSING,
                meta.title_offset.unwrap_or(source.body_offset),
                "this page mentions suicide or self-harm but offers no crisis help".into(),
                "add {{ crisis_help() }} near the top of the page, or set crisis_help = true under [extra]",
            ));
        }
        let kept = self.apply_suppressions(&display, text, &source, raws, report);
        for raw in kept {
            self.push(report, &display, text, raw);
        }
        report.summary.files += 1;
        let counted = sentences.iter().filter(|s| !s.is_orphan_markers()).count();
        report.summary.sentences += counted;
        report.summary.claims_cited += cited;
        report.summary.pages.push(PageSummary {
            path: display.clone(),
            file: path.to_path_buf(),
            sentences: counted,
            claims_cited: cited,
            reading_grade: grade,
        });
        // The text is kept only to show snippets of findings: a clean page costs no memory.
        if report.findings.len() > findings_before {
            report.sources.insert(display, text.to_string());
        }
    }

    fn raw_from_hit(
        &self,
        hit: Hit,
        range: Range<usize>,
        sentence: &str,
        claims: Vec<String>,
        block: Option<usize>,
    ) -> Raw {
        Raw {
            rule: hit.rule,
            severity: None,
            range,
            message: hit.message,
            suggestion: hit.suggestion,
            sentence: sentence.to_string(),
            claims,
            block_offset: block,
        }
    }

    fn page_raw(
        &self,
        rule: &'static RuleMeta,
        offset: usize,
        message: String,
        suggestion: &str,
    ) -> Raw {
        Raw {
            rule,
            severity: None,
            range: offset..offset + 1,
            message,
            suggestion: Some(suggestion.to_string()),
            sentence: String::new(),
            claims: Vec::new(),
            block_offset: None,
        }
    }

    fn stale_claims(&self, s: &Sentence, raws: &mut Vec<Raw>) {
        for m in &s.markers {
            let Some(claim) = self.claims.get(&m.id) else {
                continue;
            };
            let Some(next) = claim.next_review else {
                continue;
            };
            if next < self.today {
                raws.push(Raw {
                    rule: &stale_claim::STALE_CLAIM,
                    severity: None,
                    range: m.offset..m.offset + m.len.max(1),
                    message: format!("cites `{}`, whose review was due on {next}", claim.id),
                    suggestion: Some("re-check the claim against its source and update its review dates in claims.yaml".into()),
                    sentence: s.text.clone(),
                    claims: vec![m.id.clone()],
                    block_offset: Some(s.block_offset),
                });
            }
        }
    }

    fn reading_grade(
        &self,
        sentences: &[Sentence],
        source: &PageSource,
        raws: &mut Vec<Raw>,
    ) -> Option<f64> {
        let prose: Vec<&str> = sentences
            .iter()
            .filter(|s| matches!(s.block, BlockKind::Paragraph | BlockKind::ListItem))
            .map(|s| s.text.as_str())
            .collect();
        let grade = reading_grade::count(&prose, &self.short_words).grade()?;
        if grade > self.config.reading_grade_max {
            raws.push(self.page_raw(
                &reading_grade::READING_GRADE,
                first_text_offset(source),
                format!(
                    "the page reads at grade {grade:.1}, above the target of {:.1}",
                    self.config.reading_grade_max
                ),
                "use shorter sentences and everyday words; explain technical terms or add them to glossary.yaml",
            ));
        }
        Some(grade)
    }

    fn push(&self, report: &mut Report, path: &str, text: &str, raw: Raw) {
        let severity = match raw.severity {
            Some(s) => Some(s),
            None => match self.config.severity.get(raw.rule.id) {
                Some(setting) => setting.to_severity(),
                None => Some(raw.rule.severity),
            },
        };
        let Some(severity) = severity else { return };
        let range = char_aligned(text, &raw.range);
        let (line, column) = line_col(text, range.start);
        let (end_line, end_column) = line_col(text, range.end);
        let claim_notes = raw
            .claims
            .iter()
            .filter_map(|id| self.claims.get(id))
            .map(|c| {
                format!(
                    "claim `{}` ({} certainty, shown as \"{}\"): \"{}\"",
                    c.id,
                    c.certainty,
                    c.certainty.reader_words(),
                    c.statement
                )
            })
            .collect();
        report.findings.push(Finding {
            path: path.to_string(),
            line,
            column,
            end_line,
            end_column,
            rule: raw.rule.id.to_string(),
            category: raw.rule.category.as_str().to_string(),
            severity,
            message: raw.message,
            claim: raw.claims.first().cloned(),
            claims: raw.claims,
            sentence: raw.sentence,
            suggestion: raw.suggestion,
            byte_range: range,
            claim_notes,
        });
    }
}

/// What the front matter says that the rules need.
#[derive(Default)]
struct PageMeta {
    crisis_flag: bool,
    mentions_safety: bool,
    title_offset: Option<usize>,
}

impl Linter<'_> {
    fn front_matter(&self, source: &PageSource, raws: &mut Vec<Raw>) -> PageMeta {
        let mut meta = PageMeta::default();
        if source.unclosed_front_matter {
            raws.push(self.page_raw(
                &rules::front_matter::FRONT_MATTER,
                0,
                "front matter is opened with +++ but never closed".into(),
                "add a line with only +++ after the front matter",
            ));
            return meta;
        }
        let Some(fm) = &source.front_matter else {
            self.review_dates(None, 0, raws);
            return meta;
        };
        let table: toml::Table = match toml::from_str(&fm.toml) {
            Ok(t) => t,
            Err(e) => {
                let at = fm.offset + e.span().map_or(0, |s| s.start);
                raws.push(self.page_raw(
                    &rules::front_matter::FRONT_MATTER,
                    at,
                    format!("front matter is not valid TOML: {}", e.message()),
                    "fix the TOML; strings need double quotes, dates are written 2026-11-22",
                ));
                return meta;
            }
        };
        let spans: FrontSpans = toml::from_str(&fm.toml).unwrap_or_default();
        for (key, span) in [("title", &spans.title), ("description", &spans.description)] {
            let Some(value) = table.get(key).and_then(|v| v.as_str()) else {
                continue;
            };
            let offset = fm.offset
                + span
                    .as_ref()
                    .map_or(0, |s| string_start(&fm.toml, s.span().start));
            if key == "title" {
                meta.title_offset = Some(offset);
            }
            let ctx = SentenceCtx::new(value, Role::FrontMatter, Vec::new(), |_| None, self.lex);
            meta.mentions_safety |= crisis_help::mentions_safety_topic(&tokenize(value));
            for hit in check_sentence_with(&ctx, &|r| self.enabled(r)) {
                let range = offset + char_to_byte(value, hit.chars.start)
                    ..offset + char_to_byte(value, hit.chars.end);
                raws.push(self.raw_from_hit(hit, range, value, Vec::new(), None));
            }
        }
        let extra = table.get("extra").and_then(|e| e.as_table());
        meta.crisis_flag = extra
            .and_then(|e| e.get("crisis_help"))
            .and_then(|v| v.as_bool())
            == Some(true);
        self.review_dates(extra, fm.offset, raws);
        meta
    }

    fn review_dates(&self, extra: Option<&toml::Table>, fm_offset: usize, raws: &mut Vec<Raw>) {
        let get = |k: &str| extra.and_then(|e| e.get(k));
        // TOML dates (Zola's usual form) and date strings both count; a datetime's date part
        // is the date.
        let date = |k: &str| match get(k)? {
            toml::Value::Datetime(d) => d.date.and_then(|d| Date::parse(&d.to_string())),
            toml::Value::String(s) => Date::parse(s),
            _ => None,
        };
        let mut missing = Vec::new();
        for key in ["reviewed", "next_review"] {
            if get(key).is_some() && date(key).is_none() {
                raws.push(self.page_raw(
                    &review_dates::REVIEW_METADATA,
                    fm_offset,
                    format!("`{key}` under [extra] is not a date"),
                    "write the date as 2026-11-22",
                ));
            } else if get(key).is_none() {
                missing.push(key);
            }
        }
        match get("reviewed_by") {
            Some(toml::Value::String(s)) if !s.trim().is_empty() => {}
            Some(v) if !v.is_str() => raws.push(self.page_raw(
                &review_dates::REVIEW_METADATA,
                fm_offset,
                "`reviewed_by` under [extra] is not text".into(),
                "write who signed the page off in quotes, e.g. reviewed_by = \"Consultant psychiatrist\"",
            )),
            _ => missing.push("reviewed_by"),
        }
        if !missing.is_empty() {
            raws.push(self.page_raw(
                &review_dates::REVIEW_METADATA,
                fm_offset,
                format!("the page has no {} under [extra]", missing.join(", ")),
                "add reviewed = 2026-11-22, next_review = 2027-11-22 and reviewed_by = \"pending clinical review\" (or the signing clinician's role) under [extra]",
            ));
        }
        let Some(next) = date("next_review") else {
            return;
        };
        match review_dates::review_state(next, self.today) {
            review_dates::ReviewState::Overdue(days) => {
                let mut raw = self.page_raw(
                    &review_dates::REVIEW_OVERDUE,
                    fm_offset,
                    format!("the page was due for review on {next}, {days} days ago"),
                    "have a clinician review the page, then update reviewed, next_review and reviewed_by",
                );
                raw.severity = self.config.overdue_severity.to_severity();
                if raw.severity.is_some() {
                    raws.push(raw);
                }
            }
            review_dates::ReviewState::DueSoon(days) => raws.push(self.page_raw(
                &review_dates::REVIEW_DUE_SOON,
                fm_offset,
                format!("the page is due for review on {next}, in {days} days"),
                "book the clinical review before that date",
            )),
            review_dates::ReviewState::Current => {}
        }
    }

    /// Moves suppressed findings to the report's suppression list; returns the rest.
    fn apply_suppressions(
        &self,
        display: &str,
        text: &str,
        source: &PageSource,
        raws: Vec<Raw>,
        report: &mut Report,
    ) -> Vec<Raw> {
        let allows = suppression::find_allows(text, source.body_offset);
        let mut used = vec![false; allows.len()];
        let mut invalid = Vec::new();
        let valid: Vec<bool> = allows
            .iter()
            .map(|a| match self.allow_problem(a) {
                Some(problem) => {
                    invalid.push(self.page_raw(
                        &suppression::SUPPRESSION_INVALID,
                        a.offset,
                        problem.0,
                        problem.1,
                    ));
                    false
                }
                None => true,
            })
            .collect();
        let mut kept = Vec::new();
        for raw in raws {
            let block_line = raw.block_offset.map(|o| line_col(text, o).0);
            let matching = allows.iter().enumerate().find(|(i, a)| {
                valid[*i]
                    && a.rule == raw.rule.id
                    && (raw.rule.page_level || block_line == Some(a.line + 1))
            });
            match matching {
                Some((i, a)) => {
                    used[i] = true;
                    report.suppressions.push(Suppression {
                        path: display.to_string(),
                        line: a.line,
                        rule: a.rule.clone(),
                        reason: a.reason.clone().unwrap_or_default(),
                    });
                }
                None => kept.push(raw),
            }
        }
        for (i, a) in allows.iter().enumerate() {
            if valid[i] && !used[i] {
                let mut raw = self.page_raw(
                    &suppression::SUPPRESSION_INVALID,
                    a.offset,
                    format!("this suppression of `{}` silences nothing", a.rule),
                    "remove it, or put it on the line just before the block it is meant for",
                );
                raw.severity = Some(Severity::Warning);
                kept.push(raw);
            }
        }
        kept.extend(invalid);
        kept
    }

    fn allow_problem(&self, a: &suppression::Allow) -> Option<(String, &'static str)> {
        let Some(rule) = rules::find_rule(&a.rule) else {
            return Some((
                format!("suppression names unknown rule `{}`", a.rule),
                "use a rule id listed by `claim-lint rules`",
            ));
        };
        if a.reason.is_none() {
            return Some((
                format!("suppression of `{}` gives no reason", a.rule),
                "add reason=\"…\" saying why this block is an exception",
            ));
        }
        let allowed = rule.suppressible_by_default()
            || self.config.allow_suppress.iter().any(|r| r == rule.id);
        if !allowed {
            return Some((
                format!(
                    "`{}` is in the {} category; suppressing it would bypass the publication gate",
                    rule.id,
                    rule.category.as_str()
                ),
                "fix the sentence instead; a clinic that accepts the risk can list the rule in allow_suppress under [extra.claim_lint]",
            ));
        }
        None
    }
}

/// Where a glossary term's definition is written: after the term's own `term:` line, as the
/// definition text itself when it is written on one line, else at its `definition:` key.
fn definition_offset(text: &str, term: &str, definition: &str) -> usize {
    let term_at = text
        .match_indices("term:")
        .map(|(i, _)| i)
        .find(|&i| {
            let value = text[i + 5..].lines().next().unwrap_or("").trim();
            value.trim_matches(|c| c == '"' || c == '\'') == term
        })
        .unwrap_or(0);
    let after = &text[term_at..];
    if let Some(i) = after.find(definition) {
        return term_at + i;
    }
    after.find("definition:").map_or(term_at, |i| term_at + i)
}

/// Where the front matter's title and description are written, whatever the key quoting.
#[derive(Default, serde::Deserialize)]
struct FrontSpans {
    title: Option<toml::Spanned<String>>,
    description: Option<toml::Spanned<String>>,
}

/// Offset of a TOML string's first character, given the offset of its opening quote.
fn string_start(toml_text: &str, quote: usize) -> usize {
    let rest = &toml_text[quote.min(toml_text.len())..];
    if rest.starts_with("\"\"\"") || rest.starts_with("'''") {
        // A newline right after the opening delimiter is not part of the string.
        let after = &rest[3..];
        quote
            + 3
            + usize::from(after.starts_with('\n'))
            + 2 * usize::from(after.starts_with("\r\n"))
    } else if rest.starts_with(['"', '\'']) {
        quote + 1
    } else {
        quote
    }
}

/// Offset of the first non-blank character of the body, where page-level findings point.
fn first_text_offset(source: &PageSource) -> usize {
    let body = &source.text[source.body_offset..];
    let skipped = body.len() - body.trim_start().len();
    (source.body_offset + skipped).min(source.text.len().saturating_sub(1))
}

/// Widens a byte range to whole characters: rules point at "the character at this offset"
/// with `offset..offset + 1`, which would cut a multibyte character in two.
fn char_aligned(text: &str, range: &Range<usize>) -> Range<usize> {
    let mut start = range.start.min(text.len());
    while start > 0 && !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = range.end.clamp(start, text.len());
    while end < text.len() && !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

fn char_to_byte(s: &str, chars: usize) -> usize {
    s.char_indices().nth(chars).map_or(s.len(), |(i, _)| i)
}

/// Byte range in the claims file of a character range of a claim's statement.
fn statement_range(text: &str, claim: &Claim, chars: &Range<usize>) -> Range<usize> {
    let start = claim.statement_offset;
    let written = text.get(start..start + claim.statement.len());
    if written == Some(claim.statement.as_str()) {
        start + char_to_byte(&claim.statement, chars.start)
            ..start + char_to_byte(&claim.statement, chars.end)
    } else {
        start..start + 1
    }
}
