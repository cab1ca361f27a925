//! Last-updated dates from git history: one `git log` for the whole tree, not one per file.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

/// The date (`YYYY-MM-DD`) of the last commit touching each file under `content/`,
/// keyed by path relative to `content/`. Empty when `root` is not in a git repository.
pub fn last_commit_dates(root: &Path) -> HashMap<String, String> {
    let mut dates = HashMap::new();
    let Some(prefix) = run(root, &["rev-parse", "--show-prefix"]) else {
        return dates;
    };
    let content_prefix = format!("{}content/", prefix.trim());
    let Some(log) = run(
        root,
        &[
            "log",
            "--format=format:%x00%cs",
            "--name-only",
            "--no-renames",
            "--",
            "content",
        ],
    ) else {
        return dates;
    };
    let mut current = "";
    for line in log.lines() {
        if let Some(date) = line.strip_prefix('\0') {
            current = date;
        } else if let Some(rel) = line.strip_prefix(&content_prefix) {
            // Newest commits come first: keep the first date seen.
            dates
                .entry(rel.to_string())
                .or_insert_with(|| current.to_string());
        }
    }
    dates
}

fn run(root: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}
