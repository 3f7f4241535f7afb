//! One document: its head (red header, 文号, title lines, addressees), its closing
//! matter (read by `closing`: signatures, date, 附件, 抄送/印发) and its body, which
//! `clause` structures.
//! The caller hands over the document's paragraphs already stitched in reading order.

use super::clause;
use super::closing::{closing, signature_names, split_joint, split_signed_dates};
use super::patterns::{
    date_line, decree_number_line, doc_number_line, find_doc_number, is_office_name, regex,
};
use crate::layout::{Align, Para};
use crate::model::{Document, DocumentKind};

/// Builds a document from its paragraphs: head, body clauses and closing matter.
pub fn build(paras: &[Para], toc_title: Option<&str>) -> Document {
    let split = split_leading_doc_number(split_signed_dates(paras));
    let paras = split.as_slice();
    // The head: the centred lines at the top, up to the first clause or body text. A
    // line that is nothing but a 文号 belongs to it wherever it stands: GB/T 9704 sets
    // it under the red header, centred, or flush left beside a 签发人; so does a
    // decree's bare number under its name.
    let head_len = paras
        .iter()
        .take_while(|p| {
            (matches!(p.align, Align::Centered)
                || doc_number_line(&p.text).is_some()
                || decree_number_line(&p.text))
                && date_line(&p.text).is_none()
                && !clause::starts_clause(&p.text)
                && !addressees_line(&p.text)
        })
        .count();
    let head: Vec<&str> = paras[..head_len].iter().map(|p| p.text.trim()).collect();
    let mut lines = head.iter().copied().peekable();

    // A decree names itself (`中华人民共和国国务院令`) and prints only `第715号` below.
    let decree = head
        .first()
        .is_some_and(|t| regex!(r"^.{2,30}令$").is_match(t));
    let mut red_header = None;
    if let Some(&first) = lines.peek() {
        let second_is_number = head.get(1).is_some_and(|t| doc_number_line(t).is_some());
        // A red header set with its characters spaced out may come apart at the
        // widest space, the office's name and its 文件 two lines of one row.
        let sign_apart = head.get(1).filter(|t| **t == "文件");
        let names_office =
            regex!(r"文件$|大事记$").is_match(first) || (is_office_name(first) && second_is_number);
        if let (Some(sign), true) = (sign_apart, is_office_name(first)) {
            red_header = Some(format!("{first}{sign}"));
            lines.next();
            lines.next();
        } else if !decree && names_office && doc_number_line(first).is_none() {
            red_header = Some(first.to_string());
            lines.next();
        }
    }
    let chronicle = red_header
        .as_deref()
        .into_iter()
        .chain(toc_title)
        .any(|t| t.contains("大事记"));
    let mut doc_number = None;
    let mut title_lines: Vec<String> = Vec::new();
    for line in lines {
        if doc_number.is_none() {
            if let Some(n) = doc_number_line(line) {
                doc_number = Some(n);
                continue;
            }
            if let Some(n) = decree_number(line, head.first().copied().filter(|_| decree)) {
                doc_number = Some(n);
                continue;
            }
        }
        title_lines.push(line.to_string());
    }
    // GB/T 9704 titles are issuer + 事由 + 文种: an issuer on its own first line (or
    // joint issuers side by side), or before the title's 关于, names the office.
    let title_office = title_lines
        .first()
        .filter(|_| title_lines.len() >= 2)
        .map(|first| issuers(first))
        .filter(|names| !names.is_empty())
        .or_else(|| {
            let title = title_lines.concat();
            Some(issuers(title.split_once("关于")?.0)).filter(|names| !names.is_empty())
        })
        .map(|names| names.join("、"));
    let subtitle_only = title_lines.iter().all(|t| t.starts_with(['（', '(']));
    let title = match &red_header {
        Some(red) if chronicle && subtitle_only => format!("{red}{}", title_lines.concat()),
        _ if title_lines.is_empty() => toc_title.unwrap_or_default().to_string(),
        _ => title_lines.concat(),
    };
    let decree_office = decree
        .then(|| head.first().map(|t| decree_issuer(t)))
        .flatten();
    let mut i = head_len;
    let mut addressees = None;
    if let Some(p) = paras.get(i) {
        let t = p.text.trim();
        if addressees_line(t) && !clause::starts_clause(t) {
            addressees = Some(t.trim_end_matches(['：', ':']).to_string());
            i += 1;
        }
    }

    let mut closing = closing(&paras[i.min(paras.len())..]);
    // A decree's title is the regulation it promulgates: the centred title after its
    // date, without a `（…公布）` note.
    let title = match closing.attachments.first().filter(|_| decree) {
        Some(_) => {
            let regulation = closing.attachments.remove(0);
            regex!(r"[（(][^（）()]*(公布|通过|施行|修订|修正)[^（）()]*[）)]$")
                .replace(&regulation, "")
                .into_owned()
        }
        None => title,
    };
    closing.signatories = signature_names(std::mem::take(&mut closing.signatories));
    let signing_offices: Vec<&str> = closing
        .signatories
        .iter()
        .map(String::as_str)
        .filter(|s| is_office_name(s))
        .collect();
    let office = (!signing_offices.is_empty())
        .then(|| signing_offices.join("、"))
        .or(decree_office)
        .or_else(|| {
            red_header
                .as_deref()
                .map(|r| r.trim_end_matches("文件").to_string())
                .filter(|r| is_office_name(r))
        })
        .or(title_office);
    Document {
        kind: if chronicle {
            DocumentKind::Chronicle
        } else {
            DocumentKind::Document
        },
        section: None,
        red_header,
        office,
        doc_number,
        title,
        addressees,
        signatories: closing.signatories,
        date: closing.date,
        start_page: paras.first().and_then(|p| p.page),
        end_page: paras.last().and_then(|p| p.end_page),
        start_pdf_page: paras.first().map_or(0, |p| p.pdf_page),
        continuations: Vec::new(),
        attachments: closing.attachments,
        distribution: closing.distribution,
        clauses: clause::build(&closing.body, chronicle),
    }
}

/// Whether a paragraph reads as the addressees (主送机关, GB/T 9704-2012 7.3.2): a
/// short paragraph ending in a colon. A title never ends in one, so the head stops
/// there however the addressees were aligned (OCR may misjudge their size and
/// extent, and centre them).
fn addressees_line(text: &str) -> bool {
    let t = text.trim();
    t.ends_with(['：', ':']) && t.chars().count() <= 150
}

/// The head's 文号 when a layout joined it to the addressees under it
/// (`某政字〔2021〕3号某某市人民政府：`): the first paragraph after the centred head lines,
/// when it begins with a 文号 and ends like an addressees line, is split in two.
fn split_leading_doc_number(mut paras: Vec<Para>) -> Vec<Para> {
    let Some(i) = paras
        .iter()
        .position(|p| !matches!(p.align, Align::Centered))
    else {
        return paras;
    };
    let text = paras[i].text.trim().to_string();
    let Some((0, end)) = find_doc_number(&text) else {
        return paras;
    };
    let rest = text[end..].trim();
    // Only the addressees follow a 文号 on its line; a sentence citing one does not.
    if !rest.ends_with(['：', ':']) || decree_number_line(&text[..end]) {
        return paras;
    }
    let number = Para {
        text: text[..end].to_string(),
        align: Align::Centered,
        ..paras[i].clone()
    };
    paras[i].text = rest.to_string();
    paras.insert(i, number);
    paras
}

/// The issuers a title's first line names: one office, or several set side by side
/// (`中共山东省委办公厅　山东省人民政府办公厅`); empty when the line is not only issuers.
fn issuers(line: &str) -> Vec<String> {
    let names: Vec<String> = line
        .split(|c: char| c.is_whitespace())
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect();
    if names.iter().all(|n| is_office_name(n)) {
        names
            .into_iter()
            .flat_map(|n| split_joint(&n).unwrap_or_else(|| vec![n]))
            .collect()
    } else {
        Vec::new()
    }
}

/// A decree's number line (`第715号`) as a 文号 in its usual written form: the
/// decree's name without the state prefix, then the number (`国务院令第715号`).
fn decree_number(line: &str, decree_name: Option<&str>) -> Option<String> {
    let name = decree_name?;
    let n = regex!(r"^[（(]?\s*(第\s*\d{1,5}\s*号)\s*[）)]?$").captures(line)?;
    let short = name.strip_prefix("中华人民共和国").unwrap_or(name);
    Some(format!("{short}{}", n[1].replace(char::is_whitespace, "")))
}

/// The office that issues a decree: its name without the state prefix and 令.
fn decree_issuer(name: &str) -> String {
    let short = name.strip_prefix("中华人民共和国").unwrap_or(name);
    short.trim_end_matches('令').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::test_para as para;

    #[test]
    fn a_doc_number_off_the_centre_stays_in_the_head() {
        use Align::*;
        let d = build(
            &[
                para("某市人民政府文件", Centered, 3),
                para("某政发〔2021〕159号", Right, 3),
                para("某市人民政府", Centered, 3),
                para("关于推进城乡供水一体化的通知", Centered, 3),
                para("各县（市、区）人民政府：", Flush, 3),
                para("现通知如下。", Indented, 3),
            ],
            None,
        );
        assert_eq!(d.doc_number.as_deref(), Some("某政发〔2021〕159号"));
        assert_eq!(d.title, "某市人民政府关于推进城乡供水一体化的通知");
    }

    /// Addressees that OCR sized and placed as if centred under the title end the
    /// head all the same: a title never ends in a colon.
    #[test]
    fn addressees_read_as_centred_are_no_title_line() {
        use Align::*;
        let d = build(
            &[
                para("某市人民政府关于加强安全生产工作", Centered, 4),
                para("的实施方案", Centered, 4),
                para("某政字〔2020〕82号", Centered, 4),
                para("各乡镇人民政府、街道办事处，市政府各部门:", Centered, 4),
                para("为加强安全生产工作，制定本方案。", Indented, 4),
            ],
            None,
        );
        assert_eq!(d.title, "某市人民政府关于加强安全生产工作的实施方案");
        assert_eq!(
            d.addressees.as_deref(),
            Some("各乡镇人民政府、街道办事处，市政府各部门")
        );
    }

    /// A 文号 joined to the addressees under it (a 批复 without red header) is read
    /// apart from them.
    #[test]
    fn a_doc_number_joined_to_the_addressees_is_split_off() {
        use Align::*;
        let d = build(
            &[
                para("某某市人民政府", Centered, 2),
                para("关于同意某某市高新区城市总体规划的批复", Centered, 2),
                para("某政字〔2021〕3号某某市高新区人民政府：", Indented, 2),
                para("你区的请示收悉。现批复如下：", Indented, 2),
                para("某某市人民政府", Right, 2),
                para("2021年9月8日", Right, 2),
            ],
            None,
        );
        assert_eq!(d.doc_number.as_deref(), Some("某政字〔2021〕3号"));
        assert_eq!(
            d.title,
            "某某市人民政府关于同意某某市高新区城市总体规划的批复"
        );
        assert_eq!(d.addressees.as_deref(), Some("某某市高新区人民政府"));
    }

    /// A red header come apart at its widest space is still the red header, not a
    /// line of the title.
    #[test]
    fn a_red_header_in_two_pieces_is_one() {
        use Align::*;
        let d = build(
            &[
                para("某某市人民政府", Centered, 5),
                para("文件", Centered, 5),
                para("某府字〔2023〕158号", Centered, 5),
                para("某某市人民政府关于", Centered, 5),
                para("推进高标准农田建设的通知", Centered, 5),
                para("各县（市、区）人民政府：", Flush, 5),
                para("现将有关事项通知如下。", Indented, 5),
            ],
            None,
        );
        assert_eq!(d.red_header.as_deref(), Some("某某市人民政府文件"));
        assert_eq!(d.title, "某某市人民政府关于推进高标准农田建设的通知");
    }

    #[test]
    fn reads_head_closing_and_attached_document() {
        use Align::*;
        let d = build(
            &[
                para("聊城市人民政府文件", Centered, 16),
                para("聊政发〔2018〕44号", Centered, 16),
                para("聊城市人民政府", Centered, 16),
                para("关于印发《聊城市“十三五”深化医药卫生", Centered, 16),
                para("体制改革规划》的通知", Centered, 16),
                para("各县（市、区）人民政府，市政府有关部门：", Flush, 16),
                para("现将《规划》印发给你们，请认真贯彻执行。", Indented, 16),
                para("聊城市人民政府", Right, 16),
                para("2018年8月10日", Right, 16),
                para("聊城市“十三五”深化医药卫生", Centered, 16),
                para("体制改革规划", Centered, 16),
                para("为全面深化医药卫生体制改革，制定本规划。", Indented, 16),
                para("一、规划背景", Indented, 17),
                para("在市委、市政府领导下，取得明显成效。", Indented, 17),
                para("抄送：市委各部门。", Flush, 18),
            ],
            None,
        );
        assert_eq!(d.red_header.as_deref(), Some("聊城市人民政府文件"));
        assert_eq!(d.doc_number.as_deref(), Some("聊政发〔2018〕44号"));
        assert_eq!(
            d.title,
            "聊城市人民政府关于印发《聊城市“十三五”深化医药卫生体制改革规划》的通知"
        );
        assert_eq!(
            d.addressees.as_deref(),
            Some("各县（市、区）人民政府，市政府有关部门")
        );
        assert_eq!(d.signatories, ["聊城市人民政府"]);
        assert_eq!(d.office.as_deref(), Some("聊城市人民政府"));
        assert_eq!(d.date.as_deref(), Some("2018-08-10"));
        assert_eq!(d.attachments, ["聊城市“十三五”深化医药卫生体制改革规划"]);
        assert_eq!(d.distribution, ["抄送：市委各部门。"]);
        let paths: Vec<&str> = d.clauses.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(paths, ["¶1", "¶2", "一"]);
        assert_eq!(d.clauses[2].page, Some(17));
        assert_eq!((d.start_page, d.end_page), (Some(16), Some(18)));
    }

    #[test]
    fn reads_a_decree() {
        use Align::*;
        let d = build(
            &[
                para("中华人民共和国国务院令", Centered, 1),
                para("第 708 号", Centered, 1),
                para(
                    "《全国污染源普查条例》已经国务院通过，现予公布，自公布之日起施行。",
                    Indented,
                    1,
                ),
                para("总理 李克强", Right, 1),
                para("2018年9月18日", Right, 1),
                para("全国污染源普查条例", Centered, 1),
                para("（2018年9月18日公布）", Centered, 1),
                para("第一章　总则", Centered, 1),
                para(
                    "第一条　为了科学、有效地组织实施全国污染源普查，制定本条例。",
                    Indented,
                    2,
                ),
            ],
            Some("中华人民共和国国务院令（第708号）"),
        );
        assert_eq!(d.doc_number.as_deref(), Some("国务院令第708号"));
        // One document: the decree's title is the regulation's, its tree follows.
        assert_eq!(d.title, "全国污染源普查条例");
        assert!(d.attachments.is_empty());
        let labels: Vec<&str> = d.clauses.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(labels, ["¶1", "第一章"]);
        assert_eq!(d.end_page, Some(2));
        assert_eq!(d.red_header, None);
        assert_eq!(d.signatories, ["总理\u{3000}李克强"]);
        assert_eq!(d.date.as_deref(), Some("2018-09-18"));
        assert_eq!(d.office.as_deref(), Some("国务院"));
    }

    /// A decree whose number the layout left indented and whose signature and date
    /// it joined into one line is read like a centred one.
    #[test]
    fn reads_a_decree_with_its_number_off_centre_and_a_joined_signature() {
        use Align::*;
        let d = build(
            &[
                para("某某省人民政府令", Centered, 2),
                para("第１１３号", Indented, 2),
                para(
                    "《某某省古树名木保护管理办法》已经省政府常务会议通过，现予公布。",
                    Indented,
                    2,
                ),
                para("省长张三2017年3月13日", Right, 2),
                para("某某省古树名木保护管理办法", Centered, 3),
                para("第一章　总则", Centered, 3),
                para("第一条　为了加强保护，制定本办法。", Indented, 3),
            ],
            None,
        );
        assert_eq!(d.doc_number.as_deref(), Some("某某省人民政府令第１１３号"));
        assert_eq!(d.title, "某某省古树名木保护管理办法");
        assert_eq!(d.date.as_deref(), Some("2017-03-13"));
        assert_eq!(d.signatories, ["省长\u{3000}张三"]);
        assert_eq!(d.office.as_deref(), Some("某某省人民政府"));
    }

    /// A notice without 文号 takes its office and date from a signature wrapped over
    /// two lines, the first one indented like body text; a date joined to the
    /// publication note still dates it.
    #[test]
    fn reads_a_wrapped_signature_and_a_date_joined_to_its_note() {
        use Align::*;
        let body = [
            para("某某省疫情防控工作领导小组办公室", Centered, 6),
            para("关于调整疫情防控措施的通告", Centered, 6),
            para("一、本通告自发布之日起施行。", Flush, 6),
            para("特此通告。", Flush, 6),
            para("某某省疫情防控工作领导小组", Indented, 6),
        ];
        for (second, date) in [
            (
                para("办公室", Indented, 6),
                para("二〇一九年四月十六日", Indented, 6),
            ),
            (
                para("（指挥部）办公室", Right, 6),
                para("2019年4月16日（此件公开发布）", Indented, 6),
            ),
            (
                para("办公室", Right, 6),
                para("2019年4月16日附件1", Indented, 6),
            ),
        ] {
            let mut paras = body.to_vec();
            paras.extend([second, date]);
            let d = build(&paras, None);
            let office = d.office.unwrap_or_default();
            assert!(office.starts_with("某某省疫情防控工作领导小组"), "{office}");
            assert!(office.ends_with("办公室"), "{office}");
            assert_eq!(d.date.as_deref(), Some("2019-04-16"));
        }
        let joint = build(
            &[
                para("中共某某省委办公厅某某省人民政府办公厅", Centered, 7),
                para("关于加快发展养老服务业的通知", Centered, 7),
                para("一、总体要求。坚持统筹推进。", Indented, 7),
            ],
            None,
        );
        assert_eq!(
            joint.office.as_deref(),
            Some("中共某某省委办公厅、某某省人民政府办公厅")
        );
    }

    #[test]
    fn reads_joint_signatures_and_the_distribution_block() {
        use Align::*;
        let d = build(
            &[
                para("中共山东省委办公厅山东省人民政府办公厅", Centered, 7),
                para("关于进一步加强基层应急管理能力建设的意见", Centered, 7),
                para("鲁办发〔2019〕21号", Centered, 7),
                para(
                    "一、健全基层应急管理组织体系。乡镇要明确应急管理机构。",
                    Indented,
                    7,
                ),
                para("中共山东省委办公厅", Indented, 7),
                para("山东省人民政府办公厅", Right, 7),
                para("2019年5月16日", Right, 7),
                para("（此件公开发布）", Indented, 7),
                para("抄送：省委各部门，省人大常委会办公厅，", Indented, 7),
                para("济南军区，省军区。", Flush, 7),
                para("山东省人民政府办公厅", Indented, 7),
                para("2019年6月3日印发", Right, 7),
            ],
            None,
        );
        assert_eq!(d.red_header, None);
        assert_eq!(
            d.title,
            "中共山东省委办公厅山东省人民政府办公厅关于进一步加强基层应急管理能力建设的意见"
        );
        assert_eq!(d.doc_number.as_deref(), Some("鲁办发〔2019〕21号"));
        assert_eq!(
            d.signatories,
            ["中共山东省委办公厅", "山东省人民政府办公厅"]
        );
        assert_eq!(
            d.office.as_deref(),
            Some("中共山东省委办公厅、山东省人民政府办公厅")
        );
        assert_eq!(d.date.as_deref(), Some("2019-05-16"));
        assert_eq!(d.distribution.len(), 5);
        assert_eq!(d.clauses.len(), 1);
        assert_eq!(d.clauses[0].text, "乡镇要明确应急管理机构。");
    }

    /// A 任免 notice whose signature date a scan garbled has no closing to name its
    /// office: the office before its title's 关于 does (GB/T 9704 titles open with the
    /// issuer), where the title's first line runs on past the office.
    #[test]
    fn a_title_names_its_office_before_its_about() {
        use Align::*;
        let d = build(
            &[
                para("某某市人民政府关于张三", Centered, 7),
                para("等同志职务任免的通知", Centered, 7),
                para("经某某市人民政府研究决定：", Indented, 7),
                para("任命张三为市教育局副局长。", Indented, 7),
                para("某某市人民政府", Right, 7),
                para("三〇二一年月三十主自", Right, 7),
            ],
            None,
        );
        assert_eq!(d.title, "某某市人民政府关于张三等同志职务任免的通知");
        assert_eq!(d.office.as_deref(), Some("某某市人民政府"));
        assert_eq!(d.date, None);
    }

    #[test]
    fn reads_a_chronicle() {
        use Align::*;
        let d = build(
            &[
                para("聊城市人民政府大事记", Centered, 71),
                para("（2018年7月）", Centered, 71),
                para("2日，市委全会举行。", Indented, 71),
                para("△水城论坛举办。", Indented, 71),
            ],
            None,
        );
        assert_eq!(d.kind, DocumentKind::Chronicle);
        assert_eq!(d.title, "聊城市人民政府大事记（2018年7月）");
        assert_eq!(d.office, None);
        assert_eq!(d.clauses[0].label, "2日");
    }
}
