//! The files of `content/` and `static/` as the last walk found them,
//! brought up to date from the paths a file watcher reported (`serve`), so
//! that a rebuild after one save does not walk and stat 10,000 files.
//!
//! The update is taken only where it is certain to give what a walk would:
//! every reported path that is a regular file, or nothing, or a file of
//! neither folder. Anything else — a folder created, renamed or replaced, a
//! symbolic link anywhere in the last walk, a walk that had problems to
//! report, or no list of paths at all (the watcher lost events) — walks
//! again.

use super::discovery::{self, Found};
use crate::diagnostics::Diagnostics;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The last walk's files, by site-relative path.
#[derive(Default)]
pub(super) struct Listing {
    /// Every file found, in the walk's order (then new files at the end).
    found: Vec<Found>,
    /// Where each path is in `found`.
    index: HashMap<String, usize>,
    /// Whether the files can be updated from reported paths (the last
    /// walk met no symbolic link and reported nothing).
    updatable: bool,
}

/// What [`Listing::files`] gives: the files, and which of them may have
/// changed since the last call (`None`: any of them).
pub(super) struct Files<'a> {
    pub(super) found: &'a [Found],
    pub(super) changed: Option<Vec<String>>,
}

impl Listing {
    /// The files of the site now: from the last walk updated by `changes`
    /// (absolute paths under `root`, as the watcher reports them) when that
    /// is certain to be right, else from a new walk, whose problems go to
    /// `diagnostics`.
    pub(super) fn files(
        &mut self,
        root: &Path,
        changes: Option<&[PathBuf]>,
        diagnostics: &mut Diagnostics,
    ) -> Files<'_> {
        let changed = match changes {
            Some(paths) if self.updatable => self.update(root, paths),
            _ => None,
        };
        if changed.is_none() {
            self.walk(root, diagnostics);
        }
        Files { found: &self.found, changed }
    }

    fn walk(&mut self, root: &Path, diagnostics: &mut Diagnostics) {
        let mut problems = Diagnostics::new();
        let walked = discovery::discover(root, &mut problems);
        self.updatable = problems.is_empty() && !walked.symlinks;
        diagnostics.extend(problems.into_vec());
        self.found = walked.files;
        self.reindex();
    }

    fn reindex(&mut self) {
        self.index = self.found.iter().enumerate().map(|(i, f)| (f.rel_path().to_string(), i)).collect();
    }

    /// Applies the reported paths; the site-relative paths of the files
    /// that may have changed, or `None` when only a walk can tell.
    fn update(&mut self, root: &Path, paths: &[PathBuf]) -> Option<Vec<String>> {
        let mut changed = Vec::new();
        let mut removed = false;
        for path in paths {
            let Some(rel) = site_file(root, path) else { continue };
            if rel == "content" || rel == "static" {
                return None;
            }
            match std::fs::symlink_metadata(path) {
                Ok(meta) if meta.file_type().is_file() => {
                    if !self.index.contains_key(&rel) {
                        let found = discovery::found_file(path.clone(), &rel)?;
                        self.index.insert(rel.clone(), self.found.len());
                        self.found.push(found);
                    }
                    changed.push(rel);
                }
                // A folder or a link: only a walk knows what it holds.
                Ok(_) => return None,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    // A file deleted, or a folder with every file in it.
                    let inside = format!("{rel}/");
                    let before = self.found.len();
                    self.found.retain(|f| f.rel_path() != rel && !f.rel_path().starts_with(&inside));
                    removed |= self.found.len() != before;
                    changed.push(rel);
                }
                Err(_) => return None,
            }
        }
        if removed {
            self.reindex();
        }
        Some(changed)
    }
}

/// The site-relative path of `path` when it can be a file a walk of
/// `content/` or `static/` finds (no part of it an editor's dropping).
fn site_file(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let rel = discovery::slash_path(rel);
    let mut parts = rel.split('/');
    if !matches!(parts.next(), Some("content" | "static")) {
        return None;
    }
    if parts.any(discovery::is_editor_dropping) {
        return None;
    }
    Some(rel)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in [("content/a.md", "a"), ("content/sub/b.md", "b"), ("static/logo.svg", "<svg/>")] {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    fn paths(listing: &Listing) -> Vec<String> {
        let mut paths: Vec<String> = listing.found.iter().map(|f| f.rel_path().to_string()).collect();
        paths.sort();
        paths
    }

    /// Whatever the update gives is what a walk gives.
    fn assert_as_walked(listing: &Listing, root: &Path) {
        let mut walked = Listing::default();
        walked.files(root, None, &mut Diagnostics::new());
        assert_eq!(paths(listing), paths(&walked));
    }

    #[test]
    fn reported_files_update_the_last_walk() {
        let dir = site();
        let root = dir.path();
        let mut listing = Listing::default();
        assert!(listing.files(root, Some(&[]), &mut Diagnostics::new()).changed.is_none(), "the first load walks");
        std::fs::write(root.join("content/new.md"), "new").unwrap();
        std::fs::remove_file(root.join("content/a.md")).unwrap();
        let reported = [root.join("content/new.md"), root.join("content/a.md"), root.join("content/.new.md.swp")];
        let files = listing.files(root, Some(&reported), &mut Diagnostics::new());
        assert_eq!(files.changed.as_deref(), Some(&["content/new.md".to_string(), "content/a.md".to_string()][..]));
        assert_as_walked(&listing, root);
        // A folder deleted with its files: every file in it goes.
        std::fs::remove_dir_all(root.join("content/sub")).unwrap();
        assert!(listing.files(root, Some(&[root.join("content/sub")]), &mut Diagnostics::new()).changed.is_some());
        assert_as_walked(&listing, root);
    }

    #[test]
    fn a_folder_reported_or_a_link_in_the_site_means_a_walk() {
        let dir = site();
        let root = dir.path();
        let mut listing = Listing::default();
        listing.files(root, None, &mut Diagnostics::new());
        std::fs::create_dir_all(root.join("content/moved")).unwrap();
        std::fs::write(root.join("content/moved/c.md"), "c").unwrap();
        let files = listing.files(root, Some(&[root.join("content/moved")]), &mut Diagnostics::new());
        assert!(files.changed.is_none(), "a folder: only a walk knows what it holds");
        assert_as_walked(&listing, root);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.join("content/sub"), root.join("content/linked")).unwrap();
            listing.files(root, None, &mut Diagnostics::new());
            // A change under the link's target is also one under the link.
            std::fs::write(root.join("content/sub/d.md"), "d").unwrap();
            let files = listing.files(root, Some(&[root.join("content/sub/d.md")]), &mut Diagnostics::new());
            assert!(files.changed.is_none(), "a site with a symbolic link is walked every time");
            assert_as_walked(&listing, root);
        }
    }
}
