//! Printed lines the line finder cut in two, read again whole.
//!
//! A line in large, light type (a decree's name, `吉林省人民政府令` at 18 points) can
//! come out of the page's reading as two rows, one of its glyphs' upper halves
//! (`ms`, `从`) and one of their lower halves and whole glyphs (`吉林`,
//! `省人民政府令`), each on a baseline of its own; the parser then finds no decree
//! name. Or a glyph of it is read twice, in a second line side by side with the first
//! over the same glyphs (a masthead's `南通市人民政府公` and `八报`). The glyphs show
//! the cut: one row of ink holds lines that stand over one another, which no printed
//! text does. That row is read again as one line, and the reading replaces the pieces
//! when it is surer Han text.

use super::clean::Picture;
use super::missed_lines::{body_em, extent, read_as_line, rows, MAX_GLYPH_EMS, MIN_GLYPH_EMS};
use super::LARGE_TYPE_EMS;
use super::{mean_confidence, OcrWord, PageImage, LOW_CONFIDENCE};
use crate::error::Result;
use crate::layout::median;
use crate::model::TextLine;
use crate::script::is_han;

/// Two baselines in one row of ink are apart by at least this share of its height
/// when the row was cut; a line's words' baselines differ by less.
const CUT_SHARE: f32 = 0.25;

/// Reads again each row of ink in large type that the page's reading cut into lines
/// on two baselines over one another, and puts the reading in their place (lines and
/// words) when it holds at least as many Han characters, read with confidence on the
/// whole.
pub(super) fn read_split_rows(
    image: &PageImage,
    picture: &mut Picture,
    leaders: &[[f32; 4]],
    lines: &mut Vec<TextLine>,
    words: &mut Vec<OcrWord>,
) -> Result<()> {
    let dpi = image.dpi();
    let em = body_em(lines, dpi);
    // Glyphs of text size, the strokes of a character set apart left out (a seal or
    // a picture would join rows of text into one).
    let glyphs: Vec<[i32; 4]> = picture
        .glyphs(dpi)
        .into_iter()
        .filter(|b| (MIN_GLYPH_EMS * em..=MAX_GLYPH_EMS * em).contains(&(b[3] as f32)))
        .collect();
    for row in rows(glyphs) {
        let heights = row.iter().map(|b| b[3] as f32).collect();
        if median(heights).is_none_or(|h| h < LARGE_TYPE_EMS * em) {
            continue;
        }
        let [left, top, right, bottom] = extent(&row);
        let [x0, y0, x1, y1] = image.to_points([left, top, right, bottom].map(|v| v as f32));
        let height = y1 - y0;
        let in_row = |l: &TextLine| {
            l.y > y0 + CUT_SHARE * height
                && l.y <= y1 + CUT_SHARE * height
                && l.x0 < x1
                && l.x1 > x0
        };
        let pieces: Vec<usize> = (0..lines.len()).filter(|&i| in_row(&lines[i])).collect();
        // Pieces stand over one another (halves of the glyphs), or side by side over
        // the same glyphs (`南通市人民政府公` with `八报` read over its 公 and 报).
        let cut = pieces.iter().any(|&a| {
            pieces.iter().any(|&b| {
                let (above, below) = (&lines[a], &lines[b]);
                let across = above.x1.min(below.x1) - above.x0.max(below.x0);
                let over = below.y - above.y > CUT_SHARE * height;
                across > 0.0 && (over || (a != b && across > CUT_SHARE * height))
            })
        });
        if !cut {
            continue;
        }
        let han = |l: &TextLine| l.text.chars().filter(|&c| is_han(c)).count();
        let most_han = pieces.iter().map(|&i| han(&lines[i])).max().unwrap_or(0);
        let whole = |found: &[TextLine], found_words: &[OcrWord]| {
            let sure = mean_confidence(found_words).is_some_and(|c| c >= LOW_CONFIDENCE);
            sure && found.iter().map(han).sum::<usize>() >= most_han
        };
        // Read across the pieces too: a glyph set apart or joined with its
        // neighbour may not stand in the row of ink.
        let (left, right) = pieces.iter().fold((left, right), |(l, r), &i| {
            let [x0, _, x1, _] = image.to_pixels([lines[i].x0, 0.0, lines[i].x1, 0.0]);
            (l.min(x0 as i32), r.max(x1.ceil() as i32))
        });
        let area = [left, top, right - left, bottom - top];
        let Some((found, found_words)) = read_as_line(image, picture, area, leaders, whole)? else {
            continue;
        };
        let first = pieces[0];
        for &at in pieces.iter().rev() {
            lines.remove(at);
        }
        let inside = |w: &OcrWord| {
            let (x, y) = ((w.bbox[0] + w.bbox[2]) / 2.0, (w.bbox[1] + w.bbox[3]) / 2.0);
            (x0..=x1).contains(&x) && (y0..=y1).contains(&y)
        };
        words.retain(|w| !inside(w));
        words.extend(found_words);
        for (offset, line) in found.into_iter().enumerate() {
            lines.insert(first + offset, line);
        }
    }
    Ok(())
}
