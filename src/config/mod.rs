//! `SiteConfig`: `site.toml` parsed, validated and merged with command-line overrides.

use crate::diagnostics::{Diagnostic, Kind, SourceSpan};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Severity setting for a class of problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Fail the build.
    Error,
    /// Report and continue.
    Warn,
}

/// What happens to raw HTML written in notes (`[markdown] raw_html`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Cleaned with an allowlist; each removal is a located warning.
    #[default]
    Sanitize,
    /// Passed through as written (only for sites whose every author is trusted).
    Allow,
    /// Shown as text.
    Escape,
}

/// `[markdown]` settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownConfig {
    /// Raw HTML handling; `None` when `site.toml` does not say (see [`MarkdownConfig::raw_html`]).
    #[serde(rename = "raw_html", skip_serializing_if = "Option::is_none")]
    pub raw_html_setting: Option<RawHtml>,
    /// The older boolean: `true` is `raw_html = "sanitize"`, `false` is `"allow"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sanitize: Option<bool>,
    /// Render `$…$` and `$$…$$` as MathML.
    pub math: bool,
    /// Smart punctuation (curly quotes, dashes).
    pub smart_punctuation: bool,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            raw_html_setting: None,
            sanitize: None,
            math: true,
            smart_punctuation: false,
        }
    }
}

impl MarkdownConfig {
    /// The raw-HTML mode in force: `raw_html`, else the old `sanitize` key, else sanitize.
    pub fn raw_html(&self) -> RawHtml {
        self.raw_html_setting
            .or_else(|| {
                self.sanitize
                    .map(|s| if s { RawHtml::Sanitize } else { RawHtml::Allow })
            })
            .unwrap_or_default()
    }
}

/// `[highlight]` settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HighlightConfig {
    /// Highlight fenced code at all.
    pub enabled: bool,
    /// syntect theme for light mode.
    pub light_theme: String,
    /// syntect theme for dark mode.
    pub dark_theme: String,
}

impl Default for HighlightConfig {
    fn default() -> Self {
        HighlightConfig {
            enabled: true,
            light_theme: "InspiredGitHub".into(),
            dark_theme: "base16-ocean.dark".into(),
        }
    }
}

/// `[links]` settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LinksConfig {
    /// Severity of broken links and anchors.
    pub broken: Level,
}

impl Default for LinksConfig {
    fn default() -> Self {
        LinksConfig {
            broken: Level::Error,
        }
    }
}

/// `[search]` settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SearchConfig {
    /// Write the client-side search index.
    pub enabled: bool,
    /// Target size of one postings shard in bytes (before compression).
    pub shard_bytes: usize,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig {
            enabled: true,
            shard_bytes: 8 * 1024,
        }
    }
}

/// `[social]` settings: how pages look when their links are shared. Cards are off unless
/// asked for: drawing costs ~10–40 ms a note on a cold build.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SocialConfig {
    /// Draw a 1200×630 card image per note (`social/<hash>.png`) for `og:image`.
    pub cards: bool,
}

/// Severity of one kind of content check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckLevel {
    /// Not reported.
    Off,
    /// Reported as a warning.
    Warn,
    /// Reported as an error (`atlas check` exits 1).
    Error,
}

/// `[check]` settings: the severity of each content check of `atlas check`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CheckConfig {
    /// Notes no other note links to.
    pub orphans: CheckLevel,
    /// Notes without a description.
    pub missing_description: CheckLevel,
    /// Titles or aliases used by two notes.
    pub duplicates: CheckLevel,
    /// Broken external links (`atlas check --external`).
    pub external: CheckLevel,
    /// External URLs containing any of these strings are not checked.
    pub external_skip: Vec<String>,
    /// Front-matter keys Atlas does not know: `off` (kept silently), `warn` (kept; a key a
    /// typo away from a known one is a warning), `error` (every unknown key is an error).
    pub unknown_front_matter: CheckLevel,
}

impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig {
            orphans: CheckLevel::Warn,
            missing_description: CheckLevel::Warn,
            duplicates: CheckLevel::Warn,
            external: CheckLevel::Warn,
            external_skip: Vec::new(),
            unknown_front_matter: CheckLevel::Warn,
        }
    }
}

/// `[build]` settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BuildConfig {
    /// Output directory, relative to the root.
    pub output_dir: String,
    /// Include notes marked `draft = true`.
    pub drafts: bool,
    /// Notes larger than this many bytes get a warning.
    pub max_note_bytes: usize,
    /// Take `updated` from git history when a note does not set it.
    pub git_dates: bool,
    /// Which symbolic links under `content/`, `static/` and `templates/` are followed.
    pub symlinks: SymlinkPolicy,
}

impl Default for BuildConfig {
    fn default() -> Self {
        BuildConfig {
            output_dir: "public".into(),
            drafts: false,
            max_note_bytes: 2 * 1024 * 1024,
            git_dates: true,
            symlinks: Default::default(),
        }
    }
}

/// The contents of `site.toml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SiteFile {
    /// Site title.
    pub title: String,
    /// One-sentence description (meta description, feed).
    pub description: String,
    /// Absolute URL the site is served from; may include a subpath.
    pub base_url: String,
    /// Language code (`en`).
    pub language: String,
    /// Repository URL, for "Edit this page" links.
    pub repository: Option<String>,
    /// Branch used in edit links.
    pub repository_branch: String,
    /// `[markdown]`.
    pub markdown: MarkdownConfig,
    /// `[highlight]`.
    pub highlight: HighlightConfig,
    /// `[links]`.
    pub links: LinksConfig,
    /// `[search]`.
    pub search: SearchConfig,
    /// `[build]`.
    pub build: BuildConfig,
    /// `[check]`.
    pub check: CheckConfig,
    /// `[social]`.
    pub social: SocialConfig,
}

impl Default for SiteFile {
    fn default() -> Self {
        SiteFile {
            title: "Atlas".into(),
            description: String::new(),
            base_url: "/".into(),
            language: "en".into(),
            repository: None,
            repository_branch: "main".into(),
            markdown: MarkdownConfig::default(),
            highlight: HighlightConfig::default(),
            links: LinksConfig::default(),
            search: SearchConfig::default(),
            build: BuildConfig::default(),
            check: CheckConfig::default(),
            social: SocialConfig::default(),
        }
    }
}

/// Which symbolic links the walks of `content/`, `static/` and `templates/` follow
/// (`[build] symlinks`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SymlinkPolicy {
    /// Links whose target resolves inside the site root (others are errors).
    #[default]
    Inside,
    /// Every link, wherever it points.
    Any,
    /// No link at all (each one is a warning).
    None,
}

/// Command-line overrides applied on top of `site.toml`.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--output`.
    pub output: Option<PathBuf>,
    /// `--base-url`.
    pub base_url: Option<String>,
    /// `--drafts`.
    pub drafts: bool,
    /// `--broken-links`.
    pub broken_links: Option<Level>,
    /// `atlas check --stale AGE`, in days.
    pub stale_days: Option<i64>,
}

/// The validated configuration of one build.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    /// Site root (holds `site.toml`, `content/`, `templates/`, `static/`).
    pub root: PathBuf,
    /// Output directory (absolute or relative to the current directory).
    pub output: PathBuf,
    /// Settings from `site.toml`, with overrides applied.
    pub site: SiteFile,
    /// The path part of `base_url`, always starting and ending with `/` (`/atlas/`).
    pub base_path: String,
    /// True when there was no `site.toml`.
    pub defaulted: bool,
    /// Report notes older than this many days (`atlas check --stale`).
    pub stale_days: Option<i64>,
}

impl SiteConfig {
    /// Loads `root/site.toml` (or defaults) and applies overrides.
    pub fn load(root: &Path, overrides: &Overrides) -> Result<SiteConfig, Diagnostic> {
        let path = root.join("site.toml");
        let (mut site, defaulted) = match std::fs::read(&path) {
            Ok(bytes) => {
                let text = String::from_utf8(bytes).map_err(|e| {
                    let (line, col) = line_col(
                        &String::from_utf8_lossy(e.as_bytes()),
                        e.utf8_error().valid_up_to(),
                    );
                    Diagnostic::error(
                        Kind::Config,
                        Some(SourceSpan::at("site.toml", line, col)),
                        "site.toml is not valid UTF-8",
                    )
                })?;
                (parse_site_toml(&text)?, false)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (SiteFile::default(), true),
            Err(e) => {
                return Err(Diagnostic::error(
                    Kind::Config,
                    Some(SourceSpan::file("site.toml")),
                    format!("cannot read site.toml: {e}"),
                ))
            }
        };
        if let Some(b) = &overrides.base_url {
            site.base_url = b.clone();
        }
        if overrides.drafts {
            site.build.drafts = true;
        }
        if let Some(l) = overrides.broken_links {
            site.links.broken = l;
        }
        let base_path = base_path_of(&site.base_url)
            .map_err(|m| Diagnostic::error(Kind::Config, Some(SourceSpan::file("site.toml")), m))?;
        let output = overrides
            .output
            .clone()
            .unwrap_or_else(|| root.join(&site.build.output_dir));
        Ok(SiteConfig {
            root: root.to_path_buf(),
            output,
            site,
            base_path,
            defaulted,
            stale_days: overrides.stale_days,
        })
    }

    /// A configuration with all defaults for `root` (used by tests and tools).
    pub fn defaults(root: &Path) -> SiteConfig {
        SiteConfig {
            root: root.to_path_buf(),
            output: root.join("public"),
            site: SiteFile::default(),
            base_path: "/".into(),
            defaulted: true,
            stale_days: None,
        }
    }

    /// Joins the base path and a site-relative path (`caching/cdn/` → `/atlas/caching/cdn/`).
    pub fn url(&self, rel: &str) -> String {
        format!("{}{}", self.base_path, rel.trim_start_matches('/'))
    }

    /// Absolute URL (with scheme and host when `base_url` has them), for sitemap and feeds.
    pub fn absolute_url(&self, rel: &str) -> String {
        let base = self.site.base_url.trim_end_matches('/');
        if base.contains("://") {
            format!("{base}/{}", rel.trim_start_matches('/'))
        } else {
            self.url(rel)
        }
    }
}

/// Parses the text of `site.toml`, reporting the first problem with its location.
pub fn parse_site_toml(text: &str) -> Result<SiteFile, Diagnostic> {
    toml::from_str::<SiteFile>(text).map_err(|e| {
        let (line, col) = e.span().map(|s| line_col(text, s.start)).unwrap_or((1, 1));
        Diagnostic::error(
            Kind::Config,
            Some(SourceSpan::at("site.toml", line, col)),
            e.message().to_string(),
        )
    })
}

/// The path part of a base URL, normalised to start and end with `/`.
fn base_path_of(base_url: &str) -> Result<String, String> {
    let rest = match base_url.split_once("://") {
        Some((scheme, rest)) => {
            if scheme != "http" && scheme != "https" {
                return Err(format!(
                    "base_url `{base_url}` must start with http://, https:// or /"
                ));
            }
            match rest.find('/') {
                Some(i) => &rest[i..],
                None => "/",
            }
        }
        None if base_url.is_empty() || base_url.starts_with('/') => base_url,
        None => {
            return Err(format!(
                "base_url `{base_url}` must start with http://, https:// or /"
            ))
        }
    };
    let trimmed = rest.trim_matches('/');
    Ok(if trimmed.is_empty() {
        "/".to_string()
    } else {
        format!("/{trimmed}/")
    })
}

/// 1-based line and character column of byte offset `pos` in `text`.
pub fn line_col(text: &str, pos: usize) -> (usize, usize) {
    let pos = pos.min(text.len());
    let mut p = pos;
    while !text.is_char_boundary(p) {
        p -= 1;
    }
    let before = &text[..p];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_handles_subpaths() {
        assert_eq!(
            base_path_of("https://x.github.io/atlas/").unwrap(),
            "/atlas/"
        );
        assert_eq!(
            base_path_of("https://x.github.io/atlas").unwrap(),
            "/atlas/"
        );
        assert_eq!(base_path_of("http://127.0.0.1:1111").unwrap(), "/");
        assert_eq!(base_path_of("/").unwrap(), "/");
        assert_eq!(base_path_of("/docs").unwrap(), "/docs/");
        assert!(base_path_of("ftp://x").is_err());
        assert!(base_path_of("atlas").is_err());
    }

    #[test]
    fn unknown_key_is_located() {
        let err = parse_site_toml("title = \"A\"\n\n[links]\nbrokn = \"warn\"\n").unwrap_err();
        let span = err.span.unwrap();
        assert_eq!((span.line, span.col), (4, 1));
        assert!(err.message.contains("brokn"), "{}", err.message);
    }

    #[test]
    fn wrong_type_is_located() {
        let err = parse_site_toml("title = 3\n").unwrap_err();
        assert_eq!(err.span.unwrap().line, 1);
    }

    #[test]
    fn raw_html_reads_the_old_key() {
        let mode = |t: &str| parse_site_toml(t).unwrap().markdown.raw_html();
        assert_eq!(mode(""), RawHtml::Sanitize);
        assert_eq!(mode("[markdown]\nsanitize = false\n"), RawHtml::Allow);
        assert_eq!(mode("[markdown]\nsanitize = true\n"), RawHtml::Sanitize);
        assert_eq!(mode("[markdown]\nraw_html = \"escape\"\n"), RawHtml::Escape);
        assert!(parse_site_toml("[markdown]\nraw_html = \"yes\"\n").is_err());
        let b = parse_site_toml("[build]\nsymlinks = \"none\"\n")
            .unwrap()
            .build;
        assert_eq!(b.symlinks, SymlinkPolicy::None);
    }

    #[test]
    fn line_col_counts_chars() {
        assert_eq!(line_col("ab\ncé d", 7), (2, 4));
        assert_eq!(line_col("x", 0), (1, 1));
    }
}
