//! Fingerprints of what link resolution reads from the whole site, so that the dev
//! server can tell an edit left every other note's links resolving as before.

use crate::content::ContentTree;
use crate::markdown::Heading;
use crate::memo::{FileStamp, PartHasher};

/// What renamed-anchor detection reads: every note's path and heading ids, and the
/// state on disk of the anchor record (`content/.anchors.json`).
pub fn anchors_key(tree: &ContentTree, headings: &[&[Heading]], record: Option<FileStamp>) -> u64 {
    let mut h = PartHasher::new();
    match record {
        Some((modified, len)) => {
            let since = modified
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0);
            h.part(&since.to_le_bytes());
            h.word(len);
        }
        None => h.part(b"no record"),
    }
    for (d, hs) in tree.docs.iter().zip(headings) {
        h.part(d.rel.as_bytes());
        for x in hs.iter() {
            h.part(x.id.as_bytes());
        }
    }
    h.finish()
}

/// Everything a link may resolve against besides the text of its own note: paths,
/// URLs, titles, aliases, heading ids and texts, renamed anchors (through
/// `anchors_key`), assets, static files and the base path. Body edits leave it alone.
pub fn targets_key<'a>(
    anchors_key: u64,
    tree: &ContentTree,
    headings: &[&[Heading]],
    assets: impl IntoIterator<Item = &'a str>,
    statics: impl IntoIterator<Item = &'a str>,
    base_path: &str,
) -> u64 {
    let mut h = PartHasher::new();
    h.word(anchors_key);
    h.part(base_path.as_bytes());
    for (d, hs) in tree.docs.iter().zip(headings) {
        h.part(b"\0doc");
        h.part(d.rel.as_bytes());
        h.part(d.url.as_bytes());
        h.part(d.title.as_bytes());
        for a in &d.front.aliases {
            h.part(a.as_bytes());
        }
        h.part(b"\0headings");
        for x in hs.iter() {
            h.part(x.id.as_bytes());
            h.part(x.text.as_bytes());
        }
        for b in &d.block_ids {
            h.part(b"\0^");
            h.part(b.as_bytes());
        }
    }
    h.part(b"\0assets");
    for a in assets {
        h.part(a.as_bytes());
    }
    h.part(b"\0statics");
    for s in statics {
        h.part(s.as_bytes());
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::source::SourceDoc;
    use crate::markdown::Heading;

    fn tree(texts: &[(&str, &str)]) -> ContentTree {
        let docs: Vec<SourceDoc> = texts
            .iter()
            .map(|(rel, text)| SourceDoc::from_text(rel, text.to_string()).0)
            .collect();
        ContentTree::build(docs, &[]).0
    }

    fn heading(id: &str, text: &str) -> Heading {
        Heading {
            level: 2,
            id: id.into(),
            text: text.into(),
            line: 1,
        }
    }

    fn key(t: &ContentTree, hs: &[Vec<Heading>]) -> u64 {
        let hs: Vec<&[Heading]> = hs.iter().map(Vec::as_slice).collect();
        let a = anchors_key(t, &hs, None);
        targets_key(a, t, &hs, ["img.png"], ["style.css"], "/")
    }

    #[test]
    fn body_edits_keep_the_key_and_target_changes_move_it() {
        let hs = vec![vec![heading("push", "Push")], vec![]];
        let before = key(&tree(&[("a.md", "# A\nbody"), ("b.md", "# B")]), &hs);
        let edited = key(&tree(&[("a.md", "# A\nnew body"), ("b.md", "# B")]), &hs);
        assert_eq!(before, edited);
        let retitled = key(&tree(&[("a.md", "# A2\nbody"), ("b.md", "# B")]), &hs);
        assert_ne!(before, retitled);
        let renamed_heading = vec![vec![heading("pull", "Pull")], vec![]];
        let t = tree(&[("a.md", "# A\nbody"), ("b.md", "# B")]);
        assert_ne!(before, key(&t, &renamed_heading));
        let added = key(
            &tree(&[("a.md", "# A\nbody"), ("b.md", "# B"), ("c.md", "")]),
            &[hs.clone(), vec![vec![]]].concat(),
        );
        assert_ne!(before, added);
    }

    #[test]
    fn the_anchor_record_on_disk_is_part_of_the_key() {
        let t = tree(&[("a.md", "# A")]);
        let hs: Vec<&[Heading]> = vec![&[]];
        let then = std::time::UNIX_EPOCH + std::time::Duration::from_secs(5);
        assert_ne!(
            anchors_key(&t, &hs, None),
            anchors_key(&t, &hs, Some((then, 10)))
        );
    }
}
