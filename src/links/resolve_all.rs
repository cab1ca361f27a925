//! The link stage: the anchor record (renamed headings keep their old anchors), the
//! index of every link target, each note's links resolved, and the link graph. Keyed
//! so that an edit re-resolves only notes whose text or possible targets changed.

use super::anchors::{self, AnchorRecord};
use super::{resolve_doc_links, shape, DocLinks, LinkGraph, LinkIndex};
use crate::config::Level;
use crate::content::{ContentTree, SourceTree};
use crate::markdown::{Heading, LinkRef, ParsedDoc};
use crate::memo::{file_stamp, hash_parts, InBuild, Memo};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// The anchor record of a build and each document's renamed anchors (old id → new id).
pub type Anchors = (Arc<AnchorRecord>, Arc<Vec<BTreeMap<String, String>>>);

/// The link stage's memo.
#[derive(Debug, Default)]
pub struct LinkMemo {
    /// Anchor records by [`shape::anchors_key`].
    anchors: Memo<u64, Anchors>,
    /// A note's resolved links by (possible targets, note text).
    links: Memo<u64, Arc<DocLinks>>,
}

impl LinkMemo {
    /// Drops what the build of `generation` did not use.
    pub fn prune(&self, generation: u64) {
        self.anchors.prune(generation);
        self.links.prune(generation);
    }
}

/// Every note's links, resolved, and the graph they draw.
#[derive(Debug)]
pub struct Linked {
    /// The heading anchors of this build, with renames (written by `atlas build`).
    pub anchors: Arc<AnchorRecord>,
    /// Per document, renamed anchors (old id → new id).
    pub renamed: Arc<Vec<BTreeMap<String, String>>>,
    /// Per document, its links resolved.
    pub docs: Vec<Arc<DocLinks>>,
    /// Outgoing links, backlinks and anchor texts.
    pub graph: LinkGraph,
    /// Internal links resolved in all.
    pub count: usize,
}

/// What links may point at besides notes and their headings.
#[derive(Debug, Clone, Copy)]
pub struct Targets<'a> {
    /// The walk of `content/` (its assets are targets).
    pub source: &'a SourceTree,
    /// Static files of the theme and the site, and generated files.
    pub files: &'a [&'a str],
    /// The site's base path.
    pub base: &'a str,
    /// The site root (holds the anchor record).
    pub root: &'a Path,
}

/// Resolves every link of every note of `tree` (analysed as `parsed`, text hashed as
/// `text_hashes`) against `targets`; `broken` is the level of a broken link. With `only`,
/// just the links of the documents it marks (the others have none).
pub fn resolve_all(
    tree: &ContentTree,
    parsed: &[ParsedDoc<'_>],
    text_hashes: &[u64],
    targets: Targets<'_>,
    broken: Level,
    memo: InBuild<'_, LinkMemo>,
    only: Option<&[bool]>,
) -> Linked {
    let headings: Vec<&[Heading]> = parsed.iter().map(|p| p.headings.as_slice()).collect();
    let anchors_key = shape::anchors_key(
        tree,
        &headings,
        file_stamp(&anchors::record_path(targets.root)),
    );
    let (anchors, renamed) = anchor_record(tree, &headings, anchors_key, targets.root, memo);
    let targets_key = shape::targets_key(
        anchors_key,
        tree,
        &headings,
        targets.source.assets.iter().map(|a| a.rel.as_str()),
        targets.files.iter().copied(),
        targets.base,
    );
    let index = LinkIndex::build(
        tree,
        headings.clone(),
        &renamed,
        targets.source.assets.iter().map(|a| a.rel.clone()),
        targets.files.iter().map(|s| s.to_string()),
        targets.base,
    );
    let policy = format!("{broken:?}");
    // A note's links resolve as before when its text and every possible target are unchanged.
    let docs: Vec<Arc<DocLinks>> = (0..tree.docs.len())
        .into_par_iter()
        .map(|i| {
            if only.is_some_and(|o| !o[i]) {
                return Arc::new(DocLinks::default());
            }
            let key = hash_parts([
                &targets_key.to_le_bytes()[..],
                &text_hashes[i].to_le_bytes(),
                &(i as u64).to_le_bytes(),
                policy.as_bytes(),
            ]);
            if let Some(hit) = memo.and_then(|(m, g)| m.links.get(&key, g)) {
                return hit;
            }
            let dl = Arc::new(resolve_doc_links(&index, i, &parsed[i].links, broken));
            if let Some((m, g)) = memo {
                m.links.put(key, dl.clone(), g);
            }
            dl
        })
        .collect();
    let edges: Vec<&[(usize, usize, Option<String>)]> =
        docs.iter().map(|d| d.edges.as_slice()).collect();
    let links: Vec<&[LinkRef]> = parsed.iter().map(|p| p.links.as_slice()).collect();
    let graph = LinkGraph::build(tree.docs.len(), &edges, &links);
    let count = edges.iter().map(|e| e.len()).sum();
    Linked {
        anchors,
        renamed,
        docs,
        graph,
        count,
    }
}

/// The anchor record updated with this build's headings, and each note's renames.
fn anchor_record(
    tree: &ContentTree,
    headings: &[&[Heading]],
    key: u64,
    root: &Path,
    memo: InBuild<'_, LinkMemo>,
) -> Anchors {
    if let Some(hit) = memo.and_then(|(m, g)| m.anchors.get(&key, g)) {
        return hit;
    }
    let current = tree
        .docs
        .iter()
        .zip(headings)
        .map(|(d, hs)| (d.rel.clone(), hs.iter().map(|h| h.id.clone()).collect()))
        .collect();
    let record = AnchorRecord::load(root).update(&current);
    let renamed: Vec<BTreeMap<String, String>> = tree
        .docs
        .iter()
        .map(|d| {
            record
                .notes
                .get(&d.rel)
                .map(|n| n.renamed.clone())
                .unwrap_or_default()
        })
        .collect();
    let anchors = (Arc::new(record), Arc::new(renamed));
    if let Some((m, g)) = memo {
        m.anchors.put(key, anchors.clone(), g);
    }
    anchors
}
