//! Where `dermis new <section>` writes: a collection named in site.toml, or
//! any section of `content/` (a folder with `_index.md`, such as `guides`).
//! An unknown name is an error that names the sections there are.

use crate::config::{Collection, SiteConfig};
use crate::diagnostics::{Code, Diagnostic, did_you_mean};
use std::collections::BTreeSet;
use std::path::Path;

/// The section a new page goes into.
#[derive(Debug)]
pub(super) struct Target<'a> {
    /// Its folder below `content/` (`methods`, `guides/skin`).
    pub(super) folder: String,
    /// Its collection, when site.toml declares one for the folder.
    pub(super) collection: Option<&'a Collection>,
}

/// The section `name` names: a collection's name, or a section folder
/// below `content/` (written with `/`, a trailing one allowed).
pub(super) fn find_target<'a>(root: &Path, config: &'a SiteConfig, name: &str) -> Result<Target<'a>, Diagnostic> {
    let wanted = name.trim().trim_matches('/');
    if let Some(collection) = config.collections.get(wanted) {
        return Ok(Target { folder: collection.section.clone(), collection: Some(collection) });
    }
    let sections = section_folders(root, config);
    if sections.contains(wanted) {
        let collection = config.collections.values().find(|c| c.section == wanted);
        return Ok(Target { folder: wanted.to_string(), collection });
    }
    Err(unknown_section(name, config, &sections))
}

fn unknown_section(name: &str, config: &SiteConfig, sections: &BTreeSet<String>) -> Diagnostic {
    let names: BTreeSet<&str> =
        sections.iter().map(String::as_str).chain(config.collections.keys().map(String::as_str)).collect();
    let listed = names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
    let help = match did_you_mean(name, names.iter().copied()) {
        Some(close) => format!("did you mean `{close}`? The sections are: {listed}"),
        None if names.is_empty() => {
            "content/ has no sections yet: create content/<section>/_index.md first".to_string()
        }
        None => format!(
            "the sections are: {listed}; to start a new one, create content/{}/_index.md first",
            name.trim().trim_matches('/')
        ),
    };
    Diagnostic::error(Code::Config, "dermis new", format!("no section `{name}` in content/")).with_help(help)
}

/// Every section folder below `content/`: folders holding `_index.md`, and
/// the sections of the collections. Read by the walker every stage reads
/// content with; what it cannot read, `dermis build` reports (here the list
/// only names the sections a new page may go in).
fn section_folders(root: &Path, config: &SiteConfig) -> BTreeSet<String> {
    let content = root.join("content");
    let mut out: BTreeSet<String> = config.collections.values().map(|c| c.section.clone()).collect();
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut unreported = Vec::new();
    for file in crate::load::walk_folder(&content, "content", &canonical_root, Code::Io, &mut unreported) {
        if let Some(folder) = file.rel_inside.strip_suffix("/_index.md") {
            out.insert(folder.to_string());
        }
    }
    out
}
