//! The IPC commands: `command_list.rs` names each with its arguments and answer, and
//! this module expands that list into the `#[tauri::command]` functions and their
//! handler. Each delegates to the function of the same name in [`imp`], so a listed
//! signature that its implementation does not match fails to compile.

use std::path::PathBuf;

use gazette::annotate::{
    AnnotationFilter, AnnotationPatch, AnnotationView, ConflictView, ExchangeReport, ExportFormat,
    NewAnnotation, SyncReport,
};
use gazette::cite::{CitationView, Style as CiteStyle};
use gazette::deeplink::LinkTarget;
use gazette::diff::DiffView;
use gazette::inbox::InboxView;
use gazette::index::IndexReport;
use gazette::search::{SearchOptions, SearchResults};
use gazette::views::{
    DocumentView, ErrorView, ImportProgress, ImportReport, IssueSummary, LinksView, TocView,
};
use tauri::ipc::{Channel, Invoke};
use tauri::{AppHandle, Runtime};

use crate::{IndexProgress, OpenRequest, PdfBytes};

macro_rules! define_commands {
    ($( $(#[doc = $doc:literal])* $name:ident ( $($arg:ident : $ty:ty),* ) -> $ret:ty $(, on_progress: $progress:ty)? ; )*) => {
        $(
            $(#[doc = $doc])*
            #[tauri::command]
            pub async fn $name<R: Runtime>(
                app: AppHandle<R>,
                $($arg: $ty,)*
                $(on_progress: Channel<$progress>,)?
            ) -> Result<$ret, ErrorView> {
                imp::$name(&app, $($arg,)* $({ let channel: Channel<$progress> = on_progress; channel })?).await
            }
        )*

        /// The handler of every listed command, for `Builder::invoke_handler`.
        pub fn handler<R: Runtime>() -> impl Fn(Invoke<R>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($name),*]
        }
    };
}

with_command_list!(define_commands);

/// What each command does, with the app's shared state in reach.
mod imp {
    use std::path::{Path, PathBuf};
    use std::sync::atomic::Ordering;
    use std::sync::Arc;
    use std::time::{SystemTime, UNIX_EPOCH};

    use gazette::annotate::{
        AnnotationFilter, AnnotationPatch, AnnotationView, ConflictView, ExchangeReport,
        ExportFormat, NewAnnotation, SyncReport,
    };
    use gazette::cite::{CitationView, Style as CiteStyle};
    use gazette::deeplink::LinkTarget;
    use gazette::diff::DiffView;
    use gazette::inbox::InboxView;
    use gazette::index::IndexReport;
    use gazette::search::{SearchOptions, SearchResults};
    use gazette::views::{
        DocumentView, ErrorView, ImportProgress, ImportReport, IssueSummary, LinksView, TocView,
    };
    use gazette::{Archive, ErrorKind, ImportOptions};
    use tauri::ipc::Channel;
    use tauri::{AppHandle, Manager, Runtime};

    use crate::{AppState, IndexProgress, OpenRequest, PdfBytes};

    type Answer<T> = Result<T, ErrorView>;

    pub async fn app_ready<R: Runtime>(_app: &AppHandle<R>, page_ms: f64) -> Answer<()> {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis());
        // The start-up benchmark measures this line against the moment it launched us.
        eprintln!("gazette-app: library interactive at unix_ms={now} ({page_ms:.0} ms after the page began loading)");
        Ok(())
    }

    pub async fn issues<R: Runtime>(app: &AppHandle<R>) -> Answer<Vec<IssueSummary>> {
        app.state::<AppState>().with_archive(|a| a.issues()).await
    }

    pub async fn toc<R: Runtime>(
        app: &AppHandle<R>,
        issue_id: i64,
        as_of: Option<String>,
    ) -> Answer<TocView> {
        app.state::<AppState>()
            .with_archive(move |a| a.toc_on(&issue_id.to_string(), &day(as_of)))
            .await
    }

    pub async fn document<R: Runtime>(
        app: &AppHandle<R>,
        document_id: i64,
        as_of: Option<String>,
    ) -> Answer<DocumentView> {
        app.state::<AppState>()
            .with_archive(move |a| a.document_on(&document_id.to_string(), &day(as_of)))
            .await
    }

    pub async fn links<R: Runtime>(
        app: &AppHandle<R>,
        document_id: i64,
        as_of: Option<String>,
    ) -> Answer<LinksView> {
        app.state::<AppState>()
            .with_archive(move |a| a.links_on(&document_id.to_string(), &day(as_of)))
            .await
    }

    /// The day statuses are computed for: the one the reader chose, else today.
    fn day(as_of: Option<String>) -> String {
        as_of.unwrap_or_else(gazette::dates::today)
    }

    pub async fn cite<R: Runtime>(
        app: &AppHandle<R>,
        document_id: i64,
        clause_path: Option<String>,
        style: CiteStyle,
    ) -> Answer<CitationView> {
        app.state::<AppState>()
            .with_archive(move |a| a.cite(&document_id.to_string(), clause_path.as_deref(), style))
            .await
    }

    pub async fn diff<R: Runtime>(
        app: &AppHandle<R>,
        old_id: i64,
        new_id: i64,
    ) -> Answer<DiffView> {
        app.state::<AppState>()
            .with_archive(move |a| a.diff(&old_id.to_string(), &new_id.to_string()))
            .await
    }

    pub async fn print_html<R: Runtime>(app: &AppHandle<R>, document_id: i64) -> Answer<String> {
        app.state::<AppState>()
            .with_archive(move |a| {
                a.document(&document_id.to_string())
                    .map(|doc| gazette::print::document_html(&doc))
            })
            .await
    }

    pub async fn save_pdf<R: Runtime>(app: &AppHandle<R>, path: PathBuf) -> Answer<()> {
        let window = app.get_webview_window("main").ok_or_else(|| {
            ErrorView::from(&gazette::Error::not_found("the window to print is closed"))
        })?;
        crate::printing::save_pdf(&window, &path).await
    }

    pub async fn issue_pdf<R: Runtime>(app: &AppHandle<R>, issue_id: i64) -> Answer<PdfBytes> {
        app.state::<AppState>()
            .with_archive(move |a| a.issue_pdf(issue_id).map(PdfBytes))
            .await
    }

    pub async fn search<R: Runtime>(
        app: &AppHandle<R>,
        query: String,
        options: SearchOptions,
        as_of: Option<String>,
    ) -> Answer<SearchResults> {
        app.state::<AppState>()
            .with_archive(move |a| a.search_on(&query, &options, &day(as_of)))
            .await
    }

    pub async fn search_count<R: Runtime>(
        app: &AppHandle<R>,
        query: String,
        options: SearchOptions,
        as_of: Option<String>,
    ) -> Answer<u64> {
        app.state::<AppState>()
            .with_archive(move |a| a.count_on(&query, &options, &day(as_of)))
            .await
    }

    pub async fn reindex<R: Runtime>(
        app: &AppHandle<R>,
        on_progress: Channel<IndexProgress>,
    ) -> Answer<IndexReport> {
        app.state::<AppState>()
            .with_archive(move |a| {
                a.reindex(&|done, total| {
                    // The window may have gone away; the rebuild itself carries on.
                    let _ = on_progress.send(IndexProgress { done, total });
                })
            })
            .await
    }

    pub async fn import_files<R: Runtime>(
        app: &AppHandle<R>,
        paths: Vec<PathBuf>,
        password: Option<String>,
        replace: Option<bool>,
        ocr: Option<bool>,
        on_progress: Channel<ImportProgress>,
    ) -> Answer<Vec<ImportReport>> {
        let options = ImportOptions {
            password,
            replace: replace.unwrap_or(false),
            ocr: ocr.unwrap_or(false),
        };
        app.state::<AppState>()
            .import(paths, options, on_progress)
            .await
    }

    pub async fn import_sample<R: Runtime>(
        app: &AppHandle<R>,
        on_progress: Channel<ImportProgress>,
    ) -> Answer<Vec<ImportReport>> {
        let state = app.state::<AppState>();
        let sample = state.sample.get().cloned().ok_or_else(|| {
            ErrorView::from(&gazette::Error::not_found(
                "the sample issue is not installed with this copy of the app",
            ))
        })?;
        state
            .import(vec![sample], ImportOptions::default(), on_progress)
            .await
    }

    pub async fn launch_request<R: Runtime>(app: &AppHandle<R>) -> Answer<OpenRequest> {
        let state = app.state::<AppState>();
        let mut launch = state.launch.lock().unwrap_or_else(|p| p.into_inner());
        Ok(std::mem::take(&mut *launch))
    }

    pub async fn open_link<R: Runtime>(app: &AppHandle<R>, url: String) -> Answer<LinkTarget> {
        app.state::<AppState>()
            .with_archive(move |a| a.open_link(&url))
            .await
    }

    pub async fn inbox<R: Runtime>(app: &AppHandle<R>) -> Answer<InboxView> {
        let state = app.state::<AppState>();
        state.archive().await?;
        let inbox = crate::lock(&state.inbox);
        inbox.as_ref().map(|i| i.view()).map_err(Clone::clone)
    }

    pub async fn set_inbox<R: Runtime>(app: &AppHandle<R>, folder: PathBuf) -> Answer<InboxView> {
        let state = app.state::<AppState>();
        state.archive().await?;
        let mut inbox = crate::lock(&state.inbox);
        let inbox = inbox.as_mut().map_err(|e| e.clone())?;
        inbox.set_folder(folder).map_err(|e| ErrorView::from(&e))?;
        Ok(inbox.view())
    }

    pub async fn cancel_import<R: Runtime>(app: &AppHandle<R>) -> Answer<()> {
        app.state::<AppState>()
            .cancel
            .store(true, Ordering::Relaxed);
        Ok(())
    }

    pub async fn annotations<R: Runtime>(
        app: &AppHandle<R>,
        filter: AnnotationFilter,
    ) -> Answer<Vec<AnnotationView>> {
        app.state::<AppState>()
            .with_archive(move |a| a.annotations(&filter))
            .await
    }

    pub async fn add_annotation<R: Runtime>(
        app: &AppHandle<R>,
        annotation: NewAnnotation,
    ) -> Answer<AnnotationView> {
        app.state::<AppState>()
            .with_archive(move |a| a.add_annotation(&annotation))
            .await
    }

    pub async fn update_annotation<R: Runtime>(
        app: &AppHandle<R>,
        id: String,
        patch: AnnotationPatch,
    ) -> Answer<AnnotationView> {
        app.state::<AppState>()
            .with_archive(move |a| a.update_annotation(&id, &patch))
            .await
    }

    pub async fn delete_annotation<R: Runtime>(app: &AppHandle<R>, id: String) -> Answer<()> {
        app.state::<AppState>()
            .with_archive(move |a| a.delete_annotation(&id))
            .await
    }

    pub async fn export_annotations<R: Runtime>(
        app: &AppHandle<R>,
        format: ExportFormat,
        filter: AnnotationFilter,
        path: PathBuf,
    ) -> Answer<()> {
        app.state::<AppState>()
            .with_archive(move |a| write_text(&path, &a.export_annotations(format, &filter)?))
            .await
    }

    pub async fn import_annotations<R: Runtime>(
        app: &AppHandle<R>,
        path: PathBuf,
    ) -> Answer<ExchangeReport> {
        app.state::<AppState>()
            .with_archive(move |a| a.import_annotations(&read_text(&path)?))
            .await
    }

    pub async fn export_bundle<R: Runtime>(
        app: &AppHandle<R>,
        since: Option<String>,
        path: PathBuf,
    ) -> Answer<()> {
        app.state::<AppState>()
            .with_archive(move |a| write_text(&path, &a.export_bundle(since.as_deref())?))
            .await
    }

    pub async fn import_bundle<R: Runtime>(
        app: &AppHandle<R>,
        path: PathBuf,
    ) -> Answer<SyncReport> {
        app.state::<AppState>()
            .with_archive(move |a| a.import_bundle(&read_text(&path)?))
            .await
    }

    pub async fn annotation_conflicts<R: Runtime>(app: &AppHandle<R>) -> Answer<Vec<ConflictView>> {
        app.state::<AppState>()
            .with_archive(|a| a.annotation_conflicts())
            .await
    }

    fn read_text(path: &Path) -> gazette::Result<String> {
        std::fs::read_to_string(path).map_err(|e| {
            let message = format!("cannot read {}: {e}", path.display());
            gazette::Error::with_source(ErrorKind::Io, message, e)
        })
    }

    fn write_text(path: &Path, text: &str) -> gazette::Result<()> {
        std::fs::write(path, text).map_err(|e| {
            let message = format!("cannot write {}: {e}", path.display());
            gazette::Error::with_source(ErrorKind::Io, message, e)
        })
    }

    pub async fn backup_archive<R: Runtime>(app: &AppHandle<R>, path: PathBuf) -> Answer<()> {
        app.state::<AppState>()
            .with_archive(move |a| a.backup(&path))
            .await
    }

    /// No import may run while the archive is replaced, so the batch lock is held
    /// throughout.
    pub async fn restore_archive<R: Runtime>(app: &AppHandle<R>, path: PathBuf) -> Answer<()> {
        let state = app.state::<AppState>();
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
}
