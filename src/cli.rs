//! The command line, as clap parses it: `atlas build | check | serve | new | search`.
//! What each command does lives in `cmd/`.

use crate::config::{Level, Overrides};
use crate::diagnostics::OutputFormat;
use crate::report::Reporter;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Atlas: a static site generator for knowledge bases.
#[derive(Debug, Parser)]
#[command(name = "atlas", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options every building command shares.
#[derive(Debug, Clone, Args)]
pub struct SiteArgs {
    /// Site root (holds site.toml, content/, templates/, static/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Base URL the site is served from (may include a subpath).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Include notes marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
    /// Treat broken links as errors or warnings (overrides `[links] broken`).
    #[arg(long, value_enum)]
    pub broken_links: Option<Level>,
    /// Print only errors.
    #[arg(short, long)]
    pub quiet: bool,
    /// Print every warning in full and extra detail.
    #[arg(short, long)]
    pub verbose: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output directory (atomically replaced).
    Build {
        /// Shared options.
        #[command(flatten)]
        site: SiteArgs,
        /// Output directory (default: `public/` under the root).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Print the time of each stage.
        #[arg(long)]
        timings: bool,
        /// Diagnostics format.
        #[arg(long, value_enum, default_value = "human")]
        format: OutputFormat,
    },
    /// Parse every note and resolve every link without rendering; exit 1 on any error.
    Check {
        /// Shared options.
        #[command(flatten)]
        site: SiteArgs,
        /// Print the time of each stage.
        #[arg(long)]
        timings: bool,
        /// Diagnostics format.
        #[arg(long, value_enum, default_value = "human")]
        format: OutputFormat,
        /// Report only problems in files changed since this git base (and links into them).
        #[arg(long, value_name = "BASE", num_args = 0..=1, default_missing_value = "origin/main")]
        changed: Option<String>,
        /// Also list notes not updated for this long (`12m`, `90d`, `2y`) or older than notes they link to.
        #[arg(long, value_name = "AGE")]
        stale: Option<String>,
        /// Also fetch every external link (skip some with `[check] external_skip`).
        #[arg(long)]
        external: bool,
        /// Seconds before an external link counts as unreachable.
        #[arg(long, default_value_t = 10)]
        timeout: u64,
        /// External links checked at once.
        #[arg(long, default_value_t = 8)]
        concurrency: usize,
        /// Let --external connect to loopback, private, link-local and metadata addresses.
        #[arg(long)]
        external_allow_private: bool,
        /// Also print the migration report: other tools' conventions (Obsidian, Hugo, Zola,
        /// Docusaurus, mdBook) understood, kept for templates, or ignored.
        #[arg(long)]
        migrate: bool,
    },
    /// Build into memory and serve with live reload.
    Serve {
        /// Shared options.
        #[command(flatten)]
        site: SiteArgs,
        /// Port.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to bind (loopback by default).
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Poll the file system instead of using native events.
        #[arg(long)]
        poll: bool,
        /// Open the site in the default browser once it is served.
        #[arg(long)]
        open: bool,
        /// Also answer requests whose Host is NAME (repeatable); other names get 403.
        #[arg(long = "allowed-host", value_name = "NAME")]
        allowed_hosts: Vec<String>,
    },
    /// Create a new note from the front-matter template.
    New {
        /// `section/slug` of the note.
        path: String,
        /// Title (default: from the slug).
        #[arg(long)]
        title: Option<String>,
        /// Site root.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Search the site from the terminal (tantivy index built with the site).
    Search {
        /// The query.
        query: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// Maximum results.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Site root.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

impl SiteArgs {
    /// The `site.toml` overrides these options ask for.
    pub fn overrides(&self, output: Option<PathBuf>, stale_days: Option<i64>) -> Overrides {
        Overrides {
            output,
            base_url: self.base_url.clone(),
            drafts: self.drafts,
            broken_links: self.broken_links,
            stale_days,
        }
    }

    /// How much to report.
    pub fn reporter(&self) -> Reporter {
        Reporter {
            root: self.root.clone(),
            quiet: self.quiet,
            verbose: self.verbose,
        }
    }
}
