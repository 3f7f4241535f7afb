//! Saving the window's print view as a PDF without a dialog. WebKitGTK prints a page
//! through GTK's print system, whose "Print to File" printer writes PDF; driven with
//! settings instead of the dialog, it writes the file named, with the print stylesheet
//! applied exactly as for paper. Only Linux has WebKitGTK; elsewhere the print dialog's
//! own "save as PDF" does the same.

use std::path::Path;
use std::time::Duration;

use gazette::views::ErrorView;
use tauri::{Runtime, WebviewWindow};

/// Long enough for a document of a hundred pages on a slow machine.
const PRINT_TIMEOUT: Duration = Duration::from_secs(120);

/// Prints what `window` shows, under its print stylesheet, to the PDF file `path`
/// (A4), and returns once the file is written.
#[cfg(target_os = "linux")]
pub async fn save_pdf<R: Runtime>(window: &WebviewWindow<R>, path: &Path) -> Result<(), ErrorView> {
    use webkit2gtk::PrintOperationExt;

    let uri = url_of(path)?;
    let (done, finished) = std::sync::mpsc::channel::<Result<(), String>>();
    window
        .with_webview(move |webview| {
            let settings = gtk::PrintSettings::new();
            settings.set_printer("Print to File");
            settings.set(gtk::PRINT_SETTINGS_OUTPUT_FILE_FORMAT, Some("pdf"));
            settings.set(gtk::PRINT_SETTINGS_OUTPUT_URI, Some(&uri));
            let a4 = gtk::PaperSize::new(Some("iso_a4"));
            settings.set_paper_size(&a4);
            // No margins of GTK's own: each sheet of the print view is a whole A4 page
            // with the standard's margins and its footer laid out inside it.
            let setup = gtk::PageSetup::new();
            setup.set_paper_size(&a4);
            setup.set_top_margin(0.0, gtk::Unit::Mm);
            setup.set_bottom_margin(0.0, gtk::Unit::Mm);
            setup.set_left_margin(0.0, gtk::Unit::Mm);
            setup.set_right_margin(0.0, gtk::Unit::Mm);
            let operation = webkit2gtk::PrintOperation::new(&webview.inner());
            operation.set_print_settings(&settings);
            operation.set_page_setup(&setup);
            let failed = done.clone();
            operation.connect_failed(move |_, e| {
                let _ = failed.send(Err(e.to_string()));
            });
            operation.connect_finished(move |_| {
                let _ = done.send(Ok(()));
            });
            operation.print();
        })
        .map_err(|e| failure(format!("cannot reach the window to print it: {e}")))?;
    let outcome =
        tauri::async_runtime::spawn_blocking(move || finished.recv_timeout(PRINT_TIMEOUT))
            .await
            .map_err(|e| failure(format!("printing stopped unexpectedly: {e}")))?;
    match outcome {
        Ok(Ok(())) => Ok(()),
        Ok(Err(why)) => Err(failure(format!("cannot save the PDF: {why}"))),
        Err(_) => Err(failure(
            "printing did not finish in time; nothing was saved".into(),
        )),
    }
}

/// Elsewhere the print dialog offers its own "save as PDF".
#[cfg(not(target_os = "linux"))]
pub async fn save_pdf<R: Runtime>(
    _window: &WebviewWindow<R>,
    _path: &Path,
) -> Result<(), ErrorView> {
    Err(ErrorView::from(&gazette::Error::invalid(
        "saving as PDF without the print dialog needs WebKitGTK; use 打印 and the dialog's PDF printer",
    )))
}

/// The file URL GTK's file printer writes to: an absolute path, percent-encoded.
#[cfg(target_os = "linux")]
fn url_of(path: &Path) -> Result<String, ErrorView> {
    if !path.is_absolute() {
        return Err(ErrorView::from(&gazette::Error::invalid(format!(
            "the PDF must be named by a full path, not {}",
            path.display()
        ))));
    }
    let mut url = String::from("file://");
    for byte in path.as_os_str().as_encoded_bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                url.push(char::from(*byte))
            }
            _ => url.push_str(&format!("%{byte:02X}")),
        }
    }
    Ok(url)
}

#[cfg(target_os = "linux")]
fn failure(message: String) -> ErrorView {
    ErrorView::from(&gazette::Error::new(gazette::ErrorKind::Io, message))
}
