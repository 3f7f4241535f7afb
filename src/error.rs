//! The one error type of the core. Every failure a user can meet has a stable
//! [`ErrorKind`] (a snake_case string in JSON) that the CLI and the UI act on, and a
//! message that says what went wrong and what to do about it.

use serde::{Deserialize, Serialize};

/// Stable, machine-readable error categories. The string forms are a public interface
/// (CLI `--json`, the desktop UI): never rename one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The file is not a PDF at all (empty, an image, …).
    NotAPdf,
    /// The PDF is damaged or truncated and cannot be read.
    DamagedPdf,
    /// The PDF is encrypted with a user password and none was given.
    PasswordRequired,
    /// A password was given but it does not open the PDF.
    WrongPassword,
    /// The PDF has no text layer (scanned pages): OCR is needed first.
    NoTextLayer,
    /// The PDF has text but its fonts cannot be mapped to Unicode.
    UndecodableText,
    /// The text decodes to characters that are not plausible Chinese prose.
    GarbledText,
    /// The PDF text library failed on this file.
    ExtractionFailed,
    /// The text was read but it is not recognisable as a gazette issue.
    NotAGazette,
    /// A named issue, document, clause or annotation does not exist.
    NotFound,
    /// The caller's input is malformed (a bad issue reference, an empty query, …).
    InvalidArgument,
    /// A `gazette://` link is malformed (wrong scheme, no document, a broken escape).
    InvalidLink,
    /// The archive database failed or is damaged.
    Database,
    /// The search index failed.
    Index,
    /// The search index cannot be built or updated (a full disk, a read-only medium):
    /// searching waits until it can; reading, the 目录 and notes work without it.
    IndexUnavailable,
    /// Reading or writing a file failed.
    Io,
    /// The user cancelled the operation.
    Cancelled,
    /// A new edition of a stored issue recognises fewer 目录 entries than the stored
    /// one; it replaces it only when asked to (`--replace`).
    WorseEdition,
    /// The OCR engine or its Chinese model is not installed or cannot start.
    OcrUnavailable,
    /// A fault of the program itself rather than of its input (a failed task, output
    /// that cannot be encoded): worth a bug report.
    Internal,
}

impl ErrorKind {
    /// The stable snake_case name, as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::NotAPdf => "not_a_pdf",
            ErrorKind::DamagedPdf => "damaged_pdf",
            ErrorKind::PasswordRequired => "password_required",
            ErrorKind::WrongPassword => "wrong_password",
            ErrorKind::NoTextLayer => "no_text_layer",
            ErrorKind::UndecodableText => "undecodable_text",
            ErrorKind::GarbledText => "garbled_text",
            ErrorKind::ExtractionFailed => "extraction_failed",
            ErrorKind::NotAGazette => "not_a_gazette",
            ErrorKind::NotFound => "not_found",
            ErrorKind::InvalidArgument => "invalid_argument",
            ErrorKind::InvalidLink => "invalid_link",
            ErrorKind::Database => "database",
            ErrorKind::Index => "index",
            ErrorKind::IndexUnavailable => "index_unavailable",
            ErrorKind::Io => "io",
            ErrorKind::Cancelled => "cancelled",
            ErrorKind::WorseEdition => "worse_edition",
            ErrorKind::OcrUnavailable => "ocr_unavailable",
            ErrorKind::Internal => "internal",
        }
    }
}

impl std::fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A failure with its kind and a message written for the person who will read it.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Error {
    // Crate-visible so that the core's own tests can look inside; everyone else reads
    // them through the accessors.
    pub(crate) kind: ErrorKind,
    pub(crate) message: String,
    #[source]
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

/// The core's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A failure of `kind` with a message for the reader.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
            source: None,
        }
    }

    /// A failure caused by another error, kept as its source.
    pub fn with_source(
        kind: ErrorKind,
        message: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        Error {
            kind,
            message: message.into(),
            source: Some(Box::new(source)),
        }
    }

    /// Something named does not exist.
    pub fn not_found(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::NotFound, message)
    }

    /// The caller's input is malformed.
    pub fn invalid(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::InvalidArgument, message)
    }

    /// The stable category.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// What went wrong, for the person reading it.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        let message = format!("archive database error: {e}");
        Error::with_source(ErrorKind::Database, message, e)
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        let message = format!("file error: {e}");
        Error::with_source(ErrorKind::Io, message, e)
    }
}

impl From<tantivy::TantivyError> for Error {
    fn from(e: tantivy::TantivyError) -> Self {
        let message = format!("search index error: {e}");
        Error::with_source(ErrorKind::Index, message, e)
    }
}
