//! Property tests over untrusted input: generated front matter (TOML and YAML), markdown
//! with every link, wikilink, embed, math and fence form, `site.toml`, dev-server
//! requests and search queries never panic; the same site always builds byte-identical
//! files; every diagnostic's `line:col` lies inside its file.
//!
//! Case counts are small by default; `PROPTEST_CASES=N` raises all of them
//! (`bench/proptest_long.sh` runs 100,000).

mod common;
use atlas::config::RawHtml;
use atlas::content::SourceDoc;
use atlas::diagnostics::Diagnostic;
use atlas::highlight::memo::TokenMemo;
use atlas::highlight::Highlighter;
use atlas::markdown::{self, RenderOptions, ResolvedLink};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use std::path::Path;
use std::sync::OnceLock;

/// `PROPTEST_CASES` when set, else `default`.
fn cases(default: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

fn highlighter() -> &'static Highlighter {
    static H: OnceLock<Highlighter> = OnceLock::new();
    H.get_or_init(|| Highlighter::new(true))
}

/// True when 1-based `line:col` (columns in characters) points into `text` or just past
/// the end of one of its lines.
fn inside(text: &str, line: usize, col: usize) -> bool {
    let lines: Vec<&str> = text.split('\n').collect();
    line >= 1 && line <= lines.len() && col >= 1 && col <= lines[line - 1].chars().count() + 1
}

fn assert_located(diags: &[Diagnostic], path: &str, text: &str) {
    for d in diags {
        if let Some(s) = &d.span {
            if s.path == path {
                assert!(
                    inside(text, s.line, s.col),
                    "{} lies outside {path} ({} lines): {text:?}",
                    d.one_line(),
                    text.split('\n').count()
                );
            }
        }
    }
}

/// Pieces markdown is made of: every link, wikilink, embed, math and fence form, raw
/// HTML, and the characters that make parsers stumble.
const MD_PIECES: &[&str] = &[
    "[a](b.md)",
    "[a](../x/y.md#h)",
    "[a](/x/y/)",
    "[a](#h)",
    "[a](https://e.org/x?q=1#f)",
    "[a](<sp ace.md>)",
    "[a](b.md \"title\")",
    "[a][ref]",
    "[ref]: x.md",
    "[a]",
    "[[x]]",
    "[[x|t]]",
    "[[x#h]]",
    "[[x#h|t]]",
    "[[sec/x]]",
    "[[",
    "]]",
    "[[|]]",
    "[[#]]",
    "![[img.png]]",
    "![[x]]",
    "![i](i.png)",
    "![i](data:image/png;base64,AA)",
    "![i](data:text/html,x)",
    "[j](javascript:alert(1))",
    "[j](JAVA\tSCRIPT:x)",
    "<javascript:x>",
    "<https://a.b>",
    "<mailto:a@b>",
    "$x^2$",
    "$$\\frac{a}{b}$$",
    "$",
    "$$",
    "$\\begin{x}$",
    "$\\left($",
    "```",
    "```rust",
    "```mermaid",
    "```klingon",
    "```text",
    "~~~",
    "~~~py",
    "    code",
    "# H",
    "## H {#id}",
    "## H {#}",
    "## H {#id onclick=alert(1)}",
    "## H {.c data-x=1}",
    "###### six",
    "####### seven",
    "> [!NOTE]",
    "> [!WARNING]",
    "> q",
    "- [ ] t",
    "- [x] t",
    "1. one",
    "* ",
    "| a | b |",
    "|---|:-:|",
    "|",
    "[^1]",
    "[^1]: f",
    "<b>",
    "</b>",
    "<script>x</script>",
    "<img src=x onerror=y>",
    "<a href='javascript:x'>",
    "<details><summary>s",
    "</details>",
    "<!--",
    "-->",
    "<style>",
    "&amp;",
    "&#0;",
    "&#x110000;",
    "\\",
    "*",
    "**",
    "_",
    "`",
    "``",
    "\t",
    "é",
    "🙂",
    "\u{0}",
    "\r",
    "\r\n",
    "\u{feff}",
    "\u{202e}",
    "---",
    "+++",
    "***",
    "===",
    "<",
    ">",
    "&",
];

fn md_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => proptest::sample::select(MD_PIECES).prop_map(str::to_string),
        1 => "\\PC{0,12}",
        1 => ".{0,6}",
    ]
}

fn separator() -> impl Strategy<Value = &'static str> {
    proptest::sample::select(&["", " ", "\n", "\n\n", "\n> ", "\n- ", "\n    "][..])
}

fn markdown_text() -> impl Strategy<Value = String> {
    proptest::collection::vec((md_piece(), separator()), 0..24).prop_map(|parts| {
        parts
            .into_iter()
            .map(|(p, s)| format!("{p}{s}"))
            .collect::<String>()
    })
}

const TOML_LINES: &[&str] = &[
    "title = \"T\"",
    "title = 3",
    "title = \"\"",
    "description = \"d\"",
    "tags = [\"a\", \"b\"]",
    "tags = \"x\"",
    "tags = [1, [2]]",
    "aliases = [\"/old/\", \"other\"]",
    "aliases = [\"/\"]",
    "weight = -5",
    "weight = 1e99",
    "weight = 99999999999999999999",
    "draft = true",
    "draft = \"no\"",
    "updated = 2024-01-01",
    "updated = \"garbage\"",
    "date = 2020-02-30",
    "updated = 2024-01-01T10:00:00Z",
    "titel = \"x\"",
    "extra = {a = 1}",
    "[extra]",
    "sources = [\"s\"]",
    "= =",
    "\"unterminated",
    "key.dotted = 1",
    "[[arr]]",
    "lastmod = 1",
    "categories = [\"c\"]",
    "image = \"i.png\"",
    "sidebar_position = 2",
    "summary = \"s\"",
];

const YAML_LINES: &[&str] = &[
    "title: x",
    "title: [a",
    "title: \"q",
    "title: 3",
    "tags: [a, b]",
    "tags:\n  - a\n  - b",
    "aliases: \"x\"",
    "aliases: [/old/]",
    "weight: abc",
    "weight: 1.5",
    "draft: yes",
    "date: 2020-01-01",
    "updated: not a date",
    ": :",
    "key: &anchor x",
    "other: *anchor",
    "*alias",
    "- a",
    "title: \"\\u0000\"",
    "  indented: x",
    "\t tab: x",
    "? complex",
    "{a: 1}",
    "titel: x",
    "categories: [c]",
    "!!binary x",
    "title: !!int 3",
    "description: >\n  folded",
];

fn front_matter() -> impl Strategy<Value = String> {
    let toml = (
        proptest::collection::vec(
            prop_oneof![4 => proptest::sample::select(TOML_LINES).prop_map(str::to_string), 1 => "\\PC{0,10}"],
            0..8,
        ),
        any::<bool>(),
    )
        .prop_map(|(lines, closed)| {
            let end = if closed { "+++\n" } else { "" };
            format!("+++\n{}\n{end}", lines.join("\n"))
        });
    let yaml = (
        proptest::collection::vec(
            prop_oneof![4 => proptest::sample::select(YAML_LINES).prop_map(str::to_string), 1 => "\\PC{0,10}"],
            0..8,
        ),
        any::<bool>(),
    )
        .prop_map(|(lines, closed)| {
            let end = if closed { "---\n" } else { "" };
            format!("---\n{}\n{end}", lines.join("\n"))
        });
    prop_oneof![toml, yaml, Just(String::new())]
}

fn note() -> impl Strategy<Value = String> {
    (front_matter(), markdown_text()).prop_map(|(f, m)| format!("{f}{m}"))
}

const SITE_LINES: &[&str] = &[
    "title = \"x\"",
    "base_url = \"https://e.org/sub/\"",
    "base_url = \"ftp://x\"",
    "base_url = \"\"",
    "base_url = \"/docs\"",
    "repository = \"https://g.com/r\"",
    "[markdown]",
    "raw_html = \"escape\"",
    "raw_html = \"allow\"",
    "raw_html = \"x\"",
    "sanitize = true",
    "math = false",
    "smart_punctuation = true",
    "[links]",
    "broken = \"warn\"",
    "broken = \"maybe\"",
    "[search]",
    "enabled = false",
    "shard_bytes = 1",
    "shard_bytes = 0",
    "[build]",
    "symlinks = \"none\"",
    "symlinks = \"any\"",
    "max_note_bytes = 0",
    "git_dates = false",
    "drafts = true",
    "[check]",
    "orphans = \"error\"",
    "external_skip = [\"x\"]",
    "[highlight]",
    "light_theme = \"nope\"",
    "enabled = false",
    "[[x]]",
    "unknown = 1",
    "title = ",
    "[markdown",
    "title = \"a\"\ntitle = \"b\"",
];

fn site_toml() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![5 => proptest::sample::select(SITE_LINES).prop_map(str::to_string), 1 => "\\PC{0,10}"],
        0..10,
    )
    .prop_map(|l| l.join("\n"))
}

/// Every tag of `html` (text `<` is always escaped, so each `<` opens one) is free of
/// script: no script-like element, no `on…=` attribute, no `javascript:`/`vbscript:` URL.
fn assert_no_script(html: &str) {
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        let end = rest[i..].find('>').map_or(rest.len(), |e| i + e + 1);
        let tag = rest[i..end].to_ascii_lowercase();
        for bad in ["<script", "<iframe", "<object", "<embed", "<style", "<svg"] {
            assert!(!tag.starts_with(bad), "{bad} survived: {html}");
        }
        for attr in [" href=\"", " src=\""] {
            if let Some(at) = tag.find(attr) {
                let value: String = tag[at + attr.len()..]
                    .chars()
                    .take_while(|c| *c != '"')
                    .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
                    .collect();
                assert!(
                    !value.starts_with("javascript:")
                        && !value.starts_with("vbscript:")
                        && !value.starts_with("data:text"),
                    "script URL survived in {tag}: {html}"
                );
            }
        }
        for attr in tag.split_whitespace().skip(1) {
            let name = attr.split('=').next().unwrap_or("");
            assert!(
                !(name.starts_with("on") && attr.contains('=')),
                "event handler survived in {tag}: {html}"
            );
        }
        rest = &rest[end..];
    }
}

fn render_all_modes(rel: &str, text: &str) -> Vec<String> {
    let (doc, mut diags) = SourceDoc::from_text(rel, text.to_string());
    let parsed = markdown::parse(&doc, markdown::options(true, false));
    diags.extend(parsed.diags.iter().cloned());
    let resolved: Vec<ResolvedLink> = parsed
        .links
        .iter()
        .map(|l| ResolvedLink {
            href: l.dest.clone(),
            broken: l.dest.contains('y'),
            label: Some("label".into()),
        })
        .collect();
    let mut out = Vec::new();
    for raw_html in [RawHtml::Sanitize, RawHtml::Allow, RawHtml::Escape] {
        let r = markdown::render(
            &doc,
            &parsed,
            &resolved,
            &Default::default(),
            RenderOptions {
                highlighter: highlighter(),
                raw_html,
                check_only: false,
                diagrams: None,
            },
            &TokenMemo::new(),
        );
        diags.extend(r.diags.iter().cloned());
        if raw_html != RawHtml::Allow {
            assert_no_script(&r.html.text());
        }
        out.push(r.html.to_string());
    }
    assert_located(&diags, &format!("content/{rel}"), text);
    out
}

#[test]
fn notes_parse_and_render_without_panics_with_located_diagnostics() {
    let mut runner = TestRunner::new(cases(256));
    runner
        .run(&note(), |text| {
            let first = render_all_modes("sec/note.md", &text);
            let again = render_all_modes("sec/note.md", &text);
            prop_assert_eq!(first, again);
            Ok(())
        })
        .unwrap();
}

#[test]
fn site_toml_never_panics_and_errors_are_located() {
    let mut runner = TestRunner::new(cases(512));
    runner
        .run(&site_toml(), |text| {
            if let Err(d) = atlas::config::parse_site_toml(&text) {
                let s = d.span.clone().expect("site.toml errors are located");
                prop_assert!(inside(&text, s.line, s.col), "{} in {text:?}", d.one_line());
            }
            Ok(())
        })
        .unwrap();
}

/// A small site: `site.toml`, a section and a few notes that link to each other.
fn site() -> impl Strategy<Value = (String, Vec<String>)> {
    (site_toml(), proptest::collection::vec(note(), 1..4))
}

fn write_site(root: &Path, toml: &str, notes: &[String]) {
    common::write(root, "site.toml", toml.as_bytes());
    common::write(
        root,
        "content/sec/_index.md",
        b"+++\ntitle = \"Sec\"\n+++\n[[x]]\n",
    );
    for (i, n) in notes.iter().enumerate() {
        let name = ["x", "y", "sec/img", "b"][i % 4];
        common::write(root, &format!("content/{name}.md"), n.as_bytes());
    }
    common::write(root, "content/i.png", b"\x89PNG");
}

fn build_once(root: &Path) -> Option<atlas::pipeline::Build> {
    let config = atlas::config::SiteConfig::load(root, &Default::default()).ok()?;
    Some(atlas::pipeline::build(&config, highlighter()).expect("a build runs"))
}

#[test]
fn sites_build_identically_and_every_diagnostic_is_inside_its_file() {
    let mut runner = TestRunner::new(cases(24));
    runner
        .run(&site(), |(toml, notes)| {
            let dir = tempfile::tempdir().unwrap();
            write_site(dir.path(), &toml, &notes);
            let Some(first) = build_once(dir.path()) else {
                return Ok(());
            };
            let again = build_once(dir.path()).expect("config loads twice");
            prop_assert!(first.files == again.files, "two builds of one site differ");
            prop_assert_eq!(first.diagnostics.items(), again.diagnostics.items());
            for d in first.diagnostics.items().iter().chain(&first.checks) {
                let Some(s) = &d.span else { continue };
                let path = dir.path().join(&s.path);
                if let Ok(bytes) = std::fs::read(&path) {
                    let text = String::from_utf8_lossy(&bytes);
                    prop_assert!(
                        inside(&text, s.line, s.col),
                        "{} outside {text:?}",
                        d.one_line()
                    );
                }
            }
            Ok(())
        })
        .unwrap();
}

const PATH_PIECES: &[&str] = &[
    "..",
    ".",
    "%2e%2e",
    "%2E%2e",
    "%2f",
    "%5c",
    "%00",
    "a",
    "index.html",
    "note",
    "%",
    "%zz",
    "é",
    "%C3%A9",
    "%FF",
    "?q=1",
    "#x",
    "",
    "~",
    "search",
    "__atlas",
    "ws",
    "status",
    "404.html",
    "style.css",
    "sec",
    ";",
    "%20",
    "+",
    "@",
    ":",
];

const HOSTS: &[&str] = &[
    "127.0.0.1",
    "127.0.0.1:1111",
    "localhost:1111",
    "[::1]:1111",
    "evil.example",
    "evil.example:1111",
    "localhost:1",
    "",
    "[::1",
    "a@b",
    "LOCALHOST",
    "10.0.0.1:1111",
];

#[test]
fn dev_server_answers_every_request_path_and_host_without_a_server_error() {
    use atlas::serve::{guard::HostGuard, router::router, state::SiteState};
    use tower::ServiceExt;
    let mut files = atlas::output::SiteFiles::new();
    for k in [
        "index.html",
        "note/index.html",
        "style.css",
        "404.html",
        "sec/a b/index.html",
    ] {
        files.insert(k.into(), b"<html><body>x</body></html>".to_vec().into());
    }
    let state = std::sync::Arc::new(SiteState::new());
    state.install(
        Some(files),
        Vec::new(),
        atlas::serve::state::Touched::Anything,
    );
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let app = router(state, "/", HostGuard::new("127.0.0.1", 1111, &[]));
    let path = proptest::collection::vec(
        prop_oneof![4 => proptest::sample::select(PATH_PIECES).prop_map(str::to_string), 1 => "\\PC{0,6}"],
        0..8,
    )
    .prop_map(|p| format!("/{}", p.join("/")));
    let host = prop_oneof![3 => proptest::sample::select(HOSTS).prop_map(str::to_string), 1 => "\\PC{0,12}"];
    let mut runner = TestRunner::new(cases(512));
    runner
        .run(&(path, host), |(path, host)| {
            let Ok(uri) = path.parse::<axum::http::Uri>() else {
                return Ok(());
            };
            let Ok(req) = axum::http::Request::builder()
                .uri(uri)
                .header("host", host.as_str())
                .body(axum::body::Body::empty())
            else {
                return Ok(());
            };
            let resp = rt.block_on(app.clone().oneshot(req)).unwrap();
            let status = resp.status().as_u16();
            prop_assert!(status < 500, "{path} with Host {host:?}: {status}");
            let allowed = HostGuard::new("127.0.0.1", 1111, &[]).allows(&host);
            prop_assert_eq!(status == 403, !allowed, "{} with Host {:?}", path, host);
            // `..` in the path (not the query), raw or percent-encoded, never serves a file.
            let path_part = path.split(['?', '#']).next().unwrap_or("");
            let decoded = percent_encoding::percent_decode_str(path_part).decode_utf8_lossy();
            if decoded.split(['/', '\\']).any(|s| s == "..") {
                prop_assert!(status != 200, "{path} escaped");
            }
            Ok(())
        })
        .unwrap();
}

const QUERY_PIECES: &[&str] = &[
    "consistent",
    "hashing",
    "hash",
    "cach",
    "kafka",
    "\"",
    "\"exact phrase\"",
    "*",
    "-",
    "+",
    ":",
    "(",
    ")",
    "é",
    "ß",
    "İ",
    "🙂",
    "\u{0}",
    "\\",
    "'",
    "<mark>",
    "<img src=x>",
    "&amp;",
    "a",
    "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz",
    "camelCase",
    "snake_case",
    "x.y",
    "a-b",
    "1",
    "10.0.0.1",
    "  ",
    "\t",
    "constistent",
    "hahsing",
];

#[test]
fn search_queries_through_the_js_engine_never_throw() {
    if !std::process::Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        assert!(
            !std::env::var("CI").is_ok_and(|v| v == "true"),
            "CI=true but node is missing"
        );
        eprintln!("\n!!!!!!!!!! SKIPPING search query property test: node not found !!!!!!!!!!\n");
        return;
    }
    // Queries are generated first, then run in one node process.
    let query = proptest::collection::vec(
        prop_oneof![4 => proptest::sample::select(QUERY_PIECES).prop_map(str::to_string), 1 => "\\PC{0,8}"],
        0..6,
    )
    .prop_map(|p| p.join(" "));
    let mut runner = TestRunner::new(cases(400));
    let n = runner.config().cases as usize;
    let queries: Vec<String> = (0..n)
        .map(|_| query.new_tree(&mut runner).unwrap().current())
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let site = common::Site::fixture("valid");
    let build = site.build();
    for (path, bytes) in &build.files {
        if path.starts_with("search/") {
            common::write(dir.path(), path, bytes);
        }
    }
    std::fs::write(
        dir.path().join("queries.json"),
        serde_json::to_vec(&queries).unwrap(),
    )
    .unwrap();
    let script = format!(
        "const s = require({:?}); const fs = require('fs');
         const e = s.createEngine(u => Promise.resolve(fs.readFileSync(u, 'utf8')), 'search/manifest.json');
         const qs = JSON.parse(fs.readFileSync('queries.json', 'utf8'));
         (async () => {{ const out = []; for (const q of qs) {{
            try {{ const a = await e.search(q, {{limit: 5}}); const b = await e.search(q, {{limit: 5}});
                  out.push({{ok: Array.isArray(a), same: JSON.stringify(a) === JSON.stringify(b), snippets: a.map(r => r.snippet)}}); }}
            catch (err) {{ out.push({{error: String(err && err.stack || err)}}); }} }}
           console.log(JSON.stringify(out)); }})();",
        common::search_client()
    );
    std::fs::write(dir.path().join("run.js"), script).unwrap();
    let out = std::process::Command::new("node")
        .arg("run.js")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "node: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let results: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(results.len(), queries.len());
    for (q, r) in queries.iter().zip(&results) {
        assert!(r["error"].is_null(), "query {q:?} threw: {}", r["error"]);
        assert_eq!(r["ok"], true, "{q:?}");
        assert_eq!(r["same"], true, "{q:?} answered differently twice");
        for s in r["snippets"].as_array().unwrap() {
            let s = s.as_str().unwrap_or("");
            let stripped = s.replace("<mark>", "").replace("</mark>", "");
            assert!(!stripped.contains('<'), "{q:?}: unescaped snippet {s}");
        }
    }
    eprintln!("{} search queries through the search client", queries.len());
}
