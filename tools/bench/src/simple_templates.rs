//! Loop-free templates for the "Zola with simple templates" baseline: the same content, the
//! same shortcodes, but no `load_data`, no includes and no loops, so the time is Zola's own
//! Markdown, shortcode and file work.

use crate::fsutil::write_file;
use std::path::Path;

const PAGE: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ page.title }}</title></head>
<body><main><h1>{{ page.title }}</h1>
{{ page.content | safe }}
</main></body></html>
"#;

const SECTION: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ section.title }}</title></head>
<body><main><h1>{{ section.title }}</h1>
{{ section.content | safe }}
</main></body></html>
"#;

pub const TEMPLATES: &[(&str, &str)] = &[
    ("index.html", SECTION),
    ("section.html", SECTION),
    ("page.html", PAGE),
    // The copied pages name these in their front matter.
    ("sources.html", PAGE),
    ("glossary.html", PAGE),
    ("shortcodes/claim.html", "[{{ nth }}]"),
    (
        "shortcodes/crisis_help.html",
        "<p class=\"crisis\">If you need help now, call your local emergency number.</p>",
    ),
];

/// Writes the simple template set into `dir` (normally an empty templates/ folder).
pub fn write(dir: &Path) -> Result<(), String> {
    for (name, text) in TEMPLATES {
        write_file(&dir.join(name), text)?;
    }
    Ok(())
}
