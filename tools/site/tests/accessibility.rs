//! Checks of the built pages and the stylesheet that need no browser: one `h1`, `lang`, the
//! skip link first, landmarks, the crisis link on every page, focus never hidden.

mod site_fixture;

use site_fixture::*;

#[test]
fn every_built_page_has_the_structure_readers_rely_on() {
    let site = fixture_site("a11y", &[]);
    let out = site_build(site.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    for (path, bytes) in snapshot(&site.path().join("public")) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        assert!(html.contains("<html lang=\"en\">"), "{path}: lang");
        assert_eq!(html.matches("<h1").count(), 1, "{path}: one h1");
        for landmark in [
            "<header",
            "<main id=\"main\"",
            "<footer class=\"site-footer\"",
        ] {
            assert!(html.contains(landmark), "{path}: {landmark}");
        }
        let first_link = html.find("<a ").unwrap();
        assert_eq!(
            &html[first_link..first_link + 34],
            "<a class=\"skip-link\" href=\"#main\">",
            "{path}: the skip link comes first"
        );
        assert!(
            html.contains("class=\"help-now\" href=\"https://test.example.org/get-help-now/\">Get help now</a>"),
            "{path}: Get help now in the header"
        );
    }
}

#[test]
fn stylesheet_keeps_focus_visible_and_covers_dark_mode_and_print() {
    let css = std::fs::read_to_string(repo_root().join("sass/style.scss")).unwrap();
    let squashed: String = css.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(!squashed.contains("outline:none") && !squashed.contains("outline:0"));
    assert!(squashed.contains(":focus-visible{outline:3px"));
    assert!(css.contains("font-size: 112.5%"), "18px base size");
    assert!(css.contains("70ch"), "about 70 characters a line");
    assert!(css.contains("@media (prefers-color-scheme: dark)"));
    assert!(css.contains("@media print"));
    let compiled = grass::from_string(css, &grass::Options::default()).expect("the Sass compiles");
    assert!(
        compiled.contains("--bg: #15171a"),
        "dark palette is emitted"
    );
}
