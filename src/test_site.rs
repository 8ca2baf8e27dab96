//! Test-only: a resolved site built from strings, with no disk.
//!
//! [`TestSite`] takes the text of a `site.toml` and of each page, and runs the
//! real stage functions the way `pipeline.rs` chains them: decode (load),
//! [`parse_page`], then [`build_site_graph`] over the pages that parsed, with
//! the ones that did not named as failed (so links to them are not reported
//! twice). Unit tests of resolve and render use it to get a [`SiteGraph`]
//! without a fixture folder:
//!
//! ```ignore
//! let site = TestSite::new(MINIMAL_SITE)
//!     .page("content/methods/peel.md", "+++\ntitle = \"Peel\"\n+++\nSee [[laser]].")
//!     .graph();
//! assert_eq!(site.errors(), ["no page `laser` for this wiki link"]);
//! ```
//!
//! Declared `#[cfg(test)]` in `lib.rs`: it is never compiled into dermis.
//! It chains stages, so it sits in the pipeline's layer
//! (tests/integration/architecture.rs).

use crate::config::{SiteConfig, parse_site_config};
use crate::diagnostics::Diagnostic;
use crate::load::decode_source;
use crate::parse::parse_page;
use crate::render::render_body;
use crate::resolve::{LeftOutSources, PageId, ResolvedPage, SiteGraph, build_site_graph};
use std::sync::Arc;

/// The smallest valid `site.toml`.
pub(crate) const MINIMAL_SITE: &str = "title = \"Test\"\nbase_url = \"https://example.org\"\n";

/// A site in the making: configuration text and pages as written.
pub(crate) struct TestSite {
    config: SiteConfig,
    pages: Vec<(String, String)>,
}

impl TestSite {
    /// A site with this `site.toml`; panics with the diagnostics if it is invalid.
    pub(crate) fn new(site_toml: &str) -> TestSite {
        let config = parse_site_config(site_toml).unwrap_or_else(|d| panic!("invalid test site.toml: {d:?}"));
        TestSite { config, pages: Vec::new() }
    }

    /// Adds a source file: `rel_path` from the site root (`content/x.md`), `text` as on disk.
    pub(crate) fn page(mut self, rel_path: &str, text: &str) -> TestSite {
        self.pages.push((rel_path.to_string(), text.to_string()));
        self
    }

    /// Adds a page with this title and body (TOML front matter holding only the title).
    pub(crate) fn titled(self, rel_path: &str, title: &str, body: &str) -> TestSite {
        self.page(rel_path, &format!("+++\ntitle = {title:?}\n+++\n{body}"))
    }

    /// Parses every page and resolves the site.
    pub(crate) fn graph(self) -> BuiltGraph {
        let mut diagnostics = Vec::new();
        let mut parsed = Vec::new();
        let mut left_out = LeftOutSources::default();
        for (rel_path, text) in &self.pages {
            let source = match decode_source(rel_path, text.as_bytes()) {
                Ok(source) => source,
                Err(d) => {
                    diagnostics.push(d);
                    continue;
                }
            };
            let (page, d) = parse_page(&source, &self.config);
            diagnostics.extend(d);
            match page {
                Some(page) => parsed.push(Arc::new(page)),
                None => left_out.failed.push(source.content_path().to_string()),
            }
        }
        let resolved = build_site_graph(self.config, parsed, Vec::new(), &left_out, &mut Default::default());
        diagnostics.extend(resolved.diagnostics);
        BuiltGraph { graph: resolved.graph, diagnostics }
    }
}

/// A resolved test site and everything parse and resolve reported.
pub(crate) struct BuiltGraph {
    /// The site.
    pub(crate) graph: SiteGraph,
    /// Errors and warnings of parse and resolve, in the order found.
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl BuiltGraph {
    /// The id of the page at `rel_path`; panics when there is none.
    pub(crate) fn id(&self, rel_path: &str) -> PageId {
        let found = self.graph.pages_with_ids().find(|(_, p)| p.parsed.rel_path == rel_path);
        found.unwrap_or_else(|| panic!("no page {rel_path} in the test site")).0
    }

    /// The page at `rel_path`; panics when there is none.
    pub(crate) fn page(&self, rel_path: &str) -> &ResolvedPage {
        &self.graph.pages[self.id(rel_path)]
    }

    /// The messages of the errors (warnings left out).
    pub(crate) fn errors(&self) -> Vec<&str> {
        self.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.message.as_str()).collect()
    }

    /// The one error whose message contains `part`; panics unless exactly one does.
    pub(crate) fn error(&self, part: &str) -> &Diagnostic {
        let found: Vec<&Diagnostic> =
            self.diagnostics.iter().filter(|d| d.is_error() && d.message.contains(part)).collect();
        match found.as_slice() {
            [one] => one,
            _ => panic!("expected one error containing {part:?}, got {:?}", self.errors()),
        }
    }

    /// The body of the page at `rel_path` as HTML.
    pub(crate) fn body_html(&self, rel_path: &str) -> String {
        render_body(&self.graph, self.page(rel_path))
    }
}
