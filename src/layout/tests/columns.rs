//! Columns on hand-built pages: the gutter of an issue, reading order, lines across
//! and beside the gutter.

use super::*;

#[test]
fn short_right_column_is_still_read_after_the_left() {
    // A clear two-column page, then one whose right column holds only two lines.
    let mut full = Vec::new();
    let mut short = Vec::new();
    for i in 0..12 {
        let y = 120.0 + 18.0 * i as f32;
        full.push(line(
            &format!("左栏第{i}行写满了整整一栏的宽度"),
            48.0,
            248.0,
            y,
        ));
        full.push(line(
            &format!("右栏第{i}行写满了整整一栏的宽度"),
            268.0,
            468.0,
            y,
        ));
        short.push(line(
            &format!("左栏第{i}行写满了整整一栏的宽度"),
            48.0,
            248.0,
            y,
        ));
    }
    short.push(line(
        "右栏只有两行，第一行也写满了一栏",
        268.0,
        468.0,
        120.0,
    ));
    short.push(line("第二行很短。", 268.0, 340.0, 138.0));
    let l = layout(&[page(0, full), page(1, short.clone()), page(2, short)]);
    let last = &l.pages[2].lines;
    assert_eq!(last[11].text, "左栏第11行写满了整整一栏的宽度");
    assert_eq!(last[12].text, "右栏只有两行，第一行也写满了一栏");
}

#[test]
fn reads_two_columns_left_then_right() {
    let mut lines = vec![line("关于加强政务诚信建设的实施意见", 130.0, 385.0, 80.0)];
    for i in 0..4 {
        let y = 120.0 + 18.0 * i as f32;
        lines.push(line(
            &format!("左栏第{i}行写满了整整一栏的宽度"),
            48.0,
            248.0,
            y,
        ));
        lines.push(line(
            &format!("右栏第{i}行写满了整整一栏的宽度"),
            268.0,
            468.0,
            y,
        ));
    }
    let l = layout(&[page(0, lines)]);
    let texts: Vec<&str> = l.paras.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(texts.len(), 2, "{texts:?}");
    assert_eq!(texts[0], "关于加强政务诚信建设的实施意见");
    assert!(texts[1].starts_with("左栏第0行"));
    assert!(texts[1].contains("左栏第3行写满了整整一栏的宽度右栏第0行"));
}

/// A spaced-out 文号 over two columns arrives in pieces: one crossing the gutter and
/// one wholly right of it, or two meeting at it. Each reads as one line above the
/// columns, and the right column still starts with its own text.
#[test]
fn a_centred_line_in_pieces_across_the_gutter_stays_one_line() {
    for (left_piece, right_piece) in [
        (("国办发 【2023】", 200.0, 290.0), ("121号", 296.0, 328.0)),
        (("国办发 【2023】", 186.0, 256.0), ("121号", 262.0, 330.0)),
    ] {
        let mut lines = vec![
            line(left_piece.0, left_piece.1, left_piece.2, 80.0),
            line(right_piece.0, right_piece.1, right_piece.2, 80.0),
        ];
        lines.extend(column(4, 48.0, 248.0));
        lines.extend(column(4, 268.0, 468.0));
        let l = layout(&[page(0, lines)]);
        let texts: Vec<&str> = l.paras.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts[0], "国办发【2023】121号", "{texts:?}");
        assert!(texts[1].starts_with("第0行"), "{texts:?}");
    }
}

/// A left column's line whose last box OCR drew wide, into the gutter but short of
/// the right column, is still the left column's: it is not joined to the right
/// column's line beside it, and the right column is read after the left.
#[test]
fn a_line_ending_inside_the_gutter_is_its_columns() {
    let mut lines = column(4, 48.0, 248.0);
    lines.push(line("提出如", 48.0, 263.0, 192.0));
    lines.extend(column(4, 268.0, 468.0));
    lines.push(line("资供应。", 272.0, 310.0, 192.0));
    let l = layout(&[page(0, lines)]);
    let texts: Vec<&str> = l.paras.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(texts.len(), 1, "{texts:?}");
    assert!(texts[0].contains("提出如第0行"), "{texts:?}");
    assert!(texts[0].ends_with("资供应。"), "{texts:?}");
}

#[test]
fn half_filled_two_column_pages_keep_the_gutter() {
    // One clear two-column page, then documents that each fill only a left column,
    // under a title centred across both.
    let mut clear = column(12, 48.0, 248.0);
    clear.extend(column(12, 268.0, 468.0));
    let half = |index| {
        let mut lines = vec![line("关于加强政务诚信建设的通知", 180.0, 336.0, 80.0)];
        lines.extend(column(12, 48.0, 248.0));
        page(index, lines)
    };
    let l = layout(&[page(0, clear), half(1), half(2), half(3)]);
    let title = l
        .paras
        .iter()
        .find(|p| p.pdf_page == 3)
        .expect("page 3 has text");
    assert_eq!(title.text, "关于加强政务诚信建设的通知");
    assert_eq!(title.align, Align::Centered);
}

#[test]
fn a_one_column_issue_with_one_two_sided_page_stays_one_column() {
    // Prose across the middle on most pages; one page holds two side-by-side lists.
    let mut sides = column(12, 48.0, 248.0);
    sides.extend(column(12, 268.0, 468.0));
    let prose = |index| page(index, column(12, 48.0, 468.0));
    let l = layout(&[prose(0), page(1, sides), prose(2), prose(3), prose(4)]);
    // Read in one column, the two sides alternate line by line.
    assert!(l.pages[1].lines[0]
        .text
        .contains("第0行写满了整整一栏的宽度第0行"));
}

#[test]
fn the_right_column_starts_at_its_continuation_lines_not_its_indent() {
    // Short items: the right column's indented first lines outnumber its
    // continuation lines, and one line opens with a quote set left of the edge.
    let mut lines = column(12, 48.0, 248.0);
    for i in 0..12 {
        let y = 120.0 + 18.0 * i as f32;
        let (text, x0) = match i % 3 {
            0 | 1 => ("右栏缩进的短条目写满一栏宽", 288.0),
            _ => ("右栏回行的文字写满了一栏宽", 268.0),
        };
        lines.push(line(text, x0, 468.0, y));
    }
    lines.push(line(
        "“双随机、一公开”监管全覆盖。",
        263.0,
        420.0,
        120.0 + 18.0 * 12.0,
    ));
    lines.push(line("左栏最后一行。", 48.0, 140.0, 120.0 + 18.0 * 13.0));
    let l = layout(&[page(0, lines)]);
    let texts: Vec<&str> = l.pages[0].lines.iter().map(|l| l.text.as_str()).collect();
    // The left column is read whole before the right one.
    assert_eq!(texts[12], "左栏最后一行。", "{texts:?}");
    assert_eq!(texts.last().copied(), Some("“双随机、一公开”监管全覆盖。"));
}

#[test]
fn an_issue_of_only_half_filled_two_column_pages_finds_its_gutter() {
    let half = |index| {
        let mut lines = vec![line("关于加强政务诚信建设的通知", 180.0, 336.0, 80.0)];
        lines.extend(column(12, 48.0, 248.0));
        page(index, lines)
    };
    let l = layout(&[half(0), half(1), half(2), half(3)]);
    let title = l
        .paras
        .iter()
        .find(|p| p.pdf_page == 2)
        .expect("page 2 has text");
    assert_eq!(title.text, "关于加强政务诚信建设的通知");
    assert_eq!(title.align, Align::Centered);
}
