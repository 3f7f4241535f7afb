//! The titles a sentence names in 《…》, which citations, amendments and effective
//! dates are read around.

/// The outermost 《…》 titles of a sentence as (start of `《`, end after `》`, title).
pub(super) fn top_level_titles(sentence: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut open = 0usize;
    for (i, c) in sentence.char_indices() {
        match c {
            '《' => {
                if depth == 0 {
                    open = i;
                }
                depth += 1;
            }
            '》' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    let title = sentence[open + '《'.len_utf8()..i].trim();
                    if !title.is_empty() {
                        out.push((open, i + c.len_utf8(), title.to_string()));
                    }
                }
            }
            _ => {}
        }
    }
    out
}
