//! The files a site gets besides its pages: the theme's stylesheets and scripts, the
//! favicon, the sitemap, the feed and robots.txt.

use crate::config::SiteConfig;
use crate::content::ContentTree;
use crate::diagnostics::{Diagnostic, Kind, SourceSpan};
use crate::social;
use std::collections::BTreeMap;

/// The paths of files the build writes besides static files and pages (links may point
/// at them).
pub const GENERATED: [&str; 7] = [
    "atlas.css",
    "favicon.ico",
    "highlight.css",
    "sitemap.xml",
    "robots.txt",
    "404.html",
    "atom.xml",
];

/// The theme's files: a favicon drawn from `favicon.svg` (unless the site has one),
/// one stylesheet bundle (one render-blocking request instead of three), the
/// highlighting stylesheet, then every static file as it is.
pub fn theme_files(
    config: &SiteConfig,
    statics: BTreeMap<String, Vec<u8>>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    if let (Some(svg), false) = (
        statics.get("favicon.svg"),
        statics.contains_key("favicon.ico"),
    ) {
        match social::favicon::ico_from_svg(
            &social::CardRenderer::new(),
            &String::from_utf8_lossy(svg),
        ) {
            Ok(ico) => out.push(("favicon.ico".into(), ico)),
            Err(e) => diags.push(Diagnostic::warning(
                Kind::Io,
                Some(SourceSpan::file("static/favicon.svg")),
                format!("favicon.ico not written: {e}"),
            )),
        }
    }
    let mut bundle = Vec::new();
    // (Highlighting is left out: pages with code load it without blocking.)
    for part in [statics.get("style.css"), statics.get("search.css")]
        .into_iter()
        .flatten()
    {
        bundle.extend_from_slice(part);
        bundle.push(b'\n');
    }
    out.push(("atlas.css".into(), bundle));
    let highlight = &config.site.highlight;
    match crate::highlight::theme_css(&highlight.light_theme, &highlight.dark_theme) {
        Ok(css) => out.push(("highlight.css".into(), css.into_bytes())),
        Err(m) => diags.push(Diagnostic::error(
            Kind::Config,
            Some(SourceSpan::file("site.toml")),
            m,
        )),
    }
    out.extend(statics);
    out
}

/// The sitemap, the Atom feed and robots.txt.
pub fn feeds(config: &SiteConfig, tree: &ContentTree) -> Vec<(String, Vec<u8>)> {
    vec![
        ("sitemap.xml".into(), sitemap(config, tree).into_bytes()),
        (
            "atom.xml".into(),
            super::feed::atom(config, tree).into_bytes(),
        ),
        (
            "robots.txt".into(),
            format!(
                "User-agent: *\nAllow: /\nSitemap: {}\n",
                config.absolute_url("sitemap.xml")
            )
            .into_bytes(),
        ),
    ]
}

fn sitemap(config: &SiteConfig, tree: &ContentTree) -> String {
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let mut urls: BTreeMap<String, Option<String>> = BTreeMap::new();
    for sec in &tree.sections {
        urls.insert(sec.url.clone(), None);
    }
    for d in &tree.docs {
        let date = d.front.last_updated().map(str::to_string);
        urls.insert(d.url.clone(), date);
    }
    for (url, date) in urls {
        s.push_str("  <url><loc>");
        s.push_str(&crate::escape::html(&config.absolute_url(&url)));
        s.push_str("</loc>");
        if let Some(d) = date {
            s.push_str("<lastmod>");
            s.push_str(&d);
            s.push_str("</lastmod>");
        }
        s.push_str("</url>\n");
    }
    s.push_str("</urlset>\n");
    s
}
