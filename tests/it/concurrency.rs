//! Reading and searching keep working, without errors, while imports and a reindex
//! run: in the same process (the desktop app) and from another process (a script
//! importing while the app is open).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use gazette::views::ImportStatus;
use gazette::{Archive, ImportOptions, SearchOptions};

use crate::support::fixture;

/// Reads and searches in a loop until `stop`, failing on the first error; returns
/// how many rounds it managed.
fn reader(archive: &Archive, stop: &AtomicBool) -> u32 {
    let mut rounds = 0;
    while !stop.load(Ordering::Relaxed) || rounds == 0 {
        let issues = archive.issues().expect("list issues during an import");
        assert!(!issues.is_empty(), "the earlier issue vanished");
        let toc = archive
            .toc("2019-17")
            .expect("read a 目录 during an import");
        let first = toc
            .sections
            .iter()
            .flat_map(|s| &s.entries)
            .find_map(|e| e.document_id)
            .expect("a linked 目录 entry");
        archive
            .document(&first.to_string())
            .expect("read a document during an import");
        let found = archive
            .search("政府", &SearchOptions::default())
            .expect("search during an import");
        assert!(found.total > 0, "search lost the earlier issue");
        rounds += 1;
    }
    rounds
}

#[test]
fn reading_and_searching_continue_during_imports() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let archive = Arc::new(Archive::open(tmp.path()).expect("open archive"));
    let never = AtomicBool::new(false);
    let first = archive.import_file(
        &fixture("other/shandong-2019-17.pdf"),
        &ImportOptions::default(),
        &|_| {},
        &never,
    );
    assert_eq!(first.status, ImportStatus::Imported, "{:?}", first.error);

    let stop = Arc::new(AtomicBool::new(false));
    let readers: Vec<_> = (0..2)
        .map(|_| {
            let archive = Arc::clone(&archive);
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || reader(&archive, &stop))
        })
        .collect();

    // In this process: an import, a replacing edition, and a full reindex.
    for file in [
        "liaocheng-2018-08-1col.pdf",
        "other/liaocheng-2018-08-1col-corrected.pdf",
    ] {
        let report =
            archive.import_file(&fixture(file), &ImportOptions::default(), &|_| {}, &never);
        assert_ne!(
            report.status,
            ImportStatus::Error,
            "{file}: {:?}",
            report.error
        );
    }
    archive.reindex(&|_, _| {}).expect("reindex during reads");

    // From another process, into the same archive.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"))
        .arg("--archive")
        .arg(tmp.path())
        .arg("import")
        .arg(fixture("other/guowuyuan-2019-10.pdf"))
        .output()
        .expect("run gazette import");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    stop.store(true, Ordering::Relaxed);
    for r in readers {
        let rounds = r.join().expect("a reader failed");
        assert!(rounds > 0);
    }
    // The other process's issue is visible here too, and searchable.
    assert_eq!(archive.issues().expect("issues").len(), 3);
    let found = archive
        .search("国务院", &SearchOptions::default())
        .expect("search");
    assert!(found
        .hits
        .iter()
        .any(|h| h.issue.key.gazette.contains("国务院")));
}
