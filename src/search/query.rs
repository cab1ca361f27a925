//! Reading a search query the way `static/search/analyze.js` reads it: `"phrases"`, the two
//! sides of a comparison (`X vs Y`, `difference between X and Y`), stop words that do
//! not have to match, and the words in order (for joining words written apart).

use super::analyze::Analyzer;

/// Words a question is made of: optional outside phrases. `static/search/analyze.js` has the
/// same list (`STOP_WORDS`); a test compares them.
pub const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "am",
    "an",
    "and",
    "are",
    "as",
    "at",
    "be",
    "been",
    "being",
    "between",
    "by",
    "can",
    "could",
    "did",
    "difference",
    "differences",
    "do",
    "does",
    "doing",
    "for",
    "from",
    "had",
    "have",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "me",
    "my",
    "of",
    "on",
    "or",
    "our",
    "should",
    "so",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "to",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "who",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
];

/// One search group: a distinct term of the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The analyzed term.
    pub term: String,
    /// The word as typed (lowercase, folded), for typos and cuts.
    pub raw: String,
    /// Inside a `"phrase"`.
    pub phrase: bool,
    /// Need not match (a stop word, or a camelCase part).
    pub optional: bool,
    /// A stop word (optional because the query has other words).
    pub stop: bool,
    /// Two adjacent words as one term (`write_skew`), an optional bonus.
    pub pair: bool,
    /// Side of a comparison (0 or 1), or -1 (both sides, or not a comparison).
    pub side: i8,
}

/// A query word in order, for joining words written apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeqWord {
    /// The word as typed (lowercase, folded).
    pub raw: String,
    /// Its term.
    pub term: String,
    /// Its group.
    pub group: usize,
    /// Its side.
    pub side: i8,
}

/// A read query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// Groups, in query order.
    pub groups: Vec<Group>,
    /// Each phrase's terms.
    pub phrases: Vec<Vec<String>>,
    /// A comparison of two sides.
    pub compare: bool,
    /// The non-stop words outside phrases, in order.
    pub sequence: Vec<SeqWord>,
}

/// The terms of the stop words, analyzed once (checking a term against the list used to
/// stem every stop word again: two fifths of the dev server's CPU at 10,000 notes).
static STOP_TERMS: std::sync::LazyLock<std::collections::HashSet<String>> =
    std::sync::LazyLock::new(|| {
        let mut an = Analyzer::default();
        STOP_WORDS
            .iter()
            .filter_map(|w| an.terms(w).into_iter().next())
            .collect()
    });

/// True when `term` (analyzed) is a stop word's term.
pub fn is_stop(term: &str) -> bool {
    STOP_TERMS.contains(term)
}

fn has_alnum(s: &str) -> bool {
    s.chars().any(char::is_alphanumeric)
}

/// The two sides of a comparison query (`X vs Y`, `X vs. Y`, `X versus Y`, `X or Y`,
/// `X compared to Y`, `difference between X and Y`, `compare X and Y`), read word by
/// word; words inside quotes never join.
pub fn comparison_sides(q: &str) -> Option<(String, String)> {
    let tokens: Vec<&str> = q.split_whitespace().collect();
    let mut open = false;
    let mut low = Vec::new();
    for t in &tokens {
        low.push(if open {
            "\"".to_string()
        } else {
            t.to_lowercase().trim_end_matches('?').to_string()
        });
        if t.matches('"').count() % 2 == 1 {
            open = !open;
        }
    }
    if open {
        return None;
    }
    let sides = |a: usize, b: usize, c: usize| {
        let left = tokens[a..b].join(" ");
        let right = tokens[c..].join(" ");
        let right = right.trim_end_matches(|ch: char| ch == '?' || ch.is_whitespace());
        (has_alnum(&left) && has_alnum(right)).then(|| (left, right.to_string()))
    };
    let at = |i: usize| low.get(i).map_or("", String::as_str);
    let mut i = 0;
    if at(0) == "what" || at(0) == "what's" {
        i += 1;
    }
    if i > 0 && (at(i) == "is" || at(i) == "are") {
        i += 1;
    }
    if at(i) == "the" {
        i += 1;
    }
    if (at(i) == "difference" || at(i) == "differences") && at(i + 1) == "between" {
        if let Some(and) = (i + 3..low.len()).find(|&k| low[k] == "and") {
            return sides(i + 2, and, and + 1);
        }
    }
    if at(0) == "compare" || at(0) == "comparing" {
        for k in 2..low.len().saturating_sub(1) {
            if ["and", "with", "to", "vs", "vs.", "versus"].contains(&at(k)) {
                return sides(1, k, k + 1);
            }
        }
    }
    for k in 1..low.len().saturating_sub(1) {
        if ["vs", "vs.", "versus", "or"].contains(&at(k)) {
            return sides(0, k, k + 1);
        }
        if at(k) == "compared" && (at(k + 1) == "to" || at(k + 1) == "with") && k + 2 < low.len() {
            return sides(0, k, k + 2);
        }
    }
    None
}

/// The phrases of `text` and the text outside them.
fn phrases_and_rest(text: &str) -> (Vec<&str>, String) {
    let mut phrases = Vec::new();
    let mut rest = String::new();
    let mut parts = text.split('"');
    if let Some(first) = parts.next() {
        rest.push_str(first);
    }
    let mut inside = true;
    let pieces: Vec<&str> = parts.collect();
    let n = pieces.len();
    for (k, p) in pieces.into_iter().enumerate() {
        // An unclosed last quote is not a phrase (its words are dropped, as in the browser).
        if inside && k + 1 < n {
            phrases.push(p);
        }
        if !inside {
            rest.push(' ');
            rest.push_str(p);
        }
        inside = !inside;
    }
    (phrases, rest)
}

/// Reads `q` into groups, as `readQuery` in `static/search/analyze.js` does.
pub fn read(an: &mut Analyzer, q: &str) -> Query {
    let sides = comparison_sides(q);
    let texts: Vec<String> = match &sides {
        Some((a, b)) => vec![a.clone(), b.clone()],
        None => vec![q.to_string()],
    };
    let mut out = Query {
        compare: sides.is_some(),
        ..Query::default()
    };
    for (s, text) in texts.iter().enumerate() {
        let side = if out.compare { s as i8 } else { -1 };
        let (phrases, rest) = phrases_and_rest(text);
        for ph in phrases {
            let mut terms = Vec::new();
            an.analyze(ph, 0, |t, p| {
                if terms.len() <= p as usize {
                    terms.push(t.to_string());
                }
            });
            for t in &terms {
                add_group(&mut out.groups, t, t, true, false, side);
            }
            if !terms.is_empty() {
                out.phrases.push(terms);
            }
        }
        let mut words: Vec<(String, bool, u32)> = Vec::new();
        an.analyze(&rest, 0, |t, p| {
            let part = words.last().is_some_and(|w| w.2 == p);
            words.push((t.to_string(), part, p));
        });
        let raws: Vec<String> = super::analyze::words(&rest)
            .map(super::analyze::fold_lower)
            .collect();
        let originals: Vec<&str> = super::analyze::words(&rest).collect();
        for (t, part, p) in words {
            let mut raw = raws.get(p as usize).cloned().unwrap_or_else(|| t.clone());
            if part {
                // A camelCase part keeps its own letters (for prefixes and typos).
                let word = originals.get(p as usize).copied().unwrap_or("");
                for q in super::analyze::camel_parts(word) {
                    if an.terms(q).first() == Some(&t) {
                        raw = super::analyze::fold_lower(q);
                        break;
                    }
                }
            }
            let stop = !part && is_stop(&t);
            let g = add_group(&mut out.groups, &t, &raw, false, part, side);
            if stop && !out.groups[g].phrase {
                out.groups[g].stop = true;
            }
            if !part && !out.groups[g].phrase && !stop {
                out.sequence.push(SeqWord {
                    raw,
                    term: t.clone(),
                    group: g,
                    side,
                });
            }
        }
    }
    // Adjacent words: the build indexes adjacent title, alias and heading words as one
    // term, so words that stand together there score above scattered ones.
    for i in 1..out.sequence.len() {
        let (a, b) = (&out.sequence[i - 1], &out.sequence[i]);
        if a.side == b.side && a.term != b.term {
            let term = pair_term(&a.term, &b.term);
            let side = a.side;
            let g = add_group(&mut out.groups, &term, "", false, true, side);
            out.groups[g].pair = true;
        }
    }
    // Stop words are optional unless the query has nothing else.
    let content = out.groups.iter().any(|g| !g.optional && !g.stop);
    for g in &mut out.groups {
        if g.stop && content {
            g.optional = true;
        } else {
            g.stop = false;
        }
    }
    out
}

/// The term standing for two adjacent words.
pub fn pair_term(a: &str, b: &str) -> String {
    format!("{a}_{b}")
}

fn add_group(
    groups: &mut Vec<Group>,
    term: &str,
    raw: &str,
    phrase: bool,
    optional: bool,
    side: i8,
) -> usize {
    if let Some(i) = groups.iter().position(|g| g.term == term) {
        if groups[i].side != side {
            groups[i].side = -1;
        }
        return i;
    }
    groups.push(Group {
        term: term.to_string(),
        raw: raw.to_string(),
        phrase,
        optional,
        stop: false,
        pair: false,
        side,
    });
    groups.len() - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sides(q: &str) -> Option<(String, String)> {
        comparison_sides(q)
    }

    #[test]
    fn comparisons_lose_their_joining_words() {
        let pair = |a: &str, b: &str| Some((a.to_string(), b.to_string()));
        assert_eq!(sides("websocket vs sse"), pair("websocket", "sse"));
        assert_eq!(sides("oltp vs. olap"), pair("oltp", "olap"));
        assert_eq!(sides("grpc versus rest"), pair("grpc", "rest"));
        assert_eq!(sides("redis or memcached"), pair("redis", "memcached"));
        assert_eq!(
            sides("What is the difference between JWT and sessions?"),
            pair("JWT", "sessions")
        );
        assert_eq!(
            sides("compare kafka with rabbitmq"),
            pair("kafka", "rabbitmq")
        );
        assert_eq!(sides("kafka compared to sqs"), pair("kafka", "sqs"));
        assert_eq!(sides("\"this or that\" x"), None);
        assert_eq!(sides("or"), None);
        assert_eq!(sides("consistent hashing"), None);
    }

    #[test]
    fn questions_make_stop_words_optional() {
        let mut an = Analyzer::default();
        let q = read(&mut an, "what is a write-ahead log");
        let required: Vec<&str> = q
            .groups
            .iter()
            .filter(|g| !g.optional)
            .map(|g| g.term.as_str())
            .collect();
        assert_eq!(required, ["write", "ahead", "log"]);
        // Only stop words: they are the query.
        let q = read(&mut an, "the who");
        assert!(q.groups.iter().all(|g| !g.optional));
        // Inside a phrase they count.
        let q = read(&mut an, "\"the log\"");
        assert_eq!(q.phrases, [["the", "log"]]);
        assert!(q.groups.iter().all(|g| !g.optional && g.phrase));
    }

    #[test]
    fn sides_and_sequence() {
        let mut an = Analyzer::default();
        let q = read(&mut an, "fan-out on write vs fan-out on read");
        assert!(q.compare);
        let side = |t: &str| q.groups.iter().find(|g| g.term == t).unwrap().side;
        assert_eq!((side("fan"), side("write"), side("read")), (-1, 0, 1));
        let q = read(&mut an, "hyper log log");
        let seq: Vec<&str> = q.sequence.iter().map(|w| w.raw.as_str()).collect();
        assert_eq!(seq, ["hyper", "log", "log"]);
    }
}
