//! Abbreviations the site defines, learned at build time: `Two-Phase Commit (2PC)` in
//! a note's text, or an alias `SSE` of a note titled `Server-Sent Events`. Each form is
//! then indexed wherever the other occurs, so that either finds both (the browser index
//! and the tantivy index get the same field texts).

use super::analyze::{camel_parts, words};
use super::SearchDoc;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The forms starting with one word, each with the other forms to add.
type FormsByFirst = HashMap<String, Vec<(Vec<String>, Vec<String>)>>;

/// The abbreviation ↔ expansion pairs of a site.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Abbreviations {
    /// Lowercase abbreviation → lowercase expansions (as words).
    pairs: BTreeMap<String, BTreeSet<Vec<String>>>,
    /// First word of a form (lowercase, without a plural `s`) → the forms starting with
    /// it and, for each, the other forms to add.
    by_first: FormsByFirst,
}

/// Number words a digit of an abbreviation may stand for (`2PC`: two-phase commit).
const DIGITS: [&str; 10] = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
];

/// The letters of `abbr` that must start the expansion's words: its upper-case letters
/// and digits (`OTel` → O T, `mTLS` → T L S, `UUIDs` → U U I D), if it looks like an
/// abbreviation (2–8 alphanumerics with at least two capitals, or a capital and a digit).
fn signature(abbr: &str) -> Option<Vec<char>> {
    let n = abbr.chars().count();
    if !(2..=8).contains(&n) || !abbr.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let sig: Vec<char> = abbr
        .chars()
        .filter(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        .collect();
    let caps = sig.iter().filter(|c| c.is_ascii_uppercase()).count();
    (sig.len() >= 2 && caps >= 1 && (caps >= 2 || sig.len() > caps)).then_some(sig)
}

/// The words of `text` with camelCase words split (`OpenTelemetry` → Open, Telemetry).
fn split_words(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for w in words(text) {
        let parts = camel_parts(w);
        if parts.is_empty() {
            out.push(w);
        } else {
            out.extend(parts);
        }
    }
    out
}

/// True when the words' initials spell `sig` (a digit matches its number word).
fn initials_match(sig: &[char], ws: &[&str]) -> bool {
    sig.len() == ws.len()
        && sig.iter().zip(ws).all(|(c, w)| {
            let w = w.to_lowercase();
            match c.to_digit(10) {
                Some(d) => w == DIGITS[d as usize] || w == c.to_string(),
                None => w.starts_with(c.to_ascii_lowercase()),
            }
        })
}

fn lower_words(ws: &[&str]) -> Vec<String> {
    ws.iter().map(|w| w.to_lowercase()).collect()
}

/// A word as forms are compared: lowercase, a plural `s` dropped.
fn key(word: &str) -> String {
    let w = word.to_lowercase();
    match w.strip_suffix('s') {
        Some(s) if s.len() >= 2 && !s.ends_with('s') => s.to_string(),
        _ => w,
    }
}

impl Abbreviations {
    /// Learns the pairs of `docs`: `Words Spelling It (WSI)` anywhere in a note (title,
    /// aliases, description, headings, text), and an abbreviation among a note's title
    /// and aliases whose letters start the words of another of them.
    pub fn learn(docs: &[SearchDoc]) -> Abbreviations {
        let mut pairs: BTreeMap<String, BTreeSet<Vec<String>>> = BTreeMap::new();
        for d in docs {
            let mut texts: Vec<&str> = vec![&d.title, &d.description];
            texts.extend(d.aliases.iter().map(String::as_str));
            for s in &d.sections {
                texts.extend(s.heading_path.last().map(String::as_str));
                texts.push(&s.text);
            }
            for t in texts {
                learn_definitions(t, &mut pairs);
            }
            // A note's names: its title (and the title's parts) and aliases.
            let mut names: Vec<&str> = vec![&d.title];
            names.extend(d.title.split([':', ',', '(', ')']).map(str::trim));
            names.extend(d.aliases.iter().map(String::as_str));
            for a in &names {
                let Some(sig) = signature(a.trim()) else {
                    continue;
                };
                for other in &names {
                    let ws = split_words(other);
                    if initials_match(&sig, &ws) {
                        pairs
                            .entry(a.trim().to_lowercase())
                            .or_default()
                            .insert(lower_words(&ws));
                    }
                }
            }
        }
        Abbreviations::from_pairs(pairs)
    }

    fn from_pairs(pairs: BTreeMap<String, BTreeSet<Vec<String>>>) -> Abbreviations {
        let mut by_first: FormsByFirst = HashMap::new();
        for (abbr, expansions) in &pairs {
            for exp in expansions {
                let exp_keys: Vec<String> = exp.iter().map(|w| key(w)).collect();
                by_first
                    .entry(key(abbr))
                    .or_default()
                    .push((vec![key(abbr)], exp.clone()));
                by_first
                    .entry(exp_keys[0].clone())
                    .or_default()
                    .push((exp_keys, vec![abbr.clone()]));
            }
        }
        Abbreviations { pairs, by_first }
    }

    /// The learned pairs: (abbreviation, expansion), lowercase, sorted.
    pub fn pairs(&self) -> Vec<(String, String)> {
        self.pairs
            .iter()
            .flat_map(|(a, es)| es.iter().map(move |e| (a.clone(), e.join(" "))))
            .collect()
    }

    /// True when nothing was learned.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// `text` with the other form of every abbreviation or expansion it holds added at
    /// its end (after a separator, once each), or `None` when it holds none.
    pub fn expand(&self, text: &str) -> Option<String> {
        if self.by_first.is_empty() {
            return None;
        }
        let ws: Vec<String> = words(text).map(key).collect();
        let mut added: BTreeSet<&[String]> = BTreeSet::new();
        for i in 0..ws.len() {
            let Some(forms) = self.by_first.get(&ws[i]) else {
                continue;
            };
            for (form, other) in forms {
                if ws.len() - i >= form.len() && ws[i..i + form.len()] == form[..] {
                    added.insert(other);
                }
            }
        }
        if added.is_empty() {
            return None;
        }
        let mut out = text.to_string();
        for other in added {
            out.push_str(" \u{1f} ");
            out.push_str(&other.join(" "));
        }
        Some(out)
    }
}

impl Abbreviations {
    /// A record's fields (see [`Record::fields`](super::records::Record::fields)) with
    /// the other forms added.
    pub fn expand_fields(&self, mut fields: Vec<(u32, String)>) -> Vec<(u32, String)> {
        for (start, text) in &mut fields {
            if *start == super::records::field::PAIRS {
                continue;
            }
            if let Some(t) = self.expand(text) {
                *text = t;
            }
        }
        fields
    }

    /// `text` with the other forms added (itself when it holds none).
    pub fn expanded(&self, text: &str) -> String {
        self.expand(text).unwrap_or_else(|| text.to_string())
    }
}

/// Adds the `Words Spelling It (WSI)` definitions of `text` to `pairs`.
fn learn_definitions(text: &str, pairs: &mut BTreeMap<String, BTreeSet<Vec<String>>>) {
    let mut from = 0;
    while let Some(open) = text[from..].find('(').map(|i| i + from) {
        from = open + 1;
        let Some(close) = text[from..].find(')').map(|i| i + from) else {
            return;
        };
        let inner = &text[from..close];
        let abbr = inner.strip_suffix('s').filter(|a| signature(a).is_some());
        let abbr = abbr.unwrap_or(inner);
        let Some(sig) = signature(abbr) else {
            continue;
        };
        // The words right before the parenthesis (a short window is enough).
        let start = text[..open]
            .char_indices()
            .rev()
            .nth(120)
            .map_or(0, |(i, _)| i);
        let before = split_words(&text[start..open]);
        if before.len() < sig.len() {
            continue;
        }
        let ws = &before[before.len() - sig.len()..];
        if initials_match(&sig, ws) {
            pairs
                .entry(abbr.to_lowercase())
                .or_default()
                .insert(lower_words(ws));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::SearchSection;

    fn note(title: &str, aliases: &[&str], text: &str) -> SearchDoc {
        SearchDoc {
            url: "/n/".into(),
            title: title.into(),
            description: String::new(),
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            tags: vec![],
            sections: vec![SearchSection {
                anchor: None,
                heading_path: vec![],
                text: text.into(),
            }],
            inlink_texts: vec![],
        }
    }

    #[test]
    fn learns_definitions_and_alias_pairs() {
        let docs = [
            note(
                "Transactions",
                &[],
                "Two-Phase Commit (2PC) blocks. A Write-Ahead Log (WAL) comes first. \
                 Kafka (2011) and a broker (Kafka) are not abbreviations; nor is (NASA).",
            ),
            note("Server-Sent Events", &["SSE", "EventSource"], "push"),
            note("Tracing", &[], "We use OpenTelemetry (OTel) and UUIDs."),
        ];
        let a = Abbreviations::learn(&docs);
        assert_eq!(
            a.pairs(),
            [
                ("2pc".to_string(), "two phase commit".to_string()),
                ("otel".to_string(), "open telemetry".to_string()),
                ("sse".to_string(), "server sent events".to_string()),
                ("wal".to_string(), "write ahead log".to_string()),
            ]
        );
    }

    #[test]
    fn each_form_brings_the_other() {
        let docs = [note("Logs", &[], "a Write-Ahead Log (WAL)")];
        let a = Abbreviations::learn(&docs);
        assert_eq!(
            a.expand("the WAL is fsynced").as_deref(),
            Some("the WAL is fsynced \u{1f} write ahead log")
        );
        assert_eq!(
            a.expand("write-ahead logs first").as_deref(),
            Some("write-ahead logs first \u{1f} wal")
        );
        assert_eq!(a.expand("walrus write ahead"), None);
        assert!(Abbreviations::learn(&[note("x", &[], "y")]).is_empty());
    }
}
