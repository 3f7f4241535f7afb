//! Amendments: which documents an amending document changes, by title, since a
//! decision names what it amends by title rather than by 文号 —
//! `国务院关于修改《城市地下管线安全管理条例》的决定`, `关于修改和废止部分……的决定` with a
//! numbered list (`一、将《……》第十条修改为：`), or a revised version printed as
//! `城市地下管线安全管理条例（2020年修订）` or republished under its old title with a
//! history note (题注) `（……通过，根据……《……的决定》修正）`.

use std::sync::LazyLock;

use regex::Regex;

use super::titles::top_level_titles;
use super::{ClauseText, LinkKind, Reference};

/// A revised version: the title it revises, then the year of the revision.
static REVISED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<base>.+?)\s*[（(]\s*[0-9]{4}\s*年\s*修订\s*[）)]$").expect("static regex")
});

/// A history note (题注) under a title saying the text was amended: bracketed whole
/// (in any bracket style a re-typesetting may use), naming where it was adopted or issued and what it was amended by.
static HISTORY_NOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?s)^\s*[（(〔\[［].*(通过|公布|发布).*根据.*《.+》.*(修正|修订)\s*[）)〕\]］]\s*$",
    )
    .expect("static regex")
});

/// Whether a paragraph is a history note: it records a version, so it is neither a
/// clause to compare nor the document's own words.
pub fn is_history_note(text: &str) -> bool {
    HISTORY_NOTE.is_match(text)
}

/// Verbs by which a clause of an amending decision changes a named document.
const AMENDING_WORDS: &[&str] = &["修改", "修订", "删去", "删除", "增加", "调整"];

/// Whether a title is an amending decision (`关于修改……的决定`).
fn is_amending(title: &str) -> bool {
    title.contains("修改") && title.contains("决定")
}

/// The documents `title` (the amending document's own) and its clauses amend, in
/// order, each named once.
pub fn amends(title: &str, clauses: &[ClauseText]) -> Vec<Reference> {
    // Republished under the same title, a revised version amends the earlier one of
    // that title; the resolver picks the version dated before it.
    let mut leading = clauses.iter().take_while(|c| c.path.starts_with('¶'));
    if let Some(note) = leading.find(|c| is_history_note(c.text)) {
        return vec![Reference {
            kind: LinkKind::Amends,
            doc_number: None,
            key: None,
            title: Some(title.trim().to_string()),
            clause_path: note.path.to_string(),
        }];
    }
    let mut out: Vec<Reference> = Vec::new();
    let mut push = |amended: &str, clause_path: &str| {
        let amended = amended.trim();
        if amended.is_empty()
            || amended == title
            || out.iter().any(|r| r.title.as_deref() == Some(amended))
        {
            return;
        }
        out.push(Reference {
            kind: LinkKind::Amends,
            doc_number: None,
            key: None,
            title: Some(amended.to_string()),
            clause_path: clause_path.to_string(),
        });
    };
    if let Some(base) = REVISED.captures(title).and_then(|c| c.name("base")) {
        push(base.as_str(), "");
        return out;
    }
    if !is_amending(title) {
        return out;
    }
    for (_, _, named) in top_level_titles(title) {
        push(&named, "");
    }
    for clause in clauses {
        let text = clause.heading.map_or_else(
            || clause.text.to_string(),
            |h| format!("{h}\n{}", clause.text),
        );
        for sentence in text.split(['。', '；', ';', '\n']) {
            if AMENDING_WORDS.iter().any(|w| sentence.contains(w)) {
                for (_, _, named) in top_level_titles(sentence) {
                    push(&named, clause.path);
                }
            }
        }
    }
    out
}

/// A title as the archive compares titles: without white space, so a title broken
/// over two printed lines matches the same title on one.
pub fn title_key(title: &str) -> String {
    title.chars().filter(|c| !c.is_whitespace()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clause<'a>(path: &'a str, text: &'a str) -> ClauseText<'a> {
        ClauseText {
            path,
            heading: None,
            text,
        }
    }

    fn titles(refs: &[Reference]) -> Vec<(&str, &str)> {
        refs.iter()
            .map(|r| (r.title.as_deref().unwrap_or(""), r.clause_path.as_str()))
            .collect()
    }

    #[test]
    fn a_decision_amends_what_its_title_and_list_name() {
        let refs = amends(
            "国务院关于修改和废止部分行政法规的决定",
            &[
                clause("一", "将《城市地下管线安全管理条例》第十条修改为：“……”"),
                clause("二", "删去《生产安全事故应急条例》第五条第二款。"),
                clause("三", "根据《中华人民共和国立法法》，现予公布。"),
                clause("四", "对《城市地下管线安全管理条例》的条文顺序作相应调整。"),
            ],
        );
        assert_eq!(
            titles(&refs),
            [
                ("城市地下管线安全管理条例", "一"),
                ("生产安全事故应急条例", "二")
            ]
        );
        assert!(refs
            .iter()
            .all(|r| r.kind == LinkKind::Amends && r.key.is_none()));
        let refs = amends("国务院关于修改《城市地下管线安全管理条例》的决定", &[]);
        assert_eq!(titles(&refs), [("城市地下管线安全管理条例", "")]);
    }

    #[test]
    fn a_revised_version_amends_its_base_title_and_others_amend_nothing() {
        let refs = amends("城市地下管线安全管理条例（2020年修订）", &[]);
        assert_eq!(titles(&refs), [("城市地下管线安全管理条例", "")]);
        let refs = amends(
            "聊城市人民政府关于加强政务诚信建设的实施意见",
            &[clause(
                "一",
                "修改《聊城市社会信用体系建设规划》的有关内容。",
            )],
        );
        assert!(refs.is_empty());
        assert_eq!(
            title_key("城市地下管线\n安全 管理条例"),
            "城市地下管线安全管理条例"
        );
    }

    #[test]
    fn a_version_republished_with_a_history_note_amends_its_own_title() {
        let note = "（2019年5月20日某某会议通过，根据2020年12月23日某某会议通过的《关于修改〈某某规定〉等五件规定的决定》修正）";
        let refs = amends(
            "某某规定",
            &[
                clause("¶1", note),
                clause("第一条", "为了规范某某，制定本规定。"),
            ],
        );
        assert_eq!(titles(&refs), [("某某规定", "¶1")]);
        // A note of adoption alone records no amendment, and a bracketed paragraph
        // after the first article is the text's own.
        let adopted = [clause("¶1", "（2019年5月20日某某会议通过）")];
        assert!(amends("某某规定", &adopted).is_empty());
        let later = [clause("第一条", "为了规范某某。"), clause("¶2", note)];
        assert!(amends("某某规定", &later).is_empty());
        assert!(is_history_note(note) && !is_history_note("（一）根据《某某法》修正的。"));
    }
}
