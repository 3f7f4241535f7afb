//! Amendments of a State Council administrative regulation on real texts
//! (tests/fixtures/amend, sources in its README): 全国年节及纪念日放假办法 as in force
//! from 2013, the State Council decision of 2024 that amended it by a numbered list
//! (国务院令第795号), and the version republished with it. The decision and the
//! republished text link to the 2013 text, the republished text is its new version,
//! and the comparison aligns the articles although the decision inserted one and
//! renumbered the last.

use gazette::diff::{Change, Run};
use gazette::model::Document;
use gazette::views::TimelineKind;
use gazette::Archive;

use crate::amend_real::{archive_of, changes, clauses, id_in, retypeset, text};
use crate::links::document;

const GAZETTE: &str = "中华人民共和国国务院公报";
const TITLE: &str = "全国年节及纪念日放假办法";
const DECISION: &str = "国务院关于修改《全国年节及纪念日放假办法》的决定";
const DECISION_NUMBER: &str = "国务院令第795号";
/// Where the test files each text, one apiece so each issue names one document; the
/// placement is the test's own, not where the texts were printed.
const REGULATION_ISSUE: (i32, i32) = (2013, 36);
const DECISION_ISSUE: (i32, i32) = (2024, 33);
const REVISED_ISSUE: (i32, i32) = (2024, 34);

/// A text of the State Council, printed without a 文号 of its own unless given one.
fn state_council(number: Option<&str>, title: &str, date: &str, body: &str) -> Document {
    let mut doc = document(number.unwrap_or(""), title, date, clauses(body));
    doc.doc_number = number.map(str::to_string);
    doc.office = Some("国务院".to_string());
    doc.section = Some("国务院令".to_string());
    doc.signatories = vec!["总理".to_string()];
    doc
}

fn regulation(body: &str) -> Document {
    state_council(None, TITLE, "2013-12-11", body)
}

fn revised(body: &str) -> Document {
    state_council(None, TITLE, "2024-11-10", body)
}

/// The three real texts, each in its own issue.
fn amended() -> (tempfile::TempDir, Archive) {
    archive_of(
        GAZETTE,
        vec![
            (REGULATION_ISSUE, regulation(&text("holidays-2013.txt"))),
            (
                DECISION_ISSUE,
                state_council(
                    Some(DECISION_NUMBER),
                    DECISION,
                    "2024-11-10",
                    &text("holidays-decision-2024.txt"),
                ),
            ),
            (REVISED_ISSUE, revised(&text("holidays-2024.txt"))),
        ],
    )
}

/// What the decision changes, derived by hand from its list and the two texts: item 一
/// rewrites 项 (二) and (四) of 第二条, item 二 inserts 第七条, and the closing
/// 此外 changes words (新年 → 元旦 and 10月1日、2日、3日 → 10月1日至3日 in 第二条,
/// 星期六、星期日 → 周六、周日 in 第六条) and the order, so the old 第七条 is now 第八条.
fn decided() -> Vec<(String, Change)> {
    [
        ("第二条", Change::Changed),
        ("第六条", Change::Changed),
        ("第七条", Change::Added),
    ]
    .iter()
    .map(|(k, c)| (k.to_string(), *c))
    .collect()
}

/// 第一条, 第三条 (printed with other brackets), 第四条, 第五条, and the old 第七条
/// as 第八条.
const UNCHANGED: u32 = 5;

#[test]
fn the_decision_and_the_republished_version_link_to_the_2013_text() {
    let (_tmp, archive) = amended();
    let regulation = id_in(&archive, REGULATION_ISSUE);
    let revised_id = id_in(&archive, REVISED_ISSUE);
    let decision_id = archive.document(DECISION_NUMBER).expect("decision").id;

    // What a document amends: each target's title and, when found, its row id.
    let amends = |doc: &str| -> Vec<(Option<String>, Option<String>)> {
        archive
            .links_on(doc, "2025-06-01")
            .expect("links")
            .amends
            .iter()
            .map(|a| {
                (
                    a.title.clone(),
                    a.document.as_ref().map(|d| d.id.to_string()),
                )
            })
            .collect()
    };
    let expected = [(Some(TITLE.to_string()), Some(regulation.clone()))];
    // Of the two texts of that title, the decision amends the one in force before it.
    assert_eq!(amends(DECISION_NUMBER), expected);

    assert_eq!(
        amends(&revised_id),
        expected,
        "the republished text is the new version of the 2013 one, by its history note"
    );
    let revised = archive.links_on(&revised_id, "2025-06-01").expect("links");
    assert!(
        revised.amended_by.is_empty(),
        "the decision amends the text before it, not its own result: {:?}",
        revised.amended_by
    );

    let links = archive.links_on(&regulation, "2025-06-01").expect("links");
    let amended: Vec<(Option<&str>, Option<String>)> = links
        .timeline
        .iter()
        .filter(|e| e.kind == TimelineKind::Amended)
        .map(|e| {
            (
                e.date.as_deref(),
                e.document.as_ref().map(|d| d.id.to_string()),
            )
        })
        .collect();
    // The republished text from its date, the decision from the day it takes effect
    // (本决定自2025年1月1日起施行).
    assert_eq!(
        amended,
        [
            (Some("2024-11-10"), Some(revised_id)),
            (Some("2025-01-01"), Some(decision_id.to_string())),
        ]
    );
}

#[test]
fn the_two_versions_differ_by_exactly_what_the_decision_changed() {
    let (_tmp, archive) = amended();
    let old = id_in(&archive, REGULATION_ISSUE);
    let new = id_in(&archive, REVISED_ISSUE);
    let (found, unchanged) = changes(&archive, &old, &new);
    assert_eq!(found, decided());
    assert_eq!(unchanged, UNCHANGED);

    let view = archive.diff(&old, &new).expect("diff");
    let marked = |key: &str, run: Run| -> Vec<String> {
        let clause = view.clauses.iter().find(|c| c.key == key).expect(key);
        clause
            .segments
            .iter()
            .filter(|s| s.run == run)
            .map(|s| s.text.clone())
            .collect()
    };
    // 星期六、星期日 became 周六、周日 in both sentences of 第六条, and nothing else.
    assert_eq!(marked("第六条", Run::Removed), ["星期"; 4]);
    assert_eq!(marked("第六条", Run::Added), ["周"; 4]);
    let added = marked("第七条", Run::Added).concat();
    assert!(added.starts_with("全体公民放假的假日，可合理安排统一放假调休"));
    assert!(marked("第七条", Run::Removed).is_empty());
    // In 第二条: 新年 → 元旦; 春节 3 → 4 days, 正月初一、初二、初三 → 除夕、正月初一至初三;
    // 劳动节 1 → 2 days, 5月1日 → 5月1日、2日; 国庆节 10月1日、2日、3日 → 10月1日至3日.
    assert_eq!(
        marked("第二条", Run::Removed),
        ["新年", "3", "初二", "1", "2日"]
    );
    assert_eq!(
        marked("第二条", Run::Added),
        ["元旦", "4", "除夕", "至", "2", "2日", "至"]
    );
}

#[test]
fn a_re_typeset_text_shows_no_changes_and_the_amendment_shows_through_one() {
    let old = text("holidays-2013.txt");
    let set_again = retypeset(&old);
    assert_ne!(set_again, old, "the re-typesetting changes the print");
    let (_tmp, archive) = archive_of(
        GAZETTE,
        vec![
            (REGULATION_ISSUE, regulation(&old)),
            ((2013, 37), regulation(&set_again)),
            (
                REVISED_ISSUE,
                revised(&retypeset(&text("holidays-2024.txt"))),
            ),
        ],
    );
    let first = id_in(&archive, REGULATION_ISSUE);
    let (found, unchanged) = changes(&archive, &first, &id_in(&archive, (2013, 37)));
    assert_eq!(found, []);
    assert_eq!(unchanged, 7);
    // Formatting on top of the amendment hides nothing and adds nothing.
    let (found, unchanged) = changes(&archive, &first, &id_in(&archive, REVISED_ISSUE));
    assert_eq!(found, decided());
    assert_eq!(unchanged, UNCHANGED);
}

/// The two versions typeset as issues of the gazette (tests/fixtures/amend/typeset)
/// and imported from PDF, as a user gets them: the items of 第二条 are clauses of their
/// own there, and each changed one is reported by itself.
#[test]
fn the_typeset_issues_import_link_and_compare_like_the_texts() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    let pdf = |name: &str| crate::support::fixture(&format!("amend/{name}"));
    let old = pdf("guowuyuan-2013-36.pdf");
    let new = pdf("guowuyuan-2024-34.pdf");
    let (old, new) = (old.to_string_lossy(), new.to_string_lossy());
    crate::support::gazette_ok(dir, &["import", old.as_ref(), new.as_ref()]);
    let archive = Archive::open(dir).expect("open archive");
    let first = id_in(&archive, REGULATION_ISSUE);
    let second = id_in(&archive, (2024, 34));

    let links = archive.links_on(&second, "2025-06-01").expect("links");
    let named: Vec<Option<String>> = links
        .amends
        .iter()
        .map(|a| a.document.as_ref().map(|d| d.id.to_string()))
        .collect();
    assert_eq!(named, [Some(first.clone())], "by its history note");

    let (found, unchanged) = changes(&archive, &first, &second);
    let want: Vec<(String, Change)> = [
        ("第二条/(一)", Change::Changed), // 新年 → 元旦
        ("第二条/(二)", Change::Changed), // 春节 4 days
        ("第二条/(四)", Change::Changed), // 劳动节 2 days
        ("第二条/(七)", Change::Changed), // 10月1日至3日
        ("第六条", Change::Changed),
        ("第七条", Change::Added),
    ]
    .iter()
    .map(|(k, c)| (k.to_string(), *c))
    .collect();
    assert_eq!(found, want);
    // `gazette diff` says the same.
    let out = crate::support::gazette_ok(dir, &["--json", "diff", &first, &second]);
    let json = crate::support::json_of(&out);
    let keys: Vec<&str> = json["clauses"]
        .as_array()
        .expect("clauses")
        .iter()
        .filter_map(|c| c["key"].as_str())
        .collect();
    let wanted: Vec<&str> = want.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, wanted);
    assert_eq!(json["unchanged"], 13);
    // 第一条, 第二条's own words and its items (三) (五) (六), 第三条 and its four items,
    // 第四条, 第五条, and the old 第七条 as 第八条.
    assert_eq!(unchanged, 13);
}
