//! What a build takes and gives: its options, its result (files, diagnostics, what
//! search indexed) and its report (counts and stage timings).

use super::Timer;
use crate::cache::{BuildCache, ChangedSources};
use crate::config::SiteConfig;
use crate::content::{ContentTree, DocKind};
use crate::diagnostics::{Diagnostic, Diagnostics, SourceSpan};
use crate::links::anchors::AnchorRecord;
use crate::links::Linked;
use crate::markdown::Analysed;
use crate::markdown::ParsedDoc;
use crate::output::{Sink, SiteFiles};
use crate::progress::Progress;
use crate::search::SearchInput;
use serde::Serialize;
use std::sync::Arc;
use std::time::Duration;

/// A build that could not run at all (as opposed to content problems, which are diagnostics).
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// `content/` or `static/` could not be read.
    #[error("cannot read {what}: {source}")]
    Io {
        /// What was being read.
        what: String,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
}

/// Counts and timings of one build.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BuildReport {
    /// Notes built.
    pub notes: usize,
    /// Sections.
    pub sections: usize,
    /// HTML pages written (notes, sections, tags, indexes, redirects).
    pub pages: usize,
    /// Files written in all.
    pub files: usize,
    /// Bytes written in all (memory builds only).
    pub bytes: usize,
    /// Words of prose.
    pub words: usize,
    /// Internal links resolved.
    pub links: usize,
    /// Time per stage, in order.
    pub timings: Vec<super::StageTime>,
    /// Whole build.
    pub total: Duration,
}

/// The result of one build: files, diagnostics, report, and what search indexed.
#[derive(Debug)]
pub struct Build {
    /// Every output file (empty when a disk sink received them).
    pub files: SiteFiles,
    /// All problems found.
    pub diagnostics: Diagnostics,
    /// Counts and timings.
    pub report: BuildReport,
    /// What search indexes (also for the tantivy index of `atlas search`).
    pub search: SearchInput,
    /// External links and where they are written (for `atlas check --external`).
    pub external_links: Vec<(String, SourceSpan)>,
    /// The heading anchors of this build, with renames (written by `atlas build`).
    pub anchors: Arc<AnchorRecord>,
    /// Findings of the content checks (orphans, descriptions, duplicates, staleness),
    /// reported by `atlas check`, not by `atlas build`.
    pub checks: Vec<Diagnostic>,
    /// Other tools' conventions understood, kept or ignored (`atlas check --migrate`).
    pub migration: crate::conventions::report::MigrationReport,
}

/// What a build may reuse and report to.
#[derive(Debug, Clone, Copy, Default)]
pub struct BuildOptions<'a> {
    /// Caches kept across builds (the dev server's).
    pub cache: Option<&'a BuildCache>,
    /// Where to report progress.
    pub progress: Option<&'a Progress>,
    /// Where to put the files; `None` keeps them in [`Build::files`].
    pub sink: Option<&'a Sink>,
    /// Leave the browser search index out (the dev server builds it after the pages).
    pub skip_search_index: bool,
    /// Leave out the content checks of `atlas check` (the dev server does not show them).
    pub skip_checks: bool,
    /// What the file watcher saw change since the previous build through `cache`
    /// (`None`: anything may have changed, so walk and check every file).
    pub changed: Option<&'a ChangedSources>,
    /// `atlas check`: parse and resolve links, then stop before rendering. Notes are
    /// linted while parsed (math, fence languages), templates are loaded and tried on a
    /// few pages, and nothing is highlighted, rendered, indexed or written.
    pub check_only: bool,
    /// With `check_only`, the files (paths from the site root) whose diagnostics are
    /// wanted (`atlas check --changed`): only the notes those depend on are parsed and
    /// resolved (see [`crate::check::focus`]); diagnostics about other files are partial.
    pub focus: Option<&'a std::collections::BTreeSet<String>>,
}

impl BuildReport {
    /// Counts of a build that wrote `written`.
    pub(super) fn new(
        tree: &ContentTree,
        analysed: &Analysed<'_>,
        linked: &Linked,
        written: &std::collections::BTreeSet<String>,
    ) -> BuildReport {
        BuildReport {
            notes: tree.docs.iter().filter(|d| d.kind == DocKind::Note).count(),
            sections: tree.sections.len(),
            pages: written.iter().filter(|k| k.ends_with(".html")).count(),
            files: written.len(),
            bytes: 0,
            words: analysed.docs.iter().map(|p| p.words).sum(),
            links: linked.count,
            timings: Vec::new(),
            total: Duration::ZERO,
        }
    }

    /// The report with the timings of `timer` and the size of in-memory `files`.
    pub(super) fn finish(mut self, timer: Timer, files: &SiteFiles) -> BuildReport {
        self.total = timer.start.elapsed();
        self.timings = timer.timings;
        self.bytes = files.values().map(|b| b.len()).sum();
        self
    }
}

impl Build {
    /// The build's result besides its files and report: diagnostics sorted, the content
    /// checks of `atlas check`, external links, the anchor record and the migration report.
    pub(super) fn assemble(
        config: &SiteConfig,
        opts: &BuildOptions<'_>,
        (tree, parsed, linked): (&ContentTree, &[ParsedDoc<'_>], &Linked),
        diags: Vec<Diagnostic>,
        search: SearchInput,
    ) -> Build {
        let checks = if opts.skip_checks {
            Vec::new()
        } else {
            crate::check::all(tree, &linked.graph, config)
        };
        let mut diagnostics = Diagnostics::new();
        diagnostics.extend(diags);
        diagnostics.sort();
        Build {
            files: Default::default(),
            diagnostics,
            report: BuildReport::default(),
            search,
            external_links: crate::check::external::links_of(parsed),
            anchors: linked.anchors.clone(),
            checks,
            migration: crate::conventions::report::MigrationReport::collect(&tree.docs),
        }
    }
}
