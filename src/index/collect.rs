//! Running queries over the index: top lists, the first hits in index order without
//! walking the rest, counts, every hit and the set of documents hit, among the
//! documents a filter allows, and reading ids back from the hits.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tantivy::collector::{Collector, Count, FilterCollector, SegmentCollector, TopDocs};
use tantivy::columnar::Column;
use tantivy::index::SegmentId;
use tantivy::query::{EnableScoring, Query as IndexQuery, Scorer, Weight};
use tantivy::{
    DocAddress, DocId, DocSet, Score, Searcher, SegmentOrdinal, SegmentReader, TERMINATED,
};

use super::SearchIndex;
use crate::error::{Error, ErrorKind, Result};

/// A segment is walked on several cores only in runs of at least this many units.
/// Smaller, a count takes a few milliseconds on one core, and each run's threads and
/// walk to its first hit cost more than they save (at 1,000 issues, 339,000 units in
/// two runs: exact totals p50 0.36 → 0.76 ms).
const MIN_RUN_UNITS: u32 = 1_000_000;

/// Hits of the index with their scores.
pub(super) type Ranked = Vec<(Score, DocAddress)>;

impl SearchIndex {
    /// The best `limit` hits of `query` among the allowed documents.
    pub(super) fn top(
        &self,
        searcher: &Searcher,
        query: &dyn IndexQuery,
        allowed: &Option<Arc<Vec<bool>>>,
        limit: usize,
    ) -> Result<Ranked> {
        collect(searcher, query, allowed, top_docs(searcher, limit))
    }

    /// The first `limit` hits of `query` among the allowed documents in index order,
    /// unscored: the index stops walking the posting lists once it has them, so a
    /// query with hundreds of thousands of hits answers as fast as a rare one.
    pub(super) fn first(
        &self,
        searcher: &Searcher,
        query: &dyn IndexQuery,
        allowed: &Option<Arc<Vec<bool>>>,
        limit: usize,
    ) -> Result<Ranked> {
        let first = FirstHits {
            limit,
            allowed: allowed.clone(),
            columns: self.columns.clone(),
        };
        Ok(searcher.search(query, &first)?)
    }

    /// How many hits `query` has among the allowed documents.
    pub(super) fn count_hits(
        &self,
        searcher: &Searcher,
        query: &dyn IndexQuery,
        allowed: &Option<Arc<Vec<bool>>>,
    ) -> Result<u64> {
        Ok(collect(searcher, query, allowed, Count)? as u64)
    }

    /// The best `limit` hits and the best `limit` of the hits that `marked` matches
    /// too, in one pass over the hits (which a query of several terms makes anyway).
    pub(super) fn top_and_among(
        &self,
        searcher: &Searcher,
        query: &dyn IndexQuery,
        allowed: &Option<Arc<Vec<bool>>>,
        limit: usize,
        marked: Arc<dyn Weight>,
    ) -> Result<(Ranked, Ranked)> {
        let both = (
            top_docs(searcher, limit),
            Hits {
                among: Some(marked),
            },
        );
        let (top, mut among) = collect(searcher, query, allowed, both)?;
        best_first(&mut among);
        among.truncate(limit);
        Ok((top, among))
    }

    /// How many hits `query` has among the allowed documents, and their documents, in
    /// one pass. Each hit's document id is read straight from its column into a bit
    /// set: a common term has hundreds of thousands of hits in a large archive.
    pub(super) fn count_with_documents(
        &self,
        searcher: &Searcher,
        query: &dyn IndexQuery,
        allowed: &Option<Arc<Vec<bool>>>,
    ) -> Result<(u64, DocumentSet)> {
        let runs = walk(
            &self.columns,
            searcher,
            query,
            &runs(searcher, 1, MIN_RUN_UNITS),
            allowed,
            || (0u64, DocumentSet::default()),
            |(count, documents), id| {
                *count += 1;
                documents.insert(id);
            },
        )?;
        let mut all = DocumentSet::default();
        let mut total = 0;
        for (count, documents) in &runs {
            total += count;
            all.union_with(documents);
        }
        Ok((total, all))
    }

    /// How many hits a phrase has among the allowed documents, counted on every
    /// core: each of its candidates has its positions checked. (Where hits are
    /// rare, as for several terms in one clause, a run's start costs as much as
    /// its walk: the engine goes to a query's first hit from the segment's start.)
    pub(super) fn count_on_all_cores(
        &self,
        searcher: &Searcher,
        query: &dyn IndexQuery,
        allowed: &Option<Arc<Vec<bool>>>,
    ) -> Result<u64> {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as u32;
        let counts = walk(
            &self.columns,
            searcher,
            query,
            &runs(searcher, cores, MIN_RUN_UNITS),
            allowed,
            || 0u64,
            |n, _| *n += 1,
        )?;
        Ok(counts.into_iter().sum())
    }

    /// Every hit of `query` with its score, best first.
    pub(super) fn collect_all(
        &self,
        searcher: &Searcher,
        query: &dyn IndexQuery,
        allowed: &Option<Arc<Vec<bool>>>,
    ) -> Result<Ranked> {
        let mut hits = collect(searcher, query, allowed, Hits { among: None })?;
        best_first(&mut hits);
        Ok(hits)
    }
}

/// A stretch of one segment's units, from `from` up to `to`.
struct Run<'a> {
    reader: &'a SegmentReader,
    from: DocId,
    to: DocId,
}

/// Each segment's units cut into up to `cores` runs of at least `min_units`.
fn runs(searcher: &Searcher, cores: u32, min_units: u32) -> Vec<Run<'_>> {
    let mut runs = Vec::new();
    for reader in searcher.segment_readers() {
        let units = reader.max_doc();
        let parts = cores.min(units / min_units.max(1)).max(1);
        let cut = |p: u32| (u64::from(units) * u64::from(p) / u64::from(parts)) as DocId;
        for part in 0..parts {
            runs.push(Run {
                reader,
                from: cut(part),
                to: cut(part + 1),
            });
        }
    }
    runs
}

/// Walks the hits of `query` among the allowed documents, the runs (of the
/// searcher's segments) at once, one thread each: `visit` hears each hit's document
/// id, into the state `start` makes for its run; the states of all runs come back.
/// Tantivy walks a segment on one thread, and an archive of thousands of issues is
/// one segment.
fn walk<S: Send>(
    columns: &Columns,
    searcher: &Searcher,
    query: &dyn IndexQuery,
    runs: &[Run],
    allowed: &Option<Arc<Vec<bool>>>,
    start: impl Fn() -> S + Sync,
    visit: impl Fn(&mut S, u64) + Sync,
) -> Result<Vec<S>> {
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let walk_one = |run: &Run| -> Result<S> {
        let ids = columns.get(run.reader, "document_id")?;
        let mut hits = weight.scorer(run.reader, 1.0)?;
        let mut doc = if hits.doc() < run.from {
            hits.seek(run.from)
        } else {
            hits.doc()
        };
        let mut state = start();
        while doc < run.to {
            if admitted(run.reader, &ids, allowed, doc) {
                if let Some(id) = ids.first(doc) {
                    visit(&mut state, id);
                }
            }
            doc = hits.advance();
        }
        Ok(state)
    };
    if let [only] = runs {
        return Ok(vec![walk_one(only)?]);
    }
    std::thread::scope(|scope| {
        let walkers: Vec<_> = runs
            .iter()
            .map(|run| scope.spawn(|| walk_one(run)))
            .collect();
        walkers
            .into_iter()
            .map(|walker| {
                walker.join().unwrap_or_else(|_| {
                    Err(Error::new(
                        ErrorKind::Index,
                        "counting the hits failed; run gazette check".to_string(),
                    ))
                })
            })
            .collect()
    })
}

/// A top-`limit` collector. It reserves room for `limit` hits, and no search returns
/// more than the index holds.
pub(super) fn top_docs(searcher: &Searcher, limit: usize) -> TopDocs {
    TopDocs::with_limit(limit.clamp(1, searcher.num_docs().max(1) as usize))
}

/// Collects every hit with its score (or those another query matches too), in one
/// pass: a top list of all of them would need their count first, and so a second.
pub(super) struct Hits {
    pub(super) among: Option<Arc<dyn Weight>>,
}

pub(super) struct SegmentHits {
    pub(super) segment: SegmentOrdinal,
    /// The other query's hits in the segment, walked along with the hits collected
    /// (both come in ascending order): a common heading word has too many hits to
    /// gather into a set first.
    pub(super) among: Option<Box<dyn Scorer>>,
    pub(super) hits: Ranked,
}

impl Collector for Hits {
    type Fruit = Ranked;
    type Child = SegmentHits;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentHits> {
        Ok(SegmentHits {
            segment,
            among: self
                .among
                .as_ref()
                .map(|marked| marked.scorer(reader, 1.0))
                .transpose()?,
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
        let kept = match &mut self.among {
            None => true,
            Some(marked) => {
                if marked.doc() < doc {
                    marked.seek(doc);
                }
                marked.doc() == doc
            }
        };
        if kept {
            self.hits.push((score, DocAddress::new(self.segment, doc)));
        }
    }

    fn harvest(self) -> Self::Fruit {
        self.hits
    }
}

/// A set of document ids.
#[derive(Debug, Default, Clone, PartialEq)]
pub(super) struct DocumentSet {
    words: Vec<u64>,
}

impl DocumentSet {
    pub(super) fn insert(&mut self, id: u64) {
        let word = (id / 64) as usize;
        if word >= self.words.len() {
            self.words.resize(word + 1, 0);
        }
        self.words[word] |= 1 << (id % 64);
    }

    pub(super) fn contains(&self, id: u64) -> bool {
        self.words
            .get((id / 64) as usize)
            .is_some_and(|w| w & (1 << (id % 64)) != 0)
    }

    pub(super) fn union_with(&mut self, other: &DocumentSet) {
        if other.words.len() > self.words.len() {
            self.words.resize(other.words.len(), 0);
        }
        for (mine, theirs) in self.words.iter_mut().zip(&other.words) {
            *mine |= theirs;
        }
    }
}

impl FromIterator<u64> for DocumentSet {
    fn from_iter<I: IntoIterator<Item = u64>>(ids: I) -> DocumentSet {
        let mut set = DocumentSet::default();
        for id in ids {
            set.insert(id);
        }
        set
    }
}

/// Whether the unit `doc` of a segment may be shown: alive, and of an allowed document.
fn admitted(
    reader: &SegmentReader,
    ids: &Column<u64>,
    allowed: &Option<Arc<Vec<bool>>>,
    doc: DocId,
) -> bool {
    reader
        .alive_bitset()
        .is_none_or(|alive| alive.is_alive(doc))
        && ids.first(doc).is_some_and(|id| allows(allowed, id))
}

/// Whether the filter table lets the document `id` through (no table: every one).
pub(super) fn allows(allowed: &Option<Arc<Vec<bool>>>, id: u64) -> bool {
    allowed
        .as_ref()
        .is_none_or(|allowed| allowed.get(id as usize).copied().unwrap_or(false))
}

/// The first hits in index order, each segment walked only until the hits are found.
struct FirstHits {
    limit: usize,
    allowed: Option<Arc<Vec<bool>>>,
    columns: Arc<Columns>,
}

impl Collector for FirstHits {
    type Fruit = Ranked;
    type Child = SegmentHits;

    // Unused: `collect_segment` below walks each segment itself.
    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentHits> {
        Hits { among: None }.for_segment(segment, reader)
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Ranked>) -> tantivy::Result<Ranked> {
        let mut hits = fruits.concat();
        hits.sort_by_key(|(_, address)| *address);
        hits.truncate(self.limit);
        Ok(hits)
    }

    fn collect_segment(
        &self,
        weight: &dyn Weight,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<Ranked> {
        let ids = self.columns.get(reader, "document_id")?;
        let mut scorer = weight.scorer(reader, 1.0)?;
        let mut hits = Vec::new();
        let mut doc = scorer.doc();
        while doc != TERMINATED && hits.len() < self.limit {
            if admitted(reader, &ids, &self.allowed, doc) {
                hits.push((0.0, DocAddress::new(segment, doc)));
            }
            doc = scorer.advance();
        }
        Ok(hits)
    }
}

/// Orders hits best first (ties in index order, so that results are repeatable).
pub(super) fn best_first(hits: &mut [(Score, DocAddress)]) {
    hits.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
}

/// The id and place columns of the index's segments, each opened once. Opening a
/// column decodes its block index: at three million units that is most of the time
/// a query with a few hits takes, paid again for every column it reads.
#[derive(Default)]
pub(super) struct Columns {
    open: Mutex<HashMap<(SegmentId, &'static str), Column<u64>>>,
}

impl Columns {
    /// The column `name` of the segment.
    pub(super) fn get(
        &self,
        reader: &SegmentReader,
        name: &'static str,
    ) -> tantivy::Result<Column<u64>> {
        let key = (reader.segment_id(), name);
        if let Some(column) = self.lock().get(&key) {
            return Ok(column.clone());
        }
        let column = reader.fast_fields().u64(name)?;
        self.lock().insert(key, column.clone());
        Ok(column)
    }

    /// Lets go of the columns of segments the searcher no longer has (merged away).
    pub(super) fn keep_only(&self, searcher: &Searcher) {
        let live: HashSet<SegmentId> = searcher
            .segment_readers()
            .iter()
            .map(SegmentReader::segment_id)
            .collect();
        self.lock().retain(|(segment, _), _| live.contains(segment));
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<(SegmentId, &'static str), Column<u64>>> {
        // The map is only ever inserted into whole: one a panic left locked is sound.
        self.open.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// An id fast field of every segment of a searcher.
pub(super) struct Ids {
    pub(super) name: &'static str,
    pub(super) columns: Vec<Column<u64>>,
}

impl Ids {
    pub(super) fn new(searcher: &Searcher, open: &Columns, name: &'static str) -> Result<Ids> {
        let columns = searcher
            .segment_readers()
            .iter()
            .map(|r| open.get(r, name))
            .collect::<tantivy::Result<_>>()?;
        Ok(Ids { name, columns })
    }

    pub(super) fn get(&self, address: DocAddress) -> Result<i64> {
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

/// Runs `collector` over the hits of `query` among the allowed documents.
pub(super) fn collect<C: Collector>(
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

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::query::PhraseQuery;
    use tantivy::schema::{Schema, FAST, TEXT};
    use tantivy::{doc, Index, Term};

    #[test]
    fn hits_walked_in_runs_are_the_hits_walked_at_once() {
        let mut schema = Schema::builder();
        let id = schema.add_u64_field("document_id", FAST);
        let text = schema.add_text_field("text", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for n in 0..1000u64 {
            let words = match n {
                _ if n % 7 == 0 => "north gate",
                _ if n % 3 == 0 => "gate north",
                _ => "square",
            };
            writer.add_document(doc!(id => n, text => words)).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let phrase = PhraseQuery::new(vec![
            Term::from_field_text(text, "north"),
            Term::from_field_text(text, "gate"),
        ]);
        let even: Arc<Vec<bool>> = Arc::new((0..1000).map(|n| n % 2 == 0).collect());
        let columns = Columns::default();
        for allowed in [None, Some(even)] {
            let ids_in = |cores, min_units| -> Vec<u64> {
                let runs = runs(&searcher, cores, min_units);
                let found = walk(
                    &columns,
                    &searcher,
                    &phrase,
                    &runs,
                    &allowed,
                    Vec::new,
                    |ids, id| ids.push(id),
                );
                found.unwrap().concat()
            };
            let expected: Vec<u64> = (0..1000)
                .filter(|n| n % 7 == 0 && allowed.as_ref().is_none_or(|_| n % 2 == 0))
                .collect();
            assert_eq!(runs(&searcher, 3, 1).len(), 3);
            assert_eq!(runs(&searcher, 3, 600).len(), 1);
            assert_eq!(ids_in(1, 1), expected);
            assert_eq!(ids_in(3, 1), expected);
            assert_eq!(ids_in(8, 100), expected);
        }
    }

    #[test]
    fn document_sets_hold_ids_across_words_of_any_length() {
        let a: DocumentSet = [1, 64, 200].into_iter().collect();
        let mut b: DocumentSet = [7].into_iter().collect();
        b.union_with(&a);
        for id in [1, 7, 64, 200] {
            assert!(b.contains(id), "{id}");
        }
        for id in [0, 2, 63, 65, 199, 201, 100_000] {
            assert!(!b.contains(id), "{id}");
        }
        let mut short: DocumentSet = [3].into_iter().collect();
        short.union_with(&DocumentSet::default());
        assert!(short.contains(3) && !short.contains(64));
    }
}
