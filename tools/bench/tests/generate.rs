//! The generator is deterministic and writes what it says; the parse-only pass counts files.

use bench::fsutil::list_files;
use bench::generate::{generate, GenOptions, MARKERS_PER_PAGE};
use bench::parse::parse_only;
use std::path::{Path, PathBuf};

/// A fresh folder under the temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("bench-test-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Comfortably above this repository's claim count (the floor the generator enforces), so
/// that adding claims to claims.yaml does not break these tests.
const CLAIMS: usize = 600;

fn options(out: &Path, seed: u64, sections: usize, depth: usize) -> GenOptions {
    GenOptions {
        pages: 12,
        claims: CLAIMS,
        seed,
        out: out.to_path_buf(),
        sections,
        depth,
        from: bench::repo_root(),
    }
}

/// Every file of a tree, relative path and bytes.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    list_files(dir)
        .unwrap()
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p.strip_prefix(dir).unwrap().to_path_buf(), bytes)
        })
        .collect()
}

fn generated_pages(dir: &Path) -> Vec<PathBuf> {
    list_files(&dir.join("content"))
        .unwrap()
        .into_iter()
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("page-") && n.ends_with(".md"))
        })
        .collect()
}

#[test]
fn same_seed_same_bytes_and_page_count() {
    let a = TempDir::new("a");
    let b = TempDir::new("b");
    let c = TempDir::new("c");
    let sa = generate(&options(&a.0, 7, 0, 1)).unwrap();
    generate(&options(&b.0, 7, 0, 1)).unwrap();
    generate(&options(&c.0, 8, 0, 1)).unwrap();

    assert_eq!(snapshot(&a.0), snapshot(&b.0), "same seed, different trees");
    assert_ne!(snapshot(&a.0), snapshot(&c.0), "different seeds, same tree");

    assert_eq!(sa.pages, 12);
    assert_eq!(generated_pages(&a.0).len(), 12);
    assert_eq!(sa.markers, 12 * MARKERS_PER_PAGE);
    for name in [
        "config.toml",
        "claims.yaml",
        "glossary.yaml",
        "templates/page.html",
    ] {
        assert!(a.0.join(name).is_file(), "{name} missing");
    }
    for name in ["_index.md", "sources.md", "get-help-now.md"] {
        assert!(
            a.0.join("content").join(name).is_file(),
            "content/{name} missing"
        );
    }
    let claims = std::fs::read_to_string(a.0.join("claims.yaml")).unwrap();
    assert_eq!(
        claims.matches("\n- id: ").count(),
        CLAIMS,
        "claims in claims.yaml"
    );
    assert!(claims.contains("-g149\n"));
    // The sources' local texts the gate verifies quotes against come along.
    for line in claims
        .lines()
        .filter(|l| l.trim_start().starts_with("text: "))
    {
        let text = line
            .trim_start()
            .trim_start_matches("text: ")
            .trim_matches('"');
        assert!(a.0.join(text).is_file(), "{text} missing");
    }

    // Every marker on a generated page names a generated claim.
    let page = std::fs::read_to_string(&generated_pages(&a.0)[0]).unwrap();
    assert_eq!(page.matches("{{ claim(id=\"").count(), MARKERS_PER_PAGE);
    assert!(!page.to_lowercase().contains("suicid"));
}

#[test]
fn sections_and_refusals() {
    let d = TempDir::new("nested");
    let s = generate(&options(&d.0, 1, 3, 2)).unwrap();
    assert_eq!(generated_pages(&d.0).len(), 12);
    // Sections 1 and 3 have a nested sub-section.
    assert_eq!(s.sections.len(), 5);
    assert!(d.0.join("content/section-01/more/_index.md").is_file());
    assert!(d.0.join("content/section-02/_index.md").is_file());

    // A non-empty output folder is refused.
    let err = generate(&options(&d.0, 1, 0, 1)).unwrap_err();
    assert!(err.contains("not empty"), "{err}");
}

#[test]
fn parse_only_counts_files() {
    let d = TempDir::new("parse");
    let s = generate(&options(&d.0, 3, 0, 1)).unwrap();
    let stats = parse_only(&d.0).unwrap();
    assert_eq!(stats.files, s.content_files.len());
    assert_eq!(
        stats.files,
        12 + 5,
        "12 pages, home page and 4 copied pages"
    );
    assert!(stats.events > 0 && stats.bytes > 0);
    // The content folder itself works too.
    assert_eq!(parse_only(&d.0.join("content")).unwrap().files, stats.files);
}
