//! The annotation records themselves: what an annotation is, where it is anchored, and
//! the requests that add, change and list them. Storage and re-anchoring live beside.

use serde::{Deserialize, Serialize};

use crate::views::IssueKey;

/// What an annotation is. A note may target a whole clause or a quoted range; a
/// highlight with a note is a note on a highlight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "AnnotationKind"))]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A clause marked for return.
    Bookmark,
    /// A coloured range of text.
    Highlight,
    /// A note on a clause or a range of it.
    Note,
}

impl Kind {
    /// The stable name, as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Bookmark => "bookmark",
            Kind::Highlight => "highlight",
            Kind::Note => "note",
        }
    }

    pub(super) fn parse(text: &str) -> Option<Kind> {
        match text {
            "bookmark" => Some(Kind::Bookmark),
            "highlight" => Some(Kind::Highlight),
            "note" => Some(Kind::Note),
            _ => None,
        }
    }
}

/// Whether an annotation points at text of the archive's current edition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "AnchorStatus"))]
#[serde(rename_all = "snake_case")]
pub enum AnchorStatus {
    /// Found in the current edition.
    Anchored,
    /// Its text was not found in the current edition (or its issue is not in the
    /// archive): the annotation keeps its last anchor and quote and waits.
    Orphaned,
}

/// How an anchored annotation was last found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "AnchorMethod"))]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Same clause path, same quote at the same place.
    Exact,
    /// The exact quote, found by its context, possibly in another clause.
    Quote,
    /// An approximate match of the quote with its context (the text was corrected).
    Fuzzy,
}

impl Method {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Method::Exact => "exact",
            Method::Quote => "quote",
            Method::Fuzzy => "fuzzy",
        }
    }
}

/// The W3C TextQuoteSelector: the quoted text with the text just before and after it
/// inside the same clause.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Quote {
    /// The quoted text.
    pub exact: String,
    /// Text right before the quote.
    pub prefix: String,
    /// Text right after the quote.
    pub suffix: String,
}

/// Where an annotation belongs, independent of row ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Anchor {
    #[serde(flatten)]
    /// The issue, by its natural key.
    pub issue: IssueKey,
    /// 文号 as printed; None when the document has none.
    pub doc_number: Option<String>,
    /// 0-based position of the document in its issue: its identity when it has no 文号.
    pub doc_ordinal: u32,
    /// Title of the document at the time of annotating.
    pub doc_title: String,
    /// Clause path, e.g. `二/（一）/2`.
    pub path: String,
    /// The quote and its context.
    pub quote: Quote,
    /// The W3C TextPositionSelector: character (Unicode scalar) offsets of the quote in
    /// the clause text. A quote of the whole clause marks the clause itself.
    pub start: u32,
    /// End (character offset, exclusive).
    pub end: u32,
    /// Printed page of the clause.
    pub page: Option<u32>,
}

/// One bookmark, highlight or note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Annotation {
    /// Stable id (a UUID), the same in exports.
    pub id: String,
    /// Bookmark, highlight or note.
    pub kind: Kind,
    /// Highlight colour, one of [`COLORS`].
    pub color: Option<String>,
    /// The note's text.
    pub note: Option<String>,
    /// Tags, sorted.
    pub tags: Vec<String>,
    /// Where it is anchored.
    pub anchor: Anchor,
    /// Anchored or orphaned.
    pub status: AnchorStatus,
    /// How it was last found; None while orphaned.
    pub method: Option<Method>,
    /// ISO 8601 UTC.
    pub created: String,
    /// Last change (ISO time).
    pub modified: String,
}

/// An annotation as the CLI and the app show it: with where it is in the archive now,
/// so a click can open the document at the clause.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AnnotationView {
    #[serde(flatten)]
    /// The annotation.
    pub annotation: Annotation,
    /// Row id of the issue it is on, when anchored.
    pub issue_id: Option<i64>,
    /// Row id of the document it is on, when anchored.
    pub document_id: Option<i64>,
    /// Row id of the clause it is on, when anchored.
    pub clause_id: Option<i64>,
    /// The issue number as its issue prints it (第8期, 第17号); 第N期 when the issue
    /// is not in the archive.
    pub number_label: String,
}

/// Highlight colours the app can show.
pub const COLORS: &[&str] = &["yellow", "green", "blue", "pink", "purple"];

/// What part of a clause a new annotation covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Span {
    /// The whole clause.
    Clause,
    /// The first occurrence of this text in the clause.
    Quote(String),
    /// Character offsets in the clause text, as a selection in the reader gives them.
    Range {
        /// First character of the range.
        start: u32,
        /// Character after the range.
        end: u32,
    },
}

/// A new annotation, as the CLI and the app ask for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewAnnotation {
    /// Bookmark, highlight or note.
    pub kind: Kind,
    /// Document id or 文号 in any bracket style.
    pub document: String,
    /// Clause path, e.g. `二/（一）/2`.
    pub path: String,
    /// What part of the clause it covers.
    pub span: Span,
    /// Highlight colour (yellow when not given).
    pub color: Option<String>,
    /// The note's text.
    pub note: Option<String>,
    #[serde(default)]
    /// Tags, sorted.
    pub tags: Vec<String>,
}

/// Changes to an annotation; None leaves a field as it is. An empty note removes the
/// note (a note annotation must keep one).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
pub struct AnnotationPatch {
    /// A new note (empty: none).
    pub note: Option<String>,
    /// New tags, replacing the old.
    pub tags: Option<Vec<String>>,
    /// A new highlight colour.
    pub color: Option<String>,
}

/// Which annotations to list; every given field must match.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
pub struct AnnotationFilter {
    /// Only annotations with this tag.
    pub tag: Option<String>,
    /// Only highlights of this colour.
    pub color: Option<String>,
    /// Only this kind.
    pub kind: Option<Kind>,
    /// Only anchored or only orphaned ones.
    pub status: Option<AnchorStatus>,
    /// Part of the gazette name.
    pub gazette: Option<String>,
    /// Only this year.
    pub year: Option<i32>,
    /// Part of the note, quote, document title, 文号 or a tag.
    pub text: Option<String>,
    /// Only annotations on this document.
    pub document_id: Option<i64>,
}
