//! Links that share well: social card images, OpenGraph/Twitter metadata, JSON-LD
//! breadcrumbs and the favicon fallback, all made at build time.

pub mod card;
pub mod favicon;
pub mod meta;
pub mod store;

pub use card::{Card, CardError, CardRenderer};
pub use store::{card_files, CardFiles, CardMemo};

use crate::content::{ContentTree, DocKind};

/// Per document of `tree`, the card its page shows when cards are on (notes only).
pub fn cards_of<'a>(tree: &'a ContentTree, site_title: &'a str, on: bool) -> Vec<Option<Card<'a>>> {
    tree.docs
        .iter()
        .enumerate()
        .map(|(i, d)| {
            (on && d.kind == DocKind::Note).then(|| Card {
                title: &d.title,
                section: match tree.section_of[i] {
                    0 => "",
                    s => &tree.sections[s].title,
                },
                site: site_title,
            })
        })
        .collect()
}

/// The card files of `cards` (one per document, see [`cards_of`]), drawn or reused.
pub fn draw_cards(
    tree: &ContentTree,
    cards: &[Option<Card<'_>>],
    memo: crate::memo::InBuild<'_, CardMemo>,
    previous_output: &std::path::Path,
) -> CardFiles {
    let list: Vec<(&str, Card<'_>)> = cards
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.map(|c| (tree.docs[i].path.as_str(), c)))
        .collect();
    card_files(&list, memo, Some(previous_output))
}
