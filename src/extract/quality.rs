//! Whether extracted text is real text: present at all (not a scan), decodable (every
//! font maps its glyphs to Unicode) and plausible Chinese (not mapped to the wrong
//! characters). A document that fails is refused whole, so no garbage is stored.

use super::lines::PageGlyphs;
use crate::error::{Error, ErrorKind, Result};

/// More undecodable glyphs than this share means a font without a usable ToUnicode
/// map carries real text; a few stray symbols from a decorative font do not.
const MAX_UNDECODABLE_SHARE: f64 = 0.02;

/// Checks the text of the whole document.
pub fn check(pages: &[PageGlyphs]) -> Result<()> {
    let drawn: usize = pages.iter().map(|p| p.glyphs).sum();
    let undecodable: usize = pages.iter().map(|p| p.undecodable).sum();
    if drawn == 0 {
        return Err(Error::new(
            ErrorKind::NoTextLayer,
            "The PDF has no text layer: its pages are images (a scan). Run OCR on it first, or obtain the PDF edition with text.",
        ));
    }
    if undecodable as f64 > MAX_UNDECODABLE_SHARE * drawn as f64 {
        let bad_pages: Vec<String> = pages
            .iter()
            .filter(|p| p.undecodable > 0)
            .map(|p| (p.page.index + 1).to_string())
            .collect();
        return Err(Error::new(
            ErrorKind::UndecodableText,
            format!(
                "The text of this PDF cannot be decoded: {undecodable} of {drawn} characters use fonts with no Unicode mapping (pages {}). Export the PDF again with fonts embedded and text made searchable, or run OCR on it.",
                summarise(&bad_pages)
            ),
        ));
    }
    Ok(())
}

/// Lists at most a few page numbers, so a message stays one readable line.
fn summarise(pages: &[String]) -> String {
    const SHOWN: usize = 8;
    if pages.len() <= SHOWN {
        pages.join(", ")
    } else {
        format!(
            "{} and {} more",
            pages[..SHOWN].join(", "),
            pages.len() - SHOWN
        )
    }
}
