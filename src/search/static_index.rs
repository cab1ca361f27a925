//! The static search index for the browser: the sorted terms in bounded shards, each
//! with its terms front-coded and their best postings (a query fetches only its words'
//! shards), records in chunks fetched only for shown results, word lists in small
//! files for typo correction and word cutting (see [`words`](super::words)), all
//! content-hashed behind a small manifest.
//!
//! Scores are computed at build time: each posting carries the term's BM25 score in
//! that record (per field, with the field boosts, summed over fields, as tantivy scores
//! a term over several boosted fields), quantised as `q = round(100 · ln(1 + score))`.
//! A term's postings are split in two tiers: its [`HEAD`] best postings go in the shard
//! that holds the term; the rest (its tail, none scoring above the head) go in
//! a separate file that the client fetches only when the head cannot decide the top
//! results. Positions (for phrases) live in their own files too.
//!
//! Formats (all text, so gzip on the wire does the heavy lifting):
//! - `manifest.json` (the only mutable name): the version directory (a hash of every
//!   index file), each shard's first term (`first`) and first term number (`shards`),
//!   the typo buckets' first letter and length (`typos`), the term, record and chunk
//!   counts and the score scale.
//! - `<version>/s<k>.json`: `{"t": <the shard's terms, front-coded>, "p": [entry, …]}`
//!   with one entry per term, in order: `[tail, tail_max, pos, tail_pos, postings]`;
//!   `tail` is 1 + the number of the term's tail file (0: no tail), `tail_max` the best
//!   `q` of the tail, `pos` and `tail_pos` the numbers of the positions files of its
//!   head and tail postings, then the head postings ascending by record as a string of
//!   one character per record delta, then one per `q` (see [`encode_postings`]). A query
//!   fetches the manifest and its words' shards only.
//! - `<version>/t<m>.json`: `{"<term number>": postings}`, the tails, encoded the same way.
//! - `<version>/p<m>.json` (head postings) and `<version>/x<m>.json` (tail postings):
//!   `{"<term number>": [rec delta, kept, pos delta…, …]}`; `kept` positions follow
//!   (at most [`MAX_POSITIONS`]); a position's range tells its field (see
//!   [`field`](super::records::field)). Fetched for phrases only, tiered like postings.
//! - `<version>/w<k>.txt`: the words (not pair terms) of shard `k`, sorted, one per line,
//!   each `<shared-prefix length as the char (48 + n)><rest of the term>` (see
//!   [`front_code`]). Fetched to learn whether a word is in the dictionary (cutting a
//!   run-together word, checking a typo's one-edit neighbours).
//! - `<version>/f<k>.txt`: the typo buckets: words by first letter and length, coded the
//!   same way (see [`words`](super::words)). Fetched only to correct typos.
//! - `<version>/r<c>.json`: `[[title, section, url, snippet text], …]`, [`CHUNK`] per
//!   file, fetched for the results shown.

use super::abbrev::Abbreviations;
use super::analyze::{words, FastMap, WordAnalyzer};
use super::records::{field, records, Record};
use super::words;
pub use super::words::{front_code, front_decode};
use super::{SearchDoc, SearchError};
use rayon::prelude::*;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Records per records file (a shown result fetches one small file). Four rather than
/// eight: the ten results of a first query are usually in ten different files, so this
/// halves their bytes (about 5 kB gzip a query at 10,000 notes) for twice the files.
pub const CHUNK: usize = 4;

/// Positions kept per posting in the positions files. Title, heading, tag and in-link
/// positions come first (they are the lowest numbers), so this keeps every field match
/// and the first body occurrences for phrases.
pub const MAX_POSITIONS: usize = 8;

/// Postings of a term kept in its shard (its best-scoring ones); the rest form its tail.
pub const HEAD: usize = 256;

/// Bound on the size of tail and positions files (raw bytes).
pub const SIDE_FILE_BYTES: usize = 6 * 1024;

/// Quantisation scale of scores: `q = round(SCALE · ln(1 + score))`.
pub const SCALE: f64 = 100.0;

/// BM25 parameters (tantivy's).
const K1: f64 = 1.2;
const B: f64 = 0.75;

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

/// Quantises a score (at least 1, so every posting counts).
pub fn quantize(score: f64) -> u32 {
    ((1.0 + score.max(0.0)).ln() * SCALE).round().max(1.0) as u32
}

/// The score a quantised value stands for.
pub fn dequantize(q: u32) -> f64 {
    (q as f64 / SCALE).exp() - 1.0
}

/// A record's analysis: its distinct terms, each with its positions (ascending) as a
/// range of `positions`, and its field lengths.
#[derive(Debug, Default)]
pub struct Analyzed {
    terms: Vec<(Arc<str>, u32, u32)>,
    positions: Vec<u32>,
    lens: FieldLens,
}

/// Tokens per field of a record (indexed like [`field::WEIGHTS`]).
pub type FieldLens = [u32; field::COUNT];

/// Record analyses kept across builds by the dev server, keyed by a hash of the
/// record's fields: a save re-analyzes only the sections it changed. Each build keeps
/// only the entries it used.
#[derive(Debug, Default)]
pub struct AnalysisCache {
    map: Mutex<HashMap<u64, Arc<Analyzed>>>,
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

    /// Bytes the kept analyses take (about), for `atlas serve -v`.
    pub fn heap_bytes(&self) -> usize {
        let map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        map.values().map(|a| a.heap_bytes()).sum::<usize>()
            + map.capacity() * (8 + std::mem::size_of::<Arc<Analyzed>>())
    }
}

impl Analyzed {
    /// Bytes this analysis takes (about).
    fn heap_bytes(&self) -> usize {
        std::mem::size_of::<Analyzed>()
            + self.terms.capacity() * std::mem::size_of::<(Arc<str>, u32, u32)>()
            + self.positions.capacity() * 4
    }
}

/// Bytes the calling thread's word memo takes (about), for `atlas serve -v`.
pub fn word_memo_bytes() -> usize {
    WORDS.with(|w| w.borrow().heap_bytes())
}

type PtrMap = FastMap<usize, u32>;

thread_local! {
    /// Each thread's word memo, kept across builds (the dev server rebuilds often).
    static WORDS: RefCell<WordAnalyzer> = RefCell::new(WordAnalyzer::default());
}

fn analyze_record(fields: &[(u32, String)]) -> Analyzed {
    WORDS.with(|w| {
        let wa = &mut *w.borrow_mut();
        let size: usize = fields.iter().map(|(_, t)| t.len()).sum();
        let mut slot_of = PtrMap::with_capacity_and_hasher(size / 8, Default::default());
        let mut terms: Vec<Arc<str>> = Vec::with_capacity(size / 8);
        // (slot << 32 | position) of every occurrence.
        let mut occ: Vec<u64> = Vec::with_capacity(size / 4);
        let mut lens = [0u32; field::COUNT];
        for (start, text) in fields {
            let f = field::of(*start);
            // A field never spills into the next one's positions.
            let limit = field::limit(f);
            let mut count = 0;
            let pairs = *start == field::PAIRS;
            // A name counts each of its words once: a note whose aliases repeat a word
            // is not more about it (tantivy's title field does the same, see
            // `analyze::once_analyzer`).
            let once = pairs || *start == field::TITLE;
            let mut seen: Vec<usize> = Vec::new();
            let tokens: Box<dyn Iterator<Item = &str>> = if pairs {
                Box::new(text.split(' ').filter(|t| !t.is_empty()))
            } else {
                Box::new(words(text))
            };
            for (pos, word) in (*start..limit).zip(tokens) {
                let word_terms = if pairs {
                    wa.verbatim(word)
                } else {
                    wa.terms(word)
                };
                for t in word_terms {
                    if once {
                        let ptr = Arc::as_ptr(t) as *const u8 as usize;
                        if seen.contains(&ptr) {
                            continue;
                        }
                        seen.push(ptr);
                    }
                    let slot = *slot_of
                        .entry(Arc::as_ptr(t) as *const u8 as usize)
                        .or_insert_with(|| {
                            terms.push(t.clone());
                            (terms.len() - 1) as u32
                        });
                    occ.push((slot as u64) << 32 | pos as u64);
                    count += 1;
                }
            }
            lens[f] += count;
        }
        occ.sort_unstable();
        occ.dedup();
        let mut out = Analyzed {
            terms: Vec::with_capacity(terms.len()),
            positions: Vec::with_capacity(occ.len()),
            lens,
        };
        let mut terms = terms.into_iter();
        let mut current = u32::MAX;
        for o in occ {
            let slot = (o >> 32) as u32;
            if slot != current {
                current = slot;
                let at = out.positions.len() as u32;
                out.terms
                    .push((terms.next().expect("one slot per term"), at, at));
            }
            out.positions.push(o as u32);
            out.terms.last_mut().expect("pushed").2 += 1;
        }
        out
    })
}

/// Analyzes every record (in parallel; unchanged ones come from `cache`).
fn analyze_records(
    recs: &[Record<'_>],
    abbreviations: &Abbreviations,
    cache: Option<&AnalysisCache>,
) -> Vec<Arc<Analyzed>> {
    let previous =
        cache.map(|c| std::mem::take(&mut *c.map.lock().unwrap_or_else(|e| e.into_inner())));
    let kept: Mutex<HashMap<u64, Arc<Analyzed>>> = Default::default();
    let analyses: Vec<Arc<Analyzed>> = recs
        .par_iter()
        .map(|r| {
            let fields = abbreviations.expand_fields(r.fields());
            let Some(previous) = &previous else {
                return Arc::new(analyze_record(&fields));
            };
            let starts: Vec<[u8; 4]> = fields.iter().map(|(s, _)| s.to_le_bytes()).collect();
            let key = crate::memo::hash_parts(
                fields
                    .iter()
                    .zip(&starts)
                    .flat_map(|((_, t), s)| [&s[..], t.as_bytes()]),
            );
            let analyzed = previous
                .get(&key)
                .cloned()
                .unwrap_or_else(|| Arc::new(analyze_record(&fields)));
            kept.lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(key, analyzed.clone());
            analyzed
        })
        .collect();
    if let Some(c) = cache {
        *c.map.lock().unwrap_or_else(|e| e.into_inner()) =
            kept.into_inner().unwrap_or_else(|e| e.into_inner());
    }
    analyses
}

/// One term's postings: records ascending, each with its positions.
#[derive(Default)]
struct PostingList {
    recs: Vec<u32>,
    /// Where each posting's positions end in `positions`.
    ends: Vec<u32>,
    positions: Vec<u32>,
}

impl PostingList {
    fn positions(&self, j: usize) -> &[u32] {
        let from = if j == 0 { 0 } else { self.ends[j - 1] };
        &self.positions[from as usize..self.ends[j] as usize]
    }
}

/// Sorted terms and their postings. The records are split into one run per thread,
/// each inverted in one pass over its records in order, and the runs' postings are
/// joined in record order. Each analysis is dropped once inverted (unless the dev
/// server's cache holds it), so the analyses and the postings, each about the size of
/// the index, are not all held at once.
fn invert(mut analyses: Vec<Arc<Analyzed>>) -> (Vec<Arc<str>>, Vec<PostingList>) {
    let per_run = analyses
        .len()
        .div_ceil(rayon::current_num_threads())
        .max(MIN_RUN);
    let mut runs: Vec<(u32, Vec<Arc<Analyzed>>)> = Vec::new();
    while analyses.len() > per_run {
        let first = analyses.len() - per_run;
        runs.push((first as u32, analyses.split_off(first)));
    }
    runs.push((0, analyses));
    runs.reverse();
    let Inverted { by_text, mut lists } = runs
        .into_par_iter()
        .map(|(first, run)| invert_run(run, first))
        .reduce(Inverted::default, Inverted::join);
    let mut terms: Vec<(Arc<str>, u32)> = by_text.into_iter().collect();
    terms.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let lists = terms
        .iter()
        .map(|(_, id)| std::mem::take(&mut lists[*id as usize]))
        .collect();
    (terms.into_iter().map(|(t, _)| t).collect(), lists)
}

/// Below this many records a run is not split further (joining runs costs a lookup
/// per distinct term).
const MIN_RUN: usize = 512;

/// The terms of a run of records, unsorted, and their postings.
#[derive(Default)]
struct Inverted {
    by_text: FastMap<Arc<str>, u32>,
    lists: Vec<PostingList>,
}

impl Inverted {
    /// `self` followed by `later`, a run of later records.
    fn join(mut self, later: Inverted) -> Inverted {
        if self.lists.is_empty() {
            return later;
        }
        let mut lists = later.lists;
        for (t, id) in later.by_text {
            let list = std::mem::take(&mut lists[id as usize]);
            match self.by_text.get(&t) {
                Some(&mine) => self.lists[mine as usize].append(list),
                None => {
                    self.by_text.insert(t, self.lists.len() as u32);
                    self.lists.push(list);
                }
            }
        }
        self
    }
}

impl PostingList {
    /// Adds `later`'s postings (of later records) after these.
    fn append(&mut self, later: PostingList) {
        let offset = self.positions.len() as u32;
        self.recs.extend_from_slice(&later.recs);
        self.ends.extend(later.ends.iter().map(|e| e + offset));
        self.positions.extend_from_slice(&later.positions);
    }
}

/// Inverts `analyses`, the records numbered from `first`, in one pass.
fn invert_run(analyses: Vec<Arc<Analyzed>>, first: u32) -> Inverted {
    // Terms are told apart by pointer first (equal terms analyzed by one thread share
    // one allocation), then by text. Every pointer seen is kept alive in `seen`, so that
    // no later term can be allocated at the address of a dropped one.
    let mut by_ptr: PtrMap = FastMap::default();
    let mut seen: Vec<Arc<str>> = Vec::new();
    let mut run = Inverted::default();
    for (rec, a) in (first..).zip(analyses) {
        for (t, from, to) in &a.terms {
            let ptr = Arc::as_ptr(t) as *const u8 as usize;
            let id = match by_ptr.get(&ptr) {
                Some(id) => *id,
                None => {
                    let id = match run.by_text.get(&**t) {
                        Some(id) => *id,
                        None => {
                            run.by_text.insert(t.clone(), run.lists.len() as u32);
                            run.lists.push(PostingList::default());
                            (run.lists.len() - 1) as u32
                        }
                    };
                    by_ptr.insert(ptr, id);
                    seen.push(t.clone());
                    id
                }
            };
            let list = &mut run.lists[id as usize];
            list.recs.push(rec);
            list.positions
                .extend_from_slice(&a.positions[*from as usize..*to as usize]);
            list.ends.push(list.positions.len() as u32);
        }
    }
    run
}

/// Collection statistics for BM25.
struct Stats {
    /// Records.
    n: f64,
    /// Average tokens per field, over the records that have the field (as Lucene
    /// does: title and in-link text belong to a note's first record only, and an
    /// average over every record would make each title look eight times too long).
    avg: [f64; field::COUNT],
}

impl Stats {
    fn new(lens: &[FieldLens]) -> Stats {
        let n = lens.len().max(1) as f64;
        let mut avg = [0.0; field::COUNT];
        let mut with = [0u32; field::COUNT];
        for l in lens {
            for ((s, w), v) in avg.iter_mut().zip(&mut with).zip(l) {
                *s += *v as f64;
                *w += u32::from(*v > 0);
            }
        }
        for (a, w) in avg.iter_mut().zip(with) {
            *a /= w.max(1) as f64;
        }
        Stats { n, avg }
    }
}

/// The quantised score of one term in each record of its postings: per field, BM25
/// (tantivy's: idf from the field's document frequency, the field's length against its
/// average) times the field boost, summed over fields.
fn term_scores(list: &PostingList, lens: &[FieldLens], stats: &Stats) -> Vec<u32> {
    let mut df = [0u32; field::COUNT];
    let tfs: Vec<[u32; field::COUNT]> = (0..list.recs.len())
        .map(|j| {
            let mut tf = [0u32; field::COUNT];
            for p in list.positions(j) {
                tf[field::of(*p)] += 1;
            }
            for (d, t) in df.iter_mut().zip(&tf) {
                *d += u32::from(*t > 0);
            }
            tf
        })
        .collect();
    let idf = df.map(|d| {
        let d = d as f64;
        (1.0 + (stats.n - d + 0.5) / (d + 0.5)).ln()
    });
    list.recs
        .iter()
        .zip(&tfs)
        .map(|(rec, tf)| {
            let l = &lens[*rec as usize];
            let mut score = 0.0;
            for f in 0..field::COUNT {
                if tf[f] == 0 {
                    continue;
                }
                let t = tf[f] as f64;
                let norm = K1 * (1.0 - B + B * l[f] as f64 / stats.avg[f].max(1e-9));
                score += field::WEIGHTS[f].1 as f64 * idf[f] * t * (K1 + 1.0) / (t + norm);
            }
            quantize(score)
        })
        .collect()
}

/// One term's serialised postings.
struct TermFiles {
    /// The head's postings, as an [`encode_postings`] string.
    head: String,
    /// The tail's postings (an [`encode_postings`] string), if any, and its best `q`.
    tail: Option<(String, u32)>,
    /// `[rec delta, kept, pos delta…, …]` of the head postings.
    head_positions: String,
    /// The same for the tail postings.
    tail_positions: String,
}

fn push_num(buf: &mut String, num: &mut itoa::Buffer, v: u32) {
    if !buf.is_empty() {
        buf.push(',');
    }
    buf.push_str(num.format(v));
}

/// The code point that stands for `v` in a postings string: `0x30 + v`, stepping over
/// the surrogate range (so every value is one character of a valid string).
fn value_char(v: u32) -> char {
    let c = 0x30 + v;
    let c = if c >= 0xD800 { c + 0x800 } else { c };
    char::from_u32(c).expect("record numbers and scores fit below U+10FFFF")
}

/// The value a [`value_char`] stands for.
fn char_value(c: char) -> u32 {
    let c = c as u32;
    if c >= 0xE000 {
        c - 0x800 - 0x30
    } else {
        c - 0x30
    }
}

/// `(rec, q)` postings, ascending by record, as a JSON string: one character per record
/// delta, then one per `q` (see [`value_char`]). A character per number instead of
/// comma-separated digits makes the postings files about a seventh smaller after gzip.
pub fn encode_postings(list: &[(u32, u32)]) -> String {
    let mut text = String::with_capacity(list.len() * 3);
    let mut prev = 0;
    for (rec, _) in list {
        text.push(value_char(rec - prev));
        prev = *rec;
    }
    for (_, q) in list {
        text.push(value_char(*q));
    }
    serde_json::to_string(&text).expect("a string serialises")
}

/// Reads [`encode_postings`] text (the string's contents) back into `(rec, q)` postings.
pub fn decode_postings(text: &str) -> Vec<(u32, u32)> {
    let values: Vec<u32> = text.chars().map(char_value).collect();
    let (deltas, qs) = values.split_at(values.len() / 2);
    let mut rec = 0;
    deltas
        .iter()
        .zip(qs)
        .map(|(d, q)| {
            rec += d;
            (rec, *q)
        })
        .collect()
}

/// `[rec delta, kept, pos delta…, …]` of the postings `j` of `list` (ascending).
fn positions_of(list: &PostingList, js: impl Iterator<Item = usize>) -> String {
    let mut num = itoa::Buffer::new();
    let mut out = String::new();
    let mut prev_rec = 0;
    for j in js {
        let rec = list.recs[j];
        let pos = list.positions(j);
        let kept = pos.len().min(MAX_POSITIONS);
        push_num(&mut out, &mut num, rec - prev_rec);
        push_num(&mut out, &mut num, kept as u32);
        prev_rec = rec;
        let mut prev = 0;
        for p in &pos[..kept] {
            push_num(&mut out, &mut num, p - prev);
            prev = *p;
        }
    }
    format!("[{out}]")
}

fn term_files(list: &PostingList, lens: &[FieldLens], stats: &Stats) -> TermFiles {
    let qs = term_scores(list, lens, stats);
    let all: Vec<(u32, u32)> = list.recs.iter().copied().zip(qs).collect();
    if all.len() <= HEAD {
        return TermFiles {
            head: encode_postings(&all),
            tail: None,
            head_positions: positions_of(list, 0..all.len()),
            tail_positions: String::new(),
        };
    }
    // The HEAD best postings (ties: lower record first), each tier ascending by record.
    let mut order: Vec<usize> = (0..all.len()).collect();
    order.select_nth_unstable_by(HEAD - 1, |&a, &b| all[b].1.cmp(&all[a].1).then(a.cmp(&b)));
    let mut in_head = vec![false; all.len()];
    for &i in &order[..HEAD] {
        in_head[i] = true;
    }
    let in_head = &in_head;
    let tier = |h: bool| (0..all.len()).filter(move |&j| in_head[j] == h);
    let head: Vec<(u32, u32)> = tier(true).map(|j| all[j]).collect();
    let tail: Vec<(u32, u32)> = tier(false).map(|j| all[j]).collect();
    let tail_max = tail.iter().map(|p| p.1).max().unwrap_or(0);
    TermFiles {
        head: encode_postings(&head),
        tail: Some((encode_postings(&tail), tail_max)),
        head_positions: positions_of(list, tier(true)),
        tail_positions: positions_of(list, tier(false)),
    }
}

/// Groups `(term number, JSON value)` into `{"<term>":value,…}` files of about `bound`
/// bytes named `<prefix><m>.json`, noting each term's file number in `file_of`.
fn group_keyed(
    entries: impl Iterator<Item = (usize, String)>,
    bound: usize,
    prefix: &str,
    files: &mut Vec<(String, Vec<u8>)>,
    file_of: &mut [u32],
) {
    let mut num = itoa::Buffer::new();
    let mut buf = String::new();
    let mut count = 0u32;
    let flush = |buf: &mut String, files: &mut Vec<(String, Vec<u8>)>, count: &mut u32| {
        if !buf.is_empty() {
            buf.push('}');
            files.push((
                format!("{prefix}{count}.json"),
                std::mem::take(buf).into_bytes(),
            ));
            *count += 1;
        }
    };
    for (term, entry) in entries {
        if buf.len() >= bound {
            flush(&mut buf, files, &mut count);
        }
        buf.push(if buf.is_empty() { '{' } else { ',' });
        buf.push('"');
        buf.push_str(num.format(term));
        buf.push_str("\":");
        // `entry` is owned and dropped after this: a term's parts are freed as the
        // files that hold them grow.
        buf.push_str(&entry);
        file_of[term] = count;
    }
    flush(&mut buf, files, &mut count);
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
    let shard_bytes = shard_bytes.max(256);
    let recs = records(docs);
    let abbreviations = Abbreviations::learn(docs);
    let analyses = analyze_records(&recs, &abbreviations, cache);
    let lens: Vec<FieldLens> = analyses.iter().map(|a| a.lens).collect();
    let stats = Stats::new(&lens);
    let (terms, lists) = invert(analyses);
    let term_strs: Vec<&str> = terms.iter().map(|t| &**t).collect();
    let mut files = Vec::new();
    let (typo_keys, typo_files) = words::typo_buckets(&term_strs, words::TYPO_FILE_BYTES);
    for (k, text) in typo_files.into_iter().enumerate() {
        files.push((format!("f{k}.txt"), text.into_bytes()));
    }

    // Each term's postings, scored and serialised in parallel; then grouped into files.
    let mut per_term: Vec<TermFiles> = lists
        .par_iter()
        .map(|list| term_files(list, &lens, &stats))
        .collect();
    drop(lists);
    // Tails and positions are fetched a term at a time, so their files are kept smaller
    // than shards: a file holds one large term or a few small ones.
    let side_bytes = shard_bytes.min(SIDE_FILE_BYTES);
    let mut tail_file = vec![0u32; terms.len()];
    group_keyed(
        per_term
            .iter_mut()
            .enumerate()
            .filter_map(|(i, t)| t.tail.as_mut().map(|(s, _)| (i, std::mem::take(s)))),
        side_bytes,
        "t",
        &mut files,
        &mut tail_file,
    );
    let mut pos_file = vec![0u32; terms.len()];
    group_keyed(
        per_term
            .iter_mut()
            .enumerate()
            .map(|(i, t)| (i, std::mem::take(&mut t.head_positions))),
        side_bytes,
        "p",
        &mut files,
        &mut pos_file,
    );
    let mut tail_pos_file = vec![0u32; terms.len()];
    group_keyed(
        per_term
            .iter_mut()
            .enumerate()
            .filter(|(_, t)| t.tail.is_some())
            .map(|(i, t)| (i, std::mem::take(&mut t.tail_positions))),
        side_bytes,
        "x",
        &mut files,
        &mut tail_pos_file,
    );
    // Shards: consecutive terms (front-coded afresh in each) with their heads, in
    // files of about `shard_bytes`.
    let mut shards: Vec<usize> = Vec::new();
    let mut buf = String::new();
    let mut num = itoa::Buffer::new();
    let flush = |buf: &mut String, files: &mut Vec<(String, Vec<u8>)>, first: usize, end: usize| {
        let dict = serde_json::to_string(&front_code(&term_strs[first..end]))
            .expect("a string serialises");
        let json = format!("{{\"t\":{dict},\"p\":[{buf}]}}");
        buf.clear();
        let k = files.len() / 2;
        files.push((format!("s{k}.json"), json.into_bytes()));
        let list = words::word_list(&term_strs[first..end]);
        files.push((format!("w{k}.txt"), list.into_bytes()));
    };
    let mut shard_files = Vec::new();
    for (i, t) in per_term.iter_mut().enumerate() {
        if buf.len() >= shard_bytes {
            flush(
                &mut buf,
                &mut shard_files,
                *shards.last().expect("open shard"),
                i,
            );
        }
        if buf.is_empty() {
            shards.push(i);
        } else {
            buf.push(',');
        }
        let (tail, tail_max) = match &t.tail {
            Some((_, max)) => (tail_file[i] + 1, *max),
            None => (0, 0),
        };
        buf.push('[');
        buf.push_str(num.format(tail));
        buf.push(',');
        buf.push_str(num.format(tail_max));
        buf.push(',');
        buf.push_str(num.format(pos_file[i]));
        buf.push(',');
        buf.push_str(num.format(tail_pos_file[i]));
        buf.push(',');
        buf.push_str(&std::mem::take(&mut t.head));
        buf.push(']');
    }
    if let Some(first) = shards.last() {
        flush(&mut buf, &mut shard_files, *first, per_term.len());
    }
    files.extend(shard_files);
    drop(per_term);

    let record_files = record_chunks(&recs, &mut files)?;

    let dir = version_dir(&files);
    let manifest = serde_json::json!({
        "v": 6,
        "dir": dir,
        "terms": terms.len(),
        "first": shards.iter().map(|&i| &*terms[i]).collect::<Vec<_>>(),
        "shards": shards,
        "typos": typo_keys,
        "records": record_files,
        "chunk": CHUNK,
        "n": recs.len(),
        "scale": SCALE,
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

/// The records in chunks of [`CHUNK`] (`r<n>.json`, serialised in parallel), added to
/// `files`; returns how many chunks there are.
fn record_chunks(
    recs: &[Record<'_>],
    files: &mut Vec<(String, Vec<u8>)>,
) -> Result<usize, SearchError> {
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
    let count = chunks.len();
    for (n, json) in chunks.into_iter().enumerate() {
        files.push((format!("r{n}.json"), json?.into_bytes()));
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::SearchSection;
    use serde_json::Value;

    pub(crate) fn doc(url: &str, title: &str, body: &str) -> SearchDoc {
        SearchDoc::one_section(url, title, body)
    }

    /// A built index, read back the way the client reads it.
    struct Read {
        files: HashMap<String, Vec<u8>>,
        manifest: Value,
        dict: Vec<String>,
    }

    impl Read {
        fn new(files: Vec<(String, Vec<u8>)>) -> Read {
            let files: HashMap<String, Vec<u8>> = files.into_iter().collect();
            let manifest: Value = serde_json::from_slice(&files["search/manifest.json"]).unwrap();
            let mut r = Read {
                files,
                manifest,
                dict: vec![],
            };
            // The dictionary: every shard's terms in order.
            r.dict = (0..r.shards().len())
                .flat_map(|k| {
                    let shard = r.json(&format!("s{k}.json"));
                    front_decode(shard["t"].as_str().unwrap())
                })
                .collect();
            r
        }
        fn file(&self, name: &str) -> Vec<u8> {
            let path = format!("search/{}/{name}", self.manifest["dir"].as_str().unwrap());
            self.files
                .get(&path)
                .unwrap_or_else(|| panic!("{path} missing"))
                .clone()
        }
        fn json(&self, name: &str) -> Value {
            serde_json::from_slice(&self.file(name)).unwrap()
        }
        fn shards(&self) -> Vec<usize> {
            let s = self.manifest["shards"].as_array().unwrap();
            s.iter().map(|v| v.as_u64().unwrap() as usize).collect()
        }
        fn term(&self, t: &str) -> usize {
            self.dict.iter().position(|d| d == t).expect(t)
        }
        /// The shard entry of term `i`: (tail file + 1, tail max, positions files
        /// of head and tail, head).
        fn entry(&self, i: usize) -> (u64, u64, [u64; 2], Vec<(u32, u32)>) {
            let shards = self.shards();
            let k = shards.iter().rposition(|&s| s <= i).unwrap();
            let shard = self.json(&format!("s{k}.json"));
            let e = shard["p"][i - shards[k]].as_array().unwrap();
            let n: Vec<u64> = e[..4].iter().map(|v| v.as_u64().unwrap()).collect();
            let head = decode_postings(e[4].as_str().unwrap());
            (n[0], n[1], [n[2], n[3]], head)
        }
        /// Head and tail of a term, ascending by record.
        fn postings(&self, t: &str) -> (Postings, Postings, u32) {
            let i = self.term(t);
            let (tail, max, _, head) = self.entry(i);
            let tail = if tail == 0 {
                vec![]
            } else {
                let f = self.json(&format!("t{}.json", tail - 1));
                decode_postings(f[i.to_string()].as_str().unwrap())
            };
            (head, tail, max as u32)
        }
        /// Positions of a term per record (head, then tail records).
        fn positions(&self, t: &str) -> Vec<(u32, Vec<u32>)> {
            let i = self.term(t);
            let (tail, _, [p, x], _) = self.entry(i);
            let mut out = vec![];
            let mut files = vec![format!("p{p}.json")];
            if tail > 0 {
                files.push(format!("x{x}.json"));
            }
            for name in files {
                let f = self.json(&name);
                let a: Vec<u32> = f[i.to_string()]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_u64().unwrap() as u32)
                    .collect();
                let (mut at, mut rec) = (0, 0);
                while at < a.len() {
                    rec += a[at];
                    let kept = a[at + 1] as usize;
                    let mut pos = vec![];
                    let mut p = 0;
                    for d in &a[at + 2..at + 2 + kept] {
                        p += d;
                        pos.push(p);
                    }
                    out.push((rec, pos));
                    at += 2 + kept;
                }
            }
            out
        }
    }

    /// `(record, q)` postings.
    type Postings = Vec<(u32, u32)>;

    #[test]
    fn postings_strings_round_trip() {
        // Deltas and scores that land around the surrogate range and past the BMP.
        let list = [
            (0, 1),
            (1, 600),
            (0xD7CF, 7),
            (0xD7D0 + 0xD7CF, 2),
            (200_000, 44),
        ];
        let json = encode_postings(&list);
        let text: String = serde_json::from_str(&json).unwrap();
        assert_eq!(text.chars().count(), 2 * list.len());
        assert_eq!(decode_postings(&text), list);
        assert_eq!(encode_postings(&[]), "\"\"");
    }

    #[test]
    fn front_coding_round_trips() {
        let terms = ["cach", "cache", "cachet", "consist", "dns", "é", "éa"];
        let coded = front_code(&terms);
        assert_eq!(front_decode(&coded), terms);
        assert!(coded.len() < terms.iter().map(|t| t.len() + 1).sum::<usize>() + terms.len());
        // Long shared prefixes are capped, not corrupted.
        let long = ["a".repeat(90), "a".repeat(95)];
        let long: Vec<&str> = long.iter().map(String::as_str).collect();
        assert_eq!(front_decode(&front_code(&long)), long);
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
        let r = Read::new(build_static_index(&docs, 2_000).unwrap());
        let shards = r.shards();
        assert!(shards.len() > 3, "{}", shards.len());
        assert_eq!(r.manifest["terms"].as_u64().unwrap() as usize, r.dict.len());
        // Every term is in the shard the dictionary routes it to, with the records
        // that hold it.
        for i in 0..200u32 {
            let (head, tail, _) = r.postings(&format!("word{i}"));
            assert_eq!(head.iter().map(|p| p.0).collect::<Vec<_>>(), [i]);
            assert!(tail.is_empty());
        }
        let (head, tail, _) = r.postings("common");
        assert_eq!(head.len() + tail.len(), 200);
        // Every shard entry belongs to exactly one term, and the shard names its terms:
        // the dictionary's range from the shard's first term, which the manifest names.
        let mut entries = 0;
        for (k, first) in shards.iter().enumerate() {
            let shard = r.json(&format!("s{k}.json"));
            let n = shard["p"].as_array().unwrap().len();
            let names = front_decode(shard["t"].as_str().unwrap());
            assert_eq!(names, r.dict[*first..first + n]);
            assert_eq!(r.manifest["first"][k].as_str().unwrap(), r.dict[*first]);
            // Its word list: the same terms without the pair terms.
            let list = front_decode(std::str::from_utf8(&r.file(&format!("w{k}.txt"))).unwrap());
            let words: Vec<&String> = names.iter().filter(|t| words::is_word(t)).collect();
            assert_eq!(list.iter().collect::<Vec<_>>(), words);
            entries += n;
        }
        assert_eq!(entries, r.dict.len());
        // The typo buckets hold every word once, and no pair term.
        let keys = r.manifest["typos"].as_array().unwrap();
        let mut bucketed: Vec<String> = (0..keys.len())
            .flat_map(|k| front_decode(std::str::from_utf8(&r.file(&format!("f{k}.txt"))).unwrap()))
            .collect();
        bucketed.sort();
        let mut all_words: Vec<String> = r
            .dict
            .iter()
            .filter(|t| words::is_word(t))
            .cloned()
            .collect();
        all_words.sort();
        assert_eq!(bucketed, all_words);
        assert!(
            r.dict.iter().any(|t| !words::is_word(t)),
            "pair terms exist"
        );
        // A shard closes once it passes the bound, so it exceeds it by at most its last
        // term's entry (a term's head is never split).
        for (name, bytes) in r.files.iter().filter(|f| f.0.contains("/s")) {
            let shard: Value = serde_json::from_slice(bytes).unwrap();
            let heads = shard["p"].as_array().unwrap();
            let last = heads.iter().map(|v| v.to_string().len() + 1).max().unwrap();
            let names = shard["t"].to_string().len();
            assert!(
                bytes.len() < 2_000 + last + names + 16,
                "{name} is {} bytes",
                bytes.len()
            );
        }
    }

    #[test]
    fn heads_hold_the_best_postings_and_tails_the_rest() {
        let docs: Vec<SearchDoc> = (0..HEAD as u32 + 300)
            .map(|i| {
                let title = if i % 50 == 7 {
                    "Common ground"
                } else {
                    "Other"
                };
                let body = "common words ".repeat(1 + (i as usize % 5));
                doc(&format!("/n{i}/"), title, &body)
            })
            .collect();
        let r = Read::new(build_static_index(&docs, 4096).unwrap());
        let (head, tail, max) = r.postings("common");
        assert_eq!(head.len(), HEAD);
        assert_eq!(tail.len(), 300);
        assert!(
            head.windows(2).all(|w| w[0].0 < w[1].0),
            "ascending records"
        );
        assert!(
            tail.windows(2).all(|w| w[0].0 < w[1].0),
            "ascending records"
        );
        let head_min = head.iter().map(|p| p.1).min().unwrap();
        assert!(head_min >= max, "head min {head_min} < tail max {max}");
        assert_eq!(tail.iter().map(|p| p.1).max().unwrap(), max);
        for i in (7..docs.len() as u32).step_by(50) {
            assert!(head.iter().any(|p| p.0 == i), "title match {i} in the head");
        }
        // Head and tail together are exactly the term's postings.
        let mut all: Vec<u32> = head.iter().chain(&tail).map(|p| p.0).collect();
        all.sort_unstable();
        assert_eq!(all, (0..docs.len() as u32).collect::<Vec<_>>());
    }

    #[test]
    fn title_beats_heading_beats_body() {
        let mut docs = vec![
            doc("/a/", "Gossip protocols", "how nodes talk"),
            doc(
                "/b/",
                "Membership",
                "gossip spreads state; gossip converges; gossip",
            ),
            doc("/c/", "Failure detection", "timeouts"),
        ];
        docs[2].sections.push(SearchSection {
            anchor: Some("gossip".into()),
            heading_path: vec!["Failure detection".into(), "Gossip".into()],
            text: "phi accrual".into(),
        });
        for i in 0..20 {
            docs.push(doc(&format!("/f{i}/"), "Filler", "unrelated text"));
        }
        let r = Read::new(build_static_index(&docs, 4096).unwrap());
        let (head, _, _) = r.postings("gossip");
        let q = |rec: u32| head.iter().find(|p| p.0 == rec).unwrap().1;
        // Records: a=0, b=1, c intro=2, c#gossip=3.
        assert!(q(0) > q(3), "title {} vs heading {}", q(0), q(3));
        assert!(q(3) > q(1), "heading {} vs body {}", q(3), q(1));
    }

    #[test]
    fn positions_say_where_words_are() {
        let docs = vec![doc(
            "/a/",
            "Write ahead log",
            "the write ahead log is durable",
        )];
        let r = Read::new(build_static_index(&docs, 4096).unwrap());
        let write = r.positions("write");
        assert_eq!(write, [(0, vec![field::TITLE, field::BODY + 1])]);
        let log = r.positions("log");
        assert_eq!(log, [(0, vec![field::TITLE + 2, field::BODY + 3])]);
    }

    #[test]
    fn tail_positions_are_apart_from_head_positions() {
        let docs: Vec<SearchDoc> = (0..HEAD as u32 + 40)
            .map(|i| {
                doc(
                    &format!("/n{i}/"),
                    "Note",
                    &("pad ".repeat(i as usize % 7) + "word"),
                )
            })
            .collect();
        let r = Read::new(build_static_index(&docs, 4096).unwrap());
        let (head, tail, _) = r.postings("word");
        assert_eq!(tail.len(), 40);
        let mut pos = r.positions("word");
        assert_eq!(pos.len(), head.len() + tail.len());
        // Head records first, then tail records, each with the word's body position.
        let heads: Vec<u32> = pos[..HEAD].iter().map(|p| p.0).collect();
        assert_eq!(heads, head.iter().map(|p| p.0).collect::<Vec<_>>());
        pos.sort();
        for (rec, p) in pos {
            assert_eq!(p, [field::BODY + rec % 7], "record {rec}");
        }
    }

    #[test]
    fn quantised_scores_round_trip() {
        for s in [0.5, 1.0, 3.7, 12.0, 80.0] {
            let back = dequantize(quantize(s));
            assert!((back - s).abs() / (1.0 + s) < 0.01, "{s} -> {back}");
        }
        assert_eq!(quantize(0.0), 1);
    }

    #[test]
    fn runs_inverted_apart_join_into_the_postings_of_one_pass() {
        let words = ["cache", "shard", "lease", "quorum", "replica", "log"];
        let analyses: Vec<Arc<Analyzed>> = (0..1500usize)
            .map(|i| {
                let body: Vec<&str> = (0..1 + i % 7).map(|k| words[(i + k * k) % 6]).collect();
                let fields = vec![
                    (field::TITLE, format!("note {}", i % 40)),
                    (field::BODY, body.join(" ")),
                ];
                Arc::new(analyze_record(&fields))
            })
            .collect();
        let one = invert_run(analyses.clone(), 0);
        let mut expected: Vec<(Arc<str>, u32)> = one.by_text.into_iter().collect();
        expected.sort();
        // Four threads: three runs (512, 512 and 476 records), joined twice.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(4)
            .build()
            .unwrap();
        let (terms, lists) = pool.install(|| invert(analyses));
        assert_eq!(terms.len(), expected.len());
        for ((t, list), (e, id)) in terms.iter().zip(&lists).zip(&expected) {
            let want = &one.lists[*id as usize];
            assert_eq!(t, e);
            assert_eq!(list.recs, want.recs, "{t}");
            assert_eq!(list.ends, want.ends, "{t}");
            assert_eq!(list.positions, want.positions, "{t}");
        }
        assert!(lists.iter().any(|l| l.recs.len() > 1000), "terms span runs");
    }

    #[test]
    fn output_is_deterministic() {
        let docs: Vec<SearchDoc> = (0..300)
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
}
