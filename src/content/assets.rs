//! The content stage's other files: images and attachments under `content/`, copied
//! to the output under the same slugged folders as the notes beside them.

use super::slug::path_slug;
use super::SourceTree;
use crate::diagnostics::{Diagnostic, Kind, SourceSpan};

/// Every asset of `source` as an output file. `check_only` only opens each one (a check
/// needs to know it can be read, not its bytes). An unreadable asset is a warning.
pub fn read_assets(
    source: &SourceTree,
    check_only: bool,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for asset in &source.assets {
        let read = if check_only {
            std::fs::File::open(&asset.abs).map(|_| Vec::new())
        } else {
            std::fs::read(&asset.abs)
        };
        match read {
            Ok(bytes) => out.push((output_path(&asset.rel), bytes)),
            Err(e) => diags.push(Diagnostic::warning(
                Kind::Io,
                Some(SourceSpan::file(format!("content/{}", asset.rel))),
                format!("cannot read asset: {e}; not copied"),
            )),
        }
    }
    out
}

/// `Net Work/Diagram.PNG` → `net-work/Diagram.PNG`: folders slugged, the name kept.
fn output_path(rel: &str) -> String {
    let parts: Vec<&str> = rel.split('/').collect();
    let last = parts.len() - 1;
    parts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if i < last {
                path_slug(p)
            } else {
                p.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    #[test]
    fn folders_are_slugged_and_the_name_kept() {
        assert_eq!(super::output_path("img.png"), "img.png");
        assert_eq!(
            super::output_path("Net Work/Diagram.PNG"),
            "net-work/Diagram.PNG"
        );
    }
}
