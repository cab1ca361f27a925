//! The social cards of one build, each drawn at most once: reused from the dev server's
//! memory, else from the previous build's output folder (a card's file is named by the
//! hash of what it shows, so a file of that name already holds the same picture), else
//! drawn. Drawing runs in parallel; the result is sorted by path.

use super::card::{Card, CardRenderer};
use crate::diagnostics::{Diagnostic, Kind, SourceSpan};
use crate::memo::{InBuild, Memo};
use crate::output::FileBytes;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// Cards drawn by earlier builds (the dev server's), by content hash.
pub type CardMemo = Memo<u64, FileBytes>;

/// How the cards of a build were obtained.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CardStats {
    /// Cards drawn by this build.
    pub drawn: usize,
    /// Cards reused from memory or from the previous output.
    pub reused: usize,
}

/// Cards of one build, as output files (`social/<hash>.png`).
#[derive(Debug, Default)]
pub struct CardFiles {
    /// `(path, PNG)` in path order.
    pub files: Vec<(String, FileBytes)>,
    /// Drawn versus reused.
    pub stats: CardStats,
    /// Cards that could not be drawn (the page keeps its other tags).
    pub diagnostics: Vec<Diagnostic>,
}

/// A card file, or why it could not be drawn; `true` when reused.
type CardResult = Result<(FileBytes, bool), Diagnostic>;

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// Makes the files of `cards` (`(source path of the note, card)`).
pub fn card_files(
    cards: &[(&str, Card<'_>)],
    memory: InBuild<'_, CardMemo>,
    previous_output: Option<&Path>,
) -> CardFiles {
    let mut unique: BTreeMap<String, (&str, Card<'_>)> = BTreeMap::new();
    for (source, card) in cards {
        unique.entry(card.path()).or_insert((*source, *card));
    }
    let renderer = std::sync::OnceLock::new();
    let results: Vec<(String, CardResult)> = unique
        .into_par_iter()
        .map(|(path, (source, card))| {
            let key = card.key();
            if let Some(hit) = memory.and_then(|(c, g)| c.get(&key, g)) {
                return (path, Ok((hit, true)));
            }
            let old = previous_output
                .and_then(|dir| std::fs::read(dir.join(&path)).ok())
                .filter(|b| b.starts_with(PNG_SIGNATURE));
            let result = match old {
                Some(bytes) => Ok((Arc::new(bytes), true)),
                None => renderer
                    .get_or_init(CardRenderer::new)
                    .render(&card)
                    .map(|png| (Arc::new(png), false))
                    .map_err(|e| {
                        Diagnostic::warning(Kind::Io, Some(SourceSpan::file(source)), e.to_string())
                    }),
            };
            if let (Some((c, g)), Ok((bytes, _))) = (memory, &result) {
                c.put(key, bytes.clone(), g);
            }
            (path, result)
        })
        .collect();
    let mut out = CardFiles::default();
    for (path, r) in results {
        match r {
            Ok((bytes, reused)) => {
                if reused {
                    out.stats.reused += 1;
                } else {
                    out.stats.drawn += 1;
                }
                out.files.push((path, bytes));
            }
            Err(d) => out.diagnostics.push(d),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cards_are_reused_from_memory_and_from_the_previous_output() {
        let card = Card {
            title: "Caching",
            section: "Basics",
            site: "KB",
        };
        let cache = CardMemo::new();
        let g = 1;
        let first = card_files(&[("a.md", card), ("b.md", card)], Some((&cache, g)), None);
        assert_eq!(
            first.stats,
            CardStats {
                drawn: 1,
                reused: 0
            }
        );
        assert_eq!(first.files.len(), 1);
        let second = card_files(&[("a.md", card)], Some((&cache, g)), None);
        assert_eq!(
            second.stats,
            CardStats {
                drawn: 0,
                reused: 1
            }
        );
        assert_eq!(first.files, second.files);

        let dir = tempfile::tempdir().unwrap();
        let (path, bytes) = &first.files[0];
        std::fs::create_dir_all(dir.path().join("social")).unwrap();
        std::fs::write(dir.path().join(path), bytes.as_slice()).unwrap();
        let third = card_files(&[("a.md", card)], None, Some(dir.path()));
        assert_eq!(
            third.stats,
            CardStats {
                drawn: 0,
                reused: 1
            }
        );
        assert_eq!(third.files, first.files);
    }
}
