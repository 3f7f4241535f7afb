//! Page furniture: the body text size, the running heads and feet that recur from
//! page to page, and the printed page number, all removed from the body before columns
//! and paragraphs are read.

use std::collections::HashMap;

use super::{holds_alike, normalize_text};
use crate::model::{PageText, TextLine};
use crate::script::fold_width;

/// The font size most characters are set in: the body text size.
pub(super) fn dominant_size(pages: &[PageText]) -> f32 {
    let mut weight: HashMap<i32, usize> = HashMap::new();
    for l in pages.iter().flat_map(|p| &p.lines) {
        *weight.entry((l.size * 2.0).round() as i32).or_default() += l.text.chars().count();
    }
    weight
        .into_iter()
        .max_by_key(|&(k, w)| (w, -k))
        .map(|(k, _)| k as f32 / 2.0)
        .unwrap_or(10.5)
}

/// Share of the page height, from the top and from the bottom, where running heads,
/// footers and page numbers live.
const FURNITURE_BAND: f32 = 0.1;

/// A line that may be page furniture: in the top or bottom band and not larger than
/// body text (a document's big red header can sit high on a page too).
fn in_band(page: &PageText, l: &TextLine, body_size: f32) -> bool {
    l.size <= body_size * 1.05 && in_band_at_any_size(page, l)
}

/// A line in the top or bottom band, whatever its size. Page numbers are often set
/// larger than the body (五号 feet under a 9–10 pt two-column body; GB/T 9704 prints
/// them in 4号 half-width), and their text alone already marks them.
fn in_band_at_any_size(page: &PageText, l: &TextLine) -> bool {
    let band = page.height * FURNITURE_BAND;
    l.y < band || l.y > page.height - band
}

/// Page numbers larger than this many times the body size are display type, not feet.
const PAGE_NUMBER_MAX_SCALE: f32 = 1.6;
/// An issue label the pages print as their running head is measured up to this many
/// times the body size where a scan boxed it together with the rule under it.
const BOXED_HEAD_MAX_SCALE: f32 = 2.0;

/// The key under which running-head text is compared between pages: digits change
/// from page to page (`2018年第8期`, page numbers), so they are dropped.
fn head_key(text: &str) -> String {
    normalize_text(text)
        .chars()
        .filter(|c| !c.is_ascii_digit() && !c.is_whitespace())
        .collect()
}

/// The running heads and feet of an issue: their texts, and the heights they are
/// printed at.
pub(super) struct RunningHeads {
    /// Band lines' texts (digits aside) that recur on at least two pages.
    texts: HashMap<String, usize>,
    /// Baselines and sizes of the gazette's name and issue label in the band, where
    /// at least `HEAD_ROW_PAGES` pages print one level with them. (Other text that
    /// recurs in the band may be a body's first line: `附件`.)
    rows: Vec<(f32, f32)>,
}

/// A head printed at one height on this many pages marks that height as the
/// issue's: a line level with it on any page is page furniture, whatever a scan made
/// of its text (`到撒02021全第8` for the issue label).
const HEAD_ROW_PAGES: usize = 3;

/// Whether two lines are level: baselines within half the larger line's size. A
/// scan's skew sets the two ends of a head band a point or two apart, and the smaller
/// may be read smaller.
fn level(a: (f32, f32), b: (f32, f32)) -> bool {
    (a.0 - b.0).abs() < a.1.max(b.1) / 2.0
}

/// The running heads and feet of this issue.
pub(super) fn running_heads(pages: &[PageText], body_size: f32) -> RunningHeads {
    let mut texts: HashMap<String, usize> = HashMap::new();
    for page in pages {
        let mut keys: Vec<String> = page
            .lines
            .iter()
            .filter(|l| in_band(page, l, body_size))
            .map(|l| head_key(&l.text))
            .filter(|k| !k.is_empty())
            .collect();
        keys.sort();
        keys.dedup();
        for k in keys {
            *texts.entry(k).or_default() += 1;
        }
    }
    texts.retain(|_, n| *n >= 2);
    let mut heads = RunningHeads {
        texts,
        rows: Vec::new(),
    };
    let per_page: Vec<Vec<(f32, f32)>> = pages
        .iter()
        .map(|page| {
            page.lines
                .iter()
                .filter(|l| heads.is_head(page, l, body_size) && looks_like_running_head(&l.text))
                .map(|l| (l.y, l.size))
                .collect()
        })
        .collect();
    for row in per_page.iter().flatten() {
        let pages_level = per_page
            .iter()
            .filter(|page| page.iter().any(|&other| level(*row, other)))
            .count();
        if pages_level >= HEAD_ROW_PAGES && !heads.rows.iter().any(|&r| level(*row, r)) {
            heads.rows.push(*row);
        }
    }
    heads
}

/// A running head's text is long enough from this many characters that one of them
/// misread leaves no other line's text (`中华人民共和国国务院公所` for …公报); one in
/// this many may be.
const LONG_HEAD_CHARS: usize = 8;

impl RunningHeads {
    /// Whether a line of the page is a running head by its text: one that recurs in
    /// the band, a gazette's name or issue label there, even when it was measured
    /// larger than the body (a scanned head boxed together with its rule).
    fn is_head(&self, page: &PageText, l: &TextLine, body_size: f32) -> bool {
        let boxed_label = || {
            in_band_at_any_size(page, l)
                && l.size <= body_size * BOXED_HEAD_MAX_SCALE
                && is_issue_label(&l.text)
                && self.recurs(&head_key(&l.text))
        };
        (in_band(page, l, body_size) && self.recurs(&head_key(&l.text)))
            || (furniture_sized(page, l, body_size) && looks_like_running_head(&l.text))
            || boxed_label()
    }

    /// Whether a band line's key is one of the recurring heads', or, when long, the
    /// same but for a character in `LONG_HEAD_CHARS` a scan misread.
    fn recurs(&self, key: &str) -> bool {
        self.texts.contains_key(key)
            || (key.chars().count() >= LONG_HEAD_CHARS
                && self.texts.keys().any(|head| {
                    head.chars().count() == key.chars().count()
                        && holds_alike(head, key, LONG_HEAD_CHARS)
                }))
    }
}

/// A line in the band no larger than a page number may be set.
fn furniture_sized(page: &PageText, l: &TextLine, body_size: f32) -> bool {
    in_band_at_any_size(page, l) && l.size <= body_size * PAGE_NUMBER_MAX_SCALE
}

/// `— 3 —`, `- 3 -`, `· 3 ·`, `3`, `第3页`: a printed page number standing alone.
pub fn page_number(text: &str) -> Option<u32> {
    let re =
        regex!(r"^(?:[—–\-－―─·•・.\s]*([0-9]{1,4})[—–\-－―─·•・.\s]*|第\s*([0-9]{1,4})\s*页)$");
    let text = normalize_text(text);
    let caps = re.captures(&text)?;
    caps.get(1).or_else(|| caps.get(2))?.as_str().parse().ok()
}

/// A page number printed at either end of a running head, a space apart from it
/// (`12　某某省人民政府公报`, `某某省人民政府公报　13`). Only a bare number counts, not
/// the year of an issue label (`2020 年第 13 期`).
fn number_in_head(text: &str) -> Option<u32> {
    // Folded but not normalised: normalising drops the space that sets the number off.
    let text: String = text.trim().chars().map(fold_width).collect();
    let caps = regex!(r"^(\d{1,4})\s+[^\d\s年月日期号页]|[^\d\s]\s+(\d{1,4})$").captures(&text)?;
    caps.get(1).or_else(|| caps.get(2))?.as_str().parse().ok()
}

/// Text that is a running head even on a page of its own: the gazette name or an
/// issue label; in the band, nothing else reads that way.
fn looks_like_running_head(text: &str) -> bool {
    normalize_text(text).ends_with("公报") || is_issue_label(text)
}

/// An issue label (`2018年第8期`, `第17号`), or the start of one whose number a scan
/// lost (`2021年第`).
fn is_issue_label(text: &str) -> bool {
    regex!(r"^\d{4}年第\d*[期号]?$|^第\d+[期号]$").is_match(&normalize_text(text))
}

/// What a page is left with once its running heads and footers are dropped.
pub(super) struct Stripped {
    /// The page number it prints, where one was read.
    pub printed: Option<u32>,
    /// Whether it carries a running head: a body page of the issue, not a cover.
    pub headed: bool,
    /// The other lines, their text normalised.
    pub lines: Vec<TextLine>,
}

/// Drops running heads and footers, keeping the printed page number.
pub(super) fn strip_page_furniture(
    page: &PageText,
    body_size: f32,
    heads: &RunningHeads,
) -> Stripped {
    let furniture_sized = |l: &TextLine| furniture_sized(page, l, body_size);
    let is_head = |l: &TextLine| heads.is_head(page, l, body_size);
    // What is level with a running head is running head too (the section name beside
    // the gazette name), even where it prints only once, and even where a scan's
    // letter-spaced issue label was read as something else, larger; so is what sits
    // where the issue prints its heads on other pages.
    let head_baselines: Vec<(f32, f32)> = page
        .lines
        .iter()
        .filter(|l| is_head(l))
        .map(|l| (l.y, l.size))
        .chain(heads.rows.iter().copied())
        .collect();
    let mut printed = None;
    let mut printed_in_head = None;
    let mut headed = false;
    let mut kept = Vec::with_capacity(page.lines.len());
    for l in &page.lines {
        if furniture_sized(l) {
            if let Some(n) = page_number(&l.text) {
                // Prefer the number at the foot when a page prints one at each end.
                if printed.is_none() || l.y > page.height / 2.0 {
                    printed = Some(n);
                }
                continue;
            }
        }
        let beside_head = || head_baselines.iter().any(|&row| level(row, (l.y, l.size)));
        if is_head(l) || (furniture_sized(l) && beside_head()) {
            headed = true;
            printed_in_head = printed_in_head.or_else(|| number_in_head(&l.text));
            continue;
        }
        let text = normalize_text(&l.text);
        if !text.is_empty() {
            kept.push(TextLine { text, ..l.clone() });
        }
    }
    Stripped {
        // A number standing alone (a foot) wins over one printed inside a running head.
        printed: printed.or(printed_in_head),
        headed,
        lines: kept,
    }
}

/// At most this many pages in a row between two numbers that leave room for them are
/// given the numbers between: a third read wrong in a row would be a run of its own.
const MAX_PAGES_MENDED_BETWEEN: usize = 2;

/// Mends a page number that breaks the run its neighbours print: a page between
/// pages 10 and 12 is page 11, whatever was read at its foot (`1`, a scan's `11` with
/// one digit lost) or if nothing was, and two pages between pages 10 and 13 are 11
/// and 12 (`3` and nothing read). Pages are numbered one after another; only pages
/// between numbers that leave room for exactly as many are mended, and a
/// page that carries the issue's running head after page 10, with no number read, or
/// one not past 10, and no number after it (the issue's last, a scan's foot lost in
/// shade, its 11 read `5`), is 11: a back cover, which may number itself, has no head.
pub(super) fn mend_page_numbers(printed: &mut [Option<u32>], headed: &[bool]) {
    let read = printed.to_vec();
    for between in 1..=MAX_PAGES_MENDED_BETWEEN {
        for (i, window) in read.windows(between + 2).enumerate() {
            if let (Some(before), Some(after)) = (window[0], window[between + 1]) {
                if after == before + between as u32 + 1 {
                    for k in 1..=between {
                        printed[i + k] = Some(before + k as u32);
                    }
                }
            }
        }
    }
    for i in 1..printed.len() {
        let none_after = printed.get(i + 1).is_none_or(Option::is_none);
        let Some(before) = printed[i - 1] else {
            continue;
        };
        let behind = printed[i].is_none_or(|read| read <= before);
        if behind && none_after && headed.get(i) == Some(&true) {
            printed[i] = Some(before + 1);
        }
    }
    // The first number of a run read above the two agreeing numbers after it (an
    // issue's first body page, its thin `1` read as `5`, then 2 and 3) is the one
    // before them, where the page before prints none or a number below it.
    for i in 0..printed.len().saturating_sub(2) {
        if let [Some(read), Some(after), Some(next)] = printed[i..i + 3] {
            let before = i.checked_sub(1).and_then(|b| printed[b]);
            let room = before.is_none_or(|b| b + 1 < after - 1);
            if read >= after && next == after + 1 && after >= 2 && room {
                printed[i] = Some(after - 1);
            }
        }
    }
    // A number below the one before it that is the next number with a digit lost
    // (`1` after 10, a scan's `— 11 —` whose two close 1s read as one) is the next
    // number: a run of pages never goes back, and where the next page prints none
    // (the issue's last) its neighbours cannot tell.
    for i in 1..printed.len() {
        if let (Some(before), Some(read)) = (printed[i - 1], printed[i]) {
            if read < before && lost_a_digit(read, before + 1) {
                printed[i] = Some(before + 1);
            }
        }
    }
}

/// Whether `read` is `number` with one of its digits left out.
fn lost_a_digit(read: u32, number: u32) -> bool {
    let (read, number) = (read.to_string(), number.to_string());
    (0..number.len()).any(|at| format!("{}{}", &number[..at], &number[at + 1..]) == read)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, x0: f32, y: f32, size: f32) -> TextLine {
        TextLine {
            text: text.into(),
            x0,
            x1: x0 + 100.0,
            y,
            size,
        }
    }

    /// Scanned heads: an issue label boxed with its rule (measured 17.6 pt over a
    /// 10 pt body), one whose number the scan lost (`2021年第`), a section name a
    /// skewed scan set 2.1 pt off the gazette's name beside it, and a small gazette
    /// name level with a label within half the label's size, all go with the head
    /// band; a title as large in the band, and a body line, stay.
    #[test]
    fn scanned_running_heads_go_however_they_were_measured() {
        let page = |lines| PageText {
            index: 0,
            width: 505.0,
            height: 713.0,
            lines,
        };
        let heads = running_heads(
            &[
                page(vec![line("2021 年第16期", 63.0, 49.3, 9.2)]),
                page(vec![line("2021年第16期", 63.0, 50.8, 9.2)]),
            ],
            10.0,
        );
        let scanned = page(vec![
            line("2021年第16期", 63.0, 53.3, 17.6),
            line("2021年第", 358.0, 48.2, 12.0),
            line("自治区政府令", 50.0, 41.8, 8.4),
            line("宁夏回族自治区人民政府公报", 344.0, 43.9, 8.0),
            line("某某市人民政府关于某事的批复", 148.0, 60.0, 17.6),
            line("正文第一行", 52.0, 300.0, 10.0),
        ]);
        let kept = strip_page_furniture(&scanned, 10.0, &heads).lines;
        let kept: Vec<&str> = kept.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(kept, ["某某市人民政府关于某事的批复", "正文第一行"]);
        // A gazette's name in small type, read garbled, 3.6 pt off an issue label
        // read larger than it.
        let small = page(vec![
            line("2021年第16期", 70.6, 38.9, 7.6),
            line("蔗湖市人民梧府公招", 410.0, 42.5, 6.4),
            line("正文第一行", 52.0, 300.0, 10.0),
        ]);
        let kept = strip_page_furniture(&small, 10.0, &heads).lines;
        let kept: Vec<&str> = kept.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(kept, ["正文第一行"]);
    }

    /// A head a scan garbled past recognition (`到撒02021全第8`) goes where the issue
    /// prints its heads level with it on three pages; with heads there on only two, or
    /// a line off their height, it stays.
    #[test]
    fn a_line_where_the_issue_prints_its_heads_is_a_head() {
        let page = |lines| PageText {
            index: 0,
            width: 527.0,
            height: 741.0,
            lines,
        };
        let headed = |y: f32| {
            page(vec![
                line("绍兴市人民政府公报", 384.0, y, 9.2),
                line("正文第一行", 52.0, 300.0, 10.0),
            ])
        };
        let garbled = page(vec![
            line("到撒02021全第8", 107.0, 41.4, 12.0),
            line("在页首的另一行", 107.0, 56.0, 10.0),
            line("正文第一行", 52.0, 300.0, 10.0),
        ]);
        let kept = |pages: &[PageText]| -> Vec<String> {
            let heads = running_heads(pages, 10.0);
            let kept = strip_page_furniture(&garbled, 10.0, &heads).lines;
            kept.into_iter().map(|l| l.text).collect()
        };
        let three = [headed(42.8), headed(43.1), headed(42.5), garbled.clone()];
        assert_eq!(kept(&three), ["在页首的另一行", "正文第一行"]);
        let two = [headed(42.8), headed(43.1), garbled.clone()];
        assert_eq!(kept(&two).len(), 3);
    }

    /// A gazette's name with one character misread (`…公所` for `…公报`) is still
    /// the running head, and the section name level with it goes too; a short band
    /// line one character from a short head, or a long one two characters off, stays.
    #[test]
    fn a_running_head_with_one_character_misread_is_a_head() {
        let page = |lines| PageText {
            index: 0,
            width: 595.0,
            height: 842.0,
            lines,
        };
        let headed = || {
            page(vec![
                line("中华人民共和国国务院公报", 58.8, 72.0, 9.1),
                line("部门文件", 58.8, 60.0, 9.1),
                line("正文第一行", 52.0, 300.0, 10.0),
            ])
        };
        let heads = running_heads(&[headed(), headed()], 10.0);
        let kept = |lines| -> Vec<String> {
            let kept = strip_page_furniture(&page(lines), 10.0, &heads).lines;
            kept.into_iter().map(|l| l.text).collect()
        };
        assert_eq!(
            kept(vec![
                line("部门又件", 75.4, 71.0, 9.6),
                line("中华人民共和国国务院公所", 443.8, 69.8, 8.3),
                line("正文第一行", 52.0, 300.0, 10.0),
            ]),
            ["正文第一行"]
        );
        assert_eq!(
            kept(vec![
                line("部门又件", 75.4, 60.0, 9.6),
                line("中华人民共和国国务院令所", 75.4, 40.0, 9.6),
                line("正文第一行", 52.0, 300.0, 10.0),
            ]),
            ["部门又件", "中华人民共和国国务院令所", "正文第一行"]
        );
    }

    /// Page numbers as read (0: none) after mending, pages carrying a running head
    /// as `headed` says.
    fn mended_headed(read: &[u32], headed: &[bool]) -> Vec<u32> {
        let mut printed: Vec<Option<u32>> =
            read.iter().map(|&n| Some(n).filter(|&n| n > 0)).collect();
        mend_page_numbers(&mut printed, headed);
        printed.iter().map(|n| n.unwrap_or(0)).collect()
    }

    /// Page numbers as read (0: none) after mending, no page known to carry a head.
    fn mended(read: &[u32]) -> Vec<u32> {
        mended_headed(read, &[])
    }

    /// A foot read wrong (a scan's `11` read as `1`) or not read between two pages
    /// whose numbers leave room for one is that one; where the neighbours leave no
    /// such room (a number missing at the end, two in a row out of the run) what was
    /// read stands.
    #[test]
    fn a_page_number_out_of_its_run_is_mended_from_its_neighbours() {
        assert_eq!(
            mended(&[10, 1, 12, 13, 30, 31, 15, 0, 17, 0]),
            [10, 11, 12, 13, 30, 31, 15, 16, 17, 0]
        );
        // Two pages between 10 and 13 (Jinjiang's `11` read as `3`, then a foot not
        // read) are 11 and 12; three between 10 and 14 are left as read.
        assert_eq!(mended(&[9, 10, 3, 0, 13]), [9, 10, 11, 12, 13]);
        assert_eq!(mended(&[10, 3, 0, 0, 14]), [10, 3, 0, 0, 14]);
    }

    /// A page whose foot was not read but that carries the issue's running head, after
    /// page 7 with no number read after it (the issue's last pages), is the next page;
    /// a back cover without a head is not, nor a page before another number that
    /// leaves no room for it, nor a page with no number before it.
    #[test]
    fn a_headed_page_without_a_number_read_follows_the_one_before() {
        assert_eq!(mended_headed(&[6, 7, 0], &[true; 3]), [6, 7, 8]);
        // Guilin's last page, its 9 read `5`; without its head, a back cover's own 5.
        assert_eq!(mended_headed(&[7, 8, 5], &[true; 3]), [7, 8, 9]);
        assert_eq!(mended_headed(&[7, 8, 5], &[true, true, false]), [7, 8, 5]);
        assert_eq!(mended_headed(&[6, 7, 0, 0], &[true; 4]), [6, 7, 8, 9]);
        assert_eq!(
            mended_headed(&[6, 7, 0, 0], &[true, true, true, false]),
            [6, 7, 8, 0]
        );
        assert_eq!(mended_headed(&[6, 7, 0], &[true, true, false]), [6, 7, 0]);
        assert_eq!(mended_headed(&[7, 0, 12], &[true; 3]), [7, 0, 12]);
        assert_eq!(mended_headed(&[0, 0, 1], &[true; 3]), [0, 0, 1]);
    }

    /// The first body page's `1` read as `5` before pages 2 and 3 is page 1; a number
    /// before a new run (31, then 1 and 2) or after the page before it (4, 7 before 5
    /// and 6, where 7 leaves no room) stands.
    #[test]
    fn a_run_s_first_page_number_read_too_high_is_the_one_before_the_next() {
        assert_eq!(mended(&[0, 0, 5, 2, 3, 4]), [0, 0, 1, 2, 3, 4]);
        assert_eq!(mended(&[30, 31, 1, 2]), [30, 31, 1, 2]);
        assert_eq!(mended(&[4, 7, 5, 6]), [4, 7, 5, 6]);
    }

    /// The last page's `— 11 —` read as `1`, or `12` as `2`: the next number with a
    /// digit lost. A number that is no such (a back page's own, `3` after 10) stays.
    #[test]
    fn a_page_number_that_lost_a_digit_is_the_next_one() {
        for (before, read, mended) in [(10, 1, 11), (11, 2, 12), (10, 3, 3), (10, 11, 11)] {
            let mut printed = [Some(before - 1), Some(before), Some(read)];
            mend_page_numbers(&mut printed, &[]);
            assert_eq!(printed[2], Some(mended), "{before} {read}");
        }
    }
}
