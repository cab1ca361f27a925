//! Mermaid diagrams drawn at build time: every supported kind becomes inline SVG in an
//! accessible wrapper with its source beside it; a broken diagram is a located warning and
//! shows its source; output is deterministic; ids never clash; unchanged diagrams are reused.

mod common;
use common::*;

const FLOW: &str = "flowchart LR\n  A[Client] --> B[Load balancer]\n  B --> C[(Database)]\n";
const SEQUENCE: &str = "sequenceDiagram\n  participant C as Client\n  participant S as Server\n  C->>S: GET /\n  S-->>C: 200 OK\n";
const STATE: &str =
    "stateDiagram-v2\n  [*] --> Idle\n  Idle --> Running: start\n  Running --> [*]\n";
const CLASS: &str = "classDiagram\n  class Cache {\n    +get(key)\n    +put(key, value)\n  }\n  Cache <|-- LruCache\n";
const ER: &str = "erDiagram\n  USER ||--o{ ORDER : places\n  ORDER ||--|{ LINE_ITEM : contains\n";

fn note(title: &str, body: &str) -> String {
    format!("+++\ntitle = \"{title}\"\n+++\n\n{body}")
}

fn fence(src: &str) -> String {
    format!("```mermaid\n{src}```\n")
}

/// The `<div class="diagram" …>…</div>` blocks of a page.
fn diagrams(page: &str) -> Vec<&str> {
    page.match_indices("<div class=\"diagram\"")
        .map(|(at, _)| {
            let end = page[at..].find("</svg></div>").expect("closed") + "</svg></div>".len();
            &page[at..at + end]
        })
        .collect()
}

fn kinds_site() -> Site {
    let mut files = Vec::new();
    for (name, src) in [
        ("flow", FLOW),
        ("sequence", SEQUENCE),
        ("state", STATE),
        ("class", CLASS),
        ("er", ER),
    ] {
        files.push((
            format!("content/{name}.md"),
            note(name, &format!("## The {name} view\n\n{}", fence(src))),
        ));
    }
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, c)| (p.as_str(), c.as_str()))
        .collect();
    Site::new(&files)
}

#[test]
fn every_supported_kind_is_drawn_as_inline_svg() {
    let site = kinds_site();
    let b = site.build();
    assert!(messages(&b).is_empty(), "{:?}", messages(&b));
    for name in ["flow", "sequence", "state", "class", "er"] {
        let page = html(&b, &format!("{name}/index.html"));
        let d = diagrams(&page);
        assert_eq!(d.len(), 1, "{name}: {page}");
        assert!(
            d[0].starts_with(&format!(
                "<div class=\"diagram\" role=\"img\" aria-label=\"The {name} view\"><svg "
            )),
            "{name}: labelled by its heading: {}",
            &d[0][..200.min(d[0].len())]
        );
        assert!(d[0].contains("viewBox="), "{name}");
        assert!(
            d[0].contains("<text") || d[0].contains("<tspan"),
            "{name}: has text"
        );
        // Colours come from the theme: no literal colour is left in the drawing.
        for literal in [
            "#fff",
            "#000",
            "#333",
            "rgb(",
            "fill=\"white\"",
            "fill=\"black\"",
        ] {
            assert!(!d[0].contains(literal), "{name}: {literal} left in the SVG");
        }
        assert!(d[0].contains("var(--dg-"), "{name}");
        assert!(
            page.contains("<details class=\"diagram-source\"><summary>Diagram source</summary>"),
            "{name}: the source is one click away"
        );
        assert!(!page.contains("<pre class=\"mermaid\""), "{name}");
    }
    let flow = html(&b, "flow/index.html");
    assert!(
        flow.contains("A[Client] --&gt; B[Load balancer]"),
        "escaped source"
    );
}

#[test]
fn a_title_names_the_diagram_and_no_heading_falls_back_to_diagram() {
    let site = Site::new(&[
        (
            "content/a.md",
            &note(
                "A",
                &format!(
                    "{}\n## Later\n\n{}",
                    fence(FLOW),
                    fence("flowchart TD\n  accTitle: Read path\n  X --> Y\n")
                ),
            ),
        ),
        (
            "content/b.md",
            &note(
                "B",
                &fence("---\ntitle: \"Sign-in\"\n---\nsequenceDiagram\n  A->>B: hi\n"),
            ),
        ),
    ]);
    let b = site.build();
    let a = html(&b, "a/index.html");
    let d = diagrams(&a);
    assert!(d[0].contains("aria-label=\"Diagram\""), "{}", &d[0][..120]);
    assert!(
        d[1].contains("aria-label=\"Read path\""),
        "{}",
        &d[1][..120]
    );
    let bp = html(&b, "b/index.html");
    assert!(diagrams(&bp)[0].contains("aria-label=\"Sign-in\""));
}

#[test]
fn a_broken_diagram_is_a_located_warning_and_shows_its_source() {
    let site = Site::new(&[
        (
            "content/bad.md",
            &note(
                "Bad",
                &format!(
                    "Intro.\n\n{}\n{}",
                    fence("flowchart TD\n  A[[<b>unclosed\n"),
                    fence(FLOW)
                ),
            ),
        ),
        ("content/good.md", &note("Good", &fence(SEQUENCE))),
    ]);
    let b = site.build();
    assert!(!b.diagnostics.has_errors(), "{:?}", messages(&b));
    let m = messages(&b);
    assert_eq!(m.len(), 1, "{m:?}");
    // `+++`, title, `+++`, blank, "Intro.", blank: the fence is on line 7, column 1.
    assert!(
        m[0].starts_with("content/bad.md:7:1: warning[diagram]: mermaid diagram not drawn: "),
        "{}",
        m[0]
    );
    assert!(m[0].contains("]]"), "names what is wrong: {}", m[0]);
    let page = html(&b, "bad/index.html");
    assert!(
        page.contains("<pre class=\"code\" data-lang=\"mermaid\"><code>flowchart TD\n  A[[&lt;b&gt;unclosed\n</code></pre>"),
        "{page}"
    );
    assert_eq!(
        diagrams(&page).len(),
        1,
        "the good diagram on the page is still drawn"
    );
    assert_eq!(
        diagrams(&html(&b, "good/index.html")).len(),
        1,
        "other pages build"
    );
    // The CLI reports it and succeeds; `atlas check` finds it without drawing.
    let r = site.atlas(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("content/bad.md:7:1"), "{}", r.stderr);
    let c = site.atlas(&["check"]);
    let line = |out: &str| {
        out.lines()
            .find(|l| l.contains("warning[diagram]"))
            .map(str::to_string)
    };
    let built = line(&r.stderr).expect("build reports it");
    assert_eq!(
        line(&c.stderr).or(line(&c.stdout)),
        Some(built),
        "check reports the same warning"
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let first = kinds_site().build();
    let second = kinds_site().build();
    assert_eq!(first.files.len(), second.files.len());
    for (k, v) in &first.files {
        assert!(second.files.get(k) == Some(v), "{k} differs between builds");
    }
}

#[test]
fn ids_are_unique_on_a_page_with_two_diagrams() {
    // The same diagram twice: the worst case for clashing ids.
    let site = Site::new(&[(
        "content/two.md",
        &note(
            "Two",
            &format!("{}\n{}\n{}", fence(FLOW), fence(FLOW), fence(SEQUENCE)),
        ),
    )]);
    let b = site.build();
    let page = html(&b, "two/index.html");
    assert_eq!(diagrams(&page).len(), 3);
    let mut ids: Vec<&str> = page
        .split(" id=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "duplicate ids on the page");
    // Every reference points at an id of the same diagram.
    for d in diagrams(&page) {
        let prefix = &d[d.find("<svg").unwrap()..];
        let prefix = &prefix[prefix.find(" id=\"").unwrap() + 5..];
        let prefix = &prefix[..prefix.find('-').unwrap() + 1];
        for r in d.split("url(#").skip(1) {
            assert!(
                r.starts_with(prefix),
                "reference to another diagram: {}",
                &r[..40.min(r.len())]
            );
        }
    }
}

#[test]
fn a_save_redraws_only_the_diagrams_that_changed() {
    let site = Site::new(&[
        (
            "content/a.md",
            &note("A", &format!("{}\n{}", fence(FLOW), fence(SEQUENCE))),
        ),
        ("content/b.md", &note("B", "Text.\n")),
    ]);
    let cache = atlas::cache::BuildCache::new();
    let config = atlas::config::SiteConfig::load(site.root(), &Default::default()).unwrap();
    let hl = atlas::highlight::Highlighter::new(true);
    let build = || {
        let options = atlas::pipeline::BuildOptions {
            cache: Some(&cache),
            ..Default::default()
        };
        atlas::pipeline::build_with(&config, &hl, options).unwrap()
    };
    let drawn = |src: &str| {
        let key = atlas::diagrams::memo::key(src);
        cache
            .diagrams
            .get(&key, u64::MAX)
            .expect("in the memo")
            .expect("drawn")
    };
    build();
    let (flow, seq) = (drawn(FLOW), drawn(SEQUENCE));
    // Another note changes: a's render is reused, and its diagrams stay in the memo.
    std::thread::sleep(std::time::Duration::from_millis(20));
    site.write("content/b.md", note("B", "Other text.\n").as_bytes());
    build();
    assert_eq!(cache.diagrams.len(), 2);
    // One diagram of a changes: only that one is drawn again.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let edited = SEQUENCE.replace("200 OK", "304 Not Modified");
    site.write(
        "content/a.md",
        note("A", &format!("{}\n{}", fence(FLOW), fence(&edited))).as_bytes(),
    );
    let b = build();
    assert!(
        std::sync::Arc::ptr_eq(&flow, &drawn(FLOW)),
        "the unchanged diagram was reused"
    );
    assert!(!std::sync::Arc::ptr_eq(&seq, &drawn(&edited)));
    assert!(html(&b, "a/index.html").contains("304 Not Modified"));
    assert_eq!(cache.diagrams.len(), 2, "the old drawing is dropped");
}
