//! What search can find: every page but the home page, every taxonomy term
//! page (the concerns), every comparison and A-vs-B page, each as a
//! [`SearchDoc`] with its text split into the fields ranking weighs.

use crate::config::{FactType, SiteConfig};
use crate::parse::FactValue;
use crate::render::display_fact;
use crate::resolve::{GLOSSARY_SECTION, PageId, ResolvedPage, SiteGraph, TaxonomyId};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Weight of an A-vs-B page against a page about one treatment.
const PAIR_PRIOR: f64 = 0.6;

/// Key of the comparison pages in `[search.labels]`.
pub(crate) const COMPARE_KIND: &str = "compare";

/// One kind of result: its key (a section folder, a taxonomy name or
/// `compare`), the label results show, and its place when scores tie.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DocKind {
    pub(crate) key: String,
    pub(crate) label: String,
    pub(crate) rank: u8,
}

/// The plain text under one heading of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DocSection<'g> {
    /// The heading's text and id; empty for the text before the first heading.
    pub(crate) heading: String,
    pub(crate) anchor: String,
    /// Borrowed from the page's outline (a site's whole text is not
    /// copied to be indexed); made for generated pages.
    pub(crate) text: Cow<'g, str>,
}

/// One searchable page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SearchDoc<'g> {
    /// Site path, without the base path.
    pub(crate) url: String,
    pub(crate) title: String,
    /// Index in the kinds list.
    pub(crate) kind: usize,
    /// Other names (aliases, brand names), matched like the title.
    pub(crate) names: Vec<String>,
    pub(crate) headings: Vec<String>,
    pub(crate) description: String,
    /// Facts ("Approach: surgical") and taxonomy terms.
    pub(crate) about: Vec<String>,
    pub(crate) sections: Vec<DocSection<'g>>,
    /// Text searched at the lowest weight and never quoted: the titles of a
    /// page's sources; the pages a concern or comparison lists.
    pub(crate) extra: Vec<String>,
    /// (facet index, value index) pairs this page has.
    pub(crate) facets: Vec<(usize, usize)>,
    /// The page in the graph, for pages (not term or comparison pages).
    pub(crate) page: Option<PageId>,
    /// Whether `sections` are indexed as body text (the lists of pages on
    /// term and comparison pages are shown, and searched only as `extra`: a
    /// treatment's name should find the treatment before the lists it is on).
    pub(crate) index_sections: bool,
    /// Multiplies every weight of the document: A-vs-B pages, whose titles
    /// name two treatments, would otherwise crowd out the treatments.
    pub(crate) prior: f64,
}

/// A filter readers can narrow results by: an enum fact or a taxonomy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Facet {
    pub(crate) label: String,
    pub(crate) values: Vec<String>,
    source: FacetSource,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum FacetSource {
    Fact(String),
    Taxonomy(TaxonomyId),
}

/// Everything the index is built from.
pub(crate) struct SearchCorpus<'g> {
    pub(crate) kinds: Vec<DocKind>,
    pub(crate) facets: Vec<Facet>,
    /// Sorted by kind rank, then title: the order ties are broken in.
    pub(crate) docs: Vec<SearchDoc<'g>>,
    /// Other name → the title it stands for (a query for the name also
    /// looks for the title in other pages' text).
    pub(crate) name_synonyms: BTreeMap<String, String>,
}

/// Collects the corpus from the resolved site.
pub(crate) fn collect(graph: &SiteGraph) -> SearchCorpus<'_> {
    let mut kinds = Kinds::new(&graph.config);
    let facets = facets(graph);
    let mut docs = Vec::new();
    let mut name_synonyms = BTreeMap::new();
    // Kinds in the order pages first show them; then the documents, in parallel.
    let pages: Vec<(PageId, usize)> = graph
        .pages_with_ids()
        .filter(|(id, _)| graph.home != Some(*id))
        .map(|(id, page)| (id, page_kind(graph, page, &mut kinds)))
        .collect();
    let page_docs: Vec<SearchDoc<'_>> =
        pages.par_iter().map(|&(id, kind)| page_doc(graph, &graph.pages[id], id, &facets, kind)).collect();
    for doc in page_docs {
        for name in &doc.names {
            if name.to_lowercase() != doc.title.to_lowercase() {
                name_synonyms.entry(name.clone()).or_insert_with(|| doc.title.clone());
            }
        }
        docs.push(doc);
    }
    docs.extend(term_docs(graph, &mut kinds));
    docs.extend(comparison_docs(graph, kinds.compare()));
    let kinds = kinds.list;
    for doc in &mut docs {
        doc.prior *= KIND_PRIORS[usize::from(kinds[doc.kind].rank)];
    }
    // By rank, then kind (so each kind is one run of ids the search page can
    // tell from the manifest), then title.
    // (Each title folded once, not once per comparison; stable, as ties
    // keep the order above.)
    docs.sort_by_cached_key(|d| (kinds[d.kind].rank, d.kind, sort_key(&d.title)));
    SearchCorpus { kinds, facets, docs, name_synonyms }
}

/// A document of a page dermis generates (a term, a comparison, a pair):
/// no other names, headings, facets or sections of its own.
fn generated_doc(url: String, title: String, kind: usize) -> SearchDoc<'static> {
    SearchDoc {
        url,
        title,
        kind,
        names: Vec::new(),
        headings: Vec::new(),
        description: String::new(),
        about: Vec::new(),
        sections: Vec::new(),
        extra: Vec::new(),
        facets: Vec::new(),
        page: None,
        index_sections: false,
        prior: 1.0,
    }
}

/// One document per taxonomy term: its description and the titles of its pages.
fn term_docs(graph: &SiteGraph, kinds: &mut Kinds<'_>) -> Vec<SearchDoc<'static>> {
    let mut docs = Vec::new();
    for taxonomy in &graph.taxonomies {
        let kind = kinds.taxonomy(&taxonomy.name, &taxonomy.title);
        let descriptions = graph.config.taxonomies.get(&taxonomy.name).map(|c| &c.descriptions);
        for term in &taxonomy.terms {
            let pages: Vec<&str> = term.pages.iter().map(|&p| graph.pages[p].parsed.meta.title.as_str()).collect();
            let description = descriptions.and_then(|d| d.get(&term.name)).cloned().unwrap_or_default();
            docs.push(SearchDoc {
                description,
                about: vec![taxonomy.title.clone()],
                sections: vec![plain_section(pages.join(". "))],
                extra: pages.iter().map(|p| p.to_string()).collect(),
                ..generated_doc(term.url.clone(), capitalised(&term.name), kind)
            });
        }
    }
    docs
}

/// One document per comparison (its columns and rows) and per side-by-side pair.
fn comparison_docs(graph: &SiteGraph, kind: usize) -> Vec<SearchDoc<'static>> {
    let mut docs = Vec::new();
    for comparison in &graph.comparisons {
        // One row per variant: a page's title once.
        let mut rows: Vec<&str> =
            comparison.table.rows.iter().map(|r| graph.pages[r.page].parsed.meta.title.as_str()).collect();
        rows.dedup();
        docs.push(SearchDoc {
            headings: comparison.table.columns.iter().map(|c| c.label.clone()).collect(),
            description: comparison.table.description.clone(),
            sections: vec![plain_section(rows.join(". "))],
            extra: rows.iter().map(|r| r.to_string()).collect(),
            ..generated_doc(format!("/compare/{}/", comparison.slug), comparison.table.title.clone(), kind)
        });
        let columns: Vec<String> = comparison.table.columns.iter().map(|c| c.label.to_lowercase()).collect();
        for &(a, b) in &comparison.pairs {
            let (pa, pb) = (&graph.pages[a], &graph.pages[b]);
            let (ta, tb) = (&pa.parsed.meta.title, &pb.parsed.meta.title);
            docs.push(SearchDoc {
                description: format!("{ta} and {tb} side by side: {}.", columns.join(", ")),
                prior: PAIR_PRIOR,
                ..generated_doc(format!("/compare/{}-vs-{}/", pa.slug, pb.slug), format!("{ta} vs {tb}"), kind)
            });
        }
    }
    docs
}

/// How titles sort in the A–Z list and among ties.
pub(crate) fn sort_key(title: &str) -> String {
    super::words::fold(title)
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn plain_section(text: String) -> DocSection<'static> {
    DocSection { heading: String::new(), anchor: String::new(), text: Cow::Owned(text) }
}

/// The kind of a page: its top folder's section (added on first sight).
fn page_kind(graph: &SiteGraph, page: &ResolvedPage, kinds: &mut Kinds<'_>) -> usize {
    let top = page.parsed.folder().split('/').next().unwrap_or("");
    let section_title = graph
        .sections()
        .find(|(_, s)| s.parsed.folder() == top && !top.is_empty())
        .map(|(_, s)| s.parsed.meta.title.clone());
    kinds.section(graph, top, section_title.as_deref())
}

fn page_doc<'g>(graph: &SiteGraph, page: &'g ResolvedPage, id: PageId, facets: &[Facet], kind: usize) -> SearchDoc<'g> {
    let parsed = &page.parsed;
    let collection = parsed.collection.as_ref().and_then(|c| graph.config.collections.get(c));
    let mut names = Vec::new();
    let mut about = Vec::new();
    if let Some(collection) = collection {
        for (key, value) in &parsed.facts {
            let Some(def) = collection.fact(key) else { continue };
            if graph.config.search.names.iter().any(|n| n == key) {
                match value {
                    FactValue::List(items) => names.extend(items.iter().cloned()),
                    FactValue::Text(text) => names.push(text.clone()),
                    _ => {}
                }
                continue;
            }
            if def.editorial {
                continue;
            }
            about.push(format!("{}: {}", def.label, display_fact(value, def)));
        }
    }
    for &(t, term) in &page.terms {
        about.push(graph.taxonomies[t].terms[term].name.clone());
    }
    let headings = &parsed.outline.headings;
    let sections = parsed
        .outline
        .sections
        .iter()
        .map(|s| {
            let heading = s.heading.and_then(|h| headings.get(h));
            DocSection {
                heading: heading.map(|h| h.text.clone()).unwrap_or_default(),
                anchor: heading.map(|h| h.id.clone()).unwrap_or_default(),
                text: Cow::Borrowed(s.text.as_str()),
            }
        })
        .filter(|s| !s.text.is_empty() || !s.heading.is_empty())
        .collect();
    SearchDoc {
        url: page.url.clone(),
        title: parsed.meta.title.clone(),
        kind,
        names,
        headings: headings.iter().map(|h| h.text.clone()).collect(),
        description: parsed.meta.description.clone().unwrap_or_default(),
        about,
        sections,
        extra: parsed.meta.references.iter().map(|r| r.title.clone()).collect(),
        facets: page_facets(page, facets),
        page: Some(id),
        index_sections: true,
        prior: 1.0,
    }
}

/// The enum facts of every collection and every taxonomy, in site.toml order.
fn facets(graph: &SiteGraph) -> Vec<Facet> {
    let mut out = Vec::new();
    for collection in graph.config.collections.values() {
        for def in &collection.facts {
            if let FactType::Enum(values) = &def.kind
                && !def.editorial
            {
                out.push(Facet {
                    label: def.label.clone(),
                    values: values.clone(),
                    source: FacetSource::Fact(def.key.clone()),
                });
            }
        }
    }
    for (t, taxonomy) in graph.taxonomies.iter().enumerate() {
        if taxonomy.terms.is_empty() {
            continue;
        }
        out.push(Facet {
            label: taxonomy.title.clone(),
            values: taxonomy.terms.iter().map(|term| term.name.clone()).collect(),
            source: FacetSource::Taxonomy(TaxonomyId(t)),
        });
    }
    out
}

fn page_facets(page: &ResolvedPage, facets: &[Facet]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (f, facet) in facets.iter().enumerate() {
        match &facet.source {
            FacetSource::Fact(key) => {
                let values = std::iter::once(&page.parsed.facts)
                    .chain(page.parsed.variants.iter().map(|v| &v.facts))
                    .filter_map(|facts| facts.get(key));
                for value in values {
                    if let FactValue::Enum(_, position) = value {
                        out.push((f, *position));
                    }
                }
            }
            FacetSource::Taxonomy(t) => {
                out.extend(page.terms.iter().filter(|(pt, _)| pt == t).map(|&(_, term)| (f, term.0)));
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Kinds met so far; each knows its label and rank.
struct Kinds<'c> {
    config: &'c SiteConfig,
    list: Vec<DocKind>,
}

/// Ranks when scores tie: treatments (collection sections), concerns
/// (taxonomies), comparisons, other sections (guides), the glossary.
const RANK_COLLECTION: u8 = 0;
const RANK_TAXONOMY: u8 = 1;
const RANK_COMPARE: u8 = 2;
const RANK_SECTION: u8 = 3;
const RANK_GLOSSARY: u8 = 4;
/// Weights of the kinds, by rank: a treatment article first when a
/// glossary entry or a guide says as much about the words.
const KIND_PRIORS: [f64; 5] = [1.0, 0.9, 0.9, 0.9, 0.8];

impl<'c> Kinds<'c> {
    fn new(config: &'c SiteConfig) -> Self {
        Kinds { config, list: Vec::new() }
    }

    fn find_or_add(&mut self, key: &str, default_label: &str, rank: u8) -> usize {
        if let Some(i) = self.list.iter().position(|k| k.key == key) {
            return i;
        }
        let label = self.config.search.labels.get(key).cloned().unwrap_or_else(|| default_label.to_string());
        self.list.push(DocKind { key: key.to_string(), label, rank });
        self.list.len() - 1
    }

    fn section(&mut self, graph: &SiteGraph, top: &str, title: Option<&str>) -> usize {
        let rank = if top == GLOSSARY_SECTION {
            RANK_GLOSSARY
        } else if graph.config.collections.values().any(|c| c.section == top) {
            RANK_COLLECTION
        } else {
            RANK_SECTION
        };
        let label = if top.is_empty() { "Page" } else { title.unwrap_or(top) };
        self.find_or_add(top, label, rank)
    }

    fn taxonomy(&mut self, name: &str, title: &str) -> usize {
        self.find_or_add(name, title, RANK_TAXONOMY)
    }

    fn compare(&mut self) -> usize {
        self.find_or_add(COMPARE_KIND, "Comparison", RANK_COMPARE)
    }
}
