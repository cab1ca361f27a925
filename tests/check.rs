//! `atlas check` beyond links: content checks, `--changed` against git, git dates,
//! staleness, `atlas new`, and the repository's workflow files.

mod common;
use common::*;

#[test]
fn content_checks_report_orphans_descriptions_and_duplicates() {
    let site = Site::new(&[
        ("content/a.md", "+++\ntitle = \"Alpha\"\ndescription = \"A.\"\naliases = [\"Beta\", \"shared\"]\n+++\n[[b]] [[c]]\n"),
        ("content/b.md", "+++\ntitle = \"Beta\"\ndescription = \"B.\"\n+++\n[[a]]\n"),
        ("content/c.md", "+++\ntitle = \"Gamma\"\naliases = [\"shared\"]\n+++\ntext\n"),
        ("content/lonely.md", "+++\ntitle = \"Lonely\"\ndescription = \"L.\"\n+++\ntext\n"),
    ]);
    let r = site.atlas(&["check", "--format", "github"]);
    assert_eq!(r.code, 0, "warnings only: {}", r.stderr);
    assert_eq!(
        r.stdout,
        "::warning file=content/a.md,line=1,col=1::alias `beta` is the title of `content/b.md` [duplicate]\n\
         ::warning file=content/c.md,line=1,col=1::`Gamma` has no description [missing-description] (help: add `description = \"one sentence\"` to the front matter)\n\
         ::warning file=content/c.md,line=1,col=1::alias `shared` is also an alias of `content/a.md` [duplicate]\n\
         ::warning file=content/lonely.md,line=1,col=1::orphan note: no other note links to `Lonely` [orphan] (help: link to it from a related note or its section's _index.md)\n"
    );
    // Severity per kind comes from site.toml.
    site.write(
        "site.toml",
        b"[check]\norphans = \"error\"\nmissing_description = \"off\"\n",
    );
    let r = site.atlas(&["check", "--format", "github", "-q"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout,
        "::error file=content/lonely.md,line=1,col=1::orphan note: no other note links to `Lonely` [orphan] (help: link to it from a related note or its section's _index.md)\n"
    );
    // `atlas build` does not report content checks.
    let b = site.atlas(&["build"]);
    assert_eq!(b.code, 0);
    assert!(!b.stderr.contains("orphan"), "{}", b.stderr);
}

#[test]
fn changed_limits_reports_to_changed_files_and_links_into_them() {
    let site = Site::new(&[
        ("content/a.md", "+++\ntitle = \"A\"\ndescription = \"a\"\n+++\n[[b]] and [broken](nope.md)\n"),
        ("content/b.md", "+++\ntitle = \"B\"\ndescription = \"b\"\n+++\n## Old Heading\n\n[[a]] and [also broken](gone.md)\n"),
        ("content/c.md", "+++\ntitle = \"C\"\ndescription = \"c\"\n+++\n[deep](b.md#old-heading) [[a]]\n"),
    ]);
    let root = site.root();
    git(root, &["init", "-q", "-b", "main"], "2024-01-01T00:00:00");
    git(root, &["add", "."], "2024-01-01T00:00:00");
    git(
        root,
        &["commit", "-q", "-m", "start"],
        "2024-01-01T00:00:00",
    );
    git(
        root,
        &["checkout", "-q", "-b", "feature"],
        "2024-01-01T00:00:00",
    );
    // The pull request renames a heading in b.md.
    site.write("content/b.md", b"+++\ntitle = \"B\"\ndescription = \"b\"\n+++\n## New Heading\n\n[[a]] and [also broken](gone.md)\n");
    git(
        root,
        &["commit", "-q", "-am", "rename heading"],
        "2024-02-01T00:00:00",
    );
    let r = site.atlas(&["check", "--changed", "main", "--format", "github"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", r.stdout);
    assert!(
        lines[0].starts_with(
            "::error file=content/b.md,line=7,col=11::broken link: no note or file at `gone.md`"
        ),
        "{}",
        lines[0]
    );
    assert!(lines[1].starts_with("::error file=content/c.md,line=5,col=1::broken anchor: `content/b.md` has no heading `#old-heading`"), "{}", lines[1]);
    assert!(
        lines[1].contains("did you mean `b.md#new-heading`?"),
        "{}",
        lines[1]
    );
    // Without --changed, a.md's broken link is reported too.
    let all = site.atlas(&["check", "--format", "github", "-q"]);
    assert_eq!(all.stdout.lines().count(), 3, "{}", all.stdout);
}

#[test]
fn updated_dates_come_from_git_when_not_set() {
    let site = Site::new(&[
        ("content/a.md", "+++\ntitle = \"A\"\n+++\n[[b]]\n"),
        (
            "content/b.md",
            "+++\ntitle = \"B\"\nupdated = 2023-05-06\n+++\n[[a]]\n",
        ),
    ]);
    let root = site.root();
    git(root, &["init", "-q", "-b", "main"], "2024-03-04T10:00:00");
    git(root, &["add", "."], "2024-03-04T10:00:00");
    git(root, &["commit", "-q", "-m", "one"], "2024-03-04T10:00:00");
    site.write("content/a.md", b"+++\ntitle = \"A\"\n+++\n[[b]] edited\n");
    git(root, &["commit", "-q", "-am", "two"], "2025-07-08T10:00:00");
    let b = site.build();
    assert!(html(&b, "a/index.html").contains("<time datetime=\"2025-07-08\">"));
    assert!(
        html(&b, "b/index.html").contains("<time datetime=\"2023-05-06\">"),
        "front matter wins"
    );
    assert!(html(&b, "sitemap.xml").contains("<loc>/a/</loc><lastmod>2025-07-08</lastmod>"));
    // b (2023) links to a, which changed after it (2025).
    let r = site.atlas(&["check", "--stale", "12m", "--format", "github"]);
    assert!(
        r.stdout
            .contains("::warning file=content/b.md,line=1,col=1::not updated for"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("::warning file=content/b.md,line=1,col=1::links to `content/a.md`, which changed after this note (2025-07-08 > 2023-05-06)"), "{}", r.stdout);
    let bad = site.atlas(&["check", "--stale", "soon"]);
    assert_eq!(bad.code, 2);
}

#[test]
fn new_creates_a_note_and_refuses_to_overwrite() {
    let site = Site::new(&[("content/_index.md", "# Home\n")]);
    let r = site.atlas(&["new", "caching/write-back", "--title", "Write-Back Caching"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("content/caching/_index.md"),
        "{}",
        r.stderr
    );
    let note = site.read("content/caching/write-back.md");
    assert!(
        note.starts_with("+++\ntitle = \"Write-Back Caching\"\n"),
        "{note}"
    );
    let again = site.atlas(&["new", "caching/write-back"]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    assert_eq!(
        site.read("content/caching/write-back.md"),
        note,
        "not overwritten"
    );
    // The new note builds.
    assert_eq!(site.atlas(&["build", "-q"]).code, 0);
}

#[test]
fn workflows_parse_and_call_real_commands() {
    let root = repo_root();
    for wf in ["ci.yml", "pages.yml", "release.yml"] {
        let text = std::fs::read_to_string(root.join(".github/workflows").join(wf)).unwrap();
        let yaml: serde_yaml_ng::Value =
            serde_yaml_ng::from_str(&text).unwrap_or_else(|e| panic!("{wf}: {e}"));
        assert!(yaml.get("jobs").is_some(), "{wf} has jobs");
        for line in text.lines().map(str::trim) {
            let Some(cmd) = line
                .strip_prefix("run: cargo run --release -- ")
                .or_else(|| line.strip_prefix("run: atlas "))
            else {
                continue;
            };
            let cmd = cmd
                .replace("\"$BASE_URL/\"", "https://example.github.io/atlas/")
                .replace("\"origin/$BASE_REF\"", "origin/main");
            let mut argv = vec!["atlas"];
            argv.extend(cmd.split_whitespace());
            <atlas::cli::Cli as clap::Parser>::try_parse_from(&argv)
                .unwrap_or_else(|e| panic!("{wf}: `{cmd}`: {e}"));
        }
    }
    let ci = std::fs::read_to_string(root.join(".github/workflows/ci.yml")).unwrap();
    // Content-only pull requests: the cached binary, not waiting for the tests.
    assert!(ci.contains("run: atlas check --format github --changed \"origin/$BASE_REF\""));
    assert!(ci.contains(
        "run: cargo run --release -- check --format github --changed \"origin/$BASE_REF\""
    ));
    assert!(root.join("CONTRIBUTING.md").is_file());
    assert!(root.join(".github/pull_request_template.md").is_file());
    // The Release workflow packages the binary of the profile it built, and Cargo.toml
    // defines that profile.
    let release = std::fs::read_to_string(root.join(".github/workflows/release.yml")).unwrap();
    let profile = release
        .split("cargo build --profile ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("the Release workflow builds a named profile");
    assert!(
        release.contains(&format!("cd \"target/$TARGET/{profile}\"")),
        "packages target/$TARGET/{profile}"
    );
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    assert!(
        manifest.contains(&format!("[profile.{profile}]")),
        "{profile}"
    );
}

#[test]
fn renamed_headings_keep_their_old_anchor_and_links_are_reported() {
    let site = Site::new(&[
        (
            "content/cdn.md",
            "+++\ntitle = \"CDN\"\ndescription = \"c\"\n+++\n## Push vs Pull\n\ntext [[other]]\n",
        ),
        (
            "content/other.md",
            "+++\ntitle = \"Other\"\ndescription = \"o\"\n+++\nSee [push](cdn.md#push-vs-pull).\n",
        ),
    ]);
    assert_eq!(site.atlas(&["build", "-q"]).code, 0);
    let record = site.read("content/.anchors.json");
    assert!(record.contains("\"push-vs-pull\""), "{record}");
    // Rename the heading: the link still resolves, check names the note that links to it.
    site.write(
        "content/cdn.md",
        b"+++\ntitle = \"CDN\"\ndescription = \"c\"\n+++\n## Push versus Pull\n\ntext [[other]]\n",
    );
    let r = site.atlas(&["check", "--format", "github"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("::warning file=content/other.md,line=5,col=5::links to `#push-vs-pull` in `content/cdn.md`, a heading renamed to `#push-versus-pull` [renamed-anchor] (help: update the link to `#push-versus-pull`)"),
        "{}",
        r.stdout
    );
    assert_eq!(site.atlas(&["build", "-q"]).code, 0);
    let page = site.read("public/cdn/index.html");
    assert!(
        page.contains(
            "<h2 id=\"push-versus-pull\"><span id=\"push-vs-pull\" class=\"anchor-alias\"></span>"
        ),
        "{page}"
    );
    let other = site.read("public/other/index.html");
    assert!(
        other.contains("href=\"/cdn/#push-versus-pull\""),
        "links point at the new anchor"
    );
    assert!(site
        .read("content/.anchors.json")
        .contains("\"push-vs-pull\": \"push-versus-pull\""));
}

/// A local HTTP server: `/ok` 200, `/missing` 404, `/get-only` refuses HEAD, `/slow` never answers in time.
fn link_server() -> u16 {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten().take(64) {
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                let _ = reader.read_line(&mut line);
                loop {
                    let mut h = String::new();
                    if reader.read_line(&mut h).is_err() || h == "\r\n" || h.is_empty() {
                        break;
                    }
                }
                let (method, path) = {
                    let mut it = line.split_whitespace();
                    (
                        it.next().unwrap_or("").to_string(),
                        it.next().unwrap_or("").to_string(),
                    )
                };
                // `/hop/N` redirects to `/hop/N-1`, `/hop/0` to `/ok`.
                let mut location = String::new();
                if let Some(n) = path
                    .strip_prefix("/hop/")
                    .and_then(|n| n.parse::<u32>().ok())
                {
                    location = if n == 0 {
                        "Location: /ok\r\n".into()
                    } else {
                        format!("Location: /hop/{}\r\n", n - 1)
                    };
                }
                let status = match (method.as_str(), path.as_str()) {
                    _ if !location.is_empty() => "302 Found",
                    (_, "/ok") => "200 OK",
                    ("HEAD", "/get-only") => "405 Method Not Allowed",
                    ("GET", "/get-only") => "200 OK",
                    (_, "/slow") => {
                        std::thread::sleep(std::time::Duration::from_secs(4));
                        "200 OK"
                    }
                    _ => "404 Not Found",
                };
                let mut s = stream;
                let _ = write!(
                    s,
                    "HTTP/1.1 {status}\r\n{location}Content-Length: 0\r\nConnection: close\r\n\r\n"
                );
            });
        }
    });
    port
}

#[test]
fn external_links_are_checked_with_timeout_and_skip_list() {
    let port = link_server();
    let base = format!("http://127.0.0.1:{port}");
    let note = format!(
        "+++\ntitle = \"A\"\ndescription = \"a\"\n+++\n[ok]({base}/ok) [missing]({base}/missing)\n[get]({base}/get-only) [slow]({base}/slow) [skipped]({base}/skipped-missing)\n"
    );
    let site = Site::new(&[
        (
            "site.toml",
            "[check]\nexternal_skip = [\"skipped-\"]\norphans = \"off\"\n",
        ),
        ("content/a.md", &note),
    ]);
    // Without --external nothing is fetched.
    assert_eq!(site.atlas(&["check", "--format", "github"]).stdout, "");
    let r = site.atlas(&[
        "check",
        "--external",
        "--external-allow-private",
        "--timeout",
        "1",
        "--concurrency",
        "2",
        "--format",
        "github",
    ]);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", r.stdout);
    assert!(
        lines[0].starts_with("::warning file=content/a.md,line=5,col="),
        "{}",
        lines[0]
    );
    assert!(
        lines[0].contains(&format!(
            "::external link `{base}/missing` answers HTTP 404"
        )),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with("::warning file=content/a.md,line=6,col=")
            && lines[1].contains("/slow` cannot be reached"),
        "{}",
        lines[1]
    );
    assert_eq!(r.code, 0, "warnings by default");
}

#[test]
fn external_checks_refuse_private_and_metadata_addresses() {
    // A listener nobody accepts on: a connection attempt would wait in its backlog.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let base = format!("http://127.0.0.1:{port}");
    let note = format!(
        "+++\ntitle = \"A\"\ndescription = \"a\"\n+++\n[local]({base}/ok)\n[meta](http://169.254.169.254/latest/meta-data/)\n[v6](http://[::1]:{port}/ok) [ula](http://[fd00:ec2::254]/)\n[name](http://localhost:{port}/ok)\n"
    );
    let site = Site::new(&[
        ("site.toml", "[check]\norphans = \"off\"\n"),
        ("content/a.md", &note),
    ]);
    let r = site.atlas(&[
        "check",
        "--external",
        "--timeout",
        "2",
        "--format",
        "github",
    ]);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 5, "{}", r.stdout);
    for (line, (at, why)) in lines.iter().zip([
        ("line=5", "127.0.0.1 is a loopback address"),
        ("line=6", "169.254.169.254 is a cloud metadata address"),
        ("line=7", "::1 is a loopback address"),
        ("line=7", "fd00:ec2::254 is a cloud metadata address"),
        ("line=8", "is a loopback address"),
    ]) {
        assert!(line.contains(at) && line.contains(why), "{line}");
        assert!(line.contains("refused"), "{line}");
    }
    listener.set_nonblocking(true).unwrap();
    assert!(
        listener
            .accept()
            .is_err_and(|e| e.kind() == std::io::ErrorKind::WouldBlock),
        "a refused URL was connected to"
    );
    // Allowed explicitly, loopback answers (the metadata address is not tried here).
    let base = format!("http://127.0.0.1:{}", link_server());
    let site = Site::new(&[
        ("site.toml", "[check]\norphans = \"off\"\n"),
        (
            "content/a.md",
            &format!("+++\ntitle = \"A\"\ndescription = \"a\"\n+++\n[local]({base}/ok)\n"),
        ),
    ]);
    let r = site.atlas(&[
        "check",
        "--external",
        "--external-allow-private",
        "--format",
        "github",
    ]);
    assert_eq!(r.stdout, "", "{}", r.stderr);
}

#[test]
fn external_redirects_are_limited() {
    let port = link_server();
    let base = format!("http://127.0.0.1:{port}");
    let note = format!(
        "+++\ntitle = \"A\"\ndescription = \"a\"\n+++\n[five]({base}/hop/4) [six]({base}/hop/9)\n"
    );
    let site = Site::new(&[
        ("site.toml", "[check]\norphans = \"off\"\n"),
        ("content/a.md", &note),
    ]);
    let r = site.atlas(&[
        "check",
        "--external",
        "--external-allow-private",
        "--format",
        "github",
    ]);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{}", r.stdout);
    assert!(
        lines[0].contains("/hop/9` cannot be reached") && lines[0].contains("redirect"),
        "{}",
        lines[0]
    );
}
