//! `atlas check`: parse every note and resolve every link without rendering, run the
//! content checks, optionally fetch external links and limit the report to changed
//! files; exit 1 on any error.

use super::{load_config, usage_error, EXIT_CONTENT};
use crate::check;
use crate::cli::SiteArgs;
use crate::diagnostics::{Diagnostics, OutputFormat};
use crate::highlight::Highlighter;
use crate::pipeline::{self, BuildOptions};
use crate::report;
use std::process::ExitCode;

/// The options of `atlas check` besides the site's.
#[derive(Debug, Clone)]
pub struct CheckArgs {
    /// Print the time of each stage.
    pub timings: bool,
    /// Diagnostics format.
    pub format: OutputFormat,
    /// Report only problems in files changed since this git base.
    pub changed: Option<String>,
    /// List notes not updated for this long.
    pub stale: Option<String>,
    /// Fetch every external link.
    pub external: bool,
    /// Seconds before an external link counts as unreachable.
    pub timeout: u64,
    /// External links checked at once.
    pub concurrency: usize,
    /// Let --external connect to private addresses.
    pub external_allow_private: bool,
    /// Print the migration report.
    pub migrate: bool,
}

/// Runs `atlas check`.
pub fn run(site: &SiteArgs, args: CheckArgs) -> ExitCode {
    let stale_days = match args.stale.as_deref().map(check::stale::parse_age) {
        Some(Err(e)) => return usage_error(format!("--stale: {e}")),
        Some(Ok(d)) => Some(d),
        None => None,
    };
    let config = match load_config(site, None, stale_days) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let hl = Highlighter::new(config.site.highlight.enabled);
    // With --changed, only what the changed files' diagnostics depend on is checked.
    let changed = match &args.changed {
        Some(base) => match check::changed::changed_files(&config.root, base) {
            Ok(files) => Some(files),
            Err(e) => return usage_error(format!("--changed {base}: {e}")),
        },
        None => None,
    };
    let options = BuildOptions {
        check_only: true,
        focus: changed.as_ref(),
        ..Default::default()
    };
    let mut build = match pipeline::build_with(&config, &hl, options) {
        Ok(b) => b,
        Err(e) => return usage_error(e),
    };
    let mut all = build.diagnostics.items().to_vec();
    all.append(&mut build.checks);
    if args.external {
        let opts = check::external::ExternalOptions {
            timeout: std::time::Duration::from_secs(args.timeout),
            concurrency: args.concurrency,
            skip: config.site.check.external_skip.clone(),
            allow_private: args.external_allow_private,
        };
        all.extend(
            check::external::check(&build.external_links, &opts)
                .into_iter()
                .filter_map(|d| check::with_level(d, config.site.check.external)),
        );
    }
    if let Some(files) = &changed {
        all = check::changed::filter(all, files);
    }
    let mut diags = Diagnostics::new();
    diags.extend(all);
    diags.sort();
    let reporter = site.reporter();
    reporter.diagnostics(&diags, args.format);
    if args.migrate {
        match args.format {
            OutputFormat::Json => println!(
                "{}",
                serde_json::to_string_pretty(&build.migration).unwrap_or_default()
            ),
            _ => print!("{}", build.migration.render()),
        }
    }
    if args.timings {
        report::timings(&build.report.timings);
    }
    reporter.note(&report::summary(&build.report, &diags, "checked"));
    if diags.has_errors() {
        ExitCode::from(EXIT_CONTENT)
    } else {
        ExitCode::SUCCESS
    }
}
