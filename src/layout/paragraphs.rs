//! Paragraphs: how each line sits in its column, and which lines join the paragraph
//! before them, also across columns and pages.

use super::columns::Block;
use super::text::{ends_sentence, join_text};
use super::{Align, Para};
use crate::model::TextLine;

/// How a line sits in its block.
fn align_of(l: &TextLine, b: &Block, body_size: f32) -> Align {
    let em = l.size.max(1.0);
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
    } else if centred {
        Align::Centered
    } else if l.x0 > b.center() {
        // Set against the right edge, not indented, even when it ends there: no indent
        // reaches past the middle (a page number on its own beside a 目录 title).
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
pub(super) fn paragraphs(blocks: &[(u32, Option<u32>, Block)], body_size: f32) -> Vec<Para> {
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
