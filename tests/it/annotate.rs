//! Bookmarks, highlights and notes are never lost: they survive a restart, a reindex
//! and the replacement of their issue by a corrected edition (re-anchored exactly, by
//! quote, by fuzzy match, or kept as orphaned with their quote); they round-trip through
//! W3C JSON-LD export, deletion and import without duplicates; bad input changes
//! nothing; and the `gazette` command exposes all of it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::AtomicBool;

use gazette::annotate::{
    AnchorStatus, Annotation, AnnotationFilter, AnnotationPatch, ExportFormat, Kind, Method,
    NewAnnotation, Span,
};
use gazette::views::ImportStatus;
use gazette::{Archive, ErrorKind, ImportOptions};
use serde_json::Value;

use crate::support::fixture;

const DOC: &str = "聊政发〔2018〕41号";
/// The clause the corrected edition rewords.
const CHANGED: &str = "二/（一）/2";
const OLD_PHRASE: &str = "建立有效的信息共享机制";
const NEW_PHRASE: &str = "建立健全跨部门政务信息共享机制";
/// A phrase of the changed clause after the reworded sentence: same words, new offset.
const LATER_PHRASE: &str = "以公开为常态、不公开为例外";

fn original() -> PathBuf {
    fixture("liaocheng-2018-08-1col.pdf")
}

fn corrected() -> PathBuf {
    fixture("other/liaocheng-2018-08-1col-corrected.pdf")
}

fn import(archive: &Archive, file: &Path) -> gazette::views::ImportReport {
    let report = archive.import_file(
        file,
        &ImportOptions::default(),
        &|_| {},
        &AtomicBool::new(false),
    );
    assert!(report.error.is_none(), "import failed: {report:?}");
    report
}

fn new(kind: Kind, path: &str, span: Span) -> NewAnnotation {
    NewAnnotation {
        kind,
        document: DOC.to_string(),
        path: path.to_string(),
        span,
        color: None,
        note: None,
        tags: Vec::new(),
    }
}

/// Every annotation, as stored data (without where it lies in the archive).
fn all(archive: &Archive) -> Vec<Annotation> {
    archive
        .annotations(&AnnotationFilter::default())
        .expect("annotations list")
        .into_iter()
        .map(|v| v.annotation)
        .collect()
}

fn find<'a>(list: &'a [Annotation], id: &str) -> &'a Annotation {
    list.iter()
        .find(|a| a.id == id)
        .unwrap_or_else(|| panic!("annotation {id} is missing from {list:#?}"))
}

/// One of each kind, on unchanged clauses and on the clause the correction rewords.
struct Marked {
    bookmark_unchanged: String,
    highlight_unchanged: String,
    note_on_clause_unchanged: String,
    bookmark_changed: String,
    note_on_changed_phrase: String,
    highlight_after_change: String,
}

fn mark(archive: &Archive) -> Marked {
    let add = |n: NewAnnotation| {
        archive
            .add_annotation(&n)
            .expect("annotation added")
            .annotation
            .id
    };
    let mut highlight = new(
        Kind::Highlight,
        "二/（一）/1",
        Span::Quote("健全依法决策机制".into()),
    );
    highlight.color = Some("green".into());
    highlight.note = Some("决策程序，法制科跟进".into());
    highlight.tags = vec!["法制".into(), "重点".into()];
    let mut note = new(Kind::Note, "二/（一）/3", Span::Clause);
    note.note = Some("审批科：对照本条自查".into());
    note.tags = vec!["审批".into()];
    let mut on_phrase = new(Kind::Note, CHANGED, Span::Quote(OLD_PHRASE.into()));
    on_phrase.note = Some("信息共享：与大数据局对接".into());
    on_phrase.tags = vec!["重点".into()];
    let mut later = new(Kind::Highlight, CHANGED, Span::Quote(LATER_PHRASE.into()));
    later.color = Some("pink".into());
    Marked {
        bookmark_unchanged: add(new(Kind::Bookmark, "二/（一）/5", Span::Clause)),
        highlight_unchanged: add(highlight),
        note_on_clause_unchanged: add(note),
        bookmark_changed: add(new(Kind::Bookmark, CHANGED, Span::Clause)),
        note_on_changed_phrase: add(on_phrase),
        highlight_after_change: add(later),
    }
}

#[test]
fn annotations_survive_restart_reindex_and_a_duplicate_import() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let archive = Archive::open(tmp.path()).expect("archive opens");
    import(&archive, &original());
    let marked = mark(&archive);
    let before = all(&archive);
    assert_eq!(before.len(), 6);
    assert!(before
        .iter()
        .all(|a| a.status == AnchorStatus::Anchored && a.method == Some(Method::Exact)));
    let highlight = find(&before, &marked.highlight_unchanged);
    assert_eq!(highlight.anchor.quote.exact, "健全依法决策机制");
    assert_eq!(highlight.anchor.page, Some(3));
    assert_eq!(highlight.color.as_deref(), Some("green"));
    assert_eq!(highlight.tags, vec!["法制", "重点"]);

    drop(archive);
    let archive = Archive::open(tmp.path()).expect("archive reopens");
    assert_eq!(all(&archive), before, "a restart changed the annotations");

    archive.reindex(&|_, _| {}).expect("reindex");
    assert_eq!(all(&archive), before, "a reindex changed the annotations");

    let report = import(&archive, &original());
    assert_eq!(report.status, ImportStatus::Duplicate);
    assert_eq!(
        all(&archive),
        before,
        "a duplicate import changed the annotations"
    );

    let check = archive.check().expect("check");
    assert!(check.ok, "{:?}", check.problems);
}

#[test]
fn a_corrected_edition_reanchors_every_annotation() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let archive = Archive::open(tmp.path()).expect("archive opens");
    import(&archive, &original());
    let marked = mark(&archive);

    // A document without a 文号 (the 大事记) is known by its title and position.
    let toc = archive.toc("2018-8").expect("目录");
    let unnumbered = toc
        .sections
        .iter()
        .flat_map(|s| &s.entries)
        .find(|e| e.doc_number.is_none() && e.document_id.is_some())
        .and_then(|e| e.document_id)
        .expect("a document without a 文号");
    let chronicle = archive.document(&unnumbered.to_string()).expect("document");
    assert_eq!(chronicle.doc_number, None);
    let mut bookmark = new(Kind::Bookmark, &chronicle.clauses[0].path, Span::Clause);
    bookmark.document = unnumbered.to_string();
    let on_unnumbered = archive
        .add_annotation(&bookmark)
        .expect("bookmarked")
        .annotation;
    assert_eq!(on_unnumbered.anchor.doc_number, None);
    let before = all(&archive);

    let report = import(&archive, &corrected());
    assert_eq!(report.status, ImportStatus::Replaced);
    let counts = report
        .annotations
        .expect("the replacement reports its annotations");
    assert_eq!(counts.total(), 7);
    assert_eq!(counts.orphaned, 0, "{counts:?}");

    let after = all(&archive);
    assert_eq!(after.len(), before.len(), "an annotation was dropped");
    for id in [
        &on_unnumbered.id,
        &marked.bookmark_unchanged,
        &marked.highlight_unchanged,
        &marked.note_on_clause_unchanged,
    ] {
        let (old, new) = (find(&before, id), find(&after, id));
        assert_eq!(new, old, "an annotation on an unchanged clause moved");
    }

    let moved = find(&after, &marked.highlight_after_change);
    let was = find(&before, &marked.highlight_after_change);
    assert_eq!(moved.status, AnchorStatus::Anchored);
    assert_eq!(moved.method, Some(Method::Quote));
    assert_eq!(moved.anchor.path, CHANGED);
    assert_eq!(moved.anchor.quote.exact, LATER_PHRASE);
    // The reworded sentence before it grew by four characters.
    assert_eq!(moved.anchor.start, was.anchor.start + 4);

    let reworded = find(&after, &marked.note_on_changed_phrase);
    assert_eq!(reworded.status, AnchorStatus::Anchored);
    assert_eq!(reworded.method, Some(Method::Fuzzy));
    assert_eq!(reworded.anchor.path, CHANGED);
    assert_eq!(reworded.anchor.quote.exact, NEW_PHRASE);
    let old = find(&before, &marked.note_on_changed_phrase);
    assert_eq!(
        (
            &reworded.note,
            &reworded.tags,
            &reworded.created,
            &reworded.modified
        ),
        (&old.note, &old.tags, &old.created, &old.modified),
        "re-anchoring changed what the user wrote"
    );

    let bookmark = find(&after, &marked.bookmark_changed);
    assert_eq!(bookmark.status, AnchorStatus::Anchored);
    assert_eq!(bookmark.anchor.path, CHANGED);
    assert!(bookmark.anchor.quote.exact.contains(NEW_PHRASE));
    assert_eq!(bookmark.anchor.start, 0);
    assert_eq!(
        bookmark.anchor.end as usize,
        bookmark.anchor.quote.exact.chars().count()
    );

    // The views point at the new edition's rows, so a click opens the right clause.
    let document = archive.document(DOC).expect("document");
    let views = archive
        .annotations(&AnnotationFilter {
            document_id: Some(document.id),
            ..AnnotationFilter::default()
        })
        .expect("annotations of the document");
    assert_eq!(
        views.len(),
        6,
        "the 大事记 bookmark is not in this document"
    );
    let clause_ids = clause_ids(&document.clauses);
    for view in &views {
        let clause = view.clause_id.expect("anchored annotations have a clause");
        assert_eq!(
            clause_ids
                .iter()
                .find(|(id, _)| *id == clause)
                .map(|(_, p)| p.as_str()),
            Some(view.annotation.anchor.path.as_str())
        );
    }

    // Back to the first edition: everything is found again, nothing lost on the way.
    import(&archive, &original());
    let again = all(&archive);
    assert_eq!(again.len(), 7);
    assert!(again.iter().all(|a| a.status == AnchorStatus::Anchored));
    assert_eq!(
        find(&again, &marked.note_on_changed_phrase)
            .anchor
            .quote
            .exact,
        OLD_PHRASE
    );
}

fn clause_ids(clauses: &[gazette::views::ClauseView]) -> Vec<(i64, String)> {
    let mut out = Vec::new();
    for c in clauses {
        out.push((c.id, c.path.clone()));
        out.extend(clause_ids(&c.children));
    }
    out
}

/// A W3C annotation of a clause path and quote, as another archive might send it.
fn w3c(id: &str, source: &str, exact: &str, note: &str) -> String {
    serde_json::json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": format!("urn:uuid:{id}"),
        "type": "Annotation",
        "motivation": "commenting",
        "created": "2026-01-05T08:00:00Z",
        "modified": "2026-01-05T08:00:00Z",
        "body": [{"type": "TextualBody", "value": note, "purpose": "commenting"}],
        "target": {
            "source": source,
            "selector": [{"type": "TextQuoteSelector", "exact": exact, "prefix": "", "suffix": ""}]
        }
    })
    .to_string()
}

#[test]
fn orphans_are_listed_with_their_quote_and_found_again() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let archive = Archive::open(tmp.path()).expect("archive opens");
    // Annotations from a colleague, for an issue this archive does not hold yet.
    let source = "urn:gazette:聊城市人民政府公报:2018:8:聊政发201841号:二/（一）/4";
    let missing = "urn:gazette:聊城市人民政府公报:2018:8:聊政发201841号:九/（九）/9";
    let items = format!(
        "[{},{}]",
        w3c(
            "11111111-1111-4111-8111-111111111111",
            source,
            "编制公务员诚信手册",
            "手册"
        ),
        w3c(
            "22222222-2222-4222-8222-222222222222",
            missing,
            "一段从未印发的文字",
            "无处可寻"
        )
    );
    let report = archive.import_annotations(&items).expect("imported");
    assert_eq!((report.added, report.anchors.orphaned), (2, 2));
    let orphans = all(&archive);
    assert!(orphans.iter().all(|a| a.status == AnchorStatus::Orphaned));

    // The issue arrives: the first is found, the second stays an orphan with its quote.
    let imported = import(&archive, &original());
    let counts = imported.annotations.expect("counts");
    assert_eq!((counts.exact + counts.quote, counts.orphaned), (1, 1));
    let list = all(&archive);
    let found = find(&list, "11111111-1111-4111-8111-111111111111");
    assert_eq!(found.status, AnchorStatus::Anchored);
    assert_eq!(found.anchor.path, "二/（一）/4");
    assert_eq!(
        found.anchor.doc_title,
        "聊城市人民政府关于加强政务诚信建设的实施意见"
    );
    assert_eq!(found.anchor.doc_number.as_deref(), Some(DOC));
    let orphan = find(&list, "22222222-2222-4222-8222-222222222222");
    assert_eq!(orphan.status, AnchorStatus::Orphaned);
    assert_eq!(orphan.anchor.quote.exact, "一段从未印发的文字");
    assert_eq!(orphan.note.as_deref(), Some("无处可寻"));

    // A corrected edition keeps the orphan too.
    import(&archive, &corrected());
    let list = all(&archive);
    assert_eq!(list.len(), 2);
    assert_eq!(
        find(&list, "22222222-2222-4222-8222-222222222222").status,
        AnchorStatus::Orphaned
    );
    let orphaned = archive
        .annotations(&AnnotationFilter {
            status: Some(AnchorStatus::Orphaned),
            ..AnnotationFilter::default()
        })
        .expect("orphans");
    assert_eq!(orphaned.len(), 1);
    assert_eq!(orphaned[0].clause_id, None);
    let markdown = archive
        .export_annotations(ExportFormat::Md, &AnnotationFilter::default())
        .expect("markdown");
    assert!(markdown.contains("orphaned"), "{markdown}");
    assert!(markdown.contains("一段从未印发的文字"), "{markdown}");
}

#[test]
fn export_delete_import_round_trips_and_merges_without_duplicates() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let archive = Archive::open(tmp.path()).expect("archive opens");
    import(&archive, &original());
    mark(&archive);
    let every = AnnotationFilter::default();
    let before = all(&archive);
    let w3c = archive
        .export_annotations(ExportFormat::W3c, &every)
        .expect("w3c");
    let markdown = archive
        .export_annotations(ExportFormat::Md, &every)
        .expect("md");

    let doc: Value = serde_json::from_str(&w3c).expect("the export is JSON");
    assert_eq!(doc["@context"], "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(doc["type"], "AnnotationCollection");
    let items = doc["first"]["items"].as_array().expect("items");
    assert_eq!(items.len(), 6);
    let motivations: Vec<&str> = items
        .iter()
        .filter_map(|i| i["motivation"].as_str())
        .collect();
    for m in ["bookmarking", "highlighting", "commenting"] {
        assert!(motivations.contains(&m), "{motivations:?}");
    }
    let highlight = items
        .iter()
        .find(|i| i["target"]["styleClass"] == "green")
        .expect("the green highlight");
    assert_eq!(highlight["type"], "Annotation");
    assert!(highlight["id"]
        .as_str()
        .is_some_and(|id| id.starts_with("urn:uuid:")));
    assert_eq!(
        highlight["target"]["source"],
        "urn:gazette:聊城市人民政府公报:2018:8:聊政发201841号:二/（一）/1"
    );
    let selectors = highlight["target"]["selector"]
        .as_array()
        .expect("selectors");
    assert_eq!(selectors[0]["type"], "TextQuoteSelector");
    assert_eq!(selectors[0]["exact"], "健全依法决策机制");
    assert_eq!(selectors[1]["type"], "TextPositionSelector");
    let purposes: Vec<&str> = highlight["body"]
        .as_array()
        .expect("bodies")
        .iter()
        .filter_map(|b| b["purpose"].as_str())
        .collect();
    assert_eq!(purposes, vec!["commenting", "tagging", "tagging"]);
    assert!(
        markdown.contains("## 聊城市人民政府公报 2018年第8期"),
        "{markdown}"
    );
    assert!(
        markdown.contains("### 聊政发〔2018〕41号　聊城市人民政府关于加强政务诚信建设的实施意见")
    );
    assert!(markdown.contains("- **二/（一）/1**, p. 3 — highlight (green) #法制 #重点"));
    assert!(markdown.contains("  > 健全依法决策机制"));
    assert!(markdown.contains("  决策程序，法制科跟进"));

    for a in &before {
        archive.delete_annotation(&a.id).expect("deleted");
    }
    assert!(all(&archive).is_empty());
    let report = archive.import_annotations(&w3c).expect("imported");
    assert_eq!((report.added, report.updated, report.unchanged), (6, 0, 0));
    assert_eq!(
        all(&archive),
        before,
        "the round trip changed an annotation"
    );
    assert_eq!(
        archive
            .export_annotations(ExportFormat::W3c, &every)
            .expect("w3c"),
        w3c
    );
    assert_eq!(
        archive
            .export_annotations(ExportFormat::Md, &every)
            .expect("md"),
        markdown
    );

    // Importing the same file again, as a colleague would, adds nothing.
    let report = archive.import_annotations(&w3c).expect("imported again");
    assert_eq!((report.added, report.updated, report.unchanged), (0, 0, 6));
    assert_eq!(all(&archive), before);

    // A later edit from a colleague wins over ours; an older one does not.
    let id = &before[0].id;
    let mut theirs: Value = serde_json::from_str(&w3c).expect("json");
    let item = theirs["first"]["items"]
        .as_array_mut()
        .and_then(|items| {
            items
                .iter_mut()
                .find(|i| i["id"] == format!("urn:uuid:{id}"))
        })
        .expect("the item");
    item["modified"] = "2999-01-01T00:00:00Z".into();
    item["body"] =
        serde_json::json!([{"type": "TextualBody", "value": "同事", "purpose": "tagging"}]);
    let report = archive
        .import_annotations(&theirs.to_string())
        .expect("merged");
    assert_eq!((report.added, report.updated, report.unchanged), (0, 1, 5));
    assert_eq!(
        archive.annotation(id).expect("merged").annotation.tags,
        vec!["同事"]
    );
    let edited = archive
        .update_annotation(
            id,
            &AnnotationPatch {
                tags: Some(vec!["本地".into()]),
                ..AnnotationPatch::default()
            },
        )
        .expect("edited");
    assert_eq!(edited.annotation.tags, vec!["本地"]);
    let report = archive.import_annotations(&w3c).expect("older file");
    assert_eq!(report.unchanged, 6);
}

#[test]
fn bad_input_changes_nothing() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let archive = Archive::open(tmp.path()).expect("archive opens");
    import(&archive, &original());
    mark(&archive);
    let before = all(&archive);
    let kind_of = |n: NewAnnotation| {
        archive
            .add_annotation(&n)
            .map(|_| ())
            .expect_err("refused")
            .kind()
    };

    assert_eq!(
        kind_of(new(Kind::Bookmark, "九/（九）", Span::Clause)),
        ErrorKind::NotFound
    );
    let mut elsewhere = new(Kind::Bookmark, "二/（一）/5", Span::Clause);
    elsewhere.document = "聊政发〔2099〕1号".into();
    assert_eq!(kind_of(elsewhere), ErrorKind::NotFound);
    let absent = new(
        Kind::Highlight,
        "二/（一）/5",
        Span::Quote("不在本条的文字".into()),
    );
    assert_eq!(kind_of(absent), ErrorKind::InvalidArgument);
    let range = new(
        Kind::Highlight,
        "二/（一）/5",
        Span::Range {
            start: 5,
            end: 5000,
        },
    );
    assert_eq!(kind_of(range), ErrorKind::InvalidArgument);
    let mut colour = new(
        Kind::Highlight,
        "二/（一）/5",
        Span::Range { start: 0, end: 4 },
    );
    colour.color = Some("chartreuse".into());
    assert_eq!(kind_of(colour), ErrorKind::InvalidArgument);
    assert_eq!(
        kind_of(new(Kind::Note, "二/（一）/5", Span::Clause)),
        ErrorKind::InvalidArgument
    );

    let good = w3c(
        "33333333-3333-4333-8333-333333333333",
        "urn:gazette:聊城市人民政府公报:2018:8:聊政发201841号:二/（一）/4",
        "编制公务员诚信手册",
        "好",
    );
    for bad in [
        "not json".to_string(),
        "{\"type\": \"Something\"}".to_string(),
        // One good annotation and one with a broken source: neither goes in.
        format!(
            "[{good}, {}]",
            w3c("4", "http://example.com/x", "文字", "坏")
        ),
    ] {
        let e = archive.import_annotations(&bad).expect_err("refused");
        assert_eq!(e.kind(), ErrorKind::InvalidArgument, "{bad}: {e}");
    }
    assert_eq!(
        archive
            .delete_annotation("no-such-id")
            .expect_err("refused")
            .kind(),
        ErrorKind::NotFound
    );

    // A PDF that fails to import leaves the issue and its annotations as they were.
    let failed = archive.import_file(
        &fixture("bad/truncated-60pct.pdf"),
        &ImportOptions::default(),
        &|_| {},
        &AtomicBool::new(false),
    );
    assert_eq!(failed.status, ImportStatus::Error);
    assert_eq!(all(&archive), before);
}

fn gazette(archive: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gazette"))
        .arg("--archive")
        .arg(archive)
        .args(args)
        .output()
        .expect("the gazette binary runs")
}

fn json_ok(archive: &Path, args: &[&str]) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let out = gazette(archive, &all);
    assert!(
        out.status.success(),
        "gazette {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

#[test]
fn command_line_annotations() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    let original = original();
    json_ok(dir, &["import", original.to_str().expect("utf-8 path")]);

    let bookmark = json_ok(
        dir,
        &[
            "bookmark",
            "add",
            "聊政发(2018)41号",
            "二/（一）/5",
            "--tag",
            "信用",
        ],
    );
    assert_eq!(bookmark["kind"], "bookmark");
    assert_eq!(bookmark["status"], "anchored");
    assert_eq!(bookmark["tags"], serde_json::json!(["信用"]));
    let note = json_ok(
        dir,
        &[
            "note",
            "add",
            DOC,
            CHANGED,
            "与大数据局对接",
            "--quote",
            OLD_PHRASE,
            "--tag",
            "重点",
        ],
    );
    assert_eq!(note["anchor"]["quote"]["exact"], OLD_PHRASE);
    assert_eq!(note["anchor"]["page"], 3);
    assert!(note["document_id"].is_i64());

    let out = gazette(dir, &["--json", "note", "add", DOC, "九/（九）", "无此条"]);
    assert!(!out.status.success());
    let error: Value = serde_json::from_slice(&out.stdout).expect("error JSON");
    assert_eq!(error["error"]["kind"], "not_found");

    let corrected = corrected();
    let replaced = json_ok(dir, &["import", corrected.to_str().expect("utf-8 path")]);
    assert_eq!(replaced["results"][0]["status"], "replaced");
    assert_eq!(replaced["results"][0]["annotations"]["orphaned"], 0);

    let listed = json_ok(dir, &["annotations"]);
    let list = listed["annotations"].as_array().expect("list");
    assert_eq!(list.len(), 2);
    assert!(list.iter().all(|a| a["status"] == "anchored"));
    let moved = list.iter().find(|a| a["kind"] == "note").expect("the note");
    assert_eq!(moved["method"], "fuzzy");
    assert_eq!(moved["anchor"]["quote"]["exact"], NEW_PHRASE);
    let tagged = json_ok(dir, &["annotations", "--tag", "信用"]);
    assert_eq!(tagged["annotations"].as_array().map(Vec::len), Some(1));
    let text = json_ok(dir, &["annotations", "--text", "大数据"]);
    assert_eq!(text["annotations"].as_array().map(Vec::len), Some(1));

    let md = gazette(dir, &["annotations", "export", "--format", "md"]);
    assert!(md.status.success());
    let md = String::from_utf8_lossy(&md.stdout);
    assert!(md.contains("与大数据局对接") && md.contains("p. 3"), "{md}");

    let file = dir.join("exchange.jsonld");
    let file_arg = file.to_str().expect("utf-8 path");
    json_ok(
        dir,
        &[
            "annotations",
            "export",
            "--format",
            "w3c",
            "--output",
            file_arg,
        ],
    );
    let ids: Vec<&str> = list.iter().filter_map(|a| a["id"].as_str()).collect();
    let mut delete = vec!["annotations", "delete"];
    delete.extend(&ids);
    json_ok(dir, &delete);
    assert_eq!(
        json_ok(dir, &["annotations"])["annotations"],
        serde_json::json!([])
    );
    let report = json_ok(dir, &["annotations", "import", file_arg]);
    assert_eq!(report["added"], 2);
    // Everything comes back; only how the note was last found differs (the quote it
    // now holds is the corrected text, found exactly).
    let without_method = |list: &[Value]| -> Vec<Value> {
        let mut list = list.to_vec();
        list.iter_mut()
            .filter_map(Value::as_object_mut)
            .for_each(|a| {
                a.remove("method");
            });
        list
    };
    let relisted = json_ok(dir, &["annotations"]);
    let relisted = relisted["annotations"].as_array().expect("list");
    assert_eq!(without_method(relisted), without_method(list));
    let report = json_ok(dir, &["annotations", "import", file_arg]);
    assert_eq!(
        (report["added"].as_u64(), report["unchanged"].as_u64()),
        (Some(0), Some(2))
    );
}
