//! Stable deep links: the record of every note's heading anchors (`content/.anchors.json`),
//! kept by `atlas build`. When a heading is renamed, its old anchor keeps working (an
//! alias anchor on the new heading) and links to it are reported with the new name.

use super::suggest::closest_within;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The anchors of one note.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteAnchors {
    /// Heading ids at the last build, in order.
    pub ids: Vec<String>,
    /// Old ids of renamed headings → their current ids.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub renamed: BTreeMap<String, String>,
}

/// The anchors of every note, by path relative to `content/`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnchorRecord {
    /// Notes.
    pub notes: BTreeMap<String, NoteAnchors>,
}

/// Where the record lives.
pub fn record_path(root: &Path) -> PathBuf {
    root.join("content").join(".anchors.json")
}

impl AnchorRecord {
    /// Reads the record; a missing or unreadable one is empty (the next build rewrites it).
    pub fn load(root: &Path) -> AnchorRecord {
        std::fs::read(record_path(root))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    /// The record as written (sorted, pretty, one trailing newline).
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".into());
        s.push('\n');
        s
    }

    /// The record after this build: current ids, with renames inferred from headings that
    /// disappeared (matched to the most similar new heading, else the one at the same place).
    pub fn update(&self, current: &BTreeMap<String, Vec<String>>) -> AnchorRecord {
        let mut notes = BTreeMap::new();
        for (rel, ids) in current {
            let now: BTreeSet<&str> = ids.iter().map(String::as_str).collect();
            let mut renamed = BTreeMap::new();
            if let Some(prev) = self.notes.get(rel) {
                let before: BTreeSet<&str> = prev.ids.iter().map(String::as_str).collect();
                let fresh: Vec<&str> = ids
                    .iter()
                    .map(String::as_str)
                    .filter(|i| !before.contains(i))
                    .collect();
                let mut newly: BTreeMap<String, String> = BTreeMap::new();
                for (pos, old) in prev.ids.iter().enumerate() {
                    if now.contains(old.as_str()) {
                        continue;
                    }
                    let target = closest_within(old, fresh.iter().copied(), 0.5)
                        .map(str::to_string)
                        .or_else(|| {
                            ids.get(pos)
                                .filter(|id| fresh.contains(&id.as_str()))
                                .cloned()
                        });
                    if let Some(t) = target {
                        newly.insert(old.clone(), t);
                    }
                }
                // Earlier renames follow their target if it was renamed again.
                for (old, target) in prev.renamed.iter().chain(newly.iter()) {
                    let mut t = target.clone();
                    for _ in 0..8 {
                        match newly.get(&t) {
                            Some(next) if next != &t => t = next.clone(),
                            _ => break,
                        }
                    }
                    if now.contains(t.as_str()) && !now.contains(old.as_str()) {
                        renamed.insert(old.clone(), t);
                    }
                }
            }
            notes.insert(
                rel.clone(),
                NoteAnchors {
                    ids: ids.clone(),
                    renamed,
                },
            );
        }
        AnchorRecord { notes }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cur(rel: &str, ids: &[&str]) -> BTreeMap<String, Vec<String>> {
        BTreeMap::from([(rel.to_string(), ids.iter().map(|s| s.to_string()).collect())])
    }

    #[test]
    fn renames_are_detected_and_chained() {
        let r0 = AnchorRecord::default().update(&cur("a.md", &["intro", "push-vs-pull", "costs"]));
        assert!(r0.notes["a.md"].renamed.is_empty());
        let r1 = r0.update(&cur("a.md", &["intro", "push-versus-pull", "costs"]));
        assert_eq!(r1.notes["a.md"].renamed["push-vs-pull"], "push-versus-pull");
        let r2 = r1.update(&cur("a.md", &["intro", "pushing-and-pulling", "costs"]));
        let renamed = &r2.notes["a.md"].renamed;
        assert_eq!(renamed["push-versus-pull"], "pushing-and-pulling");
        assert_eq!(renamed["push-vs-pull"], "pushing-and-pulling", "chained");
        // A heading that comes back is no longer an alias.
        let r3 = r2.update(&cur("a.md", &["intro", "push-vs-pull", "costs"]));
        assert!(!r3.notes["a.md"].renamed.contains_key("push-vs-pull"));
    }

    #[test]
    fn json_round_trip() {
        let r = AnchorRecord::default().update(&cur("a.md", &["x"]));
        let back: AnchorRecord = serde_json::from_str(&r.to_json()).unwrap();
        assert_eq!(r, back);
    }
}
