//! The content stage's memo: files read by earlier builds (by path, stamp-checked) and
//! the latest walk of `content/`, with what the file watcher saw change since.

use super::source::{load_one, Loaded};
use super::{SourceFile, SourceTree};
use crate::memo::{file_stamp, Memo};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// What the file watcher saw change under `content/` since the previous build through
/// the same memo: every other file is trusted to be as it was, so a rebuild neither
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
            .map(super::walk::rel_path)
            .filter(|r| !r.is_empty())
            .collect();
        ChangedSources { rel }
    }
}

/// Last-commit dates by content-relative path.
pub type GitDates = Arc<std::collections::HashMap<String, String>>;

/// Sources read by earlier builds, the latest walk, and the git dates of the checkout.
#[derive(Debug, Default)]
pub struct SourceMemo {
    sources: Memo<PathBuf, (crate::memo::FileStamp, Loaded)>,
    walked: Mutex<Option<Arc<SourceTree>>>,
    dates: Mutex<Option<(super::git::Checkout, GitDates)>>,
}

impl SourceMemo {
    /// Drops the sources the build of `generation` did not read.
    pub fn prune(&self, generation: u64) {
        self.sources.prune(generation);
    }

    /// Number of sources remembered.
    pub fn len(&self) -> usize {
        self.sources.len()
    }

    /// True when no source is remembered.
    pub fn is_empty(&self) -> bool {
        self.sources.is_empty()
    }

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

    /// The last-commit dates of the notes under `root`: read from `git log` again only
    /// when another commit is checked out (a save changes no date, and reading the log
    /// of a repository of 10,000 notes took a tenth of a second on every save).
    pub fn git_dates(&self, root: &std::path::Path) -> GitDates {
        let Some(checkout) = super::git::Checkout::of(root) else {
            return GitDates::default();
        };
        let mut memo = self.dates.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((seen, dates)) = &*memo {
            if *seen == checkout {
                return dates.clone();
            }
        }
        let dates = Arc::new(super::git::dates_at(root, &checkout));
        *memo = Some((checkout, dates.clone()));
        dates
    }

    /// Remembers this build's walk of `content/`.
    pub fn put_walked(&self, tree: Arc<SourceTree>) {
        *self.walked.lock().unwrap_or_else(|e| e.into_inner()) = Some(tree);
    }

    /// [`SourceMemo::load`], except that a file the watcher did not report (`changed`)
    /// is taken from the memo without asking the file system.
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

    /// [`load_one`] through the memo: unchanged files (same mtime and size) are not re-read.
    pub fn load(&self, f: &SourceFile, max_bytes: usize, generation: u64) -> Loaded {
        let stamp = file_stamp(&f.abs);
        if let Some(stamp) = stamp {
            let hit = self
                .sources
                .get(&f.abs, generation)
                .filter(|(s, _)| *s == stamp);
            if let Some((_, loaded)) = hit {
                return loaded;
            }
        }
        let loaded = load_one(f, max_bytes);
        if let Some(stamp) = stamp {
            self.sources
                .put(f.abs.clone(), (stamp, loaded.clone()), generation);
        }
        loaded
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let c = SourceMemo::default();
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
        let c = SourceMemo::default();
        let g = 1;
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
}
