//! Watching the site's sources with notify (debounced; polling on request or when
//! native events are unavailable) and rebuilding, with saves during a build coalesced.

use super::changes::classify;
use super::state::SiteState;
use crate::cli::SiteArgs;
use crate::config::{Overrides, SiteConfig};
use crate::highlight::Highlighter;
use notify::{RecursiveMode, Watcher};
use notify_debouncer_full::{new_debouncer_opt, DebounceEventResult, Debouncer, FileIdMap};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

/// Keeps the watcher alive; dropping it stops watching.
pub enum WatchGuard {
    /// Native events.
    Native(Debouncer<notify::RecommendedWatcher, FileIdMap>),
    /// Polling.
    Poll(Debouncer<notify::PollWatcher, FileIdMap>),
}

const DEBOUNCE: Duration = Duration::from_millis(25);

/// Starts watching `config.root` and rebuilding into `state` on relevant changes.
pub fn spawn(
    config: SiteConfig,
    args: SiteArgs,
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
        while let Ok(first) = rx.recv() {
            let mut batches = vec![first];
            // Coalesce everything that arrived meanwhile into one rebuild.
            while let Ok(more) = rx.try_recv() {
                batches.push(more);
            }
            let relevant: Vec<_> = batches
                .into_iter()
                .filter_map(Result::ok)
                .flatten()
                // Reading files during a build produces access events: never rebuild on those.
                .filter(|e| !matches!(e.event.kind, notify::EventKind::Access(_)))
                .flat_map(|e| e.event.paths)
                .filter_map(|p| classify(&root, &p))
                .collect();
            if relevant.is_empty() {
                continue;
            }
            if relevant.contains(&super::changes::ChangeKind::Config) {
                let overrides = Overrides {
                    output: None,
                    base_url: args.base_url.clone(),
                    drafts: args.drafts,
                    broken_links: args.broken_links,
                    stale_days: None,
                };
                match SiteConfig::load(&config.root, &overrides) {
                    Ok(c) => config = c,
                    Err(d) => {
                        state.install(None, vec![d], false);
                        continue;
                    }
                }
            }
            let static_only = relevant
                .iter()
                .all(|k| *k == super::changes::ChangeKind::Static);
            state.rebuild(&config, &hl, &args, static_only);
        }
    });
    Ok(guard)
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
        Some(Duration::from_millis(10)),
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
        Some(Duration::from_millis(10)),
        tx,
        FileIdMap::new(),
        notify::Config::default()
            .with_poll_interval(Duration::from_millis(250))
            .with_compare_contents(true),
    )?;
    watch_paths(&mut d, root)?;
    Ok(WatchGuard::Poll(d))
}
