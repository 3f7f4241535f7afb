//! The text form of every result, as a person reads it on a terminal.

use std::io::{self, Write};

use gazette::annotate::{self, AnnotationView, ConflictView};
use gazette::diff::{Change, DiffView, Run};
use gazette::search::{Highlight, MatchField, PrintedPart};
use gazette::views::{
    ClauseView, DocumentView, ImportReport, ImportStatus, LinkedDocument, LinksView, Status,
    TimelineKind, TocView,
};
use gazette::SearchResults;

pub fn annotation(w: &mut dyn Write, view: &AnnotationView) -> io::Result<()> {
    let a = &view.annotation;
    let anchor = &a.anchor;
    let kind = a.kind.as_str();
    let status = match (a.status, a.method) {
        (annotate::AnchorStatus::Orphaned, _) => "  [orphaned: not found in the current edition]",
        (_, Some(annotate::Method::Quote)) => "  [moved: re-found by its quote]",
        (_, Some(annotate::Method::Fuzzy)) => "  [re-found by a close match]",
        _ => "",
    };
    let page = anchor.page.map(|p| format!(" p.{p}")).unwrap_or_default();
    let tags: String = a.tags.iter().map(|t| format!(" #{t}")).collect();
    writeln!(
        w,
        "{kind} {}  {}年{} {} [{}]{page}{tags}{status}",
        a.id,
        anchor.issue.year,
        view.number_label,
        anchor.doc_number.as_deref().unwrap_or(&anchor.doc_title),
        anchor.path
    )?;
    let quote: String = anchor.quote.exact.chars().take(60).collect();
    if !quote.is_empty() {
        let more = if quote.len() < anchor.quote.exact.len() {
            "…"
        } else {
            ""
        };
        writeln!(w, "    “{quote}{more}”")?;
    }
    if let Some(note) = &a.note {
        writeln!(w, "    {note}")?;
    }
    Ok(())
}

pub fn import(w: &mut dyn Write, report: &ImportReport) -> io::Result<()> {
    let issue = report
        .issue
        .as_ref()
        .map(|i| format!("{} (id {})", i.name(), i.id))
        .unwrap_or_default();
    match report.status {
        ImportStatus::Imported => writeln!(
            w,
            "imported  {}: {issue}, {} documents",
            report.file,
            report.documents.unwrap_or(0)
        )?,
        ImportStatus::Replaced => writeln!(
            w,
            "replaced  {}: {issue}, {} documents (the earlier edition's PDF is kept)",
            report.file,
            report.documents.unwrap_or(0)
        )?,
        ImportStatus::Duplicate => writeln!(
            w,
            "duplicate {}: already in the archive as {issue}",
            report.file
        )?,
        ImportStatus::Error => {
            let (kind, message) = report
                .error
                .as_ref()
                .map_or(("error", ""), |e| (e.kind.as_str(), e.message.as_str()));
            writeln!(w, "error     {}: {message} [{kind}]", report.file)?;
        }
    }
    if let Some(cause) = &report.index_pending {
        writeln!(
            w,
            "          search index: will catch up when it can be written ({cause})"
        )?;
    }
    if let Some(a) = report.annotations.filter(|a| a.total() > 0) {
        writeln!(
            w,
            "          annotations: {} in place, {} found by quote, {} by fuzzy match, {} orphaned",
            a.exact, a.quote, a.fuzzy, a.orphaned
        )?;
    }
    if let Some(ocr) = &report.ocr {
        let confidence = ocr.confidence.map_or_else(
            || "no text".to_string(),
            |c| format!("mean confidence {c:.0}/100"),
        );
        let resumed = if ocr.resumed > 0 {
            format!(", {} read before and kept", ocr.resumed)
        } else {
            String::new()
        };
        writeln!(
            w,
            "          OCR: {} pages{resumed}, {confidence}",
            ocr.pages
        )?;
        for (page, why) in &ocr.unread {
            writeln!(w, "          OCR: page {page} gave no text: {why}")?;
        }
        if !ocr.structured {
            writeln!(
                w,
                "          OCR: no masthead or 目录 recognised; stored as pages of searchable text"
            )?;
        }
    }
    // What the self-check could not resolve is said, not stored silently.
    if let Some(toc) = report.toc.as_ref().filter(|t| !t.complete()) {
        writeln!(w, "          {}", toc.summary())?;
    }
    Ok(())
}

pub fn toc(w: &mut dyn Write, toc: &TocView) -> io::Result<()> {
    writeln!(w, "{} 目录", toc.issue.issue.name())?;
    if toc.from_body {
        writeln!(w, "(no 目录 recognised: the documents found in the issue)")?;
    }
    for section in &toc.sections {
        writeln!(w)?;
        writeln!(w, "{}", section.title)?;
        for e in &section.entries {
            let page = e.page.map(|p| p.to_string()).unwrap_or_default();
            writeln!(w, "  {} {:.>width$}", e.title, page, width = 6)?;
            if let Some(n) = &e.doc_number {
                writeln!(w, "    {n}")?;
            }
        }
    }
    if !toc.check.complete() {
        writeln!(w)?;
        writeln!(w, "{}", toc.check.summary())?;
    }
    Ok(())
}

pub fn document(w: &mut dyn Write, d: &DocumentView) -> io::Result<()> {
    if let Some(header) = &d.red_header {
        writeln!(w, "{header}")?;
    }
    if let Some(n) = &d.doc_number {
        writeln!(w, "{n}")?;
    }
    writeln!(w, "{}", d.title)?;
    if let Some(a) = &d.addressees {
        writeln!(w, "{a}：")?;
    }
    let pages = match (d.start_page, d.end_page) {
        (Some(s), Some(e)) => format!("第{s}–{e}页"),
        _ => String::new(),
    };
    writeln!(
        w,
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
    )?;
    if let Some(status) = d.status {
        writeln!(w, "[{}]", status_text(status))?;
    }
    writeln!(w)?;
    for c in &d.clauses {
        clause(w, c, 0)?;
    }
    for s in &d.signatories {
        writeln!(w, "{s:>40}")?;
    }
    Ok(())
}

pub fn status_text(status: Status) -> &'static str {
    match status {
        Status::InForce => "in force",
        Status::Expired => "expired",
        Status::Repealed => "repealed",
        Status::NotYetInForce => "not yet in force",
    }
}

pub fn links(w: &mut dyn Write, l: &LinksView) -> io::Result<()> {
    let d = &l.document;
    writeln!(
        w,
        "{}{}",
        d.doc_number
            .as_deref()
            .map(|n| format!("{n}  "))
            .unwrap_or_default(),
        d.title
    )?;
    let mut dates = String::new();
    if let Some(e) = &l.effective {
        dates.push_str(&format!(", effective {e}"));
    }
    if let Some(e) = &l.expires {
        dates.push_str(&format!(", valid through {e}"));
    }
    let status = l.status.map_or("no status (a chronicle)", status_text);
    writeln!(w, "status: {status}{dates}")?;
    if !l.timeline.is_empty() {
        writeln!(w)?;
        writeln!(w, "timeline:")?;
    }
    for event in &l.timeline {
        let what = match event.kind {
            TimelineKind::Issued => "issued",
            TimelineKind::Effective => "takes effect",
            TimelineKind::Amended => "amended",
            TimelineKind::Repealed => "repealed",
            TimelineKind::Expires => "last day of validity",
        };
        let by = event.document.as_ref().map_or_else(String::new, |d| {
            let number = d.doc_number.as_deref().unwrap_or(&d.title);
            format!(" by {number} [document {}]", d.id)
        });
        let date = event.date.as_deref().unwrap_or("(undated)");
        writeln!(w, "  {date}  {what}{by}")?;
    }
    let linked = |doc: &LinkedDocument| format!("{}, document {}", doc.issue.name(), doc.id);
    for (heading, list) in [
        ("amends", &l.amends),
        ("cites", &l.cites),
        ("repeals", &l.repeals),
    ] {
        if list.is_empty() {
            continue;
        }
        writeln!(w)?;
        writeln!(w, "{heading}:")?;
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
            writeln!(w, "  {name}  [{place}]")?;
        }
    }
    for (heading, list) in [
        ("amended by", &l.amended_by),
        ("cited by", &l.cited_by),
        ("repealed by", &l.repealed_by),
    ] {
        if list.is_empty() {
            continue;
        }
        writeln!(w)?;
        writeln!(w, "{heading}:")?;
        for b in list {
            let d = &b.document;
            let number = d
                .doc_number
                .as_deref()
                .map(|n| format!("{n}  "))
                .unwrap_or_default();
            writeln!(
                w,
                "  {number}{}  [{}; {}]",
                d.title,
                linked(d),
                b.clause_paths.join(", ")
            )?;
        }
    }
    Ok(())
}

pub fn clause(w: &mut dyn Write, c: &ClauseView, depth: usize) -> io::Result<()> {
    let indent = "  ".repeat(depth);
    let page = c.page.map(|p| format!("p.{p}")).unwrap_or_default();
    let head = c.heading.as_deref().unwrap_or("");
    writeln!(w, "{indent}[{}] {} {head}  {page}", c.path, c.label)?;
    for line in c.text.lines().filter(|l| !l.is_empty()) {
        writeln!(w, "{indent}    {line}")?;
    }
    for child in &c.children {
        clause(w, child, depth + 1)?;
    }
    Ok(())
}

pub fn search(w: &mut dyn Write, results: &SearchResults) -> io::Result<()> {
    use std::io::IsTerminal;
    let (on, off) = if std::io::stdout().is_terminal() {
        ("\x1b[1;31m", "\x1b[0m")
    } else {
        ("«", "»")
    };
    let about = if results.total_exact { "" } else { "about " };
    let shown = match results.hits.len() {
        0 => "none".to_string(),
        n => format!("{}–{}", results.offset + 1, results.offset + n),
    };
    writeln!(
        w,
        "{about}{} hits for {} (showing {shown})",
        results.total, results.query,
    )?;
    for group in &results.documents {
        let Some(first) = group.hits.first().and_then(|&i| results.hits.get(i)) else {
            continue;
        };
        writeln!(w)?;
        writeln!(
            w,
            "{}{}  [{}, document {}{}]",
            first
                .doc_number
                .as_deref()
                .map(|n| format!("{n}  "))
                .unwrap_or_default(),
            group.title,
            first.issue.name(),
            group.document_id,
            group
                .status
                .map(|s| format!(", {}", status_text(s)))
                .unwrap_or_default()
        )?;
        for hit in group.hits.iter().filter_map(|&i| results.hits.get(i)) {
            let place = match (&hit.clause_path, hit.part, hit.matched) {
                (Some(path), _, _) => format!("[{path}]"),
                (None, Some(part), _) => format!("[{}]", part_name(part)),
                (None, None, MatchField::Document) => "[across the document]".to_string(),
                (None, None, _) => "[title]".to_string(),
            };
            let page = hit.page.map(|p| format!(" p.{p}")).unwrap_or_default();
            writeln!(
                w,
                "  {place}{page}  {}",
                marked(&hit.snippet, &hit.highlights, (on, off))
            )?;
            for spot in &hit.spread {
                let place = match (&spot.clause_path, spot.part) {
                    (Some(path), _) => format!("[{path}]"),
                    (None, Some(part)) => format!("[{}]", part_name(part)),
                    (None, None) => "[title]".to_string(),
                };
                let page = spot.page.map(|p| format!(" p.{p}")).unwrap_or_default();
                writeln!(
                    w,
                    "      {place}{page}  {}",
                    marked(&spot.snippet, &spot.highlights, (on, off))
                )?;
            }
        }
    }
    Ok(())
}

/// A snippet with its highlighted ranges between the `marks`.
fn marked(snippet: &str, highlights: &[Highlight], (on, off): (&str, &str)) -> String {
    let mut marked = String::new();
    let mut at = 0;
    let chars: Vec<char> = snippet.chars().collect();
    for h in highlights {
        marked.extend(&chars[at.min(h.start)..h.start]);
        marked.push_str(on);
        marked.extend(&chars[h.start..h.end]);
        marked.push_str(off);
        at = h.end;
    }
    marked.extend(&chars[at.min(chars.len())..]);
    marked
}

/// How the text output names a printed line outside the clauses.
fn part_name(part: PrintedPart) -> &'static str {
    match part {
        PrintedPart::RedHeader => "red header",
        PrintedPart::Addressees => "主送",
        PrintedPart::Signature => "signature",
        PrintedPart::Date => "date",
        PrintedPart::Attachment => "附件",
        PrintedPart::Distribution => "抄送/印发",
    }
}

/// Index (re)building progress on stderr, when someone is watching.
pub fn index_progress(done: u64, total: u64) {
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

pub fn conflict(w: &mut dyn Write, c: &ConflictView) -> io::Result<()> {
    let place = [c.doc_title.as_deref(), c.path.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    writeln!(w, "{}  {place}", c.annotation_id)?;
    if let Some(quote) = &c.quote {
        writeln!(w, "    > {quote}")?;
    }
    let version = |deleted: bool, note: &Option<String>| {
        if deleted {
            "(deleted)".to_string()
        } else {
            note.clone().unwrap_or_else(|| "(no note)".into())
        }
    };
    writeln!(w, "    kept: {}", version(c.kept_deleted, &c.kept_note))?;
    writeln!(
        w,
        "    lost: {}  [{}]",
        version(c.lost_deleted, &c.lost_note),
        c.lost_time
    )
}

pub fn diff(w: &mut dyn Write, d: &DiffView) -> io::Result<()> {
    use std::io::IsTerminal;
    let colour = std::io::stdout().is_terminal();
    for c in &d.clauses {
        let (what, path) = match c.change {
            Change::Added => ("added", c.new_path.as_deref()),
            Change::Removed => ("removed", c.old_path.as_deref()),
            Change::Changed => ("changed", c.new_path.as_deref()),
        };
        writeln!(w, "{what} [{}]", path.unwrap_or(&c.key))?;
        let mut line = String::from("    ");
        for s in &c.segments {
            let (on, off) = match (s.run, colour) {
                (Run::Same, _) => ("", ""),
                (Run::Added, true) => ("\x1b[32m", "\x1b[0m"),
                (Run::Removed, true) => ("\x1b[9;31m", "\x1b[0m"),
                (Run::Added, false) => ("{+", "+}"),
                (Run::Removed, false) => ("[-", "-]"),
            };
            line.push_str(&format!("{on}{}{off}", s.text.replace('\n', "\n    ")));
        }
        writeln!(w, "{line}")?;
    }
    writeln!(
        w,
        "{} clauses differ, {} the same",
        d.clauses.len(),
        d.unchanged
    )
}
