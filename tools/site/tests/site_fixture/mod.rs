//! Helpers for the tests that build fixture sites with the `site` binary.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

/// A scratch folder removed when dropped.
pub struct Scratch(pub PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl Scratch {
    pub fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("site-test-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// `tests/test_site` with the repository's templates, Sass and static files, in a scratch
/// folder, with the files of each overlay (a folder under `tests/`) laid over it.
pub fn fixture_site(name: &str, overlays: &[&str]) -> Scratch {
    let scratch = Scratch::new(name);
    copy_dir(&tests_dir().join("test_site"), scratch.path());
    for dir in ["templates", "sass", "static"] {
        copy_dir(&repo_root().join(dir), &scratch.path().join(dir));
    }
    for overlay in overlays {
        copy_dir(&tests_dir().join(overlay), scratch.path());
    }
    scratch
}

/// Runs `site build --root ROOT EXTRA…`, with `--today 2026-11-22` unless EXTRA sets it.
pub fn site_build(root: &Path, extra: &[&str]) -> Output {
    let today: &[&str] = if extra.contains(&"--today") {
        &[]
    } else {
        &["--today", "2026-11-22"]
    };
    Command::new(env!("CARGO_BIN_EXE_site"))
        .arg("build")
        .arg("--root")
        .arg(root)
        .args(today)
        .args(extra)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Every file under `dir` with its bytes, keyed by relative path.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    collect(dir, dir, &mut files);
    files
}

fn collect(base: &Path, dir: &Path, files: &mut BTreeMap<String, Vec<u8>>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(base, &path, files);
        } else {
            let key = path
                .strip_prefix(base)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            files.insert(key, std::fs::read(&path).unwrap());
        }
    }
}

/// Names in `dir` that start with `.public`: build folders that should never be left behind.
pub fn leftover_build_folders(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect()
}

/// Every file and folder under `dir`, with the files' bytes.
pub fn tree(dir: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Option<Vec<u8>>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let relative = path.strip_prefix(root).unwrap().to_path_buf();
            if path.is_dir() {
                out.insert(relative, None);
                walk(root, &path, out);
            } else {
                out.insert(relative, Some(std::fs::read(&path).unwrap()));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Panics, naming the first difference, unless the two folders hold the same files and
/// folders with the same bytes.
pub fn assert_same_tree(updated: &Path, full: &Path) {
    let (a, b) = (tree(updated), tree(full));
    let only_updated: Vec<_> = a.keys().filter(|p| !b.contains_key(*p)).collect();
    let only_full: Vec<_> = b.keys().filter(|p| !a.contains_key(*p)).collect();
    assert!(
        only_updated.is_empty() && only_full.is_empty(),
        "only in the updated build: {only_updated:?}; only in the full build: {only_full:?}"
    );
    for (path, bytes) in &a {
        if bytes != &b[path] {
            let text = |b: &Option<Vec<u8>>| {
                String::from_utf8_lossy(b.as_deref().unwrap_or_default()).into_owned()
            };
            let (x, y) = (text(bytes), text(&b[path]));
            let at = x.chars().zip(y.chars()).take_while(|(p, q)| p == q).count();
            let from = at.saturating_sub(200);
            panic!(
                "{} differs at character {at}\n updated: …{}…\n    full: …{}…",
                path.display(),
                x.chars().skip(from).take(400).collect::<String>(),
                y.chars().skip(from).take(400).collect::<String>()
            );
        }
    }
}
