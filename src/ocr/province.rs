//! What the issue's own province mends in OCR text: the province's name where an
//! office is named (`寺商省人民政府` in a Gansu issue) and the code that opens its
//! government's 文号s (`间政字〔2021〕82号` in Fujian's gazette). Both are read once
//! for the whole issue, from the names its pages print again and again.

use crate::layout::regex;

/// A provincial-level division: its name, what follows the name in its
/// government's (`福建省人民政府`), and the character that opens that government's
/// 文号s, its issuer code under GB/T 9704 (`闽政字〔2021〕82号`).
struct Division {
    name: &'static str,
    level: &'static str,
    code: char,
}

const fn division(name: &'static str, level: &'static str, code: char) -> Division {
    Division { name, level, code }
}

const DIVISIONS: [Division; 32] = [
    division("北京", "市", '京'),
    division("天津", "市", '津'),
    division("上海", "市", '沪'),
    division("重庆", "市", '渝'),
    division("河北", "省", '冀'),
    division("山西", "省", '晋'),
    division("辽宁", "省", '辽'),
    division("吉林", "省", '吉'),
    division("黑龙江", "省", '黑'),
    division("江苏", "省", '苏'),
    division("浙江", "省", '浙'),
    division("安徽", "省", '皖'),
    division("福建", "省", '闽'),
    division("江西", "省", '赣'),
    division("山东", "省", '鲁'),
    division("河南", "省", '豫'),
    division("湖北", "省", '鄂'),
    division("湖南", "省", '湘'),
    division("广东", "省", '粤'),
    division("海南", "省", '琼'),
    division("四川", "省", '川'),
    division("贵州", "省", '黔'),
    division("云南", "省", '云'),
    division("陕西", "省", '陕'),
    division("甘肃", "省", '甘'),
    division("青海", "省", '青'),
    division("台湾", "省", '台'),
    division("内蒙古", "自治区", '内'),
    division("广西", "壮族自治区", '桂'),
    division("西藏", "自治区", '藏'),
    division("宁夏", "回族自治区", '宁'),
    division("新疆", "维吾尔自治区", '新'),
];

/// The provinces (省): the place before 省 in an office's name is one of them.
fn provinces() -> impl Iterator<Item = &'static str> {
    DIVISIONS.iter().filter(|d| d.level == "省").map(|d| d.name)
}

/// The province an issue's lines name most, at least three times (its masthead, red
/// headers and signatures do): the one a misread province in the issue stands for.
pub(super) fn issue_province<'a>(lines: impl Iterator<Item = &'a str>) -> Option<&'static str> {
    most_named(lines, 3, |d| {
        (d.level == "省").then(|| format!("{}省", d.name))
    })
    .map(|d| d.name)
}

/// Gives an office of the issue's province its name back where OCR misread the
/// province's two characters (`寺商省人民政府办公厅关于…`): two characters before
/// 省人民政府 or 省委 that name no province cannot be a place, and in an issue that
/// names its own province throughout they are that one. Only an office's name where
/// one starts (a line, or after a separator or 中共) is touched.
pub(super) fn office_province(text: &str, province: &str) -> String {
    if province.chars().count() != 2 {
        return text.to_string();
    }
    let office = regex!(r"(^|[、，,（(\s“”]|中共)(\p{Han}{2})(省(?:人民政府|委))");
    office
        .replace_all(text, |found: &regex::Captures| {
            if provinces().any(|p| p == &found[2]) {
                found[0].to_string()
            } else {
                format!("{}{province}{}", &found[1], &found[3])
            }
        })
        .into_owned()
}

/// The issuer code of the division whose government publishes the issue: the one
/// whose gazette (`福建省人民政府公报`) the lines name at least twice, as a cover and
/// running heads do. A city's gazette names no division's.
pub(super) fn publisher_code<'a>(lines: impl Iterator<Item = &'a str>) -> Option<char> {
    most_named(lines, 2, |d| {
        Some(format!("{}{}人民政府公报", d.name, d.level))
    })
    .map(|d| d.code)
}

/// Gives a 文号 of the publishing government (`某政发`, `某府办`, `某政字`…) its code
/// back where OCR misread it (`间政字`, `韶政办发`, `痿政办发` for 闽): a code no
/// division and no central office (国, 中) uses cannot open such a 文号 in a
/// provincial gazette, which prints its own government's documents. Nor can another
/// division's code (`闽政字` for 赣) open a 文号 that stands alone on its line, as a
/// document's own and a 目录 entry's do: a gazette prints no other province's
/// documents. One in a sentence (a document cited) is left as read, and so is a
/// department's 文号 (`闽财规`).
pub(super) fn docnum_code(text: &str, code: char) -> String {
    let docnum = docnum_pattern();
    let alone = regex!(
        r"^\s*[（(]?\s*\p{Han}[政府办][发办字文函电明规令任复]{0,3}\s*[〔\[【(（［][^〔\[【(（［]{4,8}号\s*[）)]?\s*(?:[.．…·\s]+\d{1,4})?\s*$"
    )
    .is_match(text);
    docnum
        .replace_all(text, |found: &regex::Captures| {
            let read = found[1].chars().next().unwrap_or(code);
            let central = read == '国' || read == '中';
            let division = DIVISIONS.iter().any(|d| d.code == read);
            if central || (division && !alone) {
                found[0].to_string()
            } else {
                format!("{code}{}", &found[2])
            }
        })
        .into_owned()
}

/// A government's 文号 up to its year: the issuer code (first group) and the rest
/// (second group).
pub(super) fn docnum_pattern() -> &'static regex::Regex {
    regex!(
        r"(\p{Han})([政府办][发办字文函电明规令任复]{0,3}\s*[〔\[【(（［]\s*(?:19|20)\d{2}\s*[〕\]】)）］])"
    )
}

/// The division named most often in the lines, as `spell` spells it (None: not
/// one to look for), when named at least `least` times.
fn most_named<'a>(
    lines: impl Iterator<Item = &'a str>,
    least: usize,
    spell: impl Fn(&Division) -> Option<String>,
) -> Option<&'static Division> {
    let patterns: Vec<(&'static Division, String)> = DIVISIONS
        .iter()
        .filter_map(|d| Some((d, spell(d)?)))
        .collect();
    let mut counts = vec![0usize; patterns.len()];
    for line in lines {
        for (count, (_, spelled)) in counts.iter_mut().zip(&patterns) {
            *count += line.matches(spelled.as_str()).count();
        }
    }
    let (at, count) = counts.iter().enumerate().max_by_key(|(_, count)| **count)?;
    (*count >= least).then_some(patterns[at].0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_office_gets_the_issue_province_back() {
        let lines = [
            "甘肃省人民政府公报",
            "甘肃省人民政府文件",
            "甘肃省人民政府",
            "山东省人民政府",
        ];
        let province = issue_province(lines.into_iter());
        assert_eq!(province, Some("甘肃"));
        assert_eq!(
            office_province("寺商省人民政府办公厅关于扎实推进", "甘肃"),
            "甘肃省人民政府办公厅关于扎实推进"
        );
        assert_eq!(
            office_province("中共计商省委办公厅、”上甘省人民政府办公厅", "甘肃"),
            "中共甘肃省委办公厅、”甘肃省人民政府办公厅"
        );
        // Another province, or 省 in a word, is left as it is.
        assert_eq!(
            office_province("根据山东省人民政府的通知", "甘肃"),
            "根据山东省人民政府的通知"
        );
        assert_eq!(office_province("山东省人民政府", "甘肃"), "山东省人民政府");
        assert_eq!(office_province("以节省政府开支", "甘肃"), "以节省政府开支");
        // Too few mentions to know the issue's province.
        assert_eq!(issue_province(["甘肃省人民政府"].into_iter()), None);
    }

    #[test]
    fn a_government_docnum_gets_its_code_back_in_its_provinces_gazette() {
        let lines = [
            "福建省人民政府公报",
            "福建省人民政府文件",
            "2021年第6期 福建省人民政府公报",
            "广东省人民政府公报",
        ];
        assert_eq!(publisher_code(lines.into_iter()), Some('闽'));
        assert_eq!(
            docnum_code("间政字〔2021〕82号……4", '闽'),
            "闽政字〔2021〕82号……4"
        );
        assert_eq!(
            docnum_code("韶政办发〔2021〕16号", '闽'),
            "闽政办发〔2021〕16号"
        );
        assert_eq!(
            docnum_code("实施意见(痿政办发[2021]46号)", '闽'),
            "实施意见(闽政办发[2021]46号)"
        );
        // A code of a division or of a central office, a department's 文号, a year
        // in a sentence: as read.
        assert_eq!(
            docnum_code("闽政办发〔2021〕16号", '闽'),
            "闽政办发〔2021〕16号"
        );
        assert_eq!(
            docnum_code("依据粤府办〔2021〕3号规定", '闽'),
            "依据粤府办〔2021〕3号规定"
        );
        // Another division's code opening a 文号 alone on its line, a document's or
        // a 目录 entry's, is the province's own misread.
        assert_eq!(docnum_code("闽政字〔2021〕1号", '赣'), "赣政字〔2021〕1号");
        assert_eq!(
            docnum_code("(闽政办发〔2021〕9号)……4", '赣'),
            "(赣政办发〔2021〕9号)……4"
        );
        assert_eq!(docnum_code("国办发〔2021〕3号", '赣'), "国办发〔2021〕3号");
        assert_eq!(docnum_code("国办发〔2021〕3号", '闽'), "国办发〔2021〕3号");
        assert_eq!(docnum_code("间财规〔2021〕3号", '闽'), "间财规〔2021〕3号");
        assert_eq!(docnum_code("省政府(2021年)", '闽'), "省政府(2021年)");
        // A city's gazette, or a gazette named once, gives no code.
        let city = ["佛山市人民政府公报", "佛山市人民政府公报", "广东省人民政府"];
        assert_eq!(publisher_code(city.into_iter()), None);
        assert_eq!(publisher_code(["福建省人民政府公报"].into_iter()), None);
        let region = ["内蒙古自治区人民政府公报", "内蒙古自治区人民政府公报"];
        assert_eq!(publisher_code(region.into_iter()), Some('内'));
    }
}
