//! `atlas check --stale 12m`: notes not updated for a while, and notes whose linked
//! notes changed after them.

use crate::content::{ContentTree, DocKind};
use crate::diagnostics::{Diagnostic, Kind, SourceSpan};
use crate::links::LinkGraph;

/// Days since 1970-01-01 of a `YYYY-MM-DD` date.
pub fn days(date: &str) -> Option<i64> {
    let y: i64 = date.get(0..4)?.parse().ok()?;
    let m: i64 = date.get(5..7)?.parse().ok()?;
    let d: i64 = date.get(8..10)?.parse().ok()?;
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146097 + doe - 719468)
}

/// Today, in days since 1970-01-01.
pub fn today() -> i64 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    (secs / 86_400) as i64
}

/// Parses `12m`, `2y`, `90d`, `3w` into days.
pub fn parse_age(s: &str) -> Result<i64, String> {
    let s = s.trim();
    let (num, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len()));
    let n: i64 = num
        .parse()
        .map_err(|_| format!("`{s}` is not an age like 12m, 90d, 2y"))?;
    let per = match unit {
        "d" | "" => 1,
        "w" => 7,
        "m" => 30,
        "y" => 365,
        _ => return Err(format!("`{s}` is not an age like 12m, 90d, 2y")),
    };
    Ok(n * per)
}

/// Notes whose `updated` date is older than `max_days` before `today`, and notes
/// older than a note they link to.
pub fn stale(tree: &ContentTree, graph: &LinkGraph, max_days: i64, today: i64) -> Vec<Diagnostic> {
    let updated = |i: usize| tree.docs[i].front.last_updated().unwrap_or("");
    let mut out = Vec::new();
    for (i, d) in tree.docs.iter().enumerate() {
        if d.kind != DocKind::Note {
            continue;
        }
        let Some(u) = days(updated(i)) else { continue };
        if today - u > max_days {
            out.push(Diagnostic::warning(
                Kind::Stale,
                Some(SourceSpan::file(&d.path)),
                format!(
                    "not updated for {} days (last update {})",
                    today - u,
                    updated(i)
                ),
            ));
        }
        for &t in &graph.outgoing[i] {
            if days(updated(t)).is_some_and(|tu| tu > u) {
                out.push(
                    Diagnostic::warning(
                        Kind::Stale,
                        Some(SourceSpan::file(&d.path)),
                        format!(
                            "links to `{}`, which changed after this note ({} > {})",
                            tree.docs[t].path,
                            updated(t),
                            updated(i)
                        ),
                    )
                    .with_help("re-read this note against the linked one"),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_days() {
        assert_eq!(days("1970-01-01"), Some(0));
        assert_eq!(days("2000-03-01"), Some(11017));
        assert_eq!(
            days("2026-11-24").unwrap() - days("2025-11-24").unwrap(),
            365
        );
        assert_eq!(days("bad"), None);
    }

    #[test]
    fn ages() {
        assert_eq!(parse_age("12m"), Ok(360));
        assert_eq!(parse_age("2y"), Ok(730));
        assert_eq!(parse_age("90d"), Ok(90));
        assert_eq!(parse_age("3w"), Ok(21));
        assert!(parse_age("soon").is_err());
    }
}
