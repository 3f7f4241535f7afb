//! Files from another computer are untrusted input: a restore adopts a backup's rows,
//! never its schema, and a file that is not ours, is damaged or is newer changes
//! nothing; `gazette check` names every schema object the archive did not create.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::support::{fixture, gazette, json_of, snapshot};

const DOC: &str = "聊政办发〔2018〕21号";

/// An archive holding one issue, and a backup of it made by `gazette backup`.
fn archive_and_backup(root: &Path) -> (PathBuf, PathBuf) {
    let archive = root.join("archive");
    let pdf = fixture("liaocheng-2018-08-1col.pdf");
    let out = gazette(&archive, &["import", pdf.to_str().expect("utf-8")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let file = root.join("archive.backup");
    let out = gazette(&archive, &["backup", file.to_str().expect("utf-8")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (archive, file)
}

fn documents_per_issue(archive: &Path) -> Vec<serde_json::Value> {
    let issues = json_of(&gazette(archive, &["--json", "issues"]));
    issues["issues"]
        .as_array()
        .expect("issues")
        .iter()
        .map(|i| i["documents"].clone())
        .collect()
}

fn restore(archive: &Path, file: &Path) -> std::process::Output {
    gazette(
        archive,
        &["--json", "restore", file.to_str().expect("utf-8")],
    )
}

#[test]
fn a_trigger_in_a_backup_never_reaches_the_archive() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let (_, file) = archive_and_backup(tmp.path());
    Connection::open(&file)
        .and_then(|c| {
            c.execute_batch(
                "CREATE TRIGGER wipe AFTER INSERT ON annotations BEGIN DELETE FROM documents; END;
                 CREATE VIEW spy AS SELECT * FROM annotations;
                 CREATE TABLE stowaway (x);
                 CREATE INDEX stowaway_x ON stowaway(x);",
            )
        })
        .expect("craft the backup");

    let target = tmp.path().join("target");
    let out = restore(&target, &file);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let before = documents_per_issue(&target);
    assert!(before.iter().all(|n| n.as_u64() > Some(0)), "{before:?}");
    let check = json_of(&gazette(&target, &["--json", "check"]));
    assert_eq!(check["ok"], true, "{check}");

    let out = gazette(&target, &["--json", "bookmark", "add", DOC, "一"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(documents_per_issue(&target), before);
    let db = Connection::open(gazette::Archive::database_path(&target)).expect("open");
    let foreign: i64 = db
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('wipe', 'spy', 'stowaway', 'stowaway_x')",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(foreign, 0);
}

#[test]
fn check_names_every_schema_object_that_is_not_ours() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let (archive, _) = archive_and_backup(tmp.path());
    let check = json_of(&gazette(&archive, &["--json", "check"]));
    assert_eq!(check["ok"], true, "{check}");
    Connection::open(gazette::Archive::database_path(&archive))
        .and_then(|c| {
            c.execute_batch(
                "CREATE TRIGGER wipe AFTER INSERT ON annotations BEGIN DELETE FROM documents; END;
                 CREATE VIEW spy AS SELECT * FROM annotations;
                 CREATE TABLE stowaway (x);
                 CREATE INDEX stowaway_x ON stowaway(x);",
            )
        })
        .expect("tamper with the archive");
    let check = json_of(&gazette(&archive, &["--json", "check"]));
    assert_eq!(check["ok"], false);
    let problems = check["problems"].to_string();
    for name in [
        "trigger wipe",
        "view spy",
        "table stowaway",
        "index stowaway_x",
    ] {
        assert!(problems.contains(name), "{name} not reported: {problems}");
    }
}

/// Each hostile file is refused with a typed error and the archive stays byte for byte
/// what it was.
#[test]
fn hostile_backups_change_nothing() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let (archive, file) = archive_and_backup(tmp.path());
    let good = std::fs::read(&file).expect("read backup");
    let write = |name: &str, bytes: &[u8]| {
        let path = tmp.path().join(name);
        std::fs::write(&path, bytes).expect("write hostile file");
        path
    };
    let altered = |name: &str, sql: &str| {
        let path = write(name, &good);
        Connection::open(&path)
            .and_then(|c| c.execute_batch(sql))
            .expect("alter the backup");
        path
    };
    let mut rng = gazette_bench::Rng::new(19);
    let random: Vec<u8> = (0..good.len()).map(|_| rng.below(256) as u8).collect();
    let mut huge_page_count = good.clone();
    // The header's "database size in pages" (offset 28) claims far more than is there.
    huge_page_count[28..32].copy_from_slice(&u32::MAX.to_be_bytes());
    let hostile = [
        write("random.backup", &random),
        write("truncated.backup", &good[..good.len() / 2]),
        write("huge-page-count.backup", &huge_page_count),
        altered("foreign.backup", "PRAGMA application_id = 1234;"),
        altered("newer.backup", "PRAGMA user_version = 9999;"),
        altered("no-schema.backup", "PRAGMA user_version = 0;"),
        altered("view-for-table.backup", "DROP TABLE annotation_tags; CREATE VIEW annotation_tags AS SELECT 1 AS annotation_id, 2 AS tag;"),
    ];
    let before = snapshot(&archive);
    for bad in &hostile {
        let out = restore(&archive, bad);
        let name = bad.file_name().and_then(|n| n.to_str()).unwrap_or("?");
        assert!(!out.status.success(), "{name} was accepted");
        assert_eq!(json_of(&out)["error"]["kind"], "invalid_argument", "{name}");
        assert_eq!(snapshot(&archive), before, "{name} changed the archive");
    }
}

#[test]
fn an_archive_of_the_first_release_restores_upgraded() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let archive = tmp.path().join("archive");
    let out = restore(&archive, &fixture("archives/release-1.sqlite3"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let issues = json_of(&gazette(&archive, &["--json", "issues"]));
    assert_eq!(issues["issues"][0]["documents"], 5);
    assert_eq!(issues["issues"][0]["number_label"], "第17号");
    let check = json_of(&gazette(&archive, &["--json", "check"]));
    assert_eq!(check["ok"], true, "{check}");
}

/// Every entry below `dir` whose mode lets anyone but its owner in.
#[cfg(unix)]
fn wider_than_owner(dir: &Path) -> Vec<String> {
    use std::os::unix::fs::PermissionsExt;
    let mut wide = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(path) = stack.pop() {
        let meta = std::fs::symlink_metadata(&path).expect("metadata");
        if meta.permissions().mode() & 0o077 != 0 {
            wide.push(format!(
                "{} {:o}",
                path.display(),
                meta.permissions().mode()
            ));
        }
        if meta.is_dir() {
            stack.extend(
                std::fs::read_dir(&path)
                    .expect("list")
                    .map(|e| e.expect("entry").path()),
            );
        }
    }
    wide
}

#[cfg(unix)]
#[test]
fn a_new_archive_is_private_and_an_old_one_is_narrowed() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().expect("temp dir");
    let (archive, file) = archive_and_backup(tmp.path());
    assert_eq!(wider_than_owner(&archive), Vec::<String>::new());
    assert_eq!(wider_than_owner(&file), Vec::<String>::new());
    let check = json_of(&gazette(&archive, &["--json", "check"]));
    assert_eq!(check["repaired"], serde_json::json!([]), "{check}");

    // As an older version left it: directory 755, files 644.
    let mut stack = vec![archive.clone()];
    while let Some(path) = stack.pop() {
        let mode = if path.is_dir() {
            stack.extend(
                std::fs::read_dir(&path)
                    .expect("list")
                    .map(|e| e.expect("entry").path()),
            );
            0o755
        } else {
            0o644
        };
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).expect("chmod");
    }
    assert!(!wider_than_owner(&archive).is_empty());
    let check = json_of(&gazette(&archive, &["--json", "check"]));
    assert_eq!(check["ok"], true, "{check}");
    let repaired = check["repaired"].to_string();
    assert!(repaired.contains("archive.sqlite3 was 644"), "{repaired}");
    assert_eq!(wider_than_owner(&archive), Vec::<String>::new());
}

/// With every index write failing as on a full disk, the archive stays readable from
/// SQLite, search says why it cannot answer, the import says the index will catch
/// up, and no half-built index is left behind; with room again, search heals.
#[test]
fn a_full_disk_for_the_index_locks_nobody_out() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let archive = tmp.path().join("archive");
    std::fs::create_dir_all(&archive).expect("archive dir");
    let full_disk = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_gazette"))
            .env("GAZETTE_INDEX_WRITE_FAULT", "1")
            .arg("--archive")
            .arg(&archive)
            .args(args)
            .output()
            .expect("the gazette binary runs")
    };
    let pdf = fixture("liaocheng-2018-08-1col.pdf");
    let out = full_disk(&["--json", "import", pdf.to_str().expect("utf-8")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = json_of(&out).to_string();
    assert!(report.contains("index_pending"), "{report}");
    assert!(report.contains("no space left on device"), "{report}");

    for args in [
        &["--json", "issues"][..],
        &["--json", "toc", "2018-8"],
        &["--json", "show", DOC],
        &["--json", "bookmark", "add", DOC, "一"],
        &["--json", "annotations"],
    ] {
        let out = full_disk(args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        json_of(&out);
    }
    let check = full_disk(&["--json", "check"]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let report = json_of(&check);
    assert_eq!(report["ok"], true, "{report}");
    let cause = report["index_unavailable"].to_string();
    assert!(cause.contains("no space left on device"), "{report}");

    let out = full_disk(&["--json", "search", "政务诚信"]);
    assert!(!out.status.success());
    let error = &json_of(&out)["error"];
    assert_eq!(error["kind"], "index_unavailable", "{error}");
    assert!(
        error["message"]
            .to_string()
            .contains("no space left on device"),
        "{error}"
    );

    let leftovers: Vec<_> = std::fs::read_dir(&archive)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("index."))
        .collect();
    assert_eq!(leftovers, Vec::<String>::new());

    let found = json_of(&gazette(&archive, &["--json", "search", "政务诚信"]));
    assert!(
        found["hits"].as_array().is_some_and(|h| !h.is_empty()),
        "{found}"
    );
    assert_eq!(
        json_of(&gazette(&archive, &["--json", "check"]))["ok"],
        true
    );
}

/// A note bundle is untrusted input like a backup: random bytes, a cut-off file, text
/// that is not UTF-8, JSON of the wrong shape or nested past any reason are refused
/// with a clear error, and the archive stays byte for byte as it was.
#[test]
fn hostile_note_bundles_change_nothing() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let (archive, _) = archive_and_backup(tmp.path());
    let out = gazette(&archive, &["--json", "bookmark", "add", DOC, "一"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let good = tmp.path().join("notes.jsonld");
    let out = gazette(
        &archive,
        &[
            "annotations",
            "export",
            "--format",
            "w3c",
            "--output",
            good.to_str().expect("utf-8"),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let good = std::fs::read(&good).expect("read the bundle");

    let write = |name: &str, bytes: &[u8]| {
        let path = tmp.path().join(name);
        std::fs::write(&path, bytes).expect("write hostile file");
        path
    };
    let mut rng = gazette_bench::Rng::new(29);
    let random: Vec<u8> = (0..good.len()).map(|_| rng.below(256) as u8).collect();
    let mut not_utf8 = good.clone();
    not_utf8.splice(1..1, [0xff, 0xfe, 0xc3]);
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let hostile = [
        write("random.jsonld", &random),
        write("truncated.jsonld", &good[..good.len() / 2]),
        write("not-utf8.jsonld", &not_utf8),
        write("wrong-type.jsonld", b"[1, 2, 3]"),
        write("deep.jsonld", deep.as_bytes()),
    ];
    let before = snapshot(&archive);
    for bad in &hostile {
        let name = bad.file_name().and_then(|n| n.to_str()).unwrap_or("?");
        let out = gazette(
            &archive,
            &[
                "--json",
                "annotations",
                "import",
                bad.to_str().expect("utf-8"),
            ],
        );
        assert!(!out.status.success(), "{name} was accepted");
        let error = &json_of(&out)["error"];
        assert!(
            error["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{name}: {error}"
        );
        assert_eq!(snapshot(&archive), before, "{name} changed the archive");
    }
}
