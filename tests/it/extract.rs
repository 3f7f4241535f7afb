//! Tests of `extract`: PDF bytes to positioned lines, against the fixtures' ground
//! truth, and every kind of bad input to its typed error without a panic.

use gazette::extract::extract_pages;
use gazette::model::PageText;
use gazette::ErrorKind;
use serde_json::Value;

use crate::support::fixture_bytes as fixture;

fn truth(name: &str) -> Value {
    serde_json::from_slice(&fixture(name)).expect("truth is JSON")
}

fn pages(name: &str, password: Option<&str>) -> Vec<PageText> {
    extract_pages(&fixture(name), password)
        .unwrap_or_else(|e| panic!("{name}: {} ({})", e, e.kind()))
}

fn kind_of(name: &str, password: Option<&str>) -> ErrorKind {
    match extract_pages(&fixture(name), password) {
        Ok(p) => panic!("{name}: expected an error, got {} pages", p.len()),
        Err(e) => {
            assert!(!e.message().is_empty(), "{name}: the error has no message");
            e.kind()
        }
    }
}

fn no_space(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

fn page_text(page: &PageText) -> String {
    page.lines.iter().map(|l| l.text.as_str()).collect()
}

fn flow(truth: &Value) -> &Vec<Value> {
    truth["flow"].as_array().expect("truth has a flow")
}

/// Every Han character of the truth's flow appears, in order, in the extracted text
/// (running headers and footers are extra text in between).
fn assert_han_in_order(name: &str, truth_name: &str) {
    let extracted: Vec<char> = pages(name, None)
        .iter()
        .flat_map(|p| page_text(p).chars().collect::<Vec<_>>())
        .filter(|c| is_han(*c))
        .collect();
    let expected: Vec<char> = flow(&truth(truth_name))
        .iter()
        .filter_map(|f| f["text"].as_str())
        .flat_map(str::chars)
        .filter(|c| is_han(*c))
        .collect();
    assert!(expected.len() > 10_000, "the truth has the issue's text");
    let mut found = 0;
    for c in &extracted {
        if found < expected.len() && *c == expected[found] {
            found += 1;
        }
    }
    assert_eq!(
        found,
        expected.len(),
        "{name}: only the first {found} of {} Han characters were found in order; next missing: {:?}",
        expected.len(),
        expected[found..].iter().take(20).collect::<String>()
    );
}

#[test]
fn one_column_issue_has_every_han_character_in_order() {
    assert_han_in_order(
        "liaocheng-2018-08-1col.pdf",
        "liaocheng-2018-08-1col.truth.json",
    );
}

#[test]
fn two_column_issue_has_every_han_character_in_order() {
    assert_han_in_order(
        "liaocheng-2018-08-2col.pdf",
        "liaocheng-2018-08-2col.truth.json",
    );
}

#[test]
fn good_issues_have_every_page_with_sizes_and_positions() {
    for (name, count) in [
        ("liaocheng-2018-08-1col.pdf", 77),
        ("liaocheng-2018-08-2col.pdf", 68),
    ] {
        let pages = pages(name, None);
        assert_eq!(pages.len(), count, "{name}");
        for (i, p) in pages.iter().enumerate() {
            assert_eq!(p.index as usize, i, "{name}");
            // 185 × 260 mm.
            assert!((p.width - 524.4).abs() < 1.0 && (p.height - 737.0).abs() < 1.0);
            assert!(!p.lines.is_empty(), "{name}: page {i} has no lines");
            for l in &p.lines {
                assert!(l.x0 >= 0.0 && l.x0 < l.x1 && l.x1 <= p.width + 1.0, "{l:?}");
                assert!(l.y > 0.0 && l.y < p.height, "{l:?}");
                assert!(l.size > 4.0 && l.size < 60.0, "{l:?}");
                assert_eq!(l.text.trim(), l.text, "{l:?}");
            }
        }
    }
}

/// On body pages, every line is a piece of one printed item (a paragraph, heading,
/// running header or footer; a 上接/下转 marker may share the line of its paragraph):
/// a line that mixed the two columns, or glued two lines, would not be.
fn assert_lines_are_pieces_of_single_items(name: &str, truth_name: &str) {
    let truth = truth(truth_name);
    let pages = pages(name, None);
    let mut checked = 0;
    let mut bad = Vec::new();
    for tp in truth["pages"].as_array().expect("truth pages") {
        if tp["kind"] != "body" {
            continue;
        }
        let Some(index) = tp["pdf_page_index"].as_u64() else {
            continue;
        };
        let mut items: Vec<String> = flow(&truth)
            .iter()
            .filter(|f| {
                let start = f["pdf_page_index"].as_u64().unwrap_or(u64::MAX);
                let end = f["end_pdf_page_index"].as_u64().unwrap_or(start);
                (start..=end).contains(&index)
            })
            .filter_map(|f| f["text"].as_str().map(no_space))
            .collect();
        items.extend(
            tp["running_header"]
                .as_array()
                .into_iter()
                .flatten()
                .chain(std::iter::once(&tp["footer"]))
                .filter_map(|v| v.as_str().map(no_space)),
        );
        // 上接/下转 markers are printed in the line of the paragraph they interrupt.
        let markers: Vec<String> = flow(&truth)
            .iter()
            .filter(|f| f["kind"] == "shangjie" || f["kind"] == "xiazhuan")
            .filter(|f| f["pdf_page_index"].as_u64() == Some(index))
            .filter_map(|f| f["text"].as_str().map(no_space))
            .collect();
        for line in &pages[index as usize].lines {
            let text = markers
                .iter()
                .fold(no_space(&line.text), |t, m| strip_marker(&t, m));
            checked += 1;
            if !items.iter().any(|item| item.contains(&text)) {
                bad.push(format!("page {index}: {}", line.text));
            }
        }
    }
    assert!(checked > 1000, "{name}: only {checked} lines checked");
    assert!(
        bad.is_empty(),
        "{name}: lines that are not one item:\n{}",
        bad.join("\n")
    );
}

/// `text` without the marker `m`, or without the part of it that starts or ends the
/// line when the marker wraps onto the next line.
fn strip_marker(text: &str, m: &str) -> String {
    if text == m {
        return text.to_string();
    }
    if text.contains(m) {
        return text.replace(m, "");
    }
    let chars: Vec<char> = m.chars().collect();
    for k in (2..chars.len()).rev() {
        let head: String = chars[..k].iter().collect();
        let tail: String = chars[chars.len() - k..].iter().collect();
        if let Some(rest) = text.strip_suffix(head.as_str()) {
            return rest.to_string();
        }
        if let Some(rest) = text.strip_prefix(tail.as_str()) {
            return rest.to_string();
        }
    }
    text.to_string()
}

#[test]
fn two_column_lines_never_mix_columns() {
    assert_lines_are_pieces_of_single_items(
        "liaocheng-2018-08-2col.pdf",
        "liaocheng-2018-08-2col.truth.json",
    );
}

#[test]
fn one_column_lines_are_single_lines() {
    assert_lines_are_pieces_of_single_items(
        "liaocheng-2018-08-1col.pdf",
        "liaocheng-2018-08-1col.truth.json",
    );
}

#[test]
fn two_column_page_has_left_and_right_lines_on_the_same_baselines() {
    let pages = pages("liaocheng-2018-08-2col.pdf", None);
    let truth = truth("liaocheng-2018-08-2col.truth.json");
    let body: Vec<usize> = truth["pages"]
        .as_array()
        .expect("truth pages")
        .iter()
        .filter(|p| p["kind"] == "body")
        .filter_map(|p| p["pdf_page_index"].as_u64().map(|i| i as usize))
        .collect();
    let mut pairs = 0;
    for i in body {
        let page = &pages[i];
        let middle = page.width / 2.0;
        for l in page.lines.iter().filter(|l| (l.size - 10.5).abs() < 0.1) {
            // Body lines keep to one half of the page (punctuation may hang out a
            // little into the gutter).
            assert!(
                l.x1 <= middle + 5.0 || l.x0 >= middle - 5.0,
                "page {i}: line across the gutter: {l:?}"
            );
            let right = page
                .lines
                .iter()
                .any(|r| r.x0 > middle && (r.y - l.y).abs() < 1.0 && l.x1 < middle);
            pairs += usize::from(right);
        }
    }
    assert!(
        pairs > 1000,
        "only {pairs} left lines have a right neighbour on their baseline"
    );
}

#[test]
fn han_characters_are_never_separated_by_spaces() {
    for name in ["liaocheng-2018-08-1col.pdf", "liaocheng-2018-08-2col.pdf"] {
        for p in pages(name, None) {
            for l in &p.lines {
                let chars: Vec<char> = l.text.chars().collect();
                for w in chars.windows(3) {
                    assert!(
                        !(is_han(w[0]) && w[1] == ' ' && is_han(w[2])),
                        "{name}: space between Han characters: {}",
                        l.text
                    );
                }
            }
        }
    }
}

#[test]
fn stsong_with_predefined_unigb_cmap_matches_truth() {
    let pages = pages("bad/nonembedded-stsong-unigb.pdf", None);
    let truth = truth("bad/nonembedded-stsong-unigb.truth.json");
    assert_eq!(pages.len(), truth["pages"].as_array().map_or(0, Vec::len));
    let mut paragraphs = 0;
    for f in flow(&truth) {
        let (Some(text), Some(index)) = (f["text"].as_str(), f["pdf_page_index"].as_u64()) else {
            continue;
        };
        let page = no_space(&page_text(&pages[index as usize]));
        assert!(
            page.contains(&no_space(text)),
            "paragraph not found on page {index}: {text}"
        );
        paragraphs += 1;
    }
    assert!(paragraphs >= 10);
    // The running header's two halves are separate lines.
    for (p, tp) in pages
        .iter()
        .zip(truth["pages"].as_array().into_iter().flatten())
    {
        for part in tp["running_header"].as_array().into_iter().flatten() {
            let part = part.as_str().unwrap_or_default();
            assert!(p.lines.iter().any(|l| l.text == part), "header line {part}");
        }
    }
}

#[test]
fn owner_password_only_files_open_like_the_plain_file() {
    let plain = pages("liaocheng-2018-08-1col.pdf", None);
    for name in [
        "bad/encrypted-owneronly-aes128.pdf",
        "bad/encrypted-owneronly-aes256.pdf",
    ] {
        assert!(
            pages(name, None) == plain,
            "{name} differs from the plain file"
        );
    }
}

#[test]
fn user_password_file_needs_the_right_password() {
    let name = "bad/encrypted-userpw-aes256.pdf";
    assert_eq!(kind_of(name, None), ErrorKind::PasswordRequired);
    assert_eq!(kind_of(name, Some("wrong")), ErrorKind::WrongPassword);
    let plain = pages("liaocheng-2018-08-1col.pdf", None);
    assert!(
        pages(name, Some("gongbao")) == plain,
        "decrypted text differs"
    );
}

#[test]
fn files_that_are_not_pdfs_are_refused() {
    assert_eq!(kind_of("bad/empty-0-bytes.pdf", None), ErrorKind::NotAPdf);
    assert_eq!(kind_of("bad/png-renamed.pdf", None), ErrorKind::NotAPdf);
}

#[test]
fn truncated_file_is_damaged() {
    assert_eq!(
        kind_of("bad/truncated-60pct.pdf", None),
        ErrorKind::DamagedPdf
    );
}

#[test]
fn scanned_file_has_no_text_layer() {
    assert_eq!(
        kind_of("bad/scanned-image-only.pdf", None),
        ErrorKind::NoTextLayer
    );
}

#[test]
fn fonts_without_tounicode_are_undecodable() {
    assert_eq!(
        kind_of("bad/no-tounicode.pdf", None),
        ErrorKind::UndecodableText
    );
}

#[test]
fn wrong_tounicode_maps_are_garbled() {
    assert_eq!(
        kind_of("bad/garbled-tounicode.pdf", None),
        ErrorKind::GarbledText
    );
}

/// Cutting or corrupting a PDF anywhere gives a result or a typed error, never a
/// panic (a panic would fail the test).
#[test]
fn corrupted_inputs_never_panic() {
    let original = fixture("bad/nonembedded-stsong-unigb.pdf");
    for cut in (0..original.len()).step_by(97) {
        let _ = extract_pages(&original[..cut], None);
    }
    // A fixed pseudo-random sequence, so a failure can be reproduced.
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..300 {
        let mut bytes = original.clone();
        for _ in 0..1 + next() % 8 {
            let at = (next() % bytes.len() as u64) as usize;
            bytes[at] = (next() & 0xFF) as u8;
        }
        let _ = extract_pages(&bytes, None);
    }
}

/// Encodes text in the code of a predefined CMap.
type Encoder = dyn Fn(&str) -> Vec<u8>;

/// The STSong fixture with its strings re-encoded from UCS-2 into another predefined
/// CJK CMap, and the font's /Encoding switched to that CMap.
fn stsong_in(cmap: &str, encode: impl Fn(&str) -> Vec<u8>) -> Vec<u8> {
    use lopdf::content::Content;
    use lopdf::Object;

    let mut doc = lopdf::Document::load_mem(&fixture("bad/nonembedded-stsong-unigb.pdf"))
        .expect("fixture loads");
    for obj in doc.objects.values_mut() {
        if let Object::Dictionary(d) = obj {
            if d.get(b"Encoding").and_then(Object::as_name).ok() == Some(b"UniGB-UCS2-H".as_slice())
            {
                d.set("Encoding", Object::Name(cmap.as_bytes().to_vec()));
            }
        }
    }
    let page_ids: Vec<_> = doc.get_pages().values().copied().collect();
    for id in page_ids {
        let mut content =
            Content::decode(&doc.get_page_content(id).expect("content")).expect("decodes");
        for op in &mut content.operations {
            for operand in &mut op.operands {
                // Every string of this fixture is shown in the STSong font.
                if let Object::String(bytes, _) = operand {
                    let units: Vec<u16> = bytes
                        .chunks(2)
                        .map(|b| u16::from_be_bytes([b[0], b[1]]))
                        .collect();
                    *bytes = encode(&String::from_utf16(&units).expect("UCS-2"));
                }
            }
        }
        doc.change_page_content(id, content.encode().expect("encodes"))
            .expect("page content replaced");
    }
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("saves");
    out
}

fn lines_text(pages: &[PageText]) -> Vec<String> {
    pages
        .iter()
        .flat_map(|p| p.lines.iter().map(|l| l.text.clone()))
        .collect()
}

#[test]
fn other_predefined_chinese_cmaps_read_like_unigb_ucs2() {
    let expected = lines_text(&pages("bad/nonembedded-stsong-unigb.pdf", None));
    let gbk = |s: &str| encoding_rs::GBK.encode(s).0.into_owned();
    let utf16 = |s: &str| s.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let cases: [(&str, &Encoder); 4] = [
        ("GBK-EUC-H", &gbk),
        ("GB-EUC-H", &gbk),
        ("UniGB-UTF16-H", &utf16),
        ("UniGB-UTF8-H", &|s: &str| s.as_bytes().to_vec()),
    ];
    for (cmap, encode) in cases {
        let pdf = stsong_in(cmap, encode);
        let got = extract_pages(&pdf, None).unwrap_or_else(|e| panic!("{cmap}: {e}"));
        assert_eq!(lines_text(&got), expected, "{cmap}");
    }
}

/// A page typeset landscape in user space and turned upright by /Rotate 90 (as
/// scanned-and-OCR'd or rotated exports are) reads as the upright page does.
#[test]
fn rotated_pages_read_as_displayed() {
    use lopdf::content::{Content, Operation};
    use lopdf::Object;

    let original = fixture("bad/nonembedded-stsong-unigb.pdf");
    let mut doc = lopdf::Document::load_mem(&original).expect("fixture loads");
    let page_ids: Vec<_> = doc.get_pages().values().copied().collect();
    for id in page_ids {
        let mut content =
            Content::decode(&doc.get_page_content(id).expect("content")).expect("decodes");
        let page = doc.get_dictionary_mut(id).expect("page");
        let media: Vec<f32> = page
            .get(b"MediaBox")
            .and_then(Object::as_array)
            .expect("media box")
            .iter()
            .map(|o| o.as_float().expect("number"))
            .collect();
        let (w, h) = (media[2], media[3]);
        page.set("MediaBox", vec![0.into(), 0.into(), h.into(), w.into()]);
        page.set("Rotate", 90);
        // (x, y) upright → (h − y, x) in the landscape user space.
        let cm = [0.0, 1.0, -1.0, 0.0, h, 0.0].map(Object::Real).to_vec();
        content.operations.insert(0, Operation::new("cm", cm));
        doc.change_page_content(id, content.encode().expect("encodes"))
            .expect("content replaced");
    }
    let mut rotated = Vec::new();
    doc.save_to(&mut rotated).expect("saves");

    let upright = extract_pages(&original, None).expect("upright reads");
    let turned = extract_pages(&rotated, None).expect("rotated reads");
    assert_eq!(lines_text(&turned), lines_text(&upright));
    for (a, b) in upright.iter().zip(&turned) {
        assert!((a.width - b.width).abs() < 0.5 && (a.height - b.height).abs() < 0.5);
        for (la, lb) in a.lines.iter().zip(&b.lines) {
            assert!(
                (la.x0 - lb.x0).abs() < 0.5 && (la.y - lb.y).abs() < 0.5,
                "{la:?} {lb:?}"
            );
        }
    }
}

/// A page whose content or page object is lost is a damaged file, never a blank page
/// or a shorter document.
#[test]
fn lost_pages_are_damage_not_blank_pages() {
    let load = || {
        lopdf::Document::load_mem(&fixture("bad/nonembedded-stsong-unigb.pdf"))
            .expect("fixture loads")
    };
    let save = |mut doc: lopdf::Document| {
        let mut out = Vec::new();
        doc.save_to(&mut out).expect("saves");
        out
    };

    let mut doc = load();
    let last = *doc.get_pages().values().last().expect("pages");
    for id in doc.get_page_contents(last) {
        doc.objects.remove(&id);
    }
    let kind = extract_pages(&save(doc), None)
        .map(|_| ())
        .map_err(|e| e.kind());
    assert_eq!(kind, Err(ErrorKind::DamagedPdf), "content stream removed");

    let mut doc = load();
    let last = *doc.get_pages().values().last().expect("pages");
    doc.objects.remove(&last);
    let kind = extract_pages(&save(doc), None)
        .map(|_| ())
        .map_err(|e| e.kind());
    assert_eq!(kind, Err(ErrorKind::DamagedPdf), "page object removed");

    // pdf-extract panics on a missing font; that is damage too.
    let mut doc = load();
    let fonts: Vec<_> = doc
        .objects
        .iter()
        .filter(|(_, o)| {
            o.as_dict()
                .and_then(|d| d.get(b"Subtype"))
                .and_then(lopdf::Object::as_name)
                .is_ok_and(|n| n == b"Type0")
        })
        .map(|(id, _)| *id)
        .collect();
    assert!(!fonts.is_empty());
    for id in fonts {
        doc.objects.remove(&id);
    }
    let kind = extract_pages(&save(doc), None)
        .map(|_| ())
        .map_err(|e| e.kind());
    assert_eq!(kind, Err(ErrorKind::DamagedPdf), "font removed");
}

/// Positions are measured in the crop box, the part of the page a reader sees.
#[test]
fn positions_are_relative_to_the_crop_box() {
    use lopdf::Object;

    let original = fixture("bad/nonembedded-stsong-unigb.pdf");
    let mut doc = lopdf::Document::load_mem(&original).expect("fixture loads");
    let page_ids: Vec<_> = doc.get_pages().values().copied().collect();
    for id in page_ids {
        let page = doc.get_dictionary_mut(id).expect("page");
        let media: Vec<f32> = page
            .get(b"MediaBox")
            .and_then(Object::as_array)
            .expect("media box")
            .iter()
            .map(|o| o.as_float().expect("number"))
            .collect();
        let crop = [10.0, 20.0, media[2] - 10.0, media[3] - 30.0];
        page.set("CropBox", crop.map(Object::Real).to_vec());
    }
    let mut cropped = Vec::new();
    doc.save_to(&mut cropped).expect("saves");

    let full = extract_pages(&original, None).expect("reads");
    let seen = extract_pages(&cropped, None).expect("cropped reads");
    for (a, b) in full.iter().zip(&seen) {
        assert!(
            (a.width - 20.0 - b.width).abs() < 0.01 && (a.height - 50.0 - b.height).abs() < 0.01
        );
        assert_eq!(a.lines.len(), b.lines.len());
        for (la, lb) in a.lines.iter().zip(&b.lines) {
            assert_eq!(la.text, lb.text);
            assert!((la.x0 - 10.0 - lb.x0).abs() < 0.01 && (la.y - 30.0 - lb.y).abs() < 0.01);
        }
    }
}

/// The cover's lines come out exactly as printed, the letter-spaced transliteration
/// included (word spaces kept, letter spacing dropped).
#[test]
fn cover_lines_read_exactly_as_printed() {
    for (name, truth_name) in [
        (
            "liaocheng-2018-08-1col.pdf",
            "liaocheng-2018-08-1col.truth.json",
        ),
        (
            "liaocheng-2018-08-2col.pdf",
            "liaocheng-2018-08-2col.truth.json",
        ),
    ] {
        let pages = pages(name, None);
        let truth = truth(truth_name);
        let cover: Vec<&str> = flow(&truth)
            .iter()
            .filter(|f| f["kind"] == "cover")
            .filter_map(|f| f["text"].as_str())
            .collect();
        assert!(cover.len() >= 3, "{name}: the truth has a cover");
        let lines: Vec<&str> = pages[0].lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(lines, cover, "{name}");
    }
}

/// An operator with the wrong operands (on which pdf-extract would panic) marks the
/// file as damaged.
#[test]
fn malformed_content_is_damaged() {
    use lopdf::content::{Content, Operation};

    let mut doc = lopdf::Document::load_mem(&fixture("bad/nonembedded-stsong-unigb.pdf"))
        .expect("fixture loads");
    let first = *doc.get_pages().values().next().expect("pages");
    let mut content =
        Content::decode(&doc.get_page_content(first).expect("content")).expect("decodes");
    let three = vec![1.into(), 0.into(), 0.into()];
    content.operations.insert(0, Operation::new("Tm", three));
    doc.change_page_content(first, content.encode().expect("encodes"))
        .expect("content replaced");
    let mut pdf = Vec::new();
    doc.save_to(&mut pdf).expect("saves");
    let kind = extract_pages(&pdf, None).map(|_| ()).map_err(|e| e.kind());
    assert_eq!(kind, Err(ErrorKind::DamagedPdf));
}

/// A page whose text is shown through a form XObject is read alone, with its fonts'
/// whole ToUnicode maps, and yields what the same content shown directly yields. The
/// sample's third page is rewritten so that its content is a form the page invokes.
#[test]
fn text_shown_through_a_form_reads_like_the_page_itself() {
    use lopdf::{Dictionary, Object, Stream};

    let bytes = fixture("liaocheng-2018-08-1col.pdf");
    let direct = extract_pages(&bytes, None).expect("the sample reads");

    let mut doc = lopdf::Document::load_mem(&bytes).expect("lopdf reads the sample");
    let page_id = doc.get_pages()[&3];
    let content = doc.get_page_content(page_id).expect("page 3 content");
    let mut form = Dictionary::new();
    form.set("Type", Object::Name(b"XObject".to_vec()));
    form.set("Subtype", Object::Name(b"Form".to_vec()));
    form.set(
        "BBox",
        Object::Array(vec![0.into(), 0.into(), 1000.into(), 1000.into()]),
    );
    let form_id = doc.add_object(Stream::new(form, content));
    let page = doc.get_dictionary(page_id).expect("page 3").clone();
    let mut resources = match page.get(b"Resources").expect("page resources") {
        Object::Reference(id) => doc.get_dictionary(*id).expect("resources").clone(),
        Object::Dictionary(d) => d.clone(),
        other => panic!("unexpected resources {other:?}"),
    };
    let mut xobjects = Dictionary::new();
    xobjects.set("GzTestForm", Object::Reference(form_id));
    resources.set("XObject", Object::Dictionary(xobjects));
    let contents = doc.add_object(Stream::new(Dictionary::new(), b"/GzTestForm Do".to_vec()));
    let page = doc.get_dictionary_mut(page_id).expect("page 3");
    page.set("Resources", Object::Dictionary(resources));
    page.set("Contents", Object::Reference(contents));
    let mut rewritten = Vec::new();
    doc.save_to(&mut rewritten).expect("save");

    let through_form = extract_pages(&rewritten, None).expect("the rewritten sample reads");
    assert_eq!(through_form.len(), direct.len());
    let text = |p: &PageText| p.lines.iter().map(|l| l.text.clone()).collect::<Vec<_>>();
    assert!(!text(&direct[2]).is_empty());
    for (a, b) in direct.iter().zip(&through_form) {
        assert_eq!(text(a), text(b), "page {}", a.index + 1);
    }
}

/// Asserts that `rewritten`, a fixture drawn another way, reads line for line as the
/// fixture `name` and parses as the same issue.
fn reads_as_original(name: &str, rewritten: &[u8]) {
    let read = |pdf: &[u8]| {
        let pages = extract_pages(pdf, None).expect("reads");
        let issue = gazette::parse::parse_issue(&pages).expect("parses");
        (pages, serde_json::to_value(issue).expect("serialises"))
    };
    let (original_pages, original) = read(&fixture(name));
    let (rewritten_pages, parsed) = read(rewritten);
    assert_eq!(original_pages.len(), rewritten_pages.len());
    let text = |p: &PageText| p.lines.iter().map(|l| l.text.clone()).collect::<Vec<_>>();
    for (a, b) in original_pages.iter().zip(&rewritten_pages) {
        assert_eq!(text(a), text(b), "page {}", a.index + 1);
        assert_eq!(a.lines, b.lines, "page {}", a.index + 1);
    }
    assert_eq!(parsed, original);
}

/// A font that shares a glyph between a character and its radical may map the glyph to
/// the radical (`⼈⺠政府`, `⼗⼆⽉`): an issue whose fonts all do reads, and parses, as
/// the same issue with its fonts mapping to the characters.
#[test]
fn radical_forms_in_a_fonts_map_read_as_their_characters() {
    use lopdf::{Document, Object};
    let (forms, characters) = (
        "⼀⼆⼈⼗⽉⽇⽂⼯⼤⽅⽣⽤⾏⾃⻓⺠⻔⻅⻄⻋⻢⻘⻚",
        "一二人十月日文工大方生用行自长民门见西车马青页",
    );
    let name = "zoo/zoo70-jinjiang-2019-03.pdf";
    let mut doc = Document::load_mem(&fixture(name)).expect("loads");
    let maps: Vec<_> = doc
        .objects
        .values()
        .filter_map(|o| {
            o.as_dict()
                .ok()?
                .get(b"ToUnicode")
                .ok()?
                .as_reference()
                .ok()
        })
        .collect();
    let mut mapped = 0;
    for id in maps {
        let Ok(Object::Stream(map)) = doc.get_object_mut(id) else {
            panic!("{id:?} is a ToUnicode stream");
        };
        let mut text = String::from_utf8(map.decompressed_content().expect("inflates"))
            .expect("a CMap is text");
        for (form, character) in forms.chars().zip(characters.chars()) {
            let from = format!("> <{:04X}>", character as u32);
            mapped += text.matches(&from).count();
            text = text.replace(&from, &format!("> <{:04X}>", form as u32));
        }
        map.dict.remove(b"Filter");
        map.set_content(text.into_bytes());
    }
    assert!(mapped >= 15, "{mapped} glyphs mapped to radicals");
    let mut radical = Vec::new();
    doc.save_to(&mut radical).expect("saves");

    reads_as_original(name, &radical);
}

/// Rewrites every page of the fixture `name` with `redraw` and returns the file.
fn rewritten(name: &str, mut redraw: impl FnMut(&mut lopdf::Document, lopdf::ObjectId)) -> Vec<u8> {
    let mut doc = lopdf::Document::load_mem(&fixture(name)).expect("loads");
    for page in doc.get_pages().into_values().collect::<Vec<_>>() {
        redraw(&mut doc, page);
    }
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("saves");
    bytes
}

/// Fake bold: a producer that draws every run of text a second time, a third of a point
/// aside, to embolden a font without a bold face. An issue drawn so reads, and parses,
/// as the same issue drawn once; one issue of each producer (word processor, Typst,
/// fonts not embedded).
#[test]
fn text_drawn_twice_for_fake_bold_reads_once() {
    use lopdf::content::{Content, Operation};
    for name in [
        "zoo/zoo21-gansu-2022-04-docx.pdf",
        "zoo/zoo70-jinjiang-2019-03.pdf",
        "zoo/zoo65-dujiangyan-2021-02-ucs2.pdf",
    ] {
        let doubled = rewritten(name, |doc, page| {
            let content = Content::decode(&doc.get_page_content(page).expect("content"))
                .expect("content decodes");
            let mut operations = Vec::new();
            let mut run: Vec<Operation> = Vec::new();
            for op in content.operations {
                let (opens, closes) = (op.operator == "BT", op.operator == "ET");
                if opens || !run.is_empty() {
                    run.push(op.clone());
                }
                operations.push(op);
                if closes {
                    operations.push(Operation::new("q", vec![]));
                    let aside = [1.0, 0.0, 0.0, 1.0, 0.3, 0.0].map(lopdf::Object::Real);
                    operations.push(Operation::new("cm", aside.to_vec()));
                    operations.append(&mut run);
                    operations.push(Operation::new("Q", vec![]));
                }
            }
            let drawn = Content { operations }.encode().expect("content encodes");
            doc.change_page_content(page, drawn)
                .expect("content replaced");
        });
        reads_as_original(name, &doubled);
    }
}

/// A watermark set diagonally across every page, in the page's own font, is not text:
/// the issue reads, and parses, as it does without it (Typst in one and in two
/// columns, a word processor's).
#[test]
fn a_diagonal_watermark_is_not_read() {
    for name in [
        "zoo/zoo68-liuzhou-2021-13.pdf",
        "zoo/zoo70-jinjiang-2019-03.pdf",
        "zoo/zoo21-gansu-2022-04-docx.pdf",
    ] {
        let marked = rewritten(name, |doc, page| {
            let font = doc
                .get_page_fonts(page)
                .expect("fonts")
                .into_keys()
                .next()
                .expect("the page sets text in a font");
            let font = String::from_utf8(font).expect("a font's name is text");
            let watermark = format!(
                "q BT /{font} 36 Tf 0.7071 0.7071 -0.7071 0.7071 120 260 Tm \
                 <0001000200030004000100020003> Tj ET Q"
            );
            crate::support::draw_on_page(doc, page, watermark, false);
        });
        reads_as_original(name, &marked);
    }
}
