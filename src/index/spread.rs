//! Documents that hold every term of a query across their parts (one term in a clause,
//! another in the next, or in the 主送 line) though no single clause or line holds them
//! all: candidates from the index (the documents holding each term, intersected),
//! each verified against the whole stored document, shown with the places that hold
//! the terms; and the page a printed line outside the clauses is on.

use std::sync::Arc;

use rusqlite::Connection;
use tantivy::columnar::Column;
use tantivy::{DocAddress, DocId, DocSet, Searcher, SegmentReader, TERMINATED};

use super::collect::{allows, Columns, DocumentSet, Ids};
use super::conjunction::{runs_of, AllRuns, AllRunsScorer};
use super::query::{address_order, is_exact, printed_head, Found};
use super::SearchIndex;
use crate::error::Result;
use crate::search::{
    snippet, MatchField, Placed, Query, QueryTerm, SearchHit, TermKind, TermPlace,
};
use crate::store::{self, ClauseHit, PrintedLine, SearchDocument};

/// A part of a document that may hold terms, in printed order.
#[derive(Clone)]
struct Part<'a> {
    text: String,
    clause: Option<(i64, &'a ClauseHit)>,
    line: Option<&'a PrintedLine>,
}

impl Part<'_> {
    /// Whether both are the same part of the document (the title, one clause, or
    /// one printed line), whatever their texts.
    fn is(&self, other: &Part) -> bool {
        match (self.clause, other.clause) {
            (Some((mine, _)), Some((theirs, _))) => mine == theirs,
            (None, None) => match (self.line, other.line) {
                (Some(mine), Some(theirs)) => std::ptr::eq(mine, theirs),
                (mine, theirs) => mine.is_none() && theirs.is_none(),
            },
            _ => false,
        }
    }
}

/// A document the index says holds every term across its parts.
pub(super) struct Candidate {
    id: u64,
    /// Its first unit.
    address: DocAddress,
    /// For each included term in the query's order, where in the document it is.
    found: Vec<TermUnits>,
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
        let clause_ids = Ids::new(searcher, &self.columns, "clause_id")?;
        let mut placed = Vec::new();
        for candidate in candidates {
            if placed.len() >= wanted {
                return Ok(Found {
                    placed,
                    exhausted: false,
                });
            }
            let id = candidate.id as i64;
            let Some(d) = store::search_document(conn, id)? else {
                continue;
            };
            // Where the index matches exactly, the parts it found the terms in will do.
            let indexed = if limit.is_some() {
                self.spread_hit_at(conn, query, id, &d, &candidate.found, &clause_ids)?
            } else {
                None
            };
            let hit = match indexed {
                Some(hit) => Some(hit),
                None => self.spread_hit(conn, query, id, &d)?,
            };
            if let Some(hit) = hit {
                placed.push(Placed::new(hit, address_order(candidate.address)));
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
    ) -> Result<Vec<Candidate>> {
        let f = self.fields;
        let anywhere = |term: &QueryTerm| -> [AllRuns; 2] {
            let term = std::slice::from_ref(term);
            [
                AllRuns::new(runs_of(searcher, term, f.text, f.chars)),
                AllRuns::new(runs_of(searcher, term, f.title, f.title_chars)),
            ]
        };
        let included: Vec<_> = query.include.iter().map(anywhere).collect();
        let excluded: Vec<_> = query
            .exclude
            .iter()
            .filter(|t| t.kind == TermKind::Text)
            .map(anywhere)
            .collect();
        let mut found = Vec::new();
        if included.is_empty() {
            return Ok(found);
        }
        for (segment, reader) in searcher.segment_readers().iter().enumerate() {
            let spans = Spans::of(reader, &self.columns)?;
            // Each term with its place in the query, rarest first.
            let mut terms = included
                .iter()
                .enumerate()
                .map(|(i, w)| Ok((i, Anywhere::of(w, reader)?)))
                .collect::<tantivy::Result<Vec<_>>>()?;
            terms.sort_by_key(|(_, t)| t.size_hint());
            let mut exclusions = excluded
                .iter()
                .map(|w| Anywhere::of(w, reader))
                .collect::<tantivy::Result<Vec<_>>>()?;
            let (rarest, others) = terms.split_at_mut(1);
            let (rarest_place, rarest) = &mut rarest[0];
            // Each term's next hit in the clauses and in the documents' own units.
            let mut units = vec![[TERMINATED; 2]; included.len()];
            let mut next = rarest.reach(0, TERMINATED);
            while next != TERMINATED {
                let (start, end) = spans.document_of(next);
                units[*rarest_place] = rarest.reach_each(start, end);
                // Where the walk goes on: past this document, or to the document
                // where a term missing from this one turns up next.
                let mut missing = None;
                for (place, term) in others.iter_mut() {
                    let each = term.reach_each(start, end);
                    let at = each[0].min(each[1]);
                    if at >= end {
                        missing = Some(at);
                        break;
                    }
                    units[*place] = each;
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
                        && !exclusions.iter_mut().any(|x| x.reach(start, end) < end);
                    if shown {
                        let at = |unit| DocAddress::new(segment as u32, unit);
                        found.push(Candidate {
                            id,
                            address: at(start),
                            found: units
                                .iter()
                                .map(|&[clause, own]| TermUnits {
                                    clause: (clause < end).then(|| at(clause)),
                                    own: own < end,
                                })
                                .collect(),
                        });
                        if limit.is_some_and(|l| found.len() >= l) {
                            return Ok(found);
                        }
                    }
                }
                if resume == TERMINATED {
                    break;
                }
                next = rarest.reach(resume, TERMINATED);
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
        let (head, tail) = own_parts(d);
        // The title, 文号 and printed lines are one unit, as they are in the index.
        let own_lines: Vec<&str> = head.iter().chain(&tail).map(|p| p.text.as_str()).collect();
        let one_part_holds_all = query.matches(&own_lines)
            || clauses.iter().any(|(_, c)| {
                query.matches(&[&c.label, c.heading.as_deref().unwrap_or(""), &c.text])
            });
        let mut parts = head;
        parts.extend(
            clauses
                .iter()
                .map(|(clause_id, c)| clause_part(*clause_id, c)),
        );
        parts.extend(tail);
        let texts: Vec<&str> = parts.iter().map(|p| p.text.as_str()).collect();
        if one_part_holds_all || !query.matches(&texts) {
            return Ok(None);
        }
        let holding: Vec<&Part> = query
            .include
            .iter()
            .filter_map(|term| parts.iter().find(|p| term.occurs_in(&p.text)))
            .collect();
        self.spread_result(conn, query, id, d, &holding).map(Some)
    }

    /// The same hit as [`SearchIndex::spread_hit`] gives, for a query the index matches
    /// exactly, reading only the clauses where the index found each term: the walk
    /// has already ruled out the excluded terms and the documents with a unit that
    /// holds every term. None when a term is not in its part as stored (the index
    /// reads across the line breaks between a label, a heading and the text), so
    /// that the whole document is checked.
    fn spread_hit_at(
        &self,
        conn: &Connection,
        query: &Query,
        id: i64,
        d: &SearchDocument,
        found: &[TermUnits],
        clause_ids: &Ids,
    ) -> Result<Option<SearchHit>> {
        let clause_of_term = found
            .iter()
            .map(|f| f.clause.map(|unit| clause_ids.get(unit)).transpose())
            .collect::<Result<Vec<Option<i64>>>>()?;
        let mut clauses: Vec<(i64, ClauseHit)> = Vec::new();
        for &clause_id in clause_of_term.iter().flatten() {
            if clauses.iter().all(|(known, _)| *known != clause_id) {
                let Some(clause) = store::clause_hit(conn, clause_id)? else {
                    return Ok(None);
                };
                clauses.push((clause_id, clause));
            }
        }
        let (head, tail) = own_parts(d);
        let mut holding: Vec<Part> = Vec::new();
        for ((term, found), clause_id) in query.include.iter().zip(found).zip(&clause_of_term) {
            let holds = |p: &Part| term.occurs_in(&p.text);
            let own = |before_clauses: bool| {
                let lines = if before_clauses { &head } else { &tail };
                found
                    .own
                    .then(|| lines.iter().find(|p| holds(p)).cloned())?
            };
            let in_clause = || {
                let (known, clause) = clauses
                    .iter()
                    .find(|(known, _)| Some(*known) == *clause_id)?;
                Some(clause_part(*known, clause)).filter(holds)
            };
            // In printed order: the lines before the clauses, the clause, the lines after.
            let Some(part) = own(true).or_else(in_clause).or_else(|| own(false)) else {
                return Ok(None);
            };
            holding.push(part);
        }
        let holding: Vec<&Part> = holding.iter().collect();
        self.spread_result(conn, query, id, d, &holding).map(Some)
    }

    /// A document hit showing each part that holds a term, once each, in page order.
    fn spread_result(
        &self,
        conn: &Connection,
        query: &Query,
        id: i64,
        d: &SearchDocument,
        holding: &[&Part],
    ) -> Result<SearchHit> {
        let mut spread: Vec<TermPlace> = Vec::new();
        for (at, part) in holding.iter().enumerate() {
            if holding[..at].iter().any(|earlier| earlier.is(part)) {
                continue;
            }
            spread.push(self.place(conn, query, d, part)?);
        }
        spread.sort_by_key(|p| p.pdf_page);
        let first = spread.first().cloned();
        Ok(SearchHit {
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
        })
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

/// A document's own parts, each as printed: the title with its 文号 and the lines
/// printed before the clauses (red header, 主送); and the lines printed after them.
fn own_parts(d: &SearchDocument) -> (Vec<Part<'_>>, Vec<Part<'_>>) {
    let own = match &d.doc_number {
        Some(n) => format!("{}　{n}", d.title),
        None => d.title.clone(),
    };
    fn line(l: &PrintedLine) -> Part<'_> {
        Part {
            text: l.text.clone(),
            clause: None,
            line: Some(l),
        }
    }
    let (tail, head): (Vec<&PrintedLine>, Vec<&PrintedLine>) =
        d.printed.iter().partition(|l| l.part.is_tail());
    let title = Part {
        text: own,
        clause: None,
        line: None,
    };
    let head = std::iter::once(title)
        .chain(head.into_iter().map(line))
        .collect();
    (head, tail.into_iter().map(line).collect())
}

/// A clause as a part: its label and heading on a line above its text.
fn clause_part(id: i64, c: &ClauseHit) -> Part<'_> {
    let head = printed_head(&c.label, c.heading.as_deref());
    Part {
        text: format!("{head}\n{}", c.text),
        clause: Some((id, c)),
        line: None,
    }
}

/// Where the index found a term in a document: the first clause holding it, and
/// whether the document's own unit (title, 文号 and printed lines) does.
#[derive(Debug, Clone, Copy)]
pub(super) struct TermUnits {
    clause: Option<DocAddress>,
    own: bool,
}

/// Where a document's units lie in a segment (see `schema::Fields`).
struct Spans {
    place: Column<u64>,
    units: Column<u64>,
    document_id: Column<u64>,
}

impl Spans {
    fn of(reader: &SegmentReader, columns: &Columns) -> tantivy::Result<Spans> {
        Ok(Spans {
            place: columns.get(reader, "place")?,
            units: columns.get(reader, "units")?,
            document_id: columns.get(reader, "document_id")?,
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

/// A term's hits in a segment: in the clause texts and in the documents' own lines,
/// walked side by side. Tantivy's union of the two would, at every seek, read ahead
/// through the next few thousand units of each, and for a phrase check the positions
/// in every one of them; the walk only ever needs the next hit, and within one
/// document at a time.
struct Anywhere {
    fields: [Option<AllRunsScorer>; 2],
}

impl Anywhere {
    fn of(runs: &[AllRuns; 2], reader: &SegmentReader) -> tantivy::Result<Anywhere> {
        Ok(Anywhere {
            fields: [runs[0].walk(reader)?, runs[1].walk(reader)?],
        })
    }

    /// The first hit at or after `target`, never backwards, looked for up to `end`
    /// (see [`AllRunsScorer::reach`]).
    fn reach(&mut self, target: DocId, end: DocId) -> DocId {
        let [text, own] = self.reach_each(target, end);
        text.min(own)
    }

    /// [`Anywhere::reach`] in each field: the clause text's and the own unit's.
    fn reach_each(&mut self, target: DocId, end: DocId) -> [DocId; 2] {
        self.fields.each_mut().map(|hits| match hits {
            Some(hits) => hits.reach(target, end),
            None => TERMINATED,
        })
    }

    fn size_hint(&self) -> u32 {
        self.fields.iter().flatten().map(|f| f.size_hint()).sum()
    }
}
