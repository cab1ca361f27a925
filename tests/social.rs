//! Links that share well: OpenGraph/Twitter tags, JSON-LD breadcrumbs, the favicon and
//! the social card of a note, on the fixture site served under a subpath.

mod common;
use common::*;

/// The `content` of `<meta property|name="{key}" content="…">` in `page`.
fn meta<'a>(page: &'a str, key: &str) -> Option<&'a str> {
    ["property", "name"].iter().find_map(|attr| {
        let needle = format!("<meta {attr}=\"{key}\" content=\"");
        let start = page.find(&needle)? + needle.len();
        Some(&page[start..start + page[start..].find('"')?])
    })
}

/// The fixture site with social cards switched on or off in `site.toml`.
fn fixture_with_cards(on: bool) -> Site {
    let site = Site::fixture("valid");
    let toml = site.read("site.toml");
    site.write(
        "site.toml",
        format!("{toml}\n[social]\ncards = {on}\n").as_bytes(),
    );
    site
}

#[test]
fn a_note_tells_link_previews_its_title_description_url_and_card() {
    let site = fixture_with_cards(true);
    let b = site.build();
    assert!(!b.diagnostics.has_errors(), "{:?}", messages(&b));
    let page = html(&b, "net/cdn/index.html");
    assert_eq!(meta(&page, "og:title"), Some("Content Delivery Networks"));
    assert_eq!(meta(&page, "og:description"), Some("Caches at the edge."));
    assert_eq!(
        meta(&page, "og:url"),
        Some("https://example.org/kb/net/cdn/")
    );
    assert_eq!(meta(&page, "og:type"), Some("article"));
    assert_eq!(meta(&page, "og:site_name"), Some("Fixture KB"));
    assert_eq!(meta(&page, "article:modified_time"), Some("2025-03-01"));
    assert_eq!(meta(&page, "twitter:card"), Some("summary_large_image"));
    let image = meta(&page, "og:image").expect("og:image");
    let path = image
        .strip_prefix("https://example.org/kb/")
        .unwrap_or_else(|| panic!("og:image is not absolute under the base URL: {image}"));
    assert!(
        path.starts_with("social/") && path.ends_with(".png"),
        "{path}"
    );
    let png = &b.files[path];
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    assert_eq!(
        u32::from_be_bytes([png[16], png[17], png[18], png[19]]),
        1200
    );
    assert_eq!(
        u32::from_be_bytes([png[20], png[21], png[22], png[23]]),
        630
    );
    assert_eq!(meta(&page, "twitter:image"), Some(image));
    assert!(meta(&page, "og:image:alt")
        .unwrap()
        .contains("Content Delivery Networks"));

    // JSON-LD breadcrumbs: home › section › note, absolute URLs.
    let start = page
        .find("<script type=\"application/ld+json\">")
        .expect("JSON-LD")
        + "<script type=\"application/ld+json\">".len();
    let ld: serde_json::Value =
        serde_json::from_str(&page[start..start + page[start..].find("</script>").unwrap()])
            .unwrap();
    assert_eq!(ld["@type"], "BreadcrumbList");
    let items = ld["itemListElement"].as_array().unwrap();
    let urls: Vec<&str> = items.iter().map(|i| i["item"].as_str().unwrap()).collect();
    assert_eq!(
        urls,
        [
            "https://example.org/kb/",
            "https://example.org/kb/net/",
            "https://example.org/kb/net/cdn/"
        ]
    );

    // Other pages are websites without a card; every page has the favicon links.
    let home = html(&b, "index.html");
    assert_eq!(meta(&home, "og:type"), Some("website"));
    assert_eq!(meta(&home, "og:title"), Some("Fixture KB"));
    assert_eq!(meta(&home, "og:url"), Some("https://example.org/kb/"));
    assert!(meta(&home, "og:image").is_none());
    for p in [&page, &home] {
        assert!(
            p.contains("<link rel=\"icon\" href=\"/kb/favicon.svg?v="),
            "{p}"
        );
        assert!(p.contains("<link rel=\"icon\" href=\"/kb/favicon.ico\""));
    }
    let ico = &b.files["favicon.ico"];
    assert_eq!(&ico[..4], &[0, 0, 1, 0]);
    assert_eq!(&ico[22..30], b"\x89PNG\r\n\x1a\n");
    assert!(b.files.contains_key("favicon.svg"));
}

#[test]
fn social_cards_are_byte_identical_across_builds() {
    let site = fixture_with_cards(true);
    let first = site.build();
    let second = site.build();
    let cards: Vec<&String> = first
        .files
        .keys()
        .filter(|k| k.starts_with("social/"))
        .collect();
    assert_eq!(cards.len(), 3, "one card per note: {cards:?}");
    for k in cards {
        assert_eq!(
            first.files[k], second.files[k],
            "{k} differs between builds"
        );
    }
    // `atlas build` twice: the second run reuses the cards already in the output.
    let out = site.atlas(&["build", "-q"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let names = |dir: &std::path::Path| {
        let mut v: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        v.sort();
        v
    };
    let social = site.root().join("public/social");
    let before = names(&social);
    let bytes: Vec<Vec<u8>> = before
        .iter()
        .map(|n| std::fs::read(social.join(n)).unwrap())
        .collect();
    assert_eq!(site.atlas(&["build", "-q"]).code, 0);
    assert_eq!(names(&social), before);
    for (n, b) in before.iter().zip(bytes) {
        assert_eq!(std::fs::read(social.join(n)).unwrap(), b);
    }
}

#[test]
fn social_cards_can_be_switched_off() {
    let site = Site::fixture("valid");
    let toml = site.read("site.toml");
    site.write(
        "site.toml",
        format!("{toml}\n[social]\ncards = false\n").as_bytes(),
    );
    let b = site.build();
    assert!(!b.diagnostics.has_errors(), "{:?}", messages(&b));
    assert!(!b.files.keys().any(|k| k.starts_with("social/")));
    let page = html(&b, "net/cdn/index.html");
    assert!(meta(&page, "og:image").is_none());
    assert_eq!(meta(&page, "twitter:card"), Some("summary"));
    assert_eq!(meta(&page, "og:type"), Some("article"));
}

#[test]
fn a_note_prints_without_chrome_and_with_link_urls() {
    let site = Site::fixture("valid");
    let b = site.build();
    let css = html(&b, "atlas.css");
    let print = &css[css.find("@media print").expect("print styles")..];
    for hidden in [".site-header", ".sidebar", ".toc", ".site-footer"] {
        assert!(
            print[..print.find("display: none").unwrap()].contains(hidden),
            "{hidden} printed"
        );
    }
    assert!(print.contains("a[href^=\"http\"]::after { content: \" (\" attr(href) \")\""));
    assert!(print.contains("break-inside: avoid"));
}
