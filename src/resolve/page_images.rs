//! Front matter `image`: the page's Open Graph image, found among the
//! site's files. A file next to the page (`diagram.png`) or a site path
//! (`/img/card.png`); a file that does not exist is an error at `image`.

use super::site_graph::ResolvedPage;
use crate::diagnostics::{Code, Diagnostic, suggestion_help};
use crate::load::Asset;

/// Sets `image` of every page that names one; returns the errors.
pub(super) fn resolve_page_images(pages: &mut [ResolvedPage], assets: &[Asset]) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for page in pages.iter_mut() {
        let Some(image) = &page.parsed.meta.image else { continue };
        let wanted = match image.value.strip_prefix('/') {
            Some(site_path) => Wanted::Output(site_path.to_string()),
            None => {
                let dir = page.parsed.source_dir();
                let rel = if dir.is_empty() {
                    format!("content/{}", image.value)
                } else {
                    format!("content/{dir}/{}", image.value)
                };
                Wanted::Source(rel.trim_start_matches("./").replace("/./", "/"))
            }
        };
        let found = assets.iter().find(|a| match &wanted {
            Wanted::Output(path) => a.output_path == *path,
            Wanted::Source(rel) => a.rel_path == *rel,
        });
        match found {
            Some(asset) => page.image = Some(format!("/{}", asset.output_path)),
            None => {
                let (message, candidates): (String, Vec<&str>) = match &wanted {
                    Wanted::Output(path) => (
                        format!("`image`: no file /{path} in the site (static/ or content/)"),
                        assets.iter().filter(|a| is_image(&a.output_path)).map(|a| a.output_path.as_str()).collect(),
                    ),
                    Wanted::Source(rel) => (
                        format!("`image`: no file {rel} next to the page"),
                        assets
                            .iter()
                            .filter(|a| is_image(&a.rel_path))
                            .filter_map(|a| a.rel_path.rsplit_once('/').map(|(_, name)| name))
                            .collect(),
                    ),
                };
                let typed = image.value.rsplit('/').next().unwrap_or(&image.value);
                let help = suggestion_help(typed, candidates.iter().copied()).unwrap_or_else(|| {
                    "put the image next to the page and name it (\"card.png\"), or name a file of static/ by its site path (\"/img/card.png\")".to_string()
                });
                diagnostics.push(
                    Diagnostic::error(Code::FrontMatter, &page.parsed.rel_path, message).at(image.at).with_help(help),
                );
            }
        }
    }
    diagnostics
}

enum Wanted {
    /// A site path, without its leading `/`.
    Output(String),
    /// A path from the site root (`content/methods/x.png`).
    Source(String),
}

fn is_image(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif"].iter().any(|e| lower.ends_with(e))
}
