//! The one HTML escaper: text and attribute values for every page, feed and message
//! the site writes. A leaf module.

/// Escapes `&`, `<`, `>` and `"` for HTML text and double-quoted attribute values.
pub fn html(s: &str) -> String {
    escape(s, false)
}

/// [`html`], and `'` too: for values a template may put in single quotes.
pub fn html_attribute(s: &str) -> String {
    escape(s, true)
}

fn escape(s: &str, apostrophe: bool) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' if apostrophe => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            super::html("<a href=\"x\">R&D's</a>"),
            "&lt;a href=&quot;x&quot;&gt;R&amp;D's&lt;/a&gt;"
        );
        assert_eq!(super::html_attribute("it's"), "it&#39;s");
    }
}
