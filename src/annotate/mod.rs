//! Bookmarks, highlights and notes on clauses, and the promise that they are never
//! lost. An annotation is stored in its own table keyed by an [`Anchor`] — gazette,
//! year, issue, document (文号, or its position when it has none), clause path, and the
//! quoted text with some context (the W3C Web Annotation TextQuoteSelector and
//! TextPositionSelector) — never by row ids, which a re-import renews. When a corrected
//! edition replaces an issue, [`reanchor_issue`] re-finds every annotation of that issue
//! in the same transaction (see `anchor`); what cannot be re-found is kept as orphaned,
//! with its quote. `exchange` turns annotations into Markdown and W3C JSON-LD and merges
//! them back.

mod anchor;
mod exchange;
mod model;
mod rows;
mod sync;

use std::collections::BTreeSet;

use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
pub use crate::views::AnchorCounts;
use crate::views::{IssueKey, IssueRef};
use crate::{dates, store};

pub use exchange::ExchangeReport;
pub use model::*;
use rows::{load, load_one, save};
use sync::Version;
pub use sync::{conflicts, export_bundle, import_bundle, ConflictView, SyncReport};

/// Counts one re-found (or orphaned) annotation.
fn tally(counts: &mut AnchorCounts, status: AnchorStatus, method: Option<Method>) {
    match (status, method) {
        (AnchorStatus::Anchored, Some(Method::Exact)) => counts.exact += 1,
        (AnchorStatus::Anchored, Some(Method::Quote)) => counts.quote += 1,
        (AnchorStatus::Anchored, Some(Method::Fuzzy)) => counts.fuzzy += 1,
        _ => counts.orphaned += 1,
    }
}

/// The formats annotations are exported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// Markdown for people, grouped by issue and document.
    Md,
    /// W3C Web Annotation JSON-LD, for exchange; [`import_w3c`] reads it back.
    W3c,
}

/// `annotations` (in reading order) in the given format.
pub fn export(format: ExportFormat, annotations: &[AnnotationView]) -> String {
    match format {
        ExportFormat::Md => exchange::export_markdown(annotations),
        ExportFormat::W3c => exchange::export_w3c(annotations),
    }
}

/// Creates an annotation on a clause of a document in the archive.
pub fn add(conn: &mut Connection, new: &NewAnnotation) -> Result<AnnotationView> {
    // Immediate: the clause text read here is the text the annotation is saved against,
    // even if an import of the same issue is committing next door.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let document_id = store::resolve_document(&tx, &new.document)?;
    let (key, ordinal) = tx.query_row(
        "SELECT i.gazette, i.year, i.number, d.ordinal FROM documents d
           JOIN issues i ON i.id = d.issue_id WHERE d.id = ?1",
        [document_id],
        |r| {
            let key = IssueKey {
                gazette: r.get(0)?,
                year: r.get(1)?,
                number: r.get(2)?,
            };
            Ok((key, r.get::<_, u32>(3)?))
        },
    )?;
    let issue = anchor::IssueText::load(&tx, &key)?.ok_or_else(|| {
        Error::not_found(format!(
            "no issue {}年第{}期 of {} in the archive",
            key.year, key.number, key.gazette
        ))
    })?;
    let (doc, clause) = issue.clause(ordinal, &new.path).ok_or_else(|| {
        Error::not_found(format!(
            "document {} has no clause {}; `gazette show` lists its clause paths",
            new.document, new.path
        ))
    })?;
    let text = &issue.docs[doc].clauses[clause].text;
    let (start, end) = match &new.span {
        Span::Clause => (0, text.len()),
        Span::Quote(quote) => {
            let needle: Vec<char> = quote.chars().collect();
            let start = anchor::find_all(text, &needle)
                .next()
                .filter(|_| !needle.is_empty());
            let start = start.ok_or_else(|| {
                Error::invalid(format!("clause {} does not contain “{quote}”", new.path))
            })?;
            (start, start + needle.len())
        }
        Span::Range { start, end } => {
            let (start, end) = (*start as usize, *end as usize);
            if start >= end || end > text.len() {
                return Err(Error::invalid(format!(
                    "characters {start}..{end} are not a range of clause {} ({} characters)",
                    new.path,
                    text.len()
                )));
            }
            (start, end)
        }
    };
    let now = dates::now_iso();
    let annotation = Annotation {
        id: uuid::Uuid::new_v4().to_string(),
        kind: new.kind,
        color: checked_color(new.kind, new.color.as_deref())?,
        note: checked_note(new.kind, new.note.as_deref())?,
        tags: checked_tags(&new.tags)?,
        anchor: issue.anchor_at(doc, clause, start, end),
        status: AnchorStatus::Anchored,
        method: Some(Method::Exact),
        created: now.clone(),
        modified: now,
    };
    save(&tx, &annotation)?;
    sync::stamp(&tx, &annotation.id, &Version::after(None))?;
    tx.commit()?;
    view(conn, annotation)
}

/// The highlight colour an annotation of `kind` gets: highlights default to yellow,
/// other kinds have none.
fn checked_color(kind: Kind, color: Option<&str>) -> Result<Option<String>> {
    match (kind, color) {
        (Kind::Highlight, None) => Ok(Some(COLORS[0].to_string())),
        (Kind::Highlight, Some(c)) if COLORS.contains(&c) => Ok(Some(c.to_string())),
        (Kind::Highlight, Some(c)) => Err(Error::invalid(format!(
            "unknown highlight colour “{c}”; use one of {}",
            COLORS.join(", ")
        ))),
        (_, None) => Ok(None),
        (_, Some(_)) => Err(Error::invalid("only a highlight has a colour")),
    }
}

fn checked_note(kind: Kind, note: Option<&str>) -> Result<Option<String>> {
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    if kind == Kind::Note && note.is_none() {
        return Err(Error::invalid("a note needs some text"));
    }
    Ok(note.map(str::to_string))
}

/// Tags trimmed, without repeats, in a stable (sorted) order.
fn checked_tags(tags: &[String]) -> Result<Vec<String>> {
    let mut clean = BTreeSet::new();
    for tag in tags {
        let tag = tag.trim();
        if tag.is_empty() {
            return Err(Error::invalid("a tag cannot be empty"));
        }
        clean.insert(tag.to_string());
    }
    Ok(clean.into_iter().collect())
}

/// Changes the note, tags or colour of an annotation.
pub fn update(conn: &mut Connection, id: &str, patch: &AnnotationPatch) -> Result<AnnotationView> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut annotation = load_one(&tx, id)?;
    if let Some(note) = &patch.note {
        annotation.note = checked_note(annotation.kind, Some(note))?;
    }
    if let Some(tags) = &patch.tags {
        annotation.tags = checked_tags(tags)?;
    }
    if let Some(color) = &patch.color {
        annotation.color = checked_color(annotation.kind, Some(color))?;
    }
    annotation.modified = dates::now_iso();
    let previous = sync::version(&tx, id)?;
    save(&tx, &annotation)?;
    sync::stamp(&tx, id, &Version::after(previous))?;
    tx.commit()?;
    view(conn, annotation)
}

/// Deletes an annotation by id, leaving a tombstone so the deletion reaches the
/// archives its bundles go to.
pub fn delete(conn: &Connection, id: &str) -> Result<()> {
    let tx = conn.unchecked_transaction()?;
    let previous = sync::version(&tx, id)?.ok_or_else(|| not_found(id))?;
    sync::bury(&tx, id, previous, &dates::now_iso())?;
    tx.commit()?;
    Ok(())
}

fn not_found(id: &str) -> Error {
    Error::not_found(format!("no annotation with id {id}"))
}

/// The annotations that match `filter`, in reading order: by gazette, issue,
/// document, clause and position; orphans of a document after its anchored ones.
pub fn list(conn: &Connection, filter: &AnnotationFilter) -> Result<Vec<AnnotationView>> {
    let mut found = Vec::new();
    for annotation in load(conn, None)? {
        if !matches(&annotation, filter) {
            continue;
        }
        let (view, clause_ordinal) = locate(conn, annotation)?;
        if filter.status.is_some_and(|s| s != view.annotation.status)
            || filter
                .document_id
                .is_some_and(|d| Some(d) != view.document_id)
        {
            continue;
        }
        found.push((clause_ordinal, view));
    }
    found.sort_by(|(ca, a), (cb, b)| {
        let (x, y) = (&a.annotation.anchor, &b.annotation.anchor);
        (
            &x.issue.gazette,
            x.issue.year,
            x.issue.number,
            x.doc_ordinal,
        )
            .cmp(&(
                &y.issue.gazette,
                y.issue.year,
                y.issue.number,
                y.doc_ordinal,
            ))
            .then(ca.unwrap_or(i64::MAX).cmp(&cb.unwrap_or(i64::MAX)))
            .then(x.start.cmp(&y.start))
            .then(a.annotation.created.cmp(&b.annotation.created))
            .then(a.annotation.id.cmp(&b.annotation.id))
    });
    Ok(found.into_iter().map(|(_, v)| v).collect())
}

fn matches(a: &Annotation, filter: &AnnotationFilter) -> bool {
    let contains = |hay: &str, needle: &str| hay.to_lowercase().contains(&needle.to_lowercase());
    filter.tag.as_ref().is_none_or(|t| a.tags.contains(t))
        && filter
            .color
            .as_ref()
            .is_none_or(|c| a.color.as_ref() == Some(c))
        && filter.kind.is_none_or(|k| k == a.kind)
        && filter
            .gazette
            .as_ref()
            .is_none_or(|g| contains(&a.anchor.issue.gazette, g))
        && filter.year.is_none_or(|y| y == a.anchor.issue.year)
        && filter.text.as_ref().is_none_or(|t| {
            let fields = [
                a.note.as_deref().unwrap_or(""),
                &a.anchor.quote.exact,
                &a.anchor.doc_title,
                a.anchor.doc_number.as_deref().unwrap_or(""),
            ];
            fields.iter().any(|f| contains(f, t)) || a.tags.iter().any(|tag| contains(tag, t))
        })
}

/// One annotation by id.
pub fn get(conn: &Connection, id: &str) -> Result<AnnotationView> {
    view(conn, load_one(conn, id)?)
}

fn view(conn: &Connection, annotation: Annotation) -> Result<AnnotationView> {
    locate(conn, annotation).map(|(view, _)| view)
}

/// Where an annotation is in the archive now, with its clause's reading-order
/// position. An anchored annotation whose clause is gone (nothing should remove one
/// without re-anchoring, but the database is the judge) is reported as orphaned.
fn locate(conn: &Connection, mut annotation: Annotation) -> Result<(AnnotationView, Option<i64>)> {
    let a = &annotation.anchor;
    let found: Option<(i64, i64, i64, i64, String)> = if annotation.status == AnchorStatus::Anchored
    {
        conn.query_row(
            "SELECT i.id, d.id, c.id, c.ordinal, i.number_label FROM issues i
               JOIN documents d ON d.issue_id = i.id AND d.ordinal = ?4
               JOIN clauses c ON c.document_id = d.id AND c.path = ?5
              WHERE i.gazette = ?1 AND i.year = ?2 AND i.number = ?3",
            params![
                a.issue.gazette,
                a.issue.year,
                a.issue.number,
                a.doc_ordinal,
                a.path
            ],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?
    } else {
        None
    };
    // An orphan's issue may still be here, with its label; only then is it looked up.
    let (found, number_label) = match found {
        Some((issue, document, clause, ordinal, label)) => {
            (Some((issue, document, clause, ordinal)), label)
        }
        None => (
            None,
            conn.query_row(
                "SELECT number_label FROM issues WHERE gazette = ?1 AND year = ?2 AND number = ?3",
                params![a.issue.gazette, a.issue.year, a.issue.number],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or_else(|| format!("第{}期", a.issue.number)),
        ),
    };
    if found.is_none() {
        annotation.status = AnchorStatus::Orphaned;
        annotation.method = None;
    }
    let view = AnnotationView {
        annotation,
        issue_id: found.map(|f| f.0),
        document_id: found.map(|f| f.1),
        clause_id: found.map(|f| f.2),
        number_label,
    };
    Ok((view, found.map(|f| f.3)))
}

/// Re-finds every annotation of an issue just written (imported, or replaced by a
/// corrected edition) inside the import's transaction, so the issue and its
/// annotations change together or not at all.
pub fn reanchor_issue(tx: &Transaction, issue: &IssueRef) -> Result<AnchorCounts> {
    let annotations = load(tx, Some(&issue.key))?;
    let mut counts = AnchorCounts::default();
    if annotations.is_empty() {
        return Ok(counts);
    }
    let text = anchor::IssueText::load(tx, &issue.key)?;
    for annotation in annotations {
        let resolved = resolve(text.as_ref(), annotation.clone());
        tally(&mut counts, resolved.status, resolved.method);
        if resolved != annotation {
            save(tx, &resolved)?;
        }
    }
    Ok(counts)
}

/// The annotation re-found in its issue's current text, or orphaned with its anchor
/// unchanged.
fn resolve(issue: Option<&anchor::IssueText>, mut annotation: Annotation) -> Annotation {
    match issue.and_then(|i| i.locate(&annotation.anchor).map(|f| (i, f))) {
        Some((issue, found)) => {
            annotation.anchor = issue.anchor_at(found.doc, found.clause, found.start, found.end);
            annotation.status = AnchorStatus::Anchored;
            annotation.method = Some(found.method);
        }
        None => {
            annotation.status = AnchorStatus::Orphaned;
            annotation.method = None;
        }
    }
    annotation
}

/// Merges annotations exchanged as W3C JSON-LD: a new id is added, a known id is
/// overwritten only by a later modification; every added or overwritten annotation
/// is anchored against the archive. All or nothing: bad input changes nothing.
pub fn import_w3c(conn: &mut Connection, json: &str) -> Result<ExchangeReport> {
    let incoming = exchange::parse_w3c(json)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut report = ExchangeReport::default();
    let mut texts = Texts::default();
    for annotation in incoming {
        let existing = tx
            .query_row(
                "SELECT modified FROM annotations WHERE id = ?1",
                [&annotation.id],
                |r| r.get::<_, String>(0),
            )
            .optional()?;
        match existing {
            Some(modified) if modified >= annotation.modified => {
                report.unchanged += 1;
                continue;
            }
            Some(_) => report.updated += 1,
            None => report.added += 1,
        }
        // Importing a file is asked for: it restores a deleted annotation, as a version
        // made after the deletion, so that a bundle carries the restoring on.
        let previous = sync::latest(&tx, &annotation.id)?;
        let version = Version::legacy(&annotation.id, &annotation.modified, previous);
        let resolved = texts.resolve(&tx, annotation)?;
        tally(&mut report.anchors, resolved.status, resolved.method);
        save(&tx, &resolved)?;
        sync::stamp(&tx, &resolved.id, &version)?;
    }
    tx.commit()?;
    Ok(report)
}

/// The text of each issue annotations are anchored in while a batch of them is merged,
/// loaded once per issue.
#[derive(Default)]
struct Texts(std::collections::HashMap<IssueKey, Option<anchor::IssueText>>);

impl Texts {
    /// `annotation` re-found in its issue's text, or orphaned.
    fn resolve(&mut self, conn: &Connection, annotation: Annotation) -> Result<Annotation> {
        let a = &annotation.anchor;
        let text = match self.0.entry(a.issue.clone()) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(anchor::IssueText::load(conn, &a.issue)?)
            }
        };
        Ok(resolve(text.as_ref(), annotation))
    }
}
