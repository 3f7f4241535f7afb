//! A parsed query through the index: the index queries each term becomes, one page
//! of hits from each source (documents' own lines, clauses, and documents holding the
//! terms across their parts) without counting every match, the exact count on its
//! own, and each shown candidate verified by the query's own matcher against the
//! stored text.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rusqlite::Connection;
use tantivy::query::{
    BooleanQuery, ConstScoreQuery, EnableScoring, Occur, Query as IndexQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, Searcher, Term};

use super::collect::{DocumentSet, Ids, Ranked};
use super::conjunction::{runs_of, AllRuns};
use super::filter::allowed_documents;
use super::SearchIndex;
use crate::error::Result;
use crate::search::{
    snippet, MatchField, Placed, Query, QueryTerm, SearchHit, SearchOptions, SearchResults,
    TermKind, Total,
};
use crate::store::{self, ClauseHit, SearchDocument};

/// Added to a document whose 文号 is exactly the one searched for.
pub(super) const EXACT_NUMBER_BOOST: f32 = 1000.0;

/// A source whose hits may be more than this many units lists them in index order
/// (the order of import) instead of by relevance: ranking them would mean scoring
/// every one before showing the first, tens of milliseconds for the commonest
/// phrases of a large archive, while the first page in index order is found as
/// soon as it is reached. Below it, scoring every hit takes about a millisecond.
const BROAD_HITS: u64 = 10_000;

/// What one source of hits found for a page: its hits in order (as many as the page
/// needs, or all of them), and whether that is all it has.
pub(super) struct Found {
    pub(super) placed: Vec<Placed>,
    pub(super) exhausted: bool,
}

/// Where a hit found by the index sits in the order of its source: tantivy breaks
/// ties of score by ascending address, and so does the merged order.
pub(super) fn address_order(address: DocAddress) -> u64 {
    (u64::from(address.segment_ord) << 32) | u64::from(address.doc_id)
}

impl SearchIndex {
    /// One page of a search (`options.offset`, `options.limit`), among the documents
    /// `only` when given, with an estimate of the total unless every source ran out
    /// within the page (then the total is exact). The database connection supplies
    /// the clause texts.
    pub fn search(
        &self,
        conn: &Connection,
        query: &Query,
        typed: &str,
        options: &SearchOptions,
        only: Option<&HashSet<i64>>,
    ) -> Result<SearchResults> {
        let allowed = allowed_documents(conn, options, only)?;
        let searcher = self.reader.searcher();
        // A page is cut from the first offset + limit hits of every source merged.
        let wanted = options.offset.saturating_add(options.limit);
        let documents = self.search_documents(conn, &searcher, query, &allowed, wanted)?;
        // Documents whose own lines match rank before every clause: when they fill
        // the page, no clause can be on it, and a phrase the clauses lack (a 主送
        // fragment) is not looked for through every clause that holds its bigrams.
        let clauses = if documents.placed.len() >= wanted {
            Found {
                placed: Vec::new(),
                exhausted: false,
            }
        } else {
            self.search_clauses(conn, &searcher, query, &allowed, wanted)?
        };
        let units = documents.placed.len() + clauses.placed.len();
        let mut exhausted = documents.exhausted && clauses.exhausted;
        let mut placed = documents.placed;
        placed.extend(clauses.placed);
        // Documents holding the terms across parts rank last: they are needed only
        // when the hits of single units do not fill the page, and then every unit hit
        // is at hand to tell which documents already have one.
        if exhausted && units < wanted && query.include.len() > 1 {
            let hit: DocumentSet = placed.iter().map(|p| p.hit.document_id as u64).collect();
            let spread =
                self.search_spread(conn, &searcher, query, &allowed, &hit, wanted - units)?;
            exhausted = spread.exhausted;
            placed.extend(spread.placed);
        }
        let total = if exhausted {
            Total {
                count: placed.len() as u64,
                exact: true,
            }
        } else {
            Total {
                count: self.estimate(&searcher, query).max(placed.len() as u64),
                exact: false,
            }
        };
        Ok(SearchResults::new(
            typed,
            total,
            placed,
            options.offset,
            options.limit,
        ))
    }

    /// The exact number of hits of a search (every page together).
    pub fn count(
        &self,
        conn: &Connection,
        query: &Query,
        options: &SearchOptions,
        only: Option<&HashSet<i64>>,
    ) -> Result<u64> {
        if !is_exact(query) {
            // Candidates of a 文号 are all verified anyway: one page of everything.
            let all = SearchOptions {
                offset: 0,
                limit: usize::MAX,
                ..options.clone()
            };
            return Ok(self.search(conn, query, "", &all, only)?.total);
        }
        let allowed = allowed_documents(conn, options, only)?;
        let searcher = self.reader.searcher();
        let documents = self.document_query(&searcher, query);
        let clauses = self.clause_query(&searcher, query);
        if query.include.len() <= 1 {
            // A term of one or two characters is one list, counted from its length;
            // a longer one is a phrase, whose every candidate has its positions
            // checked, on every core.
            let phrase = query.include.iter().any(|t| t.chars.len() > 2);
            let count = |q: &dyn IndexQuery| {
                if phrase {
                    self.count_on_all_cores(&searcher, q, &allowed)
                } else {
                    self.count_hits(&searcher, q, &allowed)
                }
            };
            return Ok(count(&documents)? + count(clauses.as_ref())?);
        }
        // Documents with a hit of their own are not counted again as holding the
        // terms across their parts; the pass that counts the hits finds them.
        let (own, mut hit) = self.count_with_documents(&searcher, &documents, &allowed)?;
        let (in_clauses, clause_documents) =
            self.count_with_documents(&searcher, clauses.as_ref(), &allowed)?;
        hit.union_with(&clause_documents);
        let across = self.spread_candidates(&searcher, query, &allowed, &hit, None)?;
        Ok(own + in_clauses + across.len() as u64)
    }

    /// An upper bound of the number of hits, from the index's term statistics alone:
    /// a unit holding a term holds each of its bigrams.
    fn estimate(&self, searcher: &Searcher, query: &Query) -> u64 {
        let f = self.fields;
        units_bound(searcher, query, f.text, f.chars)
            + units_bound(searcher, query, f.title, f.title_chars)
    }

    /// The index query for documents whose own printed lines hold every term.
    fn document_query(&self, searcher: &Searcher, query: &Query) -> BooleanQuery {
        let f = self.fields;
        let mut clauses: Vec<(Occur, Box<dyn IndexQuery>)> = Vec::new();
        if !query.include.is_empty() {
            clauses.push((
                Occur::Must,
                all_terms_query(searcher, &query.include, f.title, f.title_chars),
            ));
        }
        for term in &query.include {
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
            clauses.push((
                Occur::MustNot,
                term_query(searcher, term, f.title, f.title_chars),
            ));
        }
        BooleanQuery::new(clauses)
    }

    /// The index query for clauses holding every term; a lone term is searched bare,
    /// so tantivy counts it from its document frequency and skips blocks that cannot
    /// reach the top.
    fn clause_query(&self, searcher: &Searcher, query: &Query) -> Box<dyn IndexQuery> {
        let f = self.fields;
        let mut clauses: Vec<(Occur, Box<dyn IndexQuery>)> = Vec::new();
        if !query.include.is_empty() {
            clauses.push((
                Occur::Must,
                all_terms_query(searcher, &query.include, f.text, f.chars),
            ));
        }
        for term in query.exclude.iter().filter(|t| t.kind == TermKind::Text) {
            clauses.push((Occur::MustNot, term_query(searcher, term, f.text, f.chars)));
        }
        match clauses.len() {
            1 => clauses.remove(0).1,
            _ => Box::new(BooleanQuery::new(clauses)),
        }
    }

    /// Documents whose own printed lines (title, 文号, red header, 主送, signatories,
    /// date, 附件, 抄送/印发) match. Text terms are exact in the index, so only the
    /// shown documents are checked; a 文号 is only a candidate (its brackets may
    /// differ), so then every candidate is checked.
    pub(super) fn search_documents(
        &self,
        conn: &Connection,
        searcher: &Searcher,
        query: &Query,
        allowed: &Option<Arc<Vec<bool>>>,
        wanted: usize,
    ) -> Result<Found> {
        let index_query = self.document_query(searcher, query);
        let exact = is_exact(query);
        let f = self.fields;
        let candidates = if !exact {
            self.collect_all(searcher, &index_query, allowed)?
        } else if units_bound(searcher, query, f.title, f.title_chars) > BROAD_HITS {
            self.first(searcher, &index_query, allowed, wanted)?
        } else {
            self.top(searcher, &index_query, allowed, wanted)?
        };
        let exhausted = !exact || candidates.len() < wanted;
        let ids = Ids::new(searcher, &self.columns, "document_id")?;
        let mut placed = Vec::new();
        for (score, address) in candidates {
            let id = ids.get(address)?;
            let verified = store::search_document(conn, id)?.filter(|d| {
                let mut own = vec![d.title.as_str(), d.doc_number.as_deref().unwrap_or("")];
                own.extend(d.printed.iter().map(|l| l.text.as_str()));
                query.matches(&own)
            });
            let Some(d) = verified else {
                continue;
            };
            let hit = self.document_hit(conn, query, id, &d, score)?;
            placed.push(Placed::new(hit, address_order(address)));
        }
        Ok(Found { placed, exhausted })
    }

    /// A document whose own lines matched: the title and 文号, then each printed line
    /// holding a term, shown; the hit points to the first line that holds one.
    fn document_hit(
        &self,
        conn: &Connection,
        query: &Query,
        id: i64,
        d: &SearchDocument,
        score: f32,
    ) -> Result<SearchHit> {
        let mut shown = match &d.doc_number {
            Some(n) => format!("{}　{n}", d.title),
            None => d.title.clone(),
        };
        let holds_term = |text: &str| query.include.iter().any(|t| t.occurs_in(text));
        let in_title = holds_term(&shown);
        let lines: Vec<_> = d.printed.iter().filter(|l| holds_term(&l.text)).collect();
        for line in &lines {
            shown.push('\n');
            shown.push_str(&line.text);
        }
        let (page, pdf_page, part) = match lines.first() {
            Some(line) if !in_title => {
                let (page, pdf_page) = self.line_page(conn, d, line)?;
                (page, Some(pdf_page), Some(line.part))
            }
            _ => (d.start_page, Some(d.start_pdf_page), None),
        };
        let (snippet, highlights) = snippet(query, &shown);
        Ok(SearchHit {
            part,
            page,
            pdf_page,
            matched: MatchField::Title,
            snippet,
            highlights,
            score,
            ..self.hit_base(id, d)
        })
    }

    /// Clauses that contain every term, clauses whose heading matches first. Checked
    /// like [`SearchIndex::search_documents`].
    pub(super) fn search_clauses(
        &self,
        conn: &Connection,
        searcher: &Searcher,
        query: &Query,
        allowed: &Option<Arc<Vec<bool>>>,
        wanted: usize,
    ) -> Result<Found> {
        let f = self.fields;
        let headings: Vec<(Occur, Box<dyn IndexQuery>)> = query
            .include
            .iter()
            .filter(|t| t.kind == TermKind::Text)
            .map(|t| {
                (
                    Occur::Should,
                    term_query(searcher, t, f.heading, f.heading_chars),
                )
            })
            .collect();
        let main = self.clause_query(searcher, query);
        let exact = is_exact(query);
        let broad = exact && units_bound(searcher, query, f.text, f.chars) > BROAD_HITS;
        let (candidates, exhausted) = if broad {
            let first = self.first(searcher, main.as_ref(), allowed, wanted)?;
            let exhausted = first.len() < wanted;
            (
                first.into_iter().map(|(s, a)| (s, a, true)).collect(),
                exhausted,
            )
        } else if exact {
            // Heading hits are found without running the main query a second time
            // (tantivy would walk every position of a common phrase again): a lone
            // term found in a heading is a hit as it stands, since the text field
            // holds the heading too; with more terms, the one pass over the main
            // query keeps aside its hits among the clauses whose heading matches.
            let (top, heading_top) = match headings.len() {
                0 => (
                    self.top(searcher, main.as_ref(), allowed, wanted)?,
                    Vec::new(),
                ),
                1 if query.include.len() == 1 && query.exclude.is_empty() => (
                    self.top(searcher, main.as_ref(), allowed, wanted)?,
                    self.top(searcher, headings[0].1.as_ref(), allowed, wanted)?,
                ),
                _ => {
                    let in_heading = BooleanQuery::new(headings)
                        .weight(EnableScoring::disabled_from_searcher(searcher))?;
                    self.top_and_among(
                        searcher,
                        main.as_ref(),
                        allowed,
                        wanted,
                        Arc::from(in_heading),
                    )?
                }
            };
            let exhausted = top.len() < wanted;
            // A clause whose heading matches ranks by its heading list alone: found
            // only in the main list it is left for a later page, where the heading
            // list reaches it, so that every page is cut from one order.
            let in_heading: HashSet<DocAddress> = heading_top.iter().map(|(_, a)| *a).collect();
            let mut candidates: Vec<(f32, DocAddress, bool)> =
                heading_top.into_iter().map(|(s, a)| (s, a, true)).collect();
            candidates.extend(
                top.into_iter()
                    .filter(|(_, a)| !in_heading.contains(a))
                    .map(|(s, a)| (s, a, false)),
            );
            (candidates, exhausted)
        } else {
            let all: Ranked = self.collect_all(searcher, main.as_ref(), allowed)?;
            (all.into_iter().map(|(s, a)| (s, a, true)).collect(), true)
        };

        let ids = Ids::new(searcher, &self.columns, "clause_id")?;
        let mut placed = Vec::new();
        // Clauses on one page are often of one document: each is read once.
        let mut documents: HashMap<i64, Option<SearchDocument>> = HashMap::new();
        for (score, address, may_be_heading) in candidates {
            let clause_id = ids.get(address)?;
            let row = store::clause_hit(conn, clause_id)?;
            let verified = row.filter(|c| {
                query.matches(&[&c.label, c.heading.as_deref().unwrap_or(""), &c.text])
            });
            let Some(clause) = verified else {
                continue;
            };
            let d = match documents.entry(clause.document_id) {
                Entry::Occupied(known) => known.into_mut(),
                Entry::Vacant(new) => new.insert(store::search_document(conn, clause.document_id)?),
            };
            let Some(d) = d else {
                continue;
            };
            let hit = self.clause_hit(query, clause_id, clause, d, score);
            if hit.matched == MatchField::Heading && !may_be_heading {
                continue;
            }
            let at = address_order(address);
            placed.push(if broad {
                Placed::in_index_order(hit, at)
            } else {
                Placed::new(hit, at)
            });
        }
        Ok(Found { placed, exhausted })
    }

    /// A clause as a hit: its label, heading and text shown as one, as printed, so a
    /// match in the label or the heading is visible.
    pub(super) fn clause_hit(
        &self,
        query: &Query,
        clause_id: i64,
        clause: ClauseHit,
        d: &SearchDocument,
        score: f32,
    ) -> SearchHit {
        let ClauseHit {
            document_id,
            path,
            label,
            heading,
            text,
            page,
            pdf_page,
        } = clause;
        let head = printed_head(&label, heading.as_deref());
        let in_heading = query.include.iter().any(|t| t.occurs_in(&head));
        let shown = match (head.is_empty(), text.is_empty()) {
            (true, _) => text,
            (false, true) => head,
            (false, false) => format!("{head}\n{text}"),
        };
        let (snippet, highlights) = snippet(query, &shown);
        SearchHit {
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
        }
    }

    pub(super) fn hit_base(&self, document_id: i64, d: &SearchDocument) -> SearchHit {
        SearchHit {
            document_id,
            issue: d.issue.clone(),
            clause_id: None,
            doc_number: d.doc_number.clone(),
            title: d.title.clone(),
            office: d.office.clone(),
            date: d.date.clone(),
            clause_path: None,
            heading: None,
            part: None,
            page: None,
            pdf_page: None,
            matched: MatchField::Text,
            snippet: String::new(),
            highlights: Vec::new(),
            spread: Vec::new(),
            score: 0.0,
        }
    }
}

/// A clause's label and heading as printed before its text.
pub(super) fn printed_head(label: &str, heading: Option<&str>) -> String {
    [label, heading.unwrap_or("")]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\u{3000}")
}

/// Whether every term is matched exactly by the index, so that only shown hits need
/// checking; a 文号 is matched on its parts and needs every candidate checked.
pub(super) fn is_exact(query: &Query) -> bool {
    query
        .include
        .iter()
        .chain(&query.exclude)
        .all(|t| t.kind == TermKind::Text)
}

/// The most units of a field that can hold every term of `query`: the fewest that hold
/// its rarest term.
fn units_bound(searcher: &Searcher, query: &Query, bigrams: Field, chars: Field) -> u64 {
    query
        .include
        .iter()
        .map(|t| term_bound(searcher, t, bigrams, chars))
        .min()
        .unwrap_or(0)
}

/// The fewest units of a field any part of `term` can be in: the document frequency of
/// its rarest character or bigram.
fn term_bound(searcher: &Searcher, term: &QueryTerm, bigrams: Field, chars: Field) -> u64 {
    let frequency = |field: Field, text: String| {
        searcher
            .doc_freq(&Term::from_field_text(field, &text))
            .unwrap_or(u64::MAX)
    };
    term.parts()
        .iter()
        .map(|part| match part.len() {
            0 => 0,
            1 => frequency(chars, part.iter().collect()),
            n => (0..n - 1)
                .map(|at| frequency(bigrams, part[at..at + 2].iter().collect()))
                .min()
                .unwrap_or(0),
        })
        .min()
        .unwrap_or(0)
}

/// A term in one field: every part of it must be there (a text term has one part).
pub(super) fn term_query(
    searcher: &Searcher,
    term: &QueryTerm,
    bigrams: Field,
    chars: Field,
) -> Box<dyn IndexQuery> {
    all_terms_query(searcher, std::slice::from_ref(term), bigrams, chars)
}

/// Every part of every term in one field, walked together. A lone run is its own query
/// (a lone bigram stays tantivy's: it is then counted from its document frequency,
/// and top lists skip blocks that cannot reach the top).
fn all_terms_query(
    searcher: &Searcher,
    terms: &[QueryTerm],
    bigrams: Field,
    chars: Field,
) -> Box<dyn IndexQuery> {
    let mut runs = runs_of(searcher, terms, bigrams, chars);
    if runs.len() == 1 {
        return runs.remove(0).query();
    }
    Box::new(AllRuns::new(runs))
}
