//! Citations of a document, or of one clause of it, in the forms officials and
//! scholars write: the legal style of the 法学引注手册 (the default), a GB/T 7714
//! reference entry (2015, or 2025 with its full-width marks), and plain text that
//! quotes the clause above its reference. This
//! module owns the wording: how a clause path becomes a locator (`第二部分第（一）项`,
//! `第十二条第二款`), how the title and 文号 are marked, and how the gazette issue is
//! named as the source. It reads a [`DocumentView`] and never the database, so every
//! rule is checked against hand-written citations.

mod locator;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

use crate::deeplink::ClauseLink;
use crate::error::{Error, Result};
use crate::views::{ClauseView, DocumentView};

/// The form a citation takes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "CiteStyle"))]
#[serde(rename_all = "snake_case")]
pub enum Style {
    /// 法学引注手册: `《标题》（文号）第二部分第（一）项，载《公报》2018年第8期，第3页。`
    #[default]
    Law,
    /// GB/T 7714-2015 reference entry: `机关. 标题: 文号[J]. 公报, 2018(8): 3.`
    Gbt7714,
    /// GB/T 7714-2025 reference entry: the same items with the 2025 edition's marks,
    /// full-width but for `.` and `[ ]`: `机关. 标题：文号[J]. 公报，2018（8）：3.`
    #[serde(rename = "gbt7714-2025")]
    Gbt7714_2025,
    /// The quoted clause, then a dash and its reference with the source.
    Plain,
}

impl Style {
    /// Every style, in the order the UI offers them.
    pub const ALL: [Style; 4] = [
        Style::Law,
        Style::Gbt7714,
        Style::Gbt7714_2025,
        Style::Plain,
    ];

    /// The stable name, as in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Style::Law => "law",
            Style::Gbt7714 => "gbt7714",
            Style::Gbt7714_2025 => "gbt7714-2025",
            Style::Plain => "plain",
        }
    }
}

impl std::str::FromStr for Style {
    type Err = Error;

    fn from_str(text: &str) -> Result<Style> {
        // `GB/T 7714-2025`, `gbt7714-2025` and `gbt77142025` name one style.
        let bare = |name: &str| {
            name.trim()
                .to_ascii_lowercase()
                .replace(['/', '-', ' '], "")
        };
        let wanted = bare(text);
        Style::ALL
            .into_iter()
            .find(|s| bare(s.as_str()) == wanted)
            .ok_or_else(|| {
                Error::invalid(format!(
                    "'{text}' is not a citation style: give law, gbt7714, gbt7714-2025 or plain"
                ))
            })
    }
}

/// A citation ready to paste, with its parts for a reader that lays them out itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CitationView {
    /// The style it is written in.
    pub style: Style,
    /// The whole citation.
    pub text: String,
    /// What is cited, without the source: `《标题》（文号）第十二条第二款`.
    pub reference: String,
    /// Where in the document (`第二部分第（一）项`); null when the whole document is cited.
    pub locator: Option<String>,
    /// The gazette issue and page it is printed in: `《公报》2018年第8期，第3页`.
    pub source: String,
    /// Row id of the cited document.
    pub document_id: i64,
    /// Path of the cited clause; null when the whole document is cited.
    pub clause_path: Option<String>,
    /// The `gazette://` link that opens the app at the cited clause.
    pub link: String,
}

/// Cites `document`, or the clause `clause` of it: a path as `gazette show` prints
/// it (`二/（一）`), or its unique tail (`第十二条`), optionally ending in a paragraph
/// (款) of an article, `第十二条/第二款`. `ordinal` is the document's 0-based position
/// in its issue, which the link names when the document has no 文号.
pub fn cite(
    document: &DocumentView,
    ordinal: u32,
    clause: Option<&str>,
    style: Style,
) -> Result<CitationView> {
    let target = clause
        .map(|spec| locator::Target::find(document, spec))
        .transpose()?;
    let locator = target.as_ref().map(|t| t.locator(document));
    let page = target
        .as_ref()
        .and_then(|t| t.clause().page)
        .map(|p| p.to_string())
        .or_else(|| page_range(document));
    let reference = format!(
        "{}{}",
        marked_title(document),
        locator.as_deref().unwrap_or("")
    );
    let source = law_source(document, page.as_deref());
    let clause_path = target.as_ref().map(|t| t.clause().path.clone());
    let text = match style {
        Style::Law => format!("{reference}，载{source}。"),
        Style::Gbt7714 => gbt7714(document, page.as_deref(), &GBT7714_2015),
        Style::Gbt7714_2025 => gbt7714(document, page.as_deref(), &GBT7714_2025),
        Style::Plain => {
            let cited = format!("{reference}，{source}");
            match target.as_ref().map(|t| t.quote()).filter(|q| !q.is_empty()) {
                Some(quote) => format!("“{quote}”\n——{cited}"),
                None => cited,
            }
        }
    };
    Ok(CitationView {
        style,
        text,
        reference,
        locator,
        source,
        document_id: document.id,
        link: ClauseLink::new(document, ordinal, clause_path.as_deref()).to_url(),
        clause_path,
    })
}

/// The document's full title in 《》, with its 文号 in brackets. A title printed
/// without its issuer (`关于……的通知`) is cited with it, as officials do. A 文号 that
/// is a decree number (`国务院令第715号`) promulgates a regulation, which is cited by
/// its title alone.
fn marked_title(document: &DocumentView) -> String {
    // A title inside 《》 marks the titles it contains with 〈〉 (GB/T 15834).
    let inner = full_title(document).replace('《', "〈").replace('》', "〉");
    match document.doc_number.as_deref() {
        Some(number) if !number.contains('令') => format!("《{inner}》（{number}）"),
        _ => format!("《{inner}》"),
    }
}

fn full_title(document: &DocumentView) -> String {
    match document.office.as_deref() {
        Some(office) if document.title.starts_with("关于") => {
            format!("{office}{}", document.title)
        }
        _ => document.title.clone(),
    }
}

/// The printed pages of the whole document, `2-7`, when known.
fn page_range(document: &DocumentView) -> Option<String> {
    let start = document.start_page?;
    Some(match document.end_page {
        Some(end) if end > start => format!("{start}-{end}"),
        _ => start.to_string(),
    })
}

/// `《聊城市人民政府公报》2018年第8期，第3页`.
fn law_source(document: &DocumentView, page: Option<&str>) -> String {
    let issue = format!(
        "《{}》{}年{}",
        document.issue.key.gazette, document.issue.key.year, document.issue.number_label
    );
    match page {
        Some(page) => format!("{issue}，第{page}页"),
        None => issue,
    }
}

/// The marks a GB/T 7714 edition sets between the items of an entry, where the two
/// editions differ: 2015 sets all of them half-width (with a space after `:` and `,`);
/// 2025 sets them full-width, except `.` and `[ ]` (its clause 6, 著录用符号).
struct Marks {
    /// Before other title information (the 文号) and before the page.
    colon: &'static str,
    /// Before the year.
    comma: &'static str,
    /// Around the issue number.
    brackets: (&'static str, &'static str),
}

const GBT7714_2015: Marks = Marks {
    colon: ": ",
    comma: ", ",
    brackets: ("(", ")"),
};

const GBT7714_2025: Marks = Marks {
    colon: "：",
    comma: "，",
    brackets: ("（", "）"),
};

/// `聊城市人民政府. 聊城市人民政府关于……的实施意见: 聊政发〔2018〕41号[J]. 聊城市人民政府公报, 2018(8): 3.`
/// A gazette is a serial, so a document printed in it is an article of a serial ([J]);
/// the page is the cited clause's, or the document's range when it is cited whole.
fn gbt7714(document: &DocumentView, page: Option<&str>, marks: &Marks) -> String {
    let mut out = String::new();
    if let Some(office) = &document.office {
        out.push_str(&format!("{office}. "));
    }
    out.push_str(&document.title);
    if let Some(number) = &document.doc_number {
        out.push_str(&format!("{}{number}", marks.colon));
    }
    let (open, close) = marks.brackets;
    out.push_str(&format!(
        "[J]. {}{}{}{open}{}{close}",
        document.issue.key.gazette, marks.comma, document.issue.key.year, document.issue.key.number
    ));
    if let Some(page) = page {
        out.push_str(&format!("{}{page}", marks.colon));
    }
    out.push('.');
    out
}

/// Every clause of a tree in reading order, each with the chain of clauses above it.
fn walk<'a>(
    clauses: &'a [ClauseView],
    above: &mut Vec<&'a ClauseView>,
    out: &mut Vec<Vec<&'a ClauseView>>,
) {
    for clause in clauses {
        above.push(clause);
        out.push(above.clone());
        walk(&clause.children, above, out);
        above.pop();
    }
}
