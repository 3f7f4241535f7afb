use super::*;

fn image() -> PageImage {
    PageImage {
        index: 0,
        width: 595.0,
        height: 842.0,
        placed: [0.0, 0.0, 595.0, 842.0],
        file: Ok(Vec::new()),
        pixels_wide: 1190,
    }
}

/// A word as the engine read it.
pub(super) fn read(text: &str, confidence: f32, bbox: [f32; 4]) -> OcrWord {
    OcrWord {
        text: text.into(),
        confidence,
        bbox,
    }
}

#[test]
fn words_join_without_spaces_but_between_latin_words() {
    let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
               4\t1\t1\t1\t1\t0\t100\t100\t900\t40\t-1\t\n\
               5\t1\t1\t1\t1\t1\t100\t100\t200\t36\t95.5\t关于印发\n\
               5\t1\t1\t1\t1\t2\t310\t100\t80\t36\t91\t２０２２\n\
               5\t1\t1\t1\t1\t3\t400\t100\t40\t36\t90\tAB\n\
               5\t1\t1\t1\t1\t4\t450\t100\t40\t36\t88\tCD\n\
               5\t1\t1\t1\t1\t5\t520\t100\t30\t36\t40\t3\n\
               5\t1\t1\t1\t2\t1\t100\t160\t200\t36\t96\t通知\n";
    let (lines, words, columns) = lines_from_tsv(tsv, &image(), &[], &mut |_| None);
    let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(texts, ["关于印发2022AB CD3", "通知"]);
    assert_eq!(words.len(), 6);
    assert!(!columns);
    // 2 pixels a point: the first word starts at 50 pt, its line's baseline at 68 pt.
    assert_eq!((lines[0].x0, lines[0].y), (50.0, 68.0));
    assert!((lines[0].size - 18.0 / HAN_INK_SHARE).abs() < 1e-3);
}

/// A running head whose blank OCR read as a quote and a number whose box covers
/// the rest of the line: the number takes its own place and the head is cut at
/// the blank, as extraction cuts it. Read with confidence, the same words are
/// taken as they come.
#[test]
fn a_blank_read_into_a_word_is_a_gap_again() {
    let head = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                5\t1\t1\t1\t1\t1\t100\t100\t200\t36\t95\t黑龙江省\n";
    let rest = |confidence: u32| {
        format!(
            "5\t1\t1\t1\t1\t2\t320\t96\t880\t40\t{confidence}\t”2017\n\
             5\t1\t1\t1\t1\t3\t1100\t100\t36\t36\t96\t年\n\
             5\t1\t1\t1\t1\t4\t1140\t100\t36\t36\t96\t期\n\
             5\t1\t1\t1\t2\t1\t100\t160\t72\t36\t96\t公报\n\
             5\t1\t1\t1\t2\t2\t200\t164\t40\t30\t{confidence}\t“11\n"
        )
    };
    let texts = |confidence| {
        let (lines, _, _) = lines_from_tsv(
            &(head.to_string() + &rest(confidence)),
            &image(),
            &[],
            &mut |_| None,
        );
        lines.into_iter().map(|l| l.text).collect::<Vec<_>>()
    };
    assert_eq!(texts(4), ["黑龙江省", "2017年期", "公报 11"]);
    assert_eq!(texts(95), ["黑龙江省”2017年期", "公报“11"]);
}

/// A 目录 page number read with a quote before it, however surely, at the end of
/// its line a blank wider than itself after the title: the number alone.
#[test]
fn a_quote_before_a_number_set_apart_at_a_line_end_goes() {
    let tsv = |left: u32| {
        format!(
            "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
             5\t1\t1\t1\t1\t1\t100\t100\t400\t36\t95\t关于做好工作的意见\n\
             5\t1\t1\t1\t1\t2\t{left}\t104\t20\t30\t78\t”2\n"
        )
    };
    let texts = |left| {
        let (lines, _, _) = lines_from_tsv(&tsv(left), &image(), &[], &mut |_| None);
        lines.into_iter().map(|l| l.text).collect::<Vec<_>>()
    };
    assert_eq!(texts(560), ["关于做好工作的意见 2"]);
    // Close after the word before, the mark is text's own.
    assert_eq!(texts(510), ["关于做好工作的意见”2"]);
}

/// The roof of a tall last glyph read as a line of its own above the title goes;
/// a line above that only touches the title's boxes stays.
#[test]
fn the_top_of_a_tall_glyph_read_as_a_line_of_its_own_goes() {
    let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
               5\t1\t1\t1\t1\t1\t510\t250\t40\t18\t74\t公\n\
               5\t1\t1\t1\t2\t1\t100\t248\t400\t40\t95\t中华人民共和国民政部\n\
               5\t1\t1\t1\t2\t2\t515\t260\t30\t30\t79\t令\n";
    let (lines, _, _) = lines_from_tsv(tsv, &image(), &[], &mut |_| None);
    let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(texts, ["中华人民共和国民政部令"]);
    let tsv = tsv.replace("1\t1\t1\t510\t250", "1\t1\t1\t510\t233");
    let (lines, _, _) = lines_from_tsv(&tsv, &image(), &[], &mut |_| None);
    let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(texts, ["公", "中华人民共和国民政部令"]);
}

/// A 目录 line whose leader was taken off the image: one line, the leader back as
/// `……`. The same line without a leader in its gap is cut there, as extraction
/// cuts text set far apart.
#[test]
fn a_leader_taken_off_joins_its_line_and_a_wide_gap_cuts_one() {
    let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
               5\t1\t1\t1\t1\t1\t100\t100\t360\t36\t95\t关于加快发展的通知\n\
               5\t1\t1\t1\t1\t2\t1100\t100\t20\t36\t94\t2\n";
    let leader = [[240.0, 60.0, 545.0, 68.0]];
    let (lines, _, _) = lines_from_tsv(tsv, &image(), &leader, &mut |_| None);
    let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(texts, ["关于加快发展的通知……2"]);
    let (lines, _, _) = lines_from_tsv(tsv, &image(), &[], &mut |_| None);
    let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(texts, ["关于加快发展的通知", "2"]);
    // A leader whose first dots were a glyph's, inside the title's last word.
    let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
               5\t1\t1\t1\t1\t1\t100\t100\t300\t36\t95\t关于做好工作的实施\n\
               5\t1\t1\t1\t1\t2\t410\t100\t60\t36\t95\t意见\n\
               5\t1\t1\t1\t1\t3\t1100\t100\t20\t36\t94\t7\n";
    let leader = [[198.0, 60.0, 545.0, 68.0]];
    let (lines, _, _) = lines_from_tsv(tsv, &image(), &leader, &mut |_| None);
    let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(texts, ["关于做好工作的实施意见……7"]);
}

/// A 目录 page number read as a letter with no confidence, or as a letter that looks
/// like a digit, is read again as digits; a mark inside a line, or close after its
/// word, is not, nor is a letter unlike any digit.
#[test]
fn a_mark_far_at_the_end_of_a_line_is_read_again_as_a_number() {
    let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
               5\t1\t1\t1\t1\t1\t100\t100\t360\t36\t95\t关于某某同志职务任免的通知\n\
               5\t1\t1\t1\t1\t2\t1000\t102\t22\t32\t0\tT\n\
               5\t1\t1\t1\t2\t1\t100\t160\t200\t36\t95\t关于印发\n\
               5\t1\t1\t1\t2\t2\t310\t160\t22\t32\t5\tT\n\
               5\t1\t1\t1\t2\t3\t340\t160\t200\t36\t95\t的通知\n\
               5\t1\t1\t1\t3\t1\t100\t220\t200\t36\t95\t关于印发\n\
               5\t1\t1\t1\t3\t2\t310\t220\t22\t32\t5\tT\n\
               5\t1\t1\t1\t4\t1\t100\t280\t360\t36\t95\t关于加强某项工作的意见\n\
               5\t1\t1\t1\t4\t2\t1000\t282\t10\t32\t84\ti\n\
               5\t1\t1\t1\t5\t1\t100\t340\t360\t36\t95\t附件\n\
               5\t1\t1\t1\t5\t2\t1000\t342\t22\t32\t95\tA\n\
               5\t1\t1\t1\t6\t1\t100\t400\t360\t36\t95\t关于同意设立某某的批复\n\
               5\t1\t1\t1\t6\t2\t1000\t402\t22\t32\t80\t3S\n\
               5\t1\t1\t1\t7\t1\t100\t460\t360\t36\t95\t关于某某的通知\n\
               5\t1\t1\t1\t7\t2\t1000\t462\t22\t32\t90\t12\n";
    let mut asked = Vec::new();
    let mut digits = |pixels: [f32; 4]| {
        asked.push(pixels);
        Some(if pixels[1] < 200.0 { "7" } else { "1" }.to_string())
    };
    let (lines, _, _) = lines_from_tsv(tsv, &image(), &[], &mut digits);
    let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "关于某某同志职务任免的通知",
            "7",
            "关于印发的通知",
            "关于印发",
            "关于加强某项工作的意见",
            "1",
            "附件",
            "A",
            "关于同意设立某某的批复",
            "1",
            "关于某某的通知",
            "12"
        ]
    );
    // A number read as digits is not asked for again; a digit read with a
    // letter (`3S` for 5) is.
    assert_eq!(
        asked,
        [
            [1000.0, 102.0, 1022.0, 134.0],
            [1000.0, 282.0, 1010.0, 314.0],
            [1000.0, 402.0, 1022.0, 434.0]
        ]
    );
    // What the second reading does not take for a number: noise is dropped, a
    // letter read with confidence stays.
    let (lines, _, _) = lines_from_tsv(tsv, &image(), &[], &mut |_| None);
    let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
    assert!(texts.contains(&"i") && !texts.contains(&"T"), "{texts:?}");
}

/// Glyph boxes (pixels: left, top, width, height) of `rows` rows of `runs`, each
/// run `glyphs` characters 20 pixels wide, 22 apart, starting at its x.
fn glyph_rows(rows: i32, runs: &[(i32, i32)]) -> Vec<[i32; 4]> {
    let mut boxes = Vec::new();
    for r in 0..rows {
        for &(x, glyphs) in runs {
            boxes.extend((0..glyphs).map(|g| [x + g * 22, 100 + r * 40, 20, 20]));
        }
    }
    boxes
}

/// Columns are seen in the glyphs before a page is read: two runs of text lines
/// with a gutter between; not one column, nor a table's short cells.
#[test]
fn two_columns_of_text_are_seen_before_reading_and_a_table_is_not() {
    let two = glyph_rows(30, &[(100, 20), (640, 20)]);
    assert!(glyphs_show_columns(&two, &image()));
    let one = glyph_rows(30, &[(100, 45)]);
    assert!(!glyphs_show_columns(&one, &image()));
    let table = glyph_rows(6, &[(100, 4), (400, 4), (700, 4), (1000, 4)]);
    assert!(!glyphs_show_columns(&table, &image()));
}

/// A line found in the tops of a large line's glyphs is dropped; a small line of
/// its own above it is kept.
#[test]
fn a_ghost_line_inside_a_large_lines_glyphs_is_dropped() {
    let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
               5\t1\t1\t1\t1\t1\t400\t100\t120\t36\t95\t省政府文件\n\
               5\t1\t1\t1\t2\t1\t310\t162\t20\t20\t81\t小让\n\
               5\t1\t1\t1\t3\t1\t300\t160\t200\t90\t94\t甘肃省\n\
               5\t1\t1\t1\t3\t2\t500\t160\t200\t90\t96\t人民政府文件\n";
    let (lines, words, _) = lines_from_tsv(tsv, &image(), &[], &mut |_| None);
    let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(texts, ["省政府文件", "甘肃省人民政府文件"]);
    assert_eq!(words.len(), 3);
}

/// Unsure words reaching into a red header's glyphs (the upper half of its 青 read
/// as `主`, the left half of its 醴 as `区`), or letters read there, are no line; the
/// same Han words read with confidence, or not reaching into the header, are kept.
#[test]
fn an_unsure_row_in_a_red_headers_glyphs_is_no_line() {
    let header = |conf: u32, bottom: i32| {
        format!(
            "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
             5\t1\t1\t1\t1\t1\t380\t{}\t32\t{}\t{conf}\t主\n\
             5\t1\t1\t1\t1\t2\t438\t{}\t24\t{}\t{conf}\t5\n\
             5\t1\t1\t1\t2\t1\t390\t152\t46\t22\t41\t至\n\
             5\t1\t1\t1\t2\t2\t446\t140\t360\t34\t95\t海省人民政府文件\n",
            bottom - 22,
            22,
            bottom - 18,
            18
        )
    };
    let texts = |tsv: &str| -> Vec<String> {
        let (lines, _, _) = lines_from_tsv(tsv, &image(), &[], &mut |_| None);
        lines.into_iter().map(|l| l.text).collect()
    };
    assert_eq!(texts(&header(16, 154)), ["至海省人民政府文件"]);
    assert_eq!(texts(&header(90, 154)).len(), 2);
    assert_eq!(texts(&header(16, 130)).len(), 2);
    let left_half = |text: &str, conf: u32| {
        format!(
            "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
             5\t1\t1\t1\t1\t1\t132\t224\t22\t20\t{conf}\t{text}\n\
             5\t1\t1\t1\t2\t1\t150\t224\t92\t48\t41\t醴陵\n\
             5\t1\t1\t1\t2\t2\t242\t222\t320\t58\t96\t市人民政府文件\n"
        )
    };
    assert_eq!(texts(&left_half("区", 15)), ["醴陵市人民政府文件"]);
    assert_eq!(texts(&left_half("区", 90)).len(), 2);
    // Letters read in a red header's glyphs are no line however sure the engine was.
    assert_eq!(texts(&left_half("EY", 74)), ["醴陵市人民政府文件"]);
    // Nor is a Han character read with confidence within the header's height, over
    // one of its glyphs for half its width (`从` for the top of 公).
    let top_of = |left: i32| {
        format!(
            "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
             5\t1\t1\t1\t1\t1\t{left}\t142\t40\t16\t80\t从\n\
             5\t1\t1\t1\t2\t1\t390\t152\t46\t22\t41\t至\n\
             5\t1\t1\t1\t2\t2\t446\t140\t360\t34\t95\t海省人民政府文件\n"
        )
    };
    assert_eq!(texts(&top_of(460)), ["至海省人民政府文件"]);
    assert_eq!(texts(&top_of(200)).len(), 2);
}

/// Signs read with little confidence in the tops of the next line's glyphs, at the
/// start of a title's first line, are no part of it: the line starts and is sized
/// where its characters are.
#[test]
fn unsure_signs_over_the_next_lines_glyphs_are_dropped() {
    let tsv = |conf: u32| {
        format!(
            "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
             5\t1\t1\t1\t1\t1\t300\t242\t74\t8\t{conf}\t，。。，。\n\
             5\t1\t1\t1\t1\t2\t492\t206\t224\t48\t96\t寿光市人民政府\n\
             5\t1\t1\t1\t2\t1\t294\t244\t460\t28\t96\t关于实施寿光市城区机动车限行措施的通告\n"
        )
    };
    let (lines, _, _) = lines_from_tsv(&tsv(40), &image(), &[], &mut |_| None);
    assert_eq!(lines[0].text, "寿光市人民政府");
    assert_eq!(lines[0].x0, 246.0);
    let (lines, _, _) = lines_from_tsv(&tsv(90), &image(), &[], &mut |_| None);
    assert!(lines[0].text.starts_with('，'), "{lines:?}");
}

/// A word read with no confidence between two glyphs of a red header, inside its
/// line's box, is no line; a word read with confidence there is kept.
#[test]
fn an_unsure_word_between_large_glyphs_is_no_line() {
    let header = |conf: u32| {
        format!(
            "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
             5\t1\t1\t1\t1\t1\t300\t160\t90\t90\t96\t内\n\
             5\t1\t1\t1\t1\t2\t420\t150\t400\t100\t96\t蒙古自治区人民政府文件\n\
             5\t1\t1\t1\t2\t1\t370\t165\t60\t30\t{conf}\t英\n"
        )
    };
    let texts = |tsv: &str| -> Vec<String> {
        let (lines, _, _) = lines_from_tsv(tsv, &image(), &[], &mut |_| None);
        lines.into_iter().map(|l| l.text).collect()
    };
    assert_eq!(texts(&header(0)), ["内蒙古自治区人民政府文件"]);
    assert_eq!(texts(&header(90)).len(), 2);
}

/// TSV of six lines of two words each, 60 pixels apart: the first word at 100
/// pixels, `width` wide, the second at `second_left`, `second_width` wide.
fn two_words_a_line(
    width: i32,
    second_left: i32,
    second_width: i32,
    words: fn(i32) -> [String; 2],
) -> String {
    let mut tsv = String::from("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n");
    for n in 1..=6 {
        let top = 100 + n * 60;
        let [first, second] = words(n);
        tsv.push_str(&format!(
            "5\t1\t1\t1\t{n}\t1\t100\t{top}\t{width}\t36\t95\t{first}\n"
        ));
        tsv.push_str(&format!(
            "5\t1\t1\t1\t{n}\t2\t{second_left}\t{top}\t{second_width}\t36\t95\t{second}\n"
        ));
    }
    tsv
}

/// Two columns on one baseline grid read as one block: every line is cut at the
/// gutter, and the page is known to be set in columns.
#[test]
fn lines_across_a_gutter_are_cut_and_the_page_has_columns() {
    let tsv = two_words_a_line(500, 660, 500, |n| {
        [format!("左栏第{n}行文字"), format!("右栏第{n}行文字")]
    });
    let (lines, _, columns) = lines_from_tsv(&tsv, &image(), &[], &mut |_| None);
    assert!(columns);
    assert_eq!(lines.len(), 12);
    assert_eq!(
        (lines[0].text.as_str(), lines[1].text.as_str()),
        ("左栏第1行文字", "右栏第1行文字")
    );
    // A title in large type across the page, letter-spaced, one of its gaps over the
    // gutter: one line.
    let title: String = "宁夏回族自治区令"
        .chars()
        .enumerate()
        .map(|(i, c)| {
            format!(
                "5\t1\t1\t1\t0\t{i}\t{}\t40\t72\t80\t95\t{c}\n",
                106 + i * 108
            )
        })
        .collect();
    let (head, rows) = tsv.split_at(tsv.find('\n').map_or(0, |n| n + 1));
    let (lines, _, _) = lines_from_tsv(&format!("{head}{title}{rows}"), &image(), &[], &mut |_| {
        None
    });
    assert_eq!(lines[0].text, "宁夏回族自治区令");
    assert_eq!(lines.len(), 13);
    // A 目录's page numbers beside a gutter are no column.
    let toc = two_words_a_line(900, 1080, 20, |n| {
        [format!("关于第{n}件事的通知"), n.to_string()]
    });
    let (_, _, columns) = lines_from_tsv(&toc, &image(), &[], &mut |_| None);
    assert!(!columns);
}

/// A band that two lines of a 目录 leave free by chance, at a gap between two words
/// of each, with lines across it and shorter ones beside, and the heading in large
/// type starting right of it: no gutter cuts the two lines, and the page has no
/// columns.
#[test]
fn a_band_two_lines_leave_free_by_chance_is_no_gutter() {
    let mut tsv = String::from("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n");
    let word = |line: i32, at: usize, left: i32, width: i32, text: &str| {
        let top = 100 + line * 60;
        format!("5\t1\t1\t1\t{line}\t{at}\t{left}\t{top}\t{width}\t36\t95\t{text}\n")
    };
    // The heading above, in large type, starts right of the band: no body line.
    tsv.push_str("5\t1\t1\t1\t9\t1\t640\t40\t120\t72\t95\t目录\n");
    for n in 1..=2 {
        tsv.push_str(&word(n, 1, 100, 500, "孟津县人民政府关于调整孟津"));
        tsv.push_str(&word(n, 2, 644, 356, "县高新区部分行政区划"));
    }
    for n in 3..=4 {
        tsv.push_str(&word(
            n,
            1,
            100,
            900,
            "孟津县人民政府办公室关于加强突发公共卫生事件的意见",
        ));
    }
    for n in 5..=6 {
        tsv.push_str(&word(n, 1, 100, 300, "孟津县政务动态"));
    }
    let (lines, _, columns) = lines_from_tsv(&tsv, &image(), &[], &mut |_| None);
    assert!(!columns);
    assert_eq!(
        lines[1].text,
        "孟津县人民政府关于调整孟津县高新区部分行政区划"
    );
}

/// A 目录 whose leaders were taken off, its short titles' page numbers read as rows
/// of their own: the band after those titles is leader, not a gutter, so the long
/// titles that cross it at a gap between two words are not cut there, and the page
/// has no columns.
#[test]
fn a_leader_taken_off_is_ink_to_the_gutters() {
    let mut tsv = String::from("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n");
    let mut leaders = Vec::new();
    for n in 1..=6 {
        let top = 100 + n * 40;
        let word = |line: i32, at: usize, left: i32, width: i32, text: &str| {
            format!("5\t1\t1\t1\t{line}\t{at}\t{left}\t{top}\t{width}\t18\t95\t{text}\n")
        };
        tsv.push_str(&word(n, 1, 100, 360, &format!("关于第{n}件事")));
        let leader_from = if n > 4 {
            tsv.push_str(&word(n, 2, 480, 420, "的通知(某发〔2020〕5号)"));
            tsv.push_str(&word(n, 3, 1100, 10, &n.to_string()));
            452.0
        } else {
            tsv.push_str(&word(10 + n, 1, 1100, 10, &n.to_string()));
            232.0
        };
        let y = (top + 12) as f32 / 2.0;
        leaders.push([leader_from, y, 548.0, y + 2.0]);
    }
    let (lines, _, columns) = lines_from_tsv(&tsv, &image(), &leaders, &mut |_| None);
    let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
    assert!(
        texts.contains(&"关于第5件事的通知(某发〔2020〕5号)……5"),
        "{texts:?}"
    );
    assert!(!columns);
}

/// The last word of a line read with little confidence, its box run on far past its
/// one character, keeps the room the character needs; a sure word keeps its box.
#[test]
fn a_last_word_run_on_into_the_blank_after_it_is_cut_back() {
    let tsv = |conf: u32| {
        format!(
            "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
             5\t1\t1\t1\t1\t1\t100\t100\t72\t36\t95\t管理\n\
             5\t1\t1\t1\t1\t2\t172\t100\t900\t36\t{conf}\t法\n"
        )
    };
    let right = |conf| {
        let (lines, _, _) = lines_from_tsv(&tsv(conf), &image(), &[], &mut |_| None);
        lines[0].x1
    };
    let one_more_em = image().to_points([208.0, 0.0, 208.0, 0.0])[0];
    assert!((right(30) - one_more_em).abs() < 0.5, "{}", right(30));
    assert!(right(95) > one_more_em * 4.0);
}

/// A signature whose characters came boxed as high as the line's tallest ink, one
/// of them two characters wide (`民政`): the line's size is its Han ink's, not the
/// boxes'. Before, the wide box passed for squarish and the signature read half as
/// large again as the body, a title's size.
#[test]
fn boxes_as_high_as_the_line_do_not_size_it() {
    let word = |text, bbox| read(text, 95.0, bbox);
    let words = [
        word("江苏", [0.0, 4.0, 46.0, 26.0]),
        word("省", [46.0, 0.0, 66.0, 32.0]),
        word("民政", [66.0, 0.0, 114.0, 32.0]),
        word("府", [114.0, 0.0, 134.0, 32.0]),
        word("厅", [134.0, 0.0, 154.0, 32.0]),
    ];
    let row: Vec<&OcrWord> = words.iter().collect();
    assert!((line_size(&row) - 22.0 / HAN_INK_SHARE).abs() < 1e-3);
}

/// A letter-spaced heading whose boxes came narrower than its glyphs, with a 一 among
/// them: the flat 一 says nothing of the size, and the line is sized from the rest.
#[test]
fn a_flat_one_does_not_size_its_line() {
    let word = |text, bbox| read(text, 95.0, bbox);
    let words = [
        word("第", [139.3, 122.4, 149.0, 132.5]),
        word("一", [153.7, 126.7, 159.5, 128.2]),
        word("章", [164.5, 122.4, 169.9, 132.5]),
        word("总则", [181.1, 122.8, 200.9, 132.5]),
    ];
    let row: Vec<&OcrWord> = words.iter().collect();
    assert!(line_size(&row) > 10.0, "{}", line_size(&row));
}

/// A line whose boxes came narrower than its glyphs (7 wide, 10 high), one of them a
/// fragment 2 by 3 points: the fragment is the only box that passes for squarish by
/// its own width, but is far lower than the line's characters are wide and says
/// nothing of the size. Before, the line read 2.8 pt high and was cut in two at a gap
/// of less than an em (`(上接第 6` | `页)`).
#[test]
fn a_fragment_box_does_not_size_its_line() {
    let word = |text, bbox| read(text, 93.0, bbox);
    let words = [
        word("接", [100.0, 73.0, 107.0, 83.0]),
        word("第", [113.0, 73.0, 120.0, 83.0]),
        word("页", [136.0, 72.0, 143.0, 82.0]),
        word("广", [240.0, 72.0, 247.0, 82.0]),
        word("播", [260.0, 79.0, 262.0, 82.0]),
        word("电", [273.0, 72.0, 280.0, 82.0]),
    ];
    let row: Vec<&OcrWord> = words.iter().collect();
    assert!(line_size(&row) > 10.0, "{}", line_size(&row));
    // Most boxes as high as the head's tallest ink, two on their glyphs' own ink: the
    // head is sized from those two, not from the tall boxes.
    let words = [
        word("征", [104.0, 30.0, 111.0, 39.0]),
        word("第", [110.0, 22.0, 120.0, 44.0]),
        word("旦", [131.0, 30.0, 139.0, 39.0]),
        word("县", [427.0, 22.0, 436.0, 44.0]),
        word("人", [436.0, 22.0, 443.0, 44.0]),
        word("民", [442.0, 22.0, 454.0, 44.0]),
    ];
    let row: Vec<&OcrWord> = words.iter().collect();
    assert!(
        (line_size(&row) - 9.0 / HAN_INK_SHARE).abs() < 1e-3,
        "{}",
        line_size(&row)
    );
}

/// A masthead read as two overlapping rows, its 公 in both and a speck inside a
/// run-on box, is one line with each glyph once; two rows that only touch, no glyph
/// read twice, stay two.
#[test]
fn rows_read_over_the_same_glyphs_are_one_line() {
    let head = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n";
    let masthead = format!(
        "{head}\
         5\t1\t1\t1\t1\t1\t402\t296\t12\t14\t64\t~\n\
         5\t1\t1\t1\t2\t1\t738\t294\t106\t52\t93\t公报\n\
         5\t1\t1\t1\t3\t1\t346\t294\t440\t54\t93\t南通\n\
         5\t1\t1\t1\t3\t2\t490\t290\t50\t62\t96\t市\n\
         5\t1\t1\t1\t3\t3\t540\t290\t42\t62\t97\t人\n\
         5\t1\t1\t1\t3\t4\t580\t294\t126\t54\t91\t民政\n\
         5\t1\t1\t1\t3\t5\t706\t290\t42\t62\t91\t府\n\
         5\t1\t1\t1\t3\t6\t746\t290\t44\t62\t92\t公\n"
    );
    let texts = |tsv: &str| -> Vec<String> {
        let (lines, _, _) = lines_from_tsv(tsv, &image(), &[], &mut |_| None);
        lines.into_iter().map(|l| l.text).collect()
    };
    assert_eq!(texts(&masthead), ["南通市人民政府公报"]);
    let touching = format!(
        "{head}\
         5\t1\t1\t1\t1\t1\t300\t300\t200\t40\t95\t某某市人民\n\
         5\t1\t1\t1\t2\t1\t480\t300\t120\t40\t95\t政府公报\n"
    );
    assert_eq!(texts(&touching).len(), 2);
}

/// A bold `一、` boxed as one flat character and read as another with no confidence
/// opens its line as 一; read with confidence, or boxed as high as the characters
/// after it, it stands as read.
#[test]
fn a_flat_character_read_with_no_confidence_opening_a_line_is_one() {
    let rest = [
        read("总", 93.3, [97.0, 224.0, 107.0, 234.0]),
        read("体", 93.0, [112.0, 224.0, 118.0, 234.0]),
        read("要求", 93.1, [122.0, 224.0, 140.0, 234.0]),
    ];
    let text = |first: OcrWord| {
        let words: Vec<&OcrWord> = std::iter::once(&first).chain(&rest).collect();
        join_line(&words, 11.2, 234.0, &[]).map(|l| l.text)
    };
    let flat = [76.0, 228.0, 90.0, 234.0];
    assert_eq!(text(read("人", 0.0, flat)).as_deref(), Some("一总体要求"));
    assert_eq!(text(read("人", 90.0, flat)).as_deref(), Some("人总体要求"));
    let tall = [80.0, 224.0, 90.0, 234.0];
    assert_eq!(text(read("人", 0.0, tall)).as_deref(), Some("人总体要求"));
}
