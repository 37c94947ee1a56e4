//! The minijinja environment, with Zola's template functions and filters under Zola's names
//! and keyword arguments: `get_url(path=…)`, `load_data(path=…)`, `now()`, and the filters
//! `date(format=…)`, `slugify` and `urlencode_strict`, and the test `starting_with`. Every function rejects arguments it does not know
//! (`Kwargs::assert_all_used`), as Zola does, so a misspelt argument is an error.
//!
//! Undefined values behave as in Tera: printing or filtering one is an error, testing one in
//! `{% if %}` is false.

use crate::config::{toml_to_json, SiteConfig};
use crate::error::FileError;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Utc};
use minijinja::value::{Kwargs, Value};
use minijinja::{Environment, Error, ErrorKind, UndefinedBehavior};
use std::collections::HashMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// What the template functions can see of the site.
#[derive(Debug)]
pub struct SiteData {
    pub root: PathBuf,
    pub config: SiteConfig,
    /// Page path relative to `content/` → permalink, for `get_url(path="@/…")`.
    pub permalinks: HashMap<String, String>,
    /// Data that `load_data` returns instead of reading the file: the fresh citations index
    /// and the per-claim marker files, as template values (shared, never copied).
    pub data_overrides: HashMap<String, Value>,
    /// What `now()` returns, as RFC 3339; fixed for the whole build so every page agrees.
    pub now: DateTime<FixedOffset>,
}

/// Builds the environment over `<root>/templates`.
pub fn environment(data: Arc<SiteData>) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_loader(minijinja::path_loader(data.root.join("templates")));
    env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
    env.set_keep_trailing_newline(true);
    let d = data.clone();
    env.add_function("get_url", move |kwargs: Kwargs| get_url(&d, kwargs));
    let d = data.clone();
    // Keyed once and read without a lock: every marker loads its claim's file, from every
    // thread. The values are shared with `data`, not copied.
    let overrides: Arc<HashMap<PathBuf, Value>> = Arc::new(
        data.data_overrides
            .iter()
            .map(|(path, v)| (PathBuf::from(path), v.clone()))
            .collect(),
    );
    let cache = Arc::new(Mutex::new(HashMap::new()));
    env.add_function("load_data", move |kwargs: Kwargs| {
        load_data(&d, &overrides, &cache, kwargs)
    });
    let d = data;
    env.add_function("now", move |kwargs: Kwargs| now(&d, kwargs));
    env.add_filter("date", date_filter);
    env.add_filter("slugify", |s: String| claim_lint::index::heading_anchor(&s));
    env.add_filter("urlencode_strict", |s: String| urlencode_strict(&s));
    // Tera's name for minijinja's `startingwith`.
    env.add_test("starting_with", |value: String, prefix: String| {
        value.starts_with(&prefix)
    });
    env
}

/// Tera's `urlencode_strict`: every byte but ASCII letters and digits percent-encoded, with
/// upper-case hex. The feedback link's `mailto:` subject needs it (RFC 6068: a space is
/// `%20`, never `+`), and Zola's templates see the same filter under the same name.
pub fn urlencode_strict(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() {
            out.push(byte as char);
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

thread_local! {
    /// What `load_data` calls on this thread read, while [`record_dependencies`] runs.
    static DEPENDENCIES: std::cell::RefCell<Option<Vec<String>>> =
        const { std::cell::RefCell::new(None) };
}

/// Runs `f` (one render, on this thread) and returns what its `load_data` calls read: the
/// `load_data` path of each in-memory file (`citations.yaml`, `citations/<id>.yaml`) and
/// [`file_dependency`] of each file read from disk, sorted and without repeats. `site
/// serve` uses it to re-render exactly the pages whose data changed.
pub fn record_dependencies<T>(f: impl FnOnce() -> T) -> (T, Vec<String>) {
    struct Restore(Option<Vec<String>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let outer = self.0.take();
            DEPENDENCIES.with(|d| *d.borrow_mut() = outer);
        }
    }
    let outer = DEPENDENCIES.with(|d| d.borrow_mut().replace(Vec::new()));
    let restore = Restore(outer);
    let value = f();
    let mut read = DEPENDENCIES
        .with(|d| d.borrow_mut().take())
        .unwrap_or_default();
    drop(restore);
    read.sort();
    read.dedup();
    (value, read)
}

fn record_dependency(key: impl FnOnce() -> String) {
    DEPENDENCIES.with(|d| {
        if let Some(read) = d.borrow_mut().as_mut() {
            read.push(key());
        }
    });
}

/// How [`record_dependencies`] names a file read from disk: `file:` and its path with `.`
/// segments removed, so that `./claims.yaml` and `claims.yaml` are the same file.
pub fn file_dependency(path: &Path) -> String {
    let normal: PathBuf = path.components().collect();
    format!("file:{}", normal.display())
}

fn invalid(msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidOperation, msg.into())
}

/// Names a misspelt argument before any "missing argument" error would hide it. The
/// functions still call `assert_all_used` after reading their arguments.
fn only_known(function: &str, kwargs: &Kwargs, known: &[&str]) -> Result<(), Error> {
    match kwargs.args().find(|a| !known.contains(a)) {
        Some(unknown) => Err(invalid(format!(
            "`{function}`: unknown argument `{unknown}`; expected {}",
            known.join(", ")
        ))),
        None => Ok(()),
    }
}

/// `get_url(path, trailing_slash=false, cachebust=false, lang)` as in Zola. The result is
/// marked safe, as Zola's is, so `/` is not escaped.
fn get_url(data: &SiteData, kwargs: Kwargs) -> Result<Value, Error> {
    only_known(
        "get_url",
        &kwargs,
        &["path", "trailing_slash", "cachebust", "lang"],
    )?;
    let path: String = kwargs.get("path")?;
    let trailing_slash: Option<bool> = kwargs.get("trailing_slash")?;
    let cachebust: Option<bool> = kwargs.get("cachebust")?;
    let lang: Option<String> = kwargs.get("lang")?;
    kwargs.assert_all_used()?;
    if cachebust == Some(true) {
        return Err(invalid(
            "`get_url`: cachebust is not supported by this builder",
        ));
    }
    if let Some(lang) = lang.filter(|l| *l != data.config.default_language) {
        return Err(invalid(format!(
            "`get_url`: `{lang}` is not an authorized language (the site has only `{}`)",
            data.config.default_language
        )));
    }
    let url = if let Some(target) = path.strip_prefix("@/") {
        let (page, anchor) = match target.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (target, None),
        };
        let permalink = data.permalinks.get(page).ok_or_else(|| {
            invalid(format!(
                "`get_url`: could not resolve URL for link `{path}`: there is no content/{page}"
            ))
        })?;
        match anchor {
            Some(a) => format!("{permalink}#{a}"),
            None => permalink.clone(),
        }
    } else {
        let mut url = data.config.make_permalink(&path);
        if trailing_slash != Some(true) && url.ends_with('/') {
            url.pop();
        }
        url
    };
    Ok(Value::from_safe_string(url))
}

/// `load_data(path, format, required=true)` for local YAML, TOML, JSON and plain files.
/// Remote URLs are refused: a health site makes no requests to other hosts, not even at
/// build time.
fn load_data(
    data: &SiteData,
    overrides: &HashMap<PathBuf, Value>,
    cache: &Mutex<HashMap<PathBuf, Value>>,
    kwargs: Kwargs,
) -> Result<Value, Error> {
    only_known("load_data", &kwargs, &["path", "url", "format", "required"])?;
    let path: Option<String> = kwargs.get("path")?;
    let url: Option<String> = kwargs.get("url")?;
    let format: Option<String> = kwargs.get("format")?;
    let required: Option<bool> = kwargs.get("required")?;
    kwargs.assert_all_used()?;
    if url.is_some() {
        return Err(invalid(
            "`load_data`: `url` is not allowed; the site loads only local files",
        ));
    }
    let path = path.ok_or_else(|| invalid("`load_data`: requires a `path` argument"))?;
    let key = path.trim_start_matches('/');
    if let Some(fresh) = overrides.get(Path::new(key)) {
        record_dependency(|| key.to_string());
        return Ok(fresh.clone());
    }
    let leaves_site = Path::new(path.trim_start_matches("@/"))
        .components()
        .any(|c| matches!(c, std::path::Component::ParentDir));
    if leaves_site {
        return Err(invalid(format!(
            "`load_data`: `{path}` is outside the site folder; it reads only files inside the site (its root, static/ or content/)"
        )));
    }
    let found = search_for_file(&data.root, &path);
    // What the render read, for `site serve` to know which pages a changed file touches:
    // the file found, or, when none is, every place it was looked for.
    record_dependency(|| match &found {
        Some(file) => file_dependency(file),
        None => file_dependency(&data.root.join(path.trim_start_matches('/'))),
    });
    let Some(file) = found else {
        if required == Some(false) {
            return Ok(Value::from(()));
        }
        return Err(invalid(format!(
            "`load_data`: {} doesn't exist",
            data.root.join(&path).display()
        )));
    };
    if let Some(hit) = cache.lock().ok().and_then(|c| c.get(&file).cloned()) {
        return Ok(hit);
    }
    let value = Value::from_serialize(read_data_file(&file, format.as_deref())?);
    if let Ok(mut c) = cache.lock() {
        c.insert(file, value.clone());
    }
    Ok(value)
}

/// Zola's search order: the site root, then `static/`, then `content/`; `@/` means
/// `content/`. Paths may not leave the site.
fn search_for_file(root: &Path, path: &str) -> Option<PathBuf> {
    let relative = match path.strip_prefix("@/") {
        Some(p) => format!("content/{p}"),
        None => path.trim_start_matches('/').to_string(),
    };
    if Path::new(&relative)
        .components()
        .any(|c| matches!(c, std::path::Component::ParentDir))
    {
        return None;
    }
    [
        root.to_path_buf(),
        root.join("static"),
        root.join("content"),
    ]
    .iter()
    .map(|dir| dir.join(&relative))
    .find(|p| p.is_file())
}

fn read_data_file(file: &Path, format: Option<&str>) -> Result<serde_json::Value, Error> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| invalid(format!("`load_data`: cannot read {}: {e}", file.display())))?;
    let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
    let format = format.unwrap_or(ext).to_ascii_lowercase();
    let bad = |what: &str, e: String| {
        invalid(format!(
            "`load_data`: {} is not valid {what}: {e}",
            file.display()
        ))
    };
    match format.as_str() {
        "yaml" | "yml" => serde_norway::from_str(&text).map_err(|e| bad("YAML", e.to_string())),
        "toml" => toml::from_str::<toml::Value>(&text)
            .map(toml_to_json)
            .map_err(|e| bad("TOML", e.message().to_string())),
        "json" => serde_json::from_str(&text).map_err(|e| bad("JSON", e.to_string())),
        "plain" | "txt" | "" => Ok(serde_json::Value::String(text)),
        other => Err(invalid(format!(
            "`load_data`: unknown format `{other}`; expected yaml, toml, json or plain"
        ))),
    }
}

/// `now(timestamp=false, utc=false)` as in Tera: an RFC 3339 string or a Unix timestamp.
fn now(data: &SiteData, kwargs: Kwargs) -> Result<Value, Error> {
    only_known("now", &kwargs, &["timestamp", "utc"])?;
    let timestamp: Option<bool> = kwargs.get("timestamp")?;
    let utc: Option<bool> = kwargs.get("utc")?;
    kwargs.assert_all_used()?;
    let now = if utc == Some(true) {
        data.now.with_timezone(&Utc).fixed_offset()
    } else {
        data.now
    };
    if timestamp == Some(true) {
        return Ok(Value::from(now.timestamp()));
    }
    Ok(Value::from(now.to_rfc3339()))
}

/// Tera's `date(format="%Y-%m-%d")` filter: takes `YYYY-MM-DD`, an RFC 3339 date-time, or a
/// Unix timestamp.
fn date_filter(value: Value, kwargs: Kwargs) -> Result<String, Error> {
    only_known("date", &kwargs, &["format", "timezone", "locale"])?;
    let format: Option<String> = kwargs.get("format")?;
    let timezone: Option<String> = kwargs.get("timezone")?;
    let locale: Option<String> = kwargs.get("locale")?;
    kwargs.assert_all_used()?;
    if timezone.is_some() || locale.is_some() {
        return Err(invalid(
            "`date`: timezone and locale are not supported by this builder",
        ));
    }
    let format = format.unwrap_or_else(|| "%Y-%m-%d".into());
    // chrono's Display panics on a bad format string; check it first.
    if chrono::format::StrftimeItems::new(&format).any(|i| matches!(i, chrono::format::Item::Error))
    {
        return Err(invalid(format!("`date`: invalid format `{format}`")));
    }
    let when = parse_when(&value)?;
    // chrono reports a format that cannot apply as a formatting error, which `to_string`
    // would turn into a panic.
    let mut out = String::new();
    write!(out, "{}", when.format(&format)).map_err(|_| {
        invalid(format!(
            "`date`: the format `{format}` does not fit {value}"
        ))
    })?;
    Ok(out)
}

/// The date-time a value stands for; a plain date is midnight UTC, as in Tera.
fn parse_when(value: &Value) -> Result<DateTime<FixedOffset>, Error> {
    if let Some(ts) = value.as_i64() {
        let dt = DateTime::from_timestamp(ts, 0)
            .ok_or_else(|| invalid(format!("`date`: {ts} is not a valid timestamp")))?;
        return Ok(dt.fixed_offset());
    }
    let s = value.as_str().ok_or_else(|| {
        invalid(format!(
            "`date`: expected a date string or a timestamp, got {value}"
        ))
    })?;
    if s.contains('T') {
        if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
            return Ok(dt);
        }
        let dt = s.parse::<NaiveDateTime>().map_err(|_| {
            invalid(format!(
                "`date`: error parsing `{s}` as an RFC 3339 date-time"
            ))
        })?;
        return Ok(dt.and_utc().fixed_offset());
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(|d| d.and_time(chrono::NaiveTime::MIN).and_utc().fixed_offset())
        .map_err(|_| invalid(format!("`date`: error parsing `{s}` as a YYYY-MM-DD date")))
}

/// A template error as an input error: the template file, its line, and the whole chain of
/// causes (minijinja nests the error of an included template inside the outer one).
pub fn template_error(root: &Path, err: &Error, while_doing: &str) -> FileError {
    let mut deepest = err;
    let mut messages = vec![err.to_string()];
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        if let Some(inner) = s.downcast_ref::<Error>() {
            deepest = inner;
        }
        messages.push(s.to_string());
        source = s.source();
    }
    let path = match deepest.name() {
        Some(name) => root.join("templates").join(name),
        None => root.join("templates"),
    };
    FileError::at_line(
        &path,
        deepest.line(),
        format!("{} (while {while_doing})", messages.join(": ")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(root: &Path) -> Arc<SiteData> {
        let config = SiteConfig::parse(
            Path::new("config.toml"),
            "base_url = \"https://x.org\"\n[extra.clinic]\nname = \"C\"\n[extra.crisis]\nreviewed = true\nlines = []\n",
            None,
        )
        .unwrap();
        let mut permalinks = HashMap::new();
        permalinks.insert("sources.md".into(), "https://x.org/sources/".into());
        Arc::new(SiteData {
            root: root.to_path_buf(),
            config,
            permalinks,
            data_overrides: HashMap::new(),
            now: DateTime::parse_from_rfc3339("2026-11-22T12:00:00+00:00").unwrap(),
        })
    }

    fn render(src: &str) -> Result<String, Error> {
        let env = environment(data(Path::new("/nonexistent")));
        env.render_str(src, ())
    }

    #[test]
    fn get_url_resolves_pages_and_files_unescaped() {
        assert_eq!(
            render("{{ get_url(path='@/sources.md') }}#a {{ get_url(path='style.css') }}").unwrap(),
            "https://x.org/sources/#a https://x.org/style.css"
        );
        assert!(render("{{ get_url(path='@/missing.md') }}").is_err());
    }

    #[test]
    fn misspelt_arguments_are_errors() {
        let e = render("{{ get_url(pth='x') }}").unwrap_err();
        assert!(
            e.to_string().contains("path") || e.to_string().contains("pth"),
            "{e}"
        );
        assert!(render("{{ now(utc=true, foo=1) }}").is_err());
        assert!(render("{{ '2026-01-02' | date(fmt='%Y') }}").is_err());
    }

    #[test]
    fn date_filter_reads_dates_datetimes_and_timestamps() {
        assert_eq!(
            render("{{ '2026-01-02' | date(format='%-d %B %Y') }}").unwrap(),
            "2 January 2026"
        );
        assert_eq!(
            render("{{ now() | date(format='%Y%m%d') }}").unwrap(),
            "20261122"
        );
        assert_eq!(render("{{ 0 | date }}").unwrap(), "1970-01-01");
        assert!(render("{{ 'soon' | date }}").is_err());
        assert!(render("{{ '2026-01-02' | date(format='%Q') }}").is_err());
        assert_eq!(
            render("{{ '2026-01-02' | date(format='%H') }}").unwrap(),
            "00"
        );
    }

    #[test]
    fn urlencode_strict_encodes_all_but_letters_and_digits() {
        assert_eq!(
            render("{{ 'Feedback: Is it me? (/a-b/) & “x”' | urlencode_strict }}").unwrap(),
            "Feedback%3A%20Is%20it%20me%3F%20%28%2Fa%2Db%2F%29%20%26%20%E2%80%9Cx%E2%80%9D"
        );
    }

    #[test]
    fn starting_with_is_teras_test() {
        assert_eq!(
            render("{% if 'mailto:a@b.org' is starting_with('mailto:') %}y{% endif %}{% if 'tel:1' is starting_with('mailto:') %}n{% endif %}")
                .unwrap(),
            "y"
        );
    }

    #[test]
    fn undefined_is_false_in_if_but_an_error_when_printed() {
        assert_eq!(render("{% if page %}x{% else %}y{% endif %}").unwrap(), "y");
        assert!(render("{{ page }}").is_err());
    }

    #[test]
    fn load_data_refuses_urls_and_missing_files() {
        assert!(render("{{ load_data(url='https://example.org/x.json') }}").is_err());
        assert!(render("{{ load_data(path='nope.yaml') }}").is_err());
        assert_eq!(
            render("{% if load_data(path='nope.yaml', required=false) is none %}none{% endif %}")
                .unwrap(),
            "none"
        );
    }
}
