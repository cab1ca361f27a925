//! Templates: the built-in theme (compiled in), per-site overrides, and rendering with Tera.

pub mod context;
pub mod feed;
mod fingerprint;
pub mod graph;
mod indexes;
pub mod nav;
mod page;
pub mod pages;
pub mod previews;
pub mod section_map;
pub mod site_files;

pub use pages::{render_pages, Memos, PageInput, PageMemo};

use crate::content::symlinks::SymlinkPolicy;
use crate::diagnostics::{Diagnostic, Kind, SourceSpan};
use include_dir::{include_dir, Dir};
use std::collections::BTreeMap;
use std::path::Path;

/// The built-in templates.
pub static BUILTIN_TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");
/// The built-in static files (CSS, JS).
pub static BUILTIN_STATIC: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/static");

/// Loaded templates, ready to render.
pub struct Theme {
    tera: tera::Tera,
    /// Hash of every template's source: pages rendered with another version differ.
    pub version: u64,
}

impl std::fmt::Debug for Theme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Theme")
    }
}

impl Theme {
    /// Built-in templates, each replaced by `root/templates/<name>` when that file exists.
    /// Symbolic links are followed as `symlinks` allows; the diagnostics of the walk (a
    /// refused link, a loop) come with the theme, which still loads without those files.
    pub fn load(
        root: &Path,
        symlinks: SymlinkPolicy,
    ) -> Result<(Theme, Vec<Diagnostic>), Vec<Diagnostic>> {
        let mut sources: BTreeMap<String, (String, String)> = BTreeMap::new();
        for f in BUILTIN_TEMPLATES.files() {
            let name = f.path().to_string_lossy().replace('\\', "/");
            let text = String::from_utf8_lossy(f.contents()).into_owned();
            sources.insert(name.clone(), (format!("(built-in) templates/{name}"), text));
        }
        let mut diags = Vec::new();
        let walked = crate::content::symlinks::walk(&root.join("templates"), root, symlinks);
        for entry in walked.entries.iter().filter(|e| !e.is_dir) {
            let name = &entry.rel;
            match std::fs::read_to_string(&entry.path) {
                Ok(text) => {
                    sources.insert(name.clone(), (format!("templates/{name}"), text));
                }
                Err(e) => diags.push(Diagnostic::error(
                    Kind::Template,
                    Some(SourceSpan::file(format!("templates/{name}"))),
                    format!("cannot read template: {e}"),
                )),
            }
        }
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(crate::escape::html_attribute);
        if !diags.is_empty() {
            return Err(diags);
        }
        let all: Vec<(&str, &str)> = sources
            .iter()
            .map(|(n, (_, t))| (n.as_str(), t.as_str()))
            .collect();
        if let Err(e) = tera.add_raw_templates(all) {
            // Tera names the failing template as `'name.html'`; point at its file.
            let text = e.to_string();
            let path = sources
                .iter()
                .find(|(n, _)| text.contains(&format!("'{n}'")))
                .map(|(_, (p, _))| p.as_str())
                .unwrap_or("templates");
            return Err(vec![template_diag(path, &e)]);
        }
        let version = crate::memo::hash_parts(
            sources
                .iter()
                .flat_map(|(n, (_, t))| [n.as_bytes(), t.as_bytes()]),
        );
        Ok((Theme { tera, version }, walked.diags))
    }

    /// Renders template `name` with `ctx`; errors name the template and the cause chain.
    pub fn render(&self, name: &str, ctx: &tera::Context) -> Result<String, Diagnostic> {
        self.tera
            .render(name, ctx)
            .map_err(|e| template_diag(&format!("templates/{name}"), &e))
    }

    /// True when a template of that name exists.
    pub fn has(&self, name: &str) -> bool {
        self.tera.get_template_names().any(|n| n == name)
    }
}

fn template_diag(path: &str, e: &tera::Error) -> Diagnostic {
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    // Tera reports syntax errors as ` --> line:col`; lift that into the span.
    let (line, col) = msg
        .split("--> ")
        .nth(1)
        .and_then(|rest| {
            let mut it = rest
                .split(|c: char| !c.is_ascii_digit())
                .filter(|s| !s.is_empty());
            Some((it.next()?.parse().ok()?, it.next()?.parse().ok()?))
        })
        .unwrap_or((1, 1));
    let msg = msg.split_whitespace().collect::<Vec<_>>().join(" ");
    Diagnostic::error(
        Kind::Template,
        Some(SourceSpan::at(
            path.trim_start_matches("(built-in) "),
            line,
            col,
        )),
        msg,
    )
}

/// The built-in theme's live-reload client: served by `atlas serve`, never built.
const LIVE_RELOAD: &str = "livereload.js";

/// The live-reload client of the dev server (`static/livereload.js` of the built-in theme).
pub fn live_reload_script() -> &'static str {
    BUILTIN_STATIC
        .get_file(LIVE_RELOAD)
        .and_then(|f| f.contents_utf8())
        .unwrap_or("")
}

/// Static files of the theme: built-in ones replaced or extended by `root/static/`
/// (the live-reload client is left out: only the dev server serves it), whose symbolic
/// links are followed as `symlinks` allows. A refused link, a loop or an unreadable file
/// is a located diagnostic; the other files are still there.
pub fn static_files(
    root: &Path,
    symlinks: SymlinkPolicy,
) -> (BTreeMap<String, Vec<u8>>, Vec<Diagnostic>) {
    let mut files = BTreeMap::new();
    fn add_builtin(dir: &Dir<'_>, files: &mut BTreeMap<String, Vec<u8>>) {
        for f in dir.files().filter(|f| f.path() != Path::new(LIVE_RELOAD)) {
            files.insert(
                f.path().to_string_lossy().replace('\\', "/"),
                f.contents().to_vec(),
            );
        }
        // The search client's sources are built into one `search.js`, not copied.
        for d in dir
            .dirs()
            .filter(|d| d.path() != Path::new(crate::search::client::SOURCE_DIR))
        {
            add_builtin(d, files);
        }
    }
    add_builtin(&BUILTIN_STATIC, &mut files);
    files.insert(
        "search.js".to_string(),
        crate::search::client::bundle().into_bytes(),
    );
    let walked = crate::content::symlinks::walk(&root.join("static"), root, symlinks);
    let mut diags = walked.diags;
    for entry in walked.entries.into_iter().filter(|e| !e.is_dir) {
        match std::fs::read(&entry.path) {
            Ok(bytes) => {
                files.insert(entry.rel, bytes);
            }
            Err(e) => diags.push(Diagnostic::warning(
                Kind::Io,
                Some(SourceSpan::file(format!("static/{}", entry.rel))),
                format!("cannot read: {e}; not copied"),
            )),
        }
    }
    (files, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_reload_client_is_served_not_built() {
        assert!(live_reload_script().contains("atlas:updated"));
        let dir = tempfile::tempdir().unwrap();
        let (files, _) = static_files(dir.path(), SymlinkPolicy::Inside);
        assert!(files.contains_key("atlas.js"));
        // The search client is one bundled file; its sources are not copied.
        let js = String::from_utf8(files["search.js"].clone()).unwrap();
        assert!(js.contains("function createEngine("));
        assert!(!files.keys().any(|k| k.starts_with("search/")));
        assert!(
            !files.contains_key(LIVE_RELOAD),
            "a built site has no dev client"
        );
    }
}
