//! The `claim-lint` command line. All the work is in the library.

use chrono::Local;
use claim_lint::claims::Date;
use claim_lint::{check, CheckOptions};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

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
    Human,
    Json,
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
        /// The date for review-date rules, YYYY-MM-DD (default: today).
        #[arg(long)]
        today: Option<String>,
        /// Pages or folders of pages.
        #[arg(default_value = "content")]
        paths: Vec<PathBuf>,
    },
    /// Print the rule reference (Markdown), generated from the rules' own docs.
    Rules,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Rules => {
            print!("{}", claim_lint::rules_markdown());
            ExitCode::SUCCESS
        }
        Command::Check {
            claims,
            config,
            glossary,
            format,
            today,
            paths,
        } => {
            let today = match today {
                None => Date(Local::now().date_naive()),
                Some(s) => match Date::parse(&s) {
                    Some(d) => d,
                    None => {
                        eprintln!("error: --today {s:?} is not a date; expected YYYY-MM-DD");
                        return ExitCode::from(2);
                    }
                },
            };
            let opts = CheckOptions {
                claims,
                config,
                glossary: Some(glossary),
                paths,
                today,
            };
            match check(&opts) {
                Err(errors) => {
                    for e in errors {
                        eprintln!("error: {e}");
                    }
                    ExitCode::from(2)
                }
                Ok(report) => {
                    match format {
                        Format::Json => println!("{}", report.to_json()),
                        Format::Human => {
                            let color = std::env::var_os("NO_COLOR").is_none()
                                && std::io::stdout().is_terminal();
                            print!("{}", report.to_human(color));
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
