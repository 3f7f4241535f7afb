//! The import benchmark behind `gazette bench import`: for each PDF, rounds that
//! alternate a full import (extract, parse, store, index) into a fresh archive with
//! poppler's `pdftotext` on the same file, so both see the same machine load and the
//! same file cache. Reports medians, the ratio, the time of each import stage and the
//! peak memory of the process.

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
    /// `pdftotext FILE /dev/null`, the whole process; None when not run.
    pub pdftotext_ms: Option<f64>,
    pub pdftotext_min_ms: Option<f64>,
    /// import_ms / pdftotext_ms.
    pub ratio: Option<f64>,
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
const STAGES: [(ImportStage, &str); 5] = [
    (ImportStage::Reading, "read"),
    (ImportStage::Extracting, "extract"),
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
        // Round 0 warms the file cache and both programs' code; it is not counted.
        for round in 0..=options.rounds {
            let run_tool = |tools: &mut Vec<f64>| -> Option<String> {
                match pdftotext(file) {
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
            let one = import_once(file, round)?;
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
            peak_rss_mb: peak_rss_mb(),
        });
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
fn import_once(file: &Path, round: usize) -> Result<Round> {
    let dir = std::env::temp_dir().join(format!(
        "gazette-bench-import-{}-{round}",
        std::process::id()
    ));
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    let result = import_into(&dir, file);
    // Best effort: a leftover temporary directory is harmless.
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn import_into(dir: &Path, file: &Path) -> Result<Round> {
    let started = Instant::now();
    let archive = Archive::open(dir)?;
    let open_ms = ms(started.elapsed());
    let marks: Mutex<Vec<(ImportStage, Instant)>> = Mutex::new(Vec::new());
    let cancel = std::sync::atomic::AtomicBool::new(false);
    let started = Instant::now();
    let report = archive.import_file(
        file,
        &ImportOptions::default(),
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
            let next = STAGES.get(i + 1).map_or(ImportStage::Done, |(s, _)| *s);
            match (at(*stage), at(next)) {
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
