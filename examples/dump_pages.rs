//! Prints the pages `extract` reads from a PDF as JSON, for inspecting what the
//! parser receives: `cargo run --release --example dump_pages -- FILE.pdf [PASSWORD]`.

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: dump_pages FILE.pdf [PASSWORD]");
        return ExitCode::from(2);
    };
    let password = args.next();
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    match gazette::extract::extract_pages(&bytes, password.as_deref()) {
        Ok(pages) => match serde_json::to_string_pretty(&pages) {
            Ok(json) => {
                println!("{json}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("{path}: cannot write JSON: {e}");
                ExitCode::FAILURE
            }
        },
        Err(e) => {
            eprintln!("{path}: {} ({})", e, e.kind);
            ExitCode::FAILURE
        }
    }
}
