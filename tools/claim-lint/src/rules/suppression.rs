//! `suppression-invalid`: a suppression comment that cannot be honoured.

use regex::Regex;
use std::sync::OnceLock;

crate::declare_rule! {
    /// `<!-- claim-lint: allow RULE-ID reason="…" -->` on the line before a block silences
    /// that rule for that block. It must give a reason, name a real rule, and name a rule
    /// that may be suppressed: stigmatizing and page-level rules by default, gate rules
    /// (unsupported, overstated, misattributed) only when `allow_suppress` in
    /// `[extra.claim_lint]` lists them. A suppression that silences nothing is a warning.
    ///
    /// Bad: `<!-- claim-lint: allow stigmatizing-term -->` (no reason)
    ///
    /// Good: `<!-- claim-lint: allow stigmatizing-term reason="names the myth in order to reject it" -->`
    SUPPRESSION_INVALID, id: "suppression-invalid", category: Suppression, severity: Error
}

/// A parsed suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allow {
    /// 1-based line of the comment.
    pub line: usize,
    pub offset: usize,
    pub len: usize,
    pub rule: String,
    pub reason: Option<String>,
}

/// Finds every suppression comment in a page body.
pub fn find_allows(text: &str, body_offset: usize) -> Vec<Allow> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r#"<!--\s*claim-lint:\s*allow\s+([A-Za-z0-9_-]*)\s*(?:reason\s*=\s*"([^"]*)")?[^>]*?-->"#)
            .expect("valid suppression regex")
    });
    re.captures_iter(&text[body_offset..])
        .map(|c| {
            let whole = c.get(0).expect("match");
            let offset = body_offset + whole.start();
            Allow {
                line: crate::diagnostic::line_col(text, offset).0,
                offset,
                len: whole.len(),
                rule: c[1].to_string(),
                reason: c
                    .get(2)
                    .map(|m| m.as_str().trim().to_string())
                    .filter(|r| !r.is_empty()),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rule_and_reason() {
        let text = "Intro.\n<!-- claim-lint: allow stigmatizing-term reason=\"names the myth\" -->\nPara.\n";
        let a = find_allows(text, 0);
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].line, 2);
        assert_eq!(a[0].rule, "stigmatizing-term");
        assert_eq!(a[0].reason.as_deref(), Some("names the myth"));
    }

    #[test]
    fn missing_reason_is_none() {
        let a = find_allows("<!-- claim-lint: allow stigmatizing-term -->\n", 0);
        assert_eq!(a[0].reason, None);
    }
}
