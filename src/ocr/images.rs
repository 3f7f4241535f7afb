//! The page images of a scanned PDF, taken from the file itself: each page's largest
//! image XObject, in a form leptonica reads from memory, with where the page places it.
//!
//! A scan is one image per page, so the image's own pixels are the best input OCR can
//! get: rendering the page with a rasteriser would only resample them (and add a
//! large dependency). The encodings: DCT (JPEG) and JPX bytes are passed as they are;
//! Flate, LZW or unfiltered samples (8-bit grey or RGB, 1-bit) and CCITT fax data are
//! wrapped in a one-strip TIFF. JBIG2 is not read (leptonica
//! has no decoder for it); such a page is reported as unreadable, by number.

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use crate::extract::{inherited_box, inherited_resources};

/// The image of one page, ready for OCR.
#[derive(Debug, Clone)]
pub struct PageImage {
    /// 0-based index of the page in the PDF.
    pub index: u32,
    /// Page width in points.
    pub width: f32,
    /// Page height in points.
    pub height: f32,
    /// Where the image lies on the page, in points from the top-left corner:
    /// left, top, right, bottom.
    pub placed: [f32; 4],
    /// The image file (JPEG, JPEG 2000 or TIFF) for leptonica, or why the page
    /// has none that can be read.
    pub file: Result<Vec<u8>, NoImage>,
    /// Pixel width of the image.
    pub pixels_wide: u32,
}

/// The resolution assumed for an image placed on no area of its page.
const DEFAULT_DPI: f32 = 300.0;
/// The share of its page a scanned page's image covers at least: a scanner's image is
/// the whole sheet, while a logo, a seal or a photograph set among text is far smaller.
const SCANNED_PAGE_SHARE: f32 = 0.75;

/// Whether every page of the document is a scanned sheet: an image covering the page,
/// whatever text a scanner's own recognition may have hidden behind it.
pub fn is_scan(images: &[PageImage]) -> bool {
    !images.is_empty() && images.iter().all(PageImage::is_scanned_sheet)
}

impl PageImage {
    /// Whether the page's image, read or not, covers the page as a scanned sheet does.
    fn is_scanned_sheet(&self) -> bool {
        let [left, top, right, bottom] = self.placed;
        let covered = (right - left).max(0.0) * (bottom - top).max(0.0);
        self.pixels_wide > 0 && covered >= SCANNED_PAGE_SHARE * self.width * self.height
    }

    /// Points on the page per pixel of the image.
    pub fn points_per_pixel(&self) -> f32 {
        (self.placed[2] - self.placed[0]) / self.pixels_wide.max(1) as f32
    }

    /// The image's resolution, pixels per inch on the page.
    pub fn dpi(&self) -> f32 {
        let scale = self.points_per_pixel();
        if scale > 0.0 {
            72.0 / scale
        } else {
            DEFAULT_DPI
        }
    }

    /// A box of the image (left, top, right, bottom in pixels) in points from the
    /// page's top-left corner.
    pub fn to_points(&self, [left, top, right, bottom]: [f32; 4]) -> [f32; 4] {
        let scale = self.points_per_pixel();
        let [x, y, ..] = self.placed;
        [
            x + left * scale,
            y + top * scale,
            x + right * scale,
            y + bottom * scale,
        ]
    }

    /// A box on the page (left, top, right, bottom in points) in pixels of the image:
    /// the inverse of [`PageImage::to_points`].
    pub fn to_pixels(&self, [left, top, right, bottom]: [f32; 4]) -> [f32; 4] {
        let scale = self.points_per_pixel().max(f32::MIN_POSITIVE);
        let [x, y, ..] = self.placed;
        [
            (left - x) / scale,
            (top - y) / scale,
            (right - x) / scale,
            (bottom - y) / scale,
        ]
    }
}

/// Why a page has no image OCR can read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoImage {
    /// The page draws no image at all (a blank page).
    Blank,
    /// The image is encoded in a way that is not read (JBIG2, an unusual colour space).
    Unsupported(String),
}

/// The image of every page, in page order.
pub fn page_images(doc: &Document) -> Vec<PageImage> {
    doc.get_pages()
        .into_values()
        .enumerate()
        .map(|(i, id)| page_image(doc, id, i as u32))
        .collect()
}

fn page_image(doc: &Document, page: ObjectId, index: u32) -> PageImage {
    let [llx, lly, urx, ury] =
        inherited_box(doc, page, b"MediaBox").unwrap_or([0.0, 0.0, 612.0, 792.0]);
    let (width, height) = ((urx - llx) as f32, (ury - lly) as f32);
    let found = largest_image(doc, page, [llx, ury]);
    let (placed, file, pixels_wide) = match found {
        Ok((placed, file, pixels)) => (placed, Ok(file), pixels),
        Err(why) => ([0.0, 0.0, width, height], Err(why), 0),
    };
    PageImage {
        index,
        width,
        height,
        placed,
        file,
        pixels_wide,
    }
}

/// The page's largest placed image: where it lies (points from the page's top-left
/// corner, `origin` being that corner in PDF space), its file and its pixel width.
fn largest_image(
    doc: &Document,
    page: ObjectId,
    origin: [f64; 2],
) -> Result<([f32; 4], Vec<u8>, u32), NoImage> {
    let [llx, ury] = origin;
    let placements = placements(doc, page);
    let resources = inherited_resources(doc, page).ok_or(NoImage::Blank)?;
    let xobjects = resources
        .get(b"XObject")
        .ok()
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_dict().ok())
        .ok_or(NoImage::Blank)?;
    // The largest placed image is the scan; logos or stamps drawn over it are not.
    let mut best: Option<(f64, &Stream, [f64; 6])> = None;
    for (name, ctm) in placements {
        let Some(stream) = xobjects
            .get(&name)
            .ok()
            .and_then(|o| doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_stream().ok())
        else {
            continue;
        };
        let is_image = stream
            .dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|n| n == b"Image");
        let area = (ctm[0] * ctm[3] - ctm[1] * ctm[2]).abs();
        if is_image && best.as_ref().is_none_or(|(a, _, _)| area > *a) {
            best = Some((area, stream, ctm));
        }
    }
    let (_, stream, ctm) = best.ok_or(NoImage::Blank)?;
    let (file, pixels_wide) = image_file(doc, stream)?;
    // The unit square maps to the image's place; page y grows upwards in PDF space.
    let (x0, x1) = (ctm[4].min(ctm[4] + ctm[0]), ctm[4].max(ctm[4] + ctm[0]));
    let (y0, y1) = (ctm[5].min(ctm[5] + ctm[3]), ctm[5].max(ctm[5] + ctm[3]));
    let placed = [
        (x0 - llx) as f32,
        (ury - y1) as f32,
        (x1 - llx) as f32,
        (ury - y0) as f32,
    ];
    Ok((placed, file, pixels_wide))
}

/// Every `Do` of the page's content with the transformation in effect (only `q`,
/// `Q` and `cm` change it). A scan's page content is a handful of operators.
fn placements(doc: &Document, page: ObjectId) -> Vec<(Vec<u8>, [f64; 6])> {
    let Ok(content) = doc.get_page_content(page) else {
        return Vec::new();
    };
    let Ok(content) = Content::decode(&content) else {
        return Vec::new();
    };
    let mut ctm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
    let mut saved = Vec::new();
    let mut found = Vec::new();
    for op in content.operations {
        match op.operator.as_str() {
            "q" => saved.push(ctm),
            "Q" => ctm = saved.pop().unwrap_or(ctm),
            "cm" => {
                let m: Vec<f64> = op
                    .operands
                    .iter()
                    .filter_map(|o| o.as_float().ok().map(f64::from))
                    .collect();
                if let Ok(m) = <[f64; 6]>::try_from(m) {
                    ctm = concat(m, ctm);
                }
            }
            "Do" => {
                if let Some(Ok(name)) = op.operands.first().map(Object::as_name) {
                    found.push((name.to_vec(), ctm));
                }
            }
            _ => {}
        }
    }
    found
}

/// `m` applied before `ctm` (the PDF order of `cm`).
fn concat(m: [f64; 6], ctm: [f64; 6]) -> [f64; 6] {
    [
        m[0] * ctm[0] + m[1] * ctm[2],
        m[0] * ctm[1] + m[1] * ctm[3],
        m[2] * ctm[0] + m[3] * ctm[2],
        m[2] * ctm[1] + m[3] * ctm[3],
        m[4] * ctm[0] + m[5] * ctm[2] + ctm[4],
        m[4] * ctm[1] + m[5] * ctm[3] + ctm[5],
    ]
}

/// The image as a file leptonica reads, and its pixel width.
fn image_file(doc: &Document, stream: &Stream) -> Result<(Vec<u8>, u32), NoImage> {
    let dict = &stream.dict;
    let int = |key: &[u8]| dict.get(key).and_then(Object::as_i64).ok();
    let unsupported = |what: &str| NoImage::Unsupported(what.to_string());
    let width = int(b"Width")
        .and_then(|w| u32::try_from(w).ok())
        .filter(|w| *w > 0)
        .ok_or_else(|| unsupported("an image without a width"))?;
    let height = int(b"Height")
        .and_then(|h| u32::try_from(h).ok())
        .filter(|h| *h > 0)
        .ok_or_else(|| unsupported("an image without a height"))?;
    let filters: Vec<Vec<u8>> = match dict.get(b"Filter") {
        Ok(Object::Name(n)) => vec![n.clone()],
        Ok(Object::Array(a)) => a
            .iter()
            .filter_map(|o| o.as_name().ok().map(<[u8]>::to_vec))
            .collect(),
        _ => Vec::new(),
    };
    match filters.last().map(Vec::as_slice) {
        Some(b"DCTDecode" | b"JPXDecode") if filters.len() == 1 => {
            Ok((stream.content.clone(), width))
        }
        Some(b"CCITTFaxDecode") if filters.len() == 1 => {
            let params = dict.get(b"DecodeParms").and_then(Object::as_dict).ok();
            Ok((
                ccitt_tiff(&stream.content, width, height, params, inverted(dict)),
                width,
            ))
        }
        None | Some(b"FlateDecode" | b"LZWDecode") => {
            let samples = stream
                .decompressed_content()
                .map_err(|e| unsupported(&format!("image data that cannot be decoded ({e})")))?;
            let mask = dict
                .get(b"ImageMask")
                .and_then(Object::as_bool)
                .unwrap_or(false);
            let bits = if mask {
                1
            } else {
                int(b"BitsPerComponent").unwrap_or(8)
            };
            let components = colour_components(doc, dict);
            samples_tiff(samples, width, height, bits, components, inverted(dict))
                .map(|f| (f, width))
                .ok_or_else(|| unsupported("an image in an unusual colour format"))
        }
        Some(other) => Err(unsupported(&format!(
            "{} images",
            String::from_utf8_lossy(other)
        ))),
    }
}

/// Samples per pixel of the image's colour space: 1 (grey, or an indexed or
/// unknown space read as grey) or 3 (RGB).
fn colour_components(doc: &Document, dict: &Dictionary) -> u32 {
    let space = dict
        .get(b"ColorSpace")
        .ok()
        .and_then(|o| doc.dereference(o).ok())
        .map(|(_, o)| o);
    let name = match space {
        Some(Object::Name(n)) => n.as_slice(),
        Some(Object::Array(a)) => a.first().and_then(|o| o.as_name().ok()).unwrap_or(b""),
        _ => b"",
    };
    if matches!(name, b"DeviceRGB" | b"CalRGB") {
        3
    } else {
        1
    }
}

/// Whether the samples read the other way round from the usual (a `/Decode [1 0]`),
/// or a fax image says 1 is black.
fn inverted(dict: &Dictionary) -> bool {
    let decode_flipped = dict
        .get(b"Decode")
        .and_then(Object::as_array)
        .ok()
        .and_then(|a| a.first())
        .and_then(|o| o.as_float().ok())
        .is_some_and(|v| v > 0.5);
    let black_is_1 = dict
        .get(b"DecodeParms")
        .and_then(Object::as_dict)
        .and_then(|p| p.get(b"BlackIs1"))
        .and_then(Object::as_bool)
        .unwrap_or(false);
    decode_flipped != black_is_1
}

/// Raw samples as an uncompressed one-strip TIFF: 8-bit grey, 1-bit grey, or 8-bit
/// RGB folded to grey, which is all the engine reads anyway. Not PNM: leptonica's PNM
/// reader takes a first sample that looks like white space (a dark border's 32) for
/// the header's end and fails on the whole page.
fn samples_tiff(
    mut samples: Vec<u8>,
    width: u32,
    height: u32,
    bits: i64,
    components: u32,
    inverted: bool,
) -> Option<Vec<u8>> {
    let row = match (bits, components) {
        (8, 1) => width as usize,
        (8, 3) => 3 * width as usize,
        (1, 1) => (width as usize).div_ceil(8),
        _ => return None,
    };
    samples.truncate(row.checked_mul(height as usize)?);
    if samples.len() < row * height as usize {
        return None;
    }
    if components == 3 {
        samples = samples
            .chunks_exact(3)
            .map(|rgb| {
                let [r, g, b] = [rgb[0], rgb[1], rgb[2]].map(u32::from);
                ((299 * r + 587 * g + 114 * b) / 1000) as u8
            })
            .collect();
    }
    if inverted {
        samples.iter_mut().for_each(|b| *b = !*b);
    }
    // PDF grey reads 0 as black, as TIFF's BlackIsZero does.
    const BLACK_IS_ZERO: u32 = 1;
    Some(tiff(
        width,
        height,
        bits as u32,
        1,
        BLACK_IS_ZERO,
        &[],
        &samples,
    ))
}

/// CCITT fax data as a one-strip little-endian TIFF (Group 4, or Group 3 one- or
/// two-dimensional, as the /K parameter says).
fn ccitt_tiff(
    data: &[u8],
    width: u32,
    height: u32,
    params: Option<&Dictionary>,
    inverted: bool,
) -> Vec<u8> {
    let param = |key: &[u8]| {
        params
            .and_then(|p| p.get(key).ok())
            .and_then(|o| o.as_i64().ok())
    };
    let k = param(b"K").unwrap_or(0);
    let columns = param(b"Columns")
        .and_then(|c| u32::try_from(c).ok())
        .unwrap_or(width);
    let rows = param(b"Rows")
        .and_then(|r| u32::try_from(r).ok())
        .filter(|r| *r > 0)
        .unwrap_or(height);
    let compression = if k < 0 { 4 } else { 3 };
    // Fax codes describe white and black runs; TIFF's WhiteIsZero is their usual reading.
    let photometric = u32::from(inverted);
    let t4_options = [(292, 4, u32::from(k > 0))];
    let extra: &[(u16, u16, u32)] = if k >= 0 { &t4_options } else { &[] };
    tiff(columns, rows, 1, compression, photometric, extra, data)
}

/// A little-endian TIFF of one strip of `data`: one sample per pixel of `bits`,
/// compressed as `compression` says (1 none, 3 and 4 fax), read as `photometric`
/// says (0 WhiteIsZero, 1 BlackIsZero), with `extra` entries (tag, type, value).
fn tiff(
    width: u32,
    height: u32,
    bits: u32,
    compression: u32,
    photometric: u32,
    extra: &[(u16, u16, u32)],
    data: &[u8],
) -> Vec<u8> {
    let mut entries: Vec<(u16, u16, u32)> = vec![
        (256, 4, width),
        (257, 4, height),
        (258, 3, bits),
        (259, 3, compression),
        (262, 3, photometric),
        (273, 4, 0), // strip offset, set below
        (277, 3, 1),
        (278, 4, height),
        (279, 4, data.len() as u32),
    ];
    entries.extend_from_slice(extra);
    let ifd_size = 2 + 12 * entries.len() + 4;
    let strip_at = (8 + ifd_size) as u32;
    if let Some(e) = entries.iter_mut().find(|e| e.0 == 273) {
        e.2 = strip_at;
    }
    let mut tiff = b"II*\0".to_vec();
    tiff.extend_from_slice(&8u32.to_le_bytes());
    tiff.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    for (tag, kind, value) in entries {
        tiff.extend_from_slice(&tag.to_le_bytes());
        tiff.extend_from_slice(&kind.to_le_bytes());
        tiff.extend_from_slice(&1u32.to_le_bytes());
        if kind == 3 {
            tiff.extend_from_slice(&(value as u16).to_le_bytes());
            tiff.extend_from_slice(&[0, 0]);
        } else {
            tiff.extend_from_slice(&value.to_le_bytes());
        }
    }
    tiff.extend_from_slice(&0u32.to_le_bytes());
    tiff.extend_from_slice(data);
    tiff
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placement_follows_nested_transformations() {
        let scale = [500.0, 0.0, 0.0, 700.0, 0.0, 0.0];
        let shift = [1.0, 0.0, 0.0, 1.0, 10.0, 20.0];
        // `shift cm` then `scale cm`: the scale applies first, inside the shift.
        let ctm = concat(scale, concat(shift, [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]));
        assert_eq!(ctm, [500.0, 0.0, 0.0, 700.0, 10.0, 20.0]);
    }

    /// A page of 500 × 700 points whose largest image lies at `placed`.
    fn page_with_image(placed: [f32; 4], pixels_wide: u32) -> PageImage {
        PageImage {
            index: 0,
            width: 500.0,
            height: 700.0,
            placed,
            file: Ok(Vec::new()),
            pixels_wide,
        }
    }

    #[test]
    fn a_scan_is_a_sheet_image_on_every_page() {
        let sheet = page_with_image([0.0, 0.0, 500.0, 700.0], 1400);
        let cropped_sheet = page_with_image([20.0, 30.0, 480.0, 670.0], 1300);
        let photo_in_text = page_with_image([50.0, 100.0, 450.0, 400.0], 1100);
        let no_image = page_with_image([0.0, 0.0, 500.0, 700.0], 0);
        assert!(is_scan(&[sheet.clone(), cropped_sheet.clone()]));
        assert!(!is_scan(&[sheet.clone(), photo_in_text]));
        assert!(!is_scan(&[sheet, no_image]));
        assert!(!is_scan(&[]));
    }

    /// The ink of a decoded image, as its connected components.
    fn ink_of(file: &[u8]) -> Vec<[i32; 4]> {
        crate::ocr::Picture::decode(file)
            .expect("leptonica reads the file")
            .components()
            .to_vec()
    }

    #[test]
    fn samples_are_read_as_pdf_means_them() {
        // A 3×2 image whose third pixel is black, the rest white. Its first byte as
        // one-bit ink, 0x20, would be taken for the end of a PNM header.
        let grey = vec![255, 255, 32, 255, 255, 255];
        let at = vec![[2, 0, 1, 1]];
        let file = samples_tiff(grey.clone(), 3, 2, 8, 1, false).expect("grey");
        assert_eq!(ink_of(&file), at);
        let flipped: Vec<u8> = grey.iter().map(|b| !b).collect();
        let file = samples_tiff(flipped, 3, 2, 8, 1, true).expect("grey, /Decode [1 0]");
        assert_eq!(ink_of(&file), at);
        let rgb: Vec<u8> = grey.iter().flat_map(|&v| [v, v, v]).collect();
        let file = samples_tiff(rgb, 3, 2, 8, 3, false).expect("rgb");
        assert_eq!(ink_of(&file), at);
        // One bit, rows byte-aligned: 1 is white.
        let bits = vec![0b1101_1111, 0b1111_1111];
        let file = samples_tiff(bits.clone(), 3, 2, 1, 1, false).expect("one bit");
        assert_eq!(ink_of(&file), at);
        let flipped: Vec<u8> = bits.iter().map(|b| !b).collect();
        let file = samples_tiff(flipped, 3, 2, 1, 1, true).expect("one bit, flipped");
        assert_eq!(ink_of(&file), at);
        assert!(
            samples_tiff(vec![0; 3], 2, 2, 8, 1, false).is_none(),
            "too few samples"
        );
    }
}
