//! Font normalisation: rewriting font dictionaries with lopdf, before pdf-extract sees
//! the document, into forms pdf-extract reads correctly.
//!
//! pdf-extract ignores the range form (`first last width`) of a CIDFont's /W array, so
//! every glyph of such a font gets the default width and glyph positions within a text
//! string collapse. Every /W is rewritten here into the list form it does read.

use lopdf::{Dictionary, Document, Object, ObjectId};

/// A /W range wider than this is not expanded: no real font has that many glyphs of
/// one non-default width, and expanding it would only cost memory.
const MAX_RANGE: i64 = 0x1_0000;

/// Rewrites the fonts of `doc` in place.
pub fn normalise(doc: &mut Document) {
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
pub fn cid_widths(doc: &Document, cid_font: &Dictionary) -> Vec<(i64, f64)> {
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
pub fn default_width(doc: &Document, cid_font: &Dictionary) -> f64 {
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
pub fn runs(widths: &[(i64, f64)]) -> Vec<Object> {
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
