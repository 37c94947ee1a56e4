//! `bench run`: generates corpora of several sizes and measures each tool on them, each as
//! its own child process, printing one Markdown table per corpus.

use crate::fsutil::{copy_dir_except, io_err};
use crate::generate::{generate, GenOptions};
use crate::measure::{measure, Measurement};
use crate::simple_templates;
use std::fmt::Write as _;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct RunOptions {
    pub sizes: Vec<usize>,
    pub claims: usize,
    pub seed: u64,
    /// Where corpora and outputs go; must be empty or absent.
    pub work: PathBuf,
    /// Holds the `claim-lint` and `site` binaries.
    pub bin_dir: PathBuf,
    /// The repository root the generator copies from.
    pub from: PathBuf,
    /// Also measure a corpus in 20 sections, some with a nested sub-section.
    pub nested: bool,
    pub timeout: Duration,
    pub today: String,
    /// Keep the corpora and outputs instead of deleting each after it is measured.
    pub keep: bool,
    /// This program, for the parse-only step.
    pub self_exe: PathBuf,
    /// The command line that reproduces this run, printed with the figures.
    pub command_line: String,
}

/// One measured (or skipped) step.
#[derive(Debug, Clone)]
pub struct Step {
    pub name: String,
    pub command: String,
    pub result: StepResult,
    pub log: Option<PathBuf>,
}

#[derive(Debug, Clone)]
pub enum StepResult {
    Measured(Measurement),
    Skipped(String),
}

struct Variant {
    name: &'static str,
    label: &'static str,
    sections: usize,
    depth: usize,
}

const FLAT: Variant = Variant {
    name: "flat",
    label: "flat (every page in content/)",
    sections: 0,
    depth: 1,
};
const NESTED: Variant = Variant {
    name: "nested",
    label: "20 sections, every other one with a nested sub-section (--sections 20 --depth 2)",
    sections: 20,
    depth: 2,
};

/// Runs every size and variant; returns false when any step failed.
pub fn run(opts: &RunOptions) -> Result<bool, String> {
    prepare_work(&opts.work)?;
    let zola = find_on_path("zola");
    let claim_lint = opts.bin_dir.join("claim-lint");
    let site = opts.bin_dir.join("site");
    for bin in [&claim_lint, &site] {
        if !bin.is_file() {
            return Err(format!(
                "{} not found; build it (`cargo build --release -p claim-lint -p site`) or pass --bin-dir",
                bin.display()
            ));
        }
    }

    println!("# Benchmark\n");
    println!(
        "Date: {} · cores: {} · claims: {} · seed: {} · timeout per step: {} s\n",
        chrono::Utc::now().format("%Y-%m-%d %H:%M UTC"),
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(0),
        opts.claims,
        opts.seed,
        opts.timeout.as_secs()
    );
    println!("Reproduce: `{}`\n", opts.command_line);
    println!(
        "- claim-lint: `{}` ({})",
        claim_lint.display(),
        built_at(&claim_lint)
    );
    println!("- site: `{}` ({})", site.display(), built_at(&site));
    println!("- repository: {}", repo_state(&opts.from));
    match &zola {
        Some(z) => println!("- zola: `{}` ({})", z.display(), version_of(z)),
        None => println!("- zola: not on PATH, Zola steps skipped"),
    }
    println!(
        "- pages/s counts the generated pages only; each corpus also has a home page, the \
         copied sources, glossary, get-help-now and how-we-check pages, and the section \
         indexes when it has sections.\n"
    );

    let builds = || (built_at(&claim_lint), built_at(&site));
    let builds_at_start = builds();
    let mut all_ok = true;
    let variants: Vec<&Variant> = if opts.nested {
        vec![&FLAT, &NESTED]
    } else {
        vec![&FLAT]
    };
    for &n in &opts.sizes {
        for variant in &variants {
            let dir = opts.work.join(format!("{}-{n}", variant.name));
            let load_before = load_average();
            let steps = run_one(opts, variant, n, &dir, zola.as_deref(), &claim_lint, &site)?;
            let load_after = load_average();
            all_ok &= steps.iter().all(|s| match &s.result {
                StepResult::Measured(m) => m.outcome.ok(),
                StepResult::Skipped(_) => true,
            });
            print!("{}", render_table(n, opts.claims, variant.label, &steps));
            println!(
                "Load average (1 min) before / after: {load_before} / {load_after}; other work on the machine skews the figures.\n"
            );
            if builds() != builds_at_start {
                println!(
                    "**Warning: claim-lint or site was rebuilt during this run (now {} / {}); these figures may mix builds.**\n",
                    builds().0,
                    builds().1
                );
            }
            if !opts.keep {
                let _ = std::fs::remove_dir_all(&dir);
            }
        }
    }
    if !opts.keep {
        // Only removed when empty: never anything we did not write.
        let _ = std::fs::remove_dir(&opts.work);
    } else {
        println!("Corpora and outputs kept in {}", opts.work.display());
    }
    Ok(all_ok)
}

#[allow(clippy::too_many_arguments)]
fn run_one(
    opts: &RunOptions,
    variant: &Variant,
    n: usize,
    dir: &Path,
    zola: Option<&Path>,
    claim_lint: &Path,
    site: &Path,
) -> Result<Vec<Step>, String> {
    let corpus = dir.join("corpus");
    eprintln!(
        "bench: generating {n} pages, {} claims, {} …",
        opts.claims, variant.name
    );
    let summary = generate(&GenOptions {
        pages: n,
        claims: opts.claims,
        seed: opts.seed,
        out: corpus.clone(),
        sections: variant.sections,
        depth: variant.depth,
        from: opts.from.clone(),
    })?;
    eprintln!(
        "bench: {} pages, {} markers, {:.1} MB of generated Markdown",
        summary.pages,
        summary.markers,
        summary.page_bytes as f64 / 1e6
    );
    let mut steps = Vec::new();
    let t = opts.timeout;
    let today = opts.today.as_str();

    // 1. The limit: parse every page, one thread.
    let mut cmd = Command::new(&opts.self_exe);
    cmd.arg("parse-only").arg(&corpus);
    steps.push(step(
        "parse-only (pulldown-cmark, 1 thread)",
        cmd,
        None,
        dir,
        "parse-only",
        true,
        t,
    )?);

    // 2. The gate alone.
    let mut cmd = Command::new(claim_lint);
    cmd.args(["check", "--today", today, "--format", "json"]);
    steps.push(step(
        "claim-lint check",
        cmd,
        Some(&corpus),
        dir,
        "claim-lint",
        false,
        t,
    )?);

    // 3. The whole build, gate included.
    let mut cmd = Command::new(site);
    cmd.arg("build")
        .arg("--root")
        .arg(&corpus)
        .args(["--today", today]);
    steps.push(step("site build", cmd, None, dir, "site", true, t)?);

    // 4. Zola, with the site's templates and with simple ones.
    match zola {
        None => {
            for name in ["zola build", "zola build, simple templates"] {
                steps.push(Step {
                    name: name.into(),
                    command: "zola build".into(),
                    result: StepResult::Skipped("zola is not on PATH".into()),
                    log: None,
                });
            }
        }
        Some(zola) => {
            // The templates read citations.yaml, which `site build` writes; write it here
            // when that build failed, so Zola is measured anyway.
            if !corpus.join("citations.yaml").exists() {
                eprintln!("bench: no citations.yaml after site build; running claim-lint index");
                let mut cmd = Command::new(claim_lint);
                cmd.arg("index").current_dir(&corpus);
                cmd.stdout(Stdio::null()).stderr(Stdio::null());
                let m = measure(&mut cmd, t);
                if !m.outcome.ok() {
                    eprintln!("bench: claim-lint index: {}", m.outcome);
                }
            }
            let out = dir.join("zola-public");
            let mut cmd = Command::new(zola);
            cmd.arg("build")
                .arg("--output-dir")
                .arg(&out)
                .arg("--force");
            steps.push(step(
                "zola build",
                cmd,
                Some(&corpus),
                dir,
                "zola",
                true,
                t,
            )?);

            let simple = dir.join("simple");
            copy_dir_except(&corpus, &simple, &["public", "templates"])?;
            simple_templates::write(&simple.join("templates"))?;
            let out = dir.join("zola-simple-public");
            let mut cmd = Command::new(zola);
            cmd.arg("build")
                .arg("--output-dir")
                .arg(&out)
                .arg("--force");
            steps.push(step(
                "zola build, simple templates",
                cmd,
                Some(&simple),
                dir,
                "zola-simple",
                true,
                t,
            )?);
        }
    }
    Ok(steps)
}

/// Measures one command. Its stderr (and stdout when `keep_stdout`) goes to `dir/<log>.log`.
fn step(
    name: &str,
    mut cmd: Command,
    cwd: Option<&Path>,
    dir: &Path,
    log: &str,
    keep_stdout: bool,
    timeout: Duration,
) -> Result<Step, String> {
    let log_path = dir.join(format!("{log}.log"));
    let file = File::create(&log_path).map_err(|e| io_err(&log_path, "create", &e))?;
    let err = file
        .try_clone()
        .map_err(|e| io_err(&log_path, "open", &e))?;
    if keep_stdout {
        cmd.stdout(file);
    } else {
        cmd.stdout(Stdio::null());
    }
    cmd.stderr(err).stdin(Stdio::null());
    if let Some(cwd) = cwd {
        cmd.current_dir(cwd);
    }
    let command = describe(&cmd, cwd);
    eprintln!("bench: {name} …");
    let m = measure(&mut cmd, timeout);
    eprintln!(
        "bench: {name}: {} in {:.2} s",
        m.outcome,
        m.wall.as_secs_f64()
    );
    Ok(Step {
        name: name.into(),
        command,
        result: StepResult::Measured(m),
        log: Some(log_path),
    })
}

fn describe(cmd: &Command, cwd: Option<&Path>) -> String {
    let mut s = String::new();
    if let Some(cwd) = cwd {
        let _ = write!(s, "cd {} && ", cwd.display());
    }
    s.push_str(&cmd.get_program().to_string_lossy());
    for a in cmd.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}

/// The Markdown table for one corpus, with the commands and, for failed steps, the end of
/// their log.
pub fn render_table(pages: usize, claims: usize, label: &str, steps: &[Step]) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "## {pages} pages, {claims} claims, {label}\n");
    let _ = writeln!(
        s,
        "| step | result | seconds | pages/s | × parse-only | peak RSS MB |"
    );
    let _ = writeln!(s, "|---|---|---:|---:|---:|---:|");
    let limit = steps.iter().find_map(|st| match &st.result {
        StepResult::Measured(m) if st.name.starts_with("parse-only") && m.outcome.ok() => {
            Some(m.wall.as_secs_f64())
        }
        _ => None,
    });
    for st in steps {
        match &st.result {
            StepResult::Skipped(why) => {
                let _ = writeln!(s, "| {} | skipped: {why} | — | — | — | — |", st.name);
            }
            StepResult::Measured(m) => {
                let secs = m.wall.as_secs_f64();
                let rss = format!("{:.1}", m.max_rss_kib as f64 / 1024.0);
                if m.outcome.ok() {
                    let per_sec = if secs > 0.0 {
                        format!("{:.0}", pages as f64 / secs)
                    } else {
                        "—".into()
                    };
                    let ratio = limit
                        .filter(|l| *l > 0.0)
                        .map(|l| format!("{:.1}", secs / l))
                        .unwrap_or_else(|| "—".into());
                    let _ = writeln!(
                        s,
                        "| {} | ok | {secs:.3} | {per_sec} | {ratio} | {rss} |",
                        st.name
                    );
                } else {
                    let _ = writeln!(
                        s,
                        "| {} | {} after {secs:.1} s | — | — | — | {rss} |",
                        st.name, m.outcome
                    );
                }
            }
        }
    }
    let _ = writeln!(s, "\nCommands:\n");
    for st in steps {
        let _ = writeln!(s, "- {}: `{}`", st.name, st.command);
    }
    for st in steps {
        let StepResult::Measured(m) = &st.result else {
            continue;
        };
        if m.outcome.ok() {
            continue;
        }
        let _ = writeln!(s, "\n{} ({}), end of its output:\n", st.name, m.outcome);
        let tail = st
            .log
            .as_ref()
            .and_then(|p| std::fs::read_to_string(p).ok())
            .map(|t| last_lines(&t, 15))
            .unwrap_or_default();
        let _ = writeln!(s, "```\n{}\n```", tail.trim_end());
    }
    s.push('\n');
    s
}

fn last_lines(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let from = lines.len().saturating_sub(n);
    lines[from..].join("\n")
}

fn prepare_work(work: &Path) -> Result<(), String> {
    if work.exists() {
        let mut entries = std::fs::read_dir(work).map_err(|e| io_err(work, "read", &e))?;
        if entries.next().is_some() {
            return Err(format!(
                "{} exists and is not empty; give a new or empty folder to --work",
                work.display()
            ));
        }
    }
    std::fs::create_dir_all(work).map_err(|e| io_err(work, "create", &e))
}

fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// The 1-minute load average from /proc/loadavg ("?" elsewhere).
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".into())
}

/// When a binary was last written, so that figures can be matched to a build.
fn built_at(bin: &Path) -> String {
    std::fs::metadata(bin)
        .and_then(|m| m.modified())
        .map(|t| {
            let t: chrono::DateTime<chrono::Utc> = t.into();
            format!("built {}", t.format("%Y-%m-%d %H:%M UTC"))
        })
        .unwrap_or_else(|_| "build time unknown".into())
}

/// The commit the corpora were copied from, and which of the inputs that decide the
/// figures (templates, the tools' sources) had uncommitted changes.
fn repo_state(root: &Path) -> String {
    let git = |args: &[&str]| {
        Command::new("git")
            .arg("-C")
            .arg(root)
            .args(args)
            .stderr(Stdio::null())
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    let Some(head) = git(&["rev-parse", "--short", "HEAD"]) else {
        return format!("{} (not a git checkout)", root.display());
    };
    let paths = [
        "templates",
        "content",
        "claims.yaml",
        "tools/claim-lint",
        "tools/site",
    ];
    let dirty: Vec<&str> = paths
        .iter()
        .copied()
        .filter(|p| git(&["status", "--porcelain", "--", p]).is_some_and(|s| !s.is_empty()))
        .collect();
    if dirty.is_empty() {
        format!("commit {head}, clean")
    } else {
        format!(
            "commit {head}, with uncommitted changes in {}",
            dirty.join(", ")
        )
    }
}

fn version_of(bin: &Path) -> String {
    Command::new(bin)
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "version unknown".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::Outcome;

    #[test]
    fn failed_steps_show_no_time() {
        let steps = vec![
            Step {
                name: "parse-only".into(),
                command: "x".into(),
                result: StepResult::Measured(Measurement {
                    outcome: Outcome::Exited(0),
                    wall: Duration::from_millis(100),
                    max_rss_kib: 2048,
                }),
                log: None,
            },
            Step {
                name: "site build".into(),
                command: "y".into(),
                result: StepResult::Measured(Measurement {
                    outcome: Outcome::Exited(1),
                    wall: Duration::from_millis(300),
                    max_rss_kib: 4096,
                }),
                log: None,
            },
        ];
        let table = render_table(10, 200, "flat", &steps);
        assert!(
            table.contains("| parse-only | ok | 0.100 | 100 | 1.0 | 2.0 |"),
            "{table}"
        );
        assert!(
            table.contains("| site build | FAILED (exit 1) after 0.3 s | — | — | — | 4.0 |"),
            "{table}"
        );
    }
}
