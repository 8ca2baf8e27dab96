//! The source list of a page: each reference numbered by its position, with
//! its tier (linked to the policy page), DOI and PMID links, and a back-link
//! to every citation of it.

use super::template_context::{CitationBackLink, ReferenceContext, TierContext};
use crate::resolve::{ResolvedPage, SiteGraph};
use std::collections::BTreeMap;

/// The `page.references` of a page.
pub(super) fn reference_contexts(graph: &SiteGraph, page: &ResolvedPage) -> Vec<ReferenceContext> {
    let policy_url = graph.source_policy.as_ref().map(|p| graph.config.site_url(p));
    // Citations per key, in page order (fact citations join here once they carry occurrences).
    let mut cited: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for key in page.parsed.outline.citations.iter().flat_map(|c| &c.keys) {
        cited.entry(key.key.as_str()).or_default().push(key.occurrence);
    }
    page.parsed
        .meta
        .references
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let tier = r.tier.as_ref().and_then(|id| graph.config.sources.tier(id)).map(|t| TierContext {
                id: t.id.clone(),
                label: t.label.clone(),
                meaning: t.meaning.clone(),
                url: policy_url.clone(),
            });
            let citations = cited
                .get(r.key.as_str())
                .map(|occurrences| {
                    occurrences
                        .iter()
                        .map(|&n| CitationBackLink {
                            id: format!("cite-{}-{n}", r.key),
                            occurrence: n,
                            letter: back_link_letter(n),
                        })
                        .collect()
                })
                .unwrap_or_default();
            ReferenceContext {
                number: i + 1,
                key: r.key.clone(),
                id: format!("ref-{}", r.key),
                title: r.title.clone(),
                url: r.url.clone(),
                publisher: r.publisher.clone(),
                year: r.year,
                tier,
                doi: r.doi.clone(),
                doi_url: r.doi.as_ref().map(|d| format!("https://doi.org/{}", encode_doi(d))),
                pmid: r.pmid.clone(),
                pmid_url: r.pmid.as_ref().map(|p| format!("https://pubmed.ncbi.nlm.nih.gov/{p}/")),
                citations,
            }
        })
        .collect()
}

/// A DOI in a URL path: characters that would end or break it are escaped.
fn encode_doi(doi: &str) -> String {
    const DOI_RESERVED: &percent_encoding::AsciiSet =
        &percent_encoding::CONTROLS.add(b' ').add(b'"').add(b'#').add(b'%').add(b'<').add(b'>').add(b'?').add(b'`');
    percent_encoding::utf8_percent_encode(doi, DOI_RESERVED).to_string()
}

/// `1` → `a`, `26` → `z`, `27` → `aa`: bijective base 26.
fn back_link_letter(mut n: usize) -> String {
    let mut letters = Vec::new();
    while n > 0 {
        n -= 1;
        letters.push(char::from(b'a' + (n % 26) as u8));
        n /= 26;
    }
    letters.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::back_link_letter;

    #[test]
    fn back_links_are_lettered_like_an_encyclopedia() {
        let letters: Vec<String> = [1, 2, 26, 27, 28, 52, 53].into_iter().map(back_link_letter).collect();
        assert_eq!(letters, ["a", "b", "z", "aa", "ab", "az", "ba"]);
    }
}
