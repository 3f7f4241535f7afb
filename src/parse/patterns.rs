//! The small textual shapes the parser recognises everywhere: 文号, dates, Chinese
//! numerals, office names and sentence ends. Kept in one place so every stage agrees.

pub(crate) use crate::layout::regex;

/// Finds a 文号 in `text`: an issuer, a four-digit year in any bracket style and a
/// number (`聊政发〔2018〕41号`, `鲁政办字[2018]5号`), or a decree number
/// (`国务院令第708号`, `第708号令`). Returns its byte range.
pub fn find_doc_number(text: &str) -> Option<(usize, usize)> {
    let re = regex!(
        r"[\p{Han}A-Za-z]{1,8}\s*[〔\[(（【［〖]\s*\d{4}\s*[〕\])）】］〗]\s*第?\s*\d{1,5}\s*号|[\p{Han}]{0,12}令\s*[（(]?\s*第\s*\d{1,5}\s*号\s*[）)]?|第\s*\d{1,5}\s*号令"
    );
    re.find(text).map(|m| (m.start(), m.end()))
}

/// The 文号 when `text` is nothing but one (perhaps wrapped in brackets).
pub fn doc_number_line(text: &str) -> Option<String> {
    let t = text.trim();
    let (s, e) = find_doc_number(t)?;
    let rest = format!("{}{}", &t[..s], &t[e..]);
    let rest_is_noise = rest
        .chars()
        .all(|c| c.is_whitespace() || "（）()[]【】".contains(c));
    rest_is_noise.then(|| t[s..e].trim().to_string())
}

/// A date as printed at the foot of a document, in Arabic or Chinese numerals,
/// converted to ISO `YYYY-MM-DD`. Only a whole line counts.
pub fn date_line(text: &str) -> Option<String> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let caps = regex!(r"^[（(]?([0-9〇零○一二三四五六七八九]{4})年([0-9一二三四五六七八九十]{1,3})月([0-9一二三四五六七八九十]{1,3})日[）)]?$")
        .captures(&t)?;
    let year = parse_number(&caps[1])?;
    let month = parse_number(&caps[2])?;
    let day = parse_number(&caps[3])?;
    ((1..=12).contains(&month) && (1..=31).contains(&day))
        .then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// Parses Arabic digits, digit-by-digit Chinese years (二〇一八) and Chinese counting
/// numbers up to the thousands (十七, 二十三, 一百零五).
pub fn parse_number(s: &str) -> Option<u32> {
    if let Ok(n) = s.parse() {
        return Some(n);
    }
    let is_digit = |c: char| "〇零○一二三四五六七八九".contains(c);
    let value = |c: char| -> Option<u32> {
        Some(match c {
            '〇' | '零' | '○' => 0,
            '一' => 1,
            '二' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            _ => return None,
        })
    };
    let chars: Vec<char> = s.chars().collect();
    if chars.is_empty() {
        return None;
    }
    if chars.len() > 1 && chars.iter().all(|&c| is_digit(c)) {
        return chars
            .iter()
            .try_fold(0u32, |acc, &c| Some(acc * 10 + value(c)?));
    }
    let (mut total, mut current) = (0u32, 0u32);
    for c in chars {
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => {
                current = value(c)?;
                continue;
            }
        };
        total += current.max(1) * unit;
        current = 0;
    }
    Some(total + current)
}

/// A name that can sign or head a document: an office, a government, a committee.
pub fn is_office_name(text: &str) -> bool {
    let t = text.trim();
    t.chars().count() <= 30
        && !t.contains(['，', '。', '：'])
        && regex!(
            r"(人民政府|政府|办公室|办公厅|国务院|委员会|委|局|厅|部|署|院|会|中心|党组|管委会)$"
        )
        .is_match(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_doc_numbers_in_any_bracket_style() {
        for (text, want) in [
            ("聊政发〔2018〕41号", "聊政发〔2018〕41号"),
            ("鲁政办字[2018]17 号", "鲁政办字[2018]17 号"),
            ("关于印发…的通知（国发(2016)78号）", "国发(2016)78号"),
            (
                "中华人民共和国国务院令第708号",
                "中华人民共和国国务院令第708号",
            ),
            ("国务院令（第 708 号）", "国务院令（第 708 号）"),
        ] {
            let (s, e) = find_doc_number(text).expect(text);
            assert_eq!(&text[s..e], want);
        }
        assert_eq!(find_doc_number("到2020年全面建成"), None);
        assert_eq!(
            doc_number_line("（聊政发〔2018〕41号）").as_deref(),
            Some("聊政发〔2018〕41号")
        );
        assert_eq!(doc_number_line("根据聊政发〔2018〕41号文件"), None);
    }

    #[test]
    fn reads_dates() {
        assert_eq!(
            date_line("2018 年 8 月 8 日").as_deref(),
            Some("2018-08-08")
        );
        assert_eq!(
            date_line("二〇一八年八月二十三日").as_deref(),
            Some("2018-08-23")
        );
        assert_eq!(
            date_line("（2018年12月1日）").as_deref(),
            Some("2018-12-01")
        );
        assert_eq!(date_line("2018年8月8日印发"), None);
    }

    #[test]
    fn parses_chinese_numbers() {
        assert_eq!(parse_number("十七"), Some(17));
        assert_eq!(parse_number("二十三"), Some(23));
        assert_eq!(parse_number("一百零五"), Some(105));
        assert_eq!(parse_number("二〇一八"), Some(2018));
        assert_eq!(parse_number("185"), Some(185));
    }

    #[test]
    fn knows_offices() {
        assert!(is_office_name("聊城市人民政府办公室"));
        assert!(!is_office_name("聊城市人民政府大事记"));
    }
}
