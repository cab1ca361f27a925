//! One social card: a 1200×630 PNG showing a note's title, its section and the site's
//! name, drawn from an SVG template with resvg and fonts compiled into the binary (no
//! system fonts, so every machine draws the same bytes).

use resvg::{tiny_skia, usvg};
use std::sync::Arc;

/// Width of a card in pixels (the size OpenGraph consumers expect).
pub const WIDTH: u32 = 1200;
/// Height of a card in pixels.
pub const HEIGHT: u32 = 630;
/// Bumped whenever the drawing changes, so cached cards are redrawn.
pub const DESIGN_VERSION: &str = "card-v1";

const REGULAR: &[u8] = include_bytes!("fonts/DejaVuSans.subset.ttf");
const BOLD: &[u8] = include_bytes!("fonts/DejaVuSans-Bold.subset.ttf");
const FAMILY: &str = "DejaVu Sans";
/// Left and right margin of the text.
const MARGIN: f64 = 80.0;

/// What a card shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Card<'a> {
    /// The note's title.
    pub title: &'a str,
    /// The title of the note's section (empty for notes at the top).
    pub section: &'a str,
    /// The site's title.
    pub site: &'a str,
}

impl Card<'_> {
    /// Content hash of the card: equal keys give byte-identical PNGs.
    pub fn key(&self) -> u64 {
        crate::memo::hash_parts([
            DESIGN_VERSION.as_bytes(),
            self.title.as_bytes(),
            self.section.as_bytes(),
            self.site.as_bytes(),
        ])
    }

    /// Output path of the card, named by its content hash (`social/<hash>.png`).
    pub fn path(&self) -> String {
        format!("social/{:016x}.png", self.key())
    }
}

/// Why a card could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum CardError {
    /// The generated SVG did not parse (a bug in the template).
    #[error("social card SVG: {0}")]
    Svg(#[from] usvg::Error),
    /// The PNG encoder failed.
    #[error("social card PNG: {0}")]
    Png(String),
    /// The pixel buffer could not be allocated.
    #[error("social card: cannot allocate a {0}×{1} image")]
    Pixmap(u32, u32),
}

/// Draws cards; holds the parsed fonts, so make one per build and share it across threads.
#[derive(Debug)]
pub struct CardRenderer {
    options: usvg::Options<'static>,
}

impl Default for CardRenderer {
    fn default() -> Self {
        Self::new()
    }
}

impl CardRenderer {
    /// A renderer with the bundled DejaVu Sans fonts only.
    pub fn new() -> CardRenderer {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(REGULAR.to_vec());
        db.load_font_data(BOLD.to_vec());
        db.set_sans_serif_family(FAMILY);
        let options = usvg::Options {
            font_family: FAMILY.to_string(),
            fontdb: Arc::new(db),
            ..usvg::Options::default()
        };
        CardRenderer { options }
    }

    /// The card as PNG bytes.
    pub fn render(&self, card: &Card<'_>) -> Result<Vec<u8>, CardError> {
        self.rasterise(&card_svg(card), WIDTH, HEIGHT)
    }

    /// Any SVG document rasterised to a `width`×`height` PNG.
    pub fn rasterise(&self, svg: &str, width: u32, height: u32) -> Result<Vec<u8>, CardError> {
        let tree = usvg::Tree::from_str(svg, &self.options)?;
        let mut pixmap =
            tiny_skia::Pixmap::new(width, height).ok_or(CardError::Pixmap(width, height))?;
        let size = tree.size();
        let transform = tiny_skia::Transform::from_scale(
            width as f32 / size.width(),
            height as f32 / size.height(),
        );
        resvg::render(&tree, transform, &mut pixmap.as_mut());
        pixmap
            .encode_png()
            .map_err(|e| CardError::Png(e.to_string()))
    }
}

/// The SVG drawing of a card.
pub fn card_svg(card: &Card<'_>) -> String {
    let esc = crate::escape::html;
    let width = f64::from(WIDTH) - 2.0 * MARGIN;
    // The largest size at which the title fits in three lines (four at the smallest).
    let (size, lines) = [(72.0, 3), (60.0, 3), (52.0, 4)]
        .iter()
        .map(|&(size, max)| (size, wrap(card.title, width / size, max)))
        .find(|(_, (_, fits))| *fits)
        .map(|(size, (lines, _))| (size, lines))
        .unwrap_or_else(|| (52.0, wrap(card.title, width / 52.0, 4).0));
    let line_height = size * 1.18;
    let block = line_height * lines.len() as f64;
    let top = 330.0 - block / 2.0 + size * 0.85;
    let mut title = String::new();
    for (i, line) in lines.iter().enumerate() {
        let y = top + line_height * i as f64;
        title.push_str(&format!(
            "<tspan x=\"{MARGIN}\" y=\"{y:.0}\">{}</tspan>",
            esc(line)
        ));
    }
    let site = esc(&fit(card.site, width / 34.0 - 2.0));
    let section = esc(&fit(card.section, width / 36.0));
    format!(
        concat!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\">",
            "<rect width=\"{w}\" height=\"{h}\" fill=\"#0f1419\"/>",
            "<rect width=\"{w}\" height=\"12\" fill=\"#6cb6ff\"/>",
            "<g transform=\"translate({m} 64) scale(1.5)\"><rect width=\"32\" height=\"32\" rx=\"7\" fill=\"#0a58ca\"/>",
            "<circle cx=\"16\" cy=\"16\" r=\"9.5\" fill=\"none\" stroke=\"#fff\" stroke-width=\"2.2\"/>",
            "<path d=\"M6.5 16h19M16 6.5c-3.2 3-4.6 6-4.6 9.5s1.4 6.5 4.6 9.5c3.2-3 4.6-6 4.6-9.5S19.2 9.5 16 6.5z\" fill=\"none\" stroke=\"#fff\" stroke-width=\"2\"/></g>",
            "<text x=\"{sx}\" y=\"101\" font-family=\"DejaVu Sans\" font-size=\"34\" fill=\"#c9d1d9\">{site}</text>",
            "<text font-family=\"DejaVu Sans\" font-weight=\"bold\" font-size=\"{size}\" fill=\"#ffffff\">{title}</text>",
            "<rect x=\"{m}\" y=\"516\" width=\"96\" height=\"6\" rx=\"3\" fill=\"#6cb6ff\"/>",
            "<text x=\"{m}\" y=\"572\" font-family=\"DejaVu Sans\" font-size=\"36\" fill=\"#6cb6ff\">{section}</text>",
            "</svg>"
        ),
        w = WIDTH,
        h = HEIGHT,
        m = MARGIN,
        sx = MARGIN + 68.0,
        site = site,
        size = size,
        title = title,
        section = section,
    )
}

/// Approximate advance of `c` in DejaVu Sans Bold, in ems (generous, so text never
/// runs past the margin).
fn advance(c: char) -> f64 {
    match c {
        ' ' => 0.35,
        'i' | 'j' | 'l' | '\'' | '.' | ',' | ':' | ';' | '!' | '|' => 0.36,
        'I' | 'J' | 'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '/' | '-' => 0.50,
        'm' | 'w' | 'M' | 'W' | '—' | '%' | '@' => 1.08,
        'a'..='z' => 0.72,
        'A'..='Z' | '0'..='9' => 0.80,
        _ => 0.85,
    }
}

fn width_of(s: &str) -> f64 {
    s.chars().map(advance).sum()
}

/// Greedy word wrap of `text` into lines of at most `ems` wide; the second value is
/// false when it needed more than `max_lines` lines (the last kept line then ends in `…`).
pub fn wrap(text: &str, ems: f64, max_lines: usize) -> (Vec<String>, bool) {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if width_of(&candidate) <= ems || line.is_empty() {
            line = candidate;
        } else {
            lines.push(std::mem::take(&mut line));
            line = word.to_string();
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    let fits = lines.len() <= max_lines && lines.iter().all(|l| width_of(l) <= ems);
    lines.truncate(max_lines);
    if !fits {
        if let Some(last) = lines.last_mut() {
            *last = fit(&format!("{last} …"), ems);
            if !last.ends_with('…') {
                last.push('…');
            }
        }
        for l in lines.iter_mut() {
            *l = fit(l, ems);
        }
    }
    (lines, fits)
}

/// `s` cut (with `…`) to at most `ems` wide.
fn fit(s: &str, ems: f64) -> String {
    if width_of(s) <= ems {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = advance('…');
    for c in s.chars() {
        w += advance(c);
        if w > ems {
            break;
        }
        out.push(c);
    }
    let mut out = out.trim_end().to_string();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_titles_wrap_and_stay_inside() {
        let (lines, fits) = wrap(
            "Consistent hashing with bounded loads and virtual nodes",
            14.0,
            3,
        );
        assert!(fits, "{lines:?}");
        assert!(lines.len() > 1 && lines.len() <= 3);
        assert!(lines.iter().all(|l| width_of(l) <= 14.0));
        let (lines, fits) = wrap(&"word ".repeat(60), 14.0, 3);
        assert!(!fits);
        assert_eq!(lines.len(), 3);
        assert!(lines[2].ends_with('…'), "{lines:?}");
        let (lines, _) = wrap(
            "Supercalifragilisticexpialidocious-and-even-longer-identifier",
            10.0,
            2,
        );
        assert!(lines.iter().all(|l| width_of(l) <= 10.0), "{lines:?}");
    }

    #[test]
    fn card_is_a_deterministic_1200_by_630_png() {
        let r = CardRenderer::new();
        let card = Card {
            title: "Consistent hashing <&> rings",
            section: "Partitioning",
            site: "System Design Atlas",
        };
        let a = r.render(&card).unwrap();
        let b = CardRenderer::new().render(&card).unwrap();
        assert_eq!(a, b);
        assert_eq!(&a[..8], b"\x89PNG\r\n\x1a\n");
        // IHDR: width and height, big-endian, right after the chunk header.
        assert_eq!(u32::from_be_bytes([a[16], a[17], a[18], a[19]]), 1200);
        assert_eq!(u32::from_be_bytes([a[20], a[21], a[22], a[23]]), 630);
        let other = r
            .render(&Card {
                title: "Other",
                ..card
            })
            .unwrap();
        assert_ne!(a, other);
        assert_ne!(
            card.key(),
            Card {
                title: "Other",
                ..card
            }
            .key()
        );
    }

    #[test]
    fn text_is_drawn_with_the_bundled_fonts() {
        // Same card with and without a title: the title must put ink on the image, which
        // only happens when the bundled font was found (there are no system fonts here).
        let r = CardRenderer::new();
        let svg = |t: &str| {
            format!("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"40\"><text x=\"4\" y=\"30\" font-size=\"30\" fill=\"#000\">{t}</text></svg>")
        };
        let empty = r.rasterise(&svg(""), 100, 40).unwrap();
        let text = r.rasterise(&svg("Hg"), 100, 40).unwrap();
        assert_ne!(empty, text);
    }
}
