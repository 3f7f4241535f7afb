//! Knowing that the index files are the ones this program last wrote, without reading
//! them. Validating every checksum reads the whole index (hundreds of milliseconds for
//! a large archive), so it is done only when the files changed behind our back: after
//! an interrupted write, a copy, or damage on disk. A fingerprint of names, sizes and
//! modification times, recorded beside the index after each complete write, tells.

use std::path::{Path, PathBuf};

/// Where the fingerprint of the index in `dir` is kept: beside it, not in it, since the
/// index directory belongs to tantivy.
fn record_path(dir: &Path) -> PathBuf {
    let mut name = dir.as_os_str().to_owned();
    name.push(".intact");
    PathBuf::from(name)
}

/// Names, sizes and modification times of the files in `dir`, in name order.
fn fingerprint(dir: &Path) -> Option<String> {
    let mut rows = Vec::new();
    for entry in std::fs::read_dir(dir).ok()? {
        let entry = entry.ok()?;
        let meta = entry.metadata().ok()?;
        if !meta.is_file() {
            continue;
        }
        let modified = meta
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?;
        rows.push(format!(
            "{}\t{}\t{}",
            entry.file_name().to_string_lossy(),
            meta.len(),
            modified.as_nanos()
        ));
    }
    rows.sort();
    Some(rows.join("\n"))
}

/// Records that the files now in `dir` are a complete, intact index. Best effort: a
/// record that cannot be written only costs a validation at the next open.
pub(super) fn record_intact(dir: &Path) {
    let Some(print) = fingerprint(dir) else {
        return;
    };
    let record = record_path(dir);
    let mut staging = record.as_os_str().to_owned();
    staging.push(format!(".{}", std::process::id()));
    // Written whole and renamed, so a reader never sees half a record.
    if std::fs::write(&staging, print).is_ok() && std::fs::rename(&staging, &record).is_err() {
        let _ = std::fs::remove_file(&staging);
    }
}

/// Whether the files in `dir` are exactly those last recorded as intact.
pub(super) fn unchanged_since_recorded(dir: &Path) -> bool {
    match (std::fs::read_to_string(record_path(dir)), fingerprint(dir)) {
        (Ok(recorded), Some(now)) => recorded == now,
        _ => false,
    }
}
