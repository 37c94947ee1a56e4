//! `site serve` over real HTTP on loopback: live reload injected, the claim-lint overlay on
//! a bad edit, the site back once fixed; and the binary's exit codes and clean Ctrl-C.

mod site_fixture;

use chrono::NaiveDate;
use site::serve::{BuildKind, BuildRecord, Preview, ServeOptions};
use site::BuildOptions;
use site_fixture::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

struct Response {
    status: u16,
    head: String,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

fn request(addr: SocketAddr, method: &str, path: &str, accept: &str) -> Response {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: {accept}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Response {
        status,
        head: head.to_string(),
        body: body.to_string(),
    }
}

/// A browser navigating to a page.
fn page(addr: SocketAddr, path: &str) -> Response {
    request(
        addr,
        "GET",
        path,
        "text/html,application/xhtml+xml,*/*;q=0.8",
    )
}

fn build_id(addr: SocketAddr) -> String {
    request(addr, "GET", "/__site/build-id", "*/*").body
}

/// Waits (the watcher polls every 50 ms) until `path` shows `text`, and returns the page.
fn wait_for_page(addr: SocketAddr, path: &str, text: &str) -> Response {
    let deadline = Instant::now() + Duration::from_secs(8);
    loop {
        let response = page(addr, path);
        if response.body.contains(text) {
            return response;
        }
        assert!(
            Instant::now() < deadline,
            "{path} never showed {text:?} after the edit; last:\n{}",
            response.body
        );
        std::thread::sleep(Duration::from_millis(25));
    }
}

fn start(root: &Path) -> Preview {
    let mut build = BuildOptions::new(root);
    build.today = NaiveDate::from_ymd_opt(2026, 11, 22);
    Preview::start(ServeOptions {
        build,
        port: 0,
        poll: Duration::from_millis(50),
        ..ServeOptions::new(root)
    })
    .unwrap()
}

const TAG: &str = "<script src=\"/__site/livereload.js\" data-build-id=\"";

#[test]
fn serves_with_live_reload_shows_the_overlay_on_a_bad_edit_and_recovers() {
    let site = fixture_site("serve-flow", &[]);
    let root = site.path();
    let preview = start(root);
    let addr = preview.addr();
    assert_eq!(preview.url(), format!("http://{addr}"));

    // A page, with the reload script just before </body>, and links on this server.
    let therapy = page(addr, "/therapy/");
    assert_eq!(therapy.status, 200, "{}", therapy.body);
    assert!(therapy.body.contains("What helps?"));
    let first_id = build_id(addr);
    assert!(
        therapy
            .body
            .contains(&format!("{TAG}{first_id}\" defer></script>\n</body>")),
        "{}",
        therapy.body
    );
    assert_eq!(therapy.body.matches("livereload.js").count(), 1);
    assert!(therapy
        .body
        .contains(&format!("href=\"http://{addr}/sources/#therapy-helps\"")));
    assert!(!therapy.body.contains("test.example.org"));
    // The site's CSP stays as it is, and allows the same-origin script.
    assert!(therapy
        .body
        .contains("content=\"default-src &#x27;self&#x27;\""));
    let script = request(addr, "GET", "/__site/livereload.js", "*/*");
    assert_eq!(script.status, 200);
    assert_eq!(
        script.header("Content-Type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(script.body.contains("/__site/build-id"));
    // Other files are served as they are.
    let css = request(addr, "GET", "/style.css", "text/css,*/*;q=0.1");
    assert_eq!(css.status, 200);
    assert_eq!(css.header("Content-Type"), Some("text/css; charset=utf-8"));
    assert!(!css.body.contains("livereload"));
    // public/ is never written by the preview.
    assert!(!root.join("public").exists());
    assert!(leftover_build_folders(root).is_empty());

    // An overstated sentence: every page becomes the overlay with the finding.
    copy_dir(&tests_dir().join("test_sites_invalid/overstated"), root);
    wait_for_page(addr, "/therapy/", "claim-lint found problems");
    let failed_id = build_id(addr);
    assert_ne!(failed_id, first_id);
    for path in ["/therapy/", "/", "/glossary/"] {
        let overlay = page(addr, path);
        assert_eq!(overlay.status, 500, "{path}");
        assert!(
            overlay
                .body
                .contains("<title>claim-lint found problems — fix them to see the site</title>"),
            "{}",
            overlay.body
        );
        assert!(overlay.body.contains("[overstated-certainty]"));
        assert!(overlay.body.contains("therapy.md:15"));
        assert!(overlay.body.contains("<pre>"));
        assert!(!overlay.body.contains('\u{1b}'));
        assert!(!overlay.body.contains("What helps?"), "stale content shown");
        assert!(overlay
            .body
            .contains(&format!("{TAG}{failed_id}\" defer></script>")));
    }
    // Assets still come from the last good build.
    assert_eq!(
        request(addr, "GET", "/style.css", "text/css,*/*;q=0.1").status,
        200
    );

    // Fixed: the site is back, with the new build id in its reload tag.
    copy_dir(
        &tests_dir().join("test_site/content"),
        &root.join("content"),
    );
    let back = wait_for_page(addr, "/therapy/", "What helps?");
    let fixed_id = build_id(addr);
    assert_ne!(fixed_id, failed_id);
    assert_eq!(back.status, 200, "{}", back.body);
    assert!(back.body.contains("What helps?"));
    assert!(!back.body.contains("claim-lint found problems"));
    assert!(back
        .body
        .contains(&format!("{TAG}{fixed_id}\" defer></script>")));

    let dir = preview.dir().to_path_buf();
    assert!(dir.is_dir());
    preview.stop();
    assert!(!dir.exists(), "preview folder left behind");
}

#[test]
fn answers_like_a_static_host() {
    let site = fixture_site("serve-http", &[]);
    let preview = start(site.path());
    let addr = preview.addr();

    let redirect = page(addr, "/therapy");
    assert_eq!(redirect.status, 302);
    assert_eq!(redirect.header("Location"), Some("/therapy/"));

    let missing = page(addr, "/no-such-page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains(TAG), "404.html gets live reload too");

    for bad in [
        "/../config.toml",
        "/%2e%2e/config.toml",
        "/..%2fconfig.toml",
    ] {
        assert_eq!(page(addr, bad).status, 400, "{bad}");
    }

    let head = request(addr, "HEAD", "/therapy/", "text/html");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(request(addr, "POST", "/therapy/", "*/*").status, 405);

    let id = page(addr, "/__site/build-id");
    assert_eq!(id.header("Cache-Control"), Some("no-store"));
    assert_eq!(page(addr, "/__site/nothing").status, 404);
    preview.stop();
}

#[test]
fn a_site_broken_from_the_start_shows_the_overlay() {
    let site = fixture_site("serve-broken", &["test_sites_invalid/overstated"]);
    let preview = start(site.path());
    let addr = preview.addr();
    let overlay = page(addr, "/therapy/");
    assert_eq!(overlay.status, 500);
    assert!(overlay.body.contains("claim-lint found problems"));
    assert!(overlay.body.contains("[overstated-certainty]"));
    // No good build yet: assets are not there.
    assert_eq!(
        request(addr, "GET", "/style.css", "text/css,*/*;q=0.1").status,
        404
    );
    preview.stop();
}

fn site_serve(root: &Path, extra: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_site"));
    command
        .arg("serve")
        .arg("--root")
        .arg(root)
        .args(["--today", "2026-11-22"])
        .args(extra)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null());
    command
}

#[test]
fn port_in_use_is_a_clear_error_with_exit_2() {
    let site = fixture_site("serve-port", &[]);
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = site_serve(site.path(), &["--port", &port])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!("port {port} is already in use")),
        "{err}"
    );
    assert!(err.contains("--port"), "{err}");
}

#[test]
fn no_site_is_exit_2() {
    let empty = Scratch::new("serve-empty");
    let out = site_serve(empty.path(), &["--port", "0"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("no site config here"), "{err}");
}

#[cfg(unix)]
#[test]
fn the_binary_serves_and_stops_cleanly_on_ctrl_c() {
    let site = fixture_site("serve-bin", &[]);
    let mut child = site_serve(site.path(), &["--port", "0"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut log = Vec::new();
    let url = loop {
        let line = rx
            .recv_timeout(Duration::from_secs(8))
            .unwrap_or_else(|_| panic!("no URL printed: {log:?}"));
        if let Some(rest) = line.split("serving the preview at ").nth(1) {
            break rest.split_whitespace().next().unwrap().to_string();
        }
        log.push(line);
    };
    assert!(
        log.iter().any(|l| l.contains("built 5 pages in")),
        "{log:?}"
    );
    let addr: SocketAddr = url.trim_start_matches("http://").parse().unwrap();
    assert!(addr.ip().is_loopback());
    let home = page(addr, "/");
    assert_eq!(home.status, 200);
    assert!(home.body.contains(TAG));
    let preview_dir = std::env::temp_dir().join(format!("site-serve-{}-0", child.id()));
    assert!(preview_dir.is_dir());

    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(5);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("site serve did not stop on SIGINT");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status:?}");
    assert!(!preview_dir.exists(), "preview folder left behind");
    assert!(!site.path().join("public").exists());
}

/// `serve` rebuilds through `build_into`. A save between the gate and the render must not
/// publish unchecked text: each page is read once, before the gate, and that text is what
/// is rendered. Here the page gains an overstated, uncited sentence at the worst moment.
#[test]
fn a_save_between_gate_and_render_never_publishes_unchecked_text() {
    let site = fixture_site("read-once", &[]);
    let page = site.path().join("content/therapy.md");
    let checked = std::fs::read_to_string(&page).unwrap();
    let unchecked = "Talking therapy cures BPD in every single person.";
    let out = Scratch::new("read-once-out");
    let mut opts = BuildOptions::new(site.path());
    opts.today = NaiveDate::from_ymd_opt(2026, 11, 30);
    let summary = site::build::build_into_observed(&opts, out.path(), || {
        std::fs::write(&page, format!("{checked}\n{unchecked}\n")).unwrap();
    })
    .unwrap_or_else(|e| panic!("the checked text builds: {e}"));
    assert!(summary.pages > 0);
    let html = std::fs::read_to_string(out.path().join("therapy/index.html")).unwrap();
    assert!(
        html.contains("DBT teaches skills"),
        "the checked text is published"
    );
    assert!(
        !html.contains("every single person"),
        "the unchecked save is not"
    );
    // The next build reads the saved text, and the gate refuses it.
    let again = site::build::build_into(&opts, out.path());
    assert!(
        again.is_err(),
        "the gate checks the new text on the next build"
    );
}

/// Waits until the preview has published a build other than `old`, and returns it.
fn wait_for_build(preview: &Preview, old: &str) -> BuildRecord {
    let deadline = Instant::now() + Duration::from_secs(8);
    loop {
        if let Some(record) = preview.last_build().filter(|r| r.id != old) {
            return record;
        }
        assert!(Instant::now() < deadline, "no new build after {old}");
        std::thread::sleep(Duration::from_millis(25));
    }
}

fn replace_in(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// A save of one page is checked and rendered on its own, and the preview then serves
/// byte for byte what a full build of the saved tree writes; a claim change that makes a
/// citing page fail shows the findings; a template change builds everything again.
#[test]
fn a_save_updates_only_what_it_touches_and_serves_what_a_full_build_writes() {
    let site = fixture_site("serve-incremental", &["sections_overlay"]);
    let root = site.path();
    let preview = start(root);
    let addr = preview.addr();
    let first = preview.last_build().unwrap();
    assert_eq!(first.kind, BuildKind::Full);

    replace_in(
        &root.join("content/therapy.md"),
        "You can ask your care team about it.",
        "You can ask your care team about it at your next visit.",
    );
    let update = wait_for_build(&preview, &first.id);
    assert_eq!(update.kind, BuildKind::Incremental, "{update:?}");
    assert_eq!(update.rechecked, 1);
    assert!(page(addr, "/therapy/").body.contains("at your next visit"));
    let full = Scratch::new("serve-incremental-full");
    let mut opts = BuildOptions::new(root);
    opts.today = NaiveDate::from_ymd_opt(2026, 11, 22);
    opts.base_url = Some(preview.url().to_string());
    site::build_into(&opts, full.path()).unwrap();
    assert_same_tree(&preview.served_dir().unwrap(), full.path());

    // The claim behind the page's first sentence becomes very uncertain: the page (checked
    // again because it cites the claim) now says more than its claim, and every page shows
    // the findings.
    let claims = root.join("claims.yaml");
    replace_in(&claims, "certainty: moderate", "certainty: very-low");
    let overlay = wait_for_page(addr, "/therapy/", "claim-lint found problems");
    assert_eq!(overlay.status, 500);
    assert!(overlay.body.contains("therapy.md:"), "{}", overlay.body);
    assert!(
        overlay.body.contains("[overstated-certainty]"),
        "{}",
        overlay.body
    );
    assert!(
        !overlay.body.contains("at your next visit"),
        "stale content shown"
    );
    let refused = preview.last_build().unwrap();
    assert_eq!(refused.kind, BuildKind::Refused);
    replace_in(&claims, "certainty: very-low", "certainty: moderate");
    wait_for_page(addr, "/therapy/", "at your next visit");

    // A template: everything is built again.
    let before = build_id(addr);
    replace_in(
        &root.join("templates/page.html"),
        "<article class=\"page\">",
        "<article class=\"page\" data-template=\"new\">",
    );
    wait_for_page(addr, "/therapy/", "data-template=\"new\"");
    let rebuilt = preview.last_build().unwrap();
    assert_ne!(rebuilt.id, before);
    assert_eq!(rebuilt.kind, BuildKind::Full);
    preview.stop();
}
