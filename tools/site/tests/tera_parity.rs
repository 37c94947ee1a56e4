//! Every template renders in Tera 1 (Zola 0.22's engine) exactly as in minijinja.
//!
//! The site is loaded from the real repository, rendered with minijinja, and each rendering
//! (pages, the home section, 404, shortcodes, and the templates this site does not use yet)
//! is rendered again with Tera, with the same context and with Zola's functions registered
//! under Zola's names. The two outputs must be the same HTML once entities are decoded and
//! whitespace is ignored: minijinja writes `/` as `&#x2f;` where Tera writes `&#x2F;`.

mod site_fixture;

use chrono::DateTime;
use serde_json::Value;
use site::build::{Site, TemplateRender};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use site_fixture::{fixture_site, repo_root};

/// Zola's `get_url`, reimplemented the way Zola does it; its result is safe (not escaped).
struct GetUrl {
    permalinks: HashMap<String, String>,
    base_url: String,
}

impl tera::Function for GetUrl {
    fn call(&self, args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
        let path = args
            .get("path")
            .and_then(|v| v.as_str())
            .ok_or("`get_url` requires a `path` argument with a string value")?;
        if let Some(target) = path.strip_prefix("@/") {
            let (page, anchor) = match target.split_once('#') {
                Some((p, a)) => (p, Some(a)),
                None => (target, None),
            };
            let permalink = self.permalinks.get(page).ok_or_else(|| {
                format!("`get_url`: could not resolve URL for link `{path}` not found.")
            })?;
            return Ok(tera::Value::String(match anchor {
                Some(a) => format!("{permalink}#{a}"),
                None => permalink.clone(),
            }));
        }
        let base = self.base_url.trim_end_matches('/');
        Ok(tera::Value::String(format!(
            "{base}/{}",
            path.trim_start_matches('/')
        )))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// Zola's `load_data` for local YAML and TOML, with the fresh citations index.
struct LoadData {
    root: PathBuf,
    /// The fresh citations index and per-claim marker files, as the builder serves them.
    overrides: HashMap<String, Value>,
}

impl tera::Function for LoadData {
    fn call(&self, args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
        let path = args
            .get("path")
            .and_then(|v| v.as_str())
            .ok_or("`load_data`: requires a `path` argument")?;
        if let Some(fresh) = self.overrides.get(path) {
            return Ok(fresh.clone());
        }
        let text = std::fs::read_to_string(self.root.join(path)).map_err(|e| e.to_string())?;
        if path.ends_with(".toml") {
            let v: toml::Value = toml::from_str(&text).map_err(|e| e.to_string())?;
            return Ok(site::config::toml_to_json(v));
        }
        serde_norway::from_str(&text).map_err(|e| tera::Error::msg(e.to_string()))
    }
}

fn tera_for(site: &Site, now: &str) -> tera::Tera {
    let root = &site.data.root;
    let glob = format!("{}/templates/**/*", root.display());
    let mut tera =
        tera::Tera::new(&glob).unwrap_or_else(|e| panic!("Tera cannot parse the templates: {e:?}"));
    tera.register_function(
        "get_url",
        GetUrl {
            permalinks: site.data.permalinks.clone(),
            base_url: site.data.config.base_url.clone(),
        },
    );
    tera.register_function(
        "load_data",
        LoadData {
            root: root.clone(),
            overrides: site
                .data
                .data_overrides
                .iter()
                .map(|(path, v)| (path.clone(), serde_json::to_value(v).unwrap()))
                .collect(),
        },
    );
    let now = now.to_string();
    tera.register_function("now", move |_: &HashMap<String, tera::Value>| {
        Ok(tera::Value::String(now.clone()))
    });
    tera
}

fn render_tera(tera: &tera::Tera, r: &TemplateRender) -> String {
    let context = tera::Context::from_value(r.context_json()).expect("context is an object");
    tera.render(&r.template, &context).unwrap_or_else(|e| {
        let mut msg = format!("{e}");
        let mut source = std::error::Error::source(&e);
        while let Some(s) = source {
            msg.push_str(&format!(": {s}"));
            source = s.source();
        }
        panic!("Tera failed on {}: {msg}", r.template)
    })
}

fn load(now: &str) -> (Site, site::build::RenderedSite) {
    load_from(&repo_root(), now, &[])
}

fn load_from(root: &Path, now: &str, withheld: &[String]) -> (Site, site::build::RenderedSite) {
    let now = DateTime::parse_from_rfc3339(now).unwrap();
    let site = Site::load(root, Some("https://clinic.example.org"), now, withheld)
        .unwrap_or_else(|e| panic!("the site does not load: {e}"));
    let rendered = site
        .render()
        .unwrap_or_else(|e| panic!("minijinja cannot render the site: {e}"));
    (site, rendered)
}

fn assert_same(template: &str, minijinja: &str, tera: &str) {
    let (a, b) = (normalise(minijinja), normalise(tera));
    if a != b {
        let at = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
        let from = at.saturating_sub(150);
        panic!(
            "{template}: minijinja and Tera differ at character {at}\n minijinja: …{}…\n      tera: …{}…",
            a.chars().skip(from).take(300).collect::<String>(),
            b.chars().skip(from).take(300).collect::<String>()
        );
    }
}

#[test]
fn every_rendering_matches_tera() {
    let now = "2026-11-22T12:00:00+00:00";
    let (site, rendered) = load(now);
    let tera = tera_for(&site, now);
    let mut templates_seen = std::collections::BTreeSet::new();
    for page in &rendered.pages {
        assert_same(
            &page.render.template,
            &page.render.html,
            &render_tera(&tera, &page.render),
        );
        templates_seen.insert(page.render.template.clone());
    }
    assert!(!rendered.shortcodes.is_empty());
    for sc in &rendered.shortcodes {
        assert_same(&sc.template, &sc.html, &render_tera(&tera, sc));
        templates_seen.insert(sc.template.clone());
    }
    // Templates this site does not reach today: render them with a fitting context.
    let home = rendered
        .pages
        .iter()
        .find(|p| p.render.template == "index.html")
        .unwrap();
    let any_page = rendered
        .pages
        .iter()
        .find(|p| p.render.template == "page.html")
        .unwrap();
    for (template, context) in [
        ("section.html", home.render.context_json()),
        ("withheld.html", any_page.render.context_json()),
    ] {
        let html = site
            .render_template(template, &context, "the parity test")
            .unwrap();
        let r = TemplateRender {
            template: template.into(),
            context: minijinja::Value::from_serialize(&context),
            html,
        };
        assert_same(template, &r.html, &render_tera(&tera, &r));
        templates_seen.insert(template.into());
    }
    // Every template file is either rendered here or included by one that is.
    let partials: Vec<String> = std::fs::read_dir(repo_root().join("templates/partials"))
        .unwrap()
        .map(|e| format!("partials/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    for t in [
        "index.html",
        "page.html",
        "sources.html",
        "glossary.html",
        "404.html",
        "shortcodes/claim.html",
        "shortcodes/crisis_help.html",
    ] {
        assert!(templates_seen.contains(t), "{t} was never rendered");
    }
    assert!(!partials.is_empty());
}

#[test]
fn overdue_notice_appears_in_both_engines() {
    let now = "2031-01-01T12:00:00+00:00";
    let (site, rendered) = load(now);
    let tera = tera_for(&site, now);
    let page = rendered
        .pages
        .iter()
        .find(|p| p.render.template == "page.html")
        .unwrap();
    assert!(page.render.html.contains("This page is due for review"));
    assert_same(
        "page.html",
        &page.render.html,
        &render_tera(&tera, &page.render),
    );
}

/// The fixture exercises what the real content does not: a page with `crisis_help = true`,
/// reviewed crisis numbers, a withheld page, a site without a logo.
#[test]
fn fixture_site_matches_tera() {
    let site_dir = fixture_site("parity", &[]);
    let page = site_dir.path().join("content/therapy.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        text.replace("[extra]\n", "[extra]\ncrisis_help = true\n"),
    )
    .unwrap();
    let now = "2026-11-22T12:00:00+00:00";
    let (site, rendered) = load_from(site_dir.path(), now, &["get-help-now.md".to_string()]);
    let tera = tera_for(&site, now);
    let therapy = rendered
        .pages
        .iter()
        .find(|p| p.output.starts_with("therapy"))
        .unwrap();
    assert!(therapy.render.html.contains("id=\"crisis-page\""));
    let withheld = rendered
        .pages
        .iter()
        .find(|p| p.render.template == "withheld.html");
    assert!(withheld.is_some());
    for page in &rendered.pages {
        assert_same(
            &page.render.template,
            &page.render.html,
            &render_tera(&tera, &page.render),
        );
    }
    for sc in &rendered.shortcodes {
        assert_same(&sc.template, &sc.html, &render_tera(&tera, sc));
    }
}

/// Credits, feedback and local support in both engines: unset (the fixture's config has
/// none of the keys), and set, with one page replacing a credit and the support list placed
/// twice.
#[test]
fn clinic_settings_match_tera_set_and_unset() {
    let settings = "\n[extra.credits]\nwriters = [\"Sam Lee, health writer\"]\neditors = []\n\n[extra.feedback]\nemail = \"tell.us@test.example.org\"\nform = \"@/get-help-now.md\"\n\n[[extra.support.services]]\nname = \"Family group\"\noffers = \"Monthly evenings.\"\nfor_whom = \"Families\"\nphone = \"020 7946 0001\"\ntel = \"+442079460001\"\nweb = \"https://riverside.example/family\"\nemail = \"family@riverside.example\"\n";
    for (name, config_extra) in [("settings-unset", ""), ("settings-set", settings)] {
        let site_dir = fixture_site(name, &[]);
        let root = site_dir.path();
        let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
        let contact = "[[extra.clinic.contact]]\nlabel = \"Email\"\ntext = \"info@test.example.org\"\nhref = \"mailto:info@test.example.org\"\n";
        let config = config.replacen("logo = \"\"\n", &format!("logo = \"\"\n{contact}"), 1);
        std::fs::write(root.join("config.toml"), format!("{config}{config_extra}")).unwrap();
        let page = root.join("content/therapy.md");
        let text = std::fs::read_to_string(&page).unwrap().replacen(
            "reviewed_by = \"pending clinical review\"\n",
            "reviewed_by = \"pending clinical review\"\n[extra.credits]\nlived_experience = [\"Jo Smith, peer support worker\"]\n",
            1,
        );
        std::fs::write(
            &page,
            format!("{text}\n{{{{ local_support() }}}}\n\nMore.\n\n{{{{ local_support() }}}}\n"),
        )
        .unwrap();
        let now = "2026-11-22T12:00:00+00:00";
        let (site, rendered) = load_from(root, now, &[]);
        let tera = tera_for(&site, now);
        for page in &rendered.pages {
            assert_same(
                &page.render.template,
                &page.render.html,
                &render_tera(&tera, &page.render),
            );
            assert!(page.render.html.contains("Was this page useful?"));
        }
        let support: Vec<_> = rendered
            .shortcodes
            .iter()
            .filter(|sc| sc.template == "shortcodes/local_support.html")
            .collect();
        assert_eq!(support.len(), 2, "{name}");
        for sc in support {
            assert_same(&sc.template, &sc.html, &render_tera(&tera, sc));
        }
    }
}

#[test]
fn normalising_ignores_entities_and_whitespace_only() {
    assert_eq!(
        normalise("<a  href='x&#x2f;y'>A &amp;\n b</a>\n"),
        normalise("<a href=\"x&#x2F;y\">A &amp; b</a>")
    );
    assert_ne!(normalise("<p>a</p>"), normalise("<p>b</p>"));
}

/// Parsed-HTML normal form: tags with decoded attribute values, decoded text, whitespace
/// collapsed, whitespace-only text between tags dropped.
fn normalise(html: &str) -> String {
    let mut out = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        if rest.starts_with('<') {
            let end = tag_end(rest);
            out.push(normalise_tag(&rest[..end]));
            rest = &rest[end..];
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            let text = collapse(&decode(&rest[..end]));
            if !text.trim().is_empty() {
                out.push(text.trim().to_string());
            }
            rest = &rest[end..];
        }
    }
    out.join("\u{1}")
}

fn tag_end(s: &str) -> usize {
    let mut quote = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return i + 1,
            _ => {}
        }
    }
    s.len()
}

fn normalise_tag(tag: &str) -> String {
    let inner = tag.trim_start_matches('<').trim_end_matches('>');
    let mut parts = Vec::new();
    let mut rest = inner.trim();
    let name_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    parts.push(rest[..name_end].to_ascii_lowercase());
    rest = rest[name_end..].trim_start();
    while !rest.is_empty() {
        let name_end = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        let name = &rest[..name_end];
        rest = rest[name_end..].trim_start();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (value, remaining) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let close = after[1..].find(q).map_or(after.len(), |i| i + 1);
                    (&after[1..close], after.get(close + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            parts.push(format!("{name}=\"{}\"", decode(value)));
            rest = remaining.trim_start();
        } else {
            parts.push(name.to_string());
        }
    }
    format!("<{}>", parts.join(" "))
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
        + if s.ends_with(char::is_whitespace) && !s.trim().is_empty() {
            " "
        } else {
            ""
        }
}

fn decode(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest.find(';').filter(|&e| e < 12) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}
