//! Keeping an archive readable by its user only: it holds private notes, and office
//! computers are shared. Directories are 0700 and files 0600; anything wider (an
//! archive made by an older version, files a library created with the default mode)
//! is narrowed. Only Unix has these modes; elsewhere the user's profile directory
//! already keeps others out, so this does nothing.

use std::path::Path;

use crate::error::Result;

/// Narrows `dir` and everything below it to its owner, returning one line for each
/// entry that was wider, saying whether it could be narrowed. Symbolic links are left alone: their target is not ours.
#[cfg(unix)]
pub fn narrow(dir: &Path) -> Result<Vec<String>> {
    use std::os::unix::fs::PermissionsExt;

    let mut narrowed = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(path) = stack.pop() {
        let meta = match std::fs::symlink_metadata(&path) {
            Ok(meta) => meta,
            // Gone between listing and looking (an index merge removes segments).
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e.into()),
        };
        if meta.file_type().is_symlink() {
            continue;
        }
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            let private = mode & 0o700;
            // A read-only medium or a file system without modes must not keep the
            // archive from opening: saying so is all that can be done there.
            narrowed.push(
                match std::fs::set_permissions(&path, std::fs::Permissions::from_mode(private)) {
                    Ok(()) => format!(
                        "permissions: {} was {mode:o}, narrowed to {private:o} (owner only)",
                        path.display()
                    ),
                    Err(e) => format!(
                        "permissions: {} is {mode:o} and cannot be narrowed: {e}",
                        path.display()
                    ),
                },
            );
        }
        if meta.is_dir() {
            for entry in std::fs::read_dir(&path)? {
                stack.push(entry?.path());
            }
        }
    }
    Ok(narrowed)
}

/// See the Unix version: other systems have no such modes.
#[cfg(not(unix))]
pub fn narrow(_dir: &Path) -> Result<Vec<String>> {
    Ok(Vec::new())
}

/// Creates `file` empty and readable by its owner only, so that what is written into
/// it afterwards (a backup, by SQLite) is private from its first byte.
pub fn create_file(file: &Path) -> Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(file)?;
    Ok(())
}
