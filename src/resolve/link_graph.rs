//! The link graph: backlinks (with the linking sentence), related pages
//! (shared taxonomy terms and facts) and orphans (articles nothing links to).

use super::glossary::GLOSSARY_SECTION;
use super::site_graph::{Backlink, PageId, ResolvedLink, ResolvedPage};
use super::title_order::TitleOrder;
use crate::diagnostics::{Code, Diagnostic};
use crate::memo::Memo;
use crate::parse::{FactValue, ParsedPage};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// Fills `backlinks` of every page from the pages each one links to
/// (`linked`, by page, from [`linked_pages`]) and its glossary mentions.
pub(super) fn add_backlinks(pages: &mut [ResolvedPage], linked: &[Arc<[LinkedPage]>]) {
    let mut incoming: Vec<Vec<Backlink>> = vec![Vec::new(); pages.len()];
    for (from, (page, links)) in pages.iter().zip(linked).enumerate() {
        let from = PageId(from);
        for (target, context) in links.iter() {
            incoming[target.0].push(Backlink { from, context: context.clone() });
        }
        // A term mentioned but not linked: a backlink without a sentence.
        let mentioned = page.glossary_mentions.values().flatten().map(|m| m.term);
        let mut seen: Vec<PageId> = Vec::new();
        for term in mentioned {
            if !seen.contains(&term) && links.iter().all(|(t, _)| *t != term) {
                seen.push(term);
                incoming[term.0].push(Backlink { from, context: Arc::from("") });
            }
        }
    }
    for (page, backlinks) in pages.iter_mut().zip(incoming) {
        // Already in page order.
        page.backlinks = backlinks;
    }
}

/// A page linked to, with the sentence of the first link there.
pub(super) type LinkedPage = (PageId, Arc<str>);

/// The pages `parsed` (page `from`, its links resolved as `links`) links
/// to, each once, with the sentence of its first link there, in the order
/// written. Made with the page's links, and kept with them between builds.
pub(super) fn linked_pages(
    from: PageId,
    parsed: &ParsedPage,
    links: &BTreeMap<usize, ResolvedLink>,
) -> Arc<[LinkedPage]> {
    let shown = shown_link_texts(parsed, links);
    let mut out: Vec<LinkedPage> = Vec::new();
    for (index, link) in parsed.outline.links.iter().enumerate() {
        let Some(target) = links.get(&link.body_offset).and_then(|l| l.target) else { continue };
        if target == from || out.iter().any(|(t, _)| *t == target) {
            continue;
        }
        let mut context = parsed.outline.link_contexts.get(index).cloned().unwrap_or_default();
        for (written, title) in &shown {
            if context.contains(written.as_str()) {
                context = context.replace(written.as_str(), title);
            }
        }
        out.push((target, context.into()));
    }
    out.into()
}

/// For each `[[slug]]` written without text: the slug as the sentence holds
/// it and the title the page shows in its place, longest first, so the
/// quoted sentence of a backlink reads like the article.
fn shown_link_texts(parsed: &ParsedPage, links: &BTreeMap<usize, ResolvedLink>) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for link in &parsed.outline.links {
        let crate::parse::LinkKind::Wiki(slug) = &link.kind else { continue };
        if link.has_text {
            continue;
        }
        let Some(title) = links.get(&link.body_offset).and_then(|l| l.default_text.clone()) else { continue };
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
pub(super) fn sort_backlinks(pages: &mut [ResolvedPage], titles: &TitleOrder) {
    for page in pages.iter_mut() {
        page.backlinks.sort_by_key(|b| titles.rank(b.from));
    }
}

/// Up to five related pages for every article: 2 points per shared taxonomy
/// term, 1 per equal enum fact or shared list value (within one collection);
/// ties broken by title.
///
/// Scores come from an inverted index (feature → pages), so each page only
/// visits the pages it shares something with; comparing every pair was
/// quadratic and took minutes on 10,000 pages.
pub(super) fn add_related(pages: &mut [ResolvedPage], titles: &TitleOrder, memo: &mut RelatedMemo) {
    let key = related_inputs_key(pages, titles);
    let kept = memo.0.lookup(&(), key).filter(|r| r.len() == pages.len()).cloned();
    let related = kept.unwrap_or_else(|| {
        let (features, postings) = feature_index(pages);
        rank_related(&features, postings.len(), titles).into_iter().map(Arc::from).collect::<Vec<_>>().into()
    });
    for (page, r) in pages.iter_mut().zip(related.iter()) {
        page.related = r.clone();
    }
    memo.0.record((), key, related);
    memo.0.finish();
}

/// The ranking of [`add_related`] over the features of each page (numbered
/// below `feature_count`); ties go by `titles`.
///
/// Two pages score against every other page alike when they have the same
/// features (on a large site most articles share their set of terms and
/// enum facts with many others), so scores are counted once per distinct
/// set of features, a *signature*, against the other signatures: the same
/// totals as page against page, in a fraction of the work.
fn rank_related(features: &[Vec<(usize, u32)>], feature_count: usize, titles: &TitleOrder) -> Vec<Vec<PageId>> {
    let n = features.len();
    let mut signature_of = vec![0usize; n];
    let mut signatures: Vec<Vec<(usize, u32)>> = Vec::new();
    let mut ids: HashMap<Vec<(usize, u32)>, usize> = HashMap::new();
    for (page, own) in features.iter().enumerate() {
        let mut key = own.clone();
        key.sort_unstable();
        let next = signatures.len();
        let id = *ids.entry(key).or_insert_with_key(|key| {
            signatures.push(key.clone());
            next
        });
        signature_of[page] = id;
    }
    // The pages of each signature in title order, and for each feature the
    // signatures that have it (twice for a signature that has it twice, as
    // `postings` lists such a page twice).
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); signatures.len()];
    for &page in titles.pages() {
        members[signature_of[page]].push(page);
    }
    let mut holders: Vec<Vec<usize>> = vec![Vec::new(); feature_count];
    for (sig, own) in signatures.iter().enumerate() {
        for &(feature, _) in own {
            holders[feature].push(sig);
        }
    }
    let index = SignatureIndex { holders, members, titles };
    let best: Vec<Vec<usize>> = (0..signatures.len())
        .into_par_iter()
        .map_init(
            || (vec![0u32; signatures.len()], Vec::new()),
            |(scores, touched), sig| index.best_pages(&signatures[sig], scores, touched),
        )
        .collect();
    (0..n)
        .map(|page| {
            best[signature_of[page]].iter().filter(|&&other| other != page).take(RELATED).map(|&o| PageId(o)).collect()
        })
        .collect()
}

/// How many related pages an article shows.
const RELATED: usize = 5;

/// The signatures of a site's pages, for [`rank_related`].
struct SignatureIndex<'t> {
    /// For each feature, the signatures that have it.
    holders: Vec<Vec<usize>>,
    /// For each signature, its pages in title order.
    members: Vec<Vec<usize>>,
    /// The pages' title order.
    titles: &'t TitleOrder,
}

impl SignatureIndex<'_> {
    /// The best [`RELATED`] + 1 pages for a page of signature `own` (one more, in
    /// case the page itself is among them): highest score first, then by title.
    /// `scores` (all zero) and `touched` (empty) are scratch space, left as found.
    fn best_pages(&self, own: &[(usize, u32)], scores: &mut [u32], touched: &mut Vec<usize>) -> Vec<usize> {
        let (members, titles) = (&self.members, self.titles);
        for &(feature, weight) in own {
            for &other in &self.holders[feature] {
                if scores[other] == 0 {
                    touched.push(other);
                }
                scores[other] += weight;
            }
        }
        let mut levels: Vec<(u32, usize)> = touched.iter().map(|&sig| (scores[sig], sig)).collect();
        for &sig in touched.iter() {
            scores[sig] = 0;
        }
        touched.clear();
        levels.sort_unstable_by_key(|&(score, _)| std::cmp::Reverse(score));
        let wanted = RELATED + 1;
        let mut best = Vec::with_capacity(wanted);
        for level in levels.chunk_by(|a, b| a.0 == b.0) {
            if best.len() >= wanted {
                break;
            }
            // Within one score, by title across the signatures that have it.
            let mut candidates: Vec<usize> =
                level.iter().flat_map(|&(_, sig)| members[sig].iter().take(wanted - best.len()).copied()).collect();
            candidates.sort_unstable_by_key(|&page| titles.rank(PageId(page)));
            candidates.truncate(wanted - best.len());
            best.extend(candidates);
        }
        best
    }
}

/// Related pages from the last computation, under a hash of what they were
/// computed from (a [`Memo`] with one entry).
pub(crate) struct RelatedMemo(Memo<(), Arc<[Arc<[PageId]>]>>);

impl RelatedMemo {
    /// A memo that remembers (`serve`), in verify mode when `verify`.
    pub(crate) fn new(enabled: bool, verify: bool) -> Self {
        RelatedMemo(Memo::new("related pages", enabled).verifying(verify))
    }

    /// Verify mode: whether the last ranking differed from a stored one of the same key.
    pub(crate) fn take_mismatches(&mut self) -> Vec<String> {
        self.0.take_mismatches()
    }
}

impl Default for RelatedMemo {
    fn default() -> Self {
        RelatedMemo::new(false, false)
    }
}

/// A hash of exactly what the ranking of [`add_related`] reads: the
/// number of pages, the title order (ties), and of each page whether it is
/// an article, its terms and its collection's enum and list facts (the
/// features of [`feature_index`]). An edit of a title ranks again; an edit
/// of another fact, a description or a date does not.
fn related_inputs_key(pages: &[ResolvedPage], titles: &TitleOrder) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    (pages.len(), titles.pages()).hash(&mut h);
    for page in pages {
        let article = is_article(page);
        article.hash(&mut h);
        if !article {
            continue;
        }
        page.terms.len().hash(&mut h);
        for (taxonomy, term) in &page.terms {
            (taxonomy.0, term.0).hash(&mut h);
        }
        let Some(collection) = &page.parsed.collection else {
            0u8.hash(&mut h);
            continue;
        };
        1u8.hash(&mut h);
        collection.hash(&mut h);
        for (key, value) in &page.parsed.facts {
            match value {
                FactValue::Enum(v, _) => (0u8, key, v).hash(&mut h),
                FactValue::List(items) => (1u8, key, items).hash(&mut h),
                _ => {}
            }
        }
        // The end of this page's facts.
        2u8.hash(&mut h);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The ranking page against page, as [`add_related`] first did it: the
    /// reference the ranking by signatures must equal.
    fn rank_page_by_page(
        features: &[Vec<(usize, u32)>],
        postings: &[Vec<usize>],
        by_title: &[usize],
    ) -> Vec<Vec<usize>> {
        let mut title_rank = vec![0usize; features.len()];
        for (rank, &page) in by_title.iter().enumerate() {
            title_rank[page] = rank;
        }
        (0..features.len())
            .map(|id| {
                let mut scores = vec![0u32; features.len()];
                for &(feature, weight) in &features[id] {
                    for &other in &postings[feature] {
                        if other != id {
                            scores[other] += weight;
                        }
                    }
                }
                let mut others: Vec<usize> = (0..features.len()).filter(|&o| scores[o] > 0).collect();
                others.sort_by_key(|&o| (std::cmp::Reverse(scores[o]), title_rank[o]));
                others.truncate(RELATED);
                others
            })
            .collect()
    }

    #[test]
    fn ranking_by_signatures_equals_ranking_page_by_page() {
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move |below: u64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) % below
        };
        for case in 0..200 {
            let pages = 1 + next(40) as usize;
            let feature_count = 1 + next(8) as usize;
            let mut features: Vec<Vec<(usize, u32)>> = vec![Vec::new(); pages];
            let mut postings: Vec<Vec<usize>> = vec![Vec::new(); feature_count];
            for (page, own) in features.iter_mut().enumerate() {
                // Some pages have nothing (sections, the glossary); some a
                // feature twice (a list fact naming a value twice).
                for _ in 0..next(5) {
                    let feature = next(feature_count as u64) as usize;
                    own.push((feature, if feature.is_multiple_of(2) { 2 } else { 1 }));
                    postings[feature].push(page);
                }
            }
            // Titles with ties (broken by page order, as add_related does).
            let titles: Vec<u64> = (0..pages).map(|_| next(5)).collect();
            let mut by_title: Vec<usize> = (0..pages).collect();
            by_title.sort_by_key(|&p| (titles[p], p));
            let expected = rank_page_by_page(&features, &postings, &by_title);
            let order = TitleOrder::from_order(by_title.clone());
            let got: Vec<Vec<usize>> = rank_related(&features, feature_count, &order)
                .into_iter()
                .map(|r| r.into_iter().map(|p| p.0).collect())
                .collect();
            assert_eq!(got, expected, "case {case}");
        }
    }
}
