//! The wall and CPU time of each stage of one build.

use std::time::{Duration, Instant};

use serde::Serialize;

/// The time one stage took.
#[derive(Debug, Clone, Serialize)]
pub struct StageTime {
    /// The stage's name (`load`, `parse`, `render_pages`, …).
    pub name: String,
    /// Time on the clock.
    pub wall: Duration,
    /// Processor time of every thread of the process (more than `wall` when the
    /// stage ran on several cores; `None` where the system cannot tell).
    pub cpu: Option<Duration>,
}

/// A point in time, on the clock and in the process's processor time.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    wall: Instant,
    cpu: Option<Duration>,
}

impl Clock {
    /// Now.
    pub fn now() -> Clock {
        Clock {
            wall: Instant::now(),
            cpu: process_cpu(),
        }
    }

    /// The time from this point to now, as stage `name`.
    pub fn stage(&self, name: &str) -> StageTime {
        self.until(Clock::now(), name)
    }

    fn until(&self, end: Clock, name: &str) -> StageTime {
        StageTime {
            name: name.to_string(),
            wall: end.wall - self.wall,
            cpu: end.cpu.zip(self.cpu).map(|(b, a)| b.saturating_sub(a)),
        }
    }
}

/// The processor time all threads of this process have used so far.
#[cfg(unix)]
fn process_cpu() -> Option<Duration> {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid, writable timespec for the call's duration.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut t) };
    (rc == 0).then(|| Duration::new(t.tv_sec as u64, t.tv_nsec as u32))
}

#[cfg(not(unix))]
fn process_cpu() -> Option<Duration> {
    None
}

/// The time of each stage of one build.
pub(super) struct Timer {
    pub(super) start: Instant,
    last: Clock,
    pub(super) timings: Vec<StageTime>,
}

impl Timer {
    pub(super) fn new() -> Timer {
        let now = Clock::now();
        Timer {
            start: now.wall,
            last: now,
            timings: Vec::new(),
        }
    }
    pub(super) fn lap(&mut self, name: &str) {
        let now = Clock::now();
        self.timings.push(self.last.until(now, name));
        self.last = now;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stage_that_spins_counts_processor_time() {
        let start = Clock::now();
        let mut x = 0u64;
        while start.wall.elapsed() < Duration::from_millis(30) {
            x = std::hint::black_box(x.wrapping_add(1));
        }
        let t = start.stage("spin");
        assert_eq!(t.name, "spin");
        assert!(t.wall >= Duration::from_millis(30));
        if cfg!(unix) {
            let cpu = t.cpu.expect("unix reports processor time");
            assert!(cpu >= Duration::from_millis(10), "{cpu:?}");
        }
    }
}
