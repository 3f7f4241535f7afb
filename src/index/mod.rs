//! The search index in `<archive>/index/`: a tantivy index derived from the archive
//! database, never a source of truth. It owns the schema and tokenisation, building
//! and rebuilding from SQLite, keeping up with imports, recording which archive
//! generation it reflects, and turning a parsed query into candidates that
//! `crate::search` then verifies against the stored text: a page of hits without
//! counting every match, the exact count on request, and documents that hold the
//! terms across their parts.
//!
//! Chinese has no spaces, so the text is cut into overlapping character bigrams with
//! positions (a term of n ≥ 3 characters is a phrase of bigrams; exact by construction)
//! plus a position-less field of single characters for one-character queries. Text
//! stays in SQLite; the index holds only postings and a few ids.

mod build;
mod collect;
mod conjunction;
mod filter;
mod intact;
mod query;
mod schema;
mod spread;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rusqlite::Connection;
use tantivy::collector::Count;
use tantivy::query::Query as IndexQuery;
use tantivy::space_usage::PerFieldSpaceUsage;
use tantivy::{Index, IndexReader, ReloadPolicy};

use crate::error::{Error, ErrorKind, Result};
use crate::store;
use build::remove_abandoned_siblings;
use collect::Columns;
use schema::{fields_of, read_payload, register_tokenizers, Fields, FORMAT};

/// What a build or rebuild produced.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IndexReport {
    /// The archive generation the index now reflects.
    pub generation: u64,
    /// Clauses indexed.
    pub clauses: u64,
    /// Documents indexed (their titles and 文号).
    pub documents: u64,
    /// Size of the index directory on disk.
    pub bytes: u64,
}

/// Bytes of the index that one field takes (summed over segments), for the benchmark's
/// account of the index size.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct FieldSpace {
    /// Name of the index field.
    pub field: String,
    /// Term dictionary.
    pub terms: u64,
    /// Document lists and term frequencies.
    pub postings: u64,
    /// Term positions.
    pub positions: u64,
    /// Field norms and fast columns.
    pub other: u64,
}

impl FieldSpace {
    /// All bytes of the field.
    pub fn total(&self) -> u64 {
        self.terms + self.postings + self.positions + self.other
    }
}

/// The search index of one archive.
pub struct SearchIndex {
    dir: PathBuf,
    index: Index,
    reader: IndexReader,
    fields: Fields,
    generation: u64,
    columns: Arc<Columns>,
}

fn index_error(message: String, e: impl std::error::Error + Send + Sync + 'static) -> Error {
    Error::with_source(ErrorKind::Index, message, e)
}

impl SearchIndex {
    /// Opens the index in `dir` if it reflects the archive as it is now; otherwise (it
    /// is missing, stale, of another format or damaged) rebuilds it from the database,
    /// reporting progress as (units done, units in all).
    pub fn open(dir: &Path, conn: &Connection, progress: &dyn Fn(u64, u64)) -> Result<SearchIndex> {
        remove_abandoned_siblings(dir);
        match Self::open_current(dir, conn) {
            Ok(Some(index)) => Ok(index),
            Ok(None) | Err(_) => Self::build(dir, conn, progress).map(|(index, _)| index),
        }
    }

    /// The index in `dir` if it is intact and current, None if it is missing or stale.
    fn open_current(dir: &Path, conn: &Connection) -> Result<Option<SearchIndex>> {
        if !dir.join("meta.json").exists() {
            return Ok(None);
        }
        let index = Index::open_in_dir(dir)?;
        let Some(payload) = read_payload(&index)? else {
            return Ok(None);
        };
        let tx = conn.unchecked_transaction()?;
        if payload.format != FORMAT || payload.generation != store::generation(&tx)? {
            return Ok(None);
        }
        let fields = fields_of(&index.schema())?;
        register_tokenizers(&index);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        // The generation is committed in one step with the units it describes, so an
        // index of the current generation holds every unit; counting the archive's
        // units (millions of clause rows) to confirm it is left to `check`.
        // Only files changed behind our back are read through to validate them.
        if !intact::unchanged_since_recorded(dir) {
            if !index.validate_checksum()?.is_empty() {
                return Ok(None);
            }
            intact::record_intact(dir);
        }
        Ok(Some(SearchIndex {
            dir: dir.to_path_buf(),
            index,
            reader,
            fields,
            generation: payload.generation,
            columns: Arc::default(),
        }))
    }

    /// The archive generation this index reflects.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Disagreements between the index and the database (`gazette check`).
    pub fn problems(&self, conn: &Connection) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let generation = store::generation(conn)?;
        if self.generation != generation {
            problems.push(format!(
                "search index reflects archive generation {} but the archive is at {generation}",
                self.generation
            ));
        }
        let (clauses, documents) = store::unit_counts(conn)?;
        let searcher = self.reader.searcher();
        let indexed_clauses = searcher.search(&self.any_clause(), &Count)? as u64;
        if indexed_clauses != clauses {
            problems.push(format!(
                "search index holds {indexed_clauses} clauses but the archive has {clauses}"
            ));
        }
        if searcher.num_docs() != clauses + documents {
            problems.push(format!(
                "search index holds {} entries but the archive has {} clauses and {documents} documents",
                searcher.num_docs(),
                clauses
            ));
        }
        for file in self.index.validate_checksum()? {
            problems.push(format!("search index file {} is damaged", file.display()));
        }
        Ok(problems)
    }

    /// Size of the index directory in bytes.
    pub fn size_on_disk(&self) -> u64 {
        dir_size(&self.dir)
    }

    /// What each field takes on disk, largest first; the document store (which holds
    /// no text, only per-unit bookkeeping) and deleted-unit lists are the last row.
    pub fn space_by_field(&self) -> Result<Vec<FieldSpace>> {
        let usage = self
            .reader
            .searcher()
            .space_usage()
            .map_err(|e| index_error(format!("cannot measure the search index: {e}"), e))?;
        let schema = self.index.schema();
        type Slot = fn(&mut FieldSpace) -> &mut u64;
        let mut by_name: HashMap<&str, FieldSpace> = HashMap::new();
        let mut bookkeeping = 0;
        for segment in usage.segments() {
            let components: [(&PerFieldSpaceUsage, Slot); 5] = [
                (segment.termdict(), |f| &mut f.terms),
                (segment.postings(), |f| &mut f.postings),
                (segment.positions(), |f| &mut f.positions),
                (segment.fieldnorms(), |f| &mut f.other),
                (segment.fast_fields(), |f| &mut f.other),
            ];
            for (component, slot) in components {
                for (field, used) in component.fields() {
                    let name = schema.get_field_name(*field);
                    let space = by_name.entry(name).or_insert_with(|| FieldSpace {
                        field: name.to_string(),
                        ..FieldSpace::default()
                    });
                    *slot(space) += used.total().get_bytes();
                }
            }
            bookkeeping += segment.store().total().get_bytes() + segment.deletes().get_bytes();
        }
        let mut fields: Vec<FieldSpace> = by_name.into_values().collect();
        fields.retain(|f| f.total() > 0);
        fields.sort_by_key(|f| std::cmp::Reverse(f.total()));
        fields.push(FieldSpace {
            field: "(store, deletes)".to_string(),
            other: bookkeeping,
            ..FieldSpace::default()
        });
        Ok(fields)
    }

    /// Every clause unit: only they have a clause id.
    fn any_clause(&self) -> impl IndexQuery {
        tantivy::query::ExistsQuery::new("clause_id".to_string(), false)
    }
}

/// Bytes of the files directly in `dir` (an index keeps no subdirectories).
pub fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok()?.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}
