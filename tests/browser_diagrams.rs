//! Diagrams in headless Chromium: the build-time SVG is visible with a real size in the
//! light and dark themes, its text contrasts with the page in both, and a wide diagram
//! scrolls inside its box on a phone instead of widening the page.

mod browser_support;
mod common;
use browser_support::*;
use common::*;

const WIDE: &str = "flowchart LR\n  A[Browser] --> B[CDN edge] --> C[Load balancer] --> D[API gateway] --> E[Order service] --> F[(Orders database)] --> G[Replica in another region]\n";
const SEQUENCE: &str = "sequenceDiagram\n  participant C as Client\n  participant S as Server\n  C->>S: GET /orders\n  Note over S: reads the cache first\n  S-->>C: 200 OK\n";

fn site() -> Site {
    let site = Site::fixture("valid");
    let note = format!(
        "+++\ntitle = \"Flows\"\n+++\n\n## Request path\n\n```mermaid\n{WIDE}```\n\n## Exchange\n\n```mermaid\n{SEQUENCE}```\n"
    );
    site.write("content/net/flows.md", note.as_bytes());
    site
}

/// Size and colours of the page's diagrams, as the browser computed them.
const PROBE: &str = r#"JSON.stringify([...document.querySelectorAll('.diagram')].map(d => {
  const svg = d.querySelector('svg'), r = svg.getBoundingClientRect();
  // Every piece of text with words in it, by its computed fill.
  const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim() !== '')
    .map(t => [t.textContent.trim(), getComputedStyle(t.querySelector('tspan:not(:has(tspan))') || t).fill]);
  return { w: r.width, h: r.height, visible: getComputedStyle(svg).visibility === 'visible' && getComputedStyle(d).display !== 'none',
    texts, bg: getComputedStyle(document.body).backgroundColor,
    scrolls: d.scrollWidth > d.clientWidth };
}))"#;

#[derive(Debug, serde::Deserialize)]
struct Probe {
    w: f64,
    h: f64,
    visible: bool,
    texts: Vec<(String, String)>,
    bg: String,
    scrolls: bool,
}

fn probe(tab: &headless_chrome::Tab) -> Vec<Probe> {
    let json = eval(tab, PROBE);
    serde_json::from_str(json.as_str().expect("a string")).expect("probe json")
}

/// `rgb(r, g, b)` (or `rgba(…)`) as its three channels.
fn rgb(css: &str) -> (u8, u8, u8) {
    let nums: Vec<u8> = css
        .trim_start_matches("rgba(")
        .trim_start_matches("rgb(")
        .trim_end_matches(')')
        .split(',')
        .take(3)
        .map(|n| {
            n.trim()
                .parse::<f64>()
                .unwrap_or_else(|_| panic!("colour {css}")) as u8
        })
        .collect();
    (nums[0], nums[1], nums[2])
}

/// WCAG contrast ratio of two CSS colours.
fn contrast(a: &str, b: &str) -> f64 {
    atlas::highlight::contrast::ratio(rgb(a), rgb(b))
}

fn screenshot(tab: &headless_chrome::Tab, name: &str) {
    let png = tab
        .find_element(".diagram")
        .unwrap()
        .capture_screenshot(
            headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption::Png,
        )
        .unwrap();
    std::fs::write(screenshot_dir().join(name), png).unwrap();
}

#[test]
fn diagrams_are_visible_and_readable_in_both_themes() {
    let Some(browser) = browser() else { return };
    let site = site();
    let server = Server::start(site.root(), &[]);
    let tab = browser.new_tab().unwrap();
    set_size(&tab, 1280, 900);
    open(&tab, &server.url("/kb/net/flows/"));
    for theme in ["light", "dark"] {
        if theme == "dark" {
            tab.find_element(".theme-toggle").unwrap().click().unwrap();
            assert_eq!(
                eval(&tab, "document.documentElement.getAttribute('data-theme')"),
                "dark"
            );
        } else {
            eval(
                &tab,
                "document.documentElement.setAttribute('data-theme','light')",
            );
        }
        let diagrams = probe(&tab);
        assert_eq!(diagrams.len(), 2, "{diagrams:?}");
        for d in &diagrams {
            assert!(d.visible && d.w > 100.0 && d.h > 40.0, "{theme}: {d:?}");
            assert!(d.texts.len() >= 2, "{theme}: labels drawn as text: {d:?}");
            for (words, fill) in &d.texts {
                assert_ne!(fill, &d.bg, "{theme}: `{words}` in the background colour");
                let c = contrast(fill, &d.bg);
                assert!(
                    c >= 4.5,
                    "{theme}: `{words}` contrast {c:.1} ({fill} on {})",
                    d.bg
                );
            }
        }
        screenshot(&tab, &format!("diagram-{theme}.png"));
        println!(
            "screenshot: {}",
            screenshot_dir()
                .join(format!("diagram-{theme}.png"))
                .display()
        );
    }
}

#[test]
fn a_wide_diagram_scrolls_in_its_box_on_a_phone() {
    let Some(browser) = browser() else { return };
    let site = site();
    let server = Server::start(site.root(), &[]);
    let tab = browser.new_tab().unwrap();
    set_size(&tab, 360, 800);
    open(&tab, &server.url("/kb/net/flows/"));
    let overflow = eval(
        &tab,
        "document.documentElement.scrollWidth - document.documentElement.clientWidth",
    );
    assert!(
        overflow.as_f64().unwrap() <= 0.0,
        "the page overflows by {overflow}"
    );
    let diagrams = probe(&tab);
    assert!(
        diagrams[0].scrolls,
        "the wide flowchart scrolls in its box: {diagrams:?}"
    );
    assert!(
        diagrams[0].w > 360.0,
        "and keeps a legible size: {diagrams:?}"
    );
    let focusable = eval(&tab, "document.querySelector('.diagram').tabIndex");
    assert_eq!(
        focusable.as_i64(),
        Some(0),
        "a scrolling diagram is reachable by keyboard"
    );
}
