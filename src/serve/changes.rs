//! Classifying file-system changes: what a changed path means for the site.

use std::path::Path;

/// What kind of source a changed path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    /// A markdown note or asset under `content/`.
    Content,
    /// A template under `templates/`.
    Template,
    /// A static file under `static/`.
    Static,
    /// `site.toml`.
    Config,
}

/// Classifies `path` relative to `root`; `None` for paths the site does not use
/// (output directory, editor temp files, hidden files, anything else).
pub fn classify(root: &Path, path: &Path) -> Option<ChangeKind> {
    let rel = path.strip_prefix(root).ok()?;
    let name = rel.file_name()?.to_string_lossy();
    if rel
        .components()
        .any(|c| crate::content::walk::is_ignored_name(&c.as_os_str().to_string_lossy()))
    {
        return None;
    }
    let mut comps = rel.components();
    let first = comps.next()?.as_os_str().to_string_lossy().into_owned();
    let nested = comps.next().is_some();
    match (first.as_str(), nested) {
        ("site.toml", false) => Some(ChangeKind::Config),
        ("content", true) => Some(ChangeKind::Content),
        ("templates", true) => Some(ChangeKind::Template),
        ("static", true) => Some(ChangeKind::Static),
        _ => {
            let _ = name;
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies() {
        let r = Path::new("/site");
        assert_eq!(
            classify(r, Path::new("/site/content/a/b.md")),
            Some(ChangeKind::Content)
        );
        assert_eq!(
            classify(r, Path::new("/site/content/a/img.png")),
            Some(ChangeKind::Content)
        );
        assert_eq!(
            classify(r, Path::new("/site/templates/note.html")),
            Some(ChangeKind::Template)
        );
        assert_eq!(
            classify(r, Path::new("/site/static/style.css")),
            Some(ChangeKind::Static)
        );
        assert_eq!(
            classify(r, Path::new("/site/site.toml")),
            Some(ChangeKind::Config)
        );
        assert_eq!(classify(r, Path::new("/site/public/index.html")), None);
        assert_eq!(classify(r, Path::new("/site/content/.b.md.swp")), None);
        assert_eq!(classify(r, Path::new("/site/content/b.md~")), None);
        assert_eq!(classify(r, Path::new("/site/content/.git/x")), None);
        assert_eq!(classify(r, Path::new("/elsewhere/content/a.md")), None);
        assert_eq!(classify(r, Path::new("/site/content")), None);
    }
}
