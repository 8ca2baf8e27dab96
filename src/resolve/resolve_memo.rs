//! What resolve keeps between the builds of a session (`serve`): the
//! related-pages ranking, and every page's resolved links, each under a
//! hash of what it was made from, so that an edit of one page's prose
//! resolves that page's links alone.

use super::link_graph::{LinkedPage, RelatedMemo};
use super::site_graph::{DeferredLink, ResolvedLink, ResolvedPage};
use crate::diagnostics::Diagnostic;
use crate::memo::Memo;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The memos of resolve.
pub struct ResolveMemo {
    pub(super) related: RelatedMemo,
    /// Each page's links, by source path.
    pub(super) links: Memo<String, Arc<PageLinks>>,
}

impl ResolveMemo {
    /// Memos that remember (`serve`), in verify mode when `verify`.
    pub fn new(enabled: bool, verify: bool) -> Self {
        ResolveMemo {
            related: RelatedMemo::new(enabled, verify),
            links: Memo::new("links of", enabled).verifying(verify),
        }
    }

    /// Verify mode: the entries whose value differed from a stored one of the same key.
    pub fn take_mismatches(&mut self) -> Vec<String> {
        let mut stale = self.related.take_mismatches();
        stale.extend(self.links.take_mismatches());
        stale
    }
}

impl Default for ResolveMemo {
    fn default() -> Self {
        ResolveMemo::new(false, false)
    }
}

/// What resolving one page's links gives: the links by body offset, the
/// pages they reach (for backlinks), the problems, and the links only the
/// finished output can confirm.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct PageLinks {
    pub(super) links: Arc<BTreeMap<usize, ResolvedLink>>,
    pub(super) linked: Arc<[LinkedPage]>,
    pub(super) diagnostics: Vec<Diagnostic>,
    pub(super) deferred: Vec<DeferredLink>,
}

/// A hash of everything a page's links resolve against besides the page
/// itself: every page in order (its id), with its URL, slug and what links
/// read of it ([`crate::parse::ParsedPage::link_digest`]), and the sources
/// that failed or were left out as drafts.
pub(super) fn link_targets_key(pages: &[ResolvedPage], failed: &[String], drafts: &[String]) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for page in pages {
        h.update(&page.parsed.link_digest.to_le_bytes());
        for part in [&page.url, &page.slug] {
            h.update(&(part.len() as u64).to_le_bytes());
            h.update(part.as_bytes());
        }
    }
    for list in [failed, drafts] {
        h.update(&(list.len() as u64).to_le_bytes());
        for path in list {
            h.update(&(path.len() as u64).to_le_bytes());
            h.update(path.as_bytes());
        }
    }
    h.digest()
}

/// The key of one page's links: the targets' key and the page's parse.
pub(super) fn page_links_key(targets_key: u64, page: &ResolvedPage) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(&targets_key.to_le_bytes());
    h.update(&page.parsed.parse_id.to_le_bytes());
    h.digest()
}
