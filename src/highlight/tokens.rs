//! Finding a grammar by the token a code fence names (`rust`, `py`, `Dockerfile`):
//! what syntect's `find_syntax_by_token` finds, from maps built once per syntax set
//! instead of a scan of every grammar for every code block.

use std::collections::HashMap;
use syntect::parsing::{SyntaxReference, SyntaxSet};

/// Grammars by lowercase file extension and by lowercase name.
#[derive(Debug, Default)]
pub struct SyntaxTokens {
    by_extension: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
}

impl SyntaxTokens {
    /// The maps for `syntaxes`. syntect searches grammars from last to first and takes
    /// the first that matches, so a token's grammar here is the last that has it.
    pub fn new(syntaxes: &SyntaxSet) -> SyntaxTokens {
        let mut tokens = SyntaxTokens::default();
        for (i, syntax) in syntaxes.syntaxes().iter().enumerate() {
            for ext in &syntax.file_extensions {
                tokens.by_extension.insert(ext.to_ascii_lowercase(), i);
            }
            tokens.by_name.insert(syntax.name.to_ascii_lowercase(), i);
        }
        tokens
    }

    /// The grammar whose extension is `token`, else whose name is, ignoring ASCII case
    /// (syntect's `find_syntax_by_token`).
    pub fn find<'s>(&self, syntaxes: &'s SyntaxSet, token: &str) -> Option<&'s SyntaxReference> {
        let t = token.to_ascii_lowercase();
        let i = self.by_extension.get(&t).or_else(|| self.by_name.get(&t))?;
        syntaxes.syntaxes().get(*i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_syntect_finds_for_every_extension_and_name() {
        let syntaxes = two_face::syntax::extra_newlines();
        let tokens = SyntaxTokens::new(&syntaxes);
        let mut asked = 0;
        for syntax in syntaxes.syntaxes() {
            let names = syntax.file_extensions.iter().chain([&syntax.name]);
            for token in names {
                for t in [token.clone(), token.to_ascii_uppercase()] {
                    let want = syntaxes.find_syntax_by_token(&t).map(|s| &s.name);
                    let got = tokens.find(&syntaxes, &t).map(|s| &s.name);
                    assert_eq!(got, want, "{t}");
                    asked += 1;
                }
            }
        }
        assert!(asked > 400, "{asked}");
        assert!(tokens.find(&syntaxes, "klingon").is_none());
    }
}
