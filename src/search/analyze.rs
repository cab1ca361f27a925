//! The search analyzer: tantivy's tokenizer and filters (split on non-alphanumerics,
//! drop tokens of 40+ bytes, lowercase, ASCII folding, English stemming), plus the
//! parts of camelCase identifiers at the identifier's position. `static/search/analyze.js`
//! implements the same analysis for queries; a test proves they agree.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer, Token, TokenStream, Tokenizer,
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

/// A word lowercased and ASCII-folded but not stemmed: the browser keeps typed words
/// so for typos and for cutting run-together words.
pub fn fold_lower(word: &str) -> String {
    let mut a = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build();
    let mut s = a.token_stream(word);
    let mut out = String::new();
    while s.advance() {
        out.push_str(&s.token().text);
    }
    out
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

/// The whole analysis (the tantivy chain plus camelCase parts) as one tantivy
/// analyzer, registered as [`ANALYZER`] in the tantivy index so that `atlas search`
/// sees the same terms as the browser.
pub fn atlas_analyzer() -> TextAnalyzer {
    TextAnalyzer::from(AtlasTokenizer::default())
}

/// The analysis with each term kept at its first occurrence only, for names (the
/// title field): the static index counts a name's words once too.
pub fn once_analyzer() -> TextAnalyzer {
    TextAnalyzer::from(AtlasTokenizer {
        an: Analyzer::default(),
        once: true,
    })
}

/// [`Analyzer`] as a tantivy [`Tokenizer`] (with `once`, repeated terms dropped).
#[derive(Clone, Default)]
pub struct AtlasTokenizer {
    an: Analyzer,
    once: bool,
}

/// The tokens of one text, analyzed up front.
pub struct AtlasTokenStream {
    tokens: Vec<Token>,
    at: usize,
}

impl Tokenizer for AtlasTokenizer {
    type TokenStream<'a> = AtlasTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> AtlasTokenStream {
        let mut tokens: Vec<Token> = Vec::new();
        let once = self.once;
        self.an.analyze(text, 0, |t, p| {
            if once && tokens.iter().any(|k| k.text == t) {
                return;
            }
            tokens.push(Token {
                position: p as usize,
                text: t.to_string(),
                ..Token::default()
            })
        });
        AtlasTokenStream { tokens, at: 0 }
    }
}

impl TokenStream for AtlasTokenStream {
    fn advance(&mut self) -> bool {
        self.at += 1;
        self.at <= self.tokens.len()
    }
    fn token(&self) -> &Token {
        &self.tokens[self.at - 1]
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.at - 1]
    }
}

/// Analyzes text into `(term, position)` pairs.
#[derive(Clone)]
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

/// A fast non-cryptographic hasher for the build's own maps (words, terms, pointers):
/// eight bytes per multiplication, rotated at the end so aligned pointers spread.
#[derive(Default, Clone, Copy)]
pub struct FastHasher(u64);

impl FastHasher {
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl std::hash::Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0.rotate_left(26)
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.add(u64::from_le_bytes(b));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(b) ^ (rest.len() as u64) << 59);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
}

/// A `HashMap` with [`FastHasher`].
pub type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FastHasher>>;

/// The words of `text` as tantivy's `SimpleTokenizer` sees them: runs of alphanumeric
/// characters (each word takes one position, even one the filters then drop).
pub fn words(text: &str) -> Words<'_> {
    Words { text, at: 0 }
}

/// Iterator of [`words`].
pub struct Words<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Words<'a> {
    /// The char at byte `i` if it is alphanumeric (ASCII without decoding), and its length.
    fn alnum_at(&self, i: usize) -> (bool, usize) {
        let b = self.text.as_bytes()[i];
        if b < 0x80 {
            return (b.is_ascii_alphanumeric(), 1);
        }
        let c = self.text[i..].chars().next().expect("a char boundary");
        (c.is_alphanumeric(), c.len_utf8())
    }
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let len = self.text.len();
        while self.at < len {
            let (alnum, n) = self.alnum_at(self.at);
            if alnum {
                break;
            }
            self.at += n;
        }
        if self.at >= len {
            return None;
        }
        let start = self.at;
        while self.at < len {
            let (alnum, n) = self.alnum_at(self.at);
            if !alnum {
                break;
            }
            self.at += n;
        }
        Some(&self.text[start..self.at])
    }
}

/// [`Analyzer`] with a memo: each distinct word is analyzed once, and equal terms share
/// one allocation (so a record can tell terms apart by pointer). The analysis of a
/// word does not depend on its neighbours, so this gives exactly the terms of
/// [`Analyzer::analyze`].
#[derive(Default)]
pub struct WordAnalyzer {
    an: Analyzer,
    /// Word → index into `analyses`.
    memo: FastMap<Box<str>, u32>,
    analyses: Vec<Box<[Arc<str>]>>,
    interned: HashSet<Arc<str>, std::hash::BuildHasherDefault<FastHasher>>,
}

impl WordAnalyzer {
    /// Bytes the memo takes (about): keys, term lists and the interned terms.
    pub fn heap_bytes(&self) -> usize {
        let keys: usize = self.memo.keys().map(|k| k.len() + 16).sum();
        let lists: usize = self.analyses.iter().map(|a| 16 + a.len() * 16).sum();
        let terms: usize = self.interned.iter().map(|t| t.len() + 16 + 16).sum();
        keys + lists + terms + self.memo.capacity() * 4
    }

    /// Words remembered before the memo is emptied (bounds memory in the dev server).
    const MAX_WORDS: usize = 1 << 20;

    /// `term` itself as a term (no analysis), sharing one allocation like [`Self::terms`]:
    /// for pair terms (`write_skew`), which no word analyzes to.
    pub fn verbatim(&mut self, term: &str) -> &[Arc<str>] {
        if let Some(&i) = self.memo.get(term) {
            return &self.analyses[i as usize];
        }
        let t = match self.interned.get(term) {
            Some(a) => a.clone(),
            None => {
                let a: Arc<str> = Arc::from(term);
                self.interned.insert(a.clone());
                a
            }
        };
        self.memo.insert(term.into(), self.analyses.len() as u32);
        self.analyses.push(vec![t].into_boxed_slice());
        self.analyses.last().expect("just pushed")
    }

    /// The terms of one word (from [`words`]): the word's term, then its camelCase parts.
    pub fn terms(&mut self, word: &str) -> &[Arc<str>] {
        if let Some(&i) = self.memo.get(word) {
            return &self.analyses[i as usize];
        }
        if self.memo.len() >= Self::MAX_WORDS {
            self.memo.clear();
            self.analyses.clear();
            self.interned.clear();
        }
        let mut terms = Vec::new();
        let interned = &mut self.interned;
        self.an.analyze(word, 0, |t, _| {
            let t = match interned.get(t) {
                Some(a) => a.clone(),
                None => {
                    let a: Arc<str> = Arc::from(t);
                    interned.insert(a.clone());
                    a
                }
            };
            terms.push(t);
        });
        self.memo.insert(word.into(), self.analyses.len() as u32);
        self.analyses.push(terms.into_boxed_slice());
        self.analyses.last().expect("just pushed")
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
    fn word_analyzer_agrees_with_the_stream() {
        let text = "The maxConnections of HTTPServer, café_naïve x-y a.b µs 東京 ½ Ⅻ x²\
                    aVeryLongIdentifierThatTantivyDropsBecauseItIsOverFortyBytes caching";
        let mut a = Analyzer::default();
        let mut stream = Vec::new();
        a.analyze(text, 0, |t, p| stream.push((t.to_string(), p)));
        let mut w = WordAnalyzer::default();
        let mut memo = Vec::new();
        for (p, word) in words(text).enumerate() {
            for t in w.terms(word) {
                memo.push((t.to_string(), p as u32));
            }
        }
        assert_eq!(memo, stream);
        // Equal terms share one allocation.
        let a1 = w.terms("caching")[0].clone();
        let a2 = w.terms("cached")[0].clone();
        assert!(Arc::ptr_eq(&a1, &a2));
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
