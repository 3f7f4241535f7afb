//! Layout of small hand-built pages: spacing, page numbers, furniture, paragraphs and
//! columns.

use super::*;

fn line(text: &str, x0: f32, x1: f32, y: f32) -> TextLine {
    TextLine {
        text: text.into(),
        x0,
        x1,
        y,
        size: 12.0,
    }
}

fn page(index: u32, lines: Vec<TextLine>) -> PageText {
    PageText {
        index,
        width: 520.0,
        height: 740.0,
        lines,
    }
}

/// A one-column body page with running head, footer and two paragraphs, the
/// second running on to the next page.
fn body_page(index: u32, n: u32, last: &str) -> PageText {
    page(
        index,
        vec![
            TextLine {
                size: 9.0,
                ..line("聊城市人民政府公报", 48.0, 129.0, 44.0)
            },
            TextLine {
                size: 9.0,
                ..line("2018 年第 8 期", 409.0, 467.0, 44.0)
            },
            line("一、总体要求", 72.0, 144.0, 100.0),
            line(
                "为加强我市政务诚信建设，充分发挥政府和部门在社会信用体系建设",
                72.0,
                468.0,
                118.0,
            ),
            line("中的表率作用。", 48.0, 140.0, 136.0),
            line(
                "第二段文字从这里开始，一直写到这一行的末尾处为止还没有写完的",
                72.0,
                468.0,
                154.0,
            ),
            line(last, 48.0, 468.0, 172.0),
            line(
                "用来撑满这一页的另一行文字，它也从左边开始一直写到右边为止的",
                48.0,
                468.0,
                190.0,
            ),
            line(
                "最后一行同样写满整个版心的宽度直到右边，段落还没有结束而转页",
                48.0,
                468.0,
                208.0,
            ),
            TextLine {
                size: 10.0,
                ..line(&format!("— {n} —"), 244.0, 273.0, 707.0)
            },
        ],
    )
}

#[test]
fn normalizes_extraction_spacing() {
    assert_eq!(
        normalize_text("聊 城 市 人 民 政 府 公 报"),
        "聊城市人民政府公报"
    );
    assert_eq!(normalize_text("聊政发〔2018〕41 号"), "聊政发〔2018〕41号");
    assert_eq!(normalize_text("2018 年第 8 期"), "2018年第8期");
    assert_eq!(
        normalize_text("２０２０年第３期　〔２０１９〕５号　１．"),
        "2020年第3期〔2019〕5号1."
    );
    assert_eq!(
        normalize_text("LIAOCHENGSHI  RENMINZHENGFU GONGBAO"),
        "LIAOCHENGSHI RENMINZHENGFU GONGBAO"
    );
}

#[test]
fn knows_sentence_ends() {
    assert!(ends_sentence("提高行政效率和水平。"));
    assert!(ends_sentence("营造“亲”“清”的关系。”"));
    assert!(!ends_sentence("建立市医改领导小组成员单位分"));
}

#[test]
fn reads_page_numbers_in_every_style() {
    assert_eq!(page_number("— 3 —"), Some(3));
    assert_eq!(page_number("· 12 ·"), Some(12));
    assert_eq!(page_number("- 7 -"), Some(7));
    assert_eq!(page_number("45"), Some(45));
    assert_eq!(page_number("第 9 页"), Some(9));
    assert_eq!(page_number("－ １６ －"), Some(16));
    assert_eq!(page_number("2018年第8期"), None);
    assert_eq!(page_number("一、总体要求"), None);
}

/// A page number printed in the running head, at its outer end (even pages before the
/// gazette's name, odd pages after it), is the page's number; the year of the issue
/// label on the same baseline is not.
#[test]
fn reads_a_page_number_printed_in_the_running_head() {
    let pages: Vec<PageText> = (0..4u32)
        .map(|i| {
            let n = i + 12;
            let mut p = body_page(
                i,
                n,
                "第二段接着写到这一页的最后一行而没有结束的文字还在继续",
            );
            p.lines.retain(|l| !l.text.starts_with('—'));
            p.lines[0].text = if n % 2 == 0 {
                format!("{n}\u{3000}聊城市人民政府公报")
            } else {
                format!("聊城市人民政府公报\u{3000}{n}")
            };
            p.lines[1].text = "2018 年第 8 期".into();
            p
        })
        .collect();
    let l = layout(&pages);
    let printed: Vec<Option<u32>> = l.pages.iter().map(|p| p.printed).collect();
    assert_eq!(printed, [Some(12), Some(13), Some(14), Some(15)]);
    assert!(l.paras.iter().all(|p| !p.text.contains("公报")));
}

/// A foot set a little larger than a small two-column body (五号 under 9.5 pt) is still
/// the page number; a number in display type in the band is not.
#[test]
fn reads_a_page_number_set_larger_than_the_body() {
    let mut pages: Vec<PageText> = (0..2)
        .map(|i| body_page(i, i + 4, "接着写的一行文字"))
        .collect();
    for p in &mut pages {
        for l in &mut p.lines {
            if page_number(&l.text).is_some() {
                l.size = 14.0;
            }
        }
    }
    let l = layout(&pages);
    assert_eq!(l.pages[0].printed, Some(4));
    assert_eq!(l.pages[1].printed, Some(5));

    for p in &mut pages {
        for l in &mut p.lines {
            if page_number(&l.text).is_some() {
                l.size = 24.0;
            }
        }
    }
    let l = layout(&pages);
    assert_eq!(l.pages[0].printed, None);
}

#[test]
fn strips_furniture_and_joins_paragraphs_across_pages() {
    let pages = vec![
        body_page(
            0,
            2,
            "接着写的一行文字同样从左边开始一直写到右边为止还是没有写完",
        ),
        body_page(
            1,
            3,
            "另一页的第二段也还在继续写着一直写到右边为止依然没有写完了",
        ),
    ];
    let l = layout(&pages);
    assert_eq!(l.pages[0].printed, Some(2));
    assert_eq!(l.pages[1].printed, Some(3));
    assert!(l.paras.iter().all(|p| !p.text.contains("公报")));
    assert!(l.paras.iter().all(|p| !p.text.contains('—')));
    let texts: Vec<&str> = l.paras.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(texts[0], "一、总体要求");
    assert!(texts[1].ends_with("中的表率作用。"));
    // The paragraph that fills the foot of page 2 goes on at the top of page 3,
    // whose first line is a heading: so it ends there.
    assert_eq!(l.paras[2].pdf_page, 1);
    assert_eq!(l.paras[3].text, "一、总体要求");
    assert_eq!(l.paras[3].page, Some(3));
    assert_eq!(l.paras.len(), 6);
    let pages = l.page_texts();
    assert_eq!(pages.len(), 2);
    assert!(pages[1].starts_with("一、总体要求\n为加强"));
}

#[test]
fn a_nearly_full_line_cut_mid_sentence_goes_on() {
    let l = layout(&[page(
        0,
        vec![
            line(
                "为加强我市政务诚信建设，根据《中共聊城市委",
                72.0,
                440.0,
                100.0,
            ),
            line(
                "聊城市人民政府关于印发的通知》精神，结合实际。",
                48.0,
                300.0,
                118.0,
            ),
            line("另起一段。", 72.0, 140.0, 136.0),
        ],
    )]);
    let texts: Vec<&str> = l.paras.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(texts.len(), 2, "{texts:?}");
    assert!(texts[0].ends_with("结合实际。"));
}

#[test]
fn a_number_set_apart_stays_a_piece_and_a_close_one_joins() {
    let l = layout(&[page(
        0,
        vec![
            line(
                "某省人民政府关于推进供水的通知（某政发〔2020〕5号）",
                48.0,
                400.0,
                100.0,
            ),
            line("3", 440.0, 446.0, 100.0),
            line("聊政发〔2018〕", 48.0, 130.0, 130.0),
            line("41号", 134.0, 160.0, 130.0),
            line("第", 48.0, 60.0, 160.0),
            line("12", 64.0, 76.0, 160.0),
            line("页", 80.0, 92.0, 160.0),
        ],
    )]);
    let texts: Vec<&str> = l.pages[0].lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "某省人民政府关于推进供水的通知（某政发〔2020〕5号）",
            "3",
            "聊政发〔2018〕41号",
            "第12页"
        ]
    );
}

#[test]
fn short_lines_sharing_a_right_end_are_not_full_lines() {
    // Pages 1 and 3 are prose that fills the measure; page 3 (same parity) is a list
    // of appointments whose lines happen to end at one place, short of the margin.
    let prose = |index| {
        page(
            index,
            (0..6)
                .map(|i| {
                    line(
                        "为加强我市政务诚信建设，充分发挥政府和部门在社会信用体系建设",
                        48.0,
                        468.0,
                        100.0 + 18.0 * i as f32,
                    )
                })
                .chain([line("中的表率作用。", 48.0, 140.0, 208.0)])
                .collect(),
        )
    };
    let list = page(
        2,
        vec![
            line("经市人民政府研究决定：", 72.0, 204.0, 100.0),
            line("任命张三为市民政局副局长；", 72.0, 228.0, 118.0),
            line("任命李四为市教育局副局长；", 72.0, 228.0, 136.0),
            line("任命王五为市财政局副局长；", 72.0, 228.0, 154.0),
            line("免去赵六的市统计局局长职务。", 72.0, 240.0, 172.0),
        ],
    );
    let l = layout(&[prose(0), prose(1), list]);
    let on_list: Vec<&str> = l
        .paras
        .iter()
        .filter(|p| p.pdf_page == 3)
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(on_list.len(), 5, "{on_list:?}");
    assert_eq!(on_list[2], "任命李四为市教育局副局长；");
}

#[test]
fn margins_read_by_ocr_a_point_or_so_apart_are_one_margin() {
    // OCR places a line where its first character's ink starts, up to about a tenth
    // of an em inside the glyph: the continuation lines of a scanned page start
    // 1.3 points apart. On a later page of the same parity every line is indented,
    // and only the margin tells that the item after a full line is no
    // continuation of it.
    let full = "各地要建立就业形势监测制度，及时研判应对规模性失业风险，写满";
    let earlier = vec![
        line(full, 72.0, 468.0, 100.0),
        line("在短行结束。", 48.0, 120.0, 118.0),
        line(full, 72.0, 468.0, 136.0),
        line("在短行结束。", 48.4, 120.0, 154.0),
        line(full, 72.0, 468.0, 172.0),
        line("在短行结束。", 49.3, 120.0, 190.0),
    ];
    let between = vec![line("另一页的一行。", 72.0, 160.0, 100.0)];
    let later = vec![
        line(full, 72.0, 468.0, 100.0),
        line(
            "一、本公告所称区域，是指城区主要道路围合的范围。",
            72.0,
            360.0,
            118.0,
        ),
        line("二、违反本公告规定的，依法予以处理。", 72.0, 300.0, 136.0),
    ];
    let l = layout(&[page(0, earlier), page(1, between), page(2, later)]);
    let texts: Vec<&str> = l.paras.iter().map(|p| p.text.as_str()).collect();
    assert!(
        texts.contains(&"一、本公告所称区域，是指城区主要道路围合的范围。"),
        "{texts:?}"
    );
}

#[test]
fn an_indented_item_after_a_full_line_starts_a_paragraph() {
    // Most lines start at the indent; only continuation lines start at the margin.
    let mut lines = Vec::new();
    let full = "各地要建立就业形势监测制度，及时研判应对规模性失业风险，写满";
    let ends = "这一行，按规定给予职业培训补贴，支持返乡入乡人员创办企业。";
    for (i, (text, x0, x1)) in [
        ("一、拓宽就业渠道", 72.0, 168.0),
        ("（一）开展职工岗位技能提升培训", 72.0, 264.0),
        (full, 72.0, 468.0),
        ("在短行结束。", 48.0, 120.0),
        ("（二）落实补贴", 72.0, 156.0),
        (full, 72.0, 468.0),
        ("在短行结束。", 48.0, 120.0),
        ("（三）加强服务", 72.0, 156.0),
        (full, 72.0, 468.0),
        (ends, 48.0, 468.0),
        ("二、支持创业带动就业", 72.0, 192.0),
        ("（一）举办专场招聘活动", 72.0, 204.0),
    ]
    .into_iter()
    .enumerate()
    {
        lines.push(line(text, x0, x1, 100.0 + 18.0 * i as f32));
    }
    let l = layout(&[page(0, lines)]);
    let texts: Vec<&str> = l.paras.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(texts.len(), 9, "{texts:?}");
    assert_eq!(texts[7], "二、支持创业带动就业");
}

#[test]
fn a_page_holding_only_a_signature_reads_it_as_right_set_lines() {
    let prose = |index| page(index, column(12, 48.0, 468.0));
    let signature = page(
        2,
        vec![
            line("某省人民政府", 358.0, 430.0, 62.0),
            line("二〇一八年二月十二日", 310.0, 430.0, 80.0),
        ],
    );
    let l = layout(&[prose(0), prose(1), signature]);
    let last: Vec<(&str, Align)> = l
        .paras
        .iter()
        .filter(|p| p.pdf_page == 3)
        .map(|p| (p.text.as_str(), p.align))
        .collect();
    assert_eq!(
        last,
        [
            ("某省人民政府", Align::Right),
            ("二〇一八年二月十二日", Align::Right)
        ]
    );
}

/// Two pieces of one scanned line, the right one read a little higher, are one
/// line read left to right.
#[test]
fn pieces_of_a_scanned_line_are_read_left_to_right() {
    let big = |text: &str, x0: f32, x1: f32, y: f32| TextLine {
        size: 25.0,
        ..line(text, x0, x1, y)
    };
    let pages = vec![page(
        0,
        vec![
            big("厢文件", 288.0, 350.0, 90.7),
            big("川省人民政府办公上", 83.0, 270.0, 91.4),
            line("川政办发〔2018〕152号", 247.0, 380.0, 120.0),
        ],
    )];
    let texts: Vec<String> = layout(&pages).paras.into_iter().map(|p| p.text).collect();
    assert_eq!(texts[0], "川省人民政府办公上厢文件");
}

/// `n` long lines of one column from `x0` to `x1`, one below the other.
fn column(n: usize, x0: f32, x1: f32) -> Vec<TextLine> {
    (0..n)
        .map(|i| {
            line(
                &format!("第{i}行写满了整整一栏的宽度"),
                x0,
                x1,
                120.0 + 18.0 * i as f32,
            )
        })
        .collect()
}

mod columns;
