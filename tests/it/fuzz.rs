//! Hostile input: mutated fixture PDFs through the extractor, and mutated page text
//! through the parser. No input may panic, hang, or come back as garbage accepted as
//! an issue. Inputs that once broke something live in `tests/fixtures/fuzz/` and are
//! replayed first.
//!
//! The default run is short enough for every `make test`; for a longer campaign:
//! `GAZETTE_FUZZ_ITERATIONS=2000 GAZETTE_FUZZ_SEED=7 cargo test --release -p gazette-cli --test it fuzz -- --nocapture`.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use gazette::model::{PageText, TextLine};
use gazette::{extract, parse, ErrorKind};
use gazette_bench::Rng;

/// The error kinds a damaged or hostile PDF may legitimately produce.
const PDF_FAILURES: &[ErrorKind] = &[
    ErrorKind::NotAPdf,
    ErrorKind::DamagedPdf,
    ErrorKind::PasswordRequired,
    ErrorKind::WrongPassword,
    ErrorKind::NoTextLayer,
    ErrorKind::UndecodableText,
    ErrorKind::GarbledText,
    ErrorKind::ExtractionFailed,
];

/// The most one fixture-sized PDF may take, however it is mangled: a stuck extractor
/// fails the test rather than hanging it.
const PER_FILE_LIMIT: Duration = Duration::from_secs(60);

fn iterations() -> u64 {
    std::env::var("GAZETTE_FUZZ_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(24)
}

fn seed() -> u64 {
    std::env::var("GAZETTE_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        })
}

fn fixtures_dir() -> PathBuf {
    crate::support::fixture("")
}

/// One random structural or byte-level change, of the kinds real damage takes:
/// flipped bytes, a cut-off tail, a lost or repeated block, digits changed inside
/// object numbers and lengths.
fn mutate(bytes: &mut Vec<u8>, rng: &mut Rng) -> &'static str {
    let len = bytes.len().max(1);
    match rng.below(6) {
        0 => {
            for _ in 0..1 + rng.below(32) {
                let at = rng.below(len);
                if let Some(b) = bytes.get_mut(at) {
                    *b ^= 1 << rng.below(8);
                }
            }
            "bit flips"
        }
        1 => {
            bytes.truncate(rng.below(len));
            "truncated"
        }
        2 => {
            let start = rng.below(len);
            let end = (start + rng.below(4096)).min(bytes.len());
            bytes.drain(start..end);
            "block removed"
        }
        3 => {
            let start = rng.below(len);
            let end = (start + rng.below(4096)).min(bytes.len());
            let block = bytes[start..end].to_vec();
            let at = rng.below(bytes.len().max(1));
            bytes.splice(at..at, block);
            "block repeated"
        }
        4 => {
            let digits: Vec<usize> = (0..bytes.len())
                .filter(|&i| bytes[i].is_ascii_digit())
                .collect();
            for _ in 0..1 + rng.below(16) {
                if let Some(&i) = digits.get(rng.below(digits.len())) {
                    bytes[i] = b'0' + rng.below(10) as u8;
                }
            }
            "digits changed"
        }
        _ => {
            let start = rng.below(len);
            let end = (start + rng.below(512)).min(bytes.len());
            bytes[start..end].fill(0);
            "block zeroed"
        }
    }
}

/// Runs the extractor and then the parser on `bytes`; fails the test on a panic, a
/// time-out, or an error of a kind a bad PDF should not produce.
fn must_survive(bytes: &[u8], what: &str) -> String {
    let started = Instant::now();
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        extract::extract_pages(bytes, None).map(|pages| parse::parse_issue(&pages))
    }));
    let elapsed = started.elapsed();
    assert!(
        elapsed < PER_FILE_LIMIT,
        "{what}: took {elapsed:?}, over the {PER_FILE_LIMIT:?} limit"
    );
    match outcome {
        Err(_) => panic!("{what}: the import pipeline panicked"),
        Ok(Err(e)) => {
            assert!(
                PDF_FAILURES.contains(&e.kind()),
                "{what}: unexpected error kind {:?}: {}",
                e.kind(),
                e.message()
            );
            e.kind().to_string()
        }
        Ok(Ok(Err(e))) => {
            assert_eq!(e.kind(), ErrorKind::NotAGazette, "{what}: {e}");
            e.kind().to_string()
        }
        Ok(Ok(Ok(issue))) => {
            assert!(
                !issue.gazette.trim().is_empty(),
                "{what}: issue without a name"
            );
            assert!(issue.year > 1900, "{what}: implausible year {}", issue.year);
            "parsed".to_string()
        }
    }
}

#[test]
fn kept_corpus_replays_cleanly() {
    let dir = fixtures_dir().join("fuzz");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    for entry in entries.flatten() {
        let bytes = std::fs::read(entry.path()).expect("corpus file is readable");
        must_survive(&bytes, &entry.path().display().to_string());
    }
}

#[test]
fn mutated_pdfs_never_panic_or_hang() {
    let sources = [
        "bad/nonembedded-stsong-unigb.pdf",
        "other/shandong-2019-17.pdf",
        "other/guowuyuan-2019-10.pdf",
    ];
    let originals: Vec<Vec<u8>> = sources
        .iter()
        .map(|s| std::fs::read(fixtures_dir().join(s)).expect("fixture is readable"))
        .collect();
    let seed = seed();
    eprintln!("fuzz: PDFs with seed {seed}, {} iterations", iterations());
    let mut rng = Rng::new(seed);
    let mut outcomes = std::collections::BTreeMap::<String, u32>::new();
    for i in 0..iterations() {
        let which = rng.below(sources.len());
        let mut bytes = originals[which].clone();
        let mut changes = Vec::new();
        for _ in 0..1 + rng.below(3) {
            changes.push(mutate(&mut bytes, &mut rng));
        }
        let outcome = must_survive(
            &bytes,
            &format!(
                "iteration {i} (seed {seed}): {} with {changes:?}",
                sources[which]
            ),
        );
        keep_for_corpus(&bytes, &outcome, sources[which], i);
        *outcomes.entry(outcome).or_default() += 1;
    }
    eprintln!("fuzz: outcomes {outcomes:?}");
}

/// With `GAZETTE_FUZZ_KEEP=DIR`, a campaign saves the inputs that reached past the PDF
/// parser (any outcome but `damaged_pdf`, the common one): small ones always, large ones
/// only for the rare outcomes. Once copied to `tests/fixtures/fuzz/`, every run replays
/// them.
fn keep_for_corpus(bytes: &[u8], outcome: &str, source: &str, iteration: u64) {
    let Ok(dir) = std::env::var("GAZETTE_FUZZ_KEEP") else {
        return;
    };
    let common = matches!(outcome, "damaged_pdf" | "parsed" | "not_a_gazette");
    if outcome == "damaged_pdf" || (common && bytes.len() > 64 * 1024) {
        return;
    }
    let stem = Path::new(source)
        .file_stem()
        .map_or_else(|| "input".into(), |s| s.to_string_lossy().into_owned());
    let path = Path::new(&dir).join(format!("{stem}-{outcome}-{iteration}.pdf"));
    std::fs::create_dir_all(&dir).expect("corpus dir");
    std::fs::write(path, bytes).expect("write corpus input");
}

/// Hand-made page text: lines of gazette-like fragments in random order and places.
fn random_pages(rng: &mut Rng) -> Vec<PageText> {
    const FRAGMENTS: &[&str] = &[
        "聊城市人民政府公报",
        "2018年第8期（总第185期）",
        "第17号（总号：1668）",
        "目  录",
        "目录",
        "◎ 市政府文件",
        "【国务院令】",
        "关于加强政务诚信建设的实施意见",
        "聊政发〔2018〕41号 ..... 2",
        "……………… 36",
        "聊城市人民政府文件",
        "聊政发〔2018〕41号",
        "各县（市、区）人民政府：",
        "一、总体要求",
        "（一）指导思想",
        "1. 深入推进依法行政。",
        "（1）",
        "①",
        "第一章 总则",
        "第一节",
        "第一条 为了规范管理，制定本条例。",
        "（下转第15页）",
        "（上接第31页）",
        "附件：",
        "聊城市人民政府",
        "2018年8月8日",
        "总理　李克强",
        "— 3 —",
        "· 4 ·",
        "5",
        "2日，市政府召开常务会议。",
        "△",
        "抄送：市委各部门。",
        "",
        "第",
        "〔",
        "年",
    ];
    let page_count = 1 + rng.below(8);
    (0..page_count)
        .map(|index| {
            let lines = (0..rng.below(40))
                .map(|_| {
                    let mut text = FRAGMENTS[rng.below(FRAGMENTS.len())].to_string();
                    if rng.below(4) == 0 {
                        text.push_str(FRAGMENTS[rng.below(FRAGMENTS.len())]);
                    }
                    let x0 = rng.below(600) as f32 - 50.0;
                    TextLine {
                        text,
                        x0,
                        x1: x0 + rng.below(500) as f32,
                        y: rng.below(900) as f32 - 50.0,
                        size: rng.below(30) as f32,
                    }
                })
                .collect();
            PageText {
                index: index as u32,
                width: 520.0,
                height: 740.0,
                lines,
            }
        })
        .collect()
}

#[test]
fn mutated_page_text_never_panics_the_parser() {
    let seed = seed();
    let rounds = iterations() * 40;
    eprintln!("fuzz: parser with seed {seed}, {rounds} inputs");
    let mut rng = Rng::new(seed);
    for i in 0..rounds {
        let pages = random_pages(&mut rng);
        let started = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| parse::parse_issue(&pages)));
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "input {i} (seed {seed}) took {:?}",
            started.elapsed()
        );
        match outcome {
            Err(_) => panic!("input {i} (seed {seed}): the parser panicked on {pages:?}"),
            Ok(Err(e)) => assert_eq!(e.kind(), ErrorKind::NotAGazette, "input {i}: {e}"),
            Ok(Ok(_)) => {}
        }
    }
}
