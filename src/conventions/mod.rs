//! Other tools' notes conventions (Obsidian, Hugo, Zola, Docusaurus, mdBook) read as Atlas
//! markdown: single-note rewrites at load time, embeds and includes across notes, and the
//! migration report of what was understood and what was ignored.
//!
//! Not for Atlas's own syntax: a note that uses none of these conventions is left
//! byte-for-byte as written.

pub mod embed;
pub mod report;

// Single-note rewrites run while notes load, below the content stage; they live in
// `content` and are named here too, where the other conventions are.
pub use crate::content::rewrite::{self, Finding};
pub use crate::content::sourcemap;
