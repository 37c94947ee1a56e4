//! Front matter, typed like Zola's `PageFrontMatter` and `SectionFrontMatter`, with a typed
//! `[extra]` for the fields this project adds: review dates, the sign-off and crisis help.
//!
//! Both claim-lint and the site read a page's front matter through [`parse`], so a value
//! one tool rejects the other rejects too, with the same message at the same line. Keys
//! that Zola knows and this project does not model are kept in [`ParsedFrontMatter::table`]
//! (the templates read `[extra]` from it); unknown keys are not an error here, as in Zola's
//! page front matter (the site rejects unknown keys in a section's, as Zola does).

use crate::claims::Date;
use crate::page::PageSource;
use serde::{Deserialize, Deserializer};
use std::num::NonZeroUsize;

/// How a section orders its pages (Zola's `sort_by`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    #[default]
    None,
    Weight,
    Date,
    Title,
}

/// The keys of a page's or a section's front matter that the tools read.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PageFrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    /// A TOML date or date-time, or a string, kept as written (Zola accepts both).
    #[serde(deserialize_with = "date_as_written")]
    pub date: Option<String>,
    #[serde(deserialize_with = "date_as_written")]
    pub updated: Option<String>,
    pub weight: Option<i64>,
    pub draft: bool,
    pub template: Option<String>,
    pub slug: Option<String>,
    pub path: Option<String>,
    pub aliases: Vec<String>,
    /// Section only: how its pages are ordered.
    pub sort_by: SortBy,
    /// Section only: the default template of its pages.
    pub page_template: Option<String>,
    /// Section only: how many pages one listing page holds.
    pub paginate_by: Option<NonZeroUsize>,
    /// Section only: its pages also belong to its parent section.
    pub transparent: bool,
    pub extra: PageExtra,
}

/// The `[extra]` keys this project defines. Other `[extra]` keys are the templates' own.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PageExtra {
    /// When a clinician last reviewed the page.
    #[serde(deserialize_with = "review_date")]
    pub reviewed: Option<Date>,
    /// When the page is next due for review.
    #[serde(deserialize_with = "review_date")]
    pub next_review: Option<Date>,
    /// Who reviewed it: a name and role, or "pending clinical review".
    pub reviewed_by: Option<String>,
    /// Written only by `claim-lint sign`: the digest of the page text that was signed.
    pub review_digest: Option<String>,
    /// The page offers crisis help some other way than the `crisis_help` shortcode.
    pub crisis_help: bool,
}

/// A page's front matter: the typed keys, the whole table, and where it sits in the file.
#[derive(Debug, Clone)]
pub struct ParsedFrontMatter {
    pub fields: PageFrontMatter,
    /// Every key as written, for the keys the tools do not model.
    pub table: toml::Table,
    /// Byte offset of the TOML text in the file.
    pub offset: usize,
}

impl ParsedFrontMatter {
    /// The `[extra]` table as written, or an empty one.
    pub fn extra_table(&self) -> Option<&toml::Table> {
        self.table.get("extra").and_then(|e| e.as_table())
    }

    /// 1-based line of the file where `key` is set at the top level, if it is: a
    /// `key = …` line before the first table, or a `[key]`, `[key.…]` or `[[key]]` header.
    pub fn key_line(&self, text: &str, key: &str) -> Option<usize> {
        self.key_offset(text, key)
            .map(|(line_start, _)| crate::diagnostic::line_col(text, line_start).0)
    }

    /// Byte offset in the file of a top-level `key = value`'s value, if it is set so.
    pub fn value_offset(&self, text: &str, key: &str) -> Option<usize> {
        self.key_offset(text, key).and_then(|(_, value)| value)
    }

    /// Where `key` is set at the top level: the start of its line, and for `key = value`
    /// the start of the value.
    fn key_offset(&self, text: &str, key: &str) -> Option<(usize, Option<usize>)> {
        let mut offset = self.offset;
        let mut in_table = false;
        for line in text[self.offset..].split_inclusive('\n') {
            let trimmed = line.trim();
            if trimmed == "+++" {
                return None;
            }
            if let Some(header) = trimmed.strip_prefix('[') {
                let name = header.trim_start_matches('[').trim_end_matches(']').trim();
                let first = name
                    .split('.')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .trim_matches('"');
                if first == key {
                    return Some((offset, None));
                }
                in_table = true;
            } else if let Some((name, value)) = line.split_once('=').filter(|_| !in_table) {
                if name.trim().trim_matches('"') == key {
                    let value_start =
                        line.len() - value.len() + (value.len() - value.trim_start().len());
                    return Some((offset, Some(offset + value_start)));
                }
            }
            offset += line.len();
        }
        None
    }
}

/// Front matter that cannot be read, located in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatterError {
    /// Byte offset in the file.
    pub offset: usize,
    pub message: String,
    /// What to do about it.
    pub suggestion: &'static str,
}

/// Reads a page's front matter. `Ok(None)` when the page has none.
pub fn parse(source: &PageSource) -> Result<Option<ParsedFrontMatter>, FrontMatterError> {
    if source.unclosed_front_matter {
        return Err(FrontMatterError {
            offset: 0,
            message: "front matter is opened with +++ but never closed".into(),
            suggestion: "add a line with only +++ after the front matter",
        });
    }
    let Some(fm) = &source.front_matter else {
        return Ok(None);
    };
    // First the TOML itself, then the types of the keys the tools read.
    let located = |e: toml::de::Error, syntax: bool| {
        let start = e.span().map_or(0, |s| s.start);
        let message = match key_at(&fm.toml, start).filter(|_| !syntax) {
            Some(key) => format!("front matter `{key}`: {}", e.message().trim()),
            None => format!("front matter is not valid TOML: {}", e.message().trim()),
        };
        FrontMatterError {
            offset: fm.offset + start,
            message,
            suggestion: "fix the TOML; strings need double quotes, dates are written 2026-11-22",
        }
    };
    let table: toml::Table = toml::from_str(&fm.toml).map_err(|e| located(e, true))?;
    // The typed keys come from the table already parsed; only when a value has the wrong
    // type is the text parsed again, for the error's position.
    let fields = toml::Value::Table(table.clone())
        .try_into::<PageFrontMatter>()
        .or_else(|_| toml::from_str::<PageFrontMatter>(&fm.toml))
        .map_err(|e| located(e, false))?;
    Ok(Some(ParsedFrontMatter {
        fields,
        table,
        offset: fm.offset,
    }))
}

/// The key set on the line holding `offset`, for messages about its value.
fn key_at(toml_text: &str, offset: usize) -> Option<&str> {
    let offset = offset.min(toml_text.len());
    let line_start = toml_text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = &toml_text[line_start..];
    let line = line.split('\n').next().unwrap_or("");
    let (key, _) = line.split_once('=')?;
    let key = key.trim().trim_matches('"');
    (!key.is_empty() && !key.contains(' ')).then_some(key)
}

/// A date as the reader will see it: a TOML date or date-time, or a string.
fn date_as_written<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    match Option::<toml::Value>::deserialize(d)? {
        None => Ok(None),
        Some(toml::Value::Datetime(dt)) => Ok(Some(dt.to_string())),
        Some(toml::Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(serde::de::Error::custom(
            "expected a date written 2026-11-22",
        )),
    }
}

/// A review date: a TOML date (a date-time's date part counts) or a `YYYY-MM-DD` string.
fn review_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
    let date = match Option::<toml::Value>::deserialize(d)? {
        None => return Ok(None),
        Some(toml::Value::Datetime(dt)) => dt.date.and_then(|d| Date::parse(&d.to_string())),
        Some(toml::Value::String(s)) => Date::parse(&s),
        Some(_) => None,
    };
    date.map(Some).ok_or_else(|| {
        serde::de::Error::custom("expected a date written 2026-11-22, without quotes")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::split_front_matter;

    fn read(text: &str) -> Result<Option<ParsedFrontMatter>, FrontMatterError> {
        parse(&split_front_matter(text))
    }

    #[test]
    fn reads_zola_keys_and_the_project_extra() {
        let text = "+++\ntitle = \"T\"\nweight = 3\ndate = 2026-01-02\nsort_by = \"weight\"\npaginate_by = 5\n[extra]\nreviewed = 2026-11-22\nnext_review = \"2027-11-22\"\nreviewed_by = \"pending clinical review\"\ncrisis_help = true\nfootnote = \"kept\"\n+++\nBody.\n";
        let fm = read(text).unwrap().unwrap();
        assert_eq!(fm.fields.title.as_deref(), Some("T"));
        assert_eq!(fm.fields.weight, Some(3));
        assert_eq!(fm.fields.date.as_deref(), Some("2026-01-02"));
        assert_eq!(fm.fields.sort_by, SortBy::Weight);
        assert_eq!(fm.fields.paginate_by.map(|n| n.get()), Some(5));
        assert_eq!(fm.fields.extra.reviewed, Date::parse("2026-11-22"));
        assert_eq!(fm.fields.extra.next_review, Date::parse("2027-11-22"));
        assert!(fm.fields.extra.crisis_help);
        assert!(fm.extra_table().unwrap().contains_key("footnote"));
        assert_eq!(fm.key_line(text, "weight"), Some(3));
        assert!(text[fm.value_offset(text, "title").unwrap()..].starts_with("\"T\""));
        let quoted = "+++\n\"title\" =   'T'\n+++\n";
        let q = read(quoted).unwrap().unwrap();
        assert!(quoted[q.value_offset(quoted, "title").unwrap()..].starts_with("'T'"));
        assert_eq!(fm.key_line(text, "extra"), Some(7));
        // Keys inside a table are not top-level keys.
        assert_eq!(fm.key_line(text, "reviewed"), None);
    }

    #[test]
    fn no_front_matter_is_none() {
        assert!(read("Just text.\n").unwrap().is_none());
    }

    #[test]
    fn unclosed_front_matter_is_an_error_at_the_start() {
        let e = read("+++\ntitle = \"T\"\nBody\n").unwrap_err();
        assert_eq!(e.offset, 0);
        assert!(e.message.contains("never closed"));
    }

    #[test]
    fn a_wrong_type_names_its_key_and_points_at_its_line() {
        let text = "+++\ntitle = \"T\"\nweight = \"heavy\"\n+++\n";
        let e = read(text).unwrap_err();
        assert!(
            e.message.starts_with("front matter `weight`"),
            "{}",
            e.message
        );
        assert_eq!(crate::diagnostic::line_col(text, e.offset).0, 3);
    }

    #[test]
    fn a_review_date_that_is_not_a_date_is_an_error() {
        let text = "+++\ntitle = \"T\"\n[extra]\nnext_review = \"soon\"\n+++\n";
        let e = read(text).unwrap_err();
        assert!(e.message.contains("next_review"), "{}", e.message);
        assert!(e.message.contains("2026-11-22"), "{}", e.message);
        assert_eq!(crate::diagnostic::line_col(text, e.offset).0, 4);
    }

    #[test]
    fn zero_pages_per_listing_is_refused() {
        let e = read("+++\npaginate_by = 0\n+++\n").unwrap_err();
        assert!(e.message.contains("paginate_by"), "{}", e.message);
    }

    #[test]
    fn an_unknown_sort_order_lists_the_known_ones() {
        let e = read("+++\nsort_by = \"size\"\n+++\n").unwrap_err();
        assert!(e.message.contains("weight"), "{}", e.message);
    }
}
