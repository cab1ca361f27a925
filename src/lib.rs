//! Atlas: a static site generator for knowledge bases.
//!
//! The library holds the whole pipeline; `main.rs` only parses arguments.

pub mod cache;
pub mod check;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod content;
pub mod conventions;
pub mod diagnostics;
pub mod diagrams;
pub mod escape;
pub mod highlight;
pub mod links;
pub mod markdown;
pub mod memo;
pub mod output;
pub mod pipeline;
pub mod progress;
pub mod report;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod social;
pub mod templates;

/// Where `atlas build` keeps the tantivy index that `atlas search` reads.
pub fn search_cache_dir(root: &std::path::Path) -> std::path::PathBuf {
    root.join(".atlas-cache").join("search")
}
