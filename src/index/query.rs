//! A parsed query through the index: the index queries each term becomes, candidate
//! documents and clauses, and each candidate verified by the query's own matcher
//! against the stored text before it is counted or shown.

use std::collections::HashSet;
use std::sync::Arc;

use rusqlite::Connection;
use tantivy::collector::DocSetCollector;
use tantivy::query::{
    BooleanQuery, ConstScoreQuery, Occur, PhraseQuery, Query as IndexQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Searcher, Term};

use super::catalog::allowed_documents;
use super::collect::{Ids, Ranked};
use super::schema::Fields;
use super::SearchIndex;
use crate::error::Result;
use crate::search::{
    snippet, MatchField, Query, QueryTerm, SearchHit, SearchOptions, SearchResults, TermKind,
};
use crate::store::{self, ClauseHit, SearchDocument};

/// Added to the score of a clause whose heading matches, so it ranks above every clause
/// that matches only in its text (BM25 scores stay far below this).
pub(super) const HEADING_BOOST: f32 = 1000.0;

/// Added to a document whose 文号 is exactly the one searched for.
pub(super) const EXACT_NUMBER_BOOST: f32 = 1000.0;

impl SearchIndex {
    /// Runs a search, among the documents `only` when given: candidates from the
    /// index, each shown hit checked against the stored text. The database connection
    /// supplies the clause texts.
    pub fn search(
        &self,
        conn: &Connection,
        query: &Query,
        typed: &str,
        options: &SearchOptions,
        only: Option<&HashSet<i64>>,
    ) -> Result<SearchResults> {
        let allowed = allowed_documents(&self.catalog, options, only);
        let searcher = self.reader.searcher();
        let limit = options.limit;
        let (document_total, mut hits) =
            self.search_documents(&searcher, query, &allowed, limit)?;
        let (clause_total, clause_hits) =
            self.search_clauses(conn, &searcher, query, &allowed, limit)?;
        hits.extend(clause_hits);
        Ok(SearchResults::new(
            typed,
            document_total + clause_total,
            hits,
            limit,
        ))
    }

    /// Documents whose own printed lines (title, 文号, red header, 主送, signatories,
    /// date, 附件, 抄送/印发) match. Text terms are exact in the index, so
    /// only the shown documents are checked; a 文号 is only a candidate (its brackets
    /// may differ), so then every candidate is checked and counted.
    pub(super) fn search_documents(
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
            let verified = self.catalog.get(&id).filter(|d| {
                let mut own = vec![d.title.as_str(), d.doc_number.as_deref().unwrap_or("")];
                own.extend(d.printed.iter().map(String::as_str));
                query.matches(&own)
            });
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
            let mut shown = match &d.doc_number {
                Some(n) => format!("{}　{n}", d.title),
                None => d.title.clone(),
            };
            // The printed lines holding a term follow, so the snippet shows the match.
            for line in d
                .printed
                .iter()
                .filter(|l| query.include.iter().any(|t| t.occurs_in(l)))
            {
                shown.push('\n');
                shown.push_str(line);
            }
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
    pub(super) fn search_clauses(
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
        let mut hits = Vec::new();
        for (score, address) in candidates {
            // Exact results are complete once the shown hits are built.
            if exact && hits.len() >= limit {
                break;
            }
            let clause_id = ids.get(address)?;
            let row = store::clause_hit(conn, clause_id)?;
            let verified = row.filter(|c| {
                query.matches(&[&c.label, c.heading.as_deref().unwrap_or(""), &c.text])
            });
            let Some(ClauseHit {
                document_id,
                path,
                label,
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
            // The label, the heading and the text are shown as one, as printed, so a
            // match in the label or the heading is visible.
            let head: Vec<&str> = [label.as_str(), heading.as_deref().unwrap_or("")]
                .into_iter()
                .filter(|p| !p.is_empty())
                .collect();
            let head = head.join("\u{3000}");
            let in_heading = query.include.iter().any(|t| t.occurs_in(&head));
            let shown = match (head.is_empty(), text.is_empty()) {
                (true, _) => text,
                (false, true) => head,
                (false, false) => format!("{head}\n{text}"),
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
            page: None,
            pdf_page: None,
            matched: MatchField::Text,
            snippet: String::new(),
            highlights: Vec::new(),
            score: 0.0,
        }
    }
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
