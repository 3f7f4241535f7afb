//! A document's timeline: the days it was issued, took effect, was amended, was
//! repealed and expires, from its own validity and the documents that amend and
//! repeal it.

use rusqlite::{Connection, OptionalExtension};

use super::status::in_force_from;
use crate::error::Result;
use crate::views::{Backlink, LinkedDocument, TimelineEvent, TimelineKind};

/// The events of `document`'s life, earliest first; events without a day come last.
pub(super) fn timeline(
    conn: &Connection,
    document: &LinkedDocument,
    effective: Option<&str>,
    expires: Option<&str>,
    (repealed_by, amended_by): (&[Backlink], &[Backlink]),
) -> Result<Vec<TimelineEvent>> {
    let event = |date: Option<&str>, kind| TimelineEvent {
        date: date.map(str::to_string),
        kind,
        document: None,
    };
    let mut events = Vec::new();
    if document.date.is_some() {
        events.push(event(document.date.as_deref(), TimelineKind::Issued));
    }
    if effective.is_some() && effective != document.date.as_deref() {
        events.push(event(effective, TimelineKind::Effective));
    }
    let mut from = conn.prepare(&format!(
        "SELECT {} FROM documents r LEFT JOIN document_validity v ON v.document_id = r.id
          WHERE r.id = ?1",
        in_force_from("r")
    ))?;
    let by = amended_by
        .iter()
        .map(|b| (b, TimelineKind::Amended))
        .chain(repealed_by.iter().map(|b| (b, TimelineKind::Repealed)));
    for (other, kind) in by {
        let date: Option<String> = from
            .query_row([other.document.id], |r| r.get(0))
            .optional()?
            .flatten();
        events.push(TimelineEvent {
            date,
            kind,
            document: Some(other.document.clone()),
        });
    }
    if expires.is_some() {
        events.push(event(expires, TimelineKind::Expires));
    }
    // Undated events after dated ones; ties keep the order of a document's life.
    events.sort_by(|a, b| match (&a.date, &b.date) {
        (Some(x), Some(y)) => x.cmp(y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    Ok(events)
}
