//! `SourceDoc`: one markdown file read, decoded, split from its front matter and given a URL.

use super::frontmatter::{self, FrontMatter};
use super::keys::KeyNote;
use super::rewrite::{self, Finding};
use super::slug::{path_slug, title_from_name};
use super::sourcemap::Origin;
use super::walk::SourceFile;
use crate::diagnostics::{Diagnostic, Kind, SourceSpan};
use rayon::prelude::*;

/// Whether a markdown file is a note or a section's `_index.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocKind {
    /// `content/<section>/<slug>.md`.
    Note,
    /// `content/<section>/_index.md` (the home page for the root).
    Section,
}

/// One markdown source after reading and front-matter parsing.
#[derive(Debug, Clone)]
pub struct SourceDoc {
    /// Note or section index.
    pub kind: DocKind,
    /// Path from the site root for diagnostics (`content/caching/cdn.md`).
    pub path: String,
    /// Path relative to `content/` (`caching/cdn.md`).
    pub rel: String,
    /// Folder relative to `content/` (`caching`, `""` for the root).
    pub dir: String,
    /// File stem (`cdn`; `_index` for sections).
    pub stem: String,
    /// Site-relative URL without leading slash (`caching/cdn/`; `""` for the home page).
    pub url: String,
    /// Title from front matter, first `#` heading, or file name.
    pub title: String,
    /// Parsed front matter.
    pub front: FrontMatter,
    /// The whole file text.
    pub text: std::sync::Arc<str>,
    /// Byte offset of the body in `text`.
    pub body_offset: usize,
    /// Number of lines before the body.
    pub body_line: usize,
    /// Whether the title came from a `#` heading in the body (which then is not rendered twice).
    pub title_from_h1: bool,
    /// A page bundle (`sec/a/index.md`, published at `/sec/a/`; `dir` is its section `sec`).
    pub bundle: bool,
    /// Front-matter keys beyond Atlas's own (mapped, kept as `page.extra`, typos).
    pub keys: Vec<KeyNote>,
    /// Other tools' conventions met in the note (for the migration report).
    pub findings: Vec<Finding>,
    /// Obsidian `^block-id` markers (without `^`): anchors `#^block-id` on the page.
    pub block_ids: Vec<String>,
    /// When the body was rewritten or expanded: the body as written and the way back to it.
    pub origin: Option<std::sync::Arc<Origin>>,
}

impl SourceDoc {
    /// The markdown body.
    pub fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }

    /// The folder holding the file (relative links start here; for a bundle, its own folder).
    pub fn file_dir(&self) -> &str {
        self.rel.rsplit_once('/').map(|(d, _)| d).unwrap_or("")
    }

    /// The body as the author wrote it (before other tools' syntax was rewritten).
    pub fn source_body(&self) -> &str {
        match &self.origin {
            Some(o) => &o.body,
            None => self.body(),
        }
    }

    /// The position in [`Self::source_body`] of byte `pos` of [`Self::body`].
    pub fn source_pos(&self, pos: usize) -> usize {
        match &self.origin {
            Some(o) => o.to_source(pos),
            None => pos,
        }
    }

    /// Builds a document from text already in memory.
    pub fn from_text(rel: &str, text: String) -> (SourceDoc, Vec<Diagnostic>) {
        let path = format!("content/{rel}");
        let (dir, file) = match rel.rsplit_once('/') {
            Some((d, f)) => (d.to_string(), f),
            None => (String::new(), rel),
        };
        let mut stem = file.trim_end_matches(".md").to_string();
        // `index.md` (and mdBook's `README.md`) publish at their folder's URL: the home
        // page at the root, elsewhere a page bundle in the parent section.
        let folder_page = stem == "index" || stem.eq_ignore_ascii_case("readme");
        let bundle = folder_page && !dir.is_empty();
        let kind = if stem == "_index" || (folder_page && dir.is_empty()) {
            DocKind::Section
        } else {
            DocKind::Note
        };
        let (split, diags) = frontmatter::split(&path, &text);
        let (mut front, keys) = (split.front, split.keys);
        let (body_offset, body_line) = (split.body_offset, split.body_line);
        let dir_url = dir_url(&dir);
        let mut dir = dir;
        if bundle {
            let (parent, name) = dir.rsplit_once('/').unwrap_or(("", dir.as_str()));
            stem = name.to_string();
            dir = parent.to_string();
        }
        let url = match kind {
            DocKind::Section => dir_url,
            DocKind::Note if bundle => dir_url,
            DocKind::Note => {
                let slug = front
                    .slug
                    .as_deref()
                    .map(path_slug)
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| path_slug(&stem));
                format!("{dir_url}{slug}/")
            }
        };
        let h1 = first_h1(&text[body_offset..]);
        let (title, title_from_h1) = match (&front.title, &h1) {
            (Some(t), _) => (t.clone(), false),
            (None, Some(h)) => (h.clone(), true),
            (None, None) => {
                let name = if kind == DocKind::Section {
                    dir.rsplit('/').next().unwrap_or("")
                } else {
                    &stem
                };
                (title_from_name(name), false)
            }
        };
        let file_dir = rel.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        let rw = rewrite::rewrite(&text[body_offset..], file_dir, body_line + 1);
        for t in rw.tags {
            if !front.tags.contains(&t) {
                front.tags.push(t);
            }
        }
        let (text, origin) = match rw.body {
            Some((body, map)) => {
                let origin = Origin::new(text[body_offset..].to_string(), map);
                let mut t = String::with_capacity(body_offset + body.len());
                t.push_str(&text[..body_offset]);
                t.push_str(&body);
                (t, Some(std::sync::Arc::new(origin)))
            }
            None => (text, None),
        };
        let doc = SourceDoc {
            kind,
            path,
            rel: rel.to_string(),
            dir,
            stem,
            url,
            title,
            front,
            text: text.into(),
            body_offset,
            body_line,
            title_from_h1,
            bundle,
            keys,
            findings: rw.findings,
            block_ids: rw.block_ids,
            origin,
        };
        (doc, diags)
    }
}

/// Site-relative URL of a content folder (`Caching/Big Ideas` → `caching/big-ideas/`).
pub fn dir_url(dir: &str) -> String {
    let mut s = String::new();
    for part in dir.split('/').filter(|p| !p.is_empty()) {
        s.push_str(&path_slug(part));
        s.push('/');
    }
    s
}

/// The text of the first ATX `#` heading outside code fences, if any.
fn first_h1(body: &str) -> Option<String> {
    let mut fence: Option<&str> = None;
    for line in body.lines() {
        let t = line.trim_start();
        for f in ["```", "~~~"] {
            if t.starts_with(f) {
                fence = match fence {
                    Some(open) if open == f => None,
                    None => Some(f),
                    other => other,
                };
            }
        }
        if fence.is_none() && (t.starts_with("# ") || t == "#") && line.len() - t.len() < 4 {
            let h = t
                .trim_start_matches('#')
                .trim()
                .trim_end_matches('#')
                .trim();
            let h = h.split(" {#").next().unwrap_or(h).trim();
            if !h.is_empty() {
                return Some(h.to_string());
            }
        }
    }
    None
}

/// One file read and split: the document (unless unreadable) and its problems.
pub type Loaded = (Option<std::sync::Arc<SourceDoc>>, Vec<Diagnostic>);

/// Reads and splits one markdown file.
pub fn load_one(f: &SourceFile, max_bytes: usize) -> Loaded {
    let path = format!("content/{}", f.rel);
    let bytes = match std::fs::read(&f.abs) {
        Ok(b) => b,
        Err(e) => {
            return (
                None,
                vec![Diagnostic::warning(
                    Kind::Io,
                    Some(SourceSpan::file(&path)),
                    format!("cannot read file: {e}; skipped"),
                )],
            )
        }
    };
    let mut diags = Vec::new();
    if bytes.len() > max_bytes {
        diags.push(Diagnostic::warning(
            Kind::LargeFile,
            Some(SourceSpan::file(&path)),
            format!(
                "note is {} bytes, larger than build.max_note_bytes ({max_bytes})",
                bytes.len()
            ),
        ));
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
            let (line, col) = crate::config::line_col(&prefix, prefix.len());
            diags.push(
                Diagnostic::error(
                    Kind::Encoding,
                    Some(SourceSpan::at(&path, line, col)),
                    format!("file is not valid UTF-8 (invalid byte at offset {valid})"),
                )
                .with_help("save the file as UTF-8"),
            );
            return (None, diags);
        }
    };
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    let (doc, mut d) = SourceDoc::from_text(&f.rel, text);
    diags.append(&mut d);
    (Some(doc.into()), diags)
}

/// Reads and splits every markdown file in parallel (`load` is [`load_one`] or a
/// cached version of it). Unreadable files are reported and left out; drafts are left
/// out unless `drafts`.
pub fn load_all(
    files: &[SourceFile],
    drafts: bool,
    load: impl Fn(&SourceFile) -> Loaded + Sync + Send,
) -> (Vec<std::sync::Arc<SourceDoc>>, Vec<Diagnostic>) {
    let results: Vec<Loaded> = files.par_iter().map(&load).collect();
    let mut docs = Vec::new();
    let mut diags = Vec::new();
    for (d, mut ds) in results {
        docs.extend(d.filter(|d| drafts || !d.front.draft));
        diags.append(&mut ds);
    }
    (docs, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_titles() {
        let (d, _) = SourceDoc::from_text("Caching/Write Back.md", "text".into());
        assert_eq!(d.url, "caching/write-back/");
        assert_eq!(d.title, "Write Back");
        assert_eq!(d.kind, DocKind::Note);
        let (s, _) = SourceDoc::from_text("caching/_index.md", "".into());
        assert_eq!(s.url, "caching/");
        assert_eq!(s.title, "Caching");
        let (h, _) = SourceDoc::from_text("_index.md", "".into());
        assert_eq!(h.url, "");
    }

    #[test]
    fn title_from_first_h1_outside_fences() {
        let (d, _) = SourceDoc::from_text(
            "a.md",
            "```\n# not this\n```\n\n# The Title {#t}\n\n# Second\n".into(),
        );
        assert_eq!(d.title, "The Title");
        assert!(d.title_from_h1);
    }

    #[test]
    fn front_matter_title_wins() {
        let (d, _) = SourceDoc::from_text("a.md", "+++\ntitle = \"T\"\n+++\n# H\n".into());
        assert_eq!(d.title, "T");
        assert!(!d.title_from_h1);
        assert_eq!(d.body(), "# H\n");
    }
}
