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

use std::cell::RefCell;

use leptess::{LepTess, Variable};
use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind, Result};
use crate::model::{PageText, TextLine};
use crate::script::{fold_width, is_han, is_spaceless};
pub use images::{page_images, NoImage, PageImage};

/// The Tesseract language read: Simplified Chinese (its model also reads the Latin
/// letters and digits gazettes print).
const LANGUAGE: &str = "chi_sim";
/// Tesseract's fully automatic page segmentation without orientation detection:
/// blocks, columns and lines from its own layout analysis.
const PAGE_SEGMENTATION: &str = "3";
/// A gap wider than this many ems inside one of Tesseract's lines separates two
/// pieces of text (two columns, a title and its page number), as extraction splits a
/// born-digital line.
const SPLIT_GAP_EMS: f32 = 4.0;
/// Han ink fills about this share of the em; a line's font size is its Han words'
/// height over it.
const HAN_INK_SHARE: f32 = 0.9;
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

thread_local! {
    /// One engine per worker thread: loading the model takes longer than a page's
    /// layout analysis, and an engine is not shared between threads.
    static ENGINE: RefCell<Option<LepTess>> = const { RefCell::new(None) };
}

/// Reads one page image. A page whose image leptonica cannot decode, or on which the
/// engine finds no text, comes back with `unread` saying so, not as an error.
pub fn read_page(image: &PageImage) -> Result<OcrPage> {
    let tsv = ENGINE.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            *slot = Some(engine()?);
        }
        let Some(engine) = slot.as_mut() else {
            return Err(no_engine("the engine could not be kept"));
        };
        let Ok(file) = &image.file else {
            return Ok(None);
        };
        if engine.set_image_from_mem(file).is_err() {
            return Ok(None);
        }
        let inches = (image.placed[2] - image.placed[0]) / 72.0;
        if inches > 0.0 {
            engine.set_source_resolution((image.pixels_wide as f32 / inches).round() as i32);
        }
        engine.get_tsv_text(0).map(Some).map_err(|e| {
            Error::new(
                ErrorKind::ExtractionFailed,
                format!(
                    "The OCR engine returned text that is not UTF-8 on page {} ({e}).",
                    image.index + 1
                ),
            )
        })
    })?;
    let Some(tsv) = tsv else {
        let why = match &image.file {
            Err(NoImage::Blank) => "it is blank (it shows no image)".to_string(),
            Err(NoImage::Unsupported(what)) => format!("it holds {what}, which cannot be read"),
            Ok(_) => "its image could not be decoded".to_string(),
        };
        return Ok(unread_page(image.index, image.width, image.height, &why));
    };
    let (lines, words) = lines_from_tsv(&tsv, image);
    if words.is_empty() {
        return Ok(unread_page(
            image.index,
            image.width,
            image.height,
            "no text was recognised on it (blank, a picture, or too low a resolution)",
        ));
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

fn engine() -> Result<LepTess> {
    let mut engine = LepTess::new(None, LANGUAGE).map_err(|e| no_engine(&e.to_string()))?;
    for (name, value) in [
        (Variable::TesseditPagesegMode, PAGE_SEGMENTATION),
        // Keeps Tesseract from putting a space between every two Han characters.
        (Variable::PreserveInterwordSpaces, "1"),
        // The engine's diagnostics would otherwise go to the program's stderr.
        (Variable::DebugFile, "/dev/null"),
    ] {
        engine
            .set_variable(name, value)
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
            Some(TsvWord {
                line: (id(2)?, id(3)?, id(4)?),
                left: num(6)?,
                top: num(7)?,
                width: num(8)?,
                height: num(9)?,
                confidence: num(10)?,
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
        lines.extend(split_line(&line));
        start = end;
    }
    (lines, words.into_iter().map(|(_, w)| w).collect())
}

type LineId = (u32, u32, u32);

/// One of Tesseract's lines as one or more text lines: pieces set far apart are
/// separate lines; words meet without a space unless both sides are Latin.
fn split_line(words: &[&OcrWord]) -> Vec<TextLine> {
    let size = line_size(words);
    let mut lines: Vec<TextLine> = Vec::new();
    let mut prev_right = f32::NEG_INFINITY;
    for w in words {
        let gap = w.bbox[0] - prev_right;
        prev_right = w.bbox[2];
        match lines.last_mut() {
            Some(line) if gap <= SPLIT_GAP_EMS * size => {
                let latin_seam = matches!((line.text.chars().last(), w.text.chars().next()), (Some(a), Some(b)) if !is_spaceless(a) && !is_spaceless(b));
                if latin_seam {
                    line.text.push(' ');
                }
                line.text.push_str(&w.text);
                line.x1 = w.bbox[2];
                line.y = line.y.max(w.bbox[3]);
            }
            _ => lines.push(TextLine {
                text: w.text.clone(),
                x0: w.bbox[0],
                x1: w.bbox[2],
                y: w.bbox[3],
                size,
            }),
        }
    }
    lines
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
    fn words_join_without_spaces_between_han_and_split_at_wide_gaps() {
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
        assert_eq!(texts, ["关于印发2022 AB CD", "3", "通知"]);
        assert_eq!(words.len(), 6);
        // 2 pixels a point: the first word starts at 50 pt, its line's baseline at 68 pt.
        assert_eq!((lines[0].x0, lines[0].y), (50.0, 68.0));
        assert!((lines[0].size - 18.0 / HAN_INK_SHARE).abs() < 1e-3);
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
