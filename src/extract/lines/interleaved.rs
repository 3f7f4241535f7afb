//! Lines drawn in pieces out of turn: a run in a fallback font (curly quotes, a `①`)
//! drawn before or after the run around it reads as a line of its own on the same
//! baseline until it is put back into the gaps that run left for it.

use super::{LineBuilder, Placed, BASELINE_TOLERANCE_EM, SPLIT_GAP_EM};

/// Where a guest glyph goes in a host line on its baseline: into a gap between two of
/// its glyphs, before its first or after its last.
#[derive(Clone, Copy, PartialEq)]
enum Room {
    Gap,
    Before,
    After,
}

impl LineBuilder {
    /// Where `p`, of a line on baseline `y`, fits this line: in one of its gaps, or
    /// beyond either end without overlapping it.
    fn room_for(&self, y: f32, p: &Placed) -> Option<Room> {
        if self.gap_for(y, p).is_some() {
            return Some(Room::Gap);
        }
        let em = p.size.max(self.items[0].size);
        let (first, last) = (self.items.first()?, self.items.last()?);
        if (y - self.y).abs() > BASELINE_TOLERANCE_EM * em {
            None
        } else if p.x1 <= first.x0 + 0.1 * em {
            Some(Room::Before)
        } else if p.x0 >= last.x1 - 0.1 * em {
            Some(Room::After)
        } else {
            None
        }
    }

    /// Whether `guest` belongs in this longer line: one of its glyphs sits in a gap of
    /// it, every other one in a gap too or beyond an end, and the nearest of those
    /// beyond an end is less than a split gap from it (the guest, a line, has none).
    fn takes(&self, guest: &LineBuilder) -> bool {
        let (Some(first), Some(last)) = (self.items.first(), self.items.last()) else {
            return false;
        };
        if self.items.len() <= guest.items.len() {
            return false;
        }
        let (mut gap, mut before, mut after) = (false, f32::MIN, f32::MAX);
        for p in &guest.items {
            match self.room_for(guest.y, p) {
                Some(Room::Gap) => gap = true,
                Some(Room::Before) => before = before.max(p.x1),
                Some(Room::After) => after = after.min(p.x0),
                None => return false,
            }
        }
        let reach = SPLIT_GAP_EM * first.size;
        gap && (before == f32::MIN || first.x0 - before <= reach)
            && (after == f32::MAX || after - last.x1 <= reach)
    }
}

/// Puts a line into a longer line on its baseline when one of its glyphs sits in a gap
/// of that line and the others in gaps too or just beyond its ends. Word processors
/// draw a run in a fallback font (the curly quotes of `“放管服”`, a `①`) apart from the
/// run around it, before or after it, so each would read as a line of its own and the
/// glyph would land after the words; a glyph drawn between two runs of one line is
/// taken by the first, which then ends where the second leaves room for it. Lines
/// that share no room (two columns on one baseline) stay apart.
pub(super) fn absorb_interleaved(lines: &mut Vec<LineBuilder>) {
    let mut i = 0;
    while i < lines.len() {
        let guest = &lines[i];
        let host = (0..lines.len()).find(|&j| j != i && lines[j].takes(guest));
        let Some(host) = host else {
            i += 1;
            continue;
        };
        let guest = lines.remove(i);
        let host = &mut lines[if host > i { host - 1 } else { host }];
        let (mut before, mut after) = (Vec::new(), Vec::new());
        for p in guest.items {
            match host.room_for(guest.y, &p) {
                Some(Room::Gap) => {
                    // Spacing was judged against the guest's own neighbours; in the
                    // host the glyph sits in room left for it.
                    let p = Placed {
                        space_before: false,
                        gap_em: None,
                        ..p
                    };
                    if let Some(at) = host.gap_for(guest.y, &p) {
                        host.items.insert(at, p);
                    }
                }
                Some(Room::Before) => before.push(p),
                Some(Room::After) => after.push(p),
                None => {}
            }
        }
        host.items.splice(0..0, before);
        host.items.extend(after);
    }
}
