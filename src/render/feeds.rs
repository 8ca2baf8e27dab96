//! Machine-read outputs: `sitemap.xml`, `atom.xml`, `robots.txt` and the
//! alias redirect pages, each rendered with the template of that name
//! (`alias.html` for the redirects), which a site's `templates/` or a theme
//! may override; the built-in theme's versions are the fallback for every
//! theme. The contexts are in `feed_context.rs`.

use super::Templates;
use super::feed_context::{AliasContext, AtomContext, AtomEntry, RobotsContext, SitemapContext, SitemapEntry};
use super::output::{Origin, OutputContent, OutputFile, output_path_of};
use super::render_cache::RenderCache;
use crate::diagnostics::Diagnostic;
use crate::resolve::{ResolvedPage, SiteGraph};
use chrono::NaiveDate;

/// A rendered file, or the template's errors.
type Rendered = Result<OutputFile, Vec<Diagnostic>>;

/// All feed-like files. `atom.xml` lists the articles that have a date
/// (`date`, `updated` or `reviewed`); when none has, no feed is written
/// (a feed must say when it was updated, and dermis does not invent a date).
pub(super) fn render_feeds(graph: &SiteGraph, templates: &Templates, cache: &mut RenderCache) -> Vec<Rendered> {
    let mut out = vec![sitemap(graph, templates, cache), robots(graph, templates)];
    out.extend(atom(graph, templates, cache));
    out.extend(aliases(graph, templates));
    out
}

/// Whether `atom.xml` is written: some article has a date.
pub(super) fn has_feed(graph: &SiteGraph) -> bool {
    graph.articles().any(|(_, p)| last_change(p).is_some())
}

fn last_change(page: &ResolvedPage) -> Option<NaiveDate> {
    let m = &page.parsed.meta;
    [m.date, m.updated, m.reviewed].into_iter().flatten().max()
}

/// [`render`], reusing the last build's file when `context` is the same:
/// keyed by a hash of the context itself, which is all the template reads
/// (templates and site.toml clear the cache when they change). The sitemap
/// and the feed list every page: at 10,000 articles, rendering them was a
/// third of a rebuild in `serve`.
fn render_memoised(
    cache: &mut RenderCache,
    (templates, template): (&Templates, &str),
    context: &impl serde::Serialize,
    path: String,
    origin: Origin,
) -> Rendered {
    if !cache.is_enabled() {
        return render(templates, template, context, path, origin);
    }
    let key = super::render_cache::context_key(context);
    if let Some(content) = cache.reuse_file(&path, key) {
        return Ok(OutputFile { path, content, origin });
    }
    let bytes: std::sync::Arc<[u8]> = templates.render(template, context)?.into_bytes().into();
    cache.keep_file(&path, key, bytes.clone());
    Ok(OutputFile { path, content: OutputContent::Shared(bytes), origin })
}

/// Renders `template` into the file at `path`.
fn render(
    templates: &Templates,
    template: &str,
    context: &impl serde::Serialize,
    path: String,
    origin: Origin,
) -> Rendered {
    Ok(OutputFile::bytes(path, templates.render(template, context)?, origin))
}

fn sitemap(graph: &SiteGraph, templates: &Templates, cache: &mut RenderCache) -> Rendered {
    let entries = sitemap_urls(graph)
        .into_iter()
        .map(|(url, lastmod)| SitemapEntry {
            permalink: graph.config.absolute_url(&url),
            lastmod: lastmod.map(|d| d.format("%Y-%m-%d").to_string()),
        })
        .collect();
    let origin = Origin::generated("the generated sitemap.xml");
    let context = SitemapContext { entries };
    render_memoised(cache, (templates, "sitemap.xml"), &context, "sitemap.xml".to_string(), origin)
}

/// Every URL of the site with its newest change, sorted, without duplicates.
fn sitemap_urls(graph: &SiteGraph) -> Vec<(String, Option<NaiveDate>)> {
    let mut entries: Vec<(String, Option<NaiveDate>)> =
        graph.pages.iter().map(|p| (p.url.clone(), last_change(p))).collect();
    if graph.home.is_none() {
        entries.push(("/".to_string(), graph.pages.iter().filter_map(last_change).max()));
    }
    let newest = |rows: &mut dyn Iterator<Item = crate::resolve::PageId>| {
        rows.filter_map(|p| last_change(&graph.pages[p])).max()
    };
    if !graph.comparisons.is_empty() {
        let all = newest(&mut graph.comparisons.iter().flat_map(|c| c.table.rows.iter().map(|r| r.page)));
        entries.push(("/compare/".to_string(), all));
    }
    for comparison in &graph.comparisons {
        entries.push((
            format!("/compare/{}/", comparison.slug),
            newest(&mut comparison.table.rows.iter().map(|r| r.page)),
        ));
        for &(a, b) in &comparison.pairs {
            entries.push((super::compare_pages::pair_url(graph, a, b), newest(&mut [a, b].into_iter())));
        }
    }
    entries.push(("/search/".to_string(), None));
    for taxonomy in &graph.taxonomies {
        let all = taxonomy.terms.iter().flat_map(|t| &t.pages).filter_map(|&p| last_change(&graph.pages[p])).max();
        entries.push((taxonomy.url.clone(), all));
        for term in &taxonomy.terms {
            entries.push((term.url.clone(), term.pages.iter().filter_map(|&p| last_change(&graph.pages[p])).max()));
        }
    }
    entries.sort();
    entries.dedup_by(|a, b| a.0 == b.0);
    entries
}

fn atom(graph: &SiteGraph, templates: &Templates, cache: &mut RenderCache) -> Option<Rendered> {
    let config = &graph.config;
    let mut articles: Vec<(&ResolvedPage, NaiveDate)> =
        graph.articles().filter_map(|(_, p)| last_change(p).map(|d| (p, d))).collect();
    articles.sort_by(|(a, da), (b, db)| {
        db.cmp(da).then_with(|| a.parsed.meta.title.cmp(&b.parsed.meta.title)).then_with(|| a.url.cmp(&b.url))
    });
    let updated = rfc3339(articles.first().map(|(_, d)| *d)?);
    let entries = articles
        .into_iter()
        .map(|(page, changed)| AtomEntry {
            title: &page.parsed.meta.title,
            permalink: config.absolute_url(&page.url),
            updated: rfc3339(changed),
            published: page.parsed.meta.date.map(rfc3339),
            summary: page.parsed.meta.description.as_deref(),
        })
        .collect();
    let context = AtomContext {
        language: &config.language,
        title: &config.title,
        description: &config.description,
        feed_url: config.absolute_url("/atom.xml"),
        home_url: config.absolute_url("/"),
        updated,
        author: &config.author,
        entries,
    };
    let origin = Origin::generated("the generated atom.xml");
    Some(render_memoised(cache, (templates, "atom.xml"), &context, "atom.xml".to_string(), origin))
}

fn rfc3339(date: NaiveDate) -> String {
    format!("{}T00:00:00Z", date.format("%Y-%m-%d"))
}

fn robots(graph: &SiteGraph, templates: &Templates) -> Rendered {
    let context = RobotsContext { sitemap_url: graph.config.absolute_url("/sitemap.xml") };
    let origin = Origin::generated("the generated robots.txt");
    render(templates, "robots.txt", &context, "robots.txt".to_string(), origin)
}

fn aliases(graph: &SiteGraph, templates: &Templates) -> Vec<Rendered> {
    let mut out = Vec::new();
    for page in &graph.pages {
        for alias in &page.parsed.meta.aliases {
            let context = AliasContext {
                language: &graph.config.language,
                title: &page.parsed.meta.title,
                permalink: graph.config.absolute_url(&page.url),
                target: graph.config.site_url(&page.url),
            };
            let origin = Origin::Alias { rel_path: page.parsed.rel_path.clone(), at: alias.at };
            out.push(render(templates, "alias.html", &context, output_path_of(&alias.value), origin));
        }
    }
    out
}
