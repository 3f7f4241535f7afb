//! The few misreadings OCR makes of the characters the parser anchors on, mended
//! where the printed rule leaves one reading: a 文号's brackets, a date's 〇, month and
//! 日 (and those of a line that is a date alone) and a red header's 文件. What the
//! issue's own province mends is `province`'s.

use crate::layout::{regex, without_spaces};
use crate::parse::patterns::{is_office_name, section_banner};
use crate::script::is_han;

/// A line of OCR text with every mending below applied, in this order: a later one
/// reads what an earlier one gave back (a date line's 〇, a 文号's brackets).
pub(super) fn anchors(text: &str) -> String {
    let mendings: [fn(&str) -> String; 24] = [
        opening_stop,
        enumeration_comma,
        gap_underscore,
        range_dash,
        leader_dot,
        leader_dots_as_han,
        attachment_number,
        year_point,
        office_hall,
        appointments,
        state_council,
        docnum_number_signs,
        decree_sign,
        banner_ornament,
        banner_brackets,
        gap_quotes,
        docnum_opening,
        docnum_brackets,
        letter_sign,
        chinese_year_zero,
        date_month,
        date_day,
        red_header_sign,
        date_line,
    ];
    mendings
        .iter()
        .fold(text.to_string(), |text, mend| mend(&text))
}

/// Gives a range of Arabic numbers its dash back where OCR read it as 一
/// (`2019年第23一24期` for a combined issue's `第23—24期`): no Chinese numeral stands
/// between two Arabic ones.
fn range_dash(text: &str) -> String {
    regex!(r"(\d)\s*一\s*(\d)")
        .replace_all(text, "$1—$2")
        .into_owned()
}

/// Gives a 目录 entry its one leader dot back where OCR read it as a colon
/// (`…（国办函〔2020〕121号）:8`): a title whose 文号 fills the line leaves room for
/// one dot before the page number, and a colon after a closing bracket ends no line
/// with a number after it.
fn leader_dot(text: &str) -> String {
    regex!(r"([)）])\s*[:：]\s*(\d{1,3})\s*$")
        .replace(text, "$1·$2")
        .into_owned()
}

/// Gives a 目录 leader of spaced dots its dots back where OCR read them as Han
/// characters (`…的通知多多多多`, each `·` with the blank after it taken for a 多): no
/// word repeats one character three times, and a leader ends its line or stands
/// before the page number.
fn leader_dots_as_han(text: &str) -> String {
    regex!(r"多{3,}(\s*\d{0,3}\s*)$")
        .replace(text, |found: &regex::Captures| {
            let dots = found[0].chars().filter(|&c| c == '多').count();
            format!("{}{}", "·".repeat(dots), &found[1])
        })
        .into_owned()
}

/// Gives the first number of a 附件 list its point back. With more than one
/// attachment, each is numbered and the number followed by a full-width point
/// (`附件：1．名称`, GB/T 9704-2012, 7.3.3); OCR loses the small point, or reads it
/// as a mark (`附件:1]．`, `附件:1*`). Without it the items after the first
/// (`2．名称`) read as clauses. A number of one or two digits right before a name is
/// the sequence number; a year or a count (`附件：3个`) is not touched.
fn attachment_number(text: &str) -> String {
    let number =
        regex!(r"^(\s*附件\s*[：:]\s*)(\d{1,2})\s*([\]\[|*'‘’`丨lI]?)\s*([.．、,，]?)\s*(\p{Han})");
    let Some(found) = number.captures(text) else {
        return text.to_string();
    };
    let read_right = found[3].is_empty() && matches!(&found[4], "." | "．" | "、");
    if read_right || "年月日号个项期件份条".contains(&found[5]) {
        return text.to_string();
    }
    let name = found.get(5).map_or(text.len(), |m| m.start());
    format!("{}{}．{}", &found[1], &found[2], &text[name..])
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

/// Takes off a stop or comma read at the start of a line before a Han character
/// (`.寿光市人民政府`, a speck read with the title's first glyphs): GB/T 15834 sets
/// no full stop, comma or colon at the head of a line.
fn opening_stop(text: &str) -> String {
    regex!(r"^\s*[。，、；：？！.,;:!?]{1,3}\s*(\p{Han})")
        .replace(text, "$1")
        .into_owned()
}

/// Gives a first-level heading its enumeration comma back where only a blank was read
/// after its numeral (`一 工作目标`, the comma lost in a bold face): GB/T 9704 numbers
/// such a heading `一、`, and no line opens with a numeral standing apart from its
/// word otherwise. A numeral before a year's, a month's or a day's is a date
/// (`二 〇二二年`).
fn enumeration_comma(text: &str) -> String {
    regex!(r"^(\s*[一二三四五六七八九十]{1,3})[ \t　]+(\p{Han})")
        .replace(text, |found: &regex::Captures| {
            if "〇零一二三四五六七八九十年月日".contains(&found[2]) {
                found[0].to_string()
            } else {
                format!("{}、{}", &found[1], &found[2])
            }
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
/// (`福建省人民政府办公打关于`, `省政府办公打文件`) or the 所 it shares a frame with
/// (`江苏省人民政府办公所`): after a government, a Party committee or a 院, 办公 is
/// an office's name and ends in 厅 or 室. Only there: a print job (`办公打印`) or a
/// place (`政府办公所在地`) follows no office.
fn office_hall(text: &str) -> String {
    regex!(r"(政府|委|院)办公[打所]([^印在]|$)")
        .replace_all(text, "${1}办公厅${2}")
        .into_owned()
}

/// Gives 人事任免 (appointments and removals, a section banner and a title's words)
/// its 人 back where OCR read its mirror 入: 入事 is no word.
fn appointments(text: &str) -> String {
    text.replace("入事任免", "人事任免")
}

/// Takes off a section banner's ornament read as a letter, a numeral ring or quote
/// marks (`Q市政府令`, `QO市政府令`, `e市政府令`, `〇自治区政府令`, `e”部门文件` for
/// `◎ 市政府令`): before the whole of a banner's name, one or two Latin letters or
/// signs are the ornament; read into the line, it makes the banner a decree's name
/// unknown to the parser.
fn banner_ornament(text: &str) -> String {
    let (ornament, rest) = split_ornament(text);
    let name = rest.trim();
    let banner = regex!(r"^\p{Han}{2,12}$").is_match(name) && section_banner(name);
    if banner && !ornament.trim().is_empty() {
        name.to_string()
    } else {
        text.to_string()
    }
}

/// A line split after what OCR may have read of a section banner's ornament (◎) at
/// its start: up to two Latin letters, rings, quote marks or a 、 (`Q`, `QO`, `e”`,
/// `Oa`, `O、`); no line of text opens with them before a Han character.
fn split_ornament(text: &str) -> (&str, &str) {
    let mark = regex!(r#"^\s*(?:[A-Za-z0@©◎〇○●”“"'、]\s*){0,2}"#);
    text.split_at(mark.find(text).map_or(0, |m| m.end()))
}

/// Gives a section banner set in brackets its pair back where OCR misread or lost one
/// (`【人事任免)`, `[国务院令`): a banner's name (`section_banner`) alone on its line
/// with a bracket at one end is the banner, and a banner is known by its pair.
fn banner_brackets(text: &str) -> String {
    let banner = regex!(r"^\s*([【\[〖(（]?)\s*(\p{Han}{2,12})\s*([】\]〗)）|]?)\s*$");
    match banner.captures(text) {
        Some(found)
            if section_banner(&found[2]) && !(found[1].is_empty() && found[3].is_empty()) =>
        {
            format!("【{}】", &found[2])
        }
        _ => text.to_string(),
    }
}

/// Characters OCR reads for a decree's 令: 今 a stroke away from it in a Song face;
/// in a bold or Hei face, where 令's lower half closes, 合, 命, 全, 人, 个, 兮 or a
/// wider character it runs into the bracket or a speck beside it (倒, 售, 爸, 邻).
const DECREE_SIGN_MISREADS: &str = "今合命全人个兮倒售爸邻";

/// Gives a decree's sign its 令 back where OCR read another character for it: in a
/// line that is an office's name and one of `DECREE_SIGN_MISREADS`, alone or in
/// brackets (`市政府今`, a running head; `【国务院倒】`, a banner;
/// `中华人民共和国国务院合`, a decree's name), and in any character between an
/// office's name and a decree's number (`山西省人民政府合（第65号）`,
/// `交通运输部人第186号`): nothing else stands between them, but the 会 or 议 that
/// ends a committee's or a meeting's name.
fn decree_sign(text: &str) -> String {
    // A banner's ornament may stand before it still (`banner_ornament` comes after).
    let (ornament, rest) = split_ornament(text);
    let alone = regex!(r"^([【\[〖(（]?\s*)(\p{Han}{2,30})(\p{Han})(\s*[】\]〗)）]?\s*)$");
    if let Some(found) = alone.captures(rest) {
        let sign = found[3].chars().next().unwrap_or('令');
        if DECREE_SIGN_MISREADS.contains(sign) && is_office_name(&found[2]) {
            return format!("{ornament}{}{}令{}", &found[1], &found[2], &found[4]);
        }
    }
    let numbered = regex!(r"(\p{Han}{2,30}?)(\p{Han})(\s*[（(]?\s*第\s*\d{1,5}\s*号)");
    numbered
        .replace_all(text, |found: &regex::Captures| {
            let sign = found[2].chars().next().unwrap_or('令');
            if names_decree(&found[1], sign) {
                format!("{}令{}", &found[1], &found[3])
            } else {
                found[0].to_string()
            }
        })
        .into_owned()
}

/// Gives a decree's name its 令 back whatever OCR read for it (`中华人民共和国国务院邻`),
/// when the line under it is a decree's number (`第443号`): a line that is an office's
/// name and one character more, above 第N号, names a decree (GB/T 9704-2012, 10.3).
pub(super) fn decree_name(text: &str, below: &str) -> String {
    let number = regex!(r"^\s*[（(]?\s*第\s*\d{1,5}\s*\p{Han}\s*[）)]?\s*$");
    let chars: Vec<char> = text.trim().chars().collect();
    match chars.split_last() {
        Some((sign, office)) if number.is_match(below) && *sign != '令' && is_han(*sign) => {
            let office: String = office.iter().collect();
            if names_decree(&office, *sign) {
                format!("{office}令")
            } else {
                text.to_string()
            }
        }
        _ => text.to_string(),
    }
}

/// Whether `office` and the character read after it name a decree: an office's name
/// and anything but the 会 or 议 that ends a committee's or a meeting's name.
fn names_decree(office: &str, sign: char) -> bool {
    !"会议".contains(sign) && is_office_name(office)
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

/// Takes out of a 文号's number the points, colons and the one Han character OCR read
/// into it from specks (`天政发[2020]12.0:号` for 120号, `[2019]7了4号`): between a
/// year's closing bracket and 号 stand digits only; so do they between a decree's 第
/// and 号 (`第;557号`), where a bar or the letter I, l or L among the digits is a 1
/// read in a Hei face (`第L81号`) and a round O or 〇 is a 0 (`第3O〇0号`).
/// Before `decree_sign`, which knows a decree by its number.
fn docnum_number_signs(text: &str) -> String {
    let text =
        regex!(r"((?:19|20)\d{2}\s*[\]】)）〕］》」])\s*(\d+)(?:[.:：·,，]+|\p{Han}(\d))(\d*)[.:：·,，]*\s*号")
            .replace_all(text, "${1}${2}${3}${4}号");
    let text = regex!(r"第\s*[.:：·,，;；]+\s*(\d{1,5})\s*号").replace_all(&text, "第${1}号");
    regex!(r"第(\s*[IlL|Oo〇]{0,2}\d[\dIlL|Oo〇]{0,4}\s*)号")
        .replace_all(&text, |found: &regex::Captures| {
            let number: String = found[1]
                .chars()
                .map(|c| match c {
                    'I' | 'l' | 'L' | '|' => '1',
                    'O' | 'o' | '〇' => '0',
                    c => c,
                })
                .collect();
            format!("第{number}号")
        })
        .into_owned()
}

/// Gives a 文号's year its 〔〕 back: OCR reads the hexagonal brackets as whatever
/// bracket looks closest, once or twice over (`宁政发【2022]85号`, `(2022]`, `(2022]】`,
/// `[2021】]】`, `【[2023】`, `[2023」]`, `《2017)`), the closing one as a `1`
/// (`[2018156号`) or not at all (`(202165号`, `桐政发2021)】65号`), and splits a
/// letter-spaced year (`[20 23]`); the parser, which takes every bracket style printers use, does
/// not take a mixed pair. Only a bracketed four-digit year after Han characters (or at
/// the start of a line, where a 文号 wraps) and before a number with 号 (or ending the
/// line, with or without its number, where the 文号 wraps) is touched. A year is four
/// digits, so a `1` between an office's opened year and a number with 号 is the
/// bracket, and a number run on from the year is the 文号's own.
fn docnum_brackets(text: &str) -> String {
    let pattern = regex!(
        r"(^|\p{Han})\s*[\[【(（〔［《「]{1,2}\s*((?:19|20)\s?\d\s?\d)\s*(?:[\]】)）〕］》」]{1,3}\s*(?:(\d+)\s*(号)|(\d*)\s*$)|[1lI|](\d+)\s*(号)|(\d+)\s*(号))"
    );
    // The opening bracket lost (`桐政发2021)】65号`): a year after Han characters and
    // before a closing bracket and a number with 号 is a 文号's.
    let unopened =
        regex!(r"(\p{Han})\s*((?:19|20)\s?\d\s?\d)\s*[\]】)）〕］》」]{1,3}\s*(\d+\s*号)");
    let text = unopened.replace_all(text, |found: &regex::Captures| {
        format!(
            "{}〔{}〕{}",
            &found[1],
            without_spaces(&found[2]),
            &found[3]
        )
    });
    // A 目录 line wrapped inside the year (`…(某政发【201` | `9]】112号)`): the
    // bracket ending the one line and the one opening the next are the year's.
    let wrapped_open = regex!(r"(\p{Han}{2})\s*[\[【(（〔［《「]{1,2}\s*([12]\d{1,2})$");
    let text = wrapped_open.replace(&text, "${1}〔${2}");
    let wrapped_close = regex!(r"^(\d{1,3})\s*[\]】)）〕］》」]{1,3}\s*(\d+\s*号)");
    let text = wrapped_close.replace(&text, "${1}〕${2}");
    pattern
        .replace_all(&text, |found: &regex::Captures| {
            let part = |i| found.get(i).map_or("", |m| m.as_str());
            // Read as a `1` or lost, the bracket needs its office before it to be one.
            let unbracketed = !part(6).is_empty() || !part(8).is_empty();
            if part(1).is_empty() && unbracketed {
                return part(0).to_owned();
            }
            let year = without_spaces(part(2));
            let rest: String = (3..=9).map(part).collect();
            format!("{}〔{year}〕{rest}", part(1))
        })
        .into_owned()
}

/// Characters OCR reads for 函 (a letter, GB/T 9704's 文种 and the code letters
/// mark in a 文号) in a Hei face, whose closed frame it takes for 画's or 男's, and in
/// a Song face whose frame it loses, reading only the 了 above it or a 六 for its
/// strokes inside.
const LETTER_MISREADS: &str = "画瑟本男凶了六";

/// Gives a letter its 函 back where OCR read another character for it: as the last
/// character of a 文号's code (`晋政瑟〔2019〕31号`, `国办画〔2015〕98号`), where no
/// code letter is any of `LETTER_MISREADS`, or read in two, its 了 and what its frame
/// holds (`豫政了尔〔2020〕39号`), and as the 文种 ending a title
/// (`关于同意建立南通市城南新区联席会议制度的画`), which is one of GB/T 9704's
/// fifteen kinds.
fn letter_sign(text: &str) -> String {
    let coded = regex!(r"(\p{Han})(了\p{Han}|\p{Han})(\s*〔\s*(?:19|20)\d{2}\s*〕)");
    let text = coded.replace_all(text, |found: &regex::Captures| {
        let letter = found[2].chars().next().unwrap_or('函');
        if LETTER_MISREADS.contains(letter) {
            format!("{}函{}", &found[1], &found[3])
        } else {
            found[0].to_string()
        }
    });
    let titled = regex!(r"^(.*关于\p{Han}*的)(\p{Han})(\s*(?:[（(].*)?)$");
    match titled.captures(&text) {
        Some(found) if found[2].chars().all(|c| LETTER_MISREADS.contains(c)) => {
            format!("{}函{}", &found[1], &found[3])
        }
        _ => text.into_owned(),
    }
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
mod tests;
