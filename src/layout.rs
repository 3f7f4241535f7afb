//! Layout: turns the positioned text lines of every PDF page into clean text in reading
//! order. It owns everything that depends on where text sits on the page rather than on
//! what it says: running headers and footers, the printed page number, column order,
//! joining wrapped lines into paragraphs (also across columns and pages) and undoing the
//! stray spaces that extraction leaves inside words (`聊 城 市`, `41 号`, `第 8 期`).
//!
//! It knows nothing about gazettes beyond the shapes of page numbers and running heads;
//! `parse` gives the paragraphs their meaning.

use std::collections::HashMap;

use crate::model::{PageText, TextLine};

/// A regex compiled once, on first use (shared with `parse`).
macro_rules! regex {
    ($re:literal) => {{
        static RE: ::std::sync::OnceLock<::regex::Regex> = ::std::sync::OnceLock::new();
        RE.get_or_init(|| ::regex::Regex::new($re).expect("static regex"))
    }};
}
pub(crate) use regex;

/// Where a paragraph's first line sits in its column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Starts at the column's left edge.
    Flush,
    /// Starts a little right of the left edge (the usual two-character indent).
    Indented,
    /// Centred in the column (titles, red headers).
    Centered,
    /// Pushed to the right half (signatures, dates).
    Right,
}

/// A paragraph in reading order, possibly running over several columns and pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Para {
    /// Text with extraction spacing normalised, lines joined without separators.
    pub text: String,
    pub align: Align,
    /// Font size of the first line.
    pub size: f32,
    /// 1-based PDF page of the first and last line.
    pub pdf_page: u32,
    pub end_pdf_page: u32,
    /// Printed page numbers of the first and last line.
    pub page: Option<u32>,
    pub end_page: Option<u32>,
    /// True when this is the first paragraph of its page.
    pub page_start: bool,
    /// True when this is the last paragraph of its page.
    pub page_end: bool,
}

/// A one-line paragraph on printed page `page` (PDF page `page + 1`), for parser tests.
#[cfg(test)]
pub(crate) fn test_para(text: &str, align: Align, page: u32) -> Para {
    Para {
        text: text.into(),
        align,
        size: 12.0,
        pdf_page: page + 1,
        end_pdf_page: page + 1,
        page: Some(page),
        end_page: Some(page),
        page_start: false,
        page_end: false,
    }
}

/// One PDF page after clean-up.
#[derive(Debug, Clone, PartialEq)]
pub struct PageLayout {
    /// 1-based PDF page number.
    pub pdf_page: u32,
    /// Number read from the footer (or header) page number, if any.
    pub printed: Option<u32>,
    /// Body lines in reading order, normalised, running header and footer removed.
    /// Pieces of one baseline within one column are merged into one line.
    pub lines: Vec<TextLine>,
}

/// A whole issue after layout.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub pages: Vec<PageLayout>,
    /// Every paragraph of the issue in reading order.
    pub paras: Vec<Para>,
}

impl Layout {
    /// Each page's text, one paragraph per line (a paragraph running on from an earlier
    /// page is listed on the page where it starts), in the order of `pages`.
    pub fn page_texts(&self) -> Vec<String> {
        let mut texts = vec![String::new(); self.pages.len()];
        for p in &self.paras {
            if let Some(text) = texts.get_mut(p.pdf_page as usize - 1) {
                if !text.is_empty() {
                    text.push('\n');
                }
                text.push_str(&p.text);
            }
        }
        texts
    }
}

/// Lays out every page of an issue.
pub fn layout(pages: &[PageText]) -> Layout {
    let body_size = dominant_size(pages);
    let heads = running_heads(pages, body_size);
    let gutters = gutters(pages);
    let mut laid = Vec::with_capacity(pages.len());
    let mut blocks = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let (printed, kept) = strip_page_furniture(page, body_size, &heads);
        let page_blocks = columns(page, kept, gutters[i]);
        let pdf_page = i as u32 + 1;
        let lines = page_blocks
            .iter()
            .flat_map(|b| b.lines.iter().cloned())
            .collect();
        laid.push(PageLayout {
            pdf_page,
            printed,
            lines,
        });
        blocks.extend(page_blocks.into_iter().map(|b| (pdf_page, printed, b)));
    }
    let paras = paragraphs(&blocks, body_size);
    Layout { pages: laid, paras }
}

/// Removes whitespace that extraction put inside Chinese text: any run of spaces next to
/// a CJK character or full-width punctuation goes; spaces between two Latin letters or
/// digits (`LIAOCHENGSHI RENMINZHENGFU`) stay, collapsed to one. Full-width digits and
/// letters are folded first (see [`fold_width`]).
pub fn normalize_text(s: &str) -> String {
    let chars: Vec<char> = s.trim().chars().map(fold_width).collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            let mut j = i;
            while j < chars.len() && chars[j].is_whitespace() {
                j += 1;
            }
            let before = out.chars().last();
            let after = chars.get(j).copied();
            let keep = matches!((before, after), (Some(b), Some(a)) if !is_wide(b) && !is_wide(a));
            if keep {
                out.push(' ');
            }
            i = j;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// The ASCII form of a full-width digit, letter or full stop (`２０１９` → `2019`,
/// `１．` → `1.`), as NFKC gives it. Non-embedded GBK fonts and word processors print
/// them; every shape the parser knows (文号, dates, page numbers, clause numbers) is
/// written with ASCII digits. CJK punctuation (`，：（）〔〕`) stays as printed.
pub fn fold_width(c: char) -> char {
    match c {
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '．' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        _ => c,
    }
}

/// Appends normalised text to normalised text: a space goes between them only where
/// both sides are Latin letters or digits.
fn join_text(text: &mut String, more: &str) {
    let latin_seam = matches!((text.chars().last(), more.chars().next()), (Some(a), Some(b)) if !is_wide(a) && !is_wide(b));
    if latin_seam {
        text.push(' ');
    }
    text.push_str(more);
}

/// Whether text ends a sentence (or a list item, or an introduction to a list): what
/// follows it starts something new.
pub fn ends_sentence(text: &str) -> bool {
    let mut rev = text.trim_end().chars().rev();
    match rev.next() {
        Some('。' | '！' | '？' | '；' | '：' | ':' | ';' | '!' | '?') => true,
        // A closing quote or bracket after the full stop: `…关系。”`.
        Some('”' | '’' | '）' | ')' | '」' | '》') => {
            rev.next().is_some_and(|c| "。！？；".contains(c))
        }
        _ => false,
    }
}

/// CJK ideographs, kana, full-width forms and CJK punctuation: characters around which a
/// space is never meaningful in Chinese typesetting.
fn is_wide(c: char) -> bool {
    let u = c as u32;
    matches!(u,
        0x2E80..=0x2FFF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF
        | 0x2010..=0x2027 | 0x2460..=0x24FF | 0x25A0..=0x25FF)
}

/// The font size most characters are set in: the body text size.
fn dominant_size(pages: &[PageText]) -> f32 {
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
    let band = page.height * FURNITURE_BAND;
    l.size <= body_size * 1.05 && (l.y < band || l.y > page.height - band)
}

/// The key under which running-head text is compared between pages: digits change
/// from page to page (`2018年第8期`, page numbers), so they are dropped.
fn head_key(text: &str) -> String {
    normalize_text(text)
        .chars()
        .filter(|c| !c.is_ascii_digit() && !c.is_whitespace())
        .collect()
}

/// Texts of the running heads and feet of this issue: band lines whose text (digits
/// aside) recurs on at least two pages.
fn running_heads(pages: &[PageText], body_size: f32) -> HashMap<String, usize> {
    let mut seen: HashMap<String, usize> = HashMap::new();
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
            *seen.entry(k).or_default() += 1;
        }
    }
    seen.retain(|_, n| *n >= 2);
    seen
}

/// `— 3 —`, `- 3 -`, `· 3 ·`, `3`, `第3页`: a printed page number standing alone.
pub fn page_number(text: &str) -> Option<u32> {
    let re =
        regex!(r"^(?:[—–\-－―─·•・.\s]*([0-9]{1,4})[—–\-－―─·•・.\s]*|第\s*([0-9]{1,4})\s*页)$");
    let text = normalize_text(text);
    let caps = re.captures(&text)?;
    caps.get(1).or_else(|| caps.get(2))?.as_str().parse().ok()
}

/// Text that is a running head even on a page of its own: the gazette name or an
/// issue label such as `2018年第8期`.
fn looks_like_running_head(text: &str) -> bool {
    regex!(r"公报$|^\d{4}年第\d+[期号]$|^第\d+[期号]$").is_match(&normalize_text(text))
}

/// Drops running heads and footers; returns the printed page number and the other lines,
/// with their text normalised.
fn strip_page_furniture(
    page: &PageText,
    body_size: f32,
    heads: &HashMap<String, usize>,
) -> (Option<u32>, Vec<TextLine>) {
    let is_head = |l: &TextLine| {
        in_band(page, l, body_size)
            && (heads.contains_key(&head_key(&l.text)) || looks_like_running_head(&l.text))
    };
    // What shares a baseline with a running head is running head too (the section
    // name beside the gazette name), even where it prints only once.
    let head_baselines: Vec<f32> = page
        .lines
        .iter()
        .filter(|l| is_head(l))
        .map(|l| l.y)
        .collect();
    let mut printed = None;
    let mut kept = Vec::with_capacity(page.lines.len());
    for l in &page.lines {
        if in_band(page, l, body_size) {
            if let Some(n) = page_number(&l.text) {
                // Prefer the number at the foot when a page prints one at each end.
                if printed.is_none() || l.y > page.height / 2.0 {
                    printed = Some(n);
                }
                continue;
            }
            if head_baselines.iter().any(|y| (y - l.y).abs() < 2.0) {
                continue;
            }
        }
        let text = normalize_text(&l.text);
        if !text.is_empty() {
            kept.push(TextLine { text, ..l.clone() });
        }
    }
    (printed, kept)
}

/// A run of lines read top to bottom within one column, with the column's edges.
#[derive(Debug, Clone)]
struct Block {
    left: f32,
    right: f32,
    lines: Vec<TextLine>,
}

impl Block {
    fn center(&self) -> f32 {
        (self.left + self.right) / 2.0
    }
}

/// The most common value (to the point) of a set of edges, when enough lines share it.
fn edge_mode(values: impl Iterator<Item = f32>, min_support: usize) -> Option<f32> {
    let mut count: HashMap<i32, (usize, f32)> = HashMap::new();
    for v in values {
        let e = count.entry(v.round() as i32).or_insert((0, v));
        e.0 += 1;
    }
    count
        .into_values()
        .filter(|(n, _)| *n >= min_support)
        .max_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)))
        .map(|(_, v)| v)
}

/// The gutter of a page clearly set in two columns: several long lines sit wholly on
/// each side of its middle.
fn clear_gutter(page: &PageText) -> Option<f32> {
    let mid = page.width / 2.0;
    let long = page.width * 0.3;
    let long_lines = || page.lines.iter().filter(move |l| l.x1 - l.x0 > long);
    let left: Vec<f32> = long_lines()
        .filter(|l| l.x1 <= mid + 8.0)
        .map(|l| l.x1)
        .collect();
    let right: Vec<f32> = long_lines()
        .filter(|l| l.x0 >= mid - 8.0)
        .map(|l| l.x0)
        .collect();
    if left.len() < 3 || right.len() < 3 {
        return None;
    }
    Some((edge_mode(left.into_iter(), 2)? + edge_mode(right.into_iter(), 2)?) / 2.0)
}

/// The gutter of every page of an issue set in two columns (None for a one-column
/// issue). A page whose columns are too short to show their gutter (the end of a
/// document, a short tail) takes it from the nearest clear page of the same parity,
/// since left and right pages have mirrored margins.
fn gutters(pages: &[PageText]) -> Vec<Option<f32>> {
    let clear: Vec<Option<f32>> = pages.iter().map(clear_gutter).collect();
    let text_pages = pages.iter().filter(|p| p.lines.len() >= 10).count().max(1);
    if clear.iter().flatten().count() * 3 < text_pages {
        return vec![None; pages.len()];
    }
    let mut filled = clear.clone();
    for parity in 0..2 {
        let idx: Vec<usize> = (parity..pages.len()).step_by(2).collect();
        let mut last = None;
        for &i in &idx {
            last = clear[i].or(last);
            filled[i] = filled[i].or(last);
        }
        let mut next = None;
        for &i in idx.iter().rev() {
            next = clear[i].or(next);
            filled[i] = filled[i].or(next);
        }
    }
    let any = clear.iter().flatten().next().copied();
    filled.into_iter().map(|g| g.or(any)).collect()
}

/// Splits a page into blocks in reading order. On a two-column page every stretch of
/// column lines is read left column first, and lines spanning the gutter (titles) are
/// blocks of their own between them.
fn columns(page: &PageText, mut lines: Vec<TextLine>, gutter: Option<f32>) -> Vec<Block> {
    lines.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x0.total_cmp(&b.x0)));
    let Some(gutter) = gutter else {
        let (left, right) = page_edges(lines.iter()).unwrap_or((0.0, page.width));
        return vec![Block {
            left,
            right,
            lines: merge_baselines(lines),
        }];
    };
    // A column with too few lines to show its edges mirrors the other one.
    let in_left = |l: &&TextLine| l.x1 <= gutter;
    let in_right = |l: &&TextLine| l.x0 >= gutter;
    let few = |n: usize| n < 3;
    let left_edges = page_edges(lines.iter().filter(in_left));
    let right_edges = page_edges(lines.iter().filter(in_right));
    let mirror = |(a, b): (f32, f32)| (2.0 * gutter - b, 2.0 * gutter - a);
    let (left_few, right_few) = (
        few(lines.iter().filter(in_left).count()),
        few(lines.iter().filter(in_right).count()),
    );
    let (l_left, l_right) = match (left_edges, right_edges) {
        (_, Some(r)) if left_few && !right_few => mirror(r),
        (Some(l), _) => l,
        (None, r) => r.map(mirror).unwrap_or((0.0, gutter)),
    };
    let (r_left, r_right) = match (right_edges, left_edges) {
        (_, Some(l)) if right_few && !left_few => mirror(l),
        (Some(r), _) => r,
        (None, l) => l.map(mirror).unwrap_or((gutter, page.width)),
    };
    let mut blocks = Vec::new();
    let mut left_run = Vec::new();
    let mut right_run = Vec::new();
    let flush = |blocks: &mut Vec<Block>, l: &mut Vec<TextLine>, r: &mut Vec<TextLine>| {
        for (run, left, right) in [(l, l_left, l_right), (r, r_left, r_right)] {
            if !run.is_empty() {
                blocks.push(Block {
                    left,
                    right,
                    lines: merge_baselines(std::mem::take(run)),
                });
            }
        }
    };
    for line in lines {
        if line.x1 <= gutter + 2.0 {
            left_run.push(line);
        } else if line.x0 >= gutter - 2.0 {
            right_run.push(line);
        } else {
            flush(&mut blocks, &mut left_run, &mut right_run);
            let (left, right) = (l_left, r_right);
            blocks.push(Block {
                left,
                right,
                lines: vec![line],
            });
        }
    }
    flush(&mut blocks, &mut left_run, &mut right_run);
    // Consecutive spanning lines read as one block so a wrapped title stays together.
    let mut merged: Vec<Block> = Vec::with_capacity(blocks.len());
    for b in blocks {
        match merged.last_mut() {
            Some(last) if last.left == b.left && last.right == b.right => {
                last.lines.extend(b.lines)
            }
            _ => merged.push(b),
        }
    }
    merged
}

/// Left and right text edges of a column: the edges most lines share, else the extremes.
fn page_edges<'a>(lines: impl Iterator<Item = &'a TextLine> + Clone) -> Option<(f32, f32)> {
    let left = edge_mode(lines.clone().map(|l| l.x0), 3)
        .or_else(|| lines.clone().map(|l| l.x0).min_by(f32::total_cmp))?;
    let right = edge_mode(lines.clone().map(|l| l.x1), 3)
        .or_else(|| lines.map(|l| l.x1).max_by(f32::total_cmp))?;
    Some((left, right))
}

/// Joins pieces of one baseline (sorted by y then x) that sit close together: extraction
/// may cut a line where a bracket or a font change leaves a gap.
fn merge_baselines(lines: Vec<TextLine>) -> Vec<TextLine> {
    let mut out: Vec<TextLine> = Vec::with_capacity(lines.len());
    for l in lines {
        if let Some(last) = out.last_mut() {
            let same_base = (last.y - l.y).abs() < last.size.min(l.size) * 0.3;
            let gap = l.x0 - last.x1;
            if same_base && gap < last.size.max(l.size) * 2.5 {
                join_text(&mut last.text, &l.text);
                last.x1 = last.x1.max(l.x1);
                last.size = last.size.max(l.size);
                continue;
            }
        }
        out.push(l);
    }
    out
}

/// How a line sits in its block.
fn align_of(l: &TextLine, b: &Block, body_size: f32) -> Align {
    let em = l.size.max(1.0);
    let full = l.x1 >= b.right - em;
    let indent = l.x0 - b.left;
    let centred = ((l.x0 + l.x1) / 2.0 - b.center()).abs() < em * 1.5
        && indent > em * 2.5
        && b.right - l.x1 > em * 2.5;
    // A title in a larger size may fill the measure; its even margins still centre it.
    let balanced = ((l.x0 + l.x1) / 2.0 - b.center()).abs() < em;
    if l.size > body_size * 1.15 && balanced {
        Align::Centered
    } else if indent < em * 0.6 {
        Align::Flush
    } else if full {
        Align::Indented
    } else if centred {
        Align::Centered
    } else if l.x0 > b.center() {
        Align::Right
    } else {
        Align::Indented
    }
}

/// Joins lines into paragraphs over the whole issue. A line goes on the paragraph before
/// it only when it starts at the column's left edge in the same font size, not far below,
/// and that paragraph's last line filled its column — or nearly did and stopped
/// mid-sentence (justification can leave a line a little short). A short line, an
/// indent, a centred or right-set line or a size change starts a new paragraph. Blank
/// space alone is a weak signal and only counts when it is large.
fn paragraphs(blocks: &[(u32, Option<u32>, Block)], body_size: f32) -> Vec<Para> {
    let mut paras: Vec<Para> = Vec::new();
    // The previous line: whether it (nearly) filled its column, its baseline, page, size.
    let mut prev: Option<(bool, bool, f32, u32, f32)> = None;
    for (pdf_page, printed, block) in blocks {
        for l in &block.lines {
            let em = l.size.max(1.0);
            let align = align_of(l, block, body_size);
            let full = l.x1 >= block.right - em;
            let nearly_full = l.x1 >= block.right - em * 4.0;
            let joins = match (prev, paras.last()) {
                (Some((prev_full, prev_nearly, prev_y, prev_page, prev_size)), Some(p)) => {
                    let near = prev_page != *pdf_page || l.y <= prev_y || l.y - prev_y < em * 2.6;
                    let open = prev_full || (prev_nearly && !ends_sentence(&p.text));
                    open && align == Align::Flush
                        && matches!(p.align, Align::Flush | Align::Indented)
                        && (prev_size - l.size).abs() < 0.6
                        && near
                }
                _ => false,
            };
            if joins {
                if let Some(p) = paras.last_mut() {
                    join_text(&mut p.text, &l.text);
                    p.end_pdf_page = *pdf_page;
                    p.end_page = *printed;
                }
            } else {
                let page_start = paras.last().is_none_or(|p| p.end_pdf_page != *pdf_page);
                if page_start {
                    if let Some(p) = paras.last_mut() {
                        p.page_end = true;
                    }
                }
                paras.push(Para {
                    text: l.text.clone(),
                    align,
                    size: l.size,
                    pdf_page: *pdf_page,
                    end_pdf_page: *pdf_page,
                    page: *printed,
                    end_page: *printed,
                    page_start,
                    page_end: false,
                });
            }
            prev = Some((full, nearly_full, l.y, *pdf_page, l.size));
        }
    }
    if let Some(p) = paras.last_mut() {
        p.page_end = true;
    }
    paras
}

#[cfg(test)]
mod tests {
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
}
