//! The `site` command line. All the work is in the library.

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use site::{build, BuildOptions, BuildSummary};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Parser)]
#[command(
    name = "site",
    version,
    about = "Build the BPD site from its Zola-style tree, with the claim gate built in."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check every page with claim-lint, then render the site into public/.
    /// Exit 0: built; 1: claim-lint found errors (public/ unchanged); 2: bad input.
    Build {
        /// The site's folder, holding config.toml, content/, templates/, sass/ and static/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Use this base URL instead of config.toml's, as `zola build --base-url` does.
        #[arg(long)]
        base_url: Option<String>,
        /// The date for review checks, YYYY-MM-DD (default: today).
        #[arg(long, value_parser = parse_date)]
        today: Option<NaiveDate>,
    },
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("{s:?} is not a date; expected YYYY-MM-DD"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            base_url,
            today,
        } => {
            let opts = BuildOptions {
                root,
                base_url,
                today,
                color: std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal(),
            };
            let started = Instant::now();
            match build(&opts) {
                Ok(summary) => {
                    report_success(&opts, &summary, started);
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::from(e.exit_code())
                }
            }
        }
    }
}

fn report_success(opts: &BuildOptions, summary: &BuildSummary, started: Instant) {
    if let Some(report) = &summary.lint_warnings {
        eprint!("{report}");
    }
    if !summary.withheld.is_empty() {
        eprintln!(
            "warning: withheld {} page(s) past their review date (review-overdue is an error in config.toml): {}",
            summary.withheld.len(),
            summary.withheld.join(", ")
        );
        eprintln!("         their URLs show a short notice instead until a clinician reviews them");
    }
    for page in &summary.overdue_kept {
        eprintln!(
            "warning: {page} is past its review date but is published anyway, because it carries the crisis help; have a clinician review it now"
        );
    }
    if !summary.crisis_reviewed {
        let bar = "!".repeat(78);
        eprintln!("{bar}");
        eprintln!("!! WARNING: THE CRISIS NUMBERS HAVE NOT BEEN CHECKED BY THE CLINIC");
        eprintln!("!! config.toml [extra.crisis] has reviewed = false, so every page shows the");
        eprintln!("!! shipped default lines (US 988, UK Samaritans 116 123) with a notice that");
        eprintln!("!! they are defaults. Check them for your readers, then set reviewed = true.");
        eprintln!("{bar}");
    }
    if summary.citations_updated {
        eprintln!("note: citations.yaml was stale and has been rewritten; commit it so Zola builds see the same citations");
    }
    eprintln!(
        "site: built {} pages into {} in {} ms",
        summary.pages,
        opts.root.join("public").display(),
        started.elapsed().as_millis()
    );
}
