//! What a batch of file-system events means for the site. Pure: paths in,
//! a plan out. Editors save in many ways (write in place, write a temporary
//! file and rename it, delete and create, swap files), so the plan looks at
//! which paths were touched, never at the kind of event.

use crate::pipeline::is_editor_dropping;
use std::path::Path;

/// What to do after a batch of changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RebuildPlan {
    /// Nothing of the site changed (droppings, the output folder, .git).
    Nothing,
    /// Only stylesheets changed: rebuild, then swap stylesheets without a reload.
    Stylesheets,
    /// Anything else: rebuild, then reload the page.
    Reload,
}

/// The folders and file of a site that `serve` watches.
pub(super) const WATCHED: &[&str] = &["content", "static", "templates", "themes", "site.toml"];

/// True when a changed path can affect the site.
pub(super) fn is_relevant(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else { return false };
    let mut components = rel.components().map(|c| c.as_os_str().to_string_lossy());
    let Some(first) = components.next() else { return false };
    if !WATCHED.contains(&first.as_ref()) {
        return false;
    }
    let name = rel.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    !rel.components().skip(1).any(|c| {
        let part = c.as_os_str().to_string_lossy();
        part.starts_with('.') && part != "."
    }) && !is_editor_dropping(&name)
}

/// The plan for a batch of changed paths.
pub(crate) fn plan(root: &Path, changed: &[std::path::PathBuf]) -> RebuildPlan {
    let relevant: Vec<&std::path::PathBuf> = changed.iter().filter(|p| is_relevant(root, p)).collect();
    if relevant.is_empty() {
        return RebuildPlan::Nothing;
    }
    let only_css =
        relevant.iter().all(|p| p.extension().is_some_and(|e| e == "css") && !p.starts_with(root.join("content")));
    if only_css { RebuildPlan::Stylesheets } else { RebuildPlan::Reload }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn paths(list: &[&str]) -> Vec<PathBuf> {
        list.iter().map(|p| PathBuf::from("/site").join(p)).collect()
    }

    #[test]
    fn classifies_batches() {
        let root = Path::new("/site");
        let cases: &[(&[&str], RebuildPlan)] = &[
            (&["content/methods/a.md"], RebuildPlan::Reload),
            (&["content/methods/.a.md.swp", "content/methods/4913", "content/methods/a.md~"], RebuildPlan::Nothing),
            (&["public/index.html", ".git/index", "target/debug/x"], RebuildPlan::Nothing),
            (&["static/style.css"], RebuildPlan::Stylesheets),
            (&["themes/clinic/static/style.css", "static/extra.css"], RebuildPlan::Stylesheets),
            (&["static/style.css", "content/a.md"], RebuildPlan::Reload),
            (&["site.toml"], RebuildPlan::Reload),
            (&["templates/page.html"], RebuildPlan::Reload),
            (&["content/.hidden/a.md"], RebuildPlan::Nothing),
            (&["content/img/a.css"], RebuildPlan::Reload),
        ];
        for (batch, expected) in cases {
            assert_eq!(plan(root, &paths(batch)), *expected, "{batch:?}");
        }
    }
}
