//! `front-matter`: the page's TOML front matter cannot be read.

crate::declare_rule! {
    /// Front matter must be TOML between `+++` lines, as Zola reads it. A page whose front
    /// matter is not closed or is not valid TOML cannot be built, so it is an error at the
    /// line and column where the TOML parser stopped.
    ///
    /// Bad: `+++` / `title = "What is BPD` / `+++` (unclosed string)
    ///
    /// Good: `+++` / `title = "What is BPD?"` / `+++`
    FRONT_MATTER, id: "front-matter", category: Syntax, severity: Error, page_level: true
}
