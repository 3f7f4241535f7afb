//! The shapes the archive answers with. They are the public JSON of the `gazette`
//! command (`--json`) and of the desktop app's IPC, so field names follow the
//! command-line contract and never change casually.

use serde::{Deserialize, Serialize};

use crate::error::Error;

/// One issue in the library.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IssueSummary {
    pub id: i64,
    pub gazette: String,
    pub year: i32,
    pub number: i32,
    pub serial: Option<i32>,
    /// PDF page count.
    pub pages: u32,
    pub documents: u32,
    /// When the issue was imported, ISO 8601 UTC.
    pub imported_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TocView {
    pub issue: IssueSummary,
    pub sections: Vec<TocSectionView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TocSectionView {
    pub title: String,
    pub entries: Vec<TocEntryView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TocEntryView {
    pub title: String,
    pub doc_number: Option<String>,
    /// Printed page number.
    pub page: Option<u32>,
    /// 1-based PDF page the printed page falls on.
    pub pdf_page: Option<u32>,
    pub document_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentView {
    pub id: i64,
    pub issue_id: i64,
    pub gazette: String,
    pub year: i32,
    pub number: i32,
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
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContinuationView {
    pub from_page: Option<u32>,
    pub start_page: Option<u32>,
    pub end_page: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
pub struct IssueRef {
    pub id: i64,
    pub gazette: String,
    pub year: i32,
    pub number: i32,
    pub serial: Option<i32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
pub struct ImportReport {
    pub file: String,
    pub status: ImportStatus,
    pub issue: Option<IssueRef>,
    pub documents: Option<u32>,
    pub error: Option<ErrorView>,
}

/// An error as the CLI's `--json` and the UI see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorView {
    pub kind: String,
    pub message: String,
}

impl From<&Error> for ErrorView {
    fn from(e: &Error) -> Self {
        ErrorView {
            kind: e.kind.as_str().to_string(),
            message: e.message.clone(),
        }
    }
}

/// The stage an import has reached, for progress bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
pub struct ImportProgress {
    pub file: String,
    pub stage: ImportStage,
    /// Pages extracted so far and in all, during `extracting`.
    pub done: u32,
    pub total: u32,
}
