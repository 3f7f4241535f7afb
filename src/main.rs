//! The `gazette` command: the archive's scriptable interface. Every command takes
//! `--archive DIR` and `--json`; it exits 0 on success and non-zero on any error, with
//! a one-line reason on stderr (and `{"error": {"kind", "message"}}` on stdout under
//! `--json`).

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use clap::{Parser, Subcommand};
use gazette::annotate::{
    self, AnnotationFilter, AnnotationView, ExportFormat, Kind, NewAnnotation, Span,
};
use gazette::bench::import::ImportBenchOptions;
use gazette::bench::BenchOptions;
use gazette::views::{
    issue_name, ClauseView, DocumentView, ImportStatus, LinkedDocument, LinksView, Status, TocView,
};
use gazette::{Archive, Error, ErrorKind, ImportOptions, SearchOptions, SearchResults};
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
        /// PDF files, or directories whose *.pdf files are all imported.
        #[arg(required = true, value_name = "FILE_OR_DIR")]
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
    /// Bookmark a clause.
    Bookmark {
        #[command(subcommand)]
        action: BookmarkAction,
    },
    /// Note on a clause, or on a phrase of it.
    Note {
        #[command(subcommand)]
        action: NoteAction,
    },
    /// Highlight a phrase of a clause.
    Highlight {
        #[command(subcommand)]
        action: HighlightAction,
    },
    /// List bookmarks, highlights and notes (orphaned ones too), or export, import or
    /// delete them. The filters choose what is listed or exported.
    Annotations {
        #[command(subcommand)]
        action: Option<AnnotationsAction>,
        #[command(flatten)]
        filter: FilterArgs,
    },
    /// Print what a document cites and repeals, what cites and repeals it, and whether
    /// it is in force (DOC: id or 文号 in any bracket style).
    Links { document: String },
    /// Verify the archive and its search index.
    Check,
    /// Write the whole archive (issues, PDFs, annotations) to one new FILE.
    Backup { file: PathBuf },
    /// Replace the archive with a backup FILE (the replaced database is kept beside it).
    Restore { file: PathBuf },
    /// Search every clause and document title: words (all must match), "exact phrase",
    /// -excluded, or a 文号 in any bracket style. Quote a query that starts with an
    /// exclusion: gazette search '诚信 -失信'.
    Search {
        #[arg(required = true, value_name = "QUERY")]
        query: Vec<String>,
        /// Most hits to show.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Only this gazette (part of its name).
        #[arg(long)]
        gazette: Option<String>,
        /// Only these years: 2018, 2016..2018, 2016.. or ..2018.
        #[arg(long, value_name = "A..B")]
        year: Option<String>,
        /// Only documents of this issuing office (part of its name).
        #[arg(long)]
        office: Option<String>,
        /// Only documents of this 目录 section (part of its title).
        #[arg(long)]
        section: Option<String>,
        /// Only documents with this status today: in_force, expired, repealed or
        /// not_yet_in_force.
        #[arg(long, value_parser = parse_status)]
        status: Option<Status>,
    },
    /// Rebuild the search index from the archive.
    Reindex,
    /// Measure performance.
    Bench {
        #[command(subcommand)]
        what: Bench,
    },
}

#[derive(Subcommand)]
enum Bench {
    /// Build a synthetic archive from a sample issue and time searches against a
    /// brute-force scan (run a release build).
    Search {
        /// Issues in the synthetic archive.
        #[arg(long, default_value_t = 1000)]
        issues: usize,
        /// The sample issue PDF.
        #[arg(long, default_value = "assets/liaocheng-2018-08-1col.pdf")]
        sample: PathBuf,
        /// Keep the synthetic archive in DIR (default: a temporary directory).
        #[arg(long, value_name = "DIR")]
        keep: Option<PathBuf>,
        /// Timed runs of each query.
        #[arg(long, default_value_t = 5)]
        rounds: usize,
        #[arg(long, default_value_t = 2018)]
        seed: u64,
    },
    /// Time full imports of each FILE (extract, parse, store, index) into a fresh
    /// archive, side by side with `pdftotext` on the same file (run a release build).
    Import {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Timed rounds per file, after one warm-up round.
        #[arg(long, default_value_t = 5)]
        rounds: usize,
        /// Do not run pdftotext (e.g. under valgrind, which would not follow it).
        #[arg(long)]
        no_pdftotext: bool,
    },
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
    if let Command::Bench { what } = &cli.command {
        return bench(cli, what);
    }
    if let Command::Restore { file } = &cli.command {
        let (archive, kept) = Archive::restore(&dir, file)?;
        let issues = archive.issues()?;
        if cli.json {
            print_json(&json!({ "restored": true, "issues": issues.len(), "kept": kept }));
        } else {
            println!("restored {} issues into {}", issues.len(), dir.display());
            if let Some(kept) = kept {
                println!("the archive that was there is kept as {}", kept.display());
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    let archive = Archive::open_with_progress(&dir, &index_progress)?;
    match &cli.command {
        Command::Import { files, password } => {
            let options = ImportOptions {
                password: password.clone(),
            };
            let cancel = AtomicBool::new(false);
            let files = pdf_files(files)?;
            let total = files.len();
            let reports =
                archive.import_files(&files, &options, &|_| {}, &cancel, &mut |done, report| {
                    if !cli.json {
                        if total > 1 {
                            eprintln!("[{done}/{total}] {}", report.file);
                        }
                        print_import(report);
                    }
                });
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
                    println!(
                        "{:>4}  {}  {} pages, {} documents",
                        i.issue.id,
                        i.issue.full_name(),
                        i.pages,
                        i.documents
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
        Command::Search {
            query,
            limit,
            gazette,
            year,
            office,
            section,
            status,
        } => {
            let mut options = SearchOptions {
                limit: *limit,
                gazette: gazette.clone(),
                office: office.clone(),
                section: section.clone(),
                status: *status,
                ..SearchOptions::default()
            };
            if let Some(years) = year {
                options.set_years(years)?;
            }
            let results = archive.search(&query.join(" "), &options)?;
            if cli.json {
                print_json(&results);
            } else {
                print_search(&results);
            }
        }
        Command::Reindex => {
            let report = archive.reindex(&index_progress)?;
            if cli.json {
                print_json(&report);
            } else {
                println!(
                    "Reindexed {} clauses and {} documents ({:.1} MB), archive generation {}.",
                    report.clauses,
                    report.documents,
                    report.bytes as f64 / 1e6,
                    report.generation
                );
            }
        }
        // Handled before the archive is opened.
        Command::Bench { .. } | Command::Restore { .. } => {}
        Command::Backup { file } => {
            archive.backup(file)?;
            if cli.json {
                print_json(&json!({ "backup": file }));
            } else {
                println!("backed up the archive to {}", file.display());
            }
        }
        Command::Links { document } => {
            let links = archive.links(document)?;
            if cli.json {
                print_json(&links);
            } else {
                print_links(&links);
            }
        }
        Command::Bookmark {
            action: BookmarkAction::Add { at, tags },
        } => {
            let new = at.annotation(Kind::Bookmark, Span::Clause, None, tags);
            print_added(cli, &archive.add_annotation(&new)?);
        }
        Command::Note {
            action:
                NoteAction::Add {
                    at,
                    text,
                    quote,
                    tags,
                },
        } => {
            let span = quote.clone().map_or(Span::Clause, Span::Quote);
            let new = at.annotation(Kind::Note, span, Some(text.clone()), tags);
            print_added(cli, &archive.add_annotation(&new)?);
        }
        Command::Highlight {
            action:
                HighlightAction::Add {
                    at,
                    quote,
                    color,
                    note,
                    tags,
                },
        } => {
            let mut new = at.annotation(
                Kind::Highlight,
                Span::Quote(quote.clone()),
                note.clone(),
                tags,
            );
            new.color = color.clone();
            print_added(cli, &archive.add_annotation(&new)?);
        }
        Command::Annotations { action, filter } => {
            annotations(cli, &archive, action.as_ref(), &filter.to_filter())?
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

/// The clause an annotation command is about.
#[derive(clap::Args)]
struct ClauseArgs {
    /// Document: id or 文号 in any bracket style.
    #[arg(value_name = "DOC")]
    document: String,
    /// Clause path as `gazette show` prints it, e.g. 二/（一）/2.
    path: String,
}

impl ClauseArgs {
    fn annotation(
        &self,
        kind: Kind,
        span: Span,
        note: Option<String>,
        tags: &[String],
    ) -> NewAnnotation {
        NewAnnotation {
            kind,
            document: self.document.clone(),
            path: self.path.clone(),
            span,
            color: None,
            note,
            tags: tags.to_vec(),
        }
    }
}

#[derive(Subcommand)]
enum BookmarkAction {
    /// Bookmark a clause: gazette bookmark add DOC PATH.
    Add {
        #[command(flatten)]
        at: ClauseArgs,
        /// A tag (repeat for more).
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
    },
}

#[derive(Subcommand)]
enum NoteAction {
    /// Add a note: gazette note add DOC PATH TEXT [--quote PHRASE].
    Add {
        #[command(flatten)]
        at: ClauseArgs,
        text: String,
        /// Attach the note to the first occurrence of this phrase in the clause.
        #[arg(long)]
        quote: Option<String>,
        /// A tag (repeat for more).
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
    },
}

#[derive(Subcommand)]
enum HighlightAction {
    /// Highlight the first occurrence of QUOTE in the clause.
    Add {
        #[command(flatten)]
        at: ClauseArgs,
        quote: String,
        /// yellow (default), green, blue, pink or purple.
        #[arg(long)]
        color: Option<String>,
        /// A note on the highlight.
        #[arg(long)]
        note: Option<String>,
        /// A tag (repeat for more).
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
    },
}

#[derive(Subcommand)]
enum AnnotationsAction {
    /// Write the annotations as Markdown or W3C Web Annotation JSON-LD.
    Export {
        #[arg(long, value_enum)]
        format: FormatArg,
        /// Write to FILE instead of standard output.
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Merge annotations from a W3C JSON-LD file (an export of this or another
    /// archive); annotations already here are not duplicated.
    Import { file: PathBuf },
    /// Delete annotations by id.
    Delete {
        #[arg(required = true, value_name = "ID")]
        ids: Vec<String>,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum FormatArg {
    Md,
    W3c,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum StatusArg {
    Anchored,
    Orphaned,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum KindArg {
    Bookmark,
    Highlight,
    Note,
}

#[derive(clap::Args)]
struct FilterArgs {
    /// Only annotations with this tag.
    #[arg(long)]
    tag: Option<String>,
    /// Only highlights of this colour.
    #[arg(long)]
    color: Option<String>,
    #[arg(long, value_enum)]
    kind: Option<KindArg>,
    #[arg(long, value_enum)]
    status: Option<StatusArg>,
    /// Only this gazette (part of its name).
    #[arg(long)]
    gazette: Option<String>,
    #[arg(long)]
    year: Option<i32>,
    /// Only annotations whose note, quote, document title, 文号 or tag contains TEXT.
    #[arg(long)]
    text: Option<String>,
}

impl FilterArgs {
    fn to_filter(&self) -> AnnotationFilter {
        AnnotationFilter {
            tag: self.tag.clone(),
            color: self.color.clone(),
            kind: self.kind.map(|k| match k {
                KindArg::Bookmark => Kind::Bookmark,
                KindArg::Highlight => Kind::Highlight,
                KindArg::Note => Kind::Note,
            }),
            status: self.status.map(|s| match s {
                StatusArg::Anchored => annotate::Status::Anchored,
                StatusArg::Orphaned => annotate::Status::Orphaned,
            }),
            gazette: self.gazette.clone(),
            year: self.year,
            text: self.text.clone(),
            document_id: None,
        }
    }
}

fn annotations(
    cli: &Cli,
    archive: &Archive,
    action: Option<&AnnotationsAction>,
    filter: &AnnotationFilter,
) -> Result<(), Error> {
    match action {
        None => {
            let found = archive.annotations(filter)?;
            if cli.json {
                print_json(&json!({ "annotations": found }));
            } else if found.is_empty() {
                println!("No annotations.");
            } else {
                found.iter().for_each(print_annotation);
            }
        }
        Some(AnnotationsAction::Export { format, output }) => {
            let format = match format {
                FormatArg::Md => ExportFormat::Md,
                FormatArg::W3c => ExportFormat::W3c,
            };
            let text = archive.export_annotations(format, filter)?;
            match output {
                Some(file) => {
                    std::fs::write(file, &text).map_err(|e| {
                        let message = format!("cannot write {}: {e}", file.display());
                        Error::with_source(gazette::ErrorKind::Io, message, e)
                    })?;
                    if cli.json {
                        print_json(&json!({ "output": file }));
                    } else {
                        println!("wrote {}", file.display());
                    }
                }
                // The W3C export is itself the one JSON document `--json` promises.
                None if cli.json && matches!(format, ExportFormat::Md) => {
                    print_json(&json!({ "markdown": text }))
                }
                None => print!("{text}"),
            }
        }
        Some(AnnotationsAction::Import { file }) => {
            let text = std::fs::read_to_string(file).map_err(|e| {
                let message = format!("cannot read {}: {e}", file.display());
                Error::with_source(gazette::ErrorKind::Io, message, e)
            })?;
            let report = archive.import_annotations(&text)?;
            if cli.json {
                print_json(&report);
            } else {
                let a = report.anchors;
                println!(
                    "{} added, {} updated, {} unchanged; of those added or updated {} are anchored, {} orphaned",
                    report.added,
                    report.updated,
                    report.unchanged,
                    a.exact + a.quote + a.fuzzy,
                    a.orphaned
                );
            }
        }
        Some(AnnotationsAction::Delete { ids }) => {
            // Every id is checked before any is deleted: a typo deletes nothing.
            for id in ids {
                archive.annotation(id)?;
            }
            for id in ids {
                archive.delete_annotation(id)?;
            }
            if cli.json {
                print_json(&json!({ "deleted": ids }));
            } else {
                println!("deleted {} annotations", ids.len());
            }
        }
    }
    Ok(())
}

fn print_added(cli: &Cli, view: &AnnotationView) {
    if cli.json {
        print_json(view);
    } else {
        print!("added ");
        print_annotation(view);
    }
}

fn print_annotation(view: &AnnotationView) {
    let a = &view.annotation;
    let anchor = &a.anchor;
    let kind = a.kind.as_str();
    let status = match (a.status, a.method) {
        (annotate::Status::Orphaned, _) => "  [orphaned: not found in the current edition]",
        (_, Some(annotate::Method::Quote)) => "  [moved: re-found by its quote]",
        (_, Some(annotate::Method::Fuzzy)) => "  [re-found by a close match]",
        _ => "",
    };
    let page = anchor.page.map(|p| format!(" p.{p}")).unwrap_or_default();
    let tags: String = a.tags.iter().map(|t| format!(" #{t}")).collect();
    println!(
        "{kind} {}  {}年{} {} [{}]{page}{tags}{status}",
        a.id,
        anchor.year,
        view.number_label,
        anchor.doc_number.as_deref().unwrap_or(&anchor.doc_title),
        anchor.path
    );
    let quote: String = anchor.quote.exact.chars().take(60).collect();
    if !quote.is_empty() {
        let more = if quote.len() < anchor.quote.exact.len() {
            "…"
        } else {
            ""
        };
        println!("    “{quote}{more}”");
    }
    if let Some(note) = &a.note {
        println!("    {note}");
    }
}

fn print_json<T: serde::Serialize>(value: &T) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => println!("{text}"),
        Err(e) => eprintln!("gazette: cannot encode the output as JSON: {e}"),
    }
}

/// The files to import: each FILE as given, and the *.pdf files of each directory in
/// name order (not descending into subdirectories).
fn pdf_files(args: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let mut files = Vec::new();
    for arg in args {
        if !arg.is_dir() {
            files.push(arg.clone());
            continue;
        }
        let unreadable = |e: std::io::Error| {
            Error::new(
                ErrorKind::Io,
                format!("cannot list the directory {}: {e}", arg.display()),
            )
        };
        let mut found = Vec::new();
        for entry in std::fs::read_dir(arg).map_err(unreadable)? {
            let path = entry.map_err(unreadable)?.path();
            let is_pdf = path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
            if is_pdf && path.is_file() {
                found.push(path);
            }
        }
        if found.is_empty() {
            return Err(Error::new(
                ErrorKind::InvalidArgument,
                format!("the directory {} holds no .pdf files", arg.display()),
            ));
        }
        found.sort();
        files.extend(found);
    }
    Ok(files)
}

fn print_import(report: &gazette::views::ImportReport) {
    let issue = report
        .issue
        .as_ref()
        .map(|i| format!("{} (id {})", i.name(), i.id))
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
    if let Some(a) = report.annotations.filter(|a| a.total() > 0) {
        println!(
            "          annotations: {} in place, {} found by quote, {} by fuzzy match, {} orphaned",
            a.exact, a.quote, a.fuzzy, a.orphaned
        );
    }
}

fn print_toc(toc: &TocView) {
    println!("{} 目录", toc.issue.issue.name());
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
    if let Some(status) = d.status {
        println!("[{}]", status_text(status));
    }
    println!();
    for clause in &d.clauses {
        print_clause(clause, 0);
    }
    for s in &d.signatories {
        println!("{s:>40}");
    }
}

fn parse_status(text: &str) -> Result<Status, String> {
    text.parse().map_err(|e: Error| e.message)
}

fn status_text(status: Status) -> &'static str {
    match status {
        Status::InForce => "in force",
        Status::Expired => "expired",
        Status::Repealed => "repealed",
        Status::NotYetInForce => "not yet in force",
    }
}

fn print_links(l: &LinksView) {
    let d = &l.document;
    println!(
        "{}{}",
        d.doc_number
            .as_deref()
            .map(|n| format!("{n}  "))
            .unwrap_or_default(),
        d.title
    );
    let mut dates = String::new();
    if let Some(e) = &l.effective {
        dates.push_str(&format!(", effective {e}"));
    }
    if let Some(e) = &l.expires {
        dates.push_str(&format!(", valid through {e}"));
    }
    let status = l.status.map_or("no status (a chronicle)", status_text);
    println!("status: {status}{dates}");
    let linked = |doc: &LinkedDocument| {
        format!(
            "{}, document {}",
            issue_name(&doc.gazette, doc.year, &doc.number_label),
            doc.id
        )
    };
    for (heading, list) in [("cites", &l.cites), ("repeals", &l.repeals)] {
        if list.is_empty() {
            continue;
        }
        println!();
        println!("{heading}:");
        for c in list {
            let name = match (&c.doc_number, &c.title) {
                (Some(n), Some(t)) => format!("《{t}》 {n}"),
                (Some(n), None) => n.clone(),
                (None, Some(t)) => format!("《{t}》"),
                (None, None) => String::new(),
            };
            let place = c
                .document
                .as_ref()
                .map_or_else(|| "not in archive".to_string(), linked);
            println!("  {name}  [{place}]");
        }
    }
    for (heading, list) in [("cited by", &l.cited_by), ("repealed by", &l.repealed_by)] {
        if list.is_empty() {
            continue;
        }
        println!();
        println!("{heading}:");
        for b in list {
            let d = &b.document;
            let number = d
                .doc_number
                .as_deref()
                .map(|n| format!("{n}  "))
                .unwrap_or_default();
            println!(
                "  {number}{}  [{}; {}]",
                d.title,
                linked(d),
                b.clause_paths.join(", ")
            );
        }
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

/// Index (re)building progress on stderr, when someone is watching.
fn index_progress(done: u64, total: u64) {
    use std::io::{IsTerminal, Write};
    let mut err = std::io::stderr();
    if !err.is_terminal() || total == 0 {
        return;
    }
    let _ = write!(err, "\rbuilding the search index: {done}/{total}");
    if done == total {
        let _ = writeln!(err);
    }
}

fn print_search(results: &SearchResults) {
    use std::io::IsTerminal;
    let (on, off) = if std::io::stdout().is_terminal() {
        ("\x1b[1;31m", "\x1b[0m")
    } else {
        ("«", "»")
    };
    println!(
        "{} hits for {} (showing {})",
        results.total,
        results.query,
        results.hits.len()
    );
    for group in &results.documents {
        let Some(first) = group.hits.first().and_then(|&i| results.hits.get(i)) else {
            continue;
        };
        println!();
        println!(
            "{}{}  [{}, document {}{}]",
            first
                .doc_number
                .as_deref()
                .map(|n| format!("{n}  "))
                .unwrap_or_default(),
            group.title,
            issue_name(&first.gazette, first.year, &first.number_label),
            group.document_id,
            group
                .status
                .map(|s| format!(", {}", status_text(s)))
                .unwrap_or_default()
        );
        for hit in group.hits.iter().filter_map(|&i| results.hits.get(i)) {
            let mut marked = String::new();
            let mut at = 0;
            let chars: Vec<char> = hit.snippet.chars().collect();
            for h in &hit.highlights {
                marked.extend(&chars[at.min(h.start)..h.start]);
                marked.push_str(on);
                marked.extend(&chars[h.start..h.end]);
                marked.push_str(off);
                at = h.end;
            }
            marked.extend(&chars[at.min(chars.len())..]);
            let place = match &hit.clause_path {
                Some(path) => format!("[{path}]"),
                None => "[title]".to_string(),
            };
            let page = hit.page.map(|p| format!(" p.{p}")).unwrap_or_default();
            println!("  {place}{page}  {marked}");
        }
    }
}

fn bench(cli: &Cli, what: &Bench) -> Result<ExitCode, Error> {
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
        } => return bench_import(cli, files, *rounds, !*no_pdftotext),
    };
    let options = BenchOptions {
        issues: *issues,
        sample: sample.clone(),
        dir: keep.clone(),
        seed: *seed,
        rounds: (*rounds).max(1),
    };
    let report = gazette::bench::run(&options, &|line| eprintln!("bench: {line}"))?;
    if cli.json {
        print_json(&report);
        return Ok(ExitCode::SUCCESS);
    }
    let mb = |b: u64| b as f64 / 1e6;
    println!(
        "archive: {} issues, {} documents, {} clauses, {:.1} MB of clause text (written in {:.1} s)",
        report.issues, report.documents, report.clauses, mb(report.text_bytes), report.archive_seconds
    );
    println!(
        "index:   built in {:.1} s, {:.1} MB on disk; reopening (validated) takes {:.0} ms",
        report.build_seconds,
        mb(report.index_bytes),
        report.open_seconds * 1e3
    );
    for f in &report.index_fields {
        println!(
            "  {:<18} {:>7.1} MB  (terms {:.1}, postings {:.1}, positions {:.1}, other {:.1})",
            f.field,
            mb(f.total()),
            mb(f.terms),
            mb(f.postings),
            mb(f.positions),
            mb(f.other)
        );
    }
    println!(
        "queries: {} x {} rounds, top 20 with snippets; recall {:.3}, {} false hits",
        report.queries, report.rounds, report.recall, report.false_hits
    );
    println!();
    println!(
        "{:<14} {:>3} {:>9} {:>9} {:>9} {:>10} {:>10} {:>9}",
        "class", "n", "p50 ms", "p95 ms", "p99 ms", "scan p50", "scan p95", "hits"
    );
    for c in &report.classes {
        println!(
            "{:<14} {:>3} {:>9.3} {:>9.3} {:>9.3} {:>10.2} {:>10.2} {:>9.0}",
            c.class,
            c.queries,
            c.index.p50,
            c.index.p95,
            c.index.p99,
            c.scan.p50,
            c.scan.p95,
            c.mean_total
        );
    }
    println!(
        "{:<14} {:>3} {:>9.3} {:>9.3} {:>9.3} {:>10.2} {:>10.2}",
        "all",
        report.queries,
        report.index.p50,
        report.index.p95,
        report.index.p99,
        report.scan.p50,
        report.scan.p95
    );
    println!(
        "scan / index: p50 {:.0}x, p95 {:.0}x, p99 {:.0}x",
        report.ratio.p50, report.ratio.p95, report.ratio.p99
    );
    println!();
    println!("slowest through the index (median ms, hits):");
    for q in &report.slowest {
        println!(
            "  {:>8.3} {:>8}  {:<14} {}",
            q.median_ms, q.total, q.class, q.query
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn bench_import(
    cli: &Cli,
    files: &[PathBuf],
    rounds: usize,
    pdftotext: bool,
) -> Result<ExitCode, Error> {
    let options = ImportBenchOptions {
        files: files.to_vec(),
        rounds: rounds.max(1),
        pdftotext,
    };
    let report = gazette::bench::import::run(&options, &|line| eprintln!("bench: {line}"))?;
    if cli.json {
        print_json(&report);
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(why) = &report.pdftotext_missing {
        println!("pdftotext not timed: {why}");
    }
    let or_dash =
        |v: Option<f64>, unit: &str| v.map_or("-".to_string(), |v| format!("{v:.0}{unit}"));
    for f in &report.files {
        println!(
            "{} ({} pages, {} rounds, medians)",
            f.file, f.pages, f.rounds
        );
        println!(
            "  full import {:>7.0} ms (min {:.0})   pdftotext {:>7} (min {})   ratio {}",
            f.import_ms,
            f.import_min_ms,
            or_dash(f.pdftotext_ms, " ms"),
            or_dash(f.pdftotext_min_ms, ""),
            f.ratio.map_or("-".to_string(), |r| format!("{r:.2}x"))
        );
        let stages: Vec<String> = f
            .stages
            .iter()
            .map(|s| format!("{} {:.0}", s.stage, s.median_ms))
            .collect();
        println!("  stages ms: {}", stages.join(", "));
        println!(
            "  creating the empty archive {:.0} ms (not counted); peak memory {}",
            f.open_ms,
            or_dash(f.peak_rss_mb, " MB")
        );
    }
    Ok(ExitCode::SUCCESS)
}
