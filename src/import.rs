//! Importing a PDF into the archive: read, hash, skip a duplicate, extract, parse and
//! write the issue in one transaction. An issue appears whole or not at all: nothing
//! touches the database before the PDF has been fully read and understood, and the
//! write is a single SQLite transaction.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use sha2::{Digest, Sha256};

use crate::error::{Error, ErrorKind, Result};
use crate::views::{ErrorView, ImportProgress, ImportReport, ImportStage, ImportStatus};
use crate::{extract, parse, store};

/// How to import one file.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The user password of an encrypted PDF.
    pub password: Option<String>,
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
    pub annotations: Option<crate::annotate::AnchorCounts>,
}

/// Imports one PDF into the archive database at `db_path` and reports the outcome;
/// every failure becomes an `error` report, never a panic.
pub(crate) fn import_file(
    db_path: &Path,
    file: &Path,
    options: &ImportOptions,
    progress: &dyn Fn(ImportProgress),
    cancel: &AtomicBool,
    commit: &CommitHook<'_>,
) -> ImportReport {
    let name = file.display().to_string();
    match run(db_path, file, &name, options, progress, cancel, commit) {
        Ok(done) => ImportReport {
            file: name,
            status: done.status,
            issue: Some(done.issue),
            documents: Some(done.documents),
            error: None,
            annotations: done.annotations,
        },
        Err(e) => ImportReport {
            file: name,
            status: ImportStatus::Error,
            issue: None,
            documents: None,
            error: Some(ErrorView::from(&e)),
            annotations: None,
        },
    }
}

fn run(
    db_path: &Path,
    file: &Path,
    name: &str,
    options: &ImportOptions,
    progress: &dyn Fn(ImportProgress),
    cancel: &AtomicBool,
    commit: &CommitHook<'_>,
) -> Result<Imported> {
    let report = |stage| {
        progress(ImportProgress {
            file: name.to_string(),
            stage,
            done: 0,
            total: 0,
        })
    };
    let check_cancel = || {
        if cancel.load(Ordering::Relaxed) {
            Err(Error::new(
                ErrorKind::Cancelled,
                "import cancelled; the archive is unchanged",
            ))
        } else {
            Ok(())
        }
    };

    report(ImportStage::Reading);
    let bytes = std::fs::read(file)
        .map_err(|e| Error::with_source(ErrorKind::Io, format!("cannot read {name}: {e}"), e))?;
    let sha256 = hex(&Sha256::digest(&bytes));
    {
        let conn = store::open(db_path)?;
        if let store::Existing::SamePdf(issue) = store::find_by_hash(&conn, &sha256)? {
            let documents = store::issue(&conn, issue.id)?.documents;
            report(ImportStage::Done);
            return Ok(Imported {
                status: ImportStatus::Duplicate,
                issue,
                documents,
                annotations: None,
            });
        }
    }

    check_cancel()?;
    report(ImportStage::Extracting);
    let pages = extract::extract_pages(&bytes, options.password.as_deref())?;

    check_cancel()?;
    report(ImportStage::Parsing);
    let parsed = parse::parse_issue(&pages)?;

    check_cancel()?;
    report(ImportStage::Storing);
    let file_name = file
        .file_name()
        .map_or_else(|| name.to_string(), |n| n.to_string_lossy().into_owned());
    let mut conn = store::open(db_path)?;
    let tx = conn.transaction()?;
    let written = store::write_issue(
        &tx,
        &parsed,
        &store::SourcePdf {
            bytes: &bytes,
            sha256: &sha256,
            file_name: &file_name,
        },
    )?;
    // The old edition's rows are gone; its annotations are re-found in the new text
    // before the commit, so the issue and its annotations change together.
    let annotations = crate::annotate::reanchor_issue(&tx, &written.issue)?;
    check_cancel()?;
    report(ImportStage::Indexing);
    commit(tx, &written)?;
    report(ImportStage::Done);
    Ok(Imported {
        status: if written.replaced.is_some() {
            ImportStatus::Replaced
        } else {
            ImportStatus::Imported
        },
        issue: written.issue,
        documents: parsed.documents.len() as u32,
        annotations: Some(annotations),
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
