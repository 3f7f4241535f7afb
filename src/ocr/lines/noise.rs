//! What of the rows Tesseract found is noise and no line: ghosts (rows read again in
//! the glyphs of larger type) and speckle (stray signs, slivers of ink).

use super::{span, NOISE_CONFIDENCE, SPECKLE_CONFIDENCE};
use crate::ocr::OcrWord;
use crate::script::is_han;

/// How far, as a share of its height, a word may stick out of another word's box and
/// still be inside it.
const GHOST_TOLERANCE: f32 = 0.1;
/// A word over the top of a taller one is a ghost of it when at least this share of its
/// height is inside the other's box, and twice this share of the narrower one's width.
const GHOST_OVERLAP: f32 = 0.25;
/// A row read with little confidence, or without a Han character, that reaches into
/// the box of a row of type at least this many times its size is a ghost of that
/// row's glyphs.
const GHOST_SCALE: f32 = 1.5;
/// A line of at most this many characters read with little confidence …
const SLIVER_CHARS: f32 = 3.0;
/// … and under this share of the body size is a sliver of larger ink read as text.
const SLIVER_SIZE: f32 = 0.6;
/// A line of any length under this share of the body size, read with little
/// confidence, is one too: no gazette prints text that small (the tops of a red
/// header's glyphs read as `2各/7`, 2.8 pt over a 9.6 pt body).
const SPECK_SIZE: f32 = 0.35;

/// Whether line `i` is a ghost: above a line of large type Tesseract may find a line
/// of its own in the tops of the glyphs (`小让 >` in the top strokes of a red header),
/// every word of it inside a word of another line, or over the top of one: a glyph
/// that rises above the rest of its line (the roof of 令 ending a decree's title) is
/// read as a character of its own (`公`) and again, lower, as itself. A word read
/// with no confidence in the gap between two large glyphs, inside their line's box,
/// is one too (`英` between the 内 and 蒙 of a red header), and so is a row of words
/// read unsure or without a Han character, each reaching into the box of a row of
/// much larger type: `主 5` read in the upper halves of a red header's 青 and 海, whose
/// lower halves the header's own row read as `至`; `区` read in the left half of its
/// 醴; `EY` read with confidence in the top of its 晋; `从` read with confidence
/// over the top of its 公.
pub(super) fn is_ghost(i: usize, rows: &[Vec<&OcrWord>], sizes: &[f32]) -> bool {
    let reads_glyphs_of = |j: usize| {
        let Some(b) = span(&rows[j]) else {
            return false;
        };
        let overlaps = |w: &&OcrWord| {
            w.bbox[0] < b[2] && w.bbox[2] > b[0] && w.bbox[1] < b[3] && w.bbox[3] > b[1]
        };
        let no_text =
            |w: &&OcrWord| w.confidence < SPECKLE_CONFIDENCE || !w.text.chars().any(is_han);
        // A word within the larger row's height and over one of its glyphs for half
        // its width reads that glyph's ink, however sure its reading (`从` for the
        // top of a red header's 公).
        let same_ink = |w: &&OcrWord| {
            let width = w.bbox[2] - w.bbox[0];
            let within = w.bbox[1] >= b[1] && w.bbox[3] <= b[3];
            within
                && rows[j]
                    .iter()
                    .any(|o| w.bbox[2].min(o.bbox[2]) - w.bbox[0].max(o.bbox[0]) >= width / 2.0)
        };
        sizes[j] >= sizes[i] * GHOST_SCALE
            && rows[i].iter().all(|w| no_text(w) || same_ink(w))
            && rows[i].iter().all(overlaps)
    };
    if (0..rows.len()).any(|j| j != i && reads_glyphs_of(j)) {
        return true;
    }
    let inside = |w: &OcrWord, o: &OcrWord| {
        let tolerance = (o.bbox[3] - o.bbox[1]) * GHOST_TOLERANCE;
        w.bbox[0] >= o.bbox[0] - tolerance
            && w.bbox[1] >= o.bbox[1] - tolerance
            && w.bbox[2] <= o.bbox[2] + tolerance
            && w.bbox[3] <= o.bbox[3] + tolerance
    };
    let over_top = |w: &OcrWord, o: &OcrWord| {
        let height = w.bbox[3] - w.bbox[1];
        let across = w.bbox[2].min(o.bbox[2]) - w.bbox[0].max(o.bbox[0]);
        let narrower = (w.bbox[2] - w.bbox[0]).min(o.bbox[2] - o.bbox[0]);
        w.bbox[1] < o.bbox[1]
            && w.bbox[3] - o.bbox[1] >= height * GHOST_OVERLAP
            && w.bbox[3] < o.bbox[3]
            && height < o.bbox[3] - o.bbox[1]
            && across >= narrower * GHOST_OVERLAP * 2.0
    };
    let unsure_in_line = |w: &OcrWord, line: &[&OcrWord]| {
        let edge = |side: usize| line.iter().map(move |o| o.bbox[side]);
        w.confidence < NOISE_CONFIDENCE
            && edge(0).any(|left| left <= w.bbox[0])
            && edge(1).any(|top| top <= w.bbox[1])
            && edge(2).any(|right| right >= w.bbox[2])
            && edge(3).any(|bottom| bottom >= w.bbox[3])
    };
    rows[i].iter().all(|w| {
        rows.iter().enumerate().any(|(j, other)| {
            j != i
                && (unsure_in_line(w, other)
                    || other.iter().any(|o| inside(w, o) || over_top(w, o)))
        })
    })
}

/// Whether a word of row `i` is a stray sign: signs without a letter or digit, read
/// with little confidence, at least half of its height within a word of another row
/// it lies over. Tesseract may read the tops of the next line's glyphs as signs at the
/// end or start of the line above (`，。。，。` over `关于实施`), which then runs to
/// their place and takes their height.
pub(super) fn is_stray_sign(w: &OcrWord, i: usize, rows: &[Vec<&OcrWord>]) -> bool {
    let height = w.bbox[3] - w.bbox[1];
    let within = |o: &&OcrWord| {
        let across = w.bbox[0] < o.bbox[2] && w.bbox[2] > o.bbox[0];
        let level = w.bbox[3].min(o.bbox[3]) - w.bbox[1].max(o.bbox[1]);
        across && level >= height / 2.0
    };
    w.confidence < SPECKLE_CONFIDENCE
        && !w.text.chars().any(char::is_alphanumeric)
        && rows
            .iter()
            .enumerate()
            .any(|(j, row)| j != i && row.iter().any(within))
}

/// Whether a word of a row is a speck apart from it: signs without a letter or digit,
/// read with little confidence, under `SPECK_SIZE` of the row's tallest word high,
/// and further from every other word of the row than that word is tall. The end of
/// a red rule read as `|` a hand's breadth beside the section label over it would
/// otherwise stand as a line of its own and open the decree's title below. A
/// sentence's own stops sit against its glyphs.
pub(super) fn is_speck_apart(w: &OcrWord, row: &[&OcrWord]) -> bool {
    let height = |o: &OcrWord| o.bbox[3] - o.bbox[1];
    let tallest = row.iter().map(|o| height(o)).fold(0.0, f32::max);
    let apart = row.iter().filter(|o| !std::ptr::eq(**o, w)).all(|o| {
        let gap = (o.bbox[0] - w.bbox[2]).max(w.bbox[0] - o.bbox[2]);
        gap > tallest
    });
    w.confidence < SPECKLE_CONFIDENCE
        && !w.text.chars().any(char::is_alphanumeric)
        && height(w) < tallest * SPECK_SIZE
        && row.len() > 1
        && apart
}

/// Whether a line Tesseract found is speckle: between the lines of a heading set in
/// large type it finds lines of stray signs (`“2 Tr 7 -~ >`) read with little
/// confidence. A line with a Han character, or read with confidence, is text; so is
/// a lone number among signs, which may be a page number (`· 3 ·`), unless it is
/// under half the size of the page's body lines (a folio is not that small). A few
/// Han characters far smaller than the body, read with little confidence, are a
/// sliver of larger ink (a banner's glyphs set on a rule, read as `八止`); so are
/// any number of them read with no confidence (a red header's rule, `这了计各生生…`).
pub(super) fn is_speckle(row: &[&OcrWord], size: f32, body_size: f32) -> bool {
    let text: String = row.iter().map(|w| w.text.as_str()).collect();
    let chars = |w: &&OcrWord| w.text.chars().count() as f32;
    let total: f32 = row.iter().map(chars).sum();
    let confidence = row.iter().map(|w| w.confidence * chars(w)).sum::<f32>() / total.max(1.0);
    let alphanumeric: Vec<&str> = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|s| !s.is_empty())
        .collect();
    let lone_number = matches!(alphanumeric.as_slice(), [n] if n.len() <= 4 && n.chars().all(|c| c.is_ascii_digit()))
        && size >= body_size / 2.0;
    let small = size < body_size * SLIVER_SIZE;
    let sliver = (small && (total <= SLIVER_CHARS || confidence < NOISE_CONFIDENCE))
        || size < body_size * SPECK_SIZE;
    (sliver || !text.chars().any(is_han)) && !lone_number && confidence < SPECKLE_CONFIDENCE
}

#[cfg(test)]
mod tests {
    use super::super::tests::read;
    use super::*;

    /// The end of a red rule read as `|` far right of the section label over it (the
    /// words as read on Zhuzhou's decree page) is a speck; a stop against the label's
    /// last glyph, the bar read with confidence, or the dots around a folio are not.
    #[test]
    fn a_speck_far_from_its_row_s_words_is_no_word() {
        let label = [
            read("市", 95.6, [232.2, 85.0, 263.2, 96.8]),
            read("政府", 93.1, [270.0, 85.3, 281.9, 97.2]),
            read("令", 89.2, [288.7, 85.3, 300.6, 97.2]),
        ];
        let with = |extra: &OcrWord| {
            let row: Vec<&OcrWord> = label.iter().chain([extra]).collect();
            is_speck_apart(extra, &row)
        };
        assert!(with(&read("|", 59.7, [472.0, 101.5, 472.3, 102.6])));
        assert!(!with(&read("|", 90.0, [472.0, 101.5, 472.3, 102.6])));
        assert!(!with(&read("。", 40.0, [301.5, 94.0, 304.5, 97.0])));
        let folio = [
            read("·", 30.0, [250.0, 703.0, 252.0, 705.0]),
            read("8", 90.0, [256.0, 699.0, 261.0, 707.0]),
            read("·", 30.0, [265.0, 703.0, 267.0, 705.0]),
        ];
        let row: Vec<&OcrWord> = folio.iter().collect();
        assert!(!is_speck_apart(&folio[0], &row));
        assert!(!is_speck_apart(&folio[2], &row));
    }

    /// A banner set on a rule, its glyphs joined to the rule's ink, read as two small
    /// characters at half the body's size with little confidence: a sliver, not a line.
    /// The same characters at the body's size, or read with confidence, are text.
    #[test]
    fn a_sliver_of_ink_read_as_small_han_characters_is_speckle() {
        let word = |text: &str, confidence| read(text, confidence, [0.0; 4]);
        let (eight, stop) = (word("八", 81.3), word("止", 0.0));
        let row = [&eight, &stop];
        assert!(is_speckle(&row, 6.4, 12.8));
        assert!(!is_speckle(&row, 12.0, 12.8));
        let sure = word("止", 90.0);
        assert!(!is_speckle(&[&eight, &sure], 6.4, 12.8));
        // The tops of a red header's glyphs read as a row of four characters, 2.8 pt
        // over a 9.6 pt body.
        let tops = [word("2", 9.6), word("各", 41.8), word("/7", 44.4)];
        let row: Vec<&OcrWord> = tops.iter().collect();
        assert!(is_speckle(&row, 2.8, 9.6));
        assert!(!is_speckle(&row, 9.0, 9.6));
        // A red header's rule read as a row of characters at half the body's size, none
        // read with confidence; small text read with some is kept.
        let rule: Vec<OcrWord> = "这了计各生生这汪秆于"
            .chars()
            .map(|c| word(&c.to_string(), 9.0))
            .collect();
        assert!(is_speckle(&rule.iter().collect::<Vec<_>>(), 6.1, 12.5));
        let note: Vec<OcrWord> = "注释文字"
            .chars()
            .map(|c| word(&c.to_string(), 55.0))
            .collect();
        assert!(!is_speckle(&note.iter().collect::<Vec<_>>(), 6.1, 12.5));
    }
}
