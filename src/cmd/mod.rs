//! The commands: one module each, run from the parsed command line.

mod build;
mod check;
mod new;
mod search;
mod serve;

use crate::cli::{Cli, Command, SiteArgs};
use crate::config::SiteConfig;
use crate::diagnostics::render_human;
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit code for content errors.
pub const EXIT_CONTENT: u8 = 1;
/// Exit code for usage and I/O errors.
pub const EXIT_USAGE: u8 = 2;

/// Runs one parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Build {
            site,
            output,
            timings,
            format,
        } => build::run(&site, output, timings, format),
        Command::Check {
            site,
            timings,
            format,
            changed,
            stale,
            external,
            timeout,
            concurrency,
            external_allow_private,
            migrate,
        } => check::run(
            &site,
            check::CheckArgs {
                timings,
                format,
                changed,
                stale,
                external,
                timeout,
                concurrency,
                external_allow_private,
                migrate,
            },
        ),
        Command::Serve {
            site,
            port,
            bind,
            poll,
            open,
            allowed_hosts,
        } => serve::run(
            &site,
            crate::serve::ServeOptions {
                bind,
                port,
                poll,
                open,
                allowed_hosts,
            },
        ),
        Command::New { path, title, root } => new::run(&root, &path, title.as_deref()),
        Command::Search {
            query,
            json,
            limit,
            root,
        } => search::run(&root, &query, json, limit),
    }
}

/// Loads the configuration for `args`, printing a located error on failure.
fn load_config(
    args: &SiteArgs,
    output: Option<PathBuf>,
    stale_days: Option<i64>,
) -> Result<SiteConfig, ExitCode> {
    match SiteConfig::load(&args.root, &args.overrides(output, stale_days)) {
        Ok(c) => {
            if c.defaulted && !args.quiet {
                eprintln!(
                    "note: no site.toml in {}; building with defaults",
                    args.root.display()
                );
            }
            Ok(c)
        }
        Err(d) => {
            eprint!("{}", render_human(&[d], &args.root));
            Err(ExitCode::from(EXIT_USAGE))
        }
    }
}

/// Prints `e` as an error and returns the usage exit code.
fn usage_error(e: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {e}");
    ExitCode::from(EXIT_USAGE)
}
