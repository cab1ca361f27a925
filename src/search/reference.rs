//! The tantivy index behind `atlas search` (and the ranking reference in tests): the
//! same records and field weights as the browser index, the same analyzer registered
//! on every open.

use super::abbrev::Abbreviations;
use super::analyze::{atlas_analyzer, once_analyzer, Analyzer, ANALYZER};
use super::query::{read as read_query, Query as ReadQuery};
use super::records::{field, records};
use super::{SearchDoc, SearchError, SearchHit};
use std::path::Path;
use tantivy::collector::TopDocs;
use tantivy::query::{
    BooleanQuery, BoostQuery, EnableScoring, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, STORED,
};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, DocSet, Index, TantivyDocument, Term};

/// Name of the tokenizer of the pairs field: the pair terms as they are.
const PAIRS_TOKENIZER: &str = "atlas_pairs";

/// Name of the title field's analyzer: each term once.
const ONCE_TOKENIZER: &str = "atlas_once";

/// Registers the analyzers of the index.
fn register(index: &Index) {
    index.tokenizers().register(ANALYZER, atlas_analyzer());
    index.tokenizers().register(ONCE_TOKENIZER, once_analyzer());
    index.tokenizers().register(
        PAIRS_TOKENIZER,
        TextAnalyzer::from(tantivy::tokenizer::WhitespaceTokenizer::default()),
    );
}

struct Fields {
    title: Field,
    heading: Field,
    tags: Field,
    inlinks: Field,
    pairs: Field,
    note: Field,
    body: Field,
    url: Field,
    section: Field,
    snippet: Field,
    name: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        title: b.add_text_field(
            "title",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(ONCE_TOKENIZER)
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            ),
        ),
        heading: b.add_text_field("heading", text.clone()),
        tags: b.add_text_field("tags", text.clone()),
        inlinks: b.add_text_field("inlinks", text.clone()),
        pairs: b.add_text_field(
            "pairs",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(PAIRS_TOKENIZER)
                    .set_index_option(IndexRecordOption::WithFreqs),
            ),
        ),
        note: b.add_text_field("note", text.clone()),
        body: b.add_text_field("body", text),
        url: b.add_text_field("url", STORED),
        section: b.add_text_field("section", STORED),
        snippet: b.add_text_field("snippet", STORED),
        name: b.add_text_field("name", STORED),
    };
    (b.build(), fields)
}

fn fields_of(schema: &Schema) -> Result<Fields, SearchError> {
    let f = |n: &str| {
        schema
            .get_field(n)
            .map_err(|e| SearchError::Tantivy(e.to_string()))
    };
    Ok(Fields {
        title: f("title")?,
        heading: f("heading")?,
        tags: f("tags")?,
        inlinks: f("inlinks")?,
        pairs: f("pairs")?,
        note: f("note")?,
        body: f("body")?,
        url: f("url")?,
        section: f("section")?,
        snippet: f("snippet")?,
        name: f("name")?,
    })
}

/// Writes (replacing) a tantivy index of `docs` into `dir`.
pub fn write_tantivy_index(docs: &[SearchDoc], dir: &Path) -> Result<(), SearchError> {
    let t = |e: tantivy::TantivyError| SearchError::Tantivy(e.to_string());
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|e| SearchError::Io(e.to_string()))?;
    }
    std::fs::create_dir_all(dir).map_err(|e| SearchError::Io(e.to_string()))?;
    let (schema, f) = schema();
    let index = Index::create_in_dir(dir, schema).map_err(t)?;
    register(&index);
    let mut writer = index.writer_with_num_threads(1, 50_000_000).map_err(t)?;
    let abbr = Abbreviations::learn(docs);
    for r in records(docs) {
        let mut doc = TantivyDocument::default();
        let d = r.doc;
        if r.first {
            let title = format!("{} {}", d.title, d.aliases.join(" \u{1f} "));
            let title_field = if r.index_page { f.note } else { f.title };
            doc.add_text(title_field, abbr.expanded(&title));
            doc.add_text(f.tags, abbr.expanded(&d.tags.join(" ")));
            doc.add_text(f.inlinks, abbr.expanded(&d.inlink_texts.join(" \u{1f} ")));
            let body = format!("{} {}", d.description, r.section.text);
            doc.add_text(f.body, abbr.expanded(&body));
        } else {
            doc.add_text(f.note, abbr.expanded(&d.title));
            doc.add_text(f.body, abbr.expanded(&r.section.text));
        }
        doc.add_text(
            f.heading,
            abbr.expanded(&r.section.heading_path.join(" \u{1f} ")),
        );
        doc.add_text(f.pairs, r.pairs());
        doc.add_text(f.url, r.url());
        doc.add_text(f.section, r.heading());
        doc.add_text(f.snippet, r.snippet_text());
        doc.add_text(f.name, &d.title);
        writer.add_document(doc).map_err(t)?;
    }
    writer.commit().map_err(t)?;
    Ok(())
}

/// The best `limit` sections for `query`, read and ranked as the browser does (see
/// `static/search/engine.js`): every required word (stop words are optional), or when that
/// finds fewer than `limit`, the records matching most words first; comparisons put
/// records covering both sides first, then each side's best in turn; a word missing
/// from the index matches its typos and its cut into two indexed words; words written
/// apart also match their joined form; `"quoted phrases"` match in order.
pub fn search_tantivy(
    dir: &Path,
    query: &str,
    limit: usize,
) -> Result<Vec<SearchHit>, SearchError> {
    let t = |e: tantivy::TantivyError| SearchError::Tantivy(e.to_string());
    let index = Index::open_in_dir(dir).map_err(t)?;
    register(&index);
    let f = fields_of(&index.schema())?;
    let reader = index.reader().map_err(t)?;
    let searcher = reader.searcher();
    // The boosts of the static index, field for field (same order as `field::WEIGHTS`).
    let boost = |i: usize| field::WEIGHTS[i].1;
    let weighted = vec![
        (f.title, boost(0)),
        (f.heading, boost(1)),
        (f.tags, boost(2)),
        (f.inlinks, boost(3)),
        (f.note, boost(5)),
        (f.body, boost(6)),
    ];
    let ranker = Ranker {
        searcher: &searcher,
        weighted,
        pairs: (f.pairs, boost(4)),
        limit,
    };
    let mut an = Analyzer::default();
    let pq = read_query(&mut an, query);
    if pq.groups.is_empty() {
        return Ok(Vec::new());
    }
    let groups = ranker.group_queries(&mut an, &pq);
    let phrases: Vec<Box<dyn Query>> = pq.phrases.iter().map(|p| ranker.phrase(p)).collect();
    let all: Vec<usize> = (0..groups.len()).collect();
    let top = if pq.compare {
        let side = |s: i8| -> Vec<usize> {
            all.iter()
                .copied()
                .filter(|&g| pq.groups[g].side == s || pq.groups[g].side == -1)
                .collect()
        };
        let both = ranker
            .rank(&pq, &groups, &phrases, &all, Mode::All)
            .map_err(t)?;
        let sides = [side(0), side(1)];
        let left = ranker.best(&pq, &groups, &phrases, &sides[0]).map_err(t)?;
        let right = ranker.best(&pq, &groups, &phrases, &sides[1]).map_err(t)?;
        // A record covering both sides leads when it weighs at least half the best of
        // each side (a comparison section, not a passing mention of both).
        let mut lead = Vec::new();
        for b in &both {
            let mut ok = true;
            for (s, top) in [(0, left.first()), (1, right.first())] {
                if let Some(top) = top {
                    let mine = ranker.score_of(&groups, &sides[s], b.1).map_err(t)?;
                    let best = ranker.score_of(&groups, &sides[s], top.1).map_err(t)?;
                    ok &= mine >= 0.5 * best;
                }
            }
            if ok {
                lead.push(*b);
            }
        }
        interleave(lead, left, right, both, limit)
    } else {
        ranker.best(&pq, &groups, &phrases, &all).map_err(t)?
    };
    let mut hits = Vec::new();
    for (score, addr) in top {
        let doc: TantivyDocument = searcher.doc(addr).map_err(t)?;
        let get = |fl: Field| {
            doc.get_first(fl)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string()
        };
        hits.push(SearchHit {
            url: get(f.url),
            title: get(f.name),
            section: get(f.section),
            snippet: get(f.snippet).chars().take(200).collect(),
            score,
        });
    }
    Ok(hits)
}

type Scored = Vec<(f32, DocAddress)>;

/// How [`Ranker::rank`] ranks: every required group; any, most groups first; or any,
/// the score times the share of required groups matched.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    All,
    Cover,
    Coord,
}

/// A comparison's results: up to two leading records covering both sides, then each
/// side's best in turn, then the other records covering both; each record once.
fn interleave(lead: Scored, left: Scored, right: Scored, both: Scored, limit: usize) -> Scored {
    let mut out: Scored = Vec::new();
    let mut take = |h: Option<&(f32, DocAddress)>| {
        if let Some(h) = h {
            if out.len() < limit && !out.iter().any(|o| o.1 == h.1) {
                out.push(*h);
            }
        }
    };
    lead.iter().take(2).for_each(|h| take(Some(h)));
    for i in 0..left.len().max(right.len()) {
        take(left.get(i));
        take(right.get(i));
    }
    both.iter().for_each(|h| take(Some(h)));
    out
}

/// Builds and runs the queries of one search.
struct Ranker<'a> {
    searcher: &'a tantivy::Searcher,
    weighted: Vec<(Field, f32)>,
    pairs: (Field, f32),
    limit: usize,
}

impl Ranker<'_> {
    /// `term` in any field, each field with its boost.
    fn any_field(&self, term: &str) -> Box<dyn Query> {
        let qs: Vec<Box<dyn Query>> = self
            .weighted
            .iter()
            .map(|(fl, b)| -> Box<dyn Query> {
                let q = TermQuery::new(
                    Term::from_field_text(*fl, term),
                    IndexRecordOption::WithFreqs,
                );
                Box::new(BoostQuery::new(Box::new(q), *b))
            })
            .collect();
        Box::new(BooleanQuery::union(qs))
    }

    /// Whether any field of the index holds `term`.
    fn exists(&self, term: &str) -> bool {
        self.searcher.segment_readers().iter().any(|r| {
            self.weighted.iter().any(|(fl, _)| {
                r.inverted_index(*fl).is_ok_and(|ii| {
                    ii.get_term_info(&Term::from_field_text(*fl, term))
                        .is_ok_and(|i| i.is_some())
                })
            })
        })
    }

    /// Records holding `term` in any field.
    fn records_with(&self, term: &str) -> usize {
        let q = self.any_field(term);
        self.searcher
            .search(&q, &tantivy::collector::Count)
            .unwrap_or(usize::MAX)
    }

    /// A phrase in any field.
    fn phrase(&self, terms: &[String]) -> Box<dyn Query> {
        let qs: Vec<Box<dyn Query>> = self
            .weighted
            .iter()
            .map(|(fl, b)| -> Box<dyn Query> {
                if terms.len() == 1 {
                    return Box::new(TermQuery::new(
                        Term::from_field_text(*fl, &terms[0]),
                        IndexRecordOption::WithFreqs,
                    ));
                }
                let ts = terms
                    .iter()
                    .map(|t| Term::from_field_text(*fl, t))
                    .collect();
                Box::new(BoostQuery::new(Box::new(PhraseQuery::new(ts)), *b))
            })
            .collect();
        Box::new(BooleanQuery::union(qs))
    }

    /// The alternatives of each group as one query: the exact term; for a word the index
    /// lacks, its cut in two indexed words (0.9) and its typos (0.5); for words written
    /// apart, their joined form (shared among their groups).
    fn group_queries(&self, an: &mut Analyzer, pq: &ReadQuery) -> Vec<Box<dyn Query>> {
        let mut alts: Vec<Vec<Box<dyn Query>>> = pq
            .groups
            .iter()
            .map(|g| {
                if g.pair {
                    let (fl, b) = self.pairs;
                    let q = TermQuery::new(
                        Term::from_field_text(fl, &g.term),
                        IndexRecordOption::WithFreqs,
                    );
                    return vec![Box::new(BoostQuery::new(Box::new(q), b)) as Box<dyn Query>];
                }
                let mut v = vec![self.any_field(&g.term)];
                let exists = self.exists(&g.term);
                // Stop words are taken as written: never cut nor corrected.
                let plain = !g.phrase && !g.stop;
                if plain && exists && g.raw.chars().count() >= 8 && self.records_with(&g.term) <= 5
                {
                    // A long word in a record or two may be two words run together.
                    if let Some((a, b)) = self.split(an, &g.raw) {
                        let both = BooleanQuery::intersection(vec![
                            self.any_field(&a),
                            self.any_field(&b),
                        ]);
                        v.push(Box::new(BoostQuery::new(Box::new(both), 0.9)));
                    }
                }
                if plain && !exists {
                    if let Some((a, b)) = self.split(an, &g.raw) {
                        let both = BooleanQuery::intersection(vec![
                            self.any_field(&a),
                            self.any_field(&b),
                        ]);
                        v.push(Box::new(BoostQuery::new(Box::new(both), 0.9)));
                    }
                    let max = if g.raw.len() >= 8 {
                        2
                    } else if g.raw.len() >= 4 {
                        1
                    } else {
                        0
                    };
                    if max > 0 {
                        for (fl, b) in &self.weighted {
                            let q =
                                FuzzyTermQuery::new(Term::from_field_text(*fl, &g.term), max, true);
                            v.push(Box::new(BoostQuery::new(Box::new(q), b * 0.5)));
                        }
                    }
                }
                v
            })
            .collect();
        let seq = &pq.sequence;
        for i in 0..seq.len() {
            for len in 2..=3 {
                if i + len > seq.len() || seq[i..i + len].iter().any(|w| w.side != seq[i].side) {
                    break;
                }
                let raw: String = seq[i..i + len].iter().map(|w| w.raw.as_str()).collect();
                let Some(term) = an.terms(&raw).into_iter().next() else {
                    break;
                };
                if self.exists(&term) {
                    for w in &seq[i..i + len] {
                        let q = BoostQuery::new(self.any_field(&term), 1.0 / len as f32);
                        alts[w.group].push(Box::new(q));
                    }
                }
            }
        }
        alts.into_iter()
            .map(|v| Box::new(BooleanQuery::union(v)) as Box<dyn Query>)
            .collect()
    }

    /// The best cut of a run-together word into two indexed terms.
    fn split(&self, an: &mut Analyzer, raw: &str) -> Option<(String, String)> {
        let chars: Vec<char> = raw.chars().collect();
        if chars.len() < 5 {
            return None;
        }
        let mut best = None;
        let mut best_k = 0;
        for i in 2..=chars.len() - 2 {
            let a: String = chars[..i].iter().collect();
            let b: String = chars[i..].iter().collect();
            let (Some(ta), Some(tb)) = (
                an.terms(&a).into_iter().next(),
                an.terms(&b).into_iter().next(),
            ) else {
                continue;
            };
            let k = i.min(chars.len() - i);
            if k > best_k && self.exists(&ta) && self.exists(&tb) {
                best_k = k;
                best = Some((ta, tb));
            }
        }
        best
    }

    /// All required groups, or, when that finds fewer than `limit`, the most groups. A
    /// question (stop words) of three or more words: the score times the share of
    /// groups matched.
    fn best(
        &self,
        pq: &ReadQuery,
        groups: &[Box<dyn Query>],
        phrases: &[Box<dyn Query>],
        gs: &[usize],
    ) -> tantivy::Result<Scored> {
        let required = gs.iter().filter(|&&g| !pq.groups[g].optional).count();
        if required >= 3 && gs.iter().any(|&g| pq.groups[g].stop) {
            return self.rank(pq, groups, phrases, gs, Mode::Coord);
        }
        let all = self.rank(pq, groups, phrases, gs, Mode::All)?;
        if all.len() >= self.limit {
            return Ok(all);
        }
        self.rank(pq, groups, phrases, gs, Mode::Cover)
    }

    /// The score of `addr` for the groups `gs` (0 when none matches).
    fn score_of(
        &self,
        groups: &[Box<dyn Query>],
        gs: &[usize],
        addr: DocAddress,
    ) -> tantivy::Result<f32> {
        let q = BooleanQuery::union(gs.iter().map(|&g| groups[g].box_clone()).collect());
        let w = q.weight(EnableScoring::enabled_from_searcher(self.searcher))?;
        let seg = self.searcher.segment_reader(addr.segment_ord);
        Ok(w.explain(seg, addr.doc_id).map_or(0.0, |e| e.value()))
    }

    /// The top of groups `gs` in `mode`.
    fn rank(
        &self,
        pq: &ReadQuery,
        groups: &[Box<dyn Query>],
        phrases: &[Box<dyn Query>],
        gs: &[usize],
        mode: Mode,
    ) -> tantivy::Result<Scored> {
        let cover = mode != Mode::All;
        let any_required = gs.iter().any(|&g| !pq.groups[g].optional);
        let req = |g: usize| !pq.groups[g].optional || !any_required;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = gs
            .iter()
            .map(|&g| {
                let occur = if req(g) && !cover {
                    Occur::Must
                } else {
                    Occur::Should
                };
                (occur, groups[g].box_clone())
            })
            .collect();
        clauses.extend(phrases.iter().map(|p| (Occur::Must, p.box_clone())));
        let q = BooleanQuery::new(clauses);
        if !cover {
            return self.searcher.search(&q, &TopDocs::with_limit(self.limit));
        }
        let cands = self
            .searcher
            .search(&q, &TopDocs::with_limit(self.limit * 20))?;
        let scoring = EnableScoring::disabled_from_searcher(self.searcher);
        let weights = gs
            .iter()
            .filter(|&&g| req(g))
            .map(|&g| groups[g].weight(scoring))
            .collect::<tantivy::Result<Vec<_>>>()?;
        let n = weights.len().max(1) as f32;
        let mut ranked = Vec::new();
        for (score, addr) in cands {
            let seg = self.searcher.segment_reader(addr.segment_ord);
            let mut cov = 0;
            for w in &weights {
                let mut sc = w.scorer(seg, 1.0)?;
                cov += usize::from(sc.seek(addr.doc_id) == addr.doc_id);
            }
            if cov > 0 {
                let key = match mode {
                    Mode::Coord => score * cov as f32 / n,
                    _ => cov as f32 * 1e6 + score,
                };
                ranked.push((key, score, addr));
            }
        }
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
        Ok(ranked
            .into_iter()
            .take(self.limit)
            .map(|(_, s, a)| (s, a))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(url: &str, title: &str, body: &str) -> SearchDoc {
        SearchDoc::one_section(url, title, body)
    }

    fn index(docs: &[SearchDoc]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        write_tantivy_index(docs, dir.path()).unwrap();
        dir
    }

    fn urls(dir: &Path, q: &str) -> Vec<String> {
        search_tantivy(dir, q, 5)
            .unwrap()
            .into_iter()
            .map(|h| h.url)
            .collect()
    }

    #[test]
    fn title_match_ranks_above_body_match() {
        let mut docs = vec![
            doc(
                "/membership/",
                "Membership",
                "gossip spreads state; gossip converges",
            ),
            doc("/gossip/", "Gossip protocols", "how nodes talk"),
        ];
        docs.extend((0..10).map(|i| doc(&format!("/f{i}/"), "Filler", "unrelated words")));
        let dir = index(&docs);
        assert_eq!(urls(dir.path(), "gossip"), ["/gossip/", "/membership/"]);
    }

    #[test]
    fn identifiers_match_by_their_parts() {
        let docs = vec![
            doc(
                "/pool/",
                "Pools",
                "raise maxConnections when the pool starves",
            ),
            doc("/other/", "Other", "nothing here"),
        ];
        let dir = index(&docs);
        assert_eq!(urls(dir.path(), "connections"), ["/pool/"]);
        assert_eq!(urls(dir.path(), "max connections"), ["/pool/"]);
        assert_eq!(urls(dir.path(), "maxConnections"), ["/pool/"]);
    }

    #[test]
    fn all_words_first_then_any_word_and_phrases_in_order() {
        let docs = vec![
            doc("/a/", "Alpha", "write ahead log for durability"),
            doc("/b/", "Beta", "log ahead write order reversed"),
            doc("/c/", "Gamma", "write path only"),
        ];
        let dir = index(&docs);
        // Both words first; fewer than the limit, so a record with one word follows.
        let both = urls(dir.path(), "write log");
        assert_eq!(both.len(), 3, "{both:?}");
        assert_eq!(both[2], "/c/", "{both:?}");
        assert_eq!(urls(dir.path(), "\"write ahead log\""), ["/a/"]);
        // No record has both words: any word counts.
        assert_eq!(urls(dir.path(), "durability zzzz"), ["/a/"]);
    }
}
