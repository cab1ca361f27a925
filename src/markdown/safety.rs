//! Untrusted markdown: the allowlist raw HTML is cleaned with (ammonia), the URL schemes
//! links and images may use, and a scan that locates each construct cleaning removes, so
//! that `atlas check` can report it at `file:line:col`.
//!
//! The scan only reports; ammonia alone decides what is removed. Both read the same tables.

use pulldown_cmark::Event;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// Tags a note's raw HTML may use (what knowledge bases write), plus the tags Atlas
/// itself generates around them (MathML, task-list inputs).
const TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "input",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
    "math",
    "mi",
    "mn",
    "mo",
    "ms",
    "mtext",
    "mrow",
    "msup",
    "msub",
    "msubsup",
    "mfrac",
    "msqrt",
    "mroot",
    "mover",
    "munder",
    "munderover",
    "mtable",
    "mtr",
    "mtd",
    "mspace",
    "mpadded",
    "mphantom",
    "menclose",
    "mstyle",
    "semantics",
    "annotation",
    "merror",
    FRAGMENT_TAG,
];

/// Tags removed together with everything inside them.
const CLEAN_CONTENT_TAGS: &[&str] = &[
    "script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "textarea",
    "select", "frameset", "frame", "applet",
];

/// Attributes allowed on every tag.
const GENERIC_ATTRIBUTES: &[&str] = &[
    "class",
    "id",
    "title",
    "lang",
    "dir",
    "role",
    "aria-label",
    "aria-hidden",
    "data-lang",
    "display",
    "mathvariant",
    "loading",
    "type",
    "checked",
    "disabled",
];

/// Attributes allowed on one tag.
const TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href", "hreflang"]),
    ("img", &["src", "alt", "width", "height"]),
    ("td", &["colspan", "rowspan", "align"]),
    ("th", &["colspan", "rowspan", "align", "scope"]),
    ("col", &["span"]),
    ("colgroup", &["span"]),
    ("ol", &["start", "reversed"]),
    ("li", &["value"]),
    ("details", &["open"]),
    ("time", &["datetime"]),
    ("abbr", &["title"]),
    ("q", &["cite"]),
    ("blockquote", &["cite"]),
    ("del", &["cite", "datetime"]),
    ("ins", &["cite", "datetime"]),
    (FRAGMENT_TAG, &["data-n"]),
];

/// Attributes holding a URL.
const URL_ATTRIBUTES: &[&str] = &["href", "src", "cite", "action", "formaction", "xlink:href"];

/// URL schemes a link may use (anything else, `javascript:` first, is removed).
const SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// `data:` media types an image may use (not SVG, which can carry script).
const DATA_IMAGES: &[&str] = &[
    "data:image/png",
    "data:image/jpeg",
    "data:image/jpg",
    "data:image/gif",
    "data:image/webp",
    "data:image/avif",
];

/// The element standing for a piece of HTML Atlas generated (code, math, links) while a
/// note's HTML is cleaned; it is swapped back afterwards.
const FRAGMENT_TAG: &str = "atlas-fragment";

/// True when `url` may be an `href` (or, with `image`, an image `src`): relative, or
/// `http(s)`, `mailto`, `tel`, or for images a raster `data:image/…`.
pub fn url_allowed(url: &str, image: bool) -> bool {
    // Browsers ignore ASCII whitespace and control characters inside a scheme.
    let folded: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .take(64)
        .collect::<String>()
        .to_ascii_lowercase();
    let scheme_end = folded.find(':');
    let path_start = folded.find(['/', '?', '#']);
    let scheme = match (scheme_end, path_start) {
        (Some(c), Some(p)) if p < c => return true,
        (Some(c), _) => &folded[..c],
        (None, _) => return true,
    };
    if SCHEMES.contains(&scheme) {
        return true;
    }
    image
        && scheme == "data"
        && DATA_IMAGES.iter().any(|t| {
            folded
                .strip_prefix(t)
                .is_some_and(|rest| rest.starts_with([';', ',']))
        })
}

fn attribute_allowed(tag: &str, attr: &str) -> bool {
    GENERIC_ATTRIBUTES.contains(&attr)
        || TAG_ATTRIBUTES
            .iter()
            .any(|(t, attrs)| *t == tag && attrs.contains(&attr))
}

/// Cleans `html` (a note's rendered body, its own raw HTML included) with the allowlist.
pub fn clean(html: &str) -> String {
    let tag_attributes: HashMap<&str, HashSet<&str>> = TAG_ATTRIBUTES
        .iter()
        .map(|(t, a)| (*t, a.iter().copied().collect()))
        .collect();
    ammonia::Builder::empty()
        .tags(TAGS.iter().copied().collect())
        .clean_content_tags(CLEAN_CONTENT_TAGS.iter().copied().collect())
        .generic_attributes(GENERIC_ATTRIBUTES.iter().copied().collect())
        .tag_attributes(tag_attributes)
        .url_schemes(SCHEMES.iter().copied().chain(["data"]).collect())
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(None)
        .strip_comments(true)
        .attribute_filter(|tag, attr, value| {
            let keep = !URL_ATTRIBUTES.contains(&attr)
                || url_allowed(value, tag == "img" && attr == "src");
            keep.then(|| value.into())
        })
        .clean(html)
        .to_string()
}

/// Cleans a rendered body in which Atlas's own HTML pieces (`generated[n]`) stand as
/// placeholders made by [`placeholder`]: the note's raw HTML is cleaned, Atlas's pieces
/// come back as they were (code, math and diagrams are not touched).
pub fn clean_around(html: &str, generated: &[String]) -> String {
    let cleaned = clean(html);
    let open = format!("<{FRAGMENT_TAG}");
    let close = format!("</{FRAGMENT_TAG}>");
    let extra: usize = generated.iter().map(String::len).sum();
    let mut out = String::with_capacity(cleaned.len() + extra);
    let mut rest = cleaned.as_str();
    while let Some(i) = rest.find(&open) {
        out.push_str(&rest[..i]);
        let Some(len) = rest[i..].find(&close).map(|e| e + close.len()) else {
            rest = &rest[i + open.len()..];
            continue;
        };
        let element = &rest[i..i + len];
        // Only the exact placeholders Atlas wrote come back; a note imitating one is dropped.
        let n = element
            .strip_prefix(&format!("<{FRAGMENT_TAG} data-n=\""))
            .and_then(|r| r.split('"').next())
            .and_then(|d| d.parse::<usize>().ok())
            .filter(|&n| n < generated.len() && element == placeholder(n));
        if let Some(n) = n {
            out.push_str(&generated[n]);
        }
        rest = &rest[i + len..];
    }
    out.push_str(rest);
    out
}

/// The placeholder of Atlas's `n`th generated piece of HTML (see [`clean_around`]).
pub fn placeholder(n: usize) -> String {
    format!("<{FRAGMENT_TAG} data-n=\"{n}\"></{FRAGMENT_TAG}>")
}

/// One construct cleaning removes: byte offset in the scanned text and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removal {
    /// Byte offset of the construct in the scanned text.
    pub offset: usize,
    /// What is removed, for the warning.
    pub what: String,
}

/// Locates what cleaning removes from a piece of raw HTML: tags outside the allowlist,
/// event handlers and other attributes, URLs with a scheme that could run script.
pub fn scan(html: &str) -> Vec<Removal> {
    let mut found = Vec::new();
    let b = html.as_bytes();
    let mut i = 0;
    while let Some(lt) = html[i..].find('<').map(|p| p + i) {
        if html[lt..].starts_with("<!--") {
            i = html[lt..]
                .find("-->")
                .map(|p| lt + p + 3)
                .unwrap_or(b.len());
            continue;
        }
        let mut j = lt + 1;
        let closing = b.get(j) == Some(&b'/');
        if closing {
            j += 1;
        }
        let name_end = j + b[j..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-' || **c == b':')
            .count();
        if name_end == j || !b[j].is_ascii_alphabetic() {
            i = lt + 1;
            continue;
        }
        let tag = html[j..name_end].to_ascii_lowercase();
        let (attrs, end) = attributes(html, name_end);
        i = end;
        if closing || tag == FRAGMENT_TAG {
            continue;
        }
        if !TAGS.contains(&tag.as_str()) {
            let with = if CLEAN_CONTENT_TAGS.contains(&tag.as_str()) {
                " and its content"
            } else {
                ""
            };
            found.push(Removal {
                offset: lt,
                what: format!("`<{tag}>` element{with}"),
            });
            continue;
        }
        for (at, name, value) in attrs {
            let what = if !attribute_allowed(&tag, &name) {
                if name.starts_with("on") {
                    format!("event-handler attribute `{name}` on `<{tag}>`")
                } else {
                    format!("attribute `{name}` on `<{tag}>`")
                }
            } else if URL_ATTRIBUTES.contains(&name.as_str())
                && !url_allowed(&value, tag == "img" && name == "src")
            {
                format!("URL `{}` in `<{tag} {name}>`", shorten(&value))
            } else {
                continue;
            };
            found.push(Removal { offset: at, what });
        }
    }
    found
}

/// The attributes of a tag whose name ends at `from`: (offset, lowercase name, value),
/// and the offset just past the tag.
fn attributes(html: &str, from: usize) -> (Vec<(usize, String, String)>, usize) {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = from;
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() || b[i] == b'>' {
            return (out, (i + 1).min(b.len()));
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let name = html[start..i].to_ascii_lowercase();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if b.get(i) == Some(&b'=') {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            match b.get(i) {
                Some(q @ (b'"' | b'\'')) => {
                    let v_start = i + 1;
                    i = html[v_start..]
                        .find(*q as char)
                        .map(|p| v_start + p)
                        .unwrap_or(b.len());
                    value = html[v_start..i].to_string();
                    i = (i + 1).min(b.len());
                }
                _ => {
                    let v_start = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    value = html[v_start..i].to_string();
                }
            }
        }
        out.push((start, name, decode_entities(&value)));
    }
}

/// Decodes the character references that could hide a scheme (`&#106;avascript:`).
fn decode_entities(value: &str) -> String {
    if !value.contains('&') {
        return value.to_string();
    }
    let mut out = String::new();
    let mut rest = value;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let r = &after[..e];
            let n = match r.strip_prefix('#') {
                Some(h) if h.starts_with(['x', 'X']) => u32::from_str_radix(&h[1..], 16).ok(),
                Some(d) => d.parse().ok(),
                None => match r {
                    "colon" => Some(u32::from(':')),
                    "tab" => Some(9),
                    "newline" => Some(10),
                    _ => None,
                },
            };
            n.and_then(char::from_u32).map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn shorten(s: &str) -> String {
    let mut t: String = s.chars().take(40).collect();
    if t.len() < s.len() {
        t.push('…');
    }
    t
}

/// Every removal in the raw HTML of a note's events, as a byte offset in `body`.
/// Consecutive HTML block lines are scanned together, so a tag may span lines.
pub fn scan_events(body: &str, events: &[(Event<'_>, Range<usize>)]) -> Vec<Removal> {
    let mut found = Vec::new();
    let mut run: Vec<(&str, &Range<usize>)> = Vec::new();
    let mut flush = |run: &mut Vec<(&str, &Range<usize>)>| {
        if run.is_empty() {
            return;
        }
        let joined: String = run.iter().map(|(t, _)| *t).collect();
        let mut starts = Vec::with_capacity(run.len());
        let mut at = 0;
        for (t, _) in run.iter() {
            starts.push(at);
            at += t.len();
        }
        for r in scan(&joined) {
            let piece = starts.partition_point(|&s| s <= r.offset) - 1;
            let (text, range) = run[piece];
            let local = r.offset - starts[piece];
            let offset = match body.get((*range).clone()) {
                Some(src) if src == text => range.start + local,
                Some(src) => {
                    let probe: String = text[local..].chars().take(8).collect();
                    src.find(&probe)
                        .map(|p| range.start + p)
                        .unwrap_or(range.start)
                }
                None => range.start,
            };
            found.push(Removal {
                offset: offset.min(body.len()),
                what: r.what,
            });
        }
        run.clear();
    };
    for (ev, range) in events {
        match ev {
            Event::Html(h) => run.push((h.as_ref(), range)),
            Event::InlineHtml(h) => {
                flush(&mut run);
                run.push((h.as_ref(), range));
                flush(&mut run);
            }
            _ => flush(&mut run),
        }
    }
    flush(&mut run);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_judged_by_scheme() {
        for ok in [
            "https://x.org",
            "/a/b",
            "../c.md",
            "#top",
            "mailto:a@b",
            "x?y:z",
            "a/b:c",
        ] {
            assert!(url_allowed(ok, false), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            " JaVaScRiPt:alert(1)",
            "java\tscript:x",
            "vbscript:x",
            "data:text/html,<script>",
            "data:image/svg+xml,<svg>",
        ] {
            assert!(!url_allowed(bad, false) && !url_allowed(bad, true), "{bad}");
        }
        assert!(url_allowed("data:image/png;base64,AAAA", true));
        assert!(!url_allowed("data:image/png;base64,AAAA", false));
    }

    #[test]
    fn cleaning_keeps_what_notes_use() {
        let kept = "<details><summary>More</summary><p><kbd>Ctrl</kbd> x<sub>2</sub> y<sup>3</sup> <mark>m</mark><br></p></details>";
        assert_eq!(clean(kept), kept);
        let table = "<table><thead><tr><th colspan=\"2\">h</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>";
        assert_eq!(clean(table), table);
        assert_eq!(
            clean("<img src=\"https://x.org/a.png\" alt=\"a\">"),
            "<img src=\"https://x.org/a.png\" alt=\"a\">"
        );
    }

    #[test]
    fn cleaning_removes_script_everywhere() {
        let html = "<script>alert(1)</script><img src=x onerror=alert(1)><iframe src=//e></iframe>\
                    <object data=x></object><style>*{}</style><a href=\"javascript:alert(1)\">a</a>\
                    <a href=\"vbscript:x\">b</a><a href=\"data:text/html,x\">c</a><b style=\"x\" onclick=\"y\">d</b>\
                    <svg><script>alert(2)</script></svg><a href=\"&#106;avascript:alert(3)\">e</a>";
        let out = clean(html).to_ascii_lowercase();
        for gone in [
            "script",
            "onerror",
            "iframe",
            "object",
            "style",
            "javascript",
            "vbscript",
            "data:",
            "onclick",
            "svg",
            "alert",
        ] {
            assert!(!out.contains(gone), "{gone} in {out}");
        }
    }

    #[test]
    fn scan_locates_each_removal() {
        let html = "<p>ok</p>\n<img src=x onerror=alert(1)>\n<script>x</script><a href='JavaScript:y'>a</a><b style=\"c\">b</b><a href=\"&#106;avascript:z\">e</a>";
        let found = scan(html);
        let what: Vec<_> = found.iter().map(|r| (r.offset, r.what.as_str())).collect();
        assert_eq!(what.len(), 5, "{what:?}");
        assert_eq!(&html[found[0].offset..found[0].offset + 7], "onerror");
        assert_eq!(&html[found[1].offset..found[1].offset + 7], "<script");
        assert!(found[2].what.contains("JavaScript:y"));
        assert!(found[3].what.contains("style"));
        assert!(found[4].what.contains("javascript:z"), "{:?}", found[4]);
        assert!(scan("<details open><summary>s</summary></details>").is_empty());
    }

    #[test]
    fn placeholders_come_back_and_imitations_go() {
        let generated = vec!["<pre class=\"code\"><code>&lt;script&gt;</code></pre>".to_string()];
        let html = format!(
            "<p>a</p>{}<script>x</script><atlas-fragment data-n=\"7\"></atlas-fragment>",
            placeholder(0)
        );
        assert_eq!(
            clean_around(&html, &generated),
            format!("<p>a</p>{}", generated[0])
        );
    }
}
