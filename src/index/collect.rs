//! Running queries over the index: top lists, counts, every hit and the documents
//! hit, among the documents a filter allows, and reading ids back from the hits.

use std::collections::HashSet;
use std::sync::Arc;

use tantivy::collector::{
    Collector, Count, DocSetCollector, FilterCollector, SegmentCollector, TopDocs,
};
use tantivy::query::Query as IndexQuery;
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use super::SearchIndex;
use crate::error::{Error, ErrorKind, Result};

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

    /// How many hits `query` has among the allowed documents.
    pub(super) fn count_hits(
        &self,
        searcher: &Searcher,
        query: &dyn IndexQuery,
        allowed: &Option<Arc<Vec<bool>>>,
    ) -> Result<u64> {
        Ok(collect(searcher, query, allowed, Count)? as u64)
    }

    /// The best `limit` hits and the best `limit` of the hits among `marked`, in one
    /// pass over the hits (which a query of several terms makes anyway).
    pub(super) fn top_and_among(
        &self,
        searcher: &Searcher,
        query: &dyn IndexQuery,
        allowed: &Option<Arc<Vec<bool>>>,
        limit: usize,
        marked: Arc<HashSet<DocAddress>>,
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

    /// The documents with a hit of `query` among the allowed ones, by id.
    pub(super) fn documents_of(
        &self,
        searcher: &Searcher,
        query: &dyn IndexQuery,
        allowed: &Option<Arc<Vec<bool>>>,
    ) -> Result<HashSet<u64>> {
        let ids = Ids::new(searcher, "document_id")?;
        let hits = collect(searcher, query, allowed, DocSetCollector)?;
        hits.into_iter()
            .map(|address| ids.get(address).map(|id| id as u64))
            .collect()
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

/// A top-`limit` collector. It reserves room for `limit` hits, and no search returns
/// more than the index holds.
pub(super) fn top_docs(searcher: &Searcher, limit: usize) -> TopDocs {
    TopDocs::with_limit(limit.clamp(1, searcher.num_docs().max(1) as usize))
}

/// Collects every hit with its score (or those among a set of documents), in one
/// pass: a top list of all of them would need their count first, and so a second.
pub(super) struct Hits {
    pub(super) among: Option<Arc<HashSet<DocAddress>>>,
}

pub(super) struct SegmentHits {
    pub(super) segment: SegmentOrdinal,
    pub(super) among: Option<Arc<HashSet<DocAddress>>>,
    pub(super) hits: Ranked,
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
pub(super) fn best_first(hits: &mut [(Score, DocAddress)]) {
    hits.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
}

/// An id fast field of every segment of a searcher.
pub(super) struct Ids {
    pub(super) name: &'static str,
    pub(super) columns: Vec<tantivy::columnar::Column<u64>>,
}

impl Ids {
    pub(super) fn new(searcher: &Searcher, name: &'static str) -> Result<Ids> {
        let columns = searcher
            .segment_readers()
            .iter()
            .map(|r| r.fast_fields().u64(name))
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
