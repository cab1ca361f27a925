//! Links: the index of link targets, resolution of every link form, suggestions,
//! and the link graph (outgoing links and backlinks with context).

pub mod anchors;
pub mod graph;
pub mod index;
pub mod resolve;
pub mod resolve_all;
pub mod shape;
pub mod suggest;

pub use graph::{Backlink, LinkGraph};
pub use index::LinkIndex;
pub use resolve::{resolve_doc_links, DocLinks};
pub use resolve_all::{resolve_all, LinkMemo, Linked, Targets};
