//! Every way the security headers reach a browser carries one policy (docs/deploy.md):
//! static/_headers (Netlify, Cloudflare Pages), the nginx and Apache snippets in docs/deploy/,
//! and the `<meta>` Content-Security-Policy from config.toml's `extra.csp`, which the
//! headers' policy must equal once `frame-ancestors` (which a `<meta>` policy cannot carry)
//! is set aside. The starter config that `site init` writes must carry the same `extra.csp`,
//! because `site init` copies this static/_headers.
//! `.ci/deploy-snippets` runs the two snippets on real servers.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(path: &str) -> String {
    std::fs::read_to_string(repo_root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Header name -> value, in the order of the file; a name given twice is an error.
type Headers = BTreeMap<String, String>;

fn insert(headers: &mut Headers, file: &str, name: &str, value: &str) {
    let old = headers.insert(name.to_string(), value.to_string());
    assert!(old.is_none(), "{file} sets {name} twice");
}

/// The headers for `/*` in Netlify's and Cloudflare's `_headers` format.
fn headers_file() -> Headers {
    let mut out = Headers::new();
    let mut in_all = false;
    for line in read("static/_headers").lines() {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        if !line.starts_with(char::is_whitespace) {
            in_all = line.trim() == "/*";
            continue;
        }
        assert!(
            in_all,
            "static/_headers: a header for a path other than /*: {line}"
        );
        let (name, value) = line.trim().split_once(':').expect("Name: value");
        insert(&mut out, "static/_headers", name.trim(), value.trim());
    }
    out
}

/// Strips a comment and returns the text before it, trimmed.
fn code(line: &str) -> &str {
    line.split_once('#').map_or(line, |(c, _)| c).trim()
}

/// `add_header Name "value" always;` lines.
fn nginx() -> Headers {
    let file = "docs/deploy/nginx.conf";
    let mut out = Headers::new();
    for line in read(file).lines().map(code) {
        let Some(rest) = line.strip_prefix("add_header ") else {
            continue;
        };
        let (name, rest) = rest.split_once(' ').unwrap();
        let rest = rest.trim();
        assert!(
            rest.ends_with("\" always;"),
            "{file}: {name} must be a quoted value with `always` (error pages need it too): {line}"
        );
        let value = rest
            .strip_prefix('"')
            .and_then(|r| r.strip_suffix("\" always;"))
            .unwrap();
        assert!(!value.contains('"'), "{file}: {name} value has a quote");
        insert(&mut out, file, name, value);
    }
    out
}

/// `Header always set Name "value"` lines.
fn apache() -> Headers {
    let file = "docs/deploy/apache.conf";
    let mut out = Headers::new();
    for line in read(file).lines().map(code) {
        if !line.starts_with("Header ") {
            continue;
        }
        let rest = line.strip_prefix("Header always set ").unwrap_or_else(|| {
            panic!("{file}: use `Header always set` (error pages need the headers too): {line}")
        });
        let (name, value) = rest.split_once(' ').unwrap();
        let value = value
            .trim()
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or_else(|| panic!("{file}: quote the value of {name}"));
        insert(&mut out, file, name, value);
    }
    out
}

fn config_csp(path: &str) -> String {
    // The starter config's one placeholder that is not inside a string.
    let text = read(path).replace("%%CLINIC_NAME%%", "\"A clinic\"");
    let config: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    config["extra"]["csp"].as_str().unwrap().to_string()
}

/// The policy's directives with `frame-ancestors` set aside, and that directive.
fn split_frame_ancestors(policy: &str) -> (String, Option<String>) {
    let mut rest = Vec::new();
    let mut frame = None;
    for directive in policy.split(';').map(str::trim).filter(|d| !d.is_empty()) {
        if directive.starts_with("frame-ancestors ") {
            frame = Some(directive.to_string());
        } else {
            rest.push(directive);
        }
    }
    (rest.join("; "), frame)
}

#[test]
fn every_host_gets_the_same_headers() {
    let file = headers_file();
    for name in [
        "Content-Security-Policy",
        "Referrer-Policy",
        "X-Content-Type-Options",
        "Permissions-Policy",
        "X-Frame-Options",
    ] {
        assert!(file.contains_key(name), "static/_headers lacks {name}");
    }
    assert_eq!(
        nginx(),
        file,
        "docs/deploy/nginx.conf must send exactly the headers of static/_headers"
    );
    assert_eq!(
        apache(),
        file,
        "docs/deploy/apache.conf must send exactly the headers of static/_headers"
    );
}

#[test]
fn the_header_policy_is_the_meta_policy_plus_frame_ancestors() {
    let meta = config_csp("config.toml");
    let (meta_rest, meta_frame) = split_frame_ancestors(&meta);
    assert_eq!(meta_frame, None, "a <meta> policy ignores frame-ancestors");
    assert_eq!(
        meta_rest, meta,
        "config.toml's extra.csp is written `a; b; c`"
    );
    for (file, headers) in [
        ("static/_headers", headers_file()),
        ("docs/deploy/nginx.conf", nginx()),
        ("docs/deploy/apache.conf", apache()),
    ] {
        let policy = &headers["Content-Security-Policy"];
        let (rest, frame) = split_frame_ancestors(policy);
        assert_eq!(
            rest, meta,
            "{file}: the policy must be config.toml's extra.csp"
        );
        assert_eq!(
            frame.as_deref(),
            Some("frame-ancestors 'none'"),
            "{file}: the header must forbid framing"
        );
    }
    // The page template writes extra.csp into the <meta> tag.
    assert!(read("templates/base.html").contains(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{{ config.extra.csp }}\">"
    ));
}

#[test]
fn site_init_writes_the_same_policy() {
    assert_eq!(
        config_csp("tools/site/starter/config.toml"),
        config_csp("config.toml"),
        "the starter config.toml's extra.csp must match the static/_headers that site init copies"
    );
}

#[test]
fn the_split_sets_frame_ancestors_aside() {
    let (rest, frame) = split_frame_ancestors("default-src 'self'; frame-ancestors 'none'; a b");
    assert_eq!(rest, "default-src 'self'; a b");
    assert_eq!(frame.as_deref(), Some("frame-ancestors 'none'"));
}
