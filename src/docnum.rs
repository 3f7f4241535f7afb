//! 文号 (document numbers such as `聊政发〔2018〕41号` or `国务院令第708号`): the
//! bracket- and spacing-insensitive key they are looked up by. Printed forms vary
//! (〔〕 [] () （） 【】, with or without spaces); the archive keeps the printed form
//! and matches on the key.

use unicode_normalization::UnicodeNormalization;

/// The lookup key of a 文号: NFKC-normalised, with every bracket and all white space
/// removed, so `聊政发〔2018〕41号`, `聊政发(2018)41号` and `聊政发 2018 41号` agree.
/// The year is always four digits, so dropping the brackets cannot merge two numbers.
pub fn key(doc_number: &str) -> String {
    doc_number
        .nfkc()
        .filter(|c| !is_insignificant(*c))
        .collect()
}

/// Whether a (normalised) character is left out of a 文号's key: white space and
/// brackets of every style.
pub fn is_insignificant(c: char) -> bool {
    c.is_whitespace() || is_bracket(c)
}

fn is_bracket(c: char) -> bool {
    matches!(
        c,
        '〔' | '〕' | '[' | ']' | '(' | ')' | '【' | '】' | '［' | '］' | '〖' | '〗' | '{' | '}'
    )
}

/// Whether `text` looks like a 文号 someone typed: an issuer prefix, a four-digit year
/// and a number ending in 号, or a decree number (`…令第708号`).
pub fn looks_like(text: &str) -> bool {
    let k = key(text);
    if !k.ends_with('号') {
        return false;
    }
    let chars: Vec<char> = k.chars().collect();
    let digits_before_hao = chars
        .iter()
        .rev()
        .skip(1)
        .take_while(|c| c.is_ascii_digit())
        .count();
    let has_prefix = chars.first().is_some_and(|c| !c.is_ascii_digit());
    has_prefix && (k.contains("令第") || digits_before_hao >= 5)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bracket_styles_share_a_key() {
        let printed = key("聊政发〔2018〕41号");
        for typed in [
            "聊政发(2018)41号",
            "聊政发（2018）41号",
            "聊政发[2018]41号",
            "聊政发【2018】41号",
            "聊政发 〔2018〕 41 号",
            "聊政发2018 41号",
        ] {
            assert_eq!(key(typed), printed, "{typed}");
        }
        assert_ne!(key("聊政发〔2018〕4号"), printed);
    }

    #[test]
    fn recognises_document_numbers() {
        assert!(looks_like("聊政办字〔2018〕65号"));
        assert!(looks_like("聊政发2018 41号"));
        assert!(looks_like("国务院令第708号"));
        assert!(!looks_like("第3号"));
        assert!(!looks_like("2018年"));
        assert!(!looks_like("政务诚信"));
    }
}
