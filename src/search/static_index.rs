//! The static search index for the browser: a front-coded term dictionary fetched
//! once, postings in bounded shards (a query fetches only its terms' shards), records
//! in chunks fetched only for shown results, all content-hashed behind a manifest.
//!
//! Formats (all text, so gzip on the wire does the heavy lifting):
//! - `<version>/dict.txt`: sorted terms, one per line, each `<shared-prefix length as the
//!   char (48 + n)><rest of the term>`.
//! - `<version>/s<n>.json`: `{"<term number>": [rec delta, norm, count, kept, pos delta…, …]}`;
//!   `norm` is the record's length quantised to a byte (`round(16·ln(1 + len))`),
//!   `count` the occurrences, `kept` how many positions follow (at most [`MAX_POSITIONS`]).
//! - `<version>/r<n>.json`: `[[title, section, url, snippet text], …]`, `chunk` per file.
//! - `manifest.json` (the only mutable name): the version directory (a hash of every
//!   index file), the first term of each shard, record count, chunk size, average
//!   record length and field weights.

use super::analyze::Analyzer;
use super::records::{field, records, Record};
use super::{SearchDoc, SearchError};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};

/// Records per records file.
pub const CHUNK: usize = 64;

/// Positions kept per posting. Title, heading, tag and in-link positions come first
/// (they are the lowest numbers), so this keeps every field match that weighs more
/// than body text and the first body occurrences for phrases; the remaining body
/// occurrences are counted, not listed.
pub const MAX_POSITIONS: usize = 8;

/// The index's files live in `search/<hash of all of them>/`, so every file name is
/// immutable and the manifest needs only that one hash.
fn version_dir(files: &[(String, Vec<u8>)]) -> String {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for (name, bytes) in files {
        h.update(name.as_bytes());
        h.update(bytes);
    }
    format!("{:012x}", h.digest() & 0xffff_ffff_ffff)
}

/// Quantises a record length into one byte.
pub fn norm(len: u32) -> u8 {
    ((1.0 + len as f64).ln() * 16.0).round().min(255.0) as u8
}

/// Front-codes sorted terms.
pub fn front_code(terms: &[&str]) -> String {
    let mut out = String::new();
    let mut prev = "";
    for t in terms {
        let shared = prev
            .chars()
            .zip(t.chars())
            .take_while(|(a, b)| a == b)
            .count()
            .min(70);
        let byte_at = t
            .char_indices()
            .nth(shared)
            .map(|(i, _)| i)
            .unwrap_or(t.len());
        out.push(char::from(48 + shared as u8));
        out.push_str(&t[byte_at..]);
        out.push('\n');
        prev = t;
    }
    out
}

/// Decodes [`front_code`] output.
pub fn front_decode(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        let mut chars = line.chars();
        let Some(c) = chars.next() else { continue };
        let shared = (c as u32).saturating_sub(48) as usize;
        let prefix: String = out
            .last()
            .map(|p| p.chars().take(shared).collect())
            .unwrap_or_default();
        out.push(prefix + chars.as_str());
    }
    out
}

/// One record's terms with their positions.
type TermPositions = Vec<(String, Vec<u32>)>;

/// Term → postings `(record, positions)`, records ascending.
type Postings = BTreeMap<String, Vec<(u32, Vec<u32>)>>;

/// A record's analysis: its terms with positions, and its body length.
pub type Analyzed = (TermPositions, u32);

/// Record analyses kept across builds by the dev server, keyed by a hash of the
/// record's fields: a save re-analyzes only the sections it changed. Each build keeps
/// only the entries it used.
#[derive(Debug, Default)]
pub struct AnalysisCache {
    map: std::sync::Mutex<HashMap<u64, std::sync::Arc<Analyzed>>>,
}

impl AnalysisCache {
    /// Entries held.
    pub fn len(&self) -> usize {
        self.map.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn analyze_record(an: &mut Analyzer, fields: &[(u32, String)]) -> Analyzed {
    let mut terms: HashMap<String, Vec<u32>> = HashMap::new();
    let mut body_len = 0;
    for (start, text) in fields {
        let end = an.analyze(text, *start, |t, p| match terms.get_mut(t) {
            Some(v) => v.push(p),
            None => {
                terms.insert(t.to_string(), vec![p]);
            }
        });
        if *start == field::BODY {
            body_len = end - start;
        }
    }
    let mut terms: Vec<(String, Vec<u32>)> = terms.into_iter().collect();
    for (_, pos) in &mut terms {
        pos.sort_unstable();
        pos.dedup();
    }
    (terms, body_len)
}

fn index_records(recs: &[Record<'_>], cache: Option<&AnalysisCache>) -> (Postings, Vec<u32>) {
    let mut postings: HashMap<String, Vec<(u32, Vec<u32>)>> = HashMap::new();
    let mut lens = Vec::with_capacity(recs.len());
    let previous =
        cache.map(|c| std::mem::take(&mut *c.map.lock().unwrap_or_else(|e| e.into_inner())));
    let kept: std::sync::Mutex<HashMap<u64, std::sync::Arc<Analyzed>>> = Default::default();
    // Analyze in parallel, merge in record order, a block at a time so that only one
    // block's per-record analyses are alive at once.
    for (b, block) in recs.chunks(4096).enumerate() {
        let per_record: Vec<std::sync::Arc<Analyzed>> = block
            .par_iter()
            .map_init(Analyzer::default, |an, r| {
                let fields = r.fields();
                let Some(previous) = &previous else {
                    return std::sync::Arc::new(analyze_record(an, &fields));
                };
                let starts: Vec<[u8; 4]> = fields.iter().map(|(s, _)| s.to_le_bytes()).collect();
                let key = crate::cache::hash_parts(
                    fields
                        .iter()
                        .zip(&starts)
                        .flat_map(|((_, t), s)| [&s[..], t.as_bytes()]),
                );
                let analyzed = previous
                    .get(&key)
                    .cloned()
                    .unwrap_or_else(|| std::sync::Arc::new(analyze_record(an, &fields)));
                kept.lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(key, analyzed.clone());
                analyzed
            })
            .collect();
        for (i, analyzed) in per_record.into_iter().enumerate() {
            let (terms, len) = &*analyzed;
            lens.push(*len);
            let rec = (b * 4096 + i) as u32;
            for (t, pos) in terms {
                match postings.get_mut(t.as_str()) {
                    Some(list) => list.push((rec, pos.clone())),
                    None => {
                        postings.insert(t.clone(), vec![(rec, pos.clone())]);
                    }
                }
            }
        }
    }
    if let Some(c) = cache {
        *c.map.lock().unwrap_or_else(|e| e.into_inner()) =
            kept.into_inner().unwrap_or_else(|e| e.into_inner());
    }
    (postings.into_iter().collect(), lens)
}

/// `"<term number>":[rec delta, norm, count, kept, pos delta…, …]` for one term.
fn posting_json(i: usize, list: &[(u32, Vec<u32>)], lens: &[u32]) -> String {
    let mut num = itoa::Buffer::new();
    let mut buf = String::with_capacity(16 + list.len() * 16);
    buf.push('"');
    buf.push_str(num.format(i));
    buf.push_str("\":[");
    let mut prev_rec = 0u32;
    for (n, (rec, pos)) in list.iter().enumerate() {
        let kept = pos.len().min(MAX_POSITIONS);
        let head = [
            rec - prev_rec,
            norm(lens[*rec as usize]) as u32,
            pos.len() as u32,
            kept as u32,
        ];
        for (k, v) in head.into_iter().enumerate() {
            if n > 0 || k > 0 {
                buf.push(',');
            }
            buf.push_str(num.format(v));
        }
        prev_rec = *rec;
        let mut prev = 0u32;
        for p in &pos[..kept] {
            buf.push(',');
            buf.push_str(num.format(p - prev));
            prev = *p;
        }
    }
    buf.push(']');
    buf
}

/// Builds the browser index files: `(path, bytes)` pairs under `search/`.
pub fn build_static_index(
    docs: &[SearchDoc],
    shard_bytes: usize,
) -> Result<Vec<(String, Vec<u8>)>, SearchError> {
    build_static_index_cached(docs, shard_bytes, None)
}

/// [`build_static_index`], reusing the analyses of unchanged records from `cache`.
pub fn build_static_index_cached(
    docs: &[SearchDoc],
    shard_bytes: usize,
    cache: Option<&AnalysisCache>,
) -> Result<Vec<(String, Vec<u8>)>, SearchError> {
    let recs = records(docs);
    let (postings, lens) = index_records(&recs, cache);
    let terms: Vec<&str> = postings.keys().map(String::as_str).collect();
    let mut files = Vec::new();

    let dict = front_code(&terms);
    let dict_name = "dict.txt".to_string();
    files.push((dict_name.clone(), dict.into_bytes()));

    // Each term's postings as JSON, in parallel; then consecutive terms are grouped into
    // shards until a shard reaches `shard_bytes`.
    let lists: Vec<&Vec<(u32, Vec<u32>)>> = postings.values().collect();
    let entries: Vec<String> = lists
        .par_iter()
        .enumerate()
        .map(|(i, list)| posting_json(i, list, &lens))
        .collect();
    let mut shards: Vec<(String, usize)> = Vec::new();
    let mut buf = String::from("{");
    let mut first = 0usize;
    let mut flush = |buf: &mut String, first: usize, files: &mut Vec<(String, Vec<u8>)>| {
        if buf.len() > 1 {
            buf.push('}');
            let name = format!("s{}.json", shards.len());
            shards.push((name.clone(), first));
            files.push((name, std::mem::take(buf).into_bytes()));
        }
        *buf = String::from("{");
    };
    for (i, entry) in entries.iter().enumerate() {
        if buf.len() > 1 && buf.len() >= shard_bytes {
            flush(&mut buf, first, &mut files);
            first = i;
        }
        if buf.len() > 1 {
            buf.push(',');
        }
        buf.push_str(entry);
    }
    flush(&mut buf, first, &mut files);
    // Records, in chunks (serialised in parallel).
    let chunks: Vec<Result<String, SearchError>> = recs
        .par_chunks(CHUNK)
        .map(|chunk| {
            let rows: Vec<[String; 4]> = chunk
                .iter()
                .map(|r| [r.doc.title.clone(), r.heading(), r.url(), r.snippet_text()])
                .collect();
            serde_json::to_string(&rows).map_err(|e| SearchError::Format(e.to_string()))
        })
        .collect();
    let mut record_files = Vec::new();
    for (n, json) in chunks.into_iter().enumerate() {
        let name = format!("r{n}.json");
        record_files.push(name.clone());
        files.push((name, json?.into_bytes()));
    }

    let avglen = if lens.is_empty() {
        1.0
    } else {
        lens.iter().map(|&l| l as f64).sum::<f64>() / lens.len() as f64
    };
    let dir = version_dir(&files);
    let manifest = serde_json::json!({
        "v": 2,
        "dir": dir,
        "terms": terms.len(),
        "shards": shards.iter().map(|(_, f)| *f).collect::<Vec<_>>(),
        "records": record_files.len(),
        "chunk": CHUNK,
        "n": recs.len(),
        "avglen": (avglen * 100.0).round() / 100.0,
        "fields": field::WEIGHTS.iter().map(|(s, w)| serde_json::json!([s, w])).collect::<Vec<_>>(),
    });
    let mut files: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .map(|(name, bytes)| (format!("search/{dir}/{name}"), bytes))
        .collect();
    files.push((
        "search/manifest.json".to_string(),
        serde_json::to_vec(&manifest).map_err(|e| SearchError::Format(e.to_string()))?,
    ));
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::SearchSection;

    pub(crate) fn doc(url: &str, title: &str, body: &str) -> SearchDoc {
        SearchDoc {
            url: url.into(),
            title: title.into(),
            description: String::new(),
            aliases: vec![],
            tags: vec![],
            sections: vec![SearchSection {
                anchor: None,
                heading_path: vec![],
                text: body.into(),
            }],
            inlink_texts: vec![],
        }
    }

    #[test]
    fn front_coding_round_trips() {
        let terms = ["cach", "cache", "cachet", "consist", "dns", "é", "éa"];
        let coded = front_code(&terms);
        assert_eq!(front_decode(&coded), terms);
        assert!(coded.len() < terms.iter().map(|t| t.len() + 1).sum::<usize>() + terms.len());
    }

    #[test]
    fn shards_are_bounded_and_route_terms() {
        let docs: Vec<SearchDoc> = (0..200)
            .map(|i| {
                doc(
                    &format!("/n{i}/"),
                    &format!("Note {i}"),
                    &format!("word{i} common text about caching number{i}"),
                )
            })
            .collect();
        let files = build_static_index(&docs, 2_000).unwrap();
        let manifest: serde_json::Value = serde_json::from_slice(
            &files
                .iter()
                .find(|f| f.0 == "search/manifest.json")
                .unwrap()
                .1,
        )
        .unwrap();
        let shards = manifest["shards"].as_array().unwrap();
        assert!(shards.len() > 3, "{}", shards.len());
        let dir = manifest["dir"].as_str().unwrap();
        let dict_name = format!("search/{dir}/dict.txt");
        let dict = front_decode(
            std::str::from_utf8(&files.iter().find(|f| f.0 == dict_name).unwrap().1).unwrap(),
        );
        // Every term is in the shard whose range covers it, and only there.
        for (i, _) in dict.iter().enumerate() {
            let owner = shards
                .iter()
                .rposition(|s| s.as_u64().unwrap() as usize <= i)
                .unwrap();
            let name = format!("search/{dir}/s{owner}.json");
            let shard: serde_json::Value =
                serde_json::from_slice(&files.iter().find(|f| f.0 == name).unwrap().1).unwrap();
            assert!(
                shard.get(i.to_string()).is_some(),
                "term {i} not in shard {owner}"
            );
        }
        // A shard closes once it passes the bound, so it exceeds it by at most its last
        // term (a term's postings are never split; "common" is in every record here).
        for f in files.iter().filter(|f| f.0.contains("/s")) {
            let shard: serde_json::Map<String, serde_json::Value> =
                serde_json::from_slice(&f.1).unwrap();
            let last = shard
                .values()
                .map(|v| v.to_string().len() + 12)
                .max()
                .unwrap();
            assert!(f.1.len() < 2_000 + last, "{} is {} bytes", f.0, f.1.len());
        }
    }

    #[test]
    fn output_is_deterministic() {
        let docs: Vec<SearchDoc> = (0..50)
            .map(|i| doc(&format!("/n{i}/"), &format!("Note {i}"), "same words here"))
            .collect();
        assert_eq!(
            build_static_index(&docs, 4096).unwrap(),
            build_static_index(&docs, 4096).unwrap()
        );
    }

    #[test]
    fn cached_analysis_gives_the_same_index() {
        let mut docs: Vec<SearchDoc> = (0..30)
            .map(|i| {
                doc(
                    &format!("/n{i}/"),
                    &format!("Note {i}"),
                    "shared words and more",
                )
            })
            .collect();
        let cache = AnalysisCache::default();
        let first = build_static_index_cached(&docs, 4096, Some(&cache)).unwrap();
        assert_eq!(first, build_static_index(&docs, 4096).unwrap());
        assert_eq!(cache.len(), 30);
        docs[3].sections[0].text = "changed words entirely".into();
        let second = build_static_index_cached(&docs, 4096, Some(&cache)).unwrap();
        assert_eq!(second, build_static_index(&docs, 4096).unwrap());
        assert_eq!(cache.len(), 30, "the stale analysis was dropped");
    }

    #[test]
    fn norms_grow_with_length() {
        assert!(norm(10) < norm(100));
        assert_eq!(norm(0), 0);
    }
}
