//! The pages under `content/`: front matter as Zola reads it, URLs as Zola makes them.
//!
//! Zola's layout: a folder with `_index.md` is a section (`content/_index.md` is the home
//! page, `/`), and sections nest. `content/treatments/dbt.md` is a page at
//! `/treatments/dbt/` in the `treatments` section; a folder with `index.md` is a page
//! bundle, whose other files are copied beside the page. Page front matter ignores keys
//! Zola does not know, as Zola does; section front matter rejects them, as Zola does.

use crate::config::{toml_to_json, SiteConfig};
use crate::error::{line_of, FileError};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

pub use claim_lint::front_matter::SortBy;

#[derive(Debug, Clone)]
pub struct Page {
    pub file: PathBuf,
    /// Path relative to `content/`, as `@/` links name it: `brain.md`, `_index.md`,
    /// `treatments/dbt.md`, `treatments/_index.md`, `treatments/mbt/index.md`.
    pub relative: String,
    pub is_section: bool,
    /// The sections above this page or section, from the home page down, by relative path
    /// (Zola's `ancestors`).
    pub ancestors: Vec<String>,
    /// For a page bundle (`NAME/index.md`), its folder; other files there are its assets.
    pub bundle_dir: Option<PathBuf>,
    /// A bundle's other files (not Markdown), copied beside the page, in name order.
    pub assets: Vec<PathBuf>,
    /// Section settings (sections only): the default template of its pages, how many pages
    /// a listing page holds, and whether its pages also belong to its parent.
    pub page_template: Option<String>,
    pub paginate_by: Option<usize>,
    pub transparent: bool,
    pub title: Option<String>,
    pub description: Option<String>,
    pub date: Option<String>,
    pub updated: Option<String>,
    pub weight: Option<i64>,
    pub template: Option<String>,
    pub sort_by: SortBy,
    pub draft: bool,
    pub extra: Value,
    /// The Markdown after the front matter.
    pub body: String,
    /// 1-based line of the file where the body starts.
    pub body_line: usize,
    pub slug: String,
    /// URL path, always with slashes around it: `/brain/`, or `/` for the home page.
    pub path: String,
    pub permalink: String,
}

impl Page {
    /// Maps a 1-based body line to a line of the file.
    pub fn file_line(&self, body_line: usize) -> usize {
        self.body_line + body_line - 1
    }

    /// Where the page is written, relative to the output folder.
    pub fn output_file(&self) -> PathBuf {
        let mut out = PathBuf::new();
        for part in self.path.split('/').filter(|p| !p.is_empty()) {
            out.push(part);
        }
        out.join("index.html")
    }
}

/// Keys Zola accepts in a section's front matter.
const SECTION_KEYS: &[&str] = &[
    "title",
    "description",
    "sort_by",
    "weight",
    "draft",
    "template",
    "page_template",
    "paginate_by",
    "paginate_path",
    "paginate_reversed",
    "insert_anchor_links",
    "in_search_index",
    "render",
    "redirect_to",
    "transparent",
    "aliases",
    "generate_feeds",
    "extra",
];

/// Reads every page under `content_dir` once, in path order. The gate, the citations index
/// and the renderer all work on these texts, so what is checked is what is published.
pub fn read_sources(content_dir: &Path) -> Result<Vec<(PathBuf, String)>, Vec<FileError>> {
    if !content_dir.is_dir() {
        return Err(vec![FileError::at_line(
            content_dir,
            None,
            "no content folder; expected content/ with _index.md and the pages",
        )]);
    }
    let files = claim_lint::check::collect_pages(&[content_dir.to_path_buf()])?;
    claim_lint::check::read_pages(&files)
}

/// Parses the pages read by [`read_sources`], drafts left out, in path order.
pub fn load(
    content_dir: &Path,
    config: &SiteConfig,
    sources: &[(PathBuf, String)],
) -> Result<Vec<Page>, Vec<FileError>> {
    let section_dirs = section_dirs(content_dir, sources);
    let mut pages = Vec::new();
    let mut errors = Vec::new();
    for (file, text) in sources {
        let layout = Layout::of(&relative_to(content_dir, file), &section_dirs);
        match parse_file(file, text, config, layout) {
            Ok(page) if page.draft => {}
            Ok(page) => pages.push(page),
            Err(e) => errors.push(e),
        }
    }
    if !pages.iter().any(|p| p.relative == "_index.md") && errors.is_empty() {
        errors.push(FileError::at_line(
            &content_dir.join("_index.md"),
            None,
            "missing: the home page; expected content/_index.md with +++ front matter +++",
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    check_unique_paths(&pages)?;
    Ok(pages)
}

/// Parses one page read by [`read_sources`], as [`load`] does in a whole-site load.
/// `section_dirs` holds the folders (relative to `content/`, with a trailing `/`, "" for
/// `content/` itself) that have an `_index.md`.
pub fn load_one(
    content_dir: &Path,
    config: &SiteConfig,
    file: &Path,
    text: &str,
    section_dirs: &std::collections::HashSet<String>,
) -> Result<Page, FileError> {
    let relative = relative_to(content_dir, file);
    parse_file(file, text, config, Layout::of(&relative, section_dirs))
}

/// The folders (relative to `content/`, "" for `content/` itself) that hold an `_index.md`.
pub fn section_dirs(
    content_dir: &Path,
    sources: &[(PathBuf, String)],
) -> std::collections::HashSet<String> {
    sources
        .iter()
        .map(|(file, _)| relative_to(content_dir, file))
        .filter_map(|rel| rel.strip_suffix("_index.md").map(String::from))
        .collect()
}

/// A page's path relative to `content/`, with `/` between folders, as `@/` links name it.
pub fn relative_to(content_dir: &Path, file: &Path) -> String {
    file.strip_prefix(content_dir)
        .unwrap_or(file)
        .to_string_lossy()
        .replace('\\', "/")
}

fn check_unique_paths(pages: &[Page]) -> Result<(), Vec<FileError>> {
    for (i, p) in pages.iter().enumerate() {
        if let Some(other) = pages[..i].iter().find(|o| o.path == p.path) {
            return Err(vec![FileError::at_line(
                &p.file,
                None,
                format!(
                    "this page has the URL {} that {} has too; expected a different slug or path",
                    p.path, other.relative
                ),
            )]);
        }
    }
    Ok(())
}

/// Where a file sits in Zola's layout, from its path relative to `content/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub relative: String,
    pub is_section: bool,
    /// A page written as `NAME/index.md`.
    pub is_bundle: bool,
    /// The folders above the file (for a bundle, above its folder), as written.
    pub folders: Vec<String>,
    /// Sections above, from the home page down (relative paths of their `_index.md`).
    pub ancestors: Vec<String>,
}

impl Layout {
    /// `section_dirs` holds the folders that have an `_index.md` ("" for `content/`,
    /// "treatments/" for `content/treatments/`).
    pub fn of(relative: &str, section_dirs: &std::collections::HashSet<String>) -> Layout {
        let mut parts: Vec<String> = relative.split('/').map(String::from).collect();
        let name = parts.pop().unwrap_or_default();
        let is_section = name == "_index.md";
        let is_bundle = name == "index.md" && !parts.is_empty();
        let mut folders = parts;
        if is_bundle {
            folders.pop();
        }
        // A section's own _index.md is not its ancestor; a page's section is.
        let levels = if is_section {
            folders.len()
        } else {
            folders.len() + 1
        };
        let ancestors = (0..levels)
            .map(|n| {
                let dir: String = folders[..n].iter().map(|f| format!("{f}/")).collect();
                dir
            })
            .filter(|dir| section_dirs.contains(dir))
            .map(|dir| format!("{dir}_index.md"))
            .collect();
        Layout {
            relative: relative.to_string(),
            is_section,
            is_bundle,
            folders,
            ancestors,
        }
    }
}

fn parse_file(
    file: &Path,
    text: &str,
    config: &SiteConfig,
    layout: Layout,
) -> Result<Page, FileError> {
    let source = claim_lint::page::split_front_matter(text);
    let parsed = claim_lint::front_matter::parse(&source)
        .map_err(|e| {
            FileError::at_offset(file, text, e.offset, format!("{}; {}", e.message, e.suggestion))
        })?
        .ok_or_else(|| {
            FileError::at_line(
                file,
                Some(1),
                "no front matter; expected the page to start with +++, then title = \"…\", then +++",
            )
        })?;
    let table = &parsed.table;
    // Read again, with spans, only by the few pages that set their own credits.
    if let Some(fm) = source.front_matter.as_ref().filter(|_| {
        parsed
            .extra_table()
            .is_some_and(|e| e.contains_key("credits"))
    }) {
        crate::clinic_settings::check_page_credits(file, &fm.toml, line_of(text, fm.offset))?;
    }
    let front = &parsed.fields;
    let relative = layout.relative.clone();
    let is_section = layout.is_section;
    if is_section {
        if let Some(key) = table.keys().find(|k| !SECTION_KEYS.contains(&k.as_str())) {
            return Err(FileError::at_line(
                file,
                parsed.key_line(text, key),
                format!(
                    "unknown key `{key}` in a section's front matter (_index.md); Zola rejects it. Custom values go under [extra]"
                ),
            ));
        }
    }
    // A bundle is named by its folder; other pages by their file.
    let own_name = if layout.is_bundle {
        file.parent()
            .and_then(|d| d.file_name())
            .and_then(|s| s.to_str())
            .unwrap_or_default()
    } else {
        file.file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
    };
    let slug = match &front.slug {
        Some(s) => claim_lint::index::heading_anchor(s),
        None => claim_lint::index::heading_anchor(own_name),
    };
    let folder_path: String = layout
        .folders
        .iter()
        .map(|f| format!("{}/", claim_lint::index::heading_anchor(f)))
        .collect();
    let path = if is_section {
        format!("/{folder_path}")
    } else {
        match &front.path {
            Some(p) => format!("/{}/", p.trim().trim_matches('/')),
            None => format!("/{folder_path}{slug}/"),
        }
    };
    let body_line = line_of(text, source.body_offset);
    Ok(Page {
        file: file.to_path_buf(),
        relative,
        is_section,
        ancestors: layout.ancestors,
        bundle_dir: layout
            .is_bundle
            .then(|| file.parent().map(Path::to_path_buf))
            .flatten(),
        assets: if layout.is_bundle {
            bundle_assets(file.parent().unwrap_or(Path::new(".")))
        } else {
            Vec::new()
        },
        page_template: front.page_template.clone().filter(|_| is_section),
        paginate_by: front.paginate_by.map(|n| n.get()).filter(|_| is_section),
        transparent: is_section && front.transparent,
        title: front.title.clone(),
        description: front.description.clone(),
        date: front.date.clone(),
        updated: front.updated.clone(),
        weight: front.weight,
        template: front.template.clone(),
        sort_by: front.sort_by,
        draft: front.draft,
        extra: table
            .get("extra")
            .cloned()
            .map(toml_to_json)
            .unwrap_or_else(|| json!({})),
        body: text[source.body_offset..].to_string(),
        body_line,
        permalink: config.make_permalink(&path),
        slug,
        path,
    })
}

/// The files of a page bundle other than Markdown, as Zola copies them. Sub-folders are
/// left out: Zola treats a folder with its own index.md as another bundle.
fn bundle_assets(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut assets: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_none_or(|e| e != "md"))
        .collect();
    assets.sort();
    assets
}

/// Zola's `sort_pages`: pages missing the sort key are left out of `section.pages`; ties go
/// by permalink.
pub fn sort_pages<'a>(pages: &[&'a Page], sort_by: SortBy) -> Vec<&'a Page> {
    let mut sorted: Vec<&Page> = pages
        .iter()
        .copied()
        .filter(|p| match sort_by {
            SortBy::None => true,
            SortBy::Weight => p.weight.is_some(),
            SortBy::Date => p.date.is_some(),
            SortBy::Title => p.title.is_some(),
        })
        .collect();
    sorted.sort_by(|a, b| {
        let ord = match sort_by {
            SortBy::None => std::cmp::Ordering::Equal,
            SortBy::Weight => a.weight.cmp(&b.weight),
            SortBy::Date => b.date.cmp(&a.date),
            SortBy::Title => a.title.cmp(&b.title),
        };
        ord.then_with(|| a.permalink.cmp(&b.permalink))
    });
    sorted
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> SiteConfig {
        SiteConfig::parse(
            Path::new("config.toml"),
            "base_url = \"https://x.org\"\n[extra.clinic]\nname = \"C\"\n[extra.crisis]\nreviewed = true\nlines = []\n",
            None,
        )
        .unwrap()
    }

    fn page(name: &str, text: &str) -> Result<Page, FileError> {
        let sections = ["".to_string()].into();
        parse_file(
            &Path::new("content").join(name),
            text,
            &config(),
            Layout::of(name, &sections),
        )
    }

    fn layout(relative: &str, sections: &[&str]) -> Layout {
        let dirs = sections.iter().map(|s| s.to_string()).collect();
        Layout::of(relative, &dirs)
    }

    #[test]
    fn layout_follows_zola_sections_and_bundles() {
        let sections = ["", "treatments/", "treatments/medicines/"];
        let l = layout("treatments/dbt.md", &sections);
        assert_eq!(l.ancestors, ["_index.md", "treatments/_index.md"]);
        assert_eq!(l.folders, ["treatments"]);
        let l = layout("treatments/_index.md", &sections);
        assert_eq!(l.ancestors, ["_index.md"]);
        assert!(l.is_section);
        let l = layout("treatments/mbt/index.md", &sections);
        assert!(l.is_bundle);
        assert_eq!(l.folders, ["treatments"]);
        assert_eq!(l.ancestors, ["_index.md", "treatments/_index.md"]);
        let l = layout("treatments/medicines/_index.md", &sections);
        assert_eq!(l.ancestors, ["_index.md", "treatments/_index.md"]);
        let l = layout("brain.md", &sections);
        assert_eq!(l.ancestors, ["_index.md"]);
        assert!(!l.is_bundle, "content/index.md is not a bundle");
    }

    #[test]
    fn nested_urls_follow_zola() {
        let sections: std::collections::HashSet<String> =
            ["".to_string(), "Treatments/".to_string()].into();
        let page = |rel: &str, text: &str| {
            parse_file(
                &Path::new("content").join(rel),
                text,
                &config(),
                Layout::of(rel, &sections),
            )
            .unwrap()
        };
        let p = page("Treatments/DBT skills.md", "+++\ntitle = \"T\"\n+++\nBody");
        assert_eq!(p.path, "/treatments/dbt-skills/");
        let b = page("Treatments/mbt/index.md", "+++\ntitle = \"T\"\n+++\nBody");
        assert_eq!(b.path, "/treatments/mbt/");
        assert!(b.bundle_dir.is_some());
        let s = page(
            "Treatments/_index.md",
            "+++\ntitle = \"T\"\npaginate_by = 2\ntransparent = true\npage_template = \"page.html\"\n+++\n",
        );
        assert_eq!(s.path, "/treatments/");
        assert_eq!(s.paginate_by, Some(2));
        assert!(s.transparent);
    }

    #[test]
    fn urls_follow_zola() {
        let p = page(
            "what-is-bpd.md",
            "+++\ntitle = \"T\"\nweight = 2\n+++\nBody",
        )
        .unwrap();
        assert_eq!(p.path, "/what-is-bpd/");
        assert_eq!(p.permalink, "https://x.org/what-is-bpd/");
        assert_eq!(p.output_file(), PathBuf::from("what-is-bpd/index.html"));
        assert_eq!(p.body_line, 5);
        let home = page("_index.md", "+++\nsort_by = \"weight\"\n+++\n").unwrap();
        assert_eq!(home.path, "/");
        assert_eq!(home.output_file(), PathBuf::from("index.html"));
    }

    #[test]
    fn section_rejects_unknown_keys_pages_ignore_them() {
        let e = page(
            "_index.md",
            "+++\ntitle = \"T\"\nreviewed = 2026-01-01\n+++\n",
        )
        .unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        assert!(page("a.md", "+++\nreviewed = 2026-01-01\n+++\n").is_ok());
        // An unknown table is named at its header line.
        let e = page("_index.md", "+++\ntitle = \"T\"\n[extras]\nfoo = 1\n+++\n").unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
    }

    #[test]
    fn wrong_types_name_the_key() {
        let e = page("a.md", "+++\ntitle = 3\n+++\n").unwrap_err();
        assert!(e.message.contains("title"), "{e}");
        assert_eq!(e.line, Some(2));
    }

    #[test]
    fn weight_sort_drops_unweighted_and_breaks_ties_by_permalink() {
        let a = page("a.md", "+++\nweight = 2\n+++\n").unwrap();
        let b = page("b.md", "+++\nweight = 1\n+++\n").unwrap();
        let c = page("c.md", "+++\n+++\n").unwrap();
        let d = page("d.md", "+++\nweight = 1\n+++\n").unwrap();
        let sorted = sort_pages(&[&a, &b, &c, &d], SortBy::Weight);
        let names: Vec<_> = sorted.iter().map(|p| p.relative.as_str()).collect();
        assert_eq!(names, ["b.md", "d.md", "a.md"]);
    }
}
