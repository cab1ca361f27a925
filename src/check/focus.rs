//! `atlas check --changed` without checking the whole site: which notes a check of a
//! few changed files must parse and resolve so that its diagnostics about those files
//! are exactly a full check's (filtered by [`super::changed::filter`]).
//!
//! Every note is still loaded (front matter, titles, aliases: what links resolve
//! against, and what the duplicate checks compare). Parsed and resolved are:
//!
//! - the changed notes (their own diagnostics, and whether anything links to them);
//! - every note whose text mentions a name a link could use for a changed note (its
//!   file stem, the last part of its URL, its title or an alias, compared in lower case,
//!   also after removing backslash escapes and percent-encoding): a note that links to a
//!   changed note is among them, so orphan checks and the broken or renamed anchors of
//!   links *into* changed notes come out as in a full check;
//! - the notes the theme check renders (the first note, the first section and notes
//!   with their own template);
//!
//! and, for their headings only, every note those link to (anchors come from headings,
//! so a link's `#fragment` is checked against the target's current text).

use crate::content::{ContentTree, DocKind};
use std::collections::BTreeSet;

/// Marks the documents of `tree` whose path (from the site root, as in diagnostics)
/// is in `changed`.
pub fn changed_docs(tree: &ContentTree, changed: &BTreeSet<String>) -> Vec<bool> {
    tree.docs
        .iter()
        .map(|d| changed.contains(&d.path))
        .collect()
}

/// The names, in lower case, by which a link may reach each marked document; `None`
/// when one of them is empty (the home page is `/`: any note may link to it).
fn names(tree: &ContentTree, marked: &[bool]) -> Option<BTreeSet<String>> {
    let mut out = BTreeSet::new();
    for (d, _) in tree.docs.iter().zip(marked).filter(|(_, &m)| m) {
        let stem = match d.kind {
            DocKind::Note => d.stem.as_str(),
            DocKind::Section => d.dir.rsplit('/').next().unwrap_or(""),
        };
        let url_tail = d.url.trim_end_matches('/').rsplit('/').next().unwrap_or("");
        let aliases = d.front.aliases.iter().map(String::as_str);
        for name in [stem, url_tail, d.title.as_str()]
            .into_iter()
            .chain(aliases)
        {
            let name = name.trim().trim_matches('/').to_lowercase();
            if name.is_empty() {
                return None;
            }
            out.insert(name);
        }
    }
    Some(out)
}

/// `text` in lower case, and again without backslash escapes and percent-encoding
/// when it has any (a link destination may be written `cache\_aside.md` or `a%20b.md`).
fn searchable(text: &str) -> (String, Option<String>) {
    let lower = text.to_lowercase();
    let plain = (lower.contains('\\') || lower.contains('%')).then(|| {
        let unescaped = lower.replace('\\', "");
        percent_encoding::percent_decode_str(&unescaped)
            .decode_utf8_lossy()
            .into_owned()
    });
    (lower, plain)
}

/// Marks the documents whose text mentions a name of a marked document (those that may
/// link to one); all documents when a marked one is the home page.
pub fn mentioning(tree: &ContentTree, marked: &[bool]) -> Vec<bool> {
    use rayon::prelude::*;
    let Some(names) = names(tree, marked) else {
        return vec![true; tree.docs.len()];
    };
    if names.is_empty() {
        return vec![false; tree.docs.len()];
    }
    let finders: Vec<memchr::memmem::Finder<'_>> = names
        .iter()
        .map(|n| memchr::memmem::Finder::new(n.as_bytes()))
        .collect();
    let found = |s: &str| finders.iter().any(|f| f.find(s.as_bytes()).is_some());
    tree.docs
        .par_iter()
        .map(|d| {
            let (lower, plain) = searchable(&d.text);
            found(&lower) || plain.as_deref().is_some_and(found)
        })
        .collect()
}

/// Marks `a[i] || b[i]`.
pub fn union(a: &[bool], b: &[bool]) -> Vec<bool> {
    a.iter().zip(b).map(|(x, y)| *x || *y).collect()
}

/// The documents `atlas check --changed` parses and resolves for the files `changed`
/// (see the module's notes): the changed notes, the notes that may link to them and
/// the pages the theme check renders.
pub fn docs(tree: &ContentTree, changed: &BTreeSet<String>) -> Vec<bool> {
    let changed = changed_docs(tree, changed);
    let linking = mentioning(tree, &changed);
    let themed = crate::templates::pages::rendered_by_check(tree);
    union(&union(&changed, &linking), &themed)
}

/// The focused documents and every document they link to, when that is more.
pub fn with_link_targets(focus: &[bool], linked: &crate::links::Linked) -> Option<Vec<bool>> {
    let mut wanted = focus.to_vec();
    for d in &linked.docs {
        for &(_, t, _) in &d.edges {
            wanted[t] = true;
        }
    }
    (wanted != focus).then_some(wanted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_percent_encoding_are_undone() {
        let (lower, plain) = searchable("See [x](Cache\\_Aside.md) and [y](write%20back.md)");
        assert!(lower.contains("cache\\_aside"));
        let plain = plain.unwrap();
        assert!(plain.contains("cache_aside") && plain.contains("write back"));
        assert_eq!(searchable("plain").1, None);
    }
}
