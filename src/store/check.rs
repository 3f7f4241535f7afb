//! The self-check of a stored issue: its 目录 entries against the documents they point
//! to, read back from the archive, so `check` can report it and an import can compare
//! a new edition with the stored one.

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;
use crate::parse::selfcheck::{check, DocFacts, EntryFacts, TocCheck};

/// A stored 目录 entry: title, 文号, printed page, document row id.
type StoredEntry = (String, Option<String>, Option<u32>, Option<i64>);

/// The stored edition of an issue (same gazette, year and number), if any.
pub fn edition_of(conn: &Connection, gazette: &str, year: i32, number: i32) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM issues WHERE gazette = ?1 AND year = ?2 AND number = ?3",
            params![gazette, year, number],
            |r| r.get(0),
        )
        .optional()?)
}

/// How the stored issue's 目录 resolves to its stored documents.
pub fn toc_check(conn: &Connection, issue_id: i64) -> Result<TocCheck> {
    let mut docs_stmt = conn.prepare(
        "SELECT id, title, doc_number, start_page FROM documents WHERE issue_id = ?1 ORDER BY id",
    )?;
    let docs: Vec<(i64, String, Option<String>, Option<u32>)> = docs_stmt
        .query_map([issue_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut entries_stmt = conn.prepare(
        "SELECT e.title, e.doc_number, e.page, e.document_id FROM toc_entries e
           JOIN toc_sections s ON s.id = e.section_id
          WHERE s.issue_id = ?1 ORDER BY s.ordinal, e.ordinal",
    )?;
    let entries: Vec<StoredEntry> = entries_stmt
        .query_map([issue_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let entry_facts: Vec<EntryFacts> = entries
        .iter()
        .map(|(title, number, page, doc)| EntryFacts {
            title,
            doc_number: number.as_deref(),
            page: *page,
            document: doc.and_then(|id| docs.iter().position(|d| d.0 == id)),
        })
        .collect();
    let doc_facts: Vec<DocFacts> = docs
        .iter()
        .map(|(_, title, number, start)| DocFacts {
            title,
            doc_number: number.as_deref(),
            start_page: *start,
        })
        .collect();
    Ok(check(&entry_facts, &doc_facts))
}
