//! The SQLite archive: schema and migrations, writing a parsed issue in one
//! transaction, and the read queries behind the library, the 目录 and the reader.
//! SQLite is the source of truth; everything else (the search index) derives from it.

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::error::{Error, Result};
use crate::model::{Clause, Document, DocumentKind, ParsedIssue};
use crate::views::{
    ClauseView, ContinuationView, DocumentView, IssueKey, IssueRef, IssueSummary, ParentIssue,
};
use crate::{dates, docnum};

mod check;
mod migrate;
mod ocr;
mod schema;
mod toc;
mod units;
pub use check::{edition_of, toc_check};

pub use migrate::{adopt, foreign_objects};
pub use ocr::{is_ocr, ocr_marks, ocr_progress, save_ocr_progress, write_ocr};
pub use toc::toc;

pub use units::{
    clause_hit, document_clauses, document_facets, for_each_clause, page_printing, search_document,
    search_documents, unit_counts, ClauseHit, ClauseUnit, DocumentFacets, PrintedLine,
    SearchDocument,
};

use schema::MIGRATIONS;

/// The schema version this build writes: the number of migration steps.
pub fn schema_version() -> usize {
    MIGRATIONS.len()
}

/// Opens (creating if needed) the archive database and brings its schema up to date.
pub fn open(path: &Path) -> Result<Connection> {
    let mut conn = Connection::open(path)?;
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // NORMAL is durable across application crashes in WAL mode; a power cut may lose
    // the last commit but never corrupts the database.
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    // Room for every statement the app repeats (search, reading, annotating), so that
    // none is parsed again on each use.
    conn.set_prepared_statement_cache_capacity(64);
    migrate::upgrade(&mut conn)?;
    Ok(conn)
}

/// The archive generation: bumped by every change to issues, so the derived search
/// index can tell whether it is current.
pub fn generation(conn: &Connection) -> Result<u64> {
    // Every search asks, so the statement is kept prepared.
    let value: String = conn
        .prepare_cached("SELECT value FROM meta WHERE key = 'generation'")?
        .query_row([], |r| r.get(0))?;
    value.parse().map_err(|_| {
        Error::new(
            crate::ErrorKind::Database,
            "the archive's generation counter is damaged",
        )
    })
}

fn bump_generation(tx: &Transaction) -> Result<u64> {
    let next = generation(tx)? + 1;
    tx.execute(
        "UPDATE meta SET value = ?1 WHERE key = 'generation'",
        [next.to_string()],
    )?;
    Ok(next)
}

/// What the archive already holds that matters to an incoming PDF.
pub enum Existing {
    /// Nothing with this hash or this issue's identity.
    None,
    /// This exact PDF is the current edition of an issue.
    SamePdf(IssueRef),
}

/// Whether a PDF with this hash is already an issue's current edition.
pub fn find_by_hash(conn: &Connection, sha256: &str) -> Result<Existing> {
    let found = conn
        .query_row(
            &format!("SELECT {ISSUE_REF_COLUMNS} FROM issues i WHERE pdf_sha256 = ?1"),
            [sha256],
            issue_ref_from_row,
        )
        .optional()?;
    Ok(found.map_or(Existing::None, Existing::SamePdf))
}

/// The issue of a document row, read by column name from a query that selects
/// `d.issue_id, i.gazette, i.year, i.number, i.number_label` (in any order).
pub(crate) fn parent_issue(r: &rusqlite::Row) -> rusqlite::Result<ParentIssue> {
    Ok(ParentIssue {
        issue_id: r.get("issue_id")?,
        key: IssueKey {
            gazette: r.get("gazette")?,
            year: r.get("year")?,
            number: r.get("number")?,
        },
        number_label: r.get("number_label")?,
    })
}

/// What [`issue_ref_from_row`] reads, in its order.
const ISSUE_REF_COLUMNS: &str =
    "i.id, i.gazette, i.year, i.number, i.serial, i.number_label, i.serial_label";

fn issue_ref_from_row(r: &rusqlite::Row) -> rusqlite::Result<IssueRef> {
    Ok(IssueRef {
        id: r.get(0)?,
        key: IssueKey {
            gazette: r.get(1)?,
            year: r.get(2)?,
            number: r.get(3)?,
        },
        serial: r.get(4)?,
        number_label: r.get(5)?,
        serial_label: r.get(6)?,
    })
}

/// The result of writing an issue.
pub struct Written {
    /// The issue as written.
    pub issue: IssueRef,
    /// The row ids of the issue's documents, in the parsed issue's order.
    pub documents: Vec<i64>,
    /// The row id of the issue this one replaced (same gazette, year and number).
    pub replaced: Option<i64>,
    /// Archive generation after the write.
    pub generation: u64,
}

/// The PDF an issue was parsed from.
pub struct SourcePdf<'a> {
    /// The file's bytes.
    pub bytes: &'a [u8],
    /// SHA-256 of the bytes, hex.
    pub sha256: &'a str,
    /// File name the PDF was imported from.
    pub file_name: &'a str,
}

/// Writes a parsed issue inside the caller's transaction, replacing an earlier edition
/// of the same issue. The caller commits, so that the index can be updated in the same
/// all-or-nothing step.
pub fn write_issue(tx: &Transaction, parsed: &ParsedIssue, pdf: &SourcePdf) -> Result<Written> {
    let now = dates::now_iso();
    tx.execute(
        "INSERT OR IGNORE INTO pdfs (sha256, bytes, file_name, imported_at) VALUES (?1, ?2, ?3, ?4)",
        params![pdf.sha256, pdf.bytes, pdf.file_name, now],
    )?;
    let replaced: Option<i64> = tx
        .query_row(
            "SELECT id FROM issues WHERE gazette = ?1 AND year = ?2 AND number = ?3",
            params![parsed.gazette, parsed.year, parsed.number],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(old) = replaced {
        tx.execute("DELETE FROM issues WHERE id = ?1", [old])?;
    }
    let masthead = serde_json::to_string(&parsed.masthead).map_err(json_error)?;
    tx.execute(
        "INSERT INTO issues (gazette, year, number, serial, number_label, serial_label, masthead,
                             page_count, pdf_sha256, imported_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            parsed.gazette,
            parsed.year,
            parsed.number,
            parsed.serial,
            parsed.number_label,
            parsed.serial_label,
            masthead,
            parsed.pages.len() as i64,
            pdf.sha256,
            now
        ],
    )?;
    let issue_id = tx.last_insert_rowid();

    let mut page_stmt = tx
        .prepare("INSERT INTO pages (issue_id, pdf_page, printed, text) VALUES (?1, ?2, ?3, ?4)")?;
    for page in &parsed.pages {
        page_stmt.execute(params![issue_id, page.pdf_page, page.printed, page.text])?;
    }

    let mut document_ids = Vec::with_capacity(parsed.documents.len());
    for (ordinal, document) in parsed.documents.iter().enumerate() {
        document_ids.push(write_document(tx, issue_id, ordinal, document)?);
    }

    for (ordinal, section) in parsed.toc.iter().enumerate() {
        tx.execute(
            "INSERT INTO toc_sections (issue_id, ordinal, title) VALUES (?1, ?2, ?3)",
            params![issue_id, ordinal as i64, section.title],
        )?;
        let section_id = tx.last_insert_rowid();
        for (entry_ordinal, entry) in section.entries.iter().enumerate() {
            let document_id = entry.document.and_then(|i| document_ids.get(i).copied());
            tx.execute(
                "INSERT INTO toc_entries (section_id, ordinal, title, doc_number, page, document_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    section_id,
                    entry_ordinal as i64,
                    entry.title,
                    entry.doc_number,
                    entry.page,
                    document_id
                ],
            )?;
        }
    }
    let generation = bump_generation(tx)?;
    Ok(Written {
        issue: IssueRef {
            id: issue_id,
            key: IssueKey {
                gazette: parsed.gazette.clone(),
                year: parsed.year,
                number: parsed.number,
            },
            serial: parsed.serial,
            number_label: parsed.number_label.clone(),
            serial_label: parsed.serial_label.clone(),
        },
        documents: document_ids,
        replaced,
        generation,
    })
}

fn write_document(
    tx: &Transaction,
    issue_id: i64,
    ordinal: usize,
    document: &Document,
) -> Result<i64> {
    let kind = match document.kind {
        DocumentKind::Document => "document",
        DocumentKind::Chronicle => "chronicle",
    };
    let continuations: Vec<ContinuationView> = document
        .continuations
        .iter()
        .map(|c| ContinuationView {
            from_page: c.from_page,
            start_page: c.start_page,
            end_page: c.end_page,
        })
        .collect();
    tx.execute(
        "INSERT INTO documents (issue_id, ordinal, kind, section, red_header, office, doc_number,
             doc_number_key, title, addressees, date, signatories, start_page, end_page,
             start_pdf_page, continuations, attachments, distribution)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
        params![
            issue_id,
            ordinal as i64,
            kind,
            document.section,
            document.red_header,
            document.office,
            document.doc_number,
            document.doc_number.as_deref().map(docnum::key),
            document.title,
            document.addressees,
            document.date,
            to_json(&document.signatories)?,
            document.start_page,
            document.end_page,
            document.start_pdf_page,
            to_json(&continuations)?,
            to_json(&document.attachments)?,
            to_json(&document.distribution)?,
        ],
    )?;
    let document_id = tx.last_insert_rowid();
    let mut stmt = tx.prepare(
        "INSERT INTO clauses (document_id, parent_id, ordinal, path, label, heading, text, page, pdf_page)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    let mut ordinal = 0i64;
    // Depth-first in document order, so `ordinal` is the reading order of clauses.
    let mut pending: Vec<(Option<i64>, &Clause)> =
        document.clauses.iter().rev().map(|c| (None, c)).collect();
    while let Some((parent, clause)) = pending.pop() {
        stmt.execute(params![
            document_id,
            parent,
            ordinal,
            clause.path,
            clause.label,
            clause.heading,
            clause.text,
            clause.page,
            clause.pdf_page
        ])?;
        ordinal += 1;
        let id = tx.last_insert_rowid();
        pending.extend(clause.children.iter().rev().map(|c| (Some(id), c)));
    }
    Ok(document_id)
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(json_error)
}

fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> rusqlite::Result<T> {
    serde_json::from_str(text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn json_error(e: serde_json::Error) -> Error {
    Error::with_source(
        crate::ErrorKind::Database,
        "could not encode data for the archive",
        e,
    )
}

/// The query [`issue_summary_from_row`] reads.
fn issue_summary_sql() -> String {
    format!(
        "SELECT {ISSUE_REF_COLUMNS}, i.page_count,
                (SELECT COUNT(*) FROM documents d WHERE d.issue_id = i.id), i.imported_at
           FROM issues i"
    )
}

fn issue_summary_from_row(r: &rusqlite::Row) -> rusqlite::Result<IssueSummary> {
    Ok(IssueSummary {
        issue: issue_ref_from_row(r)?,
        pages: r.get(7)?,
        documents: r.get(8)?,
        imported_at: r.get(9)?,
    })
}

/// All issues, newest first within each gazette.
pub fn issues(conn: &Connection) -> Result<Vec<IssueSummary>> {
    let mut stmt = conn.prepare(&format!(
        "{} ORDER BY i.gazette, i.year DESC, i.number DESC",
        issue_summary_sql()
    ))?;
    let rows = stmt.query_map([], issue_summary_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One issue by id.
pub fn issue(conn: &Connection, id: i64) -> Result<IssueSummary> {
    conn.query_row(
        &format!("{} WHERE i.id = ?1", issue_summary_sql()),
        [id],
        issue_summary_from_row,
    )
    .optional()?
    .ok_or_else(|| Error::not_found(format!("no issue with id {id} in the archive")))
}

/// Resolves what a user typed for an issue: a row id or `YEAR-NUMBER` (`2018-8`).
pub fn resolve_issue(conn: &Connection, reference: &str) -> Result<i64> {
    let reference = reference.trim();
    if let Some((year, number)) = reference.split_once('-') {
        let (Ok(year), Ok(number)) = (year.trim().parse::<i32>(), number.trim().parse::<i32>())
        else {
            return Err(Error::invalid(format!(
                "'{reference}' is not an issue: give an id or YEAR-NUMBER such as 2018-8"
            )));
        };
        let mut stmt =
            conn.prepare("SELECT id, gazette FROM issues WHERE year = ?1 AND number = ?2")?;
        let found: Vec<(i64, String)> = stmt
            .query_map([year, number], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        return match found.as_slice() {
            [] => Err(Error::not_found(format!(
                "no issue {year}年第{number}期 in the archive"
            ))),
            [(id, _)] => Ok(*id),
            many => Err(Error::invalid(format!(
                "{year}-{number} is in several gazettes ({}); give the issue id instead",
                many.iter()
                    .map(|(id, g)| format!("{g}: id {id}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
        };
    }
    let id: i64 = reference.parse().map_err(|_| {
        Error::invalid(format!(
            "'{reference}' is not an issue: give an id or YEAR-NUMBER such as 2018-8"
        ))
    })?;
    issue(conn, id).map(|i| i.issue.id)
}

/// Resolves what a user typed for a document: a row id or a 文号 in any bracket style.
pub fn resolve_document(conn: &Connection, reference: &str) -> Result<i64> {
    let reference = reference.trim();
    if let Ok(id) = reference.parse::<i64>() {
        let exists: Option<i64> = conn
            .query_row("SELECT id FROM documents WHERE id = ?1", [id], |r| r.get(0))
            .optional()?;
        return exists.ok_or_else(|| Error::not_found(format!("no document with id {id}")));
    }
    let mut stmt = conn.prepare(
        "SELECT d.id FROM documents d JOIN issues i ON i.id = d.issue_id
          WHERE d.doc_number_key = ?1 ORDER BY i.year DESC, i.number DESC",
    )?;
    let found: Option<i64> = stmt
        .query_row([docnum::key(reference)], |r| r.get(0))
        .optional()?;
    found
        .ok_or_else(|| Error::not_found(format!("no document numbered {reference} in the archive")))
}

/// A document with its clause tree.
pub fn document(conn: &Connection, id: i64) -> Result<DocumentView> {
    let mut view = conn
        .query_row(
            "SELECT d.id, d.issue_id, i.gazette, i.year, i.number, d.kind, d.section, d.red_header,
                    d.office, d.doc_number, d.title, d.addressees, d.date, d.signatories,
                    d.start_page, d.end_page, d.start_pdf_page, d.continuations, d.attachments,
                    d.distribution, i.number_label
               FROM documents d JOIN issues i ON i.id = d.issue_id WHERE d.id = ?1",
            [id],
            |r| {
                Ok(DocumentView {
                    id: r.get(0)?,
                    issue: parent_issue(r)?,
                    kind: r.get(5)?,
                    section: r.get(6)?,
                    red_header: r.get(7)?,
                    office: r.get(8)?,
                    doc_number: r.get(9)?,
                    title: r.get(10)?,
                    addressees: r.get(11)?,
                    date: r.get(12)?,
                    signatories: from_json(&r.get::<_, String>(13)?)?,
                    start_page: r.get(14)?,
                    end_page: r.get(15)?,
                    start_pdf_page: r.get(16)?,
                    continuations: from_json(&r.get::<_, String>(17)?)?,
                    attachments: from_json(&r.get::<_, String>(18)?)?,
                    distribution: from_json(&r.get::<_, String>(19)?)?,
                    clauses: Vec::new(),
                    status: None,
                    ocr: None,
                })
            },
        )
        .optional()?
        .ok_or_else(|| Error::not_found(format!("no document with id {id}")))?;
    view.clauses = clause_tree(conn, id)?;
    view.ocr = ocr::ocr_marks(conn, view.issue.issue_id, view.start_pdf_page)?;
    Ok(view)
}

/// The clauses of a document as a tree, in reading order.
fn clause_tree(conn: &Connection, document_id: i64) -> Result<Vec<ClauseView>> {
    let flat = units::clause_rows(conn, document_id)?;
    // Rows come in depth-first order, so a clause's parent is always on the stack of
    // open ancestors when the clause arrives.
    let mut roots: Vec<ClauseView> = Vec::new();
    let mut open: Vec<ClauseView> = Vec::new();
    for (parent, clause) in flat {
        while let Some(top) = open.last() {
            if Some(top.id) == parent {
                break;
            }
            let done = open.pop().expect("stack is non-empty");
            attach(&mut open, &mut roots, done);
        }
        open.push(clause);
    }
    while let Some(done) = open.pop() {
        attach(&mut open, &mut roots, done);
    }
    Ok(roots)
}

fn attach(open: &mut [ClauseView], roots: &mut Vec<ClauseView>, clause: ClauseView) {
    match open.last_mut() {
        Some(parent) => parent.children.push(clause),
        None => roots.push(clause),
    }
}

/// The original PDF of an issue's current edition.
pub fn issue_pdf(conn: &Connection, issue_id: i64) -> Result<Vec<u8>> {
    conn.query_row(
        "SELECT p.bytes FROM pdfs p JOIN issues i ON i.pdf_sha256 = p.sha256 WHERE i.id = ?1",
        [issue_id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| Error::not_found(format!("no issue with id {issue_id} in the archive")))
}

/// Problems found by SQLite's own integrity and foreign-key checks.
pub fn integrity_problems(conn: &Connection) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    for row in stmt.query_map([], |r| r.get::<_, String>(0))? {
        let line = row?;
        if line != "ok" {
            problems.push(format!("database integrity: {line}"));
        }
    }
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    for row in stmt.query_map([], |r| {
        Ok(format!(
            "foreign key: row {} of {} points to a missing {}",
            r.get::<_, i64>(1)?,
            r.get::<_, String>(0)?,
            r.get::<_, String>(2)?
        ))
    })? {
        problems.push(row?);
    }
    Ok(problems)
}
