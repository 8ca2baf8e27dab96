//! Which output folders dermis may replace. Checked before anything is
//! written (bad-inputs.md rows 51-52: Zola #1378, MkDocs #346, Hugo #2389).

use crate::diagnostics::{Code, Diagnostic};
use std::path::{Component, Path, PathBuf};

/// Marker file dermis leaves in every output folder it writes.
pub const MARKER_FILE: &str = ".dermis-output";

/// Refuses output folders that would destroy sources or foreign files.
pub fn check_output_dir(root: &Path, out: &Path) -> Result<(), Diagnostic> {
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
    if out_abs.is_file() {
        return fail("the output path is a file, not a folder".into(), "remove the file or choose another --output");
    }
    if !out_abs.is_dir() {
        return Ok(());
    }
    if out_abs.join("site.toml").exists() || out_abs.join("content").is_dir() {
        return fail(
            "the output folder holds a site (site.toml or content/); building there would delete it".into(),
            "choose an empty folder, or one dermis made",
        );
    }
    if out_abs.join(MARKER_FILE).is_file() {
        return Ok(());
    }
    let foreign = list_entries(&out_abs);
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

/// An absolute, normalised path: the longest existing ancestor is
/// canonicalised (symlinks resolved), the rest is appended lexically.
pub(super) fn resolve_path(path: &Path) -> PathBuf {
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
