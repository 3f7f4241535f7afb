//! Tesseract's TSV into the positioned lines extraction gives (`PageText` lines):
//! words joined without spaces between Han characters, full-width forms folded, noise
//! dropped, lines cut where extraction would cut them (wide gaps, column gutters) and
//! dot leaders taken off the image put back as `……`.

use super::{OcrWord, PageImage};
use crate::extract::lines::gutters::{crosses_gutter, find_gutters, Inked};
use crate::extract::lines::SPLIT_GAP_EM;
use crate::layout::regex;
use crate::model::TextLine;
use crate::script::{fold_width, is_han};

/// Only two Latin words are set apart by a space, and only a gap of at least this
/// share of the em is one: Tesseract splits `2.`, `15` or `(2)` into words too, and
/// a space inside a number or a clause label would hide it from the parser.
const WORD_SPACE_EMS: f32 = 0.2;
/// Han ink fills about this share of the em; a line's font size is its Han words'
/// height over it.
const HAN_INK_SHARE: f32 = 0.9;
/// Below this confidence a word without Han characters or digits is noise.
const NOISE_CONFIDENCE: f32 = 40.0;

/// One word row of Tesseract's TSV output, in image pixels.
struct TsvWord {
    line: (u32, u32, u32),
    left: f32,
    top: f32,
    width: f32,
    height: f32,
    confidence: f32,
    text: String,
}

/// The word rows (level 5) of Tesseract's TSV: level, page, block, paragraph, line,
/// word, left, top, width, height, confidence, text.
fn tsv_words(tsv: &str) -> Vec<TsvWord> {
    tsv.lines()
        .filter_map(|row| {
            let f: Vec<&str> = row.splitn(12, '\t').collect();
            let num = |i: usize| f.get(i).and_then(|v| v.trim().parse::<f32>().ok());
            let id = |i: usize| f.get(i).and_then(|v| v.parse::<u32>().ok());
            let text: String = f.get(11)?.trim().chars().map(fold_width).collect();
            if f.first() != Some(&"5") || text.is_empty() {
                return None;
            }
            // Dot leaders and specks come out as a few Latin letters or signs read
            // with almost no confidence; they would hide a 目录 entry's page number.
            let confidence = num(10)?;
            if confidence < NOISE_CONFIDENCE
                && !text.chars().any(|c| is_han(c) || c.is_ascii_digit())
            {
                return None;
            }
            Some(TsvWord {
                line: (id(2)?, id(3)?, id(4)?),
                left: num(6)?,
                top: num(7)?,
                width: num(8)?,
                height: num(9)?,
                confidence,
                text,
            })
        })
        .collect()
}

/// Tesseract's lines as extraction's lines, its words with their places, both in
/// points on the page, and whether the page has a column gutter. `leaders` are the
/// dot leaders taken off the image before it was read (left, top, right, bottom in
/// points). A line is cut where extraction would cut it: at a gap over
/// `SPLIT_GAP_EM` ems and at a gutter, unless a leader was taken off the gap.
pub(super) fn lines_from_tsv(
    tsv: &str,
    image: &PageImage,
    leaders: &[[f32; 4]],
) -> (Vec<TextLine>, Vec<OcrWord>, bool) {
    let words: Vec<(LineId, OcrWord)> = tsv_words(tsv)
        .into_iter()
        .map(|w| {
            let bbox = image.to_points([w.left, w.top, w.left + w.width, w.top + w.height]);
            (
                w.line,
                OcrWord {
                    text: w.text,
                    confidence: w.confidence,
                    bbox,
                },
            )
        })
        .collect();
    let mut rows: Vec<Vec<&OcrWord>> = Vec::new();
    for (i, (id, word)) in words.iter().enumerate() {
        match rows.last_mut() {
            Some(row) if i > 0 && words[i - 1].0 == *id => row.push(word),
            _ => rows.push(vec![word]),
        }
    }
    let sizes: Vec<f32> = rows.iter().map(|row| line_size(row)).collect();
    let inked: Vec<Vec<WordInk>> = rows
        .iter()
        .zip(&sizes)
        .map(|(row, &size)| {
            row.iter()
                .map(|w| WordInk {
                    ink: (w.bbox[0], w.bbox[2]),
                    size,
                })
                .collect()
        })
        .collect();
    let gutters = find_gutters(&inked);
    let mut lines = Vec::new();
    for (row, &size) in rows.iter().zip(&sizes) {
        // The pieces of one line share its baseline, so that they stay in order left
        // to right (a digit's box ends higher than a Han character's).
        let baseline = row.iter().map(|w| w.bbox[3]).fold(f32::MIN, f32::max);
        let mut start = 0;
        for k in 1..=row.len() {
            let cut = k == row.len() || {
                let (a, b) = (row[k - 1], row[k]);
                let gap = (a.bbox[2], b.bbox[0]);
                !holds_leader(a, b, leaders)
                    && (gap.1 - gap.0 > SPLIT_GAP_EM * size || crosses_gutter(gap, &gutters))
            };
            if cut {
                lines.extend(join_line(&row[start..k], size, baseline, leaders));
                start = k;
            }
        }
    }
    let columns = two_columns(&inked, &gutters);
    (lines, words.into_iter().map(|(_, w)| w).collect(), columns)
}

/// Whether any of the gutters makes two columns: a gutter with a narrow strip beside
/// it (the page numbers of a 目录) does not; each column takes a quarter of the
/// text's width or more.
fn two_columns(inked: &[Vec<WordInk>], gutters: &[(f32, f32)]) -> bool {
    let inks = || inked.iter().flatten().map(|w| w.ink);
    let left = inks().map(|i| i.0).fold(f32::INFINITY, f32::min);
    let right = inks().map(|i| i.1).fold(f32::NEG_INFINITY, f32::max);
    let quarter = (right - left) / 4.0;
    gutters
        .iter()
        .any(|g| g.0 - left >= quarter && right - g.1 >= quarter)
}

type LineId = (u32, u32, u32);

/// A word as column gutters see it.
struct WordInk {
    ink: (f32, f32),
    size: f32,
}

impl Inked for WordInk {
    fn ink(&self) -> (f32, f32) {
        self.ink
    }
    fn size(&self) -> f32 {
        self.size
    }
}

/// Whether a dot leader was taken off the image between two words of a line.
fn holds_leader(a: &OcrWord, b: &OcrWord, leaders: &[[f32; 4]]) -> bool {
    let (top, bottom) = (a.bbox[1].min(b.bbox[1]), a.bbox[3].max(b.bbox[3]));
    leaders.iter().any(|l| {
        let across = l[0] < b.bbox[0] && l[2] > a.bbox[2];
        let level = l[1] < bottom && l[3] > top;
        across && level
    })
}

/// Words of one piece of a Tesseract line as a text line on `baseline`: they meet
/// without a space unless both sides are Latin letters set a space apart, and a leader
/// taken off the image between them comes back as `……`, as a born-digital 目录 line
/// has it.
fn join_line(
    words: &[&OcrWord],
    size: f32,
    baseline: f32,
    leaders: &[[f32; 4]],
) -> Option<TextLine> {
    let (first, rest) = words.split_first()?;
    let mut line = TextLine {
        text: first.text.clone(),
        x0: first.bbox[0],
        x1: first.bbox[2],
        y: baseline,
        size,
    };
    let mut previous = *first;
    for &w in rest {
        let gap = w.bbox[0] - line.x1;
        let between_letters = matches!((line.text.chars().last(), w.text.chars().next()), (Some(a), Some(b)) if a.is_ascii_alphabetic() && b.is_ascii_alphabetic());
        if holds_leader(previous, w, leaders) {
            line.text.push_str("……");
        } else if between_letters && gap > WORD_SPACE_EMS * size {
            line.text.push(' ');
        }
        line.text.push_str(&w.text);
        line.x1 = line.x1.max(w.bbox[2]);
        previous = w;
    }
    line.text = chinese_year_zero(&docnum_brackets(&line.text));
    Some(line)
}

/// Gives a year written in Chinese numerals its 〇 back: OCR reads the ring as
/// whatever Latin letter or digit looks closest, sometimes as two (`二G@二二年`), and
/// the date is lost to the parser. Only a run before 年 that holds two Chinese
/// numerals at least and comes to four is touched.
fn chinese_year_zero(text: &str) -> String {
    let year = regex!(r"[〇一二三四五六七八九OoQ0GD@]{4,8}年");
    // A ring read as two signs, or each sign a ring of its own (`二OO二年`).
    let rings = [regex!(r"[OoQ0GD@]{1,2}"), regex!(r"[OoQ0GD@]")];
    year.replace_all(text, |found: &regex::Captures| {
        let numerals = found[0]
            .chars()
            .filter(|c| "〇一二三四五六七八九".contains(*c));
        if numerals.count() < 2 {
            return found[0].to_string();
        }
        rings
            .iter()
            .map(|ring| ring.replace_all(&found[0], "〇").into_owned())
            .find(|mended| mended.chars().count() == 5)
            .unwrap_or_else(|| found[0].to_string())
    })
    .into_owned()
}

/// Gives a 文号's year its 〔〕 back: OCR reads the hexagonal brackets as whatever
/// bracket looks closest (`宁政发【2022]85号`, `(2022]`, `(2022]】`), and the parser, which takes
/// every bracket style printers use, does not take a mixed pair. Only a bracketed
/// four-digit year between Han characters and a number with 号 is touched.
fn docnum_brackets(text: &str) -> String {
    let pattern =
        regex!(r"(\p{Han})\s*[\[【(（〔［]\s*((?:19|20)\d{2})\s*[\]】)）〕］]{1,2}\s*(\d+)\s*号");
    pattern.replace_all(text, "${1}〔${2}〕${3}号").into_owned()
}

/// The font size of a line: from its Han words' height when it has any (Han ink
/// fills the em evenly), else from the tallest word.
fn line_size(words: &[&OcrWord]) -> f32 {
    let height = |w: &&&OcrWord| w.bbox[3] - w.bbox[1];
    let mut han: Vec<f32> = words
        .iter()
        .filter(|w| w.text.chars().any(is_han))
        .map(|w| height(&w))
        .collect();
    han.sort_by(f32::total_cmp);
    match han.get(han.len() / 2) {
        Some(h) => h / HAN_INK_SHARE,
        None => words.iter().map(|w| height(&w)).fold(0.0, f32::max),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image() -> PageImage {
        PageImage {
            index: 0,
            width: 595.0,
            height: 842.0,
            placed: [0.0, 0.0, 595.0, 842.0],
            file: Ok(Vec::new()),
            pixels_wide: 1190,
        }
    }

    #[test]
    fn words_join_without_spaces_but_between_latin_words() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   4\t1\t1\t1\t1\t0\t100\t100\t900\t40\t-1\t\n\
                   5\t1\t1\t1\t1\t1\t100\t100\t200\t36\t95.5\t关于印发\n\
                   5\t1\t1\t1\t1\t2\t310\t100\t80\t36\t91\t２０２２\n\
                   5\t1\t1\t1\t1\t3\t400\t100\t40\t36\t90\tAB\n\
                   5\t1\t1\t1\t1\t4\t450\t100\t40\t36\t88\tCD\n\
                   5\t1\t1\t1\t1\t5\t520\t100\t30\t36\t40\t3\n\
                   5\t1\t1\t1\t2\t1\t100\t160\t200\t36\t96\t通知\n";
        let (lines, words, columns) = lines_from_tsv(tsv, &image(), &[]);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["关于印发2022AB CD3", "通知"]);
        assert_eq!(words.len(), 6);
        assert!(!columns);
        // 2 pixels a point: the first word starts at 50 pt, its line's baseline at 68 pt.
        assert_eq!((lines[0].x0, lines[0].y), (50.0, 68.0));
        assert!((lines[0].size - 18.0 / HAN_INK_SHARE).abs() < 1e-3);
    }

    /// A 目录 line whose leader was taken off the image: one line, the leader back as
    /// `……`. The same line without a leader in its gap is cut there, as extraction
    /// cuts text set far apart.
    #[test]
    fn a_leader_taken_off_joins_its_line_and_a_wide_gap_cuts_one() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   5\t1\t1\t1\t1\t1\t100\t100\t360\t36\t95\t关于加快发展的通知\n\
                   5\t1\t1\t1\t1\t2\t1100\t100\t20\t36\t94\t2\n";
        let leader = [[240.0, 60.0, 545.0, 68.0]];
        let (lines, _, _) = lines_from_tsv(tsv, &image(), &leader);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["关于加快发展的通知……2"]);
        let (lines, _, _) = lines_from_tsv(tsv, &image(), &[]);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["关于加快发展的通知", "2"]);
    }

    /// TSV of six lines of two words each, 60 pixels apart: the first word at 100
    /// pixels, `width` wide, the second at `second_left`, `second_width` wide.
    fn two_words_a_line(
        width: i32,
        second_left: i32,
        second_width: i32,
        words: fn(i32) -> [String; 2],
    ) -> String {
        let mut tsv = String::from("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n");
        for n in 1..=6 {
            let top = 100 + n * 60;
            let [first, second] = words(n);
            tsv.push_str(&format!(
                "5\t1\t1\t1\t{n}\t1\t100\t{top}\t{width}\t36\t95\t{first}\n"
            ));
            tsv.push_str(&format!(
                "5\t1\t1\t1\t{n}\t2\t{second_left}\t{top}\t{second_width}\t36\t95\t{second}\n"
            ));
        }
        tsv
    }

    /// Two columns on one baseline grid read as one block: every line is cut at the
    /// gutter, and the page is known to be set in columns.
    #[test]
    fn lines_across_a_gutter_are_cut_and_the_page_has_columns() {
        let tsv = two_words_a_line(500, 660, 500, |n| {
            [format!("左栏第{n}行文字"), format!("右栏第{n}行文字")]
        });
        let (lines, _, columns) = lines_from_tsv(&tsv, &image(), &[]);
        assert!(columns);
        assert_eq!(lines.len(), 12);
        assert_eq!(
            (lines[0].text.as_str(), lines[1].text.as_str()),
            ("左栏第1行文字", "右栏第1行文字")
        );
        // A 目录's page numbers beside a gutter are no column.
        let toc = two_words_a_line(900, 1080, 20, |n| {
            [format!("关于第{n}件事的通知"), n.to_string()]
        });
        let (_, _, columns) = lines_from_tsv(&toc, &image(), &[]);
        assert!(!columns);
    }

    #[test]
    fn a_year_in_chinese_numerals_gets_its_ring_back() {
        assert_eq!(
            chinese_year_zero("二G@二二年三月二十日"),
            "二〇二二年三月二十日"
        );
        assert_eq!(chinese_year_zero("二O二一年"), "二〇二一年");
        assert_eq!(chinese_year_zero("二OO二年"), "二〇〇二年");
        // Anything else keeps its letters: a year in digits, letters before 年.
        assert_eq!(chinese_year_zero("2022年"), "2022年");
        assert_eq!(chinese_year_zero("GOOD年"), "GOOD年");
    }

    #[test]
    fn a_docnum_year_gets_its_hexagonal_brackets_back() {
        assert_eq!(docnum_brackets("宁政发【2022]85号"), "宁政发〔2022〕85号");
        assert_eq!(
            docnum_brackets("宁政任 (2022】 88号通知"),
            "宁政任〔2022〕88号通知"
        );
        // The closing bracket read twice over.
        assert_eq!(docnum_brackets("宁政任(2022]】88号"), "宁政任〔2022〕88号");
        // Brackets around anything else stay as read.
        assert_eq!(docnum_brackets("(2022年8月)"), "(2022年8月)");
        assert_eq!(docnum_brackets("附件[1]"), "附件[1]");
    }
}
