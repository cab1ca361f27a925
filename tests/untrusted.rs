//! A hostile contributor's pull request: symbolic links out of the site, script in
//! notes, and a web page talking to the dev server. None of it gets through, and each
//! problem is reported where it is.

mod browser_support;
mod common;
use browser_support::Server;
use common::*;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

const SECRET: &str = "PRIVATE-KEY-7f3a9c";

/// A site whose `content/` and `static/` hold links to a folder outside it, plus a link
/// that stays inside.
#[cfg(unix)]
fn site_with_escaping_links() -> (Site, tempfile::TempDir) {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(outside.path().join("private")).unwrap();
    std::fs::write(outside.path().join("key.txt"), SECRET).unwrap();
    std::fs::write(outside.path().join("private/server.key"), SECRET).unwrap();
    std::fs::write(
        outside.path().join("note.md"),
        format!("# Leak\n\n{SECRET}\n"),
    )
    .unwrap();
    let site = Site::new(&[
        ("content/sec/_index.md", "+++\ntitle = \"Sec\"\n+++\n"),
        (
            "content/sec/ok.md",
            "+++\ntitle = \"Ok\"\n+++\nStill here.\n",
        ),
        (
            "content/shared/tls.md",
            "+++\ntitle = \"TLS\"\n+++\nShared note.\n",
        ),
    ]);
    let r = site.root();
    symlink(
        outside.path().join("key.txt"),
        r.join("content/sec/key.txt"),
    )
    .unwrap();
    symlink(outside.path(), r.join("content/sec/ssl")).unwrap();
    symlink(
        outside.path().join("note.md"),
        r.join("content/sec/leak.md"),
    )
    .unwrap();
    std::fs::create_dir_all(r.join("static")).unwrap();
    symlink(outside.path().join("key.txt"), r.join("static/key.txt")).unwrap();
    std::fs::create_dir_all(r.join("templates")).unwrap();
    symlink(
        outside.path().join("key.txt"),
        r.join("templates/page.html"),
    )
    .unwrap();
    symlink(r.join("content/shared"), r.join("content/alias")).unwrap();
    (site, outside)
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_site_are_refused_and_located() {
    let (site, _outside) = site_with_escaping_links();
    let build = site.build();
    for (path, bytes) in &build.files {
        assert!(
            !String::from_utf8_lossy(bytes).contains(SECRET),
            "{path} holds the target's contents"
        );
    }
    assert!(!build
        .files
        .keys()
        .any(|k| k.contains("key.txt") || k.contains("ssl")));
    let msgs = messages(&build);
    for link in [
        "content/sec/key.txt:1:1: error[symlink]",
        "content/sec/ssl:1:1: error[symlink]",
        "content/sec/leak.md:1:1: error[symlink]",
        "static/key.txt:1:1: error[symlink]",
        "templates/page.html:1:1: error[symlink]",
    ] {
        assert!(
            msgs.iter()
                .any(|m| m.starts_with(link) && m.contains("points outside the site root")),
            "{link} not reported in {msgs:#?}"
        );
    }
    // The rest builds, links inside the root included.
    assert!(html(&build, "sec/ok/index.html").contains("Still here."));
    assert!(html(&build, "alias/tls/index.html").contains("Shared note."));

    // `atlas build` names each link and its target, exits 1 and writes nothing.
    let r = site.atlas(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let all = format!("{}{}", r.stdout, r.stderr);
    assert!(
        all.contains("content/sec/ssl") && all.contains(&_outside.path().display().to_string()),
        "{all}"
    );
    assert!(!site.root().join("public").exists());

    // `symlinks = "any"` trusts every link (the old behaviour).
    site.write("site.toml", b"[build]\nsymlinks = \"any\"\n");
    let any = site.build();
    assert!(any.files.contains_key("sec/ssl/private/server.key"));
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_unreadable_folders_are_warnings_and_the_rest_builds() {
    use std::os::unix::fs::symlink;
    let site = Site::new(&[("content/a.md", "+++\ntitle = \"A\"\n+++\nHello.\n")]);
    symlink(
        site.root().join("content"),
        site.root().join("content/loop"),
    )
    .unwrap();
    symlink(
        site.root().join("content/nowhere"),
        site.root().join("content/gone.png"),
    )
    .unwrap();
    let build = site.build();
    let msgs = messages(&build);
    assert!(
        msgs.iter()
            .any(|m| m.starts_with("content/loop:1:1: warning[symlink]") && m.contains("loop")),
        "{msgs:#?}"
    );
    assert!(
        msgs.iter()
            .any(|m| m.starts_with("content/gone.png:1:1: warning")),
        "{msgs:#?}"
    );
    assert_eq!(build.diagnostics.error_count(), 0, "{msgs:#?}");
    assert!(html(&build, "a/index.html").contains("Hello."));
    let r = site.atlas(&["build"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

const DANGEROUS: &str = "+++\ntitle = \"Danger\"\n+++\n\
Intro.\n\
\n\
<script>alert('script')</script>\n\
\n\
<img src=x onerror=\"alert('onerror')\">\n\
\n\
<iframe src=\"https://evil.example/frame\"></iframe>\n\
\n\
<object data=\"evil.swf\"></object>\n\
\n\
<style>body{display:none}</style>\n\
\n\
<a href=\"javascript:alert('href')\">a</a> <a href=\"vbscript:msgbox\">b</a> <a href=\"data:text/html,evil\">c</a>\n\
\n\
[click](javascript:alert('md')) ![pic](javascript:alert('img')) <javascript:alert('auto')>\n\
\n\
<details><summary>More</summary>Kept <kbd>Ctrl</kbd> H<sub>2</sub>O x<sup>2</sup> <mark>hi</mark></details>\n";

#[test]
fn dangerous_constructs_are_removed_and_each_is_a_located_warning() {
    let site = Site::new(&[("content/danger.md", DANGEROUS)]);
    let build = site.build();
    let page = html(&build, "danger/index.html");
    let body = &page[page.find("Intro.").expect("note body")..];
    let body = &body[..body.find("</details>").expect("details kept") + 10];
    // No tag keeps a script element, an event handler or a script URL (the autolink's
    // text may still read `javascript:…`, as text).
    let mut rest = body;
    while let Some(i) = rest.find('<') {
        let end = rest[i..].find('>').map_or(rest.len(), |e| i + e + 1);
        let tag = rest[i..end].to_ascii_lowercase();
        for gone in [
            "<script",
            "<iframe",
            "<object",
            "<style",
            "onerror",
            "javascript:",
            "vbscript:",
            "data:",
        ] {
            assert!(!tag.contains(gone), "{gone} survived in {tag}: {body}");
        }
        rest = &rest[end..];
    }
    for text in [
        "alert('script')",
        "display:none",
        "alert('onerror')",
        "alert('href')",
    ] {
        assert!(!body.contains(text), "{text} survived in {body}");
    }
    assert!(body.contains("<details><summary>More</summary>Kept <kbd>Ctrl</kbd> H<sub>2</sub>O x<sup>2</sup> <mark>hi</mark></details>"), "{body}");

    let r = site.atlas(&["check", "--format", "github"]);
    let warnings: Vec<&str> = r
        .stdout
        .lines()
        .filter(|l| l.contains("unsafe-html") || l.contains("removed"))
        .collect();
    let expect = [
        (6, 1),
        (8, 12),
        (10, 1),
        (12, 1),
        (14, 1),
        (16, 4),
        (16, 45),
        (16, 77),
        (18, 1),
        (18, 33),
        (18, 65),
    ];
    let located: Vec<(usize, usize)> = warnings
        .iter()
        .map(|l| {
            let num = |key: &str| -> usize {
                let at = l.find(key).unwrap() + key.len();
                l[at..]
                    .split(|c: char| !c.is_ascii_digit())
                    .next()
                    .unwrap()
                    .parse()
                    .unwrap()
            };
            (num("line="), num("col="))
        })
        .collect();
    assert_eq!(located, expect, "{}", r.stdout);
    assert!(warnings
        .iter()
        .all(|l| l.starts_with("::warning file=content/danger.md")));
    assert_eq!(r.code, 0, "removals are warnings: {}", r.stdout);

    // `raw_html = "escape"` shows the HTML as text; `"allow"` keeps it.
    site.write("site.toml", b"[markdown]\nraw_html = \"escape\"\n");
    let escaped = html(&site.build(), "danger/index.html");
    assert!(escaped.contains("&lt;script&gt;") && !escaped.contains("<script>alert"));
    site.write("site.toml", b"[markdown]\nsanitize = false\n");
    let allowed = html(&site.build(), "danger/index.html");
    assert!(allowed.contains("<script>alert('script')</script>"));
}

fn raw(port: u16, request: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    s.write_all(request.as_bytes()).unwrap();
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

fn get_with_host(port: u16, host: &str) -> u16 {
    raw(
        port,
        &format!("GET /note/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
    )
    .0
}

fn websocket(port: u16, origin: Option<&str>) -> u16 {
    let origin = origin
        .map(|o| format!("Origin: {o}\r\n"))
        .unwrap_or_default();
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    write!(
        s,
        "GET /__atlas/ws HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{origin}Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    )
    .unwrap();
    let mut buf = [0u8; 512];
    let n = s.read(&mut buf).unwrap_or(0);
    let head = String::from_utf8_lossy(&buf[..n]);
    head.split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

#[test]
fn dev_server_answers_only_its_own_names_and_origin() {
    let site = Site::new(&[("content/note.md", "+++\ntitle = \"Note\"\n+++\nHi.\n")]);
    let server = Server::start(site.root(), &["--allowed-host", "notes.lan"]);
    let p = server.port;
    for ok in [
        format!("127.0.0.1:{p}"),
        format!("localhost:{p}"),
        format!("[::1]:{p}"),
        format!("notes.lan:{p}"),
        "127.0.0.1".to_string(),
    ] {
        assert_eq!(get_with_host(p, &ok), 200, "{ok}");
    }
    for evil in [
        "evil.example".to_string(),
        format!("evil.example:{p}"),
        format!("localhost.evil.example:{p}"),
        format!("localhost:{}", p.wrapping_add(1)),
    ] {
        assert_eq!(get_with_host(p, &evil), 403, "{evil}");
    }
    let (status, _) = raw(p, "GET /note/ HTTP/1.1\r\nConnection: close\r\n\r\n");
    assert!(status == 403 || status == 400, "no Host at all: {status}");

    assert_eq!(websocket(p, Some(&format!("http://127.0.0.1:{p}"))), 101);
    assert_eq!(websocket(p, Some("http://evil.example")), 403);
    assert_eq!(websocket(p, Some(&format!("http://evil.example:{p}"))), 403);
    assert_eq!(websocket(p, None), 403, "no Origin");

    // A request head over 16 KiB is refused; the server goes on.
    let big = format!(
        "GET /note/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: {}\r\nConnection: close\r\n\r\n",
        "a".repeat(20 * 1024)
    );
    assert_eq!(raw(p, &big).0, 431);
    let fits = format!(
        "GET /note/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: {}\r\nConnection: close\r\n\r\n",
        "a".repeat(8 * 1024)
    );
    assert_eq!(raw(p, &fits).0, 200);
}
