//! The build pipeline: stage order, timings and the `Build` result.
//!
//! SiteConfig → SourceTree → SourceDoc → ContentTree → ParsedDoc → LinkIndex →
//! DocLinks/LinkGraph → RenderedDoc → pages (Tera) → search index → SiteFiles.

use crate::cache::{file_stamp, hash_parts, BuildCache, ChangedSources};
use crate::config::{RawHtml, SiteConfig};
use crate::content::source::{load_all, load_one};
use crate::content::{slug::path_slug, ContentTree, DocKind, SourceTree};
use crate::diagnostics::{Diagnostic, Diagnostics, Kind, SourceSpan};
use crate::highlight::memo::TokenMemo;
use crate::highlight::Highlighter;
use crate::links::anchors::{self, AnchorRecord};
use crate::links::shape;
use crate::links::{resolve_doc_links, DocLinks, LinkGraph, LinkIndex};
use crate::markdown::{self, ParsedDoc, RenderOptions, RenderedDoc};
use crate::output::{FileBytes, Sink, SiteFiles};
use crate::progress::Progress;
use crate::search::SearchInput;
use crate::social;
use crate::templates::context::*;
use crate::templates::{feed, graph, nav, previews, section_map, static_files, Theme};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A build that could not run at all (as opposed to content problems, which are diagnostics).
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// `content/` or `static/` could not be read.
    #[error("cannot read {what}: {source}")]
    Io {
        /// What was being read.
        what: String,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
}

/// Counts and timings of one build.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BuildReport {
    /// Notes built.
    pub notes: usize,
    /// Sections.
    pub sections: usize,
    /// HTML pages written (notes, sections, tags, indexes, redirects).
    pub pages: usize,
    /// Files written in all.
    pub files: usize,
    /// Bytes written in all (memory builds only).
    pub bytes: usize,
    /// Words of prose.
    pub words: usize,
    /// Internal links resolved.
    pub links: usize,
    /// Time per stage, in order.
    pub timings: Vec<(String, Duration)>,
    /// Whole build.
    pub total: Duration,
}

/// The result of one build: files, diagnostics, report, and what search indexed.
#[derive(Debug)]
pub struct Build {
    /// Every output file (empty when a disk sink received them).
    pub files: SiteFiles,
    /// All problems found.
    pub diagnostics: Diagnostics,
    /// Counts and timings.
    pub report: BuildReport,
    /// What search indexes (also for the tantivy index of `atlas search`).
    pub search: SearchInput,
    /// External links and where they are written (for `atlas check --external`).
    pub external_links: Vec<(String, SourceSpan)>,
    /// The heading anchors of this build, with renames (written by `atlas build`).
    pub anchors: Arc<AnchorRecord>,
    /// Findings of the content checks (orphans, descriptions, duplicates, staleness),
    /// reported by `atlas check`, not by `atlas build`.
    pub checks: Vec<Diagnostic>,
    /// Other tools' conventions understood, kept or ignored (`atlas check --migrate`).
    pub migration: crate::conventions::report::MigrationReport,
}

struct Timer {
    start: Instant,
    last: Instant,
    timings: Vec<(String, Duration)>,
}

impl Timer {
    fn new() -> Timer {
        let now = Instant::now();
        Timer {
            start: now,
            last: now,
            timings: Vec::new(),
        }
    }
    fn lap(&mut self, name: &str) {
        let now = Instant::now();
        self.timings.push((name.to_string(), now - self.last));
        self.last = now;
    }
}

/// What a build may reuse and report to.
#[derive(Debug, Clone, Copy, Default)]
pub struct BuildOptions<'a> {
    /// Caches kept across builds (the dev server's).
    pub cache: Option<&'a BuildCache>,
    /// Where to report progress.
    pub progress: Option<&'a Progress>,
    /// Where to put the files; `None` keeps them in [`Build::files`].
    pub sink: Option<&'a Sink>,
    /// Leave the browser search index out (the dev server builds it after the pages).
    pub skip_search_index: bool,
    /// Leave out the content checks of `atlas check` (the dev server does not show them).
    pub skip_checks: bool,
    /// What the file watcher saw change since the previous build through `cache`
    /// (`None`: anything may have changed, so walk and check every file).
    pub changed: Option<&'a ChangedSources>,
    /// `atlas check`: parse and resolve links, then stop before rendering. Notes are
    /// linted while parsed (math, fence languages), templates are loaded and tried on a
    /// few pages, and nothing is highlighted, rendered, indexed or written.
    pub check_only: bool,
}

/// Runs the whole pipeline in memory.
pub fn build(config: &SiteConfig, highlighter: &Highlighter) -> Result<Build, BuildError> {
    build_with(config, highlighter, BuildOptions::default())
}

/// Runs the whole pipeline in memory, reusing and refreshing `opts.cache`.
pub fn build_with(
    config: &SiteConfig,
    highlighter: &Highlighter,
    opts: BuildOptions<'_>,
) -> Result<Build, BuildError> {
    let cache = opts.cache;
    let generation = cache.map(BuildCache::begin).unwrap_or(0);
    let result = run_stages(config, highlighter, generation, opts);
    if let Some(c) = cache {
        c.finish(generation);
    }
    result
}

fn run_stages(
    config: &SiteConfig,
    highlighter: &Highlighter,
    generation: u64,
    opts: BuildOptions<'_>,
) -> Result<Build, BuildError> {
    let (cache, progress, opts_sink) = (opts.cache, opts.progress, opts.sink);
    let mut timer = Timer::new();
    let stage = |name: &'static str, total: usize| {
        if let Some(p) = progress {
            p.stage(name, total);
        }
    };
    let tick = || {
        if let Some(p) = progress {
            p.tick();
        }
    };
    stage("read", 0);
    let mut diags = Diagnostics::new();
    let site = &config.site;
    let base = config.base_path.as_str();

    // Trust the watcher only for a walk this cache remembers.
    let trusted = match (cache, opts.changed) {
        (Some(c), Some(changed)) => c.walked_if_unchanged(changed).map(|w| (w, changed)),
        _ => None,
    };
    let source: Arc<SourceTree> = match &trusted {
        Some((walked, _)) => walked.clone(),
        None => Arc::new(SourceTree::walk(
            &config.root.join("content"),
            &config.root,
            site.build.symlinks,
        )),
    };
    if let Some(c) = cache {
        c.put_walked(source.clone());
    }
    diags.extend(source.diags.iter().cloned());
    timer.lap("walk");

    let max_bytes = site.build.max_note_bytes;
    let (docs, d) = load_all(&source.markdown, site.build.drafts, |f| {
        match (cache, &trusted) {
            (Some(c), Some((_, changed))) => c.load_trusting(f, changed, max_bytes, generation),
            (Some(c), None) => c.load(f, max_bytes, generation),
            (None, _) => load_one(f, max_bytes),
        }
    });
    diags.extend(d);
    let mut docs = docs;
    // Dates only matter to pages and to the staleness check.
    let want_dates = !opts.check_only || config.stale_days.is_some();
    if want_dates && site.build.git_dates && docs.iter().any(|d| d.front.updated.is_none()) {
        let dates = crate::content::git::last_commit_dates(&config.root);
        for d in docs.iter_mut().filter(|d| d.front.updated.is_none()) {
            if let Some(date) = dates.get(&d.rel) {
                Arc::make_mut(d).front.updated =
                    Some(crate::content::frontmatter::DateField(date.clone()));
            }
        }
    }
    let (mut tree, d) = ContentTree::build(docs, &source.dirs);
    diags.extend(d);
    // Other tools' embeds and includes become part of the embedding note's text.
    diags.extend(crate::conventions::embed::expand_all(
        &mut tree,
        &config.root.join("content"),
    ));
    let key_level = site.check.unknown_front_matter;
    for d in &tree.docs {
        diags.extend(crate::content::keys::diagnostics(d, key_level));
    }
    timer.lap("load");

    let md_options = markdown::options(site.markdown.math, site.markdown.smart_punctuation);
    let lint_options = RenderOptions {
        highlighter,
        raw_html: site.markdown.raw_html(),
        check_only: true,
    };
    let no_renames = BTreeMap::new();
    stage("parse", tree.docs.len());
    let text_hashes: Vec<u64> = tree
        .docs
        .par_iter()
        .map(|d| hash_parts([d.path.as_bytes(), d.text.as_bytes()]))
        .collect();
    let parsed: Vec<ParsedDoc<'_>> = tree
        .docs
        .par_iter()
        .zip(&text_hashes)
        .map(|(d, &h)| {
            tick();
            match cache.and_then(|c| c.info(h, generation)) {
                Some(info) => ParsedDoc {
                    events: Vec::new(),
                    info,
                },
                None => {
                    let mut p = markdown::parse(d, md_options);
                    if opts.check_only {
                        // What rendering would report, found while the events are at hand
                        // (the info is not shared yet, so it takes the diagnostics).
                        let lint = markdown::render(
                            d,
                            &p,
                            &[],
                            &no_renames,
                            lint_options,
                            &mut TokenMemo::new(),
                        );
                        if let Some(info) = Arc::get_mut(&mut p.info) {
                            info.diags.extend(lint.diags);
                        }
                    }
                    if let Some(c) = cache {
                        c.put_info(h, p.info.clone(), generation);
                    }
                    // Holding every note's events until rendering would double the peak
                    // memory of a large site; rendering parses again (a few % of the build).
                    p.events = Vec::new();
                    p
                }
            }
        })
        .collect();
    for p in &parsed {
        diags.extend(p.diags.iter().cloned());
    }
    let headings: Vec<&[markdown::Heading]> =
        parsed.iter().map(|p| p.headings.as_slice()).collect();
    let anchors_key = shape::anchors_key(
        &tree,
        &headings,
        file_stamp(&anchors::record_path(&config.root)),
    );
    let (anchor_record, renamed) = match cache.and_then(|c| c.anchors(anchors_key, generation)) {
        Some(hit) => hit,
        None => {
            let current = tree
                .docs
                .iter()
                .zip(&headings)
                .map(|(d, hs)| (d.rel.clone(), hs.iter().map(|h| h.id.clone()).collect()))
                .collect();
            let record = AnchorRecord::load(&config.root).update(&current);
            let renamed: Vec<BTreeMap<String, String>> = tree
                .docs
                .iter()
                .map(|d| {
                    record
                        .notes
                        .get(&d.rel)
                        .map(|n| n.renamed.clone())
                        .unwrap_or_default()
                })
                .collect();
            let anchors = (Arc::new(record), Arc::new(renamed));
            if let Some(c) = cache {
                c.put_anchors(anchors_key, anchors.clone(), generation);
            }
            anchors
        }
    };
    timer.lap("parse");

    let (statics, d) = static_files(&config.root, site.build.symlinks);
    diags.extend(d);
    let generated = [
        "atlas.css",
        "favicon.ico",
        "highlight.css",
        "sitemap.xml",
        "robots.txt",
        "404.html",
        "atom.xml",
    ];
    let targets_key = shape::targets_key(
        anchors_key,
        &tree,
        &headings,
        source.assets.iter().map(|a| a.rel.as_str()),
        statics.keys().map(String::as_str).chain(generated),
        base,
    );
    let index = LinkIndex::build(
        &tree,
        headings.clone(),
        &renamed,
        source.assets.iter().map(|a| a.rel.clone()),
        statics
            .keys()
            .cloned()
            .chain(generated.iter().map(|s| s.to_string())),
        base,
    );
    let broken = site.links.broken;
    let policy = format!("{broken:?}");
    // A note's links resolve as before when its text and every possible target are unchanged.
    let doc_links: Vec<Arc<DocLinks>> = (0..tree.docs.len())
        .into_par_iter()
        .map(|i| {
            let key = hash_parts([
                &targets_key.to_le_bytes()[..],
                &text_hashes[i].to_le_bytes(),
                &(i as u64).to_le_bytes(),
                policy.as_bytes(),
            ]);
            if let Some(hit) = cache.and_then(|c| c.links(key, generation)) {
                return hit;
            }
            let dl = Arc::new(resolve_doc_links(&index, i, &parsed[i].links, broken));
            if let Some(c) = cache {
                c.put_links(key, dl.clone(), generation);
            }
            dl
        })
        .collect();
    let edges: Vec<&[(usize, usize, Option<String>)]> =
        doc_links.iter().map(|d| d.edges.as_slice()).collect();
    let links: Vec<&[markdown::LinkRef]> = parsed.iter().map(|p| p.links.as_slice()).collect();
    let graph = LinkGraph::build(tree.docs.len(), &edges, &links);
    let link_count = edges.iter().map(|e| e.len()).sum();
    for dl in &doc_links {
        diags.extend(dl.diags.iter().cloned());
    }
    timer.lap("links");

    let ropts = RenderOptions {
        highlighter,
        raw_html: site.markdown.raw_html(),
        check_only: false,
    };
    let render_keys: Vec<u64> = (0..tree.docs.len())
        .into_par_iter()
        .map(|i| {
            let th = text_hashes[i].to_le_bytes();
            let raw_html: &[u8] = match ropts.raw_html {
                RawHtml::Sanitize => b"s",
                RawHtml::Allow => b"-",
                RawHtml::Escape => b"e",
            };
            let mut parts: Vec<&[u8]> = vec![&th, raw_html];
            for (old, new) in &renamed[i] {
                parts.push(old.as_bytes());
                parts.push(new.as_bytes());
            }
            for r in &doc_links[i].resolved {
                parts.push(r.href.as_bytes());
                parts.push(if r.broken { b"b" } else { b"-" });
                parts.push(r.label.as_deref().unwrap_or("").as_bytes());
            }
            hash_parts(parts)
        })
        .collect();
    stage("render", tree.docs.len());
    // Each rayon job gets its own line-tokenizing memo (syntect state is per thread).
    let nothing = Arc::new(RenderedDoc::default());
    let rendered: Vec<Arc<RenderedDoc>> = (0..tree.docs.len())
        .into_par_iter()
        .map_init(TokenMemo::new, |memo, i| {
            tick();
            if opts.check_only {
                return nothing.clone();
            }
            if let Some(hit) = cache.and_then(|c| c.render(render_keys[i], generation)) {
                return hit;
            }
            let doc = &tree.docs[i];
            // The first parse kept only what linking needs: parse again for the events.
            let fresh;
            let p = if parsed[i].events.is_empty() {
                fresh = markdown::parse(doc, md_options);
                &fresh
            } else {
                &parsed[i]
            };
            let r = Arc::new(markdown::render(
                doc,
                p,
                &doc_links[i].resolved,
                &renamed[i],
                ropts,
                memo,
            ));
            if let Some(c) = cache {
                c.put_render(render_keys[i], r.clone(), generation);
            }
            r
        })
        .collect();
    for r in &rendered {
        diags.extend(r.diags.iter().cloned());
    }
    timer.lap("render");

    let memory = Sink::memory();
    let sink = opts_sink.unwrap_or(&memory);
    let mut written: BTreeSet<String> = BTreeSet::new();
    let put = |path: String, bytes: Vec<u8>, written: &mut BTreeSet<String>| {
        written.insert(path.clone());
        sink.put(path, bytes);
    };
    let asset_version = {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        for (k, v) in &statics {
            h.update(k.as_bytes());
            h.update(v);
        }
        h.update(site.highlight.light_theme.as_bytes());
        h.update(site.highlight.dark_theme.as_bytes());
        format!("{:08x}", h.digest() as u32)
    };
    let site_ctx = SiteCtx {
        title: site.title.clone(),
        description: site.description.clone(),
        base_path: base.to_string(),
        language: site.language.clone(),
        search_manifest: format!("{base}search/manifest.json"),
        asset_version,
    };
    let words: usize = parsed.iter().map(|p| p.words).sum();
    let cards: Vec<Option<social::Card<'_>>> = tree
        .docs
        .iter()
        .enumerate()
        .map(|(i, d)| {
            (site.social.cards && d.kind == DocKind::Note).then(|| social::Card {
                title: &d.title,
                section: match tree.section_of[i] {
                    0 => "",
                    s => &tree.sections[s].title,
                },
                site: &site.title,
            })
        })
        .collect();
    let pages = PageBuilder {
        config,
        tree: &tree,
        parsed: &parsed,
        rendered: &rendered,
        render_keys: &render_keys,
        cards: tree
            .docs
            .par_iter()
            .map(|d| hash_parts([d.title.as_bytes(), d.url.as_bytes()]))
            .collect(),
        doc_links: &doc_links,
        graph: &graph,
        site: &site_ctx,
        site_hash: hash_parts([format!("{:?}{:?}", config.site, site_ctx).as_bytes()]),
        nav: nav::Nav::new(&tree, base),
        cache: cache.map(|c| (c, generation)),
        progress,
        social_cards: &cards,
    };
    stage("templates", 0);
    match Theme::load(&config.root, site.build.symlinks) {
        Ok((theme, d)) => {
            diags.extend(d);
            stage("templates", tree.docs.len());
            let (paths, d) = if opts.check_only {
                pages.check_pages(&theme)
            } else {
                pages.render_all(&theme, sink)
            };
            diags.extend(d);
            written.extend(paths);
        }
        Err(d) => diags.extend(d),
    }
    // Pages hold copies of the rendered HTML now; free it before search builds its index.
    drop(pages);
    drop(rendered);
    timer.lap("templates");

    stage("social", 0);
    let card_list: Vec<(&str, social::Card<'_>)> = cards
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.map(|c| (tree.docs[i].path.as_str(), c)))
        .collect();
    let drawn = social::store::card_files(
        &card_list,
        cache.map(|c| (c, generation)),
        Some(&config.output),
    );
    diags.extend(drawn.diagnostics);
    for (path, bytes) in drawn.files {
        written.insert(path.clone());
        sink.put(path, bytes);
    }
    timer.lap("social");

    stage("search", 0);
    let mut search = SearchInput::new(base);
    for (i, d) in tree.docs.iter().enumerate() {
        search.push(
            d.clone(),
            parsed[i].info.clone(),
            graph.anchor_texts[i].clone(),
        );
    }
    if site.search.enabled && !opts.skip_search_index && !opts.check_only {
        match crate::search::build_static_index_cached(
            &search.docs(),
            site.search.shard_bytes,
            cache.map(|c| &c.search),
        ) {
            Ok(out) => {
                for (p, b) in out {
                    put(p, b, &mut written);
                }
            }
            Err(e) => diags.push(Diagnostic::error(
                Kind::Io,
                None,
                format!("search index: {e}"),
            )),
        }
    }
    timer.lap("search");

    if let (Some(svg), false) = (
        statics.get("favicon.svg"),
        statics.contains_key("favicon.ico"),
    ) {
        match social::favicon::ico_from_svg(
            &social::CardRenderer::new(),
            &String::from_utf8_lossy(svg),
        ) {
            Ok(ico) => put("favicon.ico".into(), ico, &mut written),
            Err(e) => diags.push(Diagnostic::warning(
                Kind::Io,
                Some(SourceSpan::file("static/favicon.svg")),
                format!("favicon.ico not written: {e}"),
            )),
        }
    }
    // One stylesheet for the page (one render-blocking request instead of three).
    let mut bundle = Vec::new();
    // (Highlighting is left out: pages with code load it without blocking.)
    for part in [statics.get("style.css"), statics.get("search.css")]
        .into_iter()
        .flatten()
    {
        bundle.extend_from_slice(part);
        bundle.push(b'\n');
    }
    put("atlas.css".into(), bundle, &mut written);
    match crate::highlight::theme_css(&site.highlight.light_theme, &site.highlight.dark_theme) {
        Ok(css) => {
            put("highlight.css".into(), css.into_bytes(), &mut written);
        }
        Err(m) => diags.push(Diagnostic::error(
            Kind::Config,
            Some(SourceSpan::file("site.toml")),
            m,
        )),
    }
    for (path, bytes) in statics {
        put(path, bytes, &mut written);
    }
    for asset in &source.assets {
        // A check only needs to know the asset can be read.
        let read = if opts.check_only {
            std::fs::File::open(&asset.abs).map(|_| Vec::new())
        } else {
            std::fs::read(&asset.abs)
        };
        match read {
            Ok(bytes) => {
                let rel = asset
                    .rel
                    .split('/')
                    .enumerate()
                    .map(|(i, p)| {
                        if i + 1 < asset.rel.split('/').count() {
                            path_slug(p)
                        } else {
                            p.to_string()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("/");
                put(rel, bytes, &mut written);
            }
            Err(e) => diags.push(Diagnostic::warning(
                Kind::Io,
                Some(SourceSpan::file(format!("content/{}", asset.rel))),
                format!("cannot read asset: {e}; not copied"),
            )),
        }
    }
    put(
        "sitemap.xml".into(),
        sitemap(config, &tree).into_bytes(),
        &mut written,
    );
    put(
        "atom.xml".into(),
        feed::atom(config, &tree).into_bytes(),
        &mut written,
    );
    put(
        "robots.txt".into(),
        format!(
            "User-agent: *\nAllow: /\nSitemap: {}\n",
            config.absolute_url("sitemap.xml")
        )
        .into_bytes(),
        &mut written,
    );
    timer.lap("assets");

    let external_links: Vec<(String, SourceSpan)> = parsed
        .iter()
        .flat_map(|p| p.links.iter())
        .filter(|l| crate::links::resolve::is_external(&l.dest))
        .map(|l| (l.dest.clone(), l.span.clone()))
        .collect();
    let mut checks = Vec::new();
    if !opts.skip_checks {
        checks = crate::check::lint(&tree, &graph, &site.check);
        if let Some(days) = config.stale_days {
            checks.extend(crate::check::stale::stale(
                &tree,
                &graph,
                days,
                crate::check::stale::today(),
            ));
        }
    }
    diags.sort();
    let report = BuildReport {
        notes: tree.docs.iter().filter(|d| d.kind == DocKind::Note).count(),
        sections: tree.sections.len(),
        pages: written.iter().filter(|k| k.ends_with(".html")).count(),
        files: written.len(),
        bytes: 0,
        words,
        links: link_count,
        total: timer.start.elapsed(),
        timings: timer.timings,
    };
    let files = memory.into_files();
    let mut report = report;
    report.bytes = files.values().map(|b| b.len()).sum();
    Ok(Build {
        migration: crate::conventions::report::MigrationReport::collect(&tree.docs),
        files,
        diagnostics: diags,
        report,
        search,
        checks,
        anchors: anchor_record,
        external_links,
    })
}

fn sitemap(config: &SiteConfig, tree: &ContentTree) -> String {
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let mut urls: BTreeMap<String, Option<String>> = BTreeMap::new();
    for sec in &tree.sections {
        urls.insert(sec.url.clone(), None);
    }
    for d in &tree.docs {
        let date = d.front.last_updated().map(str::to_string);
        urls.insert(d.url.clone(), date);
    }
    for (url, date) in urls {
        s.push_str("  <url><loc>");
        s.push_str(&crate::highlight::escape(&config.absolute_url(&url)));
        s.push_str("</loc>");
        if let Some(d) = date {
            s.push_str("<lastmod>");
            s.push_str(&d);
            s.push_str("</lastmod>");
        }
        s.push_str("</url>\n");
    }
    s.push_str("</urlset>\n");
    s
}

/// A page names a template the theme does not have.
fn missing_template(doc: &crate::content::SourceDoc, template: &str) -> Diagnostic {
    Diagnostic::error(
        Kind::Template,
        Some(SourceSpan::file(&doc.path)),
        format!("template `{template}` does not exist"),
    )
}

/// An alias whose redirect page would overwrite a page.
fn alias_collision(path: &str, span: SourceSpan) -> Diagnostic {
    Diagnostic::warning(
        Kind::UrlCollision,
        Some(span),
        format!(
            "alias `/{}` is also the URL of a page; no redirect written",
            path.trim_end_matches("index.html")
        ),
    )
}

struct PageBuilder<'a> {
    config: &'a SiteConfig,
    tree: &'a ContentTree,
    parsed: &'a [ParsedDoc<'a>],
    rendered: &'a [Arc<RenderedDoc>],
    render_keys: &'a [u64],
    /// Per document, a hash of how other pages show it (title and URL).
    cards: Vec<u64>,
    doc_links: &'a [Arc<DocLinks>],
    site_hash: u64,
    cache: Option<(&'a BuildCache, u64)>,
    progress: Option<&'a Progress>,
    graph: &'a LinkGraph,
    site: &'a SiteCtx,
    nav: nav::Nav<'a>,
    /// Per document, its social card when it has one.
    social_cards: &'a [Option<social::Card<'a>>],
}

fn out_path(url: &str) -> String {
    format!("{url}index.html")
}

impl PageBuilder<'_> {
    fn url(&self, rel: &str) -> String {
        format!("{}{rel}", self.config.base_path)
    }

    fn base_context(&self, section: usize, doc: Option<usize>, current_url: &str) -> tera::Context {
        self.context_with_nav(&self.nav.for_page(section, doc, current_url), current_url)
    }

    fn context_with_nav(&self, nav: &str, current_url: &str) -> tera::Context {
        let mut ctx = tera::Context::new();
        ctx.insert("site", self.site);
        ctx.insert("nav", nav);
        ctx.insert(
            "canonical",
            &self
                .config
                .absolute_url(current_url.trim_start_matches(&self.config.base_path)),
        );
        ctx
    }

    /// Renders every page into `sink` as soon as it is ready; returns the paths written.
    fn render_all(&self, theme: &Theme, sink: &Sink) -> (BTreeSet<String>, Vec<Diagnostic>) {
        let tree = self.tree;
        let put = |r: Result<(String, FileBytes), Diagnostic>| {
            r.map(|(p, b)| {
                sink.put(p.clone(), b);
                p
            })
        };
        let results: Vec<Result<String, Diagnostic>> = (0..tree.docs.len())
            .into_par_iter()
            // A page with `redirect_to` is written as a redirect instead (see `redirects`).
            .filter(|&i| tree.docs[i].front.redirect_to.is_none())
            .map(|i| {
                if let Some(p) = self.progress {
                    p.tick();
                }
                put(self.render_doc(theme, i))
            })
            .chain(
                (0..tree.sections.len())
                    .into_par_iter()
                    .filter(|&s| tree.sections[s].index_doc.is_none())
                    .map(|s| put(self.render_section_without_index(theme, s))),
            )
            .collect();
        let mut written = BTreeSet::new();
        let mut diags = Vec::new();
        for r in results
            .into_iter()
            .chain(self.indexes_cached(theme).into_iter().map(put))
        {
            match r {
                Ok(p) => {
                    written.insert(p);
                }
                Err(d) => diags.push(d),
            }
        }
        for (path, target, title, span) in self.redirects() {
            if written.contains(&path) {
                diags.push(alias_collision(&path, span));
                continue;
            }
            let mut ctx = tera::Context::new();
            ctx.insert("site", self.site);
            ctx.insert("target", &target);
            ctx.insert("title", title);
            match theme.render("redirect.html", &ctx) {
                Ok(html) => {
                    sink.put(path.clone(), html.into_bytes());
                    written.insert(path);
                }
                Err(d) => diags.push(d),
            }
        }
        (written, diags)
    }

    /// `atlas check`: what rendering the pages would report, without rendering them all.
    /// Every page's template must exist; one note, one section and every page with a
    /// template of its own are rendered to try the templates; aliases must not collide
    /// with pages. Returns the paths a build would write and the problems.
    fn check_pages(&self, theme: &Theme) -> (BTreeSet<String>, Vec<Diagnostic>) {
        let tree = self.tree;
        let mut diags = Vec::new();
        let mut written: BTreeSet<String> = BTreeSet::new();
        let first = |kind: DocKind| tree.docs.iter().position(|d| d.kind == kind);
        let tried = [first(DocKind::Note), first(DocKind::Section)];
        for (i, doc) in tree.docs.iter().enumerate() {
            if doc.front.template.is_some() || tried.contains(&Some(i)) {
                match self.render_doc(theme, i) {
                    Ok((p, _)) => {
                        written.insert(p);
                    }
                    Err(d) => diags.push(d),
                }
                continue;
            }
            let template = self.template_name(i);
            if theme.has(template) {
                written.insert(out_path(&doc.url));
            } else {
                diags.push(missing_template(doc, template));
            }
        }
        let mut bare = (0..tree.sections.len()).filter(|&s| tree.sections[s].index_doc.is_none());
        if let Some(s) = bare.next() {
            match self.render_section_without_index(theme, s) {
                Ok((p, _)) => {
                    written.insert(p);
                }
                Err(d) => diags.push(d),
            }
        }
        written.extend(bare.map(|s| out_path(&tree.sections[s].url)));
        written.extend(self.index_paths());
        for (path, _, _, span) in self.redirects() {
            if written.contains(&path) {
                diags.push(alias_collision(&path, span));
            }
        }
        (written, diags)
    }

    /// The template a note or section page is rendered with.
    fn template_name(&self, i: usize) -> &str {
        let doc = &self.tree.docs[i];
        match (&doc.front.template, doc.kind) {
            (Some(t), _) => t.as_str(),
            (None, DocKind::Note) => "note.html",
            (None, DocKind::Section) if self.tree.section_of[i] == 0 => "home.html",
            (None, DocKind::Section) => "section.html",
        }
    }

    /// The tag pages, tag index, A–Z, map and 404, sorted.
    fn index_paths(&self) -> Vec<String> {
        let mut paths: Vec<String> = self
            .tree
            .docs
            .iter()
            .flat_map(|d| {
                d.front
                    .tags
                    .iter()
                    .map(|t| format!("tags/{}/index.html", path_slug(t)))
            })
            .collect();
        paths.extend(
            [
                "tags/index.html",
                "all/index.html",
                "map/index.html",
                "404.html",
            ]
            .map(String::from),
        );
        paths.sort();
        paths.dedup();
        paths
    }

    fn redirects(&self) -> Vec<(String, String, &str, SourceSpan)> {
        let mut out = Vec::new();
        for d in &self.tree.docs {
            for a in d.front.aliases.iter().filter(|a| a.starts_with('/')) {
                let rel = a.trim_matches('/');
                if rel.is_empty() || rel.split('/').any(|p| p == ".." || p == ".") {
                    continue;
                }
                let path = if rel.ends_with(".html") {
                    rel.to_string()
                } else {
                    format!("{rel}/index.html")
                };
                out.push((
                    path,
                    self.url(&d.url),
                    d.title.as_str(),
                    SourceSpan::file(&d.path),
                ));
            }
        }
        for d in &self.tree.docs {
            if let Some(to) = &d.front.redirect_to {
                let target = if crate::links::resolve::is_external(to) {
                    to.clone()
                } else {
                    self.url(to.trim_start_matches('/'))
                };
                out.push((
                    out_path(&d.url),
                    target,
                    d.title.as_str(),
                    SourceSpan::file(&d.path),
                ));
            }
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    fn breadcrumbs(&self, section: usize, include_self: bool) -> Vec<LinkCtx<'_>> {
        let mut chain = self.tree.ancestors(section);
        if !include_self {
            chain.pop();
        }
        chain
            .into_iter()
            .map(|s| LinkCtx {
                title: if s == 0 {
                    self.site.title.as_str()
                } else {
                    self.tree.sections[s].title.as_str()
                },
                url: self.url(&self.tree.sections[s].url),
                description: None,
            })
            .collect()
    }

    /// The JSON-LD breadcrumbs of a page: its ancestors, then the document `doc` itself.
    fn breadcrumbs_ld(&self, crumbs: &[LinkCtx<'_>], doc: Option<usize>) -> String {
        let base = &self.config.base_path;
        let abs = |url: &str| {
            self.config
                .absolute_url(url.strip_prefix(base.as_str()).unwrap_or(url))
        };
        let own = doc.map(|i| {
            (
                self.tree.docs[i].title.as_str(),
                abs(&self.url(&self.tree.docs[i].url)),
            )
        });
        social::meta::breadcrumb_list(crumbs.iter().map(|c| (c.title, abs(&c.url))).chain(own))
    }

    /// What a note's page tells link previews (OpenGraph article data and its card).
    fn social_ctx(&self, i: usize) -> social::meta::SocialCtx<'_> {
        let doc = &self.tree.docs[i];
        let card = self.social_cards.get(i).copied().flatten();
        social::meta::SocialCtx {
            modified: doc.front.last_updated(),
            section: match self.tree.section_of[i] {
                0 => "",
                s => &self.tree.sections[s].title,
            },
            image: card.map(|c| self.config.absolute_url(&c.path())),
            image_alt: match card {
                Some(c) if !c.section.is_empty() => {
                    format!("{} · {} · {}", c.title, c.section, c.site)
                }
                Some(c) => format!("{} · {}", c.title, c.site),
                None => String::new(),
            },
        }
    }

    fn note_count(&self, s: usize) -> usize {
        let sec = &self.tree.sections[s];
        sec.pages.len()
            + sec
                .subsections
                .iter()
                .map(|&c| self.note_count(c))
                .sum::<usize>()
    }

    fn section_lists(&self, s: usize, ctx: &mut tera::Context) {
        let tree = self.tree;
        let sec = &tree.sections[s];
        let pages: Vec<LinkCtx<'_>> = sec
            .pages
            .iter()
            .map(|&p| LinkCtx {
                title: &tree.docs[p].title,
                url: self.url(&tree.docs[p].url),
                description: tree.docs[p].front.description.as_deref(),
            })
            .collect();
        let subsections: Vec<SubsectionCtx<'_>> = sec
            .subsections
            .iter()
            .map(|&c| SubsectionCtx {
                title: &tree.sections[c].title,
                url: self.url(&tree.sections[c].url),
                count: self.note_count(c),
                description: tree.sections[c]
                    .index_doc
                    .and_then(|d| tree.docs[d].front.description.as_deref()),
            })
            .collect();
        ctx.insert("pages", &pages);
        ctx.insert("subsections", &subsections);
    }

    /// What a section page lists (its notes and subsections) and its breadcrumbs.
    fn hash_section_lists(&self, h: &mut crate::cache::PartHasher, s: usize) {
        let tree = self.tree;
        let sec = &tree.sections[s];
        h.part(b"\0section");
        h.word(s as u64);
        for &p in &sec.pages {
            let d = &tree.docs[p];
            h.part(d.title.as_bytes());
            h.part(d.url.as_bytes());
            h.part(d.front.description.as_deref().unwrap_or("\0").as_bytes());
        }
        h.part(b"\0subsections");
        for &c in &sec.subsections {
            let sub = &tree.sections[c];
            h.part(sub.title.as_bytes());
            h.part(sub.url.as_bytes());
            h.word(self.note_count(c) as u64);
            let description = sub
                .index_doc
                .and_then(|d| tree.docs[d].front.description.as_deref());
            h.part(description.unwrap_or("\0").as_bytes());
        }
        h.part(b"\0breadcrumbs");
        for a in tree.ancestors(s) {
            h.part(tree.sections[a].title.as_bytes());
            h.part(tree.sections[a].url.as_bytes());
        }
    }

    /// A hasher holding what every page shows: the theme, the site settings, the sidebar.
    fn page_hasher(&self, theme: &Theme) -> crate::cache::PartHasher {
        let mut h = crate::cache::PartHasher::new();
        for n in [theme.version, self.site_hash, self.nav.fingerprint] {
            h.word(n);
        }
        h
    }

    /// Everything a section page without an `_index.md` shows, hashed.
    fn section_fingerprint(&self, theme: &Theme, s: usize) -> u64 {
        let mut h = self.page_hasher(theme);
        self.hash_section_lists(&mut h, s);
        h.finish()
    }

    /// Everything a note or section page shows, hashed: when it is unchanged the page is too.
    /// (Hashed as it goes: on a large site this runs for every page of every rebuild.)
    fn page_fingerprint(&self, theme: &Theme, i: usize) -> u64 {
        let tree = self.tree;
        let mut h = self.page_hasher(theme);
        h.word(self.render_keys[i]);
        h.word(i as u64);
        for b in &self.graph.incoming[i] {
            h.word(self.cards[b.from]);
            h.part(b.context.as_bytes());
        }
        if let Some(pos) = tree.reading_pos[i] {
            for j in [pos.checked_sub(1), Some(pos + 1)].into_iter().flatten() {
                if let Some(&d) = tree.reading_order.get(j) {
                    h.word(self.cards[d]);
                }
            }
        }
        for s in tree.ancestors(tree.section_of[i]) {
            h.part(tree.sections[s].title.as_bytes());
        }
        // Link previews show the targets' text; the graph shows neighbours' titles.
        for (_, t, _) in &self.doc_links[i].edges {
            h.word(self.render_keys[*t]);
        }
        for j in graph::neighbours(self.graph, i) {
            h.word(self.cards[j]);
        }
        if tree.docs[i].kind == DocKind::Section {
            self.hash_section_lists(&mut h, tree.section_of[i]);
        }
        h.finish()
    }

    fn render_doc(&self, theme: &Theme, i: usize) -> Result<(String, FileBytes), Diagnostic> {
        let tree = self.tree;
        let doc = &tree.docs[i];
        let section = tree.section_of[i];
        let url = self.url(&doc.url);
        // A page with its own template may show anything, so it is always rendered.
        let cacheable = doc.front.template.is_none();
        let fingerprint = match self.cache {
            Some((cache, generation)) if cacheable => {
                let fp = self.page_fingerprint(theme, i);
                if let Some(bytes) = cache.page(&doc.url, fp, generation) {
                    return Ok((out_path(&doc.url), bytes));
                }
                Some(fp)
            }
            _ => None,
        };
        let nav = self.nav.for_page(section, Some(i), &url);
        let mut ctx = self.context_with_nav(&nav, &url);
        let rendered = &self.rendered[i];
        let edit_url = self.config.site.repository.as_ref().map(|r| {
            format!(
                "{}/edit/{}/content/{}",
                r.trim_end_matches('/'),
                self.config.site.repository_branch,
                doc.rel
            )
        });
        let words = self.parsed[i].words;
        let page = PageCtx {
            title: &doc.title,
            description: doc.front.description.as_deref().unwrap_or(""),
            url: url.clone(),
            content: &rendered.html,
            toc: &rendered.toc,
            tags: doc
                .front
                .tags
                .iter()
                .map(|t| TagCtx {
                    name: t,
                    url: self.url(&format!("tags/{}/", path_slug(t))),
                })
                .collect(),
            aliases: doc
                .front
                .aliases
                .iter()
                .filter(|a| !a.starts_with('/'))
                .map(String::as_str)
                .collect(),
            sources: &doc.front.sources,
            updated: doc.front.last_updated(),
            date: doc.front.date.as_ref().map(|d| d.day()),
            words,
            reading_minutes: words.div_ceil(230).max(1),
            edit_url,
            extra: &doc.front.extra,
            image: doc.front.image.as_deref(),
        };
        ctx.insert("page", &page);
        ctx.insert("has_math", &rendered.has_math);
        ctx.insert("has_mermaid", &rendered.has_mermaid);
        ctx.insert("has_code", &rendered.has_code);
        let backlinks: Vec<BacklinkCtx<'_>> = self.graph.incoming[i]
            .iter()
            .map(|b| BacklinkCtx {
                title: &tree.docs[b.from].title,
                url: self.url(&tree.docs[b.from].url),
                context: &b.context,
            })
            .collect();
        ctx.insert("backlinks", &backlinks);
        if doc.kind == DocKind::Note {
            let infos: Vec<&markdown::DocInfo> = self.parsed.iter().map(|p| &*p.info).collect();
            let dl = &self.doc_links[i];
            let links = dl
                .edges
                .iter()
                .map(|(n, t, a)| (dl.resolved[*n].href.clone(), *t, a.clone()));
            ctx.insert(
                "previews_json",
                &previews::previews_json(tree, &infos, links),
            );
            ctx.insert(
                "local_graph",
                &graph::local_graph(tree, self.graph, i, &self.config.base_path),
            );
        }
        let template = match (&doc.front.template, doc.kind) {
            (Some(t), _) => t.as_str(),
            (None, DocKind::Note) => {
                let pos = tree.reading_pos[i];
                let link = |j: usize| LinkCtx {
                    title: &tree.docs[j].title,
                    url: self.url(&tree.docs[j].url),
                    description: None,
                };
                let prev = pos
                    .and_then(|p| p.checked_sub(1))
                    .map(|p| link(tree.reading_order[p]));
                let next = pos
                    .and_then(|p| tree.reading_order.get(p + 1))
                    .map(|&j| link(j));
                ctx.insert("prev", &prev);
                ctx.insert("next", &next);
                let crumbs = self.breadcrumbs(section, true);
                ctx.insert("breadcrumbs_ld", &self.breadcrumbs_ld(&crumbs, Some(i)));
                ctx.insert("breadcrumbs", &crumbs);
                ctx.insert("social", &self.social_ctx(i));
                "note.html"
            }
            (None, DocKind::Section) => {
                self.section_lists(section, &mut ctx);
                let crumbs = self.breadcrumbs(section, false);
                if section != 0 {
                    ctx.insert("breadcrumbs_ld", &self.breadcrumbs_ld(&crumbs, Some(i)));
                }
                ctx.insert("breadcrumbs", &crumbs);
                if section == 0 {
                    "home.html"
                } else {
                    "section.html"
                }
            }
        };
        if !theme.has(template) {
            return Err(missing_template(doc, template));
        }
        let html: FileBytes = Arc::new(theme.render(template, &ctx)?.into_bytes());
        if let (Some((cache, generation)), Some(fp)) = (self.cache, fingerprint) {
            cache.put_page(doc.url.clone(), fp, html.clone(), generation);
            // Keep the note's body as a range of this page, not a second copy.
            if let Some(shared) = rendered.html.within(&html) {
                let doc = RenderedDoc {
                    html: shared,
                    ..(**rendered).clone()
                };
                cache.put_render(self.render_keys[i], Arc::new(doc), generation);
            }
        }
        Ok((out_path(&doc.url), html))
    }

    fn render_section_without_index(
        &self,
        theme: &Theme,
        s: usize,
    ) -> Result<(String, FileBytes), Diagnostic> {
        let sec = &self.tree.sections[s];
        let fingerprint = self.cache.map(|(cache, generation)| {
            let fp = self.section_fingerprint(theme, s);
            (cache, generation, fp, cache.page(&sec.url, fp, generation))
        });
        if let Some((_, _, _, Some(bytes))) = fingerprint {
            return Ok((out_path(&sec.url), bytes));
        }
        let url = self.url(&sec.url);
        let mut ctx = self.base_context(s, None, &url);
        let no_extra = serde_json::Map::new();
        let page = PageCtx {
            title: if s == 0 { &self.site.title } else { &sec.title },
            description: if s == 0 { &self.site.description } else { "" },
            url: url.clone(),
            content: "",
            toc: &[],
            tags: Vec::new(),
            aliases: Vec::new(),
            sources: &[],
            updated: None,
            date: None,
            words: 0,
            reading_minutes: 0,
            edit_url: None,
            extra: &no_extra,
            image: None,
        };
        ctx.insert("page", &page);
        ctx.insert("breadcrumbs", &self.breadcrumbs(s, false));
        self.section_lists(s, &mut ctx);
        let html = theme.render(if s == 0 { "home.html" } else { "section.html" }, &ctx)?;
        let html: FileBytes = Arc::new(html.into_bytes());
        if let Some((cache, generation, fp, None)) = fingerprint {
            cache.put_page(sec.url.clone(), fp, html.clone(), generation);
        }
        Ok((out_path(&sec.url), html))
    }

    /// The tag pages, tag index, A–Z and 404: reused from the cache when no note's
    /// title, URL, description, tags or aliases changed.
    fn indexes_cached(&self, theme: &Theme) -> Vec<Result<(String, FileBytes), Diagnostic>> {
        let Some((cache, generation)) = self.cache else {
            return self.render_indexes(theme);
        };
        let mut h = self.page_hasher(theme);
        for &i in &self.tree.reading_order {
            let d = &self.tree.docs[i];
            h.part(d.title.as_bytes());
            h.part(d.url.as_bytes());
            h.part(d.front.description.as_deref().unwrap_or("\0").as_bytes());
            h.part(b"\0tags");
            for t in &d.front.tags {
                h.part(t.as_bytes());
            }
            h.part(b"\0aliases");
            for a in &d.front.aliases {
                h.part(a.as_bytes());
            }
        }
        for outs in &self.graph.outgoing {
            h.part(b"\0out");
            for &o in outs {
                h.word(o as u64);
            }
        }
        let fp = h.finish();
        let paths = self.index_paths();
        let key = |p: &str| format!("\0index:{p}");
        let hits: Option<Vec<_>> = paths
            .iter()
            .map(|p| {
                cache
                    .page(&key(p), fp, generation)
                    .map(|b| Ok((p.clone(), b)))
            })
            .collect();
        if let Some(hits) = hits {
            return hits;
        }
        let out = self.render_indexes(theme);
        for (p, bytes) in out.iter().flatten() {
            cache.put_page(key(p), fp, bytes.clone(), generation);
        }
        out
    }

    fn render_indexes(&self, theme: &Theme) -> Vec<Result<(String, FileBytes), Diagnostic>> {
        let tree = self.tree;
        let mut out = Vec::new();
        // Tags.
        let mut tags: BTreeMap<String, (&str, Vec<usize>)> = BTreeMap::new();
        for &i in &tree.reading_order {
            for t in &tree.docs[i].front.tags {
                tags.entry(path_slug(t))
                    .or_insert((&**t, Vec::new()))
                    .1
                    .push(i);
            }
        }
        #[derive(Serialize)]
        struct TagEntry<'a> {
            name: &'a str,
            url: String,
            count: usize,
        }
        for (slug, (name, docs)) in &tags {
            let url = self.url(&format!("tags/{slug}/"));
            let mut ctx = self.base_context(0, None, &url);
            let pages: Vec<LinkCtx<'_>> = docs
                .iter()
                .map(|&i| LinkCtx {
                    title: &tree.docs[i].title,
                    url: self.url(&tree.docs[i].url),
                    description: tree.docs[i].front.description.as_deref(),
                })
                .collect();
            ctx.insert(
                "tag",
                &TagEntry {
                    name,
                    url: url.clone(),
                    count: docs.len(),
                },
            );
            ctx.insert("pages", &pages);
            out.push(
                theme
                    .render("tag.html", &ctx)
                    .map(|h| (format!("tags/{slug}/index.html"), Arc::new(h.into_bytes()))),
            );
        }
        let entries: Vec<TagEntry<'_>> = tags
            .iter()
            .map(|(slug, (name, docs))| TagEntry {
                name,
                url: self.url(&format!("tags/{slug}/")),
                count: docs.len(),
            })
            .collect();
        let url = self.url("tags/");
        let mut ctx = self.base_context(0, None, &url);
        ctx.insert("tags", &entries);
        out.push(
            theme
                .render("tags.html", &ctx)
                .map(|h| ("tags/index.html".to_string(), Arc::new(h.into_bytes()))),
        );

        // A–Z of notes and aliases.
        let mut az: Vec<AzEntry<'_>> = Vec::new();
        for d in tree.docs.iter().filter(|d| d.kind == DocKind::Note) {
            az.push(AzEntry {
                name: &d.title,
                url: self.url(&d.url),
                target: None,
            });
            for a in d.front.aliases.iter().filter(|a| !a.starts_with('/')) {
                az.push(AzEntry {
                    name: a,
                    url: self.url(&d.url),
                    target: Some(&d.title),
                });
            }
        }
        az.sort_by(|a, b| (a.name.to_lowercase(), a.name).cmp(&(b.name.to_lowercase(), b.name)));
        let mut groups: Vec<AzGroup<'_>> = Vec::new();
        for e in &az {
            let first = e
                .name
                .chars()
                .next()
                .map(|c| c.to_uppercase().collect::<String>())
                .unwrap_or_default();
            let letter = if first.chars().all(char::is_alphabetic) {
                first
            } else {
                "#".to_string()
            };
            if groups.last().is_none_or(|g| g.letter != letter) {
                let id = if letter == "#" {
                    "other".to_string()
                } else {
                    path_slug(&letter)
                };
                groups.push(AzGroup {
                    letter: letter.clone(),
                    id,
                    entries: Vec::new(),
                });
            }
            groups.last_mut().expect("group").entries.push(e.clone());
        }
        let url = self.url("all/");
        let mut ctx = self.base_context(0, None, &url);
        ctx.insert("entries", &az);
        ctx.insert("groups", &groups);
        out.push(
            theme
                .render("all.html", &ctx)
                .map(|h| ("all/index.html".to_string(), Arc::new(h.into_bytes()))),
        );

        let url = self.url("map/");
        let mut ctx = self.base_context(0, None, &url);
        ctx.insert(
            "section_map",
            &section_map::section_map(tree, self.graph, &self.config.base_path),
        );
        ctx.insert("links_per_section", &section_map::LINKS_PER_SECTION);
        out.push(
            theme
                .render("map.html", &ctx)
                .map(|h| ("map/index.html".to_string(), Arc::new(h.into_bytes()))),
        );

        let url = self.url("404.html");
        let ctx = self.base_context(0, None, &url);
        out.push(
            theme
                .render("404.html", &ctx)
                .map(|h| ("404.html".to_string(), Arc::new(h.into_bytes()))),
        );
        out
    }
}
