//! The build pipeline: the order of the stages, their timings and the `Build` result.
//! Each stage is a verb of the module that owns it, taking the previous stage's type:
//!
//! `content::load` → `Content` → `markdown::parse_all` → `Analysed` →
//! `links::resolve_all` → `Linked` → `markdown::render_all` → `Rendered` →
//! `templates::render_pages` → pages (a one-off build renders each note as its page is
//! written: `RenderedNotes::OnDemand`, reported as the `render_pages` stage) → `social::draw_cards` → cards →
//! `search::build` → index files → theme files, assets and feeds → `output::Collector`
//! (every file written once, streamed to the sink) → `Build`.

mod result;
mod timer;

pub use result::{Build, BuildError, BuildOptions, BuildReport};
pub use timer::{Clock, StageTime};

use crate::check::focus;
use timer::Timer;

use crate::cache::BuildCache;
use crate::config::SiteConfig;
use crate::content::{self, Content, LoadOptions};
use crate::diagnostics::{Diagnostic, Kind};
use crate::highlight::Highlighter;
use crate::links::{self, Targets};
use crate::markdown::{
    self, Analysed, LazyRender, RenderInput, RenderOptions, Rendered, RenderedNotes,
};
use crate::output::{Collector, Sink};
use crate::progress::Progress;
use crate::search::SearchInput;
use crate::social;
use crate::templates::context::SiteCtx;
use crate::templates::{self, site_files, Memos, PageInput};

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

/// Reports the start of a stage of `total` steps, when someone is watching.
fn stage(progress: Option<&Progress>, name: &'static str, total: usize) {
    if let Some(p) = progress {
        p.stage(name, total);
    }
}

fn run_stages(
    config: &SiteConfig,
    highlighter: &Highlighter,
    generation: u64,
    opts: BuildOptions<'_>,
) -> Result<Build, BuildError> {
    let (cache, progress, g) = (opts.cache, opts.progress, generation);
    let site = &config.site;
    let mut timer = Timer::new();
    let mut diags: Vec<Diagnostic> = Vec::new();

    stage(progress, "read", 0);
    let Content { source, tree } = load_content(config, &opts, g, &mut diags);
    timer.lap("load");

    stage(progress, "parse", tree.docs.len());
    let md_options = markdown::options(site.markdown.math, site.markdown.smart_punctuation);
    let render_options = |check_only| RenderOptions {
        highlighter,
        raw_html: site.markdown.raw_html(),
        check_only,
        diagrams: cache.map(|c| (&c.diagrams, g)),
    };
    let lint = opts.check_only.then(|| render_options(true));
    let parse_memo = cache.map(|c| (&c.parses, g));
    // `atlas check --changed`: the notes whose links are resolved, the others unparsed.
    let focus = opts
        .focus
        .filter(|_| opts.check_only)
        .map(|changed| focus::docs(&tree, changed));
    let only = focus.as_deref();
    let mut analysed = markdown::parse_all(&tree, md_options, lint, parse_memo, progress, only);
    timer.lap("parse");

    let (statics, d) = templates::static_files(&config.root, site.build.symlinks);
    diags.extend(d);
    let target_files = link_target_files(&statics);
    let targets = Targets {
        source: &source,
        files: &target_files,
        base: &config.base_path,
        root: &config.root,
    };
    let link_memo = cache.map(|c| (&c.links, g));
    let broken = site.links.broken;
    let resolve = |analysed: &Analysed<'_>| {
        let (parsed, hashes) = (&analysed.docs, &analysed.text_hashes);
        links::resolve_all(&tree, parsed, hashes, targets, broken, link_memo, only)
    };
    let mut linked = resolve(&analysed);
    // Anchors come from headings: parse what the focused notes link to, and resolve again.
    if let Some(wanted) = focus
        .as_ref()
        .and_then(|f| focus::with_link_targets(f, &linked))
    {
        let with = Some(wanted.as_slice());
        analysed = markdown::parse_all(&tree, md_options, lint, parse_memo, progress, with);
        linked = resolve(&analysed);
    }
    let Analysed {
        docs: parsed,
        text_hashes,
    } = &analysed;
    diags.extend(parsed.iter().flat_map(|p| p.diags.iter().cloned()));
    diags.extend(linked.docs.iter().flat_map(|d| d.diags.iter().cloned()));
    timer.lap("links");

    // A one-off build renders each note as its page is written (only the pages in
    // flight hold their HTML); the dev server renders all first, through its memo.
    let resolved: Vec<&[markdown::ResolvedLink]> =
        linked.docs.iter().map(|d| d.resolved.as_slice()).collect();
    let render_input = RenderInput {
        options: md_options,
        render: render_options(false),
        resolved: &resolved,
        renamed: &linked.renamed,
        text_hashes,
    };
    let (ready, lazy);
    let notes = if opts.check_only {
        ready = Rendered::blank(tree.docs.len());
        RenderedNotes::Ready(&ready)
    } else if let Some(c) = cache {
        stage(progress, "render", tree.docs.len());
        let memo = Some((&c.renders, g));
        ready = markdown::render_all(&tree, parsed, render_input, memo, progress);
        diags.extend(ready.docs.iter().flat_map(|r| r.diags.iter().cloned()));
        timer.lap("render");
        RenderedNotes::Ready(&ready)
    } else {
        lazy = LazyRender::new(&tree, parsed, render_input);
        RenderedNotes::OnDemand(&lazy)
    };

    let memory = Sink::memory();
    let sink = opts.sink.unwrap_or(&memory);
    let mut out = Collector::new(sink);
    stage(progress, "templates", 0);
    let site_ctx = SiteCtx::new(config, &statics);
    let cards = social::cards_of(&tree, &site.title, site.social.cards);
    let pages = PageInput {
        config,
        tree: &tree,
        parsed,
        rendered: &notes,
        linked: &linked,
        site: &site_ctx,
        cards: &cards,
        memo: cache.map(|c| (page_memos(c), g)),
        progress,
    };
    let (paths, d) = templates::render_pages(pages, opts.check_only, sink);
    diags.extend(d);
    out.record(paths);
    if let RenderedNotes::OnDemand(lazy) = &notes {
        diags.extend(lazy.take_diagnostics());
        timer.lap("render_pages");
    } else {
        timer.lap("templates");
    }
    // Nothing big outlives the pages: a one-off build rendered each note as its page
    // was written, and the dev server's rendered notes live in its memo.

    stage(progress, "social", 0);
    if !opts.check_only {
        let memo = cache.map(|c| (&c.cards, g));
        let drawn = social::draw_cards(&tree, &cards, memo, &config.output);
        diags.extend(drawn.diagnostics);
        out.put_all(drawn.files);
    }
    timer.lap("social");

    stage(progress, "search", 0);
    let search = SearchInput::of(&tree, parsed, &linked.graph.anchor_texts, &config.base_path);
    search_index(config, &opts, &search, &mut out, &mut diags);
    timer.lap("search");

    out.put_all(site_files::theme_files(config, statics, &mut diags));
    let assets = content::assets::read_assets(&source, opts.check_only, &mut diags);
    out.put_all(assets);
    out.put_all(site_files::feeds(config, &tree));
    timer.lap("assets");

    let report = BuildReport::new(&tree, &analysed, &linked, out.written());
    let mut build = Build::assemble(config, &opts, (&tree, parsed, &linked), diags, search);
    build.files = memory.into_files();
    build.report = report.finish(timer, &build.files);
    Ok(build)
}

/// The files besides notes that links may point at: the site's static files and the
/// files Atlas generates.
fn link_target_files(statics: &std::collections::BTreeMap<String, Vec<u8>>) -> Vec<&str> {
    (statics.keys().map(String::as_str))
        .chain(site_files::GENERATED)
        .collect()
}

/// The dev server's memos the templates stage reads and refreshes.
fn page_memos(cache: &BuildCache) -> Memos<'_> {
    Memos {
        pages: &cache.pages,
        renders: &cache.renders,
    }
}

/// The search stage: the static index of `search`'s notes, unless search is off or
/// nothing is written.
fn search_index(
    config: &SiteConfig,
    opts: &BuildOptions<'_>,
    search: &SearchInput,
    out: &mut Collector<'_>,
    diags: &mut Vec<Diagnostic>,
) {
    let site = &config.site;
    if !site.search.enabled || opts.skip_search_index || opts.check_only {
        return;
    }
    let memo = opts.cache.map(|c| &c.search);
    match crate::search::build(search, site.search.shard_bytes, memo) {
        Ok(files) => out.put_all(files),
        Err(e) => diags.push(Diagnostic::error(
            Kind::Io,
            None,
            format!("search index: {e}"),
        )),
    }
}

/// The content stage, then other tools' embeds expanded into the embedding notes and
/// every note's front-matter keys checked.
fn load_content(
    config: &SiteConfig,
    opts: &BuildOptions<'_>,
    generation: u64,
    diags: &mut Vec<Diagnostic>,
) -> Content {
    let load = LoadOptions {
        changed: opts.changed,
        // Dates only matter to pages and to the staleness check.
        dates: !opts.check_only || config.stale_days.is_some(),
    };
    let memo = opts.cache.map(|c| (&c.sources, generation));
    let mut content = content::load(config, load, memo, diags);
    diags.extend(crate::conventions::embed::expand_all(
        &mut content.tree,
        &config.root.join("content"),
    ));
    let level = config.site.check.unknown_front_matter;
    for d in &content.tree.docs {
        diags.extend(content::keys::diagnostics(d, level));
    }
    content
}
