//! The thread limit of the OpenMP runtime Debian's Tesseract is built with. An OCR
//! import already reads one page per core; OpenMP's own threads on top of that
//! oversubscribe the cores and make it markedly slower (README, OCR). The runtime reads
//! its limit once, when the program loads, before `main` could set it, so a program
//! that may run OCR starts itself again with the limit in its environment.

/// The environment variable OpenMP reads its thread limit from.
const LIMIT: &str = "OMP_THREAD_LIMIT";

/// Replaces the running program by itself, with the same arguments and OpenMP limited
/// to one thread, unless the limit is set already. Call it first thing in `main`,
/// before any thread starts. Should the new start fail, the program carries on as it
/// is, only slower at OCR.
pub fn limit_engine_threads() {
    use std::os::unix::process::CommandExt;
    if std::env::var_os(LIMIT).is_some() {
        return;
    }
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    // `exec` returns only when it fails.
    let _ = std::process::Command::new(exe)
        .args(std::env::args_os().skip(1))
        .env(LIMIT, "1")
        .exec();
}
