//! The linter's settings: `[extra.claim_lint]` in the site's `config.toml`.
//!
//! Zola ignores everything under `[extra]`, so the same file configures both. Unknown keys
//! under `[extra.claim_lint]` are errors: a misspelt setting must never be silently ignored
//! by the tool that guards a health site.
//!
//! ```toml
//! [extra.claim_lint]
//! reading_grade_max = 8.0          # readability warning threshold
//! overdue_severity = "warning"     # or "error": a page past next_review
//! allow_suppress = ["causal-language"]  # rules of gate categories that may be suppressed
//! require_quotes = true            # every claim needs `basis` and a `quote` or `note`
//! require_sign_off = false         # true: only signed pages citing signed claims publish
//!
//! [extra.claim_lint.severity]
//! reading-grade = "error"          # per-rule severity: error | warning | info | off
//!
//! [extra.claim_lint.lexicon]
//! boosters = ["game-changer"]      # extra lexicon entries, added to the built-in ones
//! ```

use crate::diagnostic::FileError;
use crate::report::Severity;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Extra entries for the built-in word lists, keyed by list name (see [`crate::lexicon`]).
pub type LexiconExtras = BTreeMap<String, Vec<ExtraEntry>>;

/// One extra word-list entry: a phrase, or, for the stigmatizing list, a term with the
/// person-first words that replace it.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum ExtraEntry {
    Plain(String),
    Term {
        term: String,
        #[serde(default)]
        replace: Vec<String>,
    },
}

/// How severe a rule's findings are, as a clinic may set them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SeveritySetting {
    Error,
    Warning,
    Info,
    Off,
}

impl SeveritySetting {
    pub fn to_severity(self) -> Option<Severity> {
        match self {
            SeveritySetting::Error => Some(Severity::Error),
            SeveritySetting::Warning => Some(Severity::Warning),
            SeveritySetting::Info => Some(Severity::Info),
            SeveritySetting::Off => None,
        }
    }
}

/// `[extra.claim_lint]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LintConfig {
    /// Flesch–Kincaid grade above which a page gets a readability warning.
    #[serde(default = "default_grade")]
    pub reading_grade_max: f64,
    /// Severity of a page past its `next_review` date.
    #[serde(default = "default_overdue")]
    pub overdue_severity: SeveritySetting,
    /// Rules outside the default suppressible set that a suppression comment may silence.
    #[serde(default)]
    pub allow_suppress: Vec<String>,
    /// Per-rule severity overrides.
    #[serde(default)]
    pub severity: BTreeMap<String, SeveritySetting>,
    /// Pages (relative to `content/`, as `@/` links name them) that are never withheld for
    /// an overdue review, such as the crisis page: readers in crisis need it more than they
    /// need it fresh. They are published with their "due for review" notice.
    #[serde(default)]
    pub never_withhold: Vec<String>,
    #[serde(default)]
    pub lexicon: LexiconExtras,
    /// Every claim must give its `basis`, and every source entry a `quote` or a `note`.
    /// Off, their absence is a warning, so that older claims files keep loading.
    #[serde(default)]
    pub require_quotes: bool,
    /// Pages that cite an unsigned or changed claim, or are unsigned themselves, are not
    /// published (rule `review-required`). A clinic turns this on before going live.
    #[serde(default)]
    pub require_sign_off: bool,
    /// The built-in word lists with `lexicon`'s extras, compiled and validated once.
    #[serde(skip)]
    pub words: crate::lexicon::Lexicon,
}

fn default_grade() -> f64 {
    8.0
}

fn default_overdue() -> SeveritySetting {
    SeveritySetting::Warning
}

impl Default for LintConfig {
    fn default() -> Self {
        LintConfig {
            reading_grade_max: default_grade(),
            overdue_severity: default_overdue(),
            allow_suppress: Vec::new(),
            severity: BTreeMap::new(),
            never_withhold: Vec::new(),
            lexicon: LexiconExtras::default(),
            require_quotes: false,
            require_sign_off: false,
            words: crate::lexicon::Lexicon::default(),
        }
    }
}

#[derive(Deserialize)]
struct ConfigFile {
    #[serde(default)]
    extra: Option<ExtraTable>,
}

#[derive(Deserialize)]
struct ExtraTable {
    #[serde(default)]
    claim_lint: Option<LintConfig>,
}

impl LintConfig {
    /// Reads `[extra.claim_lint]` from a `config.toml`. A missing file gives the defaults.
    pub fn load(path: &Path) -> Result<LintConfig, FileError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(LintConfig::default()),
            Err(e) => return Err(FileError::io(path, &e)),
        };
        Self::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<LintConfig, FileError> {
        let file: ConfigFile = toml::from_str(text).map_err(|e| {
            let (line, column) = e
                .span()
                .map(|s| crate::diagnostic::line_col(text, s.start))
                .unwrap_or((1, 1));
            FileError::new(
                path,
                line,
                column,
                format!(
                    "invalid config: {}; expected the keys documented under [extra.claim_lint] in README.md",
                    e.message()
                ),
            )
        })?;
        let mut config = file.extra.and_then(|e| e.claim_lint).unwrap_or_default();
        config.check_rule_ids(path, text)?;
        config.words = crate::lexicon::Lexicon::new(&config.lexicon).map_err(|e| {
            error_at_id(
                path,
                text,
                &e.entry,
                format!("{e}; fix or remove the entry under [extra.claim_lint.lexicon]"),
            )
        })?;
        Ok(config)
    }

    fn check_rule_ids(&self, path: &Path, text: &str) -> Result<(), FileError> {
        self.check_known_ids(path, text)?;
        self.check_gate_not_lowered(path, text)
    }

    /// Turning a gate rule down would let the pages it guards be published, so it needs the
    /// same explicit opt-in as suppressing it.
    fn check_gate_not_lowered(&self, path: &Path, text: &str) -> Result<(), FileError> {
        for (id, setting) in &self.severity {
            let Some(rule) = crate::rules::find_rule(id) else {
                continue;
            };
            let gate = rule.category.is_gate();
            let lowered = *setting != SeveritySetting::Error;
            if gate && lowered && !self.allow_suppress.contains(id) {
                return Err(error_at_id(
                    path,
                    text,
                    id,
                    format!(
                        "`{id}` guards publication ({}); it can be lowered only if allow_suppress also lists it",
                        rule.category.as_str()
                    ),
                ));
            }
        }
        Ok(())
    }

    fn check_known_ids(&self, path: &Path, text: &str) -> Result<(), FileError> {
        let named = self.severity.keys().chain(self.allow_suppress.iter());
        for id in named {
            if crate::rules::find_rule(id).is_none() {
                return Err(error_at_id(
                    path,
                    text,
                    id,
                    format!(
                        "unknown rule id `{id}` in [extra.claim_lint]; expected one of the ids listed by `claim-lint rules`"
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// An error pointing at where a rule id is written in the config.
fn error_at_id(path: &Path, text: &str, id: &str, message: String) -> FileError {
    let offset = text.find(id).unwrap_or(0);
    let (line, column) = crate::diagnostic::line_col(text, offset);
    FileError::new(path, line, column, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_table_gives_defaults() {
        let c = LintConfig::parse(Path::new("config.toml"), "base_url = \"x\"\n").unwrap();
        assert_eq!(c.reading_grade_max, 8.0);
    }

    #[test]
    fn unknown_key_is_an_error_with_position() {
        let text = "base_url = \"x\"\n[extra.claim_lint]\nreading_grade = 7\n";
        let e = LintConfig::parse(Path::new("config.toml"), text).unwrap_err();
        assert_eq!(e.line, Some(3), "{e:?}");
        assert!(e.message.contains("reading_grade"), "{}", e.message);
    }

    #[test]
    fn unknown_rule_id_is_an_error() {
        let text = "[extra.claim_lint.severity]\nno-such-rule = \"warning\"\n";
        let e = LintConfig::parse(Path::new("config.toml"), text).unwrap_err();
        assert_eq!(e.line, Some(2));
    }

    #[test]
    fn gate_rules_cannot_be_turned_off_without_opt_in() {
        let text = "[extra.claim_lint.severity]\nbooster-word = \"off\"\n";
        let e = LintConfig::parse(Path::new("config.toml"), text).unwrap_err();
        assert!(e.message.contains("allow_suppress"), "{}", e.message);
        let text = "[extra.claim_lint]\nallow_suppress = [\"booster-word\"]\n[extra.claim_lint.severity]\nbooster-word = \"warning\"\n";
        assert!(LintConfig::parse(Path::new("config.toml"), text).is_ok());
    }

    #[test]
    fn lexicon_extras_are_validated_with_position() {
        let text = "[extra.claim_lint.lexicon]\nboosters = [\"game-changer\"]\nstigmatizing = [\"nutjob\", { term = \"oddball\", replace = [\"person in distress\"] }]\n";
        let c = LintConfig::parse(Path::new("config.toml"), text).unwrap();
        assert!(c
            .words
            .stigmatizing_terms
            .iter()
            .any(|t| t.term == "oddball"));
        let text = "[extra.claim_lint.lexicon]\nboosterz = [\"x\"]\n";
        let e = LintConfig::parse(Path::new("config.toml"), text).unwrap_err();
        assert_eq!(e.line, Some(2), "{e:?}");
        assert!(e.message.contains("no word list"), "{}", e.message);
        let text = "[extra.claim_lint.lexicon]\nboosters = [\"definitely\"]\n";
        let e = LintConfig::parse(Path::new("config.toml"), text).unwrap_err();
        assert!(
            e.message.contains("twice") || e.message.contains("never be reported"),
            "{}",
            e.message
        );
    }

    #[test]
    fn severity_override_is_read() {
        let text = "[extra.claim_lint.severity]\nreading-grade = \"error\"\n";
        let c = LintConfig::parse(Path::new("config.toml"), text).unwrap();
        assert_eq!(c.severity["reading-grade"], SeveritySetting::Error);
    }
}
