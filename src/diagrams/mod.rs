//! Mermaid diagrams drawn to inline SVG at build time, so pages need no client JavaScript.
//!
//! A ` ```mermaid ` fence becomes a `role="img"` wrapper around the SVG (colours from the
//! site's CSS variables, ids unique on the page) followed by its source in a `<details>`.
//! A diagram that cannot be drawn is a warning at the fence; the page shows its source.

pub mod memo;
pub mod render;
pub mod theme;

pub use memo::{DiagramMemo, Drawn};
pub use render::{render_svg, DiagramError};
pub use theme::Themed;

use crate::diagnostics::{Diagnostic, Kind, SourceSpan};
use crate::escape::html as escape;
use crate::memo::InBuild;

/// One mermaid fence of a note.
#[derive(Debug, Clone)]
pub struct Fence<'a> {
    /// The diagram's source (the fence's text).
    pub source: &'a str,
    /// Where the fence starts (its warning points here).
    pub span: SourceSpan,
    /// Byte offset of the fence in the note: unique on the page, so it names the diagram's ids.
    pub offset: usize,
    /// The text of the heading the fence sits under (it names a diagram without a title).
    pub heading: Option<&'a str>,
}

impl<'a> Fence<'a> {
    /// The fence holding `source`, at byte `offset` of the note and `span` in its file.
    pub fn new(
        source: &'a str,
        offset: usize,
        span: SourceSpan,
        heading: Option<&'a str>,
    ) -> Fence<'a> {
        Fence {
            source,
            span,
            offset,
            heading,
        }
    }

    /// The key of its drawing in the memo.
    pub fn key(&self) -> u64 {
        memo::key(self.source)
    }

    /// Its HTML (see [`fence_html`]).
    pub fn html(
        self,
        memo: InBuild<'_, DiagramMemo>,
        check_only: bool,
        diags: &mut Vec<Diagnostic>,
    ) -> String {
        fence_html(self, memo, check_only, diags)
    }
}

/// The HTML of a mermaid fence: the diagram and its source, or (with a warning in `diags`)
/// the source alone. `check_only` parses without drawing and returns no HTML.
pub fn fence_html(
    fence: Fence<'_>,
    memo: InBuild<'_, DiagramMemo>,
    check_only: bool,
    diags: &mut Vec<Diagnostic>,
) -> String {
    if check_only {
        if let Err(e) = render::check(fence.source) {
            diags.push(warning(&fence, &e));
        }
        return String::new();
    }
    let source = escape(fence.source);
    match memo::drawn(fence.source, memo) {
        Ok(drawn) => {
            let label = label(&fence);
            let svg = drawn.with_prefix(&format!("dg{}-", fence.offset));
            format!(
                "<div class=\"diagram\" role=\"img\" aria-label=\"{}\">{svg}</div>\n\
                 <details class=\"diagram-source\"><summary>Diagram source</summary>\
                 <pre class=\"code\" data-lang=\"mermaid\"><code>{source}</code></pre></details>\n",
                escape(&label)
            )
        }
        Err(e) => {
            diags.push(warning(&fence, &e));
            format!("<pre class=\"code\" data-lang=\"mermaid\"><code>{source}</code></pre>\n")
        }
    }
}

fn warning(fence: &Fence<'_>, e: &DiagramError) -> Diagnostic {
    let mut span = fence.span.clone();
    span.len = 10;
    Diagnostic::warning(
        Kind::Diagram,
        Some(span),
        format!("mermaid diagram not drawn: {e}"),
    )
    .with_help("the page shows the diagram's source; fix the syntax to draw it")
}

/// The diagram's accessible name: its `accTitle` or `title`, else the heading it sits
/// under, else "Diagram".
pub fn label(fence: &Fence<'_>) -> String {
    title(fence.source)
        .or_else(|| fence.heading.map(str::to_string))
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| "Diagram".to_string())
}

/// The title a diagram gives itself: `accTitle: …`, a `title: …` in its front matter,
/// or a `title …` line.
pub fn title(source: &str) -> Option<String> {
    let mut acc = None;
    let mut titled = None;
    for line in source.lines().map(str::trim) {
        if let Some(t) = line.strip_prefix("accTitle") {
            if let Some(t) = t.trim_start().strip_prefix(':') {
                acc.get_or_insert_with(|| t.trim().to_string());
            }
        } else if let Some(t) = line.strip_prefix("title") {
            let t = t.strip_prefix(':').unwrap_or(t);
            if t.starts_with([' ', '\t']) || line.starts_with("title:") {
                titled.get_or_insert_with(|| unquote(t.trim()).to_string());
            }
        }
    }
    acc.or(titled).filter(|t| !t.is_empty())
}

fn unquote(s: &str) -> &str {
    s.strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fence(source: &str) -> Fence<'_> {
        Fence {
            source,
            span: SourceSpan::at("content/a.md", 5, 1),
            offset: 40,
            heading: None,
        }
    }

    #[test]
    fn titles_come_from_acc_title_then_front_matter() {
        assert_eq!(
            title("---\ntitle: Flow\n---\nflowchart LR\n  accTitle: Login flow\n  A-->B\n"),
            Some("Login flow".into())
        );
        assert_eq!(
            title("---\ntitle: \"Flow\"\n---\nflowchart LR\n  A-->B\n"),
            Some("Flow".into())
        );
        assert_eq!(title("flowchart LR\n  A-->B\n"), None);
        let f = Fence {
            heading: Some("Write path"),
            ..fence("flowchart LR\n A-->B\n")
        };
        assert_eq!(label(&f), "Write path");
        assert_eq!(label(&fence("flowchart LR\n A-->B\n")), "Diagram");
    }

    #[test]
    fn a_broken_diagram_is_a_warning_and_its_source() {
        let mut diags = Vec::new();
        let html = fence_html(fence("flowchart TD\n  A[[<b>\n"), None, false, &mut diags);
        assert!(html.starts_with("<pre class=\"code\""), "{html}");
        assert!(html.contains("A[[&lt;b&gt;"), "{html}");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].kind, Kind::Diagram);
        let html = fence_html(
            fence("sequenceDiagram\n  A->>B: hi\n"),
            None,
            false,
            &mut diags,
        );
        assert!(html.starts_with("<div class=\"diagram\" role=\"img\" aria-label=\"Diagram\"><svg style=\"max-width:450px;min-width:315px\" id=\"dg40-atlas-mmd\""), "{html}");
        assert_eq!(diags.len(), 1);
    }
}
