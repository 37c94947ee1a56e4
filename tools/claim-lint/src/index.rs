//! `citations.yaml`: which pages and headings cite each claim.
//!
//! Zola's templates cannot see the markers inside a page, so `claim-lint index` writes this
//! file and both template engines read it with `load_data`. It is keyed by claim id so a
//! template looks a claim up with `index.claims[id]` instead of looping over every claim:
//! on a large site the loop made Zola many times slower (see `shared/notes/zola-compat.md`).
//! Each entry repeats the claim's statement, certainty and sources for the same reason.

use crate::claims::{ClaimsFile, Status};
use crate::diagnostic::FileError;
use crate::front_matter::PageFrontMatter;
use crate::page::{self, BlockKind};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Citation {
    /// The page, relative to `content/`, as Zola's `@/` links name it.
    pub page: String,
    pub title: String,
    /// The section the page belongs to (the nearest `_index.md` above it), and its title,
    /// so the sources page can group pages by section. "_index.md" for the home section.
    pub section: String,
    pub section_title: String,
    /// The heading the citing sentence sits under, or "" at the top of the page.
    pub heading: String,
    /// The heading's id (Zola's slug of its text), or "" at the top of the page.
    pub anchor: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SourceEntry {
    pub source: String,
    pub locator: String,
    pub citation: String,
    pub doi: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ClaimEntry {
    /// 1-based position in claims.yaml, for stable numbering on the sources page.
    pub number: usize,
    pub statement: String,
    pub certainty: String,
    /// What readers see: "definition", "about the research", or for a finding "strong
    /// evidence", "moderate evidence", "early evidence" or "uncertain".
    pub certainty_words: String,
    pub kind: String,
    pub reviewed: String,
    pub next_review: Option<String>,
    pub reviewed_by: Option<String>,
    pub sources: Vec<SourceEntry>,
    pub cited_by: Vec<Citation>,
}

/// One source review, for the list at the top of the sources page. A list, not a map,
/// because Tera and minijinja iterate maps differently.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SourceInfo {
    pub id: String,
    pub citation: String,
    pub doi: Option<String>,
    pub url: Option<String>,
    #[serde(rename = "type")]
    pub source_type: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Index {
    pub sources: Vec<SourceInfo>,
    pub claims: BTreeMap<String, ClaimEntry>,
}

/// Zola's heading id for a heading text.
pub fn heading_anchor(text: &str) -> String {
    slug::slugify(text)
}

/// Builds the index from the claims file and every page under `content`.
pub fn build(claims: &ClaimsFile, content: &Path) -> Result<Index, Vec<FileError>> {
    let files = crate::check::collect_pages(&[content.to_path_buf()])?;
    let pages = crate::check::read_pages(&files)?;
    Ok(build_from(claims, content, &pages))
}

/// Builds the index from pages the caller has already read (paths under `content`).
pub fn build_from(claims: &ClaimsFile, content: &Path, pages: &[(PathBuf, String)]) -> Index {
    let mut entries: BTreeMap<String, ClaimEntry> = BTreeMap::new();
    // Only approved claims are shown to readers; drafts and withdrawn claims stay in the file.
    let approved = claims
        .claims
        .iter()
        .filter(|c| c.status == Status::Approved);
    for (i, c) in approved.enumerate() {
        let sources = c
            .sources
            .iter()
            .map(|s| {
                let src = claims.sources.get(&s.source);
                SourceEntry {
                    source: s.source.clone(),
                    locator: s.locator.clone(),
                    citation: src.map(|x| x.citation.clone()).unwrap_or_default(),
                    doi: src.and_then(|x| x.doi.clone()),
                    url: src.and_then(|x| x.url.clone()),
                }
            })
            .collect();
        entries.insert(
            c.id.clone(),
            ClaimEntry {
                number: i + 1,
                statement: c.statement.clone(),
                certainty: c.certainty.as_str().to_string(),
                certainty_words: c.reader_label().to_string(),
                kind: c.kind.as_str().to_string(),
                reviewed: c.reviewed.to_string(),
                next_review: c.next_review.map(|d| d.to_string()),
                reviewed_by: c.reviewed_by.clone(),
                sources,
                cited_by: Vec::new(),
            },
        );
    }
    let relative = |path: &Path| {
        path.strip_prefix(content)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/")
    };
    let section_titles: HashMap<String, String> = pages
        .iter()
        .map(|(path, text)| (relative(path), text))
        .filter(|(rel, _)| rel.ends_with("_index.md"))
        .map(|(rel, text)| (rel, front_matter_title(text)))
        .collect();
    // Pages are read into citations in parallel, then merged in page order.
    let per_page: Vec<Vec<(String, Citation)>> = pages
        .par_iter()
        .map(|(path, text)| {
            let rel = relative(path);
            let section = section_of(&rel, &section_titles);
            let section_title = section_titles.get(&section).cloned().unwrap_or_default();
            // A claim cited twice under one heading is listed once. Citations from
            // different pages always differ, so duplicates are found within the page.
            let mut seen = std::collections::HashSet::new();
            page_citations(&rel, text)
                .into_iter()
                .filter(|(id, c)| seen.insert((id.clone(), c.heading.clone(), c.anchor.clone())))
                .map(|(id, mut citation)| {
                    citation.section = section.clone();
                    citation.section_title = section_title.clone();
                    (id, citation)
                })
                .collect()
        })
        .collect();
    for (id, citation) in per_page.into_iter().flatten() {
        if let Some(entry) = entries.get_mut(&id) {
            entry.cited_by.push(citation);
        }
    }
    let sources = claims
        .sources
        .iter()
        .map(|(id, s)| SourceInfo {
            id: id.clone(),
            citation: s.citation.clone(),
            doi: s.doi.clone(),
            url: s.url.clone(),
            source_type: s.source_type.clone(),
        })
        .collect();
    Index {
        sources,
        claims: entries,
    }
}

/// The nearest section above a page (or, for a section, the one above it): the
/// `_index.md` of its folder or of the closest folder above that has one.
fn section_of(relative: &str, sections: &HashMap<String, String>) -> String {
    let mut folders: Vec<&str> = relative.split('/').collect();
    let name = folders.pop().unwrap_or_default();
    if name == "_index.md" || name == "index.md" {
        folders.pop();
    }
    loop {
        let candidate: String =
            folders.iter().map(|f| format!("{f}/")).collect::<String>() + "_index.md";
        if sections.contains_key(&candidate) || folders.is_empty() {
            return candidate;
        }
        folders.pop();
    }
}

/// The typed front matter of a page, or the defaults when it has none or it cannot be read
/// (the gate reports why).
fn front_matter_of(source: &page::PageSource) -> PageFrontMatter {
    crate::front_matter::parse(source)
        .ok()
        .flatten()
        .map(|parsed| parsed.fields)
        .unwrap_or_default()
}

fn front_matter_title(text: &str) -> String {
    front_matter_of(&page::split_front_matter(text))
        .title
        .unwrap_or_default()
}

/// (claim id, citation) for every marker on a page, under the heading it follows. Draft
/// pages are not published, so they cite nothing.
fn page_citations(rel: &str, text: &str) -> Vec<(String, Citation)> {
    let source = page::split_front_matter(text);
    let front = front_matter_of(&source);
    if front.draft {
        return Vec::new();
    }
    let title = front.title.unwrap_or_default();
    let mut heading = String::new();
    let mut anchor = String::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    for s in page::sentences(&source) {
        if s.block == BlockKind::Heading {
            heading = s.text.clone();
            anchor = match &s.heading_id {
                Some(id) => id.clone(),
                None => {
                    let base = heading_anchor(&heading);
                    let n = seen.entry(base.clone()).or_insert(0);
                    let a = if *n == 0 {
                        base.clone()
                    } else {
                        format!("{base}-{n}")
                    };
                    *n += 1;
                    a
                }
            };
        }
        for m in &s.markers {
            out.push((
                m.id.clone(),
                Citation {
                    page: rel.to_string(),
                    title: title.clone(),
                    section: String::new(),
                    section_title: String::new(),
                    heading: heading.clone(),
                    anchor: anchor.clone(),
                },
            ));
        }
    }
    out
}

/// The folder, beside `citations.yaml`, that holds one small file per claim for markers.
pub const MARKER_DIR: &str = "citations";

/// What a marker shows about its claim: one small file per claim, so that the `claim`
/// shortcode loads a few bytes per marker (`load_data(path="citations/" ~ id ~ ".yaml")`)
/// instead of the whole index. On a 10,000-page site the whole index is tens of megabytes,
/// and Zola copies what `load_data` returns on every call.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MarkerEntry {
    pub number: usize,
    pub certainty: String,
    pub certainty_words: String,
    pub kind: String,
}

/// File name (inside [`MARKER_DIR`]) → text, for every approved claim.
pub fn marker_files(index: &Index) -> BTreeMap<String, String> {
    index
        .claims
        .iter()
        .map(|(id, c)| {
            let entry = MarkerEntry {
                number: c.number,
                certainty: c.certainty.clone(),
                certainty_words: c.certainty_words.clone(),
                kind: c.kind.clone(),
            };
            let body = serde_norway::to_string(&entry).expect("marker entry serialises");
            (
                format!("{id}.yaml"),
                format!("# Generated by `claim-lint index`. Do not edit by hand.\n{body}"),
            )
        })
        .collect()
}

/// The marker files' values by `load_data` path (`citations/<id>.yaml`), for a renderer that
/// serves the fresh index from memory.
pub fn marker_values(index: &Index) -> Vec<(String, MarkerEntry)> {
    index
        .claims
        .iter()
        .map(|(id, c)| {
            (
                format!("{MARKER_DIR}/{id}.yaml"),
                MarkerEntry {
                    number: c.number,
                    certainty: c.certainty.clone(),
                    certainty_words: c.certainty_words.clone(),
                    kind: c.kind.clone(),
                },
            )
        })
        .collect()
}

/// Brings `dir` in line with `files`: writes what differs (beside, then renamed, so no file
/// is ever half-written) and removes `.yaml` files of claims that no longer exist. Returns
/// true when anything changed. With `check_only`, changes nothing and reports staleness.
pub fn sync_marker_dir(
    dir: &Path,
    files: &BTreeMap<String, String>,
    check_only: bool,
) -> std::io::Result<bool> {
    let mut changed = false;
    if !dir.is_dir() {
        if check_only {
            return Ok(!files.is_empty());
        }
        std::fs::create_dir_all(dir)?;
    }
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().to_string());
        let stale = path.extension().is_some_and(|e| e == "yaml")
            && name.is_some_and(|n| !files.contains_key(&n));
        if stale {
            changed = true;
            if !check_only {
                std::fs::remove_file(&path)?;
            }
        }
    }
    for (name, text) in files {
        let path = dir.join(name);
        if std::fs::read_to_string(&path).ok().as_deref() == Some(text.as_str()) {
            continue;
        }
        changed = true;
        if !check_only {
            let temporary = path.with_extension("yaml.tmp");
            std::fs::write(&temporary, text)?;
            std::fs::rename(&temporary, &path)?;
        }
    }
    Ok(changed)
}

/// True when `output` (the citations index) and the marker folder beside it hold exactly
/// what `index` renders: what `claim-lint index --check` asks. A missing file is stale.
pub fn is_current(index: &Index, output: &Path) -> bool {
    let current = std::fs::read_to_string(output).unwrap_or_default();
    let marker_dir = output.parent().unwrap_or(Path::new(".")).join(MARKER_DIR);
    let markers_stale = sync_marker_dir(&marker_dir, &marker_files(index), true).unwrap_or(true);
    current == render(index) && !markers_stale
}

/// The file's text, with a header that says where it comes from.
pub fn render(index: &Index) -> String {
    let body = serde_norway::to_string(index).expect("index serialises");
    format!(
        "# Generated by `claim-lint index` from claims.yaml and content/. Do not edit by hand.\n# CI fails when this file is stale: run `cargo run --release -p claim-lint -- index`.\n{body}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marker_dir_is_synced_and_pruned() {
        let dir = std::env::temp_dir().join(format!("marker-dir-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let mut files = BTreeMap::new();
        files.insert("a.yaml".to_string(), "number: 1\n".to_string());
        assert!(
            sync_marker_dir(&dir, &files, true).unwrap(),
            "missing dir is stale"
        );
        assert!(sync_marker_dir(&dir, &files, false).unwrap());
        assert!(!sync_marker_dir(&dir, &files, true).unwrap(), "now fresh");
        std::fs::write(dir.join("gone.yaml"), "x").unwrap();
        std::fs::write(dir.join("README.md"), "kept").unwrap();
        assert!(
            sync_marker_dir(&dir, &files, true).unwrap(),
            "stale claim file"
        );
        assert!(sync_marker_dir(&dir, &files, false).unwrap());
        assert!(!dir.join("gone.yaml").exists());
        assert!(dir.join("README.md").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn pages_belong_to_the_nearest_section() {
        let sections: HashMap<String, String> = [
            ("_index.md".to_string(), "Home".to_string()),
            ("treatments/_index.md".to_string(), "Treatments".to_string()),
        ]
        .into();
        assert_eq!(section_of("brain.md", &sections), "_index.md");
        assert_eq!(
            section_of("treatments/dbt.md", &sections),
            "treatments/_index.md"
        );
        assert_eq!(
            section_of("treatments/mbt/index.md", &sections),
            "treatments/_index.md"
        );
        assert_eq!(
            section_of("treatments/x/y.md", &sections),
            "treatments/_index.md"
        );
        assert_eq!(section_of("treatments/_index.md", &sections), "_index.md");
    }

    #[test]
    fn anchors_follow_zola_slugs() {
        assert_eq!(heading_anchor("What is BPD?"), "what-is-bpd");
        assert_eq!(
            heading_anchor("Stress hormones, serotonin & oxytocin"),
            "stress-hormones-serotonin-oxytocin"
        );
    }

    #[test]
    fn draft_pages_cite_nothing_and_explicit_ids_win() {
        let draft = "+++\ntitle = \"T\"\ndraft = true\n+++\nFact.{{ claim(id=\"a\") }}\n";
        assert!(page_citations("d.md", draft).is_empty());
        let custom = "## Part {#mine}\n\nFact.{{ claim(id=\"a\") }}\n";
        assert_eq!(page_citations("p.md", custom)[0].1.anchor, "mine");
    }

    #[test]
    fn citations_sit_under_their_heading() {
        let text = "+++\ntitle = \"T\"\n+++\nIntro.{{ claim(id=\"a\") }}\n\n## Part one\n\nFact.{{ claim(id=\"b\") }}\n\n## Part one\n\nMore.{{ claim(id=\"b\") }}\n";
        let c = page_citations("p.md", text);
        assert_eq!(c[0].0, "a");
        assert_eq!(c[0].1.anchor, "");
        assert_eq!(c[1].1.heading, "Part one");
        assert_eq!(c[1].1.anchor, "part-one");
        assert_eq!(c[2].1.anchor, "part-one-1");
        assert_eq!(c[1].1.title, "T");
    }
}
