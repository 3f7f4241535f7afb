//! The table of documents a search's filters allow, read from the store's document
//! facets when a filter is set. Nothing about the documents is held beside the index:
//! opening it reads none of a large archive's documents, and the hits shown read
//! theirs from the store.

use std::collections::HashSet;
use std::sync::Arc;

use rusqlite::Connection;

use crate::error::Result;
use crate::search::{fold_case_and_width, SearchOptions};
use crate::store;

/// Which documents pass the filters (and are among `only`, when given), as a table
/// indexed by document id; None when nothing is filtered.
pub(super) fn allowed_documents(
    conn: &Connection,
    options: &SearchOptions,
    only: Option<&HashSet<i64>>,
) -> Result<Option<Arc<Vec<bool>>>> {
    let gazette = options.gazette.as_deref().map(fold_case_and_width);
    let office = options.office.as_deref().map(fold_case_and_width);
    let section = options.section.as_deref().map(fold_case_and_width);
    let facets_filtered = gazette.is_some()
        || office.is_some()
        || section.is_some()
        || options.year_from.is_some()
        || options.year_to.is_some();
    if !facets_filtered {
        return Ok(only.map(|only| {
            let size = only.iter().max().map_or(0, |&m| m.max(0) as usize + 1);
            let mut allowed = vec![false; size];
            for &id in only.iter().filter(|&&id| id >= 0) {
                allowed[id as usize] = true;
            }
            Arc::new(allowed)
        }));
    }
    let contains = |value: Option<&str>, wanted: &Option<String>| match wanted {
        None => true,
        Some(w) => value.is_some_and(|v| fold_case_and_width(v).contains(w.as_str())),
    };
    let facets = store::document_facets(conn)?;
    let size = facets
        .iter()
        .map(|d| d.id)
        .max()
        .map_or(0, |m| m as usize + 1);
    let mut allowed = vec![false; size];
    for d in facets {
        allowed[d.id as usize] = only.is_none_or(|o| o.contains(&d.id))
            && contains(Some(&d.gazette), &gazette)
            && contains(d.office.as_deref(), &office)
            && contains(d.section.as_deref(), &section)
            && options.year_from.is_none_or(|y| d.year >= y)
            && options.year_to.is_none_or(|y| d.year <= y);
    }
    Ok(Some(Arc::new(allowed)))
}
