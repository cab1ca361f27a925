//! `atlas check --external`: every external link fetched once (HEAD, then GET where
//! HEAD is refused), with a timeout, a concurrency limit and a skip list. Every
//! connection, redirects included, goes only to public addresses (see `address`),
//! judged after name resolution, unless private ones are allowed.

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
    /// Also connect to loopback, private, link-local and metadata addresses.
    pub allow_private: bool,
}

/// Redirects followed for one URL; more is a failure.
pub const MAX_REDIRECTS: u32 = 5;

/// Resolves names like ureq does, then refuses addresses that are not public, so that
/// every hop of every request is judged by where it really connects.
#[derive(Debug)]
struct PublicOnly {
    allow_private: bool,
}

impl ureq::unversioned::resolver::Resolver for PublicOnly {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        config: &ureq::config::Config,
        timeout: ureq::unversioned::transport::NextTimeout,
    ) -> Result<ureq::unversioned::resolver::ResolvedSocketAddrs, ureq::Error> {
        let all = ureq::unversioned::resolver::DefaultResolver::default()
            .resolve(uri, config, timeout)?;
        if self.allow_private {
            return Ok(all);
        }
        let mut public = self.empty();
        let mut refused = None;
        for &addr in all.iter() {
            match super::address::non_public(addr.ip()) {
                None => public.push(addr),
                Some(why) => refused = Some((addr.ip(), why)),
            }
        }
        match refused {
            Some((ip, why)) if public.is_empty() => Err(ureq::Error::Io(std::io::Error::new(
                std::io::ErrorKind::PermissionDenied,
                format!("refused: {ip} is a {why} address (--external-allow-private allows it)"),
            ))),
            _ => Ok(public),
        }
    }
}

/// The agent every external check uses: public addresses only (unless allowed), at
/// most [`MAX_REDIRECTS`] redirects, no proxy from the environment (it would resolve
/// names where they cannot be judged).
pub fn agent(opts: &ExternalOptions) -> ureq::Agent {
    let config = ureq::Agent::config_builder()
        .timeout_global(Some(opts.timeout))
        .http_status_as_error(false)
        .max_redirects(MAX_REDIRECTS)
        .max_redirects_will_error(true)
        .proxy(None)
        .user_agent("atlas-link-check")
        .build();
    ureq::Agent::with_parts(
        config,
        ureq::unversioned::transport::DefaultConnector::default(),
        PublicOnly {
            allow_private: opts.allow_private,
        },
    )
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

/// Fetches `url` with `agent` (see [`agent`]): HEAD, then GET where HEAD is refused.
pub fn fetch(agent: &ureq::Agent, url: &str) -> Outcome {
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

/// Every external link of the notes, with where it is written.
pub fn links_of(parsed: &[crate::markdown::ParsedDoc<'_>]) -> Vec<(String, SourceSpan)> {
    parsed
        .iter()
        .flat_map(|p| p.links.iter())
        .filter(|l| crate::links::resolve::is_external(&l.dest))
        .map(|l| (l.dest.clone(), l.span.clone()))
        .collect()
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
    let agent = agent(opts);
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
