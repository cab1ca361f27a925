//! `atlas serve`: builds into memory, serves with axum, rebuilds on change and tells
//! browsers to reload only once the new site is complete.

pub mod background;
pub mod changes;
pub mod guard;
pub mod router;
pub mod state;
pub mod watch;

use crate::config::{Overrides, SiteConfig};
use crate::highlight::Highlighter;
use crate::report::Reporter;
use anyhow::Context as _;
use state::SiteState;
use std::sync::Arc;

/// Where the served site comes from besides its root: the command line's overrides
/// (applied again when `site.toml` changes) and how much to report.
#[derive(Debug, Clone)]
pub struct SiteSource {
    /// Overrides of `site.toml`.
    pub overrides: Overrides,
    /// How much to report of each rebuild.
    pub reporter: Reporter,
}

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Address to bind (loopback by default).
    pub bind: String,
    /// Port.
    pub port: u16,
    /// Poll instead of native file events.
    pub poll: bool,
    /// Open the site in the default browser.
    pub open: bool,
    /// Host names answered besides the bind address and loopback (`--allowed-host`).
    pub allowed_hosts: Vec<String>,
}

/// Largest request head (request line and headers) the server reads; a larger one gets 431.
pub const MAX_HEAD_BYTES: usize = 16 * 1024;

/// Runs the dev server until Ctrl-C.
pub fn run(config: SiteConfig, source: SiteSource, options: &ServeOptions) -> anyhow::Result<()> {
    let (bind, port, poll) = (options.bind.as_str(), options.port, options.poll);
    let open_browser = options.open;
    // The highlight cache remembers only blocks highlighted after the first build (the
    // notes being edited): the render cache keeps every unchanged note already, and
    // remembering every block of the site was a third copy of all code (~1 GB at
    // 10,000 notes).
    let highlighter = Arc::new(Highlighter::with_cache(config.site.highlight.enabled));
    highlighter.remember_new_blocks(false);
    let state = Arc::new(SiteState::new());
    let _ = state.rebuild(
        &config,
        &highlighter,
        &source,
        state::Touched::Anything,
        None,
    );
    highlighter.remember_new_blocks(true);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async move {
        let addr = format!("{bind}:{port}");
        let listener = tokio::net::TcpListener::bind(&addr).await.map_err(|e| {
            if e.kind() == std::io::ErrorKind::AddrInUse {
                anyhow::anyhow!("port {port} is already in use on {bind}; stop the other server or pick another port with --port")
            } else {
                anyhow::anyhow!("cannot listen on {addr}: {e}")
            }
        })?;
        let _watcher = watch::spawn(config.clone(), source.clone(), highlighter.clone(), state.clone(), poll)
            .context("starting the file watcher")?;
        let url = format!("http://{addr}{}", config.base_path);
        eprintln!("serving {} at {url} (Ctrl-C to stop)", config.root.display());
        if open_browser {
            // Best effort: a missing opener is not an error of the server.
            if let Err(e) = std::process::Command::new("xdg-open").arg(&url).spawn() {
                eprintln!("note: could not open a browser ({e}); open {url} yourself");
            }
        }
        let guard = guard::HostGuard::new(bind, port, &options.allowed_hosts);
        let app = router::router(state.clone(), &config.base_path, guard);
        tokio::select! {
            r = accept_loop(listener, app) => r,
            _ = tokio::signal::ctrl_c() => {
                eprintln!("stopping");
                Ok(())
            }
        }
    })
}

/// Serves each connection with HTTP/1.1 (WebSocket upgrades included), reading at most
/// [`MAX_HEAD_BYTES`] of request head.
async fn accept_loop(listener: tokio::net::TcpListener, app: axum::Router) -> anyhow::Result<()> {
    let service = hyper_util::service::TowerToHyperService::new(app);
    loop {
        let (stream, _) = match listener.accept().await {
            Ok(conn) => conn,
            // Out of file descriptors and the like: wait instead of spinning.
            Err(_) => {
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let service = service.clone();
        tokio::spawn(async move {
            let conn = hyper::server::conn::http1::Builder::new()
                .max_buf_size(MAX_HEAD_BYTES)
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(std::time::Duration::from_secs(30))
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .with_upgrades();
            // A client that sends garbage or hangs up is no error of the server.
            let _ = conn.await;
        });
    }
}
