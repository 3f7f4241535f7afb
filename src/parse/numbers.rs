//! One 文号 printed twice, in a document's head and in its 目录 entry, read alike.
//! When the two readings differ in one character of the issuer's code (`冉政任` and
//! `甘政任`, same year and number), one of them is misread (OCR) or misprinted: the
//! codes of an issue's 文号 share their characters (the issuing place's abbreviation,
//! 政, 办, 发), so the character more of the issue's codes hold is kept. When the 目录
//! entry's code is the head's with characters before it (`的实施意见黑政发` where the
//! bracket before `黑` was lost to OCR), those characters are the title's end.

use super::patterns::regex;
use crate::docnum;
use crate::model::{Document, TocSection};

/// Makes each document's 文号 and its 目录 entry's agree where they are one 文号 read
/// two ways.
pub(super) fn agree(sections: &mut [TocSection], documents: &mut [Document]) {
    let listed = sections
        .iter()
        .flat_map(|s| &s.entries)
        .filter_map(|e| e.doc_number.as_deref());
    let printed = documents.iter().filter_map(|d| d.doc_number.as_deref());
    let codes: Vec<Vec<char>> = listed
        .chain(printed)
        .filter_map(|n| split(n).map(|(code, _)| code.chars().collect()))
        .collect();
    for entry in sections.iter_mut().flat_map(|s| &mut s.entries) {
        let Some(d) = entry.document.and_then(|d| documents.get_mut(d)) else {
            continue;
        };
        let (Some(head), Some(toc)) = (d.doc_number.as_mut(), entry.doc_number.as_mut()) else {
            continue;
        };
        if let Some((spilt, number)) = title_spill(head, toc) {
            // The title's closing bracket was the 文号's.
            let title = entry.title.trim_end_matches([')', '）']);
            entry.title = format!("{title}{spilt}");
            *toc = number;
            continue;
        }
        if let Some(code) = agreed_code(head, toc, &codes) {
            for number in [head, toc] {
                if let Some((_, rest)) = split(number) {
                    *number = format!("{code}{rest}");
                }
            }
        }
    }
}

/// When the 目录's reading of a 文号 is the head's with Han characters before its
/// code, those characters (the end of the entry's title) and the 目录's 文号 without
/// them.
fn title_spill(head: &str, toc: &str) -> Option<(String, String)> {
    let ((code_head, rest_head), (code_toc, rest_toc)) = (split(head)?, split(toc)?);
    if docnum::key(rest_head) != docnum::key(rest_toc) || code_toc.len() <= code_head.len() {
        return None;
    }
    let spilt = code_toc.strip_suffix(code_head)?;
    Some((spilt.to_string(), format!("{code_head}{rest_toc}")))
}

/// The issuer's code both readings should have, when they differ in one character
/// of it alone and the issue's `codes` hold one of the two characters more often.
fn agreed_code(a: &str, b: &str, codes: &[Vec<char>]) -> Option<String> {
    let ((code_a, rest_a), (code_b, rest_b)) = (split(a)?, split(b)?);
    if docnum::key(rest_a) != docnum::key(rest_b) {
        return None;
    }
    let (a_chars, b_chars): (Vec<char>, Vec<char>) =
        (code_a.chars().collect(), code_b.chars().collect());
    if a_chars.len() != b_chars.len() {
        return None;
    }
    let mut differing = a_chars.iter().zip(&b_chars).filter(|(x, y)| x != y);
    let (Some((&x, &y)), None) = (differing.next(), differing.next()) else {
        return None;
    };
    let holding = |c: char| codes.iter().filter(|code| code.contains(&c)).count();
    match holding(x).cmp(&holding(y)) {
        std::cmp::Ordering::Greater => Some(code_a.to_string()),
        std::cmp::Ordering::Less => Some(code_b.to_string()),
        std::cmp::Ordering::Equal => None,
    }
}

/// A 文号 as its issuer's code (the Han characters before the year) and the rest.
fn split(number: &str) -> Option<(&str, &str)> {
    let found = regex!(r"^(\p{Han}{1,12})(\s*\D?\s*(?:19|20)\d{2}.*)$").captures(number)?;
    Some((found.get(1)?.as_str(), found.get(2)?.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(numbers: &[&str]) -> Vec<Vec<char>> {
        numbers
            .iter()
            .filter_map(|n| split(n).map(|(c, _)| c.chars().collect()))
            .collect()
    }

    #[test]
    fn characters_before_the_heads_code_are_the_titles() {
        assert_eq!(
            title_spill("黑政发〔2017〕6号", "的实施意见黑政发〔2017〕6号"),
            Some(("的实施意见".to_string(), "黑政发〔2017〕6号".to_string()))
        );
        for (head, toc) in [
            ("黑政发〔2017〕6号", "黑政发(2017)6号"),
            ("黑政发〔2017〕6号", "意见黑政发〔2017〕7号"),
            ("政发〔2017〕6号", "黑政办发〔2017〕6号"),
        ] {
            assert_eq!(title_spill(head, toc), None, "{head} {toc}");
        }
    }

    #[test]
    fn one_misread_character_of_an_issuers_code_takes_the_issues_reading() {
        let issue = codes(&[
            "甘政发〔2022〕96号",
            "甘政发〔2022〕96号",
            "甘办发〔2022〕144号",
            "甘政任〔2022〕71号",
            "冉政任〔2022〕71号",
        ]);
        let mended = agreed_code("冉政任〔2022〕71号", "甘政任［2022］71号", &issue);
        assert_eq!(mended.as_deref(), Some("甘政任"));
        assert_eq!(
            agreed_code("甘政任〔2022〕71号", "冉政任〔2022〕71号", &issue).as_deref(),
            Some("甘政任")
        );
        // Another number, another year, another length of code, two characters
        // apart, or no majority: two 文号, or no telling which is right.
        for (a, b) in [
            ("冉政任〔2022〕71号", "甘政任〔2022〕72号"),
            ("冉政任〔2021〕71号", "甘政任〔2022〕71号"),
            ("甘政办发〔2022〕71号", "甘政发〔2022〕71号"),
            ("冉攻任〔2022〕71号", "甘政任〔2022〕71号"),
        ] {
            assert_eq!(agreed_code(a, b, &issue), None, "{a} {b}");
        }
        let even = codes(&["甲政发〔2022〕1号", "乙政发〔2022〕1号"]);
        assert_eq!(
            agreed_code("甲政发〔2022〕1号", "乙政发〔2022〕1号", &even),
            None
        );
    }
}
