// The app's IPC commands, listed once. `build.rs` includes this file to declare each
// command as a permission; `commands.rs` expands it into the Tauri commands and their
// handler; `contract.rs` into the TypeScript wrappers of `ui/src/generated.ts` and the
// capability file. A command is added here and implemented in `commands::imp`; anything
// else that disagrees fails to compile or fails `cargo test -p gazette-app`.
//
// Each entry: `name(argument: RustType, …) -> ReturnType`, then `, on_progress: Payload`
// when the command streams progress over a channel. Plain tokens only: build.rs reads
// the list without the types in scope.

macro_rules! with_command_list {
    ($then:ident) => {
        $then! {
            /// Tells the shell the library is on screen and usable, `page_ms` after the
            /// page began loading: the start-up benchmark's end mark.
            app_ready(page_ms: f64) -> ();
            /// Every issue in the library.
            issues() -> Vec<IssueSummary>;
            /// An issue's 目录, with statuses on `as_of` (ISO; null: today).
            toc(issue_id: i64, as_of: Option<String>) -> TocView;
            /// One document, whole, with its clause tree and its status on `as_of`.
            document(document_id: i64, as_of: Option<String>) -> DocumentView;
            /// What a document cites and repeals, what cites and repeals it, its timeline
            /// and its status on `as_of` (ISO; null: today).
            links(document_id: i64, as_of: Option<String>) -> LinksView;
            /// A citation of a document, or of its clause at `clause_path`, in `style`.
            cite(document_id: i64, clause_path: Option<String>, style: CiteStyle) -> CitationView;
            /// Two versions of a document compared clause by clause.
            diff(old_id: i64, new_id: i64) -> DiffView;
            /// A document laid out as its printed 公文, as markup for the print view.
            print_html(document_id: i64) -> String;
            /// Saves what the window shows (its print view, under the print stylesheet)
            /// as an A4 PDF at `path`, without the print dialog.
            save_pdf(path: PathBuf) -> ();
            /// The issue's original PDF as raw bytes, for pdf.js.
            issue_pdf(issue_id: i64) -> PdfBytes;
            /// Full-text search over every clause of every issue, with statuses (and the
            /// status filter) on `as_of` (ISO; null: today).
            search(query: String, options: SearchOptions, as_of: Option<String>) -> SearchResults;
            /// The exact number of hits of a search, every page together (a search
            /// returns its first page with an estimate).
            search_count(query: String, options: SearchOptions, as_of: Option<String>) -> u64;
            /// Rebuilds the search index from the database (a maintenance action; the
            /// archive also does it by itself when it finds the index stale or damaged).
            reindex() -> IndexReport, on_progress: IndexProgress;
            /// Imports PDFs and reports on each; `replace` confirms a worse edition the
            /// user was asked about (error kind `worse_edition`), `ocr` the reading of a
            /// scan by OCR (error kind `no_text_layer`).
            import_files(paths: Vec<PathBuf>, password: Option<String>, replace: Option<bool>, ocr: Option<bool>) -> Vec<ImportReport>, on_progress: ImportProgress;
            /// Imports the bundled sample issue: the UI asks for it when the library is empty.
            import_sample() -> Vec<ImportReport>, on_progress: ImportProgress;
            /// The PDFs and `gazette://` link named on the command line ("open with");
            /// empty after the first call.
            launch_request() -> OpenRequest;
            /// Where a `gazette://` link leads in this archive.
            open_link(url: String) -> LinkTarget;
            /// The watched inbox folder and the files in it that could not be imported.
            inbox() -> InboxView;
            /// Watches `folder` as the inbox from now on (created when absent).
            set_inbox(folder: PathBuf) -> InboxView;
            /// Stops the running import at its next stage boundary.
            cancel_import() -> ();
            /// The annotations that match `filter`, in reading order, orphans included.
            annotations(filter: AnnotationFilter) -> Vec<AnnotationView>;
            /// Bookmarks, highlights or notes a clause (or a range of its text).
            add_annotation(annotation: NewAnnotation) -> AnnotationView;
            /// Changes an annotation's note, tags or colour.
            update_annotation(id: String, patch: AnnotationPatch) -> AnnotationView;
            /// Deletes an annotation.
            delete_annotation(id: String) -> ();
            /// Writes the annotations that match `filter` to `path` as Markdown or W3C JSON-LD.
            export_annotations(format: ExportFormat, filter: AnnotationFilter, path: PathBuf) -> ();
            /// Merges a W3C JSON-LD annotation file without duplicates.
            import_annotations(path: PathBuf) -> ExchangeReport;
            /// Writes a bundle of the annotations, edits and deletions made on or after
            /// `since` (all when null) for another computer.
            export_bundle(since: Option<String>, path: PathBuf) -> ();
            /// Merges a bundle from another computer; concurrent changes become conflicts.
            import_bundle(path: PathBuf) -> SyncReport;
            /// Changes that lost to concurrent ones, with what is kept instead.
            annotation_conflicts() -> Vec<ConflictView>;
            /// Writes the whole library (issues, PDFs, annotations) to one new file.
            backup_archive(path: PathBuf) -> ();
            /// Replaces the library with a backup (the current one is kept beside it) and
            /// restarts the app; a file that is not a good backup changes nothing.
            restore_archive(path: PathBuf) -> ();
        }
    };
}
