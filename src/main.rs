//! The `atlas` binary: parses arguments and hands over to the library.

use clap::Parser;

fn main() -> std::process::ExitCode {
    atlas::cli::run(atlas::cli::Cli::parse())
}
