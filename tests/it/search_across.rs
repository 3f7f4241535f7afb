//! Search over whole documents and in pages: terms held by different clauses (or a
//! clause and a printed line) of one document find the document, after every clause
//! that holds them all, with the places that hold them; a hit in a printed line
//! outside the clauses points to that line's page; paging through a search gives
//! every hit of the oracle once, and the separate count is exact.

use std::collections::BTreeSet;

use gazette::search::{MatchField, PrintedPart, SearchOptions};
use gazette::Archive;
use gazette_bench::Rng;
use rusqlite::Connection;

use crate::search::{
    assert_search, everything, import, large_archive, oracle, sample_archive, samples, units,
    HitKey, Term, Unit,
};

/// Pairs of terms from two different clauses of one document, neither clause holding
/// both, and no clause or line anywhere holding both (so the document is found only
/// as a whole).
fn pairs_across_clauses(units: &[Unit], rng: &mut Rng, count: usize) -> Vec<(String, String)> {
    let clauses: Vec<&Unit> = units.iter().filter(|u| u.clause_id.is_some()).collect();
    let mut pairs = Vec::new();
    for _ in 0..count * 200 {
        if pairs.len() == count {
            break;
        }
        let a = clauses[rng.below(clauses.len())];
        let same: Vec<&&Unit> = clauses
            .iter()
            .filter(|u| u.document_id == a.document_id && u.clause_id != a.clause_id)
            .collect();
        if same.is_empty() {
            continue;
        }
        let b = same[rng.below(same.len())];
        let (Some(x), Some(y)) = (
            samples(std::slice::from_ref(a), 4, 1, rng).pop(),
            samples(std::slice::from_ref(*b), 4, 1, rng).pop(),
        ) else {
            continue;
        };
        let both = [Term::typed(&x), Term::typed(&y)];
        let together = units.iter().any(|u| {
            let fields: Vec<&str> = u.fields.iter().map(String::as_str).collect();
            both.iter().all(|t| t.in_any(&fields))
        });
        if !together {
            pairs.push((x, y));
        }
    }
    pairs
}

#[test]
fn terms_in_different_clauses_find_their_document_with_the_places_that_hold_them() {
    let (tmp, archive) = sample_archive();
    let units = units(tmp.path());
    let mut rng = Rng::new(31);
    let pairs = pairs_across_clauses(&units, &mut rng, 15);
    assert!(
        pairs.len() >= 10,
        "the fixture has documents of several clauses"
    );
    for (x, y) in &pairs {
        let typed = format!("{x} {y}");
        let include = [Term::typed(x), Term::typed(y)];
        let results = assert_search(
            &archive,
            &units,
            &typed,
            &include,
            &[],
            &everything(),
            &|_| true,
        );
        let whole: Vec<_> = results
            .hits
            .iter()
            .filter(|h| h.matched == MatchField::Document)
            .collect();
        assert!(!whole.is_empty(), "{typed}: no document-wide hit");
        for hit in whole {
            assert_eq!(hit.clause_id, None, "{typed}");
            // Each term is shown where it is, in a clause of this very document.
            for term in &include {
                let place = hit
                    .spread
                    .iter()
                    .find(|p| {
                        let unit = units.iter().find(|u| {
                            u.document_id == hit.document_id && u.clause_id == p.clause_id
                        });
                        unit.is_some_and(|u| {
                            let fields: Vec<&str> = u.fields.iter().map(String::as_str).collect();
                            term.in_any(&fields)
                        })
                    })
                    .unwrap_or_else(|| panic!("{typed}: no place shows a term"));
                assert!(!place.highlights.is_empty(), "{typed}: {}", place.snippet);
                assert!(place.page.is_some() && place.pdf_page.is_some(), "{typed}");
                // … and at the first clause that holds it, when the document's own
                // lines do not (clause ids follow the printed order).
                let holders: Vec<_> = units
                    .iter()
                    .filter(|u| u.document_id == hit.document_id)
                    .filter(|u| {
                        let fields: Vec<&str> = u.fields.iter().map(String::as_str).collect();
                        term.in_any(&fields)
                    })
                    .collect();
                if holders.iter().all(|u| u.clause_id.is_some()) {
                    let first = holders.iter().filter_map(|u| u.clause_id).min();
                    assert!(
                        hit.spread.iter().any(|p| p.clause_id == first),
                        "{typed}: not shown at its first clause {first:?}"
                    );
                }
            }
        }
        // An excluded term anywhere in the document rules the document out; typed as
        // one phrase the two terms are not found apart.
        let typed = format!("{x} {y} -{}", y.chars().take(2).collect::<String>());
        let exclude = [Term::typed(&y.chars().take(2).collect::<String>())];
        assert_search(
            &archive,
            &units,
            &typed,
            &include,
            &exclude,
            &everything(),
            &|_| true,
        );
        let phrase = format!("\"{x} {y}\"");
        let results = archive.search(&phrase, &everything()).unwrap();
        assert_eq!(results.total, 0, "{phrase}");
    }
}

#[test]
fn documents_where_one_clause_holds_every_term_rank_first() {
    let (tmp, archive) = sample_archive();
    let units = units(tmp.path());
    // Common words: many clauses hold both, and many documents only across clauses.
    let mut mixed = 0;
    for typed in ["政府 建设", "工作 制度", "信用 部门", "市 区"] {
        let words: Vec<&str> = typed.split(' ').collect();
        let include: Vec<Term> = words.iter().map(|w| Term::typed(w)).collect();
        let results = assert_search(
            &archive,
            &units,
            typed,
            &include,
            &[],
            &everything(),
            &|_| true,
        );
        let first_whole = results
            .hits
            .iter()
            .position(|h| h.matched == MatchField::Document);
        if let Some(at) = first_whole {
            mixed += usize::from(at > 0);
            assert!(
                results.hits[at..]
                    .iter()
                    .all(|h| h.matched == MatchField::Document),
                "{typed}: a single-clause hit after a document-wide one"
            );
        }
    }
    assert!(mixed > 0, "some query has both kinds of hit");
}

#[test]
fn a_hit_in_a_printed_line_points_to_that_line_and_its_page() {
    let (_tmp, archive) = sample_archive();
    // The 主送 line is on the document's first page, the 印发 line on its last.
    let conn = Connection::open(Archive::database_path(_tmp.path())).unwrap();
    let pages = |id: i64| -> (Option<u32>, Option<u32>) {
        conn.query_row(
            "SELECT start_page, end_page FROM documents WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
    };
    for (typed, part, last) in [
        ("市属开发区管委会", PrintedPart::Addressees, false),
        ("8月31日印发", PrintedPart::Distribution, true),
    ] {
        let results = archive.search(typed, &everything()).unwrap();
        // Clauses may say the same; the document hits are those of the line.
        let documents: Vec<_> = results
            .hits
            .iter()
            .filter(|h| h.clause_id.is_none())
            .collect();
        assert!(!documents.is_empty(), "{typed}");
        for hit in documents {
            assert_eq!(hit.part, Some(part), "{typed}: {}", hit.snippet);
            let (start, end) = pages(hit.document_id);
            assert_eq!(hit.page, if last { end } else { start }, "{typed}");
        }
    }
    // A hit in the title stays on the first page and names no line.
    let title: String = conn
        .query_row("SELECT title FROM documents ORDER BY id LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    let title = archive.search(&title, &everything()).unwrap();
    let hit = title
        .hits
        .iter()
        .find(|h| h.matched == MatchField::Title)
        .expect("a title hit");
    assert_eq!(hit.part, None);
    assert_eq!(hit.page, pages(hit.document_id).0);
}

#[test]
fn signature_and_date_hits_point_to_the_page_that_prints_them() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = Archive::open(tmp.path()).unwrap();
    import(&archive, "liaocheng-2018-08-1col.pdf");
    let conn = Connection::open(Archive::database_path(tmp.path())).unwrap();
    let squeeze = |t: &str| -> String { t.chars().filter(|c| !c.is_whitespace()).collect() };
    let dates: Vec<String> = conn
        .prepare("SELECT DISTINCT date FROM documents WHERE date IS NOT NULL")
        .unwrap()
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut checked = 0;
    for iso in &dates {
        let [y, m, d]: [u32; 3] =
            [0, 1, 2].map(|k| iso.split('-').nth(k).unwrap().parse().unwrap());
        let printed = format!("{y}年{m}月{d}日");
        let results = archive.search(&printed, &everything()).unwrap();
        for hit in results
            .hits
            .iter()
            .filter(|h| h.part == Some(PrintedPart::Date))
        {
            let text: String = conn
                .query_row(
                    "SELECT text FROM pages WHERE issue_id = ?1 AND pdf_page = ?2",
                    (hit.issue.issue_id, hit.pdf_page.unwrap()),
                    |r| r.get(0),
                )
                .unwrap();
            // The page shown prints the date whenever some page of the document does.
            let printed_somewhere: bool = conn
                .query_row(
                    "SELECT COUNT(*) > 0 FROM pages WHERE issue_id = ?1 AND replace(replace(text, ' ', ''), char(10), '') LIKE ?2",
                    (hit.issue.issue_id, format!("%{printed}%")),
                    |r| r.get(0),
                )
                .unwrap();
            if printed_somewhere && squeeze(&text).contains(&printed) {
                checked += 1;
            }
        }
    }
    assert!(checked > 0, "dates are found on the pages that print them");
}

/// Every hit of `typed` by pages of `limit`, in order.
fn paged(archive: &Archive, typed: &str, limit: usize) -> Vec<HitKey> {
    paged_with(archive, typed, limit, &SearchOptions::default())
}

/// Every hit of `typed` under `filters` by pages of `limit`, in order.
fn paged_with(
    archive: &Archive,
    typed: &str,
    limit: usize,
    filters: &SearchOptions,
) -> Vec<HitKey> {
    let mut all = Vec::new();
    for page in 0.. {
        let options = SearchOptions {
            limit,
            offset: page * limit,
            ..filters.clone()
        };
        let results = archive.search(typed, &options).unwrap();
        assert_eq!(results.offset, page * limit);
        if results.hits.is_empty() {
            break;
        }
        assert!(results.hits.len() <= limit);
        all.extend(results.hits.iter().map(|h| (h.document_id, h.clause_id)));
    }
    all
}

#[test]
fn paging_gives_every_hit_once_and_the_count_is_exact() {
    let (tmp, archive) = sample_archive();
    let units = units(tmp.path());
    let mut rng = Rng::new(5);
    let mut queries: Vec<String> = vec!["的".into(), "政务 诚信".into(), "市 区".into()];
    queries.extend(samples(&units, 2, 4, &mut rng));
    queries.push("聊政发〔2018〕41号".into());
    for typed in &queries {
        let include: Vec<Term> = if typed.contains('〔') {
            vec![Term::typed(typed)]
        } else {
            typed.split(' ').map(Term::typed).collect()
        };
        let expected = oracle(&units, &include, &[], &|_| true);
        let all = paged(&archive, typed, 7);
        let distinct: BTreeSet<HitKey> = all.iter().copied().collect();
        assert_eq!(distinct.len(), all.len(), "{typed}: a hit on two pages");
        assert_eq!(distinct, expected, "{typed}: pages differ from the oracle");
        let count = archive
            .count_on(typed, &SearchOptions::default(), "2026-01-01")
            .unwrap();
        assert_eq!(count, expected.len() as u64, "{typed}: count");
    }
    // A common word's first page comes with an estimate, never below the truth.
    let first = archive.search("的", &SearchOptions::default()).unwrap();
    let truth = oracle(&units, &[Term::typed("的")], &[], &|_| true).len() as u64;
    assert!(!first.total_exact);
    assert!(first.total >= truth, "{} < {truth}", first.total);
    assert_eq!(first.hits.len(), 20);
}

#[test]
fn a_query_with_more_hits_than_are_ranked_pages_through_all_of_them_in_index_order() {
    let (tmp, archive) = large_archive(90);
    let units = units(tmp.path());
    let shandong = SearchOptions {
        gazette: Some("山东".into()),
        ..SearchOptions::default()
    };
    let in_shandong = |u: &Unit| u.gazette.contains("山东");
    for (typed, filters, filter) in [
        (
            "的",
            SearchOptions::default(),
            &(|_: &Unit| true) as &dyn Fn(&Unit) -> bool,
        ),
        ("的 人", SearchOptions::default(), &|_: &Unit| true),
        ("的", shandong.clone(), &in_shandong),
    ] {
        let include: Vec<Term> = typed.split(' ').map(Term::typed).collect();
        let expected = oracle(&units, &include, &[], filter);
        // More hits than a search scores (before filtering, which the index applies
        // while it walks): the first page is cut in index order.
        let unfiltered = oracle(&units, &include, &[], &|_| true).len();
        assert!(unfiltered > 10_000, "{typed}: only {unfiltered}");
        let first = archive.search(typed, &filters).unwrap();
        assert!(!first.total_exact, "{typed}");
        assert!(
            first.total >= expected.len() as u64,
            "{typed}: estimate below the truth"
        );
        assert_eq!(first.hits.len(), filters.limit, "{typed}");
        let all = paged_with(&archive, typed, 2_500, &filters);
        assert_eq!(
            &all[..filters.limit],
            &first
                .hits
                .iter()
                .map(|h| (h.document_id, h.clause_id))
                .collect::<Vec<_>>()[..],
            "{typed}: the first page is the start of every page"
        );
        let distinct: BTreeSet<HitKey> = all.iter().copied().collect();
        assert_eq!(distinct.len(), all.len(), "{typed}: a hit on two pages");
        assert_eq!(distinct, expected, "{typed}: pages differ from the oracle");
        let count = archive.count_on(typed, &filters, "2026-01-01").unwrap();
        assert_eq!(count, expected.len() as u64, "{typed}: count");
    }
}

#[test]
fn terms_across_clauses_are_found_in_an_index_kept_up_by_imports_and_a_replacement() {
    // Each import adds a segment and the replacement deletes units: the walk over a
    // document's units must hold across segments, merges and deleted units.
    let tmp = tempfile::tempdir().unwrap();
    let archive = Archive::open(tmp.path()).unwrap();
    import(&archive, "liaocheng-2018-08-1col.pdf");
    import(&archive, "liaocheng-2018-08-2col.pdf");
    import(&archive, "other/liaocheng-2018-08-1col-corrected.pdf");
    let units = units(tmp.path());
    let mut rng = Rng::new(47);
    let pairs = pairs_across_clauses(&units, &mut rng, 10);
    assert!(pairs.len() >= 5, "only {} pairs", pairs.len());
    for (x, y) in &pairs {
        let typed = format!("{x} {y}");
        let expected = oracle(&units, &[Term::typed(x), Term::typed(y)], &[], &|_| true);
        assert!(!expected.is_empty(), "{typed}");
        let all = paged(&archive, &typed, 3);
        let distinct: BTreeSet<HitKey> = all.iter().copied().collect();
        assert_eq!(distinct.len(), all.len(), "{typed}: a hit on two pages");
        assert_eq!(distinct, expected, "{typed}");
        let count = archive
            .count_on(&typed, &SearchOptions::default(), "2026-01-01")
            .unwrap();
        assert_eq!(count, expected.len() as u64, "{typed}: count");
    }
}

#[test]
fn terms_in_neighbouring_documents_are_not_one_documents_hit() {
    // A term in one document and the other only in the next: the walk over the
    // documents' units must not take the next document's units for this one's.
    let (tmp, archive) = sample_archive();
    let units = units(tmp.path());
    let mut documents: Vec<i64> = units.iter().map(|u| u.document_id).collect();
    documents.sort_unstable();
    documents.dedup();
    let mut rng = Rng::new(59);
    let mut checked = 0;
    for pair in documents.windows(2) {
        let of = |id: i64| -> Vec<Unit> {
            units
                .iter()
                .filter(|u| u.document_id == id && u.clause_id.is_some())
                .cloned()
                .collect()
        };
        let (Some(x), Some(y)) = (
            samples(&of(pair[0]), 4, 1, &mut rng).pop(),
            samples(&of(pair[1]), 4, 1, &mut rng).pop(),
        ) else {
            continue;
        };
        let typed = format!("{x} {y}");
        let expected = oracle(&units, &[Term::typed(&x), Term::typed(&y)], &[], &|_| true);
        let count = archive
            .count_on(&typed, &SearchOptions::default(), "2026-01-01")
            .unwrap();
        assert_eq!(count, expected.len() as u64, "{typed}: count");
        let all: BTreeSet<HitKey> = paged(&archive, &typed, 5).into_iter().collect();
        assert_eq!(all, expected, "{typed}");
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} neighbouring pairs");
}
