//! Sources the build has no page for. Those that failed to parse: their
//! own errors say what is wrong, so a link, comparison row or compare block
//! naming one is not reported again. The same lookup names the drafts a
//! build without `--drafts` leaves out, so a link to one says so.

use std::collections::{BTreeMap, BTreeSet};

/// Content paths (`methods/peel.md`) of the sources, and the names links
/// give them (`methods/peel`, `peel`; a bundle by its folder).
#[derive(Debug, Default)]
pub(crate) struct FailedSources {
    paths: BTreeSet<String>,
    /// Each name, with the content path it names.
    names: BTreeMap<String, String>,
}

impl FailedSources {
    /// From the content paths of the sources that failed.
    pub(crate) fn new(content_paths: &[String]) -> Self {
        let mut names = BTreeMap::new();
        for content_path in content_paths {
            let without_ext = content_path.trim_end_matches(".md");
            let without_ext = without_ext.strip_suffix("/index").unwrap_or(without_ext);
            let stem = without_ext.rsplit('/').next().unwrap_or(without_ext);
            for name in [content_path.as_str(), without_ext, stem] {
                names.entry(name.to_string()).or_insert_with(|| content_path.clone());
            }
        }
        FailedSources { paths: content_paths.iter().cloned().collect(), names }
    }

    /// Whether a link target written as `name` (content path, path without
    /// `.md`, or file stem) is one of the sources.
    pub(crate) fn is_named(&self, name: &str) -> bool {
        self.names.contains_key(name)
    }

    /// The content path of the source a link target written as `name` names.
    pub(crate) fn path_named(&self, name: &str) -> Option<&str> {
        self.names.get(name).map(String::as_str)
    }

    /// Whether the page named `name` (by file stem or bundle folder) of folder `section` failed.
    pub(crate) fn names(&self, section: &str, name: &str) -> bool {
        let prefix = if section.is_empty() { String::new() } else { format!("{section}/") };
        self.paths.contains(&format!("{prefix}{name}.md")) || self.paths.contains(&format!("{prefix}{name}/index.md"))
    }
}
