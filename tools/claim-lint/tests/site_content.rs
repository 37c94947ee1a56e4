//! The site's own content meets the bar the content issue sets: it passes the gate, every
//! claim is cited, every page reads at grade 8 or below and carries its review metadata.

use claim_lint::claims::{ClaimsFile, Date};
use claim_lint::{check, CheckOptions};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn options() -> CheckOptions {
    let root = root();
    CheckOptions {
        claims: root.join("claims.yaml"),
        config: root.join("config.toml"),
        glossary: Some(root.join("glossary.yaml")),
        paths: vec![root.join("content")],
        today: Date::parse("2026-11-22").unwrap(),
    }
}

#[test]
fn content_passes_the_gate_and_reads_at_grade_8() {
    let report = check(&options()).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(report.summary.errors, 0, "{}", report.to_human(false));
    for page in &report.summary.pages {
        if let Some(grade) = page.reading_grade {
            assert!(grade <= 8.0, "{} reads at grade {grade}", page.path);
        }
    }
}

#[test]
fn every_claim_is_cited_by_a_page() {
    let claims = ClaimsFile::load(&root().join("claims.yaml")).unwrap();
    let index = claim_lint::index::build(&claims, &root().join("content")).unwrap();
    let uncited: Vec<&String> = index
        .claims
        .iter()
        .filter(|(_, e)| e.cited_by.is_empty())
        .map(|(id, _)| id)
        .collect();
    assert!(uncited.is_empty(), "claims no page cites: {uncited:?}");
    assert!(
        claims.claims.len() >= 60,
        "only {} claims",
        claims.claims.len()
    );
}

#[test]
fn every_page_has_front_matter_for_readers_and_reviewers() {
    let files = claim_lint::check::collect_pages(&[root().join("content")]).unwrap();
    assert!(files.len() >= 12, "only {} pages", files.len());
    let mut audiences = HashSet::new();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let source = claim_lint::page::split_front_matter(&text);
        let fm: toml::Table =
            toml::from_str(&source.front_matter.expect("front matter").toml).unwrap();
        let section = path.file_name().is_some_and(|n| n == "_index.md");
        for key in ["title", "description"] {
            assert!(
                fm.get(key)
                    .and_then(|v| v.as_str())
                    .is_some_and(|s| !s.is_empty()),
                "{path:?} lacks {key}"
            );
        }
        assert_eq!(
            fm.contains_key("date"),
            !section,
            "{path:?}: pages have a date, sections must not"
        );
        let extra = fm["extra"].as_table().unwrap();
        for key in ["reviewed", "next_review", "reviewed_by", "audience"] {
            assert!(extra.contains_key(key), "{path:?} lacks extra.{key}");
        }
        audiences.insert(extra["audience"].as_str().unwrap().to_string());
        // Headings start at ## because the template renders the title as the only h1.
        let body = &text[source.body_offset..];
        assert!(
            !body.lines().any(|l| l.starts_with("# ")),
            "{path:?} has an h1 in its body"
        );
    }
    for a in &audiences {
        assert!(
            ["patients", "families", "both"].contains(&a.as_str()),
            "unknown audience {a}"
        );
    }
}
