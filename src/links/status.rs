//! A document's status on a day, from its validity and the repeals of others, and the
//! first day it is in force as the archive's queries compute it.

use crate::views::Status;

/// A document's status on `today` (all dates ISO, so they compare as strings).
/// `repealed_from` holds the day each repealing document took effect (None: unknown,
/// taken as already).
pub fn status(
    today: &str,
    effective: Option<&str>,
    expires: Option<&str>,
    repealed_from: &[Option<String>],
) -> Status {
    if repealed_from
        .iter()
        .any(|from| from.as_deref().is_none_or(|f| f <= today))
    {
        Status::Repealed
    } else if expires.is_some_and(|e| e < today) {
        Status::Expired
    } else if effective.is_some_and(|e| e > today) {
        Status::NotYetInForce
    } else {
        Status::InForce
    }
}

/// The SQL for the first day document `alias` (joined with its validity as `v`) is in
/// force: issued and effective, so the later of its date and its stated effective day,
/// whichever is known. A document dated after the day asked about is not yet in force
/// even when its text names an earlier effective day.
pub(super) fn in_force_from(alias: &str) -> String {
    format!("MAX(COALESCE(v.effective, {alias}.date), COALESCE({alias}.date, v.effective))")
}
