//! The search benchmark behind `gazette bench search`: builds a synthetic archive of
//! many issues from one sample PDF (years, issue numbers, paragraph order and about 2%
//! of the characters varied), builds its index, and times a mixed query set against
//! the index and against a brute-force scan of the text held in memory, which also
//! serves as the oracle for recall. The import benchmark lives in [`import`].

pub mod import;
mod rng;

use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Serialize;

use gazette::import::{open_store, write_parsed};
use gazette::index::FieldSpace;
use gazette::model::{Clause, ParsedIssue};
use gazette::search::{fold_case_and_width, snippet, Query, SearchOptions, TermKind};
use gazette::{docnum, extract, parse, store, Archive, Error, ErrorKind, Result};

pub use rng::Rng;

/// What to benchmark.
#[derive(Debug, Clone)]
pub struct BenchOptions {
    /// Issues in the synthetic archive.
    pub issues: usize,
    /// The sample issue every synthetic one is made from.
    pub sample: PathBuf,
    /// Where to build the archive; a temporary directory (removed afterwards) if None.
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
    pub index: Latency,
    pub scan: Latency,
    /// Mean hits per query (the total, not only the 20 shown).
    pub mean_total: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct BenchReport {
    pub issues: usize,
    pub documents: u64,
    pub clauses: u64,
    /// UTF-8 bytes of clause text (headings included).
    pub text_bytes: u64,
    pub archive_seconds: f64,
    pub build_seconds: f64,
    pub index_bytes: u64,
    /// Where the index's bytes go, field by field.
    pub index_fields: Vec<FieldSpace>,
    /// Opening the archive with a current index (validation included).
    pub open_seconds: f64,
    pub queries: usize,
    pub rounds: usize,
    /// Top 20 with snippets through the index.
    pub index: Latency,
    /// The same queries by scanning every text in memory.
    pub scan: Latency,
    /// Scan latency divided by index latency, at each percentile.
    pub ratio: Latency,
    pub classes: Vec<ClassFigures>,
    /// Share of the oracle's hits the index found (totals compared for every query;
    /// hit sets compared where the oracle has at most `SET_LIMIT` hits).
    pub recall: f64,
    /// Hits the index returned that the oracle does not have.
    pub false_hits: u64,
    /// The slowest queries through the index, by median latency.
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
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    let report = run_in(&dir, options, say);
    if temporary {
        // Best effort: a leftover temporary directory is harmless.
        let _ = std::fs::remove_dir_all(&dir);
    }
    report
}

fn run_in(dir: &Path, options: &BenchOptions, say: &dyn Fn(&str)) -> Result<BenchReport> {
    let bytes = std::fs::read(&options.sample).map_err(|e| {
        Error::with_source(
            ErrorKind::Io,
            format!("cannot read the sample {}: {e}", options.sample.display()),
            e,
        )
    })?;
    let sample = parse::parse_issue(&extract::extract_pages(&bytes, None)?)?;
    let mut rng = Rng::new(options.seed);

    say(&format!(
        "writing {} synthetic issues to {}",
        options.issues,
        dir.display()
    ));
    let started = Instant::now();
    write_archive(dir, &sample, options.issues, &mut rng)?;
    let archive_seconds = started.elapsed().as_secs_f64();

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
    let queries = query_set(&corpus, &mut rng);

    say(&format!(
        "timing {} queries, {} rounds",
        queries.len(),
        options.rounds
    ));
    let top20 = SearchOptions::default();
    let mut index_all = Vec::new();
    let mut scan_all = Vec::new();
    let mut classes: Vec<ClassFigures> = Vec::new();
    let mut found = 0u64;
    let mut expected = 0u64;
    let mut false_hits = 0u64;
    let mut per_query: Vec<QueryFigures> = Vec::new();
    for (class, members) in group_by_class(&queries) {
        let mut index_ms = Vec::new();
        let mut scan_ms = Vec::new();
        let mut totals = 0u64;
        for typed in &members {
            let query = Query::parse(typed)?;
            let oracle = corpus.scan(&query);
            // Warm up once, then time.
            archive.search(typed, &top20)?;
            let mut own = Vec::new();
            for _ in 0..options.rounds {
                let t = Instant::now();
                archive.search(typed, &top20)?;
                own.push(t.elapsed().as_secs_f64() * 1e3);
                let t = Instant::now();
                corpus.top(&query, 20);
                scan_ms.push(t.elapsed().as_secs_f64() * 1e3);
            }
            index_ms.extend(&own);
            let results = if oracle.len() <= SET_LIMIT {
                archive.search(
                    typed,
                    &SearchOptions {
                        limit: SET_LIMIT,
                        ..SearchOptions::default()
                    },
                )?
            } else {
                archive.search(typed, &top20)?
            };
            totals += results.total;
            per_query.push(QueryFigures {
                class: class.to_string(),
                query: typed.clone(),
                median_ms: Latency::of(own).p50,
                total: results.total,
            });
            expected += oracle.len() as u64;
            if oracle.len() <= SET_LIMIT {
                let keys: Vec<(i64, Option<i64>)> = results
                    .hits
                    .iter()
                    .map(|h| (h.document_id, h.clause_id))
                    .collect();
                found += oracle.iter().filter(|k| keys.contains(k)).count() as u64;
                false_hits += keys.iter().filter(|k| !oracle.contains(k)).count() as u64;
            } else {
                found += results.total.min(oracle.len() as u64);
                false_hits += results.total.saturating_sub(oracle.len() as u64);
            }
        }
        classes.push(ClassFigures {
            class: class.to_string(),
            queries: members.len(),
            index: Latency::of(index_ms.clone()),
            scan: Latency::of(scan_ms.clone()),
            mean_total: totals as f64 / members.len().max(1) as f64,
        });
        index_all.extend(index_ms);
        scan_all.extend(scan_ms);
    }
    per_query.sort_by(|a, b| b.median_ms.total_cmp(&a.median_ms));
    per_query.truncate(10);
    let index = Latency::of(index_all);
    let scan = Latency::of(scan_all);
    let ratio = |s: f64, i: f64| if i > 0.0 { s / i } else { 0.0 };
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
        scan,
        ratio: Latency {
            p50: ratio(scan.p50, index.p50),
            p95: ratio(scan.p95, index.p95),
            p99: ratio(scan.p99, index.p99),
            max: ratio(scan.max, index.max),
        },
        classes,
        recall: if expected == 0 {
            1.0
        } else {
            found as f64 / expected as f64
        },
        false_hits,
        slowest: per_query,
    })
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

/// Every searchable text, normalised once, for the brute-force scan.
struct Corpus {
    units: Vec<Unit>,
    documents: u64,
    clauses: u64,
    text_bytes: u64,
}

struct Unit {
    key: (i64, Option<i64>),
    /// The original texts, for snippets.
    fields: Vec<String>,
    normalized: Vec<String>,
    /// Without brackets and spaces, for 文号.
    numbers: Vec<String>,
}

impl Corpus {
    fn load(dir: &Path) -> Result<Corpus> {
        let conn = store::open(&Archive::database_path(dir))?;
        let mut units = Vec::new();
        let mut text_bytes = 0u64;
        let mut push = |key, fields: Vec<String>| {
            let normalized: Vec<String> = fields.iter().map(|f| fold_case_and_width(f)).collect();
            let numbers = normalized
                .iter()
                .map(|n| {
                    n.chars()
                        .filter(|c| !docnum::is_insignificant(*c))
                        .collect()
                })
                .collect();
            units.push(Unit {
                key,
                fields,
                normalized,
                numbers,
            });
        };
        let mut documents = 0;
        // A document is found by its own printed lines: title, 文号, then the rest.
        for d in store::search_documents(&conn, None)? {
            let mut fields = vec![d.title, d.doc_number.unwrap_or_default()];
            text_bytes += d.printed.iter().map(|l| l.text.len() as u64).sum::<u64>();
            fields.extend(d.printed.into_iter().map(|l| l.text));
            push((d.id, None), fields);
            documents += 1;
        }
        let mut stmt = conn.prepare("SELECT id, document_id, heading, text, label FROM clauses")?;
        let mut rows = stmt.query([])?;
        let mut clauses = 0;
        while let Some(r) = rows.next()? {
            let heading: Option<String> = r.get(2)?;
            let text: String = r.get(3)?;
            let label: String = r.get(4)?;
            let heading = heading.unwrap_or_default();
            text_bytes += (label.len() + heading.len() + text.len()) as u64;
            // The text stays second: the query set samples it.
            push((r.get(1)?, Some(r.get(0)?)), vec![heading, text, label]);
            clauses += 1;
        }
        Ok(Corpus {
            units,
            documents,
            clauses,
            text_bytes,
        })
    }

    /// Whether a unit holds every needle but the last `exclude`, and none of those.
    fn unit_matches(unit: &Unit, needles: &[(TermKind, String)], exclude: usize) -> bool {
        let occurs = |(kind, needle): &(TermKind, String)| {
            let hay = match kind {
                TermKind::Text => &unit.normalized,
                TermKind::DocNumber => &unit.numbers,
            };
            hay.iter().any(|h| h.contains(needle.as_str()))
        };
        let (include, excluded) = needles.split_at(needles.len() - exclude);
        include.iter().all(occurs) && !excluded.iter().any(occurs)
    }

    fn needles(query: &Query) -> Vec<(TermKind, String)> {
        query
            .include
            .iter()
            .chain(&query.exclude)
            .map(|t| (t.kind, t.chars.iter().collect()))
            .collect()
    }

    /// Every matching unit.
    fn scan(&self, query: &Query) -> Vec<(i64, Option<i64>)> {
        let needles = Self::needles(query);
        self.units
            .iter()
            .filter(|u| Self::unit_matches(u, &needles, query.exclude.len()))
            .map(|u| u.key)
            .collect()
    }

    /// What the index path delivers, the brute-force way: count every match and make
    /// snippets for the first `limit`.
    fn top(&self, query: &Query, limit: usize) -> (usize, Vec<String>) {
        let needles = Self::needles(query);
        let mut total = 0;
        let mut shown = Vec::new();
        for unit in &self.units {
            if Self::unit_matches(unit, &needles, query.exclude.len()) {
                total += 1;
                if shown.len() < limit {
                    shown.push(snippet(query, &unit.fields.join("\n")).0);
                }
            }
        }
        (total, shown)
    }
}

/// The mixed query set: substrings of the stored text of every length class, 文号 in
/// several bracket styles, several terms, phrases with exclusions, and rare terms.
fn query_set(corpus: &Corpus, rng: &mut Rng) -> Vec<(&'static str, String)> {
    let clauses: Vec<&Unit> = corpus.units.iter().filter(|u| u.key.1.is_some()).collect();
    let substring = |len: usize, rng: &mut Rng| -> Option<String> {
        for _ in 0..200 {
            let unit = clauses.get(rng.below(clauses.len()))?;
            let text: Vec<char> = unit.fields[1].chars().collect();
            if text.len() < len {
                continue;
            }
            let at = rng.below(text.len() - len + 1);
            let s: String = text[at..at + len].iter().collect();
            let n = fold_case_and_width(&s);
            if n.chars().all(|c| !c.is_whitespace() && c != '"') && !n.starts_with('-') {
                return Some(s);
            }
        }
        None
    };
    let mut queries: Vec<(&'static str, String)> = Vec::new();
    for (class, len) in [
        ("1 char", 1),
        ("2 chars", 2),
        ("3 chars", 3),
        ("4 chars", 4),
        ("6 chars", 6),
        ("8 chars", 8),
    ] {
        for _ in 0..12 {
            if let Some(q) = substring(len, rng) {
                queries.push((class, q));
            }
        }
    }
    let numbers: Vec<&str> = corpus
        .units
        .iter()
        .filter(|u| u.key.1.is_none() && docnum::looks_like(&u.fields[1]))
        .map(|u| u.fields[1].as_str())
        .collect();
    for i in 0..12 {
        let Some(printed) = numbers.get(rng.below(numbers.len())) else {
            break;
        };
        let typed = match i % 4 {
            0 => printed.to_string(),
            1 => printed.replace('〔', "(").replace('〕', ")"),
            2 => printed.replace('〔', "").replace('〕', " "),
            _ => printed.replace('〔', "【").replace('〕', "】"),
        };
        queries.push(("文号", typed));
    }
    for _ in 0..12 {
        if let (Some(a), Some(b)) = (substring(2, rng), substring(3, rng)) {
            queries.push(("2 terms", format!("{a} {b}")));
        }
    }
    for _ in 0..6 {
        if let (Some(a), Some(b)) = (substring(4, rng), substring(1, rng)) {
            queries.push(("phrase -term", format!("\"{a}\" -{b}")));
        }
    }
    let mut rare = 0;
    for _ in 0..200 {
        if rare == 12 {
            break;
        }
        let Some(q) = substring(5, rng) else { break };
        let Ok(query) = Query::parse(&q) else {
            continue;
        };
        if (1..=3).contains(&corpus.scan(&query).len()) {
            queries.push(("rare", q));
            rare += 1;
        }
    }
    queries
}
