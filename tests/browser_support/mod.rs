//! Headless Chromium for browser tests, and a dev server child process to point it at.
#![allow(dead_code)]

use headless_chrome::protocol::cdp::Emulation::SetDeviceMetricsOverride;
use headless_chrome::{Browser, LaunchOptions, Tab};
use std::ffi::OsStr;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Chromium's path, from `CHROMIUM` or the usual Debian locations.
pub fn chromium_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
}

/// A headless browser, or `None` (with a loud message) when Chromium is missing.
/// Under `CI=true` a missing Chromium fails the test instead.
pub fn browser() -> Option<Browser> {
    let Some(path) = chromium_path() else {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("CI=true but Chromium is not installed: browser tests are mandatory in CI (apt-get install chromium)");
        }
        eprintln!("\n!!!!!!!!!! SKIPPING BROWSER TEST: Chromium not found (apt-get install chromium, or set CHROMIUM=/path) !!!!!!!!!!\n");
        return None;
    };
    let args: Vec<&OsStr> = [
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        "--hide-scrollbars",
    ]
    .iter()
    .map(OsStr::new)
    .collect();
    let opts = LaunchOptions::default_builder()
        .path(Some(path))
        .headless(true)
        .sandbox(false)
        .window_size(Some((1280, 900)))
        .idle_browser_timeout(Duration::from_secs(120))
        .args(args)
        .build()
        .expect("launch options");
    Some(Browser::new(opts).expect("start chromium"))
}

/// A free loopback port.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `atlas serve` running on a site; killed on drop.
pub struct Server {
    child: Child,
    pub port: u16,
}

impl Server {
    pub fn start(root: &Path, extra: &[&str]) -> Server {
        let port = free_port();
        let mut args = vec![
            "serve".to_string(),
            "--root".into(),
            root.to_string_lossy().into_owned(),
            "--port".into(),
            port.to_string(),
        ];
        args.extend(extra.iter().map(|s| s.to_string()));
        let child = Command::new(env!("CARGO_BIN_EXE_atlas"))
            .args(&args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn atlas serve");
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "atlas serve did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Server { child, port }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Polls `f` until it returns true or `secs` pass.
pub fn wait_until(secs: u64, mut f: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(secs);
    while Instant::now() < deadline {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

/// Where tests save screenshots for people to look at.
pub fn screenshot_dir() -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Sets the viewport (a phone below 500 px wide).
pub fn set_size(tab: &Tab, width: u32, height: u32) {
    tab.call_method(SetDeviceMetricsOverride {
        width,
        height,
        device_scale_factor: 1.0,
        mobile: width < 500,
        scale: None,
        screen_width: None,
        screen_height: None,
        position_x: None,
        position_y: None,
        dont_set_visible_size: None,
        screen_orientation: None,
        viewport: None,
        display_feature: None,
        device_posture: None,
    })
    .unwrap();
}

/// Evaluates `js` in `tab` (awaiting promises); `null` when it returns nothing.
pub fn eval(tab: &Tab, js: &str) -> serde_json::Value {
    tab.evaluate(js, true)
        .unwrap()
        .value
        .unwrap_or(serde_json::Value::Null)
}

/// Navigates `tab` to `url` and waits until it has loaded.
pub fn open(tab: &Tab, url: &str) {
    tab.navigate_to(url)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
}

/// axe-core's source, from `AXE_CORE_JS` or `~/.cache/atlas-npm`, if installed.
pub fn axe_source() -> Option<String> {
    let candidates = [
        std::env::var("AXE_CORE_JS")
            .ok()
            .map(std::path::PathBuf::from),
        std::env::var("HOME").ok().map(|h| {
            std::path::PathBuf::from(h).join(".cache/atlas-npm/node_modules/axe-core/axe.min.js")
        }),
    ];
    candidates
        .into_iter()
        .flatten()
        .find(|p| p.exists())
        .map(|p| std::fs::read_to_string(p).unwrap())
}

/// Navigates `tab` to `url` and returns once the new document's `load` event has fired
/// (stylesheets, scripts and images in), without `open`'s wait for half a second of
/// network quiet. Panics when the page does not load in 30 s.
pub fn goto(tab: &Tab, url: &str) {
    // Mark the current document, so the wait below cannot mistake it for the new one.
    let _ = tab.evaluate("window.__atlasLeaving = true", false);
    tab.navigate_to(url).unwrap();
    let loaded = "window.__atlasLeaving ? false : new Promise(r => document.readyState === 'complete' ? r(true) : addEventListener('load', () => r(true)))";
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        // An evaluation may land in the old document or die with it: try again.
        if let Ok(v) = tab.evaluate(loaded, true) {
            if v.value == Some(serde_json::Value::Bool(true)) {
                return;
            }
        }
        assert!(Instant::now() < deadline, "{url} did not load in 30 s");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// A plain static file server over a built site folder (what any static host does): no
/// live-reload client, `index.html` for folders, `404.html` with status 404, an hour's
/// `Cache-Control` (so a tab visiting many pages reuses scripts and their compiled code).
/// Stops on drop.
pub struct StaticServer {
    pub port: u16,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl StaticServer {
    pub fn start(dir: &Path) -> StaticServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (dir, flag) = (dir.to_path_buf(), stop.clone());
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                if flag.load(std::sync::atomic::Ordering::SeqCst) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                let dir = dir.clone();
                std::thread::spawn(move || serve_one(&dir, conn));
            }
        });
        StaticServer { port, stop }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = std::net::TcpStream::connect(("127.0.0.1", self.port));
    }
}

/// Answers one HTTP/1.1 GET or HEAD on `conn` from `dir`, then closes the connection.
fn serve_one(dir: &Path, conn: std::net::TcpStream) {
    use std::io::{BufRead, BufReader, Write};
    let mut reader = BufReader::new(&conn);
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    // Skip the headers.
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    let mut parts = request.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let mut file = dir.join(path.trim_start_matches('/'));
    if path.ends_with('/') {
        file = file.join("index.html");
    }
    let safe = !path.split('/').any(|s| s == "..");
    let (status, file) = if safe && file.is_file() {
        ("200 OK", file)
    } else {
        ("404 Not Found", dir.join("404.html"))
    };
    let body = std::fs::read(&file).unwrap_or_default();
    let mime = match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "xml" => "application/xml",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };
    let mut out = &conn;
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {mime}\r\nContent-Length: {}\r\nCache-Control: max-age=3600\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = out.write_all(head.as_bytes());
    if method != "HEAD" {
        let _ = out.write_all(&body);
    }
}
