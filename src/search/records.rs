//! Search records: one per heading section, with the fields search weighs.

use super::analyze::Analyzer;
use super::query;
use super::{SearchDoc, SearchSection};
use std::cell::RefCell;

thread_local! {
    /// Each thread's analyzer for pair terms.
    static PAIRS: RefCell<Analyzer> = RefCell::new(Analyzer::default());
}

/// Where each field's positions start in a record's token stream, so that a
/// posting's positions also say which field matched (and phrases never span fields).
pub mod field {
    /// Note title and aliases (the note's first record only).
    pub const TITLE: u32 = 0;
    /// The section's heading path.
    pub const HEADING: u32 = 1_000;
    /// Tags.
    pub const TAGS: u32 = 2_000;
    /// Text of links from other notes.
    pub const INLINKS: u32 = 3_000;
    /// Adjacent words of the title, aliases and heading as one term each (`write_skew`).
    pub const PAIRS: u32 = 4_000;
    /// The note title again, in the records of its other sections.
    pub const NOTE: u32 = 5_000;
    /// The section's text.
    pub const BODY: u32 = 10_000;
    /// Field starts, ascending, with the field boosts (the static index and tantivy use the same).
    pub const WEIGHTS: [(u32, f32); 7] = [
        (TITLE, 8.0),
        (HEADING, 4.0),
        (TAGS, 2.0),
        (INLINKS, 3.0),
        (PAIRS, 4.0),
        (NOTE, 1.5),
        (BODY, 1.0),
    ];
    /// Number of fields.
    pub const COUNT: usize = WEIGHTS.len();

    /// The field (an index into [`WEIGHTS`]) that position `pos` belongs to.
    pub fn of(pos: u32) -> usize {
        WEIGHTS.iter().rposition(|(s, _)| *s <= pos).unwrap_or(0)
    }

    /// The first position past field `f` (positions of a field never reach into the next).
    pub fn limit(f: usize) -> u32 {
        WEIGHTS.get(f + 1).map_or(u32::MAX, |w| w.0)
    }
}

/// Characters of section text kept for snippets (records are most of what a
/// cold query fetches, so they are kept short).
pub const SNIPPET_CHARS: usize = 320;

/// One searchable section.
#[derive(Debug, Clone, PartialEq)]
pub struct Record<'a> {
    /// The note.
    pub doc: &'a SearchDoc,
    /// The section.
    pub section: &'a SearchSection,
    /// First section of its note (gets title, aliases, tags and in-link text).
    pub first: bool,
    /// The note is an index page (other notes' URLs extend its URL): its title weighs
    /// like a mention, so a note titled with the words outranks its section's page.
    pub index_page: bool,
}

impl Record<'_> {
    /// URL with the section's anchor.
    pub fn url(&self) -> String {
        match &self.section.anchor {
            Some(a) if !self.first => format!("{}#{a}", self.doc.url),
            _ => self.doc.url.clone(),
        }
    }

    /// The section heading shown after the note title (empty for the introduction).
    pub fn heading(&self) -> String {
        self.section
            .heading_path
            .last()
            .cloned()
            .unwrap_or_default()
    }

    /// The text kept for snippets.
    pub fn snippet_text(&self) -> String {
        let text = if self.first && self.section.text.is_empty() {
            self.doc.description.as_str()
        } else {
            &*self.section.text
        };
        match text.char_indices().nth(SNIPPET_CHARS) {
            None => text.to_string(),
            Some((end, _)) => {
                // Cut at the last space, so that no word is cut in two.
                let cut = text[..end]
                    .rfind(' ')
                    .filter(|&c| c > end / 2)
                    .unwrap_or(end);
                format!("{}…", &text[..cut])
            }
        }
    }

    /// The texts of each field, with the position each starts at.
    pub fn fields(&self) -> Vec<(u32, String)> {
        let d = self.doc;
        let mut out = Vec::new();
        if self.first {
            let mut title = d.title.clone();
            for a in &d.aliases {
                title.push_str(" \u{1f} ");
                title.push_str(a);
            }
            let f = if self.index_page {
                field::NOTE
            } else {
                field::TITLE
            };
            out.push((f, title));
            out.push((field::TAGS, d.tags.join(" ")));
            out.push((field::INLINKS, d.inlink_texts.join(" \u{1f} ")));
            out.push((
                field::BODY,
                format!("{} {}", d.description, self.section.text),
            ));
        } else {
            out.push((field::NOTE, d.title.clone()));
            out.push((field::BODY, self.section.text.to_string()));
        }
        out.push((field::HEADING, self.section.heading_path.join(" \u{1f} ")));
        out.push((field::PAIRS, self.pairs()));
        out
    }

    /// The [`field::PAIRS`] text: the pair terms of the note's title and aliases (first
    /// record of a note that is not an index page) and of the section's own heading,
    /// space-separated.
    pub fn pairs(&self) -> String {
        let mut names: Vec<&str> = Vec::new();
        if self.first && !self.index_page {
            names.push(&self.doc.title);
            names.extend(self.doc.aliases.iter().map(String::as_str));
        }
        names.extend(self.section.heading_path.last().map(String::as_str));
        PAIRS.with(|an| {
            let an = &mut *an.borrow_mut();
            let mut out = Vec::new();
            for name in names {
                let mut main: Vec<String> = Vec::new();
                let mut last = None;
                an.analyze(name, 0, |t, p| {
                    if last != Some(p) {
                        last = Some(p);
                        main.push(t.to_string());
                    }
                });
                let main: Vec<String> = main.into_iter().filter(|t| !query::is_stop(t)).collect();
                for w in main.windows(2) {
                    let pair = query::pair_term(&w[0], &w[1]);
                    if w[0] != w[1] && !out.contains(&pair) {
                        out.push(pair);
                    }
                }
            }
            out.join(" ")
        })
    }
}

/// Every record of `docs`, in order. A note without sections gets one record.
pub fn records(docs: &[SearchDoc]) -> Vec<Record<'_>> {
    static EMPTY: std::sync::LazyLock<SearchSection> = std::sync::LazyLock::new(|| SearchSection {
        anchor: None,
        heading_path: Vec::new(),
        text: "".into(),
    });
    let mut urls: Vec<&str> = docs.iter().map(|d| d.url.as_str()).collect();
    urls.sort_unstable();
    let index_page = |u: &str| {
        let next = urls.partition_point(|x| *x <= u);
        urls.get(next).is_some_and(|n| n.starts_with(u))
    };
    let mut out = Vec::new();
    for d in docs {
        let index_page = index_page(&d.url);
        if d.sections.is_empty() {
            out.push(Record {
                doc: d,
                section: &EMPTY,
                first: true,
                index_page,
            });
        }
        for (i, s) in d.sections.iter().enumerate() {
            out.push(Record {
                doc: d,
                section: s,
                first: i == 0,
                index_page,
            });
        }
    }
    out
}
