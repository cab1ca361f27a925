//! Resolution of every link form to a final URL, with located errors and suggestions.
//!
//! Forms: relative `.md` paths (`../caching/cdn.md#push`), site paths (`/caching/cdn/`),
//! same-page anchors (`#consistency`), wikilinks (`[[cdn]]`, `[[caching/cdn|a CDN]]`,
//! `[[cdn#push]]`), assets next to notes, and external URLs (left as they are).

use super::index::LinkIndex;
use super::suggest::{closest, closest_within, relative_path};
use crate::config::Level;
use crate::content::SourceDoc;
use crate::diagnostics::{Diagnostic, Kind, Severity};
use crate::markdown::{LinkKind, LinkRef, ResolvedLink};

/// The links of one document after resolution.
#[derive(Debug, Clone, Default)]
pub struct DocLinks {
    /// One entry per link of the document, in order.
    pub resolved: Vec<ResolvedLink>,
    /// Internal targets: (link number, target document, anchor).
    pub edges: Vec<(usize, usize, Option<String>)>,
    /// Broken links, ambiguous wikilinks.
    pub diags: Vec<Diagnostic>,
}

enum Found {
    Doc(usize),
    Url(String),
    Missing { suggestion: Option<String> },
}

/// True for URLs that leave the site (`https://…`, `mailto:`, `//cdn…`).
pub fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-' || c == '.')
                && !dest[..i].contains('/')
        }
        None => false,
    }
}

/// Normalises `a/./b/../c` to `a/c`; `None` when `..` climbs above the root.
pub(crate) fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            _ => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// Resolves all links of document `doc_idx`.
pub fn resolve_doc_links(
    index: &LinkIndex<'_>,
    doc_idx: usize,
    links: &[LinkRef],
    broken: Level,
) -> DocLinks {
    let mut r = DocResolver {
        index,
        doc_idx,
        doc: &index.tree.docs[doc_idx],
        severity: match broken {
            Level::Error => Severity::Error,
            Level::Warn => Severity::Warning,
        },
        out: DocLinks::default(),
    };
    for (n, link) in links.iter().enumerate() {
        r.link(n, link);
    }
    r.out
}

/// Resolves the links of one document into its [`DocLinks`].
struct DocResolver<'i, 't> {
    index: &'i LinkIndex<'t>,
    doc_idx: usize,
    doc: &'t SourceDoc,
    /// How broken links and anchors are reported.
    severity: Severity,
    out: DocLinks,
}

impl DocResolver<'_, '_> {
    /// Resolves link number `n`.
    fn link(&mut self, n: usize, link: &LinkRef) {
        let dest = link.dest.trim();
        if is_external(dest) {
            return self.push(dest.to_string(), false, None);
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(decode(f))),
            None => (dest, None),
        };
        let path = decode(path.split('?').next().unwrap_or(""));
        let found = if path.is_empty() {
            if fragment.is_none() {
                self.out.diags.push(
                    Diagnostic::error(
                        Kind::BrokenLink,
                        Some(link.span.clone()),
                        "link has an empty destination",
                    )
                    .with_severity(self.severity),
                );
                return self.push(String::new(), true, None);
            }
            Found::Doc(self.doc_idx)
        } else {
            match link.kind {
                LinkKind::Wiki { .. } | LinkKind::WikiImage => {
                    find_wiki(self.index, self.doc, &path, &mut self.out.diags, link)
                }
                _ if path.starts_with('/') => find_site_path(self.index, &path),
                _ => find_relative(self.index, self.doc, &path),
            }
        };
        match found {
            Found::Url(href) => self.push(href, false, None),
            Found::Missing { suggestion } => self.missing(link, suggestion),
            Found::Doc(target) => self.link_to_doc(n, link, target, &path, fragment),
        }
    }

    fn push(&mut self, href: String, broken: bool, label: Option<String>) {
        self.out.resolved.push(ResolvedLink {
            href,
            broken,
            label,
        });
    }

    /// A link to nothing: an error (with a suggestion when one is close), kept as written.
    fn missing(&mut self, link: &LinkRef, suggestion: Option<String>) {
        let what = if matches!(link.kind, LinkKind::Image | LinkKind::WikiImage) {
            "image"
        } else {
            "note or file"
        };
        let mut d = Diagnostic::error(
            Kind::BrokenLink,
            Some(link.span.clone()),
            format!("broken link: no {what} at `{}`", link.dest),
        )
        .with_severity(self.severity);
        if let Some(s) = suggestion {
            d = d.with_help(format!("did you mean `{s}`?"));
        }
        self.out.diags.push(d);
        self.push(link.dest.clone(), true, None);
    }

    /// A link to note `target`, with an optional anchor (checked against its headings,
    /// block ids and renamed anchors).
    fn link_to_doc(
        &mut self,
        n: usize,
        link: &LinkRef,
        target: usize,
        path: &str,
        fragment: Option<String>,
    ) {
        let index = self.index;
        let t = &index.tree.docs[target];
        let fragment = fragment.map(|f| self.heading_text_to_id(link, target, f));
        let mut href = if target == self.doc_idx && path.is_empty() {
            String::new()
        } else {
            index.url(&t.url)
        };
        let mut broken_anchor = false;
        let mut label = Some(t.title.clone());
        if let Some(f) = &fragment {
            if !f.is_empty() {
                let block = f
                    .strip_prefix('^')
                    .is_some_and(|b| t.block_ids.iter().any(|id| id == b));
                if block || index.anchors[target].contains(f.as_str()) {
                    if let Some(h) = index.headings[target].iter().find(|h| &h.id == f) {
                        label = Some(h.text.clone());
                    }
                } else if let Some(new) = index.renamed[target].get(f.as_str()) {
                    return self.link_to_renamed(n, link, target, f, new, href);
                } else {
                    broken_anchor = true;
                    self.broken_anchor(link, target, path, f);
                }
            }
            href.push('#');
            href.push_str(f);
        }
        if target != self.doc_idx {
            self.out
                .edges
                .push((n, target, fragment.clone().filter(|f| !f.is_empty())));
        }
        self.push(href, broken_anchor, label);
    }

    /// Obsidian links name headings by their text: `[[note#Heading Text]]` points at
    /// the heading's id when the text is not an anchor itself.
    fn heading_text_to_id(&self, link: &LinkRef, target: usize, f: String) -> String {
        let anchors = &self.index.anchors[target];
        if !matches!(link.kind, LinkKind::Wiki { .. } | LinkKind::WikiImage)
            || anchors.contains(f.as_str())
        {
            return f;
        }
        let id = crate::content::slug::heading_slug(&f);
        if anchors.contains(id.as_str()) {
            id
        } else {
            f
        }
    }

    /// A link to `#old` of a heading renamed to `#new`: the old anchor still works on
    /// the page, so it is a warning, and the link points at the new one.
    fn link_to_renamed(
        &mut self,
        n: usize,
        link: &LinkRef,
        target: usize,
        old: &str,
        new: &str,
        mut href: String,
    ) {
        let t = &self.index.tree.docs[target];
        self.out.diags.push(
            Diagnostic::warning(
                Kind::RenamedAnchor,
                Some(link.span.clone()),
                format!(
                    "links to `#{old}` in `{}`, a heading renamed to `#{new}`",
                    t.path
                ),
            )
            .with_help(format!("update the link to `#{new}`"))
            .with_target(&t.path),
        );
        let label = match self.index.headings[target].iter().find(|h| h.id == new) {
            Some(h) => Some(h.text.clone()),
            None => Some(t.title.clone()),
        };
        href.push('#');
        href.push_str(new);
        if target != self.doc_idx {
            self.out.edges.push((n, target, Some(new.to_string())));
        }
        self.push(href, false, label);
    }

    /// The error for `#f` that names no heading of `target`, with the closest id as a
    /// suggestion written the way the link was.
    fn broken_anchor(&mut self, link: &LinkRef, target: usize, path: &str, f: &str) {
        let t = &self.index.tree.docs[target];
        let cands = self.index.headings[target].iter().map(|h| h.id.as_str());
        let mut d = Diagnostic::error(
            Kind::BrokenAnchor,
            Some(link.span.clone()),
            format!("broken anchor: `{}` has no heading `#{f}`", t.path),
        )
        .with_severity(self.severity)
        .with_target(&t.path);
        if let Some(s) = closest_within(f, cands, 0.6) {
            let shown = if target == self.doc_idx {
                format!("#{s}")
            } else if link.kind != LinkKind::Markdown || path.starts_with('/') {
                format!("{path}#{s}")
            } else {
                format!("{}#{s}", relative_path(self.doc.file_dir(), &t.rel))
            };
            d = d.with_help(format!("did you mean `{shown}`?"));
        }
        self.out.diags.push(d);
    }
}

fn doc_by_content_path(index: &LinkIndex<'_>, rel: &str) -> Option<Found> {
    if let Some(&i) = index.tree.by_rel.get(rel) {
        return Some(Found::Doc(i));
    }
    if let Some(dir) =
        rel.strip_suffix("/_index.md")
            .or(if rel == "_index.md" { Some("") } else { None })
    {
        if let Some(url) = index.section_urls.get(dir) {
            return Some(Found::Url(index.url(url)));
        }
    }
    None
}

fn suggest_rel(index: &LinkIndex<'_>, from_dir: &str, target: &str) -> Option<String> {
    closest(target, index.tree.docs.iter().map(|d| d.rel.as_str()))
        .map(|rel| relative_path(from_dir, rel))
}

fn find_relative(index: &LinkIndex<'_>, doc: &SourceDoc, path: &str) -> Found {
    let joined = if doc.file_dir().is_empty() {
        path.to_string()
    } else {
        format!("{}/{path}", doc.file_dir())
    };
    let Some(norm) = normalize(&joined) else {
        return Found::Missing { suggestion: None };
    };
    if norm.ends_with(".md") {
        if let Some(f) = doc_by_content_path(index, &norm) {
            return f;
        }
        return Found::Missing {
            suggestion: suggest_rel(index, doc.file_dir(), &norm),
        };
    }
    if index.assets.contains(&norm) {
        return Found::Url(index.url(&norm));
    }
    // A folder link (`../caching/`) or a note without extension (`cdn`).
    if let Some(url) = index.section_urls.get(norm.trim_end_matches('/')) {
        return Found::Url(index.url(url));
    }
    if let Some(f) = doc_by_content_path(index, &format!("{norm}.md")) {
        return f;
    }
    Found::Missing {
        suggestion: suggest_rel(index, doc.file_dir(), &format!("{norm}.md")),
    }
}

fn find_site_path(index: &LinkIndex<'_>, path: &str) -> Found {
    let base = index.base_path.as_str();
    let rel = path
        .strip_prefix(base)
        .or_else(|| path.strip_prefix('/'))
        .unwrap_or(path);
    let Some(norm) = normalize(rel) else {
        return Found::Missing { suggestion: None };
    };
    if norm.ends_with(".md") {
        if let Some(f) = doc_by_content_path(index, &norm) {
            return f;
        }
    }
    if index.assets.contains(&norm) || index.statics.contains(&norm) {
        return Found::Url(index.url(&norm));
    }
    let url = if norm.is_empty() {
        String::new()
    } else {
        format!("{norm}/")
    };
    if let Some(&i) = index.tree.by_url.get(&url) {
        return Found::Doc(i);
    }
    if index.tree.sections.iter().any(|s| s.url == url) {
        return Found::Url(index.url(&url));
    }
    let known = [
        "tags/",
        "all/",
        "map/",
        "sitemap.xml",
        "atom.xml",
        "404.html",
        "search/",
    ];
    if known
        .iter()
        .any(|k| url.starts_with(k) || norm == k.trim_end_matches('/'))
    {
        return Found::Url(index.url(&url));
    }
    Found::Missing {
        suggestion: closest(&url, index.tree.docs.iter().map(|d| d.url.as_str()))
            .map(|u| format!("/{u}")),
    }
}

/// `[[image.png]]`: a file by path (from the root or this note's folder) or, as Obsidian
/// finds attachments, by file name anywhere (the one nearest this note's folder first).
fn find_wiki_asset(index: &LinkIndex<'_>, doc: &SourceDoc, name: &str) -> Option<Found> {
    let file = name.rsplit('/').next().unwrap_or(name);
    file.rsplit_once('.').filter(|(_, ext)| !ext.is_empty())?;
    for base in ["", doc.file_dir()] {
        let joined = if base.is_empty() {
            name.to_string()
        } else {
            format!("{base}/{name}")
        };
        if let Some(n) = normalize(&joined).filter(|n| index.assets.contains(n)) {
            return Some(Found::Url(index.url(&n)));
        }
    }
    let hits = index.assets_by_name.get(&file.to_lowercase())?;
    let here = doc.file_dir();
    let best = hits
        .iter()
        .min_by_key(|a| (!a.starts_with(here), a.len(), (*a).clone()))?;
    Some(Found::Url(index.url(best)))
}

fn find_wiki(
    index: &LinkIndex<'_>,
    doc: &SourceDoc,
    name: &str,
    diags: &mut Vec<Diagnostic>,
    link: &LinkRef,
) -> Found {
    let name = name.trim().trim_end_matches(".md");
    // 1. A path from the content root or from this note's folder.
    if name.contains('/') {
        for base in [String::new(), doc.file_dir().to_string()] {
            let joined = if base.is_empty() {
                name.to_string()
            } else {
                format!("{base}/{name}")
            };
            if let Some(n) = normalize(&joined) {
                if let Some(f) = doc_by_content_path(index, &format!("{n}.md")) {
                    return f;
                }
                if let Some(url) = index.section_urls.get(&n) {
                    return Found::Url(index.url(url));
                }
            }
        }
    }
    if let Some(found) = find_wiki_asset(index, doc, name) {
        return found;
    }
    let key = name.rsplit('/').next().unwrap_or(name).to_lowercase();
    let full = name.to_lowercase();
    for table in [&index.by_stem, &index.by_title, &index.by_alias] {
        let hits = table.get(&key).or_else(|| table.get(&full));
        if let Some(hits) = hits {
            if hits.len() > 1 {
                // Prefer a note in the same section; otherwise report the ambiguity.
                let same: Vec<_> = hits
                    .iter()
                    .filter(|&&i| index.tree.docs[i].dir == doc.dir)
                    .collect();
                if same.len() == 1 {
                    return Found::Doc(*same[0]);
                }
                let names: Vec<_> = hits
                    .iter()
                    .map(|&i| index.tree.docs[i].rel.trim_end_matches(".md").to_string())
                    .collect();
                diags.push(
                    Diagnostic::warning(
                        Kind::AmbiguousLink,
                        Some(link.span.clone()),
                        format!(
                            "wikilink `[[{name}]]` matches {} notes: {}",
                            hits.len(),
                            names.join(", ")
                        ),
                    )
                    .with_help(format!("write the path, e.g. `[[{}]]`", names[0])),
                );
            }
            return Found::Doc(hits[0]);
        }
    }
    let suggestion = closest(&key, index.by_stem.keys().map(String::as_str))
        .map(|s| s.to_string())
        .or_else(|| {
            closest(&full, index.by_title.keys().map(String::as_str)).map(|s| s.to_string())
        });
    Found::Missing {
        suggestion: suggestion.map(|s| format!("[[{s}]]")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_detection() {
        for e in ["https://x.org", "mailto:a@b", "//cdn.x/y", "tel:123"] {
            assert!(is_external(e), "{e}");
        }
        for i in ["../a.md", "/a/b/", "#x", "a.md", "dir/a:b.md"] {
            assert!(!is_external(i), "{i}");
        }
    }

    #[test]
    fn normalizes_paths() {
        assert_eq!(
            normalize("a/./b/../c.md").unwrap(),
            "c.md".replace("c.md", "a/c.md")
        );
        assert!(normalize("../x").is_none());
    }
}
