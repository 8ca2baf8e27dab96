//! The site search, made after the rest of a build (`serve`, see
//! [`super::BuildSession::defer_search`]). The index is the slowest part of
//! a rebuild of a large site and only the search page reads it, so `serve`
//! publishes the rest first and adds the search when it is made; a request
//! for a search file waits for it.
//!
//! What the search part checks is what a build without deferral checks of
//! it: collisions of its files with the site's (a page or a static file
//! under `search/`), links into `/search/` and their anchors, and a draft
//! whose link into `/search/` is broken gets its page made again with the
//! problem on its banner. So the site with its search part is the site a
//! build without deferral makes, file for file.

use super::build_rules::{fail_on_stale, promote_warnings};
use crate::diagnostics::Diagnostics;
use crate::drafts::DraftReview;
use crate::load::{SourceFile, attach_source_lines};
use crate::render::{
    LinkScope, OutputFile, SearchCache, Templates, check_deferred_links, find_collisions, render_pages_again,
    render_search_files,
};
use crate::resolve::SiteGraph;
use crate::write::previous_bytes;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

/// A build's search, still to be made: what it needs of the build.
pub struct DeferredSearch {
    /// The build's files that could clash with the search's (under `search/`).
    pub(super) claims: Vec<OutputFile>,
    pub(super) graph: Arc<SiteGraph>,
    pub(super) templates: Arc<Templates>,
    /// Shared with the session: one search at a time uses it.
    pub(super) cache: Arc<Mutex<SearchCache>>,
    /// The build's drafts and their problems so far.
    pub(super) review: DraftReview,
    /// The build's sources, for the lines of messages.
    pub(super) sources: Vec<Arc<SourceFile>>,
    pub(super) root: PathBuf,
}

impl std::fmt::Debug for DeferredSearch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeferredSearch").field("pages", &self.graph.pages.len()).finish_non_exhaustive()
    }
}

/// What a deferred search adds to its build.
#[derive(Debug)]
pub struct SearchPart {
    /// The search page, its A–Z pages and its index files, sorted by path;
    /// then any draft page made again (its banner now lists a broken link
    /// into `/search/`), which replaces the build's file of the same path.
    pub files: Vec<OutputFile>,
    /// Warnings the search part found (a draft's broken link into `/search/`).
    pub warnings: Diagnostics,
}

impl DeferredSearch {
    /// Makes the search part. `None` when `stop` was set before it was done
    /// (a newer build makes its own); an error when the build with its
    /// search would have failed (a template error in `search.html`, a page
    /// that wants a search URL, a broken link into `/search/`).
    pub fn run(self, stop: &AtomicBool) -> Option<Result<SearchPart, Diagnostics>> {
        let DeferredSearch { mut claims, graph, templates, cache, mut review, sources, root } = self;
        let made = {
            let mut cache = cache.lock().unwrap_or_else(PoisonError::into_inner);
            if stop.load(Ordering::Relaxed) {
                return None;
            }
            let made = render_search_files(&graph, &templates, &mut cache, stop)?;
            fail_on_stale(&cache.take_mismatches());
            made
        };
        let checks = &graph.config.checks;
        let (search_files, mut diagnostics) = match made {
            Ok(files) => (files, Vec::new()),
            Err(d) => (Vec::new(), review.review(d, checks)),
        };
        // The checks read the search files beside the build's that could
        // clash with them; the search files are then taken back out.
        let kept = claims.len();
        claims.extend(search_files);
        diagnostics.extend(find_collisions(&claims));
        let links =
            review.review(check_deferred_links(&graph, &claims, LinkScope::IntoSearch, &previous_bytes), checks);
        let mut files = claims.split_off(kept);
        let drafts = review.drafts_among(&links);
        diagnostics.extend(links);
        if !drafts.is_empty() {
            let (again, template_errors) = render_pages_again(&graph, &templates, &review.notes(), &drafts);
            diagnostics.extend(template_errors);
            files.extend(again);
        }
        let mut diagnostics = promote_warnings(Diagnostics::from(diagnostics), checks, &review).sorted();
        attach_source_lines(&mut diagnostics, &sources, &root);
        if diagnostics.has_errors() {
            return Some(Err(diagnostics));
        }
        Some(Ok(SearchPart { files, warnings: diagnostics }))
    }
}
