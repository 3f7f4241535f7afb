//! Extraction and status against sentences as gazettes print them.

use super::*;
use crate::views::Status;

fn one(text: &str) -> Extracted {
    extract(
        Some("2018-08-17"),
        Some("聊政发〔2018〕46号"),
        &[ClauseText {
            path: "一",
            heading: None,
            text,
        }],
    )
}

fn numbers(e: &Extracted, kind: LinkKind) -> Vec<String> {
    e.references
        .iter()
        .filter(|r| r.kind == kind)
        .map(|r| {
            r.doc_number
                .clone()
                .or_else(|| r.title.clone())
                .unwrap_or_default()
        })
        .collect()
}

#[test]
fn citations_in_every_bracket_style_with_titles() {
    let e = one(
        "根据《甲办法》（鲁政发〔2018〕9号）、《乙意见》(国发[2016]81号)和《丙通知》（聊政办字【2017】3号）\
         以及京政发（2015）12号精神，贯彻落实国发〔2016〕4号文件。",
    );
    let cites: Vec<(String, Option<String>)> = e
        .references
        .iter()
        .map(|r| (r.doc_number.clone().unwrap_or_default(), r.title.clone()))
        .collect();
    assert_eq!(
        cites,
        [
            ("鲁政发〔2018〕9号".into(), Some("甲办法".into())),
            ("国发[2016]81号".into(), Some("乙意见".into())),
            ("聊政办字【2017】3号".into(), Some("丙通知".into())),
            ("京政发（2015）12号".into(), None),
            ("国发〔2016〕4号".into(), None),
        ]
    );
    assert_eq!(e.references[1].key.as_deref(), Some("国发201681号"));
    assert!(numbers(&e, LinkKind::Repeals).is_empty());
}

#[test]
fn nested_titles_and_the_title_nearest_the_number() {
    let e = one("认真贯彻《关于印发〈纲要（2016-2020年）〉的通知》（鲁发〔2016〕16号）和《甲法》《乙意见》（国发〔2016〕81号）。");
    let titles: Vec<_> = e.references.iter().map(|r| r.title.clone()).collect();
    assert_eq!(
        titles,
        [
            Some("关于印发〈纲要（2016-2020年）〉的通知".to_string()),
            Some("乙意见".to_string())
        ]
    );
}

#[test]
fn decree_numbers() {
    let e = one("依据《某条例》（国务院令第708号）和中华人民共和国国务院令（第715号），参照山东省人民政府令第311号。");
    let keys: Vec<_> = e.references.iter().filter_map(|r| r.key.clone()).collect();
    assert_eq!(
        keys,
        [
            "国务院令第708号",
            "国务院令第715号",
            "山东省人民政府令第311号"
        ]
    );
    assert_eq!(e.references[0].title.as_deref(), Some("某条例"));
}

#[test]
fn own_number_is_not_a_citation() {
    let e = one("本意见（聊政发〔2018〕46号）由市政府办公室负责解释。");
    assert!(e.references.is_empty());
    let e = one("国函〔2019〕38号\n住房城乡建设部：");
    assert!(e.references.is_empty());
}

#[test]
fn repeal_with_basis_and_several_targets() {
    let e = one(
        "根据《某条例》（国务院令第708号）规定，《甲办法》（聊政发〔2013〕70号）、\
         《乙办法》（聊政办发〔2014〕5号）和《丙规定》同时废止。",
    );
    assert_eq!(
        numbers(&e, LinkKind::Repeals),
        ["聊政发〔2013〕70号", "聊政办发〔2014〕5号", "丙规定"]
    );
    assert_eq!(numbers(&e, LinkKind::Cites).len(), 3);
}

#[test]
fn repeal_verb_first_and_listed() {
    let e = extract(
        Some("2019-01-01"),
        None,
        &[
            ClauseText {
                path: "五",
                heading: None,
                text: "本办法施行后，下列文件停止执行：",
            },
            ClauseText {
                path: "五/1",
                heading: None,
                text: "《甲规定》（鲁政字(2010)7号）；",
            },
            ClauseText {
                path: "五/2",
                heading: None,
                text: "《乙规定》。",
            },
            ClauseText {
                path: "六",
                heading: None,
                text: "《丙规定》仍然有效。",
            },
        ],
    );
    assert_eq!(
        numbers(&e, LinkKind::Repeals),
        ["鲁政字(2010)7号", "乙规定"]
    );
    let e = one("决定废止《甲规定》（聊政发〔2011〕2号）。");
    assert_eq!(numbers(&e, LinkKind::Repeals), ["聊政发〔2011〕2号"]);
}

#[test]
fn words_inside_a_cited_title_belong_to_that_document() {
    let e = one("《市政府关于废止部分规范性文件的决定》（聊政发〔2019〕1号）已经印发。");
    assert!(numbers(&e, LinkKind::Repeals).is_empty());
    assert_eq!(numbers(&e, LinkKind::Cites), ["聊政发〔2019〕1号"]);
    let e = one("落实《关于有效期至2020年12月31日的政策自2019年1月1日起施行的说明》。");
    assert_eq!(e.effective.as_deref(), Some("2018-08-17"));
    assert_eq!(e.expires, None);
    // Spaced titles keep their offsets: the basis check still finds 根据.
    let e = one("根据《 某条例 》（国务院令第708号），《 甲办法 》（聊政发〔2013〕70号）废止。");
    assert_eq!(numbers(&e, LinkKind::Repeals), ["聊政发〔2013〕70号"]);
}

#[test]
fn repeal_words_without_a_named_document_repeal_nothing() {
    let e = one("对违规企业停止执行相关优惠政策；可以立即停止执行的，同时启动修改或废止规章程序。");
    assert!(e.references.is_empty());
    let e = one("2013年市政府出台《甲意见》（聊政发〔2013〕70号）以来，成效明显。");
    assert!(numbers(&e, LinkKind::Repeals).is_empty());
    assert_eq!(numbers(&e, LinkKind::Cites), ["聊政发〔2013〕70号"]);
}

#[test]
fn continuation_markers_inside_a_sentence_are_layout() {
    let e = one("《甲意见》（聊政发〔2013〕（下转第27页）70号）同时废止；引导上下转诊。");
    assert_eq!(numbers(&e, LinkKind::Repeals), ["聊政发〔2013〕70号"]);
    assert_eq!(e.references[0].key.as_deref(), Some("聊政发201370号"));
}

#[test]
fn effective_and_validity() {
    let e = one("本意见自印发之日起施行，有效期为5年。");
    assert_eq!(e.effective.as_deref(), Some("2018-08-17"));
    assert_eq!(e.expires.as_deref(), Some("2023-08-16"));

    let e = one("本办法自2019年6月1日起施行，有效期至2024年5月31日。");
    assert_eq!(e.effective.as_deref(), Some("2019-06-01"));
    assert_eq!(e.expires.as_deref(), Some("2024-05-31"));

    let e = one("本规定自2020年3月1日起实施，有效期两年。");
    assert_eq!(e.expires.as_deref(), Some("2022-02-28"));

    let e = one("本通知自发布之日起执行，有效期18个月。");
    assert_eq!(e.expires.as_deref(), Some("2020-02-16"));

    let e = one("自2013年1月1日起施行的《甲办法》已不适应需要；加强药品有效期管理。");
    assert_eq!(e.effective.as_deref(), Some("2018-08-17"));
    assert_eq!(e.expires, None);
}

#[test]
fn any_cut_of_tricky_text_extracts_without_panicking() {
    let text = "根据《 甲〈乙〉办法 》（聊政发〔2013〕（下转第2页）70号）、中华人民共和国国务院令（第7号）\
                和《丙》同时废止：自2019年2月29日起施行，有效期十二个月；有效期至2020年13月1日。";
    let chars: Vec<char> = text.chars().collect();
    for start in 0..chars.len() {
        for end in start..=chars.len() {
            let cut: String = chars[start..end].iter().collect();
            one(&cut);
        }
    }
}

#[test]
fn statuses_on_a_day() {
    let s = |today| status(today, Some("2018-08-17"), Some("2023-08-16"), &[]);
    assert_eq!(s("2018-08-16"), Status::NotYetInForce);
    assert_eq!(s("2023-08-16"), Status::InForce);
    assert_eq!(s("2023-08-17"), Status::Expired);
    let later = [Some("2030-01-01".to_string())];
    assert_eq!(status("2020-01-01", None, None, &later), Status::InForce);
    assert_eq!(status("2030-01-01", None, None, &later), Status::Repealed);
    assert_eq!(check_day("2026-2-3").ok().as_deref(), Some("2026-02-03"));
    assert!(check_day("2026-02-30").is_err());
}
