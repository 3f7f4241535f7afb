//! Fake bold: a producer emboldens a font that has no bold face by drawing each glyph,
//! or each run, again a hair's breadth aside. The copies are the same text drawn over
//! itself, not text; they are known by their text and place among the glyphs drawn
//! just before.

use super::Glyph;

/// A glyph within this many ems, across and down, of the same glyph drawn before is
/// that glyph drawn again. No two glyphs of text stand this close.
const OVERPRINT_EM: f32 = 0.1;
/// A copy is drawn right after its glyph or its run (a line or a part of one), so it is
/// looked for among this many glyphs drawn before it.
const RECENT_GLYPHS: usize = 256;

/// The glyphs of a page kept so far (indices into the page's glyphs, in drawing order),
/// and whether the last one looked at was a copy.
#[derive(Default)]
pub(super) struct Drawn {
    kept: Vec<usize>,
    copying: bool,
}

impl Drawn {
    /// Whether glyph `seq` of `glyphs` draws over the same glyph drawn before; if not,
    /// it is kept. A glyph that moves on along the baseline of the one before is text
    /// being set, so only a glyph that starts a line, steps back or follows a copy is
    /// looked for among the glyphs before it.
    pub(super) fn again(&mut self, glyphs: &[Glyph], seq: usize) -> bool {
        let g = &glyphs[seq];
        let near = OVERPRINT_EM * g.size;
        let moves_on = !self.copying
            && self.kept.last().is_some_and(|&before| {
                let before = &glyphs[before];
                (g.y - before.y).abs() <= near && g.x >= before.x + near
            });
        let copy = !moves_on
            && self.kept.iter().rev().take(RECENT_GLYPHS).any(|&i| {
                let p = &glyphs[i];
                (p.x - g.x).abs() <= near && (p.y - g.y).abs() <= near && p.text == g.text
            });
        self.copying = copy;
        if !copy {
            self.kept.push(seq);
        }
        copy
    }
}
