//! Optical character recognition of scanned issues, offline: the page images a scan's
//! PDF carries (see `images`) read by Tesseract with its Simplified Chinese model, and
//! turned into the same positioned lines ([`PageText`]) that `extract` reads off a
//! born-digital page, so layout and parsing treat both alike.
//!
//! This module owns the engine's settings, the reading of its word boxes into lines
//! (no spaces between Han characters, full-width forms folded as `script` says, words
//! placed in PDF points by the image's place on the page) and the confidence kept for
//! every word. It does not decide when to run (that is `import`'s) and keeps no state.

mod images;
mod openmp;

use std::cell::RefCell;
use std::collections::BTreeMap;

use leptess::{LepTess, Variable};
use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind, Result};
use crate::layout::regex;
use crate::model::{PageText, TextLine};
use crate::script::{fold_width, is_han};
pub use images::{page_images, NoImage, PageImage};
pub use openmp::limit_engine_threads;

/// The Tesseract language read: Simplified Chinese (its model also reads the Latin
/// letters and digits gazettes print).
const LANGUAGE: &str = "chi_sim";
/// Tesseract's fully automatic page segmentation without orientation detection:
/// blocks, columns and lines from its own layout analysis.
const PAGE_SEGMENTATION: &str = "3";
/// The page read as one uniform block of lines.
const SINGLE_BLOCK: &str = "6";
/// Only two Latin words are set apart by a space, and only a gap of at least this
/// share of the em is one: Tesseract splits `2.`, `15` or `(2)` into words too, and
/// a space inside a number or a clause label would hide it from the parser.
const WORD_SPACE_EMS: f32 = 0.2;
/// Han ink fills about this share of the em; a line's font size is its Han words'
/// height over it.
const HAN_INK_SHARE: f32 = 0.9;
/// The bottom share of a page where a page number is looked for again.
const FOOTER_BAND: f32 = 0.12;
/// A footer band lower than this (in pixels) holds no page number.
const MIN_BAND_PIXELS: i32 = 16;
/// Below this confidence a word without Han characters or digits is noise.
const NOISE_CONFIDENCE: f32 = 40.0;
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
        None => Ok(pages),
        Some(page) => Err(Error::new(
            ErrorKind::ExtractionFailed,
            format!("Page {page} of the scan could not be read by OCR. Try again; pages already read are kept."),
        )),
    }
}

thread_local! {
    /// One engine of each kind per worker thread: loading a model takes longer than a
    /// page's layout analysis, and an engine is not shared between threads.
    static ENGINE: RefCell<Option<LepTess>> = const { RefCell::new(None) };
    static FOLIO: RefCell<Option<LepTess>> = const { RefCell::new(None) };
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
    let Some((tsv, pixels_high)) = recognise(&ENGINE, Engine::Text, image, file, None)? else {
        return Ok(unread(image, "its image could not be decoded"));
    };
    let (mut lines, mut words) = lines_from_tsv(&tsv, image);
    if words.is_empty() {
        return Ok(unread(
            image,
            "no text was recognised on it (blank, a picture, or too low a resolution)",
        ));
    }
    // Layout analysis drops a lone small page number (`· 2 ·`) below the text; the
    // footer band is read again for digits alone.
    let scale = (image.placed[2] - image.placed[0]) / image.pixels_wide.max(1) as f32;
    let has_han = |t: &str| t.chars().any(is_han);
    let lowest = words
        .iter()
        .filter(|w| has_han(&w.text))
        .map(|w| w.bbox[3])
        .fold(0.0, f32::max);
    let band_top =
        ((lowest - image.placed[1]) / scale).max(pixels_high as f32 * (1.0 - FOOTER_BAND));
    if let Some((tsv, _)) = recognise(&FOLIO, Engine::Folio, image, file, Some(band_top as i32))? {
        let (folio_lines, folio_words) = lines_from_tsv(&tsv, image);
        let is_folio = |w: &OcrWord| {
            w.confidence >= LOW_CONFIDENCE && w.text.chars().all(|c| c.is_ascii_digit() || c == '-')
        };
        if folio_words
            .iter()
            .any(|w| w.text.chars().any(|c| c.is_ascii_digit()))
            && folio_words.iter().all(is_folio)
        {
            // What the text pass made of the folio (`。72` for `· 2 ·`) gives way.
            let band = image.placed[1] + band_top * scale;
            lines.retain(|l| l.y < band || has_han(&l.text));
            words.retain(|w| w.bbox[1] < band || has_han(&w.text));
            lines.extend(folio_lines);
            words.extend(folio_words);
        }
    }
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

/// The two engines a page is read with.
#[derive(Clone, Copy)]
enum Engine {
    /// Chinese text, with Tesseract's own layout analysis.
    Text,
    /// The page number in the footer: digits only, read as one block.
    Folio,
}

/// Runs the thread's engine of `kind` on the image, or on the band of it from pixel
/// row `band_top` down: its TSV and the image's height in pixels, or None when the
/// image cannot be decoded (or the band is empty).
fn recognise(
    cell: &'static std::thread::LocalKey<RefCell<Option<LepTess>>>,
    kind: Engine,
    image: &PageImage,
    file: &[u8],
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
        if engine.set_image_from_mem(file).is_err() {
            return Ok(None);
        }
        let Some((wide, high)) = engine.get_image_dimensions() else {
            return Ok(None);
        };
        let inches = (image.placed[2] - image.placed[0]) / 72.0;
        if inches > 0.0 {
            engine.set_source_resolution((image.pixels_wide as f32 / inches).round() as i32);
        }
        if let Engine::Text = kind {
            choose_segmentation(engine, file, wide)?;
        }
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
                format!(
                    "The OCR engine returned text that is not UTF-8 on page {} ({e}).",
                    image.index + 1
                ),
            )
        })?;
        Ok(Some((tsv, high)))
    })
}

/// Sets the segmentation for the page now in `engine`. Tesseract's automatic layout
/// analysis finds columns, but on a single-column page it drops whole lines it takes
/// for graphics (目录 lines with dot leaders, most of all), which reading the page as
/// one block of lines keeps. So the page is analysed first (layout only, far cheaper
/// than recognition) and read as one block unless its text blocks stand side by side.
fn choose_segmentation(engine: &mut LepTess, file: &[u8], wide: u32) -> Result<()> {
    set(engine, Variable::TesseditPagesegMode, PAGE_SEGMENTATION)?;
    let blocks: Vec<[i32; 4]> = engine
        .get_component_boxes(leptess::capi::TessPageIteratorLevel_RIL_BLOCK, true)
        .map(|boxes| {
            (&boxes)
                .into_iter()
                .map(|b| {
                    let g = b.get_geometry();
                    [g.x, g.y, g.x + g.w, g.y + g.h]
                })
                .collect()
        })
        .unwrap_or_default();
    if !has_columns(&blocks, wide) {
        set(engine, Variable::TesseditPagesegMode, SINGLE_BLOCK)?;
        // The analysis is kept with the image; setting it again starts afresh.
        if engine.set_image_from_mem(file).is_err() {
            return Err(no_engine("the image was refused the second time"));
        }
    }
    Ok(())
}

/// Whether two text blocks, each at least a quarter of the page wide, share rows but
/// not columns: a page set in columns.
fn has_columns(blocks: &[[i32; 4]], wide: u32) -> bool {
    let min_width = i64::from(wide) / 4;
    let wide_enough: Vec<&[i32; 4]> = blocks
        .iter()
        .filter(|b| i64::from(b[2] - b[0]) >= min_width)
        .collect();
    wide_enough.iter().enumerate().any(|(i, a)| {
        wide_enough[i + 1..].iter().any(|b| {
            let rows = a[3].min(b[3]) - a[1].max(b[1]);
            let shorter = (a[3] - a[1]).min(b[3] - b[1]);
            let apart = a[2] <= b[0] || b[2] <= a[0];
            apart && rows > shorter / 2
        })
    })
}

fn set(engine: &mut LepTess, name: Variable, value: &str) -> Result<()> {
    engine
        .set_variable(name, value)
        .map_err(|_| no_engine("a setting was refused"))
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

fn engine(kind: Engine) -> Result<LepTess> {
    let (language, settings): (&str, &[(Variable, &str)]) = match kind {
        Engine::Text => (
            LANGUAGE,
            &[
                (Variable::TesseditPagesegMode, PAGE_SEGMENTATION),
                // Keeps Tesseract from putting a space between every two Han characters.
                (Variable::PreserveInterwordSpaces, "1"),
            ],
        ),
        // The Latin model reads a lone small digit the Chinese one takes for a Han
        // character; Debian's tesseract-ocr always brings it.
        Engine::Folio => (
            "eng",
            &[
                (Variable::TesseditPagesegMode, "6"),
                (Variable::TesseditCharWhitelist, "0123456789-"),
                // A folio is small: at 200 dpi its x-height is under the default
                // minimum of 10 pixels, and the digit would be dropped as noise.
                (Variable::TextordMinXheight, "4"),
            ],
        ),
    };
    let mut engine = LepTess::new(None, language).map_err(|e| no_engine(&e.to_string()))?;
    // The engine's diagnostics would otherwise go to the program's stderr.
    let quiet = [(Variable::DebugFile, "/dev/null")];
    for (name, value) in settings.iter().chain(&quiet) {
        engine
            .set_variable(*name, value)
            .map_err(|_| no_engine("a setting was refused"))?;
    }
    Ok(engine)
}

fn no_engine(why: &str) -> Error {
    Error::new(
        ErrorKind::OcrUnavailable,
        format!("The OCR engine could not start ({why}). Install the packages tesseract-ocr and tesseract-ocr-chi-sim (scripts/setup.sh does) and try again."),
    )
}

/// One word row of Tesseract's TSV output, in image pixels.
struct TsvWord {
    line: (u32, u32, u32),
    left: f32,
    top: f32,
    width: f32,
    height: f32,
    confidence: f32,
    text: String,
}

/// The word rows (level 5) of Tesseract's TSV: level, page, block, paragraph, line,
/// word, left, top, width, height, confidence, text.
fn tsv_words(tsv: &str) -> Vec<TsvWord> {
    tsv.lines()
        .filter_map(|row| {
            let f: Vec<&str> = row.splitn(12, '\t').collect();
            let num = |i: usize| f.get(i).and_then(|v| v.trim().parse::<f32>().ok());
            let id = |i: usize| f.get(i).and_then(|v| v.parse::<u32>().ok());
            let text: String = f.get(11)?.trim().chars().map(fold_width).collect();
            if f.first() != Some(&"5") || text.is_empty() {
                return None;
            }
            // Dot leaders and specks come out as a few Latin letters or signs read
            // with almost no confidence; they would hide a 目录 entry's page number.
            let confidence = num(10)?;
            if confidence < NOISE_CONFIDENCE
                && !text.chars().any(|c| is_han(c) || c.is_ascii_digit())
            {
                return None;
            }
            Some(TsvWord {
                line: (id(2)?, id(3)?, id(4)?),
                left: num(6)?,
                top: num(7)?,
                width: num(8)?,
                height: num(9)?,
                confidence,
                text,
            })
        })
        .collect()
}

/// Tesseract's lines as extraction's lines, and its words with their places, both
/// in points on the page.
fn lines_from_tsv(tsv: &str, image: &PageImage) -> (Vec<TextLine>, Vec<OcrWord>) {
    let [left, top, right, _] = image.placed;
    let scale = (right - left) / image.pixels_wide.max(1) as f32;
    let words: Vec<(LineId, OcrWord)> = tsv_words(tsv)
        .into_iter()
        .map(|w| {
            let bbox = [
                left + w.left * scale,
                top + w.top * scale,
                left + (w.left + w.width) * scale,
                top + (w.top + w.height) * scale,
            ];
            (
                w.line,
                OcrWord {
                    text: w.text,
                    confidence: w.confidence,
                    bbox,
                },
            )
        })
        .collect();
    let mut lines = Vec::new();
    let mut start = 0;
    while start < words.len() {
        let end = (start..words.len())
            .find(|&i| words[i].0 != words[start].0)
            .unwrap_or(words.len());
        let line: Vec<&OcrWord> = words[start..end].iter().map(|(_, w)| w).collect();
        lines.extend(join_line(&line));
        start = end;
    }
    (lines, words.into_iter().map(|(_, w)| w).collect())
}

type LineId = (u32, u32, u32);

/// One of Tesseract's lines as a text line: words meet without a space unless both
/// sides are Latin letters set a space apart. The line is not split at wide gaps:
/// the dot leaders of a 目录 line are dropped as noise, and its page number must stay
/// on its title's line.
fn join_line(words: &[&OcrWord]) -> Option<TextLine> {
    let size = line_size(words);
    let (first, rest) = words.split_first()?;
    let mut line = TextLine {
        text: first.text.clone(),
        x0: first.bbox[0],
        x1: first.bbox[2],
        y: first.bbox[3],
        size,
    };
    for w in rest {
        let gap = w.bbox[0] - line.x1;
        let between_letters = matches!((line.text.chars().last(), w.text.chars().next()), (Some(a), Some(b)) if a.is_ascii_alphabetic() && b.is_ascii_alphabetic());
        if between_letters && gap > WORD_SPACE_EMS * size {
            line.text.push(' ');
        }
        line.text.push_str(&w.text);
        line.x1 = line.x1.max(w.bbox[2]);
        line.y = line.y.max(w.bbox[3]);
    }
    line.text = docnum_brackets(&line.text);
    Some(line)
}

/// Gives a 文号's year its 〔〕 back: OCR reads the hexagonal brackets as whatever
/// bracket looks closest (`宁政发【2022]85号`, `(2022]`), and the parser, which takes
/// every bracket style printers use, does not take a mixed pair. Only a bracketed
/// four-digit year between Han characters and a number with 号 is touched.
fn docnum_brackets(text: &str) -> String {
    let pattern =
        regex!(r"(\p{Han})\s*[\[【(（〔［]\s*((?:19|20)\d{2})\s*[\]】)）〕］]\s*(\d+)\s*号");
    pattern.replace_all(text, "${1}〔${2}〕${3}号").into_owned()
}

/// The font size of a line: from its Han words' height when it has any (Han ink
/// fills the em evenly), else from the tallest word.
fn line_size(words: &[&OcrWord]) -> f32 {
    let height = |w: &&&OcrWord| w.bbox[3] - w.bbox[1];
    let mut han: Vec<f32> = words
        .iter()
        .filter(|w| w.text.chars().any(is_han))
        .map(|w| height(&w))
        .collect();
    han.sort_by(f32::total_cmp);
    match han.get(han.len() / 2) {
        Some(h) => h / HAN_INK_SHARE,
        None => words.iter().map(|w| height(&w)).fold(0.0, f32::max),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image() -> PageImage {
        PageImage {
            index: 0,
            width: 595.0,
            height: 842.0,
            placed: [0.0, 0.0, 595.0, 842.0],
            file: Ok(Vec::new()),
            pixels_wide: 1190,
        }
    }

    #[test]
    fn words_join_without_spaces_but_between_latin_words() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   4\t1\t1\t1\t1\t0\t100\t100\t900\t40\t-1\t\n\
                   5\t1\t1\t1\t1\t1\t100\t100\t200\t36\t95.5\t关于印发\n\
                   5\t1\t1\t1\t1\t2\t310\t100\t80\t36\t91\t２０２２\n\
                   5\t1\t1\t1\t1\t3\t400\t100\t40\t36\t90\tAB\n\
                   5\t1\t1\t1\t1\t4\t450\t100\t40\t36\t88\tCD\n\
                   5\t1\t1\t1\t1\t5\t1000\t100\t30\t36\t40\t3\n\
                   5\t1\t1\t1\t2\t1\t100\t160\t200\t36\t96\t通知\n";
        let (lines, words) = lines_from_tsv(tsv, &image());
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["关于印发2022AB CD3", "通知"]);
        assert_eq!(words.len(), 6);
        // 2 pixels a point: the first word starts at 50 pt, its line's baseline at 68 pt.
        assert_eq!((lines[0].x0, lines[0].y), (50.0, 68.0));
        assert!((lines[0].size - 18.0 / HAN_INK_SHARE).abs() < 1e-3);
    }

    #[test]
    fn blocks_side_by_side_are_columns_and_stacked_ones_are_not() {
        let left = [100, 100, 1000, 3000];
        let right = [1100, 150, 2000, 2900];
        let below = [100, 3100, 2000, 3300];
        assert!(has_columns(&[left, right], 2200));
        assert!(!has_columns(&[left, below], 2200));
        // A narrow block beside the text (a stamp, a margin note) is no column.
        assert!(!has_columns(&[left, [1100, 150, 1300, 400]], 2200));
    }

    #[test]
    fn a_docnum_year_gets_its_hexagonal_brackets_back() {
        assert_eq!(docnum_brackets("宁政发【2022]85号"), "宁政发〔2022〕85号");
        assert_eq!(
            docnum_brackets("宁政任 (2022】 88号通知"),
            "宁政任〔2022〕88号通知"
        );
        // Brackets around anything else stay as read.
        assert_eq!(docnum_brackets("(2022年8月)"), "(2022年8月)");
        assert_eq!(docnum_brackets("附件[1]"), "附件[1]");
    }

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
}
