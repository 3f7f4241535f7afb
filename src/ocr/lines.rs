//! Tesseract's TSV into the positioned lines extraction gives (`PageText` lines):
//! words joined without spaces between Han characters, full-width forms folded, noise
//! dropped (speckle, ghost lines in the tops of large type), a page number misread as
//! a letter read again, lines cut where extraction would cut them (wide gaps, column
//! gutters) and dot leaders taken off the image put back as `……`.

use super::{enclosing, mend, OcrWord, PageImage, LARGE_TYPE_EMS};
use crate::extract::lines::gutters::find_gutters;
use crate::extract::lines::SPLIT_GAP_EM;
use crate::layout::median;
use crate::model::TextLine;
use crate::script::{fold_width, is_han};
pub(super) use columns::glyphs_show_columns;
use columns::{at_gutter, makes_columns, WordInk};
use noise::{is_ghost, is_speck_apart, is_speckle, is_stray_sign};

/// Only two Latin words are set apart by a space, and only a gap of at least this
/// share of the em is one: Tesseract splits `2.`, `15` or `(2)` into words too, and
/// a space inside a number or a clause label would hide it from the parser.
const WORD_SPACE_EMS: f32 = 0.2;
/// A number that ends a line and stands this share of the em or more apart from the
/// Han text beside it keeps a space between them, as the page number printed at the outer
/// end of a running head (`2　某某省人民政府公报`) is set off by one in a born-digital
/// page, where the page furniture looks for it.
const NUMBER_SPACE_EMS: f32 = 0.5;
/// Digits and Latin letters take about this share of a Han character's width.
const NARROW_EMS: f32 = 0.55;
/// Gaps between the ink of letter-spaced glyphs differ by up to this factor: the
/// glyphs' own shapes leave more or less white at their sides (人 against 区).
const LETTER_GAP_SLACK: f32 = 1.25;
/// A word's box this many times as wide as its characters need has run on into the
/// blank beside it.
const RUN_ON_NEEDS: f32 = 4.0;
/// Han ink fills about this share of the em; a line's font size is its Han words'
/// height over it.
pub(super) const HAN_INK_SHARE: f32 = 0.9;
/// Han ink is about as high as the line's characters are wide (its narrow ones, such
/// as 川 or 人, no higher than the others): a box more than this many times as high
/// as the line's median character width holds more than its word's ink.
const MAX_HAN_ASPECT: f32 = 1.25;
/// Han ink is at least this many times as high as it is wide, but for 一 and the
/// like, whose height says nothing of the size.
const MIN_HAN_ASPECT: f32 = 0.5;
/// A Han character's box at most this share of the height of the Han characters
/// beside it holds no more than a level bar (and a comma below it).
const FLAT_SHARE: f32 = 0.7;
/// Below this confidence a word without Han characters or digits is noise.
pub(super) const NOISE_CONFIDENCE: f32 = 40.0;
/// A noise mark, or letters that look like digits, this many of their heights or more
/// after the word before them at the end of a line may be a 目录 entry's page number
/// misread (`T` for 7, `i` for 1).
const MARK_GAP_HEIGHTS: f32 = 2.0;
/// Letters and signs OCR reads for digits: 1 as i, l, I, | or !, 7 as T, 0 as O or o,
/// 5 as S, 2 as Z, 8 as B, 9 as g or q, 6 as G.
const DIGIT_LOOKALIKES: &str = "ilI|!TOoSsZzBgqG";
/// Below this mean confidence a line without Han characters is speckle. Lines of
/// stray signs come out between 25 and 50; a 目录 page number or a table's figures
/// standing alone are read at 85 and more.
pub(super) const SPECKLE_CONFIDENCE: f32 = 60.0;
/// A row beside another on one printed line is level with it for at least this share
/// of the lower one's height …
const BESIDE_LEVEL: f32 = 0.5;
/// … and starts at most this many of its heights after its end.
const BESIDE_GAP_HEIGHTS: f32 = 3.0;
/// A word with this share of its box inside another's may have been read from the
/// other's ink.
const READ_TWICE_INSIDE: f32 = 0.6;

/// One word row of Tesseract's TSV output, in image pixels.
#[derive(Clone)]
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
/// word, left, top, width, height, confidence, text. Noise is dropped; a mark ending a
/// line far from the word before it is read again by `digits` (given its pixel box,
/// left, top, right, bottom), and kept when that reads a number.
fn tsv_words(tsv: &str, digits: &mut dyn FnMut([f32; 4]) -> Option<String>) -> Vec<TsvWord> {
    let rows: Vec<TsvWord> = tsv
        .lines()
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
        .collect();
    let mut kept = Vec::with_capacity(rows.len());
    for (k, mut word) in rows.iter().cloned().enumerate() {
        // Dot leaders and specks come out as a few Latin letters or signs read with
        // almost no confidence; they would hide a 目录 entry's page number. 〇 is no
        // Han character to Unicode, and a date's 〇 is often read with no confidence.
        let noise = word.confidence < NOISE_CONFIDENCE
            && !word
                .text
                .chars()
                .any(|c| is_han(c) || c == '〇' || c.is_ascii_digit());
        let lookalike = word
            .text
            .chars()
            .all(|c| DIGIT_LOOKALIKES.contains(c) || c.is_ascii_digit())
            && !word.text.chars().all(|c| c.is_ascii_digit());
        let ends_line = rows.get(k + 1).is_none_or(|next| next.line != word.line);
        let gap_before = k
            .checked_sub(1)
            .map(|j| &rows[j])
            .filter(|before| before.line == word.line)
            .map(|before| word.left - (before.left + before.width));
        if noise || lookalike {
            let apart = gap_before.is_some_and(|gap| gap > MARK_GAP_HEIGHTS * word.height);
            let pixels = [
                word.left,
                word.top,
                word.left + word.width,
                word.top + word.height,
            ];
            let read = (ends_line && apart && word.text.chars().count() <= 2)
                .then(|| digits(pixels))
                .flatten();
            match read {
                Some(number) => word.text = number,
                None if noise => continue,
                None => {}
            }
        }
        // A quote mark before a number is a speck or a blank read as one when it was
        // read with little confidence (`公报“11`, a running head's page number), or
        // when the number ends its line a blank wider than itself after the word
        // before (`53号)”2`, a 目录 page number): no quotation opens or closes on a
        // lone number there.
        let set_apart = ends_line && gap_before.is_some_and(|gap| gap > word.height);
        if word.confidence < SPECKLE_CONFIDENCE || set_apart {
            if let Some(number) = word.text.strip_prefix(['“', '”', '"']) {
                if !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()) {
                    word.text = number.to_string();
                }
            }
        }
        kept.push(word);
    }
    for k in 1..kept.len() {
        let (before, after) = kept.split_at_mut(k);
        let (word, next) = (&mut before[k - 1], &after[0]);
        let right = word.left + word.width;
        // A word read with little confidence whose box swallows the next word of its
        // line had a blank read into it (a rule, a gap); its own ink ends where the
        // next word starts and takes about what its characters need, and the gap
        // before it is a gap again. Confident words get loose boxes too, but there
        // the characters are where the box starts.
        let swallows = right >= next.left + next.width;
        if next.line == word.line && swallows && word.confidence < SPECKLE_CONFIDENCE {
            let need = ink_width(word, word.height.min(next.height), next.height);
            let left = word.left.max(next.left - need);
            word.width = next.left - left;
            word.left = left;
        }
    }
    // The last word of a line, read with little confidence, whose box runs on far
    // past what its characters need over blank paper (a leader not taken off, `法`
    // boxed to the page number at its end) had the blank read in: its characters are
    // where the box starts, after the word before. A box over another line's word is
    // left as it is: the two are one row's text.
    let boxes: Vec<[f32; 4]> = kept
        .iter()
        .map(|w| [w.left, w.top, w.left + w.width, w.top + w.height])
        .collect();
    for k in 0..kept.len() {
        let last = kept.get(k + 1).is_none_or(|next| next.line != kept[k].line);
        let word = &mut kept[k];
        let need = ink_width(word, word.height, word.height);
        let doubtful_run_on =
            last && word.confidence < SPECKLE_CONFIDENCE && word.width > RUN_ON_NEEDS * need;
        // Only such a word is looked at against every other: a page has hundreds.
        let over_another = || {
            let [left, top, right, bottom] = boxes[k];
            boxes
                .iter()
                .enumerate()
                .any(|(j, o)| j != k && o[0] < right && o[2] > left && o[1] < bottom && o[3] > top)
        };
        if doubtful_run_on && !over_another() {
            word.width = need;
        }
    }
    kept
}

/// What a word's characters take along its line in pixels: `han_em` for each Han
/// character, `NARROW_EMS` of `other_em` for any other.
fn ink_width(word: &TsvWord, han_em: f32, other_em: f32) -> f32 {
    word.text
        .chars()
        .map(|c| {
            if is_han(c) {
                han_em
            } else {
                NARROW_EMS * other_em
            }
        })
        .sum()
}

/// The words in Tesseract's TSV, noise left out: each one's text and confidence.
pub(super) fn word_readings(tsv: &str) -> Vec<(String, f32)> {
    tsv_words(tsv, &mut |_| None)
        .into_iter()
        .map(|w| (w.text, w.confidence))
        .collect()
}

/// Tesseract's lines as extraction's lines, its words with their places, both in
/// points on the page, and whether the page has a column gutter. `leaders` are the
/// dot leaders taken off the image before it was read (left, top, right, bottom in
/// points). A line is cut where extraction would cut it: at a gap over
/// `SPLIT_GAP_EM` ems and at a column gutter, unless a leader was taken off the gap.
/// `digits` reads a pixel box again as a number (see `tsv_words`).
pub(super) fn lines_from_tsv(
    tsv: &str,
    image: &PageImage,
    leaders: &[[f32; 4]],
    digits: &mut dyn FnMut([f32; 4]) -> Option<String>,
) -> (Vec<TextLine>, Vec<OcrWord>, bool) {
    let words: Vec<(LineId, OcrWord)> = tsv_words(tsv, digits)
        .into_iter()
        .map(|w| {
            let bbox = image.to_points([w.left, w.top, w.left + w.width, w.top + w.height]);
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
    let mut rows: Vec<Vec<&OcrWord>> = Vec::new();
    for (i, (id, word)) in words.iter().enumerate() {
        match rows.last_mut() {
            Some(row) if i > 0 && words[i - 1].0 == *id => row.push(word),
            _ => rows.push(vec![word]),
        }
    }
    let rows: Vec<Vec<&OcrWord>> = (0..rows.len())
        .map(|i| {
            let stray = |w: &&OcrWord| is_stray_sign(w, i, &rows) || is_speck_apart(w, &rows[i]);
            rows[i].iter().copied().filter(|w| !stray(w)).collect()
        })
        .filter(|row: &Vec<&OcrWord>| !row.is_empty())
        .collect();
    let sizes: Vec<f32> = rows.iter().map(|row| line_size(row)).collect();
    let body_size = median(sizes.clone()).unwrap_or(0.0);
    let (rows, sizes): (Vec<Vec<&OcrWord>>, Vec<f32>) = rows
        .iter()
        .zip(sizes.iter().copied())
        .enumerate()
        .filter(|(i, (row, size))| {
            !is_ghost(*i, &rows, &sizes) && !is_speckle(row, *size, body_size)
        })
        .map(|(_, (row, size))| (row.clone(), size))
        .unzip();
    let (rows, sizes) = join_rows_read_twice(rows, sizes);
    let (rows, sizes) = join_rows_beside(rows, sizes);
    // A dot leader taken off the picture is ink of its line still, as its dots are in
    // a born-digital page: the band between a 目录's titles and page numbers is no
    // gutter.
    let inked: Vec<Vec<WordInk>> = rows
        .iter()
        .zip(&sizes)
        .map(|(row, &size)| {
            let row_span = span(row);
            let level =
                |leader: &&[f32; 4]| row_span.is_some_and(|s| leader[1] < s[3] && leader[3] > s[1]);
            let mut ink: Vec<WordInk> = row
                .iter()
                .map(|w| (w.bbox[0], w.bbox[2]))
                .chain(leaders.iter().filter(level).map(|l| (l[0], l[2])))
                .map(|ink| WordInk { ink, size })
                .collect();
            ink.sort_by(|a, b| a.ink.0.total_cmp(&b.ink.0));
            ink
        })
        .collect();
    // Only a gutter between columns cuts a line: one a few lines leave free by
    // chance would cut a title in two.
    let gutters: Vec<(f32, f32)> = find_gutters(&inked)
        .into_iter()
        .filter(|&g| makes_columns(&inked, g))
        .collect();
    let mut lines = Vec::new();
    for (row, &size) in rows.iter().zip(&sizes) {
        // The pieces of one line share its baseline, so that they stay in order left
        // to right (a digit's box ends higher than a Han character's).
        let baseline = row.iter().map(|w| w.bbox[3]).fold(f32::MIN, f32::max);
        let gaps: Vec<f32> = row
            .windows(2)
            .map(|p| p[1].bbox[0] - p[0].bbox[2])
            .collect();
        // A title in large type set across a page in columns is letter-spaced: a gap of
        // its over the gutter is no wider than another of its gaps, and is no gutter.
        let letter_spaced = |k: usize| {
            size >= LARGE_TYPE_EMS * body_size
                && gaps
                    .iter()
                    .enumerate()
                    .any(|(j, &other)| j != k - 1 && other * LETTER_GAP_SLACK >= gaps[k - 1])
        };
        let mut start = 0;
        for k in 1..=row.len() {
            let cut = k == row.len() || {
                let (a, b) = (row[k - 1], row[k]);
                let gap = (a.bbox[2], b.bbox[0]);
                let before_ems = (a.bbox[2] - row[start].bbox[0]) / size.max(1.0);
                !holds_leader(a, b, leaders)
                    && (gap.1 - gap.0 > SPLIT_GAP_EM * size
                        || (at_gutter(gap, &gutters, before_ems) && !letter_spaced(k)))
            };
            if cut {
                lines.extend(join_line(&row[start..k], size, baseline, leaders));
                start = k;
            }
        }
    }
    let kept = rows.into_iter().flatten().cloned().collect();
    (lines, kept, !gutters.is_empty())
}

/// Rows read side by side on one printed line, joined into one: a wide gap inside a
/// line (a 文号 set `芜政字〔2022〕 89号`) can make Tesseract read it as two rows, each
/// on a baseline of its own, and the parser then finds half a 文号 on each of two
/// lines. The row after another is beside it when it starts after its end, within
/// `BESIDE_GAP_HEIGHTS`, and most of its height is level with it.
fn join_rows_beside(rows: Vec<Vec<&OcrWord>>, sizes: Vec<f32>) -> (Vec<Vec<&OcrWord>>, Vec<f32>) {
    let beside = |a: &[&OcrWord], b: &[&OcrWord]| {
        let (Some(a), Some(b)) = (span(a), span(b)) else {
            return false;
        };
        let height = (a[3] - a[1]).min(b[3] - b[1]);
        level(a, b) && (0.0..=BESIDE_GAP_HEIGHTS * height).contains(&(b[0] - a[2]))
    };
    let mut joined: Vec<Vec<&OcrWord>> = Vec::new();
    let mut joined_sizes = Vec::new();
    for (row, size) in rows.into_iter().zip(sizes) {
        match joined.last_mut() {
            Some(last) if beside(last, &row) => {
                last.extend(row);
                if let Some(s) = joined_sizes.last_mut() {
                    *s = line_size(last);
                }
            }
            _ => {
                joined.push(row);
                joined_sizes.push(size);
            }
        }
    }
    (joined, joined_sizes)
}

/// Rows Tesseract read over the same stretch of one printed line, joined into one
/// with each glyph kept once: a masthead in large type can come out as rows that
/// overlap (`南通市人民政府公` and `公报`, the 公 in both), and neither is then the
/// gazette's name. A row that overlaps an earlier one and stands level with it is
/// joined to it when a word of one lies mostly inside a word's box of the other and
/// that word's text holds its own (the glyph read twice), or it has no Han character
/// or digit (a speck a run-on box covers); such words go.
fn join_rows_read_twice(
    rows: Vec<Vec<&OcrWord>>,
    sizes: Vec<f32>,
) -> (Vec<Vec<&OcrWord>>, Vec<f32>) {
    let overlaps = |a: &[&OcrWord], b: &[&OcrWord]| match (span(a), span(b)) {
        (Some(a), Some(b)) => level(a, b) && a[0] < b[2] && b[0] < a[2],
        _ => false,
    };
    let mut joined: Vec<Vec<&OcrWord>> = Vec::new();
    let mut joined_sizes: Vec<f32> = Vec::new();
    for (row, size) in rows.into_iter().zip(sizes) {
        let once = joined
            .iter()
            .enumerate()
            .filter(|(_, earlier)| overlaps(earlier, &row))
            .find_map(|(at, earlier)| Some((at, each_glyph_once(earlier, &row)?)));
        match once {
            Some((at, words)) => {
                joined_sizes[at] = line_size(&words);
                joined[at] = words;
            }
            None => {
                joined.push(row);
                joined_sizes.push(size);
            }
        }
    }
    (joined, joined_sizes)
}

/// The words of two overlapping rows in one, left to right, those read twice left
/// out; None when none was (the rows are two lines that only touch).
fn each_glyph_once<'a>(a: &[&'a OcrWord], b: &[&'a OcrWord]) -> Option<Vec<&'a OcrWord>> {
    let mut words: Vec<&OcrWord> = a.iter().chain(b).copied().collect();
    words.sort_by(|x, y| x.bbox[0].total_cmp(&y.bbox[0]));
    // Of two words each inside the other (one glyph read twice), the first stays.
    let twice = |i: usize, w: &OcrWord| {
        words
            .iter()
            .enumerate()
            .any(|(j, other)| j != i && read_twice(w, other) && !(read_twice(other, w) && j > i))
    };
    let kept: Vec<&OcrWord> = (0..words.len())
        .filter(|&i| !twice(i, words[i]))
        .map(|i| words[i])
        .collect();
    (kept.len() < words.len()).then_some(kept)
}

/// Whether `word` is ink `other` was read from too: most of its box lies inside
/// other's, and other's text holds its own or it is no Han character or digit.
fn read_twice(word: &OcrWord, other: &OcrWord) -> bool {
    let [l, t, r, b] = word.bbox;
    let [ol, ot, or, ob] = other.bbox;
    let inside = (r.min(or) - l.max(ol)).max(0.0) * (b.min(ob) - t.max(ot)).max(0.0);
    let area = (r - l) * (b - t);
    let meaningful = word.text.chars().any(|c| is_han(c) || c.is_ascii_digit());
    area > 0.0
        && inside >= READ_TWICE_INSIDE * area
        && (other.text.contains(word.text.as_str()) || !meaningful)
}

/// Whether two rows' boxes are level: most of the lower one's height is shared.
fn level(a: [f32; 4], b: [f32; 4]) -> bool {
    let height = (a[3] - a[1]).min(b[3] - b[1]);
    a[3].min(b[3]) - a[1].max(b[1]) >= BESIDE_LEVEL * height
}

/// The box enclosing a row's words.
pub(super) fn span(row: &[&OcrWord]) -> Option<[f32; 4]> {
    enclosing(row.iter().map(|w| w.bbox))
}

type LineId = (u32, u32, u32);

/// Whether a dot leader was taken off the image between two words of a line: it
/// runs across the gap, level with the lower two thirds of both words (leader dots
/// sit on the baseline or, in some faces, at the middle of the em). A leader of the
/// line above only reaches the top of a word whose box OCR drew too high. A leader
/// that runs on past the right word is not between the two: its first dots were a
/// glyph's (the dots of 意 before `意见．．．．7`).
fn holds_leader(a: &OcrWord, b: &OcrWord, leaders: &[[f32; 4]]) -> bool {
    let lower_part = |w: &OcrWord, y: f32| {
        let height = w.bbox[3] - w.bbox[1];
        (w.bbox[1] + height / 3.0..=w.bbox[3] + height / 4.0).contains(&y)
    };
    leaders.iter().any(|l| {
        let across = l[0] < b.bbox[0] && l[2] > a.bbox[2] && l[2] < b.bbox[2];
        let middle = (l[1] + l[3]) / 2.0;
        across && lower_part(a, middle) && lower_part(b, middle)
    })
}

/// Words of one piece of a Tesseract line as a text line on `baseline`: they meet
/// without a space unless both sides are Latin letters set a space apart, and a leader
/// taken off the image between them comes back as `……`, as a born-digital 目录 line
/// has it.
fn join_line(
    words: &[&OcrWord],
    size: f32,
    baseline: f32,
    leaders: &[[f32; 4]],
) -> Option<TextLine> {
    let (first, rest) = words.split_first()?;
    let mut line = TextLine {
        text: if is_flat_one(first, rest) {
            "一".to_string()
        } else {
            first.text.clone()
        },
        x0: first.bbox[0],
        x1: first.bbox[2],
        y: baseline,
        size,
    };
    let mut previous = *first;
    let is_number = |w: &OcrWord| w.text.len() <= 4 && w.text.chars().all(|c| c.is_ascii_digit());
    for (k, &w) in rest.iter().enumerate() {
        let gap = w.bbox[0] - line.x1;
        let between_letters = matches!((line.text.chars().last(), w.text.chars().next()), (Some(a), Some(b)) if a.is_ascii_alphabetic() && b.is_ascii_alphabetic());
        let number_at_an_end = (k == 0 && is_number(first) && w.text.starts_with(is_han))
            || (k + 1 == rest.len() && is_number(w) && line.text.ends_with(is_han));
        if holds_leader(previous, w, leaders) {
            line.text.push_str("……");
        } else if (between_letters && gap > WORD_SPACE_EMS * size)
            || (number_at_an_end && gap > NUMBER_SPACE_EMS * size)
        {
            line.text.push(' ');
        }
        line.text.push_str(&w.text);
        line.x1 = line.x1.max(w.bbox[2]);
        previous = w;
    }
    line.text = mend::anchors(&line.text);
    Some(line)
}

/// Whether a line's first word is 一, read as another Han character with no
/// confidence from a box far lower than the Han characters after it and wide as a
/// character (`人总体要求` for a bold `一、总体要求`, the bar and its comma boxed
/// together): of the characters a line opens with, only a heading's 一 is a lone
/// level bar.
fn is_flat_one(word: &OcrWord, rest: &[&OcrWord]) -> bool {
    let height = |w: &OcrWord| w.bbox[3] - w.bbox[1];
    let Some(han_height) = median(
        rest.iter()
            .filter(|w| w.text.chars().any(is_han))
            .map(|w| height(w))
            .collect(),
    ) else {
        return false;
    };
    let one_han = word.text.chars().count() == 1 && word.text.chars().all(is_han);
    let width = word.bbox[2] - word.bbox[0];
    let flat = height(word) <= FLAT_SHARE * han_height && width >= 2.0 * height(word);
    one_han && flat && word.text != "一" && word.confidence < NOISE_CONFIDENCE
}

/// The font size of a line: from its Han words' height when it has any (Han ink
/// fills the em evenly), else from the tallest word.
fn line_size(words: &[&OcrWord]) -> f32 {
    let height = |w: &&&OcrWord| w.bbox[3] - w.bbox[1];
    let per_char = |w: &&&OcrWord| (w.bbox[2] - w.bbox[0]) / w.text.chars().count().max(1) as f32;
    let han_words = || words.iter().filter(|w| w.text.chars().any(is_han));
    // Some words come with a box as high as the line's tallest ink, however small
    // their own; Han ink is about as high as it is wide, so a box much higher than
    // the line's characters are wide says nothing of the size. The line's median
    // width, not the word's own: a word of two characters boxed that high can be
    // wide enough to pass for squarish by itself. A box much lower than the line's
    // characters are wide (一, or a fragment of a glyph's ink boxed on its own, `播`
    // 2 by 3 points among boxes 10 high) says nothing either.
    let width = median(han_words().map(|w| per_char(&w)).collect()).unwrap_or(0.0);
    let squarish = |w: &&&OcrWord| {
        let h = height(w);
        h <= width * MAX_HAN_ASPECT && h >= width * MIN_HAN_ASPECT
    };
    let any_squarish = han_words().any(|w| squarish(&w));
    let han: Vec<f32> = han_words()
        .filter(|w| !any_squarish || squarish(w))
        .map(|w| height(&w))
        .collect();
    match median(han) {
        Some(h) => h / HAN_INK_SHARE,
        None => words.iter().map(|w| height(&w)).fold(0.0, f32::max),
    }
}

mod columns;
mod noise;

#[cfg(test)]
mod tests;
