//! The glossary: pages of the `glossary` section are terms; their title and
//! the `aliases` fact are the names. The first mention of a term in each
//! other page's prose becomes a link: whole words, case-insensitive, longest
//! match first, never inside headings, links, images or code, never on the
//! term's own page, never in citation markers, once per term per page.

use super::site_graph::{GlossaryMention, PageId, ResolvedPage};
use crate::parse::{FactValue, markdown_events};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use pulldown_cmark::{Event, Tag, TagEnd};
use std::collections::BTreeMap;

/// The folder whose pages are glossary terms.
pub(crate) const GLOSSARY_SECTION: &str = "glossary";

/// Term pages and a matcher over their names.
pub(super) struct GlossaryMatcher {
    matcher: AhoCorasick,
    /// Pattern index → term page.
    owners: Vec<PageId>,
}

/// The glossary's term pages, A–Z by title.
pub(super) fn glossary_terms(pages: &[ResolvedPage]) -> Vec<PageId> {
    let mut terms: Vec<PageId> = super::site_graph::with_ids(pages)
        .filter(|(_, p)| !p.parsed.is_section && p.parsed.folder() == GLOSSARY_SECTION)
        .map(|(id, _)| id)
        .collect();
    terms.sort_by(|&a, &b| {
        let (ta, tb) = (&pages[a].parsed.meta.title, &pages[b].parsed.meta.title);
        ta.to_lowercase().cmp(&tb.to_lowercase()).then(a.cmp(&b))
    });
    terms
}

impl GlossaryMatcher {
    /// A matcher for the names of `terms`; `None` when there are none.
    pub(super) fn new(pages: &[ResolvedPage], terms: &[PageId]) -> Option<GlossaryMatcher> {
        let mut patterns: Vec<String> = Vec::new();
        let mut owners = Vec::new();
        for &id in terms {
            let page = &pages[id];
            let mut names = vec![page.parsed.meta.title.clone()];
            if let Some(FactValue::List(aliases)) = page.parsed.facts.get("aliases") {
                names.extend(aliases.iter().cloned());
            }
            for name in names {
                let name = name.trim().to_string();
                if !name.is_empty() && !patterns.iter().any(|p| p.eq_ignore_ascii_case(&name)) {
                    patterns.push(name);
                    owners.push(id);
                }
            }
        }
        if patterns.is_empty() {
            return None;
        }
        let matcher = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .ok()?;
        Some(GlossaryMatcher { matcher, owners })
    }

    /// First mentions in one page, keyed by the offset of their text event.
    pub(super) fn mentions(&self, page_id: PageId, page: &ResolvedPage) -> BTreeMap<usize, Vec<GlossaryMention>> {
        let mut out: BTreeMap<usize, Vec<GlossaryMention>> = BTreeMap::new();
        let mut used: Vec<PageId> = vec![page_id];
        let mut blocked = 0usize;
        for (event, range) in markdown_events(&page.parsed.body) {
            match event {
                Event::Start(Tag::Heading { .. } | Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_)) => {
                    blocked += 1
                }
                Event::End(TagEnd::Heading(_) | TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock) => {
                    blocked = blocked.saturating_sub(1)
                }
                Event::Text(_) if page.parsed.outline.citation_at(range.start).is_some() => {}
                Event::Text(text) if blocked == 0 => {
                    for m in self.matcher.find_iter(text.as_ref()) {
                        let term = self.owners[m.pattern().as_usize()];
                        if used.contains(&term) || !is_whole_word(&text, m.start(), m.end()) {
                            continue;
                        }
                        used.push(term);
                        out.entry(range.start).or_default().push(GlossaryMention {
                            start: m.start(),
                            end: m.end(),
                            term,
                        });
                    }
                }
                _ => {}
            }
        }
        out
    }
}

fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_site::{BuiltGraph, TestSite};

    const SITE: &str = "title = \"T\"\nbase_url = \"https://example.org\"\n\
        [collections.glossary]\nsection = \"glossary\"\ntitle = \"Glossary\"\n\
        [[collections.glossary.facts]]\nkey = \"aliases\"\nlabel = \"Also called\"\ntype = \"list\"\n";

    const DERMIS: &str =
        "+++\ntitle = \"Dermis\"\n[facts]\naliases = [\"corium\"]\n+++\nThe dermis is thick; collagen lives here.\n";

    /// A site with the glossary terms Dermis (alias corium) and Collagen,
    /// and a page `content/peel.md` with `body`.
    fn site_with(body: &str) -> BuiltGraph {
        TestSite::new(SITE)
            .titled("content/glossary/_index.md", "Glossary", "")
            .page("content/glossary/dermis.md", DERMIS)
            .page("content/glossary/collagen.md", "+++\ntitle = \"Collagen\"\n[facts]\naliases = []\n+++\nA protein.\n")
            .titled("content/peel.md", "Peel", body)
            .graph()
    }

    /// The mentions of a page: the words as written, and the title of their term.
    fn mentions(site: &BuiltGraph, path: &str) -> Vec<(String, String)> {
        let page = site.page(path);
        let mut out = Vec::new();
        for (&at, found) in &page.glossary_mentions {
            for m in found {
                let term = site.graph.pages[m.term].parsed.meta.title.clone();
                out.push((page.parsed.body[at + m.start..at + m.end].to_string(), term));
            }
        }
        out
    }

    fn words(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(w, t)| (w.to_string(), t.to_string())).collect()
    }

    #[test]
    fn only_the_first_mention_of_each_term_is_linked() {
        let site = site_with("The dermis heals. The dermis and collagen, then collagen again.\n");
        assert_eq!(mentions(&site, "content/peel.md"), words(&[("dermis", "Dermis"), ("collagen", "Collagen")]));
        assert!(site.errors().is_empty(), "{:?}", site.errors());
    }

    #[test]
    fn an_alias_names_its_term_in_any_case() {
        let site = site_with("Below lies the CORIUM.\n");
        assert_eq!(mentions(&site, "content/peel.md"), words(&[("CORIUM", "Dermis")]));
    }

    #[test]
    fn only_whole_words_match() {
        let site = site_with("The epidermis and dermises, then the dermis.\n");
        let page = site.page("content/peel.md");
        assert_eq!(mentions(&site, "content/peel.md"), words(&[("dermis", "Dermis")]));
        let (&at, found) = page.glossary_mentions.iter().next().unwrap();
        assert_eq!(at + found[0].start, "The epidermis and dermises, then the ".len());
    }

    #[test]
    fn headings_links_and_code_are_not_mentions() {
        let body =
            "## Dermis\n\n[the dermis](https://example.com) and `dermis`\n\n```\ndermis\n```\n\n![dermis](a.png)\n";
        let site = site_with(body);
        assert_eq!(mentions(&site, "content/peel.md"), []);
        let site = site_with(&format!("{body}\nAt last the dermis.\n"));
        assert_eq!(mentions(&site, "content/peel.md"), words(&[("dermis", "Dermis")]));
    }

    #[test]
    fn a_term_is_not_linked_on_its_own_page() {
        let site = site_with("");
        assert_eq!(mentions(&site, "content/glossary/dermis.md"), words(&[("collagen", "Collagen")]));
    }

    #[test]
    fn terms_are_the_glossary_pages_a_to_z() {
        let site = site_with("");
        let titles: Vec<&str> =
            site.graph.glossary_terms.iter().map(|&t| site.graph.pages[t].parsed.meta.title.as_str()).collect();
        assert_eq!(titles, ["Collagen", "Dermis"]);
    }

    #[test]
    fn whole_words_only() {
        assert!(is_whole_word("the dermis layer", 4, 10));
        assert!(!is_whole_word("epidermis", 2, 9));
        assert!(is_whole_word("(dermis)", 1, 7));
    }
}
