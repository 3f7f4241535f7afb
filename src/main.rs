//! The `gazette` command: the archive's scriptable interface. Every command takes
//! `--archive DIR` and `--json`; it exits 0 on success and non-zero on any error, with
//! a one-line reason on stderr (and `{"error": {"kind", "message"}}` on stdout under
//! `--json`).

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use clap::{Parser, Subcommand};
use gazette::views::{ClauseView, DocumentView, ImportStatus, TocView};
use gazette::{Archive, Error, ImportOptions};
use serde_json::json;

#[derive(Parser)]
#[command(
    name = "gazette",
    version,
    about = "Offline archive of Chinese government gazettes"
)]
struct Cli {
    /// Archive directory (default: the platform data directory).
    #[arg(long, global = true, value_name = "DIR")]
    archive: Option<PathBuf>,
    /// Print one JSON document on stdout.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Import gazette PDFs.
    Import {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// User password of encrypted PDFs.
        #[arg(long)]
        password: Option<String>,
    },
    /// List the issues in the archive.
    Issues,
    /// Print an issue's 目录 (ISSUE: id or YEAR-NUMBER such as 2018-8).
    Toc { issue: String },
    /// Print a document (DOC: id or 文号 in any bracket style).
    Show { document: String },
    /// Verify the archive.
    Check,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("gazette: {e}");
            if cli.json {
                println!(
                    "{}",
                    json!({"error": {"kind": e.kind.as_str(), "message": e.message}})
                );
            }
            ExitCode::FAILURE
        }
    }
}

fn run(cli: &Cli) -> Result<ExitCode, Error> {
    let dir = match &cli.archive {
        Some(dir) => dir.clone(),
        None => Archive::default_dir()?,
    };
    let archive = Archive::open(&dir)?;
    match &cli.command {
        Command::Import { files, password } => {
            let options = ImportOptions {
                password: password.clone(),
            };
            let cancel = AtomicBool::new(false);
            let mut reports = Vec::with_capacity(files.len());
            for file in files {
                let report = archive.import_file(file, &options, &|_| {}, &cancel);
                if !cli.json {
                    print_import(&report);
                }
                reports.push(report);
            }
            if cli.json {
                print_json(&json!({ "results": reports }));
            }
            let failed = reports
                .iter()
                .filter(|r| r.status == ImportStatus::Error)
                .count();
            if failed > 0 {
                eprintln!(
                    "gazette: {failed} of {} files failed to import",
                    reports.len()
                );
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Issues => {
            let issues = archive.issues()?;
            if cli.json {
                print_json(&json!({ "issues": issues }));
            } else if issues.is_empty() {
                println!("The archive is empty. Import a PDF with: gazette import FILE.pdf");
            } else {
                for i in &issues {
                    let serial = i
                        .serial
                        .map(|s| format!("（总第{s}期）"))
                        .unwrap_or_default();
                    println!(
                        "{:>4}  {} {}年第{}期{}  {} pages, {} documents",
                        i.id, i.gazette, i.year, i.number, serial, i.pages, i.documents
                    );
                }
            }
        }
        Command::Toc { issue } => {
            let toc = archive.toc(issue)?;
            if cli.json {
                print_json(&toc);
            } else {
                print_toc(&toc);
            }
        }
        Command::Show { document } => {
            let document = archive.document(document)?;
            if cli.json {
                print_json(&document);
            } else {
                print_document(&document);
            }
        }
        Command::Check => {
            let report = archive.check()?;
            if cli.json {
                print_json(&report);
            } else if report.ok {
                println!("OK: the archive is consistent.");
            } else {
                for p in &report.problems {
                    println!("problem: {p}");
                }
            }
            if !report.ok {
                return Ok(ExitCode::FAILURE);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_json<T: serde::Serialize>(value: &T) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => println!("{text}"),
        Err(e) => eprintln!("gazette: cannot encode the output as JSON: {e}"),
    }
}

fn print_import(report: &gazette::views::ImportReport) {
    let issue = report
        .issue
        .as_ref()
        .map(|i| format!("{} {}年第{}期 (id {})", i.gazette, i.year, i.number, i.id))
        .unwrap_or_default();
    match report.status {
        ImportStatus::Imported => println!(
            "imported  {}: {issue}, {} documents",
            report.file,
            report.documents.unwrap_or(0)
        ),
        ImportStatus::Replaced => println!(
            "replaced  {}: {issue}, {} documents (the earlier edition's PDF is kept)",
            report.file,
            report.documents.unwrap_or(0)
        ),
        ImportStatus::Duplicate => {
            println!(
                "duplicate {}: already in the archive as {issue}",
                report.file
            )
        }
        ImportStatus::Error => {
            let (kind, message) = report
                .error
                .as_ref()
                .map_or(("error", ""), |e| (e.kind.as_str(), e.message.as_str()));
            println!("error     {}: {message} [{kind}]", report.file);
        }
    }
}

fn print_toc(toc: &TocView) {
    let i = &toc.issue;
    println!("{} {}年第{}期 目录", i.gazette, i.year, i.number);
    for section in &toc.sections {
        println!();
        println!("{}", section.title);
        for e in &section.entries {
            let page = e.page.map(|p| p.to_string()).unwrap_or_default();
            println!("  {} {:.>width$}", e.title, page, width = 6);
            if let Some(n) = &e.doc_number {
                println!("    {n}");
            }
        }
    }
}

fn print_document(d: &DocumentView) {
    if let Some(header) = &d.red_header {
        println!("{header}");
    }
    if let Some(n) = &d.doc_number {
        println!("{n}");
    }
    println!("{}", d.title);
    if let Some(a) = &d.addressees {
        println!("{a}：");
    }
    let pages = match (d.start_page, d.end_page) {
        (Some(s), Some(e)) => format!("第{s}–{e}页"),
        _ => String::new(),
    };
    println!(
        "[{}{}{}]",
        d.office.as_deref().unwrap_or(""),
        d.date
            .as_deref()
            .map(|x| format!(" {x}"))
            .unwrap_or_default(),
        if pages.is_empty() {
            pages
        } else {
            format!(" {pages}")
        }
    );
    println!();
    for clause in &d.clauses {
        print_clause(clause, 0);
    }
    for s in &d.signatories {
        println!("{s:>40}");
    }
}

fn print_clause(c: &ClauseView, depth: usize) {
    let indent = "  ".repeat(depth);
    let page = c.page.map(|p| format!("p.{p}")).unwrap_or_default();
    let head = c.heading.as_deref().unwrap_or("");
    println!("{indent}[{}] {} {head}  {page}", c.path, c.label);
    for line in c.text.lines().filter(|l| !l.is_empty()) {
        println!("{indent}    {line}");
    }
    for child in &c.children {
        print_clause(child, depth + 1);
    }
}
