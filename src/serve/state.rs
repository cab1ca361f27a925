//! The dev server's site: the last good build in memory, current errors, and the
//! reload channel. A failed build keeps the last good files and records its errors.

use super::SiteSource;
use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Severity};
use crate::highlight::Highlighter;
use crate::output::SiteFiles;
use std::sync::{Arc, RwLock};
use tokio::sync::broadcast;

/// The newest pending search job and the condition variable its worker waits on.
type SearchQueue = (
    std::sync::Mutex<Option<(usize, crate::search::SearchInput, u64)>>,
    std::sync::Condvar,
);

/// What browsers are told after a rebuild.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signal {
    /// Only content changed: fetch the page again and patch it in place.
    Content,
    /// Only stylesheets changed: swap them without reloading.
    Css,
    /// Templates, scripts or settings changed (or nobody knows what): reload the page.
    Full,
}

/// Which sources a rebuild follows, as the watcher saw them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Touched {
    /// Only notes and assets under `content/`: pages keep their template and scripts.
    Content,
    /// Only files under `static/`: a stylesheet swap may be enough.
    Static,
    /// Templates, `site.toml`, or not known (the first build, lost events).
    Anything,
}

/// The served site.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Files of the last good build.
    pub files: Arc<SiteFiles>,
    /// The browser search index of the last good build (built after the pages, so that
    /// a save reloads the page without waiting for search), each file gzip-compressed
    /// (see [`gzip`]): the index is a large share of the dev server's memory.
    pub search: Arc<SiteFiles>,
    /// The site version `search` was built for.
    pub search_version: u64,
    /// Errors of the latest build (empty when it succeeded).
    pub errors: Vec<Diagnostic>,
    /// Incremented on every finished build.
    pub version: u64,
}

/// Shared state between the watcher and the HTTP handlers.
#[derive(Debug)]
pub struct SiteState {
    snapshot: RwLock<Snapshot>,
    /// The newest search job (shard size, documents, site version) and its signal.
    search_queue: SearchQueue,
    search_worker: std::sync::atomic::AtomicBool,
    /// `atlas serve -v`: report what the search worker keeps after each index.
    verbose: std::sync::atomic::AtomicBool,
    cache: crate::cache::BuildCache,
    reload: broadcast::Sender<Signal>,
}

impl Default for SiteState {
    fn default() -> Self {
        Self::new()
    }
}

impl SiteState {
    /// Empty state.
    pub fn new() -> SiteState {
        SiteState {
            snapshot: RwLock::new(Snapshot::default()),
            search_queue: Default::default(),
            search_worker: Default::default(),
            verbose: Default::default(),
            cache: crate::cache::BuildCache::new(),
            reload: broadcast::channel(16).0,
        }
    }

    /// The current files and errors.
    pub fn read(&self) -> std::sync::RwLockReadGuard<'_, Snapshot> {
        self.snapshot.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Subscribes to reload signals.
    pub fn subscribe(&self) -> broadcast::Receiver<Signal> {
        self.reload.subscribe()
    }

    /// Installs a finished build (files replaced only when it had no errors), then
    /// signals. When only static files were `touched`, the new site is compared with
    /// the old one to see whether a CSS swap suffices; when only content was, open
    /// pages patch themselves (an error overlay arrives the same way).
    pub fn install(&self, files: Option<SiteFiles>, errors: Vec<Diagnostic>, touched: Touched) {
        let css_only = match &files {
            Some(new) if touched == Touched::Static && errors.is_empty() => {
                let snap = self.read();
                snap.errors.is_empty() && only_css_changed(&snap.files, new)
            }
            _ => false,
        };
        let signal = {
            let mut snap = self.snapshot.write().unwrap_or_else(|e| e.into_inner());
            let signal = if css_only {
                Signal::Css
            } else if touched == Touched::Content && snap.version > 0 {
                Signal::Content
            } else {
                Signal::Full
            };
            if let Some(files) = files {
                snap.files = Arc::new(files);
            }
            snap.errors = errors;
            snap.version += 1;
            signal
        };
        let _ = self.reload.send(signal);
    }

    /// Asks the search worker (started on first use) to index `input` for site `version`.
    fn request_search(
        self: &Arc<Self>,
        shard_bytes: usize,
        input: crate::search::SearchInput,
        version: u64,
    ) {
        let mut slot = self
            .search_queue
            .0
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        *slot = Some((shard_bytes, input, version));
        self.search_queue.1.notify_one();
        drop(slot);
        if !self
            .search_worker
            .swap(true, std::sync::atomic::Ordering::SeqCst)
        {
            let state = Arc::clone(self);
            std::thread::spawn(move || {
                // Low priority: the index never competes with the next save's rebuild.
                super::background::lower_this_thread();
                let pool = super::background::low_priority_pool(2);
                // The previous index's files, gzip-compressed, by a hash of their bytes:
                // a save changes a few of the thousands of files, the rest are reused.
                let mut gzipped: std::collections::HashMap<u64, std::sync::Arc<Vec<u8>>> =
                    Default::default();
                loop {
                    let job = {
                        let mut slot = state
                            .search_queue
                            .0
                            .lock()
                            .unwrap_or_else(|e| e.into_inner());
                        while slot.is_none() {
                            slot = state
                                .search_queue
                                .1
                                .wait(slot)
                                .unwrap_or_else(|e| e.into_inner());
                        }
                        slot.take()
                    };
                    let Some((shard_bytes, input, version)) = job else {
                        continue;
                    };
                    match pool.install(|| {
                        crate::search::build_static_index_cached(
                            &input.docs(),
                            shard_bytes,
                            Some(&state.cache.search),
                        )
                    }) {
                        Ok(files) => {
                            let files: Vec<(String, u64, std::sync::Arc<Vec<u8>>)> =
                                pool.install(|| {
                                    use rayon::prelude::*;
                                    files
                                        .into_par_iter()
                                        .map(|(k, v)| {
                                            let h = xxhash_rust::xxh3::xxh3_64(&v);
                                            let gz = gzipped
                                                .get(&h)
                                                .cloned()
                                                .unwrap_or_else(|| std::sync::Arc::new(gzip(&v)));
                                            (k, h, gz)
                                        })
                                        .collect()
                                });
                            gzipped = files.iter().map(|(_, h, gz)| (*h, gz.clone())).collect();
                            let files = files.into_iter().map(|(k, _, gz)| (k, gz)).collect();
                            state.install_search(files, version);
                            if state.verbose.load(std::sync::atomic::Ordering::Relaxed) {
                                state.report_memory(&pool);
                            }
                        }
                        Err(e) => eprintln!("warning: search index not rebuilt: {e}"),
                    }
                }
            });
        }
    }

    /// Prints what the served site and the search worker hold (`atlas serve -v`).
    fn report_memory(&self, pool: &rayon::ThreadPool) {
        const MB: f64 = 1024.0 * 1024.0;
        let (pages, search) = {
            let snap = self.read();
            let size = |f: &SiteFiles| f.values().map(|b| b.len()).sum::<usize>() as f64 / MB;
            (size(&snap.files), size(&snap.search))
        };
        let words: usize = pool
            .broadcast(|_| crate::search::static_index::word_memo_bytes())
            .iter()
            .sum();
        let analyses = &self.cache.search;
        let bodies = self.cache.renders.total(|r| r.html.held_bytes()) as f64 / MB;
        eprintln!(
            "memory: pages {pages:.0} MB, note bodies {bodies:.0} MB, search index {search:.0} MB, {} search analyses {:.0} MB, word memos {:.0} MB",
            analyses.len(),
            analyses.heap_bytes() as f64 / MB,
            words as f64 / MB,
        );
    }

    /// Replaces the search index files (gzip-compressed) built for site `version` (no reload signal:
    /// pages do not change). An index for an older version than the one served is dropped.
    pub fn install_search(&self, files: SiteFiles, version: u64) {
        let mut snap = self.snapshot.write().unwrap_or_else(|e| e.into_inner());
        if version >= snap.search_version {
            snap.search = Arc::new(files);
            snap.search_version = version;
        }
    }

    /// Runs the pipeline and installs the result. `changed` is what the watcher saw
    /// change under `content/` since the previous rebuild (`None`: check everything).
    /// False when the pipeline could not run at all (its sources were unreadable).
    pub fn rebuild(
        self: &Arc<Self>,
        config: &SiteConfig,
        hl: &Highlighter,
        source: &SiteSource,
        touched: Touched,
        changed: Option<&crate::cache::ChangedSources>,
    ) -> bool {
        let started = std::time::Instant::now();
        self.verbose.store(
            source.reporter.verbose,
            std::sync::atomic::Ordering::Relaxed,
        );
        match crate::pipeline::build_with(
            config,
            hl,
            crate::pipeline::BuildOptions {
                cache: Some(&self.cache),
                progress: None,
                sink: None,
                skip_search_index: true,
                skip_checks: true,
                changed,
                check_only: false,
                focus: None,
            },
        ) {
            Ok(build) => {
                let errors: Vec<Diagnostic> = build
                    .diagnostics
                    .items()
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .cloned()
                    .collect();
                let reporter = &source.reporter;
                if !reporter.quiet || !errors.is_empty() {
                    reporter
                        .diagnostics(&build.diagnostics, crate::diagnostics::OutputFormat::Human);
                }
                if reporter.verbose {
                    crate::report::timings(&build.report.timings);
                }
                if !reporter.quiet {
                    eprintln!(
                        "rebuilt {} notes in {:.0} ms; {} errors, {} warnings",
                        build.report.notes,
                        started.elapsed().as_secs_f64() * 1000.0,
                        errors.len(),
                        build.diagnostics.warning_count()
                    );
                }
                // The very first build is served even with errors, so there is something to show.
                let first = self.read().version == 0;
                let files = if errors.is_empty() || first {
                    Some(build.files)
                } else {
                    None
                };
                let good = files.is_some();
                self.install(files, errors, touched);
                if good && config.site.search.enabled {
                    // The search index follows on one worker thread that always builds
                    // the newest site: requests made while it is busy collapse into one.
                    let version = self.read().version;
                    self.request_search(config.site.search.shard_bytes, build.search, version);
                }
                true
            }
            Err(e) => {
                eprintln!("error: {e}");
                self.install(
                    None,
                    vec![Diagnostic::error(
                        crate::diagnostics::Kind::Io,
                        None,
                        e.to_string(),
                    )],
                    Touched::Anything,
                );
                false
            }
        }
    }
}

/// `bytes` gzip-compressed, quickly (the dev server keeps its search index this way).
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(
        Vec::with_capacity(bytes.len() / 3),
        flate2::Compression::fast(),
    );
    // Writing into a Vec cannot fail.
    let _ = enc.write_all(bytes);
    enc.finish().unwrap_or_default()
}

/// The bytes `gzip` compressed (empty when they are not gzip).
pub fn gunzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::with_capacity(bytes.len() * 3);
    let _ = flate2::read::GzDecoder::new(bytes).read_to_end(&mut out);
    out
}

fn only_css_changed(old: &SiteFiles, new: &SiteFiles) -> bool {
    if old.len() != new.len() || old.is_empty() {
        return false;
    }
    let mut css_changed = false;
    for ((ka, va), (kb, vb)) in old.iter().zip(new.iter()) {
        if ka != kb {
            return false;
        }
        if va != vb {
            if !ka.ends_with(".css") {
                // Pages carry a cache-busting version of the theme assets; ignore that.
                if !(ka.ends_with(".html") && same_but_version(va, vb)) {
                    return false;
                }
            }
            css_changed = true;
        }
    }
    css_changed
}

fn same_but_version(a: &[u8], b: &[u8]) -> bool {
    fn strip(x: &[u8]) -> Vec<u8> {
        // Pages are held packed (see `output::packed`).
        let page = crate::output::packed::unpack(x);
        let s = String::from_utf8_lossy(&page);
        let mut out = String::with_capacity(s.len());
        let mut rest = s.as_ref();
        while let Some(i) = rest.find("?v=") {
            out.push_str(&rest[..i]);
            let after = &rest[i + 3..];
            let end = after.find('"').unwrap_or(after.len());
            rest = &after[end..];
        }
        out.push_str(rest);
        out.into_bytes()
    }
    strip(a) == strip(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_round_trip() {
        let text = b"{\"terms\": [1, 2, 3]}".repeat(100);
        let packed = gzip(&text);
        assert!(packed.len() < text.len() / 4);
        assert_eq!(gunzip(&packed), text);
    }

    #[test]
    fn css_only_detection() {
        let mut a = SiteFiles::new();
        a.insert("style.css".into(), b"x".to_vec().into());
        a.insert(
            "a/index.html".into(),
            b"<link href=\"/style.css?v=1\">".to_vec().into(),
        );
        let mut b = a.clone();
        b.insert("style.css".into(), b"y".to_vec().into());
        b.insert(
            "a/index.html".into(),
            b"<link href=\"/style.css?v=2\">".to_vec().into(),
        );
        assert!(only_css_changed(&a, &b));
        // The same held packed, as the dev server holds its pages.
        let pack = |f: &SiteFiles| -> SiteFiles {
            f.iter()
                .map(|(k, v)| (k.clone(), crate::output::packed::pack(v).into()))
                .collect()
        };
        assert!(only_css_changed(&pack(&a), &pack(&b)));
        b.insert("a/index.html".into(), b"<p>changed</p>".to_vec().into());
        assert!(!only_css_changed(&a, &b));
        assert!(!only_css_changed(&pack(&a), &pack(&b)));
    }

    #[test]
    fn failed_build_keeps_files() {
        let s = SiteState::new();
        let mut rx = s.subscribe();
        let mut f = SiteFiles::new();
        f.insert("index.html".into(), b"ok".to_vec().into());
        s.install(Some(f), vec![], Touched::Anything);
        s.install(
            None,
            vec![Diagnostic::error(
                crate::diagnostics::Kind::FrontMatter,
                None,
                "bad",
            )],
            Touched::Content,
        );
        let snap = s.read();
        assert_eq!(snap.files.get("index.html").unwrap().as_slice(), b"ok");
        assert_eq!(snap.errors.len(), 1);
        assert_eq!(snap.version, 2);
        assert_eq!(rx.try_recv().unwrap(), Signal::Full, "first build");
        assert_eq!(
            rx.try_recv().unwrap(),
            Signal::Content,
            "a content error patches the overlay in"
        );
    }
}
