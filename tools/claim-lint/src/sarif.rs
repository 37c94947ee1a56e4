//! SARIF 2.1.0 output (`claim-lint check --format sarif`), for code scanning in CI.
//!
//! One run with the tool's rules (`tool.driver.rules`, each with its own documentation and a
//! link to its entry in `docs/rules.md`), one result per finding, and one result per
//! suppressed finding, marked with an in-source suppression and its reason so that code
//! scanning shows it as suppressed rather than as an open alert. Locations are the
//! findings' own: a page, or `claims.yaml` for a claim's finding. Columns count Unicode
//! code points, as every other output does, and an end column is the column after the
//! last character, as SARIF defines it. The output is tested against the official schema
//! (`tests/sarif/`).

use crate::report::{Finding, Report, Severity};
use crate::rules::{all_rules, RuleMeta};
use serde_json::{json, Map, Value};

/// The project's address, from `repository` in the workspace `Cargo.toml`, read when the
/// binary is built. Rule links are made from it; empty means no links.
pub const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// The branch the rule links point into.
pub const BRANCH: &str = "main";

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The anchor GitHub gives a Markdown heading: lowercased, spaces as hyphens, and every
/// character other than letters, digits, `-` and `_` dropped. `docs/rules.md` gives every
/// rule a `## <rule-id>` heading, so this is the rule's anchor there.
pub fn heading_anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// The rule's entry in `docs/rules.md` in the project's repository, if it names one.
pub fn rule_help_uri(id: &str) -> Option<String> {
    let repo = REPOSITORY.trim().trim_end_matches('/');
    (!repo.is_empty()).then(|| format!("{repo}/blob/{BRANCH}/docs/rules.md#{}", heading_anchor(id)))
}

/// A rule's doc as `docs/rules.md` shows it: each line without the space after `///`.
fn doc_markdown(rule: &RuleMeta) -> String {
    let lines: Vec<&str> = rule
        .doc
        .lines()
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect();
    lines.join("\n").trim().to_string()
}

/// The doc's first paragraph, on one line: what the rule catches, without the examples.
fn first_paragraph(doc: &str) -> String {
    doc.split("\n\n")
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The first sentence of a paragraph: up to the first full stop that ends a sentence,
/// outside code, brackets and quotes.
fn first_sentence(paragraph: &str) -> String {
    let chars: Vec<char> = paragraph.chars().collect();
    let mut in_code = false;
    let mut in_quote = false;
    let mut depth = 0i32;
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '`' => in_code = !in_code,
            '"' if !in_code => in_quote = !in_quote,
            '(' | '[' if !in_code => depth += 1,
            ')' | ']' if !in_code => depth -= 1,
            '.' | ':' if !in_code && !in_quote && depth <= 0 => {
                let ends = chars.get(i + 1).is_none_or(|n| n.is_whitespace());
                let before: String = chars[..i].iter().collect();
                let word = before
                    .rsplit(|c: char| c.is_whitespace() || c == '(')
                    .next()
                    .unwrap_or("")
                    .to_lowercase();
                let abbreviation = ["e.g", "i.e", "etc", "vs"].contains(&word.as_str());
                if ends && !abbreviation {
                    let sentence: String = chars[..i].iter().collect();
                    return format!("{}.", sentence.trim_end());
                }
            }
            _ => {}
        }
    }
    paragraph.to_string()
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A reporting descriptor for one rule.
fn descriptor(rule: &RuleMeta) -> Value {
    let doc = doc_markdown(rule);
    let paragraph = first_paragraph(&doc);
    let mut d = json!({
        "id": rule.id,
        "shortDescription": { "text": first_sentence(&paragraph) },
        "fullDescription": { "text": paragraph },
        "help": { "text": doc, "markdown": doc },
        "defaultConfiguration": { "level": level(rule.severity) },
        "properties": {
            "category": rule.category.as_str(),
            "tags": [rule.category.as_str()],
            "suppressibleByDefault": rule.suppressible_by_default(),
        },
    });
    if let Some(uri) = rule_help_uri(rule.id) {
        d["helpUri"] = json!(uri);
    }
    d
}

/// A path as a URI reference: relative paths stay relative (code scanning resolves them
/// from the repository root), absolute ones become `file:` URIs; everything outside the
/// characters a URI path may hold is percent-encoded.
pub fn path_uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let windows_drive = path.len() > 2
        && path.as_bytes()[1] == b':'
        && path.as_bytes()[0].is_ascii_alphabetic()
        && path.as_bytes()[2] == b'/';
    if windows_drive {
        format!("file:///{}{}", &path[..2], encode_path(&path[2..]))
    } else if path.starts_with('/') {
        format!("file://{}", encode_path(&path))
    } else {
        // A `:` in the first segment of a relative reference would read as a scheme.
        encode_path(&path).replace(':', "%3A")
    }
}

fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        let keep = b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&b);
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn result(f: &Finding, rule_index: Option<usize>) -> Value {
    let mut text = f.message.clone();
    if let Some(s) = &f.suggestion {
        text.push_str("\nhelp: ");
        text.push_str(s);
    }
    let mut r = Map::new();
    r.insert("ruleId".into(), json!(f.rule));
    if let Some(i) = rule_index {
        r.insert("ruleIndex".into(), json!(i));
    }
    r.insert("level".into(), json!(level(f.severity)));
    r.insert("message".into(), json!({ "text": text }));
    r.insert(
        "locations".into(),
        json!([{
            "physicalLocation": {
                "artifactLocation": { "uri": path_uri(&f.path) },
                "region": {
                    "startLine": f.line.max(1),
                    "startColumn": f.column.max(1),
                    "endLine": f.end_line.max(f.line).max(1),
                    "endColumn": f.end_column.max(1),
                },
            },
        }]),
    );
    let mut properties = json!({ "category": f.category });
    if !f.claims.is_empty() {
        properties["claims"] = json!(f.claims);
    }
    r.insert("properties".into(), properties);
    Value::Object(r)
}

impl Report {
    /// The report as a SARIF 2.1.0 log.
    pub fn to_sarif(&self) -> String {
        let rules = all_rules();
        let index = |id: &str| rules.iter().position(|r| r.id == id);
        let mut results: Vec<Value> = self
            .findings
            .iter()
            .map(|f| result(f, index(&f.rule)))
            .collect();
        // A suppression comment always silences a finding; one whose finding was not kept
        // (its rule is off) has nothing to show.
        for s in &self.suppressions {
            if let Some(f) = &s.finding {
                let mut r = result(f, index(&f.rule));
                r["suppressions"] = json!([{
                    "kind": "inSource",
                    "status": "accepted",
                    "justification": s.reason,
                    "location": {
                        "physicalLocation": {
                            "artifactLocation": { "uri": path_uri(&s.path) },
                            "region": { "startLine": s.line.max(1) },
                        },
                    },
                }]);
                results.push(r);
            }
        }
        let mut driver = json!({
            "name": "claim-lint",
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "rules": rules.iter().map(|r| descriptor(r)).collect::<Vec<_>>(),
        });
        let repo = REPOSITORY.trim();
        if !repo.is_empty() {
            driver["informationUri"] = json!(repo);
        }
        let log = json!({
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": { "driver": driver },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }],
        });
        serde_json::to_string_pretty(&log).expect("SARIF serialises")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_are_github_heading_slugs() {
        assert_eq!(heading_anchor("stigmatizing-term"), "stigmatizing-term");
        assert_eq!(heading_anchor("What it is: A Rule"), "what-it-is-a-rule");
        for r in all_rules() {
            assert_eq!(
                heading_anchor(r.id),
                r.id,
                "a rule id must be its own anchor"
            );
        }
    }

    #[test]
    fn help_uri_points_into_docs_rules_md() {
        let uri = rule_help_uri("booster-word").unwrap();
        assert!(uri.starts_with(REPOSITORY.trim_end_matches('/')), "{uri}");
        assert!(
            uri.ends_with("/blob/main/docs/rules.md#booster-word"),
            "{uri}"
        );
    }

    #[test]
    fn first_sentence_skips_abbreviations_code_and_brackets() {
        assert_eq!(
            first_sentence("Words (e.g. this. or that.) and `a. b` count, e.g. here. Then more."),
            "Words (e.g. this. or that.) and `a. b` count, e.g. here."
        );
        assert_eq!(first_sentence("No stop at all"), "No stop at all");
    }

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(path_uri("content/what-is-bpd.md"), "content/what-is-bpd.md");
        assert_eq!(
            path_uri("content/a page é.md"),
            "content/a%20page%20%C3%A9.md"
        );
        assert_eq!(path_uri("/tmp/x y.md"), "file:///tmp/x%20y.md");
        assert_eq!(path_uri("C:\\site\\a.md"), "file:///C:/site/a.md");
        assert_eq!(path_uri("a:b.md"), "a%3Ab.md");
    }
}
