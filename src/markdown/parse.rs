//! Phase one of markdown: parse a note once into events and collect its headings
//! (with unique ids), links (with source spans and context), and plain text per section.

use super::spans::BodySpans;
use crate::content::slug::{heading_slug, IdAllocator};
use crate::content::SourceDoc;
use crate::diagnostics::{Diagnostic, Kind, SourceSpan};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};
use std::ops::Range;
use std::sync::Arc;

/// A heading with its final id.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    /// 1–6.
    pub level: u8,
    /// Unique id on the page.
    pub id: String,
    /// Plain text.
    pub text: String,
    /// 1-based line in the file.
    pub line: usize,
}

/// How a link was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// `[text](dest)` or an autolink.
    Markdown,
    /// `[[dest]]` or `[[dest|text]]`.
    Wiki {
        /// True when the link has its own text (`|text`).
        piped: bool,
    },
    /// `![alt](src)`.
    Image,
    /// Obsidian's `![[image.png]]` (or a note embed left in place): resolved as a wikilink.
    WikiImage,
}

/// A link as written in the source.
#[derive(Debug, Clone)]
pub struct LinkRef {
    /// The destination as written (`../caching/cdn.md#push`).
    pub dest: String,
    /// Markdown, wiki or image.
    pub kind: LinkKind,
    /// Where the link starts.
    pub span: SourceSpan,
    /// The link's text (shared: backlinks and search credit it to the target).
    pub text: Arc<str>,
    /// The sentence around the link (shared with the target's backlinks).
    pub context: Arc<str>,
}

/// Plain text of one heading section (the text before the first heading has no anchor).
#[derive(Debug, Clone, Default)]
pub struct TextSection {
    /// Heading id, `None` for the introduction.
    pub anchor: Option<String>,
    /// Heading text.
    pub heading: Option<String>,
    /// Heading level (0 for the introduction).
    pub level: u8,
    /// Plain text (code blocks left out); shared with the search stage's records.
    pub text: std::sync::Arc<str>,
}

/// What parsing learns about a note: everything later stages need except the events.
/// Owned, so the dev server can keep it across builds for unchanged notes.
#[derive(Debug, Default)]
pub struct DocInfo {
    /// Headings in order (ids unique on the page).
    pub headings: Vec<Heading>,
    /// Links in document order (images included).
    pub links: Vec<LinkRef>,
    /// Plain text per heading section.
    pub sections: Vec<TextSection>,
    /// Problems found while parsing.
    pub diags: Vec<Diagnostic>,
    /// Index into the events of the first `#` heading when it supplied the title (not rendered).
    pub title_heading: Option<usize>,
    /// Number of words of prose.
    pub words: usize,
    /// The note has a `mermaid` code block.
    pub has_mermaid: bool,
}

/// A note parsed once; every later stage reads this.
#[derive(Debug)]
pub struct ParsedDoc<'a> {
    /// Events with byte ranges in the body (empty when `info` came from a cache).
    pub events: Vec<(Event<'a>, Range<usize>)>,
    /// Headings, links, text and problems.
    pub info: Arc<DocInfo>,
}

impl std::ops::Deref for ParsedDoc<'_> {
    type Target = DocInfo;
    fn deref(&self) -> &DocInfo {
        &self.info
    }
}

/// The events of `doc`'s body with their byte ranges, as pulldown-cmark reads them.
fn events_of(doc: &SourceDoc, options: pulldown_cmark::Options) -> Vec<(Event<'_>, Range<usize>)> {
    Parser::new_ext(doc.body(), options)
        .into_offset_iter()
        .collect()
}

/// The events of `doc` again, for rendering, with the heading ids its analysis `info`
/// chose: only pulldown-cmark runs; headings, links, text and problems are not redone.
pub fn tokenize<'a>(
    doc: &'a SourceDoc,
    options: pulldown_cmark::Options,
    info: &DocInfo,
) -> Vec<(Event<'a>, Range<usize>)> {
    let mut events = events_of(doc, options);
    let mut headings = info.headings.iter();
    for (ev, _) in &mut events {
        if let Event::Start(Tag::Heading { id, .. }) = ev {
            if let Some(h) = headings.next() {
                *id = Some(CowStr::from(h.id.clone()));
            }
        }
    }
    events
}

/// Parses `doc` with `options`.
pub fn parse<'a>(doc: &'a SourceDoc, options: pulldown_cmark::Options) -> ParsedDoc<'a> {
    let spans = BodySpans::new(doc);
    let mut events = events_of(doc, options);
    let mut diags = Vec::new();
    let (headings, title_heading) = name_headings(doc, &mut events, &spans, &mut diags);
    let mut walk = TextWalk::new(doc.body(), &headings);
    for (ev, range) in &events {
        walk.event(ev, range, &spans, &mut diags);
    }
    let (links, sections, words, has_mermaid) = walk.finish();
    ParsedDoc {
        events,
        info: Arc::new(DocInfo {
            headings,
            links,
            sections,
            diags,
            title_heading,
            words,
            has_mermaid,
        }),
    }
}

/// Gives every heading of `events` its id (custom ids are reserved first, then
/// GitHub-style ids are allocated in order) and returns the headings, with the index of
/// the `#` heading that supplied the note's title, if one did.
fn name_headings(
    doc: &SourceDoc,
    events: &mut [(Event<'_>, Range<usize>)],
    spans: &BodySpans<'_>,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Heading>, Option<usize>) {
    let mut ids = IdAllocator::default();
    let mut heading_starts = Vec::new();
    for (i, (ev, range)) in events.iter().enumerate() {
        if let Event::Start(Tag::Heading { id, .. }) = ev {
            if let Some(id) = id {
                if !ids.reserve(id) {
                    diags.push(Diagnostic::warning(
                        Kind::DuplicateId,
                        Some(spans.at(range.start, 1)),
                        format!("heading id `{id}` is used twice on this page"),
                    ));
                }
            }
            heading_starts.push(i);
        }
    }
    let mut headings = Vec::new();
    let mut title_heading = None;
    for &i in &heading_starts {
        let (level, custom) = match &events[i].0 {
            Event::Start(Tag::Heading { level, id, .. }) => (*level, id.clone()),
            _ => unreachable!(),
        };
        let text = heading_text(&events[i + 1..]);
        let id = match custom {
            Some(id) => id.to_string(),
            None => ids.allocate(&heading_slug(&text)),
        };
        if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i].0 {
            *slot = Some(CowStr::from(id.clone()));
        }
        let lvl = heading_level(level);
        if lvl == 1 && title_heading.is_none() && doc.title_from_h1 && headings.is_empty() {
            title_heading = Some(i);
        }
        headings.push(Heading {
            level: lvl,
            id,
            text,
            line: spans.at(events[i].1.start, 1).line,
        });
    }
    (headings, title_heading)
}

/// The plain text of a heading whose events follow (up to its end).
fn heading_text(events: &[(Event<'_>, Range<usize>)]) -> String {
    let mut text = String::new();
    for (ev, _) in events {
        match ev {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) => text.push_str(t),
            _ => {}
        }
    }
    text.trim().to_string()
}

/// One pass over a note's events: its links (with their text and sentence), its plain
/// text per heading section, its word count, and unclosed code fences.
struct TextWalk<'w> {
    body: &'w str,
    headings: &'w [Heading],
    links: Vec<LinkRef>,
    link_texts: Vec<String>,
    sections: Vec<TextSection>,
    /// The text of each section as it is gathered (whitespace folded at the end).
    texts: Vec<String>,
    /// Text of the current block, for the sentences around links.
    block: String,
    /// Links waiting for their block to end: (link, offset in `block`).
    pending: Vec<(usize, usize)>,
    open_links: Vec<usize>,
    in_code: bool,
    in_heading: bool,
    heading_no: usize,
    words: usize,
    has_mermaid: bool,
}

impl<'w> TextWalk<'w> {
    fn new(body: &'w str, headings: &'w [Heading]) -> TextWalk<'w> {
        TextWalk {
            body,
            headings,
            links: Vec::new(),
            link_texts: Vec::new(),
            sections: vec![TextSection::default()],
            texts: vec![String::new()],
            block: String::new(),
            pending: Vec::new(),
            open_links: Vec::new(),
            in_code: false,
            in_heading: false,
            heading_no: 0,
            words: 0,
            has_mermaid: false,
        }
    }

    fn event(
        &mut self,
        ev: &Event<'_>,
        range: &Range<usize>,
        spans: &BodySpans<'_>,
        diags: &mut Vec<Diagnostic>,
    ) {
        match ev {
            Event::Start(Tag::Heading { .. }) => {
                let h = &self.headings[self.heading_no];
                self.heading_no += 1;
                self.sections.push(TextSection {
                    anchor: Some(h.id.clone()),
                    heading: Some(h.text.clone()),
                    level: h.level,
                    text: "".into(),
                });
                self.texts.push(String::new());
                self.in_heading = true;
            }
            Event::End(TagEnd::Heading(_)) => {
                self.in_heading = false;
                self.flush_context();
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                self.in_code = true;
                if let CodeBlockKind::Fenced(info) = kind {
                    let lang = info.split_whitespace().next().unwrap_or("");
                    self.has_mermaid |= lang.eq_ignore_ascii_case("mermaid");
                    if let Some(d) = unclosed_fence(self.body, range, spans) {
                        diags.push(d);
                    }
                }
            }
            Event::End(TagEnd::CodeBlock) => self.in_code = false,
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                let kind = match link_type {
                    LinkType::WikiLink { has_pothole } => LinkKind::Wiki {
                        piped: *has_pothole,
                    },
                    _ => LinkKind::Markdown,
                };
                self.open_link(dest_url, kind, range, spans);
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                ..
            }) => {
                let kind = match link_type {
                    LinkType::WikiLink { .. } => LinkKind::WikiImage,
                    _ => LinkKind::Image,
                };
                self.open_link(dest_url, kind, range, spans);
            }
            Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => {
                self.open_links.pop();
            }
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.text(t)
            }
            Event::SoftBreak | Event::HardBreak => {
                self.block.push(' ');
                if !self.in_heading {
                    self.section().push(' ');
                }
            }
            Event::End(TagEnd::Paragraph)
            | Event::End(TagEnd::Item)
            | Event::End(TagEnd::TableCell)
            | Event::End(TagEnd::BlockQuote(_)) => {
                self.flush_context();
                if !self.in_heading {
                    let text = self.section();
                    if !text.ends_with(' ') && !text.is_empty() {
                        text.push(' ');
                    }
                }
            }
            _ => {}
        }
    }

    /// The text of the section being read.
    fn section(&mut self) -> &mut String {
        self.texts.last_mut().expect("intro section")
    }

    fn open_link(
        &mut self,
        dest: &str,
        kind: LinkKind,
        range: &Range<usize>,
        spans: &BodySpans<'_>,
    ) {
        let first_line_len = self.body[range.clone()]
            .lines()
            .next()
            .map(|l| l.chars().count())
            .unwrap_or(1);
        self.pending.push((self.links.len(), self.block.len()));
        self.open_links.push(self.links.len());
        self.links.push(LinkRef {
            dest: dest.to_string(),
            kind,
            span: spans.at(range.start, first_line_len),
            text: Arc::from(""),
            context: Arc::from(""),
        });
        self.link_texts.push(String::new());
    }

    fn text(&mut self, t: &str) {
        if self.in_code {
            return;
        }
        for &l in &self.open_links {
            self.link_texts[l].push_str(t);
        }
        // The text of `[[target]]` is the target's path, not prose: leave it out
        // of the plain text (it renders as the target's title).
        let links = &self.links;
        if self
            .open_links
            .iter()
            .any(|&l| links[l].kind == LinkKind::Wiki { piped: false })
        {
            return;
        }
        self.block.push_str(t);
        if !self.in_heading {
            self.section().push_str(t);
            self.words += t.split_whitespace().count();
        }
    }

    /// Gives each pending link the sentence of the block around it, then clears the block.
    fn flush_context(&mut self) {
        for (link, pos) in self.pending.drain(..) {
            self.links[link].context = sentence_around(&self.block, pos).into();
        }
        self.block.clear();
    }

    /// Links (with their text), sections (whitespace folded), words, and whether a
    /// mermaid fence was seen.
    fn finish(mut self) -> (Vec<LinkRef>, Vec<TextSection>, usize, bool) {
        self.flush_context();
        for (l, t) in self.links.iter_mut().zip(self.link_texts) {
            l.text = t.into();
        }
        let mut sections = self.sections;
        for (s, t) in sections.iter_mut().zip(&self.texts) {
            s.text = t.split_whitespace().collect::<Vec<_>>().join(" ").into();
        }
        if sections[0].text.is_empty() && sections.len() > 1 {
            sections.remove(0);
        }
        (self.links, sections, self.words, self.has_mermaid)
    }
}

/// The warning for a fenced code block that runs to the end of the note unclosed.
fn unclosed_fence(body: &str, range: &Range<usize>, spans: &BodySpans<'_>) -> Option<Diagnostic> {
    let src = &body[range.clone()];
    let fence: String = src.trim_start().chars().take(3).collect();
    let last = src.trim_end().lines().last().unwrap_or("").trim();
    let closed = src.trim_end().lines().count() > 1
        && last.starts_with(fence.as_str())
        && last
            .trim_start_matches(fence.chars().next().unwrap_or('`'))
            .trim()
            .is_empty();
    if closed || range.end < body.trim_end().len() {
        return None;
    }
    Some(
        Diagnostic::warning(
            Kind::Markdown,
            Some(spans.at(range.start, 3)),
            format!(
                "code fence `{fence}` is never closed; the rest of the note is treated as code"
            ),
        )
        .with_help(format!("add a line with `{fence}` where the code ends")),
    )
}

fn heading_level(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The sentence of `text` containing byte `pos`, at most about 240 characters.
pub fn sentence_around(text: &str, pos: usize) -> String {
    let pos = pos.min(text.len());
    let is_end = |w: &[u8]| matches!(w[0], b'.' | b'!' | b'?') && w[1] == b' ';
    let bytes = text.as_bytes();
    let mut start = 0;
    for i in (1..pos.min(bytes.len())).rev() {
        if i + 1 < bytes.len() && is_end(&bytes[i - 1..=i]) {
            start = i + 1;
            break;
        }
    }
    let mut end = text.len();
    for i in pos..bytes.len().saturating_sub(1) {
        if is_end(&bytes[i..=i + 1]) {
            end = i + 1;
            break;
        }
    }
    let s = text[start..end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if s.chars().count() > 240 {
        let mut t: String = s.chars().take(237).collect();
        t.push('…');
        t
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> SourceDoc {
        SourceDoc::from_text("s/a.md", text.to_string()).0
    }

    #[test]
    fn headings_get_unique_ids_and_custom_ids() {
        let d = doc("+++\ntitle = \"A\"\n+++\n## Intro\n## Intro\n## Other {#intro-1}\n## Intro\n");
        let p = parse(&d, super::super::options(true, false));
        let ids: Vec<_> = p.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["intro", "intro-2", "intro-1", "intro-3"]);
        assert_eq!(p.headings[0].line, 4);
    }

    #[test]
    fn links_have_spans_text_and_context() {
        let d = doc("+++\ntitle = \"A\"\n+++\nFirst sentence. See [the CDN](../net/cdn.md#push) for more. Last.\n\nAlso [[cdn|x]] and [[b]].\n");
        let p = parse(&d, super::super::options(true, false));
        assert_eq!(p.links.len(), 3);
        let l = &p.links[0];
        assert_eq!(l.dest, "../net/cdn.md#push");
        assert_eq!((l.span.line, l.span.col), (4, 21));
        assert_eq!(&*l.text, "the CDN");
        assert_eq!(&*l.context, "See the CDN for more.");
        assert_eq!(p.links[1].kind, LinkKind::Wiki { piped: true });
        assert_eq!(p.links[1].dest, "cdn");
        assert_eq!(p.links[2].kind, LinkKind::Wiki { piped: false });
    }

    #[test]
    fn text_sections_follow_headings_and_skip_code() {
        let d = doc("Intro text.\n\n## One\n\nAlpha `beta`.\n\n```rust\nlet hidden = 1;\n```\n\n### Two\n\nGamma\n");
        let p = parse(&d, super::super::options(true, false));
        assert_eq!(p.sections.len(), 3);
        assert_eq!(&*p.sections[0].text, "Intro text.");
        assert_eq!(p.sections[1].anchor.as_deref(), Some("one"));
        assert_eq!(&*p.sections[1].text, "Alpha beta.");
        assert_eq!(p.sections[2].heading.as_deref(), Some("Two"));
    }

    #[test]
    fn unclosed_fence_is_reported() {
        let d = doc("Text\n\n```python\nx = 1\n");
        let p = parse(&d, super::super::options(true, false));
        assert_eq!(p.diags.len(), 1, "{:?}", p.diags);
        assert_eq!(p.diags[0].span.as_ref().unwrap().line, 3);
        let ok = doc("```python\nx = 1\n```\n");
        assert!(parse(&ok, super::super::options(true, false))
            .diags
            .is_empty());
    }

    #[test]
    fn title_heading_detected() {
        let d = doc("# Title\n\nBody\n");
        let p = parse(&d, super::super::options(true, false));
        assert_eq!(p.title_heading, Some(0));
    }

    #[test]
    fn sentence_bounds() {
        let t = "One. Two has a link here. Three.";
        assert_eq!(sentence_around(t, 15), "Two has a link here.");
    }
}
