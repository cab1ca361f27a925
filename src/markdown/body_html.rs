//! A note's rendered body: as text, or packed once its page is built, so the dev
//! server's render memo holds each note's HTML in about a third of its size (the memo
//! is what lets a save re-render only the pages it changed).

use crate::output::packed;
use std::borrow::Cow;
use std::sync::Arc;

/// Body HTML: text, or its bytes packed by [`packed::pack`].
#[derive(Clone, PartialEq, Eq)]
pub struct BodyHtml(Arc<Vec<u8>>);

impl Default for BodyHtml {
    fn default() -> BodyHtml {
        BodyHtml::new(String::new())
    }
}

impl BodyHtml {
    /// The text of `html`.
    pub fn new(html: String) -> BodyHtml {
        BodyHtml(Arc::new(html.into_bytes()))
    }

    /// The same HTML, packed (itself when it already is).
    pub fn packed(&self) -> BodyHtml {
        if self.is_packed() {
            return self.clone();
        }
        BodyHtml(Arc::new(packed::pack(&self.0)))
    }

    /// True when the HTML is held packed.
    pub fn is_packed(&self) -> bool {
        packed::is_packed(&self.0)
    }

    /// The HTML text (unpacked when held packed).
    pub fn text(&self) -> Cow<'_, str> {
        // Built from a `String`, or packed from one: always UTF-8.
        match packed::unpack(&self.0) {
            Cow::Borrowed(b) => Cow::Borrowed(std::str::from_utf8(b).unwrap_or_default()),
            Cow::Owned(v) => Cow::Owned(String::from_utf8(v).unwrap_or_default()),
        }
    }

    /// Bytes held (packed or not), for memory reports.
    pub fn held_bytes(&self) -> usize {
        self.0.len()
    }
}

impl From<String> for BodyHtml {
    fn from(html: String) -> BodyHtml {
        BodyHtml::new(html)
    }
}

impl std::fmt::Display for BodyHtml {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text())
    }
}

impl std::fmt::Debug for BodyHtml {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&*self.text(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packing_keeps_the_text() {
        let text = "<p>hello, a note body that repeats itself</p>\n".repeat(50);
        let body = BodyHtml::new(text.clone());
        assert!(!body.is_packed());
        let packed = body.packed();
        assert!(packed.is_packed());
        assert!(packed.held_bytes() * 4 < body.held_bytes());
        assert_eq!(packed.text(), text);
        assert_eq!(packed.packed(), packed, "packing twice changes nothing");
        assert_eq!(BodyHtml::default().text(), "");
    }
}
