//! Machine-read outputs written without templates: `sitemap.xml`,
//! `atom.xml`, `robots.txt` and the alias redirect pages.

use super::output::{Origin, OutputFile, output_path_of};
use crate::resolve::{ResolvedPage, SiteGraph};
use crate::text::escape_html;
use chrono::NaiveDate;
use std::fmt::Write;

/// All feed-like files. `atom.xml` lists the articles that have a date
/// (`date`, `updated` or `reviewed`); when none has, no feed is written
/// (a feed must say when it was updated, and dermis does not invent a date).
pub(super) fn render_feeds(graph: &SiteGraph) -> Vec<OutputFile> {
    let mut out = vec![sitemap(graph), robots(graph)];
    out.extend(atom(graph));
    out.extend(aliases(graph));
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

fn sitemap(graph: &SiteGraph) -> OutputFile {
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
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (url, lastmod) in entries {
        let _ = write!(xml, "  <url>\n    <loc>{}</loc>\n", escape_html(&graph.config.absolute_url(&url)));
        if let Some(d) = lastmod {
            let _ = writeln!(xml, "    <lastmod>{}</lastmod>", d.format("%Y-%m-%d"));
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    OutputFile::bytes("sitemap.xml", xml, Origin::generated("the generated sitemap.xml"))
}

fn atom(graph: &SiteGraph) -> Option<OutputFile> {
    let config = &graph.config;
    let mut articles: Vec<(&ResolvedPage, NaiveDate)> =
        graph.articles().filter_map(|(_, p)| last_change(p).map(|d| (p, d))).collect();
    articles.sort_by(|(a, da), (b, db)| {
        db.cmp(da).then_with(|| a.parsed.meta.title.cmp(&b.parsed.meta.title)).then_with(|| a.url.cmp(&b.url))
    });
    let feed_updated = rfc3339(articles.first().map(|(_, d)| *d)?);
    let mut xml =
        String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"");
    let _ = writeln!(xml, " xml:lang=\"{}\">", escape_html(&config.language));
    let _ = writeln!(xml, "  <title>{}</title>", escape_html(&config.title));
    if !config.description.is_empty() {
        let _ = writeln!(xml, "  <subtitle>{}</subtitle>", escape_html(&config.description));
    }
    let _ = writeln!(
        xml,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        escape_html(&config.absolute_url("/atom.xml"))
    );
    let _ = writeln!(
        xml,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        escape_html(&config.absolute_url("/"))
    );
    let _ = writeln!(xml, "  <id>{}</id>", escape_html(&config.absolute_url("/")));
    let _ = writeln!(xml, "  <updated>{feed_updated}</updated>");
    let _ = writeln!(xml, "  <author><name>{}</name></author>", escape_html(&config.author));
    for (page, changed) in articles {
        let url = escape_html(&config.absolute_url(&page.url));
        let updated = rfc3339(changed);
        let _ = write!(
            xml,
            "  <entry>\n    <title>{}</title>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n    <id>{url}</id>\n    <updated>{updated}</updated>\n",
            escape_html(&page.parsed.meta.title)
        );
        if let Some(d) = page.parsed.meta.date {
            let _ = writeln!(xml, "    <published>{}</published>", rfc3339(d));
        }
        if let Some(summary) = &page.parsed.meta.description {
            let _ = writeln!(xml, "    <summary>{}</summary>", escape_html(summary));
        }
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    Some(OutputFile::bytes("atom.xml", xml, Origin::generated("the generated atom.xml")))
}

fn rfc3339(date: NaiveDate) -> String {
    format!("{}T00:00:00Z", date.format("%Y-%m-%d"))
}

fn robots(graph: &SiteGraph) -> OutputFile {
    let text = format!("User-agent: *\nAllow: /\nSitemap: {}\n", graph.config.absolute_url("/sitemap.xml"));
    OutputFile::bytes("robots.txt", text, Origin::generated("the generated robots.txt"))
}

fn aliases(graph: &SiteGraph) -> Vec<OutputFile> {
    let mut out = Vec::new();
    for page in &graph.pages {
        for alias in &page.parsed.meta.aliases {
            let target = graph.config.site_url(&page.url);
            let absolute = escape_html(&graph.config.absolute_url(&page.url));
            let title = escape_html(&page.parsed.meta.title);
            let target = escape_html(&target);
            let html = format!(
                "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>Moved: {title}</title>\n<link rel=\"canonical\" href=\"{absolute}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n</head>\n<body>\n<p>This page has moved to <a href=\"{target}\">{title}</a>.</p>\n</body>\n</html>\n",
                lang = escape_html(&graph.config.language),
            );
            out.push(OutputFile::bytes(
                output_path_of(&alias.value),
                html,
                Origin::Alias { rel_path: page.parsed.rel_path.clone(), at: alias.at },
            ));
        }
    }
    out
}
