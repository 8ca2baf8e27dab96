//! Tables of ```` ```compare ```` blocks: rows are pages of one collection
//! named by file stem, columns are its facts or taxonomies. Unknown rows or
//! columns are errors at their place in the block, with a did-you-mean.

use super::comparisons::{TableInputs, collection_pages, expand_rows, filter_allows, make_columns, sort_rows};
use super::failed_sources::FailedSources;
use super::site_graph::{ComparisonTable, Row};
use super::site_graph::{PageId, ResolvedPage, TaxonomyIndex};
use crate::config::{Collection, SiteConfig};
use crate::diagnostics::{Code, Diagnostic, LineCol, did_you_mean, suggestion_help};
use crate::parse::CompareRequest;
use std::collections::BTreeMap;

/// Builds the tables of every compare block of page `id`.
pub(super) fn embedded_tables(
    inputs: &TableInputs<'_>,
    id: PageId,
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeMap<usize, ComparisonTable> {
    let TableInputs { config, pages, taxonomies, failed } = *inputs;
    let page = &pages[id];
    let block = BlockCheck { config, pages, taxonomies, failed, rel_path: &page.parsed.rel_path };
    let mut out = BTreeMap::new();
    for request in &page.parsed.compare_requests {
        let Some(collection) = pick_collection(config, pages, page, request) else {
            diagnostics.push(block.unknown_collection(request));
            continue;
        };
        let members = collection_pages(collection, pages);
        let before = diagnostics.len();
        let rows = block.named_rows(request, collection, &members, diagnostics);
        block.check_columns(request, collection, diagnostics);
        block.check_filter(request, collection, diagnostics);
        let Some(rows) = rows.filter(|_| diagnostics.len() == before) else { continue };
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

/// What checking the blocks of one page needs of the site.
struct BlockCheck<'a> {
    config: &'a SiteConfig,
    pages: &'a [ResolvedPage],
    taxonomies: &'a [TaxonomyIndex],
    failed: &'a FailedSources,
    /// The page holding the blocks.
    rel_path: &'a str,
}

impl BlockCheck<'_> {
    fn error(&self, at: LineCol, message: String, help: Option<String>) -> Diagnostic {
        Diagnostic::error(Code::Link, self.rel_path, message).at(at).with_help_opt(help)
    }

    fn unknown_collection(&self, request: &CompareRequest) -> Diagnostic {
        let message = match &request.collection {
            Some(c) => format!("unknown collection {:?} in compare block", c.value),
            None => "compare block: cannot tell which collection the rows come from".to_string(),
        };
        let written = request.collection.as_ref().map_or("", |c| c.value.as_str());
        let help = suggestion_help(written, self.config.collections.keys().map(String::as_str))
            .or_else(|| Some("add collection = \"<name>\" to the block".into()));
        self.error(request.collection.as_ref().map_or(request.at, |c| c.at), message, help)
    }

    /// The pages the block's rows name; `None` when one is unknown (then
    /// reported), or is a page that failed to parse (its own error says why).
    fn named_rows(
        &self,
        request: &CompareRequest,
        collection: &Collection,
        members: &[PageId],
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<Vec<PageId>> {
        let pages = self.pages;
        let (mut rows, mut all_known) = (Vec::new(), true);
        for row in &request.rows {
            match members.iter().find(|&&m| pages[m].parsed.stem() == row.value || pages[m].slug == row.value) {
                Some(&m) => rows.push(m),
                None if self.failed.names(&collection.section, &row.value) => all_known = false,
                None => {
                    let names = members.iter().map(|&m| pages[m].parsed.stem());
                    let help = suggestion_help(&row.value, names)
                        .or_else(|| Some(format!("rows are file names of pages of {}", collection.name)));
                    let message =
                        format!("unknown row {:?}: no page of `{}` has that name", row.value, collection.name);
                    diagnostics.push(self.error(row.at, message, help));
                    all_known = false;
                }
            }
        }
        all_known.then_some(rows)
    }

    /// Columns are facts of the collection or taxonomies.
    fn check_columns(&self, request: &CompareRequest, collection: &Collection, diagnostics: &mut Vec<Diagnostic>) {
        let facts = collection.facts.iter().map(|f| f.key.as_str());
        let known: Vec<&str> = facts.chain(self.taxonomies.iter().map(|t| t.name.as_str())).collect();
        for column in request.columns.iter().filter(|c| !known.contains(&c.value.as_str())) {
            let help = suggestion_help(&column.value, known.iter().copied()).or_else(|| {
                Some(format!("columns are facts of {} or taxonomies: {}", collection.name, known.join(", ")))
            });
            diagnostics.push(self.error(column.at, format!("unknown column {:?}", column.value), help));
        }
    }

    /// Filters are on facts of the collection.
    fn check_filter(&self, request: &CompareRequest, collection: &Collection, diagnostics: &mut Vec<Diagnostic>) {
        for (key, _) in request.filter.iter().filter(|(key, _)| collection.fact(&key.value).is_none()) {
            let help = suggestion_help(&key.value, collection.facts.iter().map(|f| f.key.as_str()));
            let message = format!("cannot filter on {:?}: not a fact of {}", key.value, collection.name);
            diagnostics.push(self.error(key.at, message, help));
        }
    }
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
    filter.iter().all(|(key, allowed)| filter_allows(facts.get(&key.value), allowed))
}

#[cfg(test)]
mod tests {
    use super::super::comparisons::tests::{METHODS_SITE, method};
    use crate::test_site::{BuiltGraph, TestSite};

    /// Three methods, a page that failed to parse, and a guide whose body is
    /// one compare block holding `block`.
    fn guide_with(block: &str) -> BuiltGraph {
        TestSite::new(METHODS_SITE)
            .page("content/methods/cream.md", &method("Cream", "approach = \"topical\""))
            .page("content/methods/laser.md", &method("Laser", "approach = \"non-invasive\"\ndowntime_days = [3, 5]"))
            .page("content/methods/peel.md", &method("Peel", "approach = \"non-invasive\"\ndowntime_days = [7, 21]"))
            .page("content/methods/broken.md", "+++\ntitle = \n+++\n")
            .titled("content/guide.md", "Guide", &format!("Intro.\n\n```compare\n{block}\n```\n"))
            .graph()
    }

    /// The rows (titles) and column keys of the guide's one table.
    fn table_of(site: &BuiltGraph) -> (Vec<&str>, Vec<&str>, &str) {
        let tables = &site.page("content/guide.md").embedded_tables;
        assert_eq!(tables.len(), 1, "errors: {:?}", site.errors());
        let table = tables.values().next().unwrap();
        let rows = table.rows.iter().map(|r| site.graph.pages[r.page].parsed.meta.title.as_str()).collect();
        (rows, table.columns.iter().map(|c| c.key.as_str()).collect(), table.title.as_str())
    }

    /// The errors of the guide page.
    fn guide_errors(site: &BuiltGraph) -> Vec<(&str, Option<&str>)> {
        let of_guide = site.diagnostics.iter().filter(|d| d.is_error() && d.path == "content/guide.md");
        of_guide.map(|d| (d.message.as_str(), d.help.as_deref())).collect()
    }

    #[test]
    fn named_rows_keep_the_order_written() {
        let site = guide_with("rows = [\"peel\", \"cream\"]\ncolumns = [\"approach\", \"concerns\"]");
        assert_eq!(table_of(&site), (vec!["Peel", "Cream"], vec!["approach", "concerns"], "Methods compared"));
    }

    #[test]
    fn without_rows_every_page_of_the_collection_by_title_then_filtered() {
        let site = guide_with(
            "collection = \"methods\"\ncolumns = [\"approach\"]\nfilter = { approach = \"non-invasive\" }\ntitle = \"Soft\"",
        );
        assert_eq!(table_of(&site), (vec!["Laser", "Peel"], vec!["approach"], "Soft"));
    }

    #[test]
    fn an_unknown_row_is_an_error_with_a_did_you_mean_and_no_table() {
        let site = guide_with("rows = [\"peel\", \"lazer\"]\ncolumns = [\"approach\"]");
        let expected = [("unknown row \"lazer\": no page of `methods` has that name", Some("did you mean `laser`?"))];
        assert_eq!(guide_errors(&site), expected);
        assert!(site.page("content/guide.md").embedded_tables.is_empty());
    }

    #[test]
    fn an_unknown_column_suggests_one_or_lists_them_all() {
        let site = guide_with("rows = [\"peel\"]\ncolumns = [\"aproach\", \"colour\"]");
        let all = "columns are facts of methods or taxonomies: approach, downtime_days, layers, concerns";
        let expected = [
            ("unknown column \"aproach\"", Some("did you mean `approach`?")),
            ("unknown column \"colour\"", Some(all)),
        ];
        assert_eq!(guide_errors(&site), expected);
    }

    #[test]
    fn a_filter_on_an_unknown_fact_and_an_unknown_collection_are_errors() {
        let site = guide_with("rows = [\"peel\"]\ncolumns = [\"approach\"]\nfilter = { aproach = \"topical\" }");
        let expected = [("cannot filter on \"aproach\": not a fact of methods", Some("did you mean `approach`?"))];
        assert_eq!(guide_errors(&site), expected);
        let site = guide_with("collection = \"metods\"\ncolumns = [\"approach\"]");
        let expected = [("unknown collection \"metods\" in compare block", Some("did you mean `methods`?"))];
        assert_eq!(guide_errors(&site), expected);
    }

    #[test]
    fn a_row_naming_a_page_that_failed_to_parse_is_not_reported_again() {
        let site = guide_with("rows = [\"peel\", \"broken\"]\ncolumns = [\"approach\"]");
        assert_eq!(guide_errors(&site), []);
        assert!(site.page("content/guide.md").embedded_tables.is_empty());
    }
}
