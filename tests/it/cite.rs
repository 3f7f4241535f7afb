//! `gazette cite` on real gazettes: the citation of a policy clause, a decree's
//! article paragraph and a chronicle entry as the command prints them, its JSON, and
//! the errors a mistyped clause or style gets.

use crate::support::{fixture, gazette, gazette_ok, json_of};

fn archive() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for name in ["liaocheng-2018-08-1col.pdf", "other/guowuyuan-2019-10.pdf"] {
        let out = gazette(
            dir.path(),
            &["import", fixture(name).to_str().expect("utf-8")],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    dir
}

fn cite(dir: &std::path::Path, args: &[&str]) -> String {
    let mut all = vec!["cite"];
    all.extend_from_slice(args);
    String::from_utf8(gazette_ok(dir, &all).stdout)
        .expect("utf-8")
        .trim_end()
        .to_string()
}

#[test]
fn cites_clauses_of_real_documents_in_each_style() {
    let dir = archive();
    let dir = dir.path();
    assert_eq!(
        cite(dir, &["聊政发[2018]41号", "二/（一）"]),
        "《聊城市人民政府关于加强政务诚信建设的实施意见》（聊政发〔2018〕41号）第二部分第（一）项，载《聊城市人民政府公报》2018年第8期，第3页。"
    );
    assert_eq!(
        cite(dir, &["国务院令第715号", "第五条/第二款", "--style", "plain"]),
        "“编制城市地下管线综合规划，应当以地下管线普查成果为依据，统筹安排各类管线的空间布局。”\n——《城市地下管线安全管理条例》第五条第二款，《中华人民共和国国务院公报》2019年第10号，第2页"
    );
    assert_eq!(
        cite(dir, &["国务院令第715号", "第十条/（二）", "--style", "gbt7714"]),
        "国务院. 城市地下管线安全管理条例: 国务院令第715号[J]. 中华人民共和国国务院公报, 2019(10): 3."
    );
    assert_eq!(
        cite(
            dir,
            &["国务院令第715号", "第十条/（二）", "--style", "gbt7714-2025"]
        ),
        "国务院. 城市地下管线安全管理条例：国务院令第715号[J]. 中华人民共和国国务院公报，2019（10）：3."
    );

    let out = gazette(
        dir,
        &["--json", "cite", "聊政发〔2018〕41号", "二/（一）/1"],
    );
    let json = json_of(&out);
    assert_eq!(json["style"], "law");
    assert_eq!(json["locator"], "第二部分第（一）项第1目");
    assert_eq!(json["clause_path"], "二/（一）/1");
    assert_eq!(json["source"], "《聊城市人民政府公报》2018年第8期，第3页");
}

#[test]
fn a_chronicle_entry_is_found_by_its_day() {
    let dir = archive();
    let out = gazette(dir.path(), &["--json", "toc", "2018-8"]);
    let toc = json_of(&out);
    let chronicle = toc["sections"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|s| s["entries"].as_array().into_iter().flatten())
        .find(|e| e["title"].as_str().is_some_and(|t| t.contains("大事记")))
        .and_then(|e| e["document_id"].as_i64())
        .expect("the issue has a chronicle");
    assert_eq!(
        cite(dir.path(), &[&chronicle.to_string(), "3日"]),
        "《聊城市人民政府大事记（2018年7月）》“3日”条，载《聊城市人民政府公报》2018年第8期，第71页。"
    );
}

#[test]
fn a_citation_carries_a_link_that_opens_its_clause() {
    let dir = archive();
    let dir = dir.path();
    let printed = cite(dir, &["聊政发〔2018〕41号", "二/（一）/1", "--link"]);
    let (_, link) = printed
        .rsplit_once('\n')
        .expect("the link is on its own line");
    assert!(link.starts_with("gazette://clause/"), "{link}");
    let cited = json_of(&gazette_ok(
        dir,
        &["--json", "cite", "聊政发〔2018〕41号", "二/（一）/1"],
    ));
    assert_eq!(cited["link"], link);
    let opened = json_of(&gazette_ok(dir, &["--json", "open", link]));
    assert_eq!(opened["document_id"], cited["document_id"]);
    assert_eq!(opened["clause_path"], "二/（一）/1");

    // A chronicle has no 文号: its link names the issue and its place in it.
    let toc = json_of(&gazette_ok(dir, &["--json", "toc", "2018-8"]));
    let entries: Vec<&serde_json::Value> = toc["sections"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|s| s["entries"].as_array().into_iter().flatten())
        .collect();
    let chronicle = entries
        .iter()
        .find(|e| e["doc_number"].is_null() && e["document_id"].is_i64())
        .and_then(|e| e["document_id"].as_i64())
        .expect("the issue has a document without a 文号");
    let cited = json_of(&gazette_ok(
        dir,
        &["--json", "cite", &chronicle.to_string()],
    ));
    let link = cited["link"].as_str().expect("a link");
    assert!(link.contains(":2018:8:~"), "{link}");
    let opened = json_of(&gazette_ok(dir, &["--json", "open", link]));
    assert_eq!(opened["document_id"], chronicle);
    assert!(opened["clause_path"].is_null());

    let out = gazette(dir, &["--json", "open", "gazette://clause"]);
    assert_eq!(json_of(&out)["error"]["kind"], "invalid_link");
    let out = gazette(dir, &["--json", "open", "https://example.org/"]);
    assert_eq!(json_of(&out)["error"]["kind"], "invalid_link");
    let missing = link.replace("~", "~9");
    let out = gazette(dir, &["--json", "open", &missing]);
    assert_eq!(json_of(&out)["error"]["kind"], "not_found");
    let out = gazette(
        dir,
        &["--json", "open", "gazette://clause/聊政发〔2018〕41号/九"],
    );
    assert_eq!(json_of(&out)["error"]["kind"], "not_found");
}

#[test]
fn a_mistyped_clause_or_style_is_refused_with_its_kind() {
    let dir = archive();
    let out = gazette(dir.path(), &["--json", "cite", "聊政发〔2018〕41号", "九"]);
    assert!(!out.status.success());
    assert_eq!(json_of(&out)["error"]["kind"], "not_found");
    let out = gazette(
        dir.path(),
        &["--json", "cite", "聊政发〔2018〕41号", "（一）"],
    );
    assert_eq!(json_of(&out)["error"]["kind"], "invalid_argument");
    let out = gazette(
        dir.path(),
        &["cite", "聊政发〔2018〕41号", "--style", "apa"],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("law, gbt7714, gbt7714-2025 or plain"));
}
