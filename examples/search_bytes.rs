//! Search benchmark in headless Chromium: bytes a cold query fetches (gzip) and warm
//! query time, for Atlas's search and for Pagefind on the same built site.
//!
//! usage: cargo run --release --example search_bytes -- SITE_DIR [--pagefind PF_DIR] [--base /] QUERY...
//!
//! SITE_DIR is an `atlas build` output. With `--pagefind`, PF_DIR is the `pagefind`
//! bundle made from the same site (`pagefind --site SITE_DIR --output-path PF_DIR`).
//! A tiny static server logs every file the page fetches; sizes are gzip (files
//! Pagefind stores already compressed are counted as stored).

use flate2::write::GzEncoder;
use flate2::Compression;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

type Log = Arc<Mutex<Vec<(String, usize)>>>;

fn gzip_len(bytes: &[u8]) -> usize {
    let mut e = GzEncoder::new(Vec::new(), Compression::new(6));
    e.write_all(bytes).unwrap();
    e.finish().unwrap().len()
}

fn content_type(p: &str) -> &'static str {
    match p.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript",
        "css" => "text/css",
        "json" => "application/json",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// Serves `mounts` (URL prefix → directory) on a free port; logs (path, gzip bytes).
fn serve(mounts: Vec<(String, PathBuf)>, log: Log) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let mounts = Arc::new(mounts);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (mounts, log) = (mounts.clone(), log.clone());
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut first = String::new();
                if reader.read_line(&mut first).is_err() {
                    return;
                }
                loop {
                    let mut l = String::new();
                    if reader.read_line(&mut l).is_err() || l == "\r\n" || l.is_empty() {
                        break;
                    }
                }
                let path = first
                    .split_whitespace()
                    .nth(1)
                    .unwrap_or("/")
                    .split('?')
                    .next()
                    .unwrap_or("/")
                    .to_string();
                let mut file = None;
                for (prefix, dir) in mounts.iter() {
                    if let Some(rest) = path.strip_prefix(prefix.as_str()) {
                        let mut p = dir.join(rest.trim_start_matches('/'));
                        if p.is_dir() {
                            p = p.join("index.html");
                        }
                        if p.is_file() {
                            file = Some(p);
                            break;
                        }
                    }
                }
                let mut s = stream;
                match file {
                    Some(p) => {
                        let bytes = std::fs::read(&p).unwrap();
                        let name = p.to_string_lossy();
                        let stored_gzip = bytes.starts_with(&[0x1f, 0x8b]);
                        let size = if stored_gzip {
                            bytes.len()
                        } else {
                            gzip_len(&bytes)
                        };
                        log.lock().unwrap().push((path.clone(), size));
                        let _ = write!(s, "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n", content_type(&name), bytes.len());
                        let _ = s.write_all(&bytes);
                    }
                    None => {
                        let _ = write!(s, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                    }
                }
            });
        }
    });
    port
}

fn browser() -> headless_chrome::Browser {
    let args: Vec<&std::ffi::OsStr> = [
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
    ]
    .iter()
    .map(std::ffi::OsStr::new)
    .collect();
    headless_chrome::Browser::new(
        headless_chrome::LaunchOptions::default_builder()
            .path(Some(PathBuf::from(
                std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
            )))
            .headless(true)
            .sandbox(false)
            .args(args)
            .idle_browser_timeout(Duration::from_secs(300))
            .build()
            .unwrap(),
    )
    .unwrap()
}

fn eval(tab: &headless_chrome::Tab, js: &str) -> serde_json::Value {
    tab.evaluate(js, true)
        .unwrap()
        .value
        .unwrap_or(serde_json::Value::Null)
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let take = |args: &mut Vec<String>, flag: &str| -> Option<String> {
        let i = args.iter().position(|a| a == flag)?;
        args.remove(i);
        Some(args.remove(i))
    };
    let pagefind = take(&mut args, "--pagefind").map(PathBuf::from);
    let quality = take(&mut args, "--quality").map(PathBuf::from);
    let base = take(&mut args, "--base").unwrap_or_else(|| "/".into());
    if args.is_empty() {
        eprintln!("usage: search_bytes SITE_DIR [--pagefind PF_DIR] [--base /] QUERY...");
        std::process::exit(2);
    }
    let site = PathBuf::from(args.remove(0));
    let queries = if args.is_empty() {
        vec!["consistent hashing".to_string()]
    } else {
        args
    };
    let log: Log = Arc::new(Mutex::new(Vec::new()));
    let mut mounts = vec![];
    if let Some(pf) = &pagefind {
        mounts.push(("/pagefind/".to_string(), pf.clone()));
    }
    mounts.push((base.clone(), site.clone()));
    let port = serve(mounts, log.clone());
    let browser = browser();
    let page = format!("http://127.0.0.1:{port}{base}404.html");
    let mut report: BTreeMap<String, serde_json::Value> = BTreeMap::new();
    if let Some(file) = quality {
        // Reader queries with the note they should find: MRR and recall@5 of atlasSearch.
        let tab = browser.new_tab().unwrap();
        tab.navigate_to(&page)
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        let (mut rr, mut hits, mut n) = (0.0, 0, 0);
        for line in std::fs::read_to_string(&file).unwrap().lines() {
            let Some((q, expected)) = line.split_once('\t') else {
                continue;
            };
            if q.starts_with('#') {
                continue;
            }
            let js = format!(
                "atlasSearch({}, {{limit: 5}}).then(r => JSON.stringify(r.map(x => x.url)))",
                serde_json::to_string(q).unwrap()
            );
            let urls: Vec<String> =
                serde_json::from_str(eval(&tab, &js).as_str().unwrap_or("[]")).unwrap_or_default();
            let expected = format!("{}{}", base.trim_end_matches('/'), expected);
            let rank = urls.iter().position(|u| u.starts_with(&expected));
            n += 1;
            if let Some(r) = rank {
                rr += 1.0 / (r as f64 + 1.0);
                hits += 1;
            } else {
                eprintln!("miss: {q:?} -> {urls:?}");
            }
        }
        println!(
            "{n} queries: MRR {:.3}, recall@5 {:.3}",
            rr / n as f64,
            hits as f64 / n as f64
        );
        return;
    }
    for q in &queries {
        let qs = serde_json::to_string(q).unwrap();
        // Atlas, cold: a fresh tab with the cache disabled by the server (no-store).
        let tab = browser.new_tab().unwrap();
        tab.navigate_to(&page)
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        std::thread::sleep(Duration::from_millis(300));
        log.lock().unwrap().clear();
        let atlas = eval(&tab, &format!("(async () => {{ const t0 = performance.now(); const r = await window.atlasSearch({qs}, {{limit: 5}}); const cold = performance.now() - t0; const times = []; for (let i = 0; i < 20; i++) {{ const t1 = performance.now(); await window.atlasSearch({qs}, {{limit: 5}}); times.push(performance.now() - t1); }} const warm = times.reduce((a, b) => a + b) / 20; times.sort((a, b) => a - b); return JSON.stringify({{n: r.length, top: r[0] && r[0].url, cold, warm, warm_p50: times[9], warm_p95: times[18], warm_times: times}}); }})()"));
        let fetched: Vec<(String, usize)> = log.lock().unwrap().clone();
        let bytes: usize = fetched.iter().map(|f| f.1).sum();
        report.insert(
            format!("atlas: {q}"),
            serde_json::json!({"result": atlas, "gzip_bytes": bytes, "files": fetched}),
        );
        drop(tab);
        if pagefind.is_some() {
            let tab = browser.new_tab().unwrap();
            tab.navigate_to(&page)
                .unwrap()
                .wait_until_navigated()
                .unwrap();
            log.lock().unwrap().clear();
            let pf = eval(&tab, &format!("(async () => {{ const pagefind = await import('/pagefind/pagefind.js'); await pagefind.init(); const t0 = performance.now(); const s = await pagefind.search({qs}); const data = await Promise.all(s.results.slice(0, 5).map(r => r.data())); const cold = performance.now() - t0; const t1 = performance.now(); for (let i = 0; i < 5; i++) {{ const s2 = await pagefind.search({qs} + ' '.repeat(i + 1)); await Promise.all(s2.results.slice(0, 5).map(r => r.data())); }} const warm = (performance.now() - t1) / 5; return JSON.stringify({{n: s.results.length, top: data[0] && data[0].url, cold, warm}}); }})()"));
            let fetched: Vec<(String, usize)> = log.lock().unwrap().clone();
            let bytes: usize = fetched.iter().map(|f| f.1).sum();
            report.insert(
                format!("pagefind: {q}"),
                serde_json::json!({"result": pf, "gzip_bytes": bytes, "files": fetched.len()}),
            );
        }
    }
    println!("{}", serde_json::to_string_pretty(&report).unwrap());
    let _ = Path::new("");
}
