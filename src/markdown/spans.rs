//! Source spans for byte offsets in a note's body, located in the text as it was
//! written (before other tools' syntax was rewritten).

use crate::content::SourceDoc;
use crate::diagnostics::{LineIndex, SourceSpan};
use std::cell::OnceCell;

/// Turns body offsets of one note into `file:line:col` spans; the line index is built
/// on the first use, so notes without problems never pay for it.
pub struct BodySpans<'d> {
    doc: &'d SourceDoc,
    lines: OnceCell<LineIndex>,
}

impl<'d> BodySpans<'d> {
    /// Spans into `doc`.
    pub fn new(doc: &'d SourceDoc) -> BodySpans<'d> {
        BodySpans {
            doc,
            lines: OnceCell::new(),
        }
    }

    /// The span of `len` characters (at least one) starting at body offset `pos`.
    pub fn at(&self, pos: usize, len: usize) -> SourceSpan {
        let written = self.doc.source_body();
        let lines = self.lines.get_or_init(|| LineIndex::new(written));
        let (l, c) = lines.line_col(written, self.doc.source_pos(pos));
        SourceSpan {
            path: self.doc.path.clone(),
            line: l + self.doc.body_line,
            col: c,
            len: len.max(1),
        }
    }
}
