//! Write everything to a sibling staging folder, then rename it into place.

use super::build_lock::{BuildLock, LockError};
use super::output_guard::{check_replaceable, resolve_path};
use super::previous_output::{PreviousOutput, Recorded, RenderKeys, manifest_path, write_manifest};
use super::remove_tree::remove_tree;
use super::staging::fill_staging;
use super::stop::StopRequest;
use crate::diagnostics::{Code, Diagnostic};
use crate::progress::StageCounter;
use crate::render::OutputFile;
use std::path::{Path, PathBuf};

/// Writes `files` as the new content of `out`, replacing it only on
/// success (call [`super::check_output_dir`] first), stopping between
/// files when `stop` is requested: the
/// staging folder and the lock are removed and the previous output is left
/// exactly as it was. Once the swap has begun it is finished. Each written
/// file ticks `progress`. Files unchanged since the previous build are
/// hard-linked from it (see `previous_output`), whose manifest is kept in
/// the cache folder with the render keys of the pages (without a cache
/// folder, every file is written and no manifest kept).
pub(crate) fn write_site_until(
    files: &[OutputFile],
    out: &Path,
    cache: Option<(&Path, &RenderKeys)>,
    stop: &StopRequest,
    progress: &StageCounter<'_>,
) -> Result<(), Diagnostic> {
    let _busy = stop.busy();
    let shown = out.display().to_string();
    let io_error = |what: String| Diagnostic::error(Code::Output, &shown, what);
    if stop.is_requested() {
        return Err(stopped(&shown));
    }
    let target = resolve_path(out);
    let parent = target.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
    std::fs::create_dir_all(&parent).map_err(|e| {
        io_error(format!("cannot create {}: {e}", parent.display()))
            .with_help("check that the folder the output goes in can be created")
    })?;
    let pid = std::process::id();
    let staging = parent.join(format!(".{name}.dermis-staging-{pid}"));
    let old = parent.join(format!(".{name}.dermis-old-{pid}"));
    let _lock = BuildLock::acquire(&parent, &name).map_err(|e| match e {
        LockError::Held(pid) => {
            let by = pid.map(|p| format!(" (process {p})")).unwrap_or_default();
            io_error(format!("another dermis build{by} is writing this output folder; wait for it to finish"))
                .with_help("run one build at a time for one output folder, or pass another --output")
        }
        LockError::Io(why) => io_error(why).with_help("check the permissions of the folder the output goes in"),
    })?;
    // Again under the lock: the path may have changed since the build began.
    check_replaceable(out)?;
    // Only the lock holder may remove these: no other build is writing.
    remove_stale(&parent, &name);
    // Only an output that is dermis's own (checked above) is reused from.
    // Without a cache folder (`--no-cache`) every file is written afresh.
    let manifest = cache.map(|(dir, _)| manifest_path(dir, &target));
    let previous = manifest.as_ref().and_then(|manifest| PreviousOutput::read(&target, manifest));
    let filled = fill_staging(files, &staging, previous.as_ref(), stop, progress).and_then(|recorded| {
        match stop.is_requested() {
            true => Err(stopped(&shown)),
            false => Ok(recorded),
        }
    });
    let recorded = match filled {
        Ok(recorded) => recorded,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    let had_old = swap(&target, &staging, &old, &shown)?;
    // The new output is in place: describe it for the next build (without
    // a manifest, that build simply writes every file).
    let listed: Vec<(&str, Recorded)> =
        files.iter().zip(recorded).filter_map(|(f, r)| r.map(|r| (f.path.as_str(), r))).collect();
    if let (Some((dir, renders)), Some(manifest)) = (cache, &manifest)
        && std::fs::create_dir_all(dir).and_then(|()| write_manifest(manifest, &listed, renders)).is_err()
    {
        let _ = std::fs::remove_file(manifest);
    }
    if had_old {
        remove_tree(&old);
    }
    Ok(())
}

/// Moves the previous output aside and the staging folder into its place;
/// on failure puts the previous output back. Returns whether there was one.
fn swap(target: &Path, staging: &Path, old: &Path, shown: &str) -> Result<bool, Diagnostic> {
    let io_error = |what: String| Diagnostic::error(Code::Output, shown, what);
    let had_old = target.exists();
    if had_old {
        std::fs::rename(target, old).map_err(|e| {
            let _ = std::fs::remove_dir_all(staging);
            io_error(format!("cannot move the previous output aside: {e}"))
                .with_help("check the permissions of the output folder and of the folder it is in")
        })?;
    }
    if let Err(e) = std::fs::rename(staging, target) {
        if had_old {
            let _ = std::fs::rename(old, target);
        }
        let _ = std::fs::remove_dir_all(staging);
        return Err(io_error(format!("cannot move the new output into place: {e}"))
            .with_help("check the permissions of the folder the output goes in"));
    }
    Ok(had_old)
}

fn stopped(shown: &str) -> Diagnostic {
    Diagnostic::error(
        Code::Output,
        shown,
        "the build was stopped before the new output was in place; the previous output is unchanged",
    )
    .with_help("run the build again")
}

/// Staging folders and old outputs left by a build that was killed.
fn remove_stale(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    let prefixes = [format!(".{name}.dermis-staging-"), format!(".{name}.dermis-old-")];
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if prefixes.iter().any(|p| file_name.starts_with(p.as_str())) {
            match entry.file_type() {
                Ok(kind) if kind.is_dir() => remove_tree(&entry.path()),
                _ => {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
    }
}
