//! Phase two of markdown: events to HTML with resolved links, highlighted code,
//! MathML, callouts, heading anchors and scrollable tables.

use super::math::to_mathml;
use super::parse::{Heading, ParsedDoc};
use super::safety;
use super::spans::BodySpans;
use crate::config::RawHtml;
use crate::content::SourceDoc;
use crate::diagnostics::{Diagnostic, Kind, SourceSpan};
use crate::diagrams::Fence;
use crate::escape::html as escape;
use crate::highlight::memo::TokenMemo;
use crate::highlight::{Highlighted, Highlighter};
use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, CowStr, Event, LinkType, Tag, TagEnd};
use std::collections::BTreeMap;
use std::ops::Range;

/// A link after resolution.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResolvedLink {
    /// The final `href` (absolute path with base path, or the original external URL).
    pub href: String,
    /// The target does not exist.
    pub broken: bool,
    /// Text to show for a wikilink without its own text (the target's title or heading).
    pub label: Option<String>,
}

/// What rendering needs besides the document.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions<'h> {
    /// Shared syntax highlighter.
    pub highlighter: &'h Highlighter,
    /// What happens to raw HTML (and to links with a scheme that could run script).
    pub raw_html: RawHtml,
    /// Only look for problems (`atlas check`): fence languages are looked up instead of
    /// highlighted and no HTML is produced, so the diagnostics are the same for less work.
    pub check_only: bool,
    /// Drawn diagrams kept across builds (the dev server's), with the build's generation.
    pub diagrams: crate::memo::InBuild<'h, crate::diagrams::DiagramMemo>,
}

/// A note rendered to HTML.
#[derive(Debug, Clone, Default)]
pub struct RenderedDoc {
    /// The body HTML (in the dev server's memo, packed once its page is built).
    pub html: super::BodyHtml,
    /// Headings for the table of contents (levels 2–4, title heading left out).
    pub toc: Vec<Heading>,
    /// Problems found while rendering (unknown languages, math errors).
    pub diags: Vec<Diagnostic>,
    /// The page has math.
    pub has_math: bool,
    /// The page has a mermaid diagram.
    pub has_mermaid: bool,
    /// The page has highlighted code.
    pub has_code: bool,
    /// Memo keys of the page's diagrams (a reused render keeps them alive in the memo).
    pub diagram_keys: Vec<u64>,
}

/// Renders `parsed` (from `doc`) with `resolved` links (one per link of `parsed.links`, in order).
pub fn render(
    doc: &SourceDoc,
    parsed: &ParsedDoc<'_>,
    resolved: &[ResolvedLink],
    renamed: &BTreeMap<String, String>,
    opts: RenderOptions<'_>,
    memo: &TokenMemo,
) -> RenderedDoc {
    let mut r = Renderer {
        parsed,
        resolved,
        renamed,
        opts,
        memo,
        spans: BodySpans::new(doc),
        out: Vec::with_capacity(parsed.events.len()),
        diags: Vec::new(),
        link_no: 0,
        link_stack: Vec::new(),
        skip_until_link_end: false,
        code: None,
        image: None,
        heading_ids: Vec::new(),
        has_math: false,
        has_mermaid: false,
        has_code: false,
        diagram_keys: Vec::new(),
        raw_at: Vec::new(),
        guard_urls: opts.raw_html != RawHtml::Allow,
    };
    let events = &parsed.events;
    let mut i = 0;
    while i < events.len() {
        if Some(i) == parsed.title_heading {
            // The title heading is shown by the page template, not in the body.
            while i < events.len() && !matches!(events[i].0, Event::End(TagEnd::Heading(_))) {
                i += 1;
            }
        } else {
            let (ev, range) = &events[i];
            r.event(ev, range);
        }
        i += 1;
    }
    r.finish(doc.body())
}

/// A code block being collected: its language, its text so far and where it starts.
struct OpenCode {
    lang: String,
    text: String,
    start: usize,
}

/// An image being collected: its source, alt text so far, title, and whether it was
/// written as a wikilink (whose "alt" may be a size).
struct OpenImage {
    src: String,
    alt: String,
    title: Option<String>,
    wiki: bool,
}

/// The state of rendering one note: events out, problems found, and what is open.
struct Renderer<'r, 'e> {
    parsed: &'r ParsedDoc<'e>,
    resolved: &'r [ResolvedLink],
    renamed: &'r BTreeMap<String, String>,
    opts: RenderOptions<'r>,
    memo: &'r TokenMemo,
    spans: BodySpans<'r>,
    out: Vec<Event<'e>>,
    diags: Vec<Diagnostic>,
    /// The number of the next link or image of `parsed.links`.
    link_no: usize,
    /// Per open link: whether we emitted our own `<a>` (so End must close it).
    link_stack: Vec<bool>,
    /// A wikilink shown with its target's title: its own text is skipped.
    skip_until_link_end: bool,
    code: Option<OpenCode>,
    image: Option<OpenImage>,
    heading_ids: Vec<String>,
    has_math: bool,
    has_mermaid: bool,
    has_code: bool,
    diagram_keys: Vec<u64>,
    /// Indexes in `out` of the note's own raw HTML (everything else there is Atlas's).
    raw_at: Vec<usize>,
    guard_urls: bool,
}

impl<'e> Renderer<'_, 'e> {
    fn event(&mut self, ev: &Event<'e>, range: &Range<usize>) {
        if self.code.is_some() {
            return self.code_event(ev);
        }
        if self.image.is_some() {
            return self.image_event(ev);
        }
        if self.skip_until_link_end {
            if matches!(ev, Event::End(TagEnd::Link)) {
                self.skip_until_link_end = false;
                self.out.push(Event::InlineHtml("</a>".into()));
                self.link_stack.pop();
            }
            return;
        }
        match ev {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some(OpenCode {
                    lang,
                    text: String::new(),
                    start: range.start,
                });
            }
            Event::Start(Tag::Heading { .. }) => self.heading_start(ev, range),
            Event::End(TagEnd::Heading(_)) => {
                let id = self.heading_ids.pop().unwrap_or_default();
                self.out.push(Event::InlineHtml(CowStr::from(format!(
                    "<a class=\"heading-anchor\" href=\"#{}\" aria-label=\"Link to this section\">#</a>",
                    escape(&id)
                ))));
                self.out.push(ev.clone());
            }
            Event::Start(Tag::Link {
                link_type, title, ..
            }) => self.link_start(*link_type, title),
            Event::End(TagEnd::Link) => {
                if self.link_stack.pop().unwrap_or(false) {
                    self.out.push(Event::InlineHtml("</a>".into()));
                } else {
                    self.out.push(ev.clone());
                }
            }
            Event::Start(Tag::Image {
                title, link_type, ..
            }) => {
                let r = link_at(self.resolved, self.parsed, self.link_no);
                self.link_no += 1;
                self.image = Some(OpenImage {
                    src: r.href,
                    alt: String::new(),
                    title: Some(title.to_string()),
                    wiki: matches!(link_type, LinkType::WikiLink { .. }),
                });
            }
            Event::InlineMath(m) => self.math(m, false, range.start),
            Event::DisplayMath(m) => self.math(m, true, range.start),
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, label) = callout(*kind);
                self.out.push(Event::Html(CowStr::from(format!(
                    "<div class=\"callout callout-{class}\" role=\"note\"><p class=\"callout-title\">{label}</p>\n"
                ))));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                self.out.push(Event::Html("</div>\n".into()))
            }
            Event::TaskListMarker(done) => {
                self.out.push(Event::InlineHtml(CowStr::from(if *done {
                    "<input type=\"checkbox\" checked disabled aria-label=\"done\"> "
                } else {
                    "<input type=\"checkbox\" disabled aria-label=\"not done\"> "
                })));
            }
            Event::Start(Tag::Table(_)) => {
                self.out
                    .push(Event::Html("<div class=\"table-wrap\">".into()));
                self.out.push(ev.clone());
            }
            Event::End(TagEnd::Table) => {
                self.out.push(ev.clone());
                self.out.push(Event::Html("</div>\n".into()));
            }
            Event::Html(h) | Event::InlineHtml(h) => match self.opts.raw_html {
                RawHtml::Escape => self.out.push(Event::Text(h.clone())),
                RawHtml::Sanitize => {
                    self.raw_at.push(self.out.len());
                    self.out.push(ev.clone());
                }
                RawHtml::Allow => self.out.push(ev.clone()),
            },
            _ => self.out.push(ev.clone()),
        }
    }

    /// Inside a code block: collect its text, and at its end emit the block's HTML.
    fn code_event(&mut self, ev: &Event<'e>) {
        match ev {
            Event::Text(t) => {
                if let Some(code) = &mut self.code {
                    code.text.push_str(t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                let code = self.code.take().expect("in code");
                self.has_mermaid |= is_mermaid(&code.lang);
                self.has_code |= !is_mermaid(&code.lang);
                if is_mermaid(&code.lang) {
                    let span = self.spans.at(code.start, 3);
                    let heading = (self.parsed.headings.iter().rev())
                        .find(|h| h.line < span.line)
                        .map(|h| h.text.as_str());
                    let f = Fence::new(&code.text, code.start, span, heading);
                    self.diagram_keys.push(f.key());
                    let html = f.html(self.opts.diagrams, self.opts.check_only, &mut self.diags);
                    self.out.push(Event::Html(CowStr::from(html)));
                    return;
                }
                let spans = &self.spans;
                let html = code_html(
                    &code.lang,
                    &code.text,
                    (self.opts.highlighter, self.memo),
                    || spans.at(code.start, 3),
                    &mut self.diags,
                    self.opts.check_only,
                );
                self.out.push(Event::Html(CowStr::from(html)));
            }
            _ => {}
        }
    }

    /// Inside an image: collect its alt text, and at its end emit the `<img>`.
    fn image_event(&mut self, ev: &Event<'e>) {
        match ev {
            Event::Text(t) | Event::Code(t) => {
                if let Some(image) = &mut self.image {
                    image.alt.push_str(t);
                }
            }
            Event::End(TagEnd::Image) => {
                let image = self.image.take().expect("in image");
                let mut src = image.src;
                if self.guard_urls && !safety::url_allowed(&src, true) {
                    let link = self.parsed.links.get(self.link_no - 1);
                    self.diags.push(unsafe_url(&src, link));
                    src = String::new();
                }
                let mut title = image
                    .title
                    .filter(|t| !t.is_empty())
                    .map(|t| format!(" title=\"{}\"", escape(&t)))
                    .unwrap_or_default();
                let (alt, size) = if image.wiki {
                    wiki_image_size(&image.alt)
                } else {
                    (image.alt, None)
                };
                if let Some(size) = size {
                    title.push_str(&size);
                }
                self.out.push(Event::InlineHtml(CowStr::from(format!(
                    "<img src=\"{}\" alt=\"{}\"{title} loading=\"lazy\">",
                    escape(&src),
                    escape(&alt)
                ))));
            }
            _ => {}
        }
    }

    fn heading_start(&mut self, ev: &Event<'e>, range: &Range<usize>) {
        let Event::Start(Tag::Heading {
            id,
            level,
            classes,
            attrs,
        }) = ev
        else {
            return;
        };
        if self.guard_urls && !attrs.is_empty() {
            // `## H {#id onclick=…}`: attributes other than id and classes could run script.
            let names: Vec<&str> = attrs.iter().map(|(k, _)| k.as_ref()).collect();
            self.diags.push(Diagnostic::warning(
                Kind::UnsafeHtml,
                Some(self.spans.at(range.start, 1)),
                format!("heading attributes `{}` removed", names.join("`, `")),
            ));
            self.out.push(Event::Start(Tag::Heading {
                level: *level,
                id: id.clone(),
                classes: classes.clone(),
                attrs: Vec::new(),
            }));
        } else {
            self.out.push(ev.clone());
        }
        let id = id.as_deref().unwrap_or("").to_string();
        // Old ids of this heading keep working as anchors.
        for (old, _) in self.renamed.iter().filter(|(_, new)| **new == id) {
            self.out.push(Event::InlineHtml(CowStr::from(format!(
                "<span id=\"{}\" class=\"anchor-alias\"></span>",
                escape(old)
            ))));
        }
        self.heading_ids.push(id);
    }

    fn link_start(&mut self, link_type: LinkType, title: &str) {
        let r = link_at(self.resolved, self.parsed, self.link_no);
        self.link_no += 1;
        let href = if self.guard_urls && !safety::url_allowed(&r.href, false) {
            let link = self.parsed.links.get(self.link_no - 1);
            self.diags.push(unsafe_url(&r.href, link));
            String::new()
        } else {
            format!(" href=\"{}\"", escape(&r.href))
        };
        let class = if r.broken {
            " class=\"broken-link\""
        } else {
            ""
        };
        let title = if title.is_empty() {
            String::new()
        } else {
            format!(" title=\"{}\"", escape(title))
        };
        self.out.push(Event::InlineHtml(CowStr::from(format!(
            "<a{href}{class}{title}>"
        ))));
        self.link_stack.push(true);
        if let (LinkType::WikiLink { has_pothole: false }, Some(label)) = (link_type, r.label) {
            self.out.push(Event::Text(CowStr::from(label)));
            self.skip_until_link_end = true;
        }
    }

    fn math(&mut self, m: &str, display: bool, start: usize) {
        self.has_math = true;
        let (html, err) = to_mathml(m, display);
        if let Some(e) = err {
            self.diags.push(Diagnostic::warning(
                Kind::Math,
                Some(self.spans.at(start, if display { 2 } else { 1 })),
                format!("math: {e}"),
            ));
        }
        self.out.push(Event::InlineHtml(CowStr::from(html)));
    }

    /// The rendered note: raw HTML cleaned (and each removal reported), the table of
    /// contents, and what the page needs.
    fn finish(mut self, body: &str) -> RenderedDoc {
        if !self.raw_at.is_empty() {
            for r in safety::scan_events(body, &self.parsed.events) {
                self.diags.push(
                    Diagnostic::warning(
                        Kind::UnsafeHtml,
                        Some(self.spans.at(r.offset, 1)),
                        format!("raw HTML: {} removed", r.what),
                    )
                    .with_help("write it in markdown, or set `[markdown] raw_html = \"allow\"` if every author is trusted"),
                );
            }
        }
        let html = if self.opts.check_only {
            String::new()
        } else if self.raw_at.is_empty() {
            let mut html = String::with_capacity(body.len() * 3 / 2);
            pulldown_cmark::html::push_html(&mut html, self.out.into_iter());
            html
        } else {
            clean_raw_html(self.out, &self.raw_at)
        };
        let parsed = self.parsed;
        let toc = parsed
            .headings
            .iter()
            .enumerate()
            .filter(|(n, h)| {
                (2..=4).contains(&h.level) && !(parsed.title_heading.is_some() && *n == 0)
            })
            .map(|(_, h)| h.clone())
            .collect();
        RenderedDoc {
            html: html.into(),
            toc,
            diags: self.diags,
            has_math: self.has_math,
            has_mermaid: self.has_mermaid,
            has_code: self.has_code,
            diagram_keys: self.diagram_keys,
        }
    }
}

/// Obsidian's `![[image.png|300]]` / `|300x200`: the text after `|` is a size, not alt text
/// (the alt text becomes empty, as Obsidian leaves it). Returns the alt and width/height attributes.
fn wiki_image_size(alt: &str) -> (String, Option<String>) {
    let (w, h) = alt.split_once('x').unwrap_or((alt, ""));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(w) || !(h.is_empty() || digits(h)) {
        return (alt.to_string(), None);
    }
    let mut attrs = format!(" width=\"{w}\"");
    if !h.is_empty() {
        attrs.push_str(&format!(" height=\"{h}\""));
    }
    (String::new(), Some(attrs))
}

fn callout(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

/// The HTML of a fenced block: highlighted code (an unknown language is reported at `span`).
fn code_html(
    lang: &str,
    text: &str,
    highlighter: (&Highlighter, &TokenMemo),
    span: impl FnOnce() -> SourceSpan,
    diags: &mut Vec<Diagnostic>,
    check_only: bool,
) -> String {
    if check_only {
        if !highlighter.0.knows(lang) {
            unknown_language(lang, span(), diags);
        }
        return String::new();
    }
    let lang_attr = if lang.is_empty() {
        String::new()
    } else {
        format!(" data-lang=\"{}\"", escape(lang))
    };
    let inner = match highlighter.0.highlight_with(lang, text, highlighter.1) {
        Highlighted::Html(h) => h,
        Highlighted::Plain { html, unknown } => {
            if unknown {
                unknown_language(lang, span(), diags);
            }
            html
        }
    };
    format!("<pre class=\"code\"{lang_attr}><code>{inner}</code></pre>\n")
}

/// The warning for a fence whose language the syntax set does not know.
fn unknown_language(lang: &str, mut sp: SourceSpan, diags: &mut Vec<Diagnostic>) {
    sp.len = 3 + lang.chars().count();
    diags.push(
        Diagnostic::warning(
            Kind::UnknownLanguage,
            Some(sp),
            format!("unknown code language `{lang}`; rendered as plain text"),
        )
        .with_help("use a known language name, or `text` for plain code"),
    );
}

fn is_mermaid(lang: &str) -> bool {
    lang.eq_ignore_ascii_case("mermaid")
}

/// The HTML of `out` with the note's raw HTML (at `raw_at`) cleaned: Atlas's own pieces
/// stand as placeholders while ammonia runs, so code, math and diagrams stay as rendered.
fn clean_raw_html(out: Vec<Event<'_>>, raw_at: &[usize]) -> String {
    let mut generated = Vec::new();
    let mut raw = raw_at.iter().peekable();
    let events = out.into_iter().enumerate().map(|(i, ev)| {
        if raw.peek() == Some(&&i) {
            raw.next();
            return ev;
        }
        match ev {
            Event::Html(h) | Event::InlineHtml(h) => {
                generated.push(h.into_string());
                Event::InlineHtml(CowStr::from(safety::placeholder(generated.len() - 1)))
            }
            other => other,
        }
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    safety::clean_around(&html, &generated)
}

/// The warning for a link or image whose URL could run script (it is rendered without it).
/// The resolved link number `n`, or, when links were not resolved (`atlas check` lints
/// notes before resolving), the destination as written, so URL guards still see it.
fn link_at(resolved: &[ResolvedLink], parsed: &ParsedDoc<'_>, n: usize) -> ResolvedLink {
    resolved.get(n).cloned().unwrap_or_else(|| ResolvedLink {
        href: parsed
            .links
            .get(n)
            .map(|l| l.dest.to_string())
            .unwrap_or_default(),
        ..Default::default()
    })
}

fn unsafe_url(url: &str, link: Option<&super::LinkRef>) -> Diagnostic {
    let shown: String = url.chars().take(60).collect();
    Diagnostic::warning(
        Kind::UnsafeHtml,
        link.map(|l| l.span.clone()),
        format!("link to `{shown}` removed: only http(s), mailto, tel and relative URLs are kept"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{options, parse};

    fn render_text(text: &str, allow: bool) -> RenderedDoc {
        render_mode(
            text,
            if allow {
                RawHtml::Allow
            } else {
                RawHtml::Sanitize
            },
        )
    }

    fn render_mode(text: &str, raw_html: RawHtml) -> RenderedDoc {
        let (doc, _) = SourceDoc::from_text("s/a.md", text.to_string());
        let p = parse(&doc, options(true, false));
        let resolved: Vec<_> = p
            .links
            .iter()
            .map(|l| ResolvedLink {
                href: if l.dest.starts_with("javascript:") {
                    l.dest.clone()
                } else {
                    format!("/resolved/{}", l.dest)
                },
                broken: l.dest.contains("missing"),
                label: Some("Label".into()),
            })
            .collect();
        let h = Highlighter::new(true);
        render(
            &doc,
            &p,
            &resolved,
            &Default::default(),
            RenderOptions {
                highlighter: &h,
                raw_html,
                check_only: false,
                diagrams: None,
            },
            &TokenMemo::new(),
        )
    }

    #[test]
    fn headings_have_ids_and_anchors() {
        let r = render_text("## Hello World\n", false);
        assert!(r.html.text().contains("<h2 id=\"hello-world\">Hello World<a class=\"heading-anchor\" href=\"#hello-world\""), "{}", r.html);
        assert_eq!(r.toc.len(), 1);
    }

    #[test]
    fn links_are_resolved_and_broken_marked() {
        let r = render_text("[a](x.md) [b](missing.md) [[w]] [[w|own]]\n", false);
        assert!(
            r.html.text().contains("<a href=\"/resolved/x.md\">a</a>"),
            "{}",
            r.html
        );
        assert!(r
            .html
            .text()
            .contains("<a href=\"/resolved/missing.md\" class=\"broken-link\">b</a>"));
        assert!(r.html.text().contains(">Label</a>"), "{}", r.html);
        assert!(r.html.text().contains(">own</a>"), "{}", r.html);
    }

    #[test]
    fn code_math_alerts_tables() {
        let r = render_text(
            "```rust\nfn x() {}\n```\n\n```klingon\nqapla\n```\n\n$a^2$\n\n> [!WARNING]\n> Careful\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
            false,
        );
        assert!(
            r.html
                .text()
                .contains("<pre class=\"code\" data-lang=\"rust\"><code><span class=\"hl-"),
            "{}",
            r.html
        );
        assert!(r.html.text().contains("<math"));
        assert!(r.html.text().contains("callout callout-warning"));
        assert!(r.html.text().contains("<div class=\"table-wrap\"><table>"));
        assert_eq!(r.diags.len(), 1);
        assert_eq!(r.diags[0].kind, Kind::UnknownLanguage);
        assert_eq!(r.diags[0].span.as_ref().unwrap().line, 5);
    }

    #[test]
    fn images_are_lazy() {
        let r = render_text("![a *diagram*](d.png)\n", false);
        assert!(
            r.html
                .text()
                .contains("<img src=\"/resolved/d.png\" alt=\"a diagram\" loading=\"lazy\">"),
            "{}",
            r.html
        );
    }

    #[test]
    fn raw_html_is_sanitized_allowed_or_escaped() {
        let raw = "Intro\n\n<script>alert(1)</script>\n\n<b onclick=\"x()\">bold</b> [j](javascript:alert(2))\n\n```html\n<script>kept()</script>\n```\n";
        assert!(render_mode(raw, RawHtml::Allow)
            .html
            .text()
            .contains("<script>"));
        let clean = render_mode(raw, RawHtml::Sanitize);
        let html = clean.html.text();
        assert!(
            !html.contains("<script>") && !html.contains("onclick") && !html.contains("javascript"),
            "{html}"
        );
        assert!(html.contains("<b>bold</b>"), "{html}");
        assert!(
            html.contains("<pre class=\"code\" data-lang=\"html\">") && html.contains(">kept<"),
            "code is untouched: {html}"
        );
        let lines: Vec<_> = clean
            .diags
            .iter()
            .map(|d| (d.span.as_ref().unwrap().line, d.span.as_ref().unwrap().col))
            .collect();
        assert_eq!(lines, [(5, 27), (3, 1), (5, 4)], "{:?}", clean.diags);
        let escaped = render_mode(raw, RawHtml::Escape).html.text().into_owned();
        assert!(
            escaped.contains("&lt;b onclick") && !escaped.contains("javascript"),
            "{escaped}"
        );
    }

    #[test]
    fn heading_attributes_cannot_run_script() {
        let r = render_text("## Hi {#hi .big onclick=alert(1)}\n", false);
        assert!(
            r.html.text().contains("<h2 id=\"hi\" class=\"big\">"),
            "{}",
            r.html
        );
        assert!(!r.html.text().contains("onclick"), "{}", r.html);
        assert_eq!(r.diags.len(), 1);
        assert_eq!(r.diags[0].kind, Kind::UnsafeHtml);
    }

    #[test]
    fn markdown_without_raw_html_is_not_rewritten() {
        let text = "Intro [a](x.md)\n\n| a | b |\n|:-:|---|\n| 1 | 2 |\n\n- [ ] task\n";
        assert_eq!(render_text(text, true).html, render_text(text, false).html);
    }

    #[test]
    fn title_heading_is_not_rendered_twice() {
        let r = render_text("# Title\n\nBody\n", false);
        assert!(!r.html.text().contains("<h1"), "{}", r.html);
    }
}
