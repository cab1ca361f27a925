//! The templates stage: every page of the site (notes, sections, indexes, redirects)
//! rendered with the theme, each reused from the memo while what it shows is unchanged.
//! `atlas check` only tries the templates on a few pages.

use super::context::*;
use super::{nav, Theme};
use crate::config::SiteConfig;
use crate::content::{ContentTree, DocKind};
use crate::diagnostics::{Diagnostic, Kind, SourceSpan};
use crate::highlight::memo::TokenMemo;
use crate::links::{DocLinks, LinkGraph, Linked};
use crate::markdown::{ParsedDoc, RenderMemo, RenderedDoc, RenderedNotes};
use crate::memo::{hash_parts, Memo};
use crate::output::{FileBytes, Sink};
use crate::progress::Progress;
use crate::social;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::sync::Arc;

/// Pages by output path: the fingerprint of what each showed, and its bytes.
#[derive(Debug, Default)]
pub struct PageMemo {
    pages: Memo<String, (u64, FileBytes)>,
}

impl PageMemo {
    /// Drops the pages the build of `generation` did not use.
    pub fn prune(&self, generation: u64) {
        self.pages.prune(generation);
    }

    /// Number of pages remembered.
    pub fn len(&self) -> usize {
        self.pages.len()
    }

    /// True when no page is remembered.
    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }
}

/// The memos the templates stage reads and fills: its pages and the render memo, both
/// packed once a page is built (the dev server holds every page and every note body).
#[derive(Debug, Clone, Copy)]
pub struct Memos<'a> {
    /// Pages by path.
    pub pages: &'a PageMemo,
    /// Rendered notes by render key.
    pub renders: &'a RenderMemo,
}

impl Memos<'_> {
    /// A page's bytes if its fingerprint is unchanged.
    pub(super) fn page(&self, path: &str, fingerprint: u64, generation: u64) -> Option<FileBytes> {
        self.pages
            .pages
            .get(path, generation)
            .filter(|(f, _)| *f == fingerprint)
            .map(|(_, b)| b)
    }

    /// Remembers a page, packed (see [`crate::output::packed`]); returns the packed
    /// bytes, which the dev server serves from.
    pub(super) fn put_page(
        &self,
        path: String,
        fingerprint: u64,
        bytes: &[u8],
        generation: u64,
    ) -> FileBytes {
        let packed: FileBytes = Arc::new(crate::output::packed::pack(bytes));
        self.pages
            .pages
            .put(path, (fingerprint, packed.clone()), generation);
        packed
    }

    /// Replaces a rendered note (by render key).
    pub(super) fn put_render(&self, key: u64, r: Arc<RenderedDoc>, generation: u64) {
        self.renders.put(key, r, generation);
    }
}

/// What the templates stage reads.
#[derive(Debug, Clone, Copy)]
pub struct PageInput<'a> {
    /// The site.
    pub config: &'a SiteConfig,
    /// Sections and documents.
    pub tree: &'a ContentTree,
    /// Every document analysed.
    pub parsed: &'a [ParsedDoc<'a>],
    /// Every document rendered, or rendered as its page is.
    pub rendered: &'a RenderedNotes<'a>,
    /// Links and the graph.
    pub linked: &'a Linked,
    /// What every template sees as `site`.
    pub site: &'a SiteCtx,
    /// Per document, its social card when it has one.
    pub cards: &'a [Option<social::Card<'a>>],
    /// Pages of earlier builds (the dev server's), with the build generation.
    pub memo: Option<(Memos<'a>, u64)>,
    /// Where to report progress.
    pub progress: Option<&'a Progress>,
}

/// Renders every page with the site's theme into `sink` (or, `check_only`, tries the
/// templates on a few pages and lists the paths a build would write). Returns the
/// paths and the problems; a theme that does not load is a problem, not a failure.
pub fn render_pages(
    input: PageInput<'_>,
    check_only: bool,
    sink: &Sink,
) -> (BTreeSet<String>, Vec<Diagnostic>) {
    let config = input.config;
    let (theme, mut diags) = match Theme::load(&config.root, config.site.build.symlinks) {
        Ok(loaded) => loaded,
        Err(d) => return (BTreeSet::new(), d),
    };
    if let Some(p) = input.progress {
        p.stage("templates", input.tree.docs.len());
    }
    let pages = PageBuilder::new(input);
    let (paths, d) = if check_only {
        pages.check_pages(&theme)
    } else {
        pages.render_all(&theme, sink)
    };
    diags.extend(d);
    (paths, diags)
}

pub(super) struct PageBuilder<'a> {
    pub(super) config: &'a SiteConfig,
    pub(super) tree: &'a ContentTree,
    pub(super) parsed: &'a [ParsedDoc<'a>],
    pub(super) rendered: &'a RenderedNotes<'a>,
    pub(super) render_keys: &'a [u64],
    /// Per document, a hash of how other pages show it (title and URL).
    pub(super) cards: Vec<u64>,
    pub(super) doc_links: &'a [Arc<DocLinks>],
    pub(super) site_hash: u64,
    pub(super) cache: Option<(Memos<'a>, u64)>,
    pub(super) progress: Option<&'a Progress>,
    pub(super) graph: &'a LinkGraph,
    pub(super) site: &'a SiteCtx,
    pub(super) nav: nav::Nav<'a>,
    /// Per document, its social card when it has one.
    pub(super) social_cards: &'a [Option<social::Card<'a>>],
}

/// Marks the documents whose pages `atlas check` renders to try the theme: the first
/// note, the first section and every document with its own template.
pub fn rendered_by_check(tree: &ContentTree) -> Vec<bool> {
    let first = |kind: DocKind| tree.docs.iter().position(|d| d.kind == kind);
    let tried = [first(DocKind::Note), first(DocKind::Section)];
    (0..tree.docs.len())
        .map(|i| tree.docs[i].front.template.is_some() || tried.contains(&Some(i)))
        .collect()
}

/// The output path of the page at `url`.
pub(super) fn out_path(url: &str) -> String {
    format!("{url}index.html")
}

impl<'a> PageBuilder<'a> {
    fn new(input: PageInput<'a>) -> PageBuilder<'a> {
        let tree = input.tree;
        PageBuilder {
            config: input.config,
            tree,
            parsed: input.parsed,
            rendered: input.rendered,
            render_keys: input.rendered.keys(),
            cards: tree
                .docs
                .par_iter()
                .map(|d| hash_parts([d.title.as_bytes(), d.url.as_bytes()]))
                .collect(),
            doc_links: &input.linked.docs,
            graph: &input.linked.graph,
            site: input.site,
            site_hash: hash_parts([format!("{:?}{:?}", input.config.site, input.site).as_bytes()]),
            nav: nav::Nav::new(tree, &input.config.base_path),
            cache: input.memo,
            progress: input.progress,
            social_cards: input.cards,
        }
    }
}

/// A page names a template the theme does not have.
pub(super) fn missing_template(doc: &crate::content::SourceDoc, template: &str) -> Diagnostic {
    Diagnostic::error(
        Kind::Template,
        Some(SourceSpan::file(&doc.path)),
        format!("template `{template}` does not exist"),
    )
}

/// An alias whose redirect page would overwrite a page.
pub(super) fn alias_collision(path: &str, span: SourceSpan) -> Diagnostic {
    Diagnostic::warning(
        Kind::UrlCollision,
        Some(span),
        format!(
            "alias `/{}` is also the URL of a page; no redirect written",
            path.trim_end_matches("index.html")
        ),
    )
}

impl PageBuilder<'_> {
    pub(super) fn url(&self, rel: &str) -> String {
        format!("{}{rel}", self.config.base_path)
    }

    pub(super) fn base_context(
        &self,
        section: usize,
        doc: Option<usize>,
        current_url: &str,
    ) -> tera::Context {
        self.context_with_nav(&self.nav.for_page(section, doc, current_url), current_url)
    }

    pub(super) fn context_with_nav(&self, nav: &str, current_url: &str) -> tera::Context {
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
    pub(super) fn render_all(
        &self,
        theme: &Theme,
        sink: &Sink,
    ) -> (BTreeSet<String>, Vec<Diagnostic>) {
        let tree = self.tree;
        let put = |r: Result<(String, FileBytes), Diagnostic>| {
            r.map(|(p, b)| {
                sink.put(p.clone(), b);
                p
            })
        };
        // A page with `redirect_to` is written as a redirect instead (see `redirects`).
        let notes: Vec<usize> = (0..tree.docs.len())
            .filter(|&i| tree.docs[i].front.redirect_to.is_none())
            .collect();
        // One line-tokenizing memo for every page, shared by the threads. The index
        // pages (a tag page lists hundreds of notes) render alongside.
        let memo = TokenMemo::new();
        let (mut results, indexes) = rayon::join(
            || {
                notes
                    .par_iter()
                    .map(|&i| {
                        if let Some(p) = self.progress {
                            p.tick();
                        }
                        put(self.render_doc(theme, i, &memo))
                    })
                    .collect::<Vec<_>>()
            },
            || self.indexes_cached(theme),
        );
        // Hundreds of thousands of parser states: freed beside the stages that follow
        // (or here, if no thread can be started).
        let _ = std::thread::Builder::new()
            .name("atlas-free-memo".into())
            .spawn(move || drop(memo));
        results.par_extend(
            (0..tree.sections.len())
                .into_par_iter()
                .filter(|&s| tree.sections[s].index_doc.is_none())
                .map(|s| put(self.render_section_without_index(theme, s))),
        );
        let mut written = BTreeSet::new();
        let mut diags = Vec::new();
        for r in results.into_iter().chain(indexes.into_iter().map(put)) {
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
    pub(super) fn check_pages(&self, theme: &Theme) -> (BTreeSet<String>, Vec<Diagnostic>) {
        let tree = self.tree;
        let mut diags = Vec::new();
        let mut written: BTreeSet<String> = BTreeSet::new();
        let tried = rendered_by_check(tree);
        for (i, doc) in tree.docs.iter().enumerate() {
            if tried[i] {
                match self.render_doc(theme, i, &TokenMemo::new()) {
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
    pub(super) fn template_name(&self, i: usize) -> &str {
        let doc = &self.tree.docs[i];
        match (&doc.front.template, doc.kind) {
            (Some(t), _) => t.as_str(),
            (None, DocKind::Note) => "note.html",
            (None, DocKind::Section) if self.tree.section_of[i] == 0 => "home.html",
            (None, DocKind::Section) => "section.html",
        }
    }

    pub(super) fn redirects(&self) -> Vec<(String, String, &str, SourceSpan)> {
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
}
