//! The 目录: its sections (in whatever decoration: `◎ 市政府文件`, `【国务院令】`, or
//! plain) and entries (a title that may wrap, a 文号 on its own line or in brackets
//! after the title, the printed page after dot leaders).

use super::patterns::{find_doc_number, regex};
use crate::layout::{normalize_text, PageLayout};
use crate::model::{TextLine, TocEntry, TocSection};

/// `目录`, `目 录`, `本期目录`, `本期要目`, `目次`: the heading that opens the contents.
pub fn is_toc_heading(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    matches!(
        t.as_str(),
        "目录" | "本期目录" | "要目" | "本期要目" | "目次" | "目錄"
    )
}

/// The contents and the PDF pages (1-based) they occupy.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Toc {
    pub sections: Vec<TocSection>,
    pub pdf_pages: Vec<u32>,
}

/// Dot leaders between a 目录 title and its page number.
const LEADERS: &[char] = &['.', '．', '…', '·', '•', '‥', '_', '・', '⋯'];

/// An entry's last line: text, then dot leaders or spacing, then the page number.
/// Where leaders run out (a word processor's tab leader on a full line) the number
/// may follow the closing bracket of a 文号 or date directly (`…5号）7`); where they
/// wrap, it may stand alone on the next line.
fn entry_end(text: &str) -> Option<(String, u32)> {
    let t = text.trim();
    let body = t.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = &t[body.len()..];
    if digits.is_empty() || digits.len() > 4 {
        return None;
    }
    let separated = body.is_empty()
        || body.ends_with(|c: char| c.is_whitespace() || LEADERS.contains(&c))
        || closes_bracket(body);
    let title = body.trim_end_matches(|c: char| c.is_whitespace() || LEADERS.contains(&c));
    if !separated {
        return None;
    }
    Some((title.to_string(), digits.parse().ok()?))
}

/// Text ending in a closing bracket that a page number may follow: not the year of a
/// 文号 wrapped after it (`（鞍政函（2021）` / `131号）`), whose number goes on.
fn closes_bracket(text: &str) -> bool {
    text.ends_with(['）', ')']) && !regex!(r"[（(]\d{4}[）)]$").is_match(text)
}

/// A section heading by its decoration: `◎ 市政府文件`, `【国务院令】`, `■ 部门文件`.
pub fn decorated_section(text: &str) -> Option<String> {
    let c =
        regex!(r"^(?:[◎●○■□◆◇★☆▲△▪◉]\s*(.+?)|【(.+?)】|〖(.+?)〗|\[(.+?)\])\s*$").captures(text)?;
    let inner = c.iter().skip(1).flatten().next()?.as_str();
    Some(normalize_text(inner))
}

/// Finds the 目录 and reads it. Returns an empty contents when the issue prints none.
pub fn read(pages: &[PageLayout]) -> Toc {
    // A heading set with wide letter spacing (`目　　录`) is two pieces of one row.
    let Some(first) = pages
        .iter()
        .position(|p| rows(&p.lines).iter().any(|l| is_toc_heading(&l.text)))
    else {
        return Toc::default();
    };
    // The contents go on over following pages as long as those are mostly entry lines.
    let mut last = first;
    while let Some(next) = pages.get(last + 1) {
        let rows = rows(&next.lines);
        let ends = rows.iter().filter(|l| entry_end(&l.text).is_some()).count();
        if ends < 3 || ends * 3 < rows.len() || next.printed.is_some() {
            break;
        }
        last += 1;
    }
    let rows: Vec<TextLine> = pages[first..=last]
        .iter()
        .flat_map(|p| rows(&p.lines))
        .collect();
    let lines: Vec<&TextLine> = rows
        .iter()
        .skip_while(|l| !is_toc_heading(&l.text))
        .skip(1)
        .collect();
    Toc {
        sections: entries(&lines),
        pdf_pages: pages[first..=last].iter().map(|p| p.pdf_page).collect(),
    }
}

/// The lines of a 目录 page with the pieces of one baseline joined, left to right,
/// by a space: a page number set apart at the right margin without leaders, or a
/// 文号's bracket pushed to the end of the line, is layout's separate line but the
/// entry's end. The page is read top to bottom again first: on a two-column issue
/// layout reads a number right of the gutter after the whole left column.
fn rows(lines: &[TextLine]) -> Vec<TextLine> {
    let mut sorted: Vec<&TextLine> = lines.iter().collect();
    sorted.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x0.total_cmp(&b.x0)));
    let mut out: Vec<TextLine> = Vec::with_capacity(lines.len());
    for l in sorted {
        // A row that already ends an entry is complete: beside it on the same
        // baseline stands the next column of a 目录 set in two. A masthead fact
        // (`地址：…`) set in a box beside the contents stays apart too.
        let row = out.last_mut().filter(|row| {
            (row.y - l.y).abs() < row.size.min(l.size) * 0.3
                && entry_end(&row.text).is_none()
                && !is_fact(&row.text)
                && !is_fact(&l.text)
        });
        match row {
            Some(row) if l.x0 >= row.x1 => {
                row.text = format!("{} {}", row.text, l.text);
                row.x1 = l.x1;
            }
            Some(row) if l.x1 <= row.x0 => {
                row.text = format!("{} {}", l.text, row.text);
                row.x0 = l.x0;
            }
            _ => out.push(l.clone()),
        }
    }
    out
}

/// A masthead fact (`地址：…`, `电话：…`): masthead pages may carry the contents.
fn is_fact(text: &str) -> bool {
    regex!(r"^[\p{Han}A-Za-z]{1,8}[：:]").is_match(text.trim())
}

fn entries(lines: &[&TextLine]) -> Vec<TocSection> {
    // Entry lines are set in one size; a plain line in another size is a section.
    let entry_size = {
        let mut sizes: Vec<f32> = lines
            .iter()
            .filter(|l| entry_end(&l.text).is_some())
            .map(|l| l.size)
            .collect();
        sizes.sort_by(f32::total_cmp);
        sizes.get(sizes.len() / 2).copied()
    };
    let mut sections: Vec<TocSection> = Vec::new();
    let mut pending: Vec<String> = Vec::new();
    for l in lines {
        let text = l.text.trim();
        if is_fact(text) {
            continue;
        }
        if let Some(title) = decorated_section(text) {
            pending.clear();
            sections.push(TocSection {
                title,
                entries: Vec::new(),
            });
            continue;
        }
        if let Some((body, page)) = entry_end(text) {
            // Leaders and number may stand alone on the line after a wrapped title.
            if !body.is_empty() {
                pending.push(body);
            }
            if pending.is_empty() {
                continue;
            }
            let entry = make_entry(&pending, page);
            pending.clear();
            if sections.is_empty() {
                sections.push(TocSection {
                    title: String::new(),
                    entries: Vec::new(),
                });
            }
            if let Some(s) = sections.last_mut() {
                s.entries.push(entry);
            }
            continue;
        }
        let other_size = entry_size.is_some_and(|s| (s - l.size).abs() > 0.4);
        if pending.is_empty() && other_size {
            sections.push(TocSection {
                title: normalize_text(text),
                entries: Vec::new(),
            });
        } else {
            // Leaders that run to the line's end go on with the number below.
            let text = text.trim_end_matches(|c: char| c.is_whitespace() || LEADERS.contains(&c));
            pending.push(text.to_string());
        }
    }
    sections.retain(|s| !s.entries.is_empty());
    sections
}

/// Builds an entry from its lines: the 文号 is taken out of the title wherever it
/// stands (own line, or in brackets after the title). It is looked for line by line
/// so that an issuer prefix cannot swallow the end of a title line before it; only a
/// bracketed 文号 wrapped over two lines (`…的批复（黑政字〔2017〕88` / `号）`) is looked
/// for across the break, where its opening bracket bounds the prefix.
fn make_entry(lines: &[String], page: u32) -> TocEntry {
    let lines: Vec<String> = lines.iter().map(|l| normalize_text(l)).collect();
    let mut doc_number = None;
    let mut parts: Vec<String> = Vec::with_capacity(lines.len());
    // A bracketed 文号 wrapped over the break first: its second half alone
    // (`办发［2022］86号）`) is a 文号 too, but a shorter one. So is one whose opening
    // bracket ends the line above (`…的若干措施（` / `某办发〔2021〕69号）`).
    let whole = lines.concat();
    let wrapped = take_doc_number(&whole, true).filter(|(_, number)| {
        !lines
            .iter()
            .any(|l| take_doc_number(l, true).is_some_and(|(_, n)| n == *number))
    });
    if let Some((rest, number)) = wrapped {
        return entry(rest, Some(number), page, &lines);
    }
    for line in &lines {
        match take_doc_number(line, false).filter(|_| doc_number.is_none()) {
            Some((rest, number)) => {
                doc_number = Some(number);
                parts.push(rest);
            }
            None => parts.push(line.clone()),
        }
    }
    entry(parts.concat(), doc_number, page, &lines)
}

/// The entry of a title with its 文号 taken out.
fn entry(title: String, doc_number: Option<String>, page: u32, lines: &[String]) -> TocEntry {
    let title = title.trim().to_string();
    if title.is_empty() {
        // A decree's entry is its name and number (`中华人民共和国国务院令（第715号）`):
        // that is its title; it carries no 文号 of its own.
        return TocEntry {
            title: normalize_text(&lines.join(" ")),
            doc_number: None,
            page: Some(page),
            document: None,
        };
    }
    TocEntry {
        title,
        doc_number,
        page: Some(page),
        document: None,
    }
}

/// Splits the first 文号 out of `text`, with the bracket pair it was printed in:
/// the text without it, and the 文号. With `bracketed`, only a 文号 inside brackets
/// counts.
fn take_doc_number(text: &str, bracketed: bool) -> Option<(String, String)> {
    let (s, e) = find_doc_number(text)?;
    let mut before = text[..s].trim_end().to_string();
    let mut after = text[e..].trim_start().to_string();
    let in_brackets = before.ends_with(['（', '(']) && after.starts_with(['）', ')']);
    if bracketed && !in_brackets {
        return None;
    }
    if in_brackets {
        before.pop();
        after.remove(0);
    }
    Some((format!("{before}{after}"), text[s..e].trim().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, size: f32) -> TextLine {
        TextLine {
            text: text.into(),
            x0: 56.0,
            x1: 300.0,
            y: 0.0,
            size,
        }
    }

    /// A 目录 page of the given lines, one below the other.
    /// A 10.5 pt line of a 目录 page.
    fn at(text: &str, x0: f32, x1: f32, y: f32) -> TextLine {
        TextLine {
            text: text.into(),
            x0,
            x1,
            y,
            size: 10.5,
        }
    }

    fn page(lines: Vec<TextLine>) -> PageLayout {
        let lines = lines
            .into_iter()
            .enumerate()
            .map(|(i, l)| TextLine {
                y: 80.0 + 18.0 * i as f32,
                ..l
            })
            .collect();
        PageLayout {
            pdf_page: 3,
            printed: None,
            lines,
        }
    }

    #[test]
    fn reads_sections_wrapped_titles_and_numbers() {
        let toc = read(&[page(vec![
            line("目录", 22.0),
            line("◎ 市政府文件", 13.0),
            line("关于加强政务诚信建设的实施意见", 11.0),
            line("聊政发〔2018〕41号. . . . . . . . . . 2", 11.0),
            line("【省政府办公厅文件】", 13.0),
            line("山东省人民政府办公厅关于印发山东省加快推进", 11.0),
            line("新旧动能转换的通知（鲁政办发〔2018〕5号）", 11.0),
            line("……………… 12", 11.0),
            line("省政府令", 13.0),
            line("山东省人民政府令第311号 …………………… 20", 11.0),
            line("聊城市人民政府大事记（2018年7月）. . . . . 52", 11.0),
        ])]);
        assert_eq!(toc.pdf_pages, vec![3]);
        let titles: Vec<&str> = toc.sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, ["市政府文件", "省政府办公厅文件", "省政府令"]);
        let e = &toc.sections[0].entries[0];
        assert_eq!(e.title, "关于加强政务诚信建设的实施意见");
        assert_eq!(e.doc_number.as_deref(), Some("聊政发〔2018〕41号"));
        assert_eq!(e.page, Some(2));
        let e = &toc.sections[1].entries[0];
        assert_eq!(
            e.title,
            "山东省人民政府办公厅关于印发山东省加快推进新旧动能转换的通知"
        );
        assert_eq!(e.doc_number.as_deref(), Some("鲁政办发〔2018〕5号"));
        assert_eq!(e.page, Some(12));
        let decree = &toc.sections[2].entries;
        assert_eq!(decree[0].title, "山东省人民政府令第311号");
        assert_eq!(decree[0].doc_number, None);
        assert_eq!(decree[1].title, "聊城市人民政府大事记（2018年7月）");
        assert_eq!(decree[1].doc_number, None);
        assert_eq!(decree[1].page, Some(52));
    }

    #[test]
    fn a_bracketed_number_wrapped_over_the_line_break_is_split_out() {
        let toc = read(&[page(vec![
            line("目录", 22.0),
            line("【省政府文件】", 13.0),
            line(
                "某省人民政府关于同意某市城市总体规划的批复（某政字〔2017〕88",
                11.0,
            ),
            line("号）．．．．．．．．．．6", 11.0),
        ])]);
        let e = &toc.sections[0].entries[0];
        assert_eq!(e.title, "某省人民政府关于同意某市城市总体规划的批复");
        assert_eq!(e.doc_number.as_deref(), Some("某政字〔2017〕88号"));
        assert_eq!(e.page, Some(6));
    }

    #[test]
    fn a_number_whose_bracket_opens_on_the_line_above_is_split_out() {
        let toc = read(&[page(vec![
            line("目录", 22.0),
            line("【县政府办公室文件】", 13.0),
            line(
                "某县人民政府办公室关于进一步稳定和扩大就业的若干措施（",
                11.0,
            ),
            line("某府办发〔2021〕69号）．．．．．．．．．．4", 11.0),
        ])]);
        let e = &toc.sections[0].entries[0];
        assert_eq!(
            e.title,
            "某县人民政府办公室关于进一步稳定和扩大就业的若干措施"
        );
        assert_eq!(e.doc_number.as_deref(), Some("某府办发〔2021〕69号"));
        assert_eq!(e.page, Some(4));
    }

    #[test]
    fn a_page_number_set_apart_without_leaders_ends_its_entry() {
        // Layout leaves the number at the right margin as a line of its own, on the
        // baseline of the 文号 line, the title line or the wrapped 文号; a two-column
        // issue lists it after the left column.
        let mut lines = vec![
            TextLine {
                size: 18.0,
                ..at("目录", 230.0, 280.0, 80.0)
            },
            TextLine {
                size: 12.0,
                ..at("【省政府文件】", 62.0, 146.0, 110.0)
            },
            at(
                "某省人民政府关于推进城乡供水一体化的通知",
                68.0,
                290.0,
                130.0,
            ),
            at("某政字（2020）64号", 89.0, 190.0, 145.0),
            at(
                "某省人民政府关于某某等同志职务任免的通知",
                68.0,
                290.0,
                160.0,
            ),
            at(
                "中共某省委办公厅某省人民政府办公厅关于加快发展的通知",
                68.0,
                410.0,
                175.0,
            ),
            at("（某", 419.0, 441.0, 175.0),
            at("办发［2022］86号）", 68.0, 179.0, 190.0),
        ];
        for (n, y) in [("1", 145.0), ("12", 160.0), ("7", 190.0)] {
            lines.push(at(n, 470.0, 479.0, y));
        }
        let p = page(Vec::new());
        let p = PageLayout { lines, ..p };
        let toc = read(&[p]);
        let entries = &toc.sections[0].entries;
        assert_eq!(entries.len(), 3, "{entries:?}");
        assert_eq!(entries[0].title, "某省人民政府关于推进城乡供水一体化的通知");
        assert_eq!(entries[0].doc_number.as_deref(), Some("某政字（2020）64号"));
        assert_eq!(entries[0].page, Some(1));
        assert_eq!(entries[1].doc_number, None);
        assert_eq!(entries[1].page, Some(12));
        assert_eq!(
            entries[2].title,
            "中共某省委办公厅某省人民政府办公厅关于加快发展的通知"
        );
        assert_eq!(entries[2].doc_number.as_deref(), Some("某办发［2022］86号"));
        assert_eq!(entries[2].page, Some(7));
    }

    #[test]
    fn finds_the_page_number_however_it_is_set_off() {
        let end = entry_end;
        assert_eq!(
            end("关于某事的通知……………… 12"),
            Some(("关于某事的通知".into(), 12))
        );
        assert_eq!(
            end("关于某事的通知．．．．．3"),
            Some(("关于某事的通知".into(), 3))
        );
        assert_eq!(end("关于某事的通知 3"), Some(("关于某事的通知".into(), 3)));
        assert_eq!(
            end("关于某事的方案（某政办发〔2019〕5号）7"),
            Some(("关于某事的方案（某政办发〔2019〕5号）".into(), 7))
        );
        assert_eq!(
            end("某市人民政府大事记（2019年9月）9"),
            Some(("某市人民政府大事记（2019年9月）".into(), 9))
        );
        assert_eq!(end("9"), Some((String::new(), 9)));
        // A title or 文号 that wraps after a number is no entry's end.
        assert_eq!(end("关于某事的批复（某政函（2021）"), None);
        assert_eq!(end("关于某事的批复（某政函（2021）131"), None);
        assert_eq!(end("关于某事的通知（某政发〔2019〕5"), None);
        assert_eq!(end("关于2022"), None);
    }

    #[test]
    fn a_number_wrapped_alone_below_the_leaders_ends_the_entry() {
        let toc = read(&[page(vec![
            line("目录", 18.0),
            line("【市政府文件】", 12.0),
            line(
                "中共某市委办公室某市人民政府办公室关于推进城乡供水一体化的实施方案.",
                10.5,
            ),
            line("4", 10.5),
            line(
                "某市人民政府关于某事的通知（某政任（2021）41号）．．．．9",
                10.5,
            ),
        ])]);
        let e = &toc.sections[0].entries;
        assert_eq!(e.len(), 2, "{e:?}");
        assert_eq!(
            e[0].title,
            "中共某市委办公室某市人民政府办公室关于推进城乡供水一体化的实施方案"
        );
        assert_eq!(e[0].page, Some(4));
        assert_eq!(e[1].doc_number.as_deref(), Some("某政任（2021）41号"));
    }

    #[test]
    fn a_letter_spaced_heading_opens_the_contents() {
        let at = |text: &str, x0: f32, x1: f32, y: f32| TextLine {
            size: 18.0,
            ..at(text, x0, x1, y)
        };
        for heading in [
            vec![at("目", 230.0, 248.0, 80.0), at("录", 300.0, 318.0, 80.0)],
            vec![at("本期要目", 230.0, 302.0, 80.0)],
        ] {
            let mut lines = heading;
            lines.push(TextLine {
                size: 10.5,
                ..at("某市人民政府关于某事的通知……………… 3", 62.0, 479.0, 110.0)
            });
            let p = PageLayout {
                lines,
                ..page(Vec::new())
            };
            let toc = read(&[p]);
            assert_eq!(toc.sections.len(), 1, "{toc:?}");
            assert_eq!(toc.sections[0].entries[0].page, Some(3));
        }
    }

    #[test]
    fn a_contents_set_in_two_columns_keeps_its_entries_apart() {
        let lines = vec![
            TextLine {
                size: 18.0,
                ..at("目录", 230.0, 270.0, 80.0)
            },
            at("关于甲事的通知……… 2", 48.0, 240.0, 110.0),
            at("关于乙事的通知……… 9", 280.0, 470.0, 110.0),
        ];
        let p = PageLayout {
            lines,
            ..page(Vec::new())
        };
        let toc = read(&[p]);
        let titles: Vec<&str> = toc.sections[0]
            .entries
            .iter()
            .map(|e| e.title.as_str())
            .collect();
        assert_eq!(titles, ["关于甲事的通知", "关于乙事的通知"]);
    }

    #[test]
    fn a_masthead_box_beside_the_contents_stays_apart() {
        let lines = vec![
            TextLine {
                size: 18.0,
                ..at("目录", 230.0, 270.0, 80.0)
            },
            at("地址：某市府前路5号", 30.0, 130.0, 110.0),
            at("关于甲事的通知……… 2", 160.0, 470.0, 110.0),
            at("电话：0531-1234567", 30.0, 130.0, 128.0),
            at("关于乙事的通知", 160.0, 300.0, 128.0),
            at("某政发〔2020〕3号……… 4", 180.0, 470.0, 146.0),
        ];
        let p = PageLayout {
            lines,
            ..page(Vec::new())
        };
        let toc = read(&[p]);
        let entries: Vec<(&str, Option<u32>)> = toc.sections[0]
            .entries
            .iter()
            .map(|e| (e.title.as_str(), e.page))
            .collect();
        assert_eq!(
            entries,
            [("关于甲事的通知", Some(2)), ("关于乙事的通知", Some(4))]
        );
    }
}
