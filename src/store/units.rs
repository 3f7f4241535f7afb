//! The rows the search index is built from and shows: documents with their issue,
//! clause units, their counts, and a clause as a hit presents it. The index reads
//! the archive only through these. A document's clause rows are read here once, for
//! both the hits and the reader's clause tree.

use rusqlite::{Connection, OptionalExtension};

use super::from_json;
use crate::error::Result;
use crate::search::PrintedPart;
use crate::views::{ClauseView, ParentIssue};

/// A document as search shows, filters and indexes it.
pub struct SearchDocument {
    /// Row id.
    pub id: i64,
    /// Its issue.
    pub issue: ParentIssue,
    /// 文号 as printed, if the document has one.
    pub doc_number: Option<String>,
    /// The 文号 in its bracket-blind form ([`crate::docnum::key`]).
    pub doc_number_key: Option<String>,
    /// Title.
    pub title: String,
    /// Issuing office.
    pub office: Option<String>,
    /// Date of issue (ISO), if printed.
    pub date: Option<String>,
    /// 目录 section the document is listed under.
    pub section: Option<String>,
    /// Printed page the document starts on.
    pub start_page: Option<u32>,
    /// PDF page the document starts on (1-based).
    pub start_pdf_page: u32,
    /// Printed page the document ends on.
    pub end_page: Option<u32>,
    /// Its own printed lines outside its title, 文号 and clauses, in page order: red
    /// header, 主送, signatories, date as printed, 附件 titles, 抄送/印发.
    pub printed: Vec<PrintedLine>,
}

/// One printed line of a document outside its title, 文号 and clauses.
pub struct PrintedLine {
    /// Which line it is.
    pub part: PrintedPart,
    /// The line as printed.
    pub text: String,
}

/// A clause as the index holds it.
pub struct ClauseUnit {
    /// Row id of the clause.
    pub id: i64,
    /// Row id of its document.
    pub document_id: i64,
    /// Row id of its issue.
    pub issue_id: i64,
    /// Numbering label as printed (`第十二条`, `（十一）`), empty when none is printed.
    pub label: String,
    /// Heading of the clause, if it has one.
    pub heading: Option<String>,
    /// Clause text.
    pub text: String,
}

/// A clause as a search hit shows it.
pub struct ClauseHit {
    /// Row id of its document.
    pub document_id: i64,
    /// Clause path.
    pub path: String,
    /// Numbering label as printed, empty when none is printed.
    pub label: String,
    /// Heading of the clause, if it has one.
    pub heading: Option<String>,
    /// Clause text.
    pub text: String,
    /// Printed page.
    pub page: Option<u32>,
    /// PDF page (1-based).
    pub pdf_page: u32,
}

/// Every document, or those of one issue, by id.
pub fn search_documents(conn: &Connection, issue: Option<i64>) -> Result<Vec<SearchDocument>> {
    let only = if issue.is_some() {
        " WHERE d.issue_id = ?1"
    } else {
        ""
    };
    let mut stmt = conn.prepare(&format!("{SEARCH_DOCUMENT_SELECT}{only} ORDER BY d.id"))?;
    let rows = stmt.query_map(rusqlite::params_from_iter(issue), search_document_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One document by id, None when it is gone. Search reads the documents it shows
/// one by one rather than holding every document of a large archive in memory.
pub fn search_document(conn: &Connection, id: i64) -> Result<Option<SearchDocument>> {
    let mut stmt = conn.prepare_cached(&format!("{SEARCH_DOCUMENT_SELECT} WHERE d.id = ?1"))?;
    Ok(stmt.query_row([id], search_document_from_row).optional()?)
}

/// What [`search_document_from_row`] reads.
const SEARCH_DOCUMENT_SELECT: &str =
    "SELECT d.id, d.issue_id, i.gazette, i.year, i.number, d.doc_number,
            d.doc_number_key, d.title, d.office, d.date, d.section, d.start_page,
            d.start_pdf_page, i.number_label, d.red_header, d.addressees,
            d.signatories, d.attachments, d.distribution, d.end_page
       FROM documents d JOIN issues i ON i.id = d.issue_id";

fn search_document_from_row(r: &rusqlite::Row) -> rusqlite::Result<SearchDocument> {
    let date: Option<String> = r.get(9)?;
    let mut printed: Vec<PrintedLine> = Vec::new();
    let mut add = |part: PrintedPart, lines: Vec<String>| {
        printed.extend(
            lines
                .into_iter()
                .filter(|l| !l.is_empty())
                .map(|text| PrintedLine { part, text }),
        );
    };
    add(
        PrintedPart::RedHeader,
        r.get::<_, Option<String>>(14)?.into_iter().collect(),
    );
    // The 主送 line is stored without the colon that ends it on the page.
    add(
        PrintedPart::Addressees,
        r.get::<_, Option<String>>(15)?
            .map(|a| format!("{a}："))
            .into_iter()
            .collect(),
    );
    add(PrintedPart::Signature, from_json(&r.get::<_, String>(16)?)?);
    add(
        PrintedPart::Date,
        date.as_deref().map(printed_date).into_iter().collect(),
    );
    add(
        PrintedPart::Attachment,
        from_json(&r.get::<_, String>(17)?)?,
    );
    add(
        PrintedPart::Distribution,
        from_json(&r.get::<_, String>(18)?)?,
    );
    Ok(SearchDocument {
        id: r.get(0)?,
        issue: super::parent_issue(r)?,
        doc_number: r.get(5)?,
        doc_number_key: r.get(6)?,
        title: r.get(7)?,
        office: r.get(8)?,
        date,
        section: r.get(10)?,
        start_page: r.get(11)?,
        start_pdf_page: r.get(12)?,
        end_page: r.get(19)?,
        printed,
    })
}

/// What search filters a document by.
pub struct DocumentFacets {
    /// Row id.
    pub id: i64,
    /// The gazette that printed it.
    pub gazette: String,
    /// Year of its issue.
    pub year: i32,
    /// Issuing office.
    pub office: Option<String>,
    /// 目录 section the document is listed under.
    pub section: Option<String>,
}

/// The facets of every document, for a filtered search.
pub fn document_facets(conn: &Connection) -> Result<Vec<DocumentFacets>> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.id, i.gazette, i.year, d.office, d.section
           FROM documents d JOIN issues i ON i.id = d.issue_id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(DocumentFacets {
            id: r.get(0)?,
            gazette: r.get(1)?,
            year: r.get(2)?,
            office: r.get(3)?,
            section: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// An ISO date as a gazette prints it: `2018-08-08` → `2018年8月8日`; anything else as
/// it is.
fn printed_date(iso: &str) -> String {
    let parts: Vec<u32> = iso.split('-').map_while(|p| p.parse().ok()).collect();
    match parts[..] {
        [y, m, d] => format!("{y}年{m}月{d}日"),
        _ => iso.to_string(),
    }
}

/// Hands every clause, or those of one issue, to `each` in document order (by
/// document id, then printed order), one at a time: an archive's clauses need not fit
/// in memory together.
pub fn for_each_clause(
    conn: &Connection,
    issue: Option<i64>,
    each: &mut dyn FnMut(ClauseUnit) -> Result<()>,
) -> Result<()> {
    let only = if issue.is_some() {
        " WHERE d.issue_id = ?1"
    } else {
        ""
    };
    let mut stmt = conn.prepare(&format!(
        "SELECT c.id, c.document_id, d.issue_id, c.label, c.heading, c.text
           FROM clauses c JOIN documents d ON d.id = c.document_id{only}
          ORDER BY c.document_id, c.ordinal"
    ))?;
    let mut rows = stmt.query(rusqlite::params_from_iter(issue))?;
    while let Some(r) = rows.next()? {
        each(ClauseUnit {
            id: r.get(0)?,
            document_id: r.get(1)?,
            issue_id: r.get(2)?,
            label: r.get(3)?,
            heading: r.get(4)?,
            text: r.get(5)?,
        })?;
    }
    Ok(())
}

/// The numbers of clauses and of documents in the archive.
pub fn unit_counts(conn: &Connection) -> Result<(u64, u64)> {
    Ok(conn.query_row(
        "SELECT (SELECT COUNT(*) FROM clauses), (SELECT COUNT(*) FROM documents)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

/// A clause by id, None when it is gone.
pub fn clause_hit(conn: &Connection, id: i64) -> Result<Option<ClauseHit>> {
    // Every shown hit asks, so the statement is kept prepared.
    let mut stmt = conn.prepare_cached(
        "SELECT document_id, path, label, heading, text, page, pdf_page FROM clauses
          WHERE id = ?1",
    )?;
    Ok(stmt
        .query_row([id], |r| {
            Ok(ClauseHit {
                document_id: r.get(0)?,
                path: r.get(1)?,
                label: r.get(2)?,
                heading: r.get(3)?,
                text: r.get(4)?,
                page: r.get(5)?,
                pdf_page: r.get(6)?,
            })
        })
        .optional()?)
}

/// The printed and PDF page of the page of a document that prints `line`, looked for
/// among the pages from its first (`start_pdf_page`) to the last it can reach
/// (`last_pdf_page`): the first such page, or the last one when `from_end`. Spaces and
/// line breaks are ignored on both sides, as the page text breaks lines where the page
/// does. None when no page text holds it (an archive without page texts).
pub fn page_printing(
    conn: &Connection,
    issue_id: i64,
    (start_pdf_page, last_pdf_page): (u32, u32),
    line: &str,
    from_end: bool,
) -> Result<Option<(Option<u32>, u32)>> {
    let squeeze = |t: &str| -> String { t.chars().filter(|c| !c.is_whitespace()).collect() };
    let wanted = squeeze(line);
    if wanted.is_empty() {
        return Ok(None);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT printed, pdf_page, text FROM pages
          WHERE issue_id = ?1 AND pdf_page BETWEEN ?2 AND ?3 ORDER BY pdf_page",
    )?;
    let rows = stmt.query_map((issue_id, start_pdf_page, last_pdf_page), |r| {
        Ok((
            r.get::<_, Option<u32>>(0)?,
            r.get::<_, u32>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut found = None;
    for row in rows {
        let (printed, pdf_page, text) = row?;
        if squeeze(&text).contains(&wanted) {
            found = Some((printed, pdf_page));
            if !from_end {
                break;
            }
        }
    }
    Ok(found)
}

/// Every clause of a document, in document order, as a hit shows it (with its id).
pub fn document_clauses(conn: &Connection, document_id: i64) -> Result<Vec<(i64, ClauseHit)>> {
    let rows = clause_rows(conn, document_id)?;
    Ok(rows
        .into_iter()
        .map(|(_, c)| {
            let hit = ClauseHit {
                document_id,
                path: c.path,
                label: c.label,
                heading: c.heading,
                text: c.text,
                page: c.page,
                pdf_page: c.pdf_page,
            };
            (c.id, hit)
        })
        .collect())
}

/// The clauses of a document in reading order, each with its parent's row id, as
/// flat rows: what the tree view and search's clause hits are both made from.
pub(super) fn clause_rows(
    conn: &Connection,
    document_id: i64,
) -> Result<Vec<(Option<i64>, ClauseView)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, parent_id, path, label, heading, text, page, pdf_page FROM clauses
          WHERE document_id = ?1 ORDER BY ordinal",
    )?;
    let rows = stmt.query_map([document_id], |r| {
        Ok((
            r.get(1)?,
            ClauseView {
                id: r.get(0)?,
                path: r.get(2)?,
                label: r.get(3)?,
                heading: r.get(4)?,
                text: r.get(5)?,
                page: r.get(6)?,
                pdf_page: r.get(7)?,
                children: Vec::new(),
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
