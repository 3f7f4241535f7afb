//! What a search returns, as `gazette search` prints it in JSON and the app receives it:
//! hits (a clause, a document's own printed lines, or a document whose terms are
//! spread over several of its parts), their places, and the one order every page of
//! results is cut from.

use serde::{Deserialize, Serialize};

use crate::views::{ParentIssue, Status};

/// Where a hit matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum MatchField {
    /// The document's own printed lines (title, 文号, red header, 主送, signatories,
    /// date, 附件 titles, 抄送/印发): the hit is the document itself.
    Title,
    /// The clause's heading (and perhaps its text).
    Heading,
    /// The clause's text.
    Text,
    /// The document as a whole: it holds every term, but no one clause or line holds
    /// them all; [`SearchHit::spread`] says where each term is.
    Document,
}

/// A printed line of a document outside its title, 文号 and clauses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PrintedPart {
    /// The red header naming the office (聊城市人民政府文件).
    RedHeader,
    /// The 主送 line.
    Addressees,
    /// A signing office or person.
    Signature,
    /// The date as printed under the signature.
    Date,
    /// An 附件 title.
    Attachment,
    /// A 抄送 / 印发 line.
    Distribution,
}

impl PrintedPart {
    /// Whether the part is printed after the document's clauses (so its page is looked
    /// for from the document's end).
    pub fn is_tail(self) -> bool {
        !matches!(self, PrintedPart::RedHeader | PrintedPart::Addressees)
    }
}

/// A highlighted range of a snippet, in characters (Unicode scalar values) from the
/// snippet's start; `end` is exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Highlight {
    /// Start (character offset).
    pub start: usize,
    /// End (character offset, exclusive).
    pub end: usize,
}

/// One clause or printed line of a document that holds some of the terms of a
/// document-wide hit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TermPlace {
    /// Row id of the clause; None for a printed line outside the clauses.
    pub clause_id: Option<i64>,
    /// The clause path; None for a printed line.
    pub clause_path: Option<String>,
    /// Which printed line, when it is not a clause (None for the title and 文号 too).
    pub part: Option<PrintedPart>,
    /// Printed page.
    pub page: Option<u32>,
    /// 1-based PDF page.
    pub pdf_page: Option<u32>,
    /// Text around the terms it holds.
    pub snippet: String,
    /// Matched ranges in the snippet (character offsets).
    pub highlights: Vec<Highlight>,
}

/// One hit: a clause, or (with `clause_id` null) a document whose own printed lines
/// matched or that holds every term across its parts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SearchHit {
    /// Row id of the document.
    pub document_id: i64,
    #[serde(flatten)]
    /// Its issue.
    pub issue: ParentIssue,
    /// Row id of the clause, None for a document hit.
    pub clause_id: Option<i64>,
    /// 文号 as printed, if the document has one.
    pub doc_number: Option<String>,
    /// Title.
    pub title: String,
    /// Issuing office.
    pub office: Option<String>,
    /// Date of issue (ISO), if printed.
    pub date: Option<String>,
    /// The clause path (`二/（一）/6`); null for a document hit.
    pub clause_path: Option<String>,
    /// Heading of the clause, if it has one.
    pub heading: Option<String>,
    /// The printed line outside the clauses that matched (主送, signature, date …);
    /// null for clause hits and for matches in the title or 文号.
    pub part: Option<PrintedPart>,
    /// Printed page of the match: the clause's, the matched line's, or the document's
    /// first page when the title or 文号 matched.
    pub page: Option<u32>,
    /// 1-based PDF page of the same.
    pub pdf_page: Option<u32>,
    /// Where the query matched.
    pub matched: MatchField,
    /// Text around the match.
    pub snippet: String,
    /// Matched ranges in the snippet (character offsets).
    pub highlights: Vec<Highlight>,
    /// For a document-wide hit, the clauses and lines that hold the terms, one for
    /// each term at least, in document order; empty otherwise.
    pub spread: Vec<TermPlace>,
    /// Relevance (higher first).
    pub score: f32,
}

/// The hits of one document, in rank order of its best hit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DocumentGroup {
    /// Row id of the document.
    pub document_id: i64,
    /// Row id of its issue.
    pub issue_id: i64,
    /// 文号 as printed, if the document has one.
    pub doc_number: Option<String>,
    /// Title.
    pub title: String,
    /// Indexes into [`SearchResults::hits`], best first.
    pub hits: Vec<usize>,
    /// The document's status today (filled in by the archive).
    #[serde(default)]
    pub status: Option<Status>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
/// What a search returns: one page of hits, and the same hits grouped by document.
pub struct SearchResults {
    /// The query as typed.
    pub query: String,
    /// How many hits there are in all, not only on this page: exact when
    /// `total_exact`, otherwise an estimate (the exact number is counted on request).
    pub total: u64,
    /// Whether `total` is exact.
    pub total_exact: bool,
    /// How many hits come before this page.
    pub offset: usize,
    /// One page of hits, at most `limit`: documents whose own printed lines matched
    /// first, then clauses whose heading matched, then clauses by relevance, then
    /// documents holding the terms across several parts.
    pub hits: Vec<SearchHit>,
    /// The hits grouped by document, in the order of their best hit.
    pub documents: Vec<DocumentGroup>,
}

/// A hit with its place in the order of all hits: its score, then where its source
/// found it (an index address, or a document order), so that every page is cut from
/// the same order and paging neither repeats nor skips a hit.
pub(crate) struct Placed {
    pub(crate) hit: SearchHit,
    /// What kind of hit it ranks as (see [`tier`]).
    pub(crate) tier: u8,
    pub(crate) at: u64,
}

impl Placed {
    /// A hit ranked by where it matched, then by its score.
    pub(crate) fn new(hit: SearchHit, at: u64) -> Placed {
        Placed {
            tier: tier(hit.matched),
            hit,
            at,
        }
    }

    /// A clause hit of a source listed in index order: ranked among the clauses by
    /// that order alone, wherever in the clause it matched, so that a longer page of
    /// the source only adds hits after those of a shorter one.
    pub(crate) fn in_index_order(hit: SearchHit, at: u64) -> Placed {
        Placed {
            tier: tier(MatchField::Text),
            hit,
            at,
        }
    }
}

/// How many hits there are in all.
pub(crate) struct Total {
    pub(crate) count: u64,
    pub(crate) exact: bool,
}

impl SearchResults {
    /// Orders `placed` best first, keeps the page from `offset` of at most `limit`
    /// hits, and groups them by document.
    pub(crate) fn new(
        query: &str,
        total: Total,
        mut placed: Vec<Placed>,
        offset: usize,
        limit: usize,
    ) -> SearchResults {
        placed.sort_by(|a, b| {
            b.tier
                .cmp(&a.tier)
                .then(b.hit.score.total_cmp(&a.hit.score))
                .then(a.at.cmp(&b.at))
        });
        let hits: Vec<SearchHit> = placed
            .into_iter()
            .skip(offset)
            .take(limit)
            .map(|p| p.hit)
            .collect();
        let mut documents: Vec<DocumentGroup> = Vec::new();
        for (i, hit) in hits.iter().enumerate() {
            match documents
                .iter_mut()
                .find(|g| g.document_id == hit.document_id)
            {
                Some(group) => group.hits.push(i),
                None => documents.push(DocumentGroup {
                    document_id: hit.document_id,
                    issue_id: hit.issue.issue_id,
                    doc_number: hit.doc_number.clone(),
                    title: hit.title.clone(),
                    hits: vec![i],
                    status: None,
                }),
            }
        }
        SearchResults {
            query: query.to_string(),
            total: total.count,
            total_exact: total.exact,
            offset,
            hits,
            documents,
        }
    }
}

fn tier(field: MatchField) -> u8 {
    match field {
        MatchField::Title => 3,
        MatchField::Heading => 2,
        MatchField::Text => 1,
        MatchField::Document => 0,
    }
}
