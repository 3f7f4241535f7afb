//! Dates the line recogniser garbles, read again one character at a time.
//!
//! A signed date (GB/T 9704-2012, 7.3.5) and the 版记's 印发 date are often set in
//! full-width digits, each alone in an em: read as one line, the wide gaps between
//! the glyphs throw Tesseract's line recogniser off (`2有2年上2天.0间` for
//! `２０２２年１２月２０日` at 200 dpi, and another misreading when nothing but a
//! rule elsewhere on the page changes), while each glyph read alone comes out right.
//! A line that reads as a date gone wrong (numerals and a date sign, read with little
//! confidence) is cut into cells of at most an em of glyphs, and each cell is read
//! alone against the characters dates are written in (and, when that finds nothing,
//! against all, a ring read as letters counting as 〇). The new reading replaces the
//! line only when it is a whole date, by the parser's own rule for one.

use super::clean::{Picture, INKY_GREY, MIDDLE_GREY};
use super::lines::HAN_INK_SHARE;
use super::{enclosing, OcrWord, PageImage, LOW_CONFIDENCE};
use crate::layout::{median, regex};
use crate::model::TextLine;
use crate::parse::patterns::{date_line, is_office_name};
use crate::script::is_han;
use glyphs::{digits_apart, is_ring, ring_or_date, stroke_numeral};

mod glyphs;

/// Every character a date is written with, in Arabic or Chinese numerals, and the
/// 印发 after a 版记's date; and the letter O, which is all the engine reads a 〇 alone
/// as (a clean ring, cut out of its line, reads as nothing against 〇 alone).
pub(super) const DATE_CHARACTERS: &std::ffi::CStr = c"0123456789〇一二三四五六七八九十年月日印发O";
/// The numerals among them, and the O a 〇 is read as.
const NUMERALS: &str = "0123456789〇一二三四五六七八九十O";
/// A date line is at most this many characters, 印发 included
/// (`二〇二二年十二月三十一日印发` is 14).
const MAX_DATE_CHARS: usize = 16;
/// A cell of glyphs read alone is at most this many ems wide: one Han character (the
/// two halves of 八 or 印 together; its ink is about 0.9 em wide) or two digits set
/// close, never two Han characters side by side (二〇 is near two ems wide).
const CELL_EMS: f32 = 1.0;
/// The em, in pixels, a cell is enlarged to before it is read: the engine reads
/// characters best at an x-height of 30 pixels and more, which a 10-point character
/// scanned at 200 dpi (28 pixels to the em) is far from.
pub(super) const READ_EM_PIXELS: f32 = 80.0;
/// A line with this many numerals may be a date whose signs were all misread (a
/// year's digits come through where 年, 月 and 日 do not: `2910电史证外及人肖`).
const YEAR_DIGITS: usize = 4;
/// How far beyond the words read, in ems, a date line's ink is looked for: the
/// engine may leave out a year's first three glyphs (`二` | `年五月十二日`, its 〇二〇
/// read as nothing).
const REACH_EMS: f32 = 4.0;
/// A date's glyphs stand at most an em apart, full-width digits letter-spaced or not.
const DATE_GAP_EMS: f32 = 1.0;
/// A blank between a year's words this many ems wider than the line's usual blank
/// holds a glyph the engine left out (a glyph and the blanks beside it are over an em).
const LOST_GLYPH_EMS: f32 = 0.8;
/// A component with no side as long as this share of the em is a speck.
const SPECK_EMS: f32 = 0.2;

/// Whether a line reads as a date gone wrong: a short line with three numerals and a
/// date sign at least (or four numerals, or under a signature 年 and 月 in their
/// places), that is no date as it stands, and whose every Han character no
/// date is written with was read with little confidence. A Han character read with
/// confidence that no date has (the 第 and 号 of `2022年第15号`, the 底前 of
/// `2022年7月底前`) says the line is something else, unless the line has a date's
/// shape (a year of four numerals, 年, 月 and 日) or stands under a signature, where
/// GB/T 9704 (7.3.5) puts the date and nothing else; Latin letters and signs say
/// nothing, as OCR reads a 〇 as `O` or `C` with confidence. `words` are the line's
/// words, each with its confidence; `signed`, whether the line is under a signature.
fn garbled(text: &str, words: &[(&str, f32)], signed: bool) -> bool {
    let chars = text.chars().count();
    let numerals = text.chars().filter(|&c| NUMERALS.contains(c)).count();
    let signs = text.contains(['年', '月', '日']);
    let foreign = |word: &str| word.chars().any(|c| is_han(c) && !is_date_character(c));
    let foreign_only_in_doubt = words
        .iter()
        .all(|&(word, confidence)| confidence < LOW_CONFIDENCE || !foreign(word));
    // A year of four numerals, its 年, 月 and 日 in their places: a date, whatever was
    // read with confidence between them (`二〇二三年六月和/日`).
    let date_shaped = regex!(r"^\s*[0-9〇一二三四五六七八九O]{4}\s*年.{1,3}月.{1,3}日(印发)?\s*$");
    // Under a signature, a short line with 年 before 月 is its date, every numeral
    // misread (`芋避=年雪月汪冲` for `二〇二〇年五月十日`).
    let signs_in_order = regex!(r"年.{1,3}月").is_match(text);
    (foreign_only_in_doubt || signed || date_shaped.is_match(text))
        && (6..=MAX_DATE_CHARS).contains(&chars)
        && (numerals >= 3 && signs || numerals >= YEAR_DIGITS || signed && signs_in_order)
        && whole_date(text).is_none()
}

/// Whether a date's year, read whole, has a glyph left out: between two of its words,
/// or its last and 年, a blank wider by more than `LOST_GLYPH_EMS` of the line's size
/// than the line's usual blank between words. A year's numerals are set as closely as
/// the rest of its line (letter-spaced or not), and a faint ring is what the engine
/// leaves out, reading the ring before it twice to make up the count (`二O〇二年` for
/// `二〇二〇年`, taken for 2002).
fn year_glyph_lost(own: &[&OcrWord], size: f32) -> bool {
    let mut words: Vec<&OcrWord> = own.to_vec();
    words.sort_by(|a, b| a.bbox[0].total_cmp(&b.bbox[0]));
    let Some(year_sign) = words.iter().position(|w| w.text.contains('年')) else {
        return false;
    };
    let before_year_sign = words[year_sign].text.split('年').next().unwrap_or_default();
    let numerals = words[..year_sign]
        .iter()
        .flat_map(|w| w.text.chars())
        .chain(before_year_sign.chars())
        .filter(|&c| NUMERALS.contains(c))
        .count();
    let gaps: Vec<f32> = words
        .windows(2)
        .map(|w| w[1].bbox[0] - w[0].bbox[2])
        .collect();
    let Some(usual) = median(gaps.clone()) else {
        return false;
    };
    numerals >= YEAR_DIGITS
        && gaps[..year_sign]
            .iter()
            .any(|&gap| gap > usual + LOST_GLYPH_EMS * size)
}

/// Whether a whole date has a number in Arabic digits read in doubt: the engine may
/// read a month's `11` as `1`, sure of the rest of the line and unsure of that word
/// alone. A Chinese numeral read in doubt (a 〇 read as `OO`) says less: read alone,
/// cell by cell, 三 may come out 二 where the line had it right.
fn numeral_in_doubt(text: &str, words: &[(&str, f32)]) -> bool {
    whole_date(text).is_some()
        && words.iter().any(|&(word, confidence)| {
            confidence < LOW_CONFIDENCE
                && !word.is_empty()
                && word.chars().all(|c| c.is_ascii_digit())
        })
}

fn is_date_character(c: char) -> bool {
    DATE_CHARACTERS.to_str().is_ok_and(|all| all.contains(c))
}

/// The ISO date when `text` is a whole date line, 印发 after it or not, of the last
/// century or this one, as every date a gazette prints is: a year read as `二二〇〇`
/// (a ring lost, the other read twice) is a date gone wrong.
fn whole_date(text: &str) -> Option<String> {
    // A date is written in one kind of numeral: `二〇二〇年2月十六日` is a 六 whose
    // dot was lost.
    let arabic = text.contains(|c: char| c.is_ascii_digit());
    let chinese = text.contains(|c: char| "〇一二三四五六七八九十".contains(c));
    if arabic && chinese {
        return None;
    }
    date_line(text.strip_suffix("印发").unwrap_or(text))
        .filter(|date| date.starts_with("19") || date.starts_with("20"))
}

/// Whether `line` stands where a signature's date does: right under a line that is
/// an office's name or a signer's title and name, beside it, within two of its
/// heights.
fn under_signature(signature: &TextLine, line: &TextLine) -> bool {
    let text: String = signature.text.split_whitespace().collect();
    let signer = regex!(r"^\p{Han}{1,8}[长理任记席]\p{Han}{2,4}$").is_match(&text);
    let below = line.y > signature.y && line.y - signature.y <= 2.0 * signature.size.max(line.size);
    let beside = line.x0 < signature.x1 && line.x1 > signature.x0;
    (is_office_name(&text) || signer) && below && beside
}

/// Whether a word is the line's: its box reaches into the line's, and its middle is
/// not within the line above (a line measured higher than its type, a date's
/// wide-set digits, reaches up to the foot of the signature above it).
pub(super) fn is_in_line(line: &TextLine, above: Option<&TextLine>, w: &OcrWord) -> bool {
    let centre = (w.bbox[0] + w.bbox[2]) / 2.0;
    let middle = (w.bbox[1] + w.bbox[3]) / 2.0;
    let above_holds = above
        .is_some_and(|a| (a.x0..=a.x1).contains(&centre) && middle > a.y - a.size && middle < a.y);
    (line.x0..=line.x1).contains(&centre)
        && w.bbox[3] > line.y - line.size
        && w.bbox[1] < line.y
        && !above_holds
}

/// Gives a date read cell by cell its 日 back where its last cell was read as a
/// digit (a narrow 日 alone reads as `9`): the ink a date line ends in is its 日, and
/// a date's day ends in no cell of its own.
fn last_cell_day_sign(reading: &str) -> String {
    match reading.strip_suffix(|c: char| c.is_ascii_digit()) {
        Some(rest) if regex!(r"月[0-9〇一二三四五六七八九十]{1,3}$").is_match(rest) => {
            format!("{rest}日")
        }
        _ => reading.to_string(),
    }
}

/// The cells of glyphs in a line's components (left, top, width, height in pixels),
/// left to right as boxes of the same kind: specks left out, glyphs that overlap (the
/// strokes of 二) or fit in `CELL_EMS` together joined. `em` is the line's em in
/// pixels.
fn glyph_cells(components: &[[i32; 4]], em: i32) -> Vec<[i32; 4]> {
    let em = em as f32;
    let mut glyphs: Vec<[i32; 4]> = components
        .iter()
        .filter(|b| b[2].max(b[3]) as f32 >= SPECK_EMS * em)
        .copied()
        .collect();
    glyphs.sort_by_key(|b| b[0]);
    let mut cells: Vec<[i32; 4]> = Vec::new();
    for [x, y, w, h] in glyphs {
        match cells.last_mut() {
            Some(run) if ((x + w).max(run[0] + run[2]) - run[0]) as f32 <= CELL_EMS * em => {
                let (right, bottom) = ((x + w).max(run[0] + run[2]), (y + h).max(run[1] + run[3]));
                *run = [run[0].min(x), run[1].min(y), 0, 0];
                run[2] = right - run[0];
                run[3] = bottom - run[1];
            }
            _ => cells.push([x, y, w, h]),
        }
    }
    cells
}

/// How a cell is read.
#[derive(Clone, Copy)]
pub(super) enum CellReading {
    /// Against `DATE_CHARACTERS`, as a word of them (two digits set close).
    Word,
    /// Against `DATE_CHARACTERS`, as one of them: a lone stroke-built character such
    /// as 十, or a lone 1, may find no word there.
    Character,
    /// As any one character the engine knows.
    Any,
}

/// The components (left, top, width, height) of the run of ink that holds the part
/// `read` (left, right) of the line that was read: those across it, and those
/// beyond it each no more than `gap` from the run. A date stands on a line of its
/// own, its glyphs at most an em apart; a line's box may leave out its first glyphs.
fn run_around(components: &[[i32; 4]], read: (i32, i32), gap: i32) -> Vec<[i32; 4]> {
    let mut sorted = components.to_vec();
    sorted.sort_by_key(|b| b[0]);
    let across = |b: &[i32; 4]| b[0] <= read.1 && b[0] + b[2] >= read.0;
    let Some(first) = sorted.iter().position(across) else {
        return Vec::new();
    };
    let last = sorted.iter().rposition(across).unwrap_or(first);
    let (mut from, mut to) = (first, last);
    let mut left = sorted[first][0];
    while from > 0 && left - (sorted[from - 1][0] + sorted[from - 1][2]) <= gap {
        from -= 1;
        left = left.min(sorted[from][0]);
    }
    let mut right = sorted[first..=last]
        .iter()
        .map(|b| b[0] + b[2])
        .max()
        .unwrap_or(0);
    while to + 1 < sorted.len() && sorted[to + 1][0] - right <= gap {
        to += 1;
        right = right.max(sorted[to][0] + sorted[to][2]);
    }
    sorted[from..=to].to_vec()
}

/// Reads a picture of one cell, enlarged the given number of times, the given way:
/// its text and confidence.
pub(super) type ReadCell<'a> = dyn FnMut(&Picture, f32, CellReading) -> Option<(String, f32)> + 'a;

/// Reads the line again cell by cell, when it is a date gone wrong, and puts the
/// reading in its place when that is a whole date: the line's text and extent, and
/// its words (one per cell), read by `read_cell`. Whether it did.
pub(super) fn reread_line(
    line: &mut TextLine,
    above: Option<&TextLine>,
    words: &mut Vec<OcrWord>,
    picture: &Picture,
    image: &PageImage,
    read_cell: &mut ReadCell,
) -> bool {
    let frame = line.clone();
    let inside = |w: &OcrWord| is_in_line(&frame, above, w);
    let signed = above.is_some_and(|above| under_signature(above, &frame));
    let own: Vec<&OcrWord> = words.iter().filter(|w| inside(w)).collect();
    let readings: Vec<(&str, f32)> = own
        .iter()
        .map(|w| (w.text.as_str(), w.confidence))
        .collect();
    if own.is_empty()
        || !(garbled(&line.text, &readings, signed)
            || year_glyph_lost(&own, line.size)
            || numeral_in_doubt(&line.text, &readings))
    {
        return false;
    }
    let Some(LineInk { clip, components }) = line_ink(line, &own, DATE_GAP_EMS, picture, image)
    else {
        return false;
    };
    // A date's 年, 月 and 日 are its tallest ink, as high as Han ink fills the em.
    let tallest = components.iter().map(|b| b[3]).max().unwrap_or(0);
    let em = (tallest as f32 / HAN_INK_SHARE).round() as i32;
    // Each cell is read first over its glyphs' own box; when that gives no whole
    // date, over the line's whole height, which takes in a stroke set apart above
    // the rest (the dot of 六, left out as a speck, and the rest read as `2`) but
    // also more of the paper around a glyph, so it comes second.
    let line_height = {
        let top = components.iter().map(|b| b[1]).min().unwrap_or(0);
        let bottom = components.iter().map(|b| b[1] + b[3]).max().unwrap_or(0);
        (top, bottom - top)
    };
    let Some((reading, cell_words)) = [None, Some(line_height)]
        .into_iter()
        .find_map(|height| read_cells(&components, em, clip, height, picture, image, read_cell))
    else {
        return false;
    };
    line.text = reading;
    // The date runs over all its cells: a piece of it read as a line of its own
    // beside it (`三` for its first 二〇) is now inside it.
    if let Some(cells) = enclosing(cell_words.iter().map(|w| w.bbox)) {
        line.x0 = line.x0.min(cells[0]);
        line.x1 = line.x1.max(cells[2]);
    }
    let date = line.clone();
    words.retain(|w| !inside(w) && !is_in_line(&date, above, w));
    words.extend(cell_words);
    true
}

/// A line's ink found from its `own` words: the strip of the page searched (left,
/// top, width, height in pixels) and the components of the run of ink the words are
/// part of, in pixels of the strip.
pub(super) struct LineInk {
    pub clip: [i32; 4],
    pub components: Vec<[i32; 4]>,
}

/// The ink of the line whose words are `own` (see `LineInk`), its run's glyphs at
/// most `gap_ems` apart; None when none is found.
pub(super) fn line_ink(
    line: &TextLine,
    own: &[&OcrWord],
    gap_ems: f32,
    picture: &Picture,
    image: &PageImage,
) -> Option<LineInk> {
    // The words' height, with a quarter of it more above and below and `REACH_EMS`
    // more at either end (the words' boxes may clip a glyph's ink, or leave out the
    // first glyphs); what of the lines above and below comes in is left out below,
    // and what stands apart at either end.
    let top = own.iter().map(|w| w.bbox[1]).fold(f32::MAX, f32::min);
    let bottom = own.iter().map(|w| w.bbox[3]).fold(f32::MIN, f32::max);
    // The line's size may be taken from glyphs lower than Han ink (二, 一, 十); a Han
    // character is about an em wide.
    let han_widths: Vec<f32> = own
        .iter()
        .filter(|w| w.text.chars().all(is_han))
        .map(|w| (w.bbox[2] - w.bbox[0]) / w.text.chars().count().max(1) as f32)
        .collect();
    let em_points = median(han_widths).map_or(line.size, |width| width.max(line.size));
    let reach = REACH_EMS * em_points;
    let span = [line.x0 - reach, top, line.x1 + reach, bottom];
    let [left, top, right, bottom] = image.to_pixels(span).map(|v| v.round() as i32);
    let [read_left, _, read_right, _] = image
        .to_pixels([line.x0, 0.0, line.x1, 0.0])
        .map(|v| v.round() as i32 - left);
    let gap = image.to_pixels([0.0, 0.0, gap_ems * em_points, 0.0])[2].round() as i32;
    let height = bottom - top;
    let pad = height / 4;
    let clip = [left, top - pad, right - left, height + 2 * pad];
    let mut strip = picture.clip_binary(clip, 0, 1.0, INKY_GREY)?;
    let within_line = |b: &&[i32; 4]| {
        let middle = b[1] + b[3] / 2;
        (pad..=pad + height).contains(&middle)
    };
    let in_line: Vec<[i32; 4]> = strip
        .components()
        .iter()
        .filter(within_line)
        .copied()
        .collect();
    let components = run_around(&in_line, (read_left, read_right), gap);
    Some(LineInk { clip, components })
}

/// Reads a date line's cells (its `components`, in pixels of `clip`, in cells of
/// its em, `em` pixels) one by one with `read_cell`, each
/// over its own height or, given `line_height` (top and height within `clip`), over
/// the line's: the date and a word per cell, when they make a whole date.
fn read_cells(
    components: &[[i32; 4]],
    em: i32,
    clip: [i32; 4],
    line_height: Option<(i32, i32)>,
    picture: &Picture,
    image: &PageImage,
    read_cell: &mut ReadCell,
) -> Option<(String, Vec<OcrWord>)> {
    let mut reading = String::new();
    let mut cell_words = Vec::new();
    for [x, y, w, h] in glyph_cells(components, em) {
        let (scale, margin) = enlargement(em);
        let at = [clip[0] + x, clip[1] + y, w, h];
        let read_at = read_area(clip, [x, y, w, h], line_height);
        // Thresholded at middle grey a thin stroke may break, at a lighter grey a
        // ring may fill in: the surer of the two readings counts, each way of
        // reading tried when the one before found nothing.
        let got = if let Some(numeral) = stroke_numeral(components, [x, y, w, h], em) {
            Some((numeral.to_string(), 100.0))
        } else if is_ring(picture, at) {
            Some(("O".to_string(), 100.0))
        } else {
            let thresholded: Vec<Picture> = [MIDDLE_GREY, INKY_GREY]
                .into_iter()
                .filter_map(|threshold| picture.clip_binary(read_at, margin, scale, threshold))
                .collect();
            [CellReading::Word, CellReading::Character, CellReading::Any]
                .into_iter()
                .find_map(|how| {
                    thresholded
                        .iter()
                        .filter_map(|cell| read_cell(cell, scale, how))
                        .filter_map(|(text, confidence)| Some((ring_or_date(&text)?, confidence)))
                        .max_by(|a, b| a.1.total_cmp(&b.1))
                })
        };
        let (text, confidence) = got?;
        let text = match digits_apart(components, [x, y, w, h], em, &text) {
            Some(apart) => {
                read_apart(&apart, clip, line_height, em, picture, read_cell).unwrap_or(text)
            }
            None => text,
        };
        reading.push_str(&text);
        let pixels = [x, y, x + w, y + h].map(|v| v as f32);
        let offset = [clip[0], clip[1], clip[0], clip[1]].map(|v| v as f32);
        let bbox = image.to_points(std::array::from_fn(|i| pixels[i] + offset[i]));
        cell_words.push(OcrWord {
            text,
            confidence,
            bbox,
        });
    }
    // Read alone, a ring is the letter O or the digit 0: a 〇 among Chinese numerals,
    // else a 0.
    let ring = if reading.contains(['一', '二', '三', '十']) {
        "〇"
    } else {
        "0"
    };
    let reading = last_cell_day_sign(&reading.replace(['0', 'O'], ring));
    whole_date(&reading).map(|_| (reading, cell_words))
}

/// How a cell is enlarged and how much paper is left around it: alone on paper,
/// enlarged to about `READ_EM_PIXELS` to the em, with an em of paper around it, as
/// the engine reads best.
fn enlargement(em: i32) -> (f32, i32) {
    let scale = (READ_EM_PIXELS / em.max(1) as f32).max(1.0);
    (scale, (em as f32 * scale / 2.0) as i32)
}

/// The area of the page (pixels) a cell at `cell` in `clip` is read over: its own box,
/// or the line's whole height when `line_height` (top in the clip, height) is given.
fn read_area(clip: [i32; 4], [x, y, w, h]: [i32; 4], line_height: Option<(i32, i32)>) -> [i32; 4] {
    match line_height {
        Some((top, height)) => [clip[0] + x, clip[1] + top, w, height],
        None => [clip[0] + x, clip[1] + y, w, h],
    }
}

/// Reads each of `glyphs` alone as one date character: their digits, when every one
/// reads as a digit, at middle grey or at the lighter grey (a thin `1` on a shaded
/// photographed page breaks at middle grey), the surer reading counting.
fn read_apart(
    glyphs: &[[i32; 4]],
    clip: [i32; 4],
    line_height: Option<(i32, i32)>,
    em: i32,
    picture: &Picture,
    read_cell: &mut ReadCell,
) -> Option<String> {
    let (scale, margin) = enlargement(em);
    glyphs
        .iter()
        .map(|&glyph| {
            let read_at = read_area(clip, glyph, line_height);
            [MIDDLE_GREY, INKY_GREY]
                .into_iter()
                .filter_map(|grey| picture.clip_binary(read_at, margin, scale, grey))
                .filter_map(|glyph| read_cell(&glyph, scale, CellReading::Character))
                .filter(|(text, _)| {
                    text.chars().count() == 1 && text.chars().all(|c| c.is_ascii_digit())
                })
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .map(|(text, _)| text)
        })
        .collect()
}

/// Drops what a date read again now covers (see `reread_line`): lines on its row
/// that lie within its extent.
pub(super) fn drop_pieces_of(date: &TextLine, lines: &mut Vec<TextLine>) {
    lines.retain(|l| {
        l == date
            || (l.y - date.y).abs() >= date.size / 2.0
            || l.x0 < date.x0 - 1.0
            || l.x1 > date.x1 + 1.0
    });
}

#[cfg(test)]
mod tests;
