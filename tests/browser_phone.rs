//! Browser tests of the Atlas on phones and desktops in headless Chromium: every page fits
//! 360 px and 1280 px without horizontal scrolling and has no serious accessibility
//! problem (axe-core); on a phone the note comes first; the menu drawer traps focus.

mod browser_support;
mod common;
use browser_support::*;
use common::*;
use headless_chrome::browser::tab::ModifierKey;

/// The Atlas built once per test run with the `atlas` binary (as `atlas build` publishes
/// it), shared by the tests of this file; its folder.
fn built_atlas() -> &'static std::path::Path {
    static SITE: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    SITE.get_or_init(|| {
        let out = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser-phone-atlas");
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_atlas"))
            .args(["build", "-q", "--root"])
            .arg(repo_root())
            .arg("--output")
            .arg(&out)
            .status()
            .expect("run atlas build");
        assert!(status.success(), "atlas build of the Atlas failed");
        out
    })
}

/// Every HTML page of the built Atlas (not redirects), as URL paths, and which ones are notes.
fn atlas_pages(site: &std::path::Path) -> Vec<(String, bool)> {
    let mut pages = Vec::new();
    let mut dirs = vec![site.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.file_name().is_some_and(|n| n == "index.html") {
                let html = std::fs::read_to_string(&path).unwrap();
                if html.contains("http-equiv=\"refresh\"") {
                    continue;
                }
                let rel = dir
                    .strip_prefix(site)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                let url = if rel.is_empty() {
                    "/".to_string()
                } else {
                    format!("/{rel}/")
                };
                pages.push((url, html.contains("<article class=\"note\">")));
            }
        }
    }
    pages.sort();
    pages
}

/// Overflow and serious or critical axe-core violations of the loaded page, as problems.
/// axe-core (4.x) gives every violation its rule's declared impact, so rules declared minor
/// or moderate can never report a serious or critical one: they are switched off, which
/// gives the same result in less time (rules declaring no impact still run).
const CHECK_PAGE: &str = r#"(async () => {
  const w = document.documentElement.clientWidth;
  const overflow = document.documentElement.scrollWidth - w;
  const out = [];
  if (overflow > 0) {
    const e = [...document.querySelectorAll('body *')].filter(x => x.getBoundingClientRect().right > w + 1).pop();
    out.push('overflows by ' + overflow + 'px (' + (e ? e.tagName + '.' + e.className : '') + ')');
  }
  if (WANT_AXE) {
    // From the site's own origin with a cache header, so Chromium keeps its compiled code.
    await new Promise((res, rej) => { const s = document.createElement('script'); s.src = AXE_URL; s.onload = res;
      s.onerror = () => rej(new Error('axe-core did not load')); document.head.appendChild(s); });
    const rules = {};
    for (const r of axe._audit.rules) if (r.impact === 'minor' || r.impact === 'moderate') rules[r.id] = {enabled: false};
    const r = await axe.run(document, {rules, resultTypes: ['violations']});
    for (const v of r.violations) if (v.impact === 'serious' || v.impact === 'critical')
      out.push(v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '));
  }
  return JSON.stringify(out);
})()"#;

/// Where the tests put axe-core's source in the built site, to be loaded by each page.
const AXE_PATH: &str = "/__axe-core__.js";

/// Opens every page in `paths` at `width` px in one tab of `browser` and lists the problems
/// `CHECK_PAGE` finds (with axe-core when `axe`), each prefixed with its page and width.
fn check_pages(
    browser: &headless_chrome::Browser,
    axe: bool,
    url: &dyn Fn(&str) -> String,
    paths: &[&str],
    width: u32,
) -> Vec<String> {
    let tab = browser.new_tab().unwrap();
    set_size(&tab, width, 800);
    let check = CHECK_PAGE
        .replace("WANT_AXE", if axe { "true" } else { "false" })
        .replace("AXE_URL", &format!("'{AXE_PATH}'"));
    let mut problems = Vec::new();
    for path in paths {
        goto(&tab, &url(path));
        let found: Vec<String> =
            serde_json::from_str(eval(&tab, &check).as_str().unwrap()).unwrap();
        problems.extend(
            found
                .into_iter()
                .map(|p| format!("{path} at {width}px: {p}")),
        );
    }
    let _ = tab.close(true);
    problems
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
    let site = built_atlas();
    let pages = atlas_pages(site);
    assert!(
        pages.len() > 100,
        "the Atlas has its pages: {}",
        pages.len()
    );
    if let Some(axe) = &axe {
        std::fs::write(site.join(AXE_PATH.trim_start_matches('/')), axe).unwrap();
    }
    let server = StaticServer::start(site);
    let url = |p: &str| server.url(p);
    // The check itself sees problems: a page too wide with an image lacking its text
    // (axe's image-alt is critical) fails at both widths.
    let canary = "/__canary__.html";
    std::fs::write(
        site.join(canary.trim_start_matches('/')),
        "<!doctype html><html lang=en><title>t</title><main><div style=\"width:2000px\">wide</div><img src=x.png></main>",
    )
    .unwrap();
    let paths: Vec<&str> = std::iter::once(canary)
        .chain(pages.iter().map(|(p, _)| p.as_str()))
        .collect();
    // One tab per width, both at once.
    let (narrow, wide) = std::thread::scope(|s| {
        let narrow = s.spawn(|| check_pages(&browser, axe.is_some(), &url, &paths, 360));
        let wide = s.spawn(|| check_pages(&browser, axe.is_some(), &url, &paths, 1280));
        (narrow.join().unwrap(), wide.join().unwrap())
    });
    let _ = std::fs::remove_file(site.join(canary.trim_start_matches('/')));
    let mut problems = Vec::new();
    for (width, found) in [(360, narrow), (1280, wide)] {
        let (canary_found, rest): (Vec<String>, Vec<String>) =
            found.into_iter().partition(|p| p.starts_with(canary));
        assert!(
            canary_found.iter().any(|p| p.contains("overflows by")),
            "the overflow check missed a 2000 px wide page at {width}px: {canary_found:?}"
        );
        if axe.is_some() {
            assert!(
                canary_found.iter().any(|p| p.contains("image-alt")),
                "axe-core missed an image without alt text at {width}px: {canary_found:?}"
            );
        }
        problems.extend(rest);
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
    let site = built_atlas();
    let notes: Vec<String> = atlas_pages(site)
        .into_iter()
        .filter(|p| p.1)
        .map(|p| p.0)
        .collect();
    assert!(notes.len() > 50);
    let server = StaticServer::start(site);
    let tab = browser.new_tab().unwrap();
    set_size(&tab, 390, 844);
    let mut late = Vec::new();
    for path in &notes {
        goto(&tab, &server.url(path));
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
