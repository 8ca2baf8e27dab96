//! Taxonomy terms from the pages' `[taxonomies]`: slugged, grouped, and
//! checked so that two spellings of one slug are an error naming both places.

use super::site_graph::{PageId, ResolvedPage, TaxonomyId, TaxonomyIndex, Term, TermId};
use crate::config::SiteConfig;
use crate::diagnostics::{Code, Diagnostic};
use crate::text::slugify;
use std::collections::BTreeMap;

/// Builds the term lists and files each page under its terms.
pub(super) fn build_taxonomies(
    config: &SiteConfig,
    pages: &mut [ResolvedPage],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<TaxonomyIndex> {
    let mut out = Vec::new();
    for (t_index, (name, taxonomy)) in config.taxonomies.iter().enumerate() {
        let t_index = TaxonomyId(t_index);
        // slug → (first spelling, where it was written, pages)
        let mut terms: BTreeMap<String, (String, String, Vec<PageId>)> = BTreeMap::new();
        for (id, page) in super::site_graph::with_ids(pages) {
            let Some(written) = page.parsed.meta.taxonomies.get(name) else { continue };
            for term in written {
                let slug = slugify(&term.value);
                if slug.is_empty() {
                    diagnostics.push(
                        Diagnostic::error(
                            Code::Taxonomy,
                            &page.parsed.rel_path,
                            format!("term {:?} of `{name}` has no letters or digits", term.value),
                        )
                        .at(term.at),
                    );
                    continue;
                }
                let place = format!("{}:{}:{}", page.parsed.rel_path, term.at.line, term.at.col);
                let entry =
                    terms.entry(slug.clone()).or_insert_with(|| (term.value.clone(), place.clone(), Vec::new()));
                if entry.0 != term.value {
                    let message = format!(
                        "term {:?} of `{name}` is also written {:?} (at {}); both make the URL /{name}/{slug}/",
                        term.value, entry.0, entry.1
                    );
                    diagnostics.push(
                        Diagnostic::error(Code::Taxonomy, &page.parsed.rel_path, message)
                            .at(term.at)
                            .with_help(format!("spell the term the same way everywhere: {:?}", entry.0)),
                    );
                    continue;
                }
                if !entry.2.contains(&id) {
                    entry.2.push(id);
                }
            }
        }
        let url = format!("/{}/", slugify(name));
        let mut list = Vec::new();
        for (term_index, (slug, (term_name, _, mut members))) in terms.into_iter().enumerate() {
            members.sort_by(|&a, &b| pages[a].parsed.meta.title.cmp(&pages[b].parsed.meta.title).then(a.cmp(&b)));
            for &m in &members {
                pages[m].terms.push((t_index, TermId(term_index)));
            }
            list.push(Term { url: format!("{url}{slug}/"), name: term_name, slug, pages: members, table: None });
        }
        out.push(TaxonomyIndex { name: name.clone(), title: taxonomy.title.clone(), url, terms: list });
    }
    out
}
