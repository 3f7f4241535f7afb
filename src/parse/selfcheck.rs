//! The import's self-check: every 目录 entry must resolve to one document that starts
//! on the entry's printed page and carries a matching title (or 文号). What does not
//! resolve is named, so an import says what it could not recognise instead of storing
//! a silent mismatch, and two editions of an issue can be compared.

use serde::{Deserialize, Serialize};

use crate::docnum;
use crate::model::ParsedIssue;

/// A 目录 entry as the check sees it.
pub struct EntryFacts<'a> {
    /// The entry's title as printed.
    pub title: &'a str,
    /// The entry's 文号, when printed.
    pub doc_number: Option<&'a str>,
    /// The printed page the entry gives.
    pub page: Option<u32>,
    /// Index into the document list the entry was matched to, if any.
    pub document: Option<usize>,
}

/// A document as the check sees it.
pub struct DocFacts<'a> {
    /// The document's title.
    pub title: &'a str,
    /// The document's 文号, when it has one.
    pub doc_number: Option<&'a str>,
    /// The printed page where it starts.
    pub start_page: Option<u32>,
}

/// Why an entry did not resolve.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Unresolved {
    /// No document was found for the entry.
    NoDocument,
    /// The document found starts on another printed page.
    StartsElsewhere {
        /// Where the document found starts.
        start_page: Option<u32>,
    },
    /// The document found carries another title and 文号.
    OtherTitle {
        /// The title of the document found.
        title: String,
    },
}

/// One entry that did not resolve, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UnresolvedEntry {
    /// The entry's title.
    pub title: String,
    /// The entry's 文号.
    pub doc_number: Option<String>,
    /// The entry's printed page.
    pub page: Option<u32>,
    /// Why it did not resolve.
    pub reason: Unresolved,
}

/// How well the documents found account for the 目录.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TocCheck {
    /// Entries the 目录 lists.
    pub listed: usize,
    /// Entries that resolve to their document.
    pub recognised: usize,
    /// The entries that do not resolve, in 目录 order.
    pub unresolved: Vec<UnresolvedEntry>,
}

impl TocCheck {
    /// Whether every entry resolved.
    pub fn complete(&self) -> bool {
        self.unresolved.is_empty()
    }

    /// The check in a sentence: `目录 lists 8 documents; 3 recognised; not recognised: …`.
    pub fn summary(&self) -> String {
        let mut out = format!(
            "目录 lists {} documents; {} recognised",
            self.listed, self.recognised
        );
        if !self.unresolved.is_empty() {
            let names: Vec<String> = self
                .unresolved
                .iter()
                .map(|u| {
                    let page = u.page.map(|p| format!(" (p. {p})")).unwrap_or_default();
                    let why = match &u.reason {
                        Unresolved::NoDocument => "no document found".to_string(),
                        Unresolved::StartsElsewhere {
                            start_page: Some(p),
                        } => {
                            format!("the document starts on p. {p}")
                        }
                        Unresolved::StartsElsewhere { start_page: None } => {
                            "the document's page is unknown".to_string()
                        }
                        Unresolved::OtherTitle { title } => format!("found {title}"),
                    };
                    format!("{}{page}: {why}", u.title)
                })
                .collect();
            out.push_str("; not recognised: ");
            out.push_str(&names.join("; "));
        }
        out
    }
}

/// Identifying characters only: no spacing, punctuation or width differences.
fn key(text: &str) -> String {
    docnum::key(text)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Whether a document is the one an entry names: the same 文号, titles of which one
/// holds the other (the 目录 may leave out the issuer), or an entry that names the
/// document's 文号 (a decree's `××令（第N号）` entry).
fn names(entry: &EntryFacts, doc: &DocFacts) -> bool {
    let (et, dt) = (key(entry.title), key(doc.title));
    let number = doc.doc_number.map(key).filter(|n| !n.is_empty());
    let same_number = entry
        .doc_number
        .map(key)
        .is_some_and(|n| Some(&n) == number.as_ref());
    let titles = !et.is_empty() && !dt.is_empty() && (dt.contains(&et) || et.contains(&dt));
    let names_number = number.is_some_and(|n| et.contains(&n));
    same_number || titles || names_number
}

/// Checks entries against documents.
pub fn check(entries: &[EntryFacts], docs: &[DocFacts]) -> TocCheck {
    let mut out = TocCheck {
        listed: entries.len(),
        ..TocCheck::default()
    };
    for e in entries {
        let reason = match e.document.and_then(|i| docs.get(i)) {
            None => Some(Unresolved::NoDocument),
            Some(d) if !names(e, d) => Some(Unresolved::OtherTitle {
                title: d.title.to_string(),
            }),
            Some(d) if e.page.is_some() && d.start_page != e.page => {
                Some(Unresolved::StartsElsewhere {
                    start_page: d.start_page,
                })
            }
            Some(_) => None,
        };
        match reason {
            None => out.recognised += 1,
            Some(reason) => out.unresolved.push(UnresolvedEntry {
                title: e.title.to_string(),
                doc_number: e.doc_number.map(str::to_string),
                page: e.page,
                reason,
            }),
        }
    }
    out
}

/// Checks a parsed issue's 目录 against its documents.
pub fn check_issue(issue: &ParsedIssue) -> TocCheck {
    let entries: Vec<EntryFacts> = issue
        .toc
        .iter()
        .flat_map(|s| &s.entries)
        .map(|e| EntryFacts {
            title: &e.title,
            doc_number: e.doc_number.as_deref(),
            page: e.page,
            document: e.document,
        })
        .collect();
    let docs: Vec<DocFacts> = issue
        .documents
        .iter()
        .map(|d| DocFacts {
            title: &d.title,
            doc_number: d.doc_number.as_deref(),
            start_page: d.start_page,
        })
        .collect();
    check(&entries, &docs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(
        title: &'static str,
        number: Option<&'static str>,
        page: u32,
        doc: Option<usize>,
    ) -> EntryFacts<'static> {
        EntryFacts {
            title,
            doc_number: number,
            page: Some(page),
            document: doc,
        }
    }

    #[test]
    fn names_what_does_not_resolve() {
        let docs = [
            DocFacts {
                title: "某某市人民政府关于加强管理的通知",
                doc_number: Some("某政发〔2020〕3号"),
                start_page: Some(2),
            },
            DocFacts {
                title: "某某市管线管理办法",
                doc_number: Some("某某市人民政府令第5号"),
                start_page: Some(4),
            },
        ];
        let entries = [
            // The 目录 leaves out the issuer and prints the 文号 in other brackets.
            entry("关于加强管理的通知", Some("某政发(2020)3号"), 2, Some(0)),
            // A decree's two entries, both on its page.
            entry("某某市人民政府令（第5号）", None, 4, Some(1)),
            entry("某某市管线管理办法", None, 4, Some(1)),
            // Printed on page 5, found on page 4.
            entry("某某市管线管理办法", None, 5, Some(1)),
            entry("关于另一件事的批复", None, 7, None),
            entry("关于另一件事的批复", None, 2, Some(0)),
        ];
        let c = check(&entries, &docs);
        assert_eq!((c.listed, c.recognised), (6, 3));
        let reasons: Vec<&Unresolved> = c.unresolved.iter().map(|u| &u.reason).collect();
        assert_eq!(
            reasons,
            [
                &Unresolved::StartsElsewhere {
                    start_page: Some(4)
                },
                &Unresolved::NoDocument,
                &Unresolved::OtherTitle {
                    title: "某某市人民政府关于加强管理的通知".into()
                },
            ]
        );
        assert!(c.summary().starts_with(
            "目录 lists 6 documents; 3 recognised; not recognised: 某某市管线管理办法 (p. 5)"
        ));
        assert!(!c.complete());
    }
}
