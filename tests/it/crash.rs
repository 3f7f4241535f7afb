//! Crash safety: an import killed with SIGKILL at any moment (extraction, parsing,
//! the SQLite transaction, the index commit) leaves an archive that opens, passes
//! `gazette check`, holds no partial issue and keeps every earlier issue; importing
//! the same file afterwards succeeds.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{fixture, gazette, json_of};
use gazette_bench::Rng;

/// Trials: enough to land kills in every stage of an import of a few seconds.
const TRIALS: u32 = 50;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

fn issue_numbers(archive: &Path) -> Vec<(String, i64)> {
    let issues = json_of(&gazette(archive, &["--json", "issues"]));
    issues["issues"]
        .as_array()
        .expect("issues")
        .iter()
        .map(|i| {
            (
                i["gazette"].as_str().unwrap_or_default().to_string(),
                i["documents"].as_i64().unwrap_or(-1),
            )
        })
        .collect()
}

#[test]
fn killed_imports_leave_a_sound_archive() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let template = tmp.path().join("template");
    let earlier = fixture("other/shandong-2019-17.pdf");
    let incoming = fixture("liaocheng-2018-08-1col.pdf");
    let out = gazette(&template, &["import", earlier.to_str().expect("utf-8")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let earlier_issues = issue_numbers(&template);
    assert_eq!(earlier_issues.len(), 1);

    // How long a whole import takes here, so kills spread over all of it.
    let timing = tmp.path().join("timing");
    copy_dir(&template, &timing);
    let started = Instant::now();
    let out = gazette(&timing, &["import", incoming.to_str().expect("utf-8")]);
    assert!(out.status.success());
    let full = started.elapsed();
    let complete = issue_numbers(&timing);

    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64);
    eprintln!("crash test: seed {seed}, a full import takes {full:?}");
    let mut rng = Rng::new(seed);
    let (mut killed, mut finished) = (0, 0);
    for trial in 0..TRIALS {
        let archive = tmp.path().join(format!("trial{trial}"));
        copy_dir(&template, &archive);
        let delay = Duration::from_micros(rng.below(full.as_micros() as usize * 11 / 10) as u64);
        let mut child = Command::new(env!("CARGO_BIN_EXE_gazette"))
            .arg("--archive")
            .arg(&archive)
            .arg("import")
            .arg(&incoming)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start import");
        std::thread::sleep(delay);
        match child.try_wait().expect("poll child") {
            Some(_) => finished += 1,
            None => {
                child.kill().expect("SIGKILL the import");
                killed += 1;
            }
        }
        child.wait().expect("reap child");

        let check = gazette(&archive, &["--json", "check"]);
        assert_eq!(
            json_of(&check)["ok"],
            true,
            "trial {trial} (seed {seed}, kill after {delay:?}): {}",
            String::from_utf8_lossy(&check.stdout)
        );
        let now = issue_numbers(&archive);
        assert!(
            now == earlier_issues || now == complete,
            "trial {trial} (seed {seed}, kill after {delay:?}): partial archive {now:?}"
        );
        let out = gazette(
            &archive,
            &["--json", "import", incoming.to_str().expect("utf-8")],
        );
        assert!(out.status.success(), "trial {trial}: re-import failed");
        assert_eq!(issue_numbers(&archive), complete, "trial {trial}");
        let hits = json_of(&gazette(&archive, &["--json", "search", "政务诚信"]));
        assert!(
            hits["total"].as_u64().unwrap_or(0) > 0,
            "trial {trial}: search lost"
        );
        std::fs::remove_dir_all(&archive).expect("clean up trial");
    }
    eprintln!("crash test: {killed} imports killed, {finished} finished before the kill");
    assert!(killed >= TRIALS / 2, "too few kills landed: {killed}");
}
