//! Gazette Reader core: everything the desktop app and the `gazette` command do,
//! with no UI. An import runs `extract` (PDF → positioned text lines), `parse`
//! (lines → issue structure, with `layout` cleaning pages first) and `store` (one
//! SQLite transaction); `index` derives the search index from the store.

pub mod error;
pub mod extract;
pub mod layout;
pub mod model;
pub mod parse;

pub use error::{Error, ErrorKind, Result};
