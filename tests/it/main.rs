//! The integration tests, one binary: each module is the suite of one part of the
//! product, `support` what they share. One binary links tantivy and SQLite once.

mod amend;
mod amend_real;
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
mod links;
mod parse;
mod search;
mod structure;
mod support;
mod sync;
mod upgrade;
