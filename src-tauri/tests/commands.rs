//! The app's commands through Tauri's IPC layer, on the mock runtime (no display):
//! the same builder, capabilities and content security policy as the real app.

use std::path::PathBuf;

use gazette_app::{configure, Launch, OpenRequest};
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{WebviewWindow, WebviewWindowBuilder};

fn fixture(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(path)
}

struct TestApp {
    _app: tauri::App<tauri::test::MockRuntime>,
    window: WebviewWindow<tauri::test::MockRuntime>,
    _dir: tempfile::TempDir,
}

fn app(files: Vec<PathBuf>) -> TestApp {
    app_in(tempfile::tempdir().expect("temp dir"), files)
}

/// The app on an archive directory prepared beforehand.
fn app_in(dir: tempfile::TempDir, files: Vec<PathBuf>) -> TestApp {
    let launch = Launch {
        archive_dir: dir.path().to_path_buf(),
        open: OpenRequest { files, link: None },
        // Never the user's own inbox folder.
        inbox: Some(dir.path().join("inbox")),
    };
    let app = configure(mock_builder(), launch)
        .build(tauri::generate_context!())
        .expect("the app builds");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("the main window opens");
    TestApp {
        _app: app,
        window,
        _dir: dir,
    }
}

fn invoke(app: &TestApp, cmd: &str, args: Value) -> Result<Value, Value> {
    let request = InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        // The IPC origin of the app's own pages on Linux.
        url: "tauri://localhost".parse().expect("url"),
        body: InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    get_ipc_response(&app.window, request).map(|body| body.deserialize().expect("JSON answer"))
}

/// Imports `paths` through IPC as the UI does (no password, progress to a channel) and
/// returns the reports, one per file.
fn import_files(app: &TestApp, paths: Value) -> Value {
    invoke(
        app,
        "import_files",
        json!({ "paths": paths, "password": null, "onProgress": "__CHANNEL__:1" }),
    )
    .expect("an import always answers with reports")
}
#[test]
fn a_new_archive_is_an_empty_library() {
    let app = app(vec![]);
    assert_eq!(invoke(&app, "issues", json!({})), Ok(json!([])));
}

#[test]
fn a_missing_issue_is_a_typed_error() {
    let app = app(vec![]);
    let err = invoke(&app, "toc", json!({ "issueId": 99 })).expect_err("no such issue");
    assert_eq!(err["kind"], "not_found", "{err}");
    let err = invoke(&app, "document", json!({ "documentId": 7 })).expect_err("no such document");
    assert_eq!(err["kind"], "not_found", "{err}");
}

#[test]
fn a_bad_pdf_is_reported_and_changes_nothing() {
    let app = app(vec![]);
    let reports = import_files(
        &app,
        json!([
            fixture("bad/empty-0-bytes.pdf"),
            fixture("bad/png-renamed.pdf")
        ]),
    );
    let reports = reports.as_array().expect("one report per file");
    assert_eq!(reports.len(), 2);
    for report in reports {
        assert_eq!(report["status"], "error", "{report}");
        assert_eq!(report["error"]["kind"], "not_a_pdf", "{report}");
    }
    assert_eq!(invoke(&app, "issues", json!({})), Ok(json!([])));
}

/// A new edition that resolves fewer 目录 entries than the stored one comes back as a
/// `worse_edition` error the UI asks about; with the user's `replace` it is taken.
#[test]
fn a_worse_edition_waits_for_the_user_to_confirm() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pdf = fixture("liaocheng-2018-08-1col.pdf");
    let bytes = std::fs::read(&pdf).expect("fixture");
    let pages = gazette::extract::extract_pages(&bytes, None).expect("extracts");
    let mut stored = gazette::parse::parse_issue(&pages).expect("parses");
    // The stored edition resolves one 目录 entry more than the PDF will.
    let first = stored.toc[0].entries[0].clone();
    stored.toc[0].entries.push(first);
    {
        let db = gazette::Archive::database_path(dir.path());
        let mut conn = gazette::import::open_store(&db).expect("archive db");
        let tx = conn.transaction().expect("transaction");
        let source = gazette::store::SourcePdf {
            bytes: b"stored edition",
            sha256: "stored-edition",
            file_name: "stored.pdf",
        };
        gazette::import::write_parsed(&tx, &stored, &source).expect("written");
        tx.commit().expect("committed");
    }
    let app = app_in(dir, vec![]);
    let import = |replace: Value| {
        invoke(
            &app,
            "import_files",
            json!({ "paths": [&pdf], "password": null, "replace": replace,
                    "onProgress": "__CHANNEL__:1" }),
        )
        .expect("an import always answers with reports")
    };
    let refused = import(Value::Null);
    assert_eq!(refused[0]["status"], "error", "{refused}");
    assert_eq!(refused[0]["error"]["kind"], "worse_edition", "{refused}");
    let replaced = import(json!(true));
    assert_eq!(replaced[0]["status"], "replaced", "{replaced}");
    assert_eq!(replaced[0]["toc"]["recognised"], 13, "{replaced}");
}

#[test]
fn a_file_that_panics_leaves_its_neighbours_imported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let panics = dir.path().join("panics-while-parsed.pdf");
    std::fs::copy(fixture("other/guowuyuan-2019-10.pdf"), &panics).expect("copied");
    // Only this test names the file, so the other tests of this binary are unaffected.
    std::env::set_var(gazette::import::PANIC_HOOK_VAR, "panics-while-parsed.pdf");
    let app = app(vec![]);
    let files = [
        fixture("liaocheng-2018-08-1col.pdf"),
        panics,
        fixture("other/shandong-2019-17.pdf"),
    ];
    let reports = import_files(&app, json!(files));
    let statuses: Vec<&Value> = (0..3).map(|i| &reports[i]["status"]).collect();
    assert_eq!(statuses, ["imported", "error", "imported"], "{reports}");
    assert_eq!(reports[1]["file"], json!(files[1]), "{reports}");
    let issues = invoke(&app, "issues", json!({})).expect("issues");
    assert_eq!(issues.as_array().map(Vec::len), Some(2), "{issues}");
}

#[test]
fn files_named_at_launch_are_handed_over_once() {
    let pdf = fixture("liaocheng-2018-08-1col.pdf");
    let app = app(vec![pdf.clone()]);
    let first = json!({ "files": [pdf], "link": null });
    assert_eq!(invoke(&app, "launch_request", json!({})), Ok(first));
    let empty = json!({ "files": [], "link": null });
    assert_eq!(invoke(&app, "launch_request", json!({})), Ok(empty));
}

#[test]
fn a_link_opens_its_clause_and_a_bad_one_says_why() {
    let app = app(vec![]);
    import_files(&app, json!([fixture("liaocheng-2018-08-1col.pdf")]));
    let target = invoke(
        &app,
        "open_link",
        json!({ "url": "gazette://clause/聊政发〔2018〕41号/二/（一）" }),
    )
    .expect("resolves");
    assert_eq!(target["clause_path"], "二/（一）");
    let document = invoke(
        &app,
        "document",
        json!({ "documentId": target["document_id"] }),
    )
    .expect("the linked document");
    assert_eq!(document["doc_number"], "聊政发〔2018〕41号");
    let bad = invoke(&app, "open_link", json!({ "url": "gazette://issue/1" }));
    assert_eq!(bad.expect_err("refused")["kind"], "invalid_link");
}

#[test]
fn the_command_line_names_the_archive_and_the_files() {
    let args = |a: &[&str]| {
        a.iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .into_iter()
    };
    let launch =
        Launch::parse(args(&["--archive", "/a", "x.pdf"]), Some("/env".into())).expect("ok");
    assert_eq!(launch.archive_dir, PathBuf::from("/a"));
    assert_eq!(launch.open.files, vec![PathBuf::from("x.pdf")]);
    // What a desktop entry's %U passes: file URLs and a gazette:// link.
    let link = "gazette://clause/%E8%81%8A/%E4%BA%8C";
    let launch = Launch::parse(args(&["file:///tmp/a%20b.pdf", link]), None).expect("ok");
    assert_eq!(launch.open.files, vec![PathBuf::from("/tmp/a b.pdf")]);
    assert_eq!(launch.open.link.as_deref(), Some(link));
    assert_eq!(launch.inbox, None);
    let launch = Launch::parse(args(&["--inbox=/in", "a=b.pdf"]), None).expect("ok");
    assert_eq!(launch.inbox, Some(PathBuf::from("/in")));
    assert_eq!(launch.open.files, vec![PathBuf::from("a=b.pdf")]);
    let launch = Launch::parse(args(&["y.pdf"]), Some("/env".into())).expect("ok");
    assert_eq!(launch.archive_dir, PathBuf::from("/env"));
    let err = Launch::parse(args(&["--archive"]), None).expect_err("no directory");
    assert_eq!(err.kind(), gazette::ErrorKind::InvalidArgument);
    let err = Launch::parse(args(&["--verbose"]), None).expect_err("unknown flag");
    assert_eq!(err.kind(), gazette::ErrorKind::InvalidArgument);
}

#[test]
fn annotations_through_ipc_in_the_shapes_the_ui_sends() {
    let app = app(vec![]);
    import_files(&app, json!([fixture("liaocheng-2018-08-1col.pdf")]));
    let issues = invoke(&app, "issues", json!({})).expect("issues");
    let toc = invoke(&app, "toc", json!({ "issueId": issues[0]["id"] })).expect("目录");
    let document_id = toc["sections"][0]["entries"][0]["document_id"].clone();
    let document = invoke(&app, "document", json!({ "documentId": document_id })).expect("doc");
    let path = document["clauses"][1]["children"][0]["path"].clone();

    let highlight = invoke(
        &app,
        "add_annotation",
        json!({ "annotation": {
            "kind": "highlight", "document": document_id.to_string(), "path": path,
            "span": { "range": { "start": 0, "end": 4 } }, "color": "green", "note": null, "tags": []
        }}),
    )
    .expect("highlighted");
    assert_eq!(highlight["status"], "anchored");
    assert_eq!(highlight["document_id"], document_id);
    let bookmark = json!({ "annotation": {
        "kind": "bookmark", "document": document_id.to_string(), "path": path,
        "span": "clause", "color": null, "note": null, "tags": ["信用"]
    }});
    invoke(&app, "add_annotation", bookmark).expect("bookmarked");
    let id = highlight["id"].clone();
    let edited = invoke(
        &app,
        "update_annotation",
        json!({ "id": id, "patch": { "note": "跟进", "tags": ["重点"] } }),
    )
    .expect("edited");
    assert_eq!(edited["note"], "跟进");
    let listed = invoke(
        &app,
        "annotations",
        json!({ "filter": { "document_id": document_id } }),
    )
    .expect("listed");
    assert_eq!(listed.as_array().map(Vec::len), Some(2));
    let tagged = invoke(&app, "annotations", json!({ "filter": { "tag": "重点" } })).expect("tag");
    assert_eq!(tagged.as_array().map(Vec::len), Some(1));

    let out = tempfile::tempdir().expect("temp dir");
    let file = out.path().join("notes.jsonld");
    invoke(
        &app,
        "export_annotations",
        json!({ "format": "w3c", "filter": {}, "path": file }),
    )
    .expect("exported");
    invoke(&app, "delete_annotation", json!({ "id": id })).expect("deleted");
    let report = invoke(&app, "import_annotations", json!({ "path": file })).expect("imported");
    assert_eq!(
        (report["added"].clone(), report["unchanged"].clone()),
        (json!(1), json!(1))
    );
    let err = invoke(&app, "delete_annotation", json!({ "id": "nope" })).expect_err("no such id");
    assert_eq!(err["kind"], "not_found");
}

#[test]
fn backup_writes_the_library_and_a_bad_restore_changes_nothing() {
    let app = app(vec![]);
    let out = tempfile::tempdir().expect("temp dir");
    let file = out.path().join("library.gazette-backup");
    assert_eq!(
        invoke(&app, "backup_archive", json!({ "path": file })),
        Ok(Value::Null)
    );
    assert!(file.is_file(), "the backup file was not written");
    let err = invoke(&app, "backup_archive", json!({ "path": file }))
        .expect_err("a backup never overwrites a file");
    assert_eq!(err["kind"], "invalid_argument", "{err}");

    // Not a backup: refused before anything is touched, so the app keeps running.
    let err = invoke(
        &app,
        "restore_archive",
        json!({ "path": fixture("liaocheng-2018-08-1col.pdf") }),
    )
    .expect_err("a PDF is not a backup");
    assert_eq!(err["kind"], "invalid_argument", "{err}");
    assert_eq!(invoke(&app, "issues", json!({})), Ok(json!([])));
}

/// The UI's generated types and wrappers, and the capability file, are what the Rust
/// side writes now. `UPDATE_CONTRACT=1` rewrites them after a deliberate change.
#[test]
fn the_committed_contract_matches_the_rust_side() {
    let update = std::env::var_os("UPDATE_CONTRACT").is_some_and(|v| v == "1");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for (path, generated) in gazette_app::contract::files() {
        let path = root.join(path);
        if update {
            std::fs::write(&path, &generated).expect("write the generated file");
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "{} differs from what the Rust types and the command list produce; \
             run `UPDATE_CONTRACT=1 cargo test -p gazette-app --test commands contract`",
            path.display()
        );
    }
}

#[test]
fn statuses_and_citations_for_the_day_the_reader_chose() {
    let app = app(vec![]);
    import_files(&app, json!([fixture("liaocheng-2018-08-1col.pdf")]));
    let housing = invoke(
        &app,
        "search",
        json!({ "query": "聊政办发〔2018〕20号", "options": { "limit": 1 } }),
    )
    .expect("found")["documents"][0]["document_id"]
        .clone();
    let status = |as_of: Value| {
        invoke(
            &app,
            "document",
            json!({ "documentId": housing, "asOf": as_of }),
        )
        .map(|d| d["status"].clone())
    };
    assert_eq!(status(json!("2018-08-01")), Ok(json!("not_yet_in_force")));
    assert_eq!(status(json!("2020-01-01")), Ok(json!("in_force")));
    assert_eq!(status(Value::Null), Ok(json!("expired")));
    let err = status(json!("2020-02-30x")).expect_err("not a day");
    assert_eq!(err["kind"], "invalid_argument", "{err}");
    let links = invoke(
        &app,
        "links",
        json!({ "documentId": housing, "asOf": "2020-01-01" }),
    )
    .expect("links");
    assert_eq!(links["timeline"][1]["kind"], "expires");

    let citation = invoke(
        &app,
        "cite",
        json!({ "documentId": housing, "clausePath": "二/（一）", "style": "law" }),
    )
    .expect("cited");
    assert_eq!(citation["locator"], "第二部分第（一）项");
    let same = invoke(&app, "diff", json!({ "oldId": housing, "newId": housing })).expect("diff");
    assert_eq!(same["clauses"], json!([]));
    assert_eq!(
        citation["source"],
        "《聊城市人民政府公报》2018年第8期，第58页"
    );
}

#[test]
fn the_inbox_folder_is_shown_and_can_be_chosen() {
    let dir = tempfile::tempdir().expect("temp dir");
    let given = dir.path().join("inbox");
    let chosen = dir.path().join("chosen");
    let app = app_in(dir, vec![]);
    let view = invoke(&app, "inbox", json!({})).expect("the inbox");
    assert_eq!(view["folder"], json!(given));
    assert_eq!(view["failures"], json!([]));
    assert!(given.is_dir(), "the folder is created when absent");
    let view = invoke(&app, "set_inbox", json!({ "folder": chosen })).expect("chosen");
    assert_eq!(view["folder"], json!(chosen));
    let err = invoke(&app, "set_inbox", json!({ "folder": "relative" })).expect_err("relative");
    assert_eq!(err["kind"], "invalid_argument");
}

#[test]
fn a_document_is_laid_out_for_print_with_its_footer() {
    let app = app(vec![]);
    import_files(&app, json!([fixture("liaocheng-2018-08-1col.pdf")]));
    let shown =
        invoke(&app, "document", json!({ "documentId": 1, "asOf": null })).expect("a document");
    let html = invoke(&app, "print_html", json!({ "documentId": 1 })).expect("print markup");
    let html = html.as_str().expect("a string");
    let title = shown["title"].as_str().expect("a title");
    assert!(
        html.starts_with("<article class=\"print-doc\""),
        "markup only, no page"
    );
    assert!(html.contains(&format!("<h1 class=\"print-title\">{title}</h1>")));
    assert!(html.contains("<footer class=\"print-footer\">"));
    let err =
        invoke(&app, "print_html", json!({ "documentId": 9999 })).expect_err("no such document");
    assert_eq!(err["kind"], "not_found");
}
