//! `BuildCache`: what the dev server keeps between builds, so that a save redoes only
//! the work it affects: sources are re-read only when their mtime or size changed,
//! notes re-parsed only when their text changed, re-rendered only when their text or
//! the targets of their links changed, and pages re-templated only when something
//! they show changed.

use crate::content::source::{load_one, Loaded};
use crate::content::{SourceFile, SourceTree};
use crate::links::anchors::AnchorRecord;
use crate::links::DocLinks;
use crate::markdown::{DocInfo, RenderedDoc};
use std::collections::{BTreeMap, HashMap};
use std::hash::Hash;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

/// One map of the cache; entries unused by the latest build are dropped after it.
#[derive(Debug)]
struct Generational<K, V> {
    map: Mutex<HashMap<K, (u64, V)>>,
}

impl<K: Eq + Hash, V: Clone> Generational<K, V> {
    fn new() -> Self {
        Generational {
            map: Mutex::new(HashMap::new()),
        }
    }

    fn get<Q>(&self, key: &Q, generation: u64) -> Option<V>
    where
        K: std::borrow::Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        map.get_mut(key).map(|(g, v)| {
            *g = generation;
            v.clone()
        })
    }

    fn put(&self, key: K, value: V, generation: u64) {
        self.map
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, (generation, value));
    }

    fn prune(&self, generation: u64) {
        self.map
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|_, (g, _)| *g == generation);
    }

    fn len(&self) -> usize {
        self.map.lock().unwrap_or_else(|e| e.into_inner()).len()
    }
}

/// Source identity on disk: modification time and size.
pub type FileStamp = (SystemTime, u64);

/// The stamp of a file, `None` when it cannot be read.
pub fn file_stamp(path: &std::path::Path) -> Option<FileStamp> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.modified().ok()?, m.len()))
}

/// The anchor record of a build and each document's renamed anchors (old id → new id).
pub type Anchors = (Arc<AnchorRecord>, Arc<Vec<BTreeMap<String, String>>>);

/// Caches kept across builds.
#[derive(Debug)]
pub struct BuildCache {
    generation: AtomicU64,
    sources: Generational<PathBuf, (FileStamp, Loaded)>,
    infos: Generational<u64, Arc<DocInfo>>,
    renders: Generational<u64, Arc<RenderedDoc>>,
    pages: Generational<String, (u64, crate::output::FileBytes)>,
    anchors: Generational<u64, Anchors>,
    links: Generational<u64, Arc<DocLinks>>,
    cards: Generational<u64, crate::output::FileBytes>,
    /// The walk of `content/` by the latest build.
    walked: Mutex<Option<Arc<SourceTree>>>,
    /// Search analyses of unchanged sections.
    pub search: crate::search::AnalysisCache,
}

/// What the file watcher saw change under `content/` since the previous build through
/// the same cache: every other file is trusted to be as it was, so a rebuild neither
/// walks the folders nor asks the file system about ten thousand unchanged notes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangedSources {
    /// Content-relative, `/`-separated paths of changed files (and folders).
    pub rel: std::collections::BTreeSet<String>,
}

impl ChangedSources {
    /// The content-relative paths among `paths` (absolute, under `content_dir`).
    pub fn under<'a>(
        content_dir: &std::path::Path,
        paths: impl IntoIterator<Item = &'a std::path::Path>,
    ) -> ChangedSources {
        let rel = paths
            .into_iter()
            .filter_map(|p| p.strip_prefix(content_dir).ok())
            .map(crate::content::walk::rel_path)
            .filter(|r| !r.is_empty())
            .collect();
        ChangedSources { rel }
    }
}

impl Default for BuildCache {
    fn default() -> Self {
        Self::new()
    }
}

impl BuildCache {
    /// An empty cache.
    pub fn new() -> BuildCache {
        BuildCache {
            generation: AtomicU64::new(0),
            sources: Generational::new(),
            infos: Generational::new(),
            renders: Generational::new(),
            pages: Generational::new(),
            anchors: Generational::new(),
            links: Generational::new(),
            cards: Generational::new(),
            walked: Mutex::new(None),
            search: crate::search::AnalysisCache::default(),
        }
    }

    /// Starts a build; returns its generation.
    pub fn begin(&self) -> u64 {
        self.generation.fetch_add(1, Ordering::SeqCst) + 1
    }

    /// Drops everything the build of `generation` did not use.
    pub fn finish(&self, generation: u64) {
        self.sources.prune(generation);
        self.infos.prune(generation);
        self.renders.prune(generation);
        self.pages.prune(generation);
        self.anchors.prune(generation);
        self.links.prune(generation);
        self.cards.prune(generation);
    }

    /// A source read earlier, if the file is unchanged.
    pub fn source(&self, path: &PathBuf, stamp: FileStamp, generation: u64) -> Option<Loaded> {
        self.sources
            .get(path, generation)
            .filter(|(s, _)| *s == stamp)
            .map(|(_, d)| d)
    }

    /// Remembers a source.
    pub fn put_source(&self, path: PathBuf, stamp: FileStamp, doc: Loaded, generation: u64) {
        self.sources.put(path, (stamp, doc), generation);
    }

    /// Parse results for a note text hash.
    pub fn info(&self, text_hash: u64, generation: u64) -> Option<Arc<DocInfo>> {
        self.infos.get(&text_hash, generation)
    }

    /// Remembers parse results.
    pub fn put_info(&self, text_hash: u64, info: Arc<DocInfo>, generation: u64) {
        self.infos.put(text_hash, info, generation);
    }

    /// A rendered note for a (text, resolved links) hash.
    pub fn render(&self, key: u64, generation: u64) -> Option<Arc<RenderedDoc>> {
        self.renders.get(&key, generation)
    }

    /// Remembers a rendered note.
    pub fn put_render(&self, key: u64, r: Arc<RenderedDoc>, generation: u64) {
        self.renders.put(key, r, generation);
    }

    /// The anchor record and renames for an anchors key (see `links::shape::anchors_key`).
    pub fn anchors(&self, key: u64, generation: u64) -> Option<Anchors> {
        self.anchors.get(&key, generation)
    }

    /// Remembers an anchor record and its renames.
    pub fn put_anchors(&self, key: u64, anchors: Anchors, generation: u64) {
        self.anchors.put(key, anchors, generation);
    }

    /// A note's resolved links for a (link targets, note text) key.
    pub fn links(&self, key: u64, generation: u64) -> Option<Arc<DocLinks>> {
        self.links.get(&key, generation)
    }

    /// Remembers a note's resolved links.
    pub fn put_links(&self, key: u64, links: Arc<DocLinks>, generation: u64) {
        self.links.put(key, links, generation);
    }

    /// A social card drawn earlier, by its content hash.
    pub fn card(&self, key: u64, generation: u64) -> Option<crate::output::FileBytes> {
        self.cards.get(&key, generation)
    }

    /// Remembers a social card.
    pub fn put_card(&self, key: u64, png: crate::output::FileBytes, generation: u64) {
        self.cards.put(key, png, generation);
    }

    /// A page's bytes if its fingerprint is unchanged.
    pub fn page(
        &self,
        path: &str,
        fingerprint: u64,
        generation: u64,
    ) -> Option<crate::output::FileBytes> {
        self.pages
            .get(path, generation)
            .filter(|(f, _)| *f == fingerprint)
            .map(|(_, b)| b)
    }

    /// Remembers a page.
    pub fn put_page(
        &self,
        path: String,
        fingerprint: u64,
        bytes: crate::output::FileBytes,
        generation: u64,
    ) {
        self.pages.put(path, (fingerprint, bytes), generation);
    }

    /// Entry counts (sources, parses, renders, pages), for tests and `-v`.
    pub fn sizes(&self) -> (usize, usize, usize, usize) {
        (
            self.sources.len(),
            self.infos.len(),
            self.renders.len(),
            self.pages.len(),
        )
    }
}

impl BuildCache {
    /// The previous build's walk of `content/`, when `changed` only modified files it
    /// found (a file created, deleted or renamed, or a folder, needs a new walk).
    pub fn walked_if_unchanged(&self, changed: &ChangedSources) -> Option<Arc<SourceTree>> {
        let walked = self
            .walked
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()?;
        let same_files = !walked.through_symlink
            && changed
                .rel
                .iter()
                .all(|rel| walked.file(rel).is_some_and(|f| f.abs.is_file()));
        same_files.then_some(walked)
    }

    /// Remembers this build's walk of `content/`.
    pub fn put_walked(&self, tree: Arc<SourceTree>) {
        *self.walked.lock().unwrap_or_else(|e| e.into_inner()) = Some(tree);
    }

    /// [`BuildCache::load`], except that a file the watcher did not report (`changed`)
    /// is taken from the cache without asking the file system.
    pub fn load_trusting(
        &self,
        f: &SourceFile,
        changed: &ChangedSources,
        max_bytes: usize,
        generation: u64,
    ) -> Loaded {
        if !changed.rel.contains(&f.rel) {
            if let Some((_, hit)) = self.sources.get(&f.abs, generation) {
                return hit;
            }
        }
        self.load(f, max_bytes, generation)
    }

    /// [`load_one`] through the cache: unchanged files (same mtime and size) are not re-read.
    pub fn load(&self, f: &SourceFile, max_bytes: usize, generation: u64) -> Loaded {
        let stamp = file_stamp(&f.abs);
        if let Some(stamp) = stamp {
            if let Some(hit) = self.source(&f.abs, stamp, generation) {
                return hit;
            }
        }
        let loaded = load_one(f, max_bytes);
        if let Some(stamp) = stamp {
            self.put_source(f.abs.clone(), stamp, loaded.clone(), generation);
        }
        loaded
    }
}

/// A 64-bit hash of some byte strings (xxh3), with separators so that ("ab","c") ≠ ("a","bc").
pub fn hash_parts<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> u64 {
    let mut h = PartHasher::new();
    for p in parts {
        h.part(p);
    }
    h.finish()
}

/// [`hash_parts`] one part at a time, for callers that would otherwise collect parts.
///
/// Each part is hashed on its own (xxh3, one shot) into a fixed-width word, and the
/// words are hashed at the end: fingerprints feed this many short strings, and a
/// streaming hasher spent most of its time copying them into its buffer.
pub struct PartHasher(Vec<u8>);

impl Default for PartHasher {
    fn default() -> Self {
        Self::new()
    }
}

impl PartHasher {
    /// A hasher with nothing in it.
    pub fn new() -> PartHasher {
        PartHasher(Vec::with_capacity(256))
    }

    /// Adds one part.
    pub fn part(&mut self, p: &[u8]) {
        let word = xxhash_rust::xxh3::xxh3_64(p);
        self.0.extend_from_slice(&word.to_le_bytes());
    }

    /// Adds a number (or a hash made earlier) as it is.
    pub fn word(&mut self, n: u64) {
        self.0.extend_from_slice(&n.to_le_bytes());
    }

    /// The hash of the parts so far.
    pub fn finish(&self) -> u64 {
        xxhash_rust::xxh3::xxh3_64(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unused_entries_are_pruned() {
        let c = BuildCache::new();
        let g1 = c.begin();
        c.put_info(1, Arc::new(DocInfo::default()), g1);
        c.put_info(2, Arc::new(DocInfo::default()), g1);
        c.finish(g1);
        let g2 = c.begin();
        assert!(c.info(1, g2).is_some());
        c.finish(g2);
        assert_eq!(c.sizes().1, 1);
        assert!(c.info(2, c.begin()).is_none());
    }

    #[test]
    fn pages_need_the_same_fingerprint() {
        let c = BuildCache::new();
        let g = c.begin();
        c.put_page("a".into(), 7, Arc::new(b"x".to_vec()), g);
        assert!(c.page("a", 7, g).is_some());
        assert!(c.page("a", 8, g).is_none());
    }

    #[test]
    fn changed_sources_are_content_relative() {
        let content = std::path::Path::new("/site/content");
        let paths = [
            std::path::Path::new("/site/content/net/dns.md"),
            std::path::Path::new("/site/content"),
            std::path::Path::new("/site/templates/note.html"),
        ];
        let c = ChangedSources::under(content, paths);
        assert_eq!(c.rel.into_iter().collect::<Vec<_>>(), vec!["net/dns.md"]);
    }

    #[test]
    fn the_walk_is_reused_only_when_known_files_were_modified() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(content.join("net")).unwrap();
        std::fs::write(content.join("net/dns.md"), "# DNS").unwrap();
        let c = BuildCache::new();
        let changed = |rels: &[&str]| ChangedSources {
            rel: rels.iter().map(|r| r.to_string()).collect(),
        };
        assert!(
            c.walked_if_unchanged(&changed(&[])).is_none(),
            "nothing walked yet"
        );
        c.put_walked(Arc::new(SourceTree::walk(
            &content,
            dir.path(),
            Default::default(),
        )));
        assert!(c.walked_if_unchanged(&changed(&[])).is_some());
        std::fs::write(content.join("net/dns.md"), "# DNS, edited").unwrap();
        assert!(
            c.walked_if_unchanged(&changed(&["net/dns.md"])).is_some(),
            "an edit"
        );
        std::fs::write(content.join("net/cdn.md"), "# CDN").unwrap();
        assert!(
            c.walked_if_unchanged(&changed(&["net/cdn.md"])).is_none(),
            "a new file"
        );
        std::fs::remove_file(content.join("net/dns.md")).unwrap();
        assert!(
            c.walked_if_unchanged(&changed(&["net/dns.md"])).is_none(),
            "a deleted file"
        );
        assert!(
            c.walked_if_unchanged(&changed(&["net"])).is_none(),
            "a folder"
        );
    }

    #[test]
    fn trusted_loads_skip_unreported_files() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(&content).unwrap();
        std::fs::write(content.join("a.md"), "# One").unwrap();
        let f = SourceFile {
            rel: "a.md".into(),
            abs: content.join("a.md"),
        };
        let c = BuildCache::new();
        let g = c.begin();
        let title = |l: Loaded| l.0.map(|d| d.title.clone());
        assert_eq!(title(c.load(&f, 1 << 20, g)).as_deref(), Some("One"));
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(content.join("a.md"), "# Two, longer").unwrap();
        let none = ChangedSources::default();
        assert_eq!(
            title(c.load_trusting(&f, &none, 1 << 20, g)).as_deref(),
            Some("One"),
            "not reported: the cached text is trusted"
        );
        let reported = ChangedSources {
            rel: ["a.md".to_string()].into_iter().collect(),
        };
        assert_eq!(
            title(c.load_trusting(&f, &reported, 1 << 20, g)).as_deref(),
            Some("Two, longer")
        );
    }

    #[test]
    fn part_hasher_matches_hash_parts() {
        let mut h = PartHasher::new();
        h.part(b"ab");
        h.part(b"c");
        assert_eq!(h.finish(), hash_parts([&b"ab"[..], b"c"]));
    }

    #[test]
    fn hash_parts_separates() {
        assert_ne!(
            hash_parts([&b"ab"[..], b"c"]),
            hash_parts([&b"a"[..], b"bc"])
        );
    }
}
