//! `bench generate`: a complete Zola-layout site tree with N generated pages and M claims.
//!
//! The claims are the repository's own claims, cycled: generated claim `i` is repository
//! claim `i mod n` under the id `<orig-id>-g<i>`, with the same statement, certainty, kind,
//! sources and dates. Every generated sentence is a claim statement verbatim followed by its
//! marker, so the corpus passes the gate exactly as the repository's pages do; what grows is
//! only the amount of work.

use crate::fsutil::{copy_dir, io_err, list_files, write_file};
use crate::rng::SplitMix64;
use serde_norway::{Mapping, Value};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// Markers per generated page.
pub const MARKERS_PER_PAGE: usize = 34;
/// Markdown bytes a generated page aims for (plain sentences pad it up to this).
pub const PAGE_BYTES: usize = 8 * 1024;

/// Pages the templates and the copied pages link to with `@/`, copied from the repository
/// when it has them.
const REQUIRED_PAGES: &[&str] = &[
    "sources.md",
    "glossary.md",
    "get-help-now.md",
    "how-we-check.md",
];

/// Words that make claim-lint's `crisis-help-missing` rule ask for a crisis block (see
/// tools/claim-lint/src/rules/crisis_help.rs). Claims whose statements contain any of them
/// are kept in claims.yaml but never placed on a generated page.
const SAFETY_WORDS: &[&str] = &[
    "suicid",
    "self harm",
    "self-harm",
    "self injur",
    "self-injur",
    "kill themselves",
    "kill yourself",
    "end their li",
    "end your life",
    "hurt themselves",
    "hurting themselves",
    "hurt yourself",
    "hurting yourself",
];

/// Sentences with no factual content (no health, research or treatment words), so the gate
/// does not ask for a claim.
const PLAIN_SENTENCES: &[&str] = &[
    "You are not alone.",
    "Take your time with this page.",
    "You can come back to this page whenever you like.",
    "Each fact on this page links to where it came from.",
    "This page collects facts from our list of claims.",
    "You may want to read this page with someone you trust.",
    "A number after a sentence shows where the fact came from.",
    "Some words on this page are explained in our glossary.",
    "You can read the parts of this page in any order.",
    "It is okay to stop and come back later.",
    "Each part of this page is short.",
    "We explain how sure we are about each fact.",
];

const HEADINGS: &[&str] = &[
    "More facts",
    "What we know",
    "Good to know",
    "A closer look",
    "Other findings",
    "In short",
    "Some details",
    "What the reviews say",
];

/// The front matter values every generated page shares, as in content/brain.md.
const FALLBACK_META: &str = "date = 2026-11-22\n\n[extra]\nreviewed = 2026-11-22\nnext_review = 2027-11-22\nreviewed_by = \"pending clinical review\"\naudience = \"both\"\n";

#[derive(Debug, Clone)]
pub struct GenOptions {
    pub pages: usize,
    pub claims: usize,
    pub seed: u64,
    pub out: PathBuf,
    /// 0: every page directly in content/.
    pub sections: usize,
    /// 1: sections only; 2: some sections have a nested sub-section.
    pub depth: usize,
    /// The repository root to copy config, templates, claims and pages from.
    pub from: PathBuf,
}

#[derive(Debug, Clone, Default)]
pub struct GenSummary {
    /// Generated pages (not counting the copied pages and the section indexes).
    pub pages: usize,
    pub claims: usize,
    /// Claim markers on the generated pages.
    pub markers: usize,
    /// Markdown bytes of the generated pages.
    pub page_bytes: usize,
    /// Every Markdown file written under content/, relative to content/.
    pub content_files: Vec<String>,
    /// Section folders, relative to content/.
    pub sections: Vec<String>,
}

/// One claim of the repository's claims.yaml: what the generator needs to know about it.
struct RepoClaim {
    id: String,
    statement: String,
    /// May be placed on a generated page: one sentence, no safety topic.
    placeable: bool,
}

pub fn generate(opts: &GenOptions) -> Result<GenSummary, String> {
    if opts.depth == 0 || opts.depth > 2 {
        return Err(format!("--depth must be 1 or 2, not {}", opts.depth));
    }
    if opts.depth == 2 && opts.sections == 0 {
        return Err("--depth 2 needs --sections 1 or more".into());
    }
    let from = &opts.from;
    for needed in ["config.toml", "claims.yaml", "templates", "content"] {
        if !from.join(needed).exists() {
            return Err(format!(
                "{} has no {needed}; pass --from with the repository root",
                from.display()
            ));
        }
    }
    prepare_out(&opts.out)?;

    // Claims.
    let claims_path = from.join("claims.yaml");
    let claims_text =
        std::fs::read_to_string(&claims_path).map_err(|e| io_err(&claims_path, "read", &e))?;
    let claims_doc: Value = serde_norway::from_str(&claims_text)
        .map_err(|e| format!("{}: {e}", claims_path.display()))?;
    let sources = claims_doc
        .get("sources")
        .cloned()
        .ok_or_else(|| format!("{}: no `sources:`", claims_path.display()))?;
    let repo_claims_values = claims_doc
        .get("claims")
        .and_then(Value::as_sequence)
        .cloned()
        .ok_or_else(|| format!("{}: no `claims:` list", claims_path.display()))?;
    let repo_claims = repo_claims_values
        .iter()
        .map(|c| {
            let id = c.get("id").and_then(Value::as_str);
            let statement = c.get("statement").and_then(Value::as_str);
            match (id, statement) {
                (Some(id), Some(statement)) => Ok(RepoClaim {
                    id: id.to_string(),
                    statement: statement.to_string(),
                    placeable: is_placeable(statement),
                }),
                _ => Err(format!(
                    "{}: a claim without a string `id` and `statement`",
                    claims_path.display()
                )),
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    let n = repo_claims.len();
    if n == 0 {
        return Err(format!("{}: no claims", claims_path.display()));
    }
    if opts.claims < n {
        return Err(format!(
            "--claims must be at least {n}, the number of claims in {}: the copied glossary and pages cite each of them",
            claims_path.display()
        ));
    }
    // The copied glossary and pages cite repository claim j as its first copy, `<id>-g<j>`.
    let first_copy: HashMap<&str, String> = repo_claims
        .iter()
        .enumerate()
        .map(|(j, c)| (c.id.as_str(), generated_id(&c.id, j)))
        .collect();

    let mut generated = Vec::with_capacity(opts.claims);
    for i in 0..opts.claims {
        let mut claim = repo_claims_values[i % n].clone();
        if let Value::Mapping(m) = &mut claim {
            m.insert(
                Value::from("id"),
                Value::from(generated_id(&repo_claims[i % n].id, i)),
            );
        }
        generated.push(claim);
    }
    // The sources' local texts (`text:`, relative to the claims file), which the gate reads
    // to verify quotes: copied to the same place.
    if let Some(map) = sources.as_mapping() {
        for text in map
            .values()
            .filter_map(|s| s.get("text").and_then(Value::as_str))
        {
            let relative = Path::new(text);
            let inside = relative
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)));
            if inside && from.join(relative).is_file() {
                let target = opts.out.join(relative);
                if let Some(dir) = target.parent() {
                    std::fs::create_dir_all(dir).map_err(|e| io_err(dir, "create", &e))?;
                }
                copy_file(&from.join(relative), &target)?;
            }
        }
    }
    let mut doc = Mapping::new();
    doc.insert(Value::from("sources"), sources);
    doc.insert(Value::from("claims"), Value::Sequence(generated));
    let yaml = serde_norway::to_string(&Value::Mapping(doc)).map_err(|e| e.to_string())?;
    write_file(
        &opts.out.join("claims.yaml"),
        format!(
            "# Generated by `bench generate --claims {} --seed {}`: the repository's claims, cycled.\n{yaml}",
            opts.claims, opts.seed
        ),
    )?;

    // Site files copied as they are.
    for dir in ["templates", "sass", "static"] {
        if from.join(dir).is_dir() {
            copy_dir(&from.join(dir), &opts.out.join(dir))?;
        }
    }
    copy_file(&from.join("config.toml"), &opts.out.join("config.toml"))?;

    // The glossary, citing the first copies of its claims.
    let glossary_path = from.join("glossary.yaml");
    if glossary_path.exists() {
        let text = std::fs::read_to_string(&glossary_path)
            .map_err(|e| io_err(&glossary_path, "read", &e))?;
        let mut glossary: Value = serde_norway::from_str(&text)
            .map_err(|e| format!("{}: {e}", glossary_path.display()))?;
        if let Some(terms) = glossary.get_mut("terms").and_then(Value::as_sequence_mut) {
            for term in terms {
                if let Some(ids) = term.get_mut("claims").and_then(Value::as_sequence_mut) {
                    for id in ids {
                        if let Some(new) = id.as_str().and_then(|s| first_copy.get(s)) {
                            *id = Value::from(new.clone());
                        }
                    }
                }
            }
        }
        let yaml = serde_norway::to_string(&glossary).map_err(|e| e.to_string())?;
        write_file(&opts.out.join("glossary.yaml"), yaml)?;
    }

    // Content.
    let content = opts.out.join("content");
    let repo_content = from.join("content");
    let mut summary = GenSummary {
        claims: opts.claims,
        ..GenSummary::default()
    };

    // Where the generated pages go.
    let layout = Layout::new(opts.pages, opts.sections, opts.depth);
    summary.sections = layout.sections.iter().map(|s| s.path.clone()).collect();

    // Pages copied from the repository: the required ones and any others the templates name.
    let mut copied: BTreeSet<String> = REQUIRED_PAGES.iter().map(|s| s.to_string()).collect();
    for file in list_files(&from.join("templates"))? {
        if let Ok(text) = std::fs::read_to_string(&file) {
            copied.extend(at_links(&text));
        }
    }
    copied.remove("_index.md");
    copied.retain(|p| repo_content.join(p).is_file());

    let mut present: BTreeSet<String> = copied.clone();
    present.insert("_index.md".into());
    for s in &layout.sections {
        present.insert(format!("{}/_index.md", s.path));
    }
    for p in &layout.pages {
        present.insert(p.clone());
    }

    // Home page: the repository's front matter, a short body.
    let home_front = std::fs::read_to_string(repo_content.join("_index.md"))
        .ok()
        .and_then(|t| split_front_matter(&t).map(|(fm, _)| fm.to_string()))
        .unwrap_or_else(|| "title = \"Understanding BPD\"\nsort_by = \"weight\"\n".to_string());
    let mut home = format!("+++\n{home_front}+++\n\n");
    home.push_str(
        "This site is a generated copy, made to measure how long the tools take on many pages.\n\n",
    );
    for (name, label) in [
        ("get-help-now.md", "Get help now"),
        ("how-we-check.md", "How we check our facts"),
        ("sources.md", "Our sources"),
        ("glossary.md", "Glossary"),
    ] {
        if present.contains(name) {
            home.push_str(&format!("- Go to [{label}](@/{name}).\n"));
        }
    }
    for s in layout.sections.iter().filter(|s| !s.path.contains('/')) {
        home.push_str(&format!("- Go to [{}](@/{}/_index.md).\n", s.title, s.path));
    }
    write_file(&content.join("_index.md"), home)?;
    summary.content_files.push("_index.md".into());

    for name in &copied {
        let src = repo_content.join(name);
        let text = std::fs::read_to_string(&src).map_err(|e| io_err(&src, "read", &e))?;
        let text = rewrite_claim_ids(&text, &first_copy);
        let text = unlink_missing(&text, &present);
        write_file(&content.join(name), text)?;
        summary.content_files.push(name.clone());
    }

    // Pages and sections carry the review metadata of content/brain.md; sections take no
    // `date` (Zola refuses it in a section).
    let meta = page_meta(&repo_content.join("brain.md"));
    let extra = meta.find("[extra]").map(|i| &meta[i..]).unwrap_or("");
    for s in &layout.sections {
        let text = format!(
            "+++\ntitle = \"{}\"\nsort_by = \"weight\"\n\n{extra}+++\n\nThis part of the site collects generated pages.\n",
            s.title
        );
        let rel = format!("{}/_index.md", s.path);
        write_file(&content.join(&rel), text)?;
        summary.content_files.push(rel);
    }

    // Generated pages.
    let placeable: Vec<usize> = (0..opts.claims)
        .filter(|i| repo_claims[i % n].placeable)
        .collect();
    if placeable.is_empty() {
        return Err("no claim can be placed on a page (all mention a safety topic)".into());
    }
    for (k, rel) in layout.pages.iter().enumerate() {
        let body = PageWriter {
            repo: &repo_claims,
            placeable: &placeable,
            rng: SplitMix64::new(mix(opts.seed, k as u64)),
            text: String::with_capacity(PAGE_BYTES + 1024),
            markers: 0,
        }
        .body();
        let page = format!(
            "+++\ntitle = \"Generated page {num}\"\ndescription = \"Generated page {num}: facts from our list of claims, used to measure the tools.\"\nweight = {weight}\n{meta}+++\n\n{}",
            body.text,
            num = k + 1,
            weight = 1000 + k,
        );
        summary.markers += body.markers;
        summary.page_bytes += page.len();
        write_file(&content.join(rel), page)?;
        summary.content_files.push(rel.clone());
    }
    summary.pages = layout.pages.len();
    Ok(summary)
}

fn generated_id(orig: &str, i: usize) -> String {
    format!("{orig}-g{i}")
}

fn mix(seed: u64, k: u64) -> u64 {
    SplitMix64::new(seed ^ k.wrapping_mul(0xD6E8_FEB8_6659_FD93)).next_u64()
}

fn is_placeable(statement: &str) -> bool {
    let lower = statement.to_lowercase();
    if SAFETY_WORDS.iter().any(|w| lower.contains(w)) {
        return false;
    }
    // One sentence only: the marker supports the sentence it ends.
    let inner = statement.trim_end_matches(['.', '!', '?']);
    !inner
        .as_bytes()
        .windows(3)
        .any(|w| matches!(w[0], b'.' | b'!' | b'?') && w[1] == b' ' && w[2].is_ascii_uppercase())
}

/// Refuses a non-empty output folder; creates it otherwise.
fn prepare_out(out: &Path) -> Result<(), String> {
    if out.exists() {
        if !out.is_dir() {
            return Err(format!("{} exists and is not a folder", out.display()));
        }
        let mut entries = std::fs::read_dir(out).map_err(|e| io_err(out, "read", &e))?;
        if entries.next().is_some() {
            return Err(format!(
                "{} exists and is not empty; give a new or empty folder to --out",
                out.display()
            ));
        }
    }
    std::fs::create_dir_all(out).map_err(|e| io_err(out, "create", &e))
}

fn copy_file(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| io_err(from, "copy", &e))
}

/// The TOML between the opening and closing `+++` lines, and the rest.
pub fn split_front_matter(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix("+++\n")?;
    let end = rest.find("\n+++")?;
    let fm = &rest[..end + 1];
    let after = &rest[end + 4..];
    Some((fm, after.strip_prefix('\n').unwrap_or(after)))
}

/// `date` and the `[extra]` table of content/brain.md's front matter, which every generated
/// page copies.
fn page_meta(brain: &Path) -> String {
    let Some(text) = std::fs::read_to_string(brain).ok() else {
        return FALLBACK_META.to_string();
    };
    let Some((fm, _)) = split_front_matter(&text) else {
        return FALLBACK_META.to_string();
    };
    let date = fm.lines().find(|l| l.starts_with("date ="));
    let extra = fm.find("[extra]").map(|i| &fm[i..]);
    match (date, extra) {
        (Some(date), Some(extra)) => format!("{date}\n\n{extra}"),
        _ => FALLBACK_META.to_string(),
    }
}

/// `@/name.md` paths named literally in a template.
fn at_links(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("@/") {
        let tail = &rest[i + 2..];
        let end = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || "-_./".contains(c)))
            .unwrap_or(tail.len());
        let path = &tail[..end];
        if path.ends_with(".md") {
            found.push(path.to_string());
        }
        rest = tail;
    }
    found
}

/// Replaces `id="orig"` by `id="orig-g<j>"` in claim markers.
fn rewrite_claim_ids(text: &str, map: &HashMap<&str, String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("id=\"") {
        out.push_str(&rest[..i + 4]);
        let tail = &rest[i + 4..];
        let Some(end) = tail.find('"') else {
            rest = tail;
            break;
        };
        let id = &tail[..end];
        out.push_str(map.get(id).map(String::as_str).unwrap_or(id));
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// Turns `[text](@/page.md…)` into `text` when the page is not in the generated tree, so
/// that Zola does not refuse a broken internal link.
fn unlink_missing(text: &str, present: &BTreeSet<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("](@/") {
        let target_start = i + 4;
        let Some(close) = rest[target_start..].find(')') else {
            break;
        };
        let target = &rest[target_start..target_start + close];
        let page = target.split('#').next().unwrap_or(target);
        let open = rest[..i].rfind('[');
        match open {
            Some(open) if !present.contains(page) => {
                out.push_str(&rest[..open]);
                out.push_str(&rest[open + 1..i]);
            }
            _ => out.push_str(&rest[..target_start + close + 1]),
        }
        rest = &rest[target_start + close + 1..];
    }
    out.push_str(rest);
    out
}

struct Body {
    text: String,
    markers: usize,
}

/// Writes one page body; claims are picked from `placeable` (indexes of generated claims).
struct PageWriter<'a> {
    repo: &'a [RepoClaim],
    placeable: &'a [usize],
    rng: SplitMix64,
    text: String,
    markers: usize,
}

impl PageWriter<'_> {
    fn cite(&mut self) {
        let i = *self.rng.pick(self.placeable);
        let claim = &self.repo[i % self.repo.len()];
        self.text.push_str(&claim.statement);
        self.text.push_str("{{ claim(id=\"");
        self.text.push_str(&generated_id(&claim.id, i));
        self.text.push_str("\") }}");
        self.markers += 1;
    }

    fn plain(&mut self, count: usize) {
        for j in 0..count {
            if j > 0 {
                self.text.push(' ');
            }
            let s = *self.rng.pick(PLAIN_SENTENCES);
            self.text.push_str(s);
        }
        self.text.push_str("\n\n");
    }

    fn list(&mut self, items: usize) {
        for _ in 0..items {
            self.text.push_str("- ");
            self.cite();
            self.text.push('\n');
        }
        self.text.push('\n');
    }

    /// Key points, then headed parts with paragraphs and lists of cited sentences and plain
    /// sentences in between, padded with plain sentences to about [`PAGE_BYTES`].
    fn body(mut self) -> Body {
        self.plain(2);
        self.text.push_str("## Key points\n\n");
        self.list(4);
        while self.markers < MARKERS_PER_PAGE {
            self.text.push_str("## ");
            let h = *self.rng.pick(HEADINGS);
            self.text.push_str(h);
            self.text.push_str("\n\n");
            let sentences = self.rng.range(2, 4).min(MARKERS_PER_PAGE - self.markers);
            for j in 0..sentences {
                if j > 0 {
                    self.text.push(' ');
                }
                self.cite();
            }
            self.text.push_str("\n\n");
            if self.rng.chance(1, 2) {
                let count = self.rng.range(1, 2);
                self.plain(count);
            }
            if self.markers < MARKERS_PER_PAGE && self.rng.chance(1, 2) {
                let items = self.rng.range(2, 4).min(MARKERS_PER_PAGE - self.markers);
                self.list(items);
            }
        }
        if self.text.len() < PAGE_BYTES {
            self.text.push_str("## About this page\n\n");
            while self.text.len() < PAGE_BYTES {
                self.plain(3);
            }
        }
        Body {
            text: self.text,
            markers: self.markers,
        }
    }
}

/// Where each generated page goes, relative to content/.
struct Layout {
    sections: Vec<Section>,
    pages: Vec<String>,
}

struct Section {
    path: String,
    title: String,
}

impl Layout {
    fn new(pages: usize, sections: usize, depth: usize) -> Layout {
        let width = pages.max(1).to_string().len().max(4);
        let page_name = |k: usize| format!("page-{:0width$}.md", k + 1);
        if sections == 0 {
            return Layout {
                sections: Vec::new(),
                pages: (0..pages).map(page_name).collect(),
            };
        }
        let swidth = sections.to_string().len().max(2);
        let mut list = Vec::new();
        // Section s has a nested sub-section when depth is 2 and s is even.
        let nested = |s: usize| depth >= 2 && s % 2 == 0;
        for s in 0..sections {
            let path = format!("section-{:0swidth$}", s + 1);
            list.push(Section {
                title: format!("Section {}", s + 1),
                path: path.clone(),
            });
            if nested(s) {
                list.push(Section {
                    title: format!("Section {}, more pages", s + 1),
                    path: format!("{path}/more"),
                });
            }
        }
        let pages = (0..pages)
            .map(|k| {
                let s = k % sections;
                let dir = format!("section-{:0swidth$}", s + 1);
                if nested(s) && (k / sections) % 2 == 1 {
                    format!("{dir}/more/{}", page_name(k))
                } else {
                    format!("{dir}/{}", page_name(k))
                }
            })
            .collect();
        Layout {
            sections: list,
            pages,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeable_claims() {
        assert!(is_placeable(
            "BPD is a serious and complex mental health condition."
        ));
        assert!(!is_placeable(
            "People with BPD have high rates of self-harm and suicidal behavior."
        ));
        assert!(!is_placeable("One thing. Another thing."));
        assert!(is_placeable("About 1.5 in every 100 people."));
    }

    #[test]
    fn claim_ids_and_links_are_rewritten() {
        let map: HashMap<&str, String> = [("a", "a-g0".to_string())].into_iter().collect();
        assert_eq!(
            rewrite_claim_ids(r#"x.{{ claim(id="a") }} y.{{ claim(id="b") }}"#, &map),
            r#"x.{{ claim(id="a-g0") }} y.{{ claim(id="b") }}"#
        );
        let present: BTreeSet<String> = ["here.md".to_string()].into_iter().collect();
        assert_eq!(
            unlink_missing("See [here](@/here.md) and [there](@/there.md#x).", &present),
            "See [here](@/here.md) and there."
        );
    }

    #[test]
    fn nested_layout() {
        let l = Layout::new(8, 2, 2);
        assert_eq!(l.sections.len(), 3);
        assert_eq!(l.pages[0], "section-01/page-0001.md");
        assert_eq!(l.pages[2], "section-01/more/page-0003.md");
        assert_eq!(l.pages[1], "section-02/page-0002.md");
    }
}
