//! Page numbers read again by themselves, with the digits-only engine: the folio in a
//! page's footer band, and the page number a 目录 leader ends at. Read with the text,
//! a lone small number is taken for a Han character, joined with its ornaments or
//! dropped.

use super::clean::{Picture, INKY_GREY};
use super::lines::{lines_from_tsv, word_readings, NOISE_CONFIDENCE};
use super::{enclosing, recognise, Engine, OcrWord, PageImage, FOLIO, LOW_CONFIDENCE};
use crate::error::Result;
use crate::layout::page_number;
use crate::model::TextLine;
use crate::parse::patterns::date_line;
use crate::script::is_han;

/// The bottom share of a page where a page number is looked for again.
pub(super) const FOOTER_BAND: f32 = 0.12;
/// How far right of a dot leader's end, in points, its page number is looked for,
/// and twice how high above its baseline.
const LEADER_END_POINTS: f32 = 24.0;
/// How far apart, in points, the right edges of a column of page numbers stand …
const COLUMN_EDGE_POINTS: f32 = 2.5;
/// … and how many numbers at least make one.
const MIN_COLUMN_NUMBERS: usize = 3;
/// A digit stands at least this share of its line's size high; lower marks by a
/// line's end are stops and specks.
const DIGIT_HEIGHT_EMS: f32 = 0.5;
/// A mark ends a line when its middle is within this many of the line's sizes of
/// the line's middle.
const ENTRY_REACH_EMS: f32 = 0.7;

/// Reads the footer band again for the page number alone. A lone small page number
/// (`· 2 ·`) below the text is read as Han characters or dropped by the text pass;
/// when the band holds one number, it takes the place of whatever the text pass made
/// of the band (`。72` for `· 2 ·`).
pub(super) fn read_folio(
    image: &PageImage,
    picture: &mut Picture,
    pixels_high: u32,
    lines: &mut Vec<TextLine>,
    words: &mut Vec<OcrWord>,
) -> Result<()> {
    let dpi = image.dpi();
    // A folio read as Han is one glyph (`了` for `· 7 ·`), or signs and a glyph read
    // with no confidence (`,和` for `— 2 —`); body text is longer, or surer.
    let is_text = |w: &OcrWord| {
        w.text.chars().any(is_han) && w.text.chars().count() > 1 && w.confidence >= NOISE_CONFIDENCE
    };
    // A date line is text too, though its words are digits and single signs (a
    // signature's date low on a small page).
    let is_date = |l: &TextLine| date_line(&l.text).is_some();
    let dates = lines.iter().filter(|l| is_date(l));
    let lowest = words
        .iter()
        .filter(|w| is_text(w))
        .map(|w| w.bbox[3])
        .chain(dates.map(|l| l.y))
        .fold(0.0, f32::max);
    let band_top = image.to_pixels([0.0, lowest, 0.0, lowest])[1]
        .max(pixels_high as f32 * (1.0 - FOOTER_BAND));
    let band = image.to_points([0.0, band_top, 0.0, band_top])[1];
    // A folio that says it is one in words (`第6页`) was read by the text pass; the
    // digits-only engine would make its 第 and 页 digits (`386`).
    let worded =
        |l: &TextLine| l.y >= band && l.text.contains('第') && page_number(&l.text).is_some();
    if lines.iter().any(worded) {
        return Ok(());
    }
    picture.erase_ornaments_below(band_top as i32, dpi);
    let Some((tsv, _)) = recognise(&FOLIO, Engine::Folio, picture, dpi, Some(band_top as i32))?
    else {
        return Ok(());
    };
    let (mut folio_lines, mut folio_words, _) = lines_from_tsv(&tsv, image, &[], &mut |_| None);
    // Read as digits only, the folio's ornaments (`· 2 ·`, `— 2 —`) come out as
    // dashes, and the engine's confidence in a lone whitelisted digit says little;
    // what counts is that the band holds one number of a page number's length and
    // nothing else.
    if lone_page_number(folio_words.iter().map(|w| w.text.as_str())).is_none() {
        // Read as a whole, a wide band of paper with a small folio at its outer edge
        // may give nothing (`— 10 —` on a right-hand page); its ink alone is read.
        let Some(ink) = picture.ink_below(band_top as i32, dpi) else {
            return Ok(());
        };
        let pixels = ink.map(|v| v as f32);
        let Some(number) = read_digits(picture, dpi, pixels) else {
            return Ok(());
        };
        let (line, word) = number_read_again(number, image.to_points(pixels), None);
        (folio_lines, folio_words) = (vec![line], vec![word]);
    }
    for line in &mut folio_lines {
        line.text = line.text.trim_matches('-').to_string();
    }
    folio_lines.retain(|l| !l.text.is_empty());
    folio_words.retain(|w| !w.text.trim_matches('-').is_empty());
    let text_in = |l: &TextLine| {
        words.iter().any(|w| {
            is_text(w)
                && w.bbox[0] >= l.x0 - 1.0
                && w.bbox[2] <= l.x1 + 1.0
                && w.bbox[1] <= l.y
                && w.bbox[3] >= l.y - l.size
        })
    };
    lines.retain(|l| l.y < band || text_in(l) || is_date(l));
    words.retain(|w| w.bbox[1] < band || is_text(w));
    lines.extend(folio_lines);
    words.extend(folio_words);
    Ok(())
}

/// Reads the page number a dot leader runs to when the text pass found none there, or
/// read it as something other than digits (`哆` for 7) or with no confidence: a 目录
/// line's leader always ends at its page number, and reading the page as one block the
/// engine sometimes drops a lone number far right of its line's words.
/// `leaders` are those painted out (left, top, right, bottom in points).
pub(super) fn read_leader_ends(
    image: &PageImage,
    picture: &mut Picture,
    leaders: &[[f32; 4]],
    lines: &mut Vec<TextLine>,
    words: &mut Vec<OcrWord>,
) {
    if leaders.is_empty() {
        return;
    }
    let dpi = image.dpi();
    let glyphs = picture.glyphs(dpi);
    for &[_, top, right, bottom] in leaders {
        // Where the number stands: right after the leader, on its baseline.
        let zone = [
            right,
            bottom - LEADER_END_POINTS / 2.0,
            right + LEADER_END_POINTS,
            bottom + 3.0,
        ];
        let in_zone = |b: [f32; 4]| middle_in(b, zone);
        // A word read there begins there: a number of two digits far from its
        // leader's end runs on past the zone (`11` read whole, its middle beyond).
        let read_in_zone = |b: [f32; 4]| {
            let middle = (b[1] + b[3]) / 2.0;
            (zone[0]..=zone[2]).contains(&b[0]) && (zone[1]..=zone[3]).contains(&middle)
        };
        // A number read there with confidence stands; anything else read there,
        // alone or beside a digit (`哆` for 7, `1多` for 12), or a digit the engine
        // was unsure of (a clean `1` read as `3` at 15, a `2` as `4` at 40), is the
        // number misread, and makes way for its reading as digits.
        let mut read_there = words.iter().filter(|w| read_in_zone(w.bbox)).peekable();
        let number = |w: &OcrWord| {
            w.text.chars().all(|c| c.is_ascii_digit()) && w.confidence >= LOW_CONFIDENCE
        };
        if read_there.peek().is_some() && read_there.all(number) {
            continue;
        }
        let marks: Vec<[f32; 4]> = glyphs
            .iter()
            .map(|&[x, y, w, h]| image.to_points([x, y, x + w, y + h].map(|v| v as f32)))
            .filter(|&b| in_zone(b) && b[1] > top - LEADER_END_POINTS)
            .collect();
        let Some(bbox) = enclosing(marks) else {
            continue;
        };
        let Some(number) = read_digits(picture, dpi, image.to_pixels(bbox)) else {
            continue;
        };
        for l in lines.iter_mut() {
            cut_at_leader_end(l, right, zone[2], bottom);
        }
        // On the baseline of the line the leader ends, so that layout reads the
        // number as that line's (OCR sets a line's baseline at its lowest word).
        let own_line = lines
            .iter()
            .filter(|l| l.x1 <= right && ends_on(l, bottom))
            .min_by(|a, b| (a.y - bottom).abs().total_cmp(&(b.y - bottom).abs()));
        let (line, word) = number_read_again(number, bbox, own_line);
        words.retain(|w| !in_zone(w.bbox));
        lines.retain(|l| !in_zone(line_box(l)));
        lines.push(line);
        words.push(word);
    }
}

/// Reads again a 目录 page number that its column shows is one. Set without leaders,
/// a 目录's page numbers stand right-aligned in a column of their own; a line there
/// of one or two characters that are not all digits (`a` for 5, read with a
/// confidence of 91; `1二` for 11) is a number misread. It is read again as digits
/// and set on the baseline of the entry line it ends.
pub(super) fn read_number_column(
    image: &PageImage,
    picture: &Picture,
    lines: &mut [TextLine],
    words: &mut Vec<OcrWord>,
) {
    let dpi = image.dpi();
    // Each pass reads again the numbers the column shows misread; a letter read
    // again as its number may show another above it out of order (`3` for 1 over a
    // `之` read again as 2), which the second pass reads again.
    let mut read_again: Vec<usize> = Vec::new();
    for _ in 0..2 {
        let misread: Vec<usize> = misread_in_number_column(lines)
            .into_iter()
            .filter(|at| !read_again.contains(at))
            .collect();
        for &at in misread.iter().rev() {
            let l = &lines[at];
            // The words' own box: the line's baseline is its row's, which may lie
            // below a number read beside taller type.
            let reach = [l.x0, l.y - 1.5 * l.size, l.x1, l.y];
            let own = words.iter().filter(|w| middle_in(w.bbox, reach));
            let bbox = enclosing(own.map(|w| w.bbox)).unwrap_or(line_box(l));
            let Some(number) = read_digits(picture, dpi, image.to_pixels(bbox)) else {
                continue;
            };
            let entry = lines
                .iter()
                .filter(|e| e.x1 < bbox[0] && (e.y - l.y).abs() <= e.size.max(l.size))
                .min_by(|a, b| (a.y - l.y).abs().total_cmp(&(b.y - l.y).abs()));
            let (line, word) = number_read_again(number, bbox, entry);
            words.retain(|w| !read_of_number(bbox, w.bbox));
            lines[at] = line;
            words.push(word);
        }
        read_again.extend(misread);
    }
}

/// Reads the 目录 page numbers the text pass left out altogether. Set far right of
/// their entries, with a wide blank or a leader of spaced dots before them, lone
/// numbers are sometimes not read at all (a State Council 目录 lost all seven). Ink no
/// word was read from, to the right of a line's end and level with it, is a page
/// number when such ink stands in a column: at least `MIN_COLUMN_NUMBERS` marks or
/// numbers read whose right edges are within `COLUMN_EDGE_POINTS` of one another
/// (the numbers read on their own lines). Each mark is read as
/// digits and set on its entry line's baseline.
pub(super) fn read_unread_number_column(
    image: &PageImage,
    picture: &mut Picture,
    lines: &mut Vec<TextLine>,
    words: &mut Vec<OcrWord>,
) {
    let dpi = image.dpi();
    let near = |w: &OcrWord, b: [f32; 4]| {
        let grown = [
            w.bbox[0] - 1.0,
            w.bbox[1] - 1.0,
            w.bbox[2] + 1.0,
            w.bbox[3] + 1.0,
        ];
        middle_in(b, grown)
    };
    // The entry line a mark ends: past its end, the height of its digits at least,
    // its middle within the line's height (a digit sits higher than the Han
    // characters and brackets a line's baseline is read from, and a skewed page
    // raises or lowers the far end of a line).
    let middle = |b: [f32; 4]| (b[1] + b[3]) / 2.0;
    let off_line = |l: &TextLine, b: [f32; 4]| (middle(b) - (l.y - l.size / 2.0)).abs();
    let entry_of = |b: [f32; 4]| {
        lines
            .iter()
            .filter(|l| {
                let level = off_line(l, b) <= ENTRY_REACH_EMS * l.size;
                level && l.x1 < b[0] && b[3] - b[1] >= DIGIT_HEIGHT_EMS * l.size
            })
            .min_by(|a, c| off_line(a, b).total_cmp(&off_line(c, b)))
    };
    let unread: Vec<[f32; 4]> = picture
        .glyphs(dpi)
        .iter()
        .map(|&[x, y, w, h]| image.to_points([x, y, x + w, y + h].map(|v| v as f32)))
        .filter(|&b| !words.iter().any(|w| near(w, b)))
        .collect();
    let marks = unread.iter().copied().filter(|&b| entry_of(b).is_some());
    // A number of several digits is several marks side by side.
    let mut numbers: Vec<[f32; 4]> = Vec::new();
    for mark in marks {
        let height = mark[3] - mark[1];
        let beside = numbers.iter_mut().find(|n| {
            let level = mark[3].min(n[3]) - mark[1].max(n[1]) >= height / 2.0;
            level && mark[0] - n[2] <= height && n[0] - mark[2] <= height
        });
        match beside {
            Some(n) => *n = enclosing([*n, mark]).unwrap_or(mark),
            None => numbers.push(mark),
        }
    }
    // A digit a shaded page broke in two (the bar of a `7` apart from its stem) is
    // one: ink unread across a number and within its entry line's height is its.
    for n in &mut numbers {
        let Some(entry) = entry_of(*n) else { continue };
        let (top, bottom) = (entry.y - entry.size, entry.y);
        let pieces = unread.iter().filter(|b| {
            let across = b[0] < n[2] && b[2] > n[0];
            across && b[1] >= top && b[3] <= bottom
        });
        *n = enclosing(pieces.copied().chain([*n])).unwrap_or(*n);
    }
    // The column is the numbers read and the ink unread together: a lone number left
    // out among numbers read (a `7` between `1`, `4` and `9`) stands in it too.
    let mut edges: Vec<f32> = numbers.iter().map(|n| n[2]).collect();
    edges.extend(lone_number_edges(lines));
    let Some(edge) = column_edge(&edges) else {
        return;
    };
    let read: Vec<(TextLine, OcrWord)> = numbers
        .into_iter()
        .filter(|n| on_edge(edge, n[2]))
        .filter_map(|bbox| {
            let number = read_digits(picture, dpi, image.to_pixels(bbox))?;
            Some(number_read_again(number, bbox, entry_of(bbox)))
        })
        .collect();
    for (line, word) in read {
        // What the text pass made of part of the number's ink (`E` for the right-hand
        // 1 of 11) is left out for the number.
        words.retain(|w| !read_of_number(word.bbox, w.bbox));
        lines.retain(|l| !read_of_number(word.bbox, line_box(l)));
        lines.push(line);
        words.push(word);
    }
}

/// Whether a line's text is a lone page number: one to three digits.
fn is_lone_number(text: &str) -> bool {
    (1..=3).contains(&text.len()) && text.chars().all(|c| c.is_ascii_digit())
}

/// The right edges of the lines that are lone numbers.
fn lone_number_edges(lines: &[TextLine]) -> Vec<f32> {
    lines
        .iter()
        .filter(|l| is_lone_number(&l.text))
        .map(|l| l.x1)
        .collect()
}

/// The right edge of a column of page numbers among the right `edges` of lone
/// numbers: the one most end within `COLUMN_EDGE_POINTS` of, when at least
/// `MIN_COLUMN_NUMBERS` do.
fn column_edge(edges: &[f32]) -> Option<f32> {
    let column = |edge: f32| edges.iter().filter(|&&x| on_edge(edge, x)).count();
    let edge = edges.iter().copied().max_by_key(|&e| column(e))?;
    (column(edge) >= MIN_COLUMN_NUMBERS).then_some(edge)
}

/// Whether a right edge `x` stands in the column ending at `edge`.
fn on_edge(edge: f32, x: f32) -> bool {
    (edge - x).abs() <= COLUMN_EDGE_POINTS
}

/// The lines of a page that stand in its column of page numbers (at least
/// `MIN_COLUMN_NUMBERS` lone numbers ending within `COLUMN_EDGE_POINTS` of one
/// another) and are one or two characters other than digits alone (`a` for 5, `了`
/// for 7, `1二` for 11), or a number below the one above it, in page order. No
/// entry's title ends there in so few.
fn misread_in_number_column(lines: &[TextLine]) -> Vec<usize> {
    let Some(edge) = column_edge(&lone_number_edges(lines)) else {
        return Vec::new();
    };
    let misread = |l: &TextLine| {
        on_edge(edge, l.x1) && (1..=2).contains(&l.text.chars().count()) && !is_lone_number(&l.text)
    };
    // Down the column the numbers rise: where one is above the next, one of the two
    // was misread: the lower (a 7 read as 2 between 6 and 8), or the upper when the
    // lower follows on from the number before the upper one, or the upper is the
    // first (a 1 read as 3 over 2, 3, 4).
    let mut column_numbers: Vec<usize> = (0..lines.len())
        .filter(|&at| on_edge(edge, lines[at].x1) && is_lone_number(&lines[at].text))
        .collect();
    column_numbers.sort_by(|&a, &b| lines[a].y.total_cmp(&lines[b].y));
    let value = |at: usize| lines[at].text.parse::<u32>().unwrap_or(0);
    let out_of_order: Vec<usize> = (1..column_numbers.len())
        .filter(|&k| value(column_numbers[k]) < value(column_numbers[k - 1]))
        .map(|k| {
            let before_upper = k.checked_sub(2).map(|j| value(column_numbers[j]));
            let upper_misread = before_upper.is_none_or(|v| v <= value(column_numbers[k]));
            column_numbers[if upper_misread { k - 1 } else { k }]
        })
        .collect();
    (0..lines.len())
        .filter(|&at| misread(&lines[at]) || out_of_order.contains(&at))
        .collect()
}

/// A line's box: left, top, right, bottom in points, its size high above its baseline.
fn line_box(l: &TextLine) -> [f32; 4] {
    [l.x0, l.y - l.size, l.x1, l.y]
}

/// Whether what was read at box `b` was read of the ink of a number read again at
/// `number` (both left, top, right, bottom): its middle lies in the number's box, a
/// point higher and lower (a word's box may sit off its glyph by that).
fn read_of_number(number: [f32; 4], b: [f32; 4]) -> bool {
    middle_in(b, [number[0], number[1] - 1.0, number[2], number[3] + 1.0])
}

/// Whether the middle of box `b` lies in `zone` (both left, top, right, bottom).
fn middle_in(b: [f32; 4], zone: [f32; 4]) -> bool {
    let (x, y) = ((b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0);
    (zone[0]..=zone[2]).contains(&x) && (zone[1]..=zone[3]).contains(&y)
}

/// Whether a leader whose dots sit on `bottom` (points) ends on line `l`.
fn ends_on(l: &TextLine, bottom: f32) -> bool {
    l.y - l.size <= bottom && bottom <= l.y + l.size / 2.0
}

/// Cuts a line that runs on past its leader, ending at `right`, into the room of the
/// number (up to `zone_right`) back to the leader: what follows it is the number
/// misread (`……J` for 11), which the number read again replaces.
fn cut_at_leader_end(l: &mut TextLine, right: f32, zone_right: f32, bottom: f32) {
    let runs_on = l.x1 > right && l.x1 <= zone_right && ends_on(l, bottom);
    if let Some(cut) = l.text.rfind("……").filter(|_| runs_on) {
        l.text.truncate(cut + "……".len());
        l.x1 = right;
    }
}

/// A number read again by the digits-only engine at `bbox` (points) as a line of its
/// own, on the baseline and at the size of `beside` when it belongs to that line,
/// and as a word. Its confidence is 0: the engine's confidence in a lone whitelisted
/// number says little.
fn number_read_again(
    number: String,
    bbox: [f32; 4],
    beside: Option<&TextLine>,
) -> (TextLine, OcrWord) {
    let line = TextLine {
        text: number.clone(),
        x0: bbox[0],
        x1: bbox[2],
        y: beside.map_or(bbox[3], |l| l.y),
        size: beside.map_or(bbox[3] - bbox[1], |l| l.size),
    };
    let word = OcrWord {
        text: number,
        confidence: 0.0,
        bbox,
    };
    (line, word)
}

/// A mark read again as a number by the folio's digits-only engine: the box (pixels,
/// left, top, right, bottom) clipped out with paper around it. Some only when it
/// reads one number of a page number's length.
pub(super) fn read_digits(picture: &Picture, dpi: f32, pixels: [f32; 4]) -> Option<String> {
    let [left, top, right, bottom] = pixels.map(|v| v.max(0.0) as i32);
    let height = bottom - top;
    // At the lighter threshold: a small digit's thin strokes (the top of a 5) break
    // at middle grey, and what is left reads as another digit (3).
    let clip = picture.clip_binary([left, top, right - left, height], height, 1.0, INKY_GREY)?;
    let (tsv, _) = recognise(&FOLIO, Engine::Folio, &clip, dpi, None).ok()??;
    let words = word_readings(&tsv);
    lone_page_number(words.iter().map(|(text, _)| text.as_str())).map(str::to_string)
}

/// The one number of a page number's length (one to four digits) among words read
/// as digits only, the dashes the engine makes of a folio's ornaments left out; None
/// when there is none or more than one.
fn lone_page_number<'a>(words: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let mut numbers = words.map(|w| w.trim_matches('-')).filter(|t| !t.is_empty());
    let number = numbers.next()?;
    let page_number = number.len() <= 4 && number.chars().all(|c| c.is_ascii_digit());
    (page_number && numbers.next().is_none()).then_some(number)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 目录 line whose page number was read as a letter after its leader: the letter
    /// goes, the leader stays, and the line ends where the leader does. A line on
    /// another baseline, or ending before the leader's end, is left alone.
    #[test]
    fn a_number_misread_after_a_leader_is_cut_off() {
        let line = |text: &str, x1: f32, y: f32| TextLine {
            text: text.into(),
            x0: 68.8,
            x1,
            y,
            size: 11.2,
        };
        let mut misread = line("〔2022〕34号)……J", 466.6, 316.1);
        cut_at_leader_end(&mut misread, 451.8, 475.8, 314.0);
        assert_eq!(misread, line("〔2022〕34号)……", 451.8, 316.1));
        let mut below = line("〔2022〕34号)……J", 466.6, 340.0);
        cut_at_leader_end(&mut below, 451.8, 475.8, 314.0);
        assert_eq!(below.text, "〔2022〕34号)……J");
        let mut short = line("〔2022〕34号)……", 451.8, 316.1);
        cut_at_leader_end(&mut short, 451.8, 475.8, 314.0);
        assert_eq!(short.text, "〔2022〕34号)……");
    }

    /// A 目录 set without leaders: its page numbers stand in a column, and a letter
    /// or a Han character read there (`a` for 5, `1二` for 11) is a number misread.
    /// A letter elsewhere, a longer line ending in the column, and a page with too
    /// few numbers to make a column are not.
    #[test]
    fn a_letter_in_the_column_of_page_numbers_is_a_number_misread() {
        let line = |text: &str, x1: f32| TextLine {
            text: text.into(),
            x0: x1 - 4.0,
            x1,
            y: 300.0,
            size: 10.0,
        };
        let lines = vec![
            line("1", 473.0),
            line("4", 473.4),
            line("a", 473.0),
            line("8", 473.0),
            line("1二", 472.8),
            line("b", 300.0),
            line("12", 472.0),
            line("关于某项工作的意见", 473.0),
        ];
        assert_eq!(misread_in_number_column(&lines), [2, 4]);
        assert!(misread_in_number_column(&lines[..3]).is_empty());
    }

    /// Down the column the page numbers rise: a 7 read as 2 between 6 and 8 is a
    /// number misread, and so is a first number above the next; numbers in order are
    /// not.
    #[test]
    fn a_number_below_the_one_above_it_in_the_column_is_misread() {
        let line = |text: &str, y: f32| TextLine {
            text: text.into(),
            x0: 478.0,
            x1: 483.0,
            y,
            size: 10.0,
        };
        let numbers = ["1", "2", "3", "6", "2", "8"];
        let lines: Vec<TextLine> = numbers
            .iter()
            .enumerate()
            .map(|(k, n)| line(n, 150.0 + 30.0 * k as f32))
            .collect();
        assert_eq!(misread_in_number_column(&lines), [4]);
        assert!(misread_in_number_column(&lines[..4]).is_empty());
        // The first number above the next (a 1 read as 3 over 2, 3, 4), and one above
        // the next whose lower follows on from the number before it (9 for 3).
        for (numbers, misread) in [
            (["3", "2", "3", "4", "5"], 0),
            (["1", "2", "9", "4", "5"], 2),
        ] {
            let lines: Vec<TextLine> = numbers
                .iter()
                .enumerate()
                .map(|(k, n)| line(n, 150.0 + 30.0 * k as f32))
                .collect();
            assert_eq!(misread_in_number_column(&lines), [misread], "{numbers:?}");
        }
    }
}
