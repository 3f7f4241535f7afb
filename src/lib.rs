//! Gazette Reader core: everything the desktop app and the `gazette` command do,
//! with no UI. An import runs `extract` (PDF → positioned text lines), `parse`
//! (lines → issue structure, with `layout` cleaning pages first) and `store` (one
//! SQLite transaction); `index` derives the search index from the store. `archive`
//! is the facade the command line and the app use.

#![warn(missing_docs)]

pub mod annotate;
pub mod archive;
pub mod backup;
pub mod cite;
pub mod dates;
pub mod deeplink;
pub mod diff;
pub mod docnum;
pub mod error;
pub mod extract;
pub mod import;
pub mod inbox;
pub mod index;
pub mod layout;
pub mod links;
pub mod model;
pub mod ocr;
pub mod parse;
pub mod print;
pub mod private;
pub mod script;
pub mod search;
pub mod store;
pub mod views;

pub use archive::Archive;
pub use error::{Error, ErrorKind, Result};
pub use import::ImportOptions;
pub use search::{SearchOptions, SearchResults};
