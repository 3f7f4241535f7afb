//! Single scanned pages (tests/fixtures/scans/NAME-pN-scan200.pdf, one page of a zoo
//! issue scanned as `tests/scans/make.sh` does), each holding a misreading the OCR
//! stage mends: what the page's lines say after it.

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
    let read = lines_of("zoo35-guowuyuan-2019-18-gbk-p1-scan200.pdf");
    assert!(
        texts(&read).contains(&"国函〔2019〕159号"),
        "{:?}",
        texts(&read)
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
    let number = lines
        .iter()
        .position(|l| *l == "第177号")
        .unwrap_or_else(|| panic!("the decree's number is read: {lines:?}"));
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
