//! Which article of the newer version each article of the older one continues. An
//! amendment that inserts or deletes an article renumbers every article after it
//! (`增加一条，作为第七条` makes the old 第七条 the new 第八条), so alignment by number
//! alone would call each of them changed. Articles whose words are the same in both
//! versions are lined up first, in order, whatever their numbers; between two such
//! articles, an article is aligned with the one of its own number if the newer version
//! has it there, and is otherwise gone.

use std::collections::{HashMap, HashSet};

use super::{normal, Common, Unit, MAX_CELLS};

/// Older article number → the newer article it is aligned with, or none.
pub(super) type Moves = HashMap<String, Option<String>>;

/// The alignment of the older version's articles with the newer version's.
pub(super) fn alignment(before: &[Unit], after: &[Unit]) -> Moves {
    let old = articles(before);
    let new = articles(after);
    let mut moves = Moves::new();
    let (mut from_old, mut from_new) = (0, 0);
    let end = (old.len(), new.len());
    for (i, j) in same_words(&old, &new).into_iter().chain([end]) {
        let here: HashSet<&str> = new[from_new..j].iter().map(|(n, _)| *n).collect();
        for (number, _) in &old[from_old..i] {
            let kept = here.contains(number).then(|| number.to_string());
            moves.insert(number.to_string(), kept);
        }
        if (i, j) != end {
            moves.insert(old[i].0.to_string(), Some(new[j].0.to_string()));
        }
        (from_old, from_new) = (i + 1, j + 1);
    }
    moves
}

/// What an older clause's key is aligned by: its article's number replaced by the
/// newer one; none when its article was not kept.
pub(super) fn aligned(key: &str, moves: &Moves) -> Option<String> {
    let Some(number) = article(key) else {
        return Some(key.to_string());
    };
    match moves.get(number) {
        None => Some(key.to_string()),
        Some(None) => None,
        Some(Some(to)) => Some(format!("{to}{}", &key[number.len()..])),
    }
}

/// The article number a key starts with (`第七条` of `第七条/（一）`).
fn article(key: &str) -> Option<&str> {
    let head = key.split('/').next()?;
    (head.starts_with('第') && head.ends_with('条')).then_some(head)
}

/// Each article in order, with its words and those of the clauses under it in normal
/// form.
fn articles<'a>(units: &'a [Unit]) -> Vec<(&'a str, String)> {
    let mut out: Vec<(&str, String)> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for unit in units {
        let Some(number) = article(&unit.key) else {
            continue;
        };
        let text = normal(&unit.text());
        match index.get(number) {
            Some(&at) => {
                out[at].1.push('\n');
                out[at].1.push_str(&text);
            }
            None => {
                index.insert(number, out.len());
                out.push((number, text));
            }
        }
    }
    out
}

/// The pairs of articles with the same words, in order in both versions (a longest
/// common subsequence); none when the versions are too long to compare so.
fn same_words<'a>(old: &'a [(&str, String)], new: &'a [(&str, String)]) -> Vec<(usize, usize)> {
    let (n, m) = (old.len(), new.len());
    if n.saturating_mul(m) > MAX_CELLS {
        return Vec::new();
    }
    // Each distinct text as a number, so the table compares numbers, not texts.
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let mut id_of = |text: &'a str| -> usize {
        let next = ids.len();
        *ids.entry(text).or_insert(next)
    };
    let old_ids: Vec<usize> = old.iter().map(|(_, t)| id_of(t)).collect();
    let new_ids: Vec<usize> = new.iter().map(|(_, t)| id_of(t)).collect();
    let same = |i: usize, j: usize| old_ids[i] == new_ids[j];
    let common = Common::new(n, m, same);
    let mut pairs = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if same(i, j) {
            pairs.push((i, j));
            i += 1;
            j += 1;
        } else if common.at(i + 1, j) >= common.at(i, j + 1) {
            i += 1;
        } else {
            j += 1;
        }
    }
    pairs
}
