//! The shapes of a date's glyphs, measured on their components and pixels: a cell of
//! level strokes and their count (一, 二, 三), a ring (〇), digits set side by side.
//! What the engine reads of a cell alone is checked against them.

use super::{is_date_character, SPECK_EMS};
use crate::ocr::clean::{Picture, INKY_GREY, MIDDLE_GREY};

/// A digit's glyph is at least this share of the em high (a piece of a broken stroke
/// is less).
const DIGIT_EMS: f32 = 0.5;

/// Whether a box (width and height in pixels) is a lone level stroke.
fn is_one_stroke(width: i32, height: i32) -> bool {
    height * 4 <= width
}

/// The numeral a cell of level strokes one above the other is: of the characters of
/// a date only 一, 二 and 三 are built so, and their count of strokes names them where
/// the engine, reading the cell alone, finds nothing (一) or one stroke too few (三
/// read as 二). `components` are the line's, `cell` is left, top, width, height.
pub(super) fn stroke_numeral(components: &[[i32; 4]], cell: [i32; 4], em: i32) -> Option<char> {
    let [_, _, cw, ch] = cell;
    let mut strokes: Vec<&[i32; 4]> = components
        .iter()
        .filter(|b| b[2].max(b[3]) as f32 >= SPECK_EMS * em as f32)
        .filter(|b| within(b, cell))
        .collect();
    // The short upper strokes of 二 and 三 are less flat than a lone 一.
    let level = |b: &&[i32; 4]| b[3] * 3 <= b[2];
    if strokes.is_empty() || !strokes.iter().all(level) {
        return None;
    }
    strokes.sort_by_key(|b| b[1]);
    let stacked = strokes.windows(2).all(|w| w[1][1] >= w[0][1] + w[0][3]);
    match (stacked, strokes.len()) {
        (true, 1) | (false, _) if is_one_stroke(cw, ch) => Some('一'),
        (true, 2) => Some('二'),
        (true, 3) => Some('三'),
        _ => None,
    }
}

/// Marks the engine reads a ring as: letters, and signs when it may read anything.
const RING_LOOKALIKES: &str = "OoQDC○◯〇口";

/// A cell's reading as a date's: a ring read as letters (`OO`, `Q`) is the ring `O`,
/// characters dates are written in are themselves, anything else is no reading.
pub(super) fn ring_or_date(text: &str) -> Option<String> {
    if text.is_empty() {
        return None;
    }
    if text.chars().all(|c| RING_LOOKALIKES.contains(c)) {
        return Some("O".to_string());
    }
    text.chars()
        .all(is_date_character)
        .then(|| text.to_string())
}

/// Whether a cell (left, top, width, height in pixels of `picture`) is a ring: about
/// as wide as it is high, blank in its middle ninth and inked in the four ninths
/// around it (left, right, above, below). Of the characters of a date only 〇 is: 二
/// is blank at its sides, and the square others (年, 四, 七, 九) cross their middle.
/// Read alone, a clean ring may come out as nothing at all, or as two letters; it is
/// one stroke, where two digits set close are two. A ring
/// printed light, or blurred on a photographed page, breaks at middle grey: it is
/// looked at at the lighter grey glyphs are found at too, at which no other of these
/// characters opens its middle.
pub(super) fn is_ring(picture: &Picture, [x, y, w, h]: [i32; 4]) -> bool {
    let square = w * 6 >= h * 5 && h * 6 >= w * 5;
    // The ninths reach the cell's edges, which hold the ring's outer strokes.
    let third =
        |from: i32, length: i32, k: i32| (from + k * length / 3, from + (k + 1) * length / 3);
    let inked = |column: i32, row: i32, grey: i32| {
        let ((left, right), (top, bottom)) = (third(x, w, column), third(y, h, row));
        let ninth = [left, top, right - left, bottom - top];
        picture
            .clip_binary(ninth, 0, 1.0, grey)
            .map(|mut part| !part.components().is_empty())
    };
    let around = [(0, 1), (2, 1), (1, 0), (1, 2)];
    // A ring is one stroke round; two digits set close (`11`, its flag and foot
    // reaching the middle third) are two.
    let one_stroke = |grey: i32| {
        picture
            .clip_binary([x, y, w, h], 0, 1.0, grey)
            .is_some_and(|mut cell| {
                let least = w.min(h) / 3;
                let strokes = cell
                    .components()
                    .iter()
                    .filter(|b| b[2].max(b[3]) > least)
                    .count();
                strokes == 1
            })
    };
    let ring_at = |grey: i32| {
        one_stroke(grey)
            && inked(1, 1, grey) == Some(false)
            && around
                .iter()
                .all(|&(column, row)| inked(column, row, grey) == Some(true))
    };
    square && w >= 3 && h >= 3 && [MIDDLE_GREY, INKY_GREY].into_iter().any(ring_at)
}

/// The glyphs of a cell read as fewer digits than it holds: digits set close stand
/// side by side as glyphs of a digit's height, one each (`11`, its two strokes read
/// as one `1`). None when the reading is no number or holds as many.
pub(super) fn digits_apart(
    components: &[[i32; 4]],
    cell: [i32; 4],
    em: i32,
    reading: &str,
) -> Option<Vec<[i32; 4]>> {
    let mut glyphs: Vec<[i32; 4]> = components
        .iter()
        .filter(|b| b[3] as f32 >= DIGIT_EMS * em as f32)
        .filter(|b| within(b, cell))
        .copied()
        .collect();
    glyphs.sort_by_key(|b| b[0]);
    let side_by_side = glyphs.windows(2).all(|w| w[1][0] >= w[0][0] + w[0][2]);
    let number = !reading.is_empty() && reading.chars().all(|c| c.is_ascii_digit());
    (number && side_by_side && glyphs.len() > reading.len()).then_some(glyphs)
}

/// Whether a component (left, top, width, height) lies wholly inside a cell.
fn within(b: &[i32; 4], [cx, cy, cw, ch]: [i32; 4]) -> bool {
    b[0] >= cx && b[1] >= cy && b[0] + b[2] <= cx + cw && b[1] + b[3] <= cy + ch
}
