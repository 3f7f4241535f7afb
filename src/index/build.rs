//! Building and keeping up: a full build from the store in a staging directory
//! swapped in by renames, the update after each import, and the clean-up of what an
//! interrupted rebuild left behind.

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use tantivy::indexer::UserOperation;
use tantivy::{Index, IndexWriter, TantivyDocument, Term};

use super::intact::record_intact;
use super::schema::{register_tokenizers, schema, Fields, Payload, FORMAT};
use super::{index_error, IndexReport, SearchIndex};
use crate::error::{Error, ErrorKind, Result};
use crate::search::fold_case_and_width;
use crate::store;

/// Bytes of indexing memory per writer thread.
pub(super) const WRITER_MEMORY: usize = 128 << 20;

impl SearchIndex {
    /// Builds the index afresh from the database and puts it in place at `dir`.
    ///
    /// Another process (the app beside a `gazette import`) may be reading or updating
    /// the index in `dir` meanwhile, so the new index is built in a staging directory
    /// of its own and swapped in by renames; readers of the old files keep them until
    /// they let go.
    pub fn build(
        dir: &Path,
        conn: &Connection,
        progress: &dyn Fn(u64, u64),
    ) -> Result<(SearchIndex, IndexReport)> {
        let staging = sibling(dir, "building");
        let (clauses, documents) =
            Self::build_into(&staging, conn, progress).inspect_err(|_| {
                let _ = std::fs::remove_dir_all(&staging);
            })?;
        if dir.exists() {
            let old = sibling(dir, "old");
            // Another process may have swapped its own rebuild in first: then there is
            // nothing of ours to move aside.
            if std::fs::rename(dir, &old).is_ok() {
                let _ = std::fs::remove_dir_all(&old);
            }
        }
        if std::fs::rename(&staging, dir).is_ok() {
            record_intact(dir);
        } else {
            // Another process's rebuild took the place; ours is the same archive's.
            let _ = std::fs::remove_dir_all(&staging);
        }
        let built = Self::open_current(dir, conn)?.ok_or_else(|| {
            Error::new(
                ErrorKind::Index,
                "the search index changed while it was being rebuilt (another Gazette Reader \
                 is importing into this archive); try again in a moment",
            )
        })?;
        let report = IndexReport {
            generation: built.generation,
            clauses,
            documents,
            bytes: built.size_on_disk(),
        };
        Ok((built, report))
    }

    /// Writes a complete index of the database into the new directory `dir`; returns
    /// the numbers of clauses and documents indexed.
    pub(super) fn build_into(
        dir: &Path,
        conn: &Connection,
        progress: &dyn Fn(u64, u64),
    ) -> Result<(u64, u64)> {
        write_fault()?;
        std::fs::create_dir_all(dir).map_err(|e| {
            index_error(
                format!("cannot create the search index {}: {e}", dir.display()),
                e,
            )
        })?;
        let (schema, fields) = schema();
        let index = Index::create_in_dir(dir, schema)?;
        register_tokenizers(&index);
        // One read transaction, so the generation recorded is the one the rows are from.
        let tx = conn.unchecked_transaction()?;
        let generation = store::generation(&tx)?;
        let (clauses, documents) = store::unit_counts(&tx)?;
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        let mut writer: IndexWriter =
            index.writer_with_num_threads(threads, threads * WRITER_MEMORY)?;
        // The writer's own merges would race the final merge below for the same
        // segments (which then fails with segments "not found in the SegmentManager"),
        // so a rebuild merges only once, itself.
        writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        let all = clauses + documents;
        progress(0, all);
        add_units(&tx, &writer, fields, None, &|done| progress(done, all))?;
        commit(&mut writer, generation)?;
        // One segment answers fastest; merging keeps the commit payload.
        let segments = index.searchable_segment_ids()?;
        if segments.len() > 1 {
            writer.merge(&segments).wait()?;
        }
        writer.wait_merging_threads()?;
        progress(all, all);
        Ok((clauses, documents))
    }

    /// Brings the index up to date after an import committed `issue_id` (replacing
    /// `replaced`) as archive generation `generation`. When the index had missed an
    /// earlier change it is rebuilt instead, so it never skips one.
    pub fn apply_issue(
        &mut self,
        conn: &Connection,
        issue_id: i64,
        replaced: Option<i64>,
        generation: u64,
    ) -> Result<()> {
        write_fault()?;
        if self.generation + 1 != generation {
            *self = Self::build(&self.dir, conn, &|_, _| {})?.0;
            return Ok(());
        }
        let mut writer: IndexWriter = self.index.writer_with_num_threads(1, WRITER_MEMORY)?;
        if let Some(old) = replaced {
            writer.delete_term(Term::from_field_u64(self.fields.issue_id, old as u64));
        }
        add_units(conn, &writer, self.fields, Some(issue_id), &|_| {})?;
        commit(&mut writer, generation)?;
        writer.wait_merging_threads()?;
        record_intact(&self.dir);
        self.reader.reload()?;
        self.columns.keep_only(&self.reader.searcher());
        self.generation = generation;
        Ok(())
    }
}

/// The environment variable that makes every index write fail as on a full disk.
/// Tests run as root, whom neither permissions nor a read-only directory stop, so
/// this is how they prove that the archive stays readable without its index.
const WRITE_FAULT_VARIABLE: &str = "GAZETTE_INDEX_WRITE_FAULT";

fn write_fault() -> Result<()> {
    if std::env::var_os(WRITE_FAULT_VARIABLE).is_none() {
        return Ok(());
    }
    let e = std::io::Error::new(std::io::ErrorKind::StorageFull, "no space left on device");
    Err(index_error(
        format!("cannot write the search index: {e}"),
        e,
    ))
}

/// A directory beside `dir` that no other process picks: `index.building-<pid>-<ns>`.
pub(super) fn sibling(dir: &Path, what: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let mut name = dir.as_os_str().to_owned();
    name.push(format!(".{what}-{}-{nanos}", std::process::id()));
    PathBuf::from(name)
}

/// A rebuild killed half-way leaves its staging (or set-aside) directory beside the
/// index. One untouched for this long belongs to no running rebuild, which takes
/// minutes at most, and is removed.
pub(super) const ABANDONED_AFTER: std::time::Duration = std::time::Duration::from_secs(3600);

/// Removes the [`sibling`] directories of `dir` that rebuilds have abandoned. Best
/// effort: what cannot be removed now is tried again at the next open.
pub(super) fn remove_abandoned_siblings(dir: &Path) {
    let (Some(parent), Some(name)) = (dir.parent(), dir.file_name()) else {
        return;
    };
    let prefixes = ["building", "old"].map(|what| {
        let mut prefix = name.to_owned();
        prefix.push(format!(".{what}-"));
        prefix
    });
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let ours = prefixes.iter().any(|p| {
            file_name
                .as_encoded_bytes()
                .starts_with(p.as_encoded_bytes())
        });
        let abandoned = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > ABANDONED_AFTER);
        if ours && abandoned {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

pub(super) fn commit(writer: &mut IndexWriter, generation: u64) -> Result<()> {
    let payload = serde_json::to_string(&Payload {
        format: FORMAT,
        generation,
    })
    .map_err(|e| index_error(format!("cannot record the index generation: {e}"), e))?;
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&payload);
    prepared.commit()?;
    Ok(())
}

/// Adds the units of one issue, or of the whole archive, to the index, reporting how
/// many were added so far. Each document's units go in as one group (see [`Fields`]).
pub(super) fn add_units(
    conn: &Connection,
    writer: &IndexWriter,
    f: Fields,
    issue: Option<i64>,
    progress: &dyn Fn(u64),
) -> Result<()> {
    let mut documents = store::search_documents(conn, issue)?.into_iter().peekable();
    let mut group = Group::default();
    let (mut done, mut reported) = (0u64, 0u64);
    store::for_each_clause(conn, issue, &mut |c| {
        // Clauses come in document order: the documents up to this clause's begin
        // their groups, the earlier ones having no more clauses.
        while let Some(d) = documents.next_if(|d| d.id <= c.document_id) {
            done += group.add_to(writer, f)?;
            group.units.push(document_unit(f, &d));
            group.document = Some(d.id);
        }
        if group.document != Some(c.document_id) {
            // A clause whose document row is gone is indexed on its own.
            done += group.add_to(writer, f)?;
        }
        group.units.push(clause_unit(f, &c));
        if done - reported >= 4096 {
            progress(done);
            reported = done;
        }
        Ok(())
    })?;
    done += group.add_to(writer, f)?;
    for d in documents {
        group.units.push(document_unit(f, &d));
        done += group.add_to(writer, f)?;
    }
    progress(done);
    Ok(())
}

/// The units of one document, waiting to be added together.
#[derive(Default)]
struct Group {
    document: Option<i64>,
    units: Vec<TantivyDocument>,
}

impl Group {
    /// Adds the units gathered, each with its place and their count, as one group;
    /// returns how many there were.
    fn add_to(&mut self, writer: &IndexWriter, f: Fields) -> Result<u64> {
        let count = self.units.len() as u64;
        if count == 0 {
            return Ok(0);
        }
        let operations: Vec<UserOperation> = self
            .units
            .drain(..)
            .enumerate()
            .map(|(place, mut unit)| {
                unit.add_u64(f.place, place as u64);
                unit.add_u64(f.units, count);
                UserOperation::Add(unit)
            })
            .collect();
        writer.run(operations)?;
        self.document = None;
        Ok(count)
    }
}

/// A document's own unit: its title, 文号 and other printed lines.
fn document_unit(f: Fields, d: &store::SearchDocument) -> TantivyDocument {
    let mut unit = TantivyDocument::default();
    let title = match &d.doc_number {
        Some(n) => format!("{}\n{n}", d.title),
        None => d.title.clone(),
    };
    unit.add_text(f.title, &title);
    unit.add_text(f.title_chars, &title);
    // The document's other printed lines are found with it, one value each so a
    // phrase never runs from one line into the next.
    for line in &d.printed {
        unit.add_text(f.title, &line.text);
        unit.add_text(f.title_chars, &line.text);
    }
    if let Some(key) = &d.doc_number_key {
        unit.add_text(f.doc_number_key, fold_case_and_width(key));
    }
    unit.add_u64(f.document_id, d.id as u64);
    unit.add_u64(f.issue_id, d.issue.issue_id as u64);
    unit
}

/// A clause's unit.
fn clause_unit(f: Fields, c: &store::ClauseUnit) -> TantivyDocument {
    let mut unit = TantivyDocument::default();
    // `text` and `chars` hold the printed label and the heading too, so that a term is
    // one lookup; `heading` and `heading_chars` rank heading matches first. Readers of
    // a regulation look an article up by its number (`第十二条`).
    if !c.label.is_empty() {
        unit.add_text(f.text, &c.label);
        unit.add_text(f.chars, &c.label);
        unit.add_text(f.heading, &c.label);
        unit.add_text(f.heading_chars, &c.label);
    }
    if let Some(h) = &c.heading {
        unit.add_text(f.text, h);
        unit.add_text(f.chars, h);
        unit.add_text(f.heading, h);
        unit.add_text(f.heading_chars, h);
    }
    unit.add_text(f.text, &c.text);
    unit.add_text(f.chars, &c.text);
    unit.add_u64(f.clause_id, c.id as u64);
    unit.add_u64(f.document_id, c.document_id as u64);
    unit.add_u64(f.issue_id, c.issue_id as u64);
    unit
}
