//! Memoised page rendering for rebuilds in `serve`. A page is rendered again
//! only when something it shows changed: its body is keyed by a hash of
//! every input of the Markdown pass, and the page by a hash of what its
//! template context is made from. Equal inputs give equal output, so a
//! rebuild with the cache is byte-identical to a full build: the
//! differential test checks this in verify mode, where every hit is made
//! again and compared. Templates and site.toml are not hashed here: the
//! session clears the cache when either changes.

use super::OutputContent;
use crate::memo::Memo;
use crate::resolve::{PageId, ResolvedPage, SiteGraph};
use std::hash::{Hash, Hasher};
use std::sync::Arc;
/// The hasher of every key here: XXH3, stable across processes (keys of
/// whole pages are kept in the output's manifest) and several times faster
/// than SipHash on the short strings keys are made of.
use xxhash_rust::xxh3::Xxh3 as KeyHasher;

/// Bodies, pages and pieces of site-wide outputs from earlier builds, each
/// a [`Memo`] (one design, one sweep rule, one verify mode).
pub(crate) struct RenderCache {
    /// Body HTML by source path.
    bodies: Memo<String, Arc<str>>,
    /// Whole files by output path: pages, term pages, feeds; their bytes
    /// ([`OutputContent::Shared`]) or, seeded from the previous output,
    /// where they are ([`OutputContent::Previous`]).
    pages: Memo<String, OutputContent>,
    /// Pieces of site-wide outputs (export entries, table rows) by
    /// (kind, page).
    fragments: Memo<(&'static str, String), Arc<str>>,
    /// Entries of the JSON exports by page (and variant), kept as JSON so a
    /// build reuses them without parsing them again.
    json_fragments: Memo<String, JsonFragment>,
    /// [`page_facts_key`] of every page of the current build, by page index.
    facts_keys: Vec<u64>,
    /// [`summary_key`] of every page of the current build, by page index.
    summary_keys: Vec<u64>,
    /// Pages of content the last build rendered (the others were reused).
    rendered: usize,
}

impl Default for RenderCache {
    fn default() -> Self {
        RenderCache::with(false, false)
    }
}

/// A piece of JSON as serde_json wrote it: a JSON file made of such pieces
/// includes them as they are (`RawValue`), never parsing them again.
#[derive(Debug, Clone)]
pub(super) struct JsonFragment(pub(super) Box<serde_json::value::RawValue>);

impl PartialEq for JsonFragment {
    fn eq(&self, other: &Self) -> bool {
        self.0.get() == other.0.get()
    }
}

impl serde::Serialize for JsonFragment {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

/// What one page's rendering adds to the cache.
#[derive(Default)]
pub(super) struct CacheUpdate {
    pub(super) body: Option<(String, u64, Arc<str>)>,
    pub(super) page: Option<(String, u64, OutputContent)>,
    /// The page was taken from the cache, not rendered.
    pub(super) reused: bool,
}

impl RenderCache {
    /// A cache that remembers, in verify mode when `verify` (every hit is
    /// made again and compared; see [`crate::memo`]).
    pub(crate) fn with(enabled: bool, verify: bool) -> Self {
        RenderCache {
            bodies: Memo::new("body", enabled).verifying(verify),
            pages: Memo::new("page", enabled).verifying(verify),
            fragments: Memo::new("fragment", enabled).verifying(verify),
            json_fragments: Memo::new("JSON fragment", enabled).verifying(verify),
            facts_keys: Vec::new(),
            summary_keys: Vec::new(),
            rendered: 0,
        }
    }

    /// The cache of a `dermis build` with the persistent build cache: only
    /// whole files (pages, term pages, feeds) are remembered, seeded from the previous output
    /// ([`RenderCache::seed_page`]), whose manifest keeps their keys for the
    /// next process; the bodies and pieces of site-wide outputs would last
    /// only as long as this process, and are not kept.
    pub(crate) fn for_build(verify: bool) -> Self {
        RenderCache {
            bodies: Memo::new("body", false),
            pages: Memo::new("page", true).verifying(verify),
            fragments: Memo::new("fragment", false),
            json_fragments: Memo::new("JSON fragment", false),
            facts_keys: Vec::new(),
            summary_keys: Vec::new(),
            rendered: 0,
        }
    }

    /// Adds a page an earlier process rendered under `key` (read back from
    /// its output) as if the last build had used it: a lookup may hit it,
    /// and in verify mode the page rendered again is compared with it.
    pub(crate) fn seed_page(&mut self, output_path: String, key: u64, content: OutputContent) {
        self.pages.seed(output_path, key, content);
    }

    /// Every page of the last finished build with the key it was rendered
    /// under: output path, key, content.
    pub(crate) fn page_entries(&self) -> impl Iterator<Item = (&String, u64, &OutputContent)> {
        self.pages.entries()
    }

    /// Whether lookups are made at all.
    pub(crate) fn is_enabled(&self) -> bool {
        self.pages.is_enabled()
    }

    /// Forgets everything (templates or configuration changed).
    pub(crate) fn clear(&mut self) {
        self.bodies.clear();
        self.pages.clear();
        self.fragments.clear();
        self.json_fragments.clear();
    }

    /// Starts a build: every page's facts key and summary key are
    /// computed once (pages read them of each other many times).
    pub(super) fn start_build(&mut self, graph: &SiteGraph) {
        if self.is_enabled() {
            use rayon::prelude::*;
            (self.facts_keys, self.summary_keys) =
                graph.pages.par_iter().map(|p| (page_facts_key(graph, p), summary_key(p))).unzip();
        }
    }

    /// Ends a build: what it used is what the next may reuse.
    pub(super) fn finish_build(&mut self) {
        self.bodies.finish();
        self.pages.finish();
        self.fragments.finish();
        self.json_fragments.finish();
    }

    /// Verify mode: the memo entries whose key was equal but whose value was
    /// not, since the last call.
    pub(crate) fn take_mismatches(&mut self) -> Vec<String> {
        let mut all = self.bodies.take_mismatches();
        all.extend(self.pages.take_mismatches());
        all.extend(self.fragments.take_mismatches());
        all.extend(self.json_fragments.take_mismatches());
        all
    }

    /// The facts key of page `id` in this build (0 when caching is off).
    pub(super) fn facts_key(&self, id: PageId) -> u64 {
        self.facts_keys.get(id.0).copied().unwrap_or(0)
    }

    /// The summary key of page `id` in this build (0 when caching is off).
    fn summary_key(&self, id: PageId) -> u64 {
        self.summary_keys.get(id.0).copied().unwrap_or(0)
    }

    /// The kept whole file at output path `path` (a page, term page or
    /// feed) if its key is still `key` (noted as used). Whole files are
    /// kept across processes too (see [`RenderCache::for_build`]).
    pub(super) fn reuse_file(&mut self, path: &str, key: u64) -> Option<OutputContent> {
        let path = path.to_string();
        let content = self.pages.lookup(&path, key)?.clone();
        self.pages.record(path, key, content.clone());
        Some(content)
    }

    /// Keeps a whole file made by the caller for the next build.
    pub(super) fn keep_file(&mut self, path: &str, key: u64, bytes: Arc<[u8]>) {
        self.pages.record(path.to_string(), key, OutputContent::Shared(bytes));
    }

    /// A piece of a JSON file for one page, made again only when its key changed.
    pub(super) fn json_fragment(&mut self, page: &str, key: u64, make: impl FnOnce() -> JsonFragment) -> JsonFragment {
        self.json_fragments.get_or_make(page.to_string(), key, make)
    }

    /// A piece of a site-wide output for one page, made again only when its key changed.
    pub(super) fn fragment(
        &mut self,
        kind: &'static str,
        page: &str,
        key: u64,
        make: impl FnOnce() -> String,
    ) -> Arc<str> {
        self.fragments.get_or_make((kind, page.to_string()), key, || make().into())
    }

    pub(super) fn body(&self, rel_path: &str, key: u64) -> Option<Arc<str>> {
        self.bodies.lookup(&rel_path.to_string(), key).cloned()
    }

    pub(super) fn page(&self, output: &str, key: u64) -> Option<OutputContent> {
        self.pages.lookup(&output.to_string(), key).cloned()
    }

    /// How many pages of content (articles and sections) the last build
    /// rendered; the others were reused unchanged from the build before.
    pub(crate) fn pages_rendered(&self) -> usize {
        self.rendered
    }

    pub(super) fn apply(&mut self, updates: Vec<CacheUpdate>) {
        self.rendered = updates.iter().filter(|u| !u.reused).count();
        if !self.is_enabled() {
            return;
        }
        for u in updates {
            if let Some((path, key, html)) = u.body {
                self.bodies.record(path, key, html);
            }
            if let Some((path, key, bytes)) = u.page {
                self.pages.record(path, key, bytes);
            }
        }
    }
}

/// A hash of what a taxonomy term page shows: the site, the term, and each
/// of its pages (entry keys cover their titles, facts and terms).
pub(super) fn term_page_key(graph: &SiteGraph, cache: &RenderCache, site_hash: u64, t: usize, term: usize) -> u64 {
    let mut h = KeyHasher::new();
    let taxonomy = &graph.taxonomies[t];
    let term = &taxonomy.terms[term];
    (site_hash, &taxonomy.title, &taxonomy.url, &term.name, &term.url, term.pages.len()).hash(&mut h);
    for &p in &term.pages {
        cache.facts_key(p).hash(&mut h);
    }
    if let Some(table) = &term.table {
        for c in &table.columns {
            (&c.key, &c.label, &c.unit).hash(&mut h);
        }
        for &r in &table.rows {
            (cache.facts_key(r.page), r.variant).hash(&mut h);
        }
    }
    h.finish()
}

/// [`page_entry_key`] without the body: for outputs that show a page's
/// title, description, dates, facts and terms but not its text (term pages,
/// table rows, the JSON export), so an edit of the prose leaves them alone.
fn page_facts_key(graph: &SiteGraph, page: &ResolvedPage) -> u64 {
    let mut h = KeyHasher::new();
    // Title, dates, facts, variants, sources and references, hashed at parse.
    (page.parsed.facts_digest, &page.url, &page.slug, graph.config.base_path()).hash(&mut h);
    for &(t, term) in &page.terms {
        (t, &graph.taxonomies[t].terms[term].name).hash(&mut h);
    }
    h.finish()
}

/// A hash of what a page shows of another (a summary, a glossary entry, a
/// table row): its title, description, dates, facts and draft flag (the
/// facts digest), URL and slug; never its body.
fn summary_key(page: &ResolvedPage) -> u64 {
    let mut h = KeyHasher::new();
    (page.parsed.facts_digest, &page.url, &page.slug).hash(&mut h);
    h.finish()
}

/// A hash of what a page's entry in a site-wide output shows: its parse,
/// URL, slug and the names of its taxonomy terms.
pub(super) fn page_entry_key(graph: &SiteGraph, page: &ResolvedPage) -> u64 {
    let mut h = KeyHasher::new();
    (page.parsed.parse_id, &page.url, &page.slug, graph.config.base_path()).hash(&mut h);
    for &(t, term) in &page.terms {
        (t, &graph.taxonomies[t].terms[term].name).hash(&mut h);
    }
    h.finish()
}

/// A hash of everything the Markdown pass of `page` reads.
pub(super) fn body_key(graph: &SiteGraph, page: &ResolvedPage) -> u64 {
    let mut h = KeyHasher::new();
    // The body, its headings' ids and the references citation markers show
    // are all of the source, which the parse id is the hash of.
    (graph.config.base_path(), page.parsed.parse_id).hash(&mut h);
    for (offset, link) in page.links.iter() {
        (offset, &link.href, &link.default_text).hash(&mut h);
    }
    for (offset, mentions) in &page.glossary_mentions {
        offset.hash(&mut h);
        for m in mentions {
            let term = &graph.pages[m.term];
            (m.start, m.end, &term.url, &term.slug, &term.parsed.meta.title, &term.parsed.meta.description)
                .hash(&mut h);
        }
    }
    // An embedded table shows its rows' pages as table rows do: keyed by the
    // table itself and what each row shows, never by rendering it.
    for (offset, table) in &page.embedded_tables {
        (offset, format!("{table:?}")).hash(&mut h);
        for row in crate::resolve::row_pages(&table.rows) {
            page_facts_key(graph, &graph.pages[row]).hash(&mut h);
        }
    }
    h.finish()
}

/// A hash of a template context as JSON: all a template reads (templates
/// and site.toml clear the cache when they change), so equal keys render
/// the same file.
pub(super) fn context_key(context: &impl serde::Serialize) -> u64 {
    xxhash_rust::xxh3::xxh3_64(&serde_json::to_vec(context).unwrap_or_default())
}

/// A hash of what every page may show of the site as a whole: the site
/// context and every section page (collection links point at them).
/// Computed once per build.
pub(super) fn site_hash(graph: &SiteGraph, site: &impl serde::Serialize) -> u64 {
    let mut h = KeyHasher::new();
    serde_json::to_vec(site).unwrap_or_default().hash(&mut h);
    // Reference lists link to the page site.toml names as the sources policy.
    graph.source_policy.hash(&mut h);
    for (_, section) in graph.sections() {
        (section.parsed.parse_id, &section.url).hash(&mut h);
    }
    h.finish()
}

/// A hash of everything page.html / section.html / glossary.html show for
/// `page`, read from the graph: the page itself (its parse, URL, terms and
/// body inputs), and what it shows of other pages (parent, collection
/// section, backlinks, related pages, children, glossary terms), each as
/// that page's facts digest, draft flag, URL and slug. Site-wide data comes in as `site_hash`;
/// templates and site.toml clear the cache when they change. The
/// differential test (`tests/integration/incremental.rs`) checks that a
/// page is never served stale.
pub(super) fn page_fingerprint(
    (graph, cache): (&SiteGraph, &RenderCache),
    page: &ResolvedPage,
    (template, site_hash, body_key): (&str, u64, u64),
) -> u64 {
    let mut h = KeyHasher::new();
    // What a page shows of another (a summary, a glossary entry, a row):
    // its [`summary_key`], never its body, so an edit of one page's prose
    // re-renders only that page.
    let summary = |id: PageId, h: &mut KeyHasher| cache.summary_key(id).hash(h);
    (template, site_hash, body_key, page_entry_key(graph, page)).hash(&mut h);
    for &(t, term) in &page.terms {
        let taxonomy = &graph.taxonomies[t];
        (&taxonomy.title, &taxonomy.url, &taxonomy.terms[term].url).hash(&mut h);
    }
    if let Some(parent) = page.parent {
        summary(parent, &mut h);
    }
    // The collection link points at a section page: sections are part of `site_hash`.
    page.parsed.collection.hash(&mut h);
    // The Open Graph image, found among the site's files.
    page.image.hash(&mut h);
    // Lengths keep the lists apart in the hash stream.
    (page.backlinks.len(), page.related.len(), page.children.len(), page.subsections.len()).hash(&mut h);
    for b in &page.backlinks {
        summary(b.from, &mut h);
        b.context.hash(&mut h);
    }
    for &r in page.related.iter().chain(&page.children).chain(&page.subsections) {
        summary(r, &mut h);
    }
    // The tables and side-by-side pages the page is in (its "Compare" links).
    if let Some(id) = graph.page_id(page) {
        for c in &graph.comparisons {
            (&c.slug, &c.table.title, c.table.rows.iter().any(|r| r.page == id)).hash(&mut h);
            for &(a, b) in c.pairs.iter().filter(|(a, b)| *a == id || *b == id) {
                summary(a, &mut h);
                summary(b, &mut h);
            }
        }
    }
    if page.parsed.is_section && page.parsed.folder() == crate::resolve::GLOSSARY_SECTION {
        for &t in &graph.glossary_terms {
            summary(t, &mut h);
        }
    }
    h.finish()
}
