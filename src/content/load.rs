//! The content stage: walk `content/`, read every note (through the memo when the dev
//! server keeps one), date it from git, and order it into the `ContentTree`.

use super::memo::{ChangedSources, SourceMemo};
use super::source::{load_all, load_one};
use super::{ContentTree, SourceTree};
use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
use crate::memo::InBuild;
use std::sync::Arc;

/// The notes of a site, ordered: what the content stage hands to parsing.
#[derive(Debug)]
pub struct Content {
    /// The walk of `content/` (notes, assets, folders).
    pub source: Arc<SourceTree>,
    /// Sections and documents.
    pub tree: ContentTree,
}

/// How to load.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions<'a> {
    /// What the file watcher saw change since the build that filled the memo (`None`:
    /// anything may have changed, so walk and stat every file).
    pub changed: Option<&'a ChangedSources>,
    /// Date notes without `updated` from git (pages and the staleness check show dates).
    pub dates: bool,
}

/// Loads the site's content; problems are returned beside it, never instead of it.
pub fn load(
    config: &SiteConfig,
    opts: LoadOptions<'_>,
    memo: InBuild<'_, SourceMemo>,
    diags: &mut Vec<Diagnostic>,
) -> Content {
    let site = &config.site;
    // Trust the watcher only for a walk this memo remembers.
    let trusted = match (memo, opts.changed) {
        (Some((m, _)), Some(changed)) => m.walked_if_unchanged(changed).map(|w| (w, changed)),
        _ => None,
    };
    let source: Arc<SourceTree> = match &trusted {
        Some((walked, _)) => walked.clone(),
        None => Arc::new(SourceTree::walk(
            &config.root.join("content"),
            &config.root,
            site.build.symlinks,
        )),
    };
    if let Some((m, _)) = memo {
        m.put_walked(source.clone());
    }
    diags.extend(source.diags.iter().cloned());

    let max_bytes = site.build.max_note_bytes;
    let (mut docs, d) = load_all(&source.markdown, site.build.drafts, |f| {
        match (memo, &trusted) {
            (Some((m, g)), Some((_, changed))) => m.load_trusting(f, changed, max_bytes, g),
            (Some((m, g)), None) => m.load(f, max_bytes, g),
            (None, _) => load_one(f, max_bytes),
        }
    });
    diags.extend(d);
    if opts.dates && site.build.git_dates && docs.iter().any(|d| d.front.updated.is_none()) {
        let dates = match memo {
            Some((m, _)) => m.git_dates(&config.root),
            None => Arc::new(super::git::last_commit_dates(&config.root)),
        };
        for d in docs.iter_mut().filter(|d| d.front.updated.is_none()) {
            if let Some(date) = dates.get(&d.rel) {
                Arc::make_mut(d).front.updated = Some(super::frontmatter::DateField(date.clone()));
            }
        }
    }
    let (tree, d) = ContentTree::build(docs, &source.dirs);
    diags.extend(d);
    Content { source, tree }
}
