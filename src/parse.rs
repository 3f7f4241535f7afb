//! Parse: from the laid-out pages of an issue to its structure ([`ParsedIssue`]).
//! This module owns the issue-level work: finding the front matter, segmenting the
//! body into documents (the 目录 says where each starts; red headers find the ones it
//! misses), stitching 下转/上接 continuations back into their documents, and mapping
//! 目录 entries to documents. The submodules read the pieces: `masthead`, `toc`,
//! `segment` (where documents start and end), `document` (head and closing matter)
//! and `clause` (numbered body units).

mod clause;
mod closing;
mod document;
mod masthead;
mod numbers;
pub(crate) mod patterns;
mod segment;
pub mod selfcheck;
mod toc;

use std::collections::HashMap;

use crate::layout::{self, holds_alike, Align, Para};
use crate::model::{Clause, Document, DocumentKind, PageInfo, PageText, ParsedIssue};
use crate::Result;
use segment::{key, segment};

/// Parses a whole issue. Fails with `NotAGazette` when no masthead is found.
pub fn parse_issue(pages: &[PageText]) -> Result<ParsedIssue> {
    let mut lay = layout::layout(pages);
    let toc = toc::read(&lay.pages);
    fill_printed_pages(&mut lay, &toc.pdf_pages);
    let body_from = body_start(&lay, &toc);
    // Only the pages in front of the body carry the masthead (running heads on body
    // pages name the gazette too, but a few body pages are not an issue), and the 目录
    // pages, wherever the issue prints them.
    let front: Vec<String> = pages
        .iter()
        .filter(|p| p.index + 1 < body_from || toc.pdf_pages.contains(&(p.index + 1)))
        .flat_map(|p| {
            let mut lines: Vec<&crate::model::TextLine> = p.lines.iter().collect();
            lines.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x0.total_cmp(&b.x0)));
            lines.into_iter().map(|l| layout::normalize_text(&l.text))
        })
        .collect();
    let mast = masthead::read(&front)?;

    let mut sections = toc.sections;
    let mut body: Vec<Para> = lay
        .paras
        .iter()
        .filter(|p| p.pdf_page >= body_from && !toc.pdf_pages.contains(&p.pdf_page))
        .cloned()
        .collect();
    set_off_display_lines(&mut body);
    let body = drop_banners(body, &sections);
    let (documents, entry_docs) = segment(body, &sections);
    for (section, entry_doc) in sections.iter_mut().zip(entry_docs) {
        for (entry, doc) in section.entries.iter_mut().zip(entry_doc) {
            entry.document = doc;
        }
    }
    let mut documents = documents;
    for d in &mut documents {
        d.date = d
            .date
            .take()
            .filter(|iso| signed_by_issue_year(iso, mast.year));
    }
    numbers::agree(&mut sections, &mut documents);
    segment::agree_pages(&mut sections, &documents);
    for section in &sections {
        for entry in &section.entries {
            if let Some(d) = entry.document.and_then(|d| documents.get_mut(d)) {
                if d.section.is_none() {
                    d.section = Some(section.title.clone()).filter(|t| !t.is_empty());
                }
            }
        }
    }
    let page_infos = page_infos(&lay);
    Ok(ParsedIssue {
        gazette: mast.gazette,
        year: mast.year,
        number: mast.number,
        serial: mast.serial,
        number_label: mast.number_label,
        serial_label: mast.serial_label,
        masthead: mast.facts,
        pages: page_infos,
        toc: sections,
        documents,
    })
}

/// The PDF page (1-based) the body starts on: the page after the 目录, or, for an issue
/// that prints its 目录 at the back, the first numbered page before it (at least two
/// numbered pages come before such a 目录, and its entries point among them). Without
/// a 目录, the first numbered page.
fn body_start(lay: &layout::Layout, toc: &toc::Toc) -> u32 {
    let first_numbered = lay
        .pages
        .iter()
        .find(|p| p.printed.is_some())
        .map(|p| p.pdf_page);
    let (Some(&toc_first), Some(&toc_last)) = (toc.pdf_pages.first(), toc.pdf_pages.last()) else {
        return first_numbered.unwrap_or(1);
    };
    let before: Vec<u32> = lay
        .pages
        .iter()
        .take(toc_first as usize - 1)
        .filter_map(|p| p.printed)
        .collect();
    let listed = toc
        .sections
        .iter()
        .flat_map(|s| &s.entries)
        .filter_map(|e| e.page);
    let at_back = before.len() >= 2
        && listed
            .max()
            .is_some_and(|last| before.iter().any(|&n| n >= last));
    if at_back {
        first_numbered.unwrap_or(toc_last + 1)
    } else {
        toc_last + 1
    }
}

/// Whether a document's date (ISO) can be the date it was signed, printed in an issue
/// of `issue_year`: a document is signed before the issue that prints it, and an issue
/// of a year's end may come out early the next year with documents of its own dates.
/// A later date was misread (a scan's `2033年` for 2021) and would put a document in
/// force years from now, so it is not kept.
fn signed_by_issue_year(iso: &str, issue_year: i32) -> bool {
    iso.get(..4)
        .and_then(|year| year.parse::<i32>().ok())
        .is_none_or(|year| year <= issue_year + 1)
}

/// An issue whose masthead cannot be found (a scan OCR read too poorly, an unusual
/// gazette) kept as what it surely is: pages of text, under the name it was imported
/// by, with no 目录 (so none of it resolves) and one document holding each page as an
/// unnumbered paragraph, so that it is read, searched and annotated like any issue
/// rather than refused. Year and number 0 say they are unknown.
pub fn pages_only(pages: &[PageText], name: &str) -> ParsedIssue {
    let lay = layout::layout(pages);
    let pages = page_infos(&lay);
    let clauses = pages
        .iter()
        .filter(|p| !p.text.is_empty())
        .enumerate()
        .map(|(i, p)| Clause {
            path: format!("¶{}", i + 1),
            label: String::new(),
            heading: None,
            text: p.text.clone(),
            page: p.printed,
            pdf_page: p.pdf_page,
            children: Vec::new(),
        })
        .collect();
    let printed = || pages.iter().filter_map(|p| p.printed);
    let document = Document {
        kind: DocumentKind::Document,
        section: None,
        red_header: None,
        office: None,
        doc_number: None,
        title: name.to_string(),
        addressees: None,
        signatories: Vec::new(),
        date: None,
        start_page: printed().next(),
        end_page: printed().next_back(),
        start_pdf_page: 1,
        continuations: Vec::new(),
        attachments: Vec::new(),
        distribution: Vec::new(),
        clauses,
    };
    ParsedIssue {
        gazette: name.to_string(),
        year: 0,
        number: 0,
        serial: None,
        number_label: "期号未识别".to_string(),
        serial_label: None,
        masthead: Vec::new(),
        pages,
        toc: Vec::new(),
        documents: vec![document],
    }
}

/// Each laid-out page with its text, one paragraph per line.
fn page_infos(lay: &layout::Layout) -> Vec<PageInfo> {
    lay.pages
        .iter()
        .zip(lay.page_texts())
        .map(|(p, text)| PageInfo {
            pdf_page: p.pdf_page,
            printed: p.printed,
            text,
        })
        .collect()
}

/// Gives unnumbered pages the number their place implies: a page between N and N+2
/// is N+1, and the 目录 pages right before the first numbered page count back from it
/// (the 目录 is usually printed page 1 without showing it). Covers (even one that
/// carries the 目录) and masthead pages stay unnumbered.
fn fill_printed_pages(lay: &mut layout::Layout, toc_pages: &[u32]) {
    let n = lay.pages.len();
    for i in 1..n.saturating_sub(1) {
        if lay.pages[i].printed.is_none() {
            if let (Some(a), Some(b)) = (lay.pages[i - 1].printed, lay.pages[i + 1].printed) {
                if b == a + 2 {
                    lay.pages[i].printed = Some(a + 1);
                }
            }
        }
    }
    if let Some(&last_toc) = toc_pages.last() {
        // `last_toc` is 1-based, so it indexes the page after the contents.
        if let Some(first_body) = lay.pages.get(last_toc as usize).and_then(|p| p.printed) {
            for (k, &pdf) in toc_pages.iter().rev().enumerate() {
                let number = first_body.checked_sub(k as u32 + 1).filter(|&n| n >= 1);
                if let Some(page) = lay.pages.get_mut(pdf as usize - 1) {
                    if page.printed.is_none() && pdf > 1 {
                        page.printed = number;
                    }
                }
            }
        }
    }
    let printed: HashMap<u32, Option<u32>> =
        lay.pages.iter().map(|p| (p.pdf_page, p.printed)).collect();
    for p in &mut lay.paras {
        p.page = printed.get(&p.pdf_page).copied().flatten();
        p.end_page = printed.get(&p.end_pdf_page).copied().flatten();
    }
}

/// Lines in display type (red headers, titles, a decree's name and number: GB/T 9704
/// sets them larger than the 正文) are set off from the body whatever the layout made
/// of their alignment: a red header as wide as the type area, or a title beside a
/// rule, reads as flush. Only short lines count, so a long paragraph in a larger face
/// stays body text.
fn set_off_display_lines(paras: &mut [Para]) {
    // The body size: the size that carries most of the text.
    let mut weight: HashMap<u32, usize> = HashMap::new();
    for p in paras.iter() {
        *weight.entry((p.size * 10.0).round() as u32).or_default() += p.text.chars().count();
    }
    let Some(body) = weight
        .into_iter()
        .max_by_key(|&(size, n)| (n, size))
        .map(|(size, _)| size as f32 / 10.0)
    else {
        return;
    };
    for p in paras.iter_mut() {
        if p.size >= body * 1.2 && p.text.chars().count() <= 40 {
            p.align = Align::Centered;
        }
    }
}

/// The body without its section banners. The paragraph under a banner that opened a
/// page opens the page in its place.
fn drop_banners(paras: Vec<Para>, sections: &[crate::model::TocSection]) -> Vec<Para> {
    let mut kept: Vec<Para> = Vec::with_capacity(paras.len());
    let mut opens_page = None;
    let mut paras = paras.into_iter().peekable();
    while let Some(mut p) = paras.next() {
        // A red header (版头) can read like a section's name (`国务院办公厅文件` under
        // the section of that name); GB/T 9704 prints the 文号 right under it, which
        // a banner never has.
        let heads_a_document = paras
            .peek()
            .is_some_and(|next| patterns::doc_number_line(&next.text).is_some());
        if !heads_a_document && is_banner(&p, sections) {
            if p.page_start {
                opens_page = Some(p.pdf_page);
            }
            continue;
        }
        if opens_page.take() == Some(p.pdf_page) {
            p.page_start = true;
        }
        kept.push(p);
    }
    kept
}

/// A section banner printed in the body (`【国务院令】`, `◎ 人事任免`, or a line naming a
/// 目录 section): the gazette's layout that groups documents, never part of one.
fn is_banner(p: &Para, sections: &[crate::model::TocSection]) -> bool {
    if toc::decorated_section(&p.text).is_some() && p.text.chars().count() <= 20 {
        return true;
    }
    // Without a 目录 to name the sections, a set-off line of a section's shape
    // opening a page is its banner.
    if p.page_start && !matches!(p.align, Align::Indented) && patterns::section_banner(&p.text) {
        return true;
    }
    // A line naming a 目录 section is its banner centred, or opening a page whatever
    // its place (a banner's ornament, `◎`, lost in a scan leaves it indented).
    // Centred atop a page, a scan's reading of it with one character misread
    // (`公此` for 公告) is one too: no title is that short.
    let own = key(&p.text);
    let length = own.chars().count();
    let names = |title: &str| {
        let name = key(title);
        name == own
            || (p.page_start
                && matches!(p.align, Align::Centered)
                && length >= 2
                && name.chars().count() == length
                && holds_alike(&own, &name, length))
    };
    (matches!(p.align, Align::Centered) || p.page_start)
        && !own.is_empty()
        && sections.iter().any(|s| names(&s.title))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::test_para as para;
    use crate::model::TocSection;

    /// A date after the year following the issue's is no signing date.
    #[test]
    fn a_date_years_after_its_issue_is_not_kept() {
        assert!(signed_by_issue_year("2021-03-07", 2021));
        assert!(signed_by_issue_year("2017-12-30", 2021));
        assert!(signed_by_issue_year("2022-01-05", 2021));
        assert!(!signed_by_issue_year("2033-03-07", 2021));
    }

    /// A section banner above a document is neither a document nor part of the one
    /// before.
    #[test]
    fn banners_are_recognised() {
        use Align::*;
        let sections = vec![TocSection {
            title: "公告".into(),
            entries: Vec::new(),
        }];
        assert!(is_banner(&para("【国务院令】", Centered, 2), &sections));
        assert!(!is_banner(&para("公 告", Centered, 2), &[]));
        assert!(is_banner(&para("公告", Centered, 2), &sections));
        assert!(!is_banner(
            &para("某某市人民政府公告", Centered, 2),
            &sections
        ));
        // Without a 目录: the section's shape at the top of a page.
        let top = |text: &str, align| Para {
            page_start: true,
            ..para(text, align, 5)
        };
        assert!(is_banner(&top("省政府办公厅文件", Centered), &[]));
        assert!(is_banner(&top("人事任免", Right), &[]));
        assert!(!is_banner(&top("某某省人民政府办公厅文件", Centered), &[]));
        assert!(!is_banner(&para("省政府办公厅文件", Centered, 5), &[]));
        // A 目录 section's name opening a page, set off by an ornament lost in a scan.
        assert!(is_banner(&top("公告", Indented), &sections));
        assert!(!is_banner(&para("公告", Indented, 5), &sections));
        // Centred atop a page, read with one character wrong; not two, nor lower down.
        assert!(is_banner(&top("公此", Centered), &sections));
        assert!(!is_banner(&top("此示", Centered), &sections));
        assert!(!is_banner(&para("公此", Centered, 5), &sections));
    }

    /// A red header that reads like its section's name stays with the 文号 under it;
    /// the same line without a 文号 under it is the section's banner.
    #[test]
    fn a_red_header_named_like_its_section_is_kept() {
        use Align::*;
        let sections = vec![TocSection {
            title: "国务院办公厅文件".into(),
            entries: Vec::new(),
        }];
        let texts = |paras: Vec<Para>| -> Vec<String> {
            drop_banners(paras, &sections)
                .into_iter()
                .map(|p| p.text)
                .collect()
        };
        let kept = texts(vec![
            para("【国务院办公厅文件】", Centered, 4),
            para("国务院办公厅文件", Centered, 4),
            para("国办发 【2023】 121号", Centered, 4),
            para("国务院办公厅", Centered, 4),
        ]);
        assert_eq!(
            kept,
            ["国务院办公厅文件", "国办发 【2023】 121号", "国务院办公厅"]
        );
        let kept = texts(vec![
            para("国务院办公厅文件", Centered, 4),
            para("国务院办公厅", Centered, 4),
        ]);
        assert_eq!(kept, ["国务院办公厅"]);
    }

    /// A red header the layout saw as flush and a decree number it saw as indented
    /// are set off like the centred head lines; body text in the body size is not.
    #[test]
    fn display_type_is_set_off() {
        use Align::*;
        let sized = |text: &str, align, size| Para {
            size,
            ..para(text, align, 2)
        };
        let mut paras = vec![
            sized("中华人民共和国国务院令", Flush, 20.0),
            sized("第398号", Indented, 13.0),
            sized("《某某条例》已经国务院通过，现予公布。", Indented, 10.4),
            sized("总理　李克强", Right, 10.4),
            sized("某某省人民政府文件", Flush, 24.0),
            sized("各市人民政府：", Flush, 10.6),
            sized("一、总体要求。坚持统筹推进。", Indented, 10.6),
            sized("附件", Flush, 10.6),
        ];
        set_off_display_lines(&mut paras);
        let aligns: Vec<Align> = paras.iter().map(|p| p.align).collect();
        assert_eq!(
            aligns,
            [Centered, Centered, Indented, Right, Centered, Flush, Indented, Flush]
        );
    }

    #[test]
    fn text_without_front_pages_is_not_a_gazette() {
        let e = parse_issue(&[]).expect_err("nothing to parse");
        assert_eq!(e.kind, crate::ErrorKind::NotAGazette);
    }
}
