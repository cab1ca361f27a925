//! `LinkIndex`: every name a link may use for a target: paths, URLs, slugs, titles,
//! aliases, heading anchors, assets and static files.

use crate::content::{ContentTree, DocKind};
use crate::markdown::Heading;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Lookup tables over one content tree.
#[derive(Debug)]
pub struct LinkIndex<'t> {
    /// The tree the indices point into.
    pub tree: &'t ContentTree,
    /// Heading ids per document.
    pub anchors: Vec<HashSet<&'t str>>,
    /// Headings per document (for labels and suggestions).
    pub headings: Vec<&'t [Heading]>,
    /// Renamed heading ids per document: old id → current id.
    pub renamed: &'t [BTreeMap<String, String>],
    /// Notes by lowercase file stem (or section folder name).
    pub by_stem: HashMap<String, Vec<usize>>,
    /// Documents by lowercase title.
    pub by_title: HashMap<String, Vec<usize>>,
    /// Documents by lowercase alias.
    pub by_alias: HashMap<String, Vec<usize>>,
    /// Section folders (relative to `content/`) to their site URL.
    pub section_urls: HashMap<String, String>,
    /// Content-relative paths of assets.
    pub assets: HashSet<String>,
    /// Asset paths by lowercase file name (Obsidian's `![[image.png]]`).
    pub assets_by_name: HashMap<String, Vec<String>>,
    /// Output paths of static files (`style.css`, `img/logo.svg`).
    pub statics: HashSet<String>,
    /// The site's base path (`/` or `/atlas/`).
    pub base_path: String,
}

impl<'t> LinkIndex<'t> {
    /// Builds the index. `headings[i]` and `renamed[i]` belong to `tree.docs[i]`.
    pub fn build(
        tree: &'t ContentTree,
        headings: Vec<&'t [Heading]>,
        renamed: &'t [BTreeMap<String, String>],
        assets: impl IntoIterator<Item = String>,
        statics: impl IntoIterator<Item = String>,
        base_path: &str,
    ) -> LinkIndex<'t> {
        let mut by_stem: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_title: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_alias: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, d) in tree.docs.iter().enumerate() {
            let stem = match d.kind {
                DocKind::Note => d.stem.to_lowercase(),
                DocKind::Section => d.dir.rsplit('/').next().unwrap_or("").to_lowercase(),
            };
            if !stem.is_empty() {
                by_stem.entry(stem).or_default().push(i);
            }
            by_title.entry(d.title.to_lowercase()).or_default().push(i);
            for a in &d.front.aliases {
                by_alias.entry(a.to_lowercase()).or_default().push(i);
            }
        }
        let section_urls = tree
            .sections
            .iter()
            .map(|s| (s.dir.clone(), s.url.clone()))
            .collect();
        let anchors = headings
            .iter()
            .map(|hs| hs.iter().map(|h| h.id.as_str()).collect())
            .collect();
        let assets: HashSet<String> = assets.into_iter().collect();
        let mut assets_by_name: HashMap<String, Vec<String>> = HashMap::new();
        for a in &assets {
            let name = a.rsplit('/').next().unwrap_or(a).to_lowercase();
            assets_by_name.entry(name).or_default().push(a.clone());
        }
        LinkIndex {
            tree,
            anchors,
            headings,
            renamed,
            by_stem,
            by_title,
            by_alias,
            section_urls,
            assets,
            assets_by_name,
            statics: statics.into_iter().collect(),
            base_path: base_path.to_string(),
        }
    }

    /// The final URL of a site-relative path.
    pub fn url(&self, rel: &str) -> String {
        format!("{}{}", self.base_path, rel)
    }
}
