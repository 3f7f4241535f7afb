//! The annotations tables: reading annotations with their tags, and saving one.

use rusqlite::{params, Connection, OptionalExtension};

use super::{not_found, Anchor, AnchorStatus, Annotation, Kind, Method, Quote};
use crate::error::Result;
use crate::views::IssueKey;

const SELECT_SQL: &str = "SELECT id, kind, color, note, gazette, year, number, doc_number,
        doc_ordinal, doc_title, path, exact, prefix, suffix, start_pos, end_pos, page, status,
        method, created, modified FROM annotations";

/// All annotations, or those of one issue (gazette, year, number).
pub(super) fn load(conn: &Connection, issue: Option<&IssueKey>) -> Result<Vec<Annotation>> {
    let mut rows = match issue {
        Some(IssueKey {
            gazette,
            year,
            number,
        }) => {
            let sql = format!("{SELECT_SQL} WHERE gazette = ?1 AND year = ?2 AND number = ?3");
            let mut stmt = conn.prepare(&sql)?;
            let rows = stmt.query_map(params![gazette, year, number], from_row)?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        }
        None => {
            let mut stmt = conn.prepare(SELECT_SQL)?;
            let rows = stmt.query_map([], from_row)?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        }
    };
    for annotation in &mut rows {
        annotation.tags = tags(conn, &annotation.id)?;
    }
    Ok(rows)
}

fn tags(conn: &Connection, id: &str) -> Result<Vec<String>> {
    let mut stmt = conn
        .prepare_cached("SELECT tag FROM annotation_tags WHERE annotation_id = ?1 ORDER BY tag")?;
    let tags = stmt.query_map([id], |r| r.get(0))?;
    Ok(tags.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn load_one(conn: &Connection, id: &str) -> Result<Annotation> {
    let mut annotation = conn
        .query_row(&format!("{SELECT_SQL} WHERE id = ?1"), [id], from_row)
        .optional()?
        .ok_or_else(|| not_found(id))?;
    annotation.tags = tags(conn, id)?;
    Ok(annotation)
}

pub(super) fn from_row(r: &rusqlite::Row) -> rusqlite::Result<Annotation> {
    let damaged = |column: usize, what: &str| {
        rusqlite::Error::FromSqlConversionFailure(
            column,
            rusqlite::types::Type::Text,
            format!("unknown annotation {what}").into(),
        )
    };
    let kind: String = r.get(1)?;
    let status: String = r.get(17)?;
    let method: Option<String> = r.get(18)?;
    Ok(Annotation {
        id: r.get(0)?,
        kind: Kind::parse(&kind).ok_or_else(|| damaged(1, "kind"))?,
        color: r.get(2)?,
        note: r.get(3)?,
        tags: Vec::new(),
        anchor: Anchor {
            issue: IssueKey {
                gazette: r.get(4)?,
                year: r.get(5)?,
                number: r.get(6)?,
            },
            doc_number: r.get(7)?,
            doc_ordinal: r.get(8)?,
            doc_title: r.get(9)?,
            path: r.get(10)?,
            quote: Quote {
                exact: r.get(11)?,
                prefix: r.get(12)?,
                suffix: r.get(13)?,
            },
            start: r.get(14)?,
            end: r.get(15)?,
            page: r.get(16)?,
        },
        status: match status.as_str() {
            "anchored" => AnchorStatus::Anchored,
            "orphaned" => AnchorStatus::Orphaned,
            _ => return Err(damaged(17, "status")),
        },
        method: match method.as_deref() {
            None => None,
            Some("exact") => Some(Method::Exact),
            Some("quote") => Some(Method::Quote),
            Some("fuzzy") => Some(Method::Fuzzy),
            Some(_) => return Err(damaged(18, "method")),
        },
        created: r.get(19)?,
        modified: r.get(20)?,
    })
}

/// Inserts or overwrites an annotation and its tags.
pub(super) fn save(conn: &Connection, a: &Annotation) -> Result<()> {
    let anchor = &a.anchor;
    conn.execute(
        "INSERT INTO annotations (id, kind, color, note, gazette, year, number, doc_number,
             doc_ordinal, doc_title, path, exact, prefix, suffix, start_pos, end_pos, page,
             status, method, created, modified)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
             ?18, ?19, ?20, ?21)
         ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, color = excluded.color,
             note = excluded.note, gazette = excluded.gazette, year = excluded.year,
             number = excluded.number, doc_number = excluded.doc_number,
             doc_ordinal = excluded.doc_ordinal,
             doc_title = excluded.doc_title, path = excluded.path, exact = excluded.exact,
             prefix = excluded.prefix, suffix = excluded.suffix,
             start_pos = excluded.start_pos, end_pos = excluded.end_pos, page = excluded.page,
             status = excluded.status, method = excluded.method, created = excluded.created,
             modified = excluded.modified",
        params![
            a.id,
            a.kind.as_str(),
            a.color,
            a.note,
            anchor.issue.gazette,
            anchor.issue.year,
            anchor.issue.number,
            anchor.doc_number,
            anchor.doc_ordinal,
            anchor.doc_title,
            anchor.path,
            anchor.quote.exact,
            anchor.quote.prefix,
            anchor.quote.suffix,
            anchor.start,
            anchor.end,
            anchor.page,
            match a.status {
                AnchorStatus::Anchored => "anchored",
                AnchorStatus::Orphaned => "orphaned",
            },
            a.method.map(Method::as_str),
            a.created,
            a.modified,
        ],
    )?;
    conn.execute(
        "DELETE FROM annotation_tags WHERE annotation_id = ?1",
        [&a.id],
    )?;
    let mut insert =
        conn.prepare("INSERT INTO annotation_tags (annotation_id, tag) VALUES (?1, ?2)")?;
    for tag in &a.tags {
        insert.execute(params![a.id, tag])?;
    }
    Ok(())
}
