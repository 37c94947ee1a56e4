//! The clinician's side of the trust chain, end to end: `sign`, the gate on stale
//! sign-offs, `require_sign_off`, `review` and `impact`, on a small fixture site.

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/signoff_site")
}

/// A fresh copy of the fixture site.
fn site(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("claim-lint-signoff-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&fixture(), &dir);
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_claim-lint"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .expect("binary runs");
    (
        out.status.code().expect("exited normally"),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn check(dir: &Path) -> (i32, String) {
    let (code, out, err) = run(dir, &["check", "--today", "2026-12-01"]);
    (code, format!("{out}{err}"))
}

const BY: &str = "Dr A. Example, consultant psychiatrist";

fn sign_all(dir: &Path) -> (i32, String, String) {
    run(
        dir,
        &[
            "sign",
            "--by",
            BY,
            "--date",
            "2026-12-01",
            "amygdala-smaller",
            "insula-quieter",
            "content/page.md",
        ],
    )
}

/// Lines of `after` that are not in `before`, and the reverse.
fn line_diff(before: &str, after: &str) -> (Vec<String>, Vec<String>) {
    let added = after
        .lines()
        .filter(|l| !before.lines().any(|b| b == *l))
        .map(String::from)
        .collect();
    let removed = before
        .lines()
        .filter(|l| !after.lines().any(|a| a == *l))
        .map(String::from)
        .collect();
    (added, removed)
}

#[test]
fn signing_writes_one_line_per_claim_and_the_page_review_fields_only() {
    let dir = site("sign");
    let claims_before = std::fs::read_to_string(dir.join("claims.yaml")).unwrap();
    let page_before = std::fs::read_to_string(dir.join("content/page.md")).unwrap();
    let (code, out, err) = sign_all(&dir);
    assert_eq!(code, 0, "{out}{err}");
    let claims_after = std::fs::read_to_string(dir.join("claims.yaml")).unwrap();
    let (added, removed) = line_diff(&claims_before, &claims_after);
    assert!(removed.is_empty(), "{removed:?}");
    assert_eq!(added.len(), 2, "{added:?}");
    for line in &added {
        assert!(
            line.starts_with(&format!(
                "    signed: {{ by: \"{BY}\", date: 2026-12-01, digest: \""
            )),
            "{line}"
        );
    }
    // Comments and everything else stay.
    assert!(claims_after.contains("# The amygdala finding."));
    let page_after = std::fs::read_to_string(dir.join("content/page.md")).unwrap();
    let (added, removed) = line_diff(&page_before, &page_after);
    assert_eq!(
        removed,
        [
            "reviewed = 2026-11-01",
            "reviewed_by = \"pending clinical review\""
        ]
    );
    assert_eq!(added.len(), 3, "{added:?}");
    assert!(added.contains(&format!("reviewed_by = \"{BY}\"")));
    assert!(added.contains(&"reviewed = 2026-12-01".to_string()));
    assert!(added.iter().any(|l| l.starts_with("review_digest = \"")));
    let (code, report) = check(&dir);
    assert_eq!(code, 0, "{report}");
}

#[test]
fn a_signed_page_that_changes_or_cites_a_changed_claim_is_refused_by_the_gate() {
    let dir = site("stale");
    assert_eq!(sign_all(&dir).0, 0);
    let page = dir.join("content/page.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("at rest", "while resting")).unwrap();
    let (code, report) = check(&dir);
    assert_eq!(code, 1, "{report}");
    assert!(report.contains("the page changed since"), "{report}");
    assert!(report.contains("[signature-stale]"));
    // Undo the page edit; change a claim's quote instead.
    std::fs::write(&page, &text).unwrap();
    let claims = dir.join("claims.yaml");
    let c = std::fs::read_to_string(&claims).unwrap();
    std::fs::write(
        &claims,
        c.replace(
            "with small-to-medium effect sizes.[12,13]",
            "with small-to-medium effect sizes.[12, 13]",
        ),
    )
    .unwrap();
    let (code, report) = check(&dir);
    assert_eq!(code, 1, "{report}");
    assert!(
        report.contains("amygdala-smaller (changed since sign-off)"),
        "{report}"
    );
    assert!(
        report.contains("claim `amygdala-smaller` changed after"),
        "{report}"
    );
}

#[test]
fn signing_is_refused_for_a_claim_with_errors_and_nothing_is_written() {
    let dir = site("refuse");
    let claims = dir.join("claims.yaml");
    let broken = std::fs::read_to_string(&claims).unwrap().replace(
        "lower activity during rest",
        "much lower activity during rest",
    );
    std::fs::write(&claims, &broken).unwrap();
    let page_before = std::fs::read_to_string(dir.join("content/page.md")).unwrap();
    let (code, _, err) = sign_all(&dir);
    assert_eq!(code, 1);
    assert!(err.contains("claim `insula-quieter` has 1 error"), "{err}");
    assert!(err.contains("nothing was signed"));
    assert_eq!(std::fs::read_to_string(&claims).unwrap(), broken);
    assert_eq!(
        std::fs::read_to_string(dir.join("content/page.md")).unwrap(),
        page_before
    );
}

#[test]
fn a_page_cannot_be_signed_before_its_claims() {
    let dir = site("order");
    let (code, _, err) = run(
        &dir,
        &[
            "sign",
            "--by",
            BY,
            "--date",
            "2026-12-01",
            "content/page.md",
        ],
    );
    assert_eq!(code, 1);
    assert!(
        err.contains("cites claims that are not signed: amygdala-smaller, insula-quieter"),
        "{err}"
    );
}

#[test]
fn require_sign_off_holds_back_unsigned_pages_until_everything_is_signed() {
    let dir = site("require");
    let config = dir.join("config.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{text}require_sign_off = true\n")).unwrap();
    let (code, report) = check(&dir);
    assert_eq!(code, 1, "{report}");
    assert!(report.contains("[review-required]"), "{report}");
    assert_eq!(sign_all(&dir).0, 0);
    let (code, report) = check(&dir);
    assert_eq!(code, 0, "{report}");
}

#[test]
fn pending_lists_what_awaits_sign_off_and_signs_nothing() {
    let dir = site("pending");
    let before = std::fs::read_to_string(dir.join("claims.yaml")).unwrap();
    let (code, out, _) = run(&dir, &["sign", "--pending", "--date", "2026-12-01"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("amygdala-smaller (needs first review)"),
        "{out}"
    );
    assert!(
        out.contains("content/page.md (needs first review)"),
        "{out}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("claims.yaml")).unwrap(),
        before
    );
}

#[test]
fn the_review_page_is_self_contained_and_shows_the_evidence() {
    let dir = site("review");
    let (code, out, err) = run(
        &dir,
        &["review", "--today", "2026-12-01", "--out", "review"],
    );
    assert_eq!(code, 0, "{out}{err}");
    let html = std::fs::read_to_string(dir.join("review/index.html")).unwrap();
    // Works offline: no scripts, no style sheets or images fetched from anywhere.
    for forbidden in ["<script", "<link", "<img", "<iframe", "@import", "url("] {
        assert!(!html.contains(forbidden), "{forbidden}");
    }
    assert!(html.contains("verified in the local copy (line 7)"));
    // minijinja escapes "/" in attribute values too; browsers read it back as "/".
    assert!(html.contains("href=\"https:&#x2f;&#x2f;example.org&#x2f;page&#x2f;\""));
    insta::assert_snapshot!(html);
}

#[test]
fn impact_lists_changed_claims_and_the_sentences_that_cite_them() {
    let dir = site("impact");
    let git = |args: &[&str]| {
        let ok = Command::new("git")
            .current_dir(&dir)
            .args(["-c", "user.name=t", "-c", "user.email=t@example.org"])
            .args(args)
            .output()
            .expect("git runs")
            .status
            .success();
        assert!(ok, "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "start"]);
    let claims = dir.join("claims.yaml");
    let c = std::fs::read_to_string(&claims).unwrap();
    std::fs::write(
        &claims,
        c.replace(
            "may have been less active",
            "may have been a little less active",
        ),
    )
    .unwrap();
    let (code, out, err) = run(&dir, &["impact", "--since", "HEAD"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("claim `insula-quieter` changed since HEAD"),
        "{out}"
    );
    assert!(
        out.contains("page.md:12: In one study, the insula"),
        "{out}"
    );
    assert!(!out.contains("amygdala-smaller"), "{out}");
    let (_, json, _) = run(&dir, &["impact", "--since", "HEAD", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["claims"][0]["id"], "insula-quieter");
    assert_eq!(value["claims"][0]["citations"][0]["line"], 12);
    let (code, _, err) = run(&dir, &["impact", "--since", "no-such-rev"]);
    assert_eq!(code, 2);
    assert!(err.contains("check the revision"), "{err}");
}
