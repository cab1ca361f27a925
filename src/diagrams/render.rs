//! Mermaid source to SVG with `merman`, laid out in Rust at build time.

use merman::{
    MermaidEngine, OperationControl, RenderOutput, RenderRequest, Renderer,
    SourcePresentationConfig, SvgRequest,
};
use std::sync::OnceLock;

/// Why a diagram could not be drawn.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DiagramError {
    /// The source is not a diagram Atlas can draw (unknown kind, syntax error).
    #[error("{0}")]
    Invalid(String),
    /// The fence holds no diagram (empty, or only comments).
    #[error("no diagram found in the mermaid block")]
    Empty,
}

/// The id merman writes into the SVG (and its stylesheet); replaced per page by the theme pass.
pub(super) const RAW_ID: &str = "atlas-mmd";

/// One renderer for the whole process: its configuration is fixed, every call is independent.
fn renderer() -> &'static Renderer {
    static RENDERER: OnceLock<Renderer> = OnceLock::new();
    RENDERER.get_or_init(|| {
        // The classic look on the neutral theme: greys only, which the theme pass maps onto
        // the site's palette; SVG text rather than HTML labels, so no foreignObject.
        let site = SourcePresentationConfig::from_value(serde_json::json!({
            "theme": "neutral",
            "look": "classic",
            "htmlLabels": false,
            // Light notes with dark text, like every other box (neutral's are dark grey).
            "themeVariables": { "noteBkgColor": "#fff5ad", "noteTextColor": "#333333", "noteBorderColor": "#999999" },
            "flowchart": { "htmlLabels": false },
            "class": { "htmlLabels": false },
            "state": { "htmlLabels": false },
        }));
        Renderer::new()
            .with_presentation_engine(MermaidEngine::new().with_site_config(site))
            .with_parse_options(merman::ParseOptions::strict())
    })
}

fn request() -> SvgRequest {
    SvgRequest {
        options: merman::svg::SvgRenderOptions {
            diagram_id: Some(RAW_ID.to_string()),
            ..Default::default()
        },
        ..Default::default()
    }
}

/// Lays out and draws `source`; the SVG as merman writes it (see [`super::theme`] for the
/// pass that makes it follow the site's theme).
pub fn render_svg(source: &str) -> Result<String, DiagramError> {
    let out = guarded(|| {
        renderer().render(RenderRequest::svg(
            source,
            OperationControl::new(),
            request(),
        ))
    })?;
    match out {
        RenderOutput::Svg(Some(svg)) => Ok(svg.svg().to_string()),
        _ => Err(DiagramError::Empty),
    }
}

/// Only parses `source` (for `atlas check`, which draws nothing).
pub fn check(source: &str) -> Result<(), DiagramError> {
    let out =
        guarded(|| renderer().render(RenderRequest::semantic(source, OperationControl::new())))?;
    match out {
        RenderOutput::Semantic(Some(_)) => Ok(()),
        _ => Err(DiagramError::Empty),
    }
}

/// Runs the renderer; a panic inside it (the crate is young) fails one diagram, not the build.
fn guarded(
    f: impl FnOnce() -> Result<RenderOutput, merman::RenderError>,
) -> Result<RenderOutput, DiagramError> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(out) => out.map_err(invalid),
        Err(_) => Err(DiagramError::Invalid(
            "the diagram renderer failed on this source".into(),
        )),
    }
}

fn invalid(e: merman::RenderError) -> DiagramError {
    match e {
        merman::RenderError::NoDiagram => DiagramError::Empty,
        e => DiagramError::Invalid(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_a_flowchart_and_reports_a_broken_one() {
        let svg = render_svg("flowchart LR\n  A --> B\n").unwrap();
        assert!(svg.starts_with("<svg"), "{svg}");
        let err = render_svg("flowchart TD\n  A[[unclosed\n").unwrap_err();
        assert!(matches!(err, DiagramError::Invalid(_)), "{err:?}");
        assert!(check("sequenceDiagram\n  A->>B: hi\n").is_ok());
        assert!(check("nonsense here\n").is_err());
    }
}
