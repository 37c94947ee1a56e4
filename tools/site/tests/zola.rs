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

/// Credits (site-wide and a page's own), the feedback link, the local support list and the
/// print key come out the same from Zola as from `site build`: same text, same links.
#[test]
fn zola_renders_credits_feedback_support_and_print_key_the_same() {
    let Some(zola) = zola_or_skip() else {
        return;
    };
    let site = fixture_site("zola-settings", &[]);
    let root = site.path();
    let append = |relative: &str, text: &str| {
        let path = root.join(relative);
        let mut all = std::fs::read_to_string(&path).unwrap();
        all.push_str(text);
        std::fs::write(path, all).unwrap();
    };
    append(
        "config.toml",
        "\n[extra.credits]\nwriters = [\"Sam Lee, health writer\"]\nlived_experience = [\"Jo Smith, peer support worker\"]\n\n[extra.feedback]\nemail = \"tell.us@test.example.org\"\n\n[[extra.support.services]]\nname = \"Family group\"\noffers = \"Monthly evenings for families.\"\nfor_whom = \"Families & partners\"\nphone = \"020 7946 0001\"\ntel = \"+442079460001\"\nweb = \"https://riverside.example/family?x=1&y=2\"\n",
    );
    append(
        "content/therapy.md",
        "\n{{ local_support() }}\n\nYou can ask about groups too.\n\n{{ local_support() }}\n",
    );
    let therapy = root.join("content/therapy.md");
    let text = std::fs::read_to_string(&therapy).unwrap().replacen(
        "title = \"Talking therapy\"",
        "title = \"Talking therapy? Ask & “learn”\"",
        1,
    );
    let text = text.replacen(
        "reviewed_by = \"pending clinical review\"\n",
        "reviewed_by = \"pending clinical review\"\n[extra.credits]\neditors = [\"Ana Ortiz, editor\"]\n",
        1,
    );
    std::fs::write(&therapy, text).unwrap();
    let ours = site_build(root, &[]);
    assert!(ours.status.success(), "{}", stderr(&ours));
    let zola_out = root.join("zola-public");
    zola_build(&zola, root, &zola_out);
    for page in [
        "therapy/index.html",
        "index.html",
        "get-help-now/index.html",
        "glossary/index.html",
        "404.html",
    ] {
        let mine = std::fs::read_to_string(root.join("public").join(page)).unwrap();
        let theirs = std::fs::read_to_string(zola_out.join(page)).unwrap();
        for class in ["feedback", "credits", "support", "print-key"] {
            assert_eq!(
                section_text(&mine, class),
                section_text(&theirs, class),
                "{page}: the `{class}` sections differ"
            );
        }
        assert_eq!(
            marker_classes(&mine),
            marker_classes(&theirs),
            "{page}: marker classes"
        );
    }
    let therapy = std::fs::read_to_string(zola_out.join("therapy/index.html")).unwrap();
    assert_eq!(
        therapy.matches("id=\"local-support\"").count(),
        1,
        "one list"
    );
    assert!(
        therapy.contains("See <a href=\"#local-support\">"),
        "the second call points to the first"
    );
    assert!(section_text(&therapy, "feedback")[0].contains(
        "mailto:tell.us@test.example.org?subject=Feedback%3A%20Talking%20therapy%3F%20Ask%20%26%20%E2%80%9Clearn%E2%80%9D%20%28%2Ftherapy%2F%29"
    ));
}

/// Each `<section class="CLASS…">` of a page, as its decoded text and link targets, with
/// whitespace collapsed.
fn section_text(html: &str, class: &str) -> Vec<String> {
    let open = format!("<section class=\"{class}\"");
    html.match_indices(&open)
        .map(|(start, _)| {
            let end = html[start..]
                .find("</section>")
                .map_or(html.len(), |e| start + e);
            let part = &html[start..end];
            let links: Vec<String> = part
                .split("href=\"")
                .skip(1)
                .filter_map(|s| s.split('"').next())
                .map(decode)
                .collect();
            let mut text = String::new();
            let mut in_tag = false;
            for c in part.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => {
                        in_tag = false;
                        text.push(' ');
                    }
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            let text = decode(&text)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            format!("{text} | {}", links.join(" "))
        })
        .collect()
}

fn marker_classes(html: &str) -> Vec<String> {
    html.split("class=\"claim-ref ")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(str::to_string)
        .collect()
}

/// The entities the two engines write differently.
fn decode(s: &str) -> String {
    s.replace("&#x2f;", "/")
        .replace("&#x2F;", "/")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}
