//! The command line as clap parses it: every command, its arguments and their help.

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use gazette::annotate::{self, AnnotationFilter, Kind, NewAnnotation, Span};
use gazette::cite::Style as CiteStyle;
use gazette::views::Status;
use gazette::Error;

#[derive(Parser)]
#[command(
    name = "gazette",
    version,
    about = "Offline archive of Chinese government gazettes"
)]
pub struct Cli {
    /// Archive directory (default: the platform data directory).
    #[arg(long, global = true, value_name = "DIR")]
    pub archive: Option<PathBuf>,
    /// Print one JSON document on stdout.
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Import gazette PDFs.
    Import {
        /// PDF files, or directories whose *.pdf files are all imported.
        #[arg(required = true, value_name = "FILE_OR_DIR")]
        files: Vec<PathBuf>,
        /// User password of encrypted PDFs.
        #[arg(long)]
        password: Option<String>,
        /// Replace a stored edition of an issue even when the new one recognises
        /// fewer of its 目录 entries.
        #[arg(long)]
        replace: bool,
        /// Read scanned PDFs (pages that are images, no text layer) by OCR; without
        /// it a scan is refused. An interrupted OCR import resumes where it stopped.
        #[arg(long)]
        ocr: bool,
    },
    /// List the issues in the archive; with --as-of, how many documents of each are
    /// in force, expired, repealed or not yet in force on that day.
    Issues {
        /// Count statuses for this day (YYYY-MM-DD).
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
    },
    /// Print an issue's 目录 (ISSUE: id or YEAR-NUMBER such as 2018-8).
    Toc {
        issue: String,
        /// Compute statuses for this day (YYYY-MM-DD) instead of today.
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
    },
    /// Print a document (DOC: id or 文号 in any bracket style).
    Show {
        document: String,
        /// Compute statuses for this day (YYYY-MM-DD) instead of today.
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
    },
    /// Write a document laid out as its printed 公文 (仿宋 body, 黑体/楷体 headings,
    /// printed page references, the gazette, issue and pages in the footer), for a
    /// browser to print or save as PDF.
    Print {
        document: String,
        /// Write HTML: the one format there is, named so that another can be added
        /// without changing what this command means.
        #[arg(long, required = true)]
        html: bool,
    },
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
    /// Print what a document cites and repeals, what cites and repeals it, whether it
    /// is in force and its timeline (DOC: id or 文号 in any bracket style).
    Links {
        document: String,
        /// Compute statuses for this day (YYYY-MM-DD) instead of today.
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
    },
    /// Print a citation of a document or of one of its clauses, in the official style
    /// (law, the default), as a GB/T 7714-2015 reference (gbt7714) or a GB/T 7714-2025
    /// one (gbt7714-2025), or as the quoted clause above its reference (plain).
    Cite {
        /// Document: id or 文号 in any bracket style.
        #[arg(value_name = "DOC")]
        document: String,
        /// Clause path as `gazette show` prints it, or its unique end (第十二条); add
        /// /第二款 to cite one paragraph of an article.
        #[arg(value_name = "CLAUSE")]
        clause: Option<String>,
        #[arg(long, default_value = "law", value_parser = parse_style)]
        style: CiteStyle,
        /// Also print the gazette:// link that opens the app at the clause.
        #[arg(long)]
        link: bool,
    },
    /// Resolve a gazette:// link (as `cite --link` prints it) to its document and clause.
    Open {
        #[arg(value_name = "URL")]
        url: String,
    },
    /// Compare two versions of a document clause by clause (OLD, NEW: id or 文号):
    /// added, removed and changed clauses, the changed words marked; formatting
    /// (full/half width, spacing, 、, bracket styles) is not a change.
    Diff {
        #[arg(value_name = "OLD")]
        old: String,
        #[arg(value_name = "NEW")]
        new: String,
    },
    /// Verify the archive and its search index.
    Check,
    /// Write the whole archive (issues, PDFs, annotations) to one new FILE.
    Backup { file: PathBuf },
    /// Replace the archive with a backup FILE (the replaced database is kept beside it).
    Restore { file: PathBuf },
    /// Search every clause and document title: words (all must match), "exact phrase",
    /// -excluded, or a 文号 in any bracket style. Quote a query that starts with an
    /// exclusion: gazette search '诚信 -失信'.
    Search(SearchArgs),
    /// Rebuild the search index from the archive.
    Reindex,
    /// Measure performance.
    Bench {
        #[command(subcommand)]
        what: Bench,
    },
}

#[derive(Subcommand)]
pub enum Bench {
    /// Build a synthetic archive from a sample issue and time searches against a
    /// brute-force scan (run a release build).
    Search {
        /// Issues in the synthetic archive.
        #[arg(long, default_value_t = 1000)]
        issues: usize,
        /// The sample issue PDF.
        #[arg(long, default_value = "assets/liaocheng-2018-08-1col.pdf")]
        sample: PathBuf,
        /// Keep the synthetic archive in DIR (default: a temporary directory); a later
        /// run with the same DIR and number of issues reuses it, index and all.
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

/// The clause an annotation command is about.
#[derive(clap::Args)]
pub struct ClauseArgs {
    /// Document: id or 文号 in any bracket style.
    #[arg(value_name = "DOC")]
    pub document: String,
    /// Clause path as `gazette show` prints it, e.g. 二/（一）/2.
    pub path: String,
}

impl ClauseArgs {
    pub fn annotation(
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
pub enum BookmarkAction {
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
pub enum NoteAction {
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
pub enum HighlightAction {
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
pub enum AnnotationsAction {
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
    /// Change an annotation's note, tags or colour.
    Edit {
        id: String,
        /// The new note (empty: none).
        #[arg(long)]
        note: Option<String>,
        /// The tags, replacing the old ones (repeat for more).
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        /// A new highlight colour.
        #[arg(long)]
        color: Option<String>,
    },
    /// Delete annotations by id.
    Delete {
        #[arg(required = true, value_name = "ID")]
        ids: Vec<String>,
    },
    /// Write a bundle for another computer: every note, edit and deletion (all, or
    /// made on or after --since), with the conflicts found so far.
    Bundle {
        /// Only changes on or after this day (YYYY-MM-DD) or time.
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// Write to FILE instead of standard output.
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Merge a bundle from another computer: additions, edits and deletions; an
    /// annotation changed on both sides keeps the later change, and the other is
    /// listed by `annotations conflicts`.
    Merge { file: PathBuf },
    /// List the changes that lost to a concurrent change on another computer.
    Conflicts,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum FormatArg {
    Md,
    W3c,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum StatusArg {
    Anchored,
    Orphaned,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum KindArg {
    Bookmark,
    Highlight,
    Note,
}

#[derive(clap::Args)]
pub struct FilterArgs {
    /// Only annotations with this tag.
    #[arg(long)]
    pub tag: Option<String>,
    /// Only highlights of this colour.
    #[arg(long)]
    pub color: Option<String>,
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    #[arg(long, value_enum)]
    pub status: Option<StatusArg>,
    /// Only this gazette (part of its name).
    #[arg(long)]
    pub gazette: Option<String>,
    #[arg(long)]
    pub year: Option<i32>,
    /// Only annotations whose note, quote, document title, 文号 or tag contains TEXT.
    #[arg(long)]
    pub text: Option<String>,
}

impl FilterArgs {
    pub fn to_filter(&self) -> AnnotationFilter {
        AnnotationFilter {
            tag: self.tag.clone(),
            color: self.color.clone(),
            kind: self.kind.map(|k| match k {
                KindArg::Bookmark => Kind::Bookmark,
                KindArg::Highlight => Kind::Highlight,
                KindArg::Note => Kind::Note,
            }),
            status: self.status.map(|s| match s {
                StatusArg::Anchored => annotate::AnchorStatus::Anchored,
                StatusArg::Orphaned => annotate::AnchorStatus::Orphaned,
            }),
            gazette: self.gazette.clone(),
            year: self.year,
            text: self.text.clone(),
            document_id: None,
        }
    }
}

fn parse_style(text: &str) -> Result<CiteStyle, String> {
    text.parse().map_err(|e: Error| e.message().to_string())
}

fn parse_status(text: &str) -> Result<Status, String> {
    text.parse().map_err(|e: Error| e.message().to_string())
}

// What `gazette search` takes (the doc comment of `Command::Search` is its help).
#[derive(clap::Args)]
pub struct SearchArgs {
    #[arg(required = true, value_name = "QUERY")]
    pub query: Vec<String>,
    /// Most hits to show.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Skip this many hits (the next page starts at --offset + --limit).
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Count every hit exactly (without it the total is an estimate unless all hits
    /// fit on the page).
    #[arg(long)]
    pub count: bool,
    /// Only this gazette (part of its name).
    #[arg(long)]
    pub gazette: Option<String>,
    /// Only these years: 2018, 2016..2018, 2016.. or ..2018.
    #[arg(long, value_name = "A..B")]
    pub year: Option<String>,
    /// Only documents of this issuing office (part of its name).
    #[arg(long)]
    pub office: Option<String>,
    /// Only documents of this 目录 section (part of its title).
    #[arg(long)]
    pub section: Option<String>,
    /// Only documents with this status today (or on --as-of): in_force, expired,
    /// repealed or not_yet_in_force.
    #[arg(long, value_parser = parse_status)]
    pub status: Option<Status>,
    /// Compute statuses, and the status filter, for this day instead of today.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<String>,
}
