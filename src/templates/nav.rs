//! The sidebar navigation tree, rendered once per section (not once per page).
//!
//! Small sites get the whole tree in every page (sections off the current path arrive
//! collapsed, with a toggle button; without script a `<noscript>` style expands them); large sites get the top-level sections plus the open path only, so a
//! page's size does not grow with the number of notes in other sections.

use crate::content::ContentTree;
use crate::escape::html as escape;
use std::collections::HashSet;
use std::fmt::Write;

/// Above this many notes only the current path is expanded.
pub const FULL_TREE_LIMIT: usize = 600;
/// In large sites, how many neighbours of the current note a section lists on each side.
pub const PAGE_WINDOW: usize = 12;

/// The sidebar of one site: pre-rendered per section for small sites, windowed per
/// page for large ones, so that a page's size stays bounded whatever the site's size.
#[derive(Debug)]
pub struct Nav<'t> {
    tree: &'t ContentTree,
    base: String,
    per_section: Option<Vec<String>>,
    /// Hash of everything the sidebar shows (every title and URL, in order): with the
    /// page's section and note, it determines the page's sidebar.
    pub fingerprint: u64,
}

impl<'t> Nav<'t> {
    /// Prepares the navigation of `tree`.
    pub fn new(tree: &'t ContentTree, base_path: &str) -> Nav<'t> {
        let mut parts: Vec<&[u8]> = vec![base_path.as_bytes()];
        for sec in &tree.sections {
            parts.push(sec.title.as_bytes());
            parts.push(sec.url.as_bytes());
            for &p in &sec.pages {
                parts.push(tree.docs[p].title.as_bytes());
                parts.push(tree.docs[p].url.as_bytes());
            }
            parts.push(b"\0");
        }
        let fingerprint = crate::memo::hash_parts(parts);
        let mut nav = Nav {
            tree,
            base: base_path.to_string(),
            per_section: None,
            fingerprint,
        };
        if tree.docs.len() <= FULL_TREE_LIMIT {
            let all = (0..tree.sections.len())
                .map(|s| nav.render(s, None, true))
                .collect();
            nav.per_section = Some(all);
        }
        nav
    }

    /// Navigation HTML for a page of section `section` (the note `doc`, if a note),
    /// with the link to `href` marked as the current page.
    pub fn for_page(&self, section: usize, doc: Option<usize>, href: &str) -> String {
        match &self.per_section {
            Some(all) => mark_current(&all[section], href),
            None => mark_current(&self.render(section, doc, false), href),
        }
    }

    fn render(&self, section: usize, doc: Option<usize>, full: bool) -> String {
        let tree = self.tree;
        let open: HashSet<usize> = tree.ancestors(section).into_iter().collect();
        let mut html = String::from("<ul>");
        self.pages_html(0, doc, full, &mut html);
        for &c in &tree.sections[0].subsections {
            self.section_html(c, &open, doc, full, &mut html);
        }
        html.push_str("</ul>");
        html
    }

    fn pages_html(&self, s: usize, doc: Option<usize>, full: bool, out: &mut String) {
        let tree = self.tree;
        let pages = &tree.sections[s].pages;
        let (from, to) = if full || pages.len() <= 2 * PAGE_WINDOW + 1 {
            (0, pages.len())
        } else {
            let at = doc
                .and_then(|d| pages.iter().position(|&p| p == d))
                .unwrap_or(0);
            let from = at.saturating_sub(PAGE_WINDOW);
            (from, (from + 2 * PAGE_WINDOW + 1).min(pages.len()))
        };
        let base = &self.base;
        let sec_url = &tree.sections[s].url;
        if from > 0 {
            let _ = write!(
                out,
                "<li class=\"more\"><a href=\"{base}{sec_url}\">… {from} more</a></li>"
            );
        }
        for &p in &pages[from..to] {
            let d = &tree.docs[p];
            let _ = write!(
                out,
                "<li><a href=\"{base}{}\">{}</a></li>",
                d.url,
                escape(&d.title)
            );
        }
        if to < pages.len() {
            let _ = write!(
                out,
                "<li class=\"more\"><a href=\"{base}{sec_url}\">… {} more</a></li>",
                pages.len() - to
            );
        }
    }

    fn section_html(
        &self,
        s: usize,
        open: &HashSet<usize>,
        doc: Option<usize>,
        full: bool,
        out: &mut String,
    ) {
        let sec = &self.tree.sections[s];
        let is_open = open.contains(&s);
        let title = escape(&sec.title);
        let base = &self.base;
        if !full && !is_open {
            let _ = write!(out, "<li><a href=\"{base}{}\">{title}</a></li>", sec.url);
            return;
        }
        // Collapsed on the server, not by script after load, so nothing shifts.
        let (state, expanded, hidden) = if is_open {
            ("\" data-open", "true", "")
        } else {
            (" closed\"", "false", " hidden")
        };
        let _ = write!(
            out,
            "<li class=\"nav-section{state}><div class=\"nav-row\"><a href=\"{base}{}\">{title}</a><button type=\"button\" class=\"nav-toggle\" aria-expanded=\"{expanded}\" aria-label=\"{title}: show or hide its notes\"></button></div><ul{hidden}>",
            sec.url
        );
        self.pages_html(s, doc, full, out);
        for &c in &sec.subsections {
            self.section_html(c, open, doc, full, out);
        }
        out.push_str("</ul></li>");
    }
}

/// Marks the link to `href` as the current page.
pub fn mark_current(nav: &str, href: &str) -> String {
    let needle = format!("href=\"{href}\"");
    match nav.find(&needle) {
        Some(i) => {
            let end = i + needle.len();
            let mut s = String::with_capacity(nav.len() + 24);
            s.push_str(&nav[..end]);
            s.push_str(" aria-current=\"page\"");
            s.push_str(&nav[end..]);
            s
        }
        None => nav.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::SourceDoc;

    #[test]
    fn large_sections_are_windowed() {
        let docs = (0..FULL_TREE_LIMIT + 10)
            .map(|i| SourceDoc::from_text(&format!("big/n{i:04}.md"), String::new()).0)
            .chain(std::iter::once(
                SourceDoc::from_text("other/x.md", String::new()).0,
            ))
            .collect();
        let (tree, _) = ContentTree::build(docs, &[]);
        let nav = Nav::new(&tree, "/");
        let big = tree.sections.iter().position(|s| s.dir == "big").unwrap();
        let doc = tree.sections[big].pages[300];
        let html = nav.for_page(big, Some(doc), "/x/");
        // A window of notes around the current one, not the whole section.
        assert_eq!(
            html.matches("href=\"/big/n").count(),
            2 * PAGE_WINDOW + 1,
            "{html}"
        );
        assert!(html.contains(&format!("href=\"/{}\"", tree.docs[doc].url)));
        assert!(html.contains("… 288 more"), "{html}");
        assert!(html.contains("<li><a href=\"/other/\">Other</a></li>"));
    }

    #[test]
    fn nav_opens_current_path_and_marks_page() {
        let docs = ["a/x.md", "a/b/y.md", "c/z.md"]
            .iter()
            .map(|r| SourceDoc::from_text(r, String::new()).0)
            .collect();
        let (tree, _) = ContentTree::build(docs, &[]);
        let nav = Nav::new(&tree, "/base/");
        let b = tree.sections.iter().position(|s| s.dir == "a/b").unwrap();
        let html = &nav.for_page(b, None, "/none/");
        assert!(
            html.contains("<li class=\"nav-section\" data-open><div class=\"nav-row\"><a href=\"/base/a/\">A</a><button type=\"button\" class=\"nav-toggle\" aria-expanded=\"true\""),
            "{html}"
        );
        assert!(
            html.contains("<li class=\"nav-section closed\"><div class=\"nav-row\"><a href=\"/base/c/\">C</a><button type=\"button\" class=\"nav-toggle\" aria-expanded=\"false\""),
            "{html}"
        );
        let marked = mark_current(html, "/base/a/b/y/");
        assert!(marked.contains("href=\"/base/a/b/y/\" aria-current=\"page\""));
    }
}
