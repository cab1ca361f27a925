//! Embeds and includes across notes, expanded into the embedding note's body before it is
//! parsed: Obsidian `![[note]]`, `![[note#Heading]]`, `![[note#^block-id]]` and mdBook
//! `{{#include file}}` (with `:2:10` line ranges and `:anchor`s). The embedded text becomes
//! part of the note's text, so its parse and render keys (text hashes) change whenever an
//! embedded source changes and the dev server rebuilds the embedding page.
//!
//! Cycles are cut (a located warning; the inner embed becomes a link); a missing include is a
//! located warning and stays as text. `![[image.png]]` is an image, not an embed: it is left
//! to link resolution.

use super::sourcemap::{Origin, Rewriter};
use super::Finding;
use crate::content::slug::heading_slug;
use crate::content::{ContentTree, SourceDoc};
use crate::diagnostics::{Diagnostic, Kind, LineIndex, SourceSpan};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

/// Deepest nesting of embeds and includes followed.
const MAX_DEPTH: usize = 12;

/// Expands every note's embeds and includes in place; returns the problems found.
pub fn expand_all(tree: &mut ContentTree, content_dir: &Path) -> Vec<Diagnostic> {
    let needs: Vec<usize> = (0..tree.docs.len())
        .filter(|&i| {
            let b = tree.docs[i].body();
            b.contains("![[") || b.contains("{{#")
        })
        .collect();
    if needs.is_empty() {
        return Vec::new();
    }
    let ex = Expander::new(tree, content_dir);
    let results: Vec<(usize, Expanded)> =
        needs.par_iter().map(|&i| (i, ex.expand_doc(i))).collect();
    let mut diags = Vec::new();
    for (i, e) in results {
        diags.extend(e.diags);
        if e.body.is_none() && e.findings.is_empty() {
            continue;
        }
        let doc = Arc::make_mut(&mut tree.docs[i]);
        doc.findings.extend(e.findings);
        if let Some((body, map)) = e.body {
            let origin = match doc.origin.take() {
                Some(o) => {
                    let mut o = Arc::unwrap_or_clone(o);
                    o.maps.push(map);
                    o
                }
                None => Origin::new(doc.body().to_string(), map),
            };
            let mut text = String::with_capacity(doc.body_offset + body.len());
            text.push_str(&doc.text[..doc.body_offset]);
            text.push_str(&body);
            doc.text = text.into();
            doc.origin = Some(Arc::new(origin));
        }
    }
    diags
}

#[derive(Default)]
struct Expanded {
    body: Option<(String, super::sourcemap::SourceMap)>,
    findings: Vec<Finding>,
    diags: Vec<Diagnostic>,
}

struct Expander<'t> {
    docs: &'t [Arc<SourceDoc>],
    by_rel: &'t HashMap<String, usize>,
    by_name: HashMap<String, Vec<usize>>,
    content_dir: &'t Path,
}

/// Where a top-level embed sits, for the problems of everything it pulls in.
struct Site {
    span: SourceSpan,
    /// Files being expanded, outermost first (cycle detection).
    stack: Vec<String>,
}

impl<'t> Expander<'t> {
    fn new(tree: &'t ContentTree, content_dir: &'t Path) -> Expander<'t> {
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, d) in tree.docs.iter().enumerate() {
            by_name.entry(d.stem.to_lowercase()).or_default().push(i);
            by_name.entry(d.title.to_lowercase()).or_default().push(i);
            for a in &d.front.aliases {
                by_name.entry(a.to_lowercase()).or_default().push(i);
            }
        }
        for v in by_name.values_mut() {
            v.dedup();
        }
        Expander {
            docs: &tree.docs,
            by_rel: &tree.by_rel,
            by_name,
            content_dir,
        }
    }

    fn expand_doc(&self, i: usize) -> Expanded {
        let doc = &self.docs[i];
        let written = doc.source_body();
        let lines = LineIndex::new(written);
        let locate = |pos: usize| {
            let (l, c) = lines.line_col(written, doc.source_pos(pos));
            SourceSpan::at(&doc.path, l + doc.body_line, c)
        };
        let mut out = Expanded::default();
        let mut rw = Rewriter::new(doc.body());
        for (range, directive) in directives(doc.body()) {
            let span = locate(range.start);
            let mut site = Site {
                span: span.clone(),
                stack: vec![doc.rel.clone()],
            };
            let (tool, what) = match &directive {
                Directive::Embed { .. } => ("Obsidian", "![[note]] embed"),
                Directive::Include { .. } => ("mdBook", "{{#include}} file"),
                Directive::Other(_) => ("mdBook", ""),
            };
            if let Directive::Other(name) = &directive {
                out.findings.push(finding(
                    "mdBook",
                    format!("{{{{#{name}}}}} (left as text)"),
                    false,
                    &span,
                ));
                continue;
            }
            match self.resolve(&directive, doc.file_dir(), &mut site, &mut out.diags) {
                Some(text) => {
                    rw.replace(range, &text);
                    out.findings.push(finding(tool, what.into(), true, &span));
                }
                None => out.findings.push(finding(tool, what.into(), false, &span)),
            }
        }
        out.body = rw.finish();
        out
    }

    /// The text a directive stands for, its own directives expanded (`None`: left as written).
    fn resolve(
        &self,
        directive: &Directive,
        from_dir: &str,
        site: &mut Site,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<String> {
        let (rel, text) = match directive {
            Directive::Embed { target, part } => {
                let t = self.find_note(target, from_dir)?;
                let doc = &self.docs[t];
                let body = match part {
                    Some(p) if p.starts_with('^') => block(doc.body(), &p[1..])?,
                    Some(h) => section(doc.body(), h)?,
                    None => doc.body().to_string(),
                };
                (doc.rel.clone(), body)
            }
            Directive::Include { path, range } => {
                let Some(rel) = normalize(from_dir, path) else {
                    diags.push(
                        self.warn(site, format!("cannot include `{path}`: it leaves content/")),
                    );
                    return None;
                };
                let text = match self.by_rel.get(&rel) {
                    Some(&d) => self.docs[d].body().to_string(),
                    None => match std::fs::read_to_string(self.content_dir.join(&rel)) {
                        Ok(t) => t,
                        Err(e) => {
                            diags.push(self.warn(site, format!("cannot include `{path}`: {e}")));
                            return None;
                        }
                    },
                };
                (rel, select_lines(&text, range.as_deref()))
            }
            Directive::Other(_) => return None,
        };
        if let Some(at) = site.stack.iter().position(|r| *r == rel) {
            let mut chain = site.stack[at..].to_vec();
            chain.push(rel.clone());
            diags.push(
                self.warn(site, format!("embed cycle: {}", chain.join(" → ")))
                    .with_help("the repeated embed is shown as a link; remove one embed to break the cycle"),
            );
            return Some(match directive {
                Directive::Embed { target, .. } => format!("[[{target}]]"),
                _ => String::new(),
            });
        }
        if site.stack.len() > MAX_DEPTH {
            diags.push(self.warn(
                site,
                format!("embeds nested deeper than {MAX_DEPTH}; `{rel}` not expanded"),
            ));
            return None;
        }
        site.stack.push(rel.clone());
        let dir = rel
            .rsplit_once('/')
            .map(|(d, _)| d)
            .unwrap_or("")
            .to_string();
        let mut rw = Rewriter::new(&text);
        for (range, inner) in directives(&text) {
            if let Some(t) = self.resolve(&inner, &dir, site, diags) {
                rw.replace(range, &t);
            }
        }
        site.stack.pop();
        let text = rw.finish().map(|(t, _)| t).unwrap_or(text);
        Some(match directive {
            Directive::Embed { .. } => {
                let url = self
                    .by_rel
                    .get(&rel)
                    .map(|&d| self.docs[d].url.as_str())
                    .unwrap_or("");
                format!(
                    "<div class=\"embed\" data-embed=\"{}\">\n\n{}\n\n</div>",
                    crate::escape::html(url),
                    text.trim_end()
                )
            }
            _ => text,
        })
    }

    fn warn(&self, site: &Site, msg: String) -> Diagnostic {
        Diagnostic::warning(Kind::Markdown, Some(site.span.clone()), msg)
    }

    /// The note a wikilink-style name points at (path, file name, title or alias).
    fn find_note(&self, name: &str, from_dir: &str) -> Option<usize> {
        let name = name.trim().trim_end_matches(".md");
        if name.contains('/') {
            for base in ["", from_dir] {
                if let Some(rel) = normalize(base, &format!("{name}.md")) {
                    if let Some(&i) = self.by_rel.get(&rel) {
                        return Some(i);
                    }
                }
            }
        }
        let key = name.rsplit('/').next().unwrap_or(name).to_lowercase();
        let hits = self.by_name.get(&key)?;
        hits.iter()
            .find(|&&i| self.docs[i].file_dir() == from_dir)
            .or(hits.first())
            .copied()
    }
}

fn finding(tool: &'static str, what: String, understood: bool, span: &SourceSpan) -> Finding {
    Finding {
        tool,
        what,
        understood,
        line: span.line,
        col: span.col,
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Directive {
    /// `![[target#part]]` on a line of its own.
    Embed {
        target: String,
        part: Option<String>,
    },
    /// `{{#include path:range}}` (also `rustdoc_include`, `playground`).
    Include { path: String, range: Option<String> },
    /// Another mdBook `{{#name …}}`.
    Other(String),
}

/// The directives of `text` with their byte ranges: includes anywhere (mdBook expands them
/// inside code too), note embeds outside code on a line of their own.
fn directives(text: &str) -> Vec<(std::ops::Range<usize>, Directive)> {
    let mut out = Vec::new();
    let mut fence: Option<(u8, usize)> = None;
    let mut pos = 0;
    while pos < text.len() {
        let end = text[pos..]
            .find('\n')
            .map(|i| pos + i)
            .unwrap_or(text.len());
        let line = &text[pos..end];
        let t = line.trim_start();
        let lead = line.len() - t.len();
        let ch = t.bytes().next().filter(|b| *b == b'`' || *b == b'~');
        if let (Some(ch), true) = (ch, lead < 4) {
            let run = t.bytes().take_while(|&b| b == ch).count();
            match fence {
                Some((c, n)) if c == ch && run >= n && t[run..].trim().is_empty() => fence = None,
                None if run >= 3 => fence = Some((ch, run)),
                _ => {}
            }
        }
        let mut from = 0;
        while let Some(i) = line[from..].find("{{#") {
            let at = from + i;
            let Some(close) = line[at..].find("}}") else {
                break;
            };
            let inner = line[at + 3..at + close].trim();
            let (name, arg) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
            let d = match name {
                "include" | "rustdoc_include" | "playground" => {
                    let arg = arg.trim();
                    let (path, range) = match arg.split_once(':') {
                        Some((p, r)) => (p.to_string(), Some(r.to_string())),
                        None => (arg.to_string(), None),
                    };
                    Directive::Include { path, range }
                }
                other => Directive::Other(other.to_string()),
            };
            out.push((pos + at..pos + at + close + 2, d));
            from = at + close + 2;
        }
        if fence.is_none() && t.starts_with("![[") && t.trim_end().ends_with("]]") {
            let inner = &t.trim_end()[3..t.trim_end().len() - 2];
            let target = inner.split('|').next().unwrap_or("").trim();
            let (name, part) = match target.split_once('#') {
                Some((n, p)) => (n.to_string(), Some(p.trim().to_string())),
                None => (target.to_string(), None),
            };
            let is_note = !inner.contains("]]")
                && !name.is_empty()
                && name
                    .rsplit('/')
                    .next()
                    .and_then(|f| f.rsplit_once('.'))
                    .is_none_or(|(_, ext)| ext == "md");
            if is_note {
                let start = pos + lead;
                out.push((
                    start..start + t.trim_end().len(),
                    Directive::Embed { target: name, part },
                ));
            }
        }
        pos = end + 1;
    }
    out.sort_by_key(|(r, _)| r.start);
    out
}

/// The lines of a `:2:10`, `:2`, `:2:`, `::10` or `:anchor` range.
fn select_lines(text: &str, range: Option<&str>) -> String {
    let Some(range) = range.map(str::trim).filter(|r| !r.is_empty()) else {
        return text.to_string();
    };
    let lines: Vec<&str> = text.lines().collect();
    let num = |s: &str| s.trim().parse::<usize>().ok();
    let picked: Vec<&str> = match range.split_once(':') {
        Some((a, b)) => {
            let from = num(a).unwrap_or(1).max(1) - 1;
            let to = num(b).unwrap_or(lines.len()).min(lines.len());
            lines.get(from..to.max(from)).unwrap_or(&[]).to_vec()
        }
        None => match num(range) {
            Some(n) => lines.get(n.max(1) - 1).into_iter().copied().collect(),
            None => {
                let start = format!("ANCHOR: {range}");
                let stop = format!("ANCHOR_END: {range}");
                lines
                    .iter()
                    .skip_while(|l| !l.contains(&start))
                    .skip(1)
                    .take_while(|l| !l.contains(&stop))
                    .filter(|l| !l.contains("ANCHOR:") && !l.contains("ANCHOR_END:"))
                    .copied()
                    .collect()
            }
        },
    };
    let mut s = picked.join("\n");
    s.push('\n');
    s
}

/// The section of `body` under the heading named `wanted` (by text or id), down to the next
/// heading of the same or a higher level.
fn section(body: &str, wanted: &str) -> Option<String> {
    let slug = heading_slug(wanted);
    let mut fence = false;
    let mut found: Option<(usize, usize)> = None; // (level, start)
    let mut pos = 0;
    for line in body.split_inclusive('\n') {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = !fence;
        }
        let level = t.bytes().take_while(|&b| b == b'#').count();
        if !fence && (1..=6).contains(&level) && t[level..].starts_with([' ', '\t']) {
            let text = t[level..].trim().trim_end_matches('#').trim();
            match found {
                Some((l, start)) if level <= l => return Some(body[start..pos].to_string()),
                None if text.eq_ignore_ascii_case(wanted) || heading_slug(text) == slug => {
                    found = Some((level, pos));
                }
                _ => {}
            }
        }
        pos += line.len();
    }
    found.map(|(_, start)| body[start..].to_string())
}

/// The paragraph of `body` marked `^id` (already rewritten to an anchor span).
fn block(body: &str, id: &str) -> Option<String> {
    let at = body.find(&format!("id=\"^{id}\""))?;
    let start = body[..at].rfind("\n\n").map(|i| i + 2).unwrap_or(0);
    let end = body[at..]
        .find("\n\n")
        .map(|i| at + i)
        .unwrap_or(body.len());
    Some(body[start..end].to_string())
}

/// `dir/path` normalised relative to `content/`; `None` when it climbs out.
fn normalize(dir: &str, path: &str) -> Option<String> {
    if path.starts_with('/') {
        crate::links::resolve::normalize(path)
    } else {
        crate::links::resolve::normalize(&format!("{dir}/{path}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_embeds_and_includes_but_not_images() {
        let text = "![[note]]\n![[img.png|300]]\n```\n![[in code]]\n{{#include a.rs:2:3}}\n```\n![[n#Head]]\n{{#title T}}\n";
        let ds: Vec<_> = directives(text).into_iter().map(|(_, d)| d).collect();
        assert_eq!(ds.len(), 4, "{ds:?}");
        assert_eq!(
            ds[1],
            Directive::Include {
                path: "a.rs".into(),
                range: Some("2:3".into())
            }
        );
        assert_eq!(
            ds[2],
            Directive::Embed {
                target: "n".into(),
                part: Some("Head".into())
            }
        );
        assert_eq!(ds[3], Directive::Other("title".into()));
    }

    #[test]
    fn line_ranges_and_anchors() {
        let t = "a\nb\nc\nd\n";
        assert_eq!(select_lines(t, Some("2:3")), "b\nc\n");
        assert_eq!(select_lines(t, Some("2")), "b\n");
        assert_eq!(select_lines(t, Some("3:")), "c\nd\n");
        assert_eq!(select_lines(t, Some(":2")), "a\nb\n");
        let a = "x\n// ANCHOR: here\ny\n// ANCHOR_END: here\nz\n";
        assert_eq!(select_lines(a, Some("here")), "y\n");
    }

    #[test]
    fn sections_end_at_the_next_peer_heading() {
        let body = "# T\n\n## One\n\nA\n\n### Sub\n\nB\n\n## Two\n\nC\n";
        assert_eq!(
            section(body, "One").unwrap(),
            "## One\n\nA\n\n### Sub\n\nB\n\n"
        );
        assert_eq!(section(body, "two").unwrap(), "## Two\n\nC\n");
        assert!(section(body, "Three").is_none());
    }
}
