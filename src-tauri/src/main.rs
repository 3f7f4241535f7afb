fn main() -> std::process::ExitCode {
    match gazette_app::run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gazette-app: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
