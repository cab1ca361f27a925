//! `BuildCache`: what the dev server keeps between builds, so that a save redoes only
//! the work it affects. It only composes the stages' memos (each stage owns its memo
//! and its keys) and ages them: an entry the latest build did not use is dropped.

pub use crate::content::ChangedSources;
use crate::content::SourceMemo;
use crate::diagrams::DiagramMemo;
use crate::links::LinkMemo;
use crate::markdown::{ParseMemo, RenderMemo};
use crate::search::AnalysisCache;
use crate::social::CardMemo;
use crate::templates::PageMemo;
use std::sync::atomic::{AtomicU64, Ordering};

/// The memos of every stage, kept across builds.
#[derive(Debug, Default)]
pub struct BuildCache {
    generation: AtomicU64,
    /// Sources read, by path and stamp, and the latest walk.
    pub sources: SourceMemo,
    /// Note analyses, by text hash.
    pub parses: ParseMemo,
    /// Rendered notes, by render key.
    pub renders: RenderMemo,
    /// Anchor records and resolved links.
    pub links: LinkMemo,
    /// Pages, by path and fingerprint.
    pub pages: PageMemo,
    /// Social cards, by content hash.
    pub cards: CardMemo,
    /// Search analyses of unchanged sections.
    pub search: AnalysisCache,
    /// Drawn mermaid diagrams, by source hash (a changed note redraws only its changed diagrams).
    pub diagrams: DiagramMemo,
}

impl BuildCache {
    /// An empty cache.
    pub fn new() -> BuildCache {
        BuildCache::default()
    }

    /// Starts a build; returns its generation.
    pub fn begin(&self) -> u64 {
        self.generation.fetch_add(1, Ordering::SeqCst) + 1
    }

    /// Drops everything the build of `generation` did not use.
    pub fn finish(&self, generation: u64) {
        self.sources.prune(generation);
        self.parses.prune(generation);
        self.renders.prune(generation);
        self.pages.prune(generation);
        self.links.prune(generation);
        self.cards.prune(generation);
        self.diagrams.prune(generation);
    }

    /// Entry counts (sources, parses, renders, pages), for tests and `-v`.
    pub fn sizes(&self) -> (usize, usize, usize, usize) {
        (
            self.sources.len(),
            self.parses.len(),
            self.renders.len(),
            self.pages.len(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::DocInfo;
    use std::sync::Arc;

    #[test]
    fn finishing_a_build_drops_what_it_did_not_use() {
        let c = BuildCache::new();
        let g1 = c.begin();
        c.parses.put(1, Arc::new(DocInfo::default()), g1);
        c.parses.put(2, Arc::new(DocInfo::default()), g1);
        c.finish(g1);
        let g2 = c.begin();
        assert!(c.parses.get(&1, g2).is_some());
        c.finish(g2);
        assert_eq!(c.sizes().1, 1);
        assert!(c.parses.get(&2, c.begin()).is_none());
    }
}
