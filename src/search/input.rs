//! `SearchInput`: what search indexes, taken from a build as shared handles (each
//! note's source, parse results and in-link texts), and turned into [`SearchDoc`]s
//! only where an index is built. The dev server hands it to its background worker,
//! so a save does not wait for ten thousand documents to be copied.

use super::{SearchDoc, SearchSection};
use crate::content::SourceDoc;
use crate::markdown::DocInfo;
use std::sync::Arc;

/// One note's part of a [`SearchInput`].
#[derive(Debug, Clone)]
struct InputDoc {
    source: Arc<SourceDoc>,
    info: Arc<DocInfo>,
    inlink_texts: Vec<Arc<str>>,
}

/// The notes of one build, ready to become search documents.
#[derive(Debug, Clone, Default)]
pub struct SearchInput {
    base_path: String,
    docs: Vec<InputDoc>,
}

impl SearchInput {
    /// Input for a site served under `base_path`.
    pub fn new(base_path: &str) -> SearchInput {
        SearchInput {
            base_path: base_path.to_string(),
            docs: Vec::new(),
        }
    }

    /// Input for every document of `tree` (analysed as `parsed`; `inlink_texts` per
    /// document), for a site served under `base_path`.
    pub fn of(
        tree: &crate::content::ContentTree,
        parsed: &[crate::markdown::ParsedDoc<'_>],
        inlink_texts: &[Vec<Arc<str>>],
        base_path: &str,
    ) -> SearchInput {
        let mut input = SearchInput::new(base_path);
        for (i, d) in tree.docs.iter().enumerate() {
            input.push(d.clone(), parsed[i].info.clone(), inlink_texts[i].clone());
        }
        input
    }

    /// Adds one note: its source, parse results and the texts of links into it.
    pub fn push(
        &mut self,
        source: Arc<SourceDoc>,
        info: Arc<DocInfo>,
        inlink_texts: Vec<Arc<str>>,
    ) {
        self.docs.push(InputDoc {
            source,
            info,
            inlink_texts,
        });
    }

    /// Number of notes.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// True when there are no notes.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The search documents: each note's sections, with heading paths and in-link texts.
    pub fn docs(&self) -> Vec<SearchDoc> {
        self.docs
            .iter()
            .map(|d| search_doc(&self.base_path, d))
            .collect()
    }
}

fn search_doc(base: &str, input: &InputDoc) -> SearchDoc {
    let d = &input.source;
    let mut path: Vec<(u8, String)> = Vec::new();
    let sections = input
        .info
        .sections
        .iter()
        .map(|s| {
            // The `#` heading that gave the note its title is the introduction.
            if s.level == 1 && s.heading.as_deref() == Some(d.title.as_str()) {
                return SearchSection {
                    anchor: None,
                    heading_path: Vec::new(),
                    text: s.text.clone(),
                };
            }
            if let Some(h) = &s.heading {
                while path.last().is_some_and(|(l, _)| *l >= s.level) {
                    path.pop();
                }
                path.push((s.level, h.clone()));
            }
            SearchSection {
                anchor: s.anchor.clone(),
                heading_path: path.iter().map(|(_, h)| h.clone()).collect(),
                text: s.text.clone(),
            }
        })
        .collect();
    SearchDoc {
        url: format!("{base}{}", d.url),
        title: d.title.clone(),
        description: d.front.description.clone().unwrap_or_default(),
        aliases: d
            .front
            .aliases
            .iter()
            .filter(|a| !a.starts_with('/'))
            .cloned()
            .collect(),
        tags: d.front.tags.clone(),
        sections,
        inlink_texts: input.inlink_texts.iter().map(|t| t.to_string()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{options, parse};

    fn input(rel: &str, text: &str, inlinks: &[&str]) -> SearchInput {
        let (doc, _) = SourceDoc::from_text(rel, text.to_string());
        let info = parse(&doc, options(false, false)).info;
        let mut input = SearchInput::new("/base/");
        input.push(
            Arc::new(doc),
            info,
            inlinks.iter().map(|s| Arc::from(*s)).collect(),
        );
        input
    }

    #[test]
    fn heading_paths_follow_the_outline_and_the_title_heading_is_the_introduction() {
        let text = "# Caching\n\nIntro text.\n\n## Eviction\n\nLRU.\n\n### Ties\n\nOldest.\n\n## Warming\n\nPreload.\n";
        let docs = input("caching.md", text, &["cache layer"]).docs();
        assert_eq!(docs.len(), 1);
        let d = &docs[0];
        assert_eq!(d.url, "/base/caching/");
        assert_eq!(d.title, "Caching");
        assert_eq!(d.inlink_texts, vec!["cache layer".to_string()]);
        let paths: Vec<(Option<&str>, Vec<&str>)> = d
            .sections
            .iter()
            .map(|s| {
                (
                    s.anchor.as_deref(),
                    s.heading_path.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            paths,
            vec![
                (None, vec![]),
                (Some("eviction"), vec!["Eviction"]),
                (Some("ties"), vec!["Eviction", "Ties"]),
                (Some("warming"), vec!["Warming"]),
            ]
        );
        assert!(d.sections[0].text.contains("Intro text."));
    }

    #[test]
    fn path_aliases_are_redirects_not_search_names() {
        let text = "---\naliases: [\"/old/url/\", \"LRU cache\"]\n---\n# Eviction\n";
        let d = &input("eviction.md", text, &[]).docs()[0];
        assert_eq!(d.aliases, vec!["LRU cache".to_string()]);
    }
}
