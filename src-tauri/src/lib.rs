//! Desktop shell over the `gazette` core: each command (`command_list.rs`, expanded in
//! [`commands`]) is a thin wrapper around one [`Archive`] method, and [`contract`]
//! writes the UI's side of the same contract. Errors cross the IPC boundary as the core's `{kind, message}`
//! ([`ErrorView`]) so the UI can explain them in the user's language. Archive work runs
//! on blocking threads, never on the UI thread: opening the archive (which may rebuild
//! the search index) reports progress as events, imports stream progress over a
//! channel and can be cancelled. The inbox folder is looked at every
//! [`INBOX_POLL`] on a thread of its own, its imports taking turns with the user's.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use gazette::inbox::Inbox;
use gazette::views::{ErrorView, ImportProgress, ImportReport};
use gazette::{Archive, ErrorKind, ImportOptions};
use serde::Serialize;
use tauri::ipc::{Channel, InvokeResponseBody, IpcResponse};
use tauri::{Emitter, Manager, Runtime};
use tauri_plugin_deep_link::DeepLinkExt;
use tokio::sync::watch;

include!("command_list.rs");

pub mod commands;
pub mod contract;
pub mod printing;
pub mod webview;

/// Where the bundled sample issue lies among the app's resources (see tauri.conf.json).
const SAMPLE_RESOURCE: &str = "sample/liaocheng-2018-08-1col.pdf";

/// The event that reports a search-index rebuild while the archive opens.
pub const OPEN_PROGRESS_EVENT: &str = "archive-open-progress";

/// The event that tells the window what the inbox folder imported (its reports).
pub const INBOX_EVENT: &str = "inbox-imported";

/// How often the inbox folder is looked at. A file is taken once it is the same on two
/// looks running, so one dropped in appears within two to three of these.
const INBOX_POLL: Duration = Duration::from_millis(1500);

/// The event that hands the running app what another launch asked it to open (PDFs
/// from the file manager, a `gazette://` link), or a link the system delivered.
pub const OPEN_REQUEST_EVENT: &str = "open-request";

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
    /// What the command line asked to open, handed to the UI once.
    launch: Mutex<OpenRequest>,
    /// The watched inbox folder, set just before the archive counts as open; or why it
    /// cannot be watched.
    inbox: Arc<Mutex<Result<Inbox, ErrorView>>>,
}

/// Files to import and a link to open, from a launch of the app.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ts_rs::TS)]
pub struct OpenRequest {
    /// PDFs to import.
    pub files: Vec<PathBuf>,
    /// A `gazette://` link to open once they are in, unchecked: the UI resolves it
    /// and says what is wrong with a bad one.
    pub link: Option<String>,
}

/// What the app was started with: `gazette-app [--archive DIR] [FILE.pdf|URL…]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Launch {
    /// `--archive DIR`, else `GAZETTE_ARCHIVE`, else the platform data directory.
    /// Tests and benchmarks use the first two.
    pub archive_dir: PathBuf,
    /// PDFs to import once the window is up, and a `gazette://` link to open (the
    /// desktop entry passes both as URLs: `file://` ones are read as paths).
    pub open: OpenRequest,
    /// `--inbox DIR`, else `GAZETTE_INBOX`: the inbox folder for this run only, in
    /// place of the one chosen in the settings.
    pub inbox: Option<PathBuf>,
}

impl Launch {
    pub fn parse(
        mut args: impl Iterator<Item = String>,
        env_archive: Option<String>,
    ) -> gazette::Result<Launch> {
        let mut archive_dir = None;
        let mut inbox = None;
        let mut open = OpenRequest::default();
        while let Some(arg) = args.next() {
            if !arg.starts_with("--") {
                if has_scheme(&arg, gazette::deeplink::SCHEME) {
                    open.link = Some(arg);
                } else if has_scheme(&arg, "file") {
                    let path = url::Url::parse(&arg)
                        .ok()
                        .and_then(|u| u.to_file_path().ok())
                        .ok_or_else(|| {
                            gazette::Error::invalid(format!("{arg} is not a file URL"))
                        })?;
                    open.files.push(path);
                } else {
                    open.files.push(PathBuf::from(arg));
                }
                continue;
            }
            let (option, inline) = match arg.split_once('=') {
                Some((option, value)) => (option, Some(value.to_string())),
                None => (arg.as_str(), None),
            };
            let slot = match option {
                "--archive" => &mut archive_dir,
                "--inbox" => &mut inbox,
                _ => {
                    return Err(gazette::Error::invalid(format!(
                        "unknown option {arg}; usage: gazette-app [--archive DIR] [--inbox DIR] [FILE.pdf|gazette://…]"
                    )))
                }
            };
            let dir = inline
                .or_else(|| args.next())
                .ok_or_else(|| gazette::Error::invalid(format!("{option} needs a directory")))?;
            *slot = Some(PathBuf::from(dir));
        }
        let archive_dir = match (archive_dir, env_archive) {
            (Some(dir), _) => dir,
            (None, Some(dir)) if !dir.is_empty() => PathBuf::from(dir),
            _ => Archive::default_dir()?,
        };
        Ok(Launch {
            archive_dir,
            open,
            inbox,
        })
    }
}

fn has_scheme(arg: &str, scheme: &str) -> bool {
    arg.split_once("://")
        .is_some_and(|(s, _)| s.eq_ignore_ascii_case(scheme))
}

/// The D-Bus name that makes launches on one archive one app: a second launch on the
/// same archive hands its files and link to the first and exits, while an app on
/// another archive (a test's, a colleague's restored copy) runs beside it.
fn instance_id(identifier: &str, archive_dir: &Path) -> String {
    use std::hash::{Hash, Hasher};
    let dir = std::fs::canonicalize(archive_dir).unwrap_or_else(|_| archive_dir.to_path_buf());
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    dir.hash(&mut hasher);
    // A D-Bus name element may not start with a digit.
    format!("{identifier}.a{:016x}", hasher.finish())
}

/// Progress of a search-index rebuild: `done` of `total` documents.
#[derive(Debug, Clone, Copy, Serialize, ts_rs::TS)]
pub struct IndexProgress {
    pub done: u64,
    pub total: u64,
}

/// A PDF's bytes, sent raw rather than as JSON: an `ArrayBuffer` in the UI.
pub struct PdfBytes(pub Vec<u8>);

impl IpcResponse for PdfBytes {
    fn body(self) -> tauri::Result<InvokeResponseBody> {
        Ok(InvokeResponseBody::Raw(self.0))
    }
}

impl ts_rs::TS for PdfBytes {
    type WithoutGenerics = Self;
    type OptionInnerType = Self;

    fn name(_: &ts_rs::Config) -> String {
        "ArrayBuffer".into()
    }

    fn inline(cfg: &ts_rs::Config) -> String {
        Self::name(cfg)
    }
}

fn to_view(e: gazette::Error) -> ErrorView {
    ErrorView::from(&e)
}

/// A failure of the shell itself rather than of the archive (a worker thread died).
fn internal(message: String) -> ErrorView {
    to_view(gazette::Error::new(ErrorKind::Internal, message))
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

    /// Imports PDFs through [`Archive::import_files`] and reports on each; one batch at
    /// a time.
    async fn import(
        &self,
        paths: Vec<PathBuf>,
        options: ImportOptions,
        on_progress: Channel<ImportProgress>,
    ) -> Result<Vec<ImportReport>, ErrorView> {
        let lock = Arc::clone(&self.import_lock);
        let cancel = Arc::clone(&self.cancel);
        self.with_archive(move |archive| {
            // A panic in an earlier batch leaves nothing half-done behind the lock (each
            // import is one transaction), so a poisoned lock is still good to take.
            let _batch = crate::lock(&lock);
            cancel.store(false, Ordering::Relaxed);
            let progress = |p: ImportProgress| {
                // The window may have gone away mid-import; the import itself carries on.
                let _ = on_progress.send(p);
            };
            // The same path as the command line's: files prepared in parallel, a panic
            // in one file's preparation reported for that file while its neighbours
            // still import. Each report reaches the window with the batch's answer.
            Ok(archive.import_files(&paths, &options, &progress, &cancel, &mut |_, _| {}))
        })
        .await
    }
}

/// Registers the plugins, state and commands on a builder; `run` and the command tests
/// share it, so the tests exercise exactly what the app exposes. The archive starts
/// opening at once, on its own thread, while the window and web view come up: opening
/// may rebuild a stale or damaged search index, which must not hold up the window.
pub fn configure<R: Runtime>(builder: tauri::Builder<R>, launch: Launch) -> tauri::Builder<R> {
    let (opened, archive) = watch::channel(OpenState::Opening(None));
    let dir = launch.archive_dir.clone();
    let inbox = Arc::new(Mutex::new(Err(internal(
        "the inbox is watched once the archive is open".into(),
    ))));
    let (inbox_slot, inbox_folder) = (Arc::clone(&inbox), launch.inbox);
    std::thread::spawn(move || {
        let progress = |done, total| {
            opened.send_replace(OpenState::Opening(Some(IndexProgress { done, total })));
        };
        let archive = Archive::open_with_progress(&dir, &progress);
        if archive.is_ok() {
            *lock(&inbox_slot) = Inbox::open(&dir, inbox_folder).map_err(to_view);
        }
        opened.send_replace(OpenState::Open(archive.map(Arc::new).map_err(to_view)));
    });
    let mut open_progress = archive.clone();
    let identifier = "org.gazette-reader.desktop";
    builder
        // First, as the plugin asks: a second launch stops here and hands its
        // arguments to the app already running on this archive.
        .plugin(
            tauri_plugin_single_instance::Builder::new()
                .dbus_id(instance_id(identifier, &launch.archive_dir))
                .callback(|app, argv, _cwd| {
                    // The archive is this app's: only what to open travels.
                    if let Ok(again) = Launch::parse(argv.into_iter().skip(1), None) {
                        deliver(app, again.open);
                    }
                    if let Some(window) = app.get_webview_window("main") {
                        let _ = window.unminimize();
                        let _ = window.set_focus();
                    }
                })
                .build(),
        )
        .plugin(tauri_plugin_deep_link::init())
        .plugin(tauri_plugin_dialog::init())
        .manage(AppState {
            archive,
            import_lock: Arc::new(Mutex::new(())),
            cancel: Arc::new(AtomicBool::new(false)),
            sample: OnceLock::new(),
            launch: Mutex::new(launch.open),
            inbox,
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
            // Links the system hands over while the app runs (on Linux the launch
            // above brings them; elsewhere they come as events).
            let handle = app.handle().clone();
            app.deep_link().on_open_url(move |event| {
                for url in event.urls() {
                    let link = Some(url.to_string());
                    deliver(
                        &handle,
                        OpenRequest {
                            files: Vec::new(),
                            link,
                        },
                    );
                }
            });
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
            let handle = app.handle().clone();
            std::thread::Builder::new()
                .name("inbox".into())
                .spawn(move || watch_inbox(handle))?;
            Ok(())
        })
        .invoke_handler(commands::handler())
}

/// Takes a lock whose holder may have panicked: what it guards is whole between
/// operations (each import is one transaction, the inbox's record is renamed into place).
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

/// Looks at the inbox folder every [`INBOX_POLL`] for as long as the app runs, and
/// tells the window what it imported. Its imports take the same batch lock as the
/// user's, so the two never interleave.
fn watch_inbox<R: Runtime>(app: tauri::AppHandle<R>) {
    let state = app.state::<AppState>();
    // An archive that could not be opened has nothing to import into; the window
    // already says why.
    let Ok(archive) = tauri::async_runtime::block_on(state.archive()) else {
        return;
    };
    loop {
        std::thread::sleep(INBOX_POLL);
        let polled = {
            let mut inbox = lock(&state.inbox);
            let Ok(inbox) = &mut *inbox else { continue };
            let _batch = lock(&state.import_lock);
            inbox.poll(&archive)
        };
        match polled {
            Ok(reports) if !reports.is_empty() => {
                // The window may be gone while the app closes; the record is written.
                let _ = app.emit(INBOX_EVENT, reports);
            }
            Ok(_) => {}
            // A folder on a share that went away: said once per look on stderr, and
            // looked at again next time. The settings show the folder as chosen.
            Err(e) => eprintln!("gazette-app: the inbox folder cannot be read: {e}"),
        }
    }
}

/// Hands a later request to open something to the window.
fn deliver<R: Runtime>(app: &tauri::AppHandle<R>, request: OpenRequest) {
    if request != OpenRequest::default() {
        let _ = app.emit(OPEN_REQUEST_EVENT, request);
    }
}

pub fn run() -> Result<(), Box<dyn std::error::Error>> {
    webview::before_start();
    let mut launch = Launch::parse(
        std::env::args().skip(1),
        std::env::var("GAZETTE_ARCHIVE").ok(),
    )?;
    launch.inbox = launch
        .inbox
        .or_else(|| std::env::var_os("GAZETTE_INBOX").map(PathBuf::from));
    configure(tauri::Builder::default(), launch).run(tauri::generate_context!())?;
    Ok(())
}
