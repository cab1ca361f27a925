//! README screenshots of a running Atlas site: home, a note in light and dark, search.
//!
//! usage: cargo run --release --example screenshots -- BASE_URL NOTE_PATH QUERY OUT_DIR
//! e.g.   cargo run --release --example screenshots -- http://127.0.0.1:1111/ caching/redis/ "consistent hashing" .github/screenshots

use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption::Png;
use std::path::PathBuf;
use std::time::Duration;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [base, note, query, out] = args.as_slice() else {
        eprintln!("usage: screenshots BASE_URL NOTE_PATH QUERY OUT_DIR");
        std::process::exit(2);
    };
    let out = PathBuf::from(out);
    std::fs::create_dir_all(&out).unwrap();
    let flags: Vec<&std::ffi::OsStr> = [
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
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
            .window_size(Some((1280, 860)))
            .args(flags)
            .build()
            .unwrap(),
    )
    .unwrap();
    let tab = browser.new_tab().unwrap();
    let shot = |name: &str| {
        std::thread::sleep(Duration::from_millis(300));
        let png = tab.capture_screenshot(Png, None, None, true).unwrap();
        std::fs::write(out.join(name), png).unwrap();
        eprintln!("wrote {}", out.join(name).display());
    };
    let base = base.trim_end_matches('/');
    tab.navigate_to(&format!("{base}/"))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    tab.evaluate("localStorage.setItem('atlas-theme','light'); document.documentElement.setAttribute('data-theme','light')", false).unwrap();
    shot("home.png");
    tab.navigate_to(&format!("{base}/{}", note.trim_start_matches('/')))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    shot("note-light.png");
    tab.evaluate("localStorage.setItem('atlas-theme','dark'); document.documentElement.setAttribute('data-theme','dark')", false).unwrap();
    shot("note-dark.png");
    tab.evaluate("localStorage.setItem('atlas-theme','light'); document.documentElement.setAttribute('data-theme','light')", false).unwrap();
    let input = tab.find_element("#search-input").unwrap();
    input.click().unwrap();
    tab.type_str(query).unwrap();
    std::thread::sleep(Duration::from_millis(800));
    shot("search.png");
}
