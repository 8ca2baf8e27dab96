//! `[[comparisons]]`: declared comparison tables, checked against the schema.
//! They are parsed and validated here; the tables themselves are rendered
//! from resolved pages.

use super::{Collection, FactType, Taxonomy};
use crate::diagnostics::suggestion_help;
use crate::spanned::{Node, Value, reader::Reader};
use std::collections::BTreeMap;

/// One comparison table.
#[derive(Debug, Clone, PartialEq)]
pub struct ComparisonSpec {
    /// URL segment: `/compare/<slug>/`.
    pub slug: String,
    /// Title and table caption.
    pub title: String,
    /// Text shown above the table.
    pub description: String,
    /// The collection whose pages are the rows.
    pub collection: String,
    /// Fact keys or taxonomy names, in column order.
    pub columns: Vec<String>,
    /// Row order; `None` sorts by title.
    pub sort: Option<SortSpec>,
    /// Only rows whose fact has one of the values (fact key → values).
    pub filter: Vec<(String, Vec<String>)>,
    /// Only these pages (file names), when given; checked against the pages in resolve.
    pub rows: Vec<(String, crate::diagnostics::LineCol)>,
    /// Whether to build A-vs-B pages for every pair of rows.
    pub pairs: bool,
    /// Most pair pages allowed.
    pub max_pairs: usize,
    /// Where `max_pairs` is written, or else `pairs`: where "too many pairs" is reported.
    pub pairs_at: Option<crate::diagnostics::LineCol>,
}

/// Sort column and direction (`sort = "-downtime_days"` is descending).
#[derive(Debug, Clone, PartialEq)]
pub struct SortSpec {
    /// Fact key, or `title`.
    pub key: String,
    /// Largest first.
    pub descending: bool,
}

const KEYS: &[&str] =
    &["slug", "title", "description", "collection", "columns", "sort", "filter", "rows", "pairs", "max_pairs"];

impl ComparisonSpec {
    /// Reads the `[[comparisons]]` array.
    pub(super) fn read_all(
        reader: &mut Reader<'_>,
        node: &Node,
        collections: &BTreeMap<String, Collection>,
        taxonomies: &BTreeMap<String, Taxonomy>,
    ) -> Vec<ComparisonSpec> {
        let Value::Array(items) = &node.value else {
            reader.type_error(node, "comparisons", "a list of tables ([[comparisons]])");
            return Vec::new();
        };
        let mut out: Vec<ComparisonSpec> = Vec::new();
        for item in items {
            let Some(spec) = read_one(reader, item, collections, taxonomies) else { continue };
            if out.iter().any(|c| c.slug == spec.slug) {
                reader.error(
                    item.span.start,
                    format!("two comparisons use slug {:?}", spec.slug),
                    Some("give each comparison its own slug".into()),
                );
                continue;
            }
            out.push(spec);
        }
        out
    }
}

fn read_one(
    reader: &mut Reader<'_>,
    node: &Node,
    collections: &BTreeMap<String, Collection>,
    taxonomies: &BTreeMap<String, Taxonomy>,
) -> Option<ComparisonSpec> {
    let mut fields = reader.table(node, "comparisons")?;
    let slug = fields.take("slug").and_then(|n| read_slug(reader, n));
    let title = fields.take("title").and_then(|n| reader.string(n, "title"));
    let description = fields.take("description").and_then(|n| reader.string(n, "description"));
    let collection = fields.take("collection").and_then(|n| {
        let name = reader.string(n, "collection")?;
        match collections.get(&name) {
            Some(c) => Some(c),
            None => {
                let help = suggestion_help(&name, collections.keys().map(String::as_str))
                    .unwrap_or_else(|| "declare it under [collections.<name>]".to_string());
                reader.error(n.span.start, format!("unknown collection {name:?}"), Some(help));
                None
            }
        }
    });
    let columns_node = fields.take("columns");
    let sort_node = fields.take("sort");
    let filter_node = fields.take("filter");
    let rows = fields.take("rows").and_then(|n| reader.string_list(n, "rows")).unwrap_or_default();
    let rows: Vec<(String, crate::diagnostics::LineCol)> =
        rows.into_iter().map(|(name, span)| (name, reader.locator().locate(span.start))).collect();
    let pairs_node = fields.take("pairs");
    let max_pairs_node = fields.take("max_pairs");
    let pairs_at = max_pairs_node.as_ref().or(pairs_node.as_ref()).map(|n| reader.locator().locate(n.span.start));
    let pairs = pairs_node.and_then(|n| reader.bool(n, "pairs")).unwrap_or(false);
    let max_pairs = max_pairs_node.and_then(|n| read_max_pairs(reader, n)).unwrap_or(500);
    fields.finish(reader, KEYS, "[[comparisons]]");
    if slug.is_none() {
        reader.error(node.span.start, "a comparison needs a `slug`", Some("add `slug = \"all-methods\"`".into()));
    }
    if title.is_none() {
        reader.error(node.span.start, "a comparison needs a `title`", None);
    }
    let collection = collection?;
    let columns = match columns_node {
        Some(n) => read_columns(reader, n, collection, taxonomies)?,
        None => collection.facts.iter().map(|f| f.key.clone()).collect(),
    };
    let sort = sort_node.and_then(|n| read_sort(reader, n, collection));
    let filter = filter_node.map(|n| read_filter(reader, n, collection)).unwrap_or_default();
    Some(ComparisonSpec {
        slug: slug?,
        title: title?,
        description: description.unwrap_or_default(),
        collection: collection.name.clone(),
        columns,
        sort,
        filter,
        rows,
        pairs,
        max_pairs,
        pairs_at,
    })
}

fn read_slug(reader: &mut Reader<'_>, node: &Node) -> Option<String> {
    let slug = reader.string(node, "slug")?;
    let ok = slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') && !slug.starts_with('-');
    if !ok {
        reader.error(node.span.start, format!("`slug`: {slug:?} must be lowercase letters, digits and '-'"), None);
        return None;
    }
    Some(slug)
}

fn read_max_pairs(reader: &mut Reader<'_>, node: &Node) -> Option<usize> {
    let n = reader.integer(node, "max_pairs")?;
    match usize::try_from(n) {
        Ok(n) if n > 0 => Some(n),
        _ => {
            reader.error(node.span.start, "`max_pairs` must be a whole number above 0", None);
            None
        }
    }
}

fn read_columns(
    reader: &mut Reader<'_>,
    node: &Node,
    collection: &Collection,
    taxonomies: &BTreeMap<String, Taxonomy>,
) -> Option<Vec<String>> {
    let list = reader.string_list(node, "columns")?;
    let known: Vec<&str> =
        collection.facts.iter().map(|f| f.key.as_str()).chain(taxonomies.keys().map(String::as_str)).collect();
    let mut out = Vec::new();
    for (column, span) in list {
        if known.contains(&column.as_str()) {
            out.push(column);
        } else {
            let help = suggestion_help(&column, known.iter().copied()).unwrap_or_else(|| {
                format!("columns are facts of {} or taxonomies: {}", collection.name, known.join(", "))
            });
            reader.error(span.start, format!("unknown column {column:?}"), Some(help));
        }
    }
    Some(out)
}

fn read_sort(reader: &mut Reader<'_>, node: &Node, collection: &Collection) -> Option<SortSpec> {
    let raw = reader.string(node, "sort")?;
    let (key, descending) = match raw.strip_prefix('-') {
        Some(key) => (key.to_string(), true),
        None => (raw.clone(), false),
    };
    if key == "title" || collection.fact(&key).is_some() {
        return Some(SortSpec { key, descending });
    }
    let candidates = collection.facts.iter().map(|f| f.key.as_str()).chain(["title"]);
    let help = suggestion_help(&key, candidates)
        .unwrap_or_else(|| "sort by a fact key or \"title\"; prefix '-' for descending".to_string());
    reader.error(node.span.start, format!("cannot sort by {key:?}: not a fact of {}", collection.name), Some(help));
    None
}

fn read_filter(reader: &mut Reader<'_>, node: &Node, collection: &Collection) -> Vec<(String, Vec<String>)> {
    let Value::Table(entries) = &node.value else {
        reader.type_error(node, "filter", "a table such as { approach = [\"topical\"] }");
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, value) in entries {
        let Some(fact) = collection.fact(&key.name) else {
            let help = suggestion_help(&key.name, collection.facts.iter().map(|f| f.key.as_str()));
            reader.error(
                key.span.start,
                format!("cannot filter on {:?}: not a fact of {}", key.name, collection.name),
                help,
            );
            continue;
        };
        let values = match &value.value {
            Value::String(s) => vec![(s.clone(), value.span.clone())],
            _ => match reader.string_list(value, &key.name) {
                Some(v) => v,
                None => continue,
            },
        };
        let allowed = match &fact.kind {
            FactType::Enum(v) | FactType::List(Some(v)) => Some(v),
            _ => None,
        };
        let mut kept = Vec::new();
        for (v, span) in values {
            match allowed {
                Some(allowed) if !allowed.contains(&v) => {
                    let help = suggestion_help(&v, allowed.iter().map(String::as_str));
                    reader.error(span.start, format!("{:?} is not a value of `{}`", v, fact.key), help);
                }
                _ => kept.push(v),
            }
        }
        out.push((key.name.clone(), kept));
    }
    out
}
