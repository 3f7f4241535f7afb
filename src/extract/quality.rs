//! Whether extracted text is real text: present at all (not a scan), decodable (every
//! font maps its glyphs to Unicode) and plausible Chinese (not mapped to the wrong
//! characters). A document that fails is refused whole, so no garbage is stored.

use std::collections::HashSet;
use std::sync::LazyLock;

use super::lines::PageGlyphs;
use crate::error::{Error, ErrorKind, Result};
use crate::script::is_han;

/// More undecodable glyphs than this share means a font without a usable ToUnicode
/// map carries real text; a few stray symbols from a decorative font do not.
const MAX_UNDECODABLE_SHARE: f64 = 0.02;
/// A page of real text (at least [`MIN_GLYPHS_TO_JUDGE`] glyphs) with more
/// undecodable glyphs than this share would be stored with its text missing.
const MAX_UNDECODABLE_PAGE_SHARE: f64 = 0.25;
const MIN_GLYPHS_TO_JUDGE: usize = 100;
/// Chinese prose, however technical, is written almost entirely (well over 95 %) in
/// the 3,755 level-1 characters of GB 2312; characters mapped at random from the
/// whole Han block fall there about one time in five. Text below this share is
/// garbled.
const MIN_COMMON_SHARE: f64 = 0.5;
/// Fewer Han characters than this say too little to judge (a page of figures, an
/// English cover).
const MIN_HAN_TO_JUDGE: usize = 200;

/// Checks the text of the whole document.
pub fn check(pages: &[PageGlyphs]) -> Result<()> {
    let drawn: usize = pages.iter().map(|p| p.glyphs).sum();
    let undecodable: usize = pages.iter().map(|p| p.undecodable).sum();
    if drawn == 0 {
        return Err(Error::new(
            ErrorKind::NoTextLayer,
            "The PDF has no text layer: its pages are images (a scan). Import it with OCR to read its text (`gazette import --ocr FILE`), or obtain the PDF edition with text.",
        ));
    }
    let page_bad = |p: &&PageGlyphs| {
        p.glyphs >= MIN_GLYPHS_TO_JUDGE
            && p.undecodable as f64 > MAX_UNDECODABLE_PAGE_SHARE * p.glyphs as f64
    };
    if undecodable as f64 > MAX_UNDECODABLE_SHARE * drawn as f64
        || pages.iter().any(|p| page_bad(&p))
    {
        let bad_pages: Vec<String> = pages
            .iter()
            .filter(|p| p.undecodable > 0)
            .map(|p| (p.page.index + 1).to_string())
            .collect();
        return Err(Error::new(
            ErrorKind::UndecodableText,
            format!(
                "The text of this PDF cannot be decoded: {undecodable} of {drawn} characters use fonts with no Unicode mapping (pages {}). Export the PDF again with fonts embedded and text made searchable, or print it to page images and import those with OCR.",
                summarise(&bad_pages)
            ),
        ));
    }
    check_plausible(pages)
}

/// Refuses text whose Han characters are mostly rare ones, in the whole document or
/// on any one page (a single wrongly mapped font may set only some pages).
fn check_plausible(pages: &[PageGlyphs]) -> Result<()> {
    let mut total = (0, 0);
    let mut bad_pages = Vec::new();
    for p in pages {
        let (han, common) = han_counts(p);
        total = (total.0 + han, total.1 + common);
        if han >= MIN_HAN_TO_JUDGE && (common as f64) < MIN_COMMON_SHARE * han as f64 {
            bad_pages.push((p.page.index + 1).to_string());
        }
    }
    let (han, common) = total;
    let garbled_doc = han >= MIN_HAN_TO_JUDGE && (common as f64) < MIN_COMMON_SHARE * han as f64;
    if garbled_doc || !bad_pages.is_empty() {
        let share = if han == 0 {
            0.0
        } else {
            100.0 * common as f64 / han as f64
        };
        let where_ = if bad_pages.is_empty() {
            "the document".to_string()
        } else {
            format!("pages {}", summarise(&bad_pages))
        };
        return Err(Error::new(
            ErrorKind::GarbledText,
            format!(
                "The text of this PDF is garbled: its fonts map glyphs to the wrong Chinese characters ({where_}; only {share:.0}% of the characters are common ones, real text has over 95%). Export the PDF again with correct fonts, or print it to page images and import those with OCR."
            ),
        ));
    }
    Ok(())
}

/// Han characters on the page, and how many of them are common.
fn han_counts(page: &PageGlyphs) -> (usize, usize) {
    let common = &*COMMON_HANZI;
    let mut counts = (0, 0);
    for c in page.page.lines.iter().flat_map(|l| l.text.chars()) {
        if is_han(c) {
            counts.0 += 1;
            if common.contains(&c) {
                counts.1 += 1;
            }
        }
    }
    counts
}

/// The level-1 characters of GB 2312 (rows 16–55: the 3,755 characters the standard
/// selected as the most frequently used), decoded from their EUC-CN codes.
static COMMON_HANZI: LazyLock<HashSet<char>> = LazyLock::new(|| {
    let mut set = HashSet::new();
    for row in 0xB0u8..=0xD7 {
        for cell in 0xA1u8..=0xFE {
            let code = [row, cell];
            let (text, _, had_errors) = encoding_rs::GBK.decode(&code);
            let mut chars = text.chars();
            if let (false, Some(c), None) = (had_errors, chars.next(), chars.next()) {
                if is_han(c) {
                    set.insert(c);
                }
            }
        }
    }
    set
});

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PageText, TextLine};

    fn page(index: u32, text: &str, glyphs: usize, undecodable: usize) -> PageGlyphs {
        PageGlyphs {
            page: PageText {
                index,
                width: 500.0,
                height: 700.0,
                lines: vec![TextLine {
                    text: text.to_string(),
                    x0: 50.0,
                    x1: 450.0,
                    y: 100.0,
                    size: 10.5,
                }],
            },
            glyphs,
            undecodable,
        }
    }

    #[test]
    fn one_undecodable_page_fails_a_long_document() {
        let prose = "为加强我市政务诚信建设，充分发挥政府和部门在社会信用体系建设中的表率作用。";
        let mut pages: Vec<PageGlyphs> = (0..60).map(|i| page(i, prose, 1000, 0)).collect();
        assert!(check(&pages).is_ok());
        // 40 lost glyphs are under 0.1% of the document but a third of this page.
        pages.push(page(60, prose, 120, 40));
        let err = check(&pages).expect_err("a page lost a third of its text");
        assert_eq!(err.kind, ErrorKind::UndecodableText);
        assert!(err.message.contains("61"), "{}", err.message);
    }

    #[test]
    fn common_set_is_gb2312_level_one() {
        let set = &*COMMON_HANZI;
        // Row 55 stops at cell 0xF9, so 40 rows of 94 less 5.
        assert_eq!(set.len(), 3755);
        for c in "聊城市人民政府公报关于加强政务诚信建设的实施意见".chars()
        {
            assert!(set.contains(&c), "{c} should be common");
        }
        // Level-2 characters are not in the set.
        assert!(!set.contains(&'茌'));
    }
}
