//! `atlas check --external`: every external link fetched once (HEAD, then GET where
//! HEAD is refused), with a timeout, a concurrency limit and a skip list.

use crate::diagnostics::{Diagnostic, Kind, SourceSpan};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::time::Duration;

/// How to check external links.
#[derive(Debug, Clone)]
pub struct ExternalOptions {
    /// Give up on one URL after this long.
    pub timeout: Duration,
    /// Requests in flight at once.
    pub concurrency: usize,
    /// URLs containing any of these strings are not checked.
    pub skip: Vec<String>,
}

/// What one URL answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// 2xx or 3xx.
    Ok,
    /// An HTTP error status.
    Status(u16),
    /// No answer (DNS, connection, TLS, timeout).
    Failed(String),
}

fn fetch(agent: &ureq::Agent, url: &str) -> Outcome {
    let status = |r: Result<ureq::http::Response<ureq::Body>, ureq::Error>| match r {
        Ok(resp) => Ok(resp.status().as_u16()),
        Err(e) => Err(e.to_string()),
    };
    match status(agent.head(url).call()) {
        // Some servers refuse HEAD; ask again with GET.
        Ok(405) | Ok(501) | Ok(403) => match status(agent.get(url).call()) {
            Ok(s) if s < 400 => Outcome::Ok,
            Ok(s) => Outcome::Status(s),
            Err(e) => Outcome::Failed(e),
        },
        Ok(s) if s < 400 => Outcome::Ok,
        Ok(s) => Outcome::Status(s),
        Err(e) => Outcome::Failed(e),
    }
}

/// Checks `links` (URL and where it is written); one diagnostic per broken occurrence.
pub fn check(links: &[(String, SourceSpan)], opts: &ExternalOptions) -> Vec<Diagnostic> {
    let mut by_url: BTreeMap<&str, Vec<&SourceSpan>> = BTreeMap::new();
    for (url, span) in links {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            continue;
        }
        if opts.skip.iter().any(|s| url.contains(s.as_str())) {
            continue;
        }
        by_url.entry(url.as_str()).or_default().push(span);
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(opts.timeout))
        .http_status_as_error(false)
        .user_agent("atlas-link-check")
        .build()
        .into();
    let urls: Vec<&str> = by_url.keys().copied().collect();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.concurrency.max(1))
        .build();
    let outcomes: Vec<Outcome> = match pool {
        Ok(pool) => pool.install(|| urls.par_iter().map(|u| fetch(&agent, u)).collect()),
        Err(_) => urls.iter().map(|u| fetch(&agent, u)).collect(),
    };
    let mut out = Vec::new();
    for (url, outcome) in urls.iter().zip(outcomes) {
        let message = match outcome {
            Outcome::Ok => continue,
            Outcome::Status(s) => format!("external link `{url}` answers HTTP {s}"),
            Outcome::Failed(e) => format!("external link `{url}` cannot be reached: {e}"),
        };
        for span in &by_url[url] {
            out.push(
                Diagnostic::warning(Kind::ExternalLink, Some((*span).clone()), message.clone())
                    .with_help("fix or remove the link, or add it to [check] external_skip"),
            );
        }
    }
    out
}
