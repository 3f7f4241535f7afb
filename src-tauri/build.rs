fn main() {
    // Declaring the app's commands makes each one a permission that a capability must
    // grant: the window gets exactly the commands listed in capabilities/main.json.
    let manifest = tauri_build::AppManifest::new().commands(&[
        "app_ready",
        "issues",
        "toc",
        "document",
        "links",
        "issue_pdf",
        "search",
        "reindex",
        "import_files",
        "import_sample",
        "launch_files",
        "cancel_import",
        "annotations",
        "add_annotation",
        "update_annotation",
        "delete_annotation",
        "export_annotations",
        "import_annotations",
        "backup_archive",
        "restore_archive",
    ]);
    if let Err(e) = tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)) {
        panic!("tauri build step failed: {e:#}");
    }
}
