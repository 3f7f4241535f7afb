//! Single scanned pages (tests/fixtures/scans/NAME-pN-scan200.pdf,
//! NAME-pN-bilevel300.pdf, NAME-pN-colour300.pdf or NAME-pN-photo200.pdf, one page of a
//! zoo issue scanned or photographed as
//! `tests/scans/make.sh` does), each holding a misreading the OCR stage mends: what the
//! page's lines say after it.

use crate::support::fixture_bytes;

/// The lines read from a one-page scan in `tests/fixtures/scans`.
fn lines_of(name: &str) -> Vec<gazette::model::TextLine> {
    let pages = gazette::ocr::read_pdf(&fixture_bytes(&format!("scans/{name}")), None)
        .expect("OCR reads the scan");
    pages[0].page.lines.clone()
}

fn texts(lines: &[gazette::model::TextLine]) -> Vec<&str> {
    lines.iter().map(|l| l.text.as_str()).collect()
}

/// Fails unless one of the lines reads `line` exactly.
fn assert_reads(read: &[gazette::model::TextLine], line: &str) {
    assert!(
        texts(read).contains(&line),
        "{line} is not read: {:?}",
        texts(read)
    );
}

/// Where the first of `lines` that `is` picks stands; fails, naming `what`, when none
/// is read.
fn index_of(lines: &[&str], what: &str, is: impl Fn(&str) -> bool) -> usize {
    lines
        .iter()
        .position(|l| is(l))
        .unwrap_or_else(|| panic!("{what} is read: {lines:?}"))
}

/// The line read after the opening paragraph's last line (the one `is_last` picks):
/// where a document's first heading stands.
fn heading_after_opening(name: &str, is_last: impl Fn(&str) -> bool) -> String {
    let read = lines_of(name);
    let lines = texts(&read);
    let opening = lines
        .iter()
        .position(|l| is_last(l))
        .expect("the opening paragraph's last line is read");
    let heading = lines.get(opening + 1);
    heading.map_or_else(|| panic!("nothing after it: {lines:?}"), |h| h.to_string())
}

/// The page number read on a 目录 entry's line, right of the entry that starts so.
fn number_on(read: &[gazette::model::TextLine], entry: &str) -> Option<String> {
    let line = read
        .iter()
        .find(|l| l.text.starts_with(entry))
        .unwrap_or_else(|| panic!("{entry} is read: {:?}", texts(read)));
    read.iter()
        .find(|n| n.x0 > line.x1 && (n.y - line.y).abs() < 1.0)
        .map(|n| n.text.clone())
}

/// A bold heading (`一、主要目标`) that the page's reading left out, and that read
/// again enlarged gives nothing, is read at its scanned size: the document keeps its
/// first clause.
#[test]
fn a_bold_heading_the_page_reading_left_out_is_read_again() {
    let heading = heading_after_opening("zoo70-jinjiang-2019-03-p2-scan200.pdf", |l| {
        l.starts_with("通知如下")
    });
    assert_eq!(heading, "一、主要目标");
}

/// A signed date set letter-spaced in Chinese numerals, which the page's reading
/// garbled and cut in two (`三`, `三年六月十交让`), is read again cell by cell as one
/// line, the dot of its 六 with it.
#[test]
fn a_signed_date_read_in_two_pieces_is_read_again_whole() {
    let lines = &lines_of("zoo18-anji-2020-02-docx-p8-scan200.pdf");
    let signature = lines
        .iter()
        .rposition(|l| l.text == "安吉县人民政府")
        .expect("the signature is read");
    let date = &lines[signature + 1];
    assert_eq!(date.text, "二〇二〇年六月十六日");
    assert!(
        lines
            .iter()
            .all(|l| l == date || (l.y - date.y).abs() > date.size),
        "{lines:?}"
    );
}

/// A masthead in large type that the engine read as two overlapping rows
/// (`南通市人民政府公` and `公报`, its 公 in both) is one line, each glyph once: the
/// issue's masthead is found.
#[test]
fn a_masthead_read_as_two_overlapping_rows_is_one_line() {
    let read = lines_of("zoo62-nantong-2022-14-gbk-p1-scan200.pdf");
    let lines = texts(&read);
    assert_eq!(lines.first(), Some(&"南通市人民政府公报"), "{lines:?}");
    assert_eq!(lines.get(1), Some(&"2022年第23期"), "{lines:?}");
}

/// A 目录 whose page numbers stand far right of their entries, which the page's
/// reading left out all seven of, gets them back, each on its entry's line.
#[test]
fn a_contents_column_of_numbers_left_unread_is_read() {
    let read = lines_of("zoo35-guowuyuan-2019-18-gbk-p1-scan200.pdf");
    assert_eq!(
        number_on(&read, "中华人民共和国国务院令").as_deref(),
        Some("2")
    );
    assert_eq!(
        number_on(&read, "公共文化服务管理条例").as_deref(),
        Some("2")
    );
    assert_eq!(number_on(&read, "国发〔2019〕155号").as_deref(), Some("5"));
    assert_eq!(
        number_on(&read, "国办发〔2019〕115号").as_deref(),
        Some("7")
    );
    assert_eq!(number_on(&read, "电梯安全管理规定").as_deref(), Some("8"));
}

/// A signed date in Chinese numerals whose 〇二〇 the engine read as nothing (`二`
/// and `年五月十二日`, its size taken from the low 二 and 十) is read again whole.
#[test]
fn a_date_whose_year_was_left_out_is_read_again_whole() {
    let read = lines_of("zoo41-hebei-2020-21-ucs2-p8-scan200.pdf");
    let lines = texts(&read);
    let signature = lines
        .iter()
        .rposition(|l| *l == "河北省人民政府")
        .expect("the signature is read");
    assert_eq!(
        lines.get(signature + 1),
        Some(&"二〇二〇年五月十二日"),
        "{lines:?}"
    );
}

/// A bold heading opening with a flat 一 (`一、工作目标`), which neither the page's
/// reading nor a reading of its row as a line finds anything in, is read raw and gets
/// its enumeration comma back: the document's first clause is not lost.
#[test]
fn a_heading_opening_with_a_flat_numeral_is_read_raw() {
    let heading = heading_after_opening("zoo71-xinjiang-2022-07-ucs2-p8-scan200.pdf", |l| {
        l.ends_with("现提出如下意见。")
    });
    assert_eq!(heading, "一、工作目标");
}

/// On a page in two columns, a heading the reading in columns left out, level with a
/// line of the other column, is read again and goes among its own column's lines.
#[test]
fn a_heading_left_out_of_a_column_is_read_again_in_its_column() {
    let heading = heading_after_opening("zoo65-dujiangyan-2021-02-ucs2-p5-scan200.pdf", |l| {
        l.ends_with("制定本方案。")
    });
    assert_eq!(heading, "一、压实四方责任");
}

/// A 目录 page number at a leader's end that the page's reading made a digit it was
/// as unsure of as of noise (a clean `1` read as `3`) is read again as digits.
#[test]
fn a_contents_number_read_with_no_confidence_is_read_again() {
    let read = lines_of("zoo71-xinjiang-2022-07-ucs2-p3-scan200.pdf");
    assert_eq!(
        number_on(&read, "新疆维吾尔自治区电梯安全管理办法").as_deref(),
        Some("1")
    );
}

/// A 目录 whose 文号s are set in full-width digits, each alone in an em: the page's
/// reading garbled two (`国发(210.8879`, `国办发(210118)125`) and left a third out.
/// Each, read again as a line of its own, is a 文号 with its page number beside it;
/// so is a State Council 目录's `国画[2019)T1599时，`.
#[test]
fn a_contents_doc_number_garbled_or_left_out_is_read_again() {
    let read = lines_of("zoo13-guowuyuan-2018-21-gbk-p1-scan200.pdf");
    assert_eq!(number_on(&read, "国发〔2018〕8号").as_deref(), Some("4"));
    assert_eq!(
        number_on(&read, "国办发〔2018〕125号").as_deref(),
        Some("6")
    );
    let left_out = read
        .iter()
        .find(|l| l.text.ends_with("〔2018〕156号"))
        .unwrap_or_else(|| panic!("国函〔2018〕156号 is read: {:?}", texts(&read)));
    assert_eq!(number_on(&read, &left_out.text).as_deref(), Some("5"));
    assert_reads(
        &lines_of("zoo35-guowuyuan-2019-18-gbk-p1-scan200.pdf"),
        "国函〔2019〕159号",
    );
}

/// A 文号 centred under its title on a page in two columns, which the page's reading
/// split at the gutter (`慈政办发` | `QQ022)141号`), is read again as one line.
#[test]
fn a_doc_number_split_at_the_gutter_is_read_again_whole() {
    let read = lines_of("zoo58-cixi-2022-05-gbk-p8-scan200.pdf");
    let lines = texts(&read);
    let title = lines
        .iter()
        .position(|l| *l == "关于推进城乡供水一体化的实施方案")
        .expect("the title is read");
    assert_eq!(
        lines.get(title + 1),
        Some(&"慈政办发〔2022〕141号"),
        "{lines:?}"
    );
}

/// A decree's name set large and light, which the page's reading cut into a row of
/// its glyphs' upper halves (`ms`, `从`) over a row of the rest (`吉林`,
/// `省人民政府令`), is read again as one line: the decree is named, its number under it.
#[test]
fn a_large_line_cut_into_two_rows_is_read_again_whole() {
    let read = lines_of("zoo36-jilin-2020-10-ucs2-p4-scan200.pdf");
    let lines = texts(&read);
    let number = index_of(&lines, "the decree's number", |l| l == "第177号");
    assert!(number > 0, "{lines:?}");
    assert_eq!(lines[number - 1], "吉林省人民政府令", "{lines:?}");
}

/// A two-digit page number standing far from its leader's end, read whole with
/// confidence (`11`), stands as read: its first digit alone, the only mark near the
/// leader's end, is not read again as a number of its own beside it (`111`).
#[test]
fn a_contents_number_far_from_its_leader_is_read_once() {
    let read = lines_of("zoo11-shanxi-2019-08-ucs2-p1-scan200.pdf");
    let entry = read
        .iter()
        .find(|l| {
            l.text
                .starts_with("山西省人民政府关于田伟等同志职务任免的通知")
        })
        .unwrap_or_else(|| panic!("the entry is read: {:?}", texts(&read)));
    let mut row: Vec<_> = read
        .iter()
        .filter(|l| (l.y - entry.y).abs() < entry.size)
        .collect();
    row.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    let row: String = row.iter().map(|l| l.text.as_str()).collect();
    let digits = row.len() - row.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    assert_eq!(&row[row.len() - digits..], "11", "{row}");
}

/// The line right under a signature: its date.
fn date_under(name: &str, signature: &str) -> String {
    let read = lines_of(name);
    let at = read
        .iter()
        .rposition(|l| l.text == signature)
        .unwrap_or_else(|| panic!("the signature is read: {:?}", texts(&read)));
    read.get(at + 1)
        .map_or_else(String::new, |l| l.text.clone())
}

/// A signed date whose `11`, two close strokes, the cell reading read as one `1`: a
/// cell read as fewer digits than it holds glyphs of a digit's height side by side is
/// read glyph by glyph.
#[test]
fn a_date_cell_of_two_ones_is_read_as_two_digits() {
    let date = date_under("zoo45-kunshan-2020-09-p4-scan200.pdf", "昆山市人民政府");
    assert_eq!(date, "2020年11月21日");
}

/// A signed date in Chinese numerals of which the page's reading kept only 年 and 月
/// (`芋避=年雪月汪冲`): under a signature, that is a date gone wrong, read again.
#[test]
fn a_signed_date_with_every_numeral_misread_is_read_again() {
    let date = date_under(
        "zoo60-harbin-2020-19-docx-p8-scan200.pdf",
        "哈尔滨市人民政府",
    );
    assert_eq!(date, "二〇二〇年五月十日");
}

/// A line whose size came from one glyph's fragment (`播` boxed 2 by 3 points) was cut
/// in two at a gap of less than an em, and the continuation note lost (`(上接第 6` |
/// `页)2.充分利用…`): it is one line, the note whole.
#[test]
fn a_line_is_not_sized_from_a_fragment_of_a_glyph() {
    let read = lines_of("zoo45-kunshan-2020-09-p12-scan200.pdf");
    let lines = texts(&read);
    assert!(
        lines
            .first()
            .is_some_and(|l| l.starts_with("(上接第6页)2.充分利用")),
        "{lines:?}"
    );
}

/// A bold `一、` boxed as one flat character and read as `人` with no confidence
/// opens its heading as 一 (the parser gives it its comma back).
#[test]
fn a_bold_one_read_as_another_character_is_one() {
    let heading = heading_after_opening("zoo25-liling-2018-01-p5-scan200.pdf", |l| {
        l.ends_with("现通知如下。")
    });
    assert_eq!(heading, "一总体要求");
}

/// A 目录 whose first page number (`2`) was read as `4` with little confidence, and
/// whose numbers after 文号 lines the page's reading left out: each is read as digits.
#[test]
fn a_contents_number_read_with_little_confidence_is_read_again() {
    let read = lines_of("zoo77-shouguang-2020-05-combined-docx-p2-scan200.pdf");
    let first = "寿光市人民政府关于促进养老托育服务健康发展的实施意见";
    let on_line = read
        .iter()
        .find(|l| l.text.starts_with(first))
        .map(|l| l.text.clone());
    let number = number_on(&read, first);
    let read_as = on_line.as_deref().and_then(|l| l.strip_prefix(first));
    assert!(
        number.as_deref() == Some("2") || read_as == Some("……2"),
        "{:?}",
        texts(&read)
    );
    assert_eq!(number_on(&read, "寿政字〔2020〕82号").as_deref(), Some("4"));
}

/// A 目录 page number the page's reading left out (`7`), alone among numbers it read
/// in their column: the column is the numbers read and the ink unread together.
#[test]
fn a_contents_number_left_out_among_numbers_read_is_read() {
    let read = lines_of("zoo70-jinjiang-2019-03-p1-scan200.pdf");
    assert_eq!(
        number_on(&read, "晋政政办发〔2019〕82号").as_deref(),
        Some("7")
    );
}

/// Bilevel scans at 300 dpi (seed 51). A decree's name set large and letter-spaced
/// across a page in two columns, a gap between its glyphs over the gutter: one line,
/// not `宁夏回族自治区人民政` | `府令`.
#[test]
fn a_title_letter_spaced_over_the_gutter_is_one_line() {
    let read = lines_of("zoo61-ningxia-2019-20-p2-bilevel300.pdf");
    assert_reads(&read, "宁夏回族自治区人民政府令");
}

/// A 文号 centred under its title on a page in two columns, cut at the gutter
/// inside its year (`拉政政发 20` | `23」125号`): read again as one line.
#[test]
fn a_doc_number_cut_inside_its_year_is_read_whole() {
    let read = lines_of("zoo72-lasa-2023-05-p3-bilevel300.pdf");
    assert_reads(&read, "拉政政发〔2023〕125号");
}

/// The rule under a red header's 文号, read as a row of small characters with no
/// confidence (`这了计各生生这汪秆于于于时`): no line; the title follows the 文号.
#[test]
fn a_rule_read_as_characters_is_no_line() {
    let read = lines_of("zoo76-anhui-2021-11-combined-gbk-p7-bilevel300.pdf");
    let lines = texts(&read);
    let number = index_of(&lines, "the 文号", |l| l.ends_with("〔2021〕22号"));
    assert_eq!(
        lines.get(number + 1),
        Some(&"安徽省人民政府办公厅"),
        "{lines:?}"
    );
}

/// A 文号 whose 函 was read in two, the 了 above its frame and what the frame holds
/// (`了尔`): its code letter is 函 again.
#[test]
fn a_letter_read_in_two_is_one_again() {
    let read = lines_of("zoo02-henan-2020-05-p6-bilevel300.pdf");
    assert!(
        read.iter().any(|l| l.text.ends_with("政函〔2020〕39号")),
        "{:?}",
        texts(&read)
    );
}

/// A masthead whose full-width year and number, thin strokes blurred on a yellowed
/// sheet, were read `230'2汪年第156期`: read on white paper, they are digits.
#[test]
fn a_masthead_on_yellowed_paper_reads_its_number() {
    let read = lines_of("zoo53-renshou-2021-01-ucs2-p1-colour300.pdf");
    assert_reads(&read, "2021年第16期");
}

/// A masthead in large red type whose 公报 was read a second time over its 公
/// (`南通市人民政府公` and `八报` side by side): one line, above the year.
#[test]
fn a_masthead_with_a_glyph_read_twice_is_one_line() {
    let read = lines_of("zoo62-nantong-2022-14-gbk-p1-colour300.pdf");
    let lines = texts(&read);
    let year = index_of(&lines, "the year", |l| l == "2022年第23期");
    assert!(
        matches!(&lines[..year], [name] if name.starts_with("南通") && name.ends_with("公报")),
        "{lines:?}"
    );
}

/// A signed date in Chinese numerals whose year was read `二O〇二` (one ring read
/// twice, the ring before 年 not at all, its place a blank), which the year's mending
/// made 2002: the year has a glyph's blank in it, so it is read again glyph by glyph.
#[test]
fn a_year_with_a_ring_left_out_is_read_again() {
    let read = lines_of("zoo41-hebei-2020-21-ucs2-p8-colour300.pdf");
    assert_reads(&read, "二〇二〇年五月十二日");
}

/// A 目录 whose last page number (11), not read by the text pass but for a sliver
/// of its right-hand 1 read as `E`, is read again from its ink: the `E` goes with it.
#[test]
fn a_page_number_read_again_takes_the_place_of_what_was_read_of_it() {
    let read = lines_of("zoo15-hubei-2022-09-gbk-p2-colour300.pdf");
    let lines = texts(&read);
    let title = index_of(&lines, "the last entry", |l| l.ends_with("职务任免的通知"));
    let row: Vec<&str> = read
        .iter()
        .filter(|l| l.y == read[title].y)
        .map(|l| l.text.as_str())
        .collect();
    assert_eq!(row, [lines[title], "11"], "{lines:?}");
}

/// A photographed body page whose folio (`— 2 —`) stands in the shaded paper of its
/// footer: on the levelled page the engine reads it.
#[test]
fn a_folio_on_shaded_paper_is_read() {
    let read = lines_of("zoo04-changxing-2020-03-p2-photo200.pdf");
    assert_eq!(lowest(&read), "2", "{:?}", texts(&read));
}

/// The text of the lowest line read on a page: its folio, when it was read.
fn lowest(read: &[gazette::model::TextLine]) -> &str {
    read.iter()
        .max_by(|a, b| a.y.total_cmp(&b.y))
        .map_or("", |l| l.text.as_str())
}

/// A photographed last page whose folio `· 8 ·` stands in the shaded corner of its
/// foot, its 8 broken in two there: the piece lower than the rest of the digit does
/// not leave the rest out of the ink read again.
#[test]
fn a_folio_broken_in_shade_is_read_whole() {
    let read = lines_of("zoo30-mengjin-2019-05-p11-photo200.pdf");
    assert_eq!(lowest(&read), "8", "{:?}", texts(&read));
}

/// A photographed 目录 whose `7` stands apart from its line's other numbers, its bar
/// broken off its stem: the number is read from both.
#[test]
fn a_contents_number_broken_in_two_is_read_whole() {
    let read = lines_of("zoo70-jinjiang-2019-03-p1-photo200.pdf");
    assert_eq!(
        number_on(&read, "晋政政办发〔2019〕82号").as_deref(),
        Some("7"),
        "{:?}",
        texts(&read)
    );
}

/// A photographed signature date whose rings (`二〇二〇年`) are light and thin: the
/// engine leaves both out (`二二年`), and read cell by cell each is a ring.
#[test]
fn a_date_with_light_rings_is_read_whole() {
    let read = lines_of("zoo07-guowuyuan-2020-14-p8-photo200.pdf");
    assert_reads(&read, "二〇二〇年九月二十八日");
}

/// A photographed signature date whose month `11` the engine read as `1`, unsure of
/// that word alone: read again cell by cell, the two 1s are two digits.
#[test]
fn a_date_numeral_read_in_doubt_is_read_again() {
    let read = lines_of("zoo45-kunshan-2020-09-p4-photo200.pdf");
    assert_reads(&read, "2020年11月21日");
}

/// A photographed signature date read right but for a ring read `OO` in doubt: it
/// stands as read (read cell by cell, its 三 comes out 二).
#[test]
fn a_date_read_whole_with_a_ring_in_doubt_stands() {
    let read = lines_of("zoo09-baoji-2017-04-p8-photo200.pdf");
    assert_reads(&read, "二〇一七年三月二十四日");
}

/// A decree page whose section label's red rule ends in a dot far right of it, read
/// as `|`: no line of its own, which would open the decree's title.
#[test]
fn a_speck_beside_a_label_is_no_line() {
    let read = lines_of("zoo06-zhuzhou-2019-09-p2-photo200.pdf");
    let lines = texts(&read);
    let decree = index_of(&lines, "the decree's name", |l| l == "株洲市人民政府令");
    assert!(
        lines[..decree]
            .iter()
            .all(|l| l.chars().any(char::is_alphanumeric)),
        "{lines:?}"
    );
}

/// A photographed 目录 whose first page number (1) was read `3` and its second `之`:
/// the second read again as 2 shows the first out of order, and it is read again too.
#[test]
fn a_first_contents_number_above_the_next_is_read_again() {
    let read = lines_of("zoo34-zhejiang-2019-15-docx-p1-photo200.pdf");
    let mut column: Vec<&gazette::model::TextLine> = read
        .iter()
        .filter(|l| l.x0 > 500.0 && l.text.chars().all(|c| c.is_ascii_digit()))
        .collect();
    column.sort_by(|a, b| a.y.total_cmp(&b.y));
    let numbers: Vec<&str> = column.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(
        numbers,
        ["1", "2", "3", "4", "5", "6", "7"],
        "{:?}",
        texts(&read)
    );
}

/// A photographed announcement whose title's first line, its issuer, the engine
/// read as one `0` with no confidence across the whole line: the row is read again
/// as a line left out, and the `0` goes.
#[test]
fn a_line_read_as_one_doubtful_sign_is_read_again() {
    let read = lines_of("zoo77-shouguang-2020-05-combined-docx-p9-photo200.pdf");
    let lines = texts(&read);
    let title = index_of(&lines, "the title's second line", |l| {
        l.starts_with("关于实施寿光市城区")
    });
    assert_eq!(lines[title - 1], "寿光市人民政府", "{lines:?}");
}

/// A colour 目录 whose 文号 in full-width digits was read `国丁(2:018)1156号`, the
/// entry's page number far right of it: read again over ink that reaches the page
/// number (its leader painted out), the 文号 comes out whole and the number stays.
#[test]
fn a_contents_doc_number_read_again_keeps_its_page_number() {
    let read = lines_of("zoo13-guowuyuan-2018-21-gbk-p1-colour300.pdf");
    assert_reads(&read, "国函〔2018〕156号 5");
}
