//! The tantivy index behind `atlas search` (and the ranking reference in tests): the
//! same records and field weights as the browser index, the same analyzer registered
//! on every open.

use super::analyze::{atlas_analyzer, ANALYZER};
use super::records::{field, records};
use super::{SearchDoc, SearchError, SearchHit};
use std::path::Path;
use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, STORED,
};
use tantivy::{Index, TantivyDocument};

struct Fields {
    title: Field,
    heading: Field,
    tags: Field,
    inlinks: Field,
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
        title: b.add_text_field("title", text.clone()),
        heading: b.add_text_field("heading", text.clone()),
        tags: b.add_text_field("tags", text.clone()),
        inlinks: b.add_text_field("inlinks", text.clone()),
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
    index.tokenizers().register(ANALYZER, atlas_analyzer());
    let mut writer = index.writer_with_num_threads(1, 50_000_000).map_err(t)?;
    for r in records(docs) {
        let mut doc = TantivyDocument::default();
        let d = r.doc;
        if r.first {
            doc.add_text(f.title, format!("{} {}", d.title, d.aliases.join(" ")));
            doc.add_text(f.tags, d.tags.join(" "));
            doc.add_text(f.inlinks, d.inlink_texts.join(" "));
            doc.add_text(f.body, format!("{} {}", d.description, r.section.text));
        } else {
            doc.add_text(f.note, &d.title);
            doc.add_text(f.body, &r.section.text);
        }
        doc.add_text(f.heading, r.section.heading_path.join(" "));
        doc.add_text(f.url, r.url());
        doc.add_text(f.section, r.heading());
        doc.add_text(f.snippet, r.snippet_text());
        doc.add_text(f.name, &d.title);
        writer.add_document(doc).map_err(t)?;
    }
    writer.commit().map_err(t)?;
    Ok(())
}

/// The best `limit` sections for `query`: all terms required, or any term when no
/// section has them all; `"quoted phrases"` match in order.
pub fn search_tantivy(
    dir: &Path,
    query: &str,
    limit: usize,
) -> Result<Vec<SearchHit>, SearchError> {
    let t = |e: tantivy::TantivyError| SearchError::Tantivy(e.to_string());
    let index = Index::open_in_dir(dir).map_err(t)?;
    index.tokenizers().register(ANALYZER, atlas_analyzer());
    let f = fields_of(&index.schema())?;
    let reader = index.reader().map_err(t)?;
    let searcher = reader.searcher();
    // The boosts of the static index, field for field (same order as `field::WEIGHTS`).
    let boost = |i: usize| field::WEIGHTS[i].1;
    let weighted = [
        (f.title, boost(0)),
        (f.heading, boost(1)),
        (f.tags, boost(2)),
        (f.inlinks, boost(3)),
        (f.note, boost(4)),
        (f.body, boost(5)),
    ];
    let mut hits = Vec::new();
    for conjunction in [true, false] {
        let mut parser = QueryParser::for_index(&index, weighted.iter().map(|w| w.0).collect());
        for (field, boost) in weighted {
            parser.set_field_boost(field, boost);
        }
        if conjunction {
            parser.set_conjunction_by_default();
        }
        let (q, _errors) = parser.parse_query_lenient(query);
        let top = searcher
            .search(&q, &TopDocs::with_limit(limit))
            .map_err(t)?;
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
        if !hits.is_empty() {
            break;
        }
    }
    Ok(hits)
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
        let both = urls(dir.path(), "write log");
        assert_eq!(both.len(), 2, "{both:?}");
        assert_eq!(urls(dir.path(), "\"write ahead log\""), ["/a/"]);
        // No record has both words: any word counts.
        assert_eq!(urls(dir.path(), "durability zzzz"), ["/a/"]);
    }
}
