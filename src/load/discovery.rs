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
            found.extend(walk(&dir, folder, is_content, &canonical_root, diagnostics));
        }
    }
    found
}

fn walk(
    dir: &Path,
    folder: &str,
    is_content: bool,
    canonical_root: &Path,
    diagnostics: &mut Diagnostics,
) -> Vec<Found> {
    let mut problems = Vec::new();
    let files = walk_folder(dir, folder, canonical_root, Code::Io, &mut problems);
    diagnostics.extend(problems);
    files
        .into_iter()
        .map(|file| {
            let rel_path = format!("{folder}/{}", file.rel_inside);
            if is_content && file.rel_inside.ends_with(".md") {
                Found::Markdown { path: file.path, rel_path }
            } else {
                Found::Asset(Asset { source: file.path, rel_path, output_path: file.rel_inside })
            }
        })
        .collect()
}

/// A file found by [`walk_folder`].
pub(crate) struct WalkedFile {
    /// Where it is.
    pub(crate) path: PathBuf,
    /// Its path inside the walked folder, `/`-separated.
    pub(crate) rel_inside: String,
}

/// The files under `dir` (named `display/…` in messages), in name order,
/// by the one policy dermis reads every folder with (content, static,
/// templates, theme files): editor droppings are skipped; symbolic links
/// are followed only while they stay inside the site (`canonical_root`),
/// else skipped with a warning; a loop is a warning; an entry that cannot
/// be read is an error with `code`.
pub(crate) fn walk_folder(
    dir: &Path,
    display: &str,
    canonical_root: &Path,
    code: Code,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<WalkedFile> {
    let mut found = Vec::new();
    let mut walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_editor_dropping(&e.file_name().to_string_lossy()));
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                diagnostics.push(walk_error(&e, dir, display, code));
                continue;
            }
        };
        let rel_inside = slash_path(entry.path().strip_prefix(dir).unwrap_or(entry.path()));
        if entry.path_is_symlink() && !stays_inside(entry.path(), canonical_root) {
            diagnostics.push(
                Diagnostic::warning(
                    Code::Io,
                    format!("{display}/{rel_inside}"),
                    "symbolic link points outside the site; it is not followed",
                )
                .with_help("copy the file into the site instead of linking to it"),
            );
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        if entry.file_type().is_file() {
            found.push(WalkedFile { path: entry.path().to_path_buf(), rel_inside });
        }
    }
    found
}

fn stays_inside(path: &Path, canonical_root: &Path) -> bool {
    path.canonicalize().is_ok_and(|target| target.starts_with(canonical_root))
}

fn walk_error(e: &walkdir::Error, dir: &Path, folder: &str, code: Code) -> Diagnostic {
    let path = match e.path() {
        Some(p) => format!("{folder}/{}", slash_path(p.strip_prefix(dir).unwrap_or(p))),
        None => folder.to_string(),
    };
    if e.loop_ancestor().is_some() {
        return Diagnostic::warning(Code::Io, path, "symbolic link loop; the link is skipped")
            .with_help("remove the link or point it somewhere that does not contain it");
    }
    Diagnostic::error(code, path, format!("cannot read: {e}"))
}

/// A relative path with `/` separators on every platform.
pub(crate) fn slash_path(path: &Path) -> String {
    path.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}
