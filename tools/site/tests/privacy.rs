//! A health site makes no request to any other origin, runs no inline script, and sends its
//! security headers both as `static/_headers` and as `<meta>` tags.

mod site_fixture;

use site_fixture::*;

fn read(path: &str) -> String {
    std::fs::read_to_string(repo_root().join(path)).unwrap()
}

fn config_csp() -> String {
    let config: toml::Table = toml::from_str(&read("config.toml")).unwrap();
    config["extra"]["csp"].as_str().unwrap().to_string()
}

#[test]
fn headers_file_sends_the_same_policy_as_the_meta_tag() {
    let headers = read("static/_headers");
    let csp_line = headers
        .lines()
        .find_map(|l| l.trim().strip_prefix("Content-Security-Policy: "))
        .expect("a Content-Security-Policy header");
    // frame-ancestors only works as a header, so the header may add it.
    assert_eq!(
        csp_line.trim_end_matches("; frame-ancestors 'none'"),
        config_csp()
    );
    let csp = config_csp();
    assert!(csp.starts_with("default-src 'self'"), "{csp}");
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("http"),
        "{csp}"
    );
    for header in [
        "Referrer-Policy: no-referrer",
        "X-Content-Type-Options: nosniff",
        "Permissions-Policy: ",
    ] {
        assert!(headers.contains(header), "missing {header}");
    }
    let base = read("templates/base.html");
    assert!(base.contains(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{{ config.extra.csp }}\">"
    ));
    assert!(base.contains("<meta name=\"referrer\" content=\"no-referrer\">"));
}

#[test]
fn templates_and_styles_load_nothing_from_elsewhere() {
    for entry in snapshot(&repo_root().join("templates")) {
        let text = String::from_utf8(entry.1).unwrap();
        assert!(!text.contains("<script"), "{}: no scripts", entry.0);
        assert!(
            !text.contains(" style="),
            "{}: no inline styles (the CSP blocks them)",
            entry.0
        );
        assert!(!text.contains("<iframe"), "{}: no embeds", entry.0);
    }
    let sass = read("sass/style.scss");
    assert!(!sass.contains("url(") && !sass.contains("@import") && !sass.contains("@font-face"));
}

#[test]
fn built_pages_only_load_from_their_own_site() {
    let site = fixture_site("privacy", &[]);
    let out = site_build(site.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    for (path, bytes) in snapshot(&site.path().join("public")) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        assert!(!html.contains("<script"), "{path}");
        for attr in [" src=\"", "<link rel=\"stylesheet\" href=\""] {
            for (at, _) in html.match_indices(attr) {
                let url = &html[at + attr.len()..];
                assert!(
                    url.starts_with("https://test.example.org/"),
                    "{path}: {}",
                    &url[..url.len().min(60)]
                );
            }
        }
    }
}
