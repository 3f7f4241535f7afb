//! The benchmark's oracle and query set: every searchable text of the archive held in
//! memory and normalised once, scanned by brute force (a clause, a document's own
//! printed lines, or a whole document holding the terms across its parts), and the
//! held-out query classes sampled from it.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use gazette::search::{fold_case_and_width, snippet, PrintedPart, Query, TermKind};
use gazette::{docnum, store, Archive, Result};

use crate::Rng;

/// Every searchable text, normalised once, for the brute-force scan.
pub(crate) struct Corpus {
    units: Vec<Unit>,
    /// The units of each document, by document id.
    by_document: BTreeMap<i64, Vec<usize>>,
    /// Each document's printed lines outside its clauses, for the query set.
    lines: Vec<(PrintedPart, String)>,
    pub(crate) documents: u64,
    pub(crate) clauses: u64,
    pub(crate) text_bytes: u64,
}

struct Unit {
    key: (i64, Option<i64>),
    /// The original texts, for snippets: a clause's heading, text and label; a
    /// document's title, 文号 and printed lines.
    fields: Vec<String>,
    normalized: Vec<String>,
    /// Without brackets and spaces, for 文号.
    numbers: Vec<String>,
}

type Needles = Vec<(TermKind, String)>;

impl Corpus {
    pub(crate) fn load(dir: &Path) -> Result<Corpus> {
        let conn = store::open(&Archive::database_path(dir))?;
        let mut corpus = Corpus {
            units: Vec::new(),
            by_document: BTreeMap::new(),
            lines: Vec::new(),
            documents: 0,
            clauses: 0,
            text_bytes: 0,
        };
        // A document is found by its own printed lines: title, 文号, then the rest.
        for d in store::search_documents(&conn, None)? {
            let mut fields = vec![d.title, d.doc_number.unwrap_or_default()];
            for line in d.printed {
                corpus.text_bytes += line.text.len() as u64;
                corpus.lines.push((line.part, line.text.clone()));
                fields.push(line.text);
            }
            corpus.push((d.id, None), fields);
            corpus.documents += 1;
        }
        let mut stmt = conn.prepare("SELECT id, document_id, heading, text, label FROM clauses")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let heading: Option<String> = r.get(2)?;
            let text: String = r.get(3)?;
            let label: String = r.get(4)?;
            let heading = heading.unwrap_or_default();
            corpus.text_bytes += (label.len() + heading.len() + text.len()) as u64;
            // The text stays second: the query set samples it.
            corpus.push((r.get(1)?, Some(r.get(0)?)), vec![heading, text, label]);
            corpus.clauses += 1;
        }
        Ok(corpus)
    }

    fn push(&mut self, key: (i64, Option<i64>), fields: Vec<String>) {
        let normalized: Vec<String> = fields.iter().map(|f| fold_case_and_width(f)).collect();
        let numbers = normalized
            .iter()
            .map(|n| {
                n.chars()
                    .filter(|c| !docnum::is_insignificant(*c))
                    .collect()
            })
            .collect();
        self.by_document
            .entry(key.0)
            .or_default()
            .push(self.units.len());
        self.units.push(Unit {
            key,
            fields,
            normalized,
            numbers,
        });
    }

    /// Whether a needle occurs in any of the units.
    fn occurs(units: &[&Unit], (kind, needle): &(TermKind, String)) -> bool {
        units.iter().any(|unit| {
            let hay = match kind {
                TermKind::Text => &unit.normalized,
                TermKind::DocNumber => &unit.numbers,
            };
            hay.iter().any(|h| h.contains(needle.as_str()))
        })
    }

    /// Whether the units together hold every needle but the last `exclude`, and none
    /// of those.
    fn holds(units: &[&Unit], needles: &Needles, exclude: usize) -> bool {
        let (include, excluded) = needles.split_at(needles.len() - exclude);
        include.iter().all(|n| Self::occurs(units, n))
            && !excluded.iter().any(|n| Self::occurs(units, n))
    }

    fn needles(query: &Query) -> Needles {
        query
            .include
            .iter()
            .chain(&query.exclude)
            .map(|t| (t.kind, t.chars.iter().collect()))
            .collect()
    }

    /// Every hit: each matching unit, then each document that holds the terms only
    /// across its units (shown by its own unit, the first of the document's).
    fn hits(&self, query: &Query) -> Vec<((i64, Option<i64>), usize)> {
        let needles = Self::needles(query);
        let exclude = query.exclude.len();
        let mut hits: Vec<((i64, Option<i64>), usize)> = self
            .units
            .iter()
            .enumerate()
            .filter(|(_, u)| Self::holds(&[u], &needles, exclude))
            .map(|(i, u)| (u.key, i))
            .collect();
        if query.include.len() > 1 {
            let with_unit_hit: HashSet<i64> = hits.iter().map(|(k, _)| k.0).collect();
            for (&id, members) in &self.by_document {
                let units: Vec<&Unit> = members.iter().map(|&i| &self.units[i]).collect();
                if !with_unit_hit.contains(&id) && Self::holds(&units, &needles, exclude) {
                    hits.push(((id, None), members[0]));
                }
            }
        }
        hits
    }

    /// Every hit, as (document, clause) ids.
    pub(crate) fn scan(&self, query: &Query) -> Vec<(i64, Option<i64>)> {
        self.hits(query).into_iter().map(|(key, _)| key).collect()
    }

    /// What the index path delivers, the brute-force way: count every match and make
    /// snippets for the first `limit`.
    pub(crate) fn top(&self, query: &Query, limit: usize) -> (usize, Vec<String>) {
        let hits = self.hits(query);
        let shown = hits
            .iter()
            .take(limit)
            .map(|&(_, i)| snippet(query, &self.units[i].fields.join("\n")).0)
            .collect();
        (hits.len(), shown)
    }

    /// A substring of `len` characters of one of `texts` a user could type as one term.
    fn substring(texts: &[&str], len: usize, rng: &mut Rng) -> Option<String> {
        for _ in 0..200 {
            let text: Vec<char> = texts.get(rng.below(texts.len().max(1)))?.chars().collect();
            if text.len() < len {
                continue;
            }
            let at = rng.below(text.len() - len + 1);
            let s: String = text[at..at + len].iter().collect();
            let n = fold_case_and_width(&s);
            if n.chars().all(|c| !c.is_whitespace() && c != '"') && !n.starts_with('-') {
                return Some(s);
            }
        }
        None
    }

    /// The held-out query set by class: substrings of the clause text of every length,
    /// printed numbering labels, fragments of the 主送, red header, signature, date and
    /// 附件/抄送 lines, two terms from different clauses of one document, 文号 in several
    /// bracket styles, two terms, phrases with exclusions, and rare terms.
    pub(crate) fn query_set(&self, rng: &mut Rng) -> Vec<(&'static str, String)> {
        let clauses: Vec<&Unit> = self.units.iter().filter(|u| u.key.1.is_some()).collect();
        let texts: Vec<&str> = clauses.iter().map(|u| u.fields[1].as_str()).collect();
        let mut queries: Vec<(&'static str, String)> = Vec::new();
        for (class, len) in [
            ("1 char", 1),
            ("2 chars", 2),
            ("3 chars", 3),
            ("4 chars", 4),
            ("6 chars", 6),
            ("8 chars", 8),
        ] {
            for _ in 0..12 {
                if let Some(q) = Self::substring(&texts, len, rng) {
                    queries.push((class, q));
                }
            }
        }
        let labels: Vec<&str> = clauses
            .iter()
            .map(|u| u.fields[2].as_str())
            .filter(|l| l.chars().count() >= 2)
            .collect();
        for _ in 0..12 {
            if let Some(label) = labels.get(rng.below(labels.len().max(1))) {
                queries.push(("label", label.to_string()));
            }
        }
        for (class, parts) in [
            ("主送", &[PrintedPart::Addressees][..]),
            ("red header", &[PrintedPart::RedHeader]),
            ("signature", &[PrintedPart::Signature]),
            ("date", &[PrintedPart::Date]),
            (
                "附件/抄送",
                &[PrintedPart::Attachment, PrintedPart::Distribution],
            ),
        ] {
            let lines: Vec<&str> = self
                .lines
                .iter()
                .filter(|(p, _)| parts.contains(p))
                .map(|(_, l)| l.as_str())
                .collect();
            for _ in 0..12 {
                let len = 3 + rng.below(6);
                if let Some(q) = Self::substring(&lines, len, rng) {
                    queries.push((class, q));
                }
            }
        }
        let documents: Vec<&Vec<usize>> =
            self.by_document.values().filter(|m| m.len() > 2).collect();
        for _ in 0..12 {
            let Some(members) = documents.get(rng.below(documents.len().max(1))) else {
                break;
            };
            let clause = |rng: &mut Rng| &self.units[members[1 + rng.below(members.len() - 1)]];
            let (a, b) = (clause(rng), clause(rng));
            if let (Some(x), Some(y)) = (
                Self::substring(&[&a.fields[1]], 3, rng),
                Self::substring(&[&b.fields[1]], 3, rng),
            ) {
                queries.push(("2 terms apart", format!("{x} {y}")));
            }
        }
        let numbers: Vec<&str> = self
            .units
            .iter()
            .filter(|u| u.key.1.is_none() && docnum::looks_like(&u.fields[1]))
            .map(|u| u.fields[1].as_str())
            .collect();
        for i in 0..12 {
            let Some(printed) = numbers.get(rng.below(numbers.len().max(1))) else {
                break;
            };
            let typed = match i % 4 {
                0 => printed.to_string(),
                1 => printed.replace('〔', "(").replace('〕', ")"),
                2 => printed.replace('〔', "").replace('〕', " "),
                _ => printed.replace('〔', "【").replace('〕', "】"),
            };
            queries.push(("文号", typed));
        }
        for _ in 0..12 {
            if let (Some(a), Some(b)) = (
                Self::substring(&texts, 2, rng),
                Self::substring(&texts, 3, rng),
            ) {
                queries.push(("2 terms", format!("{a} {b}")));
            }
        }
        for _ in 0..6 {
            if let (Some(a), Some(b)) = (
                Self::substring(&texts, 4, rng),
                Self::substring(&texts, 1, rng),
            ) {
                queries.push(("phrase -term", format!("\"{a}\" -{b}")));
            }
        }
        let mut rare = 0;
        for _ in 0..200 {
            if rare == 12 {
                break;
            }
            let Some(q) = Self::substring(&texts, 5, rng) else {
                break;
            };
            let Ok(query) = Query::parse(&q) else {
                continue;
            };
            if (1..=3).contains(&self.scan(&query).len()) {
                queries.push(("rare", q));
                rare += 1;
            }
        }
        queries
    }
}
