//! Text clean-up that needs no positions: undoing the spaces extraction leaves inside
//! Chinese text, joining wrapped lines, and telling where a sentence ends.

use crate::script::{fold_width, is_spaceless};

/// Removes whitespace that extraction put inside Chinese text: any run of spaces next to
/// a CJK character or full-width punctuation goes; spaces between two Latin letters or
/// digits (`LIAOCHENGSHI RENMINZHENGFU`) stay, collapsed to one. Full-width digits and
/// letters are folded first (see [`fold_width`]).
pub fn normalize_text(s: &str) -> String {
    let chars: Vec<char> = s.trim().chars().map(fold_width).collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            let mut j = i;
            while j < chars.len() && chars[j].is_whitespace() {
                j += 1;
            }
            let before = out.chars().last();
            let after = chars.get(j).copied();
            let keep = matches!((before, after), (Some(b), Some(a)) if !is_spaceless(b) && !is_spaceless(a));
            if keep {
                out.push(' ');
            }
            i = j;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Appends normalised text to normalised text: a space goes between them only where
/// both sides are Latin letters or digits.
pub(super) fn join_text(text: &mut String, more: &str) {
    let latin_seam = matches!((text.chars().last(), more.chars().next()), (Some(a), Some(b)) if !is_spaceless(a) && !is_spaceless(b));
    if latin_seam {
        text.push(' ');
    }
    text.push_str(more);
}

/// Whether text ends a sentence (or a list item, or an introduction to a list): what
/// follows it starts something new.
pub fn ends_sentence(text: &str) -> bool {
    let mut rev = text.trim_end().chars().rev();
    match rev.next() {
        Some('。' | '！' | '？' | '；' | '：' | ':' | ';' | '!' | '?') => true,
        // A closing quote or bracket after the full stop: `…关系。”`.
        Some('”' | '’' | '）' | ')' | '」' | '》') => {
            rev.next().is_some_and(|c| "。！？；".contains(c))
        }
        _ => false,
    }
}

/// The text without its white space: how a line, a title or a year is compared when
/// extraction or a scan may have spaced it.
pub fn without_spaces(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Whether `text` holds `part` with at most one character in `per` other than it is
/// (`per` ≥ 1): what a scan's reading of a line keeps of a title printed elsewhere
/// (`关于落实企业安全生产主体足任的实施方案` within `…主体责任…`). Characters are
/// compared in place; a character lost or read twice does not count as one.
pub fn holds_alike(text: &str, part: &str, per: usize) -> bool {
    let text: Vec<char> = text.chars().collect();
    let part: Vec<char> = part.chars().collect();
    let allowed = part.len() / per;
    part.len() <= text.len()
        && text
            .windows(part.len().max(1))
            .any(|window| window.iter().zip(&part).filter(|(a, b)| a != b).count() <= allowed)
}
