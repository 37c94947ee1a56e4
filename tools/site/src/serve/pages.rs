//! The pure parts of the preview server: mapping a URL path to a file in the preview folder,
//! the live-reload script and its injection, the error overlay, content types. No sockets
//! here, so all of it is unit-tested.

use std::path::{Component, Path, PathBuf};

/// Where the preview server's own files live. No page of the site can have this path:
/// Zola's page paths come from file names in `content/`, which do not start with `__`.
pub const PREFIX: &str = "/__site/";
pub const LIVERELOAD_PATH: &str = "/__site/livereload.js";
pub const BUILD_ID_PATH: &str = "/__site/build-id";
pub const OVERLAY_CSS_PATH: &str = "/__site/overlay.css";

/// Polls the build id and reloads the page when it changes. A same-origin file, so the
/// site's `script-src 'self'` (or `default-src 'self'`) allows it; no inline script. The id
/// the page was served with comes in `data-build-id`, so a build that finishes between
/// serving the page and the first poll still reloads it. When the server is gone (stopped or
/// restarting), it keeps trying, more slowly, and reloads when a new server answers.
pub const LIVERELOAD_JS: &str = r#"// site serve: reloads this page when the preview is rebuilt. Not part of the published site.
(function () {
  "use strict";
  var script = document.currentScript;
  var seen = script ? script.getAttribute("data-build-id") : null;
  function poll() {
    fetch("/__site/build-id", { cache: "no-store" })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.text();
      })
      .then(function (id) {
        id = id.trim();
        if (seen === null) {
          seen = id;
        } else if (id !== seen) {
          window.location.reload();
          return;
        }
        window.setTimeout(poll, 500);
      })
      .catch(function () {
        window.setTimeout(poll, 2000);
      });
  }
  poll();
})();
"#;

/// The overlay's look: plain, large, readable, in light and dark. Served from the same
/// origin so the overlay needs no inline style either.
pub const OVERLAY_CSS: &str = r#"html { font-size: 112.5%; }
body { margin: 0; font-family: system-ui, sans-serif; line-height: 1.5; color: #1a1a1a; background: #fff; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
h1 { font-size: 1.6rem; line-height: 1.25; color: #8a1c1c; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 0.85rem; line-height: 1.45; padding: 1rem; background: #f4f4f4; border-left: 4px solid #8a1c1c; }
code { font-size: 0.95em; }
@media (prefers-color-scheme: dark) {
  body { color: #eee; background: #121212; }
  h1 { color: #ff8a80; }
  pre { background: #1e1e1e; border-left-color: #ff8a80; }
}
"#;

/// What a request path names in the preview folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A file inside the folder.
    File(PathBuf),
    /// A folder named without its trailing slash: redirect here, as static hosts and
    /// `zola serve` do, so relative links inside it work.
    Redirect(String),
    NotFound,
    /// `..`, `.`, a backslash, a drive, NUL, bad percent-encoding or not UTF-8.
    BadRequest,
}

/// Maps a request path (with or without `?query`) to a file under `root`. Never escapes
/// `root`: `.` and `..` segments (also percent-encoded), backslashes and drive prefixes are
/// refused, and a file whose real path (symlinks followed) is outside `root` is not found.
pub fn resolve(root: &Path, raw: &str) -> Target {
    let raw = raw.split(['?', '#']).next().unwrap_or("");
    if !raw.starts_with('/') {
        return Target::BadRequest;
    }
    let Some(decoded) = percent_decode(raw) else {
        return Target::BadRequest;
    };
    if decoded.contains(['\0', '\\']) {
        return Target::BadRequest;
    }
    let segments: Vec<&str> = decoded.split('/').filter(|s| !s.is_empty()).collect();
    let mut path = root.to_path_buf();
    for segment in &segments {
        // Exactly one normal component: refuses ".", "..", "C:" and the like.
        let mut components = Path::new(segment).components();
        match (components.next(), components.next()) {
            (Some(Component::Normal(_)), None) if !segment.contains(':') => path.push(segment),
            _ => return Target::BadRequest,
        }
    }
    let file = if path.is_dir() {
        if !decoded.ends_with('/') {
            let mut location = String::from("/");
            for segment in &segments {
                location.push_str(&percent_encode(segment));
                location.push('/');
            }
            return Target::Redirect(location);
        }
        path.join("index.html")
    } else if decoded.ends_with('/') {
        // `/style.css/` names a folder that is not there.
        return Target::NotFound;
    } else {
        path
    };
    if !file.is_file() {
        return Target::NotFound;
    }
    match (file.canonicalize(), root.canonicalize()) {
        (Ok(real), Ok(real_root)) if real.starts_with(&real_root) => Target::File(file),
        _ => Target::NotFound,
    }
}

/// `%XX` decoding; `None` for a bad escape or a result that is not UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Encodes everything but RFC 3986's unreserved characters and a few safe path characters,
/// so that a `Location` header is plain ASCII.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The tag that loads [`LIVERELOAD_JS`], carrying the build id the page was served with.
pub fn reload_tag(build_id: &str) -> String {
    format!(
        "<script src=\"{LIVERELOAD_PATH}\" data-build-id=\"{}\" defer></script>",
        escape_html(build_id)
    )
}

/// Puts the live-reload tag just before the last `</body>` (any case), or at the end when
/// the page has none.
pub fn inject_reload_script(html: &str, build_id: &str) -> String {
    let tag = reload_tag(build_id);
    let lower = html.to_ascii_lowercase();
    match lower.rfind("</body") {
        Some(at) => {
            let mut out = String::with_capacity(html.len() + tag.len() + 1);
            out.push_str(&html[..at]);
            out.push_str(&tag);
            out.push('\n');
            out.push_str(&html[at..]);
            out
        }
        None => format!("{html}\n{tag}\n"),
    }
}

/// Why the preview shows the overlay instead of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// `<title>` and `<h1>`.
    pub title: String,
    /// What the build printed, without ANSI colours.
    pub report: String,
    /// When the failed build finished, HH:MM:SS.
    pub at: String,
}

pub const GATE_TITLE: &str = "claim-lint found problems — fix them to see the site";
pub const INPUT_TITLE: &str = "The site could not be built — fix the error to see it";

/// The page every HTML request gets while the latest build has failed: the findings in a
/// `<pre>`, escaped, and the live-reload tag so it turns back into the site once fixed.
pub fn overlay_page(failure: &Failure, request_path: &str, build_id: &str) -> String {
    let title = escape_html(&failure.title);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'\">\n\
<meta name=\"referrer\" content=\"no-referrer\">\n\
<title>{title}</title>\n<link rel=\"stylesheet\" href=\"{OVERLAY_CSS_PATH}\">\n</head>\n<body>\n<main>\n\
<h1>{title}</h1>\n\
<p>The preview shows this page instead of <code>{path}</code> because the latest build \
(at {at}) failed, and an older build could mislead. Fix what is listed below and save: \
this page turns back into the site by itself once the site builds. \
With JavaScript off, reload it by hand.</p>\n\
<pre>{report}</pre>\n</main>\n{tag}\n</body>\n</html>\n",
        path = escape_html(request_path),
        at = escape_html(&failure.at),
        report = escape_html(failure.report.trim_end()),
        tag = reload_tag(build_id),
    )
}

pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Removes ANSI escape sequences (CSI such as colours, and OSC such as hyperlinks).
pub fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\u{1b}' {
            out.push(c);
            continue;
        }
        match chars.peek() {
            Some('[') => {
                chars.next();
                // Parameters and intermediates, then one final byte in @..=~.
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
            Some(']') => {
                chars.next();
                // Up to BEL or ESC \.
                while let Some(c) = chars.next() {
                    if c == '\u{7}' {
                        break;
                    }
                    if c == '\u{1b}' && chars.peek() == Some(&'\\') {
                        chars.next();
                        break;
                    }
                }
            }
            Some(_) => {
                chars.next();
            }
            None => {}
        }
    }
    out
}

/// The `Content-Type` for a file, by extension.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        "webmanifest" => "application/manifest+json",
        // Extensionless files such as `_headers`.
        "" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

pub fn is_html(path: &Path) -> bool {
    content_type(path).starts_with("text/html")
}

/// Whether a request wants a page (and so gets the overlay while the build is broken):
/// a browser navigation (`Accept: text/html`), a folder, an extensionless path or `.html`.
pub fn wants_html(request_path: &str, accept: Option<&str>) -> bool {
    if accept.is_some_and(|a| a.contains("text/html")) {
        return true;
    }
    let path = request_path.split(['?', '#']).next().unwrap_or("");
    let last = path.rsplit('/').next().unwrap_or("");
    last.is_empty() || !last.contains('.') || last.ends_with(".html") || last.ends_with(".htm")
}

/// Whether a Content-Security-Policy lets the page load [`LIVERELOAD_JS`] and let it fetch
/// the build id: a same-origin script and a same-origin `fetch`. `None` when it allows both,
/// otherwise the directive that blocks.
pub fn csp_blocks_reload(csp: &str) -> Option<&'static str> {
    let directives: Vec<(String, Vec<String>)> = csp
        .split(';')
        .filter_map(|d| {
            let mut words = d.split_whitespace();
            let name = words.next()?.to_ascii_lowercase();
            Some((name, words.map(|w| w.to_ascii_lowercase()).collect()))
        })
        .collect();
    let find = |names: &[&'static str]| -> Option<(&'static str, &Vec<String>)> {
        names.iter().find_map(|name| {
            directives
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, sources)| (*name, sources))
        })
    };
    let allows_self = |sources: &Vec<String>| {
        sources
            .iter()
            .any(|s| s == "'self'" || s == "*" || s == "http:" || s.starts_with("http://"))
    };
    for fallbacks in [
        &["script-src-elem", "script-src", "default-src"][..],
        &["connect-src", "default-src"][..],
    ] {
        if let Some((name, sources)) = find(fallbacks) {
            if !allows_self(sources) {
                return Some(name);
            }
        }
    }
    None
}

/// The CSP in a page's `<meta http-equiv="Content-Security-Policy" content="…">`, if any.
pub fn meta_csp(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let at = lower.find("http-equiv=\"content-security-policy\"")?;
    let start = lower[..at].rfind('<')?;
    let end = start + lower[start..].find('>')?;
    let tag = &html[start..end];
    let content = tag.to_ascii_lowercase().find("content=\"")? + "content=\"".len();
    let value = &tag[content..];
    let value = &value[..value.find('"')?];
    Some(
        value
            .replace("&#x27;", "'")
            .replace("&#39;", "'")
            .replace("&quot;", "\"")
            .replace("&amp;", "&"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Dir(PathBuf);
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    /// A served folder `out/` with a secret beside it, as a `..` escape would find it.
    fn folder(name: &str) -> (Dir, PathBuf) {
        let dir =
            std::env::temp_dir().join(format!("site-serve-pages-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let out = dir.join("out");
        std::fs::create_dir_all(out.join("therapy")).unwrap();
        std::fs::write(out.join("index.html"), "home").unwrap();
        std::fs::write(out.join("therapy/index.html"), "therapy").unwrap();
        std::fs::write(out.join("style.css"), "body{}").unwrap();
        std::fs::write(out.join("a b.txt"), "space").unwrap();
        std::fs::write(dir.join("secret.txt"), "secret").unwrap();
        (Dir(dir), out)
    }

    #[test]
    fn resolves_pages_folders_and_files() {
        let (_dir, out) = folder("ok");
        assert_eq!(resolve(&out, "/"), Target::File(out.join("index.html")));
        assert_eq!(
            resolve(&out, "/therapy/"),
            Target::File(out.join("therapy/index.html"))
        );
        assert_eq!(
            resolve(&out, "/therapy/?utm=x#top"),
            Target::File(out.join("therapy/index.html"))
        );
        assert_eq!(
            resolve(&out, "/therapy"),
            Target::Redirect("/therapy/".into())
        );
        assert_eq!(
            resolve(&out, "/therapy?x=1"),
            Target::Redirect("/therapy/".into())
        );
        assert_eq!(
            resolve(&out, "/style.css"),
            Target::File(out.join("style.css"))
        );
        assert_eq!(
            resolve(&out, "/a%20b.txt"),
            Target::File(out.join("a b.txt"))
        );
        assert_eq!(
            resolve(&out, "//style.css"),
            Target::File(out.join("style.css"))
        );
        assert_eq!(resolve(&out, "/missing/"), Target::NotFound);
        assert_eq!(resolve(&out, "/style.css/"), Target::NotFound);
    }

    #[test]
    fn never_escapes_the_served_folder() {
        let (_dir, out) = folder("escape");
        for path in [
            "/../secret.txt",
            "/therapy/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E%2fsecret.txt",
            "/therapy/..%2f..%2fsecret.txt",
            "/./style.css",
            "/..\\secret.txt",
            "/%5c..%5csecret.txt",
            "/C:/secret.txt",
            "/style.css%00.html",
            "/%zz",
            "/%ff",
            "relative",
            "",
        ] {
            assert_eq!(resolve(&out, path), Target::BadRequest, "{path:?}");
        }
        // A protocol-relative path is just a path on this server, never a redirect elsewhere.
        assert_eq!(resolve(&out, "//evil.example/"), Target::NotFound);
        assert_eq!(
            resolve(&out, "//therapy"),
            Target::Redirect("/therapy/".into())
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_out_of_the_folder_is_not_served() {
        let (dir, out) = folder("symlink");
        std::os::unix::fs::symlink(dir.0.join("secret.txt"), out.join("link.txt")).unwrap();
        std::os::unix::fs::symlink(&dir.0, out.join("up")).unwrap();
        assert_eq!(resolve(&out, "/link.txt"), Target::NotFound);
        assert_eq!(resolve(&out, "/up/secret.txt"), Target::NotFound);
    }

    #[test]
    fn redirects_are_plain_ascii_paths() {
        let (_dir, out) = folder("redirect");
        std::fs::create_dir_all(out.join("ça va")).unwrap();
        assert_eq!(
            resolve(&out, "/%C3%A7a%20va"),
            Target::Redirect("/%C3%A7a%20va/".into())
        );
    }

    #[test]
    fn injects_before_the_last_body_close() {
        let html = "<html><body><p>&lt;/body&gt;</p>\n</BODY>\n</html>";
        let out = inject_reload_script(html, "1a-2");
        assert_eq!(
            out,
            "<html><body><p>&lt;/body&gt;</p>\n<script src=\"/__site/livereload.js\" data-build-id=\"1a-2\" defer></script>\n</BODY>\n</html>"
        );
        // Exactly one tag, and the page is otherwise unchanged.
        assert_eq!(out.matches("livereload.js").count(), 1);
        assert_eq!(out.replace(&format!("{}\n", reload_tag("1a-2")), ""), html);
    }

    #[test]
    fn injects_at_the_end_without_a_body_close() {
        let out = inject_reload_script("<p>fragment</p>", "7");
        assert!(out.starts_with("<p>fragment</p>\n<script src=\"/__site/livereload.js\""));
        assert!(out.trim_end().ends_with("</script>"));
    }

    #[test]
    fn overlay_escapes_the_report_and_strips_colours() {
        let failure = Failure {
            title: GATE_TITLE.into(),
            report: strip_ansi(
                "\u{1b}[1m\u{1b}[31merror[overstated-certainty]\u{1b}[0m: <b> & \"x\"\n\u{1b}]8;;http://x\u{1b}\\link\u{1b}]8;;\u{1b}\\\n",
            ),
            at: "12:00:00".into(),
        };
        let page = overlay_page(&failure, "/<script>/", "3");
        assert!(page.contains(&format!("<title>{GATE_TITLE}</title>")));
        assert!(page.contains(
            "<pre>error[overstated-certainty]: &lt;b&gt; &amp; &quot;x&quot;\nlink</pre>"
        ));
        assert!(page.contains("<code>/&lt;script&gt;/</code>"));
        assert!(!page.contains('\u{1b}'));
        assert!(page.contains(&reload_tag("3")));
        assert_eq!(page.matches("<script").count(), 1);
    }

    #[test]
    fn strip_ansi_keeps_plain_text() {
        assert_eq!(strip_ansi("plain — text\n"), "plain — text\n");
        assert_eq!(strip_ansi("a\u{1b}[38;5;9mb\u{1b}[0mc"), "abc");
        assert_eq!(strip_ansi("trailing\u{1b}"), "trailing");
    }

    #[test]
    fn content_types_and_html_requests() {
        assert_eq!(
            content_type(Path::new("a/index.html")),
            "text/html; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("style.css")),
            "text/css; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("_headers")),
            "text/plain; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("logo.SVG")), "image/svg+xml");
        assert!(wants_html("/", None));
        assert!(wants_html("/therapy/", None));
        assert!(wants_html("/therapy", None));
        assert!(wants_html("/404.html?x", None));
        assert!(wants_html(
            "/style.css",
            Some("text/html,application/xhtml+xml")
        ));
        assert!(!wants_html("/style.css", Some("text/css,*/*;q=0.1")));
        assert!(!wants_html("/logo.svg", None));
    }

    #[test]
    fn reads_the_csp_of_a_page() {
        let html = "<head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#x27;self&#x27;; object-src &#x27;none&#x27;\"></head>";
        let csp = meta_csp(html).unwrap();
        assert_eq!(csp, "default-src 'self'; object-src 'none'");
        assert_eq!(csp_blocks_reload(&csp), None);
        assert_eq!(meta_csp("<p>no csp</p>"), None);
    }

    #[test]
    fn knows_which_csp_blocks_the_reload_script() {
        assert_eq!(csp_blocks_reload(""), None);
        assert_eq!(csp_blocks_reload("default-src 'self'"), None);
        assert_eq!(
            csp_blocks_reload("default-src 'none'; script-src 'self'; connect-src 'self'"),
            None
        );
        assert_eq!(
            csp_blocks_reload("default-src 'self'; script-src 'none'"),
            Some("script-src")
        );
        assert_eq!(
            csp_blocks_reload("default-src 'none'; script-src 'self'"),
            Some("default-src")
        );
        assert_eq!(
            csp_blocks_reload("default-src 'self'; connect-src 'none'"),
            Some("connect-src")
        );
    }
}
