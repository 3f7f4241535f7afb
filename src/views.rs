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
    pub issue: IssueRef,
    /// PDF page count.
    pub pages: u32,
    pub documents: u32,
    /// When the issue was imported, ISO 8601 UTC.
    pub imported_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TocView {
    pub issue: IssueSummary,
    pub sections: Vec<TocSectionView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TocSectionView {
    pub title: String,
    pub entries: Vec<TocEntryView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TocEntryView {
    pub title: String,
    pub doc_number: Option<String>,
    /// Printed page number.
    pub page: Option<u32>,
    /// 1-based PDF page the printed page falls on.
    pub pdf_page: Option<u32>,
    pub document_id: Option<i64>,
    /// The status of the document the entry opens, on the day the 目录 was read.
    #[serde(default)]
    pub status: Option<Status>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DocumentView {
    pub id: i64,
    pub issue_id: i64,
    pub gazette: String,
    pub year: i32,
    pub number: i32,
    /// The issue number as printed: 第8期, 第17号.
    pub number_label: String,
    /// `document` or `chronicle`.
    pub kind: String,
    pub section: Option<String>,
    pub red_header: Option<String>,
    pub office: Option<String>,
    pub doc_number: Option<String>,
    pub title: String,
    pub addressees: Option<String>,
    pub date: Option<String>,
    pub signatories: Vec<String>,
    pub start_page: Option<u32>,
    pub end_page: Option<u32>,
    pub start_pdf_page: u32,
    pub continuations: Vec<ContinuationView>,
    pub attachments: Vec<String>,
    pub distribution: Vec<String>,
    pub clauses: Vec<ClauseView>,
    /// The document's status on the day it was read (see [`LinksView`] for why).
    #[serde(default)]
    pub status: Option<Status>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ContinuationView {
    pub from_page: Option<u32>,
    pub start_page: Option<u32>,
    pub end_page: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClauseView {
    pub id: i64,
    pub path: String,
    pub label: String,
    pub heading: Option<String>,
    pub text: String,
    /// Printed page where the clause starts.
    pub page: Option<u32>,
    /// 1-based PDF page where the clause starts.
    pub pdf_page: u32,
    pub children: Vec<ClauseView>,
}

/// The issue an import produced or matched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IssueRef {
    pub id: i64,
    pub gazette: String,
    pub year: i32,
    pub number: i32,
    pub serial: Option<i32>,
    /// The issue number as printed: 第8期, 第17号.
    pub number_label: String,
    /// The serial as printed: 总第185期, 总号：1668.
    pub serial_label: Option<String>,
}

/// An issue as a reader names it: 聊城市人民政府公报 2018年第8期.
pub fn issue_name(gazette: &str, year: i32, number_label: &str) -> String {
    format!("{gazette} {year}年{number_label}")
}

impl IssueRef {
    /// The issue as a reader names it (see [`issue_name`]).
    pub fn name(&self) -> String {
        issue_name(&self.gazette, self.year, &self.number_label)
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
pub enum ImportStatus {
    Imported,
    /// The same PDF (same SHA-256) is already in the archive; nothing changed.
    Duplicate,
    /// A different PDF of the same gazette issue replaced the earlier one.
    Replaced,
    Error,
}

/// What happened to one file of an import.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportReport {
    pub file: String,
    pub status: ImportStatus,
    pub issue: Option<IssueRef>,
    pub documents: Option<u32>,
    pub error: Option<ErrorView>,
    /// How the issue's annotations were re-found against the imported text: on a
    /// corrected edition, how many kept their place, moved, or are orphaned.
    #[serde(default)]
    pub annotations: Option<crate::annotate::AnchorCounts>,
}

/// An error as the CLI's `--json` and the UI see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ErrorView {
    pub kind: ErrorKind,
    pub message: String,
}

impl From<&Error> for ErrorView {
    fn from(e: &Error) -> Self {
        ErrorView {
            kind: e.kind,
            message: e.message.clone(),
        }
    }
}

/// The stage an import has reached, for progress bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ImportStage {
    Reading,
    Extracting,
    Parsing,
    Storing,
    Indexing,
    Done,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportProgress {
    pub file: String,
    pub stage: ImportStage,
    /// Pages extracted so far and in all, during `extracting`.
    pub done: u32,
    pub total: u32,
}

/// Whether a document applies on a given day, from its own validity statements and
/// the repeals of other documents in the archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    InForce,
    /// Its validity period (有效期) has passed.
    Expired,
    /// A document in the archive repeals it and has taken effect.
    Repealed,
    /// It takes effect on a later day.
    NotYetInForce,
}

impl Status {
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
    pub id: i64,
    pub issue_id: i64,
    pub gazette: String,
    pub year: i32,
    pub number: i32,
    /// The issue number as printed: 第8期, 第17号.
    pub number_label: String,
    pub doc_number: Option<String>,
    pub title: String,
    pub date: Option<String>,
}

/// Where a document mentions another: the clause and the text as printed there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Mention {
    pub clause_path: String,
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
    pub title: Option<String>,
    /// The cited document when the archive holds it; null means "not in archive".
    pub document: Option<LinkedDocument>,
    pub mentions: Vec<Mention>,
}

/// A document that cites or repeals the one asked about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Backlink {
    #[serde(flatten)]
    pub document: LinkedDocument,
    /// Its clauses that do so.
    pub clause_paths: Vec<String>,
}

/// `gazette links DOC`: a document's links both ways and its status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LinksView {
    pub document: LinkedDocument,
    /// Null for a chronicle (大事记), which records events rather than rules.
    pub status: Option<Status>,
    /// First day in force (ISO).
    pub effective: Option<String>,
    /// Last day in force (ISO), when a validity period is printed.
    pub expires: Option<String>,
    pub cites: Vec<Citation>,
    pub repeals: Vec<Citation>,
    pub cited_by: Vec<Backlink>,
    pub repealed_by: Vec<Backlink>,
}
