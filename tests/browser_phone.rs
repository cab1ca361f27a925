//! Browser tests of the Atlas on phones and desktops in headless Chromium: every page fits
//! 360 px and 1280 px without horizontal scrolling and has no serious accessibility
//! problem (axe-core); on a phone the note comes first; the menu drawer traps focus.

mod browser_support;
mod common;
use browser_support::*;
use common::*;
use headless_chrome::browser::tab::ModifierKey;

/// Every HTML page of the Atlas (not redirects), as URL paths, and which ones are notes.
fn atlas_pages() -> Vec<(String, bool)> {
    let config =
        atlas::config::SiteConfig::load(&repo_root(), &atlas::config::Overrides::default())
            .expect("config");
    let hl = atlas::highlight::Highlighter::new(true);
    let b = atlas::pipeline::build(&config, &hl).expect("build");
    let mut pages: Vec<(String, bool)> = b
        .files
        .iter()
        .filter(|(k, _)| k.ends_with(".html"))
        .filter(|(_, v)| !String::from_utf8_lossy(v).contains("http-equiv=\"refresh\""))
        .map(|(k, v)| {
            let path = format!("/{}", k.trim_end_matches("index.html"));
            (
                path,
                String::from_utf8_lossy(v).contains("<article class=\"note\">"),
            )
        })
        .collect();
    pages.sort();
    pages
}

#[test]
fn every_atlas_page_fits_phones_and_desktops_without_serious_axe_violations() {
    let Some(browser) = browser() else { return };
    let axe = axe_source();
    if axe.is_none() {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("CI=true but axe-core is missing (.ci/run installs it with npm)");
        }
        eprintln!("\n!!!!!!!!!! axe-core missing: checking overflow only (npm install --prefix ~/.cache/atlas-npm axe-core) !!!!!!!!!!\n");
    }
    let pages = atlas_pages();
    assert!(
        pages.len() > 100,
        "the Atlas has its pages: {}",
        pages.len()
    );
    let server = Server::start(&repo_root(), &[]);
    let tab = browser.new_tab().unwrap();
    let mut problems = Vec::new();
    for width in [360, 1280] {
        set_size(&tab, width, 800);
        for (path, _) in &pages {
            open(&tab, &server.url(path));
            let overflow = eval(
                &tab,
                "document.documentElement.scrollWidth - document.documentElement.clientWidth",
            )
            .as_f64()
            .unwrap_or(0.0);
            if overflow > 0.0 {
                let culprit = eval(&tab, "(function(){var w=document.documentElement.clientWidth;var e=[...document.querySelectorAll('body *')].filter(x=>x.getBoundingClientRect().right>w+1).pop();return e?e.tagName+'.'+e.className:''})()");
                problems.push(format!(
                    "{path} at {width}px overflows by {overflow}px ({culprit})"
                ));
            }
            if let Some(axe) = &axe {
                tab.evaluate(axe, false).unwrap();
                let v = eval(
                    &tab,
                    "axe.run(document, {resultTypes: ['violations']}).then(r => JSON.stringify(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))))",
                );
                let list: Vec<String> = serde_json::from_str(v.as_str().unwrap()).unwrap();
                for l in list {
                    problems.push(format!("{path} at {width}px: {l}"));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn on_a_phone_every_note_starts_with_its_title_and_first_paragraph() {
    let Some(browser) = browser() else { return };
    let notes: Vec<String> = atlas_pages()
        .into_iter()
        .filter(|p| p.1)
        .map(|p| p.0)
        .collect();
    assert!(notes.len() > 50);
    let server = Server::start(&repo_root(), &[]);
    let tab = browser.new_tab().unwrap();
    set_size(&tab, 390, 844);
    let mut late = Vec::new();
    for path in &notes {
        open(&tab, &server.url(path));
        let v = eval(
            &tab,
            "JSON.stringify([document.querySelector('main h1').getBoundingClientRect().bottom, (document.querySelector('.note .content > p') || document.querySelector('.note .content > *')).getBoundingClientRect().top])",
        );
        let [h1, p]: [f64; 2] = serde_json::from_str(v.as_str().unwrap()).unwrap();
        // The paragraph starts with at least two lines showing.
        if h1 > 844.0 || p > 844.0 - 50.0 {
            late.push(format!(
                "{path}: title ends at {h1}px, first paragraph starts at {p}px"
            ));
        }
    }
    assert!(late.is_empty(), "{}", late.join("\n"));
    let png = tab
        .capture_screenshot(
            headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption::Png,
            None,
            None,
            true,
        )
        .unwrap();
    std::fs::write(screenshot_dir().join("phone-note.png"), png).unwrap();
}

#[test]
fn the_phone_menu_opens_traps_focus_and_closes_with_escape() {
    let Some(browser) = browser() else { return };
    let site = Site::fixture("valid");
    let server = Server::start(site.root(), &[]);
    let tab = browser.new_tab().unwrap();
    set_size(&tab, 390, 844);
    open(&tab, &server.url("/kb/net/dns/"));
    // Closed: the note comes first, the navigation is not shown.
    assert_eq!(
        eval(
            &tab,
            "getComputedStyle(document.getElementById('site-nav')).display"
        ),
        "none"
    );
    assert_eq!(
        eval(&tab, "document.querySelector('.toc-inline').open"),
        false
    );
    let menu = tab.find_element(".menu-toggle").unwrap();
    menu.click().unwrap();
    assert_eq!(
        eval(
            &tab,
            "document.querySelector('.menu-toggle').getAttribute('aria-expanded')"
        ),
        "true"
    );
    assert_ne!(
        eval(
            &tab,
            "getComputedStyle(document.getElementById('site-nav')).display"
        ),
        "none"
    );
    // The current note is shown and marked, and focus starts on it.
    assert_eq!(
        eval(&tab, "document.activeElement.getAttribute('aria-current')"),
        "page"
    );
    assert_eq!(
        eval(&tab, "document.activeElement.getAttribute('href')"),
        "/kb/net/dns/"
    );
    let visible = eval(&tab, "(function(){var r=document.querySelector('#site-nav [aria-current=page]').getBoundingClientRect();return r.top>=0&&r.bottom<=innerHeight&&r.width>0})()");
    assert_eq!(visible, true);
    let count = eval(&tab, "[...document.querySelectorAll('#site-nav a[href], #site-nav button')].filter(e=>e.offsetParent!==null).length")
        .as_u64()
        .unwrap();
    assert!(count > 3);
    let inside = "document.getElementById('site-nav').contains(document.activeElement)";
    for _ in 0..count + 2 {
        tab.press_key("Tab").unwrap();
        assert_eq!(eval(&tab, inside), true, "Tab left the open menu");
    }
    for _ in 0..3 {
        tab.press_key_with_modifiers("Tab", Some(&[ModifierKey::Shift]))
            .unwrap();
        assert_eq!(eval(&tab, inside), true, "Shift+Tab left the open menu");
    }
    tab.press_key("Escape").unwrap();
    assert_eq!(
        eval(
            &tab,
            "getComputedStyle(document.getElementById('site-nav')).display"
        ),
        "none"
    );
    assert_eq!(
        eval(&tab, "document.activeElement.className"),
        "menu-toggle"
    );
    assert_eq!(
        eval(
            &tab,
            "document.querySelector('.menu-toggle').getAttribute('aria-expanded')"
        ),
        "false"
    );
    // "On this page" unfolds above the note.
    tab.find_element(".toc-inline summary")
        .unwrap()
        .click()
        .unwrap();
    assert_eq!(
        eval(&tab, "document.querySelector('.toc-inline').open"),
        true
    );
}

#[test]
fn sidebar_sections_arrive_collapsed_so_nothing_shifts() {
    let Some(browser) = browser() else { return };
    let site = Site::fixture("valid");
    let server = Server::start(site.root(), &[]);
    let tab = browser.new_tab().unwrap();
    set_size(&tab, 1280, 800);
    open(&tab, &server.url("/kb/net/cdn/"));
    // The other section is collapsed by the server, its toggle opens it.
    assert_eq!(eval(&tab, "document.querySelector('.sidebar a[href=\"/kb/db/\"]').closest('li').querySelector('ul').hidden"), true);
    let shift = eval(&tab, "new Promise(r => { let s = 0; new PerformanceObserver(l => { for (const e of l.getEntries()) s += e.value; }).observe({type: 'layout-shift', buffered: true}); setTimeout(() => r(s), 300); })");
    assert!(shift.as_f64().unwrap() < 0.01, "layout shift {shift}");
    eval(&tab, "document.querySelector('.sidebar a[href=\"/kb/db/\"]').closest('li').querySelector('.nav-toggle').click()");
    assert_eq!(eval(&tab, "document.querySelector('.sidebar a[href=\"/kb/db/\"]').closest('li').querySelector('ul').hidden"), false);
}
