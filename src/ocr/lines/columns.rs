//! Columns on an OCR page: whether the glyphs show two before the page is read,
//! which gutters between the words read are column gutters, and where a line is cut
//! at one.

use crate::extract::lines::gutters::{crosses_gutter, find_gutters, Inked};
use crate::extract::lines::{dominant_size, BODY_SIZE_TOLERANCE};
use crate::layout::median;
use crate::ocr::PageImage;

/// Half the pieces of a page set in columns of text are at least this many ems long
/// (a column's lines run to 15 ems and more); a table's cells are shorter.
const COLUMN_LINE_MIN_EMS: f32 = 8.0;
/// A column of text has at least this many lines starting at its left edge, or
/// within `COLUMN_INDENT_EMS` of it (a paragraph's first line is indented two ems).
const COLUMN_MIN_LINES: usize = 3;
const COLUMN_INDENT_EMS: f32 = 2.5;
/// A word as column gutters see it.
pub(super) struct WordInk {
    pub(super) ink: (f32, f32),
    pub(super) size: f32,
}

impl Inked for WordInk {
    fn ink(&self) -> (f32, f32) {
        self.ink
    }
    fn size(&self) -> f32 {
        self.size
    }
}

/// Whether the page shows two columns before it is read, from the boxes of its
/// glyphs (pixels: left, top, width, height): glyphs whose middles fall within one
/// another's height make a row, and glyphs less than a row's height apart one
/// piece of it; those rows go through the gutter finder and the columns test that
/// read words go through.
pub(in crate::ocr) fn glyphs_show_columns(glyphs: &[[i32; 4]], image: &PageImage) -> bool {
    let mut sorted: Vec<[f32; 4]> = glyphs
        .iter()
        .map(|&[x, y, w, h]| image.to_points([x, y, x + w, y + h].map(|v| v as f32)))
        .collect();
    sorted.sort_by(|a, b| (a[1] + a[3]).total_cmp(&(b[1] + b[3])));
    let mut rows: Vec<Vec<[f32; 4]>> = Vec::new();
    let mut span = (f32::MIN, f32::MIN);
    for b in sorted {
        let middle = (b[1] + b[3]) / 2.0;
        match rows.last_mut() {
            Some(row) if middle <= span.1 => {
                row.push(b);
                span = (span.0.min(b[1]), span.1.max(b[3]));
            }
            _ => {
                rows.push(vec![b]);
                span = (b[1], b[3]);
            }
        }
    }
    let inked: Vec<Vec<WordInk>> = rows
        .iter_mut()
        .map(|row| {
            let top = row.iter().map(|b| b[1]).fold(f32::INFINITY, f32::min);
            let bottom = row.iter().map(|b| b[3]).fold(f32::NEG_INFINITY, f32::max);
            let size = bottom - top;
            row.sort_by(|a, b| a[0].total_cmp(&b[0]));
            let mut pieces: Vec<WordInk> = Vec::new();
            for b in row.iter() {
                match pieces.last_mut() {
                    Some(p) if b[0] - p.ink.1 < size => p.ink.1 = p.ink.1.max(b[2]),
                    _ => pieces.push(WordInk {
                        ink: (b[0], b[2]),
                        size,
                    }),
                }
            }
            pieces
        })
        .collect();
    // A table's cells leave gutters too, but columns of text are lines of many
    // characters.
    let ems = inked
        .iter()
        .flatten()
        .map(|p| (p.ink.1 - p.ink.0) / p.size.max(1.0));
    let long_lines = median(ems.collect()).is_some_and(|m| m >= COLUMN_LINE_MIN_EMS);
    long_lines
        && find_gutters(&inked)
            .into_iter()
            .any(|g| makes_columns(&inked, g))
}

/// Whether a gap between two words of a row is at a column gutter: across half of
/// it, as extraction has it, or, after a column's line (`before_ems` long, at least
/// `COLUMN_LINE_MIN_EMS`), as wide as half of it and in it. A word's box from OCR
/// may take in ink beside its glyph (`如` drawn 13 points wide at the end of a left
/// column's line) and so reach well into the gutter; the characters of a title set
/// letter-spaced over the gutter (`大　事　记`) stand alone.
pub(super) fn at_gutter(gap: (f32, f32), gutters: &[(f32, f32)], before_ems: f32) -> bool {
    crosses_gutter(gap, gutters)
        || before_ems >= COLUMN_LINE_MIN_EMS
            && gutters.iter().any(|g| {
                let overlap = gap.1.min(g.1) - gap.0.max(g.0);
                overlap > 0.0 && gap.1 - gap.0 >= (g.1 - g.0) / 2.0
            })
}

/// Whether a gutter makes two columns: a gutter with a narrow strip beside it (the
/// page numbers of a 目录) does not; each column takes a quarter of the text's width
/// or more, and the gutter cuts `COLUMN_MIN_LINES` at least, each going on at the
/// right column's edge. A band that a few lines leave free by chance (gaps between
/// words of Han set on one grid, in a 目录 of few lines) cuts fewer.
pub(super) fn makes_columns(inked: &[Vec<WordInk>], gutter: (f32, f32)) -> bool {
    let inks = || inked.iter().flatten().map(|w| w.ink);
    let left = inks().map(|i| i.0).fold(f32::INFINITY, f32::min);
    let right = inks().map(|i| i.1).fold(f32::NEG_INFINITY, f32::max);
    let quarter = (right - left) / 4.0;
    // A row read across both columns has a gap across the gutter; a row of the right
    // column read on its own starts in the gutter or just after it. Only rows of
    // body text count, as for the gutter finder (a heading may stand anywhere).
    let em = median(inked.iter().flatten().map(|w| w.size).collect()).unwrap_or(0.0);
    let body = |row: &Vec<WordInk>| {
        (dominant_size(row.iter().map(|w| w.size)) - em).abs() <= BODY_SIZE_TOLERANCE * em
    };
    let cut = |row: &&Vec<WordInk>| {
        body(row)
            && row.iter().enumerate().any(|(k, w)| {
                let across = match k {
                    0 => w.ink.0 >= gutter.0,
                    _ => crosses_gutter((row[k - 1].ink.1, w.ink.0), &[gutter]),
                };
                across && w.ink.0 <= gutter.1 + COLUMN_INDENT_EMS * w.size
            })
    };
    gutter.0 - left >= quarter
        && right - gutter.1 >= quarter
        && inked.iter().filter(cut).count() >= COLUMN_MIN_LINES
}
