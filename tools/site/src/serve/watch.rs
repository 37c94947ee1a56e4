//! Watching the site's inputs by polling their modification times.
//!
//! Why polling and not the `notify` crate: the tree is about a hundred small files, so a
//! `stat` of each every few hundred milliseconds costs well under a millisecond. Polling
//! needs no dependency, behaves the same on Linux, macOS and Windows, on network and
//! container-mounted folders (where inotify events often never arrive) and with editors that
//! save by writing a new file and renaming it over the old one (which breaks naive inotify
//! watches), and has no watch limits to exhaust. The cost is a delay of one poll interval,
//! which is shorter than the build itself.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The files and folders under the site's root that a build reads. `public/`, the
/// committed `citations.yaml` (the build uses a fresh index in memory) and everything else
/// are not watched.
pub const WATCHED_FILES: &[&str] = &["config.toml", "claims.yaml", "glossary.yaml"];
pub const WATCHED_DIRS: &[&str] = &["content", "templates", "sass", "static"];

/// Deeper than any real site; stops a symlink loop from recursing for ever.
const MAX_DEPTH: usize = 32;

/// Every watched file with its modification time and size (`None` for a watched file that
/// does not exist, so creating it counts as a change).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snapshot(BTreeMap<PathBuf, Option<(Option<SystemTime>, u64)>>);

impl Snapshot {
    pub fn take(root: &Path) -> Snapshot {
        let mut files = BTreeMap::new();
        for name in WATCHED_FILES {
            let path = root.join(name);
            files.insert(PathBuf::from(name), stat(&path));
        }
        for name in WATCHED_DIRS {
            walk(root, &root.join(name), 0, &mut files);
        }
        Snapshot(files)
    }

    /// The first path (relative to the root) that differs from `older`, for the log line.
    pub fn first_change(&self, older: &Snapshot) -> Option<PathBuf> {
        let changed = self
            .0
            .iter()
            .find(|(path, meta)| older.0.get(*path) != Some(meta))
            .map(|(path, _)| path.clone());
        changed.or_else(|| {
            older
                .0
                .keys()
                .find(|path| !self.0.contains_key(*path))
                .cloned()
        })
    }

    /// Every path (relative to the root) that differs from `older`: edited, added or
    /// removed, in path order.
    pub fn changes(&self, older: &Snapshot) -> Vec<Change> {
        let mut changes: Vec<Change> = self
            .0
            .iter()
            .filter_map(|(path, meta)| {
                let kind = match older.0.get(path) {
                    Some(old) if old == meta => return None,
                    Some(Some(_)) if meta.is_some() => ChangeKind::Edited,
                    Some(Some(_)) => ChangeKind::Removed,
                    Some(None) | None if meta.is_some() => ChangeKind::Added,
                    // Absent then and now (a watched file that does not exist).
                    _ => return None,
                };
                Some(Change {
                    path: path.clone(),
                    kind,
                })
            })
            .collect();
        changes.extend(
            older
                .0
                .iter()
                .filter(|(path, meta)| meta.is_some() && !self.0.contains_key(*path))
                .map(|(path, _)| Change {
                    path: path.clone(),
                    kind: ChangeKind::Removed,
                }),
        );
        changes.sort_by(|a, b| a.path.cmp(&b.path));
        changes
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// One changed input, relative to the site's root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub path: PathBuf,
    pub kind: ChangeKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// The file was there before and is still there (its time or size changed).
    Edited,
    Added,
    Removed,
}

fn stat(path: &Path) -> Option<(Option<SystemTime>, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok(), meta.len()))
}

fn walk(
    root: &Path,
    dir: &Path,
    depth: usize,
    files: &mut BTreeMap<PathBuf, Option<(Option<SystemTime>, u64)>>,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_editor_scratch(&name) {
            continue;
        }
        if path.is_dir() {
            walk(root, &path, depth + 1, files);
        } else {
            let relative = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            files.insert(relative, stat(&path));
        }
    }
}

/// Files editors write while one types (Vim swap files and its `4913` probe, Emacs lock and
/// backup files): changes to them are not changes to the site.
pub fn is_editor_scratch(name: &str) -> bool {
    name.starts_with(".#")
        || name.ends_with('~')
        || name == "4913"
        || [".swp", ".swo", ".swx"]
            .iter()
            .any(|ext| name.starts_with('.') && name.ends_with(ext))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sees_edits_additions_and_removals_but_not_editor_scratch() {
        let root = std::env::temp_dir().join(format!("site-serve-watch-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("content/deep")).unwrap();
        std::fs::write(root.join("config.toml"), "a").unwrap();
        std::fs::write(root.join("content/page.md"), "one").unwrap();
        let first = Snapshot::take(&root);
        assert_eq!(first.first_change(&first), None);

        std::fs::write(root.join("content/.page.md.swp"), "x").unwrap();
        std::fs::write(root.join("content/page.md~"), "x").unwrap();
        assert_eq!(Snapshot::take(&root), first);

        std::fs::write(root.join("content/page.md"), "one two").unwrap();
        let edited = Snapshot::take(&root);
        assert_eq!(
            edited.first_change(&first),
            Some(PathBuf::from("content/page.md"))
        );

        std::fs::write(root.join("content/deep/new.md"), "new").unwrap();
        let added = Snapshot::take(&root);
        assert_eq!(
            added.first_change(&edited),
            Some(PathBuf::from("content/deep/new.md"))
        );

        std::fs::remove_file(root.join("content/deep/new.md")).unwrap();
        assert_eq!(
            Snapshot::take(&root).first_change(&added),
            Some(PathBuf::from("content/deep/new.md"))
        );

        std::fs::write(root.join("claims.yaml"), "claims: []").unwrap();
        assert_eq!(
            Snapshot::take(&root).first_change(&edited),
            Some(PathBuf::from("claims.yaml"))
        );

        // Every change, with its kind, in path order.
        std::fs::write(root.join("content/deep/new.md"), "new").unwrap();
        std::fs::write(root.join("content/page.md"), "one two three").unwrap();
        let kinds: Vec<(PathBuf, ChangeKind)> = Snapshot::take(&root)
            .changes(&edited)
            .into_iter()
            .map(|c| (c.path, c.kind))
            .collect();
        assert_eq!(
            kinds,
            [
                (PathBuf::from("claims.yaml"), ChangeKind::Added),
                (PathBuf::from("content/deep/new.md"), ChangeKind::Added),
                (PathBuf::from("content/page.md"), ChangeKind::Edited),
            ]
        );
        std::fs::remove_file(root.join("content/page.md")).unwrap();
        let removed = Snapshot::take(&root).changes(&edited);
        assert!(removed.contains(&Change {
            path: PathBuf::from("content/page.md"),
            kind: ChangeKind::Removed
        }));
        assert!(Snapshot::take(&root)
            .changes(&Snapshot::take(&root))
            .is_empty());
        let _ = std::fs::remove_dir_all(&root);
    }
}
