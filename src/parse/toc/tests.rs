//! The 目录 reader on hand-set pages: sections, wrapped titles, 文号 and page numbers
//! however they are set off.

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
fn a_page_number_touching_a_full_title_line_ends_its_entry_at_the_numbers_edge() {
    // Read by OCR, a title that fills its line runs into its page number; a
    // wrapped title line ending in a year, one em short of the numbers' edge,
    // goes on.
    let lines = vec![
        TextLine {
            size: 18.0,
            ..at("目录", 230.0, 280.0, 80.0)
        },
        at("某省人民政府关于加强某项工作的意见", 68.0, 300.0, 100.0),
        at("1", 470.0, 479.0, 100.0),
        at(
            "某省某某指挥部办公室关于某某成果的公告3",
            68.0,
            479.0,
            115.0,
        ),
        at(
            "某省人民政府关于印发某某规划（2021—2025",
            68.0,
            469.0,
            130.0,
        ),
        at("年）的通知", 68.0, 130.0, 145.0),
        at("8", 470.0, 479.0, 145.0),
    ];
    let p = PageLayout {
        lines,
        ..page(Vec::new())
    };
    let entries = &read(&[p]).sections[0].entries;
    let got: Vec<(&str, Option<u32>)> =
        entries.iter().map(|e| (e.title.as_str(), e.page)).collect();
    assert_eq!(
        got,
        [
            ("某省人民政府关于加强某项工作的意见", Some(1)),
            ("某省某某指挥部办公室关于某某成果的公告", Some(3)),
            ("某省人民政府关于印发某某规划（2021—2025年）的通知", Some(8)),
        ]
    );
}

#[test]
fn a_long_line_in_another_size_opens_an_entry_not_a_section() {
    let lines = vec![
        TextLine {
            size: 18.0,
            ..at("目录", 230.0, 280.0, 80.0)
        },
        TextLine {
            size: 12.0,
            ..at("省政府文件", 68.0, 140.0, 100.0)
        },
        at("某省人民政府关于加强某项工作的意见 1", 68.0, 479.0, 115.0),
        TextLine {
            size: 9.6,
            ..at(
                "中共某省委办公厅某省人民政府办公厅关于某项工作的实施方案（某办发",
                68.0,
                470.0,
                130.0,
            )
        },
        at("〔2022〕144号） 4", 68.0, 479.0, 145.0),
    ];
    let p = PageLayout {
        lines,
        ..page(Vec::new())
    };
    let sections = read(&[p]).sections;
    assert_eq!(sections.len(), 1, "{sections:?}");
    let last = &sections[0].entries[1];
    assert_eq!(
        last.title,
        "中共某省委办公厅某省人民政府办公厅关于某项工作的实施方案"
    );
    assert_eq!(last.doc_number.as_deref(), Some("某办发〔2022〕144号"));
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

/// A scan's 目录 whose heading reads as no heading (`月ew末`): the contents are still
/// found, on the unnumbered page of entries after leaders, from the centred short row
/// in larger type above them; what stands above that (the masthead) is no entry.
#[test]
fn a_contents_whose_heading_was_misread_is_found_by_its_leaders() {
    let sized = |text: &str, x0: f32, x1: f32, y: f32, size: f32| TextLine {
        size,
        ..at(text, x0, x1, y)
    };
    let mut lines = vec![
        sized("某某省人民政府公报", 105.0, 238.0, 100.0, 14.8),
        sized("编辑出版:某某省人民政府办公厅", 91.0, 269.0, 150.0, 8.4),
        sized("月ew末", 285.0, 333.0, 240.0, 16.4),
        sized("【省政府文件】", 106.0, 183.0, 267.0, 14.0),
    ];
    for (i, page) in [1, 2, 3].iter().enumerate() {
        let y = 290.0 + 20.0 * i as f32;
        lines.push(at(
            &format!("某某省人民政府关于第{page}件事的通知……{page}"),
            98.0,
            541.0,
            y,
        ));
    }
    let p = PageLayout {
        lines: lines.clone(),
        ..page(Vec::new())
    };
    let toc = read(&[p]);
    assert_eq!(toc.sections.len(), 1, "{toc:?}");
    assert_eq!(toc.sections[0].title, "省政府文件");
    let pages: Vec<_> = toc.sections[0].entries.iter().map(|e| e.page).collect();
    assert_eq!(pages, [Some(1), Some(2), Some(3)]);
    // A numbered page, or one with too few entries after leaders, holds no 目录.
    let numbered = PageLayout {
        printed: Some(4),
        lines: lines.clone(),
        ..page(Vec::new())
    };
    assert!(read(&[numbered]).sections.is_empty());
    let few = PageLayout {
        lines: lines[..6].to_vec(),
        ..page(Vec::new())
    };
    assert!(read(&[few]).sections.is_empty());
}

/// The same, with page numbers set apart at the right margin instead of after
/// leaders (`目闲` for 目录): found when the numbers run in order, not when they do
/// not (lines that end in numbers for another reason).
#[test]
fn a_contents_whose_heading_was_misread_is_found_by_its_numbers_set_apart() {
    let sized = |text: &str, x0: f32, x1: f32, y: f32, size: f32| TextLine {
        size,
        ..at(text, x0, x1, y)
    };
    let page_with = |numbers: [u32; 3]| {
        let mut lines = vec![
            sized("某某县人民政府公报", 163.0, 430.0, 157.0, 33.6),
            sized("目闲", 274.0, 322.0, 213.0, 16.0),
            sized("【县政府文件】", 83.0, 156.0, 241.0, 12.4),
        ];
        for (i, number) in numbers.iter().enumerate() {
            let y = 261.0 + 20.0 * i as f32;
            lines.push(at(
                &format!("某某县人民政府关于第{i}件事的通知"),
                75.0,
                349.0,
                y,
            ));
            lines.push(at(&number.to_string(), 535.0, 541.0, y));
        }
        PageLayout {
            lines,
            ..page(Vec::new())
        }
    };
    let toc = read(&[page_with([1, 2, 4])]);
    assert_eq!(toc.sections.len(), 1, "{toc:?}");
    let pages: Vec<_> = toc.sections[0].entries.iter().map(|e| e.page).collect();
    assert_eq!(pages, [Some(1), Some(2), Some(4)]);
    assert!(read(&[page_with([4, 2, 1])]).sections.is_empty());
}

/// A section banner's name set like an entry, in the entries' size and with no
/// ornament (a scan lost its `◎`): a section of its own, not the next title's start.
#[test]
fn a_banner_name_in_the_entries_size_opens_a_section() {
    let lines = vec![
        TextLine {
            size: 18.0,
            ..at("目录", 230.0, 280.0, 80.0)
        },
        at("某市人民政府关于推进某项工作的意见 5", 68.0, 479.0, 100.0),
        at("市政府办公室文件", 86.0, 180.0, 115.0),
        at(
            "某市人民政府办公室关于加强某项工作的通知 8",
            68.0,
            479.0,
            130.0,
        ),
    ];
    let p = PageLayout {
        lines,
        ..page(Vec::new())
    };
    let sections = read(&[p]).sections;
    let titles: Vec<_> = sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["", "市政府办公室文件"], "{sections:?}");
    assert_eq!(
        sections[1].entries[0].title,
        "某市人民政府办公室关于加强某项工作的通知"
    );
}
