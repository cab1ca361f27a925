//! Other tools' notes conventions (Obsidian, Hugo, Zola, Docusaurus, mdBook) read as Atlas
//! markdown: single-note rewrites at load time, embeds and includes across notes, and the
//! migration report of what was understood and what was ignored.
//!
//! Not for Atlas's own syntax: a note that uses none of these conventions is left
//! byte-for-byte as written.

pub mod embed;
pub mod report;
pub mod rewrite;
pub mod sourcemap;

/// One use of another tool's convention in a note: understood (rewritten or mapped) or ignored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The tool (`Obsidian`, `Hugo`, `Zola`, `Docusaurus`, `mdBook`).
    pub tool: &'static str,
    /// What it is (`![[note]] embed`, `{{< youtube >}} shortcode`).
    pub what: String,
    /// True when Atlas gives it its meaning; false when it stays as text.
    pub understood: bool,
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
}
