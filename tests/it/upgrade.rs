//! Upgrades lose nothing: an archive written by the first released schema (kept in
//! `tests/fixtures/archives/`, with an issue and a bookmark, a note and a highlight on
//! it) opens with this build, migrates, and keeps every issue, document and annotation.
//! When the schema changes, the old fixtures stay: each is an upgrade path users have.

use crate::support::{fixture, gazette, json_of};

#[test]
fn first_released_archive_opens_with_everything_in_it() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let archive = tmp.path();
    std::fs::copy(
        fixture("archives/release-1.sqlite3"),
        gazette::Archive::database_path(archive),
    )
    .expect("copy the released archive");

    let issues = json_of(&gazette(archive, &["--json", "issues"]));
    let issues = issues["issues"].as_array().expect("issues");
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0]["gazette"], "山东省人民政府公报");
    assert_eq!(issues[0]["number"], 17);
    // Labels came after this schema: the upgrade reads them from the stored pages.
    assert_eq!(issues[0]["number_label"], "第17号");
    assert_eq!(issues[0]["serial_label"], "总号：1668");
    assert_eq!(issues[0]["documents"], 5);

    let doc = json_of(&gazette(archive, &["--json", "show", "鲁政发(2019)5号"]));
    assert_eq!(doc["date"], "2019-04-28");
    assert!(doc["clauses"].to_string().contains("完善标准体系"));

    let annotations = json_of(&gazette(archive, &["--json", "annotations"]));
    let list = annotations["annotations"].as_array().expect("annotations");
    let mut kinds: Vec<&str> = list.iter().filter_map(|a| a["kind"].as_str()).collect();
    kinds.sort_unstable();
    assert_eq!(kinds, ["bookmark", "highlight", "note"]);
    assert!(list.iter().all(|a| a["status"] == "anchored"), "{list:?}");
    let note = list
        .iter()
        .find(|a| a["kind"] == "note")
        .expect("the note survives");
    assert_eq!(note["note"], "与市场监管局核对基标准清单");
    assert_eq!(note["anchor"]["path"], "二/（一）/2/（1）");
    assert_eq!(note["anchor"]["quote"]["exact"], "新建一批");
    let highlight = list
        .iter()
        .find(|a| a["kind"] == "highlight")
        .expect("the highlight survives");
    assert_eq!(highlight["color"], "green");
    assert!(
        list.iter().all(|a| a["number_label"] == "第17号"),
        "{list:?}"
    );
    let markdown = gazette(archive, &["annotations", "export", "--format", "md"]);
    let markdown = String::from_utf8_lossy(&markdown.stdout);
    assert!(
        markdown.contains("## 山东省人民政府公报 2019年第17号"),
        "{markdown}"
    );

    // The index was never in the file: it is rebuilt, and search works.
    let found = json_of(&gazette(archive, &["--json", "search", "质量强省"]));
    assert!(found["total"].as_u64().unwrap_or(0) > 0);
    let check = gazette(archive, &["--json", "check"]);
    assert_eq!(json_of(&check)["ok"], true);
}
