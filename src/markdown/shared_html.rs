//! A note's rendered body that can live inside the finished page showing it, so the dev
//! server keeps one copy of each note's HTML instead of two (the render cache and the
//! served page used to hold the same bytes side by side).

use std::sync::Arc;

/// HTML text: its own buffer, or a range of a page's bytes.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SharedHtml {
    buf: Arc<Vec<u8>>,
    start: usize,
    end: usize,
}

impl SharedHtml {
    /// The text of `html`, in its own buffer.
    pub fn new(html: String) -> SharedHtml {
        let buf = Arc::new(html.into_bytes());
        let end = buf.len();
        SharedHtml { buf, start: 0, end }
    }

    /// The same text, found inside `page` and sharing its bytes; `None` when the page
    /// does not show it verbatim (or it is empty).
    pub fn within(&self, page: &Arc<Vec<u8>>) -> Option<SharedHtml> {
        let me = self.as_bytes();
        if me.is_empty() {
            return None;
        }
        let at = memchr::memmem::find(page, me)?;
        Some(SharedHtml {
            buf: Arc::clone(page),
            start: at,
            end: at + me.len(),
        })
    }

    fn as_bytes(&self) -> &[u8] {
        &self.buf[self.start..self.end]
    }
}

impl std::ops::Deref for SharedHtml {
    type Target = str;
    fn deref(&self) -> &str {
        // Built from a `String`, or from a page's bytes equal to one: always UTF-8.
        std::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }
}

impl From<String> for SharedHtml {
    fn from(html: String) -> SharedHtml {
        SharedHtml::new(html)
    }
}

impl std::fmt::Display for SharedHtml {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self)
    }
}

impl std::fmt::Debug for SharedHtml {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_the_page_bytes() {
        let body = SharedHtml::new("<p>hello</p>".into());
        let page = Arc::new(b"<html><main><p>hello</p></main></html>".to_vec());
        let shared = body.within(&page).expect("found");
        assert_eq!(&*shared, "<p>hello</p>");
        assert!(Arc::ptr_eq(&shared.buf, &page));
        assert_eq!(Arc::strong_count(&page), 2);
        assert!(SharedHtml::new("<p>other</p>".into())
            .within(&page)
            .is_none());
        assert!(SharedHtml::default().within(&page).is_none());
    }
}
