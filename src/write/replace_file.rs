//! Replacing a file whole: the new bytes go to a temporary file beside it,
//! renamed over it once complete, so a reader never sees half a file. The
//! temporary file is removed on every error; one left by a process that was
//! killed before its rename is removed by the next writer of the same file.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The marker between a file's name and the writer's process id.
const TEMPORARY: &str = ".tmp-";

/// Writes `bytes` to `path`, replacing what was there only once all of
/// them are on disk. On an error `path` is as it was and no temporary file
/// is left.
pub(crate) fn replace_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    remove_abandoned_temporaries(path);
    let temporary = temporary_of(path, std::process::id());
    let written = std::fs::write(&temporary, bytes).and_then(|()| std::fs::rename(&temporary, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

fn temporary_of(path: &Path, pid: u32) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(format!("{TEMPORARY}{pid}"));
    PathBuf::from(name)
}

/// Removes the temporary files of `path` whose writer is no longer running
/// (it was killed between writing and renaming). Where a process cannot be
/// looked up (no `/proc`), nothing is removed.
fn remove_abandoned_temporaries(path: &Path) {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else { return };
    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut prefix: OsString = name.to_owned();
    prefix.push(TEMPORARY);
    let prefix = prefix.to_string_lossy().into_owned();
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name();
        let Some(pid) = file_name.to_str().and_then(|n| n.strip_prefix(prefix.as_str())) else { continue };
        let Ok(pid) = pid.parse::<u32>() else { continue };
        if pid != std::process::id() && process_has_ended(pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether process `pid` has certainly ended.
fn process_has_ended(pid: u32) -> bool {
    let proc = Path::new("/proc");
    proc.join("self").exists() && !proc.join(pid.to_string()).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_replaced_whole_and_no_temporary_file_is_left() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("cache.bin");
        replace_file(&path, b"one").unwrap_or_else(|e| panic!("{e}"));
        replace_file(&path, b"two").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(std::fs::read(&path).unwrap_or_default(), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["cache.bin"]);
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("cache.bin");
        std::fs::write(&path, b"old").unwrap_or_else(|e| panic!("{e}"));
        // The rename fails: the target is now a folder that is not empty.
        let folder = dir.path().join("folder");
        std::fs::create_dir_all(folder.join("inside")).unwrap_or_else(|e| panic!("{e}"));
        assert!(replace_file(&folder, b"new").is_err());
        assert!(!temporary_of(&folder, std::process::id()).exists(), "the temporary file is removed");
        // The write fails: its folder does not exist.
        assert!(replace_file(&dir.path().join("missing/cache.bin"), b"new").is_err());
        assert_eq!(std::fs::read(&path).unwrap_or_default(), b"old");
    }

    #[cfg(unix)]
    #[test]
    fn a_temporary_file_of_a_writer_that_was_killed_is_removed_by_the_next() {
        if !Path::new("/proc/self").exists() {
            return;
        }
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("cache.bin");
        // A process that has ended (its id is not running), and this one's
        // parent, which is still running.
        let mut child = std::process::Command::new("true").spawn().unwrap_or_else(|e| panic!("{e}"));
        let ended = child.id();
        child.wait().unwrap_or_else(|e| panic!("{e}"));
        let running = std::os::unix::process::parent_id();
        std::fs::write(temporary_of(&path, ended), b"half").unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(temporary_of(&path, running), b"busy").unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(dir.path().join("other.bin.tmp-1"), b"not ours").unwrap_or_else(|e| panic!("{e}"));
        replace_file(&path, b"whole").unwrap_or_else(|e| panic!("{e}"));
        assert!(!temporary_of(&path, ended).exists(), "abandoned");
        assert!(temporary_of(&path, running).exists(), "its writer still runs");
        assert!(dir.path().join("other.bin.tmp-1").exists(), "another file's");
    }
}
