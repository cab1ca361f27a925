//! The browser index's word lists, which let the client correct a typo or cut a
//! run-together word without fetching the whole dictionary.
//!
//! Only words count here: the pair terms of adjacent title words (`write_skew`) are
//! never typo candidates nor halves of a cut. Two layouts of the same words:
//!
//! - `w<k>.txt`: the words of postings shard `k`, front-coded (see
//!   [`front_code`]). The manifest's `first` already
//!   routes a term to its shard, so asking "is this a word?" costs one small file, and
//!   the halves of `eventsourcing` (`event…` and `…sourcing`) each cost the file of their
//!   first letters.
//! - `f<k>.txt`: the typo buckets: the words ordered by first letter, then length in
//!   characters, then the word, cut into files of about [`TYPO_FILE_BYTES`]. The manifest
//!   names each file's first (letter, length) as `typos` (the letter, then the length in
//!   decimal). A word within edit distance `d` of a query word of length `n` has length
//!   `n - d ..= n + d`; when its first letter is the query word's, it is in the files that
//!   [`typo_files`] picks, a few small files instead of the dictionary. A typo in the
//!   first letter is not corrected in the browser (readers rarely make one; `atlas
//!   search` still corrects it).

/// Bound on a typo bucket file (raw bytes; it closes once past the bound).
pub const TYPO_FILE_BYTES: usize = 1536;

/// True for a word, false for a pair term (`write_skew`).
pub fn is_word(term: &str) -> bool {
    !term.contains('_')
}

/// The words of a run of sorted terms, front-coded: the word list of one shard.
pub fn word_list(terms: &[&str]) -> String {
    let words: Vec<&str> = terms.iter().copied().filter(|t| is_word(t)).collect();
    front_code(&words)
}

/// A word's typo bucket: its first character and its length in characters.
pub fn bucket_of(word: &str) -> (char, usize) {
    (word.chars().next().unwrap_or('\0'), word.chars().count())
}

/// The manifest's name of a bucket: the letter, then the length in decimal.
fn key_name((c, n): (char, usize)) -> String {
    format!("{c}{n}")
}

/// Reads a bucket name back.
pub fn parse_key(name: &str) -> (char, usize) {
    let mut chars = name.chars();
    let c = chars.next().unwrap_or('\0');
    (c, chars.as_str().parse().unwrap_or(0))
}

/// The typo bucket files of the words among `terms` (sorted): `(keys, files)`, each
/// file's key naming the bucket of its first word, files front-coded.
pub fn typo_buckets(terms: &[&str], file_bytes: usize) -> (Vec<String>, Vec<String>) {
    let mut words: Vec<((char, usize), &str)> = terms
        .iter()
        .copied()
        .filter(|t| is_word(t))
        .map(|t| (bucket_of(t), t))
        .collect();
    words.sort_unstable();
    let (mut keys, mut files) = (Vec::new(), Vec::new());
    let mut start = 0;
    let mut bytes = 0;
    for i in 0..words.len() {
        bytes += words[i].1.len() + 2;
        if bytes >= file_bytes || i + 1 == words.len() {
            let run: Vec<&str> = words[start..=i].iter().map(|w| w.1).collect();
            keys.push(key_name(words[start].0));
            files.push(front_code(&run));
            start = i + 1;
            bytes = 0;
        }
    }
    (keys, files)
}

/// The typo files holding every word that starts with `letter` and has `lo..=hi`
/// characters, given the files' keys (what `typoFiles` in the client computes).
pub fn typo_files(keys: &[String], letter: char, lo: usize, hi: usize) -> Vec<usize> {
    let keys: Vec<(char, usize)> = keys.iter().map(|k| parse_key(k)).collect();
    (0..keys.len())
        .filter(|&k| keys[k] <= (letter, hi) && keys.get(k + 1).is_none_or(|&n| n >= (letter, lo)))
        .collect()
}

/// Front-codes sorted terms.
pub fn front_code(terms: &[&str]) -> String {
    let mut out = String::new();
    let mut prev = "";
    for t in terms {
        let shared = prev
            .chars()
            .zip(t.chars())
            .take_while(|(a, b)| a == b)
            .count()
            .min(70);
        let byte_at = t
            .char_indices()
            .nth(shared)
            .map(|(i, _)| i)
            .unwrap_or(t.len());
        out.push(char::from(48 + shared as u8));
        out.push_str(&t[byte_at..]);
        out.push('\n');
        prev = t;
    }
    out
}

/// Decodes [`front_code`] output.
pub fn front_decode(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        let mut chars = line.chars();
        let Some(c) = chars.next() else { continue };
        let shared = (c as u32).saturating_sub(48) as usize;
        let prefix: String = out
            .last()
            .map(|p| p.chars().take(shared).collect())
            .unwrap_or_default();
        out.push(prefix + chars.as_str());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::static_index::front_decode;

    fn sorted(words: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = words.iter().map(|s| s.to_string()).collect();
        v.sort();
        v
    }

    #[test]
    fn word_lists_leave_out_pair_terms() {
        let terms = ["skew", "write", "write_skew", "writer"];
        assert_eq!(
            front_decode(&word_list(&terms)),
            ["skew", "write", "writer"]
        );
    }

    #[test]
    fn buckets_are_small_ordered_and_found_by_letter_and_length() {
        // Many words of a few letters and lengths, plus pair terms that must not count.
        let mut words = vec![];
        for c in ['b', 'c', 'k', 'p', 'é'] {
            for n in 0..12 {
                for i in 0..40 {
                    words.push(format!("{c}{}{i:02}", "a".repeat(n)));
                }
            }
        }
        let mut with_pair = words.clone();
        with_pair.push("cache_hit".into());
        let terms = sorted(&with_pair.iter().map(String::as_str).collect::<Vec<_>>());
        let terms: Vec<&str> = terms.iter().map(String::as_str).collect();
        let (keys, files) = typo_buckets(&terms, 300);
        assert_eq!(keys.len(), files.len());
        assert!(files.len() > 20, "{}", files.len());
        // Every word once, none a pair term; each file bounded.
        let all: Vec<String> = files.iter().flat_map(|f| front_decode(f)).collect();
        assert_eq!(all.len(), words.len());
        assert!(all.iter().all(|w| is_word(w)));
        for f in &files {
            let longest = front_decode(f).iter().map(|w| w.len() + 2).max().unwrap();
            assert!(f.len() < 300 + longest + 2, "{} bytes", f.len());
        }
        // Keys ascend.
        let parsed: Vec<(char, usize)> = keys.iter().map(|k| parse_key(k)).collect();
        assert!(parsed.windows(2).all(|w| w[0] <= w[1]));
        // The files a lookup picks hold every word of that letter and length range, and
        // together are a small part of the whole.
        for (c, lo, hi) in [
            ('c', 5, 7),
            ('k', 2, 3),
            ('p', 10, 14),
            ('é', 6, 8),
            ('b', 1, 1),
        ] {
            let picked = typo_files(&keys, c, lo, hi);
            let got: Vec<String> = picked
                .iter()
                .flat_map(|&k| front_decode(&files[k]))
                .collect();
            let mut wanted = 0;
            for w in &words {
                let (wc, n) = bucket_of(w);
                if wc == c && (lo..=hi).contains(&n) {
                    assert!(got.contains(w), "{w} missing for {c} {lo}..={hi}");
                    wanted += w.len() + 2;
                }
            }
            // Only the files of the range, and at most one more at each end.
            assert!(
                picked.len() <= wanted / 300 + 2,
                "{c} {lo}..={hi}: {picked:?}"
            );
        }
        // A letter no word starts with picks at most the file its range falls in.
        assert!(typo_files(&keys, 'z', 3, 5).len() <= 1);
    }

    #[test]
    fn buckets_are_deterministic() {
        let terms = ["alpha", "beta", "gamma", "delta", "epsilon"];
        let mut s = terms.to_vec();
        s.sort();
        assert_eq!(typo_buckets(&s, 8), typo_buckets(&s, 8));
        assert_eq!(parse_key(&key_name(('é', 12))), ('é', 12));
    }
}
