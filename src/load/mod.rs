//! Stage 1: disk → [`LoadedSite`]. The only stage that reads `content/` and
//! `static/`. Finds Markdown sources and asset files, decodes text (BOM
//! stripped, line ends normalised to LF, characters HTML forbids replaced
//! by U+FFFD) and skips editor droppings. Symlink
//! loops and links that leave the site are reported, never followed.

mod discovery;
mod listing;
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
fn read_source(
    path: &Path,
    rel_path: &str,
    cache: Option<&HashMap<String, CacheEntry>>,
) -> std::io::Result<CacheEntry> {
    let meta = std::fs::metadata(path)?;
    let (len, modified) = (meta.len(), meta.modified().ok());
    if let Some((l, m, result)) = cache.and_then(|c| c.get(rel_path))
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
/// modification time they had (for `serve`: unchanged files are not read
/// again), and the listing of the last load.
#[derive(Default)]
pub(crate) struct SourceCache {
    entries: HashMap<String, CacheEntry>,
    listing: listing::Listing,
    /// The NFC-twin errors of the last load, by the hash of the names.
    twins: Option<(u64, Vec<Diagnostic>)>,
}

/// Reads `content/` and `static/` under `root`.
pub(crate) fn load_sources(root: &Path) -> (LoadedSite, Diagnostics) {
    let mut cache = SourceCache::default();
    load_with(root, &mut cache, None, false)
}

/// [`load_sources`], reading only files whose size or time changed since the
/// last call with the same cache. With `changes`, the paths reported as
/// changed since that call (by a file watcher, which reports every change):
/// only those are looked at, and the others are taken as they were; without
/// it (the first load, or a watcher that lost events), every file is.
pub(crate) fn load_sources_cached(
    root: &Path,
    cache: &mut SourceCache,
    changes: Option<&[std::path::PathBuf]>,
) -> (LoadedSite, Diagnostics) {
    load_with(root, cache, changes, true)
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

fn load_with(
    root: &Path,
    cache: &mut SourceCache,
    changes: Option<&[std::path::PathBuf]>,
    keep: bool,
) -> (LoadedSite, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let SourceCache { entries, listing, twins } = cache;
    let files = listing.files(root, changes, &mut diagnostics);
    let beside_section = bundles_beside_sections(files.found);
    let mut assets = Vec::new();
    let mut markdown = Vec::new();
    for file in files.found {
        match file {
            discovery::Found::Markdown { path, rel_path } => markdown.push((path, rel_path)),
            discovery::Found::Asset(asset) => assets.push(asset.clone()),
        }
    }
    // Files the watcher did not report are as the last load left them.
    let changed: Option<HashSet<&str>> = files.changed.as_ref().map(|c| c.iter().map(String::as_str).collect());
    let read = read_all(&markdown, &beside_section, entries, changed.as_ref());
    let mut sources = Vec::with_capacity(markdown.len());
    let mut unreadable = Vec::new();
    // What the cache keeps: only what exists now (deleted files drop
    // out), made again after a walk, updated for the files reported.
    let mut kept = match &changed {
        Some(changed) => {
            entries.retain(|path, _| !changed.contains(path.as_str()));
            std::mem::take(entries)
        }
        None => HashMap::with_capacity(if keep { markdown.len() } else { 0 }),
    };
    for ((_, rel_path), read) in markdown.into_iter().zip(read) {
        match read {
            None => {
                unreadable.push(rel_path.trim_start_matches("content/").to_string());
                diagnostics.push(index_beside_section(rel_path));
            }
            Some(Ok((len, modified, result))) => {
                let reported = changed.as_ref().is_none_or(|c| c.contains(rel_path.as_str()));
                if keep && (reported || !kept.contains_key(rel_path)) {
                    kept.insert(rel_path.clone(), (len, modified, result.clone()));
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
    *entries = kept;
    diagnostics.extend(twins_among(twins, &sources, &assets, keep));
    sources.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
    assets.sort_by(|a, b| a.output_path.cmp(&b.output_path));
    (LoadedSite { sources, assets, unreadable }, diagnostics)
}

/// Every Markdown file of `markdown` read and decoded on all cores (10,000
/// articles are 10,000 reads), in order: `None` for one beside a section;
/// one not among `changed` (when the watcher told what changed) taken
/// from `entries` as the last load left it.
fn read_all(
    markdown: &[(&std::path::PathBuf, &String)],
    beside_section: &HashSet<String>,
    entries: &HashMap<String, CacheEntry>,
    changed: Option<&HashSet<&str>>,
) -> Vec<Option<std::io::Result<CacheEntry>>> {
    let unchanged = |rel_path: &str| {
        let entry = entries.get(rel_path)?;
        changed.filter(|c| !c.contains(rel_path)).map(|_| entry.clone())
    };
    markdown
        .par_iter()
        .map(|(path, rel_path)| {
            (!beside_section.contains(*rel_path))
                .then(|| unchanged(rel_path).map_or_else(|| read_source(path, rel_path, Some(entries)), Ok))
        })
        .collect()
}

/// The NFC-twin errors among the names of `sources` and `assets`, found
/// again only when the names are not those of the last load (`keep`:
/// remember them in `last` for the next).
fn twins_among(
    last: &mut Option<(u64, Vec<Diagnostic>)>,
    sources: &[Arc<SourceFile>],
    assets: &[Asset],
    keep: bool,
) -> Vec<Diagnostic> {
    let names = || sources.iter().map(|s| s.rel_path.as_str()).chain(assets.iter().map(|a| a.rel_path.as_str()));
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    for name in names() {
        hasher.update(name.as_bytes());
        hasher.update(&[0]);
    }
    let hash = hasher.digest();
    match last {
        Some((last_hash, found)) if *last_hash == hash => found.clone(),
        _ => {
            let found = unicode_twins::find_unicode_twins(names());
            *last = keep.then(|| (hash, found.clone()));
            found
        }
    }
}
