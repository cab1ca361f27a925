//! Build progress, shared between the pipeline (which advances it) and a terminal
//! reporter (which shows it when a build takes longer than a second).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// The current stage and how many of its items are done.
#[derive(Debug, Default)]
pub struct Progress {
    stage: Mutex<&'static str>,
    done: AtomicUsize,
    total: AtomicUsize,
}

impl Progress {
    /// Nothing started yet.
    pub fn new() -> Progress {
        Progress::default()
    }

    /// Enters `stage`, which has `total` items (0 when it is not counted).
    pub fn stage(&self, stage: &'static str, total: usize) {
        *self.stage.lock().unwrap_or_else(|e| e.into_inner()) = stage;
        self.done.store(0, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
    }

    /// One more item of the current stage is done.
    pub fn tick(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }

    /// (stage, done, total).
    pub fn snapshot(&self) -> (&'static str, usize, usize) {
        (
            *self.stage.lock().unwrap_or_else(|e| e.into_inner()),
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }

    /// One status line, e.g. `render 4210/10000 notes`.
    pub fn line(&self) -> String {
        let (stage, done, total) = self.snapshot();
        if total > 0 {
            format!("{stage} {done}/{total} notes")
        } else {
            stage.to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_per_stage() {
        let p = Progress::new();
        p.stage("render", 3);
        p.tick();
        p.tick();
        assert_eq!(p.line(), "render 2/3 notes");
        p.stage("write", 0);
        assert_eq!(p.line(), "write");
    }
}
