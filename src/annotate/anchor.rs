//! Finding an anchor in the current text of its issue. Three tries, in order:
//! 1. exact: the clause at the anchor's path still holds the quote at its position;
//! 2. quote: the exact quote elsewhere (in the anchor's document, or anywhere in the
//!    issue when the document is gone), the occurrence whose surrounding text agrees
//!    best with the stored prefix and suffix;
//! 3. fuzzy: the clause substring closest in edit distance to prefix + quote + suffix
//!    (Sellers' approximate substring match), accepted when at most a quarter of its
//!    characters differ; the quote is whatever the alignment maps the old quote onto.
//!
//! Context takes part in the fuzzy match because a corrected quote is often short
//! (`建立有效的信息共享机制` → `建立健全跨部门政务信息共享机制` differs in more than half of
//! its characters) while the sentence around it is unchanged.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};

use super::{Anchor, Method, Quote};
use crate::docnum;
use crate::error::Result;
use crate::views::IssueKey;

/// Characters of context kept on each side of a quote.
const CONTEXT: usize = 32;

/// An alignment costs one per inserted, deleted or substituted character; a match is
/// accepted when its cost is at most this fraction of the pattern's length.
const MAX_DIFFERENCE: f64 = 0.25;

/// The largest alignment matrix (pattern × clause characters) worth computing, so a
/// huge quote from an imported file cannot exhaust memory.
const MAX_CELLS: usize = 16_000_000;

/// The text of one issue of the archive, as anchors see it.
pub(crate) struct IssueText {
    pub key: IssueKey,
    pub docs: Vec<DocText>,
}

pub(crate) struct DocText {
    pub ordinal: u32,
    pub number: Option<String>,
    key: Option<String>,
    pub title: String,
    pub clauses: Vec<ClauseText>,
}

pub(crate) struct ClauseText {
    pub path: String,
    pub text: Vec<char>,
    pub page: Option<u32>,
}

/// Where an anchor was found: indexes into [`IssueText::docs`] and its clauses, and
/// the character range of the quote.
pub(crate) struct Found {
    pub doc: usize,
    pub clause: usize,
    pub start: usize,
    pub end: usize,
    pub method: Method,
}

impl IssueText {
    /// The current edition of an issue, or None when it is not in the archive.
    pub fn load(conn: &Connection, key: &IssueKey) -> Result<Option<IssueText>> {
        let issue_id: Option<i64> = conn
            .query_row(
                "SELECT id FROM issues WHERE gazette = ?1 AND year = ?2 AND number = ?3",
                params![key.gazette, key.year, key.number],
                |r| r.get(0),
            )
            .optional()?;
        let Some(issue_id) = issue_id else {
            return Ok(None);
        };
        let mut docs_stmt = conn.prepare(
            "SELECT id, ordinal, doc_number, title FROM documents WHERE issue_id = ?1
              ORDER BY ordinal",
        )?;
        let mut clauses_stmt = conn.prepare(
            "SELECT path, text, page FROM clauses WHERE document_id = ?1 ORDER BY ordinal",
        )?;
        let rows: Vec<(i64, u32, Option<String>, String)> = docs_stmt
            .query_map([issue_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut docs = Vec::with_capacity(rows.len());
        for (id, ordinal, number, title) in rows {
            let clauses = clauses_stmt
                .query_map([id], |r| {
                    Ok(ClauseText {
                        path: r.get(0)?,
                        text: r.get::<_, String>(1)?.chars().collect(),
                        page: r.get(2)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            docs.push(DocText {
                ordinal,
                key: number.as_deref().map(docnum::key),
                number,
                title,
                clauses,
            });
        }
        Ok(Some(IssueText {
            key: key.clone(),
            docs,
        }))
    }

    /// The document at `ordinal` and its clause at `path`.
    pub fn clause(&self, ordinal: u32, path: &str) -> Option<(usize, usize)> {
        let doc = self.docs.iter().position(|d| d.ordinal == ordinal)?;
        let clause = self.docs[doc].clauses.iter().position(|c| c.path == path)?;
        Some((doc, clause))
    }

    /// The anchor of characters `start..end` of a clause, with context.
    pub fn anchor_at(&self, doc: usize, clause: usize, start: usize, end: usize) -> Anchor {
        let d = &self.docs[doc];
        let c = &d.clauses[clause];
        let slice = |from: usize, to: usize| -> String { c.text[from..to].iter().collect() };
        Anchor {
            issue: self.key.clone(),
            doc_number: d.number.clone(),
            doc_ordinal: d.ordinal,
            doc_title: d.title.clone(),
            path: c.path.clone(),
            quote: Quote {
                exact: slice(start, end),
                prefix: slice(start.saturating_sub(CONTEXT), start),
                suffix: slice(end, (end + CONTEXT).min(c.text.len())),
            },
            start: start as u32,
            end: end as u32,
            page: c.page,
        }
    }

    /// The document an anchor names: by 文号 (the one at the same position when the
    /// number repeats); without one, by title, preferring the same position, else the
    /// unnumbered document at the same position (its title may have been corrected).
    fn document(&self, anchor: &Anchor) -> Option<usize> {
        let same_position = |d: &DocText| d.ordinal == anchor.doc_ordinal;
        match &anchor.doc_number {
            Some(number) => {
                let key = docnum::key(number);
                let numbered = |d: &DocText| d.key.as_deref() == Some(key.as_str());
                self.first(|d| numbered(d) && same_position(d))
                    .or_else(|| self.first(numbered))
            }
            None => {
                let titled = |d: &DocText| d.title == anchor.doc_title;
                self.first(|d| titled(d) && same_position(d))
                    .or_else(|| self.first(titled))
                    .or_else(|| self.first(|d| d.key.is_none() && same_position(d)))
            }
        }
    }

    fn first(&self, wanted: impl Fn(&DocText) -> bool) -> Option<usize> {
        self.docs.iter().position(wanted)
    }

    /// Finds an anchor in this issue; None means it is orphaned.
    pub fn locate(&self, anchor: &Anchor) -> Option<Found> {
        let doc = self.document(anchor);
        let exact: Vec<char> = anchor.quote.exact.chars().collect();
        if let Some(d) = doc {
            if let Some(clause) = self.docs[d]
                .clauses
                .iter()
                .position(|c| c.path == anchor.path)
            {
                let (start, end) = (anchor.start as usize, anchor.end as usize);
                if self.docs[d].clauses[clause].text.get(start..end) == Some(&exact[..]) {
                    return Some(Found {
                        doc: d,
                        clause,
                        start,
                        end,
                        method: Method::Exact,
                    });
                }
            }
        }
        if exact.is_empty() {
            // An empty clause is found by its path alone.
            return None;
        }
        let scope: Vec<(usize, usize)> = match doc {
            Some(d) => (0..self.docs[d].clauses.len()).map(|c| (d, c)).collect(),
            None => (0..self.docs.len())
                .flat_map(|d| (0..self.docs[d].clauses.len()).map(move |c| (d, c)))
                .collect(),
        };
        self.by_quote(anchor, &exact, &scope)
            .or_else(|| self.by_fuzzy_match(anchor, &exact, &scope))
    }

    /// The occurrence of the exact quote whose surroundings agree most with the stored
    /// context; ties go to the anchor's own clause, then to the nearest position.
    fn by_quote(&self, anchor: &Anchor, exact: &[char], scope: &[(usize, usize)]) -> Option<Found> {
        let prefix: Vec<char> = anchor.quote.prefix.chars().collect();
        let suffix: Vec<char> = anchor.quote.suffix.chars().collect();
        let occurrences = scope.iter().flat_map(|&(doc, clause)| {
            let c = &self.docs[doc].clauses[clause];
            find_all(&c.text, exact).map(move |start| (doc, clause, c, start))
        });
        let (doc, clause, _, start) = occurrences.max_by_key(|&(_, _, c, start)| {
            let end = start + exact.len();
            let before = c.text[..start]
                .iter()
                .rev()
                .zip(prefix.iter().rev())
                .take_while(|(a, b)| a == b)
                .count();
            let after = c.text[end..]
                .iter()
                .zip(&suffix)
                .take_while(|(a, b)| a == b)
                .count();
            (
                before + after,
                c.path == anchor.path,
                std::cmp::Reverse(start.abs_diff(anchor.start as usize)),
            )
        })?;
        Some(Found {
            doc,
            clause,
            start,
            end: start + exact.len(),
            method: Method::Quote,
        })
    }

    /// The clause substring closest to the quote with its context, when close enough;
    /// ties go to the anchor's own clause.
    fn by_fuzzy_match(
        &self,
        anchor: &Anchor,
        exact: &[char],
        scope: &[(usize, usize)],
    ) -> Option<Found> {
        let prefix: Vec<char> = anchor.quote.prefix.chars().collect();
        let suffix: Vec<char> = anchor.quote.suffix.chars().collect();
        let pattern: Vec<char> = [&prefix[..], exact, &suffix[..]].concat();
        let quote_at = (prefix.len(), prefix.len() + exact.len());
        let max_cost = (pattern.len() as f64 * MAX_DIFFERENCE).floor() as usize;
        let (doc, clause, m) = scope
            .iter()
            .filter_map(|&(doc, clause)| {
                let text = &self.docs[doc].clauses[clause].text;
                if !shares_enough_bigrams(&pattern, text, max_cost) {
                    return None;
                }
                let m = align(&pattern, text, quote_at)?;
                (m.cost <= max_cost && m.start < m.end).then_some((doc, clause, m))
            })
            .min_by_key(|(doc, clause, m)| {
                (m.cost, self.docs[*doc].clauses[*clause].path != anchor.path)
            })?;
        Some(Found {
            doc,
            clause,
            start: m.start,
            end: m.end,
            method: Method::Fuzzy,
        })
    }
}

/// Start offsets of every occurrence of `needle` in `hay` (overlapping ones too).
pub(crate) fn find_all<'a>(
    hay: &'a [char],
    needle: &'a [char],
) -> impl Iterator<Item = usize> + 'a {
    hay.windows(needle.len().max(1))
        .enumerate()
        .filter(move |(_, w)| !needle.is_empty() && *w == needle)
        .map(|(i, _)| i)
}

/// A cheap necessary condition for an alignment of cost at most `max_cost` (the q-gram
/// lemma): each edit destroys at most two of the pattern's character bigrams, so a
/// close enough substring shares at least `bigrams − 2·max_cost` of them with `text`.
fn shares_enough_bigrams(pattern: &[char], text: &[char], max_cost: usize) -> bool {
    let needed = pattern.len().saturating_sub(1).saturating_sub(2 * max_cost);
    if needed == 0 {
        return true;
    }
    let mut wanted: HashMap<(char, char), usize> = HashMap::new();
    for w in pattern.windows(2) {
        *wanted.entry((w[0], w[1])).or_default() += 1;
    }
    let mut shared = 0;
    for w in text.windows(2) {
        if let Some(n) = wanted.get_mut(&(w[0], w[1])).filter(|n| **n > 0) {
            *n -= 1;
            shared += 1;
        }
    }
    shared >= needed
}

/// The best approximate occurrence of a pattern in a text, and where the pattern's
/// quote (`quote_at`, a range of pattern positions) landed in the text.
struct Alignment {
    cost: usize,
    start: usize,
    end: usize,
}

/// Sellers' algorithm: edit distance of `pattern` against the best-matching substring
/// of `text` (free start and end in the text), then a trace back through the matrix to
/// map the quote's boundaries. Text inserted right at a boundary counts as part of the
/// quote, so a phrase that grew keeps all of its new words.
fn align(pattern: &[char], text: &[char], quote_at: (usize, usize)) -> Option<Alignment> {
    let (m, n) = (pattern.len(), text.len());
    let width = n + 1;
    if m == 0 || (m + 1).saturating_mul(width) > MAX_CELLS {
        return None;
    }
    let mut d = vec![0usize; (m + 1) * width];
    for i in 1..=m {
        d[i * width] = i;
        for j in 1..=n {
            let substitute =
                d[(i - 1) * width + j - 1] + usize::from(pattern[i - 1] != text[j - 1]);
            let skip_pattern = d[(i - 1) * width + j] + 1;
            let skip_text = d[i * width + j - 1] + 1;
            d[i * width + j] = substitute.min(skip_pattern).min(skip_text);
        }
    }
    let last = &d[m * width..];
    let (mut j, cost) = last
        .iter()
        .enumerate()
        .min_by_key(|(j, cost)| (**cost, *j))
        .map(|(j, c)| (j, *c))?;
    let (mut i, mut start, mut end) = (m, usize::MAX, 0);
    loop {
        if i == quote_at.0 {
            start = start.min(j);
        }
        if i == quote_at.1 {
            end = end.max(j);
        }
        if i == 0 {
            break;
        }
        let here = d[i * width + j];
        if j > 0 && here == d[(i - 1) * width + j - 1] + usize::from(pattern[i - 1] != text[j - 1])
        {
            i -= 1;
            j -= 1;
        } else if here == d[(i - 1) * width + j] + 1 {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    Some(Alignment { cost, start, end })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn alignment_maps_a_reworded_quote() {
        let old_prefix = "真实地公开政务信息，";
        let old_quote = "建立有效的信息共享机制";
        let old_suffix = "。坚持“以公开为常态";
        let pattern = chars(&format!("{old_prefix}{old_quote}{old_suffix}"));
        let text = chars("全面、及时、准确、真实地公开政务信息，建立健全跨部门政务信息共享机制。坚持“以公开为常态、不公开为例外”原则");
        let at = (
            chars(old_prefix).len(),
            chars(old_prefix).len() + chars(old_quote).len(),
        );
        let m = align(&pattern, &text, at).expect("aligned");
        let found: String = text[m.start..m.end].iter().collect();
        assert_eq!(found, "建立健全跨部门政务信息共享机制");
        assert_eq!(m.cost, 7);
    }

    #[test]
    fn bigram_filter_keeps_close_text_and_drops_unrelated() {
        let pattern = chars("加大政务信息公开力度");
        assert!(shares_enough_bigrams(
            &pattern,
            &chars("进一步加大政务信息的公开力度"),
            2
        ));
        assert!(!shares_enough_bigrams(
            &pattern,
            &chars("健全信用权益保护和信用修复机制"),
            2
        ));
    }

    #[test]
    fn finds_every_occurrence() {
        let hay = chars("信用信用信");
        assert_eq!(
            find_all(&hay, &chars("信用")).collect::<Vec<_>>(),
            vec![0, 2]
        );
        assert_eq!(find_all(&hay, &[]).count(), 0);
    }
}
