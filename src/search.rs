//! What a search means, independent of how candidates are found: the query language
//! (space = AND, `"…"` exact phrase, `-term` excludes, a 文号 in any bracket style or
//! spacing), the text normalisation shared by the index, the query and the verifier
//! (NFKC and lower case, so `（2018）` matches `(2018)`), the exact check of a
//! candidate against its stored text, and snippets with highlight ranges. The result
//! types are the public JSON of `gazette search` and of the desktop app's IPC.
//!
//! The index (`crate::index`) only proposes candidates; this module decides what
//! matches, so a hit is never shown on the index's word alone.

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::docnum;
use crate::error::{Error, Result};
use crate::views::Status;

mod results;
pub use results::{
    DocumentGroup, Highlight, MatchField, PrintedPart, SearchHit, SearchResults, TermPlace,
};
pub(crate) use results::{Placed, Total};

/// Filters and size of a search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SearchOptions {
    /// The most hits to return.
    pub limit: usize,
    /// How many hits to skip: the page of hits from this one on.
    #[serde(default)]
    pub offset: usize,
    /// Only this gazette (a part of its name is enough).
    pub gazette: Option<String>,
    /// Only issues of these years, inclusive.
    pub year_from: Option<i32>,
    /// Last year included.
    pub year_to: Option<i32>,
    /// Only documents whose issuing office contains this.
    pub office: Option<String>,
    /// Only documents of a 目录 section containing this (`市政府文件`).
    pub section: Option<String>,
    /// Only documents with this status today (the archive turns it into the set of
    /// such documents, which the index filters by).
    #[serde(default)]
    pub status: Option<Status>,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 20,
            offset: 0,
            gazette: None,
            year_from: None,
            year_to: None,
            office: None,
            section: None,
            status: None,
        }
    }
}

impl SearchOptions {
    /// Sets the year range from what a user typed: `2018`, `2016..2018`, `2016..`,
    /// `..2018` (`-` works as well as `..`).
    pub fn set_years(&mut self, text: &str) -> Result<()> {
        let text: String = text.nfkc().filter(|c| !c.is_whitespace()).collect();
        let bad = || {
            Error::invalid(format!(
                "'{text}' is not a year range: give 2018, 2016..2018, 2016.. or ..2018"
            ))
        };
        let year = |s: &str| -> Result<Option<i32>> {
            if s.is_empty() {
                Ok(None)
            } else {
                s.parse().map(Some).map_err(|_| bad())
            }
        };
        let (from, to) = match text.split_once("..").or_else(|| text.split_once('-')) {
            Some((a, b)) => (year(a)?, year(b)?),
            None => {
                let y = year(&text)?.ok_or_else(bad)?;
                (Some(y), Some(y))
            }
        };
        self.year_from = from;
        self.year_to = to;
        Ok(())
    }
}

// ---------------------------------------------------------------------------------
// Normalisation

/// Appends the normalised form of one character (NFKC, then lower case). Text is
/// normalised a character at a time so that every normalised character knows the
/// original character it came from; for the scripts of a gazette this equals NFKC of
/// the whole string.
pub(crate) fn fold_char(c: char, mut out: impl FnMut(char)) {
    if c.is_ascii() {
        out(c.to_ascii_lowercase());
        return;
    }
    // Unified ideographs, nearly all of a gazette, and the CJK punctuation 、。〔〕《》
    // are their own NFKC and have no case.
    // So are the quotation marks and the dash a gazette prints (‘’“”—).
    if matches!(
        c,
        '\u{3001}'..='\u{3035}'
            | '\u{3400}'..='\u{4dbf}'
            | '\u{4e00}'..='\u{9fff}'
            | '\u{2014}'
            | '\u{2018}'
            | '\u{2019}'
            | '\u{201c}'
            | '\u{201d}'
    ) {
        out(c);
        return;
    }
    // Full-width forms (，（）：；) are NFKC of their ASCII twins, a fixed distance away.
    if let '\u{ff01}'..='\u{ff5e}' = c {
        if let Some(ascii) = char::from_u32(c as u32 - 0xfee0) {
            out(ascii.to_ascii_lowercase());
            return;
        }
    }
    for n in std::iter::once(c).nfkc() {
        for l in n.to_lowercase() {
            out(l);
        }
    }
}

/// A string as it is matched: NFKC (full-width forms become their ASCII twins) and
/// lower case. Not the page clean-up of `layout::normalize_text`, which removes spaces.
pub fn fold_case_and_width(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        fold_char(c, |n| out.push(n));
    }
    out
}

/// Normalised text that remembers, for each of its characters, the index of the
/// original character it came from.
struct Mapped {
    chars: Vec<char>,
    origin: Vec<usize>,
}

impl Mapped {
    fn new(text: &str, keep: impl Fn(char) -> bool) -> Mapped {
        let mut chars = Vec::with_capacity(text.len());
        let mut origin = Vec::with_capacity(text.len());
        for (i, c) in text.chars().enumerate() {
            fold_char(c, |n| {
                if keep(n) {
                    chars.push(n);
                    origin.push(i);
                }
            });
        }
        Mapped { chars, origin }
    }

    /// Every occurrence of `needle`, as ranges of original characters.
    fn occurrences(&self, needle: &[char]) -> Vec<(usize, usize)> {
        let Some(&first) = needle.first() else {
            return Vec::new();
        };
        let Some(last_start) = self.chars.len().checked_sub(needle.len()) else {
            return Vec::new();
        };
        // Comparing the first character alone rules out nearly every place cheaply.
        (0..=last_start)
            .filter(|&i| self.chars[i] == first && self.chars[i..i + needle.len()] == *needle)
            .map(|i| (self.origin[i], self.origin[i + needle.len() - 1] + 1))
            .collect()
    }
}

// ---------------------------------------------------------------------------------
// Queries

/// How a term is matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermKind {
    /// An exact substring of the normalised text.
    Text,
    /// A 文号: matched on its key, ignoring brackets and white space on both sides.
    DocNumber,
}

#[derive(Debug, Clone, PartialEq, Eq)]
/// One term of a query.
pub struct QueryTerm {
    /// Text or 文号.
    pub kind: TermKind,
    /// Normalised characters to find: the term itself, or a 文号's key.
    pub chars: Vec<char>,
}

impl QueryTerm {
    fn text(raw: &str) -> Option<QueryTerm> {
        let mut chars = Vec::new();
        let mut space = false;
        // A phrase's inner white space is one space, whatever the user typed.
        for c in fold_case_and_width(raw).chars() {
            if c.is_whitespace() {
                space = !chars.is_empty();
            } else {
                if space {
                    chars.push(' ');
                    space = false;
                }
                chars.push(c);
            }
        }
        (!chars.is_empty()).then_some(QueryTerm {
            kind: TermKind::Text,
            chars,
        })
    }

    fn doc_number(raw: &str) -> QueryTerm {
        QueryTerm {
            kind: TermKind::DocNumber,
            chars: fold_case_and_width(&docnum::key(raw)).chars().collect(),
        }
    }

    /// The parts of the term that the index can look up as they stand. A 文号 is split
    /// where its printed form may put brackets or spaces: between the issuer, the year
    /// (always four digits) and the number. Finer parts only widen the candidates, which
    /// are all verified, so splitting can cost speed but never a hit.
    pub fn parts(&self) -> Vec<Vec<char>> {
        match self.kind {
            TermKind::Text => vec![self.chars.clone()],
            TermKind::DocNumber => {
                let mut parts: Vec<Vec<char>> = Vec::new();
                for &c in &self.chars {
                    let second = parts.len() == 2;
                    match parts.last_mut() {
                        Some(p)
                            if p.last().map(char::is_ascii_digit) == Some(c.is_ascii_digit())
                                && !(c.is_ascii_digit() && second && p.len() == 4) =>
                        {
                            p.push(c)
                        }
                        _ => parts.push(vec![c]),
                    }
                }
                parts
            }
        }
    }

    /// Whether the term occurs in `text`.
    pub(crate) fn occurs_in(&self, text: &str) -> bool {
        let Some(&first) = self.chars.first() else {
            return false;
        };
        let mut folded = Vec::with_capacity(text.len());
        for c in text.chars() {
            fold_char(c, |n| {
                if self.is_significant(n) {
                    folded.push(n)
                }
            });
        }
        folded
            .windows(self.chars.len())
            .any(|w| w[0] == first && w == self.chars.as_slice())
    }

    /// Where the term occurs in `text`, as ranges of original characters.
    fn occurrences(&self, text: &str) -> Vec<(usize, usize)> {
        Mapped::new(text, |c| self.is_significant(c)).occurrences(&self.chars)
    }

    /// Whether a normalised character of a text counts in matching the term: every
    /// one for text; for a 文号, all but its brackets and spaces.
    fn is_significant(&self, c: char) -> bool {
        self.kind == TermKind::Text || !docnum::is_insignificant(c)
    }
}

/// A parsed query: every `include` term must match, no `exclude` term may.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// Terms that must match.
    pub include: Vec<QueryTerm>,
    /// Terms that must not match.
    pub exclude: Vec<QueryTerm>,
}

/// One token of the typed query before 文号 are recognised.
struct Token {
    text: String,
    quoted: bool,
    negated: bool,
}

impl Query {
    /// Parses what a user typed: words, "phrases", -exclusions and 文号 in any bracket style.
    pub fn parse(typed: &str) -> Result<Query> {
        let typed: String = typed.nfkc().collect();
        let mut tokens: Vec<Token> = Vec::new();
        let mut chars = typed.chars().peekable();
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() {
                chars.next();
                continue;
            }
            let mut negated = false;
            if c == '-' {
                chars.next();
                match chars.peek() {
                    Some(&n) if !n.is_whitespace() => negated = true,
                    // A lone `-` is not an operator; `-` alone finds nothing useful.
                    _ => continue,
                }
            }
            let quoted = chars.peek() == Some(&'"');
            let mut text = String::new();
            if quoted {
                chars.next();
                for c in chars.by_ref() {
                    if c == '"' {
                        break;
                    }
                    text.push(c);
                }
            } else {
                while let Some(&c) = chars.peek() {
                    if c.is_whitespace() {
                        break;
                    }
                    text.push(c);
                    chars.next();
                }
            }
            tokens.push(Token {
                text,
                quoted,
                negated,
            });
        }

        let mut query = Query {
            include: Vec::new(),
            exclude: Vec::new(),
        };
        let mut i = 0;
        while i < tokens.len() {
            // A 文号 may have been typed with spaces (`聊政发2018 41号`): take the
            // longest run of plain tokens that reads as one.
            let run_end = (i + 1..=tokens.len()).rev().find(|&end| {
                let run = &tokens[i..end];
                let plain = run.len() == 1
                    || (!run[0].quoted && run[1..].iter().all(|t| !t.quoted && !t.negated));
                plain && docnum::looks_like(&concat(run))
            });
            let (term, negated, next) = match run_end {
                Some(end) => (
                    Some(QueryTerm::doc_number(&concat(&tokens[i..end]))),
                    tokens[i].negated,
                    end,
                ),
                None => (QueryTerm::text(&tokens[i].text), tokens[i].negated, i + 1),
            };
            if let Some(term) = term {
                if negated {
                    query.exclude.push(term);
                } else if !query.include.contains(&term) {
                    query.include.push(term);
                }
            }
            i = next;
        }
        if query.include.is_empty() {
            return Err(Error::invalid(
                "the query has nothing to look for: type a word, a phrase or a 文号",
            ));
        }
        Ok(query)
    }

    /// Whether `fields` (the texts of one clause, or a document's title and 文号)
    /// match: every include term occurs in one of them and no exclude term in any.
    pub fn matches(&self, fields: &[&str]) -> bool {
        let occurs = |t: &QueryTerm| fields.iter().any(|f| t.occurs_in(f));
        self.include.iter().all(occurs) && !self.exclude.iter().any(occurs)
    }

    /// Ranges of `text` where any include term occurs, merged and in order.
    fn highlights(&self, text: &str) -> Vec<(usize, usize)> {
        let mut ranges: Vec<(usize, usize)> = self
            .include
            .iter()
            .flat_map(|t| t.occurrences(text))
            .collect();
        ranges.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
        for (s, e) in ranges {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        merged
    }
}

fn concat(tokens: &[Token]) -> String {
    tokens.iter().map(|t| t.text.as_str()).collect()
}

// ---------------------------------------------------------------------------------
// Snippets

/// Characters of context shown before the first highlighted range.
const SNIPPET_LEAD: usize = 24;
/// Longest snippet, in characters, not counting the ellipses.
const SNIPPET_LEN: usize = 96;

/// A window of `text` around the first place the query matches, with every matched
/// range inside it highlighted. Line breaks show as spaces, so offsets are unchanged.
pub fn snippet(query: &Query, text: &str) -> (String, Vec<Highlight>) {
    let ranges = query.highlights(text);
    let chars: Vec<char> = text.chars().collect();
    let first = ranges.first().map_or(0, |r| r.0);
    let mut start = first.saturating_sub(SNIPPET_LEAD);
    let end = (start + SNIPPET_LEN).min(chars.len());
    // Use the room left at the end for more context before the hit.
    start = start.min(end.saturating_sub(SNIPPET_LEN));
    let mut out = String::new();
    let mut offset = 0usize;
    if start > 0 {
        out.push('…');
        offset = 1;
    }
    out.extend(
        chars[start..end]
            .iter()
            .map(|&c| if c == '\n' || c == '\r' { ' ' } else { c }),
    );
    if end < chars.len() {
        out.push('…');
    }
    let highlights = ranges
        .iter()
        .filter(|(s, e)| *e > start && *s < end)
        .map(|&(s, e)| Highlight {
            start: s.max(start) - start + offset,
            end: e.min(end) - start + offset,
        })
        .collect();
    (out, highlights)
}

#[cfg(test)]
mod tests;
