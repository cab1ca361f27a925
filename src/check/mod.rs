//! Content checks beyond links, for `atlas check`: orphan notes, missing descriptions,
//! duplicate titles and aliases, stale notes; and limiting reports to changed files.

pub mod address;
pub mod changed;
pub mod external;
pub mod focus;
pub mod stale;

use crate::config::CheckConfig;
use crate::content::{ContentTree, DocKind};
use crate::diagnostics::{Diagnostic, Kind, Severity, SourceSpan};
use crate::links::LinkGraph;
use std::collections::BTreeMap;

/// `d` at the severity `level` asks for (`None` when the check is off).
pub fn with_level(d: Diagnostic, level: crate::config::CheckLevel) -> Option<Diagnostic> {
    use crate::config::CheckLevel::*;
    match level {
        Off => None,
        Warn => Some(d.with_severity(Severity::Warning)),
        Error => Some(d.with_severity(Severity::Error)),
    }
}

/// Every content check the site's settings ask for: [`lint`], and [`stale::stale`]
/// when `atlas check --stale` gave an age.
pub fn all(
    tree: &ContentTree,
    graph: &LinkGraph,
    config: &crate::config::SiteConfig,
) -> Vec<Diagnostic> {
    let mut checks = lint(tree, graph, &config.site.check);
    if let Some(days) = config.stale_days {
        checks.extend(stale::stale(tree, graph, days, stale::today()));
    }
    checks
}

/// Orphans, missing descriptions, duplicate titles and aliases.
pub fn lint(tree: &ContentTree, graph: &LinkGraph, cfg: &CheckConfig) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut titles: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut aliases: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, d) in tree.docs.iter().enumerate() {
        if d.kind != DocKind::Note {
            continue;
        }
        if graph.incoming[i].is_empty() {
            out.extend(with_level(
                Diagnostic::warning(
                    Kind::Orphan,
                    Some(SourceSpan::file(&d.path)),
                    format!("orphan note: no other note links to `{}`", d.title),
                )
                .with_help("link to it from a related note or its section's _index.md"),
                cfg.orphans,
            ));
        }
        if d.front
            .description
            .as_deref()
            .is_none_or(|s| s.trim().is_empty())
        {
            out.extend(with_level(
                Diagnostic::warning(
                    Kind::MissingDescription,
                    Some(SourceSpan::file(&d.path)),
                    format!("`{}` has no description", d.title),
                )
                .with_help("add `description = \"one sentence\"` to the front matter"),
                cfg.missing_description,
            ));
        }
        titles.entry(d.title.to_lowercase()).or_default().push(i);
        for a in d.front.aliases.iter().filter(|a| !a.starts_with('/')) {
            aliases.entry(a.to_lowercase()).or_default().push(i);
        }
    }
    for (title, docs) in &titles {
        for &i in docs.iter().skip(1) {
            out.extend(with_level(
                Diagnostic::warning(
                    Kind::Duplicate,
                    Some(SourceSpan::file(&tree.docs[i].path)),
                    format!(
                        "title `{}` is also the title of `{}`",
                        tree.docs[i].title, tree.docs[docs[0]].path
                    ),
                ),
                cfg.duplicates,
            ));
        }
        if let Some(owners) = aliases.get(title) {
            for &i in owners.iter().filter(|i| !docs.contains(i)) {
                out.extend(with_level(
                    Diagnostic::warning(
                        Kind::Duplicate,
                        Some(SourceSpan::file(&tree.docs[i].path)),
                        format!(
                            "alias `{title}` is the title of `{}`",
                            tree.docs[docs[0]].path
                        ),
                    ),
                    cfg.duplicates,
                ));
            }
        }
    }
    for (alias, docs) in &aliases {
        let mut distinct = docs.clone();
        distinct.dedup();
        for &i in distinct.iter().skip(1) {
            out.extend(with_level(
                Diagnostic::warning(
                    Kind::Duplicate,
                    Some(SourceSpan::file(&tree.docs[i].path)),
                    format!(
                        "alias `{alias}` is also an alias of `{}`",
                        tree.docs[distinct[0]].path
                    ),
                ),
                cfg.duplicates,
            ));
        }
    }
    out
}
