//! Optical character recognition of scanned issues, offline: the page images a scan's
//! PDF carries (see `images`) read by Tesseract with its Simplified Han model, and
//! turned into the same positioned lines ([`PageText`]) that `extract` reads off a
//! born-digital page, so layout and parsing treat both alike.
//!
//! This module owns the engine's settings and the passes over a page: the image
//! decoded once with its rules and dot leaders painted out (`clean`), read as one block of
//! lines or, when its glyphs or its words show a column gutter, with Tesseract's layout
//! analysis, and its footer band read for the page number. `lines` turns the
//! words into lines (`mend` undoing the misreadings the parser would stumble on); the
//! confidence of every word is kept. It does not decide when
//! to run (that is `import`'s) and keeps no state.

mod clean;
mod dates;
mod doc_numbers;
mod images;
mod lines;
mod mend;
mod missed_lines;
mod openmp;
mod page_numbers;
mod place;
mod province;
mod rule_ends;
mod split_rows;

use std::cell::RefCell;
use std::collections::BTreeMap;

use leptess::tesseract::TessApi;
use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind, Result};
use crate::model::PageText;
use clean::Picture;
use dates::CellReading;
pub use images::{is_scan, page_images, NoImage, PageImage};
use lines::{glyphs_show_columns, lines_from_tsv, word_readings};
use missed_lines::read_missed_lines;
pub use openmp::limit_engine_threads;
use page_numbers::{
    read_digits, read_folio, read_leader_ends, read_number_column, read_unread_number_column,
};

/// The Tesseract model read: Simplified Han script (Debian's tesseract-ocr-script-hans),
/// which also reads the Latin letters and digits gazettes print. Against the
/// language model `chi_sim` it misreads a third to a half as many Han characters on the scanned
/// fixtures (on one, 0.956 against 0.986 Han accuracy): `chi_sim` takes the 厅 of every
/// 办公厅 set in 宋体 for 打.
pub const LANGUAGE: &str = "HanS";
/// Tesseract's page segmentation mode 6: the page read as one uniform block of lines.
/// Its automatic layout analysis (mode 3) drops whole lines it takes for graphics (目录
/// lines most of all) and costs more than the block's own line finding; columns are
/// told apart afterwards from where the words sit.
const SINGLE_BLOCK: &std::ffi::CStr = c"6";
/// Tesseract's page segmentation mode 7: the image read as one line of text.
const SINGLE_LINE: &std::ffi::CStr = c"7";
/// Tesseract's page segmentation mode 13: the image read as one line, its row
/// found by no layout analysis. A short bold heading whose first glyph is a flat bar
/// (`一、工作目标`) gives the line finder no height to go by and mode 7 reads
/// nothing of it; read raw, only its enumeration comma is lost (`一 工作目标`).
const RAW_LINE: &std::ffi::CStr = c"13";
/// Tesseract's page segmentation mode 8: the image read as one word.
const SINGLE_WORD: &std::ffi::CStr = c"8";
/// Tesseract's page segmentation mode 10: the image read as one character.
const SINGLE_CHARACTER: &std::ffi::CStr = c"10";
/// Tesseract's fully automatic page segmentation without orientation detection:
/// blocks, columns and lines from its own layout analysis.
const AUTOMATIC_LAYOUT: &std::ffi::CStr = c"3";
/// A footer band lower than this (in pixels) holds no page number.
const MIN_BAND_PIXELS: i32 = 16;
/// A page with fewer glyphs of text size than this holds no text to read.
const MIN_TEXT_GLYPHS: usize = 3;
/// Why a page without text gave none.
const NOTHING_READ: &str =
    "no text was recognised on it (blank, a picture, or too low a resolution)";
/// Type this many body ems high or more is large type (a title, a decree's name): the
/// median height of body text's glyphs is about 0.9 em, and the line finder does not
/// cut body lines.
pub(super) const LARGE_TYPE_EMS: f32 = 1.2;
/// Words Tesseract is less sure of than this (0–100) are shown marked as doubtful.
pub const LOW_CONFIDENCE: f32 = 60.0;

/// One recognised word (for Chinese, usually a run of characters) and how sure the
/// engine is of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OcrWord {
    /// The word's text, full-width forms folded.
    pub text: String,
    /// Tesseract's confidence, 0–100.
    pub confidence: f32,
    /// Left, top, right, bottom in points from the page's top-left corner.
    pub bbox: [f32; 4],
}

/// One page as OCR read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OcrPage {
    /// The page's lines, as extraction would give them.
    pub page: PageText,
    /// Every word with its confidence, in reading order.
    pub words: Vec<OcrWord>,
    /// Why the page yielded no text (blank, unreadable image), when it did not.
    pub unread: Option<String>,
}

impl OcrPage {
    /// The mean confidence of the page's characters; None for a page without text.
    pub fn confidence(&self) -> Option<f32> {
        mean_confidence(&self.words)
    }
}

/// The mean confidence of the words' characters (each word weighted by its length);
/// None when there are none.
pub fn mean_confidence<'a>(words: impl IntoIterator<Item = &'a OcrWord>) -> Option<f32> {
    let (sum, count) = words.into_iter().fold((0.0f64, 0usize), |(s, n), w| {
        let len = w.text.chars().count();
        (s + f64::from(w.confidence) * len as f64, n + len)
    });
    (count > 0).then(|| (sum / count as f64) as f32)
}

/// The box (left, top, right, bottom) that encloses all of `boxes`; None for none.
pub(super) fn enclosing(boxes: impl IntoIterator<Item = [f32; 4]>) -> Option<[f32; 4]> {
    boxes.into_iter().reduce(|e, b| {
        [
            e[0].min(b[0]),
            e[1].min(b[1]),
            e[2].max(b[2]),
            e[3].max(b[3]),
        ]
    })
}

/// Reads every page of a scanned PDF, on all cores.
pub fn read_pdf(pdf: &[u8], password: Option<&str>) -> Result<Vec<OcrPage>> {
    let images = page_images(&crate::extract::open(pdf, password)?);
    read_pages(&images, &BTreeMap::new(), &|_| Ok(()))
}

/// Reads the pages, on all cores, taking those in `known` (by page index) as they
/// are. `read` hears each page as soon as it is read, from its worker; when it fails
/// (to save the page, or because the import was cancelled) no further page is started
/// and its error is returned.
pub fn read_pages(
    images: &[PageImage],
    known: &BTreeMap<u32, OcrPage>,
    read: &(dyn Fn(&OcrPage) -> Result<()> + Sync),
) -> Result<Vec<OcrPage>> {
    let slots = crate::extract::pool::map(images, |_, image| {
        if let Some(page) = known.get(&image.index) {
            return Ok(page.clone());
        }
        let page = read_page(image)?;
        read(&page)?;
        Ok(page)
    });
    let mut pages = Vec::with_capacity(images.len());
    let mut unfinished = None;
    for (slot, image) in slots.into_iter().zip(images) {
        match slot {
            Some(Ok(page)) => pages.push(page),
            Some(Err(e)) => return Err(e),
            None => unfinished = unfinished.or(Some(image.index + 1)),
        }
    }
    match unfinished {
        None => {
            mend_places(&mut pages);
            Ok(pages)
        }
        Some(page) => Err(Error::new(
            ErrorKind::ExtractionFailed,
            format!("Page {page} of the scan could not be read by OCR. Try again; pages already read are kept."),
        )),
    }
}

/// Gives the issue's province its name back in offices and its code in its
/// government's 文号s wherever OCR misread them (`province`), and its city its name
/// where OCR doubted a character of it (`city`); it takes every page,
/// resumed or read now. The code is looked for once the province's name is mended:
/// a gazette's name read with its province wrong on a page does not count otherwise.
fn mend_places(pages: &mut [OcrPage]) {
    fn texts(pages: &[OcrPage]) -> impl Iterator<Item = &str> {
        pages
            .iter()
            .flat_map(|p| &p.page.lines)
            .map(|l| l.text.as_str())
    }
    if let Some(province) = province::issue_province(texts(pages)) {
        for line in pages.iter_mut().flat_map(|p| &mut p.page.lines) {
            line.text = province::office_province(&line.text, province);
        }
    }
    if let Some(code) = province::publisher_code(texts(pages)) {
        for line in pages.iter_mut().flat_map(|p| &mut p.page.lines) {
            line.text = province::docnum_code(&line.text, code);
        }
    }
    let all: Vec<&str> = texts(pages).collect();
    if let Some(place) = place::issue_place(&all) {
        for page in pages.iter_mut() {
            for line in page.page.lines.iter_mut() {
                line.text = place::place_name(line, &page.words, &place);
            }
        }
    }
}

thread_local! {
    /// One engine of each kind per worker thread: loading a model takes longer than a
    /// page's layout analysis, and an engine is not shared between threads.
    pub(super) static ENGINE: RefCell<Option<TessApi>> = const { RefCell::new(None) };
    pub(super) static FOLIO: RefCell<Option<TessApi>> = const { RefCell::new(None) };
}

/// Reads one page image. A page whose image leptonica cannot decode, or on which the
/// engine finds no text, comes back with `unread` saying so, not as an error.
pub fn read_page(image: &PageImage) -> Result<OcrPage> {
    let file = match &image.file {
        Ok(file) => file,
        Err(NoImage::Blank) => return Ok(unread(image, "it is blank (it shows no image)")),
        Err(NoImage::Unsupported(what)) => {
            return Ok(unread(
                image,
                &format!("it holds {what}, which cannot be read"),
            ))
        }
    };
    let Some(mut picture) = Picture::decode(file) else {
        return Ok(unread(image, "its image could not be decoded"));
    };
    let dpi = image.dpi();
    picture.erase_rules(dpi);
    picture.erase_frames(dpi);
    let leaders: Vec<[f32; 4]> = picture
        .erase_leaders(dpi)
        .into_iter()
        .map(|extent| image.to_points(extent.map(|v| v as f32)))
        .collect();
    // Read as one block, the lines of two columns set on one baseline grid run
    // together, with specks of the gutter read between them; Tesseract's own layout
    // analysis reads each column apart. Only pages with a gutter pay for it: seen in
    // the glyphs before reading, or else in the words read.
    let glyphs = picture.glyphs(dpi);
    // On a page with no ink, the engine's own threshold falls inside the scanner's
    // noise and it reads the speckle as hundreds of characters, slowly.
    if glyphs.len() < MIN_TEXT_GLYPHS {
        return Ok(unread(image, NOTHING_READ));
    }
    let columns_seen = glyphs_show_columns(&glyphs, image);
    let first = if columns_seen {
        Engine::Columns
    } else {
        Engine::Text
    };
    let Some((tsv, pixels_high)) = recognise(&ENGINE, first, &picture, dpi, None)? else {
        return Ok(unread(image, "its image could not be decoded"));
    };
    let mut digits = |pixels: [f32; 4]| read_digits(&picture, dpi, pixels);
    let (mut lines, mut words, columns_read) = lines_from_tsv(&tsv, image, &leaders, &mut digits);
    let columns = columns_seen || columns_read;
    if columns_read && !columns_seen {
        if let Some((tsv, _)) = recognise(&ENGINE, Engine::Columns, &picture, dpi, None)? {
            (lines, words, _) = lines_from_tsv(&tsv, image, &leaders, &mut digits);
        }
    }
    if words.is_empty() {
        return Ok(unread(image, NOTHING_READ));
    }
    // Lines left out first: a page number read at a leader's end would stand level
    // with a 目录 line left out and hide it.
    read_missed_lines(
        image,
        &mut picture,
        pixels_high,
        &leaders,
        columns,
        &mut lines,
        &mut words,
    )?;
    split_rows::read_split_rows(image, &mut picture, &leaders, &mut lines, &mut words)?;
    rule_ends::drop_rule_ends(image, &mut picture, &mut lines, &mut words);
    read_leader_ends(image, &mut picture, &leaders, &mut lines, &mut words);
    read_number_column(image, &picture, &mut lines, &mut words);
    read_unread_number_column(image, &mut picture, &mut lines, &mut words);
    doc_numbers::read_halves(&mut lines, &mut words, &picture, image, &leaders)?;
    let mut dates_read = Vec::new();
    for at in 0..lines.len() {
        let (before, from) = lines.split_at_mut(at);
        let line = &mut from[0];
        // The line above, not a piece of this one cut off by a wide gap (a date's
        // letter-spaced numerals).
        let mut above = before
            .iter_mut()
            .rev()
            .find(|l| l.y < line.y - line.size / 2.0);
        if let Some(above) = above.as_mut() {
            above.text = mend::decree_name(&above.text, &line.text);
            line.text = mend::decree_number(&above.text, &line.text);
        }
        if doc_numbers::reread_line(
            line,
            above.as_deref(),
            &mut words,
            &picture,
            image,
            &leaders,
        )? {
            continue;
        }
        if dates::reread_line(
            line,
            above.as_deref(),
            &mut words,
            &picture,
            image,
            &mut |cell, scale, how| read_date_cell(cell, dpi * scale, how),
        ) {
            dates_read.push(line.clone());
        }
    }
    for date in &dates_read {
        dates::drop_pieces_of(date, &mut lines);
    }
    read_folio(image, &mut picture, pixels_high, &mut lines, &mut words)?;
    Ok(OcrPage {
        page: PageText {
            index: image.index,
            width: image.width,
            height: image.height,
            lines,
        },
        words,
        unread: None,
    })
}

/// A cell of a date's glyphs read `how`, at `dpi`: its text and confidence, None
/// when nothing was read.
fn read_date_cell(cell: &Picture, dpi: f32, how: CellReading) -> Option<(String, f32)> {
    let read = |kind| {
        let (tsv, _) = recognise(&ENGINE, kind, cell, dpi, None).ok()??;
        let words = word_readings(&tsv);
        let text: String = words.iter().map(|(text, _)| text.as_str()).collect();
        let confidence = words.iter().map(|&(_, c)| c).fold(f32::MAX, f32::min);
        (!text.is_empty()).then_some((text, confidence))
    };
    match how {
        // As a word and as a line (a cell may hold two digits), the surer reading.
        CellReading::Word => [Engine::DateCell, Engine::DateLine]
            .into_iter()
            .filter_map(read)
            .max_by(|a, b| a.1.total_cmp(&b.1)),
        CellReading::Character => read(Engine::DateCharacter),
        CellReading::Any => read(Engine::Glyph),
    }
}

/// The ways a page is read.
#[derive(Clone, Copy)]
pub(super) enum Engine {
    /// Chinese text, the page read as one block of lines.
    Text,
    /// Chinese text with Tesseract's automatic layout analysis, for a page in columns
    /// (the `Text` engine with another segmentation).
    Columns,
    /// The page number in the footer: digits only, read as one block.
    Folio,
    /// A cell of a date's glyphs cut out of its line (`dates`): the `Text` engine
    /// reading one word, of `dates::DATE_CHARACTERS` only.
    DateCell,
    /// The same cell read as one line.
    DateLine,
    /// The same cell read as one character.
    DateCharacter,
    /// The same cell read as one character of any the engine knows.
    Glyph,
    /// Chinese text, one line of it (a line the block's reading left out).
    Line,
    /// The same line read raw, when the `Line` reading gives nothing.
    RawLine,
}

/// Runs the thread's engine of `kind` on the picture, or on the band of it from pixel
/// row `band_top` down: its TSV and the image's height in pixels, or None when the
/// band is empty.
pub(super) fn recognise(
    cell: &'static std::thread::LocalKey<RefCell<Option<TessApi>>>,
    kind: Engine,
    picture: &Picture,
    dpi: f32,
    band_top: Option<i32>,
) -> Result<Option<(String, u32)>> {
    cell.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            *slot = Some(engine(kind)?);
        }
        let Some(engine) = slot.as_mut() else {
            return Err(no_engine("the engine could not be kept"));
        };
        let (segmentation, only) = match kind {
            Engine::Columns => (AUTOMATIC_LAYOUT, Some(c"")),
            Engine::Text => (SINGLE_BLOCK, Some(c"")),
            Engine::DateCell => (SINGLE_WORD, Some(dates::DATE_CHARACTERS)),
            Engine::DateLine => (SINGLE_LINE, Some(dates::DATE_CHARACTERS)),
            Engine::DateCharacter => (SINGLE_CHARACTER, Some(dates::DATE_CHARACTERS)),
            Engine::Glyph => (SINGLE_CHARACTER, Some(c"")),
            Engine::Line => (SINGLE_LINE, Some(c"")),
            Engine::RawLine => (RAW_LINE, Some(c"")),
            // Its own engine, whose characters were set when it was made.
            Engine::Folio => (SINGLE_BLOCK, None),
        };
        let settings = [
            (c"tessedit_pageseg_mode", Some(segmentation)),
            (c"tessedit_char_whitelist", only),
        ];
        for (name, value) in settings {
            if let Some(value) = value {
                engine
                    .raw
                    .set_variable(name, value)
                    .map_err(|_| no_engine("a setting was refused"))?;
            }
        }
        let on_white = picture.for_engine();
        engine.set_image(on_white.as_ref().unwrap_or(picture).pix());
        let Some((wide, high)) = engine.get_image_dimensions() else {
            return Ok(None);
        };
        engine.set_source_resolution(dpi.round() as i32);
        if let Some(top) = band_top {
            let height = i32::try_from(high).unwrap_or(i32::MAX).saturating_sub(top);
            if top <= 0 || height < MIN_BAND_PIXELS {
                return Ok(None);
            }
            engine.set_rectangle(0, top, i32::try_from(wide).unwrap_or(i32::MAX), height);
        }
        let tsv = engine.get_tsv_text(0).map_err(|e| {
            Error::new(
                ErrorKind::ExtractionFailed,
                format!("The OCR engine returned text that is not UTF-8 ({e})."),
            )
        })?;
        Ok(Some((tsv, high)))
    })
}

/// A page without text, saying why.
fn unread(image: &PageImage, why: &str) -> OcrPage {
    unread_page(image.index, image.width, image.height, why)
}

/// A page that gives no text, saying why.
pub fn unread_page(index: u32, width: f32, height: f32, why: &str) -> OcrPage {
    OcrPage {
        page: PageText {
            index,
            width,
            height,
            lines: Vec::new(),
        },
        words: Vec::new(),
        unread: Some(why.to_string()),
    }
}

/// Settings Tesseract keeps in variables of the process, not of an engine: set by
/// one engine they hold for every engine on every thread, so every engine sets
/// them alike, and a page reads the same whichever engine read what before it.
const PROCESS_WIDE: [(&std::ffi::CStr, &std::ffi::CStr); 4] = [
    // A character is dropped as noise when its outline holds more nested outlines
    // than a limit; in a scan, the JPEG's specks inside a large bold 国 (a red header,
    // a decree's title) count as many, and 国务院令 came out as 务院令. The outline's
    // complexity measured by its edge steps instead keeps such characters.
    (c"edges_use_new_outline_complexity", c"1"),
    // Read as one block, characters over 1.3 times the body's line size (the
    // default) are set aside as noise: a 目录 heading, a red header, a masthead.
    // Three times keeps every printed size.
    (c"textord_excess_blobsize", c"3"),
    // A folio is small: at 200 dpi its x-height is under the default minimum of 10
    // pixels, and the digit would be dropped as noise.
    (c"textord_min_xheight", c"4"),
    // The engine's diagnostics would otherwise go to the program's stderr.
    (c"debug_file", c"/dev/null"),
];

fn engine(kind: Engine) -> Result<TessApi> {
    use std::ffi::CStr;
    let (language, settings): (&str, &[(&CStr, &CStr)]) = match kind {
        Engine::Text
        | Engine::Columns
        | Engine::DateCell
        | Engine::DateLine
        | Engine::DateCharacter
        | Engine::Glyph
        | Engine::Line
        | Engine::RawLine => (
            LANGUAGE,
            &[
                // Keeps Tesseract from putting a space between every two Han characters.
                (c"preserve_interword_spaces", c"1"),
            ],
        ),
        // The Latin model reads a lone small digit the Chinese one takes for a Han
        // character; Debian's tesseract-ocr always brings it.
        Engine::Folio => (
            "eng",
            &[
                (c"tessedit_char_whitelist", c"0123456789-"),
                // A band with no folio is paper and speckle only: a global (Otsu)
                // threshold turns the speckle into thousands of marks to read, a
                // local (Sauvola) one leaves it white.
                (c"thresholding_method", c"2"),
            ],
        ),
    };
    let mut engine = TessApi::new(None, language).map_err(|e| no_engine(&e.to_string()))?;
    for (name, value) in settings.iter().chain(&PROCESS_WIDE) {
        engine
            .raw
            .set_variable(name, value)
            .map_err(|_| no_engine("a setting was refused"))?;
    }
    Ok(engine)
}

fn no_engine(why: &str) -> Error {
    Error::new(
        ErrorKind::OcrUnavailable,
        format!("The OCR engine could not start ({why}). Install the packages tesseract-ocr and tesseract-ocr-script-hans (scripts/setup.sh does) and try again."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confidence_weighs_words_by_their_characters() {
        let word = |text: &str, confidence| OcrWord {
            text: text.into(),
            confidence,
            bbox: [0.0; 4],
        };
        let mut page = unread_page(0, 1.0, 1.0, "blank");
        assert_eq!(page.confidence(), None);
        page.words = vec![word("通知", 90.0), word("令", 60.0)];
        assert_eq!(page.confidence(), Some(80.0));
    }

    /// The gazette's name read with its province wrong on one page counts once the
    /// province is mended, so the government's 文号s get their code back.
    #[test]
    fn the_province_is_mended_before_its_code_is_looked_for() {
        let page = |texts: &[&str]| {
            let mut page = unread_page(0, 1.0, 1.0, "");
            page.page.lines = texts
                .iter()
                .map(|text| crate::model::TextLine {
                    text: (*text).into(),
                    x0: 0.0,
                    x1: 1.0,
                    y: 0.0,
                    size: 1.0,
                })
                .collect();
            page
        };
        let mut pages = [
            page(&["甘肃省人民政府公报", "甘肃省人民政府文件", "甘肃省人民政府"]),
            page(&["上甘省人民政府公报", "间政发〔2022〕5号"]),
        ];
        mend_places(&mut pages);
        assert_eq!(pages[1].page.lines[0].text, "甘肃省人民政府公报");
        assert_eq!(pages[1].page.lines[1].text, "甘政发〔2022〕5号");
    }
}
