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

impl Found {
    /// The path from the site root: `content/methods/peels.md`.
    pub(super) fn rel_path(&self) -> &str {
        match self {
            Found::Markdown { rel_path, .. } => rel_path,
            Found::Asset(asset) => &asset.rel_path,
        }
    }
}

/// What a walk of the site found.
pub(super) struct Walked {
    /// The files, in walk order.
    pub(super) files: Vec<Found>,
    /// Whether the walk followed a symbolic link (then a change reported
    /// under one path may be a change of a file found under another).
    pub(super) symlinks: bool,
}

pub(super) fn discover(root: &Path, diagnostics: &mut Diagnostics) -> Walked {
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut walked = Walked { files: Vec::new(), symlinks: false };
    for (folder, is_content) in [("content", true), ("static", false)] {
        let dir = root.join(folder);
        if dir.exists() && !dir.is_dir() {
            diagnostics.push(
                Diagnostic::error(Code::Io, folder, format!("this is a file, but dermis reads {folder}/ as a folder"))
                    .with_help(format!("move the file away and create the folder {folder}/")),
            );
        } else if dir.is_dir() {
            let mut problems = Vec::new();
            let (files, symlinks) = walk_folder_noting_links(&dir, folder, &canonical_root, Code::Io, &mut problems);
            diagnostics.extend(problems);
            walked.symlinks |= symlinks;
            walked.files.extend(files.into_iter().map(|file| {
                let rel_path = format!("{folder}/{}", file.rel_inside);
                classify(file.path, rel_path, file.rel_inside, is_content)
            }));
        }
    }
    walked
}

/// A regular file of `content/` or `static/` at `path`, site-relative
/// `rel_path`, as a walk would find it.
pub(super) fn found_file(path: PathBuf, rel_path: &str) -> Option<Found> {
    let (folder, inside) = rel_path.split_once('/')?;
    let is_content = match folder {
        "content" => true,
        "static" => false,
        _ => return None,
    };
    Some(classify(path, rel_path.to_string(), inside.to_string(), is_content))
}

fn classify(path: PathBuf, rel_path: String, rel_inside: String, is_content: bool) -> Found {
    if is_content && rel_inside.ends_with(".md") {
        Found::Markdown { path, rel_path }
    } else {
        Found::Asset(Asset { source: path, rel_path, output_path: rel_inside })
    }
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
    walk_folder_noting_links(dir, display, canonical_root, code, diagnostics).0
}

/// [`walk_folder`], telling also whether it followed a symbolic link.
fn walk_folder_noting_links(
    dir: &Path,
    display: &str,
    canonical_root: &Path,
    code: Code,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<WalkedFile>, bool) {
    let mut links = false;
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
        links |= entry.path_is_symlink();
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
    (found, links)
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
