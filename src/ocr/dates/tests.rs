//! The date reader's rules on hand-made readings, lines and boxes.

use super::*;

#[test]
fn the_run_of_ink_around_what_was_read_is_the_date() {
    let glyph = |x| [x, 0, 20, 20];
    // Two glyphs before the part read, close enough to be the date's; one far
    // off on either side.
    let components = [
        glyph(0),
        glyph(100),
        glyph(125),
        glyph(150),
        glyph(175),
        glyph(300),
    ];
    assert_eq!(
        run_around(&components, (150, 195), 20),
        [glyph(100), glyph(125), glyph(150), glyph(175)]
    );
    assert_eq!(
        run_around(&components, (400, 450), 20),
        Vec::<[i32; 4]>::new()
    );
}

#[test]
fn a_ring_read_as_letters_is_a_dates_ring() {
    assert_eq!(ring_or_date("OO").as_deref(), Some("O"));
    assert_eq!(ring_or_date("Q").as_deref(), Some("O"));
    assert_eq!(ring_or_date("十").as_deref(), Some("十"));
    assert_eq!(ring_or_date("12").as_deref(), Some("12"));
    assert_eq!(ring_or_date("00").as_deref(), Some("00"));
    assert_eq!(ring_or_date("A"), None);
    assert_eq!(ring_or_date("思"), None);
    assert_eq!(ring_or_date(""), None);
}

/// A ring whose outer strokes lie in the cell's last rows and columns (a 20-pixel
/// cell, whose thirds are not whole), printed light grey as a photographed page's
/// thin strokes come out: a ring, found at the lighter grey where middle grey breaks
/// it. A square crossed at its middle (日's bar) is none at either grey.
#[test]
fn a_light_ring_to_the_cell_s_edges_is_a_ring() {
    let side = 20;
    let cell = |crossed: bool| {
        let mut file = format!("P5\n{side} {side} 255\n").into_bytes();
        file.extend((0..side * side).map(|i| {
            let (x, y) = ((i % side) as f32 + 0.5, (i / side) as f32 + 0.5);
            let from_middle = (x - 10.0).hypot(y - 10.0);
            let bar = crossed && (9.0..11.0).contains(&y);
            if (8.0..=10.0).contains(&from_middle) || bar {
                150
            } else {
                255
            }
        }));
        Picture::decode(&file).expect("decodes")
    };
    assert!(is_ring(&cell(false), [0, 0, side, side]));
    assert!(!is_ring(&cell(true), [0, 0, side, side]));
}

#[test]
fn a_short_doubtful_line_of_numerals_and_a_date_sign_is_a_garbled_date() {
    let one = |text, confidence| garbled(text, &[(text, confidence)], false);
    let read = |words: &[(&str, f32)]| {
        garbled(&words.iter().map(|w| w.0).collect::<String>(), words, false)
    };
    assert!(read(&[
        ("2", 92.0),
        ("有", 0.0),
        ("2年", 70.0),
        ("上", 48.0),
        ("2天.0间", 0.0)
    ]));
    assert!(read(&[
        ("如", 51.0),
        ("022年", 74.0),
        ("1]", 47.0),
        ("吕", 20.0),
        ("月20日印发", 80.0)
    ]));
    assert!(one("二〇二二年十月十凹日", 30.0));
    assert!(one("2910电史证外及人肖", 20.0));
    assert!(one("2022年1220日", 90.0));
    // A whole date of no year a gazette prints.
    assert!(one("二二〇〇年一月十九日", 90.0));
    assert!(read(&[
        ("二二〇O", 60.0),
        ("竺", 0.0),
        ("思", 24.0),
        ("月二十日", 80.0)
    ]));
    assert!(read(&[
        ("二", 93.0),
        ("O", 59.0),
        ("〇", 76.0),
        ("二", 92.0),
        ("O〇", 65.0),
        ("年十月十八日", 92.0)
    ]));
    // A date's shape, with a character no date has read with confidence where
    // its day is.
    assert!(read(&[
        ("二〇三三年六月", 90.0),
        ("和/", 85.0),
        ("日", 90.0)
    ]));
    // A character no date has read with confidence, or already a date: it stands.
    assert!(!read(&[
        ("2", 92.0),
        ("有", 85.0),
        ("2年", 70.0),
        ("上", 48.0),
        ("2天.0间", 0.0)
    ]));
    assert!(!read(&[("2022年", 90.0), ("第", 84.0), ("15号", 40.0)]));
    assert!(!one("2022年7月底前", 75.0));
    assert!(!one("2022年12月20日", 30.0));
    assert!(!one("2022年12月20日印发", 30.0));
    // Too few numerals, no date sign, or too long for a date line.
    assert!(!one("甘肃省人民政府年", 30.0));
    assert!(!one("第3-12 附件", 30.0));
    assert!(!one("自2022年12月20日起施行的有关规定同时废止", 30.0));
}

fn line(text: &str, x0: f32, x1: f32, y: f32, size: f32) -> TextLine {
    TextLine {
        text: text.into(),
        x0,
        x1,
        y,
        size,
    }
}

#[test]
fn under_a_signature_a_line_of_numerals_is_a_date_whatever_else_was_read() {
    let signature = line("西藏自治区人民政府", 421.9, 529.2, 693.4, 10.8);
    let date = line("于全三人第从月二十三站", 397.4, 525.2, 710.6, 8.4);
    let words = [("于全三", 30.0), ("人", 80.3), ("第从月二十三站", 40.0)];
    assert!(under_signature(&signature, &date));
    assert!(garbled(&date.text, &words, true));
    assert!(!garbled(&date.text, &words, false));
    // Every numeral misread, only 年 and 月 read: a date under a signature only.
    let words = [
        ("芋避", 0.0),
        ("=", 55.9),
        ("年", 52.3),
        ("雪", 0.0),
        ("月汪冲", 30.0),
    ];
    assert!(garbled("芋避=年雪月汪冲", &words, true));
    assert!(!garbled("芋避=年雪月汪冲", &words, false));
    let signer = line("省长　马锋晓", 470.5, 532.4, 183.2, 10.4);
    assert!(under_signature(
        &signer,
        &line("D0二年", 439.5, 531.7, 198.7, 16.4)
    ));
    // Far below, in another column, or under a sentence: no signature's date.
    assert!(!under_signature(
        &signature,
        &line("x", 397.4, 525.2, 760.0, 8.4)
    ));
    assert!(!under_signature(
        &signature,
        &line("x", 60.0, 300.0, 710.6, 8.4)
    ));
    let sentence = line("现予公布，自2019年9月1日起施行。", 49.3, 216.4, 178.9, 10.4);
    assert!(!under_signature(
        &sentence,
        &line("x", 60.0, 200.0, 190.0, 10.4)
    ));
}

#[test]
fn a_date_line_owns_the_words_that_reach_into_it_but_not_those_of_the_line_above() {
    // A signature's 长 whose foot reaches into the box of the wide-set date below.
    let date = line("D0二年另畴2.5卓", 439.5, 531.7, 198.7, 16.4);
    let signature = line("省长　马锋晓", 470.5, 532.4, 183.2, 10.4);
    let owns = |line: &TextLine, above: Option<&TextLine>, bbox| {
        let word = OcrWord {
            text: "字".into(),
            confidence: 90.0,
            bbox,
        };
        is_in_line(line, above, &word)
    };
    let (above, signers_foot) = (Some(&signature), [487.0, 168.0, 496.0, 183.0]);
    assert!(!owns(&date, above, signers_foot));
    assert!(owns(&date, None, signers_foot));
    assert!(owns(&date, above, [440.0, 187.0, 456.0, 197.0]));
    assert!(owns(&date, above, [474.0, 184.0, 486.0, 199.0]));
    assert!(!owns(&date, above, [540.0, 187.0, 550.0, 197.0]));
    // A line measured smaller than its type still owns the words that reach in.
    let small = line("二二〇〇年一月十九日", 406.1, 522.0, 279.4, 6.8);
    assert!(owns(&small, None, [406.0, 268.0, 417.0, 274.0]));
}

#[test]
fn a_cell_of_level_strokes_one_above_the_other_is_their_count() {
    let em = 30;
    let three = [[8, 0, 15, 4], [8, 8, 13, 4], [0, 16, 29, 6]];
    assert_eq!(stroke_numeral(&three, [0, 0, 29, 22], em), Some('三'));
    assert_eq!(stroke_numeral(&three[1..], [0, 8, 29, 14], em), Some('二'));
    assert_eq!(stroke_numeral(&three[2..], [0, 16, 29, 6], em), Some('一'));
    // One short stroke alone is too little to be 一.
    assert_eq!(stroke_numeral(&three[..1], [8, 0, 15, 4], em), None);
    // A 一 broken in two side by side is still one.
    let broken = [[0, 0, 12, 3], [14, 1, 12, 3]];
    assert_eq!(stroke_numeral(&broken, [0, 0, 26, 4], em), Some('一'));
    // Ink that is no level stroke (十's upright, a digit) names nothing.
    let ten = [[0, 10, 26, 3], [11, 0, 3, 26]];
    assert_eq!(stroke_numeral(&ten, [0, 0, 26, 26], em), None);
    assert_eq!(stroke_numeral(&[[0, 0, 12, 20]], [0, 0, 12, 20], em), None);
}

#[test]
fn a_last_cell_read_as_a_digit_after_the_day_is_the_day_sign() {
    assert_eq!(last_cell_day_sign("2021年2月259"), "2021年2月25日");
    assert_eq!(last_cell_day_sign("2021年2月19"), "2021年2月1日");
    assert_eq!(
        last_cell_day_sign("二〇二一年十月十八9"),
        "二〇二一年十月十八日"
    );
    // A date that ends in its 日 or 印发, or digits with no month before them.
    assert_eq!(last_cell_day_sign("2021年2月25日"), "2021年2月25日");
    assert_eq!(last_cell_day_sign("2021年2月25日印发"), "2021年2月25日印发");
    assert_eq!(last_cell_day_sign("2021年29"), "2021年29");
}

/// Two close digits read as one (`11` as `1`) are the glyphs of a digit's height side
/// by side in the cell; the two halves of 八 or a 1 read as 1 are no such.
#[test]
fn a_cell_read_as_fewer_digits_than_its_glyphs_is_read_glyph_by_glyph() {
    let em = 28;
    let eleven = [[0, 2, 4, 18], [9, 2, 4, 18]];
    let cell = [0, 2, 13, 18];
    assert_eq!(digits_apart(&eleven, cell, em, "1"), Some(eleven.to_vec()));
    assert_eq!(digits_apart(&eleven, cell, em, "11"), None);
    assert_eq!(digits_apart(&eleven, cell, em, "八"), None);
    // A stroke broken across its height: one glyph of a digit's height at most.
    let broken = [[0, 2, 4, 8], [0, 12, 4, 8]];
    assert_eq!(digits_apart(&broken, [0, 2, 4, 18], em, "1"), None);
    // Glyphs that overlap across the line are one character's pieces.
    let overlapping = [[0, 2, 8, 18], [5, 2, 8, 18]];
    assert_eq!(digits_apart(&overlapping, cell, em, "1"), None);
}

#[test]
fn a_cell_is_one_character_or_two_close_digits() {
    // A line 25 pixels high: full-width digits 15 apart, the two halves of 八
    // 3 apart, the three strokes of 三 one above the other, a speck, then 〇 and
    // 二 side by side and two half-width digits set close.
    let components = [
        [0, 0, 12, 22],
        [27, 0, 12, 22],
        [54, 0, 10, 24],
        [67, 0, 10, 24],
        [92, 2, 20, 3],
        [92, 11, 18, 3],
        [91, 20, 22, 3],
        [130, 10, 2, 2],
        [140, 0, 22, 22],
        [165, 4, 22, 16],
        [200, 0, 11, 18],
        [213, 0, 11, 18],
    ];
    assert_eq!(
        glyph_cells(&components, 25),
        vec![
            [0, 0, 12, 22],
            [27, 0, 12, 22],
            [54, 0, 23, 24],
            [91, 2, 22, 21],
            [140, 0, 22, 22],
            [165, 4, 22, 16],
            [200, 0, 24, 18],
        ]
    );
}

#[test]
fn a_date_read_again_covers_the_pieces_of_it_on_its_row() {
    let date = line("二〇二〇年六月十六日", 406.8, 517.7, 346.3, 8.8);
    let mut lines = vec![
        line("安吉县人民政府", 441.0, 520.9, 330.5, 12.0),
        line("三", 406.4, 416.5, 346.3, 8.8),
        date.clone(),
        line("抄送：县委各部门。", 55.0, 300.0, 346.3, 8.8),
    ];
    drop_pieces_of(&date, &mut lines);
    let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "安吉县人民政府",
            "二〇二〇年六月十六日",
            "抄送：县委各部门。"
        ]
    );
}

#[test]
fn a_date_mixing_arabic_and_chinese_numerals_is_no_whole_date() {
    assert_eq!(whole_date("二〇二〇年2月十六日"), None);
    assert_eq!(whole_date("2020年六月16日"), None);
    assert_eq!(
        whole_date("二〇二〇年六月十六日").as_deref(),
        Some("2020-06-16")
    );
    assert_eq!(
        whole_date("2020年6月16日印发").as_deref(),
        Some("2020-06-16")
    );
}

#[test]
fn a_year_with_a_blank_where_a_glyph_stands_has_one_left_out() {
    // Words of Hebei's signed date (x from, x to, in points; size 7.7): a ring read
    // twice (`O`, `〇`) and the ring before 年 not read, its place a wide blank.
    let read = |boxes: &[(&str, f32, f32)]| {
        let words: Vec<OcrWord> = boxes
            .iter()
            .map(|&(text, from, to)| OcrWord {
                text: text.into(),
                confidence: 90.0,
                bbox: [from, 414.0, to, 423.0],
            })
            .collect();
        year_glyph_lost(&words.iter().collect::<Vec<_>>(), 7.7)
    };
    let date = |ring: (f32, f32), year_sign: f32| {
        let shift = |x: f32| x + year_sign - 237.6;
        read(&[
            ("二", 195.8, 204.7),
            ("O", 207.6, 210.5),
            ("〇", 210.2, 217.2),
            ("二", ring.0, ring.1),
            ("年", year_sign, year_sign + 6.7),
            ("七", shift(249.6), shift(254.2)),
            ("月", shift(258.0), shift(262.8)),
            ("十", shift(267.4), shift(273.8)),
            ("日", shift(277.7), shift(283.0)),
        ])
    };
    assert!(date((217.0, 224.4), 237.6));
    // The same glyphs set close: nothing left out.
    assert!(!date((217.0, 224.4), 228.0));
    // Letter-spaced throughout, every blank as wide: nothing left out.
    assert!(!read(&[
        ("二", 0.0, 8.0),
        ("〇", 20.0, 28.0),
        ("二", 40.0, 48.0),
        ("〇", 60.0, 68.0),
        ("年", 80.0, 88.0),
        ("五", 100.0, 108.0),
        ("月", 120.0, 128.0),
    ]));
    // The year's last numeral read with its 年.
    assert!(read(&[
        ("二", 0.0, 8.0),
        ("〇", 9.0, 17.0),
        ("二", 18.0, 26.0),
        ("二年", 40.0, 58.0),
        ("五", 59.0, 67.0),
        ("月", 68.0, 76.0),
    ]));
    // A blank after the year, not in it, says nothing of the year.
    assert!(!read(&[
        ("二〇二〇", 0.0, 34.0),
        ("年", 35.0, 43.0),
        ("五", 44.0, 52.0),
        ("月", 70.0, 78.0),
        ("十", 79.0, 87.0),
        ("日", 88.0, 96.0),
    ]));
}
