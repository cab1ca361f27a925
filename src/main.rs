//! The `atlas` binary: parses arguments and hands over to the library.

use clap::Parser;

/// mimalloc instead of the system allocator: a rebuild allocates and frees millions of
/// small strings, and glibc's free-list consolidation was a tenth of a dev-server rebuild.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    atlas::cmd::run(atlas::cli::Cli::parse())
}
