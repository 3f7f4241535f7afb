//! Backup and restore of a whole archive as one file. The backup is a consistent
//! SQLite snapshot (online backup API, so it can run while the archive is in use)
//! holding every issue, every original PDF and every annotation; the search index is
//! derived, so it is left out and rebuilt after a restore. This is also how an
//! official carries the archive to another offline computer.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::error::{Error, Result};
use crate::store;

/// Writes a consistent copy of the database behind `conn` to `target`, which must not exist:
/// a backup never overwrites a file.
pub fn backup(conn: &Connection, target: &Path) -> Result<()> {
    if target.exists() {
        return Err(Error::invalid(format!(
            "{} already exists; choose a new file name for the backup",
            target.display()
        )));
    }
    // Written beside the target and renamed into place, so an interrupted backup never
    // leaves a file that looks complete.
    let partial = sibling(target, ".partial");
    let result = (|| -> Result<()> {
        // What an interrupted backup left is not a backup.
        let _ = std::fs::remove_file(&partial);
        crate::private::create_file(&partial)?;
        let mut dest = Connection::open(&partial)?;
        let backup = rusqlite::backup::Backup::new(conn, &mut dest)?;
        backup.run_to_completion(256, std::time::Duration::from_millis(0), None)?;
        drop(backup);
        dest.pragma_update(None, "journal_mode", "DELETE")?;
        drop(dest);
        std::fs::rename(&partial, target)?;
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}

/// Replaces the database at `db` with the rows of the backup `file`, adopted into a
/// database this build creates (see [`store::adopt`]): the file's own schema, with
/// whatever triggers or views it may carry, never enters the archive. A file that is
/// refused changes nothing. The database it replaces is kept beside it (returned), so
/// a restore over the wrong archive loses nothing. The caller must hold no open
/// connection to `db`.
pub fn restore(file: &Path, db: &Path) -> Result<Option<PathBuf>> {
    let incoming = sibling(db, ".restoring");
    // A leftover of an interrupted restore is never part of the archive.
    let _ = std::fs::remove_file(&incoming);
    store::adopt(file, &incoming)?;
    let kept = if db.exists() {
        let kept = sibling(db, &format!(".before-restore-{}", compact_now()));
        // Checkpoint the live WAL into the file first, so the kept copy is whole.
        {
            let conn = Connection::open(db)?;
            conn.pragma_update(None, "wal_checkpoint", "TRUNCATE")?;
        }
        std::fs::rename(db, &kept)?;
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(sibling(db, suffix));
        }
        Some(kept)
    } else {
        None
    };
    std::fs::rename(&incoming, db)?;
    Ok(kept)
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn compact_now() -> String {
    crate::dates::now_iso().replace([':', '-'], "")
}
