//! The few misreadings OCR makes of the characters the parser anchors on, mended
//! where the printed rule leaves one reading: a 文号's brackets, a date's 〇, month and
//! 日 (and those of a line that is a date alone) and a red header's 文件. What the
//! issue's own province mends is `province`'s.

use crate::layout::regex;
use crate::parse::patterns::{is_office_name, section_banner};
use crate::script::is_han;

/// A line of OCR text with every mending below applied, in this order: a later one
/// reads what an earlier one gave back (a date line's 〇, a 文号's brackets).
pub(super) fn anchors(text: &str) -> String {
    let mendings: [fn(&str) -> String; 14] = [
        gap_underscore,
        year_point,
        office_hall,
        state_council,
        banner_ornament,
        gap_quotes,
        docnum_opening,
        docnum_brackets,
        chinese_year_zero,
        date_month,
        date_day,
        red_header_sign,
        decree_sign,
        date_line,
    ];
    mendings
        .iter()
        .fold(text.to_string(), |text, mend| mend(&text))
}

/// Gives back the full-width space that OCR reads as a quote mark. Where a printed
/// page leaves an em blank inside a line, the Chinese model often reads a `”`: after
/// an article's or chapter's label (`第十条　` — a label is set off by a space, never
/// quoted), between a signer's office and name (`省长　郑敏艳`, a line of its own).
/// An opening quote after a label that a closing one follows on the line is printed.
/// A line never starts with a closing quote either (punctuation that closes does not
/// begin a line), so one read there is a speck.
fn gap_quotes(text: &str) -> String {
    let label =
        regex!(r"^(\s*第[〇零一二三四五六七八九十百千两0-9]{1,6}[条章节编])\s*([“”\x22])\s*");
    let signer = regex!(r"^(\s*\p{Han}{1,4}[长理任记席])\s*[“”\x22]\s*(\p{Han}{2,4}\s*)$");
    let text = label.replace(text, |found: &regex::Captures| {
        let quoting = &found[2] != "”" && text[found[0].len()..].contains(['”', '"']);
        match quoting {
            true => found[0].to_string(),
            false => format!("{}\u{3000}", &found[1]),
        }
    });
    let text = signer.replace(&text, "${1}\u{3000}${2}");
    // Joint issuers stand an em apart (`中共某某市委办公室　某某市人民政府办公室`); a
    // closing quote after an office's name with none opened before it is that em.
    let after_office = regex!(r"(办公室|办公厅|人民政府|委员会)、?\s*”");
    let text = match after_office.find(&text) {
        Some(found) if !text[..found.start()].contains('“') => {
            after_office.replace_all(&text, "${1}\u{3000}").into_owned()
        }
        _ => text.into_owned(),
    };
    match text.strip_prefix('”') {
        Some(rest) => rest.to_string(),
        None => text,
    }
}

/// Gives a line that is a date and nothing else its 月 and 日 back: a signed date
/// stands on a line of its own under the signature (GB/T 9704-2012, 7.3.5), its
/// digits often set full width and far apart, where OCR reads the 月 as another
/// character (`2022年11闵25日`), a speck in a gap as one more (`25和日`) or as a
/// point between the year's digits (`2.023年`). A whole line of a four-digit year, a
/// month, one character, a day, at most one more character and 日 can be nothing
/// else; the month and day must be ones a date has.
fn date_line(text: &str) -> String {
    let shape = regex!(
        r"^\s*(\d[.,·]?\d[.,·]?\d[.,·]?\d)\s*年\s*(\d{1,2})\s*(\D)\s*(\d{1,2})\s*\D?\s*日\s*$"
    );
    let Some(found) = shape.captures(text) else {
        return text.to_string();
    };
    let number = |at: usize| found[at].parse::<u32>().unwrap_or(0);
    let (month, day) = (number(2), number(4));
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return text.to_string();
    }
    let year: String = found[1].chars().filter(char::is_ascii_digit).collect();
    format!("{year}年{month}月{day}日")
}

/// Gives a year written in Chinese numerals its 〇 back: OCR reads the ring as
/// whatever Latin letter or digit looks closest, sometimes as two (`二G@二二年`), or
/// at low resolution not at all (`二二二年`), and the date is lost to the parser.
/// Only a run before 年 that holds two Chinese numerals at least and comes to four
/// is touched, or three numerals of this century's year before a month.
fn chinese_year_zero(text: &str) -> String {
    let ring_lost = regex!(
        r"(^|[^〇一二三四五六七八九])二([一二三四五六七八九])([〇一二三四五六七八九])(年\s*[一二三四五六七八九十]{1,2}\s*月)"
    );
    let text = ring_lost.replace_all(text, "${1}二〇${2}${3}${4}");
    let year = regex!(r"[〇一二三四五六七八九OoQ0GDC@]{4,8}年");
    // A ring read as two signs, or as a sign and itself (its arcs apart: `二O〇二O〇年`),
    // or each sign a ring of its own (`二OO二年`).
    let rings = [
        regex!(r"[OoQ0GDC@]〇|〇[OoQ0GDC@]|[OoQ0GDC@]{1,2}"),
        regex!(r"[OoQ0GDC@]"),
    ];
    year.replace_all(&text, |found: &regex::Captures| {
        let numerals = found[0]
            .chars()
            .filter(|c| "〇一二三四五六七八九".contains(*c));
        if numerals.count() < 2 {
            return found[0].to_string();
        }
        rings
            .iter()
            .map(|ring| ring.replace_all(&found[0], "〇").into_owned())
            .find(|mended| mended.chars().count() == 5)
            .unwrap_or_else(|| found[0].to_string())
    })
    .into_owned()
}

/// Gives back the space OCR read as an underscore between a number and a word
/// (`2_某某市人民政府公报`, a running head's page number over the rule under it): a
/// blank to fill in is a run of underscores, never one between a digit and a Han
/// character.
fn gap_underscore(text: &str) -> String {
    let digit_first = regex!(r"(\d)_(\p{Han})");
    let han_first = regex!(r"(\p{Han})_(\d)");
    let text = digit_first.replace_all(text, "$1 $2");
    han_first.replace_all(&text, "$1 $2").into_owned()
}

/// Takes the point out of a year OCR read one into (`2.021年第16期`, a running head
/// whose 2 stood apart from its 021): a four-digit year of this century or the last
/// with a point between its digits, before 年, is no amount of years (those have one
/// or two digits before the point).
fn year_point(text: &str) -> String {
    let year = regex!(r"(^|[^0-9.,·])([12])[.,·]?([09])[.,·]?(\d)[.,·]?(\d)(\s*年)");
    year.replace_all(text, |found: &regex::Captures| {
        let digits = format!("{}{}{}{}", &found[2], &found[3], &found[4], &found[5]);
        match digits.starts_with("19") || digits.starts_with("20") {
            true => format!("{}{digits}{}", &found[1], &found[6]),
            false => found[0].to_string(),
        }
    })
    .into_owned()
}

/// Gives an office its 厅 back where OCR read the 打 it shares a half with
/// (`福建省人民政府办公打关于`, `省政府办公打文件`): after a government, a Party
/// committee or a 院, 办公 is an office's name and ends in 厅 or 室. Only there: a
/// print job (`办公打印`) follows no office.
fn office_hall(text: &str) -> String {
    regex!(r"(政府|委|院)办公打([^印]|$)")
        .replace_all(text, "${1}办公厅${2}")
        .into_owned()
}

/// Takes off a section banner's ornament read as a letter or a numeral ring
/// (`Q市政府令`, `〇自治区政府令` for `◎ 市政府令`): before the whole of a banner's name, a lone Latin letter or sign is
/// the ornament; read into the line, it makes the banner a decree's name unknown to
/// the parser.
fn banner_ornament(text: &str) -> String {
    match regex!(r"^\s*[QOo0@©◎〇○●]\s*(\p{Han}{2,12})\s*$").captures(text) {
        Some(found) if section_banner(&found[1]) => found[1].to_string(),
        _ => text.to_string(),
    }
}

/// Gives a decree's sign its 令 back where OCR read the 今 a stroke away from it
/// (`市政府今`, a running head; `某市人民政府今`, a decree's name): a whole line that
/// is an office's name and then 今 names a decree or its section, and 今 (now) ends
/// no sentence.
fn decree_sign(text: &str) -> String {
    match text.trim().strip_suffix('今') {
        Some(office) if office.chars().all(is_han) && is_office_name(office) => {
            format!("{office}令")
        }
        _ => text.to_string(),
    }
}

/// Gives a decree's number its 号 back where OCR read another character
/// (`第300芝`): the line under a decree's name (`某某市人民政府令`) that is 第, a
/// number and one character more is the decree's number, and decrees are numbered
/// in 号.
pub(super) fn decree_number(name_above: &str, text: &str) -> String {
    let decree = name_above
        .trim()
        .strip_suffix('令')
        .is_some_and(is_office_name);
    let number = regex!(r"^(\s*[（(]?\s*第\s*\d{1,5}\s*)\p{Han}(\s*[）)]?\s*)$");
    match number.captures(text) {
        Some(found) if decree => format!("{}号{}", &found[1], &found[2]),
        _ => text.to_string(),
    }
}

/// Gives a red header its 文件 back. A red header is the issuing office's name and
/// 文件 (GB/T 9704-2012, 7.2.3), set in type so large and heavy that OCR reads one of
/// the two characters as another (`甘肃省人民政府藉件`), and the parser no longer
/// sees a document open there. Only a whole line that is an office's name and one
/// of the two is touched.
fn red_header_sign(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    if let [office @ .., first, second] = chars.as_slice() {
        let office: String = office.iter().collect();
        let one_of_two = (*first == '文') != (*second == '件');
        if one_of_two && is_han(*first) && is_han(*second) && is_office_name(&office) {
            return format!("{office}文件");
        }
    }
    text.to_string()
}

/// Gives the State Council its name back where a line names it as an issuer, a red
/// header or a banner (`到务院办公厅文件`, `国务阮办公厅文件`, `司务院令`): of the
/// offices whose documents a gazette prints, only 国务院 has 务院 in its name, so a
/// line that is one character off it and then 办公厅 and 文件 or 令 is its.
fn state_council(text: &str) -> String {
    regex!(r"^(\s*)(?:\p{Han}务院|国务\p{Han})((?:办公厅)?(?:文件|令)\s*)$")
        .replace(text, "${1}国务院${2}")
        .into_owned()
}

/// Gives a date its month back where OCR took a 1's stroke for a bracket or a bar
/// (`2022年]1月`), or saw one in the gap after 年 (`2022年]11月`): the mark is a 1
/// when that makes a month, and nothing when the month is whole without it.
fn date_month(text: &str) -> String {
    let month =
        regex!(r"((?:\d{4}|[〇一二三四五六七八九]{4})年)\s*[\]\[】【|!！lI]\s*(\d{1,2})(\s*月)");
    month
        .replace_all(text, |found: &regex::Captures| {
            let with_one = format!("1{}", &found[2]);
            let number = match with_one.parse::<u32>() {
                Ok(month) if month <= 12 => with_one,
                _ => found[2].to_string(),
            };
            format!("{}{number}{}", &found[1], &found[3])
        })
        .into_owned()
}

/// Gives a date its 日 back: OCR reads the character as one of its look-alikes (目,
/// 曰, 昌, 旧), none of which can follow a day of the month.
fn date_day(text: &str) -> String {
    let day = regex!(r"月(\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*)[目曰昌旧]");
    day.replace_all(text, "月${1}日").into_owned()
}

/// Gives a 文号's year its 〔〕 back: OCR reads the hexagonal brackets as whatever
/// bracket looks closest (`宁政发【2022]85号`, `(2022]`, `(2022]】`, `[2021】]】`,
/// `《2017)`), the closing one as a `1` (`[2018156号`), and splits a letter-spaced
/// year (`[20 23]`); the parser, which takes every bracket style printers use, does
/// not take a mixed pair. Only a bracketed four-digit year after Han characters (or at
/// the start of a line, where a 文号 wraps) and before a number with 号 (or ending the
/// line, with or without its number, where the 文号 wraps) is touched. A year is four
/// digits, so a `1` between an office's opened year and a number with 号 is the
/// bracket.
fn docnum_brackets(text: &str) -> String {
    let pattern = regex!(
        r"(^|\p{Han})\s*[\[【(（〔［《]\s*((?:19|20)\s?\d\s?\d)\s*(?:[\]】)）〕］》]{1,3}\s*(?:(\d+)\s*(号)|(\d*)\s*$)|[1lI|](\d+)\s*(号))"
    );
    pattern
        .replace_all(text, |found: &regex::Captures| {
            let part = |i| found.get(i).map_or("", |m| m.as_str());
            // Read as a `1`, the bracket needs its office before it to be one.
            if part(1).is_empty() && !part(6).is_empty() {
                return part(0).to_owned();
            }
            let year: String = part(2).chars().filter(|c| !c.is_whitespace()).collect();
            format!(
                "{}〔{year}〕{}{}{}{}{}",
                part(1),
                part(3),
                part(4),
                part(5),
                part(6),
                part(7)
            )
        })
        .into_owned()
}

/// Gives a 文号 set in brackets after a title (a 目录 entry's `…的通知（某政发〔2022〕5号）`)
/// its opening bracket back where OCR read it as a hexagonal one (`〔某政发〔2022〕`, or
/// `〔某政发` ending a line where the 文号 wraps): 〔 holds a year and nothing else.
fn docnum_opening(text: &str) -> String {
    let before_year = regex!(r"[〔【\[](\p{Han}{2,8})\s*〔\s*((?:19|20)\d{2})");
    let text = before_year.replace_all(text, "(${1}〔${2}");
    regex!(r"〔(\p{Han}{2,8})$")
        .replace(&text, "(${1}")
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_in_chinese_numerals_gets_its_ring_back() {
        assert_eq!(
            chinese_year_zero("二G@二二年三月二十日"),
            "二〇二二年三月二十日"
        );
        assert_eq!(chinese_year_zero("二O二一年"), "二〇二一年");
        assert_eq!(
            chinese_year_zero("二〇二CO年二月八日"),
            "二〇二〇年二月八日"
        );
        assert_eq!(chinese_year_zero("二OO二年"), "二〇〇二年");
        assert_eq!(
            chinese_year_zero("二O〇二O〇年二月九日"),
            "二〇二〇年二月九日"
        );
        assert_eq!(chinese_year_zero("二〇O二年"), "二〇〇二年");
        // Anything else keeps its letters: a year in digits, letters before 年.
        assert_eq!(chinese_year_zero("2022年"), "2022年");
        assert_eq!(chinese_year_zero("GOOD年"), "GOOD年");
        // The ring not seen at all: three numerals of this century before a month.
        assert_eq!(
            chinese_year_zero("二二二年三月二十日"),
            "二〇二二年三月二十日"
        );
        assert_eq!(chinese_year_zero("二一九年十二月"), "二〇一九年十二月");
        // Three numerals elsewhere are not a year.
        assert_eq!(chinese_year_zero("二三四年"), "二三四年");
        assert_eq!(chinese_year_zero("一二三年三月"), "一二三年三月");
        assert_eq!(chinese_year_zero("一二二二年三月"), "一二二二年三月");
    }

    #[test]
    fn a_date_gets_its_month_back_from_a_bracket() {
        assert_eq!(date_month("2022年]11月25日"), "2022年11月25日");
        assert_eq!(date_month("2022年]1月25日印发"), "2022年11月25日印发");
        assert_eq!(date_month("2022年|2月"), "2022年12月");
        assert_eq!(date_month("2022年 】 3月"), "2022年3月");
        assert_eq!(date_month("二〇二二年]1月"), "二〇二二年11月");
        // No mark, or a bracket that is not in a date.
        assert_eq!(date_month("2022年11月"), "2022年11月");
        assert_eq!(date_month("[2022]1号"), "[2022]1号");
        assert_eq!(date_month("第]1月"), "第]1月");
    }

    #[test]
    fn a_quote_read_in_an_em_space_is_the_space() {
        assert_eq!(
            gap_quotes("第十条”省人民政府住房城乡建设主管部门"),
            "第十条\u{3000}省人民政府住房城乡建设主管部门"
        );
        assert_eq!(gap_quotes("第四章“监督检查"), "第四章\u{3000}监督检查");
        assert_eq!(gap_quotes("第12条 ”本办法"), "第12条\u{3000}本办法");
        assert_eq!(gap_quotes("省长”郑敏艳"), "省长\u{3000}郑敏艳");
        assert_eq!(gap_quotes("总理“李克强"), "总理\u{3000}李克强");
        assert_eq!(gap_quotes("”2017年第16期"), "2017年第16期");
        assert_eq!(
            gap_quotes("中共某某市委办公室”某某市人民政府办公室关于"),
            "中共某某市委办公室\u{3000}某某市人民政府办公室关于"
        );
        assert_eq!(
            gap_quotes("中共某某省委办公厅、”某某省人民政府办公厅"),
            "中共某某省委办公厅\u{3000}某某省人民政府办公厅"
        );
        assert_eq!(gap_quotes("冠以“人民政府”字样"), "冠以“人民政府”字样");
        // Quotes that are printed stay: a quoted term after a label, a name in a
        // sentence, a closing quote after the text it closes.
        assert_eq!(
            gap_quotes("第三条“放管服”改革应当"),
            "第三条“放管服”改革应当"
        );
        assert_eq!(gap_quotes("推进“放管服”改革"), "推进“放管服”改革");
        assert_eq!(gap_quotes("服”改革优化营商环境"), "服”改革优化营商环境");
        assert_eq!(gap_quotes("实现“最多跑一次”"), "实现“最多跑一次”");
    }

    #[test]
    fn a_docnum_in_brackets_gets_its_opening_bracket_back() {
        assert_eq!(
            anchors("实施方案〔黑政办发〔2017〕31号)"),
            "实施方案(黑政办发〔2017〕31号)"
        );
        assert_eq!(
            anchors("的通知黑政办发《2017)50"),
            "的通知黑政办发〔2017〕50"
        );
        assert_eq!(
            anchors("关于落实企业安全生产主体责任的实施方案〔黑政办发"),
            "关于落实企业安全生产主体责任的实施方案(黑政办发"
        );
        assert_eq!(anchors("黑政办发〔2017〕31号"), "黑政办发〔2017〕31号");
    }

    #[test]
    fn a_docnum_year_gets_its_hexagonal_brackets_back() {
        assert_eq!(docnum_brackets("宁政发【2022]85号"), "宁政发〔2022〕85号");
        assert_eq!(
            docnum_brackets("宁政任 (2022】 88号通知"),
            "宁政任〔2022〕88号通知"
        );
        // The closing bracket read twice or three times over.
        assert_eq!(docnum_brackets("宁政任(2022]】88号"), "宁政任〔2022〕88号");
        assert_eq!(
            docnum_brackets("柳政办发[2021】]】1号"),
            "柳政办发〔2021〕1号"
        );
        // The closing bracket read as a 1; a letter-spaced year read in two.
        assert_eq!(
            docnum_brackets("的通知辽政字[2018156号"),
            "的通知辽政字〔2018〕56号"
        );
        assert_eq!(docnum_brackets("拉政发[20 23]125号"), "拉政发〔2023〕125号");
        assert_eq!(docnum_brackets("拉政发[2023]125号"), "拉政发〔2023〕125号");
        // Brackets around anything else stay as read.
        assert_eq!(docnum_brackets("(2018156号)"), "(2018156号)");
        assert_eq!(docnum_brackets("(2022年8月)"), "(2022年8月)");
        assert_eq!(docnum_brackets("附件[1]"), "附件[1]");
        // A 文号 wrapped after its office.
        assert_eq!(docnum_brackets("[2022】144号)"), "〔2022〕144号)");
        assert_eq!(
            docnum_brackets("措施(甘政发[2022]】88"),
            "措施(甘政发〔2022〕88"
        );
        assert_eq!(docnum_brackets("措施(甘政发[2022】"), "措施(甘政发〔2022〕");
    }

    #[test]
    fn the_state_council_gets_its_name_back() {
        assert_eq!(anchors("到务院办公厅文件"), "国务院办公厅文件");
        assert_eq!(anchors("国务阮办公厅文件"), "国务院办公厅文件");
        assert_eq!(anchors("司务院文件"), "国务院文件");
        assert_eq!(anchors("国务院文件"), "国务院文件");
        // Not a line that is an issuer's: as read.
        assert_eq!(anchors("法律服务院"), "法律服务院");
        assert_eq!(anchors("到务院办公厅文件的通知"), "到务院办公厅文件的通知");
    }

    #[test]
    fn an_underscore_between_a_number_and_a_word_is_a_space() {
        assert_eq!(anchors("2_某某市人民政府公报"), "2 某某市人民政府公报");
        assert_eq!(anchors("某某市人民政府公报_13"), "某某市人民政府公报 13");
        // A blank to fill in stays.
        assert_eq!(gap_underscore("姓名:____年龄:__"), "姓名:____年龄:__");
        assert_eq!(gap_underscore("编号__12"), "编号__12");
    }

    #[test]
    fn a_year_loses_the_point_read_into_it() {
        assert_eq!(year_point("2.021年第16期"), "2021年第16期");
        assert_eq!(year_point("于20.19年印发"), "于2019年印发");
        // An amount of years, or a number that is no year, keeps its point.
        assert_eq!(year_point("延长1.5年"), "延长1.5年");
        assert_eq!(year_point("共3.125年"), "共3.125年");
        assert_eq!(year_point("2019.12年"), "2019.12年");
    }

    #[test]
    fn an_office_gets_its_hall_back() {
        assert_eq!(
            anchors("福建省人民政府办公打关于加强安全生产工作的实施方案"),
            "福建省人民政府办公厅关于加强安全生产工作的实施方案"
        );
        assert_eq!(anchors("省政府办公打文件"), "省政府办公厅文件");
        assert_eq!(office_hall("中共某省委办公打"), "中共某省委办公厅");
        assert_eq!(office_hall("配备办公打印设备"), "配备办公打印设备");
        assert_eq!(office_hall("学院办公打印室"), "学院办公打印室");
    }

    #[test]
    fn a_banners_ornament_read_as_a_letter_goes() {
        assert_eq!(anchors("Q市政府令"), "市政府令");
        assert_eq!(anchors("@ 省政府办公厅文件"), "省政府办公厅文件");
        assert_eq!(anchors("〇自治区政府令"), "自治区政府令");
        // Before what is no banner's name, the letter stays.
        assert_eq!(banner_ornament("Q市人民政府关于"), "Q市人民政府关于");
        assert_eq!(banner_ornament("市政府令"), "市政府令");
    }

    #[test]
    fn a_decree_gets_its_sign_back() {
        assert_eq!(anchors("市政府今"), "市政府令");
        assert_eq!(anchors("某某市人民政府今"), "某某市人民政府令");
        // 今 after what is no office's name, or before more of the line.
        assert_eq!(decree_sign("自成立至今"), "自成立至今");
        assert_eq!(decree_sign("市政府今年"), "市政府今年");
        assert_eq!(decree_sign("市政府令"), "市政府令");
    }

    #[test]
    fn a_decree_number_gets_its_sign_back() {
        assert_eq!(decree_number("保定市人民政府令", "第300芝"), "第300号");
        assert_eq!(decree_number("国务院令", "（第141亏）"), "（第141号）");
        // Under anything but a decree's name, or not a number and one character.
        assert_eq!(decree_number("第五章　法律责任", "第30条"), "第30条");
        assert_eq!(decree_number("保定市人民政府令", "第30条例"), "第30条例");
        assert_eq!(decree_number("保定市人民政府令", "第300号"), "第300号");
    }

    #[test]
    fn a_red_header_gets_its_sign_back() {
        assert_eq!(red_header_sign("甘肃省人民政府藉件"), "甘肃省人民政府文件");
        assert_eq!(red_header_sign("宁乡市人民政府文伴"), "宁乡市人民政府文件");
        // Right as read, or not a red header.
        assert_eq!(red_header_sign("湖北省人民政府文件"), "湖北省人民政府文件");
        assert_eq!(red_header_sign("关于印发某项条件"), "关于印发某项条件");
        assert_eq!(red_header_sign("附件"), "附件");
    }

    #[test]
    fn a_line_that_is_a_date_gets_its_month_and_day_signs_back() {
        assert_eq!(date_line("2022年11闵25和日"), "2022年11月25日");
        assert_eq!(date_line("2022年3吕9日"), "2022年3月9日");
        assert_eq!(date_line(" 2022 年 12 月 20 日 "), "2022年12月20日");
        assert_eq!(date_line("2.023年7月15日"), "2023年7月15日");
        // Not a date: a month or day no calendar has, text around it, a count.
        assert_eq!(date_line("2022年13闵25日"), "2022年13闵25日");
        assert_eq!(date_line("2022年1个32日"), "2022年1个32日");
        assert_eq!(date_line("于2022年11闵25日"), "于2022年11闵25日");
        assert_eq!(date_line("2022年11月25日印发"), "2022年11月25日印发");
        assert_eq!(date_line("2022年第15号"), "2022年第15号");
    }

    #[test]
    fn a_date_gets_its_day_sign_back() {
        assert_eq!(date_day("二〇二二年三月二十目"), "二〇二二年三月二十日");
        assert_eq!(date_day("2022年12月20昌"), "2022年12月20日");
        assert_eq!(date_day("2022年4月 6 曰印发"), "2022年4月 6 日印发");
        assert_eq!(date_day("2022年2月7旧"), "2022年2月7日");
        // Only after a day of the month.
        assert_eq!(date_day("本月目标"), "本月目标");
        assert_eq!(date_day("项目"), "项目");
    }
}
