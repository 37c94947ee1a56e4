//! `site serve`'s incremental rebuilds: after a save, re-read, re-check and re-render only
//! what the save touches, and write exactly the files a full build of the same tree would.
//!
//! [`Incremental::build`] is a full build ([`crate::build_into`], the same steps) that keeps
//! what a later save needs: every page's text as checked, the gate's report page by page,
//! every rendered body, each page as section listings show it, the citations index, and for
//! every render what `load_data` read ([`crate::templates::record_dependencies`]).
//!
//! [`Incremental::update`] then handles a save of pages or of `claims.yaml`:
//!
//! - A page: it is read once, checked by the gate ([`claim_lint::check::Linter::check_page`],
//!   the function `claim-lint check` runs on each page), parsed, and its body and template
//!   re-rendered, then every section listing that shows it (all its pagers). Its citations
//!   are compared with the index's; only when they differ is the index updated and what
//!   loads `citations.yaml` (the sources and glossary pages) re-rendered.
//! - `claims.yaml`: the claims-file checks run again, and the pages that name a changed
//!   claim are re-checked. Pages whose shortcodes or templates loaded a changed claim's
//!   marker file, or `citations.yaml`, or `claims.yaml` itself, are re-rendered.
//! - Anything else falls back to a full build ([`Update::Full`], with the reason): templates,
//!   Sass, static files, `config.toml`, `glossary.yaml`, a page added, removed or renamed,
//!   a page that becomes or stops being a draft or withheld, a change to a page's URL or a
//!   section's settings or title, a claim whose wording changed (the gate weighs every
//!   sentence against every claim's words), a new day (review dates), and any error other
//!   than the gate's (the full build reports it as it always has).
//!
//! A save the gate refuses changes nothing: [`Update::Refused`] carries the report a full
//! build would print, and the engine keeps the last good state, so the next save is compared
//! with what is published.

use crate::build::{self, Body, BuildOptions, BuildSummary, PageOutputs, Site, WrittenPage};
use crate::content::{self, Page};
use crate::error::{BuildError, FileError};
use crate::gate;
use crate::output;
use crate::serve::watch::{Change, ChangeKind};
use crate::templates::{self, SiteData};
use chrono::NaiveDate;
use claim_lint::check::Linter;
use claim_lint::claims::{Claim, ClaimsFile, Date};
use claim_lint::config::LintConfig;
use claim_lint::gate::{verdict, Disposition};
use claim_lint::index::{Citation, Index};
use claim_lint::Report;
use minijinja::Value as MjValue;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc};

/// What [`Incremental::update`] did.
#[derive(Debug)]
pub enum Update {
    /// The saved files hold what is already published (a save without a change, or a
    /// change undone): nothing to write.
    Unchanged,
    /// Checked and re-rendered: write these files.
    Published(Published),
    /// The gate refused the new text. Nothing changed; [`BuildError::Gate`] holds the
    /// report a full build of the same tree prints.
    Refused(BuildError),
    /// This change cannot be attributed page by page: do a full build. Why, for the log.
    /// The engine is of no further use.
    Full(String),
}

/// The files one update changes, relative to the output folder.
#[derive(Debug, Clone)]
pub struct Published {
    /// `Some(text)` to write, `None` to remove (a pager a listing no longer fills).
    pub files: Vec<(PathBuf, Option<String>)>,
    pub summary: BuildSummary,
    /// The pages the gate checked again, relative to `content/`.
    pub rechecked: Vec<String>,
    /// claim-lint's report on the re-checked pages, when their findings changed.
    pub warnings: Option<String>,
}

impl Published {
    /// Writes (and removes) the files in `out`, the folder of the build this engine
    /// describes.
    pub fn apply(&self, out: &Path) -> Result<(), FileError> {
        for (path, contents) in &self.files {
            let target = out.join(path);
            match contents {
                Some(text) => output::write_file(&target, text)?,
                None => {
                    match std::fs::remove_file(&target) {
                        Ok(()) => {}
                        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                        Err(e) => return Err(FileError::cannot(&target, "remove this file", &e)),
                    }
                    // A full build has no empty folders; remove those the file leaves.
                    let mut dir = target.parent();
                    while let Some(d) = dir.filter(|d| d.starts_with(out) && *d != out) {
                        if std::fs::remove_dir(d).is_err() {
                            break;
                        }
                        dir = d.parent();
                    }
                }
            }
        }
        Ok(())
    }
}

/// A built site and what it takes to bring it up to date after a save.
pub struct Incremental {
    opts: BuildOptions,
    /// The date of the review checks and of `now()` in templates.
    today: NaiveDate,
    content: PathBuf,
    /// Every page as read, in path order: what the gate checked and the renderer rendered.
    sources: Vec<(PathBuf, String)>,
    /// Each source's path relative to `content/`.
    relative: Vec<String>,
    source_of: HashMap<PathBuf, usize>,
    source_of_relative: HashMap<String, usize>,
    section_dirs: HashSet<String>,
    /// `None` only when `stale` says why.
    lint: Option<LintState>,
    /// The gate's rules, configured for `lint`'s claims.
    gate: GateWorker,
    site: Site,
    /// Position in `site.pages` by relative path (drafts are not there).
    page_of: HashMap<String, usize>,
    /// Each published page's body, by relative path.
    bodies: HashMap<String, Body>,
    /// Each published page (not a section) as a section listing shows it.
    listed: HashMap<String, MjValue>,
    /// What each page's render wrote and read, in the order of `site.pages`.
    outputs: Vec<PageOutputs>,
    not_found: PageOutputs,
    /// The published pages each section lists (positions in `site.pages`).
    members: HashMap<String, Vec<usize>>,
    /// Everything any render has read (it only grows): most saves change nothing any
    /// template reads, and this says so without looking at every render.
    read_anywhere: HashSet<String>,
    withheld: Vec<String>,
    /// Set when the state cannot be trusted: every update is then a full build.
    stale: Option<String>,
}

/// The gate's state: its inputs and its report, page by page.
struct LintState {
    config: LintConfig,
    claims: ClaimsFile,
    /// `claims.yaml` as read for `claims`.
    claims_text: String,
    glossary_terms: Vec<String>,
    /// Every claim's content words ([`claim_lint::rules::analysis::Domain`]): the gate
    /// weighs each sentence against all of them, so when they change every page may read
    /// differently.
    domain: Vec<(String, HashSet<String>)>,
    /// Findings about the claims file and the glossary.
    global: Report,
    /// One report per source (same order).
    parts: Vec<Report>,
    dispositions: Vec<Disposition>,
    overdue_kept: Vec<bool>,
}

/// A new `claims.yaml`, read and compared with the one the state holds.
struct NewClaims {
    text: String,
    file: ClaimsFile,
    /// Claims whose content (not their position in the file) changed.
    changed: Vec<String>,
}

/// Why an update falls back to a full build.
type Fallback = String;

/// One page's renders and what they read.
type Rendered = Result<(Vec<build::RenderedPage>, Vec<String>), FileError>;

impl Incremental {
    /// A full build into `out` (the same steps and output as [`crate::build_into`]) that
    /// keeps what [`Incremental::update`] needs.
    pub fn build(
        opts: &BuildOptions,
        out: &Path,
    ) -> Result<(Incremental, BuildSummary), BuildError> {
        let claims_path = opts.root.join("claims.yaml");
        let claims_before = std::fs::read_to_string(&claims_path).ok();
        let today = opts.today();
        let (gate, site, sources) = build::prepare_sources(opts, || {})?;
        let (written, recorded) = site.render_into_recorded(out)?;
        let summary = build::summary(opts, &gate, &site, written, false);
        let claims_after = std::fs::read_to_string(&claims_path).ok();

        let content = opts.root.join("content");
        let relative: Vec<String> = sources
            .iter()
            .map(|(file, _)| content::relative_to(&content, file))
            .collect();
        let page_of: HashMap<String, usize> = site
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.relative.clone(), i))
            .collect();
        let members = site
            .section_members(|p| recorded.bodies.contains_key(&p.relative))
            .into_iter()
            .map(|(section, pages)| {
                let at = pages.iter().map(|p| page_of[&p.relative]).collect();
                (section.to_string(), at)
            })
            .collect();
        let lint = match (&claims_before, &claims_after) {
            (Some(before), Some(after)) if before == after => {
                LintState::new(opts, before, gate, &sources, &relative)
            }
            _ => Err("claims.yaml changed while the site was built".to_string()),
        };
        let (lint, stale) = match lint {
            Ok(lint) => (Some(lint), None),
            Err(why) => (None, Some(why)),
        };
        let gate = match &lint {
            Some(lint) => GateWorker::start(lint, Date(today)),
            None => GateWorker::none(),
        };
        let read_anywhere = recorded
            .bodies
            .values()
            .flat_map(|b| &b.deps)
            .chain(recorded.outputs.iter().flat_map(|o| &o.deps))
            .chain(&recorded.not_found.deps)
            .cloned()
            .collect();
        let engine = Incremental {
            gate,
            read_anywhere,
            opts: opts.clone(),
            today,
            source_of: sources
                .iter()
                .enumerate()
                .map(|(i, (file, _))| (file.clone(), i))
                .collect(),
            source_of_relative: relative
                .iter()
                .enumerate()
                .map(|(i, r)| (r.clone(), i))
                .collect(),
            section_dirs: content::section_dirs(&content, &sources),
            content,
            relative,
            sources,
            lint,
            withheld: summary.withheld.clone(),
            page_of,
            bodies: recorded.bodies,
            listed: recorded.listed,
            outputs: recorded.outputs,
            not_found: recorded.not_found,
            members,
            site,
            stale,
        };
        Ok((engine, summary))
    }

    /// Brings the build up to date with `changes` (from [`crate::serve::watch::Snapshot`],
    /// relative to the site's root, against the state this engine last built or published).
    pub fn update(&mut self, changes: &[Change]) -> Update {
        self.update_observed(changes, || {})
    }

    /// [`Incremental::update`], calling `after_gate` once the gate has passed and before
    /// anything is rendered, as [`crate::build::build_into_observed`] does.
    pub fn update_observed(&mut self, changes: &[Change], after_gate: impl FnOnce()) -> Update {
        if let Some(why) = &self.stale {
            return Update::Full(why.clone());
        }
        let Some(mut lint) = self.lint.take() else {
            return Update::Full("the gate's state was not kept".into());
        };
        let result = self.try_update(&mut lint, changes, after_gate);
        self.lint = Some(lint);
        match result {
            Ok(update) => update,
            Err(why) => {
                self.stale = Some(why.clone());
                Update::Full(why)
            }
        }
    }

    /// The update. `lint` changes only when it publishes.
    fn try_update(
        &mut self,
        lint: &mut LintState,
        changes: &[Change],
        after_gate: impl FnOnce(),
    ) -> Result<Update, Fallback> {
        let today = self.opts.today();
        if today != self.today {
            return Err(format!("the date is now {today}"));
        }
        let (changed_pages, claims_changed) = self.classify(changes)?;

        // 1. Read each changed file once.
        let mut edited: BTreeMap<usize, String> = BTreeMap::new();
        for i in changed_pages {
            let path = &self.sources[i].0;
            let text = claim_lint::check::read_page(path)
                .map_err(|e| format!("{} cannot be read: {}", path.display(), e.message))?;
            if text != self.sources[i].1 {
                edited.insert(i, text);
            }
        }
        let claims = if claims_changed {
            self.read_claims(lint)?
        } else {
            None
        };
        if edited.is_empty() && claims.is_none() {
            return Ok(Update::Unchanged);
        }

        // 2. The gate: the changed pages, and with new claims the pages that name a changed
        // claim, and the claims file itself.
        let mut recheck: BTreeSet<usize> = edited.keys().copied().collect();
        if let Some(new) = &claims {
            for (i, (_, text)) in self.sources.iter().enumerate() {
                let text = edited.get(&i).unwrap_or(text);
                if new.changed.iter().any(|id| text.contains(id.as_str())) {
                    recheck.insert(i);
                }
            }
        }
        let parts: Vec<(usize, Report)> = match &claims {
            Some(new) => {
                let linter =
                    Linter::new(&lint.config, &new.file, Date(today), &lint.glossary_terms);
                recheck
                    .par_iter()
                    .map(|&i| {
                        let text = edited.get(&i).unwrap_or(&self.sources[i].1);
                        let mut part = Report::new();
                        linter.check_page(&self.sources[i].0, text, &mut part);
                        (i, part)
                    })
                    .collect()
            }
            None => {
                let pages = recheck
                    .iter()
                    .map(|&i| {
                        let text = edited.get(&i).unwrap_or(&self.sources[i].1);
                        (self.sources[i].0.clone(), text.clone())
                    })
                    .collect();
                let reports = self
                    .gate
                    .check(pages)
                    .ok_or("the gate stopped (a bug; a full build reports it)")?;
                recheck.iter().copied().zip(reports).collect()
            }
        };
        let global = match &claims {
            Some(new) => Some(self.check_claims_file(new)?),
            None => None,
        };
        let global_report = global.as_ref().unwrap_or(&lint.global);
        let never_withhold = &lint.config.never_withhold;
        let mut blocks = !verdict(global_report, &self.content, never_withhold)
            .blocking_files
            .is_empty();
        let mut judged = Vec::new();
        for (i, part) in &parts {
            let v = verdict(part, &self.content, never_withhold);
            let disposition = v
                .pages
                .get(&self.relative[*i])
                .copied()
                .unwrap_or(Disposition::Publish);
            blocks |= disposition == Disposition::Block;
            let kept = !gate::overdue_kept(part, &v, &self.content).is_empty();
            judged.push((*i, disposition, kept));
        }
        if blocks {
            let report = merged_report(lint, global_report, &parts);
            return Ok(Update::Refused(BuildError::Gate(
                report.to_human(self.opts.color),
            )));
        }
        for (i, disposition, _) in &judged {
            let was = lint.dispositions[*i] == Disposition::Withhold;
            if was != (*disposition == Disposition::Withhold) {
                return Err(format!(
                    "whether {} is withheld for its review changed",
                    self.relative[*i]
                ));
            }
        }
        after_gate();

        // 3. Parse the edited pages; anything but their text and ordinary front matter
        // changing is a full build.
        let mut parsed: Vec<(usize, Page)> = Vec::new();
        for (&i, text) in &edited {
            let rel = &self.relative[i];
            let page = content::load_one(
                &self.content,
                &self.site.data.config,
                &self.sources[i].0,
                text,
                &self.section_dirs,
            )
            .map_err(|e| format!("{e} (a full build reports it)"))?;
            match (self.page_of.get(rel), page.draft) {
                (None, true) => {}
                (Some(&at), false) => {
                    same_shape(&self.site.pages[at], &page)?;
                    parsed.push((at, page));
                }
                _ => return Err(format!("{rel} became or stopped being a draft")),
            }
        }

        // 4. The citations index and the data templates load.
        let mut changed_data: BTreeSet<String> = BTreeSet::new();
        let mut index_changed = BTreeSet::new();
        if let Some(new) = &claims {
            self.update_claims_in_index(new, &edited, &mut index_changed, &mut changed_data)?;
            changed_data.insert(templates::file_dependency(
                &self.opts.root.join("claims.yaml"),
            ));
        }
        let claims_file = claims.as_ref().map_or(&lint.claims, |c| &c.file);
        let mut cited_changes = Vec::new();
        for (&i, text) in &edited {
            changed_data.insert(templates::file_dependency(&self.sources[i].0));
            let old = self.citations_of(claims_file, i, &self.sources[i].1);
            let new = self.citations_of(claims_file, i, text);
            if old != new {
                cited_changes.push((i, old, new));
            }
        }
        for (i, old, new) in cited_changes {
            self.move_citations(i, &old, &new, &mut index_changed);
        }
        if !index_changed.is_empty() {
            for id in &index_changed {
                match self.site.index.claims.get(id) {
                    Some(entry) => {
                        let value = build::json_value(entry);
                        self.site.index_values.claims.insert(id.clone(), value);
                    }
                    None => {
                        self.site.index_values.claims.remove(id);
                    }
                }
            }
            changed_data.insert(build::CITATIONS_FILE.to_string());
        }
        // Whether anything read changed data decides every look below at what each render
        // read; usually nothing did, and none is needed.
        let data_read = changed_data.iter().any(|d| self.read_anywhere.contains(d));
        let reads_changed =
            |deps: &[String]| data_read && deps.iter().any(|d| changed_data.contains(d));
        let overrides_changed = changed_data
            .iter()
            .any(|d| d == build::CITATIONS_FILE || d.starts_with("citations/"));
        if overrides_changed {
            let data = &self.site.data;
            self.site.data = Arc::new(SiteData {
                root: data.root.clone(),
                config: data.config.clone(),
                permalinks: data.permalinks.clone(),
                data_overrides: self.site.index_values.overrides(),
                now: data.now,
            });
        }
        if overrides_changed || data_read {
            // A fresh environment: the new data, and no file loaded before cached.
            self.site.env = templates::environment(self.site.data.clone());
        }
        for (at, page) in parsed.iter().cloned() {
            self.site.pages[at] = page;
        }

        // 5. Bodies: the edited pages', and those whose shortcodes read changed data.
        let mut body_todo: BTreeSet<usize> = parsed
            .iter()
            .map(|(at, _)| *at)
            .filter(|&at| !self.site.is_withheld(&self.site.pages[at]))
            .collect();
        if data_read {
            for (rel, body) in &self.bodies {
                if reads_changed(&body.deps) {
                    body_todo.insert(self.page_of[rel]);
                }
            }
        }
        let fresh: Vec<(usize, Result<Body, FileError>)> = body_todo
            .par_iter()
            .map(|&at| (at, self.site.body(&self.site.pages[at], None, true)))
            .collect();
        let mut fresh_bodies: HashMap<String, Body> = HashMap::new();
        for (at, body) in fresh {
            let body = body.map_err(|e| format!("{e} (a full build reports it)"))?;
            fresh_bodies.insert(self.site.pages[at].relative.clone(), body);
        }
        let redone: HashSet<&str> = fresh_bodies.keys().map(String::as_str).collect();
        let anchor_errors = self.site.check_anchors(
            |rel| fresh_bodies.get(rel).or_else(|| self.bodies.get(rel)),
            |page, link| {
                redone.contains(page.relative.as_str()) || redone.contains(link.page.as_str())
            },
        );
        if let Some(e) = anchor_errors.first() {
            return Err(format!("{e} (a full build reports it)"));
        }
        for (rel, body) in fresh_bodies {
            self.read_anywhere.extend(body.deps.iter().cloned());
            let page = &self.site.pages[self.page_of[&rel]];
            if !page.is_section {
                let value = self.site.page_value_with(page, body.html.clone());
                self.listed.insert(rel.clone(), value);
            }
            self.bodies.insert(rel, body);
        }

        // 6. Templates: those pages, the listings that show them, and every render that
        // read changed data.
        let mut render_todo: BTreeSet<usize> = body_todo.clone();
        render_todo.extend(parsed.iter().map(|(at, _)| *at));
        let transparent = self.site.transparent_sections();
        for &at in &body_todo {
            let page = &self.site.pages[at];
            if !page.is_section {
                for section in build::listing_sections(page, &transparent) {
                    render_todo.insert(self.page_of[section]);
                }
            }
        }
        if data_read {
            for (at, outputs) in self.outputs.iter().enumerate() {
                if reads_changed(&outputs.deps) {
                    render_todo.insert(at);
                }
            }
        }
        let redo_not_found = reads_changed(&self.not_found.deps);
        let renders: Vec<(usize, Rendered)> = render_todo
            .par_iter()
            .map(|&at| {
                let page = &self.site.pages[at];
                let content = self.bodies.get(&page.relative).map(|b| &b.html);
                let listing = (page.is_section && content.is_some()).then(|| {
                    let members: Vec<&Page> = self
                        .members
                        .get(&page.relative)
                        .map(|m| m.iter().map(|&i| &self.site.pages[i]).collect())
                        .unwrap_or_default();
                    self.site
                        .section_listing(page, &members, |p| self.listed[&p.relative].clone())
                });
                let (rendered, deps) = templates::record_dependencies(|| {
                    self.site.render_outputs(page, content, listing.as_ref())
                });
                (at, rendered.map(|r| (r, deps)))
            })
            .collect();
        let mut files: Vec<(PathBuf, Option<String>)> = Vec::new();
        let mut sitemap_changed = false;
        let mut record = |files: &mut Vec<(PathBuf, Option<String>)>,
                          old: &mut PageOutputs,
                          rendered: Vec<build::RenderedPage>,
                          deps: Vec<String>| {
            let written: Vec<WrittenPage> = rendered
                .into_iter()
                .map(|r| {
                    files.push((r.output.clone(), Some(r.render.html)));
                    WrittenPage {
                        output: r.output,
                        is_content: r.is_content,
                        sitemap: r.sitemap,
                    }
                })
                .collect();
            let new = PageOutputs::of(written, deps);
            for gone in old.files.iter().filter(|f| !new.files.contains(f)) {
                files.push((gone.clone(), None));
            }
            let entries = |o: &PageOutputs| -> Vec<(String, Option<String>)> {
                o.sitemap
                    .iter()
                    .map(|e| (e.permalink.clone(), e.updated.clone()))
                    .collect()
            };
            sitemap_changed |= entries(old) != entries(&new);
            *old = new;
        };
        for (at, result) in renders {
            let (rendered, deps) = result.map_err(|e| format!("{e} (a full build reports it)"))?;
            self.read_anywhere.extend(deps.iter().cloned());
            record(&mut files, &mut self.outputs[at], rendered, deps);
        }
        if redo_not_found {
            let (rendered, deps) = templates::record_dependencies(|| self.site.render_404());
            let rendered = rendered.map_err(|e| format!("{e} (a full build reports it)"))?;
            self.read_anywhere.extend(deps.iter().cloned());
            record(&mut files, &mut self.not_found, vec![rendered], deps);
        }
        if sitemap_changed && self.site.data.config.generate_sitemap {
            let entries = self
                .outputs
                .iter()
                .chain([&self.not_found])
                .flat_map(|o| o.sitemap.iter().cloned())
                .collect();
            files.push((PathBuf::from("sitemap.xml"), Some(output::sitemap(entries))));
        }

        // 7. Keep the new state.
        let warnings = warnings_changed(lint, &parts).then(|| {
            let mut report = Report::new();
            for (_, part) in &parts {
                report.merge(part.clone());
            }
            report.finish();
            report.to_human(self.opts.color)
        });
        let rechecked = parts
            .iter()
            .map(|(i, _)| self.relative[*i].clone())
            .collect();
        for (i, part) in parts {
            lint.parts[i] = part;
        }
        for (i, disposition, overdue_kept) in judged {
            lint.dispositions[i] = disposition;
            lint.overdue_kept[i] = overdue_kept;
        }
        if let (Some(new), Some(global)) = (claims, global) {
            lint.claims = new.file;
            lint.claims_text = new.text;
            lint.global = global;
            self.gate = GateWorker::start(lint, Date(self.today));
        }
        for (i, text) in edited {
            self.sources[i].1 = text;
        }
        Ok(Update::Published(Published {
            files,
            summary: self.summary(lint),
            rechecked,
            warnings,
        }))
    }

    /// Which sources changed, and whether claims.yaml did; anything else is a full build.
    fn classify(&self, changes: &[Change]) -> Result<(Vec<usize>, bool), Fallback> {
        let mut pages = Vec::new();
        let mut claims = false;
        for change in changes {
            let path = &change.path;
            match change.kind {
                ChangeKind::Edited => {}
                ChangeKind::Added => return Err(format!("{} was added", path.display())),
                ChangeKind::Removed => return Err(format!("{} was removed", path.display())),
            }
            if path == Path::new("claims.yaml") {
                claims = true;
            } else if let Some(&i) = self.source_of.get(&self.opts.root.join(path)) {
                pages.push(i);
            } else {
                return Err(format!("{} changed", path.display()));
            }
        }
        Ok((pages, claims))
    }

    /// The new claims file, when its text changed; a full build when it cannot be read or
    /// when a change reaches beyond the pages that cite a claim.
    fn read_claims(&self, lint: &LintState) -> Result<Option<NewClaims>, Fallback> {
        let path = self.opts.root.join("claims.yaml");
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("{} cannot be read: {e}", path.display()))?;
        if text == lint.claims_text {
            return Ok(None);
        }
        let file = ClaimsFile::parse(&path, &text)
            .map_err(|_| "claims.yaml has errors (a full build reports them)".to_string())?;
        if format!("{:?}", file.sources) != format!("{:?}", lint.claims.sources) {
            return Err("the sources in claims.yaml changed".into());
        }
        let domain = claim_lint::rules::analysis::Domain::new(&file.claims).per_claim;
        if domain != lint.domain {
            return Err(
                "a claim's words changed, and the gate weighs every sentence against them".into(),
            );
        }
        // Same words means the same claims in the same order.
        let changed = file
            .claims
            .iter()
            .zip(&lint.claims.claims)
            .filter(|(new, old)| content_of(new) != content_of(old))
            .map(|(new, _)| new.id.clone())
            .collect();
        Ok(Some(NewClaims {
            text,
            file,
            changed,
        }))
    }

    /// The checks of the claims file and the glossary, as `claim-lint check` runs them.
    fn check_claims_file(&self, new: &NewClaims) -> Result<Report, Fallback> {
        let opts = gate::check_options(&self.opts.root, Date(self.today));
        let report = claim_lint::check_sources(&opts, &[])
            .map_err(|_| "the claims file cannot be checked (a full build reports why)")?;
        let now = std::fs::read_to_string(&opts.claims).unwrap_or_default();
        if now != new.text {
            return Err("claims.yaml changed again while it was checked".into());
        }
        Ok(report)
    }

    /// One source's citations as the index lists them, by claim.
    fn citations_of(
        &self,
        claims: &ClaimsFile,
        source: usize,
        text: &str,
    ) -> BTreeMap<String, Vec<Citation>> {
        // The page, with the sections (for their titles), as the index reads them.
        let mut pages: Vec<(PathBuf, String)> = self
            .sources
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != source && self.relative[*i].ends_with("_index.md"))
            .map(|(_, s)| s.clone())
            .collect();
        pages.push((self.sources[source].0.clone(), text.to_string()));
        let index = claim_lint::index::build_from(claims, &self.content, &pages);
        let rel = &self.relative[source];
        index
            .claims
            .into_iter()
            .filter_map(|(id, entry)| {
                let own: Vec<Citation> = entry
                    .cited_by
                    .into_iter()
                    .filter(|c| c.page == *rel)
                    .collect();
                (!own.is_empty()).then_some((id, own))
            })
            .collect()
    }

    /// Replaces one page's citations in the index, keeping the index's page order.
    fn move_citations(
        &mut self,
        source: usize,
        old: &BTreeMap<String, Vec<Citation>>,
        new: &BTreeMap<String, Vec<Citation>>,
        changed: &mut BTreeSet<String>,
    ) {
        let rel = self.relative[source].clone();
        for id in old.keys().chain(new.keys()) {
            let Some(entry) = self.site.index.claims.get_mut(id) else {
                continue;
            };
            entry.cited_by.retain(|c| c.page != rel);
            let at = entry
                .cited_by
                .iter()
                .position(|c| self.source_of_relative.get(&c.page).copied() > Some(source))
                .unwrap_or(entry.cited_by.len());
            let own = new.get(id).cloned().unwrap_or_default();
            entry.cited_by.splice(at..at, own);
            changed.insert(id.clone());
        }
    }

    /// New claims in the index: each entry's claim data from the new file, with the
    /// citations it had; and which marker files change with them.
    fn update_claims_in_index(
        &mut self,
        new: &NewClaims,
        edited: &BTreeMap<usize, String>,
        changed: &mut BTreeSet<String>,
        changed_data: &mut BTreeSet<String>,
    ) -> Result<(), Fallback> {
        let mut fresh: Index = claim_lint::index::build_from(&new.file, &self.content, &[]);
        let old = &mut self.site.index;
        for (id, entry) in fresh.claims.iter_mut() {
            match old.claims.get_mut(id) {
                Some(was) => {
                    let cited = std::mem::take(&mut was.cited_by);
                    if was != entry {
                        changed.insert(id.clone());
                    }
                    entry.cited_by = cited;
                }
                None => {
                    // Newly shown: its citations were never collected. None to collect when
                    // no page names it.
                    let named = self
                        .sources
                        .iter()
                        .enumerate()
                        .any(|(i, (_, t))| edited.get(&i).unwrap_or(t).contains(id.as_str()));
                    if named {
                        return Err(format!("claim `{id}` is now approved and pages cite it"));
                    }
                    changed.insert(id.clone());
                }
            }
        }
        changed.extend(
            old.claims
                .keys()
                .filter(|id| !fresh.claims.contains_key(*id))
                .cloned(),
        );
        if fresh.sources != old.sources {
            self.site.index_values.sources = build::json_value(&fresh.sources);
            changed_data.insert(build::CITATIONS_FILE.to_string());
        }
        let markers = |index: &Index| -> BTreeMap<String, claim_lint::index::MarkerEntry> {
            claim_lint::index::marker_values(index)
                .into_iter()
                .collect()
        };
        let (before, after) = (markers(old), markers(&fresh));
        for path in before.keys().chain(after.keys()) {
            if before.get(path) == after.get(path) {
                continue;
            }
            match after.get(path) {
                Some(entry) => {
                    let value = build::json_value(entry);
                    self.site.index_values.markers.insert(path.clone(), value);
                }
                None => {
                    self.site.index_values.markers.remove(path);
                }
            }
            changed_data.insert(path.clone());
        }
        self.site.index = fresh;
        Ok(())
    }

    fn summary(&self, lint: &LintState) -> BuildSummary {
        let mut overdue_kept: Vec<String> = lint
            .overdue_kept
            .iter()
            .enumerate()
            .filter(|(_, kept)| **kept)
            .map(|(i, _)| self.relative[i].clone())
            .collect();
        overdue_kept.sort();
        BuildSummary {
            pages: self.outputs.iter().map(|o| o.content).sum::<usize>() + self.not_found.content,
            withheld: self.withheld.clone(),
            overdue_kept,
            crisis_reviewed: self.site.data.config.crisis_reviewed(),
            citations_updated: false,
            lint_warnings: None,
        }
    }
}

impl LintState {
    /// The gate's state after a full build: `report` is split into the claims file's part
    /// and one part per page, which merge back into the same report.
    fn new(
        opts: &BuildOptions,
        claims_text: &str,
        gate: gate::GateOutcome,
        sources: &[(PathBuf, String)],
        relative: &[String],
    ) -> Result<LintState, Fallback> {
        let root = &opts.root;
        let config = LintConfig::load(&root.join("config.toml"))
            .map_err(|e| format!("config.toml: {}", e.message))?;
        let claims = ClaimsFile::parse(&root.join("claims.yaml"), claims_text)
            .map_err(|_| "claims.yaml cannot be read again".to_string())?;
        let glossary = root.join("glossary.yaml");
        let glossary_terms = if glossary.exists() {
            claim_lint::glossary::Glossary::load(&glossary)
                .map_err(|e| format!("glossary.yaml: {}", e.message))?
                .words()
        } else {
            Vec::new()
        };
        let domain = claim_lint::rules::analysis::Domain::new(&claims.claims).per_claim;
        let (global, parts) = split_report(gate.report, sources)?;
        let dispositions = relative
            .iter()
            .map(|r| {
                gate.verdict
                    .pages
                    .get(r)
                    .copied()
                    .unwrap_or(Disposition::Publish)
            })
            .collect();
        let overdue_kept = relative
            .iter()
            .map(|r| gate.overdue_kept.contains(r))
            .collect();
        Ok(LintState {
            config,
            claims,
            claims_text: claims_text.to_string(),
            glossary_terms,
            domain,
            global,
            parts,
            dispositions,
            overdue_kept,
        })
    }
}

/// The gate's rules, configured once and kept on a thread of their own: configuring them
/// indexes every claim's words (tens of milliseconds for a thousand claims), longer than
/// checking a page. [`Linter`] borrows its configuration and claims, so the thread that
/// owns those keeps it. It stops when dropped.
struct GateWorker {
    jobs: Option<mpsc::Sender<CheckJob>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// Pages to check, and where to send one report per page (same order).
type CheckJob = (Vec<(PathBuf, String)>, mpsc::Sender<Vec<Report>>);

impl GateWorker {
    fn start(lint: &LintState, today: Date) -> GateWorker {
        let (jobs, queue) = mpsc::channel::<CheckJob>();
        let (config, claims) = (lint.config.clone(), lint.claims.clone());
        let terms = lint.glossary_terms.clone();
        let thread = std::thread::Builder::new()
            .name("site-gate".into())
            .spawn(move || {
                let linter = Linter::new(&config, &claims, today, &terms);
                for (pages, reply) in queue {
                    let reports = pages
                        .par_iter()
                        .map(|(path, text)| {
                            let mut part = Report::new();
                            linter.check_page(path, text, &mut part);
                            part
                        })
                        .collect();
                    let _ = reply.send(reports);
                }
            })
            .ok();
        GateWorker {
            jobs: Some(jobs),
            thread,
        }
    }

    fn none() -> GateWorker {
        GateWorker {
            jobs: None,
            thread: None,
        }
    }

    /// One report per page, as [`Linter::check_page`] makes it; `None` if the worker is
    /// gone (it panicked: a bug).
    fn check(&self, pages: Vec<(PathBuf, String)>) -> Option<Vec<Report>> {
        let (reply, answer) = mpsc::channel();
        self.jobs.as_ref()?.send((pages, reply)).ok()?;
        answer.recv().ok()
    }
}

impl Drop for GateWorker {
    fn drop(&mut self) {
        self.jobs.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The report a full check of the current tree gives: the claims file's findings and every
/// page's, with `parts` in place of the pages they re-checked.
fn merged_report(lint: &LintState, global: &Report, parts: &[(usize, Report)]) -> Report {
    let replaced: HashMap<usize, &Report> = parts.iter().map(|(i, r)| (*i, r)).collect();
    let mut report = global.clone();
    for (i, part) in lint.parts.iter().enumerate() {
        report.merge(replaced.get(&i).copied().unwrap_or(part).clone());
    }
    report.finish();
    report
}

/// Whether the findings of the re-checked pages differ from before.
fn warnings_changed(lint: &LintState, parts: &[(usize, Report)]) -> bool {
    let shown = |r: &Report| -> Vec<String> {
        r.findings
            .iter()
            .map(|f| {
                let severity = f.severity.as_str();
                format!(
                    "{}:{}:{} {severity} {}",
                    f.line, f.column, f.rule, f.message
                )
            })
            .collect()
    };
    parts
        .iter()
        .any(|(i, part)| shown(part) != shown(&lint.parts[*i]))
}

/// Splits a finished report into the findings outside the pages and one report per page
/// (in `sources` order). Merging them back, then [`Report::finish`], gives the same report:
/// within each file the findings keep their order, and the sort is stable.
fn split_report(
    report: Report,
    sources: &[(PathBuf, String)],
) -> Result<(Report, Vec<Report>), Fallback> {
    let index_of: HashMap<&Path, usize> = sources
        .iter()
        .enumerate()
        .map(|(i, (file, _))| (file.as_path(), i))
        .collect();
    let mut parts: Vec<Report> = sources.iter().map(|_| Report::new()).collect();
    let mut part_of: HashMap<String, usize> = HashMap::new();
    for page in report.summary.pages {
        let Some(&i) = index_of.get(page.file.as_path()) else {
            return Err(format!("{} was checked but not read", page.file.display()));
        };
        part_of.insert(page.path.clone(), i);
        let part = &mut parts[i];
        part.summary.files += 1;
        part.summary.sentences += page.sentences;
        part.summary.claims_cited += page.claims_cited;
        part.summary.pages.push(page);
    }
    if part_of.len() != sources.len() {
        return Err("a page was read but not checked".into());
    }
    let mut global = Report::new();
    for finding in report.findings {
        match part_of.get(&finding.path) {
            Some(&i) => parts[i].findings.push(finding),
            None => global.findings.push(finding),
        }
    }
    for suppression in report.suppressions {
        match part_of.get(&suppression.path) {
            Some(&i) => parts[i].suppressions.push(suppression),
            None => global.suppressions.push(suppression),
        }
    }
    for (path, text) in report.sources {
        match part_of.get(&path) {
            Some(&i) => {
                parts[i].sources.insert(path, text);
            }
            None => {
                global.sources.insert(path, text);
            }
        }
    }
    Ok((global, parts))
}

/// A claim without where it sits in the file: moving a claim down a line is no change to
/// the pages that cite it.
fn content_of(claim: &Claim) -> String {
    let mut c = claim.clone();
    c.id_line = 0;
    c.statement_line = 0;
    c.statement_column = 0;
    c.statement_offset = 0;
    for s in &mut c.sources {
        s.evidence_line = 0;
    }
    format!("{c:?}")
}

/// Whether an edit left what other pages see of a page as it was: its URL, place and
/// settings (a page's own template and its text and front matter may change).
fn same_shape(old: &Page, new: &Page) -> Result<(), Fallback> {
    let what = if old.path != new.path || old.permalink != new.permalink || old.slug != new.slug {
        "its URL"
    } else if old.is_section != new.is_section
        || old.ancestors != new.ancestors
        || old.bundle_dir != new.bundle_dir
        || old.assets != new.assets
    {
        "its place in the site"
    } else if old.page_template != new.page_template
        || old.paginate_by != new.paginate_by
        || old.transparent != new.transparent
        || old.sort_by != new.sort_by
    {
        "its section settings"
    } else if old.is_section && old.title != new.title {
        // Citations name their section by its title.
        "the section's title"
    } else {
        return Ok(());
    };
    Err(format!("{} changed {what}", old.relative))
}
