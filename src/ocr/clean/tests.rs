//! Leaders, rules and clips found and painted on hand-made boxes and scanned pages.

use super::*;

/// A row of `n` dots of `side` pixels at `pitch`, starting at x, on baseline y.
fn row(x: i32, y: i32, n: i32, side: i32, pitch: i32) -> Vec<[i32; 4]> {
    (0..n).map(|k| [x + k * pitch, y, side, side]).collect()
}

#[test]
fn a_row_of_evenly_spaced_dots_is_a_leader() {
    let mut boxes = vec![[100, 95, 40, 40], [150, 95, 40, 40]];
    boxes.extend(row(200, 120, 20, 6, 18));
    boxes.push([580, 95, 30, 40]);
    let runs = leader_runs(&boxes, 300.0);
    assert_eq!(runs, vec![(2..22).collect::<Vec<_>>()]);
    assert_eq!(extent(&runs[0], &boxes), [200, 120, 200 + 19 * 18 + 6, 126]);
}

/// Specks of the title's last glyph just before the leader are not its first dots.
#[test]
fn a_leader_starts_after_the_specks_of_the_glyph_before_it() {
    let mut boxes = vec![[193, 121, 3, 3], [196, 121, 3, 3]];
    boxes.extend(row(200, 120, 20, 6, 18));
    let runs = leader_runs(&boxes, 300.0);
    assert_eq!(runs, vec![(2..22).collect::<Vec<_>>()]);
}

#[test]
fn an_ellipsis_specks_and_big_marks_are_not() {
    // Six dots (`……`), specks scattered at random pitches, and a row of glyph-size
    // marks.
    let mut boxes = row(100, 100, 6, 6, 18);
    boxes.extend([300, 305, 330, 380, 390, 460, 470, 540, 600].map(|x| [x, 100, 5, 5]));
    boxes.extend(row(100, 400, 20, 40, 44));
    assert!(leader_runs(&boxes, 300.0).is_empty());
}

/// A clip whose first row starts with ink (a date's digits cut close): as one-bit
/// code its first byte, 0x20, looks like the white space ending a PNM header.
#[test]
fn a_clip_inked_in_its_first_row_is_kept() {
    let mut file = b"P5\n16 4 255\n".to_vec();
    file.extend((0..64).map(|i| if i == 2 { 0 } else { 255 }));
    let picture = Picture::decode(&file).expect("decodes");
    let mut clip = picture
        .clip_binary([0, 0, 16, 4], 0, 1.0, MIDDLE_GREY)
        .expect("the clip is made");
    assert_eq!(clip.components(), &[[2, 0, 1, 1]]);
}

/// The 目录 page of a scanned fixture: one leader for each of its six entries,
/// and the body page after it has none.
#[test]
fn the_leaders_of_a_scanned_toc_are_found_and_painted_out() {
    let pdf = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/scans/zoo10-ningxiang-2022-02-scan300.pdf"
    ))
    .expect("fixture");
    let doc = crate::extract::open(&pdf, None).expect("opens");
    let images = crate::ocr::page_images(&doc);
    let picture = |page: usize| {
        let file = images[page].file.as_ref().expect("an image");
        Picture::decode(file).expect("decodes")
    };
    let mut toc = picture(1);
    let found = toc.erase_leaders(300.0);
    assert_eq!(found.len(), 6);
    // Each runs up to the page numbers at the right margin.
    assert!(
        found.iter().all(|l| (1940..1970).contains(&l[2])),
        "{found:?}"
    );
    // Found again in the painted pixels, there are none left.
    toc.components = None;
    assert!(
        toc.erase_leaders(300.0).is_empty(),
        "painted out the first time"
    );
    assert!(picture(2).erase_leaders(300.0).is_empty());

    // The footer band of a body page: the dots of `· 2 ·` go, the digit stays.
    let mut body = picture(2);
    let band = 2718;
    let is_dot = dot_test(300.0);
    let in_band = |p: &mut Picture| -> Vec<[i32; 4]> {
        p.components()
            .iter()
            .filter(|b| b[1] >= band)
            .copied()
            .collect()
    };
    let before = in_band(&mut body);
    assert!(before.iter().any(&is_dot) && before.iter().any(|b| !is_dot(b)));
    body.erase_ornaments_below(band, 300.0);
    body.components = None;
    let after = in_band(&mut body);
    assert!(!after.iter().any(&is_dot), "{after:?}");
    assert!(after.iter().any(|b| !is_dot(b)), "the digit is left");
}

#[test]
fn a_long_thin_level_line_is_a_rule_and_text_strokes_are_not() {
    let is_rule = rule_test(300.0);
    // A header rule (6 inches by 1 pt), a 版头 rule (2.5 pt thick).
    assert!(is_rule(&[150, 200, 1800, 4]));
    assert!(is_rule(&[150, 600, 1800, 10]));
    // The stroke of 一, a table (one component of many lines), a column of text.
    assert!(!is_rule(&[300, 300, 40, 5]));
    assert!(!is_rule(&[150, 900, 1800, 600]));
    assert!(!is_rule(&[150, 900, 30, 1800]));
}

#[test]
fn two_leaders_on_different_lines_are_both_found() {
    let mut boxes = row(200, 120, 10, 5, 15);
    boxes.extend(row(260, 220, 12, 5, 15));
    let lengths: Vec<usize> = leader_runs(&boxes, 300.0).iter().map(Vec::len).collect();
    assert_eq!(lengths, [10, 12]);
}

/// The grey value and depth of a decoded picture's pixel.
fn grey_at(picture: &Picture, x: u32, y: u32) -> (u32, i32) {
    let raw = picture.raw();
    let mut value = 0;
    // SAFETY: `raw` is the live picture `picture` owns, only read here.
    unsafe {
        capi::pixGetPixel(raw, x as i32, y as i32, &mut value);
        (value, capi::pixGetDepth(raw))
    }
}

/// A colour scan of a yellowed sheet is read in grey, and the engine is given it on
/// white paper, its ink still black; a sheet scanned near white is given as it is.
#[test]
fn tinted_paper_is_brought_to_white_for_the_engine_and_white_paper_left() {
    let ink = |x: usize, y: usize| (20..26).contains(&x) && (20..26).contains(&y);
    let mut colour = b"P6\n128 128 255\n".to_vec();
    for i in 0..128 * 128 {
        colour.extend(if ink(i % 128, i / 128) {
            [30, 30, 30]
        } else {
            [241, 233, 212]
        });
    }
    let picture = Picture::decode(&colour).expect("decodes");
    let paper = grey_at(&picture, 0, 0);
    assert!(paper.1 == 8 && paper.0 < 240, "{paper:?}");
    let engine = picture.for_engine().expect("a tinted sheet is stretched");
    assert!(
        grey_at(&engine, 0, 0).0 >= 250,
        "{:?}",
        grey_at(&engine, 0, 0)
    );
    assert!(
        grey_at(&engine, 22, 22).0 < 40,
        "{:?}",
        grey_at(&engine, 22, 22)
    );

    let mut grey = b"P5\n128 128 255\n".to_vec();
    grey.extend((0..128 * 128).map(|i| if ink(i % 128, i / 128) { 30 } else { 246 }));
    let picture = Picture::decode(&grey).expect("decodes");
    assert!(picture.for_engine().is_none());
    assert_eq!(grey_at(&picture, 0, 0), (246, 8));
}

/// A sheet lit unevenly, near white at its left edge and shaded to a darker grey at
/// its right (a photographed page), is given to the engine with its paper white at
/// both edges and its ink dark at both: one stretch for the whole page would leave the
/// shaded paper grey.
#[test]
fn shaded_paper_is_brought_to_white_where_it_is_shaded() {
    let (wide, high) = (256, 128);
    let ink = |x: u32, y: u32| {
        (60..66).contains(&y) && ((10..16).contains(&x) || (240..246).contains(&x))
    };
    let mut grey = format!("P5\n{wide} {high} 255\n").into_bytes();
    for i in 0..wide * high {
        let (x, y) = (i % wide, i / wide);
        let paper = 252 - x / 8;
        grey.push(if ink(x, y) {
            (paper / 6) as u8
        } else {
            paper as u8
        });
    }
    let picture = Picture::decode(&grey).expect("decodes");
    assert_eq!(grey_at(&picture, 250, 2), (221, 8));
    let engine = picture.for_engine().expect("a shaded sheet is stretched");
    for (x, y) in [(2, 2), (250, 2), (250, 120)] {
        let (paper, _) = grey_at(&engine, x, y);
        assert!(paper >= 245, "paper at {x},{y}: {paper}");
    }
    for (x, y) in [(12, 62), (242, 62)] {
        let (ink, _) = grey_at(&engine, x, y);
        assert!(ink < 60, "ink at {x},{y}: {ink}");
    }
}

/// A folio's digit broken in two by a shaded foot (Mengjin's last page at 200 dpi: an
/// `8` of 11 by 18 pixels, and a piece of its lower left, 3 by 8, that ends a pixel
/// lower): the lowest row of ink is the whole digit, not the piece alone, whose
/// height the digit's middle is outside of.
#[test]
fn the_lowest_row_of_ink_takes_in_a_digit_broken_above_its_lowest_piece() {
    let (width, height) = (60, 50);
    let inked = |x: i32, y: i32| {
        let upper_seven = (10..=20).contains(&x) && (4..=6).contains(&y)
            || (18..=20).contains(&x) && (4..=21).contains(&y);
        let lower_piece = (10..=12).contains(&x) && (15..=22).contains(&y);
        upper_seven || lower_piece
    };
    let mut file = format!("P5\n{width} {height} 255\n").into_bytes();
    file.extend((0..width * height).map(|i| if inked(i % width, i / width) { 40 } else { 255 }));
    let mut picture = Picture::decode(&file).expect("decodes");
    assert_eq!(picture.ink_below(0, 200.0), Some([10, 4, 21, 23]));
}
