//! Segmentation: where each document of the body starts and ends. The 目录 says
//! where each listed document starts (its printed page and title); red headers and
//! decree names find the ones it misses; 下转/上接 tails go back to their documents.

use std::collections::HashMap;

use super::document;
use super::patterns::{self, date_line, regex};
use crate::docnum;
use crate::layout::{ends_sentence, holds_alike, Align, Para};
use crate::model::{Continuation, Document, TocEntry, TocSection};

/// Whether paragraphs `from..to` are a decree's own part only: its name (`…令`),
/// number, preamble, signature and date, with no article yet. The regulation it
/// promulgates follows and belongs to it (GB/T 9704 命令: one document).
fn decree_without_regulation(paras: &[Para], from: usize, to: usize) -> bool {
    let span = &paras[from..to];
    let named = span
        .iter()
        .take(3)
        .any(|p| regex!(r"^.{2,30}令$").is_match(&p.text) && matches!(p.align, Align::Centered));
    named
        && span
            .iter()
            .any(|p| date_line(&p.text).is_some() || patterns::signed_date(&p.text).is_some())
        && !span
            .iter()
            .any(|p| regex!(r"^第[一二三四五六七八九十百零〇]+[章条]").is_match(&p.text))
}

/// Text stripped to what identifies it: no white space or punctuation.
pub(super) fn key(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Whether a head paragraph belongs to this 目录 entry: the same 文号, or a title line
/// that is part of the entry's title. Away from the entry's page (`far`), an
/// issuer's name alone or a short line is part of too many titles to say so.
fn matches_entry(p: &Para, entry: &TocEntry, far: bool) -> bool {
    if !head_line(p) {
        return false;
    }
    let own = key(&p.text);
    let number_matches = entry.doc_number.as_deref().is_some_and(|n| {
        patterns::find_doc_number(&p.text)
            .is_some_and(|(s, e)| docnum::key(&p.text[s..e]) == docnum::key(n))
    });
    let title = key(&entry.title);
    let least = if far { FAR_TITLE_CHARS } else { 4 };
    let telling = own.chars().count() >= least && !(far && patterns::is_office_name(&p.text));
    let within = |text: &str, part: &str| holds_alike(text, part, TITLE_MISREAD_PER);
    number_matches || (telling && (within(&title, &own) || within(&own, &title)))
}

/// A title line matches its 目录 entry with up to one character in this many
/// different: a scan's reading misreads a character here and there (`主体足任` for
/// `主体责任`), on the page or in the 目录, and the two are not misread alike.
const TITLE_MISREAD_PER: usize = 10;

/// A title line found away from its 目录 page is that entry's only when this long.
const FAR_TITLE_CHARS: usize = 8;

/// A line that opens a document whether or not the 目录 lists it, centred, at the
/// top of a page or right after another document's date: a red header (`…文件`,
/// `…令`), a 大事记 or 政务动态 heading, or at the top of a page the opening of a GB/T 9704
/// title (documents printed without a red header: 批复, 公告, 人事任免).
fn strong_head(paras: &[Para], i: usize) -> bool {
    let p = &paras[i];
    let after_date = i
        .checked_sub(1)
        .is_some_and(|j| date_line(&paras[j].text).is_some());
    let red = regex!(r"^.{2,30}(文件|令)$|大事记$|政务动态$|工作动态$").is_match(&p.text);
    // An issuer alone opens a title only with the rest of the title below it; an
    // attached document's title under its 附件 label belongs to the document before.
    let issuer_alone = patterns::is_office_name(&p.text);
    let attached = i
        .checked_sub(1)
        .is_some_and(|j| regex!(r"^附件\s*\d*$").is_match(paras[j].text.trim()));
    let titled = p.page_start
        && !attached
        && patterns::title_opening(&p.text)
        && (!issuer_alone
            || paras
                .get(i + 1)
                .is_some_and(|next| matches!(next.align, Align::Centered)));
    matches!(p.align, Align::Centered) && (((p.page_start || after_date) && red) || titled)
}

/// Whether a paragraph can be a line of a document head: centred, or a bare 文号
/// (GB/T 9704 sets it centred under the red header, or flush left beside a 签发人).
fn head_line(p: &Para) -> bool {
    matches!(p.align, Align::Centered) || patterns::doc_number_line(&p.text).is_some()
}

/// The first paragraph of the document head that paragraph `i` is part of: the
/// head lines above it on the same page.
fn head_start(paras: &[Para], mut i: usize) -> usize {
    while i > 0 {
        let prev = &paras[i - 1];
        if prev.pdf_page != paras[i].pdf_page || !head_line(prev) || date_line(&prev.text).is_some()
        {
            break;
        }
        i -= 1;
    }
    i
}

/// How far from its 目录 page a document may start and still be that entry's by its
/// page: a printed page off by one or two.
const PAGE_SLACK: u32 = 2;

/// Where each 目录 entry's document starts among the body paragraphs. A printed page
/// that is off by one or two is tolerated when the head matches the entry (a telling
/// title line before an issuer's name alone); further
/// off, the head matching the entry nearest its page is taken (a scan's 目录 page
/// read as another number, `8` for 3), and only then what opens its page.
fn locate_entry(
    paras: &[Para],
    by_page: &HashMap<u32, Vec<usize>>,
    entry: &TocEntry,
) -> Option<usize> {
    let page = entry.page?;
    let matching = |p: u32, far: bool| {
        by_page
            .get(&p)
            .and_then(|idx| idx.iter().find(|&&i| matches_entry(&paras[i], entry, far)))
    };
    let nearby = || (0..=PAGE_SLACK).flat_map(|d| [page + d, page.saturating_sub(d)]);
    // A telling line near the page goes before an issuer's name alone nearer it: the
    // name opens other titles too (`江苏省人民政府` of the document before, for an
    // entry of its 办公厅 two pages on).
    let near = || {
        nearby()
            .find_map(|p| matching(p, true))
            .or_else(|| nearby().find_map(|p| matching(p, false)))
    };
    let far = || {
        let mut pages: Vec<u32> = by_page.keys().copied().collect();
        pages.retain(|p| p.abs_diff(page) > PAGE_SLACK);
        pages.sort_by_key(|&p| (p.abs_diff(page), p));
        pages.into_iter().find_map(|p| matching(p, true))
    };
    if let Some(&i) = near().or_else(far) {
        return Some(head_start(paras, i));
    }
    let on_page = by_page.get(&page)?;
    on_page
        .iter()
        .find(|&&i| matches!(paras[i].align, Align::Centered))
        .or_else(|| on_page.first().filter(|&&i| paras[i].page_start))
        .map(|&i| head_start(paras, i))
}

/// A 下转/上接 marker's target page when `text` ends (下转) or starts (上接) with one.
fn continuation_marker(text: &str, forward: bool) -> Option<(u32, String)> {
    let re = if forward {
        regex!(r"[（(]\s*下转第\s*(\d+)\s*页\s*[）)]\s*$")
    } else {
        regex!(r"^\s*[（(]\s*上接第\s*(\d+)\s*页\s*[）)]")
    };
    let c = re.captures(text)?;
    let m = c.get(0)?;
    let rest = format!("{}{}", &text[..m.start()], &text[m.end()..]);
    Some((c[1].parse().ok()?, rest.trim().to_string()))
}

/// Paragraphs that run over a page break into a continued document's tail, split
/// where the tail begins: its `（上接第N页）` marker opens the next page, so the text
/// after it starts there, whatever the layout joined it to.
fn split_at_tails(paras: Vec<Para>) -> Vec<Para> {
    let marker = regex!(r"[（(]\s*上接第\s*\d+\s*页\s*[）)]");
    let mut out = Vec::with_capacity(paras.len());
    for p in paras {
        let at = marker
            .find(&p.text)
            .map(|m| m.start())
            .filter(|&at| at > 0 && p.end_pdf_page > p.pdf_page);
        let Some(at) = at else {
            out.push(p);
            continue;
        };
        let head = Para {
            text: p.text[..at].trim_end().to_string(),
            end_pdf_page: p.pdf_page,
            end_page: p.page,
            page_end: true,
            ..p.clone()
        };
        let tail = Para {
            text: p.text[at..].to_string(),
            pdf_page: p.end_pdf_page,
            page: p.end_page,
            page_start: true,
            ..p
        };
        out.extend([head, tail]);
    }
    out
}

/// Splits the body into documents, moves continuation tails to the documents they
/// belong to, and says which document each 目录 entry opens.
pub(super) fn segment(
    paras: Vec<Para>,
    sections: &[TocSection],
) -> (Vec<Document>, Vec<Vec<Option<usize>>>) {
    let mut paras = split_at_tails(paras);
    // 下转 counts only at the end of a page's last paragraph: elsewhere it is prose.
    let mut forward: Vec<Option<u32>> = vec![None; paras.len()];
    let mut backward: Vec<Option<u32>> = vec![None; paras.len()];
    for (i, p) in paras.iter_mut().enumerate() {
        if p.page_end {
            if let Some((to, rest)) = continuation_marker(&p.text, true) {
                forward[i] = Some(to);
                p.text = rest;
            }
        }
        if let Some((from, rest)) = continuation_marker(&p.text, false) {
            backward[i] = Some(from);
            p.text = rest;
        }
    }

    let mut by_page: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, p) in paras.iter().enumerate() {
        if let Some(page) = p.page {
            by_page.entry(page).or_default().push(i);
        }
    }
    let entry_starts: Vec<Vec<Option<usize>>> = sections
        .iter()
        .map(|s| {
            s.entries
                .iter()
                .map(|e| locate_entry(&paras, &by_page, e))
                .collect()
        })
        .collect();
    let mut starts: Vec<usize> = entry_starts.iter().flatten().flatten().copied().collect();
    starts.extend(
        (0..paras.len())
            .filter(|&i| strong_head(&paras, i))
            .map(|i| head_start(&paras, i)),
    );
    starts.sort_unstable();
    starts.dedup();
    // A decree and the regulation it promulgates are one document.
    let mut k = 1;
    while k < starts.len() {
        if decree_without_regulation(&paras, starts[k - 1], starts[k]) {
            starts.remove(k);
        } else {
            k += 1;
        }
    }
    if starts.first() != Some(&0) && !paras.is_empty() {
        // Body text before the first recognised head still belongs to some document.
        starts.insert(0, 0);
    }
    let ends: Vec<usize> = starts
        .iter()
        .skip(1)
        .copied()
        .chain([paras.len()])
        .collect();
    let doc_of = |i: usize| starts.partition_point(|&s| s <= i).saturating_sub(1);

    // Continuation tails: from an 上接 paragraph to the next head or 上接.
    let mut owner: Vec<Option<usize>> = vec![None; paras.len()];
    let mut tails: Vec<Vec<(usize, usize)>> = vec![Vec::new(); starts.len()];
    for (t, from) in backward
        .iter()
        .enumerate()
        .filter_map(|(t, b)| Some((t, (*b)?)))
    {
        let host = doc_of(t);
        let end = (t + 1..ends[host])
            .find(|&j| backward[j].is_some())
            .unwrap_or(ends[host]);
        // The document that broke off on page `from`: the one whose 下转 is there,
        // else the one whose main part ends there.
        let candidates = (0..starts.len()).filter(|&d| d != host);
        let broke_off = candidates.clone().find(|&d| {
            (starts[d]..ends[d]).any(|j| forward[j].is_some() && paras[j].end_page == Some(from))
        });
        let target = broke_off.or_else(|| {
            candidates
                .clone()
                .find(|&d| ends[d] > starts[d] && paras[ends[d] - 1].end_page == Some(from))
        });
        if let Some(d) = target {
            for o in owner.iter_mut().take(end).skip(t) {
                *o = Some(d);
            }
            tails[d].push((t, end));
        }
    }

    let mut documents = Vec::with_capacity(starts.len());
    let toc_title = |d: usize| -> Option<&str> {
        sections.iter().zip(&entry_starts).find_map(|(s, st)| {
            s.entries
                .iter()
                .zip(st)
                .find(|(_, &start)| start == Some(starts[d]))
                .map(|(e, _)| e.title.as_str())
        })
    };
    for d in 0..starts.len() {
        let main: Vec<Para> = (starts[d]..ends[d])
            .filter(|&j| owner[j].is_none())
            .map(|j| paras[j].clone())
            .filter(|p| !p.text.is_empty())
            .collect();
        let mut stitched = main.clone();
        let mut continuations = Vec::new();
        for &(t, end) in &tails[d] {
            let tail: Vec<Para> = paras[t..end]
                .iter()
                .filter(|p| !p.text.is_empty())
                .cloned()
                .collect();
            let (Some(first), Some(last)) = (tail.first(), tail.last()) else {
                continue;
            };
            let from_page = (starts[d]..ends[d])
                .find(|&j| forward[j].is_some() && owner[j].is_none())
                .and_then(|j| paras[j].end_page)
                .or_else(|| main.last().and_then(|p| p.end_page));
            continuations.push(Continuation {
                from_page,
                start_page: first.page,
                end_page: last.end_page,
            });
            let mut rest = tail.into_iter();
            // A paragraph cut mid-sentence by the break goes on in the tail.
            if let (Some(prev), Some(next)) = (stitched.last_mut(), rest.as_slice().first()) {
                if !ends_sentence(&prev.text) && !matches!(next.align, Align::Centered) {
                    prev.text.push_str(&next.text);
                    prev.end_page = next.end_page;
                    prev.end_pdf_page = next.end_pdf_page;
                    rest.next();
                }
            }
            stitched.extend(rest);
        }
        let mut doc = document::build(&stitched, toc_title(d));
        doc.start_page = main.first().and_then(|p| p.page);
        doc.end_page = main.last().and_then(|p| p.end_page);
        doc.start_pdf_page = main.first().map_or(0, |p| p.pdf_page);
        doc.continuations = continuations;
        documents.push(doc);
    }

    // Entries the pages did not place are matched to documents by 文号, then title.
    let entry_docs = sections
        .iter()
        .zip(&entry_starts)
        .map(|(s, st)| {
            s.entries
                .iter()
                .zip(st)
                .map(|(e, start)| {
                    start
                        .and_then(|i| starts.binary_search(&i).ok())
                        .or_else(|| {
                            let n = e.doc_number.as_deref().map(docnum::key)?;
                            documents.iter().position(|d: &Document| {
                                d.doc_number.as_deref().map(docnum::key) == Some(n.clone())
                            })
                        })
                        .or_else(|| {
                            let t = key(&e.title);
                            documents.iter().position(|d| key(&d.title) == t)
                        })
                })
                .collect()
        })
        .collect();
    (documents, entry_docs)
}

/// Gives a 目录 entry the page its document starts on where the two disagree by
/// more than a misprint's slack, or where the listed page breaks the 目录's rising
/// run of pages and the found one does not (Jiangsu's `3` between 4 and 6, its
/// document found on 5): the entry's number was misread (OCR), and the folio where
/// the document was found is the page a reader turns to.
pub(super) fn agree_pages(sections: &mut [TocSection], documents: &[Document]) {
    let listed: Vec<Option<u32>> = sections
        .iter()
        .flat_map(|s| &s.entries)
        .map(|e| e.page)
        .collect();
    let in_run = |k: usize, page: u32| {
        let before = listed[..k].iter().rev().find_map(|&p| p);
        let after = listed[k + 1..].iter().find_map(|&p| p);
        before.is_none_or(|b| b <= page) && after.is_none_or(|a| page <= a)
    };
    for (k, entry) in sections.iter_mut().flat_map(|s| &mut s.entries).enumerate() {
        let start = entry
            .document
            .and_then(|d| documents.get(d))
            .and_then(|d| d.start_page);
        if let (Some(listed), Some(start)) = (entry.page, start) {
            let out_of_run = !in_run(k, listed) && in_run(k, start);
            if listed.abs_diff(start) > PAGE_SLACK || out_of_run {
                entry.page = Some(start);
            }
        }
    }
}

#[cfg(test)]
mod tests;
