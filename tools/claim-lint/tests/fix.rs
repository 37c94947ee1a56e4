//! `claim-lint check --fix [--dry-run]` on a copy of the test site.

use std::path::{Path, PathBuf};
use std::process::Command;

fn test_site() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/test_site")
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

/// A page with one of each fix, and one of each thing a fix must never touch.
const PAGE: &str = r#"+++
title = "He committed suicide{{ claim(id=\"prevalence\") }}."
description = "A page to fix."
date = 2026-11-22

[extra]
reviewed = 2026-11-22
next_review = 2027-11-22
reviewed_by = "pending clinical review"
+++

Her brother committed suicide last year. About 1 to 3 in every 100 people have BPD at some point in their lives{{ claim(id="prevalence") }}.

He is attention seeking.

Inline `committed suicide` and `x{{ claim(id="prevalence") }}.` stay as they are.

```
He committed suicide{{ claim(id="prevalence") }}.
```

<!-- claim-lint: allow stigmatizing-term reason="names the myth in order to reject it" -->
Some people still say "borderlines" committed suicide{{ claim(id="prevalence") }}.
"#;

fn site(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("claim-lint-fix-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&test_site(), &dir);
    std::fs::write(dir.join("content/fixme.md"), PAGE).unwrap();
    dir
}

/// Every file under `dir`, with its bytes.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(snapshot(&path));
        } else {
            files.push((path.clone(), std::fs::read(&path).unwrap()));
        }
    }
    files.sort();
    files
}

fn expected_page() -> String {
    PAGE.replace(
        "Her brother committed suicide last year.",
        "Her brother died by suicide last year.",
    )
    .replace(
        "in their lives{{ claim(id=\"prevalence\") }}.\n",
        "in their lives.{{ claim(id=\"prevalence\") }}\n",
    )
}

#[test]
fn dry_run_prints_a_unified_diff_and_writes_nothing() {
    let dir = site("dry-run");
    let before = snapshot(&dir);
    let (code, stdout, stderr) = run(&dir, &["check", "--fix", "--dry-run", "content"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(snapshot(&dir), before, "--dry-run wrote to the site");
    assert!(
        stdout.starts_with("--- a/content/bad.md\n+++ b/content/bad.md\n@@ "),
        "{stdout}"
    );
    assert!(stdout.contains("-Borderlines often feel alone.\n+People with BPD often feel alone.\n"));
    assert!(stdout.contains("--- a/content/fixme.md\n+++ b/content/fixme.md\n"));
    assert!(stdout.contains("-Her brother committed suicide last year."));
    assert!(stdout.contains("+Her brother died by suicide last year."));
    // The diff applies: `git apply` on a fresh copy gives the fixed page.
    let copy = site("dry-run-apply");
    std::fs::write(copy.join("fix.diff"), &stdout).unwrap();
    let applied = Command::new("git")
        .current_dir(&copy)
        .args(["apply", "fix.diff"])
        .output()
        .expect("git runs");
    assert!(
        applied.status.success(),
        "{}",
        String::from_utf8_lossy(&applied.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(copy.join("content/fixme.md")).unwrap(),
        expected_page()
    );
    let _ = std::fs::remove_dir_all(&copy);
    assert!(
        stderr.contains("fixed: content/fixme.md:12:13: `committed suicide` → `died by suicide`"),
        "{stderr}"
    );
    assert!(stderr.contains("left for a person: content/fixme.md:14:7: `attention seeking`: the word list gives 2 replacements"), "{stderr}");
    assert!(stderr.contains("claim-lint --fix --dry-run: 3 changes in 2 files, nothing written; 1 left for a person"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn fix_writes_the_safe_fixes_then_checks_and_a_second_run_changes_nothing() {
    let dir = site("fix");
    let claims = std::fs::read(dir.join("claims.yaml")).unwrap();
    let good = std::fs::read(dir.join("content/good.md")).unwrap();
    let (code, stdout, stderr) = run(
        &dir,
        &[
            "check",
            "--fix",
            "--today",
            "2026-11-22",
            "--format",
            "json",
            "content",
        ],
    );
    // The check that follows still fails bad.md for its other problems.
    assert_eq!(code, 1, "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("stdout is the report");
    let findings = report["findings"].as_array().unwrap();
    assert!(!findings
        .iter()
        .any(|f| f["path"] == "content/bad.md" && f["rule"] == "stigmatizing-term"));
    assert!(
        findings
            .iter()
            .any(|f| f["path"] == "content/fixme.md" && f["rule"] == "stigmatizing-term"),
        "\"attention seeking\" and the front matter are left for a person"
    );
    assert!(
        stderr.contains("claim-lint --fix: 3 changes in 2 files; 1 left for a person"),
        "{stderr}"
    );
    let page = std::fs::read_to_string(dir.join("content/fixme.md")).unwrap();
    assert_eq!(page, expected_page());
    assert_eq!(std::fs::read(dir.join("claims.yaml")).unwrap(), claims);
    assert_eq!(
        std::fs::read(dir.join("content/good.md")).unwrap(),
        good,
        "suppressed"
    );
    assert!(std::fs::read_to_string(dir.join("content/bad.md"))
        .unwrap()
        .contains("\nPeople with BPD often feel alone.\n"));
    // Idempotent.
    let before = snapshot(&dir);
    let (_, stdout, stderr) = run(&dir, &["check", "--fix", "--dry-run", "content"]);
    assert_eq!(stdout, "");
    assert!(stderr.contains(": 0 changes in 0 files"), "{stderr}");
    let (_, _, stderr) = run(&dir, &["check", "--fix", "content"]);
    assert!(stderr.contains(": 0 changes in 0 files"), "{stderr}");
    assert_eq!(snapshot(&dir), before);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn fix_never_touches_the_claims_file_even_when_named() {
    let dir = site("claims");
    std::fs::write(
        dir.join("claims.yaml"),
        std::fs::read_to_string(dir.join("claims.yaml"))
            .unwrap()
            .replace(
                "Some studies suggest an old idea.",
                "He committed suicide{{ claim(id=\"x\") }}.",
            ),
    )
    .unwrap();
    let claims = std::fs::read(dir.join("claims.yaml")).unwrap();
    let (_, _, stderr) = run(&dir, &["check", "--fix", "claims.yaml", "glossary.yaml"]);
    assert!(stderr.contains("0 changes in 0 files"), "{stderr}");
    assert_eq!(std::fs::read(dir.join("claims.yaml")).unwrap(), claims);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_clinics_own_term_from_config_is_fixed() {
    let dir = site("config");
    let config = std::fs::read_to_string(dir.join("config.toml")).unwrap()
        + "[extra.claim_lint.lexicon]\nstigmatizing = [{ term = \"nutjob\", replace = [\"person in distress\"] }]\n";
    std::fs::write(dir.join("config.toml"), config).unwrap();
    std::fs::write(dir.join("content/own.md"), "Nutjob is an old word.\n").unwrap();
    let (_, stdout, _) = run(&dir, &["check", "--fix", "--dry-run", "content/own.md"]);
    assert!(
        stdout.contains("-Nutjob is an old word.\n+Person in distress is an old word.\n"),
        "{stdout}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn dry_run_needs_fix() {
    let (code, _, stderr) = run(&test_site(), &["check", "--dry-run"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("--fix"), "{stderr}");
}
