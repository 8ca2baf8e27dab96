//! The typed context every template receives. Each field is documented here
//! and in `themes/README.md`; templates never see raw pipeline types.

use serde::Serialize;

/// `site`: available in every template.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SiteContext {
    /// Site title.
    pub title: String,
    /// Site description.
    pub description: String,
    /// Absolute base URL without trailing slash.
    pub base_url: String,
    /// Path prefix of every internal URL (`""` or `/docs`).
    pub base_path: String,
    /// Language tag for `<html lang>`.
    pub language: String,
    /// Feed author.
    pub author: String,
    /// Top-level sections for the navigation, in display order.
    pub nav: Vec<LinkContext>,
    /// Taxonomy list pages.
    pub taxonomies: Vec<LinkContext>,
    /// The main navigation, ordered by what readers come for: collection
    /// sections, taxonomies, comparisons, other sections, the glossary last.
    pub menu: Vec<LinkContext>,
    /// URL of the stylesheet.
    pub stylesheet: String,
    /// URL of the generated code-highlighting stylesheet.
    pub syntax_stylesheet: String,
    /// URL of the search page; empty when `[search] enabled = false`.
    pub search_url: String,
    /// URL of the comparisons index, when the site declares comparisons.
    pub compare_url: Option<String>,
    /// URL of the glossary, when the site has one.
    pub glossary_url: Option<String>,
    /// URL of the table script (sorting, filtering, columns).
    pub compare_script: String,
    /// URL of the glossary tooltip script (placement, Esc, tap).
    pub tooltip_script: String,
    /// URL of the site icon (`favicon.svg`).
    pub favicon: String,
    /// Absolute URL of the default Open Graph image (the theme's
    /// `og-image.png`), if there is one.
    pub og_image: Option<String>,
    /// URL of the Atom feed; `None` when no article has a date (no feed is written).
    pub feed_url: Option<String>,
    /// The site's wording from `[text]` in site.toml.
    pub text: TextContext,
}

/// `site.text`: sentences from `[text]` in site.toml.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TextContext {
    /// Label and bold lead of the disclaimer.
    pub disclaimer_title: String,
    /// The disclaimer after articles and side-by-side pages; `None`: none.
    pub disclaimer: Option<String>,
    /// The footer's first line; `None`: none.
    pub footer: Option<String>,
    /// The search page's prompt.
    pub search_hint: String,
    /// What an article without a review date says.
    pub unreviewed: String,
}

/// A title and a URL.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LinkContext {
    /// Text.
    pub title: String,
    /// URL (with the base path).
    pub url: String,
}

/// A person of `[[people]]`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PersonContext {
    /// Their id in site.toml.
    pub id: String,
    /// Name.
    pub name: String,
    /// Role, shown with the name.
    pub role: String,
    /// Credentials, if declared.
    pub credentials: Option<String>,
    /// A page about them (with the base path), if declared.
    pub url: Option<String>,
    /// The same page as an absolute URL (for JSON-LD).
    pub absolute_url: Option<String>,
    /// True for a reviewer who is also an author: the byline named their
    /// role already.
    pub also_author: bool,
}

/// Who wrote and reviewed a page, and what a reader can do about it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct BylineContext {
    /// `authors`, in the order written.
    pub authors: Vec<PersonContext>,
    /// `reviewed_by`, in the order written.
    pub reviewers: Vec<PersonContext>,
    /// `reviewed` + `[review] interval_months`, when both are set.
    pub next_review: Option<DateContext>,
    /// "Report a problem with this page": a `mailto:` link with a subject
    /// naming the page, or the contact form's URL; `None` without `contact`.
    pub report_url: Option<String>,
}

/// What search engines and link previews read: canonical URL, Open Graph,
/// robots and JSON-LD. Rendered by `partials/seo.html` in `base.html`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SeoContext {
    /// `og:title`.
    pub title: String,
    /// `<meta name="description">` and `og:description`, if any.
    pub description: Option<String>,
    /// Absolute canonical URL (also `og:url`).
    pub canonical: String,
    /// `og:type`: `article` for articles, `website` otherwise.
    pub og_type: String,
    /// Absolute URL of `og:image`: the page's `image`, else the theme's
    /// `og-image.png`; `None` when neither exists.
    pub image: Option<String>,
    /// `<meta name="robots" content="noindex">` (the 404 page).
    pub noindex: bool,
    /// schema.org JSON-LD, serialised (render with `| safe`), if any.
    pub json_ld: Option<String>,
}

/// A date in two spellings.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DateContext {
    /// `2024-05-01`, for `datetime` attributes.
    pub iso: String,
    /// `1 May 2024`, for readers.
    pub human: String,
}

/// One fact of a page, ready to show.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FactContext {
    /// Schema key.
    pub key: String,
    /// Schema label.
    pub label: String,
    /// Display text ("7–21 days", "1 session", "Minimally invasive", "3 of 5");
    /// `None` when the page has no value.
    pub value: Option<String>,
    /// For a scale, its level as five dots ("●●●○○"), shown beside `value`.
    pub dots: Option<String>,
    /// For a `depth` list, an inline SVG of the layers reached (render with `| safe`).
    pub diagram: Option<String>,
    /// Unit from the schema.
    pub unit: Option<String>,
    /// Help text from the schema.
    pub help: Option<String>,
    /// Fact type name.
    pub kind: String,
    /// The sources of `value` (empty: none cited).
    pub citations: Vec<CitationContext>,
    /// How `value`'s source is shown: "cited", "editorial" (the site's own
    /// rating: "Our rating") or "none" ("No source cited").
    pub source: SourceKind,
    /// `value` with its scale dots or diagram and its source markers, as
    /// HTML (render with `| safe`); empty when there is no value.
    pub html: String,
    /// On a page with variants, the cells of this fact's row, one per
    /// variant, or a single one spanning them all when every variant has
    /// the same value and sources; empty on other pages.
    pub cells: Vec<FactCellContext>,
}

/// One cell of a fact's row in a facts card with variants.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FactCellContext {
    /// Display text; `None` when the variant has no value.
    pub value: Option<String>,
    /// The value with dots or diagram and source markers, as HTML (`| safe`).
    pub html: String,
    /// Its sources.
    pub citations: Vec<CitationContext>,
    /// "cited", "editorial" or "none", as for [`FactContext::source`].
    pub source: SourceKind,
    /// How many variant columns it spans (1, or all of them).
    pub span: usize,
    /// The column header(s) it stands under ("Light", or "All variants"),
    /// for stacked layouts on narrow screens.
    pub heading: String,
}

/// A citation marker: one reference a fact rests on.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CitationContext {
    /// 1-based position of the reference in the page's `references`.
    pub number: usize,
    /// The reference's key.
    pub key: String,
    /// `#ref-KEY` on the page itself, `<page url>#ref-KEY` elsewhere.
    pub href: String,
    /// "Source N: PUBLISHER, TITLE" (or "Source N: TITLE").
    pub label: String,
}

/// One `[[variants]]` entry of a page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct VariantContext {
    /// As written ("light").
    pub name: String,
    /// Column header: the name with its first letter upper-cased ("Light").
    pub label: String,
    /// The id in the page its section has.
    pub anchor: String,
}

/// A taxonomy and the terms a page is filed under.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PageTaxonomyContext {
    /// Taxonomy title.
    pub title: String,
    /// Taxonomy list URL.
    pub url: String,
    /// The page's terms.
    pub terms: Vec<LinkContext>,
}

/// One heading of the table of contents.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TocEntry {
    /// 2 to 6 (level-1 headings are left out).
    pub level: u8,
    /// Text.
    pub text: String,
    /// Anchor id.
    pub id: String,
}

/// One entry of `page.references`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ReferenceContext {
    /// 1-based position in the page's `references`: the number citations show.
    pub number: usize,
    /// The citation key.
    pub key: String,
    /// The entry's element id, `ref-KEY` (citations link here).
    pub id: String,
    /// Title of the source.
    pub title: String,
    /// Its URL.
    pub url: String,
    /// Who published it.
    pub publisher: Option<String>,
    /// Year of publication.
    pub year: Option<i64>,
    /// Its source tier, when site.toml declares tiers.
    pub tier: Option<TierContext>,
    /// DOI, as written.
    pub doi: Option<String>,
    /// `https://doi.org/<doi>`.
    pub doi_url: Option<String>,
    /// PubMed id.
    pub pmid: Option<String>,
    /// `https://pubmed.ncbi.nlm.nih.gov/<pmid>/`.
    pub pmid_url: Option<String>,
    /// The citations of this source in the page, in order: the back-links.
    /// Empty for an uncited source.
    pub citations: Vec<CitationBackLink>,
}

/// A back-link from a source-list entry to one citation of it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CitationBackLink {
    /// The citation's element id, `cite-KEY-N`.
    pub id: String,
    /// `N`: 1 for the first citation of the source, 2 for the second …
    pub occurrence: usize,
    /// What the link shows when a source is cited more than once: `a`, `b`
    /// … `z`, `aa`, `ab` … (the convention of encyclopedias).
    pub letter: String,
}

/// A source tier of a reference.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TierContext {
    /// Id (`authoritative`).
    pub id: String,
    /// Label (`Authoritative`).
    pub label: String,
    /// What it means.
    pub meaning: String,
    /// The policy page explaining the tiers (with base path), when site.toml names one.
    pub url: Option<String>,
}

/// `page` in page.html, `section` in section.html and index.html.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PageContext {
    /// Title.
    pub title: String,
    /// Description, if written.
    pub description: Option<String>,
    /// URL (with base path).
    pub url: String,
    /// Absolute URL, for canonical and Open Graph.
    pub permalink: String,
    /// Publication date.
    pub date: Option<DateContext>,
    /// Last update.
    pub updated: Option<DateContext>,
    /// Last medical review.
    pub reviewed: Option<DateContext>,
    /// Authors, reviewers, next review due and the report-a-problem link.
    pub byline: BylineContext,
    /// Canonical URL, Open Graph and JSON-LD of the page.
    pub seo: SeoContext,
    /// Body HTML (render with `| safe`).
    pub content: String,
    /// The body before its first level-2 heading (the opening paragraphs), so
    /// a theme can show it before the facts card.
    pub intro: String,
    /// The body from its first level-2 heading on; `intro` + `rest` = `content`.
    pub rest: String,
    /// Table of contents.
    pub toc: Vec<TocEntry>,
    /// Whether to show the table of contents (front matter `toc`, and at least two headings).
    pub show_toc: bool,
    /// Every fact of the collection's schema, in schema order.
    pub facts: Vec<FactContext>,
    /// The page's variants, in the order written (the facts card's columns).
    pub variants: Vec<VariantContext>,
    /// The collection, when the page belongs to one.
    pub collection: Option<LinkContext>,
    /// Sources, numbered as the citations of the body number them.
    pub references: Vec<ReferenceContext>,
    /// Taxonomies with the page's terms.
    pub taxonomies: Vec<PageTaxonomyContext>,
    /// The enclosing section.
    pub parent: Option<LinkContext>,
    /// Free-form `[extra]` data.
    pub extra: serde_json::Value,
    /// Whether the body has code blocks (link the syntax stylesheet).
    pub has_code: bool,
    /// schema.org JSON-LD, already serialised (render with `| safe`).
    pub json_ld: String,
    /// True for section pages.
    pub is_section: bool,
    /// Whether the body embeds a comparison table (load `site.compare_script`).
    pub has_table: bool,
    /// Whether the body has glossary tooltips (load `site.tooltip_script`).
    pub has_tooltips: bool,
    /// Pages that link here, by title, with the linking sentence.
    pub backlinks: Vec<BacklinkContext>,
    /// Up to five related pages (shared taxonomy terms and facts), best first.
    pub related: Vec<PageSummary>,
    /// The comparison tables listing this page, in site.toml order.
    pub comparisons: Vec<LinkContext>,
    /// Side-by-side pages of this page with another ("A vs B"), by title.
    pub pairs: Vec<LinkContext>,
    /// Set on a draft (only builds with drafts have them): the banner's
    /// "Draft — not published" and the problems found in it.
    pub draft: Option<super::DraftContext>,
}

/// A page linking to the current one.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct BacklinkContext {
    /// Title of the linking page.
    pub title: String,
    /// Its URL.
    pub url: String,
    /// The sentence around the link (may be empty).
    pub context: String,
}

/// A page in a list.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PageSummary {
    /// Title.
    pub title: String,
    /// URL.
    pub url: String,
    /// Description.
    pub description: Option<String>,
    /// Last medical review.
    pub reviewed: Option<DateContext>,
    /// True for a draft (only builds with drafts have them).
    pub draft: bool,
}

/// A taxonomy term in a list.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TermSummary {
    /// As written.
    pub name: String,
    /// With a capital, for the start of a line ("Acne scars").
    pub label: String,
    /// Short description from site.toml, if written.
    pub description: Option<String>,
    /// URL.
    pub url: String,
    /// Number of pages filed under it.
    pub count: usize,
}

/// Context of page.html.
#[derive(Debug, Serialize)]
pub(crate) struct PageTemplate<'a> {
    /// The site.
    pub site: &'a SiteContext,
    /// The page.
    pub page: PageContext,
}

/// Context of section.html and index.html.
#[derive(Debug, Serialize)]
pub(crate) struct SectionTemplate<'a> {
    /// The site.
    pub site: &'a SiteContext,
    /// The section's own page.
    pub section: PageContext,
    /// Its pages, in display order.
    pub pages: Vec<PageSummary>,
    /// Its subsections.
    pub subsections: Vec<PageSummary>,
}

/// Context of index.html (the home page).
#[derive(Debug, Serialize)]
pub(crate) struct HomeTemplate<'a> {
    /// The site.
    pub site: &'a SiteContext,
    /// The home page's own page (`content/_index.md`, or the site's title and description).
    pub section: PageContext,
    /// Its pages, in display order.
    pub pages: Vec<PageSummary>,
    /// Its subsections.
    pub subsections: Vec<PageSummary>,
    /// Every taxonomy with its terms and their descriptions.
    pub taxonomies: Vec<HomeTaxonomy>,
    /// Every collection but the glossary, its pages grouped.
    pub collections: Vec<HomeCollection>,
    /// Every comparison.
    pub comparisons: Vec<ComparisonSummary>,
    /// Top-level sections that are not collections (guides), with their pages.
    pub sections: Vec<HomeSection>,
}

/// A taxonomy on the home page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct HomeTaxonomy {
    /// Title ("Skin concerns").
    pub title: String,
    /// Heading above its terms (`home_title` in site.toml, or the title).
    pub heading: String,
    /// Its list page.
    pub url: String,
    /// Its terms, in site.toml order.
    pub terms: Vec<TermSummary>,
}

/// A collection on the home page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct HomeCollection {
    /// Title.
    pub title: String,
    /// Its section page.
    pub url: String,
    /// Label of the fact its pages are grouped by ("Approach"), if any.
    pub grouped_by: Option<String>,
    /// Groups in the fact's value order, empty groups left out.
    pub groups: Vec<HomeGroup>,
}

/// Pages sharing one value.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct HomeGroup {
    /// The value, with a capital ("Minimally invasive").
    pub label: String,
    /// The pages, by title.
    pub pages: Vec<PageSummary>,
}

/// A section on the home page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct HomeSection {
    /// Title and URL.
    pub link: LinkContext,
    /// Its pages, in display order.
    pub pages: Vec<PageSummary>,
}

/// Context of taxonomy_list.html.
#[derive(Debug, Serialize)]
pub(crate) struct TaxonomyListTemplate<'a> {
    /// The site.
    pub site: &'a SiteContext,
    /// Canonical URL, Open Graph and JSON-LD of the page.
    pub seo: SeoContext,
    /// The taxonomy.
    pub taxonomy: LinkContext,
    /// Its terms, by name.
    pub terms: Vec<TermSummary>,
}

/// Context of taxonomy_term.html.
#[derive(Debug, Serialize)]
pub(crate) struct TaxonomyTermTemplate<'a> {
    /// The site.
    pub site: &'a SiteContext,
    /// Canonical URL, Open Graph and JSON-LD of the page.
    pub seo: SeoContext,
    /// The taxonomy.
    pub taxonomy: LinkContext,
    /// The term.
    pub term: TermSummary,
    /// Pages filed under it, by title.
    pub pages: Vec<PageSummary>,
    /// The comparison table of those pages (HTML, render with `| safe`), if they belong to a collection.
    pub table_html: Option<String>,
}

/// A comparison in lists.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ComparisonSummary {
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Page URL.
    pub url: String,
    /// CSV URL.
    pub csv_url: String,
    /// Number of rows.
    pub rows: usize,
}

/// Context of compare_index.html.
#[derive(Debug, Serialize)]
pub(crate) struct CompareIndexTemplate<'a> {
    /// The site.
    pub site: &'a SiteContext,
    /// Canonical URL, Open Graph and JSON-LD of the page.
    pub seo: SeoContext,
    /// Every comparison, in site.toml order.
    pub comparisons: Vec<ComparisonSummary>,
}

/// Context of compare.html.
#[derive(Debug, Serialize)]
pub(crate) struct CompareTemplate<'a> {
    /// The site.
    pub site: &'a SiteContext,
    /// Canonical URL, Open Graph and JSON-LD of the page.
    pub seo: SeoContext,
    /// The comparison.
    pub comparison: ComparisonSummary,
    /// The table (HTML, render with `| safe`).
    pub table_html: String,
    /// Side-by-side pages of every pair of rows.
    pub pairs: Vec<LinkContext>,
    /// URL of the table script.
    pub script: String,
}

/// One row of a side-by-side page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PairRow {
    /// Fact or taxonomy label (the unit is in the values).
    pub label: String,
    /// Whether the values differ.
    pub differs: bool,
    /// One cell per entry of `columns`.
    pub cells: Vec<PairCell>,
}

/// One value on a side-by-side page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PairCell {
    /// Display text (`None`: no reliable figure).
    pub value: Option<String>,
    /// For a scale, its level as dots ("●●●○○").
    pub dots: Option<String>,
    /// Source markers of a fact value (HTML, render with `| safe`).
    pub sources: String,
}

/// One value column of a side-by-side page: a page, or one of its variants.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PairColumn {
    /// "Chemical peels", or "Chemical peels — light".
    pub title: String,
    /// The page, or the variant's anchor in it (with the base path).
    pub url: String,
    /// "a" or "b": which of the two pages it belongs to.
    pub page: String,
}

/// Context of compare_pair.html.
#[derive(Debug, Serialize)]
pub(crate) struct ComparePairTemplate<'a> {
    /// The site.
    pub site: &'a SiteContext,
    /// Canonical URL, Open Graph and JSON-LD of the page.
    pub seo: SeoContext,
    /// Page title ("A vs B").
    pub title: String,
    /// The first page.
    pub a: LinkContext,
    /// The second page.
    pub b: LinkContext,
    /// The value columns: one per page, or one per variant of a page with variants.
    pub columns: Vec<PairColumn>,
    /// Every fact and taxonomy, aligned.
    pub rows: Vec<PairRow>,
    /// The comparison the pair belongs to.
    pub comparison: LinkContext,
}

/// One glossary term in the A–Z list.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct GlossaryEntry {
    /// The term.
    pub title: String,
    /// Its page.
    pub url: String,
    /// Anchor id in the list.
    pub anchor: String,
    /// One-line definition.
    pub description: Option<String>,
    /// Other names.
    pub aliases: Vec<String>,
}

/// Terms under one letter.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct GlossaryLetter {
    /// The letter (upper case), or `#`.
    pub letter: String,
    /// Anchor id of the letter.
    pub anchor: String,
    /// Its terms, A–Z.
    pub terms: Vec<GlossaryEntry>,
}

/// Context of glossary.html (the glossary section's page).
#[derive(Debug, Serialize)]
pub(crate) struct GlossaryTemplate<'a> {
    /// The site.
    pub site: &'a SiteContext,
    /// The glossary section's own page.
    pub section: PageContext,
    /// Terms grouped by first letter.
    pub letters: Vec<GlossaryLetter>,
}

/// Context of search.html.
#[derive(Debug, Serialize)]
pub(crate) struct SearchTemplate<'a> {
    /// The site.
    pub site: &'a SiteContext,
    /// Canonical URL, Open Graph and JSON-LD of the page.
    pub seo: SeoContext,
    /// The search index's manifest as JSON, safe inside `<script>`.
    pub manifest: String,
    /// URL prefix of the index files (`/search/`).
    pub index_base: String,
    /// URL of the search script.
    pub script: String,
    /// URL of the stemmer the search script uses.
    pub stemmer_script: String,
    /// The A–Z list's letters, each linking to its group: an anchor on this
    /// page, or its own page on a large site.
    pub nav: Vec<AzNav>,
    /// The groups of the A–Z list this page shows (all of them on a small
    /// site; one on a letter's page; none on a large site's search page).
    pub letters: Vec<AzLetter>,
    /// True when each letter has its own page (`/search/a-z-<letter>/`).
    pub a_to_z_pages: bool,
}

/// One letter of the A–Z list's navigation.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct AzNav {
    /// "A", or "#".
    pub letter: String,
    /// Where its group is.
    pub href: String,
}

/// One letter of the search page's A–Z list.
#[derive(Debug, Serialize)]
pub(crate) struct AzLetter {
    /// "A", or "#" for titles that start with a digit or symbol.
    pub letter: String,
    /// Id of its heading (`a-z-a`).
    pub id: String,
    /// Pages under the letter, by title.
    pub entries: Vec<AzEntry>,
}

/// One entry of the A–Z list.
#[derive(Debug, Serialize)]
pub(crate) struct AzEntry {
    /// Title.
    pub title: String,
    /// URL.
    pub url: String,
    /// Its type ("Treatment", "Glossary").
    pub label: String,
}

/// Context of 404.html.
#[derive(Debug, Serialize)]
pub(crate) struct NotFoundTemplate<'a> {
    /// The site.
    pub site: &'a SiteContext,
    /// Canonical URL, Open Graph and JSON-LD of the page.
    pub seo: SeoContext,
}

/// How a value's source is shown; templates see `"cited"`, `"editorial"`
/// or `"none"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum SourceKind {
    /// One marker per cited reference.
    Cited,
    /// The site's own rating (`editorial = true`): "Our rating".
    Editorial,
    /// No source named: "No source cited".
    None,
}
