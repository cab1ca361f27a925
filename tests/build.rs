//! Integration tests of `atlas build` on fixture sites: output, links, determinism, subpaths.

mod common;
use common::*;

#[test]
fn fixture_builds_every_kind_of_page() {
    let site = Site::fixture("valid");
    let b = site.build();
    assert!(!b.diagnostics.has_errors(), "{:?}", messages(&b));
    for f in [
        "index.html",
        "net/index.html",
        "net/cdn/index.html",
        "net/dns/index.html",
        "db/index.html",
        "db/caching-basics/index.html",
        "tags/index.html",
        "tags/networking/index.html",
        "tags/caching/index.html",
        "all/index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "style.css",
        "highlight.css",
        "db/diagram.svg",
        "old/cdn/index.html",
    ] {
        assert!(b.files.contains_key(f), "missing {f}");
    }
    assert!(!b.files.keys().any(|k| k.contains("draft")), "draft leaked");
    assert_eq!(b.report.notes, 3);
}

#[test]
fn links_resolve_to_final_urls_under_the_subpath() {
    let site = Site::fixture("valid");
    let b = site.build();
    let cdn = html(&b, "net/cdn/index.html");
    assert!(
        cdn.contains("<a href=\"/kb/net/dns/#record-types\">DNS</a>"),
        "{cdn}"
    );
    assert!(cdn.contains("<a href=\"/kb/db/caching-basics/\">cache basics</a>"));
    assert!(
        cdn.contains("<a href=\"/kb/db/caching-basics/#eviction\">Eviction</a>"),
        "wikilink label from heading"
    );
    assert!(cdn.contains("<img src=\"/kb/db/diagram.svg\" alt=\"edge diagram\" loading=\"lazy\">"));
    let dns = html(&b, "net/dns/index.html");
    assert!(dns.contains("<h2 id=\"record-types-1\">"));
    assert!(dns.contains("<h2 id=\"my-id\">"));
    assert!(dns.contains("href=\"#record-types-1\""));
    let home = html(&b, "index.html");
    assert!(
        home.contains("<a href=\"/kb/net/dns/\">DNS</a>"),
        "wikilink shows the title"
    );
    // Every root-relative URL in every page honours the base path.
    for (path, bytes) in &b.files {
        if !path.ends_with(".html") {
            continue;
        }
        let text = String::from_utf8_lossy(bytes);
        for attr in ["href=\"/", "src=\"/"] {
            for (i, _) in text.match_indices(attr) {
                let rest = &text[i + attr.len()..];
                assert!(
                    rest.starts_with("kb/"),
                    "{path}: {}",
                    &text[i..(i + 60).min(text.len())]
                );
            }
        }
    }
}

#[test]
fn markdown_features_render() {
    let site = Site::fixture("valid");
    let b = site.build();
    let cdn = html(&b, "net/cdn/index.html");
    assert!(
        cdn.contains("<pre class=\"code\" data-lang=\"rust\"><code><span class=\"hl-"),
        "rust highlighted"
    );
    assert!(
        cdn.contains("<pre class=\"code\" data-lang=\"toml\"><code><span class=\"hl-"),
        "toml highlighted (extended set)"
    );
    assert!(cdn.contains("<math"), "math rendered at build time");
    assert!(cdn.contains("callout callout-tip"));
    assert!(cdn.contains("<div class=\"table-wrap\"><table>"));
    assert!(cdn.contains("type=\"checkbox\""), "task list");
    assert!(cdn.contains("footnote"), "footnotes");
    assert!(cdn.contains("<h2 id=\"push-vs-pull\">"));
    assert!(!cdn.contains("<script>window"), "no client math");
    let css = html(&b, "highlight.css");
    assert!(css.contains("prefers-color-scheme: dark"));
}

#[test]
fn note_pages_have_nav_toc_breadcrumbs_backlinks_and_meta() {
    let site = Site::fixture("valid");
    let b = site.build();
    let cdn = html(&b, "net/cdn/index.html");
    assert!(
        cdn.contains("href=\"/kb/net/cdn/\" aria-current=\"page\""),
        "current page marked in nav"
    );
    assert!(
        !cdn.contains("class=\"toc\""),
        "one heading needs no table of contents"
    );
    let dns = html(&b, "net/dns/index.html");
    assert!(
        dns.contains("<li class=\"toc-l2\"><a href=\"#record-types-1\">Record types</a></li>"),
        "{dns}"
    );
    assert!(
        cdn.contains("<li><a href=\"/kb/net/\">Networking</a></li>"),
        "breadcrumbs"
    );
    assert!(cdn.contains("<h2 id=\"backlinks-title\">Linked from</h2>"));
    assert!(cdn.contains("<a href=\"/kb/net/dns/\">DNS</a><p>DNS turns names into addresses; a CDN relies on it.</p>"), "backlink with its sentence");
    assert!(cdn.contains("Updated <time datetime=\"2025-03-01\">"));
    assert!(cdn.contains("https://github.com/example/kb/edit/main/content/net/cdn.md"));
    assert!(cdn.contains("rel=\"next\""));
    assert!(cdn.contains("Also known as: CDN"));
    let redirect = html(&b, "old/cdn/index.html");
    assert!(redirect.contains("url=/kb/net/cdn/"));
    let all = html(&b, "all/index.html");
    assert!(all.contains(">Domain Name System</a> <span class=\"see\">→ DNS</span>"));
    let sitemap = html(&b, "sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/kb/net/cdn/</loc><lastmod>2025-03-01</lastmod>")
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let site = Site::fixture("valid");
    let a = site.build();
    let b = site.build();
    assert_eq!(a.files.len(), b.files.len());
    for (k, v) in &a.files {
        assert!(b.files.get(k) == Some(v), "{k} differs");
    }
    // And through the CLI, on disk.
    let out1 = site.root().join("out1");
    let out2 = site.root().join("out2");
    assert_eq!(
        site.atlas(&["build", "-q", "-o", out1.to_str().unwrap()])
            .code,
        0
    );
    assert_eq!(
        site.atlas(&["build", "-q", "-o", out2.to_str().unwrap()])
            .code,
        0
    );
    let second = files_on_disk(&out2);
    for (rel, bytes) in files_on_disk(&out1) {
        assert_eq!(Some(&bytes), second.get(&rel), "{rel:?}");
    }
}

/// The files under `dir`, relative, with their bytes.
fn files_on_disk(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            let rel = rel.to_string_lossy().replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

#[cfg(unix)]
#[test]
fn rebuilds_reuse_the_previous_site_and_leave_exactly_the_new_one() {
    use std::os::unix::fs::MetadataExt;
    let site = Site::fixture("valid");
    let out = site.root().join("public");
    let build = |what: &str| {
        let r = site.atlas(&["build", "-q"]);
        assert_eq!(r.code, 0, "{what}: {}", r.stderr);
        let expected: std::collections::BTreeMap<String, Vec<u8>> = site
            .build()
            .files
            .iter()
            .map(|(k, v)| (k.clone(), atlas::output::packed::unpack(v).into_owned()))
            .collect();
        let on_disk = files_on_disk(&out);
        assert_eq!(
            on_disk.keys().collect::<Vec<_>>(),
            expected.keys().collect::<Vec<_>>(),
            "{what}: the files of the site, no more"
        );
        assert!(on_disk == expected, "{what}: the bytes of the site");
    };
    let inode = |rel: &str| std::fs::metadata(out.join(rel)).unwrap().ino();
    site.write(
        "content/net/extra.md",
        b"+++\ntitle = \"Extra\"\n+++\n\nSoon gone.\n",
    );
    build("first");
    let (dns, cdn) = (inode("net/dns/index.html"), inode("net/cdn/index.html"));
    build("unchanged");
    assert_eq!(
        inode("net/dns/index.html"),
        dns,
        "an unchanged page is linked"
    );
    assert!(site.root().join(".public.atlas-prev").is_dir());

    // The third build stages into the first site: an edited note, a removed one.
    edit_file(&site, "content/net/cdn.md", |s| s + "\nA sentence added.\n");
    std::fs::remove_file(site.root().join("content/net/extra.md")).unwrap();
    build("edited");
    assert_ne!(inode("net/cdn/index.html"), cdn);
    assert!(site
        .read("public/net/cdn/index.html")
        .contains("A sentence added."));
    assert!(!out.join("net/extra").exists());

    // A failed build leaves the site as it was, and the next one still works.
    site.write("content/net/broken.md", b"+++\ntitle = \n+++\n");
    assert_ne!(site.atlas(&["build", "-q"]).code, 0);
    assert!(site
        .read("public/net/cdn/index.html")
        .contains("A sentence added."));
    std::fs::remove_file(site.root().join("content/net/broken.md")).unwrap();
    build("after a failure");
}

#[test]
fn drafts_build_only_when_asked() {
    let site = Site::fixture("valid");
    let o = atlas::config::Overrides {
        drafts: true,
        ..Default::default()
    };
    let b = site.build_with(&o);
    assert!(b.files.contains_key("db/draft/index.html"));
}

#[test]
fn cli_build_writes_public_and_reports() {
    let site = Site::fixture("valid");
    let r = site.atlas(&["build", "--timings"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("built 3 notes"), "{}", r.stderr);
    assert!(r.stderr.contains("render"), "timings shown: {}", r.stderr);
    assert!(
        r.stderr.contains(" cpu "),
        "processor time shown: {}",
        r.stderr
    );
    assert!(r.stderr.contains("swap"), "the swap is timed: {}", r.stderr);
    assert!(site.root().join("public/net/cdn/index.html").is_file());
    let q = site.atlas(&["build", "-q"]);
    assert_eq!(q.code, 0);
    assert!(q.stderr.is_empty(), "quiet prints nothing: {}", q.stderr);
}

#[test]
fn no_site_toml_builds_with_defaults_and_says_so() {
    let site = Site::new(&[
        ("content/a.md", "# Alpha\n\nText with [[b]].\n"),
        ("content/b.md", "Bee.\n"),
    ]);
    let r = site.atlas(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stderr.matches("no site.toml").count(), 1);
    let a = site.read("public/a/index.html");
    assert!(a.contains("<h1>Alpha</h1>"), "title from first heading");
    assert_eq!(a.matches("<h1").count(), 1, "H1 not rendered twice");
    assert!(
        site.read("public/b/index.html").contains("<h1>B</h1>"),
        "title from file name"
    );
}

#[test]
fn site_templates_and_static_files_override_builtins() {
    let site = Site::fixture("valid");
    site.write("templates/note.html", b"{% extends \"base.html\" %}{% block main %}<p class=\"custom\">{{ page.title }}</p>{% endblock main %}");
    site.write("static/style.css", b"body{color:red}");
    site.write("static/extra/logo.txt", b"hi");
    let b = site.build();
    assert!(html(&b, "net/cdn/index.html")
        .contains("<p class=\"custom\">Content Delivery Networks</p>"));
    assert_eq!(html(&b, "style.css"), "body{color:red}");
    assert_eq!(html(&b, "extra/logo.txt"), "hi");
}

#[test]
fn the_repository_site_builds_without_errors() {
    let root = repo_root();
    let out = tempfile::tempdir().unwrap();
    let r = run(
        &[
            "build",
            "-q",
            "--root",
            root.to_str().unwrap(),
            "-o",
            out.path().join("site").to_str().unwrap(),
        ],
        &root,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(out.path().join("site/index.html").is_file());
}

/// Builds `site` through `cache` and checks the result equals a fresh build, file by file.
fn cached_build_matches_fresh(
    site: &Site,
    cache: &atlas::cache::BuildCache,
) -> atlas::pipeline::Build {
    let config = atlas::config::SiteConfig::load(site.root(), &Default::default()).unwrap();
    let hl = atlas::highlight::Highlighter::with_cache(true);
    let cached = atlas::pipeline::build_with(
        &config,
        &hl,
        atlas::pipeline::BuildOptions {
            cache: Some(cache),
            progress: None,
            sink: None,
            skip_search_index: false,
            skip_checks: false,
            changed: None,
            check_only: false,
            focus: None,
        },
    )
    .unwrap();
    let fresh = site.build();
    for (k, v) in &fresh.files {
        // The dev server keeps its pages packed; unpacked, they are the same bytes.
        let got = cached
            .files
            .get(k)
            .map(|b| atlas::output::packed::unpack(b));
        assert!(
            got.as_deref() == Some(v.as_slice()),
            "{k} differs between cached and fresh builds"
        );
    }
    let page = &cached.files["index.html"];
    assert!(
        atlas::output::packed::is_packed(page),
        "the dev server holds its pages packed"
    );
    assert_eq!(cached.files.len(), fresh.files.len());
    assert_eq!(
        format!("{:?}", cached.diagnostics.items()),
        format!("{:?}", fresh.diagnostics.items()),
        "cached and fresh builds report the same problems"
    );
    cached
}

/// Rewrites one file of `site` with `edit` applied (waiting first, so the mtime moves).
fn edit_file(site: &Site, rel: &str, edit: impl Fn(String) -> String) {
    std::thread::sleep(std::time::Duration::from_millis(20));
    site.write(rel, edit(site.read(rel)).as_bytes());
}

#[test]
fn cached_rebuilds_equal_fresh_builds() {
    let site = Site::fixture("valid");
    let cache = atlas::cache::BuildCache::new();
    cached_build_matches_fresh(&site, &cache);
    // Rename a heading another note links to, and retitle a note shown in every sidebar.
    edit_file(&site, "content/net/dns.md", |t| {
        t.replace("## Custom {#my-id}", "## Custom renamed {#my-id}")
            .replace("title: DNS", "title: DNS Resolution")
    });
    edit_file(&site, "content/net/cdn.md", |t| {
        t.replace("Pull CDNs fetch", "Pull CDNs lazily fetch")
    });
    let second = cached_build_matches_fresh(&site, &cache);
    assert!(
        html(&second, "net/cdn/index.html").contains("DNS Resolution"),
        "the sidebar shows the new title"
    );
    assert!(html(&second, "net/cdn/index.html").contains("lazily"));
    let (sources, parses, renders, pages) = cache.sizes();
    assert_eq!(
        (sources, parses, renders),
        (6, 5, 5),
        "only this build's entries are kept"
    );
    assert_eq!(
        pages,
        3 + 3 + 6,
        "three notes, three section pages (home, net, db) and six index pages \
         (two tags, tag index, A–Z, map, 404)"
    );
    // A body edit leaves every link target alone: the cached links still resolve right.
    edit_file(&site, "content/net/dns.md", |t| {
        t.replace(
            "## Custom renamed",
            "Resolvers cache answers.\n\n## Custom renamed",
        )
    });
    let third = cached_build_matches_fresh(&site, &cache);
    assert!(html(&third, "net/dns/index.html").contains("Resolvers cache answers."));
    // A new description shows on the section page that lists the note.
    edit_file(&site, "content/net/cdn.md", |t| {
        t.replace("Caches at the edge.", "Copies kept near readers.")
    });
    let fourth = cached_build_matches_fresh(&site, &cache);
    assert!(html(&fourth, "net/index.html").contains("Copies kept near readers."));
}

#[test]
fn graphs_feed_and_index_pages() {
    let site = Site::fixture("valid");
    let b = site.build();
    // The note's neighbourhood: an SVG linking to the notes it links to and from.
    let cdn = html(&b, "net/cdn/index.html");
    let svg = &cdn[cdn.find("<svg class=\"local-graph\"").expect("local graph")..];
    let svg = &svg[..svg.find("</svg>").unwrap()];
    for target in ["/kb/net/dns/", "/kb/db/caching-basics/"] {
        assert!(
            svg.contains(&format!("<a href=\"{target}\">")),
            "{target} missing from {svg}"
        );
    }
    // The section map: one node per top-level section, one edge between them.
    let map = html(&b, "map/index.html");
    assert!(map.contains("<svg class=\"section-map\""));
    assert!(map.contains("<a href=\"/kb/net/\">") && map.contains("<a href=\"/kb/db/\">"));
    assert_eq!(map.matches("<path class=\"edge\"").count(), 1, "{map}");
    assert!(map.contains("Strongest connections"), "{map}");
    // The Atom feed parses and lists notes with absolute links, newest first.
    let feed = html(&b, "atom.xml");
    let mut reader = quick_xml::Reader::from_str(&feed);
    let (mut entries, mut links, mut updated) = (0, Vec::new(), Vec::new());
    let mut in_updated = false;
    loop {
        match reader.read_event().expect("well-formed Atom") {
            quick_xml::events::Event::Start(e) if e.name().as_ref() == "entry" => entries += 1,
            quick_xml::events::Event::Start(e) if e.name().as_ref() == "updated" => {
                in_updated = true
            }
            quick_xml::events::Event::Text(t) if in_updated => {
                updated.push(AsRef::<str>::as_ref(&t).to_string());
                in_updated = false;
            }
            quick_xml::events::Event::Empty(e) if e.name().as_ref() == "link" && entries > 0 => {
                let href = e
                    .try_get_attribute("href")
                    .unwrap()
                    .unwrap()
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .unwrap()
                    .into_owned();
                links.push(href);
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert!(entries >= 1, "{feed}");
    assert!(
        links
            .iter()
            .all(|l| l.starts_with("https://example.org/kb/")),
        "{links:?}"
    );
    assert!(links.contains(&"https://example.org/kb/net/cdn/".to_string()));
    let entry_dates = &updated[1..];
    assert!(
        entry_dates.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {entry_dates:?}"
    );
    // The A–Z index lists titles and aliases.
    let all = html(&b, "all/index.html");
    for name in [
        "Content Delivery Networks",
        "CDN",
        "DNS",
        "Domain Name System",
        "Caching Basics",
    ] {
        assert!(all.contains(&format!(">{name}</a>")), "{name}");
    }
}

/// The dev server reads last-updated dates from git again only after a commit.
#[test]
fn git_dates_are_read_again_only_after_a_commit() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let c = atlas::content::SourceMemo::default();
    assert!(c.git_dates(root).is_empty(), "not a repository");
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::write(root.join("content/a.md"), "# A").unwrap();
    git(root, &["init", "-q"], "");
    git(root, &["add", "."], "");
    git(root, &["commit", "-qm", "a"], "2024-03-01T12:00:00Z");
    let first = c.git_dates(root);
    assert_eq!(first.get("a.md").map(String::as_str), Some("2024-03-01"));
    // A save is not a commit: the same dates, without reading the log again.
    std::fs::write(root.join("content/a.md"), "# A, edited").unwrap();
    assert!(std::sync::Arc::ptr_eq(&first, &c.git_dates(root)));
    git(root, &["commit", "-qam", "edit"], "2024-05-02T12:00:00Z");
    let second = c.git_dates(root);
    assert_eq!(second.get("a.md").map(String::as_str), Some("2024-05-02"));
}

#[test]
fn the_neighbourhood_drawing_shows_only_where_a_note_has_neighbours() {
    let site = Site::new(&[
        ("content/a.md", "# Alpha\n\nSee [[b]] & <co>.\n"),
        ("content/b.md", "# Bee\n\nBack to nothing.\n"),
        ("content/c.md", "# Sea\n\nAlone.\n"),
    ]);
    let b = site.build();
    let graph = "<section class=\"graph\"";
    let previews = "<script type=\"application/json\" id=\"atlas-previews\">";
    let a = html(&b, "a/index.html");
    assert!(a.contains(graph), "a links to b");
    // Tested without escaping, shown unescaped.
    assert!(a.contains("<svg class=\"local-graph\""), "drawn as markup");
    assert!(
        a.contains(previews) && a.contains("\"/b/\""),
        "preview of b"
    );
    assert!(
        html(&b, "b/index.html").contains(graph),
        "b is linked from a"
    );
    let c = html(&b, "c/index.html");
    assert!(!c.contains(graph), "c has no neighbours");
    assert!(!c.contains("local-graph"));
}
