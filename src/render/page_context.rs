//! Building [`PageContext`]s: the page, its facts, links and JSON-LD.

use super::display_text::{capitalise, date_context, display_fact, scale_dots};
use super::fact_sources::{citations, source_html, source_kind};
use super::template_context::{
    BacklinkContext, CitationContext, FactCellContext, FactContext, LinkContext, PageContext, PageSummary,
    PageTaxonomyContext, SeoContext, SiteContext, TocEntry, VariantContext,
};
use crate::config::FactDef;
use crate::parse::{FactValue, ParsedPage};
use crate::resolve::{ResolvedPage, SiteGraph};

/// The full context of a page, body rendered.
pub(super) fn page_context(graph: &SiteGraph, site: &SiteContext, page: &ResolvedPage, content: String) -> PageContext {
    let meta = &page.parsed.meta;
    let toc = toc_entries(&page.parsed);
    let collection = page.parsed.collection.as_ref().and_then(|name| graph.config.collections.get(name));
    let facts = collection.map(|c| fact_contexts(c, &page.parsed)).unwrap_or_default();
    let collection_link = collection.map(|c| collection_link(graph, c));
    let parent = page
        .parent
        .map(|p| &graph.pages[p])
        .map(|p| LinkContext { title: p.parsed.meta.title.clone(), url: graph.config.site_url(&p.url) });
    let content = link_headings(&content);
    let split = content.find("<h2").unwrap_or(content.len());
    let (intro, rest) = (content[..split].to_string(), content[split..].to_string());
    let permalink = graph.config.absolute_url(&page.url);
    let json_ld = super::structured_data::page_json_ld(graph, page);
    PageContext {
        byline: super::byline::byline(&graph.config, meta, &permalink),
        seo: page_seo(graph, site, page, &permalink, &json_ld),
        intro,
        rest,
        title: meta.title.clone(),
        description: meta.description.clone(),
        url: graph.config.site_url(&page.url),
        permalink,
        date: meta.date.map(date_context),
        updated: meta.updated.map(date_context),
        reviewed: meta.reviewed.map(date_context),
        content,
        show_toc: meta.toc && toc.len() >= 2,
        toc,
        facts,
        variants: variant_contexts(&page.parsed),
        collection: collection_link,
        references: super::reference_list::reference_contexts(graph, page),
        taxonomies: page_taxonomies(graph, page),
        parent,
        extra: meta.extra.clone(),
        has_code: page.parsed.outline.has_code,
        json_ld,
        is_section: page.parsed.is_section,
        has_table: !page.embedded_tables.is_empty(),
        has_tooltips: page.glossary_mentions.values().any(|m| !m.is_empty()),
        backlinks: backlink_contexts(graph, page),
        related: page.related.iter().map(|&r| page_summary(graph, &graph.pages[r])).collect(),
        comparisons: comparisons_of(graph, page),
        pairs: pairs_of(graph, page),
        draft: None,
    }
}

/// The headings below the title, for the table of contents.
fn toc_entries(page: &ParsedPage) -> Vec<TocEntry> {
    let headings = page.outline.headings.iter().filter(|h| h.level >= 2);
    headings.map(|h| TocEntry { level: h.level, text: h.text.clone(), id: h.id.clone() }).collect()
}

/// The facts of a page of `collection`, in schema order.
fn fact_contexts(collection: &crate::config::Collection, page: &ParsedPage) -> Vec<FactContext> {
    collection
        .facts
        .iter()
        .map(|def| fact_context(def, page))
        // A missing list is an empty one (no other names, no layers), not a
        // missing figure: it is left out.
        .filter(|f| f.value.is_some() || f.cells.iter().any(|c| c.value.is_some()) || f.kind != "list")
        .collect()
}

/// The link to the section page of `collection`.
fn collection_link(graph: &SiteGraph, collection: &crate::config::Collection) -> LinkContext {
    let url = graph
        .pages
        .iter()
        .find(|p| p.parsed.is_section && p.parsed.folder() == collection.section)
        .map_or_else(|| format!("/{}/", collection.section), |p| p.url.clone());
    LinkContext { title: collection.title.clone(), url: format!("{}{url}", graph.config.base_path()) }
}

fn page_seo(graph: &SiteGraph, site: &SiteContext, page: &ResolvedPage, permalink: &str, json_ld: &str) -> SeoContext {
    let meta = &page.parsed.meta;
    SeoContext {
        title: meta.title.clone(),
        description: meta.description.clone(),
        canonical: permalink.to_string(),
        og_type: if page.parsed.is_section { "website" } else { "article" }.to_string(),
        image: page.image.as_ref().map(|i| graph.config.absolute_url(i)).or_else(|| site.og_image.clone()),
        noindex: false,
        json_ld: Some(json_ld.to_string()),
    }
}

fn variant_contexts(page: &ParsedPage) -> Vec<VariantContext> {
    let variants = page.variants.iter();
    variants
        .map(|v| VariantContext { name: v.name.clone(), label: capitalise(&v.name), anchor: v.anchor.value.clone() })
        .collect()
}

/// The pages linking to `page`, with the sentence around each link.
fn backlink_contexts(graph: &SiteGraph, page: &ResolvedPage) -> Vec<BacklinkContext> {
    page.backlinks
        .iter()
        .map(|b| {
            let from = &graph.pages[b.from];
            BacklinkContext {
                title: from.parsed.meta.title.clone(),
                url: graph.config.site_url(&from.url),
                context: b.context.to_string(),
            }
        })
        .collect()
}

fn page_id(graph: &SiteGraph, page: &ResolvedPage) -> Option<crate::resolve::PageId> {
    graph.page_id(page)
}

/// The comparison tables whose rows include `page`.
fn comparisons_of(graph: &SiteGraph, page: &ResolvedPage) -> Vec<LinkContext> {
    let Some(id) = page_id(graph, page) else { return Vec::new() };
    let base = graph.config.base_path();
    graph
        .comparisons
        .iter()
        .filter(|c| c.table.rows.iter().any(|r| r.page == id))
        .map(|c| LinkContext { title: c.table.title.clone(), url: format!("{base}/compare/{}/", c.slug) })
        .collect()
}

/// Every side-by-side page with `page` on one side, once, by title.
fn pairs_of(graph: &SiteGraph, page: &ResolvedPage) -> Vec<LinkContext> {
    let Some(id) = page_id(graph, page) else { return Vec::new() };
    let mut out: Vec<LinkContext> = Vec::new();
    for &(a, b) in graph.comparisons.iter().flat_map(|c| &c.pairs).filter(|(a, b)| *a == id || *b == id) {
        let url = graph.config.site_url(&super::compare_pages::pair_url(graph, a, b));
        if out.iter().all(|l| l.url != url) {
            let title = format!("{} vs {}", graph.pages[a].parsed.meta.title, graph.pages[b].parsed.meta.title);
            out.push(LinkContext { title, url });
        }
    }
    out.sort_by(|x, y| x.title.cmp(&y.title));
    out
}

/// Makes the text of each level 2–4 heading with an id a link to itself
/// (`<h2 id="x"><a class="heading-link" href="#x">…</a></h2>`), so a reader
/// can copy or share a section's address; the heading's text, and so its
/// accessible name, stays the same. Headings that already hold a link are
/// left alone (links cannot nest).
pub(super) fn link_headings(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 20);
    let mut rest = html;
    while let Some(start) = rest.find("<h") {
        let (before, tag) = rest.split_at(start);
        out.push_str(before);
        let level = tag.as_bytes().get(2).copied();
        let opening = match level {
            Some(b'2'..=b'4') if tag[3..].starts_with(" id=\"") => tag.find('>'),
            _ => None,
        };
        let Some(open_end) = opening else {
            out.push_str("<h");
            rest = &tag[2..];
            continue;
        };
        let id = &tag[8..open_end - 1];
        let close = format!("</h{}>", char::from(level.unwrap_or(b'2')));
        match tag[open_end + 1..].find(&close) {
            Some(len) if !tag[open_end + 1..open_end + 1 + len].contains("<a ") && !id.contains('"') => {
                let inner = &tag[open_end + 1..open_end + 1 + len];
                out.push_str(&tag[..=open_end]);
                out.push_str(&format!("<a class=\"heading-link\" href=\"#{id}\">{inner}</a>{close}"));
                rest = &tag[open_end + 1 + len + close.len()..];
            }
            _ => {
                out.push_str(&tag[..=open_end]);
                rest = &tag[open_end + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A page as a list entry.
pub(super) fn page_summary(graph: &SiteGraph, page: &ResolvedPage) -> PageSummary {
    PageSummary {
        title: page.parsed.meta.title.clone(),
        url: format!("{}{}", graph.config.base_path(), page.url),
        description: page.parsed.meta.description.clone(),
        reviewed: page.parsed.meta.reviewed.map(date_context),
        draft: page.parsed.meta.draft,
    }
}

fn page_taxonomies(graph: &SiteGraph, page: &ResolvedPage) -> Vec<PageTaxonomyContext> {
    let mut out: Vec<PageTaxonomyContext> = Vec::new();
    for &(t, term) in &page.terms {
        let taxonomy = &graph.taxonomies[t];
        let term = &taxonomy.terms[term];
        let link = LinkContext { title: term.name.clone(), url: graph.config.site_url(&term.url) };
        match out.iter_mut().find(|c| c.url == graph.config.site_url(&taxonomy.url)) {
            Some(existing) => existing.terms.push(link),
            None => out.push(PageTaxonomyContext {
                title: taxonomy.title.clone(),
                url: graph.config.site_url(&taxonomy.url),
                terms: vec![link],
            }),
        }
    }
    out
}

/// One value of the facts card: the page's (`variant` `None`) or a variant's.
struct ShownValue {
    value: Option<String>,
    dots: Option<String>,
    diagram: Option<String>,
    citations: Vec<CitationContext>,
    source: super::template_context::SourceKind,
    html: String,
}

fn shown_value(def: &FactDef, page: &ParsedPage, variant: Option<usize>) -> ShownValue {
    let found = page
        .facts_of(variant)
        .iter()
        .find(|(k, _)| *k == def.key)
        .map(|(_, v)| v)
        .filter(|v| !matches!(v, FactValue::List(items) if items.is_empty()));
    let value = found.map(|v| display_fact(v, def));
    let dots = match found {
        Some(FactValue::Scale(n)) => Some(scale_dots(*n)),
        _ => None,
    };
    let diagram =
        found.and_then(|v| super::depth_diagram::depth_diagram(def, v, super::depth_diagram::DiagramSize::Card));
    let citations = citations(page, page.cites_of(variant, &def.key), "");
    let source = source_kind(def, &citations);
    let html = match (&value, &diagram, &dots) {
        (None, _, _) => String::new(),
        (Some(_), Some(svg), _) => format!("{svg}{}", source_html(def, &citations)),
        (Some(text), None, dots) => {
            let dots = dots
                .as_ref()
                .map(|d| format!("<span class=\"scale\" aria-hidden=\"true\">{d}</span> "))
                .unwrap_or_default();
            format!("{dots}{}{}", crate::text::escape_html(text), source_html(def, &citations))
        }
    };
    ShownValue { value, dots, diagram, citations, source, html }
}

fn fact_context(def: &FactDef, page: &ParsedPage) -> FactContext {
    let shown = shown_value(def, page, None);
    FactContext {
        cells: variant_cells(def, page),
        dots: shown.dots,
        diagram: shown.diagram,
        key: def.key.clone(),
        label: def.label.clone(),
        value: shown.value,
        unit: def.unit.clone(),
        help: def.help.clone(),
        kind: def.kind.name().to_string(),
        citations: shown.citations,
        source: shown.source,
        html: shown.html,
    }
}

/// The cells of one fact across the page's variants: one spanning cell
/// when every variant shows the same value with the same sources.
fn variant_cells(def: &FactDef, page: &ParsedPage) -> Vec<FactCellContext> {
    let shown: Vec<ShownValue> = (0..page.variants.len()).map(|v| shown_value(def, page, Some(v))).collect();
    let cell = |s: &ShownValue, span: usize, heading: String| FactCellContext {
        value: s.value.clone(),
        html: s.html.clone(),
        citations: s.citations.clone(),
        source: s.source,
        span,
        heading,
    };
    match shown.first() {
        Some(first) if shown.len() > 1 && shown.iter().all(|s| s.html == first.html) => {
            vec![cell(first, shown.len(), "All variants".to_string())]
        }
        _ => shown.iter().zip(&page.variants).map(|(s, v)| cell(s, 1, capitalise(&v.name))).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_link_to_themselves() {
        assert_eq!(
            link_headings(
                "<p>a</p>\n<h2 id=\"x\">X <em>y</em></h2>\n<h1 id=\"t\">T</h1><h3 id=\"z\"><a href=\"/\">l</a></h3><h5 id=\"f\">F</h5><hr>"
            ),
            "<p>a</p>\n<h2 id=\"x\"><a class=\"heading-link\" href=\"#x\">X <em>y</em></a></h2>\n<h1 id=\"t\">T</h1><h3 id=\"z\"><a href=\"/\">l</a></h3><h5 id=\"f\">F</h5><hr>"
        );
        assert_eq!(
            link_headings("<h2>no id</h2><h2 id=\"open\">never closed"),
            "<h2>no id</h2><h2 id=\"open\">never closed"
        );
    }
}
