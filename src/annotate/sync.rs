//! Notes that travel between offline computers (the office PC and the laptop). A
//! bundle is one JSON file holding every version of an annotation changed since a day:
//! the annotations in their W3C form, deletions as tombstones, and the conflicts
//! found so far. Each version carries a revision id and the revisions it was made
//! from, so merging tells an old copy from a concurrent edit: an incoming version made
//! from ours replaces it, one ours was made from is old news, and two made from
//! neither are a conflict. The later of the two wins, on both sides alike, and the
//! other is kept whole as a conflict for the reader, never dropped. A merge does the
//! same whichever side runs it, so archives exchanging bundles both ways converge.
//! This module owns the `rev` and `history` columns of `annotations` and the
//! `annotation_tombstones` and `annotation_conflicts` tables.

use std::collections::BTreeSet;

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::exchange::{from_w3c, to_w3c};
use super::rows::{load, load_one, save};
use super::{tally, Annotation, Texts};
use crate::error::{Error, Result};
use crate::views::AnchorCounts;

const FORMAT: &str = "gazette-annotation-bundle";
const VERSION_KEY: &str = "gazette:version";

/// Which version of an annotation a copy is, and the versions it was made from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Version {
    pub(super) rev: String,
    pub(super) history: BTreeSet<String>,
}

impl Version {
    /// A new version made from `previous` (None: a new annotation).
    pub(super) fn after(previous: Option<Version>) -> Version {
        Version {
            rev: uuid::Uuid::new_v4().to_string(),
            history: previous.map(Version::lineage).unwrap_or_default(),
        }
    }

    /// The version of a copy that came without one (a W3C file): named by its id and
    /// modification time, which every archive derives alike.
    pub(super) fn legacy(id: &str, modified: &str, previous: Option<Version>) -> Version {
        Version {
            rev: format!("{id}@{modified}"),
            history: previous.map(Version::lineage).unwrap_or_default(),
        }
    }

    /// This version and every one it was made from.
    fn lineage(self) -> BTreeSet<String> {
        let mut all = self.history;
        all.insert(self.rev);
        all
    }

    fn descends_from(&self, other: &Version) -> bool {
        self.history.contains(&other.rev)
    }
}

/// The stored version of a live annotation.
pub(super) fn version(conn: &Connection, id: &str) -> Result<Option<Version>> {
    let row: Option<(String, String)> = conn
        .query_row(
            "SELECT rev, history FROM annotations WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    row.map(|(rev, history)| {
        Ok(Version {
            rev,
            history: serde_json::from_str(&history).map_err(|e| damaged(id, e))?,
        })
    })
    .transpose()
}

fn damaged(id: &str, e: serde_json::Error) -> Error {
    Error::with_source(
        crate::ErrorKind::Database,
        format!("the version history of annotation {id} is damaged"),
        e,
    )
}

fn history_json(history: &BTreeSet<String>) -> String {
    // A set of strings always serialises.
    serde_json::to_string(history).unwrap_or_else(|_| "[]".into())
}

/// Records which version a just-saved annotation is.
pub(super) fn stamp(conn: &Connection, id: &str, version: &Version) -> Result<()> {
    conn.execute(
        "UPDATE annotations SET rev = ?2, history = ?3 WHERE id = ?1",
        params![id, version.rev, history_json(&version.history)],
    )?;
    conn.execute("DELETE FROM annotation_tombstones WHERE id = ?1", [id])?;
    Ok(())
}

/// A deleted annotation: the deletion is a version of its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Tombstone {
    id: String,
    rev: String,
    history: BTreeSet<String>,
    /// When it was deleted (ISO time).
    deleted: String,
}

/// Deletes an annotation and leaves its tombstone, so the deletion travels.
pub(super) fn bury(conn: &Connection, id: &str, previous: Version, when: &str) -> Result<()> {
    let version = Version::after(Some(previous));
    write_tombstone(
        conn,
        &Tombstone {
            id: id.to_string(),
            rev: version.rev,
            history: version.history,
            deleted: when.to_string(),
        },
    )
}

fn write_tombstone(conn: &Connection, t: &Tombstone) -> Result<()> {
    conn.execute("DELETE FROM annotations WHERE id = ?1", [&t.id])?;
    conn.execute(
        "INSERT OR REPLACE INTO annotation_tombstones (id, rev, history, deleted)
         VALUES (?1, ?2, ?3, ?4)",
        params![t.id, t.rev, history_json(&t.history), t.deleted],
    )?;
    Ok(())
}

/// The latest version of annotation `id` here, live or deleted.
pub(super) fn latest(conn: &Connection, id: &str) -> Result<Option<Version>> {
    Ok(local(conn, id)?.map(|entry| entry.version()))
}

/// One copy of an annotation as a bundle carries it.
#[derive(Debug, Clone)]
enum Entry {
    Live(Box<Annotation>, Version),
    Deleted(Tombstone),
}

impl Entry {
    fn id(&self) -> &str {
        match self {
            Entry::Live(a, _) => &a.id,
            Entry::Deleted(t) => &t.id,
        }
    }

    fn version(&self) -> Version {
        match self {
            Entry::Live(_, v) => v.clone(),
            Entry::Deleted(t) => Version {
                rev: t.rev.clone(),
                history: t.history.clone(),
            },
        }
    }

    /// When this version was made.
    fn time(&self) -> &str {
        match self {
            Entry::Live(a, _) => &a.modified,
            Entry::Deleted(t) => &t.deleted,
        }
    }

    fn with_history(self, history: BTreeSet<String>) -> Entry {
        match self {
            Entry::Live(a, v) => Entry::Live(
                a,
                Version {
                    rev: v.rev,
                    history,
                },
            ),
            Entry::Deleted(t) => Entry::Deleted(Tombstone { history, ..t }),
        }
    }

    fn to_json(&self) -> Value {
        match self {
            Entry::Live(a, v) => {
                let mut item = to_w3c(a);
                if let Some(o) = item.as_object_mut() {
                    o.insert(VERSION_KEY.into(), json!(v));
                }
                item
            }
            Entry::Deleted(t) => json!(t),
        }
    }

    fn from_json(item: &Value) -> Result<Entry> {
        if item.get("deleted").is_some() {
            let t: Tombstone = serde_json::from_value(item.clone())
                .map_err(|e| Error::invalid(format!("a deletion is malformed: {e}")))?;
            return Ok(Entry::Deleted(t));
        }
        let annotation = from_w3c(item)?;
        let version = match item.get(VERSION_KEY) {
            Some(v) => serde_json::from_value(v.clone())
                .map_err(|e| Error::invalid(format!("a version is malformed: {e}")))?,
            None => Version::legacy(&annotation.id, &annotation.modified, None),
        };
        Ok(Entry::Live(Box::new(annotation), version))
    }
}

/// The copy of annotation `id` this archive holds: live, deleted, or none.
fn local(conn: &Connection, id: &str) -> Result<Option<Entry>> {
    if let Some(version) = version(conn, id)? {
        return Ok(Some(Entry::Live(Box::new(load_one(conn, id)?), version)));
    }
    let tombstone: Option<(String, String, String, String)> = conn
        .query_row(
            "SELECT id, rev, history, deleted FROM annotation_tombstones WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    tombstone
        .map(|(id, rev, history, deleted)| {
            let history = serde_json::from_str(&history).map_err(|e| damaged(&id, e))?;
            Ok(Entry::Deleted(Tombstone {
                id,
                rev,
                history,
                deleted,
            }))
        })
        .transpose()
}

/// A version that lost to a concurrent one, as a bundle carries it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Conflict {
    annotation: String,
    kept: String,
    lost: Value,
}

/// What merging a bundle did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SyncReport {
    /// Annotations new to this archive.
    pub added: u32,
    /// Annotations replaced by a later version made from ours.
    pub updated: u32,
    /// Annotations deleted because they were deleted there.
    pub deleted: u32,
    /// Copies this archive already had, or older ones.
    pub unchanged: u32,
    /// Concurrent versions found by this merge; the losing ones are kept as conflicts.
    pub conflicts: u32,
    /// How the added and updated ones were anchored.
    pub anchors: AnchorCounts,
}

/// Every annotation version made or deleted on or after `since` (an ISO day or time;
/// None: all), with every conflict, as one bundle.
pub fn export_bundle(conn: &Connection, since: Option<&str>) -> Result<String> {
    let since = since.unwrap_or("");
    let mut items = Vec::new();
    let mut annotations = load(conn, None)?;
    // In one order everywhere, so archives holding the same notes write the same bundle.
    annotations.sort_by(|a, b| a.id.cmp(&b.id));
    for annotation in annotations {
        if annotation.modified.as_str() < since {
            continue;
        }
        let version = version(conn, &annotation.id)?.unwrap_or_default();
        items.push(Entry::Live(Box::new(annotation), version).to_json());
    }
    let mut stmt = conn
        .prepare("SELECT id FROM annotation_tombstones WHERE deleted >= ?1 ORDER BY deleted, id")?;
    let ids: Vec<String> = stmt
        .query_map([since], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in ids {
        if let Some(entry) = local(conn, &id)? {
            items.push(entry.to_json());
        }
    }
    let conflicts = stored_conflicts(conn)?;
    let bundle = json!({
        "format": FORMAT,
        "version": 1,
        "since": (!since.is_empty()).then_some(since),
        "items": items,
        "conflicts": conflicts,
    });
    // A Value with string keys always serialises.
    Ok(serde_json::to_string_pretty(&bundle).unwrap_or_default())
}

fn stored_conflicts(conn: &Connection) -> Result<Vec<Conflict>> {
    let mut stmt = conn.prepare(
        "SELECT annotation_id, kept_rev, lost FROM annotation_conflicts
          ORDER BY annotation_id, lost_rev",
    )?;
    let rows: Vec<(String, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|(annotation, kept, lost)| {
            let lost = serde_json::from_str(&lost).map_err(|e| damaged(&annotation, e))?;
            Ok(Conflict {
                annotation,
                kept,
                lost,
            })
        })
        .collect()
}

fn record(conn: &Connection, conflict: &Conflict) -> Result<()> {
    let lost = Entry::from_json(&conflict.lost)?;
    conn.execute(
        "INSERT OR IGNORE INTO annotation_conflicts (annotation_id, lost_rev, kept_rev, lost)
         VALUES (?1, ?2, ?3, ?4)",
        params![
            conflict.annotation,
            lost.version().rev,
            conflict.kept,
            conflict.lost.to_string()
        ],
    )?;
    Ok(())
}

/// Reads a bundle whole before anything changes: one bad entry refuses the file.
fn parse(text: &str) -> Result<(Vec<Entry>, Vec<Conflict>)> {
    let root: Value = serde_json::from_str(text)
        .map_err(|e| Error::invalid(format!("the bundle is not valid JSON: {e}")))?;
    if root.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(Error::invalid(
            "the file is not an annotation bundle of Gazette Reader",
        ));
    }
    let items = root
        .get("items")
        .and_then(Value::as_array)
        .ok_or_else(|| Error::invalid("the bundle has no items"))?;
    let entries = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            Entry::from_json(item).map_err(|e| {
                Error::invalid(format!("item {} of the bundle: {}", i + 1, e.message()))
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let conflicts: Vec<Conflict> = match root.get("conflicts") {
        Some(c) => serde_json::from_value(c.clone())
            .map_err(|e| Error::invalid(format!("the bundle's conflicts are malformed: {e}")))?,
        None => Vec::new(),
    };
    for conflict in &conflicts {
        Entry::from_json(&conflict.lost)?;
    }
    Ok((entries, conflicts))
}

/// Merges a bundle from [`export_bundle`] of this or another archive. All or
/// nothing: a bad bundle changes nothing.
pub fn import_bundle(conn: &mut Connection, text: &str) -> Result<SyncReport> {
    let (entries, conflicts) = parse(text)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut report = SyncReport::default();
    let mut texts = Texts::default();
    for entry in entries {
        merge(&tx, &mut texts, entry, &mut report)?;
    }
    for conflict in &conflicts {
        record(&tx, conflict)?;
    }
    tx.commit()?;
    Ok(report)
}

fn merge(
    conn: &Connection,
    texts: &mut Texts,
    incoming: Entry,
    report: &mut SyncReport,
) -> Result<()> {
    let Some(ours) = local(conn, incoming.id())? else {
        if matches!(incoming, Entry::Live(..)) {
            report.added += 1;
        }
        return apply(conn, texts, incoming, report);
    };
    let (o, i) = (ours.version(), incoming.version());
    if o.rev == i.rev || o.descends_from(&i) {
        report.unchanged += 1;
        // The same version may have learnt of more ancestors elsewhere (a conflict
        // resolved there); knowing them keeps the two copies equal.
        if o.rev == i.rev && !i.history.is_subset(&o.history) {
            let history = o.history.union(&i.history).cloned().collect();
            return apply(
                conn,
                texts,
                ours.with_history(history),
                &mut SyncReport::default(),
            );
        }
        return Ok(());
    }
    if i.descends_from(&o) {
        match incoming {
            Entry::Live(..) => report.updated += 1,
            Entry::Deleted(_) if matches!(ours, Entry::Live(..)) => report.deleted += 1,
            Entry::Deleted(_) => report.unchanged += 1,
        }
        return apply(conn, texts, incoming, report);
    }
    // Concurrent: the later version wins, the same on either side of the exchange.
    // Two deletions agree, so only an edit that loses is a conflict.
    let incoming_wins = (incoming.time(), &i.rev) > (ours.time(), &o.rev);
    let both_deleted = matches!((&ours, &incoming), (Entry::Deleted(_), Entry::Deleted(_)));
    let (winner, loser) = if incoming_wins {
        (incoming, ours)
    } else {
        (ours, incoming)
    };
    let kept = winner.version().rev;
    let mut history: BTreeSet<String> = o.lineage().union(&i.lineage()).cloned().collect();
    history.remove(&kept);
    if both_deleted {
        report.unchanged += 1;
        return apply(conn, texts, winner.with_history(history), report);
    }
    report.conflicts += 1;
    record(
        conn,
        &Conflict {
            annotation: winner.id().to_string(),
            kept,
            lost: loser.to_json(),
        },
    )?;
    if incoming_wins {
        match (&winner, &loser) {
            (Entry::Live(..), _) => report.updated += 1,
            (Entry::Deleted(_), Entry::Live(..)) => report.deleted += 1,
            _ => {}
        }
    }
    apply(conn, texts, winner.with_history(history), report)
}

/// Makes `entry` this archive's copy.
fn apply(
    conn: &Connection,
    texts: &mut Texts,
    entry: Entry,
    report: &mut SyncReport,
) -> Result<()> {
    match entry {
        Entry::Live(annotation, version) => {
            let resolved = texts.resolve(conn, *annotation)?;
            tally(&mut report.anchors, resolved.status, resolved.method);
            save(conn, &resolved)?;
            stamp(conn, &resolved.id, &version)
        }
        Entry::Deleted(tombstone) => write_tombstone(conn, &tombstone),
    }
}

/// A version that lost to a concurrent one, beside what this archive holds now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ConflictView {
    /// The annotation's id.
    pub annotation_id: String,
    /// When the losing version was made (ISO time).
    pub lost_time: String,
    /// Whether the losing version was a deletion.
    pub lost_deleted: bool,
    /// The losing version's note.
    pub lost_note: Option<String>,
    /// The losing version's tags.
    pub lost_tags: Vec<String>,
    /// Whether the annotation is deleted here now.
    pub kept_deleted: bool,
    /// Its note here now.
    pub kept_note: Option<String>,
    /// The title of the annotated document.
    pub doc_title: Option<String>,
    /// The annotated clause.
    pub path: Option<String>,
    /// The annotated words.
    pub quote: Option<String>,
}

/// Every conflict found by merges here or in the archives bundles came from.
pub fn conflicts(conn: &Connection) -> Result<Vec<ConflictView>> {
    let mut out = Vec::new();
    for conflict in stored_conflicts(conn)? {
        let lost = Entry::from_json(&conflict.lost)?;
        let kept = local(conn, &conflict.annotation)?;
        let kept_annotation = match &kept {
            Some(Entry::Live(a, _)) => Some(a.as_ref()),
            _ => None,
        };
        let lost_annotation = match &lost {
            Entry::Live(a, _) => Some(a.as_ref()),
            Entry::Deleted(_) => None,
        };
        let about = kept_annotation.or(lost_annotation);
        out.push(ConflictView {
            annotation_id: conflict.annotation.clone(),
            lost_time: lost.time().to_string(),
            lost_deleted: lost_annotation.is_none(),
            lost_note: lost_annotation.and_then(|a| a.note.clone()),
            lost_tags: lost_annotation.map(|a| a.tags.clone()).unwrap_or_default(),
            kept_deleted: kept_annotation.is_none(),
            kept_note: kept_annotation.and_then(|a| a.note.clone()),
            doc_title: about.map(|a| a.anchor.doc_title.clone()),
            path: about.map(|a| a.anchor.path.clone()),
            quote: about.map(|a| a.anchor.quote.exact.clone()),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
