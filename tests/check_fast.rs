//! `atlas check` stops before rendering: the diagnostics it reports must be the ones a
//! full build finds, on a site with every kind of problem a contributor can make.

mod common;
use common::*;

/// A site with broken links and anchors, bad front matter, a typo'd key, unknown code
/// languages, bad math, a missing template, an alias over a page, duplicate titles,
/// orphans, missing descriptions, a broken image and a section without `_index.md`.
fn troubled_site() -> Site {
    Site::new(&[
        ("content/_index.md", "+++\ntitle = \"Home\"\n+++\nWelcome. [[caching/cdn]] [[dup-one]] [[dup-two]] [[code]]\n"),
        ("content/caching/_index.md", "+++\ntitle = \"Caching\"\ndescription = \"C.\"\n+++\n"),
        (
            "content/caching/cdn.md",
            "+++\ntitle = \"CDN\"\ndescription = \"Edge caches.\"\naliases = [\"/old-cdn/\", \"/caching/\"]\n+++\n\
             # CDN\n\n## Push vs pull\n\nSee [missing](../nope.md), [bad anchor](#no-such-heading),\n\
             [[ghost]], [[code#nowhere]] and ![img](missing.png).\n\nMath: $\\frac{1}{$ and $$\\badmacro{x}$$\n",
        ),
        (
            "content/code.md",
            "+++\ntitle = \"Code\"\ndescrption = \"typo\"\n+++\n# Code\n\n```rustt\nfn main() {}\n```\n\n\
             ```text\nplain\n```\n\n```rust\nfn ok() {}\n```\n\n```nosuchlang x\ny\n```\n\n[up](caching/cdn.md#push-vs-pull)\n",
        ),
        ("content/dup-one.md", "+++\ntitle = \"Same\"\n+++\nOne.\n"),
        ("content/dup-two.md", "+++\ntitle = \"Same\"\ndescription = \"Two.\"\n+++\nTwo. [[caching/cdn#push-vs-pull]]\n"),
        ("content/orphan.md", "+++\ntitle = \"Orphan\"\ndescription = \"Nobody links here.\"\n+++\nAlone.\n"),
        ("content/custom.md", "+++\ntitle = \"Custom\"\ntemplate = \"nope.html\"\n+++\nCustom. [[orphan]]\n"),
        ("content/bad-front.md", "+++\ntitle = \"Bad\nweight = 1\n+++\nBody.\n"),
        ("content/loose/note.md", "# Loose\n\nIn a folder without `_index.md`. [[code]]\n"),
    ])
}

fn all_diagnostics(build: &atlas::pipeline::Build) -> Vec<String> {
    let mut out: Vec<String> = build
        .diagnostics
        .items()
        .iter()
        .chain(&build.checks)
        .map(|d| format!("{d:?}"))
        .collect();
    out.sort();
    out
}

#[test]
fn check_mode_reports_what_a_full_build_reports() {
    let site = troubled_site();
    let config = atlas::config::SiteConfig::load(site.root(), &Default::default()).unwrap();
    let hl = atlas::highlight::Highlighter::new(true);
    let full = atlas::pipeline::build(&config, &hl).unwrap();
    let fast = atlas::pipeline::build_with(
        &config,
        &hl,
        atlas::pipeline::BuildOptions {
            check_only: true,
            ..Default::default()
        },
    )
    .unwrap();
    let (full, fast) = (all_diagnostics(&full), all_diagnostics(&fast));
    // The fixture does exercise the kinds of problem that rendering used to find.
    for kind in [
        "UnknownLanguage",
        "Math",
        "BrokenLink",
        "BrokenAnchor",
        "FrontMatter",
        "Template",
        "UrlCollision",
    ] {
        assert!(
            full.iter().any(|d| d.contains(kind)),
            "fixture lacks {kind}: {full:#?}"
        );
    }
    assert_eq!(fast, full, "check mode and a full build disagree");
}

#[test]
fn check_mode_writes_and_renders_nothing() {
    let site = troubled_site();
    let config = atlas::config::SiteConfig::load(site.root(), &Default::default()).unwrap();
    let hl = atlas::highlight::Highlighter::new(true);
    let fast = atlas::pipeline::build_with(
        &config,
        &hl,
        atlas::pipeline::BuildOptions {
            check_only: true,
            ..Default::default()
        },
    )
    .unwrap();
    let timed: Vec<&str> = fast
        .report
        .timings
        .iter()
        .map(|(s, _)| s.as_str())
        .collect();
    assert!(timed.contains(&"links"), "{timed:?}");
    assert!(
        !fast.files.keys().any(|k| k.ends_with("index.html")),
        "pages were rendered"
    );
    assert!(!fast.files.keys().any(|k| k.starts_with("search/")));
    assert!(!site.root().join("public").exists());
}

#[test]
fn the_check_command_exits_1_and_prints_the_same_lines_as_before() {
    let site = troubled_site();
    let r = site.atlas(&["check", "--format", "github"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    for needle in [
        "unknown code language `rustt`",
        "unknown code language `nosuchlang`",
        "template `nope.html` does not exist",
        "math:",
    ] {
        assert!(
            r.stdout.contains(needle),
            "{needle} missing from {}",
            r.stdout
        );
    }
}
