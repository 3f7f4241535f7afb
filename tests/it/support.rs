//! What the test modules share: where the fixtures are, running the `gazette`
//! command, reading its JSON, and snapshots of an archive directory.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use gazette::model::ParsedIssue;
use gazette::{import, store, Archive};
use serde_json::Value;

/// The repository root (the test binary belongs to `cli/`, one level down).
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the cli crate sits inside the repository")
}

/// A file under `tests/fixtures`.
pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// The bytes of a file under `tests/fixtures`.
pub fn fixture_bytes(name: &str) -> Vec<u8> {
    let path = fixture(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Runs `gazette --archive ARCHIVE ARGS…`.
pub fn gazette(archive: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gazette"))
        .arg("--archive")
        .arg(archive)
        .args(args)
        .output()
        .expect("the gazette binary runs")
}

/// Runs `gazette --archive ARCHIVE ARGS…` and panics with its stderr unless it succeeds.
pub fn gazette_ok(archive: &Path, args: &[&str]) -> Output {
    let out = gazette(archive, args);
    assert!(
        out.status.success(),
        "gazette {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The command's stdout as JSON, or a panic showing what it printed instead.
pub fn json_of(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

/// Every file below `dir` with its bytes, to prove that a failure changed nothing.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("archive file is readable");
                files.insert(path, bytes);
            }
        }
    }
    files
}

/// Writes parsed issues straight into the archive database in `dir`, as an import
/// does but without a PDF and without touching the index (opening the archive
/// afterwards must notice). Each issue's stand-in PDF is its identity.
pub fn write_issues(dir: &Path, issues: &[ParsedIssue]) {
    std::fs::create_dir_all(dir).expect("archive dir");
    let mut conn = import::open_store(&Archive::database_path(dir)).expect("open archive db");
    for issue in issues {
        let tag = format!("{}-{}-{}", issue.gazette, issue.year, issue.number);
        let tx = conn.transaction().expect("transaction");
        let pdf = store::SourcePdf {
            bytes: tag.as_bytes(),
            sha256: &tag,
            file_name: "test.pdf",
        };
        import::write_parsed(&tx, issue, &pdf).expect("write issue");
        tx.commit().expect("commit");
    }
}

/// Draws `content` on `page` of `doc`, beneath what the page draws already or over it,
/// as a content stream of its own (the page's resources must hold what it names).
pub fn draw_on_page(
    doc: &mut lopdf::Document,
    page: lopdf::ObjectId,
    content: String,
    beneath: bool,
) {
    use lopdf::{Dictionary, Object, Stream};
    let added =
        Object::Reference(doc.add_object(Stream::new(Dictionary::new(), content.into_bytes())));
    let dict = doc.get_dictionary_mut(page).expect("page");
    let mut contents = match dict
        .get(b"Contents")
        .expect("the page has contents")
        .clone()
    {
        Object::Array(parts) => parts,
        one => vec![one],
    };
    if beneath {
        contents.insert(0, added);
    } else {
        contents.push(added);
    }
    dict.set("Contents", contents);
}
