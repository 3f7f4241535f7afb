//! Annotations leaving and entering the archive: Markdown for reading and printing,
//! and W3C Web Annotation JSON-LD (an `AnnotationCollection`) for exchanging with
//! colleagues and other tools. Each annotation keeps its id across exchanges, so
//! importing a file twice, or a colleague's file holding our own notes, merges
//! without duplicates.
//!
//! A target's `source` is a URN naming the clause without row ids:
//! `urn:gazette:<gazette>:<year>:<issue>:<document>:<clause path>`, where the document
//! is its 文号's lookup key (brackets and spaces dropped) or `~N` (its position,
//! 1-based) when it has none; `%` and `:` inside a part are percent-encoded. The
//! printed 文号, the document's position and title and the printed page, which a
//! Markdown export or an orphaned note needs, travel in a `gazette:document` object.

use serde::Serialize;
use serde_json::{json, Map, Value};

use super::{
    checked_color, checked_note, checked_tags, Anchor, AnchorCounts, AnchorStatus, Annotation,
    AnnotationView, Kind, Quote,
};
use crate::docnum;
use crate::error::{Error, Result};
use crate::views::{issue_name, IssueKey};

const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";
const URN_PREFIX: &str = "urn:gazette:";
const UUID_PREFIX: &str = "urn:uuid:";
const DOCUMENT_KEY: &str = "gazette:document";

/// What an import of exchanged annotations did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExchangeReport {
    /// Annotations new to this archive.
    pub added: u32,
    /// Known annotations replaced by a later modification.
    pub updated: u32,
    /// Known annotations already as new as the file's (left as they are).
    pub unchanged: u32,
    /// How the added and updated ones were anchored.
    pub anchors: AnchorCounts,
}

/// Markdown grouped by issue and document, each annotation with its clause path,
/// printed page, quoted text, note and tags. `annotations` come in reading order.
pub fn export_markdown(annotations: &[AnnotationView]) -> String {
    let mut out = String::from("# Annotations\n");
    let mut issue = None;
    let mut document = None;
    for view in annotations {
        let a = &view.annotation;
        let anchor = &a.anchor;
        if issue != Some(&anchor.issue) {
            issue = Some(&anchor.issue);
            document = None;
            out.push_str(&format!(
                "\n## {}\n",
                issue_name(&anchor.issue.gazette, anchor.issue.year, &view.number_label)
            ));
        }
        if document != Some(anchor.doc_ordinal) {
            document = Some(anchor.doc_ordinal);
            match &anchor.doc_number {
                Some(number) => out.push_str(&format!("\n### {number}　{}\n", anchor.doc_title)),
                None => out.push_str(&format!("\n### {}\n", anchor.doc_title)),
            }
        }
        let mut line = format!("\n- **{}**", anchor.path);
        if let Some(page) = anchor.page {
            line.push_str(&format!(", p. {page}"));
        }
        line.push_str(" — ");
        line.push_str(a.kind.as_str());
        if let Some(color) = &a.color {
            line.push_str(&format!(" ({color})"));
        }
        for tag in &a.tags {
            line.push_str(&format!(" #{tag}"));
        }
        if a.status == AnchorStatus::Orphaned {
            line.push_str(" — orphaned: not found in the current edition");
        }
        out.push_str(&line);
        out.push('\n');
        if !anchor.quote.exact.is_empty() {
            out.push('\n');
            for quoted in anchor.quote.exact.lines() {
                out.push_str(&format!("  > {quoted}\n"));
            }
        }
        if let Some(note) = &a.note {
            out.push('\n');
            for line in note.lines() {
                out.push_str(&format!("  {line}\n"));
            }
        }
    }
    out
}

/// The annotations as one W3C `AnnotationCollection` (JSON-LD).
pub fn export_w3c(annotations: &[AnnotationView]) -> String {
    let items: Vec<Value> = annotations.iter().map(|v| to_w3c(&v.annotation)).collect();
    let collection = json!({
        "@context": CONTEXT,
        "type": "AnnotationCollection",
        "label": "Gazette Reader annotations",
        "total": items.len(),
        "first": {
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    });
    // A Value with string keys always serialises.
    serde_json::to_string_pretty(&collection).unwrap_or_default()
}

pub(super) fn to_w3c(a: &Annotation) -> Value {
    let anchor = &a.anchor;
    let id = if a.id.contains(':') {
        a.id.clone()
    } else {
        format!("{UUID_PREFIX}{}", a.id)
    };
    let motivation = match a.kind {
        Kind::Bookmark => "bookmarking",
        Kind::Highlight => "highlighting",
        Kind::Note => "commenting",
    };
    let mut bodies = Vec::new();
    if let Some(note) = &a.note {
        bodies.push(json!({"type": "TextualBody", "value": note, "format": "text/plain", "purpose": "commenting"}));
    }
    for tag in &a.tags {
        bodies.push(json!({"type": "TextualBody", "value": tag, "purpose": "tagging"}));
    }
    let mut target = json!({
        "source": source_urn(anchor),
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": anchor.quote.exact,
                "prefix": anchor.quote.prefix,
                "suffix": anchor.quote.suffix,
            },
            {"type": "TextPositionSelector", "start": anchor.start, "end": anchor.end},
        ],
    });
    if let (Some(color), Some(t)) = (&a.color, target.as_object_mut()) {
        t.insert("styleClass".into(), json!(color));
    }
    let mut annotation = json!({
        "@context": CONTEXT,
        "id": id,
        "type": "Annotation",
        "motivation": motivation,
        "created": a.created,
        "modified": a.modified,
        "target": target,
        DOCUMENT_KEY: {
            "docNumber": anchor.doc_number,
            "ordinal": anchor.doc_ordinal,
            "title": anchor.doc_title,
            "page": anchor.page,
        },
    });
    if let (false, Some(o)) = (bodies.is_empty(), annotation.as_object_mut()) {
        o.insert("body".into(), Value::Array(bodies));
    }
    annotation
}

fn source_urn(anchor: &Anchor) -> String {
    let document = match &anchor.doc_number {
        Some(number) => encode(&docnum::key(number)),
        None => format!("~{}", anchor.doc_ordinal + 1),
    };
    format!(
        "{URN_PREFIX}{}:{}:{}:{document}:{}",
        encode(&anchor.issue.gazette),
        anchor.issue.year,
        anchor.issue.number,
        encode(&anchor.path)
    )
}

fn encode(part: &str) -> String {
    part.replace('%', "%25").replace(':', "%3A")
}

fn decode(part: &str) -> String {
    part.replace("%3A", ":")
        .replace("%3a", ":")
        .replace("%25", "%")
}

/// Reads annotations exchanged as W3C JSON-LD: an `AnnotationCollection` (its first
/// page), an `AnnotationPage`, an array of annotations or a single one. Every
/// annotation is checked; one bad annotation rejects the whole file.
pub(super) fn parse_w3c(text: &str) -> Result<Vec<Annotation>> {
    let root: Value = serde_json::from_str(text)
        .map_err(|e| Error::invalid(format!("the annotation file is not valid JSON: {e}")))?;
    let items = match &root {
        Value::Array(items) => items.as_slice(),
        Value::Object(o) => match o.get("type").and_then(Value::as_str) {
            Some("AnnotationCollection") => page_items(o.get("first"))?,
            Some("AnnotationPage") => page_items(Some(&root))?,
            Some("Annotation") => std::slice::from_ref(&root),
            _ => {
                return Err(Error::invalid(
                    "the file holds no W3C annotations (expected an AnnotationCollection, \
                     an AnnotationPage or an Annotation)",
                ))
            }
        },
        _ => return Err(Error::invalid("the file holds no W3C annotations")),
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            from_w3c(item).map_err(|e| {
                Error::invalid(format!("annotation {} of the file: {}", i + 1, e.message))
            })
        })
        .collect()
}

fn page_items(page: Option<&Value>) -> Result<&[Value]> {
    page.and_then(|p| p.get("items"))
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .ok_or_else(|| Error::invalid("the annotation page has no items"))
}

pub(super) fn from_w3c(item: &Value) -> Result<Annotation> {
    let o = item
        .as_object()
        .ok_or_else(|| Error::invalid("not a JSON object"))?;
    let id = string(o, "id")?;
    let id = id.strip_prefix(UUID_PREFIX).unwrap_or(&id).to_string();
    if id.is_empty() {
        return Err(Error::invalid("empty id"));
    }
    let kind = match one_or_many(o.get("motivation"))
        .first()
        .and_then(|m| m.as_str())
    {
        // An annotation that only tags its target marks it, as a bookmark does.
        Some("bookmarking") | Some("tagging") => Kind::Bookmark,
        Some("highlighting") => Kind::Highlight,
        Some("commenting") => Kind::Note,
        other => {
            return Err(Error::invalid(format!(
                "unsupported motivation {}",
                other.unwrap_or("(none)")
            )))
        }
    };
    let mut notes = Vec::new();
    let mut tags = Vec::new();
    for body in one_or_many(o.get("body")) {
        let value = body
            .get("value")
            .and_then(Value::as_str)
            .ok_or_else(|| Error::invalid("a body without a text value"))?;
        match body.get("purpose").and_then(Value::as_str) {
            Some("tagging") => tags.push(value.to_string()),
            _ => notes.push(value),
        }
    }
    let note = (!notes.is_empty()).then(|| notes.join("\n\n"));
    let target = one_or_many(o.get("target"));
    let [target] = target.as_slice() else {
        return Err(Error::invalid("an annotation needs exactly one target"));
    };
    let target = target
        .as_object()
        .ok_or_else(|| Error::invalid("the target is not an object"))?;
    let mut anchor = parse_source(&string(target, "source")?)?;
    let mut quote = None;
    for selector in one_or_many(target.get("selector")) {
        let Some(s) = selector.as_object() else {
            continue;
        };
        match s.get("type").and_then(Value::as_str) {
            Some("TextQuoteSelector") => {
                quote = Some(Quote {
                    exact: string(s, "exact")?,
                    prefix: optional_string(s, "prefix")?.unwrap_or_default(),
                    suffix: optional_string(s, "suffix")?.unwrap_or_default(),
                })
            }
            Some("TextPositionSelector") => {
                anchor.start = number(s, "start")?;
                anchor.end = number(s, "end")?;
            }
            _ => {}
        }
    }
    anchor.quote = quote.ok_or_else(|| Error::invalid("the target has no TextQuoteSelector"))?;
    if let Some(doc) = o.get(DOCUMENT_KEY).and_then(Value::as_object) {
        if let Some(number) = optional_string(doc, "docNumber")? {
            anchor.doc_number = Some(number);
        }
        if doc.get("ordinal").is_some_and(|v| !v.is_null()) {
            anchor.doc_ordinal = number(doc, "ordinal")?;
        }
        anchor.doc_title = optional_string(doc, "title")?.unwrap_or_default();
        anchor.page = doc
            .get("page")
            .and_then(Value::as_u64)
            .and_then(|p| u32::try_from(p).ok());
    }
    let color = optional_string(target, "styleClass")?;
    let now = crate::dates::now_iso();
    let created = optional_string(o, "created")?.unwrap_or_else(|| now.clone());
    let modified = optional_string(o, "modified")?.unwrap_or_else(|| created.clone());
    Ok(Annotation {
        id,
        kind,
        color: checked_color(kind, color.as_deref())?,
        note: checked_note(kind, note.as_deref())?,
        tags: checked_tags(&tags)?,
        anchor,
        status: AnchorStatus::Orphaned,
        method: None,
        created,
        modified,
    })
}

/// The anchor a `urn:gazette:` source names, with an empty quote and position.
fn parse_source(urn: &str) -> Result<Anchor> {
    let bad = || {
        Error::invalid(format!(
            "the target source {urn} is not a gazette clause URN"
        ))
    };
    let rest = urn.strip_prefix(URN_PREFIX).ok_or_else(bad)?;
    let parts: Vec<&str> = rest.splitn(5, ':').collect();
    let [gazette, year, number, document, path] = parts.as_slice() else {
        return Err(bad());
    };
    let (doc_number, doc_ordinal) = match document.strip_prefix('~') {
        Some(position) => {
            let position: u32 = position.parse().map_err(|_| bad())?;
            (None, position.checked_sub(1).ok_or_else(bad)?)
        }
        None => (Some(decode(document)), 0),
    };
    Ok(Anchor {
        issue: IssueKey {
            gazette: decode(gazette),
            year: year.parse().map_err(|_| bad())?,
            number: number.parse().map_err(|_| bad())?,
        },
        doc_number,
        doc_ordinal,
        doc_title: String::new(),
        path: decode(path),
        quote: Quote::default(),
        start: 0,
        end: 0,
        page: None,
    })
}

/// A JSON-LD property that may hold one value or an array of them.
fn one_or_many(value: Option<&Value>) -> Vec<&Value> {
    match value {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items.iter().collect(),
        Some(one) => vec![one],
    }
}

fn string(o: &Map<String, Value>, key: &str) -> Result<String> {
    optional_string(o, key)?.ok_or_else(|| Error::invalid(format!("missing “{key}”")))
}

fn optional_string(o: &Map<String, Value>, key: &str) -> Result<Option<String>> {
    match o.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(Error::invalid(format!("“{key}” is not a string"))),
    }
}

fn number(o: &Map<String, Value>, key: &str) -> Result<u32> {
    o.get(key)
        .and_then(Value::as_u64)
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| Error::invalid(format!("“{key}” is not a non-negative number")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_urn_round_trips() {
        let anchor = Anchor {
            issue: IssueKey {
                gazette: "聊城市人民政府公报".into(),
                year: 2018,
                number: 8,
            },
            doc_number: Some("聊政发〔2018〕41号".into()),
            doc_ordinal: 0,
            doc_title: String::new(),
            path: "二/（一）/2".into(),
            quote: Quote::default(),
            start: 0,
            end: 0,
            page: None,
        };
        let urn = source_urn(&anchor);
        assert_eq!(
            urn,
            "urn:gazette:聊城市人民政府公报:2018:8:聊政发201841号:二/（一）/2"
        );
        let back = parse_source(&urn).expect("parses");
        assert_eq!(back.path, anchor.path);
        assert_eq!(back.doc_number.as_deref(), Some("聊政发201841号"));
        let unnumbered = Anchor {
            doc_number: None,
            doc_ordinal: 12,
            path: "a:b%c".into(),
            ..anchor
        };
        let back = parse_source(&source_urn(&unnumbered)).expect("parses");
        assert_eq!(
            (back.doc_number, back.doc_ordinal, back.path.as_str()),
            (None, 12, "a:b%c")
        );
    }
}
