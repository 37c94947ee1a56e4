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
    (
        "shortcodes/local_support.html",
        "<p>Ask your care team which services are near you.</p>",
    ),
];

/// Writes the simple template set into `dir` (normally an empty templates/ folder).
pub fn write(dir: &Path) -> Result<(), String> {
    for (name, text) in TEMPLATES {
        write_file(&dir.join(name), text)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The copied pages use every shortcode of the repository's templates, so the simple set
    /// needs one of each, or that Zola build fails (as it did when `local_support` came).
    #[test]
    fn every_shortcode_of_the_site_has_a_simple_one() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../templates/shortcodes");
        let mut missing = Vec::new();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let file = entry.unwrap().file_name().to_string_lossy().into_owned();
            if !file.ends_with(".html") {
                continue;
            }
            let name = format!("shortcodes/{file}");
            if !TEMPLATES.iter().any(|(n, _)| *n == name) {
                missing.push(name);
            }
        }
        assert!(missing.is_empty(), "no simple template for {missing:?}");
    }
}
