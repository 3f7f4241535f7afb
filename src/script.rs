//! Character classes of Chinese text, the one place that says which characters are
//! Han, which are set full width, how a full-width ASCII form reads and which
//! character a radical form stands for. Extraction uses them to fold radical forms,
//! measure glyphs and place spaces, layout to undo stray spaces, and the quality check
//! to count Han characters.

use unicode_normalization::UnicodeNormalization;

/// A Han ideograph: the unified blocks, extension A, the compatibility block and the
/// supplementary planes of extensions B and beyond.
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFD)
}

/// A character set one em wide (East Asian Wide or Fullwidth): Han, kana, hangul,
/// CJK and full-width punctuation and the full-width forms.
pub fn is_wide(c: char) -> bool {
    is_han(c)
        || matches!(c as u32,
            0x1100..=0x115F
            | 0x2E80..=0x303E
            | 0x3041..=0x33FF
            | 0xA960..=0xA97F
            | 0xAC00..=0xD7A3
            | 0xFE10..=0xFE19
            | 0xFE30..=0xFE6F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6)
}

/// A character beside which a space is never meaningful in Chinese typesetting: the
/// wide ones, and the punctuation and symbols a Chinese font sets full width although
/// Unicode leaves their width open (dashes, curly quotes, `…`, circled numbers,
/// squares and triangles).
pub fn is_spaceless(c: char) -> bool {
    is_wide(c)
        || matches!(c as u32,
            0x2010..=0x2027 | 0x2460..=0x24FF | 0x25A0..=0x25FF)
}

/// The ASCII form of a full-width digit, letter or sign written inside numbers
/// (`２０１９` → `2019`, `１．` → `1.`, `０２５９－３３８５` → `0259-3385`, `５０％`),
/// as NFKC gives it. Non-embedded GBK fonts and word processors print them; every
/// shape the parser knows (文号, dates, page numbers, clause numbers, telephone
/// numbers) is written with ASCII digits. CJK punctuation (`，：（）〔〕`) stays as
/// printed: it is the text's own, not a wide copy of ASCII.
pub fn fold_width(c: char) -> char {
    match c {
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '．' | '－' | '／' | '％' | '＋' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        _ => c,
    }
}

/// Radical forms (CJK Radicals Supplement) that are drawn like a whole character, and
/// in the same place in [`RADICAL_CHARACTERS`] that character. The Kangxi radicals and
/// the compatibility ideographs need no table: each has a Unicode decomposition to its
/// character.
const RADICAL_FORMS: &str = "⺟⺠⻄⻅⻆⻈⻉⻋⻐⻑⻓⻔⻘⻙⻚⻛⻜⻝⻠⻢⻣⻤⻥⻦⻧⻨⻩⻪⻬⻮⻰⻳⻖⻏";
const RADICAL_CHARACTERS: &str =
    "母民西见角讠贝车钅長长门青韦页风飞食饣马骨鬼鱼鸟卤麦黄黾齐齿龙龟阝阝";

/// The character a radical or compatibility form stands for. Fonts that share one
/// glyph between a character and its radical often map the glyph to the radical, so a
/// PDF's text reads `⼈⺠政府` for 人民政府 and `⼗⼆⽉` for 十二月; no 文号, date or
/// office name would match. Every other character is returned as it is.
pub fn fold_radical(c: char) -> char {
    match c as u32 {
        0x2F00..=0x2FD5 | 0xF900..=0xFAFF => {
            let mut decomposed = std::iter::once(c).nfkc();
            match (decomposed.next(), decomposed.next()) {
                (Some(one), None) => one,
                _ => c,
            }
        }
        0x2E80..=0x2EF3 => RADICAL_FORMS
            .chars()
            .position(|form| form == c)
            .and_then(|at| RADICAL_CHARACTERS.chars().nth(at))
            .unwrap_or(c),
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radical_forms_read_as_their_characters() {
        let drawn = "⼆〇⼀九年⼗⼆⽉⼗⽇　⻓沙市⼈⺠政府办公厅⽂件　⻔⻄⻋⻢⻘";
        let read: String = drawn.chars().map(fold_radical).collect();
        assert_eq!(
            read,
            "二〇一九年十二月十日　长沙市人民政府办公厅文件　门西车马青"
        );
        // Compatibility ideographs are their unified characters; a unified one that
        // sits in the compatibility block, and every other character, stays.
        assert_eq!(fold_radical('\u{F9B5}'), '例');
        assert_eq!(fold_radical('\u{FA0E}'), '\u{FA0E}');
        for c in ['⺀', '⺮', 'A', '１', '，', '人'] {
            assert_eq!(fold_radical(c), c, "{c}");
        }
    }

    #[test]
    fn han_covers_every_block_and_nothing_else() {
        for c in ['㐀', '一', '龥', '鿿', '豈', '𠀀', '𪚥'] {
            assert!(is_han(c), "{c}");
            assert!(is_wide(c) && is_spaceless(c), "{c}");
        }
        for c in ['A', '1', '，', '。', 'ａ', 'ア', '가', '—'] {
            assert!(!is_han(c), "{c}");
        }
    }

    #[test]
    fn wide_is_one_em_and_spaceless_adds_open_width_punctuation() {
        for c in [
            '，', '。', '〔', '】', '、', 'ア', '가', 'ａ', '１', '（', '￥', '　',
        ] {
            assert!(is_wide(c), "{c}");
        }
        for c in ['A', 'z', '0', ' ', '.', '(', 'ｱ', 'é'] {
            assert!(!is_wide(c) && !is_spaceless(c), "{c}");
        }
        for c in ['—', '“', '”', '…', '①', '■', '△'] {
            assert!(!is_wide(c) && is_spaceless(c), "{c}");
        }
    }

    #[test]
    fn folds_full_width_ascii_forms_only() {
        let folded: String = "２０１９年Ａｚ１．，（〔：０２５９－３３８５／５０％＋"
            .chars()
            .map(fold_width)
            .collect();
        assert_eq!(folded, "2019年Az1.，（〔：0259-3385/50%+");
    }
}
