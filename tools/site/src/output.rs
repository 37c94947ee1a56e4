//! The files around the pages: compiled Sass, copied `static/`, `sitemap.xml` and
//! `robots.txt` in the shapes Zola writes them.

use crate::config::SiteConfig;
use crate::error::FileError;
use std::path::Path;

pub fn write_file(path: &Path, contents: &str) -> Result<(), FileError> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| FileError::cannot(parent, "create an output folder", &e))?;
    }
    std::fs::write(path, contents)
        .map_err(|e| FileError::cannot(path, "write this output file", &e))
}

/// Compiles `sass/**/*.scss` (except `_partials`) to `out/**/*.css`, as Zola does with
/// `compile_sass = true`.
pub fn compile_sass(sass_dir: &Path, out: &Path) -> Result<usize, FileError> {
    if !sass_dir.is_dir() {
        return Ok(0);
    }
    let mut files = Vec::new();
    collect_files(sass_dir, &mut files)?;
    let mut count = 0;
    for file in files {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let is_sass = file.extension().is_some_and(|e| e == "scss" || e == "sass");
        if !is_sass || name.starts_with('_') {
            continue;
        }
        let options = grass::Options::default().load_path(sass_dir);
        let css = grass::from_path(&file, &options)
            .map_err(|e| FileError::at_line(&file, None, format!("Sass error: {e}")))?;
        let relative = file.strip_prefix(sass_dir).unwrap_or(&file);
        write_file(&out.join(relative).with_extension("css"), &css)?;
        count += 1;
    }
    Ok(count)
}

/// Copies `static/` into the output as it is.
pub fn copy_static(static_dir: &Path, out: &Path) -> Result<usize, FileError> {
    if !static_dir.is_dir() {
        return Ok(0);
    }
    let mut files = Vec::new();
    collect_files(static_dir, &mut files)?;
    for file in &files {
        let target = out.join(file.strip_prefix(static_dir).unwrap_or(file));
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| FileError::cannot(parent, "create an output folder", &e))?;
        }
        std::fs::copy(file, &target)
            .map_err(|e| FileError::cannot(file, "copy this static file", &e))?;
    }
    Ok(files.len())
}

fn collect_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> Result<(), FileError> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| FileError::cannot(dir, "read this folder", &e))?;
    for entry in entries {
        let path = entry
            .map_err(|e| FileError::cannot(dir, "read this folder", &e))?
            .path();
        if path.is_dir() {
            collect_files(&path, out)?;
        } else {
            out.push(path);
        }
    }
    out.sort();
    Ok(())
}

/// One `<url>` of the sitemap.
#[derive(Debug, Clone)]
pub struct SitemapEntry {
    pub permalink: String,
    pub updated: Option<String>,
}

/// Zola's `sitemap.xml`: every page and section, sorted by permalink.
pub fn sitemap(mut entries: Vec<SitemapEntry>) -> String {
    entries.sort_by(|a, b| a.permalink.cmp(&b.permalink));
    entries.dedup_by(|a, b| a.permalink == b.permalink);
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for e in entries {
        xml.push_str("    <url>\n        <loc>");
        xml.push_str(&escape_xml(&e.permalink));
        xml.push_str("</loc>\n");
        if let Some(updated) = e.updated {
            xml.push_str("        <lastmod>");
            xml.push_str(&escape_xml(&updated));
            xml.push_str("</lastmod>\n");
        }
        xml.push_str("    </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// Zola's built-in `robots.txt`.
pub fn robots_txt(config: &SiteConfig) -> String {
    let mut sitemap = config.make_permalink("sitemap.xml");
    sitemap.pop();
    format!("User-agent: *\nDisallow:\nAllow: /\nSitemap: {sitemap}\n")
}

/// Escapes text for an HTML attribute or element (the same five characters as XML).
pub fn escape_html(s: &str) -> String {
    escape_xml(s)
}

fn escape_xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemap_lists_sorted_unique_urls() {
        let xml = sitemap(vec![
            SitemapEntry {
                permalink: "https://x.org/b/".into(),
                updated: Some("2026-11-22".into()),
            },
            SitemapEntry {
                permalink: "https://x.org/".into(),
                updated: None,
            },
        ]);
        let a = xml.find("https://x.org/</loc>").unwrap();
        let b = xml.find("https://x.org/b/</loc>").unwrap();
        assert!(a < b);
        assert!(xml.contains("<lastmod>2026-11-22</lastmod>"));
    }
}
