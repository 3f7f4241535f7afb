//! `gazette://` links: a URL that names one clause of one document without row ids,
//! so it still opens the right clause in another archive holding the same issue. This
//! module owns the URL's grammar (the one parser of it, and the one writer) and its
//! resolution to rows.
//!
//! `gazette://clause/<document>[/<clause path>]`, where the document is its 文号's
//! lookup key (`聊政发201841号`) or, for a document without one, its issue and
//! position, `<gazette>:<year>:<issue number>:~<position>` (1-based), as in the notes'
//! URNs. The clause path is the one `gazette show` prints (`二/（一）`); without it the
//! link names the whole document. Every part is percent-encoded UTF-8 when written;
//! a link typed with the characters as they are reads the same.

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use crate::docnum;
use crate::error::{Error, ErrorKind, Result};
use crate::store;
use crate::views::{ClauseView, DocumentView};

/// The URL scheme the app registers.
pub const SCHEME: &str = "gazette";
/// What the scheme's links name: a clause (or a whole document).
const KIND: &str = "clause";

/// How a link names a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocumentKey {
    /// The lookup key of its 文号 ([`docnum::key`]).
    Number(String),
    /// Its place in an issue, for a document printed without a 文号.
    Position {
        /// The gazette's name, `聊城市人民政府公报`.
        gazette: String,
        /// The issue's year.
        year: i32,
        /// The issue's number within the year.
        number: i32,
        /// 1-based position of the document in the issue.
        position: u32,
    },
}

/// A parsed `gazette://` link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClauseLink {
    /// The document it names.
    pub document: DocumentKey,
    /// The clause path (`二/（一）`); none when the link names the whole document.
    pub clause: Option<String>,
}

/// Where a link leads in this archive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LinkTarget {
    /// Row id of the issue holding the document.
    pub issue_id: i64,
    /// Row id of the document.
    pub document_id: i64,
    /// The clause's path; null for the whole document.
    pub clause_path: Option<String>,
}

impl ClauseLink {
    /// The link naming `document` (at `ordinal`, 0-based, in its issue) or its clause
    /// at `clause`.
    pub fn new(document: &DocumentView, ordinal: u32, clause: Option<&str>) -> ClauseLink {
        let key = match document.doc_number.as_deref().map(docnum::key) {
            Some(key) if !key.is_empty() => DocumentKey::Number(key),
            _ => DocumentKey::Position {
                gazette: document.issue.key.gazette.clone(),
                year: document.issue.key.year,
                number: document.issue.key.number,
                position: ordinal + 1,
            },
        };
        ClauseLink {
            document: key,
            clause: clause.map(str::to_string),
        }
    }

    /// Reads a `gazette://clause/…` URL; anything else is an `invalid_link` error
    /// saying what is wrong with it.
    pub fn parse(url: &str) -> Result<ClauseLink> {
        let url = url.trim();
        let bad = |why: &str| Error::new(ErrorKind::InvalidLink, format!("{url}: {why}"));
        let rest = url
            .split_once("://")
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case(SCHEME))
            .map(|(_, rest)| rest)
            .ok_or_else(|| bad("not a gazette:// link"))?;
        if rest.contains(['?', '#']) {
            return Err(bad("a gazette:// link has no query or fragment"));
        }
        let mut segments = rest.split('/');
        let kind = segments.next().unwrap_or_default();
        if !kind.eq_ignore_ascii_case(KIND) {
            return Err(bad("a gazette:// link names a clause: gazette://clause/…"));
        }
        let document = segments
            .next()
            .filter(|s| !s.is_empty())
            .ok_or_else(|| bad("the document is missing"))?;
        let document = parse_document(document)
            .map_err(|why| bad(&why))?
            .ok_or_else(|| {
                bad("the document is neither a 文号 nor gazette:year:issue:~position")
            })?;
        let path: Vec<String> = segments
            .filter(|s| !s.is_empty())
            .map(decode)
            .collect::<std::result::Result<_, _>>()
            .map_err(|why| bad(&why))?;
        Ok(ClauseLink {
            document,
            clause: (!path.is_empty()).then(|| path.join("/")),
        })
    }

    /// The URL, every part percent-encoded.
    pub fn to_url(&self) -> String {
        let document = match &self.document {
            DocumentKey::Number(key) => encode(key),
            DocumentKey::Position {
                gazette,
                year,
                number,
                position,
            } => format!("{}:{year}:{number}:~{position}", encode(gazette)),
        };
        let mut url = format!("{SCHEME}://{KIND}/{document}");
        for segment in self.clause.iter().flat_map(|c| c.split('/')) {
            url.push('/');
            url.push_str(&encode(segment));
        }
        url
    }

    /// The document and clause this link names in the archive behind `conn`.
    pub(crate) fn resolve(&self, conn: &Connection) -> Result<LinkTarget> {
        let document_id = match &self.document {
            DocumentKey::Number(key) => store::resolve_document(conn, key)?,
            DocumentKey::Position {
                gazette,
                year,
                number,
                position,
            } => conn
                .query_row(
                    "SELECT d.id FROM documents d JOIN issues i ON i.id = d.issue_id
                      WHERE i.gazette = ?1 AND i.year = ?2 AND i.number = ?3 AND d.ordinal = ?4",
                    rusqlite::params![gazette, year, number, i64::from(*position) - 1],
                    |r| r.get(0),
                )
                .optional()?
                .ok_or_else(|| {
                    Error::not_found(format!(
                        "no document {position} in {gazette} {year}年第{number}期"
                    ))
                })?,
        };
        let view = store::document(conn, document_id)?;
        if let Some(path) = &self.clause {
            if !has_clause(&view.clauses, path) {
                return Err(Error::not_found(format!(
                    "document {} has no clause {path}",
                    view.title
                )));
            }
        }
        Ok(LinkTarget {
            issue_id: view.issue.issue_id,
            document_id,
            clause_path: self.clause.clone(),
        })
    }
}

/// The 0-based position of a document in its issue, which a link to a document
/// without a 文号 names.
pub(crate) fn ordinal(conn: &Connection, document_id: i64) -> Result<u32> {
    let ordinal: i64 = conn.query_row(
        "SELECT ordinal FROM documents WHERE id = ?1",
        [document_id],
        |r| r.get(0),
    )?;
    u32::try_from(ordinal)
        .map_err(|_| Error::new(ErrorKind::Database, "a document's position is out of range"))
}

fn has_clause(clauses: &[ClauseView], path: &str) -> bool {
    clauses
        .iter()
        .any(|c| c.path == path || has_clause(&c.children, path))
}

/// `gazette:year:number:~position`, else a 文号 key; split before decoding, so a
/// gazette's name may hold an encoded `:`. An error is a broken escape, none a
/// segment of neither form.
fn parse_document(segment: &str) -> std::result::Result<Option<DocumentKey>, String> {
    let parts: Vec<String> = segment
        .split(':')
        .map(decode)
        .collect::<std::result::Result<_, _>>()?;
    Ok(match parts.as_slice() {
        [key] => Some(docnum::key(key))
            .filter(|k| !k.is_empty())
            .map(DocumentKey::Number),
        [gazette, year, number, position] => (|| {
            Some(DocumentKey::Position {
                gazette: Some(gazette.trim()).filter(|g| !g.is_empty())?.to_string(),
                year: year.parse().ok()?,
                number: number.parse().ok()?,
                position: position
                    .strip_prefix('~')?
                    .parse()
                    .ok()
                    .filter(|&p| p > 0)?,
            })
        })(),
        _ => None,
    })
}

/// Percent-encodes everything but the unreserved ASCII characters of RFC 3986.
fn encode(part: &str) -> String {
    let mut out = String::with_capacity(part.len());
    for byte in part.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes; the result must be UTF-8.
fn decode(part: &str) -> std::result::Result<String, String> {
    let bytes = part.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'%' {
            let hex = bytes
                .get(at + 1..at + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| format!("'{part}' has a broken %-escape"))?;
            out.push(hex);
            at += 3;
        } else {
            out.push(bytes[at]);
            at += 1;
        }
    }
    String::from_utf8(out).map_err(|_| format!("'{part}' does not decode to UTF-8 text"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(document: DocumentKey, clause: Option<&str>) -> ClauseLink {
        ClauseLink {
            document,
            clause: clause.map(str::to_string),
        }
    }

    #[test]
    fn a_numbered_document_round_trips() {
        let numbered = link(
            DocumentKey::Number("聊政发201841号".into()),
            Some("二/（一）"),
        );
        let url = numbered.to_url();
        assert!(url.is_ascii(), "{url}");
        assert!(url.starts_with("gazette://clause/%E8%81%8A"), "{url}");
        // Two slashes after the scheme, then one between each of the four parts.
        assert_eq!(url.matches('/').count(), 5, "{url}");
        assert_eq!(ClauseLink::parse(&url).expect("parses"), numbered);
    }

    #[test]
    fn a_document_without_number_round_trips_by_position() {
        let unnumbered = link(
            DocumentKey::Position {
                gazette: "某市:政府公报".into(),
                year: 2019,
                number: 10,
                position: 3,
            },
            None,
        );
        let url = unnumbered.to_url();
        assert!(url.ends_with(":2019:10:~3"), "{url}");
        assert_eq!(ClauseLink::parse(&url).expect("parses"), unnumbered);
    }

    #[test]
    fn typed_links_read_like_encoded_ones() {
        let typed =
            ClauseLink::parse("GAZETTE://Clause/聊政发〔2018〕41号/二/（一）/").expect("parses");
        assert_eq!(
            typed,
            link(
                DocumentKey::Number("聊政发201841号".into()),
                Some("二/（一）")
            )
        );
        let whole = ClauseLink::parse("gazette://clause/国务院令第715号").expect("parses");
        assert_eq!(whole.clause, None);
    }

    #[test]
    fn bad_links_are_invalid_link_errors() {
        for url in [
            "",
            "https://clause/x",
            "gazette:clause/x",
            "gazette://document/聊政发201841号",
            "gazette://clause/",
            "gazette://clause//二",
            "gazette://clause/x/%E8%81",
            "gazette://clause/x/%ZZ",
            "gazette://clause/x?y=1",
            "gazette://clause/公报:2019:10:3",
            "gazette://clause/公报:2019:10:~0",
            "gazette://clause/公报:year:10:~1",
            "gazette://clause/:2019:10:~1",
            "gazette://clause/a:b",
        ] {
            let error = ClauseLink::parse(url).expect_err(url);
            assert_eq!(error.kind(), ErrorKind::InvalidLink, "{url}");
            assert!(error.message().contains(url.trim()), "{url}: {error}");
        }
    }
}
