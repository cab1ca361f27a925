//! Rewritten text and the way back: a rewrite records each replaced range, so that a
//! position in the rewritten body maps to the position in the file the author wrote.

use std::ops::Range;

/// One replacement: `new` in the rewritten text stands for `old` in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Edit {
    new: Range<usize>,
    old: Range<usize>,
}

/// Replacements from one rewrite, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceMap {
    edits: Vec<Edit>,
}

impl SourceMap {
    /// The source position of rewritten position `pos` (text inside a replacement maps to
    /// the start of what it replaced).
    pub fn to_source(&self, pos: usize) -> usize {
        let i = self.edits.partition_point(|e| e.new.start <= pos);
        match i.checked_sub(1).map(|i| &self.edits[i]) {
            None => pos,
            Some(e) if pos < e.new.end => e.old.start,
            Some(e) => e.old.end + (pos - e.new.end),
        }
    }
}

/// A body as written and the maps from its rewritten form back to it (applied last first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The body as written.
    pub body: String,
    /// One map per rewrite, oldest first.
    pub maps: Vec<SourceMap>,
}

impl Origin {
    /// The body `body` before one rewrite described by `map`.
    pub fn new(body: String, map: SourceMap) -> Origin {
        Origin {
            body,
            maps: vec![map],
        }
    }

    /// The position in the written body of `pos` in the latest rewritten body.
    pub fn to_source(&self, pos: usize) -> usize {
        self.maps.iter().rev().fold(pos, |p, m| m.to_source(p))
    }
}

/// Builds a rewritten text from left-to-right replacements of a source text.
#[derive(Debug)]
pub struct Rewriter<'a> {
    src: &'a str,
    out: String,
    last: usize,
    map: SourceMap,
}

impl<'a> Rewriter<'a> {
    /// Starts rewriting `src`.
    pub fn new(src: &'a str) -> Rewriter<'a> {
        Rewriter {
            src,
            out: String::new(),
            last: 0,
            map: SourceMap::default(),
        }
    }

    /// Replaces `old` (a range of the source after every earlier replacement) with `new`.
    pub fn replace(&mut self, old: Range<usize>, new: &str) {
        if old.start < self.last || old.end > self.src.len() {
            return;
        }
        self.out.push_str(&self.src[self.last..old.start]);
        let start = self.out.len();
        self.out.push_str(new);
        self.map.edits.push(Edit {
            new: start..self.out.len(),
            old: old.clone(),
        });
        self.last = old.end;
    }

    /// The rewritten text and its map, or `None` when nothing was replaced.
    pub fn finish(mut self) -> Option<(String, SourceMap)> {
        if self.map.edits.is_empty() {
            return None;
        }
        self.out.push_str(&self.src[self.last..]);
        Some((self.out, self.map))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_back_through_replacements() {
        let src = "ab %%x%% cd {{< ref \"y.md\" >}} ef";
        let mut r = Rewriter::new(src);
        r.replace(3..8, "");
        let at = src.find("{{").unwrap();
        let end = src.find(">}}").unwrap() + 3;
        r.replace(at..end, "y.md");
        let (out, map) = r.finish().unwrap();
        assert_eq!(out, "ab  cd y.md ef");
        assert_eq!(map.to_source(1), 1);
        assert_eq!(map.to_source(4), 9); // `c`
        assert_eq!(map.to_source(8), at); // inside the replacement
        assert_eq!(map.to_source(out.len() - 1), src.len() - 1);
        assert!(Rewriter::new("x").finish().is_none());
    }
}
