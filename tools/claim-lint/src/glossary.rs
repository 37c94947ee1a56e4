//! `glossary.yaml`: plain definitions of the terms pages use, each citing claims.
//!
//! ```yaml
//! terms:
//!   - term: amygdala
//!     aliases: [amygdalae]
//!     definition: "A small part of the brain that helps spot danger."
//!     claims: [amygdala-role]
//! ```

use crate::diagnostic::FileError;
use serde::Deserialize;
use std::path::Path;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub term: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub definition: String,
    #[serde(default)]
    pub claims: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Glossary {
    pub terms: Vec<Term>,
}

impl Glossary {
    pub fn load(path: &Path) -> Result<Glossary, FileError> {
        let text = std::fs::read_to_string(path).map_err(|e| FileError::io(path, &e))?;
        Self::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Glossary, FileError> {
        serde_norway::from_str(text).map_err(|e| {
            let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
            FileError::new(
                path,
                line,
                column,
                format!("{e}; expected `terms:` with `term`, `definition`, `claims` and optional `aliases`"),
            )
        })
    }

    /// Every term and alias.
    pub fn words(&self) -> Vec<String> {
        self.terms
            .iter()
            .flat_map(|t| std::iter::once(t.term.clone()).chain(t.aliases.iter().cloned()))
            .collect()
    }
}
