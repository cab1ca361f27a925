//! Slugs: GitHub-style heading ids and URL slugs of file names.

/// GitHub-style slug of heading text: lowercase, spaces to `-`, punctuation dropped
/// (letters, digits, `-` and `_` are kept; non-ASCII letters are kept as they are).
pub fn heading_slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            out.extend(c.to_lowercase());
        } else if c == ' ' {
            out.push('-');
        }
    }
    out
}

/// Hands out unique ids within one page: the first `x` is `x`, then `x-1`, `x-2`.
#[derive(Debug, Default)]
pub struct IdAllocator {
    used: std::collections::HashSet<String>,
    next: std::collections::HashMap<String, usize>,
}

impl IdAllocator {
    /// Reserves an id exactly as given (custom `{#id}`); returns false if it was taken.
    pub fn reserve(&mut self, id: &str) -> bool {
        self.used.insert(id.to_string())
    }

    /// A unique id derived from `base`.
    pub fn allocate(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "section" } else { base };
        if self.used.insert(base.to_string()) {
            return base.to_string();
        }
        let n = self.next.entry(base.to_string()).or_insert(0);
        loop {
            *n += 1;
            let candidate = format!("{base}-{n}");
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

/// URL slug of a file or folder name: lowercase, runs of other characters become `-`.
pub fn path_slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut dash = false;
    for c in name.chars() {
        if c.is_alphanumeric() || c == '_' {
            out.extend(c.to_lowercase());
            dash = false;
        } else if !dash && !out.is_empty() {
            out.push('-');
            dash = true;
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// A readable title from a file name: `write-back` → `Write back`.
pub fn title_from_name(name: &str) -> String {
    let spaced: String = name
        .chars()
        .map(|c| if c == '-' || c == '_' { ' ' } else { c })
        .collect();
    let mut chars = spaced.trim().chars();
    match chars.next() {
        Some(f) => f.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The relative path from folder `from_dir` to `to` (both relative to `content/`).
pub fn relative_path(from_dir: &str, to: &str) -> String {
    let from: Vec<&str> = from_dir.split('/').filter(|s| !s.is_empty()).collect();
    let to_parts: Vec<&str> = to.split('/').filter(|s| !s.is_empty()).collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<&str> = vec![".."; from.len() - common];
    parts.extend(&to_parts[common..]);
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_slugs() {
        assert_eq!(heading_slug("Push vs. Pull CDNs"), "push-vs-pull-cdns");
        assert_eq!(heading_slug("What's new?"), "whats-new");
        assert_eq!(heading_slug("  A  b "), "a--b");
        assert_eq!(heading_slug("snake_case & x-y"), "snake_case--x-y");
        assert_eq!(heading_slug("Nhất quán"), "nhất-quán");
    }

    #[test]
    fn repeated_ids_get_numbers() {
        let mut ids = IdAllocator::default();
        assert_eq!(ids.allocate("a"), "a");
        assert_eq!(ids.allocate("a"), "a-1");
        assert!(ids.reserve("a-2"));
        assert_eq!(ids.allocate("a"), "a-3");
        assert_eq!(ids.allocate(""), "section");
        assert!(!ids.reserve("a"));
    }

    #[test]
    fn path_slugs_and_titles() {
        assert_eq!(path_slug("Write Back!.md"), "write-back-md");
        assert_eq!(path_slug("CDN"), "cdn");
        assert_eq!(title_from_name("write-back"), "Write back");
    }
}
