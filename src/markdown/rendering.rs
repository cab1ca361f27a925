//! The render stage: every note's HTML from its text and its resolved links, keyed so
//! that the dev server re-renders only notes whose text or link targets changed.

use super::{render, tokenize, ParsedDoc, RenderOptions, RenderedDoc, ResolvedLink};
use crate::config::RawHtml;
use crate::content::ContentTree;
use crate::diagnostics::Diagnostic;
use crate::highlight::memo::TokenMemo;
use crate::memo::{hash_parts, InBuild, Memo};
use crate::progress::Progress;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// Rendered notes by render key (see [`render_key`]).
pub type RenderMemo = Memo<u64, Arc<RenderedDoc>>;

/// Every note rendered, in tree order.
#[derive(Debug)]
pub struct Rendered {
    /// One per document of the tree.
    pub docs: Vec<Arc<RenderedDoc>>,
    /// One per document: what its HTML depends on, hashed.
    pub keys: Vec<u64>,
}

impl Rendered {
    /// `n` empty renders (`atlas check` renders nothing).
    pub fn blank(n: usize) -> Rendered {
        let nothing = Arc::new(RenderedDoc::default());
        Rendered {
            docs: vec![nothing; n],
            keys: vec![0; n],
        }
    }
}

/// What one note's HTML depends on: its text, the raw HTML policy, its renamed anchors
/// and how each of its links resolved.
pub fn render_key(
    text_hash: u64,
    raw_html: RawHtml,
    renamed: &BTreeMap<String, String>,
    resolved: &[ResolvedLink],
) -> u64 {
    let th = text_hash.to_le_bytes();
    let raw_html: &[u8] = match raw_html {
        RawHtml::Sanitize => b"s",
        RawHtml::Allow => b"-",
        RawHtml::Escape => b"e",
    };
    let mut parts: Vec<&[u8]> = vec![&th, raw_html];
    for (old, new) in renamed {
        parts.push(old.as_bytes());
        parts.push(new.as_bytes());
    }
    for r in resolved {
        parts.push(r.href.as_bytes());
        parts.push(if r.broken { b"b" } else { b"-" });
        parts.push(r.label.as_deref().unwrap_or("").as_bytes());
    }
    hash_parts(parts)
}

/// What rendering reads besides the tree and the analyses.
#[derive(Debug, Clone, Copy)]
pub struct RenderInput<'a> {
    /// The markdown extensions the notes were parsed with.
    pub options: pulldown_cmark::Options,
    /// Highlighter and raw-HTML policy.
    pub render: RenderOptions<'a>,
    /// Per document, each link's resolution (in the order of its `links`).
    pub resolved: &'a [&'a [ResolvedLink]],
    /// Per document, renamed anchors (old id → new id).
    pub renamed: &'a [BTreeMap<String, String>],
    /// Per document, the hash of its path and text.
    pub text_hashes: &'a [u64],
}

/// Renders every document of `tree`, reusing the memo's HTML for unchanged keys.
pub fn render_all(
    tree: &ContentTree,
    parsed: &[ParsedDoc<'_>],
    input: RenderInput<'_>,
    memo: InBuild<'_, RenderMemo>,
    progress: Option<&Progress>,
) -> Rendered {
    let keys = render_keys(tree, input);
    // One line-tokenizing memo for the whole loop, shared by its threads.
    let tokens = &TokenMemo::new();
    let docs: Vec<Arc<RenderedDoc>> = (0..tree.docs.len())
        .into_par_iter()
        .map(|i| {
            if let Some(p) = progress {
                p.tick();
            }
            if let Some(hit) = memo.and_then(|(m, g)| m.get(&keys[i], g)) {
                // Its diagrams stay drawn for the next edit of the note.
                crate::diagrams::memo::keep(&hit.diagram_keys, input.render.diagrams);
                return hit;
            }
            let r = Arc::new(render_one(tree, parsed, input, i, tokens));
            if let Some((m, g)) = memo {
                m.put(keys[i], r.clone(), g);
            }
            r
        })
        .collect();
    Rendered { docs, keys }
}

/// Every document's render key (see [`render_key`]).
fn render_keys(tree: &ContentTree, input: RenderInput<'_>) -> Vec<u64> {
    (0..tree.docs.len())
        .into_par_iter()
        .map(|i| {
            render_key(
                input.text_hashes[i],
                input.render.raw_html,
                &input.renamed[i],
                input.resolved[i],
            )
        })
        .collect()
}

/// Renders document `i`.
fn render_one(
    tree: &ContentTree,
    parsed: &[ParsedDoc<'_>],
    input: RenderInput<'_>,
    i: usize,
    tokens: &TokenMemo,
) -> RenderedDoc {
    let doc = &tree.docs[i];
    // The analysis dropped its events to save memory: tokenize again, and reuse
    // what it found (heading ids, links, text).
    let p = ParsedDoc {
        events: tokenize(doc, input.options, &parsed[i].info),
        info: parsed[i].info.clone(),
    };
    render(
        doc,
        &p,
        input.resolved[i],
        &input.renamed[i],
        input.render,
        tokens,
    )
}

/// Notes rendered one at a time, when their page is: a one-off build keeps no memo,
/// so only the pages in flight hold their HTML (rendering every note first would hold
/// the whole site's HTML at once: gigabytes at 100,000 notes).
#[derive(Debug)]
pub struct LazyRender<'a> {
    tree: &'a ContentTree,
    parsed: &'a [ParsedDoc<'a>],
    input: RenderInput<'a>,
    keys: Vec<u64>,
    /// Problems found so far.
    diags: Mutex<Vec<Diagnostic>>,
}

impl<'a> LazyRender<'a> {
    /// Renders notes of `tree` from their analyses `parsed` with `input`.
    pub fn new(
        tree: &'a ContentTree,
        parsed: &'a [ParsedDoc<'a>],
        input: RenderInput<'a>,
    ) -> LazyRender<'a> {
        LazyRender {
            keys: render_keys(tree, input),
            tree,
            parsed,
            input,
            diags: Mutex::new(Vec::new()),
        }
    }

    /// Renders note `i` with the build's `tokens`, keeping its problems for
    /// [`LazyRender::take_diagnostics`].
    pub fn render(&self, i: usize, tokens: &TokenMemo) -> Arc<RenderedDoc> {
        let mut r = render_one(self.tree, self.parsed, self.input, i, tokens);
        if !r.diags.is_empty() {
            lock(&self.diags).append(&mut r.diags);
        }
        Arc::new(r)
    }

    /// The problems of every note rendered so far.
    pub fn take_diagnostics(&self) -> Vec<Diagnostic> {
        std::mem::take(&mut *lock(&self.diags))
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The notes' HTML as the templates stage reads it.
#[derive(Debug)]
pub enum RenderedNotes<'a> {
    /// Every note rendered before the pages (the dev server keeps them in its memo).
    Ready(&'a Rendered),
    /// Each note rendered when its page is.
    OnDemand(&'a LazyRender<'a>),
}

impl RenderedNotes<'_> {
    /// Note `i` rendered (with the build's `tokens` when it has to be).
    pub fn get(&self, i: usize, tokens: &TokenMemo) -> Arc<RenderedDoc> {
        match self {
            RenderedNotes::Ready(r) => r.docs[i].clone(),
            RenderedNotes::OnDemand(lazy) => lazy.render(i, tokens),
        }
    }

    /// Every note's render key.
    pub fn keys(&self) -> &[u64] {
        match self {
            RenderedNotes::Ready(r) => &r.keys,
            RenderedNotes::OnDemand(lazy) => &lazy.keys,
        }
    }
}
