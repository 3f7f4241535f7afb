//! Scanned issues read by OCR (tests/fixtures/scans, made by tests/scans/make.sh from
//! zoo issues): how much of the text, the 目录 and the documents comes back, measured
//! against the original issue's truth and its born-digital text; and what happens to
//! a scan that is not recognisable as an issue.

use std::time::Instant;

use gazette::extract::extract_pages;
use gazette::model::ParsedIssue;
use gazette::parse::parse_issue;
use serde_json::Value;

use crate::parse::score::{self, edits};
use crate::support::{fixture, fixture_bytes, gazette_ok, json_of};

/// The Han characters of every page, page by page.
fn han_pages(issue: &ParsedIssue) -> Vec<Vec<char>> {
    issue
        .pages
        .iter()
        .map(|p| {
            p.text
                .chars()
                .filter(|&c| gazette::script::is_han(c))
                .collect()
        })
        .collect()
}

/// Han character accuracy of `read` against `original`: one minus the edits that
/// turn each page's Han text into the original's, over the original's count.
fn han_accuracy(read: &ParsedIssue, original: &ParsedIssue) -> f64 {
    let (want, got) = (han_pages(original), han_pages(read));
    let total: usize = want.iter().map(Vec::len).sum();
    let empty = Vec::new();
    let wrong: usize = want
        .iter()
        .enumerate()
        .map(|(i, w)| edits(w, got.get(i).unwrap_or(&empty)))
        .sum();
    1.0 - wrong as f64 / total.max(1) as f64
}

#[test]
fn edit_distance_counts_each_change_once() {
    let chars = |s: &str| s.chars().collect::<Vec<_>>();
    assert_eq!(edits(&chars("政府公报"), &chars("政府公报")), 0);
    assert_eq!(edits(&chars("政府公报"), &chars("政符公报")), 1);
    assert_eq!(edits(&chars("政府公报"), &chars("府公报告")), 2);
    assert_eq!(edits(&chars(""), &chars("公报")), 2);
}

/// A scanned fixture (tests/scans/make.sh) and the figures it must reach.
struct Scan {
    name: &'static str,
    dpi: u32,
    /// Han character accuracy.
    han: f64,
    /// 目录 entries found, as a share of the truth's.
    toc: f64,
    /// Documents found.
    documents: f64,
}

const fn scan(name: &'static str, dpi: u32, toc: f64, documents: f64) -> Scan {
    // Issue 18's Han accuracy: 0.97 at 300 dpi, 0.93 at 200 dpi.
    let han = if dpi >= 300 { 0.97 } else { 0.93 };
    Scan {
        name,
        dpi,
        han,
        toc,
        documents,
    }
}

/// The scanned fixtures. The first four are issue 18's set, held to its targets
/// (目录 0.95, documents 0.9). The others are issues whose typesetting the OCR
/// rules were not built on, at 200 dpi (the last six were added after the first
/// six had been worked on, and measured before any rule was written from them):
/// they are held to the issue's Han accuracy and, for 目录 and documents, to the
/// figures they reach now (README, OCR), so that a change losing ground on them
/// fails.
const SCANS: [Scan; 16] = [
    scan("zoo10-ningxiang-2022-02", 300, 0.95, 0.9),
    scan("zoo10-ningxiang-2022-02", 200, 0.95, 0.9),
    scan("zoo21-gansu-2022-04-docx", 300, 0.95, 0.9),
    scan("zoo21-gansu-2022-04-docx", 200, 0.95, 0.9),
    scan("zoo01-guowuyuan-2019-07", 200, 1.0, 1.0),
    scan("zoo05-sichuan-2018-11", 200, 1.0, 1.0),
    scan("zoo17-luoyang-2019-10-docx", 200, 1.0, 1.0),
    scan("zoo29-heilongjiang-2017-03", 200, 1.0, 1.0),
    scan("zoo63-guowuyuan-2024-06", 200, 1.0, 1.0),
    scan("zoo73-guangdong-2020-30", 200, 1.0, 1.0),
    scan("zoo08-fujian-2021-06", 200, 1.0, 1.0),
    scan("zoo24-foshan-2020-08", 200, 1.0, 1.0),
    scan("zoo37-shenzhen-2021-18", 200, 1.0, 0.85),
    scan("zoo39-guowuyuan-2022-05", 200, 1.0, 1.0),
    scan("zoo43-neimenggu-2021-04", 200, 1.0, 1.0),
    scan("zoo68-liuzhou-2021-13", 200, 1.0, 0.8),
];

/// Titles, 文号 and offices read by OCR count as found with up to one character in
/// ten wrong: their characters are measured by the Han accuracy, and an exact match
/// would ask more of a 25-character title than the 0.97 accuracy the issue accepts.
/// Pages, dates and clause labels still count only when exact.
const OCR_TEXT_ERRORS: score::Likeness = score::Likeness { errors: 0.1 };

/// One scan read by OCR and measured against its original.
struct Measured {
    label: String,
    wanted: &'static Scan,
    han: f64,
    /// Structure with texts compared up to `OCR_TEXT_ERRORS`.
    score: score::Score,
}

/// Every scan read and measured once, for the tests that judge the figures.
fn measured_scans() -> &'static [Measured] {
    static MEASURED: std::sync::OnceLock<Vec<Measured>> = std::sync::OnceLock::new();
    MEASURED.get_or_init(measure_scans)
}

/// The header of the table `measure` gives a row of.
fn table_header() -> String {
    format!(
        "{:<34} {:>5} {:>6} {:>6} {:>6} {:>8} {:>11} {:>6}",
        "scan", "pages", "Han", "目录", "docs", "clauseF1", "exact 目录/docs", "s/page"
    )
}

/// Reads the scan `scan` of zoo issue `name` and measures it against the original:
/// its row of the table, its Han accuracy, and its score with texts compared up to
/// `OCR_TEXT_ERRORS`. Han accuracy is measured on the text as stored, structured or
/// not.
fn measure(name: &str, dpi: u32, scan: &[u8]) -> (String, f64, score::Score) {
    let truth: Value = serde_json::from_slice(&fixture_bytes(&format!("zoo/{name}.truth.json")))
        .expect("truth is JSON");
    let original = extract_pages(&fixture_bytes(&format!("zoo/{name}.pdf")), None)
        .and_then(|p| parse_issue(&p))
        .expect("the original parses");
    let started = Instant::now();
    let pages = gazette::ocr::read_pdf(scan, None).expect("OCR reads the scan");
    let seconds = started.elapsed().as_secs_f64() / pages.len().max(1) as f64;
    let texts: Vec<_> = pages.iter().map(|p| p.page.clone()).collect();
    let (read, exact, score) = match parse_issue(&texts) {
        Ok(read) => {
            let exact = score::score(&read, &truth);
            let score = score::score_alike(&read, &truth, OCR_TEXT_ERRORS);
            (read, exact, score)
        }
        Err(e) => {
            let count = |key: &str| t_len(&truth, key);
            let score = score::Score {
                toc: score::Ratio {
                    hit: 0,
                    of: count("toc"),
                },
                documents: score::Ratio {
                    hit: 0,
                    of: count("documents"),
                },
                problems: vec![format!("not parsed: {e}")],
                ..Default::default()
            };
            let exact = score::Score {
                toc: score.toc,
                documents: score.documents,
                ..Default::default()
            };
            (gazette::parse::pages_only(&texts, name), exact, score)
        }
    };
    let han = han_accuracy(&read, &original);
    let row = format!(
        "{:<34} {:>5} {:>6.3} {:>6.3} {:>6.3} {:>8.3} {:>5.3}/{:.3} {:>6.1}",
        format!("{name} {dpi} dpi"),
        pages.len(),
        han,
        score.toc.value(),
        score.documents.value(),
        score.clauses.f1(),
        exact.toc.value(),
        exact.documents.value(),
        seconds
    );
    (row, han, score)
}

/// Prints what each measured scan still gets wrong, for whoever raises its figures
/// next.
fn print_problems<'a>(rows: impl Iterator<Item = (&'a str, &'a score::Score)>) {
    for (label, score) in rows.filter(|(_, s)| !s.problems.is_empty()) {
        println!("{label}:\n  {}", score.problems.join("\n  "));
    }
}

/// Reads every scan and measures it; prints the table the README quotes.
fn measure_scans() -> Vec<Measured> {
    let mut table = vec![table_header()];
    let mut rows = Vec::new();
    for wanted in &SCANS {
        let (name, dpi) = (wanted.name, wanted.dpi);
        let scan = fixture_bytes(&format!("scans/{name}-scan{dpi}.pdf"));
        let (row, han, score) = measure(name, dpi, &scan);
        table.push(row);
        rows.push(Measured {
            label: format!("{name} {dpi} dpi"),
            wanted,
            han,
            score,
        });
    }
    println!("{}", table.join("\n"));
    print_problems(rows.iter().map(|r| (r.label.as_str(), &r.score)));
    rows
}

/// Measures scans kept outside the repository, to try the OCR on typesetting no rule
/// was written from before a scan joins `SCANS`: every `NAME-scanDPI.pdf` in the
/// folder `GAZETTE_MORE_SCANS` names, NAME a zoo issue (make them with
/// tests/scans/make.sh's `scan` and another seed). Prints the table and passes when
/// every scan is read; the figures are for whoever runs it.
///
///   GAZETTE_MORE_SCANS=/tmp/scans cargo test --release -p gazette-cli --test it \
///     more_scans -- --ignored --nocapture
#[test]
#[ignore = "measures scans in the folder GAZETTE_MORE_SCANS names"]
fn more_scans() {
    let dir = std::env::var("GAZETTE_MORE_SCANS").expect("GAZETTE_MORE_SCANS names a folder");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("GAZETTE_MORE_SCANS is a readable folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    let mut table = vec![table_header()];
    let mut rows = Vec::new();
    for path in files {
        let file = path.file_name().and_then(|f| f.to_str()).unwrap_or("");
        let Some((name, dpi)) = file
            .strip_suffix(".pdf")
            .and_then(|stem| stem.rsplit_once("-scan"))
            .and_then(|(name, dpi)| Some((name.to_owned(), dpi.parse::<u32>().ok()?)))
        else {
            continue;
        };
        let scan = std::fs::read(&path).expect("the scan reads");
        let (row, _, score) = measure(&name, dpi, &scan);
        println!("{row}");
        table.push(row);
        rows.push((format!("{name} {dpi} dpi"), score));
    }
    assert!(!rows.is_empty(), "no NAME-scanDPI.pdf in {dir}");
    println!("{}", table.join("\n"));
    print_problems(rows.iter().map(|(l, s)| (l.as_str(), s)));
}

fn t_len(truth: &Value, key: &str) -> usize {
    truth[key].as_array().map_or(0, Vec::len)
}

/// Han character accuracy against the born-digital text: ≥ 0.97 at 300 dpi and
/// ≥ 0.93 at 200 dpi on every scanned fixture. The scans' 157 pages are read once for
/// this test and the next, about six minutes on two cores.
#[test]
fn scanned_issues_keep_their_han_text() {
    let rows = measured_scans();
    let low: Vec<String> = rows
        .iter()
        .filter(|r| r.han < r.wanted.han)
        .map(|r| format!("{}: {:.3} < {}", r.label, r.han, r.wanted.han))
        .collect();
    assert!(low.is_empty(), "Han accuracy below the threshold: {low:?}");
}

/// 目录 entries and documents against the original's truth, texts compared up to
/// `OCR_TEXT_ERRORS`: each scanned fixture at its figures (`SCANS`).
#[test]
fn scanned_issues_recover_their_toc_and_documents() {
    let rows = measured_scans();
    let low: Vec<String> = rows
        .iter()
        .filter(|r| {
            r.score.toc.value() < r.wanted.toc || r.score.documents.value() < r.wanted.documents
        })
        .map(|r| format!("{}: {:?}", r.label, r.score.problems))
        .collect();
    assert!(low.is_empty(), "below the thresholds:\n{}", low.join("\n"));
}

/// Two body pages set in two columns on one baseline grid (tests/scans/make.sh): read
/// as one block, each line of the left column would run on into the line beside it.
/// Read by OCR, their Han text in reading order is within 5 % of the born-digital
/// pages' (a page read across the gutter is over half wrong). They are read from a
/// grey scan (JPEG) and from a bilevel one (one page deflated, one in fax code).
#[test]
fn two_column_pages_are_read_column_by_column() {
    let original = extract_pages(&fixture_bytes("liaocheng-2018-08-2col.pdf"), None)
        .expect("the original extracts");
    let original = gazette::parse::pages_only(&original[3..5], "original");
    // The two pages as one text: a paragraph running over the page break may be kept
    // with either page.
    let whole = |issue: &ParsedIssue| han_pages(issue).concat();
    let want = whole(&original);
    for scan in ["scan300", "bilevel300"] {
        let file = fixture_bytes(&format!("scans/liaocheng-2018-08-2col-p4-5-{scan}.pdf"));
        let pages = gazette::ocr::read_pdf(&file, None).expect("OCR reads the scan");
        assert!(
            pages.iter().all(|p| p.unread.is_none()),
            "{scan}: a page unread"
        );
        let texts: Vec<_> = pages.iter().map(|p| p.page.clone()).collect();
        let got = whole(&gazette::parse::pages_only(&texts, "scan"));
        let accuracy = 1.0 - edits(&got, &want) as f64 / want.len() as f64;
        println!("two-column pages, {scan}: Han accuracy in reading order {accuracy:.3}");
        assert!(
            accuracy >= 0.95,
            "{scan}: Han accuracy in reading order {accuracy:.3}"
        );
    }
}

/// A blank page as a scanner leaves it, paper noise and no ink: named as a page with
/// no text, not read as hundreds of characters of speckle (the engine's own threshold
/// falls inside the noise on a page with nothing else).
#[test]
fn a_blank_page_with_scanner_noise_is_named_not_read() {
    let pages = gazette::ocr::read_pdf(&fixture_bytes("scans/blank-noise-scan200.pdf"), None)
        .expect("OCR reads the scan");
    assert_eq!(pages.len(), 1);
    assert!(pages[0].unread.is_some(), "{:?}", pages[0].page.lines);
    assert!(pages[0].words.is_empty());
}

/// Body pages without masthead or 目录, one of them blank: the scan is still stored,
/// as pages of searchable text, and the blank page is named by its number.
#[test]
fn unrecognisable_scan_is_kept_as_searchable_pages_and_a_blank_page_is_named() {
    let mut doc = lopdf::Document::load(fixture("scans/zoo21-gansu-2022-04-docx-scan200.pdf"))
        .expect("scan loads");
    let count = doc.get_pages().len() as u32;
    doc.delete_pages(&(1..count - 2).collect::<Vec<_>>());
    let last = *doc.get_pages().values().last().expect("pages left");
    let empty = doc.add_object(lopdf::Stream::new(lopdf::Dictionary::new(), Vec::new()));
    doc.get_dictionary_mut(last)
        .expect("page")
        .set("Contents", empty);
    let tmp = tempfile::tempdir().expect("tempdir");
    let file = tmp.path().join("body-pages.pdf");
    doc.save(&file).expect("saved");
    let archive = tmp.path().join("archive");

    let path = file.to_string_lossy();
    let out = json_of(&gazette_ok(&archive, &["--json", "import", "--ocr", &path]));
    let report = &out["results"][0];
    assert_eq!(report["status"], "imported", "{report}");
    assert_eq!(report["ocr"]["structured"], false, "{report}");
    assert_eq!(report["ocr"]["unread"][0][0], 3, "{report}");
    assert_eq!(report["documents"], 1, "{report}");

    // A phrase OCR read from the first page is found by search.
    let db = rusqlite::Connection::open(archive.join("archive.sqlite3")).expect("database");
    let text: String = db
        .query_row("SELECT text FROM pages WHERE pdf_page = 1", [], |r| {
            r.get(0)
        })
        .expect("page 1 stored");
    let phrase: String = text
        .split(|c: char| !gazette::script::is_han(c))
        .find(|run| run.chars().count() >= 4)
        .map(|run| run.chars().take(4).collect())
        .unwrap_or_default();
    assert_eq!(phrase.chars().count(), 4, "page 1 has text: {text}");
    let found = json_of(&gazette_ok(&archive, &["--json", "search", &phrase]));
    assert!(found.to_string().contains(&phrase), "{phrase}: {found}");

    // The document says its text is OCR's, with the words to mark as doubtful.
    let id: i64 = db
        .query_row("SELECT id FROM documents", [], |r| r.get(0))
        .expect("the document stored");
    let shown = json_of(&gazette_ok(&archive, &["--json", "show", &id.to_string()]));
    assert!(shown["ocr"]["doubtful"].is_array(), "{shown}");
}

/// Pages 5 and 6 of a fixture PDF: body text without the issue's masthead, enough to
/// judge whether it can be used.
fn two_text_pages(text_pdf: &str) -> lopdf::Document {
    let mut doc = lopdf::Document::load(fixture(text_pdf)).expect("text PDF loads");
    let count = doc.get_pages().len() as u32;
    doc.delete_pages(&(1..=4).chain(7..=count).collect::<Vec<_>>());
    doc
}

/// [`two_text_pages`] of `text_pdf` (set in fonts whose text cannot be used) with
/// `scan`'s page image drawn over each whole page beneath the text, as scanner software
/// leaves a scan with its own recognition hidden behind the images; written to `out`.
fn scan_over_unusable_text(text_pdf: &str, scan: &str, out: &std::path::Path) {
    use lopdf::{Document, Object};
    let sheet = Document::load(fixture(scan)).expect("scan loads");
    let image = sheet
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .find(|s| s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image"))
        .expect("the scan holds its page image")
        .clone();
    let mut doc = two_text_pages(text_pdf);
    let image = doc.add_object(image);
    for page in doc.get_pages().into_values().collect::<Vec<_>>() {
        let (own, inherited) = doc.get_page_resources(page).expect("resources");
        let mut resources = own.cloned().unwrap_or_default();
        for id in inherited {
            let dict = doc.get_dictionary(id).expect("inherited resources");
            for (key, value) in dict.iter() {
                if !resources.has(key) {
                    resources.set(key.clone(), value.clone());
                }
            }
        }
        let mut xobjects = resources
            .get(b"XObject")
            .ok()
            .and_then(|o| doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_dict().ok().cloned())
            .unwrap_or_default();
        xobjects.set("Sheet", Object::Reference(image));
        resources.set("XObject", Object::Dictionary(xobjects));
        let [width, height] = doc
            .get_dictionary(page)
            .and_then(|d| d.get(b"MediaBox"))
            .and_then(Object::as_array)
            .map(|b| {
                [
                    b[2].as_float().unwrap_or(0.0),
                    b[3].as_float().unwrap_or(0.0),
                ]
            })
            .expect("the page has its MediaBox");
        doc.get_dictionary_mut(page)
            .expect("page")
            .set("Resources", Object::Dictionary(resources));
        let sheet = format!("q {width} 0 0 {height} 0 0 cm /Sheet Do Q");
        crate::support::draw_on_page(&mut doc, page, sheet, true);
    }
    doc.save(out).expect("saved");
}

/// A scan whose hidden text cannot be used (fonts with no Unicode mapping, mapping to
/// the wrong characters, or text that shows no issue) is a scan: without `--ocr` it is refused as one with no text
/// layer, which is what the app asks to read by OCR, and changes nothing; with `--ocr`
/// its images are read. The same text without the images stays refused for its fonts.
#[test]
fn a_scan_whose_hidden_text_cannot_be_used_is_read_by_ocr() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let archive = tmp.path().join("archive");
    gazette_ok(&archive, &["issues"]);
    let scan = "scans/zoo62-nantong-2022-14-gbk-p1-scan200.pdf";
    for (text_pdf, kind) in [
        ("bad/no-tounicode.pdf", "undecodable_text"),
        ("bad/garbled-tounicode.pdf", "garbled_text"),
        ("liaocheng-2018-08-1col.pdf", "not_a_gazette"),
    ] {
        let file = tmp.path().join(text_pdf.replace('/', "-"));
        scan_over_unusable_text(text_pdf, scan, &file);
        let before = crate::support::snapshot(&archive);
        let out = crate::support::gazette(&archive, &["--json", "import", &file.to_string_lossy()]);
        assert!(!out.status.success(), "{text_pdf}");
        let error = &json_of(&out)["results"][0]["error"];
        assert_eq!(error["kind"], "no_text_layer", "{text_pdf}: {error}");
        assert!(error["message"].to_string().contains("hidden"), "{error}");
        assert_eq!(crate::support::snapshot(&archive), before, "{text_pdf}");

        let mut bytes = Vec::new();
        two_text_pages(text_pdf).save_to(&mut bytes).expect("saved");
        let refused = extract_pages(&bytes, None)
            .and_then(|pages| parse_issue(&pages))
            .expect_err("unusable text");
        assert_eq!(refused.kind().as_str(), kind, "{text_pdf}");
    }

    let file = tmp.path().join("bad-no-tounicode.pdf");
    let out = json_of(&gazette_ok(
        &archive,
        &["--json", "import", "--ocr", &file.to_string_lossy()],
    ));
    let report = &out["results"][0];
    assert_eq!(report["status"], "imported", "{report}");
    assert_eq!(report["ocr"]["pages"], 2, "{report}");
    gazette_ok(&archive, &["check"]);
}

/// Killed (SIGKILL) in the middle of OCR, the import leaves the archive as it was
/// plus the pages already read; run again, it reads only the others, stores the issue
/// and drops the saved pages, and the archive checks out.
#[test]
fn an_ocr_import_killed_midway_resumes_without_reading_finished_pages_again() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};

    let tmp = tempfile::tempdir().expect("tempdir");
    let archive = tmp.path().join("archive");
    let scan = fixture("scans/zoo21-gansu-2022-04-docx-scan200.pdf");
    let mut child = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .arg("--archive")
        .arg(&archive)
        .args(["import", "--ocr"])
        .arg(&scan)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("gazette starts");
    let stderr = child.stderr.take().expect("stderr piped");
    // Killed once two pages are read and saved.
    for line in BufReader::new(stderr).lines() {
        if line.expect("stderr is text").contains("OCR 2/") {
            break;
        }
    }
    child.kill().expect("killed");
    child.wait().expect("reaped");

    let db = rusqlite::Connection::open(archive.join("archive.sqlite3")).expect("database");
    let count = |sql: &str| {
        db.query_row(sql, [], |r| r.get::<_, i64>(0))
            .expect("count")
    };
    let saved = count("SELECT count(*) FROM ocr_progress");
    assert!(saved >= 2, "{saved} pages saved before the kill");
    assert_eq!(count("SELECT count(*) FROM issues"), 0);

    let scan = scan.to_string_lossy();
    let out = json_of(&gazette_ok(&archive, &["--json", "import", "--ocr", &scan]));
    let report = &out["results"][0];
    assert_eq!(report["status"], "imported", "{report}");
    assert_eq!(report["ocr"]["resumed"].as_i64(), Some(saved), "{report}");
    assert_eq!(count("SELECT count(*) FROM ocr_progress"), 0);
    assert_eq!(count("SELECT count(*) FROM issues WHERE ocr = 1"), 1);
    gazette_ok(&archive, &["check"]);
}
