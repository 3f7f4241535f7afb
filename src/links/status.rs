//! A document's status on a day, from its validity and the repeals of others.

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
