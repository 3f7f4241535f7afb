//! Layout: turns the positioned text lines of every PDF page into clean text in reading
//! order. It owns everything that depends on where text sits on the page rather than on
//! what it says: running headers and footers, the printed page number, column order,
//! joining wrapped lines into paragraphs (also across columns and pages) and undoing the
//! stray spaces that extraction leaves inside words (`聊 城 市`, `41 号`, `第 8 期`).
//!
//! It knows nothing about gazettes beyond the shapes of page numbers and running heads;
//! `parse` gives the paragraphs their meaning.

use crate::model::{PageText, TextLine};

/// A regex compiled once, on first use: a `LazyLock` static at the call site, the
/// crate's one way to hold a compiled regex (shared with `parse`).
macro_rules! regex {
    ($re:literal) => {{
        static RE: ::std::sync::LazyLock<::regex::Regex> =
            ::std::sync::LazyLock::new(|| ::regex::Regex::new($re).expect("static regex"));
        &*RE
    }};
}
pub(crate) use regex;

mod columns;
mod furniture;
mod paragraphs;
#[cfg(test)]
mod tests;
mod text;

pub use furniture::page_number;
pub use text::{ends_sentence, holds_alike, normalize_text, without_spaces};

/// The middle value (the upper of the two middle ones when their count is even), or
/// None when there are none: the size or edge most lines of a page share, robust to a
/// few heading lines or misread boxes.
pub fn median(mut values: Vec<f32>) -> Option<f32> {
    values.sort_by(f32::total_cmp);
    values.get(values.len() / 2).copied()
}

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
    /// Where its first line sits in its column.
    pub align: Align,
    /// Font size of the first line.
    pub size: f32,
    /// 1-based PDF page of the first line.
    pub pdf_page: u32,
    /// 1-based PDF page of the last line.
    pub end_pdf_page: u32,
    /// Printed page number of the first line.
    pub page: Option<u32>,
    /// Printed page number of the last line.
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
    /// Every PDF page, in order.
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
    let body_size = furniture::dominant_size(pages);
    let heads = furniture::running_heads(pages, body_size);
    let gutters = columns::gutters(pages, body_size);
    let measures = columns::measures(pages, body_size);
    let stripped: Vec<_> = pages
        .iter()
        .map(|page| furniture::strip_page_furniture(page, body_size, &heads))
        .collect();
    let mut printed: Vec<_> = stripped.iter().map(|s| s.printed).collect();
    let headed: Vec<_> = stripped.iter().map(|s| s.headed).collect();
    furniture::mend_page_numbers(&mut printed, &headed);
    let kept = stripped.into_iter().map(|s| s.lines);
    let mut laid = Vec::with_capacity(pages.len());
    let mut blocks = Vec::new();
    for (i, ((page, printed), kept)) in pages.iter().zip(printed).zip(kept).enumerate() {
        let page_blocks = columns::columns(page, kept, gutters[i], measures[i % 2]);
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
    let paras = paragraphs::paragraphs(&blocks, body_size);
    Layout { pages: laid, paras }
}
