//! Amendments on real texts (tests/fixtures/amend, sources in its README): the
//! Supreme People's Court provisions on ecological damage compensation of 2019, the
//! 2020 decision that amended them among twenty-seven interpretations, and the version
//! republished under the same title with a history note. The decision and the
//! republished version link to the 2019 text, its timeline lists both, the comparison
//! finds exactly what the decision changed, and a re-typeset text compares as equal.

use gazette::diff::{Change, Run};
use gazette::model::{Clause, Document};
use gazette::views::TimelineKind;
use gazette::Archive;

use crate::links::{clause, document, write_issue};

const GAZETTE: &str = "中华人民共和国最高人民法院公报";
const TITLE: &str = "最高人民法院关于审理生态环境损害赔偿案件的若干规定（试行）";
const DECISION: &str = "最高人民法院关于修改《最高人民法院关于在民事审判工作中适用〈中华人民共和国工会法〉若干问题的解释》等二十七件民事类司法解释的决定";
/// The first interpretation the decision's title names; not in this archive.
const FIRST_AMENDED: &str =
    "最高人民法院关于在民事审判工作中适用〈中华人民共和国工会法〉若干问题的解释";
const REGULATION_NUMBER: &str = "法释〔2019〕8号";
const DECISION_NUMBER: &str = "法释〔2020〕17号";
/// The issue the test files each text in: one apiece, so each issue names one document.
/// The placement is the test's own, not where the texts were printed.
const REGULATION_ISSUE: (i32, i32) = (2019, 7);
const DECISION_ISSUE: (i32, i32) = (2021, 1);
const REVISED_ISSUE: (i32, i32) = (2021, 2);

/// The text of fixture `tests/fixtures/amend/{name}`.
pub(crate) fn text(name: &str) -> String {
    let path = crate::support::fixture(&format!("amend/{name}"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The clauses of a fixture text, one printed paragraph a line: `第X条 ` opens an
/// article, `九、` an item of a decision (its words the heading) and `1.` a point under
/// the item. Paragraphs before the first numbered one, and a decision's closing
/// sentences (`此外……`, those naming `本决定`), stand alone as `¶N`; any other
/// paragraph (a 款, a 项, a quoted new text) belongs to the clause before it.
pub(crate) fn clauses(text: &str) -> Vec<Clause> {
    let numeral = |s: &str| !s.is_empty() && s.chars().all(|c| "一二三四五六七八九十".contains(c));
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let mut out: Vec<Clause> = Vec::new();
    let mut unnumbered = 0;
    let mut numbered = false;
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let article = line
            .split_once(' ')
            .filter(|(label, _)| label.starts_with('第') && label.ends_with('条'));
        if let Some((label, rest)) = article {
            out.push(clause(label, rest));
            numbered = true;
        } else if let Some((label, rest)) = line.split_once('、').filter(|(l, _)| numeral(l)) {
            let mut item = clause(label, "");
            item.heading = Some(rest.to_string());
            out.push(item);
            numbered = true;
        } else if let Some((number, rest)) = line.split_once('.').filter(|(n, _)| digits(n)) {
            let item = out.last_mut().expect("a point follows its item");
            let mut point = clause(&format!("{}/{number}", item.path), rest);
            point.label = number.to_string();
            item.children.push(point);
        } else if !numbered || line.starts_with("此外") || line.contains("本决定") {
            unnumbered += 1;
            out.push(clause(&format!("¶{unnumbered}"), line));
        } else {
            let last = out.last_mut().expect("a paragraph follows a clause");
            let owner = match last.children.last_mut() {
                Some(point) => point,
                None => last,
            };
            owner.text = format!("{}\n{line}", owner.text);
        }
    }
    out
}

fn regulation() -> Document {
    document(
        REGULATION_NUMBER,
        TITLE,
        "2019-05-20",
        clauses(&text("regulation-2019.txt")),
    )
}

/// The republished version: printed without a 文号 of its own.
fn revised(body: &str) -> Document {
    let mut revised = document("", TITLE, "2020-12-29", clauses(body));
    revised.doc_number = None;
    revised
}

/// An archive of `gazette` holding each document in the issue `(year, number)` given.
pub(crate) fn archive_of(
    gazette: &str,
    documents: Vec<((i32, i32), Document)>,
) -> (tempfile::TempDir, Archive) {
    let tmp = tempfile::tempdir().expect("temp dir");
    for ((year, number), document) in documents {
        write_issue(tmp.path(), gazette, year, number, vec![document]);
    }
    let archive = Archive::open(tmp.path()).expect("open archive");
    (tmp, archive)
}

fn archive(documents: Vec<((i32, i32), Document)>) -> (tempfile::TempDir, Archive) {
    archive_of(GAZETTE, documents)
}

/// The three real texts, each in its own issue.
fn amended() -> (tempfile::TempDir, Archive) {
    archive(vec![
        (REGULATION_ISSUE, regulation()),
        (
            DECISION_ISSUE,
            document(
                DECISION_NUMBER,
                DECISION,
                "2020-12-23",
                clauses(&text("decision-2020.txt")),
            ),
        ),
        (REVISED_ISSUE, revised(&text("revised-2020.txt"))),
    ])
}

/// The row id of the one document of issue `(year, number)`.
pub(crate) fn id_in(archive: &Archive, (year, number): (i32, i32)) -> String {
    let toc = archive.toc(&format!("{year}-{number}")).expect("toc");
    let id = toc.sections[0].entries[0].document_id.expect("a document");
    id.to_string()
}

/// The clause keys a comparison reports, with how each changed.
pub(crate) fn changes(archive: &Archive, old: &str, new: &str) -> (Vec<(String, Change)>, u32) {
    let view = archive.diff(old, new).expect("diff");
    let changes = view
        .clauses
        .iter()
        .map(|c| (c.key.clone(), c.change))
        .collect();
    (changes, view.unchanged)
}

/// What decision item 九 of 法释〔2020〕17号 changes, derived by hand from its text.
fn decided() -> Vec<(String, Change)> {
    [
        "¶1",         // 九、1. 将引言修改为
        "第二条",     // 九、2. 将第二条修改为
        "第十一条",   // 九、3. 将第十一条修改为
        "第十四条",   // 九、4. 将第十四条修改为
        "第十八条",   // 九、5. 将第十八条修改为
        "第二十一条", // 九、6. 将第二十一条修改为
    ]
    .iter()
    .map(|k| (k.to_string(), Change::Changed))
    .collect()
}

/// The preamble and twenty-three articles of the 2019 text, six of them amended.
const UNCHANGED: u32 = 24 - 6;

#[test]
fn the_decision_and_the_republished_version_link_to_the_2019_text() {
    let (_tmp, archive) = amended();
    let regulation = archive.document(REGULATION_NUMBER).expect("regulation").id;
    let revised_id = id_in(&archive, REVISED_ISSUE);

    let decision = archive
        .links_on(DECISION_NUMBER, "2021-06-01")
        .expect("links");
    let named: Vec<(Option<&str>, Option<i64>)> = decision
        .amends
        .iter()
        .map(|a| (a.title.as_deref(), a.document.as_ref().map(|d| d.id)))
        .collect();
    // The title names the first of the twenty-seven, item 九 this one; of the two
    // texts titled so, the decision amends the one in force before it.
    assert_eq!(
        named,
        [(Some(FIRST_AMENDED), None), (Some(TITLE), Some(regulation))]
    );
    let paths: Vec<&str> = decision.amends[1]
        .mentions
        .iter()
        .map(|m| m.clause_path.as_str())
        .collect();
    assert_eq!(paths, ["九"]);

    let revised = archive.links_on(&revised_id, "2021-06-01").expect("links");
    let named: Vec<(Option<&str>, Option<i64>)> = revised
        .amends
        .iter()
        .map(|a| (a.title.as_deref(), a.document.as_ref().map(|d| d.id)))
        .collect();
    assert_eq!(
        named,
        [(Some(TITLE), Some(regulation))],
        "by its history note"
    );
    assert!(
        revised.amended_by.is_empty(),
        "the decision amends the text before it, not its own result: {:?}",
        revised.amended_by
    );

    let links = archive
        .links_on(REGULATION_NUMBER, "2021-06-01")
        .expect("links");
    let amended: Vec<(Option<&str>, Option<i64>)> = links
        .timeline
        .iter()
        .filter(|e| e.kind == TimelineKind::Amended)
        .map(|e| (e.date.as_deref(), e.document.as_ref().map(|d| d.id)))
        .collect();
    let decision_id = archive.document(DECISION_NUMBER).expect("decision").id;
    // The republished text from its date, the decision from the day it takes effect
    // (本决定自2021年1月1日起施行).
    assert_eq!(
        amended,
        [
            (Some("2020-12-29"), revised_id.parse().ok()),
            (Some("2021-01-01"), Some(decision_id)),
        ]
    );
    assert_eq!(links.amended_by.len(), 2, "{:?}", links.amended_by);
}

#[test]
fn the_two_versions_differ_by_exactly_what_the_decision_changed() {
    let (_tmp, archive) = amended();
    let revised = id_in(&archive, REVISED_ISSUE);
    let (found, unchanged) = changes(&archive, REGULATION_NUMBER, &revised);
    assert_eq!(found, decided());
    assert_eq!(unchanged, UNCHANGED);

    // Item 九、2 keeps both 项 of 第二条 and drops the law each one pointed to: the
    // marked words are exactly those, and nothing is marked as added.
    let view = archive.diff(REGULATION_NUMBER, &revised).expect("diff");
    let second = view
        .clauses
        .iter()
        .find(|c| c.key == "第二条")
        .expect("第二条 changed");
    let marked = |run: Run| -> Vec<&str> {
        second
            .segments
            .iter()
            .filter(|s| s.run == run)
            .map(|s| s.text.as_str())
            .collect()
    };
    assert_eq!(
        marked(Run::Removed),
        [
            "，适用侵权责任法等法律规定",
            "，适用海洋环境保护法等法律及相关规定"
        ]
    );
    assert!(marked(Run::Added).is_empty());
}

/// A text set again with nothing but formatting changed: full-width digits and Latin
/// letters, 〔〕 for （）, a space after each comma and no `、`.
pub(crate) fn retypeset(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            let printed = match c {
                '0'..='9' | 'A'..='Z' | 'a'..='z' => {
                    char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap_or(c)
                }
                '（' => '〔',
                '）' => '〕',
                c => c,
            };
            match printed {
                '、' => vec![],
                '，' => vec!['，', ' '],
                p => vec![p],
            }
        })
        .collect()
}

#[test]
fn a_re_typeset_text_shows_no_changes_and_the_amendment_shows_through_one() {
    let old = text("regulation-2019.txt");
    let set_again = retypeset(&old);
    assert_ne!(set_again, old, "the re-typesetting changes the print");
    let mut again = regulation();
    again.doc_number = None;
    again.clauses = clauses(&set_again);
    let (_tmp, archive) = archive(vec![
        (REGULATION_ISSUE, regulation()),
        ((2019, 8), again),
        (
            REVISED_ISSUE,
            revised(&retypeset(&text("revised-2020.txt"))),
        ),
    ]);
    let (found, unchanged) = changes(&archive, REGULATION_NUMBER, &id_in(&archive, (2019, 8)));
    assert_eq!(found, []);
    assert_eq!(unchanged, 24);
    // Formatting on top of the amendment hides nothing and adds nothing.
    let (found, unchanged) = changes(&archive, REGULATION_NUMBER, &id_in(&archive, REVISED_ISSUE));
    assert_eq!(found, decided());
    assert_eq!(unchanged, UNCHANGED);
}
