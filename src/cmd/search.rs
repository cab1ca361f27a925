//! `atlas search`: the terminal search, over a tantivy index rebuilt from the site
//! whenever a source is newer than it.

use super::{load_config, usage_error};
use crate::cli::SiteArgs;
use crate::config::Level;
use crate::highlight::Highlighter;
use crate::pipeline;
use std::path::Path;
use std::process::ExitCode;

/// Runs `atlas search QUERY`.
pub fn run(root: &Path, query: &str, json: bool, limit: usize) -> ExitCode {
    let dir = crate::search_cache_dir(root);
    if !index_is_fresh(root, &dir) {
        let args = SiteArgs {
            root: root.to_path_buf(),
            base_url: None,
            drafts: false,
            broken_links: Some(Level::Warn),
            quiet: true,
            verbose: false,
        };
        let config = match load_config(&args, None, None) {
            Ok(c) => c,
            Err(code) => return code,
        };
        let hl = Highlighter::new(false);
        let built = pipeline::build(&config, &hl).map_err(|e| e.to_string());
        let written = built.and_then(|b| {
            crate::search::write_tantivy_index(&b.search.docs(), &dir).map_err(|e| e.to_string())
        });
        if let Err(e) = written {
            return usage_error(e);
        }
    }
    let hits = match crate::search::search_tantivy(&dir, query, limit) {
        Ok(hits) => hits,
        Err(e) => return usage_error(e),
    };
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&hits).unwrap_or_default()
        );
    } else if hits.is_empty() {
        println!("no results for `{query}`");
    } else {
        for (n, h) in hits.iter().enumerate() {
            let section = if h.section.is_empty() {
                String::new()
            } else {
                format!(" › {}", h.section)
            };
            println!(
                "{:>2}. {}{section}  ({:.2})\n    {}",
                n + 1,
                h.title,
                h.score,
                h.url
            );
        }
    }
    ExitCode::SUCCESS
}

fn index_is_fresh(root: &std::path::Path, dir: &std::path::Path) -> bool {
    let Ok(built) = std::fs::metadata(dir).and_then(|m| m.modified()) else {
        return false;
    };
    let newest = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .flatten()
        .filter_map(|e| e.metadata().ok()?.modified().ok())
        .chain(
            std::fs::metadata(root.join("site.toml"))
                .and_then(|m| m.modified())
                .ok(),
        )
        .max();
    newest.is_none_or(|n| n <= built)
}
