//! The building blocks of every stage's memo: a map whose entries live as long as the
//! builds that use them, the hashers that make their keys, and file stamps. A leaf:
//! it imports nothing of the crate, so every stage can hold its own memo.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::SystemTime;

/// A memo and the generation of the build using it (see [`Memo`]).
pub type InBuild<'a, M> = Option<(&'a M, u64)>;

/// One memo map; entries unused by the latest build are dropped after it ([`Memo::prune`]).
#[derive(Debug)]
pub struct Memo<K, V> {
    map: Mutex<HashMap<K, (u64, V)>>,
}

impl<K: Eq + Hash, V: Clone> Default for Memo<K, V> {
    fn default() -> Self {
        Self::new()
    }
}

impl<K: Eq + Hash, V: Clone> Memo<K, V> {
    /// An empty memo.
    pub fn new() -> Self {
        Memo {
            map: Mutex::new(HashMap::new()),
        }
    }

    /// The value for `key`, marked as used by `generation`.
    pub fn get<Q>(&self, key: &Q, generation: u64) -> Option<V>
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

    /// Remembers `value` for `key`, used by `generation`.
    pub fn put(&self, key: K, value: V, generation: u64) {
        self.map
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, (generation, value));
    }

    /// Drops every entry the build of `generation` did not use.
    pub fn prune(&self, generation: u64) {
        self.map
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|_, (g, _)| *g == generation);
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.map.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// True when the memo holds nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The sum of `size` over the values held (for memory reports).
    pub fn total(&self, size: impl Fn(&V) -> usize) -> usize {
        let map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        map.values().map(|(_, v)| size(v)).sum()
    }
}

/// Source identity on disk: modification time and size.
pub type FileStamp = (SystemTime, u64);

/// The stamp of a file, `None` when it cannot be read.
pub fn file_stamp(path: &std::path::Path) -> Option<FileStamp> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.modified().ok()?, m.len()))
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
        let m: Memo<u64, &str> = Memo::new();
        m.put(1, "one", 1);
        m.put(2, "two", 1);
        assert_eq!(m.get(&1, 2), Some("one"));
        m.prune(2);
        assert_eq!(m.len(), 1);
        assert_eq!(m.get(&2, 3), None);
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
