//! Stage 3: parsed pages + configuration → [`SiteGraph`]. Pure: assigns
//! URLs, builds the section tree, resolves and checks every internal link
//! and anchor, and files pages under taxonomy terms.

mod comparisons;
mod content_paths;
mod embedded_tables;
mod failed_sources;
mod glossary;
mod link_graph;
mod links;
mod page_images;
mod page_patch;
mod permalinks;
mod resolve_memo;
mod site_graph;
mod taxonomies;
mod title_order;

pub(crate) use comparisons::{expand_rows, make_all_columns, row_pages, sort_value};
pub(crate) use glossary::GLOSSARY_SECTION;
pub(crate) use page_patch::patch_page;
pub(crate) use resolve_memo::ResolveMemo;
pub use site_graph::SiteGraph;
pub(crate) use site_graph::{
    ColumnSource, Comparison, ComparisonTable, GlossaryMention, PageId, ResolvedPage, Row, TableColumn, TaxonomyId,
    TaxonomyIndex, Term, page_ids, with_ids,
};

use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
use crate::load::Asset;
use crate::memo::Memo;
use crate::parse::ParsedPage;
use failed_sources::FailedSources;
use rayon::prelude::*;
use resolve_memo::PageLinks;
use std::collections::BTreeMap;
use std::sync::Arc;

/// What resolution found besides errors.
pub struct Resolved {
    /// The site.
    pub graph: SiteGraph,
    /// Errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
    /// Orphan-page warnings: only meaningful when nothing else failed, since
    /// a broken link makes its target look orphaned.
    pub orphans: Vec<Diagnostic>,
}

/// Sources of `content/` the build has no page for, by content path
/// (`methods/x.md`).
#[derive(Debug, Clone, Default)]
pub struct LeftOutSources {
    /// Sources that failed to parse: links to them are not reported again,
    /// since the page's own error says what is wrong.
    pub failed: Vec<String>,
    /// Drafts a build without `--drafts` leaves out: a link to one is an
    /// error that says so.
    pub drafts: Vec<String>,
}

/// Resolves the site. Pages that failed to parse and drafts left out are
/// absent; `left_out` names them, so links to them are reported as such.
pub fn build_site_graph(
    config: SiteConfig,
    mut parsed: Vec<std::sync::Arc<ParsedPage>>,
    mut assets: Vec<Asset>,
    left_out: &LeftOutSources,
    memo: &mut ResolveMemo,
) -> Resolved {
    parsed.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
    let mut pages: Vec<ResolvedPage> = parsed.into_iter().map(unresolved_page).collect();
    link_sections(&mut pages);
    let mut diagnostics = permalinks::find_url_collisions(&pages);
    diagnostics.extend(content_paths::check_bundles(&pages));
    let content_paths = content_paths::ContentPaths::new(&pages);
    let failed = FailedSources::new(&left_out.failed);
    let drafts = FailedSources::new(&left_out.drafts);
    for asset in &mut assets {
        if let Some(inside) = asset.rel_path.strip_prefix("content/") {
            asset.output_path = content_paths.site_path(inside).trim_start_matches('/').to_string();
        }
    }
    diagnostics.extend(page_images::resolve_page_images(&mut pages, &assets));
    let targets = links::LinkTargets::new(&pages, (&failed, &drafts), &content_paths);
    let source_policy = config.sources.policy.as_ref().and_then(|p| targets.resolve_policy(p, &mut diagnostics));
    let targets_key = resolve_memo::link_targets_key(&pages, &left_out.failed, &left_out.drafts);
    let resolved = resolve_links(&targets, &pages, targets_key, &mut memo.links);
    let (mut deferred_links, mut linked) = (Vec::new(), Vec::with_capacity(pages.len()));
    for (page, resolved) in pages.iter_mut().zip(resolved) {
        page.links = resolved.links.clone();
        linked.push(resolved.linked.clone());
        diagnostics.extend(resolved.diagnostics.iter().cloned());
        deferred_links.extend(resolved.deferred.iter().cloned());
    }
    let titles = title_order::TitleOrder::new(&pages);
    let mut taxonomies = taxonomies::build_taxonomies(&config, &mut pages, &titles, &mut diagnostics);
    add_term_tables(&config, &pages, &mut taxonomies);
    let inputs = comparisons::TableInputs { config: &config, pages: &pages, taxonomies: &taxonomies, failed: &failed };
    let comparisons = comparisons::build_comparisons(&inputs, &mut diagnostics);
    let embedded = all_embedded_tables(&inputs, &mut diagnostics);
    for (page, tables) in pages.iter_mut().zip(embedded) {
        page.embedded_tables = tables;
    }
    add_page_extras(&mut pages, &linked, &titles, &mut memo.related);
    let orphans = link_graph::find_orphans(&pages);
    let glossary_terms = glossary::glossary_terms(&pages);
    let home = with_ids(&pages).find(|(_, p)| p.parsed.is_home()).map(|(id, _)| id);
    let graph = SiteGraph {
        config,
        pages,
        home,
        taxonomies,
        assets,
        deferred_links,
        comparisons,
        glossary_terms,
        source_policy,
    };
    Resolved { graph, diagnostics, orphans }
}

/// A page with its URL and slug, before anything else is resolved.
fn unresolved_page(parsed: std::sync::Arc<ParsedPage>) -> ResolvedPage {
    let (url, slug) = permalinks::permalink(&parsed);
    ResolvedPage {
        parsed,
        url,
        slug,
        parent: None,
        children: Vec::new(),
        subsections: Vec::new(),
        links: Arc::default(),
        terms: Vec::new(),
        backlinks: Vec::new(),
        related: Arc::from([]),
        glossary_mentions: BTreeMap::new(),
        embedded_tables: BTreeMap::new(),
        image: None,
    }
}

/// The links of every page, resolved in parallel, or taken from `memo`
/// when neither the page nor anything it resolves against changed
/// (`targets_key`).
fn resolve_links(
    targets: &links::LinkTargets<'_>,
    pages: &[ResolvedPage],
    targets_key: u64,
    memo: &mut Memo<String, Arc<PageLinks>>,
) -> Vec<Arc<PageLinks>> {
    let shared = &*memo;
    let resolved: Vec<(u64, Arc<PageLinks>)> = with_ids(pages)
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|(id, page)| {
            let key = resolve_memo::page_links_key(targets_key, page);
            let kept = shared.lookup(&page.parsed.rel_path, key).cloned();
            let made = kept.unwrap_or_else(|| {
                let (mut diagnostics, mut deferred) = (Vec::new(), Vec::new());
                let links = targets.resolve_page(id, &mut diagnostics, &mut deferred);
                let linked = link_graph::linked_pages(id, &page.parsed, &links);
                Arc::new(PageLinks { links: Arc::new(links), linked, diagnostics, deferred })
            });
            (key, made)
        })
        .collect();
    for (page, (key, links)) in pages.iter().zip(&resolved) {
        memo.record(page.parsed.rel_path.clone(), *key, links.clone());
    }
    memo.finish();
    resolved.into_iter().map(|(_, links)| links).collect()
}

/// Each term's comparison table, when its pages belong to a collection.
fn add_term_tables(config: &SiteConfig, pages: &[ResolvedPage], taxonomies: &mut [TaxonomyIndex]) {
    let term_tables: Vec<Vec<_>> = taxonomies
        .iter()
        .map(|t| {
            let terms = t.terms.iter();
            terms.map(|term| comparisons::term_table(config, pages, &term.pages, taxonomies, &term.name)).collect()
        })
        .collect();
    for (taxonomy, tables) in taxonomies.iter_mut().zip(term_tables) {
        for (term, table) in taxonomy.terms.iter_mut().zip(tables) {
            term.table = table;
        }
    }
}

/// The tables of every page's compare blocks, in parallel.
fn all_embedded_tables(
    inputs: &comparisons::TableInputs<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<BTreeMap<usize, ComparisonTable>> {
    let extras: Vec<_> = (0..inputs.pages.len())
        .into_par_iter()
        .map(|id| {
            let mut d = Vec::new();
            let tables = embedded_tables::embedded_tables(inputs, PageId(id), &mut d);
            (tables, d)
        })
        .collect();
    let mut out = Vec::with_capacity(extras.len());
    for (tables, d) in extras {
        out.push(tables);
        diagnostics.extend(d);
    }
    out
}

/// Glossary mentions, backlinks and related pages.
fn add_page_extras(
    pages: &mut [ResolvedPage],
    linked: &[Arc<[link_graph::LinkedPage]>],
    titles: &title_order::TitleOrder,
    memo: &mut link_graph::RelatedMemo,
) {
    let terms = glossary::glossary_terms(pages);
    if let Some(matcher) = glossary::GlossaryMatcher::new(pages, &terms) {
        let mentions: Vec<_> = pages.par_iter().enumerate().map(|(id, p)| matcher.mentions(PageId(id), p)).collect();
        for (page, m) in pages.iter_mut().zip(mentions) {
            page.glossary_mentions = m;
        }
    }
    link_graph::add_backlinks(pages, linked);
    link_graph::sort_backlinks(pages, titles);
    link_graph::add_related(pages, titles, memo);
}

/// Sets parents, children and subsections from the folders.
fn link_sections(pages: &mut [ResolvedPage]) {
    let sections: BTreeMap<String, PageId> = with_ids(pages)
        .filter(|(_, p)| p.parsed.is_section)
        .map(|(id, p)| (p.parsed.folder().to_string(), id))
        .collect();
    for id in page_ids(pages) {
        let p = &pages[id].parsed;
        let mut folder = if p.is_section { parent_folder(p.folder()) } else { Some(p.folder().to_string()) };
        let mut parent = None;
        while let Some(f) = folder {
            if let Some(&s) = sections.get(&f) {
                parent = Some(s);
                break;
            }
            folder = parent_folder(&f);
        }
        pages[id].parent = parent;
        if let Some(s) = parent {
            if pages[id].parsed.is_section {
                pages[s].subsections.push(id);
            } else {
                pages[s].children.push(id);
            }
        }
    }
    for id in 0..pages.len() {
        let mut children = std::mem::take(&mut pages[id].children);
        children.sort_by(|&a, &b| display_order(&pages[a], &pages[b]).then(a.cmp(&b)));
        pages[id].children = children;
        let mut subsections = std::mem::take(&mut pages[id].subsections);
        subsections.sort_by(|&a, &b| display_order(&pages[a], &pages[b]).then(a.cmp(&b)));
        pages[id].subsections = subsections;
    }
}

/// By weight (pages without one last), then title.
fn display_order(a: &ResolvedPage, b: &ResolvedPage) -> std::cmp::Ordering {
    let wa = a.parsed.meta.weight.unwrap_or(i64::MAX);
    let wb = b.parsed.meta.weight.unwrap_or(i64::MAX);
    wa.cmp(&wb).then_with(|| a.parsed.meta.title.cmp(&b.parsed.meta.title))
}

fn parent_folder(folder: &str) -> Option<String> {
    if folder.is_empty() {
        return None;
    }
    Some(folder.rsplit_once('/').map_or(String::new(), |(p, _)| p.to_string()))
}
