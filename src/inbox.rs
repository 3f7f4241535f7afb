//! The watched inbox folder: PDFs put into it are imported by themselves, through the
//! same [`Archive::import_files`] as every other import. The folder is polled rather
//! than watched through the kernel: a poll every second or two costs a directory
//! listing, works the same on network shares and USB sticks (where change events do
//! not arrive), and gives the one thing events cannot, a file that has *stopped*
//! changing. A file is taken only when its size and modification time are the same on
//! two polls running, so a PDF still being copied in is left alone.
//!
//! What happened to each file is kept in `inbox.json` in the archive directory, with
//! the folder the user chose: a restart does not read every file again, a file that
//! failed stays where it is with its report and is tried again only once it changes.
//! Were the record lost, nothing is imported twice all the same: the archive knows
//! every PDF it holds by its content hash and answers `duplicate`.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use crate::archive::Archive;
use crate::error::{Error, ErrorKind, Result};
use crate::import::ImportOptions;
use crate::views::{ImportReport, ImportStatus};

/// The record of the inbox, inside the archive directory.
const RECORD_FILE: &str = "inbox.json";

/// The folder's name in the user's home when none was chosen ("gazette inbox").
const DEFAULT_FOLDER: &str = "公报收件箱";

/// A file's size and modification time: when both hold still across two polls, the
/// file is taken to be written completely.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Stamp {
    size: u64,
    /// Nanoseconds since the Unix epoch.
    modified: u64,
}

/// What the inbox did with one file, as of the stamp it had then.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Handled {
    stamp: Stamp,
    report: ImportReport,
}

/// What `inbox.json` holds.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Record {
    /// The folder chosen in the settings; None: [`Inbox::default_folder`].
    folder: Option<PathBuf>,
    /// By the file's full path.
    handled: BTreeMap<PathBuf, Handled>,
}

/// What the settings show of the inbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InboxView {
    /// The folder watched.
    pub folder: PathBuf,
    /// The files in it that could not be imported, with why; each stays in the folder
    /// and is tried again once it changes.
    pub failures: Vec<ImportReport>,
}

/// The watched folder of one archive.
#[derive(Debug)]
pub struct Inbox {
    folder: PathBuf,
    record_file: PathBuf,
    record: Record,
    /// Files not yet handled, with the stamp they had at the last poll.
    settling: HashMap<PathBuf, Stamp>,
}

impl Inbox {
    /// `~/公报收件箱`.
    pub fn default_folder() -> Result<PathBuf> {
        dirs::home_dir()
            .map(|home| home.join(DEFAULT_FOLDER))
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::Io,
                    "no home directory is known for this user; choose an inbox folder",
                )
            })
    }

    /// The inbox of the archive in `archive_dir`: the folder `folder` when given (not
    /// remembered), else the one chosen in the settings, else the default. The folder
    /// is created when absent.
    pub fn open(archive_dir: &Path, folder: Option<PathBuf>) -> Result<Inbox> {
        let record_file = archive_dir.join(RECORD_FILE);
        let record = match std::fs::read(&record_file) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
                Error::new(
                    ErrorKind::Io,
                    format!(
                        "{} is damaged ({e}); delete it to start the inbox afresh (nothing is imported twice)",
                        record_file.display()
                    ),
                )
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Record::default(),
            Err(e) => return Err(io_error(&record_file, "read", e)),
        };
        let folder = match folder.or_else(|| record.folder.clone()) {
            Some(folder) => folder,
            None => Self::default_folder()?,
        };
        let inbox = Inbox {
            folder,
            record_file,
            record,
            settling: HashMap::new(),
        };
        inbox.ensure_folder()?;
        Ok(inbox)
    }

    /// The folder watched.
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// Watches `folder` from now on and remembers the choice; the folder is created
    /// when absent. A folder that cannot be created changes nothing.
    pub fn set_folder(&mut self, folder: PathBuf) -> Result<()> {
        if !folder.is_absolute() {
            return Err(Error::invalid(format!(
                "the inbox folder must be a full path, not {}",
                folder.display()
            )));
        }
        create_folder(&folder)?;
        self.record.folder = Some(folder.clone());
        self.save()?;
        self.folder = folder;
        self.settling.clear();
        Ok(())
    }

    /// What the settings show: the folder and the files in it that failed.
    pub fn view(&self) -> InboxView {
        let failures = self
            .record
            .handled
            .iter()
            .filter(|(path, handled)| {
                path.parent() == Some(&*self.folder)
                    && handled.report.status == ImportStatus::Error
                    && path.is_file()
            })
            .map(|(_, handled)| handled.report.clone())
            .collect();
        InboxView {
            folder: self.folder.clone(),
            failures,
        }
    }

    /// Looks at the folder once: imports the PDFs that have held still since the last
    /// look and were not handled before as they are now, and reports on each (empty
    /// when there was nothing to do).
    pub fn poll(&mut self, archive: &Archive) -> Result<Vec<ImportReport>> {
        self.ensure_folder()?;
        let mut ready = Vec::new();
        let mut settling = HashMap::new();
        for (path, stamp) in self.pdfs()? {
            if self.record.handled.get(&path).map(|h| h.stamp) == Some(stamp) {
                continue;
            }
            if self.settling.get(&path) == Some(&stamp) {
                ready.push((path, stamp));
            } else {
                settling.insert(path, stamp);
            }
        }
        // Files that vanished are forgotten; those still changing wait for the next look.
        self.settling = settling;
        if ready.is_empty() {
            return Ok(Vec::new());
        }
        let paths: Vec<PathBuf> = ready.iter().map(|(path, _)| path.clone()).collect();
        // Nobody cancels a batch the user did not start; it is over in a file or two.
        let never = AtomicBool::new(false);
        let reports = archive.import_files(
            &paths,
            &ImportOptions::default(),
            &|_| {},
            &never,
            &mut |_, _| {},
        );
        for ((path, stamp), report) in ready.into_iter().zip(&reports) {
            let report = report.clone();
            self.record.handled.insert(path, Handled { stamp, report });
        }
        // Files no longer in the folder need no record: were one put back, the
        // archive's content hash still knows it.
        self.record.handled.retain(|path, _| path.exists());
        self.save()?;
        Ok(reports)
    }

    /// The PDFs directly in the folder, with their stamps. Hidden files are skipped:
    /// that is how programs name a file they are still writing.
    fn pdfs(&self) -> Result<Vec<(PathBuf, Stamp)>> {
        let entries =
            std::fs::read_dir(&self.folder).map_err(|e| io_error(&self.folder, "read", e))?;
        let mut found = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| io_error(&self.folder, "read", e))?;
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let is_pdf = name.to_lowercase().ends_with(".pdf") && !name.starts_with('.');
            // A file that vanishes between listing and looking is simply not there.
            let Ok(meta) = entry.metadata() else { continue };
            if !is_pdf || !meta.is_file() {
                continue;
            }
            let modified = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX));
            let stamp = Stamp {
                size: meta.len(),
                modified,
            };
            found.push((entry.path(), stamp));
        }
        // In name order, so a batch is imported (and reported) the same way each time.
        found.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(found)
    }

    fn ensure_folder(&self) -> Result<()> {
        create_folder(&self.folder)
    }

    /// Writes the record beside itself and renames it into place, so that a crash
    /// leaves the old record or the new one, never half of one.
    fn save(&self) -> Result<()> {
        let json = serde_json::to_vec_pretty(&self.record).map_err(|e| {
            Error::new(
                ErrorKind::Internal,
                format!("cannot write the inbox record: {e}"),
            )
        })?;
        let staging = self.record_file.with_extension("json.new");
        std::fs::write(&staging, json).map_err(|e| io_error(&staging, "write", e))?;
        std::fs::rename(&staging, &self.record_file)
            .map_err(|e| io_error(&self.record_file, "write", e))
    }
}

fn create_folder(folder: &Path) -> Result<()> {
    std::fs::create_dir_all(folder).map_err(|e| io_error(folder, "create", e))
}

fn io_error(path: &Path, verb: &str, e: std::io::Error) -> Error {
    let message = format!("cannot {verb} {}: {e}", path.display());
    Error::with_source(ErrorKind::Io, message, e)
}
