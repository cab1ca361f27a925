//! `LinkGraph`: resolved links between notes, and backlinks with the sentence around each.

use crate::markdown::LinkRef;
use std::sync::Arc;

/// A link into a note from another note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backlink {
    /// The linking document.
    pub from: usize,
    /// The sentence around the link.
    pub context: Arc<str>,
    /// The link's text (credited to the target by search).
    pub text: Arc<str>,
}

/// Outgoing links and backlinks of every document.
#[derive(Debug, Clone, Default)]
pub struct LinkGraph {
    /// Targets of each document (sorted, unique).
    pub outgoing: Vec<Vec<usize>>,
    /// Links into each document, one per linking document, sorted by source.
    pub incoming: Vec<Vec<Backlink>>,
    /// Every link text pointing at a document (for search), in source order.
    pub anchor_texts: Vec<Vec<Arc<str>>>,
}

impl LinkGraph {
    /// Builds the graph from each document's edges `(link number, target, anchor)` and links.
    pub fn build(
        n_docs: usize,
        edges: &[&[(usize, usize, Option<String>)]],
        links: &[&[LinkRef]],
    ) -> LinkGraph {
        let mut g = LinkGraph {
            outgoing: vec![Vec::new(); n_docs],
            incoming: vec![Vec::new(); n_docs],
            anchor_texts: vec![Vec::new(); n_docs],
        };
        for (from, es) in edges.iter().enumerate() {
            for (link_no, to, _) in es.iter() {
                g.outgoing[from].push(*to);
                let link = &links[from][*link_no];
                g.anchor_texts[*to].push(link.text.clone());
                if !g.incoming[*to].iter().any(|b| b.from == from) {
                    g.incoming[*to].push(Backlink {
                        from,
                        context: link.context.clone(),
                        text: link.text.clone(),
                    });
                }
            }
            g.outgoing[from].sort_unstable();
            g.outgoing[from].dedup();
        }
        for inc in &mut g.incoming {
            inc.sort_by_key(|b| b.from);
        }
        g
    }
}
