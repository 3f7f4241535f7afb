//! The small textual shapes the parser recognises everywhere: 文号, dates, Chinese
//! numerals, office names and sentence ends. Kept in one place so every stage agrees.

pub(crate) use crate::layout::regex;
use crate::layout::without_spaces;

/// Finds a 文号 in `text`: an issuer, a four-digit year in any bracket style and a
/// number (`聊政发〔2018〕41号`, `鲁政办字[2018]5号`), or a decree number
/// (`国务院令第708号`, `第708号令`). A letter-spaced year may come with its digits
/// apart (`〔20 23〕`, a scan's line cut at the wide space). Returns its byte range.
pub fn find_doc_number(text: &str) -> Option<(usize, usize)> {
    let re = regex!(
        r"[\p{Han}A-Za-z]{1,8}\s*[〔\[(（【［〖]\s*(?:\d\s?){3}\d\s*[〕\])）】］〗]\s*第?\s*\d{1,5}\s*号|[\p{Han}]{0,12}令\s*[（(]?\s*第\s*\d{1,5}\s*号\s*[）)]?|第\s*\d{1,5}\s*号令"
    );
    re.find(text).map(|m| (m.start(), m.end()))
}

/// The 文号 a line opens with, brackets around it or not, and what follows it (a
/// 目录 line's leader and page number).
pub fn opening_doc_number(text: &str) -> Option<(&str, &str)> {
    let body = text.trim_start().trim_start_matches(['（', '(']);
    let (start, end) = find_doc_number(body)?;
    (start == 0).then(|| (body[..end].trim_end(), &body[end..]))
}

/// The 文号 when `text` is nothing but one (perhaps wrapped in brackets, or with its
/// closing bracket drawn out of order).
pub fn doc_number_line(text: &str) -> Option<String> {
    let t = text.trim();
    let Some((s, e)) = find_doc_number(t) else {
        return reordered_doc_number(t);
    };
    let rest = format!("{}{}", &t[..s], &t[e..]);
    let rest_is_noise = rest
        .chars()
        .all(|c| c.is_whitespace() || "（）()[]【】".contains(c));
    rest_is_noise.then(|| t[s..e].trim().to_string())
}

/// A 文号 whose closing bracket a word processor's PDF draws after the number
/// (`某政字〔2021 30号〕`: the spaced bracket is a run of its own), put back in order
/// (`某政字〔2021〕30号`) when the line is nothing but it.
pub fn reordered_doc_number(text: &str) -> Option<String> {
    let c = regex!(r"^([\p{Han}A-Za-z]{1,8})\s*([〔\[(（【［〖])\s*(\d{4})\s+(第?\s*\d{1,5}\s*号)\s*([〕\])）】］〗])$")
        .captures(text.trim())?;
    Some(format!("{}{}{}{}{}", &c[1], &c[2], &c[3], &c[5], &c[4]))
}

/// A date as printed at the foot of a document, in Arabic or Chinese numerals,
/// converted to ISO `YYYY-MM-DD`. Only a whole line counts.
pub fn date_line(text: &str) -> Option<String> {
    let t = without_spaces(text);
    let caps = regex!(r"^[（(]?([0-9〇零○一二三四五六七八九]{4})年([0-9一二三四五六七八九十]{1,3})月([0-9一二三四五六七八九十]{1,3})日[）)]?$")
        .captures(&t)?;
    let year = parse_number(&caps[1])?;
    let month = parse_number(&caps[2])?;
    let day = parse_number(&caps[3])?;
    ((1..=12).contains(&month) && (1..=31).contains(&day))
        .then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// A signature and its date printed as one line (`总理　李克强　2019年6月8日`), as a
/// layout that joins the lines of a set-off block gives them: the name and the ISO
/// date. The name is short and carries no sentence punctuation.
pub fn signed_date(text: &str) -> Option<(String, String)> {
    let t = text.trim();
    let c = regex!(r"^(.{2,40}?)\s*([0-9〇零○一二三四五六七八九]{4}\s*年\s*[0-9一二三四五六七八九十]{1,3}\s*月\s*[0-9一二三四五六七八九十]{1,3}\s*日)$")
        .captures(t)?;
    let name = c[1].trim();
    if name.chars().count() > 30 || name.contains(['。', '，', '；', '：', '、', '（', '(']) {
        return None;
    }
    Some((name.to_string(), date_line(&c[2])?))
}

/// A decree's number printed alone under its name (`第715号`, `（第１１３号）`).
pub fn decree_number_line(text: &str) -> bool {
    regex!(r"^[（(]?\s*第\s*\d{1,5}\s*号\s*[）)]?$").is_match(text.trim())
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

/// Whether a line can open a GB/T 9704 title (发文机关 + 事由 + 文种): the issuer alone
/// (the title wraps after it), the issuer followed by `关于`, or a whole title ending
/// in its 文种.
pub fn title_opening(text: &str) -> bool {
    let t = without_spaces(text);
    if t.chars().count() > 60 || t.contains(['。', '；', '：', ':']) {
        return false;
    }
    let issuer_then_about = t
        .find("关于")
        .is_some_and(|i| i > 0 && is_office_name(&t[..i]));
    let genre = regex!(
        r"(通知|意见|批复|办法|规定|方案|公告|通告|决定|函|报告|纪要|措施|条例|细则|命令|通报)$"
    );
    is_office_name(&t) || issuer_then_about || (t.chars().count() >= 6 && genre.is_match(&t))
}

/// A line that is a decree's part heading and nothing else: its number (`第一章`,
/// `第二节`, `第三编`) and a short name (`总则`, `规划与建设`).
pub fn part_heading(text: &str) -> bool {
    regex!(r"^\s*第[一二三四五六七八九十百零〇]+[编章节]\s*\p{Han}{1,16}\s*$").is_match(text)
}

/// The name of a gazette section as its banner prints it, without any issuer's full
/// name: the grouping words (`公告`, `人事任免`, `政务动态`), or an abbreviated office
/// with 文件/令 (`省政府文件`, `市政府办公室文件`, `国务院令`, `部门文件`). A red header
/// names its issuer in full (`××省人民政府文件`), so it never has this shape.
pub fn section_banner(text: &str) -> bool {
    let t = without_spaces(text);
    regex!(
        r"^(?:公告|通告|公示|公告公示|人事任免|任免信息|大事记|政务动态|工作动态|政策解读|领导讲话|法规规章|规章|(?:[省市县区州旗]|自治[区州县])?(?:政府|人民政府)?(?:办公厅|办公室)?(?:文件|令)|(?:国务院|国务院办公厅|国务院部门|部门|部委|省政府部门|市政府部门|县政府部门)(?:文件|令|规章))$"
    )
    .is_match(&t)
        && !matches!(t.as_str(), "文件" | "令")
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
            ("拉政发[20 23]125号", "拉政发[20 23]125号"),
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
        assert_eq!(
            opening_doc_number("（国发〔2018〕8号）……4"),
            Some(("国发〔2018〕8号", "）……4"))
        );
        assert_eq!(opening_doc_number("（一）国发〔2018〕8号"), None);
    }

    #[test]
    fn knows_a_part_heading() {
        assert!(part_heading("第一章　总则"));
        assert!(part_heading("第二节 规划"));
        assert!(!part_heading("第一条　为了保障公民基本文化权益"));
        assert!(!part_heading("第一章"));
        assert!(!part_heading("依照本办法第三章规定"));
    }

    #[test]
    fn puts_a_misordered_doc_number_back_in_order() {
        assert_eq!(
            reordered_doc_number("赣政字〔2021 30号〕").as_deref(),
            Some("赣政字〔2021〕30号")
        );
        assert_eq!(reordered_doc_number("赣政字〔2021〕30号"), None);
        assert_eq!(reordered_doc_number("依照某政字〔2021 30号〕办理"), None);
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
    fn reads_a_signature_joined_to_its_date() {
        assert_eq!(
            signed_date("总理温家宝2019年6月8日"),
            Some(("总理温家宝".to_string(), "2019-06-08".to_string()))
        );
        assert_eq!(
            signed_date("某某市人民政府办公室　二〇二〇年九月十五日"),
            Some(("某某市人民政府办公室".to_string(), "2020-09-15".to_string()))
        );
        assert_eq!(signed_date("2019年6月8日"), None);
        assert_eq!(
            signed_date("本办法自公布之日起施行，有效期至2020年12月31日"),
            None
        );
        assert!(decree_number_line("第 708 号"));
        assert!(decree_number_line("（第１１３号）"));
        assert!(!decree_number_line("第一条"));
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
    fn knows_title_openings() {
        for yes in [
            "孟津县人民政府",
            "孟津县人民政府关于推进高标准农田建设",
            "中共某某省委办公厅　某某省人民政府办公厅",
            "关于调整某某市部分行政区划的批复",
            "某某省城市地下管线安全管理办法",
        ] {
            assert!(title_opening(yes), "{yes}");
        }
        for no in [
            "第一章　总则",
            "（2019年8月）",
            "各县（市、区）人民政府：",
            "附件",
        ] {
            assert!(!title_opening(no), "{no}");
        }
    }

    #[test]
    fn knows_section_banners() {
        for banner in [
            "公告",
            "人事任免",
            "政务动态",
            "省政府文件",
            "市政府办公室文件",
            "省政府办公厅文件",
            "国务院令",
            "国务院办公厅文件",
            "部门文件",
            "省政府部门文件",
            "市政府令",
            "人 事 任 免",
        ] {
            assert!(section_banner(banner), "{banner}");
        }
        for not in [
            "湖北省人民政府文件",
            "中华人民共和国国务院令",
            "湖北省人民政府令",
            "某某市人民政府关于公布名录的公告",
            "文件",
            "附件",
            "国务院",
        ] {
            assert!(!section_banner(not), "{not}");
        }
    }

    #[test]
    fn knows_offices() {
        assert!(is_office_name("聊城市人民政府办公室"));
        assert!(!is_office_name("聊城市人民政府大事记"));
    }
}
