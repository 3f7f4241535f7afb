//! The generic truth comparison: scores a parsed issue against any `*.truth.json`
//! (the Liaocheng fixtures, `other/`, the generated zoo) on the measures issue 13 sets:
//! 目录 entries, documents, top-level clauses, continuations, and the invariants that
//! no front page or banner becomes a document and that a decree is one document.

use gazette::model::{Document, ParsedIssue};
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

/// Text as compared: widths folded (NFKC) and white space dropped, so a printed
/// `２０２０` and a parsed `2020` agree and extraction spacing does not count.
pub fn fold(s: &str) -> String {
    s.nfkc().filter(|c| !c.is_whitespace()).collect()
}

/// Edit distance (insertions, deletions, substitutions) between two sequences.
pub fn edits(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (diagonal + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// How two texts are compared: exactly, or (for OCR text, whose characters are
/// measured apart) up to a share of character errors of the expected text.
#[derive(Debug, Clone, Copy)]
pub struct Likeness {
    /// The largest share of the expected text's characters that may be wrong.
    pub errors: f64,
}

impl Likeness {
    pub const EXACT: Likeness = Likeness { errors: 0.0 };

    fn same(self, got: Option<&str>, want: Option<&str>) -> bool {
        match (got.map(fold), want.map(fold)) {
            (Some(g), Some(w)) => {
                g == w || {
                    let (g, w): (Vec<char>, Vec<char>) = (g.chars().collect(), w.chars().collect());
                    edits(&g, &w) as f64 <= self.errors * w.len() as f64
                }
            }
            (g, w) => g == w,
        }
    }

    /// 文号 compared as `same` compares text, except that OCR text's brackets are
    /// compared by the 文号's key, in which bracket styles are one: at a scan's
    /// resolution `［２０２２］` and `〔２０２２〕` are the same few pixels, and the
    /// archive treats a 文号 in any bracket style as the same 文号.
    fn same_number(self, got: Option<&str>, want: Option<&str>) -> bool {
        let key = |n: Option<&str>| n.map(gazette::docnum::key);
        self.same(got, want) || (self.errors > 0.0 && key(got) == key(want))
    }
}

fn text(v: &Value) -> Option<String> {
    v.as_str().map(fold)
}

fn page(v: &Value) -> Option<u32> {
    v.as_u64().and_then(|n| u32::try_from(n).ok())
}

/// The title a truth document expects: the GB/T 9704 title (`full_title`, or the
/// joined `title_lines` of the older truth files, which print the issuer line). A
/// chronicle's title lines leave out its printed month, so its `title` stands.
pub fn expected_title(td: &Value) -> Option<String> {
    if let Some(full) = text(&td["full_title"]) {
        return Some(full);
    }
    let lines = td["title_lines"]
        .as_array()
        .filter(|_| td["kind"] != "chronicle");
    match lines {
        Some(lines) => Some(fold(
            &lines.iter().filter_map(Value::as_str).collect::<String>(),
        )),
        None => text(&td["title"]),
    }
}

/// `2018年8月8日` → `2018-08-08`, for truth files without `date_iso`.
fn iso(date: &str) -> String {
    let n: Vec<u32> = date
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|s| s.parse().ok())
        .collect();
    match n.as_slice() {
        [y, m, d] => format!("{y:04}-{m:02}-{d:02}"),
        _ => date.to_string(),
    }
}

pub fn expected_date(td: &Value) -> Option<String> {
    td["date_iso"]
        .as_str()
        .map(str::to_string)
        .or_else(|| td["date"].as_str().map(|d| iso(&fold(d))))
}

/// Hits over the larger of the two counts: what is missing and what is extra both cost.
#[derive(Debug, Default, Clone, Copy)]
pub struct Ratio {
    pub hit: usize,
    pub of: usize,
}

impl Ratio {
    pub fn value(self) -> f64 {
        if self.of == 0 {
            1.0
        } else {
            self.hit as f64 / self.of as f64
        }
    }
    pub fn add(&mut self, other: Ratio) {
        self.hit += other.hit;
        self.of += other.of;
    }
}

/// True positives, false positives and false negatives, for an F1.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    pub fn f1(self) -> f64 {
        let denom = 2 * self.tp + self.fp + self.fn_;
        if denom == 0 {
            1.0
        } else {
            2.0 * self.tp as f64 / denom as f64
        }
    }
    pub fn add(&mut self, other: Counts) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }
}

/// One issue's scores and what went wrong, line by line.
#[derive(Debug, Default)]
pub struct Score {
    pub toc: Ratio,
    pub documents: Ratio,
    pub clauses: Counts,
    pub continuations: Ratio,
    /// Invariant breaches: a front page or banner as a document, a decree split or
    /// without its 令号.
    pub breaches: Vec<String>,
    pub problems: Vec<String>,
}

/// The parsed document each truth document is paired with (by 文号, title and start
/// page), so a missed or extra document does not shift every comparison after it.
fn pair(issue: &ParsedIssue, tdocs: &[Value], like: Likeness) -> Vec<Option<usize>> {
    let mut used = vec![false; issue.documents.len()];
    tdocs
        .iter()
        .map(|td| {
            let likeness = |d: &Document| {
                let number = text(&td["docnum"]).is_some_and(|n| {
                    d.doc_number.as_deref().map(gazette::docnum::key)
                        == Some(gazette::docnum::key(&n))
                        || like.same(d.doc_number.as_deref(), Some(&n))
                });
                let title = expected_title(td).is_some_and(|t| like.same(Some(&d.title), Some(&t)));
                let start =
                    d.start_page.is_some() && d.start_page == page(&td["start_printed_page"]);
                4 * usize::from(number) + 2 * usize::from(title) + usize::from(start)
            };
            let best = (0..issue.documents.len())
                .filter(|&i| !used[i])
                .map(|i| (likeness(&issue.documents[i]), i))
                .filter(|&(s, _)| s > 0)
                .max_by_key(|&(s, i)| (s, std::cmp::Reverse(i)))
                .map(|(_, i)| i);
            if let Some(i) = best {
                used[i] = true;
            }
            best
        })
        .collect()
}

/// Scores `issue` against truth `t`, every text compared exactly.
pub fn score(issue: &ParsedIssue, t: &Value) -> Score {
    score_alike(issue, t, Likeness::EXACT)
}

/// Scores `issue` against truth `t`, titles, 文号 and offices compared as `like`
/// says; pages, dates and clause labels always exactly.
pub fn score_alike(issue: &ParsedIssue, t: &Value, like: Likeness) -> Score {
    let mut s = Score::default();
    let tdocs: Vec<Value> = t["documents"].as_array().cloned().unwrap_or_default();
    let paired = pair(issue, &tdocs, like);
    let doc_of_id = |id: &Value| tdocs.iter().position(|d| &d["id"] == id);

    // 目录: each truth entry finds an equal parsed entry (title, 文号, page, and the
    // document it opens), each parsed entry used once.
    let entries: Vec<&gazette::model::TocEntry> =
        issue.toc.iter().flat_map(|sec| &sec.entries).collect();
    let ttoc: Vec<Value> = t["toc"].as_array().cloned().unwrap_or_default();
    let mut used = vec![false; entries.len()];
    for te in &ttoc {
        let want_doc = doc_of_id(&te["doc"]).and_then(|k| paired[k]);
        let same = |e: &gazette::model::TocEntry| {
            like.same(Some(&e.title), te["title"].as_str())
                && like.same_number(e.doc_number.as_deref(), te["docnum"].as_str())
                && e.page == page(&te["printed_page"])
                && e.document.is_some()
                && e.document == want_doc
        };
        match (0..entries.len()).find(|&i| !used[i] && same(entries[i])) {
            Some(i) => {
                used[i] = true;
                s.toc.hit += 1;
            }
            None => {
                let seen = entries.iter().find(|e| {
                    fold(&e.title) == text(&te["title"]).unwrap_or_default()
                        || e.page == page(&te["printed_page"])
                });
                s.problems.push(format!(
                    "目录 {} {} p{}: got {:?}",
                    te["title"],
                    te["docnum"],
                    te["printed_page"],
                    seen.map(|e| (&e.title, &e.doc_number, e.page, e.document))
                ));
            }
        }
    }
    s.toc.of = ttoc.len().max(entries.len());

    // Documents: every field a reader sees in the document list.
    for (td, got) in tdocs.iter().zip(&paired) {
        let Some(d) = got.map(|i| &issue.documents[i]) else {
            s.problems.push(format!(
                "document {} {:?} not found",
                td["docnum"],
                expected_title(td)
            ));
            continue;
        };
        let mut wrong = Vec::new();
        if !like.same_number(d.doc_number.as_deref(), td["docnum"].as_str()) {
            wrong.push(format!("文号 {:?} vs {}", d.doc_number, td["docnum"]));
        }
        if !like.same(Some(&d.title), expected_title(td).as_deref()) {
            wrong.push(format!("title {:?} vs {:?}", d.title, expected_title(td)));
        }
        if !like.same(d.office.as_deref(), td["issuing_office"].as_str()) {
            wrong.push(format!("office {:?} vs {}", d.office, td["issuing_office"]));
        }
        if d.date != expected_date(td) {
            wrong.push(format!("date {:?} vs {:?}", d.date, expected_date(td)));
        }
        let pages = (
            page(&td["start_printed_page"]),
            page(&td["end_printed_page"]),
        );
        if (d.start_page, d.end_page) != pages {
            wrong.push(format!(
                "pages {:?} vs {pages:?}",
                (d.start_page, d.end_page)
            ));
        }
        if wrong.is_empty() {
            s.documents.hit += 1;
        } else {
            s.problems
                .push(format!("document {}: {}", td["id"], wrong.join("; ")));
        }

        // Top-level clauses as (label, printed page); attachment restarts (`一~2`)
        // count under their printed label.
        let mut got: Vec<(String, Option<u32>)> = d
            .clauses
            .iter()
            .filter(|c| !c.label.starts_with('¶'))
            .map(|c| (c.label.clone(), c.page))
            .collect();
        if td["kind"] != "chronicle" {
            let want: Vec<(String, Option<u32>)> = td["top_level_clauses"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|c| {
                    (
                        c["marker"].as_str().unwrap_or_default().to_string(),
                        page(&c["printed_page"]),
                    )
                })
                .collect();
            let mut c = Counts::default();
            for w in &want {
                match got.iter().position(|g| g == w) {
                    Some(i) => {
                        got.remove(i);
                        c.tp += 1;
                    }
                    None => c.fn_ += 1,
                }
            }
            c.fp = got.len();
            if c.fp + c.fn_ > 0 {
                s.problems.push(format!(
                    "document {}: clauses {} missed, {} extra (e.g. {:?})",
                    td["id"],
                    c.fn_,
                    c.fp,
                    got.first()
                ));
            }
            s.clauses.add(c);
        }

        let tc = &td["continuation"];
        let want: Vec<(Option<u32>, Option<u32>)> = if tc.is_null() {
            Vec::new()
        } else {
            vec![(
                page(&tc["start_printed_page"]),
                page(&tc["end_printed_page"]),
            )]
        };
        let got: Vec<(Option<u32>, Option<u32>)> = d
            .continuations
            .iter()
            .map(|c| (c.start_page, c.end_page))
            .collect();
        if !want.is_empty() || !got.is_empty() {
            s.continuations.of += 1;
            if got == want {
                s.continuations.hit += 1;
            } else {
                s.problems.push(format!(
                    "document {}: continuations {got:?} vs {want:?}",
                    td["id"]
                ));
            }
        }
    }
    s.documents.of = tdocs.len().max(issue.documents.len());

    // Invariants. Every parsed document must be one of the truth's: anything else is
    // a front page, a banner or a fragment taken for a document.
    for (i, d) in issue.documents.iter().enumerate() {
        if !paired.contains(&Some(i)) {
            s.breaches.push(format!(
                "extra document on p{:?} (pdf {}): {:?} {:?}",
                d.start_page, d.start_pdf_page, d.doc_number, d.title
            ));
        }
    }
    let front: Vec<u32> = t["pages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|p| p["kind"] != "body")
        .filter_map(|p| page(&p["pdf_page_index"]).map(|i| i + 1))
        .collect();
    for d in &issue.documents {
        if front.contains(&d.start_pdf_page) {
            s.breaches
                .push(format!("front page {} became a document", d.start_pdf_page));
        }
    }
    for (td, got) in tdocs.iter().zip(&paired) {
        if td["kind"] != "decree" {
            continue;
        }
        let number = text(&td["docnum"]).unwrap_or_default();
        let holders = issue
            .documents
            .iter()
            .filter(|d| d.doc_number.as_deref().map(fold) == Some(number.clone()))
            .count();
        let whole = got.is_some_and(|i| {
            issue.documents[i].end_page == page(&td["end_printed_page"])
                && like.same(
                    Some(&issue.documents[i].title),
                    expected_title(td).as_deref(),
                )
        });
        if holders != 1 || !whole {
            s.breaches.push(format!(
                "decree {number}: {holders} documents carry its 令号, whole: {whole}"
            ));
        }
    }
    s
}
