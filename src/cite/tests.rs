//! Citations checked against ones written out by hand for each kind of document.

use super::locator::chinese_number;
use super::{cite, Style};
use crate::error::ErrorKind;
use crate::views::{ClauseView, DocumentView, IssueKey, ParentIssue};

fn clause(path: &str, heading: Option<&str>, text: &str, page: u32) -> ClauseView {
    ClauseView {
        id: 0,
        path: path.to_string(),
        label: path.rsplit('/').next().unwrap_or(path).to_string(),
        heading: heading.map(str::to_string),
        text: text.to_string(),
        page: Some(page),
        pdf_page: page + 1,
        children: Vec::new(),
    }
}

fn with(mut parent: ClauseView, children: Vec<ClauseView>) -> ClauseView {
    parent.children = children;
    parent
}

struct Head<'a> {
    gazette: &'a str,
    year: i32,
    number: i32,
    office: Option<&'a str>,
    doc_number: Option<&'a str>,
    title: &'a str,
    pages: (u32, u32),
}

fn document(head: Head, kind: &str, clauses: Vec<ClauseView>) -> DocumentView {
    DocumentView {
        id: 7,
        issue: ParentIssue {
            issue_id: 1,
            key: IssueKey {
                gazette: head.gazette.to_string(),
                year: head.year,
                number: head.number,
            },
            number_label: if head.gazette.contains("国务院") {
                format!("第{}号", head.number)
            } else {
                format!("第{}期", head.number)
            },
        },
        kind: kind.to_string(),
        section: None,
        red_header: None,
        office: head.office.map(str::to_string),
        doc_number: head.doc_number.map(str::to_string),
        title: head.title.to_string(),
        addressees: None,
        date: None,
        signatories: Vec::new(),
        start_page: Some(head.pages.0),
        end_page: Some(head.pages.1),
        start_pdf_page: head.pages.0 + 1,
        continuations: Vec::new(),
        attachments: Vec::new(),
        distribution: Vec::new(),
        clauses,
        status: None,
        ocr: None,
    }
}

fn policy() -> DocumentView {
    let tasks = with(
        clause("二", Some("主要任务"), "", 3),
        vec![with(
            clause("二/（一）", Some("建立健全政务诚信工作机制"), "", 3),
            vec![clause(
                "二/（一）/1",
                Some("深入推进依法行政"),
                "各级政府、部门和公务员要认真贯彻实施法治政府建设实施纲要。",
                4,
            )],
        )],
    );
    let aims = with(
        clause("一", Some("总体要求"), "", 2),
        vec![clause(
            "一/（一）",
            Some("指导思想"),
            "全面贯彻党的十九大精神。",
            2,
        )],
    );
    document(
        Head {
            gazette: "聊城市人民政府公报",
            year: 2018,
            number: 8,
            office: Some("聊城市人民政府"),
            doc_number: Some("聊政发〔2018〕41号"),
            title: "聊城市人民政府关于加强政务诚信建设的实施意见",
            pages: (2, 7),
        },
        "document",
        vec![
            clause("¶1", None, "为加强我市政务诚信建设，提出如下意见。", 2),
            aims,
            tasks,
        ],
    )
}

fn regulation() -> DocumentView {
    let chapter = with(
        clause("第二章", Some("应急准备"), "", 4),
        vec![
            with(
                clause("第二章/第十条", None, "应急救援队伍应当履行下列职责：", 4),
                vec![
                    clause("第二章/第十条/（一）", None, "组织应急演练；", 4),
                    clause("第二章/第十条/（二）", None, "维护救援装备。", 4),
                ],
            ),
            clause(
                "第二章/第十二条",
                None,
                "生产经营单位应当及时将应急救援预案报送备案。\n乡、镇人民政府应当将应急救援队伍建立情况报送县级人民政府。",
                5,
            ),
            with(
                clause(
                    "第二章/第十三条",
                    None,
                    "县级以上人民政府应当建立应急值班制度。\n下列单位应当建立应急值班制度：",
                    5,
                ),
                vec![clause("第二章/第十三条/（一）", None, "危险物品的生产单位；", 6)],
            ),
        ],
    );
    document(
        Head {
            gazette: "中华人民共和国国务院公报",
            year: 2019,
            number: 12,
            office: Some("国务院"),
            doc_number: Some("国务院令第708号"),
            title: "生产安全事故应急条例",
            pages: (3, 9),
        },
        "document",
        vec![chapter],
    )
}

fn chronicle() -> DocumentView {
    document(
        Head {
            gazette: "聊城市人民政府公报",
            year: 2018,
            number: 8,
            office: None,
            doc_number: None,
            title: "聊城市人民政府大事记（2018年7月）",
            pages: (71, 74),
        },
        "chronicle",
        vec![
            clause(
                "2日",
                None,
                "中国共产党聊城市第十三届委员会第五次全体（扩大）会议举行。",
                71,
            ),
            clause("5日-6日", None, "副省长到聊城督导检查。", 71),
        ],
    )
}

fn law(document: &DocumentView, clause: Option<&str>) -> String {
    cite(document, 0, clause, Style::Law).expect("cites").text
}

#[test]
fn a_policy_clause_in_each_style() {
    let doc = policy();
    let title = "《聊城市人民政府关于加强政务诚信建设的实施意见》（聊政发〔2018〕41号）";
    assert_eq!(
        law(&doc, Some("二/（一）")),
        format!("{title}第二部分第（一）项，载《聊城市人民政府公报》2018年第8期，第3页。")
    );
    assert_eq!(
        law(&doc, Some("二/（一）/1")),
        format!("{title}第二部分第（一）项第1目，载《聊城市人民政府公报》2018年第8期，第4页。")
    );
    assert_eq!(
        law(&doc, Some("一")),
        format!("{title}第一部分，载《聊城市人民政府公报》2018年第8期，第2页。")
    );
    assert_eq!(
        law(&doc, Some("¶1")),
        format!("{title}第1段，载《聊城市人民政府公报》2018年第8期，第2页。")
    );
    let gbt = cite(&doc, 0, Some("二/（一）/1"), Style::Gbt7714).expect("cites");
    assert_eq!(
        gbt.text,
        "聊城市人民政府. 聊城市人民政府关于加强政务诚信建设的实施意见: 聊政发〔2018〕41号[J]. 聊城市人民政府公报, 2018(8): 4."
    );
    let gbt = cite(&doc, 0, Some("二/（一）/1"), Style::Gbt7714_2025).expect("cites");
    assert_eq!(
        gbt.text,
        "聊城市人民政府. 聊城市人民政府关于加强政务诚信建设的实施意见：聊政发〔2018〕41号[J]. 聊城市人民政府公报，2018（8）：4."
    );
    let plain = cite(&doc, 0, Some("二/（一）/1"), Style::Plain).expect("cites");
    assert_eq!(
        plain.text,
        format!(
            "“各级政府、部门和公务员要认真贯彻实施法治政府建设实施纲要。”\n——{title}第二部分第（一）项第1目，《聊城市人民政府公报》2018年第8期，第4页"
        )
    );
    // A heading without text of its own is quoted by its heading.
    let plain = cite(&doc, 0, Some("二/（一）"), Style::Plain).expect("cites");
    assert!(plain.text.starts_with("“建立健全政务诚信工作机制”\n——"));
    assert_eq!(plain.locator.as_deref(), Some("第二部分第（一）项"));
    assert_eq!(plain.clause_path.as_deref(), Some("二/（一）"));
    assert_eq!(plain.source, "《聊城市人民政府公报》2018年第8期，第3页");
}

#[test]
fn a_whole_document_is_cited_with_its_page_range() {
    let doc = policy();
    let citation = cite(&doc, 0, None, Style::Law).expect("cites");
    assert_eq!(
        citation.text,
        "《聊城市人民政府关于加强政务诚信建设的实施意见》（聊政发〔2018〕41号），载《聊城市人民政府公报》2018年第8期，第2-7页。"
    );
    assert_eq!(citation.locator, None);
    let gbt = cite(&doc, 0, None, Style::Gbt7714).expect("cites");
    assert!(
        gbt.text.ends_with("聊城市人民政府公报, 2018(8): 2-7."),
        "{}",
        gbt.text
    );
    let gbt = cite(&doc, 0, None, Style::Gbt7714_2025).expect("cites");
    assert!(
        gbt.text.ends_with("聊城市人民政府公报，2018（8）：2-7."),
        "{}",
        gbt.text
    );
    // Nothing to quote: plain text is the reference and its source.
    let plain = cite(&doc, 0, None, Style::Plain).expect("cites");
    assert_eq!(plain.text, format!("{}，{}", plain.reference, plain.source));
}

#[test]
fn a_regulation_is_cited_by_article_paragraph_and_item() {
    let doc = regulation();
    assert_eq!(
        law(&doc, Some("第十二条/第二款")),
        "《生产安全事故应急条例》第十二条第二款，载《中华人民共和国国务院公报》2019年第12号，第5页。"
    );
    assert_eq!(
        law(&doc, Some("第二章/第十二条/第2款")),
        law(&doc, Some("第十二条/第二款"))
    );
    // Items follow the article's last paragraph; one paragraph is not counted.
    let reference = |path| {
        cite(&doc, 0, Some(path), Style::Law)
            .expect("cites")
            .reference
    };
    assert_eq!(
        reference("第二章/第十三条/（一）"),
        "《生产安全事故应急条例》第十三条第二款第（一）项"
    );
    assert_eq!(
        reference("第十条/（二）"),
        "《生产安全事故应急条例》第十条第（二）项"
    );
    assert_eq!(reference("第十二条"), "《生产安全事故应急条例》第十二条");
    assert_eq!(reference("第二章"), "《生产安全事故应急条例》第二章");
    assert_eq!(
        cite(&doc, 0, Some("第十二条/第二款"), Style::Gbt7714)
            .expect("cites")
            .text,
        "国务院. 生产安全事故应急条例: 国务院令第708号[J]. 中华人民共和国国务院公报, 2019(12): 5."
    );
    assert_eq!(
        cite(&doc, 0, Some("第十二条/第二款"), Style::Gbt7714_2025)
            .expect("cites")
            .text,
        "国务院. 生产安全事故应急条例：国务院令第708号[J]. 中华人民共和国国务院公报，2019（12）：5."
    );
    assert_eq!(
        cite(&doc, 0, Some("第十二条/第二款"), Style::Plain)
            .expect("cites")
            .text,
        "“乡、镇人民政府应当将应急救援队伍建立情况报送县级人民政府。”\n——《生产安全事故应急条例》第十二条第二款，《中华人民共和国国务院公报》2019年第12号，第5页"
    );
}

#[test]
fn a_chronicle_entry_is_cited_by_its_day() {
    let doc = chronicle();
    assert_eq!(
        law(&doc, Some("2日")),
        "《聊城市人民政府大事记（2018年7月）》“2日”条，载《聊城市人民政府公报》2018年第8期，第71页。"
    );
    assert_eq!(
        cite(&doc, 0, Some("5日-6日"), Style::Gbt7714)
            .expect("cites")
            .text,
        "聊城市人民政府大事记（2018年7月）[J]. 聊城市人民政府公报, 2018(8): 71."
    );
    assert_eq!(
        cite(&doc, 0, Some("5日-6日"), Style::Gbt7714_2025)
            .expect("cites")
            .text,
        "聊城市人民政府大事记（2018年7月）[J]. 聊城市人民政府公报，2018（8）：71."
    );
    assert_eq!(
        cite(&doc, 0, Some("5日-6日"), Style::Plain).expect("cites").text,
        "“副省长到聊城督导检查。”\n——《聊城市人民政府大事记（2018年7月）》“5日-6日”条，《聊城市人民政府公报》2018年第8期，第71页"
    );
}

#[test]
fn a_document_without_a_number_is_cited_by_its_issuer_and_title() {
    let doc = document(
        Head {
            gazette: "聊城市人民政府公报",
            year: 2018,
            number: 9,
            office: Some("聊城市人民政府办公室"),
            doc_number: None,
            title: "关于开展全市安全生产大检查的通知",
            pages: (12, 13),
        },
        "document",
        vec![clause("三", Some("工作要求"), "各单位要落实责任。", 13)],
    );
    assert_eq!(
        law(&doc, Some("三")),
        "《聊城市人民政府办公室关于开展全市安全生产大检查的通知》第三部分，载《聊城市人民政府公报》2018年第9期，第13页。"
    );
    assert_eq!(
        cite(&doc, 0, Some("三"), Style::Gbt7714).expect("cites").text,
        "聊城市人民政府办公室. 关于开展全市安全生产大检查的通知[J]. 聊城市人民政府公报, 2018(9): 13."
    );
    assert_eq!(
        cite(&doc, 0, Some("三"), Style::Gbt7714_2025)
            .expect("cites")
            .text,
        "聊城市人民政府办公室. 关于开展全市安全生产大检查的通知[J]. 聊城市人民政府公报，2018（9）：13."
    );
    assert_eq!(
        cite(&doc, 0, Some("三"), Style::Plain).expect("cites").text,
        "“各单位要落实责任。”\n——《聊城市人民政府办公室关于开展全市安全生产大检查的通知》第三部分，《聊城市人民政府公报》2018年第9期，第13页"
    );
}

#[test]
fn titles_inside_a_title_take_single_angle_marks() {
    let mut doc = policy();
    doc.title = "聊城市人民政府关于印发《聊城市技术转移体系建设实施方案》的通知".into();
    assert!(law(&doc, None).starts_with(
        "《聊城市人民政府关于印发〈聊城市技术转移体系建设实施方案〉的通知》（聊政发〔2018〕41号）"
    ));
}

#[test]
fn unknown_ambiguous_and_missing_paragraphs_are_refused() {
    let doc = policy();
    let kind = |path| {
        cite(&doc, 0, Some(path), Style::Law)
            .map(|_| ())
            .unwrap_err()
            .kind()
    };
    assert_eq!(kind("（一）"), ErrorKind::InvalidArgument);
    assert_eq!(kind("五"), ErrorKind::NotFound);
    let doc = regulation();
    let kind = |path| {
        cite(&doc, 0, Some(path), Style::Law)
            .map(|_| ())
            .unwrap_err()
            .kind()
    };
    assert_eq!(kind("第十二条/第三款"), ErrorKind::NotFound);
}

#[test]
fn styles_are_named_as_on_the_command_line() {
    assert_eq!("law".parse::<Style>().ok(), Some(Style::Law));
    assert_eq!("GB/T7714".parse::<Style>().ok(), Some(Style::Gbt7714));
    assert_eq!("gbt-7714".parse::<Style>().ok(), Some(Style::Gbt7714));
    assert_eq!(
        "gbt7714-2025".parse::<Style>().ok(),
        Some(Style::Gbt7714_2025)
    );
    assert_eq!(
        "GB/T 7714-2025".parse::<Style>().ok(),
        Some(Style::Gbt7714_2025)
    );
    assert_eq!(
        serde_json::to_string(&Style::Gbt7714_2025).ok().as_deref(),
        Some("\"gbt7714-2025\"")
    );
    assert_eq!("Plain".parse::<Style>().ok(), Some(Style::Plain));
    assert!("apa".parse::<Style>().is_err());
}

#[test]
fn numbers_are_written_in_chinese() {
    for (n, want) in [
        (1, "一"),
        (10, "十"),
        (12, "十二"),
        (20, "二十"),
        (99, "九十九"),
        (105, "一百零五"),
        (110, "一百一十"),
        (230, "二百三十"),
    ] {
        assert_eq!(chinese_number(n), want);
    }
}
