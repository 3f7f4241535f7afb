//! Reading order on the page: the gutter of a two-column issue, the blocks each page
//! splits into (left column before right, spanning titles between), and the pieces of
//! one baseline merged into one line.

use super::text::join_text;
use crate::model::{PageText, TextLine};

/// A run of lines read top to bottom within one column, with the column's edges.
#[derive(Debug, Clone)]
pub(super) struct Block {
    pub(super) left: f32,
    pub(super) right: f32,
    pub(super) lines: Vec<TextLine>,
}

impl Block {
    pub(super) fn center(&self) -> f32 {
        (self.left + self.right) / 2.0
    }
}

/// The edges that at least `min_support` lines share, each with how many share it:
/// lines starting (or ending) within `EDGE_TOLERANCE` of the first of them share its
/// edge. Born-digital lines of one margin start at the same point; lines read by OCR
/// start a point or so apart, as the scan's ink and skew place them.
fn shared_edges(values: impl Iterator<Item = f32>, min_support: usize) -> Vec<(usize, f32)> {
    let mut sorted: Vec<f32> = values.collect();
    sorted.sort_by(f32::total_cmp);
    let mut groups: Vec<(usize, f32)> = Vec::new();
    for v in sorted {
        match groups.last_mut() {
            Some((n, first)) if v - *first <= EDGE_TOLERANCE => *n += 1,
            _ => groups.push((1, v)),
        }
    }
    groups.retain(|(n, _)| *n >= min_support);
    groups
}

/// How far apart, in points, the starts (or ends) of lines on one edge may be. OCR
/// places a line where its first character's ink starts, up to a tenth of an em or
/// so inside the glyph's box (the 不 of a 10.5 pt line 1.1 points right of the 各
/// above it); the next margin or indent is an em or more away.
const EDGE_TOLERANCE: f32 = 1.5;

/// The most common value of a set of edges, when enough lines share it.
fn edge_mode(values: impl Iterator<Item = f32>, min_support: usize) -> Option<f32> {
    shared_edges(values, min_support)
        .into_iter()
        .max_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)))
        .map(|(_, v)| v)
}

/// The smallest value of a set of edges that enough lines share.
fn leftmost_shared(values: impl Iterator<Item = f32>, min_support: usize) -> Option<f32> {
    shared_edges(values, min_support)
        .into_iter()
        .map(|(_, v)| v)
        .min_by(f32::total_cmp)
}

/// The gutter of a page clearly set in two columns: several long lines sit wholly on
/// each side of its middle.
fn clear_gutter(page: &PageText) -> Option<f32> {
    let mid = page.width / 2.0;
    let long = page.width * 0.3;
    let long_lines = || page.lines.iter().filter(move |l| l.x1 - l.x0 > long);
    let left: Vec<f32> = long_lines()
        .filter(|l| l.x1 <= mid + 8.0)
        .map(|l| l.x1)
        .collect();
    let right: Vec<f32> = long_lines()
        .filter(|l| l.x0 >= mid - 8.0)
        .map(|l| l.x0)
        .collect();
    if left.len() < 3 || right.len() < 3 {
        return None;
    }
    // The right column starts where its continuation lines start, left of the
    // indent its many short first lines share.
    Some((edge_mode(left.into_iter(), 2)? + leftmost_shared(right.into_iter(), 2)?) / 2.0)
}

/// How a page's long body-size lines sit against its middle: whether several run
/// across it (one column), and, when several end before it while none runs across
/// (a two-column page whose right column is empty: a document's last page), where
/// its gutter would be: three quarters of an em right of the left column's end.
fn column_evidence(page: &PageText, body_size: f32) -> (bool, Option<f32>) {
    let mid = page.width / 2.0;
    let long = |l: &&TextLine| (l.size - body_size).abs() < 0.6 && l.x1 - l.x0 > page.width * 0.3;
    let across = page
        .lines
        .iter()
        .filter(long)
        .filter(|l| l.x0 < mid - 8.0 && l.x1 > mid + 8.0)
        .count();
    let left: Vec<f32> = page
        .lines
        .iter()
        .filter(long)
        .filter(|l| l.x1 <= mid + 8.0)
        .map(|l| l.x1)
        .collect();
    let half = (across == 0 && left.len() >= 3)
        .then(|| edge_mode(left.into_iter(), 2))
        .flatten()
        .map(|end| end + body_size * 0.75);
    (across >= 3, half)
}

/// The gutter of every page of an issue set in two columns (None for a one-column
/// issue). A page whose columns are too short to show their gutter (the end of a
/// document, a short tail) takes it from the nearest clear page of the same parity,
/// since left and right pages have mirrored margins. An issue is set in two columns
/// when a third of its pages show a clear gutter, or when its pages of half-filled
/// columns outnumber those with lines across the middle (issues whose documents are
/// short and each starts on a new page); with no clear page at all, the half-filled
/// pages place the gutter.
pub(super) fn gutters(pages: &[PageText], body_size: f32) -> Vec<Option<f32>> {
    let clear: Vec<Option<f32>> = pages.iter().map(clear_gutter).collect();
    let text_pages = pages.iter().filter(|p| p.lines.len() >= 10).count().max(1);
    let clear_pages = clear.iter().flatten().count();
    let mut half = vec![None; pages.len()];
    let mut one = 0;
    for (i, page) in pages.iter().enumerate() {
        let (across, half_gutter) = column_evidence(page, body_size);
        one += usize::from(across);
        half[i] = half_gutter.filter(|_| clear[i].is_none());
    }
    let two = clear_pages + half.iter().flatten().count();
    let two_columns =
        clear_pages * 3 >= text_pages || (clear_pages > 0 && two > one) || (two >= 3 && two > one);
    if !two_columns {
        return vec![None; pages.len()];
    }
    let seeds = if clear_pages > 0 { clear } else { half };
    let mut filled = seeds.clone();
    for parity in 0..2 {
        let idx: Vec<usize> = (parity..pages.len()).step_by(2).collect();
        let mut last = None;
        for &i in &idx {
            last = seeds[i].or(last);
            filled[i] = filled[i].or(last);
        }
        let mut next = None;
        for &i in idx.iter().rev() {
            next = seeds[i].or(next);
            filled[i] = filled[i].or(next);
        }
    }
    let any = seeds.iter().flatten().next().copied();
    filled.into_iter().map(|g| g.or(any)).collect()
}

/// Splits a page into blocks in reading order. On a two-column page every stretch of
/// column lines is read left column first, and lines spanning the gutter (titles) are
/// blocks of their own between them.
pub(super) fn columns(
    page: &PageText,
    mut lines: Vec<TextLine>,
    gutter: Option<f32>,
    measure: Measure,
) -> Vec<Block> {
    sort_into_rows(&mut lines);
    let Some(gutter) = gutter else {
        let (left, right) = page_edges(lines.iter()).unwrap_or((0.0, page.width));
        // A page of short lines (a list of appointments, a signature) may share a
        // start or an end inside the margins; the measure says where they are.
        let left = measure.left.map_or(left, |m| left.min(m));
        let right = measure.right.map_or(right, |m| right.max(m));
        return vec![Block {
            left,
            right,
            lines: merge_baselines(lines),
        }];
    };
    // A column with too few lines to show its edges mirrors the other one.
    let in_left = |l: &&TextLine| l.x1 <= gutter;
    let in_right = |l: &&TextLine| l.x0 >= gutter;
    let few = |n: usize| n < 3;
    let left_edges = page_edges(lines.iter().filter(in_left));
    let right_edges = page_edges(lines.iter().filter(in_right));
    let mirror = |(a, b): (f32, f32)| (2.0 * gutter - b, 2.0 * gutter - a);
    let (left_few, right_few) = (
        few(lines.iter().filter(in_left).count()),
        few(lines.iter().filter(in_right).count()),
    );
    let (l_left, l_right) = match (left_edges, right_edges) {
        (_, Some(r)) if left_few && !right_few => mirror(r),
        (Some(l), _) => l,
        (None, r) => r.map(mirror).unwrap_or((0.0, gutter)),
    };
    let (r_left, r_right) = match (right_edges, left_edges) {
        (_, Some(l)) if right_few && !left_few => mirror(l),
        (Some(r), _) => r,
        (None, l) => l.map(mirror).unwrap_or((gutter, page.width)),
    };
    // A line is the left column's unless it reaches into the right column, and the
    // right's unless it reaches into the left: a box OCR drew wide around a column's
    // last glyph (`如` 13 points wide) ends inside the gutter, not across it.
    let inner = (
        (gutter - 2.0).min(l_right + 1.0),
        (gutter + 2.0).max(r_left - 1.0),
    );
    let lines = join_across_gutter(lines, gutter, inner, (l_left, r_right));
    let mut blocks = Vec::new();
    let mut left_run = Vec::new();
    let mut right_run = Vec::new();
    let flush = |blocks: &mut Vec<Block>, l: &mut Vec<TextLine>, r: &mut Vec<TextLine>| {
        for (run, left, right) in [(l, l_left, l_right), (r, r_left, r_right)] {
            if !run.is_empty() {
                blocks.push(Block {
                    left,
                    right,
                    lines: merge_baselines(std::mem::take(run)),
                });
            }
        }
    };
    for line in lines {
        if line.x1 <= inner.1 {
            left_run.push(line);
        } else if line.x0 >= inner.0 {
            right_run.push(line);
        } else {
            flush(&mut blocks, &mut left_run, &mut right_run);
            let (left, right) = (l_left, r_right);
            blocks.push(Block {
                left,
                right,
                lines: vec![line],
            });
        }
    }
    flush(&mut blocks, &mut left_run, &mut right_run);
    // Consecutive spanning lines read as one block so a wrapped title stays together.
    let mut merged: Vec<Block> = Vec::with_capacity(blocks.len());
    for b in blocks {
        match merged.last_mut() {
            Some(last) if last.left == b.left && last.right == b.right => {
                last.lines.extend(b.lines)
            }
            _ => merged.push(b),
        }
    }
    merged
}

/// Joins the pieces of one baseline that make a line spanning the gutter: a piece that
/// already crosses it and a neighbour close beside it (a 文号 spaced out as
/// `国办发 【2023】 121号`, whose last piece would otherwise open the right column), or
/// two pieces of a centred line whose gap happens to fall on the gutter. Column text
/// never looks like the latter: a left-column line starting three ems in is centred in
/// its column and ends well before the gutter, and a right-column line ending three
/// ems short is the last line of a paragraph, which starts at the gutter and is not
/// centred on the page. A piece crosses the gutter when it reaches from one
/// column's inner edge to the other's (`inner`).
fn join_across_gutter(
    lines: Vec<TextLine>,
    gutter: f32,
    (inner_left, inner_right): (f32, f32),
    (left, right): (f32, f32),
) -> Vec<TextLine> {
    let crosses = |l: &TextLine| l.x0 < inner_left && l.x1 > inner_right;
    let mut out: Vec<TextLine> = Vec::with_capacity(lines.len());
    for l in lines {
        if let Some(last) = out.last_mut() {
            let em = last.size.max(l.size);
            let same_base = (last.y - l.y).abs() < last.size.min(l.size) * BASELINE_SHARE;
            let close = l.x0 - last.x1 < em * 2.5 && l.x0 > last.x1 - 1.0;
            let spanning = close && (crosses(last) || crosses(&l));
            let at_gutter = (gutter - last.x1).abs() < em * 1.5 && (l.x0 - gutter).abs() < em * 1.5;
            let inside = last.x0 > left + em * 3.0 && l.x1 < right - em * 3.0;
            let centred = ((last.x0 + l.x1) / 2.0 - (left + right) / 2.0).abs() < em;
            if same_base && (spanning || (at_gutter && inside && centred)) {
                join_text(&mut last.text, &l.text);
                last.x1 = l.x1;
                last.size = em;
                continue;
            }
        }
        out.push(l);
    }
    out
}

/// The measure of one-column body text: where its lines start at the margin and
/// where full lines end.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Measure {
    left: Option<f32>,
    right: Option<f32>,
}

/// The measure of odd and of even PDF pages (a book's margins mirror), over the
/// whole issue: the leftmost start and the commonest end that body-size lines
/// share.
pub(super) fn measures(pages: &[PageText], body_size: f32) -> [Measure; 2] {
    let body = |parity: usize| {
        pages
            .iter()
            .skip(parity)
            .step_by(2)
            .flat_map(|p| &p.lines)
            .filter(|l| (l.size - body_size).abs() < 0.6)
    };
    let measure = |parity| Measure {
        left: leftmost_shared(body(parity).map(|l| l.x0), 3),
        right: edge_mode(body(parity).map(|l| l.x1), 3),
    };
    [measure(0), measure(1)]
}

/// Left and right text edges of a column: the leftmost start several lines share (on
/// a page of short numbered items the indent is the commonest start, and the flush
/// edge only the continuation lines'), the end most lines share; else the extremes.
fn page_edges<'a>(lines: impl Iterator<Item = &'a TextLine> + Clone) -> Option<(f32, f32)> {
    let left = leftmost_shared(lines.clone().map(|l| l.x0), 3)
        .or_else(|| lines.clone().map(|l| l.x0).min_by(f32::total_cmp))?;
    let right = edge_mode(lines.clone().map(|l| l.x1), 3)
        .or_else(|| lines.map(|l| l.x1).max_by(f32::total_cmp))?;
    Some((left, right))
}

/// Sorts lines top to bottom, and the pieces of one baseline left to right. Scanned
/// pieces of one line sit a fraction of a point apart (a red header cut at a gap, its
/// right piece read 0.7 points higher), so a baseline is any within `BASELINE_SHARE`
/// of the smaller size from the row's first piece.
fn sort_into_rows(lines: &mut [TextLine]) {
    lines.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x0.total_cmp(&b.x0)));
    let mut start = 0;
    while start < lines.len() {
        let first = &lines[start];
        let end = start
            + lines[start..]
                .iter()
                .take_while(|l| (l.y - first.y).abs() < first.size.min(l.size) * BASELINE_SHARE)
                .count();
        lines[start..end].sort_by(|a, b| a.x0.total_cmp(&b.x0));
        start = end.max(start + 1);
    }
}

/// Pieces whose baselines are closer than this share of their size are on one.
const BASELINE_SHARE: f32 = 0.3;

/// Joins pieces of one baseline (sorted by `sort_into_rows`) that sit close together: extraction
/// may cut a line where a bracket or a font change leaves a gap. A number set apart
/// by half an em or more stays a piece of its own: it is a page number at the end of
/// a 目录 line (`…的通知（某政发〔2020〕5号）　　3`, `…的公告　6`), and glued on it
/// would read as part of the 文号 or title. Glyphs of one run never leave such a gap.
fn merge_baselines(lines: Vec<TextLine>) -> Vec<TextLine> {
    let mut out: Vec<TextLine> = Vec::with_capacity(lines.len());
    for l in lines {
        if let Some(last) = out.last_mut() {
            let same_base = (last.y - l.y).abs() < last.size.min(l.size) * BASELINE_SHARE;
            let gap = l.x0 - last.x1;
            let em = last.size.max(l.size);
            let number_apart = gap >= em * 0.5 && is_number(&l.text);
            if same_base && gap < em * 2.5 && !number_apart {
                join_text(&mut last.text, &l.text);
                last.x1 = last.x1.max(l.x1);
                last.size = last.size.max(l.size);
                continue;
            }
        }
        out.push(l);
    }
    out
}

/// A bare number of up to four digits, as a page number is printed.
fn is_number(text: &str) -> bool {
    (1..=4).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit())
}
