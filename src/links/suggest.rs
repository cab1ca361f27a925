//! "Did you mean …?": the closest candidate to a misspelt target.

/// The candidate most similar to `query`, if it is similar enough to be a plausible typo.
pub fn closest<'a, I>(query: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    closest_within(query, candidates, 0.8)
}

/// Like [`closest`] with a similarity threshold (0–1, Jaro–Winkler); a lower one suits
/// small candidate sets such as the headings of one page.
pub fn closest_within<'a, I>(query: &str, candidates: I, threshold: f64) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let q = query.to_lowercase();
    let mut best: Option<(f64, &'a str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(&q, &c.to_lowercase());
        if best.is_none_or(|(s, b)| score > s || (score == s && c < b)) {
            best = Some((score, c));
        }
    }
    best.filter(|(s, _)| *s >= threshold).map(|(_, c)| c)
}

pub use crate::content::slug::relative_path;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos_not_strangers() {
        let c = ["caching/cdn.md", "networking/dns.md", "caching/redis.md"];
        assert_eq!(closest("caching/cnd.md", c), Some("caching/cdn.md"));
        assert_eq!(closest("zzzzqqqq", c), None);
        assert_eq!(
            closest_within("old-heading", ["new-heading", "zzz"], 0.6),
            Some("new-heading")
        );
    }

    #[test]
    fn relative_paths() {
        assert_eq!(relative_path("a/b", "a/c.md"), "../c.md");
        assert_eq!(relative_path("a", "a/c.md"), "c.md");
        assert_eq!(relative_path("", "x/y.md"), "x/y.md");
        assert_eq!(relative_path("x/y", "z.md"), "../../z.md");
    }
}
