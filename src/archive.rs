//! The archive as the command line and the desktop app see it: one directory holding
//! the SQLite database (the source of truth, with every original PDF) and the derived
//! search index. [`Archive`] is the one entry point; it is `Send + Sync` so the app can
//! share it between its command handlers.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};

use rusqlite::Connection;

use crate::error::{Error, ErrorKind, Result};
use crate::import::{self, ImportOptions};
use crate::index::{IndexReport, SearchIndex};
use crate::search::{SearchOptions, SearchResults};
use crate::store;
use crate::views::{DocumentView, ImportProgress, ImportReport, IssueSummary, TocView};

const DATABASE_FILE: &str = "archive.sqlite3";
const INDEX_DIR: &str = "index";

pub struct Archive {
    dir: PathBuf,
    /// The connection for reads; imports write through their own connection so that
    /// reading goes on while an import runs (WAL lets both proceed).
    conn: Mutex<Connection>,
    /// The derived search index. Lock order: `conn` before `index`; an import's index
    /// update holds `index` (never `conn`) across its commit, so a search never sees
    /// the database ahead of the index.
    index: RwLock<SearchIndex>,
}

/// The result of `gazette check`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CheckReport {
    pub ok: bool,
    pub problems: Vec<String>,
}

impl Archive {
    /// The platform data directory (`~/.local/share/gazette-reader` on Linux).
    pub fn default_dir() -> Result<PathBuf> {
        dirs::data_dir()
            .map(|d| d.join("gazette-reader"))
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::Io,
                    "no data directory is known for this user; pass --archive DIR",
                )
            })
    }

    /// Opens the archive in `dir`, creating it (and the directory) when it is new.
    pub fn open(dir: &Path) -> Result<Archive> {
        Self::open_with_progress(dir, &|_, _| {})
    }

    /// Opens the archive like [`Archive::open`]; when the search index must be rebuilt
    /// (missing, stale or damaged) `progress` hears (done, total) as it goes.
    pub fn open_with_progress(dir: &Path, progress: &dyn Fn(u64, u64)) -> Result<Archive> {
        std::fs::create_dir_all(dir).map_err(|e| {
            Error::with_source(
                ErrorKind::Io,
                format!("cannot create the archive directory {}: {e}", dir.display()),
                e,
            )
        })?;
        let conn = store::open(&dir.join(DATABASE_FILE))?;
        let index = SearchIndex::open(&dir.join(INDEX_DIR), &conn, progress)?;
        Ok(Archive {
            dir: dir.to_path_buf(),
            conn: Mutex::new(conn),
            index: RwLock::new(index),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn db_path(&self) -> PathBuf {
        self.dir.join(DATABASE_FILE)
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave the connection half-changed
        // (SQLite rolls back an unfinished transaction), so a poisoned lock is usable.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    // A panic while holding the index lock leaves at worst a stale index, which the
    // generation check catches, so a poisoned lock is usable.
    fn index_read(&self) -> RwLockReadGuard<'_, SearchIndex> {
        self.index.read().unwrap_or_else(|p| p.into_inner())
    }

    fn index_write(&self) -> RwLockWriteGuard<'_, SearchIndex> {
        self.index.write().unwrap_or_else(|p| p.into_inner())
    }

    /// Searches every clause and document title of the archive. The index is checked
    /// against the archive generation first: another process may have changed the
    /// archive, and a stale index is reopened or rebuilt, never served.
    pub fn search(&self, query: &str, options: &SearchOptions) -> Result<SearchResults> {
        let conn = self.conn();
        {
            let index = self.index_read();
            if index.generation() == store::generation(&conn)? {
                return index.search(&conn, query, options);
            }
        }
        let mut index = self.index_write();
        if index.generation() != store::generation(&conn)? {
            *index = SearchIndex::open(&self.dir.join(INDEX_DIR), &conn, &|_, _| {})?;
        }
        index.search(&conn, query, options)
    }

    /// Rebuilds the search index from the database.
    pub fn reindex(&self, progress: &dyn Fn(u64, u64)) -> Result<IndexReport> {
        let conn = self.conn();
        let mut index = self.index_write();
        let (rebuilt, report) = SearchIndex::build(&self.dir.join(INDEX_DIR), &conn, progress)?;
        *index = rebuilt;
        Ok(report)
    }

    pub fn issues(&self) -> Result<Vec<IssueSummary>> {
        store::issues(&self.conn())
    }

    /// The 目录 of an issue given as an id or `YEAR-NUMBER`.
    pub fn toc(&self, issue: &str) -> Result<TocView> {
        let conn = self.conn();
        let id = store::resolve_issue(&conn, issue)?;
        store::toc(&conn, id)
    }

    /// A document given as an id or a 文号 in any bracket style.
    pub fn document(&self, document: &str) -> Result<DocumentView> {
        let conn = self.conn();
        let id = store::resolve_document(&conn, document)?;
        store::document(&conn, id)
    }

    /// The original PDF of an issue.
    pub fn issue_pdf(&self, issue_id: i64) -> Result<Vec<u8>> {
        store::issue_pdf(&self.conn(), issue_id)
    }

    /// Imports one PDF. Failures are reported in the result, never raised: a batch
    /// import goes on with the next file.
    pub fn import_file(
        &self,
        file: &Path,
        options: &ImportOptions,
        progress: &dyn Fn(ImportProgress),
        cancel: &AtomicBool,
    ) -> ImportReport {
        // The index lock is held from the database commit until the index reflects it.
        // An index update that fails leaves the index a generation behind, which the
        // next search or open notices and repairs; the import itself has succeeded.
        let commit = |tx: rusqlite::Transaction, written: &store::Written| -> Result<()> {
            let mut index = self.index_write();
            tx.commit()?;
            // A fresh connection: taking `conn` here would invert the lock order. On
            // failure the index stays a generation behind, which the next search or
            // open notices and repairs by rebuilding.
            let _ = store::open(&self.db_path()).and_then(|conn| {
                index.apply_issue(
                    &conn,
                    written.issue.id,
                    written.replaced,
                    written.generation,
                )
            });
            Ok(())
        };
        import::import_file(&self.db_path(), file, options, progress, cancel, &commit)
    }

    /// Verifies the database's integrity and that the search index agrees with it.
    pub fn check(&self) -> Result<CheckReport> {
        let conn = self.conn();
        let mut problems = store::integrity_problems(&conn)?;
        problems.extend(self.index_read().problems(&conn)?);
        Ok(CheckReport {
            ok: problems.is_empty(),
            problems,
        })
    }
}
