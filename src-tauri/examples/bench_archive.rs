//! Builds an archive of many issues for the startup benchmark (scripts/bench-startup.sh).
//! The PDF is parsed once by the core and written COUNT times through the store, as
//! issues numbered 1–12 of successive years, each with its own copy of the PDF as a
//! real archive would hold. The archive is then reopened, which builds the search index,
//! so that the benchmark times an ordinary start, not a first-time index build. An
//! archive in DIR that already holds COUNT issues is kept as it is: a large one takes
//! minutes to write, and the benchmark only reads it.
//!
//!     cargo run -p gazette-app --example bench_archive -- DIR COUNT PDF

use std::path::PathBuf;

use gazette::{extract, import, parse, store, Archive};
use sha2::{Digest, Sha256};

const USAGE: &str = "usage: bench_archive DIR COUNT PDF";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().ok_or(USAGE)?);
    let count: i32 = args.next().ok_or(USAGE)?.parse()?;
    let pdf = PathBuf::from(args.next().ok_or(USAGE)?);

    let existing = Archive::open(&dir)?.issues()?.len();
    if existing == usize::try_from(count)? {
        println!("{}: {existing} issues already, kept", dir.display());
        return Ok(());
    }
    if existing != 0 {
        return Err(format!(
            "{} holds {existing} issues, not {count}; name an empty folder",
            dir.display()
        )
        .into());
    }
    let db = Archive::database_path(&dir);

    let bytes = std::fs::read(&pdf)?;
    let mut parsed = parse::parse_issue(&extract::extract_pages(&bytes, None)?)?;
    let mut conn = import::open_store(&db)?;
    let tx = conn.transaction()?;
    for i in 0..count {
        parsed.year = 2026 - i / 12;
        parsed.number = 12 - i % 12;
        parsed.serial = Some(1000 - i);
        // Bytes after %%EOF are ignored by PDF readers: a distinct file, the same pages.
        let mut copy = bytes.clone();
        copy.extend_from_slice(format!("\n% benchmark copy {i}\n").as_bytes());
        let sha256: String = Sha256::digest(&copy)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let file_name = format!("bench-{}-{:02}.pdf", parsed.year, parsed.number);
        import::write_parsed(
            &tx,
            &parsed,
            &store::SourcePdf {
                bytes: &copy,
                sha256: &sha256,
                file_name: &file_name,
            },
        )?;
    }
    tx.commit()?;

    let archive = Archive::open(&dir)?;
    let documents: u32 = archive.issues()?.iter().map(|i| i.documents).sum();
    println!(
        "{}: {} issues, {documents} documents",
        dir.display(),
        archive.issues()?.len()
    );
    Ok(())
}
