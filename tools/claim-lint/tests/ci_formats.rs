//! `claim-lint check --format sarif|github` and `--min-severity`: the outputs CI reads.
//! The SARIF is validated against the official SARIF 2.1.0 schema, vendored in
//! `tests/sarif/` with its licence.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn test_site() -> PathBuf {
    manifest().join("tests/fixtures/test_site")
}

/// Runs `claim-lint` in `dir`; (exit code, stdout, stderr).
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

fn check(dir: &Path, format: &str, extra: &[&str]) -> (i32, String) {
    let mut args = vec!["check", "--format", format, "--today", "2026-11-22"];
    args.extend_from_slice(extra);
    let (code, stdout, stderr) = run(dir, &args);
    assert!(code == 0 || code == 1, "exit {code}: {stderr}");
    (code, stdout)
}

fn sarif(dir: &Path, extra: &[&str]) -> Value {
    let (_, stdout) = check(dir, "sarif", extra);
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}"))
}

fn json_findings(dir: &Path, extra: &[&str]) -> Vec<Value> {
    let (_, stdout) = check(dir, "json", extra);
    let report: Value = serde_json::from_str(&stdout).unwrap();
    report["findings"].as_array().unwrap().clone()
}

/// Errors from validating `log` against the vendored SARIF 2.1.0 schema, formats included.
fn schema_errors(log: &Value) -> Vec<String> {
    let text = std::fs::read_to_string(manifest().join("tests/sarif/sarif-2.1.0-rtm.5.json"))
        .expect("the vendored schema is there");
    let mut schema: Value = serde_json::from_str(&text).unwrap();
    // Two `language` patterns in the schema (of a run and of a tool component) have a stray
    // `]` that JavaScript reads as a literal character and that this crate refuses when it
    // checks the schema itself. They are escaped here, in memory, which is how JavaScript
    // reads them; the vendored file stays byte for byte as published.
    let escaped = escape_stray_brackets(&mut schema);
    assert_eq!(
        escaped, 2,
        "the vendored schema changed; look at its `language` patterns"
    );
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles");
    validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// Escapes the stray `]` in the schema's language patterns; returns how many it changed.
fn escape_stray_brackets(schema: &mut Value) -> usize {
    const STRAY: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
    match schema {
        Value::Object(map) => {
            let mut n = 0;
            for (key, value) in map.iter_mut() {
                if key == "pattern" && value == STRAY {
                    *value = STRAY.replace("}]?", "}\\]?").into();
                    n += 1;
                } else {
                    n += escape_stray_brackets(value);
                }
            }
            n
        }
        Value::Array(items) => items.iter_mut().map(escape_stray_brackets).sum(),
        _ => 0,
    }
}

fn results(log: &Value) -> &Vec<Value> {
    log["runs"][0]["results"].as_array().unwrap()
}

fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("claim-lint-ci-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
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

#[test]
fn the_vendored_schema_rejects_a_broken_log() {
    // The validator is live: a log without `runs`, or with a bad level, fails.
    assert!(!schema_errors(&serde_json::json!({ "version": "2.1.0" })).is_empty());
    let mut log = sarif(&test_site(), &["content"]);
    log["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!schema_errors(&log).is_empty());
    // Formats are checked: a rule link that is not a URI fails.
    let mut log = sarif(&test_site(), &["content"]);
    log["runs"][0]["tool"]["driver"]["rules"][0]["helpUri"] = "not a uri".into();
    assert!(!schema_errors(&log).is_empty());
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let log = sarif(&test_site(), &["content"]);
    assert_eq!(schema_errors(&log), Vec::<String>::new());
    assert!(!results(&log).is_empty());
    // Unicode, raw HTML, lone markers, CRLF, a BOM and broken front matter too.
    let malformed = manifest().join("tests/fixtures/malformed");
    let log = sarif(
        &test_site(),
        &[malformed.to_str().unwrap(), "--claims", "claims.yaml"],
    );
    assert_eq!(schema_errors(&log), Vec::<String>::new());
    // A file name that has to be percent-encoded, under an absolute path.
    let dir = tempdir("uri");
    copy_dir(&test_site(), &dir);
    std::fs::rename(
        dir.join("content/bad.md"),
        dir.join("content/bad page é.md"),
    )
    .unwrap();
    let log = sarif(&dir, &["content"]);
    assert_eq!(schema_errors(&log), Vec::<String>::new());
    assert!(results(&log)
        .iter()
        .any(
            |r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                == "content/bad%20page%20%C3%A9.md"
        ));
    let log = sarif(&dir, &[dir.join("content").to_str().unwrap()]);
    assert_eq!(schema_errors(&log), Vec::<String>::new());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn each_sarif_result_is_a_finding_where_the_json_puts_it() {
    let log = sarif(&test_site(), &["content"]);
    let findings = json_findings(&test_site(), &["content"]);
    let unsuppressed: Vec<&Value> = results(&log)
        .iter()
        .filter(|r| r.get("suppressions").is_none())
        .collect();
    assert_eq!(unsuppressed.len(), findings.len());
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    for (r, f) in unsuppressed.iter().zip(&findings) {
        assert_eq!(r["ruleId"], f["rule"]);
        let level = match f["severity"].as_str().unwrap() {
            "info" => "note",
            other => other,
        };
        assert_eq!(r["level"], level);
        assert!(r["message"]["text"]
            .as_str()
            .unwrap()
            .starts_with(f["message"].as_str().unwrap()));
        let at = &r["locations"][0]["physicalLocation"];
        assert_eq!(at["artifactLocation"]["uri"], f["path"]);
        let region = &at["region"];
        assert_eq!(region["startLine"], f["line"]);
        assert_eq!(region["startColumn"], f["column"]);
        assert_eq!(region["endLine"], f["end_line"]);
        assert_eq!(region["endColumn"], f["end_column"]);
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], r["ruleId"]);
    }
    // A claim's finding is located in claims.yaml, relative like a page.
    assert!(unsuppressed.iter().any(
        |r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "claims.yaml"
    ));
}

#[test]
fn suppressed_findings_are_results_with_an_in_source_suppression() {
    let log = sarif(&test_site(), &["content/good.md"]);
    let suppressed: Vec<&Value> = results(&log)
        .iter()
        .filter(|r| r.get("suppressions").is_some())
        .collect();
    assert_eq!(suppressed.len(), 1, "{log:#}");
    let r = suppressed[0];
    assert_eq!(r["ruleId"], "stigmatizing-term");
    assert_eq!(r["level"], "error");
    let s = &r["suppressions"][0];
    assert_eq!(s["kind"], "inSource");
    assert_eq!(s["justification"], "names the myth in order to reject it");
    // The finding sits on the block's line (19), the comment on the line before it.
    let at = &r["locations"][0]["physicalLocation"];
    assert_eq!(at["artifactLocation"]["uri"], "content/good.md");
    assert_eq!(at["region"]["startLine"], 19);
    assert_eq!(s["location"]["physicalLocation"]["region"]["startLine"], 18);
}

#[test]
fn sarif_rules_carry_their_docs_and_a_link_to_their_entry_in_docs_rules_md() {
    let log = sarif(&test_site(), &["content/good.md"]);
    let driver = &log["runs"][0]["tool"]["driver"];
    assert_eq!(driver["name"], "claim-lint");
    let repository = env!("CARGO_PKG_REPOSITORY");
    assert!(
        !repository.is_empty(),
        "set `repository` in the workspace Cargo.toml"
    );
    assert_eq!(driver["informationUri"], repository);
    let docs = std::fs::read_to_string(manifest().join("../../docs/rules.md")).unwrap();
    let rules = driver["rules"].as_array().unwrap();
    let (code, listed, _) = run(&test_site(), &["rules"]);
    assert_eq!(code, 0);
    assert_eq!(rules.len(), listed.matches("\n## ").count());
    for rule in rules {
        let id = rule["id"].as_str().unwrap();
        let uri = rule["helpUri"].as_str().unwrap();
        assert_eq!(
            uri,
            format!("{repository}/blob/main/docs/rules.md#{id}"),
            "{id}"
        );
        // The anchor is the rule's heading in docs/rules.md, as GitHub slugs it.
        assert!(
            docs.contains(&format!("\n## {id}\n")),
            "{id} has no heading"
        );
        assert!(
            docs.contains(&format!("(#{id})")),
            "{id} is not in the table"
        );
        let short = rule["shortDescription"]["text"].as_str().unwrap();
        let full = rule["fullDescription"]["text"].as_str().unwrap();
        let help = rule["help"]["markdown"].as_str().unwrap();
        assert!(
            !short.is_empty() && full.starts_with(short.trim_end_matches('.')),
            "{id}"
        );
        // The help is the rule's own doc, as docs/rules.md shows it, examples included.
        assert!(docs.contains(help), "{id}: help is not the rule's doc");
        assert!(help.contains("Bad:") || help.contains("Good:"), "{id}");
    }
}

#[test]
fn github_prints_one_workflow_command_per_finding() {
    let (code, stdout) = check(&test_site(), "github", &["content"]);
    let (json_code, _) = check(&test_site(), "json", &["content"]);
    assert_eq!(code, json_code);
    let findings = json_findings(&test_site(), &["content"]);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), findings.len());
    for (line, f) in lines.iter().zip(&findings) {
        let command = match f["severity"].as_str().unwrap() {
            "error" => "error",
            "warning" => "warning",
            _ => "notice",
        };
        let expected = format!(
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::",
            f["path"].as_str().unwrap(),
            f["line"],
            f["column"],
            f["end_line"],
            f["end_column"],
            f["rule"].as_str().unwrap()
        );
        assert!(line.starts_with(&expected), "{line}\nexpected {expected}");
        // The message, then its help, on one line: newlines are escaped.
        assert!(line.contains("%0Ahelp: "), "{line}");
    }
    assert!(stdout.contains(
        "::error file=content/bad.md,line=18,col=1,endLine=18,endColumn=12,title=stigmatizing-term::`Borderlines` labels or blames people%0Ahelp: use \"people with BPD\"\n"
    ));
}

#[test]
fn github_escapes_data_and_properties_as_documented() {
    use claim_lint::report::{escape_data, escape_property};
    assert_eq!(
        escape_data("100% sure\r\nnext: a, b"),
        "100%25 sure%0D%0Anext: a, b"
    );
    assert_eq!(
        escape_property("dir:a,b/100%.md\n"),
        "dir%3Aa%2Cb/100%25.md%0A"
    );
    // A file name with a comma and a colon cannot end the property early.
    let dir = tempdir("escape");
    copy_dir(&test_site(), &dir);
    std::fs::rename(dir.join("content/bad.md"), dir.join("content/a,b:c.md")).unwrap();
    let (_, stdout) = check(&dir, "github", &["content"]);
    assert!(
        stdout.contains("file=content/a%2Cb%3Ac.md,line="),
        "{stdout}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn min_severity_filters_every_format_but_not_the_exit_code() {
    let all = json_findings(&test_site(), &["content"]);
    assert!(all.iter().any(|f| f["severity"] == "warning"));
    assert!(all.iter().any(|f| f["severity"] == "info"));
    for (min, kept) in [
        ("error", &["error"][..]),
        ("warning", &["error", "warning"][..]),
        ("info", &["error", "warning", "info"][..]),
    ] {
        let findings = json_findings(&test_site(), &["--min-severity", min, "content"]);
        let expected: Vec<&Value> = all
            .iter()
            .filter(|f| kept.contains(&f["severity"].as_str().unwrap()))
            .collect();
        assert_eq!(findings.iter().collect::<Vec<_>>(), expected, "{min}");
        let log = sarif(&test_site(), &["--min-severity", min, "content"]);
        let unsuppressed = results(&log)
            .iter()
            .filter(|r| r.get("suppressions").is_none())
            .count();
        assert_eq!(unsuppressed, expected.len(), "{min}");
        let (code, stdout) = check(&test_site(), "github", &["--min-severity", min, "content"]);
        assert_eq!(code, 1, "errors still fail the run");
        assert_eq!(stdout.lines().count(), expected.len(), "{min}");
        let (_, human) = check(&test_site(), "human", &["--min-severity", min, "content"]);
        let hidden = all.len() - expected.len();
        assert_eq!(
            human.contains("below --min-severity not shown"),
            hidden > 0,
            "{human}"
        );
    }
    // Only warnings and notes below the threshold: still exit 0, and the exit code is the
    // same whatever is shown.
    let (code, stdout) = check(
        &test_site(),
        "github",
        &["--min-severity", "error", "content/good.md"],
    );
    assert_eq!((code, stdout.as_str()), (0, ""));
    let (code, _) = check(
        &test_site(),
        "json",
        &["--min-severity", "error", "content/bad.md"],
    );
    assert_eq!(code, 1);
}

#[test]
fn a_bad_format_or_severity_is_a_usage_error() {
    let (code, _, stderr) = run(&test_site(), &["check", "--format", "xml"]);
    assert_eq!(code, 2, "{stderr}");
    let (code, _, stderr) = run(&test_site(), &["check", "--min-severity", "fatal"]);
    assert_eq!(code, 2, "{stderr}");
}
