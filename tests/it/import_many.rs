//! Importing many files at once: a directory on the command line, files prepared in
//! parallel but reported and written in order, each whole or not at all, with overall
//! progress on stderr.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Mutex;

use crate::support::{fixture, gazette, json_of};
use gazette::views::{ImportStage, ImportStatus};
use gazette::{Archive, ImportOptions};

/// A directory of real fixtures and one damaged file, named so that their order is
/// known, plus a file that is not a PDF by name and must be left alone.
fn batch_dir(root: &Path) -> PathBuf {
    let dir = root.join("incoming");
    std::fs::create_dir_all(&dir).expect("create the batch directory");
    for (from, to) in [
        ("liaocheng-2018-08-2col.pdf", "1-liaocheng.pdf"),
        ("bad/truncated-60pct.pdf", "2-broken.pdf"),
        ("other/shandong-2019-17.pdf", "3-shandong.PDF"),
        ("other/guowuyuan-2019-10.pdf", "4-guowuyuan.pdf"),
    ] {
        std::fs::copy(fixture(from), dir.join(to)).expect("copy a fixture");
    }
    std::fs::write(dir.join("readme.txt"), "not a gazette").expect("write a text file");
    dir
}

const EXPECTED: [(&str, &str); 4] = [
    ("1-liaocheng.pdf", "imported"),
    ("2-broken.pdf", "error"),
    ("3-shandong.PDF", "imported"),
    ("4-guowuyuan.pdf", "imported"),
];

#[test]
fn a_directory_imports_in_order_and_a_bad_file_changes_nothing_else() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = batch_dir(tmp.path());
    let archive = tmp.path().join("archive");

    let out = gazette(
        &archive,
        &["--json", "import", dir.to_str().expect("UTF-8")],
    );
    assert!(
        !out.status.success(),
        "one file is damaged: the exit code says so"
    );
    let json = json_of(&out);
    let results = json["results"].as_array().expect("results");
    assert_eq!(results.len(), EXPECTED.len(), "{json}");
    for (result, (name, status)) in results.iter().zip(EXPECTED) {
        let file = result["file"].as_str().expect("file");
        assert!(file.ends_with(name), "{file} where {name} was expected");
        assert_eq!(result["status"], status, "{result}");
    }
    assert_eq!(results[1]["error"]["kind"], "damaged_pdf");
    assert_eq!(results[0]["issue"]["number"], 8);
    assert_eq!(results[0]["documents"], 13);
    assert_eq!(results[2]["issue"]["gazette"], "山东省人民政府公报");
    assert_eq!(results[3]["issue"]["gazette"], "中华人民共和国国务院公报");
    assert_eq!(results[3]["issue"]["number_label"], "第10号");

    // The human listing names each issue as it is printed.
    let listing = String::from_utf8_lossy(&gazette(&archive, &["issues"]).stdout).into_owned();
    assert!(listing.contains("2019年第17号（总号：1668）"), "{listing}");
    assert!(listing.contains("2018年第8期（总第185期）"), "{listing}");

    let issues = json_of(&gazette(&archive, &["--json", "issues"]));
    let mut gazettes: Vec<&str> = issues["issues"]
        .as_array()
        .expect("issues")
        .iter()
        .filter_map(|i| i["gazette"].as_str())
        .collect();
    gazettes.sort_unstable();
    assert_eq!(
        gazettes,
        [
            "中华人民共和国国务院公报",
            "山东省人民政府公报",
            "聊城市人民政府公报"
        ]
    );
    let check = json_of(&gazette(&archive, &["--json", "check"]));
    assert_eq!(check["ok"], true, "{check}");
    let hits = json_of(&gazette(
        &archive,
        &["--json", "search", "聊政发〔2018〕41号"],
    ));
    assert!(hits["total"].as_u64().unwrap_or(0) > 0, "{hits}");
}

#[test]
fn progress_goes_to_stderr_in_order_and_a_second_run_finds_duplicates() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = batch_dir(tmp.path());
    let archive = tmp.path().join("archive");
    let dir_arg = dir.to_str().expect("UTF-8");

    let out = gazette(&archive, &["import", dir_arg]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let progress: Vec<&str> = stderr.lines().filter(|l| l.starts_with('[')).collect();
    assert_eq!(progress.len(), EXPECTED.len(), "{stderr}");
    for (k, (line, (name, _))) in progress.iter().zip(EXPECTED).enumerate() {
        assert!(
            line.starts_with(&format!("[{}/{}] ", k + 1, EXPECTED.len())) && line.ends_with(name),
            "{line}"
        );
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        stdout.lines().filter(|l| l.starts_with("imported")).count(),
        3
    );

    // The directory again, and one file named on its own after it.
    let single = dir.join("4-guowuyuan.pdf");
    let out = gazette(
        &archive,
        &["--json", "import", dir_arg, single.to_str().expect("UTF-8")],
    );
    let json = json_of(&out);
    let statuses: Vec<&str> = json["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter_map(|r| r["status"].as_str())
        .collect();
    assert_eq!(
        statuses,
        ["duplicate", "error", "duplicate", "duplicate", "duplicate"]
    );
}

#[test]
fn an_empty_directory_is_refused() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let empty = tmp.path().join("empty");
    std::fs::create_dir_all(&empty).expect("create a directory");
    let out = gazette(
        &tmp.path().join("archive"),
        &["--json", "import", empty.to_str().expect("UTF-8")],
    );
    assert!(!out.status.success());
    assert_eq!(json_of(&out)["error"]["kind"], "invalid_argument");
}

#[test]
fn the_library_reports_each_file_once_in_order_and_a_copy_in_the_same_batch_is_a_duplicate() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let archive = Archive::open(&tmp.path().join("archive")).expect("open the archive");
    let files = [
        fixture("other/guowuyuan-2019-10.pdf"),
        fixture("liaocheng-2018-08-2col.pdf"),
        fixture("other/shandong-2019-17.pdf"),
        fixture("other/guowuyuan-2019-10.pdf"),
    ];
    let stages = Mutex::new(0usize);
    let mut heard = Vec::new();
    let reports = archive.import_files(
        &files,
        &ImportOptions::default(),
        &|_| *stages.lock().expect("not poisoned") += 1,
        &AtomicBool::new(false),
        &mut |done, report| heard.push((done, report.file.clone())),
    );
    let statuses: Vec<ImportStatus> = reports.iter().map(|r| r.status).collect();
    assert_eq!(
        statuses,
        [
            ImportStatus::Imported,
            ImportStatus::Imported,
            ImportStatus::Imported,
            ImportStatus::Duplicate
        ]
    );
    let expected: Vec<(usize, String)> = files
        .iter()
        .enumerate()
        .map(|(i, f)| (i + 1, f.display().to_string()))
        .collect();
    assert_eq!(heard, expected);
    assert!(*stages.lock().expect("not poisoned") >= files.len());
    assert_eq!(archive.issues().expect("issues").len(), 3);
    assert!(archive.check().expect("check").ok);
}

#[test]
fn a_cancelled_batch_leaves_the_archive_unchanged() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let archive = Archive::open(&tmp.path().join("archive")).expect("open the archive");
    let files = [
        fixture("other/shandong-2019-17.pdf"),
        fixture("other/guowuyuan-2019-10.pdf"),
    ];
    let reports = archive.import_files(
        &files,
        &ImportOptions::default(),
        &|_| {},
        &AtomicBool::new(true),
        &mut |_, _| {},
    );
    assert_eq!(reports.len(), files.len());
    for report in &reports {
        assert_eq!(report.status, ImportStatus::Error);
        assert_eq!(
            report.error.as_ref().map(|e| e.kind.as_str()),
            Some("cancelled")
        );
    }
    assert!(archive.issues().expect("issues").is_empty());
}

#[test]
fn extraction_reports_its_pages_as_they_are_read() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let archive = Archive::open(&tmp.path().join("archive")).expect("open the archive");
    let files = [
        fixture("other/shandong-2019-17.pdf"),
        fixture("liaocheng-2018-08-2col.pdf"),
    ];
    let heard = Mutex::new(Vec::new());
    let reports = archive.import_files(
        &files,
        &ImportOptions::default(),
        &|p| heard.lock().expect("not poisoned").push(p),
        &AtomicBool::new(false),
        &mut |_, _| {},
    );
    let heard = heard.into_inner().expect("not poisoned");
    for (file, report) in files.iter().zip(&reports) {
        assert_eq!(report.status, ImportStatus::Imported, "{:?}", report.error);
        let name = file.display().to_string();
        let pages: Vec<(u32, u32)> = heard
            .iter()
            .filter(|p| p.file == name && p.stage == ImportStage::Extracting && p.total > 0)
            .map(|p| (p.done, p.total))
            .collect();
        let stored = archive
            .issues()
            .expect("issues")
            .into_iter()
            .find(|i| Some(i.issue.id) == report.issue.as_ref().map(|r| r.id))
            .expect("the imported issue is listed");
        // Groups of pages finish on several threads, so their reports may interleave;
        // each still counts pages read, none twice, up to all of them.
        let mut done: Vec<u32> = pages.iter().map(|p| p.0).collect();
        done.sort_unstable();
        done.dedup();
        assert_eq!(done.len(), pages.len(), "{name}: {pages:?}");
        assert!(pages.iter().all(|p| p.1 == stored.pages), "{pages:?}");
        assert_eq!(done.last(), Some(&stored.pages), "{name}: {pages:?}");
    }
}
