//! The Atom feed of recently updated notes.

use crate::config::SiteConfig;
use crate::content::{ContentTree, DocKind};
use crate::escape::html as escape;

/// How many notes the feed lists.
pub const FEED_LEN: usize = 30;

/// An Atom 1.0 document of the most recently updated notes (by `updated`, else `date`).
pub fn atom(config: &SiteConfig, tree: &ContentTree) -> String {
    let mut notes: Vec<(&str, usize)> = tree
        .docs
        .iter()
        .enumerate()
        .filter(|(_, d)| d.kind == DocKind::Note)
        .filter_map(|(i, d)| d.front.last_updated().map(|u| (u, i)))
        .collect();
    notes.sort_by(|a, b| {
        b.0.cmp(a.0)
            .then(tree.docs[a.1].rel.cmp(&tree.docs[b.1].rel))
    });
    notes.truncate(FEED_LEN);
    let newest = notes.first().map(|n| n.0).unwrap_or("1970-01-01");
    let site = &config.site;
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    s.push_str(&format!("  <title>{}</title>\n", escape(&site.title)));
    if !site.description.is_empty() {
        s.push_str(&format!(
            "  <subtitle>{}</subtitle>\n",
            escape(&site.description)
        ));
    }
    s.push_str(&format!(
        "  <id>{}</id>\n",
        escape(&config.absolute_url(""))
    ));
    s.push_str(&format!(
        "  <link rel=\"self\" href=\"{}\"/>\n",
        escape(&config.absolute_url("atom.xml"))
    ));
    s.push_str(&format!(
        "  <link href=\"{}\"/>\n",
        escape(&config.absolute_url(""))
    ));
    s.push_str(&format!("  <updated>{newest}T00:00:00Z</updated>\n"));
    s.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        escape(&site.title)
    ));
    for (day, i) in notes {
        let d = &tree.docs[i];
        let url = escape(&config.absolute_url(&d.url));
        s.push_str("  <entry>\n");
        s.push_str(&format!("    <title>{}</title>\n", escape(&d.title)));
        s.push_str(&format!("    <id>{url}</id>\n    <link href=\"{url}\"/>\n"));
        s.push_str(&format!("    <updated>{day}T00:00:00Z</updated>\n"));
        if let Some(desc) = &d.front.description {
            s.push_str(&format!("    <summary>{}</summary>\n", escape(desc)));
        }
        s.push_str("  </entry>\n");
    }
    s.push_str("</feed>\n");
    s
}
