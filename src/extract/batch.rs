//! Batches: several pages handed to pdf-extract as one.
//!
//! pdf-extract forgets every font at the start of a page and parses each font's
//! ToUnicode map again, with a slow parser: that is most of its running time. A
//! gazette page shows a few hundred distinct characters and neighbouring pages show
//! mostly the same ones. So the pages are put into a few batches, each read as one
//! page, whose fonts carry ToUnicode maps of only the codes the batch shows: every
//! map is parsed once per batch instead of once per page, and holds a fraction of
//! the font's codes.
//!
//! A batch page shows each of its pages as a form XObject (pdf-extract reads a form
//! with a graphics state of its own, so nothing one page's content leaves behind
//! reaches the next), shifted [`PAGE_SPACING`] further down than the one before;
//! [`BatchCollector`] sorts the glyphs back to their pages by that shift. pdf-extract
//! remembers fonts by resource name, and each page names its fonts in its own way, so
//! every font selection is renamed after the font object it selects.
//!
//! A page that invokes forms of its own is read alone, with its fonts' full maps: its
//! forms may show text in fonts that no walk of the page sees. A batch that fails is
//! read again page by page, so errors name the page they come from.

use std::collections::{BTreeSet, HashMap};

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};
use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

use super::lines::PageCollector;
use super::tounicode::{self, Map};
use super::walk::{self, Visitor};
use super::{isolate, pool};
use crate::error::Result;

/// How far apart the pages of a batch are placed, in PDF units: far more than any
/// page is tall, so a glyph's position tells its page.
const PAGE_SPACING: f64 = 1.0e6;
/// Batches per worker thread: more than one evens out the work between threads.
const BATCHES_PER_WORKER: usize = 2;
/// A batch holds at most this many pages, so that a long document still spreads
/// over the threads and one batch's maps stay small.
const MAX_BATCH_PAGES: usize = 32;

/// A page of the document as the reader numbers it.
#[derive(Debug, Clone, Copy)]
pub struct Page {
    /// pdf-extract's 1-based page number.
    pub num: u32,
    pub id: ObjectId,
    /// 0-based position in the document.
    pub index: u32,
}

/// Pages pdf-extract reads in one go.
#[derive(Debug)]
pub struct Batch {
    pub pages: Vec<Page>,
    /// The page number of the batch page showing them; None for a page read alone.
    pub batch_page: Option<u32>,
}

/// What the walk of one page found.
#[derive(Debug, Default)]
struct PageUse {
    /// Codes shown, per font.
    fonts: HashMap<ObjectId, BTreeSet<u32>>,
    /// Whether the page invokes forms.
    forms: bool,
}

impl Visitor for PageUse {
    fn string(&mut self, font: Option<ObjectId>, bytes: &[u8]) -> Option<Vec<u8>> {
        // Identity-H/V codes are two bytes; other fonts' sets are never used.
        let codes = self.fonts.entry(font?).or_default();
        codes.extend(bytes.chunks(2).filter_map(tounicode::code_of));
        None
    }

    fn font(&mut self, font: Option<ObjectId>) -> Option<Vec<u8>> {
        // pdf-extract reads every font a page selects, even one it shows nothing in.
        self.fonts.entry(font?).or_default();
        font.map(font_name)
    }

    fn form(&mut self) {
        self.forms = true;
    }
}

/// The resource name a font is selected by in a batch.
fn font_name((number, generation): ObjectId) -> Vec<u8> {
    format!("GzF{number}_{generation}").into_bytes()
}

/// A page walked, ready to go into a batch.
struct Walked {
    page: Page,
    /// Codes shown, per font.
    fonts: HashMap<ObjectId, BTreeSet<u32>>,
    /// The content with its font selections renamed.
    content: Vec<u8>,
    media: [f64; 4],
}

/// Divides the pages into batches and adds a batch page for each to the document.
/// Pages are walked in parallel: parsing their content is most of this work.
pub fn plan(doc: &mut Document) -> Result<Vec<Batch>> {
    let pages: Vec<Page> = doc
        .get_pages()
        .into_iter()
        .enumerate()
        .map(|(index, (num, id))| Page {
            num,
            id,
            index: index as u32,
        })
        .collect();
    let shared: &Document = doc;
    let walked = pool::map(&pages, |_, page| {
        isolate::contain(|| walk_page(shared, *page))
            .unwrap_or_else(|panic| Err(super::preparation_failed(&panic)))
    });

    // Consecutive pages that can be batched go together; any other page is alone.
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let size = pages
        .len()
        .div_ceil(workers * BATCHES_PER_WORKER)
        .clamp(1, MAX_BATCH_PAGES);
    let mut plan: Vec<Batch> = Vec::new();
    let mut batch_pages: Vec<(usize, ObjectId)> = Vec::new();
    let mut maps: HashMap<ObjectId, Option<Map>> = HashMap::new();
    let mut open: Vec<Walked> = Vec::new();
    let mut close = |doc: &mut Document, plan: &mut Vec<Batch>, open: &mut Vec<Walked>| {
        if !open.is_empty() {
            let pages: Vec<Walked> = std::mem::take(open);
            batch_pages.push((plan.len(), add_batch(doc, &pages, &mut maps)));
            plan.push(Batch {
                pages: pages.into_iter().map(|w| w.page).collect(),
                batch_page: None,
            });
        }
    };
    for (page, walked) in pages.into_iter().zip(walked) {
        match walked {
            Some(Ok(Some(w))) => {
                open.push(w);
                if open.len() == size {
                    close(doc, &mut plan, &mut open);
                }
            }
            Some(Err(e)) => return Err(e),
            _ => {
                close(doc, &mut plan, &mut open);
                plan.push(Batch {
                    pages: vec![page],
                    batch_page: None,
                });
            }
        }
    }
    close(doc, &mut plan, &mut open);
    number_batch_pages(doc, &mut plan, &batch_pages);
    Ok(plan)
}

/// Walks one page; None when it has to be read alone.
fn walk_page(doc: &Document, page: Page) -> Result<Option<Walked>> {
    let mut usage = PageUse::default();
    let rewrites = walk::walk_pages(doc, &[page.id], &mut usage)?;
    let media = walk::inherited_box(doc, page.id, b"MediaBox");
    let (Some(media), false) = (media, usage.forms) else {
        return Ok(None);
    };
    let content = match rewrites.pages.into_iter().next() {
        Some((_, content)) => content,
        None => match doc.get_page_content(page.id) {
            Ok(content) => content,
            Err(_) => return Ok(None),
        },
    };
    Ok(Some(Walked {
        page,
        fonts: usage.fonts,
        content,
        media,
    }))
}

/// Adds the fonts, forms and page of one batch to the document and returns the
/// page, which [`number_batch_pages`] puts in the page tree. `maps` keeps the fonts'
/// full ToUnicode maps between batches.
fn add_batch(
    doc: &mut Document,
    pages: &[Walked],
    maps: &mut HashMap<ObjectId, Option<Map>>,
) -> ObjectId {
    let mut codes: HashMap<ObjectId, BTreeSet<u32>> = HashMap::new();
    for w in pages {
        for (font, shown) in &w.fonts {
            codes.entry(*font).or_default().extend(shown);
        }
    }
    let mut fonts = Dictionary::new();
    for (font_id, shown) in codes {
        let map = maps
            .entry(font_id)
            .or_insert_with(|| identity_font_map(doc, font_id));
        let font = doc.get_dictionary(font_id).ok().cloned();
        let selected = match (map.as_ref(), font) {
            (Some(map), Some(mut font)) => {
                let entries = shown
                    .iter()
                    .filter_map(|c| map.get(c).map(|u| (*c, u.clone())));
                let cmap =
                    doc.add_object(Stream::new(Dictionary::new(), tounicode::write(entries)));
                font.set("ToUnicode", Object::Reference(cmap));
                doc.add_object(font)
            }
            _ => font_id,
        };
        fonts.set(font_name(font_id), Object::Reference(selected));
    }

    let mut shows = Dictionary::new();
    let mut content = Vec::new();
    for (k, w) in pages.iter().enumerate() {
        let mut resources = walk::inherited_resources(doc, w.page.id)
            .cloned()
            .unwrap_or_default();
        let mut page_fonts = resources
            .get(b"Font")
            .ok()
            .and_then(|o| doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_dict().ok())
            .cloned()
            .unwrap_or_default();
        for (name, font) in fonts.iter() {
            page_fonts.set(name.clone(), font.clone());
        }
        resources.set("Font", Object::Dictionary(page_fonts));
        let mut form = Dictionary::new();
        form.set("Type", Object::Name(b"XObject".to_vec()));
        form.set("Subtype", Object::Name(b"Form".to_vec()));
        form.set(
            "BBox",
            Object::Array(w.media.iter().map(|&v| Object::Real(v as f32)).collect()),
        );
        form.set("Resources", Object::Dictionary(resources));
        let mut shifted = format!("1 0 0 1 0 {} cm\n", -(k as f64) * PAGE_SPACING).into_bytes();
        shifted.extend_from_slice(&w.content);
        let form_id = doc.add_object(Stream::new(form, shifted));
        let name = format!("GzP{k}");
        content.extend_from_slice(format!("/{name} Do\n").as_bytes());
        shows.set(name, Object::Reference(form_id));
    }
    let mut resources = Dictionary::new();
    resources.set("XObject", Object::Dictionary(shows));
    let mut page = Dictionary::new();
    page.set("Type", Object::Name(b"Page".to_vec()));
    page.set(
        "MediaBox",
        Object::Array(vec![0.into(), 0.into(), 1.into(), 1.into()]),
    );
    page.set("Resources", Object::Dictionary(resources));
    let contents = doc.add_object(Stream::new(Dictionary::new(), content));
    page.set("Contents", Object::Reference(contents));
    doc.add_object(page)
}

/// Hangs the batch pages (each with the index of its batch in `plan`) under the root
/// of the page tree, after the document's own pages, and gives each batch its page
/// number. Without a page tree root the batches stay unnumbered: their pages are then
/// read one by one.
fn number_batch_pages(doc: &mut Document, plan: &mut [Batch], batch_pages: &[(usize, ObjectId)]) {
    let root = doc
        .catalog()
        .and_then(|c| c.get(b"Pages"))
        .and_then(Object::as_reference);
    let Ok(root) = root else {
        return;
    };
    let ids: Vec<ObjectId> = batch_pages.iter().map(|&(_, id)| id).collect();
    for id in &ids {
        if let Ok(page) = doc.get_dictionary_mut(*id) {
            page.set("Parent", Object::Reference(root));
        }
    }
    if let Ok(tree) = doc.get_dictionary_mut(root) {
        let mut kids = tree
            .get(b"Kids")
            .and_then(Object::as_array)
            .cloned()
            .unwrap_or_default();
        kids.extend(ids.iter().map(|id| Object::Reference(*id)));
        let count = tree.get(b"Count").and_then(Object::as_i64).unwrap_or(0);
        tree.set("Kids", Object::Array(kids));
        tree.set("Count", Object::Integer(count + ids.len() as i64));
    }
    let numbers: HashMap<ObjectId, u32> = doc
        .get_pages()
        .into_iter()
        .map(|(num, id)| (id, num))
        .collect();
    for &(at, id) in batch_pages {
        if let Some(batch) = plan.get_mut(at) {
            batch.batch_page = numbers.get(&id).copied();
        }
    }
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
    stream
        .get_plain_content()
        .ok()
        .map(|data| tounicode::parse(&data))
}

/// The `OutputDev` for a batch page: hands every glyph, moved back into place, to
/// the collector of the page it belongs to.
pub struct BatchCollector {
    pages: Vec<PageCollector>,
}

impl BatchCollector {
    /// Collectors for the batch's pages in order, each already told its page's box.
    pub fn new(pages: Vec<PageCollector>) -> Self {
        BatchCollector { pages }
    }

    pub fn into_pages(self) -> Vec<PageCollector> {
        self.pages
    }
}

impl OutputDev for BatchCollector {
    fn begin_page(
        &mut self,
        _page_num: u32,
        _media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        let k = (-trm.m32 / PAGE_SPACING).round();
        // A glyph drawn more than half the spacing away from its page cannot be told
        // apart from another page's; no real page draws text that far outside itself,
        // and such a glyph is dropped.
        if !(k >= 0.0 && k < self.pages.len() as f64) {
            return Ok(());
        }
        let mut placed = *trm;
        placed.m32 += k * PAGE_SPACING;
        self.pages[k as usize].output_character(&placed, width, spacing, font_size, char)
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}
