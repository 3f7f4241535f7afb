//! The shapes the archive answers with. They are the public JSON of the `gazette`
//! command (`--json`) and of the desktop app's IPC, so field names follow the
//! command-line contract and never change casually.

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind};

/// One issue in the library.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IssueSummary {
    #[serde(flatten)]
    /// The issue.
    pub issue: IssueRef,
    /// PDF page count.
    pub pages: u32,
    /// Documents in the issue.
    pub documents: u32,
    /// When the issue was imported, ISO 8601 UTC.
    pub imported_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
/// An issue's 目录.
pub struct TocView {
    /// The issue.
    pub issue: IssueSummary,
    /// Sections, in printed order.
    pub sections: Vec<TocSectionView>,
    /// No 目录 was recognised: `sections` list the documents found in the issue's body
    /// instead, in reading order.
    #[serde(default)]
    pub from_body: bool,
    /// How the entries resolve to documents: the import's self-check, read back from the
    /// archive, so the pane and the import report count alike.
    pub check: crate::parse::selfcheck::TocCheck,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
/// One section of a 目录.
pub struct TocSectionView {
    /// Title.
    pub title: String,
    /// Entries, in printed order.
    pub entries: Vec<TocEntryView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
/// One entry of a 目录.
pub struct TocEntryView {
    /// Title.
    pub title: String,
    /// 文号 as printed, if the document has one.
    pub doc_number: Option<String>,
    /// Printed page number.
    pub page: Option<u32>,
    /// 1-based PDF page the printed page falls on.
    pub pdf_page: Option<u32>,
    /// The document it leads to, when it was matched to one.
    pub document_id: Option<i64>,
    /// The status of the document the entry opens, on the day the 目录 was read.
    #[serde(default)]
    pub status: Option<Status>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
/// A document as the reader shows it.
pub struct DocumentView {
    /// Row id.
    pub id: i64,
    #[serde(flatten)]
    /// Its issue.
    pub issue: ParentIssue,
    /// `document` or `chronicle`.
    pub kind: String,
    /// 目录 section the document is listed under.
    pub section: Option<String>,
    /// Red header (版头), as printed.
    pub red_header: Option<String>,
    /// Issuing office.
    pub office: Option<String>,
    /// 文号 as printed, if the document has one.
    pub doc_number: Option<String>,
    /// Title.
    pub title: String,
    /// Addressees (主送), as printed.
    pub addressees: Option<String>,
    /// Date of issue (ISO), if printed.
    pub date: Option<String>,
    /// Signing offices or people, as printed.
    pub signatories: Vec<String>,
    /// Printed page the document starts on.
    pub start_page: Option<u32>,
    /// Printed page the document ends on.
    pub end_page: Option<u32>,
    /// PDF page the document starts on (1-based).
    pub start_pdf_page: u32,
    /// Later pages the document continues on.
    pub continuations: Vec<ContinuationView>,
    /// Attachment titles.
    pub attachments: Vec<String>,
    /// Distribution list (抄送).
    pub distribution: Vec<String>,
    /// The clauses, as a tree in reading order.
    pub clauses: Vec<ClauseView>,
    /// The document's status on the day it was read (see [`LinksView`] for why).
    #[serde(default)]
    pub status: Option<Status>,
    /// For a document of an issue read from a scan by OCR: what the reader marks.
    #[serde(default)]
    pub ocr: Option<OcrMarks>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
/// The marks on a document whose text OCR read: the reader says the text is OCR's and
/// marks where OCR was unsure, with the page view (the original) one click away.
pub struct OcrMarks {
    /// The words on the document's pages that OCR read with low confidence, as they
    /// appear in its text, each once.
    pub doubtful: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
/// Where a document continues after an interruption.
pub struct ContinuationView {
    /// Printed page the continuation is announced on.
    pub from_page: Option<u32>,
    /// Printed page the continuation starts on.
    pub start_page: Option<u32>,
    /// Printed page the continuation ends on.
    pub end_page: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
/// A clause as the reader shows it.
pub struct ClauseView {
    /// Row id.
    pub id: i64,
    /// Clause path, e.g. `二/（一）/2`.
    pub path: String,
    /// Label as printed (`一、`, `（二）`, `3.`).
    pub label: String,
    /// Heading of the clause, if it has one.
    pub heading: Option<String>,
    /// Clause text, paragraphs separated by line breaks.
    pub text: String,
    /// Printed page where the clause starts.
    pub page: Option<u32>,
    /// 1-based PDF page where the clause starts.
    pub pdf_page: u32,
    /// Sub-clauses, in reading order.
    pub children: Vec<ClauseView>,
}

/// The issue an import produced or matched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IssueRef {
    /// Row id.
    pub id: i64,
    #[serde(flatten)]
    /// Gazette, year and number.
    pub key: IssueKey,
    /// Running number across years (总第…期), when printed.
    pub serial: Option<i32>,
    /// The issue number as printed: 第8期, 第17号.
    pub number_label: String,
    /// The serial as printed: 总第185期, 总号：1668.
    pub serial_label: Option<String>,
}

/// The natural key of an issue, the same in every archive: which gazette, which year,
/// which number. Annotation exports name their issue by it, not by a row id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IssueKey {
    /// The gazette's name, as its masthead prints it.
    pub gazette: String,
    /// Year of the issue.
    pub year: i32,
    /// Issue number within the year.
    pub number: i32,
}

/// The issue a document, a hit or a linked document belongs to: its row and what a
/// reader needs to name it. Flattened into those shapes, so their JSON keeps the
/// fields side by side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ParentIssue {
    /// Row id of the issue.
    pub issue_id: i64,
    #[serde(flatten)]
    /// Gazette, year and number.
    pub key: IssueKey,
    /// The issue number as printed: 第8期, 第17号.
    pub number_label: String,
}

impl ParentIssue {
    /// The issue as a reader names it (see [`issue_name`]).
    pub fn name(&self) -> String {
        issue_name(&self.key.gazette, self.key.year, &self.number_label)
    }
}

/// An issue as a reader names it: 聊城市人民政府公报 2018年第8期.
pub fn issue_name(gazette: &str, year: i32, number_label: &str) -> String {
    format!("{gazette} {year}年{number_label}")
}

impl IssueRef {
    /// The issue as a reader names it (see [`issue_name`]).
    pub fn name(&self) -> String {
        issue_name(&self.key.gazette, self.key.year, &self.number_label)
    }

    /// [`IssueRef::name`] with the serial: 山东省人民政府公报 2019年第17号（总号：1668）.
    pub fn full_name(&self) -> String {
        match &self.serial_label {
            Some(serial) => format!("{}（{serial}）", self.name()),
            None => self.name(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
/// How an import ended.
pub enum ImportStatus {
    /// A new issue was added.
    Imported,
    /// The same PDF (same SHA-256) is already in the archive; nothing changed.
    Duplicate,
    /// A different PDF of the same gazette issue replaced the earlier one.
    Replaced,
    /// The file could not be imported.
    Error,
}

/// What happened to one file of an import.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportReport {
    /// The file as given.
    pub file: String,
    /// How it ended.
    pub status: ImportStatus,
    /// The issue it became or already was.
    pub issue: Option<IssueRef>,
    /// Documents in the issue.
    pub documents: Option<u32>,
    /// Why it failed.
    pub error: Option<ErrorView>,
    /// How the issue's annotations were re-found against the imported text: on a
    /// corrected edition, how many kept their place, moved, or are orphaned.
    #[serde(default)]
    pub annotations: Option<AnchorCounts>,
    /// Why the search index could not take the issue, when it could not: the issue is
    /// in the archive and readable, and the index catches up once it can be written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index_pending: Option<String>,
    /// How the issue's 目录 resolves to the documents found (the import's self-check).
    #[serde(default)]
    pub toc: Option<crate::parse::selfcheck::TocCheck>,
    /// For an issue read from a scan by OCR: how well it was read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ocr: Option<OcrReport>,
}

/// How OCR read a scanned issue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OcrReport {
    /// Pages in the scan.
    pub pages: u32,
    /// Pages read by an earlier, interrupted import and not read again.
    pub resumed: u32,
    /// Mean confidence of the recognised characters, 0–100.
    pub confidence: Option<f32>,
    /// Pages that gave no text (blank, a picture, too low a resolution, an image that
    /// cannot be decoded), 1-based, with why.
    pub unread: Vec<(u32, String)>,
    /// Whether the issue's masthead and 目录 were recognised; when not, it is stored as
    /// pages of searchable text without documents.
    pub structured: bool,
}

/// An error as the CLI's `--json` and the UI see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ErrorView {
    /// The error kind's stable name.
    pub kind: ErrorKind,
    /// What went wrong, for the reader.
    pub message: String,
}

impl From<&Error> for ErrorView {
    fn from(e: &Error) -> Self {
        ErrorView {
            kind: e.kind(),
            message: e.message().to_string(),
        }
    }
}

/// The stage an import has reached, for progress bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ImportStage {
    /// Reading the file.
    Reading,
    /// Extracting text page by page.
    Extracting,
    /// Reading a scan's pages by OCR, page by page (`done` of `total` pages).
    Recognising,
    /// Parsing the issue.
    Parsing,
    /// Writing to the archive.
    Storing,
    /// Updating the search index.
    Indexing,
    /// Finished.
    Done,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
/// Where an import of one file has got to.
pub struct ImportProgress {
    /// The file as given.
    pub file: String,
    /// The stage reached.
    pub stage: ImportStage,
    /// Pages extracted so far and in all, during `extracting`.
    pub done: u32,
    /// Pages in all, during `extracting`.
    pub total: u32,
}

/// How many documents of an issue stand in each status on a day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusCounts {
    /// In force.
    pub in_force: u32,
    /// Past their validity period.
    pub expired: u32,
    /// Repealed by a document that has taken effect.
    pub repealed: u32,
    /// Issued but not yet in effect, or issued later.
    pub not_yet_in_force: u32,
}

/// An issue in the library as it stood on a day: how its documents' badges read then.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IssueOnDay {
    /// The issue.
    #[serde(flatten)]
    pub summary: IssueSummary,
    /// Its documents by status on the day.
    pub statuses: StatusCounts,
}

/// Whether a document applies on a given day, from its own validity statements and
/// the repeals of other documents in the archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Applies today.
    InForce,
    /// Its validity period (有效期) has passed.
    Expired,
    /// A document in the archive repeals it and has taken effect.
    Repealed,
    /// It takes effect on a later day.
    NotYetInForce,
}

impl Status {
    /// Every status, in the order the UI lists them.
    pub const ALL: [Status; 4] = [
        Status::InForce,
        Status::Expired,
        Status::Repealed,
        Status::NotYetInForce,
    ];

    /// The JSON name, as the command line also accepts it.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::InForce => "in_force",
            Status::Expired => "expired",
            Status::Repealed => "repealed",
            Status::NotYetInForce => "not_yet_in_force",
        }
    }
}

impl std::str::FromStr for Status {
    type Err = Error;

    fn from_str(text: &str) -> Result<Status, Error> {
        let wanted = text.trim().replace(['-', ' '], "_");
        Status::ALL
            .into_iter()
            .find(|s| s.as_str() == wanted)
            .ok_or_else(|| {
                Error::invalid(format!(
                    "'{text}' is not a status: give in_force, expired, repealed or not_yet_in_force"
                ))
            })
    }
}

/// A document at the other end of a link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LinkedDocument {
    /// Row id.
    pub id: i64,
    #[serde(flatten)]
    /// Its issue.
    pub issue: ParentIssue,
    /// 文号 as printed, if the document has one.
    pub doc_number: Option<String>,
    /// Title.
    pub title: String,
    /// Date of issue (ISO), if printed.
    pub date: Option<String>,
}

/// Where a document mentions another: the clause and the text as printed there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Mention {
    /// Path of the clause that mentions it.
    pub clause_path: String,
    /// The 文号 or title as mentioned.
    pub text: String,
}

/// A document cited or repealed, once per 文号 (or per title when none is printed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Citation {
    /// The 文号 as first printed; null when only a title is named.
    pub doc_number: Option<String>,
    /// Its bracket-insensitive lookup key.
    pub key: Option<String>,
    /// The cited title, when printed.
    pub title: Option<String>,
    /// The cited document when the archive holds it; null means "not in archive".
    pub document: Option<LinkedDocument>,
    /// Where it is mentioned, clause by clause.
    pub mentions: Vec<Mention>,
}

/// A document that cites or repeals the one asked about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Backlink {
    #[serde(flatten)]
    /// The citing or repealing document.
    pub document: LinkedDocument,
    /// Its clauses that do so.
    pub clause_paths: Vec<String>,
}

/// `gazette links DOC`: a document's links both ways and its status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LinksView {
    /// The document the links are about.
    pub document: LinkedDocument,
    /// Null for a chronicle (大事记), which records events rather than rules.
    pub status: Option<Status>,
    /// First day in force (ISO).
    pub effective: Option<String>,
    /// Last day in force (ISO), when a validity period is printed.
    pub expires: Option<String>,
    /// Documents this one cites.
    pub cites: Vec<Citation>,
    /// Documents this one repeals.
    pub repeals: Vec<Citation>,
    /// Documents that cite this one.
    pub cited_by: Vec<Backlink>,
    /// Documents that repeal this one.
    pub repealed_by: Vec<Backlink>,
    /// Documents this one amends (named by title).
    #[serde(default)]
    pub amends: Vec<Citation>,
    /// Documents that amend this one.
    #[serde(default)]
    pub amended_by: Vec<Backlink>,
    /// The dated events of the document's life, earliest first.
    #[serde(default)]
    pub timeline: Vec<TimelineEvent>,
}

/// What happened to a document on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum TimelineKind {
    /// Signed and issued (成文日期).
    Issued,
    /// Took effect, on a day other than its issue.
    Effective,
    /// Changed by an amending document, from the day that took effect.
    Amended,
    /// Ceased to apply because another document repealed it.
    Repealed,
    /// The last day of its validity period (有效期).
    Expires,
}

/// One event of a document's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TimelineEvent {
    /// The day (ISO); null when the document that caused it prints no date.
    pub date: Option<String>,
    /// What happened.
    pub kind: TimelineKind,
    /// The other document involved (the repealing one), when there is one.
    pub document: Option<LinkedDocument>,
}

/// How the annotations of an issue fared when it was imported or replaced.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AnchorCounts {
    /// Re-found at the same place.
    pub exact: u32,
    /// Re-found by their quote.
    pub quote: u32,
    /// Re-found by a close match.
    pub fuzzy: u32,
    /// Not found in the current edition.
    pub orphaned: u32,
}

impl AnchorCounts {
    /// All annotations counted.
    pub fn total(&self) -> u32 {
        self.exact + self.quote + self.fuzzy + self.orphaned
    }
}
