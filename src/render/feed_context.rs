//! The contexts of the machine-read templates (`sitemap.xml`, `atom.xml`,
//! `robots.txt`) and of the alias redirect pages (`alias.html`): each holds
//! exactly what its built-in template prints, as plain text that Tera escapes
//! (`.xml` and `.html` templates are autoescaped; `robots.txt` is not, and
//! holds nothing but an URL). Built in `feeds.rs`; no `site`, so that these
//! files do not change when a setting they do not show changes.

use serde::Serialize;

/// `sitemap.xml`: every URL of the site, sorted.
#[derive(Serialize)]
pub(crate) struct SitemapContext {
    /// One entry per URL, sorted by URL, without duplicates.
    pub entries: Vec<SitemapEntry>,
}

/// One `<url>` of the sitemap.
#[derive(Serialize)]
pub(crate) struct SitemapEntry {
    /// The absolute URL.
    pub permalink: String,
    /// The newest change of the page (or of the pages a listing shows), as
    /// `2024-05-01`; null when none is known.
    pub lastmod: Option<String>,
}

/// `atom.xml`: the site and its dated articles.
#[derive(Serialize)]
pub(crate) struct AtomContext<'a> {
    /// site.toml `language`.
    pub language: &'a str,
    /// site.toml `title`.
    pub title: &'a str,
    /// site.toml `description`; empty when not written.
    pub description: &'a str,
    /// Absolute URL of `atom.xml` itself.
    pub feed_url: String,
    /// Absolute URL of the home page: the feed's `<id>` and alternate link.
    pub home_url: String,
    /// The newest entry's `updated`, as `2024-05-01T00:00:00Z`.
    pub updated: String,
    /// site.toml `author`.
    pub author: &'a str,
    /// The dated articles, newest change first (then by title, then URL).
    pub entries: Vec<AtomEntry<'a>>,
}

/// One `<entry>` of the feed.
#[derive(Serialize)]
pub(crate) struct AtomEntry<'a> {
    /// The article's title.
    pub title: &'a str,
    /// Absolute URL of the article: its link and `<id>`.
    pub permalink: String,
    /// The newest of `date`, `updated` and `reviewed`, as RFC 3339.
    pub updated: String,
    /// `date`, as RFC 3339; null when the article has none.
    pub published: Option<String>,
    /// The article's `description`; null when it has none.
    pub summary: Option<&'a str>,
}

/// `alias.html`: the redirect page written at each of a page's `aliases`.
#[derive(Serialize)]
pub(crate) struct AliasContext<'a> {
    /// site.toml `language`.
    pub language: &'a str,
    /// The title of the page the alias leads to.
    pub title: &'a str,
    /// Absolute URL of that page (the canonical link).
    pub permalink: String,
    /// Site path of that page, with the path of `base_url` (the redirect).
    pub target: String,
}

/// `robots.txt`.
#[derive(Serialize)]
pub(crate) struct RobotsContext {
    /// Absolute URL of `sitemap.xml`.
    pub sitemap_url: String,
}
