//! Clauses: the numbered units of a document body, in both numbering families
//! (一、 → （一） → 1./1、 → （1） → ①, and 第一章 → 第一节 → 第一条 → （一）), with headings
//! on their own line or inline up to the first 。, and the day entries of a 大事记.

use super::patterns::regex;
use crate::layout::without_spaces;
use crate::model::Clause;

/// A body paragraph with the pages where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyPara {
    pub text: String,
    pub page: Option<u32>,
    pub pdf_page: u32,
}

/// A clause number found at the start of a paragraph.
#[derive(Debug, Clone, PartialEq)]
struct Marker {
    /// Depth in the numbering hierarchy: lower ranks contain higher ones.
    rank: u8,
    label: String,
    /// Whether the text after the number may be a heading.
    headed: bool,
    /// Byte length of the number and its punctuation.
    len: usize,
}

/// Rank of 第N条: the items below an article carry no headings.
const ARTICLE: u8 = 2;
/// Rank of `1.` / `1、` numbers, which also number the items of a 附件 list.
const ITEM: u8 = 5;

/// The clause number a paragraph starts with, if any.
fn marker(text: &str) -> Option<Marker> {
    let make = |rank, label: String, headed, len| {
        Some(Marker {
            rank,
            label,
            headed,
            len,
        })
    };
    if let Some(c) = regex!(r"^第([一二三四五六七八九十百零〇]+)([章节条])\s*").captures(text)
    {
        let whole = c.get(0)?;
        let (rank, headed) = match &c[2] {
            "章" => (0, true),
            "节" => (1, true),
            _ => (2, false),
        };
        return make(rank, format!("第{}{}", &c[1], &c[2]), headed, whole.end());
    }
    if let Some(c) = regex!(r"^([一二三四五六七八九十百]+)\s*[、．.]\s*").captures(text)
    {
        return make(3, c[1].to_string(), true, c.get(0)?.end());
    }
    if let Some(c) = regex!(r"^[（(]\s*([一二三四五六七八九十百]+)\s*[）)]\s*").captures(text)
    {
        return make(4, format!("（{}）", &c[1]), true, c.get(0)?.end());
    }
    if let Some(c) = regex!(r"^(\d{1,3})\s*([、．.])\s*").captures(text) {
        let end = c.get(0)?.end();
        // `1.5倍` (a decimal point) and `2018.` are numbers in prose, not clause numbers.
        let decimal = &c[2] == "." && text[end..].starts_with(|ch: char| ch.is_ascii_digit());
        if decimal || c[1].len() > 2 {
            return None;
        }
        return make(ITEM, c[1].to_string(), true, end);
    }
    if let Some(c) = regex!(r"^[（(]\s*(\d{1,3})\s*[）)]\s*").captures(text) {
        return make(6, format!("（{}）", &c[1]), true, c.get(0)?.end());
    }
    if let Some(c) = regex!(r"^([①-⑳])\s*").captures(text) {
        return make(7, c[1].to_string(), true, c.get(0)?.end());
    }
    None
}

/// A 大事记 day entry: `2日，…`, `5日-6日，…`.
fn day_marker(text: &str) -> Option<(String, usize)> {
    let c = regex!(r"^(\d{1,2}日(?:\s*[-—–~至]\s*\d{1,2}日)?)\s*[，,、：:]?\s*").captures(text)?;
    Some((without_spaces(&c[1]), c.get(0)?.end()))
}

/// Splits the text after a clause number into heading and body. An inline heading is
/// the lead sentence up to the first 。 when it is short (a long lead sentence is the
/// clause's content, not a title for it); a line without sentence punctuation is a
/// heading on its own line.
fn split_heading(rest: &str) -> (Option<String>, String) {
    const MAX_INLINE: usize = 16;
    const MAX_OWN_LINE: usize = 60;
    let rest = rest.trim();
    if let Some(i) = rest.find('。') {
        let head = rest[..i].trim();
        if !head.is_empty() && head.chars().count() <= MAX_INLINE {
            return (
                Some(head.to_string()),
                rest[i + '。'.len_utf8()..].trim().to_string(),
            );
        }
        return (None, rest.to_string());
    }
    let own_line = !rest.contains(['；', '：', '！', '？', ';', ':']);
    if own_line && !rest.is_empty() && rest.chars().count() <= MAX_OWN_LINE {
        return (Some(rest.to_string()), String::new());
    }
    (None, rest.to_string())
}

/// Closing matter that belongs to the document, not to its last clause: the 附件 list
/// and formulas such as 特此通知.
fn is_closing(text: &str) -> bool {
    regex!(r"^(附件\s*\d*\s*[：:]|附件$|特此(通知|通告|公告|批复)|此复)").is_match(text)
}

/// A 附件 line that numbers its first item (`附件：1．…名单`) opens a list whose
/// further items (`2．…名单`) are titles, not clauses.
fn is_attachment_list(text: &str) -> bool {
    regex!(r"^附件\s*[：:]\s*\d+\s*[.．、]").is_match(text)
}

fn push_text(text: &mut String, para: &str) {
    if para.is_empty() {
        return;
    }
    if !text.is_empty() {
        text.push('\n');
    }
    text.push_str(para);
}

/// Builds the clause tree of a document body.
pub fn build(paras: &[BodyPara], chronicle: bool) -> Vec<Clause> {
    let split;
    let paras = if chronicle {
        paras
    } else {
        split = split_run_on_headings(&restore_lost_commas(paras));
        split.as_slice()
    };
    // Open clauses from the top down, each with its rank; closed ones are attached to
    // their parent as they are popped.
    let mut top: Vec<Clause> = Vec::new();
    let mut stack: Vec<(u8, Clause)> = Vec::new();
    let mut loose = 0;
    fn close_to(stack: &mut Vec<(u8, Clause)>, top: &mut Vec<Clause>, rank: u8) {
        while stack.last().is_some_and(|(r, _)| *r >= rank) {
            if let Some((_, c)) = stack.pop() {
                match stack.last_mut() {
                    Some((_, parent)) => parent.children.push(c),
                    None => top.push(c),
                }
            }
        }
    }
    // Set while the paragraphs are the items of a 附件 list.
    let mut in_attachment_list = false;
    for p in paras {
        let text = p.text.trim();
        let numbered = if chronicle {
            day_marker(text).map(|(label, len)| Marker {
                rank: 0,
                label,
                headed: false,
                len,
            })
        } else {
            marker(text)
        };
        let list_item = numbered.as_ref().is_some_and(|m| m.rank == ITEM);
        if in_attachment_list && list_item && !text.contains('。') {
            if let Some(list) = top.last_mut() {
                push_text(&mut list.text, text);
                continue;
            }
        }
        in_attachment_list = false;
        match numbered {
            Some(m) => {
                close_to(&mut stack, &mut top, m.rank);
                let rest = text[m.len..].trim();
                // Items inside an article (第N条) are enumerations, never headed.
                let in_article = stack.iter().any(|(r, _)| *r == ARTICLE);
                let (heading, body) = if m.headed && !in_article {
                    split_heading(rest)
                } else {
                    (None, rest.to_string())
                };
                stack.push((
                    m.rank,
                    Clause {
                        path: String::new(),
                        label: m.label,
                        heading,
                        text: body,
                        page: p.page,
                        pdf_page: p.pdf_page,
                        children: Vec::new(),
                    },
                ));
            }
            None if stack.is_empty() || is_closing(text) => {
                close_to(&mut stack, &mut top, 0);
                loose += 1;
                in_attachment_list = is_attachment_list(text);
                top.push(Clause {
                    path: String::new(),
                    label: format!("¶{loose}"),
                    heading: None,
                    text: text.to_string(),
                    page: p.page,
                    pdf_page: p.pdf_page,
                    children: Vec::new(),
                });
            }
            None => {
                // An unnumbered paragraph belongs to the clause before it.
                if let Some((_, c)) = stack.last_mut() {
                    push_text(&mut c.text, text);
                }
            }
        }
    }
    close_to(&mut stack, &mut top, 0);
    assign_paths(&mut top, "");
    top
}

/// The paragraphs that start with the top-level number their document's sequence is
/// missing, between the number before it and the one after (`二、` … `三建立长效管理
/// 机制` … `四、`), or with 一 before the first `二、` and no number before it, given
/// back the `、` that a scan lost or misread as another sign (`一~工作目标`): nothing
/// else can stand where the sequence has a hole and starts with the number that fills
/// it.
fn restore_lost_commas(paras: &[BodyPara]) -> Vec<BodyPara> {
    let numbers: Vec<Option<u32>> = paras
        .iter()
        .map(|p| {
            let m = marker(p.text.trim()).filter(|m| m.rank == 3)?;
            super::patterns::parse_number(&m.label)
        })
        .collect();
    let leading = regex!(r"^([一二三四五六七八九十]{1,3})([^\p{Han}\p{N}\s（(]?\s*)\p{Han}");
    paras
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let text = p.text.trim();
            let found = leading.captures(text).filter(|_| marker(text).is_none());
            let found = found.and_then(|c| {
                let numeral = c.get(1)?;
                let n = super::patterns::parse_number(numeral.as_str())?;
                let before = numbers[..i].iter().rev().find_map(|n| *n);
                let after = numbers[i + 1..].iter().find_map(|n| *n);
                let first = n == 1 && before.is_none();
                let hole = first || before == Some(n - 1);
                (hole && after == Some(n + 1)).then_some((numeral.end(), c.get(2)?.end()))
            });
            match found {
                Some((numeral, heading)) => BodyPara {
                    text: format!("{}、{}", &text[..numeral], &text[heading..]),
                    ..p.clone()
                },
                None => p.clone(),
            }
        })
        .collect()
}

/// The paragraphs with a top-level heading (`一、` …) that a layout ran on after the
/// sentence before it (`……现通知如下。一、主要目标`) split off into its own paragraph.
/// Only the number the document's sequence expects next counts, so a list inside a
/// sentence is left alone.
fn split_run_on_headings(paras: &[BodyPara]) -> Vec<BodyPara> {
    let heading = regex!(r"。([一二三四五六七八九十]+)[、．.]");
    let mut out: Vec<BodyPara> = Vec::with_capacity(paras.len());
    // The last top-level number seen.
    let mut last = 0;
    for p in paras {
        let mut rest = p.text.as_str();
        if let Some(m) = marker(rest).filter(|m| m.rank == 3) {
            last = super::patterns::parse_number(&m.label).unwrap_or(last);
        }
        loop {
            let next = heading.captures_iter(rest).find_map(|c| {
                let n = super::patterns::parse_number(&c[1])?;
                let at = c.get(0)?.start() + '。'.len_utf8();
                (n == last + 1).then_some((at, n))
            });
            let Some((at, n)) = next else {
                break;
            };
            out.push(BodyPara {
                text: rest[..at].to_string(),
                ..p.clone()
            });
            rest = &rest[at..];
            last = n;
        }
        out.push(BodyPara {
            text: rest.to_string(),
            ..p.clone()
        });
    }
    out
}

/// Whether a paragraph starts with a clause number (so it is body, not a title line).
pub fn starts_clause(text: &str) -> bool {
    marker(text.trim()).is_some()
}

/// Sets every path from the labels, making sibling paths unique when a document restarts its numbering (a notice and
/// the regulation it issues both counting 一、二、…): later ones get `~2`, `~3`.
fn assign_paths(clauses: &mut [Clause], parent: &str) {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for c in clauses.iter_mut() {
        let n = seen.entry(c.label.clone()).or_default();
        *n += 1;
        let own = if *n > 1 {
            format!("{}~{}", c.label, n)
        } else {
            c.label.clone()
        };
        c.path = if parent.is_empty() {
            own
        } else {
            format!("{parent}/{own}")
        };
        let path = c.path.clone();
        assign_paths(&mut c.children, &path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(texts: &[&str]) -> Vec<BodyPara> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| BodyPara {
                text: t.to_string(),
                page: Some(10 + i as u32),
                pdf_page: 11 + i as u32,
            })
            .collect()
    }

    /// A heading run on after the sentence before it opens its clause; a number in
    /// a sentence that is not the next in the sequence does not.
    #[test]
    fn a_run_on_heading_opens_its_clause() {
        let c = build(
            &body(&[
                "为推行河长制，现通知如下。一、主要目标",
                "到2020年全面建立。二、加强执法监管",
                "依法查处。详见附件三、四。三、保障措施",
                "加强领导。",
            ]),
            false,
        );
        let labels: Vec<&str> = c.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(labels, ["¶1", "一", "二", "三"]);
        assert_eq!(c[1].heading.as_deref(), Some("主要目标"));
        assert_eq!(c[2].text, "依法查处。详见附件三、四。");
    }

    #[test]
    fn builds_policy_hierarchy_with_inline_headings() {
        let c = build(
            &body(&[
                "为加强我市政务诚信建设，现提出以下实施意见：",
                "一、总体要求",
                "（一）指导思想",
                "全面贯彻党的十九大精神。",
                "（二）基本原则",
                "——坚持依法行政。切实做到法定职责必须为。",
                "二、主要任务",
                "(一) 建立健全政务诚信工作机制",
                "1. 深入推进依法行政。各级政府要认真贯彻实施。",
                "（1）第一小项；",
                "①更细一项。",
                "2、加大政务信息公开力度。进一步丰富。",
                "（三）突出质量监管，提升公信力。坚持标准引领。",
                "附件：加强政务诚信建设重点任务分工（略）",
            ]),
            false,
        );
        let paths: Vec<&str> = c.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(paths, ["¶1", "一", "二", "¶2"]);
        assert_eq!(c[1].heading.as_deref(), Some("总体要求"));
        assert_eq!(c[1].page, Some(11));
        assert_eq!(
            c[1].children[1].text,
            "——坚持依法行政。切实做到法定职责必须为。"
        );
        let task = &c[2].children[0];
        assert_eq!(task.path, "二/（一）");
        let item = &task.children[0];
        assert_eq!(item.path, "二/（一）/1");
        assert_eq!(item.heading.as_deref(), Some("深入推进依法行政"));
        assert_eq!(item.text, "各级政府要认真贯彻实施。");
        assert_eq!(item.children[0].path, "二/（一）/1/（1）");
        assert_eq!(item.children[0].children[0].path, "二/（一）/1/（1）/①");
        assert_eq!(task.children[1].path, "二/（一）/2");
        let third = &c[2].children[1];
        assert_eq!(third.heading.as_deref(), Some("突出质量监管，提升公信力"));
        assert_eq!(third.text, "坚持标准引领。");
    }

    #[test]
    fn builds_regulation_hierarchy() {
        let c = build(
            &body(&[
                "第一章　总则",
                "第一条　为了规范全国污染源普查，制定本条例。",
                "第二条　普查的任务是：",
                "（一）掌握各类污染源的数量；",
                "（二）了解污染物的种类。",
                "第二章　普查的对象",
                "第三条　普查对象是中华人民共和国境内有污染源的单位。",
            ]),
            false,
        );
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].label, "第一章");
        assert_eq!(c[0].heading.as_deref(), Some("总则"));
        assert_eq!(c[0].children[0].path, "第一章/第一条");
        assert_eq!(c[0].children[0].heading, None);
        assert_eq!(
            c[0].children[0].text,
            "为了规范全国污染源普查，制定本条例。"
        );
        assert_eq!(c[0].children[1].children[1].path, "第一章/第二条/（二）");
        assert_eq!(c[1].children[0].path, "第二章/第三条");
    }

    #[test]
    fn chronicle_days_hold_their_events() {
        let c = build(
            &body(&[
                "2日，市委全会举行。",
                "△水城论坛举办。",
                "5日-6日，副省长带队督导。",
            ]),
            true,
        );
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].label, "2日");
        assert_eq!(c[0].text, "市委全会举行。\n△水城论坛举办。");
        assert_eq!(c[1].path, "5日-6日");
    }

    /// A paragraph that starts with the number missing between two top-level clauses
    /// is that clause; one that starts with another number, or with the next number
    /// where the sequence has no hole, is body text.
    #[test]
    fn a_lost_comma_after_the_missing_number_is_given_back() {
        let clauses = build(
            &body(&[
                "一、工作目标。甲。",
                "二、明确内容。乙。",
                "三建立长效管理机制。丙。",
                "四、强化组织实施。丁。",
                "五年来成效明显。",
            ]),
            false,
        );
        let labels: Vec<&str> = clauses.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(labels, ["一", "二", "三", "四"]);
        assert_eq!(clauses[2].heading.as_deref(), Some("建立长效管理机制"));
        assert_eq!(clauses[3].text, "丁。\n五年来成效明显。");
        let clauses = build(
            &body(&["为此，通知如下。", "一~工作目标。甲。", "二、内容。乙。"]),
            false,
        );
        let labels: Vec<&str> = clauses.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(labels, ["¶1", "一", "二"]);
        assert_eq!(clauses[1].heading.as_deref(), Some("工作目标"));
        let clauses = build(
            &body(&["一、目标。甲。", "三年来成效明显。", "二、内容。乙。"]),
            false,
        );
        let labels: Vec<&str> = clauses.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(labels, ["一", "二"]);
    }

    #[test]
    fn attachment_list_items_are_not_clauses() {
        let c = build(
            &body(&[
                "一、压实防汛责任。各级政府负总责。",
                "附件：1．2019年全省大中型水库防汛行政责任人名单",
                "2．2019年全省重点防洪城市防汛行政责任人名单",
            ]),
            false,
        );
        let paths: Vec<&str> = c.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(paths, ["一", "¶1"]);
        assert!(c[0].children.is_empty());
        assert!(c[1]
            .text
            .ends_with("2．2019年全省重点防洪城市防汛行政责任人名单"));
    }

    #[test]
    fn restarted_numbering_keeps_paths_unique() {
        let c = build(
            &body(&["一、通知事项", "二、工作要求", "一、总体思路"]),
            false,
        );
        let paths: Vec<&str> = c.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(paths, ["一", "二", "一~2"]);
    }
}
