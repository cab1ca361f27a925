//! Size and speed of the static search index on a generated 10,000-note corpus
//! (8 sections each, Zipf-distributed words): build time on one core, total bytes,
//! and the gzip bytes a cold query of one, two and three words fetches with the
//! browser client (run with node), plus its warm query time.
//!
//! Heavy, so ignored by default:
//! `cargo test --release --test search_size -- --ignored --nocapture`

use atlas::search::{build_static_index, SearchDoc, SearchSection};
use flate2::write::GzEncoder;
use flate2::Compression;
use std::io::Write;
use std::process::Command;
use std::time::Instant;

/// xorshift64*: a fixed, dependency-free generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A vocabulary of English-looking words (with inflections, so stemming matters).
fn vocabulary(n: usize) -> Vec<String> {
    let onsets = [
        "b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "st", "tr",
        "pl", "cr", "sh",
    ];
    let vowels = ["a", "e", "i", "o", "u", "ea", "io"];
    let codas = ["", "n", "r", "s", "t", "l", "nd", "st", "ck"];
    let suffixes = [
        "", "", "", "s", "ing", "ed", "er", "ion", "ation", "ity", "ness", "ment", "able",
    ];
    let mut rng = Rng(0x5eed);
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    while out.len() < n {
        let syllables = 1 + rng.below(3);
        let mut w = String::new();
        for _ in 0..syllables {
            w.push_str(onsets[rng.below(onsets.len())]);
            w.push_str(vowels[rng.below(vowels.len())]);
            w.push_str(codas[rng.below(codas.len())]);
        }
        w.push_str(suffixes[rng.below(suffixes.len())]);
        if seen.insert(w.clone()) {
            out.push(w);
        }
    }
    out
}

/// Picks word ranks with probability ∝ 1 / (rank + 2).
struct Zipf(Vec<f64>);

impl Zipf {
    fn new(n: usize) -> Zipf {
        let mut acc = 0.0;
        Zipf(
            (0..n)
                .map(|r| {
                    acc += 1.0 / (r as f64 + 2.0);
                    acc
                })
                .collect(),
        )
    }
    fn pick(&self, rng: &mut Rng) -> usize {
        let x = (rng.next() >> 11) as f64 / (1u64 << 53) as f64 * self.0[self.0.len() - 1];
        self.0.partition_point(|&c| c < x).min(self.0.len() - 1)
    }
}

fn corpus(notes: usize, vocab: &[String]) -> Vec<SearchDoc> {
    let zipf = Zipf::new(vocab.len());
    let mut rng = Rng(42);
    // `n` words, plus up to `extra` more.
    let words = |rng: &mut Rng, n: usize, extra: usize| -> String {
        let n = n + if extra > 0 { rng.below(extra) } else { 0 };
        (0..n)
            .map(|_| vocab[zipf.pick(rng)].as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    (0..notes)
        .map(|i| {
            let title = words(&mut rng, 2, 3);
            let mut sections = vec![SearchSection {
                anchor: None,
                heading_path: vec![],
                text: words(&mut rng, 40, 60).into(),
            }];
            for s in 0..7 {
                let heading = words(&mut rng, 1, 3);
                sections.push(SearchSection {
                    anchor: Some(format!("s{s}")),
                    heading_path: vec![heading],
                    text: words(&mut rng, 50, 80).into(),
                });
            }
            SearchDoc {
                url: format!("/kb/n{i}/"),
                title,
                description: words(&mut rng, 12, 0),
                aliases: if i % 4 == 0 {
                    vec![words(&mut rng, 2, 0)]
                } else {
                    vec![]
                },
                tags: vec![words(&mut rng, 1, 0), words(&mut rng, 1, 0)],
                sections,
                inlink_texts: {
                    let n = rng.below(4);
                    (0..n).map(|_| words(&mut rng, 2, 0)).collect()
                },
            }
        })
        .collect()
}

/// The bundled search client, written into `dir` for node.
fn client(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("search-client.js");
    std::fs::write(&path, atlas::search::client::bundle()).unwrap();
    path
}

fn gzip_len(bytes: &[u8]) -> usize {
    let mut e = GzEncoder::new(Vec::new(), Compression::new(6));
    e.write_all(bytes).unwrap();
    e.finish().unwrap().len()
}

#[test]
#[ignore = "heavy: run with --release -- --ignored --nocapture"]
fn search_index_size_and_speed_at_10000_notes() {
    let vocab = vocabulary(30_000);
    let docs = corpus(10_000, &vocab);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let start = Instant::now();
    // The site's default shard size, or ATLAS_SHARD_BYTES to compare others.
    let shard_bytes = std::env::var("ATLAS_SHARD_BYTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(48 * 1024);
    let files = pool.install(|| build_static_index(&docs, shard_bytes).unwrap());
    let took = start.elapsed();
    let total: usize = files.iter().map(|f| f.1.len()).sum();
    let kind = |name: &str| {
        let base = name.rsplit('/').next().unwrap();
        base.trim_end_matches(".json")
            .trim_end_matches(".txt")
            .trim_end_matches(|c: char| c.is_ascii_digit())
            .to_string()
    };
    println!(
        "10,000 notes, {} records, shards of {shard_bytes} bytes: built in {took:.2?} on one core; {} files, {:.1} MB",
        docs.iter().map(|d| d.sections.len()).sum::<usize>(),
        files.len(),
        total as f64 / 1e6
    );
    for k in ["w", "f", "s", "t", "p", "x", "r"] {
        let of: Vec<&(String, Vec<u8>)> = files.iter().filter(|f| kind(&f.0) == k).collect();
        let raw: usize = of.iter().map(|f| f.1.len()).sum();
        let gz: Vec<usize> = of.iter().map(|f| gzip_len(&f.1)).collect();
        println!(
            "  {k:8} {:5} files, {:9} bytes, gzip max {:6}, gzip mean {:6}",
            of.len(),
            raw,
            gz.iter().max().unwrap_or(&0),
            gz.iter().sum::<usize>() / gz.len().max(1)
        );
    }

    if Command::new("node").arg("--version").output().is_err() {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("CI=true but node is missing");
        }
        eprintln!("!!!!!!!!!! node not found: skipping the cold-query bytes !!!!!!!!!!");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (path, bytes) in &files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    let client = client(dir.path());
    let js_gz = gzip_len(&std::fs::read(&client).unwrap());
    let w = |r: usize| vocab[r].clone();
    let queries = [
        w(40),
        w(400),
        w(4000),
        format!("{} {}", w(60), w(700)),
        format!("{} {}", w(300), w(2500)),
        format!("{} {} {}", w(30), w(300), w(3000)),
        format!("{} {} {}", w(90), w(900), w(9000)),
    ];
    let script = format!(
        r#"const s = require({client:?}); const fs = require("fs"), zlib = require("zlib");
(async () => {{
  const out = [];
  for (const q of {queries}) {{
    let bytes = 0, files = 0;
    const e = s.createEngine(u => {{ const b = fs.readFileSync(u); bytes += zlib.gzipSync(b, {{ level: 6 }}).length; files++; return Promise.resolve(b.toString("utf8")); }}, "search/manifest.json");
    const r = await e.search(q, {{ limit: 10 }});
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < 20; i++) await e.search(q, {{ limit: 10 }});
    const warm = Number(process.hrtime.bigint() - t0) / 20e6;
    out.push({{ q, hits: r.length, bytes, files, warm }});
  }}
  console.log(JSON.stringify(out));
}})();"#,
        queries = serde_json::to_string(&queries).unwrap()
    );
    std::fs::write(dir.path().join("run.js"), script).unwrap();
    let out = Command::new("node")
        .arg("run.js")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    println!("  client search.js: {js_gz} bytes gzip");
    for r in rows.as_array().unwrap() {
        let bytes = r["bytes"].as_u64().unwrap() as usize;
        println!(
            "  {:40} {:2} hits, cold {:6} bytes gzip in {:2} files (+ JS {:6}), warm {:.2} ms",
            r["q"].as_str().unwrap(),
            r["hits"],
            bytes,
            r["files"],
            bytes + js_gz,
            r["warm"].as_f64().unwrap()
        );
        assert!(r["hits"].as_u64().unwrap() > 0, "{r}");
    }
    let one_term = rows[0]["bytes"].as_u64().unwrap() as usize + js_gz;
    assert!(
        one_term < 100_000,
        "a one-word cold query fetches {one_term} bytes"
    );
    assert!(js_gz < 15_000, "search.js is {js_gz} bytes gzip");
}

/// The files a fresh engine fetches for `query` over the index in `dir`:
/// `(file name, raw bytes)`.
fn fetched(dir: &std::path::Path, query: &str) -> Vec<(String, usize)> {
    let client = client(dir);
    let script = format!(
        r#"const s = require({client:?}); const fs = require("fs");
const got = [];
const e = s.createEngine(u => {{ const b = fs.readFileSync(u); got.push([u.replace(/.*\//, ""), b.length]); return Promise.resolve(b.toString("utf8")); }}, "search/manifest.json");
e.search({query:?}, {{ limit: 10 }}).then(r => console.log(JSON.stringify({{ got, hits: r.length }})));"#
    );
    let run = dir.join("fetched.js");
    std::fs::write(&run, script).unwrap();
    let out = Command::new("node")
        .arg(&run)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["hits"].as_u64().unwrap() > 0, "{query}: no results");
    v["got"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f[0].as_str().unwrap().to_string(),
                f[1].as_u64().unwrap() as usize,
            )
        })
        .collect()
}

/// A typo and a run-together word read a few small word lists, never the whole
/// dictionary: under a tenth of the word-list bytes, each.
#[test]
fn typos_and_run_together_words_fetch_a_few_word_lists() {
    if Command::new("node").arg("--version").output().is_err() {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("CI=true but node is missing");
        }
        eprintln!("!!!!!!!!!! node not found: skipping !!!!!!!!!!");
        return;
    }
    let vocab = vocabulary(8_000);
    let docs = corpus(300, &vocab);
    let files = build_static_index(&docs, 8 * 1024).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut lists = 0;
    for (path, bytes) in &files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
        let name = path.rsplit('/').next().unwrap();
        if name.ends_with(".txt") {
            lists += bytes.len();
        }
    }
    assert!(
        !files.iter().any(|f| f.0.ends_with("dict.txt")),
        "no whole dictionary"
    );
    // Words that occur (their records are in the corpus), long enough for a typo.
    let text: String = docs
        .iter()
        .map(|d| d.title.clone() + " ")
        .collect::<String>();
    let long: Vec<&String> = vocab
        .iter()
        .filter(|w| w.len() >= 7 && w.is_ascii() && text.contains(&format!(" {w} ")))
        .take(2)
        .collect();
    assert_eq!(long.len(), 2);
    // A transposition past the first two letters, and two words run together.
    let w = long[0];
    let typo = format!("{}{}{}{}", &w[..2], &w[3..4], &w[2..3], &w[4..]);
    let joined = format!("{}{}", long[0], long[1]);
    for query in [typo.as_str(), joined.as_str()] {
        let got = fetched(dir.path(), query);
        let read: usize = got
            .iter()
            .filter(|f| f.0.ends_with(".txt"))
            .map(|f| f.1)
            .sum();
        assert!(
            read * 10 < lists,
            "{query}: {read} of {lists} word-list bytes: {got:?}"
        );
        assert!(
            got.iter()
                .any(|f| f.0.starts_with('f') || f.0.starts_with('w')),
            "{got:?}"
        );
    }
}

/// The search client every page loads stays under 15 kB gzip (level 9, as a static host
/// serves it).
#[test]
fn search_client_is_under_15_kb_gzip() {
    let js = atlas::search::client::bundle();
    let mut e = GzEncoder::new(Vec::new(), Compression::new(9));
    e.write_all(js.as_bytes()).unwrap();
    let gz = e.finish().unwrap().len();
    assert!(gz < 15_000, "search.js is {gz} bytes gzip");
}
