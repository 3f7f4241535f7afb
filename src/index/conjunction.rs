//! The index query for units holding several exact runs of characters at once (the
//! terms of a multi-term search, the parts of a 文号): one walk over the posting
//! lists of every run together, rarest first, with a phrase's positions read only on
//! units where every list of every run meets.
//!
//! Tantivy's intersection of phrase queries asks each phrase for its next match on
//! its own: a common phrase then reads the positions of every unit that holds its
//! bigrams, up to its next match, before the other terms have a say. Scores are the
//! ones tantivy gives each run (BM25 of a bigram or of a phrase's matches, a lone
//! character one), summed as its boolean query sums them. Ranked for a top list (a
//! lone phrase too), a unit's positions are read only when its score could still
//! make the list.

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{
    Bm25Weight, ConstScoreQuery, EmptyScorer, EnableScoring, Explanation, PhraseQuery, Query,
    Scorer, TermQuery, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, Searcher, SegmentReader, TantivyError, Term, TERMINATED};

use crate::search::QueryTerm;

/// One exact run of characters as the index holds it.
#[derive(Clone, Debug)]
pub(super) enum Run {
    /// One character, from the field of single characters (kept without frequencies).
    Char(Term),
    /// Two characters: one bigram.
    Bigram(Term),
    /// Three or more: bigrams at their offsets in the run.
    Phrase(Vec<(usize, Term)>),
}

impl Run {
    /// The run as a query of its own, scored as in [`AllRuns`].
    pub(super) fn query(self) -> Box<dyn Query> {
        match self {
            // One character scores alike wherever it is. Scored as such, tantivy's top
            // list skips blocks by bounds the character field (kept without
            // frequencies) does not honour, and misses hits a longer page then shows.
            Run::Char(term) => Box::new(ConstScoreQuery::new(
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
                1.0,
            )),
            Run::Bigram(term) => Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
            // Ranked, a phrase alone reads positions only where its score could
            // reach the page (see `AllRunsWeight::for_each_pruning`).
            phrase @ Run::Phrase(_) => Box::new(AllRuns::new(vec![phrase])),
        }
    }

    fn terms(&self) -> Vec<Term> {
        match self {
            Run::Char(term) | Run::Bigram(term) => vec![term.clone()],
            Run::Phrase(grams) => grams.iter().map(|(_, t)| t.clone()).collect(),
        }
    }

    /// The field the run is in (a phrase's bigrams are all in one).
    fn field(&self) -> Field {
        match self {
            Run::Char(term) | Run::Bigram(term) => term.field(),
            Run::Phrase(grams) => grams[0].1.field(),
        }
    }
}

/// Every part of every term in one field, as the index holds it.
pub(super) fn runs_of(
    searcher: &Searcher,
    terms: &[QueryTerm],
    bigrams: Field,
    chars: Field,
) -> Vec<Run> {
    terms
        .iter()
        .flat_map(|t| t.parts())
        .map(|p| run_of(searcher, &p, bigrams, chars))
        .collect()
}

/// An exact run of characters as the index holds it: one character in the character
/// field; two as one bigram; more as a phrase of bigrams at their offsets: enough
/// bigrams to cover the run, and any other that is rarer than those in the index.
fn run_of(searcher: &Searcher, part: &[char], bigrams: Field, chars: Field) -> Run {
    let gram = |at: usize| -> Term {
        let text: String = part[at..at + 2].iter().collect();
        Term::from_field_text(bigrams, &text)
    };
    match part.len() {
        0 | 1 => Run::Char(Term::from_field_text(
            chars,
            &part.iter().collect::<String>(),
        )),
        2 => Run::Bigram(gram(0)),
        n => {
            let mut offsets: Vec<usize> = (0..n - 1).step_by(2).collect();
            if offsets.last() != Some(&(n - 2)) {
                offsets.push(n - 2);
            }
            // A bigram between those (often one across two words, `力工` in
            // 能力工作) that is rarer than all of them narrows the units whose
            // positions must be checked; one that is not only adds a list to walk.
            let frequency = |at: usize| searcher.doc_freq(&gram(at)).unwrap_or(u64::MAX);
            let rarest = offsets.iter().map(|&at| frequency(at)).min().unwrap_or(0);
            let rarer: Vec<usize> = (0..n - 1)
                .filter(|at| !offsets.contains(at) && frequency(*at) < rarest)
                .collect();
            offsets.extend(rarer);
            offsets.sort_unstable();
            Run::Phrase(offsets.into_iter().map(|at| (at, gram(at))).collect())
        }
    }
}

/// Units holding every run.
#[derive(Clone, Debug)]
pub(super) struct AllRuns {
    runs: Vec<Run>,
}

impl AllRuns {
    pub(super) fn new(runs: Vec<Run>) -> AllRuns {
        AllRuns { runs }
    }

    /// The runs walked unscored in a segment, not yet at a unit that holds them all
    /// (see [`AllRunsScorer::reach`]); None when no unit there can.
    pub(super) fn walk(&self, reader: &SegmentReader) -> tantivy::Result<Option<AllRunsScorer>> {
        walker(&self.runs, &vec![None; self.runs.len()], reader, 1.0)
    }
}

impl Query for AllRuns {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let bm25 = match scoring {
            EnableScoring::Enabled {
                statistics_provider,
                ..
            } => self
                .runs
                .iter()
                .map(|run| match run {
                    Run::Char(_) => Ok(None),
                    _ => Bm25Weight::for_terms(statistics_provider, &run.terms()).map(Some),
                })
                .collect::<tantivy::Result<_>>()?,
            EnableScoring::Disabled { .. } => vec![None; self.runs.len()],
        };
        let lone_phrase = match self.runs.as_slice() {
            [Run::Phrase(grams)] => {
                Some(PhraseQuery::new_with_offset(grams.clone()).weight(scoring)?)
            }
            _ => None,
        };
        Ok(Box::new(AllRunsWeight {
            runs: self.runs.clone(),
            bm25,
            lone_phrase,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for run in &self.runs {
            match run {
                Run::Char(term) | Run::Bigram(term) => visitor(term, false),
                Run::Phrase(grams) => grams.iter().for_each(|(_, t)| visitor(t, true)),
            }
        }
    }
}

struct AllRunsWeight {
    runs: Vec<Run>,
    /// Each run's BM25 weight; None for a lone character, or when not scoring.
    bm25: Vec<Option<Bm25Weight>>,
    /// A lone phrase's own weight in tantivy: walked hit by hit (to count, or to
    /// collect every hit) it is 10–20% faster than the walk here, which is left the
    /// top lists it prunes.
    lone_phrase: Option<Box<dyn Weight>>,
}

impl Weight for AllRunsWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        if let Some(phrase) = &self.lone_phrase {
            return phrase.scorer(reader, boost);
        }
        Ok(match walker(&self.runs, &self.bm25, reader, boost)? {
            Some(mut walker) => {
                let first = walker.lead().doc();
                walker.settle(first, TERMINATED);
                Box::new(walker)
            }
            None => Box::new(EmptyScorer),
        })
    }

    /// Ranks as tantivy's default does, but reads a phrase's positions only in units
    /// whose score could pass the threshold: a phrase matches at most as often as
    /// its rarest bigram occurs there, so that bigram's frequency bounds its score.
    fn for_each_pruning(
        &self,
        mut threshold: Score,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<()> {
        let Some(mut walker) = walker(&self.runs, &self.bm25, reader, 1.0)? else {
            return Ok(());
        };
        let mut doc = walker.lead().doc();
        loop {
            doc = walker.meet(doc);
            if doc == TERMINATED {
                return Ok(());
            }
            if walker.bound() > threshold && walker.count_matches() {
                let score = walker.score();
                if score > threshold {
                    threshold = callback(doc, score);
                }
            }
            doc = walker.lead().advance();
        }
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!(
                "document {doc} does not hold every run"
            )));
        }
        Ok(Explanation::new("sum of the runs' scores", scorer.score()))
    }
}

/// The runs' lists in a segment, positioned at their first units, each run scored by
/// its BM25 weight if it has one; None when a list is missing there (no unit holds
/// every run).
fn walker(
    runs: &[Run],
    bm25: &[Option<Bm25Weight>],
    reader: &SegmentReader,
    boost: Score,
) -> tantivy::Result<Option<AllRunsScorer>> {
    let mut lists: Vec<SegmentPostings> = Vec::new();
    let mut scored = Vec::with_capacity(runs.len());
    for (run, bm25) in runs.iter().zip(bm25) {
        let (option, grams): (_, Vec<(usize, &Term)>) = match run {
            Run::Char(term) => (IndexRecordOption::Basic, vec![(0, term)]),
            Run::Bigram(term) => (IndexRecordOption::WithFreqs, vec![(0, term)]),
            Run::Phrase(grams) => (
                IndexRecordOption::WithFreqsAndPositions,
                grams.iter().map(|(at, t)| (*at, t)).collect(),
            ),
        };
        // Positions are compared as start of the run: each bigram's positions
        // shifted by how far its offset is from the last one's.
        let last = grams.iter().map(|(at, _)| *at).max().unwrap_or(0);
        let mut at = Vec::with_capacity(grams.len());
        for (offset, term) in grams {
            let Some(postings) = reader
                .inverted_index(term.field())?
                .read_postings(term, option)?
            else {
                return Ok(None);
            };
            at.push((lists.len(), (last - offset) as u32));
            lists.push(postings);
        }
        scored.push(ScoredRun {
            list: at[0].0,
            phrase: matches!(run, Run::Phrase(_)).then_some(at),
            bm25: bm25.as_ref().map(|w| w.boost_by(boost)),
            fieldnorms: fieldnorms(reader, run.field(), bm25.is_some())?,
        });
    }
    if lists.is_empty() {
        return Ok(None);
    }
    // Rarest first: it leads the walk, the others are asked only where it is.
    let mut order: Vec<usize> = (0..lists.len()).collect();
    order.sort_by_key(|&i| lists[i].doc_freq());
    Ok(Some(AllRunsScorer {
        lists,
        order,
        runs: scored,
        boost,
        left: Vec::new(),
        right: Vec::new(),
        counts: vec![0; runs.len()],
        matched: None,
    }))
}

fn fieldnorms(
    reader: &SegmentReader,
    field: Field,
    scoring: bool,
) -> tantivy::Result<FieldNormReader> {
    if scoring {
        if let Some(norms) = reader.fieldnorms_readers().get_field(field)? {
            return Ok(norms);
        }
    }
    Ok(FieldNormReader::constant(reader.max_doc(), 1))
}

/// Moves `list` to its first unit at or after `target`, or leaves it where it is
/// when it is there already (tantivy's seek must not be asked to go back).
fn catch_up(list: &mut SegmentPostings, target: DocId) -> DocId {
    if list.doc() < target {
        list.seek(target)
    } else {
        list.doc()
    }
}

/// One run in a segment: where its lists are, and how it scores.
struct ScoredRun {
    /// For a phrase, each bigram's list and the shift that puts its positions at the
    /// run's start; None when the run is one list, matched wherever that list is.
    phrase: Option<Vec<(usize, u32)>>,
    /// The run's (first) list, whose frequency scores a bigram.
    list: usize,
    bm25: Option<Bm25Weight>,
    fieldnorms: FieldNormReader,
}

/// The runs' lists walked together in one segment: a scorer, and for the walk of
/// terms across a document (`spread`) a walk that can stop short.
pub(super) struct AllRunsScorer {
    lists: Vec<SegmentPostings>,
    /// The lists by document frequency, rarest first.
    order: Vec<usize>,
    runs: Vec<ScoredRun>,
    boost: Score,
    left: Vec<u32>,
    right: Vec<u32>,
    /// Each run's count of matches in the current unit (a phrase's matches, a
    /// bigram's frequency).
    counts: Vec<u32>,
    /// The unit last found to hold every run.
    matched: Option<DocId>,
}

impl AllRunsScorer {
    fn lead(&mut self) -> &mut SegmentPostings {
        &mut self.lists[self.order[0]]
    }

    /// From `candidate` on (where the leading list is), the first unit every list
    /// holds, positions not yet read.
    fn meet(&mut self, mut candidate: DocId) -> DocId {
        'walk: while candidate != TERMINATED {
            for k in 1..self.order.len() {
                // A list may already be past the candidate: until the lists first
                // meet, each is at its own first unit.
                let found = catch_up(&mut self.lists[self.order[k]], candidate);
                if found > candidate {
                    candidate = self.lead().seek(found);
                    continue 'walk;
                }
            }
            return candidate;
        }
        TERMINATED
    }

    /// From `candidate` on (where the leading list is), the first unit every list
    /// holds and every phrase matches in; or, when there is none before `end`, the
    /// first unit at or past `end` where every list meets, positions not read.
    fn settle(&mut self, mut candidate: DocId, end: DocId) -> DocId {
        loop {
            candidate = self.meet(candidate);
            if candidate == TERMINATED || candidate >= end || self.matched == Some(candidate) {
                return candidate;
            }
            if self.count_matches() {
                self.matched = Some(candidate);
                return candidate;
            }
            candidate = self.lead().advance();
        }
    }

    /// Moves to the first unit at or after `target` that holds every run, never
    /// backwards, looking no further than `end` for one: a result at or past `end`
    /// is only where the next such unit can first be. A unit before `end` is
    /// always one that holds every run.
    pub(super) fn reach(&mut self, target: DocId, end: DocId) -> DocId {
        let from = catch_up(self.lead(), target);
        self.settle(from, end)
    }

    /// The most the unit every list is on can score: each phrase taken to match as
    /// often as its rarest bigram occurs there.
    fn bound(&self) -> Score {
        let doc = self.doc();
        self.runs
            .iter()
            .map(|run| {
                let Some(bm25) = &run.bm25 else {
                    return self.boost;
                };
                let most = match &run.phrase {
                    None => self.lists[run.list].term_freq(),
                    Some(grams) => grams
                        .iter()
                        .map(|&(list, _)| self.lists[list].term_freq())
                        .min()
                        .unwrap_or(0),
                };
                bm25.score(run.fieldnorms.fieldnorm_id(doc), most)
            })
            .sum()
    }

    /// Counts each run's matches in the unit every list is on; false when a phrase
    /// has none.
    fn count_matches(&mut self) -> bool {
        for (r, run) in self.runs.iter().enumerate() {
            self.counts[r] = match &run.phrase {
                None => self.lists[run.list].term_freq(),
                Some(grams) => {
                    let (first, shift) = grams[0];
                    self.lists[first].positions_with_offset(shift, &mut self.left);
                    for &(list, shift) in &grams[1..] {
                        self.lists[list].positions_with_offset(shift, &mut self.right);
                        keep_common(&mut self.left, &self.right);
                        if self.left.is_empty() {
                            return false;
                        }
                    }
                    self.left.len() as u32
                }
            };
        }
        true
    }
}

/// Keeps in `left` the values `right` holds too; both ascending.
fn keep_common(left: &mut Vec<u32>, right: &[u32]) {
    let mut r = 0;
    left.retain(|&v| {
        while r < right.len() && right[r] < v {
            r += 1;
        }
        r < right.len() && right[r] == v
    });
}

impl DocSet for AllRunsScorer {
    fn advance(&mut self) -> DocId {
        let next = self.lead().advance();
        self.settle(next, TERMINATED)
    }

    fn seek(&mut self, target: DocId) -> DocId {
        let next = self.lead().seek(target);
        self.settle(next, TERMINATED)
    }

    fn doc(&self) -> DocId {
        self.lists[self.order[0]].doc()
    }

    fn size_hint(&self) -> u32 {
        self.lists[self.order[0]].size_hint()
    }
}

impl Scorer for AllRunsScorer {
    fn score(&mut self) -> Score {
        let doc = self.doc();
        self.runs
            .iter()
            .zip(&self.counts)
            .map(|(run, &count)| match &run.bm25 {
                Some(bm25) => bm25.score(run.fieldnorms.fieldnorm_id(doc), count),
                None => self.boost,
            })
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::schema::{register_tokenizers, schema};
    use tantivy::collector::{Count, DocSetCollector, TopDocs};
    use tantivy::query::{BooleanQuery, PhraseQuery};
    use tantivy::{doc, Index};

    /// The run as tantivy's own query.
    fn tantivy_query(run: Run) -> Box<dyn Query> {
        match run {
            Run::Phrase(grams) => Box::new(PhraseQuery::new_with_offset(grams)),
            other => other.query(),
        }
    }

    /// Over texts of few characters, so that runs meet often and their bigrams meet
    /// far more often than the runs do, units holding every run are exactly those
    /// tantivy's intersection of each run's own query finds, with the same scores.
    #[test]
    fn units_holding_every_run_are_those_tantivy_intersects_scored_alike() {
        let (schema, f) = schema();
        let index = Index::create_in_ram(schema);
        register_tokenizers(&index);
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let alphabet: Vec<char> = "甲乙丙丁戊".chars().collect();
        let mut seed = 7u64;
        let mut next = move |below: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % below
        };
        let mut texts = Vec::new();
        for _ in 0..800 {
            let len = 2 + next(40);
            let text: String = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
            writer
                .add_document(doc!(f.text => text.clone(), f.chars => text.clone()))
                .unwrap();
            texts.push(text.chars().collect::<Vec<char>>());
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let mut nonempty = 0;
        for _ in 0..60 {
            let runs: Vec<Run> = (0..1 + next(3))
                .map(|_| {
                    let text = &texts[next(texts.len())];
                    let len = 1 + next(5.min(text.len()));
                    let at = next(text.len() - len + 1);
                    run_of(&searcher, &text[at..at + len], f.text, f.chars)
                })
                .collect();
            let ours = AllRuns::new(runs.clone());
            let theirs = BooleanQuery::intersection(runs.into_iter().map(tantivy_query).collect());
            let found = searcher.search(&ours, &DocSetCollector).unwrap();
            assert_eq!(found, searcher.search(&theirs, &DocSetCollector).unwrap());
            assert_eq!(found.len(), searcher.search(&ours, &Count).unwrap());
            nonempty += usize::from(!found.is_empty());
            // Walked in windows, a unit before a window's end is the next hit, and
            // one at or past it has no hit between the window's start and itself.
            let hits: Vec<DocId> = {
                let mut hits: Vec<DocId> = found.iter().map(|a| a.doc_id).collect();
                hits.sort_unstable();
                hits
            };
            let reader = searcher.segment_reader(0);
            if let Some(mut walk) = ours.walk(reader).unwrap() {
                let mut target = 0;
                while target < 800 {
                    let end = target + 1 + next(30) as DocId;
                    let at = walk.reach(target, end);
                    let first = hits.iter().copied().find(|&h| h >= target);
                    if at < end {
                        assert_eq!(Some(at), first, "window {target}..{end}");
                    } else {
                        assert!(
                            first.is_none_or(|h| h >= at),
                            "window {target}..{end}: {at}"
                        );
                    }
                    target = if at < end { at + 1 } else { end };
                }
            } else {
                assert!(hits.is_empty());
            }
            // A short top list is pruned by its threshold; the longest one is not.
            for limit in [1, 3, 10, 1000] {
                let top = |q: &dyn Query| searcher.search(q, &TopDocs::with_limit(limit)).unwrap();
                let (a, b) = (top(&ours), top(&theirs));
                assert_eq!(a.len(), b.len());
                for ((sa, da), (sb, db)) in a.iter().zip(&b) {
                    assert_eq!(da, db, "limit {limit}");
                    assert!((sa - sb).abs() < 1e-4, "{sa} vs {sb}");
                }
            }
        }
        assert!(nonempty > 20, "{nonempty} of 60 queries found anything");
    }
}
