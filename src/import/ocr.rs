//! The OCR stage of importing a scan: every page image read on its own worker, each
//! page saved as soon as it is read, so that an import stopped by a crash, a quit or
//! a cancel resumes without reading those pages again. The saved pages are dropped in
//! the transaction that stores the issue.

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Mutex, PoisonError};

use super::check_cancel;
use crate::error::{Error, ErrorKind, Result};
use crate::model::PageText;
use crate::ocr::{self, OcrPage};
use crate::views::{ImportProgress, ImportStage, OcrReport};
use crate::{extract, store};

/// A scan's pages as OCR read them, and the report on how well.
pub(crate) struct Recognised {
    pub pages: Vec<OcrPage>,
    pub report: OcrReport,
}

impl Recognised {
    /// The pages' lines, for layout and parsing.
    pub fn page_texts(&self) -> Vec<PageText> {
        self.pages.iter().map(|p| p.page.clone()).collect()
    }
}

/// The error for a PDF whose text cannot be used: when every page is a scanned sheet
/// (its text hidden behind the images by a scanner's own recognition, undecodable,
/// garbled or too poor to show the issue), it is a scan to read by OCR like one with no
/// text at all.
pub(super) fn scan_behind_unusable_text(
    error: Error,
    bytes: &[u8],
    password: Option<&str>,
) -> Error {
    let why = match error.kind() {
        ErrorKind::UndecodableText => "its fonts map no characters to Unicode",
        ErrorKind::GarbledText => "it decodes to characters that are not Chinese prose",
        ErrorKind::NotAGazette => "it shows no masthead of a gazette issue",
        _ => return error,
    };
    let scanned =
        extract::open(bytes, password).is_ok_and(|doc| ocr::is_scan(&ocr::page_images(&doc)));
    if !scanned {
        return error;
    }
    Error::new(
        ErrorKind::NoTextLayer,
        format!(
            "The PDF is a scan: every page is an image, and the text hidden behind the images cannot be used ({why}). Import it with OCR to read the images (`gazette import --ocr FILE`)."
        ),
    )
}

/// Reads every page of the scan `bytes` (hash `sha256`) by OCR, on all cores, taking
/// the pages an earlier import of the same file saved and saving each new one.
pub(super) fn recognise(
    db_path: &Path,
    bytes: &[u8],
    sha256: &str,
    password: Option<&str>,
    name: &str,
    progress: &(dyn Fn(ImportProgress) + Sync),
    cancel: &AtomicBool,
) -> Result<Recognised> {
    let images = ocr::page_images(&extract::open(bytes, password)?);
    let conn = Mutex::new(store::open(db_path)?);
    let saved = store::ocr_progress(&lock(&conn), sha256)?;
    let total = u32::try_from(images.len()).unwrap_or(u32::MAX);
    let resumed = u32::try_from(saved.len()).unwrap_or(u32::MAX).min(total);
    let done = AtomicU32::new(resumed);
    let tell = |done: u32| {
        progress(ImportProgress {
            file: name.to_string(),
            stage: ImportStage::Recognising,
            done,
            total,
        })
    };
    tell(resumed);
    check_cancel(cancel)?;
    let pages = ocr::read_pages(&images, &saved, &|page| {
        store::save_ocr_progress(&lock(&conn), sha256, page)?;
        tell(done.fetch_add(1, Ordering::Relaxed).saturating_add(1));
        check_cancel(cancel)
    })?;
    let report = OcrReport {
        pages: total,
        resumed,
        confidence: ocr::mean_confidence(pages.iter().flat_map(|p| &p.words)),
        unread: pages
            .iter()
            .filter_map(|p| p.unread.as_ref().map(|why| (p.page.index + 1, why.clone())))
            .collect(),
        structured: true,
    };
    Ok(Recognised { pages, report })
}

/// The connection, even if a worker panicked while holding it (SQLite keeps it sound).
fn lock(conn: &Mutex<rusqlite::Connection>) -> std::sync::MutexGuard<'_, rusqlite::Connection> {
    conn.lock().unwrap_or_else(PoisonError::into_inner)
}
