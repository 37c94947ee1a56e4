//! End-to-end tests of the `claim-lint` binary on fixture sites.

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Runs `claim-lint check` in `dir` and returns (exit code, stdout, stderr).
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_claim-lint"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .expect("binary runs");
    (
        out.status.code().expect("exited normally, not by a signal"),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json(dir: &Path, pages: &[&str]) -> (i32, serde_json::Value) {
    let mut args = vec!["check", "--format", "json", "--today", "2026-11-22"];
    args.extend_from_slice(pages);
    let (code, stdout, stderr) = run(dir, &args);
    let value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}{stderr}"));
    (code, value)
}

#[test]
fn good_page_passes_with_its_suppression_listed() {
    let (code, report) = json(&fixtures().join("test_site"), &["content/good.md"]);
    assert_eq!(code, 0, "{report:#}");
    let s = &report["suppressions"][0];
    assert_eq!(s["rule"], "stigmatizing-term");
    assert_eq!(s["line"], 18);
    assert_eq!(report["summary"]["suppressed"], 1);
    assert_eq!(report["summary"]["claims_cited"], 1);
}

#[test]
fn bad_page_fails_with_each_problem_found() {
    let (code, report) = json(&fixtures().join("test_site"), &["content/bad.md"]);
    assert_eq!(code, 1);
    let rules: Vec<(&str, u64)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule"].as_str().unwrap(), f["line"].as_u64().unwrap()))
        .collect();
    for expected in [
        ("booster-word", 3),
        ("review-due-soon", 2),
        ("overstated-certainty", 12),
        ("causal-language", 12),
        ("stale-claim", 12),
        ("changed-figure", 14),
        ("unknown-claim", 16),
        ("stigmatizing-term", 18),
        ("suppression-invalid", 20),
        ("overstated-certainty", 21),
    ] {
        assert!(
            rules.contains(&expected),
            "missing {expected:?} in {rules:?}"
        );
    }
}

#[test]
fn json_has_exactly_the_version_1_fields() {
    let (_, report) = json(&fixtures().join("test_site"), &["content"]);
    let mut top: Vec<&str> = report
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    top.sort();
    assert_eq!(top, ["findings", "summary", "suppressions", "version"]);
    let finding = &report["findings"][0];
    for key in [
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "rule",
        "category",
        "severity",
        "message",
        "claim",
        "claims",
        "sentence",
        "suggestion",
    ] {
        assert!(finding.get(key).is_some(), "finding lacks {key}");
    }
    for key in [
        "files",
        "sentences",
        "claims_cited",
        "errors",
        "warnings",
        "suppressed",
        "pages",
    ] {
        assert!(report["summary"].get(key).is_some(), "summary lacks {key}");
    }
    let page = &report["summary"]["pages"][0];
    for key in ["path", "sentences", "claims_cited", "reading_grade"] {
        assert!(page.get(key).is_some(), "page summary lacks {key}");
    }
}

#[test]
fn columns_count_characters_and_point_into_the_original_file() {
    let (_, report) = json(&fixtures().join("test_site"), &["content/bad.md"]);
    let figure = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "changed-figure")
        .unwrap();
    // "About 10 in every 100 people…": the figure starts at column 7.
    assert_eq!(
        (figure["line"].as_u64(), figure["column"].as_u64()),
        (Some(14), Some(7))
    );
    assert_eq!(figure["claim"], "prevalence");
}

#[test]
fn human_output_snapshot() {
    let (code, stdout, _) = run(
        &fixtures().join("test_site"),
        &["check", "--today", "2026-11-22", "content/bad.md"],
    );
    assert_eq!(code, 1);
    insta::assert_snapshot!(stdout);
}

#[test]
fn claims_statement_that_fails_its_own_level_is_reported_in_claims_file() {
    let dir = tempdir("statement");
    std::fs::write(
        dir.join("claims.yaml"),
        "sources:\n  r: {citation: \"x\", type: review}\nclaims:\n  - id: a\n    statement: \"Oxytocin helps people with BPD.\"\n    certainty: very-low\n    kind: effect\n    sources: [{source: r, locator: \"x\"}]\n    reviewed: 2026-01-01\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("content")).unwrap();
    let (code, report) = json(&dir, &["content"]);
    assert_eq!(code, 1);
    let f = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "overstated-certainty")
        .expect("the statement's own level is checked");
    assert_eq!(f["path"], "claims.yaml");
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(5), Some(17))
    );
}

#[test]
fn malformed_claims_files_exit_2_with_a_position() {
    let dir = fixtures().join("malformed");
    for (file, expect) in [
        ("claims-unclosed-quote.yaml", "claims-unclosed-quote.yaml:"),
        ("claims-bad-enum.yaml", "claims-bad-enum.yaml:6:"),
        ("claims-bad-date.yaml", "2026-13-01"),
        (
            "claims-duplicate-and-unknown-source.yaml",
            "duplicate claim id `a`",
        ),
        (
            "claims-duplicate-and-unknown-source.yaml",
            "unknown source `nope`",
        ),
        ("claims-unknown-key.yaml", "unknown field `statment`"),
        ("claims-empty.yaml", "claims-empty.yaml:"),
        ("claims-binary.yaml", "claims-binary.yaml:"),
        ("no-such-file.yaml", "cannot read this file"),
    ] {
        let (code, stdout, stderr) = run(
            &dir,
            &[
                "check",
                "--claims",
                file,
                "--config",
                "none.toml",
                "page-crlf-bom.md",
            ],
        );
        assert_eq!(code, 2, "{file}: {stdout}{stderr}");
        assert!(
            stderr.contains(expect),
            "{file}: expected {expect:?} in {stderr}"
        );
    }
}

#[test]
fn bad_config_exits_2_with_line() {
    let site = fixtures().join("test_site");
    for (config, expect) in [
        (
            "../malformed/config-unknown-key.toml",
            "config-unknown-key.toml:2:",
        ),
        (
            "../malformed/config-unknown-rule.toml",
            "unknown rule id `no-such-rule`",
        ),
    ] {
        let (code, _, stderr) = run(&site, &["check", "--config", config, "content/good.md"]);
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.contains(expect), "expected {expect:?} in {stderr}");
    }
}

#[test]
fn malformed_pages_never_panic_in_either_format() {
    let dir = fixtures().join("malformed");
    for page in [
        "page-bad-toml.md",
        "page-unclosed.md",
        "page-marker-soup.md",
        "page-odd-markdown.md",
        "page-crlf-bom.md",
        "page-unicode-and-html.md",
    ] {
        for format in ["human", "json"] {
            let (code, _, stderr) = run(
                &dir,
                &[
                    "check",
                    "--claims",
                    "../test_site/claims.yaml",
                    "--config",
                    "none.toml",
                    "--format",
                    format,
                    page,
                ],
            );
            assert!(
                code == 0 || code == 1,
                "{page} ({format}): exit {code}: {stderr}"
            );
        }
    }
}

#[test]
fn unicode_html_and_lone_markers_are_found_at_exact_positions() {
    let dir = fixtures().join("malformed");
    let (code, stdout, _) = run(
        &dir,
        &[
            "check",
            "--claims",
            "../test_site/claims.yaml",
            "--config",
            "none.toml",
            "--format",
            "json",
            "page-unicode-and-html.md",
        ],
    );
    assert_eq!(code, 1);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let found: Vec<(String, u64, u64, u64)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let n = |k: &str| f[k].as_u64().unwrap();
            (
                f["rule"].as_str().unwrap().to_string(),
                n("line"),
                n("column"),
                n("end_column"),
            )
        })
        .collect();
    let has = |rule: &str, line: u64| found.iter().any(|f| f.0 == rule && f.1 == line);
    // "Zürich café." ends at character 60 of line 4; the span ends after its last character.
    assert!(
        found.contains(&("uncited-claim".to_string(), 4, 1, 60)),
        "{found:?}"
    );
    assert!(has("uncited-claim", 6), "{found:?}");
    assert!(has("unknown-claim", 8), "lone marker: {found:?}");
    assert!(has("uncited-claim", 11), "text inside raw HTML: {found:?}");
}

/// Many generated pages mixing markers, punctuation, multibyte text and Markdown: the
/// human output (which underlines spans) must never panic.
#[test]
fn generated_pages_never_panic() {
    let pieces = [
        "BPD",
        "ü",
        "😀",
        "é.",
        "{{ claim(id=\"prevalence\") }}",
        "{{<claim id=\"cortisol\"/>}}",
        ". ",
        "?",
        "1–3%",
        "\r\n",
        "\n\n",
        "## ",
        "- ",
        "> ",
        "| a |",
        "`code`",
        "**",
        "<b>",
        "</b>",
        "<!--",
        "-->",
        "proven",
        "may",
        "all",
        "borderlines",
        "cures",
        "“",
        "”",
        "\u{200b}",
        "e.g.",
        "U.S.",
        "2.5",
    ];
    let dir = tempdir("generated");
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for n in 0..60 {
        let mut page = String::new();
        for _ in 0..40 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            page.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            page.push(' ');
        }
        std::fs::write(dir.join(format!("p{n}.md")), page).unwrap();
    }
    let claims = fixtures().join("test_site/claims.yaml");
    let (code, _, stderr) = run(
        &dir,
        &[
            "check",
            "--claims",
            claims.to_str().unwrap(),
            "--config",
            "none.toml",
            ".",
        ],
    );
    assert!(code == 0 || code == 1, "exit {code}: {stderr}");
}

#[test]
fn bad_front_matter_is_reported_where_toml_stopped() {
    let dir = fixtures().join("malformed");
    let (_, stdout, _) = run(
        &dir,
        &[
            "check",
            "--claims",
            "../test_site/claims.yaml",
            "--config",
            "none.toml",
            "--format",
            "json",
            "page-bad-toml.md",
        ],
    );
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let f = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "front-matter")
        .expect("front-matter finding");
    assert_eq!(f["line"], 2);
}

#[test]
fn missing_path_and_bad_today_exit_2() {
    let site = fixtures().join("test_site");
    let (code, _, stderr) = run(&site, &["check", "no-such-folder"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no-such-folder"));
    let (code, _, stderr) = run(&site, &["check", "--today", "22/11/2026"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("YYYY-MM-DD"));
}

#[test]
fn overdue_is_a_warning_by_default_and_an_error_when_configured() {
    let dir = tempdir("overdue");
    std::fs::copy(
        fixtures().join("test_site/claims.yaml"),
        dir.join("claims.yaml"),
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("content")).unwrap();
    let page = std::fs::read_to_string(fixtures().join("test_site/content/good.md")).unwrap();
    std::fs::write(
        dir.join("content/p.md"),
        page.replace("2027-11-22", "2026-01-01"),
    )
    .unwrap();
    let (code, report) = json(&dir, &["content"]);
    assert_eq!(code, 0, "{report:#}");
    let overdue = |report: &serde_json::Value| {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == "review-overdue")
            .cloned()
            .expect("an overdue page is reported")
    };
    assert_eq!(overdue(&report)["severity"], "warning");
    std::fs::write(
        dir.join("config.toml"),
        "[extra.claim_lint]\noverdue_severity = \"error\"\n",
    )
    .unwrap();
    let (code, report) = json(&dir, &["content"]);
    assert_eq!(code, 1);
    assert_eq!(overdue(&report)["severity"], "error");
}

#[test]
fn glossary_definitions_are_checked_like_sentences() {
    let dir = tempdir("glossary");
    let site = fixtures().join("test_site");
    std::fs::copy(site.join("claims.yaml"), dir.join("claims.yaml")).unwrap();
    std::fs::create_dir_all(dir.join("content")).unwrap();
    let good = std::fs::read_to_string(site.join("glossary.yaml")).unwrap();
    std::fs::write(dir.join("glossary.yaml"), &good).unwrap();
    let (code, report) = json(&dir, &["content"]);
    assert_eq!(code, 0, "{report:#}");
    let bad = good
        .replace("may have higher cortisol", "have higher cortisol")
        .replace("claims: [prevalence]", "claims: []");
    std::fs::write(dir.join("glossary.yaml"), bad).unwrap();
    let (code, report) = json(&dir, &["content"]);
    assert_eq!(code, 1);
    let found: Vec<(&str, &str, u64)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap(),
                f["rule"].as_str().unwrap(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(
        found.contains(&("glossary.yaml", "overstated-certainty", 3)),
        "{found:?}"
    );
    assert!(
        found.contains(&("glossary.yaml", "uncited-claim", 7)),
        "{found:?}"
    );
}

#[test]
fn rules_reference_is_generated_and_up_to_date() {
    let (code, stdout, _) = run(&fixtures(), &["rules"]);
    assert_eq!(code, 0);
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules.md");
    let committed = std::fs::read_to_string(&docs).unwrap_or_default();
    assert!(
        committed == stdout,
        "docs/rules.md is stale; regenerate it with: cargo run -p claim-lint -- rules > docs/rules.md"
    );
}

fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("claim-lint-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A reader that stops early (`claim-lint check | head -1`) is not a crash.
#[test]
fn a_closed_pipe_is_not_a_panic() {
    use std::io::Read;
    let mut child = Command::new(env!("CARGO_BIN_EXE_claim-lint"))
        .current_dir(fixtures().join("test_site"))
        .args([
            "check",
            "--format",
            "sarif",
            "--today",
            "2026-11-22",
            "content",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Read one byte, then close the pipe: the SARIF log (with every rule's help) is
    // larger than a pipe holds, so the rest of it is written to a closed pipe.
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 1];
    let _ = stdout.read(&mut first);
    drop(stdout);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_ne!(status.code(), Some(101), "{stderr}");
}
