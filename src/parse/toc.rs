//! The 目录: its sections (in whatever decoration: `◎ 市政府文件`, `【国务院令】`, or
//! plain) and entries (a title that may wrap, a 文号 on its own line or in brackets
//! after the title, the printed page after dot leaders).

use super::patterns::{find_doc_number, regex, section_banner};
use crate::layout::{median, normalize_text, without_spaces, PageLayout};
use crate::model::{TextLine, TocEntry, TocSection};
use crate::script::is_han;

/// `目录`, `目 录`, `本期目录`, `本期要目`, `目次`: the heading that opens the contents.
pub fn is_toc_heading(text: &str) -> bool {
    let t = without_spaces(text);
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

/// A 目录's section headings are short (`省政府文件`, `国务院部门文件`,
/// `中华人民共和国国务院令`); a longer line in another size is an entry's first line
/// whose size was misjudged (OCR's sizes vary by a point from line to line).
const SECTION_MAX_CHARS: usize = 16;

/// Dot leaders between a 目录 title and its page number.
const LEADERS: &[char] = &['.', '．', '…', '·', '•', '‥', '_', '・', '⋯'];

/// An entry's last line: text, then dot leaders or spacing, then the page number.
/// Where leaders run out (a word processor's tab leader on a full line) the number
/// may follow the closing bracket of a 文号 or date directly (`…5号）7`); where they
/// wrap, it may stand alone on the next line.
fn entry_end(text: &str) -> Option<(String, u32)> {
    let (body, page) = trailing_page_number(text)?;
    let separated = body.is_empty()
        || body.ends_with(|c: char| c.is_whitespace() || LEADERS.contains(&c))
        || closes_bracket(body);
    let title = body.trim_end_matches(|c: char| c.is_whitespace() || LEADERS.contains(&c));
    if !separated {
        return None;
    }
    Some((title.to_string(), page))
}

/// The text before a page number of one to four digits that ends it, and the number.
fn trailing_page_number(text: &str) -> Option<(&str, u32)> {
    let t = text.trim();
    let body = t.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = &t[body.len()..];
    if digits.is_empty() || digits.len() > 4 {
        return None;
    }
    Some((body, digits.parse().ok()?))
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
    let printed = pages
        .iter()
        .position(|p| rows(&p.lines).iter().any(|l| is_toc_heading(&l.text)))
        .map(|first| (first, None));
    let Some((first, heading)) = printed.or_else(|| unnamed_heading(pages)) else {
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
    let lines: Vec<&TextLine> = match heading {
        Some(at) => rows.iter().skip(at + 1).collect(),
        None => rows
            .iter()
            .skip_while(|l| !is_toc_heading(&l.text))
            .skip(1)
            .collect(),
    };
    Toc {
        sections: entries(&lines),
        pdf_pages: pages[first..=last].iter().map(|p| p.pdf_page).collect(),
    }
}

/// A 目录 page holds at least this many entries whose page number follows leaders
/// or stands apart.
const MIN_LED_ENTRIES: usize = 3;
/// A 目录's heading is set centred on the page, within this share of its width.
const CENTRED_WITHIN: f32 = 0.1;

/// The 目录 of an issue whose heading reads as no heading (a scan's `月ew末`,
/// `目闲`): the first unnumbered page with entries whose page numbers, after leaders
/// or set apart at the margin, run in order, and the row of its heading, the last
/// before its first entry that is as short as a heading (two to four characters),
/// centred, and set larger than the entries.
fn unnamed_heading(pages: &[PageLayout]) -> Option<(usize, Option<usize>)> {
    let led = |l: &TextLine| {
        entry_end(&l.text).is_some()
            && l.text
                .trim_end()
                .trim_end_matches(|c: char| c.is_ascii_digit())
                .ends_with(|c: char| c.is_whitespace() || LEADERS.contains(&c))
    };
    pages.iter().enumerate().find_map(|(at, page)| {
        let rows = rows(&page.lines);
        let numbers: Vec<u32> = rows
            .iter()
            .filter(|l| led(l))
            .filter_map(|l| Some(entry_end(&l.text)?.1))
            .collect();
        let in_order = numbers.windows(2).all(|pair| pair[0] <= pair[1]);
        if page.printed.is_some() || numbers.len() < MIN_LED_ENTRIES || !in_order {
            return None;
        }
        let first_entry = rows.iter().position(led)?;
        let entry_size = rows[first_entry].size;
        let (left, right) = rows.iter().fold((f32::MAX, f32::MIN), |(l, r), row| {
            (l.min(row.x0), r.max(row.x1))
        });
        let centre = (left + right) / 2.0;
        let heading = rows[..first_entry].iter().rposition(|l| {
            let chars = l.text.chars().filter(|c| !c.is_whitespace()).count();
            (2..=4).contains(&chars)
                && ((l.x0 + l.x1) / 2.0 - centre).abs() <= (right - left) * CENTRED_WITHIN
                && l.size > entry_size
                && decorated_section(&l.text).is_none()
        })?;
        Some((at, Some(heading)))
    })
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
    let entry_size = median(
        lines
            .iter()
            .filter(|l| entry_end(&l.text).is_some())
            .map(|l| l.size)
            .collect(),
    );
    let edge = number_edge(lines);
    let mut last_page = 0;
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
        if let Some((body, page)) = entry_end(text).or_else(|| flush_end(l, edge?, last_page)) {
            last_page = page;
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
        // A section banner's name stands for itself, in the entries' size and without
        // its ornament too (never printed, or lost to a scan).
        let heading = entry_size.is_some_and(|s| (s - l.size).abs() > 0.4) || section_banner(text);
        if pending.is_empty() && heading && text.chars().count() <= SECTION_MAX_CHARS {
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

/// The right edge of a 目录's page numbers: where the lines whose number is set apart
/// end, the median of them.
fn number_edge(lines: &[&TextLine]) -> Option<f32> {
    median(
        lines
            .iter()
            .filter(|l| entry_end(&l.text).is_some_and(|(body, _)| !body.is_empty()))
            .map(|l| l.x1)
            .collect(),
    )
}

/// An entry's last line whose page number touches its title (`…成果的公告6`): a title
/// that fills the line leaves the tab no room, and OCR reads the two as one. It
/// counts only where the number ends at the edge the other entries' numbers end at
/// (half an em either way) and does not go back on the entry before, so a wrapped
/// title line ending in a year is no entry's end.
fn flush_end(line: &TextLine, edge: f32, last_page: u32) -> Option<(String, u32)> {
    let (body, page) = trailing_page_number(&line.text)?;
    let at_edge = (line.x1 - edge).abs() <= line.size / 2.0;
    let after_title = body.ends_with(is_han) && body.chars().count() >= 4;
    (at_edge && after_title && page >= last_page).then(|| (body.to_string(), page))
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
    let wrapped = take_doc_number(&whole, Brackets::Either).filter(|(_, number)| {
        !lines
            .iter()
            .any(|l| take_doc_number(l, Brackets::Both).is_some_and(|(_, n)| n == *number))
    });
    if let Some((rest, number)) = wrapped {
        return entry(rest, Some(number), page, &lines);
    }
    for line in &lines {
        match take_doc_number(line, Brackets::Optional).filter(|_| doc_number.is_none()) {
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

/// Which brackets around a 文号 `take_doc_number` asks for.
#[derive(Clone, Copy, PartialEq)]
enum Brackets {
    /// None: a 文号 anywhere in the text counts.
    Optional,
    /// The opening or the closing one: OCR loses one of the pair now and then (the
    /// issuer's code may then take in the end of the title, which `numbers` gives back
    /// from the document's own 文号).
    Either,
    /// Both.
    Both,
}

/// Splits the first 文号 out of `text`, with the brackets it was printed in: the
/// text without it, and the 文号, when it has the `brackets` asked for.
fn take_doc_number(text: &str, brackets: Brackets) -> Option<(String, String)> {
    let (s, e) = find_doc_number(text)?;
    let mut before = text[..s].trim_end().to_string();
    let mut after = text[e..].trim_start().to_string();
    let opened = before.ends_with(['（', '(']);
    let closed = after.starts_with(['）', ')']);
    let enough = match brackets {
        Brackets::Optional => true,
        Brackets::Either => opened || closed,
        Brackets::Both => opened && closed,
    };
    if !enough {
        return None;
    }
    if opened {
        before.pop();
    }
    if closed {
        after.remove(0);
    }
    Some((format!("{before}{after}"), text[s..e].trim().to_string()))
}

#[cfg(test)]
mod tests;
