//! The typed context every template receives. Each field is documented here
//! and in `themes/README.md`; templates never see raw pipeline types.

use crate::parse::Reference;
use serde::Serialize;

/// `site`: available in every template.
#[derive(Debug, Clone, Serialize)]
pub struct SiteContext {
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
    /// URL of the stylesheet.
    pub stylesheet: String,
    /// URL of the generated code-highlighting stylesheet.
    pub syntax_stylesheet: String,
}

/// A title and a URL.
#[derive(Debug, Clone, Serialize)]
pub struct LinkContext {
    /// Text.
    pub title: String,
    /// URL (with the base path).
    pub url: String,
}

/// A date in two spellings.
#[derive(Debug, Clone, Serialize)]
pub struct DateContext {
    /// `2024-05-01`, for `datetime` attributes.
    pub iso: String,
    /// `1 May 2024`, for readers.
    pub human: String,
}

/// One fact of a page, ready to show.
#[derive(Debug, Clone, Serialize)]
pub struct FactContext {
    /// Schema key.
    pub key: String,
    /// Schema label.
    pub label: String,
    /// Display text ("7–21 days", "3 of 5"); `None` when the page has no value.
    pub value: Option<String>,
    /// Unit from the schema.
    pub unit: Option<String>,
    /// Help text from the schema.
    pub help: Option<String>,
    /// Fact type name.
    pub kind: String,
}

/// A taxonomy and the terms a page is filed under.
#[derive(Debug, Clone, Serialize)]
pub struct PageTaxonomyContext {
    /// Taxonomy title.
    pub title: String,
    /// Taxonomy list URL.
    pub url: String,
    /// The page's terms.
    pub terms: Vec<LinkContext>,
}

/// One heading of the table of contents.
#[derive(Debug, Clone, Serialize)]
pub struct TocEntry {
    /// 2 to 6 (level-1 headings are left out).
    pub level: u8,
    /// Text.
    pub text: String,
    /// Anchor id.
    pub id: String,
}

/// `page` in page.html, `section` in section.html and index.html.
#[derive(Debug, Clone, Serialize)]
pub struct PageContext {
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
    /// Body HTML (render with `| safe`).
    pub content: String,
    /// Table of contents.
    pub toc: Vec<TocEntry>,
    /// Whether to show the table of contents (front matter `toc`, and at least two headings).
    pub show_toc: bool,
    /// Every fact of the collection's schema, in schema order.
    pub facts: Vec<FactContext>,
    /// The collection, when the page belongs to one.
    pub collection: Option<LinkContext>,
    /// Sources.
    pub references: Vec<Reference>,
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
}

/// A page in a list.
#[derive(Debug, Clone, Serialize)]
pub struct PageSummary {
    /// Title.
    pub title: String,
    /// URL.
    pub url: String,
    /// Description.
    pub description: Option<String>,
    /// Last medical review.
    pub reviewed: Option<DateContext>,
}

/// A taxonomy term in a list.
#[derive(Debug, Clone, Serialize)]
pub struct TermSummary {
    /// As written.
    pub name: String,
    /// URL.
    pub url: String,
    /// Number of pages filed under it.
    pub count: usize,
}

/// Context of page.html.
#[derive(Debug, Serialize)]
pub struct PageTemplate<'a> {
    /// The site.
    pub site: &'a SiteContext,
    /// The page.
    pub page: PageContext,
}

/// Context of section.html and index.html.
#[derive(Debug, Serialize)]
pub struct SectionTemplate<'a> {
    /// The site.
    pub site: &'a SiteContext,
    /// The section's own page.
    pub section: PageContext,
    /// Its pages, in display order.
    pub pages: Vec<PageSummary>,
    /// Its subsections.
    pub subsections: Vec<PageSummary>,
}

/// Context of taxonomy_list.html.
#[derive(Debug, Serialize)]
pub struct TaxonomyListTemplate<'a> {
    /// The site.
    pub site: &'a SiteContext,
    /// The taxonomy.
    pub taxonomy: LinkContext,
    /// Its terms, by name.
    pub terms: Vec<TermSummary>,
}

/// Context of taxonomy_term.html.
#[derive(Debug, Serialize)]
pub struct TaxonomyTermTemplate<'a> {
    /// The site.
    pub site: &'a SiteContext,
    /// The taxonomy.
    pub taxonomy: LinkContext,
    /// The term.
    pub term: TermSummary,
    /// Pages filed under it, by title.
    pub pages: Vec<PageSummary>,
}

/// Context of 404.html.
#[derive(Debug, Serialize)]
pub struct NotFoundTemplate<'a> {
    /// The site.
    pub site: &'a SiteContext,
}
