//! The parse stage: every note of the tree analysed once (headings, links, text,
//! problems), through the memo when the dev server keeps one. The events are dropped
//! after the analysis: holding every note's events until rendering would double the
//! peak memory of a large site, so rendering tokenizes again.

use super::{parse, render, DocInfo, ParsedDoc, RenderOptions};
use crate::content::ContentTree;
use crate::highlight::memo::TokenMemo;
use crate::memo::{hash_parts, InBuild, Memo};
use crate::progress::Progress;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Analyses by note text hash (see [`Analysed::text_hashes`]).
pub type ParseMemo = Memo<u64, Arc<DocInfo>>;

/// Every note analysed, in tree order.
#[derive(Debug)]
pub struct Analysed<'a> {
    /// One per document of the tree (events dropped).
    pub docs: Vec<ParsedDoc<'a>>,
    /// One per document: the hash of its path and text, the key of everything derived
    /// from the text alone.
    pub text_hashes: Vec<u64>,
}

/// Analyses every document of `tree` (with `only`, the documents it marks; the others
/// get an empty analysis: no headings, links or text). With `lint` (`atlas check`), what
/// rendering would report (math, fence languages, URLs) is found while the events are at
/// hand, so a check never renders.
pub fn parse_all<'a>(
    tree: &'a ContentTree,
    options: pulldown_cmark::Options,
    lint: Option<RenderOptions<'_>>,
    memo: InBuild<'_, ParseMemo>,
    progress: Option<&Progress>,
    only: Option<&[bool]>,
) -> Analysed<'a> {
    let text_hashes: Vec<u64> = tree
        .docs
        .par_iter()
        .map(|d| hash_parts([d.path.as_bytes(), d.text.as_bytes()]))
        .collect();
    let no_renames = BTreeMap::new();
    let blank = Arc::new(DocInfo::default());
    let docs = tree
        .docs
        .par_iter()
        .zip(&text_hashes)
        .enumerate()
        .map(|(i, (d, &h))| {
            if let Some(p) = progress {
                p.tick();
            }
            if only.is_some_and(|o| !o[i]) {
                return ParsedDoc {
                    events: Vec::new(),
                    info: blank.clone(),
                };
            }
            if let Some(info) = memo.and_then(|(m, g)| m.get(&h, g)) {
                return ParsedDoc {
                    events: Vec::new(),
                    info,
                };
            }
            let mut p = parse(d, options);
            if let Some(lint) = lint {
                // The info is not shared yet, so it takes the diagnostics.
                let found = render(d, &p, &[], &no_renames, lint, &TokenMemo::new());
                if let Some(info) = Arc::get_mut(&mut p.info) {
                    info.diags.extend(found.diags);
                }
            }
            if let Some((m, g)) = memo {
                m.put(h, p.info.clone(), g);
            }
            p.events = Vec::new();
            p
        })
        .collect();
    Analysed { docs, text_hashes }
}
