//! What the issue's own city mends in OCR text: its name where OCR misread one of its
//! characters and said it was unsure (`桩林市人民政府`, the 桩 read at 43 of 100, in
//! 桂林's gazette). Unlike a province's, a city's name is in no table here; the issue
//! names its city itself, in its masthead and running heads, again and again.
//!
//! Only a character the engine doubted is mended: a neighbouring city one character
//! off (德阳 in 绵阳's gazette) read with confidence stays as printed.

use std::collections::HashMap;

use super::{OcrWord, LOW_CONFIDENCE};
use crate::layout::regex;
use crate::model::TextLine;

/// The city whose gazette the issue is: the name before `市人民政府公报` that its lines
/// print most, at least twice (a cover and a running head).
pub(super) fn issue_city<'a>(lines: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut named: HashMap<&str, usize> = HashMap::new();
    for text in lines {
        if let Some(found) = regex!(r"(\p{Han}{2,3})市人民政府公报").captures(text) {
            if let Some(name) = found.get(1) {
                *named.entry(name.as_str()).or_default() += 1;
            }
        }
    }
    named
        .into_iter()
        .filter(|&(_, times)| times >= 2)
        .max_by_key(|&(name, times)| (times, name))
        .map(|(name, _)| name.to_string())
}

/// The line's text with the city's name given back wherever a name before 市 differs
/// from it in one character that a doubted word of the line (`words`, the page's)
/// holds.
pub(super) fn city_name(line: &TextLine, words: &[OcrWord], city: &str) -> String {
    let wanted: Vec<char> = city.chars().collect();
    let doubted: Vec<&OcrWord> = words
        .iter()
        .filter(|w| w.confidence < LOW_CONFIDENCE && on_line(w, line))
        .collect();
    let mut chars: Vec<char> = line.text.chars().collect();
    let n = wanted.len();
    for at in 0..chars.len().saturating_sub(n) {
        if chars[at + n] != '市' {
            continue;
        }
        let differ: Vec<usize> = (0..n).filter(|&k| chars[at + k] != wanted[k]).collect();
        let [k] = differ[..] else {
            continue;
        };
        let misread = chars[at + k];
        if crate::script::is_han(misread) && doubted.iter().any(|w| w.text.contains(misread)) {
            chars[at + k] = wanted[k];
        }
    }
    chars.into_iter().collect()
}

/// Whether a word lies on the line: its middle within the line's extent and height.
fn on_line(word: &OcrWord, line: &TextLine) -> bool {
    let (x, y) = (
        (word.bbox[0] + word.bbox[2]) / 2.0,
        (word.bbox[1] + word.bbox[3]) / 2.0,
    );
    (line.x0..=line.x1).contains(&x) && (line.y - line.size * 1.2..=line.y + 1.0).contains(&y)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str) -> TextLine {
        TextLine {
            text: text.into(),
            x0: 300.0,
            x1: 420.0,
            y: 358.0,
            size: 11.0,
        }
    }

    fn word(text: &str, confidence: f32, left: f32) -> OcrWord {
        OcrWord {
            text: text.into(),
            confidence,
            bbox: [left, 347.0, left + 15.0, 358.0],
        }
    }

    #[test]
    fn the_city_is_the_one_its_gazette_is_named_for_most() {
        let lines = [
            "桂林市人民政府公报",
            "2018年第9期",
            "桂林市人民政府公报",
            "桩林市人民政府公报",
        ];
        assert_eq!(issue_city(lines.into_iter()).as_deref(), Some("桂林"));
        assert_eq!(issue_city(["桂林市人民政府公报"].into_iter()), None);
        assert_eq!(issue_city(["某省人民政府公报"; 3].into_iter()), None);
    }

    #[test]
    fn a_doubted_character_of_the_city_is_mended() {
        let read = line("桩林市人民政府");
        let doubted = [word("桩", 42.9, 337.0), word("林", 91.9, 353.0)];
        assert_eq!(city_name(&read, &doubted, "桂林"), "桂林市人民政府");
        // Read with confidence, a name one character off is another city's.
        let sure = [word("桩", 91.0, 337.0), word("林", 91.9, 353.0)];
        assert_eq!(city_name(&read, &sure, "桂林"), "桩林市人民政府");
        // A doubted word on another line says nothing of this one.
        let elsewhere = [OcrWord {
            bbox: [337.0, 500.0, 352.0, 511.0],
            ..word("桩", 42.9, 337.0)
        }];
        assert_eq!(city_name(&read, &elsewhere, "桂林"), "桩林市人民政府");
        // Two characters off is no misreading of one.
        let far = line("编旧市人民政府");
        let doubted = [word("编旧", 30.0, 337.0)];
        assert_eq!(city_name(&far, &doubted, "绵阳"), "编旧市人民政府");
    }
}
