//! The pass that makes merman's SVG fit the page: colours become the site's CSS variables
//! (so diagrams follow the light and dark themes), ids get a per-diagram prefix (so two
//! diagrams on a page never clash), and the root element gets the page's sizing.

/// A themed SVG, cut where each id needs the per-page prefix: join the parts with the
/// prefix to get the SVG ([`Themed::with_prefix`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Themed {
    parts: Vec<Box<str>>,
    /// Natural width of the drawing in CSS pixels (from the view box).
    pub width: f64,
}

impl Themed {
    /// The SVG with every id (and every reference to one) starting with `prefix`.
    pub fn with_prefix(&self, prefix: &str) -> String {
        let len: usize = self.parts.iter().map(|p| p.len() + prefix.len()).sum();
        let mut out = String::with_capacity(len);
        for (n, p) in self.parts.iter().enumerate() {
            if n > 0 {
                out.push_str(prefix);
            }
            out.push_str(p);
        }
        out
    }
}

/// Themes `svg` as merman wrote it.
pub fn theme(svg: &str) -> Themed {
    let mut svg = strip_root_attrs(svg.trim());
    let width = view_box_width(&svg).unwrap_or(0.0);
    if width > 0.0 && svg.starts_with("<svg") {
        // Shrinks to fit down to 70 % of its natural size (labels stay legible), then the
        // wrapper scrolls.
        let style = format!(
            " style=\"max-width:{}px;min-width:{}px\"",
            width.ceil(),
            (width * 0.7).ceil()
        );
        svg.insert_str(4, &style);
    }
    let classes = classes_used(&svg);
    let mut parts = Vec::new();
    let mut cur = String::with_capacity(svg.len());
    let mut rest = svg.as_str();
    // Text between tags is left alone (a label may say `#fff`); tags and the stylesheet
    // are rewritten.
    while let Some(lt) = rest.find('<') {
        cur.push_str(&rest[..lt]);
        rest = &rest[lt..];
        if let Some(body) = rest.strip_prefix("<style>") {
            let end = body.find("</style>").unwrap_or(body.len());
            cur.push_str("<style>");
            let css = recolour(&prune_css(&body[..end], &classes));
            split_ids(&css, IdSyntax::Css, &mut parts, &mut cur);
            cur.push_str("</style>");
            rest = body.get(end + "</style>".len()..).unwrap_or("");
            continue;
        }
        let gt = tag_end(rest);
        let tag = recolour(&rest[..gt]);
        split_ids(&tag, IdSyntax::Attributes, &mut parts, &mut cur);
        rest = &rest[gt..];
    }
    cur.push_str(rest);
    parts.push(cur.into_boxed_str());
    Themed { parts, width }
}

/// Index just past the `>` that ends the tag at the start of `s` (quotes respected).
fn tag_end(s: &str) -> usize {
    let mut quote = None;
    for (i, b) in s.bytes().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if q == b => quote = None,
            (None, b'>') => return i + 1,
            _ => {}
        }
    }
    s.len()
}

/// The root `<svg>` without merman's size and ARIA attributes: the page sets the size and
/// the wrapper carries the accessible name.
fn strip_root_attrs(svg: &str) -> String {
    let end = tag_end(svg);
    let mut root = svg[..end].to_string();
    for attr in [
        "width",
        "height",
        "style",
        "role",
        "aria-roledescription",
        "aria-labelledby",
        "aria-describedby",
    ] {
        let pat = format!(" {attr}=\"");
        if let Some(at) = root.find(&pat) {
            let from = at + pat.len();
            let close = root[from..].find('"').map_or(root.len(), |c| from + c + 1);
            root.replace_range(at..close, "");
        }
    }
    root.push_str(&svg[end..]);
    root
}

/// Every class name the drawing's elements carry.
fn classes_used(svg: &str) -> std::collections::HashSet<&str> {
    svg.split(" class=\"")
        .skip(1)
        .flat_map(|s| s[..s.find('"').unwrap_or(0)].split_whitespace())
        .collect()
}

/// merman's stylesheet serves every diagram kind and feature (about 25 kB): keep only the
/// rules whose selectors can match an element of this drawing (all their classes used).
fn prune_css(css: &str, classes: &std::collections::HashSet<&str>) -> String {
    let mut out = String::with_capacity(css.len() / 3);
    let mut rest = css;
    while let Some(open) = rest.find('{') {
        let selectors = &rest[..open];
        if selectors.trim_start().starts_with('@') {
            // An at-rule (keyframes): kept whole, to its matching brace.
            let mut depth = 0;
            let mut end = rest.len();
            for (i, c) in rest.char_indices().skip(open) {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            end = i + 1;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        let close = rest[open..].find('}').map_or(rest.len(), |c| open + c + 1);
        let kept: Vec<&str> = split_top(selectors)
            .into_iter()
            .filter(|sel| selector_classes(sel).iter().all(|c| classes.contains(c)))
            .collect();
        if !kept.is_empty() {
            out.push_str(&kept.join(","));
            out.push_str(&rest[open..close]);
        }
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

/// `a, b:not(.c, .d), e` split at its top-level commas.
fn split_top(selectors: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, c) in selectors.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&selectors[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&selectors[start..]);
    out
}

/// The class names a selector requires (those inside `:not(…)` and `[…]` do not count).
fn selector_classes(sel: &str) -> Vec<&str> {
    let b = sel.as_bytes();
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth -= 1,
            b'.' if depth == 0 => {
                let len = sel[i + 1..]
                    .bytes()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == b'-' || *c == b'_')
                    .count();
                if len > 0 {
                    out.push(&sel[i + 1..i + 1 + len]);
                }
                i += len;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// The width of the root's `viewBox`.
fn view_box_width(svg: &str) -> Option<f64> {
    let root = &svg[..tag_end(svg)];
    let at = root.find("viewBox=\"")? + "viewBox=\"".len();
    let vb = &root[at..at + root[at..].find('"')?];
    vb.split([' ', ','])
        .filter(|s| !s.is_empty())
        .nth(2)?
        .parse()
        .ok()
}

/// Where ids are named in a piece of SVG.
#[derive(Clone, Copy, PartialEq, Eq)]
enum IdSyntax {
    /// A tag: `id="x"`, `href="#x"`, `url(#x)`.
    Attributes,
    /// A stylesheet: `#x` selectors and `url(#x)`.
    Css,
}

/// Appends `s` to `cur`, cutting a new part wherever an id starts.
fn split_ids(s: &str, syntax: IdSyntax, parts: &mut Vec<Box<str>>, cur: &mut String) {
    let b = s.as_bytes();
    let mut last = 0;
    for i in 0..b.len() {
        let starts_id = match syntax {
            IdSyntax::Attributes => {
                (b[i] == b'"' && (s[..i].ends_with(" id=") || s[..i].ends_with("href=\"#")))
                    || (b[i] == b'#' && s[..i].ends_with("url("))
            }
            IdSyntax::Css => {
                b[i] == b'#'
                    && b.get(i + 1)
                        .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_' || *c == b'-')
            }
        };
        if starts_id {
            // `id="` cuts after the quote; `href="#` is seen at its quote after the `#`.
            let cut = if syntax == IdSyntax::Attributes && b[i] == b'"' {
                if s[..i].ends_with('#') {
                    i
                } else {
                    i + 1
                }
            } else {
                i + 1
            };
            cur.push_str(&s[last..cut]);
            parts.push(std::mem::take(cur).into_boxed_str());
            last = cut;
        }
    }
    cur.push_str(&s[last..]);
}

/// `s` with every colour replaced by the site variable for its role (see [`role`]).
fn recolour(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 64);
    let b = s.as_bytes();
    let mut i = 0;
    let mut last = 0;
    while i < b.len() {
        let found = match b[i] {
            b'#' if !s[..i].ends_with("url(") && !s[..i].ends_with("href=\"") => {
                hex_colour(&s[i..])
            }
            b'r' if s[i..].starts_with("rgb") && !prev_is_word(b, i) => rgb_colour(&s[i..]),
            b'h' if s[i..].starts_with("hsl") && !prev_is_word(b, i) => hsl_colour(&s[i..]),
            b'w' | b'b' | b'g' | b'l' if !prev_is_word(b, i) => named_colour(&s[i..]),
            _ => None,
        };
        if let Some((len, rgba)) = found {
            out.push_str(&s[last..i]);
            out.push_str(role(rgba));
            i += len;
            last = i;
        } else {
            i += 1;
        }
    }
    out.push_str(&s[last..]);
    out
}

fn prev_is_word(b: &[u8], i: usize) -> bool {
    i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'-' || b[i - 1] == b'_')
}

type Rgba = (f64, f64, f64, f64);

fn hex_colour(s: &str) -> Option<(usize, Rgba)> {
    let digits = s[1..].bytes().take_while(u8::is_ascii_hexdigit).count();
    let next = s.as_bytes().get(1 + digits).copied().unwrap_or(b' ');
    if next.is_ascii_alphanumeric() || next == b'-' || next == b'_' {
        return None;
    }
    let h = &s[1..1 + digits];
    let v = |t: &str| u8::from_str_radix(t, 16).ok().map(f64::from);
    let d = |c: &str| v(&c.repeat(2));
    let rgba = match digits {
        3 | 4 => (
            d(&h[0..1])?,
            d(&h[1..2])?,
            d(&h[2..3])?,
            if digits == 4 {
                d(&h[3..4])? / 255.0
            } else {
                1.0
            },
        ),
        6 | 8 => (
            v(&h[0..2])?,
            v(&h[2..4])?,
            v(&h[4..6])?,
            if digits == 8 {
                v(&h[6..8])? / 255.0
            } else {
                1.0
            },
        ),
        _ => return None,
    };
    Some((1 + digits, rgba))
}

fn rgb_colour(s: &str) -> Option<(usize, Rgba)> {
    let (len, n) = call_args(s, ["rgb", "rgba"])?;
    match n[..] {
        [r, g, b] => Some((len, (r, g, b, 1.0))),
        [r, g, b, a] => Some((len, (r, g, b, a))),
        _ => None,
    }
}

/// The numbers of `name(…)` at the start of `s`, and the length of the call.
fn call_args(s: &str, names: [&str; 2]) -> Option<(usize, Vec<f64>)> {
    let open = s.find('(')?;
    if !names.contains(&&s[..open]) {
        return None;
    }
    let close = s.find(')')?;
    let nums = s[open + 1..close]
        .split([',', ' ', '/'])
        .filter(|t| !t.is_empty())
        .map(|t| {
            let pct = t.ends_with('%');
            t.trim_end_matches('%')
                .trim_end_matches("deg")
                .parse::<f64>()
                .map(|v| if pct { v / 100.0 } else { v })
        })
        .collect::<Result<_, _>>()
        .ok()?;
    Some((close + 1, nums))
}

fn hsl_colour(s: &str) -> Option<(usize, Rgba)> {
    let (len, n) = call_args(s, ["hsl", "hsla"])?;
    let (h, sat, l, a) = match n[..] {
        [h, s, l] => (h, s, l, 1.0),
        [h, s, l, a] => (h, s, l, a),
        _ => return None,
    };
    // CSS Color 4, hsl to rgb.
    let f = |k: f64| {
        let k = (k + h / 30.0).rem_euclid(12.0);
        let a = sat * l.min(1.0 - l);
        255.0 * (l - a * (k - 3.0).min(9.0 - k).clamp(-1.0, 1.0))
    };
    Some((len, (f(0.0), f(8.0), f(4.0), a)))
}

fn named_colour(s: &str) -> Option<(usize, Rgba)> {
    const NAMES: [(&str, f64); 7] = [
        ("white", 255.0),
        ("black", 0.0),
        ("lightgrey", 211.0),
        ("lightgray", 211.0),
        ("grey", 128.0),
        ("gray", 128.0),
        ("lightgreen", -1.0),
    ];
    NAMES.iter().find_map(|(name, v)| {
        let after = s.as_bytes().get(name.len()).copied().unwrap_or(b' ');
        let whole = s.starts_with(name) && !(after.is_ascii_alphanumeric() || after == b'-');
        match (whole, *v < 0.0) {
            (true, true) => Some((name.len(), (144.0, 238.0, 144.0, 1.0))),
            (true, false) => Some((name.len(), (*v, *v, *v, 1.0))),
            _ => None,
        }
    })
}

/// The site variable for a colour, by what a colour that light does in a diagram: light
/// colours fill shapes, mid greys draw secondary lines, dark colours draw text and edges;
/// light tinted fills (notes, highlights) take the highlight colour.
fn role((r, g, b, a): Rgba) -> &'static str {
    if a == 0.0 {
        return "transparent";
    }
    let byte = |c: f64| c.round().clamp(0.0, 255.0) as u8;
    let l = crate::highlight::contrast::luminance((byte(r), byte(g), byte(b)));
    let (max, min) = (r.max(g).max(b), r.min(g).min(b));
    let tinted = max - min > 40.0;
    if l > 0.7 {
        if tinted {
            "var(--dg-note)"
        } else {
            "var(--dg-fill)"
        }
    } else if l > 0.12 {
        "var(--dg-line)"
    } else {
        "var(--dg-ink)"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_become_variables_and_ids_get_the_prefix() {
        let svg = r##"<svg id="atlas-mmd" width="100%" style="max-width: 80px;" viewBox="0 0 80 40" role="graphics-document document"><style>#atlas-mmd .node rect{fill:#ECECFF;stroke:#333;}#atlas-mmd text{fill:rgb(51, 51, 51)}#atlas-mmd .cluster rect,#atlas-mmd .node:not(.x) path{fill:#fff}</style><marker id="m1" class="node"><path fill="white"/></marker><path marker-end="url(#m1)" stroke="#999"/><text>#fff</text></svg>"##;
        let t = theme(svg);
        let out = t.with_prefix("d7-");
        assert_eq!(t.width, 80.0);
        assert!(out.starts_with(r#"<svg style="max-width:80px;min-width:56px" id="d7-atlas-mmd" viewBox="0 0 80 40"><style>#d7-atlas-mmd .node rect{fill:var(--dg-fill);stroke:var(--dg-ink);}"#), "{out}");
        assert!(out.contains("fill:var(--dg-ink)}"), "{out}");
        assert!(
            out.contains(r#"<marker id="d7-m1" class="node"><path fill="var(--dg-fill)"/>"#),
            "{out}"
        );
        assert!(
            out.contains(r#"marker-end="url(#d7-m1)" stroke="var(--dg-line)""#),
            "{out}"
        );
        assert!(out.contains("<text>#fff</text>"), "text is kept: {out}");
        assert!(
            out.contains("}#d7-atlas-mmd .node:not(.x) path{fill:var(--dg-fill)}</style>"),
            "unused rules dropped: {out}"
        );
        assert_eq!(
            recolour("fill:hsl(0, 0%, 100%);stroke:hsl(240, 60%, 20%)"),
            "fill:var(--dg-fill);stroke:var(--dg-ink)"
        );
    }
}
