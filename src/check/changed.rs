//! `atlas check --changed [BASE]`: the files a pull request touches, from git.

use crate::diagnostics::Diagnostic;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// Why the changed files could not be listed.
#[derive(Debug, thiserror::Error)]
pub enum ChangedError {
    /// git failed or is missing.
    #[error("git {args}: {message}")]
    Git {
        /// The arguments.
        args: String,
        /// What went wrong.
        message: String,
    },
}

fn git(root: &Path, args: &[&str]) -> Result<String, ChangedError> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .map_err(|e| ChangedError::Git {
            args: args.join(" "),
            message: e.to_string(),
        })?;
    if !out.status.success() {
        return Err(ChangedError::Git {
            args: args.join(" "),
            message: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        });
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Paths (relative to `root`, `/`-separated) changed since the merge base with `base`,
/// plus uncommitted and untracked changes.
pub fn changed_files(root: &Path, base: &str) -> Result<BTreeSet<String>, ChangedError> {
    let prefix = git(root, &["rev-parse", "--show-prefix"])?
        .trim()
        .to_string();
    let mut files = BTreeSet::new();
    let range = format!("{base}...HEAD");
    let committed = git(root, &["diff", "--name-only", "--no-renames", &range])?;
    let dirty = git(
        root,
        &[
            "status",
            "--porcelain",
            "--untracked-files=all",
            "--no-renames",
        ],
    )?;
    let paths = committed.lines().map(str::to_string).chain(
        dirty
            .lines()
            .filter(|l| l.len() > 3)
            .map(|l| l[3..].to_string()),
    );
    for p in paths {
        // git prints paths relative to the repository top; make them relative to root.
        if let Some(rel) = p.strip_prefix(&prefix) {
            files.insert(rel.trim_matches('"').to_string());
        }
    }
    Ok(files)
}

/// Keeps diagnostics located in `changed` files or about links into them.
pub fn filter(diags: Vec<Diagnostic>, changed: &BTreeSet<String>) -> Vec<Diagnostic> {
    diags
        .into_iter()
        .filter(|d| {
            let here = d.span.as_ref().is_some_and(|s| changed.contains(&s.path));
            let there = d.target.as_deref().is_some_and(|t| changed.contains(t));
            here || there || d.span.is_none()
        })
        .collect()
}
