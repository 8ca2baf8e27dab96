//! Write everything to a sibling staging folder, then rename it into place.

use super::output_guard::{MARKER_FILE, resolve_path};
use crate::diagnostics::{Code, Diagnostic};
use crate::render::{OutputContent, OutputFile};
use std::path::{Component, Path, PathBuf};

/// Writes `files` as the new content of `out`, replacing it only on success.
/// Call [`super::check_output_dir`] first.
pub fn write_site(files: &[OutputFile], out: &Path) -> Result<(), Diagnostic> {
    let out = resolve_path(out);
    let shown = out.display().to_string();
    let io_error = |what: String| Diagnostic::error(Code::Output, &shown, what);
    let parent = out.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
    std::fs::create_dir_all(&parent).map_err(|e| io_error(format!("cannot create {}: {e}", parent.display())))?;
    let pid = std::process::id();
    let staging = parent.join(format!(".{name}.dermis-staging-{pid}"));
    let old = parent.join(format!(".{name}.dermis-old-{pid}"));
    let _lock = BuildLock::acquire(&parent, &name).map_err(io_error)?;
    remove_stale(&parent, &name);
    if let Err(e) = fill_staging(files, &staging) {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    let had_old = out.exists();
    if had_old {
        std::fs::rename(&out, &old).map_err(|e| {
            let _ = std::fs::remove_dir_all(&staging);
            io_error(format!("cannot move the previous output aside: {e}"))
        })?;
    }
    if let Err(e) = std::fs::rename(&staging, &out) {
        if had_old {
            let _ = std::fs::rename(&old, &out);
        }
        let _ = std::fs::remove_dir_all(&staging);
        return Err(io_error(format!("cannot move the new output into place: {e}")));
    }
    if had_old {
        let _ = std::fs::remove_dir_all(&old);
    }
    Ok(())
}

/// One writer per output folder: two builds at once (two terminals, or a
/// build beside `serve`) would otherwise race on the swap (Hugo #9162).
struct BuildLock {
    path: PathBuf,
}

impl BuildLock {
    fn acquire(parent: &Path, name: &str) -> Result<BuildLock, String> {
        let path = parent.join(format!(".{name}.dermis-lock"));
        for _ in 0..2 {
            match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(mut file) => {
                    use std::io::Write as _;
                    let _ = write!(file, "{}", std::process::id());
                    return Ok(BuildLock { path });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let holder = std::fs::read_to_string(&path).unwrap_or_default();
                    if process_is_alive(holder.trim()) {
                        return Err(format!(
                            "another dermis build (process {}) is writing this output folder; wait for it to finish",
                            holder.trim()
                        ));
                    }
                    // Left by a build that was killed: take it over.
                    let _ = std::fs::remove_file(&path);
                }
                Err(e) => return Err(format!("cannot create the build lock {}: {e}", path.display())),
            }
        }
        Err(format!("cannot take the build lock {}", path.display()))
    }
}

impl Drop for BuildLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Whether a process id is running; where that cannot be known, a lock
/// whose holder is unreadable counts as stale.
fn process_is_alive(pid: &str) -> bool {
    let Ok(pid) = pid.parse::<u32>() else { return false };
    if pid == std::process::id() {
        return false;
    }
    Path::new("/proc").is_dir() && Path::new("/proc").join(pid.to_string()).exists()
}

/// Staging folders left by a build that was killed.
fn remove_stale(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    let prefixes = [format!(".{name}.dermis-staging-"), format!(".{name}.dermis-old-")];
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if prefixes.iter().any(|p| file_name.starts_with(p.as_str())) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fn fill_staging(files: &[OutputFile], staging: &Path) -> Result<(), Diagnostic> {
    let fail =
        |path: &str, e: std::io::Error| Diagnostic::error(Code::Output, path, format!("cannot write output file: {e}"));
    std::fs::create_dir_all(staging).map_err(|e| fail(&staging.display().to_string(), e))?;
    for file in files {
        let Some(target) = safe_join(staging, &file.path) else {
            return Err(Diagnostic::error(
                Code::Output,
                file.origin.to_string(),
                format!("output path {:?} would leave the output folder", file.path),
            ));
        };
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).map_err(|e| fail(&file.path, e))?;
        }
        match &file.content {
            OutputContent::Bytes(_) | OutputContent::Shared(_) => {
                let bytes = file.content.in_memory().unwrap_or_default();
                std::fs::write(&target, bytes).map_err(|e| fail(&file.path, e))?;
            }
            OutputContent::Copy(source) => {
                std::fs::copy(source, &target).map_err(|e| fail(&file.origin.to_string(), e))?;
            }
        }
    }
    let marker = "This folder was written by dermis. `dermis build` replaces it as a whole.\n";
    std::fs::write(staging.join(MARKER_FILE), marker).map_err(|e| fail(MARKER_FILE, e))
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
    fn output_paths_cannot_climb() {
        let base = Path::new("/tmp/x");
        assert!(safe_join(base, "a/index.html").is_some());
        assert!(safe_join(base, "../etc/passwd").is_none());
        assert!(safe_join(base, "/etc/passwd").is_none());
        assert!(safe_join(base, "a\\..\\b").is_none());
    }
}
