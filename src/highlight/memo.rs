//! Memoised tokenizing: syntect's parse of a line depends only on the grammar, the
//! parser state at the start of the line and the line itself, so identical lines in
//! identical states (closing braces, imports, shebangs, boilerplate repeated across
//! notes) are tokenized once per build and reused. Output is byte-identical.
//!
//! One memo serves every worker thread of a build: with a memo per thread, a line
//! that two threads met was tokenized twice (67,974 lines at 10,000 notes instead of
//! the 60,550 distinct ones).

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use syntect::parsing::{ParseState, ParsingError, ScopeStackOp, SyntaxSet};

type Ops = Arc<Vec<(usize, ScopeStackOp)>>;

/// A parser state kept in the memo.
struct KeptState(ParseState);

// SAFETY: `ParseState` is not `Send` only because a state inside a context that
// back-references its opening match keeps oniguruma's `Region` of that match: a
// struct that owns two heap arrays through raw pointers. Those arrays belong to the
// region alone (cloning copies them, dropping frees them) and nothing about them is
// tied to a thread, so moving a region to another thread is sound. The memo never
// shares one: every `KeptState` is reached only under its shard's mutex, and callers
// get clones.
unsafe impl Send for KeptState {}

struct Entry {
    before: KeptState,
    ops: Ops,
    after: KeptState,
}

/// Entries are not added beyond this many (memory bound for huge sites: about 1 KB an
/// entry, the bound the two per-worker memos of 500,000 lines each had before; the memo
/// is freed before the search stage, whose peak is the build's).
pub const MAX_ENTRIES: usize = 1_000_000;

/// Lines are spread over this many independently locked maps.
const SHARDS: usize = 64;

type Shard = HashMap<u64, Vec<Entry>>;

/// Line tokenizations of one build, shared by its worker threads.
pub struct TokenMemo {
    shards: Vec<Mutex<Shard>>,
    len: AtomicUsize,
}

impl std::fmt::Debug for TokenMemo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenMemo")
            .field("len", &self.len())
            .finish()
    }
}

impl Default for TokenMemo {
    fn default() -> TokenMemo {
        TokenMemo {
            shards: (0..SHARDS).map(|_| Mutex::new(HashMap::new())).collect(),
            len: AtomicUsize::new(0),
        }
    }
}

impl TokenMemo {
    /// An empty memo.
    pub fn new() -> TokenMemo {
        TokenMemo::default()
    }

    fn shard(&self, key: u64) -> std::sync::MutexGuard<'_, Shard> {
        self.shards[(key % SHARDS as u64) as usize]
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }

    /// Tokenizes `line` from `state` (advancing it), reusing an earlier identical parse.
    pub fn parse_line(
        &self,
        grammar: &str,
        state: &mut ParseState,
        line: &str,
        syntaxes: &SyntaxSet,
    ) -> Result<Ops, ParsingError> {
        let key = crate::memo::hash_parts([grammar.as_bytes(), line.as_bytes()]);
        if let Some((after, ops)) = self.shard(key).get(&key).and_then(|v| {
            v.iter()
                .find(|e| e.before.0 == *state)
                .map(|e| (e.after.0.clone(), e.ops.clone()))
        }) {
            *state = after;
            return Ok(ops);
        }
        // Tokenized outside the lock: another thread may tokenize the same line at the
        // same time, and the first to finish keeps its entry.
        let before = state.clone();
        let ops: Ops = Arc::new(state.parse_line(line, syntaxes)?);
        if self.len.load(Ordering::Relaxed) < MAX_ENTRIES {
            let mut shard = self.shard(key);
            let entries = shard.entry(key).or_default();
            if !entries.iter().any(|e| e.before.0 == before) {
                self.len.fetch_add(1, Ordering::Relaxed);
                entries.push(Entry {
                    before: KeptState(before),
                    ops: ops.clone(),
                    after: KeptState(state.clone()),
                });
            }
        }
        Ok(ops)
    }

    /// Number of memoised lines.
    pub fn len(&self) -> usize {
        self.len.load(Ordering::Relaxed)
    }

    /// True when nothing is memoised.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threads_share_lines() {
        let syntaxes = two_face::syntax::extra_newlines();
        let rust = syntaxes.find_syntax_by_token("rust").unwrap();
        let memo = TokenMemo::new();
        let lines = ["fn main() {\n", "    let x = 1;\n", "}\n"];
        let tokenize = |memo: &TokenMemo| {
            let mut state = ParseState::new(rust);
            lines
                .iter()
                .map(|l| memo.parse_line("Rust", &mut state, l, &syntaxes).unwrap())
                .collect::<Vec<_>>()
        };
        let first = std::thread::scope(|s| s.spawn(|| tokenize(&memo)).join().unwrap());
        assert_eq!(memo.len(), lines.len());
        let again = tokenize(&memo);
        assert_eq!(
            memo.len(),
            lines.len(),
            "the other thread's lines were reused"
        );
        for (a, b) in first.iter().zip(&again) {
            assert!(Arc::ptr_eq(a, b));
        }
    }
}
