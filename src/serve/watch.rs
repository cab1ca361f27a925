//! Watching the site's sources with notify (debounced; polling on request or when
//! native events are unavailable) and rebuilding, with saves during a build coalesced.

use super::changes::classify;
use super::changes::ChangeKind;
use super::state::{SiteState, Touched};
use super::SiteSource;
use crate::cache::ChangedSources;
use crate::config::SiteConfig;
use crate::highlight::Highlighter;
use notify::{RecursiveMode, Watcher};
use notify_debouncer_full::{new_debouncer_opt, DebounceEventResult, Debouncer, FileIdMap};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Keeps the watcher alive; dropping it stops watching.
pub enum WatchGuard {
    /// Native events.
    Native(Debouncer<notify::RecommendedWatcher, FileIdMap>),
    /// Polling.
    Poll(Debouncer<notify::PollWatcher, FileIdMap>),
}

/// How long events must be quiet before a batch is handed over. Short: a save that
/// arrives as several events and slips into two batches costs a second rebuild that
/// `PathStamps` usually skips, while every millisecond here is added to every save.
const DEBOUNCE: Duration = Duration::from_millis(10);
/// How often the debouncer looks at its queue.
const TICK: Duration = Duration::from_millis(5);

/// Starts watching `config.root` and rebuilding into `state` on relevant changes.
pub fn spawn(
    config: SiteConfig,
    source: SiteSource,
    hl: Arc<Highlighter>,
    state: Arc<SiteState>,
    poll: bool,
) -> notify::Result<WatchGuard> {
    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let root = config
        .root
        .canonicalize()
        .unwrap_or_else(|_| config.root.clone());
    let guard = if poll {
        poll_watcher(&root, tx)?
    } else {
        match native_watcher(&root, tx.clone()) {
            Ok(g) => g,
            Err(e) => {
                eprintln!("note: native file events unavailable ({e}); polling instead");
                poll_watcher(&root, tx)?
            }
        }
    };
    std::thread::spawn(move || {
        let mut config = config;
        let mut bursts = Coalescer::default();
        let mut stamps = PathStamps::default();
        // The watcher's word is trusted only for changes since a build it watched through
        // (not the first build, which ran before watching began).
        let mut seen_all = false;
        while let Ok(first) = rx.recv() {
            let mut relevant = relevant_changes(&root, first, &mut seen_all);
            if relevant.is_empty() {
                continue;
            }
            // In a burst of saves, wait for a quiet moment so that they make one rebuild.
            let quiet = bursts.quiet_period(Instant::now());
            loop {
                let next = if quiet.is_zero() {
                    rx.try_recv().map_err(|_| ())
                } else {
                    rx.recv_timeout(quiet).map_err(|_| ())
                };
                match next {
                    Ok(more) => relevant.extend(relevant_changes(&root, more, &mut seen_all)),
                    Err(()) => break,
                }
            }
            if relevant.iter().any(|(k, _)| *k == ChangeKind::Config) {
                seen_all = false;
                match SiteConfig::load(&config.root, &source.overrides) {
                    Ok(c) => config = c,
                    Err(d) => {
                        state.install(None, vec![d], Touched::Anything);
                        continue;
                    }
                }
            }
            // Editors often raise several events for one save; the later ones find
            // nothing new on disk and must not rebuild (or signal a reload) again.
            if !stamps.any_changed(relevant.iter().map(|(_, p)| p.as_path())) {
                continue;
            }
            let touched = touched(relevant.iter().map(|(k, _)| *k));
            let changed = seen_all.then(|| {
                ChangedSources::under(
                    &root.join("content"),
                    relevant
                        .iter()
                        .filter(|(k, _)| *k == ChangeKind::Content)
                        .map(|(_, p)| p.as_path()),
                )
            });
            // After a build that could not read its sources, the next one checks everything.
            seen_all = state.rebuild(&config, &hl, &source, touched, changed.as_ref());
            bursts.built(Instant::now());
        }
    });
    Ok(guard)
}

/// The sources touched by one batch of events, with their kinds (access events never
/// count: reading files during a build produces them). A batch with errors, or one that
/// asks for a rescan (the OS dropped events), clears `seen_all`: the next build must
/// check every file itself.
fn relevant_changes(
    root: &std::path::Path,
    batch: DebounceEventResult,
    seen_all: &mut bool,
) -> Vec<(ChangeKind, PathBuf)> {
    let events = match batch {
        Ok(events) => events,
        Err(_) => {
            *seen_all = false;
            return Vec::new();
        }
    };
    if events.iter().any(|e| e.event.need_rescan()) {
        *seen_all = false;
    }
    events
        .into_iter()
        .filter(|e| !matches!(e.event.kind, notify::EventKind::Access(_)))
        .flat_map(|e| e.event.paths.clone())
        .filter_map(|p| classify(root, &p).map(|k| (k, p)))
        .collect()
}

/// What open pages must do after a rebuild of these kinds of change: patch themselves
/// (content only), maybe swap stylesheets (static only), or reload.
pub fn touched(kinds: impl Iterator<Item = ChangeKind>) -> Touched {
    let mut out = None;
    for k in kinds {
        let t = match k {
            ChangeKind::Content => Touched::Content,
            ChangeKind::Static => Touched::Static,
            ChangeKind::Template | ChangeKind::Config => Touched::Anything,
        };
        out = match out {
            None => Some(t),
            Some(o) if o == t => Some(o),
            Some(_) => Some(Touched::Anything),
        };
    }
    out.unwrap_or(Touched::Anything)
}

/// What a path looked like on disk: size and modification time, or absent.
type Stamp = Option<(u64, std::time::SystemTime)>;

fn stamp_of(path: &Path) -> Stamp {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

/// The last seen state of every path an event named: a batch whose paths all look as
/// they did when last seen changed nothing (only the paths in the batch are looked at,
/// so this costs nothing on a large site).
#[derive(Debug, Default)]
pub struct PathStamps {
    seen: HashMap<PathBuf, Stamp>,
}

impl PathStamps {
    /// True when some path differs from when it was last seen (or was never seen);
    /// remembers how each looks now.
    pub fn any_changed<'a>(&mut self, paths: impl Iterator<Item = &'a Path>) -> bool {
        let mut changed = false;
        for p in paths {
            let now = stamp_of(p);
            if self.seen.insert(p.to_path_buf(), now) != Some(now) {
                changed = true;
            }
        }
        changed
    }
}

/// A save that comes within this long after a rebuild is part of a burst.
pub const BURST_WINDOW: Duration = Duration::from_millis(400);
/// In a burst, rebuild only after this long without another save.
pub const BURST_QUIET: Duration = Duration::from_millis(250);

/// Decides how long to keep collecting changes before rebuilding: not at all after a
/// pause (the first save rebuilds at once), a quiet period during a burst of saves (so
/// that ten saves in a second give at most two rebuilds).
#[derive(Debug, Default, Clone)]
pub struct Coalescer {
    last_build: Option<Instant>,
}

impl Coalescer {
    /// The quiet period to wait for when a change arrives at `now`.
    pub fn quiet_period(&self, now: Instant) -> Duration {
        match self.last_build {
            Some(t) if now.saturating_duration_since(t) < BURST_WINDOW => BURST_QUIET,
            _ => Duration::ZERO,
        }
    }

    /// A rebuild finished at `now`.
    pub fn built(&mut self, now: Instant) {
        self.last_build = Some(now);
    }
}

fn watch_paths<W: Watcher>(
    d: &mut Debouncer<W, FileIdMap>,
    root: &std::path::Path,
) -> notify::Result<()> {
    for dir in ["content", "templates", "static"] {
        let p = root.join(dir);
        if p.is_dir() {
            d.watch(&p, RecursiveMode::Recursive)?;
        }
    }
    // site.toml: watch the root non-recursively (editors replace the file on save).
    d.watch(root, RecursiveMode::NonRecursive)
}

fn native_watcher(
    root: &std::path::Path,
    tx: mpsc::Sender<DebounceEventResult>,
) -> notify::Result<WatchGuard> {
    let mut d = new_debouncer_opt::<_, notify::RecommendedWatcher, FileIdMap>(
        DEBOUNCE,
        Some(TICK),
        tx,
        FileIdMap::new(),
        notify::Config::default(),
    )?;
    watch_paths(&mut d, root)?;
    Ok(WatchGuard::Native(d))
}

fn poll_watcher(
    root: &std::path::Path,
    tx: mpsc::Sender<DebounceEventResult>,
) -> notify::Result<WatchGuard> {
    let mut d = new_debouncer_opt::<_, notify::PollWatcher, FileIdMap>(
        DEBOUNCE,
        Some(TICK),
        tx,
        FileIdMap::new(),
        notify::Config::default()
            .with_poll_interval(Duration::from_millis(250))
            .with_compare_contents(true),
    )?;
    watch_paths(&mut d, root)?;
    Ok(WatchGuard::Poll(d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_stamps_see_real_changes_only() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.md");
        std::fs::write(&a, "one").unwrap();
        let mut st = PathStamps::default();
        assert!(st.any_changed([a.as_path()].into_iter()), "never seen");
        assert!(
            !st.any_changed([a.as_path()].into_iter()),
            "a repeated event"
        );
        std::fs::write(&a, "three").unwrap();
        assert!(st.any_changed([a.as_path()].into_iter()), "new size");
        std::fs::remove_file(&a).unwrap();
        assert!(st.any_changed([a.as_path()].into_iter()), "deleted");
        assert!(!st.any_changed([a.as_path()].into_iter()), "still deleted");
    }

    #[test]
    fn changes_decide_what_pages_do() {
        use ChangeKind::*;
        assert_eq!(touched([Content, Content].into_iter()), Touched::Content);
        assert_eq!(touched([Static].into_iter()), Touched::Static);
        assert_eq!(touched([Template].into_iter()), Touched::Anything);
        assert_eq!(touched([Content, Static].into_iter()), Touched::Anything);
        assert_eq!(touched([Content, Config].into_iter()), Touched::Anything);
    }

    #[test]
    fn bursts_wait_for_quiet_and_single_saves_do_not() {
        let mut c = Coalescer::default();
        let t0 = Instant::now();
        assert_eq!(
            c.quiet_period(t0),
            Duration::ZERO,
            "first save rebuilds at once"
        );
        c.built(t0);
        assert_eq!(c.quiet_period(t0 + Duration::from_millis(100)), BURST_QUIET);
        assert_eq!(
            c.quiet_period(t0 + Duration::from_secs(2)),
            Duration::ZERO,
            "after a pause"
        );
    }
}
