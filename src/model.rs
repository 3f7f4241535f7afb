//! The data that flows between the stages of an import, in the order they run:
//! [`PageText`] (what `extract` reads off each PDF page), then [`ParsedIssue`]
//! (what `parse` makes of the whole issue), which `store` writes to the archive.
//! These types are plain data with no behaviour beyond small accessors.

use serde::{Deserialize, Serialize};

/// One PDF page as read by `extract`: its size and its text lines in reading order of
/// the content stream (not yet sorted into columns, headers removed or joined).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageText {
    /// 0-based index of the page in the PDF.
    pub index: u32,
    /// Page size in PDF points.
    pub width: f32,
    /// Page height in points.
    pub height: f32,
    /// Its text lines, in content-stream order.
    pub lines: Vec<TextLine>,
}

/// A run of glyphs that share a baseline and have no wide horizontal gap between them.
/// Two columns on one baseline are two lines. Coordinates are in PDF points with the
/// origin at the page's top-left corner, y growing downwards.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextLine {
    /// The line's text.
    pub text: String,
    /// Left edge of the first glyph.
    pub x0: f32,
    /// Right edge of the last glyph.
    pub x1: f32,
    /// Baseline.
    pub y: f32,
    /// Font size (height of an em) of the line's glyphs, in points.
    pub size: f32,
}

/// A whole issue as the parser understood it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParsedIssue {
    /// Gazette name, e.g. 聊城市人民政府公报.
    pub gazette: String,
    /// Year of the issue.
    pub year: i32,
    /// Issue number within the year (第8期 / 第17号).
    pub number: i32,
    /// Running serial number (总第185期 / 总号：1668), when printed.
    pub serial: Option<i32>,
    /// The issue number as printed, 第8期 or 第17号: gazettes count in 期 or in 号.
    pub number_label: String,
    /// The serial number as printed, 总第185期 or 总号：1668.
    pub serial_label: Option<String>,
    /// Masthead facts as printed (主管主办, 编辑出版, 电话, 地址 …), in printed order.
    pub masthead: Vec<(String, String)>,
    /// Every page's text.
    pub pages: Vec<PageInfo>,
    /// The 目录, section by section.
    pub toc: Vec<TocSection>,
    /// The documents, in printed order.
    pub documents: Vec<Document>,
}

/// One PDF page after layout clean-up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageInfo {
    /// 1-based PDF page number.
    pub pdf_page: u32,
    /// The number printed in the page's footer; None for cover, masthead and other
    /// unnumbered pages.
    pub printed: Option<u32>,
    /// The page's text without running header and footer, one paragraph per line.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
/// One section of the 目录 (市政府文件, 部门文件, …).
pub struct TocSection {
    /// Section title without decoration (`◎ 市政府文件` → `市政府文件`).
    pub title: String,
    /// Its entries, in printed order.
    pub entries: Vec<TocEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
/// One line of the 目录.
pub struct TocEntry {
    /// Title.
    pub title: String,
    /// 文号 as printed, e.g. 聊政发〔2018〕41号.
    pub doc_number: Option<String>,
    /// Printed page number.
    pub page: Option<u32>,
    /// 0-based index into [`ParsedIssue::documents`] of the document this entry opens.
    pub document: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
/// What a document is.
pub enum DocumentKind {
    /// A government document, decree, regulation or notice.
    Document,
    /// 大事记: a chronicle of day entries.
    Chronicle,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
/// One document of an issue.
pub struct Document {
    /// A regular document or a chronicle.
    pub kind: DocumentKind,
    /// The 目录 section the document belongs to, when known.
    pub section: Option<String>,
    /// The red header line naming the office (聊城市人民政府文件), when printed.
    pub red_header: Option<String>,
    /// The issuing office (from the signature, else the red header or title).
    pub office: Option<String>,
    /// 文号 as printed.
    pub doc_number: Option<String>,
    /// Title.
    pub title: String,
    /// The addressees line (各县（市、区）人民政府…), without the final `：`.
    pub addressees: Option<String>,
    /// Signing offices or persons, in printed order (`总理　李克强` for a decree).
    pub signatories: Vec<String>,
    /// Date of issue, ISO `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Printed page of the first and last page of the main part (not counting a
    /// continuation printed elsewhere).
    pub start_page: Option<u32>,
    /// Printed page the document ends on.
    pub end_page: Option<u32>,
    /// 1-based PDF page of the first page.
    pub start_pdf_page: u32,
    /// Tails printed on later pages (下转 / 上接), in reading order.
    pub continuations: Vec<Continuation>,
    /// 附件 titles.
    pub attachments: Vec<String>,
    /// 抄送 / 印发 lines, as printed.
    pub distribution: Vec<String>,
    /// Its clauses, as a tree in reading order.
    pub clauses: Vec<Clause>,
}

/// A part of a document printed away from the rest of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Continuation {
    /// Printed page where the main part breaks off with 下转.
    pub from_page: Option<u32>,
    /// Printed pages where the tail is printed (上接).
    pub start_page: Option<u32>,
    /// Printed page the continuation ends on.
    pub end_page: Option<u32>,
}

/// A numbered unit of a document's body (一、, （一）, 1., 第一章, 第一条 …) or an
/// unnumbered paragraph before the first numbered one. Its `text` holds its own
/// paragraphs (one per line); its children hold the units numbered below it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Clause {
    /// Stable path of labels from the top, e.g. `二/（一）/6`; unnumbered
    /// paragraphs are `¶1`, `¶2` … at their level.
    pub path: String,
    /// The number as printed, without trailing punctuation: `二`, `（一）`, `6`, `第三条`.
    pub label: String,
    /// The heading text when the clause has one (`总体要求`), else None.
    pub heading: Option<String>,
    /// Body paragraphs, joined with `\n`.
    pub text: String,
    /// Printed page where the clause starts.
    pub page: Option<u32>,
    /// 1-based PDF page where the clause starts.
    pub pdf_page: u32,
    /// Sub-clauses, in reading order.
    pub children: Vec<Clause>,
}
