//! PDF bytes → positioned text lines ([`PageText`]), the first stage of an import.
//!
//! This module owns everything between the raw file and the lines: recognising what
//! is not a PDF, opening encrypted files, running pdf-extract (untrusted-input code)
//! in isolation page by page and in parallel, and refusing text that is blank,
//! undecodable or garbled, so that nothing wrong reaches the archive.

mod batch;
mod cmap;
mod fonts;
mod isolate;
pub(crate) mod lines;
pub(crate) mod pool;
mod quality;
mod tounicode;
mod walk;

use std::sync::atomic::{AtomicU32, Ordering};

use lopdf::{Document, LoadOptions, Object, ObjectId};

use crate::error::{Error, ErrorKind, Result};
use crate::model::PageText;
use batch::{Batch, BatchCollector};
use lines::{PageCollector, PageGlyphs, MAX_GLYPHS_PER_PAGE};
use pdf_extract::{MediaBox, OutputDev, OutputError};
pub(crate) use walk::{inherited_box, inherited_resources};

/// Reads every page; checks the text is real (not blank, not undecodable, not garbled).
pub fn extract_pages(pdf: &[u8], password: Option<&str>) -> Result<Vec<PageText>> {
    extract_pages_reporting(pdf, password, &|_, _| {})
}

/// [`extract_pages`], telling `pages_read` how many pages of how many are read each
/// time a group of pages is done (from any worker thread, in no fixed order of groups).
pub fn extract_pages_reporting(
    pdf: &[u8],
    password: Option<&str>,
    pages_read: &(dyn Fn(u32, u32) + Sync),
) -> Result<Vec<PageText>> {
    let mut doc = load(pdf, password)?;
    // lopdf parses more of the file here; it is untrusted-input code too.
    let plan = isolate::contain(|| prepare(&mut doc))
        .unwrap_or_else(|panic| Err(preparation_failed(&panic)))?;
    let pages = extract_all(&doc, &plan, pages_read)?;
    quality::check(&pages)?;
    Ok(pages.into_iter().map(|p| p.page).collect())
}

/// The error for a panic while the document was being prepared for pdf-extract.
fn preparation_failed(panic: &str) -> Error {
    Error::new(
        ErrorKind::ExtractionFailed,
        format!("The PDF could not be prepared for reading ({panic}). The file is damaged or uses a PDF feature that is not supported; try exporting the PDF again from its source."),
    )
}

/// Opens a PDF for reading its page images (a scan), with the same checks and errors
/// as for reading its text.
pub fn open(pdf: &[u8], password: Option<&str>) -> Result<Document> {
    let doc = load(pdf, password)?;
    walk::check_pages(&doc)?;
    Ok(doc)
}

/// Opens the document, decrypting it when needed. Files with only an owner password
/// (an empty user password) open without asking.
fn load(pdf: &[u8], password: Option<&str>) -> Result<Document> {
    if !looks_like_pdf(pdf) {
        return Err(Error::new(
            ErrorKind::NotAPdf,
            "The file is not a PDF (it is empty or has no PDF header). Choose the PDF edition of the gazette issue.",
        ));
    }
    let options = match password {
        Some(p) => LoadOptions::with_password(p),
        None => LoadOptions::default(),
    };
    let loaded = isolate::contain(|| Document::load_mem_with_options(pdf, options));
    let doc = match loaded {
        Ok(Ok(doc)) => doc,
        Ok(Err(e)) => return Err(load_error(e, password.is_some())),
        Err(panic) => {
            return Err(Error::new(
                ErrorKind::DamagedPdf,
                format!("The PDF is damaged and could not be opened ({panic}). Obtain an intact copy of the file."),
            ))
        }
    };
    if doc.is_encrypted() {
        return Err(password_error(password.is_some()));
    }
    Ok(doc)
}

/// A PDF starts with `%PDF-`, though some writers put junk before it; readers accept
/// the header anywhere in the first kilobyte.
fn looks_like_pdf(pdf: &[u8]) -> bool {
    let head = &pdf[..pdf.len().min(1024)];
    head.windows(5).any(|w| w == b"%PDF-")
}

fn password_error(given: bool) -> Error {
    if given {
        Error::new(
            ErrorKind::WrongPassword,
            "The password does not open this PDF. Check the password and try again.",
        )
    } else {
        Error::new(
            ErrorKind::PasswordRequired,
            "This PDF is protected by a password. Enter the document password to import it.",
        )
    }
}

fn load_error(e: lopdf::Error, password_given: bool) -> Error {
    match e {
        lopdf::Error::InvalidPassword
        | lopdf::Error::Decryption(lopdf::encryption::DecryptionError::IncorrectPassword) => {
            password_error(password_given)
        }
        other => Error::with_source(
            ErrorKind::DamagedPdf,
            format!("The PDF is damaged or truncated and cannot be read ({other}). Obtain a complete copy of the file."),
            other,
        ),
    }
}

/// Makes the document safe and readable for pdf-extract: refuses missing pages and
/// page trees that loop, drops image data (pdf-extract parses an image invoked with
/// `Do` as if it were a content stream, which is slow and can panic; text never lives
/// there) and ICC colour profiles (pdf-extract decompresses the profile again at every
/// colour-space operator, a sixth of its work on a typical issue, and text needs no
/// colour), normalises fonts, and batches the pages (see [`batch`]).
fn prepare(doc: &mut Document) -> Result<Vec<Batch>> {
    walk::check_pages(doc)?;
    let mut profiles = Vec::new();
    for obj in doc.objects.values() {
        collect_icc_profiles(obj, &mut profiles, 0);
    }
    for obj in doc.objects.values_mut() {
        if let Object::Stream(stream) = obj {
            let is_image = stream
                .dict
                .get(b"Subtype")
                .and_then(Object::as_name)
                .is_ok_and(|n| n == b"Image");
            if is_image {
                stream.set_plain_content(Vec::new());
            }
        }
    }
    for id in profiles {
        if let Ok(Object::Stream(stream)) = doc.get_object_mut(id) {
            stream.set_plain_content(Vec::new());
        }
    }
    fonts::normalise(doc)?;
    batch::plan(doc)
}

/// Finds the streams named by `[/ICCBased ref]` colour spaces, wherever they stand
/// (resource dictionaries hold them inline). Depth is bounded: the object graph is
/// untrusted.
fn collect_icc_profiles(obj: &Object, found: &mut Vec<ObjectId>, depth: usize) {
    if depth > 16 {
        return;
    }
    match obj {
        Object::Array(items) => {
            if let [Object::Name(name), Object::Reference(id), ..] = items.as_slice() {
                if name == b"ICCBased" {
                    found.push(*id);
                }
            }
            for item in items {
                collect_icc_profiles(item, found, depth + 1);
            }
        }
        Object::Dictionary(dict) => {
            for (_, value) in dict.iter() {
                collect_icc_profiles(value, found, depth + 1);
            }
        }
        Object::Stream(stream) => {
            for (_, value) in stream.dict.iter() {
                collect_icc_profiles(value, found, depth + 1);
            }
        }
        _ => {}
    }
}

/// Runs pdf-extract on every batch, several at a time. Any page that fails fails the
/// whole document: a partial issue is never returned.
fn extract_all(
    doc: &Document,
    plan: &[Batch],
    pages_read: &(dyn Fn(u32, u32) + Sync),
) -> Result<Vec<PageGlyphs>> {
    if plan.is_empty() {
        return Err(Error::new(
            ErrorKind::DamagedPdf,
            "The PDF has no pages that can be read. Obtain a complete copy of the file.",
        ));
    }
    let count = |pages: usize| u32::try_from(pages).unwrap_or(u32::MAX);
    let total = count(plan.iter().map(|b| b.pages.len()).sum());
    let read = AtomicU32::new(0);
    let slots = pool::map(plan, |_, batch| {
        let pages = extract_batch(doc, batch)?;
        let done = read.fetch_add(count(batch.pages.len()), Ordering::Relaxed);
        pages_read(done.saturating_add(count(batch.pages.len())), total);
        Ok(pages)
    });
    // Report the first failing batch in document order, whichever worker met it.
    let mut done = Vec::new();
    for (slot, batch) in slots.into_iter().zip(plan) {
        match slot {
            Some(Ok(pages)) => done.extend(pages),
            Some(Err(e)) => return Err(e),
            None => {
                let first = batch.pages.first().map_or(0, |p| p.num);
                return Err(Error::new(
                    ErrorKind::ExtractionFailed,
                    format!("Page {first} could not be read. Try the import again."),
                ));
            }
        }
    }
    Ok(done)
}

/// The pages of one batch: read as one batch page when there is one, else (or when
/// that fails) page by page, so that an error names its page.
fn extract_batch(doc: &Document, batch: &Batch) -> Result<Vec<PageGlyphs>> {
    if let Some(Ok(pages)) = batch.batch_page.map(|num| read_batch_page(doc, batch, num)) {
        return Ok(pages);
    }
    batch
        .pages
        .iter()
        .map(|p| extract_page(doc, p.num, p.id, p.index))
        .collect()
}

/// The pages of a batch, read from its batch page `num`; Err (with what went wrong)
/// when pdf-extract fails or panics on it.
fn read_batch_page(
    doc: &Document,
    batch: &Batch,
    num: u32,
) -> std::result::Result<Vec<PageGlyphs>, String> {
    let run = isolate::contain(|| {
        let mut pages = Vec::with_capacity(batch.pages.len());
        for p in &batch.pages {
            let mut collector = page_collector(doc, p.id);
            if let Some([llx, lly, urx, ury]) = walk::inherited_box(doc, p.id, b"MediaBox") {
                collector.begin_page(p.num, &MediaBox { llx, lly, urx, ury }, None)?;
            }
            pages.push(collector);
        }
        let mut collector = BatchCollector::new(pages);
        pdf_extract::output_doc_page(doc, &mut collector, num)?;
        Ok::<_, OutputError>(collector.into_pages())
    });
    match run {
        Ok(Ok(collectors)) => Ok(collectors
            .into_iter()
            .zip(&batch.pages)
            .map(|(c, p)| c.finish(p.index))
            .collect()),
        Ok(Err(e)) => Err(e.to_string()),
        Err(panic) => Err(panic),
    }
}

/// A collector for one page, told the page's rotation and crop box.
fn page_collector(doc: &Document, page_id: ObjectId) -> PageCollector {
    let rotate = walk::inherited(doc, page_id, b"Rotate")
        .and_then(|r| r.as_i64().ok())
        .unwrap_or(0);
    PageCollector::new(rotate, walk::inherited_box(doc, page_id, b"CropBox"))
}

/// One page through pdf-extract, contained: a panic or an error becomes a typed error
/// naming the page.
fn extract_page(
    doc: &Document,
    page_num: u32,
    page_id: ObjectId,
    index: u32,
) -> Result<PageGlyphs> {
    let run = isolate::contain(|| {
        let mut collector = page_collector(doc, page_id);
        let result = pdf_extract::output_doc_page(doc, &mut collector, page_num);
        if collector.overflowed() {
            return Err(Error::new(
                ErrorKind::ExtractionFailed,
                format!("Page {page_num} of the PDF draws more than {MAX_GLYPHS_PER_PAGE} characters, which no gazette page does; the file is not a readable gazette."),
            ));
        }
        match result {
            Ok(()) => Ok(collector.finish(index)),
            Err(e) => Err(Error::new(
                ErrorKind::DamagedPdf,
                format!("Page {page_num} of the PDF is damaged and cannot be read ({e}). Obtain a complete copy of the file."),
            )),
        }
    });
    run.unwrap_or_else(|panic| {
        // pdf-extract panics instead of failing when an object a page needs is absent.
        if panic.contains("ObjectNotFound") || panic.contains("missing object") {
            return Err(Error::new(
                ErrorKind::DamagedPdf,
                format!("Page {page_num} of the PDF refers to parts of the file that are missing ({panic}). Obtain a complete copy of the file."),
            ));
        }
        Err(Error::new(
            ErrorKind::ExtractionFailed,
            format!("The PDF text reader failed on page {page_num} ({panic}). The file is damaged or uses a PDF feature that is not supported; try exporting the PDF again from its source."),
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reading pages in batches gives exactly what reading them one by one, with
    /// their fonts' full maps, gives.
    #[test]
    fn batches_read_what_single_pages_read() {
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        for name in [
            "liaocheng-2018-08-1col.pdf",
            "liaocheng-2018-08-2col.pdf",
            "other/guowuyuan-2019-10.pdf",
            "other/shandong-2019-17.pdf",
            "bad/nonembedded-stsong-unigb.pdf",
            "bad/encrypted-owneronly-aes256.pdf",
            "bad/garbled-tounicode.pdf",
        ] {
            let pdf = std::fs::read(fixtures.join(name)).unwrap();
            let mut doc = load(&pdf, None).unwrap();
            let plan = prepare(&mut doc).unwrap();
            let mut batches = 0;
            for batch in &plan {
                let single: Vec<PageGlyphs> = batch
                    .pages
                    .iter()
                    .map(|p| extract_page(&doc, p.num, p.id, p.index).unwrap())
                    .collect();
                let Some(num) = batch.batch_page else {
                    continue;
                };
                batches += 1;
                let batched = read_batch_page(&doc, batch, num).unwrap();
                assert_eq!(batched.len(), single.len());
                for (b, s) in batched.iter().zip(&single) {
                    let page = s.page.index + 1;
                    assert_eq!(b.page, s.page, "{name}, page {page}");
                    assert_eq!(b.glyphs, s.glyphs, "{name}, page {page}");
                    assert_eq!(b.undecodable, s.undecodable, "{name}, page {page}");
                }
            }
            assert!(batches > 0, "{name} was read without batches");
        }
    }
}
