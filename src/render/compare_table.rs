//! Comparison tables as HTML and CSV. One renderer serves the comparison
//! pages, taxonomy terms and compare blocks, so every table has the same
//! accessible structure: a caption, `<th scope="col">` headers, a row
//! header linking to each article (or variant: "Chemical peels — light",
//! linking to its anchor), `data-sort` values for the table script, the
//! sources of each value, and "No reliable figure" where a row has no value.

use super::display_text::{capitalise, display_fact, scale_dots};
use super::fact_sources::{citations, source_html};
use super::render_cache::RenderCache;
use crate::resolve::{ColumnSource, ComparisonTable, PageId, ResolvedPage, Row, SiteGraph, TableColumn, sort_value};
use crate::text::escape_html;
use std::hash::{DefaultHasher, Hash, Hasher};

/// What readers see where a page has no value for a fact.
pub(super) const NO_FIGURE: &str = "No reliable figure";

/// A row's label: the page title, and for a variant "Chemical peels — light".
pub(super) fn row_label(page: &ResolvedPage, variant: Option<usize>) -> String {
    match variant.and_then(|v| page.parsed.variants.get(v)) {
        Some(v) => format!("{} — {}", page.parsed.meta.title, v.name),
        None => page.parsed.meta.title.clone(),
    }
}

/// A row's link (site path, without the base path): the page, or the
/// variant's anchor in it.
pub(super) fn row_url(page: &ResolvedPage, variant: Option<usize>) -> String {
    match variant.and_then(|v| page.parsed.variants.get(v)) {
        Some(v) => format!("{}#{}", page.url, v.anchor.value),
        None => page.url.clone(),
    }
}

/// The display text of one cell of the row of `page` (or its `variant`),
/// `None` when it has no value.
pub(super) fn cell_text(
    graph: &SiteGraph,
    page: &ResolvedPage,
    variant: Option<usize>,
    column: &TableColumn,
) -> Option<String> {
    match &column.source {
        ColumnSource::Taxonomy(t) => {
            let names = page.term_names(*t, &graph.taxonomies);
            (!names.is_empty()).then(|| capitalise(&names.join(", ")))
        }
        ColumnSource::Fact(_) => {
            let collection = graph.config.collections.get(page.parsed.collection.as_ref()?)?;
            let def = collection.fact(&column.key)?;
            page.parsed
                .facts_of(variant)
                .iter()
                .find(|(k, _)| *k == column.key)
                .map(|(_, v)| display_fact(v, def))
                .filter(|text| !text.is_empty())
        }
    }
}

/// A column's label. The unit is written in every cell ("7–21 days"), so
/// the header does not repeat it.
fn header_label(column: &TableColumn) -> String {
    column.label.clone()
}

fn column_type(column: &TableColumn) -> &'static str {
    match &column.source {
        ColumnSource::Taxonomy(_) => "taxonomy",
        ColumnSource::Fact(kind) => kind.name(),
    }
}

/// The values of a cell the table script can filter on (enum, list and
/// taxonomy cells), joined by `|`.
fn filter_values(
    graph: &SiteGraph,
    page: &ResolvedPage,
    variant: Option<usize>,
    column: &TableColumn,
) -> Option<String> {
    let values: Vec<String> = match &column.source {
        ColumnSource::Taxonomy(t) => page
            .terms
            .iter()
            .filter(|(ti, _)| ti == t)
            .map(|&(ti, term)| graph.taxonomies[ti].terms[term].name.clone())
            .collect(),
        ColumnSource::Fact(_) => match page.parsed.facts_of(variant).get(&column.key) {
            Some(crate::parse::FactValue::Enum(v, _)) => vec![v.clone()],
            Some(crate::parse::FactValue::List(items)) => items.clone(),
            _ => return None,
        },
    };
    Some(values.join("|"))
}

/// The header of a table's first column: the collection's title.
pub(super) fn row_header(graph: &SiteGraph, table: &ComparisonTable) -> String {
    graph.config.collections.get(&table.collection).map_or_else(|| "Page".to_string(), |c| c.title.clone())
}

/// The `<table>` of a comparison. `row_header` labels the first column.
pub(super) fn table_html(graph: &SiteGraph, table: &ComparisonTable, row_header: &str) -> String {
    table_with_rows(table, row_header, &mut |row| row_html(graph, row, table, graph.config.base_path()))
}

/// [`table_html`], with rows reused from `cache` for unchanged pages.
pub(super) fn table_html_cached(
    graph: &SiteGraph,
    table: &ComparisonTable,
    row_header: &str,
    cache: &mut RenderCache,
) -> String {
    let mut columns = DefaultHasher::new();
    for c in &table.columns {
        (&c.key, &c.label, &c.unit).hash(&mut columns);
    }
    let columns = columns.finish();
    table_with_rows(table, row_header, &mut |row| {
        let page = &graph.pages[row.page];
        let key = cache.facts_key(row.page) ^ columns.rotate_left(7);
        let variant = row.variant.map_or_else(String::new, |v| format!("#{v}"));
        cache
            .fragment("table-row", &format!("{columns:x}/{}{variant}", page.parsed.rel_path), key, || {
                row_html(graph, row, table, graph.config.base_path())
            })
            .to_string()
    })
}

fn table_with_rows(table: &ComparisonTable, row_header: &str, row: &mut dyn FnMut(Row) -> String) -> String {
    // The scroll box is the table's own scroll container in both axes, so
    // its column labels (sticky top) and row headers (sticky left) stay in
    // view; it is focusable and named so keyboard users can scroll it.
    // The hint is shown by compare.js while columns are out of view.
    let title = escape_html(&table.title);
    let mut html = format!(
        "<div class=\"compare\" data-compare>\n<p class=\"compare-hint\" hidden>Scroll the table sideways for more columns <span aria-hidden=\"true\">→</span></p>\n<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{title} (scrollable table)\">\n<table class=\"compare-table\">\n"
    );
    html.push_str(&format!("<caption>{title}</caption>\n<thead>\n<tr>"));
    html.push_str(&format!("<th scope=\"col\" data-key=\"title\" data-type=\"text\">{}</th>", escape_html(row_header)));
    for (i, column) in table.columns.iter().enumerate() {
        let sort = match table.sorted_by {
            Some((c, descending)) if c == i => {
                format!(" aria-sort=\"{}\"", if descending { "descending" } else { "ascending" })
            }
            _ => String::new(),
        };
        html.push_str(&format!(
            "<th scope=\"col\" data-key=\"{}\" data-type=\"{}\"{sort}>{}</th>",
            escape_html(&column.key),
            column_type(column),
            escape_html(&header_label(column))
        ));
    }
    html.push_str("</tr>\n</thead>\n<tbody>\n");
    for &r in &table.rows {
        html.push_str(&row(r));
    }
    html.push_str("</tbody>\n</table>\n</div>\n");
    if table.columns.iter().any(|c| matches!(c.source, ColumnSource::Fact(crate::config::FactType::Range))) {
        html.push_str(&format!("<p class=\"table-note\">{RANGE_ORDER}</p>\n"));
    }
    html.push_str("</div>\n");
    html
}

/// How ranges sort, said under every table with a range column (the server
/// order and compare.js agree: lowest figure first, then highest).
pub(super) const RANGE_ORDER: &str = "Ranges sort by their lowest figure, then their highest (0–21 comes before 1–3).";

fn row_html(graph: &SiteGraph, row: Row, table: &ComparisonTable, base: &str) -> String {
    let page = &graph.pages[row.page];
    let variant = row.variant;
    let label = row_label(page, variant);
    let mut html = String::from("<tr>");
    html.push_str(&format!(
        "<th scope=\"row\" data-sort=\"{}\"><a href=\"{base}{}\">{}</a></th>",
        escape_html(&label.to_lowercase()),
        escape_html(&row_url(page, variant)),
        escape_html(&label)
    ));
    for column in &table.columns {
        let sort = sort_value(page, variant, column, &graph.taxonomies).attribute();
        let cell = match cell_text(graph, page, variant, column) {
            Some(text) => {
                let content = match depth_cell(graph, page, variant, column) {
                    Some(svg) => format!("{svg}{}", escape_html(&text)),
                    None => cell_content(column, &text),
                };
                format!("{content}{}", cell_sources(graph, page, variant, column))
            }
            None if matches!(
                column.source,
                ColumnSource::Taxonomy(_) | ColumnSource::Fact(crate::config::FactType::List(_))
            ) =>
            {
                "<span class=\"no-figure\">None listed</span>".to_string()
            }
            None => format!("<span class=\"no-figure\">{NO_FIGURE}</span>"),
        };
        let values = match filter_values(graph, page, variant, column) {
            Some(v) => format!(" data-values=\"{}\"", escape_html(&v)),
            None => String::new(),
        };
        // The type lets the theme give long text and lists wider cells.
        let kind = column_type(column);
        html.push_str(&format!("<td class=\"cell-{kind}\" data-sort=\"{}\"{values}>{cell}</td>", escape_html(&sort)));
    }
    html.push_str("</tr>\n");
    html
}

/// The source markers of a fact cell, linking to the page's source list.
fn cell_sources(graph: &SiteGraph, page: &ResolvedPage, variant: Option<usize>, column: &TableColumn) -> String {
    let ColumnSource::Fact(_) = column.source else { return String::new() };
    let Some(def) = page.parsed.collection.as_ref().and_then(|c| graph.config.collections.get(c)?.fact(&column.key))
    else {
        return String::new();
    };
    let url = graph.config.site_url(&page.url);
    source_html(def, &citations(&page.parsed, page.parsed.cites_of(variant, &column.key), &url))
}

/// The small depth diagram of a `depth` list cell, if the column is one.
fn depth_cell(graph: &SiteGraph, page: &ResolvedPage, variant: Option<usize>, column: &TableColumn) -> Option<String> {
    let collection = graph.config.collections.get(page.parsed.collection.as_ref()?)?;
    let def = collection.fact(&column.key).filter(|d| d.depth)?;
    let value = page.parsed.facts_of(variant).get(&column.key)?;
    super::depth_diagram::depth_diagram(def, value, super::depth_diagram::DiagramSize::Cell)
}

/// Scales get a visual level beside the text "3 of 5".
fn cell_content(column: &TableColumn, text: &str) -> String {
    if let ColumnSource::Fact(crate::config::FactType::Scale) = column.source {
        let level: u8 = text.split(' ').next().and_then(|n| n.parse().ok()).unwrap_or(0);
        let dots = scale_dots(level);
        return format!("<span class=\"scale\" aria-hidden=\"true\">{dots}</span> {}", escape_html(text));
    }
    escape_html(text)
}

/// RFC 4180 CSV: a header row of labels, one row per page or variant (the
/// `Variant` column holds its name, empty for a page without variants; the
/// URL then ends in the variant's anchor), CRLF line ends.
pub(super) fn table_csv(graph: &SiteGraph, table: &ComparisonTable, row_header: &str) -> String {
    let mut out = String::new();
    let mut header = vec![csv_field(row_header), csv_field("Variant"), csv_field("URL")];
    header.extend(table.columns.iter().map(|c| csv_field(&header_label(c))));
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for &row in &table.rows {
        let page = &graph.pages[row.page];
        let variant = row.variant.and_then(|v| page.parsed.variants.get(v)).map_or("", |v| v.name.as_str());
        let mut fields = vec![
            csv_field(&page.parsed.meta.title),
            csv_field(variant),
            csv_field(&graph.config.absolute_url(&row_url(page, row.variant))),
        ];
        fields.extend(
            table.columns.iter().map(|c| csv_field(&cell_text(graph, page, row.variant, c).unwrap_or_default())),
        );
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

fn csv_field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

/// The columns of a side-by-side page: each page, or each of its variants.
pub(super) fn pair_columns(graph: &SiteGraph, a: PageId, b: PageId) -> Vec<super::PairColumn> {
    crate::resolve::expand_rows(&[a, b], &graph.pages)
        .into_iter()
        .map(|row| {
            let page = &graph.pages[row.page];
            super::PairColumn {
                title: row_label(page, row.variant),
                url: graph.config.site_url(&row_url(page, row.variant)),
                page: if row.page == a { "a" } else { "b" }.to_string(),
            }
        })
        .collect()
}

/// The rows of a side-by-side page, every fact and taxonomy aligned, one
/// cell per column of [`pair_columns`].
pub(super) fn pair_rows(graph: &SiteGraph, table: &ComparisonTable, a: PageId, b: PageId) -> Vec<super::PairRow> {
    let mut columns: Vec<TableColumn> = Vec::new();
    if let Some(collection) = graph.config.collections.get(&table.collection) {
        columns = crate::resolve::make_all_columns(collection, &graph.taxonomies, &graph.config);
    }
    let rows = crate::resolve::expand_rows(&[a, b], &graph.pages);
    columns
        .iter()
        .map(|c| {
            let cells: Vec<super::PairCell> = rows
                .iter()
                .map(|row| {
                    let page = &graph.pages[row.page];
                    let value = cell_text(graph, page, row.variant, c);
                    let dots = match c.source {
                        ColumnSource::Fact(crate::config::FactType::Scale) => {
                            value.as_deref().and_then(|t| t.split(' ').next()?.parse().ok()).map(scale_dots)
                        }
                        _ => None,
                    };
                    let sources =
                        if value.is_some() { cell_sources(graph, page, row.variant, c) } else { String::new() };
                    super::PairCell { value, dots, sources }
                })
                .collect();
            let differs = cells.iter().any(|x| x.value != cells[0].value);
            super::PairRow { label: header_label(c), differs, cells }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_what_needs_quoting() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
