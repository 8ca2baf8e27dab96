//! One writer per output folder (bad-inputs row 56, Hugo #9162): an
//! exclusive OS file lock on `.<name>.dermis-lock` beside the output. The
//! kernel releases it when its holder ends, however it ends, so a lock is
//! never "stale" and never taken over while its holder lives.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read as _, Seek as _, Write as _};
use std::path::{Path, PathBuf};

/// Held while a build writes; released (and its file removed) on drop.
#[derive(Debug)]
pub(super) struct BuildLock {
    file: File,
    path: PathBuf,
}

/// Why the lock could not be taken.
#[derive(Debug)]
pub(super) enum LockError {
    /// Another live build holds it; its process id when it was readable.
    Held(Option<u32>),
    /// The lock file could not be created or locked.
    Io(String),
}

impl BuildLock {
    /// Takes the lock for the output folder `name` in `parent`, or fails at
    /// once when another build holds it.
    pub(super) fn acquire(parent: &Path, name: &str) -> Result<BuildLock, LockError> {
        let path = parent.join(format!(".{name}.dermis-lock"));
        let io = |e: std::io::Error| LockError::Io(format!("cannot take the build lock {}: {e}", path.display()));
        // A holder removes the file just before it lets go; a file opened
        // in that moment is locked in vain, so check it is still the one on disk.
        for _ in 0..16 {
            let mut file =
                OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&path).map_err(io)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => return Err(LockError::Held(holder(&mut file))),
                Err(TryLockError::Error(e)) => return Err(io(e)),
            }
            if !is_on_disk(&file, &path) {
                continue;
            }
            // For people looking at the folder; the OS lock is what counts.
            let _ = file.set_len(0).and_then(|()| write!(file, "{}", std::process::id()));
            return Ok(BuildLock { file, path });
        }
        Err(LockError::Io(format!("cannot take the build lock {}: it keeps being replaced", path.display())))
    }
}

impl Drop for BuildLock {
    fn drop(&mut self) {
        // Removed while still locked; `file` is closed (unlocked) after this.
        if cfg!(unix) {
            let _ = std::fs::remove_file(&self.path);
        }
        let _ = self.file.unlock();
    }
}

/// The process id written by the holder, when it has written it yet.
fn holder(file: &mut File) -> Option<u32> {
    let mut text = String::new();
    file.rewind().ok()?;
    file.read_to_string(&mut text).ok()?;
    text.trim().parse().ok()
}

#[cfg(unix)]
fn is_on_disk(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(open), Ok(disk)) => open.dev() == disk.dev() && open.ino() == disk.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn is_on_disk(_file: &File, path: &Path) -> bool {
    // The file is never removed on these systems.
    path.exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_held_lock_is_never_taken_over_even_while_its_file_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        let held = BuildLock::acquire(dir.path(), "public").unwrap();
        // The moment between creating the file and writing the pid.
        std::fs::write(dir.path().join(".public.dermis-lock"), "").unwrap();
        assert!(matches!(BuildLock::acquire(dir.path(), "public"), Err(LockError::Held(None))));
        drop(held);
        assert!(!dir.path().join(".public.dermis-lock").exists());
        let again = BuildLock::acquire(dir.path(), "public").unwrap();
        assert!(matches!(
            BuildLock::acquire(dir.path(), "public"),
            Err(LockError::Held(Some(pid))) if pid == std::process::id()
        ));
        drop(again);
    }

    #[test]
    fn a_lock_file_without_a_holder_is_taken() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".public.dermis-lock"), "1").unwrap();
        assert!(BuildLock::acquire(dir.path(), "public").is_ok());
    }

    #[test]
    fn each_output_folder_has_its_own_lock() {
        let dir = tempfile::tempdir().unwrap();
        let _one = BuildLock::acquire(dir.path(), "one").unwrap();
        assert!(BuildLock::acquire(dir.path(), "two").is_ok());
    }
}
