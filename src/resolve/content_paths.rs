//! Where files of `content/` end up in the output. A folder is published
//! under its slugified name (`Skin Care/` → `/skin-care/`, as page URLs are),
//! a page bundle's folder under its page's URL (`methods/peels/index.md`
//! with `slug = "chemical-peels"` → `/methods/chemical-peels/`), and file
//! names are kept. Co-located assets and relative links both go through
//! [`ContentPaths::site_path`], so a link always names the published file.

use super::permalinks::segment;
use super::site_graph::ResolvedPage;
use crate::diagnostics::{Code, Diagnostic};
use std::collections::{BTreeMap, BTreeSet};

/// Content folders that are page bundles, with their pages' URLs.
pub(crate) struct ContentPaths {
    bundles: BTreeMap<String, String>,
}

impl ContentPaths {
    /// Indexes the bundles among `pages`.
    pub(crate) fn new(pages: &[ResolvedPage]) -> Self {
        let bundles = pages
            .iter()
            .filter(|p| p.parsed.is_bundle)
            .map(|p| (p.parsed.source_dir().to_string(), p.url.clone()))
            .collect();
        ContentPaths { bundles }
    }

    /// The site path (`/methods/chemical-peels/photo.png`) of a path below
    /// `content/` (`methods/peels/photo.png`). A path ending in `/` is a folder.
    pub(crate) fn site_path(&self, content_rel: &str) -> String {
        let is_folder = content_rel.ends_with('/') || content_rel.is_empty();
        let mut segments: Vec<&str> = content_rel.split('/').filter(|s| !s.is_empty()).collect();
        let file = if is_folder { None } else { segments.pop() };
        let mut url = String::from("/");
        let mut prefix = String::new();
        for name in segments {
            if !prefix.is_empty() {
                prefix.push('/');
            }
            prefix.push_str(name);
            match self.bundles.get(&prefix) {
                Some(bundle_url) => url.clone_from(bundle_url),
                None => {
                    url.push_str(&segment(name));
                    url.push('/');
                }
            }
        }
        if let Some(file) = file {
            url.push_str(file);
        }
        url
    }
}

/// A bundle holds one page: Markdown files elsewhere in its folder would
/// have no place in the URL tree. (`index.md` beside `_index.md` is refused
/// when loading.)
pub(crate) fn check_bundles(pages: &[ResolvedPage]) -> Vec<Diagnostic> {
    let bundles: BTreeSet<&str> = pages.iter().filter(|p| p.parsed.is_bundle).map(|p| p.parsed.source_dir()).collect();
    let mut out = Vec::new();
    for page in pages {
        let p = &page.parsed;
        let dir = p.source_dir();
        let inside = bundles.iter().find(|b| {
            !p.is_bundle && (dir == **b || dir.starts_with(&format!("{b}/")))
                || p.is_bundle && dir != **b && dir.starts_with(&format!("{b}/"))
        });
        if let Some(bundle) = inside {
            out.push(
                Diagnostic::error(
                    Code::Url,
                    &p.rel_path,
                    format!("this page is inside the page bundle `content/{bundle}/` (its `index.md`); a bundle holds one page and its files"),
                )
                .with_help(format!("move it out of `content/{bundle}/`, or turn the bundle into a section by renaming its `index.md` to `_index.md`")),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_slugified_bundles_take_their_page_url_and_file_names_stay() {
        let paths = ContentPaths {
            bundles: [("methods/peels".to_string(), "/methods/chemical-peels/".to_string())].into_iter().collect(),
        };
        assert_eq!(paths.site_path("methods/peels/photo 1.png"), "/methods/chemical-peels/photo 1.png");
        assert_eq!(paths.site_path("methods/peels/img/a.png"), "/methods/chemical-peels/img/a.png");
        assert_eq!(paths.site_path("Skin Care/Before.JPG"), "/skin-care/Before.JPG");
        assert_eq!(paths.site_path("methods/peels/"), "/methods/chemical-peels/");
        assert_eq!(paths.site_path("a.png"), "/a.png");
        assert_eq!(paths.site_path(""), "/");
    }
}
