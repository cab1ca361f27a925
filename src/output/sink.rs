//! Where a build puts its files: memory (tests, the dev server) or a staging
//! directory on disk (see [`stage`](super::stage)) swapped in only when the build
//! succeeds.

use super::stage::DiskStage;
use super::{FileBytes, SiteFiles};
use std::sync::Mutex;

/// The destination of one build's files. Pages are handed over as soon as they are
/// rendered, so a large site never holds all its pages in memory at once.
#[derive(Debug)]
// One sink per build, passed by reference: the size of the disk variant costs nothing.
#[allow(clippy::large_enum_variant)]
pub enum Sink {
    /// Keep every file in memory.
    Memory(Mutex<SiteFiles>),
    /// Write every file under a staging directory.
    Disk(DiskStage),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_sink_keeps_files() {
        let s = Sink::memory();
        s.put("x".into(), b"1".to_vec());
        assert_eq!(s.into_files().len(), 1);
    }
}
