//! The search analyzer: tantivy's tokenizer and filters (split on non-alphanumerics,
//! drop tokens of 40+ bytes, lowercase, ASCII folding, English stemming), plus the
//! parts of camelCase identifiers at the identifier's position. `static/search.js`
//! implements the same analysis for queries; a test proves they agree.

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer, TokenStream,
};

/// Name under which the analyzer is registered in the tantivy index.
pub const ANALYZER: &str = "atlas";

/// The tantivy analyzer chain (without identifier splitting).
pub fn text_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// Splits a word at lower→upper case changes (`camelCase` → `camel`, `Case`;
/// `HTTPServer` → `HTTP`, `Server`). Returns nothing for words without such changes.
pub fn camel_parts(word: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    let mut cuts = Vec::new();
    for i in 1..chars.len() {
        let (prev, cur) = (chars[i - 1].1, chars[i].1);
        let next_lower = chars.get(i + 1).is_some_and(|(_, c)| c.is_lowercase());
        if (prev.is_lowercase() && cur.is_uppercase())
            || (prev.is_uppercase() && cur.is_uppercase() && next_lower)
        {
            cuts.push(chars[i].0);
        }
    }
    if cuts.is_empty() {
        return Vec::new();
    }
    let mut parts = Vec::new();
    let mut start = 0;
    for c in cuts {
        parts.push(&word[start..c]);
        start = c;
    }
    parts.push(&word[start..]);
    parts
}

/// Analyzes text into `(term, position)` pairs.
pub struct Analyzer {
    main: TextAnalyzer,
    parts: TextAnalyzer,
}

impl Default for Analyzer {
    fn default() -> Self {
        Analyzer {
            main: text_analyzer(),
            parts: text_analyzer(),
        }
    }
}

impl Analyzer {
    /// Calls `emit(term, position)` for each term of `text`; positions start at `base`.
    /// Returns the position after the last token.
    pub fn analyze(&mut self, text: &str, base: u32, mut emit: impl FnMut(&str, u32)) -> u32 {
        let mut stream = self.main.token_stream(text);
        let mut last = None;
        while stream.advance() {
            let tok = stream.token();
            let pos = base + tok.position as u32;
            last = Some(pos);
            emit(&tok.text, pos);
            let raw = &text[tok.offset_from..tok.offset_to];
            for part in camel_parts(raw) {
                let mut ps = self.parts.token_stream(part);
                while ps.advance() {
                    let t = &ps.token().text;
                    if *t != stream.token().text {
                        emit(t, pos);
                    }
                }
            }
        }
        last.map(|p| p + 1).unwrap_or(base)
    }

    /// The terms of `text`, in order (for tests and queries).
    pub fn terms(&mut self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.analyze(text, 0, |t, _| out.push(t.to_string()));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_identifiers_and_stems() {
        let mut a = Analyzer::default();
        assert_eq!(a.terms("Consistent hashing"), ["consist", "hash"]);
        assert_eq!(a.terms("maxConnections"), ["maxconnect", "max", "connect"]);
        assert_eq!(
            a.terms("snake_case a.b x-y"),
            ["snake", "case", "a", "b", "x", "y"]
        );
        assert_eq!(a.terms("HTTPServer"), ["httpserver", "http", "server"]);
        assert_eq!(a.terms("Café naïve"), ["cafe", "naiv"]);
    }

    #[test]
    fn positions_follow_words() {
        let mut a = Analyzer::default();
        let mut got = Vec::new();
        let end = a.analyze("fooBar baz", 10, |t, p| got.push((t.to_string(), p)));
        assert_eq!(
            got,
            [
                ("foobar".to_string(), 10),
                ("foo".to_string(), 10),
                ("bar".to_string(), 10),
                ("baz".to_string(), 11)
            ]
        );
        assert_eq!(end, 12);
    }

    #[test]
    fn camel_parts_edges() {
        assert_eq!(camel_parts("camelCase"), ["camel", "Case"]);
        assert!(camel_parts("lower").is_empty());
        assert!(camel_parts("UPPER").is_empty());
        assert_eq!(
            camel_parts("parseHTTPResponse"),
            ["parse", "HTTP", "Response"]
        );
    }
}
