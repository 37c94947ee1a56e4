//! What can go wrong in a build, and the exit code each kind maps to.

use std::fmt;
use std::path::{Path, PathBuf};

/// A wrong input: a bad config, a missing template, a broken `@/` link. Exit code 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub path: PathBuf,
    /// 1-based line, when known.
    pub line: Option<usize>,
    pub message: String,
}

impl InputError {
    pub fn new(path: &Path, line: Option<usize>, message: impl Into<String>) -> InputError {
        InputError {
            path: path.to_path_buf(),
            line,
            message: message.into(),
        }
    }

    pub fn io(path: &Path, what: &str, err: &std::io::Error) -> InputError {
        InputError::new(path, None, format!("cannot {what}: {err}"))
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path.display(), line, self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

/// Why a build did not publish.
#[derive(Debug)]
pub enum BuildError {
    /// claim-lint refused the content. Holds the human report. Exit code 1.
    Gate(String),
    /// The inputs are wrong or unreadable. Exit code 2.
    Input(Vec<InputError>),
}

impl BuildError {
    pub fn exit_code(&self) -> u8 {
        match self {
            BuildError::Gate(_) => 1,
            BuildError::Input(_) => 2,
        }
    }
}

impl From<InputError> for BuildError {
    fn from(e: InputError) -> Self {
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
    let end = offset.min(text.len());
    let end = (0..=end)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    text[..end].matches('\n').count() + 1
}
