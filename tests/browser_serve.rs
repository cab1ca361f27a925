//! Browser tests of `atlas serve` in headless Chromium: live reload keeps the scroll
//! position, the error overlay comes and goes, CSS is swapped without a reload.

mod browser_support;
mod common;
use browser_support::*;
use common::*;

fn long_note() -> String {
    let mut s = String::from("+++\ntitle = \"Long\"\n+++\n\nFirst paragraph MARKER_ONE.\n\n");
    for i in 0..80 {
        s.push_str(&format!("## Part {i}\n\nSome text for part {i}, long enough to scroll the page a good deal.\n\n"));
    }
    s
}

fn js_f64(tab: &headless_chrome::Tab, expr: &str) -> f64 {
    tab.evaluate(expr, false)
        .unwrap()
        .value
        .and_then(|v| v.as_f64())
        .unwrap_or(f64::NAN)
}

fn js_bool(tab: &headless_chrome::Tab, expr: &str) -> bool {
    tab.evaluate(expr, false)
        .ok()
        .and_then(|r| r.value)
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

#[test]
fn edit_reloads_the_page_and_keeps_the_scroll_position() {
    let Some(browser) = browser() else { return };
    let site = Site::new(&[
        ("content/long.md", &long_note()),
        ("content/other.md", "# Other\n\n[[long]]\n"),
    ]);
    let server = Server::start(site.root(), &[]);
    let tab = browser.new_tab().unwrap();
    tab.navigate_to(&server.url("/long/"))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    tab.evaluate("window.scrollTo(0, 1200)", false).unwrap();
    assert!(wait_until(5, || js_f64(&tab, "window.scrollY") >= 1100.0));
    // Wait for the live-reload socket to be open before editing.
    std::thread::sleep(std::time::Duration::from_millis(500));
    site.write(
        "content/long.md",
        long_note().replace("MARKER_ONE", "MARKER_TWO").as_bytes(),
    );
    assert!(
        wait_until(15, || js_bool(
            &tab,
            "document.body.innerText.includes('MARKER_TWO')"
        )),
        "the edit never appeared"
    );
    assert!(
        wait_until(5, || (js_f64(&tab, "window.scrollY") - 1200.0).abs() < 60.0),
        "scroll position lost: {}",
        js_f64(&tab, "window.scrollY")
    );
}

#[test]
fn broken_front_matter_shows_an_overlay_until_fixed() {
    let Some(browser) = browser() else { return };
    let good = "+++\ntitle = \"Page\"\n+++\n\nHello.\n";
    let site = Site::new(&[("content/page.md", good)]);
    let server = Server::start(site.root(), &[]);
    let tab = browser.new_tab().unwrap();
    tab.navigate_to(&server.url("/page/"))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(500));
    site.write(
        "content/page.md",
        b"+++\ntitle = \"Page\nweight = 1\n+++\n\nHello.\n",
    );
    assert!(
        wait_until(15, || js_bool(
            &tab,
            "!!document.getElementById('atlas-error-overlay')"
        )),
        "no overlay"
    );
    let text = tab
        .evaluate(
            "document.getElementById('atlas-error-overlay').innerText",
            false,
        )
        .unwrap()
        .value
        .unwrap();
    assert!(
        text.as_str().unwrap().contains("content/page.md:2:"),
        "{text}"
    );
    assert!(
        js_bool(&tab, "document.body.innerText.includes('Hello.')"),
        "last good page still shown"
    );
    let png = tab
        .capture_screenshot(
            headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption::Png,
            None,
            None,
            true,
        )
        .unwrap();
    std::fs::write(screenshot_dir().join("overlay.png"), png).unwrap();
    site.write("content/page.md", good.as_bytes());
    assert!(
        wait_until(15, || js_bool(
            &tab,
            "!document.getElementById('atlas-error-overlay')"
        )),
        "overlay stayed after the fix"
    );
}

#[test]
fn css_changes_apply_without_a_reload() {
    let Some(browser) = browser() else { return };
    let site = Site::new(&[
        ("content/page.md", "# Page\n\nHello.\n"),
        ("static/extra.css", "p { color: rgb(1, 2, 3); }\n"),
    ]);
    site.write(
        "templates/base.html",
        std::fs::read_to_string(repo_root().join("templates/base.html"))
            .unwrap()
            .replace(
                "</head>",
                "<link rel=\"stylesheet\" href=\"{{ site.base_path }}extra.css\">\n</head>",
            )
            .as_bytes(),
    );
    let server = Server::start(site.root(), &[]);
    let tab = browser.new_tab().unwrap();
    tab.navigate_to(&server.url("/page/"))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    let color = "getComputedStyle(document.querySelector('.content p')).color";
    assert!(wait_until(5, || js_bool(
        &tab,
        &format!("{color} === 'rgb(1, 2, 3)'")
    )));
    tab.evaluate("window.__noReload = 42", false).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(500));
    site.write("static/extra.css", b"p { color: rgb(4, 5, 6); }\n");
    assert!(
        wait_until(15, || js_bool(&tab, &format!("{color} === 'rgb(4, 5, 6)'"))),
        "css change not applied"
    );
    assert!(
        js_bool(&tab, "window.__noReload === 42"),
        "the page was reloaded"
    );
}
