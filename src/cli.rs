//! Command-line interface: `atlas build | check | serve | new | search`.

use crate::config::{Level, Overrides, SiteConfig};
use crate::diagnostics::{render_github, render_human, render_json, Diagnostic, OutputFormat};
use crate::highlight::Highlighter;
use crate::pipeline::{self, Build};
use clap::{Args, Parser, Subcommand};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

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

/// Exit code for content errors.
pub const EXIT_CONTENT: u8 = 1;
/// Exit code for usage and I/O errors.
pub const EXIT_USAGE: u8 = 2;

/// Loads the configuration for `args`, printing a located error on failure.
pub fn load_config(args: &SiteArgs, output: Option<PathBuf>) -> Result<SiteConfig, ExitCode> {
    load_config_with(args, output, None)
}

/// [`load_config`] with `atlas check --stale` days.
pub fn load_config_with(
    args: &SiteArgs,
    output: Option<PathBuf>,
    stale_days: Option<i64>,
) -> Result<SiteConfig, ExitCode> {
    let overrides = Overrides {
        output,
        base_url: args.base_url.clone(),
        drafts: args.drafts,
        broken_links: args.broken_links,
        stale_days,
    };
    match SiteConfig::load(&args.root, &overrides) {
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

/// Prints diagnostics in `format`; in human format warnings are summarised under `-q`.
pub fn print_diagnostics(build: &Build, args: &SiteArgs, format: OutputFormat) {
    let items: Vec<Diagnostic> = build
        .diagnostics
        .items()
        .iter()
        .filter(|d| !args.quiet || d.severity == crate::diagnostics::Severity::Error)
        .cloned()
        .collect();
    match format {
        OutputFormat::Human => eprint!("{}", render_human(&items, &args.root)),
        OutputFormat::Github => print!("{}", render_github(&items)),
        OutputFormat::Json => println!("{}", render_json(&items)),
    }
}

/// Runs `f`; when `show` and it takes longer than a second, keeps one status line
/// (stage, notes done) updated on stderr and clears it at the end.
fn with_progress_line<T>(
    show: bool,
    progress: &crate::progress::Progress,
    f: impl FnOnce() -> T,
) -> T {
    if !show {
        return f();
    }
    let done = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|s| {
        s.spawn(|| {
            let start = std::time::Instant::now();
            let mut shown = false;
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                std::thread::sleep(std::time::Duration::from_millis(100));
                if start.elapsed().as_secs_f64() > 1.0 {
                    eprint!("\r\x1b[2K{}", progress.line());
                    shown = true;
                }
            }
            if shown {
                eprint!("\r\x1b[2K");
            }
        });
        let out = f();
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        out
    })
}

/// True when the terminal search index exists and no source changed after it.
fn index_is_fresh(root: &std::path::Path, dir: &std::path::Path) -> bool {
    let Ok(built) = std::fs::metadata(dir).and_then(|m| m.modified()) else {
        return false;
    };
    let newest = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .flatten()
        .filter_map(|e| e.metadata().ok()?.modified().ok())
        .chain(
            std::fs::metadata(root.join("site.toml"))
                .and_then(|m| m.modified())
                .ok(),
        )
        .max();
    newest.is_none_or(|n| n <= built)
}

fn print_timings(timings: &[(String, std::time::Duration)]) {
    for (stage, t) in timings {
        eprintln!("  {stage:<10} {:>8.1} ms", t.as_secs_f64() * 1000.0);
    }
}

fn summary(build: &Build, verb: &str) -> String {
    let r = &build.report;
    format!(
        "{verb} {} notes in {} sections, {} pages, {} links in {:.0} ms; {} errors, {} warnings",
        r.notes,
        r.sections,
        r.pages,
        r.links,
        r.total.as_secs_f64() * 1000.0,
        build.diagnostics.error_count(),
        build.diagnostics.warning_count()
    )
}

/// Runs one parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Build {
            site,
            output,
            timings,
            format,
        } => {
            let config = match load_config(&site, output) {
                Ok(c) => c,
                Err(code) => return code,
            };
            // Pages go straight into a staging directory next to the output, swapped in
            // only if the build succeeds.
            let stage = match crate::output::DiskStage::new(&config.output, &config.root) {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(EXIT_USAGE);
                }
            };
            let sink = crate::output::Sink::Disk(stage);
            let hl = Highlighter::new(config.site.highlight.enabled);
            let progress = crate::progress::Progress::new();
            let show = std::io::stderr().is_terminal() && !site.quiet;
            let result = with_progress_line(show, &progress, || {
                pipeline::build_with(
                    &config,
                    &hl,
                    pipeline::BuildOptions {
                        cache: None,
                        progress: Some(&progress),
                        sink: Some(&sink),
                        skip_search_index: false,
                        skip_checks: false,
                        changed: None,
                        check_only: false,
                    },
                )
            });
            let crate::output::Sink::Disk(stage) = sink else {
                unreachable!("a disk sink was given")
            };
            let build = match result {
                Ok(b) => b,
                Err(e) => {
                    stage.abort();
                    eprintln!("error: {e}");
                    return ExitCode::from(EXIT_USAGE);
                }
            };
            print_diagnostics(&build, &site, format);
            if timings {
                print_timings(&build.report.timings);
            }
            if build.diagnostics.has_errors() {
                stage.abort();
                eprintln!("{}", summary(&build, "failed:"));
                eprintln!(
                    "output not written: {} left as it was",
                    config.output.display()
                );
                return ExitCode::from(EXIT_CONTENT);
            }
            let started = std::time::Instant::now();
            if let Err(e) = stage.commit() {
                eprintln!("error: {e}");
                return ExitCode::from(EXIT_USAGE);
            }
            let written = started.elapsed();
            // Record the heading anchors so that renamed headings keep their old anchors.
            let record = crate::links::anchors::record_path(&config.root);
            let json = build.anchors.to_json();
            if config.root.join("content").is_dir()
                && std::fs::read_to_string(&record).ok().as_deref() != Some(json.as_str())
            {
                if let Err(e) = std::fs::write(&record, json) {
                    eprintln!("warning: cannot write {}: {e}", record.display());
                }
            }
            // `atlas search` rebuilds its tantivy index from the new site on next use.
            let _ = std::fs::remove_dir_all(crate::search_cache_dir(&config.root));
            if timings {
                print_timings(&[("swap".to_string(), written)]);
            }
            if !site.quiet {
                eprintln!("{} → {}", summary(&build, "built"), config.output.display());
            }
            ExitCode::SUCCESS
        }
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
        } => {
            let stale_days = match stale.as_deref().map(crate::check::stale::parse_age) {
                Some(Err(e)) => {
                    eprintln!("error: --stale: {e}");
                    return ExitCode::from(EXIT_USAGE);
                }
                Some(Ok(d)) => Some(d),
                None => None,
            };
            let config = match load_config_with(&site, None, stale_days) {
                Ok(c) => c,
                Err(code) => return code,
            };
            let hl = Highlighter::new(config.site.highlight.enabled);
            let options = pipeline::BuildOptions {
                check_only: true,
                ..Default::default()
            };
            let mut build = match pipeline::build_with(&config, &hl, options) {
                Ok(b) => b,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(EXIT_USAGE);
                }
            };
            let mut all = build.diagnostics.items().to_vec();
            all.append(&mut build.checks);
            if external {
                let opts = crate::check::external::ExternalOptions {
                    timeout: std::time::Duration::from_secs(timeout),
                    concurrency,
                    skip: config.site.check.external_skip.clone(),
                    allow_private: external_allow_private,
                };
                all.extend(
                    crate::check::external::check(&build.external_links, &opts)
                        .into_iter()
                        .filter_map(|d| crate::check::with_level(d, config.site.check.external)),
                );
            }
            if let Some(base) = &changed {
                match crate::check::changed::changed_files(&config.root, base) {
                    Ok(files) => all = crate::check::changed::filter(all, &files),
                    Err(e) => {
                        eprintln!("error: --changed {base}: {e}");
                        return ExitCode::from(EXIT_USAGE);
                    }
                }
            }
            let mut diags = crate::diagnostics::Diagnostics::new();
            diags.extend(all);
            diags.sort();
            build.diagnostics = diags;
            print_diagnostics(&build, &site, format);
            if migrate {
                match format {
                    OutputFormat::Json => println!(
                        "{}",
                        serde_json::to_string_pretty(&build.migration).unwrap_or_default()
                    ),
                    _ => print!("{}", build.migration.render()),
                }
            }
            if timings {
                print_timings(&build.report.timings);
            }
            if !site.quiet {
                eprintln!("{}", summary(&build, "checked"));
            }
            if build.diagnostics.has_errors() {
                ExitCode::from(EXIT_CONTENT)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Serve {
            site,
            port,
            bind,
            poll,
            open,
            allowed_hosts,
        } => {
            let config = match load_config(&site, None) {
                Ok(c) => c,
                Err(code) => return code,
            };
            let options = crate::serve::ServeOptions {
                bind,
                port,
                poll,
                open,
                allowed_hosts,
            };
            match crate::serve::run(config, site, &options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e:#}");
                    ExitCode::from(EXIT_USAGE)
                }
            }
        }
        Command::New { path, title, root } => {
            match crate::scaffold::new_note(&root, &path, title.as_deref()) {
                Ok(created) => {
                    for c in created {
                        eprintln!("created {}", c.display());
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(EXIT_USAGE)
                }
            }
        }
        Command::Search {
            query,
            json,
            limit,
            root,
        } => {
            let dir = crate::search_cache_dir(&root);
            if !index_is_fresh(&root, &dir) {
                let args = SiteArgs {
                    root: root.clone(),
                    base_url: None,
                    drafts: false,
                    broken_links: Some(Level::Warn),
                    quiet: true,
                    verbose: false,
                };
                let config = match load_config(&args, None) {
                    Ok(c) => c,
                    Err(code) => return code,
                };
                let hl = Highlighter::new(false);
                match pipeline::build(&config, &hl) {
                    Ok(b) => {
                        if let Err(e) = crate::search::write_tantivy_index(&b.search.docs(), &dir) {
                            eprintln!("error: {e}");
                            return ExitCode::from(EXIT_USAGE);
                        }
                    }
                    Err(e) => {
                        eprintln!("error: {e}");
                        return ExitCode::from(EXIT_USAGE);
                    }
                }
            }
            match crate::search::search_tantivy(&dir, &query, limit) {
                Ok(hits) => {
                    if json {
                        println!(
                            "{}",
                            serde_json::to_string_pretty(&hits).unwrap_or_default()
                        );
                    } else if hits.is_empty() {
                        println!("no results for `{query}`");
                    } else {
                        for (n, h) in hits.iter().enumerate() {
                            let section = if h.section.is_empty() {
                                String::new()
                            } else {
                                format!(" › {}", h.section)
                            };
                            println!(
                                "{:>2}. {}{section}  ({:.2})\n    {}",
                                n + 1,
                                h.title,
                                h.score,
                                h.url
                            );
                        }
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(EXIT_USAGE)
                }
            }
        }
    }
}
