//! The staging directory of a build on disk, swapped in for the output directory only
//! when the build succeeds (readers see the old site or the new one, never a mix).
//!
//! Rebuilding a site mostly rewrites the same bytes, so the stage takes what it can
//! from the two sites it knows instead of writing again:
//! - a file whose bytes are those of the live site's file is hard-linked to it (it
//!   keeps its inode and modification time, and no data is written);
//! - the site replaced by the previous build is kept beside the output as
//!   `.<name>.atlas-prev` and becomes the next staging directory, so its directories
//!   and its files that no other site shares are reused in place rather than deleted
//!   and created again.
//!
//! Creating and deleting tens of thousands of files and directories each build was a
//! third of a 10,000-note build's time: freed inodes are skipped by the next
//! allocations for minutes on ext4 without a journal. The live site is never written
//! to: a staged file shared with it is unlinked before it is written.

use super::{io_error, OutputError};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Counts of what went into a stage.
#[derive(Debug, Default)]
struct StageStats {
    files: AtomicUsize,
    bytes: AtomicUsize,
    linked: AtomicUsize,
}

/// A staging directory next to the output directory, filled in parallel and then
/// swapped in by [`DiskStage::commit`], or given up by [`DiskStage::abort`].
#[derive(Debug)]
pub struct DiskStage {
    out: PathBuf,
    tmp: PathBuf,
    old: PathBuf,
    prev: PathBuf,
    /// Whether `tmp` is a recycled earlier site (whose leftovers `commit` prunes).
    recycled: bool,
    dirs: Mutex<BTreeSet<PathBuf>>,
    written: Mutex<HashSet<String>>,
    error: Mutex<Option<OutputError>>,
    stats: StageStats,
}

impl DiskStage {
    /// Checks `out` (see [`super::check_output_dir`]) and prepares the staging
    /// directory: the site replaced by the previous build when it was kept, else an
    /// empty directory.
    pub fn new(out: &Path, root: &Path) -> Result<DiskStage, OutputError> {
        super::check_output_dir(out, root)?;
        let out = super::absolute(out);
        let parent = out.parent().unwrap_or(Path::new("/")).to_path_buf();
        std::fs::create_dir_all(&parent).map_err(io_error("creating", &parent))?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let pid = std::process::id();
        let tmp = parent.join(format!(".{name}.atlas-new-{pid}"));
        let old = parent.join(format!(".{name}.atlas-old-{pid}"));
        let prev = parent.join(format!(".{name}.atlas-prev"));
        for stale in [&tmp, &old] {
            if stale.exists() {
                super::remove_dir_parallel(stale)?;
            }
        }
        // Another build may take the kept site first: then this one starts empty.
        let recycled = is_real_dir(&prev) && std::fs::rename(&prev, &tmp).is_ok();
        if !recycled {
            remove_any(&prev).map_err(io_error("removing", &prev))?;
            std::fs::create_dir_all(&tmp).map_err(io_error("creating", &tmp))?;
        }
        Ok(DiskStage {
            out,
            tmp,
            old,
            prev,
            recycled,
            dirs: Mutex::new(BTreeSet::new()),
            written: Mutex::new(HashSet::new()),
            error: Mutex::new(None),
            stats: StageStats::default(),
        })
    }

    /// Writes one file under the staging directory (errors are kept for `commit`).
    pub fn write(&self, rel: &str, bytes: &[u8]) {
        let path = self.tmp.join(rel);
        let result = self.put(rel, bytes, &path);
        match result {
            Ok(linked) => {
                self.stats.files.fetch_add(1, Ordering::Relaxed);
                self.stats.bytes.fetch_add(bytes.len(), Ordering::Relaxed);
                if linked {
                    self.stats.linked.fetch_add(1, Ordering::Relaxed);
                }
                if self.recycled {
                    lock(&self.written).insert(rel.to_string());
                }
            }
            Err(e) => {
                lock(&self.error).get_or_insert(e);
            }
        }
    }

    /// Puts `bytes` at `path` (the staged `rel`); true when linked to the live file.
    fn put(&self, rel: &str, bytes: &[u8], path: &Path) -> Result<bool, OutputError> {
        if let Some(dir) = path.parent() {
            self.make_dir(dir)?;
        }
        let staged = self
            .recycled
            .then(|| std::fs::symlink_metadata(path).ok())
            .flatten();
        let live = self.out.join(rel);
        if let Some(live_meta) = same_file_bytes(&live, bytes) {
            if staged.as_ref().is_some_and(|s| same_inode(s, &live_meta)) {
                return Ok(true);
            }
            if staged.is_some() {
                remove_any(path).map_err(io_error("removing", path))?;
            }
            if std::fs::hard_link(&live, path).is_ok() {
                return Ok(true);
            }
        } else if let Some(s) = &staged {
            // A file only the kept site holds is rewritten in place; anything else
            // (shared with the live site, or a directory) goes first.
            if !(s.file_type().is_file() && links(s) == 1) {
                remove_any(path).map_err(io_error("removing", path))?;
            }
        }
        std::fs::write(path, bytes).map_err(io_error("writing", path))?;
        Ok(false)
    }

    /// Creates `dir` under the staging directory once, replacing a file of the kept
    /// site that stands where a directory now must.
    fn make_dir(&self, dir: &Path) -> Result<(), OutputError> {
        if lock(&self.dirs).contains(dir) {
            return Ok(());
        }
        if std::fs::create_dir_all(dir).is_err() && self.recycled {
            for ancestor in dir.ancestors().take_while(|a| a.starts_with(&self.tmp)) {
                if std::fs::symlink_metadata(ancestor).is_ok_and(|m| !m.is_dir()) {
                    remove_any(ancestor).map_err(io_error("removing", ancestor))?;
                }
            }
        }
        std::fs::create_dir_all(dir).map_err(io_error("creating", dir))?;
        lock(&self.dirs).insert(dir.to_path_buf());
        Ok(())
    }

    /// Files and bytes written so far.
    pub fn counts(&self) -> (usize, usize) {
        (
            self.stats.files.load(Ordering::Relaxed),
            self.stats.bytes.load(Ordering::Relaxed),
        )
    }

    /// Files taken unchanged from the live site (hard links) so far.
    pub fn linked(&self) -> usize {
        self.stats.linked.load(Ordering::Relaxed)
    }

    /// Swaps the staging directory in place of the output directory, and keeps the
    /// replaced site for the next build to reuse.
    pub fn commit(self) -> Result<(), OutputError> {
        let failed = lock(&self.error).take();
        if let Some(e) = failed {
            self.abort();
            return Err(e);
        }
        if self.recycled {
            self.prune()?;
        }
        if std::fs::symlink_metadata(&self.out).is_err() {
            return std::fs::rename(&self.tmp, &self.out)
                .map_err(io_error("moving into place", &self.out));
        }
        if exchange(&self.tmp, &self.out) {
            self.keep(&self.tmp);
            return Ok(());
        }
        std::fs::rename(&self.out, &self.old).map_err(io_error("moving aside", &self.out))?;
        if let Err(e) = std::fs::rename(&self.tmp, &self.out) {
            let _ = std::fs::rename(&self.old, &self.out);
            return Err(OutputError::Io {
                action: "moving into place",
                path: self.out.clone(),
                source: e,
            });
        }
        self.keep(&self.old);
        Ok(())
    }

    /// Gives up the staging directory, leaving the output directory as it was (what
    /// was staged is kept for the next build to reuse).
    pub fn abort(self) {
        self.keep(&self.tmp);
    }

    /// Keeps `dir` (a site no one reads) as the next build's staging directory, or
    /// removes it when another build kept one first.
    fn keep(&self, dir: &Path) {
        if std::fs::symlink_metadata(&self.prev).is_ok()
            || std::fs::rename(dir, &self.prev).is_err()
        {
            let _ = super::remove_dir_parallel(dir);
        }
    }

    /// Removes what the kept site held and this build did not write: each top-level
    /// entry is walked in parallel, and directories this build wrote into are kept
    /// without asking.
    fn prune(&self) -> Result<(), OutputError> {
        let written = lock(&self.written);
        let used = lock(&self.dirs);
        let top: Vec<PathBuf> = std::fs::read_dir(&self.tmp)
            .map_err(io_error("reading", &self.tmp))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        top.par_iter().try_for_each(|entry| {
            for item in walkdir::WalkDir::new(entry).contents_first(true) {
                let item = item.map_err(|e| OutputError::Io {
                    action: "reading",
                    path: entry.clone(),
                    source: e.into(),
                })?;
                let path = item.path();
                if item.file_type().is_dir() {
                    if !used.contains(path) {
                        // Only empty directories go: an error means something is inside.
                        let _ = std::fs::remove_dir(path);
                    }
                } else if !written.contains(&rel_path(&self.tmp, path)) {
                    std::fs::remove_file(path).map_err(io_error("removing", path))?;
                }
            }
            Ok(())
        })
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// `path` relative to `root`, with `/` between components (as output paths are).
fn rel_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<_> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect();
    parts.join("/")
}

fn is_real_dir(p: &Path) -> bool {
    std::fs::symlink_metadata(p).is_ok_and(|m| m.is_dir())
}

/// The metadata of `live` when it is a regular file holding exactly `bytes`.
fn same_file_bytes(live: &Path, bytes: &[u8]) -> Option<std::fs::Metadata> {
    let meta = std::fs::symlink_metadata(live).ok()?;
    let same = meta.file_type().is_file()
        && meta.len() == bytes.len() as u64
        && std::fs::read(live).is_ok_and(|old| old == bytes);
    same.then_some(meta)
}

#[cfg(unix)]
fn same_inode(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_inode(_: &std::fs::Metadata, _: &std::fs::Metadata) -> bool {
    false
}

/// Names the inode has (1 where that cannot be known: nothing is shared there).
#[cfg(unix)]
fn links(m: &std::fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    m.nlink()
}

#[cfg(not(unix))]
fn links(_: &std::fs::Metadata) -> u64 {
    1
}

/// Removes a file, a symlink or a directory tree; nothing there is fine.
fn remove_any(p: &Path) -> std::io::Result<()> {
    match std::fs::symlink_metadata(p) {
        Ok(m) if m.is_dir() => std::fs::remove_dir_all(p),
        Ok(_) => std::fs::remove_file(p),
        Err(e) => Err(e),
    }
    .or_else(super::already_gone)
}

/// Swaps two directories in one step where the system can (Linux); false otherwise.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).is_ok()
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let t = tempfile::tempdir().unwrap();
        let root = t.path().join("site");
        std::fs::create_dir_all(&root).unwrap();
        let out = root.join("public");
        (t, root, out)
    }

    fn build(out: &Path, root: &Path, files: &[(&str, &str)]) -> DiskStage {
        let stage = DiskStage::new(out, root).unwrap();
        for (p, b) in files {
            stage.write(p, b.as_bytes());
        }
        stage
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    fn read(out: &Path, p: &str) -> String {
        std::fs::read_to_string(out.join(p)).unwrap()
    }

    #[test]
    fn commits_or_aborts() {
        let (_t, root, out) = site();
        let stage = build(&out, &root, &[("a/index.html", "one")]);
        assert_eq!(stage.counts(), (1, 3));
        stage.commit().unwrap();
        assert_eq!(read(&out, "a/index.html"), "one");
        build(&out, &root, &[("a/index.html", "two")]).abort();
        assert_eq!(
            read(&out, "a/index.html"),
            "one",
            "abort keeps the old site"
        );
        assert_eq!(names(&root), [".public.atlas-prev", "public"]);
    }

    #[test]
    fn the_kept_site_is_pruned_and_reused() {
        let (_t, root, out) = site();
        let all = |s: &str| {
            let mut v = Vec::new();
            for e in walkdir::WalkDir::new(&out).min_depth(1) {
                let e = e.unwrap();
                let kind = if e.file_type().is_dir() { "/" } else { "" };
                v.push(format!("{}{kind}", rel_path(&out, e.path())));
            }
            v.sort();
            assert!(!v.is_empty(), "{s}");
            v
        };
        build(
            &out,
            &root,
            &[("a/index.html", "1"), ("b/c/d.txt", "x"), ("e", "f")],
        )
        .commit()
        .unwrap();
        build(
            &out,
            &root,
            &[("a/index.html", "2"), ("b", "file now"), ("e/f", "dir now")],
        )
        .commit()
        .unwrap();
        assert_eq!(all("second"), ["a/", "a/index.html", "b", "e/", "e/f"]);
        // The third build recycles the first site: `b/c/d.txt` and the file `e` must go.
        build(&out, &root, &[("a/index.html", "3"), ("g.txt", "new")])
            .commit()
            .unwrap();
        assert_eq!(all("third"), ["a/", "a/index.html", "g.txt"]);
        assert_eq!(read(&out, "a/index.html"), "3");
        assert_eq!(names(&root), [".public.atlas-prev", "public"]);
    }

    #[cfg(unix)]
    #[test]
    fn unchanged_files_are_linked_and_the_live_site_is_never_written() {
        use std::os::unix::fs::MetadataExt;
        let (_t, root, out) = site();
        let meta = |p: &str| std::fs::metadata(out.join(p)).unwrap();
        let files = [("a/index.html", "one"), ("b.txt", "same"), ("c.txt", "abc")];
        build(&out, &root, &files).commit().unwrap();
        let (b_inode, c_inode) = (meta("b.txt").ino(), meta("c.txt").ino());

        // Same size, other bytes: written anew. Same bytes: linked.
        let files = [("a/index.html", "two"), ("b.txt", "same"), ("c.txt", "xyz")];
        let stage = build(&out, &root, &files);
        assert_eq!(stage.linked(), 1);
        assert_eq!(meta("b.txt").nlink(), 2, "shared with the staged site");
        assert_eq!(
            read(&out, "c.txt"),
            "abc",
            "the live site is untouched until the swap"
        );
        stage.commit().unwrap();
        assert_eq!(meta("b.txt").ino(), b_inode);
        assert_ne!(meta("c.txt").ino(), c_inode);
        assert_eq!(read(&out, "c.txt"), "xyz");

        // The third build stages into the first site, whose `b.txt` is the live one:
        // a change must not reach the live site before the swap.
        let stage = build(&out, &root, &[("b.txt", "changed"), ("c.txt", "xyz")]);
        assert_eq!(read(&out, "b.txt"), "same");
        assert_eq!(stage.linked(), 1);
        stage.abort();
        assert_eq!(read(&out, "b.txt"), "same");
        assert_eq!(read(&out, "c.txt"), "xyz");
        assert_eq!(read(&out, "a/index.html"), "two");

        // Unchanged again: nothing is written, the inodes stay.
        let c_inode = meta("c.txt").ino();
        let stage = build(
            &out,
            &root,
            &[("a/index.html", "two"), ("b.txt", "same"), ("c.txt", "xyz")],
        );
        assert_eq!(stage.linked(), 3);
        stage.commit().unwrap();
        assert_eq!(
            (meta("b.txt").ino(), meta("c.txt").ino()),
            (b_inode, c_inode)
        );
    }
}
