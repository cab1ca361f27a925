//! `atlas new`: a new note from the front-matter template.

use super::usage_error;
use std::path::Path;
use std::process::ExitCode;

/// Runs `atlas new section/slug`.
pub fn run(root: &Path, path: &str, title: Option<&str>) -> ExitCode {
    match crate::scaffold::new_note(root, path, title) {
        Ok(created) => {
            for c in created {
                eprintln!("created {}", c.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => usage_error(e),
    }
}
