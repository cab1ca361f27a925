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
