//! What can go wrong in a build, and the exit code each kind maps to.

use std::fmt;

/// A wrong input: a bad config, a missing template, a broken `@/` link. Exit code 2. The
/// same located error type claim-lint reports, so both tools print input errors alike.
pub use claim_lint::diagnostic::FileError;

/// Why a build did not publish.
#[derive(Debug)]
pub enum BuildError {
    /// claim-lint refused the content. Holds the human report. Exit code 1.
    Gate(String),
    /// The inputs are wrong or unreadable. Exit code 2.
    Input(Vec<FileError>),
}

impl BuildError {
    pub fn exit_code(&self) -> u8 {
        match self {
            BuildError::Gate(_) => 1,
            BuildError::Input(_) => 2,
        }
    }
}

impl From<FileError> for BuildError {
    fn from(e: FileError) -> Self {
        BuildError::Input(vec![e])
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Gate(report) => {
                write!(f, "{report}")?;
                write!(
                    f,
                    "error: claim-lint found errors; nothing was published and public/ is unchanged"
                )
            }
            BuildError::Input(errors) => {
                for (i, e) in errors.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "error: {e}")?;
                }
                Ok(())
            }
        }
    }
}

/// 1-based line of a byte offset in a text.
pub fn line_of(text: &str, offset: usize) -> usize {
    claim_lint::diagnostic::line_col(text, offset).0
}
