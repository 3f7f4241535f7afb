//! How the window's web view is set up to hold little memory. A WebKitGTK window costs
//! far more than the app's own data: most of the whole app's memory is WebKit's web
//! process and the graphics stack it loads. Each setting here was kept because
//! `scripts/bench-startup.sh` showed it lowering the whole app's memory (README, "Start-up
//! and memory"); only Linux has WebKitGTK.

/// WebKit's switch for drawing pages without accelerated compositing.
#[cfg(target_os = "linux")]
const NO_COMPOSITING: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// Run first thing, before anything starts WebKit: its processes read this once at start.
///
/// Accelerated compositing loads an OpenGL stack into the app and into the web process
/// (Mesa, and with it LLVM, where the machine has no GPU driver of its own): about half
/// of the app's memory with a small archive. The app's pages are text, lists and a
/// pdf.js canvas, which draw in software as quickly. A value the user set is left alone,
/// so `WEBKIT_DISABLE_COMPOSITING_MODE=0` turns compositing back on.
pub fn before_start() {
    #[cfg(target_os = "linux")]
    if std::env::var_os(NO_COMPOSITING).is_none() {
        // Called before the app starts any thread, so nothing reads the environment meanwhile.
        std::env::set_var(NO_COMPOSITING, "1");
    }
}
