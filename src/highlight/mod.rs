//! Syntax highlighting: syntect over bat's extended syntax set, class-based HTML and CSS.

use std::collections::HashMap;
use std::sync::RwLock;
use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, line_tokens_to_classed_spans, ClassStyle};
use syntect::parsing::{ParseState, ScopeStack, SyntaxSet};
use syntect::util::LinesWithEndings;

pub mod contrast;
pub mod memo;
mod tokens;

use tokens::SyntaxTokens;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Languages rendered as plain code without a warning.
const PLAIN: &[&str] = &[
    "",
    "text",
    "plain",
    "plaintext",
    "txt",
    "none",
    "output",
    "console-output",
];

/// Other names readers write for languages the syntax set knows under another token.
const LANGUAGE_ALIASES: &[(&str, &str)] = &[
    ("shell", "bash"),
    ("sh", "bash"),
    ("zsh", "bash"),
    ("console", "bash"),
    ("js", "javascript"),
    ("ts", "typescript"),
    ("py", "python"),
    ("rs", "rust"),
    ("yml", "yaml"),
    ("golang", "go"),
    ("proto", "protobuf"),
    ("protobuf", "proto"),
    ("docker", "dockerfile"),
    ("hcl", "terraform"),
    ("tf", "terraform"),
    ("gql", "graphql"),
    ("postgres", "sql"),
    ("postgresql", "sql"),
    ("psql", "sql"),
    ("cql", "sql"),
    ("redis", "bash"),
    ("c++", "cpp"),
    ("csharp", "cs"),
    ("c#", "cs"),
];

/// The result of highlighting one code block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Highlighted {
    /// Highlighted HTML (the inside of `<code>`).
    Html(String),
    /// Plain escaped HTML; `unknown` is true when the language was not recognised.
    Plain {
        /// Escaped code.
        html: String,
        /// True when a language was named but is not known.
        unknown: bool,
    },
}

/// A syntax set loaded once per build (or once per dev-server session).
pub struct Highlighter {
    syntaxes: SyntaxSet,
    tokens: SyntaxTokens,
    enabled: bool,
    /// Highlighted blocks by hash of (language, code), kept across builds by the dev server.
    cache: Option<RwLock<HashMap<u64, Highlighted>>>,
    /// Whether new blocks go into `cache` (the dev server leaves out its first build:
    /// remembering every block of the site was a third copy of all code, ~1 GB at
    /// 10,000 notes; the blocks of notes being edited are what it needs).
    remember: std::sync::atomic::AtomicBool,
}

impl std::fmt::Debug for Highlighter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Highlighter")
            .field("enabled", &self.enabled)
            .finish()
    }
}

impl Highlighter {
    /// Loads bat's syntax set (TOML, TypeScript, Dockerfile, HCL, GraphQL, protobuf, ...).
    pub fn new(enabled: bool) -> Highlighter {
        let syntaxes = two_face::syntax::extra_newlines();
        Highlighter {
            tokens: SyntaxTokens::new(&syntaxes),
            syntaxes,
            enabled,
            cache: None,
            remember: std::sync::atomic::AtomicBool::new(true),
        }
    }

    /// The same, remembering every highlighted block (for the dev server, where most
    /// blocks are unchanged from one build to the next).
    pub fn with_cache(enabled: bool) -> Highlighter {
        Highlighter {
            cache: Some(RwLock::new(HashMap::new())),
            ..Highlighter::new(enabled)
        }
    }

    /// Whether blocks highlighted from now on are remembered (with [`Highlighter::with_cache`]).
    pub fn remember_new_blocks(&self, on: bool) {
        self.remember
            .store(on, std::sync::atomic::Ordering::Relaxed);
    }

    /// Whether `lang` is known (or plain).
    pub fn knows(&self, lang: &str) -> bool {
        PLAIN.contains(&lang.to_ascii_lowercase().as_str()) || self.find(lang).is_some()
    }

    fn find(&self, lang: &str) -> Option<&syntect::parsing::SyntaxReference> {
        let l = lang.to_ascii_lowercase();
        self.tokens.find(&self.syntaxes, &l).or_else(|| {
            LANGUAGE_ALIASES
                .iter()
                .filter(|(a, _)| *a == l)
                .find_map(|(_, t)| self.tokens.find(&self.syntaxes, t))
        })
    }

    /// Highlights `code` written in `lang`.
    pub fn highlight(&self, lang: &str, code: &str) -> Highlighted {
        self.highlight_with(lang, code, &memo::TokenMemo::new())
    }

    /// Highlights `code` written in `lang` (from the cache when there is one), reusing
    /// the line tokenizations in `memo`.
    pub fn highlight_with(&self, lang: &str, code: &str, memo: &memo::TokenMemo) -> Highlighted {
        let Some(cache) = &self.cache else {
            return self.highlight_uncached(lang, code, memo);
        };
        let key = {
            let mut h = xxhash_rust::xxh3::Xxh3::new();
            h.update(lang.as_bytes());
            h.update(&[0]);
            h.update(code.as_bytes());
            h.digest()
        };
        if let Some(hit) = cache.read().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return hit.clone();
        }
        let out = self.highlight_uncached(lang, code, memo);
        if self.remember.load(std::sync::atomic::Ordering::Relaxed) {
            cache
                .write()
                .unwrap_or_else(|e| e.into_inner())
                .insert(key, out.clone());
        }
        out
    }

    fn highlight_uncached(&self, lang: &str, code: &str, memo: &memo::TokenMemo) -> Highlighted {
        let plain_lang = PLAIN.contains(&lang.to_ascii_lowercase().as_str());
        let syntax = if plain_lang { None } else { self.find(lang) };
        let Some(syntax) = syntax else {
            return Highlighted::Plain {
                html: crate::escape::html(code),
                unknown: !plain_lang,
            };
        };
        if !self.enabled {
            return Highlighted::Plain {
                html: crate::escape::html(code),
                unknown: false,
            };
        }
        // What syntect's ClassedHTMLGenerator does, with memoised line parsing.
        let mut state = ParseState::new(syntax);
        let mut stack = ScopeStack::new();
        let mut html = String::with_capacity(code.len() * 3);
        let mut open_spans: isize = 0;
        for line in LinesWithEndings::from(code) {
            let tokens = memo
                .parse_line(&syntax.name, &mut state, line, &self.syntaxes)
                .ok()
                .and_then(|ops| {
                    line_tokens_to_classed_spans(line, &ops, CLASS_STYLE, &mut stack).ok()
                });
            let Some((line_html, delta)) = tokens else {
                return Highlighted::Plain {
                    html: crate::escape::html(code),
                    unknown: false,
                };
            };
            open_spans += delta;
            html.push_str(&line_html);
        }
        for _ in 0..open_spans {
            html.push_str("</span>");
        }
        Highlighted::Html(html)
    }
}

/// CSS for the light theme, and the dark theme under `prefers-color-scheme: dark`
/// (unless the page forces light) and under `[data-theme="dark"]`.
pub fn theme_css(light: &str, dark: &str) -> Result<String, String> {
    let themes = ThemeSet::load_defaults();
    let get = |name: &str| {
        themes.themes.get(name).ok_or_else(|| {
            let mut names: Vec<_> = themes.themes.keys().cloned().collect();
            names.sort();
            format!(
                "unknown highlight theme `{name}`; known: {}",
                names.join(", ")
            )
        })
    };
    let light_css =
        css_for_theme_with_class_style(get(light)?, CLASS_STYLE).map_err(|e| e.to_string())?;
    let dark_css =
        css_for_theme_with_class_style(get(dark)?, CLASS_STYLE).map_err(|e| e.to_string())?;
    // Themes are not designed for our code backgrounds: lift every colour to WCAG AA.
    let light_css = contrast::enforce(&light_css, contrast::LIGHT_CODE_BG);
    let dark_css = contrast::enforce(&dark_css, contrast::DARK_CODE_BG);
    let mut out =
        String::from("/* Syntax highlighting, generated by atlas from syntect themes. */\n");
    out.push_str(&scope_rules(&light_css, ":root:not([data-theme=\"dark\"])"));
    out.push_str("@media (prefers-color-scheme: dark) {\n");
    out.push_str(&scope_rules(&dark_css, ":root:not([data-theme=\"light\"])"));
    out.push_str("}\n");
    out.push_str(&scope_rules(&dark_css, ":root[data-theme=\"dark\"]"));
    Ok(out)
}

/// Prefixes every selector of simple CSS rules with `scope`.
fn scope_rules(css: &str, scope: &str) -> String {
    let mut out = String::new();
    for rule in css.split('}') {
        let Some((selectors, body)) = rule.split_once('{') else {
            continue;
        };
        // Drop comments syntect puts before rules.
        let selectors = match selectors.rfind("*/") {
            Some(i) => &selectors[i + 2..],
            None => selectors,
        };
        let scoped: Vec<String> = selectors
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| format!("{scope} {s}"))
            .collect();
        if scoped.is_empty() {
            continue;
        }
        out.push_str(&scoped.join(", "));
        out.push_str(" {");
        out.push_str(body.trim_end());
        out.push_str(" }\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extended_languages_are_known() {
        let h = Highlighter::new(true);
        for l in [
            "rust",
            "toml",
            "typescript",
            "tsx",
            "dockerfile",
            "graphql",
            "proto",
            "hcl",
            "sql",
            "yaml",
            "Go",
        ] {
            assert!(h.knows(l), "{l}");
        }
        assert!(h.knows("text"));
        assert!(!h.knows("klingon"));
    }

    #[test]
    fn highlights_with_classes() {
        let h = Highlighter::new(true);
        match h.highlight("rust", "fn main() {}\n") {
            Highlighted::Html(html) => assert!(html.contains("class=\"hl-"), "{html}"),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            h.highlight("klingon", "<x>"),
            Highlighted::Plain {
                html: "&lt;x&gt;".into(),
                unknown: true
            }
        );
        assert_eq!(
            h.highlight("text", "a"),
            Highlighted::Plain {
                html: "a".into(),
                unknown: false
            }
        );
    }

    #[test]
    fn memoised_tokenizing_matches_syntect() {
        let h = Highlighter::new(true);
        let code =
            "fn a() {\n    let s = \"}\";\n}\nfn b() {\n    let s = \"}\";\n}\n/* open\n}\n*/\n}\n";
        for lang in ["rust", "python", "javascript"] {
            let syntax = h.find(lang).unwrap();
            let mut gen = syntect::html::ClassedHTMLGenerator::new_with_class_style(
                syntax,
                &h.syntaxes,
                CLASS_STYLE,
            );
            for line in LinesWithEndings::from(code) {
                gen.parse_html_for_line_which_includes_newline(line)
                    .unwrap();
            }
            let expected = gen.finalize();
            // Twice: the second run is served from the memo.
            let memo = memo::TokenMemo::new();
            assert_eq!(
                h.highlight_with(lang, code, &memo),
                Highlighted::Html(expected.clone()),
                "{lang}"
            );
            let before = memo.len();
            assert_eq!(
                h.highlight_with(lang, code, &memo),
                Highlighted::Html(expected),
                "{lang} memoised"
            );
            assert_eq!(memo.len(), before, "nothing new tokenized");
        }
    }

    #[test]
    fn cache_returns_the_same_html() {
        let h = Highlighter::with_cache(true);
        let a = h.highlight("rust", "let x = 1;\n");
        let b = h.highlight("rust", "let x = 1;\n");
        assert_eq!(a, b);
        assert_eq!(a, Highlighter::new(true).highlight("rust", "let x = 1;\n"));
        assert_eq!(h.cache.as_ref().unwrap().read().unwrap().len(), 1);
    }

    #[test]
    fn css_has_both_themes() {
        let css = theme_css("InspiredGitHub", "base16-ocean.dark").unwrap();
        assert!(css.contains("prefers-color-scheme: dark"));
        assert!(css.contains(":root[data-theme=\"dark\"] .hl-"));
        assert!(theme_css("nope", "base16-ocean.dark").is_err());
    }
}
