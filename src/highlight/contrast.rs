//! WCAG contrast: adjusting theme colours so that code stays readable (AA, 4.5:1) on
//! the theme's code-block backgrounds.

/// Background of code blocks in the light theme (`--code-bg` in style.css).
pub const LIGHT_CODE_BG: (u8, u8, u8) = (0xf6, 0xf8, 0xfa);
/// Background of code blocks in the dark theme.
pub const DARK_CODE_BG: (u8, u8, u8) = (0x16, 0x1b, 0x22);
/// WCAG AA for normal text.
pub const MIN_RATIO: f64 = 4.5;

fn channel(c: u8) -> f64 {
    let c = c as f64 / 255.0;
    if c <= 0.03928 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

/// Relative luminance.
pub fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
    0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

/// Contrast ratio of two colours (1–21).
pub fn ratio(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `fg` moved toward black (on light backgrounds) or white (on dark ones) until it
/// reaches [`MIN_RATIO`] against `bg`.
pub fn readable(fg: (u8, u8, u8), bg: (u8, u8, u8)) -> (u8, u8, u8) {
    let target = if luminance(bg) > 0.5 { 0.0 } else { 255.0 };
    let mut c = fg;
    let mut t = 0.0;
    while ratio(c, bg) < MIN_RATIO && t < 1.0 {
        t += 0.02;
        let mix = |x: u8| (x as f64 + (target - x as f64) * t).round() as u8;
        c = (mix(fg.0), mix(fg.1), mix(fg.2));
    }
    c
}

/// Rewrites every `color: #rrggbb` declaration of `css` to be readable on `bg`
/// (background declarations are left alone).
pub fn enforce(css: &str, bg: (u8, u8, u8)) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(i) = rest.find("color:") {
        let is_background = rest[..i].ends_with("background-");
        out.push_str(&rest[..i + 6]);
        rest = &rest[i + 6..];
        let trimmed = rest.trim_start();
        let skipped = rest.len() - trimmed.len();
        if !is_background && trimmed.starts_with('#') && trimmed.len() >= 7 {
            if let Some(fg) = parse_hex(&trimmed[1..7]) {
                let (r, g, b) = readable(fg, bg);
                out.push_str(&rest[..skipped]);
                out.push_str(&format!("#{r:02x}{g:02x}{b:02x}"));
                rest = &trimmed[7..];
                continue;
            }
        }
    }
    out.push_str(rest);
    out
}

fn parse_hex(h: &str) -> Option<(u8, u8, u8)> {
    Some((
        u8::from_str_radix(h.get(0..2)?, 16).ok()?,
        u8::from_str_radix(h.get(2..4)?, 16).ok()?,
        u8::from_str_radix(h.get(4..6)?, 16).ok()?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_ratios() {
        assert!((ratio((0, 0, 0), (255, 255, 255)) - 21.0).abs() < 0.01);
        assert!((ratio((0x77, 0x77, 0x77), (255, 255, 255)) - 4.48).abs() < 0.01);
    }

    #[test]
    fn low_contrast_colours_are_lifted() {
        let css = ".a { color: #aaaaaa; }\n.b { background-color: #ffffff; color: #000000; }\n";
        let fixed = enforce(css, LIGHT_CODE_BG);
        let c = parse_hex(&fixed[fixed.find("color: #").unwrap() + 8..][..6]).unwrap();
        assert!(ratio(c, LIGHT_CODE_BG) >= MIN_RATIO, "{fixed}");
        assert!(fixed.contains("background-color: #ffffff"));
        assert!(fixed.contains("color: #000000"));
        let dark = readable((0x30, 0x30, 0x30), DARK_CODE_BG);
        assert!(ratio(dark, DARK_CODE_BG) >= MIN_RATIO);
    }
}
