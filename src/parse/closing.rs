//! A document's closing matter (GB/T 9704 主体 end and 版记): 发文机关署名 over one or
//! two lines or side by side, 成文日期, 附注, 附件说明 and attached documents' titles,
//! 抄送/印发; and what separates it from the body clauses.

use super::clause::{self, BodyPara};
use super::patterns::{date_line, is_office_name, regex, signed_date};
use crate::layout::{ends_sentence, Align, Para};

/// The paragraphs with a signature joined to its date (`总理李克强2019年6月8日`)
/// split in two, signature then date, both set off to the right as printed; so is a
/// date joined to the publication note or the 附件 label under it
/// (`2017年1月28日（此件公开发布）`, `2021年9月16日附件1`).
pub(super) fn split_signed_dates(paras: &[Para]) -> Vec<Para> {
    let mut out = Vec::with_capacity(paras.len());
    let date_and_note = regex!(r"^(.{6,24}日)\s*([（(][^（）()]{2,20}[）)]|附件\s*\d*)$");
    for p in paras {
        let noted = date_and_note
            .captures(p.text.trim())
            .filter(|c| date_line(&c[1]).is_some());
        if let Some(c) = noted {
            for (text, align) in [(&c[1], Align::Right), (&c[2], p.align)] {
                out.push(Para {
                    text: text.to_string(),
                    align,
                    ..p.clone()
                });
            }
            continue;
        }
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

/// The closing matter of a document and the body paragraphs before it.
pub(super) struct Closing {
    pub signatories: Vec<String>,
    pub date: Option<String>,
    pub attachments: Vec<String>,
    pub distribution: Vec<String>,
    pub body: Vec<BodyPara>,
}

/// Separates the closing matter from the body paragraphs. The first date standing on
/// its own line dates the document and the short set-off lines just above it are the
/// signatures; centred lines right after it title an attached document, whose text
/// goes on as body. 附件 lines stay in the body (they are read) and are also listed.
pub(super) fn closing(paras: &[Para]) -> Closing {
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
                    // The first line of an issuer's name wrapped over two lines.
                    let wrapped = out.signatories.first().is_some_and(|s| continues_name(s));
                    if !(short && (set_off || wrapped || is_office_name(&last.text))) {
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
    out.date = out
        .date
        .map(|signed| issued_no_earlier(signed, &out.distribution));
    out
}

/// The signed date, or the 印发 date's where the two differ only in a year the signed
/// one puts later: a document is sent out (印发) on or after the day it is signed, so
/// a signed year after the year it was sent out in is misread (a scan's 二〇三〇 for
/// 二〇二〇).
fn issued_no_earlier(signed: String, distribution: &[String]) -> String {
    let sent = distribution.iter().find_map(|line| {
        let found = regex!(r"([0-9〇零○一二三四五六七八九]{4}\s*年\s*[0-9一二三四五六七八九十]{1,3}\s*月\s*[0-9一二三四五六七八九十]{1,3}\s*日)\s*印发").captures(line)?;
        date_line(&found[1])
    });
    match sent {
        Some(sent) if sent < signed && sent.get(4..) == signed.get(4..) => sent,
        _ => signed,
    }
}

/// The names a signature block signs with. An issuer's name too long for one line goes
/// on in a line that starts with a bracket or the tail of an office name
/// (`××领导小组` / `（指挥部）办公室`); joint issuers set side by side on one line are
/// two names.
pub(super) fn signature_names(lines: Vec<String>) -> Vec<String> {
    let mut joined: Vec<String> = Vec::with_capacity(lines.len());
    for line in lines {
        match joined.last_mut() {
            Some(prev) if continues_name(&line) || office_word_spans(prev, &line) => {
                prev.push_str(&line)
            }
            _ => joined.push(line),
        }
    }
    joined
        .into_iter()
        .flat_map(|name| split_joint(&name).unwrap_or_else(|| vec![name]))
        .collect()
}

/// Whether a signature line goes on with the issuer's name of the line above: it
/// starts with a bracket or the tail of an office name (`（指挥部）办公室`, `办公室`).
fn continues_name(line: &str) -> bool {
    line.starts_with(['（', '(', '办', '厅', '室', '局', '部', '委', '会'])
}

/// Whether a word of an office's name runs over the break between two signature
/// lines (`××安全生产委` / `员会办公室`): a narrow column wraps a name anywhere.
fn office_word_spans(first: &str, second: &str) -> bool {
    const WORDS: [&str; 9] = [
        "委员会",
        "办公室",
        "办公厅",
        "人民政府",
        "领导小组",
        "管理局",
        "管委会",
        "指挥部",
        "工作组",
    ];
    let joined = format!("{first}{second}");
    let cut = first.len();
    WORDS.iter().any(|w| {
        joined
            .match_indices(w)
            .any(|(at, _)| at < cut && at + w.len() > cut)
    })
}

/// Two issuers printed as one run (`中共××省委办公厅××省人民政府办公厅`): the first
/// cut where both sides are office names and the second does not begin with an office
/// name's tail.
pub(super) fn split_joint(name: &str) -> Option<Vec<String>> {
    if !is_office_name(name) {
        return None;
    }
    name.char_indices().skip(4).find_map(|(i, c)| {
        let (a, b) = name.split_at(i);
        let tail = "办厅室局部委会院署（()）";
        (b.chars().count() >= 4
            && !tail.contains(c)
            && !office_word_spans(a, b)
            && is_office_name(a)
            && is_office_name(b))
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

    #[test]
    fn a_signed_year_after_the_year_sent_out_is_the_year_sent_out() {
        let sent = |line: &str| vec!["抄送：某某市委各部门。".to_string(), line.to_string()];
        let kept = "2020-01-12".to_string();
        assert_eq!(
            issued_no_earlier(
                "2030-01-12".into(),
                &sent("某某市人民政府办公室 二〇二〇年一月十二日印发")
            ),
            kept
        );
        assert_eq!(
            issued_no_earlier("2030-01-12".into(), &sent("2020年1月12日印发")),
            kept
        );
        // Sent out later, on another day, or with no date: the signed date stands.
        for line in [
            "2020年1月15日印发",
            "2019年12月30日印发",
            "（此件公开发布）",
        ] {
            assert_eq!(issued_no_earlier(kept.clone(), &sent(line)), kept);
        }
        assert_eq!(
            issued_no_earlier("2030-01-12".into(), &sent("2020年1月15日印发")),
            "2030-01-12"
        );
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
        assert_eq!(
            names(&["某某省疫情防控工作领导小组", "办公室"]),
            ["某某省疫情防控工作领导小组办公室"]
        );
        assert_eq!(
            names(&["某某市安全生产委", "员会办公室"]),
            ["某某市安全生产委员会办公室"]
        );
        assert_eq!(
            names(&["某某自治区人民政", "府办公厅"]),
            ["某某自治区人民政府办公厅"]
        );
        // Two whole offices on two lines stay two.
        assert_eq!(
            names(&["中共某某市委办公室", "某某市人民政府办公室"]),
            ["中共某某市委办公室", "某某市人民政府办公室"]
        );
        assert_eq!(names(&["总理　李克强"]), ["总理　李克强"]);
    }
}
