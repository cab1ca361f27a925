//! The output stage: every file of the build handed to the sink, and the set of paths
//! written (for the build's counts and collision checks).

use super::Sink;
use std::collections::BTreeSet;

/// The files of one build as they are handed over.
#[derive(Debug)]
pub struct Collector<'a> {
    sink: &'a Sink,
    written: BTreeSet<String>,
}

impl<'a> Collector<'a> {
    /// Collects into `sink`.
    pub fn new(sink: &'a Sink) -> Collector<'a> {
        Collector {
            sink,
            written: BTreeSet::new(),
        }
    }

    /// Hands over one file (a later file of the same path replaces it).
    pub fn put(&mut self, path: String, bytes: impl Into<super::FileBytes>) {
        self.written.insert(path.clone());
        self.sink.put(path, bytes);
    }

    /// Hands over each of `files`, in order.
    pub fn put_all<B: Into<super::FileBytes>>(
        &mut self,
        files: impl IntoIterator<Item = (String, B)>,
    ) {
        for (path, bytes) in files {
            self.put(path, bytes);
        }
    }

    /// Records paths another stage put into the sink itself (pages, as they are ready).
    pub fn record(&mut self, paths: impl IntoIterator<Item = String>) {
        self.written.extend(paths);
    }

    /// The paths written so far.
    pub fn written(&self) -> &BTreeSet<String> {
        &self.written
    }
}
