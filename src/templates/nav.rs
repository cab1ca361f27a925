//! The sidebar navigation tree, rendered once per section (not once per page).
//!
//! Small sites get the whole tree in every page (collapsible `<details>`, the current
//! path open); large sites get the top-level sections plus the open path only, so a
//! page's size does not grow with the number of notes in other sections.

use crate::content::ContentTree;
use crate::highlight::escape;
use std::collections::HashSet;
use std::fmt::Write;

/// Above this many notes only the current path is expanded.
pub const FULL_TREE_LIMIT: usize = 600;

/// Navigation HTML for each section (indexed like `tree.sections`).
pub fn render_all(tree: &ContentTree, base_path: &str) -> Vec<String> {
    let full = tree.docs.len() <= FULL_TREE_LIMIT;
    (0..tree.sections.len())
        .map(|s| {
            let open: HashSet<usize> = tree.ancestors(s).into_iter().collect();
            let mut html = String::from("<ul>");
            let root = &tree.sections[0];
            for &p in &root.pages {
                let d = &tree.docs[p];
                let _ = write!(
                    html,
                    "<li><a href=\"{base_path}{}\">{}</a></li>",
                    d.url,
                    escape(&d.title)
                );
            }
            for &c in &root.subsections {
                section_html(tree, c, &open, full, base_path, &mut html);
            }
            html.push_str("</ul>");
            html
        })
        .collect()
}

fn section_html(
    tree: &ContentTree,
    s: usize,
    open: &HashSet<usize>,
    full: bool,
    base: &str,
    out: &mut String,
) {
    let sec = &tree.sections[s];
    let is_open = open.contains(&s);
    let title = escape(&sec.title);
    if !full && !is_open {
        let _ = write!(out, "<li><a href=\"{base}{}\">{title}</a></li>", sec.url);
        return;
    }
    let _ = write!(
        out,
        "<li><details{}><summary><a href=\"{base}{}\">{title}</a></summary><ul>",
        if is_open { " open" } else { "" },
        sec.url
    );
    for &p in &sec.pages {
        let d = &tree.docs[p];
        let _ = write!(
            out,
            "<li><a href=\"{base}{}\">{}</a></li>",
            d.url,
            escape(&d.title)
        );
    }
    for &c in &sec.subsections {
        section_html(tree, c, open, full, base, out);
    }
    out.push_str("</ul></details></li>");
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
    fn nav_opens_current_path_and_marks_page() {
        let docs = ["a/x.md", "a/b/y.md", "c/z.md"]
            .iter()
            .map(|r| SourceDoc::from_text(r, String::new()).0)
            .collect();
        let (tree, _) = ContentTree::build(docs, &[]);
        let navs = render_all(&tree, "/base/");
        let b = tree.sections.iter().position(|s| s.dir == "a/b").unwrap();
        let html = &navs[b];
        assert!(
            html.contains("<details open><summary><a href=\"/base/a/\">A</a>"),
            "{html}"
        );
        assert!(
            html.contains("<details><summary><a href=\"/base/c/\">"),
            "{html}"
        );
        let marked = mark_current(html, "/base/a/b/y/");
        assert!(marked.contains("href=\"/base/a/b/y/\" aria-current=\"page\""));
    }
}
