//! Publishing `public/` atomically: render into a fresh folder beside it, then swap.
//!
//! Readers (and a web server) see either the old site or the new one, never a half-written
//! mix; a failed build leaves the old `public/` exactly as it was. The swap is two renames on
//! the same file system, so the only moment without a `public/` is between them.

use crate::error::{BuildError, FileError};
use std::path::{Path, PathBuf};

/// Calls `render` on an empty temporary folder next to `public`, and on success puts that
/// folder in place of `public`. On failure the temporary folder is removed.
pub fn publish<T>(
    public: &Path,
    render: impl FnOnce(&Path) -> Result<T, BuildError>,
) -> Result<T, BuildError> {
    let staging = sibling(public, "tmp");
    remove_if_present(&staging)?;
    std::fs::create_dir_all(&staging)
        .map_err(|e| FileError::cannot(&staging, "create the build folder", &e))?;
    // Removes the staging folder on every way out but success, a panic while rendering
    // included, so no half-built folder is left beside public/.
    let guard = RemoveOnDrop(staging.clone());
    let value = render(&staging)?;
    swap_in(&staging, public)?;
    std::mem::forget(guard);
    Ok(value)
}

struct RemoveOnDrop(PathBuf);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `.public-tmp-<pid>` or `.public-old-<pid>` beside `public` (ignored by git).
fn sibling(public: &Path, kind: &str) -> PathBuf {
    let name = public
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    public.with_file_name(format!(".{name}-{kind}-{}", std::process::id()))
}

fn remove_if_present(path: &Path) -> Result<(), FileError> {
    match std::fs::remove_dir_all(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(FileError::cannot(
            path,
            "remove a leftover build folder",
            &e,
        )),
    }
}

fn swap_in(staging: &Path, public: &Path) -> Result<(), BuildError> {
    if !public.exists() {
        std::fs::rename(staging, public)
            .map_err(|e| FileError::cannot(public, "move the new site into place", &e))?;
        return Ok(());
    }
    let old = sibling(public, "old");
    remove_if_present(&old)?;
    std::fs::rename(public, &old)
        .map_err(|e| FileError::cannot(public, "move the old site aside", &e))?;
    if let Err(e) = std::fs::rename(staging, public) {
        // Put the old site back so readers are never left without one.
        let _ = std::fs::rename(&old, public);
        return Err(FileError::cannot(public, "move the new site into place", &e).into());
    }
    if let Err(e) = std::fs::remove_dir_all(&old) {
        eprintln!(
            "warning: could not remove the previous site at {}: {e}",
            old.display()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("site-publish-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn leftovers(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".public"))
            .collect()
    }

    #[test]
    fn a_panic_while_rendering_leaves_public_and_no_staging_folder() {
        let dir = scratch("panic");
        let public = dir.join("public");
        std::fs::create_dir_all(&public).unwrap();
        std::fs::write(public.join("index.html"), "old").unwrap();
        let outcome = std::panic::catch_unwind(|| {
            let _ = publish(&public, |tmp| -> Result<(), BuildError> {
                std::fs::write(tmp.join("index.html"), "half").unwrap();
                panic!("renderer bug");
            });
        });
        assert!(outcome.is_err());
        assert_eq!(
            std::fs::read_to_string(public.join("index.html")).unwrap(),
            "old"
        );
        assert!(leftovers(&dir).is_empty(), "{:?}", leftovers(&dir));
    }

    #[test]
    fn success_replaces_public_and_cleans_up() {
        let dir = scratch("ok");
        let public = dir.join("public");
        std::fs::create_dir_all(public.join("old")).unwrap();
        std::fs::write(public.join("old/index.html"), "old").unwrap();
        publish(&public, |tmp| {
            std::fs::write(tmp.join("index.html"), "new").unwrap();
            Ok(())
        })
        .unwrap();
        assert_eq!(
            std::fs::read_to_string(public.join("index.html")).unwrap(),
            "new"
        );
        assert!(!public.join("old").exists());
        assert!(leftovers(&dir).is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn failure_leaves_public_untouched_and_no_temp_folder() {
        let dir = scratch("fail");
        let public = dir.join("public");
        std::fs::create_dir_all(&public).unwrap();
        std::fs::write(public.join("index.html"), "old").unwrap();
        let result: Result<(), BuildError> = publish(&public, |tmp| {
            std::fs::write(tmp.join("index.html"), "half").unwrap();
            Err(FileError::at_line(Path::new("templates/page.html"), Some(3), "broken").into())
        });
        assert!(result.is_err());
        assert_eq!(
            std::fs::read_to_string(public.join("index.html")).unwrap(),
            "old"
        );
        assert!(leftovers(&dir).is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn first_build_creates_public() {
        let dir = scratch("first");
        let public = dir.join("public");
        publish(&public, |tmp| {
            std::fs::write(tmp.join("a"), "x")
                .map_err(|e| FileError::cannot(tmp, "write", &e).into())
        })
        .unwrap();
        assert!(public.join("a").is_file());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
