//! The site's index pages: one per tag, the tag index, the A–Z of notes and aliases,
//! the map and the 404 page.

use super::context::*;
use super::pages::PageBuilder;
use super::{section_map, Theme};
use crate::content::slug::path_slug;
use crate::content::DocKind;
use crate::diagnostics::Diagnostic;
use crate::output::FileBytes;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

impl PageBuilder<'_> {
    /// The tag pages, tag index, A–Z, map and 404, sorted.
    pub(super) fn index_paths(&self) -> Vec<String> {
        let mut paths: Vec<String> = self
            .tree
            .docs
            .iter()
            .flat_map(|d| {
                d.front
                    .tags
                    .iter()
                    .map(|t| format!("tags/{}/index.html", path_slug(t)))
            })
            .collect();
        paths.extend(
            [
                "tags/index.html",
                "all/index.html",
                "map/index.html",
                "404.html",
            ]
            .map(String::from),
        );
        paths.sort();
        paths.dedup();
        paths
    }

    /// The tag pages, tag index, A–Z and 404: reused from the cache when no note's
    /// title, URL, description, tags or aliases changed.
    pub(super) fn indexes_cached(
        &self,
        theme: &Theme,
    ) -> Vec<Result<(String, FileBytes), Diagnostic>> {
        let Some((cache, generation)) = self.cache else {
            return self.render_indexes(theme);
        };
        let mut h = self.page_hasher(theme);
        for &i in &self.tree.reading_order {
            let d = &self.tree.docs[i];
            h.part(d.title.as_bytes());
            h.part(d.url.as_bytes());
            h.part(d.front.description.as_deref().unwrap_or("\0").as_bytes());
            h.part(b"\0tags");
            for t in &d.front.tags {
                h.part(t.as_bytes());
            }
            h.part(b"\0aliases");
            for a in &d.front.aliases {
                h.part(a.as_bytes());
            }
        }
        for outs in &self.graph.outgoing {
            h.part(b"\0out");
            for &o in outs {
                h.word(o as u64);
            }
        }
        let fp = h.finish();
        let paths = self.index_paths();
        let key = |p: &str| format!("\0index:{p}");
        let hits: Option<Vec<_>> = paths
            .iter()
            .map(|p| {
                cache
                    .page(&key(p), fp, generation)
                    .map(|b| Ok((p.clone(), b)))
            })
            .collect();
        if let Some(hits) = hits {
            return hits;
        }
        self.render_indexes(theme)
            .into_iter()
            .map(|page| {
                page.map(|(p, bytes)| {
                    let packed = cache.put_page(key(&p), fp, &bytes, generation);
                    (p, packed)
                })
            })
            .collect()
    }

    pub(super) fn render_indexes(
        &self,
        theme: &Theme,
    ) -> Vec<Result<(String, FileBytes), Diagnostic>> {
        let tree = self.tree;
        let mut tags: BTreeMap<String, (&str, Vec<usize>)> = BTreeMap::new();
        for &i in &tree.reading_order {
            for t in &tree.docs[i].front.tags {
                tags.entry(path_slug(t))
                    .or_insert((&**t, Vec::new()))
                    .1
                    .push(i);
            }
        }
        // Every page is independent: the tag pages and the others (the A–Z lists every
        // note) render in parallel, returned in the order they are listed.
        let tag_pages = tags.par_iter().map(|(slug, (name, docs))| {
            let path = format!("tags/{slug}/index.html");
            self.render_tag(theme, slug, name, docs)
                .map(|h| (path, Arc::new(h.into_bytes())))
        });
        let others = [
            ("tags/index.html", Other::Tags),
            ("all/index.html", Other::AtoZ),
            ("map/index.html", Other::Map),
            ("404.html", Other::NotFound),
        ];
        let other_pages = others.into_par_iter().map(|(path, which)| {
            self.render_other(theme, which, &tags)
                .map(|h| (path.to_string(), Arc::new(h.into_bytes())))
        });
        let mut out: Vec<_> = tag_pages.collect();
        out.par_extend(other_pages);
        out
    }

    fn render_tag(
        &self,
        theme: &Theme,
        slug: &str,
        name: &str,
        docs: &[usize],
    ) -> Result<String, Diagnostic> {
        let tree = self.tree;
        let url = self.url(&format!("tags/{slug}/"));
        let mut ctx = self.base_context(0, None, &url);
        let pages: Vec<LinkCtx<'_>> = docs
            .iter()
            .map(|&i| LinkCtx {
                title: &tree.docs[i].title,
                url: self.url(&tree.docs[i].url),
                description: tree.docs[i].front.description.as_deref(),
            })
            .collect();
        ctx.insert(
            "tag",
            &TagEntry {
                name,
                url: url.clone(),
                count: docs.len(),
            },
        );
        ctx.insert("pages", &pages);
        theme.render("tag.html", &ctx)
    }

    fn render_other(
        &self,
        theme: &Theme,
        which: Other,
        tags: &BTreeMap<String, (&str, Vec<usize>)>,
    ) -> Result<String, Diagnostic> {
        match which {
            Other::Tags => {
                let entries: Vec<TagEntry<'_>> = tags
                    .iter()
                    .map(|(slug, (name, docs))| TagEntry {
                        name,
                        url: self.url(&format!("tags/{slug}/")),
                        count: docs.len(),
                    })
                    .collect();
                let url = self.url("tags/");
                let mut ctx = self.base_context(0, None, &url);
                ctx.insert("tags", &entries);
                theme.render("tags.html", &ctx)
            }
            Other::AtoZ => self.render_a_to_z(theme),
            Other::Map => {
                let url = self.url("map/");
                let mut ctx = self.base_context(0, None, &url);
                ctx.insert(
                    "section_map",
                    &section_map::section_map(self.tree, self.graph, &self.config.base_path),
                );
                ctx.insert("links_per_section", &section_map::LINKS_PER_SECTION);
                theme.render("map.html", &ctx)
            }
            Other::NotFound => {
                let url = self.url("404.html");
                let ctx = self.base_context(0, None, &url);
                theme.render("404.html", &ctx)
            }
        }
    }

    /// The A–Z of notes and aliases, grouped by first letter.
    fn render_a_to_z(&self, theme: &Theme) -> Result<String, Diagnostic> {
        let tree = self.tree;
        let mut az: Vec<AzEntry<'_>> = Vec::new();
        for d in tree.docs.iter().filter(|d| d.kind == DocKind::Note) {
            az.push(AzEntry {
                name: &d.title,
                url: self.url(&d.url),
                target: None,
            });
            for a in d.front.aliases.iter().filter(|a| !a.starts_with('/')) {
                az.push(AzEntry {
                    name: a,
                    url: self.url(&d.url),
                    target: Some(&d.title),
                });
            }
        }
        az.sort_by_cached_key(|a| (a.name.to_lowercase(), a.name));
        let mut groups: Vec<AzGroup<'_>> = Vec::new();
        for e in &az {
            let first = e
                .name
                .chars()
                .next()
                .map(|c| c.to_uppercase().collect::<String>())
                .unwrap_or_default();
            let letter = if first.chars().all(char::is_alphabetic) {
                first
            } else {
                "#".to_string()
            };
            if groups.last().is_none_or(|g| g.letter != letter) {
                let id = if letter == "#" {
                    "other".to_string()
                } else {
                    path_slug(&letter)
                };
                groups.push(AzGroup {
                    letter: letter.clone(),
                    id,
                    entries: Vec::new(),
                });
            }
            groups.last_mut().expect("group").entries.push(e.clone());
        }
        let url = self.url("all/");
        let mut ctx = self.base_context(0, None, &url);
        ctx.insert("entries", &az);
        ctx.insert("groups", &groups);
        theme.render("all.html", &ctx)
    }
}

/// A tag's entry on its page and on the tag index.
#[derive(Serialize)]
struct TagEntry<'a> {
    name: &'a str,
    url: String,
    count: usize,
}

/// The index pages besides the tag pages.
#[derive(Clone, Copy)]
enum Other {
    Tags,
    AtoZ,
    Map,
    NotFound,
}
