//! The fields of a note's front matter: `FrontMatter` and its dates, as every stage
//! reads them (parsing them is `frontmatter`'s job, other tools' keys are `keys`').

use serde::{Deserialize, Deserializer, Serialize};

/// The keys a note's front matter may have. Other keys are not errors: see
/// [`super::keys`] for the keys other tools use and for `extra`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct FrontMatter {
    /// Title; else the first `#` heading, else the file name.
    pub title: Option<String>,
    /// One-sentence description.
    pub description: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Other names of the concept (searchable; old URLs get redirect pages when they start with `/`).
    pub aliases: Vec<String>,
    /// Order within the section (lower first).
    pub weight: Option<i64>,
    /// Drafts are built only with `--drafts`.
    pub draft: bool,
    /// Publication date (`YYYY-MM-DD`).
    pub date: Option<DateField>,
    /// Last-updated date (`YYYY-MM-DD`).
    pub updated: Option<DateField>,
    /// Sources the note relies on.
    pub sources: Vec<String>,
    /// Template to render with instead of the default.
    pub template: Option<String>,
    /// Overrides the URL slug.
    pub slug: Option<String>,
    /// The page's URL becomes a redirect to this URL or path (Zola's `redirect_to`).
    pub redirect_to: Option<String>,
    /// The page's social image (`image`, `cover`), a path or URL, as written.
    #[serde(skip_deserializing)]
    pub image: Option<String>,
    /// Keys Atlas does not know, Zola's `[extra]` and Hugo's `params`: `page.extra` in templates.
    #[serde(skip_deserializing)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// A date written as a TOML date or a string; kept as written (`2025-06-14`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct DateField(pub String);

impl<'de> Deserialize<'de> for DateField {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = DateField;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a date such as 2025-06-14")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<DateField, E> {
                validate_date(s).map_err(E::custom)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<DateField, A::Error> {
                let dt = toml::value::Datetime::deserialize(
                    serde::de::value::MapAccessDeserializer::new(map),
                )?;
                validate_date(&dt.to_string()).map_err(serde::de::Error::custom)
            }
        }
        d.deserialize_any(V)
    }
}

/// A date as written when it starts with `YYYY-MM-DD`.
pub fn validate_date(s: &str) -> Result<DateField, String> {
    let b = s.as_bytes();
    let ok = b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit);
    if ok {
        Ok(DateField(s.to_string()))
    } else {
        Err(format!("invalid date `{s}`, expected YYYY-MM-DD"))
    }
}

impl DateField {
    /// The `YYYY-MM-DD` part.
    pub fn day(&self) -> &str {
        &self.0[..10]
    }
}

impl FrontMatter {
    /// The day the note was last updated: `updated`, else `date`.
    pub fn last_updated(&self) -> Option<&str> {
        self.updated
            .as_ref()
            .or(self.date.as_ref())
            .map(DateField::day)
    }
}
