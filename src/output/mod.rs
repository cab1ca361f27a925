//! Output: the built site as a sorted map of files, written to disk by an atomic
//! directory swap (or kept in memory by the dev server).

pub mod collect;
pub mod packed;
pub mod sink;
pub mod stage;

pub use collect::Collector;
pub use sink::Sink;
pub use stage::DiskStage;

use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The bytes of one output file, shared: the dev server's page cache and the served
/// site hold the same bytes, so an unchanged page is never copied.
pub type FileBytes = std::sync::Arc<Vec<u8>>;

/// Every file of a built site: path relative to the output root → bytes. Sorted, so
/// anything derived from it is deterministic.
pub type SiteFiles = BTreeMap<String, FileBytes>;

/// Why the output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The output directory is a place we must never replace.
    #[error("refusing to use `{path}` as the output directory: {reason}")]
    Refused {
        /// The directory.
        path: PathBuf,
        /// Why.
        reason: &'static str,
    },
    /// A file system operation failed.
    #[error("{action} `{path}`: {source}")]
    Io {
        /// What we were doing.
        action: &'static str,
        /// On which path.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
}

pub(crate) fn io_error<'a>(
    action: &'static str,
    path: &'a Path,
) -> impl FnOnce(std::io::Error) -> OutputError + 'a {
    move |source| OutputError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

pub(crate) fn absolute(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    // Resolve what exists (symlinks, `..`), keep the rest.
    let mut existing = abs.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    for r in rest.into_iter().rev() {
        out.push(r);
    }
    out
}

/// Refuses output directories that would destroy sources: the site root or an
/// ancestor of it, `content/`, `templates/`, `static/`, the home directory, `/`, or a
/// directory that holds a project (`.git`, `Cargo.toml`, `site.toml`).
pub fn check_output_dir(out: &Path, root: &Path) -> Result<(), OutputError> {
    let out_abs = absolute(out);
    let root_abs = absolute(root);
    let refuse = |reason| {
        Err(OutputError::Refused {
            path: out.to_path_buf(),
            reason,
        })
    };
    if out_abs.parent().is_none() {
        return refuse("it is the file system root");
    }
    if let Some(home) = std::env::var_os("HOME") {
        if out_abs == absolute(Path::new(&home)) {
            return refuse("it is the home directory");
        }
    }
    if root_abs.starts_with(&out_abs) {
        return refuse("it is the site root or contains it");
    }
    for d in ["content", "templates", "static"] {
        if out_abs.starts_with(root_abs.join(d)) {
            return refuse("it is inside a source directory");
        }
    }
    if out_abs.is_dir() {
        for marker in [".git", "Cargo.toml", "site.toml", "content"] {
            if out_abs.join(marker).exists() {
                return refuse("it holds a project (.git, Cargo.toml, site.toml or content/)");
            }
        }
    }
    Ok(())
}

/// Writes `files` into a sibling staging directory, then swaps it in place of `out`.
/// Readers of `out` see the old site or the new one, never a mix; on failure the old
/// site stays untouched.
pub fn write_atomically(files: &SiteFiles, out: &Path, root: &Path) -> Result<(), OutputError> {
    let stage = DiskStage::new(out, root)?;
    files
        .par_iter()
        .for_each(|(rel, bytes)| stage.write(rel, bytes));
    stage.commit()
}

/// Removes a directory tree, its top-level entries in parallel.
pub(crate) fn remove_dir_parallel(dir: &Path) -> Result<(), OutputError> {
    let entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io_error("reading", dir))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.par_iter().try_for_each(|p| {
        let r = if p.is_dir() {
            std::fs::remove_dir_all(p)
        } else {
            std::fs::remove_file(p)
        };
        // Gone already (another process cleaning up): what we wanted.
        r.or_else(already_gone).map_err(io_error("removing", p))
    })?;
    std::fs::remove_dir(dir)
        .or_else(already_gone)
        .map_err(io_error("removing", dir))
}

fn already_gone(e: std::io::Error) -> std::io::Result<()> {
    if e.kind() == std::io::ErrorKind::NotFound {
        Ok(())
    } else {
        Err(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_dangerous_outputs() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        assert!(check_output_dir(&root, &root).is_err());
        assert!(check_output_dir(t.path(), &root).is_err());
        assert!(check_output_dir(&root.join("content"), &root).is_err());
        assert!(check_output_dir(&root.join("content/x"), &root).is_err());
        assert!(check_output_dir(Path::new("/"), &root).is_err());
        assert!(check_output_dir(&root.join("public"), &root).is_ok());
        let proj = t.path().join("proj");
        std::fs::create_dir_all(proj.join(".git")).unwrap();
        assert!(check_output_dir(&proj, &root).is_err());
    }

    #[test]
    fn swaps_in_new_site() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path().join("site");
        std::fs::create_dir_all(&root).unwrap();
        let out = root.join("public");
        let mut files = SiteFiles::new();
        files.insert("a/index.html".into(), b"one".to_vec().into());
        files.insert("stale.txt".into(), b"x".to_vec().into());
        write_atomically(&files, &out, &root).unwrap();
        files.remove("stale.txt");
        files.insert("a/index.html".into(), b"two".to_vec().into());
        write_atomically(&files, &out, &root).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("a/index.html")).unwrap(),
            "two"
        );
        assert!(!out.join("stale.txt").exists());
        let leftovers: Vec<_> = std::fs::read_dir(&root)
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        // The output, and the replaced site kept for the next build to reuse.
        assert_eq!(leftovers.len(), 2, "{leftovers:?}");
    }
}
