//! `gazette bench …`: runs the benchmarks of `gazette-bench` and prints their figures.

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::Result;
use gazette_bench::import::ImportBenchOptions;
use gazette_bench::{BenchOptions, Latency};

use crate::args::Bench;
use crate::output::Output;

pub fn run(out: &Output, what: &Bench) -> Result<()> {
    let (issues, sample, keep, rounds, seed) = match what {
        Bench::Search {
            issues,
            sample,
            keep,
            rounds,
            seed,
        } => (issues, sample, keep, rounds, seed),
        Bench::Import {
            files,
            rounds,
            no_pdftotext,
        } => return import(out, files, *rounds, !*no_pdftotext),
    };
    let options = BenchOptions {
        issues: *issues,
        sample: sample.clone(),
        dir: keep.clone(),
        seed: *seed,
        rounds: (*rounds).max(1),
    };
    let report = gazette_bench::run(&options, &|line| eprintln!("bench: {line}"))?;
    out.emit(&report, |w| search_text(w, &report))
}

fn import(out: &Output, files: &[PathBuf], rounds: usize, pdftotext: bool) -> Result<()> {
    let options = ImportBenchOptions {
        files: files.to_vec(),
        rounds: rounds.max(1),
        pdftotext,
    };
    let report = gazette_bench::import::run(&options, &|line| eprintln!("bench: {line}"))?;
    out.emit(&report, |w| import_text(w, &report))
}

fn search_text(w: &mut dyn Write, report: &gazette_bench::BenchReport) -> io::Result<()> {
    let mb = |b: u64| b as f64 / 1e6;
    let written = match report.archive_seconds {
        Some(seconds) => format!("written in {seconds:.1} s"),
        None => "reused from an earlier run".to_string(),
    };
    writeln!(
        w,
        "archive: {} issues, {} documents, {} clauses, {:.1} MB of clause text ({written})",
        report.issues,
        report.documents,
        report.clauses,
        mb(report.text_bytes)
    )?;
    writeln!(
        w,
        "index:   first open (a build unless reused current) {:.1} s, {:.1} MB on disk; reopening the archive takes {:.0} ms",
        report.build_seconds,
        mb(report.index_bytes),
        report.open_seconds * 1e3
    )?;
    for f in &report.index_fields {
        writeln!(
            w,
            "  {:<18} {:>7.1} MB  (terms {:.1}, postings {:.1}, positions {:.1}, other {:.1})",
            f.field,
            mb(f.total()),
            mb(f.terms),
            mb(f.postings),
            mb(f.positions),
            mb(f.other)
        )?;
    }
    writeln!(
        w,
        "text indexed: {:.1} MB; index / text = {:.2}",
        mb(report.text_bytes),
        report.index_bytes as f64 / report.text_bytes.max(1) as f64
    )?;
    writeln!(
        w,
        "queries: {} x {} rounds, first page of 20 with snippets, then the exact total; recall {:.3}, {} false hits",
        report.queries, report.rounds, report.recall, report.false_hits
    )?;
    writeln!(w)?;
    writeln!(
        w,
        "{:<14} {:>3} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>9} {:>8} {:>7}",
        "class",
        "n",
        "page p50",
        "p95",
        "p99",
        "total p50",
        "p95",
        "p99",
        "scan p50",
        "hits",
        "recall"
    )?;
    let row = |w: &mut dyn Write,
               class: &str,
               n: usize,
               page: &Latency,
               count: &Latency,
               scan: &Latency| {
        write!(
            w,
            "{:<14} {:>3} {:>8.3} {:>8.3} {:>8.3} {:>8.3} {:>8.3} {:>8.3} {:>9.2}",
            class, n, page.p50, page.p95, page.p99, count.p50, count.p95, count.p99, scan.p50
        )
    };
    for c in &report.classes {
        row(w, &c.class, c.queries, &c.index, &c.count, &c.scan)?;
        writeln!(w, " {:>8.0} {:>7.3}", c.mean_total, c.recall)?;
    }
    row(
        w,
        "all",
        report.queries,
        &report.index,
        &report.count,
        &report.scan,
    )?;
    writeln!(w)?;
    writeln!(
        w,
        "scan / first page: p50 {:.0}x, p95 {:.0}x, p99 {:.0}x; scan / exact total: p50 {:.0}x, p95 {:.0}x, p99 {:.0}x",
        report.ratio.p50,
        report.ratio.p95,
        report.ratio.p99,
        report.count_ratio.p50,
        report.count_ratio.p95,
        report.count_ratio.p99
    )?;
    writeln!(w)?;
    writeln!(w, "slowest through the index (median ms, hits):")?;
    for q in &report.slowest {
        writeln!(
            w,
            "  {:>8.3} {:>8}  {:<14} {}",
            q.median_ms, q.total, q.class, q.query
        )?;
    }
    Ok(())
}

fn import_text(
    w: &mut dyn Write,
    report: &gazette_bench::import::ImportBenchReport,
) -> io::Result<()> {
    if let Some(why) = &report.pdftotext_missing {
        writeln!(w, "pdftotext not timed: {why}")?;
    }
    let or_dash =
        |v: Option<f64>, unit: &str| v.map_or("-".to_string(), |v| format!("{v:.0}{unit}"));
    for f in &report.files {
        writeln!(
            w,
            "{} ({} pages, {} rounds, medians)",
            f.file, f.pages, f.rounds
        )?;
        writeln!(
            w,
            "  full import {:>7.0} ms (min {:.0})   {} {:>7} (min {})   ratio {}",
            f.import_ms,
            f.import_min_ms,
            if f.scan { "tesseract" } else { "pdftotext" },
            or_dash(f.pdftotext_ms, " ms"),
            or_dash(f.pdftotext_min_ms, ""),
            f.ratio.map_or("-".to_string(), |r| format!("{r:.2}x"))
        )?;
        if let Some(tool) = f.tool_s_per_page {
            writeln!(
                w,
                "  per page: import {:.2} s, {} {:.2} s ({} cores)",
                f.import_s_per_page,
                if f.scan { "tesseract" } else { "pdftotext" },
                tool,
                std::thread::available_parallelism().map_or(1, |n| n.get())
            )?;
        }
        let stages: Vec<String> = f
            .stages
            .iter()
            .map(|s| format!("{} {:.0}", s.stage, s.median_ms))
            .collect();
        writeln!(w, "  stages ms: {}", stages.join(", "))?;
        writeln!(
            w,
            "  creating the empty archive {:.0} ms (not counted); peak memory {}",
            f.open_ms,
            or_dash(f.peak_rss_mb, " MB")
        )?;
    }
    Ok(())
}
