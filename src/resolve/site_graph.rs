//! The resolved site: every page with its URL, resolved links, section tree
//! and taxonomy terms. Immutable once built; sorted for determinism.

use crate::config::{FactType, SiteConfig};
use crate::diagnostics::LineCol;
use crate::load::Asset;
use crate::parse::ParsedPage;
use std::collections::BTreeMap;

/// A page of the graph: its index in [`SiteGraph::pages`] (which
/// `pages[id]` reads).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PageId(pub(crate) usize);

/// A taxonomy: its index in [`SiteGraph::taxonomies`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TaxonomyId(pub(crate) usize);

/// A term of a taxonomy: its index in [`TaxonomyIndex::terms`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TermId(pub(crate) usize);

impl std::ops::Index<PageId> for [ResolvedPage] {
    type Output = ResolvedPage;
    fn index(&self, id: PageId) -> &ResolvedPage {
        &self[id.0]
    }
}

impl std::ops::IndexMut<PageId> for [ResolvedPage] {
    fn index_mut(&mut self, id: PageId) -> &mut ResolvedPage {
        &mut self[id.0]
    }
}

impl std::ops::Index<PageId> for Vec<ResolvedPage> {
    type Output = ResolvedPage;
    fn index(&self, id: PageId) -> &ResolvedPage {
        &self[id.0]
    }
}

impl std::ops::IndexMut<PageId> for Vec<ResolvedPage> {
    fn index_mut(&mut self, id: PageId) -> &mut ResolvedPage {
        &mut self[id.0]
    }
}

impl std::ops::Index<TaxonomyId> for [TaxonomyIndex] {
    type Output = TaxonomyIndex;
    fn index(&self, id: TaxonomyId) -> &TaxonomyIndex {
        &self[id.0]
    }
}

impl std::ops::Index<TaxonomyId> for Vec<TaxonomyIndex> {
    type Output = TaxonomyIndex;
    fn index(&self, id: TaxonomyId) -> &TaxonomyIndex {
        &self[id.0]
    }
}

impl std::ops::Index<TermId> for Vec<Term> {
    type Output = Term;
    fn index(&self, id: TermId) -> &Term {
        &self[id.0]
    }
}

/// The whole site after resolution.
#[derive(Debug, Clone)]
pub struct SiteGraph {
    /// The configuration.
    pub config: SiteConfig,
    /// Pages and sections, sorted by source path.
    pub pages: Vec<ResolvedPage>,
    /// The root `_index.md`, if any.
    pub home: Option<PageId>,
    /// Taxonomies in name order.
    pub taxonomies: Vec<TaxonomyIndex>,
    /// Files copied as they are.
    pub assets: Vec<Asset>,
    /// Links to site paths that only the finished output can confirm.
    pub deferred_links: Vec<DeferredLink>,
    /// The `[[comparisons]]` of site.toml with their tables and pairs.
    pub comparisons: Vec<Comparison>,
    /// Glossary term pages, A–Z.
    pub glossary_terms: Vec<PageId>,
    /// Site path (with anchor, without the base path) of the page explaining
    /// source tiers (`[sources] policy`), when it resolved.
    pub source_policy: Option<String>,
}

/// A page with everything resolution adds.
#[derive(Debug, Clone)]
pub struct ResolvedPage {
    /// The parsed source.
    pub parsed: std::sync::Arc<ParsedPage>,
    /// Site path: `/methods/peels/`.
    pub url: String,
    /// Last URL segment (or the section folder).
    pub slug: String,
    /// The enclosing section.
    pub parent: Option<PageId>,
    /// For sections: the pages directly inside, in display order.
    pub children: Vec<PageId>,
    /// For sections: the sections directly inside.
    pub subsections: Vec<PageId>,
    /// Resolved internal links, by their offset in the body.
    pub links: std::sync::Arc<BTreeMap<usize, ResolvedLink>>,
    /// Taxonomy terms the page is filed under: (taxonomy index, term index).
    pub terms: Vec<(TaxonomyId, TermId)>,
    /// Pages linking here, with the linking sentence.
    pub backlinks: Vec<Backlink>,
    /// Up to five related pages, best first.
    pub related: std::sync::Arc<[PageId]>,
    /// Glossary terms to link, by the offset of their text event in the body.
    pub glossary_mentions: BTreeMap<usize, Vec<GlossaryMention>>,
    /// Tables of the page's compare blocks, by the block's offset in the body.
    pub embedded_tables: BTreeMap<usize, ComparisonTable>,
    /// The page's Open Graph image (front matter `image`, found): a site
    /// path such as `/methods/peels/diagram.png`, without the base path.
    pub image: Option<String>,
}

impl ResolvedPage {
    /// Names of the terms of taxonomy `t` the page is filed under, in term order.
    pub fn term_names<'a>(&self, t: TaxonomyId, taxonomies: &'a [TaxonomyIndex]) -> Vec<&'a str> {
        self.terms
            .iter()
            .filter(|(ti, _)| *ti == t)
            .map(|&(ti, term)| taxonomies[ti].terms[term].name.as_str())
            .collect()
    }
}

/// A page that links to another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backlink {
    /// The linking page.
    pub from: PageId,
    /// The sentence around the link (empty when there is none, e.g. a glossary mention in a table).
    pub context: std::sync::Arc<str>,
}

/// Where a link goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedLink {
    /// Site path with anchor, without the base path: `/methods/peels/#risks`.
    pub href: String,
    /// Text to show when the author wrote none (`[[peels]]`).
    pub default_text: Option<String>,
    /// The page linked to, for backlinks.
    pub target: Option<PageId>,
}

/// A link to a site path that must exist in the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeferredLink {
    /// Source file.
    pub rel_path: String,
    /// Where.
    pub at: LineCol,
    /// Site path without query or anchor, decoded.
    pub path: String,
    /// The `#anchor`, decoded: checked against the ids of the target page.
    pub anchor: Option<String>,
    /// The link as written.
    pub written: String,
}

/// One taxonomy and its terms.
#[derive(Debug, Clone)]
pub struct TaxonomyIndex {
    /// Name in site.toml (`concerns`).
    pub name: String,
    /// Display title.
    pub title: String,
    /// `/concerns/`.
    pub url: String,
    /// Terms in slug order.
    pub terms: Vec<Term>,
}

/// One term of a taxonomy.
#[derive(Debug, Clone)]
pub struct Term {
    /// As first written (`acne scars`).
    pub name: String,
    /// `acne-scars`.
    pub slug: String,
    /// `/concerns/acne-scars/`.
    pub url: String,
    /// Pages filed under it, by title.
    pub pages: Vec<PageId>,
    /// The comparison table of those pages, when they belong to a collection.
    pub table: Option<ComparisonTable>,
}

/// One mention to link: a byte range of one text event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlossaryMention {
    /// Start in the text event.
    pub start: usize,
    /// End in the text event.
    pub end: usize,
    /// The term's page.
    pub term: PageId,
}

/// A table ready to render.
#[derive(Debug, Clone, PartialEq)]
pub struct ComparisonTable {
    /// Caption.
    pub title: String,
    /// Text above the table.
    pub description: String,
    /// The collection of the rows.
    pub collection: String,
    /// Columns in order.
    pub columns: Vec<TableColumn>,
    /// Rows, sorted.
    pub rows: Vec<Row>,
    /// The column the rows are sorted by, and whether descending.
    pub sorted_by: Option<(usize, bool)>,
}

/// One row of a table: a page, or one of its variants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Row {
    /// The page.
    pub page: PageId,
    /// The variant, by index in the page's `variants` (`None`: the page itself).
    pub variant: Option<usize>,
}

/// One column.
#[derive(Debug, Clone, PartialEq)]
pub struct TableColumn {
    /// Fact key or taxonomy name.
    pub key: String,
    /// Header text.
    pub label: String,
    /// Unit from the schema.
    pub unit: Option<String>,
    /// Where cells come from.
    pub source: ColumnSource,
}

/// Where a column's cells come from.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnSource {
    /// A fact of the collection, with its type.
    Fact(FactType),
    /// A taxonomy, by index in [`SiteGraph::taxonomies`].
    Taxonomy(TaxonomyId),
}

/// A declared comparison with its table and pair pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// URL segment.
    pub slug: String,
    /// The table.
    pub table: ComparisonTable,
    /// A-vs-B pages: (a, b) with a's slug before b's.
    pub pairs: Vec<(PageId, PageId)>,
}

impl SiteGraph {
    /// The id of `page` if it is one of this graph's pages (by address, in
    /// constant time: renderers get pages by reference).
    pub fn page_id(&self, page: &ResolvedPage) -> Option<PageId> {
        let size = std::mem::size_of::<ResolvedPage>();
        let offset = (page as *const ResolvedPage as usize).checked_sub(self.pages.as_ptr() as usize)?;
        let id = offset / size;
        (offset % size == 0 && id < self.pages.len() && std::ptr::eq(&self.pages[id], page)).then_some(PageId(id))
    }

    /// Every page with its id, in source order.
    pub fn pages_with_ids(&self) -> impl Iterator<Item = (PageId, &ResolvedPage)> {
        with_ids(&self.pages)
    }

    /// Non-section pages in source order.
    pub fn articles(&self) -> impl Iterator<Item = (PageId, &ResolvedPage)> {
        self.pages_with_ids().filter(|(_, p)| !p.parsed.is_section)
    }

    /// Sections in source order.
    pub fn sections(&self) -> impl Iterator<Item = (PageId, &ResolvedPage)> {
        self.pages_with_ids().filter(|(_, p)| p.parsed.is_section)
    }
}

/// `pages` with their ids.
pub(crate) fn with_ids(pages: &[ResolvedPage]) -> impl Iterator<Item = (PageId, &ResolvedPage)> {
    pages.iter().enumerate().map(|(i, p)| (PageId(i), p))
}

/// The ids of `pages`, in order.
pub(crate) fn page_ids(pages: &[ResolvedPage]) -> impl Iterator<Item = PageId> + use<> {
    (0..pages.len()).map(PageId)
}
