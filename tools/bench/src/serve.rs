//! `bench serve`: how long `site serve` takes to publish a save of one page, at each corpus
//! size. The preview runs in this process (`site::serve::Preview`, the code `site serve`
//! runs), on a generated corpus; the benchmark saves one generated page at a time, waits for
//! the preview to publish it, and reads how long the update took, as `site serve` logs it:
//! from the moment the watcher has the change (after it settled) until the files are
//! written and the new build id is served. Saves are spaced so that each is its own update.
//!
//! Four kinds of save are measured: a change to a page's text (its citations unchanged),
//! a save that adds a citation (so the citations index, and the sources and glossary pages
//! that load it, change too), a save the gate refuses (until every page shows the findings,
//! the same report a full build prints), and, for comparison, a text change with
//! `--full-rebuilds` (the whole site rebuilt and re-checked, as every save was before
//! incremental updates).

use crate::fsutil::io_err;
use crate::generate::{generate, GenOptions};
use chrono::NaiveDate;
use site::serve::{BuildKind, BuildRecord, Preview, ServeOptions};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct ServeBenchOptions {
    pub sizes: Vec<usize>,
    pub claims: usize,
    pub seed: u64,
    /// Where corpora go; must be empty or absent.
    pub work: PathBuf,
    pub from: PathBuf,
    /// Text saves measured per size (their median is the figure).
    pub saves: usize,
    /// Saves that add a citation.
    pub citation_saves: usize,
    /// Saves the gate refuses (each undone after it is measured).
    pub refused_saves: usize,
    /// Saves with full rebuilds, for comparison (0: none).
    pub full_saves: usize,
    pub today: NaiveDate,
    pub keep: bool,
    pub command_line: String,
}

/// One kind of save at one size.
#[derive(Debug, Clone)]
pub struct SaveFigures {
    pub label: &'static str,
    pub path: &'static str,
    /// Update times as `site serve` measures them, one per save.
    pub update_ms: Vec<f64>,
    /// From writing the file to the new build id being served (adds the watcher's polling
    /// and settling).
    pub end_to_end_ms: Vec<f64>,
    /// Pages the gate checked and files written, per save (incremental updates).
    pub rechecked: Vec<usize>,
    pub files: Vec<usize>,
}

pub fn serve_bench(opts: &ServeBenchOptions) -> Result<bool, String> {
    if opts.work.exists()
        && std::fs::read_dir(&opts.work)
            .map_err(|e| io_err(&opts.work, "read", &e))?
            .next()
            .is_some()
    {
        return Err(format!(
            "{} exists and is not empty; give a new or empty folder to --work",
            opts.work.display()
        ));
    }
    std::fs::create_dir_all(&opts.work).map_err(|e| io_err(&opts.work, "create", &e))?;
    println!("# `site serve`: latency of a one-page save\n");
    println!(
        "Date: {} · cores: {} · claims: {} · seed: {} · today: {}\n",
        chrono::Utc::now().format("%Y-%m-%d %H:%M UTC"),
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(0),
        opts.claims,
        opts.seed,
        opts.today
    );
    println!("Reproduce: `{}`\n", opts.command_line);
    println!(
        "Each figure is the median over the saves of one update, as `site serve` logs it: from \
         the change (after the watcher saw it settle) to the files written and the new build \
         id served. \"End to end\" adds the watcher (it polls every 50 ms here, then waits for \
         the save to settle): from writing the file to the new build id.\n"
    );
    let mut all_ok = true;
    for &n in &opts.sizes {
        let dir = opts.work.join(format!("serve-{n}"));
        let corpus = dir.join("corpus");
        eprintln!("bench: generating {n} pages, {} claims …", opts.claims);
        let summary = generate(&GenOptions {
            pages: n,
            claims: opts.claims,
            seed: opts.seed,
            out: corpus.clone(),
            sections: 0,
            depth: 1,
            from: opts.from.clone(),
        })?;
        let pages: Vec<PathBuf> = summary
            .content_files
            .iter()
            .filter(|f| f.starts_with("page-"))
            .map(|f| corpus.join("content").join(f))
            .collect();
        let (first, figures) = measure_size(opts, &corpus, &pages)?;
        all_ok &= figures.iter().all(|f| !f.update_ms.is_empty());
        print!("{}", render(n, first, &figures));
        println!(
            "Load average (1 min) now: {}; other work on the machine skews the figures.\n",
            load_average()
        );
        if !opts.keep {
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
    if !opts.keep {
        let _ = std::fs::remove_dir(&opts.work);
    } else {
        println!("Corpora kept in {}", opts.work.display());
    }
    Ok(all_ok)
}

/// The first build's time, and the figures of each kind of save.
fn measure_size(
    opts: &ServeBenchOptions,
    corpus: &Path,
    pages: &[PathBuf],
) -> Result<(f64, Vec<SaveFigures>), String> {
    if pages.is_empty() {
        return Err("the corpus has no generated pages".into());
    }
    let mut figures = Vec::new();
    // Each save edits another page, spread over the corpus.
    let mut next_page = {
        let mut k = 0;
        let step = (pages.len() / 7).max(1);
        move || {
            k += 1;
            pages[(k * step + k) % pages.len()].clone()
        }
    };
    let start = |incremental: bool| -> Result<Preview, String> {
        let mut build = site::BuildOptions::new(corpus);
        build.today = Some(opts.today);
        Preview::start(ServeOptions {
            build,
            port: 0,
            poll: Duration::from_millis(50),
            incremental,
            ..ServeOptions::new(corpus)
        })
        .map_err(|e| format!("site serve cannot start: {e}"))
    };
    eprintln!("bench: site serve: first build …");
    let preview = start(true)?;
    let first = preview.last_build().map(|r| r.ms).unwrap_or(0.0);
    if preview.last_build().map(|r| r.kind) != Some(BuildKind::Full) {
        return Err("the first build of the corpus failed; see the log above".into());
    }
    let mut text = SaveFigures::new("text of one page", "incremental");
    for i in 0..opts.saves {
        let page = next_page();
        save(
            &preview,
            &page,
            &mut text,
            Edit::Text(i),
            BuildKind::Incremental,
        )?;
    }
    figures.push(text);
    let mut cite = SaveFigures::new("a new citation on one page", "incremental");
    for i in 0..opts.citation_saves {
        let page = next_page();
        save(
            &preview,
            &page,
            &mut cite,
            Edit::Citation(i),
            BuildKind::Incremental,
        )?;
    }
    figures.push(cite);
    let mut refused = SaveFigures::new(
        "a save the gate refuses (the findings shown)",
        "incremental",
    );
    for _ in 0..opts.refused_saves {
        let page = next_page();
        let text = std::fs::read_to_string(&page).map_err(|e| io_err(&page, "read", &e))?;
        save(
            &preview,
            &page,
            &mut refused,
            Edit::Refused,
            BuildKind::Refused,
        )?;
        // Undone: the preview shows the site again without building anything.
        std::thread::sleep(Duration::from_millis(200));
        let old = preview.last_build().map(|r| r.id).unwrap_or_default();
        std::fs::write(&page, text).map_err(|e| io_err(&page, "write", &e))?;
        let back = wait_for(&preview, &old, Duration::from_secs(900))?;
        if back.kind != BuildKind::Unchanged {
            return Err(format!(
                "undoing a refused save gave a {:?} build",
                back.kind
            ));
        }
    }
    figures.push(refused);
    preview.stop();
    if opts.full_saves > 0 {
        eprintln!("bench: site serve --full-rebuilds: first build …");
        let preview = start(false)?;
        let mut full = SaveFigures::new("text of one page", "full rebuild (before)");
        for i in 0..opts.full_saves {
            let page = next_page();
            save(&preview, &page, &mut full, Edit::Text(i), BuildKind::Full)?;
        }
        figures.push(full);
        preview.stop();
    }
    Ok((first, figures))
}

impl SaveFigures {
    fn new(label: &'static str, path: &'static str) -> SaveFigures {
        SaveFigures {
            label,
            path,
            update_ms: Vec::new(),
            end_to_end_ms: Vec::new(),
            rechecked: Vec::new(),
            files: Vec::new(),
        }
    }
}

/// Sentences the generator writes: they need no claim, so a save stays publishable.
const PLAIN: &[&str] = &[
    "You are not alone.",
    "Take your time with this page.",
    "It is okay to stop and come back later.",
];

enum Edit {
    /// Another plain sentence at the end.
    Text(usize),
    /// The page's first cited sentence again, under a new heading at the end.
    Citation(usize),
    /// An overstated sentence with no claim.
    Refused,
}

fn edited(text: &str, edit: &Edit) -> Result<String, String> {
    match edit {
        Edit::Text(i) => Ok(format!("{text}\n{}\n", PLAIN[i % PLAIN.len()])),
        Edit::Citation(i) => {
            let cited = text
                .lines()
                .find_map(|l| l.strip_prefix("- ").filter(|l| l.contains("{{ claim(")))
                .ok_or("a generated page without a cited list item")?;
            Ok(format!("{text}\n## Once more, part {}\n\n{cited}\n", i + 1))
        }
        Edit::Refused => Ok(format!(
            "{text}\nTalking therapy cures BPD in every single person.\n"
        )),
    }
}

/// Saves one page and waits for the preview to publish it.
fn save(
    preview: &Preview,
    page: &Path,
    figures: &mut SaveFigures,
    edit: Edit,
    expected: BuildKind,
) -> Result<(), String> {
    // Let the watcher's previous poll pass, so the save is seen on its own.
    std::thread::sleep(Duration::from_millis(200));
    let old = preview.last_build().map(|r| r.id).unwrap_or_default();
    let text = std::fs::read_to_string(page).map_err(|e| io_err(page, "read", &e))?;
    let new = edited(&text, &edit)?;
    let written = Instant::now();
    std::fs::write(page, new).map_err(|e| io_err(page, "write", &e))?;
    let record = wait_for(preview, &old, Duration::from_secs(900))?;
    let end_to_end = written.elapsed().as_secs_f64() * 1000.0;
    if record.kind != expected {
        return Err(format!(
            "saving {} gave a {:?} build, expected {expected:?}",
            page.display(),
            record.kind
        ));
    }
    eprintln!(
        "bench: {} ({}): {:.1} ms",
        figures.label, figures.path, record.ms
    );
    figures.update_ms.push(record.ms);
    figures.end_to_end_ms.push(end_to_end);
    figures.rechecked.push(record.rechecked);
    figures.files.push(record.files);
    Ok(())
}

fn wait_for(preview: &Preview, old: &str, timeout: Duration) -> Result<BuildRecord, String> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(record) = preview.last_build().filter(|r| r.id != old) {
            return Ok(record);
        }
        if Instant::now() > deadline {
            return Err(format!("no new build within {} s", timeout.as_secs()));
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

pub fn median(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    Some(if sorted.len() % 2 == 1 {
        sorted[mid]
    } else {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    })
}

/// One Markdown table per size.
pub fn render(pages: usize, first_ms: f64, figures: &[SaveFigures]) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "## {pages} pages (flat), first build {:.1} s\n",
        first_ms / 1000.0
    );
    let _ = writeln!(
        s,
        "| save | path | saves | median ms | min ms | max ms | end to end, median ms | pages checked | files written |"
    );
    let _ = writeln!(s, "|---|---|---:|---:|---:|---:|---:|---:|---:|");
    for f in figures {
        let (Some(med), Some(e2e)) = (median(&f.update_ms), median(&f.end_to_end_ms)) else {
            let _ = writeln!(
                s,
                "| {} | {} | 0 | — | — | — | — | — | — |",
                f.label, f.path
            );
            continue;
        };
        let min = f.update_ms.iter().copied().fold(f64::INFINITY, f64::min);
        let max = f.update_ms.iter().copied().fold(0.0, f64::max);
        let range = |v: &[usize]| {
            let (lo, hi) = (v.iter().min(), v.iter().max());
            match (lo, hi) {
                (Some(lo), Some(hi)) if lo == hi => lo.to_string(),
                (Some(lo), Some(hi)) => format!("{lo}–{hi}"),
                _ => "—".into(),
            }
        };
        let incremental = f.path == "incremental";
        // A refused save publishes nothing, and its record counts nothing.
        let counted = f.files.iter().any(|&n| n > 0);
        let _ = writeln!(
            s,
            "| {} | {} | {} | {med:.1} | {min:.1} | {max:.1} | {e2e:.1} | {} | {} |",
            f.label,
            f.path,
            f.update_ms.len(),
            if !incremental {
                "all".into()
            } else if counted {
                range(&f.rechecked)
            } else {
                "—".into()
            },
            if !incremental {
                "all".into()
            } else if counted {
                range(&f.files)
            } else {
                "—".into()
            },
        );
    }
    s.push('\n');
    s
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refused_saves_show_no_counts() {
        let mut refused = SaveFigures::new("refused", "incremental");
        refused.update_ms = vec![300.0];
        refused.end_to_end_ms = vec![350.0];
        refused.rechecked = vec![0];
        refused.files = vec![0];
        let table = render(10, 1000.0, &[refused]);
        assert!(
            table.contains("| refused | incremental | 1 | 300.0 | 300.0 | 300.0 | 350.0 | — | — |"),
            "{table}"
        );
    }

    #[test]
    fn medians() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), Some(2.5));
    }

    #[test]
    fn edits_keep_the_page_and_add_to_it() {
        let page = "+++\ntitle = \"P\"\n+++\n\n- Fact.{{ claim(id=\"a-g1\") }}\n";
        let text = edited(page, &Edit::Text(0)).unwrap();
        assert!(text.starts_with(page) && text.ends_with("You are not alone.\n"));
        let cite = edited(page, &Edit::Citation(1)).unwrap();
        assert!(cite.ends_with("## Once more, part 2\n\nFact.{{ claim(id=\"a-g1\") }}\n"));
        assert!(edited("no list", &Edit::Citation(0)).is_err());
        assert!(edited(page, &Edit::Refused)
            .unwrap()
            .ends_with("cures BPD in every single person.\n"));
    }
}
