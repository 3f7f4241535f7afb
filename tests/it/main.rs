//! The integration tests, one binary: each module is the suite of one part of the
//! product, `support` what they share. One binary links tantivy and SQLite once.

mod amend;
mod amend_real;
mod amend_state_council;
mod annotate;
mod as_of;
mod backup;
mod cite;
mod cli;
mod concurrency;
mod crash;
mod diff;
mod extract;
mod fuzz;
mod hostile;
mod import_many;
mod inbox;
mod links;
mod ocr;
mod ocr_pages;
mod parse;
mod print;
mod search;
mod search_across;
mod structure;
mod support;
mod sync;
mod upgrade;
