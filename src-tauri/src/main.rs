fn main() -> std::process::ExitCode {
    // Any import may turn out to be a scan the user has read by OCR.
    gazette::ocr::limit_engine_threads();
    match gazette_app::run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gazette-app: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
