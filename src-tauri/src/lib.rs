//! Desktop shell over the `gazette` core: each command is a thin wrapper around one
//! [`Archive`] method. Errors cross the IPC boundary as the core's `{kind, message}`
//! ([`ErrorView`]) so the UI can explain them in the user's language. Archive work runs
//! on blocking threads, never on the UI thread: opening the archive (which may rebuild
//! the search index) reports progress as events, imports stream progress over a
//! channel and can be cancelled.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{SystemTime, UNIX_EPOCH};

use gazette::annotate::{
    AnnotationFilter, AnnotationPatch, AnnotationView, ExchangeReport, ExportFormat, NewAnnotation,
};
use gazette::index::IndexReport;
use gazette::search::{SearchOptions, SearchResults};
use gazette::views::{
    DocumentView, ErrorView, ImportProgress, ImportReport, IssueSummary, TocView,
};
use gazette::{Archive, ImportOptions};
use serde::Serialize;
use tauri::ipc::{Channel, Response};
use tauri::{Emitter, Manager, Runtime, State};
use tokio::sync::watch;

/// Where the bundled sample issue lies among the app's resources (see tauri.conf.json).
const SAMPLE_RESOURCE: &str = "sample/liaocheng-2018-08-1col.pdf";

/// The event that reports a search-index rebuild while the archive opens.
pub const OPEN_PROGRESS_EVENT: &str = "archive-open-progress";

/// The archive once opened, or why it could not be: the window still opens and says
/// so instead of the app vanishing at start.
type Opened = Result<Arc<Archive>, ErrorView>;

/// Where opening the archive has got to.
#[derive(Clone)]
enum OpenState {
    /// Still opening; rebuilding the search index if there is progress to tell.
    Opening(Option<IndexProgress>),
    Open(Opened),
}

/// Everything the commands share.
pub struct AppState {
    /// The archive, opened on a background thread from the moment the app starts.
    archive: watch::Receiver<OpenState>,
    /// One import batch at a time; a second batch waits for the first.
    import_lock: Arc<Mutex<()>>,
    /// Set by `cancel_import`; the running batch stops at its next stage boundary.
    cancel: Arc<AtomicBool>,
    /// The bundled sample PDF, once resolved among the installed resources.
    sample: OnceLock<PathBuf>,
    /// PDFs named on the command line ("open with"), handed to the UI once.
    launch_files: Mutex<Vec<PathBuf>>,
}

/// What the app was started with: `gazette-app [--archive DIR] [FILE.pdf…]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Launch {
    /// `--archive DIR`, else `GAZETTE_ARCHIVE`, else the platform data directory.
    /// Tests and benchmarks use the first two.
    pub archive_dir: PathBuf,
    /// PDFs to import once the window is up.
    pub files: Vec<PathBuf>,
}

impl Launch {
    pub fn parse(
        mut args: impl Iterator<Item = String>,
        env_archive: Option<String>,
    ) -> gazette::Result<Launch> {
        let mut archive_dir = None;
        let mut files = Vec::new();
        while let Some(arg) = args.next() {
            if let Some(dir) = arg.strip_prefix("--archive=") {
                archive_dir = Some(PathBuf::from(dir));
            } else if arg == "--archive" {
                let dir = args
                    .next()
                    .ok_or_else(|| gazette::Error::invalid("--archive needs a directory"))?;
                archive_dir = Some(PathBuf::from(dir));
            } else if arg.starts_with("--") {
                return Err(gazette::Error::invalid(format!(
                    "unknown option {arg}; usage: gazette-app [--archive DIR] [FILE.pdf…]"
                )));
            } else {
                files.push(PathBuf::from(arg));
            }
        }
        let archive_dir = match (archive_dir, env_archive) {
            (Some(dir), _) => dir,
            (None, Some(dir)) if !dir.is_empty() => PathBuf::from(dir),
            _ => Archive::default_dir()?,
        };
        Ok(Launch { archive_dir, files })
    }
}

/// Progress of a search-index rebuild: `done` of `total` documents.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct IndexProgress {
    pub done: u64,
    pub total: u64,
}

fn to_view(e: gazette::Error) -> ErrorView {
    ErrorView::from(&e)
}

/// A failure of the shell itself rather than of the archive (a worker thread died).
fn internal(message: String) -> ErrorView {
    ErrorView {
        kind: "internal".into(),
        message,
    }
}

impl AppState {
    async fn archive(&self) -> Result<Arc<Archive>, ErrorView> {
        let mut state = self.archive.clone();
        let state = state
            .wait_for(|s| matches!(s, OpenState::Open(_)))
            .await
            .map_err(|_| internal("opening the archive stopped unexpectedly".into()))?;
        match &*state {
            OpenState::Open(opened) => opened.clone(),
            OpenState::Opening(_) => Err(internal("the archive is not open".into())),
        }
    }

    /// Runs `work` on the archive on a blocking thread.
    async fn with_archive<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Archive) -> gazette::Result<T> + Send + 'static,
    ) -> Result<T, ErrorView> {
        let archive = self.archive().await?;
        tauri::async_runtime::spawn_blocking(move || work(&archive).map_err(to_view))
            .await
            .map_err(|e| internal(format!("the operation stopped unexpectedly: {e}")))?
    }
}

/// The UI calls this once the library is on screen and usable, with how long that
/// took since its page started loading; the line on stderr is what the startup
/// benchmark measures against the moment it launched the process.
#[tauri::command]
fn app_ready(page_ms: f64) {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    eprintln!("gazette-app: library interactive at unix_ms={now} ({page_ms:.0} ms after the page began loading)");
}

#[tauri::command]
async fn issues(state: State<'_, AppState>) -> Result<Vec<IssueSummary>, ErrorView> {
    state.with_archive(|a| a.issues()).await
}

#[tauri::command]
async fn toc(state: State<'_, AppState>, issue_id: i64) -> Result<TocView, ErrorView> {
    state
        .with_archive(move |a| a.toc(&issue_id.to_string()))
        .await
}

#[tauri::command]
async fn document(state: State<'_, AppState>, document_id: i64) -> Result<DocumentView, ErrorView> {
    state
        .with_archive(move |a| a.document(&document_id.to_string()))
        .await
}

/// What a document cites and repeals, what cites and repeals it, and its status today.
#[tauri::command]
async fn links(
    state: State<'_, AppState>,
    document_id: i64,
) -> Result<gazette::views::LinksView, ErrorView> {
    state
        .with_archive(move |a| a.links(&document_id.to_string()))
        .await
}

/// The issue's original PDF as raw bytes (an ArrayBuffer in the UI), for pdf.js.
#[tauri::command]
async fn issue_pdf(state: State<'_, AppState>, issue_id: i64) -> Result<Response, ErrorView> {
    let bytes = state.with_archive(move |a| a.issue_pdf(issue_id)).await?;
    Ok(Response::new(bytes))
}

#[tauri::command]
async fn search(
    state: State<'_, AppState>,
    query: String,
    options: SearchOptions,
) -> Result<SearchResults, ErrorView> {
    state
        .with_archive(move |a| a.search(&query, &options))
        .await
}

/// Rebuilds the search index from the database (a maintenance action; the archive
/// also does this by itself when it finds the index stale or damaged).
#[tauri::command]
async fn reindex(
    state: State<'_, AppState>,
    on_progress: Channel<IndexProgress>,
) -> Result<IndexReport, ErrorView> {
    state
        .with_archive(move |a| {
            a.reindex(&|done, total| {
                let _ = on_progress.send(IndexProgress { done, total });
            })
        })
        .await
}

/// Imports PDFs one after another and reports on each; progress goes to `on_progress`.
#[tauri::command]
async fn import_files(
    state: State<'_, AppState>,
    paths: Vec<PathBuf>,
    password: Option<String>,
    replace: Option<bool>,
    on_progress: Channel<ImportProgress>,
) -> Result<Vec<ImportReport>, ErrorView> {
    // `replace` confirms a worse edition the user was asked about (kind `worse_edition`).
    run_import(
        &state,
        paths,
        password,
        replace.unwrap_or(false),
        on_progress,
    )
    .await
}

/// Imports the bundled sample issue: the UI asks for it when the library is empty.
#[tauri::command]
async fn import_sample(
    state: State<'_, AppState>,
    on_progress: Channel<ImportProgress>,
) -> Result<Vec<ImportReport>, ErrorView> {
    let sample = state.sample.get().cloned().ok_or_else(|| {
        to_view(gazette::Error::not_found(
            "the sample issue is not installed with this copy of the app",
        ))
    })?;
    run_import(&state, vec![sample], None, false, on_progress).await
}

/// The PDFs named on the command line; empty after the first call.
#[tauri::command]
fn launch_files(state: State<'_, AppState>) -> Vec<PathBuf> {
    std::mem::take(&mut *state.launch_files.lock().unwrap_or_else(|p| p.into_inner()))
}

#[tauri::command]
fn cancel_import(state: State<'_, AppState>) {
    state.cancel.store(true, Ordering::Relaxed);
}

/// The annotations that match `filter`, in reading order, orphans included.
#[tauri::command]
async fn annotations(
    state: State<'_, AppState>,
    filter: AnnotationFilter,
) -> Result<Vec<AnnotationView>, ErrorView> {
    state.with_archive(move |a| a.annotations(&filter)).await
}

/// Bookmarks, highlights or notes a clause (or a range of its text).
#[tauri::command]
async fn add_annotation(
    state: State<'_, AppState>,
    annotation: NewAnnotation,
) -> Result<AnnotationView, ErrorView> {
    state
        .with_archive(move |a| a.add_annotation(&annotation))
        .await
}

#[tauri::command]
async fn update_annotation(
    state: State<'_, AppState>,
    id: String,
    patch: AnnotationPatch,
) -> Result<AnnotationView, ErrorView> {
    state
        .with_archive(move |a| a.update_annotation(&id, &patch))
        .await
}

#[tauri::command]
async fn delete_annotation(state: State<'_, AppState>, id: String) -> Result<(), ErrorView> {
    state.with_archive(move |a| a.delete_annotation(&id)).await
}

/// Writes the annotations that match `filter` to `path` (chosen in a save dialog).
#[tauri::command]
async fn export_annotations(
    state: State<'_, AppState>,
    format: ExportFormat,
    filter: AnnotationFilter,
    path: PathBuf,
) -> Result<(), ErrorView> {
    state
        .with_archive(move |a| {
            let text = a.export_annotations(format, &filter)?;
            std::fs::write(&path, text).map_err(|e| {
                let message = format!("cannot write {}: {e}", path.display());
                gazette::Error::with_source(gazette::ErrorKind::Io, message, e)
            })
        })
        .await
}

/// Merges a W3C annotation file (chosen in an open dialog) without duplicates.
#[tauri::command]
async fn import_annotations(
    state: State<'_, AppState>,
    path: PathBuf,
) -> Result<ExchangeReport, ErrorView> {
    state
        .with_archive(move |a| {
            let text = std::fs::read_to_string(&path).map_err(|e| {
                let message = format!("cannot read {}: {e}", path.display());
                gazette::Error::with_source(gazette::ErrorKind::Io, message, e)
            })?;
            a.import_annotations(&text)
        })
        .await
}

/// Writes the whole archive to one new file (chosen in a save dialog).
#[tauri::command]
async fn backup_archive(state: State<'_, AppState>, path: PathBuf) -> Result<(), ErrorView> {
    state.with_archive(move |a| a.backup(&path)).await
}

/// Replaces the archive with a backup and restarts the app on it. The archive that was
/// there is kept beside it; a file that is not a good backup changes nothing. No import
/// may run meanwhile, so the batch lock is held throughout.
#[tauri::command]
async fn restore_archive<R: Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    path: PathBuf,
) -> Result<(), ErrorView> {
    let lock = Arc::clone(&state.import_lock);
    state
        .with_archive(move |archive| {
            let _no_import = lock.lock().unwrap_or_else(|p| p.into_inner());
            Archive::restore(archive.dir(), &path).map(drop)
        })
        .await?;
    // The open archive still points at the replaced database: start afresh on the
    // restored one.
    app.restart()
}

async fn run_import(
    state: &AppState,
    paths: Vec<PathBuf>,
    password: Option<String>,
    replace: bool,
    on_progress: Channel<ImportProgress>,
) -> Result<Vec<ImportReport>, ErrorView> {
    let lock = Arc::clone(&state.import_lock);
    let cancel = Arc::clone(&state.cancel);
    let options = ImportOptions { password, replace };
    state
        .with_archive(move |archive| {
            // A panic in an earlier batch leaves nothing half-done behind the lock (each
            // import is one transaction), so a poisoned lock is still good to take.
            let _batch = lock.lock().unwrap_or_else(|p| p.into_inner());
            cancel.store(false, Ordering::Relaxed);
            let progress = |p: ImportProgress| {
                // The window may have gone away mid-import; the import itself carries on.
                let _ = on_progress.send(p);
            };
            Ok(paths
                .iter()
                .map(|path| archive.import_file(path, &options, &progress, &cancel))
                .collect())
        })
        .await
}

/// Registers the plugins, state and commands on a builder; `run` and the command tests
/// share it, so the tests exercise exactly what the app exposes. The archive starts
/// opening at once, on its own thread, while the window and web view come up: opening
/// may rebuild a stale or damaged search index, which must not hold up the window.
pub fn configure<R: Runtime>(builder: tauri::Builder<R>, launch: Launch) -> tauri::Builder<R> {
    let (opened, archive) = watch::channel(OpenState::Opening(None));
    let dir = launch.archive_dir.clone();
    std::thread::spawn(move || {
        let progress = |done, total| {
            opened.send_replace(OpenState::Opening(Some(IndexProgress { done, total })));
        };
        let archive = Archive::open_with_progress(&dir, &progress);
        opened.send_replace(OpenState::Open(archive.map(Arc::new).map_err(to_view)));
    });
    let mut open_progress = archive.clone();
    builder
        .plugin(tauri_plugin_dialog::init())
        .manage(AppState {
            archive,
            import_lock: Arc::new(Mutex::new(())),
            cancel: Arc::new(AtomicBool::new(false)),
            sample: OnceLock::new(),
            launch_files: Mutex::new(launch.files),
        })
        .setup(move |app| {
            let sample = app
                .path()
                .resolve(SAMPLE_RESOURCE, tauri::path::BaseDirectory::Resource)
                .ok()
                .filter(|p| p.is_file());
            if let Some(sample) = sample {
                // Setup runs once, so the cell is always empty here.
                let _ = app.state::<AppState>().sample.set(sample);
            }
            // Tell the window how an index rebuild is going while the archive opens.
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                while open_progress.changed().await.is_ok() {
                    let progress = match &*open_progress.borrow_and_update() {
                        OpenState::Opening(Some(p)) => *p,
                        OpenState::Opening(None) => continue,
                        OpenState::Open(_) => break,
                    };
                    let _ = handle.emit(OPEN_PROGRESS_EVENT, progress);
                }
            });
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            app_ready,
            issues,
            toc,
            document,
            links,
            issue_pdf,
            search,
            reindex,
            import_files,
            import_sample,
            launch_files,
            cancel_import,
            annotations,
            add_annotation,
            update_annotation,
            delete_annotation,
            export_annotations,
            import_annotations,
            backup_archive,
            restore_archive,
        ])
}

pub fn run() -> Result<(), Box<dyn std::error::Error>> {
    let launch = Launch::parse(
        std::env::args().skip(1),
        std::env::var("GAZETTE_ARCHIVE").ok(),
    )?;
    configure(tauri::Builder::default(), launch).run(tauri::generate_context!())?;
    Ok(())
}
