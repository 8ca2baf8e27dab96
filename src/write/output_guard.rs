//! Which output folders dermis may replace. Checked before anything is
//! written (bad-inputs.md rows 51-52: Zola #1378, MkDocs #346, Hugo #2389).

use crate::diagnostics::{Code, Diagnostic};
use std::path::{Component, Path, PathBuf};

/// Marker file dermis leaves in every output folder it writes.
pub(crate) const MARKER_FILE: &str = ".dermis-output";

/// Refuses output folders that would destroy sources or foreign files.
pub(crate) fn check_output_dir(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let shown = out.display().to_string();
    let fail = |message: String, help: &str| Err(Diagnostic::error(Code::Output, &shown, message).with_help(help));
    let root_abs = resolve_path(root);
    let out_abs = resolve_path(out);
    if out_abs == root_abs {
        return fail(
            "the output folder is the site root; building there would delete the site".into(),
            "choose a folder of its own, such as public/",
        );
    }
    if root_abs.starts_with(&out_abs) {
        return fail(
            "the output folder contains the site; building there would delete it".into(),
            "choose a folder inside or beside the site, such as public/",
        );
    }
    for source in ["content", "static", "templates", "themes"] {
        if out_abs.starts_with(root_abs.join(source)) {
            return fail(
                format!("the output folder is inside {source}/, which holds sources"),
                "choose a folder of its own, such as public/",
            );
        }
    }
    check_replaceable(out)
}

/// Refuses an output path that is neither absent, nor an empty folder, nor a
/// folder dermis made; checked again by the writer under the build lock, so
/// nothing is renamed, moved or deleted before this has passed.
pub(super) fn check_replaceable(out: &Path) -> Result<(), Diagnostic> {
    let shown = out.display().to_string();
    let refuse = |what: String| {
        Err(Diagnostic::error(
            Code::Output,
            &shown,
            format!("the output path is {what}; dermis replaces only a folder it made, an empty folder or nothing"),
        )
        .with_help("pass --output with a folder dermis made, an empty folder, or a path that does not exist yet"))
    };
    let path = resolve_parent(out);
    let meta = match std::fs::symlink_metadata(&path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => {
            return Err(Diagnostic::error(Code::Output, &shown, format!("cannot inspect the output path: {e}"))
                .with_help("check the permissions of the output path and of the folder it is in"));
        }
    };
    if !meta.file_type().is_symlink() {
        return match kind_of(&meta) {
            None => check_folder(&path, &shown),
            Some(kind) => refuse(kind.into()),
        };
    }
    // A link is followed only to a folder inside the folder the link is in.
    let parent = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let Ok(target) = path.canonicalize() else { return refuse("a symbolic link to nothing".into()) };
    let Ok(target_meta) = std::fs::metadata(&target) else { return refuse("a symbolic link to nothing".into()) };
    if let Some(kind) = kind_of(&target_meta) {
        return refuse(format!("a symbolic link to {kind}"));
    }
    if target == parent || !target.starts_with(&parent) {
        return refuse(format!(
            "a symbolic link to {}, outside the folder it is in ({})",
            target.display(),
            parent.display()
        ));
    }
    check_folder(&target, &shown)
}

/// What a non-folder is called in messages; `None` for a folder.
fn kind_of(meta: &std::fs::Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_dir() {
        return None;
    }
    if t.is_file() {
        return Some("a file, not a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if t.is_char_device() {
            return Some("a character device");
        }
        if t.is_block_device() {
            return Some("a block device");
        }
        if t.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if t.is_socket() {
            return Some("a socket");
        }
    }
    Some("neither a file nor a folder")
}

/// An existing folder: replaced only when empty or marked as dermis's own.
fn check_folder(dir: &Path, shown: &str) -> Result<(), Diagnostic> {
    let fail = |message: String, help: &str| Err(Diagnostic::error(Code::Output, shown, message).with_help(help));
    if dir.join("site.toml").exists() || dir.join("content").is_dir() {
        return fail(
            "the output folder holds a site (site.toml or content/); building there would delete it".into(),
            "choose an empty folder, or one dermis made",
        );
    }
    if dir.join(MARKER_FILE).is_file() {
        return Ok(());
    }
    let foreign = list_entries(dir);
    if foreign.is_empty() {
        return Ok(());
    }
    let listed = foreign.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
    let more = if foreign.len() > 5 { format!(" and {} more", foreign.len() - 5) } else { String::new() };
    fail(
        format!(
            "the output folder was not made by dermis and is not empty ({listed}{more}); dermis will not delete it"
        ),
        "move those files away, or pass --output with an empty folder; files that belong in the site go in static/",
    )
}

fn list_entries(dir: &Path) -> Vec<String> {
    let Ok(read) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut names: Vec<String> =
        read.filter_map(Result::ok).map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

/// The path itself (not followed if it is a link) inside its resolved parent.
fn resolve_parent(path: &Path) -> PathBuf {
    let full = resolve_path(path);
    let lexical = lexical_absolute(path);
    match (lexical.parent(), lexical.file_name()) {
        (Some(parent), Some(name)) => resolve_path(parent).join(name),
        _ => full,
    }
}

/// Absolute, with `.` and `..` removed lexically.
fn lexical_absolute(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut normal = PathBuf::new();
    for c in absolute.components() {
        match c {
            Component::ParentDir => {
                normal.pop();
            }
            Component::CurDir => {}
            other => normal.push(other),
        }
    }
    normal
}

/// An absolute, normalised path: the longest existing ancestor is
/// canonicalised (symlinks resolved), the rest is appended lexically.
pub(super) fn resolve_path(path: &Path) -> PathBuf {
    let normal = lexical_absolute(path);
    let mut existing = normal.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match existing.file_name() {
            Some(name) => rest.push(name.to_os_string()),
            None => break,
        }
        if !existing.pop() {
            break;
        }
    }
    let mut resolved = existing.canonicalize().unwrap_or(existing);
    for name in rest.into_iter().rev() {
        resolved.push(name);
    }
    resolved
}
