//! parse (in progress)
