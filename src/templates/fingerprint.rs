//! Page fingerprints: everything a page shows, hashed, so that the dev server
//! re-renders a page only when one of those things changed.

use super::pages::PageBuilder;
use super::{graph, Theme};
use crate::content::DocKind;
use crate::memo::PartHasher;

impl PageBuilder<'_> {
    /// What a section page lists (its notes and subsections) and its breadcrumbs.
    pub(super) fn hash_section_lists(&self, h: &mut PartHasher, s: usize) {
        let tree = self.tree;
        let sec = &tree.sections[s];
        h.part(b"\0section");
        h.word(s as u64);
        for &p in &sec.pages {
            let d = &tree.docs[p];
            h.part(d.title.as_bytes());
            h.part(d.url.as_bytes());
            h.part(d.front.description.as_deref().unwrap_or("\0").as_bytes());
        }
        h.part(b"\0subsections");
        for &c in &sec.subsections {
            let sub = &tree.sections[c];
            h.part(sub.title.as_bytes());
            h.part(sub.url.as_bytes());
            h.word(self.note_count(c) as u64);
            let description = sub
                .index_doc
                .and_then(|d| tree.docs[d].front.description.as_deref());
            h.part(description.unwrap_or("\0").as_bytes());
        }
        h.part(b"\0breadcrumbs");
        for a in tree.ancestors(s) {
            h.part(tree.sections[a].title.as_bytes());
            h.part(tree.sections[a].url.as_bytes());
        }
    }

    /// A hasher holding what every page shows: the theme, the site settings, the sidebar.
    pub(super) fn page_hasher(&self, theme: &Theme) -> PartHasher {
        let mut h = PartHasher::new();
        for n in [theme.version, self.site_hash, self.nav.fingerprint] {
            h.word(n);
        }
        h
    }

    /// Everything a section page without an `_index.md` shows, hashed.
    pub(super) fn section_fingerprint(&self, theme: &Theme, s: usize) -> u64 {
        let mut h = self.page_hasher(theme);
        self.hash_section_lists(&mut h, s);
        h.finish()
    }

    /// Everything a note or section page shows, hashed: when it is unchanged the page is too.
    /// (Hashed as it goes: on a large site this runs for every page of every rebuild.)
    pub(super) fn page_fingerprint(&self, theme: &Theme, i: usize) -> u64 {
        let tree = self.tree;
        let mut h = self.page_hasher(theme);
        h.word(self.render_keys[i]);
        h.word(i as u64);
        for b in &self.graph.incoming[i] {
            h.word(self.cards[b.from]);
            h.part(b.context.as_bytes());
        }
        if let Some(pos) = tree.reading_pos[i] {
            for j in [pos.checked_sub(1), Some(pos + 1)].into_iter().flatten() {
                if let Some(&d) = tree.reading_order.get(j) {
                    h.word(self.cards[d]);
                }
            }
        }
        for s in tree.ancestors(tree.section_of[i]) {
            h.part(tree.sections[s].title.as_bytes());
        }
        // Link previews show the targets' text; the graph shows neighbours' titles.
        for (_, t, _) in &self.doc_links[i].edges {
            h.word(self.render_keys[*t]);
        }
        for j in graph::neighbours(self.graph, i) {
            h.word(self.cards[j]);
        }
        if tree.docs[i].kind == DocKind::Section {
            self.hash_section_lists(&mut h, tree.section_of[i]);
        }
        h.finish()
    }
}
