//! Backup and restore of a whole archive as one file. The backup is a consistent
//! SQLite snapshot (online backup API, so it can run while the archive is in use)
//! holding every issue, every original PDF and every annotation; the search index is
//! derived, so it is left out and rebuilt after a restore. This is also how an
//! official carries the archive to another offline computer.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::error::{Error, ErrorKind, Result};
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

/// Checks that `file` is a Gazette Reader backup this version can read, without
/// changing it.
pub fn verify(file: &Path) -> Result<()> {
    let not_backup = |detail: String| {
        Error::new(
            ErrorKind::InvalidArgument,
            format!(
                "{} is not a Gazette Reader backup ({detail})",
                file.display()
            ),
        )
    };
    let conn = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| not_backup(e.to_string()))?;
    let has_issues: bool = conn
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('issues', 'meta', 'pdfs')",
            [],
            |r| r.get::<_, i64>(0),
        )
        .map(|n| n == 3)
        .map_err(|e| not_backup(e.to_string()))?;
    if !has_issues {
        return Err(not_backup("it has no gazette tables".into()));
    }
    let version: usize = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version > store::schema_version() {
        return Err(Error::new(
            ErrorKind::InvalidArgument,
            format!(
                "{} was made by a newer Gazette Reader (schema {version}); update the application to restore it",
                file.display()
            ),
        ));
    }
    let problems = store::integrity_problems(&conn)?;
    if !problems.is_empty() {
        return Err(not_backup(format!(
            "it is damaged: {}",
            problems.join("; ")
        )));
    }
    Ok(())
}

/// Replaces the database at `db` with the backup `file`. The database it replaces is
/// kept beside it (returned), so a restore over the wrong archive loses nothing. The
/// caller must hold no open connection to `db`.
pub fn restore(file: &Path, db: &Path) -> Result<Option<PathBuf>> {
    verify(file)?;
    let incoming = sibling(db, ".restoring");
    std::fs::copy(file, &incoming)?;
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
    // Brings an older backup's schema up to date now rather than at the next open.
    drop(store::open(db)?);
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
