//! Confined walks of `content/`, `static/` and `templates/`: which symbolic links are
//! followed (`[build] symlinks`), and loops or unreadable entries as located warnings.
//!
//! Notes arrive by pull request, so a link such as `content/key.txt → /etc/ssl/private`
//! must not publish its target. This module decides; the walkers only list what it lets through.

use crate::diagnostics::{Diagnostic, Kind, SourceSpan};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// A relative path written with `/` between its parts, whatever the platform.
pub fn rel_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// True for names the walk must skip: hidden files, editor swap and backup files.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.starts_with('#')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name == "4913"
}

pub use crate::config::SymlinkPolicy;

/// One file or folder a confined walk lets through.
#[derive(Debug, Clone)]
pub struct WalkEntry {
    /// Path on disk (under the walked folder, links not resolved).
    pub path: PathBuf,
    /// Path relative to the walked folder, `/`-separated (`""` for the folder itself).
    pub rel: String,
    /// A folder (after following a link).
    pub is_dir: bool,
    /// This entry or a folder above it was reached through a symbolic link.
    pub via_symlink: bool,
}

/// What a confined walk found: the entries it lets through, sorted by name per folder,
/// and a located diagnostic for each link it refused, loop or unreadable entry.
#[derive(Debug, Default)]
pub struct ConfinedWalk {
    /// Entries in walk order.
    pub entries: Vec<WalkEntry>,
    /// Refused links (errors), loops and unreadable entries (warnings).
    pub diags: Vec<Diagnostic>,
}

/// Walks `dir` (a folder under `site_root`), skipping hidden and editor files, and
/// following symbolic links as `policy` allows.
pub fn walk(dir: &Path, site_root: &Path, policy: SymlinkPolicy) -> ConfinedWalk {
    let mut out = ConfinedWalk::default();
    if !dir.is_dir() {
        return out;
    }
    let root = site_root
        .canonicalize()
        .unwrap_or_else(|_| site_root.to_path_buf());
    let shown = |p: &Path| rel_path(p.strip_prefix(site_root).unwrap_or(p));
    let mut refused = Vec::new();
    let walker = WalkDir::new(dir)
        .follow_links(policy != SymlinkPolicy::None)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() > 0 && is_ignored_name(&e.file_name().to_string_lossy()) {
                return false;
            }
            let is_link = e.path_is_symlink()
                || (policy == SymlinkPolicy::None && e.file_type().is_symlink());
            if !is_link {
                return true;
            }
            match refusal(e.path(), &root, policy, &shown) {
                Some(d) => {
                    refused.push(d);
                    false
                }
                None => true,
            }
        });
    let mut via_links: Vec<PathBuf> = Vec::new();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                out.diags.push(walk_warning(&e, &shown));
                continue;
            }
        };
        if entry.path_is_symlink() && entry.file_type().is_dir() {
            via_links.push(entry.path().to_path_buf());
        }
        out.entries.push(WalkEntry {
            rel: rel_path(entry.path().strip_prefix(dir).unwrap_or(entry.path())),
            is_dir: entry.file_type().is_dir(),
            via_symlink: entry.path_is_symlink()
                || via_links.iter().any(|l| entry.path().starts_with(l)),
            path: entry.into_path(),
        });
    }
    out.diags.extend(refused);
    out
}

/// Why the link at `path` is not followed, if it is not.
fn refusal(
    path: &Path,
    root: &Path,
    policy: SymlinkPolicy,
    shown: &dyn Fn(&Path) -> String,
) -> Option<Diagnostic> {
    let span = Some(SourceSpan::file(shown(path)));
    let written = std::fs::read_link(path)
        .map(|t| t.display().to_string())
        .unwrap_or_else(|_| "?".into());
    match policy {
        SymlinkPolicy::Any => None,
        SymlinkPolicy::None => Some(
            Diagnostic::warning(
                Kind::Symlink,
                span,
                format!("symbolic link to `{written}` not followed (`[build] symlinks = \"none\"`)"),
            )
            .with_help("copy the file into the site, or set `[build] symlinks = \"inside\"`"),
        ),
        SymlinkPolicy::Inside => match path.canonicalize() {
            Ok(target) if target.starts_with(root) => None,
            Ok(target) => Some(
                Diagnostic::error(
                    Kind::Symlink,
                    span,
                    format!(
                        "symbolic link points outside the site root, to `{}`; not followed, nothing copied",
                        target.display()
                    ),
                )
                .with_help("copy what the note needs into the site, or set `[build] symlinks = \"any\"` if you trust every contributor"),
            ),
            // Dangling or looping: the walk reports it when it tries to read it.
            Err(_) => None,
        },
    }
}

fn walk_warning(e: &walkdir::Error, shown: &dyn Fn(&Path) -> String) -> Diagnostic {
    let span = e.path().map(|p| SourceSpan::file(shown(p)));
    let message = match (e.loop_ancestor(), e.io_error()) {
        (Some(ancestor), _) => format!(
            "symbolic link loop (leads back to `{}`); skipped",
            shown(ancestor)
        ),
        (None, Some(io)) => format!("cannot read: {io}; skipped"),
        (None, None) => format!("{e}; skipped"),
    };
    let kind = if e.loop_ancestor().is_some() {
        Kind::Symlink
    } else {
        Kind::Io
    };
    Diagnostic::warning(kind, span, message)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn site() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let t = tempfile::tempdir().unwrap();
        let root = t.path().join("site");
        let outside = t.path().join("outside");
        std::fs::create_dir_all(root.join("content/notes")).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("secret.txt"), "TOP SECRET").unwrap();
        std::fs::write(root.join("content/notes/a.md"), "# A").unwrap();
        (t, root, outside)
    }

    fn rels(w: &ConfinedWalk) -> Vec<&str> {
        w.entries.iter().map(|e| e.rel.as_str()).collect()
    }

    #[test]
    fn escaping_links_are_refused_inside_links_followed() {
        let (_t, root, outside) = site();
        let content = root.join("content");
        symlink(outside.join("secret.txt"), content.join("key.txt")).unwrap();
        symlink(&outside, content.join("ssl")).unwrap();
        symlink(content.join("notes"), content.join("alias")).unwrap();
        let w = walk(&content, &root, SymlinkPolicy::Inside);
        assert_eq!(rels(&w), ["", "alias", "alias/a.md", "notes", "notes/a.md"]);
        assert!(w
            .entries
            .iter()
            .any(|e| e.rel == "alias/a.md" && e.via_symlink));
        let mut located: Vec<_> = w
            .diags
            .iter()
            .map(|d| (d.span.as_ref().unwrap().path.as_str(), d.severity))
            .collect();
        located.sort();
        use crate::diagnostics::Severity::Error;
        assert_eq!(
            located,
            [("content/key.txt", Error), ("content/ssl", Error)]
        );
        assert!(w.diags[0].message.contains("outside"), "{:?}", w.diags);

        let any = walk(&content, &root, SymlinkPolicy::Any);
        assert!(rels(&any).contains(&"ssl/secret.txt") && any.diags.is_empty());
        let none = walk(&content, &root, SymlinkPolicy::None);
        assert_eq!(rels(&none), ["", "notes", "notes/a.md"]);
        assert_eq!(none.diags.len(), 3);
    }

    #[test]
    fn loops_and_dangling_links_are_warnings() {
        let (_t, root, _) = site();
        let content = root.join("content");
        symlink(&content, content.join("notes/up")).unwrap();
        symlink(content.join("nowhere"), content.join("gone.md")).unwrap();
        let w = walk(&content, &root, SymlinkPolicy::Inside);
        assert!(rels(&w).contains(&"notes/a.md"));
        assert_eq!(w.diags.len(), 2, "{:?}", w.diags);
        assert!(w
            .diags
            .iter()
            .all(|d| d.severity == crate::diagnostics::Severity::Warning && d.span.is_some()));
        assert!(w.diags.iter().any(|d| d.message.contains("loop")));
    }
}
