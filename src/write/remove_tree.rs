//! Removing a previous output tree on all cores: a site of 10,000 pages
//! leaves 20,000 entries to unlink, and `remove_dir_all` does them one by
//! one after the new output is already in place.

use rayon::prelude::*;
use std::path::Path;

/// Removes `dir` and everything under it, as far as it can (what cannot be
/// removed stays, as with `remove_dir_all`; the next build clears leftovers).
/// Links are removed, never followed.
pub(super) fn remove_tree(dir: &Path) {
    remove_contents(dir);
    let _ = std::fs::remove_dir(dir);
}

/// The files of a folder on one thread (they share the folder's lock), its
/// subfolders in parallel (each has its own).
fn remove_contents(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut folders = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        match entry.file_type() {
            Ok(kind) if kind.is_dir() => folders.push(entry.path()),
            _ => {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    folders.par_iter().for_each(|folder| remove_contents(folder));
    for folder in folders {
        let _ = std::fs::remove_dir(folder);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_a_deep_tree_but_not_what_a_link_points_to() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let tree = dir.path().join("old");
        for i in 0..50 {
            let sub = tree.join(format!("a{}/b{i}", i % 5));
            std::fs::create_dir_all(&sub).expect("folder");
            std::fs::write(sub.join("index.html"), "x").expect("file");
        }
        let kept = dir.path().join("kept");
        std::fs::create_dir(&kept).expect("folder");
        std::fs::write(kept.join("precious.txt"), "keep me").expect("file");
        #[cfg(unix)]
        std::os::unix::fs::symlink(&kept, tree.join("link")).expect("link");
        remove_tree(&tree);
        assert!(!tree.exists());
        assert_eq!(std::fs::read_to_string(kept.join("precious.txt")).expect("still there"), "keep me");
    }
}
