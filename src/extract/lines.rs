//! Glyphs to lines: the `pdf_extract::OutputDev` that collects every glyph of one page
//! with its position, and the grouping of those glyphs into [`TextLine`]s by baseline,
//! split at wide horizontal gaps and at the page's column gutters.
//!
//! Glyph widths come from the font's /W array (put in a form pdf-extract reads by
//! `fonts`), but Han and other full-width glyphs are taken to be one em wide whatever
//! the font says (some fonts declare a default width of 0), and the room between two
//! full-width glyphs never produces a space.

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

use crate::model::{PageText, TextLine};
use crate::script::{fold_radical, is_wide};

/// A gap wider than this many ems always splits a baseline into two lines (the two
/// halves of a running header, a label and its value). Narrower gutters between
/// columns are found per page by [`find_gutters`].
pub(crate) const SPLIT_GAP_EM: f32 = 3.0;
/// A gap wider than this many ems between two non-CJK glyphs is a word space.
const SPACE_GAP_EM: f32 = 0.18;
/// A line is letter-spaced when most of (and at least this many of) its gaps between
/// non-CJK glyphs are space-wide.
const LETTER_SPACED_MIN_GAPS: usize = 4;
/// Glyphs whose baselines differ by less than this many ems share a baseline.
const BASELINE_TOLERANCE_EM: f32 = 0.25;
/// Kerning and rounding may move a glyph slightly left of where the previous one ended.
const BACKTRACK_EM: f32 = 0.35;
/// A column gutter is at least this many ems wide …
const GUTTER_MIN_EM: f32 = 0.8;
/// … and has text on both sides in at least this many lines of the page.
const GUTTER_MIN_LINES: usize = 2;
/// A page with more glyphs than this is not a page of prose (a dense page holds a few
/// thousand); collecting stops so a hostile file cannot exhaust memory or time.
pub const MAX_GLYPHS_PER_PAGE: usize = 200_000;
/// The largest slope (tan 5°) of a baseline that still runs along a side of the page.
const MAX_SLANT: f64 = 0.0875;
/// A glyph advancing further than this many ems has a broken width.
const MAX_ADVANCE_EM: f32 = 10.0;
/// A glyph is looked for a line to continue among this many most recent lines: enough
/// for the other column of a page, and a bound on the work for pathological pages.
const RECENT_LINES: usize = 64;
/// Lines whose size differs from the page's typical size by more than this share are
/// headings and mastheads, left out when looking for gutters.
pub(crate) const BODY_SIZE_TOLERANCE: f32 = 0.2;

/// One shown glyph, in page coordinates (top-left origin, y downwards).
#[derive(Debug, Clone)]
struct Glyph {
    text: String,
    x: f32,
    y: f32,
    advance: f32,
    size: f32,
}

/// What one page yielded: its text lines plus the counts the quality checks need.
#[derive(Debug, Clone)]
pub struct PageGlyphs {
    pub page: PageText,
    /// Glyphs drawn on the page, spaces included.
    pub glyphs: usize,
    /// Glyphs whose font gave no usable Unicode text.
    pub undecodable: usize,
}

/// Collects the glyphs of exactly one page; `pdf_extract::output_doc_page` drives it.
#[derive(Debug, Default)]
pub struct PageCollector {
    /// Clockwise rotation of the page when displayed: 0, 90, 180 or 270.
    rotation: u16,
    /// The page's /CropBox, the part of the page a reader sees, when it has one.
    crop: Option<MediaBox>,
    /// The box page coordinates are measured in: the crop box, else the media box.
    media: Option<MediaBox>,
    glyphs: Vec<Glyph>,
    undecodable: usize,
    drawn: usize,
    overflowed: bool,
}

impl PageCollector {
    /// A collector for a page with the given /Rotate value and /CropBox; lines come out
    /// as the page is displayed.
    pub fn new(rotate: i64, crop: Option<[f64; 4]>) -> Self {
        PageCollector {
            crop: crop.and_then(|[a, b, c, d]| {
                let (llx, urx, lly, ury) = (a.min(c), a.max(c), b.min(d), b.max(d));
                (urx > llx && ury > lly).then_some(MediaBox { llx, lly, urx, ury })
            }),
            // /Rotate must be a multiple of 90; anything else is read as unrotated.
            rotation: match rotate.rem_euclid(360) {
                90 => 90,
                180 => 180,
                270 => 270,
                _ => 0,
            },
            ..PageCollector::default()
        }
    }

    /// A point of user space in displayed page coordinates (top-left origin, y down).
    fn display(&self, media: &MediaBox, x: f64, y: f64) -> (f32, f32) {
        let (dx, dy) = match self.rotation {
            90 => (y - media.lly, x - media.llx),
            180 => (media.urx - x, y - media.lly),
            270 => (media.ury - y, media.urx - x),
            _ => (x - media.llx, media.ury - y),
        };
        (dx as f32, dy as f32)
    }

    /// Whether the page had more than [`MAX_GLYPHS_PER_PAGE`] glyphs (collection
    /// stopped there).
    pub fn overflowed(&self) -> bool {
        self.overflowed
    }

    /// Groups the collected glyphs into lines. `index` is the 0-based page index.
    pub fn finish(self, index: u32) -> PageGlyphs {
        let (width, height) = match self.media {
            Some(m) => ((m.urx - m.llx).abs() as f32, (m.ury - m.lly).abs() as f32),
            None => (0.0, 0.0),
        };
        let (width, height) = match self.rotation {
            90 | 270 => (height, width),
            _ => (width, height),
        };
        PageGlyphs {
            page: PageText {
                index,
                width,
                height,
                lines: group_lines(&self.glyphs),
            },
            glyphs: self.drawn,
            undecodable: self.undecodable,
        }
    }
}

impl OutputDev for PageCollector {
    fn begin_page(
        &mut self,
        _page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.media = Some(self.crop.unwrap_or(*media_box));
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        if self.drawn >= MAX_GLYPHS_PER_PAGE {
            self.overflowed = true;
            return Err(OutputError::FormatError(std::fmt::Error));
        }
        self.drawn += 1;
        if !is_decodable(char) {
            self.undecodable += 1;
            return Ok(());
        }
        let Some(media) = self.media else {
            return Ok(());
        };
        if !runs_along_a_side(trm) {
            return Ok(());
        }
        // pdf-extract's text rendering matrix leaves the font size out, so the glyph's
        // em is the font size scaled by the matrix.
        let x_scale = trm.m11.hypot(trm.m12);
        let y_scale = trm.m21.hypot(trm.m22);
        let size = (font_size * y_scale).abs() as f32;
        let em_x = (font_size * x_scale).abs() as f32;
        if !size.is_finite() || size <= 0.0 || !trm.m31.is_finite() || !trm.m32.is_finite() {
            return Ok(());
        }
        let advance = if char.chars().all(is_wide) {
            em_x * char.chars().count() as f32
        } else {
            (width * font_size * x_scale).abs() as f32
        };
        let (x, y) = self.display(&media, trm.m31, trm.m32);
        self.glyphs.push(Glyph {
            text: char.chars().map(fold_radical).collect(),
            x,
            y,
            advance: if advance.is_finite() {
                advance.min(MAX_ADVANCE_EM * size)
            } else {
                0.0
            },
            size,
        });
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// Whether a glyph's baseline runs along a side of the page (upright, sideways or
/// upside down, whatever the page's /Rotate, a multiple of 90°). Text is set so; a
/// watermark across the page, or the name of an office set round a seal, is not.
fn runs_along_a_side(trm: &Transform) -> bool {
    let (across, down) = (trm.m11.abs(), trm.m12.abs());
    let (short, long) = (across.min(down), across.max(down));
    long > 0.0 && short <= MAX_SLANT * long
}

/// A glyph decodes when its font mapped it to at least one real character.
fn is_decodable(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c != '\u{FFFD}' && (!c.is_control() || c == '\t'))
}

/// Spaces drawn as glyphs only hint at a word break: they are not kept as glyphs, so a
/// trailing space never widens a line and a space between Han glyphs never appears.
fn is_soft_space(text: &str) -> bool {
    text.chars().all(|c| c == ' ' || c == '\u{A0}' || c == '\t')
}

/// A glyph that draws nothing but is kept as text: the ideographic space, which
/// indents, separates a title from a name (`总理　李克强`) or fills a 目录 line.
fn is_blank(text: &str) -> bool {
    text.chars().all(|c| c == '\u{3000}')
}

/// A glyph placed in a line.
#[derive(Debug)]
struct Placed {
    /// Position of the glyph in the content stream, to keep lines in drawing order.
    seq: usize,
    text: String,
    x0: f32,
    x1: f32,
    /// Horizontal extent of the glyph's ink, for finding gutters (see [`ink`]).
    ink: (f32, f32),
    size: f32,
    space_before: bool,
    /// The room before the glyph in ems, when only that decides whether a space
    /// precedes it (two non-CJK glyphs, no space drawn).
    gap_em: Option<f32>,
}

#[derive(Debug)]
struct LineBuilder {
    y: f32,
    x1: f32,
    /// Origin of the last glyph, to tell a continuation from a glyph drawn leftwards.
    last_x: f32,
    pending_space: bool,
    items: Vec<Placed>,
}

impl AsRef<[Placed]> for LineBuilder {
    fn as_ref(&self) -> &[Placed] {
        &self.items
    }
}

impl gutters::Inked for Placed {
    fn ink(&self) -> (f32, f32) {
        self.ink
    }
    fn size(&self) -> f32 {
        self.size
    }
}

impl LineBuilder {
    fn start(seq: usize, g: &Glyph) -> Self {
        LineBuilder {
            y: g.y,
            x1: g.x + g.advance,
            last_x: g.x,
            pending_space: false,
            items: vec![place(seq, g, false)],
        }
    }

    fn em(&self, g: &Glyph) -> f32 {
        g.size.max(self.items.last().map_or(g.size, |p| p.size))
    }

    /// Whether `g` continues this line: same baseline, to the right of the last glyph,
    /// and not across a wide gap. A line of blank glyphs only takes a glyph on its
    /// baseline drawn to its left too (see [`LineBuilder::push`]).
    fn accepts(&self, g: &Glyph) -> bool {
        let em = self.em(g);
        (g.y - self.y).abs() <= BASELINE_TOLERANCE_EM * em
            && (g.x >= self.last_x - BACKTRACK_EM * em || self.is_blank())
            && g.x - self.x1 <= SPLIT_GAP_EM * em
    }

    /// Where a glyph placed at `p` on baseline `y` fits into a gap this line left for
    /// it: between two of its glyphs, at least a quarter em before the next. The
    /// glyph's origin decides, not its advance: a fallback font's widths may not be
    /// the ones the line was set with.
    fn gap_for(&self, y: f32, p: &Placed) -> Option<usize> {
        let em = p.size.max(self.items[0].size);
        if (y - self.y).abs() > BASELINE_TOLERANCE_EM * em || is_blank(&p.text) {
            return None;
        }
        let slack = 0.1 * em;
        self.items
            .windows(2)
            .position(|w| w[0].x1 <= p.x0 + slack && p.x0 + 0.25 * em <= w[1].x0)
            .map(|i| i + 1)
    }

    /// Whether every glyph of the line so far is a blank (an ideographic space).
    fn is_blank(&self) -> bool {
        self.items.iter().all(|p| is_blank(&p.text))
    }

    fn push(&mut self, seq: usize, g: &Glyph) {
        // Word processors draw a filler space ahead of the run it sits in (LibreOffice
        // puts a justification space before the glyphs to its left): blanks that a
        // glyph drawn further left follows belong inside that run and are dropped, so
        // they neither start a line of their own nor capture the glyphs after them.
        if self.is_blank() && g.x < self.last_x {
            *self = LineBuilder::start(seq, g);
            return;
        }
        let em = self.em(g);
        let first = g.text.chars().next().unwrap_or(' ');
        let prev = self
            .items
            .last()
            .and_then(|p| p.text.chars().last())
            .unwrap_or(' ');
        // Between two full-width glyphs a space is never text; next to one, only a
        // drawn space is (typesetters add room between Han and Latin without one).
        let (space, gap_em) = match (is_wide(prev), is_wide(first)) {
            (true, true) => (false, None),
            (true, false) | (false, true) => (self.pending_space, None),
            (false, false) if self.pending_space => (true, None),
            (false, false) => {
                let gap_em = (g.x - self.x1) / em;
                (gap_em > SPACE_GAP_EM, Some(gap_em))
            }
        };
        let mut placed = place(seq, g, space);
        placed.gap_em = gap_em;
        self.items.push(placed);
        self.x1 = self.x1.max(g.x + g.advance);
        // A blank drawn out of order must not push the bar for the next glyph right.
        if !is_blank(&g.text) {
            self.last_x = g.x;
        }
        self.pending_space = false;
    }
}

fn place(seq: usize, g: &Glyph, space_before: bool) -> Placed {
    Placed {
        seq,
        text: g.text.clone(),
        x0: g.x,
        x1: g.x + g.advance,
        ink: ink(&g.text, g.x, g.advance),
        size: g.size,
        space_before,
        gap_em: None,
    }
}

/// Full-width CJK punctuation is drawn in one half of its em box: commas, stops and
/// closing brackets on the left, opening brackets on the right. Typesetters let these
/// hang into the margin or squeeze them, so their empty half says nothing about where
/// a column ends.
fn ink(text: &str, x: f32, advance: f32) -> (f32, f32) {
    let mut chars = text.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return (x, x + advance);
    };
    if "，。、；：！？）》」』〕】〉”’".contains(c) {
        (x, x + advance / 2.0)
    } else if "（《「『〔【〈“‘".contains(c) {
        (x + advance / 2.0, x + advance)
    } else {
        (x, x + advance)
    }
}

/// Makes a [`TextLine`] of glyphs on one baseline; None when they are all blank.
fn text_line(y: f32, items: &[Placed]) -> Option<TextLine> {
    // In letter-spaced Latin (a cover's transliterated title) nearly every gap is
    // wide; only gaps clearly wider than the letter spacing are word spaces.
    let gaps: Vec<f32> = items.iter().filter_map(|p| p.gap_em).collect();
    let wide: Vec<f32> = gaps.iter().copied().filter(|g| *g > SPACE_GAP_EM).collect();
    let letter_spaced = wide.len() >= LETTER_SPACED_MIN_GAPS && wide.len() * 10 >= gaps.len() * 6;
    let word_gap = if letter_spaced {
        wide.iter().copied().fold(f32::MAX, f32::min) + SPACE_GAP_EM
    } else {
        SPACE_GAP_EM
    };
    let mut text = String::new();
    for (i, p) in items.iter().enumerate() {
        let space = match p.gap_em {
            Some(gap) => gap > word_gap,
            None => p.space_before,
        };
        if space && i > 0 {
            text.push(' ');
        }
        text.push_str(&p.text);
    }
    let text = text.trim_end().to_string();
    if text.trim().is_empty() {
        return None;
    }
    Some(TextLine {
        text,
        x0: items.first().map_or(0.0, |p| p.x0),
        x1: items.iter().map(|p| p.x1).fold(f32::MIN, f32::max),
        y,
        size: dominant_size(items.iter().map(|p| p.size)),
    })
}

/// The size most glyphs have (to a tenth of a point), so one enlarged initial or
/// superscript does not decide it.
pub(crate) fn dominant_size(sizes: impl Iterator<Item = f32>) -> f32 {
    let mut counts: Vec<(i64, usize)> = Vec::new();
    for s in sizes {
        let key = (s * 10.0).round() as i64;
        match counts.iter_mut().find(|(k, _)| *k == key) {
            Some((_, n)) => *n += 1,
            None => counts.push((key, 1)),
        }
    }
    counts
        .iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map_or(0.0, |(k, _)| *k as f32 / 10.0)
}

/// Lines in the order their first glyph was drawn. A glyph joins the line it
/// continues, looked up from the most recent, so a line drawn in several pieces is put
/// back together; lines are then cut at the page's column gutters.
fn group_lines(glyphs: &[Glyph]) -> Vec<TextLine> {
    let mut lines: Vec<LineBuilder> = Vec::new();
    let mut drawn = overprint::Drawn::default();
    for (seq, g) in glyphs.iter().enumerate() {
        if is_soft_space(&g.text) {
            if let Some(line) = continued(&mut lines, g) {
                line.pending_space = true;
            }
            continue;
        }
        if drawn.again(glyphs, seq) {
            continue;
        }
        match continued(&mut lines, g) {
            Some(line) => line.push(seq, g),
            None => lines.push(LineBuilder::start(seq, g)),
        }
    }

    interleaved::absorb_interleaved(&mut lines);
    let gutters = gutters::find_gutters(&lines);
    let mut parts: Vec<(usize, TextLine)> = Vec::new();
    for line in &lines {
        let mut start = 0;
        for k in 1..=line.items.len() {
            let cut = k == line.items.len()
                || gutters::crosses_gutter(
                    (line.items[k - 1].ink.1, line.items[k].ink.0),
                    &gutters,
                );
            if cut {
                let piece = &line.items[start..k];
                if let Some(tl) = text_line(line.y, piece) {
                    parts.push((piece[0].seq, tl));
                }
                start = k;
            }
        }
    }
    parts.sort_by_key(|(seq, _)| *seq);
    parts.into_iter().map(|(_, tl)| tl).collect()
}

/// The recent line `g` continues, if any.
fn continued<'a>(lines: &'a mut [LineBuilder], g: &Glyph) -> Option<&'a mut LineBuilder> {
    lines
        .iter_mut()
        .rev()
        .take(RECENT_LINES)
        .find(|l| l.accepts(g))
}

pub(crate) mod gutters;
mod interleaved;
mod overprint;
#[cfg(test)]
mod tests;
