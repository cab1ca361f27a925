//! Rendering diagnostics for people (compiler style), GitHub annotations and JSON.

use super::{Diagnostic, Severity};
use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor::NoColor, Config};
use std::collections::HashMap;
use std::path::Path;

/// Output formats of `atlas check` and `atlas build`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// Compiler-style, with the source line and a caret.
    Human,
    /// GitHub workflow commands (`::error file=…,line=…,col=…::…`).
    Github,
    /// One JSON array.
    Json,
}

/// Renders diagnostics compiler-style. Source lines are read from `root`.
pub fn render_human(diags: &[Diagnostic], root: &Path) -> String {
    let mut files = SimpleFiles::new();
    let mut ids: HashMap<&str, Option<usize>> = HashMap::new();
    let mut out = NoColor::new(Vec::new());
    let config = Config::default();
    for d in diags {
        let mut cs = match d.severity {
            Severity::Error => CsDiagnostic::error(),
            Severity::Warning => CsDiagnostic::warning(),
        }
        .with_code(d.kind.code())
        .with_message(match &d.span {
            Some(s) => format!("{s}: {}", d.message),
            None => d.message.clone(),
        });
        if let Some(span) = &d.span {
            let id = *ids.entry(span.path.as_str()).or_insert_with(|| {
                let text = std::fs::read(root.join(&span.path)).ok()?;
                Some(files.add(
                    span.path.clone(),
                    String::from_utf8_lossy(&text).into_owned(),
                ))
            });
            if let Some(id) = id {
                if let Some(range) =
                    byte_range(files.get(id).ok().map(|f| f.source().as_str()), span)
                {
                    cs = cs.with_labels(vec![Label::primary(id, range)]);
                }
            }
        }
        if let Some(help) = &d.help {
            cs = cs.with_notes(vec![format!("help: {help}")]);
        }
        // Emitting into memory cannot fail except on an out-of-range label, which
        // `byte_range` rules out; fall back to one line if it ever does.
        if term::emit_to_write_style(&mut out, &config, &files, &cs).is_err() {
            out.get_mut().extend_from_slice(d.one_line().as_bytes());
            out.get_mut().push(b'\n');
        }
    }
    String::from_utf8_lossy(&out.into_inner()).into_owned()
}

/// The byte range of a line/column span in `source`, clamped to the line.
fn byte_range(source: Option<&str>, span: &super::SourceSpan) -> Option<std::ops::Range<usize>> {
    let source = source?;
    let mut start_of_line = 0;
    for (i, line) in source.split_inclusive('\n').enumerate() {
        if i + 1 == span.line {
            let content = line.trim_end_matches(['\n', '\r']);
            let mut chars = content.char_indices().skip(span.col.saturating_sub(1));
            let (s, _) = chars.next().unwrap_or((content.len(), ' '));
            let mut e = s;
            for (n, (idx, c)) in content[s..].char_indices().enumerate() {
                if n >= span.len.max(1) {
                    break;
                }
                e = s + idx + c.len_utf8();
            }
            return Some(start_of_line + s..start_of_line + e.max(s));
        }
        start_of_line += line.len();
    }
    None
}

/// Renders GitHub workflow commands, one per line.
pub fn render_github(diags: &[Diagnostic]) -> String {
    let mut s = String::new();
    for d in diags {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut msg = format!("{} [{}]", d.message, d.kind.code());
        if let Some(h) = &d.help {
            msg.push_str(&format!(" (help: {h})"));
        }
        let msg = escape_gh_data(&msg);
        match &d.span {
            Some(sp) => s.push_str(&format!(
                "::{level} file={},line={},col={}::{msg}\n",
                escape_gh_prop(&sp.path),
                sp.line,
                sp.col
            )),
            None => s.push_str(&format!("::{level}::{msg}\n")),
        }
    }
    s
}

fn escape_gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_gh_prop(s: &str) -> String {
    escape_gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Renders a JSON array of diagnostics.
pub fn render_json(diags: &[Diagnostic]) -> String {
    serde_json::to_string_pretty(diags).unwrap_or_else(|_| "[]".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Kind, SourceSpan};

    #[test]
    fn github_format_escapes_and_locates() {
        let d = Diagnostic::error(
            Kind::BrokenLink,
            Some(SourceSpan::at("content/a,b.md", 3, 7)),
            "no note\nhere",
        )
        .with_help("did you mean `x`?");
        assert_eq!(
            render_github(&[d]),
            "::error file=content/a%2Cb.md,line=3,col=7::no note%0Ahere [broken-link] (help: did you mean `x`?)\n"
        );
    }

    #[test]
    fn byte_range_counts_characters() {
        let src = "first\nhé [x](y)\n";
        let span = SourceSpan {
            path: "a".into(),
            line: 2,
            col: 4,
            len: 6,
        };
        let r = byte_range(Some(src), &span).unwrap();
        assert_eq!(&src[r], "[x](y)");
    }
}
