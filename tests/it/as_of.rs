//! Statuses on a chosen day (`--as-of`): before a document is issued, between its
//! effective day and its expiry, after a repeal and after an expiry; the search
//! status filter agrees with the badges on every day; the timeline of a repealed
//! document; the command line's `--as-of`.

use std::collections::BTreeSet;

use gazette::search::SearchOptions;
use gazette::views::{Status, TimelineKind};
use gazette::Archive;

use crate::links::{import, write_repealed_2013};
use crate::support::{gazette, json_of};

/// 有效期为5年 from 2018-08-17: in force through 2023-08-16.
const HOUSING: &str = "聊政办发〔2018〕20号";
/// Issued 2018-08-17; repeals 聊政发〔2013〕70号 from that day.
const GREEN: &str = "聊政发〔2018〕46号";
/// Issued 2013-12-20, in force until 46号 repeals it.
const OLD_GREEN: &str = "聊政发〔2013〕70号";

fn archive() -> (tempfile::TempDir, Archive) {
    let tmp = tempfile::tempdir().expect("temp dir");
    write_repealed_2013(tmp.path());
    let archive = Archive::open(tmp.path()).expect("open archive");
    import(&archive, "liaocheng-2018-08-1col.pdf");
    (tmp, archive)
}

fn status(archive: &Archive, doc: &str, day: &str) -> Option<Status> {
    archive
        .document_on(doc, day)
        .unwrap_or_else(|e| panic!("{doc} on {day}: {e}"))
        .status
}

#[test]
fn statuses_follow_the_day_asked_about() {
    let (_tmp, archive) = archive();
    let on = |doc, day| status(&archive, doc, day);
    // Before issue: not yet in force, even for a document in force today.
    assert_eq!(on(HOUSING, "2018-08-01"), Some(Status::NotYetInForce));
    assert_eq!(on(GREEN, "2018-08-16"), Some(Status::NotYetInForce));
    assert_eq!(on(OLD_GREEN, "2013-12-19"), Some(Status::NotYetInForce));
    // Between its effective day and its expiry.
    assert_eq!(on(HOUSING, "2018-08-17"), Some(Status::InForce));
    assert_eq!(on(HOUSING, "2023-08-16"), Some(Status::InForce));
    // After the expiry.
    assert_eq!(on(HOUSING, "2023-08-17"), Some(Status::Expired));
    // Up to the day the repeal takes effect, and after.
    assert_eq!(on(OLD_GREEN, "2018-08-16"), Some(Status::InForce));
    assert_eq!(on(OLD_GREEN, "2018-08-17"), Some(Status::Repealed));
    assert_eq!(on(OLD_GREEN, "2030-01-01"), Some(Status::Repealed));

    // The 目录 and the links view say the same as the reader.
    let toc = archive.toc_on("2018-8", "2023-08-17").expect("toc");
    let entry = toc
        .sections
        .iter()
        .flat_map(|s| &s.entries)
        .find(|e| e.doc_number.as_deref() == Some(HOUSING))
        .expect("the 目录 lists 20号");
    assert_eq!(entry.status, Some(Status::Expired));
    let links = archive.links_on(OLD_GREEN, "2018-08-16").expect("links");
    assert_eq!(links.status, Some(Status::InForce));
}

#[test]
fn the_search_filter_agrees_with_the_badges_on_every_day() {
    let (_tmp, archive) = archive();
    let options = SearchOptions {
        limit: 10_000,
        ..SearchOptions::default()
    };
    for day in [
        "2013-12-19",
        "2018-08-01",
        "2018-08-17",
        "2020-01-01",
        "2023-08-17",
    ] {
        let all = archive.search_on("意见", &options, day).expect("search");
        assert!(all.documents.len() > 3, "the query finds several documents");
        for group in &all.documents {
            let shown = status(&archive, &group.document_id.to_string(), day);
            assert_eq!(group.status, shown, "{day}: the badge of {}", group.title);
        }
        for wanted in Status::ALL {
            let filtered = SearchOptions {
                status: Some(wanted),
                ..options.clone()
            };
            let got: BTreeSet<i64> = archive
                .search_on("意见", &filtered, day)
                .expect("filtered search")
                .documents
                .iter()
                .map(|g| g.document_id)
                .collect();
            let want: BTreeSet<i64> = all
                .documents
                .iter()
                .filter(|g| g.status == Some(wanted))
                .map(|g| g.document_id)
                .collect();
            assert_eq!(got, want, "{day}: documents {}", wanted.as_str());
        }
    }
}

#[test]
fn a_repealed_document_has_a_timeline_to_its_repeal() {
    let (_tmp, archive) = archive();
    let links = archive.links_on(OLD_GREEN, "2030-01-01").expect("links");
    let events: Vec<(Option<&str>, TimelineKind, Option<&str>)> = links
        .timeline
        .iter()
        .map(|e| {
            (
                e.date.as_deref(),
                e.kind,
                e.document.as_ref().and_then(|d| d.doc_number.as_deref()),
            )
        })
        .collect();
    assert_eq!(
        events,
        [
            (Some("2013-12-20"), TimelineKind::Issued, None),
            (Some("2018-08-17"), TimelineKind::Repealed, Some(GREEN)),
        ]
    );
    let housing = archive.links_on(HOUSING, "2030-01-01").expect("links");
    let kinds: Vec<_> = housing
        .timeline
        .iter()
        .map(|e| (e.date.as_deref(), e.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            (Some("2018-08-17"), TimelineKind::Issued),
            (Some("2023-08-16"), TimelineKind::Expires),
        ]
    );
}

#[test]
fn the_command_line_takes_as_of() {
    let (tmp, archive) = archive();
    drop(archive);
    let json = json_of(&gazette(
        tmp.path(),
        &["--json", "links", OLD_GREEN, "--as-of", "2018-08-16"],
    ));
    assert_eq!(json["status"], "in_force");
    assert_eq!(json["timeline"][1]["kind"], "repealed");
    let json = json_of(&gazette(
        tmp.path(),
        &[
            "--json",
            "search",
            "意见",
            "--as-of",
            "2018-08-01",
            "--status",
            "in_force",
        ],
    ));
    let titles: Vec<&str> = json["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .filter_map(|d| d["title"].as_str())
        .collect();
    assert!(
        titles.iter().any(|t| t.contains("绿色农产品")),
        "{titles:?}"
    );
    assert!(!titles.iter().any(|t| t.contains("住房租赁")), "{titles:?}");
    let out = gazette(
        tmp.path(),
        &["--json", "show", HOUSING, "--as-of", "2018-13-01"],
    );
    assert!(!out.status.success());
    assert_eq!(json_of(&out)["error"]["kind"], "invalid_argument");
}

/// The issue list on a day counts, for each issue, exactly the badges its 目录 shows
/// on that day; the repeal and the expiry move one document between the counts.
#[test]
fn the_issue_list_counts_the_badges_of_the_day() {
    let (tmp, archive) = archive();
    for day in ["2013-12-19", "2018-08-16", "2018-08-17", "2023-08-17"] {
        let issues = archive.issues_on(day).expect("issues on the day");
        assert_eq!(issues.len(), 2, "{day}");
        for issue in &issues {
            let toc = archive
                .toc_on(&issue.summary.issue.id.to_string(), day)
                .expect("toc");
            let badges = |wanted: Status| {
                toc.sections
                    .iter()
                    .flat_map(|s| &s.entries)
                    // An entry that continues a document shows its badge again.
                    .filter_map(|e| e.document_id.zip(e.status))
                    .filter(|&(_, s)| s == wanted)
                    .map(|(d, _)| d)
                    .collect::<BTreeSet<_>>()
                    .len() as u32
            };
            let counts = issue.statuses;
            let name = issue.summary.issue.full_name();
            assert_eq!(counts.in_force, badges(Status::InForce), "{name} {day}");
            assert_eq!(counts.expired, badges(Status::Expired), "{name} {day}");
            assert_eq!(counts.repealed, badges(Status::Repealed), "{name} {day}");
            assert_eq!(
                counts.not_yet_in_force,
                badges(Status::NotYetInForce),
                "{name} {day}"
            );
        }
    }
    let count = |day: &str, year: i32, pick: fn(&gazette::views::StatusCounts) -> u32| {
        let issues = archive.issues_on(day).expect("issues on the day");
        let issue = issues
            .iter()
            .find(|i| i.summary.issue.key.year == year)
            .expect("the issue of that year");
        pick(&issue.statuses)
    };
    assert_eq!(count("2018-08-16", 2013, |s| s.repealed), 0);
    assert_eq!(count("2018-08-17", 2013, |s| s.repealed), 1);
    let expired = |day| count(day, 2018, |s| s.expired);
    assert_eq!(expired("2023-08-17"), expired("2023-08-16") + 1);

    let out = gazette(tmp.path(), &["--json", "issues", "--as-of", "2018-08-17"]);
    let json = json_of(&out);
    assert_eq!(json["as_of"], "2018-08-17");
    let repealed: u64 = json["issues"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["statuses"]["repealed"].as_u64())
        .sum();
    assert_eq!(repealed, 1, "{json}");
    let out = gazette(tmp.path(), &["--json", "issues", "--as-of", "2018-13-01"]);
    assert!(!out.status.success());
    assert_eq!(json_of(&out)["error"]["kind"], "invalid_argument");
}
