//! Extraction: a document's references, effective date and expiry, read from its
//! date and clause texts. A pure function, run at import and again whenever
//! [`super::EXTRACTOR_VERSION`] changes.

use std::sync::LazyLock;

use regex::Regex;

use super::titles::top_level_titles;
use super::{ClauseText, Extracted, LinkKind, Reference};
use crate::dates;
use crate::docnum;
use crate::error::{Error, Result};
use crate::model::{Clause, Document};

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
    let mut out = extract(
        document.date.as_deref(),
        document.doc_number.as_deref(),
        &flat,
    );
    out.references
        .extend(super::amend::amends(&document.title, &flat));
    out
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
