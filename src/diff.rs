//! Two versions of a document compared clause by clause: clauses are aligned by
//! their path (an article by its number alone, since amendments move articles between
//! chapters), and reported as added, removed or changed, with the changed words
//! marked inside a changed clause. Formatting-only variants never count as changes:
//! full- and half-width forms, white space, `、` after a number or between items, and
//! bracket styles are compared in one normal form, while the words shown are the
//! printed ones.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::views::{ClauseView, DocumentView};

mod renumber;

/// Longest pair of clause texts (in characters multiplied) compared word by word;
/// beyond it a changed clause is shown whole as removed and added.
const MAX_CELLS: usize = 4_000_000;

/// How a clause differs between the two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Only in the newer version.
    Added,
    /// Only in the older version.
    Removed,
    /// In both, with different words.
    Changed,
}

/// Whether a run of text is in both versions or only one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Run {
    /// In both.
    Same,
    /// Only in the newer version.
    Added,
    /// Only in the older version.
    Removed,
}

/// A run of a clause's text, as printed in the version it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Segment {
    /// In both versions or one.
    pub run: Run,
    /// The text.
    pub text: String,
}

/// One clause that differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClauseDiff {
    /// What the clauses were aligned by (`第十二条`, `二/（一）`).
    pub key: String,
    /// Its path in the older version.
    pub old_path: Option<String>,
    /// Its path in the newer version.
    pub new_path: Option<String>,
    /// Added, removed or changed.
    pub change: Change,
    /// The text with the changed words marked (the whole text for an added or
    /// removed clause).
    pub segments: Vec<Segment>,
}

/// `gazette diff`: what changed from one version of a document to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DiffView {
    /// Row id of the older version.
    pub old_id: i64,
    /// Row id of the newer version.
    pub new_id: i64,
    /// The clauses that differ, in the newer version's order (removed ones where they
    /// stood).
    pub clauses: Vec<ClauseDiff>,
    /// Clauses the same in both, formatting aside.
    pub unchanged: u32,
}

/// One clause's comparable text: heading and paragraphs.
struct Unit<'a> {
    key: String,
    clause: &'a ClauseView,
}

impl Unit<'_> {
    fn text(&self) -> String {
        let c = self.clause;
        match (&c.heading, c.text.trim().is_empty()) {
            (Some(h), true) => h.clone(),
            (Some(h), false) => format!("{h}\n{}", c.text.trim()),
            (None, _) => c.text.trim().to_string(),
        }
    }
}

/// Compares two versions of a document.
pub fn diff(old: &DocumentView, new: &DocumentView) -> DiffView {
    let before = units(&old.clauses);
    let after = units(&new.clauses);
    let moves = renumber::alignment(&before, &after);
    // What each older clause is aligned by: its key with its article renumbered as the
    // newer version numbers it; none for an article the newer version has not kept.
    let aligned: Vec<Option<String>> = before
        .iter()
        .map(|u| renumber::aligned(&u.key, &moves))
        .collect();
    let mut old_at: HashMap<&str, usize> = HashMap::new();
    for (i, key) in aligned.iter().enumerate() {
        if let Some(key) = key {
            old_at.entry(key.as_str()).or_insert(i);
        }
    }
    let new_keys: HashSet<&str> = after.iter().map(|u| u.key.as_str()).collect();
    let mut clauses = Vec::new();
    let mut unchanged = 0;
    // Removed clauses are reported where they stood: after the clause they followed,
    // or before the first kept clause that followed them, so the list reads like the
    // document.
    let mut removed = aligned
        .iter()
        .enumerate()
        .filter(|(_, key)| key.as_deref().is_none_or(|k| !new_keys.contains(k)))
        .map(|(i, _)| i)
        .peekable();
    for unit in &after {
        let matched = old_at.get(unit.key.as_str()).copied();
        if let Some(at) = matched {
            while let Some(r) = removed.next_if(|&r| r < at) {
                clauses.push(whole(&before[r], Change::Removed));
            }
        }
        match matched {
            None => clauses.push(whole(unit, Change::Added)),
            Some(at) => {
                let previous = &before[at];
                let (a, b) = (previous.text(), unit.text());
                if normal(&a) == normal(&b) {
                    unchanged += 1;
                } else {
                    clauses.push(ClauseDiff {
                        key: unit.key.clone(),
                        old_path: Some(previous.clause.path.clone()),
                        new_path: Some(unit.clause.path.clone()),
                        change: Change::Changed,
                        segments: words(&a, &b),
                    });
                }
                // Clauses removed right after this one in the old order follow it here.
                let mut expected = at + 1;
                while let Some(r) = removed.next_if_eq(&expected) {
                    clauses.push(whole(&before[r], Change::Removed));
                    expected += 1;
                }
            }
        }
    }
    for r in removed {
        clauses.push(whole(&before[r], Change::Removed));
    }
    DiffView {
        old_id: old.id,
        new_id: new.id,
        clauses,
        unchanged,
    }
}

fn whole(unit: &Unit, change: Change) -> ClauseDiff {
    let (run, old_path, new_path) = match change {
        Change::Removed => (Run::Removed, Some(unit.clause.path.clone()), None),
        _ => (Run::Added, None, Some(unit.clause.path.clone())),
    };
    ClauseDiff {
        key: unit.key.clone(),
        old_path,
        new_path,
        change,
        segments: vec![Segment {
            run,
            text: unit.text(),
        }],
    }
}

/// Every clause of a tree in reading order with its alignment key: the path from the
/// last article down (articles are numbered through the whole text), else the whole
/// path, in normal form so `（一）` and `(一)` align. A history note (题注) differs
/// from version to version by design and is left out, and the unnumbered paragraphs
/// around it are counted without it, so the preamble of a version republished with a
/// note aligns with the preamble of the version before.
fn units(clauses: &[ClauseView]) -> Vec<Unit<'_>> {
    fn walk<'a>(clauses: &'a [ClauseView], out: &mut Vec<Unit<'a>>) {
        for clause in clauses {
            let segments: Vec<&str> = clause.path.split('/').collect();
            let from = segments
                .iter()
                .rposition(|s| s.starts_with('第') && s.ends_with('条'))
                .unwrap_or(0);
            let key = segments[from..]
                .iter()
                .map(|s| normal(s))
                .collect::<Vec<_>>()
                .join("/");
            out.push(Unit { key, clause });
            walk(&clause.children, out);
        }
    }
    let mut out = Vec::new();
    let mut unnumbered = 0;
    for clause in clauses {
        if clause.path.starts_with('¶') {
            if crate::links::is_history_note(&clause.text) {
                continue;
            }
            unnumbered += 1;
            let before = out.len();
            walk(std::slice::from_ref(clause), &mut out);
            let own = format!("¶{unnumbered}");
            for unit in &mut out[before..] {
                unit.key = unit.key.replacen(clause.path.as_str(), &own, 1);
            }
        } else {
            walk(std::slice::from_ref(clause), &mut out);
        }
    }
    out
}

/// A character in the form comparison sees: full-width forms folded (NFKC), every
/// bracket style as `(` `)`; white space and `、` are nothing.
fn fold(c: char) -> impl Iterator<Item = char> {
    std::iter::once(c).nfkc().filter_map(|n| match n {
        '〔' | '[' | '【' | '〖' | '{' | '［' => Some('('),
        '〕' | ']' | '】' | '〗' | '}' | '］' => Some(')'),
        '、' => None,
        n if n.is_whitespace() => None,
        n => Some(n),
    })
}

/// A text in the form comparison sees.
pub fn normal(text: &str) -> String {
    text.chars().flat_map(fold).collect()
}

/// The newer text with its words marked against the older: a longest common
/// subsequence of the normal forms, shown in printed characters. Runs of removed
/// text come before the added text that replaces them.
fn words(old: &str, new: &str) -> Vec<Segment> {
    let folded = |text: &str| -> Vec<(String, char)> {
        text.chars()
            .map(|c| (fold(c).collect::<String>(), c))
            .collect()
    };
    let (a, b) = (folded(old), folded(new));
    let (n, m) = (a.len(), b.len());
    if n.saturating_mul(m) > MAX_CELLS {
        return vec![
            Segment {
                run: Run::Removed,
                text: old.to_string(),
            },
            Segment {
                run: Run::Added,
                text: new.to_string(),
            },
        ];
    }
    // Characters that fold to nothing match anything: they are formatting.
    let same = |i: usize, j: usize| a[i].0 == b[j].0;
    let common = Common::new(n, m, same);
    let mut out: Vec<Segment> = Vec::new();
    let mut push = |run: Run, c: char| match out.last_mut() {
        Some(last) if last.run == run => last.text.push(c),
        _ => out.push(Segment {
            run,
            text: c.to_string(),
        }),
    };
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && same(i, j) {
            push(Run::Same, b[j].1);
            i += 1;
            j += 1;
        } else if i < n && a[i].0.is_empty() {
            i += 1;
        } else if j < m && b[j].0.is_empty() {
            push(Run::Same, b[j].1);
            j += 1;
        } else if i < n && (j == m || common.at(i + 1, j) >= common.at(i, j + 1)) {
            push(Run::Removed, a[i].1);
            i += 1;
        } else {
            push(Run::Added, b[j].1);
            j += 1;
        }
    }
    out
}

/// The lengths of the longest common subsequences of every pair of suffixes of two
/// sequences, `a[i..]` and `b[j..]`, under an equality given by position.
struct Common {
    table: Vec<u32>,
    width: usize,
}

impl Common {
    fn new(n: usize, m: usize, same: impl Fn(usize, usize) -> bool) -> Common {
        let width = m + 1;
        let mut table = vec![0u32; (n + 1) * width];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                table[i * width + j] = if same(i, j) {
                    table[(i + 1) * width + j + 1] + 1
                } else {
                    table[(i + 1) * width + j].max(table[i * width + j + 1])
                };
            }
        }
        Common { table, width }
    }

    /// The length for `a[i..]` and `b[j..]`.
    fn at(&self, i: usize, j: usize) -> u32 {
        self.table[i * self.width + j]
    }
}

#[cfg(test)]
mod tests;
