//! `gazette print DOC --html`: the document as its printed 公文, checked against what
//! `gazette show` says of the same document, so no figure here is typed in by hand.

use crate::support::{fixture, gazette_ok, json_of};
use serde_json::Value;

/// (path, printed page) of every clause in reading order, a clause without a page of its
/// own read on the page of the clause before it.
fn clause_pages(clauses: &[Value], page: &mut Option<u64>, out: &mut Vec<(String, u64)>) {
    for c in clauses {
        *page = c["page"].as_u64().or(*page);
        if let Some(p) = *page {
            out.push((c["path"].as_str().expect("path").to_string(), p));
        }
        clause_pages(c["children"].as_array().expect("children"), page, out);
    }
}

fn headings(clauses: &[Value], depth: usize, out: &mut Vec<(usize, String)>) {
    for c in clauses {
        if let Some(h) = c["heading"].as_str() {
            out.push((depth, h.to_string()));
        }
        headings(c["children"].as_array().expect("children"), depth + 1, out);
    }
}

#[test]
fn a_document_prints_as_published_with_its_issue_and_pages_in_the_footer() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let archive = tmp.path();
    let pdf = fixture("liaocheng-2018-08-2col.pdf");
    gazette_ok(archive, &["import", pdf.to_str().expect("utf-8 path")]);
    let doc = json_of(&gazette_ok(
        archive,
        &["show", "聊政发[2018]41号", "--json"],
    ));
    let html =
        String::from_utf8(gazette_ok(archive, &["print", "聊政发[2018]41号", "--html"]).stdout)
            .expect("utf-8");

    assert!(html.starts_with("<!doctype html>"));
    assert!(
        html.contains("font-family: var(--fangsong)"),
        "the stylesheet is inlined"
    );
    let title = doc["title"].as_str().expect("title");
    let number = doc["doc_number"].as_str().expect("文号");
    assert!(html.contains(&format!("<h1 class=\"print-title\">{title}</h1>")));
    assert!(html.contains(&format!("<p class=\"print-doc-number\">{number}</p>")));

    let footer = &html[html
        .find("<footer class=\"print-footer\">")
        .expect("a footer")..];
    let (start, end) = (
        doc["start_page"].as_u64().expect("start"),
        doc["end_page"].as_u64().expect("end"),
    );
    assert!(
        footer.contains("聊城市人民政府公报 2018年第8期"),
        "{footer}"
    );
    assert!(footer.contains(&format!("第{start}–{end}页")), "{footer}");

    // Headings in the face of their level, in reading order.
    let mut expected = Vec::new();
    headings(
        doc["clauses"].as_array().expect("clauses"),
        0,
        &mut expected,
    );
    assert!(!expected.is_empty());
    let mut from = 0;
    for (depth, heading) in &expected {
        let at = html[from..]
            .find(heading.as_str())
            .unwrap_or_else(|| panic!("{heading} missing or out of order"))
            + from;
        let tag_start = html[..at].rfind("<h2 class=\"").expect("a heading element");
        let level = format!("level-{}", (depth + 1).min(3));
        assert!(
            html[tag_start..at].contains(&level),
            "{heading}: {}",
            &html[tag_start..at]
        );
        from = at;
    }
    // The printed page is marked where a clause begins a new one.
    let pages: std::collections::BTreeSet<u64> = (start..=end).collect();
    for page in &pages {
        let marks = html.matches(&format!("第{page}页</span>")).count();
        let starts_there = doc["clauses"]
            .to_string()
            .contains(&format!("\"page\":{page},"));
        assert_eq!(
            marks,
            usize::from(starts_there),
            "marks of printed page {page}"
        );
    }
    // Each line can be traced to its printed page, for the print view's sheet footers.
    assert!(html.contains(&format!(
        "<header class=\"print-head\" data-page=\"{start}\">"
    )));
    let mut traced = Vec::new();
    clause_pages(
        doc["clauses"].as_array().expect("clauses"),
        &mut None,
        &mut traced,
    );
    assert!(
        traced.iter().any(|(_, p)| *p != start),
        "the document runs over pages"
    );
    for (path, page) in &traced {
        let attributes = format!("data-path=\"{path}\" data-page=\"{page}\">");
        assert!(html.contains(&attributes), "{attributes}");
    }
    assert!(
        html.contains(&format!(
            "<section class=\"print-closing\" data-page=\"{end}\">"
        )),
        "the signature is on the document's last page"
    );
}

#[test]
fn print_needs_a_format_and_a_known_document() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = crate::support::gazette(tmp.path(), &["print", "1"]);
    assert!(!out.status.success(), "without --html");
    let out = crate::support::gazette(
        tmp.path(),
        &["print", "聊政发〔2099〕1号", "--html", "--json"],
    );
    assert!(!out.status.success());
    assert_eq!(json_of(&out)["error"]["kind"], "not_found");
}
