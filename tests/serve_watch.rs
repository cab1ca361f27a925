//! `atlas serve` over real HTTP and real files: the watcher sees edits, creations,
//! deletions, renames and atomic saves; bursts of saves coalesce; bad requests are
//! answered without harm.

mod browser_support;
mod common;
use browser_support::{wait_until, Server};
use common::*;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

fn raw(port: u16, request: &[u8]) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    s.write_all(request).unwrap();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, text)
}

fn get(port: u16, path: &str) -> (u16, String) {
    raw(
        port,
        format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").as_bytes(),
    )
}

fn version(port: u16) -> u64 {
    let (_, body) = get(port, "/__atlas/status");
    let json = &body[body.find('{').unwrap_or(0)..];
    let v: serde_json::Value = serde_json::from_str(json.trim()).unwrap_or_default();
    v["version"].as_u64().unwrap_or(0)
}

const NOTE: &str = "+++\ntitle = \"Note\"\n+++\n\nFirst version.\n";

#[test]
fn watcher_sees_edits_creations_deletions_renames_and_atomic_saves() {
    let site = Site::new(&[("content/note.md", NOTE)]);
    let server = Server::start(site.root(), &[]);
    let p = server.port;
    assert!(get(p, "/note/").1.contains("First version."));

    site.write(
        "content/note.md",
        NOTE.replace("First", "Second").as_bytes(),
    );
    assert!(
        wait_until(10, || get(p, "/note/").1.contains("Second version.")),
        "edit"
    );

    site.write("content/fresh.md", b"# Fresh\n\nNew note.\n");
    assert!(wait_until(10, || get(p, "/fresh/").0 == 200), "create");

    std::fs::remove_file(site.root().join("content/fresh.md")).unwrap();
    assert!(wait_until(10, || get(p, "/fresh/").0 == 404), "delete");

    std::fs::rename(
        site.root().join("content/note.md"),
        site.root().join("content/moved.md"),
    )
    .unwrap();
    assert!(
        wait_until(10, || get(p, "/moved/").0 == 200
            && get(p, "/note/").0 == 404),
        "rename"
    );

    // Atomic save: write a temp file, rename it over the note (what many editors do).
    let tmp = site.root().join("content/.moved.md.tmp");
    std::fs::write(&tmp, NOTE.replace("First", "Atomic")).unwrap();
    std::fs::rename(&tmp, site.root().join("content/moved.md")).unwrap();
    assert!(
        wait_until(10, || get(p, "/moved/").1.contains("Atomic version.")),
        "atomic save"
    );

    // Later saves are trusted to the watcher's report: each must still show.
    for n in 1..=3 {
        site.write(
            "content/moved.md",
            NOTE.replace("Note", &format!("Retitled {n}")).as_bytes(),
        );
        assert!(
            wait_until(10, || get(p, "/moved/")
                .1
                .contains(&format!("Retitled {n}"))
                && get(p, "/").1.contains(&format!("Retitled {n}"))),
            "edit {n} shows on the note and on the home page that lists it"
        );
    }
    std::fs::create_dir_all(site.root().join("content/deep/er")).unwrap();
    site.write(
        "content/deep/er/nested.md",
        b"# Nested\n\nIn a new folder.\n",
    );
    assert!(
        wait_until(10, || get(p, "/deep/er/nested/").0 == 200),
        "a note in new folders"
    );

    // Editor swap and backup files change nothing.
    let before = version(p);
    site.write("content/.moved.md.swp", b"junk");
    site.write("content/moved.md~", b"junk");
    std::thread::sleep(Duration::from_millis(600));
    assert_eq!(version(p), before, "ignored files triggered a rebuild");
}

#[test]
fn ten_saves_in_a_second_give_at_most_two_rebuilds() {
    let site = Site::new(&[("content/note.md", NOTE)]);
    let server = Server::start(site.root(), &[]);
    let p = server.port;
    let start = version(p);
    for i in 0..10 {
        site.write(
            "content/note.md",
            NOTE.replace("First", &format!("Save {i}")).as_bytes(),
        );
        std::thread::sleep(Duration::from_millis(95));
    }
    assert!(wait_until(10, || get(p, "/note/")
        .1
        .contains("Save 9 version.")));
    std::thread::sleep(Duration::from_millis(500));
    let rebuilds = version(p) - start;
    assert!(
        (1..=2).contains(&rebuilds),
        "{rebuilds} rebuilds for 10 saves"
    );
}

#[test]
fn bad_requests_are_answered_and_the_server_survives() {
    let site = Site::new(&[("content/note.md", NOTE)]);
    let server = Server::start(site.root(), &[]);
    let p = server.port;
    let (status, body) = get(p, "/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"), "the 404 page is served");
    for path in [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/note/..%2f..%2f..%2fetc%2fpasswd",
        "/%00",
        "/..\\..\\etc\\passwd",
    ] {
        let (status, body) = get(p, path);
        assert_eq!(status, 404, "{path}");
        assert!(!body.contains("root:"), "{path} leaked a file");
    }
    // Garbage, a truncated request, a huge header: none of them kills the server.
    let _ = raw(p, b"\x00\x01\x02garbage\r\n\r\n");
    let _ = raw(p, b"GET /note/ HTTP/1.1\r\nHost:");
    let mut huge = b"GET /note/ HTTP/1.1\r\nX-Big: ".to_vec();
    huge.extend(std::iter::repeat_n(b'a', 200_000));
    huge.extend(b"\r\n\r\n");
    let _ = raw(p, &huge);
    // Many connections at once.
    let handles: Vec<_> = (0..50)
        .map(|_| std::thread::spawn(move || get(p, "/note/").0))
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), 200);
    }
    assert_eq!(get(p, "/note/").0, 200, "still serving");
}

#[test]
fn a_port_in_use_is_named() {
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port();
    let site = Site::new(&[("content/note.md", NOTE)]);
    let r = site.atlas(&["serve", "--port", &port.to_string()]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(&format!("port {port} is already in use")),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("--port"), "{}", r.stderr);
}

/// The served search index's words (every shard's word list), through the manifest.
fn search_terms(port: u16) -> String {
    let (_, body) = get(port, "/search/manifest.json");
    let json = &body[body.find('{').unwrap_or(0)..];
    let manifest: serde_json::Value = serde_json::from_str(json.trim()).unwrap_or_default();
    let dir = manifest["dir"].as_str().unwrap_or("missing");
    let shards = manifest["first"].as_array().map_or(0, |a| a.len());
    (0..shards)
        .map(|k| get(port, &format!("/search/{dir}/w{k}.txt")).1)
        .collect()
}

#[test]
fn the_search_index_follows_each_save() {
    let site = Site::new(&[("content/note.md", NOTE)]);
    let server = Server::start(site.root(), &[]);
    let p = server.port;
    let status = || {
        let (_, body) = get(p, "/__atlas/status");
        let json = &body[body.find('{').unwrap_or(0)..];
        serde_json::from_str::<serde_json::Value>(json.trim()).unwrap_or_default()
    };
    assert!(
        wait_until(10, || search_terms(p).contains("first")),
        "the first index is served"
    );
    site.write(
        "content/note.md",
        NOTE.replace("First", "Kilimanjaro").as_bytes(),
    );
    assert!(wait_until(10, || get(p, "/note/")
        .1
        .contains("Kilimanjaro version.")));
    assert!(
        wait_until(10, || {
            let s = status();
            s["search_version"] == s["version"] && search_terms(p).contains("kilimanjaro")
        }),
        "the index of the latest build is served: {}",
        status()
    );
    assert!(
        !search_terms(p).contains("first"),
        "the old text is gone from the index"
    );
}

#[test]
fn the_search_index_is_sent_gzipped_to_clients_that_take_gzip() {
    let site = Site::new(&[("content/note.md", NOTE)]);
    let server = Server::start(site.root(), &[]);
    let p = server.port;
    assert!(wait_until(10, || search_terms(p).contains("first")));
    let plain = {
        let (_, text) = get(p, "/search/manifest.json");
        text[text.find("\r\n\r\n").unwrap() + 4..].to_string()
    };
    let mut s = TcpStream::connect(("127.0.0.1", p)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    s.write_all(b"GET /search/manifest.json HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: br, gzip\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let split = buf.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&buf[..split]).to_lowercase();
    assert!(head.contains("content-encoding: gzip"), "{head}");
    let mut unpacked = String::new();
    flate2::read::GzDecoder::new(&buf[split + 4..])
        .read_to_string(&mut unpacked)
        .unwrap();
    assert_eq!(unpacked, plain);
    assert!(plain.contains("\"dir\""), "{plain}");
}
