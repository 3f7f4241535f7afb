//! Segmentation of small hand-built issues: where documents start and end.

use super::*;
use crate::layout::test_para as para;

/// A 目录 entry without a 文号, listed on `page`.
fn entry(title: &str, page: u32) -> TocEntry {
    TocEntry {
        title: title.into(),
        doc_number: None,
        page: Some(page),
        document: None,
    }
}

/// A decree with the regulation it promulgates is one document.
#[test]
fn a_decree_keeps_its_regulation() {
    use Align::*;
    let mut paras = vec![
        para("某某省人民政府令", Centered, 2),
        para("第3号", Centered, 2),
        para(
            "《某某省管线管理办法》已经省政府常务会议通过，现予公布。",
            Indented,
            2,
        ),
        para("省长　张三", Right, 2),
        para("2020年5月1日", Right, 2),
        para("某某省管线管理办法", Centered, 2),
        para("第一章　总则", Centered, 3),
        para("第一条　为了加强管理，制定本办法。", Indented, 3),
        para("某某省人民政府文件", Centered, 4),
        para("某政发〔2020〕3号", Centered, 4),
        para("某某省人民政府关于加强管理的通知", Centered, 4),
        para("一、加强领导。压实责任。", Indented, 4),
        para("某某省人民政府", Right, 4),
        para("2020年5月2日", Right, 4),
    ];
    for (i, p) in paras.iter_mut().enumerate() {
        p.page_start = [0, 6, 8].contains(&i);
    }
    let sections = vec![TocSection {
        title: "省政府令".into(),
        entries: vec![
            entry("某某省人民政府令（第3号）", 2),
            entry("某某省管线管理办法", 2),
        ],
    }];
    let (docs, entry_docs) = segment(paras, &sections);
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0].doc_number.as_deref(), Some("某某省人民政府令第3号"));
    assert_eq!(docs[0].title, "某某省管线管理办法");
    assert_eq!((docs[0].start_page, docs[0].end_page), (Some(2), Some(3)));
    assert_eq!(entry_docs, vec![vec![Some(0), Some(0)]]);
    assert_eq!(docs[1].title, "某某省人民政府关于加强管理的通知");
}

/// A tail the layout joined to the last paragraph of the page before is split
/// off at its 上接 marker and goes back to its document.
#[test]
fn a_tail_joined_to_the_page_before_is_split_off() {
    use Align::*;
    let mut paras = vec![
        para("某某市人民政府办公室文件", Centered, 8),
        para("关于加强垃圾分类工作的通知", Centered, 8),
        para("一、工作目标。加强督促检查。（下转第11页）", Indented, 8),
        para("某某市人民政府大事记", Centered, 10),
        para(
            "11日，召开常务会议。（上接第8页）二、保障措施。落实责任。",
            Flush,
            10,
        ),
        para("某某市人民政府办公室", Right, 11),
        para("2020年7月2日", Right, 11),
    ];
    paras[2].page_end = true;
    paras[3].page_start = true;
    paras[4].end_pdf_page = 12;
    paras[4].end_page = Some(11);
    for i in [5, 6] {
        paras[i].pdf_page = 12;
        paras[i].end_pdf_page = 12;
    }
    let (docs, _) = segment(paras, &[]);
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0].date.as_deref(), Some("2020-07-02"));
    assert_eq!(
        docs[0].continuations,
        [Continuation {
            from_page: Some(8),
            start_page: Some(11),
            end_page: Some(11)
        }]
    );
    assert_eq!(docs[1].end_page, Some(10));
    assert_eq!(docs[1].date, None);
}

/// Without a 目录, a 大事记 and the 政务动态 after it are documents of their own.
#[test]
fn a_chronicle_and_the_news_after_it_are_two_documents() {
    use Align::*;
    let mut paras = vec![
        para("某某县人民政府大事记", Centered, 7),
        para("（2019年8月）", Centered, 7),
        para("2日，县政府召开常务会议。", Flush, 7),
        para("某某县政务动态", Centered, 8),
        para("县领导督导检查防汛工作", Flush, 8),
        para("8月5日，县领导带队督导检查防汛工作。", Flush, 8),
    ];
    paras[0].page_start = true;
    paras[3].page_start = true;
    let (docs, _) = segment(paras, &[]);
    let titles: Vec<&str> = docs.iter().map(|d| d.title.as_str()).collect();
    assert_eq!(
        titles,
        ["某某县人民政府大事记（2019年8月）", "某某县政务动态"]
    );
    assert_eq!(docs[0].end_page, Some(7));
}

/// A title at the top of a page opens a document, unless a 附件 label above it
/// makes it the attached document of the one before.
#[test]
fn a_title_at_the_top_of_a_page_opens_a_document_unless_attached() {
    use Align::*;
    let mut paras = vec![
        para("某某市人民政府", Centered, 3),
        para("关于调整某某区部分行政区划的批复", Centered, 3),
        para("某某区人民政府：", Flush, 3),
        para("同意调整。", Indented, 3),
        para("某某市人民政府", Right, 3),
        para("2021年9月8日", Right, 3),
        para("附件", Flush, 3),
        para("某某区行政区划调整方案", Centered, 4),
        para("一、调整范围。涉及两个街道。", Indented, 4),
        para("某某市人民政府", Centered, 5),
        para("关于公布第一批历史建筑名录的公告", Centered, 5),
        para("现将名录予以公布。", Indented, 5),
    ];
    for i in [0, 7, 9] {
        paras[i].page_start = true;
    }
    let (docs, _) = segment(paras, &[]);
    let titles: Vec<&str> = docs.iter().map(|d| d.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "某某市人民政府关于调整某某区部分行政区划的批复",
            "某某市人民政府关于公布第一批历史建筑名录的公告"
        ]
    );
    assert_eq!(docs[0].attachments, ["某某区行政区划调整方案"]);
    assert_eq!(docs[0].end_page, Some(4));
}

/// A 文号 the layout saw as indented still belongs to the head: the document the
/// 目录 places by its title starts at the red header above, not at the title.
#[test]
fn a_head_with_an_indented_doc_number_stays_whole() {
    use Align::*;
    let paras = vec![
        para("某某市人民政府文件", Centered, 1),
        para("某政发〔2021〕159号", Indented, 1),
        para("某某市人民政府", Centered, 1),
        para("关于推进城乡供水一体化的通知", Centered, 1),
        para("各县（市、区）人民政府：", Flush, 1),
        para("一、总体要求。坚持统筹推进。", Indented, 1),
        para("某某市人民政府", Right, 1),
        para("2021年9月16日", Right, 1),
    ];
    let sections = vec![TocSection {
        title: "市政府文件".into(),
        entries: vec![TocEntry {
            title: "某某市人民政府关于推进城乡供水一体化的通知".into(),
            doc_number: None,
            page: Some(1),
            document: None,
        }],
    }];
    let (docs, entry_docs) = segment(paras, &sections);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].doc_number.as_deref(), Some("某政发〔2021〕159号"));
    assert_eq!(docs[0].title, "某某市人民政府关于推进城乡供水一体化的通知");
    assert_eq!(entry_docs, vec![vec![Some(0)]]);
}

/// Three documents, one of them continued on a later page, with a 目录 that gives
/// one page wrong and leaves one document out.
#[test]
fn segments_with_an_imperfect_toc_and_stitches_a_continuation() {
    use Align::*;
    let mut paras = vec![
        para("聊城市人民政府文件", Centered, 2),
        para("聊政发〔2018〕41号", Centered, 2),
        para("关于加强政务诚信建设的实施意见", Centered, 2),
        para("各县（市、区）人民政府：", Flush, 2),
        para("一、总体要求", Indented, 2),
        para("建立健全（下转第5页）", Indented, 2),
        para("聊城市人民政府文件", Centered, 3),
        para("聊政发〔2018〕43号", Centered, 3),
        para("关于鼓励社会力量兴办教育的实施意见", Centered, 3),
        para("一、加强党的领导。坚持正确方向。", Indented, 3),
        para("聊城市人民政府", Right, 3),
        para("2018年8月10日", Right, 3),
        para("聊城市人民政府办公室文件", Centered, 4),
        para("聊政办发〔2018〕18号", Centered, 4),
        para("关于提升扬尘治理能力的通知", Centered, 4),
        para("一、严禁露天燃烧。落实属地责任。", Indented, 4),
        para("聊城市人民政府办公室", Right, 4),
        para("2018年8月7日", Right, 4),
        para("（上接第2页）机制，加强监督。", Indented, 5),
        para("聊城市人民政府", Right, 5),
        para("2018年8月8日", Right, 5),
    ];
    for i in 0..paras.len() {
        let next_page = paras.get(i + 1).map(|p| p.pdf_page);
        let prev_page = i.checked_sub(1).map(|j| paras[j].pdf_page);
        paras[i].page_start = prev_page != Some(paras[i].pdf_page);
        paras[i].page_end = next_page != Some(paras[i].pdf_page);
    }
    let entry = |title: &str, number: &str, page| TocEntry {
        title: title.into(),
        doc_number: Some(number.into()),
        page: Some(page),
        document: None,
    };
    let sections = vec![TocSection {
        title: "市政府文件".into(),
        entries: vec![
            entry("关于加强政务诚信建设的实施意见", "聊政发〔2018〕41号", 2),
            // Printed one page off.
            entry(
                "关于鼓励社会力量兴办教育的实施意见",
                "聊政发〔2018〕43号",
                4,
            ),
        ],
    }];
    let (docs, entry_docs) = segment(paras, &sections);
    let numbers: Vec<Option<&str>> = docs.iter().map(|d| d.doc_number.as_deref()).collect();
    assert_eq!(
        numbers,
        [
            Some("聊政发〔2018〕41号"),
            Some("聊政发〔2018〕43号"),
            Some("聊政办发〔2018〕18号")
        ]
    );
    assert_eq!(entry_docs, vec![vec![Some(0), Some(1)]]);
    let first = &docs[0];
    assert_eq!((first.start_page, first.end_page), (Some(2), Some(2)));
    assert_eq!(
        first.continuations,
        [Continuation {
            from_page: Some(2),
            start_page: Some(5),
            end_page: Some(5)
        }]
    );
    assert_eq!(first.clauses[0].text, "建立健全机制，加强监督。");
    assert_eq!(first.date.as_deref(), Some("2018-08-08"));
    assert_eq!(docs[2].date.as_deref(), Some("2018-08-07"));
    assert_eq!(docs[2].end_page, Some(4));
}

/// A 目录 page misread (`8` for 3) puts no document there: the entry's title is found
/// on the page nearest it that prints it, and the entry takes that page. An issuer's
/// name alone, nearer, part of many titles, is not taken for it.
#[test]
fn an_entry_whose_page_was_misread_finds_its_title_elsewhere() {
    use Align::*;
    let mut paras = vec![
        para("某某市人民政府关于甲事项的通知", Centered, 2),
        para("一、做好甲事项。", Indented, 2),
        para("某某市人民政府", Right, 3),
        para("2021年1月1日", Right, 3),
        para("中共某某市委办公室　某某市人民政府办公室", Centered, 3),
        para("关于进一步优化营商环境的实施意见", Centered, 3),
        para("一、优化营商环境。", Indented, 3),
        para("2021年1月2日", Right, 4),
        para("某某市人民政府办公室", Centered, 5),
        para("关于乙事项的通知", Centered, 5),
        para("一、做好乙事项。", Indented, 5),
    ];
    for (i, p) in paras.iter_mut().enumerate() {
        p.page_start = [0, 2, 7, 8].contains(&i);
    }
    let mut sections = vec![TocSection {
        title: "市政府文件".into(),
        entries: vec![
            entry("某某市人民政府关于甲事项的通知", 2),
            entry(
                "中共某某市委办公室　某某市人民政府办公室关于进一步优化营商环境的实施意见",
                8,
            ),
        ],
    }];
    let (docs, entry_docs) = segment(paras, &sections);
    let found = entry_docs[0][1].expect("the entry's document is found");
    assert_eq!(key(&docs[found].title), key(&sections[0].entries[1].title));
    assert_eq!(docs[found].start_page, Some(3));
    for (entry, doc) in sections[0].entries.iter_mut().zip(&entry_docs[0]) {
        entry.document = *doc;
    }
    agree_pages(&mut sections, &docs);
    assert_eq!(sections[0].entries[1].page, Some(3));
    assert_eq!(sections[0].entries[0].page, Some(2));
}

/// A title line a scan read with a character wrong (`主体足任`) still matches its
/// 目录 entry, which has no 文号 to go by; two wrong in a line of nineteen, one in
/// a line under ten characters, or an office cut short, do not.
#[test]
fn a_title_line_read_with_a_character_wrong_still_matches_its_entry() {
    let entry = TocEntry {
        title: "某某省人民政府办公厅关于落实企业安全生产主体责任的实施方案".into(),
        doc_number: None,
        page: Some(9),
        document: None,
    };
    let matches = |text: &str| matches_entry(&para(text, Align::Centered, 9), &entry, false);
    assert!(matches("关于落实企业安全生产主体足任的实施方案"));
    assert!(matches("关于落实企业安全生产主体责任的实施方案"));
    assert!(!matches("关于落实企业安全生严主体足任的实施方案"));
    assert!(!matches("某某省政府办公所"));
    assert!(!matches("企业安全生严主体"));
}

/// An entry whose page was misread as that of an earlier document is not placed on
/// that document's issuer line (`某某省人民政府`, the opening of its own title too):
/// its own title two pages on is, though its red header there stands under a
/// section label and opens nothing by itself.
#[test]
fn an_issuer_alone_does_not_take_an_entry_whose_title_is_near() {
    use Align::*;
    let mut paras = vec![
        para("某某省人民政府", Centered, 3),
        para("关于做好甲事项的意见", Centered, 3),
        para("一、做好甲事项。", Indented, 3),
        para("某某省人民政府", Right, 3),
        para("2021年1月1日", Right, 3),
        para("某某省人民政府", Centered, 4),
        para("关于做好乙事项的通知", Centered, 4),
        para("一、做好乙事项。", Indented, 4),
        para("【省政府办公厅文件】", Centered, 5),
        para("某某省人民政府办公厅文件", Centered, 5),
        para("某某省人民政府办公厅关于", Centered, 5),
        para("加快发展丙事项的通知", Centered, 5),
        para("一、发展丙事项。", Indented, 5),
        para("某某省人民政府办公厅", Right, 5),
        para("2021年1月3日", Right, 5),
    ];
    for (i, p) in paras.iter_mut().enumerate() {
        p.page_start = [0, 5, 8].contains(&i);
    }
    let sections = vec![TocSection {
        title: "省政府文件".into(),
        entries: vec![
            entry("某某省人民政府关于做好甲事项的意见", 3),
            entry("某某省人民政府关于做好乙事项的通知", 4),
            entry("某某省人民政府办公厅关于加快发展丙事项的通知", 3),
        ],
    }];
    let (docs, entry_docs) = segment(paras, &sections);
    let starts: Vec<_> = docs.iter().map(|d| d.start_page).collect();
    assert_eq!(starts, [Some(3), Some(4), Some(5)]);
    let third = entry_docs[0][2].expect("the third entry's document is found");
    assert_eq!(third, 2);
    assert_eq!(
        docs[1].date, None,
        "the second document ends before the third's date"
    );
}

/// A 目录 page read `3` between 4 and 6, its entry's document found on 5: the entry
/// takes 5. A page off by one that keeps the run (7 for a document found on 8) is a
/// misprint the reader can follow, and stands.
#[test]
fn an_entry_page_out_of_the_run_takes_its_documents_page() {
    use Align::*;
    let titles = [
        ("某某市人民政府关于做好甲事项的通知", 2, 2),
        ("某某市人民政府关于做好乙事项的通知", 4, 4),
        ("某某市人民政府办公室关于做好丙事项的通知", 3, 5),
        ("某某市人民政府关于做好丁事项的通知", 6, 6),
        ("某某市人民政府关于做好戊事项的通知", 7, 8),
    ];
    let mut paras = Vec::new();
    for (title, _, page) in titles {
        paras.push(Para {
            page_start: true,
            ..para(title, Centered, page)
        });
        paras.push(para("一、做好此事项。", Indented, page));
    }
    let mut sections = vec![TocSection {
        title: "市政府文件".into(),
        entries: titles
            .iter()
            .map(|&(title, listed, _)| entry(title, listed))
            .collect(),
    }];
    let (docs, entry_docs) = segment(paras, &sections);
    for (entry, doc) in sections[0].entries.iter_mut().zip(&entry_docs[0]) {
        entry.document = *doc;
    }
    agree_pages(&mut sections, &docs);
    let pages: Vec<Option<u32>> = sections[0].entries.iter().map(|e| e.page).collect();
    assert_eq!(pages, [2, 4, 5, 6, 7].map(Some));
}
