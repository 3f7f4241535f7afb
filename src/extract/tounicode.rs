//! ToUnicode CMaps: reading them (bfchar and bfrange entries, hexadecimal or literal
//! strings) and writing the small maps [`super::batch`] gives pdf-extract. The maps
//! written here are well-formed, which spares pdf-extract the malformed ones it
//! panics on.

use std::collections::BTreeMap;

/// Code → text as UTF-16 code units.
pub type Map = BTreeMap<u32, Vec<u16>>;

/// A bfrange wider than this is malformed; real ones cover at most 256 codes.
const MAX_RANGE: u32 = 0x1_0000;

/// Writes the bfchar entries of a ToUnicode map with two-byte codes, in the form
/// pdf-extract parses fastest. Its CMap parser builds an error message for every
/// alternative it tries and rejects, so each value it reads costs several formatted
/// strings: literal strings are tried before hexadecimal ones and cost less, and the
/// CMap boilerplate (name, code space, resource definition) is left out, as the maps
/// are only ever read by pdf-extract, which looks for the bf sections alone. Blocks
/// keep to the 100 entries a CMap allows.
pub fn write(entries: impl IntoIterator<Item = (u32, Vec<u16>)>) -> Vec<u8> {
    const BLOCK: usize = 100;
    let entries: Vec<(u16, Vec<u16>)> = entries
        .into_iter()
        .filter_map(|(code, units)| Some((u16::try_from(code).ok()?, units)))
        .collect();
    let mut out = Vec::with_capacity(entries.len() * 12 + 32);
    for block in entries.chunks(BLOCK) {
        out.extend_from_slice(format!("{} beginbfchar\n", block.len()).as_bytes());
        for (code, units) in block {
            let text: Vec<u8> = units.iter().flat_map(|u| u.to_be_bytes()).collect();
            literal(&mut out, &code.to_be_bytes());
            literal(&mut out, &text);
            out.push(b'\n');
        }
        out.extend_from_slice(b"endbfchar\n");
    }
    out
}

/// A PDF literal string of raw bytes: only the delimiters, the escape character and
/// end-of-line bytes (which a reader would turn into a line feed) are escaped.
fn literal(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'(');
    for &b in bytes {
        match b {
            b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\n' => out.extend_from_slice(b"\\n"),
            _ => out.push(b),
        }
    }
    out.push(b')');
}

#[derive(Debug, PartialEq)]
enum Token {
    /// A string, hexadecimal or literal, as its bytes.
    Str(Vec<u8>),
    ArrayStart,
    ArrayEnd,
    Word(Vec<u8>),
}

/// Splits a CMap into the tokens the bf sections need; dictionaries and comments are
/// skipped.
fn tokens(data: &[u8]) -> Vec<Token> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < data.len() {
        match data[i] {
            b'%' => {
                while i < data.len() && data[i] != b'\n' && data[i] != b'\r' {
                    i += 1;
                }
            }
            b'<' if data.get(i + 1) == Some(&b'<') => i += 2,
            b'>' if data.get(i + 1) == Some(&b'>') => i += 2,
            b'<' => {
                let start = i + 1;
                let end = data[start..]
                    .iter()
                    .position(|&b| b == b'>')
                    .map_or(data.len(), |p| start + p);
                let digits: Vec<u8> = data[start..end]
                    .iter()
                    .filter_map(|&b| (b as char).to_digit(16).map(|d| d as u8))
                    .collect();
                let bytes = digits
                    .chunks(2)
                    .map(|p| p[0] << 4 | p.get(1).copied().unwrap_or(0))
                    .collect();
                out.push(Token::Str(bytes));
                i = end + 1;
            }
            b'[' => {
                out.push(Token::ArrayStart);
                i += 1;
            }
            b']' => {
                out.push(Token::ArrayEnd);
                i += 1;
            }
            b'(' => {
                let (bytes, end) = literal_at(data, i);
                out.push(Token::Str(bytes));
                i = end;
            }
            b if b.is_ascii_whitespace() => i += 1,
            _ => {
                let start = i;
                while i < data.len()
                    && !data[i].is_ascii_whitespace()
                    && !b"<>[]()%/".contains(&data[i])
                {
                    i += 1;
                }
                if i == start {
                    // A delimiter starting a name: skip it.
                    i += 1;
                } else {
                    out.push(Token::Word(data[start..i].to_vec()));
                }
            }
        }
    }
    out
}

/// Reads the literal string opening at `data[start]` (a `(`): its bytes, with escapes
/// and balanced parentheses resolved as the PDF specification says, and the index
/// just past its closing parenthesis.
fn literal_at(data: &[u8], start: usize) -> (Vec<u8>, usize) {
    let mut bytes = Vec::new();
    let mut depth = 0usize;
    let mut i = start + 1;
    while let Some(&b) = data.get(i) {
        i += 1;
        match b {
            b'(' => {
                depth += 1;
                bytes.push(b);
            }
            b')' if depth == 0 => break,
            b')' => {
                depth -= 1;
                bytes.push(b);
            }
            b'\r' => {
                // An unescaped end of line, in any form, is one line feed.
                if data.get(i) == Some(&b'\n') {
                    i += 1;
                }
                bytes.push(b'\n');
            }
            b'\\' => {
                let Some(&e) = data.get(i) else { break };
                i += 1;
                match e {
                    b'n' => bytes.push(b'\n'),
                    b'r' => bytes.push(b'\r'),
                    b't' => bytes.push(b'\t'),
                    b'b' => bytes.push(0x08),
                    b'f' => bytes.push(0x0C),
                    b'0'..=b'7' => {
                        let mut value = u32::from(e - b'0');
                        for _ in 0..2 {
                            match data.get(i) {
                                Some(&d @ b'0'..=b'7') => {
                                    value = value * 8 + u32::from(d - b'0');
                                    i += 1;
                                }
                                _ => break,
                            }
                        }
                        // Octal escapes above \377 keep their low byte.
                        bytes.push(value as u8);
                    }
                    // A backslash before an end of line continues the string.
                    b'\r' => {
                        if data.get(i) == Some(&b'\n') {
                            i += 1;
                        }
                    }
                    b'\n' => {}
                    other => bytes.push(other),
                }
            }
            _ => bytes.push(b),
        }
    }
    (bytes, i)
}

pub fn code_of(bytes: &[u8]) -> Option<u32> {
    (!bytes.is_empty() && bytes.len() <= 4)
        .then(|| bytes.iter().fold(0u32, |c, &b| c << 8 | u32::from(b)))
}

fn units_of(bytes: &[u8]) -> Option<Vec<u16>> {
    if bytes.is_empty() || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let units: Vec<u16> = bytes
        .chunks(2)
        .map(|p| u16::from_be_bytes([p[0], p[1]]))
        .collect();
    // Only text that is valid UTF-16 is kept: pdf-extract would panic on the rest.
    String::from_utf16(&units).ok().map(|_| units)
}

/// Reads the bfchar and bfrange entries of a ToUnicode CMap. Malformed entries are
/// skipped: their glyphs then count as undecodable.
pub fn parse(data: &[u8]) -> Map {
    let tokens = tokens(data);
    let mut map = Map::new();
    let mut i = 0;
    let word = |t: Option<&Token>, w: &[u8]| matches!(t, Some(Token::Word(x)) if x == w);
    while i < tokens.len() {
        if word(tokens.get(i), b"beginbfchar") {
            i += 1;
            while let (Some(Token::Str(src)), Some(Token::Str(dst))) =
                (tokens.get(i), tokens.get(i + 1))
            {
                if let (Some(code), Some(units)) = (code_of(src), units_of(dst)) {
                    map.insert(code, units);
                }
                i += 2;
            }
        } else if word(tokens.get(i), b"beginbfrange") {
            i += 1;
            while let (Some(Token::Str(lo)), Some(Token::Str(hi))) =
                (tokens.get(i), tokens.get(i + 1))
            {
                let (Some(lo), Some(hi)) = (code_of(lo), code_of(hi)) else {
                    break;
                };
                let valid = lo <= hi && hi - lo < MAX_RANGE;
                match tokens.get(i + 2) {
                    Some(Token::Str(dst)) => {
                        if let (true, Some(start)) = (valid, units_of(dst)) {
                            range_from(&mut map, lo, hi, &start);
                        }
                        i += 3;
                    }
                    Some(Token::ArrayStart) => {
                        i += 3;
                        let mut code = lo;
                        while let Some(Token::Str(dst)) = tokens.get(i) {
                            if let (true, true, Some(units)) = (valid, code <= hi, units_of(dst)) {
                                map.insert(code, units);
                            }
                            code = code.saturating_add(1);
                            i += 1;
                        }
                        if tokens.get(i) == Some(&Token::ArrayEnd) {
                            i += 1;
                        }
                    }
                    _ => break,
                }
            }
        } else {
            i += 1;
        }
    }
    map
}

/// A bfrange whose destination increments: the last code unit counts up.
fn range_from(map: &mut Map, lo: u32, hi: u32, start: &[u16]) {
    let Some((&last, head)) = start.split_last() else {
        return;
    };
    for (k, code) in (lo..=hi).enumerate() {
        let Some(unit) = u16::try_from(k).ok().and_then(|k| last.checked_add(k)) else {
            break;
        };
        let mut units = head.to_vec();
        units.push(unit);
        if String::from_utf16(&units).is_ok() {
            map.insert(code, units);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_bfchar_and_both_bfrange_forms() {
        let cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
            /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
            1 begincodespacerange <0000> <FFFF> endcodespacerange
            2 beginbfchar <0001> <804A> <0002> <D842DFB7> endbfchar
            2 beginbfrange <0010> <0012> <4E00> <0020> <0021> [<0041> <00660069>] endbfrange
            % <0003> <0000> is a comment
            1 beginbfchar <0004> <41> endbfchar
            endcmap";
        let map = parse(cmap);
        let text = |c: u32| map.get(&c).map(|u| String::from_utf16_lossy(u));
        assert_eq!(text(1).as_deref(), Some("聊"));
        assert_eq!(text(2).as_deref(), Some("𠮷"));
        assert_eq!(text(0x12).as_deref(), Some("丂"));
        assert_eq!(text(0x21).as_deref(), Some("fi"));
        assert_eq!(text(3), None);
        // An odd-length destination is malformed and skipped.
        assert_eq!(text(4), None);
        assert_eq!(map.len(), 7);
    }

    #[test]
    fn reads_literal_strings_with_escapes() {
        // 聊 is 804A; the code 0x285C is written with its ( and \ escaped, 0x0D0A as an
        // octal escape and a backslash-continued line.
        let cmap = b"3 beginbfchar (\\000\\001) (\\200J) (\\(\\\\) (N\\000) (\\015\\\n\\012) (\\117-) endbfchar";
        let map = parse(cmap);
        assert_eq!(map.get(&0x0001), Some(&vec![0x804A]));
        assert_eq!(map.get(&0x285C), Some(&vec![0x4E00]));
        assert_eq!(map.get(&0x0D0A), Some(&vec![0x4F2D]));
        assert_eq!(map.len(), 3);
    }

    #[test]
    fn writes_what_it_reads() {
        // Codes and text whose bytes are delimiters, the escape and ends of line.
        let entries = vec![
            (1, vec![0x804A]),
            (0x0D0A, vec![0x285C]),
            (0x2829, vec![0x5C0D]),
            (0xD800, vec![0xD842, 0xDFB7]),
        ];
        let map = parse(&write(entries.clone()));
        assert_eq!(map.into_iter().collect::<Vec<_>>(), entries);
        let many: Vec<(u32, Vec<u16>)> = (0..250).map(|c| (c, vec![0x4E00 + c as u16])).collect();
        assert_eq!(
            parse(&write(many.clone())).into_iter().collect::<Vec<_>>(),
            many
        );
    }
}
