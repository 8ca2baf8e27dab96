//! The link graph: backlinks (with the linking sentence), related pages
//! (shared taxonomy terms and facts) and orphans (articles nothing links to).

use super::glossary::GLOSSARY_SECTION;
use super::site_graph::{Backlink, PageId, ResolvedPage};
use crate::diagnostics::{Code, Diagnostic};
use crate::parse::FactValue;

/// Fills `backlinks` of every page from the resolved links and glossary mentions.
pub fn add_backlinks(pages: &mut [ResolvedPage]) {
    let mut incoming: Vec<Vec<Backlink>> = vec![Vec::new(); pages.len()];
    for (from, page) in pages.iter().enumerate() {
        for (index, link) in page.parsed.outline.links.iter().enumerate() {
            let Some(target) = page.links.get(&link.body_offset).and_then(|l| l.target) else { continue };
            if target == from || incoming[target].iter().any(|b| b.from == from) {
                continue;
            }
            let context = page.parsed.outline.link_contexts.get(index).cloned().unwrap_or_default();
            incoming[target].push(Backlink { from, context });
        }
        for mention in page.glossary_mentions.values().flatten() {
            if !incoming[mention.term].iter().any(|b| b.from == from) {
                incoming[mention.term].push(Backlink { from, context: String::new() });
            }
        }
    }
    for (page, mut backlinks) in pages.iter_mut().zip(incoming) {
        backlinks.sort_by_key(|b| b.from);
        page.backlinks = backlinks;
    }
}

/// Sorts backlinks by the title of the linking page.
pub fn sort_backlinks(pages: &mut [ResolvedPage]) {
    let titles: Vec<String> = pages.iter().map(|p| p.parsed.meta.title.clone()).collect();
    for page in pages.iter_mut() {
        page.backlinks.sort_by(|a, b| titles[a.from].cmp(&titles[b.from]).then(a.from.cmp(&b.from)));
    }
}

/// Up to five related pages for every article: 2 points per shared taxonomy
/// term, 1 per equal enum fact or shared list value; ties broken by title.
pub fn add_related(pages: &mut [ResolvedPage]) {
    let candidates: Vec<PageId> = pages.iter().enumerate().filter(|(_, p)| is_article(p)).map(|(i, _)| i).collect();
    let related: Vec<Vec<PageId>> = (0..pages.len())
        .map(|id| {
            if !is_article(&pages[id]) {
                return Vec::new();
            }
            let mut scored: Vec<(u32, PageId)> = candidates
                .iter()
                .filter(|&&c| c != id)
                .map(|&c| (score(&pages[id], &pages[c]), c))
                .filter(|(s, _)| *s > 0)
                .collect();
            scored.sort_by(|a, b| {
                b.0.cmp(&a.0)
                    .then_with(|| pages[a.1].parsed.meta.title.cmp(&pages[b.1].parsed.meta.title))
                    .then(a.1.cmp(&b.1))
            });
            scored.into_iter().take(5).map(|(_, c)| c).collect()
        })
        .collect();
    for (page, r) in pages.iter_mut().zip(related) {
        page.related = r;
    }
}

fn is_article(page: &ResolvedPage) -> bool {
    !page.parsed.is_section && page.parsed.folder() != GLOSSARY_SECTION
}

fn score(a: &ResolvedPage, b: &ResolvedPage) -> u32 {
    let shared_terms = a.terms.iter().filter(|t| b.terms.contains(t)).count() as u32;
    let mut facts = 0;
    if a.parsed.collection.is_some() && a.parsed.collection == b.parsed.collection {
        for (key, value) in &a.parsed.facts {
            let Some((_, other)) = b.parsed.facts.iter().find(|(k, _)| k == key) else { continue };
            facts += match (value, other) {
                (FactValue::Enum(x, _), FactValue::Enum(y, _)) if x == y => 1,
                (FactValue::List(x), FactValue::List(y)) => x.iter().filter(|v| y.contains(v)).count() as u32,
                _ => 0,
            };
        }
    }
    shared_terms * 2 + facts
}

/// Warnings for articles that no other page links to.
pub fn find_orphans(pages: &[ResolvedPage]) -> Vec<Diagnostic> {
    pages
        .iter()
        .filter(|p| is_article(p) && p.backlinks.is_empty())
        .map(|p| {
            Diagnostic::warning(Code::Link, &p.parsed.rel_path, "orphan page: no other page links to it")
                .with_help(format!("link to it from a related article, for example with [[{}]]", p.parsed.stem()))
        })
        .collect()
}
