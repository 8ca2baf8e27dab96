//! Filling the staging folder: every folder once, then the files on all
//! cores. Nothing here touches the output folder itself; the swap does.

use super::output_guard::MARKER_FILE;
use super::previous_output::{DiskStamp, PreviousOutput, Recorded, content_of, holds};
use super::stop::StopRequest;
use crate::diagnostics::{Code, Diagnostic};
use crate::progress::StageCounter;
use crate::render::{OutputContent, OutputFile};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// What ended a parallel write early.
enum Halt {
    /// A stop was requested: the caller sees it and cleans up.
    Stopped,
    Failed(Diagnostic),
}

/// Writes every file under `staging` (created here), ticking `progress`
/// once per file; a file unchanged since `previous` is hard-linked from it
/// instead. Returns what the manifest records of each file (in the order of
/// `files`; `None` for one whose content or stamp could not be had).
/// Returns early, with the staging folder incomplete, when `stop` is
/// requested; the caller checks for that and removes it.
pub(super) fn fill_staging(
    files: &[OutputFile],
    staging: &Path,
    previous: Option<&PreviousOutput>,
    stop: &StopRequest,
    progress: &StageCounter<'_>,
) -> Result<Vec<Option<Recorded>>, Diagnostic> {
    std::fs::create_dir_all(staging).map_err(|e| cannot_write(&staging.display().to_string(), &e))?;
    // Every path is checked before anything is written.
    let targets = files
        .iter()
        .map(|file| {
            safe_join(staging, &file.path).ok_or_else(|| {
                Diagnostic::error(
                    Code::Output,
                    file.origin.to_string(),
                    format!("output path {:?} would leave the output folder", file.path),
                )
            })
        })
        .collect::<Result<Vec<PathBuf>, Diagnostic>>()?;
    // Each folder once (a site of 10,000 pages has 10,000 of them), parents
    // first, on one thread: folders made in one parent from several threads
    // queue on that parent's lock (on ext4, 10,000 took 2.9 s on two threads
    // against 0.6 s on one). The files, each in a folder of its own, are
    // written in parallel.
    let folders: BTreeSet<&Path> = targets.iter().filter_map(|t| t.parent()).filter(|d| *d != staging).collect();
    for dir in folders {
        std::fs::create_dir_all(dir).map_err(|e| cannot_write(&shown(staging, dir), &e))?;
    }
    let mut jobs = files.iter().zip(&targets);
    let mut recorded = Vec::with_capacity(files.len());
    if let Some((file, target)) = jobs.next() {
        recorded.push(place(file, target, previous)?);
        progress.tick();
        pause_for_tests(stop);
    }
    let rest: Vec<(&OutputFile, &PathBuf)> = jobs.collect();
    let written: Result<Vec<Option<Recorded>>, Halt> = rest
        .par_iter()
        .map(|(file, target)| {
            if stop.is_requested() {
                return Err(Halt::Stopped);
            }
            let r = place(file, target, previous).map_err(Halt::Failed)?;
            progress.tick();
            Ok(r)
        })
        .collect();
    match written {
        Ok(rest) => recorded.extend(rest),
        // Incomplete on purpose when stopped: the caller sees the request.
        Err(Halt::Stopped) => return Ok(Vec::new()),
        Err(Halt::Failed(d)) => return Err(d),
    }
    if stop.is_requested() {
        return Ok(Vec::new());
    }
    let marker = "This folder was written by dermis. `dermis build` replaces it as a whole.\n";
    std::fs::write(staging.join(MARKER_FILE), marker).map_err(|e| cannot_write(MARKER_FILE, &e))?;
    Ok(recorded)
}

/// Links `file` from the previous output when it is unchanged there, or
/// writes it.
fn place(file: &OutputFile, target: &Path, previous: Option<&PreviousOutput>) -> Result<Option<Recorded>, Diagnostic> {
    let content = content_of(file);
    if let (Some(previous), Some(content)) = (previous, content)
        && let Some(recorded) = previous.link_unchanged(&file.path, content, target)
    {
        return Ok(Some(recorded));
    }
    let meta = write_one(file, target)?;
    Ok(content.zip(DiskStamp::of(&meta)).map(|(content, disk)| Recorded { content, disk }))
}

/// Writes one file; returns its metadata as written.
fn write_one(file: &OutputFile, target: &Path) -> Result<std::fs::Metadata, Diagnostic> {
    match &file.content {
        OutputContent::Bytes(_) | OutputContent::Shared(_) => {
            let bytes = file.content.in_memory().unwrap_or_default();
            let fail = |e: std::io::Error| cannot_write(&file.path, &e);
            let mut out = std::fs::File::create(target).map_err(fail)?;
            out.write_all(bytes).map_err(fail)?;
            out.metadata().map_err(fail)
        }
        OutputContent::Copy(source) => {
            let fail = |e: std::io::Error| cannot_write(&file.origin.to_string(), &e);
            std::fs::copy(source, target).map_err(fail)?;
            std::fs::metadata(target).map_err(fail)
        }
        // Not linked (`place`): the file changed after render took it.
        OutputContent::Previous(previous) => {
            let fail = |e: std::io::Error| cannot_write(&file.path, &e);
            let bytes = std::fs::read(&previous.path).map_err(fail)?;
            if !holds(previous, &bytes) {
                return Err(Diagnostic::error(
                    Code::Output,
                    &file.path,
                    format!("{} changed while this build was running", previous.path.display()),
                )
                .with_help("leave the output folder alone during a build, and build again"));
            }
            let mut out = std::fs::File::create(target).map_err(fail)?;
            out.write_all(&bytes).map_err(fail)?;
            out.metadata().map_err(fail)
        }
    }
}

fn cannot_write(path: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(Code::Output, path, format!("cannot write output file: {e}"))
        .with_help("check the free space and the permissions of the folder the output goes in")
}

/// A folder of the staging tree as the output path it stands for.
fn shown(staging: &Path, dir: &Path) -> String {
    dir.strip_prefix(staging).map(|p| p.display().to_string()).unwrap_or_else(|_| dir.display().to_string())
}

/// Test-only (documented in README): with `DERMIS_TEST_PAUSE_AFTER_STAGING`
/// set, the writer waits after its first file until it is asked to stop (at
/// most a minute), so a test can signal a build that is surely mid-write.
fn pause_for_tests(stop: &StopRequest) {
    if std::env::var_os("DERMIS_TEST_PAUSE_AFTER_STAGING").is_none() {
        return;
    }
    let until = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !stop.is_requested() && std::time::Instant::now() < until {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

/// Joins a `/`-separated relative path, refusing anything that could climb out.
fn safe_join(base: &Path, rel: &str) -> Option<PathBuf> {
    if rel.is_empty() || rel.contains('\\') || rel.contains('\0') {
        return None;
    }
    let rel_path = Path::new(rel);
    if !rel_path.components().all(|c| matches!(c, Component::Normal(_))) {
        return None;
    }
    Some(base.join(rel_path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_left_in_the_previous_output_is_copied_when_it_holds_its_bytes_and_refused_when_it_changed() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let old = dir.path().join("old.html");
        std::fs::write(&old, "kept page").expect("file");
        let content =
            content_of(&OutputFile::bytes("a.html", b"kept page".to_vec(), crate::render::Origin::generated("a test")))
                .expect("content");
        let previous = std::sync::Arc::new(crate::render::PreviousFile {
            path: old.clone(),
            hash: content.hash,
            size: content.size,
        });
        let file = OutputFile {
            path: "a.html".into(),
            content: OutputContent::Previous(previous),
            origin: crate::render::Origin::generated("a test"),
        };
        let staging = dir.path().join("staging");
        fill_staging(std::slice::from_ref(&file), &staging, None, &StopRequest::new(), &StageCounter::none())
            .expect("written");
        assert_eq!(std::fs::read_to_string(staging.join("a.html")).expect("copied"), "kept page");
        std::fs::write(&old, "kept page, edited").expect("file");
        let again = dir.path().join("staging-2");
        let error = fill_staging(std::slice::from_ref(&file), &again, None, &StopRequest::new(), &StageCounter::none())
            .expect_err("a changed file is not written");
        assert!(error.message.contains("changed while this build was running"), "{}", error.message);
    }

    #[test]
    fn output_paths_cannot_climb() {
        let base = Path::new("/tmp/x");
        assert!(safe_join(base, "a/index.html").is_some());
        assert!(safe_join(base, "../etc/passwd").is_none());
        assert!(safe_join(base, "/etc/passwd").is_none());
        assert!(safe_join(base, "a\\..\\b").is_none());
    }

    #[test]
    fn every_file_lands_in_its_folder_and_a_bad_path_writes_nothing() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let staging = dir.path().join("staging");
        let files: Vec<OutputFile> = (0..200)
            .map(|i| {
                OutputFile::bytes(
                    format!("s{}/p{i}/index.html", i % 7),
                    format!("page {i}").into_bytes(),
                    crate::render::Origin::generated("a test"),
                )
            })
            .collect();
        fill_staging(&files, &staging, None, &StopRequest::new(), &StageCounter::none()).expect("written");
        for i in 0..200 {
            let text = std::fs::read_to_string(staging.join(format!("s{}/p{i}/index.html", i % 7))).expect("a file");
            assert_eq!(text, format!("page {i}"));
        }
        assert!(staging.join(MARKER_FILE).is_file());

        let other = dir.path().join("other");
        let mut bad = files.clone();
        bad.push(OutputFile::bytes("../escape.html", b"x".to_vec(), crate::render::Origin::generated("a test")));
        let err = fill_staging(&bad, &other, None, &StopRequest::new(), &StageCounter::none()).expect_err("refused");
        assert!(err.message.contains("would leave the output folder"), "{}", err.message);
        assert!(!dir.path().join("escape.html").exists());
        assert_eq!(std::fs::read_dir(&other).expect("staging made").count(), 0, "nothing written");
    }
}
