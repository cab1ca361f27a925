//! Page contexts: small, borrowed views of a page handed to Tera (no whole sections or
//! page lists copied into every page; shared fragments arrive as ready HTML).

use crate::markdown::Heading;
use serde::Serialize;

/// Site-wide values every template sees as `site`.
#[derive(Debug, Clone, Serialize)]
pub struct SiteCtx {
    /// Site title.
    pub title: String,
    /// Site description.
    pub description: String,
    /// Base path (`/` or `/atlas/`).
    pub base_path: String,
    /// Language code.
    pub language: String,
    /// URL of the search manifest.
    pub search_manifest: String,
    /// Short hash of the theme's static files, for cache busting.
    pub asset_version: String,
}

/// A titled link.
#[derive(Debug, Clone, Serialize)]
pub struct LinkCtx<'a> {
    /// Link text.
    pub title: &'a str,
    /// Final URL.
    pub url: String,
    /// Optional description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<&'a str>,
}

/// A backlink with the sentence around it.
#[derive(Debug, Clone, Serialize)]
pub struct BacklinkCtx<'a> {
    /// Title of the linking note.
    pub title: &'a str,
    /// Its URL.
    pub url: String,
    /// The sentence around the link.
    pub context: &'a str,
}

/// A tag on a page.
#[derive(Debug, Clone, Serialize)]
pub struct TagCtx<'a> {
    /// Tag name.
    pub name: &'a str,
    /// URL of the tag page.
    pub url: String,
}

/// A child section on a section page.
#[derive(Debug, Clone, Serialize)]
pub struct SubsectionCtx<'a> {
    /// Title.
    pub title: &'a str,
    /// URL.
    pub url: String,
    /// Notes in it (recursively).
    pub count: usize,
    /// Description from `_index.md`.
    pub description: Option<&'a str>,
}

/// The page itself, as `page`.
#[derive(Debug, Clone, Serialize)]
pub struct PageCtx<'a> {
    /// Title.
    pub title: &'a str,
    /// Description.
    pub description: &'a str,
    /// Final URL.
    pub url: String,
    /// Rendered body HTML.
    pub content: &'a str,
    /// Headings for "On this page".
    pub toc: &'a [Heading],
    /// Tags with their pages' URLs.
    pub tags: Vec<TagCtx<'a>>,
    /// Other names.
    pub aliases: Vec<&'a str>,
    /// Sources cited.
    pub sources: &'a [String],
    /// Last update (`YYYY-MM-DD`).
    pub updated: Option<&'a str>,
    /// Publication date.
    pub date: Option<&'a str>,
    /// Words of prose.
    pub words: usize,
    /// Estimated reading time.
    pub reading_minutes: usize,
    /// "Edit this page" URL.
    pub edit_url: Option<String>,
    /// Front-matter keys Atlas does not know, Zola's `[extra]`, Hugo's `params`.
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
    /// The social image from front matter (`image`, `cover`), as written.
    pub image: Option<&'a str>,
}

/// An A–Z index entry (a note title, or an alias pointing at a note).
#[derive(Debug, Clone, Serialize)]
pub struct AzEntry<'a> {
    /// Name shown.
    pub name: &'a str,
    /// Note URL.
    pub url: String,
    /// For aliases: the title of the note.
    pub target: Option<&'a str>,
}

/// One letter of the A–Z index.
#[derive(Debug, Clone, Serialize)]
pub struct AzGroup<'a> {
    /// The letter (or `#`).
    pub letter: String,
    /// Id-safe form of the letter.
    pub id: String,
    /// Entries in order.
    pub entries: Vec<AzEntry<'a>>,
}

impl SiteCtx {
    /// The site values of `config`; `statics` (the theme's and the site's static files)
    /// and the highlighting themes make the asset version, so browsers fetch them anew
    /// when they change.
    pub fn new(
        config: &crate::config::SiteConfig,
        statics: &std::collections::BTreeMap<String, Vec<u8>>,
    ) -> SiteCtx {
        let site = &config.site;
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        for (k, v) in statics {
            h.update(k.as_bytes());
            h.update(v);
        }
        h.update(site.highlight.light_theme.as_bytes());
        h.update(site.highlight.dark_theme.as_bytes());
        let base = config.base_path.as_str();
        SiteCtx {
            title: site.title.clone(),
            description: site.description.clone(),
            base_path: base.to_string(),
            language: site.language.clone(),
            search_manifest: format!("{base}search/manifest.json"),
            asset_version: format!("{:08x}", h.digest() as u32),
        }
    }
}
