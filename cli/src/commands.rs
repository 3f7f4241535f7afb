//! One function per command: each calls the archive and hands its result to
//! [`Output`], which decides between JSON and text.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use anyhow::Result;
use gazette::annotate::{
    AnnotationFilter, AnnotationPatch, ExportFormat, Kind, NewAnnotation, Span,
};
use gazette::views::{ImportProgress, ImportStage, ImportStatus};
use gazette::{Archive, Error, ErrorKind, ImportOptions, SearchOptions};
use serde_json::json;

use crate::args::{
    AnnotationsAction, BookmarkAction, Command, FormatArg, HighlightAction, NoteAction, SearchArgs,
};
use crate::output::Output;
use crate::text;

/// Runs a command that works on an open archive.
pub fn run(out: &Output, archive: &Archive, command: &Command) -> Result<ExitCode> {
    match command {
        Command::Import {
            files,
            password,
            replace,
            ocr,
        } => return import(out, archive, files, password, *replace, *ocr),
        Command::Issues { as_of: None } => issues(out, archive)?,
        Command::Issues { as_of: Some(day) } => {
            let issues = archive.issues_on(day)?;
            out.emit(&json!({ "as_of": day, "issues": issues }), |w| {
                for i in &issues {
                    let s = &i.statuses;
                    writeln!(
                        w,
                        "{:>4}  {}  {} documents: {} in force, {} expired, {} repealed, {} not yet in force",
                        i.summary.issue.id,
                        i.summary.issue.full_name(),
                        i.summary.documents,
                        s.in_force,
                        s.expired,
                        s.repealed,
                        s.not_yet_in_force
                    )?;
                }
                Ok(())
            })?
        }
        Command::Toc { issue, as_of } => {
            let toc = archive.toc_on(issue, &day(as_of))?;
            out.emit(&toc, |w| text::toc(w, &toc))?
        }
        Command::Show { document, as_of } => {
            let document = archive.document_on(document, &day(as_of))?;
            out.emit(&document, |w| text::document(w, &document))?
        }
        Command::Print { document, html: _ } => {
            let document = archive.document(document)?;
            let html = gazette::print::standalone_html(&document);
            out.emit(&json!({ "html": html }), |w| w.write_all(html.as_bytes()))?
        }
        Command::Search(args) => search(out, archive, args)?,
        Command::Reindex => reindex(out, archive)?,
        Command::Backup { file } => {
            archive.backup(file)?;
            out.emit(&json!({ "backup": file }), |w| {
                writeln!(w, "backed up the archive to {}", file.display())
            })?
        }
        Command::Links { document, as_of } => {
            let links = archive.links_on(document, &day(as_of))?;
            out.emit(&links, |w| text::links(w, &links))?
        }
        Command::Cite {
            document,
            clause,
            style,
            link,
        } => {
            let citation = archive.cite(document, clause.as_deref(), *style)?;
            out.emit(&citation, |w| {
                writeln!(w, "{}", citation.text)?;
                if *link {
                    writeln!(w, "{}", citation.link)?;
                }
                Ok(())
            })?
        }
        Command::Open { url } => {
            let target = archive.open_link(url)?;
            out.emit(&target, |w| {
                let clause = target.clause_path.as_deref().unwrap_or("(whole document)");
                writeln!(w, "document {}, clause {clause}", target.document_id)
            })?
        }
        Command::Bookmark {
            action: BookmarkAction::Add { at, tags },
        } => {
            let new = at.annotation(Kind::Bookmark, Span::Clause, None, tags);
            add_annotation(out, archive, &new)?
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
            add_annotation(out, archive, &new)?
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
            add_annotation(out, archive, &new)?
        }
        Command::Annotations { action, filter } => {
            annotations(out, archive, action.as_ref(), &filter.to_filter())?
        }
        Command::Diff { old, new } => {
            let diff = archive.diff(old, new)?;
            out.emit(&diff, |w| text::diff(w, &diff))?
        }
        Command::Check => return check(out, archive),
        // Neither opens the archive first: `main` runs them.
        Command::Bench { .. } | Command::Restore { .. } => {
            unreachable!("main runs bench and restore before opening the archive")
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The day statuses are computed for: the one asked about, else today.
fn day(as_of: &Option<String>) -> String {
    as_of.clone().unwrap_or_else(gazette::dates::today)
}

/// Replaces the archive in `dir` with a backup.
pub fn restore(out: &Output, dir: &Path, file: &Path) -> Result<ExitCode> {
    let (archive, kept) = Archive::restore(dir, file)?;
    let issues = archive.issues()?;
    let value = json!({ "restored": true, "issues": issues.len(), "kept": kept });
    out.emit(&value, |w| {
        writeln!(w, "restored {} issues into {}", issues.len(), dir.display())?;
        if let Some(kept) = &kept {
            writeln!(
                w,
                "the archive that was there is kept as {}",
                kept.display()
            )?;
        }
        Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

fn import(
    out: &Output,
    archive: &Archive,
    files: &[PathBuf],
    password: &Option<String>,
    replace: bool,
    ocr: bool,
) -> Result<ExitCode> {
    let options = ImportOptions {
        password: password.clone(),
        replace,
        ocr,
    };
    let cancel = AtomicBool::new(false);
    let files = pdf_files(files)?;
    let total = files.len();
    // The text form reports each file as it is done; a write error there (a closed
    // pipe) is returned once the batch, which it cannot stop, is over.
    let mut write_error = None;
    // OCR takes seconds a page: its progress is told page by page, on stderr.
    let progress = |p: ImportProgress| {
        if p.stage == ImportStage::Recognising && p.total > 0 {
            eprintln!("{}: OCR {}/{} pages", p.file, p.done, p.total);
        }
    };
    let reports =
        archive.import_files(&files, &options, &progress, &cancel, &mut |done, report| {
            if out.is_json() || write_error.is_some() {
                return;
            }
            if total > 1 {
                eprintln!("[{done}/{total}] {}", report.file);
            }
            if let Err(e) = out.text(|w| text::import(w, report)) {
                write_error = Some(e);
            }
        });
    if let Some(e) = write_error {
        return Err(e);
    }
    // Text was written file by file above; JSON is one document for the batch.
    out.emit(&json!({ "results": reports }), |_| Ok(()))?;
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
    Ok(ExitCode::SUCCESS)
}

fn issues(out: &Output, archive: &Archive) -> Result<()> {
    let issues = archive.issues()?;
    out.emit(&json!({ "issues": issues }), |w| {
        if issues.is_empty() {
            return writeln!(
                w,
                "The archive is empty. Import a PDF with: gazette import FILE.pdf"
            );
        }
        for i in &issues {
            writeln!(
                w,
                "{:>4}  {}  {} pages, {} documents",
                i.issue.id,
                i.issue.full_name(),
                i.pages,
                i.documents
            )?;
        }
        Ok(())
    })
}

fn search(out: &Output, archive: &Archive, args: &SearchArgs) -> Result<()> {
    let SearchArgs {
        query,
        limit,
        offset,
        count,
        gazette,
        year,
        office,
        section,
        status,
        as_of,
    } = args;
    let mut options = SearchOptions {
        limit: *limit,
        offset: *offset,
        gazette: gazette.clone(),
        office: office.clone(),
        section: section.clone(),
        status: *status,
        ..SearchOptions::default()
    };
    if let Some(years) = year {
        options.set_years(years)?;
    }
    let typed = query.join(" ");
    let mut results = archive.search_on(&typed, &options, &day(as_of))?;
    if *count && !results.total_exact {
        results.total = archive.count_on(&typed, &options, &day(as_of))?;
        results.total_exact = true;
    }
    out.emit(&results, |w| text::search(w, &results))
}

fn reindex(out: &Output, archive: &Archive) -> Result<()> {
    let report = archive.reindex(&text::index_progress)?;
    out.emit(&report, |w| {
        writeln!(
            w,
            "Reindexed {} clauses and {} documents ({:.1} MB), archive generation {}.",
            report.clauses,
            report.documents,
            report.bytes as f64 / 1e6,
            report.generation
        )
    })
}

/// `bookmark add`, `note add` and `highlight add`.
fn add_annotation(out: &Output, archive: &Archive, new: &NewAnnotation) -> Result<()> {
    let view = archive.add_annotation(new)?;
    out.emit(&view, |w| {
        write!(w, "added ")?;
        text::annotation(w, &view)
    })
}

fn annotations(
    out: &Output,
    archive: &Archive,
    action: Option<&AnnotationsAction>,
    filter: &AnnotationFilter,
) -> Result<()> {
    match action {
        None => {
            let found = archive.annotations(filter)?;
            out.emit(&json!({ "annotations": found }), |w| {
                if found.is_empty() {
                    return writeln!(w, "No annotations.");
                }
                found.iter().try_for_each(|a| text::annotation(w, a))
            })
        }
        Some(AnnotationsAction::Export { format, output }) => {
            let format = match format {
                FormatArg::Md => ExportFormat::Md,
                FormatArg::W3c => ExportFormat::W3c,
            };
            let exported = archive.export_annotations(format, filter)?;
            match output {
                Some(file) => write_output(out, file, &exported),
                // The W3C export is itself the one JSON document `--json` promises.
                None if matches!(format, ExportFormat::W3c) => {
                    out.text(|w| write!(w, "{exported}"))
                }
                None => out.emit(&json!({ "markdown": exported }), |w| {
                    write!(w, "{exported}")
                }),
            }
        }
        Some(AnnotationsAction::Import { file }) => {
            let report = archive.import_annotations(&read_input(file)?)?;
            let a = report.anchors;
            out.emit(&report, |w| {
                writeln!(
                    w,
                    "{} added, {} updated, {} unchanged; of those added or updated {} are anchored, {} orphaned",
                    report.added,
                    report.updated,
                    report.unchanged,
                    a.exact + a.quote + a.fuzzy,
                    a.orphaned
                )
            })
        }
        Some(AnnotationsAction::Edit {
            id,
            note,
            tags,
            color,
        }) => {
            let patch = AnnotationPatch {
                note: note.clone(),
                tags: (!tags.is_empty()).then(|| tags.clone()),
                color: color.clone(),
            };
            let view = archive.update_annotation(id, &patch)?;
            out.emit(&view, |w| {
                write!(w, "changed ")?;
                text::annotation(w, &view)
            })
        }
        Some(AnnotationsAction::Delete { ids }) => {
            // Every id is checked before any is deleted: a typo deletes nothing.
            for id in ids {
                archive.annotation(id)?;
            }
            for id in ids {
                archive.delete_annotation(id)?;
            }
            out.emit(&json!({ "deleted": ids }), |w| {
                writeln!(w, "deleted {} annotations", ids.len())
            })
        }
        Some(action) => sync(out, archive, action),
    }
}

/// The bundles that carry notes between computers, and the conflicts they meet.
fn sync(out: &Output, archive: &Archive, action: &AnnotationsAction) -> Result<()> {
    match action {
        AnnotationsAction::Bundle { since, output } => {
            let bundle = archive.export_bundle(since.as_deref())?;
            match output {
                Some(file) => write_output(out, file, &bundle),
                // The bundle is itself the one JSON document `--json` promises.
                None => out.text(|w| writeln!(w, "{bundle}")),
            }
        }
        AnnotationsAction::Merge { file } => {
            let report = archive.import_bundle(&read_input(file)?)?;
            out.emit(&report, |w| {
                writeln!(
                    w,
                    "{} added, {} updated, {} deleted, {} unchanged, {} conflicts",
                    report.added,
                    report.updated,
                    report.deleted,
                    report.unchanged,
                    report.conflicts
                )?;
                if report.conflicts > 0 {
                    writeln!(w, "`gazette annotations conflicts` lists what lost")?;
                }
                Ok(())
            })
        }
        AnnotationsAction::Conflicts => {
            let conflicts = archive.annotation_conflicts()?;
            out.emit(&json!({ "conflicts": conflicts }), |w| {
                if conflicts.is_empty() {
                    return writeln!(w, "No conflicts.");
                }
                conflicts.iter().try_for_each(|c| text::conflict(w, c))
            })
        }
        _ => unreachable!("`annotations` handles its other actions itself"),
    }
}

fn read_input(file: &Path) -> Result<String> {
    std::fs::read_to_string(file).map_err(|e| {
        let message = format!("cannot read {}: {e}", file.display());
        Error::with_source(ErrorKind::Io, message, e).into()
    })
}

fn write_output(out: &Output, file: &Path, text: &str) -> Result<()> {
    std::fs::write(file, text).map_err(|e| {
        let message = format!("cannot write {}: {e}", file.display());
        Error::with_source(ErrorKind::Io, message, e)
    })?;
    out.emit(&json!({ "output": file }), |w| {
        writeln!(w, "wrote {}", file.display())
    })
}

fn check(out: &Output, archive: &Archive) -> Result<ExitCode> {
    let report = archive.check()?;
    out.emit(&report, |w| {
        for line in &report.repaired {
            writeln!(w, "repaired: {line}")?;
        }
        for u in &report.unrecognised {
            writeln!(w, "not recognised: {u}")?;
        }
        if let Some(cause) = &report.index_unavailable {
            writeln!(
                w,
                "search index unavailable: {cause}; reading and notes work, search returns once the index can be written"
            )?;
        }
        if report.ok {
            return writeln!(w, "OK: the archive is consistent.");
        }
        report
            .problems
            .iter()
            .try_for_each(|p| writeln!(w, "problem: {p}"))
    })?;
    Ok(if report.ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
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
