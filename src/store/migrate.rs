//! Bringing a database to this build's schema, and keeping anything else out of it.
//! An archive is upgraded in place by the migration steps; a file made elsewhere (a
//! backup, an archive carried on a USB stick) is untrusted, so only its rows are
//! adopted into a database this build creates, never its schema: a trigger, view or
//! table hidden in such a file would otherwise run inside the user's archive.

use std::collections::BTreeMap;
use std::path::Path;

use rusqlite::Connection;

use super::schema::MIGRATIONS;
use crate::error::{Error, ErrorKind, Result};

/// `PRAGMA application_id` of every archive this build writes ("GZTR"). Archives of
/// the first releases carry 0 and are recognised by their tables instead.
const APPLICATION_ID: i64 = 0x475a_5452;

/// Runs the migration steps `conn` has not run yet and marks the file as ours.
pub(super) fn upgrade(conn: &mut Connection) -> Result<()> {
    let id: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    if id != 0 && id != APPLICATION_ID {
        return Err(Error::new(
            ErrorKind::Database,
            "this file belongs to another application, not Gazette Reader",
        ));
    }
    let version: usize = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version > MIGRATIONS.len() {
        return Err(Error::new(
            ErrorKind::Database,
            format!(
                "this archive was written by a newer version of Gazette Reader (schema {version}); \
                 update the application to open it"
            ),
        ));
    }
    run_steps(conn, version, MIGRATIONS.len())?;
    if id == 0 {
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    }
    Ok(())
}

fn run_steps(conn: &mut Connection, from: usize, to: usize) -> Result<()> {
    for (step, sql) in MIGRATIONS.iter().enumerate().take(to).skip(from) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", step + 1)?;
        tx.commit()?;
    }
    Ok(())
}

/// Creates `target` (which must not exist) as a database of this build's schema
/// holding the rows of the archive or backup `source`, which is only read. A file
/// that is not ours, is damaged, or comes from a newer version is refused with an
/// `InvalidArgument` error naming why, and `target` is left absent.
pub fn adopt(source: &Path, target: &Path) -> Result<()> {
    let result = adopt_into(source, target);
    if result.is_err() {
        let _ = std::fs::remove_file(target);
    }
    result
}

fn adopt_into(source: &Path, target: &Path) -> Result<()> {
    let refuse = |detail: &str| {
        Error::invalid(format!(
            "{} is not a Gazette Reader archive or backup ({detail})",
            source.display()
        ))
    };
    crate::private::create_file(target)?;
    let mut conn = Connection::open(target)?;
    // Defence in depth: no function of this build is reachable from schema SQL.
    conn.pragma_update(None, "trusted_schema", "OFF")?;
    // Tables are filled one by one, so references hold only once all are; they are
    // checked then, with the rest of the file's integrity.
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    conn.execute(
        "ATTACH DATABASE ?1 AS incoming",
        [read_only_uri(source).as_str()],
    )
    .map_err(|e| refuse(&e.to_string()))?;
    let pragma = |name: &str| -> Result<i64> {
        conn.pragma_query_value(Some("incoming"), name, |r| r.get(0))
            .map_err(|e| refuse(&e.to_string()))
    };
    let id = pragma("application_id")?;
    let version = usize::try_from(pragma("user_version")?).unwrap_or(0);
    if id != 0 && id != APPLICATION_ID {
        return Err(refuse("it belongs to another application"));
    }
    if version == 0 {
        return Err(refuse("it has no gazette tables"));
    }
    if version > MIGRATIONS.len() {
        return Err(Error::invalid(format!(
            "{} was made by a newer Gazette Reader (schema {version}); update the application to restore it",
            source.display()
        )));
    }
    let damage = pragma_lines(&conn, "PRAGMA incoming.integrity_check")
        .map_err(|e| refuse(&e.to_string()))?;
    if damage.iter().any(|line| line != "ok") {
        return Err(refuse(&format!("it is damaged: {}", damage.join("; "))));
    }

    // The schema the file claims, created by this build, filled with its rows, then
    // upgraded the way an older archive is.
    run_steps(&mut conn, 0, version)?;
    let tables = table_names(&conn, "main")?;
    let theirs = objects(&conn, "incoming")?;
    let tx = conn.transaction()?;
    for table in &tables {
        if theirs.get(table).map(|(kind, _)| kind.as_str()) != Some("table") {
            return Err(refuse(&format!("it has no table {table}")));
        }
        let ours = columns(&tx, "main", table)?;
        let present = columns(&tx, "incoming", table)?;
        if let Some(missing) = ours.iter().find(|c| !present.contains(c)) {
            return Err(refuse(&format!("table {table} has no column {missing}")));
        }
        let list = ours
            .iter()
            .map(|c| quoted(c))
            .collect::<Vec<_>>()
            .join(", ");
        let name = quoted(table);
        tx.execute(&format!("DELETE FROM main.{name}"), [])?;
        tx.execute(
            &format!("INSERT INTO main.{name} ({list}) SELECT {list} FROM incoming.{name}"),
            [],
        )
        .map_err(|e| refuse(&format!("its rows do not fit: {e}")))?;
    }
    tx.commit()?;
    conn.execute("DETACH DATABASE incoming", [])?;
    upgrade(&mut conn)?;
    let problems = super::integrity_problems(&conn)?;
    if !problems.is_empty() {
        return Err(refuse(&format!("it is damaged: {}", problems.join("; "))));
    }
    Ok(())
}

/// Every object in the schema of `conn` that this build did not create, or that
/// differs from what it creates: one line each, for `gazette check`.
pub fn foreign_objects(conn: &Connection) -> Result<Vec<String>> {
    let mut reference = Connection::open_in_memory()?;
    run_steps(&mut reference, 0, MIGRATIONS.len())?;
    let ours = objects(&reference, "main")?;
    Ok(objects(conn, "main")?
        .into_iter()
        .filter_map(|(name, (kind, sql))| match ours.get(&name) {
            Some(known) if *known == (kind.clone(), sql.clone()) => None,
            Some(_) => Some(format!(
                "schema: {kind} {name} differs from the one Gazette Reader creates"
            )),
            None => Some(format!(
                "schema: {kind} {name} is not part of a Gazette Reader archive"
            )),
        })
        .collect())
}

/// Name → (type, SQL) of the schema objects of `schema`, SQLite's own left out.
fn objects(conn: &Connection, schema: &str) -> Result<BTreeMap<String, (String, String)>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT name, type, COALESCE(sql, '') FROM {schema}.sqlite_master \
         WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
    ))?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn table_names(conn: &Connection, schema: &str) -> Result<Vec<String>> {
    Ok(objects(conn, schema)?
        .into_iter()
        .filter_map(|(name, (kind, _))| (kind == "table").then_some(name))
        .collect())
}

fn columns(conn: &Connection, schema: &str, table: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT name FROM pragma_table_info(?1, ?2) ORDER BY cid")?;
    let rows = stmt.query_map([table, schema], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn pragma_lines(conn: &Connection, sql: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    rows.collect()
}

fn quoted(identifier: &str) -> String {
    format!("\"{}\"", identifier.replace('"', "\"\""))
}

/// A `file:` URI opening `path` read-only; the characters URIs reserve are escaped
/// so that any file name works.
fn read_only_uri(path: &Path) -> String {
    let mut uri = String::from("file:");
    for c in path.to_string_lossy().chars() {
        match c {
            '%' => uri.push_str("%25"),
            '?' => uri.push_str("%3f"),
            '#' => uri.push_str("%23"),
            c => uri.push(c),
        }
    }
    uri.push_str("?mode=ro");
    uri
}
