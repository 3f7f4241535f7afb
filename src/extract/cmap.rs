//! Predefined CJK CMaps (UniGB-UCS2-H, GBK-EUC-H …): decoding the character codes of
//! a Type0 font that uses one, and re-encoding them as two-byte codes with a ToUnicode
//! map, the only form of Type0 font pdf-extract reads.
//!
//! Chinese official PDFs often use a non-embedded font (STSong-Light …) with such a
//! CMap. The CMap files themselves are not needed: the code of a Unicode CMap is the
//! character, and the code of an EUC/GBK/Big5 CMap is the character in that legacy
//! encoding, which `encoding_rs` decodes.

use std::collections::{BTreeMap, HashMap};

use encoding_rs::{Encoding, BIG5, GB18030};

use super::tounicode;

/// How a predefined CMap splits a string into character codes and what each means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// Two bytes per code, the code is a UCS-2 character.
    Ucs2,
    /// UTF-16BE: two bytes, or four for a surrogate pair.
    Utf16,
    /// UTF-8 byte sequences.
    Utf8,
    /// Four bytes per code, the code is a Unicode scalar.
    Utf32,
    /// A legacy double-byte encoding: single bytes below 0x81 (and 0xFF), two bytes
    /// from a lead byte 0x81–0xFE, and with `four_byte` (GB 18030) four bytes when the
    /// second byte is a digit.
    DoubleByte {
        encoding: &'static Encoding,
        four_byte: bool,
    },
}

/// The scheme of a predefined CMap name; None for Identity-H/V (already readable)
/// and for CMaps not supported here.
pub fn scheme(name: &str) -> Option<Scheme> {
    let base = name
        .strip_suffix("-H")
        .or_else(|| name.strip_suffix("-V"))?;
    if name.starts_with("Uni") {
        return if base.ends_with("-UCS2") || base.ends_with("-UCS2-HW") {
            Some(Scheme::Ucs2)
        } else if base.ends_with("-UTF16") {
            Some(Scheme::Utf16)
        } else if base.ends_with("-UTF8") {
            Some(Scheme::Utf8)
        } else if base.ends_with("-UTF32") {
            Some(Scheme::Utf32)
        } else {
            None
        };
    }
    // GB 18030 is a superset of GBK, which is a superset of GB 2312 (EUC-CN).
    let gb = |four_byte| {
        Some(Scheme::DoubleByte {
            encoding: GB18030,
            four_byte,
        })
    };
    match base {
        "GB-EUC" | "GBpc-EUC" | "GBK-EUC" | "GBKp-EUC" => gb(false),
        "GBK2K" => gb(true),
        "B5pc" | "ETen-B5" | "ETenms-B5" | "HKscs-B5" => Some(Scheme::DoubleByte {
            encoding: BIG5,
            four_byte: false,
        }),
        _ => None,
    }
}

impl Scheme {
    /// Splits `bytes` into codes, each with its text (None when it decodes to nothing).
    fn decode(self, bytes: &[u8]) -> Vec<Option<String>> {
        let mut out = Vec::new();
        let mut rest = bytes;
        while !rest.is_empty() {
            let len = self.code_len(rest).min(rest.len());
            let (code, tail) = rest.split_at(len);
            out.push(self.decode_code(code));
            rest = tail;
        }
        out
    }

    fn code_len(self, rest: &[u8]) -> usize {
        match self {
            Scheme::Ucs2 => 2,
            Scheme::Utf16 => {
                let unit = |i: usize| rest.get(i..i + 2).map(|b| u16::from_be_bytes([b[0], b[1]]));
                match (unit(0), unit(2)) {
                    (Some(0xD800..=0xDBFF), Some(0xDC00..=0xDFFF)) => 4,
                    _ => 2,
                }
            }
            Scheme::Utf8 => match rest[0] {
                0xF0..=0xF7 => 4,
                0xE0..=0xEF => 3,
                0xC0..=0xDF => 2,
                _ => 1,
            },
            Scheme::Utf32 => 4,
            Scheme::DoubleByte { four_byte, .. } => match (rest[0], rest.get(1)) {
                (0x81..=0xFE, Some(0x30..=0x39)) if four_byte => 4,
                (0x81..=0xFE, _) => 2,
                _ => 1,
            },
        }
    }

    fn decode_code(self, code: &[u8]) -> Option<String> {
        let text = match self {
            Scheme::Ucs2 | Scheme::Utf16 => {
                let units: Vec<u16> = code
                    .chunks(2)
                    .map(|b| match b {
                        [hi, lo] => u16::from_be_bytes([*hi, *lo]),
                        _ => 0xFFFD,
                    })
                    .collect();
                String::from_utf16(&units).ok()?
            }
            Scheme::Utf8 => std::str::from_utf8(code).ok()?.to_string(),
            Scheme::Utf32 => {
                let bytes: [u8; 4] = code.try_into().ok()?;
                char::from_u32(u32::from_be_bytes(bytes))?.to_string()
            }
            Scheme::DoubleByte { encoding, .. } => encoding
                .decode_without_bom_handling_and_without_replacement(code)?
                .into_owned(),
        };
        (!text.is_empty() && !text.contains('\u{FFFD}')).then_some(text)
    }
}

/// First of the two-byte codes given to text that is not one BMP character (a
/// character outside the BMP, or a sequence): the surrogate block, which no BMP
/// character's own code can collide with.
const FIRST_PRIVATE_CODE: u16 = 0xD800;
const LAST_PRIVATE_CODE: u16 = 0xDFFF;
/// The code given to undecodable input; its ToUnicode text is U+FFFD, which the
/// quality check counts as undecodable.
const UNDECODABLE_CODE: u16 = 0xFFFD;

/// Re-encodes the strings of one font and remembers every code it handed out.
#[derive(Debug)]
pub struct Transcoder {
    scheme: Scheme,
    used: BTreeMap<u16, String>,
    private: HashMap<String, u16>,
    next_private: u16,
}

impl Transcoder {
    pub fn new(scheme: Scheme) -> Self {
        Transcoder {
            scheme,
            used: BTreeMap::new(),
            private: HashMap::new(),
            next_private: FIRST_PRIVATE_CODE,
        }
    }

    /// The string `bytes` as two-byte codes, one per original character code.
    pub fn transcode(&mut self, bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(bytes.len() * 2);
        for text in self.scheme.decode(bytes) {
            let text = text.unwrap_or_else(|| '\u{FFFD}'.to_string());
            let code = self.code_for(&text);
            self.used.entry(code).or_insert(text);
            out.extend_from_slice(&code.to_be_bytes());
        }
        out
    }

    fn code_for(&mut self, text: &str) -> u16 {
        let mut chars = text.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            if let Ok(code) = u16::try_from(u32::from(c)) {
                return code;
            }
        }
        if let Some(&code) = self.private.get(text) {
            return code;
        }
        if self.next_private > LAST_PRIVATE_CODE {
            return UNDECODABLE_CODE;
        }
        let code = self.next_private;
        self.next_private += 1;
        self.private.insert(text.to_string(), code);
        code
    }

    /// Every code handed out, with its text, in code order.
    pub fn used(&self) -> &BTreeMap<u16, String> {
        &self.used
    }

    /// A ToUnicode CMap for the codes handed out.
    pub fn to_unicode_cmap(&self) -> Vec<u8> {
        tounicode::write(
            self.used
                .iter()
                .map(|(&code, text)| (u32::from(code), text.encode_utf16().collect())),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(scheme: Scheme, bytes: &[u8]) -> Vec<Option<String>> {
        scheme.decode(bytes)
    }

    #[test]
    fn names_map_to_schemes() {
        assert_eq!(scheme("UniGB-UCS2-H"), Some(Scheme::Ucs2));
        assert_eq!(scheme("UniGB-UTF16-V"), Some(Scheme::Utf16));
        assert!(matches!(
            scheme("GBK-EUC-H"),
            Some(Scheme::DoubleByte {
                four_byte: false,
                ..
            })
        ));
        assert!(matches!(
            scheme("GBK2K-H"),
            Some(Scheme::DoubleByte {
                four_byte: true,
                ..
            })
        ));
        assert_eq!(scheme("Identity-H"), None);
        assert_eq!(scheme("90ms-RKSJ-H"), None);
    }

    #[test]
    fn gbk_mixes_single_and_double_bytes() {
        // "第8期" in GBK: B5DA 38 C6DA.
        let got = texts(
            scheme("GBK-EUC-H").unwrap(),
            &[0xB5, 0xDA, 0x38, 0xC6, 0xDA],
        );
        let want: Vec<Option<String>> = ["第", "8", "期"]
            .iter()
            .map(|s| Some(s.to_string()))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn utf16_pairs_are_one_code() {
        // U+20BB7 𠮷 then 中.
        let got = texts(Scheme::Utf16, &[0xD8, 0x42, 0xDF, 0xB7, 0x4E, 0x2D]);
        assert_eq!(got, vec![Some("𠮷".to_string()), Some("中".to_string())]);
    }

    #[test]
    fn transcoding_keeps_bmp_codes_and_maps_the_rest() {
        let mut t = Transcoder::new(Scheme::Utf16);
        let out = t.transcode(&[0x4E, 0x2D, 0xD8, 0x42, 0xDF, 0xB7, 0xDC, 0x00]);
        assert_eq!(out, vec![0x4E, 0x2D, 0xD8, 0x00, 0xFF, 0xFD]);
        assert_eq!(t.used().get(&0xD800).map(String::as_str), Some("𠮷"));
        let cmap = tounicode::parse(&t.to_unicode_cmap());
        assert_eq!(cmap.get(&0xD800), Some(&vec![0xD842, 0xDFB7]));
        assert_eq!(cmap.get(&0x4E2D), Some(&vec![0x4E2D]));
    }
}
