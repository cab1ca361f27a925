//! Markdown: one parse per note into events plus headings, links and plain text
//! (`ParsedDoc`), then HTML rendering with resolved links (`RenderedDoc`).

pub mod analysis;
pub mod body_html;
pub mod math;
pub mod parse;
pub mod render;
pub mod rendering;
pub mod safety;
pub mod spans;

pub use analysis::{parse_all, Analysed, ParseMemo};
pub use body_html::BodyHtml;
pub use parse::{parse, tokenize, DocInfo, Heading, LinkKind, LinkRef, ParsedDoc, TextSection};
pub use render::{render, RenderOptions, RenderedDoc, ResolvedLink};
pub use rendering::{render_all, LazyRender, RenderInput, RenderMemo, Rendered, RenderedNotes};

use pulldown_cmark::Options;

/// The markdown extensions Atlas enables.
pub fn options(math: bool, smart: bool) -> Options {
    let mut o = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
        | Options::ENABLE_WIKILINKS;
    if math {
        o |= Options::ENABLE_MATH;
    }
    if smart {
        o |= Options::ENABLE_SMART_PUNCTUATION;
    }
    o
}
