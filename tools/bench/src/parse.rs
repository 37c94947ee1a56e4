//! `bench parse-only DIR`: the lower limit. Reads every Markdown file of a corpus and runs
//! pulldown-cmark over it, on one thread, doing nothing with the events. No tool that must
//! read and parse every page can be faster than this.

use crate::fsutil::{io_err, list_files};
use pulldown_cmark::{Options, Parser};
use std::path::Path;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ParseStats {
    pub files: usize,
    pub bytes: u64,
    pub events: u64,
}

/// Parses every `.md` file under `DIR/content` (or under `DIR` itself when it has no
/// content/ folder).
pub fn parse_only(dir: &Path) -> Result<ParseStats, String> {
    let content = dir.join("content");
    let root = if content.is_dir() {
        content
    } else {
        dir.to_path_buf()
    };
    let mut stats = ParseStats::default();
    for file in list_files(&root)? {
        if file.extension().and_then(|e| e.to_str()) != Some("md") {
            continue;
        }
        let text = std::fs::read_to_string(&file).map_err(|e| io_err(&file, "read", &e))?;
        stats.files += 1;
        stats.bytes += text.len() as u64;
        stats.events += Parser::new_ext(&text, Options::all()).count() as u64;
    }
    Ok(stats)
}
