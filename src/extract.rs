//! PDF bytes → positioned text lines ([`PageText`]), the first stage of an import.
//!
//! This module owns everything between the raw file and the lines: recognising what
//! is not a PDF, opening encrypted files, running pdf-extract (untrusted-input code)
//! in isolation page by page and in parallel, and refusing text that is blank,
//! undecodable or garbled, so that nothing wrong reaches the archive.

mod cmap;
mod fonts;
mod isolate;
mod lines;
mod pool;
mod quality;
mod tounicode;
mod walk;

use lopdf::{Document, LoadOptions, Object, ObjectId};

use crate::error::{Error, ErrorKind, Result};
use crate::model::PageText;
use lines::{PageCollector, PageGlyphs, MAX_GLYPHS_PER_PAGE};

/// Reads every page; checks the text is real (not blank, not undecodable, not garbled).
pub fn extract_pages(pdf: &[u8], password: Option<&str>) -> Result<Vec<PageText>> {
    let mut doc = load(pdf, password)?;
    // lopdf parses more of the file here; it is untrusted-input code too.
    isolate::contain(|| prepare(&mut doc))
        .unwrap_or_else(|panic| Err(preparation_failed(&panic)))?;
    let pages = extract_all(&doc)?;
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
/// colour), and normalises fonts.
fn prepare(doc: &mut Document) -> Result<()> {
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
    fonts::normalise(doc)
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

/// Runs pdf-extract on every page, several pages at a time. Any page that fails fails
/// the whole document: a partial issue is never returned.
fn extract_all(doc: &Document) -> Result<Vec<PageGlyphs>> {
    let pages: Vec<(u32, ObjectId)> = doc.get_pages().into_iter().collect();
    if pages.is_empty() {
        return Err(Error::new(
            ErrorKind::DamagedPdf,
            "The PDF has no pages that can be read. Obtain a complete copy of the file.",
        ));
    }
    let slots = pool::map(&pages, |i, &(page_num, page_id)| {
        extract_page(doc, page_num, page_id, i as u32)
    });
    // Report the first failing page in document order, whichever worker met it.
    let mut done = Vec::with_capacity(slots.len());
    let mut skipped = None;
    for (i, slot) in slots.into_iter().enumerate() {
        match slot {
            Some(Ok(page)) => done.push(page),
            Some(Err(e)) => return Err(e),
            None => {
                skipped.get_or_insert(i);
            }
        }
    }
    match skipped {
        Some(i) => Err(Error::new(
            ErrorKind::ExtractionFailed,
            format!("Page {} could not be read. Try the import again.", i + 1),
        )),
        None => Ok(done),
    }
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
        let rotate = walk::inherited(doc, page_id, b"Rotate")
            .and_then(|r| r.as_i64().ok())
            .unwrap_or(0);
        let crop = walk::inherited(doc, page_id, b"CropBox")
            .and_then(|o| doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_array().ok())
            .and_then(|a| {
                let n: Vec<f64> = a
                    .iter()
                    .filter_map(|v| v.as_float().ok().map(f64::from))
                    .collect();
                <[f64; 4]>::try_from(n).ok()
            });
        let mut collector = PageCollector::new(rotate, crop);
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
