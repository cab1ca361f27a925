//! Last-updated dates from git history: one `git log` for the whole tree, not one per file.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

/// Where `root` sits in its git repository, and the commit checked out: what the
/// dates depend on (saving a file changes no date; a commit may).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkout {
    /// `root` relative to the repository's top, `/`-terminated (empty at the top).
    pub prefix: String,
    /// The commit id of `HEAD`.
    pub head: String,
}

impl Checkout {
    /// The checkout `root` is in; `None` outside a git repository or before its first
    /// commit (no commit, no dates). One `git` process.
    pub fn of(root: &Path) -> Option<Checkout> {
        let out = run(root, &["rev-parse", "--show-prefix", "HEAD"])?;
        let mut lines = out.lines();
        let prefix = lines.next().unwrap_or("").trim().to_string();
        let head = lines.next().unwrap_or("").trim().to_string();
        Some(Checkout { prefix, head })
    }
}

/// The date (`YYYY-MM-DD`) of the last commit touching each file under `content/`,
/// keyed by path relative to `content/`. Empty when `root` is not in a git repository.
pub fn last_commit_dates(root: &Path) -> HashMap<String, String> {
    match Checkout::of(root) {
        Some(checkout) => dates_at(root, &checkout),
        None => HashMap::new(),
    }
}

/// [`last_commit_dates`] in a known checkout.
pub fn dates_at(root: &Path, checkout: &Checkout) -> HashMap<String, String> {
    let mut dates = HashMap::new();
    let content_prefix = format!("{}content/", checkout.prefix);
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
