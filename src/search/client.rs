//! The browser search client. Its source is three files under `static/search/`, each
//! readable on its own: `analyze.js` (tokenizer, the stemmer port, query reading),
//! `engine.js` (index fetching, scoring, ranking) and `ui.js` (the search box). The build
//! bundles them into the one `search.js` every page loads: concatenated in that order
//! inside one function (they share its scope), whole-line comments and indentation left
//! out (the sources keep them; the bundle is about a quarter smaller in gzip).

/// The client's source files, in bundle order: `(name, text)`.
pub const SOURCES: [(&str, &str); 3] = [
    ("analyze.js", include_str!("../../static/search/analyze.js")),
    ("engine.js", include_str!("../../static/search/engine.js")),
    ("ui.js", include_str!("../../static/search/ui.js")),
];

/// The folder of the sources under the theme's `static/`, never copied to a site.
pub const SOURCE_DIR: &str = "search";

/// The bundled client, as served at `/search.js`.
pub fn bundle() -> String {
    let mut out = String::from(
        "// Atlas search client (bundled from static/search/analyze.js, engine.js, ui.js)\n\
         (function (root) {\n\"use strict\";\n",
    );
    for (name, text) in SOURCES {
        out.push_str("// ");
        out.push_str(name);
        out.push('\n');
        out.push_str(&strip(text));
    }
    out.push_str("})(typeof window !== \"undefined\" ? window : this);\n");
    out
}

/// `text` without whole-line `//` comments, blank lines and indentation. The client has
/// no template literals or multi-line strings, so a line's leading blanks never matter.
fn strip(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let line = line.trim_start();
        if line.is_empty() || line.starts_with("//") {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundle_holds_every_source_without_its_comments() {
        let b = bundle();
        for name in [
            "function stem(",
            "function createEngine(",
            "root.atlasSearch",
        ] {
            assert!(b.contains(name), "{name}");
        }
        // Only the bundle's own headers are comment lines.
        assert_eq!(b.lines().filter(|l| l.starts_with("//")).count(), 4);
        assert!(!b.lines().any(|l| l.starts_with(' ')), "no indentation");
        // No template literals (a multi-line one would lose its indentation).
        for (name, text) in SOURCES {
            for line in text.lines() {
                let code = line.split("//").next().unwrap_or("");
                assert!(!code.contains('`'), "{name}: {line}");
            }
        }
        assert!(b.len() < SOURCES.iter().map(|s| s.1.len()).sum::<usize>());
    }
}
