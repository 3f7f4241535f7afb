//! The watched inbox folder, driven poll by poll without the app: a PDF is imported
//! once it holds still, a file still growing waits, a bad file stays with its report,
//! and neither a restart nor a lost record imports anything twice.

use std::io::Write;
use std::path::Path;

use crate::support::fixture;
use gazette::inbox::Inbox;
use gazette::views::ImportStatus;
use gazette::Archive;

fn statuses(reports: &[gazette::views::ImportReport]) -> Vec<(String, ImportStatus)> {
    reports
        .iter()
        .map(|r| {
            let name = Path::new(&r.file).file_name().expect("a file name");
            (name.to_string_lossy().into_owned(), r.status)
        })
        .collect()
}

#[test]
fn a_new_pdf_is_imported_once_it_holds_still_and_never_twice() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let folder = tmp.path().join("收件箱");
    let archive_dir = tmp.path().join("archive");
    let archive = Archive::open(&archive_dir).expect("open the archive");
    let mut inbox = Inbox::open(&archive_dir, Some(folder.clone())).expect("open the inbox");
    assert!(folder.is_dir(), "the inbox folder is created when absent");
    assert!(inbox.poll(&archive).expect("poll").is_empty());

    std::fs::copy(
        fixture("liaocheng-2018-08-2col.pdf"),
        folder.join("new.pdf"),
    )
    .expect("copy");
    std::fs::write(folder.join("notes.txt"), "not a gazette").expect("write");
    assert!(
        inbox.poll(&archive).expect("poll").is_empty(),
        "a file seen for the first time may still be being written"
    );
    let reports = inbox.poll(&archive).expect("poll");
    assert_eq!(
        statuses(&reports),
        [("new.pdf".to_string(), ImportStatus::Imported)]
    );
    assert_eq!(archive.issues().expect("issues").len(), 1);
    for _ in 0..3 {
        assert!(
            inbox.poll(&archive).expect("poll").is_empty(),
            "handled once only"
        );
    }
    assert!(
        folder.join("new.pdf").is_file(),
        "an imported file is left where it was"
    );

    // A restart reads the record and does nothing more.
    drop(inbox);
    let mut inbox = Inbox::open(&archive_dir, Some(folder.clone())).expect("reopen");
    for _ in 0..2 {
        assert!(inbox.poll(&archive).expect("poll").is_empty());
    }

    // Without the record, the archive still knows the PDF by its content.
    std::fs::remove_file(archive_dir.join("inbox.json")).expect("remove the record");
    let mut inbox = Inbox::open(&archive_dir, Some(folder.clone())).expect("reopen");
    inbox.poll(&archive).expect("poll");
    let reports = inbox.poll(&archive).expect("poll");
    assert_eq!(
        statuses(&reports),
        [("new.pdf".to_string(), ImportStatus::Duplicate)]
    );
    assert_eq!(archive.issues().expect("issues").len(), 1);
}

#[test]
fn a_growing_file_waits_and_a_bad_file_stays_with_its_report() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let folder = tmp.path().join("inbox");
    let archive_dir = tmp.path().join("archive");
    let archive = Archive::open(&archive_dir).expect("open the archive");
    let mut inbox = Inbox::open(&archive_dir, Some(folder.clone())).expect("open the inbox");

    let whole = std::fs::read(fixture("other/shandong-2019-17.pdf")).expect("read a fixture");
    let growing = folder.join("copying.pdf");
    let mut out = std::fs::File::create(&growing).expect("create");
    let mut written = 0;
    for chunk in whole.chunks(whole.len() / 4 + 1) {
        out.write_all(chunk).expect("write");
        out.flush().expect("flush");
        written += chunk.len();
        assert!(
            inbox.poll(&archive).expect("poll").is_empty(),
            "touched after {written} of {} bytes",
            whole.len()
        );
    }
    drop(out);
    std::fs::copy(
        fixture("bad/truncated-60pct.pdf"),
        folder.join("broken.pdf"),
    )
    .expect("copy");
    let reports = inbox.poll(&archive).expect("poll");
    assert_eq!(
        statuses(&reports),
        [("copying.pdf".to_string(), ImportStatus::Imported)],
        "taken once whole and unchanged since the last look"
    );
    let reports = inbox.poll(&archive).expect("poll");
    assert_eq!(
        statuses(&reports),
        [("broken.pdf".to_string(), ImportStatus::Error)]
    );

    let view = inbox.view();
    assert_eq!(view.folder, folder);
    assert_eq!(view.failures.len(), 1, "{view:?}");
    let failure = &view.failures[0];
    assert!(failure.file.ends_with("broken.pdf"));
    assert!(failure.error.is_some(), "the failure keeps its report");
    assert!(
        folder.join("broken.pdf").is_file(),
        "a failed file stays where it is"
    );
    assert!(
        inbox.poll(&archive).expect("poll").is_empty(),
        "not retried unchanged"
    );

    // Its report survives a restart, and a corrected file put in its place is taken.
    let mut inbox = Inbox::open(&archive_dir, Some(folder.clone())).expect("reopen");
    assert_eq!(inbox.view().failures.len(), 1);
    std::fs::copy(
        fixture("liaocheng-2018-08-1col.pdf"),
        folder.join("broken.pdf"),
    )
    .expect("copy");
    inbox.poll(&archive).expect("poll");
    let reports = inbox.poll(&archive).expect("poll");
    assert_eq!(
        statuses(&reports),
        [("broken.pdf".to_string(), ImportStatus::Imported)]
    );
    assert!(inbox.view().failures.is_empty());
}

#[test]
fn the_chosen_folder_is_remembered_and_must_be_a_full_path() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let archive_dir = tmp.path().join("archive");
    std::fs::create_dir_all(&archive_dir).expect("create");
    let first = tmp.path().join("first");
    let chosen = tmp.path().join("chosen").join("inbox");
    let mut inbox = Inbox::open(&archive_dir, Some(first)).expect("open");
    let err = inbox
        .set_folder("relative".into())
        .expect_err("a relative folder");
    assert_eq!(err.kind(), gazette::ErrorKind::InvalidArgument);
    inbox.set_folder(chosen.clone()).expect("choose a folder");
    assert!(chosen.is_dir());
    let inbox = Inbox::open(&archive_dir, None).expect("reopen");
    assert_eq!(inbox.folder(), chosen);
}
