//! Search: section-level records analyzed with tantivy, written as a static index
//! (term dictionary, bounded shards, records) for the browser, and a tantivy index
//! for `atlas search`.

/// One heading section of a note, as search sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchSection {
    /// Heading id (`None` for the text before the first heading).
    pub anchor: Option<String>,
    /// Heading texts from the top of the note down to this section.
    pub heading_path: Vec<String>,
    /// Plain text of the section (shared with the note's analysis, not copied).
    pub text: std::sync::Arc<str>,
}

/// One note, as search sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDoc {
    /// Final URL of the note (with base path, without anchor).
    pub url: String,
    /// Note title.
    pub title: String,
    /// One-sentence description.
    pub description: String,
    /// Aliases.
    pub aliases: Vec<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Sections in order.
    pub sections: Vec<SearchSection>,
    /// Text of links from other notes pointing at this note.
    pub inlink_texts: Vec<String>,
}

#[cfg(test)]
impl SearchDoc {
    /// A note with one untitled section, for tests.
    pub(crate) fn one_section(url: &str, title: &str, body: &str) -> SearchDoc {
        SearchDoc {
            url: url.into(),
            title: title.into(),
            description: String::new(),
            aliases: vec![],
            tags: vec![],
            sections: vec![SearchSection {
                anchor: None,
                heading_path: vec![],
                text: body.into(),
            }],
            inlink_texts: vec![],
        }
    }
}

/// Why a search index could not be written or read.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// Serialising the index failed.
    #[error("search index format: {0}")]
    Format(String),
    /// tantivy failed.
    #[error("tantivy: {0}")]
    Tantivy(String),
    /// The index directory could not be written.
    #[error("search index directory: {0}")]
    Io(String),
}

/// One result of `atlas search`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SearchHit {
    /// URL with the section's anchor.
    pub url: String,
    /// Note title.
    pub title: String,
    /// Section heading (empty for the note's introduction).
    pub section: String,
    /// The start of the section's text.
    pub snippet: String,
    /// BM25 score.
    pub score: f32,
}

pub mod abbrev;
pub mod analyze;
pub mod client;
pub mod input;
pub mod query;
pub mod records;
pub mod reference;
pub mod static_index;
pub mod words;

pub use input::SearchInput;
pub use reference::{search_tantivy, write_tantivy_index};
pub use static_index::{build_static_index, build_static_index_cached, AnalysisCache};

/// The search stage: the static index files (manifest and shards) of `input`'s records,
/// reusing the analyses of unchanged records from `memo`.
pub fn build(
    input: &SearchInput,
    shard_bytes: usize,
    memo: Option<&AnalysisCache>,
) -> Result<Vec<(String, Vec<u8>)>, SearchError> {
    build_static_index_cached(&input.docs(), shard_bytes, memo)
}
