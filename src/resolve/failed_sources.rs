//! The sources that failed to parse. Their own errors say what is wrong;
//! a link, comparison row or compare block naming one is not reported again.

use std::collections::BTreeSet;

/// Content paths (`methods/peel.md`) of the sources that failed, and the
/// names links give them (`methods/peel`, `peel`; a bundle by its folder).
#[derive(Debug, Default)]
pub(crate) struct FailedSources {
    paths: BTreeSet<String>,
    names: BTreeSet<String>,
}

impl FailedSources {
    /// From the content paths of the sources that failed.
    pub(crate) fn new(content_paths: &[String]) -> Self {
        let mut names = BTreeSet::new();
        for content_path in content_paths {
            let without_ext = content_path.trim_end_matches(".md");
            let without_ext = without_ext.strip_suffix("/index").unwrap_or(without_ext);
            let stem = without_ext.rsplit('/').next().unwrap_or(without_ext);
            names.insert(content_path.clone());
            names.insert(without_ext.to_string());
            names.insert(stem.to_string());
        }
        FailedSources { paths: content_paths.iter().cloned().collect(), names }
    }

    /// Whether a link target written as `name` (content path, path without
    /// `.md`, or file stem) is a failed source.
    pub(crate) fn is_named(&self, name: &str) -> bool {
        self.names.contains(name)
    }

    /// Whether the page named `name` (by file stem or bundle folder) of folder `section` failed.
    pub(crate) fn names(&self, section: &str, name: &str) -> bool {
        let prefix = if section.is_empty() { String::new() } else { format!("{section}/") };
        self.paths.contains(&format!("{prefix}{name}.md")) || self.paths.contains(&format!("{prefix}{name}/index.md"))
    }
}
