//! `site build` end to end on the fixture sites.

mod site_fixture;

use site_fixture::*;
use std::path::Path;

fn html(root: &Path, page: &str) -> String {
    std::fs::read_to_string(root.join("public").join(page)).unwrap()
}

#[test]
fn fixture_site_builds_with_every_output() {
    let site = fixture_site("ok", &[]);
    let out = site_build(site.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let root = site.path();
    for file in [
        "index.html",
        "therapy/index.html",
        "get-help-now/index.html",
        "sources/index.html",
        "glossary/index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "style.css",
        "_headers",
    ] {
        assert!(
            root.join("public").join(file).is_file(),
            "missing public/{file}"
        );
    }
    let therapy = html(root, "therapy/index.html");
    assert!(therapy.contains("<h2 id=\"what-helps\">What helps?</h2>"));
    assert!(therapy.contains("<h2 id=\"what-helps-1\">What helps?</h2>"));
    assert!(therapy.contains("href=\"https://test.example.org/sources/#therapy-helps\">[1]"));
    assert!(therapy.contains("source: moderate evidence"));
    assert!(therapy.contains("href=\"https://test.example.org/glossary/#term-dbt\">DBT</a>"));
    assert!(therapy.contains("A clinician has not checked this page yet"));
    assert!(!therapy.contains("due for review"));
    let home = html(root, "index.html");
    assert!(home.contains("href=\"https://test.example.org/therapy/#what-helps\""));
    assert!(home.contains("Get help now"));
    // The crisis lines in this fixture are marked reviewed: no default-numbers notice.
    let help = html(root, "get-help-now/index.html");
    assert!(help.contains("href=\"tel:000\""));
    assert!(!help.contains("default numbers"));
    let sources = html(root, "sources/index.html");
    assert!(sources.contains("id=\"dbt-focus\""));
    // minijinja escapes `/` in text as `&#x2f;`, which browsers read as `/`.
    assert!(sources.contains("https://doi.org/10.0000&#x2f;test.2026"));
    assert!(sources.contains("https://test.example.org/therapy/#what-helps"));
    let glossary = html(root, "glossary/index.html");
    assert!(glossary.contains("id=\"term-dbt\""));
    assert!(leftover_build_folders(root).is_empty());
    // The build wrote the fresh citations index.
    assert!(std::fs::read_to_string(root.join("citations.yaml"))
        .unwrap()
        .contains("anchor: what-helps"));
}

#[test]
fn overstated_sentence_refuses_the_build_and_keeps_public_byte_for_byte() {
    let site = fixture_site("gate", &[]);
    let root = site.path();
    let first = site_build(root, &[]);
    assert!(first.status.success(), "{}", stderr(&first));
    let before = snapshot(&root.join("public"));
    assert!(before.len() > 5);

    copy_dir(&tests_dir().join("test_sites_invalid/overstated"), root);
    let refused = site_build(root, &[]);
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    let err = stderr(&refused);
    assert!(err.contains("overstated-certainty"), "{err}");
    assert!(err.contains("public/ is unchanged"), "{err}");
    assert_eq!(snapshot(&root.join("public")), before, "public/ changed");
    assert!(leftover_build_folders(root).is_empty());

    // The same site, fixed, builds again.
    copy_dir(
        &tests_dir().join("test_site/content"),
        &root.join("content"),
    );
    let fixed = site_build(root, &[]);
    assert!(fixed.status.success(), "{}", stderr(&fixed));
}

#[test]
fn base_url_flag_replaces_config() {
    let site = fixture_site("base-url", &[]);
    let out = site_build(site.path(), &["--base-url", "http://127.0.0.1:8000"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let home = html(site.path(), "index.html");
    assert!(home.contains("href=\"http://127.0.0.1:8000/style.css\""));
    assert!(!home.contains("test.example.org"));
}

#[test]
fn broken_at_link_is_an_input_error_with_file_and_line() {
    let site = fixture_site("broken-link", &[]);
    let page = site.path().join("content/get-help-now.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, format!("{text}\nSee [this](@/nowhere.md).\n")).unwrap();
    let out = site_build(site.path(), &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    let line = text.lines().count() + 2;
    assert!(err.contains(&format!("get-help-now.md:{line}:")), "{err}");
    assert!(err.contains("@/nowhere.md"), "{err}");
    assert!(!site.path().join("public").exists());
}

#[test]
fn unknown_section_key_is_an_input_error_as_in_zola() {
    let site = fixture_site("section-key", &[]);
    let index = site.path().join("content/_index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    std::fs::write(
        &index,
        text.replacen(
            "sort_by = \"weight\"",
            "sort_by = \"weight\"\ndate = 2026-11-22",
            1,
        ),
    )
    .unwrap();
    let out = site_build(site.path(), &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("_index.md:5:"), "{err}");
    assert!(err.contains("date"), "{err}");
    assert!(!site.path().join("public").exists());
}

#[test]
fn missing_anchor_is_an_input_error() {
    let site = fixture_site("anchor", &[]);
    let page = site.path().join("content/_index.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("#what-helps", "#what-hurts")).unwrap();
    let out = site_build(site.path(), &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("@/therapy.md#what-hurts"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn missing_template_names_the_file() {
    let site = fixture_site("no-template", &[]);
    std::fs::remove_file(site.path().join("templates/page.html")).unwrap();
    let out = site_build(site.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("templates/page.html"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn template_error_names_the_template_and_line() {
    let site = fixture_site("bad-template", &[]);
    let t = site.path().join("templates/404.html");
    let text = std::fs::read_to_string(&t).unwrap();
    std::fs::write(&t, text.replace("<h1>", "<h1>{{ get_url(pth='x') }}")).unwrap();
    let out = site_build(site.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("templates/404.html:"), "{err}");
}

#[test]
fn bad_config_names_the_file_and_line() {
    let site = fixture_site("bad-config", &[]);
    let config = site.path().join("config.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, text.replace("title = \"Test site\"", "title = ")).unwrap();
    let out = site_build(site.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("config.toml:"), "{}", stderr(&out));
}

#[test]
fn unknown_shortcode_names_the_expected_template() {
    let site = fixture_site("shortcode", &[]);
    let page = site.path().join("content/get-help-now.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, format!("{text}\n{{{{ video(id=\"x\") }}}}\n")).unwrap();
    let out = site_build(site.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("templates/shortcodes/video.html"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn overdue_page_is_withheld_when_the_clinic_makes_it_an_error_and_the_rest_builds() {
    let site = fixture_site("withheld", &[]);
    let root = site.path();
    let config = root.join("config.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replace(
            "overdue_severity = \"warning\"",
            "overdue_severity = \"error\"",
        ),
    )
    .unwrap();
    let page = root.join("content/therapy.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        text.replace("next_review = 2027-11-22", "next_review = 2026-06-01"),
    )
    .unwrap();
    let out = site_build(root, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("withheld 1 page"), "{}", stderr(&out));
    let notice = html(root, "therapy/index.html");
    assert!(notice.contains("This page is being reviewed"));
    assert!(!notice.contains("Research suggests"));
    assert!(!html(root, "index.html").contains(">Talking therapy</a>"));
    let sitemap = std::fs::read_to_string(root.join("public/sitemap.xml")).unwrap();
    assert!(!sitemap.contains("/therapy/"));
    assert!(html(root, "get-help-now/index.html").contains("Help is available now"));
}

#[test]
fn crisis_page_is_never_withheld() {
    let site = fixture_site("crisis-overdue", &[]);
    let root = site.path();
    let config = root.join("config.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replace(
            "overdue_severity = \"warning\"",
            "overdue_severity = \"error\"",
        ),
    )
    .unwrap();
    let out = site_build(root, &["--today", "2028-01-01"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("get-help-now.md is past its review date but is published anyway"),
        "{}",
        stderr(&out)
    );
    let help = html(root, "get-help-now/index.html");
    assert!(help.contains("Help is available now") && help.contains("This page is due for review"));
    assert!(html(root, "therapy/index.html").contains("This page is being reviewed"));
}

#[test]
fn unreviewed_crisis_numbers_warn_loudly_and_say_so_on_the_page() {
    let site = fixture_site("crisis", &[]);
    let config = site.path().join("config.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, text.replace("reviewed = true", "reviewed = false")).unwrap();
    let out = site_build(site.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("CRISIS NUMBERS HAVE NOT BEEN CHECKED"));
    assert!(html(site.path(), "get-help-now/index.html").contains("default numbers"));
}

#[test]
fn overdue_page_shows_a_visible_notice() {
    let site = fixture_site("overdue", &[]);
    let out = site_build(site.path(), &["--today", "2028-01-01"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(html(site.path(), "therapy/index.html").contains("This page is due for review"));
}

/// The links in a page's page list, decoded, in order.
fn listed_links(html: &str) -> Vec<String> {
    let Some(start) = html.find("class=\"page-list\"") else {
        return Vec::new();
    };
    let list = &html[start
        ..html[start..]
            .find("</nav>")
            .map_or(html.len(), |e| start + e)];
    list.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(|s| s.replace("&#x2f;", "/").replace("&#x2F;", "/"))
        .collect()
}

/// Zola's content layout: nested sections, a page bundle with an asset, `@/` links into
/// sections, `sort_by`, `paginate_by` (with Zola's page/1/ redirect) and `transparent`.
#[test]
fn sections_bundles_pagination_and_transparent_sections_build_as_in_zola() {
    let site = fixture_site("sections", &["sections_overlay"]);
    let out = site_build(site.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let public = site.path().join("public");
    for file in [
        "treatments/index.html",
        "treatments/page/1/index.html",
        "treatments/page/2/index.html",
        "treatments/dbt/index.html",
        "treatments/mbt/index.html",
        "treatments/mbt/room.svg",
        "treatments/medicines/index.html",
        "treatments/medicines/questions/index.html",
    ] {
        assert!(public.join(file).is_file(), "{file} is missing");
    }
    let first = html(site.path(), "treatments/index.html");
    assert_eq!(
        listed_links(&first),
        [
            "https://test.example.org/treatments/dbt/",
            "https://test.example.org/treatments/mbt/",
            "https://test.example.org/treatments/page/2/",
        ]
    );
    // The transparent sub-section's page is listed in its parent, on the second pager.
    let second = html(site.path(), "treatments/page/2/index.html");
    assert!(listed_links(&second)
        .contains(&"https://test.example.org/treatments/medicines/questions/".to_string()));
    let dbt = html(site.path(), "treatments/dbt/index.html");
    assert!(
        dbt.contains("https://test.example.org/treatments/mbt/"),
        "@/ link into a bundle"
    );
    let redirect = html(site.path(), "treatments/page/1/index.html");
    assert!(redirect.contains("url=https://test.example.org/treatments/"));
}

/// Which pages are never withheld is config, not a file name in code: without
/// `never_withhold`, an overdue crisis page is withheld like any other.
#[test]
fn never_withhold_comes_from_config() {
    let site = fixture_site("never-withhold", &[]);
    let root = site.path();
    let config = root.join("config.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replace(
            "overdue_severity = \"warning\"",
            "overdue_severity = \"error\"",
        )
        .replace("never_withhold = [\"get-help-now.md\"]\n", ""),
    )
    .unwrap();
    let out = site_build(root, &["--today", "2028-01-01"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!html(root, "get-help-now/index.html").contains("Help is available now"));
}
