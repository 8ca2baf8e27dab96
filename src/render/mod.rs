//! Stage 4: [`SiteGraph`] → `Vec<OutputFile>`. Pure given the templates;
//! pages render in parallel and the result is sorted by output path, so the
//! output does not depend on thread scheduling.

mod article_html;
mod byline;
mod callouts;
mod compare_pages;
mod compare_table;
mod data_exports;
mod depth_diagram;
mod display_text;
mod draft_banner;
mod fact_sources;
mod feed_context;
mod feeds;
mod highlight;
mod home_page;
mod listing_pages;
mod output;
mod output_check;
mod page_context;
mod reference_list;
mod render_cache;
mod search;
mod seo_context;
mod structured_data;
mod template_context;
mod templates;
mod tera_message;

pub use article_html::render_body;
pub(crate) use display_text::display_fact;
pub(crate) use draft_banner::DraftContext;
pub(crate) use output::{Origin, output_path_of};
pub use output::{OutputContent, OutputFile, PreviousFile};
pub(crate) use output_check::{LinkScope, check_deferred_links, find_collisions, find_reserved, may_clash_with_search};
pub(crate) use render_cache::RenderCache;
pub(crate) use search::{PageWords, SearchCache, count_page_words};
pub(crate) use template_context::*;
pub(crate) use templates::{EMBEDDED_STATIC, Templates, ThemeStatic};

use crate::diagnostics::Diagnostic;
use crate::drafts::DraftNotes;
use crate::progress::StageCounter;
use crate::resolve::SiteGraph;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// URL of the theme stylesheet.
const STYLESHEET: &str = "/style.css";
/// URL of the generated highlighting stylesheet.
const SYNTAX_STYLESHEET: &str = "/syntax.css";

/// What render takes besides the graph and the templates.
pub(crate) struct RenderInputs<'a> {
    /// The banner of each draft.
    pub(crate) drafts: &'a DraftNotes,
    /// The pages' body words, when counted while resolve ran.
    pub(crate) page_words: Option<&'a PageWords>,
    /// Where search keeps its documents between builds, when the search is
    /// made with the rest of the site; `None` when the caller makes it
    /// afterwards with [`render_search_files`] (`serve`).
    pub(crate) search: Option<&'a Mutex<SearchCache>>,
}

/// Renders every output file of the site. `cache` (see [`RenderCache`])
/// lets `serve` skip pages whose inputs did not change; the output is the
/// same with or without it. `inputs` gives the banner of each draft and
/// the body words counted while resolve ran (the output is the same
/// without them); each
/// page of content ticks `progress`.
pub(crate) fn render_site(
    graph: &SiteGraph,
    templates: &Templates,
    cache: &mut RenderCache,
    inputs: &RenderInputs<'_>,
    progress: &StageCounter<'_>,
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let drafts = inputs.drafts;
    let site = site_context(graph, theme_has_image(templates));
    cache.start_build(graph);
    let mut diagnostics = Vec::new();
    let site_hash = if cache.is_enabled() { render_cache::site_hash(graph, &site) } else { 0 };
    let env = listing_pages::PageRenderEnv { graph, templates, site: &site, site_hash, drafts };
    // The search index needs the graph alone: it is built beside the pages,
    // listings and exports instead of after them.
    let with_search = graph.config.search.enabled && inputs.search.is_some();
    let (mut files, search) = rayon::join(
        || render_content(&env, cache, &mut diagnostics, progress),
        || with_search.then(|| search::prepare_search(graph, inputs.page_words)),
    );
    if let (Some(prepared), Some(search_cache)) = (search, inputs.search) {
        let mut search_cache = search_cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        match search::render_search(graph, templates, &site, &mut search_cache, prepared) {
            Ok(search_files) => files.extend(search_files),
            Err(d) => diagnostics.extend(d),
        }
    }
    cache.finish_build();
    if graph.pages.iter().any(|p| p.parsed.outline.has_code) {
        files.push(OutputFile::bytes(
            "syntax.css",
            highlight::highlight_css(),
            Origin::generated("the generated syntax.css"),
        ));
    }
    // The site's static/ overrides the theme's files of the same name, as
    // templates/ overrides the theme's templates.
    let overridden: std::collections::HashSet<&str> =
        graph.assets.iter().filter(|a| a.rel_path.starts_with("static/")).map(|a| a.output_path.as_str()).collect();
    files.extend(theme_static_files(templates).into_iter().filter(|f| !overridden.contains(f.path.as_str())));
    for asset in &graph.assets {
        files.push(OutputFile {
            path: asset.output_path.clone(),
            content: OutputContent::Copy(asset.source.clone()),
            origin: Origin::Asset { rel_path: asset.rel_path.clone() },
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path).then_with(|| a.origin.cmp(&b.origin)));
    (files, diagnostics)
}

/// The pages of content, their listings, feeds, comparison pages and data
/// exports.
fn render_content(
    env: &listing_pages::PageRenderEnv<'_>,
    cache: &mut RenderCache,
    diagnostics: &mut Vec<Diagnostic>,
    progress: &StageCounter<'_>,
) -> Vec<OutputFile> {
    let (graph, templates) = (env.graph, env.templates);
    let rendered: Vec<_> = graph
        .pages
        .par_iter()
        .map(|page| {
            let rendered = listing_pages::render_page(env, page, cache);
            progress.tick();
            rendered
        })
        .collect();
    let mut files = Vec::with_capacity(graph.pages.len() * 2);
    let mut updates = Vec::new();
    for (r, update) in rendered {
        match r {
            Ok(f) => files.push(f),
            Err(d) => diagnostics.extend(d),
        }
        updates.push(update);
    }
    cache.apply(updates);
    let listings = listing_pages::render_listings(graph, templates, env.site, cache, env.site_hash);
    let feeds = feeds::render_feeds(graph, templates, cache);
    let compare = compare_pages::render_compare_pages(graph, templates, env.site);
    for r in listings.into_iter().chain(feeds).chain(compare) {
        match r {
            Ok(f) => files.push(f),
            Err(d) => diagnostics.extend(d),
        }
    }
    files.extend(data_exports::render_exports(graph, cache));
    files
}

/// The search page, its A–Z pages and its index alone, for a build whose
/// [`render_site`] left them out (`serve` makes them after the rest of the
/// site). `None` when `stop` was set before they were done; nothing when
/// search is off. Sorted by path.
pub(crate) fn render_search_files(
    graph: &SiteGraph,
    templates: &Templates,
    cache: &mut SearchCache,
    stop: &AtomicBool,
) -> Option<Result<Vec<OutputFile>, Vec<Diagnostic>>> {
    if !graph.config.search.enabled {
        return Some(Ok(Vec::new()));
    }
    let site = site_context(graph, theme_has_image(templates));
    let prepared = search::prepare_search_until(graph, stop)?;
    if stop.load(Ordering::Relaxed) {
        return None;
    }
    let files = search::render_search(graph, templates, &site, cache, prepared);
    Some(files.map(|mut files| {
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }))
}

/// Renders again, without the cache, the pages of the source files
/// `rel_paths` (drafts whose banner gained problems from the output checks).
pub(crate) fn render_pages_again(
    graph: &SiteGraph,
    templates: &Templates,
    drafts: &DraftNotes,
    rel_paths: &BTreeSet<String>,
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let site = site_context(graph, theme_has_image(templates));
    let env = listing_pages::PageRenderEnv { graph, templates, site: &site, site_hash: 0, drafts };
    let cache = RenderCache::default();
    let mut files = Vec::new();
    let mut diagnostics = Vec::new();
    for page in graph.pages.iter().filter(|p| rel_paths.contains(&p.parsed.rel_path)) {
        match listing_pages::render_page(&env, page, &cache).0 {
            Ok(f) => files.push(f),
            Err(d) => diagnostics.extend(d),
        }
    }
    (files, diagnostics)
}

/// Whether the theme has the default Open Graph image.
fn theme_has_image(templates: &Templates) -> bool {
    match &templates.theme_static {
        ThemeStatic::Embedded => EMBEDDED_STATIC.iter().any(|(path, _)| *path == seo_context::DEFAULT_OG_IMAGE),
        ThemeStatic::Folder(files) => files.iter().any(|(rel, _)| rel == seo_context::DEFAULT_OG_IMAGE),
    }
}

fn site_context(graph: &SiteGraph, theme_has_image: bool) -> SiteContext {
    let base = graph.config.base_path().to_string();
    let nav = match graph.home {
        Some(home) => graph.pages[home].subsections.iter().map(|&s| &graph.pages[s]).collect::<Vec<_>>(),
        None => graph
            .sections()
            .filter(|(_, p)| p.parent.is_none() && !p.parsed.folder().is_empty())
            .map(|(_, p)| p)
            .collect(),
    };
    let link = |p: &crate::resolve::ResolvedPage| LinkContext {
        title: p.parsed.meta.title.clone(),
        url: graph.config.site_url(&p.url),
    };
    let nav: Vec<LinkContext> = nav.into_iter().map(link).collect();
    let taxonomies: Vec<LinkContext> = graph
        .taxonomies
        .iter()
        .map(|t| LinkContext { title: t.title.clone(), url: graph.config.site_url(&t.url) })
        .collect();
    let compare_url = (!graph.comparisons.is_empty()).then(|| format!("{base}/compare/"));
    let menu = main_menu(graph, &nav, &taxonomies, compare_url.as_deref());
    SiteContext {
        title: graph.config.title.clone(),
        description: graph.config.description.clone(),
        base_url: graph.config.base_url.clone(),
        language: graph.config.language.clone(),
        author: graph.config.author.clone(),
        nav,
        taxonomies,
        menu,
        stylesheet: graph.config.site_url(STYLESHEET),
        syntax_stylesheet: graph.config.site_url(SYNTAX_STYLESHEET),
        search_url: if graph.config.search.enabled { format!("{base}/search/") } else { String::new() },
        compare_url,
        glossary_url: graph
            .sections()
            .find(|(_, p)| p.parsed.folder() == crate::resolve::GLOSSARY_SECTION)
            .map(|(_, p)| graph.config.site_url(&p.url)),
        compare_script: format!("{base}/compare.js"),
        tooltip_script: format!("{base}/tooltips.js"),
        favicon: format!("{base}/favicon.svg"),
        og_image: seo_context::default_og_image(graph, theme_has_image),
        feed_url: feeds::has_feed(graph).then(|| format!("{base}/atom.xml")),
        text: TextContext {
            disclaimer_title: graph.config.text.disclaimer_title.clone(),
            disclaimer: graph.config.text.disclaimer.clone(),
            footer: graph.config.text.footer.clone(),
            search_hint: graph.config.text.search_hint.clone(),
            unreviewed: graph.config.text.unreviewed.clone(),
        },
        base_path: base,
    }
}

/// The main navigation, by what readers come for: the sections of
/// collections (the treatments), the taxonomies (the concerns), the
/// comparisons, then the other sections (guides) and the glossary last, each
/// group in display order.
fn main_menu(
    graph: &SiteGraph,
    nav: &[LinkContext],
    taxonomies: &[LinkContext],
    compare_url: Option<&str>,
) -> Vec<LinkContext> {
    let base = graph.config.base_path();
    let collection_urls: Vec<String> = graph
        .config
        .collections
        .values()
        .filter(|c| c.section != crate::resolve::GLOSSARY_SECTION)
        .map(|c| format!("{base}/{}/", c.section))
        .collect();
    let glossary_url = format!("{base}/{}/", crate::resolve::GLOSSARY_SECTION);
    let mut menu: Vec<LinkContext> = nav.iter().filter(|l| collection_urls.contains(&l.url)).cloned().collect();
    menu.extend(taxonomies.iter().cloned());
    if let Some(url) = compare_url {
        menu.push(LinkContext { title: "Compare".into(), url: url.to_string() });
    }
    menu.extend(nav.iter().filter(|l| !collection_urls.contains(&l.url) && l.url != glossary_url).cloned());
    menu.extend(nav.iter().filter(|l| l.url == glossary_url).cloned());
    menu
}

fn theme_static_files(templates: &Templates) -> Vec<OutputFile> {
    match &templates.theme_static {
        ThemeStatic::Embedded => EMBEDDED_STATIC
            .iter()
            .map(|(path, bytes)| OutputFile::bytes(*path, *bytes, Origin::generated(format!("the theme's {path}"))))
            .collect(),
        ThemeStatic::Folder(files) => files
            .iter()
            .map(|(rel, path)| OutputFile {
                path: rel.clone(),
                content: OutputContent::Copy(path.clone()),
                origin: Origin::generated(format!("the theme's {rel}")),
            })
            .collect(),
    }
}
