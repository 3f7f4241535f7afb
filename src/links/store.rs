//! The links tables: writing what was extracted, re-deriving it when the extractor
//! changes, and the queries behind statuses and the links view.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};

use super::amend::{amends, title_key};
use super::extract::extract;
use super::status::{in_force_from, status};
use super::{ClauseText, Extracted, LinkKind, EXTRACTOR_VERSION};
use crate::error::{Error, Result};
use crate::store;
use crate::views::{Backlink, Citation, LinkedDocument, LinksView, Mention, Status, StatusCounts};

/// Stores what was extracted from one document.
pub(crate) fn write(tx: &Transaction, document_id: i64, extracted: &Extracted) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO document_links (document_id, ordinal, kind, target_key, doc_number, title, clause_path)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (ordinal, r) in extracted.references.iter().enumerate() {
        stmt.execute(params![
            document_id,
            ordinal as i64,
            r.kind.as_str(),
            r.key,
            r.doc_number,
            r.title,
            r.clause_path
        ])?;
    }
    tx.execute(
        "INSERT INTO document_validity (document_id, effective, expires) VALUES (?1, ?2, ?3)",
        params![document_id, extracted.effective, extracted.expires],
    )?;
    Ok(())
}

/// Re-derives every document's links from its stored clauses when they were
/// extracted by another version of [`extract`] (or never, in an archive older than
/// links). One transaction; a second process finds the work done.
pub(crate) fn refresh(conn: &mut Connection) -> Result<()> {
    let current = EXTRACTOR_VERSION.to_string();
    let stored = |conn: &Connection| -> Result<Option<String>> {
        Ok(conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'links_version'",
                [],
                |r| r.get(0),
            )
            .optional()?)
    };
    if stored(conn)?.as_deref() == Some(current.as_str()) {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if stored(&tx)?.as_deref() == Some(current.as_str()) {
        return Ok(());
    }
    tx.execute("DELETE FROM document_links", [])?;
    tx.execute("DELETE FROM document_validity", [])?;
    let documents: Vec<(i64, Option<String>, Option<String>, String)> = tx
        .prepare("SELECT id, date, doc_number, title FROM documents")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, date, number, title) in documents {
        let clauses: Vec<(String, Option<String>, String)> = tx
            .prepare_cached(
                "SELECT path, heading, text FROM clauses WHERE document_id = ?1 ORDER BY ordinal",
            )?
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let texts: Vec<ClauseText> = clauses
            .iter()
            .map(|(path, heading, text)| ClauseText {
                path,
                heading: heading.as_deref(),
                text,
            })
            .collect();
        let mut extracted = extract(date.as_deref(), number.as_deref(), &texts);
        extracted.references.extend(amends(&title, &texts));
        write(&tx, id, &extracted)?;
    }
    tx.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('links_version', ?1)",
        [current],
    )?;
    tx.commit()?;
    Ok(())
}

/// Which documents a status query covers.
#[derive(Debug, Clone, Copy)]
pub enum Scope<'a> {
    /// Every document.
    All,
    /// The documents of one issue.
    Issue(i64),
    /// One document.
    Document(i64),
    /// These documents.
    Documents(&'a [i64]),
}

/// SQL for [`title_key`] of the column `column`: the title without white space.
fn title_key_sql(column: &str) -> String {
    format!("replace(replace(replace(replace({column}, ' ', ''), '　', ''), char(10), ''), char(13), '')")
}

/// How many documents of each issue have each status on `day` (ISO), by issue id:
/// the badges the issue list shows for that day.
pub fn issue_statuses(conn: &Connection, day: &str) -> Result<HashMap<i64, StatusCounts>> {
    let statuses = statuses(conn, day, Scope::All)?;
    let mut stmt = conn.prepare("SELECT id, issue_id FROM documents")?;
    let mut out: HashMap<i64, StatusCounts> = HashMap::new();
    for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))? {
        let (document, issue) = row?;
        let counts = out.entry(issue).or_default();
        match statuses.get(&document) {
            Some(Status::InForce) => counts.in_force += 1,
            Some(Status::Expired) => counts.expired += 1,
            Some(Status::Repealed) => counts.repealed += 1,
            Some(Status::NotYetInForce) => counts.not_yet_in_force += 1,
            // A chronicle has no status.
            None => {}
        }
    }
    Ok(out)
}

/// SQL for the id of the document an amendment names by title (`?1`, its
/// [`title_key`]), made by the document `?2`: of the other documents of that title,
/// the newest dated before the amending one, since a version of the same title dated
/// with or after it is the amendment's result (a revised text republished under the
/// old title); failing that, the newest, as for 文号.
fn amended_sql() -> String {
    format!(
        "SELECT c.id FROM documents c JOIN issues ci ON ci.id = c.issue_id
          WHERE c.id <> ?2 AND {} = ?1
          ORDER BY CASE WHEN c.date < (SELECT date FROM documents WHERE id = ?2) THEN 0 ELSE 1 END,
                   c.date DESC, ci.year DESC, ci.number DESC, c.id LIMIT 1",
        title_key_sql("c.title")
    )
}

/// The status of every document in `scope` on `today` (ISO). A chronicle (大事记)
/// records events and has no status.
pub fn statuses(conn: &Connection, today: &str, scope: Scope) -> Result<HashMap<i64, Status>> {
    use rusqlite::types::Value;
    let (filter, param) = match scope {
        Scope::All => ("?1 IS NULL", Value::Null),
        Scope::Issue(id) => ("d.issue_id = ?1", Value::Integer(id)),
        Scope::Document(id) => ("d.id = ?1", Value::Integer(id)),
        Scope::Documents(ids) => (
            "d.id IN (SELECT value FROM json_each(?1))",
            Value::Text(serde_json::to_string(ids).map_err(|e| {
                Error::with_source(crate::ErrorKind::Database, "cannot list documents", e)
            })?),
        ),
    };
    let mut repealed: HashMap<i64, Vec<Option<String>>> = HashMap::new();
    // Every search asks for the statuses of its documents, so the statements (two
    // for each kind of scope) are kept prepared.
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT d.id, {IN_FORCE_FROM}
           FROM documents d
           JOIN document_links l ON l.target_key = d.doc_number_key AND l.kind = 'repeals'
           JOIN documents r ON r.id = l.document_id
           LEFT JOIN document_validity v ON v.document_id = r.id
          WHERE r.id <> d.id AND ({filter})",
        IN_FORCE_FROM = in_force_from("r")
    ))?;
    for row in stmt.query_map([&param], |r| Ok((r.get::<_, i64>(0)?, r.get(1)?)))? {
        let (id, from) = row?;
        repealed.entry(id).or_default().push(from);
    }
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT d.id, {IN_FORCE_FROM}, v.expires
           FROM documents d LEFT JOIN document_validity v ON v.document_id = d.id
          WHERE d.kind = 'document' AND ({filter})",
        IN_FORCE_FROM = in_force_from("d")
    ))?;
    let mut out = HashMap::new();
    for row in stmt.query_map([&param], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, Option<String>>(2)?,
        ))
    })? {
        let (id, effective, expires) = row?;
        let from = repealed.get(&id).map_or(&[][..], Vec::as_slice);
        out.insert(
            id,
            status(today, effective.as_deref(), expires.as_deref(), from),
        );
    }
    Ok(out)
}

const LINKED_SQL: &str =
    "SELECT d.id, d.issue_id, i.gazette, i.year, i.number, d.doc_number, d.title, d.date,
        i.number_label
   FROM documents d JOIN issues i ON i.id = d.issue_id";

fn linked_from_row(r: &rusqlite::Row) -> rusqlite::Result<LinkedDocument> {
    Ok(LinkedDocument {
        id: r.get(0)?,
        issue: store::parent_issue(r)?,
        doc_number: r.get(5)?,
        title: r.get(6)?,
        date: r.get(7)?,
    })
}

/// Everything linking to and from document `id`, with its status on `today` (ISO).
pub fn links(conn: &Connection, id: i64, today: &str) -> Result<LinksView> {
    let document = conn
        .query_row(
            &format!("{LINKED_SQL} WHERE d.id = ?1"),
            [id],
            linked_from_row,
        )
        .optional()?
        .ok_or_else(|| Error::not_found(format!("no document with id {id}")))?;
    let (effective, expires): (Option<String>, Option<String>) = conn
        .query_row(
            "SELECT effective, expires FROM document_validity WHERE document_id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .unwrap_or_default();

    // The newest document with the key: a 文号 names one document, and when a
    // gazette reprints it the latest printing is the one a reader wants.
    let mut resolve = conn.prepare(&format!(
        "{LINKED_SQL} WHERE d.doc_number_key = ?1 AND d.id <> ?2
          ORDER BY i.year DESC, i.number DESC, d.id LIMIT 1"
    ))?;
    let mut outgoing = conn.prepare(
        "SELECT kind, target_key, doc_number, title, clause_path FROM document_links
          WHERE document_id = ?1 ORDER BY ordinal",
    )?;
    let rows: Vec<(String, Citation)> = outgoing
        .query_map([id], |r| {
            let doc_number: Option<String> = r.get(2)?;
            let title: Option<String> = r.get(3)?;
            let text = doc_number.clone().or_else(|| title.clone());
            Ok((
                r.get(0)?,
                Citation {
                    doc_number,
                    key: r.get(1)?,
                    title,
                    document: None,
                    mentions: vec![Mention {
                        clause_path: r.get(4)?,
                        text: text.unwrap_or_default(),
                    }],
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    // An amended document is named by title: see [`amended_sql`].
    let mut by_title = conn.prepare(&format!("{LINKED_SQL} WHERE d.id = ({})", amended_sql()))?;
    let mut cites: Vec<Citation> = Vec::new();
    let mut repeals: Vec<Citation> = Vec::new();
    let mut amends: Vec<Citation> = Vec::new();
    for (kind, mut row) in rows {
        let list = if kind == LinkKind::Repeals.as_str() {
            &mut repeals
        } else if kind == LinkKind::Amends.as_str() {
            &mut amends
        } else {
            &mut cites
        };
        // One entry per 文号; a repeal naming only a title is one per title.
        let same = |c: &Citation| c.key == row.key && (row.key.is_some() || c.title == row.title);
        if let Some(existing) = list.iter_mut().find(|c| same(c)) {
            if existing.title.is_none() {
                existing.title = row.title;
            }
            for mention in row.mentions {
                if !existing.mentions.contains(&mention) {
                    existing.mentions.push(mention);
                }
            }
            continue;
        }
        if let Some(key) = &row.key {
            row.document = resolve
                .query_row(params![key, id], linked_from_row)
                .optional()?;
        } else if let (true, Some(title)) = (kind == LinkKind::Amends.as_str(), &row.title) {
            row.document = by_title
                .query_row(params![title_key(title), id], linked_from_row)
                .optional()?;
        }
        list.push(row);
    }

    let own_key = title_key(&document.title);
    let backlinks = |kind: LinkKind| -> Result<Vec<Backlink>> {
        // What amends a document names it by title; what cites or repeals it, by 文号.
        let target = match kind {
            LinkKind::Amends => format!(
                "{} = (SELECT {} FROM documents WHERE id = ?2)",
                title_key_sql("l.title"),
                title_key_sql("title")
            ),
            _ => "l.target_key = (SELECT doc_number_key FROM documents WHERE id = ?2)".into(),
        };
        let mut stmt = conn.prepare(&format!(
            "SELECT * FROM ({LINKED_SQL}) d JOIN document_links l ON l.document_id = d.id
              WHERE l.kind = ?1 AND d.id <> ?2 AND {target}
              ORDER BY d.year DESC, d.number DESC, d.id, l.ordinal"
        ))?;
        let mut out: Vec<Backlink> = Vec::new();
        let rows = stmt.query_map(params![kind.as_str(), id], |r| {
            Ok((linked_from_row(r)?, r.get::<_, String>("clause_path")?))
        })?;
        let mut amended = conn.prepare_cached(&amended_sql())?;
        for row in rows {
            let (document, path) = row?;
            // Of several documents sharing the title, an amendment names one.
            if kind == LinkKind::Amends {
                let named: Option<i64> = amended
                    .query_row(params![own_key, document.id], |r| r.get(0))
                    .optional()?;
                if named != Some(id) {
                    continue;
                }
            }
            match out.iter_mut().find(|b| b.document.id == document.id) {
                Some(b) if !b.clause_paths.contains(&path) => b.clause_paths.push(path),
                Some(_) => {}
                None => out.push(Backlink {
                    document,
                    clause_paths: vec![path],
                }),
            }
        }
        Ok(out)
    };
    let cited_by = backlinks(LinkKind::Cites)?;
    let repealed_by = backlinks(LinkKind::Repeals)?;
    let amended_by = backlinks(LinkKind::Amends)?;
    let status = statuses(conn, today, Scope::Document(id))?.remove(&id);
    let timeline = super::timeline::timeline(
        conn,
        &document,
        effective.as_deref(),
        expires.as_deref(),
        (&repealed_by, &amended_by),
    )?;
    Ok(LinksView {
        document,
        status,
        effective,
        expires,
        cites,
        repeals,
        cited_by,
        repealed_by,
        amends,
        amended_by,
        timeline,
    })
}
