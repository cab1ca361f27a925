//! Search in headless Chromium on a site served under a subpath: results as you type,
//! keyboard navigation landing on the section, typos, phrases, escaping, `atlasSearch`.

mod browser_support;
mod common;
use browser_support::*;
use common::*;

fn site() -> Site {
    let site = Site::fixture("valid");
    site.write(
        "content/db/xss.md",
        b"+++\ntitle = \"<img src=x onerror=alert(1)>\"\ndescription = \"A hostile title.\"\n+++\n\nThis note has a hostile title about quarantine zebras.\n",
    );
    site
}

#[test]
fn typing_shows_results_and_the_keyboard_lands_on_the_section() {
    let Some(browser) = browser() else { return };
    let site = site();
    let server = Server::start(site.root(), &[]);
    let tab = browser.new_tab().unwrap();
    tab.navigate_to(&server.url("/kb/net/dns/"))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    // "/" focuses the search box.
    tab.press_key("/").unwrap();
    assert!(wait_until(5, || eval(
        &tab,
        "document.activeElement && document.activeElement.id"
    ) == "search-input"));
    tab.type_str("evicti").unwrap();
    assert!(
        wait_until(10, || eval(
            &tab,
            "document.querySelectorAll('#search-results .search-result').length"
        )
        .as_u64()
        .unwrap_or(0)
            > 0),
        "no results while typing a prefix"
    );
    let first = eval(
        &tab,
        "document.querySelector('#search-results .search-result .search-title').textContent",
    );
    assert_eq!(
        first, "Caching Basics › Eviction",
        "results show note › section"
    );
    let png = tab
        .capture_screenshot(
            headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption::Png,
            None,
            None,
            true,
        )
        .unwrap();
    std::fs::write(screenshot_dir().join("search.png"), png).unwrap();
    tab.press_key("Enter").unwrap();
    assert!(
        wait_until(10, || eval(&tab, "location.pathname + location.hash")
            == "/kb/db/caching-basics/#eviction"),
        "{}",
        eval(&tab, "location.href")
    );
}

#[test]
fn typos_phrases_and_the_api() {
    let Some(browser) = browser() else { return };
    let site = site();
    let server = Server::start(site.root(), &[]);
    let tab = browser.new_tab().unwrap();
    tab.navigate_to(&server.url("/kb/"))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    let r = eval(
        &tab,
        "atlasSearch('contnet delivery', {limit: 3}).then(r => JSON.stringify(r))",
    );
    let r: serde_json::Value = serde_json::from_str(r.as_str().unwrap()).unwrap();
    assert_eq!(r[0]["url"], "/kb/net/cdn/", "typo: {r}");
    assert_eq!(r[0]["title"], "Content Delivery Networks");
    let r = eval(
        &tab,
        "atlasSearch('\"least recently used\"').then(r => JSON.stringify(r))",
    );
    let r: serde_json::Value = serde_json::from_str(r.as_str().unwrap()).unwrap();
    assert_eq!(
        r[0]["url"], "/kb/db/caching-basics/#eviction",
        "phrase: {r}"
    );
    assert!(r[0]["snippet"]
        .as_str()
        .unwrap()
        .contains("<mark>least</mark>"));
    let r = eval(
        &tab,
        "atlasSearch('Domain Name System').then(r => r[0].url)",
    );
    assert_eq!(r, "/kb/net/dns/", "alias");
    // Ctrl-K focuses; a query with no results offers a did-you-mean.
    eval(
        &tab,
        "document.dispatchEvent(new KeyboardEvent('keydown', {key: 'k', ctrlKey: true}))",
    );
    assert_eq!(eval(&tab, "document.activeElement.id"), "search-input");
    tab.type_str("zzqqxx").unwrap();
    assert!(wait_until(10, || eval(
        &tab,
        "!!document.querySelector('.search-empty')"
    ) == true));
}

#[test]
fn hostile_titles_are_escaped() {
    let Some(browser) = browser() else { return };
    let site = site();
    let server = Server::start(site.root(), &[]);
    let tab = browser.new_tab().unwrap();
    tab.navigate_to(&server.url("/kb/"))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    eval(
        &tab,
        "window.__xss = 0; window.alert = () => { window.__xss = 1; }",
    );
    tab.find_element("#search-input").unwrap().click().unwrap();
    tab.type_str("quarantine zebras").unwrap();
    assert!(wait_until(10, || eval(
        &tab,
        "document.querySelectorAll('#search-results .search-result').length"
    )
    .as_u64()
    .unwrap_or(0)
        > 0));
    let title = eval(
        &tab,
        "document.querySelector('#search-results .search-title').textContent",
    );
    assert_eq!(title, "<img src=x onerror=alert(1)>");
    assert_eq!(
        eval(
            &tab,
            "document.querySelectorAll('#search-results img').length"
        ),
        0
    );
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert_eq!(eval(&tab, "window.__xss"), 0);
}
