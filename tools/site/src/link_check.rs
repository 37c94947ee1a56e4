//! `site check`: every link and `#fragment` in the built site, checked with lychee-lib.
//!
//! The site's own absolute links start with `base_url`. They are remapped onto the files in
//! `public/`, so a link to `https://clinic.example/brain/#amygdala` is really checked: the
//! page must exist and must have an element with that id. Root-relative links (`/style.css`)
//! resolve against `public/` too. Other origins are only fetched with `--online`; offline
//! they are counted as skipped, never as passed.

use crate::error::FileError;
use futures::StreamExt;
use lychee_lib::remap::Remaps;
use lychee_lib::{ClientBuilder, Collector, FileExtensions, Input};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// What to check.
#[derive(Debug, Clone)]
pub struct LinkCheckOptions {
    /// The built site.
    pub public: PathBuf,
    /// The base URL the site was built with; links under it are the site's own.
    pub base_url: String,
    /// Also fetch links to other origins.
    pub online: bool,
}

/// A link that does not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    /// The page the link is on.
    pub page: String,
    pub url: String,
    pub reason: String,
}

/// The outcome of a check.
#[derive(Debug, Default)]
pub struct LinkReport {
    pub checked: usize,
    /// Links not checked: other origins when offline, `tel:` and `mailto:` links.
    pub skipped: usize,
    pub broken: Vec<BrokenLink>,
}

/// Checks every link in `public/`. `Err` means the check could not run (exit code 2).
pub fn check_links(opts: &LinkCheckOptions) -> Result<LinkReport, FileError> {
    let public = std::path::absolute(&opts.public)
        .ok()
        .filter(|p| p.join("index.html").is_file())
        .ok_or_else(|| {
            FileError::at_line(
                &opts.public,
                None,
                "no built site here; run `site build` first (with the same --base-url)",
            )
        })?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| FileError::at_line(&public, None, format!("cannot start the checker: {e}")))?;
    runtime.block_on(check_async(&public, opts))
}

async fn check_async(public: &Path, opts: &LinkCheckOptions) -> Result<LinkReport, FileError> {
    let fail = |what: &str, e: &dyn std::fmt::Display| {
        FileError::at_line(public, None, format!("{what}: {e}"))
    };
    let remap = site_remap(&opts.base_url, public);
    let remaps = Remaps::try_from(&[remap][..]).map_err(|e| fail("bad base URL remap", &e))?;
    let mut schemes = HashSet::from(["file".to_string()]);
    if opts.online {
        schemes.extend(["http".to_string(), "https".to_string()]);
    }
    let client = ClientBuilder::builder()
        .remaps(remaps)
        .include_fragments(true)
        .index_files(Some(vec!["index.html".to_string()]))
        .schemes(schemes)
        .build()
        .client()
        .map_err(|e| fail("cannot build the link checker", &e))?;
    let input = Input::from_value(&public.to_string_lossy())
        .map_err(|e| fail("cannot read the site", &e))?;
    let collector = Collector::new(Some(public.to_path_buf()), None)
        .map_err(|e| fail("cannot read the site", &e))?;
    let html = FileExtensions::from(vec!["html".to_string()]);
    let mut requests = collector.collect_links_from_file_types(HashSet::from([input]), html);
    let mut report = LinkReport::default();
    while let Some(request) = requests.next().await {
        let request = request.map_err(|e| fail("cannot read a page", &e))?;
        let page = request.source.to_string();
        let page = page_name(&page, public);
        let url = request.uri.to_string();
        match client.check(request).await {
            Ok(response)
                if response.status().is_excluded() || response.status().is_unsupported() =>
            {
                report.skipped += 1
            }
            Ok(response) if response.status().is_error() => report.broken.push(BrokenLink {
                page,
                url,
                reason: response.status().to_string(),
            }),
            Ok(_) => report.checked += 1,
            Err(e) => report.broken.push(BrokenLink {
                page,
                url,
                reason: e.to_string(),
            }),
        }
    }
    report
        .broken
        .sort_by(|a, b| (&a.page, &a.url).cmp(&(&b.page, &b.url)));
    Ok(report)
}

/// The lychee remap rule that sends `base_url/...` to the matching file in `public/`.
fn site_remap(base_url: &str, public: &Path) -> String {
    let base = base_url.trim_end_matches('/');
    let target = format!("file://{}", public.to_string_lossy().trim_end_matches('/'));
    format!("^{}(/.*)?$ {target}$1", regex::escape(base))
}

/// A page path relative to `public/`, as a maintainer would look for it.
fn page_name(source: &str, public: &Path) -> String {
    let prefix = public.to_string_lossy();
    source
        .strip_prefix(prefix.as_ref())
        .map(|rest| format!("public{rest}"))
        .unwrap_or_else(|| source.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "site-links-{}-{}",
            std::process::id(),
            files.len() + files.iter().map(|f| f.1.len()).sum::<usize>()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        for (path, text) in files {
            let p = dir.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        dir
    }

    fn check(dir: &Path) -> LinkReport {
        check_links(&LinkCheckOptions {
            public: dir.to_path_buf(),
            base_url: "https://clinic.example".into(),
            online: false,
        })
        .unwrap()
    }

    #[test]
    fn remap_rule_maps_base_url_onto_public() {
        let rule = site_remap("https://clinic.example/", Path::new("/srv/public"));
        assert_eq!(
            rule,
            r"^https://clinic\.example(/.*)?$ file:///srv/public$1"
        );
    }

    #[test]
    fn good_links_and_anchors_pass_and_other_origins_are_skipped_offline() {
        let dir = site(&[
            (
                "index.html",
                r#"<a href="https://clinic.example/brain/#amygdala">a</a> <a href="/style.css">b</a> <a href="https://elsewhere.example/">c</a> <a href="tel:988">d</a>"#,
            ),
            (
                "brain/index.html",
                r#"<h2 id="amygdala">Amygdala</h2><a href="../">home</a>"#,
            ),
            ("style.css", "body{}"),
        ]);
        let report = check(&dir);
        assert!(report.broken.is_empty(), "{:?}", report.broken);
        assert!(report.checked >= 3, "{report:?}");
        assert!(report.skipped >= 1, "{report:?}");
    }

    #[test]
    fn missing_page_and_missing_anchor_are_broken() {
        let dir = site(&[(
            "index.html",
            r#"<a href="https://clinic.example/nope/">x</a> <a href="https://clinic.example/#missing">y</a><p id="here">z</p>"#,
        )]);
        let report = check(&dir);
        let urls: Vec<&str> = report.broken.iter().map(|b| b.url.as_str()).collect();
        assert_eq!(report.broken.len(), 2, "{urls:?}");
    }

    #[test]
    fn unbuilt_site_is_an_input_error() {
        let err = check_links(&LinkCheckOptions {
            public: PathBuf::from("/no/such/public"),
            base_url: "https://clinic.example".into(),
            online: false,
        })
        .unwrap_err();
        assert!(err.message.contains("site build"));
    }
}
