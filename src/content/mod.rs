//! Content stages: walking `content/`, front matter, `SourceDoc`, and the `ContentTree`.

pub mod assets;
pub mod fields;
pub mod frontmatter;
pub mod git;
pub mod keys;
pub mod load;
pub mod memo;
pub mod rewrite;
pub mod slug;
pub mod source;
pub mod sourcemap;
pub mod symlinks;
pub mod tree;
pub mod walk;

pub use frontmatter::FrontMatter;
pub use load::{load, Content, LoadOptions};
pub use memo::{ChangedSources, SourceMemo};
pub use source::{DocKind, SourceDoc};
pub use tree::{ContentTree, Section};
pub use walk::{SourceFile, SourceTree};
