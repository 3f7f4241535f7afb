//! What is painted out of a page image before it is read.
//!
//! Dot leaders: a 目录 line runs from its title through a row of dots to its page
//! number; Tesseract reads the dots as letters (`pp`, `PR`, `:ppp`), merges the number
//! into them, or drops the whole line. Found as what they are (a long row of small,
//! evenly spaced specks on one baseline) and painted white, they leave the title, a
//! gap and the number, which it reads. The same dots around a page number (`· 3 ·`)
//! keep the engine from finding the digit's line at all; in the footer band every dot
//! is painted out, and every dash (`— 3 —`), which the digits-only pass reads as digits.
//!
//! Rules: the line under a running header and the red rule under a 版头 are read, in
//! one block of lines, as a row of characters merged with the text above them. A long,
//! thin, level component is painted out.
//!
//! Frames: a table's grid read with its cells comes out as bars and misread cells. A
//! component larger every way than any glyph has its own ink painted out, the text
//! inside it left.
//!
//! This module owns the decoded picture handed to the engine and the one place where
//! leptonica is called directly; the search for leaders, dots and rules is plain code
//! over the picture's connected components.

use std::collections::HashMap;

use leptess::capi;
use leptess::leptonica::{pix_read_mem, Pix};

/// The grey level (0 black, 255 white) below which a pixel is ink when a clip is
/// thresholded for the engine to read.
pub const MIDDLE_GREY: i32 = 128;
/// Paper scanned lighter than this grey is white paper, read as it is; darker, it is
/// a tinted or yellowed sheet, or shaded, brought to white before it is read.
const WHITE_PAPER: i32 = 240;
/// The paper's level is measured on the picture shrunk this many times …
const PAPER_REDUCTION: i32 = 4;
/// … as the lightest grey within this many of its pixels (odd) around each point: 60
/// pixels, 5 mm at 300 dpi, are wider than a body glyph's strokes and the blanks
/// between them, so that a glyph is never its own paper.
const PAPER_CLOSING: i32 = 15;
/// The paper's darkest level that counts is the one this share of it is darker than:
/// a dark picture or a filled box printed on the page is no paper.
const DARK_PAPER_RANK: f32 = 0.02;
/// A lighter threshold, for finding where glyphs are: a scan's thin strokes (the
/// short upper stroke of 二) come out broken at middle grey.
pub const INKY_GREY: i32 = 170;
/// A leader dot is at most this many points on a side (a period or an ellipsis dot
/// of text up to about 20 pt).
const MAX_DOT_POINTS: f32 = 2.5;
/// Specks smaller than this many points on a side are scanner noise, not dots.
const MIN_DOT_POINTS: f32 = 0.4;
/// The fewest dots in a row taken for a leader. A Chinese ellipsis (`……`) is six.
const MIN_RUN: usize = 8;
/// The widest space between two dots of a leader, in dot sizes.
const MAX_GAP_DOTS: i32 = 6;
/// A character of text is at least this many points on its longer side (a full stop
/// of body text is about 2) …
const MIN_GLYPH_POINTS: f32 = 1.5;
/// … and at most this many on either side (a red header's characters are under 40).
const MAX_GLYPH_POINTS: f32 = 48.0;
/// A dash is more than this many times as wide as it is high; a digit, even 0 or 4
/// in a wide face, is not.
const DASH_FLATNESS: i32 = 3;
/// A rule is at least this many points long …
const MIN_RULE_POINTS: f32 = 108.0;
/// … at most this many thick …
const MAX_RULE_POINTS: f32 = 5.0;
/// … and this many times longer than thick.
const MIN_RULE_RATIO: i32 = 20;

/// A page image decoded by leptonica, ready for the engine, with its connected
/// components (left, top, width, height in pixels) once they are asked for.
pub struct Picture {
    pix: Pix,
    components: Option<Vec<[i32; 4]>>,
}

impl Picture {
    /// Decodes an image file (JPEG, JPEG 2000, PNM, TIFF); None when leptonica cannot.
    /// A colour scan is kept as its luminance, as the engine's recogniser sees it
    /// anyway.
    pub fn decode(file: &[u8]) -> Option<Picture> {
        let picture = Picture {
            pix: pix_read_mem(file).ok()?,
            components: None,
        };
        let raw = picture.raw();
        // SAFETY: `raw` is the live picture `picture` owns, only read here; the
        // conversion makes a new picture the returned value owns.
        unsafe {
            if capi::pixGetDepth(raw) == 32 && capi::pixGetColormap(raw).is_null() {
                return Picture::own(capi::pixConvertRGBToLuminance(raw)).or(Some(picture));
            }
        }
        Some(picture)
    }

    /// The picture for `TessApi::set_image`, on white paper: a sheet whose paper is
    /// darker than `WHITE_PAPER` anywhere (tinted, yellowed, or lit unevenly as a
    /// photograph is) comes as a copy with each part's greys stretched so that the
    /// paper there is white. The engine sets its threshold from the greys of what it
    /// reads (Otsu's method): on a darker sheet it falls above the grey of thin strokes
    /// blurred by the scan (the hairlines of full-width digits, `２０２１` read
    /// `230'2汪`), and in a band of shaded paper it falls among the paper's own speckle
    /// (a footer's `— 2 —` read as nothing). The paper's level is taken around each
    /// point over more than a glyph, so that text is not taken for paper. What is found
    /// here in the picture (leaders, rules, frames, glyphs) is found in its own greys,
    /// where a thin rule keeps its ink.
    pub fn for_engine(&self) -> Option<Picture> {
        let raw = self.raw();
        // SAFETY: `raw` is the live picture this value owns, only read here; the map,
        // its inverse and the copy are new pictures owned by values made here.
        unsafe {
            if capi::pixGetDepth(raw) != 8 || !capi::pixGetColormap(raw).is_null() {
                return None;
            }
            let mut map = std::ptr::null_mut();
            let failed = capi::pixGetBackgroundGrayMapMorph(
                raw,
                std::ptr::null_mut(),
                PAPER_REDUCTION,
                PAPER_CLOSING,
                &mut map,
            );
            let map = Picture::own(map).filter(|_| failed == 0)?;
            let mut darkest = 0;
            if capi::pixGetRankValue(map.raw(), 1, DARK_PAPER_RANK, &mut darkest) != 0
                || darkest >= WHITE_PAPER as u32
            {
                return None;
            }
            let to_white = Picture::own(capi::pixGetInvBackgroundMap(map.raw(), 255, 0, 0))?;
            let levelled = Picture::own(capi::pixApplyInvBackgroundGrayMap(
                raw,
                to_white.raw(),
                PAPER_REDUCTION,
                PAPER_REDUCTION,
            ))?;
            // The map is the lightest grey around each point, lighter than most of
            // the speckled paper there: the commonest light grey left is the paper,
            // stretched to white with the speckle above it.
            let paper = commonest_light_grey(levelled.raw())?;
            let stretched = capi::pixGammaTRC(levelled.raw(), levelled.raw(), 1.0, 0, paper);
            (!stretched.is_null()).then_some(levelled)
        }
    }

    /// The picture as it is, for `TessApi::set_image` (see `for_engine`).
    pub fn pix(&self) -> &Pix {
        &self.pix
    }

    /// Paints every dot leader white; returns where each leader was (left, top,
    /// right, bottom in pixels). `dpi` is the image's resolution, which sets what size
    /// a dot may be.
    pub fn erase_leaders(&mut self, dpi: f32) -> Vec<[i32; 4]> {
        let boxes = self.components().to_vec();
        let runs = leader_runs(&boxes, dpi);
        self.paint_white(runs.iter().flatten().map(|&i| boxes[i]));
        runs.iter().map(|run| extent(run, &boxes)).collect()
    }

    /// Paints every rule (a long, thin, level line) white.
    pub fn erase_rules(&mut self, dpi: f32) {
        let is_rule = rule_test(dpi);
        let rules: Vec<[i32; 4]> = self
            .components()
            .iter()
            .filter(|b| is_rule(b))
            .copied()
            .collect();
        self.paint_white(rules.into_iter());
    }

    /// Paints the ink of every frame white, leaving what is inside it: a table's grid
    /// or a box drawn round text is one component larger every way than any glyph.
    /// Read with its grid, a table comes out as bars and misread cells.
    pub fn erase_frames(&mut self, dpi: f32) {
        let largest = pixels(MAX_GLYPH_POINTS, dpi) as i32;
        // Most pages have no frame: the boxes already found say so without the
        // second pass that gives each component's own pixels.
        if !self
            .components()
            .iter()
            .any(|b| b[2] > largest && b[3] > largest)
        {
            return;
        }
        let raw = self.raw();
        // SAFETY: `raw` is the live picture this value owns; every picture, box and
        // array allocated here is freed here, and each component's picture is copied
        // into the mask only inside the mask's bounds (leptonica clips rasterops).
        unsafe {
            if !capi::pixGetColormap(raw).is_null() {
                return;
            }
            let mut binary = capi::pixConvertTo1(raw, MIDDLE_GREY);
            if binary.is_null() {
                return;
            }
            let mut pieces: *mut capi::Pixa = std::ptr::null_mut();
            let mut boxa = capi::pixConnComp(binary, &mut pieces, 8);
            let mut mask = capi::pixCreate(capi::pixGetWidth(raw), capi::pixGetHeight(raw), 1);
            let mut framed = false;
            if !boxa.is_null() && !pieces.is_null() && !mask.is_null() {
                for i in 0..capi::boxaGetCount(boxa) {
                    let (mut x, mut y, mut w, mut h) = (0, 0, 0, 0);
                    let ok = capi::boxaGetBoxGeometry(boxa, i, &mut x, &mut y, &mut w, &mut h);
                    if ok != 0 || w <= largest || h <= largest {
                        continue;
                    }
                    let mut piece = capi::pixaGetPix(pieces, i, capi::L_CLONE as i32);
                    if piece.is_null() {
                        continue;
                    }
                    capi::pixRasterop(mask, x, y, w, h, capi::PIX_PAINT as i32, piece, 0, 0);
                    capi::pixDestroy(&mut piece);
                    framed = true;
                }
                if framed {
                    capi::pixSetMasked(raw, mask, paper(raw));
                }
            }
            capi::pixDestroy(&mut mask);
            capi::pixaDestroy(&mut pieces);
            capi::boxaDestroy(&mut boxa);
            capi::pixDestroy(&mut binary);
            if framed {
                self.components = None;
            }
        }
    }

    /// Paints a folio's ornaments from pixel row `top` down white: dots (`· 3 ·`),
    /// which keep the engine from finding the digit's line, and dashes (`— 2 —`),
    /// which the digits-only engine reads as digits (`22`).
    pub fn erase_ornaments_below(&mut self, top: i32, dpi: f32) {
        let is_ornament = ornament_test(dpi);
        let ornaments: Vec<[i32; 4]> = self
            .components()
            .iter()
            .filter(|b| b[1] >= top && is_ornament(b))
            .copied()
            .collect();
        self.paint_white(ornaments.into_iter());
    }

    /// Where the lowest row of ink from pixel row `top` down lies (left, top, right,
    /// bottom in pixels): the components the size of a character of text there level
    /// with the lowest of them (reaching into its height: the lowest may be a piece
    /// of a digit broken off, `8`'s lower left, lower than the rest of the digit),
    /// a folio's ornaments (painted out by `erase_ornaments_below`) left out; None
    /// when there are none. A folio stands below the text area; a line of text that
    /// reaches into the band (a column's last `箱。`) stands above it.
    pub fn ink_below(&mut self, top: i32, dpi: f32) -> Option<[i32; 4]> {
        let is_ornament = ornament_test(dpi);
        let glyphs = self.glyphs(dpi);
        let below = (0..glyphs.len()).filter(|&i| glyphs[i][1] >= top && !is_ornament(&glyphs[i]));
        let lowest = below.clone().max_by_key(|&i| glyphs[i][1] + glyphs[i][3])?;
        let [_, row_top, _, row_height] = glyphs[lowest];
        let level = |i: &usize| {
            let [_, y, _, h] = glyphs[*i];
            y <= row_top + row_height && y + h >= row_top
        };
        let row: Vec<usize> = below.filter(level).collect();
        Some(extent(&row, &glyphs))
    }

    /// Rules that glyphs touch (a banner set on its rule), which `erase_rules` leaves
    /// as they make one component with the glyphs: components as long as a rule,
    /// thicker than one and no higher than a glyph (left, top, width, height in
    /// pixels).
    pub fn inked_rules(&mut self, dpi: f32) -> Vec<[i32; 4]> {
        let min_long = pixels(MIN_RULE_POINTS, dpi) as i32;
        let highest = pixels(MAX_GLYPH_POINTS, dpi) as i32;
        let is_rule = rule_test(dpi);
        self.components()
            .iter()
            .filter(|b| b[2] >= min_long && b[3] <= highest && !is_rule(b))
            .copied()
            .collect()
    }

    /// The components the size of a character of text (left, top, width, height in
    /// pixels): not specks, rules or pictures.
    pub fn glyphs(&mut self, dpi: f32) -> Vec<[i32; 4]> {
        let (least, most) = (pixels(MIN_GLYPH_POINTS, dpi), pixels(MAX_GLYPH_POINTS, dpi));
        let glyph = |side: i32| (side as f32) <= most;
        self.components()
            .iter()
            .filter(|b| glyph(b[2]) && glyph(b[3]) && b[2].max(b[3]) as f32 >= least)
            .copied()
            .collect()
    }

    /// The box (left, top, width, height in pixels) enlarged `scale` times, with
    /// `margin` pixels of paper around it, thresholded at `threshold` (pixels darker
    /// are ink), as a picture of its own. The engine thresholds what it reads by itself, but over a region as
    /// small as one mark a scan's noise is half of what it sees and comes out as ink.
    /// Enlarged before it is thresholded, a small glyph keeps its strokes whole.
    pub fn clip_binary(
        &self,
        [x, y, w, h]: [i32; 4],
        margin: i32,
        scale: f32,
        threshold: i32,
    ) -> Option<Picture> {
        let raw = self.raw();
        // SAFETY: `raw` is the live picture this value owns, only read here; every
        // picture and box allocated here is freed here but the last, which the
        // returned value owns.
        unsafe {
            let mut rect = capi::boxCreate(x, y, w, h);
            if rect.is_null() {
                return None;
            }
            let mut clip = capi::pixClipRectangle(raw, rect, std::ptr::null_mut());
            capi::boxDestroy(&mut rect);
            if clip.is_null() {
                return None;
            }
            if scale > 1.0 {
                let mut small = clip;
                clip = capi::pixScale(small, scale, scale);
                capi::pixDestroy(&mut small);
                if clip.is_null() {
                    return None;
                }
            }
            let mut binary = capi::pixConvertTo1(clip, threshold);
            capi::pixDestroy(&mut clip);
            if binary.is_null() {
                return None;
            }
            // White is 0 in a one-bit picture.
            let framed = capi::pixAddBorder(binary, margin, 0);
            capi::pixDestroy(&mut binary);
            Picture::own(framed)
        }
    }

    /// Takes ownership of a picture leptonica made. Not written out and read back:
    /// leptonica's PNM reader takes data bytes that look like white space (a first
    /// row starting with ink) for the header's end, and fails.
    ///
    /// # Safety
    ///
    /// `pix` is null or a picture nothing else frees or changes.
    unsafe fn own(pix: *mut capi::Pix) -> Option<Picture> {
        if pix.is_null() {
            return None;
        }
        let owned = leptonica_plumbing::memory::RefCountedExclusive::new(
            leptonica_plumbing::Pix::new_from_pointer(pix),
        );
        Some(Picture {
            pix: Pix {
                raw: owned.to_ref_counted(),
            },
            components: None,
        })
    }

    /// The picture's connected components at a middle grey threshold, found once
    /// (left, top, width, height in pixels). A palette image has none: painting
    /// "white" into it would paint a palette index.
    pub fn components(&mut self) -> &[[i32; 4]] {
        let raw = self.raw();
        self.components.get_or_insert_with(|| {
            // SAFETY: `raw` is the live picture this value owns; the calls only read
            // it, and what they allocate is freed here.
            unsafe {
                if !capi::pixGetColormap(raw).is_null() {
                    return Vec::new();
                }
                let mut binary = capi::pixConvertTo1(raw, MIDDLE_GREY);
                if binary.is_null() {
                    return Vec::new();
                }
                let mut boxa = capi::pixConnCompBB(binary, 8);
                capi::pixDestroy(&mut binary);
                if boxa.is_null() {
                    return Vec::new();
                }
                let boxes = (0..capi::boxaGetCount(boxa))
                    .filter_map(|i| {
                        let (mut x, mut y, mut w, mut h) = (0, 0, 0, 0);
                        let ok = capi::boxaGetBoxGeometry(boxa, i, &mut x, &mut y, &mut w, &mut h);
                        (ok == 0).then_some([x, y, w, h])
                    })
                    .collect();
                capi::boxaDestroy(&mut boxa);
                boxes
            }
        })
    }

    /// Paints the boxes (left, top, width, height), with a pixel around each, white.
    fn paint_white(&mut self, boxes: impl Iterator<Item = [i32; 4]>) {
        let raw = self.raw();
        // SAFETY: `raw` is the live picture this value owns; only pixels inside it
        // are written (leptonica clips the box), and each box is freed.
        unsafe {
            let one_bit = capi::pixGetDepth(raw) == 1;
            for [x, y, w, h] in boxes {
                let mut rect = capi::boxCreate(x - 1, y - 1, w + 2, h + 2);
                if rect.is_null() {
                    continue;
                }
                if one_bit {
                    capi::pixClearInRect(raw, rect);
                } else {
                    capi::pixSetInRect(raw, rect);
                }
                capi::boxDestroy(&mut rect);
            }
        }
    }

    fn raw(&self) -> *mut capi::Pix {
        *AsRef::<*mut capi::Pix>::as_ref(&*self.pix.raw)
    }
}

/// The commonest grey lighter than middle grey in an eight-bit picture: its paper, as
/// a page's ink covers far less of it. None when it cannot be counted.
///
/// # Safety
/// `raw` must be a live eight-bit picture without a colour map.
unsafe fn commonest_light_grey(raw: *mut capi::Pix) -> Option<i32> {
    let mut histogram = capi::pixGetGrayHistogram(raw, 2);
    if histogram.is_null() {
        return None;
    }
    let count = |level: i32| {
        let mut n = 0;
        capi::numaGetIValue(histogram, level, &mut n);
        n
    };
    let paper = (MIDDLE_GREY..256).max_by_key(|&level| count(level));
    capi::numaDestroy(&mut histogram);
    paper
}

/// The value of white paper in `raw`: 0 in a one-bit image, the largest value at
/// other depths (RGB white at 32 bits).
///
/// # Safety
/// `raw` is a live picture.
unsafe fn paper(raw: *mut capi::Pix) -> u32 {
    match capi::pixGetDepth(raw) {
        1 => 0,
        32 => 0xffff_ff00,
        depth => (1u32 << depth.clamp(1, 31)) - 1,
    }
}

/// Whether a component (left, top, width, height in pixels) is a rule at `dpi`.
fn rule_test(dpi: f32) -> impl Fn(&[i32; 4]) -> bool {
    let min_long = pixels(MIN_RULE_POINTS, dpi) as i32;
    let max_thick = pixels(MAX_RULE_POINTS, dpi).ceil() as i32;
    move |&[_, _, w, h]: &[i32; 4]| w >= min_long && h <= max_thick && w >= MIN_RULE_RATIO * h
}

/// Whether a component (left, top, width, height in pixels) is a folio's ornament: a
/// dot, or a dash, which no digit is as flat as. Rules are longer than any glyph and
/// are not taken for dashes where only glyphs are looked at.
fn ornament_test(dpi: f32) -> impl Fn(&[i32; 4]) -> bool {
    let is_dot = dot_test(dpi);
    let longest = pixels(MAX_GLYPH_POINTS, dpi);
    move |b: &[i32; 4]| is_dot(b) || (b[3] * DASH_FLATNESS < b[2] && b[2] as f32 <= longest)
}

/// Whether a component (left, top, width, height in pixels) is dot-sized at `dpi`:
/// small and near square, larger than scanner speckle.
fn dot_test(dpi: f32) -> impl Fn(&[i32; 4]) -> bool {
    let max_side = max_dot_side(dpi);
    let min_side = pixels(MIN_DOT_POINTS, dpi).floor().max(1.0) as i32;
    move |&[_, _, w, h]: &[i32; 4]| {
        (min_side..=max_side).contains(&w)
            && (min_side..=max_side).contains(&h)
            && w.max(h) <= 2 * w.min(h) + 1
    }
}

/// The longest side of a dot, in pixels at `dpi`.
fn max_dot_side(dpi: f32) -> i32 {
    pixels(MAX_DOT_POINTS, dpi).round().max(2.0) as i32
}

/// A length in points as pixels at `dpi`.
fn pixels(points: f32, dpi: f32) -> f32 {
    points * dpi / 72.0
}

/// Left, top, right and bottom of a run of components.
fn extent(run: &[usize], boxes: &[[i32; 4]]) -> [i32; 4] {
    run.iter()
        .fold([i32::MAX, i32::MAX, i32::MIN, i32::MIN], |e, &i| {
            let [x, y, w, h] = boxes[i];
            [e[0].min(x), e[1].min(y), e[2].max(x + w), e[3].max(y + h)]
        })
}

/// The leaders among the components (left, top, width, height in pixels), each as its
/// dots: small, near square, at least `MIN_RUN` in a row on one baseline, evenly
/// spaced.
fn leader_runs(boxes: &[[i32; 4]], dpi: f32) -> Vec<Vec<usize>> {
    let is_dot = dot_test(dpi);
    let middle = |b: &[i32; 4]| b[1] + b[3] / 2;
    // Dots by the band of rows their middle falls in, each band in x order.
    let band = max_dot_side(dpi);
    let mut bands: HashMap<i32, Vec<usize>> = HashMap::new();
    for (i, b) in boxes.iter().enumerate().filter(|(_, b)| is_dot(b)) {
        bands.entry(middle(b).div_euclid(band)).or_default().push(i);
    }
    for dots in bands.values_mut() {
        dots.sort_by_key(|&i| boxes[i][0]);
    }
    // The next dot to the right on the same baseline, within the widest gap. It lies
    // wholly right of the dot, so following dot after dot always ends.
    let next = |i: usize| -> Option<usize> {
        let b = &boxes[i];
        let key = middle(b).div_euclid(band);
        (key - 1..=key + 1)
            .filter_map(|k| bands.get(&k))
            .flat_map(|dots| dots.iter().copied())
            .filter(|&j| {
                let c = &boxes[j];
                let gap = c[0] - (b[0] + b[2]);
                gap >= 0
                    && gap <= MAX_GAP_DOTS * b[2].max(b[3])
                    && (middle(c) - middle(b)).abs() <= (b[3].max(c[3]) / 2).max(1)
            })
            .min_by_key(|&j| boxes[j][0])
    };
    let mut has_previous = vec![false; boxes.len()];
    let mut following = vec![None; boxes.len()];
    for dots in bands.values() {
        for &i in dots {
            following[i] = next(i);
            if let Some(j) = following[i] {
                has_previous[j] = true;
            }
        }
    }
    let mut leaders = Vec::new();
    for dots in bands.values() {
        for &start in dots.iter().filter(|&&i| !has_previous[i]) {
            let mut run = vec![start];
            let mut current = start;
            while let Some(j) = following[current] {
                run.push(j);
                current = j;
            }
            // A leader set close after its title may start with specks of the
            // title's last glyph (the dots of 法 or 意): they go first.
            let even = (0..run.len().saturating_sub(MIN_RUN - 1))
                .find(|&first| evenly_spaced(&run[first..], boxes));
            if let Some(first) = even {
                leaders.push(run.split_off(first));
            }
        }
    }
    leaders.sort_by_key(|run| run.first().map(|&i| (boxes[i][1], boxes[i][0])));
    leaders
}

/// Whether the dots' gaps are alike: leader dots are set at one pitch (or two, for
/// leaders of ellipsis glyphs: three dots, then the room between two glyphs), while
/// specks that happen to line up are not.
fn evenly_spaced(run: &[usize], boxes: &[[i32; 4]]) -> bool {
    let pitches: Vec<i32> = run
        .windows(2)
        .map(|p| boxes[p[1]][0] - boxes[p[0]][0])
        .collect();
    let (Some(&low), Some(&high)) = (pitches.iter().min(), pitches.iter().max()) else {
        return false;
    };
    high <= low * 2 + 2
}

#[cfg(test)]
mod tests;
