//! Taxonomy terms from the pages' `[taxonomies]`: slugged, grouped, and
//! checked so that two spellings of one slug are an error naming both places.

use super::site_graph::{PageId, ResolvedPage, TaxonomyId, TaxonomyIndex, Term, TermId};
use super::title_order::TitleOrder;
use crate::config::SiteConfig;
use crate::diagnostics::{Code, Diagnostic};
use crate::text::slugify;
use std::collections::BTreeMap;

/// Builds the term lists and files each page under its terms.
pub(super) fn build_taxonomies(
    config: &SiteConfig,
    pages: &mut [ResolvedPage],
    titles: &TitleOrder,
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
                let entry = terms.entry(slug.clone()).or_insert_with(|| {
                    let place = format!("{}:{}:{}", page.parsed.rel_path, term.at.line, term.at.col);
                    (term.value.clone(), place, Vec::new())
                });
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
                // Pages come in order, so a term a page lists twice is the
                // last one added (a search of the list made this quadratic).
                if entry.2.last() != Some(&id) {
                    entry.2.push(id);
                }
            }
        }
        let url = format!("/{}/", slugify(name));
        let mut list = Vec::new();
        for (term_index, (slug, (term_name, _, mut members))) in terms.into_iter().enumerate() {
            members.sort_by_key(|&m| titles.rank(m));
            for &m in &members {
                pages[m].terms.push((t_index, TermId(term_index)));
            }
            list.push(Term { url: format!("{url}{slug}/"), name: term_name, slug, pages: members, table: None });
        }
        out.push(TaxonomyIndex { name: name.clone(), title: taxonomy.title.clone(), url, terms: list });
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::test_site::{BuiltGraph, TestSite};

    const SITE: &str =
        "title = \"T\"\nbase_url = \"https://example.org\"\n[taxonomies.concerns]\ntitle = \"Concerns\"\n";

    /// A page titled `title` filed under `terms` of `concerns`.
    fn page_with_terms(title: &str, terms: &str) -> String {
        format!("+++\ntitle = {title:?}\n\n[taxonomies]\nconcerns = [{terms}]\n+++\nBody.\n")
    }

    fn site(pages: &[(&str, &str, &str)]) -> BuiltGraph {
        let mut site = TestSite::new(SITE);
        for (path, title, terms) in pages {
            site = site.page(path, &page_with_terms(title, terms));
        }
        site.graph()
    }

    #[test]
    fn terms_are_collected_and_slugged_in_slug_order() {
        let site = site(&[("content/a.md", "A", "\"Fine lines\", \"acne scars\"")]);
        let concerns = &site.graph.taxonomies[0];
        assert_eq!(
            (concerns.name.as_str(), concerns.title.as_str(), concerns.url.as_str()),
            ("concerns", "Concerns", "/concerns/")
        );
        let terms: Vec<(&str, &str, &str)> =
            concerns.terms.iter().map(|t| (t.name.as_str(), t.slug.as_str(), t.url.as_str())).collect();
        assert_eq!(
            terms,
            [
                ("acne scars", "acne-scars", "/concerns/acne-scars/"),
                ("Fine lines", "fine-lines", "/concerns/fine-lines/")
            ]
        );
        assert!(site.errors().is_empty(), "{:?}", site.errors());
    }

    #[test]
    fn pages_of_a_term_are_sorted_by_title() {
        let site = site(&[
            ("content/a.md", "Zinc", "\"redness\""),
            ("content/b.md", "Aloe", "\"redness\""),
            ("content/c.md", "Mint", "\"redness\""),
        ]);
        let term = &site.graph.taxonomies[0].terms[0];
        let titles: Vec<&str> = term.pages.iter().map(|&p| site.graph.pages[p].parsed.meta.title.as_str()).collect();
        assert_eq!(titles, ["Aloe", "Mint", "Zinc"]);
    }

    #[test]
    fn each_page_knows_its_terms_once() {
        let site = site(&[("content/a.md", "A", "\"redness\", \"redness\", \"acne\"")]);
        let page = site.page("content/a.md");
        assert_eq!(page.term_names(page.terms[0].0, &site.graph.taxonomies), ["acne", "redness"]);
        assert_eq!(site.graph.taxonomies[0].terms[1].pages, [site.id("content/a.md")]);
    }

    #[test]
    fn one_term_written_two_ways_is_an_error_naming_both_places() {
        let site = site(&[("content/a.md", "A", "\"Fine lines\""), ("content/b.md", "B", "\"fine lines\"")]);
        let d = site.error("is also written");
        assert_eq!(
            d.message,
            "term \"fine lines\" of `concerns` is also written \"Fine lines\" (at content/a.md:5:13); both make the URL /concerns/fine-lines/"
        );
        assert_eq!(d.path, "content/b.md");
        assert_eq!(d.help.as_deref(), Some("spell the term the same way everywhere: \"Fine lines\""));
        // The second spelling is not filed under the term.
        assert_eq!(site.graph.taxonomies[0].terms[0].pages, [site.id("content/a.md")]);
    }

    #[test]
    fn a_term_without_letters_or_digits_is_an_error() {
        let site = site(&[("content/a.md", "A", "\"!!!\", \"ok\"")]);
        assert_eq!(site.errors(), ["term \"!!!\" of `concerns` has no letters or digits"]);
        assert_eq!(site.graph.taxonomies[0].terms.len(), 1);
    }
}
