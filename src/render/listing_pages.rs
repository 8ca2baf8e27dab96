//! Pages rendered through templates: articles, sections, the home page,
//! taxonomy lists and terms, and the 404 page.

use super::article_html::render_body;
use super::output::{Origin, OutputContent, OutputFile, output_path_of};
use super::page_context::{page_context, page_summary};
use super::render_cache::{CacheUpdate, RenderCache, body_key, page_fingerprint, term_page_key};
use super::seo_context::generated_seo;
use super::template_context::*;
use super::templates::Templates;
use crate::diagnostics::{Code, Diagnostic};
use crate::drafts::DraftNotes;
use crate::resolve::{ResolvedPage, SiteGraph};

/// What every page of one render shares.
pub(super) struct PageRenderEnv<'a> {
    /// The resolved site.
    pub graph: &'a SiteGraph,
    /// The compiled templates.
    pub templates: &'a Templates,
    /// The site context.
    pub site: &'a SiteContext,
    /// [`super::render_cache::site_hash`] of `site` (0 without caching).
    pub site_hash: u64,
    /// The drafts of the build and their problems, for their banners.
    pub drafts: &'a DraftNotes,
}

/// Renders one page or section through its template, reusing what `cache`
/// holds for unchanged inputs.
pub(super) fn render_page(
    env: &PageRenderEnv<'_>,
    page: &ResolvedPage,
    cache: &RenderCache,
) -> (Result<OutputFile, Vec<Diagnostic>>, CacheUpdate) {
    let mut update = CacheUpdate::default();
    let result = render_page_with(env, page, cache, &mut update);
    (result, update)
}

fn render_page_with(
    env: &PageRenderEnv<'_>,
    page: &ResolvedPage,
    cache: &RenderCache,
    update: &mut CacheUpdate,
) -> Result<OutputFile, Vec<Diagnostic>> {
    let (graph, templates) = (env.graph, env.templates);
    let (site, site_hash) = (env.site, env.site_hash);
    let draft = env.drafts.problems(&page.parsed.rel_path);
    let is_home = page.parsed.is_section && page.parsed.folder().is_empty();
    let name = template_name(page, templates)?;
    let output = output_path_of(&page.url);
    let origin = Origin::page(&page.parsed);
    let body_key = cache.is_enabled().then(|| body_key(graph, page));
    // Everything the page shows, hashed from the graph without building its
    // context: an unchanged page costs a hash and a lookup.
    // The home page shows every collection page, term and comparison: it is
    // keyed by its whole context instead (`render_home_memoised`).
    let key = body_key
        .filter(|_| !is_home)
        .map(|b| page_fingerprint((graph, cache), page, (name, site_hash, b)))
        .map(|k| super::draft_banner::with_problems(k, draft));
    if let Some((k, content)) = key.and_then(|k| cache.page(&output, k).map(|b| (k, b))) {
        update.reused = true;
        // Noted as used, so the next build may reuse it too.
        update.page = Some((output.clone(), k, content.clone()));
        if let Some(b) = body_key
            && let Some(html) = cache.body(&page.parsed.rel_path, b)
        {
            update.body = Some((page.parsed.rel_path.clone(), b, html));
        }
        return Ok(OutputFile { path: output, content, origin });
    }
    let content = cached_body(graph, page, body_key, cache, update);
    let mut context = page_context(graph, site, page, content);
    if let Some(problems) = draft {
        // A draft shows its banner and asks search engines to stay away.
        context.draft = Some(super::draft_banner::draft_context(&page.parsed.rel_path, problems));
        context.seo.noindex = true;
    }
    if is_home && name == "index.html" && cache.is_enabled() {
        let content = render_home_memoised(env, page, context, cache, update)?;
        return Ok(OutputFile { path: output, content, origin });
    }
    let html = render_template(env, page, name, context)?.into_bytes();
    match key {
        Some(k) => {
            let shared: std::sync::Arc<[u8]> = html.into();
            update.page = Some((output.clone(), k, OutputContent::Shared(shared.clone())));
            Ok(OutputFile { path: output, content: OutputContent::Shared(shared), origin })
        }
        None => Ok(OutputFile::bytes(output, html, origin)),
    }
}

/// The template of `page`: the one its front matter names, or the one of
/// its kind (home, glossary, section, article).
fn template_name<'t>(page: &'t ResolvedPage, templates: &Templates) -> Result<&'t str, Vec<Diagnostic>> {
    let parsed = &page.parsed;
    let default = match (parsed.is_section, parsed.folder()) {
        (true, "") => "index.html",
        (true, crate::resolve::GLOSSARY_SECTION) => "glossary.html",
        (true, _) => "section.html",
        (false, _) => "page.html",
    };
    match &parsed.meta.template {
        Some(t) if !templates.has(&t.value) => {
            let d = Diagnostic::error(Code::Template, &parsed.rel_path, format!("template `{}` not found", t.value))
                .at(t.at)
                .with_help(format!("templates are looked up in: {}", templates.search_path()));
            Err(vec![d])
        }
        Some(t) => Ok(t.value.as_str()),
        None => Ok(default),
    }
}

/// Renders `name` with the context of `page`'s kind; the home page's and
/// the glossary's own lists only go to their own templates.
fn render_template(
    env: &PageRenderEnv<'_>,
    page: &ResolvedPage,
    name: &str,
    context: super::template_context::PageContext,
) -> Result<String, Vec<Diagnostic>> {
    let (graph, templates, site) = (env.graph, env.templates, env.site);
    let parsed = &page.parsed;
    let is_home = parsed.is_section && parsed.folder().is_empty();
    let is_glossary = parsed.is_section && parsed.folder() == crate::resolve::GLOSSARY_SECTION;
    if is_home && name == "index.html" {
        templates.render(name, &home_template(graph, site, page, context))
    } else if is_glossary && name == "glossary.html" {
        templates.render(name, &GlossaryTemplate { site, section: context, letters: glossary_letters(graph) })
    } else if parsed.is_section {
        let pages = page.children.iter().map(|&c| page_summary(graph, &graph.pages[c])).collect();
        let subsections = page.subsections.iter().map(|&c| page_summary(graph, &graph.pages[c])).collect();
        templates.render(name, &SectionTemplate { site, section: context, pages, subsections })
    } else {
        templates.render(name, &PageTemplate { site, page: context })
    }
}

/// The home page, reused when its whole template context is what it was:
/// it lists every page, so rendering it is most of a rebuild's rendering on
/// a large site, while its context is cheap to make and to hash (it is all
/// the template reads; templates and site.toml clear the cache).
fn render_home_memoised(
    env: &PageRenderEnv<'_>,
    page: &ResolvedPage,
    context: super::template_context::PageContext,
    cache: &RenderCache,
    update: &mut CacheUpdate,
) -> Result<OutputContent, Vec<Diagnostic>> {
    let home = home_template(env.graph, env.site, page, context);
    let key = super::render_cache::context_key(&home);
    let output = output_path_of(&page.url);
    let content = match cache.page(&output, key) {
        Some(content) => {
            update.reused = true;
            content
        }
        None => OutputContent::Shared(env.templates.render("index.html", &home)?.into_bytes().into()),
    };
    update.page = Some((output, key, content.clone()));
    Ok(content)
}

fn home_template<'a>(
    graph: &SiteGraph,
    site: &'a SiteContext,
    page: &ResolvedPage,
    section: PageContext,
) -> HomeTemplate<'a> {
    HomeTemplate {
        site,
        section,
        pages: page.children.iter().map(|&c| page_summary(graph, &graph.pages[c])).collect(),
        subsections: page.subsections.iter().map(|&c| page_summary(graph, &graph.pages[c])).collect(),
        taxonomies: super::home_page::home_taxonomies(graph),
        collections: super::home_page::home_collections(graph),
        comparisons: super::home_page::home_comparisons(graph),
        sections: super::home_page::home_sections(graph),
    }
}

/// The body HTML, from the cache when its inputs did not change.
fn cached_body(
    graph: &SiteGraph,
    page: &ResolvedPage,
    key: Option<u64>,
    cache: &RenderCache,
    update: &mut CacheUpdate,
) -> String {
    let Some(key) = key else { return render_body(graph, page) };
    let html: std::sync::Arc<str> = match cache.body(&page.parsed.rel_path, key) {
        Some(html) => html,
        None => render_body(graph, page).into(),
    };
    update.body = Some((page.parsed.rel_path.clone(), key, html.clone()));
    html.to_string()
}

/// The glossary's terms grouped by first letter, A–Z.
fn glossary_letters(graph: &SiteGraph) -> Vec<GlossaryLetter> {
    let mut letters: Vec<GlossaryLetter> = Vec::new();
    for &id in &graph.glossary_terms {
        let page = &graph.pages[id];
        let first = page.parsed.meta.title.chars().next().map(|c| c.to_uppercase().to_string()).unwrap_or_default();
        let letter = if first.chars().all(char::is_alphabetic) && !first.is_empty() { first } else { "#".to_string() };
        let aliases = match page.parsed.facts.get("aliases") {
            Some(crate::parse::FactValue::List(items)) => items.clone(),
            _ => Vec::new(),
        };
        let entry = GlossaryEntry {
            title: page.parsed.meta.title.clone(),
            url: graph.config.site_url(&page.url),
            anchor: format!("term-{}", page.slug),
            description: page.parsed.meta.description.clone(),
            aliases,
        };
        match letters.iter_mut().find(|l| l.letter == letter) {
            Some(l) => l.terms.push(entry),
            None => letters.push(GlossaryLetter {
                anchor: format!(
                    "letter-{}",
                    crate::text::slugify(&letter).chars().next().map_or("other".to_string(), |c| c.to_string())
                ),
                letter,
                terms: vec![entry],
            }),
        }
    }
    letters
}

/// The home page when there is no `content/_index.md`, taxonomy pages and 404.
pub(super) fn render_listings(
    graph: &SiteGraph,
    templates: &Templates,
    site: &SiteContext,
    cache: &mut RenderCache,
    site_hash: u64,
) -> Vec<Result<OutputFile, Vec<Diagnostic>>> {
    let mut out = Vec::new();
    if graph.home.is_none() {
        out.push(render_default_home(graph, templates, site));
    }
    for (t_index, taxonomy) in graph.taxonomies.iter().enumerate() {
        let link = LinkContext { title: taxonomy.title.clone(), url: graph.config.site_url(&taxonomy.url) };
        let terms: Vec<TermSummary> =
            taxonomy.terms.iter().map(|t| super::home_page::term_summary(graph, taxonomy, t)).collect();
        let origin = Origin::config(format!("taxonomy `{}`", taxonomy.name));
        let seo = generated_seo(graph, site, ("CollectionPage", &taxonomy.title, None), &taxonomy.url);
        let list = TaxonomyListTemplate { site, seo, taxonomy: link.clone(), terms: terms.clone() };
        out.push(
            templates
                .render("taxonomy_list.html", &list)
                .map(|html| OutputFile::bytes(output_path_of(&taxonomy.url), html, origin.clone())),
        );
        for (index, (term, summary)) in taxonomy.terms.iter().zip(terms).enumerate() {
            let key = term_page_key(graph, cache, site_hash, t_index, index);
            let path = output_path_of(&term.url);
            let html = match cache.reuse_file(&path, key) {
                Some(kept) => Ok(kept),
                None => {
                    let pages = term.pages.iter().map(|&p| page_summary(graph, &graph.pages[p])).collect();
                    let table_html = term.table.as_ref().filter(|t| !t.rows.is_empty()).map(|t| {
                        super::compare_table::table_html_cached(
                            graph,
                            t,
                            &super::compare_table::row_header(graph, t),
                            cache,
                        )
                    });
                    let title = format!("{} · {}", summary.label, taxonomy.title);
                    let seo = generated_seo(
                        graph,
                        site,
                        ("CollectionPage", &title, summary.description.as_deref()),
                        &term.url,
                    );
                    let context =
                        TaxonomyTermTemplate { site, seo, taxonomy: link.clone(), term: summary, pages, table_html };
                    templates.render("taxonomy_term.html", &context).map(|html| {
                        let html: std::sync::Arc<[u8]> = html.into_bytes().into();
                        cache.keep_file(&path, key, html.clone());
                        OutputContent::Shared(html)
                    })
                }
            };
            let origin = origin.clone();
            out.push(html.map(|content| OutputFile { path, content, origin }));
        }
    }
    out.push(
        templates
            .render("404.html", &NotFoundTemplate { site, seo: super::seo_context::not_found_seo(graph, site) })
            .map(|html| OutputFile::bytes("404.html", html, Origin::generated("the generated 404 page"))),
    );
    out
}

fn render_default_home(
    graph: &SiteGraph,
    templates: &Templates,
    site: &SiteContext,
) -> Result<OutputFile, Vec<Diagnostic>> {
    let base = graph.config.base_path();
    let section = PageContext {
        title: graph.config.title.clone(),
        description: Some(graph.config.description.clone()).filter(|d| !d.is_empty()),
        url: format!("{base}/"),
        permalink: graph.config.absolute_url("/"),
        date: None,
        updated: None,
        reviewed: None,
        byline: BylineContext { authors: Vec::new(), reviewers: Vec::new(), next_review: None, report_url: None },
        seo: SeoContext {
            og_type: "website".to_string(),
            ..generated_seo(graph, site, ("WebSite", &graph.config.title, Some(graph.config.description.as_str())), "/")
        },
        content: String::new(),
        intro: String::new(),
        rest: String::new(),
        toc: Vec::new(),
        show_toc: false,
        facts: Vec::new(),
        variants: Vec::new(),
        collection: None,
        references: Vec::new(),
        taxonomies: Vec::new(),
        parent: None,
        extra: serde_json::Value::Null,
        has_code: false,
        json_ld: String::new(),
        is_section: true,
        has_table: false,
        has_tooltips: false,
        backlinks: Vec::new(),
        related: Vec::new(),
        comparisons: Vec::new(),
        pairs: Vec::new(),
        draft: None,
    };
    let pages = graph.articles().filter(|(_, p)| p.parent.is_none()).map(|(_, p)| page_summary(graph, p)).collect();
    let subsections =
        graph.sections().filter(|(_, p)| p.parent.is_none()).map(|(_, p)| page_summary(graph, p)).collect();
    let html = templates.render(
        "index.html",
        &HomeTemplate {
            site,
            section,
            pages,
            subsections,
            taxonomies: super::home_page::home_taxonomies(graph),
            collections: super::home_page::home_collections(graph),
            comparisons: super::home_page::home_comparisons(graph),
            sections: super::home_page::home_sections(graph),
        },
    )?;
    Ok(OutputFile::bytes("index.html", html, Origin::generated("the generated home page")))
}
