//! The migration report of `atlas check --migrate`: per tool, which of its conventions Atlas
//! understood, which front-matter keys it kept for templates only, and which it ignored,
//! with counts and the first place each occurs.

use crate::content::keys::KeyUse;
use crate::content::SourceDoc;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

/// What became of a convention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Given its Atlas meaning.
    Understood,
    /// Kept as `page.extra` for templates; no meaning of its own.
    Kept,
    /// Left as text or without effect: will not carry over.
    Ignored,
}

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// The tool (`Obsidian`, `Hugo`, …, or `front matter` for keys no tool owns).
    pub tool: String,
    /// Outcome.
    pub outcome: Outcome,
    /// What (`![[note]] embed`, `` `categories` → tags ``).
    pub what: String,
    /// How many times.
    pub count: usize,
    /// First place (`content/a.md:3:1`).
    pub first: String,
}

/// Every convention met in a site, grouped.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MigrationReport {
    /// Sorted by tool, outcome, what.
    pub entries: Vec<Entry>,
}

impl MigrationReport {
    /// Collects the report from the documents of a build.
    pub fn collect(docs: &[Arc<SourceDoc>]) -> MigrationReport {
        let mut map: BTreeMap<(String, Outcome, String), (usize, String)> = BTreeMap::new();
        let mut add = |tool: &str, outcome, what: String, at: String| {
            let e = map
                .entry((tool.to_string(), outcome, what))
                .or_insert((0, at));
            e.0 += 1;
        };
        for d in docs {
            for f in &d.findings {
                let outcome = if f.understood {
                    Outcome::Understood
                } else {
                    Outcome::Ignored
                };
                add(
                    f.tool,
                    outcome,
                    f.what.clone(),
                    format!("{}:{}:{}", d.path, f.line, f.col),
                );
            }
            for k in &d.keys {
                let at = format!("{}:{}:{}", d.path, k.line, k.col);
                match &k.used {
                    KeyUse::Mapped {
                        field,
                        tool,
                        applied: true,
                    } => add(
                        tool,
                        Outcome::Understood,
                        format!("`{}` → {}", k.key, field.name()),
                        at,
                    ),
                    KeyUse::Mapped { field, tool, .. } => add(
                        tool,
                        Outcome::Kept,
                        format!("`{}` (the Atlas key for {} wins)", k.key, field.name()),
                        at,
                    ),
                    KeyUse::Unknown {
                        suggestion: Some(s),
                    } => add(
                        "front matter",
                        Outcome::Kept,
                        format!("`{}` (a typo of `{s}`?)", k.key),
                        at,
                    ),
                    KeyUse::Unknown { suggestion: None } => add(
                        "front matter",
                        Outcome::Kept,
                        format!("`{}` as page.extra.{}", k.key, k.key),
                        at,
                    ),
                    KeyUse::Invalid { message } => {
                        add("front matter", Outcome::Ignored, message.clone(), at)
                    }
                }
            }
            if d.rel == "SUMMARY.md" || d.rel.ends_with("/SUMMARY.md") {
                add(
                    "mdBook",
                    Outcome::Ignored,
                    "SUMMARY.md chapter order (built as a page of links)".into(),
                    d.path.clone(),
                );
            }
        }
        MigrationReport {
            entries: map
                .into_iter()
                .map(|((tool, outcome, what), (count, first))| Entry {
                    tool,
                    outcome,
                    what,
                    count,
                    first,
                })
                .collect(),
        }
    }

    /// The report for a terminal.
    pub fn render(&self) -> String {
        let mut s = String::from("Migration report: other tools' conventions in content/\n");
        if self.entries.is_empty() {
            s.push_str("\nNone found: the notes use Atlas's own conventions only.\n");
            return s;
        }
        let mut tool = "";
        for e in &self.entries {
            if e.tool != tool {
                tool = &e.tool;
                let _ = write!(s, "\n{tool}\n");
            }
            let outcome = match e.outcome {
                Outcome::Understood => "understood",
                Outcome::Kept => "kept",
                Outcome::Ignored => "ignored",
            };
            let _ = writeln!(
                s,
                "  {outcome:<10} {:>5}  {}   (first: {})",
                e.count, e.what, e.first
            );
        }
        s.push_str(
            "\nunderstood: given its Atlas meaning · kept: available to templates as page.extra only · ignored: left as text, will not carry over\n",
        );
        s
    }
}
