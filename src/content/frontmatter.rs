//! Front matter: splitting TOML (`+++`) or YAML (`---`) blocks off a note and parsing them.

pub use super::fields::{validate_date, DateField, FrontMatter};
use super::keys::{self, KeyNote, KeyUse};
use crate::config::line_col;
use crate::diagnostics::{Diagnostic, Kind, SourceSpan};
/// A note split into front matter and body.
#[derive(Debug, Clone, PartialEq)]
pub struct Split<'a> {
    /// Parsed front matter (default when absent or invalid).
    pub front: FrontMatter,
    /// The markdown after the front matter.
    pub body: &'a str,
    /// Byte offset of `body` in the file.
    pub body_offset: usize,
    /// Number of lines before the body.
    pub body_line: usize,
    /// Keys beyond Atlas's own: mapped, kept as extra, or a typo away from a known key.
    pub keys: Vec<KeyNote>,
}

/// Splits and parses front matter. Problems are returned with the file's
/// coordinates; the note still gets a default front matter and its body.
pub fn split<'a>(path: &str, text: &'a str) -> (Split<'a>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let no_front_matter = || {
        (
            Split {
                front: FrontMatter::default(),
                body: text,
                body_offset: 0,
                body_line: 0,
                keys: Vec::new(),
            },
            Vec::new(),
        )
    };
    let fence = if text.starts_with("+++") {
        "+++"
    } else if text.starts_with("---") {
        "---"
    } else {
        return no_front_matter();
    };
    let first_line_end = text.find('\n').map(|i| i + 1).unwrap_or(text.len());
    if text[..first_line_end].trim_end() != fence {
        return no_front_matter();
    }
    // Find the closing fence on a line of its own.
    let mut pos = first_line_end;
    let mut close = None;
    while pos < text.len() {
        let end = text[pos..]
            .find('\n')
            .map(|i| pos + i + 1)
            .unwrap_or(text.len());
        if text[pos..end].trim_end() == fence {
            close = Some((pos, end));
            break;
        }
        pos = end;
    }
    let Some((close_start, close_end)) = close else {
        diags.push(
            Diagnostic::error(
                Kind::FrontMatter,
                Some(SourceSpan {
                    path: path.into(),
                    line: 1,
                    col: 1,
                    len: 3,
                }),
                format!("front matter opened with `{fence}` is never closed"),
            )
            .with_help(format!("add a line with `{fence}` after the last key")),
        );
        return (
            Split {
                front: FrontMatter::default(),
                body: "",
                body_offset: text.len(),
                body_line: text.matches('\n').count(),
                keys: Vec::new(),
            },
            diags,
        );
    };
    let block = &text[first_line_end..close_start];
    let parsed = if fence == "+++" {
        toml::from_str::<FrontMatter>(block).map_err(|e| {
            let (l, c) = e.span().map(|s| line_col(block, s.start)).unwrap_or((1, 1));
            (l, c, e.message().to_string())
        })
    } else if block.trim().is_empty() {
        Ok(FrontMatter::default())
    } else {
        serde_yaml_ng::from_str::<FrontMatter>(block).map_err(|e| {
            let (l, c) = e
                .location()
                .map(|loc| (loc.line(), loc.column()))
                .unwrap_or((1, 1));
            let msg = e.to_string();
            // serde_yaml appends " at line X column Y"; the span says that already.
            let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
            (l, c, msg)
        })
    };
    let mut keys = Vec::new();
    let front = match parsed {
        Ok(mut f) => {
            keys = map_other_keys(&mut f, block, fence == "+++");
            for k in &keys {
                if let KeyUse::Invalid { message } = &k.used {
                    diags.push(Diagnostic::warning(
                        Kind::FrontMatter,
                        Some(SourceSpan::at(path, k.line, k.col)),
                        format!("ignored front matter key {message}"),
                    ));
                }
            }
            f
        }
        Err((l, c, msg)) => {
            diags.push(Diagnostic::error(
                Kind::FrontMatter,
                Some(SourceSpan::at(path, l + 1, c)),
                format!("invalid front matter: {msg}"),
            ));
            FrontMatter::default()
        }
    };
    let body_line =
        text[..close_end].matches('\n').count() + usize::from(!text[..close_end].ends_with('\n'));
    (
        Split {
            front,
            body: &text[close_end..],
            body_offset: close_end,
            body_line,
            keys,
        },
        diags,
    )
}

/// Reads the block again as a generic table and applies the keys that are not Atlas's own.
fn map_other_keys(front: &mut FrontMatter, block: &str, toml: bool) -> Vec<KeyNote> {
    let table: Option<serde_json::Map<String, serde_json::Value>> = if toml {
        toml::from_str::<toml::Table>(block).ok().map(|t| {
            t.into_iter()
                .map(|(k, v)| (k, keys::toml_to_json(v)))
                .collect()
        })
    } else {
        serde_yaml_ng::from_str::<serde_json::Value>(block)
            .ok()
            .and_then(|v| match v {
                serde_json::Value::Object(m) => Some(m),
                _ => None,
            })
    };
    let Some(table) = table else {
        return Vec::new();
    };
    keys::apply(front, table, |k| keys::locate_key(block, k, toml))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_front_matter() {
        let text =
            "+++\ntitle = \"CDN\"\ntags = [\"net\"]\ndate = 2025-06-14\nweight = 3\n+++\nBody\n";
        let (s, d) = split("a.md", text);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(s.front.title.as_deref(), Some("CDN"));
        assert_eq!(s.front.tags, vec!["net"]);
        assert_eq!(s.front.date.unwrap().day(), "2025-06-14");
        assert_eq!(s.front.weight, Some(3));
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 6);
    }

    #[test]
    fn yaml_front_matter() {
        let text = "---\ntitle: Caching\naliases: [cache]\nupdated: 2024-01-02\n---\n# Hi\n";
        let (s, d) = split("a.md", text);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(s.front.title.as_deref(), Some("Caching"));
        assert_eq!(s.front.aliases, vec!["cache"]);
        assert_eq!(s.front.updated.unwrap().0, "2024-01-02");
        assert_eq!(s.body, "# Hi\n");
    }

    #[test]
    fn toml_error_has_file_coordinates() {
        let text = "+++\ntitle = \"A\"\nweight = \"heavy\"\n+++\nbody";
        let (s, d) = split("content/a.md", text);
        assert_eq!(d.len(), 1);
        let sp = d[0].span.clone().unwrap();
        assert_eq!((sp.line, sp.col), (3, 10));
        assert!(d[0].message.contains("invalid type"), "{}", d[0].message);
        assert_eq!(s.body, "body");
    }

    #[test]
    fn unknown_key_is_kept_and_noted() {
        let (s, d) = split("a.md", "+++\ntitle = \"T\"\ntitel = \"A\"\n+++\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(s.front.title.as_deref(), Some("T"));
        assert_eq!(s.front.extra["titel"], "A");
        assert_eq!((s.keys[0].line, s.keys[0].col), (3, 1));
    }

    #[test]
    fn yaml_error_has_file_coordinates() {
        let text = "---\ntitle: A\ntags: [a, b\n---\nbody";
        let (_, d) = split("a.md", text);
        assert_eq!(d.len(), 1);
        assert!(d[0].span.as_ref().unwrap().line >= 3, "{:?}", d[0]);
    }

    #[test]
    fn unclosed_front_matter() {
        let (s, d) = split("a.md", "+++\ntitle = \"A\"\n\nbody\n");
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("never closed"));
        assert_eq!(s.body, "");
    }

    #[test]
    fn bad_date() {
        let (_, d) = split("a.md", "+++\ndate = \"yesterday\"\n+++\n");
        assert!(d[0].message.contains("YYYY-MM-DD"), "{}", d[0].message);
    }

    #[test]
    fn no_front_matter() {
        let (s, d) = split("a.md", "# Title\ntext");
        assert!(d.is_empty());
        assert_eq!(s.body_line, 0);
        assert_eq!(s.front, FrontMatter::default());
    }
}
