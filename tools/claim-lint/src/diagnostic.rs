//! Positions in files, and the fatal errors that stop a run (exit code 2).

use std::fmt;
use std::path::{Path, PathBuf};

/// 1-based line and column (in characters, not bytes) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..offset].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A problem with an input that stops the run (exit code 2): a bad claims file, config,
/// page or template, or an unreadable path. The one located error both tools report; the
/// findings of the rules are [`crate::report::Finding`]s instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    pub path: PathBuf,
    /// 1-based line, when the problem has one.
    pub line: Option<usize>,
    /// 1-based column in characters, when known.
    pub column: Option<usize>,
    pub message: String,
}

impl FileError {
    /// A problem at an exact line and column.
    pub fn new(path: &Path, line: usize, column: usize, message: impl Into<String>) -> FileError {
        FileError {
            path: path.to_path_buf(),
            line: Some(line),
            column: Some(column),
            message: message.into(),
        }
    }

    /// A problem at a line, or with the file as a whole.
    pub fn at_line(path: &Path, line: Option<usize>, message: impl Into<String>) -> FileError {
        FileError {
            path: path.to_path_buf(),
            line,
            column: None,
            message: message.into(),
        }
    }

    /// A problem at a byte offset of the file's text.
    pub fn at_offset(
        path: &Path,
        text: &str,
        offset: usize,
        message: impl Into<String>,
    ) -> FileError {
        let (line, column) = line_col(text, offset);
        FileError::new(path, line, column, message)
    }

    pub fn io(path: &Path, err: &std::io::Error) -> FileError {
        FileError::new(
            path,
            1,
            1,
            format!("cannot read this file: {err}; check that the path exists and is readable"),
        )
    }

    /// An I/O failure while doing `what` ("write the page", "copy static files").
    pub fn cannot(path: &Path, what: &str, err: &std::io::Error) -> FileError {
        FileError::at_line(path, None, format!("cannot {what}: {err}"))
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters() {
        let text = "ab\nné x";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        // 'x' is byte 7 (é is two bytes) but character column 4.
        assert_eq!(line_col(text, 7), (2, 4));
    }
}
