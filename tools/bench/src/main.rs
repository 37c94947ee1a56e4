//! `bench`: generate large site corpora and measure the tools on them.

use bench::generate::{generate, GenOptions};
use bench::run::{run, RunOptions};
use bench::serve::{serve_bench, ServeBenchOptions};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Parser)]
#[command(
    name = "bench",
    version,
    about = "Generate large BPD-site corpora and measure the tools on them"
)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Write a complete site tree with N generated pages and M claims (deterministic per seed)
    Generate {
        #[arg(long)]
        pages: usize,
        /// At least the repository's claim count; claim i copies repository claim i mod n
        #[arg(long, default_value_t = 1000)]
        claims: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Output folder; must be absent or empty
        #[arg(long)]
        out: PathBuf,
        /// Spread the pages over this many section folders (0: all in content/)
        #[arg(long, default_value_t = 0)]
        sections: usize,
        /// 2: every other section also has a nested sub-section
        #[arg(long, default_value_t = 1)]
        depth: usize,
        /// The repository to copy config, templates, claims and pages from [default: this repository]
        #[arg(long)]
        from: Option<PathBuf>,
    },
    /// Generate corpora of each size and measure parse-only, claim-lint, site build and Zola
    Run {
        /// Generated pages per corpus, comma-separated
        #[arg(long, value_delimiter = ',', default_value = "100,1000,10000")]
        sizes: Vec<usize>,
        #[arg(long, default_value_t = 1000)]
        claims: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Folder for corpora and outputs; must be absent or empty [default: a new folder in the temp dir]
        #[arg(long)]
        work: Option<PathBuf>,
        /// Folder holding the claim-lint and site binaries [default: this repository's target/release]
        #[arg(long)]
        bin_dir: Option<PathBuf>,
        /// Also measure each size spread over 20 sections with nested sub-sections
        #[arg(long)]
        nested: bool,
        /// Seconds before a step is killed and reported as a timeout
        #[arg(long, default_value_t = 600)]
        timeout: u64,
        /// The date passed to the review checks
        #[arg(long, default_value = "2026-12-01")]
        today: String,
        /// Keep the corpora and outputs
        #[arg(long)]
        keep: bool,
        #[arg(long)]
        from: Option<PathBuf>,
    },
    /// Measure how long `site serve` takes to publish a save of one page (median of several
    /// saves), at each corpus size, incrementally and, for comparison, with full rebuilds
    Serve {
        /// Generated pages per corpus, comma-separated
        #[arg(long, value_delimiter = ',', default_value = "100,1000,10000")]
        sizes: Vec<usize>,
        #[arg(long, default_value_t = 1000)]
        claims: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Saves of a page's text measured per size
        #[arg(long, default_value_t = 9)]
        saves: usize,
        /// Saves that add a citation, measured per size
        #[arg(long, default_value_t = 3)]
        citation_saves: usize,
        /// Saves the gate refuses (each undone after it is measured), measured per size
        #[arg(long, default_value_t = 3)]
        refused_saves: usize,
        /// Saves measured with full rebuilds (`site serve --full-rebuilds`), for comparison; 0 skips them
        #[arg(long, default_value_t = 3)]
        full_saves: usize,
        /// The date passed to the review checks
        #[arg(long, default_value = "2026-12-01")]
        today: String,
        /// Folder for the corpora; must be absent or empty [default: a new folder in the temp dir]
        #[arg(long)]
        work: Option<PathBuf>,
        #[arg(long)]
        keep: bool,
        #[arg(long)]
        from: Option<PathBuf>,
    },
    /// Parse every content/**/*.md with pulldown-cmark and nothing else (the lower limit)
    #[command(hide = true)]
    ParseOnly { dir: PathBuf },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Cmd::Generate {
            pages,
            claims,
            seed,
            out,
            sections,
            depth,
            from,
        } => generate(&GenOptions {
            pages,
            claims,
            seed,
            out: out.clone(),
            sections,
            depth,
            from: from.unwrap_or_else(bench::repo_root),
        })
        .map(|s| {
            println!(
                "wrote {}: {} pages ({} markers, {:.1} KB of Markdown on average), {} claims, {} sections",
                out.display(),
                s.pages,
                s.markers,
                s.page_bytes as f64 / s.pages.max(1) as f64 / 1024.0,
                s.claims,
                s.sections.len()
            );
            true
        }),
        Cmd::Run {
            sizes,
            claims,
            seed,
            work,
            bin_dir,
            nested,
            timeout,
            today,
            keep,
            from,
        } => {
            let bin_dir = bin_dir.unwrap_or_else(|| bench::repo_root().join("target/release"));
            let work = work.unwrap_or_else(|| {
                std::env::temp_dir().join(format!("bpd-bench-{}", std::process::id()))
            });
            let sizes_arg = sizes
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(",");
            let mut command_line = format!(
                "cargo run --release -p bench -- run --sizes {sizes_arg} --claims {claims} --seed {seed} --timeout {timeout} --today {today} --bin-dir {}",
                bin_dir.display()
            );
            if nested {
                command_line.push_str(" --nested");
            }
            if let Some(zola_dir) = std::env::var_os("PATH")
                .and_then(|p| std::env::split_paths(&p).find(|d| d.join("zola").is_file()))
            {
                command_line = format!("PATH={}:$PATH {command_line}", zola_dir.display());
            }
            std::env::current_exe()
                .map_err(|e| format!("cannot find this program: {e}"))
                .and_then(|self_exe| {
                    run(&RunOptions {
                        sizes,
                        claims,
                        seed,
                        work,
                        bin_dir,
                        from: from.unwrap_or_else(bench::repo_root),
                        nested,
                        timeout: Duration::from_secs(timeout),
                        today,
                        keep,
                        self_exe,
                        command_line,
                    })
                })
        }
        Cmd::Serve {
            sizes,
            claims,
            seed,
            saves,
            citation_saves,
            refused_saves,
            full_saves,
            today,
            work,
            keep,
            from,
        } => chrono::NaiveDate::parse_from_str(&today, "%Y-%m-%d")
            .map_err(|_| format!("--today {today:?} is not a date; expected YYYY-MM-DD"))
            .and_then(|today_date| {
                let sizes_arg = sizes
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(",");
                let command_line = format!(
                    "cargo run --release -p bench -- serve --sizes {sizes_arg} --claims {claims} --seed {seed} --saves {saves} --citation-saves {citation_saves} --refused-saves {refused_saves} --full-saves {full_saves} --today {today}"
                );
                serve_bench(&ServeBenchOptions {
                    sizes,
                    claims,
                    seed,
                    work: work.unwrap_or_else(|| {
                        std::env::temp_dir().join(format!("bpd-serve-bench-{}", std::process::id()))
                    }),
                    from: from.unwrap_or_else(bench::repo_root),
                    saves,
                    citation_saves,
                    refused_saves,
                    full_saves,
                    today: today_date,
                    keep,
                    command_line,
                })
            }),
        Cmd::ParseOnly { dir } => bench::parse::parse_only(&dir).map(|s| {
            println!(
                "parsed {} files, {} bytes, {} events",
                s.files, s.bytes, s.events
            );
            true
        }),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("bench: error: {e}");
            ExitCode::from(2)
        }
    }
}
