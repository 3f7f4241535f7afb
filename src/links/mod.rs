//! Links between documents, derived from their text: the 文号s a document cites (with
//! the cited title when printed), what it repeals, when it takes effect and when it
//! expires, and from those each document's status (in force, expired, repealed, not
//! yet in force) on a given day.
//!
//! Extraction ([`extract`]) is a pure function of a document's date and clauses. The
//! archive stores its result per citing document with the target's [`crate::docnum::key`],
//! never a row id, so targets are resolved when asked: a document imported later, in
//! another gazette or year, is linked without touching the citing one. Because links
//! are derived, they are re-derived from the stored clauses whenever
//! [`EXTRACTOR_VERSION`] changes (and on the first open after the schema gains them).

mod amend;
mod extract;
mod status;
mod store;
#[cfg(test)]
mod tests;
mod timeline;
mod titles;

pub use amend::{amends, is_history_note, title_key};
pub use extract::{check_day, extract, extract_document};
pub use status::status;
pub use store::{issue_statuses, links, statuses, Scope};
pub(crate) use store::{refresh, write};

/// Bump when extraction changes: archives re-derive their links on the next open.
pub const EXTRACTOR_VERSION: u32 = 4;

/// What a reference does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// Names another document as its basis or reference.
    Cites,
    /// Makes another document cease to apply.
    Repeals,
    /// Changes another document (named by title): an amending decision or a revised
    /// version.
    Amends,
}

impl LinkKind {
    fn as_str(self) -> &'static str {
        match self {
            LinkKind::Cites => "cites",
            LinkKind::Repeals => "repeals",
            LinkKind::Amends => "amends",
        }
    }
}

/// One mention of another document in a document's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// Cites or repeals.
    pub kind: LinkKind,
    /// The 文号 as printed (`聊政发〔2013〕70号`); None for a repeal that names only a title.
    pub doc_number: Option<String>,
    /// The lookup key of the 文号, see [`crate::docnum::key`].
    pub key: Option<String>,
    /// The title in 《》 printed right before the 文号 (or the repealed title).
    pub title: Option<String>,
    /// Path of the clause the mention is in.
    pub clause_path: String,
}

/// Everything [`extract`] finds in one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted {
    /// Every mention, in reading order; a 文号 cited twice is mentioned twice.
    pub references: Vec<Reference>,
    /// First day in force, ISO `YYYY-MM-DD`.
    pub effective: Option<String>,
    /// Last day in force, ISO `YYYY-MM-DD`.
    pub expires: Option<String>,
}

/// The text of one clause as extraction sees it.
#[derive(Debug, Clone, Copy)]
pub struct ClauseText<'a> {
    /// Clause path.
    pub path: &'a str,
    /// Heading, if any.
    pub heading: Option<&'a str>,
    /// Clause text.
    pub text: &'a str,
}
