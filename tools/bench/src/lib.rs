//! Scale benchmark for the BPD site tools: a seeded corpus generator (`bench generate`) and a
//! runner (`bench run`) that measures claim-lint, the site builder and Zola on corpora of
//! growing size, each as a child process, against a parse-only lower limit; and `bench
//! serve`, the latency of a one-page save in `site serve`.

pub mod fsutil;
pub mod generate;
pub mod measure;
pub mod parse;
pub mod rng;
pub mod run;
pub mod serve;
pub mod simple_templates;

use std::path::PathBuf;

/// The repository root this crate was built in (tools/bench/../..).
pub fn repo_root() -> PathBuf {
    let root = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
    root.canonicalize().unwrap_or(root)
}
