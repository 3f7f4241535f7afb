//! Amendments: a regulation, the decision amending it and its revised version in one
//! archive. The decision and the revised version link to the regulation by its title,
//! the regulation lists both as amending it and shows them on its timeline, and the
//! comparison of the two versions finds the changed and the added article.

use gazette::diff::Change;
use gazette::views::TimelineKind;
use gazette::Archive;

use crate::links::{clause, document, write_issue};

const GAZETTE: &str = "中华人民共和国国务院公报";
const TITLE: &str = "城市地下管线安全管理条例";

fn archive() -> (tempfile::TempDir, Archive) {
    let tmp = tempfile::tempdir().expect("temp dir");
    write_issue(
        tmp.path(),
        GAZETTE,
        2019,
        10,
        vec![document(
            "国务院令第715号",
            TITLE,
            "2019-03-29",
            vec![
                clause("第一条", "为了加强城市地下管线安全管理，制定本条例。"),
                clause("第十条", "管线权属单位应当在三十日内报告。"),
            ],
        )],
    );
    write_issue(
        tmp.path(),
        GAZETTE,
        2020,
        5,
        vec![
            document(
                "国务院令第726号",
                "国务院关于修改《城市地下管线安全管理条例》的决定",
                "2020-01-10",
                vec![clause(
                    "¶1",
                    "将《城市地下管线安全管理条例》第十条中的“三十日”修改为“十五日”。\n本决定自2020年3月1日起施行。",
                )],
            ),
            document(
                "国务院令第727号",
                "城市地下管线安全管理条例（2020年修订）",
                "2020-01-10",
                vec![
                    clause("第一条", "为了加强城市地下管线 安全管理，制定本条例。"),
                    clause("第十条", "管线权属单位应当在十五日内报告。"),
                    clause("第十一条", "任何单位不得擅自移动地下管线。"),
                ],
            ),
        ],
    );
    let archive = Archive::open(tmp.path()).expect("open archive");
    (tmp, archive)
}

#[test]
fn a_decision_and_a_revised_version_link_to_the_regulation_they_amend() {
    let (_tmp, archive) = archive();
    let regulation = archive.document("国务院令第715号").expect("regulation").id;
    let decision = archive
        .links_on("国务院令第726号", "2021-01-01")
        .expect("links");
    assert_eq!(decision.amends.len(), 1);
    assert_eq!(decision.amends[0].title.as_deref(), Some(TITLE));
    assert_eq!(
        decision.amends[0].document.as_ref().map(|d| d.id),
        Some(regulation)
    );
    let revised = archive
        .links_on("国务院令第727号", "2021-01-01")
        .expect("links");
    assert_eq!(
        revised.amends[0].document.as_ref().map(|d| d.id),
        Some(regulation)
    );

    let links = archive
        .links_on("国务院令第715号", "2021-01-01")
        .expect("links");
    let by: Vec<Option<&str>> = links
        .amended_by
        .iter()
        .map(|b| b.document.doc_number.as_deref())
        .collect();
    assert_eq!(by.len(), 2, "{by:?}");
    assert!(by.contains(&Some("国务院令第726号")) && by.contains(&Some("国务院令第727号")));
    let amended: Vec<(Option<&str>, Option<&str>)> = links
        .timeline
        .iter()
        .filter(|e| e.kind == TimelineKind::Amended)
        .map(|e| {
            (
                e.date.as_deref(),
                e.document.as_ref().and_then(|d| d.doc_number.as_deref()),
            )
        })
        .collect();
    // The decision amends from the day it takes effect, the revision from its issue.
    assert_eq!(
        amended,
        [
            (Some("2020-01-10"), Some("国务院令第727号")),
            (Some("2020-03-01"), Some("国务院令第726号")),
        ]
    );
}

#[test]
fn the_two_versions_differ_by_the_amended_and_the_added_article() {
    let (_tmp, archive) = archive();
    let view = archive
        .diff("国务院令第715号", "国务院令第727号")
        .expect("diff");
    let changes: Vec<(&str, Change)> = view
        .clauses
        .iter()
        .map(|c| (c.key.as_str(), c.change))
        .collect();
    assert_eq!(
        changes,
        [("第十条", Change::Changed), ("第十一条", Change::Added)]
    );
    assert_eq!(view.unchanged, 1, "第一条 differs only by a space");
}
