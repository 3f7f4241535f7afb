//! What the issue's own place (a city, county or district) mends in OCR text: its
//! name where OCR misread one of its characters (`桩林市人民政府`, the 桩 read at 43
//! of 100, in 桂林's gazette; `取津县` in 孟津's; `桐访县`, read with confidence 53
//! times in 桐庐's), and the code that opens its government's 文号s (`也政函` for
//! 孟政函). The issue names its place itself, in its masthead and running heads and
//! the offices it prints, again and again; the country's divisions
//! (`place/divisions.txt`) say which names are places at all.
//!
//! A name one character off the place is mended where OCR doubted that character or
//! where no division has the name read: a neighbouring city one character off (德阳
//! in 绵阳's gazette) read with confidence stays as printed. The gazette's own name is
//! the exception: its every printing is one reading of the same words.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use super::province::docnum_pattern;
use super::{OcrWord, LOW_CONFIDENCE};
use crate::layout::regex;
use crate::model::TextLine;

/// A word's box at most this many ems wide holds one Han character (two take two
/// ems).
const ONE_CHARACTER_EMS: f32 = 1.5;

/// The place an issue is the gazette of: its name, and the level after it
/// (市, 县 or 区).
#[derive(Debug, PartialEq)]
pub(super) struct Place {
    name: Vec<char>,
    level: char,
}

/// The place whose gazette the issue is: of the names its lines print before
/// `市人民政府公报` (or 县, 区), the one they print most, with its level, anywhere
/// (`孟津县` in every office and title beats `也津县`, a masthead misread as
/// often as it was read right); at least twice. A name no division has is misread:
/// the division one character off it is the place, the one the issue prints if
/// several are (`桐访县` is 桐庐县, not 桐柏县 or 桐梓县).
pub(super) fn issue_place(lines: &[&str]) -> Option<Place> {
    let mut named: HashMap<&str, usize> = HashMap::new();
    for text in lines {
        for found in regex!(r"(\p{Han}{2,3}[市县区])人民政府公报").captures_iter(text) {
            if let Some(name) = found.get(1) {
                named.entry(name.as_str()).or_default();
            }
        }
    }
    let printed = |name: &str| lines.iter().map(|text| text.matches(name).count()).sum();
    for (name, times) in named.iter_mut() {
        *times = printed(name);
    }
    // An autonomous region's (`广西壮族自治区`) is a province's, mended by `province`.
    let (name, _) = named
        .into_iter()
        .filter(|&(name, times)| times >= 2 && !name.contains("自治"))
        .max_by_key(|&(name, times)| (is_division(name), times, name))?;
    let name = if is_division(name) {
        name.to_string()
    } else {
        let near = divisions_one_off(name);
        let in_issue: Vec<&str> = near.iter().copied().filter(|n| printed(n) > 0).collect();
        match (&near[..], &in_issue[..]) {
            (_, [only]) | ([only], []) => only.to_string(),
            _ => name.to_string(),
        }
    };
    let mut name: Vec<char> = name.chars().collect();
    let level = name.pop()?;
    Some(Place { name, level })
}

/// The names of the country's county- and prefecture-level divisions.
fn divisions() -> &'static HashSet<&'static str> {
    static DIVISIONS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    DIVISIONS.get_or_init(|| {
        include_str!("place/divisions.txt")
            .lines()
            .filter(|line| !line.starts_with('#'))
            .flat_map(|line| line.split_whitespace().skip(1))
            .filter(|name| *name != "-")
            .collect()
    })
}

/// Whether a name (with its level: `桐庐县`) is a division's.
fn is_division(name: &str) -> bool {
    divisions().contains(name)
}

/// The divisions whose names differ from `name` in one character, its level kept.
fn divisions_one_off(name: &str) -> Vec<&'static str> {
    let read: Vec<char> = name.chars().collect();
    let mut near: Vec<&'static str> = divisions()
        .iter()
        .copied()
        .filter(|division| {
            let chars: Vec<char> = division.chars().collect();
            chars.len() == read.len()
                && chars.last() == read.last()
                && chars.iter().zip(&read).filter(|(a, b)| a != b).count() == 1
        })
        .collect();
    near.sort_unstable();
    near
}

/// The line's text with the place's name given back wherever a name before its
/// level differs from it in one character that a doubted word of the line (`words`,
/// the page's) holds, or is no division's, or is the gazette's name; and the place's code given back to
/// a 文号 of its government whose code was doubted.
pub(super) fn place_name(line: &TextLine, words: &[OcrWord], place: &Place) -> String {
    let doubted: Vec<&OcrWord> = words
        .iter()
        .filter(|w| w.confidence < LOW_CONFIDENCE && on_line(w, line))
        .collect();
    let is_doubted = |c: char| doubted.iter().any(|w| w.text.contains(c));
    let mut chars: Vec<char> = line.text.chars().collect();
    let mut read_twice = vec![false; chars.len()];
    let n = place.name.len();
    for at in 0..chars.len().saturating_sub(n) {
        if chars[at + n] != place.level {
            continue;
        }
        let differ: Vec<usize> = (0..n).filter(|&k| chars[at + k] != place.name[k]).collect();
        let [k] = differ[..] else {
            continue;
        };
        let misread = chars[at + k];
        let gazette: String = chars[at + n + 1..].iter().take(6).collect();
        let read: String = chars[at..=at + n].iter().collect();
        let no_place = !is_division(&read);
        if crate::script::is_han(misread)
            && (is_doubted(misread) || no_place || gazette == "人民政府公报")
        {
            let extra = read_into_one(&doubted, &chars, at + k, line.size);
            read_twice[at + k - extra..at + k].fill(true);
            chars[at + k] = place.name[k];
        }
    }
    let text: String = chars
        .into_iter()
        .zip(read_twice)
        .filter_map(|(c, twice)| (!twice).then_some(c))
        .collect();
    let code = place.name[0];
    docnum_pattern()
        .replace_all(&text, |found: &regex::Captures| {
            let read = found[1].chars().next().unwrap_or(code);
            // The code opens the 文号: a character read before it (`普政政发` for
            // 晋政政发) says the code is longer than one.
            let start = found.get(0).map_or(0, |m| m.start());
            let opens = !text[..start]
                .chars()
                .next_back()
                .is_some_and(crate::script::is_han);
            if opens && is_doubted(read) {
                format!("{code}{}", &found[2])
            } else {
                found[0].to_string()
            }
        })
        .into_owned()
}

/// How many characters before the one at `at` a doubted word read out of the same
/// glyph: a word that ends there, read as more characters than its box is wide for
/// (`志和` boxed 16 points wide on an 11-point line, for the 孟 of 孟津).
fn read_into_one(doubted: &[&OcrWord], chars: &[char], at: usize, size: f32) -> usize {
    doubted
        .iter()
        .filter_map(|w| {
            let text: Vec<char> = w.text.chars().collect();
            let start = (at + 1).checked_sub(text.len())?;
            let one_wide = w.bbox[2] - w.bbox[0] <= ONE_CHARACTER_EMS * size;
            (text.len() > 1 && one_wide && chars[start..=at] == text[..]).then_some(text.len() - 1)
        })
        .max()
        .unwrap_or(0)
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

    fn place(name: &str, level: char) -> Option<Place> {
        Some(Place {
            name: name.chars().collect(),
            level,
        })
    }

    #[test]
    fn the_place_is_the_one_its_gazette_is_named_for_most() {
        let lines = [
            "桂林市人民政府公报",
            "2018年第9期",
            "桂林市人民政府公报",
            "桩林市人民政府公报",
        ];
        assert_eq!(issue_place(&lines), place("桂林", '市'));
        // A masthead misread as often as read right: the name printed most elsewhere.
        let county = [
            "也津县人民政府公报",
            "孟津县人民政府公报",
            "孟津县人民政府关于推进高标准农田建设的工作方案",
            "孟津县人民政府",
        ];
        assert_eq!(issue_place(&county), place("孟津", '县'));
        assert_eq!(issue_place(&["桂林市人民政府公报"]), None);
        assert_eq!(issue_place(&["某省人民政府公报"; 3]), None);
        assert_eq!(issue_place(&["广西壮族自治区人民政府公报"; 3]), None);
    }

    #[test]
    fn a_doubted_character_of_the_place_is_mended() {
        let guilin = place("桂林", '市').expect("a place");
        let read = line("桩林市人民政府");
        let doubted = [word("桩", 42.9, 337.0), word("林", 91.9, 353.0)];
        assert_eq!(place_name(&read, &doubted, &guilin), "桂林市人民政府");
        // Read with confidence, a name one character off is another city's, if a
        // city has that name; one no place has is misread however sure.
        let sure = [word("吉", 91.0, 337.0), word("林", 91.9, 353.0)];
        assert_eq!(
            place_name(&line("吉林市人民政府"), &sure, &guilin),
            "吉林市人民政府"
        );
        let sure = [word("桩", 91.0, 337.0), word("林", 91.9, 353.0)];
        assert_eq!(place_name(&read, &sure, &guilin), "桂林市人民政府");
        // A doubted word on another line says nothing of this one.
        let elsewhere = [OcrWord {
            bbox: [337.0, 500.0, 352.0, 511.0],
            ..word("吉", 42.9, 337.0)
        }];
        assert_eq!(
            place_name(&line("吉林市人民政府"), &elsewhere, &guilin),
            "吉林市人民政府"
        );
        // Two characters off is no misreading of one.
        let far = line("编旧市人民政府");
        let doubted = [word("编旧", 30.0, 337.0)];
        let mianyang = place("绵阳", '市').expect("a place");
        assert_eq!(place_name(&far, &doubted, &mianyang), "编旧市人民政府");
        // A county's name, before 县.
        let mengjin = place("孟津", '县').expect("a place");
        let doubted = [word("取", 0.0, 300.0)];
        assert_eq!(
            place_name(
                &line("取津县人民政府关于宋伟等同志职务任免的通知"),
                &doubted,
                &mengjin
            ),
            "孟津县人民政府关于宋伟等同志职务任免的通知"
        );
        // A doubted word read as two characters out of the glyph of one, the place's.
        let doubted = [
            OcrWord {
                bbox: [300.0, 347.0, 316.0, 358.0],
                ..word("志和", 0.0, 300.0)
            },
            word("津", 4.1, 322.0),
        ];
        let signature = line("志和津县人民政府");
        assert_eq!(place_name(&signature, &doubted, &mengjin), "孟津县人民政府");
        // Boxed two characters wide, the word was two.
        let wide = [OcrWord {
            bbox: [300.0, 347.0, 324.0, 358.0],
            ..word("志和", 0.0, 300.0)
        }];
        assert_eq!(place_name(&signature, &wide, &mengjin), "志孟津县人民政府");
    }

    #[test]
    fn the_gazettes_own_name_is_mended_however_sure_the_reading() {
        let mengjin = place("孟津", '县').expect("a place");
        let sure = [word("也", 71.6, 300.0)];
        assert_eq!(
            place_name(&line("也津县人民政府公报"), &sure, &mengjin),
            "孟津县人民政府公报"
        );
        // 宁津 is a county too: read with confidence outside the gazette's name, it
        // is that county; 也津 is no county's name.
        let sure = [word("宁", 91.0, 300.0)];
        assert_eq!(
            place_name(&line("宁津县人民政府公报"), &sure, &mengjin),
            "孟津县人民政府公报"
        );
        assert_eq!(
            place_name(&line("宁津县人民政府"), &sure, &mengjin),
            "宁津县人民政府"
        );
        let sure = [word("也", 91.0, 300.0)];
        assert_eq!(
            place_name(&line("也津县人民政府"), &sure, &mengjin),
            "孟津县人民政府"
        );
    }

    #[test]
    fn a_place_no_division_has_is_the_division_one_character_off() {
        let tonglu = ["桐访县人民政府公报", "桐访县人民政府公报", "桐庐县"];
        assert_eq!(issue_place(&tonglu), place("桐庐", '县'));
        let dujiangyan = ["都江卉市人民政府公报"; 2];
        assert_eq!(issue_place(&dujiangyan), place("都江堰", '市'));
        // Several divisions one character off, none printed: the name stays.
        assert_eq!(issue_place(&["桐访县人民政府公报"; 2]), place("桐访", '县'));
        // A division's name read right wins over a misread printed more often.
        let read_right = [
            "桐访县人民政府公报",
            "桐访县",
            "桐庐县人民政府公报",
            "桐庐县",
        ];
        assert_eq!(issue_place(&read_right), place("桐庐", '县'));
    }

    #[test]
    fn a_doubted_code_of_the_places_docnum_is_mended() {
        let mengjin = place("孟津", '县').expect("a place");
        let doubted = [word("也", 21.1, 300.0)];
        assert_eq!(
            place_name(&line("也政函〔2019〕104号"), &doubted, &mengjin),
            "孟政函〔2019〕104号"
        );
        // A code of two characters, the first misread: the second is not the code.
        let doubted = [word("普", 40.0, 300.0), word("政政发", 30.0, 315.0)];
        let jinjiang = place("晋江", '市').expect("a place");
        assert_eq!(
            place_name(&line("普政政发〔2019〕102号"), &doubted, &jinjiang),
            "普政政发〔2019〕102号"
        );
        // Read with confidence, it is another issuer's.
        let sure = [word("洛", 91.0, 300.0)];
        assert_eq!(
            place_name(&line("洛政〔2019〕12号"), &sure, &mengjin),
            "洛政〔2019〕12号"
        );
    }
}
