//! Bad input: every problem reported at file:line:col, all at once, other pages still
//! built, and the previous output never replaced by a failing build.

mod common;
use common::*;

const GOOD: &str = "+++\ntitle = \"Good\"\n+++\n\n## Section\n\nFine.\n";

#[test]
fn broken_links_and_anchors_are_all_reported_with_suggestions() {
    let site = Site::new(&[
        ("content/net/cdn.md", "+++\ntitle = \"CDN\"\n+++\n\n## Push vs Pull\n\ntext\n"),
        (
            "content/net/a.md",
            "+++\ntitle = \"A\"\n+++\n\nSee [x](cnd.md) and\n    [y](cdn.md#push-vs-pul) and [[cdm]].\n\nAlso [z](#nowhere) and [w](/net/nope/).\n",
        ),
    ]);
    let b = site.build();
    let m = messages(&b);
    assert_eq!(
        m,
        vec![
            "content/net/a.md:5:5: error[broken-link]: broken link: no note or file at `cnd.md`",
            "content/net/a.md:6:5: error[broken-anchor]: broken anchor: `content/net/cdn.md` has no heading `#push-vs-pul`",
            "content/net/a.md:6:33: error[broken-link]: broken link: no note or file at `cdm`",
            "content/net/a.md:8:6: error[broken-anchor]: broken anchor: `content/net/a.md` has no heading `#nowhere`",
            "content/net/a.md:8:24: error[broken-link]: broken link: no note or file at `/net/nope/`",
        ],
    );
    let helps: Vec<_> = b
        .diagnostics
        .items()
        .iter()
        .map(|d| d.help.clone())
        .collect();
    assert_eq!(helps[0].as_deref(), Some("did you mean `cdn.md`?"));
    assert_eq!(
        helps[1].as_deref(),
        Some("did you mean `cdn.md#push-vs-pull`?")
    );
    assert_eq!(helps[2].as_deref(), Some("did you mean `[[cdn]]`?"));
    // The other pages still render.
    assert!(b.files.contains_key("net/cdn/index.html"));
    assert!(html(&b, "net/a/index.html").contains("class=\"broken-link\""));
}

#[test]
fn failing_build_exits_1_and_keeps_the_previous_output() {
    let site = Site::new(&[("content/a.md", GOOD)]);
    assert_eq!(site.atlas(&["build", "-q"]).code, 0);
    let before = site.read("public/a/index.html");
    site.write(
        "content/a.md",
        b"+++\ntitle = \"Good\"\n+++\n\n[x](missing.md)\n",
    );
    let r = site.atlas(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("content/a.md:5:1: broken link: no note or file at `missing.md`"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("output not written"), "{}", r.stderr);
    assert_eq!(site.read("public/a/index.html"), before);
    // As warnings, the same site builds.
    let w = site.atlas(&["build", "-q", "--broken-links", "warn"]);
    assert_eq!(w.code, 0, "{}", w.stderr);
}

#[test]
fn human_format_shows_the_source_line_and_a_caret() {
    let site = Site::new(&[(
        "content/a.md",
        "+++\ntitle = \"A\"\n+++\nSee [x](nope.md).\n",
    )]);
    let r = site.atlas(&["check"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("error[broken-link]: content/a.md:4:5: broken link"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("4 │ See [x](nope.md)."), "{}", r.stderr);
    assert!(r.stderr.contains("^^^^^^^^^^^^"), "{}", r.stderr);
}

#[test]
fn github_and_json_formats() {
    let site = Site::new(&[(
        "content/a.md",
        "+++\ntitle = \"A\"\n+++\nSee [x](nope.md).\n",
    )]);
    let r = site.atlas(&["check", "--format", "github", "-q"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout,
        "::error file=content/a.md,line=4,col=5::broken link: no note or file at `nope.md` [broken-link]\n"
    );
    let j = site.atlas(&["check", "--format", "json", "-q"]);
    let v: serde_json::Value = serde_json::from_str(&j.stdout).unwrap();
    assert_eq!(v[0]["kind"], "broken-link");
    assert_eq!(v[0]["span"]["line"], 4);
}

#[test]
fn broken_front_matter_is_located_and_other_pages_build() {
    let site = Site::new(&[
        ("content/good.md", GOOD),
        (
            "content/toml.md",
            "+++\ntitle = \"T\"\ntags = \"not a list\"\n+++\nbody\n",
        ),
        ("content/yaml.md", "---\ntitle: Y\ntags: [a, b\n---\nbody\n"),
        ("content/open.md", "+++\ntitle = \"never closed\"\nbody\n"),
    ]);
    let b = site.build();
    let m = messages(&b);
    assert!(
        m.iter().any(|l| l.starts_with(
            "content/toml.md:3:8: error[front-matter]: invalid front matter: invalid type"
        )),
        "{m:?}"
    );
    assert!(
        m.iter()
            .any(|l| l.starts_with("content/yaml.md:") && l.contains("error[front-matter]")),
        "{m:?}"
    );
    assert!(m.iter().any(|l| l.starts_with("content/open.md:1:1: error[front-matter]: front matter opened with `+++` is never closed")), "{m:?}");
    assert!(b.files.contains_key("good/index.html"));
    assert!(
        b.files.contains_key("toml/index.html"),
        "a note with bad front matter still renders"
    );
}

#[test]
fn invalid_utf8_is_located() {
    let site = Site::new(&[("content/good.md", GOOD)]);
    site.write(
        "content/bad.md",
        b"+++\ntitle = \"B\"\n+++\nline four is \xff\xfe bad\n",
    );
    let b = site.build();
    let m = messages(&b);
    assert_eq!(m, vec!["content/bad.md:4:14: error[encoding]: file is not valid UTF-8 (invalid byte at offset 33)"]);
    assert!(b.files.contains_key("good/index.html"));
}

#[test]
fn unclosed_fence_and_unknown_language_warn() {
    let site = Site::new(&[(
        "content/a.md",
        "+++\ntitle = \"A\"\n+++\n\n```klingon\nqapla\n```\n\nText\n\n```python\nx = 1\n",
    )]);
    let b = site.build();
    assert!(!b.diagnostics.has_errors());
    assert_eq!(
        messages(&b),
        vec![
            "content/a.md:5:1: warning[unknown-language]: unknown code language `klingon`; rendered as plain text".to_string(),
            format!("content/a.md:11:1: warning[markdown]: code fence `{}` is never closed; the rest of the note is treated as code", "```"),
        ]
    );
}

#[test]
fn url_collisions_name_both_files() {
    let site = Site::new(&[("content/a/x.md", GOOD), ("content/a/X.md", GOOD)]);
    let b = site.build();
    assert_eq!(
        messages(&b),
        vec!["content/a/x.md:1:1: error[url-collision]: URL `/a/x/` is produced by both `content/a/X.md` and `content/a/x.md`"]
    );
}

#[test]
fn huge_notes_and_deep_nesting_build() {
    let mut big = String::from("+++\ntitle = \"Big\"\n+++\n\n");
    let para = "A long paragraph about caches and queues that repeats itself to fill space. ";
    while big.len() < 10 * 1024 * 1024 {
        big.push_str(para);
        big.push_str("\n\n");
    }
    let deep_quotes = format!("{}deep\n", ">".repeat(20_000));
    let mut deep_list = String::new();
    for i in 0..300 {
        deep_list.push_str(&" ".repeat(i * 2));
        deep_list.push_str("- item\n");
    }
    let site = Site::new(&[
        ("content/big.md", &big),
        ("content/quotes.md", &deep_quotes),
        ("content/list.md", &deep_list),
        ("content/good.md", GOOD),
    ]);
    let b = site.build();
    assert!(!b.diagnostics.has_errors(), "{:?}", messages(&b));
    assert!(messages(&b)
        .iter()
        .any(|m| m.starts_with("content/big.md:1:1: warning[large-file]")));
    for f in [
        "big/index.html",
        "quotes/index.html",
        "list/index.html",
        "good/index.html",
    ] {
        assert!(b.files.contains_key(f), "{f}");
    }
}

#[test]
fn missing_and_broken_templates_are_named() {
    let site = Site::new(&[
        (
            "content/a.md",
            "+++\ntitle = \"A\"\ntemplate = \"fancy.html\"\n+++\nx\n",
        ),
        ("content/b.md", GOOD),
    ]);
    let b = site.build();
    assert!(
        messages(&b).contains(
            &"content/a.md:1:1: error[template]: template `fancy.html` does not exist".to_string()
        ),
        "{:?}",
        messages(&b)
    );
    assert!(b.files.contains_key("b/index.html"));

    let site = Site::new(&[("content/b.md", GOOD), ("templates/note.html", "{% extends \"base.html\" %}\n{% block main %}\n{{ page.title | nosuchfilter }}\n{% endblock main %}\n")]);
    let b = site.build();
    let m = messages(&b);
    assert!(
        m.iter()
            .any(|l| l.starts_with("templates/note.html:") && l.contains("nosuchfilter")),
        "{m:?}"
    );

    let site = Site::new(&[
        ("content/b.md", GOOD),
        (
            "templates/note.html",
            "{% extends \"base.html\" %}\n{% block main %}\n{{ page.title \n{% endblock main %}\n",
        ),
    ]);
    let b = site.build();
    let m = messages(&b);
    assert!(
        m.iter()
            .any(|l| l.starts_with("templates/note.html:4:1:") && l.contains("error[template]")),
        "{m:?}"
    );
}

#[test]
fn bad_site_toml_is_a_usage_error_with_location() {
    let site = Site::new(&[
        (
            "site.toml",
            "title = \"x\"\n[links]\nbroken = \"sometimes\"\n",
        ),
        ("content/a.md", GOOD),
    ]);
    let r = site.atlas(&["build"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("site.toml:3:10"), "{}", r.stderr);
    assert!(
        r.stderr.contains("unknown variant `sometimes`"),
        "{}",
        r.stderr
    );
}

#[test]
fn refuses_to_replace_dangerous_output_dirs() {
    let site = Site::new(&[("content/a.md", GOOD)]);
    for out in [".", "content", "/"] {
        let r = site.atlas(&["build", "-o", out]);
        assert_eq!(r.code, 2, "{out}: {}", r.stderr);
        assert!(r.stderr.contains("refusing"), "{}", r.stderr);
    }
    assert_eq!(site.read("content/a.md"), GOOD);
}
