//! A whole build: gate, load, render, write.

use crate::config::SiteConfig;
use crate::content::{self, Page};
use crate::error::{BuildError, FileError};
use crate::gate::{self, GateOutcome};
use crate::glossary_links::GlossaryLinker;
use crate::markdown::{self, MarkdownContext, MarkdownError};
use crate::output::{self, SitemapEntry};
use crate::shortcodes::{self, ShortcodeCall};
use crate::templates::{self, template_error, SiteData};
use chrono::{DateTime, FixedOffset, Local, NaiveDate};
use claim_lint::claims::{ClaimsFile, Date};
use claim_lint::index::Index;
use minijinja::Value as MjValue;
use rayon::prelude::*;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The generated citations index that both template engines read.
pub const CITATIONS_FILE: &str = "citations.yaml";

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Replaces `base_url` from config.toml, as `zola build --base-url` does.
    pub base_url: Option<String>,
    /// The date for review checks and `now()`; the local date when not given.
    pub today: Option<NaiveDate>,
    /// ANSI colours in the printed claim-lint report.
    pub color: bool,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> BuildOptions {
        BuildOptions {
            root: root.into(),
            base_url: None,
            today: None,
            color: false,
        }
    }

    pub(crate) fn today(&self) -> NaiveDate {
        self.today.unwrap_or_else(|| Local::now().date_naive())
    }

    /// What `now()` returns in templates: noon of `--today` when given, so that a fixed date
    /// gives the same pages in every time zone.
    fn now(&self) -> DateTime<FixedOffset> {
        match self.today.and_then(|d| d.and_hms_opt(12, 0, 0)) {
            Some(noon) => noon.and_utc().fixed_offset(),
            None => Local::now().fixed_offset(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct BuildSummary {
    /// HTML pages written, the home page included, 404 and withheld notices not.
    pub pages: usize,
    /// Pages withheld for an overdue review (relative to content/).
    pub withheld: Vec<String>,
    /// Overdue pages that are never withheld (the crisis page), published with a notice.
    pub overdue_kept: Vec<String>,
    /// Whether `[extra.crisis] reviewed = true`.
    pub crisis_reviewed: bool,
    /// Whether citations.yaml was rewritten because it was stale.
    pub citations_updated: bool,
    /// claim-lint's report when it has warnings (errors stop the build before this).
    pub lint_warnings: Option<String>,
}

/// Gate, render and atomically publish `<root>/public`.
pub fn build(opts: &BuildOptions) -> Result<BuildSummary, BuildError> {
    let (gate, site) = prepare(opts)?;
    // Pages are rendered straight into the staging folder, which replaces public/ only when
    // everything succeeded; on any error it is removed and public/ is left as it was.
    let written = crate::publish::publish(&opts.root.join("public"), |staging| {
        site.render_into(staging)
    })?;
    let mut done = summary(opts, &gate, &site, written, false);
    done.citations_updated =
        write_citations_if_stale(&opts.root, &site.citations_yaml(), &site.citation_markers())?;
    Ok(done)
}

/// Gate and render into `out` directly, without the swap (for a preview server).
pub fn build_into(opts: &BuildOptions, out: &Path) -> Result<BuildSummary, BuildError> {
    build_into_observed(opts, out, || {})
}

/// [`build_into`], calling `after_gate` once the gate has passed and before anything is
/// rendered. Tests use it to change a page at the worst moment and show that the published
/// text is still the checked text: each page is read once, before the gate.
pub fn build_into_observed(
    opts: &BuildOptions,
    out: &Path,
    after_gate: impl FnOnce(),
) -> Result<BuildSummary, BuildError> {
    let (gate, site) = prepare_observed(opts, after_gate)?;
    let written = site.render_into(out)?;
    Ok(summary(opts, &gate, &site, written, false))
}

fn prepare(opts: &BuildOptions) -> Result<(GateOutcome, Site), BuildError> {
    prepare_observed(opts, || {})
}

fn prepare_observed(
    opts: &BuildOptions,
    after_gate: impl FnOnce(),
) -> Result<(GateOutcome, Site), BuildError> {
    prepare_sources(opts, after_gate).map(|(gate, site, _)| (gate, site))
}

/// Every page's path and text, as read once by [`content::read_sources`].
pub(crate) type Sources = Vec<(PathBuf, String)>;

/// Reads every page once, gates them, loads the site; also returns the texts read, which
/// `site serve` keeps to tell later what a save changed.
pub(crate) fn prepare_sources(
    opts: &BuildOptions,
    after_gate: impl FnOnce(),
) -> Result<(GateOutcome, Site, Sources), BuildError> {
    let config = opts.root.join("config.toml");
    if !config.is_file() {
        return Err(FileError::at_line(
            &config,
            None,
            "no site config here; expected --root to name the site's folder, the one holding config.toml and content/",
        )
        .into());
    }
    // Each page is read here, once; the gate, the index and the renderer share the texts.
    let sources = content::read_sources(&opts.root.join("content")).map_err(BuildError::Input)?;
    let gate = gate::run(&opts.root, Date(opts.today()), &sources)?;
    if gate.blocks() {
        return Err(BuildError::Gate(gate.report.to_human(opts.color)));
    }
    after_gate();
    let site = Site::load_sources(
        &opts.root,
        opts.base_url.as_deref(),
        opts.now(),
        &gate.withheld,
        &sources,
    )?;
    Ok((gate, site, sources))
}

pub(crate) fn summary(
    opts: &BuildOptions,
    gate: &GateOutcome,
    site: &Site,
    content_pages: usize,
    citations_updated: bool,
) -> BuildSummary {
    BuildSummary {
        pages: content_pages,
        withheld: gate.withheld.clone(),
        overdue_kept: gate.overdue_kept.clone(),
        crisis_reviewed: site.data.config.crisis_reviewed(),
        citations_updated,
        lint_warnings: (gate.report.summary.warnings > 0).then(|| gate.report.to_human(opts.color)),
    }
}

/// Writes citations.yaml when it differs from the fresh index, so that a Zola build of the
/// committed tree sees the same citations as this build. CI's `claim-lint index --check`
/// fails if the rewritten file is not committed.
fn write_citations_if_stale(
    root: &Path,
    fresh: &str,
    markers: &std::collections::BTreeMap<String, String>,
) -> Result<bool, FileError> {
    let marker_dir = root.join(claim_lint::index::MARKER_DIR);
    let markers_changed = claim_lint::index::sync_marker_dir(&marker_dir, markers, false)
        .map_err(|e| FileError::cannot(&marker_dir, "write the per-claim citation files", &e))?;
    let path = root.join(CITATIONS_FILE);
    if std::fs::read_to_string(&path).ok().as_deref() == Some(fresh) {
        return Ok(markers_changed);
    }
    // Write beside the file, then rename, so a crash never leaves a half-written index.
    let temporary = path.with_extension("yaml.tmp");
    std::fs::write(&temporary, fresh)
        .and_then(|()| std::fs::rename(&temporary, &path))
        .map_err(|e| FileError::cannot(&path, "write the citations index", &e))?;
    Ok(true)
}

fn file_errors(errors: Vec<FileError>) -> BuildError {
    BuildError::Input(errors)
}

/// A loaded site, ready to render.
pub struct Site {
    pub data: Arc<SiteData>,
    pub pages: Vec<Page>,
    /// The fresh citations index: what citations.yaml and citations/ hold once written.
    pub index: Index,
    /// The index as templates load it, claim by claim, so that `site serve` can replace
    /// one claim's entry without converting the whole index again.
    pub(crate) index_values: IndexValues,
    pub(crate) withheld: HashSet<String>,
    pub(crate) glossary: Option<GlossaryLinker>,
    pub(crate) env: minijinja::Environment<'static>,
    /// `config` as templates see it, converted once (every page and marker uses it).
    pub(crate) config_value: MjValue,
    /// Shortcodes with a template in templates/shortcodes/, found once.
    pub(crate) known_shortcodes: HashSet<String>,
}

/// The citations index as template values: what `load_data(path="citations.yaml")` and
/// `load_data(path="citations/<id>.yaml")` return. Each claim's entry is converted on its
/// own (as JSON, then to a template value, as a whole-index conversion would), so that one
/// claim's entry can be replaced; the maps around them are the same map type a conversion
/// of the whole index makes.
#[derive(Debug, Clone)]
pub(crate) struct IndexValues {
    pub sources: MjValue,
    /// Claim id -> its entry.
    pub claims: BTreeMap<String, MjValue>,
    /// `citations/<id>.yaml` -> what that marker file holds.
    pub markers: BTreeMap<String, MjValue>,
}

impl IndexValues {
    pub fn new(index: &Index) -> IndexValues {
        let claims = index
            .claims
            .par_iter()
            .map(|(id, entry)| (id.clone(), json_value(entry)))
            .collect();
        let markers = claim_lint::index::marker_values(index)
            .into_iter()
            .map(|(path, entry)| (path, json_value(&entry)))
            .collect();
        IndexValues {
            sources: json_value(&index.sources),
            claims,
            markers,
        }
    }

    /// The whole index, `{claims: {id: entry}, sources: [...]}`, sharing the entries.
    pub fn index_value(&self) -> MjValue {
        let claims: BTreeMap<MjValue, MjValue> = self
            .claims
            .iter()
            .map(|(id, v)| (MjValue::from(id.as_str()), v.clone()))
            .collect();
        let root: BTreeMap<MjValue, MjValue> = BTreeMap::from([
            (MjValue::from("claims"), MjValue::from(claims)),
            (MjValue::from("sources"), self.sources.clone()),
        ]);
        MjValue::from(root)
    }

    /// What `load_data` serves from memory, by path.
    pub fn overrides(&self) -> HashMap<String, MjValue> {
        let mut overrides: HashMap<String, MjValue> = self
            .markers
            .iter()
            .map(|(path, v)| (path.clone(), v.clone()))
            .collect();
        overrides.insert(CITATIONS_FILE.to_string(), self.index_value());
        overrides
    }
}

/// A value as templates see data loaded from a file: through JSON, as `load_data` reads it.
pub(crate) fn json_value<T: serde::Serialize>(value: &T) -> MjValue {
    MjValue::from_serialize(serde_json::to_value(value).unwrap_or_default())
}

/// One page's body, rendered: its HTML as a shared template value, what the `@/…#anchor`
/// check needs, and (when recorded) the data its shortcodes loaded.
#[derive(Debug, Clone)]
pub(crate) struct Body {
    pub html: MjValue,
    pub heading_ids: Vec<String>,
    pub internal_links: Vec<markdown::InternalLink>,
    /// What `load_data` read while rendering it ([`templates::record_dependencies`]).
    pub deps: Vec<String>,
}

impl Body {
    fn html(&self) -> &str {
        self.html.as_str().unwrap_or_default()
    }
}

/// What rendering one page (its template; for a paginated section every pager) wrote.
#[derive(Debug, Clone)]
pub(crate) struct PageOutputs {
    /// Relative to the output folder, in the order written.
    pub files: Vec<PathBuf>,
    pub sitemap: Vec<SitemapEntry>,
    /// Content pages among `files` (not withheld notices or pager redirects).
    pub content: usize,
    /// What `load_data` read while rendering them.
    pub deps: Vec<String>,
}

/// What a recorded render ([`Site::render_into_recorded`]) keeps for `site serve`.
pub(crate) struct Recorded {
    /// By page, relative to `content/`; withheld pages have none.
    pub bodies: HashMap<String, Body>,
    /// Each published page as a section listing shows it.
    pub listed: HashMap<String, MjValue>,
    /// In the order of `Site::pages`.
    pub outputs: Vec<PageOutputs>,
    pub not_found: PageOutputs,
}

/// One template rendering, kept with its context so tests can render the same with Tera.
#[derive(Debug, Clone)]
pub struct TemplateRender {
    pub template: String,
    /// The context as minijinja saw it; shared, not copied.
    pub context: MjValue,
    pub html: String,
}

impl TemplateRender {
    fn new(template: String, context: MjValue, html: String) -> TemplateRender {
        TemplateRender {
            template,
            context,
            html,
        }
    }

    /// The context as JSON, for rendering the same with another engine.
    pub fn context_json(&self) -> Value {
        serde_json::to_value(&self.context).unwrap_or_default()
    }
}

#[derive(Debug, Clone)]
pub struct RenderedPage {
    /// Relative to the output folder.
    pub output: PathBuf,
    pub render: TemplateRender,
    /// A page or the home page (not 404 or a withheld notice).
    pub is_content: bool,
    pub sitemap: Option<SitemapEntry>,
}

pub struct RenderedSite {
    pub pages: Vec<RenderedPage>,
    pub shortcodes: Vec<TemplateRender>,
}

impl Site {
    /// Reads the pages and loads the site (for tests and tools; builds use
    /// [`Site::load_sources`] with the texts the gate checked).
    pub fn load(
        root: &Path,
        base_url: Option<&str>,
        now: DateTime<FixedOffset>,
        withheld: &[String],
    ) -> Result<Site, BuildError> {
        let sources = content::read_sources(&root.join("content")).map_err(BuildError::Input)?;
        Site::load_sources(root, base_url, now, withheld, &sources)
    }

    /// Loads the site from pages already read by [`content::read_sources`].
    pub fn load_sources(
        root: &Path,
        base_url: Option<&str>,
        now: DateTime<FixedOffset>,
        withheld: &[String],
        sources: &[(PathBuf, String)],
    ) -> Result<Site, BuildError> {
        let config = SiteConfig::load(&root.join("config.toml"), base_url)?;
        let claims = ClaimsFile::load(&root.join("claims.yaml")).map_err(file_errors)?;
        let index = claim_lint::index::build_from(&claims, &root.join("content"), sources);
        let index_values = IndexValues::new(&index);
        let pages =
            content::load(&root.join("content"), &config, sources).map_err(BuildError::Input)?;
        let permalinks: HashMap<String, String> = pages
            .iter()
            .map(|p| (p.relative.clone(), p.permalink.clone()))
            .collect();
        config
            .clinic_settings
            .feedback
            .check_form_page(&config.path, |page| permalinks.contains_key(page))?;
        let glossary = glossary_linker(root, &permalinks)?;
        let data = Arc::new(SiteData {
            root: root.to_path_buf(),
            config,
            permalinks,
            data_overrides: index_values.overrides(),
            now,
        });
        let config_value = MjValue::from_serialize(data.config.to_template_value());
        let known_shortcodes = shortcode_templates(&root.join("templates/shortcodes"));
        Ok(Site {
            config_value,
            known_shortcodes,
            env: templates::environment(data.clone()),
            data,
            pages,
            index,
            index_values,
            withheld: withheld.iter().cloned().collect(),
            glossary,
        })
    }

    /// The fresh citations index as citations.yaml text.
    pub fn citations_yaml(&self) -> String {
        claim_lint::index::render(&self.index)
    }

    /// The fresh per-claim marker files (citations/<id>.yaml), by file name.
    pub fn citation_markers(&self) -> BTreeMap<String, String> {
        claim_lint::index::marker_files(&self.index)
    }

    pub(crate) fn is_withheld(&self, page: &Page) -> bool {
        self.withheld.contains(&page.relative)
    }

    /// Renders every page in memory, keeping each template's context and every shortcode
    /// rendering; nothing is written. For tests that compare engines; builds use
    /// [`Site::render_into`], which keeps nothing.
    pub fn render(&self) -> Result<RenderedSite, BuildError> {
        let log = Mutex::new(Vec::new());
        let bodies = self.render_bodies(Some(&log), false)?;
        let listed = self.listing_values(&bodies);
        let (per_page, not_found) = self.render_pages(&bodies, &listed, false, Ok)?;
        let mut pages: Vec<RenderedPage> = per_page.into_iter().flat_map(|(p, _)| p).collect();
        pages.push(not_found.0);
        let mut shortcodes = log.into_inner().unwrap_or_default();
        shortcodes.sort_by(|a, b| a.template.cmp(&b.template));
        Ok(RenderedSite { pages, shortcodes })
    }

    /// Renders every page straight into `out` on all cores, then Sass, static files, the
    /// sitemap and robots.txt. Returns the number of content pages written.
    pub fn render_into(&self, out: &Path) -> Result<usize, BuildError> {
        self.render_to(out, false).map(|(written, _)| written)
    }

    /// [`Site::render_into`], keeping what `site serve` needs to re-render one page later:
    /// the bodies, the listing values, and what each render wrote and read.
    pub(crate) fn render_into_recorded(&self, out: &Path) -> Result<(usize, Recorded), BuildError> {
        let (written, recorded) = self.render_to(out, true)?;
        Ok((written, recorded.expect("recorded when asked")))
    }

    fn render_to(&self, out: &Path, record: bool) -> Result<(usize, Option<Recorded>), BuildError> {
        let bodies = self.render_bodies(None, record)?;
        self.copy_bundle_assets(out)?;
        let write = |page: RenderedPage| -> Result<WrittenPage, BuildError> {
            output::write_file(&out.join(&page.output), &page.render.html)?;
            Ok(WrittenPage {
                output: page.output,
                is_content: page.is_content,
                sitemap: page.sitemap,
            })
        };
        let listed = self.listing_values(&bodies);
        let (per_page, not_found) = self.render_pages(&bodies, &listed, record, write)?;
        let outputs: Vec<PageOutputs> = per_page
            .into_iter()
            .map(|(written, deps)| PageOutputs::of(written, deps))
            .collect();
        let not_found = PageOutputs::of(vec![not_found.0], not_found.1);
        let sitemap = outputs
            .iter()
            .chain([&not_found])
            .flat_map(|p| p.sitemap.iter().cloned());
        self.write_site_files(out, sitemap)?;
        let written = outputs.iter().map(|p| p.content).sum::<usize>() + not_found.content;
        let recorded = record.then(|| {
            let listed = listed
                .into_iter()
                .map(|(page, value)| (page.to_string(), value))
                .collect();
            Recorded {
                bodies: bodies
                    .into_iter()
                    .map(|(page, body)| (page.to_string(), body))
                    .collect(),
                listed,
                outputs,
                not_found,
            }
        });
        Ok((written, recorded))
    }

    /// A page bundle's files go beside its page, as Zola puts them.
    pub(crate) fn copy_bundle_assets(&self, out: &Path) -> Result<(), BuildError> {
        for page in self.pages.iter().filter(|p| !self.is_withheld(p)) {
            let folder = out.join(page.output_file().with_file_name(""));
            for asset in &page.assets {
                let Some(name) = asset.file_name() else {
                    continue;
                };
                std::fs::create_dir_all(&folder)
                    .and_then(|()| std::fs::copy(asset, folder.join(name)).map(|_| ()))
                    .map_err(|e| FileError::cannot(asset, "copy this page asset", &e))?;
            }
        }
        Ok(())
    }

    /// Markdown and shortcodes of every published page, in parallel; then the `@/…#anchor`
    /// check, which needs them all. With `record`, each body keeps what it loaded.
    fn render_bodies(
        &self,
        log: Option<&Mutex<Vec<TemplateRender>>>,
        record: bool,
    ) -> Result<HashMap<&str, Body>, BuildError> {
        let results: Vec<(&str, Result<Body, FileError>)> = self
            .pages
            .par_iter()
            .filter(|p| !self.is_withheld(p))
            .map(|page| (page.relative.as_str(), self.body(page, log, record)))
            .collect();
        let mut bodies = HashMap::new();
        let mut errors = Vec::new();
        for (relative, result) in results {
            match result {
                Ok(r) => {
                    bodies.insert(relative, r);
                }
                Err(e) => errors.push(e),
            }
        }
        errors.extend(self.check_anchors(|page| bodies.get(page), |_, _| true));
        if !errors.is_empty() {
            return Err(BuildError::Input(errors));
        }
        Ok(bodies)
    }

    /// One page's body ([`Site::render_body`]) as a [`Body`]; with `record`, with what its
    /// shortcodes loaded.
    pub(crate) fn body(
        &self,
        page: &Page,
        log: Option<&Mutex<Vec<TemplateRender>>>,
        record: bool,
    ) -> Result<Body, FileError> {
        let (rendered, deps) = if record {
            templates::record_dependencies(|| self.render_body(page, log))
        } else {
            (self.render_body(page, log), Vec::new())
        };
        rendered.map(|r| Body {
            html: MjValue::from(r.html),
            heading_ids: r.heading_ids,
            internal_links: r.internal_links,
            deps,
        })
    }

    /// Every page's template, in parallel, each handed to `sink` as soon as it is rendered;
    /// then the 404 page. Results keep the pages' order, one list per page; with `record`,
    /// each with what its renders loaded.
    #[allow(clippy::type_complexity)]
    fn render_pages<T: Send>(
        &self,
        bodies: &HashMap<&str, Body>,
        listed: &HashMap<&str, MjValue>,
        record: bool,
        sink: impl Fn(RenderedPage) -> Result<T, BuildError> + Sync,
    ) -> Result<(Vec<(Vec<T>, Vec<String>)>, (T, Vec<String>)), BuildError> {
        // Each body's HTML is one shared template value: the page, and every section
        // listing that shows it (`listed`), point at the same text instead of copying it.
        let listings = self.section_listings(listed);
        let per_page: Vec<(Vec<T>, Vec<String>)> = self
            .pages
            .par_iter()
            .map(|page| {
                let content = bodies.get(page.relative.as_str()).map(|b| &b.html);
                let render = || self.render_outputs(page, content, listings.get(&page.relative));
                let (renders, deps) = recording(record, render);
                let done = renders?
                    .into_iter()
                    .map(&sink)
                    .collect::<Result<Vec<T>, BuildError>>()?;
                Ok((done, deps))
            })
            .collect::<Result<_, BuildError>>()?;
        let (not_found, deps) = recording(record, || self.render_404());
        Ok((per_page, (sink(not_found?)?, deps)))
    }

    /// What one page writes: a page its page, a section its listing pages, a withheld
    /// page (no `content`) its notice.
    pub(crate) fn render_outputs(
        &self,
        page: &Page,
        content: Option<&MjValue>,
        listing: Option<&SectionListing>,
    ) -> Result<Vec<RenderedPage>, FileError> {
        match (content, listing) {
            (Some(content), Some(listing)) if page.is_section => {
                self.render_section(page, content, listing)
            }
            (Some(content), _) => Ok(vec![self.render_page(page, content)?]),
            (None, _) => Ok(vec![self.render_withheld(page)?]),
        }
    }

    fn render_body(
        &self,
        page: &Page,
        log: Option<&Mutex<Vec<TemplateRender>>>,
    ) -> Result<markdown::Rendered, FileError> {
        let (text, calls) = shortcodes::extract(&page.body)
            .map_err(|e| FileError::at_line(&page.file, Some(page.file_line(e.line)), e.message))?;
        let ctx = MarkdownContext {
            permalinks: &self.data.permalinks,
            page_permalink: &page.permalink,
            external_links_no_referrer: self.data.config.external_links_no_referrer,
        };
        // Built once per page and shared by every marker on it (minijinja values are
        // reference-counted, so each shortcode context costs a few pointer copies).
        let page_value = MjValue::from_serialize(self.page_value(page, ""));
        let render_shortcode = |call: &ShortcodeCall| -> Result<String, MarkdownError> {
            let (html, context) = self.render_shortcode(page, &page_value, call)?;
            if let Some(log) = log {
                let record = TemplateRender::new(
                    format!("shortcodes/{}.html", call.name),
                    context,
                    html.clone(),
                );
                if let Ok(mut l) = log.lock() {
                    l.push(record);
                }
            }
            Ok(html)
        };
        let mut links = match (&self.glossary, page.relative == "glossary.md") {
            (Some(g), false) => Some(g.page()),
            _ => None,
        };
        markdown::render(&text, &calls, &ctx, render_shortcode, links.as_mut())
            .map_err(|e| FileError::at_line(&page.file, Some(page.file_line(e.line)), e.message))
    }

    /// Zola's shortcode context: the call's arguments, `nth`, then `config`, `page` or
    /// `section`, and `lang`, which win over arguments of the same name.
    fn render_shortcode(
        &self,
        page: &Page,
        page_value: &MjValue,
        call: &ShortcodeCall,
    ) -> Result<(String, MjValue), MarkdownError> {
        if !self.known_shortcodes.contains(&call.name) {
            return Err(MarkdownError {
                line: call.line,
                message: format!(
                    "unknown shortcode `{}`; expected a template at templates/shortcodes/{}.html",
                    call.name, call.name
                ),
            });
        }
        let template = format!("shortcodes/{}.html", call.name);
        let mut context: BTreeMap<String, MjValue> = call
            .args
            .iter()
            .map(|(k, v)| (k.clone(), MjValue::from_serialize(v)))
            .collect();
        context.insert("nth".into(), MjValue::from(call.nth));
        context.insert("config".into(), self.config_value.clone());
        let key = if page.is_section { "section" } else { "page" };
        context.insert(key.into(), page_value.clone());
        context.insert(
            "lang".into(),
            MjValue::from(self.data.config.default_language.as_str()),
        );
        let context = MjValue::from(context);
        let html = self
            .render_value(
                &template,
                context.clone(),
                &format!("rendering `{}` in {}", call.name, page.file.display()),
            )
            .map_err(|e| MarkdownError {
                line: call.line,
                message: e.to_string(),
            })?;
        Ok((html.replace("\r\n", "\n"), context))
    }

    /// Zola checks at build time that the anchor of every `@/page.md#anchor` exists. Only
    /// the links `wanted` accepts are checked (`site serve` checks those from and to the
    /// pages a save changed).
    pub(crate) fn check_anchors<'b>(
        &self,
        body_of: impl Fn(&str) -> Option<&'b Body>,
        wanted: impl Fn(&Page, &markdown::InternalLink) -> bool,
    ) -> Vec<FileError> {
        let mut errors = Vec::new();
        for page in &self.pages {
            let Some(body) = body_of(page.relative.as_str()) else {
                continue;
            };
            for link in &body.internal_links {
                let (Some(anchor), Some(target)) = (&link.anchor, body_of(link.page.as_str()))
                else {
                    continue;
                };
                if !wanted(page, link) {
                    continue;
                }
                let found = target.heading_ids.iter().any(|id| id == anchor)
                    || target.html().contains(&format!("id=\"{anchor}\""));
                if !found {
                    errors.push(FileError::at_line(
                        &page.file,
                        Some(page.file_line(link.line)),
                        format!(
                            "the anchor in the link `@/{}#{anchor}` does not exist; expected the id of a heading on that page",
                            link.page
                        ),
                    ));
                }
            }
        }
        errors
    }

    /// Each published page (not a section) as a section listing shows it, with its content
    /// shared, built once however many listings show it.
    pub(crate) fn listing_values<'p>(
        &'p self,
        bodies: &HashMap<&str, Body>,
    ) -> HashMap<&'p str, MjValue> {
        self.pages
            .par_iter()
            .filter(|p| !p.is_section)
            .filter_map(|p| {
                let body = bodies.get(p.relative.as_str())?;
                Some((
                    p.relative.as_str(),
                    self.page_value_with(p, body.html.clone()),
                ))
            })
            .collect()
    }

    /// The published pages each section lists, by section: its own and, through
    /// transparent sub-sections, those below. Withheld pages are left out.
    pub(crate) fn section_members(
        &self,
        published: impl Fn(&Page) -> bool,
    ) -> HashMap<&str, Vec<&Page>> {
        let transparent = self.transparent_sections();
        let mut members_of: HashMap<&str, Vec<&Page>> = HashMap::new();
        for page in self.pages.iter().filter(|p| !p.is_section && published(p)) {
            for section in listing_sections(page, &transparent) {
                members_of.entry(section).or_default().push(page);
            }
        }
        members_of
    }

    pub(crate) fn transparent_sections(&self) -> HashSet<&str> {
        self.pages
            .iter()
            .filter(|s| s.is_section && s.transparent)
            .map(|s| s.relative.as_str())
            .collect()
    }

    /// Every section's pages, sorted as its `sort_by` says, with the pages of its
    /// transparent sub-sections; withheld pages left out. Keyed by the section's relative
    /// path, each list built once and shared by every render that shows it.
    fn section_listings(&self, listed: &HashMap<&str, MjValue>) -> HashMap<String, SectionListing> {
        let members_of = self.section_members(|p| listed.contains_key(p.relative.as_str()));
        self.pages
            .par_iter()
            .filter(|p| p.is_section)
            .map(|section| {
                let members = members_of
                    .get(section.relative.as_str())
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                let listing =
                    self.section_listing(section, members, |p| listed[p.relative.as_str()].clone());
                (section.relative.clone(), listing)
            })
            .collect()
    }

    /// One section's listing: `members` sorted as it says, each shown as `value_of` gives
    /// it, and its sub-sections.
    pub(crate) fn section_listing(
        &self,
        section: &Page,
        members: &[&Page],
        value_of: impl Fn(&Page) -> MjValue,
    ) -> SectionListing {
        let sorted = content::sort_pages(members, section.sort_by);
        let subsections: Vec<MjValue> = self
            .pages
            .iter()
            .filter(|s| s.is_section && s.ancestors.last() == Some(&section.relative))
            .map(|s| MjValue::from(s.relative.as_str()))
            .collect();
        SectionListing {
            pages: sorted.iter().map(|p| value_of(p)).collect(),
            subsections: MjValue::from(subsections),
        }
    }

    /// [`Site::page_value`] as a template value, with `content` shared, not copied.
    pub(crate) fn page_value_with(&self, page: &Page, content: MjValue) -> MjValue {
        let Value::Object(fields) = self.page_value(page, "") else {
            return MjValue::UNDEFINED;
        };
        let mut value: BTreeMap<String, MjValue> = fields
            .into_iter()
            .map(|(k, v)| (k, MjValue::from_serialize(v)))
            .collect();
        value.insert("content".into(), content);
        MjValue::from(value)
    }

    /// A page as Zola serializes it for templates (`SerializingPage`).
    pub fn page_value(&self, page: &Page, content: &str) -> Value {
        let (words, minutes) = reading_analytics(&page.body);
        let ymd = page
            .date
            .as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d.get(..10)?, "%Y-%m-%d").ok());
        let components: Vec<&str> = page.path.split('/').filter(|c| !c.is_empty()).collect();
        json!({
            "relative_path": page.relative,
            "colocated_path": page.bundle_dir.as_ref().map(|_| {
                page.relative.trim_end_matches("index.md").to_string()
            }),
            "content": content,
            "permalink": page.permalink,
            "slug": page.slug,
            "ancestors": page.ancestors,
            "title": page.title,
            "description": page.description,
            "updated": page.updated,
            "date": page.date,
            "year": ymd.map(|d| chrono::Datelike::year(&d)),
            "month": ymd.map(|d| chrono::Datelike::month(&d)),
            "day": ymd.map(|d| chrono::Datelike::day(&d)),
            "taxonomies": {},
            "authors": [],
            "extra": page.extra,
            "path": page.path,
            "components": components,
            "summary": null,
            "toc": [],
            "word_count": words,
            "reading_time": minutes,
            "assets": page
                .assets
                .iter()
                .filter_map(|a| a.file_name().map(|n| n.to_string_lossy().to_string()))
                .collect::<Vec<_>>(),
            "draft": page.draft,
            "lang": self.data.config.default_language,
            "lower": null,
            "higher": null,
            "translations": [],
            "backlinks": [],
        })
    }

    /// What every template sees: `config`, `current_path`, `current_url` and `lang`.
    fn base_context(&self, current_path: &str, current_url: &str) -> BTreeMap<String, MjValue> {
        BTreeMap::from([
            ("config".to_string(), self.config_value.clone()),
            ("current_path".to_string(), MjValue::from(current_path)),
            ("current_url".to_string(), MjValue::from(current_url)),
            (
                "lang".to_string(),
                MjValue::from(self.data.config.default_language.as_str()),
            ),
        ])
    }

    /// A section as Zola serializes it (`SerializingSection`): the page fields a section
    /// has, plus its pages and section settings.
    fn section_value(&self, page: &Page, content: &MjValue, listing: &SectionListing) -> MjValue {
        let Value::Object(fields) = self.page_value(page, "") else {
            return MjValue::UNDEFINED;
        };
        const NOT_ON_SECTIONS: &[&str] = &[
            "slug",
            "date",
            "updated",
            "year",
            "month",
            "day",
            "taxonomies",
            "authors",
            "summary",
            "lower",
            "higher",
        ];
        let mut section: BTreeMap<String, MjValue> = fields
            .into_iter()
            .filter(|(k, _)| !NOT_ON_SECTIONS.contains(&k.as_str()))
            .map(|(k, v)| (k, MjValue::from_serialize(v)))
            .collect();
        // Zola gives a paginated section's pages only through `paginator`.
        let pages = if page.paginate_by.is_some() {
            Vec::new()
        } else {
            listing.pages.clone()
        };
        section.insert("pages".into(), MjValue::from(pages));
        section.insert("content".into(), content.clone());
        section.insert("subsections".into(), listing.subsections.clone());
        section.insert("generate_feeds".into(), MjValue::from(false));
        section.insert("transparent".into(), MjValue::from(page.transparent));
        section.insert(
            "paginate_by".into(),
            page.paginate_by.map_or(MjValue::from(()), MjValue::from),
        );
        section.insert("paginate_reversed".into(), MjValue::from(false));
        MjValue::from(section)
    }

    fn render_page(&self, page: &Page, content: &MjValue) -> Result<RenderedPage, FileError> {
        let mut ctx = self.base_context(&page.path, &page.permalink);
        ctx.insert("page".into(), self.page_value_with(page, content.clone()));
        // Zola: the page's own template, else its section's page_template, else page.html.
        let template = page
            .template
            .clone()
            .or_else(|| {
                let section = page.ancestors.last()?;
                self.pages
                    .iter()
                    .find(|s| s.relative == *section)?
                    .page_template
                    .clone()
            })
            .unwrap_or_else(|| "page.html".into());
        self.finish_render(page, template, ctx, page.output_file(), &page.permalink)
    }

    /// A section, and with `paginate_by` one listing page per `paginate_by` pages, as Zola
    /// writes them: the first at the section's URL, the rest at `page/N/`.
    fn render_section(
        &self,
        page: &Page,
        content: &MjValue,
        listing: &SectionListing,
    ) -> Result<Vec<RenderedPage>, FileError> {
        let default = if page.relative == "_index.md" {
            "index.html"
        } else {
            "section.html"
        };
        let template = page.template.clone().unwrap_or_else(|| default.into());
        let section = self.section_value(page, content, listing);
        let Some(per_pager) = page.paginate_by else {
            let mut ctx = self.base_context(&page.path, &page.permalink);
            ctx.insert("section".into(), section);
            return Ok(vec![self.finish_render(
                page,
                template,
                ctx,
                page.output_file(),
                &page.permalink,
            )?]);
        };
        let chunks: Vec<&[MjValue]> = if listing.pages.is_empty() {
            vec![&[]]
        } else {
            listing.pages.chunks(per_pager).collect()
        };
        let pager_url = |n: usize| {
            if n == 1 {
                page.permalink.clone()
            } else {
                format!("{}page/{n}/", page.permalink)
            }
        };
        let total = chunks.len();
        let mut renders = vec![self.pager_one_redirect(page)];
        let pagers: Result<Vec<RenderedPage>, FileError> = chunks
            .iter()
            .enumerate()
            .map(|(i, pages)| {
                let number = i + 1;
                let paginator = MjValue::from(BTreeMap::from([
                    ("paginate_by", MjValue::from(per_pager)),
                    (
                        "base_url",
                        MjValue::from(format!("{}page/", page.permalink)),
                    ),
                    ("number_pagers", MjValue::from(total)),
                    ("first", MjValue::from(pager_url(1))),
                    ("last", MjValue::from(pager_url(total))),
                    (
                        "previous",
                        (number > 1)
                            .then(|| pager_url(number - 1))
                            .map_or(MjValue::from(()), MjValue::from),
                    ),
                    (
                        "next",
                        (number < total)
                            .then(|| pager_url(number + 1))
                            .map_or(MjValue::from(()), MjValue::from),
                    ),
                    ("current_index", MjValue::from(number)),
                    ("total_pages", MjValue::from(listing.pages.len())),
                    ("pages", MjValue::from(pages.to_vec())),
                ]));
                let url = pager_url(number);
                let path = url
                    .strip_prefix(self.data.config.base_url.trim_end_matches('/'))
                    .unwrap_or(&url)
                    .to_string();
                let mut ctx = self.base_context(&path, &url);
                ctx.insert("section".into(), section.clone());
                ctx.insert("paginator".into(), paginator);
                let output = if number == 1 {
                    page.output_file()
                } else {
                    page.output_file()
                        .with_file_name("")
                        .join(format!("page/{number}/index.html"))
                };
                self.finish_render(page, template.clone(), ctx, output, &url)
            })
            .collect();
        renders.extend(pagers?);
        Ok(renders)
    }

    /// Zola writes `page/1/` as a redirect to the section itself.
    fn pager_one_redirect(&self, page: &Page) -> RenderedPage {
        let url = output::escape_html(&page.permalink);
        let html = format!(
            "<!doctype html>\n<html lang=\"{}\">\n<meta charset=\"utf-8\">\n<title>Redirect</title>\n<link rel=\"canonical\" href=\"{url}\">\n<meta http-equiv=\"refresh\" content=\"0; url={url}\">\n<p><a href=\"{url}\">Go to the first page</a>.</p>\n",
            output::escape_html(&self.data.config.default_language)
        );
        RenderedPage {
            output: page
                .output_file()
                .with_file_name("")
                .join("page/1/index.html"),
            render: TemplateRender::new(String::new(), MjValue::from(()), html),
            is_content: false,
            sitemap: None,
        }
    }

    fn finish_render(
        &self,
        page: &Page,
        template: String,
        ctx: BTreeMap<String, MjValue>,
        output: PathBuf,
        permalink: &str,
    ) -> Result<RenderedPage, FileError> {
        let context = MjValue::from(ctx);
        let html = self.render_value(
            &template,
            context.clone(),
            &format!("rendering {}", page.file.display()),
        )?;
        Ok(RenderedPage {
            output,
            render: TemplateRender::new(template, context, html),
            is_content: true,
            sitemap: Some(SitemapEntry {
                permalink: permalink.to_string(),
                updated: page.updated.clone().or_else(|| page.date.clone()),
            }),
        })
    }

    /// A withheld page's URL explains why the page is not there, instead of a bare 404.
    fn render_withheld(&self, page: &Page) -> Result<RenderedPage, FileError> {
        let current_url = self.data.config.make_permalink(&page.path);
        let mut ctx = self.base_context(&page.path, &current_url);
        ctx.insert(
            "page".into(),
            MjValue::from_serialize(self.page_value(page, "")),
        );
        let context = MjValue::from(ctx);
        let template = "withheld.html".to_string();
        let html = self.render_value(
            &template,
            context.clone(),
            &format!("writing the notice for withheld {}", page.file.display()),
        )?;
        Ok(RenderedPage {
            output: page.output_file(),
            render: TemplateRender::new(template, context, html),
            is_content: false,
            sitemap: None,
        })
    }

    pub(crate) fn render_404(&self) -> Result<RenderedPage, FileError> {
        let current_url = self.data.config.make_permalink("/404.html");
        let context = MjValue::from(self.base_context("/404.html", &current_url));
        let template = "404.html".to_string();
        let html = self.render_value(&template, context.clone(), "rendering the 404 page")?;
        Ok(RenderedPage {
            output: PathBuf::from("404.html"),
            render: TemplateRender::new(template, context, html),
            is_content: false,
            sitemap: None,
        })
    }

    /// Renders one template with a JSON context (for tests that compare engines).
    pub fn render_template(
        &self,
        name: &str,
        context: &Value,
        while_doing: &str,
    ) -> Result<String, FileError> {
        self.render_value(name, MjValue::from_serialize(context), while_doing)
    }

    /// Renders one template with minijinja.
    fn render_value(
        &self,
        name: &str,
        context: MjValue,
        while_doing: &str,
    ) -> Result<String, FileError> {
        let template = self.env.get_template(name).map_err(|e| {
            if e.kind() == minijinja::ErrorKind::TemplateNotFound {
                FileError::at_line(
                    &self.data.root.join("templates").join(name),
                    None,
                    format!("missing template; expected this file for {while_doing}"),
                )
            } else {
                template_error(&self.data.root, &e, while_doing)
            }
        })?;
        template
            .render(context)
            .map_err(|e| template_error(&self.data.root, &e, while_doing))
    }

    /// Sass, static files, sitemap and robots.txt.
    pub(crate) fn write_site_files(
        &self,
        out: &Path,
        sitemap: impl Iterator<Item = SitemapEntry>,
    ) -> Result<(), BuildError> {
        let config = &self.data.config;
        output::copy_static(&self.data.root.join("static"), out)?;
        if config.compile_sass {
            output::compile_sass(&self.data.root.join("sass"), out)?;
        }
        if config.generate_sitemap {
            output::write_file(
                &out.join("sitemap.xml"),
                &output::sitemap(sitemap.collect()),
            )?;
        }
        if config.generate_robots_txt {
            output::write_file(&out.join("robots.txt"), &output::robots_txt(config))?;
        }
        Ok(())
    }
}

/// The sections that list `page`: its own, and each one above it for as long as the
/// sections in between pass their pages up (`transparent = true`).
pub(crate) fn listing_sections<'a>(page: &'a Page, transparent: &HashSet<&str>) -> Vec<&'a str> {
    let mut sections = Vec::new();
    for section in page.ancestors.iter().rev() {
        sections.push(section.as_str());
        if !transparent.contains(section.as_str()) {
            break;
        }
    }
    sections
}

/// The names of the shortcode templates in `dir` (`claim` for `claim.html`).
fn shortcode_templates(dir: &Path) -> HashSet<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return HashSet::new();
    };
    entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            name.strip_suffix(".html").map(String::from)
        })
        .collect()
}

/// A section's listing: its pages (sorted, shared) and its sub-sections' relative paths.
pub(crate) struct SectionListing {
    pages: Vec<MjValue>,
    subsections: MjValue,
}

/// What a build keeps of a page once it is written.
pub(crate) struct WrittenPage {
    pub output: PathBuf,
    pub is_content: bool,
    pub sitemap: Option<SitemapEntry>,
}

impl PageOutputs {
    pub(crate) fn of(written: Vec<WrittenPage>, deps: Vec<String>) -> PageOutputs {
        PageOutputs {
            content: written.iter().filter(|w| w.is_content).count(),
            sitemap: written.iter().filter_map(|w| w.sitemap.clone()).collect(),
            files: written.into_iter().map(|w| w.output).collect(),
            deps,
        }
    }
}

/// `f()`, with what its `load_data` calls read when `record` is set.
fn recording<T>(record: bool, f: impl FnOnce() -> T) -> (T, Vec<String>) {
    if record {
        templates::record_dependencies(f)
    } else {
        (f(), Vec::new())
    }
}

impl RenderedSite {
    /// Writes pages, Sass, static files, sitemap and robots.txt into `out`.
    pub fn write(&self, site: &Site, out: &Path) -> Result<(), BuildError> {
        for page in &self.pages {
            output::write_file(&out.join(&page.output), &page.render.html)?;
        }
        site.write_site_files(out, self.pages.iter().filter_map(|p| p.sitemap.clone()))
    }
}

fn glossary_linker(
    root: &Path,
    permalinks: &HashMap<String, String>,
) -> Result<Option<GlossaryLinker>, FileError> {
    let path = root.join("glossary.yaml");
    let Some(url) = permalinks.get("glossary.md") else {
        return Ok(None);
    };
    if !path.is_file() {
        return Ok(None);
    }
    let glossary = claim_lint::glossary::Glossary::load(&path)?;
    Ok(Some(GlossaryLinker::new(&glossary, url)))
}

/// Zola's word count and reading time (200 words a minute, rounded up).
fn reading_analytics(body: &str) -> (usize, usize) {
    let words = body.split_whitespace().count();
    (words, words.div_ceil(200))
}
