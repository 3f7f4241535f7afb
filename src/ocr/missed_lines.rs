//! Lines the page's reading left out, read again one at a time.
//!
//! Reading a page as one block of lines, Tesseract's line finder sometimes takes a
//! short line set close above another (a chapter's `第一章　总则` over its first
//! article) as part of its neighbour and reads nothing of it; a decree then loses a
//! chapter. The glyphs are there in the picture's connected components: a row of
//! glyphs of text size that no word read covers, level with no word at all, is a line
//! left out, and it is read again on its own as one line.

use super::clean::{Picture, MIDDLE_GREY};
use super::dates::READ_EM_PIXELS;
use super::lines::lines_from_tsv;
use super::page_numbers::FOOTER_BAND;
use super::{
    mean_confidence, recognise, Engine, NoImage, OcrWord, PageImage, ENGINE, LOW_CONFIDENCE,
};
use crate::error::Result;
use crate::model::TextLine;
use crate::parse::patterns::part_heading;
use crate::script::is_han;

/// A glyph of a line left out is at least this share of the body's em on its longer
/// side (smaller ink is punctuation or a speck, which makes no line alone) …
const MIN_GLYPH_EMS: f32 = 0.6;
/// … and at most this many ems (larger ink is a seal, a picture or display type that
/// the block's reading does not leave out).
const MAX_GLYPH_EMS: f32 = 2.5;
/// A line left out has at least this many glyphs: a lone one is more likely a mark.
const MIN_GLYPHS: usize = 2;
/// Paper around a line read again, in its glyphs' heights.
const MARGIN_HEIGHTS: f32 = 0.25;

/// Reads again each row of glyphs that the page's reading left out and adds what
/// it reads, when it holds Han characters read with confidence on the whole or is a
/// part heading (`第一章　总则`), to the page's lines and words.
/// `body_size` is the page's body text size in points, `pixels_high` the picture's
/// height. The footer band is left to the folio's own reading (`page_numbers`): a
/// folio's dashes read as a line would be 一. `leaders` as `lines_from_tsv` takes
/// them (a 目录 line left out comes back with its `……`). The page is read as one block: its
/// lines run top to bottom, and each line read again goes in its place among them.
pub(super) fn read_missed_lines(
    image: &PageImage,
    picture: &mut Picture,
    body_size: f32,
    pixels_high: u32,
    leaders: &[[f32; 4]],
    lines: &mut Vec<TextLine>,
    words: &mut Vec<OcrWord>,
) -> Result<()> {
    let dpi = image.dpi();
    let em = body_size * dpi / 72.0;
    let read: Vec<[f32; 4]> = words.iter().map(|w| image.to_pixels(w.bbox)).collect();
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
    for row in rows(unread) {
        let top = row.iter().map(|b| b[1]).min().unwrap_or(0);
        let bottom = row.iter().map(|b| b[1] + b[3]).max().unwrap_or(0);
        let level_with_words = read
            .iter()
            .any(|w| w[1] < bottom as f32 && w[3] > top as f32);
        if row.len() < MIN_GLYPHS || level_with_words {
            continue;
        }
        let left = row.iter().map(|b| b[0]).min().unwrap_or(0);
        let right = row.iter().map(|b| b[0] + b[2]).max().unwrap_or(0);
        let area = [left, top, right - left, bottom - top];
        // Enlarged, as a line of small type is read best (the same heading read at
        // its scanned size gives nothing); at its scanned size when that gives
        // nothing, as a bold heading enlarged may (`一、主要目标`).
        let enlarged = READ_EM_PIXELS / area[3].max(1) as f32;
        let scales = [enlarged, 1.0];
        let scales = if enlarged > 1.0 {
            &scales[..]
        } else {
            &scales[1..]
        };
        for &scale in scales {
            if let Some((found, found_words)) = read_line(image, picture, area, scale, leaders)? {
                for line in found {
                    let at = lines.partition_point(|l| l.y <= line.y);
                    lines.insert(at, line);
                }
                words.extend(found_words);
                break;
            }
        }
    }
    Ok(())
}

/// Reads the row of glyphs at `area` (left, top, width, height in pixels) as one
/// line, enlarged `scale` times: its lines and words in page points, joined and
/// mended as the page's own are, when it holds Han characters read with confidence
/// on the whole or is a part heading (`第一章　总则`).
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
    let Some((tsv, _)) = recognise(&ENGINE, Engine::Line, &clip, dpi * scale, None)? else {
        return Ok(None);
    };
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
    let (found, found_words, _) = lines_from_tsv(&tsv, &clip_image, leaders, &mut |_| None);
    // A heading a decree's parts are numbered by is kept however unsure the engine
    // was of its characters: the blank after its number reads as a quote read with
    // no confidence (`第一章”总则`), and nothing else reads as one.
    let sure = mean_confidence(&found_words).is_some_and(|c| c >= LOW_CONFIDENCE);
    let heading = !found.is_empty() && found.iter().all(|l| part_heading(&l.text));
    let kept = sure && found.iter().any(|l| l.text.chars().any(is_han)) || heading;
    Ok(kept.then_some((found, found_words)))
}

/// Whether a glyph (left, top, width, height in pixels) and a word's box (left, top,
/// right, bottom in pixels) share any pixel.
fn overlaps(glyph: &[i32; 4], word: &[f32; 4]) -> bool {
    let [x, y, w, h] = glyph.map(|v| v as f32);
    x < word[2] && x + w > word[0] && y < word[3] && y + h > word[1]
}

/// Glyphs (left, top, width, height) grouped into rows: each joins the row whose
/// vertical extent holds its middle, top to bottom.
fn rows(mut glyphs: Vec<[i32; 4]>) -> Vec<Vec<[i32; 4]>> {
    glyphs.sort_by_key(|b| b[1]);
    let mut rows: Vec<Vec<[i32; 4]>> = Vec::new();
    for glyph in glyphs {
        let middle = glyph[1] + glyph[3] / 2;
        let row = rows.iter_mut().find(|row| {
            let top = row.iter().map(|b| b[1]).min().unwrap_or(0);
            let bottom = row.iter().map(|b| b[1] + b[3]).max().unwrap_or(0);
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
