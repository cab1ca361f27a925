//! `atlas new`: creating a note (and its section's `_index.md`) from the front-matter template.

use crate::content::slug::{path_slug, title_from_name};
use std::path::{Path, PathBuf};

/// Why a note could not be created.
#[derive(Debug, thiserror::Error)]
pub enum NewError {
    /// The path is not `section/slug`.
    #[error("`{0}` is not a note path; write it as section/slug, e.g. caching/write-back")]
    BadPath(String),
    /// The note exists already.
    #[error("{0} already exists; not overwriting it")]
    Exists(PathBuf),
    /// Writing failed.
    #[error("cannot write {0}: {1}")]
    Io(PathBuf, std::io::Error),
}

/// Creates `content/<path>.md` under `root`; returns the files created.
pub fn new_note(root: &Path, path: &str, title: Option<&str>) -> Result<Vec<PathBuf>, NewError> {
    let clean = path.trim().trim_end_matches(".md").trim_matches('/');
    let parts: Vec<&str> = clean.split('/').collect();
    if clean.is_empty()
        || parts
            .iter()
            .any(|p| p.is_empty() || *p == ".." || *p == "." || path_slug(p) != *p)
    {
        return Err(NewError::BadPath(path.to_string()));
    }
    let file = root.join("content").join(format!("{clean}.md"));
    if file.exists() {
        return Err(NewError::Exists(file));
    }
    let mut created = Vec::new();
    let dir = file.parent().expect("has parent").to_path_buf();
    std::fs::create_dir_all(&dir).map_err(|e| NewError::Io(dir.clone(), e))?;
    let mut section_dir = root.join("content");
    for part in &parts[..parts.len() - 1] {
        section_dir.push(part);
        let index = section_dir.join("_index.md");
        if !index.exists() {
            let text = format!(
                "+++\ntitle = \"{}\"\ndescription = \"\"\nweight = 100\n+++\n\nIntroduce the section here and link to its notes.\n",
                title_from_name(part)
            );
            std::fs::write(&index, text).map_err(|e| NewError::Io(index.clone(), e))?;
            created.push(index);
        }
    }
    let stem = parts[parts.len() - 1];
    let title = title
        .map(str::to_string)
        .unwrap_or_else(|| title_from_name(stem));
    let text = format!(
        "+++\ntitle = \"{}\"\ndescription = \"\"\ntags = []\naliases = []\nweight = 100\nsources = []\n+++\n\nOne paragraph saying what this is and why it matters.\n\n## How it works\n\n## Trade-offs\n\n## When to use it\n",
        title.replace('\\', "\\\\").replace('"', "\\\"")
    );
    // `create_new` so that a file appearing meanwhile is never overwritten.
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&file)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => NewError::Exists(file.clone()),
            _ => NewError::Io(file.clone(), e),
        })?;
    f.write_all(text.as_bytes())
        .map_err(|e| NewError::Io(file.clone(), e))?;
    created.push(file);
    Ok(created)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creates_and_refuses() {
        let t = tempfile::tempdir().unwrap();
        let made = new_note(t.path(), "caching/write-back", Some("Write-Back \"Cache\"")).unwrap();
        assert_eq!(made.len(), 2);
        let text = std::fs::read_to_string(t.path().join("content/caching/write-back.md")).unwrap();
        assert!(text.contains("title = \"Write-Back \\\"Cache\\\"\""));
        let (split, d) = crate::content::frontmatter::split("x", &text);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(split.front.title.as_deref(), Some("Write-Back \"Cache\""));
        assert!(matches!(
            new_note(t.path(), "caching/write-back", None),
            Err(NewError::Exists(_))
        ));
        assert!(matches!(
            new_note(t.path(), "../x", None),
            Err(NewError::BadPath(_))
        ));
        assert!(matches!(
            new_note(t.path(), "Caching/X", None),
            Err(NewError::BadPath(_))
        ));
    }
}
