//! The wall time of each stage of one build.

use std::time::{Duration, Instant};

/// The time of each stage of one build.
pub(super) struct Timer {
    pub(super) start: Instant,
    last: Instant,
    pub(super) timings: Vec<(String, Duration)>,
}

impl Timer {
    pub(super) fn new() -> Timer {
        let now = Instant::now();
        Timer {
            start: now,
            last: now,
            timings: Vec::new(),
        }
    }
    pub(super) fn lap(&mut self, name: &str) {
        let now = Instant::now();
        self.timings.push((name.to_string(), now - self.last));
        self.last = now;
    }
}
