//! The document catalog held beside the index: what search shows and filters by for
//! every document, loaded from the store, and the table of documents a filter allows.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rusqlite::Connection;

use crate::error::Result;
use crate::search::{fold_case_and_width, SearchOptions};
use crate::store::{self, SearchDocument};

/// Every document of the archive by id.
pub(super) fn load_catalog(conn: &Connection) -> Result<HashMap<i64, SearchDocument>> {
    Ok(store::search_documents(conn, None)?
        .into_iter()
        .map(|d| (d.id, d))
        .collect())
}

/// Which documents pass the filters (and are among `only`, when given), as a table
/// indexed by document id; None when nothing is filtered.
pub(super) fn allowed_documents(
    catalog: &HashMap<i64, SearchDocument>,
    options: &SearchOptions,
    only: Option<&HashSet<i64>>,
) -> Option<Arc<Vec<bool>>> {
    let gazette = options.gazette.as_deref().map(fold_case_and_width);
    let office = options.office.as_deref().map(fold_case_and_width);
    let section = options.section.as_deref().map(fold_case_and_width);
    if gazette.is_none()
        && office.is_none()
        && section.is_none()
        && options.year_from.is_none()
        && options.year_to.is_none()
        && only.is_none()
    {
        return None;
    }
    let contains = |value: Option<&str>, wanted: &Option<String>| match wanted {
        None => true,
        Some(w) => value.is_some_and(|v| fold_case_and_width(v).contains(w.as_str())),
    };
    let size = catalog.keys().max().map_or(0, |&m| m as usize + 1);
    let mut allowed = vec![false; size];
    for (&id, d) in catalog {
        allowed[id as usize] = only.is_none_or(|o| o.contains(&id))
            && contains(Some(&d.issue.key.gazette), &gazette)
            && contains(d.office.as_deref(), &office)
            && contains(d.section.as_deref(), &section)
            && options.year_from.is_none_or(|y| d.issue.key.year >= y)
            && options.year_to.is_none_or(|y| d.issue.key.year <= y);
    }
    Some(Arc::new(allowed))
}
