//! Fake bold: a producer emboldens a font that has no bold face by drawing each glyph,
//! or each run, again a hair's breadth aside. The copies are the same text drawn over
//! itself, not text; they are known by the place and text of every glyph drawn so far.

use std::collections::HashMap;

use super::Glyph;

/// A glyph within this many ems, across and down, of the same glyph drawn before is
/// that glyph drawn again. No two glyphs of text stand this close.
const OVERPRINT_EM: f32 = 0.1;

/// Every glyph drawn on the page so far: by its text, then by a band of baselines
/// [`OVERPRINT_EM`] high, where each was drawn.
#[derive(Default)]
pub(super) struct Drawn {
    at: HashMap<String, HashMap<i64, Vec<(f32, f32)>>>,
}

impl Drawn {
    /// Whether `g` draws over the same glyph drawn before; if not, it is recorded.
    pub(super) fn again(&mut self, g: &Glyph) -> bool {
        let near = OVERPRINT_EM * g.size;
        let band = (g.y / near).floor() as i64;
        let bands = self.at.entry(g.text.clone()).or_default();
        let over = (band - 1..=band + 1).any(|b| {
            bands.get(&b).is_some_and(|places| {
                places
                    .iter()
                    .any(|&(x, y)| (x - g.x).abs() <= near && (y - g.y).abs() <= near)
            })
        });
        if !over {
            bands.entry(band).or_default().push((g.x, g.y));
        }
        over
    }
}
