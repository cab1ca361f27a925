//! Memoised tokenizing: syntect's parse of a line depends only on the grammar, the
//! parser state at the start of the line and the line itself, so identical lines in
//! identical states (closing braces, imports, shebangs, boilerplate repeated across
//! notes) are tokenized once per build and reused. Output is byte-identical.

use std::collections::HashMap;
use std::rc::Rc;
use syntect::parsing::{ParseState, ParsingError, ScopeStackOp, SyntaxSet};

type Ops = Rc<Vec<(usize, ScopeStackOp)>>;

struct Entry {
    before: ParseState,
    ops: Ops,
    after: ParseState,
}

/// Entries are not added beyond this many (memory bound for huge sites).
pub const MAX_ENTRIES: usize = 500_000;

/// Line tokenizations of one worker thread (syntect's parser state cannot cross
/// threads); the pipeline gives each rayon job its own with `map_init`.
#[derive(Default)]
pub struct TokenMemo {
    map: HashMap<u64, Vec<Entry>>,
    len: usize,
}

impl std::fmt::Debug for TokenMemo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenMemo").field("len", &self.len).finish()
    }
}

impl TokenMemo {
    /// An empty memo.
    pub fn new() -> TokenMemo {
        TokenMemo::default()
    }

    /// Tokenizes `line` from `state` (advancing it), reusing an earlier identical parse.
    pub fn parse_line(
        &mut self,
        grammar: &str,
        state: &mut ParseState,
        line: &str,
        syntaxes: &SyntaxSet,
    ) -> Result<Ops, ParsingError> {
        let key = crate::memo::hash_parts([grammar.as_bytes(), line.as_bytes()]);
        if let Some(hit) = self
            .map
            .get(&key)
            .and_then(|v| v.iter().find(|e| e.before == *state))
        {
            *state = hit.after.clone();
            return Ok(hit.ops.clone());
        }
        let before = state.clone();
        let ops: Ops = Rc::new(state.parse_line(line, syntaxes)?);
        if self.len < MAX_ENTRIES {
            self.len += 1;
            self.map.entry(key).or_default().push(Entry {
                before,
                ops: ops.clone(),
                after: state.clone(),
            });
        }
        Ok(ops)
    }

    /// Number of memoised lines.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when nothing is memoised.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
