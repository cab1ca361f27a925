//! The `atlas` binary: parses arguments and hands over to the library.

use clap::Parser;

/// mimalloc instead of the system allocator: a rebuild allocates and frees millions of
/// small strings, and glibc's free-list consolidation was a tenth of a dev-server rebuild.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` of mimalloc 3's `mimalloc.h` (the bindings name it for v2 only).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> std::process::ExitCode {
    let cli = atlas::cli::Cli::parse();
    if matches!(cli.command, atlas::cli::Command::Serve { .. }) {
        // The dev server idles between saves, and mimalloc returns freed memory to the
        // system only on a later allocation after the purge delay (1 s): without a delay,
        // what a rebuild or a search index freed is not kept resident until the next save.
        // SAFETY: sets one allocator option; any value is valid and taken at the next purge.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
    }
    atlas::cmd::run(cli)
}
