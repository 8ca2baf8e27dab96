//! The link graph: backlinks (with the linking sentence), related pages
//! (shared taxonomy terms and facts) and orphans (articles nothing links to).

use super::glossary::GLOSSARY_SECTION;
use super::site_graph::{Backlink, PageId, ResolvedPage};
use crate::diagnostics::{Code, Diagnostic};
use crate::memo::Memo;
use crate::parse::FactValue;
use rayon::prelude::*;
use std::collections::HashMap;

/// Fills `backlinks` of every page from the resolved links and glossary mentions.
pub(super) fn add_backlinks(pages: &mut [ResolvedPage]) {
    let mut incoming: Vec<Vec<Backlink>> = vec![Vec::new(); pages.len()];
    for (from, page) in super::site_graph::with_ids(pages) {
        let shown = shown_link_texts(page);
        for (index, link) in page.parsed.outline.links.iter().enumerate() {
            let Some(target) = page.links.get(&link.body_offset).and_then(|l| l.target) else { continue };
            if target == from || incoming[target.0].iter().any(|b| b.from == from) {
                continue;
            }
            let mut context = page.parsed.outline.link_contexts.get(index).cloned().unwrap_or_default();
            for (written, title) in &shown {
                if context.contains(written.as_str()) {
                    context = context.replace(written.as_str(), title);
                }
            }
            incoming[target.0].push(Backlink { from, context });
        }
        for mention in page.glossary_mentions.values().flatten() {
            if !incoming[mention.term.0].iter().any(|b| b.from == from) {
                incoming[mention.term.0].push(Backlink { from, context: String::new() });
            }
        }
    }
    for (page, mut backlinks) in pages.iter_mut().zip(incoming) {
        backlinks.sort_by_key(|b| b.from);
        page.backlinks = backlinks;
    }
}

/// For each `[[slug]]` written without text: the slug as the sentence holds
/// it and the title the page shows in its place, longest first, so the
/// quoted sentence of a backlink reads like the article.
fn shown_link_texts(page: &ResolvedPage) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for link in &page.parsed.outline.links {
        let crate::parse::LinkKind::Wiki(slug) = &link.kind else { continue };
        if link.has_text {
            continue;
        }
        let Some(title) = page.links.get(&link.body_offset).and_then(|l| l.default_text.clone()) else { continue };
        let written = match &link.anchor {
            Some(anchor) => format!("{slug}#{anchor}"),
            None => slug.clone(),
        };
        if !written.is_empty() && out.iter().all(|(w, _)| *w != written) {
            out.push((written, title));
        }
    }
    out.sort_by_key(|(written, _)| std::cmp::Reverse(written.len()));
    out
}

/// Sorts backlinks by the title of the linking page.
pub(super) fn sort_backlinks(pages: &mut [ResolvedPage]) {
    let titles: Vec<String> = pages.iter().map(|p| p.parsed.meta.title.clone()).collect();
    for page in pages.iter_mut() {
        page.backlinks.sort_by(|a, b| titles[a.from.0].cmp(&titles[b.from.0]).then(a.from.cmp(&b.from)));
    }
}

/// Up to five related pages for every article: 2 points per shared taxonomy
/// term, 1 per equal enum fact or shared list value (within one collection);
/// ties broken by title.
///
/// Scores come from an inverted index (feature → pages), so each page only
/// visits the pages it shares something with; comparing every pair was
/// quadratic and took minutes on 10,000 pages.
pub(super) fn add_related(pages: &mut [ResolvedPage], memo: &mut RelatedMemo) {
    let key = related_inputs_key(pages);
    if let Some(related) = memo.0.lookup(&(), key).filter(|r| r.len() == pages.len()).cloned() {
        memo.0.record((), key, related.clone());
        memo.0.finish();
        for (page, r) in pages.iter_mut().zip(related) {
            page.related = r;
        }
        return;
    }
    let (features, postings) = feature_index(pages);
    // Dense indices (`PageId.0`) from here on: the ranking is a tight loop over arrays.
    let mut by_title: Vec<usize> = (0..pages.len()).collect();
    by_title.sort_by(|&a, &b| pages[a].parsed.meta.title.cmp(&pages[b].parsed.meta.title).then(a.cmp(&b)));
    let mut title_rank = vec![0usize; pages.len()];
    for (rank, &id) in by_title.iter().enumerate() {
        title_rank[id] = rank;
    }
    let n = pages.len();
    let related: Vec<Vec<PageId>> = (0..n)
        .into_par_iter()
        .map_init(
            || (vec![0u32; n], Vec::new()),
            |(scores, touched), id| {
                for &(feature, weight) in &features[id] {
                    for &other in &postings[feature] {
                        if other != id {
                            if scores[other] == 0 {
                                touched.push(other);
                            }
                            scores[other] += weight;
                        }
                    }
                }
                let mut best: Vec<(u32, usize, usize)> = Vec::with_capacity(6);
                for &other in touched.iter() {
                    let entry = (scores[other], title_rank[other], other);
                    let better =
                        |a: &(u32, usize, usize), b: &(u32, usize, usize)| a.0 > b.0 || (a.0 == b.0 && a.1 < b.1);
                    if best.len() < 5 || better(&entry, &best[best.len() - 1]) {
                        let at = best.iter().position(|b| better(&entry, b)).unwrap_or(best.len());
                        best.insert(at, entry);
                        best.truncate(5);
                    }
                    scores[other] = 0;
                }
                touched.clear();
                best.into_iter().map(|(_, _, id)| PageId(id)).collect()
            },
        )
        .collect();
    for (page, r) in pages.iter_mut().zip(&related) {
        page.related = r.clone();
    }
    memo.0.record((), key, related);
    memo.0.finish();
}

/// Related pages from the last computation, under a hash of what they were
/// computed from (a [`Memo`] with one entry).
pub struct RelatedMemo(Memo<(), Vec<Vec<PageId>>>);

impl RelatedMemo {
    /// A memo that remembers (`serve`), in verify mode when `verify`.
    pub fn new(enabled: bool, verify: bool) -> Self {
        RelatedMemo(Memo::new("related pages", enabled).verifying(verify))
    }

    /// Verify mode: whether the last ranking differed from a stored one of the same key.
    pub fn take_mismatches(&mut self) -> Vec<String> {
        self.0.take_mismatches()
    }
}

impl Default for RelatedMemo {
    fn default() -> Self {
        RelatedMemo::new(false, false)
    }
}

/// A hash of every input of [`add_related`]: page order, titles, terms and facts.
fn related_inputs_key(pages: &[ResolvedPage]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    for page in pages {
        (is_article(page), &page.parsed.meta.title, &page.terms, &page.parsed.collection).hash(&mut h);
        for (key, value) in &page.parsed.facts {
            key.hash(&mut h);
            match value {
                FactValue::Enum(v, _) => v.hash(&mut h),
                FactValue::List(items) => items.hash(&mut h),
                _ => 0u8.hash(&mut h),
            }
        }
    }
    h.finish()
}

/// For every article its weighted features, and for every feature its articles.
/// Per page: (feature, weight) pairs. Per feature: the pages that have it.
type FeatureIndex = (Vec<Vec<(usize, u32)>>, Vec<Vec<usize>>);

fn feature_index(pages: &[ResolvedPage]) -> FeatureIndex {
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut postings: Vec<Vec<usize>> = Vec::new();
    let mut features: Vec<Vec<(usize, u32)>> = vec![Vec::new(); pages.len()];
    for (id, page) in pages.iter().enumerate() {
        if !is_article(page) {
            continue;
        }
        let mut keys: Vec<(String, u32)> =
            page.terms.iter().map(|(t, term)| (format!("t\u{1f}{}\u{1f}{}", t.0, term.0), 2)).collect();
        if let Some(collection) = &page.parsed.collection {
            for (key, value) in &page.parsed.facts {
                match value {
                    FactValue::Enum(v, _) => keys.push((format!("f\u{1f}{collection}\u{1f}{key}\u{1f}{v}"), 1)),
                    FactValue::List(items) => {
                        keys.extend(items.iter().map(|v| (format!("f\u{1f}{collection}\u{1f}{key}\u{1f}{v}"), 1)))
                    }
                    _ => {}
                }
            }
        }
        for (key, weight) in keys {
            let next = ids.len();
            let feature = *ids.entry(key).or_insert(next);
            if feature == postings.len() {
                postings.push(Vec::new());
            }
            postings[feature].push(id);
            features[id].push((feature, weight));
        }
    }
    (features, postings)
}

fn is_article(page: &ResolvedPage) -> bool {
    !page.parsed.is_section && page.parsed.folder() != GLOSSARY_SECTION
}

/// Warnings for articles that no other page links to.
pub(super) fn find_orphans(pages: &[ResolvedPage]) -> Vec<Diagnostic> {
    pages
        .iter()
        .filter(|p| is_article(p) && p.backlinks.is_empty())
        .map(|p| {
            Diagnostic::warning(Code::Link, &p.parsed.rel_path, "orphan page: no other page links to it")
                .with_help(format!("link to it from a related article, for example with [[{}]]", p.parsed.stem()))
        })
        .collect()
}
