//! README screenshots of a running Atlas site: home, a note in light and dark, search with
//! results, a note on a phone (390 × 844, menu closed) and the section map.
//! `bench/screenshots.py` builds and serves the Atlas, runs this and shrinks the PNGs.
//!
//! usage: cargo run --release --example screenshots -- BASE_URL NOTE_PATH QUERY OUT_DIR
//! e.g.   cargo run --release --example screenshots -- http://127.0.0.1:1111/ partitioning/consistent-hashing/ "consistent hash" .github/screenshots

use headless_chrome::protocol::cdp::Emulation::SetDeviceMetricsOverride;
use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption::Png;
use headless_chrome::Tab;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Sets the viewport to `width` × `height` CSS px at scale 1 (a phone below 500 px).
fn viewport(tab: &Tab, width: u32, height: u32) {
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
    .expect("set viewport");
}

/// Evaluates `js` (awaiting a promise) and returns whether it gave `true`.
fn truthy(tab: &Tab, js: &str) -> bool {
    tab.evaluate(js, true)
        .ok()
        .and_then(|r| r.value)
        .is_some_and(|v| v == serde_json::Value::Bool(true))
}

/// Waits up to 20 s for `js` to be true; panics naming `what` when it never is.
fn wait_for(tab: &Tab, js: &str, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !truthy(tab, js) {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Opens `url` in `tab` in the light or dark theme and waits for its `load` event and fonts.
fn open(tab: &Tab, url: &str, theme: &str) {
    let _ = tab.evaluate("window.__leaving = true", false);
    tab.navigate_to(url).expect("navigate");
    wait_for(
        tab,
        "!window.__leaving && document.readyState === 'complete'",
        url,
    );
    let set = format!("localStorage.setItem('atlas-theme','{theme}'); document.documentElement.setAttribute('data-theme','{theme}'); document.fonts.ready.then(() => true)");
    wait_for(tab, &set, "fonts");
}

/// Writes the visible viewport of `tab` to `out/name`.
fn shot(tab: &Tab, out: &Path, name: &str) {
    // Two frames, so a theme switch or a layout change is painted.
    let _ = tab.evaluate(
        "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))",
        true,
    );
    let png = tab
        .capture_screenshot(Png, None, None, true)
        .expect("screenshot");
    std::fs::write(out.join(name), png).expect("write screenshot");
    eprintln!("wrote {}", out.join(name).display());
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [base, note, query, out] = args.as_slice() else {
        eprintln!("usage: screenshots BASE_URL NOTE_PATH QUERY OUT_DIR");
        std::process::exit(2);
    };
    let out = PathBuf::from(out);
    std::fs::create_dir_all(&out).expect("create the output folder");
    let flags: Vec<&std::ffi::OsStr> = [
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        "--font-render-hinting=none",
    ]
    .iter()
    .map(std::ffi::OsStr::new)
    .collect();
    let browser = headless_chrome::Browser::new(
        headless_chrome::LaunchOptions::default_builder()
            .path(Some(PathBuf::from(
                std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
            )))
            .headless(true)
            .sandbox(false)
            .window_size(Some((1280, 900)))
            .args(flags)
            .build()
            .expect("launch options"),
    )
    .expect("start chromium");
    let tab = browser.new_tab().expect("tab");
    let base = base.trim_end_matches('/');
    let note = format!("{base}/{}", note.trim_start_matches('/'));

    viewport(&tab, 1280, 900);
    open(&tab, &format!("{base}/"), "light");
    shot(&tab, &out, "home.png");
    open(&tab, &note, "light");
    shot(&tab, &out, "note-light.png");
    open(&tab, &note, "dark");
    shot(&tab, &out, "note-dark.png");

    open(&tab, &note, "light");
    viewport(&tab, 1280, 720);
    tab.find_element("#search-input")
        .expect("search box")
        .click()
        .expect("focus the search box");
    tab.type_str(query).expect("type the query");
    wait_for(
        &tab,
        "document.querySelectorAll('#search-results .search-result').length >= 3",
        "search results",
    );
    shot(&tab, &out, "search.png");

    viewport(&tab, 1280, 1000);
    open(&tab, &format!("{base}/map/"), "light");
    shot(&tab, &out, "map.png");

    viewport(&tab, 390, 844);
    open(&tab, &note, "light");
    wait_for(
        &tab,
        "getComputedStyle(document.getElementById('site-nav')).display === 'none'",
        "the phone menu to be closed",
    );
    shot(&tab, &out, "phone.png");
}
