//! What was read of a rule that glyphs touch. A banner set on its rule (`省政府令`
//! between two rules) makes one component with the rule, which `clean` cannot erase
//! as a rule; the engine reads the rule's end as a number (`1`, `2`) with little
//! confidence, a line of its own above the document's head.

use super::clean::Picture;
use super::{OcrWord, PageImage, LOW_CONFIDENCE};
use crate::model::TextLine;
use crate::script::is_han;

/// Drops what was read of a rule that glyphs touch: its ends read as a number
/// (`1`, `2`) with little confidence, a line of its own above the page's first head.
/// Only a short line without Han characters whose every word is unsure goes.
pub(super) fn drop_rule_ends(
    image: &PageImage,
    picture: &mut Picture,
    lines: &mut Vec<TextLine>,
    words: &mut Vec<OcrWord>,
) {
    let rules: Vec<[f32; 4]> = picture
        .inked_rules(image.dpi())
        .into_iter()
        .map(|[x, y, w, h]| image.to_points([x, y, x + w, y + h].map(|v| v as f32)))
        .collect();
    drop_read_on(&rules, lines, words);
}

/// Drops the short unsure lines without Han characters read on the `rules` (left,
/// top, right, bottom in points), and the unsure words without Han characters there.
fn drop_read_on(rules: &[[f32; 4]], lines: &mut Vec<TextLine>, words: &mut Vec<OcrWord>) {
    // A point of slack: word boxes and components are measured apart.
    let within = |b: [f32; 4], r: &[f32; 4]| {
        b[0] >= r[0] - 1.0 && b[2] <= r[2] + 1.0 && b[1] >= r[1] - 1.0 && b[3] <= r[3] + 1.0
    };
    let on_rule = |b: [f32; 4]| rules.iter().any(|r| within(b, r));
    let unsure_end = |w: &OcrWord| {
        on_rule(w.bbox) && w.confidence < LOW_CONFIDENCE && !w.text.chars().any(is_han)
    };
    lines.retain(|l| {
        let bbox = [l.x0, l.y - l.size, l.x1, l.y];
        let read = || words.iter().filter(|w| within(w.bbox, &bbox));
        let rule_end = l.text.chars().count() <= 2
            && !l.text.chars().any(is_han)
            && on_rule(bbox)
            && read().next().is_some()
            && read().all(unsure_end);
        !rule_end
    });
    words.retain(|w| !unsure_end(w));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The end of a banner's rule read as `2` with little confidence goes; a number
    /// read with confidence on it, Han text on it, and a number off it stay.
    #[test]
    fn a_rules_end_read_as_a_number_goes() {
        let line = |text: &str, x0: f32, x1: f32, y: f32| TextLine {
            text: text.into(),
            x0,
            x1,
            y,
            size: 14.0,
        };
        let word = |text: &str, confidence, bbox| OcrWord {
            text: text.into(),
            confidence,
            bbox,
        };
        let rules = [[67.3, 72.4, 447.0, 86.8]];
        let mut lines = vec![
            line("2", 67.0, 74.9, 86.8),
            line("公告", 230.0, 270.0, 86.0),
            line("3", 400.0, 408.0, 86.8),
            line("2", 67.0, 74.9, 300.0),
        ];
        let mut words = vec![
            word("2", 44.4, [67.0, 72.4, 74.9, 86.8]),
            word("公告", 40.0, [230.0, 72.4, 270.0, 86.0]),
            word("3", 90.0, [400.0, 72.8, 408.0, 86.8]),
            word("2", 44.4, [67.0, 286.0, 74.9, 300.0]),
        ];
        drop_read_on(&rules, &mut lines, &mut words);
        let texts: Vec<(&str, f32)> = lines.iter().map(|l| (l.text.as_str(), l.y)).collect();
        assert_eq!(texts, [("公告", 86.0), ("3", 86.8), ("2", 300.0)]);
        assert_eq!(words.len(), 3);
    }
}
