//! Comparison tables from facts: the `[[comparisons]]` of site.toml, the
//! table of every taxonomy term, and ```` ```compare ```` blocks. A table is
//! rows (pages, or one per variant of a page with `[[variants]]`) and
//! columns (facts or taxonomies); cells are read from the pages when rendering. Sorting follows the schema: enum order for enums,
//! numbers for numbers, ranges and scales; missing values always last.

use super::failed_sources::FailedSources;
use super::site_graph::{
    ColumnSource, Comparison, ComparisonTable, PageId, ResolvedPage, Row, TableColumn, TaxonomyId, TaxonomyIndex,
};
use crate::config::{Collection, ComparisonSpec, FactType, SiteConfig};
use crate::diagnostics::{Code, Diagnostic};
use crate::parse::FactValue;
use std::cmp::Ordering;

/// The one rule of a row filter (`filter = { approach = ["laser"] }` in
/// site.toml or a compare block): an enum or text value must be one of
/// `allowed`, a list must hold one of them; a missing value never passes.
pub(super) fn filter_allows(value: Option<&FactValue>, allowed: &[String]) -> bool {
    match value {
        Some(FactValue::Enum(v, _) | FactValue::Text(v)) => allowed.contains(v),
        Some(FactValue::List(items)) => items.iter().any(|v| allowed.contains(v)),
        _ => false,
    }
}

/// The rows of `ids` in order: one per variant, or one for a page without variants.
pub(crate) fn expand_rows(ids: &[PageId], pages: &[ResolvedPage]) -> Vec<Row> {
    ids.iter()
        .flat_map(|&page| {
            let n = pages[page].parsed.variants.len();
            let variants: Vec<Option<usize>> = if n == 0 { vec![None] } else { (0..n).map(Some).collect() };
            variants.into_iter().map(move |variant| Row { page, variant })
        })
        .collect()
}

/// The distinct pages of `rows`, in the order first seen.
pub(crate) fn row_pages(rows: &[Row]) -> Vec<PageId> {
    let mut out: Vec<PageId> = Vec::new();
    for r in rows {
        if !out.contains(&r.page) {
            out.push(r.page);
        }
    }
    out
}

/// A value to sort by: missing values sort last in both directions.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum SortValue {
    /// No value.
    Missing,
    /// Numbers, ranges (min, max), scales, enum positions, dates, booleans.
    Number(f64, f64),
    /// Text, lowercased.
    Text(String),
}

impl SortValue {
    /// Compares two values, `Missing` last.
    pub(crate) fn compare(&self, other: &SortValue) -> Ordering {
        match (self, other) {
            (SortValue::Missing, SortValue::Missing) => Ordering::Equal,
            (SortValue::Missing, _) => Ordering::Greater,
            (_, SortValue::Missing) => Ordering::Less,
            (SortValue::Number(a1, a2), SortValue::Number(b1, b2)) => a1.total_cmp(b1).then(a2.total_cmp(b2)),
            (SortValue::Text(a), SortValue::Text(b)) => a.cmp(b),
            (SortValue::Number(..), SortValue::Text(_)) => Ordering::Less,
            (SortValue::Text(_), SortValue::Number(..)) => Ordering::Greater,
        }
    }

    /// The `data-sort` attribute for the table script: numbers as numbers, text as text.
    pub(crate) fn attribute(&self) -> String {
        match self {
            SortValue::Missing => String::new(),
            SortValue::Number(a, b) if a == b => format!("{a}"),
            SortValue::Number(a, b) => format!("{a} {b}"),
            SortValue::Text(t) => t.clone(),
        }
    }
}

/// The sort value of one cell of the row of `page` (or its `variant`).
pub(crate) fn sort_value(
    page: &ResolvedPage,
    variant: Option<usize>,
    column: &TableColumn,
    taxonomies: &[TaxonomyIndex],
) -> SortValue {
    match &column.source {
        ColumnSource::Taxonomy(t) => {
            let names = page.term_names(*t, taxonomies);
            if names.is_empty() { SortValue::Missing } else { SortValue::Text(names.join(", ").to_lowercase()) }
        }
        ColumnSource::Fact(kind) => match page.parsed.facts_of(variant).get(&column.key) {
            None => SortValue::Missing,
            Some(FactValue::Number(n)) => SortValue::Number(*n, *n),
            Some(FactValue::Range(a, b)) => SortValue::Number(*a, *b),
            Some(FactValue::Scale(n)) => SortValue::Number(f64::from(*n), f64::from(*n)),
            Some(FactValue::Enum(_, i)) => SortValue::Number(*i as f64, *i as f64),
            Some(FactValue::Bool(b)) => SortValue::Number(f64::from(u8::from(*b)), f64::from(u8::from(*b))),
            Some(FactValue::Date(d)) => {
                let days = d.signed_duration_since(chrono::NaiveDate::MIN).num_days() as f64;
                SortValue::Number(days, days)
            }
            Some(FactValue::List(items)) => match kind {
                FactType::List(Some(values)) => {
                    let first =
                        items.first().and_then(|v| values.iter().position(|x| x == v)).map_or(f64::MAX, |i| i as f64);
                    let last =
                        items.last().and_then(|v| values.iter().position(|x| x == v)).map_or(f64::MAX, |i| i as f64);
                    SortValue::Number(first, last)
                }
                _ => SortValue::Text(items.join(", ").to_lowercase()),
            },
            Some(FactValue::Text(t)) => SortValue::Text(t.to_lowercase()),
        },
    }
}

/// Resolves column names (fact keys or taxonomy names) of a collection.
pub(super) fn make_columns(
    names: &[String],
    collection: &Collection,
    taxonomies: &[TaxonomyIndex],
    config: &SiteConfig,
) -> Vec<TableColumn> {
    names
        .iter()
        .filter_map(|name| {
            if let Some(f) = collection.fact(name) {
                return Some(TableColumn {
                    key: f.key.clone(),
                    label: f.label.clone(),
                    unit: f.unit.clone(),
                    source: ColumnSource::Fact(f.kind.clone()),
                });
            }
            let t = TaxonomyId(taxonomies.iter().position(|t| t.name == *name)?);
            let title = config.taxonomies.get(name).map_or_else(|| name.clone(), |t| t.title.clone());
            Some(TableColumn { key: name.clone(), label: title, unit: None, source: ColumnSource::Taxonomy(t) })
        })
        .collect()
}

/// Every fact of a collection, then every taxonomy: the rows of a side-by-side page.
pub(crate) fn make_all_columns(
    collection: &Collection,
    taxonomies: &[TaxonomyIndex],
    config: &SiteConfig,
) -> Vec<TableColumn> {
    let names: Vec<String> =
        collection.facts.iter().map(|f| f.key.clone()).chain(taxonomies.iter().map(|t| t.name.clone())).collect();
    make_columns(&names, collection, taxonomies, config)
}

/// Sorts rows by a column (then by title and variant order), or by title alone.
pub(super) fn sort_rows(
    rows: &mut [Row],
    pages: &[ResolvedPage],
    column: Option<(&TableColumn, bool)>,
    taxonomies: &[TaxonomyIndex],
) {
    rows.sort_by(|a, b| {
        let by_title = pages[a.page]
            .parsed
            .meta
            .title
            .cmp(&pages[b.page].parsed.meta.title)
            .then(a.page.cmp(&b.page))
            .then(a.variant.cmp(&b.variant));
        let Some((col, descending)) = column else { return by_title };
        let va = sort_value(&pages[a.page], a.variant, col, taxonomies);
        let vb = sort_value(&pages[b.page], b.variant, col, taxonomies);
        let ord = match (&va, &vb) {
            (SortValue::Missing, _) | (_, SortValue::Missing) => va.compare(&vb),
            _ if descending => vb.compare(&va),
            _ => va.compare(&vb),
        };
        ord.then(by_title)
    });
}

/// Pages of a collection (articles of its section).
pub(super) fn collection_pages(collection: &Collection, pages: &[ResolvedPage]) -> Vec<PageId> {
    super::site_graph::with_ids(pages)
        .filter(|(_, p)| p.parsed.collection.as_deref() == Some(collection.name.as_str()))
        .map(|(id, _)| id)
        .collect()
}

/// What building tables reads of the resolved site.
#[derive(Clone, Copy)]
pub(super) struct TableInputs<'a> {
    pub(super) config: &'a SiteConfig,
    pub(super) pages: &'a [ResolvedPage],
    pub(super) taxonomies: &'a [TaxonomyIndex],
    /// Pages that failed to parse: rows naming them are not reported again.
    pub(super) failed: &'a FailedSources,
}

/// Builds every `[[comparisons]]` table and its pairs.
pub(super) fn build_comparisons(inputs: &TableInputs<'_>, diagnostics: &mut Vec<Diagnostic>) -> Vec<Comparison> {
    let (config, pages) = (inputs.config, inputs.pages);
    let mut out = Vec::new();
    for spec in &config.comparisons {
        let Some(collection) = config.collections.get(&spec.collection) else { continue };
        let table = spec_table(spec, collection, inputs, diagnostics);
        // Pair pages compare articles: a page's variants share its pages.
        let articles = row_pages(&table.rows);
        let n = articles.len();
        let pair_count = n * n.saturating_sub(1) / 2;
        let mut pairs = Vec::new();
        if spec.pairs && pair_count > spec.max_pairs {
            let message = format!(
                "comparison `{}` would make {pair_count} side-by-side pages ({n} rows), more than max_pairs = {}",
                spec.slug, spec.max_pairs
            );
            diagnostics.push(
                Diagnostic::error(Code::Config, "site.toml", message)
                    .at_opt(spec.pairs_at)
                    .with_help("raise max_pairs, narrow the comparison with `filter`, or set pairs = false"),
            );
        } else if spec.pairs {
            let mut by_slug = articles;
            by_slug.sort_by(|&a, &b| pages[a].slug.cmp(&pages[b].slug).then(a.cmp(&b)));
            for (i, &a) in by_slug.iter().enumerate() {
                for &b in &by_slug[i + 1..] {
                    pairs.push((a, b));
                }
            }
        }
        out.push(Comparison { slug: spec.slug.clone(), table, pairs });
    }
    out
}

fn spec_table(
    spec: &ComparisonSpec,
    collection: &Collection,
    inputs: &TableInputs<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> ComparisonTable {
    let TableInputs { config, pages, taxonomies, failed } = *inputs;
    let members = collection_pages(collection, pages);
    for (name, at) in &spec.rows {
        // A row naming a page that failed to parse: that page's own error says why.
        if failed.names(&collection.section, name) {
            continue;
        }
        if !members.iter().any(|&m| pages[m].parsed.stem() == name || pages[m].slug == *name) {
            let help = crate::diagnostics::suggestion_help(name, members.iter().map(|&m| pages[m].parsed.stem()));
            let message = format!(
                "comparison `{}`: unknown row {name:?}: no page of `{}` has that name",
                spec.slug, collection.name
            );
            diagnostics.push(Diagnostic::error(Code::Config, "site.toml", message).at(*at).with_help_opt(help));
        }
    }
    let named: Vec<PageId> = members
        .into_iter()
        .filter(|&id| {
            spec.rows.is_empty() || spec.rows.iter().any(|(n, _)| pages[id].parsed.stem() == n || pages[id].slug == *n)
        })
        .collect();
    let mut rows: Vec<Row> = expand_rows(&named, pages)
        .into_iter()
        .filter(|r| {
            let facts = pages[r.page].parsed.facts_of(r.variant);
            spec.filter.iter().all(|(key, allowed)| filter_allows(facts.get(key), allowed))
        })
        .collect();
    let columns = make_columns(&spec.columns, collection, taxonomies, config);
    let sorted_by =
        spec.sort.as_ref().and_then(|s| columns.iter().position(|c| c.key == s.key).map(|i| (i, s.descending)));
    let sort_column = spec.sort.as_ref().and_then(|s| {
        let col = columns
            .iter()
            .find(|c| c.key == s.key)
            .cloned()
            .or_else(|| make_columns(std::slice::from_ref(&s.key), collection, taxonomies, config).pop());
        col.map(|c| (c, s.descending))
    });
    sort_rows(&mut rows, pages, sort_column.as_ref().map(|(c, d)| (c, *d)), taxonomies);
    ComparisonTable {
        title: spec.title.clone(),
        description: spec.description.clone(),
        collection: collection.name.clone(),
        columns,
        rows,
        sorted_by,
    }
}

/// The table shown on a taxonomy term page: its pages of each collection,
/// with the columns of that collection's first comparison (or every fact).
pub(super) fn term_table(
    config: &SiteConfig,
    pages: &[ResolvedPage],
    members: &[PageId],
    taxonomies: &[TaxonomyIndex],
    term_name: &str,
) -> Option<ComparisonTable> {
    let first = members.iter().find_map(|&m| pages[m].parsed.collection.as_ref())?;
    let collection = config.collections.get(first)?;
    let ids: Vec<PageId> =
        members.iter().copied().filter(|&m| pages[m].parsed.collection.as_deref() == Some(first)).collect();
    let mut rows = expand_rows(&ids, pages);
    let names: Vec<String> = match config.comparisons.iter().find(|c| c.collection == *first) {
        Some(spec) => spec.columns.clone(),
        None => collection.facts.iter().map(|f| f.key.clone()).collect(),
    };
    let columns = make_columns(&names, collection, taxonomies, config);
    sort_rows(&mut rows, pages, None, taxonomies);
    Some(ComparisonTable {
        title: format!("{} for {term_name}", collection.title),
        description: String::new(),
        collection: collection.name.clone(),
        columns,
        rows,
        sorted_by: None,
    })
}

/// Shared with the tests of `embedded_tables.rs`.
#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::test_site::{BuiltGraph, TestSite};

    /// A collection `methods` (approach, downtime_days, layers) and a taxonomy.
    pub(in crate::resolve) const METHODS_SITE: &str = r#"title = "T"
base_url = "https://example.org"
[taxonomies.concerns]
title = "Concerns"
[collections.methods]
section = "methods"
title = "Methods"
[[collections.methods.facts]]
key = "approach"
label = "Approach"
type = "enum"
values = ["topical", "non-invasive", "surgical"]
[[collections.methods.facts]]
key = "downtime_days"
label = "Downtime"
type = "range"
unit = "days"
[[collections.methods.facts]]
key = "layers"
label = "Layers"
type = "list"
"#;

    /// A method page: `facts` is the TOML of its `[facts]` table.
    pub(in crate::resolve) fn method(title: &str, facts: &str) -> String {
        format!("+++\ntitle = {title:?}\n[facts]\n{facts}\n+++\nBody.\n")
    }

    /// Four methods (Cream has no downtime) and `comparisons`, TOML of `[[comparisons]]`.
    fn site_with(comparisons: &str) -> BuiltGraph {
        TestSite::new(&format!("{METHODS_SITE}{comparisons}"))
            .titled("content/methods/_index.md", "Methods", "")
            .page("content/methods/cream.md", &method("Cream", "approach = \"topical\""))
            .page("content/methods/laser.md", &method("Laser", "approach = \"non-invasive\"\ndowntime_days = [3, 5]"))
            .page("content/methods/peel.md", &method("Peel", "approach = \"non-invasive\"\ndowntime_days = [7, 21]"))
            .page("content/methods/surgery.md", &method("Surgery", "approach = \"surgical\"\ndowntime_days = [14, 28]"))
            .graph()
    }

    fn row_titles<'a>(site: &'a BuiltGraph, table: &ComparisonTable) -> Vec<&'a str> {
        table.rows.iter().map(|r| site.graph.pages[r.page].parsed.meta.title.as_str()).collect()
    }

    fn spec(slug: &str, extra: &str) -> String {
        format!(
            "[[comparisons]]\nslug = {slug:?}\ntitle = \"X\"\ncollection = \"methods\"\ncolumns = [\"approach\", \"downtime_days\", \"concerns\"]\n{extra}\n"
        )
    }

    #[test]
    fn a_filter_allows_listed_values_and_never_a_missing_one() {
        let allowed = vec!["laser".to_string(), "light".to_string()];
        assert!(filter_allows(Some(&FactValue::Enum("laser".into(), 0)), &allowed));
        assert!(filter_allows(Some(&FactValue::Text("light".into())), &allowed));
        assert!(!filter_allows(Some(&FactValue::Enum("needle".into(), 2)), &allowed));
        assert!(filter_allows(Some(&FactValue::List(vec!["needle".into(), "light".into()])), &allowed));
        assert!(!filter_allows(Some(&FactValue::List(vec!["needle".into()])), &allowed));
        assert!(!filter_allows(Some(&FactValue::Number(1.0)), &allowed));
        assert!(!filter_allows(None, &allowed));
    }

    #[test]
    fn missing_values_compare_last() {
        let (missing, one, text) = (SortValue::Missing, SortValue::Number(1.0, 1.0), SortValue::Text("a".into()));
        assert_eq!(missing.compare(&one), Ordering::Greater);
        assert_eq!(one.compare(&missing), Ordering::Less);
        assert_eq!(one.compare(&text), Ordering::Less);
        assert_eq!(SortValue::Number(1.0, 9.0).compare(&SortValue::Number(1.0, 2.0)), Ordering::Greater);
        assert_eq!(SortValue::Number(3.0, 5.0).attribute(), "3 5");
    }

    #[test]
    fn rows_are_every_page_of_the_collection_by_title_and_columns_resolve() {
        let site = site_with(&spec("all", ""));
        let table = &site.graph.comparisons[0].table;
        assert_eq!(row_titles(&site, table), ["Cream", "Laser", "Peel", "Surgery"]);
        let columns: Vec<(&str, &str)> = table.columns.iter().map(|c| (c.key.as_str(), c.label.as_str())).collect();
        assert_eq!(columns, [("approach", "Approach"), ("downtime_days", "Downtime"), ("concerns", "Concerns")]);
        assert_eq!(table.columns[1].unit.as_deref(), Some("days"));
        assert!(site.errors().is_empty(), "{:?}", site.errors());
    }

    #[test]
    fn sorting_puts_missing_values_last_in_both_directions() {
        let site = site_with(&format!(
            "{}{}",
            spec("up", "sort = \"downtime_days\""),
            spec("down", "sort = \"-downtime_days\"")
        ));
        let [up, down] = [&site.graph.comparisons[0].table, &site.graph.comparisons[1].table];
        assert_eq!(row_titles(&site, up), ["Laser", "Peel", "Surgery", "Cream"]);
        assert_eq!(row_titles(&site, down), ["Surgery", "Peel", "Laser", "Cream"]);
        assert_eq!((up.sorted_by, down.sorted_by), (Some((1, false)), Some((1, true))));
    }

    #[test]
    fn an_enum_sorts_by_its_declared_order_then_title() {
        let site = site_with(&spec("by-approach", "sort = \"-approach\""));
        assert_eq!(row_titles(&site, &site.graph.comparisons[0].table), ["Surgery", "Laser", "Peel", "Cream"]);
    }

    #[test]
    fn a_filter_keeps_only_the_rows_it_allows() {
        let site = site_with(&spec("soft", "filter = { approach = [\"topical\", \"surgical\"] }"));
        assert_eq!(row_titles(&site, &site.graph.comparisons[0].table), ["Cream", "Surgery"]);
    }

    #[test]
    fn named_rows_are_checked_with_a_did_you_mean() {
        let site = site_with(&spec("two", "rows = [\"peel\", \"lazer\"]"));
        let d = site.error("unknown row");
        assert_eq!(d.message, "comparison `two`: unknown row \"lazer\": no page of `methods` has that name");
        assert_eq!((d.path.as_str(), d.help.as_deref()), ("site.toml", Some("did you mean `laser`?")));
        assert_eq!(row_titles(&site, &site.graph.comparisons[0].table), ["Peel"]);
    }

    #[test]
    fn pairs_are_every_two_rows_by_slug_and_capped_by_max_pairs() {
        let site =
            site_with(&format!("{}{}", spec("p", "pairs = true"), spec("capped", "pairs = true\nmax_pairs = 5")));
        let slugs: Vec<(&str, &str)> = site.graph.comparisons[0]
            .pairs
            .iter()
            .map(|&(a, b)| (site.graph.pages[a].slug.as_str(), site.graph.pages[b].slug.as_str()))
            .collect();
        assert_eq!(slugs.len(), 6, "four rows make six pairs");
        assert_eq!(slugs[..3], [("cream", "laser"), ("cream", "peel"), ("cream", "surgery")]);
        let d = site.error("side-by-side pages");
        assert_eq!(d.message, "comparison `capped` would make 6 side-by-side pages (4 rows), more than max_pairs = 5");
        assert!(site.graph.comparisons[1].pairs.is_empty());
    }
}
