//! Small file helpers with error messages that name the file.

use std::path::{Path, PathBuf};

pub fn io_err(path: &Path, what: &str, e: &std::io::Error) -> String {
    format!("cannot {what} {}: {e}", path.display())
}

/// Writes a file, creating its folder first.
pub fn write_file(path: &Path, text: impl AsRef<[u8]>) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| io_err(dir, "create", &e))?;
    }
    std::fs::write(path, text).map_err(|e| io_err(path, "write", &e))
}

/// Every file under `dir`, recursively, sorted by path (so output order never depends on
/// the file system).
pub fn list_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).map_err(|e| io_err(&d, "read", &e))?;
        for entry in entries {
            let entry = entry.map_err(|e| io_err(&d, "read", &e))?;
            let path = entry.path();
            let kind = entry.file_type().map_err(|e| io_err(&path, "stat", &e))?;
            if kind.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Copies a folder tree (files and folders only; symbolic links are followed).
pub fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| io_err(to, "create", &e))?;
    for file in list_files(from)? {
        let rel = file.strip_prefix(from).expect("listed under from");
        let dest = to.join(rel);
        if let Some(dir) = dest.parent() {
            std::fs::create_dir_all(dir).map_err(|e| io_err(dir, "create", &e))?;
        }
        std::fs::copy(&file, &dest).map_err(|e| io_err(&file, "copy", &e))?;
    }
    Ok(())
}

/// Copies a folder tree, leaving out the top-level entries named in `skip`.
pub fn copy_dir_except(from: &Path, to: &Path, skip: &[&str]) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| io_err(to, "create", &e))?;
    let mut entries: Vec<_> = std::fs::read_dir(from)
        .map_err(|e| io_err(from, "read", &e))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if skip.contains(&name) {
            continue;
        }
        let dest = to.join(name);
        if path.is_dir() {
            copy_dir(&path, &dest)?;
        } else {
            std::fs::copy(&path, &dest).map_err(|e| io_err(&path, "copy", &e))?;
        }
    }
    Ok(())
}
