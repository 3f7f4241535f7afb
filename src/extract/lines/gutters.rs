//! Column gutters of one page, found from the pieces of its lines (glyphs drawn by a
//! PDF, or words an OCR engine read): where body-size text leaves a vertical band free
//! that has text on both sides, so lines running across both columns are cut there.

use super::{dominant_size, BODY_SIZE_TOLERANCE, GUTTER_MIN_EM, GUTTER_MIN_LINES};

/// A piece of a line as gutters see it: the horizontal extent of its ink and its font
/// size, in points.
pub trait Inked {
    fn ink(&self) -> (f32, f32);
    fn size(&self) -> f32;
}

/// Whether the gap between two neighbouring pieces of a line crosses a gutter: it
/// covers at least half of it.
pub fn crosses_gutter(gap: (f32, f32), gutters: &[(f32, f32)]) -> bool {
    gutters.iter().any(|g| {
        let overlap = gap.1.min(g.1) - gap.0.max(g.0);
        overlap >= (g.1 - g.0) / 2.0
    })
}

/// Column gutters of a page: x-intervals at least [`GUTTER_MIN_EM`] wide that few
/// lines cover with a glyph compared with the text on either side or with the lines
/// that have a gap there, and that have text on both sides in several lines. Letter-spaced titles do not make one: the
/// lines above and below cover their gaps.
pub fn find_gutters<L: AsRef<[P]>, P: Inked>(lines: &[L]) -> Vec<(f32, f32)> {
    let items = || lines.iter().flat_map(|l| l.as_ref().iter());
    let (Some(left), Some(right)) = (
        items().map(|p| p.ink().0).min_by(f32::total_cmp),
        items().map(|p| p.ink().1).max_by(f32::total_cmp),
    ) else {
        return Vec::new();
    };
    let mut sizes: Vec<f32> = items().map(|p| p.size()).collect();
    sizes.sort_by(f32::total_cmp);
    let em = sizes[sizes.len() / 2];
    // Per one-point bin (pages are at most a few thousand points wide): how many lines
    // cover it with a glyph, and how many have a gap at least a gutter wide across it.
    let origin = left.floor();
    let bins = ((right - origin).ceil() as usize + 1).min(20_000);
    let bin = |x: f32| ((x - origin).max(0.0) as usize).min(bins - 1);
    let mut count = vec![0usize; bins];
    let mut gapped = vec![0usize; bins];
    let mut last_line = vec![usize::MAX; bins];
    for (n, line) in lines.iter().enumerate() {
        // Titles and mastheads set larger than the body text often run across both
        // columns; only body-size lines tell where the columns are.
        let size = dominant_size(line.as_ref().iter().map(|p| p.size()));
        if (size - em).abs() > BODY_SIZE_TOLERANCE * em {
            continue;
        }
        for p in line.as_ref() {
            for b in bin(p.ink().0)..=bin(p.ink().1) {
                if last_line[b] != n {
                    last_line[b] = n;
                    count[b] += 1;
                }
            }
        }
        for pair in line.as_ref().windows(2) {
            let (a, b) = (pair[0].ink().1, pair[1].ink().0);
            if b - a >= GUTTER_MIN_EM * pair[0].size().max(pair[1].size()) {
                let (first, end) = (bin(a) + 1, bin(b));
                if first < end {
                    gapped[first..end].iter_mut().for_each(|g| *g += 1);
                }
            }
        }
    }
    // A gutter bin is covered by at most a quarter as many lines as the columns on
    // either side of it, or more lines have a gap across it than a glyph on it (a
    // title or a page footer may run across both columns).
    let mut left_max = count.clone();
    for b in 1..bins {
        left_max[b] = left_max[b].max(left_max[b - 1]);
    }
    let mut right_max = count.clone();
    for b in (0..bins.saturating_sub(1)).rev() {
        right_max[b] = right_max[b].max(right_max[b + 1]);
    }
    let free = |b: usize| {
        count[b] * 4 <= left_max[b].min(right_max[b])
            || (gapped[b] >= GUTTER_MIN_LINES && gapped[b] >= count[b])
    };
    let mut gutters = Vec::new();
    let mut k = 0;
    while k < bins {
        if !free(k) {
            k += 1;
            continue;
        }
        let start = k;
        while k < bins && free(k) {
            k += 1;
        }
        let (x0, x1) = (origin + start as f32, origin + k as f32);
        if x1 - x0 < GUTTER_MIN_EM * em {
            continue;
        }
        let left_lines = lines
            .iter()
            .filter(|l| l.as_ref().iter().any(|p| p.ink().1 <= x0 + 1.0))
            .count();
        let right_lines = lines
            .iter()
            .filter(|l| l.as_ref().iter().any(|p| p.ink().0 >= x1 - 1.0))
            .count();
        if left_lines >= GUTTER_MIN_LINES && right_lines >= GUTTER_MIN_LINES {
            gutters.push((x0, x1));
        }
    }
    gutters
}
