//! The output stage: every file of the build handed to the sink, and the set of paths
//! written (for the build's counts and collision checks).

use super::Sink;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};

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

    /// Hands over each of `files`; where a path comes twice, the later file wins.
    /// Files are written in parallel: the search index alone is 18,000 files at
    /// 10,000 notes, and each write compares with the live site's file first.
    pub fn put_all<B: Into<super::FileBytes>>(
        &mut self,
        files: impl IntoIterator<Item = (String, B)>,
    ) {
        let batch: HashMap<String, super::FileBytes> = files
            .into_iter()
            .map(|(path, bytes)| (path, bytes.into()))
            .collect();
        self.written.extend(batch.keys().cloned());
        let sink = self.sink;
        batch
            .into_par_iter()
            .for_each(|(path, bytes)| sink.put(path, bytes));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn put_all_writes_every_file_and_the_later_of_two_wins() {
        let sink = Sink::memory();
        let mut out = Collector::new(&sink);
        let files: Vec<(String, Vec<u8>)> = (0..500)
            .map(|i| (format!("f{i}.txt"), vec![i as u8]))
            .chain([("f7.txt".to_string(), b"later".to_vec())])
            .collect();
        out.put_all(files);
        assert_eq!(out.written().len(), 500);
        drop(out);
        let got = sink.into_files();
        assert_eq!(got.len(), 500);
        assert_eq!(got["f7.txt"].as_slice(), b"later");
        assert_eq!(got["f8.txt"].as_slice(), [8u8]);
    }
}
