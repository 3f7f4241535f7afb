//! Lines the page's reading left out, read again one at a time.
//!
//! Reading a page, as one block of lines or in columns, Tesseract's line finder
//! sometimes takes a short line set close above another (a chapter's `第一章　总则`
//! over its first article) as part of its neighbour and reads nothing of it; a decree
//! then loses a chapter. The glyphs are there in the picture's connected components: a
//! row of glyphs of text size that no word read covers, level with no word of its
//! column, is a line left out, and it is read again on its own as one line.

use super::clean::{Picture, MIDDLE_GREY};
use super::dates::READ_EM_PIXELS;
use super::lines::lines_from_tsv;
use super::lines::NOISE_CONFIDENCE;
use super::page_numbers::FOOTER_BAND;
use super::{
    mean_confidence, recognise, Engine, NoImage, OcrWord, PageImage, ENGINE, LOW_CONFIDENCE,
};
use crate::error::Result;
use crate::layout::median;
use crate::model::TextLine;
use crate::parse::patterns::{opening_doc_number, part_heading};
use crate::script::is_han;

/// A glyph of a line left out is at least this share of the body's em on its longer
/// side (smaller ink is punctuation or a speck, which makes no line alone) …
pub(super) const MIN_GLYPH_EMS: f32 = 0.6;
/// … and at most this many ems (larger ink is a seal, a picture or display type that
/// the block's reading does not leave out).
pub(super) const MAX_GLYPH_EMS: f32 = 2.5;
/// A line left out has at least this many glyphs: a lone one is more likely a mark.
const MIN_GLYPHS: usize = 2;
/// Paper around a line read again, in its glyphs' heights.
const MARGIN_HEIGHTS: f32 = 0.25;
/// A word's box this many ems wider than its characters is wider than any blanks
/// between them make it.
const GARBLED_SPARE_EMS: f32 = 2.0;

/// Reads again each row of glyphs that the page's reading left out and adds what
/// it reads, when it holds Han characters read with confidence on the whole or is a
/// part heading (`第一章　总则`) or a 文号, to the page's lines and words.
/// A glyph's size is measured against the median size of the lines read;
/// `pixels_high` is the picture's height. The footer band is left to the folio's own
/// reading (`page_numbers`): a folio's dashes read as a line would be 一. `leaders` as
/// `lines_from_tsv` takes them (a 目录 line left out comes back with its `……`).
/// `columns` when the page was read in columns: a row is left out when no word of its
/// own column is level with it.
pub(super) fn read_missed_lines(
    image: &PageImage,
    picture: &mut Picture,
    pixels_high: u32,
    leaders: &[[f32; 4]],
    columns: bool,
    lines: &mut Vec<TextLine>,
    words: &mut Vec<OcrWord>,
) -> Result<()> {
    let dpi = image.dpi();
    let em = body_em(lines, dpi);
    let read: Vec<[f32; 4]> = words
        .iter()
        .filter(|w| !read_nothing_of(w))
        .map(|w| image.to_pixels(w.bbox))
        .collect();
    let text_sized = |b: &[i32; 4]| {
        let side = b[2].max(b[3]) as f32;
        (MIN_GLYPH_EMS * em..=MAX_GLYPH_EMS * em).contains(&side)
    };
    let footer = pixels_high as f32 * (1.0 - FOOTER_BAND);
    let unread: Vec<[i32; 4]> = picture
        .glyphs(dpi)
        .into_iter()
        .filter(|b| text_sized(b) && (b[1] as f32) < footer)
        .filter(|b| !read.iter().any(|w| overlaps(b, w)))
        .collect();
    // On a page in columns, a word in the other column is level with a line left out
    // and says nothing of it; a gutter is an em wide at least.
    let reach = if columns { em } else { f32::INFINITY };
    for row in rows(unread) {
        let [left, top, right, bottom] = extent(&row);
        let level_with_words = read.iter().any(|w| {
            w[1] < bottom as f32
                && w[3] > top as f32
                && w[0] < right as f32 + reach
                && w[2] > left as f32 - reach
        });
        if row.len() < MIN_GLYPHS || level_with_words {
            continue;
        }
        let area = [left, top, right - left, bottom - top];
        let kept = |found: &[TextLine], found_words: &[OcrWord]| {
            // A heading a decree's parts are numbered by is kept however unsure the
            // engine was of its characters: the blank after its number reads as a
            // quote read with no confidence (`第一章”总则`), and nothing else reads as
            // one. So is a line that opens with a 文号 (a 目录's, its page number
            // after it), whose shape is as sure a sign.
            let sure = mean_confidence(found_words).is_some_and(|c| c >= LOW_CONFIDENCE);
            let heading = found.iter().all(|l| part_heading(&l.text));
            let numbered = found
                .first()
                .is_some_and(|l| opening_doc_number(&l.text).is_some());
            sure && found.iter().any(|l| l.text.chars().any(is_han)) || heading || numbered
        };
        if let Some((found, found_words)) = read_as_line(image, picture, area, leaders, kept)? {
            // What was made of the row's ink before goes (`0` for a title's whole
            // first line), with the line it made.
            let covers = |b: [f32; 4]| overlaps(&area, &image.to_pixels(b));
            let made: Vec<[f32; 4]> = words
                .iter()
                .filter(|w| read_nothing_of(w) && covers(w.bbox))
                .map(|w| w.bbox)
                .collect();
            words.retain(|w| !made.contains(&w.bbox));
            lines.retain(|l| {
                !made.iter().any(|b| {
                    b[0] <= l.x0 && l.x1 <= b[2] && covers([l.x0, l.y - l.size, l.x1, l.y])
                })
            });
            for line in found {
                let at = place(lines, &line, columns);
                lines.insert(at, line);
            }
            words.extend(found_words);
        }
    }
    Ok(())
}

/// A word read with no confidence whose box is wider than its characters could fill
/// by far (`0` across a title's whole line of seven characters): what the engine made
/// of a row of ink it could not read, which it does not cover.
fn read_nothing_of(w: &OcrWord) -> bool {
    let [left, top, right, bottom] = w.bbox;
    let ems = w.text.chars().count() as f32 + GARBLED_SPARE_EMS;
    w.confidence < NOISE_CONFIDENCE && right - left > ems * (bottom - top)
}

/// Reads the glyphs at `area` (left, top, width, height in pixels) as one line: its
/// lines and words in page points, joined and mended as the page's own are, when
/// `kept` takes them. Read enlarged first, as a line of small type is read best (the
/// same heading read at its scanned size gives nothing); at its scanned size when that
/// gives nothing or nothing kept, as a bold heading enlarged may (`一、主要目标`).
pub(super) fn read_as_line(
    image: &PageImage,
    picture: &Picture,
    area: [i32; 4],
    leaders: &[[f32; 4]],
    kept: impl Fn(&[TextLine], &[OcrWord]) -> bool,
) -> Result<Option<(Vec<TextLine>, Vec<OcrWord>)>> {
    let enlarged = READ_EM_PIXELS / area[3].max(1) as f32;
    let scales = [enlarged, 1.0];
    let scales = if enlarged > 1.0 {
        &scales[..]
    } else {
        &scales[1..]
    };
    for &scale in scales {
        if let Some((found, found_words)) = read_line(image, picture, area, scale, leaders)? {
            if kept(&found, &found_words) {
                return Ok(Some((found, found_words)));
            }
        }
    }
    Ok(None)
}

/// Reads the glyphs at `area` as one line, enlarged `scale` times (read raw when read
/// as a line it gives nothing): its lines and words in page points, None when
/// nothing was read.
fn read_line(
    image: &PageImage,
    picture: &Picture,
    [left, top, width, height]: [i32; 4],
    scale: f32,
    leaders: &[[f32; 4]],
) -> Result<Option<(Vec<TextLine>, Vec<OcrWord>)>> {
    let margin = (height as f32 * scale * MARGIN_HEIGHTS).round() as i32;
    let Some(clip) = picture.clip_binary([left, top, width, height], margin, scale, MIDDLE_GREY)
    else {
        return Ok(None);
    };
    let dpi = image.dpi();
    // The clip as an image placed on the page, so that its words come out in page
    // points.
    let paper = margin as f32 / scale;
    let placed = image.to_points([
        left as f32 - paper,
        top as f32 - paper,
        (left + width) as f32 + paper,
        (top + height) as f32 + paper,
    ]);
    let clip_image = PageImage {
        index: image.index,
        width: image.width,
        height: image.height,
        placed,
        file: Err(NoImage::Blank),
        pixels_wide: (width as f32 * scale).round() as u32 + 2 * margin as u32,
    };
    for engine in [Engine::Line, Engine::RawLine] {
        let Some((tsv, _)) = recognise(&ENGINE, engine, &clip, dpi * scale, None)? else {
            continue;
        };
        let (found, found_words, _) = lines_from_tsv(&tsv, &clip_image, leaders, &mut |_| None);
        if !found.is_empty() {
            return Ok(Some((found, found_words)));
        }
    }
    Ok(None)
}

/// Where a line read again goes among the page's lines: by its height, among its
/// column's lines on a page in columns (read a column at a time), after the last one
/// above it that shares its extent across the page.
fn place(lines: &[TextLine], line: &TextLine, columns: bool) -> usize {
    let above_in_column = || {
        lines
            .iter()
            .rposition(|l| l.y <= line.y && l.x0 < line.x1 && l.x1 > line.x0)
    };
    match columns.then(above_in_column).flatten() {
        Some(above) => above + 1,
        None => lines.partition_point(|l| l.y <= line.y),
    }
}

/// Whether a glyph (left, top, width, height in pixels) and a word's box (left, top,
/// right, bottom in pixels) share any pixel.
fn overlaps(glyph: &[i32; 4], word: &[f32; 4]) -> bool {
    let [x, y, w, h] = glyph.map(|v| v as f32);
    x < word[2] && x + w > word[0] && y < word[3] && y + h > word[1]
}

/// The body's em on a page, in pixels at `dpi`: the median size of its lines.
pub(super) fn body_em(lines: &[TextLine], dpi: f32) -> f32 {
    median(lines.iter().map(|l| l.size).collect()).unwrap_or(0.0) * dpi / 72.0
}

/// The box (left, top, right, bottom) a row of glyphs (left, top, width, height)
/// spans; all 0 for none.
pub(super) fn extent(row: &[[i32; 4]]) -> [i32; 4] {
    let left = row.iter().map(|b| b[0]).min().unwrap_or(0);
    let top = row.iter().map(|b| b[1]).min().unwrap_or(0);
    let right = row.iter().map(|b| b[0] + b[2]).max().unwrap_or(0);
    let bottom = row.iter().map(|b| b[1] + b[3]).max().unwrap_or(0);
    [left, top, right, bottom]
}

/// Glyphs (left, top, width, height) grouped into rows: each joins the row whose
/// vertical extent holds its middle, top to bottom.
pub(super) fn rows(mut glyphs: Vec<[i32; 4]>) -> Vec<Vec<[i32; 4]>> {
    glyphs.sort_by_key(|b| b[1]);
    let mut rows: Vec<Vec<[i32; 4]>> = Vec::new();
    for glyph in glyphs {
        let middle = glyph[1] + glyph[3] / 2;
        let row = rows.iter_mut().find(|row| {
            let [_, top, _, bottom] = extent(row);
            (top..=bottom).contains(&middle)
        });
        match row {
            Some(row) => row.push(glyph),
            None => rows.push(vec![glyph]),
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyphs_level_with_each_other_make_a_row() {
        let glyphs = vec![
            [100, 300, 30, 30],
            [10, 100, 30, 30],
            [50, 104, 30, 28],
            [140, 302, 8, 8],
        ];
        let rows = rows(glyphs);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0], [[10, 100, 30, 30], [50, 104, 30, 28]]);
        assert_eq!(rows[1], [[100, 300, 30, 30], [140, 302, 8, 8]]);
    }
}
