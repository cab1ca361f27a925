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
    /// Plain text of the section.
    pub text: String,
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

// PLACEHOLDER (lead): minimal stand-ins so the pipeline compiles before the search
// engine lands. The search engineer replaces everything below this line.
/// Placeholder error.
#[derive(Debug, thiserror::Error)]
#[error("search engine not built yet")]
pub struct SearchError;
/// Placeholder hit.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SearchHit {
    /// URL with anchor.
    pub url: String,
    /// Note title.
    pub title: String,
    /// Section heading.
    pub section: String,
    /// Snippet.
    pub snippet: String,
    /// Score.
    pub score: f32,
}
/// Placeholder.
pub fn build_static_index(
    _docs: &[SearchDoc],
    _shard_bytes: usize,
) -> Result<Vec<(String, Vec<u8>)>, SearchError> {
    Ok(Vec::new())
}
/// Placeholder.
pub fn write_tantivy_index(_docs: &[SearchDoc], _dir: &std::path::Path) -> Result<(), SearchError> {
    Ok(())
}
/// Placeholder.
pub fn search_tantivy(
    _dir: &std::path::Path,
    _q: &str,
    _limit: usize,
) -> Result<Vec<SearchHit>, SearchError> {
    Err(SearchError)
}
