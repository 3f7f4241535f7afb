//! Links between documents, derived from their text: the 文号s a document cites (with
//! the cited title when printed), what it repeals, when it takes effect and when it
//! expires, and from those each document's status (in force, expired, repealed, not
//! yet in force) on a given day.
//!
//! Extraction ([`extract`]) is a pure function of a document's date and clauses. The
//! archive stores its result per citing document with the target's [`docnum::key`],
//! never a row id, so targets are resolved when asked: a document imported later, in
//! another gazette or year, is linked without touching the citing one. Because links
//! are derived, they are re-derived from the stored clauses whenever
//! [`EXTRACTOR_VERSION`] changes (and on the first open after the schema gains them).

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};

use crate::dates;
use crate::docnum;
use crate::error::{Error, Result};
use crate::model::{Clause, Document};
use crate::views::{Backlink, Citation, LinkedDocument, LinksView, Mention, Status};

/// Bump when extraction changes: archives re-derive their links on the next open.
pub const EXTRACTOR_VERSION: u32 = 2;

/// What a reference does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    Cites,
    Repeals,
}

impl LinkKind {
    fn as_str(self) -> &'static str {
        match self {
            LinkKind::Cites => "cites",
            LinkKind::Repeals => "repeals",
        }
    }
}

/// One mention of another document in a document's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub kind: LinkKind,
    /// The 文号 as printed (`聊政发〔2013〕70号`); None for a repeal that names only a title.
    pub doc_number: Option<String>,
    /// The lookup key of the 文号, see [`docnum::key`].
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
    pub path: &'a str,
    pub heading: Option<&'a str>,
    pub text: &'a str,
}

// ---------------------------------------------------------------------------------
// Extraction

const OPEN_BRACKETS: &str = "〔[(（【［〖";

/// An ordinary 文号: issuer code, four-digit year in any bracket, sequence number.
/// The issuer run may swallow words of the sentence before it; [`issuer_start`]
/// trims them.
static DOC_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?P<issuer>[\p{Han}A-Za-z]{1,16})\s*[〔\[(（【［〖]\s*(?P<year>(?:19|20)[0-9]{2})\s*[〕\])）】］〗]\s*第?\s*(?P<seq>[0-9]{1,5})\s*号",
    )
    .expect("static regex")
});

/// A decree number: `国务院令第708号`, `山东省人民政府令（第311号）`.
static DECREE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?P<issuer>\p{Han}{1,16}令)\s*(?:[（(]\s*第\s*(?P<bseq>[0-9]{1,6})\s*号\s*[）)]|第\s*(?P<seq>[0-9]{1,6})\s*号)",
    )
    .expect("static regex")
});

/// Layout markers of a continuation, which can fall inside a sentence (even inside a
/// 文号) where the page broke.
static CONTINUATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[（(]\s*[上下][转接]\s*第\s*[0-9]+\s*页\s*[）)]").expect("static regex")
});

/// A statement that something named ceases to apply.
static REPEAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"废止|停止执行|不再执行|同时失效").expect("static regex"));

/// Taking effect on the day of issue.
static EFFECTIVE_ON_ISSUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"自\p{Han}{0,6}?(?:印发|发布|公布|下发|签发|颁布)之日起(?:施行|实施|执行|生效)")
        .expect("static regex")
});

static EFFECTIVE_ON_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"自\s*(?P<y>[0-9]{4})\s*年\s*(?P<m>[0-9]{1,2})\s*月\s*(?P<d>[0-9]{1,2})\s*日\s*起\s*(?:施行|实施|执行|生效)")
        .expect("static regex")
});

static VALID_UNTIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"有效期(?:为|是|延长)?\s*(?:至|到|截至|截止(?:到|至)?)\s*(?P<y>[0-9]{4})\s*年\s*(?P<m>[0-9]{1,2})\s*月\s*(?P<d>[0-9]{1,2})\s*日")
        .expect("static regex")
});

static VALID_FOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"有效期(?:为|是)?\s*(?P<n>[0-9]{1,3}|[一二两三四五六七八九十]{1,3})\s*(?P<unit>年|个月)",
    )
    .expect("static regex")
});

/// Words that end the sentence's lead-in to a 文号: what comes after them is the
/// number itself (`贯彻落实国发〔2016〕4号` → `国发〔2016〕4号`). No issuer code
/// contains them.
const LEAD_IN_WORDS: &[&str] = &[
    "关于", "贯彻", "落实", "根据", "依据", "依照", "遵照", "按照", "执行", "参照", "对照", "转发",
    "印发", "废止", "实施", "以及", "的", "和", "及", "与", "或", "在", "对", "将", "把", "即",
    "见", "原", "于", "为",
];

/// Words after which a named document is the basis of a statement, not its object
/// (`根据《…》（…号），…同时废止`).
const BASIS_WORDS: &[&str] = &[
    "根据", "依据", "依照", "遵照", "按照", "参照", "贯彻", "落实", "执行", "按", "依",
];

/// Longest issuer code of an ordinary 文号 (`发改办地区` is 5; decrees name a whole
/// government, `中华人民共和国国务院令`).
const MAX_ISSUER_CHARS: usize = 8;

/// A 文号 found in a sentence, with its byte range there.
struct Found {
    start: usize,
    end: usize,
    printed: String,
    key: String,
}

/// Extracts a document's references, effective date and expiry. `date` is the
/// document's date (ISO), used for `自印发之日起施行` and as the start of a validity
/// period when no other start is printed; `own_number` is left out of the citations.
pub fn extract(date: Option<&str>, own_number: Option<&str>, clauses: &[ClauseText]) -> Extracted {
    let own_key = own_number.map(docnum::key);
    let mut out = Extracted::default();
    let mut effective: Option<String> = None;
    let mut valid: Option<Validity> = None;
    // A repeal sentence that ends in `：` announces a list: the rest of its clause and
    // the clauses under it are what it repeals.
    let mut repeal_list: Option<String> = None;

    for clause in clauses {
        let in_list = repeal_list
            .as_deref()
            .is_some_and(|p| is_within(clause.path, p));
        if !in_list {
            repeal_list = None;
        }
        let joined;
        let raw = match clause.heading {
            Some(h) => {
                joined = format!("{h}\n{}", clause.text);
                joined.as_str()
            }
            None => clause.text,
        };
        let text = CONTINUATION.replace_all(raw, "");
        for sentence in text.split(['。', '；', ';', '！', '？', '\n']) {
            let sentence = sentence.trim();
            if sentence.is_empty() {
                continue;
            }
            let numbers = find_numbers(sentence);
            // A 文号 standing alone as a paragraph is a document's own number line
            // (the parser may leave one in a clause), not a citation.
            if let [only] = numbers.as_slice() {
                if only.start == 0 && only.end == sentence.len() {
                    continue;
                }
            }
            for found in &numbers {
                if own_key.as_deref() == Some(found.key.as_str()) {
                    continue;
                }
                out.references.push(Reference {
                    kind: LinkKind::Cites,
                    doc_number: Some(found.printed.clone()),
                    key: Some(found.key.clone()),
                    title: title_before(sentence, found.start).map(|(_, t)| t),
                    clause_path: clause.path.to_string(),
                });
            }
            // Words inside a cited title (《关于废止…的决定》, 《…有效期…》) are
            // that document's, not this one's.
            let titles = top_level_titles(sentence);
            let verb = REPEAL
                .find_iter(sentence)
                .find(|m| !in_titles(&titles, m.start()));
            if verb.is_some() || repeal_list.is_some() {
                out.references.extend(repealed_in(
                    sentence,
                    &titles,
                    &numbers,
                    own_key.as_deref(),
                    clause.path,
                ));
            }
            if let Some(v) = verb {
                if sentence[v.end()..].trim_end().ends_with(['：', ':']) {
                    repeal_list = Some(clause.path.to_string());
                }
            }
            if let Some(found) = effective_in(sentence, &titles, date) {
                effective = Some(found);
            }
            if let Some(found) = validity_in(sentence, &titles) {
                valid = Some(found);
            }
        }
    }
    let start = effective.as_deref().or(date);
    out.expires = valid.and_then(|v| v.last_day(start));
    out.effective = effective.or_else(|| date.map(str::to_string));
    out
}

/// Flattens a parsed document's clause tree (depth first, reading order) and extracts.
pub fn extract_document(document: &Document) -> Extracted {
    fn walk<'a>(clauses: &'a [Clause], out: &mut Vec<ClauseText<'a>>) {
        for c in clauses {
            out.push(ClauseText {
                path: &c.path,
                heading: c.heading.as_deref(),
                text: &c.text,
            });
            walk(&c.children, out);
        }
    }
    let mut flat = Vec::new();
    walk(&document.clauses, &mut flat);
    extract(
        document.date.as_deref(),
        document.doc_number.as_deref(),
        &flat,
    )
}

fn is_within(path: &str, ancestor: &str) -> bool {
    path == ancestor
        || path
            .strip_prefix(ancestor)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// Every 文号 in a sentence, ordinary and decree, in order.
fn find_numbers(sentence: &str) -> Vec<Found> {
    let mut found = Vec::new();
    for c in DOC_NUMBER.captures_iter(sentence) {
        let (Some(all), Some(issuer), Some(year), Some(seq)) =
            (c.get(0), c.name("issuer"), c.name("year"), c.name("seq"))
        else {
            continue;
        };
        let Some(start) = issuer_start(issuer.as_str(), MAX_ISSUER_CHARS) else {
            continue;
        };
        let start = issuer.start() + start;
        let code = &sentence[start..issuer.end()];
        found.push(Found {
            start,
            end: all.end(),
            printed: sentence[start..all.end()].to_string(),
            key: docnum::key(&format!("{code}〔{}〕{}号", year.as_str(), seq.as_str())),
        });
    }
    for c in DECREE_NUMBER.captures_iter(sentence) {
        let (Some(all), Some(issuer), Some(seq)) =
            (c.get(0), c.name("issuer"), c.name("seq").or(c.name("bseq")))
        else {
            continue;
        };
        let Some(start) = issuer_start(issuer.as_str(), usize::MAX) else {
            continue;
        };
        let start = issuer.start() + start;
        // The full state name is often printed before the issuer and never part of
        // the number an archive knows a decree by.
        let code = &sentence[start..issuer.end()];
        let code = code
            .strip_prefix("中华人民共和国")
            .filter(|rest| rest.chars().count() > 1)
            .unwrap_or(code);
        found.push(Found {
            start,
            end: all.end(),
            printed: sentence[start..all.end()].to_string(),
            key: docnum::key(&format!("{code}第{}号", seq.as_str())),
        });
    }
    found.sort_by_key(|f| f.start);
    found
}

/// Byte offset in `run` where the issuer code starts, after the last lead-in word;
/// None when nothing plausible is left (a single character, or `令` alone).
fn issuer_start(run: &str, max_chars: usize) -> Option<usize> {
    // `和` is a lead-in word but also part of the state's name; the mask keeps byte
    // offsets.
    let masked = run.replace("共和国", "共___国");
    let mut start = 0;
    for word in LEAD_IN_WORDS {
        if let Some(at) = masked.rfind(word) {
            start = start.max(at + word.len());
        }
    }
    let code = &run[start..];
    let count = code.chars().count();
    if count < 2 {
        return None;
    }
    if count > max_chars {
        let skip: usize = code
            .chars()
            .take(count - max_chars)
            .map(char::len_utf8)
            .sum();
        start += skip;
    }
    Some(start)
}

/// The 《title》 printed right before byte `at` of `sentence`, through an opening
/// bracket: `《…》（聊政发…` or `《…》聊政发…`, with the byte offset of its `《`.
/// Nested 《》 are kept whole.
fn title_before(sentence: &str, at: usize) -> Option<(usize, String)> {
    let before = sentence[..at].trim_end();
    let before = before
        .strip_suffix(|c: char| OPEN_BRACKETS.contains(c))
        .unwrap_or(before)
        .trim_end();
    let inner = before.strip_suffix('》')?;
    let mut depth = 0usize;
    for (i, c) in inner.char_indices().rev() {
        match c {
            '》' => depth += 1,
            '《' if depth == 0 => {
                let title = inner[i + c.len_utf8()..].trim();
                return (!title.is_empty()).then(|| (i, title.to_string()));
            }
            '《' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// Whether the words right before byte `at` make what follows the basis of the
/// sentence rather than its object.
fn is_basis(sentence: &str, at: usize) -> bool {
    let before = sentence[..at].trim_end();
    let before = before
        .strip_suffix(|c: char| OPEN_BRACKETS.contains(c) || c == '《')
        .unwrap_or(before)
        .trim_end();
    BASIS_WORDS.iter().any(|w| before.ends_with(w))
}

/// The documents a repeal sentence names: every 文号 and every title without one,
/// except those cited as the basis for the repeal.
fn repealed_in(
    sentence: &str,
    titles: &[(usize, usize, String)],
    numbers: &[Found],
    own_key: Option<&str>,
    path: &str,
) -> Vec<Reference> {
    let mut out: Vec<(usize, Reference)> = Vec::new();
    for found in numbers {
        let (subject_start, title) = match title_before(sentence, found.start) {
            Some((at, title)) => (at, Some(title)),
            None => (found.start, None),
        };
        if own_key == Some(found.key.as_str()) || is_basis(sentence, subject_start) {
            continue;
        }
        out.push((
            subject_start,
            Reference {
                kind: LinkKind::Repeals,
                doc_number: Some(found.printed.clone()),
                key: Some(found.key.clone()),
                title,
                clause_path: path.to_string(),
            },
        ));
    }
    for (start, end, title) in titles {
        let (start, end) = (*start, *end);
        let numbered = numbers.iter().any(|f| {
            f.start >= end
                && sentence[end..f.start]
                    .chars()
                    .all(|c| c.is_whitespace() || OPEN_BRACKETS.contains(c))
        });
        let inside_number = numbers.iter().any(|f| f.start < end && start < f.end);
        if numbered || inside_number || is_basis(sentence, start) {
            continue;
        }
        out.push((
            start,
            Reference {
                kind: LinkKind::Repeals,
                doc_number: None,
                key: None,
                title: Some(title.clone()),
                clause_path: path.to_string(),
            },
        ));
    }
    out.sort_by_key(|(at, _)| *at);
    out.into_iter().map(|(_, r)| r).collect()
}

fn in_titles(titles: &[(usize, usize, String)], at: usize) -> bool {
    titles
        .iter()
        .any(|(start, end, _)| (*start..*end).contains(&at))
}

/// The outermost 《…》 titles of a sentence as (start of `《`, end after `》`, title).
fn top_level_titles(sentence: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut open = 0usize;
    for (i, c) in sentence.char_indices() {
        match c {
            '《' => {
                if depth == 0 {
                    open = i;
                }
                depth += 1;
            }
            '》' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    let title = sentence[open + '《'.len_utf8()..i].trim();
                    if !title.is_empty() {
                        out.push((open, i + c.len_utf8(), title.to_string()));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The effective date a sentence states, if any. A date that introduces another
/// document (`自2013年1月1日起施行的《…》`) is not this document's.
fn effective_in(
    sentence: &str,
    titles: &[(usize, usize, String)],
    date: Option<&str>,
) -> Option<String> {
    let own =
        |m: regex::Match| !in_titles(titles, m.start()) && !sentence[m.end()..].starts_with('的');
    let on_date = EFFECTIVE_ON_DATE
        .captures_iter(sentence)
        .filter(|c| c.get(0).is_some_and(own))
        .filter_map(|c| iso_from_captures(&c))
        .last();
    if on_date.is_some() {
        return on_date;
    }
    EFFECTIVE_ON_ISSUE
        .find_iter(sentence)
        .any(own)
        .then(|| date.map(str::to_string))
        .flatten()
}

/// How long a document holds.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Validity {
    /// Through this day (ISO).
    Until(String),
    Months(u32),
}

impl Validity {
    /// The last day in force, counting a period from `start` (ISO).
    fn last_day(self, start: Option<&str>) -> Option<String> {
        match self {
            Validity::Until(day) => Some(day),
            Validity::Months(months) => {
                let (y, m, d) = dates::parse_iso(start?)?;
                let total = i64::from(m) - 1 + i64::from(months);
                let (y, m) = (y + total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
                // The same day N years or months on is the first day out of force; a
                // day the month lacks (29 February) rolls over, as the count does.
                let end = dates::days_from_civil(y, m, d) - 1;
                let (y, m, d) = dates::civil_from_days(end);
                Some(format!("{y:04}-{m:02}-{d:02}"))
            }
        }
    }
}

fn validity_in(sentence: &str, titles: &[(usize, usize, String)]) -> Option<Validity> {
    let own = |c: &regex::Captures| c.get(0).is_some_and(|m| !in_titles(titles, m.start()));
    if let Some(day) = VALID_UNTIL
        .captures_iter(sentence)
        .filter(own)
        .filter_map(|c| iso_from_captures(&c))
        .last()
    {
        return Some(Validity::Until(day));
    }
    let c = VALID_FOR.captures_iter(sentence).filter(own).last()?;
    let n = number(c.name("n")?.as_str())?;
    Some(match c.name("unit")?.as_str() {
        "年" => Validity::Months(n.checked_mul(12)?),
        _ => Validity::Months(n),
    })
}

/// An Arabic or small Chinese number (`5`, `五`, `两`, `十二`).
fn number(text: &str) -> Option<u32> {
    if let Ok(n) = text.parse() {
        return Some(n);
    }
    let digit = |c: char| {
        "零一二三四五六七八九"
            .find(c)
            .map(|i| i as u32 / 3)
            .or((c == '两').then_some(2))
    };
    let chars: Vec<char> = text.chars().collect();
    match chars.as_slice() {
        [c] if *c == '十' => Some(10),
        [c] => digit(*c),
        ['十', u] => Some(10 + digit(*u)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', u] => Some(digit(*t)? * 10 + digit(*u)?),
        _ => None,
    }
}

fn iso_from_captures(c: &regex::Captures) -> Option<String> {
    let y: i64 = c.name("y")?.as_str().parse().ok()?;
    let m: u32 = c.name("m")?.as_str().parse().ok()?;
    let d: u32 = c.name("d")?.as_str().parse().ok()?;
    dates::valid_date(y, m, d).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// Checks a day given to the status queries and returns it in canonical form.
pub fn check_day(today: &str) -> Result<String> {
    let (y, m, d) = dates::parse_iso(today)
        .ok_or_else(|| Error::invalid(format!("'{today}' is not a date: give YYYY-MM-DD")))?;
    Ok(format!("{y:04}-{m:02}-{d:02}"))
}

// ---------------------------------------------------------------------------------
// Status

/// A document's status on `today` (all dates ISO, so they compare as strings).
/// `repealed_from` holds the day each repealing document took effect (None: unknown,
/// taken as already).
pub fn status(
    today: &str,
    effective: Option<&str>,
    expires: Option<&str>,
    repealed_from: &[Option<String>],
) -> Status {
    if repealed_from
        .iter()
        .any(|from| from.as_deref().is_none_or(|f| f <= today))
    {
        Status::Repealed
    } else if expires.is_some_and(|e| e < today) {
        Status::Expired
    } else if effective.is_some_and(|e| e > today) {
        Status::NotYetInForce
    } else {
        Status::InForce
    }
}

// ---------------------------------------------------------------------------------
// Storage

/// Stores what was extracted from one document.
pub(crate) fn write(tx: &Transaction, document_id: i64, extracted: &Extracted) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO document_links (document_id, ordinal, kind, target_key, doc_number, title, clause_path)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (ordinal, r) in extracted.references.iter().enumerate() {
        stmt.execute(params![
            document_id,
            ordinal as i64,
            r.kind.as_str(),
            r.key,
            r.doc_number,
            r.title,
            r.clause_path
        ])?;
    }
    tx.execute(
        "INSERT INTO document_validity (document_id, effective, expires) VALUES (?1, ?2, ?3)",
        params![document_id, extracted.effective, extracted.expires],
    )?;
    Ok(())
}

/// Re-derives every document's links from its stored clauses when they were
/// extracted by another version of [`extract`] (or never, in an archive older than
/// links). One transaction; a second process finds the work done.
pub(crate) fn refresh(conn: &mut Connection) -> Result<()> {
    let current = EXTRACTOR_VERSION.to_string();
    let stored = |conn: &Connection| -> Result<Option<String>> {
        Ok(conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'links_version'",
                [],
                |r| r.get(0),
            )
            .optional()?)
    };
    if stored(conn)?.as_deref() == Some(current.as_str()) {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if stored(&tx)?.as_deref() == Some(current.as_str()) {
        return Ok(());
    }
    tx.execute("DELETE FROM document_links", [])?;
    tx.execute("DELETE FROM document_validity", [])?;
    let documents: Vec<(i64, Option<String>, Option<String>)> = tx
        .prepare("SELECT id, date, doc_number FROM documents")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, date, number) in documents {
        let clauses: Vec<(String, Option<String>, String)> = tx
            .prepare_cached(
                "SELECT path, heading, text FROM clauses WHERE document_id = ?1 ORDER BY ordinal",
            )?
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let texts: Vec<ClauseText> = clauses
            .iter()
            .map(|(path, heading, text)| ClauseText {
                path,
                heading: heading.as_deref(),
                text,
            })
            .collect();
        let extracted = extract(date.as_deref(), number.as_deref(), &texts);
        write(&tx, id, &extracted)?;
    }
    tx.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('links_version', ?1)",
        [current],
    )?;
    tx.commit()?;
    Ok(())
}

/// Which documents a status query covers.
#[derive(Debug, Clone, Copy)]
pub enum Scope<'a> {
    All,
    Issue(i64),
    Document(i64),
    Documents(&'a [i64]),
}

/// The status of every document in `scope` on `today` (ISO). A chronicle (大事记)
/// records events and has no status.
pub fn statuses(conn: &Connection, today: &str, scope: Scope) -> Result<HashMap<i64, Status>> {
    use rusqlite::types::Value;
    let (filter, param) = match scope {
        Scope::All => ("?1 IS NULL", Value::Null),
        Scope::Issue(id) => ("d.issue_id = ?1", Value::Integer(id)),
        Scope::Document(id) => ("d.id = ?1", Value::Integer(id)),
        Scope::Documents(ids) => (
            "d.id IN (SELECT value FROM json_each(?1))",
            Value::Text(serde_json::to_string(ids).map_err(|e| {
                Error::with_source(crate::ErrorKind::Database, "cannot list documents", e)
            })?),
        ),
    };
    let mut repealed: HashMap<i64, Vec<Option<String>>> = HashMap::new();
    // Every search asks for the statuses of its documents, so the statements (two
    // for each kind of scope) are kept prepared.
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT d.id, COALESCE(v.effective, r.date)
           FROM documents d
           JOIN document_links l ON l.target_key = d.doc_number_key AND l.kind = 'repeals'
           JOIN documents r ON r.id = l.document_id
           LEFT JOIN document_validity v ON v.document_id = r.id
          WHERE r.id <> d.id AND ({filter})"
    ))?;
    for row in stmt.query_map([&param], |r| Ok((r.get::<_, i64>(0)?, r.get(1)?)))? {
        let (id, from) = row?;
        repealed.entry(id).or_default().push(from);
    }
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT d.id, COALESCE(v.effective, d.date), v.expires
           FROM documents d LEFT JOIN document_validity v ON v.document_id = d.id
          WHERE d.kind = 'document' AND ({filter})"
    ))?;
    let mut out = HashMap::new();
    for row in stmt.query_map([&param], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, Option<String>>(2)?,
        ))
    })? {
        let (id, effective, expires) = row?;
        let from = repealed.get(&id).map_or(&[][..], Vec::as_slice);
        out.insert(
            id,
            status(today, effective.as_deref(), expires.as_deref(), from),
        );
    }
    Ok(out)
}

const LINKED_SQL: &str =
    "SELECT d.id, d.issue_id, i.gazette, i.year, i.number, d.doc_number, d.title, d.date,
        i.number_label
   FROM documents d JOIN issues i ON i.id = d.issue_id";

fn linked_from_row(r: &rusqlite::Row) -> rusqlite::Result<LinkedDocument> {
    Ok(LinkedDocument {
        id: r.get(0)?,
        issue_id: r.get(1)?,
        gazette: r.get(2)?,
        year: r.get(3)?,
        number: r.get(4)?,
        number_label: r.get(8)?,
        doc_number: r.get(5)?,
        title: r.get(6)?,
        date: r.get(7)?,
    })
}

/// Everything linking to and from document `id`, with its status on `today` (ISO).
pub fn links(conn: &Connection, id: i64, today: &str) -> Result<LinksView> {
    let document = conn
        .query_row(
            &format!("{LINKED_SQL} WHERE d.id = ?1"),
            [id],
            linked_from_row,
        )
        .optional()?
        .ok_or_else(|| Error::not_found(format!("no document with id {id}")))?;
    let (effective, expires): (Option<String>, Option<String>) = conn
        .query_row(
            "SELECT effective, expires FROM document_validity WHERE document_id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .unwrap_or_default();

    // The newest document with the key: a 文号 names one document, and when a
    // gazette reprints it the latest printing is the one a reader wants.
    let mut resolve = conn.prepare(&format!(
        "{LINKED_SQL} WHERE d.doc_number_key = ?1 AND d.id <> ?2
          ORDER BY i.year DESC, i.number DESC, d.id LIMIT 1"
    ))?;
    let mut outgoing = conn.prepare(
        "SELECT kind, target_key, doc_number, title, clause_path FROM document_links
          WHERE document_id = ?1 ORDER BY ordinal",
    )?;
    let rows: Vec<(String, Citation)> = outgoing
        .query_map([id], |r| {
            let doc_number: Option<String> = r.get(2)?;
            let title: Option<String> = r.get(3)?;
            let text = doc_number.clone().or_else(|| title.clone());
            Ok((
                r.get(0)?,
                Citation {
                    doc_number,
                    key: r.get(1)?,
                    title,
                    document: None,
                    mentions: vec![Mention {
                        clause_path: r.get(4)?,
                        text: text.unwrap_or_default(),
                    }],
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut cites: Vec<Citation> = Vec::new();
    let mut repeals: Vec<Citation> = Vec::new();
    for (kind, mut row) in rows {
        let list = if kind == LinkKind::Repeals.as_str() {
            &mut repeals
        } else {
            &mut cites
        };
        // One entry per 文号; a repeal naming only a title is one per title.
        let same = |c: &Citation| c.key == row.key && (row.key.is_some() || c.title == row.title);
        if let Some(existing) = list.iter_mut().find(|c| same(c)) {
            if existing.title.is_none() {
                existing.title = row.title;
            }
            for mention in row.mentions {
                if !existing.mentions.contains(&mention) {
                    existing.mentions.push(mention);
                }
            }
            continue;
        }
        if let Some(key) = &row.key {
            row.document = resolve
                .query_row(params![key, id], linked_from_row)
                .optional()?;
        }
        list.push(row);
    }

    let backlinks = |kind: LinkKind| -> Result<Vec<Backlink>> {
        let mut stmt = conn.prepare(&format!(
            "SELECT * FROM ({LINKED_SQL}) d JOIN document_links l ON l.document_id = d.id
              WHERE l.kind = ?1 AND d.id <> ?2
                AND l.target_key = (SELECT doc_number_key FROM documents WHERE id = ?2)
              ORDER BY d.year DESC, d.number DESC, d.id, l.ordinal"
        ))?;
        let mut out: Vec<Backlink> = Vec::new();
        let rows = stmt.query_map(params![kind.as_str(), id], |r| {
            Ok((linked_from_row(r)?, r.get::<_, String>("clause_path")?))
        })?;
        for row in rows {
            let (document, path) = row?;
            match out.iter_mut().find(|b| b.document.id == document.id) {
                Some(b) if !b.clause_paths.contains(&path) => b.clause_paths.push(path),
                Some(_) => {}
                None => out.push(Backlink {
                    document,
                    clause_paths: vec![path],
                }),
            }
        }
        Ok(out)
    };
    let cited_by = backlinks(LinkKind::Cites)?;
    let repealed_by = backlinks(LinkKind::Repeals)?;
    let status = statuses(conn, today, Scope::Document(id))?.remove(&id);
    Ok(LinksView {
        document,
        status,
        effective,
        expires,
        cites,
        repeals,
        cited_by,
        repealed_by,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Extracted {
        extract(
            Some("2018-08-17"),
            Some("聊政发〔2018〕46号"),
            &[ClauseText {
                path: "一",
                heading: None,
                text,
            }],
        )
    }

    fn numbers(e: &Extracted, kind: LinkKind) -> Vec<String> {
        e.references
            .iter()
            .filter(|r| r.kind == kind)
            .map(|r| {
                r.doc_number
                    .clone()
                    .or_else(|| r.title.clone())
                    .unwrap_or_default()
            })
            .collect()
    }

    #[test]
    fn citations_in_every_bracket_style_with_titles() {
        let e = one(
            "根据《甲办法》（鲁政发〔2018〕9号）、《乙意见》(国发[2016]81号)和《丙通知》（聊政办字【2017】3号）\
             以及京政发（2015）12号精神，贯彻落实国发〔2016〕4号文件。",
        );
        let cites: Vec<(String, Option<String>)> = e
            .references
            .iter()
            .map(|r| (r.doc_number.clone().unwrap_or_default(), r.title.clone()))
            .collect();
        assert_eq!(
            cites,
            [
                ("鲁政发〔2018〕9号".into(), Some("甲办法".into())),
                ("国发[2016]81号".into(), Some("乙意见".into())),
                ("聊政办字【2017】3号".into(), Some("丙通知".into())),
                ("京政发（2015）12号".into(), None),
                ("国发〔2016〕4号".into(), None),
            ]
        );
        assert_eq!(e.references[1].key.as_deref(), Some("国发201681号"));
        assert!(numbers(&e, LinkKind::Repeals).is_empty());
    }

    #[test]
    fn nested_titles_and_the_title_nearest_the_number() {
        let e = one("认真贯彻《关于印发〈纲要（2016-2020年）〉的通知》（鲁发〔2016〕16号）和《甲法》《乙意见》（国发〔2016〕81号）。");
        let titles: Vec<_> = e.references.iter().map(|r| r.title.clone()).collect();
        assert_eq!(
            titles,
            [
                Some("关于印发〈纲要（2016-2020年）〉的通知".to_string()),
                Some("乙意见".to_string())
            ]
        );
    }

    #[test]
    fn decree_numbers() {
        let e = one("依据《某条例》（国务院令第708号）和中华人民共和国国务院令（第715号），参照山东省人民政府令第311号。");
        let keys: Vec<_> = e.references.iter().filter_map(|r| r.key.clone()).collect();
        assert_eq!(
            keys,
            [
                "国务院令第708号",
                "国务院令第715号",
                "山东省人民政府令第311号"
            ]
        );
        assert_eq!(e.references[0].title.as_deref(), Some("某条例"));
    }

    #[test]
    fn own_number_is_not_a_citation() {
        let e = one("本意见（聊政发〔2018〕46号）由市政府办公室负责解释。");
        assert!(e.references.is_empty());
        let e = one("国函〔2019〕38号\n住房城乡建设部：");
        assert!(e.references.is_empty());
    }

    #[test]
    fn repeal_with_basis_and_several_targets() {
        let e = one(
            "根据《某条例》（国务院令第708号）规定，《甲办法》（聊政发〔2013〕70号）、\
             《乙办法》（聊政办发〔2014〕5号）和《丙规定》同时废止。",
        );
        assert_eq!(
            numbers(&e, LinkKind::Repeals),
            ["聊政发〔2013〕70号", "聊政办发〔2014〕5号", "丙规定"]
        );
        assert_eq!(numbers(&e, LinkKind::Cites).len(), 3);
    }

    #[test]
    fn repeal_verb_first_and_listed() {
        let e = extract(
            Some("2019-01-01"),
            None,
            &[
                ClauseText {
                    path: "五",
                    heading: None,
                    text: "本办法施行后，下列文件停止执行：",
                },
                ClauseText {
                    path: "五/1",
                    heading: None,
                    text: "《甲规定》（鲁政字(2010)7号）；",
                },
                ClauseText {
                    path: "五/2",
                    heading: None,
                    text: "《乙规定》。",
                },
                ClauseText {
                    path: "六",
                    heading: None,
                    text: "《丙规定》仍然有效。",
                },
            ],
        );
        assert_eq!(
            numbers(&e, LinkKind::Repeals),
            ["鲁政字(2010)7号", "乙规定"]
        );
        let e = one("决定废止《甲规定》（聊政发〔2011〕2号）。");
        assert_eq!(numbers(&e, LinkKind::Repeals), ["聊政发〔2011〕2号"]);
    }

    #[test]
    fn words_inside_a_cited_title_belong_to_that_document() {
        let e = one("《市政府关于废止部分规范性文件的决定》（聊政发〔2019〕1号）已经印发。");
        assert!(numbers(&e, LinkKind::Repeals).is_empty());
        assert_eq!(numbers(&e, LinkKind::Cites), ["聊政发〔2019〕1号"]);
        let e = one("落实《关于有效期至2020年12月31日的政策自2019年1月1日起施行的说明》。");
        assert_eq!(e.effective.as_deref(), Some("2018-08-17"));
        assert_eq!(e.expires, None);
        // Spaced titles keep their offsets: the basis check still finds 根据.
        let e =
            one("根据《 某条例 》（国务院令第708号），《 甲办法 》（聊政发〔2013〕70号）废止。");
        assert_eq!(numbers(&e, LinkKind::Repeals), ["聊政发〔2013〕70号"]);
    }

    #[test]
    fn repeal_words_without_a_named_document_repeal_nothing() {
        let e =
            one("对违规企业停止执行相关优惠政策；可以立即停止执行的，同时启动修改或废止规章程序。");
        assert!(e.references.is_empty());
        let e = one("2013年市政府出台《甲意见》（聊政发〔2013〕70号）以来，成效明显。");
        assert!(numbers(&e, LinkKind::Repeals).is_empty());
        assert_eq!(numbers(&e, LinkKind::Cites), ["聊政发〔2013〕70号"]);
    }

    #[test]
    fn continuation_markers_inside_a_sentence_are_layout() {
        let e = one("《甲意见》（聊政发〔2013〕（下转第27页）70号）同时废止；引导上下转诊。");
        assert_eq!(numbers(&e, LinkKind::Repeals), ["聊政发〔2013〕70号"]);
        assert_eq!(e.references[0].key.as_deref(), Some("聊政发201370号"));
    }

    #[test]
    fn effective_and_validity() {
        let e = one("本意见自印发之日起施行，有效期为5年。");
        assert_eq!(e.effective.as_deref(), Some("2018-08-17"));
        assert_eq!(e.expires.as_deref(), Some("2023-08-16"));

        let e = one("本办法自2019年6月1日起施行，有效期至2024年5月31日。");
        assert_eq!(e.effective.as_deref(), Some("2019-06-01"));
        assert_eq!(e.expires.as_deref(), Some("2024-05-31"));

        let e = one("本规定自2020年3月1日起实施，有效期两年。");
        assert_eq!(e.expires.as_deref(), Some("2022-02-28"));

        let e = one("本通知自发布之日起执行，有效期18个月。");
        assert_eq!(e.expires.as_deref(), Some("2020-02-16"));

        let e = one("自2013年1月1日起施行的《甲办法》已不适应需要；加强药品有效期管理。");
        assert_eq!(e.effective.as_deref(), Some("2018-08-17"));
        assert_eq!(e.expires, None);
    }

    #[test]
    fn any_cut_of_tricky_text_extracts_without_panicking() {
        let text = "根据《 甲〈乙〉办法 》（聊政发〔2013〕（下转第2页）70号）、中华人民共和国国务院令（第7号）\
                    和《丙》同时废止：自2019年2月29日起施行，有效期十二个月；有效期至2020年13月1日。";
        let chars: Vec<char> = text.chars().collect();
        for start in 0..chars.len() {
            for end in start..=chars.len() {
                let cut: String = chars[start..end].iter().collect();
                one(&cut);
            }
        }
    }

    #[test]
    fn leap_day_periods_roll_over() {
        assert_eq!(
            Validity::Months(12).last_day(Some("2020-02-29")).as_deref(),
            Some("2021-02-28")
        );
        assert_eq!(number("十二"), Some(12));
        assert_eq!(number("三十"), Some(30));
        assert_eq!(number("两"), Some(2));
    }

    #[test]
    fn statuses_on_a_day() {
        let s = |today| status(today, Some("2018-08-17"), Some("2023-08-16"), &[]);
        assert_eq!(s("2018-08-16"), Status::NotYetInForce);
        assert_eq!(s("2023-08-16"), Status::InForce);
        assert_eq!(s("2023-08-17"), Status::Expired);
        let later = [Some("2030-01-01".to_string())];
        assert_eq!(status("2020-01-01", None, None, &later), Status::InForce);
        assert_eq!(status("2030-01-01", None, None, &later), Status::Repealed);
        assert_eq!(check_day("2026-2-3").ok().as_deref(), Some("2026-02-03"));
        assert!(check_day("2026-02-30").is_err());
    }
}
