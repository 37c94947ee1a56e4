//! The `claim-lint` command line. All the work is in the library.

use chrono::Local;
use claim_lint::check::{collect_pages, read_pages};
use claim_lint::claims::Date;
use claim_lint::config::LintConfig;
use claim_lint::diagnostic::FileError;
use claim_lint::report::display_path;
use claim_lint::{check, CheckOptions, Severity};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Prints to stdout like `print!`, but a reader that stops early (`claim-lint check | head`)
/// is not an error: the rest of the output is dropped instead of panicking.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout(), $($arg)*);
    }};
}

/// `println!` with [`out!`]'s handling of a closed pipe.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}
pub(crate) use outln;

mod commands;

#[derive(Parser)]
#[command(
    name = "claim-lint",
    version,
    about = "Block health pages that say more than their sources."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// rustc-style findings with the lines they are on, then a summary.
    Human,
    /// Version 1 of the JSON report: findings, suppressions and summary.
    Json,
    /// SARIF 2.1.0, for code scanning; suppressed findings are listed as suppressed.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=…::…`), one per finding.
    Github,
}

#[derive(Clone, Copy, ValueEnum)]
enum MinSeverity {
    Error,
    Warning,
    Info,
}

impl MinSeverity {
    fn severity(self) -> Severity {
        match self {
            MinSeverity::Error => Severity::Error,
            MinSeverity::Warning => Severity::Warning,
            MinSeverity::Info => Severity::Info,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Check pages against the claims file. Exit 0: no errors; 1: errors; 2: bad input.
    Check {
        /// The source-claims file.
        #[arg(long, default_value = "claims.yaml")]
        claims: PathBuf,
        /// The site config holding [extra.claim_lint].
        #[arg(long, default_value = "config.toml")]
        config: PathBuf,
        /// The glossary whose terms count as short words for readability.
        #[arg(long, default_value = "glossary.yaml")]
        glossary: PathBuf,
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// Show only findings at least this severe, in every format. The exit code still
        /// counts every error.
        #[arg(long, value_enum, default_value = "info")]
        min_severity: MinSeverity,
        /// First make the safe fixes in the pages (stigmatizing terms with one listed
        /// replacement, markers before a full stop), report them on stderr, then check.
        #[arg(long)]
        fix: bool,
        /// With --fix: print the fixes as a unified diff and write nothing; no check.
        #[arg(long, requires = "fix")]
        dry_run: bool,
        /// The date for review-date rules, YYYY-MM-DD (default: today).
        #[arg(long)]
        today: Option<String>,
        /// Pages or folders of pages.
        #[arg(default_value = "content")]
        paths: Vec<PathBuf>,
    },
    /// Write citations.yaml (for each claim, the pages and headings that cite it) and
    /// citations/<id>.yaml (what a marker shows about its claim).
    Index {
        #[arg(long, default_value = "claims.yaml")]
        claims: PathBuf,
        #[arg(long, default_value = "citations.yaml")]
        output: PathBuf,
        /// Do not write; exit 1 if the file is missing or stale.
        #[arg(long)]
        check: bool,
        #[arg(default_value = "content")]
        content: PathBuf,
    },
    /// Print the rule reference (Markdown), generated from the rules' own docs.
    Rules,
    /// Write a self-contained HTML review of every claim for the clinician who signs them
    /// off: evidence, findings, citing sentences and sign-off status, riskiest first.
    Review {
        #[arg(long, default_value = "claims.yaml")]
        claims: PathBuf,
        #[arg(long, default_value = "config.toml")]
        config: PathBuf,
        #[arg(long, default_value = "glossary.yaml")]
        glossary: PathBuf,
        /// The folder to write index.html into.
        #[arg(long, default_value = "review")]
        out: PathBuf,
        /// The date for review-date rules, YYYY-MM-DD (default: today).
        #[arg(long)]
        today: Option<String>,
        #[arg(default_value = "content")]
        content: PathBuf,
    },
    /// Record a clinician's sign-off of claims (by id) and pages (paths ending in .md).
    /// A claim or page with errors is refused; so is a page whose claims are not signed.
    Sign {
        /// Who signs: "NAME, ROLE".
        #[arg(long)]
        by: Option<String>,
        /// The date of the sign-off, YYYY-MM-DD (default: today).
        #[arg(long)]
        date: Option<String>,
        /// List what awaits sign-off and sign nothing (signing in bulk would be
        /// rubber-stamping).
        #[arg(long)]
        pending: bool,
        #[arg(long, default_value = "claims.yaml")]
        claims: PathBuf,
        #[arg(long, default_value = "config.toml")]
        config: PathBuf,
        #[arg(long, default_value = "glossary.yaml")]
        glossary: PathBuf,
        /// The pages folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Claim ids and pages (ending in .md) to sign.
        targets: Vec<String>,
    },
    /// List the claims whose content changed since a git revision, and every sentence that
    /// cites them: what must be reviewed again.
    Impact {
        /// The git revision to compare with (a commit, tag or branch).
        #[arg(long)]
        since: String,
        #[arg(long, default_value = "claims.yaml")]
        claims: PathBuf,
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        #[arg(default_value = "content")]
        content: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Index {
            claims,
            output,
            check,
            content,
        } => index(&claims, &output, check, &content),
        Command::Rules => {
            out!("{}", claim_lint::rules_markdown());
            ExitCode::SUCCESS
        }
        Command::Review {
            claims,
            config,
            glossary,
            out,
            today,
            content,
        } => match parse_today(today) {
            Ok(today) => {
                let opts = CheckOptions {
                    claims,
                    config,
                    glossary: Some(glossary),
                    paths: vec![content.clone()],
                    today,
                };
                commands::review(&opts, &content, &out)
            }
            Err(code) => code,
        },
        Command::Sign {
            by,
            date,
            pending,
            claims,
            config,
            glossary,
            content,
            targets,
        } => match parse_today(date) {
            Ok(date) => {
                let opts = CheckOptions {
                    claims,
                    config,
                    glossary: Some(glossary),
                    paths: vec![content.clone()],
                    today: date,
                };
                if pending {
                    commands::pending(&opts, &content)
                } else {
                    commands::sign(&opts, &content, by.as_deref(), &targets)
                }
            }
            Err(code) => code,
        },
        Command::Impact {
            since,
            claims,
            format,
            content,
        } => commands::impact(&claims, &content, &since, matches!(format, Format::Json)),
        Command::Check {
            claims,
            config,
            glossary,
            format,
            min_severity,
            fix,
            dry_run,
            today,
            paths,
        } => {
            let today = match parse_today(today) {
                Ok(d) => d,
                Err(code) => return code,
            };
            let opts = CheckOptions {
                claims,
                config,
                glossary: Some(glossary),
                paths,
                today,
            };
            if fix {
                if let Err(errors) = fix_pages(&opts, dry_run) {
                    for e in errors {
                        eprintln!("error: {e}");
                    }
                    return ExitCode::from(2);
                }
                if dry_run {
                    return ExitCode::SUCCESS;
                }
            }
            match check(&opts) {
                Err(errors) => {
                    for e in errors {
                        eprintln!("error: {e}");
                    }
                    ExitCode::from(2)
                }
                Ok(mut report) => {
                    report.retain_min_severity(min_severity.severity());
                    match format {
                        Format::Json => outln!("{}", report.to_json()),
                        Format::Sarif => outln!("{}", report.to_sarif()),
                        Format::Github => out!("{}", report.to_github()),
                        Format::Human => {
                            let color = std::env::var_os("NO_COLOR").is_none()
                                && std::io::stdout().is_terminal();
                            out!("{}", report.to_human(color));
                        }
                    }
                    if report.has_errors() {
                        ExitCode::from(1)
                    } else {
                        ExitCode::SUCCESS
                    }
                }
            }
        }
    }
}

/// The date given, or today; a bad date is a located error (exit 2).
fn parse_today(given: Option<String>) -> Result<Date, ExitCode> {
    match given {
        None => Ok(Date(Local::now().date_naive())),
        Some(s) => Date::parse(&s).ok_or_else(|| {
            eprintln!("error: {s:?} is not a date; expected YYYY-MM-DD");
            ExitCode::from(2)
        }),
    }
}

/// Makes the safe fixes in the pages under `opts.paths` ([`claim_lint::fix`]), or with
/// `dry_run` prints them as a unified diff. What was changed, and what the fixer saw and
/// left for a person, goes to stderr, so that stdout stays the report (or the diff).
fn fix_pages(opts: &CheckOptions, dry_run: bool) -> Result<(), Vec<FileError>> {
    let config = LintConfig::load(&opts.config).map_err(|e| vec![e])?;
    // Pages only: never the claims file, the glossary or the config, even when named.
    let same = |a: &Path, b: &Path| match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    };
    let files: Vec<PathBuf> = collect_pages(&opts.paths)?
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .filter(|p| {
            !same(p, &opts.claims)
                && !same(p, &opts.config)
                && !opts.glossary.as_ref().is_some_and(|g| same(p, g))
        })
        .collect();
    let pages = read_pages(&files)?;
    let (mut changed_files, mut changes, mut left) = (0, 0, 0);
    for (path, text) in &pages {
        let fixed = claim_lint::fix::fix_page(text, &config.words);
        let display = display_path(path);
        for c in &fixed.changes {
            eprintln!(
                "fixed: {display}:{}:{}: {}",
                c.line, c.column, c.description
            );
        }
        for l in &fixed.left {
            eprintln!(
                "left for a person: {display}:{}:{}: {}",
                l.line, l.column, l.description
            );
        }
        changes += fixed.changes.len();
        left += fixed.left.len();
        if fixed.changes.is_empty() {
            continue;
        }
        changed_files += 1;
        if dry_run {
            out!(
                "{}",
                claim_lint::fix::unified_diff(&display, text, &fixed.text)
            );
        } else {
            write_page(path, &fixed.text).map_err(|e| {
                vec![FileError::new(
                    path,
                    1,
                    1,
                    format!("cannot write the fixed page: {e}"),
                )]
            })?;
        }
    }
    eprintln!(
        "claim-lint --fix{}: {changes} change{} in {changed_files} file{}{}; {left} left for a person",
        if dry_run { " --dry-run" } else { "" },
        plural(changes),
        plural(changed_files),
        if dry_run { ", nothing written" } else { "" },
    );
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Replaces a page's text: written beside it, then renamed over it (through a symbolic
/// link to the real file), keeping its permissions, so a crash never leaves half a page.
fn write_page(path: &Path, text: &str) -> std::io::Result<()> {
    let real = std::fs::canonicalize(path)?;
    let name = real.file_name().unwrap_or_default().to_string_lossy();
    let temporary = real.with_file_name(format!(".{name}.claim-lint-fix.tmp"));
    std::fs::write(&temporary, text)?;
    let done = std::fs::metadata(&real)
        .and_then(|m| std::fs::set_permissions(&temporary, m.permissions()))
        .and_then(|()| std::fs::rename(&temporary, &real));
    if done.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    done
}

fn index(
    claims: &std::path::Path,
    output: &std::path::Path,
    check: bool,
    content: &std::path::Path,
) -> ExitCode {
    let built = claim_lint::claims::ClaimsFile::load(claims)
        .and_then(|c| claim_lint::index::build(&c, content));
    let index = match built {
        Ok(i) => i,
        Err(errors) => {
            for e in errors {
                eprintln!("error: {e}");
            }
            return ExitCode::from(2);
        }
    };
    let marker_dir = output
        .parent()
        .unwrap_or(std::path::Path::new("."))
        .join(claim_lint::index::MARKER_DIR);
    if check {
        if !claim_lint::index::is_current(&index, output) {
            eprintln!(
                "error: {} or {}/ is stale; regenerate them with `cargo run --release -p claim-lint -- index` and commit them",
                output.display(),
                marker_dir.display()
            );
            return ExitCode::from(1);
        }
        return ExitCode::SUCCESS;
    }
    let text = claim_lint::index::render(&index);
    let markers = claim_lint::index::marker_files(&index);
    if let Err(e) = claim_lint::index::sync_marker_dir(&marker_dir, &markers, false) {
        eprintln!("error: cannot write {}: {e}", marker_dir.display());
        return ExitCode::from(2);
    }
    // Write beside the target, then rename, so a crash never leaves a half-written index.
    let temporary = output.with_extension("yaml.tmp");
    let written =
        std::fs::write(&temporary, text).and_then(|()| std::fs::rename(&temporary, output));
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", output.display());
            ExitCode::from(2)
        }
    }
}
