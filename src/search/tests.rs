//! Query parsing, matching, highlighting and snippets.

use super::*;

fn kinds(q: &Query) -> Vec<(TermKind, String)> {
    q.include
        .iter()
        .map(|t| (t.kind, t.chars.iter().collect()))
        .collect()
}

#[test]
fn parses_terms_phrases_and_exclusions() {
    let q = Query::parse("  政务  \"诚信 建设\" -失信 ").unwrap();
    assert_eq!(
        kinds(&q),
        vec![
            (TermKind::Text, "政务".to_string()),
            (TermKind::Text, "诚信 建设".to_string())
        ]
    );
    assert_eq!(q.exclude.len(), 1);
    assert!(Query::parse(" - ").is_err());
    assert!(Query::parse("-失信").is_err());
}

#[test]
fn recognises_document_numbers_in_any_style() {
    for typed in [
        "聊政发〔2018〕41号",
        "聊政发(2018)41号",
        "聊政发2018 41号",
        "聊政发 2018 41 号",
    ] {
        let q = Query::parse(typed).unwrap();
        assert_eq!(
            kinds(&q),
            vec![(TermKind::DocNumber, "聊政发201841号".to_string())],
            "{typed}"
        );
    }
    let q = Query::parse("聊政发2018 41号 诚信").unwrap();
    assert_eq!(q.include.len(), 2);
    assert_eq!(
        q.include[0].parts(),
        vec![
            vec!['聊', '政', '发'],
            "2018".chars().collect(),
            "41".chars().collect(),
            vec!['号']
        ]
    );
}

#[test]
fn fast_paths_of_normalisation_equal_nfkc_and_lower_case() {
    let ranges = [
        '\u{0}'..='\u{7f}',
        '\u{2000}'..='\u{206f}',
        '\u{3000}'..='\u{303f}',
        '\u{3400}'..='\u{4dbf}',
        '\u{4e00}'..='\u{9fff}',
        '\u{ff00}'..='\u{ffef}',
    ];
    for c in ranges.into_iter().flatten() {
        let mut fast = String::new();
        fold_char(c, |n| fast.push(n));
        let full: String = std::iter::once(c)
            .nfkc()
            .flat_map(char::to_lowercase)
            .collect();
        assert_eq!(fast, full, "U+{:04X}", c as u32);
    }
}

#[test]
fn normalises_width_and_case() {
    assert_eq!(fold_case_and_width("（２０１８）ＡＢ"), "(2018)ab");
    let q = Query::parse("（2018）").unwrap();
    assert!(q.matches(&["依据(2018)号"]));
    assert!(q.matches(&["依据（2018）号"]));
}

#[test]
fn document_numbers_match_across_bracket_styles() {
    let q = Query::parse("聊政发(2013)70号").unwrap();
    assert!(q.matches(&["（聊政发〔2013〕70号）同时废止"]));
    assert!(!q.matches(&["聊政发〔2013〕7号"]));
    assert!(!q.matches(&["聊政发〔2013〕701号"]));
}

#[test]
fn snippets_highlight_every_term() {
    let q = Query::parse("诚 信用").unwrap();
    let (snippet, highlights) = snippet(&q, "加强诚信\n建设信用体系");
    assert_eq!(snippet, "加强诚信 建设信用体系");
    assert_eq!(
        highlights,
        vec![
            Highlight { start: 2, end: 3 },
            Highlight { start: 7, end: 9 }
        ]
    );
    let long: String = "甲".repeat(200) + "诚" + &"乙".repeat(200);
    let (snippet, highlights) = super::snippet(&q, &long);
    assert!(snippet.starts_with('…') && snippet.ends_with('…'));
    let h = highlights[0];
    assert_eq!(snippet.chars().nth(h.start), Some('诚'));
}

#[test]
fn year_ranges() {
    let mut o = SearchOptions::default();
    o.set_years("2016..2018").unwrap();
    assert_eq!((o.year_from, o.year_to), (Some(2016), Some(2018)));
    o.set_years("2018").unwrap();
    assert_eq!((o.year_from, o.year_to), (Some(2018), Some(2018)));
    o.set_years("..2018").unwrap();
    assert_eq!((o.year_from, o.year_to), (None, Some(2018)));
    assert!(o.set_years("last year").is_err());
}
