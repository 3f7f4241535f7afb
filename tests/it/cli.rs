//! The `gazette` command as administrators script it: import, issues, toc, show and
//! check with `--archive` and `--json`, exit codes, and bad input changing nothing.

use std::path::Path;
use std::process::Output;

use crate::support::{fixture, gazette, gazette_ok, json_of, snapshot};
use serde_json::Value;

fn import_json(archive: &Path, file: &Path, extra: &[&str]) -> (Output, Value) {
    let path = file.to_str().expect("fixture paths are UTF-8");
    let mut args = vec!["--json", "import", path];
    args.extend_from_slice(extra);
    let out = gazette(archive, &args);
    let json = json_of(&out);
    (out, json)
}

#[test]
fn import_toc_show_and_duplicate() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let archive = tmp.path();
    let (out, json) = import_json(archive, &fixture("liaocheng-2018-08-1col.pdf"), &[]);
    assert!(out.status.success(), "import failed: {json}");
    let result = &json["results"][0];
    assert_eq!(result["status"], "imported");
    assert_eq!(result["issue"]["gazette"], "聊城市人民政府公报");
    assert_eq!(result["issue"]["year"], 2018);
    assert_eq!(result["issue"]["number"], 8);
    assert_eq!(result["issue"]["serial"], 185);
    assert_eq!(result["documents"], 13);

    let before = snapshot(archive);
    let (out, json) = import_json(archive, &fixture("liaocheng-2018-08-1col.pdf"), &[]);
    assert!(out.status.success());
    assert_eq!(json["results"][0]["status"], "duplicate");
    assert_eq!(
        snapshot(archive),
        before,
        "a duplicate import changed the archive"
    );

    let issues = json_of(&gazette(archive, &["--json", "issues"]));
    assert_eq!(issues["issues"].as_array().map(Vec::len), Some(1));
    assert_eq!(issues["issues"][0]["pages"], 77);
    assert_eq!(issues["issues"][0]["documents"], 13);

    let toc = json_of(&gazette(archive, &["--json", "toc", "2018-8"]));
    let entries: Vec<&Value> = toc["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .flat_map(|s| s["entries"].as_array().expect("entries").iter())
        .collect();
    assert_eq!(entries.len(), 13);
    let first = entries[0];
    assert_eq!(first["doc_number"], "聊政发〔2018〕41号");
    assert_eq!(first["page"], 2);
    assert_eq!(
        first["pdf_page"], 4,
        "printed page 2 is the fourth PDF page"
    );
    assert!(entries.iter().all(|e| e["document_id"].is_i64()));

    let doc = json_of(&gazette(archive, &["--json", "show", "聊政发(2018)41号"]));
    assert_eq!(doc["doc_number"], "聊政发〔2018〕41号");
    assert_eq!(doc["date"], "2018-08-08");
    assert_eq!(doc["start_page"], 2);
    let top: Vec<&str> = doc["clauses"]
        .as_array()
        .expect("clauses")
        .iter()
        .filter(|c| !c["path"].as_str().unwrap_or("¶").starts_with('¶'))
        .filter_map(|c| c["label"].as_str())
        .collect();
    assert_eq!(top, ["一", "二", "三"]);
    assert_eq!(doc["clauses"], {
        let by_id = json_of(&gazette(
            archive,
            &["--json", "show", &doc["id"].to_string()],
        ));
        by_id["clauses"].clone()
    });

    let text = gazette(archive, &["toc", "2018-8"]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("关于加强政务诚信建设的实施意见"), "{text}");
    assert!(text.contains("聊政发〔2018〕41号"));

    let check = gazette(archive, &["--json", "check"]);
    assert!(check.status.success());
    assert_eq!(json_of(&check)["ok"], true);
}

#[test]
fn bad_pdfs_give_typed_errors_and_change_nothing() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let archive = tmp.path();
    // The archive exists (empty) before the bad files are tried.
    assert!(gazette(archive, &["issues"]).status.success());
    let cases = [
        ("bad/empty-0-bytes.pdf", "not_a_pdf"),
        ("bad/png-renamed.pdf", "not_a_pdf"),
        ("bad/truncated-60pct.pdf", "damaged_pdf"),
        ("bad/scanned-image-only.pdf", "no_text_layer"),
        ("bad/no-tounicode.pdf", "undecodable_text"),
        ("bad/garbled-tounicode.pdf", "garbled_text"),
        ("bad/encrypted-userpw-aes256.pdf", "password_required"),
    ];
    for (file, kind) in cases {
        let before = snapshot(archive);
        let (out, json) = import_json(archive, &fixture(file), &[]);
        assert!(!out.status.success(), "{file} should fail");
        let result = &json["results"][0];
        assert_eq!(result["status"], "error", "{file}");
        assert_eq!(result["error"]["kind"], kind, "{file}: {result}");
        let message = result["error"]["message"].as_str().unwrap_or("");
        assert!(message.len() > 10, "{file}: message too thin: {message}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{file} panicked: {stderr}");
        assert_eq!(snapshot(archive), before, "{file} changed the archive");
    }
    let (out, json) = import_json(
        archive,
        &fixture("bad/encrypted-userpw-aes256.pdf"),
        &["--password", "wrong"],
    );
    assert!(!out.status.success());
    assert_eq!(json["results"][0]["error"]["kind"], "wrong_password");
}

#[test]
fn encrypted_pdfs_import_with_or_without_password() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let archive = tmp.path();
    let (out, json) = import_json(archive, &fixture("bad/encrypted-owneronly-aes128.pdf"), &[]);
    assert!(out.status.success(), "{json}");
    assert_eq!(json["results"][0]["documents"], 13);

    let other = tempfile::tempdir().expect("temp dir");
    let (out, json) = import_json(
        other.path(),
        &fixture("bad/encrypted-userpw-aes256.pdf"),
        &["--password", "gongbao"],
    );
    assert!(out.status.success(), "{json}");
    assert_eq!(json["results"][0]["issue"]["number"], 8);
}

#[test]
fn a_corrected_edition_replaces_the_issue_and_keeps_the_old_pdf() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let archive = tmp.path();
    let (out, _) = import_json(archive, &fixture("liaocheng-2018-08-1col.pdf"), &[]);
    assert!(out.status.success());
    let (out, json) = import_json(
        archive,
        &fixture("other/liaocheng-2018-08-1col-corrected.pdf"),
        &[],
    );
    assert!(out.status.success(), "{json}");
    assert_eq!(json["results"][0]["status"], "replaced");
    let issues = json_of(&gazette(archive, &["--json", "issues"]));
    assert_eq!(issues["issues"].as_array().map(Vec::len), Some(1));
    let doc = json_of(&gazette(archive, &["--json", "show", "聊政发〔2018〕41号"]));
    let all_text = doc["clauses"].to_string();
    assert!(all_text.contains("建立健全跨部门政务信息共享机制"));
}

/// A new edition that resolves fewer 目录 entries than the stored one is refused
/// (kind `worse_edition`, nothing changed) unless `--replace` says to take it; every
/// import reports its 目录 self-check.
#[test]
fn a_worse_edition_is_refused_without_replace() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let archive = tmp.path();
    let pdf = fixture("liaocheng-2018-08-1col.pdf");
    let pages = gazette::extract::extract_pages(
        &crate::support::fixture_bytes("liaocheng-2018-08-1col.pdf"),
        None,
    )
    .expect("extracts");
    let mut stored = gazette::parse::parse_issue(&pages).expect("parses");
    // The stored edition resolves one 目录 entry more than the PDF will: a second
    // entry for its first document.
    let first = stored.toc[0].entries[0].clone();
    stored.toc[0].entries.push(first);
    crate::support::write_issues(archive, &[stored]);
    // Opening the archive once builds its index; from then on a refusal changes nothing.
    assert!(gazette(archive, &["issues"]).status.success());
    let before = snapshot(archive);

    let (out, json) = import_json(archive, &pdf, &[]);
    assert!(!out.status.success(), "{json}");
    let result = &json["results"][0];
    assert_eq!(result["status"], "error");
    assert_eq!(result["error"]["kind"], "worse_edition");
    let message = result["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains("13 of 13 against 14 of 14"), "{message}");
    assert!(message.contains("--replace"), "{message}");
    assert_eq!(
        snapshot(archive),
        before,
        "a refused edition changes nothing"
    );

    let (out, json) = import_json(archive, &pdf, &["--replace"]);
    assert!(out.status.success(), "{json}");
    let result = &json["results"][0];
    assert_eq!(result["status"], "replaced");
    assert_eq!(result["toc"]["listed"], 13);
    assert_eq!(result["toc"]["recognised"], 13);
    assert_eq!(result["toc"]["unresolved"], serde_json::json!([]));
}

/// `check` names a stored issue whose 目录 lists a document that was not found.
#[test]
fn check_reports_an_unresolved_toc() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let archive = tmp.path();
    let pages = gazette::extract::extract_pages(
        &crate::support::fixture_bytes("liaocheng-2018-08-1col.pdf"),
        None,
    )
    .expect("extracts");
    let mut issue = gazette::parse::parse_issue(&pages).expect("parses");
    issue.toc[0].entries[1].document = None;
    crate::support::write_issues(archive, &[issue]);
    let out = gazette(archive, &["--json", "check"]);
    let json = json_of(&out);
    assert!(out.status.success(), "{json}");
    let lines = json["unrecognised"].as_array().expect("unrecognised");
    assert_eq!(lines.len(), 1, "{json}");
    let line = lines[0].as_str().unwrap_or_default();
    assert!(
        line.contains("目录 lists 13 documents; 12 recognised"),
        "{line}"
    );
    assert!(line.contains("no document found"), "{line}");
}

/// An issue with a page torn out (`bad/page-missing.pdf`: the State Council issue zoo39
/// without PDF page 7, where its third document stood) is imported, and its report names
/// the one 目录 entry whose document is gone, and only that one.
#[test]
fn an_import_names_the_contents_entry_whose_page_is_missing() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let (out, json) = import_json(tmp.path(), &fixture("bad/page-missing.pdf"), &[]);
    assert!(out.status.success(), "{json}");
    let toc = &json["results"][0]["toc"];
    assert_eq!(toc["listed"], 7, "{toc}");
    assert_eq!(toc["recognised"], 6, "{toc}");
    let unresolved = toc["unresolved"].as_array().expect("unresolved");
    assert_eq!(unresolved.len(), 1, "{toc}");
    assert_eq!(unresolved[0]["reason"]["kind"], "no_document", "{toc}");
    assert_eq!(unresolved[0]["page"], 5, "{toc}");

    // The 目录 read back later counts the same entries the import named.
    let issue = &json["results"][0]["issue"];
    let which = format!("{}-{}", issue["year"], issue["number"]);
    let shown = json_of(&gazette_ok(tmp.path(), &["--json", "toc", &which]));
    assert_eq!(&shown["check"], toc, "{shown}");
    let text = gazette_ok(tmp.path(), &["toc", &which]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("目录 lists 7 documents; 6 recognised"),
        "{text}"
    );
}

#[test]
fn errors_are_one_line_and_json_under_json() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = gazette(tmp.path(), &["--json", "toc", "2018-8"]);
    assert!(!out.status.success());
    assert_eq!(json_of(&out)["error"]["kind"], "not_found");
    let out = gazette(tmp.path(), &["show", "no-such-doc"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    let out = gazette(tmp.path(), &["--json", "toc", "2018-x"]);
    assert_eq!(json_of(&out)["error"]["kind"], "invalid_argument");
}

#[test]
fn a_reader_that_stops_early_ends_the_command_quietly() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let archive = tmp.path();
    let (out, json) = import_json(archive, &fixture("liaocheng-2018-08-1col.pdf"), &[]);
    assert!(out.status.success(), "import failed: {json}");
    // As `gazette search 的 | head -n 1`: the reader is gone before the hits are written.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"))
        .arg("--archive")
        .arg(archive)
        .args(["search", "的", "--limit", "100000"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the gazette binary runs");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("the command ends");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "stderr: {stderr}");
    assert!(
        out.status.success(),
        "exit {:?}, stderr: {stderr}",
        out.status
    );
}

/// As `gazette … | head -n 1` and `gazette --json … | head -c 10`: the reader takes
/// the first bytes of a long output and goes; the command ends quietly and succeeds.
#[test]
fn a_reader_that_takes_a_little_and_goes_ends_the_command_quietly() {
    use std::io::{BufRead, Read};
    let tmp = tempfile::tempdir().expect("temp dir");
    let archive = tmp.path();
    let (out, json) = import_json(archive, &fixture("liaocheng-2018-08-1col.pdf"), &[]);
    assert!(out.status.success(), "import failed: {json}");
    type Take = fn(&mut std::io::BufReader<std::process::ChildStdout>) -> usize;
    let first_line: Take = |r| {
        let mut line = String::new();
        r.read_line(&mut line).expect("read a line")
    };
    let ten_bytes: Take = |r| {
        let mut bytes = [0u8; 10];
        r.read_exact(&mut bytes).expect("read 10 bytes");
        bytes.len()
    };
    let cases: [(&[&str], Take); 3] = [
        (&["search", "的", "--limit", "100000"], first_line),
        (&["--json", "search", "的", "--limit", "100000"], ten_bytes),
        (&["toc", "2018-8"], first_line),
    ];
    for (args, take) in cases {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"))
            .arg("--archive")
            .arg(archive)
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("the gazette binary runs");
        let mut reader = std::io::BufReader::with_capacity(1, child.stdout.take().expect("stdout"));
        assert!(take(&mut reader) > 0, "{args:?} printed nothing");
        drop(reader);
        let out = child.wait_with_output().expect("the command ends");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.is_empty(), "{args:?} stderr: {stderr}");
        assert!(out.status.success(), "{args:?} exit {:?}", out.status);
    }
}
