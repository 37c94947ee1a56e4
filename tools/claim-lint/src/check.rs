//! Runs every rule over the claims file and the pages, and collects a [`Report`].

use crate::claims::{Claim, ClaimsFile, Date};
use crate::config::LintConfig;
use crate::diagnostic::{line_col, FileError};
use crate::glossary::Glossary;
use crate::lexicon::Lexicon;
use crate::page::{self, BlockKind, PageSource};
use crate::report::{display_path, Finding, PageSummary, Report, Severity, Suppression};
use crate::rules::{self, crisis_help, reading_grade, suppression};
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
    let texts = crate::evidence::SourceTexts::load(&claims).map_err(|e| vec![e])?;
    let mut report = Report::new();
    linter.check_statements(&mut report);
    linter.check_evidence(&texts, &mut report);
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
    /// The condition's name and every glossary term, for the glossary-adjusted grade.
    glossary_short_words: PhraseList,
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
        // The standard count: only the condition's own name counts as one short word. The
        // grade with glossary terms also counted as short words is reported beside it,
        // labelled, for editors; the rule uses the standard one.
        let short_words = PhraseList::new(reading_grade::CONDITION_NAMES);
        let mut glossary_short_words = PhraseList::new(reading_grade::CONDITION_NAMES);
        glossary_short_words.extend(glossary_terms);
        let domain = rules::analysis::Domain::new(&claims.claims);
        Linter {
            config,
            claims,
            lex: &config.words,
            today,
            short_words,
            glossary_short_words,
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

    /// Each claim against its sources: quotes found in the local texts, basis, certainty
    /// and kind, and the statement against its quoted passages. Reported in the claims file.
    pub fn check_evidence(&self, texts: &crate::evidence::SourceTexts, report: &mut Report) {
        let path = &self.claims.path;
        let Ok(text) = std::fs::read_to_string(path) else {
            return;
        };
        let raws: Vec<Raw> = self
            .claims
            .claims
            .par_iter()
            .filter(|c| c.status != crate::claims::Status::Withdrawn)
            .flat_map_iter(|claim| {
                let ctx = rules::ClaimCtx {
                    claim,
                    claims: self.claims,
                    texts,
                    config: self.config,
                    lex: self.lex,
                };
                rules::check_claim_rules(&ctx, &|r| self.enabled(r))
                    .into_iter()
                    .map(|hit| self.raw_from_claim_hit(&text, claim, hit))
                    .collect::<Vec<_>>()
            })
            .collect();
        let display = display_path(path);
        for raw in raws {
            self.push(report, &display, &text, raw);
        }
        report.sources.insert(display, text);
    }

    fn raw_from_claim_hit(&self, text: &str, claim: &Claim, hit: rules::ClaimHit) -> Raw {
        let range = match &hit.place {
            rules::ClaimPlace::Claim => line_range(text, claim.id_line),
            rules::ClaimPlace::Line(line) => line_range(text, *line),
            rules::ClaimPlace::Statement(chars) => statement_range(text, claim, chars),
        };
        Raw {
            rule: hit.rule,
            severity: hit.severity,
            range,
            message: hit.message,
            suggestion: Some(hit.suggestion),
            sentence: claim.statement.clone(),
            claims: vec![claim.id.clone()],
            block_offset: None,
        }
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
        let front = self.front_matter(&source, &mut raws);
        let sentences = page::sentences(&source);
        let mut cited = 0;
        let mut mentions_safety = front.mentions_safety;
        for s in sentences.iter().filter(|s| !s.is_orphan_markers()) {
            cited += s.markers.len();
            let ids = s.markers.iter().map(|m| m.id.clone()).collect();
            let role = Role::Body {
                heading: matches!(s.block, BlockKind::Heading | BlockKind::TableCell),
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
        }
        cited += sentences
            .iter()
            .filter(|s| s.is_orphan_markers())
            .map(|s| s.markers.len())
            .sum::<usize>();
        let grade = reading_grade::page_grade(&sentences, &self.short_words);
        let grade_with_glossary = reading_grade::page_grade(&sentences, &self.glossary_short_words);
        let code = page::code_ranges(&source.text[source.body_offset..]);
        let page_ctx = rules::PageCtx {
            source: &source,
            sentences: &sentences,
            code: &code,
            front: match (&front.parsed, front.unreadable) {
                (_, true) => rules::Front::Unreadable,
                (Some(parsed), false) => rules::Front::Parsed(parsed),
                (None, false) => rules::Front::Absent,
            },
            title_offset: front.title_offset,
            mentions_safety,
            reading_grade: grade,
            claims: self.claims,
            config: self.config,
            today: self.today,
        };
        for hit in rules::check_page_rules(&page_ctx, &|r| self.enabled(r)) {
            raws.push(Raw {
                rule: hit.rule,
                severity: hit.severity,
                range: hit.range,
                message: hit.message,
                suggestion: Some(hit.suggestion),
                sentence: hit.sentence,
                claims: hit.claims,
                block_offset: hit.block_offset,
            });
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
            reading_grade_glossary_adjusted: grade_with_glossary,
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

    fn push(&self, report: &mut Report, path: &str, text: &str, raw: Raw) {
        if let Some(finding) = self.finding(path, text, raw) {
            report.findings.push(finding);
        }
    }

    /// The finding for a raw hit, positioned in its file; `None` for a rule set to off.
    fn finding(&self, path: &str, text: &str, raw: Raw) -> Option<Finding> {
        let severity = match raw.severity {
            Some(s) => Some(s),
            None => match self.config.severity.get(raw.rule.id) {
                Some(setting) => setting.to_severity(),
                None => Some(raw.rule.severity),
            },
        };
        let severity = severity?;
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
        Some(Finding {
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
        })
    }
}

/// The front matter as read once for every rule.
#[derive(Default)]
struct FrontRead {
    parsed: Option<crate::front_matter::ParsedFrontMatter>,
    /// Present but not readable (the front-matter rule reported why).
    unreadable: bool,
    title_offset: Option<usize>,
    mentions_safety: bool,
}

impl Linter<'_> {
    /// Reads the front matter for the page rules, and checks its title and description as
    /// sentences; an unreadable front matter is the front-matter rule's finding.
    fn front_matter(&self, source: &PageSource, raws: &mut Vec<Raw>) -> FrontRead {
        let mut meta = FrontRead::default();
        let parsed = match crate::front_matter::parse(source) {
            Ok(Some(parsed)) => parsed,
            Ok(None) => return meta,
            Err(e) => {
                raws.push(self.page_raw(
                    &rules::front_matter::FRONT_MATTER,
                    e.offset,
                    e.message,
                    e.suggestion,
                ));
                meta.unreadable = true;
                return meta;
            }
        };
        let Some(fm) = &source.front_matter else {
            return meta;
        };
        let texts = [
            (&parsed.fields.title, "title"),
            (&parsed.fields.description, "description"),
        ];
        for (value, key) in texts {
            let Some(value) = value.as_deref() else {
                continue;
            };
            let offset = parsed
                .value_offset(source.text, key)
                .map_or(fm.offset, |at| string_start(source.text, at));
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
        meta.parsed = Some(parsed);
        meta
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
                        finding: self.finding(display, text, raw).map(Box::new),
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

/// Offset of a TOML string's first character, given the offset of its opening quote.
fn string_start(text: &str, quote: usize) -> usize {
    let rest = &text[quote.min(text.len())..];
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

/// The written part of a 1-based line (from its first non-space character), as a byte range.
fn line_range(text: &str, line: usize) -> Range<usize> {
    let start: usize = text
        .split('\n')
        .take(line.saturating_sub(1))
        .map(|l| l.len() + 1)
        .sum::<usize>()
        .min(text.len());
    let rest = &text[start..];
    let line_text = rest.split('\n').next().unwrap_or("");
    let indent = line_text.len() - line_text.trim_start().len();
    let end = start + line_text.trim_end().len();
    (start + indent)
        ..end
            .max(start + indent + 1)
            .min(text.len().max(start + indent + 1))
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
