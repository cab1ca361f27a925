//! HTTP routes of the dev server: files from memory (no disk, so no traversal or
//! symlink escape), the 404 page, the error overlay and the live-reload WebSocket.

use super::guard::HostGuard;
use super::state::{Signal, SiteState};
use crate::escape::html as escape;
use crate::output::SiteFiles;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::collections::HashMap;
use std::sync::Arc;

/// The WebSocket path of the live-reload channel.
pub const RELOAD_PATH: &str = "/__atlas/ws";
/// The live-reload client (`static/livereload.js`, served by the dev server only).
pub const SCRIPT_PATH: &str = "/__atlas/livereload.js";
/// Build status as JSON: `{"version": N, "errors": M, "search_version": S}` (N counts
/// finished builds; S is the build the served search index belongs to).
pub const STATUS_PATH: &str = "/__atlas/status";

/// What the file handler needs: the site and the base path it is served under.
#[derive(Debug, Clone)]
pub struct Served {
    /// The site.
    pub state: Arc<SiteState>,
    /// Base path (`/` or `/atlas/`); requests outside it get the 404 page.
    pub base_path: Arc<str>,
}

/// The dev server's routes, behind the `Host` check of `guard`.
pub fn router(state: Arc<SiteState>, base_path: &str, guard: HostGuard) -> Router {
    let served = Served {
        state,
        base_path: Arc::from(base_path),
    };
    Router::new()
        .route(RELOAD_PATH, get(reload_socket))
        .route(STATUS_PATH, get(status))
        .route(SCRIPT_PATH, get(live_script))
        .fallback(serve_file)
        .with_state(served)
        .layer(axum::middleware::from_fn_with_state(
            guard,
            super::guard::check_host,
        ))
}

/// Where a request path leads in the built files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// Serve this file.
    File(String),
    /// Redirect to the directory URL (`/a` → `/a/`).
    Redirect(String),
    /// Nothing there (or a path that tries to escape).
    NotFound,
}

/// Maps a URL path to a file key, refusing `..`, encoded traversal, backslashes and NULs.
pub fn lookup(files: &SiteFiles, raw: &str) -> Lookup {
    let decoded = percent_encoding::percent_decode_str(raw).decode_utf8_lossy();
    if decoded.contains('\0') || decoded.contains('\\') {
        return Lookup::NotFound;
    }
    let mut parts = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => return Lookup::NotFound,
            s => parts.push(s),
        }
    }
    let key = parts.join("/");
    if key.is_empty() || decoded.ends_with('/') {
        let index = if key.is_empty() {
            "index.html".to_string()
        } else {
            format!("{key}/index.html")
        };
        return if files.contains_key(&index) {
            Lookup::File(index)
        } else {
            Lookup::NotFound
        };
    }
    if files.contains_key(&key) {
        return Lookup::File(key);
    }
    if files.contains_key(&format!("{key}/index.html")) {
        return Lookup::Redirect(format!("/{key}/"));
    }
    Lookup::NotFound
}

fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit('.').next().unwrap_or("");
    match ext {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// The error overlay's stylesheet (its own file, so it reads as CSS).
const OVERLAY_CSS: &str = include_str!("overlay.css");

/// The script and overlay injected into every HTML page served by the dev server.
pub fn injection(version: u64, errors: &[crate::diagnostics::Diagnostic]) -> String {
    let mut s = String::new();
    if !errors.is_empty() {
        // The stylesheet sits inside the overlay, so a live patch brings it along.
        s.push_str("<div id=\"atlas-error-overlay\" role=\"alert\"><style>");
        s.push_str(OVERLAY_CSS);
        s.push_str("</style><strong>Build failed: the last good version of the site is shown.</strong><ul>");
        for e in errors {
            s.push_str("<li>");
            s.push_str(&escape(&e.one_line()));
            if let Some(h) = &e.help {
                s.push_str(" — ");
                s.push_str(&escape(h));
            }
            s.push_str("</li>");
        }
        s.push_str("</ul></div>");
    }
    s.push_str(&format!(
        "<script src=\"{SCRIPT_PATH}\" data-atlas-live data-version=\"{version}\" data-socket=\"{RELOAD_PATH}\"></script>"
    ));
    s
}

/// A response body that shares the site's bytes instead of copying them.
fn shared_body(bytes: &crate::output::FileBytes) -> axum::body::Body {
    struct Shared(crate::output::FileBytes);
    impl AsRef<[u8]> for Shared {
        fn as_ref(&self) -> &[u8] {
            &self.0
        }
    }
    axum::body::Body::from(bytes::Bytes::from_owner(Shared(bytes.clone())))
}

fn inject(html: &[u8], extra: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => {
            let mut s = String::with_capacity(text.len() + extra.len());
            s.push_str(&text[..i]);
            s.push_str(extra);
            s.push_str(&text[i..]);
            s.into_bytes()
        }
        None => {
            let mut s = text.into_owned();
            s.push_str(extra);
            s.into_bytes()
        }
    }
}

async fn serve_file(State(served): State<Served>, uri: Uri, headers: HeaderMap) -> Response {
    let state = &served.state;
    let base = served.base_path.as_ref();
    if base != "/" && (uri.path() == "/" || uri.path() == base.trim_end_matches('/')) {
        return (StatusCode::FOUND, [(header::LOCATION, base.to_string())]).into_response();
    }
    let (files, search, errors, version) = {
        let snap = state.read();
        (
            snap.files.clone(),
            snap.search.clone(),
            snap.errors.clone(),
            snap.version,
        )
    };
    // The search index lives beside the pages.
    if let Some(rest) = uri.path().strip_prefix(base.trim_end_matches('/')) {
        if let Some(bytes) = rest.strip_prefix('/').and_then(|k| search.get(k)) {
            // Kept gzip-compressed: sent as they are to clients that take gzip.
            let gzip_ok = headers
                .get(header::ACCEPT_ENCODING)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.split(',').any(|e| e.trim().starts_with("gzip")));
            let body = if gzip_ok {
                shared_body(bytes)
            } else {
                axum::body::Body::from(super::state::gunzip(bytes))
            };
            let mut resp = (StatusCode::OK, body).into_response();
            if gzip_ok {
                resp.headers_mut()
                    .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            }
            resp.headers_mut()
                .insert(header::VARY, HeaderValue::from_static("accept-encoding"));
            resp.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(content_type(rest)),
            );
            resp.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            return resp;
        }
    }
    let found = match uri.path().strip_prefix(base.trim_end_matches('/')) {
        Some(rest) if rest.starts_with('/') => lookup(&files, rest),
        _ => Lookup::NotFound,
    };
    let (status, key) = match found {
        Lookup::File(k) => (StatusCode::OK, Some(k)),
        Lookup::Redirect(to) => {
            let to = format!("{}{to}", base.trim_end_matches('/'));
            return (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, to)]).into_response();
        }
        Lookup::NotFound => (
            StatusCode::NOT_FOUND,
            files
                .contains_key("404.html")
                .then(|| "404.html".to_string()),
        ),
    };
    let Some(key) = key else {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
    let bytes = &files[&key];
    // Pages are kept packed (see `output::packed`); other files as they are.
    let body = if key.ends_with(".html") {
        let page = crate::output::packed::unpack(bytes);
        axum::body::Body::from(inject(&page, &injection(version, &errors)))
    } else {
        shared_body(bytes)
    };
    let mut resp = (status, body).into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(&key)),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

async fn live_script() -> Response {
    let body = crate::templates::live_reload_script();
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

/// The reload message for `signal`: `{"kind": "content" | "css" | "full", "version": N}`.
pub fn reload_message(signal: &Signal, version: u64) -> String {
    let kind = match signal {
        Signal::Content => "content",
        Signal::Css => "css",
        Signal::Full => "full",
    };
    format!("{{\"kind\":\"{kind}\",\"version\":{version}}}")
}

async fn status(State(Served { state, .. }): State<Served>) -> Response {
    let (version, errors, search) = {
        let snap = state.read();
        (snap.version, snap.errors.len(), snap.search_version)
    };
    (
        [(header::CONTENT_TYPE, "application/json")],
        format!("{{\"version\":{version},\"errors\":{errors},\"search_version\":{search}}}"),
    )
        .into_response()
}

async fn reload_socket(
    State(Served { state, .. }): State<Served>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Response {
    if !super::guard::same_origin(&headers) {
        return (
            StatusCode::FORBIDDEN,
            "403 Forbidden: the live-reload socket only accepts pages of this server (Origin must match Host)\n",
        )
            .into_response();
    }
    let seen: Option<u64> = q.get("v").and_then(|v| v.parse().ok());
    ws.on_upgrade(move |socket| reload_loop(socket, state, seen))
}

async fn reload_loop(mut socket: WebSocket, state: Arc<SiteState>, seen: Option<u64>) {
    let mut rx = state.subscribe();
    // A build finished between serving the page and opening this socket: reload now.
    let now = state.read().version;
    if seen.is_some_and(|v| v != now) {
        let msg = reload_message(&Signal::Full, now);
        let _ = socket.send(Message::Text(msg.into())).await;
        return;
    }
    loop {
        tokio::select! {
            sig = rx.recv() => {
                let signal = match sig {
                    Ok(s) => s,
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => Signal::Full,
                    Err(_) => return,
                };
                let msg = reload_message(&signal, state.read().version);
                if socket.send(Message::Text(msg.into())).await.is_err() {
                    return;
                }
            }
            incoming = socket.recv() => {
                if !matches!(incoming, Some(Ok(_))) {
                    return;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> SiteFiles {
        let mut f = SiteFiles::new();
        for k in ["index.html", "a/index.html", "style.css", "404.html"] {
            f.insert(k.into(), b"<html><body>x</body></html>".to_vec().into());
        }
        f
    }

    #[test]
    fn lookups() {
        let f = files();
        assert_eq!(lookup(&f, "/"), Lookup::File("index.html".into()));
        assert_eq!(lookup(&f, "/a/"), Lookup::File("a/index.html".into()));
        assert_eq!(lookup(&f, "/a"), Lookup::Redirect("/a/".into()));
        assert_eq!(lookup(&f, "/style.css"), Lookup::File("style.css".into()));
        assert_eq!(lookup(&f, "/nope"), Lookup::NotFound);
    }

    #[test]
    fn traversal_is_refused() {
        let f = files();
        for p in [
            "/../etc/passwd",
            "/a/../../x",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/a/..%2f..%2fstyle.css",
            "/a%5c..%5cstyle.css",
            "/%00",
        ] {
            assert_eq!(lookup(&f, p), Lookup::NotFound, "{p}");
        }
    }

    #[test]
    fn injection_escapes_errors() {
        let e = crate::diagnostics::Diagnostic::error(
            crate::diagnostics::Kind::FrontMatter,
            None,
            "<script>bad</script>",
        );
        let s = injection(3, &[e]);
        assert!(s.contains("atlas-error-overlay"));
        assert!(s.contains("&lt;script&gt;bad"));
        assert!(s.contains("data-version=\"3\""));
        assert!(s.contains(SCRIPT_PATH));
        let page = inject(b"<html><body>x</body></html>", "<i>y</i>");
        assert_eq!(page, b"<html><body>x<i>y</i></body></html>");
    }

    #[test]
    fn reload_messages_say_what_changed() {
        assert_eq!(
            reload_message(&Signal::Content, 4),
            r#"{"kind":"content","version":4}"#
        );
        assert_eq!(
            reload_message(&Signal::Css, 5),
            r#"{"kind":"css","version":5}"#
        );
        assert_eq!(
            reload_message(&Signal::Full, 6),
            r#"{"kind":"full","version":6}"#
        );
    }
}
