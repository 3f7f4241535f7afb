//! The 目录 pane's content: an issue's printed 目录 with each entry's PDF page, or,
//! for an issue whose 目录 was not recognised (a scan read by OCR, an issue printed
//! without one), the documents recognised in its body, so each can still be opened.

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;
use crate::views::{TocEntryView, TocSectionView, TocView};

/// The 目录 of an issue, with each entry's PDF page.
pub fn toc(conn: &Connection, issue_id: i64) -> Result<TocView> {
    let issue = super::issue(conn, issue_id)?;
    let mut pages = conn.prepare(
        "SELECT pdf_page FROM pages WHERE issue_id = ?1 AND printed = ?2 ORDER BY pdf_page LIMIT 1",
    )?;
    let mut sections_stmt =
        conn.prepare("SELECT id, title FROM toc_sections WHERE issue_id = ?1 ORDER BY ordinal")?;
    let mut entries_stmt = conn.prepare(
        "SELECT title, doc_number, page, document_id FROM toc_entries
          WHERE section_id = ?1 ORDER BY ordinal",
    )?;
    let sections: Vec<(i64, String)> = sections_stmt
        .query_map([issue_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut views = Vec::with_capacity(sections.len());
    for (section_id, title) in sections {
        let mut entries: Vec<TocEntryView> = entries_stmt
            .query_map([section_id], |r| {
                Ok(TocEntryView {
                    title: r.get(0)?,
                    doc_number: r.get(1)?,
                    page: r.get(2)?,
                    pdf_page: None,
                    document_id: r.get(3)?,
                    status: None,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        for entry in &mut entries {
            if let Some(printed) = entry.page {
                entry.pdf_page = pages
                    .query_row(params![issue_id, printed], |r| r.get(0))
                    .optional()?;
            }
        }
        views.push(TocSectionView { title, entries });
    }
    let from_body = views.is_empty();
    if from_body {
        views = body_sections(conn, issue_id)?;
    }
    Ok(TocView {
        issue,
        sections: views,
        from_body,
        check: super::toc_check(conn, issue_id)?,
    })
}

/// The documents of an issue in reading order, as 目录 entries under the section each
/// was printed in (consecutive documents of one section share it).
fn body_sections(conn: &Connection, issue_id: i64) -> Result<Vec<TocSectionView>> {
    let mut stmt = conn.prepare(
        "SELECT id, title, doc_number, start_page, start_pdf_page, COALESCE(section, '')
           FROM documents WHERE issue_id = ?1 ORDER BY ordinal",
    )?;
    let rows = stmt.query_map([issue_id], |r| {
        let entry = TocEntryView {
            title: r.get(1)?,
            doc_number: r.get(2)?,
            page: r.get(3)?,
            pdf_page: Some(r.get(4)?),
            document_id: Some(r.get(0)?),
            status: None,
        };
        Ok((r.get::<_, String>(5)?, entry))
    })?;
    let mut sections: Vec<TocSectionView> = Vec::new();
    for row in rows {
        let (title, entry) = row?;
        match sections.last_mut() {
            Some(last) if last.title == title => last.entries.push(entry),
            _ => sections.push(TocSectionView {
                title,
                entries: vec![entry],
            }),
        }
    }
    Ok(sections)
}
