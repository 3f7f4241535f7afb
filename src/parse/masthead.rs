//! The masthead: gazette name, year, issue number and serial, and the printed facts
//! (主管主办, 编辑出版, 电话 …) from the pages in front of the 目录.

use super::patterns::{parse_number, regex};
use crate::{Error, ErrorKind, Result};

#[derive(Debug, Clone, PartialEq)]
pub struct Masthead {
    pub gazette: String,
    pub year: i32,
    pub number: i32,
    pub serial: Option<i32>,
    /// The issue number as printed: 第8期, 第17号.
    pub number_label: String,
    /// The serial as printed: 总第185期, 总号：1668.
    pub serial_label: Option<String>,
    pub facts: Vec<(String, String)>,
}

/// Reads the masthead from the lines of the front pages (cover, masthead page, 目录),
/// running heads included: on a cover they may be all that prints the issue number.
pub fn read(front: &[String]) -> Result<Masthead> {
    let text = front.join("\n");
    let gazette = regex!(r"([\p{Han}]{2,30}公报)")
        .captures(&text)
        .map(|c| c[1].to_string());
    // A combined issue (合刊) prints a range, `第1—2期` or `第11、12期`: it is filed
    // under its first number and keeps the range in its label. The year may stand on
    // a line of its own above the number, and may be printed in Chinese (二〇二一年).
    let with_year = regex!(
        r"(?P<year>\d{4}|[〇零○一二三四五六七八九]{4})年?\s*第\s*(?P<first>[0-9一二三四五六七八九十百]+)(?:\s*(?P<sep>[—–\-~～、，,])\s*(?P<last>[0-9一二三四五六七八九十百]+))?\s*(?P<unit>[期号])"
    )
    .captures(&text);
    let issue = with_year.or_else(|| {
        regex!(
            r"(?:^|[^总])第\s*(?P<first>[0-9一二三四五六七八九十百]+)(?:\s*(?P<sep>[—–\-~～、，,])\s*(?P<last>[0-9一二三四五六七八九十百]+))?\s*(?P<unit>[期号])"
        )
        .captures(&text)
    });
    let year = issue
        .as_ref()
        .and_then(|c| c.name("year"))
        .map(|m| m.as_str())
        .or_else(|| {
            regex!(r"(?m)^(\d{4}|[〇零○一二三四五六七八九]{4})年?$|(\d{4}|[〇零○一二三四五六七八九]{4})年")
                .captures(&text)
                .and_then(|c| c.get(1).or_else(|| c.get(2)))
                .map(|m| m.as_str())
        })
        .and_then(parse_number)
        .and_then(|y| i32::try_from(y).ok());
    let number = issue.as_ref().and_then(|c| parse_number(&c["first"]));
    let unit = issue
        .as_ref()
        .map_or("期", |c| c.name("unit").map_or("期", |m| m.as_str()));
    let range = issue.as_ref().and_then(|c| {
        let last = parse_number(c.name("last")?.as_str())?;
        Some(format!("{}{last}", c.name("sep")?.as_str()))
    });
    let serial = regex!(r"总第\s*(\d+)\s*([期号])?|总号\s*[：:]?\s*(\d+)")
        .captures(&text)
        .and_then(|c| match (c.get(1), c.get(3)) {
            (Some(n), _) => {
                let serial_unit = c.get(2).map_or(unit, |u| u.as_str());
                let n: i32 = n.as_str().parse().ok()?;
                Some((n, format!("总第{n}{serial_unit}")))
            }
            (None, Some(n)) => {
                let n: i32 = n.as_str().parse().ok()?;
                Some((n, format!("总号：{n}")))
            }
            _ => None,
        });
    let (Some(gazette), Some(year), Some(number)) = (gazette, year, number) else {
        return Err(Error::new(
            ErrorKind::NotAGazette,
            "this PDF does not look like a gazette issue: no masthead with the gazette's \
             name, year and issue number (第N期 / 第N号) was found on its first pages",
        ));
    };
    let facts = front
        .iter()
        .filter_map(|line| {
            let c = regex!(r"^([\p{Han}A-Za-z][\p{Han}A-Za-z\-]{0,7})\s*[：:]\s*(\S.*)$")
                .captures(line)?;
            Some((c[1].to_string(), c[2].trim().to_string()))
        })
        .collect();
    Ok(Masthead {
        gazette,
        year,
        number: number as i32,
        serial: serial.as_ref().map(|(n, _)| *n),
        number_label: format!("第{number}{}{unit}", range.unwrap_or_default()),
        serial_label: serial.map(|(_, label)| label),
        facts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(texts: &[&str]) -> Vec<String> {
        texts.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn reads_period_style() {
        let m = read(&paras(&[
            "聊城市人民政府公报",
            "2018",
            "第8期（总第185期）",
            "主管主办：聊城市人民政府",
            "E-mail：lcszfgb@163.com",
            "目录",
        ]))
        .expect("masthead");
        assert_eq!(m.gazette, "聊城市人民政府公报");
        assert_eq!((m.year, m.number, m.serial), (2018, 8, Some(185)));
        assert_eq!(m.number_label, "第8期");
        assert_eq!(m.serial_label.as_deref(), Some("总第185期"));
        assert_eq!(m.facts.len(), 2);
        assert_eq!(m.facts[1], ("E-mail".into(), "lcszfgb@163.com".into()));
    }

    /// A combined issue (合刊) is filed under its first number and named by its range,
    /// with the year beside the number or on a line of its own.
    #[test]
    fn reads_a_combined_issue() {
        let m = read(&paras(&["某某市人民政府公报", "2019年第1—2期（合刊）"])).expect("masthead");
        assert_eq!((m.year, m.number), (2019, 1));
        assert_eq!(m.number_label, "第1—2期");
        let m = read(&paras(&[
            "某某省人民政府公报",
            "2020",
            "第十一、十二期",
            "总第305期",
        ]))
        .expect("masthead");
        assert_eq!((m.year, m.number, m.serial), (2020, 11, Some(305)));
        assert_eq!(m.number_label, "第11、12期");
        let m = read(&paras(&["某某县人民政府公报", "2021年第23-24号"])).expect("masthead");
        assert_eq!((m.number, m.number_label.as_str()), (23, "第23-24号"));
        let m = read(&paras(&["某某县人民政府公报", "二〇二一年第五期"])).expect("masthead");
        assert_eq!((m.year, m.number), (2021, 5));
        let m = read(&paras(&["某某县人民政府公报", "二〇一九", "第十二期"])).expect("masthead");
        assert_eq!((m.year, m.number), (2019, 12));
    }

    #[test]
    fn reads_number_style() {
        let m = read(&paras(&[
            "山东省人民政府公报",
            "2018年第17号（总号：1668）",
        ]))
        .expect("masthead");
        assert_eq!(m.gazette, "山东省人民政府公报");
        assert_eq!((m.year, m.number, m.serial), (2018, 17, Some(1668)));
        assert_eq!(m.number_label, "第17号");
        assert_eq!(m.serial_label.as_deref(), Some("总号：1668"));
    }

    #[test]
    fn rejects_text_without_masthead() {
        let e = read(&paras(&["一、总体要求", "为加强我市政务诚信建设。"])).unwrap_err();
        assert_eq!(e.kind, ErrorKind::NotAGazette);
    }
}
