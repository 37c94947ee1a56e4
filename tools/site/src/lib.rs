//! `site`: builds the BPD site from its Zola-style tree (`config.toml`, `content/`,
//! `templates/`, `sass/`, `static/`), with the claim gate run first so that a page claim-lint
//! rejects can never be published.
//!
//! [`build::build_into`] renders a site into any folder (for `site serve` to reuse);
//! [`build::build`] adds the gate and the atomic swap of `public/`.

pub mod build;
pub mod clinic_settings;
pub mod config;
pub mod content;
pub mod error;
pub mod gate;
pub mod glossary_links;
pub mod incremental;
pub mod link_check;
pub mod markdown;
pub mod output;
pub mod publish;
pub mod serve;
/// The one shortcode parser, shared with the gate (see [`claim_lint::shortcode`]).
pub use claim_lint::shortcode as shortcodes;
pub mod templates;

pub use build::{build, build_into, BuildOptions, BuildSummary};
pub use error::{BuildError, FileError};
