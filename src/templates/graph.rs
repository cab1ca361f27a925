//! Link graphs drawn at build time as SVG: a note's neighbourhood, and how sections connect.

use crate::content::ContentTree;
use crate::highlight::escape;
use crate::links::LinkGraph;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Where a label sits relative to its node: left of the centre line, right of it, or on it.
fn text_anchor(x: f64, centre: f64) -> &'static str {
    if x < centre - 5.0 {
        "end"
    } else if x > centre + 5.0 {
        "start"
    } else {
        "middle"
    }
}

/// At most this many neighbours are drawn around a note (most connected first).
pub const MAX_NEIGHBOURS: usize = 12;

fn label(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

/// The notes drawn around note `i`: linked to or from it, most connected first.
pub fn neighbours(graph: &LinkGraph, i: usize) -> Vec<usize> {
    let mut n: Vec<usize> = graph.outgoing[i]
        .iter()
        .copied()
        .chain(graph.incoming[i].iter().map(|b| b.from))
        .filter(|&j| j != i)
        .collect();
    n.sort_unstable();
    n.dedup();
    let degree = |j: usize| graph.outgoing[j].len() + graph.incoming[j].len();
    n.sort_by(|&a, &b| degree(b).cmp(&degree(a)).then(a.cmp(&b)));
    n.truncate(MAX_NEIGHBOURS);
    n.sort_unstable();
    n
}

/// An SVG of note `i` and its neighbours; arrows show link direction.
pub fn local_graph(tree: &ContentTree, graph: &LinkGraph, i: usize, base: &str) -> String {
    let n = neighbours(graph, i);
    if n.is_empty() {
        return String::new();
    }
    let (w, h, cx, cy, r) = (320.0, 240.0, 160.0, 120.0, 88.0);
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg class=\"local-graph\" viewBox=\"0 0 {w} {h}\" role=\"group\" aria-label=\"Notes linked to and from {}\">",
        escape(&tree.docs[i].title)
    );
    let pos: Vec<(f64, f64)> = (0..n.len())
        .map(|k| {
            let a = std::f64::consts::TAU * k as f64 / n.len() as f64 - std::f64::consts::FRAC_PI_2;
            (cx + r * a.cos(), cy + r * 0.85 * a.sin())
        })
        .collect();
    for (k, &j) in n.iter().enumerate() {
        let (x, y) = pos[k];
        let out = graph.outgoing[i].contains(&j);
        let inc = graph.incoming[i].iter().any(|b| b.from == j);
        let class = match (out, inc) {
            (true, true) => "both",
            (true, false) => "out",
            _ => "in",
        };
        let _ = write!(s, "<line class=\"edge {class}\" x1=\"{cx:.1}\" y1=\"{cy:.1}\" x2=\"{x:.1}\" y2=\"{y:.1}\"/>");
    }
    for (k, &j) in n.iter().enumerate() {
        let (x, y) = pos[k];
        let d = &tree.docs[j];
        let anchor = text_anchor(x, cx);
        let (dx, dy) = match anchor {
            "end" => (-7.0, 4.0),
            "start" => (7.0, 4.0),
            _ if y < cy => (0.0, -9.0),
            _ => (0.0, 16.0),
        };
        let _ = write!(
            s,
            "<a href=\"{base}{}\"><circle class=\"node\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"5\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text><title>{}</title></a>",
            d.url,
            x + dx,
            y + dy,
            escape(&label(&d.title, 22)),
            escape(&d.title)
        );
    }
    let _ = write!(
        s,
        "<circle class=\"node current\" cx=\"{cx}\" cy=\"{cy}\" r=\"8\"/><text class=\"current\" x=\"{cx}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text></svg>",
        cy + 22.0,
        escape(&label(&tree.docs[i].title, 26))
    );
    s
}

/// An SVG of the sections (node size: notes; edge width: links between them).
pub fn section_map(tree: &ContentTree, graph: &LinkGraph, base: &str) -> String {
    let top: Vec<usize> = tree.sections[0].subsections.clone();
    if top.is_empty() {
        return String::new();
    }
    // Map every section to its top-level ancestor.
    let top_of = |s: usize| -> usize {
        let chain = tree.ancestors(s);
        chain.get(1).copied().unwrap_or(0)
    };
    let mut count: BTreeMap<usize, usize> = BTreeMap::new();
    for (i, _) in tree.docs.iter().enumerate() {
        *count.entry(top_of(tree.section_of[i])).or_default() += 1;
    }
    let mut edges: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for (i, outs) in graph.outgoing.iter().enumerate() {
        let a = top_of(tree.section_of[i]);
        for &j in outs {
            let b = top_of(tree.section_of[j]);
            if a != b && a != 0 && b != 0 {
                *edges.entry((a.min(b), a.max(b))).or_default() += 1;
            }
        }
    }
    let (w, h) = (760.0, 620.0);
    let (cx, cy, r) = (w / 2.0, h / 2.0, 230.0);
    let pos: BTreeMap<usize, (f64, f64)> = top
        .iter()
        .enumerate()
        .map(|(k, &s)| {
            let a =
                std::f64::consts::TAU * k as f64 / top.len() as f64 - std::f64::consts::FRAC_PI_2;
            (s, (cx + r * a.cos(), cy + r * a.sin()))
        })
        .collect();
    let max_edge = edges.values().copied().max().unwrap_or(1) as f64;
    let max_count = count.values().copied().max().unwrap_or(1) as f64;
    let mut s = String::new();
    let _ = write!(s, "<svg class=\"section-map\" viewBox=\"0 0 {w} {h}\" role=\"group\" aria-label=\"How the sections link to each other\">");
    for (&(a, b), &n) in &edges {
        let ((x1, y1), (x2, y2)) = (pos[&a], pos[&b]);
        let width = 0.5 + 5.0 * n as f64 / max_edge;
        let _ = write!(s, "<line class=\"edge\" x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" stroke-width=\"{width:.2}\"><title>{} ↔ {}: {n} links</title></line>", escape(&tree.sections[a].title), escape(&tree.sections[b].title));
    }
    for &sec in &top {
        let (x, y) = pos[&sec];
        let n = count.get(&sec).copied().unwrap_or(0);
        let rad = 6.0 + 14.0 * (n as f64 / max_count).sqrt();
        let anchor = text_anchor(x, cx);
        let dx = match anchor {
            "end" => -(rad + 4.0),
            "start" => rad + 4.0,
            _ => 0.0,
        };
        let dy = if anchor == "middle" {
            if y < cy {
                -(rad + 6.0)
            } else {
                rad + 14.0
            }
        } else {
            4.0
        };
        let _ = write!(
            s,
            "<a href=\"{base}{}\"><circle class=\"node\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{rad:.1}\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text><title>{}: {n} notes</title></a>",
            tree.sections[sec].url,
            x + dx,
            y + dy,
            escape(&tree.sections[sec].title),
            escape(&tree.sections[sec].title)
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_truncated() {
        assert_eq!(label("short", 10), "short");
        assert_eq!(label("a very long title indeed", 10), "a very lo…");
    }
}
