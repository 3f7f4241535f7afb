//! Notes that travel: two archives of the same issue exchange annotation bundles in
//! both directions with additions, edits, deletions and one concurrent edit; both end
//! equal, the deletion reaches the other side, and the losing edit is kept as a
//! conflict rather than dropped. Exchanging again changes nothing.

use gazette::annotate::{AnnotationFilter, AnnotationPatch, Kind, NewAnnotation, Span};
use gazette::Archive;
use serde_json::Value;

use crate::links::import;

const DOC: &str = "聊政发〔2018〕41号";

fn archive() -> (tempfile::TempDir, Archive) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let archive = Archive::open(tmp.path()).expect("open archive");
    import(&archive, "liaocheng-2018-08-1col.pdf");
    (tmp, archive)
}

fn note(archive: &Archive, path: &str, text: &str) -> String {
    let new = NewAnnotation {
        kind: Kind::Note,
        document: DOC.into(),
        path: path.into(),
        span: Span::Clause,
        color: None,
        note: Some(text.into()),
        tags: vec!["诚信".into()],
    };
    archive.add_annotation(&new).expect("noted").annotation.id
}

fn edit(archive: &Archive, id: &str, text: &str) {
    let patch = AnnotationPatch {
        note: Some(text.into()),
        ..AnnotationPatch::default()
    };
    archive.update_annotation(id, &patch).expect("edited");
}

/// Each side's bundle, then each merges the other's (a bundle crossing another).
fn exchange(a: &Archive, b: &Archive, since: Option<&str>) -> (u32, u32) {
    let from_a = a.export_bundle(since).expect("bundle of a");
    let from_b = b.export_bundle(since).expect("bundle of b");
    let into_a = a.import_bundle(&from_b).expect("a merges");
    let into_b = b.import_bundle(&from_a).expect("b merges");
    (into_a.conflicts, into_b.conflicts)
}

fn notes(archive: &Archive) -> Vec<(String, Option<String>)> {
    let mut all: Vec<_> = archive
        .annotations(&AnnotationFilter::default())
        .expect("annotations")
        .into_iter()
        .map(|v| (v.annotation.id, v.annotation.note))
        .collect();
    all.sort();
    all
}

fn bundle(archive: &Archive) -> Value {
    serde_json::from_str(&archive.export_bundle(None).expect("bundle")).expect("JSON")
}

#[test]
fn two_archives_exchanging_bundles_both_ways_end_equal() {
    let (_ta, a) = archive();
    let (_tb, b) = archive();
    let kept = note(&a, "二/（一）/1", "甲：依法行政");
    let doomed = note(&a, "二/（一）/2", "甲：信息公开");
    let contested = note(&b, "三/（一）", "乙：组织领导");
    assert_eq!(exchange(&a, &b, None), (0, 0));
    assert_eq!(notes(&a), notes(&b));
    assert_eq!(notes(&a).len(), 3);

    // Apart again: an edit on each side, a deletion, an addition, and one note
    // edited on both sides at once.
    let since = gazette::dates::now_iso();
    edit(&a, &kept, "甲：依法行政（已落实）");
    b.delete_annotation(&doomed).expect("deleted");
    let added = note(&a, "三/（二）", "甲：制度建设");
    edit(&b, &contested, "乙：由办公室牵头");
    edit(&a, &contested, "甲：由信用办牵头");

    // Each side finds the concurrent edit once; the rest merges.
    assert_eq!(exchange(&a, &b, Some(&since)), (1, 1));
    let after = notes(&a);
    assert_eq!(after, notes(&b));
    let ids: Vec<&str> = after.iter().map(|(id, _)| id.as_str()).collect();
    assert!(!ids.contains(&doomed.as_str()), "the deletion travelled");
    assert!(ids.contains(&added.as_str()), "the addition travelled");
    assert!(after.contains(&(kept.clone(), Some("甲：依法行政（已落实）".into()))));

    // The later edit wins on both sides; the other is kept, not dropped.
    let winner = after
        .iter()
        .find(|(id, _)| id == &contested)
        .and_then(|(_, n)| n.clone())
        .expect("the contested note is there");
    let conflicts = a.annotation_conflicts().expect("conflicts");
    assert_eq!(conflicts, b.annotation_conflicts().expect("conflicts of b"));
    assert_eq!(conflicts.len(), 1);
    let conflict = &conflicts[0];
    assert_eq!(conflict.annotation_id, contested);
    assert_eq!(conflict.kept_note.as_deref(), Some(winner.as_str()));
    let both: Vec<&str> = vec![winner.as_str(), conflict.lost_note.as_deref().unwrap_or("")];
    assert!(
        both.contains(&"乙：由办公室牵头") && both.contains(&"甲：由信用办牵头"),
        "{both:?}"
    );

    // Both archives now write the same bundle, and exchanging again changes nothing.
    assert_eq!(bundle(&a), bundle(&b));
    assert_eq!(exchange(&a, &b, None), (0, 0));
    assert_eq!(bundle(&a), bundle(&b));
    assert_eq!(notes(&a), after);
}

#[test]
fn an_old_copy_does_not_undo_a_deletion_or_an_edit() {
    let (_ta, a) = archive();
    let (_tb, b) = archive();
    let id = note(&a, "二/（一）/1", "初稿");
    let first = a.export_bundle(None).expect("bundle");
    b.import_bundle(&first).expect("merged");
    edit(&b, &id, "定稿");
    // A's old copy arrives at B again: B's edit was made from it, so it stays.
    let report = b.import_bundle(&first).expect("merged again");
    assert_eq!((report.unchanged, report.conflicts), (1, 0));
    assert_eq!(notes(&b), [(id.clone(), Some("定稿".into()))]);
    // The edit reaches A as an update, and a deletion there reaches B.
    let report = a
        .import_bundle(&b.export_bundle(None).expect("bundle"))
        .expect("merged");
    assert_eq!(report.updated, 1);
    a.delete_annotation(&id).expect("deleted");
    let report = b
        .import_bundle(&a.export_bundle(None).expect("bundle"))
        .expect("merged");
    assert_eq!(report.deleted, 1);
    assert!(notes(&b).is_empty());
    // The first copy once more: still deleted.
    b.import_bundle(&first).expect("merged");
    assert!(notes(&b).is_empty());
    // Nothing after the deletion day is exported; a bad bundle changes nothing.
    let later: Value =
        serde_json::from_str(&a.export_bundle(Some("2999-01-01")).expect("bundle")).expect("JSON");
    assert_eq!(later["items"].as_array().map(Vec::len), Some(0));
    let err = b.import_bundle("{\"format\":\"gazette-annotation-bundle\",\"items\":[{}]}");
    assert_eq!(
        err.map(|_| ()).unwrap_err().kind(),
        gazette::ErrorKind::InvalidArgument
    );
    assert!(a.export_bundle(Some("yesterday")).is_err());
}

#[test]
fn command_line_bundles_carry_a_note_and_its_deletion() {
    use crate::support::{fixture, gazette, gazette_ok, json_of};
    let (a, b) = (
        tempfile::tempdir().expect("a"),
        tempfile::tempdir().expect("b"),
    );
    let pdf = fixture("liaocheng-2018-08-1col.pdf");
    for dir in [a.path(), b.path()] {
        assert!(gazette(dir, &["import", pdf.to_str().expect("utf-8")])
            .status
            .success());
    }
    let run = |dir: &std::path::Path, args: &[&str]| {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        json_of(&gazette_ok(dir, &all))
    };
    let added = run(a.path(), &["note", "add", DOC, "三/（一）", "甲：组织领导"]);
    let id = added["id"].as_str().expect("an id").to_string();
    let file = a.path().join("to-b.json");
    let file = file.to_str().expect("utf-8");
    run(a.path(), &["annotations", "bundle", "--output", file]);
    assert_eq!(run(b.path(), &["annotations", "merge", file])["added"], 1);

    run(b.path(), &["annotations", "delete", &id]);
    let today = gazette::dates::today();
    let back = b.path().join("to-a.json");
    let back = back.to_str().expect("utf-8");
    run(
        b.path(),
        &["annotations", "bundle", "--since", &today, "--output", back],
    );
    let report = run(a.path(), &["annotations", "merge", back]);
    assert_eq!(
        (report["deleted"].as_u64(), report["conflicts"].as_u64()),
        (Some(1), Some(0))
    );
    assert_eq!(
        run(a.path(), &["annotations"])["annotations"],
        serde_json::json!([])
    );
    assert_eq!(
        run(a.path(), &["annotations", "conflicts"])["conflicts"],
        serde_json::json!([])
    );
}
