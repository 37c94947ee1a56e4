//! With Zola on PATH, `zola build` of the repository must write the same pages as
//! `site build`. Without it, the test says so and passes.

mod site_fixture;

use site_fixture::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// Zola on PATH, or None with a note. CI puts Zola on PATH and sets REQUIRE_ZOLA, so
/// there the tests cannot skip.
fn zola_or_skip() -> Option<PathBuf> {
    let zola = on_path("zola");
    if zola.is_none() {
        assert!(
            std::env::var_os("REQUIRE_ZOLA").is_none(),
            "REQUIRE_ZOLA is set but zola is not on PATH; put ../shared/bin on PATH"
        );
        println!("skipping: zola not on PATH");
    }
    zola
}

/// `zola build` of `root` into `out`; fails the test with Zola's errors.
fn zola_build(zola: &Path, root: &Path, out: &Path) {
    let theirs = Command::new(zola)
        .arg("--root")
        .arg(root)
        .arg("build")
        .arg("--output-dir")
        .arg(out)
        .output()
        .unwrap();
    assert!(
        theirs.status.success(),
        "zola build failed:\n{}",
        String::from_utf8_lossy(&theirs.stderr)
    );
}

fn html_paths(dir: &Path) -> BTreeSet<String> {
    snapshot(dir)
        .into_keys()
        .filter(|p| p.ends_with(".html") || p == "sitemap.xml" || p == "robots.txt")
        .collect()
}

#[test]
fn zola_builds_the_same_page_paths() {
    let Some(zola) = zola_or_skip() else {
        return;
    };
    let scratch = Scratch::new("zola");
    let root = scratch.path();
    for dir in [
        "content",
        "templates",
        "sass",
        "static",
        "citations",
        "sources",
    ] {
        copy_dir(&repo_root().join(dir), &root.join(dir));
    }
    for file in [
        "config.toml",
        "claims.yaml",
        "glossary.yaml",
        "citations.yaml",
    ] {
        std::fs::copy(repo_root().join(file), root.join(file)).unwrap();
    }
    let ours = site_build(root, &[]);
    assert!(ours.status.success(), "{}", stderr(&ours));
    let zola_out = root.join("zola-public");
    zola_build(&zola, root, &zola_out);
    assert_eq!(html_paths(&root.join("public")), html_paths(&zola_out));
}

/// The same for a tree with nested sections, a page bundle, pagination and a transparent
/// section: Zola and our builder write the same files and list the same pages.
#[test]
fn zola_builds_the_same_sections() {
    let Some(zola) = zola_or_skip() else {
        return;
    };
    let site = fixture_site("zola-sections", &["sections_overlay"]);
    let root = site.path();
    let ours = site_build(root, &[]);
    assert!(ours.status.success(), "{}", stderr(&ours));
    let zola_out = root.join("zola-public");
    zola_build(&zola, root, &zola_out);
    let files = |dir: &Path| -> BTreeSet<String> {
        snapshot(dir)
            .into_keys()
            .filter(|p| !p.ends_with(".css") && !p.ends_with("_headers"))
            .collect()
    };
    assert_eq!(files(&root.join("public")), files(&zola_out));
    for page in [
        "treatments/index.html",
        "treatments/page/2/index.html",
        "treatments/medicines/index.html",
        "index.html",
    ] {
        let read = |dir: &Path| std::fs::read_to_string(dir.join(page)).unwrap();
        assert_eq!(
            links_in_page_list(&read(&root.join("public"))),
            links_in_page_list(&read(&zola_out)),
            "{page}"
        );
    }
}

fn links_in_page_list(html: &str) -> Vec<String> {
    let Some(start) = html.find("class=\"page-list\"") else {
        return Vec::new();
    };
    let end = html[start..]
        .find("</nav>")
        .map_or(html.len(), |e| start + e);
    html[start..end]
        .split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(|s| s.replace("&#x2f;", "/").replace("&#x2F;", "/"))
        .collect()
}
