//! The home page as an entry point: the terms of each taxonomy (with their
//! descriptions), every page of each collection grouped by its first enum
//! fact (for the bundled site: treatments by approach, topical → surgical),
//! the comparisons and the other sections' pages.

use super::display_text::capitalise;
use super::page_context::page_summary;
use super::template_context::{
    ComparisonSummary, HomeCollection, HomeGroup, HomeSection, HomeTaxonomy, LinkContext, TermSummary,
};
use crate::config::FactType;
use crate::parse::FactValue;
use crate::resolve::{GLOSSARY_SECTION, SiteGraph, TaxonomyIndex};

/// A term as listed on the home page, the taxonomy index and its own page.
pub(super) fn term_summary(graph: &SiteGraph, taxonomy: &TaxonomyIndex, term: &crate::resolve::Term) -> TermSummary {
    let description = graph.config.taxonomies.get(&taxonomy.name).and_then(|t| t.descriptions.get(&term.name)).cloned();
    TermSummary {
        name: term.name.clone(),
        label: capitalise(&term.name),
        url: format!("{}{}", graph.config.base_path(), term.url),
        count: term.pages.len(),
        description,
    }
}

/// Each taxonomy with its terms, in the order site.toml lists them (then by
/// name for terms it does not list).
pub(super) fn home_taxonomies(graph: &SiteGraph) -> Vec<HomeTaxonomy> {
    graph
        .taxonomies
        .iter()
        .map(|taxonomy| {
            let config = graph.config.taxonomies.get(&taxonomy.name);
            let listed = config.and_then(|c| c.terms.as_ref());
            let position = |name: &str| listed.and_then(|l| l.iter().position(|t| t == name)).unwrap_or(usize::MAX);
            let mut terms: Vec<&crate::resolve::Term> = taxonomy.terms.iter().collect();
            terms.sort_by(|a, b| position(&a.name).cmp(&position(&b.name)).then_with(|| a.name.cmp(&b.name)));
            HomeTaxonomy {
                title: taxonomy.title.clone(),
                heading: config.and_then(|c| c.home_title.clone()).unwrap_or_else(|| taxonomy.title.clone()),
                url: graph.config.site_url(&taxonomy.url),
                terms: terms.into_iter().map(|t| term_summary(graph, taxonomy, t)).collect(),
            }
        })
        .collect()
}

/// Every collection but the glossary, its pages grouped by the values of its
/// first enum fact in their declared order (one group without one).
pub(super) fn home_collections(graph: &SiteGraph) -> Vec<HomeCollection> {
    let mut out = Vec::new();
    for (name, collection) in &graph.config.collections {
        if collection.section == GLOSSARY_SECTION {
            continue;
        }
        let Some((_, section)) = graph.sections().find(|(_, p)| p.parsed.folder() == collection.section) else {
            continue;
        };
        let mut pages: Vec<_> =
            graph.articles().filter(|(_, p)| p.parsed.collection.as_deref() == Some(name.as_str())).collect();
        pages.sort_by(|(_, a), (_, b)| a.parsed.meta.title.cmp(&b.parsed.meta.title));
        let grouping = collection.facts.iter().find_map(|f| match &f.kind {
            FactType::Enum(values) => Some((f, values)),
            _ => None,
        });
        let groups = match grouping {
            Some((fact, values)) => values
                .iter()
                .map(|value| HomeGroup {
                    label: capitalise(value),
                    pages: pages
                        .iter()
                        .filter(|(_, p)| {
                            p.parsed
                                .facts
                                .iter()
                                .any(|(k, v)| *k == fact.key && matches!(v, FactValue::Enum(x, _) if x == value))
                        })
                        .map(|(_, p)| page_summary(graph, p))
                        .collect(),
                })
                .filter(|g| !g.pages.is_empty())
                .collect(),
            None => vec![HomeGroup {
                label: collection.title.clone(),
                pages: pages.iter().map(|(_, p)| page_summary(graph, p)).collect(),
            }],
        };
        out.push(HomeCollection {
            title: collection.title.clone(),
            url: graph.config.site_url(&section.url),
            grouped_by: grouping.map(|(f, _)| f.label.clone()),
            groups,
        });
    }
    out
}

/// Top-level sections that are not collections, with their pages.
pub(super) fn home_sections(graph: &SiteGraph) -> Vec<HomeSection> {
    let collection_sections: Vec<&str> = graph.config.collections.values().map(|c| c.section.as_str()).collect();
    let mut sections: Vec<_> = graph
        .sections()
        .filter(|(_, p)| {
            let folder = p.parsed.folder();
            !folder.is_empty() && !folder.contains('/') && !collection_sections.contains(&folder)
        })
        .map(|(_, p)| p)
        .collect();
    sections.sort_by(|a, b| {
        let (wa, wb) = (a.parsed.meta.weight.unwrap_or(i64::MAX), b.parsed.meta.weight.unwrap_or(i64::MAX));
        wa.cmp(&wb).then_with(|| a.parsed.meta.title.cmp(&b.parsed.meta.title))
    });
    sections
        .into_iter()
        .map(|s| HomeSection {
            link: LinkContext { title: s.parsed.meta.title.clone(), url: graph.config.site_url(&s.url) },
            pages: s.children.iter().map(|&c| page_summary(graph, &graph.pages[c])).collect(),
        })
        .collect()
}

/// The comparisons, as on the comparisons index.
pub(super) fn home_comparisons(graph: &SiteGraph) -> Vec<ComparisonSummary> {
    graph.comparisons.iter().map(|c| super::compare_pages::summary(graph, c)).collect()
}
