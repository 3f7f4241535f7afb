//! Walking the content streams of every page the way pdf-extract will (page content,
//! then form XObjects invoked with `Do`, with the font in effect), to rewrite the
//! strings shown in some fonts or the names fonts are selected by, and to refuse
//! documents whose forms invoke themselves, which would send pdf-extract into
//! unbounded recursion and overflow the stack.

use std::collections::{HashMap, HashSet};

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use crate::error::{Error, ErrorKind, Result};

/// Deeper nesting of forms than this is refused: real documents nest a few levels.
const MAX_FORM_DEPTH: usize = 32;
/// Longer /Parent chains than this are refused: real page trees are a few levels deep.
const MAX_TREE_DEPTH: usize = 64;

/// What the walk does with each shown string.
pub trait Visitor {
    /// Called with the font in effect (when it is an indirect object) and the string's
    /// bytes; returns the bytes to put in its place, if any.
    fn string(&mut self, font: Option<ObjectId>, bytes: &[u8]) -> Option<Vec<u8>>;

    /// Called for each font selection with the font selected (when an indirect
    /// object); returns a resource name to select it by instead, if any.
    fn font(&mut self, _font: Option<ObjectId>) -> Option<Vec<u8>> {
        None
    }

    /// Called whenever the page's content, or a form in it, invokes a form; the form's
    /// strings are visited only the first time it is met.
    fn form(&mut self) {}
}

/// New content for the pages and forms whose strings the visitor replaced.
#[derive(Debug, Default)]
pub struct Rewrites {
    pub pages: Vec<(ObjectId, Vec<u8>)>,
    pub forms: Vec<(ObjectId, Vec<u8>)>,
}

/// The names a content stream can use, resolved to objects.
#[derive(Debug, Default)]
struct Names {
    fonts: HashMap<Vec<u8>, ObjectId>,
    xobjects: HashMap<Vec<u8>, ObjectId>,
}

impl Names {
    fn of(doc: &Document, resources: Option<&Dictionary>) -> Names {
        let table = |key: &[u8]| -> HashMap<Vec<u8>, ObjectId> {
            resources
                .and_then(|r| r.get(key).ok())
                .and_then(|o| doc.dereference(o).ok())
                .and_then(|(_, o)| o.as_dict().ok())
                .map(|d| {
                    d.iter()
                        .filter_map(|(k, v)| v.as_reference().ok().map(|id| (k.clone(), id)))
                        .collect()
                })
                .unwrap_or_default()
        };
        Names {
            fonts: table(b"Font"),
            xobjects: table(b"XObject"),
        }
    }
}

/// Refuses documents with pages missing or unreadable, which pdf-extract would read
/// as blank pages without a word, and page trees whose /Parent chains loop, which it
/// would follow without a limit when it looks for inherited resources.
pub fn check_pages(doc: &Document) -> Result<()> {
    let found = doc.page_iter().count();
    let counted = doc
        .catalog()
        .and_then(|c| c.get(b"Pages"))
        .and_then(|p| doc.dereference(p))
        .and_then(|(_, p)| p.as_dict())
        .and_then(|p| p.get(b"Count"))
        .and_then(Object::as_i64);
    if let Ok(counted) = counted {
        if usize::try_from(counted).ok() != Some(found) {
            return Err(damaged(&format!(
                "its page tree lists {counted} pages but only {found} can be found"
            )));
        }
    }
    for (n, page_id) in doc.page_iter().enumerate() {
        let mut seen = HashSet::new();
        let mut id = page_id;
        loop {
            if !seen.insert(id) || seen.len() > MAX_TREE_DEPTH {
                return Err(damaged("its page tree loops back on itself"));
            }
            let parent = doc
                .get_dictionary(id)
                .and_then(|d| d.get(b"Parent"))
                .and_then(Object::as_reference);
            match parent {
                Ok(p) => id = p,
                Err(_) => break,
            }
        }
        let has_contents = doc
            .get_dictionary(page_id)
            .is_ok_and(|d| d.has(b"Contents"));
        let streams = doc.get_page_contents(page_id);
        if has_contents && streams.is_empty() {
            return Err(damaged(&format!(
                "the content of page {} is missing",
                n + 1
            )));
        }
        for id in streams {
            let readable = doc
                .get_object(id)
                .and_then(Object::as_stream)
                .is_ok_and(|s| {
                    s.filters().map_or(true, |f| f.is_empty()) || s.decompressed_content().is_ok()
                });
            if !readable {
                return Err(damaged(&format!(
                    "the content of page {} is missing or corrupt",
                    n + 1
                )));
            }
        }
    }
    Ok(())
}

/// Walks every page, calling `visitor` on each shown string. Fails when forms invoke
/// themselves or nest absurdly deep.
pub fn walk(doc: &Document, visitor: &mut dyn Visitor) -> Result<Rewrites> {
    let pages: Vec<ObjectId> = doc.page_iter().collect();
    walk_pages(doc, &pages, visitor)
}

/// [`walk`] over some of the pages.
pub fn walk_pages(
    doc: &Document,
    pages: &[ObjectId],
    visitor: &mut dyn Visitor,
) -> Result<Rewrites> {
    let mut walker = Walker {
        doc,
        visitor,
        done: HashSet::new(),
        rewrites: Rewrites::default(),
    };
    for &page_id in pages {
        let Ok(content) = doc.get_page_content(page_id) else {
            continue;
        };
        let names = Names::of(doc, inherited_resources(doc, page_id));
        let mut stack = Vec::new();
        if let Some(new) = walker.stream(&content, &names, None, &mut stack)? {
            walker.rewrites.pages.push((page_id, new));
        }
    }
    Ok(walker.rewrites)
}

/// The page's /Resources, or the nearest ancestor's (the page tree is checked first).
pub fn inherited_resources(doc: &Document, page_id: ObjectId) -> Option<&Dictionary> {
    let res = inherited(doc, page_id, b"Resources")?;
    doc.dereference(res).ok()?.1.as_dict().ok()
}

/// An inheritable page attribute (/Resources, /Rotate …): the page's own, or the
/// nearest ancestor's.
pub fn inherited<'a>(doc: &'a Document, page_id: ObjectId, key: &[u8]) -> Option<&'a Object> {
    let mut id = page_id;
    for _ in 0..MAX_TREE_DEPTH {
        let dict = doc.get_dictionary(id).ok()?;
        if let Ok(value) = dict.get(key) {
            return Some(value);
        }
        id = dict.get(b"Parent").and_then(Object::as_reference).ok()?;
    }
    None
}

/// An inheritable rectangle of a page (/MediaBox, /CropBox) as four numbers.
pub fn inherited_box(doc: &Document, page_id: ObjectId, key: &[u8]) -> Option<[f64; 4]> {
    let array = inherited(doc, page_id, key)
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_array().ok())?;
    let numbers: Vec<f64> = array
        .iter()
        .filter_map(|v| v.as_float().ok().map(f64::from))
        .collect();
    <[f64; 4]>::try_from(numbers).ok()
}

/// Whether an operator pdf-extract interprets has the operands it expects (it
/// panics on any other). Operators it ignores are not checked.
fn well_formed(op: &Operation) -> bool {
    let numbers = |n: usize| {
        op.operands.len() >= n
            && op.operands[..n]
                .iter()
                .all(|o| matches!(o, Object::Integer(_) | Object::Real(_)))
    };
    let first_name = || op.operands.first().is_some_and(|o| o.as_name().is_ok());
    match op.operator.as_str() {
        "cm" | "Tm" | "c" => numbers(6),
        "v" | "y" | "re" => numbers(4),
        "Td" | "TD" | "m" | "l" => numbers(2),
        "Tc" | "Tw" | "Tz" | "TL" | "Ts" | "w" => numbers(1),
        "Tf" => first_name() && op.operands.get(1).is_some_and(|o| o.as_float().is_ok()),
        "CS" | "cs" | "gs" | "Do" => first_name(),
        "Tj" => matches!(op.operands.first(), Some(Object::String(..))),
        "TJ" => !op.operands.is_empty(),
        _ => true,
    }
}

fn is_form(stream: &Stream) -> bool {
    stream
        .dict
        .get(b"Subtype")
        .and_then(Object::as_name)
        .is_ok_and(|n| n == b"Form")
}

fn damaged(what: &str) -> Error {
    Error::new(
        ErrorKind::DamagedPdf,
        format!("The PDF is damaged ({what}) and cannot be read. Obtain a complete, correct copy of the file."),
    )
}

struct Walker<'a, 'v> {
    doc: &'a Document,
    visitor: &'v mut dyn Visitor,
    /// Forms already walked: each is rewritten once, in the context first met.
    done: HashSet<ObjectId>,
    rewrites: Rewrites,
}

impl Walker<'_, '_> {
    /// Walks one content stream; returns its new bytes when a string was replaced.
    fn stream(
        &mut self,
        content: &[u8],
        names: &Names,
        mut font: Option<ObjectId>,
        stack: &mut Vec<ObjectId>,
    ) -> Result<Option<Vec<u8>>> {
        let Ok(mut content) = Content::decode(content) else {
            return Err(damaged("a page's content cannot be parsed"));
        };
        let mut saved = Vec::new();
        let mut changed = false;
        for op in &mut content.operations {
            if !well_formed(op) {
                return Err(damaged(&format!(
                    "a page's content has a malformed `{}` operator",
                    op.operator
                )));
            }
            match op.operator.as_str() {
                "q" => saved.push(font),
                "Q" => font = saved.pop().unwrap_or(font),
                "Tf" => {
                    if let Some(Object::Name(name)) = op.operands.first_mut() {
                        font = names.fonts.get(name.as_slice()).copied();
                        if let Some(new) = self.visitor.font(font) {
                            *name = new;
                            changed = true;
                        }
                    }
                }
                "Tj" | "'" | "\"" => {
                    if let Some(Object::String(bytes, _)) = op.operands.last_mut() {
                        if let Some(new) = self.visitor.string(font, bytes) {
                            *bytes = new;
                            changed = true;
                        }
                    }
                }
                "TJ" => {
                    if let Some(Object::Array(items)) = op.operands.first_mut() {
                        for item in items {
                            if let Object::String(bytes, _) = item {
                                if let Some(new) = self.visitor.string(font, bytes) {
                                    *bytes = new;
                                    changed = true;
                                }
                            }
                        }
                    }
                }
                "Do" => {
                    let Some(id) = op
                        .operands
                        .first()
                        .and_then(|o| o.as_name().ok())
                        .and_then(|n| names.xobjects.get(n))
                        .copied()
                    else {
                        continue;
                    };
                    self.form(id, names, font, stack)?;
                }
                _ => {}
            }
        }
        if !changed {
            return Ok(None);
        }
        content.encode().map(Some).map_err(|e| {
            Error::with_source(
                ErrorKind::ExtractionFailed,
                format!("A page of the PDF could not be prepared for text extraction ({e})."),
                e,
            )
        })
    }

    fn form(
        &mut self,
        id: ObjectId,
        outer: &Names,
        font: Option<ObjectId>,
        stack: &mut Vec<ObjectId>,
    ) -> Result<()> {
        if stack.contains(&id) {
            return Err(damaged("a form invokes itself"));
        }
        if stack.len() >= MAX_FORM_DEPTH {
            return Err(damaged("forms are nested too deeply"));
        }
        let doc = self.doc;
        let Ok(stream) = doc.get_object(id).and_then(Object::as_stream) else {
            return Ok(());
        };
        if !is_form(stream) {
            return Ok(());
        }
        self.visitor.form();
        if self.done.contains(&id) {
            return Ok(());
        }
        let Ok(content) = stream.get_plain_content() else {
            return Ok(());
        };
        // A form without its own resources uses those of the content invoking it.
        let own = stream
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|o| doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_dict().ok());
        let own_names = own.map(|r| Names::of(doc, Some(r)));
        let names = own_names.as_ref().unwrap_or(outer);
        stack.push(id);
        let new = self.stream(&content, names, font, stack)?;
        stack.pop();
        self.done.insert(id);
        if let Some(new) = new {
            self.rewrites.forms.push((id, new));
        }
        Ok(())
    }
}
