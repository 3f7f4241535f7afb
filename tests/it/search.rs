//! Search against an exact-substring oracle computed from the stored clause text:
//! every length class of query (1–8 characters), 文号 in every bracket style, several
//! terms, phrases, exclusions, filters, width-insensitivity, and the index being
//! rebuilt when it is missing, stale or damaged.
//!
//! Archives are built from the fixture's ground truth (`flow` paragraphs) through
//! `import::write_parsed`, so these tests do not depend on the PDF parser.

use std::collections::BTreeSet;
use std::path::Path;

use gazette::model::{Clause, Document, DocumentKind, ParsedIssue};
use gazette::search::{MatchField, SearchOptions, SearchResults};
use gazette::{docnum, Archive};

use crate::support::write_issues;
use gazette_bench::Rng;
use rusqlite::Connection;
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

const TRUTH: &str = "liaocheng-2018-08-1col.truth.json";
const GAZETTE: &str = "聊城市人民政府公报";

fn truth() -> Value {
    let text = std::fs::read_to_string(crate::support::fixture(TRUTH)).expect("fixture truth file");
    serde_json::from_str(&text).expect("fixture truth is JSON")
}

fn s(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

fn n(v: &Value, key: &str) -> Option<u32> {
    v.get(key).and_then(Value::as_u64).map(|x| x as u32)
}

/// The fixture issue as a parser would ideally produce it, with `edit` applied to every
/// text (to make a second, different issue).
fn issue_from_truth(
    truth: &Value,
    gazette: &str,
    year: i32,
    number: i32,
    edit: &dyn Fn(&str) -> String,
) -> ParsedIssue {
    let flow = truth["flow"].as_array().expect("flow");
    let mut documents = Vec::new();
    for d in truth["documents"].as_array().expect("documents") {
        let id = d["id"].as_str().expect("document id");
        let mut clauses: Vec<Clause> = Vec::new();
        let mut heading_open = false;
        for item in flow.iter().filter(|f| f["doc"].as_str() == Some(id)) {
            let kind = item["kind"].as_str().unwrap_or("");
            let text = edit(item["text"].as_str().unwrap_or(""));
            let page = n(item, "printed_page");
            let pdf_page = n(item, "pdf_page_index").unwrap_or(0) + 1;
            match kind {
                "h1" | "h2" => {
                    let (label, heading) = printed_label(&text);
                    clauses.push(Clause {
                        path: format!("¶{}", clauses.len() + 1),
                        label,
                        heading: Some(heading),
                        text: String::new(),
                        page,
                        pdf_page,
                        children: Vec::new(),
                    });
                    heading_open = true;
                }
                "p" => {
                    // The first paragraph after a heading is that clause's text.
                    if heading_open {
                        if let Some(last) = clauses.last_mut() {
                            last.text = text;
                            heading_open = false;
                            continue;
                        }
                    }
                    clauses.push(Clause {
                        path: format!("¶{}", clauses.len() + 1),
                        label: String::new(),
                        heading: None,
                        text,
                        page,
                        pdf_page,
                        children: Vec::new(),
                    });
                }
                _ => {}
            }
        }
        documents.push(Document {
            kind: if d["kind"].as_str() == Some("chronicle") {
                DocumentKind::Chronicle
            } else {
                DocumentKind::Document
            },
            section: s(d, "section"),
            red_header: s(d, "red_header"),
            office: s(d, "issuing_office"),
            doc_number: s(d, "docnum").map(|x| edit(&x)),
            title: edit(&s(d, "title").unwrap_or_default()),
            addressees: Some(ADDRESSEES.to_string()),
            signatories: s(d, "issuing_office").into_iter().collect(),
            date: s(d, "date").and_then(|printed| iso_date(&printed)),
            start_page: n(d, "start_printed_page"),
            end_page: n(d, "end_printed_page"),
            start_pdf_page: n(d, "start_pdf_page_index").unwrap_or(0) + 1,
            continuations: Vec::new(),
            attachments: attachment_titles(d),
            distribution: vec![DISTRIBUTION.to_string()],
            clauses,
        });
    }
    ParsedIssue {
        gazette: gazette.to_string(),
        year,
        number,
        serial: None,
        number_label: format!("第{number}期"),
        serial_label: None,
        masthead: Vec::new(),
        pages: Vec::new(),
        toc: Vec::new(),
        documents,
    }
}

/// A 主送 line and a 印发 line as such documents print them; the fixture's ground truth
/// records neither.
const ADDRESSEES: &str = "各县（市、区）人民政府，市属开发区管委会，市政府有关部门";
const DISTRIBUTION: &str = "聊城市人民政府办公室　2018年8月31日印发";

/// `2018年8月8日` → `2018-08-08`.
fn iso_date(printed: &str) -> Option<String> {
    let (y, rest) = printed.split_once('年')?;
    let (m, rest) = rest.split_once('月')?;
    let d = rest.strip_suffix('日')?;
    let [y, m, d]: [u32; 3] = [y.parse().ok()?, m.parse().ok()?, d.parse().ok()?];
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// The 附件 titles, each recorded as the lines it is printed over.
fn attachment_titles(d: &Value) -> Vec<String> {
    serde_json::from_value::<Vec<Vec<String>>>(d["attachment_titles"].clone())
        .map(|titles| titles.iter().map(|lines| lines.concat()).collect())
        .unwrap_or_default()
}

/// Splits a printed heading into its numbering label and its heading, as the parser
/// stores them: `（一）指导思想` → (`（一）`, `指导思想`), `二、主要任务` → (`二`, `主要任务`).
fn printed_label(text: &str) -> (String, String) {
    if text.starts_with('（') {
        if let Some(end) = text.find('）') {
            let end = end + '）'.len_utf8();
            return (text[..end].to_string(), text[end..].to_string());
        }
    }
    match text.split_once('、') {
        Some((label, rest)) if label.chars().count() <= 3 => (label.to_string(), rest.to_string()),
        _ => (String::new(), text.to_string()),
    }
}

/// The second issue: another year and gazette, a few characters changed, and 文号
/// printed with ASCII brackets.
fn edited(text: &str) -> String {
    text.replace('〔', "(")
        .replace('〕', ")")
        .replace("诚信", "诚实信用")
        .replace("2018", "2019")
}

/// An archive of `count` issues of the fixture, alternately of two gazettes, each issue
/// slightly edited; large enough that a common character is in more clauses than a
/// search ranks by relevance.
pub(crate) fn large_archive(count: i32) -> (tempfile::TempDir, Archive) {
    let truth = truth();
    let tmp = tempfile::tempdir().unwrap();
    let issues: Vec<ParsedIssue> = (0..count)
        .map(|k| {
            let gazette = if k % 2 == 0 {
                GAZETTE
            } else {
                "山东省人民政府公报"
            };
            let marker = format!("第{k}次");
            issue_from_truth(&truth, gazette, 2000 + k / 12, k % 12 + 1, &|t| {
                t.replacen("的", &marker, 1)
            })
        })
        .collect();
    write_issues(tmp.path(), &issues);
    let archive = Archive::open(tmp.path()).unwrap();
    (tmp, archive)
}

pub(crate) fn sample_archive() -> (tempfile::TempDir, Archive) {
    let truth = truth();
    let tmp = tempfile::tempdir().unwrap();
    write_issues(
        tmp.path(),
        &[
            issue_from_truth(&truth, GAZETTE, 2018, 8, &|t| t.to_string()),
            issue_from_truth(&truth, "山东省人民政府公报", 2019, 3, &edited),
        ],
    );
    let archive = Archive::open(tmp.path()).unwrap();
    (tmp, archive)
}

// ---------------------------------------------------------------------------------
// The oracle: plain string containment on the stored text, nothing from the index.

fn norm(text: &str) -> String {
    text.nfkc().flat_map(char::to_lowercase).collect()
}

/// A 文号 matches ignoring brackets and spaces on both sides.
fn number_view(text: &str) -> String {
    norm(&docnum::key(text))
}

#[derive(Clone)]
pub(crate) enum Term {
    Text(String),
    Number(String),
}

impl Term {
    pub(crate) fn typed(raw: &str) -> Term {
        if docnum::looks_like(raw) {
            Term::Number(raw.to_string())
        } else {
            Term::Text(raw.to_string())
        }
    }

    pub(crate) fn in_any(&self, fields: &[&str]) -> bool {
        fields.iter().any(|f| match self {
            Term::Text(t) => norm(f).contains(&norm(t)),
            Term::Number(t) => number_view(f).contains(&number_view(t)),
        })
    }
}

#[derive(Clone)]
pub(crate) struct Unit {
    pub(crate) document_id: i64,
    pub(crate) clause_id: Option<i64>,
    pub(crate) fields: Vec<String>,
    pub(crate) gazette: String,
    year: i32,
    office: Option<String>,
    section: Option<String>,
}

/// id, title, 文号, gazette, year, office, section, other printed lines.
type DocumentRow = (
    i64,
    String,
    Option<String>,
    String,
    i32,
    Option<String>,
    Option<String>,
    Vec<String>,
);

/// A document's printed lines outside its title, 文号 and clauses, from columns 7–12
/// of the row: the 主送 line ends in its colon, the date is printed in 年月日.
fn printed_lines(r: &rusqlite::Row) -> rusqlite::Result<Vec<String>> {
    let list = |i: usize| -> rusqlite::Result<Vec<String>> {
        Ok(serde_json::from_str(&r.get::<_, String>(i)?).unwrap())
    };
    let mut lines: Vec<String> = Vec::new();
    lines.extend(r.get::<_, Option<String>>(7)?);
    lines.extend(r.get::<_, Option<String>>(8)?.map(|a| a + "："));
    lines.extend(list(9)?);
    lines.extend(r.get::<_, Option<String>>(10)?.map(|iso| {
        let [y, m, d]: [u32; 3] =
            [0, 1, 2].map(|k| iso.split('-').nth(k).unwrap().parse().unwrap());
        format!("{y}年{m}月{d}日")
    }));
    lines.extend(list(11)?);
    lines.extend(list(12)?);
    Ok(lines)
}

pub(crate) fn units(dir: &Path) -> Vec<Unit> {
    let conn = Connection::open(Archive::database_path(dir)).unwrap();
    let mut out = Vec::new();
    let mut stmt = conn
        .prepare(
            "SELECT d.id, d.title, d.doc_number, i.gazette, i.year, d.office, d.section,
                    d.red_header, d.addressees, d.signatories, d.date, d.attachments,
                    d.distribution
               FROM documents d JOIN issues i ON i.id = d.issue_id",
        )
        .unwrap();
    let docs: Vec<DocumentRow> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                printed_lines(r)?,
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (id, title, number, gazette, year, office, section, printed) in docs {
        let mut fields = vec![title, number.unwrap_or_default()];
        fields.extend(printed);
        out.push(Unit {
            document_id: id,
            clause_id: None,
            fields,
            gazette: gazette.clone(),
            year,
            office: office.clone(),
            section: section.clone(),
        });
        let mut stmt = conn
            .prepare("SELECT id, label, heading, text FROM clauses WHERE document_id = ?1")
            .unwrap();
        let clauses: Vec<(i64, String, Option<String>, String)> = stmt
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for (cid, label, heading, text) in clauses {
            out.push(Unit {
                document_id: id,
                clause_id: Some(cid),
                fields: vec![label, heading.unwrap_or_default(), text],
                gazette: gazette.clone(),
                year,
                office: office.clone(),
                section: section.clone(),
            });
        }
    }
    out
}

pub(crate) type HitKey = (i64, Option<i64>);

pub(crate) fn oracle(
    units: &[Unit],
    include: &[Term],
    exclude: &[Term],
    filter: &dyn Fn(&Unit) -> bool,
) -> BTreeSet<HitKey> {
    let holds = |fields: &[&str]| {
        include.iter().all(|t| t.in_any(fields)) && !exclude.iter().any(|t| t.in_any(fields))
    };
    let mut hits: BTreeSet<HitKey> = units
        .iter()
        .filter(|u| {
            let fields: Vec<&str> = u.fields.iter().map(String::as_str).collect();
            holds(&fields) && filter(u)
        })
        .map(|u| (u.document_id, u.clause_id))
        .collect();
    // A document holding every term across its parts, none of which holds them all,
    // is a hit of its own: the whole printed text of the document is scanned.
    if include.len() > 1 {
        let documents: BTreeSet<i64> = units.iter().map(|u| u.document_id).collect();
        for id in documents {
            let parts: Vec<&Unit> = units.iter().filter(|u| u.document_id == id).collect();
            let whole: Vec<&str> = parts
                .iter()
                .flat_map(|u| u.fields.iter().map(String::as_str))
                .collect();
            let unit_hit = hits.iter().any(|(d, _)| *d == id);
            if !unit_hit && holds(&whole) && filter(parts[0]) {
                hits.insert((id, None));
            }
        }
    }
    hits
}

pub(crate) fn everything() -> SearchOptions {
    SearchOptions {
        limit: 1_000_000,
        ..SearchOptions::default()
    }
}

/// Searches and compares with the oracle: the same set of hits (recall 1, no false
/// hits), the same total, and every highlight on a matched term.
pub(crate) fn assert_search(
    archive: &Archive,
    units: &[Unit],
    typed: &str,
    include: &[Term],
    exclude: &[Term],
    options: &SearchOptions,
    filter: &dyn Fn(&Unit) -> bool,
) -> SearchResults {
    let results = archive.search(typed, options).unwrap();
    let expected = oracle(units, include, exclude, filter);
    let found: BTreeSet<HitKey> = results
        .hits
        .iter()
        .map(|h| (h.document_id, h.clause_id))
        .collect();
    assert_eq!(found.len(), results.hits.len(), "{typed}: duplicate hits");
    let missed: Vec<_> = expected.difference(&found).take(3).collect();
    let extra: Vec<_> = found.difference(&expected).take(3).collect();
    assert!(
        missed.is_empty() && extra.is_empty(),
        "{typed}: missed {missed:?}, false hits {extra:?}"
    );
    assert_eq!(results.total, expected.len() as u64, "{typed}: total");
    for hit in &results.hits {
        let chars: Vec<char> = hit.snippet.chars().collect();
        assert!(
            !hit.highlights.is_empty(),
            "{typed}: no highlight in {}",
            hit.snippet
        );
        for h in &hit.highlights {
            let marked: String = chars[h.start..h.end].iter().collect();
            // A range cut by the snippet's edge need not hold a whole term.
            let clipped = h.start <= 1 || h.end + 1 >= chars.len();
            assert!(
                clipped || include.iter().any(|t| t.in_any(&[&marked])),
                "{typed}: highlight {marked:?} in {}",
                hit.snippet
            );
        }
    }
    results
}

/// A deterministic pseudo-random sequence, so failures reproduce.
/// Substrings of the stored text that a user could type as one term.
pub(crate) fn samples(units: &[Unit], len: usize, count: usize, rng: &mut Rng) -> Vec<String> {
    let texts: Vec<Vec<char>> = units
        .iter()
        .flat_map(|u| u.fields.iter())
        .map(|f| f.chars().collect::<Vec<char>>())
        .filter(|c| c.len() >= len)
        .collect();
    let mut out = Vec::new();
    let mut tries = 0;
    while out.len() < count && tries < count * 50 {
        tries += 1;
        let t = &texts[rng.below(texts.len())];
        let at = rng.below(t.len() - len + 1);
        let sample: String = t[at..at + len].iter().collect();
        let typed = norm(&sample);
        if typed.chars().any(|c| c.is_whitespace() || c == '"')
            || typed.starts_with('-')
            || out.contains(&sample)
        {
            continue;
        }
        out.push(sample);
    }
    out
}

#[test]
fn every_length_class_matches_the_oracle() {
    let (tmp, archive) = sample_archive();
    let units = units(tmp.path());
    assert_sampled_terms(&archive, &units, 1..=8, 30, 20, &mut Rng::new(7));
    // Terms cut at the edge of the stored text, characters absent from it, and terms
    // that would span the heading 指导思想 and its text 全面贯彻… (not a match).
    for q in [
        "思想全面",
        "想全",
        "务诚信建",
        "2020年",
        "意见",
        "见",
        "。",
        "不存在的词语",
        "鑫",
    ] {
        assert_search(
            &archive,
            &units,
            q,
            &[Term::typed(q)],
            &[],
            &everything(),
            &|_| true,
        );
    }
}

#[test]
fn several_terms_phrases_and_exclusions() {
    let (tmp, archive) = sample_archive();
    let units = units(tmp.path());
    let mut rng = Rng::new(11);
    let short = samples(&units, 2, 20, &mut rng);
    let long = samples(&units, 4, 20, &mut rng);
    for (a, b) in short.iter().zip(&long) {
        let typed = format!("{a} {b}");
        let include = [Term::typed(a), Term::typed(b)];
        assert_search(
            &archive,
            &units,
            &typed,
            &include,
            &[],
            &everything(),
            &|_| true,
        );
        let typed = format!("\"{b}\" -{a}");
        assert_search(
            &archive,
            &units,
            &typed,
            &[Term::typed(b)],
            &[Term::typed(a)],
            &everything(),
            &|_| true,
        );
    }
    for (typed, include, exclude) in [
        ("政务 诚信 -失信", vec!["政务", "诚信"], vec!["失信"]),
        ("\"政务诚信\" 建设", vec!["政务诚信", "建设"], vec![]),
        ("的 -的", vec!["的"], vec!["的"]),
        ("诚 信 -诚实", vec!["诚", "信"], vec!["诚实"]),
    ] {
        let include: Vec<Term> = include.into_iter().map(Term::typed).collect();
        let exclude: Vec<Term> = exclude.into_iter().map(Term::typed).collect();
        assert_search(
            &archive,
            &units,
            typed,
            &include,
            &exclude,
            &everything(),
            &|_| true,
        );
    }
}

#[test]
fn printed_numbering_labels_find_their_clauses() {
    let (tmp, archive) = sample_archive();
    let units = units(tmp.path());
    let labels: BTreeSet<String> = units
        .iter()
        .filter(|u| u.clause_id.is_some())
        .map(|u| u.fields[0].clone())
        .filter(|l| l.chars().count() >= 2)
        .collect();
    assert!(labels.len() >= 5, "the fixture prints numbering labels");
    for label in &labels {
        assert_search(
            &archive,
            &units,
            label,
            &[Term::typed(label)],
            &[],
            &everything(),
            &|_| true,
        );
    }
    // A label with a word of its clause's heading or text, as a reader types it.
    let labelled = units
        .iter()
        .filter(|u| u.clause_id.is_some() && u.fields[0].chars().count() >= 2)
        .take(10);
    for u in labelled {
        let Some(word) = [&u.fields[1], &u.fields[2]]
            .iter()
            .map(|f| f.chars().take(2).collect::<String>())
            .find(|w| w.chars().count() == 2 && w.chars().all(char::is_alphanumeric))
        else {
            continue;
        };
        let typed = format!("{} {word}", u.fields[0]);
        assert_search(
            &archive,
            &units,
            &typed,
            &[Term::typed(&u.fields[0]), Term::typed(&word)],
            &[],
            &everything(),
            &|_| true,
        );
    }
}

#[test]
fn a_documents_printed_lines_outside_its_clauses_find_it() {
    let (tmp, archive) = sample_archive();
    let units = units(tmp.path());
    let mut rng = Rng::new(14);
    let printed: Vec<String> = units
        .iter()
        .filter(|u| u.clause_id.is_none())
        .flat_map(|u| u.fields[2..].iter().cloned())
        .collect();
    assert!(
        printed.iter().any(|l| l.ends_with('：'))
            && printed
                .iter()
                .any(|l| l.contains("附件") || l.contains("规划")),
        "the archive prints 主送 lines and 附件 titles"
    );
    // Whole lines (主送, signature, date, red header, 附件, 印发) and pieces of them.
    let mut queries: BTreeSet<String> = printed
        .iter()
        .map(|l| l.replace(['　', ' '], ""))
        .filter(|l| l.chars().count() <= 12 && !l.is_empty())
        .collect();
    for line in &printed {
        let chars: Vec<char> = line.chars().filter(|c| !c.is_whitespace()).collect();
        for len in [2, 3, 5] {
            if chars.len() > len {
                let start = rng.below(chars.len() - len);
                queries.insert(chars[start..start + len].iter().collect());
            }
        }
    }
    assert!(
        queries.iter().any(|q| q.contains("日")),
        "dates are among the queries"
    );
    for q in &queries {
        assert_search(
            &archive,
            &units,
            q,
            &[Term::typed(q)],
            &[],
            &everything(),
            &|_| true,
        );
    }
}

#[test]
fn document_numbers_in_any_bracket_style_find_the_document_first() {
    let (tmp, archive) = sample_archive();
    let units = units(tmp.path());
    let numbers = [
        "聊政发〔2018〕41号",
        "聊政办发〔2018〕19号",
        "聊政发〔2019〕44号",
    ];
    for printed in numbers {
        let key = docnum::key(printed);
        let digits: Vec<&str> = printed.split(['〔', '〕']).collect();
        let variants = [
            printed.to_string(),
            format!("{}({}){}", digits[0], digits[1], digits[2]),
            format!("{}（{}）{}", digits[0], digits[1], digits[2]),
            format!("{}[{}]{}", digits[0], digits[1], digits[2]),
            format!("{}{} {}", digits[0], digits[1], digits[2]),
            format!("{} 〔{}〕 {}", digits[0], digits[1], digits[2]),
        ];
        for typed in &variants {
            let results = assert_search(
                &archive,
                &units,
                typed,
                &[Term::Number(printed.to_string())],
                &[],
                &everything(),
                &|_| true,
            );
            let first = results.hits.first().expect("the document is found");
            assert_eq!(first.clause_id, None, "{typed}: the document comes first");
            assert_eq!(first.matched, MatchField::Title);
            assert_eq!(
                first.doc_number.as_deref().map(docnum::key),
                Some(key.clone()),
                "{typed}"
            );
        }
    }
    // A 文号 with another term, and excluded.
    assert_search(
        &archive,
        &units,
        "聊政发2013 70号 废止",
        &[
            Term::Number("聊政发〔2013〕70号".into()),
            Term::Text("废止".into()),
        ],
        &[],
        &everything(),
        &|_| true,
    );
    assert_search(
        &archive,
        &units,
        "诚信 -聊政发(2018)41号",
        &[Term::Text("诚信".into())],
        &[Term::Number("聊政发〔2018〕41号".into())],
        &everything(),
        &|_| true,
    );
}

#[test]
fn width_and_case_do_not_matter() {
    let (tmp, archive) = sample_archive();
    let units = units(tmp.path());
    for (typed, same_as) in [
        ("２０１８年", "2018年"),
        ("（2018）", "(2018)"),
        ("ＰＰＰ", "ppp"),
    ] {
        let a = assert_search(
            &archive,
            &units,
            typed,
            &[Term::Text(typed.into())],
            &[],
            &everything(),
            &|_| true,
        );
        let b = archive.search(same_as, &everything()).unwrap();
        assert_eq!(a.total, b.total, "{typed} vs {same_as}");
    }
    // The second issue prints 〔〕 as (), the first （） inside text; both are found.
    let r = archive.search("(2015-2020年)", &everything()).unwrap();
    let issues: BTreeSet<i64> = r.hits.iter().map(|h| h.issue.issue_id).collect();
    assert!(r.total > 0);
    assert!(issues.len() <= 2);
}

#[test]
fn filters_restrict_hits() {
    let (tmp, archive) = sample_archive();
    let units = units(tmp.path());
    let by_year = SearchOptions {
        year_from: Some(2019),
        year_to: Some(2019),
        ..everything()
    };
    assert_search(
        &archive,
        &units,
        "政府",
        &[Term::typed("政府")],
        &[],
        &by_year,
        &|u| u.year == 2019,
    );
    let mut range = everything();
    range.set_years("..2018").unwrap();
    assert_search(
        &archive,
        &units,
        "政府",
        &[Term::typed("政府")],
        &[],
        &range,
        &|u| u.year <= 2018,
    );
    let by_gazette = SearchOptions {
        gazette: Some("山东".into()),
        ..everything()
    };
    assert_search(
        &archive,
        &units,
        "建设",
        &[Term::typed("建设")],
        &[],
        &by_gazette,
        &|u| u.gazette.contains("山东"),
    );
    let by_office = SearchOptions {
        office: Some("办公室".into()),
        ..everything()
    };
    assert_search(
        &archive,
        &units,
        "建设",
        &[Term::typed("建设")],
        &[],
        &by_office,
        &|u| u.office.as_deref().is_some_and(|o| o.contains("办公室")),
    );
    let by_section = SearchOptions {
        section: Some("市政府文件".into()),
        ..everything()
    };
    assert_search(
        &archive,
        &units,
        "建",
        &[Term::typed("建")],
        &[],
        &by_section,
        &|u| {
            u.section
                .as_deref()
                .is_some_and(|o| o.contains("市政府文件"))
        },
    );
}

#[test]
fn headings_rank_first_and_results_are_grouped() {
    let (_tmp, archive) = sample_archive();
    let results = archive
        .search("总体要求", &SearchOptions::default())
        .unwrap();
    let first = results.hits.first().expect("hits");
    assert_eq!(first.matched, MatchField::Heading);
    assert!(first.clause_path.is_some() && first.page.is_some());
    // With more than one term, a heading holding either ranks first too, and only
    // clauses holding every term are hits.
    let two = archive
        .search("总体 要求", &SearchOptions::default())
        .unwrap();
    assert_eq!(two.hits.first().expect("hits").matched, MatchField::Heading);
    for hit in &two.hits {
        let shown = format!("{}{}", hit.heading.as_deref().unwrap_or(""), hit.snippet);
        if hit.matched == MatchField::Heading {
            let heading = hit.heading.as_deref().unwrap_or("");
            assert!(
                heading.contains("总体") || heading.contains("要求"),
                "{shown}"
            );
        }
    }
    let limited = archive
        .search(
            "的",
            &SearchOptions {
                limit: 5,
                ..SearchOptions::default()
            },
        )
        .unwrap();
    assert_eq!(limited.hits.len(), 5);
    assert!(limited.total > 100);
    let grouped: usize = limited.documents.iter().map(|g| g.hits.len()).sum();
    assert_eq!(grouped, 5);
    for group in &limited.documents {
        for &i in &group.hits {
            assert_eq!(limited.hits[i].document_id, group.document_id);
        }
    }
    let json = serde_json::to_value(&limited).unwrap();
    for field in [
        "document_id",
        "issue_id",
        "doc_number",
        "title",
        "clause_path",
        "page",
        "snippet",
    ] {
        assert!(
            json["hits"][0].get(field).is_some(),
            "hit JSON lacks {field}"
        );
    }
    assert!(archive.search("  ", &SearchOptions::default()).is_err());
}

/// Searches `per_length` substrings of the stored text of each of the `lengths` (at
/// least `at_least` of each) and compares each with the oracle.
fn assert_sampled_terms(
    archive: &Archive,
    units: &[Unit],
    lengths: impl IntoIterator<Item = usize>,
    per_length: usize,
    at_least: usize,
    rng: &mut Rng,
) {
    for len in lengths {
        let queries = samples(units, len, per_length, rng);
        assert!(queries.len() >= at_least, "too few samples of length {len}");
        for q in queries {
            assert_search(
                archive,
                units,
                &q,
                &[Term::typed(&q)],
                &[],
                &everything(),
                &|_| true,
            );
        }
    }
}

fn index_dir(dir: &Path) -> std::path::PathBuf {
    dir.join("index")
}

#[test]
fn abandoned_rebuild_directories_are_removed_and_running_ones_kept() {
    let (tmp, archive) = sample_archive();
    drop(archive);
    let beside = |name: &str| tmp.path().join(name);
    let abandoned = [
        beside("index.building-4242-17"),
        beside("index.old-4242-18"),
    ];
    let recent = beside("index.building-4343-19");
    let unrelated = beside("index-notes");
    for dir in abandoned.iter().chain([&recent, &unrelated]) {
        std::fs::create_dir(dir).unwrap();
        std::fs::write(dir.join("meta.json"), b"{}").unwrap();
    }
    let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
    for dir in abandoned.iter().chain([&unrelated]) {
        std::fs::File::open(dir)
            .unwrap()
            .set_modified(two_hours_ago)
            .unwrap();
    }

    let archive = Archive::open(tmp.path()).unwrap();
    for dir in &abandoned {
        assert!(!dir.exists(), "{} should be gone", dir.display());
    }
    assert!(recent.exists(), "a rebuild may still be writing it");
    assert!(unrelated.exists(), "not a rebuild directory");
    assert!(archive.search("政务诚信", &everything()).unwrap().total > 0);
}

#[test]
fn a_missing_stale_or_damaged_index_is_rebuilt() {
    let (tmp, archive) = sample_archive();
    let before = archive.search("政务诚信", &everything()).unwrap().total;
    assert!(archive.check().unwrap().ok);
    drop(archive);

    // Missing.
    std::fs::remove_dir_all(index_dir(tmp.path())).unwrap();
    let archive = Archive::open(tmp.path()).unwrap();
    assert!(index_dir(tmp.path()).join("meta.json").exists());
    assert_eq!(
        archive.search("政务诚信", &everything()).unwrap().total,
        before
    );

    // Stale while open: another writer adds an issue behind the archive's back.
    let truth = truth();
    write_issues(
        tmp.path(),
        &[issue_from_truth(&truth, GAZETTE, 2020, 1, &|t| {
            t.replace("政务诚信", "政务诚信新篇")
        })],
    );
    let after = archive.search("政务诚信新篇", &everything()).unwrap();
    assert!(after.total > 0, "the new issue is searchable");
    assert!(archive.check().unwrap().ok);
    drop(archive);

    // Damaged: garbage metadata, then a truncated segment file.
    std::fs::write(index_dir(tmp.path()).join("meta.json"), b"{not json").unwrap();
    let archive = Archive::open(tmp.path()).unwrap();
    assert!(archive.check().unwrap().ok);
    assert!(archive.search("政务诚信新篇", &everything()).unwrap().total > 0);
    drop(archive);
    let segment = std::fs::read_dir(index_dir(tmp.path()))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "pos"))
        .expect("a positions file");
    let bytes = std::fs::read(&segment).unwrap();
    std::fs::write(&segment, &bytes[..bytes.len() / 2]).unwrap();
    let archive = Archive::open(tmp.path()).unwrap();
    assert!(archive.check().unwrap().ok);
    let units = units(tmp.path());
    assert_search(
        &archive,
        &units,
        "政务诚信",
        &[Term::typed("政务诚信")],
        &[],
        &everything(),
        &|_| true,
    );

    // Reindex on demand.
    let report = archive.reindex(&|_, _| {}).unwrap();
    assert_eq!(
        report.clauses,
        units.iter().filter(|u| u.clause_id.is_some()).count() as u64
    );
    assert!(archive.check().unwrap().ok);
}

#[test]
fn a_flipped_byte_is_reported_by_check_and_repaired_on_open() {
    let (tmp, archive) = sample_archive();
    let segment = std::fs::read_dir(index_dir(tmp.path()))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "idx"))
        .expect("a postings file");
    let mut bytes = std::fs::read(&segment).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    std::fs::write(&segment, &bytes).unwrap();
    let report = archive.check().unwrap();
    assert!(!report.ok, "check notices the damaged file");
    drop(archive);
    let archive = Archive::open(tmp.path()).unwrap();
    assert!(
        archive.check().unwrap().ok,
        "opening rebuilt the damaged index"
    );
}

/// The number of segments the index's metadata lists.
fn segment_count(dir: &Path) -> usize {
    let meta: Value =
        serde_json::from_slice(&std::fs::read(index_dir(dir).join("meta.json")).unwrap()).unwrap();
    meta["segments"].as_array().map_or(0, Vec::len)
}

#[test]
fn rebuilding_an_index_of_many_segments_succeeds_every_time() {
    let (tmp, archive) = sample_archive();
    let truth = truth();
    // Each issue written behind the archive's back and then searched is added by an
    // update of its own, which leaves a segment of its own.
    for number in 1..=6 {
        write_issues(
            tmp.path(),
            &[issue_from_truth(&truth, GAZETTE, 2021, number, &|t| {
                t.to_string()
            })],
        );
        assert!(archive.search("政务诚信", &everything()).unwrap().total > 0);
    }
    let units = units(tmp.path());
    let clauses = units.iter().filter(|u| u.clause_id.is_some()).count() as u64;
    for _ in 0..5 {
        let report = archive.reindex(&|_, _| {}).unwrap();
        assert_eq!(report.clauses, clauses);
        assert_eq!(
            segment_count(tmp.path()),
            1,
            "a rebuild merges to one segment"
        );
        assert!(archive.check().unwrap().ok);
        assert_search(
            &archive,
            &units,
            "政务诚信",
            &[Term::typed("政务诚信")],
            &[],
            &everything(),
            &|_| true,
        );
    }
}

#[test]
fn opening_reads_the_index_through_only_when_its_files_changed_behind_its_back() {
    let (tmp, archive) = sample_archive();
    drop(archive);
    let segment = std::fs::read_dir(index_dir(tmp.path()))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "idx"))
        .expect("a postings file");
    let modified = std::fs::metadata(&segment).unwrap().modified().unwrap();
    let mut bytes = std::fs::read(&segment).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    std::fs::write(&segment, &bytes).unwrap();
    // Same name, size and time as the file last written: opening trusts it, and only
    // `check` reads it through.
    std::fs::File::options()
        .write(true)
        .open(&segment)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    let archive = Archive::open(tmp.path()).unwrap();
    assert!(!archive.check().unwrap().ok, "open did not validate");
    drop(archive);
    // A changed time is a change behind its back: opening validates and rebuilds.
    std::fs::File::options()
        .write(true)
        .open(&segment)
        .unwrap()
        .set_modified(std::time::SystemTime::now())
        .unwrap();
    let archive = Archive::open(tmp.path()).unwrap();
    assert!(archive.check().unwrap().ok, "open validated and rebuilt");
}

// ---------------------------------------------------------------------------------
// Real imports: the index follows each import and replacement in the same step.

pub(crate) fn import(archive: &Archive, file: &str) -> gazette::views::ImportReport {
    let report = archive.import_file(
        &crate::support::fixture(file),
        &gazette::ImportOptions::default(),
        &|_| {},
        &std::sync::atomic::AtomicBool::new(false),
    );
    assert!(report.error.is_none(), "{file}: {:?}", report.error);
    report
}

#[test]
fn imported_fixtures_match_the_oracle_and_replacement_updates_the_index() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = Archive::open(tmp.path()).unwrap();
    import(&archive, "liaocheng-2018-08-1col.pdf");
    import(&archive, "liaocheng-2018-08-2col.pdf");
    assert!(archive.check().unwrap().ok, "the import updated the index");

    let units = units(tmp.path());
    let mut rng = Rng::new(23);
    assert_sampled_terms(&archive, &units, 1..=8, 12, 0, &mut rng);
    for typed in [
        "聊政发(2018)41号",
        "聊政发2018 41号",
        "聊政办字〔2018〕65号",
    ] {
        let printed = match typed {
            "聊政办字〔2018〕65号" => typed,
            _ => "聊政发〔2018〕41号",
        };
        let results = assert_search(
            &archive,
            &units,
            typed,
            &[Term::Number(printed.into())],
            &[],
            &everything(),
            &|_| true,
        );
        assert_eq!(
            results.hits.first().map(|h| h.clause_id),
            Some(None),
            "{typed}"
        );
    }

    // A corrected edition of the same issue replaces the old clauses in the index.
    let replaced = import(&archive, "other/liaocheng-2018-08-1col-corrected.pdf");
    assert_eq!(replaced.status, gazette::views::ImportStatus::Replaced);
    assert!(archive.check().unwrap().ok);
    let after = self::units(tmp.path());
    assert_sampled_terms(&archive, &after, [1, 2, 3, 5, 8], 8, 0, &mut rng);
    let results = archive.search("政务诚信", &everything()).unwrap();
    assert!(results
        .hits
        .iter()
        .all(|h| after.iter().any(|u| u.document_id == h.document_id)));
}

#[test]
fn any_command_rebuilds_a_deleted_index() {
    let (tmp, archive) = sample_archive();
    drop(archive);
    std::fs::remove_dir_all(index_dir(tmp.path())).unwrap();
    let gazette = env!("CARGO_BIN_EXE_gazette");
    let status = std::process::Command::new(gazette)
        .arg("--archive")
        .arg(tmp.path())
        .arg("issues")
        .output()
        .unwrap();
    assert!(status.status.success());
    assert!(index_dir(tmp.path()).join("meta.json").exists());
    let out = std::process::Command::new(gazette)
        .arg("--archive")
        .arg(tmp.path())
        .args(["--json", "search", "聊政发(2018)41号", "--limit", "3"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json["total"].as_u64().unwrap() >= 1);
    let first = &json["hits"][0];
    assert_eq!(first["doc_number"], "聊政发〔2018〕41号");
    assert!(first["clause_path"].is_null());
    for field in [
        "document_id",
        "issue_id",
        "title",
        "page",
        "snippet",
        "highlights",
    ] {
        assert!(first.get(field).is_some(), "{field}");
    }
    let out = std::process::Command::new(gazette)
        .arg("--archive")
        .arg(tmp.path())
        .args(["--json", "check"])
        .output()
        .unwrap();
    assert!(out.status.success());
}

#[test]
fn the_index_size_is_accounted_for_field_by_field() {
    let (tmp, archive) = sample_archive();
    let fields = archive.index_space().unwrap();
    let on_disk = gazette::index::dir_size(&tmp.path().join("index"));
    let accounted: u64 = fields.iter().map(|f| f.total()).sum();
    // Only the index's small metadata files are left out.
    assert!(
        accounted <= on_disk && on_disk - accounted < 16 * 1024,
        "{accounted} of {on_disk} bytes accounted for"
    );
    let field = |name: &str| {
        fields
            .iter()
            .find(|f| f.field == name)
            .unwrap_or_else(|| panic!("no row for {name}: {fields:?}"))
    };
    // Bigrams keep positions (exact phrases); single characters need none.
    assert!(field("text").positions > 0 && field("text").postings > 0);
    assert_eq!(field("chars").positions, 0);
    assert!(field("chars").postings > 0);
    let largest = fields.iter().map(|f| f.total()).max();
    assert_eq!(largest, Some(field("text").total()));
}
