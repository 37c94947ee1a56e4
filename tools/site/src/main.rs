//! The `site` command line. All the work is in the library.

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use site::{build, BuildOptions, BuildSummary};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

mod init;

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
    /// Preview the site on 127.0.0.1:1111, rebuilding and reloading on change; claim-lint
    /// findings show as a page instead of the site. public/ is not touched. Ctrl-C stops.
    Serve(site::serve::ServeArgs),
    /// Write a new site into DIR (new or empty), ready to build: config.toml with the
    /// clinic's name, an example source with two claims and a page citing them, the
    /// templates, Sass and static files, CI workflows and pre-commit hooks.
    Init(init::InitArgs),
    /// Check every link and #anchor in public/ with lychee-lib; links under base_url are
    /// checked against the files. Exit 0: all good; 1: broken links; 2: no built site.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The base URL the site was built with (default: config.toml's base_url).
        #[arg(long)]
        base_url: Option<String>,
        /// Also fetch links to other sites.
        #[arg(long)]
        online: bool,
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
        Command::Serve(args) => site::serve::main(args),
        Command::Init(args) => init::main(args),
        Command::Check {
            root,
            base_url,
            online,
        } => check_links(&root, base_url.as_deref(), online),
    }
}

fn check_links(root: &std::path::Path, base_url: Option<&str>, online: bool) -> ExitCode {
    let config = match site::config::SiteConfig::load(&root.join("config.toml"), base_url) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let opts = site::link_check::LinkCheckOptions {
        public: root.join("public"),
        base_url: config.base_url,
        online,
    };
    match site::link_check::check_links(&opts) {
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
        Ok(report) => {
            for b in &report.broken {
                eprintln!("broken link in {}: {} ({})", b.page, b.url, b.reason);
            }
            let skipped = if online {
                String::new()
            } else {
                format!(", {} skipped (other sites are checked only with --online; tel: and mailto: never)", report.skipped)
            };
            eprintln!(
                "site check: {} links and anchors good, {} broken{skipped}",
                report.checked,
                report.broken.len()
            );
            if report.broken.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
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
