//! Desktop shell over the `gazette` core.
