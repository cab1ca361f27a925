//! `SourceTree`: every file under `content/`, classified, with hidden and editor files skipped.

use super::symlinks::{self, SymlinkPolicy};
use crate::diagnostics::Diagnostic;
use std::path::{Path, PathBuf};

/// One file found under `content/`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SourceFile {
    /// Path relative to `content/`, `/`-separated (`caching/cdn.md`).
    pub rel: String,
    /// Absolute path on disk.
    pub abs: PathBuf,
}

/// All source files of a site, sorted by path.
#[derive(Debug, Clone, Default)]
pub struct SourceTree {
    /// Markdown files (notes and `_index.md`).
    pub markdown: Vec<SourceFile>,
    /// Everything else (images, attachments), copied as they are.
    pub assets: Vec<SourceFile>,
    /// Folders (relative to `content/`, `""` for the root), sorted.
    pub dirs: Vec<String>,
    /// The walk followed a symbolic link (a file watcher may miss changes behind it).
    pub through_symlink: bool,
    /// Symbolic links not followed, loops and unreadable entries, located.
    pub diags: Vec<Diagnostic>,
}

pub use super::symlinks::{is_ignored_name, rel_path};

impl SourceTree {
    /// Walks `content_dir` (under `site_root`), following symbolic links as `policy`
    /// allows. A missing directory gives an empty tree; refused links, loops and
    /// unreadable entries are in [`SourceTree::diags`].
    pub fn walk(content_dir: &Path, site_root: &Path, policy: SymlinkPolicy) -> SourceTree {
        let walked = symlinks::walk(content_dir, site_root, policy);
        let mut tree = SourceTree {
            diags: walked.diags,
            ..SourceTree::default()
        };
        for entry in walked.entries {
            tree.through_symlink |= entry.via_symlink;
            if entry.is_dir {
                tree.dirs.push(entry.rel);
                continue;
            }
            let file = SourceFile {
                rel: entry.rel,
                abs: entry.path,
            };
            if file.rel.ends_with(".md") {
                tree.markdown.push(file);
            } else {
                tree.assets.push(file);
            }
        }
        tree.markdown.sort();
        tree.assets.sort();
        tree.dirs.sort();
        tree
    }

    /// The file at `rel` (content-relative, `/`-separated), if the walk found one.
    pub fn file(&self, rel: &str) -> Option<&SourceFile> {
        fn find<'f>(files: &'f [SourceFile], rel: &str) -> Option<&'f SourceFile> {
            files
                .binary_search_by(|f| f.rel.as_str().cmp(rel))
                .ok()
                .map(|i| &files[i])
        }
        find(&self.markdown, rel).or_else(|| find(&self.assets, rel))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_its_files_and_symlinks() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(content.join("net")).unwrap();
        std::fs::write(content.join("net/dns.md"), "# DNS").unwrap();
        std::fs::write(content.join("net/map.png"), "png").unwrap();
        let tree = SourceTree::walk(&content, dir.path(), SymlinkPolicy::Inside);
        assert!(tree.file("net/dns.md").is_some() && tree.file("net/map.png").is_some());
        assert!(tree.file("net/cdn.md").is_none() && tree.file("net").is_none());
        assert!(!tree.through_symlink);
        #[cfg(unix)]
        {
            let shared = dir.path().join("shared");
            std::fs::create_dir_all(&shared).unwrap();
            std::fs::write(shared.join("tls.md"), "# TLS").unwrap();
            std::os::unix::fs::symlink(&shared, content.join("shared")).unwrap();
            let tree = SourceTree::walk(&content, dir.path(), SymlinkPolicy::Inside);
            assert!(tree.file("shared/tls.md").is_some());
            assert!(tree.through_symlink);
        }
    }

    #[test]
    fn ignores_hidden_and_editor_files() {
        for n in [".git", ".note.md.swp", "note.md~", "#note.md#", "x.tmp"] {
            assert!(is_ignored_name(n), "{n}");
        }
        for n in ["note.md", "_index.md", "img.png"] {
            assert!(!is_ignored_name(n), "{n}");
        }
    }
}
