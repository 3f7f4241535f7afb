//! Comparisons of hand-written versions: an amended regulation whose articles changed,
//! moved, went and came, and a policy re-typeset with nothing but formatting changed.

use super::{diff, normal, words, Change, Run, Segment};
use crate::views::DocumentView;

/// A document from a compact description: (path, heading, text) per clause, children
/// after their parent with a longer path.
fn document(id: i64, clauses: &[(&str, Option<&str>, &str)]) -> DocumentView {
    fn tree(all: &[(&str, Option<&str>, &str)], parent: &str) -> Vec<serde_json::Value> {
        all.iter()
            .filter(|(path, _, _)| match path.rsplit_once('/') {
                Some((head, _)) => head == parent,
                None => parent.is_empty(),
            })
            .map(|(path, heading, text)| {
                serde_json::json!({
                    "id": 0, "path": path, "label": path.rsplit('/').next(),
                    "heading": heading, "text": text, "page": 1, "pdf_page": 2,
                    "children": tree(all, path),
                })
            })
            .collect()
    }
    serde_json::from_value(serde_json::json!({
        "id": id, "issue_id": 1, "gazette": "某市人民政府公报", "year": 2020, "number": 1,
        "number_label": "第1期", "kind": "document", "section": null, "red_header": null,
        "office": null, "doc_number": null, "title": "某市条例", "addressees": null,
        "date": null, "signatories": [], "start_page": 1, "end_page": 2,
        "start_pdf_page": 2, "continuations": [], "attachments": [], "distribution": [],
        "clauses": tree(clauses, ""),
    }))
    .expect("a document")
}

fn changes(view: &super::DiffView) -> Vec<(&str, Change)> {
    view.clauses
        .iter()
        .map(|c| (c.key.as_str(), c.change))
        .collect()
}

#[test]
fn an_amended_regulation_shows_changed_moved_removed_and_added_articles() {
    let old = document(
        1,
        &[
            ("第一章", Some("总则"), ""),
            ("第一章/第一条", None, "为了规范政务服务，制定本条例。"),
            ("第一章/第二条", None, "本条例适用于本市行政区域。"),
            ("第二章", Some("服务"), ""),
            ("第二章/第三条", None, "申请人应当在三十日内提交材料。"),
            ("第二章/第四条", None, "违反本条例的，处一千元罚款。"),
        ],
    );
    let new = document(
        2,
        &[
            ("第一章", Some("总则"), ""),
            ("第一章/第一条", None, "为了规范 政务服务 ，制定本条例。"),
            ("第一章/第二条", None, "本条例适用于本市行政区域。"),
            ("第二章", Some("服务"), ""),
            ("第三章", Some("附则"), ""),
            ("第三章/第三条", None, "申请人应当在十五日内提交材料。"),
            ("第三章/第五条", None, "本条例自2020年1月1日起施行。"),
        ],
    );
    let view = diff(&old, &new);
    assert_eq!(
        changes(&view),
        [
            ("第三章", Change::Added),
            ("第三条", Change::Changed),
            ("第四条", Change::Removed),
            ("第五条", Change::Added),
        ]
    );
    // 第一章, 第一条 (re-spaced only), 第二条 and 第二章.
    assert_eq!(view.unchanged, 4);
    let moved = &view.clauses[1];
    assert_eq!(moved.old_path.as_deref(), Some("第二章/第三条"));
    assert_eq!(moved.new_path.as_deref(), Some("第三章/第三条"));
    let marked: Vec<(Run, &str)> = moved
        .segments
        .iter()
        .map(|s| (s.run, s.text.as_str()))
        .collect();
    assert_eq!(
        marked,
        [
            (Run::Same, "申请人应当在"),
            (Run::Removed, "三"),
            (Run::Same, "十"),
            (Run::Added, "五"),
            (Run::Same, "日内提交材料。"),
        ]
    );
    assert_eq!(
        view.clauses[2].segments[0].text,
        "违反本条例的，处一千元罚款。"
    );
}

#[test]
fn an_inserted_article_renumbers_the_ones_after_it_without_changing_them() {
    let old = document(
        1,
        &[
            ("第一条", None, "为了规范政务服务，制定本条例。"),
            ("第二条", None, "申请人应当在三十日内提交材料。"),
            ("第三条", None, "违反本条例的，处一千元罚款。"),
            ("第三条/（一）", None, "（一）情节较轻的，予以警告；"),
            ("第四条", None, "本条例自公布之日起施行。"),
        ],
    );
    let new = document(
        2,
        &[
            ("第一条", None, "为了规范政务服务，制定本条例。"),
            ("第二条", None, "申请人应当在十五日内提交材料。"),
            ("第三条", None, "申请材料可以通过网络提交。"),
            ("第四条", None, "违反本条例的，处一千元罚款。"),
            ("第四条/（一）", None, "（一）情节较轻的，予以警告；"),
            ("第五条", None, "本条例自公布之日起施行。"),
        ],
    );
    let view = diff(&old, &new);
    // 增加一条，作为第三条: the old 第三条 and 第四条 carry on as 第四条 and 第五条.
    assert_eq!(
        changes(&view),
        [("第二条", Change::Changed), ("第三条", Change::Added)]
    );
    assert_eq!(view.unchanged, 4);

    // The other way round, a deleted article is removed and nothing after it changes.
    let back = diff(&new, &old);
    assert_eq!(
        changes(&back),
        [("第二条", Change::Changed), ("第三条", Change::Removed)]
    );
    assert_eq!(back.clauses[1].old_path.as_deref(), Some("第三条"));
    assert_eq!(back.unchanged, 4);
}

#[test]
fn a_history_note_of_a_republished_version_is_no_change_and_shifts_nothing() {
    let old = document(
        1,
        &[
            ("¶1", None, "为规范某事，制定本规定。"),
            ("第一条", None, "本规定适用于本市。"),
        ],
    );
    let new = document(
        2,
        &[
            (
                "¶1",
                None,
                "（2019年5月20日某会议通过，根据2020年12月23日《关于修改〈某规定〉的决定》修正）",
            ),
            ("¶2", None, "为规范某事，依据《民法典》，制定本规定。"),
            ("第一条", None, "本规定适用于本市。"),
        ],
    );
    let view = diff(&old, &new);
    // The preamble aligns with the preamble, not with the note before it.
    assert_eq!(changes(&view), [("¶1", Change::Changed)]);
    assert_eq!(view.clauses[0].new_path.as_deref(), Some("¶2"));
    assert_eq!(view.unchanged, 1);
}

#[test]
fn a_re_typeset_policy_has_no_changes() {
    let old = document(
        1,
        &[
            ("一", Some("总体要求"), ""),
            (
                "一/（一）",
                Some("指导思想"),
                "根据《意见》（聊政发〔2018〕41号），到2020年，各县（市、区）完成。",
            ),
            ("一/（一）/1", None, "1、建立机制；2、完善制度。"),
        ],
    );
    let new = document(
        2,
        &[
            ("一", Some("总体要求"), ""),
            (
                "一/(一)",
                Some("指导思想"),
                "根据《意见》(聊政发[2018]41号)，到２０２０年， 各县(市区)完成。",
            ),
            ("一/(一)/1", None, "1 建立机制；2 完善制度。"),
        ],
    );
    let view = diff(&old, &new);
    assert_eq!(view.clauses, []);
    assert_eq!(view.unchanged, 3);
}

#[test]
fn formatting_folds_away_and_words_keep_their_print() {
    assert_eq!(normal("〔2018〕 41号"), normal("[２０１８]41号"));
    assert_eq!(normal("甲、乙"), normal("甲乙"));
    assert_ne!(normal("三十日"), normal("十五日"));
    // The newer text is shown as printed, formatting and all.
    let marked = words("在三十日内", "在 ３０ 日内");
    assert_eq!(
        marked,
        [
            Segment {
                run: Run::Same,
                text: "在 ".into()
            },
            Segment {
                run: Run::Removed,
                text: "三十".into()
            },
            Segment {
                run: Run::Added,
                text: "３０".into()
            },
            Segment {
                run: Run::Same,
                text: " 日内".into()
            },
        ]
    );
}
