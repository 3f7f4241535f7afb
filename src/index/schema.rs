//! The index's schema and tokenisation: its fields, the character n-grams Chinese
//! text is cut into, and the commit payload recording what the index reflects.

use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STRING,
};
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};
use tantivy::Index;

use super::index_error;
use crate::error::Result;
use crate::search::fold_char;

/// Bumped whenever the schema, the tokenisation or what a unit holds changes (3: clause
/// labels and a document's printed lines are indexed; 4: no field norms for single
/// characters; 5: a document's units are adjacent, with their place and count): an
/// index of another format is rebuilt, never read.
pub(super) const FORMAT: u32 = 5;

pub(super) const BIGRAMS: &str = "gazette_bigrams";

pub(super) const CHARS: &str = "gazette_chars";

/// What the index reflects, kept in its commit payload.
#[derive(serde::Serialize, serde::Deserialize, PartialEq)]
pub(super) struct Payload {
    pub(super) format: u32,
    pub(super) generation: u64,
}

/// The fields of the schema. Clause units fill the `text`/`heading` group; document
/// units (one per document, for title and 文号 matches) the `title` group. A document's
/// units are added as one group, its own unit first, so they sit side by side in one
/// segment (merges keep them so, and a document's units are deleted together): from
/// any unit, `place` and `units` give the whole document's span of the segment.
#[derive(Clone, Copy)]
pub(super) struct Fields {
    pub(super) text: Field,
    pub(super) heading: Field,
    pub(super) chars: Field,
    pub(super) heading_chars: Field,
    pub(super) title: Field,
    pub(super) title_chars: Field,
    pub(super) doc_number_key: Field,
    pub(super) clause_id: Field,
    pub(super) document_id: Field,
    pub(super) issue_id: Field,
    /// The unit's place among its document's units (the document's own unit first).
    pub(super) place: Field,
    /// How many units its document has.
    pub(super) units: Field,
}

pub(super) fn schema() -> (Schema, Fields) {
    let bigrams = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(BIGRAMS)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    // One character is scored alike wherever it is (see `conjunction::Run`), so its
    // fields keep no lengths for scoring: a byte per unit and field saved.
    let chars = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(CHARS)
            .set_index_option(IndexRecordOption::Basic)
            .set_fieldnorms(false),
    );
    let mut b = Schema::builder();
    let fields = Fields {
        text: b.add_text_field("text", bigrams.clone()),
        heading: b.add_text_field("heading", bigrams.clone()),
        chars: b.add_text_field("chars", chars.clone()),
        heading_chars: b.add_text_field("heading_chars", chars.clone()),
        title: b.add_text_field("title", bigrams),
        title_chars: b.add_text_field("title_chars", chars),
        doc_number_key: b.add_text_field("doc_number_key", STRING),
        clause_id: b.add_u64_field("clause_id", FAST),
        document_id: b.add_u64_field("document_id", FAST),
        issue_id: b.add_u64_field("issue_id", INDEXED),
        place: b.add_u64_field("place", FAST),
        units: b.add_u64_field("units", FAST),
    };
    (b.build(), fields)
}

/// Cuts normalised text into overlapping n-grams of `width` characters, each at the
/// position of its first character. Grams holding white space other than a plain space
/// are left out: no query term can contain them (a phrase's spaces are folded to one).
#[derive(Clone)]
pub(super) struct Ngrams {
    pub(super) width: usize,
}

pub(super) struct NgramStream {
    pub(super) chars: Vec<char>,
    pub(super) width: usize,
    pub(super) next: usize,
    pub(super) token: Token,
}

impl Tokenizer for Ngrams {
    type TokenStream<'a> = NgramStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> NgramStream {
        let mut chars = Vec::with_capacity(text.len() / 2);
        for c in text.chars() {
            fold_char(c, |n| chars.push(n));
        }
        NgramStream {
            chars,
            width: self.width,
            next: 0,
            token: Token::default(),
        }
    }
}

impl TokenStream for NgramStream {
    fn advance(&mut self) -> bool {
        while self.next + self.width <= self.chars.len() {
            let at = self.next;
            self.next += 1;
            let gram = &self.chars[at..at + self.width];
            let indexable = |c: &char| !c.is_whitespace() || (*c == ' ' && self.width > 1);
            if !gram.iter().all(indexable) {
                continue;
            }
            self.token.text.clear();
            self.token.text.extend(gram);
            self.token.position = at;
            self.token.offset_from = at;
            self.token.offset_to = at + self.width;
            // Ending each gram one past its last character leaves a one-position gap
            // before the next value of the field (tantivy continues after the last
            // gram's end), so no phrase matches across a heading and its text.
            self.token.position_length = self.width;
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

pub(super) fn register_tokenizers(index: &Index) {
    index
        .tokenizers()
        .register(BIGRAMS, TextAnalyzer::from(Ngrams { width: 2 }));
    index
        .tokenizers()
        .register(CHARS, TextAnalyzer::from(Ngrams { width: 1 }));
}

pub(super) fn fields_of(schema: &Schema) -> Result<Fields> {
    let get = |name: &str| {
        schema.get_field(name).map_err(|e| {
            index_error(
                format!("the search index lacks the field {name}; it will be rebuilt"),
                e,
            )
        })
    };
    Ok(Fields {
        text: get("text")?,
        heading: get("heading")?,
        chars: get("chars")?,
        heading_chars: get("heading_chars")?,
        title: get("title")?,
        title_chars: get("title_chars")?,
        doc_number_key: get("doc_number_key")?,
        clause_id: get("clause_id")?,
        document_id: get("document_id")?,
        issue_id: get("issue_id")?,
        place: get("place")?,
        units: get("units")?,
    })
}

pub(super) fn read_payload(index: &Index) -> Result<Option<Payload>> {
    Ok(index
        .load_metas()?
        .payload
        .and_then(|p| serde_json::from_str(&p).ok()))
}
