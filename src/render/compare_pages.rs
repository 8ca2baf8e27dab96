//! `/compare/`, `/compare/<slug>/`, `/compare/<slug>.csv`,
//! `/compare/<a>-vs-<b>/`.

use super::compare_table::row_header;
use super::compare_table::{pair_columns, pair_rows, table_csv, table_html};
use super::output::{Origin, OutputFile};
use super::seo_context::generated_seo;
use super::template_context::*;
use super::templates::Templates;
use crate::diagnostics::Diagnostic;
use crate::resolve::{Comparison, PageId, SiteGraph};

type Rendered = Result<OutputFile, Vec<Diagnostic>>;

/// Every comparison page, CSV and pair page.
pub(super) fn render_compare_pages(graph: &SiteGraph, templates: &Templates, site: &SiteContext) -> Vec<Rendered> {
    let mut out = Vec::new();
    if !graph.comparisons.is_empty() {
        let comparisons = graph.comparisons.iter().map(|c| summary(graph, c)).collect();
        let seo = generated_seo(graph, site, ("CollectionPage", "Comparisons", None), "/compare/");
        let html = templates.render("compare_index.html", &CompareIndexTemplate { site, seo, comparisons });
        out.push(
            html.map(|h| {
                OutputFile::bytes("compare/index.html", h, Origin::generated("the generated comparisons index"))
            }),
        );
    }
    for comparison in &graph.comparisons {
        let origin = Origin::config(format!("comparison `{}`", comparison.slug));
        let header = row_header(graph, &comparison.table);
        let csv = table_csv(graph, &comparison.table, &header);
        out.push(Ok(OutputFile::bytes(format!("compare/{}.csv", comparison.slug), csv, origin.clone())));
        let pairs: Vec<LinkContext> = comparison
            .pairs
            .iter()
            .map(|&(a, b)| LinkContext {
                title: pair_title(graph, a, b),
                url: graph.config.site_url(&pair_url(graph, a, b)),
            })
            .collect();
        let comparison_summary = summary(graph, comparison);
        let description = Some(comparison_summary.description.as_str());
        let path = format!("/compare/{}/", comparison.slug);
        let seo = generated_seo(graph, site, ("WebPage", &comparison_summary.title, description), &path);
        let context = CompareTemplate {
            site,
            seo,
            comparison: comparison_summary,
            table_html: table_html(graph, &comparison.table, &header),
            pairs,
            script: site.compare_script.clone(),
        };
        let html = templates.render("compare.html", &context);
        out.push(html.map(|h| OutputFile::bytes(format!("compare/{}/index.html", comparison.slug), h, origin.clone())));
        for &(a, b) in &comparison.pairs {
            out.push(render_pair(graph, templates, site, comparison, (a, b)));
        }
    }
    out
}

/// A comparison as listed on the comparisons index and the home page.
pub(super) fn summary(graph: &SiteGraph, c: &Comparison) -> ComparisonSummary {
    let base = graph.config.base_path();
    ComparisonSummary {
        title: c.table.title.clone(),
        description: c.table.description.clone(),
        url: format!("{base}/compare/{}/", c.slug),
        csv_url: format!("{base}/compare/{}.csv", c.slug),
        rows: c.table.rows.len(),
    }
}

fn pair_title(graph: &SiteGraph, a: PageId, b: PageId) -> String {
    format!("{} vs {}", graph.pages[a].parsed.meta.title, graph.pages[b].parsed.meta.title)
}

/// `/compare/<a>-vs-<b>/` with the slugs in a stable order.
pub(super) fn pair_url(graph: &SiteGraph, a: PageId, b: PageId) -> String {
    format!("/compare/{}-vs-{}/", graph.pages[a].slug, graph.pages[b].slug)
}

fn render_pair(
    graph: &SiteGraph,
    templates: &Templates,
    site: &SiteContext,
    comparison: &Comparison,
    (a, b): (PageId, PageId),
) -> Rendered {
    let base = graph.config.base_path();
    let link = |id: PageId| LinkContext {
        title: graph.pages[id].parsed.meta.title.clone(),
        url: graph.config.site_url(&graph.pages[id].url),
    };
    let rows = pair_rows(graph, &comparison.table, a, b);
    let title = pair_title(graph, a, b);
    let description =
        format!("{} and {} compared fact by fact.", graph.pages[a].parsed.meta.title, graph.pages[b].parsed.meta.title);
    let seo = generated_seo(graph, site, ("WebPage", &title, Some(&description)), &pair_url(graph, a, b));
    let context = ComparePairTemplate {
        site,
        seo,
        title: pair_title(graph, a, b),
        a: link(a),
        b: link(b),
        columns: pair_columns(graph, a, b),
        rows,
        comparison: LinkContext {
            title: comparison.table.title.clone(),
            url: format!("{base}/compare/{}/", comparison.slug),
        },
    };
    let url = pair_url(graph, a, b);
    let origin = Origin::config(format!("comparison `{}`", comparison.slug));
    templates.render("compare_pair.html", &context).map(|h| OutputFile::bytes(super::output_path_of(&url), h, origin))
}
