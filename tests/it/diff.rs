//! `gazette diff` on a real document: a re-typeset copy (full-width digits, other
//! brackets, spaces, no 、) shows no change, one changed word shows as one changed
//! clause with the word marked, and the command answers in JSON.

use gazette::diff::{diff, Change, Run};
use gazette::views::{ClauseView, DocumentView};
use gazette::Archive;

use crate::links::import;
use crate::support::{gazette, json_of};

const DOC: &str = "聊政发〔2018〕41号";

/// The same words typeset otherwise.
fn retypeset(text: &str) -> String {
    text.chars()
        .filter(|&c| c != '、')
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c),
            '〔' => '[',
            '〕' => ']',
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect::<String>()
        .replace('，', "， ")
}

fn retypeset_clauses(clauses: &mut [ClauseView]) {
    for c in clauses {
        c.path = retypeset(&c.path);
        c.label = retypeset(&c.label);
        c.heading = c.heading.as_deref().map(retypeset);
        c.text = retypeset(&c.text);
        retypeset_clauses(&mut c.children);
    }
}

fn count(clauses: &[ClauseView]) -> u32 {
    clauses.iter().map(|c| 1 + count(&c.children)).sum()
}

fn find<'a>(clauses: &'a mut [ClauseView], path: &str) -> Option<&'a mut ClauseView> {
    for c in clauses {
        if c.path == path {
            return Some(c);
        }
        if let Some(found) = find(&mut c.children, path) {
            return Some(found);
        }
    }
    None
}

fn document() -> (tempfile::TempDir, DocumentView) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let archive = Archive::open(tmp.path()).expect("open archive");
    import(&archive, "liaocheng-2018-08-1col.pdf");
    let doc = archive.document(DOC).expect("the document");
    (tmp, doc)
}

#[test]
fn a_re_typeset_document_shows_no_change_and_a_changed_word_shows() {
    let (_tmp, doc) = document();
    let mut copy = doc.clone();
    retypeset_clauses(&mut copy.clauses);
    assert_ne!(copy.clauses, doc.clauses, "the copy is typeset otherwise");
    let same = diff(&doc, &copy);
    assert_eq!(same.clauses, []);
    assert_eq!(same.unchanged, count(&doc.clauses));

    let clause = find(&mut copy.clauses, "二/(一)/１").expect("clause 二/(一)/１");
    assert!(clause.text.contains("依法行政"));
    clause.text = clause.text.replacen("依法行政", "依规行政", 1);
    let changed = diff(&doc, &copy);
    assert_eq!(changed.clauses.len(), 1, "{:?}", changed.clauses);
    let c = &changed.clauses[0];
    assert_eq!(
        (c.change, c.old_path.as_deref()),
        (Change::Changed, Some("二/（一）/1"))
    );
    let marks: Vec<(Run, &str)> = c
        .segments
        .iter()
        .filter(|s| s.run != Run::Same)
        .map(|s| (s.run, s.text.as_str()))
        .collect();
    assert_eq!(marks, [(Run::Removed, "法"), (Run::Added, "规")]);
}

#[test]
fn the_command_compares_two_documents() {
    let (tmp, _doc) = document();
    let same = json_of(&gazette(
        tmp.path(),
        &["--json", "diff", DOC, "聊政发(2018)41号"],
    ));
    assert_eq!(same["clauses"], serde_json::json!([]));
    let other = json_of(&gazette(
        tmp.path(),
        &["--json", "diff", DOC, "聊政发〔2018〕43号"],
    ));
    assert!(other["clauses"].as_array().is_some_and(|c| !c.is_empty()));
    let out = gazette(tmp.path(), &["--json", "diff", DOC, "聊政发〔2099〕1号"]);
    assert_eq!(json_of(&out)["error"]["kind"], "not_found");
}
