//! The browser search client, run with node: it analyzes exactly like the build
//! (over 5,000+ words, including every word of the Atlas), and over a fixture index it
//! finds titles, aliases, typos, prefixes and phrases, agreeing with the tantivy
//! reference ranking on the top result.

mod common;
use atlas::search::{SearchDoc, SearchSection};
use std::path::Path;
use std::process::Command;

fn node() -> Option<&'static str> {
    if Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        return Some("node");
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("CI=true but node is missing: the search client tests need it");
    }
    eprintln!("\n!!!!!!!!!! SKIPPING search client test: node not found !!!!!!!!!!\n");
    None
}

fn run_node(script: &str, dir: &Path) -> String {
    let path = dir.join("run.js");
    std::fs::write(&path, script).unwrap();
    let out = Command::new("node")
        .arg(&path)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn client() -> String {
    common::search_client().to_string_lossy().into_owned()
}

/// English-like words that walk the stemmer's rules: roots × suffixes × prefixes.
fn generated_words() -> Vec<String> {
    let roots = [
        "connect", "replic", "consist", "hash", "cach", "partit", "shard", "lead", "elect",
        "queue", "stream", "index", "schedul", "balanc", "rout", "compress", "encrypt", "authent",
        "author", "valid", "process", "commit", "transact", "isol", "lock", "rate", "limit",
        "throttl", "retr", "fail", "recov", "deploy", "migrat", "observ", "monitor", "alert",
        "log", "trac", "measur", "estim", "scal", "avail", "reli", "durab", "gener", "commun",
        "arsen", "happ", "cry", "agre", "feed", "hop", "siz", "nation", "formal", "sens",
    ];
    let suffixes = [
        "", "s", "es", "ed", "ing", "ingly", "edly", "ly", "er", "ers", "est", "ion", "ions",
        "ional", "ionally", "ization", "izations", "ize", "izer", "ate", "ated", "ating", "ation",
        "ational", "ative", "ive", "iveness", "ful", "fulness", "ness", "ous", "ousness", "ously",
        "ment", "ments", "ement", "ence", "ance", "ency", "ancy", "able", "ible", "ability",
        "ibility", "al", "alism", "ality", "ally", "ic", "ical", "ically", "icate", "iciti", "ism",
        "ist", "ity", "y", "ies", "ied", "eed", "eedly", "ogy", "logi", "li", "bli",
    ];
    let prefixes = ["", "re", "un"];
    let mut out = Vec::new();
    for p in prefixes {
        for r in roots {
            for s in suffixes {
                out.push(format!("{p}{r}{s}"));
            }
        }
    }
    out.extend(
        [
            "sky",
            "skies",
            "dying",
            "lying",
            "news",
            "atlas",
            "cosmos",
            "bias",
            "inning",
            "outing",
            "canning",
            "proceed",
            "exceed",
            "succeed",
            "maxConnections",
            "HTTPServer",
            "parseHTTPResponse",
            "snake_case",
            "a.b",
            "x-y",
            "Café",
            "naïve",
            "Nhất",
            "quán",
            "nhân",
            "quả",
            "chúng",
            "sinh",
            "bình",
            "đẳng",
            "Brewer's",
            "don't",
            "O'Neil",
            "p99",
            "10k",
            "3.5T",
            "IPv6",
            "UUIDv7",
            "OAuth2",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    out
}

fn atlas_words() -> Vec<String> {
    let mut words = Vec::new();
    for dir in ["content", "tests/fixtures/valid/content"] {
        for e in walkdir::WalkDir::new(common::repo_root().join(dir))
            .into_iter()
            .flatten()
        {
            if e.path().extension().is_some_and(|x| x == "md") {
                let text = std::fs::read_to_string(e.path()).unwrap_or_default();
                words.extend(text.split_whitespace().map(str::to_string));
            }
        }
    }
    for f in ["README.md", "CONTRIBUTING.md"] {
        let text = std::fs::read_to_string(common::repo_root().join(f)).unwrap_or_default();
        words.extend(text.split_whitespace().map(str::to_string));
    }
    words
}

#[test]
fn browser_analysis_matches_the_build() {
    if node().is_none() {
        return;
    }
    let mut words = generated_words();
    words.extend(atlas_words());
    words.sort();
    words.dedup();
    assert!(words.len() >= 5_000, "{} words", words.len());
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("words.json"),
        serde_json::to_string(&words).unwrap(),
    )
    .unwrap();
    let out = run_node(
        &format!(
            "const s = require({:?}); const words = require('./words.json'); console.log(JSON.stringify(words.map(w => s.analyze(w).map(t => t[0]))));",
            client()
        ),
        dir.path(),
    );
    let js: Vec<Vec<String>> = serde_json::from_str(&out).unwrap();
    let mut an = atlas::search::analyze::Analyzer::default();
    let mut mismatches = Vec::new();
    for (w, j) in words.iter().zip(&js) {
        let r = an.terms(w);
        if &r != j {
            mismatches.push(format!("{w}: build {r:?}, browser {j:?}"));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {} words differ:\n{}",
        mismatches.len(),
        words.len(),
        mismatches[..mismatches.len().min(40)].join("\n")
    );
}

fn section(anchor: Option<&str>, path: &[&str], text: &str) -> SearchSection {
    SearchSection {
        anchor: anchor.map(str::to_string),
        heading_path: path.iter().map(|s| s.to_string()).collect(),
        text: text.into(),
    }
}

fn fixture_docs() -> Vec<SearchDoc> {
    let doc = |url: &str,
               title: &str,
               aliases: &[&str],
               tags: &[&str],
               sections: Vec<SearchSection>,
               inlinks: &[&str]| SearchDoc {
        url: url.into(),
        title: title.into(),
        description: String::new(),
        aliases: aliases.iter().map(|s| s.to_string()).collect(),
        tags: tags.iter().map(|s| s.to_string()).collect(),
        sections,
        inlink_texts: inlinks.iter().map(|s| s.to_string()).collect(),
    };
    vec![
        doc("/kb/partitioning/consistent-hashing/", "Consistent Hashing", &["hash ring"], &["partitioning"], vec![
            section(None, &[], "Consistent hashing maps keys and servers onto a ring so that adding a node moves only a fraction of the keys."),
            section(Some("virtual-nodes"), &["Virtual nodes"], "Each server owns many virtual nodes on the ring, which evens out the load when servers differ in size."),
        ], &["consistent hashing", "hash ring"]),
        doc("/kb/consistency/cap-and-pacelc/", "CAP Theorem and PACELC", &["Brewer's theorem", "CAP"], &["consistency"], vec![
            section(None, &[], "During a network partition a distributed store must choose between consistency and availability."),
            section(Some("pacelc"), &["PACELC"], "Else, when the network is healthy, the choice is between latency and consistency."),
        ], &["CAP theorem"]),
        doc("/kb/load-balancing/load-balancers/", "Load Balancers", &["LB", "reverse proxy"], &["networking"], vec![
            section(None, &[], "A load balancer spreads requests across healthy servers and takes failed ones out of rotation."),
            section(Some("algorithms"), &["Algorithms"], "Round robin, least connections (maxConnections caps them) and consistent hashing of the client address are common choices."),
        ], &["load balancer"]),
        doc("/kb/caching/redis/", "Redis", &["Memcached"], &["caching"], vec![
            section(None, &[], "Redis is an in-memory data structure server used as a cache, a lock service and a rate limiter."),
            section(Some("cluster"), &["Redis Cluster"], "Redis Cluster shards keys over 16384 hash slots rather than a consistent hashing ring."),
        ], &["Redis"]),
        doc("/kb/messaging/kafka/", "Apache Kafka", &["Kafka"], &["messaging"], vec![
            section(None, &[], "Kafka is a distributed append-only log split into partitions, read by consumer groups."),
            section(Some("ordering"), &["Ordering"], "Messages with the same key land in the same partition and keep their order."),
        ], &[]),
    ]
}

#[test]
fn client_finds_titles_aliases_typos_prefixes_and_phrases_like_tantivy() {
    if node().is_none() {
        return;
    }
    let docs = fixture_docs();
    let dir = tempfile::tempdir().unwrap();
    for (path, bytes) in atlas::search::build_static_index(&docs, 512).unwrap() {
        common::write(dir.path(), &path, &bytes);
    }
    let tantivy_dir = dir.path().join("tantivy");
    atlas::search::write_tantivy_index(&docs, &tantivy_dir).unwrap();
    let queries = [
        "consistent hashing",
        "Brewer's theorem",
        "LB",
        "kafka partitions",
        "\"network partition\"",
        "consistnet hashing",
        "memcach",
        "virtual nodes",
        "redis cluster slots",
        "Kafak",
        "redsi cluster",
        "consistent hashi",
        "kafk",
        "maxConn",
    ];
    let out = run_node(
        &format!(
            "const s = require({:?}); const fs = require('fs');
             const e = s.createEngine(u => Promise.resolve(fs.readFileSync(u, 'utf8')), 'search/manifest.json');
             (async () => {{ const out = {{}}; for (const q of {}) out[q] = await e.search(q, {{limit: 5}}); console.log(JSON.stringify(out)); }})();",
            client(),
            serde_json::to_string(&queries).unwrap()
        ),
        dir.path(),
    );
    let js: serde_json::Value = serde_json::from_str(&out).unwrap();
    let top = |q: &str| js[q][0]["url"].as_str().unwrap_or("").to_string();
    assert_eq!(
        top("consistent hashing"),
        "/kb/partitioning/consistent-hashing/"
    );
    assert_eq!(
        top("Brewer's theorem"),
        "/kb/consistency/cap-and-pacelc/",
        "alias"
    );
    assert_eq!(
        top("LB"),
        "/kb/load-balancing/load-balancers/",
        "short alias"
    );
    assert_eq!(
        top("consistnet hashing"),
        "/kb/partitioning/consistent-hashing/",
        "typo"
    );
    assert_eq!(top("memcach"), "/kb/caching/redis/", "prefix of an alias");
    assert_eq!(
        top("\"network partition\""),
        "/kb/consistency/cap-and-pacelc/",
        "phrase"
    );
    assert_eq!(
        top("virtual nodes"),
        "/kb/partitioning/consistent-hashing/#virtual-nodes",
        "lands on the section"
    );
    assert_eq!(
        top("Kafak"),
        "/kb/messaging/kafka/",
        "a transposed letter is one edit"
    );
    assert_eq!(top("redsi cluster"), "/kb/caching/redis/#cluster", "typo");
    assert_eq!(
        top("consistent hashi"),
        "/kb/partitioning/consistent-hashing/",
        "the word being typed is a prefix"
    );
    assert_eq!(top("kafk"), "/kb/messaging/kafka/", "prefix");
    assert_eq!(
        top("maxConn"),
        "/kb/load-balancing/load-balancers/#algorithms",
        "a camelCase prefix"
    );
    let snippet = js["kafka partitions"][0]["snippet"].as_str().unwrap();
    assert!(snippet.contains("<mark>partitions</mark>"), "{snippet}");
    // Title, alias, multi-word and phrase queries: the same top result as tantivy.
    for q in [
        "consistent hashing",
        "Brewer's theorem",
        "kafka partitions",
        "\"network partition\"",
        "virtual nodes",
        "redis cluster slots",
    ] {
        let reference = atlas::search::search_tantivy(&tantivy_dir, q, 5).unwrap();
        assert_eq!(
            top(q),
            reference[0].url,
            "{q}: browser {:?}, tantivy {:?}",
            js[q],
            reference
        );
    }
}

#[test]
fn snippets_are_escaped() {
    if node().is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = run_node(
        &format!(
            "const s = require({:?}); console.log(s.snippet('<img src=x onerror=alert(1)> partition & more', {{partit: 1}}));",
            client()
        ),
        dir.path(),
    );
    assert_eq!(
        out.trim(),
        "&lt;img src=x onerror=alert(1)&gt; <mark>partition</mark> &amp; more"
    );
}

#[test]
fn edit_distance_candidates() {
    if node().is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = run_node(
        &format!(
            "const s = require({:?});
             const cases = [['replica', 'replcia', 1], ['replica', 'replica', 0], ['cache', 'cahe', 1],
               ['consist', 'consistnet', 2], ['partition', 'partitoin', 2], ['kafka', 'kafak', 1],
               ['abc', 'xyz', 2], ['leader', 'leaders', 1]];
             const within = cases.map(([a, b, max]) => s.within(a, b, max));
             const edits = s.edits1('consistnet');
             console.log(JSON.stringify({{ within, fixes: edits.includes('consistent'), n: edits.length,
               stem: s.stem('consistent'), kafka: s.edits1('kafak').includes('kafka') }}));",
            client()
        ),
        dir.path(),
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    // Transpositions count as one edit; beyond `max` is -1.
    assert_eq!(
        v["within"],
        serde_json::json!([1, 0, 1, -1, 1, 1, -1, 1]),
        "{out}"
    );
    assert_eq!(
        v["fixes"], true,
        "one edit from the raw word finds the real one"
    );
    assert_eq!(v["kafka"], true);
    assert_eq!(v["stem"], "consist");
    // deletes (10) + transposes (9) + replaces (10 x 25) + inserts (11 x 26)
    assert_eq!(v["n"], 10 + 9 + 250 + 286);
}

/// A corpus where common words have tails (more postings than a shard keeps).
fn tiered_docs() -> Vec<SearchDoc> {
    let vocab = [
        "replica",
        "leader",
        "quorum",
        "partition",
        "shard",
        "cache",
        "eviction",
        "queue",
        "stream",
        "index",
        "lease",
        "heartbeat",
        "snapshot",
        "compaction",
        "gossip",
        "vector",
        "clock",
        "ledger",
        "journal",
        "offset",
        "broker",
        "proxy",
        "router",
        "bloom",
        "filter",
        "election",
        "consensus",
        "latency",
        "throughput",
        "backpressure",
    ];
    let mut x: u64 = 7;
    let mut next = move |n: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % n as u64) as usize
    };
    (0..700)
        .map(|i| {
            let mut words = |n: usize, spread: usize| -> String {
                (0..n)
                    .map(|_| vocab[next(spread.min(vocab.len()))])
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let title = words(2, 30);
            let intro = words(30, 12);
            let heading = words(2, 30);
            let body = words(40, 30);
            SearchDoc {
                url: format!("/n{i}/"),
                title,
                description: String::new(),
                aliases: vec![],
                tags: vec![],
                sections: vec![
                    section(None, &[], &intro),
                    section(Some("more"), &[&heading], &body),
                ],
                inlink_texts: vec![],
            }
        })
        .collect()
}

#[test]
fn tiered_postings_give_the_exhaustive_ranking() {
    if node().is_none() {
        return;
    }
    let docs = tiered_docs();
    let dir = tempfile::tempdir().unwrap();
    let files = atlas::search::build_static_index(&docs, 4096).unwrap();
    assert!(
        files.iter().any(|f| f.0.contains("/t0.json")),
        "the corpus has tails"
    );
    for (path, bytes) in &files {
        common::write(dir.path(), path, bytes);
    }
    let queries = [
        "replica",
        "leader election",
        "quorum consensus leader",
        "cache eviction",
        "bloom filter",
        "gossip clock",
        "latency throughput backpressure",
        "snapshot compaction journal",
        "replica leader quorum partition",
        "shard router proxy ",
        "\"bloom filter\"",
        "\"replica leader\"",
        "\"cache eviction\" queue",
        "offset broker",
    ];
    let out = run_node(
        &format!(
            "const s = require({:?}); const fs = require('fs');
             const read = u => Promise.resolve(fs.readFileSync(u, 'utf8'));
             (async () => {{
               const out = [];
               for (const q of {}) {{
                 let tails = 0, fullTails = 0;
                 const tiered = s.createEngine(u => {{ tails += /[/]t[0-9]+[.]json$/.test(u); return read(u); }}, 'search/manifest.json');
                 const full = s.createEngine(u => {{ fullTails += /[/]t[0-9]+[.]json$/.test(u); return read(u); }}, 'search/manifest.json', {{ exhaustive: true }});
                 const a = await tiered.search(q, {{ limit: 10 }}), b = await full.search(q, {{ limit: 10 }});
                 out.push({{ q, tiered: a.map(r => [r.url, r.score]), full: b.map(r => [r.url, r.score]), tails, fullTails }});
               }}
               console.log(JSON.stringify(out));
             }})();",
            client(),
            serde_json::to_string(&queries).unwrap()
        ),
        dir.path(),
    );
    let rows: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    // The same answer, and the heads alone decided where they could (here, one common
    // word: in this corpus every pair of words shares too many records for heads).
    let mut saved = 0;
    for r in &rows {
        assert!(!r["full"].as_array().unwrap().is_empty(), "{r}");
        assert_eq!(r["tiered"], r["full"], "{}", r["q"]);
        let (tails, full) = (
            r["tails"].as_u64().unwrap(),
            r["fullTails"].as_u64().unwrap(),
        );
        assert!(tails <= full, "{r}");
        saved += usize::from(tails < full);
    }
    eprintln!(
        "{saved} of {} queries answered without some tails",
        rows.len()
    );
    assert!(saved >= 1, "{out}");
    assert_eq!(rows[0]["tails"], 0, "a one-word query needs no tail");
}

#[test]
fn query_reading_agrees_with_the_build() {
    if node().is_none() {
        return;
    }
    let queries = [
        "websocket vs sse",
        "oltp vs. olap",
        "grpc versus rest",
        "redis or memcached",
        "What is the difference between JWT and sessions?",
        "compare kafka with rabbitmq",
        "kafka compared to sqs",
        "\"this or that\" x",
        "what is a write-ahead log",
        "how do I pick a shard key",
        "the who",
        "\"the log\" of it",
        "fan-out on write vs fan-out on read",
        "hyper log log",
        "maxConnections vs HTTPServer",
    ];
    let dir = tempfile::tempdir().unwrap();
    let out = run_node(
        &format!(
            "const s = require({:?}); console.log(JSON.stringify({{ stop: s.STOP_WORDS, q: {}.map(q => s.readQuery(q)) }}));",
            client(),
            serde_json::to_string(&queries).unwrap()
        ),
        dir.path(),
    );
    let js: serde_json::Value = serde_json::from_str(&out).unwrap();
    let stop: Vec<String> = serde_json::from_value(js["stop"].clone()).unwrap();
    assert_eq!(
        stop,
        atlas::search::query::STOP_WORDS,
        "the same stop words"
    );
    let mut an = atlas::search::analyze::Analyzer::default();
    for (q, j) in queries.iter().zip(js["q"].as_array().unwrap()) {
        let r = atlas::search::query::read(&mut an, q);
        let groups: Vec<serde_json::Value> = r
            .groups
            .iter()
            .map(|g| serde_json::json!([g.term, g.raw, g.phrase, g.optional, g.side]))
            .collect();
        let js_groups: Vec<serde_json::Value> = j["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| {
                serde_json::json!([
                    g["term"],
                    g["raw"],
                    g["phrase"].as_bool().unwrap_or(false),
                    g["optional"].as_bool().unwrap_or(false),
                    g["side"]
                ])
            })
            .collect();
        assert_eq!(groups, js_groups, "{q}");
        assert_eq!(serde_json::json!(r.phrases), j["phrases"], "{q}");
        assert_eq!(r.compare, j["compare"].as_bool().unwrap(), "{q}");
        let seq: Vec<serde_json::Value> = r
            .sequence
            .iter()
            .map(|w| serde_json::json!([w.raw, w.group, w.side]))
            .collect();
        let js_seq: Vec<serde_json::Value> = j["sequence"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| serde_json::json!([w["raw"], w["group"], w["side"]]))
            .collect();
        assert_eq!(seq, js_seq, "{q}");
    }
}

fn reader_docs() -> Vec<SearchDoc> {
    let doc = |url: &str, title: &str, aliases: &[&str], sections: Vec<SearchSection>| SearchDoc {
        url: url.into(),
        title: title.into(),
        description: String::new(),
        aliases: aliases.iter().map(|s| s.to_string()).collect(),
        tags: vec![],
        sections,
        inlink_texts: vec![],
    };
    let mut docs = vec![
        doc(
            "/ws/",
            "WebSockets",
            &[],
            vec![section(
                None,
                &[],
                "A WebSocket is a full-duplex connection upgraded from HTTP.",
            )],
        ),
        doc(
            "/sse/",
            "Server-Sent Events",
            &["SSE"],
            vec![section(
                None,
                &[],
                "The server pushes text events over one long HTTP response.",
            )],
        ),
        doc(
            "/push/",
            "Real-Time Updates",
            &[],
            vec![
                section(None, &[], "Polling, long polling, then push."),
                section(
                    Some("choosing"),
                    &["Choosing"],
                    "Pick a websocket when both sides talk; pick SSE when only the server pushes.",
                ),
            ],
        ),
        doc(
            "/es/",
            "Event Sourcing and CQRS",
            &[],
            vec![section(
                None,
                &[],
                "Event sourcing stores every change as an event; the log is the source of truth.",
            )],
        ),
        doc(
            "/storage/",
            "Storage Engines",
            &[],
            vec![section(
                None,
                &[],
                "Every change is first appended to a write-ahead log (WAL) and fsynced.",
            )],
        ),
        doc(
            "/recovery/",
            "Crash Recovery",
            &[],
            vec![section(
                None,
                &[],
                "On restart the database replays the WAL from the last checkpoint.",
            )],
        ),
        doc(
            "/journal/",
            "Journals",
            &[],
            vec![section(
                None,
                &[],
                "The write-ahead log is replayed on restart.",
            )],
        ),
        doc(
            "/ch/",
            "Consistent Hashing",
            &[],
            vec![section(
                None,
                &[],
                "Keys and servers sit on a hash ring; adding a server moves few keys.",
            )],
        ),
        doc(
            "/cm/",
            "Consistency Models",
            &[],
            vec![section(
                None,
                &[],
                "Linearizable, sequential and eventual consistency, and what each promises.",
            )],
        ),
        doc(
            "/bp/",
            "Backpressure",
            &[],
            vec![section(
                None,
                &[],
                "Backpressure slows producers when consumers fall behind.",
            )],
        ),
        doc(
            "/rare/",
            "Zymurgy",
            &[],
            vec![section(None, &[], "A note about zymurgy only.")],
        ),
    ];
    docs.extend((0..20).map(|i| {
        doc(
            &format!("/f{i}/"),
            "Filler",
            &[],
            vec![section(
                None,
                &[],
                "unrelated words about servers, keys and logs of every change",
            )],
        )
    }));
    docs
}

#[test]
fn reader_queries_find_the_note_in_the_browser_and_in_tantivy() {
    if node().is_none() {
        return;
    }
    let docs = reader_docs();
    let dir = tempfile::tempdir().unwrap();
    for (path, bytes) in atlas::search::build_static_index(&docs, 512).unwrap() {
        common::write(dir.path(), &path, &bytes);
    }
    let tantivy_dir = dir.path().join("tantivy");
    atlas::search::write_tantivy_index(&docs, &tantivy_dir).unwrap();
    let cases = [
        (
            "websocket vs sse",
            "/ws/",
            "each side's best first, a passing mention of both after",
        ),
        (
            "what is a write-ahead log",
            "/storage/",
            "stop words need not match",
        ),
        (
            "eventsourcing ",
            "/es/",
            "a run-together word is cut against the dictionary",
        ),
        (
            "back pressure ",
            "/bp/",
            "words written apart match the joined word",
        ),
        ("consistent hasing ", "/ch/", "a typo in the second word"),
        (
            "wal restart",
            "/journal/",
            "an abbreviation finds its expansion",
        ),
        (
            "write ahead log checkpoint",
            "/recovery/",
            "the expansion finds the abbreviation",
        ),
        (
            "zymurgy servers keys change",
            "/f",
            "a rare word does not beat the content words",
        ),
    ];
    let queries: Vec<&str> = cases.iter().map(|c| c.0).collect();
    let out = run_node(
        &format!(
            "const s = require({:?}); const fs = require('fs');
             const e = s.createEngine(u => Promise.resolve(fs.readFileSync(u, 'utf8')), 'search/manifest.json');
             (async () => {{ const out = {{}}; for (const q of {}) out[q] = await e.search(q, {{limit: 5}}); console.log(JSON.stringify(out)); }})();",
            client(),
            serde_json::to_string(&queries).unwrap()
        ),
        dir.path(),
    );
    let js: serde_json::Value = serde_json::from_str(&out).unwrap();
    for (q, want, why) in cases {
        let urls: Vec<&str> = js[q]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["url"].as_str().unwrap())
            .collect();
        assert!(
            urls.first().is_some_and(|u| u.starts_with(want)),
            "browser, {q} ({why}): {urls:?}"
        );
        let reference = atlas::search::search_tantivy(&tantivy_dir, q, 5).unwrap();
        assert!(
            reference.first().is_some_and(|h| h.url.starts_with(want)),
            "tantivy, {q} ({why}): {reference:?}"
        );
    }
    // A comparison then brings each side's own note.
    let urls: Vec<&str> = js["websocket vs sse"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["url"].as_str().unwrap())
        .collect();
    assert!(
        urls[..3].contains(&"/ws/") && urls[..3].contains(&"/sse/"),
        "{urls:?}"
    );
}
