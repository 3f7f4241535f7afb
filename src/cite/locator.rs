//! From a clause path to the words that locate the clause in a citation. Policy
//! documents number 一、 → （一） → 1. → （1）, cited as 第二部分 → 第（一）项 → 第1目 →
//! 第（1）点 (the 项/目 of the legislative drafting rules); regulations are cited by
//! article, paragraph (款, unnumbered in print, so counted) and item, with their
//! chapters and sections left out because articles are numbered through the whole text.

use super::walk;
use crate::error::{Error, Result};
use crate::views::{ClauseView, DocumentView};

/// A clause of a document, with the clauses above it, and possibly one paragraph of it.
pub(super) struct Target<'a> {
    /// From the top-level clause down to the cited one.
    chain: Vec<&'a ClauseView>,
    /// 1-based paragraph (款) of the cited clause.
    paragraph: Option<usize>,
}

impl<'a> Target<'a> {
    /// Finds the clause `spec` names: a full path, or the tail of exactly one path,
    /// optionally followed by `/第二款` (or `/第2款`).
    pub(super) fn find(document: &'a DocumentView, spec: &str) -> Result<Target<'a>> {
        let spec = spec.trim().trim_matches('/');
        let (path, paragraph) = match spec.rsplit_once('/') {
            Some((head, last)) => match paragraph_number(last) {
                Some(n) => (head, Some(n)),
                None => (spec, None),
            },
            None => (spec, None),
        };
        let mut all = Vec::new();
        walk(&document.clauses, &mut Vec::new(), &mut all);
        let chain = match all.iter().position(|c| path_of(c) == path) {
            Some(at) => all.swap_remove(at),
            None => {
                let tail = format!("/{path}");
                let mut found: Vec<Vec<&ClauseView>> = all
                    .into_iter()
                    .filter(|c| path_of(c).ends_with(&tail))
                    .collect();
                match found.len() {
                    1 => found.swap_remove(0),
                    0 => {
                        return Err(Error::not_found(format!(
                            "document {} has no clause {path}",
                            document.id
                        )))
                    }
                    _ => {
                        let paths: Vec<&str> = found.iter().map(|c| path_of(c)).collect();
                        return Err(Error::invalid(format!(
                            "clause {path} is ambiguous: give one of {}",
                            paths.join(", ")
                        )));
                    }
                }
            }
        };
        let target = Target { chain, paragraph };
        if let Some(n) = paragraph {
            let count = paragraphs(target.clause()).len();
            if n > count {
                return Err(Error::not_found(format!(
                    "clause {path} has {count} paragraph(s), not {n}"
                )));
            }
        }
        Ok(target)
    }

    /// The cited clause.
    pub(super) fn clause(&self) -> &'a ClauseView {
        self.chain[self.chain.len() - 1]
    }

    /// The cited words: the paragraph, else the clause's text, else its heading.
    pub(super) fn quote(&self) -> String {
        let clause = self.clause();
        if let Some(n) = self.paragraph {
            return paragraphs(clause)[n - 1].to_string();
        }
        if clause.text.trim().is_empty() {
            clause.heading.clone().unwrap_or_default()
        } else {
            clause.text.trim().to_string()
        }
    }

    /// `第二部分第（一）项`, `第十二条第二款`, `“2日”条`.
    pub(super) fn locator(&self, document: &DocumentView) -> String {
        let chronicle = document.kind == "chronicle";
        let from = self
            .chain
            .iter()
            .rposition(|c| is_article(&c.label))
            .unwrap_or(0);
        let mut out = String::new();
        for (at, clause) in self.chain.iter().enumerate().skip(from) {
            let label = clause.label.as_str();
            out.push_str(&part(label, chronicle));
            let last = at + 1 == self.chain.len();
            if !is_article(label) {
                continue;
            }
            // Items belong to the article's last paragraph; an article of one
            // paragraph is cited without counting it.
            let count = paragraphs(clause).len();
            let paragraph = match (last, self.paragraph) {
                (true, Some(n)) => Some(n),
                (false, _) if count > 1 => Some(count),
                _ => None,
            };
            if let Some(n) = paragraph {
                out.push_str(&format!("第{}款", chinese_number(n)));
            }
        }
        out
    }
}

/// How one level of a path is cited.
fn part(label: &str, chronicle: bool) -> String {
    if let Some(n) = label.strip_prefix('¶') {
        return format!("第{n}段");
    }
    if chronicle {
        return format!("“{label}”条");
    }
    let bracketed = label
        .strip_prefix(['（', '('])
        .and_then(|l| l.strip_suffix(['）', ')']));
    match bracketed {
        Some(inner) if is_chinese_numeral(inner) => format!("第{label}项"),
        Some(_) => format!("第{label}点"),
        None if is_chinese_numeral(label) => format!("第{label}部分"),
        None if label.chars().all(|c| c.is_ascii_digit()) && !label.is_empty() => {
            format!("第{label}目")
        }
        None if label.chars().all(|c| ('①'..='⑳').contains(&c)) && !label.is_empty() => {
            format!("第{label}点")
        }
        // 第十二条, 第一章, 第二节 and anything unforeseen are cited as printed.
        None => label.to_string(),
    }
}

fn is_article(label: &str) -> bool {
    label.starts_with('第') && label.ends_with('条')
}

fn is_chinese_numeral(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| "一二三四五六七八九十百零〇".contains(c))
}

/// A clause's own paragraphs, without blank lines.
fn paragraphs(clause: &ClauseView) -> Vec<&str> {
    clause
        .text
        .split('\n')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// `第二款` or `第2款` → 2.
fn paragraph_number(segment: &str) -> Option<usize> {
    let inner = segment.strip_prefix('第')?.strip_suffix('款')?;
    if let Ok(n) = inner.parse::<usize>() {
        return (n > 0).then_some(n);
    }
    // Matching against the numbers as written keeps one rule for both directions.
    (1..=99).find(|&n| chinese_number(n) == inner)
}

/// 1 → 一, 12 → 十二, 20 → 二十, 105 → 一百零五 (for numbers below 1000; larger ones
/// are written in Arabic digits, as no document has that many paragraphs).
pub(super) fn chinese_number(n: usize) -> String {
    const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    // A zero in the last place is not written: 二十, 三百.
    let ones = |d: usize| DIGITS.get(d).filter(|_| d > 0).map(char::to_string);
    match n {
        0..=9 => DIGITS[n].to_string(),
        10..=19 => format!("十{}", ones(n - 10).unwrap_or_default()),
        20..=99 => format!("{}十{}", DIGITS[n / 10], ones(n % 10).unwrap_or_default()),
        100..=999 => {
            let rest = n % 100;
            let tail = match rest {
                0 => String::new(),
                1..=9 => format!("零{}", DIGITS[rest]),
                10..=19 => format!("一{}", chinese_number(rest)),
                _ => chinese_number(rest),
            };
            format!("{}百{tail}", DIGITS[n / 100])
        }
        _ => n.to_string(),
    }
}

fn path_of<'a>(chain: &[&'a ClauseView]) -> &'a str {
    chain.last().map_or("", |c| c.path.as_str())
}
