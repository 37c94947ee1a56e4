//! `config.toml`: the keys of Zola's config that this builder uses, plus `[extra]` as given.
//!
//! The templates read `config.extra` directly, so the checks here are only those that turn a
//! confusing template error into a clear one: the clinic's name and the crisis lines must
//! have the documented shape. Credits, feedback and local support are checked with typed
//! structs in [`crate::clinic_settings`].

use crate::clinic_settings::ClinicSettings;
use crate::error::{line_of, FileError};
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct SiteConfig {
    pub path: PathBuf,
    /// As written (or given with `--base-url`); see [`SiteConfig::make_permalink`].
    pub base_url: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub default_language: String,
    pub compile_sass: bool,
    pub generate_sitemap: bool,
    pub generate_robots_txt: bool,
    /// `[markdown] external_links_no_referrer`, as in Zola.
    pub external_links_no_referrer: bool,
    /// `[extra]`, with TOML dates turned into strings as Zola does.
    pub extra: Value,
    /// Credits, feedback and local support from `[extra]`, checked (the templates read them
    /// from `extra`).
    pub clinic_settings: ClinicSettings,
}

impl SiteConfig {
    pub fn load(path: &Path, base_url_override: Option<&str>) -> Result<SiteConfig, FileError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| FileError::cannot(path, "read the site config", &e))?;
        Self::parse(path, &text, base_url_override)
    }

    pub fn parse(
        path: &Path,
        text: &str,
        base_url_override: Option<&str>,
    ) -> Result<SiteConfig, FileError> {
        let table: toml::Table = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of(text, s.start));
            FileError::at_line(
                path,
                line,
                format!("config.toml is not valid TOML: {}", e.message().trim()),
            )
        })?;
        let at = |key: &str| key_line(text, key);
        let string = |key: &str| -> Result<Option<String>, FileError> {
            match table.get(key) {
                None => Ok(None),
                Some(toml::Value::String(s)) => Ok(Some(s.clone())),
                Some(_) => Err(FileError::at_line(
                    path,
                    at(key),
                    format!("`{key}` must be a string"),
                )),
            }
        };
        let boolean = |key: &str, default: bool| -> Result<bool, FileError> {
            match table.get(key) {
                None => Ok(default),
                Some(toml::Value::Boolean(b)) => Ok(*b),
                Some(_) => Err(FileError::at_line(
                    path,
                    at(key),
                    format!("`{key}` must be true or false"),
                )),
            }
        };
        let own_base_url = string("base_url")?;
        let base_url = match base_url_override {
            Some(url) => url.to_string(),
            None => own_base_url.clone().ok_or_else(|| {
                FileError::at_line(
                    path,
                    None,
                    "no `base_url`; expected the site's address, like base_url = \"https://clinic.example.org\"",
                )
            })?,
        };
        let markdown = table.get("markdown").and_then(|m| m.as_table());
        let extra = table
            .get("extra")
            .cloned()
            .unwrap_or_else(|| toml::Value::Table(toml::Table::new()));
        let config = SiteConfig {
            path: path.to_path_buf(),
            base_url,
            title: string("title")?,
            description: string("description")?,
            default_language: string("default_language")?.unwrap_or_else(|| "en".into()),
            compile_sass: boolean("compile_sass", false)?,
            generate_sitemap: boolean("generate_sitemap", true)?,
            generate_robots_txt: boolean("generate_robots_txt", true)?,
            external_links_no_referrer: markdown
                .and_then(|m| m.get("external_links_no_referrer"))
                .and_then(|v| v.as_bool())
                .unwrap_or(false),
            extra: toml_to_json(extra),
            // A form must be on the site's published origin, whatever --base-url a local
            // build uses.
            clinic_settings: ClinicSettings::parse(path, text, own_base_url.as_deref())?,
        };
        config.check_extra(text)?;
        Ok(config)
    }

    /// The crisis numbers shipped by default have not been checked by this clinic.
    pub fn crisis_reviewed(&self) -> bool {
        self.extra["crisis"]["reviewed"].as_bool() == Some(true)
    }

    /// Zola's `Config::make_permalink`: the base URL joined to a site path.
    pub fn make_permalink(&self, path: &str) -> String {
        let base = self.base_url.trim_end_matches('/');
        let path = path.trim_start_matches('/');
        let trailing = if path.is_empty() || path.ends_with('/') {
            ""
        } else {
            "/"
        };
        if path.is_empty() {
            format!("{base}/")
        } else {
            format!("{base}/{path}{trailing}")
        }
    }

    /// What templates see as `config`, shaped like Zola's serialized config.
    pub fn to_template_value(&self) -> Value {
        serde_json::json!({
            "base_url": self.base_url,
            "mode": "build",
            "title": self.title,
            "description": self.description,
            "default_language": self.default_language,
            "languages": {},
            "generate_feeds": false,
            "feed_filenames": [],
            "taxonomies": [],
            "author": null,
            "build_search_index": false,
            "extra": self.extra,
        })
    }

    /// The shape the templates rely on; a wrong shape would otherwise surface as an obscure
    /// template error on every page.
    fn check_extra(&self, text: &str) -> Result<(), FileError> {
        let err = |key: &str, expected: &str| {
            FileError::at_line(
                &self.path,
                key_line(text, key.rsplit('.').next().unwrap_or(key)),
                format!("`[extra] {key}`: expected {expected}"),
            )
        };
        let clinic = &self.extra["clinic"];
        if !clinic["name"].is_string() {
            return Err(err(
                "clinic.name",
                "the clinic's name, under [extra.clinic] as name = \"…\"",
            ));
        }
        let contact_shape = "a list of [[extra.clinic.contact]] tables with label, text and href";
        match &clinic["contact"] {
            Value::Null => {}
            Value::Array(entries) => {
                let complete =
                    |e: &Value| ["label", "text", "href"].iter().all(|k| e[k].is_string());
                if !entries.iter().all(complete) {
                    return Err(err("clinic.contact", contact_shape));
                }
            }
            _ => return Err(err("clinic.contact", contact_shape)),
        }
        let crisis = &self.extra["crisis"];
        if !crisis["reviewed"].is_boolean() {
            return Err(err(
                "crisis.reviewed",
                "reviewed = false under [extra.crisis], set to true once the clinic has checked the numbers",
            ));
        }
        let Some(lines) = crisis["lines"].as_array() else {
            return Err(err(
                "crisis.lines",
                "a list of [[extra.crisis.lines]] tables with name, number, how and region",
            ));
        };
        for (i, line) in lines.iter().enumerate() {
            for key in ["name", "number", "how", "region"] {
                if !line[key].is_string() {
                    return Err(err(
                        &format!("crisis.lines[{}].{key}", i + 1),
                        "a string; every crisis line needs name, number, how and region",
                    ));
                }
            }
        }
        Ok(())
    }
}

/// Line of the first `key =` or `[…key…]` in a TOML text, for error messages.
fn key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let t = l.trim_start();
            (t.starts_with(key) && t[key.len()..].trim_start().starts_with('='))
                || (t.starts_with('[') && t.contains(key))
        })
        .map(|i| i + 1)
}

/// TOML to JSON, with dates as strings, as Zola's `fix_toml_dates` does.
pub fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => Value::Object(
            t.into_iter()
                .map(|(k, v)| (k, toml_to_json(v)))
                .collect::<Map<String, Value>>(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
base_url = "https://clinic.example.org/"
title = "T"
[extra.clinic]
name = "Clinic"
[extra.crisis]
reviewed = false
[[extra.crisis.lines]]
name = "988 Lifeline"
number = "988"
how = "Call or text"
region = "United States"
"#;

    fn parse(text: &str) -> Result<SiteConfig, FileError> {
        SiteConfig::parse(Path::new("config.toml"), text, None)
    }

    #[test]
    fn permalinks_follow_zola() {
        let c = parse(GOOD).unwrap();
        assert_eq!(c.make_permalink("/"), "https://clinic.example.org/");
        assert_eq!(
            c.make_permalink("/brain/"),
            "https://clinic.example.org/brain/"
        );
        assert_eq!(
            c.make_permalink("style.css"),
            "https://clinic.example.org/style.css/"
        );
        assert!(!c.crisis_reviewed());
    }

    #[test]
    fn missing_base_url_names_the_key() {
        let e = parse("title = \"x\"\n").unwrap_err();
        assert!(e.message.contains("base_url"), "{e}");
    }

    #[test]
    fn bad_toml_gives_a_line() {
        let e = parse("base_url = \"x\"\ntitle = \n").unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
    }

    #[test]
    fn crisis_lines_must_be_complete() {
        let text = GOOD.replace("how = \"Call or text\"\n", "");
        let e = parse(&text).unwrap_err();
        assert!(e.message.contains("how"), "{e}");
    }

    #[test]
    fn contact_entries_need_label_text_and_href() {
        let text = format!("{GOOD}[[extra.clinic.contact]]\nlabel = \"Phone\"\ntext = \"1\"\n");
        let e = parse(&text).unwrap_err();
        assert!(e.message.contains("href"), "{e}");
    }

    #[test]
    fn dates_become_strings() {
        let v = toml_to_json(toml::from_str::<toml::Value>("d = 2026-11-22").unwrap());
        assert_eq!(v["d"], "2026-11-22");
    }
}
