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
        .map(|t| t.name.as_str())
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

/// The troubled site, plus what only `--changed` could get wrong: links into a note
/// by title, alias, escaped and percent-encoded paths, a renamed heading still linked
/// by its old anchor (from the anchor record), stale notes and a note linking to one
/// that changed after it.
fn site_for_changed() -> Site {
    let site = troubled_site();
    for (path, text) in [
        (
            "content/caching/write back.md",
            "+++\ntitle = \"Write Back\"\ndescription = \"W.\"\naliases = [\"lazy writes\"]\nupdated = 2020-01-02\n+++\n\
             # Write Back\n\n## Flushing now\n\nText.\n",
        ),
        (
            "content/linker.md",
            "+++\ntitle = \"Linker\"\ndescription = \"L.\"\nupdated = 2019-05-06\n+++\n\
             [by title](caching/write%20back.md#flushing) [[Write Back#nope]] [[lazy writes#flushing-now]]\n\n\
             [escaped](dup\\-one.md#missing) [[Same]] [site](/caching/write-back/#gone)\n",
        ),
        (
            "content/.anchors.json",
            "{\"notes\": {\"caching/write back.md\": {\"ids\": [\"write-back\", \"flushing\"]}}}\n",
        ),
    ] {
        site.write(path, text.as_bytes());
    }
    site
}

/// `atlas check` in memory (with `--stale`), its diagnostics limited to `focus` as
/// `--changed` limits them; with `focused`, only what those files need is checked.
fn check_diagnostics(
    site: &Site,
    focus: &std::collections::BTreeSet<String>,
    focused: bool,
) -> (Vec<String>, usize) {
    let overrides = atlas::config::Overrides {
        stale_days: Some(30),
        ..Default::default()
    };
    let config = atlas::config::SiteConfig::load(site.root(), &overrides).unwrap();
    let hl = atlas::highlight::Highlighter::new(true);
    let build = atlas::pipeline::build_with(
        &config,
        &hl,
        atlas::pipeline::BuildOptions {
            check_only: true,
            focus: focused.then_some(focus),
            ..Default::default()
        },
    )
    .unwrap();
    let all: Vec<_> = build
        .diagnostics
        .items()
        .iter()
        .chain(&build.checks)
        .cloned()
        .collect();
    let mut out: Vec<String> = atlas::check::changed::filter(all, focus)
        .iter()
        .map(|d| format!("{d:?}"))
        .collect();
    out.sort();
    (out, build.report.words)
}

#[test]
fn a_changed_check_reports_what_a_full_check_reports_about_those_files() {
    let site = site_for_changed();
    let notes: Vec<String> = walkdir_md(site.root());
    assert!(notes.len() >= 12, "{notes:?}");
    let mut sets: Vec<Vec<String>> = notes.iter().map(|n| vec![n.clone()]).collect();
    sets.push(vec![
        "content/caching/cdn.md".into(),
        "content/code.md".into(),
    ]);
    sets.push(vec![
        "content/linker.md".into(),
        "content/orphan.md".into(),
        "site.toml".into(),
    ]);
    sets.push(vec![
        "templates/nope.html".into(),
        "content/.anchors.json".into(),
    ]);
    sets.push(notes.clone());
    let mut kinds = std::collections::BTreeSet::new();
    for set in sets {
        let focus: std::collections::BTreeSet<String> = set.into_iter().collect();
        let (full, full_words) = check_diagnostics(&site, &focus, false);
        let (fast, fast_words) = check_diagnostics(&site, &focus, true);
        assert_eq!(
            fast, full,
            "--changed {focus:?} differs from the full check"
        );
        if focus.len() == 1 && focus.contains("content/orphan.md") {
            assert!(fast_words < full_words, "a changed check parsed every note");
        }
        for d in &full {
            kinds.insert(d.split(',').next().unwrap_or("").to_string());
            for k in [
                "RenamedAnchor",
                "BrokenAnchor",
                "Orphan",
                "Stale",
                "Duplicate",
                "AmbiguousLink",
            ] {
                if d.contains(k) {
                    kinds.insert(k.to_string());
                }
            }
        }
    }
    // The fixture does exercise the diagnostics that depend on other notes.
    for k in [
        "RenamedAnchor",
        "BrokenAnchor",
        "Orphan",
        "Stale",
        "Duplicate",
        "AmbiguousLink",
    ] {
        assert!(kinds.contains(k), "no {k} in {kinds:?}");
    }
}

/// Notes of the site (paths from its root).
fn walkdir_md(root: &std::path::Path) -> Vec<String> {
    fn walk(dir: &std::path::Path, root: &std::path::Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, root, out);
            } else if p.extension().is_some_and(|x| x == "md") {
                out.push(
                    p.strip_prefix(root)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    let mut out = Vec::new();
    walk(&root.join("content"), root, &mut out);
    out.sort();
    out
}
