//! `site init DIR`: writes a new site, as `zola init` does, that `site build` and
//! `claim-lint check` pass at once.
//!
//! The templates, Sass and static files are this repository's own, embedded when the binary
//! is built (`init/site_files.rs`, a generated list of `include_bytes!`; a test keeps it equal
//! to the folders). The rest comes from `tools/site/starter/`: config.toml, an example source
//! with two example claims and a page that cites them, the glossary, the crisis page, the
//! sources and glossary pages, the CI workflows and the pre-commit config. Those files carry
//! `%%NAME%%` placeholders that are filled in here.

use chrono::{Months, NaiveDate};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod site_files;

/// Where a new site's workflows and pre-commit hooks get claim-lint and site from: the
/// `repository` in the workspace's Cargo.toml, read when the binary is built.
const DEFAULT_TOOLS_REPO: &str = claim_lint::sarif::REPOSITORY;

#[derive(clap::Args)]
pub struct InitArgs {
    /// The folder to create. It must not exist yet, or be empty.
    dir: PathBuf,
    /// The clinic's name, shown on every page (config.toml, [extra.clinic] name).
    #[arg(long, default_value = "Example Clinic")]
    name: String,
    /// The repository the new site's workflows and pre-commit hooks build claim-lint and
    /// site from.
    #[arg(long, default_value = DEFAULT_TOOLS_REPO)]
    tools_repo: String,
    /// The revision of that repository to pin: a commit (best) or a tag.
    #[arg(long, default_value = concat!("v", env!("CARGO_PKG_VERSION")))]
    tools_rev: String,
    /// The date the example pages and claims are written on, YYYY-MM-DD (default: today).
    /// Their next review is a year later.
    #[arg(long, value_parser = crate::parse_date)]
    today: Option<NaiveDate>,
}

/// The starter files (path in the new site, text with placeholders).
const STARTER: &[(&str, &str)] = &[
    ("README.md", include_str!("../starter/README.md")),
    (".gitignore", include_str!("../starter/.gitignore")),
    ("config.toml", include_str!("../starter/config.toml")),
    ("claims.yaml", include_str!("../starter/claims.yaml")),
    ("glossary.yaml", include_str!("../starter/glossary.yaml")),
    (
        "sources/example-source.txt",
        include_str!("../starter/sources/example-source.txt"),
    ),
    (
        "sources/README.md",
        include_str!("../starter/sources/README.md"),
    ),
    (
        "content/_index.md",
        include_str!("../starter/content/_index.md"),
    ),
    (
        "content/get-help-now.md",
        include_str!("../starter/content/get-help-now.md"),
    ),
    (
        "content/how-we-check.md",
        include_str!("../starter/content/how-we-check.md"),
    ),
    (
        "content/sources.md",
        include_str!("../starter/content/sources.md"),
    ),
    (
        "content/glossary.md",
        include_str!("../starter/content/glossary.md"),
    ),
    (
        ".github/workflows/checks.yml",
        include_str!("../starter/.github/workflows/checks.yml"),
    ),
    (
        ".github/workflows/deploy.yml",
        include_str!("../starter/.github/workflows/deploy.yml"),
    ),
    (
        ".pre-commit-config.yaml",
        include_str!("../starter/.pre-commit-config.yaml"),
    ),
];

pub fn main(args: InitArgs) -> ExitCode {
    let today = args
        .today
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let values = match Values::new(&args.name, &args.tools_repo, &args.tools_rev, today) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    match init(&args.dir, &values) {
        Ok(count) => {
            report(&args.dir, &values, count);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// What the placeholders are replaced with, checked.
struct Values {
    /// A TOML string, quotes included.
    name_toml: String,
    tools_repo: String,
    tools_rev: String,
    today: NaiveDate,
    next_review: NaiveDate,
}

impl Values {
    fn new(name: &str, repo: &str, rev: &str, today: NaiveDate) -> Result<Values, String> {
        let name = name.trim();
        if name.is_empty() || name.chars().any(char::is_control) {
            return Err(format!(
                "--name {name:?}: give the clinic's name on one line, for example --name \"Riverside Clinic\""
            ));
        }
        // The repository and revision go into YAML strings, a comment and a shell command.
        let plain = |s: &str| {
            !s.is_empty()
                && s.chars().all(|c| {
                    c.is_ascii_alphanumeric() || "-._/:@+~".contains(c) // no quotes, spaces or $
                })
        };
        if !plain(repo) {
            return Err(format!(
                "--tools-repo {repo:?}: give a repository address such as https://github.com/OWNER/REPO"
            ));
        }
        if !plain(rev) || rev.contains(':') {
            return Err(format!(
                "--tools-rev {rev:?}: give a commit id or a tag, such as v0.1.0"
            ));
        }
        let next_review = today
            .checked_add_months(Months::new(12))
            .ok_or_else(|| format!("--today {today}: a year later is not a date"))?;
        Ok(Values {
            name_toml: toml::Value::String(name.to_string()).to_string(),
            tools_repo: repo.to_string(),
            tools_rev: rev.to_string(),
            today,
            next_review,
        })
    }

    fn fill(&self, text: &str) -> String {
        text.replace("%%CLINIC_NAME%%", &self.name_toml)
            .replace("%%TOOLS_REPO%%", &self.tools_repo)
            .replace("%%TOOLS_REV%%", &self.tools_rev)
            .replace("%%TODAY%%", &self.today.to_string())
            .replace("%%NEXT_REVIEW%%", &self.next_review.to_string())
    }
}

/// Writes the site into `dir`; returns how many files. On failure, removes what it wrote.
fn init(dir: &Path, values: &Values) -> Result<usize, String> {
    let created = match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if let Some(first) = entries.next() {
                let first = first.map(|e| e.file_name().to_string_lossy().into_owned());
                return Err(format!(
                    "{} is not empty (it holds {}); site init writes a new site only into a new or empty folder, so that it never overwrites a file",
                    dir.display(),
                    first.unwrap_or_else(|_| "files".into())
                ));
            }
            false
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            true
        }
        Err(e) if dir.exists() && !dir.is_dir() => {
            return Err(format!("{} is a file, not a folder ({e})", dir.display()));
        }
        Err(e) => return Err(format!("cannot read {}: {e}", dir.display())),
    };
    let written = write_all(dir, values);
    if written.is_err() {
        if created {
            let _ = std::fs::remove_dir_all(dir);
        } else if let Ok(entries) = std::fs::read_dir(dir) {
            for entry in entries.flatten() {
                let path = entry.path();
                let _ = if path.is_dir() {
                    std::fs::remove_dir_all(&path)
                } else {
                    std::fs::remove_file(&path)
                };
            }
        }
    }
    written
}

fn write_all(dir: &Path, values: &Values) -> Result<usize, String> {
    let write = |relative: &str, bytes: &[u8]| -> Result<(), String> {
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    for (path, text) in STARTER {
        write(path, values.fill(text).as_bytes())?;
    }
    for (path, bytes) in site_files::SITE_FILES {
        write(path, bytes)?;
    }
    // The citations index, as `claim-lint index` writes it, so that `claim-lint index
    // --check` and a Zola build pass on the new tree as they are.
    let claims = claim_lint::claims::ClaimsFile::load(&dir.join("claims.yaml"))
        .and_then(|c| claim_lint::index::build(&c, &dir.join("content")))
        .map_err(|errors| {
            let mut text =
                String::from("the starter site's claims do not load (a bug in site init):");
            for e in errors {
                let _ = write!(text, "\n  {e}");
            }
            text
        })?;
    write(
        "citations.yaml",
        claim_lint::index::render(&claims).as_bytes(),
    )?;
    let markers = claim_lint::index::marker_files(&claims);
    let marker_dir = dir.join(claim_lint::index::MARKER_DIR);
    claim_lint::index::sync_marker_dir(&marker_dir, &markers, false)
        .map_err(|e| format!("cannot write {}: {e}", marker_dir.display()))?;
    Ok(STARTER.len() + site_files::SITE_FILES.len() + 1 + markers.len())
}

fn report(dir: &Path, values: &Values, count: usize) {
    let d = dir.display();
    eprintln!("site init: wrote a new site into {d} ({count} files)");
    eprintln!();
    eprintln!("Next:");
    eprintln!("  cd {d} && site build && site serve     # build, then preview it");
    eprintln!("  git init && git add -A && git commit -m \"New site from site init\"");
    eprintln!();
    eprintln!("Before it goes live (README.md in {d} says more):");
    eprintln!("  - the crisis numbers in config.toml ([extra.crisis]) are UNCHECKED defaults:");
    eprintln!("    check them with a clinician for your readers, then set reviewed = true;");
    eprintln!("  - sources/example-source.txt, the two claims in claims.yaml and");
    eprintln!("    content/how-we-check.md are examples, not medical content: replace them;");
    eprintln!("  - sign every claim and page (claim-lint sign), then set require_sign_off = true.");
    eprintln!();
    eprintln!(
        "The workflows and pre-commit hooks build claim-lint and site from {} at {}.",
        values.tools_repo, values.tools_rev
    );
    eprintln!("Pin a commit that exists there (site init --tools-rev COMMIT, or edit TOOLS_REV");
    eprintln!("in .github/workflows/checks.yml and rev in .pre-commit-config.yaml).");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
    }

    #[test]
    fn the_name_is_a_toml_string() {
        let v = Values::new(
            "St \"Mary's\" \\ Clinic",
            "https://x.org/a/b",
            "abc123",
            day(),
        )
        .unwrap();
        let config = v.fill("[extra.clinic]\nname = %%CLINIC_NAME%%\n");
        let parsed: toml::Table = toml::from_str(&config).unwrap();
        assert_eq!(
            parsed["extra"]["clinic"]["name"].as_str(),
            Some("St \"Mary's\" \\ Clinic")
        );
    }

    #[test]
    fn bad_values_are_refused() {
        assert!(Values::new("", "https://x.org/a", "v1", day()).is_err());
        assert!(Values::new("A\nB", "https://x.org/a", "v1", day()).is_err());
        assert!(Values::new("A", "https://x.org/a b", "v1", day()).is_err());
        assert!(Values::new("A", "https://x.org/a\"", "v1", day()).is_err());
        assert!(Values::new("A", "https://x.org/a", "$(rm)", day()).is_err());
        assert!(Values::new("A", "https://x.org/a", "", day()).is_err());
    }

    #[test]
    fn next_review_is_a_year_later() {
        let v = Values::new(
            "A",
            "https://x.org/a",
            "v1",
            NaiveDate::from_ymd_opt(2028, 2, 29).unwrap(),
        )
        .unwrap();
        assert_eq!(v.fill("%%TODAY%% %%NEXT_REVIEW%%"), "2028-02-29 2029-02-28");
    }

    #[test]
    fn every_placeholder_is_known() {
        let v = Values::new("A", "https://x.org/a", "v1", day()).unwrap();
        for (path, text) in STARTER {
            assert!(
                !v.fill(text).contains("%%"),
                "{path} has an unknown %%placeholder%%"
            );
        }
    }
}
