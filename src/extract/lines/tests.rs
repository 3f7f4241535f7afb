//! Grouping glyphs into lines, from glyph sequences written by hand in the drawing
//! orders different producers use.

use super::*;

/// A one-character glyph one em (11 pt) wide, on baseline `y`.
fn glyph(text: &str, x: f32, y: f32) -> Glyph {
    let advance = if text.chars().all(is_wide) { 11.0 } else { 5.5 };
    Glyph {
        text: text.into(),
        x,
        y,
        advance,
        size: 11.0,
    }
}

/// Glyphs of `text` drawn left to right from `x`.
fn run(text: &str, x: f32, y: f32) -> Vec<Glyph> {
    let mut out = Vec::new();
    let mut at = x;
    for c in text.chars() {
        let g = glyph(&c.to_string(), at, y);
        at += g.advance;
        out.push(g);
    }
    out
}

fn texts(glyphs: &[Glyph]) -> Vec<String> {
    group_lines(glyphs).into_iter().map(|l| l.text).collect()
}

#[test]
fn a_line_drawn_in_order_is_one_line() {
    let glyphs = run("洛政发〔2019〕86号", 100.0, 120.0);
    assert_eq!(texts(&glyphs), ["洛政发〔2019〕86号"]);
}

/// Curly quotes in a fallback font, drawn before or after the run that leaves room
/// for them (`关于深化“放管服”改革`), land in their places, not after the words.
#[test]
fn quotes_drawn_apart_from_their_run_land_in_its_gaps() {
    let words = |glyphs: &mut Vec<Glyph>| {
        glyphs.extend(run("关于深化", 100.0, 120.0));
        glyphs.extend(run("放管服", 149.5, 120.0));
        glyphs.extend(run("改革", 188.5, 120.0));
    };
    let quotes = |glyphs: &mut Vec<Glyph>| {
        glyphs.push(glyph("“", 144.0, 120.0));
        glyphs.push(glyph(" ", 150.0, 120.0));
        glyphs.push(glyph("”", 182.5, 120.0));
    };
    let (mut before, mut after) = (Vec::new(), Vec::new());
    quotes(&mut before);
    words(&mut before);
    words(&mut after);
    quotes(&mut after);
    assert_eq!(texts(&before), ["关于深化“放管服”改革"]);
    assert_eq!(texts(&after), ["关于深化“放管服”改革"]);
    // A shorter line on the baseline that does not fit the gaps stays apart.
    let mut apart = run("关于深化", 100.0, 120.0);
    apart.extend(run("第3页", 300.0, 120.0));
    assert_eq!(texts(&apart).len(), 2);
}

/// A glyph in a fallback font drawn out of turn, between two runs of its line: a
/// word processor draws `（上接第8`, then the `①` that opens the text after `页）`,
/// then `页）要建立…` from where the first run stopped. The runs and the glyph are one
/// printed line, read left to right: the glyph sits in room the second run left for it.
#[test]
fn a_glyph_drawn_between_two_runs_of_its_line_joins_them() {
    let mut glyphs = run("（上接第8", 100.0, 120.0);
    glyphs.push(glyph("①", 171.5, 120.0));
    glyphs.extend(run("页）", 149.5, 120.0));
    glyphs.extend(run("要建立健全工作机制", 182.5, 120.0));
    assert_eq!(texts(&glyphs), ["（上接第8页）①要建立健全工作机制"]);
    // Two columns on one baseline share no room: neither joins the other, even when
    // the right one leaves gaps (a signature spaced out).
    let mut glyphs = run("左栏的一行文字", 62.0, 120.0);
    glyphs.extend(run("总理", 250.0, 120.0));
    glyphs.extend(run("李克强", 300.0, 120.0));
    assert_eq!(texts(&glyphs), ["左栏的一行文字", "总理李克强"]);
}

#[test]
fn a_filler_space_drawn_ahead_of_its_run_is_dropped() {
    // LibreOffice: a justification space first, then the run to its left, then a
    // space after `2019` and the closing bracket drawn left of that space.
    let mut glyphs = vec![glyph("\u{3000}", 133.0, 120.0)];
    glyphs.extend(run("洛政发〔", 100.0, 120.0));
    glyphs.extend(run("2019", 144.0, 120.0));
    glyphs.push(glyph("\u{3000}", 175.0, 120.0));
    glyphs.extend(run("〕", 166.0, 120.0));
    glyphs.extend(run("86号", 186.0, 120.0));
    let lines = group_lines(&glyphs);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].text.starts_with("洛政发〔2019"),
        "{}",
        lines[0].text
    );
    assert!(lines[0].text.ends_with("〕86号"), "{}", lines[0].text);
    assert_eq!(lines[0].x0, 100.0);
}

#[test]
fn ideographic_spaces_that_lead_a_line_stay() {
    // An indent typed as two ideographic spaces, and a name set apart by one.
    let mut glyphs = run("\u{3000}\u{3000}第一条", 62.0, 120.0);
    glyphs.extend(run("总理\u{3000}李克强", 300.0, 160.0));
    assert_eq!(
        texts(&glyphs),
        ["\u{3000}\u{3000}第一条", "总理\u{3000}李克强"]
    );
    assert_eq!(group_lines(&glyphs)[0].x0, 62.0);
}

#[test]
fn a_glyph_drawn_far_left_on_a_text_line_starts_another_line() {
    // Two columns drawn right column first: the left one is not glued on.
    let mut glyphs = run("右栏文字", 300.0, 120.0);
    glyphs.extend(run("左栏文字", 62.0, 120.0));
    assert_eq!(texts(&glyphs), ["右栏文字", "左栏文字"]);
}

/// Fake bold: a run drawn again a third of a point aside, or each glyph drawn twice in
/// turn, reads once; the same character set an em on stays twice.
#[test]
fn a_glyph_drawn_over_itself_reads_once() {
    let title = "关于加强安全生产工作的通知";
    let mut whole_run = run(title, 100.0, 120.0);
    whole_run.extend(run(title, 100.3, 120.2));
    assert_eq!(texts(&whole_run), [title]);
    let each_glyph: Vec<Glyph> = run(title, 100.0, 120.0)
        .into_iter()
        .flat_map(|g| {
            let mut again = g.clone();
            again.x += 0.3;
            [g, again]
        })
        .collect();
    assert_eq!(texts(&each_glyph), [title]);
    assert_eq!(texts(&run("哈哈……", 100.0, 120.0)), ["哈哈……"]);
}
