//! Importing a PDF into the archive: read, hash, skip a duplicate, extract, parse and
//! write the issue in one transaction. An issue appears whole or not at all: nothing
//! touches the database before the PDF has been fully read and understood, and the
//! write is a single SQLite transaction. Several files are prepared (read, extracted,
//! parsed) in parallel and written one at a time, in order.

use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex, PoisonError};

use sha2::{Digest, Sha256};

use crate::error::{Error, ErrorKind, Result};
use crate::model::{PageText, ParsedIssue};
use crate::parse::selfcheck::{check_issue, TocCheck};
use crate::views::{ErrorView, ImportProgress, ImportReport, ImportStage, ImportStatus, OcrReport};
use crate::{extract, links, parse, store};

mod ocr;

/// How to import one file.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The user password of an encrypted PDF.
    pub password: Option<String>,
    /// Replace a stored edition of the issue even when the new one recognises fewer
    /// of its 目录 entries.
    pub replace: bool,
    /// Read a PDF without a text layer (a scan) by OCR instead of refusing it.
    pub ocr: bool,
}

/// Opens the archive database at `db` (creating it when new) with its schema and what
/// derives from the stored text (links) up to date.
pub fn open_store(db: &Path) -> Result<rusqlite::Connection> {
    let mut conn = store::open(db)?;
    links::refresh(&mut conn)?;
    Ok(conn)
}

/// Writes a parsed issue inside the caller's transaction: the store's rows, then the
/// links extracted from each document. Every way into the archive goes through here,
/// imports and the tools and tests that write parsed issues straight.
pub fn write_parsed(
    tx: &rusqlite::Transaction,
    parsed: &ParsedIssue,
    pdf: &store::SourcePdf,
) -> Result<store::Written> {
    let written = store::write_issue(tx, parsed, pdf)?;
    for (&id, document) in written.documents.iter().zip(&parsed.documents) {
        links::write(tx, id, &links::extract_document(document))?;
    }
    Ok(written)
}

/// Commits the import's transaction and brings the search index up to date with it.
pub(crate) type CommitHook<'a> =
    dyn Fn(rusqlite::Transaction<'_>, &store::Written) -> Result<()> + 'a;

/// What a successful import did, before it is turned into a report.
pub(crate) struct Imported {
    pub status: ImportStatus,
    pub issue: crate::views::IssueRef,
    pub documents: u32,
    /// None for a duplicate, which touches no annotation.
    pub annotations: Option<crate::views::AnchorCounts>,
    /// The 目录 self-check of the edition now stored.
    pub toc: Option<TocCheck>,
    /// How OCR read it, for a scan.
    pub ocr: Option<OcrReport>,
}

/// Imports one PDF into the archive database at `db_path` and reports the outcome;
/// every failure becomes an `error` report, never a panic.
pub(crate) fn import_file(
    db_path: &Path,
    file: &Path,
    options: &ImportOptions,
    progress: &(dyn Fn(ImportProgress) + Sync),
    cancel: &AtomicBool,
    commit: &CommitHook<'_>,
) -> ImportReport {
    let name = file.display().to_string();
    let outcome = prepare(db_path, file, &name, options, progress, cancel)
        .and_then(|prepared| write(db_path, prepared, &name, progress, cancel, commit));
    report(name, outcome)
}

/// Imports several PDFs: up to one file per core is read, extracted and parsed at a
/// time while the files before it are written, each in its own transaction and in
/// the order given, so the reports (and which of two copies counts as the duplicate)
/// do not depend on timing. `finished` hears each report as it is made, with how many
/// are done.
pub(crate) fn import_files(
    db_path: &Path,
    files: &[PathBuf],
    options: &ImportOptions,
    progress: &(dyn Fn(ImportProgress) + Sync),
    cancel: &AtomicBool,
    commit: &CommitHook<'_>,
    finished: &mut dyn FnMut(usize, &ImportReport),
) -> Vec<ImportReport> {
    let workers = std::thread::available_parallelism()
        .map(NonZeroUsize::get)
        .unwrap_or(1)
        .min(files.len());
    // Files prepared ahead of the writer wait in memory (PDF bytes and parsed text);
    // the window bounds how many.
    let window = Window {
        size: 2 * workers,
        written: Mutex::new(0),
        moved: Condvar::new(),
    };
    let next = AtomicUsize::new(0);
    let (sender, receiver) = mpsc::channel::<(usize, Result<Prepared>)>();
    let mut reports: Vec<ImportReport> = Vec::with_capacity(files.len());

    std::thread::scope(|scope| {
        for _ in 0..workers {
            let sender = sender.clone();
            let (next, window) = (&next, &window);
            let work = move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(file) = files.get(i) else { break };
                window.wait_for(i);
                let name = file.display().to_string();
                let prepared = std::panic::catch_unwind(AssertUnwindSafe(|| {
                    prepare(db_path, file, &name, options, progress, cancel)
                }))
                .unwrap_or_else(|_| {
                    Err(Error::new(
                        ErrorKind::ExtractionFailed,
                        format!("Reading {name} failed unexpectedly; the archive is unchanged. Try importing the file on its own."),
                    ))
                });
                if sender.send((i, prepared)).is_err() {
                    break;
                }
            };
            // A worker that cannot start leaves its files to the others; if none
            // starts, every file is reported as failed below.
            let _ = std::thread::Builder::new()
                .name("import".into())
                .spawn_scoped(scope, work);
        }
        drop(sender);

        let _open = OpenOnDrop(&window);
        let mut ready: BTreeMap<usize, Result<Prepared>> = BTreeMap::new();
        while let Some(file) = files.get(reports.len()) {
            let i = reports.len();
            let Some(prepared) = ready.remove(&i) else {
                match receiver.recv() {
                    Ok((j, prepared)) => {
                        ready.insert(j, prepared);
                        continue;
                    }
                    Err(_) => {
                        ready.insert(
                            i,
                            Err(Error::new(
                                ErrorKind::Io,
                                "The import could not start its worker threads; the archive is unchanged. Try again.",
                            )),
                        );
                        continue;
                    }
                }
            };
            let name = file.display().to_string();
            let outcome = prepared
                .and_then(|prepared| write(db_path, prepared, &name, progress, cancel, commit));
            let done = report(name, outcome);
            finished(i + 1, &done);
            reports.push(done);
            window.set(reports.len());
        }
    });
    reports
}

/// How far the writer has got, so that workers stay at most `size` files ahead of it.
struct Window {
    size: usize,
    written: Mutex<usize>,
    moved: Condvar,
}

impl Window {
    fn wait_for(&self, file: usize) {
        // The count is a plain number, valid even if a holder panicked.
        let mut written = self.written.lock().unwrap_or_else(PoisonError::into_inner);
        while file >= written.saturating_add(self.size) {
            written = self
                .moved
                .wait(written)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    fn set(&self, written: usize) {
        *self.written.lock().unwrap_or_else(PoisonError::into_inner) = written;
        self.moved.notify_all();
    }
}

/// Opens the window for good when the writer stops, by a panic too, so that no worker
/// waits for it forever and the scope can join them.
struct OpenOnDrop<'a>(&'a Window);

impl Drop for OpenOnDrop<'_> {
    fn drop(&mut self) {
        self.0.set(usize::MAX);
    }
}

fn report(file: String, outcome: Result<Imported>) -> ImportReport {
    match outcome {
        Ok(done) => ImportReport {
            file,
            status: done.status,
            issue: Some(done.issue),
            documents: Some(done.documents),
            error: None,
            annotations: done.annotations,
            index_pending: None,
            toc: done.toc,
            ocr: done.ocr,
        },
        Err(e) => ImportReport {
            file,
            status: ImportStatus::Error,
            issue: None,
            documents: None,
            error: Some(ErrorView::from(&e)),
            annotations: None,
            index_pending: None,
            toc: None,
            ocr: None,
        },
    }
}

/// A file read and understood, not yet written.
enum Prepared {
    /// The archive already holds this exact PDF.
    Duplicate(Box<Imported>),
    New(Box<NewIssue>),
}

struct NewIssue {
    bytes: Vec<u8>,
    sha256: String,
    file_name: String,
    parsed: ParsedIssue,
    /// Whether a stored edition that recognises more may be replaced all the same.
    replace: bool,
    /// The pages as OCR read them, for a scan.
    ocr: Option<ocr::Recognised>,
}

fn stage(progress: &dyn Fn(ImportProgress), name: &str, stage: ImportStage) {
    progress(ImportProgress {
        file: name.to_string(),
        stage,
        done: 0,
        total: 0,
    })
}

/// Names the file (by its file name) whose preparation panics, in debug builds only:
/// how the tests show that a panic in one file leaves its neighbours' imports and
/// reports intact, which no well-formed input can otherwise provoke on purpose.
pub const PANIC_HOOK_VAR: &str = "GAZETTE_TEST_PANIC_ON";

fn panic_hook(file: &Path) {
    if cfg!(debug_assertions)
        && std::env::var_os(PANIC_HOOK_VAR).is_some_and(|n| file.file_name() == Some(&*n))
    {
        panic!("{PANIC_HOOK_VAR} names {}", file.display());
    }
}

fn check_cancel(cancel: &AtomicBool) -> Result<()> {
    if cancel.load(Ordering::Relaxed) {
        Err(Error::new(
            ErrorKind::Cancelled,
            "import cancelled; the archive is unchanged",
        ))
    } else {
        Ok(())
    }
}

/// Reads, hashes, extracts and parses a file; touches nothing in the archive.
fn prepare(
    db_path: &Path,
    file: &Path,
    name: &str,
    options: &ImportOptions,
    progress: &(dyn Fn(ImportProgress) + Sync),
    cancel: &AtomicBool,
) -> Result<Prepared> {
    check_cancel(cancel)?;
    stage(progress, name, ImportStage::Reading);
    let bytes = std::fs::read(file)
        .map_err(|e| Error::with_source(ErrorKind::Io, format!("cannot read {name}: {e}"), e))?;
    let sha256 = hex(&Sha256::digest(&bytes));
    // A known PDF is not extracted again. `write` checks once more, for the same file
    // listed twice in one batch or imported meanwhile by another process.
    if let Some(known) = duplicate(&store::open(db_path)?, &sha256)? {
        return Ok(Prepared::Duplicate(Box::new(known)));
    }

    check_cancel(cancel)?;
    stage(progress, name, ImportStage::Extracting);
    let pages_read = |done, total| {
        progress(ImportProgress {
            file: name.to_string(),
            stage: ImportStage::Extracting,
            done,
            total,
        })
    };
    let password = options.password.as_deref();
    let file_name = file
        .file_name()
        .map_or_else(|| name.to_string(), |n| n.to_string_lossy().into_owned());
    let parse = |pages: &[PageText]| {
        check_cancel(cancel)?;
        stage(progress, name, ImportStage::Parsing);
        panic_hook(file);
        parse::parse_issue(pages)
    };
    let from_text = extract::extract_pages_reporting(&bytes, password, &pages_read)
        .and_then(|pages| parse(&pages))
        .map_err(|e| ocr::scan_behind_unusable_text(e, &bytes, password));
    let (parsed, recognised) = match from_text {
        Err(e) if e.kind() == ErrorKind::NoTextLayer && options.ocr => {
            let mut read =
                ocr::recognise(db_path, &bytes, &sha256, password, name, progress, cancel)?;
            let pages = read.page_texts();
            let parsed = match parse(&pages) {
                // A scan is kept even when OCR text shows no gazette structure: its
                // pages are still worth searching.
                Err(e) if e.kind() == ErrorKind::NotAGazette => {
                    read.report.structured = false;
                    let stem = file
                        .file_stem()
                        .map_or_else(|| file_name.clone(), |s| s.to_string_lossy().into_owned());
                    parse::pages_only(&pages, &stem)
                }
                parsed => parsed?,
            };
            (parsed, Some(read))
        }
        parsed => (parsed?, None),
    };
    Ok(Prepared::New(Box::new(NewIssue {
        bytes,
        sha256,
        file_name,
        parsed,
        replace: options.replace,
        ocr: recognised,
    })))
}

fn duplicate(conn: &rusqlite::Connection, sha256: &str) -> Result<Option<Imported>> {
    let store::Existing::SamePdf(issue) = store::find_by_hash(conn, sha256)? else {
        return Ok(None);
    };
    let documents = store::issue(conn, issue.id)?.documents;
    let toc = Some(store::toc_check(conn, issue.id)?);
    Ok(Some(Imported {
        status: ImportStatus::Duplicate,
        issue,
        documents,
        annotations: None,
        toc,
        ocr: None,
    }))
}

/// Writes a prepared issue in one transaction and commits it through `commit`.
fn write(
    db_path: &Path,
    prepared: Prepared,
    name: &str,
    progress: &(dyn Fn(ImportProgress) + Sync),
    cancel: &AtomicBool,
    commit: &CommitHook<'_>,
) -> Result<Imported> {
    let new = match prepared {
        Prepared::Duplicate(known) => {
            stage(progress, name, ImportStage::Done);
            return Ok(*known);
        }
        Prepared::New(new) => new,
    };
    check_cancel(cancel)?;
    stage(progress, name, ImportStage::Storing);
    let mut conn = store::open(db_path)?;
    let tx = conn.transaction()?;
    if let Some(known) = duplicate(&tx, &new.sha256)? {
        stage(progress, name, ImportStage::Done);
        return Ok(known);
    }
    let toc = check_issue(&new.parsed);
    guard_edition(&tx, &new.parsed, &toc, new.replace)?;
    let written = write_parsed(
        &tx,
        &new.parsed,
        &store::SourcePdf {
            bytes: &new.bytes,
            sha256: &new.sha256,
            file_name: &new.file_name,
        },
    )?;
    if let Some(read) = &new.ocr {
        store::write_ocr(&tx, written.issue.id, &new.sha256, &read.pages)?;
    }
    // The old edition's rows are gone; its annotations are re-found in the new text
    // before the commit, so the issue and its annotations change together.
    let annotations = crate::annotate::reanchor_issue(&tx, &written.issue)?;
    check_cancel(cancel)?;
    stage(progress, name, ImportStage::Indexing);
    commit(tx, &written)?;
    stage(progress, name, ImportStage::Done);
    Ok(Imported {
        status: if written.replaced.is_some() {
            ImportStatus::Replaced
        } else {
            ImportStatus::Imported
        },
        issue: written.issue,
        documents: new.parsed.documents.len() as u32,
        annotations: Some(annotations),
        toc: Some(toc),
        ocr: new.ocr.map(|read| read.report),
    })
}

/// Refuses, unless asked to replace, a new edition of a stored issue that resolves
/// fewer 目录 entries than the stored one: a worse reading of the same issue must not
/// silently take the place of a better one.
fn guard_edition(
    conn: &rusqlite::Connection,
    parsed: &ParsedIssue,
    new: &TocCheck,
    replace: bool,
) -> Result<()> {
    let Some(stored_id) = store::edition_of(conn, &parsed.gazette, parsed.year, parsed.number)?
    else {
        return Ok(());
    };
    let stored = store::toc_check(conn, stored_id)?;
    if replace || new.recognised >= stored.recognised {
        return Ok(());
    }
    Err(Error::new(
        ErrorKind::WorseEdition,
        format!(
            "this edition of {} {}年{} recognises fewer 目录 entries than the stored one \
             ({} of {} against {} of {}): {}. The stored edition is kept; import with \
             --replace to replace it all the same.",
            parsed.gazette,
            parsed.year,
            parsed.number_label,
            new.recognised,
            new.listed,
            stored.recognised,
            stored.listed,
            new.summary()
        ),
    ))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
