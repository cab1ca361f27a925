//! `ContentTree`: sections, ordering, reading order and the URL collision check.

use super::slug::title_from_name;
use super::source::{dir_url, DocKind, SourceDoc};
use crate::diagnostics::{Diagnostic, Kind, SourceSpan};
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

/// A folder of notes.
#[derive(Debug, Clone)]
pub struct Section {
    /// Folder relative to `content/` (`""` for the root).
    pub dir: String,
    /// Site-relative URL (`caching/`).
    pub url: String,
    /// Title from `_index.md`, else the folder name.
    pub title: String,
    /// Order among sibling sections.
    pub weight: i64,
    /// The `_index.md` document, if there is one.
    pub index_doc: Option<usize>,
    /// Parent section (`None` for the root).
    pub parent: Option<usize>,
    /// Notes directly in this section, in display order.
    pub pages: Vec<usize>,
    /// Child sections, in display order.
    pub subsections: Vec<usize>,
    /// 0 for the root.
    pub depth: usize,
}

/// All documents and sections of a site, ordered.
#[derive(Debug, Clone)]
pub struct ContentTree {
    /// Documents sorted by path.
    pub docs: Vec<Arc<SourceDoc>>,
    /// Sections; index 0 is the root.
    pub sections: Vec<Section>,
    /// For each document: its section (a section's `_index.md` maps to that section).
    pub section_of: Vec<usize>,
    /// Document index by site-relative URL.
    pub by_url: HashMap<String, usize>,
    /// Document index by path relative to `content/`.
    pub by_rel: HashMap<String, usize>,
    /// Notes in reading order (depth-first through sections), for previous/next.
    pub reading_order: Vec<usize>,
    /// Position of each document in `reading_order` (`None` for sections).
    pub reading_pos: Vec<Option<usize>>,
}

impl ContentTree {
    /// Orders documents into sections; reports URL collisions (naming both files).
    pub fn build<D: Into<Arc<SourceDoc>>>(
        docs: Vec<D>,
        dirs: &[String],
    ) -> (ContentTree, Vec<Diagnostic>) {
        let _ = dirs;
        let mut docs: Vec<Arc<SourceDoc>> = docs.into_iter().map(Into::into).collect();
        docs.sort_by(|a, b| a.rel.cmp(&b.rel));
        let diags = drop_url_collisions(&mut docs);
        let dir_set = section_dirs(&docs);
        // A bundle whose folder holds other notes is that folder's section page (as
        // `_index.md` would be; both at once are a URL collision reported above).
        for d in docs.iter_mut() {
            if d.bundle && dir_set.contains(d.file_dir()) {
                let doc = Arc::make_mut(d);
                doc.dir = doc.file_dir().to_string();
                doc.kind = DocKind::Section;
                doc.bundle = false;
            }
        }
        let (mut sections, section_idx) = empty_sections(&dir_set);
        let mut section_of = Vec::with_capacity(docs.len());
        for (i, d) in docs.iter().enumerate() {
            let s = section_idx[&d.dir];
            section_of.push(s);
            match d.kind {
                DocKind::Section => {
                    let sec = &mut sections[s];
                    sec.index_doc = Some(i);
                    sec.title = d.title.clone();
                    sec.weight = d.front.weight.unwrap_or(i64::MAX);
                }
                DocKind::Note => sections[s].pages.push(i),
            }
        }
        order_sections(&mut sections, &docs);
        let mut reading_order = Vec::with_capacity(docs.len());
        fn walk(sections: &[Section], s: usize, out: &mut Vec<usize>) {
            out.extend(&sections[s].pages);
            for &c in &sections[s].subsections {
                walk(sections, c, out);
            }
        }
        walk(&sections, 0, &mut reading_order);
        let mut reading_pos = vec![None; docs.len()];
        for (pos, &d) in reading_order.iter().enumerate() {
            reading_pos[d] = Some(pos);
        }
        let by_url = docs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.url.clone(), i))
            .collect();
        let by_rel = docs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.rel.clone(), i))
            .collect();
        (
            ContentTree {
                docs,
                sections,
                section_of,
                by_url,
                by_rel,
                reading_order,
                reading_pos,
            },
            diags,
        )
    }

    /// Sections from the root down to `s` (inclusive).
    pub fn ancestors(&self, s: usize) -> Vec<usize> {
        let mut chain = vec![s];
        let mut cur = s;
        while let Some(p) = self.sections[cur].parent {
            chain.push(p);
            cur = p;
        }
        chain.reverse();
        chain
    }
}

/// URL collisions among `docs` (sorted by path): keeps the first, reports and drops the rest.
fn drop_url_collisions(docs: &mut Vec<Arc<SourceDoc>>) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut keep = vec![true; docs.len()];
    let mut seen: HashMap<&str, &str> = HashMap::with_capacity(docs.len());
    for (i, d) in docs.iter().enumerate() {
        match seen.get(d.url.as_str()) {
            Some(first) => {
                diags.push(
                    Diagnostic::error(
                        Kind::UrlCollision,
                        Some(SourceSpan::file(&d.path)),
                        format!(
                            "URL `/{}` is produced by both `{first}` and `{}`",
                            d.url, d.path
                        ),
                    )
                    .with_help(
                        "rename one of the files or set a different `slug` in its front matter",
                    ),
                );
                keep[i] = false;
            }
            None => {
                seen.insert(&d.url, &d.path);
            }
        }
    }
    let mut kept = keep.into_iter();
    docs.retain(|_| kept.next().unwrap_or(true));
    diags
}

/// Every folder holding markdown, and its ancestors: each is a section.
fn section_dirs(docs: &[Arc<SourceDoc>]) -> BTreeSet<String> {
    let mut dir_set = BTreeSet::new();
    dir_set.insert(String::new());
    for d in docs {
        let mut dir = d.dir.as_str();
        loop {
            if dir_set.contains(dir) {
                // Its ancestors are in the set too.
                break;
            }
            dir_set.insert(dir.to_string());
            match dir.rsplit_once('/') {
                Some((p, _)) => dir = p,
                None if !dir.is_empty() => dir = "",
                None => break,
            }
        }
    }
    dir_set
}

/// A section per folder of `dirs` (in their order), joined to their parents, with no
/// pages yet; and each folder's section number.
fn empty_sections(dirs: &BTreeSet<String>) -> (Vec<Section>, HashMap<String, usize>) {
    let mut sections: Vec<Section> = Vec::new();
    let mut section_idx: HashMap<String, usize> = HashMap::new();
    for dir in dirs {
        section_idx.insert(dir.clone(), sections.len());
        let name = dir.rsplit('/').next().unwrap_or("");
        sections.push(Section {
            dir: dir.clone(),
            url: dir_url(dir),
            title: if dir.is_empty() {
                "Home".into()
            } else {
                title_from_name(name)
            },
            weight: i64::MAX,
            index_doc: None,
            parent: None,
            pages: Vec::new(),
            subsections: Vec::new(),
            depth: if dir.is_empty() {
                0
            } else {
                dir.matches('/').count() + 1
            },
        });
    }
    for i in 0..sections.len() {
        let dir = sections[i].dir.clone();
        if dir.is_empty() {
            continue;
        }
        let parent_dir = dir.rsplit_once('/').map(|(p, _)| p).unwrap_or("");
        let p = section_idx[parent_dir];
        sections[i].parent = Some(p);
        sections[p].subsections.push(i);
    }
    (sections, section_idx)
}

/// Orders each section's pages and subsections: weight, then title (case-insensitive),
/// then path.
fn order_sections(sections: &mut [Section], docs: &[Arc<SourceDoc>]) {
    for s in 0..sections.len() {
        let mut pages = std::mem::take(&mut sections[s].pages);
        // Keys computed once per page: lowercasing inside the comparison would
        // allocate a few hundred thousand strings for a large section.
        pages.sort_by_cached_key(|&p| {
            let d = &docs[p];
            (
                d.front.weight.unwrap_or(i64::MAX),
                d.title.to_lowercase(),
                d.rel.clone(),
            )
        });
        sections[s].pages = pages;
        let mut subs = std::mem::take(&mut sections[s].subsections);
        subs.sort_by(|&a, &b| {
            let (sa, sb) = (&sections[a], &sections[b]);
            (sa.weight, sa.title.to_lowercase(), &sa.dir).cmp(&(
                sb.weight,
                sb.title.to_lowercase(),
                &sb.dir,
            ))
        });
        sections[s].subsections = subs;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(rel: &str, text: &str) -> SourceDoc {
        SourceDoc::from_text(rel, text.to_string()).0
    }

    #[test]
    fn orders_by_weight_then_title() {
        let docs = vec![
            doc("s/b.md", "+++\ntitle = \"Beta\"\n+++\n"),
            doc("s/a.md", "+++\ntitle = \"Alpha\"\nweight = 2\n+++\n"),
            doc("s/c.md", "+++\ntitle = \"Gamma\"\nweight = 1\n+++\n"),
            doc("s/_index.md", "+++\ntitle = \"Sec\"\n+++\n"),
        ];
        let (t, d) = ContentTree::build(docs, &[]);
        assert!(d.is_empty());
        let s = &t.sections[1];
        assert_eq!(s.title, "Sec");
        let titles: Vec<_> = s.pages.iter().map(|&i| t.docs[i].title.as_str()).collect();
        assert_eq!(titles, ["Gamma", "Alpha", "Beta"]);
        assert_eq!(t.reading_order.len(), 3);
        assert_eq!(t.reading_pos[t.reading_order[2]], Some(2));
    }

    #[test]
    fn nested_sections_without_index() {
        let docs = vec![doc("a/b/c.md", "x")];
        let (t, _) = ContentTree::build(docs, &[]);
        assert_eq!(t.sections.len(), 3);
        assert_eq!(t.sections[2].url, "a/b/");
        assert_eq!(t.sections[2].parent, Some(1));
        assert_eq!(t.ancestors(2), vec![0, 1, 2]);
    }

    #[test]
    fn bundles_publish_at_their_folder() {
        let docs = vec![
            doc("sec/a/index.md", "# A"),
            doc("sec/b.md", "# B"),
            doc("sec/c/index.md", "# C"),
            doc("sec/c/d.md", "# D"),
        ];
        let (t, d) = ContentTree::build(docs, &[]);
        assert!(d.is_empty(), "{d:?}");
        let a = &t.docs[t.by_rel["sec/a/index.md"]];
        assert_eq!(
            (a.url.as_str(), a.dir.as_str(), a.kind),
            ("sec/a/", "sec", DocKind::Note)
        );
        assert_eq!(a.file_dir(), "sec/a");
        let c = &t.docs[t.by_rel["sec/c/index.md"]];
        assert_eq!((c.url.as_str(), c.kind), ("sec/c/", DocKind::Section));
        let sec_c = t.sections.iter().find(|s| s.dir == "sec/c").unwrap();
        assert_eq!(sec_c.title, "C");
    }

    #[test]
    fn bundle_and_page_with_the_same_url_is_an_error_naming_both() {
        let docs = vec![doc("sec/a/index.md", "# A"), doc("sec/a.md", "# A too")];
        let (t, d) = ContentTree::build(docs, &[]);
        assert_eq!(t.docs.len(), 1);
        assert_eq!(d.len(), 1);
        assert!(
            d[0].message.contains("content/sec/a.md"),
            "{}",
            d[0].message
        );
        assert!(d[0].message.contains("content/sec/a/index.md"));
    }

    #[test]
    fn url_collision_names_both() {
        let docs = vec![doc("a/x.md", ""), doc("a/X.md", "")];
        let (t, d) = ContentTree::build(docs, &[]);
        assert_eq!(t.docs.len(), 1);
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("content/a/X.md"));
        assert!(d[0].message.contains("content/a/x.md"));
    }
}
