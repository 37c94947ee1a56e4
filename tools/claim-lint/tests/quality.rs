//! Detection quality inside `cargo test`: the wording regression sets, scored the way
//! `../shared/eval/run-eval` scores them, and every rule's documented examples.

use claim_lint::claims::Date;
use claim_lint::{check, CheckOptions, Severity};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const PROBLEMS: &[&str] = &["unsupported", "overstated", "misattributed", "stigmatizing"];

fn scratch(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("claim-lint-quality-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Checks a folder of pages against a claims file, with default config, on a fixed date.
fn check_folder(
    pages: &Path,
    claims: &Path,
) -> Result<claim_lint::Report, Vec<claim_lint::diagnostic::FileError>> {
    check(&CheckOptions {
        claims: claims.to_path_buf(),
        config: pages.join("no-config.toml"),
        glossary: None,
        paths: vec![pages.to_path_buf()],
        today: Date::parse("2026-11-30").unwrap(),
    })
}

/// (id, label, text) for each `=== ID LABEL` case.
fn read_cases(path: &Path) -> Vec<(String, String, String)> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut cases: Vec<(String, String, String)> = Vec::new();
    for line in text.split_inclusive('\n') {
        if let Some(header) = line.strip_prefix("=== ") {
            let mut parts = header.split_whitespace();
            let (id, label) = (parts.next().unwrap(), parts.next().unwrap());
            cases.push((id.into(), label.into(), String::new()));
        } else if let Some(case) = cases.last_mut() {
            case.2.push_str(line);
        }
    }
    cases
}

/// Blocked cases by id: an error finding in a problem category.
fn blocked(pages: &Path, claims: &Path) -> BTreeMap<String, Vec<String>> {
    let report = check_folder(pages, claims).unwrap_or_else(|e| panic!("{e:?}"));
    let mut found: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for f in report.findings {
        if f.severity == Severity::Error && PROBLEMS.contains(&f.category.as_str()) {
            let id = Path::new(&f.path)
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .to_string();
            found.entry(id).or_default().push(f.category);
        }
    }
    found
}

/// Precision and recall of a case set against the wording claims.
fn score_set(set: &Path, claims: &Path) -> (f64, f64, Vec<String>) {
    let name = set.file_stem().unwrap().to_string_lossy().to_string();
    let pages = scratch(&name);
    let cases = read_cases(set);
    for (id, _, text) in &cases {
        let page = format!("+++\ntitle = \"Case {id}\"\n+++\n\n{}\n", text.trim());
        std::fs::write(pages.join(format!("{id}.md")), page).unwrap();
    }
    let found = blocked(&pages, claims);
    let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
    let mut misses = Vec::new();
    for (id, label, _) in &cases {
        match (label != "ok", found.contains_key(id)) {
            (true, true) => tp += 1.0,
            (true, false) => {
                fn_ += 1.0;
                misses.push(format!("{id} missed ({label})"));
            }
            (false, true) => {
                fp += 1.0;
                misses.push(format!("{id} false alarm"));
            }
            (false, false) => {}
        }
    }
    std::fs::remove_dir_all(&pages).ok();
    let precision = tp / (tp + fp);
    let recall = tp / (tp + fn_);
    println!(
        "{name}: precision {precision:.3}, recall {recall:.3}, {} cases",
        cases.len()
    );
    (precision, recall, misses)
}

fn case_sets(dir: &Path) -> Vec<PathBuf> {
    let mut sets: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "cases"))
        .collect();
    sets.sort();
    sets
}

#[test]
fn wording_sets_keep_precision_and_recall() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/wordings");
    let claims = dir.join("claims.yaml");
    let sets = case_sets(&dir);
    assert!(!sets.is_empty());
    for set in sets {
        let (precision, recall, misses) = score_set(&set, &claims);
        assert!(
            precision >= 0.95 && recall >= 0.95,
            "{}: precision {precision:.3}, recall {recall:.3}; misses: {misses:?}",
            set.display()
        );
    }
}

/// The blind sets (tests/wordings/blind/) were written by readers who never saw the rules;
/// they have not reached 0.95 yet. Each keeps at least the score in `floors.tsv`, which only
/// ever goes up, so a change that loses ground on new voices fails here.
#[test]
fn blind_sets_hold_their_floors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/wordings");
    let claims = dir.join("claims.yaml");
    let floors = std::fs::read_to_string(dir.join("blind/floors.tsv")).unwrap();
    let mut checked = 0;
    for line in floors
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let cols: Vec<&str> = line.split('\t').collect();
        let (set, min_p, min_r): (&str, f64, f64) =
            (cols[0], cols[1].parse().unwrap(), cols[2].parse().unwrap());
        let (precision, recall, misses) = score_set(&dir.join("blind").join(set), &claims);
        assert!(
            precision >= min_p && recall >= min_r,
            "{set}: precision {precision:.3} (floor {min_p}), recall {recall:.3} (floor {min_r}); misses: {misses:?}"
        );
        checked += 1;
    }
    assert_eq!(
        checked,
        case_sets(&dir.join("blind")).len(),
        "every blind set has a floor"
    );
}

/// Each sentence rule's doc gives a `Bad:` and a `Good:` sentence in backticks. The bad one
/// must fire that rule, and the good one must fire no gate rule, against the project's own
/// claims, so the rule reference (docs/rules.md) cannot drift from behaviour.
#[test]
fn every_documented_example_behaves_as_documented() {
    let claims = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../claims.yaml");
    let pages = scratch("doc-examples");
    let mut expected = Vec::new();
    for rule in claim_lint::rules::all_rules() {
        // Page rules judge whole pages, and claim rules (category evidence) judge claims
        // against their sources; their examples are run by their own unit tests.
        if rule.page_level || rule.category == claim_lint::rules::Category::Evidence {
            continue;
        }
        for (kind, should_fire) in [("Bad:", true), ("Good:", false)] {
            let Some(example) = single_sentence_example(rule.doc, kind) else {
                continue;
            };
            let id = format!("{}-{}", rule.id, if should_fire { "bad" } else { "good" });
            let page = format!("+++\ntitle = \"Example\"\n+++\n\n{example}\n");
            std::fs::write(pages.join(format!("{id}.md")), page).unwrap();
            expected.push((id, rule.id, should_fire, example));
        }
    }
    assert!(
        expected.len() >= 20,
        "only {} examples found",
        expected.len()
    );
    let report = check_folder(&pages, &claims).unwrap_or_else(|e| panic!("{e:?}"));
    let mut wrong = Vec::new();
    for (id, rule, should_fire, example) in &expected {
        let on_page: Vec<_> = report
            .findings
            .iter()
            .filter(|f| {
                Path::new(&f.path)
                    .file_stem()
                    .is_some_and(|s| s == id.as_str())
            })
            .collect();
        let fired = on_page.iter().any(|f| f.rule == *rule);
        let gate_errors: Vec<&str> = on_page
            .iter()
            .filter(|f| f.severity == Severity::Error && PROBLEMS.contains(&f.category.as_str()))
            .map(|f| f.rule.as_str())
            .collect();
        if *should_fire && !fired {
            wrong.push(format!("{rule}: bad example does not fire it: {example}"));
        }
        if !*should_fire && !gate_errors.is_empty() {
            wrong.push(format!(
                "{rule}: good example fires {gate_errors:?}: {example}"
            ));
        }
    }
    std::fs::remove_dir_all(&pages).ok();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The text of `KIND \`…\`` when the example is one backtick span on its line.
fn single_sentence_example(doc: &str, kind: &str) -> Option<String> {
    let line = doc.lines().map(str::trim).find(|l| l.starts_with(kind))?;
    let rest = line.strip_prefix(kind)?.trim();
    let inner = rest.strip_prefix('`')?;
    let end = inner.rfind('`')?;
    let example = &inner[..end];
    (!example.contains('`') && inner[end + 1..].trim().is_empty()).then(|| example.to_string())
}

/// Every sentence is judged by itself: a cited neighbour never hides an uncited fact, at the
/// start, middle or end of a paragraph, in list items, block quotes and table cells; and a
/// table cell that is only a label is not a fact.
#[test]
fn an_uncited_fact_is_found_beside_a_cited_one_in_every_position() {
    let claims = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../claims.yaml");
    let pages = scratch("positions");
    let cited =
        "MRI brain scans can measure the size of brain areas.{{ claim(id=\"brain-scans-def\") }}";
    let fact = "About 40 in every 100 people with BPD were abused as children.";
    let body = [
        format!("{fact} {cited}"),
        format!("{cited} {fact}"),
        format!("{cited} {fact} {cited}"),
        format!("- {cited}\n- {fact} {cited}"),
        format!("> {cited} {fact}"),
        format!("| What | Fact |\n|---|---|\n| Scans | {cited} |\n| Abuse | {fact} |"),
    ]
    .join("\n\n");
    let page = format!("+++\ntitle = \"Positions\"\n+++\n\n{body}\n");
    std::fs::write(pages.join("positions.md"), &page).unwrap();
    let report = check_folder(&pages, &claims).unwrap();
    let uncited: Vec<(usize, &str)> = report
        .findings
        .iter()
        .filter(|f| f.rule == "uncited-claim")
        .map(|f| (f.line, f.sentence.as_str()))
        .collect();
    let lines: Vec<usize> = page
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains(fact))
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(lines.len(), 6);
    assert_eq!(
        uncited.iter().map(|(l, _)| *l).collect::<Vec<_>>(),
        lines,
        "{uncited:?}"
    );
    assert!(uncited.iter().all(|(_, s)| *s == fact), "{uncited:?}");
    std::fs::remove_dir_all(&pages).ok();
}

/// A labelled claims set scored as `tests/score-claims-audit` scores it: a claim counts as
/// flagged when an error finding lies within its lines in its claims.yaml.
struct AuditScore {
    precision: f64,
    recall: f64,
    claims: usize,
    wrong: Vec<String>,
}

fn score_claims_set(set: &str) -> AuditScore {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(set);
    let claims_text = std::fs::read_to_string(dir.join("claims.yaml")).unwrap();
    let starts: Vec<(String, usize)> = claims_text
        .lines()
        .enumerate()
        .filter_map(|(i, l)| {
            l.trim_start()
                .strip_prefix("- id:")
                .map(|id| (id.trim().trim_matches('"').to_string(), i + 1))
        })
        .collect();
    let labels: BTreeMap<String, String> = std::fs::read_to_string(dir.join("labels.tsv"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut cols = l.split('\t');
            (
                cols.next().unwrap().trim().to_string(),
                cols.next().unwrap().trim().to_string(),
            )
        })
        .collect();
    let pages = scratch(set);
    let report = check(&CheckOptions {
        claims: dir.join("claims.yaml"),
        config: dir.join("config.toml"),
        glossary: None,
        paths: vec![pages.clone()],
        today: Date::parse("2026-11-30").unwrap(),
    })
    .unwrap_or_else(|e| panic!("{e:?}"));
    std::fs::remove_dir_all(&pages).ok();
    let mut flagged = std::collections::BTreeSet::new();
    for f in &report.findings {
        if !f.path.ends_with("claims.yaml") || f.severity != Severity::Error {
            continue;
        }
        if let Some((id, _)) = starts.iter().rev().find(|(_, line)| *line <= f.line) {
            flagged.insert(id.clone());
        }
    }
    let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
    let mut wrong = Vec::new();
    for (id, label) in &labels {
        match (label != "sound", flagged.contains(id)) {
            (true, true) => tp += 1.0,
            (true, false) => {
                fn_ += 1.0;
                wrong.push(format!("{id} missed ({label})"));
            }
            (false, true) => {
                fp += 1.0;
                wrong.push(format!("{id} flagged but sound"));
            }
            (false, false) => {}
        }
    }
    AuditScore {
        precision: tp / (tp + fp),
        recall: tp / (tp + fn_),
        claims: labels.len(),
        wrong,
    }
}

/// The claims audit sets, half sound claims and half with one planted problem each, written
/// by readers who did not see the rules:
/// - `claims-audit/`, the dev set (70 claims). The goal is 0.95 for both.
/// - `claims-heldout/` (44) and `claims-heldout-2/` (66): held-out sets, no longer blind
///   (their misses have been read); see each README for the first-contact scores.
///
/// Each floor is where the rules stand, and only ever goes up.
#[test]
fn claims_audit_sets_hold_their_floors() {
    let sets = [
        ("claims-audit", 60, 1.0, 1.0),
        ("claims-heldout", 40, 0.95, 0.86),
        ("claims-heldout-2", 60, 0.76, 0.87),
    ];
    let mut failures = Vec::new();
    for (set, min_claims, min_precision, min_recall) in sets {
        let s = score_claims_set(set);
        println!(
            "{set}: precision {:.3}, recall {:.3}",
            s.precision, s.recall
        );
        assert!(s.claims >= min_claims, "{set} has {} claims", s.claims);
        if s.precision < min_precision || s.recall < min_recall {
            failures.push(format!(
                "{set}: precision {:.3} (floor {min_precision}), recall {:.3} (floor {min_recall}); {:?}",
                s.precision, s.recall, s.wrong
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
