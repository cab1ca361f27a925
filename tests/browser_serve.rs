//! Browser tests of `atlas serve` in headless Chromium: a content edit patches the open
//! page in place (scroll, focus, search text, <details> and theme kept), a template edit
//! reloads it, the error overlay comes and goes, CSS is swapped without a reload.

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

fn js_str(tab: &headless_chrome::Tab, expr: &str) -> String {
    tab.evaluate(expr, false)
        .ok()
        .and_then(|r| r.value)
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn open(tab: &headless_chrome::Tab, url: &str) {
    tab.navigate_to(url)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    // The live-reload socket opens after the page has loaded.
    assert!(wait_until(5, || js_bool(
        tab,
        "document.readyState === 'complete'"
    )));
    std::thread::sleep(std::time::Duration::from_millis(500));
}

/// A note with a collapsible block, as an author would write it.
/// With a `<details>`, and code (its page has a stylesheet in `<noscript>`, which a
/// fetched page parses as an element and the open page as text: no reason to reload).
fn long_note_with_details() -> String {
    long_note().replace(
        "## Part 3\n",
        "<details id=\"more\"><summary>More</summary>\n\nHidden text.\n\n</details>\n\n\
         ```rust\nfn main() {}\n```\n\n## Part 3\n",
    )
}

#[test]
fn edit_patches_the_page_in_place_and_keeps_what_the_reader_did() {
    let Some(browser) = browser() else { return };
    let site = Site::new(&[
        ("content/long.md", &long_note_with_details()),
        ("content/other.md", "# Other\n\n[[long]]\n"),
    ]);
    let server = Server::start(site.root(), &[]);
    let tab = browser.new_tab().unwrap();
    open(&tab, &server.url("/long/"));
    // What a reader did: scrolled, opened a <details>, typed in the search box (which
    // keeps the focus), picked the dark theme. And a marker a navigation would lose.
    tab.evaluate(
        "window.__marker = 1; document.getElementById('more').open = true; \
         document.documentElement.setAttribute('data-theme', 'dark'); \
         var q = document.getElementById('search-input'); q.focus(); q.value = 'cach'; \
         window.scrollTo(0, 1200)",
        false,
    )
    .unwrap();
    assert!(wait_until(5, || js_f64(&tab, "window.scrollY") >= 1100.0));
    let y = js_f64(&tab, "window.scrollY");
    site.write(
        "content/long.md",
        long_note_with_details()
            .replace("MARKER_ONE", "MARKER_TWO")
            .replace("Some text for part 40,", "Edited text for part 40,")
            .as_bytes(),
    );
    assert!(
        wait_until(15, || {
            js_bool(
            &tab,
            "document.body.innerText.includes('MARKER_TWO') && document.body.innerText.includes('Edited text for part 40')"
        )
        }),
        "the edit never appeared"
    );
    assert!(
        js_bool(&tab, "window.__marker === 1"),
        "the page navigated instead of patching itself"
    );
    assert!(
        (js_f64(&tab, "window.scrollY") - y).abs() < 2.0,
        "scroll position moved: {} -> {}",
        y,
        js_f64(&tab, "window.scrollY")
    );
    assert_eq!(
        js_str(&tab, "document.getElementById('search-input').value"),
        "cach",
        "search box text lost"
    );
    assert_eq!(
        js_str(&tab, "document.activeElement && document.activeElement.id"),
        "search-input",
        "focus lost"
    );
    assert!(
        js_bool(&tab, "document.getElementById('more').open"),
        "<details> closed"
    );
    assert_eq!(
        js_str(&tab, "document.documentElement.getAttribute('data-theme')"),
        "dark",
        "theme lost"
    );
    assert!(
        !js_bool(&tab, "document.body.innerText.includes('MARKER_ONE')"),
        "old text left behind"
    );
    // A second edit patches again (the page follows the server's versions).
    site.write(
        "content/long.md",
        long_note_with_details()
            .replace("MARKER_ONE", "MARKER_THREE")
            .as_bytes(),
    );
    assert!(
        wait_until(15, || js_bool(
            &tab,
            "document.body.innerText.includes('MARKER_THREE')"
        )),
        "the second edit never appeared"
    );
    assert!(js_bool(&tab, "window.__marker === 1"), "navigated");
}

#[test]
fn template_change_reloads_the_page() {
    let Some(browser) = browser() else { return };
    let site = Site::new(&[("content/page.md", "# Page\n\nHello.\n")]);
    let note = std::fs::read_to_string(repo_root().join("templates/note.html")).unwrap();
    site.write("templates/note.html", note.as_bytes());
    let server = Server::start(site.root(), &[]);
    let tab = browser.new_tab().unwrap();
    open(&tab, &server.url("/page/"));
    tab.evaluate("window.__marker = 1", false).unwrap();
    site.write(
        "templates/note.html",
        note.replace(
            "{% endblock main %}",
            "<p>TEMPLATE_TWO</p>\n{% endblock main %}",
        )
        .as_bytes(),
    );
    assert!(
        wait_until(15, || js_bool(
            &tab,
            "document.body.innerText.includes('TEMPLATE_TWO')"
        )),
        "the template change never appeared"
    );
    assert!(
        js_bool(&tab, "window.__marker === undefined"),
        "a template change must reload the page"
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
