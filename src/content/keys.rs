//! Front-matter keys beyond Atlas's own: the keys other tools use (mapped to their Atlas
//! meaning), keys Atlas does not know (kept as `page.extra`), and keys a typo away from a
//! known one ("did you mean").
//!
//! Precedence: an Atlas key always wins over a mapped key for the same field (`date` over
//! `created`); among mapped keys the first in [`MAPPED`] order wins; list fields merge
//! (`tags` then `categories`). A mapped key that lost is kept in `page.extra` too.

use super::fields::{DateField, FrontMatter};
use crate::config::CheckLevel;
use crate::diagnostics::{Diagnostic, Kind, SourceSpan};
use serde_json::{Map, Value};

/// The keys Atlas reads itself.
pub const KNOWN: &[&str] = &[
    "title",
    "description",
    "tags",
    "aliases",
    "weight",
    "draft",
    "date",
    "updated",
    "sources",
    "template",
    "slug",
    "redirect_to",
];

/// An Atlas field another tool's key can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// `date`.
    Date,
    /// `updated`.
    Updated,
    /// `tags` (merged).
    Tags,
    /// `description`.
    Description,
    /// The social image.
    Image,
    /// `weight`.
    Weight,
    /// `draft` (from `publish: false`).
    Publish,
    /// `page.extra` (Zola's `[extra]`, Hugo's `params`).
    Extra,
}

impl Field {
    /// The Atlas name shown in reports.
    pub fn name(self) -> &'static str {
        match self {
            Field::Date => "date",
            Field::Updated => "updated",
            Field::Tags => "tags",
            Field::Description => "description",
            Field::Image => "image (social card)",
            Field::Weight => "weight",
            Field::Publish => "draft",
            Field::Extra => "page.extra",
        }
    }
}

/// Other tools' keys, the Atlas field each fills, and who writes it (in precedence order).
pub const MAPPED: &[(&str, Field, &str)] = &[
    ("created", Field::Date, "Obsidian"),
    ("createdAt", Field::Date, "Docusaurus/Astro"),
    ("publishDate", Field::Date, "Hugo"),
    ("lastmod", Field::Updated, "Hugo"),
    ("modified", Field::Updated, "Obsidian"),
    ("updatedAt", Field::Updated, "Docusaurus/Astro"),
    ("last_modified_at", Field::Updated, "Jekyll"),
    ("categories", Field::Tags, "Hugo/Jekyll"),
    ("taxonomies", Field::Tags, "Zola"),
    ("summary", Field::Description, "Hugo"),
    ("excerpt", Field::Description, "Jekyll/Docusaurus"),
    ("image", Field::Image, "Hugo/Docusaurus"),
    ("cover", Field::Image, "Hugo"),
    ("sidebar_position", Field::Weight, "Docusaurus"),
    ("nav_order", Field::Weight, "Jekyll"),
    ("order", Field::Weight, "Obsidian"),
    ("publish", Field::Publish, "Obsidian"),
    ("extra", Field::Extra, "Zola"),
    ("params", Field::Extra, "Hugo"),
];

/// What became of one front-matter key that is not a plain Atlas key.
#[derive(Debug, Clone, PartialEq)]
pub enum KeyUse {
    /// Read as an Atlas field (`applied`: false when an Atlas key or an earlier mapped key won).
    Mapped {
        /// The Atlas field.
        field: Field,
        /// The tool that writes this key.
        tool: &'static str,
        /// Whether its value was used.
        applied: bool,
    },
    /// Not known: kept as `page.extra.<key>`; `suggestion` when a typo away from a known key.
    Unknown {
        /// The known key it is close to.
        suggestion: Option<&'static str>,
    },
    /// Known key but its value has the wrong shape (reported, ignored).
    Invalid {
        /// Why.
        message: String,
    },
}

/// One key with its place in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyNote {
    /// The key as written.
    pub key: String,
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
    /// What Atlas did with it.
    pub used: KeyUse,
}

/// A known key within a small edit distance of `key` (1 for short keys, 2 otherwise).
pub fn did_you_mean(key: &str) -> Option<&'static str> {
    if key.chars().count() < 3 {
        return None;
    }
    let lower = key.to_lowercase();
    let limit = if lower.chars().count() <= 4 { 1 } else { 2 };
    KNOWN
        .iter()
        .chain(MAPPED.iter().map(|(k, _, _)| k))
        .filter(|k| **k != lower)
        .map(|k| (strsim::damerau_levenshtein(&lower, &k.to_lowercase()), *k))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, k)| k)
}

/// The problems of a note's front-matter keys at `level` (`[check] unknown_front_matter`).
pub fn diagnostics(doc: &super::SourceDoc, level: CheckLevel) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if level == CheckLevel::Off {
        return out;
    }
    for k in &doc.keys {
        let KeyUse::Unknown { suggestion } = &k.used else {
            continue;
        };
        let span = Some(SourceSpan {
            path: doc.path.clone(),
            line: k.line,
            col: k.col,
            len: k.key.chars().count().max(1),
        });
        let msg = format!("unknown front matter key `{}`", k.key);
        let d = match (suggestion, level) {
            (Some(s), CheckLevel::Warn) => Diagnostic::warning(Kind::FrontMatter, span, msg)
                .with_help(format!(
                    "did you mean `{s}`? (kept as page.extra.{} meanwhile)",
                    k.key
                )),
            (Some(s), _) => Diagnostic::error(Kind::FrontMatter, span, msg)
                .with_help(format!("did you mean `{s}`?")),
            (None, CheckLevel::Error) => Diagnostic::error(Kind::FrontMatter, span, msg)
                .with_help("remove it, or set `[check] unknown_front_matter = \"warn\"` to keep it as page.extra"),
            (None, _) => continue,
        };
        out.push(d);
    }
    out
}

/// Applies every key of `table` (the whole front matter, generically parsed) that is not a
/// plain Atlas key to `front`; `locate` gives a key's line and column.
pub fn apply(
    front: &mut FrontMatter,
    table: Map<String, Value>,
    locate: impl Fn(&str) -> (usize, usize),
) -> Vec<KeyNote> {
    let mut notes = Vec::new();
    let present = |k: &str| table.contains_key(k);
    let mut filled: Vec<Field> = Vec::new();
    for f in [
        Field::Date,
        Field::Updated,
        Field::Description,
        Field::Weight,
    ] {
        let atlas = match f {
            Field::Date => "date",
            Field::Updated => "updated",
            Field::Description => "description",
            _ => "weight",
        };
        if present(atlas) {
            filled.push(f);
        }
    }
    if present("draft") {
        filled.push(Field::Publish);
    }
    let mut extra = Map::new();
    // Mapped keys first, in precedence order.
    for (key, field, tool) in MAPPED {
        let Some(value) = table.get(*key) else {
            continue;
        };
        let (line, col) = locate(key);
        let mut note = |used| {
            notes.push(KeyNote {
                key: key.to_string(),
                line,
                col,
                used,
            })
        };
        let merges = matches!(field, Field::Tags | Field::Extra);
        if !merges && filled.contains(field) {
            extra.insert(key.to_string(), value.clone());
            note(KeyUse::Mapped {
                field: *field,
                tool,
                applied: false,
            });
            continue;
        }
        match set_field(front, *field, value, &mut extra) {
            Ok(()) => {
                filled.push(*field);
                note(KeyUse::Mapped {
                    field: *field,
                    tool,
                    applied: true,
                });
            }
            Err(message) => note(KeyUse::Invalid {
                message: format!("`{key}` ({tool}'s {}): {message}", field.name()),
            }),
        }
    }
    for (key, value) in table {
        if KNOWN.contains(&key.as_str()) || MAPPED.iter().any(|(k, _, _)| *k == key) {
            continue;
        }
        let (line, col) = locate(&key);
        notes.push(KeyNote {
            key: key.clone(),
            line,
            col,
            used: KeyUse::Unknown {
                suggestion: did_you_mean(&key),
            },
        });
        extra.entry(key).or_insert(value);
    }
    front.extra = extra;
    notes.sort_by(|a, b| (a.line, a.col, &a.key).cmp(&(b.line, b.col, &b.key)));
    notes
}

fn set_field(
    front: &mut FrontMatter,
    field: Field,
    value: &Value,
    extra: &mut Map<String, Value>,
) -> Result<(), String> {
    match field {
        Field::Date => front.date = Some(date(value)?),
        Field::Updated => front.updated = Some(date(value)?),
        Field::Description => front.description = Some(string(value)?),
        Field::Tags => {
            let list = |v: &Value| -> Result<Vec<String>, String> {
                match v {
                    Value::Array(items) => items.iter().map(string).collect(),
                    other => Ok(vec![string(other)?]),
                }
            };
            let more = match value {
                // Zola: `[taxonomies] tags = […], categories = […]`.
                Value::Object(m) => {
                    let mut all = Vec::new();
                    for k in ["tags", "categories"] {
                        if let Some(v) = m.get(k) {
                            all.extend(list(v)?);
                        }
                    }
                    all
                }
                other => list(other)?,
            };
            for t in more {
                if !front.tags.contains(&t) {
                    front.tags.push(t);
                }
            }
        }
        Field::Image => {
            front.image = Some(match value {
                // Hugo themes write `cover: {image: …, alt: …}`.
                Value::Object(m) => m
                    .get("image")
                    .or_else(|| m.get("src"))
                    .map(string)
                    .ok_or("expected a path or a table with `image`")??,
                other => string(other)?,
            })
        }
        Field::Weight => {
            front.weight = Some(match value {
                Value::Number(n) => n
                    .as_i64()
                    .or_else(|| n.as_f64().map(|f| f.floor() as i64))
                    .ok_or("expected a number")?,
                Value::String(s) => s.trim().parse().map_err(|_| "expected a number")?,
                _ => return Err("expected a number".into()),
            })
        }
        Field::Publish => match value {
            Value::Bool(b) => front.draft = !b,
            _ => return Err("expected true or false".into()),
        },
        Field::Extra => match value {
            Value::Object(m) => {
                for (k, v) in m {
                    extra.entry(k.clone()).or_insert_with(|| v.clone());
                }
            }
            _ => return Err("expected a table".into()),
        },
    }
    Ok(())
}

fn string(v: &Value) -> Result<String, String> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        _ => Err("expected text".into()),
    }
}

fn date(v: &Value) -> Result<DateField, String> {
    let s = string(v)?;
    super::fields::validate_date(&s)
}

/// A TOML value as JSON (dates and times become their TOML text, `2025-06-14`).
pub fn toml_to_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

/// Line and column (1-based, in the file) of top-level `key` in a front-matter block whose
/// first line is line 2 of the file; the block's first line when not found.
pub fn locate_key(block: &str, key: &str, toml: bool) -> (usize, usize) {
    for (i, line) in block.lines().enumerate() {
        let found = if toml {
            let t = line.trim_start();
            let header = t
                .strip_prefix('[')
                .map(|r| r.trim_start_matches('[').trim_start());
            let bare = t
                .strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with('='));
            let quoted = t
                .strip_prefix('"')
                .and_then(|r| r.strip_prefix(key))
                .is_some_and(|r| r.starts_with('"'));
            let table = header.is_some_and(|h| {
                h.strip_prefix(key)
                    .is_some_and(|r| r.starts_with(']') || r.starts_with('.'))
            });
            bare || quoted || table
        } else {
            // Top-level YAML keys start the line.
            let unquoted = line.strip_prefix(key);
            let quoted = line
                .strip_prefix(['"', '\''])
                .and_then(|r| r.strip_prefix(key))
                .map(|r| r.trim_start_matches(['"', '\'']));
            unquoted
                .or(quoted)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        };
        if found {
            let col = line.len() - line.trim_start().len() + 1;
            return (i + 2, col);
        }
    }
    (2, 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::frontmatter::split;

    fn front(text: &str) -> (FrontMatter, Vec<KeyNote>) {
        let (s, d) = split("content/a.md", text);
        assert!(d.is_empty(), "{d:?}");
        (s.front, s.keys)
    }

    #[test]
    fn dates_from_other_tools() {
        for k in ["created", "createdAt", "publishDate"] {
            let (f, _) = front(&format!("---\n{k}: 2024-03-01\n---\n"));
            assert_eq!(f.date.unwrap().day(), "2024-03-01", "{k}");
        }
        for k in ["lastmod", "modified", "updatedAt", "last_modified_at"] {
            let (f, _) = front(&format!("+++\n{k} = 2024-03-02T10:00:00Z\n+++\n"));
            assert_eq!(f.updated.unwrap().day(), "2024-03-02", "{k}");
        }
    }

    #[test]
    fn atlas_key_wins_and_loser_stays_in_extra() {
        let (f, notes) = front("---\ndate: 2024-01-01\ncreated: 2023-01-01\n---\n");
        assert_eq!(f.date.unwrap().day(), "2024-01-01");
        assert_eq!(f.extra["created"], Value::String("2023-01-01".into()));
        assert!(matches!(
            notes[0].used,
            KeyUse::Mapped { applied: false, .. }
        ));
    }

    #[test]
    fn categories_merge_into_tags() {
        let (f, _) = front("---\ntags: [a]\ncategories: [b, a]\n---\n");
        assert_eq!(f.tags, ["a", "b"]);
    }

    #[test]
    fn summary_excerpt_image_cover() {
        let (f, _) = front("---\nsummary: S\nexcerpt: E\nimage: /img/a.png\n---\n");
        assert_eq!(f.description.as_deref(), Some("S"));
        assert_eq!(f.image.as_deref(), Some("/img/a.png"));
        let (f, _) = front("---\nexcerpt: E\ncover:\n  image: c.png\n  alt: x\n---\n");
        assert_eq!(f.description.as_deref(), Some("E"));
        assert_eq!(f.image.as_deref(), Some("c.png"));
    }

    #[test]
    fn weights_from_sidebar_position_nav_order_order() {
        for (k, v, w) in [
            ("sidebar_position", "3", 3),
            ("nav_order", "2.5", 2),
            ("order", "7", 7),
        ] {
            let (f, _) = front(&format!("---\n{k}: {v}\n---\n"));
            assert_eq!(f.weight, Some(w), "{k}");
        }
    }

    #[test]
    fn publish_false_is_a_draft() {
        assert!(front("---\npublish: false\n---\n").0.draft);
        assert!(!front("---\npublish: true\n---\n").0.draft);
    }

    #[test]
    fn redirect_to_is_read() {
        let (f, _) = front("+++\nredirect_to = \"/new/place/\"\n+++\n");
        assert_eq!(f.redirect_to.as_deref(), Some("/new/place/"));
    }

    #[test]
    fn zola_extra_and_hugo_params_and_unknown_keys_become_extra() {
        let (f, notes) = front(
            "+++\nsort_by = \"date\"\n[extra]\nmood = \"calm\"\nwhen = 2024-05-01\n[extra.deep]\nlist = [1, 2]\n+++\n",
        );
        assert_eq!(f.extra["mood"], "calm");
        assert_eq!(f.extra["when"], "2024-05-01");
        assert_eq!(f.extra["deep"]["list"][1], 2);
        assert_eq!(f.extra["sort_by"], "date");
        let sort = notes.iter().find(|n| n.key == "sort_by").unwrap();
        assert_eq!((sort.line, sort.col), (2, 1));
        let (f, _) = front("---\nparams:\n  author: Ann\n  nested: {a: [x]}\n---\n");
        assert_eq!(f.extra["author"], "Ann");
        assert_eq!(f.extra["nested"]["a"][0], "x");
    }

    #[test]
    fn unknown_key_levels() {
        let (d, _) = crate::content::SourceDoc::from_text(
            "a.md",
            "---\ntitel: A\nsidebar_label: B\n---\n".into(),
        );
        let warn = diagnostics(&d, CheckLevel::Warn);
        assert_eq!(warn.len(), 1);
        assert_eq!(warn[0].severity, crate::diagnostics::Severity::Warning);
        let sp = warn[0].span.as_ref().unwrap();
        assert_eq!((sp.path.as_str(), sp.line, sp.col), ("content/a.md", 2, 1));
        assert!(warn[0]
            .help
            .as_deref()
            .unwrap()
            .contains("did you mean `title`"));
        assert_eq!(diagnostics(&d, CheckLevel::Error).len(), 2);
        assert!(diagnostics(&d, CheckLevel::Off).is_empty());
    }

    #[test]
    fn typos_suggest_the_known_key() {
        for (typo, known) in [
            ("titel", "title"),
            ("tag", "tags"),
            ("alias", "aliases"),
            ("descripton", "description"),
        ] {
            assert_eq!(did_you_mean(typo), Some(known), "{typo}");
        }
        for fine in ["math", "author", "id", "sidebar_label", "keywords", "toc"] {
            assert_eq!(did_you_mean(fine), None, "{fine}");
        }
        let (_, notes) = front("---\ntitle: A\n  \ntitel: B\n---\n");
        let n = &notes[0];
        assert_eq!((n.key.as_str(), n.line, n.col), ("titel", 4, 1));
        assert_eq!(
            n.used,
            KeyUse::Unknown {
                suggestion: Some("title")
            }
        );
    }
}
