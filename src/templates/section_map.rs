//! The map of the sections (`/map/`): one node per top-level section, and only each
//! section's strongest connections drawn, so that the drawing stays readable whatever
//! the number of notes. Labels never overlap; the same connections are listed as text.

use crate::content::{ContentTree, DocKind};
use crate::escape::html as escape;
use crate::links::LinkGraph;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// At most this many sections are drawn (the largest); the others are only counted.
pub const MAX_SECTIONS: usize = 28;
/// Each section keeps at most this many of its strongest connections.
pub const LINKS_PER_SECTION: usize = 2;
/// Smallest vertical distance between two labels on the same side, in SVG units.
const LABEL_GAP: f64 = 22.0;
/// A pair of sections and the links between them.
type Edge = ((usize, usize), usize);
/// A label height and its section.
type Label = (f64, usize);
/// Labels longer than this many characters are shortened (the full title is in the tooltip).
const LABEL_CHARS: usize = 24;

/// One drawn connection, for the text list beside the drawing.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Connection {
    /// First section's title and URL.
    pub a: (String, String),
    /// Second section's title and URL.
    pub b: (String, String),
    /// Links between their notes, both directions.
    pub links: usize,
}

/// The section map: an SVG and the connections it draws, strongest first.
#[derive(Debug, Clone, Serialize, Default)]
pub struct SectionMap {
    /// The drawing (empty when there is no section).
    pub svg: String,
    /// The connections drawn, strongest first.
    pub connections: Vec<Connection>,
    /// Sections left out of the drawing (too small to fit).
    pub hidden_sections: usize,
}

/// Notes per top-level section and links between pairs of them.
fn tally(tree: &ContentTree, graph: &LinkGraph) -> (Vec<usize>, BTreeMap<(usize, usize), usize>) {
    let top_of: Vec<usize> = (0..tree.sections.len())
        .map(|s| tree.ancestors(s).get(1).copied().unwrap_or(0))
        .collect();
    let mut count = vec![0; tree.sections.len()];
    for (i, &s) in tree.section_of.iter().enumerate() {
        if tree.docs[i].kind == DocKind::Note {
            count[top_of[s]] += 1;
        }
    }
    let mut edges: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for (i, outs) in graph.outgoing.iter().enumerate() {
        let a = top_of[tree.section_of[i]];
        for &j in outs {
            let b = top_of[tree.section_of[j]];
            if a != b && a != 0 && b != 0 {
                *edges.entry((a.min(b), a.max(b))).or_default() += 1;
            }
        }
    }
    (count, edges)
}

/// Keeps, for every drawn section, its `LINKS_PER_SECTION` strongest connections.
fn strongest(
    drawn: &BTreeSet<usize>,
    edges: &BTreeMap<(usize, usize), usize>,
) -> Vec<((usize, usize), usize)> {
    let mut per: BTreeMap<usize, Vec<Edge>> = BTreeMap::new();
    for (&(a, b), &n) in edges {
        if drawn.contains(&a) && drawn.contains(&b) {
            per.entry(a).or_default().push(((a, b), n));
            per.entry(b).or_default().push(((a, b), n));
        }
    }
    let mut keep: BTreeSet<(usize, usize)> = BTreeSet::new();
    for list in per.values_mut() {
        list.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
        keep.extend(list.iter().take(LINKS_PER_SECTION).map(|e| e.0));
    }
    let mut out: Vec<_> = keep.into_iter().map(|k| (k, edges[&k])).collect();
    out.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
    out
}

/// Spreads label heights on one side so that no two are closer than `LABEL_GAP`.
fn spread(ys: &mut [(f64, usize)], top: f64) {
    ys.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut last = top - LABEL_GAP;
    for y in ys.iter_mut() {
        y.0 = y.0.max(last + LABEL_GAP);
        last = y.0;
    }
}

/// Builds the map of `tree`'s top-level sections.
pub fn section_map(tree: &ContentTree, graph: &LinkGraph, base: &str) -> SectionMap {
    let (count, edges) = tally(tree, graph);
    let mut top: Vec<usize> = tree.sections[0].subsections.clone();
    if top.is_empty() {
        return SectionMap::default();
    }
    let hidden_sections = top.len().saturating_sub(MAX_SECTIONS);
    if hidden_sections > 0 {
        let mut by_size = top.clone();
        by_size.sort_by(|&a, &b| count[b].cmp(&count[a]).then(a.cmp(&b)));
        let keep: BTreeSet<usize> = by_size.into_iter().take(MAX_SECTIONS).collect();
        top.retain(|s| keep.contains(s));
    }
    let drawn: BTreeSet<usize> = top.iter().copied().collect();
    let kept = strongest(&drawn, &edges);

    let n = top.len();
    let label = |s: usize| super::graph::label(&tree.sections[s].title, LABEL_CHARS);
    // Wide enough for the longest label on either side (about 0.6 em a character at 16 px).
    let longest = top
        .iter()
        .map(|&s| label(s).chars().count() + 4)
        .max()
        .unwrap_or(8) as f64;
    let (rx, ry) = (170.0, (n as f64 * 13.0).clamp(140.0, 280.0));
    let w = (2.0 * (rx + 24.0 + longest * 9.6) + 20.0).ceil();
    let cx = w / 2.0;
    let cy = ry + 40.0;
    // Half a step off the vertical, so every node has a side and its label points outwards.
    let angle = |k: usize| {
        std::f64::consts::TAU * (k as f64 + 0.5) / n as f64 - std::f64::consts::FRAC_PI_2
    };
    let pos: BTreeMap<usize, (f64, f64)> = top
        .iter()
        .enumerate()
        .map(|(k, &s)| (s, (cx + rx * angle(k).cos(), cy + ry * angle(k).sin())))
        .collect();
    let (mut left, mut right): (Vec<Label>, Vec<Label>) = (Vec::new(), Vec::new());
    for &s in &top {
        let (x, y) = pos[&s];
        if x < cx {
            left.push((y + 5.0, s))
        } else {
            right.push((y + 5.0, s))
        }
    }
    spread(&mut left, 24.0);
    spread(&mut right, 24.0);
    let bottom = left
        .iter()
        .chain(&right)
        .map(|l| l.0)
        .fold(cy + ry, f64::max);
    let h = (bottom + 30.0).ceil();

    let max_edge = kept.first().map(|e| e.1).unwrap_or(1) as f64;
    let max_count = top.iter().map(|&s| count[s]).max().unwrap_or(1).max(1) as f64;
    let title = |s: usize| escape(&tree.sections[s].title);
    let mut svg = String::new();
    let _ = write!(svg, "<svg class=\"section-map\" viewBox=\"0 0 {w} {h}\" role=\"group\" aria-label=\"The sections and their strongest connections\">");
    for &((a, b), links) in &kept {
        let ((x1, y1), (x2, y2)) = (pos[&a], pos[&b]);
        // Curved towards the centre, so lines between neighbours stay off the labels.
        let (qx, qy) = (
            (x1 + x2) / 2.0 * 0.45 + cx * 0.55,
            (y1 + y2) / 2.0 * 0.45 + cy * 0.55,
        );
        let width = 1.0 + 7.0 * links as f64 / max_edge;
        let _ = write!(svg, "<path class=\"edge\" d=\"M{x1:.1} {y1:.1}Q{qx:.1} {qy:.1} {x2:.1} {y2:.1}\" stroke-width=\"{width:.1}\"><title>{} ↔ {}: {links} links</title></path>", title(a), title(b));
    }
    for (side, labels) in [("end", &left), ("start", &right)] {
        for &(ly, s) in labels.iter() {
            let (x, y) = pos[&s];
            let rad = 5.0 + 11.0 * (count[s] as f64 / max_count).sqrt();
            let lx = if side == "end" {
                x - rad - 8.0
            } else {
                x + rad + 8.0
            };
            let _ = write!(
                svg,
                "<a href=\"{base}{}\"><circle class=\"node\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{rad:.1}\"/>{}<text x=\"{lx:.1}\" y=\"{ly:.1}\" text-anchor=\"{side}\">{}<tspan class=\"count\"> {}</tspan></text><title>{}: {} notes</title></a>",
                tree.sections[s].url,
                if (ly - 5.0 - y).abs() > 2.0 {
                    format!("<line class=\"leader\" x1=\"{x:.1}\" y1=\"{y:.1}\" x2=\"{lx:.1}\" y2=\"{:.1}\"/>", ly - 5.0)
                } else {
                    String::new()
                },
                escape(&label(s)),
                count[s],
                title(s),
                count[s]
            );
        }
    }
    svg.push_str("</svg>");
    let link = |s: usize| {
        (
            tree.sections[s].title.clone(),
            format!("{base}{}", tree.sections[s].url),
        )
    };
    SectionMap {
        svg,
        connections: kept
            .iter()
            .map(|&((a, b), links)| Connection {
                a: link(a),
                b: link(b),
                links,
            })
            .collect(),
        hidden_sections,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_section_keeps_only_its_strongest_links() {
        let drawn: BTreeSet<usize> = (1..=5).collect();
        let mut edges = BTreeMap::new();
        // Section 1 is linked to every other; 2–5 to each other weakly.
        for (b, n) in [(2, 50), (3, 40), (4, 30), (5, 20)] {
            edges.insert((1, b), n);
        }
        for a in 2..=5 {
            for b in a + 1..=5 {
                edges.insert((a, b), 1);
            }
        }
        let kept = strongest(&drawn, &edges);
        assert_eq!(kept[0], ((1, 2), 50));
        assert!(kept.len() < edges.len(), "{kept:?}");
        for s in 1..=5 {
            let mine = kept.iter().filter(|((a, b), _)| *a == s || *b == s).count();
            assert!(mine >= 1, "section {s} has a connection");
        }
    }

    #[test]
    fn labels_are_spread_apart() {
        let mut ys = vec![(100.0, 1), (101.0, 2), (300.0, 3), (99.0, 4)];
        spread(&mut ys, 0.0);
        for pair in ys.windows(2) {
            assert!(pair[1].0 - pair[0].0 >= LABEL_GAP);
        }
        assert_eq!(ys[3], (300.0, 3));
    }
}
