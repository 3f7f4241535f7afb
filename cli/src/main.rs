//! The `gazette` command: the archive's scriptable interface. Every command takes
//! `--archive DIR` and `--json`; it exits 0 on success and non-zero on any error, with
//! a one-line reason on stderr (and `{"error": {"kind", "message"}}` on stdout under
//! `--json`).

mod args;
mod bench;
mod commands;
mod output;
mod text;

use std::process::ExitCode;

use clap::Parser;
use gazette::Archive;

use args::{Cli, Command};
use output::Output;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // OCR runs in an import with --ocr, and in the import benchmark (on a scan).
    if matches!(
        cli.command,
        Command::Import { ocr: true, .. }
            | Command::Bench {
                what: args::Bench::Import { .. }
            }
    ) {
        gazette::ocr::limit_engine_threads();
    }
    let out = Output::new(cli.json);
    match try_main(&cli, &out) {
        Ok(code) => code,
        Err(e) => out.fail(&e),
    }
}

fn try_main(cli: &Cli, out: &Output) -> anyhow::Result<ExitCode> {
    let dir = match &cli.archive {
        Some(dir) => dir.clone(),
        None => Archive::default_dir()?,
    };
    match &cli.command {
        Command::Bench { what } => {
            bench::run(out, what)?;
            Ok(ExitCode::SUCCESS)
        }
        // Restoring replaces the archive, so it must not be open.
        Command::Restore { file } => commands::restore(out, &dir, file),
        command => {
            let archive = Archive::open_with_progress(&dir, &text::index_progress)?;
            commands::run(out, &archive, command)
        }
    }
}
