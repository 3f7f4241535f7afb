//! ToUnicode CMaps: reading them (bfchar and bfrange entries), writing them, and
//! giving every page its own copy of its Identity-encoded fonts with a ToUnicode map
//! of only the codes that page shows.
//!
//! pdf-extract parses a font's whole ToUnicode map again on every page, with a slow
//! parser: that is most of its running time. A page of a gazette shows a few hundred
//! distinct characters of fonts whose maps hold thousands, so per-page maps cut the
//! work several times. The maps written here are also well-formed, which spares
//! pdf-extract the malformed ones it panics on.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use super::walk::{self, Site, Visitor};
use crate::error::Result;

/// Code → text as UTF-16 code units.
pub type Map = BTreeMap<u32, Vec<u16>>;

/// A bfrange wider than this is malformed; real ones cover at most 256 codes.
const MAX_RANGE: u32 = 0x1_0000;

/// Writes a ToUnicode CMap with two-byte codes.
pub fn write(entries: impl IntoIterator<Item = (u32, Vec<u16>)>) -> Vec<u8> {
    // The CMap specification allows at most 100 entries per bfchar block.
    const BLOCK: usize = 100;
    let entries: Vec<(u32, Vec<u16>)> = entries.into_iter().collect();
    let mut s = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CMapName /Gazette-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    for block in entries.chunks(BLOCK) {
        s.push_str(&format!("{} beginbfchar\n", block.len()));
        for (code, units) in block {
            s.push_str(&format!("<{code:04X}> <"));
            for unit in units {
                s.push_str(&format!("{unit:04X}"));
            }
            s.push_str(">\n");
        }
        s.push_str("endbfchar\n");
    }
    s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    s.into_bytes()
}

#[derive(Debug, PartialEq)]
enum Token {
    Hex(Vec<u8>),
    ArrayStart,
    ArrayEnd,
    Word(Vec<u8>),
}

/// Splits a CMap into the tokens the bf sections need; dictionaries, strings and
/// comments are skipped.
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
                out.push(Token::Hex(bytes));
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
                // Literal strings only name things in a ToUnicode CMap.
                let mut depth = 0;
                while i < data.len() {
                    match data[i] {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                i += 1;
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

fn code_of(bytes: &[u8]) -> Option<u32> {
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
            while let (Some(Token::Hex(src)), Some(Token::Hex(dst))) =
                (tokens.get(i), tokens.get(i + 1))
            {
                if let (Some(code), Some(units)) = (code_of(src), units_of(dst)) {
                    map.insert(code, units);
                }
                i += 2;
            }
        } else if word(tokens.get(i), b"beginbfrange") {
            i += 1;
            while let (Some(Token::Hex(lo)), Some(Token::Hex(hi))) =
                (tokens.get(i), tokens.get(i + 1))
            {
                let (Some(lo), Some(hi)) = (code_of(lo), code_of(hi)) else {
                    break;
                };
                let valid = lo <= hi && hi - lo < MAX_RANGE;
                match tokens.get(i + 2) {
                    Some(Token::Hex(dst)) => {
                        if let (true, Some(start)) = (valid, units_of(dst)) {
                            range_from(&mut map, lo, hi, &start);
                        }
                        i += 3;
                    }
                    Some(Token::ArrayStart) => {
                        i += 3;
                        let mut code = lo;
                        while let Some(Token::Hex(dst)) = tokens.get(i) {
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

/// Which codes of which fonts each page shows in its own content.
#[derive(Debug, Default)]
struct Usage {
    pages: HashMap<ObjectId, HashMap<ObjectId, BTreeSet<u32>>>,
    /// Pages that show text through forms: the forms may use the page's fonts, so the
    /// page keeps the fonts' full maps.
    with_forms: HashSet<ObjectId>,
}

impl Visitor for Usage {
    fn string(&mut self, site: Site, font: Option<ObjectId>, bytes: &[u8]) -> Option<Vec<u8>> {
        if site.in_form {
            self.with_forms.insert(site.page);
            return None;
        }
        let font = font?;
        let codes = self
            .pages
            .entry(site.page)
            .or_default()
            .entry(font)
            .or_default();
        // Identity-H/V codes are two bytes; other fonts' sets are never used.
        codes.extend(bytes.chunks(2).filter_map(code_of));
        None
    }
}

/// Gives each page copies of its Identity-encoded Type0 fonts whose ToUnicode maps
/// hold only the codes the page shows.
pub fn per_page_maps(doc: &mut Document) -> Result<()> {
    let mut usage = Usage::default();
    walk::walk(doc, &mut usage)?;
    let mut maps: HashMap<ObjectId, Option<Map>> = HashMap::new();
    let no_codes = BTreeSet::new();
    let page_ids: Vec<ObjectId> = doc.page_iter().collect();
    for page_id in page_ids {
        if usage.with_forms.contains(&page_id) {
            continue;
        }
        // pdf-extract reads every font a page selects, even one it shows nothing in.
        let fonts = usage.pages.remove(&page_id).unwrap_or_default();
        let Some(mut resources) = walk::inherited_resources(doc, page_id).cloned() else {
            continue;
        };
        let Some(mut table) = resources
            .get(b"Font")
            .ok()
            .and_then(|o| doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_dict().ok())
            .cloned()
        else {
            continue;
        };
        let mut changed = false;
        for (_, entry) in table.iter_mut() {
            let Ok(font_id) = entry.as_reference() else {
                continue;
            };
            let codes = fonts.get(&font_id).unwrap_or(&no_codes);
            let map = maps
                .entry(font_id)
                .or_insert_with(|| identity_font_map(doc, font_id));
            let Some(map) = map else {
                continue;
            };
            let Ok(mut font) = doc.get_dictionary(font_id).cloned() else {
                continue;
            };
            let entries = codes
                .iter()
                .filter_map(|c| map.get(c).map(|u| (*c, u.clone())));
            let cmap = doc.add_object(Stream::new(Dictionary::new(), write(entries)));
            font.set("ToUnicode", Object::Reference(cmap));
            *entry = Object::Reference(doc.add_object(font));
            changed = true;
        }
        if changed {
            resources.set("Font", Object::Dictionary(table));
            if let Ok(page) = doc.get_dictionary_mut(page_id) {
                page.set("Resources", Object::Dictionary(resources));
            }
        }
    }
    Ok(())
}

/// The ToUnicode map of a Type0 font with Identity encoding; None for other fonts.
fn identity_font_map(doc: &Document, font_id: ObjectId) -> Option<Map> {
    let font = doc.get_dictionary(font_id).ok()?;
    let subtype = font.get(b"Subtype").and_then(Object::as_name).ok()?;
    let encoding = font.get(b"Encoding").and_then(Object::as_name).ok()?;
    if subtype != b"Type0" || !(encoding == b"Identity-H" || encoding == b"Identity-V") {
        return None;
    }
    let stream = font
        .get(b"ToUnicode")
        .ok()
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_stream().ok())?;
    stream.get_plain_content().ok().map(|data| parse(&data))
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
    fn writes_what_it_reads() {
        let entries = vec![(1, vec![0x804A]), (0xD800, vec![0xD842, 0xDFB7])];
        let map = parse(&write(entries.clone()));
        assert_eq!(map.into_iter().collect::<Vec<_>>(), entries);
    }
}
