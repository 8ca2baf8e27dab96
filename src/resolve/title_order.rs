//! The pages of a site in title order (ties by page order): what term
//! lists, backlinks and the related-pages ranking sort by. Sorted once per
//! build, then compared as integers instead of strings.

use super::site_graph::{PageId, ResolvedPage};

/// Every page's place in title order.
pub(super) struct TitleOrder {
    /// Page indices in title order.
    by_title: Vec<usize>,
    /// For each page index, its place in `by_title`.
    rank: Vec<usize>,
}

impl TitleOrder {
    /// The order of `pages` by title, then by index.
    pub(super) fn new(pages: &[ResolvedPage]) -> Self {
        let mut by_title: Vec<usize> = (0..pages.len()).collect();
        by_title.sort_by(|&a, &b| pages[a].parsed.meta.title.cmp(&pages[b].parsed.meta.title).then(a.cmp(&b)));
        TitleOrder::from_order(by_title)
    }

    /// The order that lists page indices as `by_title` does (each index
    /// below its length once).
    pub(super) fn from_order(by_title: Vec<usize>) -> Self {
        let mut rank = vec![0; by_title.len()];
        for (place, &page) in by_title.iter().enumerate() {
            rank[page] = place;
        }
        TitleOrder { by_title, rank }
    }

    /// Page indices in title order.
    pub(super) fn pages(&self) -> &[usize] {
        &self.by_title
    }

    /// The place of `page` in title order (smaller first).
    pub(super) fn rank(&self, page: PageId) -> usize {
        self.rank.get(page.0).copied().unwrap_or(usize::MAX)
    }
}
