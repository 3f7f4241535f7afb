//! Font normalisation: rewriting fonts (and the strings shown in them) with lopdf,
//! before pdf-extract sees the document, into forms pdf-extract reads correctly.
//!
//! - pdf-extract ignores the range form (`first last width`) of a CIDFont's /W array,
//!   so every glyph of such a font gets the default width and glyph positions within
//!   a text string collapse. Every /W is rewritten into the list form it does read.
//! - pdf-extract panics on Type0 fonts with a predefined CMap (UniGB-UCS2-H,
//!   GBK-EUC-H …). Their strings are re-encoded as two-byte codes with a generated
//!   ToUnicode map and the font switched to Identity-H (see [`super::cmap`]).
//! - pdf-extract panics on a /ToUnicode that is not a stream; such entries are
//!   dropped.

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use super::cmap::{self, Transcoder};
use super::walk::{self, Visitor};
use crate::error::{Error, ErrorKind, Result};

/// A /W range wider than this is not expanded: no real font has that many glyphs of
/// one non-default width, and expanding it would only cost memory.
const MAX_RANGE: i64 = 0x1_0000;

/// Rewrites the fonts of `doc` in place, and refuses documents whose fonts cannot be
/// decoded or whose forms recurse.
pub fn normalise(doc: &mut Document) -> Result<()> {
    let mut visitor = Transcoders::find(doc);
    if !visitor.fonts.is_empty() || !visitor.unsupported.is_empty() {
        let rewrites = walk::walk(doc, &mut visitor)?;
        if let Some((font, cmap)) = visitor.unsupported_used {
            return Err(Error::new(
                ErrorKind::UndecodableText,
                format!("The text of this PDF cannot be decoded: the font {font} uses the character encoding {cmap}, which is not supported. Export the PDF again with Unicode fonts embedded."),
            ));
        }
        for (page_id, content) in rewrites.pages {
            let stream = doc.add_object(Stream::new(Dictionary::new(), content));
            if let Ok(page) = doc.get_dictionary_mut(page_id) {
                page.set("Contents", Object::Reference(stream));
            }
        }
        for (form_id, content) in rewrites.forms {
            if let Ok(Object::Stream(form)) = doc.get_object_mut(form_id) {
                form.set_plain_content(content);
            }
        }
        for (font_id, transcoder) in visitor.fonts {
            switch_to_identity(doc, font_id, &transcoder);
        }
    }
    normalise_widths(doc);
    drop_broken_to_unicode(doc);
    Ok(())
}

/// Removes /ToUnicode entries that are neither a stream nor the name Identity-H, on
/// which pdf-extract panics; the glyphs of such a font then count as undecodable.
fn drop_broken_to_unicode(doc: &mut Document) {
    let broken: Vec<ObjectId> = doc
        .objects
        .iter()
        .filter(|(_, obj)| {
            obj.as_dict()
                .ok()
                .and_then(|d| d.get(b"ToUnicode").ok())
                .is_some_and(|t| match doc.dereference(t) {
                    Ok((_, Object::Stream(_))) => false,
                    Ok((_, Object::Name(n))) => n != b"Identity-H",
                    _ => true,
                })
        })
        .map(|(id, _)| *id)
        .collect();
    for id in broken {
        if let Ok(dict) = doc.get_dictionary_mut(id) {
            dict.remove(b"ToUnicode");
        }
    }
}

/// The Type0 fonts with a predefined CMap, and what to do with their strings.
#[derive(Debug, Default)]
struct Transcoders {
    fonts: HashMap<ObjectId, Transcoder>,
    /// Fonts whose CMap is not supported, with their name and CMap name.
    unsupported: HashMap<ObjectId, (String, String)>,
    /// The first unsupported font that shows text.
    unsupported_used: Option<(String, String)>,
}

impl Transcoders {
    fn find(doc: &Document) -> Self {
        let mut found = Transcoders::default();
        for (&id, obj) in &doc.objects {
            let Ok(dict) = obj.as_dict() else { continue };
            if !name_is(dict, b"Subtype", b"Type0") {
                continue;
            }
            let Ok(cmap_name) = dict.get(b"Encoding").and_then(Object::as_name) else {
                continue;
            };
            let cmap_name = String::from_utf8_lossy(cmap_name).into_owned();
            if cmap_name == "Identity-H" || cmap_name == "Identity-V" {
                continue;
            }
            match cmap::scheme(&cmap_name) {
                Some(scheme) => {
                    found.fonts.insert(id, Transcoder::new(scheme));
                }
                None => {
                    let font = dict
                        .get(b"BaseFont")
                        .and_then(Object::as_name)
                        .map(|n| String::from_utf8_lossy(n).into_owned())
                        .unwrap_or_else(|_| "(unnamed)".to_string());
                    found.unsupported.insert(id, (font, cmap_name));
                }
            }
        }
        found
    }
}

impl Visitor for Transcoders {
    fn string(&mut self, font: Option<ObjectId>, bytes: &[u8]) -> Option<Vec<u8>> {
        let font = font?;
        if let Some(t) = self.fonts.get_mut(&font) {
            return Some(t.transcode(bytes));
        }
        if let Some(names) = self.unsupported.get(&font) {
            self.unsupported_used.get_or_insert_with(|| names.clone());
        }
        None
    }
}

/// Makes a transcoded font read as Identity-H with a ToUnicode map of the codes its
/// strings now use, and gives its glyphs widths by those codes.
fn switch_to_identity(doc: &mut Document, font_id: ObjectId, transcoder: &Transcoder) {
    let to_unicode = doc.add_object(Stream::new(Dictionary::new(), transcoder.to_unicode_cmap()));
    let descendant = doc
        .get_dictionary(font_id)
        .and_then(|d| d.get(b"DescendantFonts"))
        .and_then(|o| doc.dereference(o))
        .and_then(|(_, o)| o.as_array())
        .ok()
        .and_then(|a| a.first().cloned());
    let widths = match &descendant {
        Some(Object::Reference(id)) => doc
            .get_dictionary(*id)
            .ok()
            .map(|d| code_widths(doc, d, transcoder)),
        Some(Object::Dictionary(d)) => Some(code_widths(doc, d, transcoder)),
        _ => None,
    };
    if let (Some(Object::Reference(id)), Some(w)) = (&descendant, &widths) {
        if let Ok(d) = doc.get_dictionary_mut(*id) {
            d.set("W", Object::Array(w.clone()));
        }
    }
    if let Ok(font) = doc.get_dictionary_mut(font_id) {
        // Vertical writing is not laid out by pdf-extract either way; Identity-H
        // keeps every glyph readable.
        font.set("Encoding", Object::Name(b"Identity-H".to_vec()));
        font.set("ToUnicode", Object::Reference(to_unicode));
        if let (Some(Object::Dictionary(mut d)), Some(w)) = (descendant, widths) {
            d.set("W", Object::Array(w));
            font.set(
                "DescendantFonts",
                Object::Array(vec![Object::Dictionary(d)]),
            );
        }
    }
}

/// /W for the new codes. Only printable ASCII has a width that differs from the
/// default in CJK fonts, and every Adobe CJK character collection puts it at CIDs
/// 1–95 (space to tilde), so those widths carry over; other glyphs keep /DW.
fn code_widths(doc: &Document, cid_font: &Dictionary, transcoder: &Transcoder) -> Vec<Object> {
    /// Half an em: the width of ASCII in CJK fonts whose /W does not list it.
    const HALF_WIDTH: f64 = 500.0;
    let by_cid: HashMap<i64, f64> = cid_widths(doc, cid_font).into_iter().collect();
    let widths: Vec<(i64, f64)> = transcoder
        .used()
        .iter()
        .filter_map(|(&code, text)| {
            let mut chars = text.chars();
            match (chars.next(), chars.next()) {
                (Some(c @ ' '..='~'), None) => {
                    let cid = i64::from(u32::from(c)) - 0x1F;
                    Some((
                        i64::from(code),
                        by_cid.get(&cid).copied().unwrap_or(HALF_WIDTH),
                    ))
                }
                _ => None,
            }
        })
        .collect();
    runs(&widths)
}

/// Rewrites every CIDFont's /W into list form.
fn normalise_widths(doc: &mut Document) {
    let cid_fonts: Vec<ObjectId> = doc
        .objects
        .iter()
        .filter(|(_, obj)| {
            obj.as_dict().is_ok_and(|d| {
                name_is(d, b"Subtype", b"CIDFontType0") || name_is(d, b"Subtype", b"CIDFontType2")
            })
        })
        .map(|(id, _)| *id)
        .collect();
    for id in cid_fonts {
        let Some(widths) = list_form_widths(doc, id) else {
            continue;
        };
        if let Ok(Object::Dictionary(dict)) = doc.get_object_mut(id) {
            dict.set("W", Object::Array(widths));
        }
    }
}

fn name_is(dict: &Dictionary, key: &[u8], value: &[u8]) -> bool {
    dict.get(key)
        .and_then(Object::as_name)
        .is_ok_and(|n| n == value)
}

fn number(doc: &Document, obj: &Object) -> Option<f64> {
    match doc.dereference(obj).ok()?.1 {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)),
        _ => None,
    }
}

/// The CIDFont's widths as `(cid, width)` pairs, read from either form of /W.
fn cid_widths(doc: &Document, cid_font: &Dictionary) -> Vec<(i64, f64)> {
    let Some(w) = cid_font
        .get(b"W")
        .ok()
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_array().ok())
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < w.len() {
        let Some(first) = number(doc, &w[i]).map(|f| f as i64) else {
            break;
        };
        let next = w
            .get(i + 1)
            .and_then(|o| doc.dereference(o).ok())
            .map(|(_, o)| o);
        match next {
            Some(Object::Array(list)) => {
                for (k, width) in list.iter().enumerate() {
                    if let Some(width) = number(doc, width) {
                        out.push((first + k as i64, width));
                    }
                }
                i += 2;
            }
            Some(last) => {
                let (Some(last), Some(width)) = (
                    number(doc, last).map(|l| l as i64),
                    w.get(i + 2).and_then(|o| number(doc, o)),
                ) else {
                    break;
                };
                if last >= first && last - first < MAX_RANGE {
                    out.extend((first..=last).map(|cid| (cid, width)));
                }
                i += 3;
            }
            None => break,
        }
    }
    out
}

/// The font's default width (/DW, 1000 when absent).
fn default_width(doc: &Document, cid_font: &Dictionary) -> f64 {
    cid_font
        .get(b"DW")
        .ok()
        .and_then(|o| number(doc, o))
        .unwrap_or(1000.0)
}

/// /W in list form (`first [w w …]` runs of consecutive CIDs), leaving out glyphs
/// that have the default width. None when the font has no /W.
fn list_form_widths(doc: &Document, id: ObjectId) -> Option<Vec<Object>> {
    let dict = doc.get_object(id).ok()?.as_dict().ok()?;
    dict.get(b"W").ok()?;
    let dw = default_width(doc, dict);
    let mut widths: Vec<(i64, f64)> = cid_widths(doc, dict)
        .into_iter()
        .filter(|&(cid, w)| cid >= 0 && w != dw)
        .collect();
    widths.sort_by_key(|&(cid, _)| cid);
    widths.dedup_by_key(|&mut (cid, _)| cid);
    Some(runs(&widths))
}

/// Encodes sorted `(code, width)` pairs as /W list-form runs.
fn runs(widths: &[(i64, f64)]) -> Vec<Object> {
    let mut out = Vec::new();
    let mut run: Vec<Object> = Vec::new();
    let mut run_start = 0;
    let mut prev: Option<i64> = None;
    for &(cid, w) in widths {
        if prev != Some(cid - 1) && !run.is_empty() {
            out.push(Object::Integer(run_start));
            out.push(Object::Array(std::mem::take(&mut run)));
        }
        if run.is_empty() {
            run_start = cid;
        }
        run.push(Object::Real(w as f32));
        prev = Some(cid);
    }
    if !run.is_empty() {
        out.push(Object::Integer(run_start));
        out.push(Object::Array(run));
    }
    out
}
