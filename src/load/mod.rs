//! Stage 1: disk → [`LoadedSite`]. The only stage that reads `content/` and
//! `static/`. Finds Markdown sources and asset files, decodes text (BOM
//! stripped, line ends normalised to LF) and skips editor droppings. Symlink
//! loops and links that leave the site are reported, never followed.

mod discovery;
mod source_file;

pub use discovery::{is_editor_dropping, slash_path};
pub use source_file::{Asset, SourceFile, decode_source};

use crate::diagnostics::Diagnostics;
use std::path::Path;

/// Everything read from disk.
#[derive(Debug, Clone, Default)]
pub struct LoadedSite {
    /// Markdown files under `content/`, sorted by path.
    pub sources: Vec<SourceFile>,
    /// Files copied as they are: `static/` and non-Markdown files of `content/`.
    pub assets: Vec<Asset>,
    /// Content paths (`methods/x.md`) of Markdown files that could not be read.
    pub unreadable: Vec<String>,
}

/// Reads `content/` and `static/` under `root`.
pub fn load_sources(root: &Path) -> (LoadedSite, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let found = discovery::discover(root, &mut diagnostics);
    let mut sources = Vec::new();
    let mut assets = Vec::new();
    let mut unreadable = Vec::new();
    for file in found {
        match file {
            discovery::Found::Markdown { path, rel_path } => match std::fs::read(&path) {
                Ok(bytes) => match decode_source(&rel_path, &bytes) {
                    Ok(source) => sources.push(source),
                    Err(d) => {
                        unreadable.push(rel_path.trim_start_matches("content/").to_string());
                        diagnostics.push(d);
                    }
                },
                Err(e) => diagnostics.push(crate::diagnostics::Diagnostic::error(
                    crate::diagnostics::Code::Io,
                    rel_path,
                    format!("cannot read file: {e}"),
                )),
            },
            discovery::Found::Asset(asset) => assets.push(asset),
        }
    }
    sources.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
    assets.sort_by(|a, b| a.output_path.cmp(&b.output_path));
    (LoadedSite { sources, assets, unreadable }, diagnostics)
}
