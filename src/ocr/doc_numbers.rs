//! 文号 the page's reading garbles, read again as lines of their own.
//!
//! A 文号 set in full-width digits, each alone in an em (`国发〔２０１８〕８号` under a
//! 目录 title or a document's), loses its digits read with the block around it
//! (`国发(210.8879`), while the same ink cut out and read as one line comes out whole
//! (`国发[2018】8号`). A line that opens as a 文号 does (an issuer's code and a
//! bracketed year, GB/T 9704-2012 7.2.4) but is none is read again over its run of
//! ink, and the reading takes its place when it is a 文号 by the parser's own rule.

use super::clean::Picture;
use super::dates::{is_in_line, line_ink, LineInk};
use super::mend::anchors;
use super::missed_lines::read_as_line;
use super::{enclosing, OcrWord, PageImage};
use crate::error::Result;
use crate::layout::regex;
use crate::model::TextLine;
use crate::parse::patterns::opening_doc_number;
use crate::script::is_han;

/// A 文号 line is at most this many characters (`国办发〔2018〕125号` is 13; a
/// misreading adds some).
const MAX_DOC_NUMBER_CHARS: usize = 24;
/// A 文号's code stands at most this many ems left of its bracketed year.
const MAX_CODE_GAP_EMS: f32 = 3.0;
/// A 文号's glyphs stand at most this many ems apart: a full-width blank may follow
/// its year's bracket (`通政政字〔２０２２〕　２３号`).
const DOC_NUMBER_GAP_EMS: f32 = 2.5;

/// Whether a line opens as a 文号 and is none: an issuer's code, then no Han
/// character but three digits at least, the year's bracket among what came of them
/// (`国发(210.8879`, `国画[2019)T1599时，`, `慈政办发QQ022)141号`, `国发5[22ON ONG`); short,
/// and opening with no 文号 the parser takes (a 目录's has its page number after it).
fn garbled(text: &str) -> bool {
    let text: String = text.split_whitespace().collect();
    let Some(coded) = regex!(r"^[（(]?\p{Han}{1,8}([^\p{Han}]+)").captures(&text) else {
        return false;
    };
    let after_code = &coded[1];
    text.chars().count() <= MAX_DOC_NUMBER_CHARS
        && after_code.chars().filter(char::is_ascii_digit).count() >= 3
        && !after_code.chars().all(|c| c.is_ascii_digit())
        && opening_doc_number(&text).is_none()
}

/// The 文号 a line read again holds, when it opens with one and nothing but
/// punctuation (a 目录's leaders, a bracket) follows it, and perhaps the 目录 entry's
/// page number, which stands within reach of the 文号's ink once the leader between is
/// painted out: the number the page's own reading had stays (`reread_line`).
fn doc_number_in(reading: &str) -> Option<String> {
    let text: String = reading.split_whitespace().collect();
    let (doc_number, rest) = opening_doc_number(&text)?;
    let page_number = rest.len() - rest.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let rest = &rest[..rest.len() - page_number];
    (page_number <= MAX_PAGE_DIGITS && rest.chars().all(|c| !c.is_alphanumeric() && !is_han(c)))
        .then(|| doc_number.to_string())
}

/// A 目录's page number has at most this many digits.
const MAX_PAGE_DIGITS: usize = 3;

/// The 文号 the lines of a line read again hold together (see `doc_number_in`).
fn doc_number_read(found: &[TextLine]) -> Option<String> {
    let text: String = found.iter().map(|l| l.text.as_str()).collect();
    doc_number_in(&text)
}

/// Reads the line again as one line, when it opens as a 文号 and is none, and puts
/// the 文号 read in its place (its text, extent and words). Whether it did.
pub(super) fn reread_line(
    line: &mut TextLine,
    above: Option<&TextLine>,
    words: &mut Vec<OcrWord>,
    picture: &Picture,
    image: &PageImage,
    leaders: &[[f32; 4]],
) -> Result<bool> {
    if !garbled(&line.text) {
        return Ok(false);
    }
    let frame = line.clone();
    let inside = |w: &OcrWord| is_in_line(&frame, above, w);
    let own: Vec<&OcrWord> = words.iter().filter(|w| inside(w)).collect();
    let Some(LineInk { clip, components }) =
        line_ink(line, &own, DOC_NUMBER_GAP_EMS, picture, image)
    else {
        return Ok(false);
    };
    let Some([x0, y0, x1, y1]) = enclosing(components.iter().map(|b| {
        let [x, y, w, h] = b.map(|v| v as f32);
        [x, y, x + w, y + h]
    })) else {
        return Ok(false);
    };
    let area = [
        clip[0] + x0 as i32,
        clip[1] + y0 as i32,
        (x1 - x0) as i32,
        (y1 - y0) as i32,
    ];
    let one_doc_number = |found: &[TextLine], _: &[OcrWord]| doc_number_read(found).is_some();
    let Some((found, found_words)) = read_as_line(image, picture, area, leaders, one_doc_number)?
    else {
        return Ok(false);
    };
    let Some(doc_number) = doc_number_read(&found) else {
        return Ok(false);
    };
    // The block's reading may have read the code right where the line read alone
    // did not (`国发` and `国友`): the surer reading of it counts.
    let page_code = regex!(r"^[（(]?(\p{Han}{1,8})").captures(&line.text);
    let found_refs: Vec<&OcrWord> = found_words.iter().collect();
    line.text = match page_code {
        Some(code) if code_confidence(&own) > code_confidence(&found_refs) => {
            let number = doc_number.trim_start_matches(|c: char| c.is_alphabetic());
            doc_number_in(&anchors(&format!("{}{number}", &code[1]))).unwrap_or(doc_number)
        }
        _ => doc_number,
    };
    // A 目录 entry's page number, read with the 文号 again, is left as the page's
    // reading had it, a number of its own after the 文号.
    let sign_end = found_words
        .iter()
        .filter(|w| w.text.contains('号'))
        .map(|w| w.bbox[2])
        .fold(f32::MIN, f32::max);
    let after_sign =
        |w: &OcrWord| w.bbox[0] >= sign_end && w.text.chars().all(|c| c.is_ascii_digit());
    let mut found_words = found_words;
    found_words.retain(|w| !after_sign(w));
    let page_number = own
        .iter()
        .copied()
        .filter(|w| after_sign(w))
        .max_by(|a, b| a.bbox[0].total_cmp(&b.bbox[0]))
        .cloned();
    line.x0 = found.iter().map(|l| l.x0).fold(line.x0, f32::min);
    line.x1 = found_words
        .iter()
        .chain(&page_number)
        .map(|w| w.bbox[2])
        .fold(line.x0, f32::max);
    if let Some(number) = &page_number {
        line.text = format!("{} {}", line.text, number.text);
    }
    words.retain(|w| !inside(w) || page_number.as_ref() == Some(w));
    words.extend(found_words);
    Ok(true)
}

/// Reads again, as one line, a 文号 read as two, its code and the rest (`慈办发` |
/// `(2012-230直22为时`): on a page read in columns, a 文号 centred under its title
/// crosses the gutter, and each column takes a half, cut after the code or inside
/// the year (`拉政政发 20` | `23」125号`). A line of nothing but a code's Han
/// characters (and the year's bracket and first digits), with a short line level with
/// it and at most `MAX_CODE_GAP_EMS` to its right that opens with digits (after a
/// bracket, read as one or not), is read again together with it (`reread_line`);
/// when that reads a 文号, it replaces both.
pub(super) fn read_halves(
    lines: &mut Vec<TextLine>,
    words: &mut Vec<OcrWord>,
    picture: &Picture,
    image: &PageImage,
    leaders: &[[f32; 4]],
) -> Result<()> {
    let mut at = 0;
    while at < lines.len() {
        let code = &lines[at];
        let is_rest = |l: &TextLine| {
            let gap = l.x0 - code.x1;
            (l.y - code.y).abs() < code.size.max(l.size) / 2.0
                && (0.0..=MAX_CODE_GAP_EMS * code.size).contains(&gap)
                && l.text.chars().count() <= MAX_DOC_NUMBER_CHARS
                && regex!(r"^[^\p{Han}\d]{0,2}\d").is_match(l.text.trim())
        };
        let rest = Some(code)
            .filter(|code| {
                regex!(r"^\p{Han}{2,8}\s*[\[【(（〔［《「]?\s*\d{0,3}$").is_match(code.text.trim())
            })
            .and_then(|_| lines.iter().position(is_rest));
        if let Some(index) = rest {
            let mut whole = code.clone();
            whole.text = format!("{}{}", code.text.trim(), lines[index].text.trim());
            whole.x1 = whole.x1.max(lines[index].x1);
            let above = lines[..at]
                .iter()
                .rev()
                .find(|l| l.y < whole.y - whole.size / 2.0);
            if reread_line(&mut whole, above, words, picture, image, leaders)? {
                lines[at] = whole;
                lines.remove(index);
                if index < at {
                    at -= 1;
                }
            }
        }
        at += 1;
    }
    Ok(())
}

/// How sure the engine was of a 文号's code, read as `words`: the least confidence
/// of the words, left to right, up to the first that holds anything but Han
/// characters (that one too when it opens with one: `国发(210`).
fn code_confidence(words: &[&OcrWord]) -> f32 {
    let mut sorted = words.to_vec();
    sorted.sort_by(|a, b| a.bbox[0].total_cmp(&b.bbox[0]));
    let mut least = f32::MAX;
    for word in sorted {
        if !word.text.starts_with(is_han) {
            break;
        }
        least = least.min(word.confidence);
        if !word.text.chars().all(is_han) {
            break;
        }
    }
    if least == f32::MAX {
        0.0
    } else {
        least
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_opening_as_a_doc_number_that_is_none_is_garbled() {
        assert!(garbled("国发(210.8879"));
        assert!(garbled("国办发(210118)125"));
        assert!(garbled("国画[2019)T1599时，"));
        assert!(garbled("慈政办发QQ022)141号"));
        assert!(garbled("国发5[22ON ONG"));
        assert!(!garbled("截至2019年"));
        assert!(!garbled("国发〔2018〕8号"));
        assert!(!garbled("（国办发〔2018〕125号）"));
        assert!(!garbled("国务院关于加快发展养老服务业的通知"));
        assert!(!garbled("附件(2)"));
        assert!(!garbled("中华人民共和国国务院令(第480号)"));
        assert!(!garbled("通政政字〔2022〕156号.2"));
    }

    #[test]
    fn a_doc_number_read_again_is_taken_without_its_leaders() {
        assert_eq!(
            doc_number_in("国发[2018】8号 :").as_deref(),
            Some("国发[2018】8号")
        );
        assert_eq!(
            doc_number_in("（国办发(2018)125号）").as_deref(),
            Some("国办发(2018)125号")
        );
        // A 目录's page number read with it, its leader painted out.
        assert_eq!(
            doc_number_in("国函〔2018〕156号 5").as_deref(),
            Some("国函〔2018〕156号")
        );
        assert_eq!(doc_number_in("国函〔2018〕156号 1234"), None);
        assert_eq!(doc_number_in("国发[2018】8号文件"), None);
        assert_eq!(doc_number_in("国(2018)】156和号"), None);
    }
}
