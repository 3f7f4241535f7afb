//! Links between documents on real fixtures: citations, repeals, validity and the
//! status they give, resolved across issues, gazettes and years, backlinks, the
//! status on the reader's views and in search, and `gazette links --json`.

use std::path::Path;
use std::sync::atomic::AtomicBool;

use gazette::model::{Clause, Document, DocumentKind, ParsedIssue, TocEntry, TocSection};
use gazette::search::SearchOptions;
use gazette::views::{ImportStatus, LinksView, Status};
use gazette::{Archive, ImportOptions};

use crate::support::fixture;

const TODAY: &str = "2026-11-29";

pub(crate) fn import(archive: &Archive, name: &str) {
    let report = archive.import_file(
        &fixture(name),
        &ImportOptions::default(),
        &|_| {},
        &AtomicBool::new(false),
    );
    assert_eq!(report.status, ImportStatus::Imported, "{name}: {report:?}");
}

fn links(archive: &Archive, doc: &str, day: &str) -> LinksView {
    archive
        .links_on(doc, day)
        .unwrap_or_else(|e| panic!("links of {doc}: {e}"))
}

pub(crate) fn clause(path: &str, text: &str) -> Clause {
    Clause {
        path: path.to_string(),
        label: path.to_string(),
        heading: None,
        text: text.to_string(),
        page: Some(1),
        pdf_page: 1,
        children: Vec::new(),
    }
}

pub(crate) fn document(
    doc_number: &str,
    title: &str,
    date: &str,
    clauses: Vec<Clause>,
) -> Document {
    Document {
        kind: DocumentKind::Document,
        section: Some("市政府文件".to_string()),
        red_header: None,
        office: Some("聊城市人民政府".to_string()),
        doc_number: Some(doc_number.to_string()),
        title: title.to_string(),
        addressees: None,
        signatories: vec!["聊城市人民政府".to_string()],
        date: Some(date.to_string()),
        start_page: Some(1),
        end_page: Some(1),
        start_pdf_page: 1,
        continuations: Vec::new(),
        attachments: Vec::new(),
        distribution: Vec::new(),
        clauses,
    }
}

/// A small issue of `documents`, written straight into the archive database.
pub(crate) fn write_issue(
    dir: &Path,
    gazette: &str,
    year: i32,
    number: i32,
    documents: Vec<Document>,
) {
    let issue = small_issue(gazette, year, number, documents);
    crate::support::write_issues(dir, &[issue]);
}

/// A small issue of `documents`, each listed in its 目录.
fn small_issue(gazette: &str, year: i32, number: i32, documents: Vec<Document>) -> ParsedIssue {
    let entries = documents
        .iter()
        .enumerate()
        .map(|(i, d)| TocEntry {
            title: d.title.clone(),
            doc_number: d.doc_number.clone(),
            page: Some(1),
            document: Some(i),
        })
        .collect();
    ParsedIssue {
        gazette: gazette.to_string(),
        year,
        number,
        serial: None,
        number_label: format!("第{number}期"),
        serial_label: None,
        masthead: Vec::new(),
        pages: Vec::new(),
        toc: vec![TocSection {
            title: "市政府文件".to_string(),
            entries,
        }],
        documents,
    }
}

/// An issue whose 目录 was not recognised (a scan, an issue printed without one) still
/// lists its documents in the 目录 pane, found in its body, so each can be opened.
#[test]
fn an_issue_without_a_recognised_toc_lists_the_documents_of_its_body() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let mut issue = small_issue(
        "聊城市人民政府公报",
        2020,
        3,
        vec![
            document(
                "聊政发〔2020〕1号",
                "关于甲的通知",
                "2020-01-02",
                Vec::new(),
            ),
            document(
                "聊政发〔2020〕2号",
                "关于乙的意见",
                "2020-01-03",
                Vec::new(),
            ),
        ],
    );
    issue.toc.clear();
    crate::support::write_issues(tmp.path(), &[issue]);
    write_repealed_2013(tmp.path());
    let archive = Archive::open(tmp.path()).expect("open archive");
    let toc = archive.toc("2020-3").expect("toc");
    assert!(toc.from_body);
    let entries: Vec<_> = toc.sections.iter().flat_map(|s| &s.entries).collect();
    let titles: Vec<&str> = entries.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(titles, ["关于甲的通知", "关于乙的意见"]);
    for entry in entries {
        let id = entry.document_id.expect("each opens its document");
        let shown = archive.document(&id.to_string()).expect("document");
        assert_eq!(shown.title, entry.title);
    }
    // An issue with its 目录 keeps it.
    assert!(!archive.toc("2013-12").expect("toc").from_body);
}

/// The document 聊政发〔2018〕46号 repeals, as a 2013 issue of the same gazette.
pub(crate) fn write_repealed_2013(dir: &Path) {
    write_issue(
        dir,
        "聊城市人民政府公报",
        2013,
        12,
        vec![document(
            "聊政发[2013]70号",
            "关于建设聊城绿色农产品之都的意见",
            "2013-12-20",
            vec![clause(
                "一",
                "加快绿色农产品基地建设。本意见自印发之日起施行。",
            )],
        )],
    );
}

#[test]
fn liaocheng_citations_repeal_and_validity() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let archive = Archive::open(tmp.path()).expect("open archive");
    import(&archive, "liaocheng-2018-08-1col.pdf");

    let l46 = links(&archive, "聊政发〔2018〕46号", TODAY);
    assert_eq!(l46.repeals.len(), 1, "{:?}", l46.repeals);
    let repealed = &l46.repeals[0];
    assert_eq!(repealed.doc_number.as_deref(), Some("聊政发〔2013〕70号"));
    assert_eq!(
        repealed.title.as_deref(),
        Some("聊城市人民政府关于建设聊城绿色农产品之都的意见")
    );
    assert_eq!(repealed.document, None, "70号 is not in this archive");
    assert_eq!(l46.status, Some(Status::InForce));
    assert_eq!(l46.effective.as_deref(), Some("2018-08-17"));
    assert_eq!(l46.expires, None);
    // The repealed document is also cited earlier in the text, as background.
    assert!(l46
        .cites
        .iter()
        .any(|c| c.doc_number.as_deref() == Some("聊政发〔2013〕70号")));

    let l41 = links(&archive, "聊政发(2018)41号", TODAY);
    let cited = l41
        .cites
        .iter()
        .find(|c| c.key.as_deref() == Some("鲁政发20189号"))
        .expect("41号 cites 鲁政发〔2018〕9号");
    assert_eq!(cited.doc_number.as_deref(), Some("鲁政发〔2018〕9号"));
    assert_eq!(
        cited.title.as_deref(),
        Some("山东省人民政府关于加强政务诚信建设的实施意见")
    );
    assert_eq!(cited.document, None);
    assert_eq!(cited.mentions[0].clause_path, "¶1");
    assert!(l41.repeals.is_empty());

    let l20 = links(&archive, "聊政办发〔2018〕20号", TODAY);
    assert_eq!(l20.effective.as_deref(), Some("2018-08-17"));
    assert_eq!(l20.expires.as_deref(), Some("2023-08-16"));
    assert_eq!(l20.status, Some(Status::Expired));
    assert_eq!(
        links(&archive, "聊政办发〔2018〕20号", "2023-08-16").status,
        Some(Status::InForce)
    );
    assert_eq!(
        links(&archive, "聊政办发〔2018〕20号", "2023-08-17").status,
        Some(Status::Expired)
    );
    // `停止执行相关优惠政策` and `修改或废止规章` name no document: nothing repealed.
    assert!(l20.repeals.is_empty());
    assert!(links(&archive, "聊政办字〔2018〕65号", TODAY)
        .repeals
        .is_empty());

    // Citations within the issue resolve and give backlinks.
    assert!(archive
        .links_on("聊政发〔2018〕46号", "2026-02-30")
        .is_err());

    // The 大事记 records events: no status, in the 目录 or in links.
    let toc = archive.toc("2018-8").expect("toc");
    let chronicle = toc
        .sections
        .iter()
        .flat_map(|s| &s.entries)
        .find(|e| e.title.contains("大事记"))
        .expect("the chronicle's 目录 entry");
    assert_eq!(chronicle.status, None);
    let id = chronicle
        .document_id
        .expect("the chronicle opens")
        .to_string();
    assert_eq!(links(&archive, &id, TODAY).status, None);
}

#[test]
fn a_repealed_document_imported_later_shows_as_repealed_with_a_backlink() {
    let tmp = tempfile::tempdir().expect("temp dir");
    {
        let archive = Archive::open(tmp.path()).expect("open archive");
        import(&archive, "liaocheng-2018-08-1col.pdf");
    }
    write_repealed_2013(tmp.path());
    let archive = Archive::open(tmp.path()).expect("reopen archive");

    let old = links(&archive, "聊政发〔2013〕70号", TODAY);
    assert_eq!(old.status, Some(Status::Repealed));
    let by: Vec<_> = old
        .repealed_by
        .iter()
        .map(|b| b.document.doc_number.as_deref())
        .collect();
    assert_eq!(by, [Some("聊政发〔2018〕46号")]);
    assert_eq!(old.repealed_by[0].clause_paths, ["四/（六）"]);
    assert!(old
        .cited_by
        .iter()
        .any(|b| b.document.doc_number.as_deref() == Some("聊政发〔2018〕46号")));
    // Before the repealing document took effect the old one was in force.
    assert_eq!(
        links(&archive, "聊政发〔2013〕70号", "2018-08-16").status,
        Some(Status::InForce)
    );

    let new = links(&archive, "聊政发〔2018〕46号", TODAY);
    let target = new.repeals[0].document.as_ref().expect("70号 resolves");
    assert_eq!(target.issue.key.year, 2013);
    assert_eq!(target.id, old.document.id);

    // The status reaches the reader, the 目录 and search.
    let shown = archive.document("聊政发〔2013〕70号").expect("show");
    assert_eq!(shown.status, Some(Status::Repealed));
    let toc = archive.toc(&shown.issue.issue_id.to_string()).expect("toc");
    assert_eq!(toc.sections[0].entries[0].status, Some(Status::Repealed));
    let toc = archive.toc("2018-8").expect("toc 2018-8");
    assert!(toc
        .sections
        .iter()
        .flat_map(|s| &s.entries)
        .filter(|e| e.document_id.is_some() && !e.title.contains("大事记"))
        .all(|e| e.status.is_some()));

    let all = archive
        .search(
            "绿色农产品",
            &SearchOptions {
                limit: 1000,
                ..SearchOptions::default()
            },
        )
        .expect("search");
    let group = all
        .documents
        .iter()
        .find(|g| g.document_id == old.document.id)
        .expect("the 2013 document matches");
    assert_eq!(group.status, Some(Status::Repealed));
    let repealed = archive
        .search(
            "绿色农产品",
            &SearchOptions {
                status: Some(Status::Repealed),
                ..SearchOptions::default()
            },
        )
        .expect("filtered search");
    assert!(!repealed.hits.is_empty());
    assert!(repealed
        .hits
        .iter()
        .all(|h| h.document_id == old.document.id));
    assert_eq!(repealed.total, repealed.hits.len() as u64);
    let in_force = archive
        .search(
            "绿色农产品",
            &SearchOptions {
                status: Some(Status::InForce),
                limit: 1000,
                ..SearchOptions::default()
            },
        )
        .expect("filtered search");
    assert!(in_force
        .hits
        .iter()
        .all(|h| h.document_id != old.document.id));
    assert_eq!(
        in_force.total + repealed.total,
        all.total,
        "every hit is in force or repealed"
    );
}

#[test]
fn other_gazette_formats_and_links_across_gazettes_and_years() {
    let tmp = tempfile::tempdir().expect("temp dir");
    {
        let archive = Archive::open(tmp.path()).expect("open archive");
        import(&archive, "other/shandong-2019-17.pdf");
        import(&archive, "other/guowuyuan-2019-10.pdf");
    }
    // A later city document citing both gazettes with other bracket styles, and
    // repealing a State Council document.
    write_issue(
        tmp.path(),
        "聊城市人民政府公报",
        2021,
        3,
        vec![document(
            "聊政发〔2021〕2号",
            "关于加强城市地下管线管理的通知",
            "2021-02-01",
            vec![
                clause(
                    "一",
                    "为贯彻《城市地下管线安全管理条例》（国务院令第715号）和《山东省人民政府关于加快推进质量强省建设的意见》(鲁政发[2019]5号)，结合实际，制定本通知。",
                ),
                clause(
                    "二",
                    "本通知自2021年3月1日起施行，有效期至2025年2月28日。《国务院办公厅关于开展城市地下管线安全隐患排查整治工作的通知》（国办发（2019）17号）在我市停止执行。",
                ),
            ],
        )],
    );
    let archive = Archive::open(tmp.path()).expect("reopen archive");

    let shandong = links(&archive, "鲁政发〔2019〕5号", "2020-01-01");
    assert_eq!(shandong.effective.as_deref(), Some("2019-06-01"));
    assert_eq!(shandong.expires.as_deref(), Some("2024-05-31"));
    assert_eq!(shandong.status, Some(Status::InForce));
    assert_eq!(
        links(&archive, "鲁政发〔2019〕5号", TODAY).status,
        Some(Status::Expired)
    );
    let cited_by: Vec<_> = shandong
        .cited_by
        .iter()
        .map(|b| (b.document.doc_number.as_deref(), b.document.issue.key.year))
        .collect();
    assert_eq!(cited_by, [(Some("聊政发〔2021〕2号"), 2021)]);

    let decree = links(&archive, "国务院令第715号", "2019-05-01");
    assert_eq!(decree.effective.as_deref(), Some("2019-07-01"));
    assert_eq!(decree.status, Some(Status::NotYetInForce));
    assert_eq!(
        links(&archive, "国务院令第715号", TODAY).status,
        Some(Status::InForce)
    );
    assert_eq!(decree.cited_by.len(), 1);

    // A 批复 cites the request it answers, which is in no gazette here.
    let toc = archive.toc("2019-17").expect("Shandong 目录");
    let reply_id = toc
        .sections
        .iter()
        .flat_map(|s| &s.entries)
        .find(|e| e.doc_number.as_deref() == Some("鲁政字〔2019〕88号"))
        .and_then(|e| e.document_id)
        .expect("the 批复 is in the 目录");
    let reply = links(&archive, &reply_id.to_string(), TODAY);
    let request = reply
        .cites
        .iter()
        .find(|c| c.doc_number.is_some())
        .expect("the 批复 cites the request");
    assert_eq!(request.document, None);

    let city = links(&archive, "聊政发〔2021〕2号", TODAY);
    let targets: Vec<_> = city
        .cites
        .iter()
        .map(|c| c.document.as_ref().map(|d| d.issue.key.gazette.as_str()))
        .collect();
    assert_eq!(
        targets,
        [
            Some("中华人民共和国国务院公报"),
            Some("山东省人民政府公报"),
            Some("中华人民共和国国务院公报"),
        ]
    );
    assert_eq!(city.effective.as_deref(), Some("2021-03-01"));
    assert_eq!(city.expires.as_deref(), Some("2025-02-28"));
    assert_eq!(city.status, Some(Status::Expired));
    let notice = links(&archive, "国办发〔2019〕17号", TODAY);
    assert_eq!(notice.status, Some(Status::Repealed));
    assert_eq!(
        links(&archive, "国办发〔2019〕17号", "2021-02-15").status,
        Some(Status::InForce),
        "the repeal holds from the repealing document's effective date"
    );
}

#[test]
fn links_of_an_archive_from_before_links_are_derived_on_open() {
    let tmp = tempfile::tempdir().expect("temp dir");
    {
        let archive = Archive::open(tmp.path()).expect("open archive");
        import(&archive, "liaocheng-2018-08-1col.pdf");
    }
    {
        let conn = rusqlite::Connection::open(Archive::database_path(tmp.path())).expect("db");
        conn.execute_batch(
            "DELETE FROM document_links; DELETE FROM document_validity;
             UPDATE meta SET value = '0' WHERE key = 'links_version';",
        )
        .expect("forget links");
    }
    let archive = Archive::open(tmp.path()).expect("reopen archive");
    let l46 = links(&archive, "聊政发〔2018〕46号", TODAY);
    assert_eq!(l46.repeals.len(), 1);
    assert_eq!(
        links(&archive, "聊政办发〔2018〕20号", TODAY).status,
        Some(Status::Expired)
    );
}

#[test]
fn cli_links_json() {
    let tmp = tempfile::tempdir().expect("temp dir");
    {
        let archive = Archive::open(tmp.path()).expect("open archive");
        import(&archive, "liaocheng-2018-08-1col.pdf");
    }
    write_repealed_2013(tmp.path());
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_gazette"))
            .arg("--archive")
            .arg(tmp.path())
            .args(args)
            .output()
            .expect("run gazette")
    };
    let out = run(&["links", "聊政发〔2013〕70号", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    for field in [
        "cites",
        "cited_by",
        "repeals",
        "repealed_by",
        "status",
        "effective",
        "expires",
    ] {
        assert!(json.get(field).is_some(), "missing {field}: {json}");
    }
    assert_eq!(json["status"], "repealed");
    assert_eq!(json["effective"], "2013-12-20");
    assert_eq!(json["repealed_by"][0]["doc_number"], "聊政发〔2018〕46号");

    let out = run(&["links", "聊政发〔2018〕46号", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    assert_eq!(json["repeals"][0]["document"]["year"], 2013);

    let out = run(&["links", "聊政发〔1999〕1号", "--json"]);
    assert!(!out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("error JSON");
    assert_eq!(json["error"]["kind"], "not_found");

    let out = run(&["--json", "search", "绿色农产品", "--status", "repealed"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("search JSON");
    assert_eq!(
        json["documents"].as_array().map(Vec::len),
        Some(1),
        "{json}"
    );
    assert_eq!(json["documents"][0]["status"], "repealed");
    let out = run(&["search", "绿色农产品", "--status", "valid"]);
    assert!(!out.status.success(), "an unknown status is refused");

    let out = run(&["links", "聊政办发〔2018〕20号"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("expired"), "{text}");
    assert!(text.contains("not in archive"), "{text}");
}
