//! The search index in `<archive>/index/`: a tantivy index derived from the archive
//! database, never a source of truth. It owns the schema and tokenisation, building
//! and rebuilding from SQLite, keeping up with imports, recording which archive
//! generation it reflects, and turning a parsed query into candidates that
//! `crate::search` then verifies against the stored text.
//!
//! Chinese has no spaces, so the text is cut into overlapping character bigrams with
//! positions (a term of n ≥ 3 characters is a phrase of bigrams; exact by construction)
//! plus a position-less field of single characters for one-character queries. Text
//! stays in SQLite; the index holds only postings and a few ids.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rusqlite::Connection;
use tantivy::collector::{
    Collector, Count, DocSetCollector, FilterCollector, SegmentCollector, TopDocs,
};
use tantivy::query::{
    BooleanQuery, ConstScoreQuery, Occur, PhraseQuery, Query as IndexQuery, TermQuery,
};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STRING,
};
use tantivy::space_usage::PerFieldSpaceUsage;
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};
use tantivy::{
    DocAddress, DocId, Index, IndexReader, IndexWriter, ReloadPolicy, Score, Searcher,
    SegmentOrdinal, SegmentReader, TantivyDocument, Term,
};

use crate::error::{Error, ErrorKind, Result};
use crate::search::{
    normalize, normalize_char, snippet, MatchField, Query, QueryTerm, SearchHit, SearchOptions,
    SearchResults, TermKind,
};
use crate::store;

/// Bumped whenever the schema or the tokenisation changes: an index of another format
/// is rebuilt, never read.
const FORMAT: u32 = 2;

const BIGRAMS: &str = "gazette_bigrams";
const CHARS: &str = "gazette_chars";

/// Added to the score of a clause whose heading matches, so it ranks above every clause
/// that matches only in its text (BM25 scores stay far below this).
const HEADING_BOOST: f32 = 1000.0;
/// Added to a document whose 文号 is exactly the one searched for.
const EXACT_NUMBER_BOOST: f32 = 1000.0;
/// Bytes of indexing memory per writer thread.
const WRITER_MEMORY: usize = 128 << 20;

/// What the index reflects, kept in its commit payload.
#[derive(serde::Serialize, serde::Deserialize, PartialEq)]
struct Payload {
    format: u32,
    generation: u64,
}

/// What a build or rebuild produced.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IndexReport {
    /// The archive generation the index now reflects.
    pub generation: u64,
    pub clauses: u64,
    pub documents: u64,
    /// Size of the index directory on disk.
    pub bytes: u64,
}

/// Bytes of the index that one field takes (summed over segments), for the benchmark's
/// account of the index size.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct FieldSpace {
    pub field: String,
    /// Term dictionary.
    pub terms: u64,
    /// Document lists and term frequencies.
    pub postings: u64,
    pub positions: u64,
    /// Field norms and fast columns.
    pub other: u64,
}

impl FieldSpace {
    pub fn total(&self) -> u64 {
        self.terms + self.postings + self.positions + self.other
    }
}

/// The fields of the schema. Clause units fill the `text`/`heading` group; document
/// units (one per document, for title and 文号 matches) the `title` group.
#[derive(Clone, Copy)]
struct Fields {
    text: Field,
    heading: Field,
    chars: Field,
    heading_chars: Field,
    title: Field,
    title_chars: Field,
    doc_number_key: Field,
    clause_id: Field,
    document_id: Field,
    issue_id: Field,
}

fn schema() -> (Schema, Fields) {
    let bigrams = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(BIGRAMS)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let chars = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(CHARS)
            .set_index_option(IndexRecordOption::Basic),
    );
    let mut b = Schema::builder();
    let fields = Fields {
        text: b.add_text_field("text", bigrams.clone()),
        heading: b.add_text_field("heading", bigrams.clone()),
        chars: b.add_text_field("chars", chars.clone()),
        heading_chars: b.add_text_field("heading_chars", chars.clone()),
        title: b.add_text_field("title", bigrams),
        title_chars: b.add_text_field("title_chars", chars),
        doc_number_key: b.add_text_field("doc_number_key", STRING),
        clause_id: b.add_u64_field("clause_id", FAST),
        document_id: b.add_u64_field("document_id", FAST),
        issue_id: b.add_u64_field("issue_id", INDEXED),
    };
    (b.build(), fields)
}

/// Cuts normalised text into overlapping n-grams of `width` characters, each at the
/// position of its first character. Grams holding white space other than a plain space
/// are left out: no query term can contain them (a phrase's spaces are folded to one).
#[derive(Clone)]
struct Ngrams {
    width: usize,
}

struct NgramStream {
    chars: Vec<char>,
    width: usize,
    next: usize,
    token: Token,
}

impl Tokenizer for Ngrams {
    type TokenStream<'a> = NgramStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> NgramStream {
        let mut chars = Vec::with_capacity(text.len() / 2);
        for c in text.chars() {
            normalize_char(c, |n| chars.push(n));
        }
        NgramStream {
            chars,
            width: self.width,
            next: 0,
            token: Token::default(),
        }
    }
}

impl TokenStream for NgramStream {
    fn advance(&mut self) -> bool {
        while self.next + self.width <= self.chars.len() {
            let at = self.next;
            self.next += 1;
            let gram = &self.chars[at..at + self.width];
            let indexable = |c: &char| !c.is_whitespace() || (*c == ' ' && self.width > 1);
            if !gram.iter().all(indexable) {
                continue;
            }
            self.token.text.clear();
            self.token.text.extend(gram);
            self.token.position = at;
            self.token.offset_from = at;
            self.token.offset_to = at + self.width;
            // Ending each gram one past its last character leaves a one-position gap
            // before the next value of the field (tantivy continues after the last
            // gram's end), so no phrase matches across a heading and its text.
            self.token.position_length = self.width;
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

fn register_tokenizers(index: &Index) {
    index
        .tokenizers()
        .register(BIGRAMS, TextAnalyzer::from(Ngrams { width: 2 }));
    index
        .tokenizers()
        .register(CHARS, TextAnalyzer::from(Ngrams { width: 1 }));
}

/// A document as search shows and filters it, held in memory beside the index.
struct DocInfo {
    issue_id: i64,
    gazette: String,
    year: i32,
    number: i32,
    number_label: String,
    doc_number: Option<String>,
    title: String,
    office: Option<String>,
    date: Option<String>,
    section: Option<String>,
    start_page: Option<u32>,
    start_pdf_page: u32,
}

const DOCUMENTS_SQL: &str = "SELECT d.id, d.issue_id, i.gazette, i.year, i.number, d.doc_number,
        d.doc_number_key, d.title, d.office, d.date, d.section, d.start_page, d.start_pdf_page,
        i.number_label
   FROM documents d JOIN issues i ON i.id = d.issue_id";

fn doc_info(r: &rusqlite::Row) -> rusqlite::Result<(i64, Option<String>, DocInfo)> {
    Ok((
        r.get(0)?,
        r.get(6)?,
        DocInfo {
            issue_id: r.get(1)?,
            gazette: r.get(2)?,
            year: r.get(3)?,
            number: r.get(4)?,
            number_label: r.get(13)?,
            doc_number: r.get(5)?,
            title: r.get(7)?,
            office: r.get(8)?,
            date: r.get(9)?,
            section: r.get(10)?,
            start_page: r.get(11)?,
            start_pdf_page: r.get(12)?,
        },
    ))
}

fn load_catalog(conn: &Connection) -> Result<HashMap<i64, DocInfo>> {
    let mut stmt = conn.prepare(DOCUMENTS_SQL)?;
    let rows = stmt.query_map([], doc_info)?;
    let mut catalog = HashMap::new();
    for row in rows {
        let (id, _, info) = row?;
        catalog.insert(id, info);
    }
    Ok(catalog)
}

/// Which documents pass the filters (and are among `only`, when given), as a table
/// indexed by document id; None when nothing is filtered.
fn allowed_documents(
    catalog: &HashMap<i64, DocInfo>,
    options: &SearchOptions,
    only: Option<&HashSet<i64>>,
) -> Option<Arc<Vec<bool>>> {
    let gazette = options.gazette.as_deref().map(normalize);
    let office = options.office.as_deref().map(normalize);
    let section = options.section.as_deref().map(normalize);
    if gazette.is_none()
        && office.is_none()
        && section.is_none()
        && options.year_from.is_none()
        && options.year_to.is_none()
        && only.is_none()
    {
        return None;
    }
    let contains = |value: Option<&str>, wanted: &Option<String>| match wanted {
        None => true,
        Some(w) => value.is_some_and(|v| normalize(v).contains(w.as_str())),
    };
    let size = catalog.keys().max().map_or(0, |&m| m as usize + 1);
    let mut allowed = vec![false; size];
    for (&id, d) in catalog {
        allowed[id as usize] = only.is_none_or(|o| o.contains(&id))
            && contains(Some(&d.gazette), &gazette)
            && contains(d.office.as_deref(), &office)
            && contains(d.section.as_deref(), &section)
            && options.year_from.is_none_or(|y| d.year >= y)
            && options.year_to.is_none_or(|y| d.year <= y);
    }
    Some(Arc::new(allowed))
}

/// The search index of one archive, with the document catalog it was built beside.
pub struct SearchIndex {
    dir: PathBuf,
    index: Index,
    reader: IndexReader,
    fields: Fields,
    generation: u64,
    catalog: HashMap<i64, DocInfo>,
}

fn index_error(message: String, e: impl std::error::Error + Send + Sync + 'static) -> Error {
    Error::with_source(ErrorKind::Index, message, e)
}

impl SearchIndex {
    /// Opens the index in `dir` if it reflects the archive as it is now; otherwise (it
    /// is missing, stale, of another format or damaged) rebuilds it from the database,
    /// reporting progress as (units done, units in all).
    pub fn open(dir: &Path, conn: &Connection, progress: &dyn Fn(u64, u64)) -> Result<SearchIndex> {
        remove_abandoned_siblings(dir);
        match Self::open_current(dir, conn) {
            Ok(Some(index)) => Ok(index),
            Ok(None) | Err(_) => Self::build(dir, conn, progress).map(|(index, _)| index),
        }
    }

    /// The index in `dir` if it is intact and current, None if it is missing or stale.
    fn open_current(dir: &Path, conn: &Connection) -> Result<Option<SearchIndex>> {
        if !dir.join("meta.json").exists() {
            return Ok(None);
        }
        let index = Index::open_in_dir(dir)?;
        let Some(payload) = read_payload(&index)? else {
            return Ok(None);
        };
        let tx = conn.unchecked_transaction()?;
        if payload.format != FORMAT || payload.generation != store::generation(&tx)? {
            return Ok(None);
        }
        let fields = fields_of(&index.schema())?;
        register_tokenizers(&index);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let (clauses, documents) = unit_counts(&tx)?;
        if reader.searcher().num_docs() != clauses + documents
            || !index.validate_checksum()?.is_empty()
        {
            return Ok(None);
        }
        let catalog = load_catalog(&tx)?;
        Ok(Some(SearchIndex {
            dir: dir.to_path_buf(),
            index,
            reader,
            fields,
            generation: payload.generation,
            catalog,
        }))
    }

    /// Builds the index afresh from the database and puts it in place at `dir`.
    ///
    /// Another process (the app beside a `gazette import`) may be reading or updating
    /// the index in `dir` meanwhile, so the new index is built in a staging directory
    /// of its own and swapped in by renames; readers of the old files keep them until
    /// they let go.
    pub fn build(
        dir: &Path,
        conn: &Connection,
        progress: &dyn Fn(u64, u64),
    ) -> Result<(SearchIndex, IndexReport)> {
        let staging = sibling(dir, "building");
        let (clauses, documents) =
            Self::build_into(&staging, conn, progress).inspect_err(|_| {
                let _ = std::fs::remove_dir_all(&staging);
            })?;
        if dir.exists() {
            let old = sibling(dir, "old");
            // Another process may have swapped its own rebuild in first: then there is
            // nothing of ours to move aside.
            if std::fs::rename(dir, &old).is_ok() {
                let _ = std::fs::remove_dir_all(&old);
            }
        }
        if std::fs::rename(&staging, dir).is_err() {
            // Another process's rebuild took the place; ours is the same archive's.
            let _ = std::fs::remove_dir_all(&staging);
        }
        let built = Self::open_current(dir, conn)?.ok_or_else(|| {
            Error::new(
                ErrorKind::Index,
                "the search index changed while it was being rebuilt (another Gazette Reader \
                 is importing into this archive); try again in a moment",
            )
        })?;
        let report = IndexReport {
            generation: built.generation,
            clauses,
            documents,
            bytes: built.size_on_disk(),
        };
        Ok((built, report))
    }

    /// Writes a complete index of the database into the new directory `dir`; returns
    /// the numbers of clauses and documents indexed.
    fn build_into(
        dir: &Path,
        conn: &Connection,
        progress: &dyn Fn(u64, u64),
    ) -> Result<(u64, u64)> {
        std::fs::create_dir_all(dir).map_err(|e| {
            index_error(
                format!("cannot create the search index {}: {e}", dir.display()),
                e,
            )
        })?;
        let (schema, fields) = schema();
        let index = Index::create_in_dir(dir, schema)?;
        register_tokenizers(&index);
        // One read transaction, so the generation recorded is the one the rows are from.
        let tx = conn.unchecked_transaction()?;
        let generation = store::generation(&tx)?;
        let (clauses, documents) = unit_counts(&tx)?;
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        let mut writer: IndexWriter =
            index.writer_with_num_threads(threads, threads * WRITER_MEMORY)?;
        let all = clauses + documents;
        progress(0, all);
        add_units(&tx, &writer, fields, None, &|done| progress(done, all))?;
        commit(&mut writer, generation)?;
        // One segment answers fastest; merging keeps the commit payload.
        let segments = index.searchable_segment_ids()?;
        if segments.len() > 1 {
            writer.merge(&segments).wait()?;
        }
        writer.wait_merging_threads()?;
        progress(all, all);
        Ok((clauses, documents))
    }

    /// The archive generation this index reflects.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Brings the index up to date after an import committed `issue_id` (replacing
    /// `replaced`) as archive generation `generation`. When the index had missed an
    /// earlier change it is rebuilt instead, so it never skips one.
    pub fn apply_issue(
        &mut self,
        conn: &Connection,
        issue_id: i64,
        replaced: Option<i64>,
        generation: u64,
    ) -> Result<()> {
        if self.generation + 1 != generation {
            *self = Self::build(&self.dir, conn, &|_, _| {})?.0;
            return Ok(());
        }
        let mut writer: IndexWriter = self.index.writer_with_num_threads(1, WRITER_MEMORY)?;
        if let Some(old) = replaced {
            writer.delete_term(Term::from_field_u64(self.fields.issue_id, old as u64));
        }
        add_units(conn, &writer, self.fields, Some(issue_id), &|_| {})?;
        commit(&mut writer, generation)?;
        writer.wait_merging_threads()?;
        self.reader.reload()?;
        self.catalog = load_catalog(conn)?;
        self.generation = generation;
        Ok(())
    }

    /// Disagreements between the index and the database (`gazette check`).
    pub fn problems(&self, conn: &Connection) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let generation = store::generation(conn)?;
        if self.generation != generation {
            problems.push(format!(
                "search index reflects archive generation {} but the archive is at {generation}",
                self.generation
            ));
        }
        let (clauses, documents) = unit_counts(conn)?;
        let searcher = self.reader.searcher();
        let indexed_clauses = searcher.search(&self.any_clause(), &Count)? as u64;
        if indexed_clauses != clauses {
            problems.push(format!(
                "search index holds {indexed_clauses} clauses but the archive has {clauses}"
            ));
        }
        if searcher.num_docs() != clauses + documents {
            problems.push(format!(
                "search index holds {} entries but the archive has {} clauses and {documents} documents",
                searcher.num_docs(),
                clauses
            ));
        }
        for file in self.index.validate_checksum()? {
            problems.push(format!("search index file {} is damaged", file.display()));
        }
        Ok(problems)
    }

    /// Size of the index directory in bytes.
    pub fn size_on_disk(&self) -> u64 {
        dir_size(&self.dir)
    }

    /// What each field takes on disk, largest first; the document store (which holds
    /// no text, only per-unit bookkeeping) and deleted-unit lists are the last row.
    pub fn space_by_field(&self) -> Result<Vec<FieldSpace>> {
        let usage = self
            .reader
            .searcher()
            .space_usage()
            .map_err(|e| index_error(format!("cannot measure the search index: {e}"), e))?;
        let schema = self.index.schema();
        type Slot = fn(&mut FieldSpace) -> &mut u64;
        let mut by_name: HashMap<&str, FieldSpace> = HashMap::new();
        let mut bookkeeping = 0;
        for segment in usage.segments() {
            let components: [(&PerFieldSpaceUsage, Slot); 5] = [
                (segment.termdict(), |f| &mut f.terms),
                (segment.postings(), |f| &mut f.postings),
                (segment.positions(), |f| &mut f.positions),
                (segment.fieldnorms(), |f| &mut f.other),
                (segment.fast_fields(), |f| &mut f.other),
            ];
            for (component, slot) in components {
                for (field, used) in component.fields() {
                    let name = schema.get_field_name(*field);
                    let space = by_name.entry(name).or_insert_with(|| FieldSpace {
                        field: name.to_string(),
                        ..FieldSpace::default()
                    });
                    *slot(space) += used.total().get_bytes();
                }
            }
            bookkeeping += segment.store().total().get_bytes() + segment.deletes().get_bytes();
        }
        let mut fields: Vec<FieldSpace> = by_name.into_values().collect();
        fields.retain(|f| f.total() > 0);
        fields.sort_by_key(|f| std::cmp::Reverse(f.total()));
        fields.push(FieldSpace {
            field: "(store, deletes)".to_string(),
            other: bookkeeping,
            ..FieldSpace::default()
        });
        Ok(fields)
    }

    /// Every clause unit: only they have a clause id.
    fn any_clause(&self) -> impl IndexQuery {
        tantivy::query::ExistsQuery::new("clause_id".to_string(), false)
    }

    /// Runs a search, among the documents `only` when given: candidates from the
    /// index, each shown hit checked against the stored text. The database connection
    /// supplies the clause texts.
    pub fn search(
        &self,
        conn: &Connection,
        typed: &str,
        options: &SearchOptions,
        only: Option<&HashSet<i64>>,
    ) -> Result<SearchResults> {
        let query = Query::parse(typed)?;
        let allowed = allowed_documents(&self.catalog, options, only);
        let searcher = self.reader.searcher();
        let limit = options.limit;
        let (document_total, mut hits) =
            self.search_documents(&searcher, &query, &allowed, limit)?;
        let (clause_total, clause_hits) =
            self.search_clauses(conn, &searcher, &query, &allowed, limit)?;
        hits.extend(clause_hits);
        Ok(SearchResults::new(
            typed,
            document_total + clause_total,
            hits,
            limit,
        ))
    }

    /// Documents whose title or 文号 matches. Text terms are exact in the index, so
    /// only the shown documents are checked; a 文号 is only a candidate (its brackets
    /// may differ), so then every candidate is checked and counted.
    fn search_documents(
        &self,
        searcher: &Searcher,
        query: &Query,
        allowed: &Option<Arc<Vec<bool>>>,
        limit: usize,
    ) -> Result<(u64, Vec<SearchHit>)> {
        let f = self.fields;
        let mut clauses: Vec<(Occur, Box<dyn IndexQuery>)> = Vec::new();
        for term in &query.include {
            clauses.push((Occur::Must, term_query(term, f.title, f.title_chars)));
            if term.kind == TermKind::DocNumber {
                let key: String = term.chars.iter().collect();
                let exact = TermQuery::new(
                    Term::from_field_text(f.doc_number_key, &key),
                    IndexRecordOption::Basic,
                );
                clauses.push((
                    Occur::Should,
                    Box::new(ConstScoreQuery::new(Box::new(exact), EXACT_NUMBER_BOOST)),
                ));
            }
        }
        for term in query.exclude.iter().filter(|t| t.kind == TermKind::Text) {
            clauses.push((Occur::MustNot, term_query(term, f.title, f.title_chars)));
        }
        let exact = is_exact(query);
        let index_query = BooleanQuery::new(clauses);
        let (candidates, mut total) = if exact {
            let (top, count, _) =
                self.top_and_count(searcher, &index_query, allowed, limit, None)?;
            (top, count)
        } else {
            (self.collect_all(searcher, &index_query, allowed)?, 0)
        };
        let ids = Ids::new(searcher, "document_id")?;
        let mut hits = Vec::new();
        for (score, address) in candidates {
            let id = ids.get(address)?;
            let verified = self
                .catalog
                .get(&id)
                .filter(|d| query.matches(&[&d.title, d.doc_number.as_deref().unwrap_or("")]));
            let Some(d) = verified else {
                total = total.saturating_sub(u64::from(exact));
                continue;
            };
            if !exact {
                total += 1;
            }
            if hits.len() >= limit {
                continue;
            }
            let shown = match &d.doc_number {
                Some(n) => format!("{}　{n}", d.title),
                None => d.title.clone(),
            };
            let (snippet, highlights) = snippet(query, &shown);
            hits.push(SearchHit {
                clause_id: None,
                clause_path: None,
                heading: None,
                page: d.start_page,
                pdf_page: Some(d.start_pdf_page),
                matched: MatchField::Title,
                snippet,
                highlights,
                score,
                ..self.hit_base(id, d)
            });
        }
        Ok((total, hits))
    }

    /// Clauses that contain every term, clauses whose heading matches first. Checked
    /// and counted like [`SearchIndex::search_documents`].
    fn search_clauses(
        &self,
        conn: &Connection,
        searcher: &Searcher,
        query: &Query,
        allowed: &Option<Arc<Vec<bool>>>,
        limit: usize,
    ) -> Result<(u64, Vec<SearchHit>)> {
        let f = self.fields;
        let mut clauses: Vec<(Occur, Box<dyn IndexQuery>)> = Vec::new();
        let mut headings: Vec<(Occur, Box<dyn IndexQuery>)> = Vec::new();
        for term in &query.include {
            clauses.push((Occur::Must, clause_term_query(term, f)));
            if term.kind == TermKind::Text {
                headings.push((Occur::Should, term_query(term, f.heading, f.heading_chars)));
            }
        }
        for term in query.exclude.iter().filter(|t| t.kind == TermKind::Text) {
            clauses.push((Occur::MustNot, clause_term_query(term, f)));
        }
        // A lone term is searched bare: tantivy then counts it from its document
        // frequency and skips blocks that cannot reach the top.
        let lone = clauses.len() == 1;
        let main: Box<dyn IndexQuery> = match clauses.len() {
            1 => clauses.remove(0).1,
            _ => Box::new(BooleanQuery::new(clauses)),
        };
        let exact = is_exact(query);
        let (candidates, mut total) = if exact {
            // Heading hits are found without running the main query a second time
            // (tantivy would walk every position of a common phrase again): a lone
            // term found in a heading is a hit as it stands, since the text field
            // holds the heading too; with more terms, the one pass over the main
            // query keeps aside its hits among the clauses whose heading matches.
            let (top, count, heading_top) = match headings.len() {
                0 => self.top_and_count(searcher, main.as_ref(), allowed, limit, None)?,
                1 if lone => {
                    let (top, count, _) =
                        self.top_and_count(searcher, main.as_ref(), allowed, limit, None)?;
                    let heading_top = self.top(searcher, headings[0].1.as_ref(), allowed, limit)?;
                    (top, count, heading_top)
                }
                _ => {
                    let in_heading =
                        searcher.search(&BooleanQuery::new(headings), &DocSetCollector)?;
                    let marked = Some(Arc::new(in_heading));
                    self.top_and_count(searcher, main.as_ref(), allowed, limit, marked)?
                }
            };
            let mut candidates: Ranked = heading_top
                .into_iter()
                .map(|(s, a)| (s + HEADING_BOOST, a))
                .collect();
            for (score, address) in top {
                if !candidates.iter().any(|(_, a)| *a == address) {
                    candidates.push((score, address));
                }
            }
            (candidates, count)
        } else {
            (self.collect_all(searcher, main.as_ref(), allowed)?, 0)
        };

        let ids = Ids::new(searcher, "clause_id")?;
        let mut stmt = conn.prepare_cached(
            "SELECT document_id, path, heading, text, page, pdf_page FROM clauses WHERE id = ?1",
        )?;
        let mut hits = Vec::new();
        for (score, address) in candidates {
            // Exact results are complete once the shown hits are built.
            if exact && hits.len() >= limit {
                break;
            }
            let clause_id = ids.get(address)?;
            let row = stmt
                .query_row([clause_id], |r| {
                    Ok(ClauseRow {
                        document_id: r.get(0)?,
                        path: r.get(1)?,
                        heading: r.get(2)?,
                        text: r.get(3)?,
                        page: r.get(4)?,
                        pdf_page: r.get(5)?,
                    })
                })
                .map(Some)
                .or_else(|e| match e {
                    rusqlite::Error::QueryReturnedNoRows => Ok(None),
                    e => Err(e),
                })?;
            let verified =
                row.filter(|c| query.matches(&[c.heading.as_deref().unwrap_or(""), &c.text]));
            let Some(ClauseRow {
                document_id,
                path,
                heading,
                text,
                page,
                pdf_page,
            }) = verified
            else {
                // Exact counts include this candidate; it did not hold up.
                total = total.saturating_sub(u64::from(exact));
                continue;
            };
            if !exact {
                total += 1;
            }
            if hits.len() >= limit {
                continue;
            }
            let Some(d) = self.catalog.get(&document_id) else {
                continue;
            };
            let in_heading = heading
                .as_deref()
                .is_some_and(|h| query.include.iter().any(|t| t.occurs_in(h)));
            // The heading and the text are shown as one, so a heading match is visible.
            let shown = match &heading {
                Some(h) if !text.is_empty() => format!("{h}\n{text}"),
                Some(h) => h.clone(),
                None => text,
            };
            let (snippet, highlights) = snippet(query, &shown);
            hits.push(SearchHit {
                clause_id: Some(clause_id),
                clause_path: Some(path),
                heading,
                page,
                pdf_page: Some(pdf_page),
                matched: if in_heading {
                    MatchField::Heading
                } else {
                    MatchField::Text
                },
                snippet,
                highlights,
                score,
                ..self.hit_base(document_id, d)
            });
        }
        Ok((total, hits))
    }

    /// The best `limit` hits of `query` among the allowed documents.
    fn top(
        &self,
        searcher: &Searcher,
        query: &dyn IndexQuery,
        allowed: &Option<Arc<Vec<bool>>>,
        limit: usize,
    ) -> Result<Ranked> {
        collect(searcher, query, allowed, top_docs(searcher, limit))
    }

    /// How many hits `query` has among the allowed documents.
    fn count(
        &self,
        searcher: &Searcher,
        query: &dyn IndexQuery,
        allowed: &Option<Arc<Vec<bool>>>,
    ) -> Result<u64> {
        Ok(collect(searcher, query, allowed, Count)? as u64)
    }

    /// The best `limit` hits, the number of all hits, and the best `limit` of the hits
    /// among `marked` (none when it is None). A bare term query runs twice, as each
    /// pass alone is far cheaper (a count from the document frequency, a top list that
    /// skips whole blocks); anything else runs once with all collectors, as its cost
    /// is in matching (positions, intersections).
    fn top_and_count(
        &self,
        searcher: &Searcher,
        query: &dyn IndexQuery,
        allowed: &Option<Arc<Vec<bool>>>,
        limit: usize,
        marked: Option<Arc<HashSet<DocAddress>>>,
    ) -> Result<(Ranked, u64, Ranked)> {
        if marked.is_none() && query.downcast_ref::<TermQuery>().is_some() {
            return Ok((
                self.top(searcher, query, allowed, limit)?,
                self.count(searcher, query, allowed)?,
                Vec::new(),
            ));
        }
        // Without a set to mark, no third collector looks at every hit.
        let marked_hits = marked.map(|among| Hits { among: Some(among) });
        let all = (top_docs(searcher, limit), Count, marked_hits);
        let (top, count, among) = collect(searcher, query, allowed, all)?;
        let mut among = among.unwrap_or_default();
        best_first(&mut among);
        among.truncate(limit);
        Ok((top, count as u64, among))
    }

    /// Every hit of `query` with its score, best first.
    fn collect_all(
        &self,
        searcher: &Searcher,
        query: &dyn IndexQuery,
        allowed: &Option<Arc<Vec<bool>>>,
    ) -> Result<Ranked> {
        let mut hits = collect(searcher, query, allowed, Hits { among: None })?;
        best_first(&mut hits);
        Ok(hits)
    }

    fn hit_base(&self, document_id: i64, d: &DocInfo) -> SearchHit {
        SearchHit {
            document_id,
            issue_id: d.issue_id,
            clause_id: None,
            gazette: d.gazette.clone(),
            year: d.year,
            number: d.number,
            number_label: d.number_label.clone(),
            doc_number: d.doc_number.clone(),
            title: d.title.clone(),
            office: d.office.clone(),
            date: d.date.clone(),
            clause_path: None,
            heading: None,
            page: None,
            pdf_page: None,
            matched: MatchField::Text,
            snippet: String::new(),
            highlights: Vec::new(),
            score: 0.0,
        }
    }
}

/// A top-`limit` collector. It reserves room for `limit` hits, and no search returns
/// more than the index holds.
fn top_docs(searcher: &Searcher, limit: usize) -> TopDocs {
    TopDocs::with_limit(limit.clamp(1, searcher.num_docs().max(1) as usize))
}

/// Hits of the index with their scores.
type Ranked = Vec<(Score, DocAddress)>;

/// Collects every hit with its score (or those among a set of documents), in one
/// pass: a top list of all of them would need their count first, and so a second.
struct Hits {
    among: Option<Arc<HashSet<DocAddress>>>,
}

struct SegmentHits {
    segment: SegmentOrdinal,
    among: Option<Arc<HashSet<DocAddress>>>,
    hits: Ranked,
}

impl Collector for Hits {
    type Fruit = Ranked;
    type Child = SegmentHits;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        _: &SegmentReader,
    ) -> tantivy::Result<SegmentHits> {
        Ok(SegmentHits {
            segment,
            among: self.among.clone(),
            hits: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        Ok(fruits.concat())
    }
}

impl SegmentCollector for SegmentHits {
    type Fruit = Ranked;

    fn collect(&mut self, doc: DocId, score: Score) {
        let address = DocAddress::new(self.segment, doc);
        if self
            .among
            .as_ref()
            .is_none_or(|among| among.contains(&address))
        {
            self.hits.push((score, address));
        }
    }

    fn harvest(self) -> Self::Fruit {
        self.hits
    }
}

/// Orders hits best first (ties in index order, so that results are repeatable).
fn best_first(hits: &mut [(Score, DocAddress)]) {
    hits.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
}

/// Whether every term is matched exactly by the index, so that only shown hits need
/// checking; a 文号 is matched on its parts and needs every candidate checked.
fn is_exact(query: &Query) -> bool {
    query
        .include
        .iter()
        .chain(&query.exclude)
        .all(|t| t.kind == TermKind::Text)
}

/// A clause as a hit shows it.
struct ClauseRow {
    document_id: i64,
    path: String,
    heading: Option<String>,
    text: String,
    page: Option<u32>,
    pdf_page: u32,
}

/// An id fast field of every segment of a searcher.
struct Ids {
    name: &'static str,
    columns: Vec<tantivy::columnar::Column<u64>>,
}

impl Ids {
    fn new(searcher: &Searcher, name: &'static str) -> Result<Ids> {
        let columns = searcher
            .segment_readers()
            .iter()
            .map(|r| r.fast_fields().u64(name))
            .collect::<tantivy::Result<_>>()?;
        Ok(Ids { name, columns })
    }

    fn get(&self, address: DocAddress) -> Result<i64> {
        self.columns
            .get(address.segment_ord as usize)
            .and_then(|c| c.first(address.doc_id))
            .map(|v| v as i64)
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::Index,
                    format!(
                        "a search index entry has no {}; run gazette reindex",
                        self.name
                    ),
                )
            })
    }
}

/// Bytes of the files directly in `dir` (an index keeps no subdirectories).
pub fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok()?.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

/// Runs `collector` over the hits of `query` among the allowed documents.
fn collect<C: Collector>(
    searcher: &Searcher,
    query: &dyn IndexQuery,
    allowed: &Option<Arc<Vec<bool>>>,
    collector: C,
) -> Result<C::Fruit> {
    Ok(match allowed {
        Some(allowed) => {
            let allowed = allowed.clone();
            let filtered = FilterCollector::new(
                "document_id".to_string(),
                move |id: u64| allowed.get(id as usize).copied().unwrap_or(false),
                collector,
            );
            searcher.search(query, &filtered)?
        }
        None => searcher.search(query, &collector)?,
    })
}

/// A term in a clause's heading or text (the `text` field holds both).
fn clause_term_query(term: &QueryTerm, f: Fields) -> Box<dyn IndexQuery> {
    term_query(term, f.text, f.chars)
}

/// A term in one field: every part of it must be there (a text term has one part).
fn term_query(term: &QueryTerm, bigrams: Field, chars: Field) -> Box<dyn IndexQuery> {
    let mut parts: Vec<Box<dyn IndexQuery>> = term
        .parts()
        .iter()
        .map(|p| part_query(p, bigrams, chars))
        .collect();
    if parts.len() == 1 {
        return parts.remove(0);
    }
    Box::new(BooleanQuery::intersection(parts))
}

/// An exact run of characters: one character in the character field; two as one
/// bigram; more as a phrase of bigrams at their offsets, which needs only enough
/// bigrams to cover the run.
fn part_query(part: &[char], bigrams: Field, chars: Field) -> Box<dyn IndexQuery> {
    let gram = |at: usize| -> Term {
        let text: String = part[at..at + 2].iter().collect();
        Term::from_field_text(bigrams, &text)
    };
    match part.len() {
        0 | 1 => {
            let text: String = part.iter().collect();
            Box::new(TermQuery::new(
                Term::from_field_text(chars, &text),
                IndexRecordOption::Basic,
            ))
        }
        2 => Box::new(TermQuery::new(gram(0), IndexRecordOption::WithFreqs)),
        n => {
            let mut offsets: Vec<usize> = (0..n - 1).step_by(2).collect();
            if offsets.last() != Some(&(n - 2)) {
                offsets.push(n - 2);
            }
            Box::new(PhraseQuery::new_with_offset(
                offsets.into_iter().map(|at| (at, gram(at))).collect(),
            ))
        }
    }
}

/// A directory beside `dir` that no other process picks: `index.building-<pid>-<ns>`.
fn sibling(dir: &Path, what: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let mut name = dir.as_os_str().to_owned();
    name.push(format!(".{what}-{}-{nanos}", std::process::id()));
    PathBuf::from(name)
}

/// A rebuild killed half-way leaves its staging (or set-aside) directory beside the
/// index. One untouched for this long belongs to no running rebuild, which takes
/// minutes at most, and is removed.
const ABANDONED_AFTER: std::time::Duration = std::time::Duration::from_secs(3600);

/// Removes the [`sibling`] directories of `dir` that rebuilds have abandoned. Best
/// effort: what cannot be removed now is tried again at the next open.
fn remove_abandoned_siblings(dir: &Path) {
    let (Some(parent), Some(name)) = (dir.parent(), dir.file_name()) else {
        return;
    };
    let prefixes = ["building", "old"].map(|what| {
        let mut prefix = name.to_owned();
        prefix.push(format!(".{what}-"));
        prefix
    });
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let ours = prefixes.iter().any(|p| {
            file_name
                .as_encoded_bytes()
                .starts_with(p.as_encoded_bytes())
        });
        let abandoned = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > ABANDONED_AFTER);
        if ours && abandoned {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fn fields_of(schema: &Schema) -> Result<Fields> {
    let get = |name: &str| {
        schema.get_field(name).map_err(|e| {
            index_error(
                format!("the search index lacks the field {name}; it will be rebuilt"),
                e,
            )
        })
    };
    Ok(Fields {
        text: get("text")?,
        heading: get("heading")?,
        chars: get("chars")?,
        heading_chars: get("heading_chars")?,
        title: get("title")?,
        title_chars: get("title_chars")?,
        doc_number_key: get("doc_number_key")?,
        clause_id: get("clause_id")?,
        document_id: get("document_id")?,
        issue_id: get("issue_id")?,
    })
}

fn read_payload(index: &Index) -> Result<Option<Payload>> {
    Ok(index
        .load_metas()?
        .payload
        .and_then(|p| serde_json::from_str(&p).ok()))
}

fn commit(writer: &mut IndexWriter, generation: u64) -> Result<()> {
    let payload = serde_json::to_string(&Payload {
        format: FORMAT,
        generation,
    })
    .map_err(|e| index_error(format!("cannot record the index generation: {e}"), e))?;
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&payload);
    prepared.commit()?;
    Ok(())
}

fn unit_counts(conn: &Connection) -> Result<(u64, u64)> {
    Ok(conn.query_row(
        "SELECT (SELECT COUNT(*) FROM clauses), (SELECT COUNT(*) FROM documents)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

/// Adds the units of one issue, or of the whole archive, to the index, reporting how
/// many were added so far.
fn add_units(
    conn: &Connection,
    writer: &IndexWriter,
    f: Fields,
    issue: Option<i64>,
    progress: &dyn Fn(u64),
) -> Result<()> {
    let only = if issue.is_some() {
        " WHERE d.issue_id = ?1"
    } else {
        ""
    };
    let params: Vec<i64> = issue.into_iter().collect();
    let mut done = 0u64;

    let mut stmt = conn.prepare(&format!("{DOCUMENTS_SQL}{only}"))?;
    let rows = stmt.query_map(rusqlite::params_from_iter(&params), doc_info)?;
    for row in rows {
        let (id, key, d) = row?;
        let mut unit = TantivyDocument::default();
        let title = match &d.doc_number {
            Some(n) => format!("{}\n{n}", d.title),
            None => d.title.clone(),
        };
        unit.add_text(f.title, &title);
        unit.add_text(f.title_chars, &title);
        if let Some(key) = key {
            unit.add_text(f.doc_number_key, normalize(&key));
        }
        unit.add_u64(f.document_id, id as u64);
        unit.add_u64(f.issue_id, d.issue_id as u64);
        writer.add_document(unit)?;
        done += 1;
    }

    let mut stmt = conn.prepare(&format!(
        "SELECT c.id, c.document_id, d.issue_id, c.heading, c.text
           FROM clauses c JOIN documents d ON d.id = c.document_id{only} ORDER BY c.id"
    ))?;
    let mut rows = stmt.query(rusqlite::params_from_iter(&params))?;
    while let Some(r) = rows.next()? {
        let mut unit = TantivyDocument::default();
        let heading: Option<String> = r.get(3)?;
        let text: String = r.get(4)?;
        // `text` and `chars` hold the heading too, so that a term is one lookup;
        // `heading` and `heading_chars` rank heading matches first.
        if let Some(h) = &heading {
            unit.add_text(f.text, h);
            unit.add_text(f.chars, h);
            unit.add_text(f.heading, h);
            unit.add_text(f.heading_chars, h);
        }
        unit.add_text(f.text, &text);
        unit.add_text(f.chars, &text);
        unit.add_u64(f.clause_id, r.get::<_, i64>(0)? as u64);
        unit.add_u64(f.document_id, r.get::<_, i64>(1)? as u64);
        unit.add_u64(f.issue_id, r.get::<_, i64>(2)? as u64);
        writer.add_document(unit)?;
        done += 1;
        if done.is_multiple_of(4096) {
            progress(done);
        }
    }
    Ok(())
}
