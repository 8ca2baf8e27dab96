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

    #[test]
    fn whole_words_only() {
        assert!(is_whole_word("the dermis layer", 4, 10));
        assert!(!is_whole_word("epidermis", 2, 9));
        assert!(is_whole_word("(dermis)", 1, 7));
    }
}
