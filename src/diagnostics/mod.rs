//! Diagnostics: located problems found by any stage, collected rather than thrown.

mod render;

pub use render::{render_github, render_human, render_json, OutputFormat};

use serde::Serialize;

/// A location in a source file, 1-based line and column (columns count characters).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct SourceSpan {
    /// Path relative to the site root, with `/` separators (`content/caching/cdn.md`).
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
    /// Length of the span in characters on that line (at least 1).
    pub len: usize,
}

impl SourceSpan {
    /// A span covering one character at `line:col`.
    pub fn at(path: impl Into<String>, line: usize, col: usize) -> Self {
        SourceSpan {
            path: path.into(),
            line,
            col,
            len: 1,
        }
    }

    /// A span at the start of a file.
    pub fn file(path: impl Into<String>) -> Self {
        Self::at(path, 1, 1)
    }
}

impl std::fmt::Display for SourceSpan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.path, self.line, self.col)
    }
}

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Fails the build (exit 1, output not replaced).
    Error,
    /// Reported; the build still succeeds.
    Warning,
}

/// What kind of problem a diagnostic reports; its code in human and JSON output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// `site.toml` could not be read or is invalid.
    Config,
    /// A file is not valid UTF-8.
    Encoding,
    /// Front matter is malformed or has wrong keys/types.
    FrontMatter,
    /// A markdown construct is malformed (unclosed fence, ...).
    Markdown,
    /// Two sources produce the same URL.
    UrlCollision,
    /// A link names a note or file that does not exist.
    BrokenLink,
    /// A link names a heading that does not exist.
    BrokenAnchor,
    /// A link names a heading that was renamed (the old anchor still works).
    RenamedAnchor,
    /// A wikilink matches more than one note.
    AmbiguousLink,
    /// A fenced code block names a language we cannot highlight.
    UnknownLanguage,
    /// Math that could not be rendered.
    Math,
    /// A template failed to load or render.
    Template,
    /// A file is suspiciously large.
    LargeFile,
    /// A heading id is repeated by a custom id.
    DuplicateId,
    /// An I/O problem with one input file.
    Io,
    /// No other note links to this note.
    Orphan,
    /// A note has no description.
    MissingDescription,
    /// Two notes share a title or alias.
    Duplicate,
    /// A note has not been updated for a long time, or after a note it links to.
    Stale,
    /// An external link answers with an error or not at all.
    ExternalLink,
    /// A symbolic link that is not followed (outside the site root), or a link loop.
    Symlink,
    /// Raw HTML or a URL removed from a note because it could run script.
    UnsafeHtml,
    /// A mermaid diagram that could not be drawn (its source is shown instead).
    Diagram,
}

impl Kind {
    /// The kebab-case code shown in output (`broken-link`).
    pub fn code(self) -> &'static str {
        match self {
            Kind::Config => "config",
            Kind::Encoding => "encoding",
            Kind::FrontMatter => "front-matter",
            Kind::Markdown => "markdown",
            Kind::UrlCollision => "url-collision",
            Kind::BrokenLink => "broken-link",
            Kind::BrokenAnchor => "broken-anchor",
            Kind::RenamedAnchor => "renamed-anchor",
            Kind::AmbiguousLink => "ambiguous-link",
            Kind::UnknownLanguage => "unknown-language",
            Kind::Math => "math",
            Kind::Template => "template",
            Kind::LargeFile => "large-file",
            Kind::DuplicateId => "duplicate-id",
            Kind::Io => "io",
            Kind::Orphan => "orphan",
            Kind::MissingDescription => "missing-description",
            Kind::Duplicate => "duplicate",
            Kind::Stale => "stale",
            Kind::ExternalLink => "external-link",
            Kind::Symlink => "symlink",
            Kind::UnsafeHtml => "unsafe-html",
            Kind::Diagram => "diagram",
        }
    }
}

/// One problem, located where possible, with an optional suggestion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What kind of problem.
    pub kind: Kind,
    /// Where it is; `None` for problems with no source file.
    pub span: Option<SourceSpan>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What to do about it ("did you mean `cdn.md`?").
    pub help: Option<String>,
    /// For link problems: the file the link points into (`content/caching/cdn.md`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<Box<str>>,
}

impl Diagnostic {
    /// An error of `kind` at `span`.
    pub fn error(kind: Kind, span: Option<SourceSpan>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            kind,
            span,
            message: message.into(),
            help: None,
            target: None,
        }
    }

    /// A warning of `kind` at `span`.
    pub fn warning(kind: Kind, span: Option<SourceSpan>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Self::error(kind, span, message)
        }
    }

    /// Adds a suggestion.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Records the file a link points into.
    pub fn with_target(mut self, target: impl Into<String>) -> Self {
        self.target = Some(target.into().into_boxed_str());
        self
    }

    /// Changes the severity.
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// `path:line:col: severity[code]: message` on one line.
    pub fn one_line(&self) -> String {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let loc = self
            .span
            .as_ref()
            .map(|s| format!("{s}: "))
            .unwrap_or_default();
        format!("{loc}{sev}[{}]: {}", self.kind.code(), self.message)
    }
}

/// All diagnostics of a build, in a stable order.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Adds many.
    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    /// Sorts by file, line, column, then message, and drops exact repeats.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (&a.span, a.severity, &a.message).cmp(&(&b.span, b.severity, &b.message))
        });
        self.items.dedup();
    }

    /// All diagnostics.
    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    /// True when there is at least one error.
    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }
}

/// Maps byte offsets of one text to 1-based line and character column.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(text));
        LineIndex { starts }
    }

    /// 1-based (line, column) of byte offset `pos` in the indexed `text`.
    pub fn line_col(&self, text: &str, pos: usize) -> (usize, usize) {
        let pos = pos.min(text.len());
        let line = self.starts.partition_point(|&s| s <= pos);
        let start = self.starts[line - 1];
        let mut p = pos;
        while !text.is_char_boundary(p) {
            p -= 1;
        }
        (line, text[start..p].chars().count() + 1)
    }
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.bytes()
        .enumerate()
        .filter(|(_, b)| *b == b'\n')
        .map(|(i, _)| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_matches_line_col() {
        let text = "ab\ncé d\n\nx";
        let idx = LineIndex::new(text);
        for pos in [0, 1, 3, 6, 7, 9, 10] {
            assert_eq!(
                idx.line_col(text, pos),
                crate::config::line_col(text, pos),
                "{pos}"
            );
        }
    }

    #[test]
    fn diagnostics_sort_and_count() {
        let mut d = Diagnostics::new();
        d.push(Diagnostic::warning(
            Kind::Math,
            Some(SourceSpan::at("b", 1, 1)),
            "w",
        ));
        d.push(Diagnostic::error(
            Kind::BrokenLink,
            Some(SourceSpan::at("a", 2, 1)),
            "e",
        ));
        d.push(Diagnostic::error(
            Kind::BrokenLink,
            Some(SourceSpan::at("a", 2, 1)),
            "e",
        ));
        d.sort();
        assert_eq!(d.items().len(), 2);
        assert_eq!(d.items()[0].message, "e");
        assert_eq!((d.error_count(), d.warning_count()), (1, 1));
        assert_eq!(d.items()[0].one_line(), "a:2:1: error[broken-link]: e");
    }
}
