//! A note's neighbourhood drawn at build time as SVG (the section map is in `section_map`).

use crate::content::ContentTree;
use crate::escape::html as escape;
use crate::links::LinkGraph;
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

/// `s` shortened to at most `max` characters, ending in `…` when cut.
pub fn label(s: &str, max: usize) -> String {
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
    // Wide enough that a 22-character label beside the ring stays inside the drawing.
    let (w, h, cx, cy, r) = (480.0, 240.0, 240.0, 120.0, 88.0);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_truncated() {
        assert_eq!(label("short", 10), "short");
        assert_eq!(label("a very long title indeed", 10), "a very lo…");
    }
}
