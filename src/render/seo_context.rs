//! [`SeoContext`] of every page type: canonical URL, Open Graph, robots
//! and JSON-LD.

use super::template_context::{SeoContext, SiteContext};
use crate::resolve::SiteGraph;

/// Output path of the theme's default Open Graph image.
pub(super) const DEFAULT_OG_IMAGE: &str = "og-image.png";

/// Absolute URL of the default `og:image`, when the theme (or the site's
/// static/) ships `og-image.png`.
pub(super) fn default_og_image(graph: &SiteGraph, theme_has_image: bool) -> Option<String> {
    let site_has_image = graph.assets.iter().any(|a| a.output_path == DEFAULT_OG_IMAGE);
    (theme_has_image || site_has_image).then(|| graph.config.absolute_url(&format!("/{DEFAULT_OG_IMAGE}")))
}

/// The context of a generated page at `path` (a site path without the
/// base path), with the default image and a plain schema.org type.
pub(super) fn generated_seo(
    graph: &SiteGraph,
    site: &SiteContext,
    (kind, title, description): (&str, &str, Option<&str>),
    path: &str,
) -> SeoContext {
    SeoContext {
        title: title.to_string(),
        description: description.filter(|d| !d.is_empty()).map(str::to_string),
        canonical: graph.config.absolute_url(path),
        og_type: "website".to_string(),
        image: site.og_image.clone(),
        noindex: false,
        json_ld: Some(super::structured_data::generated_page_json_ld(&graph.config, kind, title, description, path)),
    }
}

/// The 404 page: canonical and Open Graph like any page, `noindex`, no JSON-LD.
pub(super) fn not_found_seo(graph: &SiteGraph, site: &SiteContext) -> SeoContext {
    SeoContext {
        noindex: true,
        json_ld: None,
        ..generated_seo(graph, site, ("WebPage", "Page not found", None), "/404.html")
    }
}
