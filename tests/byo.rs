//! Bring your own notes: knowledge bases written for Obsidian, Hugo, Zola, Docusaurus and
//! mdBook (fixtures written for these tests) build as they are, with the URLs, links and
//! embeds their authors expect.

mod common;
use common::*;

fn errors(b: &atlas::pipeline::Build) -> Vec<String> {
    b.diagnostics
        .items()
        .iter()
        .filter(|d| d.severity == atlas::diagnostics::Severity::Error)
        .map(|d| d.message.clone())
        .collect()
}

#[test]
fn obsidian_vault_embeds_images_comments_blocks_and_tags() {
    let b = Site::fixture("byo-obsidian").build();
    assert!(errors(&b).is_empty(), "{:?}", messages(&b));
    let alpha = html(&b, "projects/alpha/index.html");
    // `![[Beta#Risks]]`: that section only, inside an embed block.
    let embed = &alpha[alpha.find("<div class=\"embed\"").expect("embed")..];
    assert!(embed.contains("The vendor may be late."), "{alpha}");
    assert!(!alpha.contains("Ships in spring"), "next section leaked");
    // `![[Shared snippet]]`: a whole note.
    assert!(alpha.contains("Reusable text shared by several notes."));
    // `![[diagram.png|300]]`: found by file name in attachments/, with its width.
    assert!(
        alpha.contains("<img src=\"/attachments/diagram.png\" alt=\"\" width=\"300\""),
        "{alpha}"
    );
    assert!(b.files.contains_key("attachments/diagram.png"));
    // `%%comments%%` are dropped, except in code.
    assert!(!alpha.contains("remember to ask Dana"));
    assert!(alpha.contains("kept in code"));
    // `[[Beta#^key-fact]]` links to the marked paragraph.
    assert!(
        alpha.contains("href=\"/projects/beta/#^key-fact\""),
        "{alpha}"
    );
    let beta = html(&b, "projects/beta/index.html");
    assert!(beta.contains(
        "Budget is capped at ten units. <span id=\"^key-fact\" class=\"block-id\"></span>"
    ));
    // Inline `#tags` become tags (with pages) and links; `#notatag` in code does not.
    assert!(
        alpha.contains("<a href=\"/tags/launch/\">#launch</a>"),
        "{alpha}"
    );
    assert!(b.files.contains_key("tags/launch/index.html"));
    assert!(!b.files.keys().any(|k| k.contains("notatag")));
    let daily = html(&b, "daily/2024-02-01/index.html");
    assert!(!daily.contains("multi-line comment") && daily.contains("Visible again"));
    assert!(!b
        .files
        .keys()
        .any(|k| k.contains("code-not-tag") || k.contains("frag")));
}

#[test]
fn hugo_content_bundles_refs_and_mapped_keys() {
    let b = Site::fixture("byo-hugo").build();
    assert!(errors(&b).is_empty(), "{:?}", messages(&b));
    // The bundle publishes at its folder, its image beside it.
    let first = html(&b, "posts/first-post/index.html");
    assert!(b.files.contains_key("posts/first-post/cover.png"));
    assert!(
        first.contains("<img src=\"/posts/first-post/cover.png\""),
        "{first}"
    );
    assert!(first.contains("href=\"/posts/second/\""));
    assert!(first.contains("href=\"/docs/setup/#install\""));
    assert!(first.contains("href=\"/docs/setup/\""));
    // Other shortcodes stay as text.
    assert!(first.contains("youtube abc123"));
    // summary → description, categories → tags.
    assert!(first.contains("The first post of the blog."));
    assert!(b.files.contains_key("tags/release/index.html"));
    let second = html(&b, "posts/second/index.html");
    assert!(second.contains("href=\"/posts/first-post/\""));
    let report = b.migration.render();
    assert!(report.contains("{{< youtube >}} shortcode"), "{report}");
    assert!(report.contains("`categories` → tags"), "{report}");
    assert!(report.contains("{{< relref >}} link"), "{report}");
}

#[test]
fn zola_content_links_extra_taxonomies_and_redirects() {
    let b = Site::fixture("byo-zola").build();
    assert!(errors(&b).is_empty(), "{:?}", messages(&b));
    let hello = html(&b, "blog/hello/index.html");
    assert!(hello.contains("href=\"/blog/world/#details\""), "{hello}");
    assert!(html(&b, "blog/world/index.html").contains("href=\"/blog/hello/#greeting\""));
    assert!(html(&b, "index.html").contains("href=\"/blog/hello/\""));
    // `[taxonomies]` tags and categories become tags.
    assert!(b.files.contains_key("tags/intro/index.html"));
    assert!(b.files.contains_key("tags/meta/index.html"));
    // `redirect_to` writes a redirect page in place of the page.
    let old = html(&b, "blog/old-hello/index.html");
    assert!(old.contains("/blog/hello/"), "{old}");
    let report = b.migration.render();
    assert!(report.contains("youtube() shortcode"), "{report}");
    assert!(
        report.contains("`sort_by` as page.extra.sort_by"),
        "{report}"
    );
}

#[test]
fn docusaurus_docs_admonitions_categories_and_sidebar_order() {
    let b = Site::fixture("byo-docusaurus").build();
    assert!(errors(&b).is_empty(), "{:?}", messages(&b));
    let intro = html(&b, "docs/intro/index.html");
    assert!(intro.contains(
        "<div class=\"callout callout-note\" role=\"note\"><p class=\"callout-title\">Note</p>"
    ));
    assert!(
        intro.contains("<p>Plain note with <strong>markdown</strong>.</p>"),
        "{intro}"
    );
    assert!(intro.contains("<p class=\"callout-title\">Good to know</p>"));
    assert!(intro.contains("href=\"/docs/guides/install/\""));
    let install = html(&b, "docs/guides/install/index.html");
    assert!(install
        .contains("callout callout-tip\" role=\"note\"><p class=\"callout-title\">Pro tip</p>"));
    assert!(
        install.contains("callout-caution\" role=\"note\"><p class=\"callout-title\">Danger</p>")
    );
    assert!(install.contains("href=\"/docs/guides/configure/\""));
    assert!(install.contains("How to install it."));
    // `guides/index.md` is the category's page; sidebar_position orders it.
    let guides = html(&b, "docs/guides/index.html");
    assert!(guides.contains("All the guides."));
    let (c, i) = (
        guides.find("/docs/guides/configure/").unwrap(),
        guides.find("/docs/guides/install/").unwrap(),
    );
    assert!(c < i, "sidebar_position 1 lists first");
    // An unknown admonition type stays as text and is reported.
    assert!(html(&b, "docs/guides/configure/index.html").contains(":::details Hidden"));
    assert!(b.migration.render().contains(":::details block"));
}

#[test]
fn mdbook_src_readme_pages_and_includes() {
    let b = Site::fixture("byo-mdbook").build();
    assert!(errors(&b).is_empty(), "{:?}", messages(&b));
    assert!(html(&b, "index.html").contains("Start at"));
    let chapter = b
        .files
        .keys()
        .find(|k| k.starts_with("chapter") && k.ends_with("section/index.html"))
        .expect("section page")
        .clone();
    let section = html(&b, &chapter);
    assert!(section.contains("println!"), "{section}");
    assert!(section.contains("greeting"));
    // The whole file once (with its anchor comments), the anchored part without them.
    assert_eq!(section.matches("ANCHOR: greeting").count(), 1, "{section}");
    assert!(!section.contains("{{#include"));
    assert!(section.contains("Included paragraph with a"));
    let chapter_dir = chapter.trim_end_matches("section/index.html");
    assert!(html(&b, &format!("{chapter_dir}index.html")).contains("The first chapter"));
    let summary = html(&b, "summary/index.html");
    assert!(summary.contains(&format!("href=\"/{chapter_dir}section/\"")));
    let report = b.migration.render();
    assert!(report.contains("{{#title}} (left as text)"), "{report}");
    assert!(report.contains("{{#include}} file"), "{report}");
}

#[test]
fn an_embed_cycle_is_a_located_warning_and_the_build_goes_on() {
    let site = Site::new(&[
        ("content/a.md", "# A\n\nIntro.\n\n![[b]]\n"),
        ("content/b.md", "# B\n\nText of b.\n\n![[a]]\n"),
    ]);
    let b = site.build();
    assert!(errors(&b).is_empty(), "{:?}", messages(&b));
    let cycle: Vec<_> = b
        .diagnostics
        .items()
        .iter()
        .filter(|d| d.message.contains("embed cycle"))
        .collect();
    assert_eq!(cycle.len(), 2, "{:?}", messages(&b));
    let span = cycle[0].span.as_ref().unwrap();
    assert_eq!(
        (span.path.as_str(), span.line, span.col),
        ("content/a.md", 5, 1)
    );
    let a = html(&b, "a/index.html");
    assert!(a.contains("Text of b."));
    assert!(
        a.contains("href=\"/a/\""),
        "the repeated embed is a link: {a}"
    );
}

#[test]
fn unknown_front_matter_is_kept_typos_warn_and_strict_sites_can_refuse() {
    let site = Site::new(&[
        (
            "content/a.md",
            "---\ntitle: A\ntitel: Typo\nauthor: Ann\n---\nBody\n",
        ),
        (
            "templates/note.html",
            "{{ page.title }} by {{ page.extra.author }}",
        ),
    ]);
    let b = site.build();
    assert!(errors(&b).is_empty(), "{:?}", messages(&b));
    assert_eq!(html(&b, "a/index.html"), "A by Ann");
    let typo: Vec<_> = b
        .diagnostics
        .items()
        .iter()
        .filter(|d| d.message.contains("titel"))
        .collect();
    assert_eq!(typo.len(), 1);
    assert!(typo[0]
        .help
        .as_deref()
        .unwrap()
        .contains("did you mean `title`"));
    assert_eq!(typo[0].span.as_ref().unwrap().line, 3);
    site.write("site.toml", b"[check]\nunknown_front_matter = \"error\"\n");
    let strict = site.build();
    assert_eq!(errors(&strict).len(), 2, "{:?}", messages(&strict));
}

#[test]
fn editing_an_embedded_note_rebuilds_the_page_embedding_it() {
    let site = Site::new(&[
        ("content/a.md", "# A\n\n![[b]]\n"),
        ("content/b.md", "# B\n\nFirst words.\n"),
        (
            "content/c.md",
            "# C\n\n```text\n{{#include snippet.txt}}\n```\n",
        ),
        ("content/snippet.txt", "first snippet\n"),
    ]);
    let cache = atlas::cache::BuildCache::new();
    let config = atlas::config::SiteConfig::load(site.root(), &Default::default()).unwrap();
    let hl = atlas::highlight::Highlighter::with_cache(true);
    let build = |changed: Option<&atlas::cache::ChangedSources>| {
        atlas::pipeline::build_with(
            &config,
            &hl,
            atlas::pipeline::BuildOptions {
                cache: Some(&cache),
                changed,
                ..Default::default()
            },
        )
        .unwrap()
    };
    let first = build(None);
    assert!(html(&first, "a/index.html").contains("First words."));
    assert!(html(&first, "c/index.html").contains("first snippet"));
    std::thread::sleep(std::time::Duration::from_millis(20));
    site.write("content/b.md", b"# B\n\nSecond words.\n");
    site.write("content/snippet.txt", b"second snippet\n");
    let changed = atlas::cache::ChangedSources {
        rel: ["b.md".to_string(), "snippet.txt".to_string()]
            .into_iter()
            .collect(),
    };
    let second = build(Some(&changed));
    assert!(html(&second, "a/index.html").contains("Second words."));
    assert!(html(&second, "c/index.html").contains("second snippet"));
}
