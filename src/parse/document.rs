//! One document: its head (red header, 文号, title lines, addressees), its closing
//! matter (signatures, date, 附件, 抄送/印发) and its body, which `clause` structures.
//! The caller hands over the document's paragraphs already stitched in reading order.

use super::clause::{self, BodyPara};
use super::patterns::{
    date_line, decree_number_line, doc_number_line, is_office_name, regex, signed_date,
};
use crate::layout::ends_sentence;
use crate::layout::{Align, Para};
use crate::model::{Document, DocumentKind};

/// Builds a document from its paragraphs: head, body clauses and closing matter.
pub fn build(paras: &[Para], toc_title: Option<&str>) -> Document {
    let split = split_signed_dates(paras);
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
        let names_office =
            regex!(r"文件$|大事记$").is_match(first) || (is_office_name(first) && second_is_number);
        if !decree && names_office && doc_number_line(first).is_none() {
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
    // joint issuers side by side) is part of the title, and also names the office.
    let title_office = title_lines
        .first()
        .filter(|_| title_lines.len() >= 2)
        .map(|first| issuers(first))
        .filter(|names| !names.is_empty())
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
        if t.ends_with(['：', ':'])
            && t.chars().count() <= 150
            && !matches!(p.align, Align::Centered)
            && !clause::starts_clause(t)
        {
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

/// The paragraphs with a signature joined to its date (`总理李克强2019年6月8日`)
/// split in two, signature then date, both set off to the right as printed.
fn split_signed_dates(paras: &[Para]) -> Vec<Para> {
    let mut out = Vec::with_capacity(paras.len());
    for p in paras {
        match signed_date(&p.text).filter(|_| !matches!(p.align, Align::Centered)) {
            Some((name, _)) => {
                let date = p.text.trim()[name.len()..].trim().to_string();
                out.push(Para {
                    text: name,
                    align: Align::Right,
                    ..p.clone()
                });
                out.push(Para {
                    text: date,
                    align: Align::Right,
                    ..p.clone()
                });
            }
            None => out.push(p.clone()),
        }
    }
    out
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

struct Closing {
    signatories: Vec<String>,
    date: Option<String>,
    attachments: Vec<String>,
    distribution: Vec<String>,
    body: Vec<BodyPara>,
}

/// Separates the closing matter from the body paragraphs. The first date standing on
/// its own line dates the document and the short set-off lines just above it are the
/// signatures; centred lines right after it title an attached document, whose text
/// goes on as body. 附件 lines stay in the body (they are read) and are also listed.
fn closing(paras: &[Para]) -> Closing {
    let mut out = Closing {
        signatories: Vec::new(),
        date: None,
        attachments: Vec::new(),
        distribution: Vec::new(),
        body: Vec::new(),
    };
    let set_off = |p: &Para| matches!(p.align, Align::Right | Align::Centered);
    let mut attachment_title: Vec<String> = Vec::new();
    let mut after_date = false;
    // Whether each body paragraph so far was set off to the right or centre.
    let mut body_set_off: Vec<bool> = Vec::new();
    let distribution =
        regex!(r"^(抄送|印发|发送|分送|主题词)\s*[：:]|\d{4}年\d{1,2}月\d{1,2}日\s*印发?$");
    // Set once the 抄送/印发 block has begun.
    let mut closed = false;
    let note_re = regex!(r"^[（(][^（）()]{2,20}[）)]$");
    let attachment_label = regex!(r"^附件\s*\d*$");
    let attachment = regex!(r"^附件\s*\d*\s*[：:]\s*(.+)$");
    for p in paras {
        let text = p.text.trim();
        if let Some(iso) = date_line(text).filter(|_| set_off(p) || text.chars().count() <= 16) {
            if out.date.is_none() {
                out.date = Some(iso);
                // Signatures: the set-off short lines just before the date.
                // Side-by-side joint signatures may leave the left one looking like
                // an indented line, so an office name counts as set off too.
                while let (Some(last), Some(&set_off)) = (out.body.last(), body_set_off.last()) {
                    let short = last.text.chars().count() <= 40
                        && !last.text.contains(['。', '，', '；', '：']);
                    if !(short && (set_off || is_office_name(&last.text))) {
                        break;
                    }
                    body_set_off.pop();
                    if let Some(b) = out.body.pop() {
                        out.signatories.insert(0, signatory(&b.text));
                    }
                }
            }
            after_date = true;
            continue;
        }
        // Publication notes (`（此件公开发布）`) are distribution matter.
        // The 抄送/印发 block closes the document: all that follows belongs to it.
        let note = after_date && note_re.is_match(text);
        closed = closed || distribution.is_match(text);
        if closed || note {
            out.distribution.push(text.to_string());
            continue;
        }
        // A bare `附件` / `附件2` label opens the attached document's title.
        if after_date && attachment_label.is_match(text) {
            continue;
        }
        if after_date
            && matches!(p.align, Align::Centered)
            && !ends_sentence(text)
            && !clause::starts_clause(text)
        {
            attachment_title.push(text.to_string());
            continue;
        }
        if !attachment_title.is_empty() {
            out.attachments.push(attachment_title.concat());
            attachment_title.clear();
        }
        after_date = false;
        if let Some(c) = attachment.captures(text) {
            out.attachments.push(c[1].trim().to_string());
        }
        body_set_off.push(set_off(p));
        out.body.push(BodyPara {
            text: text.to_string(),
            page: p.page,
            pdf_page: p.pdf_page,
        });
    }
    if !attachment_title.is_empty() {
        out.attachments.push(attachment_title.concat());
    }
    out
}

/// The names a signature block signs with. An issuer's name too long for one line goes
/// on in a line that starts with a bracket or the tail of an office name
/// (`××领导小组` / `（指挥部）办公室`); joint issuers set side by side on one line are
/// two names.
fn signature_names(lines: Vec<String>) -> Vec<String> {
    let continues = |t: &str| t.starts_with(['（', '(', '办', '厅', '室', '局', '部', '委', '会']);
    let mut joined: Vec<String> = Vec::with_capacity(lines.len());
    for line in lines {
        match joined.last_mut() {
            Some(prev) if continues(&line) => prev.push_str(&line),
            _ => joined.push(line),
        }
    }
    joined
        .into_iter()
        .flat_map(|name| split_joint(&name).unwrap_or_else(|| vec![name]))
        .collect()
}

/// Two issuers printed as one run (`中共××省委办公厅××省人民政府办公厅`): the first
/// cut where both sides are office names and the second does not begin with an office
/// name's tail.
fn split_joint(name: &str) -> Option<Vec<String>> {
    if !is_office_name(name) {
        return None;
    }
    name.char_indices().skip(4).find_map(|(i, c)| {
        let (a, b) = name.split_at(i);
        let tail = "办厅室局部委会院署（()）";
        (b.chars().count() >= 4 && !tail.contains(c) && is_office_name(a) && is_office_name(b))
            .then(|| vec![a.to_string(), b.to_string()])
    })
}

/// A signature as it should read: a title and a name (`总理　李克强`) keep the
/// ideographic space that extraction loses.
fn signatory(text: &str) -> String {
    match regex!(r"^(总理|副总理|国务院总理|主席|省长|市长|县长|区长|主任|部长|局长|厅长|书记)\s*([\p{Han}·]{2,4})$")
        .captures(text.trim())
    {
        Some(c) => format!("{}\u{3000}{}", &c[1], &c[2]),
        None => text.trim().to_string(),
    }
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

    #[test]
    fn signature_names_join_wrapped_lines_and_split_joint_issuers() {
        let names = |lines: &[&str]| signature_names(lines.iter().map(|l| l.to_string()).collect());
        assert_eq!(
            names(&["某某市疫情防控工作领导小组", "（指挥部）办公室"]),
            ["某某市疫情防控工作领导小组（指挥部）办公室"]
        );
        assert_eq!(
            names(&["中共某某省委办公厅某某省人民政府办公厅"]),
            ["中共某某省委办公厅", "某某省人民政府办公厅"]
        );
        assert_eq!(names(&["某某市人民政府办公室"]), ["某某市人民政府办公室"]);
        assert_eq!(names(&["总理　李克强"]), ["总理　李克强"]);
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
