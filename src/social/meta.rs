//! What a note tells link previews: the `social` values its page template shows as
//! OpenGraph/Twitter tags, and the JSON-LD `BreadcrumbList` of its place in the site.

use serde::Serialize;

/// Sharing metadata of a note (`social` in templates; absent on other pages).
#[derive(Debug, Clone, Serialize)]
pub struct SocialCtx<'a> {
    /// `article:modified_time` (`YYYY-MM-DD`).
    pub modified: Option<&'a str>,
    /// `article:section`: the note's section title.
    pub section: &'a str,
    /// URL of the social card (absolute when `base_url` is), when cards are on.
    pub image: Option<String>,
    /// Text alternative of the card.
    pub image_alt: String,
}

/// A `BreadcrumbList` (schema.org, JSON-LD) of `(name, absolute URL)` items, ready to
/// sit inside `<script type="application/ld+json">`.
pub fn breadcrumb_list<'a>(items: impl IntoIterator<Item = (&'a str, String)>) -> String {
    let list: Vec<serde_json::Value> = items
        .into_iter()
        .enumerate()
        .map(|(i, (name, url))| {
            serde_json::json!({
                "@type": "ListItem",
                "position": i + 1,
                "name": name,
                "item": url,
            })
        })
        .collect();
    let doc = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": list,
    });
    // `</script>` inside a title must not end the script element.
    doc.to_string().replace("</", "<\\/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breadcrumbs_are_json_ld_and_cannot_close_the_script() {
        let ld = breadcrumb_list([
            ("Atlas", "https://x.org/a/".to_string()),
            ("A </script> note", "https://x.org/a/n/".to_string()),
        ]);
        assert!(!ld.contains("</script>"));
        let v: serde_json::Value = serde_json::from_str(&ld).unwrap();
        assert_eq!(v["@type"], "BreadcrumbList");
        assert_eq!(v["itemListElement"][1]["position"], 2);
        assert_eq!(v["itemListElement"][1]["name"], "A </script> note");
    }
}
