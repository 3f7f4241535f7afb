//! A document laid out as its printed 公文, for printing and saving as PDF: red header,
//! 文号 and title as printed, the addressees, clauses with their headings set in the
//! standard's faces, the printed page beside the text where a new page begins, the
//! closing matter, and a footer naming the gazette, year, issue and printed pages. Every
//! line carries, in `data-page` on it or on the part or clause holding it, the printed
//! page it is read from, so that a view cutting the document into sheets can name the
//! printed pages of each sheet. One
//! function writes the markup ([`document_html`]); the app shows it in its print view
//! and the `gazette print` command wraps it in a page of its own ([`standalone_html`]).
//! Both use the one stylesheet, [`STYLESHEET`].

use std::fmt::Write as _;

use crate::views::{ClauseView, DocumentView};

/// The print stylesheet (`src/print/print.css`), every rule scoped to `.print-doc`.
pub const STYLESHEET: &str = include_str!("print/print.css");

/// The document as an `<article class="print-doc">`; every text read from the PDF is
/// escaped, so the markup can be put into a page as it is.
pub fn document_html(doc: &DocumentView) -> String {
    let mut out = String::new();
    out.push_str("<article class=\"print-doc\" lang=\"zh-CN\">\n<header class=\"print-head\"");
    page_attribute(&mut out, doc.start_page);
    out.push_str(">\n");
    if let Some(header) = &doc.red_header {
        line(&mut out, "p", "print-red-header", header);
    }
    if let Some(number) = &doc.doc_number {
        line(&mut out, "p", "print-doc-number", number);
    }
    if doc.red_header.is_some() {
        out.push_str("<hr class=\"print-rule\">\n");
    }
    line(&mut out, "h1", "print-title", &doc.title);
    if let Some(to) = &doc.addressees {
        line(&mut out, "p", "print-addressees", &format!("{to}："));
    }
    out.push_str("</header>\n<section class=\"print-body\">\n");
    let mut page = None;
    let mut continued = 0;
    for (clause, depth) in flatten(&doc.clauses) {
        let new_page = clause.page.filter(|&p| Some(p) != page);
        if let Some(starts) = new_page {
            // A tail printed after a 下转 starts on one of the continuation pages.
            let tail = doc.continuations[continued..]
                .iter()
                .position(|c| c.start_page.is_some_and(|s| starts >= s));
            if let Some(at) = tail {
                let from = doc.continuations[continued + at].from_page;
                continued += at + 1;
                if let Some(from) = from {
                    let _ = writeln!(
                        out,
                        "<p class=\"print-continuation\" data-page=\"{starts}\">（上接第{from}页）</p>"
                    );
                }
            }
            page = Some(starts);
        }
        write_clause(&mut out, clause, depth, new_page, page);
    }
    out.push_str("</section>\n");
    // The closing matter follows the last clause, on the last page the document fills.
    let last_page = doc
        .continuations
        .last()
        .map_or(doc.end_page.or(doc.start_page), |c| {
            c.end_page.or(c.start_page)
        })
        .or(page);
    let open_part = |out: &mut String, class: &str| {
        let _ = write!(out, "<section class=\"{class}\"");
        page_attribute(out, last_page);
        out.push_str(">\n");
    };
    if !doc.attachments.is_empty() {
        open_part(&mut out, "print-attachments");
        for (i, title) in doc.attachments.iter().enumerate() {
            let text = if i == 0 {
                format!("附件：{title}")
            } else {
                format!("\u{3000}\u{3000}\u{3000}{title}")
            };
            line(&mut out, "p", "", &text);
        }
        out.push_str("</section>\n");
    }
    if !doc.signatories.is_empty() || doc.date.is_some() {
        open_part(&mut out, "print-closing");
        for who in &doc.signatories {
            line(&mut out, "p", "", who);
        }
        if let Some(date) = &doc.date {
            line(&mut out, "p", "print-date", &printed_date(date));
        }
        out.push_str("</section>\n");
    }
    if !doc.distribution.is_empty() {
        open_part(&mut out, "print-distribution");
        line(
            &mut out,
            "p",
            "",
            &format!("抄送：{}。", doc.distribution.join("，")),
        );
        out.push_str("</section>\n");
    }
    out.push_str("<footer class=\"print-footer\">");
    let issue = doc.issue.name();
    let _ = write!(
        out,
        "<span class=\"print-issue\">{}</span><span class=\"print-pages\">{}</span>",
        escape(&issue),
        escape(&printed_pages(doc))
    );
    out.push_str("</footer>\n</article>\n");
    out
}

/// A whole HTML page holding the document and the stylesheet: what `gazette print`
/// writes, for a browser to print or save as PDF.
pub fn standalone_html(doc: &DocumentView) -> String {
    format!(
        "<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n{STYLESHEET}</style>\n</head>\n<body>\n{}</body>\n</html>\n",
        escape(&doc.title),
        document_html(doc)
    )
}

/// The printed pages a document occupies, its tails after a 下转 included:
/// `第2–7页、第27页`.
pub fn printed_pages(doc: &DocumentView) -> String {
    let range = |start: u32, end: Option<u32>| match end {
        Some(end) if end != start => format!("第{start}–{end}页"),
        _ => format!("第{start}页"),
    };
    let mut parts: Vec<String> = doc
        .start_page
        .map(|s| range(s, doc.end_page))
        .into_iter()
        .collect();
    parts.extend(
        doc.continuations
            .iter()
            .filter_map(|c| c.start_page.map(|s| range(s, c.end_page))),
    );
    parts.join("、")
}

fn flatten(clauses: &[ClauseView]) -> Vec<(&ClauseView, usize)> {
    fn walk<'a>(clauses: &'a [ClauseView], depth: usize, out: &mut Vec<(&'a ClauseView, usize)>) {
        for clause in clauses {
            out.push((clause, depth));
            walk(&clause.children, depth + 1, out);
        }
    }
    let mut out = Vec::new();
    walk(clauses, 0, &mut out);
    out
}

/// One clause: its heading (if any) on a line of its own in the face of its level,
/// then its paragraphs; `new_page` marks, inside the first line, the printed page the
/// clause begins when that page differs from the clause before, and `page` (the printed
/// page in effect) is kept on the clause for its lines. Each line stands on its own, so
/// a sheet can end between any two.
fn write_clause(
    out: &mut String,
    clause: &ClauseView,
    depth: usize,
    new_page: Option<u32>,
    page: Option<u32>,
) {
    let _ = write!(
        out,
        "<div class=\"print-clause\" data-path=\"{}\"",
        escape(&clause.path)
    );
    page_attribute(out, page);
    out.push('>');
    let label = printed_label(&clause.label);
    let mut paragraphs = clause.text.lines().filter(|l| !l.trim().is_empty());
    let (tag, class, first) = match &clause.heading {
        Some(heading) if label.starts_with('第') => (
            "h2",
            "print-heading article".to_string(),
            format!("{label}{heading}"),
        ),
        Some(heading) => (
            "h2",
            format!("print-heading level-{}", (depth + 1).min(3)),
            format!("{label}{heading}"),
        ),
        None => (
            "p",
            String::new(),
            format!("{label}{}", paragraphs.next().unwrap_or("")),
        ),
    };
    let mark = new_page.map(|page| format!("<span class=\"print-page\">第{page}页</span>"));
    let class = if class.is_empty() {
        String::new()
    } else {
        format!(" class=\"{class}\"")
    };
    let _ = writeln!(
        out,
        "<{tag}{class}>{}{}</{tag}>",
        mark.unwrap_or_default(),
        escape(&first)
    );
    for paragraph in paragraphs {
        line(out, "p", "", paragraph);
    }
    out.push_str("</div>\n");
}

/// ` data-page="N"`, the printed page the element's lines are read from, when known.
fn page_attribute(out: &mut String, page: Option<u32>) {
    if let Some(page) = page {
        let _ = write!(out, " data-page=\"{page}\"");
    }
}

/// A clause number as printed: the store keeps labels without their trailing mark
/// (`一` for `一、`, `3` for `3.`) and names unnumbered paragraphs `¶1`, which print none.
pub fn printed_label(label: &str) -> String {
    let chinese_number =
        |s: &str| !s.is_empty() && s.chars().all(|c| "一二三四五六七八九十百零〇".contains(c));
    if label.starts_with('¶') {
        String::new()
    } else if chinese_number(label) {
        format!("{label}、")
    } else if !label.is_empty() && label.chars().all(|c| c.is_ascii_digit()) {
        format!("{label}.")
    } else if label.starts_with('第') && label.ends_with(['编', '章', '节', '条', '款']) {
        format!("{label}\u{3000}")
    } else {
        label.to_string()
    }
}

/// An ISO date as a 公文 prints it: 2018年8月8日.
fn printed_date(iso: &str) -> String {
    let mut parts = iso.splitn(3, '-').map(str::parse::<u32>);
    match (parts.next(), parts.next(), parts.next()) {
        (Some(Ok(y)), Some(Ok(m)), Some(Ok(d))) => format!("{y}年{m}月{d}日"),
        _ => iso.to_string(),
    }
}

fn line(out: &mut String, tag: &str, class: &str, text: &str) {
    let class = if class.is_empty() {
        String::new()
    } else {
        format!(" class=\"{class}\"")
    };
    let _ = writeln!(out, "<{tag}{class}>{}</{tag}>", escape(text));
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_print_with_their_marks() {
        assert_eq!(printed_label("二"), "二、");
        assert_eq!(printed_label("（一）"), "（一）");
        assert_eq!(printed_label("3"), "3.");
        assert_eq!(printed_label("第十二条"), "第十二条\u{3000}");
        assert_eq!(printed_label("¶2"), "");
    }

    #[test]
    fn text_from_a_pdf_cannot_become_markup() {
        assert_eq!(escape("<b>&\"'"), "&lt;b&gt;&amp;&quot;&#39;");
        assert_eq!(printed_date("2018-08-08"), "2018年8月8日");
        assert_eq!(printed_date("sometime"), "sometime");
    }
}
