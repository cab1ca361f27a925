//! Math: LaTeX to MathML at build time with pulldown-latex (no client script).

use pulldown_latex::config::DisplayMode;
use pulldown_latex::{push_mathml, Parser, RenderConfig, Storage};

/// MathML for `latex`, and the first parse error if any (errors are also rendered inline).
pub fn to_mathml(latex: &str, display: bool) -> (String, Option<String>) {
    let storage = Storage::new();
    let events: Vec<_> = Parser::new(latex, &storage).collect();
    let error = events
        .iter()
        .find_map(|e| e.as_ref().err().map(|e| e.to_string()));
    let config = RenderConfig {
        display_mode: if display {
            DisplayMode::Block
        } else {
            DisplayMode::Inline
        },
        ..Default::default()
    };
    let mut out = String::new();
    if push_mathml(&mut out, events.into_iter(), config).is_err() {
        out = format!(
            "<code class=\"math-error\">{}</code>",
            crate::escape::html(latex)
        );
    }
    (out, error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_mathml() {
        let (m, e) = to_mathml(r"\frac{a}{b}", false);
        assert!(e.is_none());
        assert!(m.starts_with("<math"), "{m}");
        assert!(m.contains("<mfrac>"), "{m}");
        let (b, _) = to_mathml("x^2", true);
        assert!(b.contains("display=\"block\""), "{b}");
    }

    #[test]
    fn reports_errors() {
        let (_, e) = to_mathml(r"\frac{a", false);
        assert!(e.is_some());
    }
}
