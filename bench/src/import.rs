//! The import benchmark behind `gazette bench import`: for each PDF, rounds that
//! alternate a full import (extract, parse, store, index) into a fresh archive with
//! poppler's `pdftotext` on the same file, so both see the same machine load and the
//! same file cache. Reports medians, the ratio, the time of each import stage and the
//! peak memory of the process. A scan (no text layer) is imported with OCR and timed
//! against the `tesseract` command on the same page images, as many at once as there
//! are cores (each with `OMP_THREAD_LIMIT=1`, as the import runs), per page.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use serde::Serialize;

use gazette::views::{ImportStage, ImportStatus};
use gazette::{Archive, Error, ErrorKind, ImportOptions, Result};

/// What to benchmark.
#[derive(Debug, Clone)]
pub struct ImportBenchOptions {
    pub files: Vec<PathBuf>,
    /// Timed rounds per file (after one untimed warm-up round).
    pub rounds: usize,
    /// Also time `pdftotext` (skipped when it is not installed).
    pub pdftotext: bool,
}

/// Medians over the rounds, in milliseconds.
#[derive(Debug, Clone, Serialize)]
pub struct FileFigures {
    pub file: String,
    pub pages: u32,
    pub rounds: usize,
    /// `Archive::import_file` into an open, empty archive: the full import.
    pub import_ms: f64,
    pub import_min_ms: f64,
    /// Creating the empty archive beforehand (not part of the import).
    pub open_ms: f64,
    /// The import's stages, in order: read (with hashing and the duplicate check),
    /// extract, parse, store (rows and annotation re-anchoring), index (the database
    /// commit and the search index update).
    pub stages: Vec<StageFigures>,
    /// Whether the file is a scan, imported by OCR.
    pub scan: bool,
    /// The reference tool: `pdftotext FILE /dev/null` for a born-digital file, the
    /// `tesseract` command on every page image of a scan (the whole processes); None
    /// when not run.
    pub pdftotext_ms: Option<f64>,
    pub pdftotext_min_ms: Option<f64>,
    /// import_ms / pdftotext_ms.
    pub ratio: Option<f64>,
    /// The import's median seconds per page, and the reference tool's.
    pub import_s_per_page: f64,
    pub tool_s_per_page: Option<f64>,
    /// The process's peak resident memory while benchmarking this file, where the
    /// platform tells it. Memory the allocator kept from earlier files counts too, so
    /// benchmark one file per run for its own figure.
    pub peak_rss_mb: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StageFigures {
    pub stage: String,
    pub median_ms: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ImportBenchReport {
    pub files: Vec<FileFigures>,
    /// Why `pdftotext` was not timed, when it was wanted but could not run.
    pub pdftotext_missing: Option<String>,
}

/// The stages in the order an import reports them; each lasts until the next begins.
const STAGES: [(ImportStage, &str); 6] = [
    (ImportStage::Reading, "read"),
    (ImportStage::Extracting, "extract"),
    (ImportStage::Recognising, "ocr"),
    (ImportStage::Parsing, "parse"),
    (ImportStage::Storing, "store"),
    (ImportStage::Indexing, "index"),
];

pub fn run(options: &ImportBenchOptions, say: &dyn Fn(&str)) -> Result<ImportBenchReport> {
    let mut pdftotext_missing = None;
    let mut time_pdftotext = options.pdftotext;
    let mut files = Vec::with_capacity(options.files.len());
    for file in &options.files {
        say(&format!("{}: {} rounds", file.display(), options.rounds));
        reset_peak_rss();
        let mut imports = Vec::new();
        let mut opens = Vec::new();
        let mut stages: Vec<Vec<f64>> = vec![Vec::new(); STAGES.len()];
        let mut tools = Vec::new();
        let mut pages = 0;
        let images = scan_images(file)?;
        // Round 0 warms the file cache and both programs' code; it is not counted.
        for round in 0..=options.rounds {
            let run_tool = |tools: &mut Vec<f64>| -> Option<String> {
                let timed = match &images {
                    Some(dir) => tesseract(dir),
                    None => pdftotext(file),
                };
                match timed {
                    Ok(d) => {
                        if round > 0 {
                            tools.push(ms(d));
                        }
                        None
                    }
                    Err(why) => Some(why),
                }
            };
            // Alternate which runs first, so neither always meets the other's leftovers.
            if time_pdftotext && round % 2 == 1 {
                pdftotext_missing = run_tool(&mut tools);
                time_pdftotext = pdftotext_missing.is_none();
            }
            let one = import_once(file, round, images.is_some())?;
            pages = one.pages;
            if round > 0 {
                imports.push(one.import_ms);
                opens.push(one.open_ms);
                for (all, t) in stages.iter_mut().zip(one.stages) {
                    all.push(t);
                }
            }
            if time_pdftotext && round % 2 == 0 {
                pdftotext_missing = run_tool(&mut tools);
                time_pdftotext = pdftotext_missing.is_none();
            }
        }
        let import_ms = median(&imports);
        let pdftotext_ms = (!tools.is_empty()).then(|| median(&tools));
        let per_page = |ms: f64| ms / 1e3 / f64::from(pages.max(1));
        files.push(FileFigures {
            file: file.display().to_string(),
            pages,
            rounds: imports.len(),
            import_ms,
            import_min_ms: imports.iter().copied().fold(f64::INFINITY, f64::min),
            open_ms: median(&opens),
            stages: STAGES
                .iter()
                .zip(&stages)
                .map(|((_, name), t)| StageFigures {
                    stage: name.to_string(),
                    median_ms: median(t),
                })
                .collect(),
            pdftotext_ms,
            pdftotext_min_ms: (!tools.is_empty())
                .then(|| tools.iter().copied().fold(f64::INFINITY, f64::min)),
            ratio: pdftotext_ms.filter(|t| *t > 0.0).map(|t| import_ms / t),
            scan: images.is_some(),
            import_s_per_page: per_page(import_ms),
            tool_s_per_page: pdftotext_ms.map(per_page),
            peak_rss_mb: peak_rss_mb(),
        });
        if let Some(dir) = images {
            // Best effort: a leftover temporary directory is harmless.
            let _ = std::fs::remove_dir_all(dir);
        }
    }
    Ok(ImportBenchReport {
        files,
        pdftotext_missing,
    })
}

struct Round {
    pages: u32,
    open_ms: f64,
    import_ms: f64,
    /// Milliseconds spent in each of `STAGES`.
    stages: Vec<f64>,
}

/// One full import of `file` into a new archive in a temporary directory.
fn import_once(file: &Path, round: usize, ocr: bool) -> Result<Round> {
    let dir = std::env::temp_dir().join(format!(
        "gazette-bench-import-{}-{round}",
        std::process::id()
    ));
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    let result = import_into(&dir, file, ocr);
    // Best effort: a leftover temporary directory is harmless.
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn import_into(dir: &Path, file: &Path, ocr: bool) -> Result<Round> {
    let started = Instant::now();
    let archive = Archive::open(dir)?;
    let open_ms = ms(started.elapsed());
    let marks: Mutex<Vec<(ImportStage, Instant)>> = Mutex::new(Vec::new());
    let cancel = std::sync::atomic::AtomicBool::new(false);
    let started = Instant::now();
    let report = archive.import_file(
        file,
        &ImportOptions {
            ocr,
            ..ImportOptions::default()
        },
        // Extraction reports each group of pages; the stage's first mark is its start.
        &|p| {
            marks
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push((p.stage, Instant::now()))
        },
        &cancel,
    );
    let import_ms = ms(started.elapsed());
    if report.status != ImportStatus::Imported {
        let why = report
            .error
            .map_or_else(|| format!("{:?}", report.status), |e| e.message);
        return Err(Error::new(
            ErrorKind::InvalidArgument,
            format!(
                "{} does not import into an empty archive, so it cannot be benchmarked: {why}",
                file.display()
            ),
        ));
    }
    let marks = marks.into_inner().unwrap_or_else(PoisonError::into_inner);
    let at = |stage: ImportStage| marks.iter().find(|(s, _)| *s == stage).map(|(_, t)| *t);
    let stages = STAGES
        .iter()
        .enumerate()
        .map(|(i, (stage, _))| {
            // A stage lasts until the next one the import went through (a scan has
            // no extraction, a born-digital file no OCR).
            let next = STAGES[i + 1..]
                .iter()
                .find_map(|(s, _)| at(*s))
                .or_else(|| at(ImportStage::Done));
            match (at(*stage), next) {
                (Some(a), Some(b)) => ms(b.duration_since(a)),
                _ => 0.0,
            }
        })
        .collect();
    let pages = archive.issues()?.first().map_or(0, |issue| issue.pages);
    Ok(Round {
        pages,
        open_ms,
        import_ms,
        stages,
    })
}

/// For a scan, a temporary directory holding its page images as the import reads
/// them (the PDF's own image bytes), one file per page; None for a born-digital file.
fn scan_images(file: &Path) -> Result<Option<PathBuf>> {
    let bytes = std::fs::read(file)?;
    match gazette::extract::extract_pages(&bytes, None) {
        Err(e) if e.kind() == ErrorKind::NoTextLayer => {}
        _ => return Ok(None),
    }
    let pdf = gazette::extract::open(&bytes, None)?;
    let dir = std::env::temp_dir().join(format!("gazette-bench-pages-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    for image in gazette::ocr::page_images(&pdf) {
        if let Ok(data) = &image.file {
            std::fs::write(dir.join(format!("page-{:04}", image.index)), data)?;
        }
    }
    Ok(Some(dir))
}

/// Runs `tesseract IMAGE - -l HanS --psm 3 tsv` (the model OCR import reads) on every image in `dir`, as many at
/// once as there are cores, with `OMP_THREAD_LIMIT=1`; Err says why it could not run.
fn tesseract(dir: &Path) -> std::result::Result<Duration, String> {
    let mut images: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("the page images could not be listed ({e})"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    images.sort();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let started = Instant::now();
    for batch in images.chunks(cores) {
        let children = batch
            .iter()
            .map(|image| {
                Command::new("tesseract")
                    .arg(image)
                    .args(["-", "-l", gazette::ocr::LANGUAGE, "--psm", "3", "tsv"])
                    .env("OMP_THREAD_LIMIT", "1")
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .spawn()
                    .map_err(|e| {
                        format!("tesseract could not be started ({e}); install tesseract-ocr")
                    })
            })
            .collect::<std::result::Result<Vec<_>, String>>()?;
        for mut child in children {
            let status = child
                .wait()
                .map_err(|e| format!("tesseract was lost ({e})"))?;
            if !status.success() {
                return Err(format!("tesseract failed ({status})"));
            }
        }
    }
    Ok(started.elapsed())
}

/// Runs `pdftotext FILE /dev/null`; Err says why it could not run.
fn pdftotext(file: &Path) -> std::result::Result<Duration, String> {
    let started = Instant::now();
    let status = Command::new("pdftotext")
        .arg(file)
        .arg(null_device())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("pdftotext could not be started ({e}); install poppler-utils"))?;
    let elapsed = started.elapsed();
    if status.success() {
        Ok(elapsed)
    } else {
        Err(format!("pdftotext failed on {} ({status})", file.display()))
    }
}

fn null_device() -> &'static str {
    if cfg!(windows) {
        "NUL"
    } else {
        "/dev/null"
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn median(samples: &[f64]) -> f64 {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => 0.0,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

/// Linux resets the peak ("high water mark") when 5 is written to clear_refs, so each
/// file gets its own figure; elsewhere the figure is simply not reported.
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}
