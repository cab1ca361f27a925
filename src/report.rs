//! Reporting a build to a person: its diagnostics (human, GitHub or JSON), a one-line
//! summary, stage timings and a progress line. The CLI and the dev server share it.

use crate::diagnostics::{render_github, render_human, render_json, Diagnostic, OutputFormat};
use crate::diagnostics::{Diagnostics, Severity};
use crate::pipeline::{BuildReport, StageTime};
use crate::progress::Progress;
use std::path::PathBuf;
use std::time::Duration;

/// How much to tell, and where the files named in diagnostics live.
#[derive(Debug, Clone)]
pub struct Reporter {
    /// Site root (diagnostics show source lines from it).
    pub root: PathBuf,
    /// Print only errors.
    pub quiet: bool,
    /// Print every warning in full and extra detail (stage timings of rebuilds).
    pub verbose: bool,
}

impl Reporter {
    /// Prints `diagnostics` in `format`; under `quiet` only the errors.
    pub fn diagnostics(&self, diagnostics: &Diagnostics, format: OutputFormat) {
        let items: Vec<Diagnostic> = diagnostics
            .items()
            .iter()
            .filter(|d| !self.quiet || d.severity == Severity::Error)
            .cloned()
            .collect();
        match format {
            OutputFormat::Human => eprint!("{}", render_human(&items, &self.root)),
            OutputFormat::Github => print!("{}", render_github(&items)),
            OutputFormat::Json => println!("{}", render_json(&items)),
        }
    }

    /// Prints a note (unless `quiet`).
    pub fn note(&self, line: &str) {
        if !self.quiet {
            eprintln!("{line}");
        }
    }
}

/// Prints the time of each stage.
pub fn timings(timings: &[StageTime]) {
    for t in timings {
        eprintln!("{}", timing_line(t));
    }
}

/// `  render_pages   6338.4 ms  cpu  12401.0 ms (1.96 cores)`: a stage's wall time,
/// then its processor time and how many cores that kept busy on average.
fn timing_line(t: &StageTime) -> String {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let mut line = format!("  {:<10} {:>8.1} ms", t.name, ms(t.wall));
    if let Some(cpu) = t.cpu {
        line.push_str(&format!("  cpu {:>8.1} ms", ms(cpu)));
        if t.wall >= Duration::from_millis(1) {
            let cores = cpu.as_secs_f64() / t.wall.as_secs_f64();
            line.push_str(&format!(" ({cores:.2} cores)"));
        }
    }
    line
}

/// `built 12 notes in 3 sections, 20 pages, 40 links in 35 ms; 0 errors, 1 warnings`.
pub fn summary(report: &BuildReport, diagnostics: &Diagnostics, verb: &str) -> String {
    let r = report;
    format!(
        "{verb} {} notes in {} sections, {} pages, {} links in {:.0} ms; {} errors, {} warnings",
        r.notes,
        r.sections,
        r.pages,
        r.links,
        r.total.as_secs_f64() * 1000.0,
        diagnostics.error_count(),
        diagnostics.warning_count()
    )
}

/// Runs `f`; when `show` and it takes longer than a second, keeps one status line
/// (stage, notes done) updated on stderr and clears it at the end.
pub fn with_progress_line<T>(show: bool, progress: &Progress, f: impl FnOnce() -> T) -> T {
    if !show {
        return f();
    }
    let done = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|s| {
        s.spawn(|| {
            let start = std::time::Instant::now();
            let mut shown = false;
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(100));
                if start.elapsed().as_secs_f64() > 1.0 {
                    eprint!("\r\x1b[2K{}", progress.line());
                    shown = true;
                }
            }
            if shown {
                eprint!("\r\x1b[2K");
            }
        });
        let out = f();
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_timing_line_says_how_many_cores_the_stage_kept_busy() {
        let t = StageTime {
            name: "render_pages".into(),
            wall: Duration::from_millis(2000),
            cpu: Some(Duration::from_millis(3900)),
        };
        assert_eq!(
            timing_line(&t),
            "  render_pages   2000.0 ms  cpu   3900.0 ms (1.95 cores)"
        );
        let unknown = StageTime { cpu: None, ..t };
        assert_eq!(timing_line(&unknown), "  render_pages   2000.0 ms");
    }
}
