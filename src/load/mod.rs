//! Stage 1: disk → [`LoadedSite`]. The only stage that reads `content/` and
//! `static/`. Finds Markdown sources and asset files, decodes text (BOM
//! stripped, line ends normalised to LF, characters HTML forbids replaced
//! by U+FFFD) and skips editor droppings. Symlink
//! loops and links that leave the site are reported, never followed.

mod discovery;
mod source_file;
mod source_lines;
mod theme_files;
mod unicode_twins;

#[cfg(feature = "serve")]
pub(crate) use discovery::is_editor_dropping;
pub(crate) use discovery::walk_folder;
pub(crate) use source_file::Asset;
pub use source_file::{SourceFile, decode_source};
pub(crate) use source_lines::attach_source_lines;
pub(crate) use theme_files::{TemplateSource, TemplateSources, ThemeFiles, check_theme, load_theme};

use crate::diagnostics::Diagnostic;
use crate::diagnostics::Diagnostics;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;
use std::time::SystemTime;

type CacheEntry = (u64, Option<SystemTime>, Result<Arc<SourceFile>, Diagnostic>);

/// Decodes one source, or takes it from the cache when size and time
/// match; returns what the cache keeps for it.
fn read_source(path: &Path, rel_path: &str, cache: Option<&SourceCache>) -> std::io::Result<CacheEntry> {
    let meta = std::fs::metadata(path)?;
    let (len, modified) = (meta.len(), meta.modified().ok());
    if let Some((l, m, result)) = cache.and_then(|c| c.entries.get(rel_path))
        && *l == len
        && *m == modified
        && modified.is_some()
    {
        return Ok((len, modified, result.clone()));
    }
    Ok((len, modified, decode_source(rel_path, &std::fs::read(path)?).map(Arc::new)))
}

/// `index.md` makes its folder a page bundle, `_index.md` a section: a
/// folder cannot be both.
fn index_beside_section(rel_path: &str) -> Diagnostic {
    let dir = rel_path.trim_end_matches("index.md");
    Diagnostic::error(
        crate::diagnostics::Code::Url,
        rel_path,
        format!("`index.md` sits beside `{dir}_index.md`: a folder is either a section (`_index.md`) or a page bundle (`index.md`)"),
    )
    .with_help(format!(
        "keep `_index.md` for the section's own page and give the article a name of its own, such as `{dir}article.md`"
    ))
}

/// Everything read from disk.
#[derive(Debug, Clone, Default)]
pub(crate) struct LoadedSite {
    /// Markdown files under `content/`, sorted by path.
    pub sources: Vec<Arc<SourceFile>>,
    /// Files copied as they are: `static/` and non-Markdown files of `content/`.
    pub assets: Vec<Asset>,
    /// Content paths (`methods/x.md`) of Markdown files that could not be read.
    pub unreadable: Vec<String>,
}

/// Files read by earlier loads, by site-relative path, with the size and
/// modification time they had (for `serve`: unchanged files are not read again).
#[derive(Default)]
pub(crate) struct SourceCache {
    entries: HashMap<String, CacheEntry>,
}

/// Reads `content/` and `static/` under `root`.
pub(crate) fn load_sources(root: &Path) -> (LoadedSite, Diagnostics) {
    load_with(root, None)
}

/// [`load_sources`], reading only files whose size or time changed since the
/// last call with the same cache.
pub(crate) fn load_sources_cached(root: &Path, cache: &mut SourceCache) -> (LoadedSite, Diagnostics) {
    load_with(root, Some(cache))
}

/// The `index.md` files that sit beside an `_index.md`.
fn bundles_beside_sections(found: &[discovery::Found]) -> HashSet<String> {
    let sections: HashSet<&str> = found
        .iter()
        .filter_map(|f| match f {
            discovery::Found::Markdown { rel_path, .. } => rel_path.strip_suffix("/_index.md"),
            discovery::Found::Asset(_) => None,
        })
        .collect();
    found
        .iter()
        .filter_map(|f| match f {
            discovery::Found::Markdown { rel_path, .. } => {
                rel_path.strip_suffix("/index.md").filter(|dir| sections.contains(dir)).map(|_| rel_path.clone())
            }
            discovery::Found::Asset(_) => None,
        })
        .collect()
}

fn load_with(root: &Path, cache: Option<&mut SourceCache>) -> (LoadedSite, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let found = discovery::discover(root, &mut diagnostics);
    let beside_section = bundles_beside_sections(&found);
    let mut assets = Vec::new();
    let mut markdown = Vec::new();
    for file in found {
        match file {
            discovery::Found::Markdown { path, rel_path } => markdown.push((path, rel_path)),
            discovery::Found::Asset(asset) => assets.push(asset),
        }
    }
    // Read and decoded on all cores (10,000 articles are 10,000 reads),
    // then taken in order.
    let shared = cache.as_deref();
    let read: Vec<Option<std::io::Result<CacheEntry>>> = markdown
        .par_iter()
        .map(|(path, rel_path)| (!beside_section.contains(rel_path)).then(|| read_source(path, rel_path, shared)))
        .collect();
    let mut sources = Vec::new();
    let mut unreadable = Vec::new();
    let mut fresh = HashMap::new();
    for ((_, rel_path), read) in markdown.into_iter().zip(read) {
        match read {
            None => {
                unreadable.push(rel_path.trim_start_matches("content/").to_string());
                diagnostics.push(index_beside_section(&rel_path));
            }
            Some(Ok((len, modified, result))) => {
                if cache.is_some() {
                    fresh.insert(rel_path.clone(), (len, modified, result.clone()));
                }
                match result {
                    Ok(source) => sources.push(source),
                    Err(d) => {
                        unreadable.push(rel_path.trim_start_matches("content/").to_string());
                        diagnostics.push(d);
                    }
                }
            }
            Some(Err(e)) => diagnostics.push(crate::diagnostics::Diagnostic::error(
                crate::diagnostics::Code::Io,
                rel_path,
                format!("cannot read file: {e}"),
            )),
        }
    }
    if let Some(cache) = cache {
        // Only what exists now: deleted files drop out.
        cache.entries = fresh;
    }
    let names = sources.iter().map(|s| s.rel_path.as_str()).chain(assets.iter().map(|a| a.rel_path.as_str()));
    diagnostics.extend(unicode_twins::find_unicode_twins(names));
    sources.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
    assets.sort_by(|a, b| a.output_path.cmp(&b.output_path));
    (LoadedSite { sources, assets, unreadable }, diagnostics)
}
