//! The search benchmark behind `gazette bench search`: builds a synthetic archive of
//! many issues from one sample PDF (years, issue numbers, paragraph order and about 2%
//! of the characters varied), builds its index, and times a mixed query set against
//! the index and against a brute-force scan of the text held in memory, which also
//! serves as the oracle for recall. The import benchmark lives in [`import`].

mod corpus;
pub mod import;
mod rng;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Serialize;

use gazette::import::{open_store, write_parsed};
use gazette::index::FieldSpace;
use gazette::model::{Clause, ParsedIssue};
use gazette::search::{Query, SearchOptions};
use gazette::{extract, parse, store, Archive, Error, ErrorKind, Result};

use corpus::Corpus;

pub use rng::Rng;

/// What to benchmark.
#[derive(Debug, Clone)]
pub struct BenchOptions {
    /// Issues in the synthetic archive.
    pub issues: usize,
    /// The sample issue every synthetic one is made from.
    pub sample: PathBuf,
    /// Where to build the archive; a temporary directory (removed afterwards) if None.
    /// An archive already there with as many issues is reused, index and all: a large
    /// one takes many minutes to write and index.
    pub dir: Option<PathBuf>,
    /// Seed of the variations and of the query sample.
    pub seed: u64,
    /// Timed runs of every query.
    pub rounds: usize,
}

/// Latency percentiles in milliseconds.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Latency {
    pub p50: f64,
    pub p95: f64,
    pub p99: f64,
    pub max: f64,
}

impl Latency {
    /// These latencies divided by `other`'s, percentile by percentile.
    fn over(&self, other: &Latency) -> Latency {
        let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
        Latency {
            p50: ratio(self.p50, other.p50),
            p95: ratio(self.p95, other.p95),
            p99: ratio(self.p99, other.p99),
            max: ratio(self.max, other.max),
        }
    }

    fn of(mut samples: Vec<f64>) -> Latency {
        samples.sort_by(f64::total_cmp);
        let at = |p: usize| {
            samples
                .get((samples.len() * p / 100).min(samples.len().saturating_sub(1)))
                .copied()
                .unwrap_or(0.0)
        };
        Latency {
            p50: at(50),
            p95: at(95),
            p99: at(99),
            max: samples.last().copied().unwrap_or(0.0),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ClassFigures {
    pub class: String,
    pub queries: usize,
    /// The first page of 20 hits with snippets (and an estimated total).
    pub index: Latency,
    /// The exact total on its own.
    pub count: Latency,
    pub scan: Latency,
    /// Mean hits per query (the exact total, not only the 20 shown).
    pub mean_total: f64,
    /// Share of the oracle's hits the index found, over this class.
    pub recall: f64,
    /// Hits the index returned that the oracle does not have.
    pub false_hits: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct BenchReport {
    pub issues: usize,
    pub documents: u64,
    pub clauses: u64,
    /// UTF-8 bytes of the text indexed: clause labels, headings and text, and the
    /// documents' own printed lines.
    pub text_bytes: u64,
    /// Writing the archive; None when an earlier run's was reused.
    pub archive_seconds: Option<f64>,
    /// The first open, which builds the index unless a reused archive has a current one.
    pub build_seconds: f64,
    pub index_bytes: u64,
    /// Where the index's bytes go, field by field.
    pub index_fields: Vec<FieldSpace>,
    /// Opening the archive with a current index.
    pub open_seconds: f64,
    pub queries: usize,
    pub rounds: usize,
    /// The first page (top 20 with snippets) through the index.
    pub index: Latency,
    /// The exact total through the index.
    pub count: Latency,
    /// The same queries by scanning every text in memory (every match counted, 20
    /// snippets made).
    pub scan: Latency,
    /// Scan latency divided by first-page latency, at each percentile.
    pub ratio: Latency,
    /// Scan latency divided by exact-total latency, at each percentile.
    pub count_ratio: Latency,
    pub classes: Vec<ClassFigures>,
    /// Share of the oracle's hits the index found (hit sets compared where the oracle
    /// has at most `SET_LIMIT` hits, exact totals otherwise).
    pub recall: f64,
    /// Hits the index returned that the oracle does not have.
    pub false_hits: u64,
    /// The slowest first pages through the index, by median latency.
    pub slowest: Vec<QueryFigures>,
}

#[derive(Debug, Clone, Serialize)]
pub struct QueryFigures {
    pub class: String,
    pub query: String,
    pub median_ms: f64,
    pub total: u64,
}

/// Queries whose hits are compared one by one; larger results are compared by total.
const SET_LIMIT: usize = 2000;
/// Issues a year in the synthetic archive.
const ISSUES_PER_YEAR: usize = 24;

pub fn run(options: &BenchOptions, say: &dyn Fn(&str)) -> Result<BenchReport> {
    let (dir, temporary) = match &options.dir {
        Some(d) => (d.clone(), false),
        None => (
            std::env::temp_dir().join(format!("gazette-bench-{}", std::process::id())),
            true,
        ),
    };
    // Counted in the database alone: opening the archive would also bring its index
    // up to date, and the build is what the run times first.
    let database = Archive::database_path(&dir);
    let reuse = !temporary
        && database.exists()
        && store::issues(&open_store(&database)?)?.len() == options.issues;
    if dir.exists() && !reuse {
        std::fs::remove_dir_all(&dir)?;
    }
    let report = run_in(&dir, options, reuse, say);
    if temporary {
        // Best effort: a leftover temporary directory is harmless.
        let _ = std::fs::remove_dir_all(&dir);
    }
    report
}

fn run_in(
    dir: &Path,
    options: &BenchOptions,
    reuse: bool,
    say: &dyn Fn(&str),
) -> Result<BenchReport> {
    let bytes = std::fs::read(&options.sample).map_err(|e| {
        Error::with_source(
            ErrorKind::Io,
            format!("cannot read the sample {}: {e}", options.sample.display()),
            e,
        )
    })?;
    let sample = parse::parse_issue(&extract::extract_pages(&bytes, None)?)?;
    // The queries are drawn from their own stream, so a reused archive gets the same.
    let mut archive_rng = Rng::new(options.seed);
    let mut rng = Rng::new(options.seed.wrapping_add(1));

    let archive_seconds = if reuse {
        say(&format!("reusing the archive in {}", dir.display()));
        None
    } else {
        say(&format!(
            "writing {} synthetic issues to {}",
            options.issues,
            dir.display()
        ));
        let started = Instant::now();
        write_archive(dir, &sample, options.issues, &mut archive_rng)?;
        Some(started.elapsed().as_secs_f64())
    };

    say("building the index");
    let started = Instant::now();
    let archive = Archive::open(dir)?;
    let build_seconds = started.elapsed().as_secs_f64();
    drop(archive);
    let started = Instant::now();
    let archive = Archive::open(dir)?;
    let open_seconds = started.elapsed().as_secs_f64();
    let index_bytes = gazette::index::dir_size(&dir.join("index"));
    let index_fields = archive.index_space()?;

    say("loading the text for the scan");
    let corpus = Corpus::load(dir)?;
    let queries = corpus.query_set(&mut rng);

    say(&format!(
        "timing {} queries, {} rounds",
        queries.len(),
        options.rounds
    ));
    let top20 = SearchOptions::default();
    let (mut index_all, mut count_all, mut scan_all) = (Vec::new(), Vec::new(), Vec::new());
    let mut classes: Vec<ClassFigures> = Vec::new();
    let (mut found_all, mut expected_all, mut false_all) = (0u64, 0u64, 0u64);
    let mut per_query: Vec<QueryFigures> = Vec::new();
    for (class, members) in group_by_class(&queries) {
        let (mut index_ms, mut count_ms, mut scan_ms) = (Vec::new(), Vec::new(), Vec::new());
        let (mut totals, mut found, mut expected, mut false_hits) = (0u64, 0u64, 0u64, 0u64);
        for typed in &members {
            let query = Query::parse(typed)?;
            let oracle: HashSet<(i64, Option<i64>)> = corpus.scan(&query).into_iter().collect();
            // Warm up once, then time.
            let first = archive.search(typed, &top20)?;
            archive.count(typed, &top20)?;
            let mut own = Vec::new();
            let mut total = 0;
            for _ in 0..options.rounds {
                let t = Instant::now();
                archive.search(typed, &top20)?;
                own.push(t.elapsed().as_secs_f64() * 1e3);
                let t = Instant::now();
                total = archive.count(typed, &top20)?;
                count_ms.push(t.elapsed().as_secs_f64() * 1e3);
                let t = Instant::now();
                corpus.top(&query, 20);
                scan_ms.push(t.elapsed().as_secs_f64() * 1e3);
            }
            index_ms.extend(&own);
            totals += total;
            per_query.push(QueryFigures {
                class: class.to_string(),
                query: typed.clone(),
                median_ms: Latency::of(own).p50,
                total,
            });
            expected += oracle.len() as u64;
            // Every hit of the first page must be a true one.
            let mut keys: HashSet<(i64, Option<i64>)> = first
                .hits
                .iter()
                .map(|h| (h.document_id, h.clause_id))
                .collect();
            if oracle.len() <= SET_LIMIT {
                let all = SearchOptions {
                    limit: SET_LIMIT,
                    ..SearchOptions::default()
                };
                keys.extend(
                    archive
                        .search(typed, &all)?
                        .hits
                        .iter()
                        .map(|h| (h.document_id, h.clause_id)),
                );
                found += oracle.iter().filter(|k| keys.contains(k)).count() as u64;
                false_hits += keys.iter().filter(|k| !oracle.contains(k)).count() as u64;
            } else {
                found += total.min(oracle.len() as u64);
                false_hits += total.saturating_sub(oracle.len() as u64)
                    + keys.iter().filter(|k| !oracle.contains(k)).count() as u64;
            }
        }
        classes.push(ClassFigures {
            class: class.to_string(),
            queries: members.len(),
            index: Latency::of(index_ms.clone()),
            count: Latency::of(count_ms.clone()),
            scan: Latency::of(scan_ms.clone()),
            mean_total: totals as f64 / members.len().max(1) as f64,
            recall: share(found, expected),
            false_hits,
        });
        index_all.extend(index_ms);
        count_all.extend(count_ms);
        scan_all.extend(scan_ms);
        (found_all, expected_all, false_all) = (
            found_all + found,
            expected_all + expected,
            false_all + false_hits,
        );
    }
    per_query.sort_by(|a, b| b.median_ms.total_cmp(&a.median_ms));
    per_query.truncate(10);
    let index = Latency::of(index_all);
    let count = Latency::of(count_all);
    let scan = Latency::of(scan_all);
    Ok(BenchReport {
        issues: options.issues,
        documents: corpus.documents,
        clauses: corpus.clauses,
        text_bytes: corpus.text_bytes,
        archive_seconds,
        build_seconds,
        index_bytes,
        index_fields,
        open_seconds,
        queries: queries.len(),
        rounds: options.rounds,
        index,
        count,
        scan,
        ratio: scan.over(&index),
        count_ratio: scan.over(&count),
        classes,
        recall: share(found_all, expected_all),
        false_hits: false_all,
        slowest: per_query,
    })
}

/// `part` of `all`, 1 when there is nothing to find.
fn share(part: u64, all: u64) -> f64 {
    if all == 0 {
        1.0
    } else {
        part as f64 / all as f64
    }
}

fn group_by_class(queries: &[(&'static str, String)]) -> Vec<(&'static str, Vec<String>)> {
    let mut groups: Vec<(&'static str, Vec<String>)> = Vec::new();
    for (class, q) in queries {
        match groups.iter_mut().find(|(c, _)| c == class) {
            Some((_, members)) => members.push(q.clone()),
            None => groups.push((class, vec![q.clone()])),
        }
    }
    groups
}

/// Writes `count` variations of `sample` into a new archive database.
fn write_archive(dir: &Path, sample: &ParsedIssue, count: usize, rng: &mut Rng) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut conn = open_store(&Archive::database_path(dir))?;
    let alphabet: Vec<char> = {
        let mut chars: Vec<char> = sample
            .documents
            .iter()
            .flat_map(|d| d.clauses.iter())
            .flat_map(|c| c.text.chars())
            .filter(|c| is_han(*c))
            .collect();
        chars.sort_unstable();
        chars.dedup();
        chars
    };
    let mut template = sample.clone();
    // Page texts are not searched; leaving them out keeps the archive quick to write.
    for page in &mut template.pages {
        page.text.clear();
    }
    for batch in (0..count).collect::<Vec<_>>().chunks(50) {
        let tx = conn.transaction()?;
        for &k in batch {
            let issue = variation(&template, k, rng, &alphabet);
            let tag = format!("synthetic-{k}");
            write_parsed(
                &tx,
                &issue,
                &store::SourcePdf {
                    bytes: tag.as_bytes(),
                    sha256: &tag,
                    file_name: "synthetic.pdf",
                },
            )?;
        }
        tx.commit()?;
    }
    Ok(())
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}')
}

fn variation(template: &ParsedIssue, k: usize, rng: &mut Rng, alphabet: &[char]) -> ParsedIssue {
    let mut issue = template.clone();
    issue.year = 2000 + (k / ISSUES_PER_YEAR) as i32;
    issue.number = (k % ISSUES_PER_YEAR) as i32 + 1;
    issue.serial = Some(k as i32 + 1);
    // The labels keep the sample's style (期 or 号) with the new numbers.
    issue.number_label = format!(
        "第{}{}",
        issue.number,
        template.number_label.chars().last().unwrap_or('期')
    );
    issue.serial_label = template
        .serial_label
        .as_ref()
        .zip(template.serial)
        .map(|(label, serial)| label.replace(&serial.to_string(), &(k + 1).to_string()));
    let year = issue.year.to_string();
    let template_year = template.year.to_string();
    let vary = |text: &str, rng: &mut Rng| -> String {
        text.replace(&template_year, &year)
            .chars()
            .map(|c| {
                if is_han(c) && rng.below(50) == 0 {
                    alphabet[rng.below(alphabet.len())]
                } else {
                    c
                }
            })
            .collect()
    };
    for document in &mut issue.documents {
        document.title = vary(&document.title, rng);
        document.doc_number = document
            .doc_number
            .as_ref()
            .map(|n| n.replace(&template_year, &year));
        rng.shuffle(&mut document.clauses);
        let mut pending: Vec<&mut Clause> = document.clauses.iter_mut().collect();
        while let Some(clause) = pending.pop() {
            let mut paragraphs: Vec<&str> = clause.text.split('\n').collect();
            rng.shuffle(&mut paragraphs);
            clause.text = vary(&paragraphs.join("\n"), rng);
            clause.heading = clause.heading.as_ref().map(|h| vary(h, rng));
            pending.extend(clause.children.iter_mut());
        }
    }
    issue
}
