//! The one place the command writes results and errors: one JSON document on stdout
//! under `--json`, text otherwise; an error as a one-line reason on stderr (and as
//! `{"error": {"kind", "message"}}` on stdout under `--json`). A reader that closes
//! the pipe early (`gazette search … | head`) ends the command quietly.

use std::io::{self, Write};
use std::process::ExitCode;

use gazette::ErrorKind;
use serde::Serialize;
use serde_json::json;

/// Where results go, chosen once by `--json`.
pub struct Output {
    json: bool,
}

impl Output {
    pub fn new(json: bool) -> Output {
        Output { json }
    }

    /// Whether results are JSON.
    pub fn is_json(&self) -> bool {
        self.json
    }

    /// One result: `value` as JSON under `--json`, otherwise what `text` writes.
    pub fn emit<T: Serialize + ?Sized>(
        &self,
        value: &T,
        text: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> anyhow::Result<()> {
        if self.json {
            let mut out = io::stdout().lock();
            serde_json::to_writer_pretty(&mut out, value)?;
            writeln!(out)?;
            Ok(out.flush()?)
        } else {
            self.text(text)
        }
    }

    /// Text that is written whatever the format: progress lines of a text run, or a
    /// document that is already in its final form.
    pub fn text(&self, text: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> anyhow::Result<()> {
        let mut out = io::stdout().lock();
        text(&mut out)?;
        Ok(out.flush()?)
    }

    /// Reports a failure and gives the exit code. A closed stdout is not a failure:
    /// whoever read the output has all they wanted.
    pub fn fail(&self, error: &anyhow::Error) -> ExitCode {
        if closed_pipe(error) {
            return ExitCode::SUCCESS;
        }
        let (kind, message) = match error.downcast_ref::<gazette::Error>() {
            Some(e) => (e.kind(), e.message().to_string()),
            None => (ErrorKind::Internal, format!("{error:#}")),
        };
        // Nothing more can be reported if stderr or stdout is gone too.
        let _ = writeln!(io::stderr(), "gazette: {message}");
        if self.json {
            let body = json!({"error": {"kind": kind.as_str(), "message": message}});
            let _ = writeln!(io::stdout(), "{body}");
        }
        ExitCode::FAILURE
    }
}

fn closed_pipe(error: &anyhow::Error) -> bool {
    let kind = match (
        error.downcast_ref::<io::Error>(),
        error.downcast_ref::<serde_json::Error>(),
    ) {
        (Some(e), _) => Some(e.kind()),
        (None, Some(e)) => e.io_error_kind(),
        (None, None) => None,
    };
    kind == Some(io::ErrorKind::BrokenPipe)
}
