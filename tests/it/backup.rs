//! `gazette backup` and `gazette restore`: one file carries the archive to another
//! computer and back exactly; a bad backup changes nothing; restoring over an archive
//! keeps the database it replaced.

use crate::support::{fixture, gazette, json_of, snapshot};

#[test]
fn backup_restores_exactly_into_a_new_archive() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let source = tmp.path().join("source");
    let out = gazette(
        &source,
        &[
            "import",
            fixture("liaocheng-2018-08-2col.pdf")
                .to_str()
                .expect("utf-8"),
        ],
    );
    assert!(out.status.success());
    let file = tmp.path().join("archive.backup");
    let out = gazette(&source, &["backup", file.to_str().expect("utf-8")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // A backup never overwrites a file.
    let again = gazette(&source, &["backup", file.to_str().expect("utf-8")]);
    assert!(!again.status.success());

    let target = tmp.path().join("target");
    let out = gazette(&target, &["restore", file.to_str().expect("utf-8")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    for args in [
        &["--json", "issues"][..],
        &["--json", "toc", "2018-8"],
        &["--json", "show", "聊政办发〔2018〕21号"],
    ] {
        assert_eq!(
            json_of(&gazette(&source, args)),
            json_of(&gazette(&target, args)),
            "{args:?} differs after restore"
        );
    }
    // Scores may differ in the last bits with the index's segment layout; what is
    // found, and where, may not.
    let hits = |archive| {
        let found = json_of(&gazette(archive, &["--json", "search", "政务诚信"]));
        let mut hits: Vec<String> = found["hits"]
            .as_array()
            .expect("hits")
            .iter()
            .map(|h| format!("{}#{}", h["doc_number"], h["clause_path"]))
            .collect();
        hits.sort();
        hits
    };
    assert!(!hits(&source).is_empty());
    assert_eq!(hits(&source), hits(&target), "search differs after restore");
    let check = gazette(&target, &["--json", "check"]);
    assert_eq!(json_of(&check)["ok"], true);
}

#[test]
fn restore_keeps_the_replaced_database_and_rejects_bad_files() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let archive = tmp.path().join("archive");
    let out = gazette(
        &archive,
        &[
            "import",
            fixture("liaocheng-2018-08-1col.pdf")
                .to_str()
                .expect("utf-8"),
        ],
    );
    assert!(out.status.success());

    let before = snapshot(&archive);
    for bad in [
        fixture("liaocheng-2018-08-1col.pdf"),
        fixture("bad/empty-0-bytes.pdf"),
    ] {
        let out = gazette(
            &archive,
            &["--json", "restore", bad.to_str().expect("utf-8")],
        );
        assert!(!out.status.success(), "{} was accepted", bad.display());
        assert_eq!(json_of(&out)["error"]["kind"], "invalid_argument");
        assert_eq!(
            snapshot(&archive),
            before,
            "a bad restore changed the archive"
        );
    }

    // An empty archive's backup restored over this one: the issue is kept aside.
    let empty = tmp.path().join("empty");
    let file = tmp.path().join("empty.backup");
    assert!(gazette(&empty, &["backup", file.to_str().expect("utf-8")])
        .status
        .success());
    let out = gazette(
        &archive,
        &["--json", "restore", file.to_str().expect("utf-8")],
    );
    assert!(out.status.success());
    let restored = json_of(&out);
    assert_eq!(restored["issues"], 0);
    let kept = restored["kept"].as_str().expect("the old database is kept");
    let kept_dir = tmp.path().join("kept");
    std::fs::create_dir_all(&kept_dir).expect("dir");
    std::fs::copy(kept, gazette::Archive::database_path(&kept_dir)).expect("copy kept db");
    let issues = json_of(&gazette(&kept_dir, &["--json", "issues"]));
    assert_eq!(issues["issues"].as_array().map(Vec::len), Some(1));
}
