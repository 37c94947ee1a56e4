//! What the clinic tells readers about the pages and itself, from `config.toml`:
//!
//! - `[extra.credits]`: who wrote and edited the pages, and who reviewed them for lived
//!   experience (a page's own `[extra.credits]` replaces a role for that page);
//! - `[extra.feedback]`: where "Was this page useful? Tell us" goes;
//! - `[[extra.support.services]]`: local support and family programmes, shown by the
//!   `{{ local_support() }}` shortcode.
//!
//! The templates read these keys straight from `config.extra` (Zola sees only the raw
//! config), so nothing here changes what they see. This module checks the keys with typed
//! structs first, so that a typing mistake is an error naming the file, the line and the
//! shape expected, instead of a page that silently says "not named yet" or a broken link.

use crate::error::{line_of, FileError};
use serde::Deserialize;
use std::ops::Range;
use std::path::Path;
use toml::Spanned;

/// The three settings, checked. Empty lists and empty strings mean "not set".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClinicSettings {
    pub credits: Credits,
    pub feedback: Feedback,
    pub support: Vec<SupportService>,
}

/// Who made the pages. At site level a missing or empty list means "not named yet"; in a
/// page's front matter a role that is given (even empty) replaces the site's for that page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Credits {
    pub writers: Option<Vec<String>>,
    pub editors: Option<Vec<String>>,
    pub lived_experience: Option<Vec<String>>,
}

/// Where readers send feedback. Neither set: the first e-mail address among the clinic's
/// contacts, or plain words on how to reach the clinic.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Feedback {
    /// An address, without `mailto:`.
    pub email: Option<String>,
    /// `@/page.md` (a page of this site) or an address on the site's own origin.
    pub form: Option<String>,
    /// The line of `form` in config.toml, for the error when its `@/` page is missing.
    pub form_line: Option<usize>,
}

impl Feedback {
    /// An `@/page.md` form whose page is not among `pages` (paths relative to content/):
    /// found when the pages are known, as Zola's `get_url` would fail on it.
    pub fn check_form_page(
        &self,
        config_path: &Path,
        pages: impl Fn(&str) -> bool,
    ) -> Result<(), FileError> {
        let Some(page) = self.form.as_deref().and_then(|f| f.strip_prefix("@/")) else {
            return Ok(());
        };
        let page = page.split('#').next().unwrap_or(page);
        if pages(page) {
            return Ok(());
        }
        Err(FileError::at_line(
            config_path,
            self.form_line,
            format!("`[extra.feedback] form`: there is no content/{page}; expected a page of this site, like \"@/feedback.md\", or a full address on this site"),
        ))
    }
}

/// One local service or family programme.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupportService {
    pub name: String,
    /// What it offers, in a sentence or two.
    pub offers: String,
    /// Who it is for.
    pub for_whom: String,
    /// The number as readers should see it.
    #[serde(default)]
    pub phone: String,
    /// What a phone dials; makes the number a link.
    #[serde(default)]
    pub tel: String,
    #[serde(default)]
    pub web: String,
    #[serde(default)]
    pub email: String,
}

// ------------------------------------------------------------------ the file's shape

#[derive(Deserialize, Default)]
struct ConfigFile {
    #[serde(default)]
    extra: ExtraKeys,
}

/// Only the keys this module owns; the rest of `[extra]` is left to config.rs and claim-lint.
#[derive(Deserialize, Default)]
struct ExtraKeys {
    #[serde(default)]
    credits: Option<Spanned<Credits>>,
    #[serde(default)]
    feedback: Option<RawFeedback>,
    #[serde(default)]
    support: Option<RawSupport>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawFeedback {
    #[serde(default)]
    email: Option<Spanned<String>>,
    #[serde(default)]
    form: Option<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawSupport {
    #[serde(default)]
    services: Vec<Spanned<SupportService>>,
}

/// A page's front matter, for its `[extra.credits]` only.
#[derive(Deserialize, Default)]
struct FrontMatter {
    #[serde(default)]
    extra: PageExtra,
}

#[derive(Deserialize, Default)]
struct PageExtra {
    #[serde(default)]
    credits: Option<Spanned<Credits>>,
}

// ------------------------------------------------------------------ what each table expects

const CREDITS_SHAPE: &str = "lists of names in quotes under [extra.credits]: writers = [\"Sam Lee, health writer\"], editors = [...], lived_experience = [...]; leave a list empty until the clinic names them";
const FEEDBACK_SHAPE: &str = "under [extra.feedback], email = \"feedback@clinic.example\" (an address, without mailto:) and/or form = \"@/feedback.md\" (a page of this site) or the full address of a form on this site";
const SUPPORT_SHAPE: &str = "one [[extra.support.services]] table per service, with name, offers and for_whom in quotes, and at least one way to reach it: phone (with tel, what a phone dials), web or email";

/// The shape expected of the table a TOML line sits in, by its header.
fn shape_of_table(header: &str) -> Option<(&'static str, &'static str)> {
    if header.contains("credits") {
        Some(("[extra.credits]", CREDITS_SHAPE))
    } else if header.contains("feedback") {
        Some(("[extra.feedback]", FEEDBACK_SHAPE))
    } else if header.contains("support") {
        Some(("[[extra.support.services]]", SUPPORT_SHAPE))
    } else {
        None
    }
}

/// The last `[table]` or `[[table]]` header at or before `line` (1-based) of `text`, with
/// the line itself: together they say which table a value is in, whether it is written under
/// a header or inline (`credits = { … }`).
fn table_context(text: &str, line: usize) -> String {
    let header = text
        .lines()
        .take(line)
        .filter(|l| l.trim_start().starts_with('['))
        .last()
        .unwrap_or("");
    let own = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
    format!("{header} {own}")
}

// ------------------------------------------------------------------ the site's settings

impl ClinicSettings {
    /// Reads and checks the settings in the text of `config.toml` (at `path`, for errors).
    /// `base_url` is the file's own, to tell whether a form is on the site's origin.
    pub fn parse(path: &Path, text: &str, base_url: Option<&str>) -> Result<Self, FileError> {
        let file: ConfigFile = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of(text, s.start));
            shape_error(path, text, line, e.message())
        })?;
        let at = |span: Range<usize>| Some(line_of(text, span.start));
        let credits = match file.extra.credits {
            Some(c) => {
                check_credits(c.get_ref())
                    .map_err(|m| FileError::at_line(path, at(c.span()), m))?;
                c.into_inner()
            }
            None => Credits::default(),
        };
        let raw = file.extra.feedback.unwrap_or_default();
        let email = match raw.email {
            Some(e) => check_email(e.get_ref(), "[extra.feedback] email")
                .map_err(|m| FileError::at_line(path, at(e.span()), m))?,
            None => None,
        };
        let form_line = raw.form.as_ref().and_then(|f| at(f.span()));
        let form = match raw.form {
            Some(f) => check_form(f.get_ref(), base_url)
                .map_err(|m| FileError::at_line(path, at(f.span()), m))?,
            None => None,
        };
        let mut support = Vec::new();
        for (i, service) in file
            .extra
            .support
            .unwrap_or_default()
            .services
            .into_iter()
            .enumerate()
        {
            check_service(service.get_ref(), i + 1)
                .map_err(|m| FileError::at_line(path, at(service.span()), m))?;
            support.push(service.into_inner());
        }
        Ok(ClinicSettings {
            credits,
            feedback: Feedback {
                email,
                form,
                form_line,
            },
            support,
        })
    }
}

/// The error for a value of the wrong type or an unknown key: where, what serde said, and
/// the shape its table expects.
fn shape_error(path: &Path, text: &str, line: Option<usize>, message: &str) -> FileError {
    let (table, shape) = line
        .and_then(|l| shape_of_table(&table_context(text, l)))
        .unwrap_or(("[extra]", "the shapes in docs/guides/clinic-settings.md"));
    FileError::at_line(
        path,
        line,
        format!("`{table}`: {}; expected {shape}", message.trim()),
    )
}

fn check_credits(credits: &Credits) -> Result<(), String> {
    let roles = [
        ("writers", &credits.writers),
        ("editors", &credits.editors),
        ("lived_experience", &credits.lived_experience),
    ];
    for (role, names) in roles {
        let blank = names.iter().flatten().any(|n| n.trim().is_empty());
        if blank {
            return Err(format!(
                "`[extra.credits] {role}`: a name is empty; expected {CREDITS_SHAPE}"
            ));
        }
    }
    Ok(())
}

/// An e-mail address a `mailto:` link can carry as it is. `""` means not set.
fn check_email(value: &str, key: &str) -> Result<Option<String>, String> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    if value.starts_with("mailto:") {
        return Err(format!(
            "`{key}`: write the address without `mailto:`, like \"feedback@clinic.example\""
        ));
    }
    let plain = |part: &str| {
        !part.is_empty()
            && part
                .chars()
                .all(|c| c.is_alphanumeric() || "._+-".contains(c))
    };
    match value.split_once('@') {
        Some((local, domain)) if plain(local) && plain(domain) && domain.contains('.') => {
            Ok(Some(value.to_string()))
        }
        _ => Err(format!(
            "`{key}`: `{value}` is not an e-mail address; expected one like \"feedback@clinic.example\""
        )),
    }
}

/// A form on the clinic's own site: `@/page.md`, or a full address on the origin of
/// `base_url`. Never another site: feedback about a health page stays with the clinic.
fn check_form(value: &str, base_url: Option<&str>) -> Result<Option<String>, String> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    // The page's address is added as `?page=…`; after a `#` it would land in the fragment,
    // and the form would never receive it.
    if value.contains('#') {
        return Err(format!(
            "`[extra.feedback] form`: `{value}` has a `#` part; expected the form's address without one, like \"@/feedback.md\" or \"{}/feedback/\"",
            base_url.unwrap_or("https://clinic.example").trim_end_matches('/')
        ));
    }
    if value.starts_with("@/") {
        return Ok(Some(value.to_string()));
    }
    let ours = base_url.and_then(origin);
    match (origin(value), ours) {
        (Some(theirs), Some(ours)) if theirs == ours => Ok(Some(value.to_string())),
        (Some(theirs), _) => Err(format!(
            "`[extra.feedback] form`: `{value}` is on {theirs}, not on this site ({}); expected a form on the clinic's own site: \"@/feedback.md\" for a page of this site, or a full address that starts with base_url. No other site may receive readers' feedback",
            base_url.unwrap_or("no base_url")
        )),
        (None, _) => Err(format!(
            "`[extra.feedback] form`: `{value}` is not a full address; expected \"@/feedback.md\" for a page of this site, or a full address on this site, like \"{}/feedback/\"",
            base_url.unwrap_or("https://clinic.example").trim_end_matches('/')
        )),
    }
}

/// `scheme://host[:port]` of an http(s) address, as browsers parse and compare origins
/// (the `url` crate follows the WHATWG URL standard: `\\` counts as `/`, userinfo before
/// `@` is not the host, default ports are dropped).
fn origin(address: &str) -> Option<String> {
    let parsed = url::Url::parse(address).ok()?;
    if !matches!(parsed.scheme(), "https" | "http") || parsed.host_str().is_none() {
        return None;
    }
    Some(parsed.origin().ascii_serialization())
}

fn check_service(s: &SupportService, number: usize) -> Result<(), String> {
    let which = if s.name.trim().is_empty() {
        format!("service {number}")
    } else {
        format!("service {number} ({})", s.name.trim())
    };
    for (key, value) in [
        ("name", &s.name),
        ("offers", &s.offers),
        ("for_whom", &s.for_whom),
    ] {
        if value.trim().is_empty() {
            return Err(format!(
                "`[[extra.support.services]]` {which}: `{key}` is empty; expected {SUPPORT_SHAPE}"
            ));
        }
    }
    if [&s.phone, &s.web, &s.email]
        .iter()
        .all(|v| v.trim().is_empty())
    {
        return Err(format!(
            "`[[extra.support.services]]` {which}: no way to reach it; expected {SUPPORT_SHAPE}"
        ));
    }
    if !s.tel.is_empty() {
        let dialable = s
            .tel
            .chars()
            .enumerate()
            .all(|(i, c)| c.is_ascii_digit() || (i == 0 && c == '+'));
        if !dialable || s.phone.trim().is_empty() {
            return Err(format!(
                "`[[extra.support.services]]` {which}: `tel` must be digits (a leading + is fine) with `phone` beside it, the number as readers see it; like phone = \"020 7946 0001\", tel = \"+442079460001\""
            ));
        }
    }
    if !s.web.is_empty() && origin(&s.web).is_none() {
        return Err(format!(
            "`[[extra.support.services]]` {which}: `web` must be a full address starting with https://"
        ));
    }
    check_email(
        &s.email,
        &format!("[[extra.support.services]] {which} email"),
    )?;
    Ok(())
}

// ------------------------------------------------------------------ a page's own credits

/// Checks a page's `[extra.credits]`, if it has one. `front_matter` is the TOML between the
/// `+++` lines; `line_offset` turns its lines into the file's.
pub fn check_page_credits(
    file: &Path,
    front_matter: &str,
    first_line: usize,
) -> Result<(), FileError> {
    let to_file_line =
        |span: Range<usize>| Some(line_of(front_matter, span.start) + first_line - 1);
    let parsed: FrontMatter = toml::from_str(front_matter).map_err(|e| {
        let line = e.span().and_then(to_file_line);
        FileError::at_line(
            file,
            line,
            format!(
                "front matter `[extra.credits]`: {}; expected {}",
                e.message().trim(),
                CREDITS_SHAPE.replace("[extra.credits]", "[extra.credits] in the front matter")
            ),
        )
    })?;
    if let Some(credits) = parsed.extra.credits {
        check_credits(credits.get_ref())
            .map_err(|m| FileError::at_line(file, to_file_line(credits.span()), m))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<ClinicSettings, FileError> {
        ClinicSettings::parse(
            Path::new("config.toml"),
            text,
            Some("https://clinic.example"),
        )
    }

    #[test]
    fn nothing_set_is_fine_and_empty() {
        assert_eq!(parse("").unwrap(), ClinicSettings::default());
        let shipped = "[extra.credits]\nwriters = []\neditors = []\nlived_experience = []\n[extra.feedback]\nemail = \"\"\nform = \"\"\n";
        let feedback = parse(shipped).unwrap().feedback;
        assert_eq!((feedback.email, feedback.form), (None, None));
    }

    const SHIPPED: &str = include_str!("../../../config.toml");

    /// The site ships no names and no services: a clinic fills them in.
    #[test]
    fn the_shipped_config_names_no_one_and_lists_no_service() {
        let shipped = parse(SHIPPED).unwrap();
        assert_eq!(shipped.support, []);
        let c = &shipped.credits;
        for names in [&c.writers, &c.editors, &c.lived_experience] {
            assert!(names.iter().flatten().next().is_none(), "{c:?}");
        }
    }

    /// The commented example service in the shipped config, uncommented but not filled in,
    /// must stop the build rather than publish a service that does not exist.
    #[test]
    fn the_shipped_example_service_is_refused_until_filled_in() {
        let start = SHIPPED.find("# [[extra.support.services]]").unwrap();
        let example: String = SHIPPED[start..]
            .lines()
            .take_while(|l| l.starts_with("# "))
            .map(|l| format!("{}\n", &l[2..]))
            .collect();
        assert!(example.contains("for_whom"), "{example}");
        assert!(parse(&example).is_err(), "{example}");
    }

    #[test]
    fn a_string_for_a_list_names_the_table_line_and_shape() {
        let e = parse("[extra]\n\n[extra.credits]\nwriters = \"Sam Lee\"\n").unwrap_err();
        assert_eq!(e.line, Some(4), "{e}");
        assert!(e.message.contains("[extra.credits]"), "{e}");
        assert!(
            e.message.contains("writers = [\"Sam Lee, health writer\"]"),
            "{e}"
        );
    }

    #[test]
    fn a_misspelt_role_is_an_error() {
        let e = parse("[extra.credits]\nwriter = [\"A\"]\n").unwrap_err();
        assert!(e.message.contains("writer"), "{e}");
        assert_eq!(e.line, Some(2), "{e}");
    }

    #[test]
    fn feedback_email_and_form_are_checked() {
        let ok = parse("[extra.feedback]\nemail = \"tell.us@clinic.example\"\nform = \"https://CLINIC.example:443/feedback/\"\n").unwrap();
        assert_eq!(ok.feedback.email.as_deref(), Some("tell.us@clinic.example"));
        let e = parse("[extra.feedback]\nemail = \"mailto:a@b.org\"\n").unwrap_err();
        assert!(e.message.contains("without `mailto:`"), "{e}");
        let e = parse("[extra.feedback]\nemail = \"a@b.org?cc=x@y.org\"\n").unwrap_err();
        assert!(e.message.contains("not an e-mail address"), "{e}");
        let e = parse("[extra.feedback]\n\nform = \"https://forms.example.com/x\"\n").unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        assert!(e.message.contains("not on this site"), "{e}");
        let e = parse("[extra.feedback]\nform = \"/feedback/\"\n").unwrap_err();
        assert!(e.message.contains("@/feedback.md"), "{e}");
        assert!(parse("[extra.feedback]\nform = \"@/feedback.md\"\n").is_ok());
    }

    #[test]
    fn services_need_name_offer_audience_and_a_way_to_reach_them() {
        let good = "[[extra.support.services]]\nname = \"Family group\"\noffers = \"Monthly evenings.\"\nfor_whom = \"Families\"\nphone = \"01 234\"\ntel = \"+01234\"\n";
        assert_eq!(parse(good).unwrap().support.len(), 1);
        let e = parse(&good.replace("for_whom = \"Families\"\n", "")).unwrap_err();
        assert!(e.message.contains("for_whom"), "{e}");
        assert!(e.message.contains("[[extra.support.services]]"), "{e}");
        let unreachable =
            "[[extra.support.services]]\nname = \"G\"\noffers = \"O\"\nfor_whom = \"F\"\n";
        let e = parse(unreachable).unwrap_err();
        assert!(e.message.contains("no way to reach it"), "{e}");
        assert_eq!(e.line, Some(1), "{e}");
        let e = parse(&good.replace("+01234", "call us")).unwrap_err();
        assert!(e.message.contains("tel"), "{e}");
        let e = parse(&format!("{good}web = \"www.x.org\"\n")).unwrap_err();
        assert!(e.message.contains("https://"), "{e}");
    }

    #[test]
    fn origins_compare_as_browsers_do() {
        assert_eq!(origin("https://A.org/x"), Some("https://a.org".into()));
        assert_eq!(origin("https://a.org:443"), Some("https://a.org".into()));
        assert_eq!(
            origin("http://a.org:8000/"),
            Some("http://a.org:8000".into())
        );
        assert_eq!(
            origin("https://evil.org@a.org/"),
            Some("https://a.org".into())
        );
        assert_eq!(origin("mailto:a@b.org"), None);
        assert_eq!(origin("/feedback/"), None);
        // Browsers read a backslash as a slash: the host here is evil.example.
        assert_eq!(
            origin("https://evil.example\\@clinic.example/f"),
            Some("https://evil.example".into())
        );
    }

    #[test]
    fn a_form_on_another_site_behind_a_backslash_or_with_a_fragment_is_refused() {
        let base = Some("https://clinic.example");
        assert!(check_form("https://evil.example\\@clinic.example/f", base).is_err());
        let e = check_form("https://clinic.example/f#top", base).unwrap_err();
        assert!(e.contains("`#`"), "{e}");
        assert!(check_form("@/feedback.md#form", base).is_err());
        assert!(check_form("https://clinic.example/f", base).is_ok());
    }

    #[test]
    fn page_credits_errors_point_into_the_page() {
        let fm = "title = \"x\"\n[extra]\ncredits = { writers = \"A\" }\n";
        let e = check_page_credits(Path::new("content/a.md"), fm, 2).unwrap_err();
        assert_eq!(e.line, Some(4), "{e}");
        assert!(e.message.contains("in the front matter"), "{e}");
        let fm = "title = \"x\"\n[extra.credits]\nwriters = [\"\"]\n";
        assert!(check_page_credits(Path::new("a.md"), fm, 2).is_err());
        assert!(check_page_credits(Path::new("a.md"), "title = \"x\"\n", 2).is_ok());
    }
}
