//! Walking `content/` and `static/`: which files are sources, which are
//! assets, which are editor droppings. Symlinks are followed only while they
//! stay inside the site; loops are reported, never walked.

use super::source_file::Asset;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// A file found under `content/` or `static/`.
pub(super) enum Found {
    /// A `.md` file of `content/`.
    Markdown { path: PathBuf, rel_path: String },
    /// Anything else worth copying.
    Asset(Asset),
}

/// True for the temporary and backup files editors and systems leave next
/// to real ones (vim, emacs, JetBrains, kate, macOS, Windows).
pub(crate) fn is_editor_dropping(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
        || name == "Thumbs.db"
        || name.contains("___jb_")
        || [".swp", ".swx", ".swo", ".bck", ".bak", ".tmp", ".kate-swp"].iter().any(|ext| name.ends_with(ext))
}

pub(super) fn discover(root: &Path, diagnostics: &mut Diagnostics) -> Vec<Found> {
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut found = Vec::new();
    for (folder, is_content) in [("content", true), ("static", false)] {
        let dir = root.join(folder);
        if dir.exists() && !dir.is_dir() {
            diagnostics.push(
                Diagnostic::error(Code::Io, folder, format!("this is a file, but dermis reads {folder}/ as a folder"))
                    .with_help(format!("move the file away and create the folder {folder}/")),
            );
        } else if dir.is_dir() {
            walk(&dir, folder, is_content, &canonical_root, &mut found, diagnostics);
        }
    }
    found
}

fn walk(
    dir: &Path,
    folder: &str,
    is_content: bool,
    canonical_root: &Path,
    found: &mut Vec<Found>,
    diagnostics: &mut Diagnostics,
) {
    let mut walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_editor_dropping(&e.file_name().to_string_lossy()));
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                diagnostics.push(walk_error(&e, dir, folder));
                continue;
            }
        };
        let rel_inside = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let rel_inside = slash_path(rel_inside);
        let rel_path = format!("{folder}/{rel_inside}");
        if entry.path_is_symlink() && !stays_inside(entry.path(), canonical_root) {
            diagnostics.push(
                Diagnostic::warning(Code::Io, &rel_path, "symbolic link points outside the site; it is not followed")
                    .with_help("copy the file into the site instead of linking to it"),
            );
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        if is_content && rel_inside.ends_with(".md") {
            found.push(Found::Markdown { path: entry.path().to_path_buf(), rel_path });
        } else {
            found.push(Found::Asset(Asset { source: entry.path().to_path_buf(), rel_path, output_path: rel_inside }));
        }
    }
}

fn stays_inside(path: &Path, canonical_root: &Path) -> bool {
    path.canonicalize().is_ok_and(|target| target.starts_with(canonical_root))
}

fn walk_error(e: &walkdir::Error, dir: &Path, folder: &str) -> Diagnostic {
    let path = match e.path() {
        Some(p) => format!("{folder}/{}", slash_path(p.strip_prefix(dir).unwrap_or(p))),
        None => folder.to_string(),
    };
    if e.loop_ancestor().is_some() {
        return Diagnostic::warning(Code::Io, path, "symbolic link loop; the link is skipped")
            .with_help("remove the link or point it somewhere that does not contain it");
    }
    Diagnostic::error(Code::Io, path, format!("cannot read: {e}"))
}

/// A relative path with `/` separators on every platform.
pub(crate) fn slash_path(path: &Path) -> String {
    path.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}
