//! Versions and bundle entries on their own: lineage, which copy descends from
//! which, and bundles that are refused before anything changes.

use super::{parse, Entry, Tombstone, Version};

#[test]
fn a_new_version_descends_from_every_earlier_one() {
    let first = Version::after(None);
    assert!(first.history.is_empty());
    let second = Version::after(Some(first.clone()));
    let third = Version::after(Some(second.clone()));
    assert!(third.descends_from(&first) && third.descends_from(&second));
    assert!(!first.descends_from(&third));
    assert_ne!(second.rev, third.rev);
    // Two edits of the same version descend from it and not from each other.
    let other = Version::after(Some(second.clone()));
    assert!(!other.descends_from(&third) && !third.descends_from(&other));
}

#[test]
fn a_copy_without_a_version_is_named_alike_everywhere() {
    let a = Version::legacy("n1", "2024-05-01T08:00:00Z", None);
    let b = Version::legacy("n1", "2024-05-01T08:00:00Z", None);
    assert_eq!(a, b);
    assert_eq!(a.rev, "n1@2024-05-01T08:00:00Z");
    let later = Version::legacy("n1", "2024-05-02T08:00:00Z", Some(a.clone()));
    assert!(later.descends_from(&a));
}

#[test]
fn a_deletion_travels_as_its_own_version() {
    let tombstone = Tombstone {
        id: "n1".into(),
        rev: "r2".into(),
        history: ["r1".to_string()].into_iter().collect(),
        deleted: "2024-05-02T08:00:00Z".into(),
    };
    let entry = Entry::Deleted(tombstone.clone());
    let back = Entry::from_json(&entry.to_json()).expect("reads back");
    assert!(matches!(back, Entry::Deleted(t) if t == tombstone));
    assert_eq!(entry.time(), "2024-05-02T08:00:00Z");
    assert_eq!(entry.version().rev, "r2");
}

#[test]
fn bundles_of_the_wrong_shape_are_refused_whole() {
    let kind = |text: &str| parse(text).map(|_| ()).unwrap_err().kind();
    use crate::ErrorKind::InvalidArgument;
    assert_eq!(kind("not json"), InvalidArgument);
    assert_eq!(
        kind(r#"{"format":"something-else","items":[]}"#),
        InvalidArgument
    );
    assert_eq!(
        kind(r#"{"format":"gazette-annotation-bundle"}"#),
        InvalidArgument
    );
    let one_bad = r#"{"format":"gazette-annotation-bundle","items":[
        {"id":"n1","rev":"r2","history":["r1"],"deleted":"2024-05-02T08:00:00Z"},
        {"type":"Annotation"}]}"#;
    assert_eq!(kind(one_bad), InvalidArgument);
    let good = r#"{"format":"gazette-annotation-bundle","items":[
        {"id":"n1","rev":"r2","history":["r1"],"deleted":"2024-05-02T08:00:00Z"}]}"#;
    let (entries, conflicts) = parse(good).expect("a good bundle");
    assert_eq!((entries.len(), conflicts.len()), (1, 0));
}
