//! Tables of ```` ```compare ```` blocks: rows are pages of one collection
//! named by file stem, columns are its facts or taxonomies. Unknown rows or
//! columns are errors at their place in the block, with a did-you-mean.

use super::comparisons::{collection_pages, expand_rows, make_columns, sort_rows};
use super::failed_sources::FailedSources;
use super::site_graph::{ComparisonTable, Row};
use super::site_graph::{PageId, ResolvedPage, TaxonomyIndex};
use crate::config::{Collection, SiteConfig};
use crate::diagnostics::{Code, Diagnostic, did_you_mean};
use crate::parse::{CompareRequest, FactValue};
use std::collections::BTreeMap;

/// Builds the tables of every compare block of page `id`.
pub(super) fn embedded_tables(
    config: &SiteConfig,
    pages: &[ResolvedPage],
    taxonomies: &[TaxonomyIndex],
    id: PageId,
    failed: &FailedSources,
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeMap<usize, ComparisonTable> {
    let page = &pages[id];
    let mut out = BTreeMap::new();
    for request in &page.parsed.compare_requests {
        let error = |at, message: String, help: Option<String>| {
            Diagnostic::error(Code::Link, &page.parsed.rel_path, message).at(at).with_help_opt(help)
        };
        let Some(collection) = pick_collection(config, pages, page, request) else {
            let message = match &request.collection {
                Some(c) => format!("unknown collection {:?} in compare block", c.value),
                None => "compare block: cannot tell which collection the rows come from".to_string(),
            };
            let help = did_you_mean(
                request.collection.as_ref().map_or("", |c| c.value.as_str()),
                config.collections.keys().map(String::as_str),
            )
            .map(|c| format!("did you mean `{c}`?"))
            .or_else(|| Some("add collection = \"<name>\" to the block".into()));
            diagnostics.push(error(request.collection.as_ref().map_or(request.at, |c| c.at), message, help));
            continue;
        };
        let members = collection_pages(collection, pages);
        let mut ok = true;
        let mut rows: Vec<PageId> = Vec::new();
        for row in &request.rows {
            match members.iter().find(|&&m| pages[m].parsed.stem() == row.value || pages[m].slug == row.value) {
                Some(&m) => rows.push(m),
                // Its own error says what is wrong with it.
                None if failed.names(&collection.section, &row.value) => ok = false,
                None => {
                    let names = members.iter().map(|&m| pages[m].parsed.stem());
                    let help = did_you_mean(&row.value, names)
                        .map(|c| format!("did you mean `{c}`?"))
                        .or_else(|| Some(format!("rows are file names of pages of {}", collection.name)));
                    diagnostics.push(error(
                        row.at,
                        format!("unknown row {:?}: no page of `{}` has that name", row.value, collection.name),
                        help,
                    ));
                    ok = false;
                }
            }
        }
        let known: Vec<&str> =
            collection.facts.iter().map(|f| f.key.as_str()).chain(taxonomies.iter().map(|t| t.name.as_str())).collect();
        for column in &request.columns {
            if !known.contains(&column.value.as_str()) {
                let help = did_you_mean(&column.value, known.iter().copied())
                    .map(|c| format!("did you mean `{c}`?"))
                    .or_else(|| {
                        Some(format!("columns are facts of {} or taxonomies: {}", collection.name, known.join(", ")))
                    });
                diagnostics.push(error(column.at, format!("unknown column {:?}", column.value), help));
                ok = false;
            }
        }
        for (key, _) in &request.filter {
            if collection.fact(&key.value).is_none() {
                let help = did_you_mean(&key.value, collection.facts.iter().map(|f| f.key.as_str()))
                    .map(|c| format!("did you mean `{c}`?"));
                diagnostics.push(error(
                    key.at,
                    format!("cannot filter on {:?}: not a fact of {}", key.value, collection.name),
                    help,
                ));
                ok = false;
            }
        }
        if !ok {
            continue;
        }
        let mut rows = expand_rows(&rows, pages);
        if request.rows.is_empty() {
            rows = expand_rows(&members, pages);
            sort_rows(&mut rows, pages, None, taxonomies);
        }
        rows.retain(|r| passes_filter(&pages[r.page], *r, &request.filter));
        let names: Vec<String> = request.columns.iter().map(|c| c.value.clone()).collect();
        let table = ComparisonTable {
            title: request.title.clone().unwrap_or_else(|| format!("{} compared", collection.title)),
            description: String::new(),
            collection: collection.name.clone(),
            columns: make_columns(&names, collection, taxonomies, config),
            rows,
            sorted_by: None,
        };
        out.insert(request.body_offset, table);
    }
    out
}

fn pick_collection<'c>(
    config: &'c SiteConfig,
    pages: &[ResolvedPage],
    page: &ResolvedPage,
    request: &CompareRequest,
) -> Option<&'c Collection> {
    if let Some(name) = &request.collection {
        return config.collections.get(&name.value);
    }
    // The collection of the first row that names a page; failing that, of the
    // first row that is a likely typo of one (so the error can suggest it).
    let in_collection = |row: &str, exact: bool| {
        pages
            .iter()
            .filter(|p| p.parsed.collection.is_some())
            .find(|p| if exact { p.parsed.stem() == row } else { did_you_mean(row, [p.parsed.stem()]).is_some() })
    };
    let from_rows = request
        .rows
        .iter()
        .find_map(|r| in_collection(&r.value, true))
        .or_else(|| request.rows.iter().find_map(|r| in_collection(&r.value, false)))
        .and_then(|p| p.parsed.collection.as_ref());
    let name = from_rows.or(page.parsed.collection.as_ref());
    match name {
        Some(n) => config.collections.get(n),
        None if config.collections.len() == 1 => config.collections.values().next(),
        None => None,
    }
}

fn passes_filter(page: &ResolvedPage, row: Row, filter: &[(crate::parse::Located<String>, Vec<String>)]) -> bool {
    let facts = page.parsed.facts_of(row.variant);
    filter.iter().all(|(key, allowed)| match facts.iter().find(|(k, _)| *k == key.value).map(|(_, v)| v) {
        Some(FactValue::Enum(v, _)) | Some(FactValue::Text(v)) => allowed.contains(v),
        Some(FactValue::List(items)) => items.iter().any(|v| allowed.contains(v)),
        _ => false,
    })
}
