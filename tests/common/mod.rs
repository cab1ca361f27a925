//! Shared helpers for integration tests: temp sites, running the binary, building in memory.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A site in a temporary directory.
pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    /// A site made of `(path, contents)` pairs.
    pub fn new(files: &[(&str, &str)]) -> Site {
        let dir = tempfile::tempdir().expect("tempdir");
        for (p, c) in files {
            write(dir.path(), p, c.as_bytes());
        }
        Site { dir }
    }

    /// A copy of the fixture `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Site {
        let src = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        let dir = tempfile::tempdir().expect("tempdir");
        copy_dir(&src, dir.path());
        Site { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, path: &str, contents: &[u8]) {
        write(self.dir.path(), path, contents);
    }

    pub fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.dir.path().join(path))
            .unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// Runs `atlas <args> --root <site>`.
    pub fn atlas(&self, args: &[&str]) -> Run {
        let mut all: Vec<&str> = args.to_vec();
        let root = self.dir.path().to_string_lossy().into_owned();
        all.push("--root");
        all.push(&root);
        run(&all, self.dir.path())
    }

    /// Builds in memory with the library.
    pub fn build(&self) -> atlas::pipeline::Build {
        self.build_with(&atlas::config::Overrides::default())
    }

    pub fn build_with(&self, o: &atlas::config::Overrides) -> atlas::pipeline::Build {
        let config = atlas::config::SiteConfig::load(self.root(), o).expect("config");
        let hl = atlas::highlight::Highlighter::new(true);
        atlas::pipeline::build(&config, &hl).expect("build")
    }
}

pub fn write(root: &Path, path: &str, contents: &[u8]) {
    let p = root.join(path);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, contents).unwrap();
}

fn copy_dir(src: &Path, dst: &Path) {
    for e in walkdir::WalkDir::new(src) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(src).unwrap();
        let target = dst.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// The result of running the binary.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(args: &[&str], cwd: &Path) -> Run {
    let out: Output = Command::new(env!("CARGO_BIN_EXE_atlas"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("run atlas");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The text of one built file (unpacked when a dev-server build packed it).
pub fn html(build: &atlas::pipeline::Build, path: &str) -> String {
    let bytes = build.files.get(path).unwrap_or_else(|| {
        panic!(
            "no {path}; have {:?}",
            build.files.keys().take(50).collect::<Vec<_>>()
        )
    });
    String::from_utf8(atlas::output::packed::unpack(bytes).into_owned()).unwrap()
}

pub fn messages(build: &atlas::pipeline::Build) -> Vec<String> {
    build
        .diagnostics
        .items()
        .iter()
        .map(|d| d.one_line())
        .collect()
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The bundled browser search client (what a built site serves as `search.js`), written
/// once per test process to a file node can `require`.
pub fn search_client() -> PathBuf {
    static PATH: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    PATH.get_or_init(|| {
        let path = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("atlas-search-client-{}.js", std::process::id()));
        std::fs::write(&path, atlas::search::client::bundle()).unwrap();
        path
    })
    .clone()
}

/// Runs `git` in `root` with a fixed author and commit date, failing the test on error.
pub fn git(root: &std::path::Path, args: &[&str], date: &str) {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_AUTHOR_NAME", "Atlas Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.org")
        .env("GIT_COMMITTER_NAME", "Atlas Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.org")
        .output()
        .expect("git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
