//! `atlas serve`: the dev server (see `serve/`), with the site's options.

use super::{load_config, EXIT_USAGE};
use crate::cli::SiteArgs;
use crate::serve::ServeOptions;
use std::process::ExitCode;

/// Runs `atlas serve` until Ctrl-C.
pub fn run(site: &SiteArgs, options: ServeOptions) -> ExitCode {
    let config = match load_config(site, None, None) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let source = crate::serve::SiteSource {
        overrides: site.overrides(None, None),
        reporter: site.reporter(),
    };
    match crate::serve::run(config, source, &options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}
