//! Link previews: for each internal link of a page, the target's title, section and a
//! short excerpt, made at build time and embedded in the page (no page fetching).

use crate::content::ContentTree;
use crate::markdown::ParsedDoc;
use serde::Serialize;
use std::collections::BTreeMap;

/// Characters of excerpt per preview.
pub const EXCERPT_CHARS: usize = 240;

#[derive(Debug, Serialize)]
struct Preview<'a> {
    /// Title (with the section heading when the link has an anchor).
    t: String,
    /// Excerpt.
    x: String,
    /// Description of the note.
    #[serde(skip_serializing_if = "str::is_empty")]
    d: &'a str,
}

fn excerpt(text: &str) -> String {
    if text.chars().count() <= EXCERPT_CHARS {
        return text.to_string();
    }
    let cut: String = text.chars().take(EXCERPT_CHARS).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > EXCERPT_CHARS / 2 => &cut[..i],
        _ => &cut,
    };
    format!("{cut}…")
}

/// JSON object `{ href: {t, x, d} }` for the links `(href, target, anchor)` of one page,
/// safe to embed in a `<script type="application/json">`.
pub fn previews_json(
    tree: &ContentTree,
    parsed: &[ParsedDoc<'_>],
    links: impl IntoIterator<Item = (String, usize, Option<String>)>,
) -> String {
    let mut map: BTreeMap<String, Preview<'_>> = BTreeMap::new();
    for (href, target, anchor) in links {
        if map.contains_key(&href) {
            continue;
        }
        let doc = &tree.docs[target];
        let info = &*parsed[target].info;
        let section = match &anchor {
            Some(a) => info
                .sections
                .iter()
                .find(|s| s.anchor.as_deref() == Some(a)),
            None => info.sections.first(),
        };
        let title = match section
            .and_then(|s| s.heading.as_ref())
            .filter(|_| anchor.is_some())
        {
            Some(h) => format!("{} › {h}", doc.title),
            None => doc.title.clone(),
        };
        let text = section.map(|s| &*s.text).unwrap_or("");
        map.insert(
            href,
            Preview {
                t: title,
                x: excerpt(text),
                d: doc.front.description.as_deref().unwrap_or(""),
            },
        );
    }
    serde_json::to_string(&map)
        .unwrap_or_else(|_| "{}".into())
        .replace("</", "<\\/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_cut_at_words() {
        let long = "word ".repeat(100);
        let e = excerpt(&long);
        assert!(e.ends_with('…'));
        assert!(e.chars().count() <= EXCERPT_CHARS + 1);
        assert_eq!(excerpt("short"), "short");
    }
}
