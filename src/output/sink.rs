//! Where a build puts its files: memory (tests, the dev server) or straight into a
//! fresh directory on disk that is swapped in only when the build succeeds.

use super::{io_error, FileBytes, OutputError, SiteFiles};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// The destination of one build's files. Pages are handed over as soon as they are
/// rendered, so a large site never holds all its pages in memory at once.
#[derive(Debug)]
pub enum Sink {
    /// Keep every file in memory.
    Memory(Mutex<SiteFiles>),
    /// Write every file under a staging directory.
    Disk(DiskStage),
}

/// Counts of what went into a sink.
#[derive(Debug, Default)]
pub struct SinkStats {
    files: AtomicUsize,
    bytes: AtomicUsize,
    pages: AtomicUsize,
}

impl Sink {
    /// A memory sink.
    pub fn memory() -> Sink {
        Sink::Memory(Mutex::new(SiteFiles::new()))
    }

    /// Adds one file (replacing an earlier one at the same path).
    pub fn put(&self, path: String, bytes: impl Into<FileBytes>) {
        let bytes = bytes.into();
        match self {
            Sink::Memory(m) => {
                m.lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(path, bytes);
            }
            Sink::Disk(d) => d.write(&path, &bytes),
        }
    }

    /// The files of a memory sink (empty for a disk sink).
    pub fn into_files(self) -> SiteFiles {
        match self {
            Sink::Memory(m) => m.into_inner().unwrap_or_else(|e| e.into_inner()),
            Sink::Disk(_) => SiteFiles::new(),
        }
    }
}

/// A staging directory next to the output directory, filled in parallel and then
/// swapped in by [`DiskStage::commit`], or removed by [`DiskStage::abort`].
#[derive(Debug)]
pub struct DiskStage {
    out: PathBuf,
    tmp: PathBuf,
    old: PathBuf,
    dirs: Mutex<BTreeSet<PathBuf>>,
    error: Mutex<Option<OutputError>>,
    /// What was written.
    pub stats: SinkStats,
}

impl DiskStage {
    /// Checks `out` (see [`super::check_output_dir`]) and creates an empty staging directory.
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
        for stale in [&tmp, &old] {
            if stale.exists() {
                std::fs::remove_dir_all(stale).map_err(io_error("removing", stale))?;
            }
        }
        std::fs::create_dir_all(&tmp).map_err(io_error("creating", &tmp))?;
        Ok(DiskStage {
            out,
            tmp,
            old,
            dirs: Mutex::new(BTreeSet::new()),
            error: Mutex::new(None),
            stats: SinkStats::default(),
        })
    }

    /// Writes one file under the staging directory (errors are kept for `commit`).
    pub fn write(&self, rel: &str, bytes: &[u8]) {
        let path = self.tmp.join(rel);
        let result = (|| {
            if let Some(dir) = path.parent() {
                let known = self
                    .dirs
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .contains(dir);
                if !known {
                    std::fs::create_dir_all(dir).map_err(io_error("creating", dir))?;
                    self.dirs
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .insert(dir.to_path_buf());
                }
            }
            std::fs::write(&path, bytes).map_err(io_error("writing", &path))
        })();
        match result {
            Ok(()) => {
                self.stats.files.fetch_add(1, Ordering::Relaxed);
                self.stats.bytes.fetch_add(bytes.len(), Ordering::Relaxed);
                if rel.ends_with(".html") {
                    self.stats.pages.fetch_add(1, Ordering::Relaxed);
                }
            }
            Err(e) => {
                let mut slot = self.error.lock().unwrap_or_else(|e| e.into_inner());
                slot.get_or_insert(e);
            }
        }
    }

    /// Files and bytes written so far.
    pub fn counts(&self) -> (usize, usize) {
        (
            self.stats.files.load(Ordering::Relaxed),
            self.stats.bytes.load(Ordering::Relaxed),
        )
    }

    /// Swaps the staging directory in place of the output directory (readers see the
    /// old site or the new one, never a mix), then removes the old one.
    pub fn commit(self) -> Result<(), OutputError> {
        if let Some(e) = self.error.lock().unwrap_or_else(|e| e.into_inner()).take() {
            let _ = std::fs::remove_dir_all(&self.tmp);
            return Err(e);
        }
        if self.out.exists() {
            std::fs::rename(&self.out, &self.old).map_err(io_error("moving aside", &self.out))?;
        }
        if let Err(e) = std::fs::rename(&self.tmp, &self.out) {
            let _ = std::fs::rename(&self.old, &self.out);
            return Err(OutputError::Io {
                action: "moving into place",
                path: self.out.clone(),
                source: e,
            });
        }
        if self.old.exists() {
            super::remove_dir_parallel(&self.old)?;
        }
        Ok(())
    }

    /// Removes the staging directory, leaving the output directory as it was.
    pub fn abort(self) {
        let _ = super::remove_dir_parallel(&self.tmp);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disk_stage_commits_or_aborts() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path().join("site");
        std::fs::create_dir_all(&root).unwrap();
        let out = root.join("public");
        let sink = Sink::Disk(DiskStage::new(&out, &root).unwrap());
        sink.put("a/index.html".into(), b"one".to_vec());
        let Sink::Disk(stage) = sink else {
            unreachable!()
        };
        assert_eq!(stage.counts(), (1, 3));
        stage.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("a/index.html")).unwrap(),
            "one"
        );
        let sink = Sink::Disk(DiskStage::new(&out, &root).unwrap());
        sink.put("a/index.html".into(), b"two".to_vec());
        let Sink::Disk(stage) = sink else {
            unreachable!()
        };
        stage.abort();
        assert_eq!(
            std::fs::read_to_string(out.join("a/index.html")).unwrap(),
            "one",
            "abort keeps the old site"
        );
        assert_eq!(
            std::fs::read_dir(&root).unwrap().count(),
            1,
            "no staging directory left"
        );
    }

    #[test]
    fn memory_sink_keeps_files() {
        let s = Sink::memory();
        s.put("x".into(), b"1".to_vec());
        assert_eq!(s.into_files().len(), 1);
    }
}
