//! Single-note rewrites of other tools' syntax into Atlas markdown, done once when a note
//! is loaded: Obsidian `%%comments%%`, `^block-id` markers and inline `#tags`; Hugo
//! `{{< ref >}}`/`{{< relref >}}`; Zola `@/path.md` links; Docusaurus `:::note` admonitions.
//! Other Hugo and Zola shortcodes are left as text and noted for the migration report.
//! Nothing inside code (fenced or inline) is touched.

use super::slug::{path_slug, relative_path};
use super::sourcemap::{Rewriter, SourceMap};
use crate::escape::html as escape;

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

/// What rewriting one note produced.
#[derive(Debug, Default)]
pub struct Rewritten {
    /// The new body and its map back to the source (`None`: unchanged).
    pub body: Option<(String, SourceMap)>,
    /// Inline `#tags`, in order of first use.
    pub tags: Vec<String>,
    /// `^block-id` markers (without `^`).
    pub block_ids: Vec<String>,
    /// Conventions met.
    pub findings: Vec<Finding>,
}

struct State<'a> {
    body: &'a str,
    dir: &'a str,
    first_line: usize,
    rw: Rewriter<'a>,
    out: Rewritten,
}

impl State<'_> {
    fn note(&mut self, tool: &'static str, what: String, understood: bool, pos: usize) {
        let before = &self.body[..pos];
        let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
        self.out.findings.push(Finding {
            tool,
            what,
            understood,
            line: self.first_line + before.matches('\n').count(),
            col: before[line_start..].chars().count() + 1,
        });
    }
}

/// Rewrites `body` (of a note in folder `dir`, whose first body line is file line
/// `first_line`). Fast path: bodies without any trigger character are not scanned.
pub fn rewrite(body: &str, dir: &str, first_line: usize) -> Rewritten {
    // `#` first: nearly every note has a heading, so the test usually stops there.
    let triggers = ["#", "^", "%%", "{{", "@/", ":::"];
    if !triggers.iter().any(|t| body.contains(t)) {
        return Rewritten::default();
    }
    let mut st = State {
        body,
        dir,
        first_line,
        rw: Rewriter::new(body),
        out: Rewritten::default(),
    };
    let mut fence: Option<(u8, usize)> = None;
    let mut comment_from: Option<usize> = None;
    let mut admonitions = 0usize;
    let mut pos = 0;
    while pos < body.len() {
        let end = body[pos..]
            .find('\n')
            .map(|i| pos + i)
            .unwrap_or(body.len());
        let line = &body[pos..end];
        let next = (end + 1).min(body.len());
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some((ch, n)) = fence {
            let run = trimmed.bytes().take_while(|&b| b == ch).count();
            if run >= n && trimmed[run..].trim().is_empty() {
                fence = None;
            }
            pos = next;
            continue;
        }
        if let Some(from) = comment_from {
            if let Some(i) = line.find("%%") {
                st.rw.replace(from..pos + i + 2, "");
                comment_from = None;
                scan_inline(&mut st, pos + i + 2, end, &mut comment_from);
            }
            pos = next;
            continue;
        }
        let fence_char = trimmed.bytes().next().filter(|b| *b == b'`' || *b == b'~');
        if let (Some(ch), true) = (fence_char, indent < 4) {
            let run = trimmed.bytes().take_while(|&b| b == ch).count();
            if run >= 3 {
                fence = Some((ch, run));
                pos = next;
                continue;
            }
        }
        if indent < 4
            && trimmed.starts_with(":::")
            && admonition(&mut st, pos + indent, end, &mut admonitions)
        {
            pos = next;
            continue;
        }
        scan_inline(&mut st, pos, end, &mut comment_from);
        pos = next;
    }
    if let Some(from) = comment_from {
        // An unclosed `%%` comments out the rest of the note, as in Obsidian.
        st.rw.replace(from..body.len(), "");
    }
    let mut out = st.out;
    out.body = st.rw.finish();
    out
}

/// A Docusaurus `:::type Title` / `:::type[Title]` opening or `:::` closing line.
fn admonition(st: &mut State<'_>, start: usize, end: usize, open: &mut usize) -> bool {
    let body = st.body;
    let line = &body[start..end];
    let rest = line.trim_start_matches(':').trim_end();
    if rest.is_empty() {
        if *open == 0 {
            return false;
        }
        *open -= 1;
        st.rw.replace(start..end, "\n</div>");
        return true;
    }
    let kind: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    let title = rest[kind.len()..]
        .trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .split('{')
        .next()
        .unwrap_or("")
        .trim();
    let (class, label) = match kind.as_str() {
        "note" => ("note", "Note"),
        "tip" => ("tip", "Tip"),
        "info" => ("note", "Info"),
        "important" => ("important", "Important"),
        "warning" => ("warning", "Warning"),
        "caution" => ("warning", "Caution"),
        "danger" => ("caution", "Danger"),
        _ => {
            st.note("Docusaurus", format!(":::{kind} block"), false, start);
            return false;
        }
    };
    let label = if title.is_empty() {
        label.to_string()
    } else {
        escape(title)
    };
    *open += 1;
    st.rw.replace(
        start..end,
        &format!("<div class=\"callout callout-{class}\" role=\"note\"><p class=\"callout-title\">{label}</p>\n"),
    );
    st.note("Docusaurus", format!(":::{kind} admonition"), true, start);
    true
}

/// Inline constructs of one line (`from..end`), outside code spans.
fn scan_inline(st: &mut State<'_>, from: usize, end: usize, comment_from: &mut Option<usize>) {
    let body = st.body;
    let line_start = body[..from].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let whole = &body[line_start..end];
    let t = whole.trim_start();
    let heading = t.starts_with('#') && {
        let h = t.trim_start_matches('#');
        h.is_empty() || h.starts_with(' ') || h.starts_with('\t')
    };
    let bytes = body.as_bytes();
    let mut brackets = 0usize;
    let mut i = from;
    while i < end {
        let rest = &body[i..end];
        let b = bytes[i];
        match b {
            b'`' => {
                let run = rest.bytes().take_while(|&c| c == b'`').count();
                let ticks = &rest[..run];
                i = match rest[run..].find(ticks) {
                    Some(j) => i + run + j + run,
                    None => i + run,
                };
                continue;
            }
            b'\\' => {
                i += 1 + body[i + 1..]
                    .chars()
                    .next()
                    .map(char::len_utf8)
                    .unwrap_or(0);
                continue;
            }
            b'<' if rest[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/') => {
                // Raw HTML tag: attributes (`style="color: #fff"`) are not prose.
                i += rest.find('>').unwrap_or(rest.len());
                continue;
            }
            b'%' if rest.starts_with("%%") => match rest[2..].find("%%") {
                Some(j) => {
                    st.rw.replace(i..i + 2 + j + 2, "");
                    st.note("Obsidian", "%%comment%%".into(), true, i);
                    i += 2 + j + 2;
                    continue;
                }
                None => {
                    *comment_from = Some(i);
                    st.note("Obsidian", "%%comment%%".into(), true, i);
                    return;
                }
            },
            b'{' if rest.starts_with("{{<") || rest.starts_with("{{%") => {
                i += hugo_shortcode(st, i, end);
                continue;
            }
            b'{' if rest.starts_with("{{ ") || rest.starts_with("{% ") => {
                zola_shortcode(st, i, end);
            }
            b'[' => brackets += 1,
            b']' => {
                brackets = brackets.saturating_sub(1);
                if rest.starts_with("](@/") || rest.starts_with("]: @/") {
                    let at = i + rest.find("@/").unwrap_or(0);
                    i = zola_link(st, at, end);
                    continue;
                }
                if rest.starts_with("](") {
                    // A link destination is not prose (but may hold a Hugo `ref`).
                    let dest = rest.find(')').unwrap_or(rest.len());
                    i += if rest[..dest].contains("{{") { 2 } else { dest };
                    continue;
                }
            }
            b'^' => {
                if let Some(n) = block_id(st, i, end) {
                    i += n;
                    continue;
                }
            }
            b'#' if !heading => {
                if let Some(n) = inline_tag(st, i, end, brackets > 0) {
                    i += n;
                    continue;
                }
            }
            _ => {}
        }
        // On to the next byte any arm above looks at (all ASCII, so a char boundary).
        i += rest.chars().next().map(char::len_utf8).unwrap_or(1);
        i += bytes[i.min(end)..end]
            .iter()
            .position(|&c| INLINE_TRIGGERS[c as usize])
            .unwrap_or(end.saturating_sub(i));
    }
}

/// The bytes [`scan_inline`] acts on; it skips every other byte.
static INLINE_TRIGGERS: [bool; 256] = {
    let mut t = [false; 256];
    let mut k = 0;
    let bytes = b"`\\<%{[]^#";
    while k < bytes.len() {
        t[bytes[k] as usize] = true;
        k += 1;
    }
    t
};

/// `{{< name … >}}` or `{{% name … %}}` at `at`; returns the bytes consumed.
fn hugo_shortcode(st: &mut State<'_>, at: usize, end: usize) -> usize {
    let body = st.body;
    let rest = &body[at..end];
    let close = if rest.starts_with("{{<") {
        ">}}"
    } else {
        "%}}"
    };
    let Some(len) = rest.find(close).map(|j| j + 3) else {
        return 3;
    };
    let inner = rest[3..len - 3].trim();
    let name = inner.split_whitespace().next().unwrap_or("");
    if name.starts_with('/') {
        return len; // A closing tag: its opener was counted.
    }
    if name == "ref" || name == "relref" {
        let target = inner
            .split('"')
            .nth(1)
            .map(str::to_string)
            .unwrap_or_else(|| inner[name.len()..].trim().to_string());
        let path = match target.strip_prefix('/') {
            Some(from_root) => relative_path(st.dir, from_root),
            None => target,
        };
        st.rw.replace(at..at + len, &path);
        st.note("Hugo", format!("{{{{< {name} >}}}} link"), true, at);
    } else {
        st.note(
            "Hugo",
            format!("{} {name} {close} shortcode (left as text)", &rest[..3]),
            false,
            at,
        );
    }
    len
}

/// Zola `{{ name(…) }}` / `{% name(…) %}` shortcodes: noted, left as text.
fn zola_shortcode(st: &mut State<'_>, at: usize, end: usize) {
    let body = st.body;
    let rest = &body[at + 3..end];
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let closes = if body[at..].starts_with("{{") {
        "}}"
    } else {
        "%}"
    };
    if !name.is_empty() && rest[name.len()..].starts_with('(') && rest.contains(closes) {
        st.note(
            "Zola",
            format!("{name}() shortcode (left as text)"),
            false,
            at,
        );
    }
}

/// `@/section/page.md#anchor` at `at`: rewritten relative to the note; returns the end.
fn zola_link(st: &mut State<'_>, at: usize, end: usize) -> usize {
    let body = st.body;
    let rest = &body[at + 2..end];
    let len = rest
        .find(|c: char| c == ')' || c == '#' || c.is_whitespace())
        .unwrap_or(rest.len());
    let path = relative_path(st.dir, &rest[..len]);
    st.rw.replace(at..at + 2 + len, &path);
    st.note("Zola", "@/path.md link".into(), true, at);
    at + 2 + len
}

/// A `^block-id` at the end of a line: the block gets that id. Returns the bytes consumed.
fn block_id(st: &mut State<'_>, at: usize, end: usize) -> Option<usize> {
    let body = st.body;
    let id = &body[at + 1..end].trim_end();
    let preceded = at == 0 || matches!(body.as_bytes()[at - 1], b' ' | b'\t' | b'\n');
    if !preceded || id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return None;
    }
    let id = id.to_string();
    st.rw.replace(
        at..at + 1 + id.len(),
        &format!("<span id=\"^{id}\" class=\"block-id\"></span>"),
    );
    st.note("Obsidian", "^block-id".into(), true, at);
    let n = 1 + id.len();
    st.out.block_ids.push(id);
    Some(n)
}

/// An inline `#tag` (a letter first; at a word boundary) becomes a tag and a link to its page.
fn inline_tag(st: &mut State<'_>, at: usize, end: usize, in_link_text: bool) -> Option<usize> {
    let body = st.body;
    let preceded = at == 0 || matches!(body.as_bytes()[at - 1], b' ' | b'\t' | b'\n');
    let rest = &body[at + 1..end];
    if !preceded || !rest.starts_with(|c: char| c.is_alphabetic()) {
        return None;
    }
    let len = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-' || c == '/'))
        .unwrap_or(rest.len());
    let tag = rest[..len].trim_end_matches(['/', '-']);
    let slug = path_slug(tag);
    if slug.is_empty() {
        return None;
    }
    if !st.out.tags.iter().any(|t| t == tag) {
        st.out.tags.push(tag.to_string());
    }
    if !in_link_text {
        st.rw
            .replace(at..at + 1 + tag.len(), &format!("[#{tag}](/tags/{slug}/)"));
    }
    st.note("Obsidian", "inline #tag".into(), true, at);
    Some(1 + tag.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(src: &str) -> String {
        rewrite(src, "sec", 1)
            .body
            .map(|(b, _)| b)
            .unwrap_or_else(|| src.to_string())
    }

    #[test]
    fn comments_are_dropped_outside_code() {
        assert_eq!(body("a %%hidden%% b\n"), "a  b\n");
        assert_eq!(body("a\n%%\nmany\nlines\n%%\nb\n"), "a\n\nb\n");
        assert_eq!(body("`%%kept%%`\n"), "`%%kept%%`\n");
        assert_eq!(body("```\n%%kept%%\n```\n"), "```\n%%kept%%\n```\n");
    }

    #[test]
    fn hugo_refs_and_zola_links_become_relative_paths() {
        assert_eq!(
            body("[a]({{< ref \"b.md#x\" >}}) [c]({{% relref \"/other/d.md\" %}})\n"),
            "[a](b.md#x) [c](../other/d.md)\n"
        );
        assert_eq!(body("[z](@/other/p.md#h)\n"), "[z](../other/p.md#h)\n");
        let r = rewrite("{{< youtube abc >}}\n{{ figure(src=\"x\") }}\n", "", 1);
        assert!(r.body.is_none());
        let ignored: Vec<_> = r.findings.iter().filter(|f| !f.understood).collect();
        assert_eq!(ignored.len(), 2, "{:?}", r.findings);
        assert_eq!((ignored[1].line, ignored[1].col), (2, 1));
    }

    #[test]
    fn admonitions_become_callouts() {
        let out = body(":::tip[Be quick]\nText **here**.\n:::\n");
        assert!(out.starts_with("<div class=\"callout callout-tip\" role=\"note\"><p class=\"callout-title\">Be quick</p>\n\nText"), "{out}");
        assert!(out.ends_with("\n\n</div>\n"), "{out}");
        assert!(body(":::danger\nx\n:::\n").contains("callout-caution"));
    }

    #[test]
    fn inline_tags_but_not_headings_code_urls_or_anchors() {
        let src = "# Heading #nottag\nSee #design and #ops/oncall. C# and `#code` and [x](#anchor) and https://a.b/#frag #123 <b style=\"color: #fff\">\n";
        let r = rewrite(src, "", 1);
        assert_eq!(r.tags, ["design", "ops/oncall"]);
        let out = r.body.unwrap().0;
        assert!(out.contains("[#design](/tags/design/)"), "{out}");
        assert!(out.contains("(#anchor)") && out.contains("#fff") && out.contains("#123"));
    }

    #[test]
    fn block_ids_get_an_anchor() {
        let r = rewrite("A paragraph. ^para-1\n\nx^2 stays\n", "", 1);
        assert_eq!(r.block_ids, ["para-1"]);
        let out = r.body.unwrap().0;
        assert!(out.contains("<span id=\"^para-1\" class=\"block-id\"></span>"));
        assert!(out.contains("x^2 stays"));
    }
}
