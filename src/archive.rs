//! The archive as the command line and the desktop app see it: one directory holding
//! the SQLite database (the source of truth, with every original PDF) and the derived
//! search index. [`Archive`] is the one entry point; it is `Send + Sync` so the app can
//! share it between its command handlers.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};

use rusqlite::Connection;

use crate::annotate::{
    self, AnnotationFilter, AnnotationPatch, AnnotationView, ExchangeReport, ExportFormat,
    NewAnnotation,
};
use crate::error::{Error, ErrorKind, Result};
use crate::import::{self, ImportOptions};
use crate::index::{FieldSpace, IndexReport, SearchIndex};
use crate::links;
use crate::search::{Query, SearchOptions, SearchResults};
use crate::store;
use crate::views::{
    DocumentView, ImportProgress, ImportReport, ImportStatus, IssueOnDay, IssueSummary, LinksView,
    Status, TocView,
};
use crate::{backup, dates, private};

/// The database file inside an archive directory.
const DATABASE_FILE: &str = "archive.sqlite3";
const INDEX_DIR: &str = "index";

/// One archive directory: its database, its search index and the locks between them.
pub struct Archive {
    dir: PathBuf,
    /// The connection for reads; imports write through their own connection so that
    /// reading goes on while an import runs (WAL lets both proceed).
    conn: Mutex<Connection>,
    /// The derived search index. Lock order: `conn` before `index`; an import's index
    /// update holds `index` (never `conn`) across its commit, so a search never sees
    /// the database ahead of the index.
    index: RwLock<IndexSlot>,
    /// Entries whose permissions were wider than the owner's and were narrowed when
    /// the archive was opened, for `check` to report.
    narrowed: Vec<String>,
}

/// The search index, or why it cannot be built or updated (a full disk, a read-only
/// medium). Only searching needs it: everything else reads SQLite, so an archive
/// whose index is unavailable stays readable, and the index is tried again at the
/// next search or import.
type IndexSlot = std::result::Result<SearchIndex, String>;

fn ready(slot: &IndexSlot) -> Result<&SearchIndex> {
    slot.as_ref().map_err(|cause| {
        Error::new(
            ErrorKind::IndexUnavailable,
            format!("the search index is unavailable: {cause}"),
        )
    })
}

/// The result of `gazette check`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CheckReport {
    /// Whether nothing is wrong.
    pub ok: bool,
    /// What is wrong, one line each.
    pub problems: Vec<String>,
    /// What opening the archive put right (permissions narrowed), one line each.
    pub repaired: Vec<String>,
    /// Issues whose 目录 does not resolve to their documents (the import's self-check
    /// on what is stored), one line each. They are readable, so not problems.
    pub unrecognised: Vec<String>,
    /// Why the search index cannot be used (a full disk, a read-only medium). Reading,
    /// the 目录 and notes work from SQLite meanwhile, so this is not a problem of the
    /// archive; the index is rebuilt once it can be written.
    pub index_unavailable: Option<String>,
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
        let conn = import::open_store(&Self::database_path(dir))?;
        let index =
            SearchIndex::open(&dir.join(INDEX_DIR), &conn, progress).map_err(|e| e.to_string());
        let narrowed = private::narrow(dir)?;
        Ok(Archive {
            dir: dir.to_path_buf(),
            conn: Mutex::new(conn),
            index: RwLock::new(index),
            narrowed,
        })
    }

    /// The archive directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The database of the archive in `dir`.
    pub fn database_path(dir: &Path) -> PathBuf {
        dir.join(DATABASE_FILE)
    }

    fn db_path(&self) -> PathBuf {
        Self::database_path(&self.dir)
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave the connection half-changed
        // (SQLite rolls back an unfinished transaction), so a poisoned lock is usable.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    // A panic while holding the index lock leaves at worst a stale index, which the
    // generation check catches, so a poisoned lock is usable.
    fn index_read(&self) -> RwLockReadGuard<'_, IndexSlot> {
        self.index.read().unwrap_or_else(|p| p.into_inner())
    }

    fn index_write(&self) -> RwLockWriteGuard<'_, IndexSlot> {
        self.index.write().unwrap_or_else(|p| p.into_inner())
    }

    /// Searches every clause and document title of the archive, each document group
    /// carrying its status today. A status cannot live in the index (it changes with
    /// the day and with other documents' repeals), so a status filter becomes the set
    /// of documents that have that status today, which the index filters by.
    pub fn search(&self, typed: &str, options: &SearchOptions) -> Result<SearchResults> {
        self.search_on(typed, options, &dates::today())
    }

    /// [`Archive::search`] with statuses, and the status filter, for `day` (ISO).
    pub fn search_on(
        &self,
        typed: &str,
        options: &SearchOptions,
        day: &str,
    ) -> Result<SearchResults> {
        let today = links::check_day(day)?;
        let query = Query::parse(typed)?;
        let query = (&query, typed);
        let Some(wanted) = options.status else {
            let mut results = self.search_index(query, options, None)?;
            let ids: Vec<i64> = results.documents.iter().map(|g| g.document_id).collect();
            let statuses = links::statuses(&self.conn(), &today, links::Scope::Documents(&ids))?;
            for group in &mut results.documents {
                group.status = statuses.get(&group.document_id).copied();
            }
            return Ok(results);
        };
        let only = self.documents_with_status(wanted, &today)?;
        let mut results = self.search_index(query, options, Some(&only))?;
        for group in &mut results.documents {
            group.status = Some(wanted);
        }
        Ok(results)
    }

    /// The exact number of hits of a search, every page together: a search returns
    /// its first page with an estimate, and this counts on request.
    pub fn count(&self, typed: &str, options: &SearchOptions) -> Result<u64> {
        self.count_on(typed, options, &dates::today())
    }

    /// [`Archive::count`] with the status filter for `day` (ISO).
    pub fn count_on(&self, typed: &str, options: &SearchOptions, day: &str) -> Result<u64> {
        let today = links::check_day(day)?;
        let query = Query::parse(typed)?;
        let only = match options.status {
            None => None,
            Some(wanted) => Some(self.documents_with_status(wanted, &today)?),
        };
        self.with_index(&|index, conn| index.count(conn, &query, options, only.as_ref()))
    }

    /// The documents that have `wanted` status on `today`.
    fn documents_with_status(&self, wanted: Status, today: &str) -> Result<HashSet<i64>> {
        Ok(links::statuses(&self.conn(), today, links::Scope::All)?
            .into_iter()
            .filter_map(|(id, status)| (status == wanted).then_some(id))
            .collect())
    }

    /// Searches the index, only among the documents `only` when given.
    fn search_index(
        &self,
        (query, typed): (&Query, &str),
        options: &SearchOptions,
        only: Option<&HashSet<i64>>,
    ) -> Result<SearchResults> {
        self.with_index(&|index, conn| index.search(conn, query, typed, options, only))
    }

    /// Runs `run` on the search index. It is checked against the archive generation
    /// first: another process may have changed the archive, and a stale index is
    /// reopened or rebuilt, never served.
    fn with_index<T>(&self, run: &dyn Fn(&SearchIndex, &Connection) -> Result<T>) -> Result<T> {
        let conn = self.conn();
        {
            let index = self.index_read();
            if let Ok(index) = &*index {
                if index.generation() == store::generation(&conn)? {
                    return run(index, &conn);
                }
            }
        }
        let mut index = self.index_write();
        let generation = store::generation(&conn)?;
        if !matches!(&*index, Ok(current) if current.generation() == generation) {
            // Also how an unavailable index comes back once it can be written again.
            *index = SearchIndex::open(&self.dir.join(INDEX_DIR), &conn, &|_, _| {})
                .map_err(|e| e.to_string());
        }
        run(ready(&index)?, &conn)
    }

    /// What each field of the search index takes on disk, largest first.
    pub fn index_space(&self) -> Result<Vec<FieldSpace>> {
        ready(&self.index_read())?.space_by_field()
    }

    /// Rebuilds the search index from the database.
    pub fn reindex(&self, progress: &dyn Fn(u64, u64)) -> Result<IndexReport> {
        let conn = self.conn();
        let mut index = self.index_write();
        let (rebuilt, report) = SearchIndex::build(&self.dir.join(INDEX_DIR), &conn, progress)?;
        *index = Ok(rebuilt);
        private::narrow(&self.dir.join(INDEX_DIR))?;
        Ok(report)
    }

    /// Every issue, newest first within each gazette.
    pub fn issues(&self) -> Result<Vec<IssueSummary>> {
        store::issues(&self.conn())
    }

    /// [`Archive::issues`] with how many documents of each are in force, expired,
    /// repealed or not yet in force on `day` (ISO).
    pub fn issues_on(&self, day: &str) -> Result<Vec<IssueOnDay>> {
        let day = links::check_day(day)?;
        let conn = self.conn();
        let mut counts = links::issue_statuses(&conn, &day)?;
        Ok(store::issues(&conn)?
            .into_iter()
            .map(|summary| IssueOnDay {
                statuses: counts.remove(&summary.issue.id).unwrap_or_default(),
                summary,
            })
            .collect())
    }

    /// The 目录 of an issue given as an id or `YEAR-NUMBER`.
    pub fn toc(&self, issue: &str) -> Result<TocView> {
        self.toc_on(issue, &dates::today())
    }

    /// [`Archive::toc`] with each document's status on `day` (ISO).
    pub fn toc_on(&self, issue: &str, day: &str) -> Result<TocView> {
        let day = links::check_day(day)?;
        let conn = self.conn();
        let id = store::resolve_issue(&conn, issue)?;
        let mut toc = store::toc(&conn, id)?;
        let statuses = links::statuses(&conn, &day, links::Scope::Issue(id))?;
        for entry in toc.sections.iter_mut().flat_map(|s| s.entries.iter_mut()) {
            entry.status = entry.document_id.and_then(|d| statuses.get(&d).copied());
        }
        Ok(toc)
    }

    /// A document given as an id or a 文号 in any bracket style, with its status today.
    pub fn document(&self, document: &str) -> Result<DocumentView> {
        self.document_on(document, &dates::today())
    }

    /// [`Archive::document`] with its status on `day` (ISO).
    pub fn document_on(&self, document: &str, day: &str) -> Result<DocumentView> {
        let day = links::check_day(day)?;
        let conn = self.conn();
        let id = store::resolve_document(&conn, document)?;
        let mut view = store::document(&conn, id)?;
        view.status = links::statuses(&conn, &day, links::Scope::Document(id))?.remove(&id);
        Ok(view)
    }

    /// A citation of a document (id or 文号) or of its clause `clause` (see
    /// [`crate::cite::cite`]) in `style`.
    pub fn cite(
        &self,
        document: &str,
        clause: Option<&str>,
        style: crate::cite::Style,
    ) -> Result<crate::cite::CitationView> {
        let conn = self.conn();
        let id = store::resolve_document(&conn, document)?;
        let view = store::document(&conn, id)?;
        crate::cite::cite(&view, crate::deeplink::ordinal(&conn, id)?, clause, style)
    }

    /// Where a `gazette://` link (see [`crate::deeplink`]) leads in this archive.
    pub fn open_link(&self, url: &str) -> Result<crate::deeplink::LinkTarget> {
        crate::deeplink::ClauseLink::parse(url)?.resolve(&self.conn())
    }

    /// Two versions of a document (ids or 文号), compared clause by clause.
    pub fn diff(&self, old: &str, new: &str) -> Result<crate::diff::DiffView> {
        let conn = self.conn();
        let old = store::document(&conn, store::resolve_document(&conn, old)?)?;
        let new = store::document(&conn, store::resolve_document(&conn, new)?)?;
        Ok(crate::diff::diff(&old, &new))
    }

    /// What a document (id or 文号) cites and repeals, what cites and repeals it, and
    /// its status today.
    pub fn links(&self, document: &str) -> Result<LinksView> {
        self.links_on(document, &dates::today())
    }

    /// [`Archive::links`] with the status computed for `day` (ISO `YYYY-MM-DD`).
    pub fn links_on(&self, document: &str, day: &str) -> Result<LinksView> {
        let day = links::check_day(day)?;
        let conn = self.conn();
        let id = store::resolve_document(&conn, document)?;
        links::links(&conn, id, &day)
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
        progress: &(dyn Fn(ImportProgress) + Sync),
        cancel: &AtomicBool,
    ) -> ImportReport {
        let commit =
            |tx: rusqlite::Transaction, written: &store::Written| self.commit_import(tx, written);
        let mut report =
            import::import_file(&self.db_path(), file, options, progress, cancel, &commit);
        self.note_index(&mut report);
        report
    }

    /// Imports several PDFs, preparing them in parallel and writing each whole or not
    /// at all, in the order given; one report per file, in that order. `finished`
    /// hears each report as soon as it is made, with the number of files done.
    pub fn import_files(
        &self,
        files: &[PathBuf],
        options: &ImportOptions,
        progress: &(dyn Fn(ImportProgress) + Sync),
        cancel: &AtomicBool,
        finished: &mut dyn FnMut(usize, &ImportReport),
    ) -> Vec<ImportReport> {
        let commit =
            |tx: rusqlite::Transaction, written: &store::Written| self.commit_import(tx, written);
        let mut noted = |done: usize, report: &ImportReport| {
            let mut report = report.clone();
            self.note_index(&mut report);
            finished(done, &report);
        };
        let mut reports = import::import_files(
            &self.db_path(),
            files,
            options,
            progress,
            cancel,
            &commit,
            &mut noted,
        );
        for report in &mut reports {
            self.note_index(report);
        }
        reports
    }

    /// Tells an import's report that the search index could not take its issue, so
    /// the reader knows searching will find it only once the index catches up.
    fn note_index(&self, report: &mut ImportReport) {
        if !matches!(
            report.status,
            ImportStatus::Imported | ImportStatus::Replaced
        ) {
            return;
        }
        if let Err(cause) = &*self.index_read() {
            report.index_pending = Some(cause.clone());
        }
    }

    /// Commits an import and brings the index up to date with it. The index lock is
    /// held from the database commit until the index reflects it. An index that cannot
    /// be updated (or, unavailable before, still cannot be built) is marked unavailable
    /// with the cause; the next search or open tries again. The import itself has
    /// succeeded.
    fn commit_import(&self, tx: rusqlite::Transaction, written: &store::Written) -> Result<()> {
        let mut index = self.index_write();
        tx.commit()?;
        // A fresh connection: taking `conn` here would invert the lock order.
        let updated = store::open(&self.db_path()).and_then(|conn| {
            if let Ok(current) = &mut *index {
                return current.apply_issue(
                    &conn,
                    written.issue.id,
                    written.replaced,
                    written.generation,
                );
            }
            *index = Ok(SearchIndex::open(
                &self.dir.join(INDEX_DIR),
                &conn,
                &|_, _| {},
            )?);
            Ok(())
        });
        if let Err(e) = updated {
            *index = Err(e.to_string());
        }
        // The index writes its new files with the process's default mode. Failing to
        // narrow them fails nothing else: the next open narrows them and `check` says so.
        let _ = private::narrow(&self.dir.join(INDEX_DIR));
        Ok(())
    }

    /// Writes the whole archive (issues, original PDFs, annotations) to one new file.
    pub fn backup(&self, target: &Path) -> Result<()> {
        backup::backup(&self.conn(), target)
    }

    /// Replaces the archive in `dir` with the backup `file` and opens it; the search
    /// index is rebuilt from the restored database. The database that was there is kept
    /// beside it, and its path returned, so restoring over the wrong archive loses
    /// nothing. No other process may have the archive open.
    pub fn restore(dir: &Path, file: &Path) -> Result<(Archive, Option<PathBuf>)> {
        std::fs::create_dir_all(dir)?;
        let kept = backup::restore(file, &Self::database_path(dir))?;
        // The old index may carry the same generation number as the restored database
        // while describing other issues, so it must go rather than be trusted.
        let index_dir = dir.join(INDEX_DIR);
        if index_dir.exists() {
            std::fs::remove_dir_all(&index_dir)?;
        }
        Ok((Archive::open(dir)?, kept))
    }

    /// Adds a bookmark, highlight or note on a clause of a document.
    pub fn add_annotation(&self, new: &NewAnnotation) -> Result<AnnotationView> {
        annotate::add(&mut self.conn(), new)
    }

    /// The annotations that match `filter`, in reading order, orphans included.
    pub fn annotations(&self, filter: &AnnotationFilter) -> Result<Vec<AnnotationView>> {
        annotate::list(&self.conn(), filter)
    }

    /// One annotation by id.
    pub fn annotation(&self, id: &str) -> Result<AnnotationView> {
        annotate::get(&self.conn(), id)
    }

    /// Changes an annotation's note, tags or colour.
    pub fn update_annotation(&self, id: &str, patch: &AnnotationPatch) -> Result<AnnotationView> {
        annotate::update(&mut self.conn(), id, patch)
    }

    /// Deletes an annotation by id.
    pub fn delete_annotation(&self, id: &str) -> Result<()> {
        annotate::delete(&self.conn(), id)
    }

    /// The annotations that match `filter` as Markdown or W3C JSON-LD.
    pub fn export_annotations(
        &self,
        format: ExportFormat,
        filter: &AnnotationFilter,
    ) -> Result<String> {
        Ok(annotate::export(format, &self.annotations(filter)?))
    }

    /// Merges W3C JSON-LD annotations (from [`Archive::export_annotations`] of this or
    /// another archive) without duplicates; bad input changes nothing.
    pub fn import_annotations(&self, json: &str) -> Result<ExchangeReport> {
        annotate::import_w3c(&mut self.conn(), json)
    }

    /// Every annotation version made or deleted on or after `since` (an ISO day or
    /// time; None: all), with the conflicts found so far, as one bundle for another
    /// archive's [`Archive::import_bundle`].
    pub fn export_bundle(&self, since: Option<&str>) -> Result<String> {
        if let Some(since) = since {
            links::check_day(since.get(..10).unwrap_or(since))?;
        }
        annotate::export_bundle(&self.conn(), since)
    }

    /// Merges an annotation bundle: additions, edits and deletions; concurrent edits
    /// are kept as conflicts. Bad input changes nothing.
    pub fn import_bundle(&self, text: &str) -> Result<annotate::SyncReport> {
        annotate::import_bundle(&mut self.conn(), text)
    }

    /// Annotation versions that lost to concurrent ones, with what is kept instead.
    pub fn annotation_conflicts(&self) -> Result<Vec<annotate::ConflictView>> {
        annotate::conflicts(&self.conn())
    }

    /// Verifies the database's integrity and that the search index agrees with it.
    pub fn check(&self) -> Result<CheckReport> {
        let conn = self.conn();
        let mut problems = store::integrity_problems(&conn)?;
        problems.extend(store::foreign_objects(&conn)?);
        let index_unavailable = match &*self.index_read() {
            Ok(index) => {
                problems.extend(index.problems(&conn)?);
                None
            }
            Err(cause) => Some(cause.clone()),
        };
        let mut unrecognised = Vec::new();
        for summary in store::issues(&conn)? {
            let toc = store::toc_check(&conn, summary.issue.id)?;
            if !toc.complete() {
                unrecognised.push(format!("{}: {}", summary.issue.name(), toc.summary()));
            }
        }
        Ok(CheckReport {
            ok: problems.is_empty(),
            problems,
            repaired: self.narrowed.clone(),
            unrecognised,
            index_unavailable,
        })
    }
}
