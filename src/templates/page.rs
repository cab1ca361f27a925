//! One note or section page: its context (content, table of contents, backlinks,
//! previews, neighbourhood graph, breadcrumbs, social tags) and its template.

use super::context::*;
use super::pages::{missing_template, out_path, PageBuilder};
use super::{graph, previews, Theme};
use crate::content::slug::path_slug;
use crate::content::DocKind;
use crate::diagnostics::Diagnostic;
use crate::highlight::memo::TokenMemo;
use crate::markdown::RenderedDoc;
use crate::output::FileBytes;
use crate::social;
use std::sync::Arc;

impl PageBuilder<'_> {
    pub(super) fn breadcrumbs(&self, section: usize, include_self: bool) -> Vec<LinkCtx<'_>> {
        let mut chain = self.tree.ancestors(section);
        if !include_self {
            chain.pop();
        }
        chain
            .into_iter()
            .map(|s| LinkCtx {
                title: if s == 0 {
                    self.site.title.as_str()
                } else {
                    self.tree.sections[s].title.as_str()
                },
                url: self.url(&self.tree.sections[s].url),
                description: None,
            })
            .collect()
    }

    /// The JSON-LD breadcrumbs of a page: its ancestors, then the document `doc` itself.
    pub(super) fn breadcrumbs_ld(&self, crumbs: &[LinkCtx<'_>], doc: Option<usize>) -> String {
        let base = &self.config.base_path;
        let abs = |url: &str| {
            self.config
                .absolute_url(url.strip_prefix(base.as_str()).unwrap_or(url))
        };
        let own = doc.map(|i| {
            (
                self.tree.docs[i].title.as_str(),
                abs(&self.url(&self.tree.docs[i].url)),
            )
        });
        social::meta::breadcrumb_list(crumbs.iter().map(|c| (c.title, abs(&c.url))).chain(own))
    }

    /// What a note's page tells link previews (OpenGraph article data and its card).
    pub(super) fn social_ctx(&self, i: usize) -> social::meta::SocialCtx<'_> {
        let doc = &self.tree.docs[i];
        let card = self.social_cards.get(i).copied().flatten();
        social::meta::SocialCtx {
            modified: doc.front.last_updated(),
            section: match self.tree.section_of[i] {
                0 => "",
                s => &self.tree.sections[s].title,
            },
            image: card.map(|c| self.config.absolute_url(&c.path())),
            image_alt: match card {
                Some(c) if !c.section.is_empty() => {
                    format!("{} · {} · {}", c.title, c.section, c.site)
                }
                Some(c) => format!("{} · {}", c.title, c.site),
                None => String::new(),
            },
        }
    }

    pub(super) fn note_count(&self, s: usize) -> usize {
        let sec = &self.tree.sections[s];
        sec.pages.len()
            + sec
                .subsections
                .iter()
                .map(|&c| self.note_count(c))
                .sum::<usize>()
    }

    pub(super) fn section_lists(&self, s: usize, ctx: &mut tera::Context) {
        let tree = self.tree;
        let sec = &tree.sections[s];
        let pages: Vec<LinkCtx<'_>> = sec
            .pages
            .iter()
            .map(|&p| LinkCtx {
                title: &tree.docs[p].title,
                url: self.url(&tree.docs[p].url),
                description: tree.docs[p].front.description.as_deref(),
            })
            .collect();
        let subsections: Vec<SubsectionCtx<'_>> = sec
            .subsections
            .iter()
            .map(|&c| SubsectionCtx {
                title: &tree.sections[c].title,
                url: self.url(&tree.sections[c].url),
                count: self.note_count(c),
                description: tree.sections[c]
                    .index_doc
                    .and_then(|d| tree.docs[d].front.description.as_deref()),
            })
            .collect();
        ctx.insert("pages", &pages);
        ctx.insert("subsections", &subsections);
    }

    pub(super) fn render_doc(
        &self,
        theme: &Theme,
        i: usize,
        tokens: &TokenMemo,
    ) -> Result<(String, FileBytes), Diagnostic> {
        let tree = self.tree;
        let doc = &tree.docs[i];
        let section = tree.section_of[i];
        let url = self.url(&doc.url);
        // A page with its own template may show anything, so it is always rendered.
        let cacheable = doc.front.template.is_none();
        let fingerprint = match self.cache {
            Some((cache, generation)) if cacheable => {
                let fp = self.page_fingerprint(theme, i);
                if let Some(bytes) = cache.page(&doc.url, fp, generation) {
                    return Ok((out_path(&doc.url), bytes));
                }
                Some(fp)
            }
            _ => None,
        };
        let nav = self.nav.for_page(section, Some(i), &url);
        let mut ctx = self.context_with_nav(&nav, &url);
        let rendered = self.rendered.get(i, tokens);
        let body = rendered.html.text();
        let edit_url = self.config.site.repository.as_ref().map(|r| {
            format!(
                "{}/edit/{}/content/{}",
                r.trim_end_matches('/'),
                self.config.site.repository_branch,
                doc.rel
            )
        });
        let words = self.parsed[i].words;
        let page = PageCtx {
            title: &doc.title,
            description: doc.front.description.as_deref().unwrap_or(""),
            url: url.clone(),
            content: &body,
            toc: &rendered.toc,
            tags: doc
                .front
                .tags
                .iter()
                .map(|t| TagCtx {
                    name: t,
                    url: self.url(&format!("tags/{}/", path_slug(t))),
                })
                .collect(),
            aliases: doc
                .front
                .aliases
                .iter()
                .filter(|a| !a.starts_with('/'))
                .map(String::as_str)
                .collect(),
            sources: &doc.front.sources,
            updated: doc.front.last_updated(),
            date: doc.front.date.as_ref().map(|d| d.day()),
            words,
            reading_minutes: words.div_ceil(230).max(1),
            edit_url,
            extra: &doc.front.extra,
            image: doc.front.image.as_deref(),
        };
        ctx.insert("page", &page);
        ctx.insert("has_math", &rendered.has_math);
        ctx.insert("has_mermaid", &rendered.has_mermaid);
        ctx.insert("has_code", &rendered.has_code);
        let backlinks: Vec<BacklinkCtx<'_>> = self.graph.incoming[i]
            .iter()
            .map(|b| BacklinkCtx {
                title: &tree.docs[b.from].title,
                url: self.url(&tree.docs[b.from].url),
                context: &b.context,
            })
            .collect();
        ctx.insert("backlinks", &backlinks);
        if doc.kind == DocKind::Note {
            let dl = &self.doc_links[i];
            let links = dl
                .edges
                .iter()
                .map(|(n, t, a)| (dl.resolved[*n].href.clone(), *t, a.clone()));
            ctx.insert(
                "previews_json",
                &previews::previews_json(tree, self.parsed, links),
            );
            ctx.insert(
                "local_graph",
                &graph::local_graph(tree, self.graph, i, &self.config.base_path),
            );
        }
        let template = match (&doc.front.template, doc.kind) {
            (Some(t), _) => t.as_str(),
            (None, DocKind::Note) => {
                let pos = tree.reading_pos[i];
                let link = |j: usize| LinkCtx {
                    title: &tree.docs[j].title,
                    url: self.url(&tree.docs[j].url),
                    description: None,
                };
                let prev = pos
                    .and_then(|p| p.checked_sub(1))
                    .map(|p| link(tree.reading_order[p]));
                let next = pos
                    .and_then(|p| tree.reading_order.get(p + 1))
                    .map(|&j| link(j));
                ctx.insert("prev", &prev);
                ctx.insert("next", &next);
                let crumbs = self.breadcrumbs(section, true);
                ctx.insert("breadcrumbs_ld", &self.breadcrumbs_ld(&crumbs, Some(i)));
                ctx.insert("breadcrumbs", &crumbs);
                ctx.insert("social", &self.social_ctx(i));
                "note.html"
            }
            (None, DocKind::Section) => {
                self.section_lists(section, &mut ctx);
                let crumbs = self.breadcrumbs(section, false);
                if section != 0 {
                    ctx.insert("breadcrumbs_ld", &self.breadcrumbs_ld(&crumbs, Some(i)));
                }
                ctx.insert("breadcrumbs", &crumbs);
                if section == 0 {
                    "home.html"
                } else {
                    "section.html"
                }
            }
        };
        if !theme.has(template) {
            return Err(missing_template(doc, template));
        }
        let html = theme.render(template, &ctx)?;
        if let (Some((cache, generation)), Some(fp)) = (self.cache, fingerprint) {
            let packed = cache.put_page(doc.url.clone(), fp, html.as_bytes(), generation);
            // A freshly rendered body is kept packed too, for the next time this page is.
            if !rendered.html.is_packed() {
                let doc = RenderedDoc {
                    html: rendered.html.packed(),
                    ..(*rendered).clone()
                };
                cache.put_render(self.render_keys[i], Arc::new(doc), generation);
            }
            return Ok((out_path(&doc.url), packed));
        }
        Ok((out_path(&doc.url), Arc::new(html.into_bytes())))
    }

    pub(super) fn render_section_without_index(
        &self,
        theme: &Theme,
        s: usize,
    ) -> Result<(String, FileBytes), Diagnostic> {
        let sec = &self.tree.sections[s];
        let fingerprint = self.cache.map(|(cache, generation)| {
            let fp = self.section_fingerprint(theme, s);
            (cache, generation, fp, cache.page(&sec.url, fp, generation))
        });
        if let Some((_, _, _, Some(bytes))) = fingerprint {
            return Ok((out_path(&sec.url), bytes));
        }
        let url = self.url(&sec.url);
        let mut ctx = self.base_context(s, None, &url);
        let no_extra = serde_json::Map::new();
        let page = PageCtx {
            title: if s == 0 { &self.site.title } else { &sec.title },
            description: if s == 0 { &self.site.description } else { "" },
            url: url.clone(),
            content: "",
            toc: &[],
            tags: Vec::new(),
            aliases: Vec::new(),
            sources: &[],
            updated: None,
            date: None,
            words: 0,
            reading_minutes: 0,
            edit_url: None,
            extra: &no_extra,
            image: None,
        };
        ctx.insert("page", &page);
        ctx.insert("breadcrumbs", &self.breadcrumbs(s, false));
        self.section_lists(s, &mut ctx);
        let html = theme.render(if s == 0 { "home.html" } else { "section.html" }, &ctx)?;
        if let Some((cache, generation, fp, None)) = fingerprint {
            let packed = cache.put_page(sec.url.clone(), fp, html.as_bytes(), generation);
            return Ok((out_path(&sec.url), packed));
        }
        Ok((out_path(&sec.url), Arc::new(html.into_bytes())))
    }
}
