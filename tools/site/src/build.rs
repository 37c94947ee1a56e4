//! A whole build: gate, load, render, write.

use crate::config::SiteConfig;
use crate::content::{self, Page};
use crate::error::{BuildError, InputError};
use crate::gate::{self, GateOutcome};
use crate::glossary_links::GlossaryLinker;
use crate::markdown::{self, MarkdownContext, MarkdownError};
use crate::output::{self, SitemapEntry};
use crate::shortcodes::{self, ShortcodeCall};
use crate::templates::{self, template_error, SiteData};
use chrono::{DateTime, FixedOffset, Local, NaiveDate};
use claim_lint::claims::{ClaimsFile, Date};
use claim_lint::diagnostic::FileError;
use serde_json::{json, Map, Value};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

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

    fn today(&self) -> NaiveDate {
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
    let (gate, site, rendered) = prepare(opts)?;
    // Everything that can fail is done before the swap, so a published site is never
    // followed by an error.
    let mut done = summary(opts, &gate, &site, &rendered, false);
    crate::publish::publish(&opts.root.join("public"), |staging| {
        rendered.write(&site, staging)
    })?;
    done.citations_updated = write_citations_if_stale(&opts.root, &site.citations_yaml)?;
    Ok(done)
}

/// Gate and render into `out` directly, without the swap (for a preview server).
pub fn build_into(opts: &BuildOptions, out: &Path) -> Result<BuildSummary, BuildError> {
    let (gate, site, rendered) = prepare(opts)?;
    rendered.write(&site, out)?;
    Ok(summary(opts, &gate, &site, &rendered, false))
}

fn prepare(opts: &BuildOptions) -> Result<(GateOutcome, Site, RenderedSite), BuildError> {
    let config = opts.root.join("config.toml");
    if !config.is_file() {
        return Err(InputError::new(
            &config,
            None,
            "no site config here; expected --root to name the site's folder, the one holding config.toml and content/",
        )
        .into());
    }
    let gate = gate::run(&opts.root, Date(opts.today()))?;
    if gate.blocking_errors() > 0 {
        return Err(BuildError::Gate(gate.report.to_human(opts.color)));
    }
    let site = Site::load(
        &opts.root,
        opts.base_url.as_deref(),
        opts.now(),
        &gate.withheld,
    )?;
    let rendered = site.render()?;
    Ok((gate, site, rendered))
}

fn summary(
    opts: &BuildOptions,
    gate: &GateOutcome,
    site: &Site,
    rendered: &RenderedSite,
    citations_updated: bool,
) -> BuildSummary {
    BuildSummary {
        pages: rendered.pages.iter().filter(|p| p.is_content).count(),
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
fn write_citations_if_stale(root: &Path, fresh: &str) -> Result<bool, InputError> {
    let path = root.join(CITATIONS_FILE);
    if std::fs::read_to_string(&path).ok().as_deref() == Some(fresh) {
        return Ok(false);
    }
    // Write beside the file, then rename, so a crash never leaves a half-written index.
    let temporary = path.with_extension("yaml.tmp");
    std::fs::write(&temporary, fresh)
        .and_then(|()| std::fs::rename(&temporary, &path))
        .map_err(|e| InputError::io(&path, "write the citations index", &e))?;
    Ok(true)
}

fn file_errors(errors: Vec<FileError>) -> BuildError {
    BuildError::Input(
        errors
            .into_iter()
            .map(|e| InputError::new(&e.path, Some(e.line), e.message))
            .collect(),
    )
}

/// A loaded site, ready to render.
pub struct Site {
    pub data: Arc<SiteData>,
    pub pages: Vec<Page>,
    /// The fresh citations index as citations.yaml text.
    pub citations_yaml: String,
    withheld: HashSet<String>,
    glossary: Option<GlossaryLinker>,
    env: minijinja::Environment<'static>,
}

/// One template rendering, kept with its context so tests can render the same with Tera.
#[derive(Debug, Clone)]
pub struct TemplateRender {
    pub template: String,
    pub context: Value,
    pub html: String,
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
    pub fn load(
        root: &Path,
        base_url: Option<&str>,
        now: DateTime<FixedOffset>,
        withheld: &[String],
    ) -> Result<Site, BuildError> {
        let config = SiteConfig::load(&root.join("config.toml"), base_url)?;
        let claims = ClaimsFile::load(&root.join("claims.yaml")).map_err(file_errors)?;
        let index =
            claim_lint::index::build(&claims, &root.join("content")).map_err(file_errors)?;
        let citations_yaml = claim_lint::index::render(&index);
        let index_value = serde_json::to_value(&index).map_err(|e| {
            InputError::new(
                &root.join(CITATIONS_FILE),
                None,
                format!("cannot build the citations index: {e}"),
            )
        })?;
        let pages = content::load(&root.join("content"), &config).map_err(BuildError::Input)?;
        let permalinks: HashMap<String, String> = pages
            .iter()
            .map(|p| (p.relative.clone(), p.permalink.clone()))
            .collect();
        let glossary = glossary_linker(root, &permalinks)?;
        let data = Arc::new(SiteData {
            root: root.to_path_buf(),
            config,
            permalinks,
            data_overrides: HashMap::from([(CITATIONS_FILE.to_string(), index_value)]),
            now,
        });
        Ok(Site {
            env: templates::environment(data.clone()),
            data,
            pages,
            citations_yaml,
            withheld: withheld.iter().cloned().collect(),
            glossary,
        })
    }

    fn is_withheld(&self, page: &Page) -> bool {
        self.withheld.contains(&page.relative)
    }

    /// Renders every page in memory; nothing is written.
    pub fn render(&self) -> Result<RenderedSite, BuildError> {
        let mut shortcodes = Vec::new();
        let mut bodies: HashMap<&str, markdown::Rendered> = HashMap::new();
        let mut errors = Vec::new();
        for page in self.pages.iter().filter(|p| !self.is_withheld(p)) {
            match self.render_body(page, &mut shortcodes) {
                Ok(r) => {
                    bodies.insert(page.relative.as_str(), r);
                }
                Err(e) => errors.push(e),
            }
        }
        errors.extend(self.check_anchors(&bodies));
        if !errors.is_empty() {
            return Err(BuildError::Input(errors));
        }
        let mut pages = Vec::new();
        let section_pages = self.section_pages(&bodies);
        for page in &self.pages {
            pages.push(match bodies.get(page.relative.as_str()) {
                Some(body) => self.render_page(page, &body.html, &section_pages)?,
                None => self.render_withheld(page)?,
            });
        }
        pages.push(self.render_404()?);
        Ok(RenderedSite { pages, shortcodes })
    }

    fn render_body(
        &self,
        page: &Page,
        shortcode_log: &mut Vec<TemplateRender>,
    ) -> Result<markdown::Rendered, InputError> {
        let (text, calls) = shortcodes::extract(&page.body)
            .map_err(|e| InputError::new(&page.file, Some(page.file_line(e.line)), e.message))?;
        let ctx = MarkdownContext {
            permalinks: &self.data.permalinks,
            page_permalink: &page.permalink,
            external_links_no_referrer: self.data.config.external_links_no_referrer,
        };
        let page_value = self.page_value(page, "");
        let render_shortcode = |call: &ShortcodeCall| -> Result<String, MarkdownError> {
            let render = self.render_shortcode(page, &page_value, call)?;
            let html = render.html.clone();
            shortcode_log.push(render);
            Ok(html)
        };
        let mut links = match (&self.glossary, page.relative == "glossary.md") {
            (Some(g), false) => Some(g.page()),
            _ => None,
        };
        markdown::render(&text, &calls, &ctx, render_shortcode, links.as_mut())
            .map_err(|e| InputError::new(&page.file, Some(page.file_line(e.line)), e.message))
    }

    /// Zola's shortcode context: the call's arguments, `nth`, then `config`, `page` or
    /// `section`, and `lang`, which win over arguments of the same name.
    fn render_shortcode(
        &self,
        page: &Page,
        page_value: &Value,
        call: &ShortcodeCall,
    ) -> Result<TemplateRender, MarkdownError> {
        let template = format!("shortcodes/{}.html", call.name);
        let mut context: Map<String, Value> = call.args.clone();
        context.insert("nth".into(), json!(call.nth));
        context.insert("config".into(), self.data.config.to_template_value());
        let key = if page.is_section { "section" } else { "page" };
        context.insert(key.into(), page_value.clone());
        context.insert("lang".into(), json!(self.data.config.default_language));
        let context = Value::Object(context);
        if !self.data.root.join("templates").join(&template).is_file() {
            return Err(MarkdownError {
                line: call.line,
                message: format!(
                    "unknown shortcode `{}`; expected a template at templates/{template}",
                    call.name
                ),
            });
        }
        let html = self
            .render_template(
                &template,
                &context,
                &format!("rendering `{}` in {}", call.name, page.file.display()),
            )
            .map_err(|e| MarkdownError {
                line: call.line,
                message: e.to_string(),
            })?;
        Ok(TemplateRender {
            template,
            context,
            html: html.replace("\r\n", "\n"),
        })
    }

    /// Zola checks at build time that the anchor of every `@/page.md#anchor` exists.
    fn check_anchors(&self, bodies: &HashMap<&str, markdown::Rendered>) -> Vec<InputError> {
        let mut errors = Vec::new();
        for page in &self.pages {
            let Some(body) = bodies.get(page.relative.as_str()) else {
                continue;
            };
            for link in &body.internal_links {
                let (Some(anchor), Some(target)) = (&link.anchor, bodies.get(link.page.as_str()))
                else {
                    continue;
                };
                let found = target.heading_ids.iter().any(|id| id == anchor)
                    || target.html.contains(&format!("id=\"{anchor}\""));
                if !found {
                    errors.push(InputError::new(
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

    /// The home section's pages, sorted as its `sort_by` says; withheld pages left out.
    fn section_pages(&self, bodies: &HashMap<&str, markdown::Rendered>) -> Vec<Value> {
        let sort_by = self
            .pages
            .iter()
            .find(|p| p.is_section)
            .map_or(content::SortBy::None, |s| s.sort_by);
        let listed: Vec<&Page> = self
            .pages
            .iter()
            .filter(|p| !p.is_section && bodies.contains_key(p.relative.as_str()))
            .collect();
        content::sort_pages(&listed, sort_by)
            .into_iter()
            .map(|p| self.page_value(p, &bodies[p.relative.as_str()].html))
            .collect()
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
            "colocated_path": null,
            "content": content,
            "permalink": page.permalink,
            "slug": page.slug,
            "ancestors": if page.is_section { json!([]) } else { json!(["_index.md"]) },
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
            "assets": [],
            "draft": page.draft,
            "lang": self.data.config.default_language,
            "lower": null,
            "higher": null,
            "translations": [],
            "backlinks": [],
        })
    }

    fn base_context(&self, current_path: &str) -> Map<String, Value> {
        let mut ctx = Map::new();
        ctx.insert("config".into(), self.data.config.to_template_value());
        ctx.insert("current_path".into(), json!(current_path));
        ctx.insert(
            "current_url".into(),
            json!(self.data.config.make_permalink(current_path)),
        );
        ctx.insert("lang".into(), json!(self.data.config.default_language));
        ctx
    }

    fn render_page(
        &self,
        page: &Page,
        content: &str,
        section_pages: &[Value],
    ) -> Result<RenderedPage, InputError> {
        let mut ctx = self.base_context(&page.path);
        ctx.insert("current_url".into(), json!(page.permalink));
        let template = if page.is_section {
            let mut section = self.page_value(page, content);
            if let Value::Object(s) = &mut section {
                for key in [
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
                ] {
                    s.remove(key);
                }
                s.insert("pages".into(), json!(section_pages));
                s.insert("subsections".into(), json!([]));
                s.insert("generate_feeds".into(), json!(false));
                s.insert("transparent".into(), json!(false));
                s.insert("paginate_by".into(), json!(null));
                s.insert("paginate_reversed".into(), json!(false));
            }
            ctx.insert("section".into(), section);
            page.template.clone().unwrap_or_else(|| "index.html".into())
        } else {
            ctx.insert("page".into(), self.page_value(page, content));
            page.template.clone().unwrap_or_else(|| "page.html".into())
        };
        let context = Value::Object(ctx);
        let html = self.render_template(
            &template,
            &context,
            &format!("rendering {}", page.file.display()),
        )?;
        Ok(RenderedPage {
            output: page.output_file(),
            render: TemplateRender {
                template,
                context,
                html,
            },
            is_content: true,
            sitemap: Some(SitemapEntry {
                permalink: page.permalink.clone(),
                updated: page.updated.clone().or_else(|| page.date.clone()),
            }),
        })
    }

    /// A withheld page's URL explains why the page is not there, instead of a bare 404.
    fn render_withheld(&self, page: &Page) -> Result<RenderedPage, InputError> {
        let mut ctx = self.base_context(&page.path);
        ctx.insert("page".into(), self.page_value(page, ""));
        let context = Value::Object(ctx);
        let template = "withheld.html".to_string();
        let html = self.render_template(
            &template,
            &context,
            &format!("writing the notice for withheld {}", page.file.display()),
        )?;
        Ok(RenderedPage {
            output: page.output_file(),
            render: TemplateRender {
                template,
                context,
                html,
            },
            is_content: false,
            sitemap: None,
        })
    }

    fn render_404(&self) -> Result<RenderedPage, InputError> {
        let context = Value::Object(self.base_context("/404.html"));
        let template = "404.html".to_string();
        let html = self.render_template(&template, &context, "rendering the 404 page")?;
        Ok(RenderedPage {
            output: PathBuf::from("404.html"),
            render: TemplateRender {
                template,
                context,
                html,
            },
            is_content: false,
            sitemap: None,
        })
    }

    /// Renders one template with minijinja.
    pub fn render_template(
        &self,
        name: &str,
        context: &Value,
        while_doing: &str,
    ) -> Result<String, InputError> {
        let template = self.env.get_template(name).map_err(|e| {
            if e.kind() == minijinja::ErrorKind::TemplateNotFound {
                InputError::new(
                    &self.data.root.join("templates").join(name),
                    None,
                    format!("missing template; expected this file for {while_doing}"),
                )
            } else {
                template_error(&self.data.root, &e, while_doing)
            }
        })?;
        template
            .render(minijinja::Value::from_serialize(context))
            .map_err(|e| template_error(&self.data.root, &e, while_doing))
    }
}

impl RenderedSite {
    /// Writes pages, Sass, static files, sitemap and robots.txt into `out`.
    pub fn write(&self, site: &Site, out: &Path) -> Result<(), BuildError> {
        let config = &site.data.config;
        for page in &self.pages {
            output::write_file(&out.join(&page.output), &page.render.html)?;
        }
        output::copy_static(&site.data.root.join("static"), out)?;
        if config.compile_sass {
            output::compile_sass(&site.data.root.join("sass"), out)?;
        }
        if config.generate_sitemap {
            let entries = self
                .pages
                .iter()
                .filter_map(|p| p.sitemap.as_ref())
                .map(|e| SitemapEntry {
                    permalink: e.permalink.clone(),
                    updated: e.updated.clone(),
                });
            output::write_file(
                &out.join("sitemap.xml"),
                &output::sitemap(entries.collect()),
            )?;
        }
        if config.generate_robots_txt {
            output::write_file(&out.join("robots.txt"), &output::robots_txt(config))?;
        }
        Ok(())
    }
}

fn glossary_linker(
    root: &Path,
    permalinks: &HashMap<String, String>,
) -> Result<Option<GlossaryLinker>, InputError> {
    let path = root.join("glossary.yaml");
    let Some(url) = permalinks.get("glossary.md") else {
        return Ok(None);
    };
    if !path.is_file() {
        return Ok(None);
    }
    let glossary = claim_lint::glossary::Glossary::load(&path)
        .map_err(|e| InputError::new(&e.path, Some(e.line), e.message))?;
    Ok(Some(GlossaryLinker::new(&glossary, url)))
}

/// Zola's word count and reading time (200 words a minute, rounded up).
fn reading_analytics(body: &str) -> (usize, usize) {
    let words = body.split_whitespace().count();
    (words, words.div_ceil(200))
}
