//! Parallel loops whose workers keep one state each for the whole loop.
//!
//! Rayon's `map_init` makes a state per split job, and a loop splits into many jobs:
//! the line-tokenizing memo of the highlighter (which cannot cross threads) then
//! started empty a dozen times per build, and found three quarters of the repeated
//! lines instead of four fifths.

use rayon::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Maps `f` over `0..n` with one `init()` state per worker, returning the results in
/// index order. Indices are handed out one at a time from a shared counter, so a slow
/// item never holds up a chunk of others.
pub fn map_with_state<S, R, I, F>(n: usize, init: I, f: F) -> Vec<R>
where
    R: Send,
    I: Fn() -> S + Sync,
    F: Fn(&mut S, usize) -> R + Sync,
{
    let next = AtomicUsize::new(0);
    let workers = rayon::current_num_threads().clamp(1, n.max(1));
    let parts: Vec<Vec<(usize, R)>> = (0..workers)
        .into_par_iter()
        .map(|_| {
            let mut state = init();
            let mut out = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= n {
                    break out;
                }
                out.push((i, f(&mut state, i)));
            }
        })
        .collect();
    let mut slots: Vec<Option<R>> = std::iter::repeat_with(|| None).take(n).collect();
    for (i, r) in parts.into_iter().flatten() {
        slots[i] = Some(r);
    }
    slots.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[test]
    fn results_in_order_with_one_state_per_worker() {
        let states = AtomicUsize::new(0);
        let out = map_with_state(
            1000,
            || {
                states.fetch_add(1, Ordering::Relaxed);
                0usize
            },
            |seen, i| {
                *seen += 1;
                i * 2
            },
        );
        assert_eq!(out, (0..1000).map(|i| i * 2).collect::<Vec<_>>());
        assert!(states.load(Ordering::Relaxed) <= rayon::current_num_threads());
        assert!(map_with_state(0, || (), |_, i| i).is_empty());
    }
}
