//! Documents that hold every term of a query across their parts (one term in a clause,
//! another in the next, or in the 主送 line) though no single clause or line holds them
//! all: candidates from the index (the documents holding each term, intersected),
//! each verified against the whole stored document, shown with the places that hold
//! the terms; and the page a printed line outside the clauses is on.

use std::sync::Arc;

use rusqlite::Connection;
use tantivy::columnar::Column;
use tantivy::query::{BooleanQuery, EnableScoring, Occur, Query as IndexQuery, Scorer, Weight};
use tantivy::{DocAddress, DocId, DocSet, Searcher, SegmentReader, TERMINATED};

use super::collect::{allows, DocumentSet};
use super::query::{address_order, is_exact, printed_head, term_query, Found};
use super::SearchIndex;
use crate::error::Result;
use crate::search::{
    snippet, MatchField, Placed, Query, QueryTerm, SearchHit, TermKind, TermPlace,
};
use crate::store::{self, ClauseHit, PrintedLine, SearchDocument};

/// A part of a document that may hold terms, in printed order.
struct Part<'a> {
    text: String,
    clause: Option<(i64, &'a ClauseHit)>,
    line: Option<&'a PrintedLine>,
}

impl SearchIndex {
    /// Up to `wanted` documents (in index order) that hold every term across their
    /// parts and no excluded term anywhere, leaving out those in `unit_hit` (which a
    /// clause or their own lines already find); `exhausted` when there are no more.
    pub(super) fn search_spread(
        &self,
        conn: &Connection,
        searcher: &Searcher,
        query: &Query,
        allowed: &Option<Arc<Vec<bool>>>,
        unit_hit: &DocumentSet,
        wanted: usize,
    ) -> Result<Found> {
        // Text terms are matched exactly by the index, so the first candidates past
        // the page are enough; a 文号's candidates are checked one by one.
        let limit = is_exact(query).then_some(wanted.saturating_add(1));
        let candidates = self.spread_candidates(searcher, query, allowed, unit_hit, limit)?;
        let cut = limit.is_some_and(|l| candidates.len() >= l);
        let mut placed = Vec::new();
        for (id, address) in candidates {
            if placed.len() >= wanted {
                return Ok(Found {
                    placed,
                    exhausted: false,
                });
            }
            let id = id as i64;
            let Some(d) = store::search_document(conn, id)? else {
                continue;
            };
            if let Some(hit) = self.spread_hit(conn, query, id, &d)? {
                placed.push(Placed::new(hit, address_order(address)));
            }
        }
        Ok(Found {
            placed,
            exhausted: !cut,
        })
    }

    /// The documents (by id, with the address of their first unit), in index order,
    /// that the index says hold every term somewhere and no excluded text term
    /// anywhere, leaving out those in `unit_hit`; at most `limit` of them. For a query
    /// of text terms alone (which the index matches exactly) each is a hit as it stands.
    ///
    /// The terms' hits are walked together a document at a time: at the rarest term's
    /// next unit, every other term skips ahead to that unit's document, and where one
    /// lands past it, the walk resumes at the document it landed in. So a common term
    /// costs only the skips into the documents of the rare one, not a read of all its
    /// hits.
    pub(super) fn spread_candidates(
        &self,
        searcher: &Searcher,
        query: &Query,
        allowed: &Option<Arc<Vec<bool>>>,
        unit_hit: &DocumentSet,
        limit: Option<usize>,
    ) -> Result<Vec<(u64, DocAddress)>> {
        let f = self.fields;
        let unscored = EnableScoring::disabled_from_searcher(searcher);
        let anywhere = |term: &QueryTerm| -> Result<Box<dyn Weight>> {
            let query = BooleanQuery::new(vec![
                (Occur::Should, term_query(term, f.text, f.chars)),
                (Occur::Should, term_query(term, f.title, f.title_chars)),
            ]);
            Ok(query.weight(unscored)?)
        };
        let included = query
            .include
            .iter()
            .map(anywhere)
            .collect::<Result<Vec<_>>>()?;
        let excluded = query
            .exclude
            .iter()
            .filter(|t| t.kind == TermKind::Text)
            .map(anywhere)
            .collect::<Result<Vec<_>>>()?;
        let mut found = Vec::new();
        if included.is_empty() {
            return Ok(found);
        }
        for (segment, reader) in searcher.segment_readers().iter().enumerate() {
            let spans = Spans::of(reader)?;
            let mut terms = included
                .iter()
                .map(|w| w.scorer(reader, 1.0))
                .collect::<tantivy::Result<Vec<_>>>()?;
            terms.sort_by_key(|t| t.size_hint());
            let mut exclusions = excluded
                .iter()
                .map(|w| w.scorer(reader, 1.0))
                .collect::<tantivy::Result<Vec<_>>>()?;
            let (rarest, others) = terms.split_at_mut(1);
            let rarest = &mut rarest[0];
            while rarest.doc() != TERMINATED {
                let (start, end) = spans.document_of(rarest.doc());
                // Where the walk goes on: past this document, or to the document
                // where a term missing from this one turns up next.
                let mut missing = None;
                for term in others.iter_mut() {
                    let at = reach(term.as_mut(), start);
                    if at >= end {
                        missing = Some(at);
                        break;
                    }
                }
                let resume = match missing {
                    None => end,
                    Some(TERMINATED) => TERMINATED,
                    Some(at) => spans.document_of(at).0,
                };
                if missing.is_none() {
                    let id = spans.document_id(start);
                    let shown = reader.alive_bitset().is_none_or(|a| a.is_alive(start))
                        && allows(allowed, id)
                        && !unit_hit.contains(id)
                        && !exclusions
                            .iter_mut()
                            .any(|x| reach(x.as_mut(), start) < end);
                    if shown {
                        found.push((id, DocAddress::new(segment as u32, start)));
                        if limit.is_some_and(|l| found.len() >= l) {
                            return Ok(found);
                        }
                    }
                }
                if resume == TERMINATED {
                    break;
                }
                rarest.seek(resume);
            }
        }
        Ok(found)
    }

    /// The document as a hit when it holds every term across its parts, no excluded
    /// term in any, and no part holds every term alone.
    fn spread_hit(
        &self,
        conn: &Connection,
        query: &Query,
        id: i64,
        d: &SearchDocument,
    ) -> Result<Option<SearchHit>> {
        let clauses = store::document_clauses(conn, id)?;
        let own = match &d.doc_number {
            Some(n) => format!("{}　{n}", d.title),
            None => d.title.clone(),
        };
        let mut parts = vec![Part {
            text: own,
            clause: None,
            line: None,
        }];
        let (tail, head): (Vec<&PrintedLine>, Vec<&PrintedLine>) =
            d.printed.iter().partition(|l| l.part.is_tail());
        for l in &head {
            parts.push(Part {
                text: l.text.clone(),
                clause: None,
                line: Some(l),
            });
        }
        for (clause_id, c) in &clauses {
            let head = printed_head(&c.label, c.heading.as_deref());
            parts.push(Part {
                text: format!("{head}\n{}", c.text),
                clause: Some((*clause_id, c)),
                line: None,
            });
        }
        for l in &tail {
            parts.push(Part {
                text: l.text.clone(),
                clause: None,
                line: Some(l),
            });
        }
        // The title, 文号 and printed lines are one unit, as they are in the index.
        let own_lines: Vec<&str> = std::iter::once(parts[0].text.as_str())
            .chain(d.printed.iter().map(|l| l.text.as_str()))
            .collect();
        let texts: Vec<&str> = parts.iter().map(|p| p.text.as_str()).collect();
        let one_part_holds_all = query.matches(&own_lines)
            || clauses.iter().any(|(_, c)| {
                query.matches(&[&c.label, c.heading.as_deref().unwrap_or(""), &c.text])
            });
        if one_part_holds_all || !query.matches(&texts) {
            return Ok(None);
        }
        let mut spread: Vec<TermPlace> = Vec::new();
        let mut shown: Vec<usize> = Vec::new();
        for term in &query.include {
            let Some(at) = parts.iter().position(|p| term.occurs_in(&p.text)) else {
                continue;
            };
            if shown.contains(&at) {
                continue;
            }
            shown.push(at);
            spread.push(self.place(conn, query, d, &parts[at])?);
        }
        spread.sort_by_key(|p| p.pdf_page);
        let first = spread.first().cloned();
        Ok(Some(SearchHit {
            matched: MatchField::Document,
            page: first.as_ref().map_or(d.start_page, |p| p.page),
            pdf_page: first
                .as_ref()
                .map_or(Some(d.start_pdf_page), |p| p.pdf_page),
            snippet: first
                .as_ref()
                .map(|p| p.snippet.clone())
                .unwrap_or_default(),
            highlights: first.map(|p| p.highlights).unwrap_or_default(),
            spread,
            ..self.hit_base(id, d)
        }))
    }

    /// A part holding terms as a place to show.
    fn place(
        &self,
        conn: &Connection,
        query: &Query,
        d: &SearchDocument,
        part: &Part,
    ) -> Result<TermPlace> {
        let (snippet, highlights) = snippet(query, &part.text);
        let (clause_id, clause_path, part_kind, page, pdf_page) = match (part.clause, part.line) {
            (Some((id, c)), _) => (Some(id), Some(c.path.clone()), None, c.page, c.pdf_page),
            (None, Some(line)) => {
                let (page, pdf_page) = self.line_page(conn, d, line)?;
                (None, None, Some(line.part), page, pdf_page)
            }
            (None, None) => (None, None, None, d.start_page, d.start_pdf_page),
        };
        Ok(TermPlace {
            clause_id,
            clause_path,
            part: part_kind,
            page,
            pdf_page: Some(pdf_page),
            snippet,
            highlights,
        })
    }

    /// The printed and PDF page a printed line of a document is on: the page whose
    /// text holds it, or else where such lines are printed, the document's first page
    /// (red header, 主送) or its last (signature, date, 附件, 抄送/印发).
    pub(super) fn line_page(
        &self,
        conn: &Connection,
        d: &SearchDocument,
        line: &PrintedLine,
    ) -> Result<(Option<u32>, u32)> {
        let length = match (d.start_page, d.end_page) {
            (Some(start), Some(end)) if end >= start => end - start,
            _ => 0,
        };
        let last_pdf_page = d.start_pdf_page + length;
        let tail = line.part.is_tail();
        if let Some(found) = store::page_printing(
            conn,
            d.issue.issue_id,
            (d.start_pdf_page, last_pdf_page),
            &line.text,
            tail,
        )? {
            return Ok(found);
        }
        Ok(if tail {
            (d.end_page.or(d.start_page), last_pdf_page)
        } else {
            (d.start_page, d.start_pdf_page)
        })
    }
}

/// Where a document's units lie in a segment (see `schema::Fields`).
struct Spans {
    place: Column<u64>,
    units: Column<u64>,
    document_id: Column<u64>,
}

impl Spans {
    fn of(reader: &SegmentReader) -> tantivy::Result<Spans> {
        let fast = reader.fast_fields();
        Ok(Spans {
            place: fast.u64("place")?,
            units: fast.u64("units")?,
            document_id: fast.u64("document_id")?,
        })
    }

    /// The span of units [start, end) of the document that unit `doc` belongs to.
    fn document_of(&self, doc: DocId) -> (DocId, DocId) {
        let place = self.place.first(doc).unwrap_or(0) as DocId;
        let units = self.units.first(doc).unwrap_or(1) as DocId;
        let start = doc.saturating_sub(place);
        (start, start.saturating_add(units.max(1)))
    }

    fn document_id(&self, doc: DocId) -> u64 {
        self.document_id.first(doc).unwrap_or(u64::MAX)
    }
}

/// Moves `hits` to its first unit at or after `target`, never backwards.
fn reach(hits: &mut dyn Scorer, target: DocId) -> DocId {
    if hits.doc() < target {
        hits.seek(target)
    } else {
        hits.doc()
    }
}
