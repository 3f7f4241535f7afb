//! The OCR tables: which issues were read from scans, every page's recognised words
//! with their confidence (for marking doubtful characters in the reader), and the
//! pages of an OCR import still under way, saved one by one so that an import stopped
//! by a crash or a quit resumes where it was.

use std::collections::BTreeMap;

use rusqlite::{params, Connection, Transaction};

use super::json_error;
use crate::error::{Error, ErrorKind, Result};
use crate::ocr::{OcrPage, OcrWord, LOW_CONFIDENCE};
use crate::views::OcrMarks;

/// The pages of the PDF with this hash that an earlier, unfinished import has read,
/// by 0-based page index. A saved page that no longer decodes is read again.
pub fn ocr_progress(conn: &Connection, sha256: &str) -> Result<BTreeMap<u32, OcrPage>> {
    let mut stmt = conn.prepare("SELECT pdf_page, page FROM ocr_progress WHERE sha256 = ?1")?;
    let rows = stmt.query_map([sha256], |r| {
        Ok((r.get::<_, u32>(0)?, r.get::<_, String>(1)?))
    })?;
    let mut done = BTreeMap::new();
    for row in rows {
        let (index, json) = row?;
        if let Ok(page) = serde_json::from_str::<OcrPage>(&json) {
            done.insert(index, page);
        }
    }
    Ok(done)
}

/// Saves one page just read, on its own (a single statement is its own transaction).
pub fn save_ocr_progress(conn: &Connection, sha256: &str, page: &OcrPage) -> Result<()> {
    let json = serde_json::to_string(page).map_err(json_error)?;
    conn.execute(
        "INSERT OR REPLACE INTO ocr_progress (sha256, pdf_page, page) VALUES (?1, ?2, ?3)",
        params![sha256, page.page.index, json],
    )?;
    Ok(())
}

/// Marks a just-written issue as read by OCR, keeps its pages' words and confidence,
/// and drops the import's saved progress, all in the caller's transaction.
pub fn write_ocr(tx: &Transaction, issue_id: i64, sha256: &str, pages: &[OcrPage]) -> Result<()> {
    tx.execute("UPDATE issues SET ocr = 1 WHERE id = ?1", [issue_id])?;
    let mut insert = tx.prepare(
        "INSERT INTO ocr_pages (issue_id, pdf_page, confidence, unread, words) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for page in pages {
        let words = serde_json::to_string(&page.words).map_err(json_error)?;
        insert.execute(params![
            issue_id,
            page.page.index + 1,
            page.confidence(),
            page.unread,
            words
        ])?;
    }
    tx.execute("DELETE FROM ocr_progress WHERE sha256 = ?1", [sha256])?;
    Ok(())
}

/// Whether the issue's text was read by OCR.
pub fn is_ocr(conn: &Connection, issue_id: i64) -> Result<bool> {
    conn.query_row("SELECT ocr FROM issues WHERE id = ?1", [issue_id], |r| {
        r.get::<_, bool>(0)
    })
    .map_err(|e| match e {
        rusqlite::Error::QueryReturnedNoRows => {
            Error::new(ErrorKind::NotFound, format!("no issue {issue_id}"))
        }
        other => other.into(),
    })
}

/// The marks for a document of issue `issue_id` starting on PDF page `start` (1-based):
/// `None` unless the issue was read by OCR. Its pages run from `start` to the page the
/// next document starts on (which may share a page with this one), or to the issue's end.
pub fn ocr_marks(conn: &Connection, issue_id: i64, start: u32) -> Result<Option<OcrMarks>> {
    if !is_ocr(conn, issue_id)? {
        return Ok(None);
    }
    let end: Option<u32> = conn.query_row(
        "SELECT MIN(start_pdf_page) FROM documents WHERE issue_id = ?1 AND start_pdf_page > ?2",
        params![issue_id, start],
        |r| r.get(0),
    )?;
    let mut stmt = conn.prepare(
        "SELECT words FROM ocr_pages
          WHERE issue_id = ?1 AND pdf_page >= ?2 AND (?3 IS NULL OR pdf_page <= ?3)
          ORDER BY pdf_page",
    )?;
    let pages = stmt.query_map(params![issue_id, start, end], |r| r.get::<_, String>(0))?;
    let mut marks = OcrMarks::default();
    for words in pages {
        let words: Vec<OcrWord> = serde_json::from_str(&words?).map_err(json_error)?;
        for word in words {
            if word.confidence < LOW_CONFIDENCE && !marks.doubtful.contains(&word.text) {
                marks.doubtful.push(word.text);
            }
        }
    }
    Ok(Some(marks))
}
