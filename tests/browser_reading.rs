//! Browser tests of the reading experience in headless Chromium, at 360 px and 1280 px:
//! no horizontal overflow, theme toggle that persists, TOC that follows the scroll,
//! link previews on hover and focus, and no serious accessibility violations (axe-core).

mod browser_support;
mod common;
use browser_support::*;
use common::*;

fn long_site() -> Site {
    let site = Site::fixture("valid");
    let mut long = String::from("+++\ntitle = \"Long Read\"\ndescription = \"A long note.\"\ntags = [\"networking\"]\n+++\n\nIntro linking [[cdn]].\n\n");
    for i in 0..12 {
        long.push_str(&format!("## Part {i}\n\n"));
        for _ in 0..6 {
            long.push_str("Plenty of words to make this part of the note tall enough to scroll past comfortably. ");
        }
        long.push_str("\n\n| a very wide table column | another wide column | and another wide column | and one more wide column | last wide column |\n|---|---|---|---|---|\n| x | y | z | w | v |\n\n");
    }
    site.write("content/net/long.md", long.as_bytes());
    site
}

#[test]
fn pages_do_not_overflow_horizontally() {
    let Some(browser) = browser() else { return };
    let site = long_site();
    let server = Server::start(site.root(), &[]);
    let tab = browser.new_tab().unwrap();
    for width in [360, 1280] {
        set_size(&tab, width, 800);
        for path in [
            "/kb/",
            "/kb/net/",
            "/kb/net/cdn/",
            "/kb/net/long/",
            "/kb/tags/networking/",
            "/kb/all/",
            "/kb/map/",
        ] {
            open(&tab, &server.url(path));
            let overflow = eval(
                &tab,
                "document.documentElement.scrollWidth - document.documentElement.clientWidth",
            );
            assert!(
                overflow.as_f64().unwrap() <= 0.0,
                "{path} at {width}px overflows by {overflow}"
            );
        }
        let png = tab
            .capture_screenshot(
                headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption::Png,
                None,
                None,
                true,
            )
            .unwrap();
        std::fs::write(screenshot_dir().join(format!("map-{width}.png")), png).unwrap();
    }
}

#[test]
fn theme_toggle_persists_across_navigation() {
    let Some(browser) = browser() else { return };
    let site = Site::fixture("valid");
    let server = Server::start(site.root(), &[]);
    let tab = browser.new_tab().unwrap();
    open(&tab, &server.url("/kb/net/cdn/"));
    let before = eval(&tab, "getComputedStyle(document.body).backgroundColor");
    tab.find_element(".theme-toggle").unwrap().click().unwrap();
    let theme = eval(&tab, "document.documentElement.getAttribute('data-theme')");
    assert_eq!(theme, "dark");
    let after = eval(&tab, "getComputedStyle(document.body).backgroundColor");
    assert_ne!(before, after, "colours changed");
    open(&tab, &server.url("/kb/net/dns/"));
    assert_eq!(
        eval(&tab, "document.documentElement.getAttribute('data-theme')"),
        "dark"
    );
    assert_eq!(
        eval(&tab, "getComputedStyle(document.body).backgroundColor"),
        after
    );
    let png = tab
        .capture_screenshot(
            headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption::Png,
            None,
            None,
            true,
        )
        .unwrap();
    std::fs::write(screenshot_dir().join("note-dark.png"), png).unwrap();
}

#[test]
fn toc_follows_the_scroll() {
    let Some(browser) = browser() else { return };
    let site = long_site();
    let server = Server::start(site.root(), &[]);
    let tab = browser.new_tab().unwrap();
    set_size(&tab, 1280, 800);
    open(&tab, &server.url("/kb/net/long/"));
    eval(&tab, "document.getElementById('part-7').scrollIntoView()");
    assert!(
        wait_until(5, || eval(
            &tab,
            "(document.querySelector('.toc a.active')||{}).hash || ''"
        ) == "#part-7"),
        "active TOC entry: {}",
        eval(
            &tab,
            "(document.querySelector('.toc a.active')||{}).hash || ''"
        )
    );
}

#[test]
fn previews_appear_on_hover_and_on_focus() {
    let Some(browser) = browser() else { return };
    let site = Site::fixture("valid");
    let server = Server::start(site.root(), &[]);
    let tab = browser.new_tab().unwrap();
    set_size(&tab, 1280, 800);
    open(&tab, &server.url("/kb/net/cdn/"));
    let link = tab
        .find_element(".content a[href='/kb/net/dns/#record-types']")
        .unwrap();
    link.move_mouse_over().unwrap();
    assert!(
        wait_until(5, || eval(&tab, "!!document.querySelector('.preview')")
            == true),
        "no preview on hover"
    );
    let text = eval(&tab, "document.querySelector('.preview').innerText");
    assert!(
        text.as_str().unwrap().contains("DNS › Record types"),
        "{text}"
    );
    assert!(text.as_str().unwrap().contains("A, AAAA, CNAME."), "{text}");
    eval(
        &tab,
        "document.querySelector('.preview') && document.querySelector('.preview').remove()",
    );
    // Keyboard: focus the link.
    eval(
        &tab,
        "document.querySelector(\".content a[href='/kb/db/caching-basics/#eviction']\").focus()",
    );
    assert!(
        wait_until(5, || eval(&tab, "!!document.querySelector('.preview')")
            == true),
        "no preview on focus"
    );
    let text = eval(&tab, "document.querySelector('.preview').innerText");
    assert!(text.as_str().unwrap().contains("Eviction"), "{text}");
    let png = tab
        .capture_screenshot(
            headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption::Png,
            None,
            None,
            true,
        )
        .unwrap();
    std::fs::write(screenshot_dir().join("preview.png"), png).unwrap();
}

#[test]
fn no_serious_accessibility_violations() {
    let Some(browser) = browser() else { return };
    let Some(axe) = axe_source() else {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("CI=true but axe-core is missing (.ci/run installs it with npm)");
        }
        eprintln!("\n!!!!!!!!!! SKIPPING axe-core test: npm install --prefix ~/.cache/atlas-npm axe-core !!!!!!!!!!\n");
        return;
    };
    let site = long_site();
    let server = Server::start(site.root(), &[]);
    let tab = browser.new_tab().unwrap();
    for dark in [false, true] {
        for path in [
            "/kb/",
            "/kb/net/",
            "/kb/net/cdn/",
            "/kb/tags/networking/",
            "/kb/all/",
        ] {
            open(&tab, &server.url(path));
            if dark {
                eval(
                    &tab,
                    "document.documentElement.setAttribute('data-theme','dark')",
                );
            }
            tab.evaluate(&axe, false).unwrap();
            let v = eval(
                &tab,
                "axe.run(document, {resultTypes: ['violations']}).then(r => JSON.stringify(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))))",
            );
            let list: Vec<String> = serde_json::from_str(v.as_str().unwrap()).unwrap();
            assert!(list.is_empty(), "{path} (dark: {dark}): {list:#?}");
        }
        // The search box open with results.
        open(&tab, &server.url("/kb/net/cdn/"));
        if dark {
            eval(
                &tab,
                "document.documentElement.setAttribute('data-theme','dark')",
            );
        }
        tab.find_element("#search-input").unwrap().click().unwrap();
        tab.type_str("cach").unwrap();
        assert!(wait_until(10, || eval(
            &tab,
            "document.querySelectorAll('#search-results .search-result').length"
        )
        .as_u64()
        .unwrap_or(0)
            > 0));
        tab.evaluate(&axe, false).unwrap();
        let v = eval(
            &tab,
            "axe.run(document, {resultTypes: ['violations']}).then(r => JSON.stringify(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))))",
        );
        let list: Vec<String> = serde_json::from_str(v.as_str().unwrap()).unwrap();
        assert!(list.is_empty(), "search open (dark: {dark}): {list:#?}");
    }
}
