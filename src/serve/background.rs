//! A low-priority thread pool for the dev server's background work (the search index
//! after each rebuild), so that it never slows the page rebuild of the next save.

/// How much nicer than the page rebuilds background threads run (Linux: per thread).
const NICENESS: i32 = 15;

/// A pool of `threads` threads that run at a lower scheduling priority where the
/// system allows it (elsewhere at the normal one).
pub fn low_priority_pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("atlas-background-{i}"))
        .start_handler(|_| lower_this_thread())
        .build()
        .unwrap_or_else(|_| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .build()
                .expect("a one-thread pool can always be built")
        })
}

/// Lowers the calling thread's priority (on Linux, `nice` applies to one thread).
pub fn lower_this_thread() {
    #[cfg(target_os = "linux")]
    // SAFETY: nice(2) takes an integer and only changes the calling thread's niceness;
    // a failure (-1 with errno) leaves the priority as it was, which is harmless.
    unsafe {
        libc::nice(NICENESS);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn background_threads_run_nicer() {
        let pool = low_priority_pool(1);
        #[cfg(target_os = "linux")]
        {
            // SAFETY: getpriority(2) only reads the calling thread's niceness.
            let mine = unsafe { libc::getpriority(libc::PRIO_PROCESS, 0) };
            let theirs = pool.install(|| unsafe { libc::getpriority(libc::PRIO_PROCESS, 0) });
            assert!(theirs > mine, "background {theirs}, caller {mine}");
        }
        assert_eq!(pool.install(|| 2 + 2), 4);
    }
}
