//! Who may talk to the dev server: the `Host` allowlist that stops DNS rebinding, and
//! the same-origin rule of the live-reload WebSocket.
//!
//! A web page on another site can make a browser send requests to `127.0.0.1:1111` by
//! pointing its own DNS name there; the `Host` header still carries that name, so only
//! names the user chose are served. Not for: authentication (the server binds loopback).

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::IpAddr;
use std::sync::Arc;

/// The host names the dev server answers to, and its port.
#[derive(Debug, Clone)]
pub struct HostGuard {
    names: Arc<[String]>,
    port: u16,
}

impl HostGuard {
    /// Answers to `localhost`, `127.0.0.1`, `[::1]`, the bind address and `extra` names,
    /// each with no port or with `port`. Any IP address is also allowed, since DNS
    /// rebinding needs a name.
    pub fn new(bind: &str, port: u16, extra: &[String]) -> HostGuard {
        let mut names: Vec<String> = ["localhost", "127.0.0.1", "[::1]", bind]
            .iter()
            .map(|s| s.to_string())
            .chain(extra.iter().cloned())
            .map(|n| normalize(&n))
            .collect();
        names.sort();
        names.dedup();
        HostGuard {
            names: names.into(),
            port,
        }
    }

    /// True when a `Host` header value names this server.
    pub fn allows(&self, host: &str) -> bool {
        let Some((name, port)) = split_host(host) else {
            return false;
        };
        if port.is_some_and(|p| p != self.port) {
            return false;
        }
        let name = normalize(name);
        self.names.contains(&name)
            || name
                .trim_start_matches('[')
                .trim_end_matches(']')
                .parse::<IpAddr>()
                .is_ok()
    }
}

fn normalize(name: &str) -> String {
    name.trim().trim_end_matches('.').to_ascii_lowercase()
}

/// `name[:port]` or `[v6]:port` → (name, port); `None` when malformed.
fn split_host(host: &str) -> Option<(&str, Option<u16>)> {
    let host = host.trim();
    if host.is_empty() {
        return None;
    }
    let (name, port) = if host.starts_with('[') {
        let end = host.find(']')?;
        match &host[end + 1..] {
            "" => (&host[..=end], None),
            rest => (&host[..=end], Some(rest.strip_prefix(':')?)),
        }
    } else {
        match host.rsplit_once(':') {
            Some((n, p)) => (n, Some(p)),
            None => (host, None),
        }
    };
    let port = match port {
        Some(p) => Some(p.parse().ok()?),
        None => None,
    };
    if name.is_empty() || name.contains(['/', '@', ' ', '\\']) {
        return None;
    }
    Some((name, port))
}

/// Middleware: 403 for a request whose `Host` is not one of the server's names.
pub async fn check_host(State(guard): State<HostGuard>, req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_string)
        .or_else(|| req.uri().authority().map(|a| a.to_string()));
    match host {
        Some(h) if guard.allows(&h) => next.run(req).await,
        Some(h) => {
            let name = split_host(&h).map(|(n, _)| n).unwrap_or("…");
            (
                StatusCode::FORBIDDEN,
                format!("403 Forbidden: atlas serve does not answer to host `{name}`; start it with `--allowed-host {name}` to allow it\n"),
            )
                .into_response()
        }
        None => (StatusCode::FORBIDDEN, "403 Forbidden: no Host header\n").into_response(),
    }
}

/// True when a WebSocket handshake comes from a page of this server: its `Origin` is
/// `http://` or `https://` followed by exactly the request's `Host`.
pub fn same_origin(headers: &HeaderMap) -> bool {
    let get = |name| headers.get(name).and_then(|v| v.to_str().ok());
    match (get(header::ORIGIN), get(header::HOST)) {
        (Some(origin), Some(host)) => {
            let rest = origin
                .strip_prefix("http://")
                .or_else(|| origin.strip_prefix("https://"));
            rest.is_some_and(|r| r.eq_ignore_ascii_case(host))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn hosts_are_checked_with_their_port() {
        let g = HostGuard::new("127.0.0.1", 1111, &["notes.lan".into()]);
        for ok in [
            "localhost:1111",
            "LOCALHOST",
            "127.0.0.1:1111",
            "[::1]:1111",
            "notes.lan:1111",
            "notes.lan.",
            "192.168.1.20:1111",
        ] {
            assert!(g.allows(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:1111",
            "localhost:2222",
            "localhost.evil.example",
            "",
            "a@localhost",
            "[::1",
            "localhost:x",
        ] {
            assert!(!g.allows(bad), "{bad}");
        }
    }

    #[test]
    fn websocket_origin_must_match_host() {
        let h = |origin: Option<&str>| {
            let mut m = HeaderMap::new();
            m.insert(header::HOST, HeaderValue::from_static("127.0.0.1:1111"));
            if let Some(o) = origin {
                m.insert(header::ORIGIN, HeaderValue::from_str(o).unwrap());
            }
            same_origin(&m)
        };
        assert!(h(Some("http://127.0.0.1:1111")));
        assert!(!h(Some("http://evil.example")));
        assert!(!h(Some("http://127.0.0.1:1111.evil.example")));
        assert!(!h(Some("null")));
        assert!(!h(None));
    }
}
